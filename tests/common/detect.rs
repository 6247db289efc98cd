//! The register, request and detector the detection tests share: the Carter family, their
//! professionals and unregistered neighbours, as hand-written test data.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use sarpack::detect::Detector;
use sarpack::model::{
    Category, Content, Format, Item, Person, Region, Register, Request, RequestKind, Source,
    Subject,
};

fn date(value: &str) -> jiff::civil::Date {
    value.parse().unwrap()
}

pub fn person(id: &str, name: &str, aliases: &[&str], role: &str, category: Category) -> Person {
    Person {
        id: id.to_string(),
        name: name.to_string(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        dob: None,
        role: role.to_string(),
        category,
        phone: String::new(),
        address: String::new(),
        consent: false,
    }
}

pub fn request() -> Request {
    Request {
        reference: "SAR-TEST".to_string(),
        kind: RequestKind::SubjectAccess,
        received: date("2026-10-30"),
        identity_verified: None,
        authority_received: None,
        fee_received: None,
        clarification: Vec::new(),
        extended: false,
        extension_notified: None,
        holidays: None,
        region: Region::EnglandAndWales,
        organisation: "Example Borough Council".to_string(),
        consulted_agencies: Vec::new(),
        subject: Subject {
            person_id: "P001".to_string(),
            name: "Jade Carter".to_string(),
            aliases: vec!["JJ".to_string(), "Jadey".to_string()],
            dob: Some(date("2012-02-14")),
            ids: vec!["MOS-448812".to_string(), "943 476 5919".to_string()],
        },
        requester: sarpack::model::Requester {
            name: String::new(),
            capacity: sarpack::model::Capacity::Subject,
            address: Vec::new(),
            person_id: None,
        },
        organisation_profile: None,
        store: PathBuf::from("store"),
        base_dir: PathBuf::from("."),
        rectification: Vec::new(),
        disclosed_in: Vec::new(),
        court: None,
    }
}

pub fn register() -> Register {
    let mut mother = person(
        "P002",
        "Sharon Carter",
        &["Shaz"],
        "mother",
        Category::ThirdParty,
    );
    mother.phone = "07700 900123".to_string();
    mother.address = "14 Elm Road, Sheffield S2 4QT".to_string();
    mother.dob = Some(date("1988-07-03"));
    let mut subject_row = person("P001", "Jade Carter", &[], "subject", Category::Subject);
    subject_row.phone = "07700 900999".to_string();
    subject_row.address = "Flat 2, 9 Birch Close, Rotherham S60 1AB".to_string();
    let mut consenting = person("P005", "Daniel Pike", &[], "father", Category::ThirdParty);
    consenting.consent = true;
    Register {
        people: vec![
            subject_row,
            mother,
            person(
                "P003",
                "Zofia Wiśniewska",
                &[],
                "maternal aunt",
                Category::ThirdParty,
            ),
            person(
                "P004",
                "Kevin Osei",
                &[],
                "social worker",
                Category::Professional,
            ),
            consenting,
            person(
                "P006",
                "Siobhán O'Brien",
                &["Shiv"],
                "neighbour",
                Category::ThirdParty,
            ),
            person(
                "P007",
                "Tomasz Okonkwo-Ade",
                &[],
                "mum's boyfriend",
                Category::ThirdParty,
            ),
            person(
                "P008",
                "Grace Mensah",
                &[],
                "another child",
                Category::ThirdParty,
            ),
        ],
    }
}

pub fn patterns() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/patterns"))
}

/// Compiled once for all tests (loading the word lists is the slow part in a debug build).
pub fn detector() -> &'static Detector {
    static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(&request(), &register(), patterns()).unwrap())
}

/// A case note of one store holding `text`, as an exported case note is read.
pub fn case_note(id: &str, text: &str) -> Item {
    Item {
        id: id.to_string(),
        source: Source::CaseNote {
            id: id.to_string(),
            row: 1,
        },
        format: Format::CaseNote,
        date: None,
        title: String::new(),
        record_type: String::new(),
        author: String::new(),
        agency: None,
        restricted: false,
        restriction_reason: String::new(),
        subjects: Vec::new(),
        content: Content::Text {
            text: text.to_string(),
            pictures: Vec::new(),
            unread_pictures: Vec::new(),
        },
        problems: Vec::new(),
    }
}
