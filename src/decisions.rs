//! A person's decisions as data: `decisions.toml`, read on every run and applied before the
//! automatic policy (the review loop, issue 12).
//!
//! A data protection officer (or the review page, which calls [`append`]) writes one
//! `[[decision]]` entry per decision, each with who made it (`by`), when (`on`), why (`why`) and
//! an `action`:
//!
//! ```toml
//! [[decision]]
//! action = "redact"            # remove every occurrence of `text` (whole words; case, spacing
//! text = "Uncle Ray"           # and line breaks ignored), in every record or only in `item`
//! item = "N-00007"             # optional; `code` optional too (default: the policy's TP code)
//! by = "Anita Shah"
//! on = 2026-11-20
//! why = "Jade's uncle, not in the register"
//! ```
//!
//! | action | keys |
//! |---|---|
//! | `redact` | `text`, optional `item`, optional `code` |
//! | `keep` | `text`, optional `item` |
//! | `release` | `item` |
//! | `withhold` | `item`, `code`, optional `reason` (shown to the requester) |
//! | `disclose` | `item` |
//! | `consent` | `person` (a `people.csv` id), optional `items` |
//! | `agency` | `agency`, `answer` (`disclose` or `withhold`), `asked`, `answered` |
//! | `redact-area` | `item`, `page`, `box` = `[x0, y0, x1, y1]` (PDF points, origin bottom left) |
//! | `about-subject`, `not-about-subject` | `item` |
//!
//! An item is named by its id in the internal schedule (`N-00007`, `D-00003`) or by its source
//! (`case-notes.csv#CN-1007`, `documents/2019-04-02-letter.pdf`); the source form survives
//! records being added to the store. Dates are TOML dates or `"YYYY-MM-DD"` strings.
//!
//! [`load`] refuses the whole file, naming the entry and its line, for an unknown action or key,
//! a missing or empty `by`/`on`/`why`, or a value of the wrong kind: a decision that is silently
//! not applied would be worse than no run. Whether a decision matches anything in the store is
//! only known during a run; one that matches nothing is a warning in the summary, not an error.
//! When two decisions about the same item disagree, the later one in the file wins, so a file
//! that is only ever appended to keeps its history and its current state.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::model::{Code, Item, Span};

/// The actions a decision can take, in the order of the table in the module doc.
pub const ACTIONS: [&str; 10] = [
    "redact",
    "keep",
    "release",
    "withhold",
    "disclose",
    "consent",
    "agency",
    "redact-area",
    "about-subject",
    "not-about-subject",
];

/// Everything wrong with a decisions file, naming the file and the entry.
#[derive(Debug, thiserror::Error)]
pub enum DecisionsError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a valid TOML file: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("`{path}`: {message}")]
    File { path: PathBuf, message: String },
    #[error("`{path}`: decision {number} (line {line}): {message}")]
    Entry {
        path: PathBuf,
        /// 1-based position of the `[[decision]]` entry in the file.
        number: usize,
        /// 1-based line of its `[[decision]]` header (0 when it is not written as one).
        line: usize,
        message: String,
    },
    #[error("cannot write `{path}`")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// How an item is named in a decision: its schedule id or its source (see the module doc).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemRef(String);

impl ItemRef {
    /// Any non-empty name; whether it names an item is only known during a run.
    pub fn new(name: &str) -> Option<ItemRef> {
        let name = name.trim();
        (!name.is_empty()).then(|| ItemRef(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this names `item`, by id or by source.
    pub fn names(&self, item: &Item) -> bool {
        item.id.as_str() == self.0 || item.source.to_string() == self.0
    }
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A piece of text to redact or keep, matched as whole words with case, spacing and line breaks
/// ignored ("Uncle  Ray" matches "uncle\nRAY" and "UncleRay", not "Uncle Rayner").
#[derive(Debug, Clone)]
pub struct Phrase {
    text: String,
    pattern: regex::Regex,
}

impl PartialEq for Phrase {
    fn eq(&self, other: &Phrase) -> bool {
        self.text == other.text
    }
}

impl Eq for Phrase {}

impl Phrase {
    /// `None` when the text has no letter or digit (it could only match punctuation).
    pub fn new(text: &str) -> Option<Phrase> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if !text.chars().any(char::is_alphanumeric) {
            return None;
        }
        let body = words
            .iter()
            .map(|word| regex::escape(word))
            .collect::<Vec<_>>()
            .join(r"\s*");
        let pattern = regex::RegexBuilder::new(&body)
            .case_insensitive(true)
            .build()
            .expect("escaped words always make a valid pattern");
        Some(Phrase {
            text: words.join(" "),
            pattern,
        })
    }

    /// The phrase as written, with runs of white space made single spaces.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Every whole-word occurrence in `haystack`, in order, not overlapping.
    pub fn find(&self, haystack: &str) -> Vec<Span> {
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(hit) = self.pattern.find_at(haystack, from) {
            let before = haystack[..hit.start()].chars().next_back();
            let after = haystack[hit.end()..].chars().next();
            let first = hit.as_str().chars().next();
            let last = hit.as_str().chars().next_back();
            // A word boundary only matters where the phrase itself starts or ends with a word
            // character: "+44 7700" may follow a letter-free gap of any kind.
            let open = !(first.is_some_and(char::is_alphanumeric)
                && before.is_some_and(char::is_alphanumeric));
            let close = !(last.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric));
            if open && close {
                found.push(Span::new(hit.start(), hit.end()));
                from = hit.end().max(hit.start() + 1);
            } else {
                // Try again one character further on (a longer word may hide a real match).
                from = hit.start()
                    + haystack[hit.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
            }
            if from > haystack.len() {
                break;
            }
        }
        found
    }
}

/// A third party's or an agency's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    Disclose,
    Withhold,
}

impl Answer {
    pub fn label(self) -> &'static str {
        match self {
            Answer::Disclose => "disclose",
            Answer::Withhold => "withhold",
        }
    }
}

/// An area of a PDF page in points, origin at the bottom left, `x0 < x1` and `y0 < y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// What a decision does (see the table in the module doc).
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Redact {
        text: Phrase,
        item: Option<ItemRef>,
        /// `None`: the policy's third-party code.
        code: Option<Code>,
    },
    Keep {
        text: Phrase,
        item: Option<ItemRef>,
    },
    Release {
        item: ItemRef,
    },
    Withhold {
        item: ItemRef,
        code: Code,
        /// Shown to the requester in the schedule; `None`: the code's meaning from the policy.
        reason: Option<String>,
    },
    Disclose {
        item: ItemRef,
    },
    Consent {
        person: String,
        /// `None`: consent to disclosure everywhere.
        items: Option<Vec<ItemRef>>,
    },
    Agency {
        agency: String,
        answer: Answer,
        asked: Date,
        answered: Date,
    },
    RedactArea {
        item: ItemRef,
        /// 1-based page of the item's document.
        page: u32,
        area: Area,
        /// The code on the box and in the schedule; `None`: the policy's third-party code.
        code: Option<Code>,
    },
    AboutSubject {
        item: ItemRef,
    },
    NotAboutSubject {
        item: ItemRef,
    },
}

impl Action {
    /// The `action` key's value.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Redact { .. } => "redact",
            Action::Keep { .. } => "keep",
            Action::Release { .. } => "release",
            Action::Withhold { .. } => "withhold",
            Action::Disclose { .. } => "disclose",
            Action::Consent { .. } => "consent",
            Action::Agency { .. } => "agency",
            Action::RedactArea { .. } => "redact-area",
            Action::AboutSubject { .. } => "about-subject",
            Action::NotAboutSubject { .. } => "not-about-subject",
        }
    }

    /// The one item this action is about, for the item-level actions.
    pub fn item(&self) -> Option<&ItemRef> {
        match self {
            Action::Release { item }
            | Action::Withhold { item, .. }
            | Action::Disclose { item }
            | Action::RedactArea { item, .. }
            | Action::AboutSubject { item }
            | Action::NotAboutSubject { item } => Some(item),
            Action::Redact { item, .. } | Action::Keep { item, .. } => item.as_ref(),
            Action::Consent { .. } | Action::Agency { .. } => None,
        }
    }
}

/// One person's decision: who, when, why, and what.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub by: String,
    pub on: Date,
    pub why: String,
    pub action: Action,
}

impl Decision {
    /// One line for the summary, the audit trail and review notes, e.g.
    /// `release N-00042 (Anita Shah, 2026-11-20)`.
    pub fn describe(&self) -> String {
        let what = match &self.action {
            Action::Redact { text, item, .. } | Action::Keep { text, item } => match item {
                Some(item) => format!("{} \"{}\" in {item}", self.action.name(), text.as_str()),
                None => format!("{} \"{}\"", self.action.name(), text.as_str()),
            },
            Action::Consent { person, items } => match items {
                Some(items) => format!(
                    "consent {person} for {}",
                    items
                        .iter()
                        .map(ItemRef::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                None => format!("consent {person}"),
            },
            Action::Agency { agency, answer, .. } => {
                format!("agency {agency}: {}", answer.label())
            }
            Action::RedactArea { item, page, .. } => format!("redact-area {item} page {page}"),
            other => format!(
                "{} {}",
                other.name(),
                other.item().map(ItemRef::as_str).unwrap_or_default()
            ),
        };
        format!("{what} ({}, {})", self.by, self.on)
    }
}

/// One entry of a decisions file, with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// 1-based position among the file's `[[decision]]` entries.
    pub number: usize,
    /// 1-based line of its `[[decision]]` header (0 when not written as one).
    pub line: usize,
    pub decision: Decision,
}

/// A whole decisions file, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decisions {
    /// The file read (`None` when there was none).
    pub path: Option<PathBuf>,
    pub entries: Vec<Entry>,
}

impl Decisions {
    /// No decisions (no file beside the request).
    pub fn none() -> Decisions {
        Decisions::default()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Checks what only the policy knows: every code named is in the redaction key.
    pub fn check_codes(&self, known: impl Fn(&Code) -> bool) -> Result<(), DecisionsError> {
        for entry in &self.entries {
            let code = match &entry.decision.action {
                Action::Redact {
                    code: Some(code), ..
                }
                | Action::RedactArea {
                    code: Some(code), ..
                }
                | Action::Withhold { code, .. } => code,
                _ => continue,
            };
            if !known(code) {
                return Err(DecisionsError::Entry {
                    path: self.path.clone().unwrap_or_default(),
                    number: entry.number,
                    line: entry.line,
                    message: format!(
                        "code `{code}` is not in the redaction key (patterns/policy.toml); use one of its [[code]] entries"
                    ),
                });
            }
        }
        Ok(())
    }
}

impl Decisions {
    /// Whether a person released `item` (`release`, the last of `withhold`, `release` and
    /// `disclose` naming it): what sarpack could not read of it was checked by that person.
    pub fn releases(&self, item: &Item) -> bool {
        self.entries
            .iter()
            .rev()
            .find(|entry| {
                matches!(
                    &entry.decision.action,
                    Action::Withhold { item: named, .. }
                        | Action::Release { item: named }
                        | Action::Disclose { item: named } if named.names(item)
                )
            })
            .is_some_and(|entry| matches!(entry.decision.action, Action::Release { .. }))
    }

    /// Marks every person a `consent` decision names without `items` as consenting in
    /// `register`, so detection, the author line and the verifier treat them as the register's
    /// own consent does. Per-item consents are applied by `decide` in those items only.
    pub fn grant_consents(&self, register: &mut crate::model::Register) {
        for entry in &self.entries {
            if let Action::Consent {
                person,
                items: None,
            } = &entry.decision.action
            {
                for registered in &mut register.people {
                    if &registered.id == person {
                        registered.consent = true;
                    }
                }
            }
        }
    }

    /// The people a `consent` with `items` names for the item with this id or source (sorted,
    /// once each). Consents for everywhere are in the register already ([`Self::grant_consents`]).
    pub fn consents_for(&self, id: &str, source: &str) -> Vec<String> {
        let mut people: Vec<String> = self
            .entries
            .iter()
            .filter_map(|entry| match &entry.decision.action {
                Action::Consent {
                    person,
                    items: Some(items),
                } if items
                    .iter()
                    .any(|item| item.as_str() == id || item.as_str() == source) =>
                {
                    Some(person.clone())
                }
                _ => None,
            })
            .collect();
        people.sort();
        people.dedup();
        people
    }

    /// The decisions that matched nothing in a run, one warning each: an item id or source no
    /// item has, a person not in the register, an agency no item came from, text found nowhere.
    /// `applied` holds the entry numbers `decide` recorded on some item.
    pub fn unmatched(
        &self,
        run: &RunFacts<'_>,
        applied: &std::collections::BTreeSet<usize>,
    ) -> Vec<String> {
        let known_item = |reference: &ItemRef| {
            run.items
                .iter()
                .any(|(id, source)| reference.as_str() == *id || reference.as_str() == *source)
        };
        let mut warnings = Vec::new();
        for entry in &self.entries {
            let decision = &entry.decision;
            let problem = match &decision.action {
                Action::Consent { person, items } => {
                    if !run.people.contains(&person.as_str()) {
                        Some(format!("`{person}` is not a person in people.csv"))
                    } else {
                        items.as_ref().and_then(|items| {
                            let missing: Vec<&str> = items
                                .iter()
                                .filter(|item| !known_item(item))
                                .map(ItemRef::as_str)
                                .collect();
                            (!missing.is_empty())
                                .then(|| format!("no item is `{}`", missing.join("`, `")))
                        })
                    }
                }
                Action::Agency { agency, .. } => {
                    let wanted = agency.trim().to_lowercase();
                    (!run
                        .agencies
                        .iter()
                        .any(|known| known.trim().to_lowercase() == wanted))
                    .then(|| format!("no record was supplied by `{agency}`"))
                }
                Action::Redact { text, item, .. } | Action::Keep { text, item } => match item {
                    Some(item) if !known_item(item) => Some(format!("no item is `{item}`")),
                    _ if !applied.contains(&entry.number) => Some(match decision.action {
                        Action::Keep { .. } => format!(
                            "\"{}\" is not a finding in any record that ships",
                            text.as_str()
                        ),
                        _ => format!("\"{}\" is not in any record that ships", text.as_str()),
                    }),
                    _ => None,
                },
                other => {
                    let item = other.item().expect("every other action names an item");
                    (!known_item(item)).then(|| format!("no item is `{item}`"))
                }
            };
            if let Some(problem) = problem {
                warnings.push(format!(
                    "decision {} (line {}, {}) matched nothing: {problem}",
                    entry.number,
                    entry.line,
                    decision.describe()
                ));
            }
        }
        warnings
    }
}

/// What a run found, for [`Decisions::unmatched`].
#[derive(Debug, Clone, Default)]
pub struct RunFacts<'a> {
    /// Every item's (id, source).
    pub items: Vec<(&'a str, String)>,
    /// Every person id in the register.
    pub people: Vec<&'a str>,
    /// Every agency a record came from.
    pub agencies: Vec<&'a str>,
}

/// The decisions file for a request: `--decisions FILE` when given, else `decisions.toml`
/// beside the request file. `None` when there is no such file (no decisions yet). A `--decisions`
/// file that does not exist is an error, since the person named it.
pub fn locate(request: &Path, explicit: Option<&Path>) -> Option<PathBuf> {
    match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => {
            let beside = request
                .parent()
                .unwrap_or_else(|| Path::new(""))
                .join("decisions.toml");
            beside.is_file().then_some(beside)
        }
    }
}

/// Reads and validates a decisions file.
pub fn load(path: &Path) -> Result<Decisions, DecisionsError> {
    let text = std::fs::read_to_string(path).map_err(|source| DecisionsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Validates the text of a decisions file (`path` names it in errors).
pub fn parse(text: &str, path: &Path) -> Result<Decisions, DecisionsError> {
    let table: toml::Table =
        text.parse()
            .map_err(|error: toml::de::Error| DecisionsError::Syntax {
                path: path.to_path_buf(),
                message: error.to_string().trim().to_string(),
            })?;
    let file_error = |message: String| DecisionsError::File {
        path: path.to_path_buf(),
        message,
    };
    for key in table.keys() {
        if key != "decision" {
            return Err(file_error(format!(
                "unknown key `{key}`: a decisions file holds only [[decision]] entries"
            )));
        }
    }
    let Some(list) = table.get("decision") else {
        return Ok(Decisions {
            path: Some(path.to_path_buf()),
            entries: Vec::new(),
        });
    };
    let toml::Value::Array(list) = list else {
        return Err(file_error(
            "`decision` must be a list of [[decision]] entries".to_string(),
        ));
    };
    let lines = header_lines(text);
    let mut entries = Vec::with_capacity(list.len());
    for (index, value) in list.iter().enumerate() {
        let number = index + 1;
        let line = lines.get(index).copied().unwrap_or(0);
        let entry_error = |message: String| DecisionsError::Entry {
            path: path.to_path_buf(),
            number,
            line,
            message,
        };
        let toml::Value::Table(fields) = value else {
            return Err(entry_error("is not a table of keys".to_string()));
        };
        let decision = entry(fields).map_err(entry_error)?;
        entries.push(Entry {
            number,
            line,
            decision,
        });
    }
    Ok(Decisions {
        path: Some(path.to_path_buf()),
        entries,
    })
}

/// The 1-based line of each `[[decision]]` header, in order.
fn header_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| {
            let line = line.trim_start();
            line.starts_with("[[")
                && line[2..].trim_start().starts_with("decision")
                && line[2..].trim_start()["decision".len()..]
                    .trim_start()
                    .starts_with("]]")
        })
        .map(|(number, _)| number + 1)
        .collect()
}

/// The keys each action takes besides `by`, `on`, `why` and `action`: (required, optional).
fn keys_of(action: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match action {
        "redact" => (&["text"], &["item", "code"]),
        "keep" => (&["text"], &["item"]),
        "release" | "disclose" | "about-subject" | "not-about-subject" => (&["item"], &[]),
        "withhold" => (&["item", "code"], &["reason"]),
        "consent" => (&["person"], &["items"]),
        "agency" => (&["agency", "answer", "asked", "answered"], &[]),
        "redact-area" => (&["item", "page", "box"], &["code"]),
        _ => return None,
    })
}

fn entry(fields: &toml::Table) -> Result<Decision, String> {
    let action = match fields.get("action") {
        None => {
            return Err(format!(
                "no `action` (one of {})",
                ACTIONS.map(|name| format!("`{name}`")).join(", ")
            ));
        }
        Some(toml::Value::String(action)) => action.as_str(),
        Some(other) => return Err(format!("`action` must be text, not {}", kind(other))),
    };
    let Some((required, optional)) = keys_of(action) else {
        return Err(format!(
            "unknown action `{action}` (expected one of {})",
            ACTIONS.map(|name| format!("`{name}`")).join(", ")
        ));
    };
    for key in fields.keys() {
        let known = ["action", "by", "on", "why"].contains(&key.as_str())
            || required.contains(&key.as_str())
            || optional.contains(&key.as_str());
        if !known {
            let takes: Vec<String> = required
                .iter()
                .chain(optional)
                .map(|key| format!("`{key}`"))
                .collect();
            return Err(format!(
                "unknown key `{key}` for action `{action}` (it takes {}, with `by`, `on` and `why`)",
                takes.join(", ")
            ));
        }
    }
    for key in ["by", "on", "why"].iter().chain(required) {
        if !fields.contains_key(*key) {
            return Err(format!("action `{action}` needs `{key}`"));
        }
    }
    let by = text(fields, "by")?.expect("checked above");
    let on = date(fields, "on")?.expect("checked above");
    let why = text(fields, "why")?.expect("checked above");
    let item = || -> Result<Option<ItemRef>, String> {
        Ok(text(fields, "item")?.map(|name| ItemRef::new(&name).expect("text is not empty")))
    };
    let phrase = || -> Result<Phrase, String> {
        let value = text(fields, "text")?.expect("checked above");
        Phrase::new(&value)
            .ok_or_else(|| format!("`text` = `{value}` has no letter or digit to match"))
    };
    let code = || -> Result<Option<Code>, String> { Ok(text(fields, "code")?.map(Code)) };
    let required_item = || Ok::<_, String>(item()?.expect("checked above"));
    let action = match action {
        "redact" => Action::Redact {
            text: phrase()?,
            item: item()?,
            code: code()?,
        },
        "keep" => Action::Keep {
            text: phrase()?,
            item: item()?,
        },
        "release" => Action::Release {
            item: required_item()?,
        },
        "disclose" => Action::Disclose {
            item: required_item()?,
        },
        "about-subject" => Action::AboutSubject {
            item: required_item()?,
        },
        "not-about-subject" => Action::NotAboutSubject {
            item: required_item()?,
        },
        "withhold" => Action::Withhold {
            item: required_item()?,
            code: code()?.expect("checked above"),
            reason: text(fields, "reason")?,
        },
        "consent" => Action::Consent {
            person: text(fields, "person")?.expect("checked above"),
            items: match fields.get("items") {
                None => None,
                Some(toml::Value::Array(values)) => {
                    let mut items = Vec::with_capacity(values.len());
                    for value in values {
                        match value {
                            toml::Value::String(name) if ItemRef::new(name).is_some() => {
                                items.push(ItemRef::new(name).expect("checked by the guard"))
                            }
                            other => {
                                return Err(format!(
                                    "`items` must be a list of item ids, and holds {}",
                                    kind(other)
                                ));
                            }
                        }
                    }
                    if items.is_empty() {
                        return Err(
                            "`items` is empty: leave it out to consent to disclosure everywhere"
                                .to_string(),
                        );
                    }
                    Some(items)
                }
                Some(other) => {
                    return Err(format!(
                        "`items` must be a list of item ids, not {}",
                        kind(other)
                    ));
                }
            },
        },
        "agency" => {
            let answer = match text(fields, "answer")?.expect("checked above").as_str() {
                "disclose" => Answer::Disclose,
                "withhold" => Answer::Withhold,
                other => {
                    return Err(format!(
                        "`answer` = `{other}`: expected `disclose` or `withhold`"
                    ));
                }
            };
            let asked = date(fields, "asked")?.expect("checked above");
            let answered = date(fields, "answered")?.expect("checked above");
            if answered < asked {
                return Err(format!(
                    "`answered` = {answered} is before `asked` = {asked}"
                ));
            }
            Action::Agency {
                agency: text(fields, "agency")?.expect("checked above"),
                answer,
                asked,
                answered,
            }
        }
        "redact-area" => {
            let page = match fields.get("page").expect("checked above") {
                toml::Value::Integer(page) if *page >= 1 && *page <= i64::from(u32::MAX) => {
                    u32::try_from(*page).expect("checked by the guard")
                }
                other => {
                    return Err(format!(
                        "`page` must be a page number from 1, not {}",
                        shown(other)
                    ));
                }
            };
            Action::RedactArea {
                item: required_item()?,
                page,
                area: area(fields.get("box").expect("checked above"))?,
                code: code()?,
            }
        }
        _ => unreachable!("keys_of knows every action"),
    };
    Ok(Decision {
        by,
        on,
        why,
        action,
    })
}

/// A text value, trimmed; an empty one is an error (every key that takes text needs some).
fn text(fields: &toml::Table, key: &str) -> Result<Option<String>, String> {
    match fields.get(key) {
        None => Ok(None),
        Some(toml::Value::String(value)) if !value.trim().is_empty() => {
            Ok(Some(value.trim().to_string()))
        }
        Some(toml::Value::String(_)) => Err(format!("`{key}` is empty")),
        Some(other) => Err(format!("`{key}` must be text, not {}", kind(other))),
    }
}

/// A TOML date (`2026-11-20`) or the same as text.
fn date(fields: &toml::Table, key: &str) -> Result<Option<Date>, String> {
    let written = match fields.get(key) {
        None => return Ok(None),
        Some(toml::Value::String(value)) => value.trim().to_string(),
        Some(toml::Value::Datetime(value)) if value.time.is_none() && value.offset.is_none() => {
            value.to_string()
        }
        Some(other) => {
            return Err(format!(
                "`{key}` must be a date (YYYY-MM-DD), not {}",
                shown(other)
            ));
        }
    };
    crate::request::parse_date(&written)
        .map(Some)
        .map_err(|message| format!("`{key}`: {message}"))
}

fn area(value: &toml::Value) -> Result<Area, String> {
    let toml::Value::Array(values) = value else {
        return Err(format!(
            "`box` must be [x0, y0, x1, y1] in PDF points, not {}",
            shown(value)
        ));
    };
    let numbers: Option<Vec<f64>> = values
        .iter()
        .map(|value| match value {
            toml::Value::Integer(number) => Some(*number as f64),
            toml::Value::Float(number) if number.is_finite() => Some(*number),
            _ => None,
        })
        .collect();
    match numbers.as_deref() {
        Some(&[x0, y0, x1, y1]) if x0 < x1 && y0 < y1 => Ok(Area { x0, y0, x1, y1 }),
        Some(&[_, _, _, _]) => Err(format!(
            "`box` = {}: x0 must be less than x1 and y0 less than y1 (PDF points, origin bottom left)",
            shown(value)
        )),
        _ => Err(format!(
            "`box` = {}: expected four numbers [x0, y0, x1, y1] in PDF points",
            shown(value)
        )),
    }
}

fn kind(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "text",
        toml::Value::Integer(_) => "a whole number",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "true/false",
        toml::Value::Datetime(_) => "a date or time",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

fn shown(value: &toml::Value) -> String {
    format!("`{value}`")
}

/// The TOML text of one entry, ending in a newline: `[[decision]]` and its keys, `action`
/// first, values quoted by the TOML writer (so any text round-trips).
pub fn to_toml(decision: &Decision) -> String {
    let mut out = String::from("[[decision]]\n");
    let mut key = |name: &str, value: toml::Value| {
        out.push_str(name);
        out.push_str(" = ");
        out.push_str(&value.to_string());
        out.push('\n');
    };
    let string = |text: &str| toml::Value::String(text.to_string());
    let day = |date: Date| {
        toml::Value::Datetime(toml::value::Datetime {
            date: Some(toml::value::Date {
                year: u16::try_from(date.year()).expect("a civil date's year is 0-9999"),
                month: u8::try_from(date.month()).expect("months are 1-12"),
                day: u8::try_from(date.day()).expect("days are 1-31"),
            }),
            time: None,
            offset: None,
        })
    };
    key("action", string(decision.action.name()));
    match &decision.action {
        Action::Redact { text, item, code } => {
            key("text", string(text.as_str()));
            if let Some(item) = item {
                key("item", string(item.as_str()));
            }
            if let Some(code) = code {
                key("code", string(&code.0));
            }
        }
        Action::Keep { text, item } => {
            key("text", string(text.as_str()));
            if let Some(item) = item {
                key("item", string(item.as_str()));
            }
        }
        Action::Release { item }
        | Action::Disclose { item }
        | Action::AboutSubject { item }
        | Action::NotAboutSubject { item } => key("item", string(item.as_str())),
        Action::Withhold { item, code, reason } => {
            key("item", string(item.as_str()));
            key("code", string(&code.0));
            if let Some(reason) = reason {
                key("reason", string(reason));
            }
        }
        Action::Consent { person, items } => {
            key("person", string(person));
            if let Some(items) = items {
                key(
                    "items",
                    toml::Value::Array(items.iter().map(|item| string(item.as_str())).collect()),
                );
            }
        }
        Action::Agency {
            agency,
            answer,
            asked,
            answered,
        } => {
            key("agency", string(agency));
            key("answer", string(answer.label()));
            key("asked", day(*asked));
            key("answered", day(*answered));
        }
        Action::RedactArea {
            item,
            page,
            area,
            code,
        } => {
            key("item", string(item.as_str()));
            key("page", toml::Value::Integer(i64::from(*page)));
            key(
                "box",
                toml::Value::Array(
                    [area.x0, area.y0, area.x1, area.y1]
                        .into_iter()
                        .map(toml::Value::Float)
                        .collect(),
                ),
            );
            if let Some(code) = code {
                key("code", string(&code.0));
            }
        }
    }
    key("by", string(&decision.by));
    key("on", day(decision.on));
    key("why", string(&decision.why));
    out
}

/// Appends `decision` to the decisions file at `path` (creating it), atomically: the new file is
/// written beside the old one and renamed over it, under a lock on `.<name>.lock` in the same
/// folder, so two reviewers appending at once both land and a reader never sees half an entry.
/// The existing text is kept byte for byte. Refuses, changing nothing, when the file as it would
/// be is not a valid decisions file (the existing one is broken, or the decision does not
/// round-trip).
pub fn append(path: &Path, decision: &Decision) -> Result<(), DecisionsError> {
    let write_error = |source| DecisionsError::Write {
        path: path.to_path_buf(),
        source,
    };
    let folder = path.parent().unwrap_or_else(|| Path::new(""));
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "decisions.toml".to_string());
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(folder.join(format!(".{name}.lock")))
        .map_err(write_error)?;
    lock.lock().map_err(write_error)?;

    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(DecisionsError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    let before = parse(&text, path)?.entries.len();
    if !text.is_empty() {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
    }
    let entry = to_toml(decision);
    text.push_str(&entry);
    let after = parse(&text, path)?;
    if after.entries.len() != before + 1
        || after.entries.last().map(|entry| &entry.decision) != Some(decision)
    {
        return Err(DecisionsError::File {
            path: path.to_path_buf(),
            message: format!("the new entry would not read back as written:\n{entry}"),
        });
    }
    let temporary = folder.join(format!(".{name}.partial"));
    let mut file = std::fs::File::create(&temporary).map_err(write_error)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(write_error)?;
    drop(file);
    std::fs::rename(&temporary, path).map_err(write_error)?;
    // The lock is released when `lock` is dropped, after the rename.
    drop(lock);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Decisions, DecisionsError> {
        parse(text, Path::new("decisions.toml"))
    }

    const COMMON: &str = "by = \"Anita Shah\"\non = 2026-11-20\nwhy = \"checked\"\n";

    fn one(body: &str) -> Result<Decision, String> {
        parsed(&format!("[[decision]]\n{body}{COMMON}"))
            .map(|mut decisions| decisions.entries.remove(0).decision)
            .map_err(|error| error.to_string())
    }

    #[test]
    fn every_action_reads_and_round_trips() {
        let bodies = [
            "action = \"redact\"\ntext = \"Uncle  Ray\"\n",
            "action = \"redact\"\ntext = \"Ray\"\nitem = \"N-00007\"\ncode = \"TP-SRC\"\n",
            "action = \"keep\"\ntext = \"Arrange\"\n",
            "action = \"keep\"\ntext = \"Liam\"\nitem = \"case-notes.csv#CN-1036\"\n",
            "action = \"release\"\nitem = \"N-00042\"\n",
            "action = \"withhold\"\nitem = \"D-00003\"\ncode = \"SW-HARM\"\nreason = \"Would \\\"harm\\\" you\"\n",
            "action = \"withhold\"\nitem = \"D-00003\"\ncode = \"CRIME\"\n",
            "action = \"disclose\"\nitem = \"documents/2015-06-30-school-report.docx\"\n",
            "action = \"consent\"\nperson = \"P002\"\n",
            "action = \"consent\"\nperson = \"P002\"\nitems = [\"N-00001\", \"N-00002\"]\n",
            "action = \"agency\"\nagency = \"Westshire Police\"\nanswer = \"withhold\"\nasked = 2026-11-05\nanswered = \"2026-11-12\"\n",
            "action = \"redact-area\"\nitem = \"D-00002\"\npage = 1\nbox = [72, 600.5, 300, 700]\n",
            "action = \"redact-area\"\nitem = \"D-00002\"\npage = 2\nbox = [0, 0, 612, 792]\ncode = \"TP-SRC\"\n",
            "action = \"about-subject\"\nitem = \"N-00018\"\n",
            "action = \"not-about-subject\"\nitem = \"N-00032\"\n",
        ];
        let mut seen = std::collections::BTreeSet::new();
        for body in bodies {
            let decision = one(body).unwrap_or_else(|error| panic!("{body}: {error}"));
            seen.insert(decision.action.name());
            assert_eq!(decision.by, "Anita Shah");
            assert_eq!(decision.on, jiff::civil::date(2026, 11, 20));
            let again = parsed(&to_toml(&decision)).unwrap();
            assert_eq!(
                again.entries[0].decision,
                decision,
                "{}",
                to_toml(&decision)
            );
        }
        assert_eq!(seen.len(), ACTIONS.len(), "{seen:?}");
    }

    #[test]
    fn each_error_names_the_entry_and_what_to_do() {
        // (what is wrong, the entry, a piece of the message)
        let cases = [
            (
                "unknown action",
                "action = \"erase\"\n",
                "unknown action `erase`",
            ),
            ("no action", "", "no `action`"),
            (
                "unknown key",
                "action = \"release\"\niten = \"N-1\"\n",
                "unknown key `iten` for action `release`",
            ),
            (
                "key of another action",
                "action = \"release\"\nitem = \"N-1\"\ncode = \"TP\"\n",
                "unknown key `code`",
            ),
            (
                "missing key",
                "action = \"withhold\"\nitem = \"N-1\"\n",
                "needs `code`",
            ),
            (
                "empty text",
                "action = \"keep\"\ntext = \"  \"\n",
                "`text` is empty",
            ),
            (
                "punctuation only",
                "action = \"keep\"\ntext = \"--\"\n",
                "no letter or digit",
            ),
            (
                "wrong type",
                "action = \"release\"\nitem = 7\n",
                "`item` must be text",
            ),
            (
                "bad answer",
                "action = \"agency\"\nagency = \"X\"\nanswer = \"maybe\"\nasked = 2026-11-01\nanswered = 2026-11-02\n",
                "expected `disclose` or `withhold`",
            ),
            (
                "answered before asked",
                "action = \"agency\"\nagency = \"X\"\nanswer = \"disclose\"\nasked = 2026-11-05\nanswered = 2026-11-02\n",
                "before `asked`",
            ),
            (
                "bad date",
                "action = \"agency\"\nagency = \"X\"\nanswer = \"disclose\"\nasked = \"2026-02-30\"\nanswered = 2026-11-02\n",
                "`asked`",
            ),
            (
                "page zero",
                "action = \"redact-area\"\nitem = \"D-1\"\npage = 0\nbox = [0, 0, 1, 1]\n",
                "`page` must be a page number",
            ),
            (
                "box inside out",
                "action = \"redact-area\"\nitem = \"D-1\"\npage = 1\nbox = [10, 0, 1, 1]\n",
                "x0 must be less than x1",
            ),
            (
                "box of three",
                "action = \"redact-area\"\nitem = \"D-1\"\npage = 1\nbox = [0, 0, 1]\n",
                "four numbers",
            ),
            (
                "empty items",
                "action = \"consent\"\nperson = \"P002\"\nitems = []\n",
                "`items` is empty",
            ),
        ];
        for (what, body, expected) in cases {
            let text = format!(
                "# a comment\n\n[[decision]]\naction = \"release\"\nitem = \"N-1\"\n{COMMON}\n[[decision]]\n{body}{COMMON}"
            );
            let error = parsed(&text).unwrap_err().to_string();
            assert!(
                error.contains("`decisions.toml`: decision 2 (line 10)"),
                "{what}: {error}"
            );
            assert!(error.contains(expected), "{what}: {error}");
        }
        for (what, common, expected) in [
            ("no by", "on = 2026-11-20\nwhy = \"x\"\n", "needs `by`"),
            (
                "empty by",
                "by = \"  \"\non = 2026-11-20\nwhy = \"x\"\n",
                "`by` is empty",
            ),
            (
                "missing why",
                "by = \"A\"\non = 2026-11-20\n",
                "needs `why`",
            ),
            (
                "empty why",
                "by = \"A\"\non = 2026-11-20\nwhy = \"\"\n",
                "`why` is empty",
            ),
            ("no on", "by = \"A\"\nwhy = \"x\"\n", "needs `on`"),
            (
                "a time, not a date",
                "by = \"A\"\non = 2026-11-20T10:00:00\nwhy = \"x\"\n",
                "`on` must be a date",
            ),
        ] {
            let text = format!("[[decision]]\naction = \"release\"\nitem = \"N-1\"\n{common}");
            let error = parsed(&text).unwrap_err().to_string();
            assert!(error.contains("decision 1 (line 1)"), "{what}: {error}");
            assert!(error.contains(expected), "{what}: {error}");
        }
        let error = parsed("decisions = []\n").unwrap_err().to_string();
        assert!(error.contains("unknown key `decisions`"), "{error}");
        let error = parsed("[[decision]\n").unwrap_err().to_string();
        assert!(error.contains("not a valid TOML file"), "{error}");
    }

    #[test]
    fn an_unknown_code_is_refused_once_the_policy_is_known() {
        let decisions = parsed(&format!(
            "[[decision]]\naction = \"withhold\"\nitem = \"N-1\"\ncode = \"NOPE\"\n{COMMON}"
        ))
        .unwrap();
        let error = decisions
            .check_codes(|code| code.0 == "TP")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("code `NOPE` is not in the redaction key"),
            "{error}"
        );
        assert!(decisions.check_codes(|code| code.0 == "NOPE").is_ok());
        // A redact-area's code is checked the same way, naming its entry.
        let decisions = parsed(&format!(
            "[[decision]]\naction = \"release\"\nitem = \"N-1\"\n{COMMON}\n[[decision]]\naction = \"redact-area\"\nitem = \"D-1\"\npage = 1\nbox = [0, 0, 10, 10]\ncode = \"NOPE\"\n{COMMON}"
        ))
        .unwrap();
        let error = decisions
            .check_codes(|code| code.0 == "TP")
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("decision 2")
                && error.contains("code `NOPE` is not in the redaction key"),
            "{error}"
        );
    }

    #[test]
    fn a_decision_that_matches_nothing_is_a_warning_naming_it() {
        // (the entry, whether it matches this run, a piece of the warning)
        let cases = [
            ("action = \"release\"\nitem = \"N-00001\"\n", true, ""),
            (
                "action = \"release\"\nitem = \"case-notes.csv#CN-1\"\n",
                true,
                "",
            ),
            (
                "action = \"withhold\"\nitem = \"N-09999\"\ncode = \"TP\"\n",
                false,
                "no item is `N-09999`",
            ),
            ("action = \"consent\"\nperson = \"P002\"\n", true, ""),
            (
                "action = \"consent\"\nperson = \"P404\"\n",
                false,
                "`P404` is not a person in people.csv",
            ),
            (
                "action = \"consent\"\nperson = \"P002\"\nitems = [\"N-00001\", \"N-07777\"]\n",
                false,
                "no item is `N-07777`",
            ),
            (
                "action = \"agency\"\nagency = \"westshire police\"\nanswer = \"disclose\"\nasked = 2026-11-01\nanswered = 2026-11-02\n",
                true,
                "",
            ),
            (
                "action = \"agency\"\nagency = \"Eastshire Police\"\nanswer = \"disclose\"\nasked = 2026-11-01\nanswered = 2026-11-02\n",
                false,
                "no record was supplied by `Eastshire Police`",
            ),
            // Entry 9: applied on some item (the run says so).
            ("action = \"redact\"\ntext = \"Uncle Ray\"\n", true, ""),
            (
                "action = \"redact\"\ntext = \"Uncle Bob\"\n",
                false,
                "\"Uncle Bob\" is not in any record that ships",
            ),
            (
                "action = \"keep\"\ntext = \"Arrange\"\n",
                false,
                "\"Arrange\" is not a finding in any record that ships",
            ),
            (
                "action = \"keep\"\ntext = \"Arrange\"\nitem = \"N-05555\"\n",
                false,
                "no item is `N-05555`",
            ),
        ];
        let text: String = cases
            .iter()
            .map(|(body, _, _)| format!("[[decision]]\n{body}{COMMON}\n"))
            .collect();
        let decisions = parsed(&text).unwrap();
        let run = RunFacts {
            items: vec![("N-00001", "case-notes.csv#CN-1".to_string())],
            people: vec!["P001", "P002"],
            agencies: vec!["Westshire Police"],
        };
        let applied = std::collections::BTreeSet::from([9]);
        let warnings = decisions.unmatched(&run, &applied);
        let expected: Vec<(usize, &str)> = cases
            .iter()
            .enumerate()
            .filter(|(_, (_, matches, _))| !matches)
            .map(|(index, (_, _, warning))| (index + 1, *warning))
            .collect();
        assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
        for (warning, (number, piece)) in warnings.iter().zip(expected) {
            assert!(
                warning.starts_with(&format!("decision {number} (line ")),
                "{warning}"
            );
            assert!(warning.contains("matched nothing"), "{warning}");
            assert!(warning.contains(piece), "{warning}");
        }
    }

    #[test]
    fn phrases_match_whole_words_ignoring_case_spacing_and_line_breaks() {
        let phrase = Phrase::new("Uncle  Ray").unwrap();
        let text = "uncle\nRAY came; UncleRay left; Uncle Rayner stayed; my uncle ray.";
        let found: Vec<&str> = phrase
            .find(text)
            .iter()
            .map(|span| &text[span.start..span.end])
            .collect();
        assert_eq!(found, ["uncle\nRAY", "UncleRay", "uncle ray"]);
        let phone = Phrase::new("+44 7700 900461").unwrap();
        assert_eq!(phone.find("call +447700900461 now").len(), 1);
        assert!(Phrase::new("Al").unwrap().find("Alan and Sal").is_empty());
        assert_eq!(Phrase::new("Zoë").unwrap().find("ZOË, zoë").len(), 2);
    }

    #[test]
    fn append_keeps_what_was_there_and_adds_a_well_formed_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decisions.toml");
        let existing = "# decisions for SAR-1\n[[decision]]\naction = \"release\"\nitem = \"N-1\"\nby = \"A\"\non = 2026-11-20\nwhy = \"fine\"";
        std::fs::write(&path, existing).unwrap();
        let decision = Decision {
            by: "Anita Shah".to_string(),
            on: jiff::civil::date(2026, 11, 21),
            why: "a \"quoted\" reason\nover two lines".to_string(),
            action: Action::Redact {
                text: Phrase::new("Uncle Ray").unwrap(),
                item: None,
                code: None,
            },
        };
        append(&path, &decision).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with(existing), "{text}");
        let decisions = load(&path).unwrap();
        assert_eq!(decisions.entries.len(), 2);
        assert_eq!(decisions.entries[1].decision, decision);
        assert_eq!(decisions.entries[1].line, 9);
        // A new file is created; a broken one is refused and left alone.
        let fresh = dir.path().join("new.toml");
        append(&fresh, &decision).unwrap();
        assert_eq!(load(&fresh).unwrap().entries.len(), 1);
        let broken = dir.path().join("broken.toml");
        std::fs::write(&broken, "[[decision]]\naction = \"erase\"\n").unwrap();
        assert!(append(&broken, &decision).is_err());
        assert_eq!(
            std::fs::read_to_string(&broken).unwrap(),
            "[[decision]]\naction = \"erase\"\n"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn concurrent_appends_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("decisions.toml");
        std::thread::scope(|scope| {
            for n in 0..8 {
                let path = &path;
                scope.spawn(move || {
                    let decision = Decision {
                        by: format!("Reviewer {n}"),
                        on: jiff::civil::date(2026, 11, 21),
                        why: "checked".to_string(),
                        action: Action::Release {
                            item: ItemRef::new(&format!("N-{n:05}")).unwrap(),
                        },
                    };
                    append(path, &decision).unwrap();
                });
            }
        });
        assert_eq!(load(&path).unwrap().entries.len(), 8);
    }
}
