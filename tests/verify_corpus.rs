//! Real-world PDFs that no one on the project wrote (`/work/shared/corpora/pypdf-sample-files`,
//! CC-BY-SA, read in place and never copied; override with `SARPACK_PDF_CORPUS`) through the
//! verifier:
//!
//! - none panics, and each is either clean or has violations that name the file;
//! - where the verifier decoded every glyph, every word poppler's `pdftotext` (the independent
//!   oracle) extracts is also in the verifier's own page text — so a name visible to a
//!   recipient's extractor cannot be invisible to ours;
//! - a name planted into the Info dictionary of each file (with pikepdf, if installed) is found.
//!
//! When the corpus is not on this machine the test says so on stderr and checks nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use sarpack::model::{Forbidden, PackFile};
use sarpack::verify;
use unicode_normalization::UnicodeNormalization;

fn corpus() -> Option<PathBuf> {
    let path = std::env::var_os("SARPACK_PDF_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/corpora/pypdf-sample-files"));
    path.is_dir().then_some(path)
}

fn pdfs(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "pdf"))
        .collect();
    files.sort();
    files
}

fn compact(text: &str) -> String {
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(compact)
        .filter(|word| word.chars().count() >= 3 && !word.chars().all(|c| c.is_ascii_digit()))
        .collect()
}

fn pdftotext(path: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is installed (CI installs poppler-utils)");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_corpus_pdf_is_checked_without_panic_and_reads_like_pdftotext() {
    let Some(root) = corpus() else {
        eprintln!("no PDF corpus on this machine: nothing checked");
        return;
    };
    let files = pdfs(&root);
    assert!(!files.is_empty());
    let mut compared = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let name = format!("records/{}", path.file_name().unwrap().to_string_lossy());
        let file = PackFile {
            name: name.clone(),
            bytes: bytes.clone(),
            item: None,
            pages: 0,
        };
        let result = verify::verify(file, &Forbidden::default());
        let undecodable = match &result {
            Ok(_) => false,
            Err(refused) => {
                let violations = &refused.violations;
                assert!(violations.iter().all(|violation| violation.file == name));
                violations
                    .iter()
                    .any(|violation| violation.what.starts_with("cannot verify"))
            }
        };
        let Ok(pages) = verify::pdf_page_texts(&bytes) else {
            assert!(undecodable, "{name}: unreadable but not reported");
            continue;
        };
        if undecodable {
            continue;
        }
        let ours = compact(&pages.join("\n"));
        let missing: Vec<String> = words(&pdftotext(path))
            .into_iter()
            // pdftotext writes right-to-left words in visual order; we keep logical order.
            .filter(|word| !ours.contains(word.as_str()))
            .filter(|word| !ours.contains(&word.chars().rev().collect::<String>()))
            .collect();
        assert!(
            missing.is_empty(),
            "{name}: words pdftotext sees that the verifier does not: {missing:?}"
        );
        compared += 1;
    }
    eprintln!(
        "{} corpus PDFs checked, {compared} compared word for word with pdftotext",
        files.len()
    );
    assert!(compared >= files.len() / 2, "too few files were decodable");
}

#[test]
fn a_name_planted_in_each_corpus_pdf_is_found() {
    let Some(root) = corpus() else {
        eprintln!("no PDF corpus on this machine: nothing checked");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let forbidden = Forbidden {
        terms: vec![("Sarah Jones".to_string(), "planted".to_string())],
        capitalised: Vec::new(),
        upper_case: Vec::new(),
        allowed: Vec::new(),
        pictures: Vec::new(),
        areas: Vec::new(),
    };
    let mut planted = 0;
    for path in pdfs(&root) {
        let output = work.path().join("planted.pdf");
        // pikepdf writes the new Info entry; a file it cannot open is skipped (it is checked
        // unplanted by the other test).
        let status = Command::new("python3")
            .args([
                "-c",
                "import sys, pikepdf\n\
                 pdf = pikepdf.open(sys.argv[1])\n\
                 pdf.docinfo['/Subject'] = 'Sarah Jones'\n\
                 pdf.save(sys.argv[2])",
            ])
            .arg(&path)
            .arg(&output)
            .stderr(std::process::Stdio::null())
            .status();
        if !status.is_ok_and(|status| status.success()) {
            continue;
        }
        let file = PackFile {
            name: "planted.pdf".to_string(),
            bytes: std::fs::read(&output).unwrap(),
            item: None,
            pages: 0,
        };
        let violations = verify::verify(file, &forbidden).unwrap_err().violations;
        assert!(
            violations
                .iter()
                .any(|violation| violation.what.contains("Sarah Jones")),
            "{}: planted name not found: {violations:#?}",
            path.display()
        );
        planted += 1;
    }
    eprintln!("planted a name in {planted} corpus PDFs; every one was found");
}
