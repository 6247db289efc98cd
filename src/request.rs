//! Reads and validates the request file (`request.toml`), the first stage of the pipeline.
//!
//! Every error names the file, the key and the value, and says what would be right: a data
//! protection officer edits this file by hand.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;

use crate::model::{
    AgencyConsultation, Capacity, Court, EarlierAnswer, OrganisationProfile, Pause, Rectification,
    RectificationDecision, RectificationOutcome, Region, Register, Request, RequestKind, Requester,
    Subject,
};

#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a valid request file: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("`{path}`: key `{key}`: {message}")]
    Invalid {
        path: PathBuf,
        key: String,
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    reference: String,
    kind: String,
    received: String,
    identity_verified: Option<String>,
    authority_received: Option<String>,
    fee_received: Option<String>,
    #[serde(default)]
    clarification: Vec<RawPause>,
    #[serde(default)]
    extended: bool,
    extension_notified: Option<String>,
    holidays: Option<String>,
    region: String,
    organisation: String,
    #[serde(default)]
    consulted_agencies: Vec<AgencyConsultation>,
    subject: RawSubject,
    requester: Option<RawRequester>,
    /// The organisation profile (`organisation.toml`), relative to the request file.
    organisation_profile: Option<String>,
    records: RawRecords,
    #[serde(default)]
    rectification: Vec<RawRectification>,
    #[serde(default)]
    disclosed_in: Vec<RawEarlier>,
    court: Option<RawCourt>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCourt {
    court: String,
    case_number: String,
    case_name: Option<String>,
    hearing: Option<String>,
    #[serde(default)]
    parties: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRectification {
    record: String,
    correction: String,
    outcome: Option<String>,
    reasons: Option<String>,
    decided_by: Option<String>,
    decided_on: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEarlier {
    request: String,
    out: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequester {
    name: Option<String>,
    capacity: String,
    #[serde(default)]
    address: Vec<String>,
    person_id: Option<String>,
    authority_received: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPause {
    asked: String,
    received: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    person_id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    dob: Option<String>,
    #[serde(default)]
    ids: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecords {
    store: String,
}

/// Reads `path` and validates every key.
pub fn load(path: &Path) -> Result<Request, RequestError> {
    let text = std::fs::read_to_string(path).map_err(|source| RequestError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text, path)
}

/// Parses request-file text; `path` is used for messages and to resolve relative paths.
pub fn parse(text: &str, path: &Path) -> Result<Request, RequestError> {
    let raw: RawRequest = toml::from_str(text).map_err(|error| RequestError::Syntax {
        path: path.to_path_buf(),
        message: error.to_string().trim().replace('\n', " "),
    })?;
    let invalid = |key: &str, message: String| RequestError::Invalid {
        path: path.to_path_buf(),
        key: key.to_string(),
        message,
    };
    let date = |key: &str, value: &str| -> Result<Date, RequestError> {
        parse_date(value).map_err(|message| invalid(key, message))
    };
    let optional_date = |key: &str, value: &Option<String>| -> Result<Option<Date>, RequestError> {
        value.as_deref().map(|value| date(key, value)).transpose()
    };

    let reference = raw.reference.trim().to_string();
    if reference.is_empty()
        || !reference
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(invalid(
            "reference",
            format!(
                "`{}` must be letters, digits, `-`, `_` or `.` (it is used in file names)",
                raw.reference
            ),
        ));
    }
    let kind = match raw.kind.as_str() {
        "subject-access" => RequestKind::SubjectAccess,
        "rectification" => RequestKind::Rectification,
        "court-disclosure" => RequestKind::CourtDisclosure,
        other => {
            return Err(invalid(
                "kind",
                format!(
                    "`{other}` is not a request kind (expected subject-access, rectification or court-disclosure)"
                ),
            ));
        }
    };
    let region: Region = raw
        .region
        .parse()
        .map_err(|message: String| invalid("region", message))?;
    let received = date("received", &raw.received)?;
    let identity_verified = optional_date("identity_verified", &raw.identity_verified)?;
    let mut authority_received = optional_date("authority_received", &raw.authority_received)?;
    let requester_authority = match &raw.requester {
        Some(requester) => optional_date(
            "requester.authority_received",
            &requester.authority_received,
        )?,
        None => None,
    };
    match (authority_received, requester_authority) {
        (Some(top), Some(inner)) if top != inner => {
            return Err(invalid(
                "requester.authority_received",
                format!(
                    "`{inner}` differs from the top-level `authority_received` (`{top}`): give it once"
                ),
            ));
        }
        (None, Some(inner)) => authority_received = Some(inner),
        _ => {}
    }
    let fee_received = optional_date("fee_received", &raw.fee_received)?;
    for (key, value) in [
        ("identity_verified", identity_verified),
        ("authority_received", authority_received),
        ("fee_received", fee_received),
    ] {
        if let Some(value) = value
            && value < received
        {
            return Err(invalid(
                key,
                format!("`{value}` is before the request was received (`{received}`)"),
            ));
        }
    }
    let mut clarification = Vec::new();
    for (index, pause) in raw.clarification.iter().enumerate() {
        let key = format!("clarification[{index}]");
        let asked = date(&format!("{key}.asked"), &pause.asked)?;
        let answered = date(&format!("{key}.received"), &pause.received)?;
        if answered < asked {
            return Err(invalid(
                &key,
                format!("the pause ends (`{answered}`) before it starts (`{asked}`)"),
            ));
        }
        clarification.push(Pause {
            asked,
            received: answered,
        });
    }
    let extension_notified = optional_date("extension_notified", &raw.extension_notified)?;
    if raw.extended && extension_notified.is_none() {
        return Err(invalid(
            "extension_notified",
            "`extended = true` needs the date the requester was told (UK GDPR Art 12(3))"
                .to_string(),
        ));
    }
    if raw.organisation.trim().is_empty() {
        return Err(invalid("organisation", "must not be empty".to_string()));
    }
    let subject = Subject {
        person_id: raw.subject.person_id.trim().to_string(),
        name: raw.subject.name.trim().to_string(),
        aliases: clean_list(raw.subject.aliases),
        dob: optional_date("subject.dob", &raw.subject.dob)?,
        ids: clean_list(raw.subject.ids),
    };
    if subject.name.is_empty() {
        return Err(invalid("subject.name", "must not be empty".to_string()));
    }
    if subject.person_id.is_empty() {
        return Err(invalid(
            "subject.person_id",
            "must not be empty".to_string(),
        ));
    }
    let requester = requester(raw.requester, &subject, authority_received, &invalid)?;
    for (index, consultation) in raw.consulted_agencies.iter().enumerate() {
        if consultation.agency.trim().is_empty() {
            return Err(invalid(
                &format!("consulted_agencies[{index}].agency"),
                "must not be empty".to_string(),
            ));
        }
    }
    let base_dir = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let store = base_dir.join(&raw.records.store);
    let rectification = rectifications(kind, raw.rectification, received, &invalid)?;
    let disclosed_in = raw
        .disclosed_in
        .iter()
        .map(|earlier| EarlierAnswer {
            request: base_dir.join(&earlier.request),
            out: base_dir.join(&earlier.out),
        })
        .collect();
    let holidays = raw.holidays.map(|holidays| base_dir.join(holidays));
    let court = match raw.court {
        None => None,
        Some(_) if kind != RequestKind::CourtDisclosure => {
            return Err(invalid(
                "court",
                "is only for kind = \"court-disclosure\" (it fills the bundle's front sheet)"
                    .to_string(),
            ));
        }
        Some(court) => {
            let required = |key: &str, value: &str| {
                let value = value.trim();
                if value.is_empty() {
                    Err(invalid(key, "must not be empty".to_string()))
                } else {
                    Ok(value.to_string())
                }
            };
            Some(Court {
                court: required("court.court", &court.court)?,
                case_number: required("court.case_number", &court.case_number)?,
                case_name: court
                    .case_name
                    .map(|name| name.trim().to_string())
                    .filter(|name| !name.is_empty()),
                hearing: optional_date("court.hearing", &court.hearing)?,
                parties: court
                    .parties
                    .iter()
                    .map(|party| party.trim().to_string())
                    .filter(|party| !party.is_empty())
                    .collect(),
            })
        }
    };
    Ok(Request {
        reference,
        kind,
        received,
        identity_verified,
        authority_received,
        fee_received,
        clarification,
        extended: raw.extended,
        extension_notified,
        holidays,
        region,
        organisation: raw.organisation.trim().to_string(),
        consulted_agencies: raw.consulted_agencies,
        subject,
        requester,
        // Named in the request, or `organisation.toml` beside it when there is one.
        organisation_profile: match raw.organisation_profile {
            Some(profile) => Some(base_dir.join(profile)),
            None => Some(base_dir.join(ORGANISATION_FILE)).filter(|path| path.is_file()),
        },
        store,
        base_dir,
        rectification,
        disclosed_in,
        court,
    })
}

/// The `[[rectification]]` entries: only in a rectification request, which needs at least one.
/// A decision needs its outcome, who made it and when, and a refusal its reasons (ICO: explain
/// a refusal); a decision cannot predate the request.
fn rectifications(
    kind: RequestKind,
    raw: Vec<RawRectification>,
    received: Date,
    invalid: &dyn Fn(&str, String) -> RequestError,
) -> Result<Vec<Rectification>, RequestError> {
    if kind != RequestKind::Rectification {
        if !raw.is_empty() {
            return Err(invalid(
                "rectification",
                "is only for kind = \"rectification\"".to_string(),
            ));
        }
        return Ok(Vec::new());
    }
    if raw.is_empty() {
        return Err(invalid(
            "rectification",
            "a rectification request names at least one record: add [[rectification]] with `record` and `correction`".to_string(),
        ));
    }
    let mut out: Vec<Rectification> = Vec::with_capacity(raw.len());
    for (index, entry) in raw.into_iter().enumerate() {
        let key = |name: &str| format!("rectification[{index}].{name}");
        let record = entry.record.trim().to_string();
        if record.is_empty() {
            return Err(invalid(&key("record"), "must not be empty".to_string()));
        }
        if out.iter().any(|earlier| earlier.record == record) {
            return Err(invalid(
                &key("record"),
                format!("`{record}` is named twice: give each record once"),
            ));
        }
        let correction = entry.correction.trim().to_string();
        if correction.is_empty() {
            return Err(invalid(
                &key("correction"),
                "must say what the requester asks to be corrected".to_string(),
            ));
        }
        let reasons = entry.reasons.unwrap_or_default().trim().to_string();
        let decision = match entry.outcome.as_deref().map(str::trim) {
            None => {
                for (name, given) in [
                    ("reasons", !reasons.is_empty()),
                    ("decided_by", entry.decided_by.is_some()),
                    ("decided_on", entry.decided_on.is_some()),
                ] {
                    if given {
                        return Err(invalid(
                            &key(name),
                            "is given without an `outcome`: add outcome = \"corrected\" or \"not-corrected\"".to_string(),
                        ));
                    }
                }
                None
            }
            Some(outcome) => {
                let outcome = match outcome {
                    "corrected" => RectificationOutcome::Corrected,
                    "not-corrected" => RectificationOutcome::NotCorrected,
                    other => {
                        return Err(invalid(
                            &key("outcome"),
                            format!(
                                "`{other}` is not an outcome (expected corrected or not-corrected)"
                            ),
                        ));
                    }
                };
                if outcome == RectificationOutcome::NotCorrected && reasons.is_empty() {
                    return Err(invalid(
                        &key("reasons"),
                        "a record not corrected needs the reasons, which the letter gives"
                            .to_string(),
                    ));
                }
                let by = entry.decided_by.unwrap_or_default().trim().to_string();
                if by.is_empty() {
                    return Err(invalid(
                        &key("decided_by"),
                        "a decision needs who made it".to_string(),
                    ));
                }
                let Some(on) = entry.decided_on else {
                    return Err(invalid(
                        &key("decided_on"),
                        "a decision needs the date it was made".to_string(),
                    ));
                };
                let on = parse_date(&on).map_err(|message| invalid(&key("decided_on"), message))?;
                if on < received {
                    return Err(invalid(
                        &key("decided_on"),
                        format!("`{on}` is before the request was received (`{received}`)"),
                    ));
                }
                Some(RectificationDecision {
                    outcome,
                    reasons,
                    by,
                    on,
                })
            }
        };
        out.push(Rectification {
            record,
            correction,
            decision,
        });
    }
    Ok(out)
}

/// The `[requester]` table, checked against the subject: absent, the subject asks for themself.
fn requester(
    raw: Option<RawRequester>,
    subject: &Subject,
    authority_received: Option<Date>,
    invalid: &dyn Fn(&str, String) -> RequestError,
) -> Result<Requester, RequestError> {
    let Some(raw) = raw else {
        return Ok(Requester::subject(subject));
    };
    let capacity = match raw.capacity.trim() {
        "self" => Capacity::Subject,
        "parent" => Capacity::Parent,
        "solicitor" => Capacity::Solicitor,
        "advocate" => Capacity::Advocate,
        "representative" => Capacity::Representative,
        other => {
            return Err(invalid(
                "requester.capacity",
                format!(
                    "`{other}` is not a capacity (expected self, parent, solicitor, advocate or representative)"
                ),
            ));
        }
    };
    let person_id = raw
        .person_id
        .map(|id| id.trim().to_string())
        .filter(|id| !id.is_empty());
    let name = raw
        .name
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty());
    if capacity == Capacity::Subject {
        if let Some(id) = &person_id
            && *id != subject.person_id
        {
            return Err(invalid(
                "requester.person_id",
                format!(
                    "`{id}` is not the subject (`{}`), but the capacity is `self`",
                    subject.person_id
                ),
            ));
        }
    } else if person_id.as_deref() == Some(subject.person_id.as_str()) {
        return Err(invalid(
            "requester.person_id",
            format!(
                "`{}` is the subject, but the capacity is `{}`: use capacity = \"self\"",
                subject.person_id,
                capacity.key()
            ),
        ));
    }
    // ICO: a third party acting for the subject must show their authority, and the clock starts
    // when it arrives; a pack cannot go to someone whose authority was never checked.
    if capacity.needs_authority() && authority_received.is_none() {
        return Err(invalid(
            "requester.authority_received",
            format!(
                "a {} acts for the subject only with their authority: give the date the signed authority was received",
                capacity.key()
            ),
        ));
    }
    let name = match (name, capacity) {
        (Some(name), _) => name,
        (None, Capacity::Subject) => subject.name.clone(),
        (None, _) => {
            return Err(invalid(
                "requester.name",
                "must be given when someone asks for the subject".to_string(),
            ));
        }
    };
    Ok(Requester {
        name,
        capacity,
        address: clean_list(raw.address),
        person_id: if capacity == Capacity::Subject {
            Some(subject.person_id.clone())
        } else {
            person_id
        },
    })
}

/// The register as this request sees it: categories are decided per request, not fixed in the
/// export. The request's subject is the subject; anyone else the export calls a subject (a
/// sibling with their own file) is a third party here; the requester's own row is the
/// requester's, whose data is theirs to see (UK GDPR Art 15: it is their personal data too).
pub fn bind_register(request: &Request, register: &Register) -> Register {
    use crate::model::Category;
    let acting = request.requester.capacity != Capacity::Subject;
    // A requester not given by id is recognised by their full name in the register.
    let requester = request.requester.person_id.clone().or_else(|| {
        let wanted = request.requester.name.trim().to_lowercase();
        register
            .people
            .iter()
            .find(|person| person.name.trim().to_lowercase() == wanted)
            .map(|person| person.id.clone())
    });
    let requester = requester.as_deref().filter(|_| acting);
    let mut bound = register.clone();
    for person in &mut bound.people {
        person.category = if person.id == request.subject.person_id {
            Category::Subject
        } else if Some(person.id.as_str()) == requester {
            Category::Requester
        } else if person.category == Category::Subject {
            Category::ThirdParty
        } else {
            person.category
        };
    }
    bound
}

/// The organisation profile looked for beside the request file when the request names none.
pub const ORGANISATION_FILE: &str = "organisation.toml";

/// Reads the organisation profile named by the request, if any. Every field the letter prints
/// must be filled in: an empty purpose or recipient list would print an empty promise.
pub fn load_organisation(request: &Request) -> Result<Option<OrganisationProfile>, RequestError> {
    let Some(path) = &request.organisation_profile else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(path).map_err(|source| RequestError::Read {
        path: path.clone(),
        source,
    })?;
    let profile: OrganisationProfile =
        toml::from_str(&text).map_err(|error| RequestError::Syntax {
            path: path.clone(),
            message: error.to_string().trim().replace('\n', " "),
        })?;
    let invalid = |key: &str, message: &str| RequestError::Invalid {
        path: path.clone(),
        key: key.to_string(),
        message: message.to_string(),
    };
    for (key, contact) in [
        ("contact", &profile.contact),
        ("dpo", &profile.dpo),
        ("first_contact", &profile.first_contact),
    ] {
        if contact.name.trim().is_empty() {
            return Err(invalid(&format!("{key}.name"), "must not be empty"));
        }
        if contact.email.trim().is_empty()
            && contact.phone.trim().is_empty()
            && contact.address.is_empty()
        {
            return Err(invalid(
                key,
                "give at least one way to reach them (address, email or phone)",
            ));
        }
    }
    if profile.purposes.iter().all(|line| line.trim().is_empty()) {
        return Err(invalid(
            "purposes",
            "list at least one purpose (UK GDPR Art 15(1)(a))",
        ));
    }
    if profile.recipients.iter().all(|line| line.trim().is_empty()) {
        return Err(invalid(
            "recipients",
            "list who the information is shared with (UK GDPR Art 15(1)(c))",
        ));
    }
    if profile.retention.trim().is_empty() {
        return Err(invalid(
            "retention",
            "must not be empty (UK GDPR Art 15(1)(d))",
        ));
    }
    if profile.sources.trim().is_empty() {
        return Err(invalid(
            "sources",
            "must not be empty (UK GDPR Art 15(1)(g))",
        ));
    }
    Ok(Some(profile))
}

fn clean_list(values: Vec<String>) -> Vec<String> {
    values
        .into_iter()
        .map(|value| value.trim().to_string())
        .filter(|value| !value.is_empty())
        .collect()
}

/// Parses an ISO 8601 calendar date (`YYYY-MM-DD`), rejecting impossible dates like `2026-02-30`.
pub fn parse_date(value: &str) -> Result<Date, String> {
    let value = value.trim();
    let well_formed = value.len() == 10
        && value.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !well_formed {
        return Err(format!("`{value}` is not a date (dates are YYYY-MM-DD)"));
    }
    value
        .parse::<Date>()
        .map_err(|_| format!("`{value}` is not a date on the calendar (dates are YYYY-MM-DD)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
reference = "SAR-2026-0001"
kind = "subject-access"
received = "2026-10-30"
identity_verified = "2026-11-04"
region = "england-and-wales"
organisation = "Example Borough Council"
consulted_agencies = [
  { agency = "Example NHS Trust", disclose = true },
  { agency = "Example Academy", disclose = false },
]
[subject]
person_id = "P001"
name = "Jade Carter"
aliases = ["JJ"]
dob = "2004-02-14"
ids = ["MOS-448812", "943 476 5919"]
[records]
store = "store"
"#;

    #[test]
    fn reads_the_documented_format() {
        let request = parse(GOOD, Path::new("cases/a/request.toml")).unwrap();
        assert_eq!(request.reference, "SAR-2026-0001");
        assert_eq!(request.kind, RequestKind::SubjectAccess);
        assert_eq!(request.store, PathBuf::from("cases/a/store"));
        assert_eq!(request.agency_answer("example nhs trust"), Some(true));
        assert_eq!(request.agency_answer("Example Academy"), Some(false));
        assert_eq!(request.agency_answer("Police"), None);
    }

    #[test]
    fn rejects_bad_values_naming_key_and_value() {
        let cases = [
            (
                GOOD.replace("2026-10-30", "2026-02-30"),
                "received",
                "2026-02-30",
            ),
            (
                GOOD.replace("\"2026-11-04\"", "\"2026-10-01\""),
                "identity_verified",
                "2026-10-01",
            ),
            (
                GOOD.replace("england-and-wales", "wales"),
                "region",
                "wales",
            ),
            (GOOD.replace("subject-access", "gossip"), "kind", "gossip"),
        ];
        for (text, key, value) in cases {
            let message = parse(&text, Path::new("r.toml")).unwrap_err().to_string();
            assert!(message.contains(key), "{message}");
            assert!(message.contains(value), "{message}");
        }
    }

    #[test]
    fn rejects_a_pause_that_ends_before_it_starts() {
        let text = GOOD.replace(
            "[subject]",
            "clarification = [{ asked = \"2026-11-10\", received = \"2026-11-05\" }]\n[subject]",
        );
        let message = parse(&text, Path::new("r.toml")).unwrap_err().to_string();
        assert!(message.contains("clarification[0]"), "{message}");
    }

    #[test]
    fn a_rectification_names_its_records_and_each_decision_says_who_when_and_why() {
        let entry = |extra: &str| {
            format!("{GOOD}[[rectification]]\nrecord = \"CN-1016\"\ncorrection = \"Wrong day.\"\n{extra}")
                .replace("subject-access", "rectification")
        };
        let request = parse(
            &entry("outcome = \"corrected\"\ndecided_by = \"R\"\ndecided_on = \"2026-11-20\""),
            Path::new("r.toml"),
        )
        .unwrap();
        let decision = request.rectification[0].decision.as_ref().unwrap();
        assert_eq!(decision.outcome, RectificationOutcome::Corrected);
        assert!(request.rectification[0].is_source("case-notes.csv#CN-1016"));
        assert!(!request.rectification[0].is_source("case-notes.csv#CN-10161"));
        let undecided = parse(&entry(""), Path::new("r.toml")).unwrap();
        assert!(undecided.rectification[0].decision.is_none());
        let cases = [
            (entry("outcome = \"maybe\""), "rectification[0].outcome"),
            (
                entry(
                    "outcome = \"not-corrected\"\ndecided_by = \"R\"\ndecided_on = \"2026-11-20\"",
                ),
                "rectification[0].reasons",
            ),
            (
                entry("outcome = \"corrected\"\ndecided_on = \"2026-11-20\""),
                "decided_by",
            ),
            (
                entry("outcome = \"corrected\"\ndecided_by = \"R\"\ndecided_on = \"2026-01-01\""),
                "before the request was received",
            ),
            (entry("reasons = \"x\""), "without an `outcome`"),
            (
                GOOD.replace("subject-access", "rectification"),
                "at least one record",
            ),
            (
                entry("").replace("kind = \"rectification\"", "kind = \"subject-access\""),
                "only for kind",
            ),
        ];
        for (text, expected) in cases {
            let message = parse(&text, Path::new("r.toml")).unwrap_err().to_string();
            assert!(message.contains(expected), "{expected}: {message}");
        }
    }

    fn with_requester(table: &str) -> String {
        GOOD.replace("[records]", &format!("[requester]\n{table}\n[records]"))
    }

    #[test]
    fn without_a_requester_the_subject_asks() {
        let request = parse(GOOD, Path::new("r.toml")).unwrap();
        assert_eq!(request.requester.capacity, Capacity::Subject);
        assert_eq!(request.requester.name, "Jade Carter");
        assert_eq!(request.requester.person_id.as_deref(), Some("P001"));
    }

    #[test]
    fn reads_each_capacity() {
        let cases = [
            ("self", Capacity::Subject),
            ("parent", Capacity::Parent),
            ("solicitor", Capacity::Solicitor),
            ("advocate", Capacity::Advocate),
            ("representative", Capacity::Representative),
        ];
        for (key, capacity) in cases {
            let text = with_requester(&format!(
                "name = \"Someone\"\ncapacity = \"{key}\"\naddress = [\"1 High St\", \" \", \"Town\"]\nauthority_received = \"2026-11-05\""
            ));
            let request = parse(&text, Path::new("r.toml")).unwrap();
            assert_eq!(request.requester.capacity, capacity);
            assert_eq!(request.requester.address, ["1 High St", "Town"]);
            assert_eq!(
                request.authority_received,
                Some(jiff::civil::date(2026, 11, 5))
            );
        }
    }

    #[test]
    fn a_representative_without_authority_is_refused() {
        for capacity in ["solicitor", "advocate", "representative"] {
            let text = with_requester(&format!("name = \"A Person\"\ncapacity = \"{capacity}\""));
            let message = parse(&text, Path::new("r.toml")).unwrap_err().to_string();
            assert!(
                message.contains("requester.authority_received"),
                "{message}"
            );
        }
        // A parent shows parental responsibility, not the child's authority.
        let text = with_requester("name = \"A Parent\"\ncapacity = \"parent\"");
        assert!(parse(&text, Path::new("r.toml")).is_ok());
    }

    #[test]
    fn requester_mistakes_name_the_key() {
        let cases = [
            (
                with_requester("name = \"X\"\ncapacity = \"aunt\""),
                "requester.capacity",
            ),
            (
                with_requester("capacity = \"parent\"\nperson_id = \"P002\""),
                "requester.name",
            ),
            (
                with_requester("name = \"X\"\ncapacity = \"parent\"\nperson_id = \"P001\""),
                "requester.person_id",
            ),
            (
                with_requester("capacity = \"self\"\nperson_id = \"P002\""),
                "requester.person_id",
            ),
            (
                with_requester(
                    "name = \"X\"\ncapacity = \"solicitor\"\nauthority_received = \"2026-11-06\"",
                )
                .replace(
                    "[subject]",
                    "authority_received = \"2026-11-05\"\n[subject]",
                ),
                "requester.authority_received",
            ),
        ];
        for (text, key) in cases {
            let message = parse(&text, Path::new("r.toml")).unwrap_err().to_string();
            assert!(message.contains(key), "{key}: {message}");
        }
    }

    #[test]
    fn categories_are_decided_per_request() {
        use crate::model::{Category, Person};
        let person = |id: &str, name: &str, category| Person {
            id: id.into(),
            name: name.into(),
            aliases: Vec::new(),
            dob: None,
            role: String::new(),
            category,
            phone: String::new(),
            address: String::new(),
            consent: false,
        };
        let register = Register {
            people: vec![
                person("P001", "Jade Carter", Category::Subject),
                person("P002", "Sharon Carter", Category::ThirdParty),
                person("P003", "Tyler Carter", Category::ThirdParty),
                person("P011", "Anita Shah", Category::Professional),
            ],
        };
        // Sharon asks for Tyler: Tyler is the subject, Sharon the requester, Jade a third party.
        let text = GOOD
            .replace(
                "person_id = \"P001\"\nname = \"Jade Carter\"",
                "person_id = \"P003\"\nname = \"Tyler Carter\"",
            )
            .replace(
                "[records]",
                "[requester]\nname = \"Sharon Carter\"\ncapacity = \"parent\"\n[records]",
            );
        let request = parse(&text, Path::new("r.toml")).unwrap();
        let bound = bind_register(&request, &register);
        let category = |id: &str| bound.get(id).unwrap().category;
        assert_eq!(category("P001"), Category::ThirdParty);
        assert_eq!(category("P002"), Category::Requester, "found by name");
        assert_eq!(category("P003"), Category::Subject);
        assert_eq!(category("P011"), Category::Professional);
        // The subject asking: nobody is the requester but the subject.
        let own = bind_register(&parse(GOOD, Path::new("r.toml")).unwrap(), &register);
        assert_eq!(own.get("P002").unwrap().category, Category::ThirdParty);
        assert_eq!(own.get("P001").unwrap().category, Category::Subject);
    }

    #[test]
    fn a_child_is_under_18_on_the_day_the_request_arrived() {
        let parent = with_requester("name = \"P\"\ncapacity = \"parent\"");
        let request = parse(
            &parent.replace("2004-02-14", "2008-10-31"),
            Path::new("r.toml"),
        )
        .unwrap();
        assert!(request.parent_for_child(), "17 on 2026-10-30");
        let request = parse(
            &parent.replace("2004-02-14", "2008-10-30"),
            Path::new("r.toml"),
        )
        .unwrap();
        assert!(!request.parent_for_child(), "18 that day");
        let request = parse(
            &parent.replace("dob = \"2004-02-14\"\n", ""),
            Path::new("r.toml"),
        )
        .unwrap();
        assert!(request.parent_for_child(), "unknown age counts as a child");
        let own = parse(GOOD, Path::new("r.toml")).unwrap();
        assert!(!own.parent_for_child());
    }

    #[test]
    fn agencies_asked_but_not_answered_are_read() {
        let text = GOOD.replace(
            "{ agency = \"Example Academy\", disclose = false },",
            "{ agency = \"Example Academy\", asked = \"2026-11-06\" },",
        );
        let request = parse(&text, Path::new("r.toml")).unwrap();
        assert_eq!(request.agency_answer("Example Academy"), None);
        assert!(request.consultation("example academy").is_some());
        assert!(request.consultation("Police").is_none());
    }

    #[test]
    fn dates_must_be_iso() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("29/02/2024").is_err());
        assert!(parse_date("2024-2-9").is_err());
    }
}
