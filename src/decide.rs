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
    #[serde(default, rename = "type_rule")]
    type_rules: Vec<TypeRule>,
    #[serde(default, rename = "restriction_rule")]
    restriction_rules: Vec<WordRule>,
    #[serde(default, rename = "agency_rule")]
    agency_rules: Vec<WordRule>,
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
    /// (agency name lower-cased, agreed to disclosure)
    agencies: Vec<(String, bool)>,
    /// Lower-cased names and aliases of third parties without consent, to keep them out of the
    /// header of a rendered record (the author field).
    protected_names: Vec<String>,
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
        .chain(file.agency_rules.iter().map(|rule| &rule.code));
        for code in used {
            if !known.contains(code) {
                return Err(invalid(format!(
                    "code `{code}` is used by a rule but has no [[code]] entry (meaning and legal basis)"
                )));
            }
        }
        let protected_names = register
            .third_parties()
            .flat_map(|person| std::iter::once(&person.name).chain(&person.aliases))
            .map(|name| name.trim().to_lowercase())
            .filter(|name| !name.is_empty())
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
                    )
                })
                .collect(),
            protected_names,
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
        }
    }

    /// Whether `author` may be shown in the header of a rendered record: not when it names a
    /// protected third party (e.g. a letter written by a parent).
    pub fn may_show_author(&self, author: &str) -> bool {
        let author = author.to_lowercase();
        !self
            .protected_names
            .iter()
            .any(|name| contains_words(&author, name))
    }
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
        Owner::Subject | Owner::Professional { .. } => false,
        Owner::RegisteredThirdParty { consent, .. } => !consent,
        Owner::UnregisteredPerson | Owner::Unattributed => true,
    }
}

/// Whether the item is about the subject: linked to them in the export, or naming them by full
/// name, alias or id (a shared surname alone is not enough — detection emits no subject finding
/// for it).
fn about_subject(item: &Item, findings: &[Finding], subject_id: &str) -> bool {
    item.subjects.iter().any(|id| id == subject_id)
        || findings
            .iter()
            .any(|finding| finding.owner == Owner::Subject)
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
        return decision(
            Disposition::PendingReview,
            policy.reason(
                &file.review_code,
                format!("Could not be processed automatically: {reason}"),
            ),
        );
    }
    if !item.problems.is_empty() {
        return decision(
            Disposition::PendingReview,
            policy.reason(
                &file.review_code,
                format!(
                    "The export of this record is faulty: {}",
                    item.problems.join("; ")
                ),
            ),
        );
    }

    // 2. Not about the subject: never enters the pack.
    if !about_subject(item, findings, &policy.subject_id) {
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

    // 5. Content supplied by another agency: referred until the agency agrees.
    if let Some(agency) = item
        .agency
        .as_deref()
        .filter(|agency| !agency.trim().is_empty())
    {
        let answer = policy
            .agencies
            .iter()
            .find(|(name, _)| *name == agency.trim().to_lowercase())
            .map(|(_, disclose)| *disclose);
        match answer {
            Some(true) => {}
            Some(false) => {
                let code = first_match(&file.agency_rules, agency)
                    .map(|rule| &rule.code)
                    .unwrap_or(&file.agency_default);
                let mut withheld = decision(
                    Disposition::Withheld,
                    policy.reason(
                        code,
                        format!("Supplied by {agency}, which asked us not to share it"),
                    ),
                );
                withheld.review_notes.push(format!(
                    "{agency} objected; the agency's view is a factor, not a veto (ICO): confirm exemption {code}"
                ));
                return withheld;
            }
            None => {
                return decision(
                    Disposition::Referred,
                    policy.reason(
                        &file.referred_code,
                        format!(
                            "Supplied by {agency}; we have asked for their view before sharing it"
                        ),
                    ),
                );
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
