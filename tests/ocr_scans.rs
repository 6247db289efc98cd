//! Scanned records (issue 16): pages and pictures made the way scanners make them
//! (`tests/fixtures/scans/make.py`: typed letters at 200 and 300 dpi, a photocopy with noise, a
//! skewed and a sideways page, a handwritten form, a genogram and a pasted scan on text pages) are
//! read by OCR, the names on them found by the same detector as typed text, and removed from the
//! pixels. The oracles are independent of sarpack: poppler's `pdfimages` extracts the pictures
//! that ship and the `tesseract` program reads them again; `qpdf --check` checks the file.

use std::path::{Path, PathBuf};
use std::process::Command;

use sarpack::model::{Code, PAGE_SEPARATOR, Redaction, Span};
use sarpack::pdf::{PdfOptions, read_pages};
use sarpack::redact::pdf::redact_pdf_with_pictures;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/scans")
            .join(name),
    )
    .unwrap()
}

/// Whether the tools this test needs are here; says so loudly when not, and fails under CI.
fn tools(test: &str, needed: &[&str]) -> bool {
    for tool in needed {
        let found = Command::new(tool)
            .arg(if *tool == "qpdf" || *tool == "tesseract" {
                "--version"
            } else {
                "-v"
            })
            .output()
            .is_ok();
        if !found {
            eprintln!("SKIPPED: {test}: {tool} not installed");
            if std::env::var_os("CI").is_some() {
                panic!("{test}: {tool} is not installed, and CI installs it");
            }
            return false;
        }
    }
    true
}

/// The typed letter's third parties, as make.py writes them.
const LETTER_NAMES: [&str; 8] = [
    "Sharon", "Carter", "Darren", "Pike", "Gloria", "Hughes", "Tyler", "Carter",
];

const LETTERS: [&str; 6] = [
    "typed-letter-300dpi.pdf",
    "typed-letter-200dpi.pdf",
    "typed-letter-flate.pdf",
    "photocopy-noise.pdf",
    "skewed-page.pdf",
    "sideways-page.pdf",
];

fn spans_of(text: &str, terms: &[&str]) -> Vec<Redaction> {
    let mut spans: Vec<Redaction> = Vec::new();
    for term in terms {
        for (start, _) in text.match_indices(term) {
            spans.push(Redaction {
                span: Span::new(start, start + term.len()),
                text: term.to_string(),
                code: Code("TP".into()),
                basis: "test".into(),
                rule: "test".into(),
            });
        }
    }
    spans.sort_by_key(|redaction| redaction.span);
    spans
}

/// The words `tesseract` reads in every picture `pdfimages` extracts from `pdf`.
fn ocr_of_shipped_pictures(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new("pdfimages")
        .args(["-png"])
        .arg(&file)
        .arg(dir.path().join("img"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut text = String::new();
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "png"))
        .collect();
    images.sort();
    assert!(!images.is_empty(), "no picture in the output");
    for image in images {
        // `--psm 1`: find the orientation, so the sideways page reads upright.
        let output = Command::new("tesseract")
            .arg(&image)
            .args(["-", "--psm", "1"])
            .output()
            .unwrap();
        text.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    text
}

fn qpdf_check(pdf: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn typed_scans_are_read_and_every_name_is_found() {
    if !tools(
        "typed_scans_are_read_and_every_name_is_found",
        &["tesseract"],
    ) {
        return;
    }
    let mut found = 0;
    let mut total = 0;
    for name in LETTERS {
        let read = read_pages(&fixture(name), &PdfOptions::default())
            .unwrap_or_else(|problem| panic!("{name}: {problem}"));
        assert_eq!(read.pictures.len(), 1, "{name}");
        let text = read.pages.join(PAGE_SEPARATOR);
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .collect();
        let mut remaining = words.clone();
        for term in LETTER_NAMES {
            total += 1;
            if let Some(at) = remaining.iter().position(|word| *word == term) {
                remaining.remove(at);
                found += 1;
            } else {
                eprintln!("{name}: `{term}` not read");
            }
        }
        assert!(text.contains("07700 900461"), "{name}: {text}");
    }
    eprintln!("name recall on the typed scans: {found}/{total}");
    assert_eq!(found, total, "names missed");
}

#[test]
fn handwriting_and_drawings_go_to_a_person() {
    if !tools("handwriting_and_drawings_go_to_a_person", &["tesseract"]) {
        return;
    }
    let problem = read_pages(&fixture("handwritten-form.pdf"), &PdfOptions::default()).unwrap_err();
    assert!(problem.reason.starts_with("page 1: picture"), "{problem}");
    // Only the picture was not read: a person who looked at it can `release` the file.
    assert_eq!(problem.unread, sarpack::model::Unread::Pictures);
    assert!(
        problem.reason.contains("could not be read with confidence")
            || problem.reason.contains("marks that are not words"),
        "{problem}"
    );
    let problem = read_pages(
        &fixture("text-page-with-genogram.pdf"),
        &PdfOptions::default(),
    )
    .unwrap_err();
    assert!(
        problem.reason.contains("marks that are not words"),
        "{problem}"
    );
}

#[test]
fn names_are_removed_from_the_pixels_of_a_scan() {
    if !tools(
        "names_are_removed_from_the_pixels_of_a_scan",
        &["tesseract", "pdfimages", "qpdf"],
    ) {
        return;
    }
    for name in [
        "typed-letter-300dpi.pdf",
        "skewed-page.pdf",
        "sideways-page.pdf",
    ] {
        let bytes = fixture(name);
        let read = read_pages(&bytes, &PdfOptions::default()).unwrap();
        let text = read.pages.join(PAGE_SEPARATOR);
        let redactions = spans_of(
            &text,
            &[
                "Sharon Carter",
                "Darren Pike",
                "Gloria Hughes",
                "Tyler Carter",
                "07700 900461",
            ],
        );
        assert_eq!(redactions.len(), 5, "{name}: {text}");
        let (output, pages, applied) = redact_pdf_with_pictures(
            &bytes,
            &redactions,
            &read.pictures,
            "item",
            &PdfOptions::default(),
        )
        .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(pages, 1);
        assert_eq!(applied.len(), 5);
        qpdf_check(&output);
        let shipped = ocr_of_shipped_pictures(&output);
        for gone in [
            "Sharon", "Darren", "Pike", "Gloria", "Hughes", "Tyler", "900461",
        ] {
            assert!(
                !shipped.contains(gone),
                "{name}: `{gone}` is still in the pixels:\n{shipped}"
            );
        }
        for kept in ["Jade", "meeting", "Helen Marsh", "Anita Shah"] {
            assert!(
                shipped.contains(kept),
                "{name}: `{kept}` was lost:\n{shipped}"
            );
        }
        // The original picture's stream is gone from the file.
        let digest = &read.pictures[0].digest;
        let document = lopdf::Document::load_mem(&output).unwrap();
        for object in document.objects.values() {
            if let lopdf::Object::Stream(stream) = object {
                use sha2::Digest;
                let hex: String = sha2::Sha256::digest(&stream.content)
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                assert_ne!(
                    &hex, digest,
                    "{name}: the original picture is still in the file"
                );
            }
        }
    }
}

#[test]
fn a_pasted_scan_on_a_text_page_is_read_and_redacted() {
    if !tools(
        "a_pasted_scan_on_a_text_page_is_read_and_redacted",
        &["tesseract", "pdfimages", "pdftotext"],
    ) {
        return;
    }
    let bytes = fixture("text-page-with-scan-snippet.pdf");
    let read = read_pages(&bytes, &PdfOptions::default()).unwrap();
    let text = read.pages.join(PAGE_SEPARATOR);
    assert!(text.starts_with("Case summary for Jade Carter"), "{text}");
    assert!(
        text.contains("Sharon Carter rang on 07700 900461 about Darren Pike"),
        "{text}"
    );
    let redactions = spans_of(&text, &["Sharon Carter", "Darren Pike", "07700 900461"]);
    let (output, _, _) = redact_pdf_with_pictures(
        &bytes,
        &redactions,
        &read.pictures,
        "item",
        &PdfOptions::default(),
    )
    .unwrap();
    let shipped = ocr_of_shipped_pictures(&output);
    assert!(
        !shipped.contains("Sharon") && !shipped.contains("Pike"),
        "{shipped}"
    );
    assert!(shipped.contains("referral"), "{shipped}");
    // Without the reading, the picture is never shipped unread.
    let refused =
        redact_pdf_with_pictures(&bytes, &[], &[], "item", &PdfOptions::default()).unwrap_err();
    assert!(refused.to_string().contains("was not read"), "{refused}");
}

fn forbidding(terms: &[&str], pictures: Vec<String>) -> sarpack::model::Forbidden {
    sarpack::model::Forbidden {
        terms: terms
            .iter()
            .map(|term| (term.to_string(), "a third party".to_string()))
            .collect(),
        capitalised: Vec::new(),
        upper_case: Vec::new(),
        allowed: vec!["Jade Carter".to_string()],
        pictures,
        areas: Vec::new(),
    }
}

fn pack_file(bytes: Vec<u8>) -> sarpack::model::PackFile {
    sarpack::model::PackFile {
        name: "0001-1998-03-12-document.pdf".into(),
        bytes,
        item: Some("D-00001".into()),
        pages: 1,
    }
}

/// The verifier reads the pictures itself: a scan that still shows a name is refused, the
/// redacted one passes, and the original picture is refused by its digest even where OCR would
/// not read it.
#[test]
fn the_verifier_reads_every_picture_itself() {
    if !tools("the_verifier_reads_every_picture_itself", &["tesseract"]) {
        return;
    }
    let bytes = fixture("typed-letter-200dpi.pdf");
    let terms = [
        "Sharon Carter",
        "Darren Pike",
        "Gloria Hughes",
        "07700 900461",
    ];
    let refused = sarpack::verify::verify(pack_file(bytes.clone()), &forbidding(&terms, vec![]))
        .expect_err("a scan showing third parties must be refused");
    let found: Vec<&str> = refused.violations.iter().map(|v| v.what.as_str()).collect();
    assert!(
        refused
            .violations
            .iter()
            .all(|v| v.location.contains("picture (read by OCR)")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|what| what.contains("Sharon Carter")),
        "{found:?}"
    );

    let read = read_pages(&bytes, &PdfOptions::default()).unwrap();
    let text = read.pages.join(PAGE_SEPARATOR);
    let (redacted, _, _) = redact_pdf_with_pictures(
        &bytes,
        &spans_of(&text, &terms),
        &read.pictures,
        "item",
        &PdfOptions::default(),
    )
    .unwrap();
    let digests = vec![read.pictures[0].digest.clone()];
    sarpack::verify::verify(pack_file(redacted), &forbidding(&terms, digests.clone()))
        .unwrap_or_else(|refused| panic!("{:?}", refused.violations));
    // The original picture, even with nothing the verifier's OCR would find, is refused.
    let refused = sarpack::verify::verify(pack_file(bytes), &forbidding(&[], digests))
        .expect_err("the original picture must be refused");
    assert!(
        refused.violations[0].what.contains("original picture"),
        "{:?}",
        refused.violations
    );
}

/// A JPEG's metadata is text no one reads on the page: the EXIF author and the comment name
/// third parties. The redactor drops it from every JPEG it ships; the verifier reads it and
/// refuses a file that still has it.
#[test]
fn jpeg_metadata_never_ships() {
    if !tools("jpeg_metadata_never_ships", &["tesseract", "qpdf"]) {
        return;
    }
    let bytes = fixture("jpeg-with-metadata.pdf");
    let terms = ["Darren Pike", "Sharon Carter"];
    let refused = sarpack::verify::verify(pack_file(bytes.clone()), &forbidding(&terms, vec![]))
        .expect_err("names in JPEG metadata must be refused");
    assert!(
        refused
            .violations
            .iter()
            .any(|v| v.location.contains("JPEG metadata") && v.what.contains("Darren Pike")),
        "{:?}",
        refused.violations
    );
    let read = read_pages(&bytes, &PdfOptions::default()).unwrap();
    assert!(
        read.pages[0].contains("Nothing further to add"),
        "{:?}",
        read.pages
    );
    let (output, _, _) =
        redact_pdf_with_pictures(&bytes, &[], &read.pictures, "item", &PdfOptions::default())
            .unwrap();
    qpdf_check(&output);
    for term in terms {
        assert!(
            !output
                .windows(term.len())
                .any(|window| window == term.as_bytes()),
            "`{term}` is still in the file"
        );
    }
    sarpack::verify::verify(pack_file(output.clone()), &forbidding(&terms, vec![]))
        .unwrap_or_else(|refused| panic!("{:?}", refused.violations));
    // The pixels are untouched: the picture reads the same.
    let again = read_pages(&output, &PdfOptions::default()).unwrap();
    assert_eq!(again.pages, read.pages);
}

/// `pdftotext`'s text of a whole file.
fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A scan with the invisible text layer OCR programs lay under it (made by the `tesseract`
/// program itself, `3 Tr` text): once names are filled in the pixels, the layer that still spells
/// them goes too — even names the redactions found only in sarpack's own reading of the picture.
#[test]
fn the_ocr_text_layer_under_a_redacted_scan_is_removed() {
    if !tools(
        "the_ocr_text_layer_under_a_redacted_scan_is_removed",
        &["tesseract", "pdfimages", "pdftotext", "qpdf"],
    ) {
        return;
    }
    let bytes = fixture("tesseract-text-layer.pdf");
    let before = pdftotext(&bytes);
    assert!(
        before.contains("Sharon") && before.contains("Darren Pike"),
        "the fixture has its text layer:\n{before}"
    );
    let read = read_pages(&bytes, &PdfOptions::default()).unwrap();
    assert_eq!(read.pictures.len(), 1);
    let picture = &read.pictures[0];
    assert!(
        read.pages[0][..picture.start].contains("Sharon Carter"),
        "the layer is page text: {}",
        read.pages[0]
    );
    // Redactions in the picture's text only, as a reading that differs from the layer's would
    // give: the layer's own copy of the names is not among them.
    let text = read.pages.join(PAGE_SEPARATOR);
    let names = [
        "Sharon Carter",
        "Darren Pike",
        "Gloria Hughes",
        "07700 900461",
    ];
    let redactions: Vec<Redaction> = spans_of(&text, &names)
        .into_iter()
        .filter(|redaction| redaction.span.start >= picture.start)
        .collect();
    assert_eq!(redactions.len(), 4, "{text}");
    let (output, _, _) = redact_pdf_with_pictures(
        &bytes,
        &redactions,
        &read.pictures,
        "item",
        &PdfOptions::default(),
    )
    .unwrap();
    qpdf_check(&output);
    let layer = pdftotext(&output);
    for name in ["Sharon", "Darren", "Pike", "Gloria", "Hughes", "900461"] {
        assert!(
            !layer.contains(name),
            "`{name}` is still in the text layer:\n{layer}"
        );
    }
    let shipped = ocr_of_shipped_pictures(&output);
    for gone in ["Sharon", "Darren", "Gloria", "900461"] {
        assert!(
            !shipped.contains(gone),
            "`{gone}` is in the pixels:\n{shipped}"
        );
    }
    assert!(shipped.contains("Helen Marsh"), "{shipped}");
    // A page with nothing redacted keeps its layer: the recipient can still search it.
    let (untouched, _, _) =
        redact_pdf_with_pictures(&bytes, &[], &read.pictures, "item", &PdfOptions::default())
            .unwrap();
    assert!(pdftotext(&untouched).contains("Helen Marsh"));
}

/// A name removed from a scan's text layer but not from sarpack's own reading of the picture
/// (OCR read it differently, or not at all) is still filled in the pixels under its box: a box
/// drawn over pixels that still spell the name is the cover-up that leaks.
#[test]
fn pixels_under_a_name_removed_from_the_text_layer_are_filled() {
    if !tools(
        "pixels_under_a_name_removed_from_the_text_layer_are_filled",
        &["tesseract", "pdfimages", "pdftotext", "qpdf"],
    ) {
        return;
    }
    let bytes = fixture("tesseract-text-layer.pdf");
    let read = read_pages(&bytes, &PdfOptions::default()).unwrap();
    assert_eq!(read.pictures.len(), 1);
    let picture = &read.pictures[0];
    let text = read.pages.join(PAGE_SEPARATOR);
    // Only the layer's copy of the name: the picture's own reading is left as if OCR had
    // missed it there.
    let redactions: Vec<Redaction> = spans_of(&text, &["Darren Pike"])
        .into_iter()
        .filter(|redaction| redaction.span.end <= picture.start)
        .collect();
    assert_eq!(redactions.len(), 1, "{text}");
    let (output, _, applied) = redact_pdf_with_pictures(
        &bytes,
        &redactions,
        &read.pictures,
        "item",
        &PdfOptions::default(),
    )
    .unwrap();
    assert_eq!(applied.len(), 1);
    qpdf_check(&output);
    assert!(!pdftotext(&output).contains("Darren"));
    let shipped = ocr_of_shipped_pictures(&output);
    assert!(
        !shipped.contains("Darren") && !shipped.contains("Pike"),
        "the name is still in the pixels under its box:\n{shipped}"
    );
    // The rest of the scan is still there to read.
    assert!(shipped.contains("Helen Marsh"), "{shipped}");
}
