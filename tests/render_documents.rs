//! The pack's own documents (schedule CSV and PDF, redaction key, covering letter) built from a
//! hand-made `PackContext`, read back the way a recipient would: the CSV with a CSV parser, the
//! PDFs with poppler's `pdftotext`, and checked with `qpdf --check`.

use std::path::PathBuf;
use std::process::Command;

use jiff::civil::date;
use sarpack::model::{
    Code, CodeMeaning, Deadline, Disposition, Region, Request, RequestKind, Subject,
};
use sarpack::pack::documents::{key_pdf, letter_pdf, schedule_csv, schedule_pdf};
use sarpack::pack::{Counts, PackContext, ScheduleRow};

fn request(extended: bool, region: Region) -> Request {
    Request {
        reference: "SAR-2026-0001".into(),
        kind: RequestKind::SubjectAccess,
        received: date(2026, 10, 30),
        identity_verified: Some(date(2026, 11, 4)),
        authority_received: None,
        fee_received: None,
        clarification: Vec::new(),
        extended,
        extension_notified: extended.then(|| date(2026, 11, 20)),
        holidays: None,
        region,
        organisation: "Example Borough Council".into(),
        consulted_agencies: Vec::new(),
        subject: Subject {
            person_id: "P001".into(),
            name: "Zoë Wiśniewska".into(),
            aliases: Vec::new(),
            dob: Some(date(2004, 2, 14)),
            ids: Vec::new(),
        },
        requester: sarpack::model::Requester {
            name: "Zoë Wiśniewska".into(),
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

fn deadline(extended: bool) -> Deadline {
    Deadline {
        start: date(2026, 11, 4),
        start_reason: "identity evidence received".into(),
        due: date(2026, 12, 4),
        extended_due: date(2027, 2, 4),
        extension_notify_by: date(2026, 12, 4),
        extended,
        paused_days: 0,
        region: Region::EnglandAndWales,
        warnings: Vec::new(),
    }
}

fn row(number: usize, disposition: Disposition, reason: &str, codes: &[&str]) -> ScheduleRow {
    let ships = disposition.ships();
    ScheduleRow {
        number,
        date: Some(date(2019, 4, 2)),
        description: format!("Home visit note by social worker (entry {number})"),
        disposition,
        reason: reason.into(),
        codes: codes.iter().map(|code| Code(code.to_string())).collect(),
        pages: ships.then(|| (number as u32 * 2 - 1, number as u32 * 2)),
        file: ships.then(|| format!("records/{number:04}.pdf")),
        agency: None,
        recorded_by: "Social worker".into(),
        held_back: false,
    }
}

fn codes() -> Vec<CodeMeaning> {
    vec![
        CodeMeaning {
            code: Code("TP".into()),
            meaning:
                "Information about another person that we cannot share without their agreement"
                    .into(),
            basis: "DPA 2018 Sch 2 Part 3 para 16".into(),
        },
        CodeMeaning {
            code: Code("SW-HARM".into()),
            meaning: "Sharing this would be likely to cause serious harm".into(),
            basis: "DPA 2018 Sch 3 Part 3 para 11".into(),
        },
    ]
}

fn rows() -> Vec<ScheduleRow> {
    vec![
        row(1, Disposition::Disclosed, "About you", &[]),
        row(
            2,
            Disposition::DisclosedRedacted,
            "Other people's details removed",
            &["TP"],
        ),
        row(
            3,
            Disposition::Withheld,
            "Restricted record: sharing it would be likely to cause serious harm",
            &["SW-HARM"],
        ),
        row(4, Disposition::Referred, "Supplied by another agency", &[]),
        row(
            5,
            Disposition::PendingReview,
            "Scanned page without text",
            &[],
        ),
    ]
}

fn counts() -> Counts {
    Counts {
        gathered: 5,
        disclosed: 1,
        redacted: 1,
        withheld: 1,
        referred: 1,
        pending_review: 1,
        excluded: 3,
    }
}

fn with_context<T>(extended: bool, region: Region, f: impl FnOnce(&PackContext<'_>) -> T) -> T {
    let request = request(extended, region);
    let deadline = deadline(extended);
    let context = PackContext {
        request: &request,
        deadline: &deadline,
        produced: date(2026, 11, 21),
        rows: rows(),
        codes: codes(),
        counts: counts(),
        searches: vec![
            "searched the case management system for your name, other names you have used and your record numbers"
                .into(),
            "searched the documents folder for the same terms".into(),
        ],
        organisation: None,
        enclosed: Default::default(),
        glossary: Vec::new(),
        instalment: None,
        rectified: Vec::new(),
    };
    f(&context)
}

fn pdftotext(bytes: &[u8]) -> String {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(file.path())
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn qpdf_check(bytes: &[u8]) {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(file.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !stdout.contains("WARNING"),
        "{stdout}"
    );
}

fn assert_contains(text: &str, expected: &[&str]) {
    for phrase in expected {
        assert!(text.contains(phrase), "`{phrase}` missing from:\n{text}");
    }
}

#[test]
fn schedule_csv_has_one_row_per_item() {
    let file = with_context(false, Region::EnglandAndWales, schedule_csv);
    assert_eq!(file.name, "schedule.csv");
    let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "number",
            "date",
            "description",
            "disposition",
            "reason",
            "codes",
            "pages",
            "file"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 5);
    assert_eq!(&records[1][3], "Given to you with some information removed");
    assert_eq!(&records[1][5], "TP");
    assert_eq!(&records[1][6], "3-4");
    assert_eq!(&records[2][6], "");
    assert_eq!(&records[2][1], "2019-04-02");
}

#[test]
fn schedule_pdf_lists_every_item_in_landscape() {
    let file = with_context(false, Region::EnglandAndWales, |c| schedule_pdf(c).unwrap());
    assert_eq!(file.name, "schedule.pdf");
    qpdf_check(&file.bytes);
    let text = pdftotext(&file.bytes);
    assert_contains(
        &text,
        &[
            "Schedule of records — SAR-2026-0001",
            "Example Borough Council",
            "Saturday 21 November 2026",
            "Given to you in full",
            "Being checked by a member of staff",
            "SW-HARM",
            "2 April 2019",
            "3–4",
        ],
    );
    for n in 1..=5 {
        assert!(text.contains(&format!("(entry {n})")), "row {n}");
    }
    let document = lopdf::Document::load_mem(&file.bytes).unwrap();
    let page = document.get_pages()[&1];
    let media = document
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap();
    let media = media.as_array().unwrap();
    let width = media[2].as_float().unwrap();
    let height = media[3].as_float().unwrap();
    assert!(width > height, "schedule is landscape");
}

#[test]
fn key_explains_the_codes_used() {
    let file = with_context(false, Region::EnglandAndWales, |c| key_pdf(c).unwrap());
    assert_eq!(file.name, "redaction-key.pdf");
    qpdf_check(&file.bytes);
    let text = pdftotext(&file.bytes);
    assert_contains(
        &text,
        &[
            "TP",
            "SW-HARM",
            "Sch 2 Part 3 para 16",
            "serious harm",
            "black box",
        ],
    );
}

#[test]
fn key_without_codes_says_nothing_was_removed() {
    let request = request(false, Region::EnglandAndWales);
    let deadline = deadline(false);
    let context = PackContext {
        request: &request,
        deadline: &deadline,
        produced: date(2026, 11, 21),
        rows: Vec::new(),
        codes: Vec::new(),
        counts: Counts::default(),
        searches: Vec::new(),
        organisation: None,
        enclosed: Default::default(),
        glossary: Vec::new(),
        instalment: None,
        rectified: Vec::new(),
    };
    let text = pdftotext(&key_pdf(&context).unwrap().bytes);
    assert!(text.contains("not removed any information"), "{text}");
    let letter = pdftotext(&letter_pdf(&context).unwrap().bytes);
    assert!(letter.contains("We found 0 records about you"), "{letter}");
}

#[test]
fn letter_has_the_dates_contents_and_article_15_information() {
    let file = with_context(false, Region::EnglandAndWales, |c| letter_pdf(c).unwrap());
    assert_eq!(file.name, "covering-letter.pdf");
    qpdf_check(&file.bytes);
    let text = pdftotext(&file.bytes);
    assert_contains(
        &text,
        &[
            "SAR-2026-0001",
            "Example Borough Council",
            "Dear Zoë Wiśniewska,",
            "Saturday 21 November 2026",
            "received your request on Friday 30 October 2026",
            "proof of your identity on Wednesday 4 November 2026",
            "started on Wednesday 4 November 2026 (identity evidence received)",
            "must reply by Friday 4 December 2026",
            "We found 5 records about you",
            "1 record given to you in full",
            "1 record given to you with some information removed",
            "Restricted record: sharing it would be likely to cause serious harm",
            "held back while we ask the organisation it came from",
            "still being checked by a member of staff",
            "searched the documents folder for the same terms",
            "(4 pages)",
            "schedule.pdf",
            "redaction-key.pdf",
            // Article 15(1)(a)-(h)
            "Why we hold your information",
            "What kind of information it is",
            "Who we share it with",
            "retention schedule",
            "Where it came from",
            "correct information",
            "delete information",
            "limit how we use it",
            "object",
            "Wycliffe House, Water Lane, Wilmslow",
            "SK9 5AF",
            "ico.org.uk",
            "by computer alone",
            "internal review",
            "Care Leavers' Association",
            "go through the records with a worker",
        ],
    );
    assert!(!text.contains("extended to"), "not extended");
    assert!(!text.contains("Care Connect"), "England");
    // The letter describes withheld items by reason only, never by what they are.
    assert!(!text.contains("(entry 3)"));
    // Deterministic.
    let again = with_context(false, Region::EnglandAndWales, |c| letter_pdf(c).unwrap());
    assert_eq!(file.bytes, again.bytes);
}

#[test]
fn letter_gives_the_extended_date_and_scottish_support() {
    let file = with_context(true, Region::Scotland, |c| letter_pdf(c).unwrap());
    let text = pdftotext(&file.bytes);
    assert_contains(
        &text,
        &["extended to Thursday 4 February 2027", "Care Connect"],
    );
}

#[test]
fn the_letter_says_we_have_asked_only_an_agency_that_was_asked() {
    let mut request = request(false, Region::EnglandAndWales);
    request.consulted_agencies = vec![sarpack::model::AgencyConsultation {
        agency: "Westshire Police".into(),
        disclose: None,
        asked: Some(date(2026, 11, 6)),
    }];
    let deadline = deadline(false);
    let letter = |agencies: &[Option<&str>]| {
        let rows: Vec<ScheduleRow> = agencies
            .iter()
            .enumerate()
            .map(|(index, agency)| ScheduleRow {
                agency: agency.map(str::to_string),
                ..row(
                    index + 1,
                    Disposition::Referred,
                    "Supplied by another agency",
                    &[],
                )
            })
            .collect();
        let context = PackContext {
            request: &request,
            deadline: &deadline,
            produced: date(2026, 11, 21),
            counts: Counts {
                gathered: rows.len(),
                disclosed: 0,
                redacted: 0,
                withheld: 0,
                referred: rows.len(),
                pending_review: 0,
                excluded: 0,
            },
            rows,
            codes: codes(),
            searches: Vec::new(),
            organisation: None,
            enclosed: Default::default(),
            glossary: Vec::new(),
            instalment: None,
            rectified: Vec::new(),
        };
        let text = pdftotext(&letter_pdf(&context).unwrap().bytes);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let asked = "We have asked the organisation concerned";
    let will_ask = "we need to ask that organisation for its view; we will do so";
    // The police were asked (`consulted_agencies`); the school never was.
    let text = letter(&[Some("Westshire Police")]);
    assert!(text.contains(&format!("1 record came to us from another organisation (for example a health service, a school or the police). {asked}")), "{text}");
    assert!(!text.contains(will_ask), "{text}");
    let text = letter(&[Some("Hollinbrook Academy")]);
    assert!(!text.contains(asked), "{text}");
    assert!(text.contains(will_ask), "{text}");
    let text = letter(&[Some("Westshire Police"), Some("Hollinbrook Academy"), None]);
    assert!(text.contains(asked) && text.contains(will_ask), "{text}");
    assert!(
        text.contains("2 records came to us from another organisation. Before we can share them"),
        "{text}"
    );
}

/// Writes the documents for a person to look at (`SARPACK_RENDER_DUMP=dir`).
#[test]
fn dump_documents_when_asked() {
    let Ok(dir) = std::env::var("SARPACK_RENDER_DUMP") else {
        return;
    };
    with_context(true, Region::EnglandAndWales, |c| {
        for file in [
            schedule_pdf(c).unwrap(),
            key_pdf(c).unwrap(),
            letter_pdf(c).unwrap(),
        ] {
            std::fs::write(format!("{dir}/{}", file.name), file.bytes).unwrap();
        }
    });
}
