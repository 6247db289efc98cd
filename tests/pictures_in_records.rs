//! Pictures in records (issue 16, issue 15 point 4), through the whole binary: scanned PDFs whose
//! pictures had names filled in, pictures pasted into Word files, pictures inline in emails and
//! sent as attachments. Each store is run with `sarpack run` and the pack read the way a recipient
//! would: `pdfimages` extracts every picture and the `tesseract` program reads it again, an
//! oracle that shares no code with sarpack.

#[path = "common/zip_entries.rs"]
mod zip_entries;

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
    zip_entries::entries(zip).into_iter().collect()
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

/// What the `tesseract` program reads in every picture `pdfimages` extracts from `pdf`, and how
/// many pictures there were.
fn pictures_read(pdf: &[u8]) -> (usize, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.pdf");
    std::fs::write(&file, pdf).unwrap();
    let status = Command::new("pdfimages")
        .arg("-png")
        .arg(&file)
        .arg(dir.path().join("img"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "png"))
        .collect();
    images.sort();
    let mut text = String::new();
    for image in &images {
        text.push_str(&tesseract_file(image));
    }
    (images.len(), text)
}

/// The `tesseract` program's reading of a picture file.
fn tesseract_file(path: &Path) -> String {
    let output = Command::new("tesseract")
        .arg(path)
        .args(["-", "--psm", "1"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file.pdf");
    std::fs::write(&file, pdf).unwrap();
    let output = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// One part of a zip (a Word file's picture).
fn zip_part(zip: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
    bytes
}

/// A picture of typed text pasted into a Word file (made by python-docx, the picture by
/// Pillow) names a third party: the record ships with the picture at its place, the name
/// filled in its pixels, the professional's name and the text around it kept. Two oracles agree:
/// the verifier's own OCR (`sarpack verify`) and the `tesseract` program on the picture
/// `pdfimages` extracts; both read the name in the original picture.
#[test]
fn a_typed_picture_in_a_word_file_is_carried_and_the_name_removed_from_its_pixels() {
    if !tools(
        "a_typed_picture_in_a_word_file_is_carried_and_the_name_removed_from_its_pixels",
        &["tesseract", "pdfimages", "pdftotext"],
    ) {
        return;
    }
    let docx = fixture("tests/fixtures/pictures/typed-picture.docx");
    let original = zip_part(&docx, "word/media/image1.png");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("original.png"), &original).unwrap();
    let before = tesseract_file(&dir.path().join("original.png"));
    assert!(
        before.contains("Gloria Hughes"),
        "the oracle reads the name in the original: {before}"
    );

    let store = Store::with(&[("note.docx", "Telephone note", docx)]);
    let version = store.run();
    let lines = schedule(&version);
    let (disposition, reason) = &lines["documents/note.docx"];
    assert_eq!(disposition, "disclosed-redacted", "{reason}");

    let files = entries(&version.join(PACK));
    let record = &files["records/0001-1998-03-12-document.pdf"];
    let (count, shipped) = pictures_read(record);
    assert_eq!(count, 1, "the picture is carried into the record");
    for gone in ["Gloria", "Hughes"] {
        assert!(
            !shipped.contains(gone),
            "`{gone}` is in the pixels:\n{shipped}"
        );
    }
    for kept in ["Helen Marsh", "visit", "Tuesday"] {
        assert!(shipped.contains(kept), "`{kept}` was lost:\n{shipped}");
    }
    let text = pdftotext(record);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for kept in [
        "Contact record for Jade Carter",
        "pasted below",
        "Picture 1 of this record",
        "Nothing else was recorded",
    ] {
        assert!(text.contains(kept), "`{kept}`: {text}");
    }
    assert!(!text.contains("Gloria"), "{text}");

    let internal = version.join("internal");
    let listed = std::fs::read_to_string(internal.join("redacted-pictures.txt")).unwrap();
    assert_eq!(listed, format!("{}\n", sha256(&original)));
    let (status, report) = store.verify(&version.join(PACK), &internal);
    assert_eq!(status, 0, "{report}");

    // The verifier's own OCR finds the name in the picture left as it was.
    let decoded = {
        let mut decoder = zune_png::PngDecoder::new(zune_png::zune_core::bytestream::ZCursor::new(
            original.as_slice(),
        ));
        let data = decoder.decode_raw().unwrap();
        let (width, height) = decoder.dimensions().unwrap();
        let channels = data.len() / (width * height);
        let data: Vec<u8> = data.chunks(channels).map(|pixel| pixel[0]).collect();
        sarpack::render::Picture {
            width: width as u32,
            height: height as u32,
            channels: 1,
            data,
        }
    };
    let (unredacted, _) = sarpack::render::render(&sarpack::render::Layout {
        blocks: vec![sarpack::render::Block::Picture {
            picture: decoded,
            caption: "Picture 1 of this record.".into(),
        }],
        landscape: false,
    })
    .unwrap();
    let forbidden = sarpack::model::Forbidden {
        terms: vec![("Gloria Hughes".into(), "a third party".into())],
        allowed: vec!["Jade Carter".into()],
        ..Default::default()
    };
    let refused = sarpack::verify::verify(
        sarpack::model::PackFile {
            name: "records/0001-1998-03-12-document.pdf".into(),
            bytes: unredacted,
            item: Some("D-00001".into()),
            pages: 1,
        },
        &forbidden,
    )
    .expect_err("the verifier reads the name in the unredacted picture");
    assert!(
        refused
            .violations
            .iter()
            .any(|violation| violation.what.contains("Gloria Hughes")),
        "{:?}",
        refused.violations
    );
}

/// A picture OCR cannot read as typed text (here a stand-in for a photograph of people) holds
/// the Word file for a person, with the picture and the reason.
#[test]
fn a_photograph_in_a_word_file_goes_to_a_person() {
    if !tools(
        "a_photograph_in_a_word_file_goes_to_a_person",
        &["tesseract"],
    ) {
        return;
    }
    let docx = fixture("tests/fixtures/pictures/photograph.docx");
    let store = Store::with(&[("outing.docx", "Outing", docx)]);
    let version = store.run();
    let lines = schedule(&version);
    let (disposition, reason) = &lines["documents/outing.docx"];
    assert_eq!(disposition, "pending-review", "{reason}");
    assert!(
        reason.contains("picture 1 (`word/media/image1.png`)"),
        "{reason}"
    );
    assert!(reason.contains("marks that are not words"), "{reason}");
}

/// A Word file whose picture is missing from it is damaged: no look at it can settle that, so
/// the review offers `withhold` (or a readable copy), never `release` (its reason names "the
/// Word document's picture", which once made the hint offer one).
#[test]
fn a_word_file_missing_its_picture_is_not_offered_for_release() {
    let docx = fixture("tests/fixtures/pictures/photograph.docx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut damaged = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).unwrap();
        if entry.name().unwrap() != "word/media/image1.png" {
            damaged.raw_copy_file(entry).unwrap();
        }
    }
    let damaged = damaged.finish().unwrap().into_inner();
    let store = Store::with(&[("outing.docx", "Outing", damaged)]);
    let version = store.run();
    let (disposition, reason) = &schedule(&version)["documents/outing.docx"];
    assert_eq!(disposition, "pending-review", "{reason}");
    assert!(
        reason.contains("picture `word/media/image1.png` is missing from the file (damaged)"),
        "{reason}"
    );
    let review = std::fs::read_to_string(version.join("internal/review.csv")).unwrap();
    let row = review
        .lines()
        .find(|row| row.contains(",documents/outing.docx,"))
        .unwrap_or_else(|| panic!("{review}"));
    assert!(!row.contains("release"), "{row}");
    assert!(row.contains("`withhold` it"), "{row}");
}

/// A person who looked at the pictures sarpack could not read releases the Word file: the
/// picture ships unread, typeset from its pixels, and the release is on the record with its
/// effect. The verifier still reads every picture that ships: a photograph with a third party's
/// name typed under it is held back by the verifier after the same release.
#[test]
fn a_released_photograph_in_a_word_file_ships_unread_and_the_verifier_still_reads_it() {
    if !tools(
        "a_released_photograph_in_a_word_file_ships_unread_and_the_verifier_still_reads_it",
        &["tesseract", "pdfimages"],
    ) {
        return;
    }
    let release = "[[decision]]\naction = \"release\"\nitem = \"documents/outing.docx\"\n\
                   by = \"Anita Shah\"\non = 2026-12-05\nwhy = \"Looked at the picture\"\n";
    let plain = Store::with(&[(
        "outing.docx",
        "Outing",
        fixture("tests/fixtures/pictures/photograph.docx"),
    )]);
    std::fs::write(plain.dir.path().join("decisions.toml"), release).unwrap();
    let version = plain.run();
    let (disposition, reason) = &schedule(&version)["documents/outing.docx"];
    assert_eq!(disposition, "disclosed", "{reason}");
    let plan = std::fs::read_to_string(version.join("internal/plan.json")).unwrap();
    assert!(
        plan.contains("ship unread (the verifier reads every picture that ships): picture 1 (`word/media/image1.png`)"),
        "{plan}"
    );
    let files = entries(&version.join(PACK));
    let record = files
        .iter()
        .find(|(name, bytes)| {
            name.starts_with("records/") && pdftotext(bytes).contains("summer outing")
        })
        .map(|(_, bytes)| bytes.clone())
        .expect("the Word file is in the pack");
    assert_eq!(pictures_read(&record).0, 1, "the photograph is typeset");
    let internal = version.join("internal");
    let (status, report) = plain.verify(&version.join(PACK), &internal);
    assert_eq!(status, 0, "{report}");

    // The same release of a photograph captioned with a third party's name: the verifier reads
    // the name in the picture that would ship and holds the record back.
    let captioned = Store::with(&[(
        "outing.docx",
        "Outing",
        fixture("tests/fixtures/pictures/captioned-photograph.docx"),
    )]);
    let first = captioned.run();
    let (disposition, reason) = &schedule(&first)["documents/outing.docx"];
    assert_eq!(disposition, "pending-review", "{reason}");
    assert!(
        reason.contains("picture 1 (`word/media/image1.png`)"),
        "{reason}"
    );
    std::fs::write(captioned.dir.path().join("decisions.toml"), release).unwrap();
    captioned.run();
    // A run adds a version beside the first: what was sent is never overwritten.
    let version = first.with_file_name("v2");
    let (disposition, reason) = &schedule(&version)["documents/outing.docx"];
    assert_ne!(disposition, "disclosed", "{reason}");
    let failures =
        std::fs::read_to_string(version.join("internal/verification-failures.json")).unwrap();
    assert!(failures.contains("Gloria Hughes"), "{failures}");
    for (name, bytes) in entries(&version.join(PACK)) {
        if name.ends_with(".pdf") {
            assert!(!pictures_read(&bytes).1.contains("Gloria"), "{name}");
        }
    }
}

/// An email (made by Python's email package) with a typed picture inline (`cid:`) and another
/// attached, each naming third parties: each picture is a record of its own after the email,
/// read, redacted in its pixels and shipped; the email's own text ships too.
#[test]
fn pictures_inline_in_and_attached_to_an_email_are_read_and_redacted() {
    if !tools(
        "pictures_inline_in_and_attached_to_an_email_are_read_and_redacted",
        &["tesseract", "pdfimages", "pdftotext"],
    ) {
        return;
    }
    let mail = fixture("tests/fixtures/pictures/typed-pictures.eml");
    let store = Store::with(&[("review.eml", "Review notes", mail)]);
    let version = store.run();
    let lines = schedule(&version);
    for source in [
        "documents/review.eml#attachment-1",
        "documents/review.eml#attachment-2",
    ] {
        let (disposition, reason) = &lines[source];
        assert_eq!(disposition, "disclosed-redacted", "{source}: {reason}");
    }
    let files = entries(&version.join(PACK));
    let records: Vec<&Vec<u8>> = files
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .map(|(_, bytes)| bytes)
        .collect();
    let mut shipped = String::new();
    let mut pictures = 0;
    for record in &records {
        let (count, text) = pictures_read(record);
        pictures += count;
        shipped.push_str(&text);
    }
    assert_eq!(pictures, 2, "both pictures ship");
    for gone in ["Darren", "Pike", "Sharon", "Tyler"] {
        assert!(
            !shipped.contains(gone),
            "`{gone}` is in the pixels:\n{shipped}"
        );
    }
    for kept in ["review", "school in September"] {
        assert!(shipped.contains(kept), "`{kept}` was lost:\n{shipped}");
    }
    let email = pdftotext(records[0]);
    assert!(email.contains("notes from the review"), "{email}");
    let (status, report) = store.verify(&version.join(PACK), &version.join("internal"));
    assert_eq!(status, 0, "{report}");
}

/// Real files made by other producers (shared/corpora): every picture in the Word and mail
/// fixtures is decoded and read, or held with a reason that names it. The photograph of a person
/// attached to one email (a JPEG) and the photograph in python-docx's comment fixture go to a
/// person as marks OCR cannot read; the attachments that only claim to be JPEGs are held as a
/// format sarpack does not decode; nothing with a picture is disclosed unread.
#[test]
fn pictures_in_the_shared_word_and_mail_corpora_are_read_or_held_with_the_reason() {
    if !tools(
        "pictures_in_the_shared_word_and_mail_corpora_are_read_or_held_with_the_reason",
        &["tesseract"],
    ) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut documents = Vec::new();
    for (folder, names) in [
        ("docx-fixtures", &["comments-rich-para.docx"][..]),
        (
            "mail-fixtures",
            &[
                "attachment_emails__attachment_with_quoted_filename.eml",
                "attachment_emails__attachment_message_rfc822_inline_image.eml",
                "mime_emails__raw_email12.eml",
            ][..],
        ),
    ] {
        for name in names {
            match std::fs::read(root.join(folder).join(name)) {
                Ok(bytes) => documents.push((*name, "Corpus file", bytes)),
                Err(_) => {
                    eprintln!("SKIPPED: the shared corpus is not present");
                    assert!(
                        std::env::var_os("CI").is_none(),
                        "the corpus is required in CI"
                    );
                    return;
                }
            }
        }
    }
    let store = Store::with(&documents);
    let version = store.run();
    let lines = schedule(&version);
    // What settles each: a picture that decodes can be released after a person looked at it;
    // one in a format sarpack does not decode cannot be typeset, so no release is offered.
    let review = std::fs::read_to_string(version.join("internal/review.csv")).unwrap();
    let settle = |source: &str| {
        review
            .lines()
            .find(|row| row.contains(&format!(",documents/{source},")))
            .unwrap_or_else(|| panic!("{source}: {review}"))
            .to_string()
    };
    for source in [
        "comments-rich-para.docx",
        "attachment_emails__attachment_with_quoted_filename.eml#attachment-1",
    ] {
        assert!(
            settle(source).contains("`release` it"),
            "{}",
            settle(source)
        );
    }
    let undecodable = settle("mime_emails__raw_email12.eml#attachment-1");
    assert!(!undecodable.contains("release"), "{undecodable}");
    assert!(undecodable.contains("`withhold` it"), "{undecodable}");
    let line = |source: &str| {
        lines
            .get(source)
            .unwrap_or_else(|| panic!("{source}: {lines:#?}"))
    };
    let (disposition, reason) = line("documents/comments-rich-para.docx");
    assert_eq!(disposition, "pending-review");
    assert!(
        reason.contains("picture 1 (`word/media/image1.jpeg`): it holds marks that are not words"),
        "{reason}"
    );
    let (disposition, reason) =
        line("documents/attachment_emails__attachment_with_quoted_filename.eml#attachment-1");
    assert_eq!(disposition, "pending-review");
    assert!(
        reason.contains("the picture `Eelanalüüsi päring.jpg`: it holds marks that are not words"),
        "{reason}"
    );
    let (disposition, reason) = line("documents/mime_emails__raw_email12.eml#attachment-1");
    assert_eq!(disposition, "pending-review");
    assert!(
        reason.contains("the picture `attachment 1 (image/jpeg)`: it is in an unknown format"),
        "{reason}"
    );
    let pictures: Vec<_> = lines
        .iter()
        .filter(|(source, _)| source.contains("#attachment-"))
        .collect();
    for (source, (disposition, reason)) in pictures {
        if reason.contains("picture") {
            assert_eq!(disposition, "pending-review", "{source}: {reason}");
        }
    }
}
