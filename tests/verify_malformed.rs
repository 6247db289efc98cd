//! Hostile and broken PDFs (`tests/fixtures/verify/malformed/`, made by `make_fixtures.py`,
//! plus every crash the fuzzer found) through the verifier: each must come back — clean or with
//! violations, never a panic — within a time bound, and none may be sealed as verified when it
//! cannot be read.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use sarpack::model::{Forbidden, PackFile, Violation};
use sarpack::verify;

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/verify/malformed")
}

fn forbidden() -> Forbidden {
    Forbidden {
        terms: vec![("Sarah Jones".to_string(), "third party".to_string())],
        capitalised: Vec::new(),
        upper_case: Vec::new(),
        allowed: vec!["Sarah Khan".to_string()],
        pictures: Vec::new(),
        areas: Vec::new(),
    }
}

/// Verifies a file on another thread: a panic or a run longer than `limit` fails the test.
fn verify_bounded(name: &str, limit: Duration) -> Result<(), Vec<Violation>> {
    let bytes = std::fs::read(folder().join(name)).unwrap();
    let file = PackFile {
        name: format!("records/{name}"),
        bytes,
        item: None,
        pages: 1,
    };
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let result = verify::verify(file, &forbidden())
            .map(|_| ())
            .map_err(|refused| refused.violations);
        let _ = sender.send(result);
    });
    match receiver.recv_timeout(limit) {
        Ok(result) => {
            worker.join().unwrap();
            result
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the verifier panicked"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: the verifier took over {limit:?}"),
    }
}

fn says(violations: &[Violation], text: &str) -> bool {
    violations
        .iter()
        .any(|violation| violation.what.contains(text))
}

#[test]
fn every_malformed_file_returns_without_panic() {
    let mut names: Vec<String> = std::fs::read_dir(folder())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10);
    for name in &names {
        let _ = verify_bounded(name, Duration::from_secs(120));
    }
    eprintln!("{} malformed files checked", names.len());
}

#[test]
fn a_stream_bomb_is_a_violation() {
    let violations = verify_bounded("stream-bomb.pdf", Duration::from_secs(60)).unwrap_err();
    assert!(says(&violations, "cannot verify"), "{violations:#?}");
}

#[test]
fn xobject_loops_are_cut_and_reported() {
    let violations = verify_bounded("xobject-loop.pdf", Duration::from_secs(60)).unwrap_err();
    assert!(says(&violations, "draws itself"), "{violations:#?}");
    // The text inside the loop is still read once.
    assert!(says(&violations, "Sarah Jones"), "{violations:#?}");
}

#[test]
fn an_exponential_xobject_tree_is_bounded() {
    let violations =
        verify_bounded("xobject-billion-laughs.pdf", Duration::from_secs(60)).unwrap_err();
    assert!(says(&violations, "operations"), "{violations:#?}");
}

#[test]
fn unreadable_files_do_not_verify() {
    for name in ["truncated.pdf", "header-only.pdf"] {
        let violations = verify_bounded(name, Duration::from_secs(60)).unwrap_err();
        assert!(
            says(&violations, "cannot verify"),
            "{name}: {violations:#?}"
        );
    }
}

#[test]
fn text_after_deep_nesting_and_in_huge_lines_is_still_found() {
    for name in ["huge-line.pdf", "bad-numbers.pdf"] {
        let violations = verify_bounded(name, Duration::from_secs(60)).unwrap_err();
        assert!(says(&violations, "Sarah Jones"), "{name}: {violations:#?}");
    }
}

#[test]
fn a_huge_cmap_range_fails_closed() {
    let violations = verify_bounded("cmap-huge-range.pdf", Duration::from_secs(60)).unwrap_err();
    assert!(
        says(&violations, "no usable Unicode mapping"),
        "{violations:#?}"
    );
}
