//! A reviewer's action on the page, checked and turned into a `[[decision]]` of the decisions
//! file (issue 12's [`crate::decisions`], which owns the format and the atomic append).
//!
//! Everything the page sends is untrusted: the JSON is read with unknown keys refused, every
//! string is trimmed, bounded and free of control characters, and every item, person and code
//! must exist in the run being reviewed, so a decision that could never apply is refused at once
//! with a message instead of becoming a stale entry.

use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;

use crate::decisions::{self, Action, Answer, Area, Decision, ItemRef, Phrase};
use crate::model::Code;

/// The longest string accepted in any field (a reason, a phrase, a name).
const MAX_FIELD: usize = 500;

/// An action as the page sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    pub action: String,
    pub by: String,
    pub why: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub item: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub items: Option<Vec<String>>,
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub asked: Option<String>,
    #[serde(default)]
    pub answered: Option<String>,
    /// For `redact-area`: the 1-based page and `[x0, y0, x1, y1]` in points from the bottom-left
    /// corner of the page as displayed (the decisions file's `box`).
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default, rename = "box")]
    pub area: Option<[f64; 4]>,
}

/// What the action may name, from the run under review.
pub trait Known {
    fn item(&self, id: &str) -> bool;
    fn person(&self, id: &str) -> bool;
    fn code(&self, code: &str) -> bool;
    /// The crop box of a page of a PDF record, or why an area cannot be drawn there.
    fn page_box(&self, item: &str, page: u32) -> Result<[f64; 4], String>;
}

/// Checks a field: trimmed, non-empty, bounded, no control characters.
pub fn field(name: &str, value: Option<&str>) -> Result<String, String> {
    let value = value.map(str::trim).unwrap_or("");
    if value.is_empty() {
        return Err(format!("`{name}` is missing: fill it in"));
    }
    if value.chars().count() > MAX_FIELD {
        return Err(format!("`{name}` is longer than {MAX_FIELD} characters"));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("`{name}` contains a control character"));
    }
    Ok(value.to_string())
}

fn optional(name: &str, value: Option<&str>) -> Result<Option<String>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => field(name, Some(value)).map(Some),
    }
}

fn item(known: &dyn Known, value: Option<&str>) -> Result<ItemRef, String> {
    let id = field("item", value)?;
    if !known.item(&id) {
        return Err(format!("item `{id}` is not in this run's schedule"));
    }
    Ok(ItemRef::new(&id).expect("a non-empty id names an item"))
}

fn optional_item(known: &dyn Known, value: Option<&str>) -> Result<Option<ItemRef>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(_) => item(known, value).map(Some),
    }
}

fn code(known: &dyn Known, value: Option<&str>) -> Result<Code, String> {
    let code = field("code", value)?;
    if !known.code(&code) {
        return Err(format!(
            "code `{code}` is not in the redaction key (patterns/policy.toml)"
        ));
    }
    Ok(Code(code))
}

/// A code that may be left out (`redact`, `redact-area`): the policy's third-party code then.
fn optional_code(known: &dyn Known, value: Option<&str>) -> Result<Option<Code>, String> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(_) => code(known, value).map(Some),
    }
}

fn phrase(value: Option<&str>) -> Result<Phrase, String> {
    let text = field("text", value)?;
    Phrase::new(&text).ok_or_else(|| format!("`{text}` has no letter or digit to match"))
}

fn date(name: &str, value: Option<&str>) -> Result<Date, String> {
    let text = field(name, value)?;
    crate::request::parse_date(&text).map_err(|error| format!("`{name}`: {error}"))
}

/// Checks a drawn area: four finite numbers, a box at least a point wide and high, on the page
/// (a point of slack for the rounding of a drawn corner).
fn area(value: Option<[f64; 4]>, frame: [f64; 4]) -> Result<Area, String> {
    let [x0, y0, x1, y1] = value.ok_or("`box` is missing: draw the area or type its corners")?;
    if ![x0, y0, x1, y1].iter().all(|value| value.is_finite()) {
        return Err("`box` must be four numbers".into());
    }
    if x1 - x0 < 1.0 || y1 - y0 < 1.0 {
        return Err(
            "`box` must be [x0, y0, x1, y1] with x0 < x1 and y0 < y1, at least a point each way"
                .into(),
        );
    }
    let slack = 1.0;
    if x0 < frame[0] - slack
        || y0 < frame[1] - slack
        || x1 > frame[2] + slack
        || y1 > frame[3] + slack
    {
        return Err(format!(
            "`box` [{x0}, {y0}, {x1}, {y1}] is not on the page, which spans [{}, {}, {}, {}] in PDF points",
            frame[0], frame[1], frame[2], frame[3]
        ));
    }
    // Kept to a tenth of a point: finer than a drawn corner can be, and short in the file.
    let tenth = |value: f64| (value * 10.0).round() / 10.0;
    Ok(Area {
        x0: tenth(x0.max(frame[0])),
        y0: tenth(y0.max(frame[1])),
        x1: tenth(x1.min(frame[2])),
        y1: tenth(y1.min(frame[3])),
    })
}

/// Turns the page's action into a decision made today, or says what is wrong with it.
pub fn decision(
    request: &ActionRequest,
    known: &dyn Known,
    today: Date,
) -> Result<Decision, String> {
    let by = field("by (your name)", Some(&request.by))?;
    let why = field("why", Some(&request.why))?;
    let action = match request.action.as_str() {
        "redact" => Action::Redact {
            text: phrase(request.text.as_deref())?,
            item: optional_item(known, request.item.as_deref())?,
            code: optional_code(known, request.code.as_deref())?,
        },
        "keep" => Action::Keep {
            text: phrase(request.text.as_deref())?,
            item: optional_item(known, request.item.as_deref())?,
        },
        "release" => Action::Release {
            item: item(known, request.item.as_deref())?,
        },
        "withhold" => Action::Withhold {
            item: item(known, request.item.as_deref())?,
            code: code(known, request.code.as_deref())?,
            reason: optional("reason", request.reason.as_deref())?,
        },
        "disclose" => Action::Disclose {
            item: item(known, request.item.as_deref())?,
        },
        "about-subject" => Action::AboutSubject {
            item: item(known, request.item.as_deref())?,
        },
        "not-about-subject" => Action::NotAboutSubject {
            item: item(known, request.item.as_deref())?,
        },
        "redact-area" => {
            let item = item(known, request.item.as_deref())?;
            let page = request
                .page
                .filter(|page| *page >= 1)
                .ok_or("`page` is missing: say which page (from 1) the area is on")?;
            let frame = known.page_box(item.as_str(), page)?;
            Action::RedactArea {
                item,
                page,
                area: area(request.area, frame)?,
                code: optional_code(known, request.code.as_deref())?,
            }
        }
        "consent" => {
            let person = field("person", request.person.as_deref())?;
            if !known.person(&person) {
                return Err(format!("person `{person}` is not in people.csv"));
            }
            let items = match &request.items {
                None => None,
                Some(list) if list.is_empty() => None,
                Some(list) => Some(
                    list.iter()
                        .map(|id| item(known, Some(id)))
                        .collect::<Result<Vec<_>, _>>()?,
                ),
            };
            Action::Consent { person, items }
        }
        "agency" => {
            let answer = match field("answer", request.answer.as_deref())?.as_str() {
                "disclose" => Answer::Disclose,
                "withhold" => Answer::Withhold,
                other => {
                    return Err(format!("answer `{other}` must be `disclose` or `withhold`"));
                }
            };
            let asked = date("asked", request.asked.as_deref())?;
            let answered = date("answered", request.answered.as_deref())?;
            if answered < asked {
                return Err("the answer cannot come before the question: check the dates".into());
            }
            Action::Agency {
                agency: field("agency", request.agency.as_deref())?,
                answer,
                asked,
                answered,
            }
        }
        other => {
            return Err(format!(
                "unknown action `{}`: one of {}",
                other.chars().take(40).collect::<String>(),
                decisions::ACTIONS.join(", ")
            ));
        }
    };
    Ok(Decision {
        by,
        on: today,
        why,
        action,
    })
}

/// The decisions already in the file, one line each, newest last (empty when there is none).
pub fn listed(path: &Path) -> Result<Vec<String>, String> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    decisions::load(path)
        .map(|file| {
            file.entries
                .iter()
                .map(|entry| entry.decision.describe())
                .collect()
        })
        .map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample;

    impl Known for Sample {
        fn item(&self, id: &str) -> bool {
            id == "N-00042"
        }
        fn person(&self, id: &str) -> bool {
            id == "P002"
        }
        fn code(&self, code: &str) -> bool {
            code == "TP" || code == "EDU"
        }
        fn page_box(&self, item: &str, page: u32) -> Result<[f64; 4], String> {
            match (item, page) {
                ("N-00042", 1 | 2) => Ok([0.0, 0.0, 612.0, 792.0]),
                ("N-00042", _) => Err("N-00042 has no page 3 (it has 2)".into()),
                _ => Err("not a PDF".into()),
            }
        }
    }

    fn today() -> Date {
        jiff::civil::date(2026, 12, 3)
    }

    fn base(action: &str) -> ActionRequest {
        ActionRequest {
            action: action.into(),
            by: " Anita Shah ".into(),
            why: "checked the record".into(),
            ..ActionRequest::default()
        }
    }

    #[test]
    fn page_actions_become_decisions() {
        let mut keep = base("keep");
        keep.text = Some("Mr Whippy".into());
        keep.item = Some("N-00042".into());
        let decision = decision(&keep, &Sample, today()).unwrap();
        assert_eq!(decision.by, "Anita Shah");
        assert_eq!(
            decision.describe(),
            "keep \"Mr Whippy\" in N-00042 (Anita Shah, 2026-12-03)"
        );

        let mut withhold = base("withhold");
        withhold.item = Some("N-00042".into());
        withhold.code = Some("EDU".into());
        assert!(matches!(
            super::decision(&withhold, &Sample, today()).unwrap().action,
            Action::Withhold { .. }
        ));
        let mut agency = base("agency");
        agency.agency = Some("Hollinbrook Academy".into());
        agency.answer = Some("disclose".into());
        agency.asked = Some("2026-11-05".into());
        agency.answered = Some("2026-11-20".into());
        assert!(super::decision(&agency, &Sample, today()).is_ok());

        let mut area = base("redact-area");
        area.item = Some("N-00042".into());
        area.page = Some(2);
        area.area = Some([72.04, 600.46, 300.0, 700.0]);
        let Action::RedactArea {
            item,
            page,
            area: drawn,
            code,
        } = super::decision(&area, &Sample, today()).unwrap().action
        else {
            panic!("a redact-area decision");
        };
        assert_eq!((item.as_str(), page, code), ("N-00042", 2, None));
        assert_eq!(
            [drawn.x0, drawn.y0, drawn.x1, drawn.y1],
            [72.0, 600.5, 300.0, 700.0]
        );
        // A code may be chosen, as for `redact`; one the key does not hold is refused.
        area.code = Some("EDU".into());
        let Action::RedactArea { code, .. } =
            super::decision(&area, &Sample, today()).unwrap().action
        else {
            panic!("a redact-area decision");
        };
        assert_eq!(code, Some(Code("EDU".into())));
        area.code = Some("NOPE".into());
        assert!(
            super::decision(&area, &Sample, today())
                .unwrap_err()
                .contains("code `NOPE` is not in the redaction key")
        );
    }

    #[test]
    fn refuses_an_area_that_is_not_on_a_page() {
        let with = |page: Option<u32>, area: Option<[f64; 4]>| {
            let mut request = base("redact-area");
            request.item = Some("N-00042".into());
            request.page = page;
            request.area = area;
            decision(&request, &Sample, today()).unwrap_err()
        };
        let inside = Some([10.0, 10.0, 20.0, 20.0]);
        assert!(with(None, inside).contains("`page` is missing"));
        assert!(with(Some(0), inside).contains("`page` is missing"));
        assert!(with(Some(3), inside).contains("no page 3"));
        assert!(with(Some(1), None).contains("`box` is missing"));
        assert!(with(Some(1), Some([20.0, 10.0, 10.0, 20.0])).contains("x0 < x1"));
        assert!(with(Some(1), Some([10.0, 10.0, 10.5, 20.0])).contains("at least a point"));
        assert!(with(Some(1), Some([10.0, 10.0, 900.0, 20.0])).contains("not on the page"));
        assert!(with(Some(1), Some([f64::NAN, 10.0, 20.0, 20.0])).contains("four numbers"));
    }

    #[test]
    fn refuses_what_could_never_apply() {
        let cases: Vec<(ActionRequest, &str)> = vec![
            (base("delete-everything"), "unknown action"),
            (
                {
                    let mut a = base("release");
                    a.item = Some("N-99999".into());
                    a
                },
                "not in this run",
            ),
            (
                {
                    let mut a = base("release");
                    a.why = "  ".into();
                    a.item = Some("N-00042".into());
                    a
                },
                "`why` is missing",
            ),
            (
                {
                    let mut a = base("redact");
                    a.text = Some("--".into());
                    a
                },
                "no letter",
            ),
            (
                {
                    let mut a = base("withhold");
                    a.item = Some("N-00042".into());
                    a.code = Some("NOPE".into());
                    a
                },
                "not in the redaction key",
            ),
            (
                {
                    let mut a = base("consent");
                    a.person = Some("P999".into());
                    a
                },
                "not in people.csv",
            ),
            (
                {
                    let mut a = base("redact");
                    a.text = Some("x".repeat(600));
                    a
                },
                "longer than",
            ),
            (
                {
                    let mut a = base("redact");
                    a.text = Some("a\u{7}b".into());
                    a
                },
                "control character",
            ),
            (
                {
                    let mut a = base("agency");
                    a.agency = Some("X".into());
                    a.answer = Some("maybe".into());
                    a
                },
                "must be",
            ),
        ];
        for (request, expected) in cases {
            let error = decision(&request, &Sample, today()).unwrap_err();
            assert!(error.contains(expected), "{error} (wanted {expected})");
        }
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = serde_json::from_str::<ActionRequest>(
            r#"{"action":"keep","by":"a","why":"b","text":"x","path":"../../etc"}"#,
        )
        .unwrap_err();
        assert!(error.to_string().contains("unknown field"), "{error}");
    }
}
