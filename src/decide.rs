//! Decision: applies the disclosure policy to an item and its findings, producing a
//! [`Decision`] — disposition, the rule that settled it, what the requester is told and under
//! which legal basis, how its header is shown, and every redaction — as plain data, complete and
//! final: the pipeline only carries it out (and only [`Policy::refused`] changes it afterwards,
//! when the redactor cannot).
//!
//! The policy itself is data (`patterns/policy.toml`): the redaction key, the reasons the
//! requester reads, and the rules that map an item's metadata to a disposition. Each rule is one
//! function here returning `Option<Decision>`; [`decide`] runs them in the documented order and
//! the first that fires decides. A person's decisions (`decisions.toml`, see
//! [`crate::decisions`]) come first: they switch rules off for an item (`release`, `disclose`,
//! `about-subject`), settle it (`withhold`, `not-about-subject`), or add and remove redactions
//! (`redact`, `keep`, `consent`). They never switch off the verifier.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::decisions::{Action, Answer, Decisions, DecisionsError, Entry};
use crate::model::{
    ByPerson, Code, CodeMeaning, Content, Decision, Disposition, Finding, Item, Owner, PolicyRule,
    Presentation, Reason, Redaction, Register, Request, ReviewPoint, Span, SubjectRule,
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
    reasons: Reasons,
    #[serde(default, rename = "type_rule")]
    type_rules: Vec<TypeRule>,
    #[serde(default, rename = "restriction_rule")]
    restriction_rules: Vec<WordRule>,
    #[serde(default, rename = "agency_rule")]
    agency_rules: Vec<WordRule>,
    /// Relationships a redaction box may name ("TP: mother"), where the organisation allows it:
    /// a protected third party's register `role` is used only when it is exactly one of these
    /// (so no name, and nothing the organisation did not choose, can reach a box).
    #[serde(default)]
    relationship_labels: Vec<String>,
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

/// What the requester is told, by rule (`[reasons]` in `policy.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Reasons {
    review: String,
    held_back: String,
    excluded: String,
    restricted: String,
    agency_asked: String,
    agency_not_asked: String,
    agency_objected: String,
    agency_withheld: String,
    disclosed: String,
    disclosed_basis: String,
    redacted: String,
    sent_before: String,
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
/// agencies agreed to disclosure), who in the register is a protected third party, and the
/// person's decisions.
#[derive(Debug, Clone)]
pub struct Policy {
    file: PolicyFile,
    subject_rules: Vec<SubjectRule>,
    subject_id: String,
    /// (agency name lower-cased, its answer: `None` while asked and not yet answered, the name
    /// as the request file spells it: the DPO's words, which the requester may see)
    agencies: Vec<(String, Option<bool>, String)>,
    /// The organisation answering the request, lower-cased with its spaces collapsed: an
    /// export that writes it in the agency column of its own entries supplies nothing from
    /// another organisation.
    own_organisation: String,
    /// A parent asks for a child (DPA 2018 Sch 3 Part 3 para 10, Part 5 para 21 can apply).
    parent_for_child: bool,
    /// Person id -> box label for protected third parties whose role is an allowed relationship.
    labels: std::collections::BTreeMap<String, String>,
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
    decisions: Decisions,
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
        // A gathering rule the detector never emits would silently never bring an item in: each
        // entry must be a rule of the catalogue (`rules::RuleId`), and one that shows an item is
        // about the subject.
        let mut subject_rules = Vec::new();
        for (index, id) in file.subject_rules.iter().enumerate() {
            let entry = format!("`subject_rules` entry {}", index + 1);
            let gathering = SubjectRule::ALL
                .map(|rule| format!("`{}`", rule.id()))
                .join(", ");
            let rule = crate::rules::RuleId::new(id).map_err(|unknown| {
                invalid(format!(
                    "{entry}: {unknown} (the gathering rules are {gathering})"
                ))
            })?;
            match rule.subject_rule() {
                Some(rule) => subject_rules.push(rule),
                None => {
                    return Err(invalid(format!(
                        "{entry}: `{id}` is a rule the detector emits, but not one that shows an item is about the subject (those are {gathering})"
                    )));
                }
            }
        }
        let allowed: BTreeSet<String> = file
            .relationship_labels
            .iter()
            .map(|relationship| relationship.trim().to_lowercase())
            .filter(|relationship| !relationship.is_empty())
            .collect();
        let labels = register
            .third_parties()
            .filter_map(|person| {
                let role = person.role.trim().to_lowercase();
                allowed.contains(&role).then(|| {
                    (
                        person.id.clone(),
                        format!("{}: {role}", file.third_party_code),
                    )
                })
            })
            .collect();
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
        // A box label is a relationship, never a name: a listed role that holds a third party's
        // name, alias or first name ("father of kieran walsh") would print it on every box. A
        // surname that is also a relationship word ("Foster") is the word, not the person.
        for relationship in &allowed {
            let named = protected_names.iter().find_map(|(name, _)| {
                let first = name.split_whitespace().next().unwrap_or_default();
                [name.as_str(), first]
                    .into_iter()
                    .filter(|part| words(part).iter().all(|word| !kept_words.contains(word)))
                    .find(|part| contains_words(relationship, part))
            });
            if let Some(name) = named {
                return Err(invalid(format!(
                    "`relationship_labels`: `{relationship}` holds `{name}`, a third party's name in the register; a box label may say only how someone is related to the subject"
                )));
            }
        }
        Ok(Policy {
            file,
            subject_rules,
            subject_id: request.subject.person_id.clone(),
            own_organisation: agency_key(&request.organisation),
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
            labels,
            scotland: request.region == crate::model::Region::Scotland,
            protected_names,
            protected_words,
            professional_names,
            decisions: Decisions::none(),
        })
    }

    /// Binds a person's decisions to the policy. Refuses a code the redaction key does not hold.
    pub fn with_decisions(mut self, decisions: Decisions) -> Result<Policy, DecisionsError> {
        decisions.check_codes(|code| self.meaning(code).is_some())?;
        self.decisions = decisions;
        Ok(self)
    }

    /// The person's decisions bound to this policy.
    pub fn decisions(&self) -> &Decisions {
        &self.decisions
    }

    /// The key entry for `code`.
    pub fn meaning(&self, code: &Code) -> Option<&CodeMeaning> {
        self.file.codes.iter().find(|meaning| &meaning.code == code)
    }

    /// Every code in key order.
    pub fn codes(&self) -> &[CodeMeaning] {
        &self.file.codes
    }

    /// The schedule's reason for a record an earlier instalment carried.
    pub fn sent_before(&self, reason: &str, on: jiff::civil::Date, instalment: u32) -> String {
        self.file
            .reasons
            .sent_before
            .replace("{reason}", reason)
            .replace("{date}", &crate::model::short_date(on))
            .replace("{instalment}", &instalment.to_string())
    }

    /// The gathering rules in force.
    pub fn subject_rules(&self) -> &[SubjectRule] {
        &self.subject_rules
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

    /// No relationship labels: the register's roles describe someone else's relationships (its
    /// own subject is not this request's subject), so "mother" could be wrong.
    pub fn drop_relationship_labels(&mut self) {
        self.labels.clear();
    }

    /// The label of each planned redaction's box (same order as `decision.redactions`): the
    /// relationship when every finding inside it is the same labelled third party and the box
    /// is a third-party box; otherwise none (the box shows its code).
    pub fn box_labels(&self, decision: &Decision, findings: &[Finding]) -> Vec<Option<String>> {
        if self.labels.is_empty() {
            return Vec::new();
        }
        decision
            .redactions
            .iter()
            .map(|redaction| {
                if redaction.code != self.file.third_party_code {
                    return None;
                }
                let mut people = findings
                    .iter()
                    .filter(|finding| finding.span.overlaps(&redaction.span))
                    .map(|finding| match &finding.owner {
                        Owner::RegisteredThirdParty { person_id, .. } => Some(person_id),
                        _ => None,
                    });
                let first = people.next()??;
                if people.all(|other| other == Some(first)) {
                    self.labels.get(first).cloned()
                } else {
                    None
                }
            })
            .collect()
    }

    /// The reason for an item a person must review (e.g. the redactor refused it). The
    /// requester reads fixed words; `why` (which may quote a path, a value or an error) goes to
    /// the internal schedule only.
    pub fn review(&self, why: &str) -> Reason {
        Reason {
            detail: format!("could not be processed automatically: {why}"),
            ..self.reason(&self.file.review_code, self.file.reasons.review.clone())
        }
    }

    /// The reason for a record the verifier held back from the pack: the requester is told only
    /// that a person is checking it (what was found is third-party data and stays internal).
    pub fn held_back(&self) -> Reason {
        self.reason(&self.file.review_code, self.file.reasons.held_back.clone())
    }

    /// The decision for an item that was to ship but that the redactor refused: a person must
    /// look, and the plan says so (it replaces the decision the redactor could not carry out).
    pub fn refused(&self, mut decision: Decision, why: &str) -> Decision {
        decision.review_notes.push(format!(
            "was to be {}; redaction refused: {why}",
            decision.disposition
        ));
        decision.review.push(ReviewPoint {
            what: format!("sarpack could not redact it: {why}"),
            context: String::new(),
            finding: None,
            settle: format!(
                "look at it; then `withhold` it (item = \"{}\", with a code), or make a readable copy",
                decision.item
            ),
        });
        decision.disposition = Disposition::PendingReview;
        decision.rule = PolicyRule::RedactionRefused;
        decision.redactions.clear();
        decision.reason = self.review(why);
        decision
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
                    .any(|finding| must_redact(&finding.owner, &BTreeSet::new()))
        };
        let record_type = item.record_type.trim();
        let record_type = if !record_type.is_empty() && clean(record_type) {
            record_type.to_string()
        } else {
            match item.format {
                crate::model::Format::CaseNote => "Case note",
                crate::model::Format::Email | crate::model::Format::Msg => "Email",
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

    /// The person's answer for an agency, if they recorded one (the last wins).
    fn agency_decision(&self, agency: &str) -> Option<(&Entry, Answer)> {
        let wanted = agency.trim().to_lowercase();
        self.decisions
            .entries
            .iter()
            .rev()
            .find_map(|entry| match &entry.decision.action {
                Action::Agency {
                    agency: name,
                    answer,
                    ..
                } if name.trim().to_lowercase() == wanted => Some((entry, *answer)),
                _ => None,
            })
    }

    /// What the request file says about an agency: `None` never asked, `Some(None)` asked and
    /// not yet answered.
    fn agency_answer(&self, agency: &str) -> Option<Option<bool>> {
        let wanted = agency.trim().to_lowercase();
        self.agencies
            .iter()
            .find(|(name, _, _)| *name == wanted)
            .map(|(_, disclose, _)| *disclose)
    }
}

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

/// Whether a finding's data must be removed from the pack, given the consents a person recorded
/// for this item.
fn must_redact(owner: &Owner, consents: &BTreeSet<&str>) -> bool {
    match owner {
        Owner::Subject | Owner::Professional { .. } | Owner::Requester { .. } => false,
        Owner::RegisteredThirdParty { consent, person_id } => {
            !consent && !consents.contains(person_id.as_str())
        }
        Owner::UnregisteredPerson | Owner::Unattributed => true,
    }
}

/// Up to 60 characters either side of `span`, on one line, the span itself in «».
pub fn context(text: &str, span: Span) -> String {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return String::new();
    }
    let before: String = {
        let chars: Vec<char> = text[..start].chars().rev().take(60).collect();
        chars.into_iter().rev().collect()
    };
    let after: String = text[end..].chars().take(60).collect();
    let one_line = |part: &str| part.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "…{} «{}» {}…",
        one_line(&before),
        one_line(&text[start..end]),
        one_line(&after)
    )
}

/// A TOML string for a `settle` hint.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The person's decisions that concern one item, sorted out once so each rule reads its own.
struct ForItem<'a> {
    /// The last `withhold`, `release` or `disclose` naming the item: the later wins.
    verdict: Option<&'a Entry>,
    /// The last `about-subject` or `not-about-subject` naming the item.
    gathering: Option<&'a Entry>,
    areas: Vec<&'a Entry>,
    /// `redact` and `keep` entries for every record or for this one, in file order.
    texts: Vec<&'a Entry>,
    /// `consent` entries for everywhere or naming this item.
    consents: Vec<&'a Entry>,
}

impl<'a> ForItem<'a> {
    fn new(item: &Item, decisions: &'a Decisions) -> ForItem<'a> {
        let mut found = ForItem {
            verdict: None,
            gathering: None,
            areas: Vec::new(),
            texts: Vec::new(),
            consents: Vec::new(),
        };
        for entry in &decisions.entries {
            let names_item = |reference: &crate::decisions::ItemRef| reference.names(item);
            match &entry.decision.action {
                Action::Withhold { item: named, .. }
                | Action::Release { item: named }
                | Action::Disclose { item: named }
                    if names_item(named) =>
                {
                    found.verdict = Some(entry)
                }
                Action::AboutSubject { item: named } | Action::NotAboutSubject { item: named }
                    if names_item(named) =>
                {
                    found.gathering = Some(entry)
                }
                Action::RedactArea { item: named, .. } if names_item(named) => {
                    found.areas.push(entry)
                }
                Action::Redact { item: named, .. } | Action::Keep { item: named, .. }
                    if named.as_ref().is_none_or(names_item) =>
                {
                    found.texts.push(entry)
                }
                Action::Consent { items, .. }
                    if items
                        .as_ref()
                        .is_none_or(|items| items.iter().any(names_item)) =>
                {
                    found.consents.push(entry)
                }
                _ => {}
            }
        }
        found
    }

    fn verdict_is(&self, wanted: fn(&Action) -> bool) -> Option<&'a Entry> {
        self.verdict.filter(|entry| wanted(&entry.decision.action))
    }
}

/// Everything a rule reads.
struct Case<'a> {
    item: &'a Item,
    findings: &'a [Finding],
    policy: &'a Policy,
    person: ForItem<'a>,
}

impl Case<'_> {
    /// A decision by `rule` with no redactions, the header shown as the policy allows.
    fn decision(&self, rule: PolicyRule, disposition: Disposition, reason: Reason) -> Decision {
        Decision {
            item: self.item.id.clone(),
            disposition,
            rule,
            reason,
            redactions: Vec::new(),
            presentation: Presentation {
                // From the register alone here; the pipeline refines it once detection has
                // examined the author line (`Policy::shown`).
                show_author: self
                    .policy
                    .shown(self.item, |_| Vec::new())
                    .author
                    .is_some(),
                labels: Vec::new(),
            },
            review_notes: Vec::new(),
            review: Vec::new(),
            decided_by: Vec::new(),
            areas: Vec::new(),
        }
    }
}

fn by_person(entry: &Entry, effect: String) -> ByPerson {
    ByPerson {
        entry: entry.number,
        action: entry.decision.action.name().to_string(),
        by: entry.decision.by.clone(),
        on: entry.decision.on,
        why: entry.decision.why.clone(),
        effect,
    }
}

/// A rule: settles the item, or passes it to the next.
type Rule = fn(&Case<'_>) -> Option<Decision>;

/// The rules in the order `policy.toml` documents; the first that returns a decision wins.
const RULES: [(PolicyRule, Rule); 8] = [
    (PolicyRule::PersonWithholds, person_withholds),
    (PolicyRule::Review, needs_review),
    (PolicyRule::Gathering, not_about_subject),
    (PolicyRule::RecordType, record_type),
    (PolicyRule::Restricted, restricted),
    (PolicyRule::ParentForChild, parent_for_child),
    (PolicyRule::Agency, other_agency),
    (PolicyRule::Disclosure, disclosure),
];

/// Decides what happens to one item: the person's decisions, then the policy's rules in order.
pub fn decide(item: &Item, findings: &[Finding], policy: &Policy) -> Decision {
    let case = Case {
        item,
        findings,
        policy,
        person: ForItem::new(item, &policy.decisions),
    };
    let mut decision = RULES
        .iter()
        .find_map(|(_, rule)| rule(&case))
        .expect("the disclosure rule always decides");
    areas_to_remove(&case, &mut decision);
    // Decisions that switched a rule off are part of the record even when a later rule decided.
    for entry in [case.person.verdict, case.person.gathering]
        .into_iter()
        .flatten()
    {
        if !decision
            .decided_by
            .iter()
            .any(|applied| applied.entry == entry.number)
        {
            let effect = match &entry.decision.action {
                Action::Release { .. } => match &item.content {
                    Content::Pdf {
                        unread_pictures, ..
                    }
                    | Content::Text {
                        unread_pictures, ..
                    } if !unread_pictures.is_empty() => format!(
                        "released: the pictures sarpack could not read were checked by this person and ship unread (the verifier reads every picture that ships): {}",
                        unread_pictures.join("; ")
                    ),
                    _ => "released from review".to_string(),
                },
                Action::Disclose { .. } => "the policy's withholding rules set aside".to_string(),
                Action::AboutSubject { .. } => "counted as about the subject".to_string(),
                other => other.name().to_string(),
            };
            decision.decided_by.push(by_person(entry, effect));
        }
    }
    decision.decided_by.sort_by_key(|applied| applied.entry);
    decision
}

/// A person withheld the item: withheld with their code, and their reason or the code's meaning.
fn person_withholds(case: &Case<'_>) -> Option<Decision> {
    let entry = case
        .person
        .verdict_is(|action| matches!(action, Action::Withhold { .. }))?;
    let Action::Withhold { code, reason, .. } = &entry.decision.action else {
        return None;
    };
    let text = reason.clone().unwrap_or_else(|| {
        case.policy
            .meaning(code)
            .map(|meaning| meaning.meaning.clone())
            .unwrap_or_default()
    });
    let mut decision = case.decision(
        PolicyRule::PersonWithholds,
        Disposition::Withheld,
        case.policy.reason(code, text),
    );
    decision
        .decided_by
        .push(by_person(entry, format!("withheld under {code}")));
    Some(decision)
}

/// Rule 1: unreadable, or its export row is faulty: a person must look before anything is sent.
/// A `release` or `disclose` sets a faulty row aside; nothing sets aside content sarpack cannot
/// read, since it could not then check it for other people's data.
fn needs_review(case: &Case<'_>) -> Option<Decision> {
    let policy = case.policy;
    let released = case
        .person
        .verdict_is(|action| matches!(action, Action::Release { .. } | Action::Disclose { .. }));
    if let Content::Unreadable { reason, unread } = &case.item.content {
        let mut decision = case.decision(
            PolicyRule::Review,
            Disposition::PendingReview,
            policy.review(reason),
        );
        // Only pictures OCR could not read can a person's look settle; a locked, damaged or
        // undecodable file cannot ship whatever they see.
        let settle = if *unread == crate::model::Unread::Pictures {
            format!(
                "look at it; if its pictures hold no one else's data, `release` it (item = \"{id}\"): they ship unread and the verifier reads them; otherwise `withhold` it (item = \"{id}\", with a code), or put a readable copy in the store",
                id = case.item.id
            )
        } else {
            format!(
                "look at it; then `withhold` it (item = \"{}\", with a code), or put a readable copy in the store",
                case.item.id
            )
        };
        if let Some(entry) = released {
            let note = format!(
                "decision {} ({}) cannot ship it: sarpack cannot read it ({reason}), so it cannot check it for other people's data",
                entry.number,
                entry.decision.action.name()
            );
            decision.review_notes.push(note.clone());
            decision.decided_by.push(by_person(entry, note));
        }
        decision.review.push(ReviewPoint {
            what: format!("cannot be read: {reason}"),
            context: String::new(),
            finding: None,
            settle,
        });
        return Some(decision);
    }
    if case.item.problems.is_empty() || released.is_some() {
        return None;
    }
    let problems = case.item.problems.join("; ");
    let mut decision = case.decision(
        PolicyRule::Review,
        Disposition::PendingReview,
        // The problems quote the export's values ("`see Gary Pritchard stmt` is not a date"):
        // internal only.
        Reason {
            detail: format!("the export of this record is faulty: {problems}"),
            ..policy.reason(&policy.file.review_code, policy.file.reasons.review.clone())
        },
    );
    decision.review.push(ReviewPoint {
        what: format!("faulty export row: {problems}"),
        context: String::new(),
        finding: None,
        settle: format!(
            "check the record; then `release` it (item = \"{}\"), or `withhold` it",
            case.item.id
        ),
    });
    Some(decision)
}

/// Rule 2: not about the subject (not linked in the export and not naming them by a gathering
/// rule), unless a person said otherwise; never enters the pack.
fn not_about_subject(case: &Case<'_>) -> Option<Decision> {
    let policy = case.policy;
    let excluded = |case: &Case<'_>| {
        case.decision(
            PolicyRule::Gathering,
            Disposition::Excluded,
            policy.reason(
                &policy.file.excluded_code,
                policy.file.reasons.excluded.clone(),
            ),
        )
    };
    if let Some(entry) = case.person.gathering {
        return match entry.decision.action {
            Action::NotAboutSubject { .. } => {
                let mut decision = excluded(case);
                decision.decided_by.push(by_person(
                    entry,
                    "excluded: not about the subject".to_string(),
                ));
                Some(decision)
            }
            _ => None,
        };
    }
    let about = case.item.subjects.contains(&policy.subject_id)
        || case.findings.iter().any(|finding| {
            finding.owner == Owner::Subject
                && finding
                    .rule
                    .subject_rule()
                    .is_some_and(|rule| policy.subject_rules.contains(&rule))
        });
    (!about).then(|| excluded(case))
}

/// Whether a `disclose` decision sets the withholding rules (3, 4, 5) aside for this item.
fn disclosed_by_person(case: &Case<'_>) -> bool {
    case.person
        .verdict_is(|action| matches!(action, Action::Disclose { .. }))
        .is_some()
}

/// Rule 3: record types with their own route (adoption, legal advice, court papers).
fn record_type(case: &Case<'_>) -> Option<Decision> {
    if disclosed_by_person(case) {
        return None;
    }
    let record_type = case.item.record_type.to_lowercase();
    let rule = case.policy.file.type_rules.iter().find(|rule| {
        rule.words
            .iter()
            .any(|word| contains_words(&record_type, &word.to_lowercase()))
    })?;
    let mut decision = case.decision(
        PolicyRule::RecordType,
        rule.disposition,
        case.policy.reason(&rule.code, rule.reason.clone()),
    );
    decision.review.push(ReviewPoint {
        what: format!(
            "{} as a record of type `{}` (code {})",
            rule.disposition, case.item.record_type, rule.code
        ),
        context: String::new(),
        finding: None,
        settle: format!(
            "nothing, if right; else `disclose` (item = \"{}\")",
            case.item.id
        ),
    });
    // Only withheld and referred items wait for a person; a rule that discloses does not.
    if !matches!(
        rule.disposition,
        Disposition::Withheld | Disposition::Referred
    ) {
        decision.review.clear();
    }
    Some(decision)
}

/// Rule 4: restricted entries: withheld, the code chosen from the recorded reason.
fn restricted(case: &Case<'_>) -> Option<Decision> {
    if !case.item.restricted || disclosed_by_person(case) {
        return None;
    }
    let file = &case.policy.file;
    let code = first_match(&file.restriction_rules, &case.item.restriction_reason)
        .map(|rule| &rule.code)
        .unwrap_or(&file.restricted_default);
    let mut decision = case.decision(
        PolicyRule::Restricted,
        Disposition::Withheld,
        case.policy.reason(code, file.reasons.restricted.clone()),
    );
    let recorded = if case.item.restriction_reason.trim().is_empty() {
        "(none recorded)"
    } else {
        case.item.restriction_reason.trim()
    };
    decision.review_notes.push(format!(
        "restricted entry; recorded reason: {recorded}; confirm exemption {code}"
    ));
    decision.review.push(ReviewPoint {
        what: format!("restricted entry (recorded reason: {recorded}): confirm exemption {code}"),
        context: String::new(),
        finding: None,
        settle: format!(
            "`withhold` (item = \"{}\", code = \"{code}\") to confirm, or `disclose`",
            case.item.id
        ),
    });
    Some(decision)
}

/// Rule 4a: a parent's request for a child: records the child may expect not to be shared with
/// the parent (Sch 3 Part 3 para 10), and child abuse data (Part 5 para 21: Art 15 does not apply
/// where disclosure would not be in the child's best interests), wait for a person's decision.
/// A person's `disclose` or `release` is that decision.
fn parent_for_child(case: &Case<'_>) -> Option<Decision> {
    let policy = case.policy;
    if !policy.parent_for_child
        || case
            .person
            .verdict_is(|action| matches!(action, Action::Disclose { .. } | Action::Release { .. }))
            .is_some()
    {
        return None;
    }
    let item = case.item;
    let haystack = format!(
        "{}\n{}\n{}",
        item.record_type,
        item.restriction_reason,
        item.content.text()
    )
    .to_lowercase();
    let rule = policy.file.parent_rules.iter().find(|rule| {
        !(rule.child_abuse_data && policy.scotland)
            && rule
                .words
                .iter()
                .any(|word| contains_words(&haystack, &word.to_lowercase()))
    })?;
    let mut held = case.decision(
        PolicyRule::ParentForChild,
        Disposition::PendingReview,
        policy.reason(&rule.code, rule.reason.clone()),
    );
    held.review_notes.push(format!(
        "parent's request for a child: {} (code {})",
        rule.review, rule.code
    ));
    held.review.push(ReviewPoint {
        what: format!(
            "parent's request for a child: {} (code {})",
            rule.review, rule.code
        ),
        context: String::new(),
        finding: None,
        settle: format!(
            "`withhold` (item = \"{}\", code = \"{}\"), or `release` to disclose it",
            item.id, rule.code
        ),
    });
    Some(held)
}

/// An organisation's name as compared: lower case, runs of white space as one space.
fn agency_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Rule 5: content supplied by another agency: referred until the agency agrees. A person's
/// record of the agency's answer (`agency`) wins over the request file's.
fn other_agency(case: &Case<'_>) -> Option<Decision> {
    if disclosed_by_person(case) {
        return None;
    }
    let agency = case
        .item
        .agency
        .as_deref()
        .filter(|agency| !agency.trim().is_empty())?;
    let policy = case.policy;
    // "Westshire County Council" in the agency column of Westshire's own note: its own record.
    if agency_key(agency) == policy.own_organisation {
        return None;
    }
    let file = &policy.file;
    // The requester reads the agency as the request file (or the person's `agency` decision)
    // names it, the DPO's words, never the export's raw value ("Supplied by Kelly Brennan
    // (childminder)").
    let wanted = agency.trim().to_lowercase();
    let named = policy
        .agencies
        .iter()
        .find(|(name, _, _)| *name == wanted)
        .map(|(_, _, spelled)| spelled.clone());
    let exemption = || {
        first_match(&file.agency_rules, agency)
            .map(|rule| &rule.code)
            .unwrap_or(&file.agency_default)
    };
    if let Some((entry, answer)) = policy.agency_decision(agency) {
        return match answer {
            // The agency agreed: the item goes on to disclosure, and the plan says who recorded it.
            Answer::Disclose => None,
            Answer::Withhold => {
                let code = exemption();
                let mut decision = case.decision(
                    PolicyRule::Agency,
                    Disposition::Withheld,
                    policy.reason(
                        code,
                        file.reasons.agency_withheld.replace("{agency}", {
                            match &entry.decision.action {
                                Action::Agency { agency, .. } => agency.trim(),
                                _ => "another organisation",
                            }
                        }),
                    ),
                );
                decision.decided_by.push(by_person(
                    entry,
                    format!("{agency} answered withhold: withheld under {code}"),
                ));
                Some(decision)
            }
        };
    }
    match policy.agency_answer(agency) {
        Some(Some(true)) => None,
        Some(Some(false)) => {
            // The agency's view is a factor, not a veto (ICO): the item is held back as referred,
            // with the exemption the agency's kind of content would engage, until the DPO decides.
            let code = exemption();
            let mut referred = case.decision(
                PolicyRule::Agency,
                Disposition::Referred,
                policy.reason(
                    code,
                    file.reasons.agency_objected.replace(
                        "{agency}",
                        named.as_deref().unwrap_or("another organisation"),
                    ),
                ),
            );
            referred.review_notes.push(format!(
                "{agency} objected; the agency's view is a factor, not a veto (ICO): decide whether exemption {code} applies"
            ));
            referred.review.push(ReviewPoint {
                what: format!(
                    "{agency} objected to disclosure: decide whether exemption {code} applies"
                ),
                context: String::new(),
                finding: None,
                settle: format!(
                    "`withhold` (item = \"{}\", code = \"{code}\"), or `disclose`",
                    case.item.id
                ),
            });
            Some(referred)
        }
        // Asked, no answer yet: say so; never asked: say that we will ask, so the letter never
        // claims a consultation that did not happen.
        answer => {
            let asked = answer.is_some();
            let template = if asked {
                &file.reasons.agency_asked
            } else {
                &file.reasons.agency_not_asked
            };
            let mut referred = case.decision(
                PolicyRule::Agency,
                Disposition::Referred,
                policy.reason(
                    &file.referred_code,
                    template.replace(
                        "{agency}",
                        named.as_deref().unwrap_or("another organisation"),
                    ),
                ),
            );
            if !asked {
                referred.review_notes.push(format!(
                    "{agency} has not been asked: consult it and record the answer in consulted_agencies or an `agency` decision"
                ));
            }
            referred.review.push(ReviewPoint {
                what: if asked {
                    format!("{agency} was asked and has not answered")
                } else {
                    format!("{agency} has not been asked")
                },
                context: String::new(),
            finding: None,
                settle: format!(
                    "`agency` (agency = {}, answer = \"disclose\" or \"withhold\", asked, answered)",
                    quoted(agency)
                ),
            });
            Some(referred)
        }
    }
}

/// A person asked for areas of pages to be removed (`redact-area`): on an item that ships, each
/// area is part of the plan (the redactor empties it, the verifier checks it is empty) and the
/// item is disclosed with redactions; on one that does not ship, there is nothing to remove and
/// the plan says so.
fn areas_to_remove(case: &Case<'_>, decision: &mut Decision) {
    let policy = case.policy;
    for entry in &case.person.areas {
        let Action::RedactArea {
            page, area, code, ..
        } = &entry.decision.action
        else {
            continue;
        };
        if !decision.disposition.ships() {
            decision.decided_by.push(by_person(
                entry,
                format!(
                    "not applied: the item is {} and nothing of it ships",
                    decision.disposition
                ),
            ));
            continue;
        }
        // The person's code, else the third-party code (as `redact`): checked against the key
        // when the decisions were bound to the policy.
        let code = code
            .clone()
            .unwrap_or_else(|| policy.file.third_party_code.clone());
        decision.areas.push(crate::model::AreaRedaction {
            page: *page,
            rect: [area.x0, area.y0, area.x1, area.y1],
            basis: policy
                .meaning(&code)
                .map(|meaning| meaning.basis.clone())
                .unwrap_or_default(),
            code,
            entry: entry.number,
        });
        decision.decided_by.push(by_person(
            entry,
            format!(
                "everything in [{}, {}, {}, {}] on page {page} removed",
                area.x0, area.y0, area.x1, area.y1
            ),
        ));
    }
    if !decision.areas.is_empty() && decision.disposition == Disposition::Disclosed {
        decision.disposition = Disposition::DisclosedRedacted;
        decision.reason = policy.reason(
            &policy.file.third_party_code,
            policy.file.reasons.redacted.clone(),
        );
    }
}

/// Rule 6: disclosed, with every third party's data taken out, the person's `redact`
/// decisions added and their `keep` and `consent` decisions honoured.
fn disclosure(case: &Case<'_>) -> Option<Decision> {
    let policy = case.policy;
    let file = &policy.file;
    let text = case.item.content.text();
    let mut decided_by: BTreeMap<usize, ByPerson> = BTreeMap::new();
    let mut notes = Vec::new();

    // Consents a person recorded for this item (or everywhere).
    let mut consents: BTreeSet<&str> = BTreeSet::new();
    for entry in &case.person.consents {
        if let Action::Consent { person, .. } = &entry.decision.action {
            consents.insert(person.as_str());
            let theirs = case.findings.iter().any(|finding| {
                matches!(&finding.owner, Owner::RegisteredThirdParty { person_id, .. } if person_id == person)
            });
            if theirs {
                decided_by.insert(
                    entry.number,
                    by_person(entry, format!("{person}'s data kept (consent)")),
                );
            }
        }
    }

    // `keep` and `redact` occurrences in this item's text.
    let mut kept: Vec<(Span, &Entry)> = Vec::new();
    let mut added: Vec<(Span, Code, String)> = Vec::new();
    for entry in &case.person.texts {
        match &entry.decision.action {
            Action::Keep { text: phrase, .. } => {
                kept.extend(phrase.find(&text).into_iter().map(|span| (span, *entry)))
            }
            Action::Redact {
                text: phrase, code, ..
            } => {
                let code = code
                    .clone()
                    .unwrap_or_else(|| file.third_party_code.clone());
                let found = phrase.find(&text);
                if !found.is_empty() {
                    decided_by.insert(
                        entry.number,
                        by_person(
                            entry,
                            format!("\"{}\" redacted {} time(s)", phrase.as_str(), found.len()),
                        ),
                    );
                }
                added.extend(
                    found
                        .into_iter()
                        .map(|span| (span, code.clone(), format!("decision.{}", entry.number))),
                );
            }
            _ => {}
        }
    }

    let mut removed: Vec<(Span, Code, String)> = added;
    let mut review = Vec::new();
    let mut review_notes = Vec::new();
    for finding in case.findings {
        let redact = must_redact(&finding.owner, &consents);
        let keeper = kept
            .iter()
            .find(|(span, _)| span.start <= finding.span.start && finding.span.end <= span.end);
        if let (true, Some((_, entry))) = (redact, keeper) {
            // A person may say a finding is not someone's personal data, but not for a third
            // party the register names and who has not consented: that takes a `consent`.
            if let Owner::RegisteredThirdParty { person_id, .. } = &finding.owner {
                let note = format!(
                    "decision {} (keep \"{}\") not applied: it is {person_id}'s data in the register, who has not consented; add a `consent` decision for {person_id} to disclose it",
                    entry.number,
                    finding.text.trim()
                );
                if !notes.contains(&note) {
                    notes.push(note.clone());
                    decided_by.insert(entry.number, by_person(entry, note));
                }
            } else {
                decided_by.insert(
                    entry.number,
                    by_person(entry, format!("\"{}\" kept", finding.text.trim())),
                );
                continue;
            }
        }
        if redact && !finding.span.is_empty() {
            removed.push((
                finding.span,
                file.third_party_code.clone(),
                finding.rule.to_string(),
            ));
        }
        if finding.review {
            let shown = finding
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            review_notes.push(format!(
                "{} \"{shown}\" (rule {}): {}",
                if redact {
                    "redacted, please confirm"
                } else {
                    "kept, please confirm"
                },
                finding.rule,
                finding.why
            ));
            review.push(ReviewPoint {
                what: format!(
                    "unsure finding, {}: \"{shown}\" ({})",
                    if redact { "redacted" } else { "kept" },
                    finding.why
                ),
                context: context(&text, finding.span),
                finding: Some(crate::model::UnsureFinding {
                    span: finding.span,
                    redacted: redact,
                    rule: finding.rule.to_string(),
                    why: finding.why.clone(),
                }),
                settle: if redact {
                    format!("`keep` (text = {}) if it is not someone else's personal data; nothing if right", quoted(&shown))
                } else {
                    format!("`redact` (text = {}) if it is someone else's; nothing if right", quoted(&shown))
                },
            });
        }
    }
    review_notes.extend(notes);
    let redactions = plan_redactions(removed, &text, policy);
    let (disposition, reason) = if redactions.is_empty() {
        (
            Disposition::Disclosed,
            Reason {
                code: None,
                text: file.reasons.disclosed.clone(),
                basis: file.reasons.disclosed_basis.clone(),
                detail: String::new(),
            },
        )
    } else {
        (
            Disposition::DisclosedRedacted,
            policy.reason(&file.third_party_code, file.reasons.redacted.clone()),
        )
    };
    let mut decision = case.decision(PolicyRule::Disclosure, disposition, reason);
    decision.redactions = redactions;
    decision.review_notes = review_notes;
    decision.review = review;
    // An agency's recorded agreement let the item through rule 5.
    if let Some(agency) = case.item.agency.as_deref()
        && let Some((entry, Answer::Disclose)) = policy.agency_decision(agency)
        && !disclosed_by_person(case)
    {
        decided_by.insert(
            entry.number,
            by_person(entry, format!("{} agreed to disclosure", agency.trim())),
        );
    }
    decision.decided_by = decided_by.into_values().collect();
    Some(decision)
}

/// Turns the spans to remove into sorted, non-overlapping redactions: overlapping or touching
/// spans merge into one (a name and the address it sits in become one box), so no fragment of
/// either survives between two boxes. A merged box keeps the code of a person's `redact`
/// decision when one is in it, else the third-party code.
fn plan_redactions(
    mut spans: Vec<(Span, Code, String)>,
    text: &str,
    policy: &Policy,
) -> Vec<Redaction> {
    spans.retain(|(span, _, _)| !span.is_empty());
    spans.sort();
    let third_party = &policy.file.third_party_code;
    let mut merged: Vec<(Span, Code, BTreeSet<String>)> = Vec::new();
    for (span, code, rule) in spans {
        match merged.last_mut() {
            Some((last, last_code, rules)) if span.start <= last.end => {
                last.end = last.end.max(span.end);
                if *last_code == *third_party {
                    *last_code = code;
                }
                rules.insert(rule);
            }
            _ => merged.push((span, code, BTreeSet::from([rule]))),
        }
    }
    merged
        .into_iter()
        .map(|(span, code, rules)| Redaction {
            span,
            text: text
                .get(span.start..span.end)
                .unwrap_or_default()
                .to_string(),
            basis: policy
                .meaning(&code)
                .map(|meaning| meaning.basis.clone())
                .unwrap_or_default(),
            code,
            rule: rules.into_iter().collect::<Vec<_>>().join("+"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgencyConsultation, Category, Format, Person, Source};

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
            content: Content::Text {
                text: text.into(),
                pictures: Vec::new(),
                unread_pictures: Vec::new(),
            },
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
            rule: crate::rules::RuleId::new("register.full-name").unwrap(),
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
                |item| item.content = Content::unreadable("password required".into()),
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
        findings[0].rule = crate::rules::RuleId::new("subject.surname").unwrap();
        assert_eq!(
            decide(&item, &findings, &policy()).disposition,
            Disposition::Excluded
        );
        findings[0].rule = crate::rules::RuleId::new("subject.full-name").unwrap();
        assert_eq!(
            decide(&item, &findings, &policy()).disposition,
            Disposition::Disclosed
        );
        // An alias that is an ordinary word is a gathering rule too (it used to be detected and
        // never honoured: the shipped policy did not list it).
        findings[0].rule = crate::rules::RuleId::new("subject.alias-word").unwrap();
        assert_eq!(
            decide(&item, &findings, &policy()).disposition,
            Disposition::Disclosed
        );
    }

    #[test]
    fn the_shipped_policy_gathers_on_every_subject_rule_the_detector_emits() {
        assert_eq!(policy().subject_rules(), SubjectRule::ALL);
    }

    #[test]
    fn a_gathering_rule_the_detector_never_emits_is_refused_at_start_up() {
        let text = include_str!("../patterns/policy.toml")
            .replace("\"subject.alias-word\"", "\"subject.alias-words\"");
        let error = Policy::from_toml(&text, Path::new("policy.toml"), &request(), &register())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`policy.toml` is not a valid policy file: `subject_rules` entry 3: `subject.alias-words` is not a rule the detector emits"),
            "{error}"
        );
        // A rule the detector emits that says nothing about whose record it is, and an id of
        // no family at all, are refused the same way.
        for (from, to, expected) in [
            (
                "\"subject.id\"]",
                "\"subject.id\", \"subject.first-name\"]",
                "`subject_rules` entry 5: `subject.first-name` is a rule the detector emits, but not one that shows an item is about the subject",
            ),
            (
                "\"subject.full-name\"",
                "\"person.full-name\"",
                "`subject_rules` entry 1: `person.full-name` is not a rule the detector emits: rule ids start with",
            ),
        ] {
            let text = include_str!("../patterns/policy.toml").replace(from, to);
            let error = Policy::from_toml(&text, Path::new("policy.toml"), &request(), &register())
                .unwrap_err()
                .to_string();
            assert!(error.contains(expected), "{error}");
        }
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
        assert_eq!(decision.redactions[0].rule, "register.full-name");
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
    fn boxes_name_the_relationship_only_where_the_policy_lists_the_role() {
        let mut register = register();
        register.people[1].role = " Mother ".into();
        let text = include_str!("../patterns/policy.toml");
        let mut policy =
            Policy::from_toml(text, Path::new("policy.toml"), &request(), &register).unwrap();
        let text = "Sharon Carter and Gran Rose and Zofia Nowak visited.";
        let mother = finding(text, "Sharon Carter", third_party("P002"));
        let stranger = finding(text, "Zofia Nowak", Owner::UnregisteredPerson);
        let findings = [mother, stranger];
        let decided = decide(&item(text), &findings, &policy);
        assert_eq!(decided.redactions.len(), 2);
        // The register's role for P002 is "Mother" (a listed relationship); the stranger has none.
        assert_eq!(
            policy.box_labels(&decided, &findings),
            [Some("TP: mother".to_string()), None]
        );
        policy.drop_relationship_labels();
        assert!(policy.box_labels(&decided, &findings).is_empty());
    }

    #[test]
    fn a_relationship_label_that_holds_a_third_partys_name_is_refused() {
        let text = include_str!("../patterns/policy.toml").replace(
            "relationship_labels = [",
            "relationship_labels = [\"partner of sharon carter\", ",
        );
        let error = Policy::from_toml(&text, Path::new("policy.toml"), &request(), &register())
            .expect_err("a label naming a third party is refused");
        let message = error.to_string();
        assert!(
            message.contains("relationship_labels") && message.contains("`sharon`"),
            "{message}"
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
                    rule: crate::rules::RuleId::new("register.full-name").unwrap(),
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
        unread.content = Content::unreadable(
            "not read: `documents/Gary Pritchard statement.pdf` does not exist".into(),
        );
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

    #[test]
    fn the_organisations_own_name_in_the_agency_column_is_its_own_record() {
        let policy = policy();
        for own in ["Example Borough Council", " example  borough COUNCIL "] {
            let mut note = item("Jade Carter was seen.");
            note.agency = Some(own.into());
            let decided = decide(&note, &[], &policy);
            assert_eq!(decided.disposition, Disposition::Disclosed, "{own:?}");
        }
        let mut other = item("Jade Carter was seen.");
        other.agency = Some("Example Borough Council Housing Trust".into());
        assert_eq!(
            decide(&other, &[], &policy).disposition,
            Disposition::Referred
        );
    }

    /// The policy with `body` (entries without by/on/why) as the person's decisions.
    fn with(body: &str) -> Policy {
        let mut text = String::new();
        for entry in body.split("---") {
            text.push_str("[[decision]]\n");
            text.push_str(entry.trim());
            text.push_str("\nby = \"Anita Shah\"\non = 2026-11-20\nwhy = \"checked\"\n\n");
        }
        let decisions = crate::decisions::parse(&text, Path::new("decisions.toml")).unwrap();
        policy().with_decisions(decisions).unwrap()
    }

    fn removed(decision: &Decision) -> Vec<&str> {
        decision
            .redactions
            .iter()
            .map(|redaction| redaction.text.as_str())
            .collect()
    }

    fn entries(decision: &Decision) -> Vec<usize> {
        decision.decided_by.iter().map(|by| by.entry).collect()
    }

    #[test]
    fn each_rule_names_itself_in_the_plan() {
        let policy = policy();
        let mut restricted = item("Jade said she was happy.");
        restricted.restricted = true;
        let decision = decide(&restricted, &[], &policy);
        assert_eq!(decision.rule, PolicyRule::Restricted);
        assert_eq!(decision.rule.label(), "rule 4: restricted");
        let plan = serde_json::to_string(&decision).unwrap();
        assert!(plan.contains("\"rule\":\"restricted\""), "{plan}");
        assert!(plan.contains("\"show_author\":true"), "{plan}");
        assert_eq!(RULES.len(), 8);
    }

    #[test]
    fn presentation_is_decided_and_recorded() {
        let mut letter = item("Jade is doing well.");
        letter.author = "Sharon Carter".into();
        let decision = decide(&letter, &[], &policy());
        assert!(!decision.presentation.show_author);
        assert!(
            decide(&item("Jade."), &[], &policy())
                .presentation
                .show_author
        );
    }

    #[test]
    fn redact_removes_every_occurrence_whole_words_with_its_code() {
        let text = "Uncle Ray came. uncle\nray left. Uncle Rayner stayed.";
        let policy = with(
            "action = \"redact\"\ntext = \"Uncle Ray\"\n---\naction = \"redact\"\ntext = \"Rayner\"\ncode = \"TP-SRC\"\nitem = \"N-00009\"",
        );
        let decision = decide(&item(text), &[], &policy);
        assert_eq!(decision.disposition, Disposition::DisclosedRedacted);
        assert_eq!(removed(&decision), ["Uncle Ray", "uncle\nray"]);
        assert_eq!(entries(&decision), [1]);
        assert_eq!(decision.redactions[0].rule, "decision.1");
        // The second decision names another item; in that one it applies with its own code.
        let mut other = item(text);
        other.id = "N-00009".into();
        let decision = decide(&other, &[], &policy);
        assert_eq!(removed(&decision), ["Uncle Ray", "uncle\nray", "Rayner"]);
        assert_eq!(decision.redactions[2].code.0, "TP-SRC");
        assert!(decision.redactions[2].basis.contains("16(4)"));
    }

    #[test]
    fn keep_sets_aside_a_finding_but_not_a_registered_third_party() {
        let text = "Arrange a visit with Sharon Carter.";
        let findings = [
            finding(text, "Arrange", Owner::UnregisteredPerson),
            finding(text, "Sharon Carter", third_party("P002")),
        ];
        let policy = with(
            "action = \"keep\"\ntext = \"arrange\"\n---\naction = \"keep\"\ntext = \"Sharon Carter\"",
        );
        let decision = decide(&item(text), &findings, &policy);
        assert_eq!(removed(&decision), ["Sharon Carter"]);
        assert_eq!(entries(&decision), [1, 2]);
        assert!(
            decision
                .review_notes
                .iter()
                .any(|note| note.contains("add a `consent` decision for P002")),
            "{:?}",
            decision.review_notes
        );
    }

    #[test]
    fn consent_keeps_a_person_everywhere_or_in_named_items() {
        let text = "Jade saw Sharon Carter.";
        let findings = [finding(text, "Sharon Carter", third_party("P002"))];
        let everywhere = with("action = \"consent\"\nperson = \"P002\"");
        let decision = decide(&item(text), &findings, &everywhere);
        assert_eq!(decision.disposition, Disposition::Disclosed);
        assert_eq!(entries(&decision), [1]);
        let elsewhere = with("action = \"consent\"\nperson = \"P002\"\nitems = [\"N-00002\"]");
        assert_eq!(
            removed(&decide(&item(text), &findings, &elsewhere)),
            ["Sharon Carter"]
        );
    }

    #[test]
    fn item_level_decisions_override_the_policy_and_the_last_one_wins() {
        let base = item("Jade said she was happy.");
        type Case = (
            &'static str,
            fn(&mut Item),
            &'static str,
            Disposition,
            Option<&'static str>,
        );
        let cases: Vec<Case> = vec![
            (
                "withhold",
                |_| {},
                "action = \"withhold\"\nitem = \"N-00001\"\ncode = \"SW-HARM\"",
                Disposition::Withheld,
                Some("SW-HARM"),
            ),
            (
                "withhold by source, with a reason",
                |_| {},
                "action = \"withhold\"\nitem = \"case-notes.csv#CN1\"\ncode = \"CRIME\"\nreason = \"Police asked us to wait\"",
                Disposition::Withheld,
                Some("CRIME"),
            ),
            (
                "release a faulty row",
                |item| item.problems = vec!["row 4: column `date`: bad".into()],
                "action = \"release\"\nitem = \"N-00001\"",
                Disposition::Disclosed,
                None,
            ),
            (
                "release does not lift a restriction",
                |item| {
                    item.problems = vec!["bad".into()];
                    item.restricted = true;
                },
                "action = \"release\"\nitem = \"N-00001\"",
                Disposition::Withheld,
                Some("SW-HARM"),
            ),
            (
                "disclose a restricted entry",
                |item| item.restricted = true,
                "action = \"disclose\"\nitem = \"N-00001\"",
                Disposition::Disclosed,
                None,
            ),
            (
                "disclose an objected agency's record",
                |item| item.agency = Some("Northshire Police".into()),
                "action = \"disclose\"\nitem = \"N-00001\"",
                Disposition::Disclosed,
                None,
            ),
            (
                "a later disclose beats an earlier withhold",
                |item| item.restricted = true,
                "action = \"withhold\"\nitem = \"N-00001\"\ncode = \"TP\"\n---\naction = \"disclose\"\nitem = \"N-00001\"",
                Disposition::Disclosed,
                None,
            ),
            (
                "not about the subject",
                |_| {},
                "action = \"not-about-subject\"\nitem = \"N-00001\"",
                Disposition::Excluded,
                Some("NP"),
            ),
            (
                "about the subject after all",
                |item| item.subjects.clear(),
                "action = \"about-subject\"\nitem = \"N-00001\"",
                Disposition::Disclosed,
                None,
            ),
            (
                "agency answered disclose",
                |item| item.agency = Some("Riverside Academy".into()),
                "action = \"agency\"\nagency = \"riverside academy\"\nanswer = \"disclose\"\nasked = 2026-11-01\nanswered = 2026-11-10",
                Disposition::Disclosed,
                None,
            ),
            (
                "agency answered withhold",
                |item| item.agency = Some("Riverside Academy".into()),
                "action = \"agency\"\nagency = \"Riverside Academy\"\nanswer = \"withhold\"\nasked = 2026-11-01\nanswered = 2026-11-10",
                Disposition::Withheld,
                Some("EDU"),
            ),
            (
                "an area of a PDF page is part of the plan",
                |item| {
                    item.content = Content::Pdf {
                        path: "letter.pdf".into(),
                        pages: vec!["Jade Carter".into()],
                        pictures: Vec::new(),
                        attachment: None,
                        within: Vec::new(),
                        unread_pictures: Vec::new(),
                        reading_order: Vec::new(),
                    }
                },
                "action = \"redact-area\"\nitem = \"N-00001\"\npage = 1\nbox = [0, 0, 100, 100]",
                Disposition::DisclosedRedacted,
                Some("TP"),
            ),
            (
                "release cannot ship what cannot be read",
                |item| item.content = Content::unreadable("a scanned page with no text".into()),
                "action = \"release\"\nitem = \"N-00001\"",
                Disposition::PendingReview,
                Some("REVIEW"),
            ),
        ];
        for (name, change, body, disposition, code) in cases {
            let mut item = base.clone();
            change(&mut item);
            let decision = decide(&item, &[], &with(body));
            assert_eq!(decision.disposition, disposition, "{name}");
            assert_eq!(
                decision.reason.code.as_ref().map(|code| code.0.as_str()),
                code,
                "{name}"
            );
            assert!(!decision.decided_by.is_empty(), "{name}: not recorded");
            assert!(
                decision.decided_by.iter().all(|by| by.by == "Anita Shah"),
                "{name}"
            );
            if name.contains("with a reason") {
                assert_eq!(decision.reason.text, "Police asked us to wait");
            }
            // Without the decisions the same item goes another way (except where the decision
            // cannot be carried out, which is said in the plan instead).
            if name.contains("cannot") {
                assert!(
                    decision.review_notes[0].contains("cannot ship it"),
                    "{name}"
                );
                continue;
            }
            assert_ne!(
                decide(&item, &[], &policy()).disposition,
                disposition,
                "{name}: the decision changed nothing"
            );
        }
        // A decision about another item changes nothing here.
        let decision = decide(
            &base,
            &[],
            &with("action = \"withhold\"\nitem = \"N-00002\"\ncode = \"TP\""),
        );
        assert_eq!(decision.disposition, Disposition::Disclosed);
        assert!(decision.decided_by.is_empty());
    }

    #[test]
    fn an_area_carries_its_own_code_or_the_third_party_code() {
        let mut letter = item("Jade Carter");
        letter.content = Content::Pdf {
            path: "letter.pdf".into(),
            pages: vec!["Jade Carter".into()],
            pictures: Vec::new(),
            attachment: None,
            within: Vec::new(),
            unread_pictures: Vec::new(),
            reading_order: Vec::new(),
        };
        let areas = with(
            "action = \"redact-area\"\nitem = \"N-00001\"\npage = 1\nbox = [0, 0, 100, 100]\n---\naction = \"redact-area\"\nitem = \"N-00001\"\npage = 1\nbox = [0, 200, 100, 300]\ncode = \"TP-SRC\"",
        );
        let decision = decide(&letter, &[], &areas);
        let codes: Vec<(&str, &str, usize)> = decision
            .areas
            .iter()
            .map(|area| (area.code.0.as_str(), area.basis.as_str(), area.entry))
            .collect();
        assert_eq!(
            codes,
            [
                (
                    "TP",
                    areas.meaning(&Code("TP".into())).unwrap().basis.as_str(),
                    1
                ),
                (
                    "TP-SRC",
                    areas
                        .meaning(&Code("TP-SRC".into()))
                        .unwrap()
                        .basis
                        .as_str(),
                    2
                ),
            ]
        );
        // A code the key does not hold is refused when the decisions are bound.
        let text = "[[decision]]\naction = \"redact-area\"\nitem = \"N-00001\"\npage = 1\nbox = [0, 0, 1, 1]\ncode = \"NOPE\"\nby = \"A\"\non = 2026-11-20\nwhy = \"x\"\n";
        let decisions = crate::decisions::parse(text, Path::new("decisions.toml")).unwrap();
        assert!(policy().with_decisions(decisions).is_err());
    }

    #[test]
    fn an_unknown_code_in_a_decision_is_refused_when_bound() {
        let decisions = crate::decisions::parse(
            "[[decision]]\naction = \"withhold\"\nitem = \"N-1\"\ncode = \"XX\"\nby = \"A\"\non = 2026-11-20\nwhy = \"w\"\n",
            Path::new("decisions.toml"),
        )
        .unwrap();
        assert!(policy().with_decisions(decisions).is_err());
    }

    #[test]
    fn unsure_findings_wait_for_a_person_with_context_not_offsets() {
        let text = "After school Jade met Liam at the park near the station, then went home.";
        let mut unsure = finding(text, "Liam", Owner::UnregisteredPerson);
        unsure.review = true;
        let decision = decide(&item(text), &[unsure], &policy());
        assert_eq!(decision.review.len(), 1);
        let point = &decision.review[0];
        assert!(
            point.context.contains("Jade met «Liam» at the park"),
            "{point:?}"
        );
        assert!(
            point.settle.contains("`keep` (text = \"Liam\")"),
            "{point:?}"
        );
        assert!(
            !decision.review_notes[0].contains("bytes"),
            "{:?}",
            decision.review_notes
        );
    }

    #[test]
    fn unsure_findings_show_sixty_characters_either_side_on_one_line() {
        // Exactly 60 characters either side of the name, and one more beyond each: the window
        // takes the 60 and not the one beyond ("Y" of FARAWAY, "B" of BEYOND).
        let before = format!(" {}\n  NEARBY ", "n".repeat(49));
        let after = format!(" AFTER {}\t", "m".repeat(52));
        assert_eq!((before.chars().count(), after.chars().count()), (60, 60));
        let text = format!("FARAWAY{before}Liam{after}BEYOND");
        let start = text.find("Liam").unwrap();
        assert_eq!(
            context(&text, Span::new(start, start + 4)),
            format!(
                "…{} NEARBY «Liam» AFTER {}…",
                "n".repeat(49),
                "m".repeat(52)
            )
        );
        // Characters, not bytes: 60 letters of a script written in two bytes each.
        let text = format!("{}Liam{}", "ł".repeat(70), "ż".repeat(70));
        let start = text.find("Liam").unwrap();
        assert_eq!(
            context(&text, Span::new(start, start + 4)),
            format!("…{} «Liam» {}…", "ł".repeat(60), "ż".repeat(60))
        );
    }

    #[test]
    fn every_requester_facing_reason_comes_from_the_policy_file() {
        // Every reason, rule reason and code meaning marked: a reason the requester reads that
        // does not carry the mark was written somewhere else.
        let mut marked = String::new();
        let mut in_reasons = false;
        for line in include_str!("../patterns/policy.toml").lines() {
            if line.starts_with('[') {
                in_reasons = line == "[reasons]";
            }
            let key = line.split(" = ").next().unwrap_or_default();
            let mark =
                (in_reasons && key != "disclosed_basis") || key == "reason" || key == "meaning";
            if mark && line.contains(" = \"") {
                marked.push_str(&line.replacen(" = \"", " = \"POLICY: ", 1));
            } else {
                marked.push_str(line);
            }
            marked.push('\n');
        }
        let request = crate::request::parse(
            r#"
reference = "SAR-1"
kind = "subject-access"
received = "2026-10-30"
region = "england-and-wales"
organisation = "Example Borough Council"
consulted_agencies = [{ agency = "Example NHS Trust" }, { agency = "Northshire Police", disclose = false }]
[subject]
person_id = "P001"
name = "Jade Carter"
dob = "2012-01-01"
[requester]
name = "Sharon Carter"
capacity = "parent"
authority_received = "2026-11-01"
[records]
store = "store"
"#,
            Path::new("request.toml"),
        )
        .unwrap();
        let bind = |decisions: &str| {
            let policy =
                Policy::from_toml(&marked, Path::new("policy.toml"), &request, &register())
                    .unwrap();
            let decisions =
                crate::decisions::parse(decisions, Path::new("decisions.toml")).unwrap();
            policy.with_decisions(decisions).unwrap()
        };
        let policy = bind("");
        let person = bind(
            "[[decision]]\naction = \"withhold\"\nitem = \"N-00001\"\ncode = \"SW-HARM\"\nby = \"A\"\non = 2026-11-20\nwhy = \"x\"\n\n[[decision]]\naction = \"agency\"\nagency = \"Westshire Police\"\nanswer = \"withhold\"\nasked = 2026-11-01\nanswered = 2026-11-02\nby = \"A\"\non = 2026-11-20\nwhy = \"x\"\n",
        );
        let plain = "Jade went to the dentist.";
        let mut cases: Vec<(&str, Item, &Policy)> = Vec::new();
        let mut add = |name, change: &dyn Fn(&mut Item), policy| {
            let mut changed = item(plain);
            change(&mut changed);
            cases.push((name, changed, policy));
        };
        add("disclosed", &|_| {}, &policy);
        add(
            "review: unreadable",
            &|item| item.content = Content::unreadable("locked".into()),
            &policy,
        );
        add(
            "review: faulty row",
            &|item| item.problems = vec!["row 2: bad date".into()],
            &policy,
        );
        add("excluded", &|item| item.subjects.clear(), &policy);
        add(
            "record type",
            &|item| item.record_type = "Adoption panel minutes".into(),
            &policy,
        );
        add("restricted", &|item| item.restricted = true, &policy);
        add(
            "parent for a child",
            &|item| {
                item.content = Content::Text {
                    text: "Section 47 enquiries for Jade.".into(),
                    pictures: Vec::new(),
                    unread_pictures: Vec::new(),
                }
            },
            &policy,
        );
        add(
            "agency asked",
            &|item| item.agency = Some("Example NHS Trust".into()),
            &policy,
        );
        add(
            "agency not asked",
            &|item| item.agency = Some("Riverside Academy".into()),
            &policy,
        );
        add(
            "agency objected",
            &|item| item.agency = Some("Northshire Police".into()),
            &policy,
        );
        add(
            "agency answered withhold",
            &|item| {
                item.id = "N-00002".into();
                item.agency = Some("Westshire Police".into());
            },
            &person,
        );
        add("a person withholds", &|_| {}, &person);
        let mut seen = BTreeSet::new();
        for (name, item, policy) in &cases {
            let decision = decide(item, &[], policy);
            assert!(
                decision.reason.text.starts_with("POLICY: "),
                "{name}: {:?}",
                decision.reason
            );
            seen.insert(decision.rule);
        }
        // Redacted, held back by the verifier, sent before: the other reasons a schedule shows.
        let text = "Jade saw Sharon Carter.";
        let findings = [finding(text, "Sharon Carter", third_party("P002"))];
        let redacted = decide(&item(text), &findings, &policy);
        assert_eq!(redacted.disposition, Disposition::DisclosedRedacted);
        assert!(redacted.reason.text.starts_with("POLICY: "), "{redacted:?}");
        assert!(policy.held_back().text.starts_with("POLICY: "));
        assert!(policy.review("x").text.starts_with("POLICY: "));
        assert!(
            policy
                .sent_before("POLICY: x", jiff::civil::date(2026, 11, 25), 1)
                .starts_with("POLICY: ")
        );
        // Every rule that tells the requester something was reached.
        assert_eq!(seen.len(), 8, "{seen:?}");
    }

    #[test]
    fn a_refused_redaction_becomes_pending_review_in_decide() {
        let text = "Jade saw Sharon Carter.";
        let findings = [finding(text, "Sharon Carter", third_party("P002"))];
        let policy = policy();
        let decision = policy.refused(decide(&item(text), &findings, &policy), "page 1: a scan");
        assert_eq!(decision.disposition, Disposition::PendingReview);
        assert_eq!(decision.rule, PolicyRule::RedactionRefused);
        assert!(decision.redactions.is_empty());
        assert!(decision.reason.detail.contains("page 1: a scan"));
    }
}
