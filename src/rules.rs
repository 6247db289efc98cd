//! Detection rule ids: the closed catalogue of every rule the detector emits, and [`RuleId`],
//! the type of [`Finding::rule`](crate::model::Finding::rule), whose only values are the
//! catalogue's (issue 12: "rule ids become a type checked against `policy.toml` at start-up").
//!
//! A rule id names the rule that found a piece of personal data (`register.full-name`,
//! `unregistered.title-name`, `pattern.uk-phone`). It is counted by the evaluation, written in
//! the plan and the redaction log, and some ids carry meaning elsewhere: the gathering rule
//! (`policy.toml`'s `subject_rules`, checked against this catalogue when the policy loads) and
//! the verifier's weak terms (`unregistered.*`, `consolidate.*`). A misspelt id in the detector
//! would be a finding the policy never honours, so ids are not free strings:
//! - a literal id is made with `const { RuleId::known("...") }`, refused when the crate is built
//!   (`cargo build`, `cargo test`; `cargo check` does not evaluate constants) when it is not in
//!   [`FAMILIES`];
//! - an id put together from parts (a register person's prefix and form) goes through
//!   [`RuleId::emitted`], and each detector module has a test that puts together every
//!   combination its code can make and checks it is catalogued;
//! - `pattern.<id>` names an entry of `patterns/identifiers.toml`, checked when the file loads
//!   (an id that is not lower-case words joined by `-` is refused, naming the entry);
//! - ids read back (a policy's `subject_rules`) go through [`RuleId::new`].
//!
//! The table is the one place to add a rule; `patterns/README.md` explains each.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::SubjectRule;

/// One family of rules: ids `<prefix>.<name>`, and whose data they find.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub prefix: &'static str,
    /// The names after the prefix; empty for `pattern`, whose names are the ids of
    /// `patterns/identifiers.toml`.
    pub names: &'static [&'static str],
    /// Whose data the family finds and what becomes of it, in words.
    pub owner: &'static str,
}

/// The forms of a person the register names (the subject, a professional, a third party),
/// as `detect::register` and `detect` write them: each name form, also after a title
/// (`title-full-name`), an alias that is an ordinary word (`alias-word`), and the contact forms.
const PERSON_FORMS: &[&str] = &[
    "full-name",
    "alias",
    "alias-word",
    "first-name",
    "surname",
    "variant",
    "initials",
    "title-full-name",
    "title-alias",
    "title-alias-word",
    "title-first-name",
    "title-surname",
    "title-variant",
    "title-initials",
    "address",
    "street",
    "postcode",
    "phone",
    "email",
    "dob",
    "id",
];

/// Every rule the detector emits. `patterns/README.md` ("Rules") explains each.
pub const FAMILIES: &[Family] = &[
    Family {
        prefix: "subject",
        names: PERSON_FORMS,
        owner: "the subject's own data: kept; `full-name`, `alias`, `alias-word` and `id` can bring an item in (policy.toml `subject_rules`)",
    },
    Family {
        prefix: "professional",
        names: PERSON_FORMS,
        owner: "a professional in their role: kept",
    },
    Family {
        prefix: "register",
        names: PERSON_FORMS,
        owner: "a third party the register names: redacted unless they consented",
    },
    Family {
        prefix: "register",
        names: &[
            // A title and a surname several register people share (redacted for review).
            "title-surname-ambiguous",
            // Forms in the verifier's joined reading (`detect::joined`).
            "joined-full-name",
            "joined-alias",
            "joined-first-name",
            "joined-phone",
            "joined-address",
            "joined-street",
            // Found in a PDF page's visual reading order, not its drawing order
            // (`detect::reading`).
            "reading-order",
        ],
        owner: "a third party the register names: redacted unless they consented",
    },
    Family {
        prefix: "unregistered",
        names: &[
            "title-name",
            "title-shared-surname",
            "name-relationship",
            "relationship-name",
            "relationship-not-professional",
            "full-name",
            "forename",
            "capitalised-name",
            "surname-forename",
            "surname-before-register-forename",
            "surname-after-register-forename",
            "forename-surname",
            "lower-case-name",
            "family-title-name",
            "nickname",
            "possessive-relationship",
            "possessive-home",
            "place-word-surname",
            "model",
            "other-script",
            "other-script-beside-name",
            "name-verb",
            "family-surname",
            "capitals-surname",
            "surname-again",
            "hyphenated-given-name",
            "named",
            "listed-with-name",
            "initial-surname",
            "title-initial",
            "relationship-initial",
            "verb-name",
        ],
        owner: "someone the register does not name: redacted",
    },
    Family {
        prefix: "role",
        names: &[
            // A name the register does not hold, standing in role ("Mrs Akhtar (DSL)", "IRO
            // Marcia Thompson"): kept, and a weak guess of the same name elsewhere is hers.
            "professional-in-role",
        ],
        owner: "a professional the register does not name, in role: kept",
    },
    Family {
        prefix: "consolidate",
        names: &[
            "full-name",
            "first-name",
            "title-surname",
            "surname",
            "initials",
        ],
        owner: "a name found in one record, looked for in every record: as the finding it spreads",
    },
    Family {
        prefix: "pattern",
        names: &[],
        owner: "an identifier of `patterns/identifiers.toml` that is no one's known: redacted",
    },
];

/// The family whose names are the ids of `patterns/identifiers.toml`.
const PATTERN: &str = "pattern";

/// A detection rule id that is in the catalogue ([`FAMILIES`]). Serialised as its text, so the
/// plan and the redaction log read as before.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(Cow<'static, str>);

/// An id that is not in the catalogue, with what is wrong in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{id}` is not a rule the detector emits: {why}")]
pub struct UnknownRule {
    pub id: String,
    pub why: String,
}

const fn same(a: &[u8], start: usize, end: usize, b: &[u8]) -> bool {
    if end - start != b.len() {
        return false;
    }
    let mut at = 0;
    while at < b.len() {
        if a[start + at] != b[at] {
            return false;
        }
        at += 1;
    }
    true
}

/// A name of `pattern.<name>`: lower-case letters and digits in words joined by `-`.
const fn is_pattern_name(name: &[u8], start: usize) -> bool {
    if start >= name.len() || name[start] == b'-' || name[name.len() - 1] == b'-' {
        return false;
    }
    let mut at = start;
    while at < name.len() {
        let byte = name[at];
        let dash_twice = byte == b'-' && name[at - 1] == b'-';
        if !(byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-') || dash_twice {
            return false;
        }
        at += 1;
    }
    true
}

/// Whether `id` is in the catalogue (a `pattern.` id only needs the form of one).
const fn catalogued(id: &str) -> bool {
    let bytes = id.as_bytes();
    let mut dot = 0;
    while dot < bytes.len() && bytes[dot] != b'.' {
        dot += 1;
    }
    if dot == bytes.len() {
        return false;
    }
    let mut family = 0;
    while family < FAMILIES.len() {
        let prefix = FAMILIES[family].prefix.as_bytes();
        if same(bytes, 0, dot, prefix) {
            if same(prefix, 0, prefix.len(), PATTERN.as_bytes()) {
                return is_pattern_name(bytes, dot + 1);
            }
            let names = FAMILIES[family].names;
            let mut name = 0;
            while name < names.len() {
                if same(bytes, dot + 1, bytes.len(), names[name].as_bytes()) {
                    return true;
                }
                name += 1;
            }
        }
        family += 1;
    }
    false
}

impl RuleId {
    /// A catalogued rule, for a literal id: write `const { RuleId::known("unregistered.model") }`
    /// and a misspelt id does not compile.
    pub const fn known(id: &'static str) -> RuleId {
        if !catalogued(id) {
            panic!("a rule id that is not in the catalogue (src/rules.rs FAMILIES)");
        }
        RuleId(Cow::Borrowed(id))
    }

    /// A catalogued rule from its text, or what is wrong with it.
    pub fn new(id: &str) -> Result<RuleId, UnknownRule> {
        if catalogued(id) {
            return Ok(RuleId(Cow::Owned(id.to_string())));
        }
        let prefix = id.split('.').next().unwrap_or_default();
        let why = if let Some(name) = id.strip_prefix("pattern.") {
            format!(
                "`{name}` is not an identifier id (lower-case letters and digits in words joined by `-`)"
            )
        } else if id.contains('.') && FAMILIES.iter().any(|family| family.prefix == prefix) {
            let names: Vec<String> = FAMILIES
                .iter()
                .filter(|family| family.prefix == prefix)
                .flat_map(|family| family.names)
                .map(|name| format!("`{prefix}.{name}`"))
                .collect();
            format!("the `{prefix}` rules are {}", names.join(", "))
        } else {
            format!(
                "rule ids start with {}",
                FAMILIES
                    .iter()
                    .map(|family| format!("`{}.`", family.prefix))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Err(UnknownRule {
            id: id.to_string(),
            why,
        })
    }

    /// A rule put together from parts by the detector (a register person's prefix and form).
    /// Each module that puts ids together tests every combination its code can make, so this
    /// holds by construction.
    pub fn emitted(id: String) -> RuleId {
        assert!(
            catalogued(&id),
            "the detector made the rule id `{id}`, which is not in src/rules.rs FAMILIES"
        );
        RuleId(Cow::Owned(id))
    }

    /// `pattern.<id>` for an entry of `patterns/identifiers.toml`.
    pub fn pattern(id: &str) -> Result<RuleId, UnknownRule> {
        RuleId::new(&format!("{PATTERN}.{id}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The gathering rule this is, if any.
    pub fn subject_rule(&self) -> Option<SubjectRule> {
        SubjectRule::from_id(self.as_str())
    }

    /// Every catalogued id but the `pattern.` ones, in table order.
    pub fn all() -> impl Iterator<Item = RuleId> {
        FAMILIES.iter().flat_map(|family| {
            family
                .names
                .iter()
                .map(move |name| RuleId(Cow::Owned(format!("{}.{name}", family.prefix))))
        })
    }
}

impl std::ops::Deref for RuleId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RuleId, D::Error> {
        let text = String::deserialize(deserializer)?;
        RuleId::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogued_ids_are_accepted_and_others_refused_saying_why() {
        for id in [
            "subject.full-name",
            "register.title-surname-ambiguous",
            "register.joined-phone",
            "unregistered.other-script",
            "consolidate.initials",
            "pattern.uk-phone",
            "pattern.nhs-number",
        ] {
            assert_eq!(RuleId::new(id).unwrap().as_str(), id);
        }
        for (id, why) in [
            (
                "subject.fullname",
                "the `subject` rules are `subject.full-name`",
            ),
            ("register.joined-dob", "`register.joined-phone`"),
            ("unregistered", "rule ids start with"),
            ("person.full-name", "`unregistered.`"),
            ("pattern.UK phone", "not an identifier id"),
            ("pattern.", "not an identifier id"),
            ("pattern.uk--phone", "not an identifier id"),
            ("pattern.uk-phone-", "not an identifier id"),
            ("", "rule ids start with"),
        ] {
            let error = RuleId::new(id).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("`{id}` is not a rule the detector emits")),
                "{error}"
            );
            assert!(error.contains(why), "{id}: {error}");
        }
    }

    #[test]
    fn ids_are_unique_and_serialise_as_their_text() {
        let all: Vec<RuleId> = RuleId::all().collect();
        let distinct: std::collections::BTreeSet<&RuleId> = all.iter().collect();
        assert_eq!(distinct.len(), all.len(), "a rule listed twice");
        let rule = const { RuleId::known("unregistered.model") };
        assert_eq!(
            serde_json::to_string(&rule).unwrap(),
            "\"unregistered.model\""
        );
        let back: RuleId = serde_json::from_str("\"unregistered.model\"").unwrap();
        assert_eq!(back, rule);
        assert!(serde_json::from_str::<RuleId>("\"unregistered.modle\"").is_err());
    }

    #[test]
    fn every_gathering_rule_is_a_catalogued_subject_rule() {
        for rule in SubjectRule::ALL {
            let id = RuleId::new(rule.id()).unwrap();
            assert_eq!(id.subject_rule(), Some(rule));
        }
    }
}
