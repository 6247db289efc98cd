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
