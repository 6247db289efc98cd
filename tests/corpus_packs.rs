//! The detection corpus (`tests/corpus/cases`, 40 synthetic case files with 357 records, issue
//! 6) run through the whole pipeline, each case as a store of case notes: how many packs does
//! the verifier refuse, and why. A verifier that refuses everything is as useless to a DPO as
//! one that refuses nothing; this measures the first, the planted-leak tests the second.
//!
//! Measured when this test was written: 25 of 40 packs refused before the verifier stopped
//! reading two-byte glyph codes as letters, font licences for initials and lower-case words for
//! initials; 2 after, each for a reason a person must look at (a title and surname redacted in
//! one place and kept in another in the same note; a register alias, "And", that is a word).
//! Since a refused record is held back instead of the pack and sarpack's own wording is not
//! searched for single words (issue 11), every case gives a pack; the first held back that note
//! (case-009-03: "Dear Mr Elmi" to the subject, and "Contact with Mr Elmi" meaning his father,
//! removed) until the verifier stopped looking for a title and a surname that someone kept
//! bears, which it cannot tell apart by their text (issue 11). Now no record is held back.

use std::path::Path;

use sarpack::pipeline::{self, Config, Silent};
use serde_json::Value;

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// Writes `case` as a request and a store under `dir`; returns the request file.
fn store_for(case: &Value, dir: &Path) -> std::path::PathBuf {
    let store = dir.join("store");
    std::fs::create_dir_all(store.join("documents")).unwrap();
    let mut people = csv::Writer::from_path(store.join("people.csv")).unwrap();
    people
        .write_record([
            "id", "name", "aliases", "dob", "role", "category", "phone", "address", "consent",
        ])
        .unwrap();
    for person in case["people"].as_array().unwrap() {
        let aliases: Vec<String> = person["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(text)
            .collect();
        people
            .write_record([
                text(&person["id"]),
                text(&person["name"]),
                aliases.join(";"),
                text(&person["dob"]),
                text(&person["role"]),
                text(&person["category"]),
                text(&person["phone"]),
                text(&person["address"]),
                if person["consent"].as_bool().unwrap() {
                    "yes".to_string()
                } else {
                    "no".to_string()
                },
            ])
            .unwrap();
    }
    people.flush().unwrap();
    let subject = &case["subject"];
    let mut notes = csv::Writer::from_path(store.join("case-notes.csv")).unwrap();
    notes
        .write_record([
            "id",
            "date",
            "type",
            "author",
            "agency",
            "restricted",
            "restriction_reason",
            "subjects",
            "text",
        ])
        .unwrap();
    for (number, item) in case["items"].as_array().unwrap().iter().enumerate() {
        notes
            .write_record([
                text(&item["id"]),
                format!("2020-01-{:02}", 1 + number % 28),
                text(&item["kind"]),
                String::new(),
                String::new(),
                "false".to_string(),
                String::new(),
                text(&subject["person_id"]),
                text(&item["text"]),
            ])
            .unwrap();
    }
    notes.flush().unwrap();
    let request = dir.join("request.toml");
    let mut toml = format!(
        "reference = \"SAR-{}\"\nkind = \"subject-access\"\nreceived = \"2026-10-30\"\n\
         region = \"england-and-wales\"\norganisation = \"Example Borough Council\"\n\n[subject]\n\
         person_id = {}\nname = {}\naliases = {}\nids = {}\n",
        text(&case["case"]),
        subject["person_id"],
        subject["name"],
        subject["aliases"],
        subject["ids"],
    );
    if let Some(dob) = subject["dob"].as_str() {
        toml.push_str(&format!("dob = \"{dob}\"\n"));
    }
    toml.push_str("\n[records]\nstore = \"store\"\n");
    std::fs::write(&request, toml).unwrap();
    request
}

#[test]
fn the_detection_corpus_gives_packs_holding_back_only_records_a_person_must_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(root.join("tests/corpus/cases"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    cases.sort();
    assert_eq!(cases.len(), 40);
    let mut refused = Vec::new();
    let mut held_back = Vec::new();
    let mut no_combined = Vec::new();
    for path in &cases {
        let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let dir = work.path().join(text(&case["case"]));
        let config = Config {
            request: store_for(&case, &dir),
            out: dir.join("out"),
            force: false,
            patterns: root.join("patterns"),
            holidays: None,
            today: jiff::civil::date(2026, 11, 22),
            allow_missing_sources: vec!["documents.csv".to_string()],
            decisions: None,
            operator: "test".to_string(),
            now: "2026-11-22T12:00:00Z".to_string(),
            separate: false,
        };
        let outcome = pipeline::run(&config, &Silent).unwrap();
        no_combined.extend(
            outcome
                .notices
                .iter()
                .filter(|notice| notice.contains("no combined all-records file"))
                .map(|notice| format!("{}: {notice}", text(&case["case"]))),
        );
        if outcome.violations.is_empty() {
            continue;
        }
        let mut terms: Vec<String> = outcome
            .violations
            .iter()
            .map(|violation| format!("{}: {}", violation.file, violation.what))
            .collect();
        terms.sort();
        terms.dedup();
        let line = format!("{}: {}", text(&case["case"]), terms.join(" | "));
        if outcome.summary.pack.is_none() {
            refused.push(line);
        } else {
            assert_eq!(
                outcome.summary.held_back,
                outcome
                    .violations
                    .iter()
                    .map(|violation| &violation.file)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len(),
                "every record with a finding is held back, nothing else: {line}"
            );
            held_back.push(line);
        }
    }
    eprintln!(
        "{} of 40 runs wrote no pack, {} held back records:\n{}\n{}",
        refused.len(),
        held_back.len(),
        refused.join("\n"),
        held_back.join("\n")
    );
    // A finding in a record holds that record back; only the pack's own documents stop a run,
    // and their own wording never does (case 11's register alias "And" is a word of the letter).
    assert!(
        refused.is_empty(),
        "{} refused:\n{}",
        refused.len(),
        refused.join("\n")
    );
    assert!(
        held_back.is_empty(),
        "{} cases held back records:\n{}",
        held_back.len(),
        held_back.join("\n")
    );
    // Every pack has its combined all-records file: case 11's contents page says "and", which
    // is a word and not the mother's alias "And" (issue 14; the file was refused before).
    assert!(no_combined.is_empty(), "{}", no_combined.join("\n"));
}
