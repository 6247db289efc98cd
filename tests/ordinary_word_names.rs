//! Register names that are ordinary English words (issue 14): a mother whose alias is "And"
//! (the own corpus's case-011), a sister called Rose, a brother called Will. Detection and the
//! verifier agree, each by its own code over the same `patterns/` word lists: such a name counts
//! only where it is written with a capital first letter (Title case or ALL CAPS), anywhere in a
//! sentence, its start included; in lower case it is the word, kept and never a reason to hold a
//! record back. Checked on both sides: the words ship, the capitalised name is redacted or, where
//! detection leaves it, stops the record.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use sarpack::detect::Detector;
use sarpack::model::{Category, Finding, Owner, PackFile, Register};
use sarpack::verify;

#[path = "common/detect.rs"]
mod common;
use common::{patterns, person, request};

/// The shared tests' subject Jade Carter, with a mother whose alias is "And", a sister Rose and
/// a brother Will.
fn register() -> Register {
    Register {
        people: vec![
            person("P001", "Jade Carter", &[], "subject", Category::Subject),
            person(
                "P002",
                "Andrea Ahmed",
                &["And"],
                "mother",
                Category::ThirdParty,
            ),
            person("P003", "Rose Carter", &[], "sister", Category::ThirdParty),
            person("P004", "Will Okafor", &[], "brother", Category::ThirdParty),
            person(
                "P005",
                "Kim Mills",
                &[],
                "social worker",
                Category::Professional,
            ),
        ],
    }
}

fn detector() -> &'static Detector {
    static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(&request(), &register(), patterns()).unwrap())
}

/// The texts of the findings detection redacts in `text`.
fn redacted(text: &str) -> Vec<String> {
    detector()
        .find(text)
        .iter()
        .filter(|finding| sarpack::detect::is_redacted(finding))
        .map(|finding| finding.text.clone())
        .collect()
}

fn owner_of<'a>(findings: &'a [Finding], text: &str) -> &'a Owner {
    &findings
        .iter()
        .find(|finding| finding.text == text)
        .unwrap_or_else(|| panic!("no finding `{text}` in {findings:#?}"))
        .owner
}

#[test]
fn detection_keeps_the_words_in_lower_case() {
    for text in [
        "The GP has prescribed Sertraline and a review is booked.",
        "Jade has fallen out with Dawn and has been moved to a different set.",
        "jade says she misses rose",
        "the price rose sharply and she will call back",
        "ok will do and thanks",
    ] {
        let found = redacted(text);
        assert!(
            !found.iter().any(|word| {
                let word = word.to_lowercase();
                word == "and" || word == "rose" || word == "will"
            }),
            "{text}: {found:?}"
        );
    }
}

#[test]
fn detection_finds_the_name_written_with_a_capital() {
    let mother = Owner::RegisteredThirdParty {
        person_id: "P002".to_string(),
        consent: false,
    };
    for (text, name) in [
        // Mid-sentence, where only a name is capitalised.
        ("Jade went to see And yesterday.", "And"),
        ("Contact with And was cancelled.", "And"),
        // ALL CAPS: a heading or a shouted message cannot be told from the name (fail closed).
        ("JADE WENT TO SEE AND YESTERDAY", "AND"),
        // At a sentence start: capitalised by the sentence, but it may be the name; a word too
        // many is redacted rather than a name shipped (the verifier looks for it there too).
        ("Jade was upset. And then she left.", "And"),
    ] {
        let findings = detector().find(text);
        assert_eq!(owner_of(&findings, name), &mother, "{text}: {findings:#?}");
    }
    // The existing name-verb rule for names that are common words (issue 14).
    let findings = detector().find("Rose told me she was scared.");
    assert!(
        matches!(owner_of(&findings, "Rose"), Owner::RegisteredThirdParty { person_id, .. } if person_id == "P003")
    );
}

fn file(text: &str) -> PackFile {
    PackFile {
        name: "record.txt".to_string(),
        bytes: text.as_bytes().to_vec(),
        item: None,
        pages: 1,
    }
}

fn terms(ordinary: &verify::OrdinaryWords) -> sarpack::model::Forbidden {
    verify::forbidden_terms(&request(), &register(), &[], ordinary)
}

#[test]
fn the_verifier_passes_the_words_and_stops_the_name() {
    let ordinary = verify::OrdinaryWords::load(patterns()).unwrap();
    let forbidden = terms(&ordinary);
    for text in [
        "The GP has prescribed Sertraline and a review is booked.",
        "the price rose sharply and she will call back",
        "Letters and emails, 2019 and 2020",
    ] {
        let checked = verify::verify(file(text), &forbidden);
        assert!(checked.is_ok(), "{text}: {checked:?}");
    }
    // Where detection missed the name (or a person edited it back in), the record stops.
    for (text, term) in [
        ("went to see And yesterday", "alias of third party `P002`"),
        ("WENT TO SEE AND YESTERDAY", "alias of third party `P002`"),
        ("And then she left.", "alias of third party `P002`"),
        (
            "jade says she misses the Rose",
            "first name of third party `P003`",
        ),
        ("Will took her phone", "first name of third party `P004`"),
    ] {
        let violations = verify::verify(file(text), &forbidden)
            .expect_err(text)
            .violations;
        assert!(
            violations
                .iter()
                .any(|violation| violation.what.contains(term)),
            "{text}: {violations:?}"
        );
    }
    // Names that are no words, and the full names, are looked for in any case, as before.
    for text in ["saw andrea ahmed", "andrea was there", "rose carter rang"] {
        assert!(verify::verify(file(text), &forbidden).is_err(), "{text}");
    }
    // Without the word lists every term is as strict as any other (fail closed).
    let strict = terms(&verify::OrdinaryWords::default());
    assert!(verify::verify(file("tea and toast"), &strict).is_err());
}

/// A store like the own corpus's case-011: the mother's alias is "And", and the notes use the
/// word "and" as notes do.
fn store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::write(
        store.join("people.csv"),
        "id,name,aliases,dob,role,category,phone,address,consent\n\
         P001,Kayleigh Dobson,KDK,2020-04-21,subject,subject,,,\n\
         P002,Andrea Ahmed,And,1993-08-16,mother,third-party,07700 964532,\"Flat 7, 71 Oakwood Grove, Sheffield, S18 7BN\",no\n\
         P003,Kim Mills,,,social worker,professional,,,\n",
    )
    .unwrap();
    std::fs::write(
        store.join("case-notes.csv"),
        "id,date,type,author,agency,restricted,restriction_reason,subjects,text\n\
         CN1,2023-03-12,Phone call,Kim Mills,,false,,P001,The GP has prescribed Sertraline and a review is booked.\n\
         CN2,2023-04-02,Home visit,Kim Mills,,false,,P001,Kayleigh has fallen out with Dawn and has been moved to a different set.\n\
         CN3,2023-05-02,Contact record,Kim Mills,,false,,P001,Kayleigh went to see And yesterday and they played a board game.\n",
    )
    .unwrap();
    let request = dir.join("request.toml");
    std::fs::write(
        &request,
        "reference = \"SAR-CASE11\"\nkind = \"subject-access\"\nreceived = \"2026-10-30\"\n\
         region = \"england-and-wales\"\norganisation = \"Example Borough Council\"\n\
         [subject]\nperson_id = \"P001\"\nname = \"Kayleigh Dobson\"\n[records]\nstore = \"store\"\n",
    )
    .unwrap();
    request
}

fn pdftotext(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(output) => {
            assert!(output.status.success(), "pdftotext failed");
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: ordinary_word_names: pdftotext not installed");
            None
        }
        Err(error) => panic!("pdftotext (poppler-utils) must be installed in CI: {error}"),
    }
}

#[test]
fn a_register_alias_and_does_not_cost_the_combined_file_or_any_record() {
    let dir = tempfile::tempdir().unwrap();
    let request = store(dir.path());
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .args(["run", "--quiet", "--json"])
        .args(["--allow-missing-source", "documents.csv"])
        .args(["--allow-missing-source", "documents", "--out"])
        .arg(&out)
        .arg(&request)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["held_back"], 0, "{summary:#}");
    assert!(
        !stderr.contains("no combined all-records file"),
        "the combined file is made: {stderr}"
    );

    let zip = out.join("v1/SAR-CASE11-disclosure-pack.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut combined = Vec::new();
    archive
        .by_name("all-records.pdf")
        .expect("the combined file is in the pack")
        .read_to_end(&mut combined)
        .unwrap();
    let Some(text) = pdftotext(&combined) else {
        return;
    };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // The word ships in every record; the name does not.
    for kept in [
        "Sertraline and a review",
        "and has been moved",
        "yesterday and they played",
    ] {
        assert!(text.contains(kept), "`{kept}` missing: {text}");
    }
    assert!(!text.contains("see And"), "{text}");
    assert!(!text.contains("Andrea"), "{text}");
}
