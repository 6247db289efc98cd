//! The ordinary English words among register terms, read by the verifier itself from the same
//! `patterns/` files detection reads (`english-words.txt`, `context.toml`'s `common_words` and
//! `months`, the forenames and surnames marked `,w`), with its own few lines of parsing: the
//! verifier shares no code with detection (HOUSE-STYLE rule 5), only the data, so the two agree
//! on which names are also words.
//!
//! A one-word term that is such a word ("And", "Rose", "Will", "Green") is looked for only where
//! a text writes it with a capital first letter (Title case or ALL CAPS; see
//! [`super::terms::forbidden_terms`]): in lower case it is the word, as detection reads it, and
//! a record that says "and" must not be held back because a mother's nickname is "And".

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::matcher::compact_term;

/// Why the word lists could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OrdinaryWordsError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not valid TOML: {message}")]
    Toml { path: PathBuf, message: String },
}

/// The words a name can also be (see the module doc), in the matcher's compact form.
#[derive(Debug, Clone, Default)]
pub struct OrdinaryWords {
    /// `english-words.txt`: a plural of one of these is a word too ("roses").
    english: HashSet<String>,
    /// `common_words`, `months`, and the gazetteers' names marked `,w`.
    common: HashSet<String>,
}

/// The two lists of `context.toml` the verifier reads; the rest of the file is detection's.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Context {
    common_words: Vec<String>,
    months: Vec<String>,
}

impl OrdinaryWords {
    /// Reads the lists from the patterns folder `dir`. `OrdinaryWords::default()` knows no
    /// words, and so leaves every term as strict as any other.
    pub fn load(dir: &Path) -> Result<OrdinaryWords, OrdinaryWordsError> {
        let read = |name: &str| -> Result<(PathBuf, String), OrdinaryWordsError> {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok((path, text)),
                Err(source) => Err(OrdinaryWordsError::Read { path, source }),
            }
        };
        let mut words = OrdinaryWords::default();
        let (_, english) = read("english-words.txt")?;
        words.english = data_lines(&english).map(compact_term).collect();
        let (path, context) = read("context.toml")?;
        let context: Context =
            toml::from_str(&context).map_err(|error| OrdinaryWordsError::Toml {
                path,
                message: error.to_string(),
            })?;
        words.common = context
            .common_words
            .iter()
            .chain(&context.months)
            .map(|word| compact_term(word))
            .collect();
        // `name,sex,w` and `name,w`: a name that is also an English word.
        for file in ["forenames.txt", "surnames.txt"] {
            let (_, text) = read(file)?;
            for line in data_lines(&text) {
                let mut fields = line.split(',').map(str::trim);
                let name = fields.next().unwrap_or("");
                if fields.any(|field| field == "w") {
                    words.common.insert(compact_term(name));
                }
            }
        }
        words.english.retain(|word| !word.is_empty());
        words.common.retain(|word| !word.is_empty());
        Ok(words)
    }

    /// A list of the given words, for tests.
    #[cfg(test)]
    pub(crate) fn from_words(words: &[&str]) -> OrdinaryWords {
        OrdinaryWords {
            english: HashSet::new(),
            common: words.iter().map(|word| compact_term(word)).collect(),
        }
    }

    /// Whether `term` is one word that is also an ordinary English word, in any case.
    pub fn is_ordinary(&self, term: &str) -> bool {
        let term = term.trim();
        if term.is_empty() || !term.chars().all(char::is_alphabetic) {
            return false;
        }
        let word = compact_term(term);
        self.common.contains(&word)
            || self.english.contains(&word)
            || word
                .strip_suffix('s')
                .is_some_and(|stem| self.english.contains(stem))
    }
}

fn data_lines(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> OrdinaryWords {
        OrdinaryWords::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns")).unwrap()
    }

    #[test]
    fn the_shipped_lists_know_the_words_names_can_be() {
        let words = shipped();
        for word in [
            "And", "and", "AND", "Rose", "Will", "Bill", "Mark", "Grace", "Faith", "Hope", "Jack",
            "May", "Green", "Art", "arts",
        ] {
            assert!(words.is_ordinary(word), "{word}");
        }
        // Names that are no words, and terms of more than one word, stay as strict as before.
        for term in [
            "Kayleigh",
            "Jaxon",
            "Andrea",
            "Tyler",
            "Kornelia",
            "Rose Miller",
            "Big Dave",
            "And1",
            "",
        ] {
            assert!(!words.is_ordinary(term), "{term}");
        }
    }

    #[test]
    fn no_lists_no_ordinary_words() {
        assert!(!OrdinaryWords::default().is_ordinary("and"));
    }

    #[test]
    fn a_missing_list_is_an_error_naming_the_file() {
        let error = OrdinaryWords::load(Path::new("/nonexistent-patterns")).unwrap_err();
        assert!(error.to_string().contains("english-words.txt"), "{error}");
    }
}
