//! The review loop (issue 12): a person's decisions in `decisions.toml`, applied on every run of
//! the bundled sample case, checked the way a recipient reads the pack (poppler's `pdftotext`,
//! which shares no code with sarpack) and through the internal records; the audit trail and
//! `sarpack audit`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = "samples/jade-carter";
const PACK: &str = "v1/SAR-2026-0001-disclosure-pack.zip";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sarpack(args: &[&str], extra: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

/// Runs the sample into `out` with `decisions` (written to a file beside `out`).
fn run_with(out: &Path, decisions: &str) -> Output {
    let file = out.with_extension("decisions.toml");
    std::fs::write(&file, decisions).unwrap();
    let request = format!("{SAMPLE}/request.toml");
    Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .args(["run", &request, "--quiet", "--by", "Test Runner", "--out"])
        .arg(out)
        .arg("--decisions")
        .arg(&file)
        .output()
        .unwrap()
}

fn entry(action: &str, body: &str) -> String {
    format!(
        "[[decision]]\naction = \"{action}\"\n{body}\nby = \"Anita Shah\"\non = 2026-11-20\nwhy = \"checked with the team manager\"\n\n"
    )
}

/// The internal schedule: item id -> (disposition, reason, notes).
fn schedule(out: &Path) -> BTreeMap<String, (String, String, String)> {
    let mut reader = csv::Reader::from_path(out.join("v1/internal/schedule.csv")).unwrap();
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[0].to_string(),
                (
                    record[4].to_string(),
                    record[5].to_string(),
                    record[11].to_string(),
                ),
            )
        })
        .collect()
}

/// All the text of the pack as a recipient reads it: `pdftotext` of every PDF, and the CSV.
fn pack_text(pack: &Path) -> Option<String> {
    let which = Command::new("pdftotext").arg("-v").output();
    if which.is_err() {
        if std::env::var_os("CI").is_some() {
            panic!("pdftotext is not installed (CI must install poppler-utils)");
        }
        println!("SKIPPED: review_loop pack text: pdftotext not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(pack).unwrap()).unwrap();
    let mut text = String::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name.ends_with(".pdf") {
            let path = dir.path().join("file.pdf");
            std::fs::write(&path, &bytes).unwrap();
            let output = Command::new("pdftotext")
                .arg(&path)
                .arg("-")
                .output()
                .unwrap();
            text.push_str(&String::from_utf8_lossy(&output.stdout));
        } else {
            text.push_str(&String::from_utf8_lossy(&bytes));
        }
        text.push('\n');
    }
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[test]
fn every_action_on_the_sample_case() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let decisions = [
        entry("redact", "text = \"birth  certificate\""),
        entry("release", "item = \"N-00042\""),
        entry(
            "withhold",
            "item = \"case-notes.csv#CN-1036\"\ncode = \"SW-HARM\"\nreason = \"We decided sharing this now could harm you.\"",
        ),
        entry("disclose", "item = \"documents/2015-06-30-school-report.docx\""),
        entry("consent", "person = \"P009\""),
        entry("consent", "person = \"P005\"\nitems = [\"N-00011\"]"),
        entry(
            "agency",
            "agency = \"Westshire Police\"\nanswer = \"withhold\"\nasked = 2026-11-05\nanswered = 2026-11-12",
        ),
        entry("redact-area", "item = \"D-00003\"\npage = 1\nbox = [50, 600, 300, 700]"),
        entry("not-about-subject", "item = \"N-00052\""),
        entry("about-subject", "item = \"N-00018\""),
        entry("release", "item = \"D-00005\""),
        entry("keep", "text = \"Jade\""),
        entry("withhold", "item = \"N-09999\"\ncode = \"TP\""),
    ]
    .concat();
    let output = run_with(&out, &decisions);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let schedule = schedule(&out);
    let disposition = |id: &str| schedule[id].0.as_str();

    // release: the faulty row is checked by a person and goes on to the policy's other rules.
    assert!(
        disposition("N-00042").starts_with("disclosed"),
        "{:?}",
        schedule["N-00042"]
    );
    // withhold, named by source: withheld with the person's reason for the requester.
    assert_eq!(disposition("N-00036"), "withheld");
    assert_eq!(
        schedule["N-00036"].1,
        "We decided sharing this now could harm you."
    );
    // disclose: the academy objected, the DPO decided to disclose (with third parties removed).
    assert!(
        disposition("D-00002").starts_with("disclosed"),
        "{:?}",
        schedule["D-00002"]
    );
    // agency: the police answered withhold; every police record follows the answer.
    for id in ["N-00003", "N-00038", "D-00006"] {
        assert_eq!(disposition(id), "withheld", "{id}");
    }
    // redact-area: held for a person, saying why.
    assert_eq!(disposition("D-00003"), "pending-review");
    assert!(
        schedule["D-00003"].2.contains("area of page 1"),
        "{:?}",
        schedule["D-00003"]
    );
    // not-about-subject / about-subject override gathering.
    assert_eq!(disposition("N-00052"), "excluded");
    assert!(
        disposition("N-00018").starts_with("disclosed"),
        "{:?}",
        schedule["N-00018"]
    );
    // release of a file locked with a password: cannot ship what sarpack cannot read, and the
    // plan says so.
    assert_eq!(disposition("D-00005"), "pending-review");
    assert!(
        schedule["D-00005"].2.contains("cannot ship it"),
        "{:?}",
        schedule["D-00005"]
    );

    // Decisions that matched nothing are warnings in the summary.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("v1/internal/summary.json")).unwrap())
            .unwrap();
    let warnings: Vec<&str> = summary["decision_warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|warning| warning.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("decision 12 (line 86, keep \"Jade\""),
        "{warnings:?}"
    );
    assert!(warnings[1].contains("no item is `N-09999`"), "{warnings:?}");
    assert_eq!(summary["decisions"], 13);

    // plan.json records who decided what, with the rule that settled each item.
    let plan: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(out.join("v1/internal/plan.json")).unwrap()).unwrap();
    let n36 = plan
        .iter()
        .find(|decision| decision["item"] == "N-00036")
        .unwrap();
    assert_eq!(n36["rule"], "person-withholds");
    assert_eq!(n36["decided_by"][0]["by"], "Anita Shah");
    assert_eq!(n36["decided_by"][0]["entry"], 3);

    // The redaction log has the person's redaction under its rule.
    let log = std::fs::read_to_string(out.join("v1/internal/redaction-log.csv")).unwrap();
    assert!(
        log.contains("birth certificate") && log.contains("decision.1"),
        "{log}"
    );

    // The pack as a recipient reads it.
    if let Some(text) = pack_text(&out.join(PACK)) {
        assert!(
            !text.contains("birth certificate"),
            "redact left the words in the pack"
        );
        // Consent everywhere: Gloria Hughes (Mrs Hughes) is no longer removed.
        assert!(
            text.contains("Mrs Hughes"),
            "consent did not keep Mrs Hughes"
        );
        // The withheld and police records' words are not in the pack.
        assert!(!text.contains("Liam"), "a withheld record shipped");
        // The school report, disclosed by a person, is in the pack.
        assert!(
            text.contains("School report"),
            "the disclosed school report is not in the pack"
        );
        // Third parties stay out of the disclosed records a person let through.
        for name in ["Sharon", "Tyler", "Darren", "Kieran"] {
            assert!(!text.contains(name), "{name} is in the pack");
        }
    }

    // The audit trail records the run, each decision and the pack, chained.
    let audit = sarpack(&["audit"], &[&out]);
    let history = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&audit.stderr)
    );
    assert_eq!(history.lines().count(), 1 + 13 + 1, "{history}");
    assert!(
        history.contains("Test Runner") && history.contains("Anita Shah"),
        "{history}"
    );
    assert!(
        history.contains("release N-00042 (Anita Shah, 2026-11-20)"),
        "{history}"
    );
    assert!(history.contains("applied to N-00042"), "{history}");
    assert!(history.contains("matched nothing"), "{history}");
}

#[test]
fn a_keep_never_beats_the_verifier_and_review_csv_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // "Mr Pike" is someone the register does not name, but Pike is Darren Pike's surname: the
    // verifier still finds it, whatever the person decided.
    let output = run_with(
        &out,
        &entry("keep", "text = \"Mr Pike\"\nitem = \"N-00041\""),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0) | Some(3)),
        "{stderr}"
    );
    if out.join(PACK).exists() {
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(out.join(PACK)).unwrap()).unwrap();
        for index in 0..archive.len() {
            let mut bytes = Vec::new();
            archive
                .by_index(index)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains("Mr Pike"));
        }
    }
    let review = std::fs::read_to_string(out.join("v1/internal/review.csv")).unwrap();
    let held: Vec<&str> = review
        .lines()
        .filter(|line| line.contains("held back by the verifier"))
        .collect();
    assert!(!held.is_empty(), "{review}");
    assert!(
        held.iter()
            .any(|line| line.contains("N-00041") && line.contains("cannot override the verifier")),
        "{review}"
    );
}

#[test]
fn a_decisions_file_with_an_error_stops_the_run_naming_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    for (body, expected) in [
        (
            entry("erase", "item = \"N-00001\""),
            "decision 1 (line 1): unknown action `erase`",
        ),
        (
            entry("release", "iten = \"N-00001\""),
            "unknown key `iten` for action `release`",
        ),
        (
            entry("withhold", "item = \"N-00001\"\ncode = \"NOPE\""),
            "code `NOPE` is not in the redaction key",
        ),
        (
            "[[decision]]\naction = \"release\"\nitem = \"N-1\"\n".to_string(),
            "needs `by`",
        ),
    ] {
        let out = dir.path().join("out");
        let output = run_with(&out, &body);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(stderr.contains("decisions.toml"), "{stderr}");
        assert!(!out.join(PACK).exists());
    }
}

#[test]
fn a_tampered_audit_line_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = run_with(&out, &entry("release", "item = \"N-00042\""));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let trail = out.join("internal/audit.jsonl");
    let text = std::fs::read_to_string(&trail).unwrap();
    assert_eq!(text.lines().count(), 3);
    std::fs::write(&trail, text.replace("Anita Shah", "Someone Else")).unwrap();
    let audit = sarpack(&["audit"], &[&out]);
    let stderr = String::from_utf8_lossy(&audit.stderr);
    assert_eq!(audit.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("error: line 3 "), "{stderr}");
    // Removing a line is found too.
    let kept: Vec<&str> = text.lines().skip(1).collect();
    std::fs::write(&trail, kept.join("\n") + "\n").unwrap();
    let audit = sarpack(&["audit"], &[&out]);
    assert_eq!(audit.status.code(), Some(3));
}

/// The entries of a zip: name -> bytes.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        files.insert(name, bytes);
    }
    files
}

fn sent(out: &Path, version: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .arg("sent")
        .arg(out)
        .args([
            "--version",
            version,
            "--on",
            "2026-11-25",
            "--by",
            "Rachel Osei",
        ])
        .output()
        .unwrap()
}

#[test]
fn a_run_after_sent_is_the_next_instalment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // Version 1: the record with a faulty date (N-00042) waits for a person.
    let first = run_with(&out, "");
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let v1_pack = std::fs::read(out.join(PACK)).unwrap();
    let v1_records = unzip(&out.join(PACK))
        .keys()
        .filter(|name| name.starts_with("records/"))
        .count();
    assert!(v1_records > 40);

    let recorded = sent(&out, "1");
    let stderr = String::from_utf8_lossy(&recorded.stderr);
    assert_eq!(recorded.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("as instalment 1"), "{stderr}");
    let again = sent(&out, "1");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already recorded as sent"));
    assert_eq!(sent(&out, "7").status.code(), Some(1));

    // A person releases N-00042; the next run is instalment 2 with only what was not sent.
    let second = run_with(&out, &entry("release", "item = \"N-00042\""));
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let v2 = out.join("v2/SAR-2026-0001-disclosure-pack.zip");
    let files = unzip(&v2);
    let records: Vec<&String> = files
        .keys()
        .filter(|name| name.starts_with("records/"))
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    // The schedule covers the whole request and says what was sent when.
    let schedule = String::from_utf8_lossy(&files["schedule.csv"]).into_owned();
    let sent_rows = schedule
        .lines()
        .filter(|line| line.contains("Sent to you on 25 November 2026 with instalment 1"))
        .count();
    assert_eq!(sent_rows, v1_records, "{schedule}");
    // Nothing written before changed; v1 now also says when it was sent.
    assert_eq!(std::fs::read(out.join(PACK)).unwrap(), v1_pack);
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("v1/sent.json")).unwrap()).unwrap();
    assert_eq!(record["by"], "Rachel Osei");
    assert_eq!(record["items"].as_array().unwrap().len(), v1_records);
    // The letter says which instalment this is.
    if let Some(text) = pack_text(&v2) {
        assert!(text.contains("This is instalment 2 of our reply"), "{text}");
        assert!(
            text.contains("instalment 1 on Wednesday 25 November 2026"),
            "{text}"
        );
    }
    // The trail records the sending, and is whole.
    let audit = sarpack(&["audit"], &[&out]);
    let history = String::from_utf8_lossy(&audit.stdout);
    assert_eq!(audit.status.code(), Some(0));
    assert!(
        history.contains("sent") && history.contains("Rachel Osei"),
        "{history}"
    );
    assert!(
        history.contains("version 1 sent on 2026-11-25 as instalment 1"),
        "{history}"
    );
}
