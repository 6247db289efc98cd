//! `verify_pack` and `sarpack verify` on whole packs: the manifest is checked both ways (hash,
//! unlisted files, missing files), every entry and every entry name is verified, the redaction
//! log's strings are looked for, and hostile zips are refused without a panic.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sarpack::model::{AppliedRedaction, Code, Forbidden};
use sarpack::verify::{self, PackReport};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/verify")
            .join(name),
    )
    .unwrap()
}

fn forbidden() -> Forbidden {
    Forbidden {
        terms: vec![
            ("Sarah Jones".to_string(), "name of third party".to_string()),
            ("Sarah".to_string(), "first name of third party".to_string()),
        ],
        capitalised: Vec::new(),
        upper_case: Vec::new(),
        allowed: vec!["Jane Smith".to_string(), "Sarah Khan".to_string()],
        pictures: Vec::new(),
        areas: Vec::new(),
    }
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A zip of `files` plus a manifest listing `listed` (name, bytes hashed).
fn pack(files: &[(&str, Vec<u8>)], listed: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, bytes) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    let manifest = serde_json::json!({
        "files": listed
            .iter()
            .map(|(name, bytes)| serde_json::json!({"name": name, "sha256": sha256(bytes)}))
            .collect::<Vec<_>>()
    });
    writer.start_file("manifest.json", options).unwrap();
    writer
        .write_all(serde_json::to_vec_pretty(&manifest).unwrap().as_slice())
        .unwrap();
    writer.finish().unwrap().into_inner()
}

fn good_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "records/0001-case-note.pdf",
            fixture("clean-fpdf2-identity-h.pdf"),
        ),
        ("records/0002-letter.pdf", fixture("clean-libreoffice.pdf")),
        (
            "schedule.csv",
            b"number,description\n1,Case note by Sarah Khan\n2,Letter\n".to_vec(),
        ),
    ]
}

fn check(bytes: &[u8], forbidden: &Forbidden) -> PackReport {
    verify::verify_pack_bytes(bytes, Path::new("pack.zip"), forbidden).unwrap()
}

fn listed(files: &[(&'static str, Vec<u8>)]) -> Vec<(&'static str, Vec<u8>)> {
    files.to_vec()
}

fn as_listed<'a>(files: &'a [(&'a str, Vec<u8>)]) -> Vec<(&'a str, &'a [u8])> {
    files
        .iter()
        .map(|(name, bytes)| (*name, bytes.as_slice()))
        .collect()
}

#[test]
fn a_clean_pack_verifies() {
    let files = good_files();
    let report = check(&pack(&files, &as_listed(&files)), &forbidden());
    assert!(report.is_clean(), "{:#?}", report.violations);
    assert_eq!(report.files.len(), 4);
}

#[test]
fn a_tampered_file_fails_the_manifest() {
    let files = good_files();
    let mut tampered = listed(&files);
    tampered[1].1.push(b'\n');
    let report = check(&pack(&tampered, &as_listed(&files)), &forbidden());
    assert!(
        report.violations.iter().any(|violation| violation
            .what
            .contains("records/0002-letter.pdf")
            && violation.what.contains("SHA-256")),
        "{:#?}",
        report.violations
    );
}

#[test]
fn unlisted_and_missing_files_fail_the_manifest() {
    let files = good_files();
    let mut extra = listed(&files);
    extra.push(("records/0003-extra.txt", b"nothing".to_vec()));
    let mut manifest = as_listed(&files);
    manifest.push(("records/0004-gone.pdf", b"x"));
    let report = check(&pack(&extra, &manifest), &forbidden());
    let says = |text: &str| {
        report
            .violations
            .iter()
            .any(|violation| violation.what.contains(text))
    };
    assert!(says(
        "`records/0003-extra.txt` is in the zip but not in the manifest"
    ));
    assert!(says(
        "lists `records/0004-gone.pdf`, which is not in the zip"
    ));
}

#[test]
fn a_leak_in_the_schedule_or_a_file_name_names_the_file() {
    let mut files = good_files();
    files[2].1 = b"number,description\n1,Letter from Sarah\nJones\n".to_vec();
    files.push(("records/0003-sarah-jones.txt", b"a letter".to_vec()));
    let report = check(&pack(&files, &as_listed(&files)), &forbidden());
    assert!(
        report.violations.iter().any(
            |violation| violation.file == "schedule.csv" && violation.location == "text line 2"
        )
    );
    assert!(
        report
            .violations
            .iter()
            .any(|violation| violation.file == "records/0003-sarah-jones.txt"
                && violation.location == "file name")
    );
}

#[test]
fn a_leaking_pdf_inside_the_pack_is_reported_with_its_page() {
    let mut files = good_files();
    files[0].1 = fixture("leak-cid-font.pdf");
    let report = check(&pack(&files, &as_listed(&files)), &forbidden());
    assert!(
        report
            .violations
            .iter()
            .any(|violation| violation.file == "records/0001-case-note.pdf"
                && violation.page == Some(1)
                && violation.location == "page text"),
        "{:#?}",
        report.violations
    );
}

#[test]
fn a_pack_without_a_manifest_fails() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("schedule.csv", SimpleFileOptions::default())
        .unwrap();
    writer.write_all(b"a,b\n").unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let report = check(&bytes, &forbidden());
    assert!(
        report
            .violations
            .iter()
            .any(|violation| violation.what.contains("no manifest.json"))
    );
}

#[test]
fn a_path_escaping_the_pack_is_reported() {
    let files = vec![("../escape.txt", b"hello".to_vec())];
    let report = check(&pack(&files, &as_listed(&files)), &forbidden());
    assert!(
        report.violations.iter().any(
            |violation| violation.file == "../escape.txt" && violation.what.contains("escapes")
        )
    );
}

#[test]
fn garbage_is_an_input_error_not_a_panic() {
    for bytes in [&b""[..], b"PK\x03\x04garbage", b"%PDF-1.7 not a zip"] {
        assert!(verify::verify_pack_bytes(bytes, Path::new("x.zip"), &forbidden()).is_err());
    }
}

#[test]
fn redaction_log_strings_are_forbidden() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redaction-log.csv"),
        "item,page,code,basis,text,rule\nD-000001,2,TP,\"DPA 2018 Sch 2 para 16\",\"the neighbour at number 9\",register.full-name\n",
    )
    .unwrap();
    let applied = verify::read_redaction_log(dir.path()).unwrap();
    assert_eq!(
        applied,
        vec![AppliedRedaction {
            item: "D-000001".to_string(),
            page: 2,
            code: Code("TP".to_string()),
            basis: "DPA 2018 Sch 2 para 16".to_string(),
            text: "the neighbour at number 9".to_string(),
            rule: "register.full-name".to_string(),
        }]
    );
    let request = sarpack::request::parse(
        "reference = \"SAR-1\"\nkind = \"subject-access\"\nreceived = \"2026-01-05\"\nregion = \"england-and-wales\"\norganisation = \"Council\"\n[subject]\nperson_id = \"P1\"\nname = \"Jane Smith\"\n[records]\nstore = \"store\"\n",
        Path::new("request.toml"),
    )
    .unwrap();
    let forbidden = verify::forbidden_terms(
        &request,
        &Default::default(),
        &applied,
        &verify::OrdinaryWords::default(),
    );
    let mut files = good_files();
    files[2].1 = b"number,description\n1,Complaint about the Neighbour at\nnumber 9\n".to_vec();
    let report = check(&pack(&files, &as_listed(&files)), &forbidden);
    assert!(
        report
            .violations
            .iter()
            .any(|violation| violation.file == "schedule.csv"
                && violation.what.contains("redacted from D-000001 page 2")),
        "{:#?}",
        report.violations
    );
}

#[test]
fn the_command_exits_2_on_input_errors() {
    let binary = env!("CARGO_BIN_EXE_sarpack");
    let dir = tempfile::tempdir().unwrap();
    // No such request file.
    let status = Command::new(binary)
        .args(["verify", "pack.zip", "--request"])
        .arg(dir.path().join("missing.toml"))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    // Missing required argument (clap's usage error).
    let status = Command::new(binary)
        .args(["verify", "pack.zip"])
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
