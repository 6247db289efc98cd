//! Robustness over real PDFs from many producers (`/work/shared/corpora`, when present): reading
//! and redacting with no redactions never panics, and every file either opens and rewrites to a
//! file qpdf finds clean or fails closed with a reason. Prints one line per file.

use std::path::Path;
use std::process::Command;

#[test]
fn corpus_reads_or_fails_closed() {
    let root = Path::new("/work/shared/corpora/pypdf-sample-files");
    if !root.exists() {
        eprintln!("corpus not present; skipped");
        return;
    }
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
        match sarpack::pdf::extract_pages(&bytes) {
            Err(problem) => {
                assert!(!problem.0.is_empty());
                println!("{name}: fails closed: {problem}");
            }
            Ok(pages) => {
                let (output, count, _) = sarpack::redact::pdf::redact_pdf(&bytes, &[], "item")
                    .unwrap_or_else(|error| panic!("{name}: {error}"));
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
                let again = sarpack::pdf::extract_pages(&output)
                    .unwrap_or_else(|p| panic!("{name}: output unreadable: {p}"));
                assert_eq!(again, pages, "{name}: rewriting changed the text");
                let chars: usize = pages.iter().map(|p| p.chars().count()).sum();
                println!("{name}: ok, {} pages, {chars} chars", pages.len());
            }
        }
    }
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
    if !root.exists() {
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
        let Ok(pages) = sarpack::pdf::extract_pages(&bytes) else {
            continue;
        };
        let mut redactions = Vec::new();
        let mut offset = 0;
        for page in &pages {
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
        match sarpack::redact::pdf::redact_pdf(&bytes, &redactions, "item") {
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
                let after =
                    sarpack::pdf::extract_pages(&output).unwrap_or_else(|p| panic!("{name}: {p}"));
                let count = |pages: &[String]| {
                    pages
                        .iter()
                        .flat_map(|p| p.split_whitespace())
                        .filter(|w| *w != "TP")
                        .count()
                };
                if !redactions.is_empty() && count(&after) >= count(&pages) {
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
