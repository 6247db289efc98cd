//! Reads and validates the request file (`request.toml`), the first stage of the pipeline.
//!
//! Every error names the file, the key and the value, and says what would be right: a data
//! protection officer edits this file by hand.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;

use crate::model::{AgencyConsultation, Pause, Region, Request, RequestKind, Subject};

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
    records: RawRecords,
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
    let authority_received = optional_date("authority_received", &raw.authority_received)?;
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
    let base_dir = path
        .parent()
        .map(Path::to_path_buf)
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    let store = base_dir.join(&raw.records.store);
    let holidays = raw.holidays.map(|holidays| base_dir.join(holidays));
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
        store,
        base_dir,
    })
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
    fn dates_must_be_iso() {
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("29/02/2024").is_err());
        assert!(parse_date("2024-2-9").is_err());
    }
}
