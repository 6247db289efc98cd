//! The glossary: the abbreviations and professional terms of `patterns/glossary.toml` that occur
//! in the text a pack discloses, explained in plain English (ICO: explain codes and acronyms;
//! ICO 2025 research with care leavers: unexplained jargon distresses and excludes).
//!
//! [`Glossary::load`] reads and checks the file once per run; [`Glossary::find`] says which
//! entries occur in one item's text outside its redactions (a term inside a removed span is not
//! in what the reader gets); the pack's `glossary.pdf` lists the entries found in any record
//! that shipped.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

use crate::model::Span;

#[derive(Debug, thiserror::Error)]
pub enum GlossaryError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a valid glossary: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// One entry of the glossary file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    /// The heading printed in the glossary.
    pub term: String,
    /// How records write it; empty means the term itself.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Plain English.
    pub meaning: String,
    /// Where the meaning comes from (kept in the file, for the organisation).
    pub source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(rename = "term")]
    terms: Vec<GlossaryEntry>,
}

/// The glossary for a run, with one automaton over every form of every entry.
#[derive(Debug, Clone)]
pub struct Glossary {
    entries: Vec<GlossaryEntry>,
    /// Per automaton pattern: its entry and whether it matches in capitals only.
    forms: Vec<(usize, bool)>,
    automaton: AhoCorasick,
}

/// A form in capitals only ("CAMHS", "S47") is an abbreviation: matched exactly, so the word
/// "pep" or "cin" is not one.
fn capitals_only(form: &str) -> bool {
    form.chars().any(char::is_uppercase) && !form.chars().any(char::is_lowercase)
}

impl Glossary {
    /// Reads `glossary.toml` from the patterns folder.
    pub fn load(patterns: &Path) -> Result<Glossary, GlossaryError> {
        let path = patterns.join("glossary.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| GlossaryError::Read {
            path: path.clone(),
            source,
        })?;
        Glossary::from_toml(&text, &path)
    }

    /// Parses glossary text; `path` names the file in errors.
    pub fn from_toml(text: &str, path: &Path) -> Result<Glossary, GlossaryError> {
        let invalid = |message: String| GlossaryError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: GlossaryFile =
            toml::from_str(text).map_err(|error| invalid(error.to_string().trim().to_string()))?;
        let mut patterns = Vec::new();
        let mut forms = Vec::new();
        for (index, entry) in file.terms.iter().enumerate() {
            if entry.term.trim().is_empty() || entry.meaning.trim().is_empty() {
                return Err(invalid(format!(
                    "term {}: `term` and `meaning` must not be empty",
                    index + 1
                )));
            }
            let written: Vec<&str> = if entry.forms.is_empty() {
                vec![entry.term.as_str()]
            } else {
                entry.forms.iter().map(String::as_str).collect()
            };
            for form in written {
                let form = form.trim();
                if form.is_empty() {
                    return Err(invalid(format!(
                        "term `{}`: a form must not be empty",
                        entry.term
                    )));
                }
                patterns.push(form.to_string());
                forms.push((index, capitals_only(form)));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|error| invalid(format!("cannot build the matcher: {error}")))?;
        Ok(Glossary {
            entries: file.terms,
            forms,
            automaton,
        })
    }

    pub fn entries(&self) -> &[GlossaryEntry] {
        &self.entries
    }

    /// The entries (indices into [`Glossary::entries`]) whose forms occur in `text` as whole
    /// words, outside every span in `removed`.
    pub fn find(&self, text: &str, removed: &[Span]) -> BTreeSet<usize> {
        let mut found = BTreeSet::new();
        let bytes = text.as_bytes();
        for hit in self.automaton.find_overlapping_iter(text) {
            let (entry, exact) = self.forms[hit.pattern().as_usize()];
            if found.contains(&entry) {
                continue;
            }
            let (start, end) = (hit.start(), hit.end());
            let boundary_before = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let boundary_after = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if !(boundary_before && boundary_after) {
                continue;
            }
            if exact && bytes[start..end].iter().any(u8::is_ascii_lowercase) {
                continue;
            }
            let span = Span::new(start, end);
            if removed.iter().any(|removed| removed.overlaps(&span)) {
                continue;
            }
            found.insert(entry);
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary::from_toml(
            include_str!("../../patterns/glossary.toml"),
            Path::new("glossary.toml"),
        )
        .unwrap()
    }

    fn terms(text: &str, removed: &[Span]) -> Vec<String> {
        let glossary = glossary();
        glossary
            .find(text, removed)
            .into_iter()
            .map(|index| glossary.entries()[index].term.clone())
            .collect()
    }

    #[test]
    fn the_shipped_glossary_loads_and_cites_a_source_for_every_term() {
        let glossary = glossary();
        assert!(glossary.entries().len() > 40);
        assert!(
            glossary
                .entries()
                .iter()
                .all(|entry| !entry.source.trim().is_empty())
        );
    }

    #[test]
    fn terms_are_found_as_whole_words_abbreviations_in_capitals_only() {
        assert_eq!(
            terms("Placed under section 20; PEP and CAMHS review.", &[]),
            ["Section 20 (s20)", "PEP", "CAMHS"]
        );
        assert!(terms("A pep talk; the cinema; Camhs", &[]).is_empty());
        assert_eq!(terms("S47 enquiry", &[]), ["Section 47 (s47)"]);
        assert!(terms("S470 and LACE", &[]).is_empty());
    }

    #[test]
    fn a_term_inside_a_redaction_is_not_in_what_the_reader_gets() {
        let text = "Seen by CAMHS.";
        let start = text.find("CAMHS").unwrap();
        assert!(terms(text, &[Span::new(start, start + 5)]).is_empty());
    }

    #[test]
    fn a_bad_file_names_the_file_and_the_term() {
        let error = Glossary::from_toml(
            "[[term]]\nterm = \"X\"\nforms = [\"\"]\nmeaning = \"m\"\nsource = \"s\"\n",
            Path::new("patterns/glossary.toml"),
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("patterns/glossary.toml"), "{error}");
        assert!(error.contains("`X`"), "{error}");
    }
}
