//! A person's areas (`redact-area`, issue 12) at the level of one file: the redactor empties an
//! area of a scan and of Chromium's printed PDF, and the verifier's own check refuses an area
//! that still holds text or unfilled pixels. Oracles independent of sarpack: `qpdf --qdf` shows
//! which drawing operators are left in the content.

use std::path::{Path, PathBuf};
use std::process::Command;

use sarpack::model::{AreaRedaction, Code, EmptyArea, Forbidden, PackFile};
use sarpack::pdf::PdfOptions;
use sarpack::redact::pdf::{PdfPlan, redact_pdf_planned};

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Whether `tool` is here; loud when not, fatal under CI.
fn have(test: &str, tool: &str) -> bool {
    if Command::new(tool).arg("--version").output().is_ok() {
        return true;
    }
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {tool} is not installed (CI installs it)");
    }
    println!("SKIPPED: {test}: {tool} not installed");
    false
}

fn area(rect: [f64; 4]) -> AreaRedaction {
    AreaRedaction {
        page: 1,
        rect,
        code: Code("TP".into()),
        basis: String::new(),
        entry: 1,
    }
}

fn checking(rect: [f64; 4]) -> Forbidden {
    Forbidden {
        areas: vec![EmptyArea {
            page: 1,
            rect,
            decision: 1,
            allowed: vec!["TP".into()],
            footer: None,
        }],
        ..Forbidden::default()
    }
}

fn verify(bytes: &[u8], forbidden: &Forbidden) -> Vec<String> {
    let file = PackFile {
        name: "record.pdf".into(),
        bytes: bytes.to_vec(),
        item: None,
        pages: 1,
    };
    match sarpack::verify::verify(file, forbidden) {
        Ok(_) => Vec::new(),
        Err(refused) => refused
            .violations
            .iter()
            .map(|violation| violation.what.clone())
            .collect(),
    }
}

#[test]
fn the_verifier_passes_an_area_the_redactor_emptied_and_refuses_one_it_did_not() {
    let test = "the_verifier_passes_an_area_the_redactor_emptied_and_refuses_one_it_did_not";
    if !have(test, "tesseract") {
        return;
    }
    // A lossless scan of a typed letter (tests/fixtures/scans/make.py), a person's check
    // standing in for OCR: the area is the letter's first paragraph.
    let bytes = fixture("tests/fixtures/scans/typed-letter-flate.pdf");
    let emptied = [60.0, 560.0, 540.0, 640.0];
    let plan = PdfPlan {
        areas: &[area(emptied)],
        unread_pictures_checked: true,
        ..PdfPlan::default()
    };
    let redacted = redact_pdf_planned(&bytes, &plan, "D-1", &PdfOptions::default()).unwrap();
    assert_eq!(
        redacted.replaced_pictures.len(),
        1,
        "the scan was not refilled"
    );
    assert!(
        verify(&redacted.bytes, &checking(emptied)).is_empty(),
        "{:?}",
        verify(&redacted.bytes, &checking(emptied))
    );
    // An area the redactor was not asked to empty: the picture's pixels there are the scan's.
    let untouched = [60.0, 300.0, 540.0, 400.0];
    let violations = verify(&redacted.bytes, &checking(untouched));
    assert!(
        violations
            .iter()
            .any(|what| what.contains("pixel(s) in the area are not filled")),
        "{violations:?}"
    );

    // Text left in an area: Chromium's printed minutes, title untouched.
    let minutes = fixture("tests/fixtures/pdf/chromium-print.pdf");
    let violations = verify(&minutes, &checking([30.0, 720.0, 210.0, 752.0]));
    assert!(
        violations
            .iter()
            .any(|what| what.contains("text is still in an area") && what.contains("Strategy")),
        "{violations:?}"
    );
}

/// Every line of the page's content that is exactly `operator`, as `qpdf --qdf` writes it.
fn operators(pdf: &[u8], operator: &str, dir: &Path) -> usize {
    let input: PathBuf = dir.join("in.pdf");
    let output = dir.join("out.pdf");
    std::fs::write(&input, pdf).unwrap();
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(&input)
        .arg(&output)
        .status()
        .unwrap();
    assert!(status.success() || status.code() == Some(3));
    String::from_utf8_lossy(&std::fs::read(&output).unwrap())
        .lines()
        .filter(|line| line.trim() == operator)
        .count()
}

#[test]
fn paths_painted_in_an_area_are_painted_no_more() {
    let test = "paths_painted_in_an_area_are_painted_no_more";
    if !have(test, "qpdf") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // Chromium strokes each cell of the minutes' table as its own rectangle (`re S`): an area
    // over the "Name" heading cell takes that cell's border, and leaves the others.
    let minutes = fixture("tests/fixtures/pdf/chromium-print.pdf");
    let plan = PdfPlan {
        areas: &[area([60.0, 606.0, 104.0, 622.0])],
        ..PdfPlan::default()
    };
    let redacted = redact_pdf_planned(&minutes, &plan, "D-1", &PdfOptions::default()).unwrap();
    let (before, after) = (
        operators(&minutes, "S", dir.path()),
        operators(&redacted.bytes, "S", dir.path()),
    );
    assert!(before > 3, "the fixture strokes {before} paths");
    assert!(
        after < before,
        "no stroke was taken out ({before} before, {after} after)"
    );
    assert!(
        after >= before - 2,
        "more than the cell's stroke went: {before} -> {after}"
    );
    // The heading's text went with it, and the other headings stayed.
    let texts = sarpack::verify::pdf_page_texts(&redacted.bytes).unwrap();
    assert!(!texts[0].contains("Name"), "{}", texts[0]);
    assert!(texts[0].contains("Relationship"), "{}", texts[0]);
}
