//! Whose identifier a phone number or email address is, when the register holds it in one
//! layout and a record writes it in another (issue 14, identifier part): the subject's own and
//! a professional's stay, a third party's goes, and each is attributed to its owner by rule.

use std::sync::OnceLock;

use sarpack::detect::{Detector, is_redacted};
use sarpack::model::{Category, Finding, Register, Request};

#[path = "common/detect.rs"]
mod common;
use common::{patterns, person};

fn request() -> Request {
    let mut request = common::request();
    request.subject.person_id = "P001".to_string();
    request.subject.name = "Aoife Byrne".to_string();
    request.subject.aliases = Vec::new();
    request.subject.ids = vec!["MOS-551203".to_string()];
    request
}

/// An Irish subject, a Polish aunt, an American social worker, a UK neighbour.
fn register() -> Register {
    let mut subject = person("P001", "Aoife Byrne", &[], "subject", Category::Subject);
    subject.phone = "+353 87 123 4567".to_string();
    let mut aunt = person(
        "P002",
        "Zofia Nowak",
        &[],
        "maternal aunt",
        Category::ThirdParty,
    );
    aunt.phone = "+48 601 234 567".to_string();
    let mut worker = person(
        "P003",
        "Dana Whitfield",
        &[],
        "social worker",
        Category::Professional,
    );
    worker.phone = "+1 (610) 284-4233".to_string();
    let mut neighbour = person(
        "P004",
        "Gary Tomlinson",
        &[],
        "neighbour",
        Category::ThirdParty,
    );
    neighbour.phone = "0044 161 496 0000".to_string();
    Register {
        people: vec![subject, aunt, worker, neighbour],
    }
}

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(&request(), &register(), patterns()).unwrap())
}

/// The findings over `wanted` in `text` (its first occurrence).
fn over<'f>(text: &str, wanted: &str, found: &'f [Finding]) -> Vec<&'f Finding> {
    let start = text.find(wanted).expect("the wanted text is in the text");
    let end = start + wanted.len();
    found
        .iter()
        .filter(|f| f.span.start < end && start < f.span.end)
        .collect()
}

#[test]
fn an_international_number_is_attributed_to_its_owner_in_every_layout() {
    // (text, number, rule of the finding); a `register.*` number is redacted, the others kept.
    let cases: &[(&str, &str, &str)] = &[
        // The subject's own Irish number: kept in every layout.
        (
            "Aoife rang from +353 87 123 4567.",
            "+353 87 123 4567",
            "subject.phone",
        ),
        (
            "Aoife rang from 00353 87 123 4567.",
            "00353 87 123 4567",
            "subject.phone",
        ),
        (
            "Aoife rang from +353 (0)87 123 4567.",
            "+353 (0)87 123 4567",
            "subject.phone",
        ),
        // At home in Ireland the number is written with the trunk 0.
        (
            "Aoife rang from 087 123 4567 today.",
            "087 123 4567",
            "subject.phone",
        ),
        // The aunt's Polish number: redacted, as hers, in every layout.
        (
            "Aunt on +48 601 234 567.",
            "+48 601 234 567",
            "register.phone",
        ),
        (
            "Aunt on 0048 601 234 567.",
            "0048 601 234 567",
            "register.phone",
        ),
        (
            "Aunt on 0048-601-234-567.",
            "0048-601-234-567",
            "register.phone",
        ),
        (
            "Aunt rang from 601 234 567 last night.",
            "601 234 567",
            "register.phone",
        ),
        // The social worker's American number: a professional's, kept.
        (
            "Call Dana on +1 (610) 284-4233.",
            "+1 (610) 284-4233",
            "professional.phone",
        ),
        // A UK number registered with 0044: the neighbour's, redacted.
        (
            "Gary on +44 161 496 0000.",
            "+44 161 496 0000",
            "register.phone",
        ),
        ("Gary on 0161 496 0000.", "0161 496 0000", "register.phone"),
    ];
    let mut wrong = Vec::new();
    for (text, number, rule) in cases {
        let redacted = rule.starts_with("register.");
        let found = detector().find(text);
        let on = over(text, number, &found);
        let right = !on.is_empty()
            && on
                .iter()
                .all(|f| f.rule == *rule && is_redacted(f) == redacted);
        if !right {
            wrong.push(format!(
                "{text}: want `{rule}` (redacted {redacted}), got {:?}",
                on.iter()
                    .map(|f| (f.text.as_str(), f.rule.to_string(), is_redacted(f)))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
