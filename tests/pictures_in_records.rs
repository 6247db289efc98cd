//! Pictures in records (issue 16, issue 15 point 4), through the whole binary: scanned PDFs whose
//! pictures had names filled in, pictures pasted into Word files, pictures inline in emails and
//! sent as attachments. Each store is run with `sarpack run` and the pack read the way a recipient
//! would: `pdfimages` extracts every picture and the `tesseract` program reads it again, an
//! oracle that shares no code with sarpack.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

const PEOPLE: &str = "id,name,aliases,dob,role,category,phone,address,consent\n\
P001,Jade Carter,,2004-02-14,,subject,,,\n\
P002,Sharon Carter,,,mother,third-party,07700 900461,,\n\
P003,Darren Pike,,,mother's partner,third-party,,,\n\
P004,Gloria Hughes,,,neighbour,third-party,,,\n\
P005,Tyler Carter,,,brother,third-party,,,\n\
P006,Helen Marsh,,,social worker,professional,,,\n\
P007,Anita Shah,,,social worker,professional,,,\n";

const DOCUMENTS_HEADER: &str =
    "path,date,title,type,author,agency,restricted,restriction_reason,subjects\n";

const REQUEST: &str = r#"reference = "SAR-PICTURES"
kind = "subject-access"
received = "2026-10-30"
region = "england-and-wales"
organisation = "Example Borough Council"
[subject]
person_id = "P001"
name = "Jade Carter"
[records]
store = "store"
"#;

const PACK: &str = "SAR-PICTURES-disclosure-pack.zip";

/// Whether the tools a test needs are here; says so loudly when not, and fails under CI.
fn tools(test: &str, needed: &[&str]) -> bool {
    for tool in needed {
        let flag = if *tool == "pdfimages" {
            "-v"
        } else {
            "--version"
        };
        if Command::new(tool).arg(flag).output().is_err() {
            eprintln!("SKIPPED: {test}: {tool} not installed");
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: {tool} is not installed, and CI installs it"
            );
            return false;
        }
    }
    true
}

fn fixture(relative: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

/// A records store in a temporary folder with one note, the register above and `documents`
/// (path under `documents/`, title, bytes), and a request file beside it.
struct Store {
    dir: tempfile::TempDir,
}

impl Store {
    fn with(documents: &[(&str, &str, Vec<u8>)]) -> Store {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("store");
        std::fs::create_dir_all(root.join("documents")).unwrap();
        std::fs::write(dir.path().join("request.toml"), REQUEST).unwrap();
        std::fs::write(root.join("people.csv"), PEOPLE).unwrap();
        std::fs::write(
            root.join("case-notes.csv"),
            "id,date,type,author,agency,restricted,restriction_reason,subjects,text\n\
CN1,2019-04-02,Home visit,Helen Marsh,,false,,P001,Jade Carter was seen at home.\n",
        )
        .unwrap();
        let mut csv = DOCUMENTS_HEADER.to_string();
        for (name, title, bytes) in documents {
            std::fs::write(root.join("documents").join(name), bytes).unwrap();
            csv.push_str(&format!(
                "documents/{name},1998-03-12,{title},Letter,Anita Shah,,false,,P001\n"
            ));
        }
        std::fs::write(root.join("documents.csv"), csv).unwrap();
        Store { dir }
    }

    fn request(&self) -> PathBuf {
        self.dir.path().join("request.toml")
    }

    /// Runs `sarpack run` and returns the version folder it wrote.
    fn run(&self) -> PathBuf {
        let out = self.dir.path().join("out");
        let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
            .args(["run", "--quiet", "--force", "--out"])
            .arg(&out)
            .arg(self.request())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        out.join("v1")
    }

    /// `sarpack verify PACK --request ... --internal DIR`: exit code and stdout.
    fn verify(&self, pack: &Path, internal: &Path) -> (i32, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
            .arg("verify")
            .arg(pack)
            .arg("--request")
            .arg(self.request())
            .arg("--internal")
            .arg(internal)
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    }
}

/// `(disposition, reason)` of every line of the internal schedule, by source.
fn schedule(version: &Path) -> BTreeMap<String, (String, String)> {
    let mut reader = csv::Reader::from_path(version.join("internal/schedule.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (source, disposition, reason) = (column("source"), column("disposition"), column("reason"));
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            (
                record[source].to_string(),
                (record[disposition].to_string(), record[reason].to_string()),
            )
        })
        .collect()
}

/// The files in a zip, by name.
fn entries(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        files.insert(entry.name().unwrap().to_string(), bytes);
    }
    files
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// A zip of `files` with a manifest that lists them, as a pack has.
fn zip_with_manifest(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut listed = Vec::new();
    for (name, bytes) in files.iter().filter(|(name, _)| *name != "manifest.json") {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(bytes).unwrap();
        listed.push(serde_json::json!({"name": name, "sha256": sha256(bytes)}));
    }
    writer.start_file("manifest.json", options).unwrap();
    writer
        .write_all(&serde_json::to_vec_pretty(&serde_json::json!({ "files": listed })).unwrap())
        .unwrap();
    writer.finish().unwrap().into_inner()
}

/// `sarpack verify` run later, from the internal records alone, still refuses a pack in which
/// a scan's original picture (the one whose names were filled in) was put back unchanged.
#[test]
fn verify_later_refuses_an_original_picture_by_its_digest() {
    if !tools(
        "verify_later_refuses_an_original_picture_by_its_digest",
        &["tesseract"],
    ) {
        return;
    }
    let scan = fixture("tests/fixtures/scans/typed-letter-200dpi.pdf");
    let store = Store::with(&[("scan.pdf", "Letter", scan.clone())]);
    let version = store.run();
    let lines = schedule(&version);
    assert_eq!(
        lines["documents/scan.pdf"].0, "disclosed-redacted",
        "{lines:?}"
    );
    let read = sarpack::pdf::read_pages(&scan, &sarpack::pdf::PdfOptions::default()).unwrap();
    let listed = std::fs::read_to_string(version.join("internal/redacted-pictures.txt")).unwrap();
    assert_eq!(listed, format!("{}\n", read.pictures[0].digest));

    let internal = version.join("internal");
    let (status, report) = store.verify(&version.join(PACK), &internal);
    assert_eq!(status, 0, "the pack as made verifies: {report}");

    // The redacted record swapped for the original scan.
    let mut files = entries(&version.join(PACK));
    let record = files
        .keys()
        .find(|name| name.starts_with("records/") && name.contains("document"))
        .cloned()
        .unwrap_or_else(|| panic!("{:?}", files.keys().collect::<Vec<_>>()));
    files.insert(record, scan);
    let tampered = store.dir.path().join("tampered.zip");
    std::fs::write(&tampered, zip_with_manifest(&files)).unwrap();
    let (status, report) = store.verify(&tampered, &internal);
    assert_eq!(status, 1, "{report}");
    assert!(
        report.contains("an original picture that had words redacted"),
        "{report}"
    );
}
