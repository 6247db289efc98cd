//! Robustness over real PDFs from many producers (`/work/shared/corpora`, when present): reading
//! (with OCR of every picture, as gathering reads) and redacting with no redactions never panics,
//! and every file either opens and rewrites to a file qpdf finds clean or fails closed with a
//! reason. Prints one line per file.

use std::path::Path;
use std::process::Command;

use sarpack::pdf::{PdfOptions, PdfText, read_pages};

/// Pictures are read by the `tesseract` program; without it every picture fails closed, which
/// would change what this test sees. Says so loudly, and fails under CI, which installs it.
fn tesseract_present(test: &str) -> bool {
    if sarpack::ocr::available() {
        return true;
    }
    eprintln!("SKIPPED: {test}: tesseract not installed");
    assert!(
        std::env::var_os("CI").is_none(),
        "{test}: tesseract is not installed, and CI installs it"
    );
    false
}

fn read(bytes: &[u8]) -> Result<PdfText, sarpack::pdf::PdfProblem> {
    read_pages(bytes, &PdfOptions::default())
}

fn redact(
    bytes: &[u8],
    redactions: &[sarpack::model::Redaction],
    read: &PdfText,
) -> Result<(Vec<u8>, u32, Vec<sarpack::model::AppliedRedaction>), sarpack::redact::RedactError> {
    sarpack::redact::pdf::redact_pdf_with_pictures(
        bytes,
        redactions,
        &read.pictures,
        "item",
        &PdfOptions::default(),
    )
}

#[test]
fn corpus_reads_or_fails_closed() {
    let root = Path::new("/work/shared/corpora/pypdf-sample-files");
    if !root.exists() {
        eprintln!("corpus not present; skipped");
        return;
    }
    if !tesseract_present("corpus_reads_or_fails_closed") {
        return;
    }
    let (mut readable, mut closed, mut pictures) = (0, 0, 0);
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "pdf"))
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    let dir = tempfile::tempdir().unwrap();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.strip_prefix(root).unwrap().display().to_string();
        match read(&bytes) {
            Err(problem) => {
                assert!(!problem.reason.is_empty());
                println!("{name}: fails closed: {problem}");
                closed += 1;
            }
            Ok(text) => {
                readable += 1;
                pictures += text.pictures.len();
                let pages = text.pages.clone();
                let (output, count, _) =
                    redact(&bytes, &[], &text).unwrap_or_else(|error| panic!("{name}: {error}"));
                assert_eq!(count as usize, pages.len());
                let placeholder = format!("<{}>", "00".repeat(16));
                assert!(
                    !output
                        .windows(34)
                        .any(|window| window == placeholder.as_bytes()),
                    "{name}: the /ID placeholder was not replaced"
                );
                let out = dir.path().join("out.pdf");
                std::fs::write(&out, &output).unwrap();
                let check = Command::new("qpdf")
                    .arg("--check")
                    .arg(&out)
                    .output()
                    .unwrap();
                let report = String::from_utf8_lossy(&check.stdout);
                assert!(check.status.success(), "{name}: qpdf --check: {report}");
                let again =
                    read(&output).unwrap_or_else(|p| panic!("{name}: output unreadable: {p}"));
                assert_eq!(again.pages, pages, "{name}: rewriting changed the text");
                let chars: usize = pages.iter().map(|p| p.chars().count()).sum();
                println!(
                    "{name}: ok, {} pages, {chars} chars, {} pictures read",
                    pages.len(),
                    text.pictures.len()
                );
            }
        }
    }
    println!("{readable} read ({pictures} pictures read by OCR), {closed} fail closed");
}

/// Damaged variants of the fixtures (bytes overwritten at pseudo-random places, deterministic)
/// must give text or a reason, never a panic.
#[test]
fn mutated_fixtures_never_panic() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf");
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut outcomes = [0usize; 2];
    for name in [
        "libreoffice-table.pdf",
        "fpdf2-identity-h.pdf",
        "pymupdf-base14.pdf",
        "operators-structure-incremental.pdf",
        "shared-form-xobject.pdf",
    ] {
        let original = std::fs::read(fixtures.join(name)).unwrap();
        for _ in 0..60 {
            let mut bytes = original.clone();
            for _ in 0..(1 + next() % 8) {
                let at = next() % bytes.len();
                bytes[at] = (next() % 256) as u8;
            }
            let read = sarpack::pdf::extract_pages(&bytes);
            let redacted = sarpack::redact::pdf::redact_pdf(&bytes, &[], "item");
            outcomes[usize::from(read.is_ok() && redacted.is_ok())] += 1;
        }
    }
    println!(
        "mutated fixtures: {} read, {} failed closed",
        outcomes[1], outcomes[0]
    );
}

/// Real files rewritten for real: redact the first word of at least three letters on every page
/// of each readable corpus file; the output must be qpdf-clean, readable by our extractor and
/// by pdftotext, and the word count must fall (or the item fails closed with a reason).
#[test]
fn corpus_first_words_are_redacted() {
    let root = Path::new("/work/shared/corpora/pypdf-sample-files");
    if !root.exists() || !tesseract_present("corpus_first_words_are_redacted") {
        return;
    }
    // A whole whitespace-delimited word of letters, so removing it removes one word.
    let word = regex::Regex::new(r"(?:^|\s)(\p{L}{3,})(?:\s|$)").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "pdf"))
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.strip_prefix(root).unwrap().display().to_string();
        let Ok(text) = read(&bytes) else {
            continue;
        };
        let pages = &text.pages;
        let mut redactions = Vec::new();
        let mut offset = 0;
        for page in pages {
            if let Some(found) = word.captures(page).and_then(|captures| captures.get(1)) {
                redactions.push(sarpack::model::Redaction {
                    span: sarpack::model::Span::new(offset + found.start(), offset + found.end()),
                    text: found.as_str().to_string(),
                    code: sarpack::model::Code("TP".into()),
                    basis: String::new(),
                    rule: String::new(),
                });
            }
            offset += page.len() + sarpack::model::PAGE_SEPARATOR.len();
        }
        match redact(&bytes, &redactions, &text) {
            Err(error) => println!("{name}: fails closed: {error}"),
            Ok((output, _, applied)) => {
                let out = dir.path().join("out.pdf");
                std::fs::write(&out, &output).unwrap();
                let check = Command::new("qpdf")
                    .arg("--check")
                    .arg(&out)
                    .output()
                    .unwrap();
                assert!(
                    check.status.success(),
                    "{name}: {}",
                    String::from_utf8_lossy(&check.stdout)
                );
                let after = read(&output)
                    .unwrap_or_else(|p| panic!("{name}: {p}"))
                    .pages;
                let count = |pages: &[String]| {
                    pages
                        .iter()
                        .flat_map(|p| p.split_whitespace())
                        .filter(|w| *w != "TP")
                        .count()
                };
                if !redactions.is_empty() && count(&after) >= count(pages) {
                    let old: Vec<&str> = pages.iter().flat_map(|p| p.split_whitespace()).collect();
                    let new: Vec<&str> = after.iter().flat_map(|p| p.split_whitespace()).collect();
                    let at = old
                        .iter()
                        .skip(1)
                        .zip(&new)
                        .position(|(a, b)| a != b)
                        .unwrap_or(0);
                    panic!(
                        "{name}: nothing removed; first difference at word {at}: {:?} vs {:?}",
                        &old[at..(at + 6).min(old.len())],
                        &new[at.saturating_sub(1)..(at + 5).min(new.len())]
                    );
                }
                let text = Command::new("pdftotext")
                    .arg(&out)
                    .arg("-")
                    .output()
                    .unwrap();
                assert!(text.status.success(), "{name}: pdftotext failed");
                println!("{name}: {} redactions applied", applied.len());
            }
        }
    }
}
