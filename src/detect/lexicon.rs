//! Word lists that give names their context, loaded from `patterns/`: titles, relationship and
//! professional-role phrases, common words that are also names, place and organisation words,
//! and the forename and surname gazetteers (issue 6).
//!
//! Everything here is data an organisation can edit; the code only says how a list is used.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;

use super::DetectError;
use super::fold::{self, Folded};

/// Sex as far as a title, role or forename tells it; used only to decide who "Ms Carter" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Sex {
    #[serde(alias = "female", alias = "f")]
    Female,
    #[serde(alias = "male", alias = "m")]
    Male,
    #[serde(alias = "any", alias = "u")]
    Unknown,
}

#[derive(Debug, Deserialize)]
struct TitlesFile {
    title: Vec<TitleEntry>,
}

#[derive(Debug, Deserialize)]
struct TitleEntry {
    word: String,
    sex: Sex,
    #[serde(default = "yes")]
    adult: bool,
    #[serde(default)]
    professional: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ContextFile {
    relationships: Vec<String>,
    professional_roles: Vec<String>,
    common_words: Vec<String>,
    months: Vec<String>,
    place_words: Vec<String>,
    surname_place_words: Vec<String>,
    person_verbs: Vec<String>,
    acronyms: Vec<String>,
    not_names: Vec<String>,
    not_name_phrases: Vec<String>,
    organisation_words: Vec<String>,
    services: Vec<String>,
    occasions: Vec<String>,
    female_words: Vec<String>,
    male_words: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Title {
    pub word: String,
    pub sex: Sex,
    pub adult: bool,
    pub professional: bool,
}

/// A title found before a name.
#[derive(Debug, Clone)]
pub(crate) struct FoundTitle {
    /// Original byte offset of the title.
    pub start: usize,
    pub word: String,
    pub sex: Sex,
    pub adult: bool,
    pub professional: bool,
}

#[derive(Debug)]
pub(crate) struct Lexicon {
    pub titles: HashMap<String, Title>,
    common_words: HashSet<String>,
    months: HashSet<String>,
    place_words: HashSet<String>,
    surname_place_words: HashSet<String>,
    person_verbs: HashSet<String>,
    acronyms: HashSet<String>,
    not_names: HashSet<String>,
    /// Runs of capitalised words that are a work, a character or a brand, not a person
    /// ("Harry Potter", "Peppa Pig"), folded, one space between words.
    not_name_phrases: HashSet<String>,
    /// Words that make a capitalised English word beside them an organisation ("banks with
    /// Chase", "her Chase account").
    organisation_words: HashSet<String>,
    /// Apps and online services ("Gmail", "Roblox"): what a child is "with" or "on", never a
    /// person, for the rule that takes a word after "with".
    services: HashSet<String>,
    /// Festivals and occasions without a place in the other lists ("Halloween"): what a child
    /// is scared of or busy with, never a person, for the same rule.
    occasions: HashSet<String>,
    female_words: HashSet<String>,
    male_words: HashSet<String>,
    /// One automaton over the folded relationship and professional-role phrases.
    phrases: aho_corasick::AhoCorasick,
    /// For each phrase pattern: true when it is a professional role.
    phrase_is_role: Vec<bool>,
    /// The folded professional-role phrases, to ask of one word ("EWO", "SENCO").
    professional_roles: HashSet<String>,
    /// Folded forename -> sex.
    forenames: HashMap<String, Sex>,
    surnames: HashSet<String>,
    /// Ordinary English words (`english-words.txt`).
    english: HashSet<String>,
    /// Folded name -> frequency ranks as a female forename, male forename and surname (0: not
    /// listed), from the optional `census-names.txt`; only the person-name model reads them.
    census: HashMap<String, [u32; 3]>,
    /// Folded given names the shorter lists miss (`forenames-more.txt`, optional): read by the
    /// full-name rule before a surname or an unknown word ("Noam Chomsky"), by the name-verb
    /// rule before a person verb ("Kian had"), and as a part of a hyphenated given name
    /// ("Jean-Luc").
    more_forenames: HashSet<String>,
}

fn read(path: &Path) -> Result<String, DetectError> {
    std::fs::read_to_string(path).map_err(|e| unreadable(path, e))
}

fn unreadable(path: &Path, e: std::io::Error) -> DetectError {
    DetectError::Patterns {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// An optional patterns file's text: empty when it is missing, an error naming it when it
/// cannot be read.
fn read_optional(path: &Path) -> Result<String, DetectError> {
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        read => read.map_err(|e| unreadable(path, e)),
    }
}

fn folded_set(words: &[String]) -> HashSet<String> {
    words.iter().map(|w| fold::fold_str(w)).collect()
}

/// The optional name-frequency gazetteer (`patterns/sources/build_census_names.py`).
pub(crate) const CENSUS_FILE: &str = "census-names.txt";

/// The optional longer list of given names (`patterns/sources/build_more_forenames.py`).
const MORE_FORENAMES_FILE: &str = "forenames-more.txt";

/// Reads `name,female rank,male rank,surname rank` lines; a missing file is an empty table (the
/// model then sees no census features), a malformed line an error naming it.
fn census_names(path: &Path) -> Result<HashMap<String, [u32; 3]>, DetectError> {
    let source = read_optional(path)?;
    let mut out = HashMap::new();
    for (number, line) in source.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let bad = || DetectError::Patterns {
            path: path.display().to_string(),
            message: format!(
                "line {}: expected `name,female rank,male rank,surname rank` (ranks may be empty)",
                number + 1
            ),
        };
        if fields.len() != 4 || fields[0].is_empty() {
            return Err(bad());
        }
        let mut ranks = [0u32; 3];
        for (slot, cell) in ranks.iter_mut().zip(&fields[1..]) {
            if !cell.is_empty() {
                *slot = cell.parse().map_err(|_| bad())?;
            }
        }
        out.insert(fold::fold_str(fields[0]), ranks);
    }
    Ok(out)
}

fn data_lines(source: &str) -> impl Iterator<Item = &str> {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

impl Lexicon {
    pub fn load(dir: &Path) -> Result<Lexicon, DetectError> {
        let titles_path = dir.join("titles.toml");
        let titles: TitlesFile =
            toml::from_str(&read(&titles_path)?).map_err(|e| DetectError::Patterns {
                path: titles_path.display().to_string(),
                message: e.to_string(),
            })?;
        let context_path = dir.join("context.toml");
        let context: ContextFile =
            toml::from_str(&read(&context_path)?).map_err(|e| DetectError::Patterns {
                path: context_path.display().to_string(),
                message: e.to_string(),
            })?;
        let mut forenames = HashMap::new();
        let mut common_words = folded_set(&context.common_words);
        for line in data_lines(&read(&dir.join("forenames.txt"))?) {
            let mut fields = line.split(',').map(str::trim);
            let name = fields.next().unwrap_or("");
            let sex = fields.next().unwrap_or("u");
            if fields.next() == Some("w") {
                common_words.insert(fold::fold_str(name));
            }
            let sex = match sex {
                "f" => Sex::Female,
                "m" => Sex::Male,
                _ => Sex::Unknown,
            };
            let key = fold::fold_str(name);
            // A name listed as both sexes is unknown.
            let merged = match forenames.get(&key) {
                Some(existing) if *existing != sex => Sex::Unknown,
                _ => sex,
            };
            forenames.insert(key, merged);
        }
        let mut surnames = HashSet::new();
        for line in data_lines(&read(&dir.join("surnames.txt"))?) {
            let mut fields = line.split(',').map(str::trim);
            let name = fold::fold_str(fields.next().unwrap_or(""));
            if fields.next() == Some("w") {
                common_words.insert(name.clone());
            }
            surnames.insert(name);
        }
        let english = data_lines(&read(&dir.join("english-words.txt"))?)
            .map(fold::fold_str)
            .collect();
        let census = census_names(&dir.join(CENSUS_FILE))?;
        // Optional like the census: a patterns folder without it finds fewer full names.
        let more_forenames = data_lines(&read_optional(&dir.join(MORE_FORENAMES_FILE))?)
            .map(fold::fold_str)
            .collect();
        let mut relationships: Vec<String> = context
            .relationships
            .iter()
            .map(|w| fold::fold_str(w))
            .collect();
        relationships.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut professional_roles: Vec<String> = context
            .professional_roles
            .iter()
            .map(|w| fold::fold_str(w))
            .collect();
        professional_roles.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let mut phrase_list: Vec<(String, bool)> = relationships
            .iter()
            .map(|p| (p.clone(), false))
            .chain(professional_roles.iter().map(|p| (p.clone(), true)))
            .collect();
        phrase_list.sort();
        phrase_list.dedup_by(|a, b| a.0 == b.0);
        let phrases = aho_corasick::AhoCorasickBuilder::new()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(phrase_list.iter().map(|(p, _)| p))
            .map_err(|e| DetectError::Patterns {
                path: context_path.display().to_string(),
                message: e.to_string(),
            })?;
        let phrase_is_role = phrase_list.iter().map(|(_, role)| *role).collect();
        Ok(Lexicon {
            phrases,
            phrase_is_role,
            professional_roles: professional_roles.into_iter().collect(),
            titles: titles
                .title
                .into_iter()
                .map(|entry| {
                    (
                        fold::fold_str(&entry.word),
                        Title {
                            word: entry.word,
                            sex: entry.sex,
                            adult: entry.adult,
                            professional: entry.professional,
                        },
                    )
                })
                .collect(),
            common_words,
            months: folded_set(&context.months),
            place_words: folded_set(&context.place_words),
            surname_place_words: folded_set(&context.surname_place_words),
            person_verbs: folded_set(&context.person_verbs),
            acronyms: context.acronyms.iter().map(|w| w.to_uppercase()).collect(),
            not_names: folded_set(&context.not_names),
            not_name_phrases: context
                .not_name_phrases
                .iter()
                .map(|phrase| {
                    fold::fold_str(phrase)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
            organisation_words: folded_set(&context.organisation_words),
            services: folded_set(&context.services),
            occasions: folded_set(&context.occasions),
            female_words: folded_set(&context.female_words),
            male_words: folded_set(&context.male_words),
            forenames,
            surnames,
            english,
            census,
            more_forenames,
        })
    }

    /// Relationship and professional-role phrases in the text, as original byte ranges with
    /// `true` for a professional role.
    pub fn phrases(&self, folded: &Folded) -> Vec<(usize, usize, bool)> {
        let haystack = folded.text.as_str();
        self.phrases
            .find_iter(haystack)
            .filter(|m| fold::on_boundaries(haystack, m.start(), m.end()))
            .map(|m| {
                let (start, end) = folded.original(m.start(), m.end());
                (start, end, self.phrase_is_role[m.pattern().as_usize()])
            })
            .collect()
    }

    /// Whether a capitalised word that could be part of another person's name stands right
    /// before `start` / right after `end` (one space between, same line): "Debra Williams" is not
    /// a bare "Williams", "Joy Smith" is not "Joy" of the register.
    pub fn capitalised_neighbours(&self, text: &str, start: usize, end: usize) -> (bool, bool) {
        let name_word = |word: &str| {
            let folded = fold::fold_str(word);
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().count() >= 2
                && !self.is_not_name(&folded)
                && !self.titles.contains_key(&folded)
                && !self.is_person_verb(&folded)
        };
        let before = text[..start]
            .strip_suffix(' ')
            .filter(|rest| !rest.ends_with(' '))
            .map(|rest| {
                let word_start = rest
                    .char_indices()
                    .rev()
                    .find(|(_, c)| !(c.is_alphabetic() || *c == '-' || *c == '\'' || *c == '’'))
                    .map(|(i, c)| i + c.len_utf8())
                    .unwrap_or(0);
                &rest[word_start..]
            })
            .is_some_and(name_word);
        let after = text[end..]
            .strip_prefix(' ')
            .map(|rest| {
                let word_end = rest
                    .char_indices()
                    .find(|(_, c)| !(c.is_alphabetic() || *c == '-' || *c == '\'' || *c == '’'))
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len());
                &rest[..word_end]
            })
            .is_some_and(|word| name_word(word) && !self.is_place_word(&fold::fold_str(word)));
        (before, after)
    }

    /// A title ending just before original offset `start` ("Mrs Smith", "Mr. Ali"), or glued to
    /// the name by its dot alone ("Mrs.Tassom", "mr.smith"), where the title opens its
    /// whitespace-delimited chunk ("x.mr.smith" is no title).
    pub fn title_before_text(&self, text: &str, start: usize) -> Option<FoundTitle> {
        let before = text[..start].trim_end();
        let glued = before.len() == start;
        let before = if glued {
            before.strip_suffix('.')?
        } else {
            before.strip_suffix('.').unwrap_or(before)
        };
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        if glued
            && before[..word_start]
                .chars()
                .next_back()
                .is_some_and(|c| !(c.is_whitespace() || matches!(c, '(' | '"' | '\'' | '‘' | '“')))
        {
            return None;
        }
        let word = &before[word_start..];
        // "ms. Santo", "mr Ali": the usual titles also in lower case, as messages write them.
        if !word.chars().next()?.is_uppercase() && !matches!(word, "mr" | "mrs" | "ms" | "mx") {
            return None;
        }
        let title = self.titles.get(&fold::fold_str(word))?;
        Some(FoundTitle {
            start: word_start,
            word: title.word.clone(),
            sex: title.sex,
            adult: title.adult,
            professional: title.professional,
        })
    }

    pub fn sex_of_forename(&self, name: &str) -> Sex {
        self.forenames
            .get(&fold::fold_str(name))
            .copied()
            .unwrap_or(Sex::Unknown)
    }

    /// Whether the folded word is a given name: one `forenames.txt` holds, or two or three
    /// given names joined by hyphens ("lee-anne", "mary-jane", "jean-luc"; issue 14). Each part
    /// is in `forenames.txt` or the longer list, and one is in `forenames.txt` and no month
    /// ("may-june" is two months; "jordan-lee" and "rose-may" are names, though every part is
    /// also a word).
    pub fn is_forename(&self, folded: &str) -> bool {
        if self.forenames.contains_key(folded) {
            return true;
        }
        if !folded.contains('-') {
            return false;
        }
        let parts = || folded.split('-');
        (2..=3).contains(&parts().count())
            && parts().all(|p| {
                p.chars().count() >= 2
                    && (self.forenames.contains_key(p) || self.more_forenames.contains(p))
            })
            && parts().any(|p| self.forenames.contains_key(p) && !self.is_month(p))
    }

    /// Whether the folded word is a given name of the optional longer list
    /// (`forenames-more.txt`) and not of `forenames.txt`.
    pub fn is_more_forename(&self, folded: &str) -> bool {
        self.more_forenames.contains(folded)
    }

    /// Whether the optional census gazetteer (`census-names.txt`, 22,872 forenames and surnames)
    /// holds the folded word: a name the rules' shorter lists may lack ("Hargreaves", "Havel").
    pub fn is_census_name(&self, folded: &str) -> bool {
        self.census.contains_key(folded)
    }

    /// Whether the folded word is a title (`titles.toml`: "mrs", "judge").
    pub fn is_title(&self, folded: &str) -> bool {
        self.titles.contains_key(folded)
    }

    /// Whether the census gazetteer ranks the folded word among its 5,000 commonest surnames
    /// ("Judge" is 3,262nd; "Said" and "Monday" are beyond).
    pub fn is_common_census_surname(&self, folded: &str) -> bool {
        self.census
            .get(folded)
            .is_some_and(|ranks| (1..=5000).contains(&ranks[2]))
    }

    /// The census frequency ranks of a folded word as a bucket tag for the person-name model:
    /// `f`, `m`, `s` (female, male forename, surname) each followed by 1 (rank 1-100), 2 (to
    /// 1,000), 3 (to 5,000) or 4 (beyond), or `-` when the list does not hold it.
    pub fn census_tag(&self, folded: &str) -> String {
        let ranks = self.census.get(folded).copied().unwrap_or([0; 3]);
        let mut out = String::with_capacity(6);
        for (letter, rank) in ['f', 'm', 's'].into_iter().zip(ranks) {
            out.push(letter);
            out.push(match rank {
                0 => '-',
                1..=100 => '1',
                101..=1000 => '2',
                1001..=5000 => '3',
                _ => '4',
            });
        }
        out
    }

    pub fn is_surname(&self, folded: &str) -> bool {
        self.surnames.contains(folded)
    }

    pub fn is_not_name(&self, folded: &str) -> bool {
        self.not_names.contains(folded)
            || self.months.contains(folded)
            || self.titles.contains_key(folded)
            || (self.place_words.contains(folded) && !self.surname_place_words.contains(folded))
    }

    /// Whether a run of words (folded, one space between) is a work, character or brand.
    pub fn is_not_name_phrase(&self, folded_run: &str) -> bool {
        self.not_name_phrases.contains(folded_run)
    }

    /// Whether a folded word says the capitalised word beside it is an organisation.
    pub fn is_organisation_word(&self, folded: &str) -> bool {
        self.organisation_words.contains(folded)
    }

    /// Whether the folded word is an app or online service (`services` in `context.toml`).
    pub fn is_service(&self, folded: &str) -> bool {
        self.services.contains(folded)
    }

    /// Whether the folded word is a festival or occasion (`occasions` in `context.toml`).
    pub fn is_occasion(&self, folded: &str) -> bool {
        self.occasions.contains(folded)
    }

    /// Whether the folded words are a professional role of `context.toml` ("ewo", "head of
    /// year").
    pub fn is_professional_role(&self, folded: &str) -> bool {
        self.professional_roles.contains(folded)
    }

    /// A place word that is also a common surname ("Green", "Hill").
    pub fn is_surname_place_word(&self, folded: &str) -> bool {
        self.surname_place_words.contains(folded)
    }

    /// An ordinary English word ("turning", "healthy"), or one with a plural/possessive ending.
    pub fn is_english_word(&self, folded: &str) -> bool {
        let bare = folded
            .strip_suffix("'s")
            .unwrap_or(folded)
            .trim_end_matches('\'');
        self.english.contains(bare)
            || bare
                .strip_suffix('s')
                .is_some_and(|stem| self.english.contains(stem))
    }

    /// A month's name or its short form ("may", "sept").
    pub fn is_month(&self, folded: &str) -> bool {
        self.months.contains(folded)
    }

    pub fn is_common_word(&self, folded: &str) -> bool {
        self.common_words.contains(folded) || self.months.contains(folded)
    }

    pub fn is_place_word(&self, folded: &str) -> bool {
        self.place_words.contains(folded)
    }

    pub fn is_person_verb(&self, folded: &str) -> bool {
        self.person_verbs.contains(folded)
    }

    pub fn is_acronym(&self, initials: &str) -> bool {
        self.acronyms.contains(&initials.to_uppercase())
    }

    pub fn sex_from_role(&self, role: &str) -> Option<Sex> {
        let folded = fold::fold_str(role);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric() && !matches!(c, '-' | '\'' | '’'))
            .filter(|word| !word.is_empty())
            // "Father of Kieran Walsh", "partner of the mother": what follows "of" is someone
            // else.
            .take_while(|word| *word != "of")
            // "Mother's partner": a possessive names whose relation it is, not the person
            // (Darren Pike, the sample's "Mother's partner", was read as a woman and his "Mr
            // Pike" as someone the register does not name).
            .filter(|word| !(word.ends_with("'s") || word.ends_with("’s") || word.ends_with('\'')))
            .collect();
        // The last relationship word names the person ("mum's boyfriend" is male).
        for &word in words.iter().rev() {
            if self.female_words.contains(word) {
                return Some(Sex::Female);
            }
            if self.male_words.contains(word) {
                return Some(Sex::Male);
            }
        }
        None
    }

    /// The title immediately before folded offset `fstart` ("Mrs Carter", "Dr. Ali").
    pub fn title_before(&self, text: &str, folded: &Folded, fstart: usize) -> Option<FoundTitle> {
        let before = folded.text[..fstart].strip_suffix(' ')?;
        let before = before.strip_suffix('.').unwrap_or(before);
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or(0);
        let word = &before[word_start..];
        let title = self.titles.get(word)?;
        let (start, _) = folded.original(word_start, before.len());
        if !text[start..].chars().next()?.is_uppercase() {
            return None;
        }
        Some(FoundTitle {
            start,
            word: title.word.clone(),
            sex: title.sex,
            adult: title.adult,
            professional: title.professional,
        })
    }

    /// Whether a single capitalised token at `start..end` reads as a person's name in context:
    /// not followed by a place or organisation word ("Hope Street", "Grace Academy"), and, for
    /// words that are also common words or months ("Will", "May", "Hope"), used as a name
    /// (mid-sentence, or followed by a verb people do: "Hope said").
    pub fn name_in_context(&self, text: &str, start: usize, end: usize) -> bool {
        self.name_in_context_with(text, start, end, false)
    }

    /// As [`Lexicon::name_in_context`]; `known` says the register holds someone of that name in
    /// this case, so a common word is taken as the name unless the context shows the word's
    /// ordinary use ("Will you ...", "the hope", "in May").
    pub fn name_in_context_with(&self, text: &str, start: usize, end: usize, known: bool) -> bool {
        let word = fold::fold_str(&text[start..end]);
        let next = next_word(text, end);
        if let Some(next) = &next
            && next.chars().next().is_some_and(char::is_uppercase)
            && self.is_place_word(&fold::fold_str(next))
        {
            return false;
        }
        if !self.is_common_word(&word) {
            return true;
        }
        let previous = previous_word(text, start);
        let sentence_start = previous.is_none() || sentence_boundary_before(text, start);
        let next_folded = next.as_deref().map(fold::fold_str);
        // "lives in Jordan", "across Kent and Sussex": a forename that is also a word, most
        // often a place, after a preposition of place is the word, unless a telling verb
        // follows; a possessive
        // ("in Georgia's room") keeps it a name, and so does the register naming the person.
        let rest = &text[end..];
        let possessive = rest.starts_with("'s") || rest.starts_with("\u{2019}s");
        let after_place_preposition = !known
            && !possessive
            && previous.as_deref().map(fold::fold_str).is_some_and(|p| {
                matches!(
                    p.as_str(),
                    "in" | "across" | "throughout" | "within" | "into"
                )
            });
        if next_folded
            .as_deref()
            .is_some_and(|w| self.is_person_verb(w))
        {
            return !after_place_preposition
                || next_folded
                    .as_deref()
                    .is_some_and(|w| self.is_telling_verb(w));
        }
        if after_place_preposition {
            return false;
        }
        if self.months.contains(&word) {
            // "in May", "May 2019", "12 May": a month unless a person verb follows.
            return false;
        }
        // A known person's name with a possessive ("Jade's 9th birthday") is that person, even
        // when a number follows (issue 17: a sibling's name in a parent's request).
        if known && possessive {
            let previous = previous.as_deref().map(fold::fold_str);
            return !previous.is_some_and(|p| matches!(p.as_str(), "the" | "a" | "an"));
        }
        // "Hope 2", "Will 3": a word before a number, unless the person is known here ("Report
        // Name : Swerzbin , Mike 1/17/02"; months were settled above).
        if !known
            && let Some(next) = &next_folded
            && next.chars().next().is_some_and(|c| c.is_ascii_digit())
        {
            return false;
        }
        let after_article = previous
            .as_deref()
            .map(fold::fold_str)
            .is_some_and(|p| matches!(p.as_str(), "the" | "a" | "an" | "amazing" | "our" | "some"));
        if known {
            // Ordinary use of the word: "Will you ...", "Hope this helps", "the Hope project".
            let function_word_next = next_folded.as_deref().is_some_and(|n| {
                matches!(
                    n,
                    "you"
                        | "i"
                        | "we"
                        | "they"
                        | "he"
                        | "she"
                        | "it"
                        | "this"
                        | "that"
                        | "the"
                        | "a"
                        | "an"
                        | "to"
                        | "so"
                        | "not"
                )
            });
            return !(after_article || (sentence_start && function_word_next));
        }
        if sentence_start {
            // "Will you call", "Hope this helps", "Grace and ..." — at the start of a sentence
            // a common word is a person only if a person verb follows (checked above) or the
            // next word is capitalised ("Grace Okafor").
            return next.as_deref().is_some_and(|n| {
                n.chars().next().is_some_and(char::is_uppercase)
                    && !self.is_place_word(&fold::fold_str(n))
            });
        }
        // Mid-sentence and capitalised: a name ("spoke to Hope about school"), unless it
        // follows an article ("the Hope project") or a preposition of place (above).
        !after_article
    }
}

impl Lexicon {
    /// Whether a capitalised word at `start..end` that may be an ordinary word ("Trace", a
    /// variant of Tracey) is used as a name: as [`Lexicon::name_in_context_with`] for a common
    /// word the register holds, and at the start of a sentence only with a person verb after it
    /// (issue 11: a sentence-initial word is not a name on that evidence alone).
    pub fn word_used_as_name(&self, text: &str, start: usize, end: usize) -> bool {
        let word = fold::fold_str(&text[start..end]);
        if !self.is_english_word(&word) && !self.is_common_word(&word) {
            return self.name_in_context_with(text, start, end, true);
        }
        let next = next_word(text, end).map(|w| fold::fold_str(&w));
        let verb = next.as_deref().is_some_and(|w| self.is_telling_verb(w));
        if sentence_boundary_before(text, start) {
            return verb;
        }
        let previous = previous_word(text, start).map(|w| fold::fold_str(&w));
        let after_article = previous
            .as_deref()
            .is_some_and(|p| matches!(p, "the" | "a" | "an" | "our" | "some" | "this" | "that"));
        !after_article
    }

    /// A person verb that is not an auxiliary ("told", "rang", not "was", "and"): strong enough
    /// to make a sentence-initial word a name.
    pub fn is_telling_verb(&self, folded: &str) -> bool {
        self.is_person_verb(folded)
            && !matches!(
                folded,
                "and"
                    | "is"
                    | "was"
                    | "has"
                    | "had"
                    | "will"
                    | "can"
                    | "should"
                    | "must"
                    | "might"
                    | "would"
                    | "could"
                    | "did"
                    | "does"
                    | "left"
                    | "hit"
            )
    }
}

/// The next word after `end` (letters, digits, apostrophes), skipping spaces only.
pub(crate) fn next_word(text: &str, end: usize) -> Option<String> {
    let rest = text[end..].trim_start_matches(|c: char| c.is_whitespace());
    let rest = rest
        .strip_prefix("'s")
        .or_else(|| rest.strip_prefix("’s"))
        .unwrap_or(rest)
        .trim_start();
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’' || *c == '-')
        .collect();
    (!word.is_empty()
        && text[end..].starts_with(|c: char| c.is_whitespace() || c == '\'' || c == '’'))
    .then_some(word)
}

/// The previous word before `start`.
pub(crate) fn previous_word(text: &str, start: usize) -> Option<String> {
    let before = text[..start].trim_end();
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!word.is_empty()).then_some(word)
}

/// True when `start` begins a sentence (after `.`, `!`, `?`, `:`, a newline, a bullet or the
/// start of the text).
pub(crate) fn sentence_boundary_before(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let trimmed = before.trim_end_matches([' ', '\t', '"', '“', '‘', '(', '-', '•', '*']);
    if trimmed.is_empty() {
        return true;
    }
    if before[trimmed.len()..].contains('\n') || trimmed.ends_with('\n') {
        return true;
    }
    trimmed.ends_with(['.', '!', '?', ':', ';', '\n'])
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn the_role_word_that_names_the_person_gives_the_sex() {
        let lexicon =
            Lexicon::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns")).unwrap();
        for (role, sex) in [
            ("Maternal aunt", Some(Sex::Female)),
            ("mum's boyfriend", Some(Sex::Male)),
            ("Father of Kieran Walsh", Some(Sex::Male)),
            // The mother is whose partner he is, not who he is.
            ("Mother's partner", None),
            ("Mother’s partner", None),
            ("partner of the mother", None),
            ("Foster sibling (another looked-after child)", None),
        ] {
            assert_eq!(lexicon.sex_from_role(role), sex, "{role}");
        }
    }
}
