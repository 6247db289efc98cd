//! A rectification request (UK GDPR Art 16 and 19), end to end on the sample store: a
//! solicitor's subject access request is answered and recorded as sent; then the subject asks
//! for three records to be corrected — one corrected, one not (with reasons), one not decided
//! yet. The decision letter, the supplementary statements and the notification letter to the
//! solicitor who received the records are read with poppler's `pdftotext` (an extractor that
//! shares no code with sarpack); `internal/recipients.csv` with the `csv` crate.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn have(tool: &str, test: &str) -> bool {
    let found = Command::new(tool).arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: {tool} is not installed (CI installs it)"
        );
        eprintln!("SKIPPED: {test}: {tool} not installed");
    }
    found
}

fn sarpack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A request for the sample store in `dir`: `head` is the top-level keys after `kind`, `tail`
/// the tables after `[subject]` and `[requester]`.
fn request(dir: &Path, name: &str, head: &str, requester: &str, tail: &str) -> PathBuf {
    let sample = root().join("samples/jade-carter");
    let text = format!(
        r#"reference = "{name}"
{head}
received = "2026-10-30"
identity_verified = "2026-11-04"
region = "england-and-wales"
organisation = "Westshire County Council"
organisation_profile = "{profile}"
consulted_agencies = [
  {{ agency = "Westshire NHS Foundation Trust", disclose = true }},
  {{ agency = "Hollinbrook Academy", disclose = false }},
]
[subject]
person_id = "P001"
name = "Jade Carter"
aliases = ["Jadey", "Jade Louise Carter"]
dob = "2004-02-14"
ids = ["MOS-448812", "943 476 5919"]
[requester]
{requester}
[records]
store = "{store}"
{tail}
"#,
        profile = sample.join("organisation.toml").display(),
        store = sample.join("store").display(),
    );
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    let output = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    // One line: pdftotext breaks lines where the layout does.
    String::from_utf8(output.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn zip_entry(zip: &Path, name: &str) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut entry = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).unwrap();
    Some(bytes)
}

const SOLICITOR: &str = r#"name = "Amira Khan"
capacity = "solicitor"
address = ["Khan & Co Solicitors", "12 Market Street", "Marbury", "MB1 2AB"]
authority_received = "2026-11-04""#;

const RECTIFICATION: &str = r#"
[[rectification]]
record = "CN-1016"
correction = "The family time on 28 March 2012 was cut short because the contact room was double-booked, not because I was upset."
outcome = "corrected"
decided_by = "Rachel Osei, Team manager"
decided_on = "2026-11-20"

[[rectification]]
record = "documents/2019-04-02-letter.pdf"
correction = "The letter says I refused family time in March 2019; I did not refuse it."
outcome = "not-corrected"
reasons = "The letter records what your personal adviser was told at the time, and the case notes from March 2019 say the same. It is an accurate record of what was reported."
decided_by = "Rachel Osei, Team manager"
decided_on = "2026-11-21"

[[rectification]]
record = "CN-1020"
correction = "I was 8, not 9, at this family time."
"#;

/// The solicitor's subject access request in `dir`, answered into `dir/earlier` and recorded as
/// sent on 30 November 2026: the earlier answer a rectification names. Returns the request file
/// and the output folder.
fn answered_and_sent(dir: &Path) -> (PathBuf, PathBuf) {
    let earlier = request(
        dir,
        "SAR-2026-0001",
        "kind = \"subject-access\"",
        SOLICITOR,
        "",
    );
    let out = dir.join("earlier");
    let out_dir = out.to_str().unwrap();
    ok(&sarpack(&[
        "run",
        earlier.to_str().unwrap(),
        "--out",
        out_dir,
    ]));
    ok(&sarpack(&[
        "sent",
        out_dir,
        "--version",
        "1",
        "--on",
        "2026-11-30",
        "--by",
        "Test",
    ]));
    (earlier, out)
}

#[test]
fn a_rectification_gets_a_decision_letter_statements_and_a_notice_to_each_earlier_recipient() {
    let test =
        "a_rectification_gets_a_decision_letter_statements_and_a_notice_to_each_earlier_recipient";
    if !have("pdftotext", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (earlier, earlier_out) = answered_and_sent(dir.path());

    // Jade's own rectification request, naming the earlier answer.
    let rectify = request(
        dir.path(),
        "RECT-2026-0001",
        &format!(
            "kind = \"rectification\"\ndisclosed_in = [{{ request = \"{}\", out = \"{}\" }}]",
            earlier.display(),
            earlier_out.display()
        ),
        "capacity = \"self\"\naddress = [\"Flat 2, 41 Station Street\", \"Marbury\", \"MB1 4RS\"]",
        RECTIFICATION,
    );
    let out = dir.path().join("out");
    let run = sarpack(&[
        "run",
        rectify.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&run);
    let zip = out.join("v1/RECT-2026-0001-disclosure-pack.zip");

    let decision = pdftotext(&zip_entry(&zip, "rectification-decision.pdf").expect("decision"));
    assert!(decision.contains("Dear Jade Carter,"), "{decision}");
    assert!(
        decision.contains("You asked us to correct 3 records"),
        "{decision}"
    );
    // Corrected: kept as written with a statement, the one earlier recipient told, not named.
    assert!(
        decision
            .contains("We agree, and the record is corrected (decided on Friday 20 November 2026)"),
        "{decision}"
    );
    assert!(
        decision.contains("We gave this record to one recipient before."),
        "{decision}"
    );
    assert!(
        !decision.contains("Amira Khan"),
        "the recipient is named to the requester"
    );
    // Not corrected: the reasons, the statement, the right to complain.
    assert!(decision.contains("We have decided not to change the record (decided on Saturday 21 November 2026), because: The letter records what your personal adviser was told"), "{decision}");
    assert!(decision.contains("We have added a statement to the record recording that you dispute it and what you say is correct"), "{decision}");
    assert!(
        decision.contains("Information Commissioner's Office"),
        "{decision}"
    );
    assert!(decision.contains("section 167"), "{decision}");
    // Not decided: when it is due (one month from identity verified, 4 November 2026).
    assert!(decision.contains("We have not decided yet. We will write to you with our decision by Friday 4 December 2026."), "{decision}");
    assert!(
        decision.contains("One record is still to be decided"),
        "{decision}"
    );
    // Records named by number, date and kind, never by title or path.
    assert!(
        decision.contains("Case note: Family time, Wednesday 28 March 2012"),
        "{decision}"
    );
    assert!(!decision.contains("2019-04-02-letter"), "{decision}");

    let statements =
        pdftotext(&zip_entry(&zip, "supplementary-statements.pdf").expect("statements"));
    assert!(
        statements.contains("Corrected by this statement"),
        "{statements}"
    );
    assert!(
        statements.contains("Not changed; the accuracy is disputed"),
        "{statements}"
    );
    assert!(
        statements.contains("not because I was upset"),
        "{statements}"
    );
    assert!(
        statements.contains("Jade Carter disputes the accuracy of this record"),
        "{statements}"
    );
    assert!(
        !statements.contains("I was 8, not 9"),
        "an undecided record has no statement yet"
    );

    // The solicitor who received CN-1016 is told of its correction, and only of that one.
    let letter = out.join("v1/notifications/RECT-2026-0001-notification-01.pdf");
    let letter = pdftotext(&std::fs::read(&letter).expect("notification letter"));
    assert!(letter.contains("Dear Amira Khan,"), "{letter}");
    assert!(
        letter.contains("Khan & Co Solicitors 12 Market Street"),
        "{letter}"
    );
    assert!(letter.contains("On Monday 30 November 2026 we sent you records about Jade Carter (our reference SAR-2026-0001)"), "{letter}");
    assert!(letter.contains("double-booked"), "{letter}");
    assert!(
        !letter.contains("I did not refuse it"),
        "a record not corrected is not notified"
    );
    assert!(
        !out.join("v1/notifications/RECT-2026-0001-notification-02.pdf")
            .exists()
    );

    // The internal list: every earlier disclosure of the three records, and what was done.
    let mut reader = csv::Reader::from_path(out.join("v1/internal/recipients.csv")).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|row| row.unwrap().iter().map(str::to_string).collect())
        .collect();
    let lines: Vec<String> = rows.iter().map(|row| row.join("|")).collect();
    assert_eq!(rows.len(), 3, "{lines:?}");
    assert!(lines.contains(&"CN-1016|SAR-2026-0001|Amira Khan|1|2026-11-30|corrected|notifications/RECT-2026-0001-notification-01.pdf".to_string()), "{lines:?}");
    assert!(lines.iter().any(|line| line.starts_with("documents/2019-04-02-letter.pdf|SAR-2026-0001|Amira Khan|1|2026-11-30|not corrected|none")), "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("CN-1020|") && line.contains("|not decided|")),
        "{lines:?}"
    );

    // The decisions are audit events like any person's decision (who, when, what, why), and
    // the letter to the earlier recipient is recorded by hash with the version it belongs to.
    let trail = audit_lines(&out);
    let decisions: Vec<&serde_json::Value> = trail
        .iter()
        .filter(|line| line["event"] == "decision")
        .collect();
    assert_eq!(decisions.len(), 2, "{decisions:?}");
    let what = |line: &serde_json::Value| line["what"].as_str().unwrap().to_string();
    assert_eq!(decisions[0]["by"], "Rachel Osei, Team manager");
    assert!(
        what(decisions[0])
            .starts_with("rectification 1 (`CN-1016`): decided on 2026-11-20: corrected")
            && what(decisions[0]).contains("double-booked"),
        "{decisions:?}"
    );
    assert!(
        what(decisions[1]).starts_with("rectification 2 (`documents/2019-04-02-letter.pdf`): decided on 2026-11-21: not corrected — The letter records what your personal adviser was told"),
        "{decisions:?}"
    );
    let pack = trail.iter().find(|line| line["event"] == "pack").unwrap();
    let letter_hash = pack["hashes"]["v1/notifications/RECT-2026-0001-notification-01.pdf"]
        .as_str()
        .expect("the notification letter's hash in the trail");
    let bytes =
        std::fs::read(out.join("v1/notifications/RECT-2026-0001-notification-01.pdf")).unwrap();
    assert_eq!(letter_hash, sha256(&bytes));
    let check = sarpack(&["audit", out.to_str().unwrap()]);
    ok(&check);
}

/// The lines of `out/internal/audit.jsonl`.
fn audit_lines(out: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(out.join("internal/audit.jsonl"))
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn earlier_recipients_are_those_the_earlier_answers_audit_trail_records_as_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (earlier, earlier_out) = answered_and_sent(dir.path());
    // The `sent` event pins the pack and the list of records it carried.
    let sent = audit_lines(&earlier_out)
        .into_iter()
        .find(|line| line["event"] == "sent")
        .unwrap();
    let record = std::fs::read(earlier_out.join("v1/sent.json")).unwrap();
    assert_eq!(
        sent["hashes"]["v1/sent.json"].as_str(),
        Some(sha256(&record).as_str())
    );

    let rectify = request(
        dir.path(),
        "RECT-2026-0005",
        &format!(
            "kind = \"rectification\"\ndisclosed_in = [{{ request = \"{}\", out = \"{}\" }}]",
            earlier.display(),
            earlier_out.display()
        ),
        "capacity = \"self\"",
        "[[rectification]]\nrecord = \"CN-1016\"\ncorrection = \"Wrong date.\"\n",
    );
    let run = |name: &str| {
        sarpack(&[
            "run",
            rectify.to_str().unwrap(),
            "--out",
            dir.path().join(name).to_str().unwrap(),
        ])
    };
    let refused = |output: Output, wanted: &str| {
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(wanted), "{stderr}");
        assert!(stderr.contains("disclosed_in[0]"), "{stderr}");
    };

    // A list of records changed after it was recorded: the recipients cannot be trusted.
    let changed = String::from_utf8(record.clone()).unwrap().replacen(
        "\"items\": [",
        "\"items\": [{\"item\": \"N-99999\", \"source\": \"case-notes.csv#CN-9999\"}, ",
        1,
    );
    assert_ne!(changed.as_bytes(), record.as_slice());
    std::fs::write(earlier_out.join("v1/sent.json"), &changed).unwrap();
    refused(run("out1"), "its SHA-256 is not the one the trail recorded");
    std::fs::write(earlier_out.join("v1/sent.json"), &record).unwrap();

    // A sending written by hand, with no `sent` event: refused, not counted.
    std::fs::create_dir_all(earlier_out.join("v2")).unwrap();
    std::fs::write(
        earlier_out.join("v2/sent.json"),
        String::from_utf8(record.clone())
            .unwrap()
            .replacen("\"version\": 1", "\"version\": 2", 1),
    )
    .unwrap();
    refused(run("out2"), "records no `sent` event for it");
    std::fs::remove_dir_all(earlier_out.join("v2")).unwrap();

    // A trail with a line edited before the `sent` event does not check.
    let path = earlier_out.join("internal/audit.jsonl");
    let trail = std::fs::read_to_string(&path).unwrap();
    let edited = trail.replacen("\"what\":\"run for", "\"what\":\"Run for", 1);
    assert_ne!(edited, trail);
    std::fs::write(&path, edited).unwrap();
    refused(run("out3"), "does not check");
    std::fs::write(&path, &trail).unwrap();

    // As recorded, the run goes ahead and lists the one earlier disclosure.
    ok(&run("out4"));
    let rows = std::fs::read_to_string(dir.path().join("out4/v1/internal/recipients.csv")).unwrap();
    assert!(
        rows.contains("CN-1016,SAR-2026-0001,Amira Khan,1,2026-11-30,not decided"),
        "{rows}"
    );
}

#[test]
fn a_correction_that_names_a_third_party_is_never_quoted_in_the_pack() {
    let test = "a_correction_that_names_a_third_party_is_never_quoted_in_the_pack";
    if !have("pdftotext", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let rectify = request(
        dir.path(),
        "RECT-2026-0002",
        "kind = \"rectification\"",
        "capacity = \"self\"",
        r#"
[[rectification]]
record = "CN-1016"
correction = "Darren Pike was not at this family time."
outcome = "not-corrected"
reasons = "The note records what was seen at the time."
decided_by = "Rachel Osei"
decided_on = "2026-11-20"
"#,
    );
    let out = dir.path().join("out");
    ok(&sarpack(&[
        "run",
        rectify.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let zip = out.join("v1/RECT-2026-0002-disclosure-pack.zip");
    let decision = pdftotext(&zip_entry(&zip, "rectification-decision.pdf").expect("decision"));
    let statements =
        pdftotext(&zip_entry(&zip, "supplementary-statements.pdf").expect("statements"));
    for text in [&decision, &statements] {
        assert!(!text.contains("Darren"), "{text}");
        assert!(!text.contains("Pike"), "{text}");
    }
    assert!(
        decision.contains("as set out in your request"),
        "{decision}"
    );
    // No earlier answers were named, so there is no list of recipients to keep.
    assert!(!out.join("v1/internal/recipients.csv").exists());
}

#[test]
fn a_record_the_store_does_not_hold_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let rectify = request(
        dir.path(),
        "RECT-2026-0003",
        "kind = \"rectification\"",
        "capacity = \"self\"",
        "[[rectification]]\nrecord = \"CN-9999\"\ncorrection = \"Wrong date.\"\n",
    );
    let out = dir.path().join("out");
    let run = sarpack(&[
        "run",
        rectify.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("key `rectification[0].record`"), "{stderr}");
    assert!(
        stderr.contains("`CN-9999` is not a record in the store"),
        "{stderr}"
    );

    // A refusal without reasons is refused when the request is read.
    let rectify = request(
        dir.path(),
        "RECT-2026-0004",
        "kind = \"rectification\"",
        "capacity = \"self\"",
        "[[rectification]]\nrecord = \"CN-1016\"\ncorrection = \"Wrong.\"\noutcome = \"not-corrected\"\ndecided_by = \"R\"\ndecided_on = \"2026-11-20\"\n",
    );
    let run = sarpack(&[
        "run",
        rectify.to_str().unwrap(),
        "--out",
        dir.path().join("out4").to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("rectification[0].reasons"), "{stderr}");
}
