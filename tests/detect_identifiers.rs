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

/// Whether any redacting finding covers byte `at`.
fn redacted_at(found: &[Finding], at: usize) -> bool {
    found
        .iter()
        .any(|f| is_redacted(f) && f.span.start <= at && at < f.span.end)
}

/// `None` when exactly `wanted` (its letters and digits) is redacted in `text` and nothing else
/// is, but for letters when `names_may_go` (a name beside the number is another finding's);
/// otherwise what went wrong.
fn not_exactly_redacted(text: &str, wanted: &str, names_may_go: bool) -> Option<String> {
    let found = detector().find(text);
    let start = text.find(wanted).unwrap();
    let end = start + wanted.len();
    let wanted_gone = (start..end)
        .filter(|&at| text.as_bytes()[at].is_ascii_alphanumeric())
        .all(|at| redacted_at(&found, at));
    let outside_kept = (0..text.len())
        .filter(|at| !(start..end).contains(at))
        .all(|at| {
            !redacted_at(&found, at) || (names_may_go && text.as_bytes()[at].is_ascii_alphabetic())
        });
    (!wanted_gone || !outside_kept).then(|| {
        format!(
            "{text}: want exactly `{wanted}` redacted, got {:?}",
            found
                .iter()
                .map(|f| (f.text.as_str(), f.rule.to_string(), is_redacted(f)))
                .collect::<Vec<_>>()
        )
    })
}

#[test]
fn a_bracket_round_a_number_stays_and_a_bracketed_area_code_goes_with_it() {
    // (text, the number as written, which must be redacted to the character)
    let cases: &[(&str, &str)] = &[
        // The sentence's brackets round a number: the number goes, the brackets stay.
        ("Gary (0161 496 0000) rang.", "0161 496 0000"),
        ("Zofia (+48 601 234 567) rang.", "+48 601 234 567"),
        ("Zofia (601 234 567) rang.", "601 234 567"),
        ("call (07700 900 461) now", "07700 900 461"),
        // A bracketed area code is part of the number as written; a five-digit one leaves six
        // digits after it, and the whole number leaked.
        (
            "Mum said to call (01632) 960 123 after school.",
            "(01632) 960 123",
        ),
        ("Landline (020) 7946 0018.", "(020) 7946 0018"),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, number)| not_exactly_redacted(text, number, true))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_number_its_label_names_goes_whatever_its_check_digit_and_the_label_stays() {
    // (text, the number as written, which must be redacted; the label and the words stay)
    let cases: &[(&str, &str)] = &[
        // A failing modulus-11 digit (a typing slip): `nhs-number` refuses it.
        (
            "Mum's partner's NHS number 485 777 3456 was given.",
            "485 777 3456",
        ),
        // The prefix QQ is never issued: `ni-number` refuses it.
        ("His NI number is QQ 12 34 56 C; he works.", "QQ 12 34 56 C"),
        ("Passport no. 123456789 seen at the visit.", "123456789"),
        (
            "Driving licence number MORGA753116SM9IJ copied.",
            "MORGA753116SM9IJ",
        ),
        ("UPN: A123456789012 for her brother.", "A123456789012"),
    ];
    let mut wrong: Vec<String> = cases
        .iter()
        .filter_map(|(text, number)| not_exactly_redacted(text, number, false))
        .collect();
    // A label with no number after it, or too few digits, takes nothing.
    for text in [
        "No NHS number was given.",
        "NHS number to follow; ring on 12th.",
    ] {
        let found = detector().find(text);
        if found.iter().any(is_redacted) {
            wrong.push(format!("{text}: nothing to redact, got {found:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_labelled_date_of_birth_goes_unless_it_is_the_subjects_in_any_layout() {
    // Someone else's: the date (only) goes.
    let gone: &[(&str, &str)] = &[
        ("Her boyfriend (DOB 12.03.2003) rang.", "12.03.2003"),
        ("Date of birth: 3rd May '85, per mum.", "3rd May '85"),
        ("He was born on March 5, 1990 in Leeds.", "March 5, 1990"),
        ("D.O.B. 1990-03-05 on the form.", "1990-03-05"),
        // Session 23: "as" after the label, and a day in words.
        ("The male gave his DOB as 3/3/99.", "3/3/99"),
        (
            "Her boyfriend was born on the fourth of July 2003.",
            "fourth of July 2003",
        ),
        (
            "Date of birth: twenty-first of June 2001.",
            "twenty-first of June 2001",
        ),
    ];
    let mut wrong: Vec<String> = gone
        .iter()
        .filter_map(|(text, date)| not_exactly_redacted(text, date, false))
        .collect();
    // The subject's (14 February 2012) stays, attributed to her, however it is written: the
    // register's forms of her date, and layouts they lack, read as a date and compared.
    for text in [
        "Aoife (DOB 14.2.12) attended.",
        "DOB: 14/02/2012.",
        "Aoife was born on 14th February 2012.",
        "Date of birth 2012-02-14",
        "DOB 14 Feb. 2012 on the form.",
        "Date of birth: 14 February, 2012.",
        "Aoife was born on the fourteenth of February 2012.",
        "Aoife gave her DOB as 14/2/12.",
    ] {
        let found = detector().find(text);
        let hers = found.iter().any(|f| f.rule.as_str() == "subject.dob");
        if found.iter().any(is_redacted) || !hers {
            wrong.push(format!(
                "{text}: the subject's date of birth, got {found:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
