//! Issue 5: every real-world PDF in `../shared/corpora/pypdf-sample-files/` (many producers; none
//! written by this project) goes through the redactor with a register of names that occur in it,
//! and is then either redacted *and accepted by sarpack's independent verifier*, or refused with
//! a precise reason (the item would be `pending-review`). Nothing panics, nothing is silent.

use std::path::PathBuf;

use sarpack::model::{Code, Forbidden, PAGE_SEPARATOR, PackFile, Redaction, Span};

fn corpus() -> Option<PathBuf> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/pypdf-sample-files");
    path.is_dir().then_some(path)
}

/// Up to two capitalised words of five or more letters per page, as a register would name people.
fn names_in(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut page_start = 0;
    for page in text.split(PAGE_SEPARATOR) {
        let mut found = 0;
        let mut offset = 0;
        for word in page.split(|c: char| !c.is_alphabetic()) {
            let start = page[offset..]
                .find(word)
                .map(|at| offset + at)
                .unwrap_or(offset);
            offset = start + word.len();
            if found < 2
                && word.chars().count() >= 5
                && word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().skip(1).all(char::is_lowercase)
            {
                spans.push(Span::new(
                    page_start + start,
                    page_start + start + word.len(),
                ));
                found += 1;
            }
        }
        page_start += page.len() + PAGE_SEPARATOR.len();
    }
    spans
}

#[test]
fn every_corpus_pdf_is_redacted_and_verified_or_refused_with_a_reason() {
    let Some(corpus) = corpus() else {
        eprintln!("the shared corpus is not beside the checkout; skipped");
        return;
    };
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&corpus)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "the corpus has its PDFs");
    let (mut verified, mut refused) = (Vec::new(), Vec::new());
    for path in &files {
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        let bytes = std::fs::read(path).unwrap();
        let pages = match sarpack::pdf::extract_pages(&bytes) {
            Ok(pages) => pages,
            Err(problem) => {
                assert!(!problem.to_string().is_empty());
                refused.push(format!("{name}: {problem}"));
                continue;
            }
        };
        let text = pages.join(PAGE_SEPARATOR);
        let redactions: Vec<Redaction> = names_in(&text)
            .into_iter()
            .map(|span| Redaction {
                span,
                text: text[span.start..span.end].to_string(),
                code: Code("TP".into()),
                basis: "test".into(),
                rule: "test".into(),
            })
            .collect();
        let (output, page_count, _) =
            match sarpack::redact::pdf::redact_pdf(&bytes, &redactions, "corpus") {
                Ok(result) => result,
                Err(error) => {
                    assert!(!error.to_string().is_empty());
                    refused.push(format!("{name}: {error}"));
                    continue;
                }
            };
        // The verifier looks for every redacted word, allowing the ones that also occur as kept
        // text elsewhere in the file (a word redacted on one page may stand unredacted on another
        // page where it was not the register's name).
        let removed: std::collections::BTreeSet<&str> =
            redactions.iter().map(|r| r.text.as_str()).collect();
        let kept_text = {
            let mut kept = text.clone();
            for redaction in redactions.iter().rev() {
                kept.replace_range(redaction.span.start..redaction.span.end, " ");
            }
            kept.to_lowercase()
        };
        let forbidden = Forbidden {
            terms: removed
                .iter()
                // The verifier ignores case, so a word kept in any case is allowed.
                .filter(|term| !kept_text.contains(&term.to_lowercase()))
                .map(|term| (term.to_string(), "corpus register".to_string()))
                .collect(),
            capitalised: Vec::new(),
            upper_case: Vec::new(),
            allowed: Vec::new(),
            pictures: Vec::new(),
            areas: Vec::new(),
        };
        let file = PackFile {
            name: "records/0001-corpus.pdf".into(),
            bytes: output,
            item: None,
            pages: page_count,
        };
        match sarpack::verify::verify(file, &forbidden) {
            Ok(_) => verified.push(format!("{name}: {} redactions", redactions.len())),
            Err(refused) => panic!(
                "{name}: the redactor's output failed verification:\n{}",
                refused
                    .violations
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }
    eprintln!(
        "{} PDFs: {} redacted and verified, {} refused (pending-review)",
        files.len(),
        verified.len(),
        refused.len()
    );
    for line in verified.iter().chain(&refused) {
        eprintln!("  {line}");
    }
    assert_eq!(
        verified.len() + refused.len(),
        files.len(),
        "nothing silent"
    );
    assert!(verified.len() >= 10, "most of the corpus is handled");
}
