//! Who asked (issue 17): the sample store answered for the subject herself, a parent asking for a
//! child, a solicitor, an advocate and a representative. Each pack is opened the way a recipient
//! would, its letter and records read with poppler's `pdftotext` (an extractor that shares no code
//! with sarpack), and the internal schedule read with the `csv` crate.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A request for the sample store, written into `dir`; `subject` and `requester` are TOML tables'
/// bodies, `extra` top-level keys.
fn request(dir: &Path, reference: &str, subject: &str, requester: &str, extra: &str) -> PathBuf {
    let store = root().join("samples/jade-carter/store");
    let text = format!(
        r#"reference = "{reference}"
kind = "subject-access"
received = "2026-10-30"
identity_verified = "2026-11-04"
region = "england-and-wales"
organisation = "Westshire County Council"
organisation_profile = "{profile}"
consulted_agencies = [
  {{ agency = "Westshire NHS Foundation Trust", disclose = true }},
  {{ agency = "Hollinbrook Academy", disclose = false }},
]
{extra}
[subject]
{subject}
[requester]
{requester}
[records]
store = "{store}"
"#,
        profile = root()
            .join("samples/jade-carter/organisation.toml")
            .display(),
        store = store.display()
    );
    let path = dir.join(format!("{reference}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

const JADE: &str = r#"person_id = "P001"
name = "Jade Carter"
aliases = ["Jadey", "Jade Louise Carter"]
dob = "2004-02-14"
ids = ["MOS-448812", "943 476 5919"]"#;

const TYLER: &str = r#"person_id = "P003"
name = "Tyler Carter"
dob = "2009-05-21"
ids = ["485 777 3457"]"#;

/// The newest version folder sarpack wrote in `out` (`out/vN/`), or `out` when there is none.
fn latest(out: &Path) -> PathBuf {
    (1..)
        .map(|number| out.join(format!("v{number}")))
        .take_while(|folder| folder.is_dir())
        .last()
        .unwrap_or_else(|| out.to_path_buf())
}

struct Pack {
    status: i32,
    stderr: String,
    files: BTreeMap<String, Vec<u8>>,
    schedule: Vec<BTreeMap<String, String>>,
}

fn run(request: &Path, out: &Path) -> Pack {
    let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .args(["run"])
        .arg(request)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let mut files = BTreeMap::new();
    let out = &latest(out);
    if let Some(zip) = std::fs::read_dir(out)
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .find(|entry| entry.file_name().to_string_lossy().ends_with(".zip"))
    {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip.path()).unwrap()).unwrap();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            files.insert(entry.name().unwrap().to_string(), bytes);
        }
    }
    let mut schedule = Vec::new();
    if let Ok(mut reader) = csv::Reader::from_path(out.join("internal/schedule.csv")) {
        let headers = reader.headers().unwrap().clone();
        for record in reader.records() {
            let record = record.unwrap();
            schedule.push(
                headers
                    .iter()
                    .zip(record.iter())
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .collect(),
            );
        }
    }
    Pack {
        status: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        files,
        schedule,
    }
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
    assert!(output.status.success(), "pdftotext failed");
    // One line per paragraph line; join so sentences split by wrapping can be searched.
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every PDF of the pack as pdftotext reads it, joined.
fn all_text(pack: &Pack) -> String {
    pack.files
        .iter()
        .filter(|(name, _)| name.ends_with(".pdf"))
        .map(|(name, bytes)| format!("{name}: {}", pdftotext(bytes)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether poppler's `pdftotext` is here; says so loudly when not, and fails under CI.
fn have_pdftotext(test: &str) -> bool {
    let found = Command::new("pdftotext").arg("-v").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: pdftotext is not installed (CI installs poppler-utils)"
        );
        eprintln!("SKIPPED: {test}: pdftotext not installed");
    }
    found
}

fn letter(pack: &Pack) -> String {
    pdftotext(&pack.files["covering-letter.pdf"])
}

#[test]
fn a_parent_asking_for_her_son_keeps_her_own_data_and_his_and_waits_for_a_best_interests_decision()
{
    if !have_pdftotext(
        "a_parent_asking_for_her_son_keeps_her_own_data_and_his_and_waits_for_a_best_interests_decision",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = request(
        dir.path(),
        "SAR-PARENT",
        TYLER,
        r#"name = "Sharon Carter"
capacity = "parent"
person_id = "P002"
address = ["27 Alder Road", "Hollinbrook", "HB4 7QT"]"#,
        "",
    );
    let pack = run(&path, &dir.path().join("out"));
    assert_eq!(pack.status, 0, "{}", pack.stderr);
    let letter = letter(&pack);
    assert!(letter.contains("Dear Sharon Carter,"), "{letter}");
    assert!(
        letter.contains("To Sharon Carter 27 Alder Road Hollinbrook HB4 7QT"),
        "{letter}"
    );
    assert!(letter.contains("You asked as Tyler Carter's parent, on Tyler Carter's behalf."));
    assert!(letter.contains("in the child's best interests"), "{letter}");
    let text = all_text(&pack);
    // Her own name in her own request, and her son's date of birth, stay.
    assert!(text.contains("Sharon Carter"));
    assert!(text.contains("21/05/2009"), "the subject's date of birth");
    // His sister is a third party in this request: her name appears nowhere.
    assert!(!text.contains("Jade"), "{text}");
    // The register's roles are relationships to Jade, not to Tyler: no relationship labels.
    assert!(!text.contains("TP: "), "{text}");
    // The strategy discussion about a section 47 enquiry waits for a person, with its basis.
    let strategy = pack
        .schedule
        .iter()
        .find(|row| row["source"] == "case-notes.csv#CN-1004")
        .unwrap();
    assert_eq!(strategy["disposition"], "pending-review");
    assert_eq!(strategy["code"], "CA-BI");
    assert_eq!(strategy["basis"], "DPA 2018 Sch 3 Part 5 para 21");
    assert!(strategy["notes"].contains("best interests"));
}

#[test]
fn a_parent_asking_for_an_adult_gets_no_child_rule() {
    if !have_pdftotext("a_parent_asking_for_an_adult_gets_no_child_rule") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = request(
        dir.path(),
        "SAR-ADULT",
        JADE,
        r#"name = "Sharon Carter"
capacity = "parent"
person_id = "P002""#,
        "",
    );
    let pack = run(&path, &dir.path().join("out"));
    assert_eq!(pack.status, 0, "{}", pack.stderr);
    assert!(pack.schedule.iter().all(|row| row["code"] != "CA-BI"));
}

#[test]
fn a_solicitors_letter_is_addressed_to_the_solicitor_and_notes_the_authority() {
    if !have_pdftotext("a_solicitors_letter_is_addressed_to_the_solicitor_and_notes_the_authority")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = request(
        dir.path(),
        "SAR-SOLICITOR",
        JADE,
        r#"name = "Priya Desai, Desai & Co Solicitors"
capacity = "solicitor"
address = ["1 Market Street", "Marbury", "MB1 2AB"]
authority_received = "2026-11-06""#,
        "",
    );
    let pack = run(&path, &dir.path().join("out"));
    assert_eq!(pack.status, 0, "{}", pack.stderr);
    let letter = letter(&pack);
    assert!(
        letter.contains("Dear Priya Desai, Desai & Co Solicitors,"),
        "{letter}"
    );
    assert!(!letter.contains("Dear Jade"), "{letter}");
    assert!(letter.contains("You asked as Jade Carter's solicitor, on their behalf."));
    assert!(
        letter.contains(
            "We checked your authority to act for Jade Carter: we received Jade Carter's signed authority on Friday 6 November 2026."
        ),
        "{letter}"
    );
    // ICO: the clock starts when the authority arrives.
    assert!(
        letter.contains("started on Friday 6 November 2026"),
        "{letter}"
    );
    assert!(letter.contains("about Jade Carter"), "{letter}");
}

#[test]
fn advocates_and_representatives_are_written_to_on_the_subjects_behalf() {
    if !have_pdftotext("advocates_and_representatives_are_written_to_on_the_subjects_behalf") {
        return;
    }
    for (capacity, words) in [
        (
            "advocate",
            "You asked as Jade Carter's advocate, on their behalf.",
        ),
        ("representative", "You asked on Jade Carter's behalf."),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = request(
            dir.path(),
            "SAR-REP",
            JADE,
            &format!(
                "name = \"Alex Morgan\"\ncapacity = \"{capacity}\"\nauthority_received = \"2026-11-05\""
            ),
            "",
        );
        let pack = run(&path, &dir.path().join("out"));
        assert_eq!(pack.status, 0, "{}", pack.stderr);
        let letter = letter(&pack);
        assert!(letter.contains("Dear Alex Morgan,"), "{letter}");
        assert!(letter.contains(words), "{capacity}: {letter}");
    }
}

#[test]
fn a_solicitor_without_authority_is_refused_with_the_key() {
    if !have_pdftotext("a_solicitor_without_authority_is_refused_with_the_key") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = request(
        dir.path(),
        "SAR-NOAUTH",
        JADE,
        "name = \"Priya Desai\"\ncapacity = \"solicitor\"",
        "",
    );
    let pack = run(&path, &dir.path().join("out"));
    assert_eq!(pack.status, 1);
    assert!(
        pack.stderr.contains("requester.authority_received"),
        "{}",
        pack.stderr
    );
    assert!(pack.stderr.contains("SAR-NOAUTH.toml"), "{}", pack.stderr);
}

#[test]
fn the_subjects_own_letter_uses_the_organisation_profile() {
    if !have_pdftotext("the_subjects_own_letter_uses_the_organisation_profile") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = request(
        dir.path(),
        "SAR-SELF",
        JADE,
        "capacity = \"self\"\naddress = [\"Flat 2, 41 Station Street\", \"Marbury\", \"MB1 4RS\"]",
        "",
    );
    let pack = run(&path, &dir.path().join("out"));
    assert_eq!(pack.status, 0, "{}", pack.stderr);
    let letter = letter(&pack);
    assert!(letter.contains("Dear Jade Carter,"));
    assert!(
        letter.contains("Flat 2, 41 Station Street Marbury MB1 4RS"),
        "{letter}"
    );
    // The profile's DPO, first contact, retention and recipients, not generic "may" sentences.
    for expected in [
        "dpo@westshire.example.org",
        "The Leaving Care Team duty worker",
        "75 years after their date of birth",
        "Westshire Police, where a child is at risk",
    ] {
        assert!(letter.contains(expected), "{expected}: {letter}");
    }
    assert!(!letter.contains(" may share"), "{letter}");
    // Police content was never sent to the police for a view: the letter does not say it was.
    assert!(
        letter.contains("we need to ask that organisation for its view"),
        "{letter}"
    );
    // Support comes before the records are described.
    let support = letter.find("Before you read the records").unwrap();
    let contents = letter.find("What is in this pack").unwrap();
    assert!(support < contents);
}
