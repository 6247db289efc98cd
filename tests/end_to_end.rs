//! End to end: run the `sarpack` binary on the bundled sample case, open the zip and read it the
//! way a recipient would — every PDF through poppler's `pdftotext` (an extractor that shares no
//! code with sarpack), every other file as text — and check it against the sample's register,
//! read here with the `csv` crate, not through sarpack's store reader.

#[path = "common/zip_entries.rs"]
mod zip_entries;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const SAMPLE: &str = "samples/jade-carter";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    out: tempfile::TempDir,
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary on the sample into `out`.
fn run_sample_into(out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .args(["run", &format!("{SAMPLE}/request.toml"), "--out"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn run_sample(extra: &[&str]) -> Run {
    let out = tempfile::tempdir().unwrap();
    let output = run_sample_into(out.path(), extra);
    Run {
        out,
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// One run of the sample shared by the tests that only read its output.
fn sample_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| run_sample(&["--json"]))
}

fn pack_path(run: &Run) -> PathBuf {
    run.out.path().join("v1/SAR-2026-0001-disclosure-pack.zip")
}

/// Every file in the zip: name -> bytes.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    zip_entries::entries(path).into_iter().collect()
}

fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn qpdf_check(bytes: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is installed");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stdout).into_owned())
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Everything a recipient can read in the pack: (file, text).
fn readable(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    files
        .iter()
        .map(|(name, bytes)| {
            let text = if name.ends_with(".pdf") {
                pdftotext(bytes)
            } else {
                String::from_utf8_lossy(bytes).into_owned()
            };
            (name.clone(), format!("{name}\n{text}"))
        })
        .collect()
}

/// The lines of the first code block after `heading` in the sample's EXPECTED.md (written by hand
/// from the store, independently of sarpack's code).
fn expected_block(heading: &str) -> Vec<String> {
    let text = std::fs::read_to_string(root().join(SAMPLE).join("EXPECTED.md")).unwrap();
    let section = &text[text
        .find(heading)
        .unwrap_or_else(|| panic!("EXPECTED.md has `{heading}`"))..];
    let block = section.split("```").nth(1).expect("a code block");
    block
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lower-case with every run of whitespace as one space, so "Sharon\nCarter" reads "sharon carter".
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('’', "'")
}

/// Whether `term` occurs in `text` as whole words (after `normalise` of both).
fn contains_words(text: &str, term: &str) -> bool {
    let term = normalise(term);
    text.match_indices(&term).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + term.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

struct Register {
    /// (term, whose) that must never appear.
    forbidden: Vec<(String, String)>,
    /// Phone numbers (digits) that must never appear.
    phones: Vec<(String, String)>,
    subject_name: String,
}

fn register() -> Register {
    let mut reader = csv::Reader::from_path(root().join(SAMPLE).join("store/people.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h.trim() == name).unwrap();
    let (name, aliases, category, phone, address, consent) = (
        column("name"),
        column("aliases"),
        column("category"),
        column("phone"),
        column("address"),
        column("consent"),
    );
    let mut forbidden = Vec::new();
    let mut phones = Vec::new();
    let mut subject_name = String::new();
    for record in reader.records() {
        let record = record.unwrap();
        let who = record[name].to_string();
        match record[category].trim() {
            "subject" => subject_name = who.clone(),
            "third-party" if record[consent].trim() != "yes" => {
                forbidden.push((who.clone(), who.clone()));
                for alias in record[aliases].split(';').filter(|a| !a.trim().is_empty()) {
                    forbidden.push((alias.trim().to_string(), who.clone()));
                }
                // The street part of the address (house number and street name).
                if let Some(street) = record[address].split(',').next()
                    && !street.trim().is_empty()
                {
                    forbidden.push((street.trim().to_string(), who.clone()));
                }
                if digits(&record[phone]).len() >= 10 {
                    phones.push((digits(&record[phone]), who.clone()));
                }
            }
            _ => {}
        }
    }
    assert!(
        !subject_name.is_empty(),
        "the sample register names the subject"
    );
    assert!(
        forbidden.len() >= 5,
        "the sample has third parties to protect"
    );
    Register {
        forbidden,
        phones,
        subject_name,
    }
}

#[test]
fn the_sample_run_succeeds_and_writes_one_pack() {
    let run = sample_run();
    assert_eq!(run.status, 0, "stderr:\n{}", run.stderr);
    let summary: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(summary["reference"], "SAR-2026-0001");
    assert!(summary["due"].as_str().is_some());
    let zips: Vec<_> = std::fs::read_dir(run.out.path().join("v1"))
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "zip"))
        .collect();
    assert_eq!(zips.len(), 1, "exactly one zip in the output folder");
    for internal in [
        "schedule.csv",
        "redaction-log.csv",
        "summary.json",
        "plan.json",
    ] {
        assert!(
            run.out.path().join("v1/internal").join(internal).is_file(),
            "internal/{internal}"
        );
    }
}

#[test]
fn no_third_party_identifier_anywhere_in_the_pack() {
    let run = sample_run();
    assert_eq!(run.status, 0, "stderr:\n{}", run.stderr);
    let files = unzip(&pack_path(run));
    let register = register();
    let mut never: Vec<(String, String)> = expected_block("## Must never appear")
        .into_iter()
        .map(|term| (term, "EXPECTED.md".to_string()))
        .collect();
    never.extend(register.forbidden.iter().cloned());
    // Content of withheld, referred and excluded items, and a file name naming a third party.
    for phrase in [
        "Darren hit mummy",
        "linked to two previous partners",
        "sending threatening messages",
        "supported lodgings",
        "kieran-walsh-pathway-note",
    ] {
        never.push((
            phrase.to_string(),
            "withheld, referred or excluded content".to_string(),
        ));
    }
    let mut leaks = Vec::new();
    for (file, text) in readable(&files) {
        let normalised = normalise(&text);
        let all_digits = digits(&text);
        for (term, whose) in &never {
            let term_digits = digits(term);
            let found = if term_digits.len() >= 9 {
                all_digits.contains(&term_digits)
            } else {
                contains_words(&normalised, term)
            };
            if found {
                leaks.push(format!("{file}: `{term}` ({whose})"));
            }
        }
        for (phone, whose) in &register.phones {
            if all_digits.contains(phone.as_str()) {
                leaks.push(format!("{file}: phone of {whose}"));
            }
        }
    }
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
}

#[test]
fn the_subjects_own_story_stays_readable() {
    let run = sample_run();
    assert_eq!(run.status, 0, "stderr:\n{}", run.stderr);
    let files = unzip(&pack_path(run));
    let register = register();
    let text: String = readable(&files)
        .into_iter()
        .filter(|(file, _)| file.starts_with("records/"))
        .map(|(_, text)| text)
        .collect();
    let normalised = normalise(&text);
    let mut wanted = expected_block("## Must appear");
    wanted.push(register.subject_name.clone());
    // From the LibreOffice assessment PDF, redacted in place.
    wanted.push("I feel safe at Helen's.".to_string());
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|statement| !normalised.contains(&normalise(statement)))
        .collect();
    assert!(missing.is_empty(), "missing from the pack: {missing:?}");
}

#[test]
fn every_pdf_in_the_pack_is_clean_stamped_and_in_the_manifest() {
    let run = sample_run();
    let files = unzip(&pack_path(run));
    let manifest: serde_json::Value =
        serde_json::from_slice(files.get("manifest.json").expect("manifest.json")).unwrap();
    let listed: BTreeMap<String, String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["file"].as_str().unwrap().to_string(),
                entry["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let names: BTreeSet<&String> = files
        .keys()
        .filter(|name| *name != "manifest.json")
        .collect();
    assert_eq!(
        names,
        listed.keys().collect(),
        "manifest lists exactly the files"
    );
    for required in [
        "schedule.csv",
        "schedule.pdf",
        "redaction-key.pdf",
        "covering-letter.pdf",
    ] {
        assert!(files.contains_key(required), "{required} in the pack");
    }
    let mut records = 0;
    let mut next_page = 1;
    for (name, bytes) in &files {
        if name.ends_with(".pdf") {
            qpdf_check(bytes).unwrap_or_else(|report| panic!("{name}: qpdf --check: {report}"));
        }
        if name != "manifest.json" {
            assert_eq!(
                sarpack::pack::sha256_hex(bytes),
                listed[name],
                "{name} hash"
            );
        }
        if name.starts_with("records/") {
            records += 1;
            // Records are named in date order and numbered continuously across the pack.
            let text = pdftotext(bytes);
            for page in text.split('\u{c}').filter(|page| !page.trim().is_empty()) {
                let stamp = format!("page {next_page}");
                assert!(
                    page.contains("SAR-2026-0001") && page.contains(&stamp),
                    "{name}: a page without the stamp `SAR-2026-0001 … {stamp}`"
                );
                next_page += 1;
            }
        }
    }
    assert!(records >= 5, "the sample discloses records");
}

#[test]
fn every_input_item_is_in_the_internal_schedule_once() {
    let run = sample_run();
    let store = root().join(SAMPLE).join("store");
    let mut expected: BTreeSet<String> = BTreeSet::new();
    let mut notes = csv::Reader::from_path(store.join("case-notes.csv")).unwrap();
    let id = notes
        .headers()
        .unwrap()
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}').trim() == "id")
        .unwrap();
    for record in notes.records() {
        expected.insert(format!("case-notes.csv#{}", &record.unwrap()[id]));
    }
    for entry in walkdir::WalkDir::new(store.join("documents")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(&store).unwrap();
            expected.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    let mut schedule =
        csv::Reader::from_path(run.out.path().join("v1/internal/schedule.csv")).unwrap();
    let headers = schedule.headers().unwrap().clone();
    for column in [
        "item",
        "source",
        "date",
        "title",
        "disposition",
        "reason",
        "pages",
        "redactions",
    ] {
        assert!(
            headers.iter().any(|h| h == column),
            "schedule column {column}"
        );
    }
    let source = headers.iter().position(|h| h == "source").unwrap();
    let disposition = headers.iter().position(|h| h == "disposition").unwrap();
    let reason = headers.iter().position(|h| h == "reason").unwrap();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for record in schedule.records() {
        let record = record.unwrap();
        *seen.entry(record[source].to_string()).or_default() += 1;
        assert!(!record[disposition].is_empty() && !record[reason].is_empty());
    }
    let seen_sources: BTreeSet<String> = seen.keys().cloned().collect();
    assert_eq!(seen_sources, expected, "every input item, and nothing else");
    assert!(seen.values().all(|&count| count == 1), "each exactly once");
}

fn hash_tree(dir: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            (
                entry.path().to_path_buf(),
                sarpack::pack::sha256_hex(&std::fs::read(entry.path()).unwrap()),
            )
        })
        .collect()
}

#[test]
fn the_store_is_untouched_and_the_pack_is_byte_identical_across_runs() {
    let store = root().join(SAMPLE);
    let before = hash_tree(&store);
    let first = run_sample(&["--quiet"]);
    let second = run_sample(&["--quiet"]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    assert_eq!(second.status, 0, "{}", second.stderr);
    assert_eq!(hash_tree(&store), before, "the records store is read only");
    assert_eq!(
        std::fs::read(pack_path(&first)).unwrap(),
        std::fs::read(pack_path(&second)).unwrap(),
        "the same input gives the same pack"
    );
}

#[test]
fn a_folder_holding_someone_elses_files_is_refused_without_force() {
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), b"mine").unwrap();
    let refused = run_sample_into(out.path(), &["--quiet"]);
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("not empty") && stderr.contains("--force"),
        "{stderr}"
    );
    let forced = run_sample_into(out.path(), &["--quiet", "--force"]);
    assert_eq!(
        forced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    // Their file is left alone; the run is a version beside it.
    assert_eq!(
        std::fs::read(out.path().join("notes.txt")).unwrap(),
        b"mine"
    );
    assert!(
        out.path()
            .join("v1/SAR-2026-0001-disclosure-pack.zip")
            .is_file()
    );
}

/// Every file under `dir`: path relative to it -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn a_second_run_is_a_new_version_and_the_first_is_never_changed() {
    let run = run_sample(&["--quiet"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let first = tree(&run.out.path().join("v1"));
    let again = run_sample_into(run.out.path(), &["--quiet"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    // v1 is exactly as it was; v2 of the same input is the same bytes, file for file.
    assert_eq!(tree(&run.out.path().join("v1")), first);
    let second = tree(&run.out.path().join("v2"));
    assert_eq!(
        second.keys().collect::<Vec<_>>(),
        first.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &first {
        assert!(second[name] == *bytes, "v2/{name} differs from v1/{name}");
    }
    // The audit trail, shared by the versions, differs only in its times.
    let trail = std::fs::read_to_string(run.out.path().join("internal/audit.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = trail
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{trail}");
    let strip = |line: &serde_json::Value| {
        let mut line = line.clone();
        for key in ["time", "seq", "previous", "version"] {
            line.as_object_mut().unwrap().remove(key);
        }
        serde_json::to_string(&line)
            .unwrap()
            .replace("v1/", "vN/")
            .replace("v2/", "vN/")
    };
    assert_eq!(strip(&lines[0]), strip(&lines[2]));
    assert_eq!(strip(&lines[1]), strip(&lines[3]));
}

/// The dispositions a data protection officer expects, from the tables in EXPECTED.md
/// (`| CN-1001 | date | kind | expected | why |` and `| documents/x | expected | why |`).
fn expected_dispositions() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join(SAMPLE).join("EXPECTED.md")).unwrap();
    let mut expected = BTreeMap::new();
    for line in text.lines().filter(|line| line.starts_with("| ")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (source, disposition) = if cells[0].starts_with("CN-") && cells.len() >= 4 {
            (format!("case-notes.csv#{}", cells[0]), cells[3])
        } else if cells[0].starts_with("documents/") && cells.len() >= 2 {
            let path = cells[0].split_whitespace().next().unwrap();
            (path.to_string(), cells[1])
        } else {
            continue;
        };
        let disposition = disposition.split_whitespace().next().unwrap().to_string();
        expected.insert(source, disposition);
    }
    expected
}

#[test]
fn every_item_gets_the_disposition_a_dpo_expects() {
    let run = sample_run();
    assert_eq!(run.status, 0, "stderr:\n{}", run.stderr);
    let expected = expected_dispositions();
    assert!(expected.len() >= 60, "EXPECTED.md lists the items");
    let mut schedule =
        csv::Reader::from_path(run.out.path().join("v1/internal/schedule.csv")).unwrap();
    let headers = schedule.headers().unwrap().clone();
    let source = headers.iter().position(|h| h == "source").unwrap();
    let disposition = headers.iter().position(|h| h == "disposition").unwrap();
    let mut wrong = Vec::new();
    for record in schedule.records() {
        let record = record.unwrap();
        match expected.get(&record[source]) {
            Some(want) if want == &record[disposition] => {}
            Some(want) => wrong.push(format!(
                "{}: expected {want}, got {}",
                &record[source], &record[disposition]
            )),
            None => wrong.push(format!("{}: not in EXPECTED.md", &record[source])),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn two_runs_cannot_write_into_one_folder_at_once() {
    let out = tempfile::tempdir().unwrap();
    // A run in progress holds this lock for its whole length (here: this test process).
    let held = std::fs::File::create(out.path().join(".sarpack.lock")).unwrap();
    held.try_lock().unwrap();
    let output = run_sample_into(out.path(), &["--quiet"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("another sarpack run"), "{stderr}");
    assert!(!out.path().join("v1").exists(), "nothing written");
    // The lock belongs to the other run: a refused run must not remove it.
    assert!(out.path().join(".sarpack.lock").exists());
    drop(held);
}

#[test]
fn a_killed_runs_lock_and_working_files_do_not_block_or_linger() {
    let out = tempfile::tempdir().unwrap();
    // What a run killed part way leaves: its lock file (the system released the lock when the
    // process died), a spool of unredacted text, a half-written zip and half-written records.
    std::fs::write(out.path().join(".sarpack.lock"), b"").unwrap();
    std::fs::write(out.path().join(".sarpack-detected.spool"), b"Sharon Carter").unwrap();
    std::fs::create_dir_all(out.path().join(".v1.partial/internal")).unwrap();
    std::fs::write(
        out.path()
            .join(".v1.partial/SAR-2026-0001-disclosure-pack.zip.partial"),
        b"PK",
    )
    .unwrap();
    std::fs::write(
        out.path().join(".v1.partial/internal/plan.json.partial"),
        b"[",
    )
    .unwrap();
    std::fs::create_dir(out.path().join("internal")).unwrap();
    std::fs::write(out.path().join("internal/audit.jsonl.partial"), b"{").unwrap();
    let output = run_sample_into(out.path(), &["--quiet"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // Said, with the files named, and gone.
    assert!(stderr.contains("removed 3 working file(s)"), "{stderr}");
    assert!(stderr.contains(".v1.partial"), "{stderr}");
    assert!(stderr.contains(".sarpack-detected.spool"), "{stderr}");
    let mut left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".sarpack.lock", "internal", "v1"]);
    let plan = std::fs::read_to_string(out.path().join("v1/internal/plan.json")).unwrap();
    assert!(plan.starts_with("[\n  {"), "the records are this run's");
    assert!(!out.path().join("v1/internal/plan.json.partial").exists());
}

#[test]
fn bad_input_gets_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let request = std::fs::read_to_string(root().join(SAMPLE).join("request.toml"))
        .unwrap()
        .replace("received = \"2026-10-30\"", "received = \"2026-02-30\"");
    let path = dir.path().join("request.toml");
    std::fs::write(&path, request).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .args(["run", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("request.toml")
            && stderr.contains("received")
            && stderr.contains("2026-02-30"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
