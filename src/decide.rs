//! Decision: applies the disclosure policy to an item and its findings, producing a
//! [`Decision`] — disposition, reason and legal basis, and every redaction — as plain data.
//!
//! The policy itself is data (`patterns/policy.toml`): the redaction key, and the rules that map an
//! item's metadata to a disposition, applied in a fixed order documented in that file. This module
//! holds no case-specific `if`s beyond that order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{
    Code, CodeMeaning, Decision, Disposition, Finding, Item, Owner, Reason, Redaction, Register,
    Request, Span,
};

#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a valid policy file: {message}")]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(rename = "code")]
    codes: Vec<CodeMeaning>,
    third_party_code: Code,
    restricted_default: Code,
    referred_code: Code,
    review_code: Code,
    excluded_code: Code,
    agency_default: Code,
    subject_rules: Vec<String>,
    #[serde(default, rename = "type_rule")]
    type_rules: Vec<TypeRule>,
    #[serde(default, rename = "restriction_rule")]
    restriction_rules: Vec<WordRule>,
    #[serde(default, rename = "agency_rule")]
    agency_rules: Vec<WordRule>,
    /// Rules for a parent's request for a child: the first whose words occur in the record's
    /// type, restriction reason or text holds the record for a person's decision.
    #[serde(default, rename = "parent_rule")]
    parent_rules: Vec<ParentRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ParentRule {
    words: Vec<String>,
    code: Code,
    /// Plain English for the requester's schedule.
    reason: String,
    /// What the reviewer must decide.
    review: String,
    /// Whether the rule is Part 5 (child abuse data), which does not apply in Scotland.
    #[serde(default)]
    child_abuse_data: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeRule {
    words: Vec<String>,
    disposition: Disposition,
    code: Code,
    reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WordRule {
    words: Vec<String>,
    code: Code,
}

/// The policy for one run: the policy file, plus what the request says (the subject, and which
/// agencies agreed to disclosure) and who in the register is a protected third party.
#[derive(Debug, Clone)]
pub struct Policy {
    file: PolicyFile,
    subject_id: String,
    /// (agency name lower-cased, its answer: `None` while asked and not yet answered, the name
    /// as the request file spells it: the DPO's words, which the requester may see)
    agencies: Vec<(String, Option<bool>, String)>,
    /// A parent asks for a child (DPA 2018 Sch 3 Part 3 para 10, Part 5 para 21 can apply).
    parent_for_child: bool,
    /// Part 5 (child abuse data) does not apply in Scotland (para 21(5)).
    scotland: bool,
    /// Lower-cased names and aliases of third parties without consent, to keep them out of the
    /// header of a rendered record (the author field), with the person's registered role.
    protected_names: Vec<(String, String)>,
    /// Lower-cased words of those names (first names, surnames), less the words of the subject's
    /// and professionals' names: an export column holding one is not shown.
    protected_words: BTreeSet<String>,
    /// Lower-cased names and aliases of registered professionals: shown as authors.
    professional_names: BTreeSet<String>,
}

/// What a typeset record's header and the requester's schedule show of the export's own columns
/// (issue 15): each value was examined by detection and checked against the register, and one
/// that may name someone is replaced by neutral words or left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The record type (the typeset record's title and the schedule's description).
    pub record_type: String,
    /// The author line; `None` shows none.
    pub author: Option<String>,
    /// The supplying agency, as the request file names it.
    pub agency: Option<String>,
}

impl Policy {
    /// Loads `policy.toml` from the patterns folder and binds it to this request.
    pub fn load(
        patterns: &Path,
        request: &Request,
        register: &Register,
    ) -> Result<Policy, PolicyError> {
        let path = patterns.join("policy.toml");
        let text = std::fs::read_to_string(&path).map_err(|source| PolicyError::Read {
            path: path.clone(),
            source,
        })?;
        Policy::from_toml(&text, &path, request, register)
    }

    pub fn from_toml(
        text: &str,
        path: &Path,
        request: &Request,
        register: &Register,
    ) -> Result<Policy, PolicyError> {
        let invalid = |message: String| PolicyError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: PolicyFile =
            toml::from_str(text).map_err(|error| invalid(error.to_string().trim().to_string()))?;
        // Every code a rule can produce must be in the key: an unexplained redaction is a defect.
        let known: BTreeSet<&Code> = file.codes.iter().map(|meaning| &meaning.code).collect();
        let used = [
            &file.third_party_code,
            &file.restricted_default,
            &file.referred_code,
            &file.review_code,
            &file.excluded_code,
            &file.agency_default,
        ]
        .into_iter()
        .chain(file.type_rules.iter().map(|rule| &rule.code))
        .chain(file.restriction_rules.iter().map(|rule| &rule.code))
        .chain(file.agency_rules.iter().map(|rule| &rule.code))
        .chain(file.parent_rules.iter().map(|rule| &rule.code));
        for code in used {
            if !known.contains(code) {
                return Err(invalid(format!(
                    "code `{code}` is used by a rule but has no [[code]] entry (meaning and legal basis)"
                )));
            }
        }
        let protected_names: Vec<(String, String)> = register
            .third_parties()
            .flat_map(|person| {
                std::iter::once(&person.name)
                    .chain(&person.aliases)
                    .map(|name| (name.trim().to_lowercase(), person.role.trim().to_string()))
            })
            .filter(|(name, _)| !name.is_empty())
            .collect();
        let professional_names: BTreeSet<String> = register
            .professionals()
            .flat_map(|person| std::iter::once(&person.name).chain(&person.aliases))
            .map(|name| name.trim().to_lowercase())
            .filter(|name| !name.is_empty())
            .collect();
        let kept_words: BTreeSet<String> = professional_names
            .iter()
            .cloned()
            .chain(
                std::iter::once(&request.subject.name)
                    .chain(&request.subject.aliases)
                    .map(|name| name.to_lowercase()),
            )
            .flat_map(|name| words(&name))
            .collect();
        let protected_words = protected_names
            .iter()
            .flat_map(|(name, _)| words(name))
            .filter(|word| !kept_words.contains(word))
            .collect();
        Ok(Policy {
            file,
            subject_id: request.subject.person_id.clone(),
            agencies: request
                .consulted_agencies
                .iter()
                .map(|consultation| {
                    (
                        consultation.agency.trim().to_lowercase(),
                        consultation.disclose,
                        consultation.agency.trim().to_string(),
                    )
                })
                .collect(),
            parent_for_child: request.parent_for_child(),
            scotland: request.region == crate::model::Region::Scotland,
            protected_names,
            protected_words,
            professional_names,
        })
    }

    /// The key entry for `code`.
    pub fn meaning(&self, code: &Code) -> Option<&CodeMeaning> {
        self.file.codes.iter().find(|meaning| &meaning.code == code)
    }

    /// Every code in key order.
    pub fn codes(&self) -> &[CodeMeaning] {
        &self.file.codes
    }

    fn reason(&self, code: &Code, text: String) -> Reason {
        Reason {
            code: Some(code.clone()),
            basis: self
                .meaning(code)
                .map(|meaning| meaning.basis.clone())
                .unwrap_or_default(),
            text,
            detail: String::new(),
        }
    }

    /// The reason for an item a person must review (e.g. the redactor refused it). The
    /// requester reads fixed words; `why` (which may quote a path, a value or an error) goes to
    /// the internal schedule only.
    pub fn review(&self, why: &str) -> Reason {
        Reason {
            detail: format!("could not be processed automatically: {why}"),
            ..self.reason(&self.file.review_code, REVIEW_TEXT.to_string())
        }
    }

    /// The reason for a record the verifier held back from the pack: the requester is told only
    /// that a person is checking it (what was found is third-party data and stays internal).
    pub fn held_back(&self) -> Reason {
        self.reason(
            &self.file.review_code,
            "A member of staff is checking this record before it is sent to you.".to_string(),
        )
    }

    /// What a typeset record and the requester's schedule show of `item`'s export columns.
    /// `examine` runs detection (with the names found across the pack) on a value; a value is
    /// shown only when detection finds nothing in it to remove and it holds no word of a
    /// protected third party's name. The author is shown when a registered professional, as
    /// their role when a protected third party (a letter written by a parent), otherwise only
    /// when examined clean; it is never allowed to stop the pack.
    pub fn shown(&self, item: &Item, examine: impl Fn(&str) -> Vec<Finding>) -> Shown {
        let clean = |value: &str| {
            let lower = value.to_lowercase();
            !words(&lower)
                .iter()
                .any(|word| self.protected_words.contains(word))
                && !self
                    .protected_names
                    .iter()
                    .any(|(name, _)| contains_words(&lower, name))
                && !examine(value)
                    .iter()
                    .any(|finding| must_redact(&finding.owner))
        };
        let record_type = item.record_type.trim();
        let record_type = if !record_type.is_empty() && clean(record_type) {
            record_type.to_string()
        } else {
            match item.format {
                crate::model::Format::CaseNote => "Case note",
                crate::model::Format::Email => "Email",
                _ => "Document",
            }
            .to_string()
        };
        let author = item.author.trim();
        let lower = author.to_lowercase();
        let author = if author.is_empty() {
            None
        } else if self.professional_names.contains(&lower) {
            Some(author.to_string())
        } else if let Some((_, role)) = self
            .protected_names
            .iter()
            .find(|(name, _)| contains_words(&lower, name))
        {
            (!role.is_empty() && clean(role)).then(|| role.clone())
        } else {
            clean(author).then(|| author.to_string())
        };
        let agency = item.agency.as_deref().and_then(|agency| {
            let lower = agency.trim().to_lowercase();
            self.agencies
                .iter()
                .find(|(name, _, _)| *name == lower)
                .map(|(_, _, spelled)| spelled.clone())
        });
        Shown {
            record_type,
            author,
            agency,
        }
    }
}

/// What the requester reads about a record a person must check: nothing about why in detail,
/// which could quote a file name, a faulty value or an error naming someone (issue 15).
const REVIEW_TEXT: &str = "A member of staff must check this record before it can be shared";

/// The words of a lower-cased name, split on anything but letters, digits and apostrophes.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_string)
        .collect()
}

/// Whether `haystack` contains `needle` on word boundaries (both lower-cased).
fn contains_words(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    haystack.match_indices(needle).any(|(start, _)| {
        let end = start + needle.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn first_match<'a>(rules: &'a [WordRule], text: &str) -> Option<&'a WordRule> {
    let text = text.to_lowercase();
    rules.iter().find(|rule| {
        rule.words
            .iter()
            .any(|word| contains_words(&text, &word.to_lowercase()))
    })
}

/// Whether a finding's data must be removed from the pack.
fn must_redact(owner: &Owner) -> bool {
    match owner {
        Owner::Subject | Owner::Professional { .. } | Owner::Requester { .. } => false,
        Owner::RegisteredThirdParty { consent, .. } => !consent,
        Owner::UnregisteredPerson | Owner::Unattributed => true,
    }
}

/// Whether the item is about the subject: linked to them in the export, or naming them in a way
/// the policy's `subject_rules` accept (full name, alias or id; a shared surname alone is not
/// enough).
fn about_subject(item: &Item, findings: &[Finding], policy: &Policy) -> bool {
    item.subjects.contains(&policy.subject_id)
        || findings.iter().any(|finding| {
            finding.owner == Owner::Subject && policy.file.subject_rules.contains(&finding.rule)
        })
}

/// Decides what happens to one item. Rules apply in the order documented in `policy.toml`.
pub fn decide(item: &Item, findings: &[Finding], policy: &Policy) -> Decision {
    let file = &policy.file;
    let decision = |disposition: Disposition, reason: Reason| Decision {
        item: item.id.clone(),
        disposition,
        reason,
        redactions: Vec::new(),
        review_notes: Vec::new(),
    };

    // 1. Unreadable or faulty: a person must look before anything is sent.
    if let crate::model::Content::Unreadable { reason } = &item.content {
        return decision(Disposition::PendingReview, policy.review(reason));
    }
    if !item.problems.is_empty() {
        // The problems quote the export's values ("`see Gary Pritchard stmt` is not a date"):
        // internal only.
        return decision(
            Disposition::PendingReview,
            Reason {
                detail: format!(
                    "the export of this record is faulty: {}",
                    item.problems.join("; ")
                ),
                ..policy.reason(&file.review_code, REVIEW_TEXT.to_string())
            },
        );
    }

    // 2. Not about the subject: never enters the pack.
    if !about_subject(item, findings, policy) {
        return decision(
            Disposition::Excluded,
            policy.reason(
                &file.excluded_code,
                "Not about the subject: not linked to them and does not name them".to_string(),
            ),
        );
    }

    // 3. Record types with their own route (adoption, legal advice, court papers).
    let record_type = item.record_type.to_lowercase();
    if let Some(rule) = file.type_rules.iter().find(|rule| {
        rule.words
            .iter()
            .any(|word| contains_words(&record_type, &word.to_lowercase()))
    }) {
        return decision(
            rule.disposition,
            policy.reason(&rule.code, rule.reason.clone()),
        );
    }

    // 4. Restricted entries: withheld, the code chosen from the recorded reason.
    if item.restricted {
        let code = first_match(&file.restriction_rules, &item.restriction_reason)
            .map(|rule| &rule.code)
            .unwrap_or(&file.restricted_default);
        let mut withheld = decision(
            Disposition::Withheld,
            policy.reason(
                code,
                "Marked on our records as not to be shared with you".to_string(),
            ),
        );
        withheld.review_notes.push(format!(
            "restricted entry; recorded reason: {}; confirm exemption {code}",
            if item.restriction_reason.trim().is_empty() {
                "(none recorded)"
            } else {
                item.restriction_reason.trim()
            }
        ));
        return withheld;
    }

    // 4a. A parent's request for a child: records the child may expect not to be shared with the
    // parent (Sch 3 Part 3 para 10), and child abuse data (Part 5 para 21: Art 15 does not apply
    // where disclosure would not be in the child's best interests), wait for a person's decision.
    if policy.parent_for_child {
        let text = item.content.text();
        let haystack = format!(
            "{}\n{}\n{}",
            item.record_type, item.restriction_reason, text
        )
        .to_lowercase();
        if let Some(rule) = file.parent_rules.iter().find(|rule| {
            !(rule.child_abuse_data && policy.scotland)
                && rule
                    .words
                    .iter()
                    .any(|word| contains_words(&haystack, &word.to_lowercase()))
        }) {
            let mut held = decision(
                Disposition::PendingReview,
                policy.reason(&rule.code, rule.reason.clone()),
            );
            held.review_notes.push(format!(
                "parent's request for a child: {} (code {})",
                rule.review, rule.code
            ));
            return held;
        }
    }

    // 5. Content supplied by another agency: referred until the agency agrees.
    if let Some(agency) = item
        .agency
        .as_deref()
        .filter(|agency| !agency.trim().is_empty())
    {
        let answer = policy
            .agencies
            .iter()
            .find(|(name, _, _)| *name == agency.trim().to_lowercase())
            .map(|(_, disclose, _)| *disclose);
        // The requester reads the agency as the request file names it (the DPO's words), never
        // the export's raw value ("Supplied by Kelly Brennan (childminder)").
        let named = policy
            .agencies
            .iter()
            .find(|(name, _, _)| *name == agency.trim().to_lowercase())
            .map(|(_, _, spelled)| spelled.clone())
            .unwrap_or_else(|| "another organisation".to_string());
        match answer {
            Some(Some(true)) => {}
            Some(Some(false)) => {
                // The agency's view is a factor, not a veto (ICO): the item is held back as
                // referred, with the exemption the agency's kind of content would engage, until
                // the DPO decides.
                let code = first_match(&file.agency_rules, agency)
                    .map(|rule| &rule.code)
                    .unwrap_or(&file.agency_default);
                let mut referred = decision(
                    Disposition::Referred,
                    policy.reason(
                        code,
                        format!(
                            "Supplied by {named}, which asked us not to share it; we are deciding whether the law allows us to withhold it"
                        ),
                    ),
                );
                referred.review_notes.push(format!(
                    "{agency} objected; the agency's view is a factor, not a veto (ICO): decide whether exemption {code} applies"
                ));
                return referred;
            }
            // Asked, no answer yet: say so; never asked: say that we will ask, so the letter
            // never claims a consultation that did not happen.
            Some(None) => {
                return decision(
                    Disposition::Referred,
                    policy.reason(
                        &file.referred_code,
                        format!(
                            "Supplied by {named}; we have asked for their view before sharing it"
                        ),
                    ),
                );
            }
            None => {
                let mut referred = decision(
                    Disposition::Referred,
                    policy.reason(
                        &file.referred_code,
                        format!(
                            "Supplied by {named}; we need to ask for their view before sharing it"
                        ),
                    ),
                );
                referred.review_notes.push(format!(
                    "{agency} has not been asked: consult it and record the answer in consulted_agencies"
                ));
                return referred;
            }
        }
    }

    // 6. Disclosed, with every third party's data taken out.
    let text = item.content.text();
    let redactions = plan_redactions(findings, &text, &file.third_party_code, policy);
    let review_notes = findings
        .iter()
        .filter(|finding| finding.review)
        .map(|finding| {
            format!(
                "{} at bytes {}..{} (rule {}): {}",
                if must_redact(&finding.owner) {
                    "redacted, please confirm"
                } else {
                    "kept, please confirm"
                },
                finding.span.start,
                finding.span.end,
                finding.rule,
                finding.why
            )
        })
        .collect();
    let (disposition, reason) = if redactions.is_empty() {
        (
            Disposition::Disclosed,
            Reason {
                code: None,
                text: "Your information, disclosed in full".to_string(),
                basis: "UK GDPR Art 15(1) and 15(3)".to_string(),
                detail: String::new(),
            },
        )
    } else {
        (
            Disposition::DisclosedRedacted,
            policy.reason(
                &file.third_party_code,
                "Disclosed with information about other people removed".to_string(),
            ),
        )
    };
    Decision {
        item: item.id.clone(),
        disposition,
        reason,
        redactions,
        review_notes,
    }
}

/// Turns the findings to remove into sorted, non-overlapping redactions: overlapping or touching
/// findings merge into one span (a name and the address it sits in become one box), so no
/// fragment of either survives between two boxes.
fn plan_redactions(
    findings: &[Finding],
    text: &str,
    code: &Code,
    policy: &Policy,
) -> Vec<Redaction> {
    let mut spans: Vec<(Span, String)> = findings
        .iter()
        .filter(|finding| must_redact(&finding.owner) && !finding.span.is_empty())
        .map(|finding| (finding.span, finding.rule.clone()))
        .collect();
    spans.sort();
    let mut merged: Vec<(Span, BTreeSet<String>)> = Vec::new();
    for (span, rule) in spans {
        match merged.last_mut() {
            Some((last, rules)) if span.start <= last.end => {
                last.end = last.end.max(span.end);
                rules.insert(rule);
            }
            _ => merged.push((span, BTreeSet::from([rule]))),
        }
    }
    let basis = policy
        .meaning(code)
        .map(|meaning| meaning.basis.clone())
        .unwrap_or_default();
    merged
        .into_iter()
        .map(|(span, rules)| Redaction {
            span,
            text: text
                .get(span.start..span.end)
                .unwrap_or_default()
                .to_string(),
            code: code.clone(),
            basis: basis.clone(),
            rule: rules.into_iter().collect::<Vec<_>>().join("+"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencyConsultation, Category, Content, Format, Person, Source};

    fn request() -> Request {
        let text = r#"
reference = "SAR-1"
kind = "subject-access"
received = "2026-10-30"
region = "england-and-wales"
organisation = "Example Borough Council"
consulted_agencies = [{ agency = "Example NHS Trust", disclose = true }, { agency = "Northshire Police", disclose = false }]
[subject]
person_id = "P001"
name = "Jade Carter"
[records]
store = "store"
"#;
        crate::request::parse(text, Path::new("request.toml")).unwrap()
    }

    fn register() -> Register {
        let person = |id: &str, name: &str, category, consent| Person {
            id: id.into(),
            name: name.into(),
            aliases: vec![],
            dob: None,
            role: String::new(),
            category,
            phone: String::new(),
            address: String::new(),
            consent,
        };
        Register {
            people: vec![
                person("P001", "Jade Carter", Category::Subject, false),
                person("P002", "Sharon Carter", Category::ThirdParty, false),
                person("P003", "Gran Rose", Category::ThirdParty, true),
                person("P004", "Kevin Osei", Category::Professional, false),
            ],
        }
    }

    fn policy() -> Policy {
        let text = include_str!("../patterns/policy.toml");
        Policy::from_toml(text, Path::new("policy.toml"), &request(), &register()).unwrap()
    }

    fn item(text: &str) -> Item {
        Item {
            id: "N-00001".into(),
            source: Source::CaseNote {
                id: "CN1".into(),
                row: 1,
            },
            format: Format::CaseNote,
            date: None,
            title: "Home visit".into(),
            record_type: "Home visit".into(),
            author: "Kevin Osei".into(),
            agency: None,
            restricted: false,
            restriction_reason: String::new(),
            subjects: vec!["P001".into()],
            content: Content::Text { text: text.into() },
            problems: vec![],
        }
    }

    fn finding(text: &str, needle: &str, owner: Owner) -> Finding {
        let start = text.find(needle).unwrap();
        Finding {
            span: Span::new(start, start + needle.len()),
            text: needle.into(),
            kind: crate::model::FindingKind::Name,
            owner,
            rule: "test".into(),
            why: "test".into(),
            review: false,
        }
    }

    fn third_party(id: &str) -> Owner {
        Owner::RegisteredThirdParty {
            person_id: id.into(),
            consent: false,
        }
    }

    #[test]
    fn dispositions_follow_the_documented_order() {
        let policy = policy();
        type Case = (
            &'static str,
            fn(&mut Item),
            Disposition,
            Option<&'static str>,
        );
        let cases: Vec<Case> = vec![
            ("plain", |_| {}, Disposition::Disclosed, None),
            (
                "unreadable",
                |item| {
                    item.content = Content::Unreadable {
                        reason: "password required".into(),
                    }
                },
                Disposition::PendingReview,
                Some("REVIEW"),
            ),
            (
                "faulty row beats restriction",
                |item| {
                    item.problems = vec!["row 4: column `date`: bad".into()];
                    item.restricted = true;
                },
                Disposition::PendingReview,
                Some("REVIEW"),
            ),
            (
                "not linked, not named",
                |item| item.subjects = vec!["P002".into()],
                Disposition::Excluded,
                Some("NP"),
            ),
            (
                "adoption record",
                |item| item.record_type = "Adoption panel minutes".into(),
                Disposition::Withheld,
                Some("ADOPT"),
            ),
            (
                "restricted, police reason",
                |item| {
                    item.restricted = true;
                    item.restriction_reason = "Police investigation ongoing".into();
                },
                Disposition::Withheld,
                Some("CRIME"),
            ),
            (
                "restricted, no keyword",
                |item| {
                    item.restricted = true;
                    item.restriction_reason = "Not to be shared with the child".into();
                },
                Disposition::Withheld,
                Some("SW-HARM"),
            ),
            (
                "agency not consulted",
                |item| item.agency = Some("Riverside Academy".into()),
                Disposition::Referred,
                Some("AGY"),
            ),
            (
                "agency agreed",
                |item| item.agency = Some("example nhs trust".into()),
                Disposition::Disclosed,
                None,
            ),
            (
                "agency objected",
                |item| item.agency = Some("Northshire Police".into()),
                Disposition::Referred,
                Some("CRIME"),
            ),
        ];
        for (name, change, disposition, code) in cases {
            let mut item = item("Jade said she was happy.");
            change(&mut item);
            let decision = decide(&item, &[], &policy);
            assert_eq!(decision.disposition, disposition, "{name}");
            assert_eq!(
                decision.reason.code.as_ref().map(|code| code.0.as_str()),
                code,
                "{name}"
            );
            if code.is_some() {
                assert!(!decision.reason.basis.is_empty(), "{name}: no legal basis");
            }
        }
    }

    #[test]
    fn a_subject_finding_brings_in_an_unlinked_item() {
        let text = "Jade Carter attended the meeting.";
        let mut item = item(text);
        item.subjects.clear();
        let mut findings = [finding(text, "Jade Carter", Owner::Subject)];
        // A subject finding from a rule the policy does not accept (e.g. a shared surname).
        findings[0].rule = "subject.surname".into();
        assert_eq!(
            decide(&item, &findings, &policy()).disposition,
            Disposition::Excluded
        );
        findings[0].rule = "subject.full-name".into();
        assert_eq!(
            decide(&item, &findings, &policy()).disposition,
            Disposition::Disclosed
        );
    }

    #[test]
    fn third_parties_are_redacted_and_everyone_else_kept() {
        let text = "Kevin Osei saw Jade with Sharon Carter, Gran Rose and a man called Dean on 07700 900123.";
        let findings = [
            finding(
                text,
                "Kevin Osei",
                Owner::Professional {
                    person_id: "P004".into(),
                },
            ),
            finding(text, "Jade", Owner::Subject),
            finding(text, "Sharon Carter", third_party("P002")),
            finding(
                text,
                "Gran Rose",
                Owner::RegisteredThirdParty {
                    person_id: "P003".into(),
                    consent: true,
                },
            ),
            finding(text, "Dean", Owner::UnregisteredPerson),
            finding(text, "07700 900123", Owner::Unattributed),
        ];
        let decision = decide(&item(text), &findings, &policy());
        assert_eq!(decision.disposition, Disposition::DisclosedRedacted);
        let removed: Vec<&str> = decision
            .redactions
            .iter()
            .map(|r| r.text.as_str())
            .collect();
        assert_eq!(removed, vec!["Sharon Carter", "Dean", "07700 900123"]);
        assert!(decision.redactions.iter().all(|r| r.code.0 == "TP"));
        assert!(
            decision
                .redactions
                .iter()
                .all(|r| r.basis.contains("para 16"))
        );
    }

    #[test]
    fn overlapping_findings_merge_into_one_box() {
        let text = "Sharon Carter of 12 Mill Lane rang.";
        let findings = [
            finding(text, "Sharon Carter", third_party("P002")),
            finding(text, "Carter of 12 Mill Lane", Owner::Unattributed),
        ];
        let decision = decide(&item(text), &findings, &policy());
        assert_eq!(decision.redactions.len(), 1);
        assert_eq!(decision.redactions[0].text, "Sharon Carter of 12 Mill Lane");
        assert_eq!(decision.redactions[0].rule, "test");
    }

    /// The policy for a request from `capacity` for a subject born on `dob`, in `region`.
    fn policy_for(capacity: &str, dob: &str, region: &str) -> Policy {
        let text = format!(
            r#"
reference = "SAR-1"
kind = "subject-access"
received = "2026-10-30"
region = "{region}"
organisation = "Example Borough Council"
[subject]
person_id = "P001"
name = "Jade Carter"
dob = "{dob}"
[requester]
name = "Sharon Carter"
capacity = "{capacity}"
authority_received = "2026-11-01"
[records]
store = "store"
"#
        );
        let request = crate::request::parse(&text, Path::new("request.toml")).unwrap();
        let policy = include_str!("../patterns/policy.toml");
        Policy::from_toml(policy, Path::new("policy.toml"), &request, &register()).unwrap()
    }

    #[test]
    fn a_parents_request_for_a_child_holds_child_abuse_data_for_a_best_interests_decision() {
        let strategy = "Strategy discussion: section 47 enquiries for Jade.";
        let confided = "Jade told me in confidence that she is scared at home.";
        let plain = "Jade went to the dentist.";
        let child = policy_for("parent", "2012-01-01", "england-and-wales");
        let decided = decide(&item(strategy), &[], &child);
        assert_eq!(decided.disposition, Disposition::PendingReview);
        assert_eq!(decided.reason.code, Some(Code("CA-BI".into())));
        assert_eq!(decided.reason.basis, "DPA 2018 Sch 3 Part 5 para 21");
        assert!(
            decided.review_notes[0].contains("best interests"),
            "{decided:?}"
        );
        let decided = decide(&item(confided), &[], &child);
        assert_eq!(decided.reason.code, Some(Code("SW-EXP".into())));
        assert_eq!(decided.reason.basis, "DPA 2018 Sch 3 Part 3 para 10");
        assert_eq!(
            decide(&item(plain), &[], &child).disposition,
            Disposition::Disclosed
        );
        // X4: the child grown up, or someone else asking: no parent rule.
        for policy in [
            policy_for("parent", "2004-02-14", "england-and-wales"),
            policy_for("solicitor", "2012-01-01", "england-and-wales"),
            policy(),
        ] {
            assert_eq!(
                decide(&item(strategy), &[], &policy).disposition,
                Disposition::Disclosed
            );
        }
        // X5: Part 5 does not apply in Scotland; para 10 does.
        let scotland = policy_for("parent", "2012-01-01", "scotland");
        assert_eq!(
            decide(&item(strategy), &[], &scotland).disposition,
            Disposition::Disclosed
        );
        assert_eq!(
            decide(&item(confided), &[], &scotland).reason.code,
            Some(Code("SW-EXP".into()))
        );
    }

    #[test]
    fn the_requesters_own_data_is_kept() {
        let text = "Sharon Carter came to the meeting.";
        let findings = [finding(
            text,
            "Sharon Carter",
            Owner::Requester {
                person_id: "P002".into(),
            },
        )];
        let decided = decide(&item(text), &findings, &policy());
        assert_eq!(decided.disposition, Disposition::Disclosed);
        assert!(decided.redactions.is_empty());
    }

    #[test]
    fn an_agency_never_asked_is_not_said_to_have_been_asked() {
        let mut never = item("Report.");
        never.agency = Some("Westshire Police".into());
        let decided = decide(&never, &[], &policy());
        assert_eq!(decided.disposition, Disposition::Referred);
        assert!(
            decided.reason.text.contains("we need to ask"),
            "{decided:?}"
        );
        assert!(decided.review_notes[0].contains("has not been asked"));
    }

    #[test]
    fn a_policy_code_without_a_meaning_is_refused() {
        let text = include_str!("../patterns/policy.toml")
            .replace("code = \"CRIME\"\nmeaning", "code = \"CRIMEX\"\nmeaning");
        let error = Policy::from_toml(&text, Path::new("policy.toml"), &request(), &register())
            .unwrap_err();
        assert!(error.to_string().contains("policy.toml"), "{error}");
    }

    #[test]
    fn export_columns_are_shown_only_when_examined_clean() {
        let mut register = register();
        register.people[1].role = "mother".into();
        register.people.push(Person {
            id: "P005".into(),
            name: "Gary Hollis".into(),
            aliases: vec![],
            dob: None,
            role: String::new(),
            category: Category::ThirdParty,
            phone: String::new(),
            address: String::new(),
            consent: false,
        });
        let text = include_str!("../patterns/policy.toml");
        let policy =
            Policy::from_toml(text, Path::new("policy.toml"), &request(), &register).unwrap();
        let nothing = |_: &str| Vec::new();
        let shown = |record_type: &str, author: &str, agency: Option<&str>| {
            let mut item = item("text");
            item.record_type = record_type.into();
            item.author = author.into();
            item.agency = agency.map(str::to_string);
            policy.shown(&item, nothing)
        };
        // A professional is named; a protected third party is shown by role, or not at all.
        assert_eq!(
            shown("Home visit", "Kevin Osei", None).author.as_deref(),
            Some("Kevin Osei")
        );
        assert_eq!(
            shown("Letter", "Letter from Sharon Carter", None)
                .author
                .as_deref(),
            Some("mother")
        );
        assert_eq!(shown("Letter", "Gary Hollis", None).author, None);
        // A surname of a protected third party in the type or the author hides it.
        assert_eq!(
            shown("Hollis family contact", "", None).record_type,
            "Case note"
        );
        assert_eq!(shown("Home visit", "W Hollis", None).author, None);
        // The subject's surname is theirs: "Carter" alone does not hide a value.
        assert_eq!(
            shown("Carter family review", "", None).record_type,
            "Carter family review"
        );
        // What detection finds to remove hides the value.
        let mut item = item("text");
        item.author = "Recorded by Kelly Brennan".into();
        let found = |value: &str| {
            value
                .find("Kelly")
                .map(|start| Finding {
                    span: Span::new(start, value.len()),
                    text: "Kelly Brennan".into(),
                    kind: crate::model::FindingKind::Name,
                    owner: Owner::UnregisteredPerson,
                    rule: "test".into(),
                    why: "test".into(),
                    review: false,
                })
                .into_iter()
                .collect()
        };
        assert_eq!(policy.shown(&item, found).author, None);
        // The agency as the request names it; an agency never consulted is not named.
        assert_eq!(
            shown("Letter", "", Some("EXAMPLE NHS TRUST"))
                .agency
                .as_deref(),
            Some("Example NHS Trust")
        );
        assert_eq!(
            shown(
                "Letter",
                "",
                Some("Supplied by Kelly Brennan (childminder)")
            )
            .agency,
            None
        );
        let _ = AgencyConsultation {
            agency: String::new(),
            disclose: Some(false),
            asked: None,
        };
    }

    #[test]
    fn requester_reasons_never_quote_the_export_or_an_error() {
        let policy = policy();
        let mut faulty = item("Jade Carter was seen.");
        faulty.problems = vec![
            "row 42: column `date`: `see Gary Pritchard stmt` is not a date (dates are YYYY-MM-DD)"
                .into(),
        ];
        let decided = decide(&faulty, &[], &policy);
        assert_eq!(decided.disposition, Disposition::PendingReview);
        assert!(
            !decided.reason.text.contains("Pritchard"),
            "{:?}",
            decided.reason
        );
        assert!(decided.reason.detail.contains("see Gary Pritchard stmt"));
        let mut unread = item("");
        unread.content = Content::Unreadable {
            reason: "not read: `documents/Gary Pritchard statement.pdf` does not exist".into(),
        };
        let decided = decide(&unread, &[], &policy);
        assert!(
            !decided.reason.text.contains("Pritchard"),
            "{:?}",
            decided.reason
        );
        assert!(
            decided
                .reason
                .detail
                .contains("Gary Pritchard statement.pdf")
        );
        let mut agency = item("Jade Carter was seen.");
        agency.agency = Some("Supplied by Kelly Brennan (childminder)".into());
        let decided = decide(&agency, &[], &policy);
        assert_eq!(decided.disposition, Disposition::Referred);
        assert!(
            !decided.reason.text.contains("Kelly"),
            "{:?}",
            decided.reason
        );
        assert!(decided.reason.text.contains("another organisation"));
    }
}
