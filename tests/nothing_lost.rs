//! Issue 15, "nothing unexamined ships and nothing is lost", through the whole binary: stores a
//! data protection officer meets (copies made on Windows or macOS, missing sources, export columns
//! that name people, emails with attachments, forms and Word files with pictures), each run with
//! `sarpack run` and checked in the internal schedule and in the pack as a recipient reads it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

const PEOPLE: &str = "id,name,aliases,dob,role,category,phone,address,consent\n\
P001,Jade Carter,,2004-02-14,,subject,,,\n\
P002,Sharon Carter,,,mother,third-party,07700 900461,\"27 Alder Road, Hollinbrook HB4 7QT\",\n\
P003,Kevin Osei,,,social worker,professional,,,\n";

const NOTES_HEADER: &str =
    "id,date,type,author,agency,restricted,restriction_reason,subjects,text\n";
const DOCUMENTS_HEADER: &str =
    "path,date,title,type,author,agency,restricted,restriction_reason,subjects\n";

const REQUEST: &str = r#"reference = "SAR-ISSUE-15"
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

/// A records store in a temporary folder, with a request file beside it.
struct Store {
    dir: tempfile::TempDir,
}

impl Store {
    fn new() -> Store {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("request.toml"), REQUEST).unwrap();
        std::fs::create_dir_all(dir.path().join("store/documents")).unwrap();
        Store { dir }
    }

    /// The usual store: the register, one ordinary note and an empty documents.csv.
    fn usual() -> Store {
        let store = Store::new();
        store.write("people.csv", PEOPLE.as_bytes());
        store.write(
            "case-notes.csv",
            format!("{NOTES_HEADER}CN1,2019-04-02,Home visit,Kevin Osei,,false,,P001,Jade Carter was seen at home.\n").as_bytes(),
        );
        store.write("documents.csv", DOCUMENTS_HEADER.as_bytes());
        store
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("store")
    }

    fn write(&self, name: &str, bytes: &[u8]) {
        let path = self.root().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn remove(&self, name: &str) {
        let path = self.root().join(name);
        if path.is_dir() {
            std::fs::remove_dir_all(path).unwrap();
        } else {
            std::fs::remove_file(path).unwrap();
        }
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn run(&self, extra: &[&str]) -> Ran {
        let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
            .args(["run", "--quiet", "--force", "--out"])
            .arg(self.out())
            .arg(self.dir.path().join("request.toml"))
            .args(extra)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        Ran {
            status: output.status.code().unwrap_or(-1),
            stderr,
            out: latest(&self.out()),
        }
    }
}

/// The newest version folder sarpack wrote in `out` (`out/vN/`), or `out` when there is none.
fn latest(out: &std::path::Path) -> PathBuf {
    (1..)
        .map(|number| out.join(format!("v{number}")))
        .take_while(|folder| folder.is_dir())
        .last()
        .unwrap_or_else(|| out.to_path_buf())
}

struct Ran {
    status: i32,
    stderr: String,
    out: PathBuf,
}

/// One line of `internal/schedule.csv`.
#[derive(Debug, Clone)]
struct Line {
    item: String,
    source: String,
    disposition: String,
    reason: String,
    code: String,
    notes: String,
}

impl Ran {
    fn ok(self) -> Ran {
        assert_eq!(self.status, 0, "{}", self.stderr);
        self
    }

    /// The internal schedule, by source.
    fn schedule(&self) -> BTreeMap<String, Line> {
        let mut reader = csv::Reader::from_path(self.out.join("internal/schedule.csv")).unwrap();
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (item, source, disposition, reason, code, notes) = (
            column("item"),
            column("source"),
            column("disposition"),
            column("reason"),
            column("code"),
            column("notes"),
        );
        let mut lines = BTreeMap::new();
        for record in reader.records() {
            let record = record.unwrap();
            let line = Line {
                item: record[item].to_string(),
                source: record[source].to_string(),
                disposition: record[disposition].to_string(),
                reason: record[reason].to_string(),
                code: record[code].to_string(),
                notes: record[notes].to_string(),
            };
            assert!(
                lines.insert(line.source.clone(), line).is_none(),
                "every item once"
            );
        }
        lines
    }

    /// Every file in the pack, PDFs as `pdftotext` reads them (an extractor that shares no code
    /// with sarpack), the rest as text.
    fn pack_text(&self) -> BTreeMap<String, String> {
        let zip_path = self.out.join("SAR-ISSUE-15-disclosure-pack.zip");
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
        let mut files = BTreeMap::new();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            let name = entry.name().unwrap().to_string();
            let text = if name.ends_with(".pdf") {
                pdftotext(&bytes)
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            files.insert(name, text);
        }
        files
    }
}

fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext").arg(&path).arg("-").output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout).into_owned(),
        Err(_) => {
            println!("SKIPPED: pdftotext reading of the pack: pdftotext not installed");
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is required in CI"
            );
            String::new()
        }
    }
}

fn line<'a>(schedule: &'a BTreeMap<String, Line>, source: &str) -> &'a Line {
    schedule
        .get(source)
        .unwrap_or_else(|| panic!("{source} is in the schedule: {schedule:#?}"))
}

/// "Siobhán" with the á decomposed (NFD), as macOS writes file names.
const SIOBHAN_NFD: &str = "Siobha\u{301}n";
/// "Siobhán" composed (NFC), as a CSV export writes it.
const SIOBHAN_NFC: &str = "Siobh\u{e1}n";

// ---------------------------------------------------------------------------------------------
// Point 1: paths as Windows and macOS copies write them
// ---------------------------------------------------------------------------------------------

#[test]
fn restricted_police_report_named_in_another_unicode_form_and_case_is_withheld() {
    let store = Store::usual();
    // The export lists the NFC name in one case; the copy on disk is NFD in another case, with
    // a doubled space. Windows and macOS see one file; so must sarpack.
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/Police report {SIOBHAN_NFC}.txt,2019-05-01,Police report,Police report,,Westshire Police,true,police investigation,P001\n\
             documents/POLICE/Statement.TXT,2019-05-02,Statement,Statement,,Westshire Police,true,police investigation,P001\n"
        )
        .as_bytes(),
    );
    store.write(
        &format!("documents/police  REPORT {SIOBHAN_NFD}.txt"),
        b"Jade Carter was seen by officers. Restricted police content.",
    );
    store.write(
        "documents/police/statement.txt",
        b"Jade Carter gave a statement. Restricted police content.",
    );
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    assert_eq!(schedule.len(), 3, "{schedule:#?}");
    let report = line(
        &schedule,
        &format!("documents/police  REPORT {SIOBHAN_NFD}.txt"),
    );
    assert_eq!(report.disposition, "withheld", "{report:?}");
    assert_eq!(report.code, "CRIME", "{report:?}");
    let statement = line(&schedule, "documents/police/statement.txt");
    assert_eq!(statement.disposition, "withheld", "{statement:?}");
    for text in ran.pack_text().values() {
        assert!(!text.contains("Restricted police content"), "{text}");
    }
}

#[test]
fn two_files_that_could_match_one_row_are_both_held_for_review() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/report.txt,2019-05-01,Report,Police report,,Westshire Police,true,police,P001\n").as_bytes(),
    );
    store.write("documents/report.txt", b"Jade Carter: first copy.");
    store.write("documents/Report.txt", b"Jade Carter: second copy.");
    let schedule = store.run(&[]).ok().schedule();
    assert_eq!(schedule.len(), 3, "{schedule:#?}");
    // The row (and with it the file whose name it spells exactly) and the other file.
    let row = line(&schedule, "documents/report.txt");
    assert_eq!(row.disposition, "pending-review", "{row:?}");
    assert!(row.notes.contains("could be any of 2 files"), "{row:?}");
    let other = line(&schedule, "documents/Report.txt");
    assert_eq!(other.disposition, "pending-review", "{other:?}");
    assert!(other.notes.contains("row 1"), "{other:?}");
}

#[test]
fn a_file_with_no_row_is_held_for_review_when_documents_csv_exists() {
    let store = Store::usual();
    store.write("documents/unlisted.txt", b"Jade Carter wrote this.");
    let schedule = store.run(&[]).ok().schedule();
    let unlisted = line(&schedule, "documents/unlisted.txt");
    assert_eq!(unlisted.disposition, "pending-review", "{unlisted:?}");
    assert!(
        unlisted.notes.contains("not listed in documents.csv"),
        "{unlisted:?}"
    );
    assert!(!unlisted.reason.is_empty(), "{unlisted:?}");
}

// ---------------------------------------------------------------------------------------------
// Point 6: silent gaps
// ---------------------------------------------------------------------------------------------

#[test]
fn a_store_without_case_notes_is_refused_until_the_gap_is_allowed() {
    let store = Store::usual();
    store.remove("case-notes.csv");
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/letter.txt,2019-05-01,Letter,Letter,,,false,,P001\n")
            .as_bytes(),
    );
    store.write("documents/letter.txt", b"Dear Jade Carter, a letter.");
    let refused = store.run(&[]);
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("case-notes.csv"),
        "{}",
        refused.stderr
    );
    assert!(
        refused
            .stderr
            .contains("hint: check that the store was copied in full; if it really holds no such source, run again with --allow-missing-source case-notes.csv"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused
            .out
            .join("SAR-ISSUE-15-disclosure-pack.zip")
            .exists()
    );

    let ran = store
        .run(&["--allow-missing-source", "case-notes.csv"])
        .ok();
    assert!(
        ran.stderr.contains("has no `case-notes.csv`"),
        "{}",
        ran.stderr
    );
    let letter = &ran.pack_text()["covering-letter.pdf"];
    let letter = letter.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        letter.contains("it was not available for this search, so no case notes were searched"),
        "{letter}"
    );
    assert!(!letter.contains("0 case notes"), "{letter}");
}

#[test]
fn a_store_without_documents_names_each_missing_source() {
    let store = Store::usual();
    store.remove("documents.csv");
    store.remove("documents");
    let refused = store.run(&[]);
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("no documents.csv, no documents"),
        "{}",
        refused.stderr
    );
    store
        .run(&[
            "--allow-missing-source",
            "documents.csv",
            "--allow-missing-source",
            "documents",
        ])
        .ok();
}

#[test]
fn a_store_without_people_csv_is_one_clear_error() {
    let store = Store::usual();
    store.remove("people.csv");
    let refused = store.run(&[]);
    assert_eq!(refused.status, 1, "{}", refused.stderr);
    let errors = refused.stderr.matches("error").count();
    assert_eq!(
        errors, 1,
        "one error, not a verifier failure per term: {}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("people.csv` is missing"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("hint: export the register"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused
            .out
            .join("internal/verification-failures.json")
            .exists()
    );
}

// ---------------------------------------------------------------------------------------------
// Point 3: every string that enters the pack is examined
// ---------------------------------------------------------------------------------------------

#[test]
fn export_columns_faulty_values_and_paths_never_reach_the_requester() {
    let store = Store::new();
    store.write(
        "people.csv",
        format!("{PEOPLE}P004,Darren Hollis,,,partner,third-party,,,\n").as_bytes(),
    );
    store.write(
        "case-notes.csv",
        format!(
            "{NOTES_HEADER}\
CN1,2019-04-02,Hollis family contact,W Hollis,,false,,P001,Jade Carter went to contact.\n\
CN2,2019-04-03,Phone call,Recorded by Kelly Brennan,,false,,P001,Jade Carter rang. Kelly Brennan was with her.\n\
CN3,2019-04-04,Report,Kevin Osei,Supplied by Kelly Brennan (childminder),false,,P001,Jade Carter is doing well.\n\
CN4,see Gary Pritchard stmt,Home visit,Kevin Osei,,false,,P001,Jade Carter was seen.\n\
CN5,2019-04-05,Letter,Sharon Carter,,false,,P001,\"Dear social worker, Jade Carter is well.\"\n\
CN6,2019-04-06,Home visit,Kevin Osei,,false,,P001,Jade Carter was seen at home.\n"
        )
        .as_bytes(),
    );
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/Gary Pritchard statement.pdf,2019-05-01,Statement,Statement,,,false,,P001\n"
        )
        .as_bytes(),
    );
    std::fs::write(
        store.dir.path().join("outside.txt"),
        b"Jade Carter outside the store",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        store.dir.path().join("outside.txt"),
        store.root().join("documents/Tanya Pritchard note.txt"),
    )
    .unwrap();

    // Never blocks the pack.
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    let faulty = line(&schedule, "case-notes.csv#CN4");
    assert_eq!(faulty.disposition, "pending-review");
    assert!(
        faulty.reason.contains("see Gary Pritchard stmt"),
        "the internal schedule keeps the detail: {faulty:?}"
    );
    let missing = line(&schedule, "documents/Gary Pritchard statement.pdf");
    assert_eq!(missing.disposition, "pending-review");
    assert_eq!(
        line(&schedule, "case-notes.csv#CN3").disposition,
        "referred"
    );

    let pack = ran.pack_text();
    for (name, text) in &pack {
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for never in ["Hollis", "Brennan", "Pritchard", "Tanya", "Sharon", "Kelly"] {
            assert!(!flat.contains(never), "{never} in {name}: {flat}");
        }
    }
    // The mother's letter names her by role; a professional author is named; a type that
    // named a family falls back to neutral words.
    let records: String = pack
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .map(|(_, text)| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(records.contains("mother"), "{records}");
    assert!(records.contains("Kevin Osei"), "{records}");
    for shipped in ["CN1", "CN2", "CN5", "CN6"] {
        let entry = line(&schedule, &format!("case-notes.csv#{shipped}"));
        assert!(entry.disposition.starts_with("disclosed"), "{entry:?}");
    }
    let requester_schedule = &pack["schedule.csv"];
    assert!(
        requester_schedule.contains("A member of staff must check this record"),
        "{requester_schedule}"
    );
    assert!(
        requester_schedule.contains("Supplied by another organisation"),
        "{requester_schedule}"
    );
}

// ---------------------------------------------------------------------------------------------
// Point 5: attachments
// ---------------------------------------------------------------------------------------------

/// A one-page PDF whose page shows `text` in Helvetica (ASCII only, so it can travel 7bit).
fn one_page_pdf(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", index + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 5\n0000000000 65535 f \n");
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * index)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if out.len() % 77 == 76 {
            out.push_str("\r\n");
        }
    }
    out
}

#[test]
fn an_emails_attachments_are_child_items_each_decided_and_redacted() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/mail.eml,2020-06-22,Email,Email,,,false,,P001\n")
            .as_bytes(),
    );
    let docx = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/store/docx-header-table-deletion-comment.docx"),
    )
    .unwrap();
    let pdf = one_page_pdf("Jade Carter met Sharon Carter at the office.");
    let mail = format!(
        "From: Kevin Osei <kevin.osei@example.gov.uk>\r\n\
To: Jade Carter <jade@example.com>\r\n\
Subject: Your papers\r\n\
Date: Mon, 22 Jun 2020 09:30:00 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\
\r\n\
--BOUNDARY\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Dear Jade Carter, your papers are attached.\r\n\
--BOUNDARY\r\n\
Content-Type: application/pdf; name=\"letter.pdf\"\r\n\
Content-Disposition: attachment; filename=\"letter.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
{}\r\n\
--BOUNDARY\r\n\
Content-Type: text/plain; name=\"note.txt\"\r\n\
Content-Disposition: attachment; filename=\"note.txt\"\r\n\
\r\n\
Jade Carter rang Sharon Carter on 07700 900461.\r\n\
--BOUNDARY\r\n\
Content-Type: image/jpeg; name=\"photo.jpg\"\r\n\
Content-Disposition: attachment; filename=\"photo.jpg\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U\r\n\
--BOUNDARY\r\n\
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document; name=\"plan.docx\"\r\n\
Content-Disposition: attachment; filename=\"plan.docx\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
{}\r\n\
--BOUNDARY--\r\n",
        base64(&pdf),
        base64(&docx)
    );
    store.write("documents/mail.eml", mail.as_bytes());
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    let email = line(&schedule, "documents/mail.eml");
    assert!(email.disposition.starts_with("disclosed"), "{email:?}");
    let child = |number: usize| {
        line(
            &schedule,
            &format!("documents/mail.eml#attachment-{number}"),
        )
    };
    assert_eq!(child(1).item, format!("{}/attachment-1", email.item));
    assert_eq!(child(1).disposition, "disclosed-redacted", "{:?}", child(1));
    assert_eq!(child(2).disposition, "disclosed-redacted", "{:?}", child(2));
    assert_eq!(child(3).disposition, "pending-review", "{:?}", child(3));
    assert!(
        child(3).reason.contains("photo.jpg"),
        "internal reason names it: {:?}",
        child(3)
    );
    assert!(
        child(4).disposition.starts_with("disclosed"),
        "{:?}",
        child(4)
    );
    assert_eq!(
        schedule.len(),
        2 + 4,
        "the note, the email and its four attachments"
    );

    let pack = ran.pack_text();
    let records: Vec<String> = pack
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .map(|(_, text)| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    // The note, the email and three readable attachments, each a record of its own.
    assert_eq!(records.len(), 5, "{records:#?}");
    let all = records.join("\n");
    for never in ["Sharon", "07700", "900461"] {
        assert!(!all.contains(never), "{never}: {all}");
    }
    assert!(
        all.contains("Jade Carter met"),
        "the PDF attachment's own words: {all}"
    );
    assert!(
        all.contains("Jade Carter rang"),
        "the text attachment's own words: {all}"
    );
    assert!(
        all.contains("Attachment 1: letter.pdf"),
        "the email lists them: {all}"
    );
}

// ---------------------------------------------------------------------------------------------
// Point 4: lost content
// ---------------------------------------------------------------------------------------------

const PDF_CORPUS: &str = "../shared/corpora/pypdf-sample-files";

fn corpus_file(relative: &str) -> Option<Vec<u8>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            println!("SKIPPED: {relative}: the shared corpus is not present");
            assert!(
                std::env::var_os("CI").is_none(),
                "the corpus is required in CI"
            );
            None
        }
    }
}

/// Runs `qpdf --check` on a shipped PDF (an oracle independent of sarpack's own reader).
fn qpdf_check(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("qpdf").arg("--check").arg(&path).output() {
        Ok(output) => assert!(
            output.status.success(),
            "qpdf --check: {}",
            String::from_utf8_lossy(&output.stdout)
        ),
        Err(_) => {
            println!("SKIPPED: qpdf --check of the pack: qpdf not installed");
            assert!(std::env::var_os("CI").is_none(), "qpdf is required in CI");
        }
    }
}

impl Ran {
    /// The bytes of every PDF record in the pack.
    fn pack_pdfs(&self) -> Vec<(String, Vec<u8>)> {
        let zip_path = self.out.join("SAR-ISSUE-15-disclosure-pack.zip");
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
        let mut files = Vec::new();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let name = entry.name().unwrap().to_string();
            if name.starts_with("records/") && name.ends_with(".pdf") {
                let mut bytes = Vec::new();
                std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
                files.push((name, bytes));
            }
        }
        files
    }
}

#[test]
fn filled_in_pdf_forms_from_three_producers_are_flattened_and_redacted() {
    // LibreOffice's form (the pypdf samples), PyMuPDF's form with a young person's views, and
    // pdflatex's form filled in by pypdf (tests/fixtures/forms/make.py): their values live in
    // fields outside the page, and must reach the pack as page text, redacted like any other.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    let Some(libreoffice) = corpus_file(&format!(
        "{PDF_CORPUS}/012-libreoffice-form/libreoffice-form.pdf"
    )) else {
        return;
    };
    let forms = [
        ("libreoffice.pdf", libreoffice),
        (
            "pymupdf.pdf",
            std::fs::read(fixtures.join("pymupdf-filled-form.pdf")).unwrap(),
        ),
        (
            "pypdf.pdf",
            std::fs::read(fixtures.join("pypdf-filled-form.pdf")).unwrap(),
        ),
    ];
    let store = Store::usual();
    store.write(
        "people.csv",
        format!(
            "{PEOPLE}P004,Darren Pike,,,mother's partner,third-party,,,\n\
             P005,Zofia Wiśniewska,,,aunt,third-party,,,\n"
        )
        .as_bytes(),
    );
    let mut rows = String::from(DOCUMENTS_HEADER);
    for (name, bytes) in &forms {
        rows.push_str(&format!(
            "documents/{name},2019-05-01,Views,My views,,,false,,P001\n"
        ));
        store.write(&format!("documents/{name}"), bytes);
    }
    store.write("documents.csv", rows.as_bytes());
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    for (name, _) in &forms {
        let line = line(&schedule, &format!("documents/{name}"));
        assert!(line.disposition.starts_with("disclosed"), "{line:?}");
    }
    let pdfs = ran.pack_pdfs();
    assert_eq!(pdfs.len(), 4, "the note and the three forms");
    let mut all = String::new();
    for (name, bytes) in &pdfs {
        qpdf_check(bytes);
        let text = pdftotext(bytes);
        all.push_str(&text.split_whitespace().collect::<Vec<_>>().join(" "));
        all.push('\n');
        // No form is left to fill in: the values are page text, not fields.
        let document = lopdf::Document::load_mem(bytes).unwrap();
        let catalog = document.catalog().unwrap();
        assert!(!catalog.has(b"AcroForm"), "{name}");
    }
    for kept in [
        // The young person's views, wrapped across lines of the multi-line field.
        "I want to stay with my nan in Hollinbrook.",
        "again because he shouts at me.",
        "listens to me and I like my new school.",
        // The check box and the radio button that are on.
        "Happy at school X Meeting X",
        // The combo box's choice and pypdf's value around the redaction.
        "My nan",
        // A value beyond Windows-1252, around its redaction.
        "visits on Sundays",
        "says Jade is",
    ] {
        assert!(all.contains(kept), "{kept}: {all}");
    }
    for never in [
        "Darren",
        "Pike",
        "Sharon",
        "07700",
        "900123",
        "Zofia",
        "Wiśniewska",
    ] {
        assert!(!all.contains(never), "{never}: {all}");
    }
    // LibreOffice's two filled-in text fields are names no register holds ("Alice", "Bob"):
    // they were read, so detection found them and they were redacted as unknown people.
    let applied =
        std::fs::read_to_string(ran.out.join("internal/redaction-log.csv")).unwrap_or_default();
    for name in ["Alice", "Bob"] {
        assert!(!all.contains(name), "{name}: {all}");
        assert!(
            applied.contains(name),
            "{name} in the redaction log: {applied}"
        );
    }
}

#[test]
fn a_form_that_cannot_be_drawn_soundly_is_held_with_the_reason() {
    // pdflatex's form filled in by pypdf, with its text value turned into rich text: sarpack does
    // not reproduce formatting, so it holds the form rather than guess at it.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/forms");
    let mut document = lopdf::Document::load(fixtures.join("pypdf-filled-form.pdf")).unwrap();
    let field = document
        .objects
        .iter()
        .find(|(_, object)| {
            object.as_dict().is_ok_and(|dictionary| {
                dictionary
                    .get(b"FT")
                    .is_ok_and(|kind| kind.as_name().ok() == Some(b"Tx".as_slice()))
            })
        })
        .map(|(id, _)| *id)
        .unwrap();
    document.get_dictionary_mut(field).unwrap().set(
        "RV",
        lopdf::Object::string_literal("<body><b>Darren Pike</b></body>"),
    );
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).unwrap();
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/form.pdf,2019-05-01,Views,My views,,,false,,P001\n")
            .as_bytes(),
    );
    store.write("documents/form.pdf", &bytes);
    let schedule = store.run(&[]).ok().schedule();
    let line = line(&schedule, "documents/form.pdf");
    assert_eq!(line.disposition, "pending-review", "{line:?}");
    assert!(line.reason.contains("rich text"), "{line:?}");
}

#[test]
fn pdf_comments_handwriting_and_attached_files_are_held_not_scrubbed_silently() {
    // The pypdf samples' annotated PDF (a sticky note, a highlight with a comment, Ink
    // handwriting) and PDF with a file attached inside it: the redactor's scrub would drop all of
    // them while the schedule said "disclosed".
    let (Some(annotated), Some(attached)) = (
        corpus_file(&format!("{PDF_CORPUS}/024-annotations/annotated_pdf.pdf")),
        corpus_file(&format!("{PDF_CORPUS}/025-attachment/with-attachment.pdf")),
    ) else {
        return;
    };
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/annotated.pdf,2019-05-01,Notes,Report,,,false,,P001\n\
             documents/attached.pdf,2019-05-02,Letter,Letter,,,false,,P001\n"
        )
        .as_bytes(),
    );
    store.write("documents/annotated.pdf", &annotated);
    store.write("documents/attached.pdf", &attached);
    let schedule = store.run(&[]).ok().schedule();
    let annotated = line(&schedule, "documents/annotated.pdf");
    assert_eq!(annotated.disposition, "pending-review", "{annotated:?}");
    for named in ["comment (Text annotation)", "handwriting"] {
        assert!(annotated.reason.contains(named), "{named}: {annotated:?}");
    }
    let attached = line(&schedule, "documents/attached.pdf");
    assert_eq!(attached.disposition, "pending-review", "{attached:?}");
    assert!(
        attached.reason.contains("attached inside the PDF"),
        "{attached:?}"
    );
}

/// `pdftotext -layout` of a PDF (the layout oracle for tables), or `None` without poppler.
fn pdftotext_layout(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    match Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
    {
        Ok(output) => Some(String::from_utf8_lossy(&output.stdout).into_owned()),
        Err(_) => {
            println!("SKIPPED: pdftotext -layout of the pack: pdftotext not installed");
            assert!(
                std::env::var_os("CI").is_none(),
                "pdftotext is required in CI"
            );
            None
        }
    }
}

#[test]
fn word_tables_are_typeset_as_tables_with_redactions_in_their_cells() {
    // A contact log made with python-docx (tests/fixtures/forms/make_docx.py: a header row
    // marked to repeat, 40 rows over two pages, a third party in a cell), LibreOffice's table
    // (tests/fixtures/store) and python-docx's own fixture with merged cells.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let Some(merged) = corpus_file("../shared/corpora/docx-fixtures/tbl-cell-access.docx") else {
        return;
    };
    let store = Store::usual();
    store.write(
        "people.csv",
        format!(
            "{PEOPLE}P004,Darren Pike,,,mother's partner,third-party,,,\n\
             P005,Zofia Wiśniewska,,,aunt,third-party,,,\n"
        )
        .as_bytes(),
    );
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/log.docx,2019-05-01,Contact log,Log,,,false,,P001\n\
             documents/family.docx,2019-05-02,Family,Report,,,false,,P001\n\
             documents/merged.docx,2019-05-03,Merged,Report,,,false,,P001\n"
        )
        .as_bytes(),
    );
    store.write(
        "documents/log.docx",
        &std::fs::read(fixtures.join("forms/python-docx-table.docx")).unwrap(),
    );
    store.write(
        "documents/family.docx",
        &std::fs::read(fixtures.join("store/docx-header-table-deletion-comment.docx")).unwrap(),
    );
    store.write("documents/merged.docx", &merged);
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    for source in ["documents/log.docx", "documents/family.docx"] {
        let line = line(&schedule, source);
        assert_eq!(line.disposition, "disclosed-redacted", "{line:?}");
    }
    let pdfs = ran.pack_pdfs();
    let record = |needle: &str| -> String {
        pdfs.iter()
            .filter_map(|(_, bytes)| pdftotext_layout(bytes))
            .find(|text| text.contains(needle))
            .unwrap_or_else(|| panic!("no record holds {needle}"))
    };
    let Some(_) = pdftotext_layout(&pdfs[0].1) else {
        return;
    };
    let log = record("Contact log for Jade Carter.");
    let lines: Vec<&str> = log.lines().collect();
    // Whether one line of `text` holds `parts` in order, left to right.
    let on_line_of = |text: &str, parts: &[&str]| {
        text.lines().any(|line| {
            let mut rest = line;
            parts.iter().all(|part| match rest.find(part) {
                Some(at) => {
                    rest = &rest[at + part.len()..];
                    true
                }
                None => false,
            })
        })
    };
    let on_one_line = |parts: &[&str]| on_line_of(&log, parts);
    // The header row, on top of the table on both pages it spans.
    let headers = lines
        .iter()
        .filter(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            words == ["Date", "Who", "What", "happened"]
        })
        .count();
    assert_eq!(headers, 2, "{log}");
    // Each row's cells side by side, the long cell wrapped within its column, the pipe kept.
    assert!(
        on_one_line(&[
            "2019-05-12",
            "Kevin",
            "Options: stay | move; Jade Carter chose"
        ]),
        "{log}"
    );
    assert!(
        on_one_line(&[
            "2019-05-20",
            "Kevin",
            "Visit 20: Jade Carter talked about school"
        ]),
        "{log}"
    );
    // The long cell wraps inside its column: its last words sit on a line of their own, under
    // the cell's start, with no date beside them.
    assert!(
        lines.iter().any(
            |line| line.contains("she feels settled at her nan's house.")
                && !line.contains("Visit")
                && !line.contains("2019-")
                && line.starts_with("      ")
        ),
        "{log}"
    );
    // The third party's name is a box in its cell; the rest of the row stays with it.
    assert!(
        on_one_line(&[
            "2019-05-07",
            "TP",
            "TP",
            "phoned the office and asked where"
        ]),
        "{log}"
    );
    let family = record("First paragraph about Jade Carter.");
    assert!(on_line_of(&family, &["Name", "Relationship"]), "{family}");
    let family_lines: Vec<&str> = family.lines().collect();
    assert!(
        family_lines
            .iter()
            .any(|line| line.contains("TP") && line.trim_end().ends_with("Aunt")),
        "{family}"
    );
    for text in [&log, &family] {
        for never in ["Darren", "Pike", "Zofia", "Wiśniewska", "\u{1e}", "\u{1f}"] {
            assert!(!text.contains(never), "{never}: {text}");
        }
    }
    // python-docx's merged cells: every number is kept, rows stay rows.
    let merged = record("7");
    assert!(on_line_of(&merged, &["1", "2", "3"]), "{merged}");
    for digit in 1..=9 {
        assert!(merged.contains(&digit.to_string()), "{merged}");
    }
}

#[test]
fn a_word_file_with_pictures_is_held_for_review_not_disclosed_without_them() {
    // python-docx's fixture with inline pictures (shared/corpora/docx-fixtures).
    let Some(docx) = corpus_file("../shared/corpora/docx-fixtures/shp-inline-shape-access.docx")
    else {
        return;
    };
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/genogram.docx,2019-05-01,Family tree,Assessment,,,false,,P001\n"
        )
        .as_bytes(),
    );
    store.write("documents/genogram.docx", &docx);
    let schedule = store.run(&[]).ok().schedule();
    let line = line(&schedule, "documents/genogram.docx");
    assert_eq!(line.disposition, "pending-review", "{line:?}");
    assert!(line.reason.contains("picture"), "{line:?}");
}

#[test]
fn html_and_csv_documents_are_read_and_redacted_and_a_page_with_pictures_is_held() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/page.html,2019-05-01,Page,Web page,,,false,,P001\n\
             documents/contacts.csv,2019-05-02,Contacts,Contact list,,,false,,P001\n\
             documents/genogram.htm,2019-05-03,Tree,Web page,,,false,,P001\n\
             documents/form.msg,2019-05-04,Mail,Email,,,false,,P001\n"
        )
        .as_bytes(),
    );
    store.write(
        "documents/page.html",
        b"<html><body><p>Jade Carter met Sharon Carter.</p><script>var x='hidden';</script></body></html>",
    );
    store.write(
        "documents/contacts.csv",
        b"name,phone\nJade Carter,\nSharon Carter,07700 900461\n",
    );
    store.write(
        "documents/genogram.htm",
        b"<p>Jade Carter's family</p><img src=\"tree.png\">",
    );
    store.write("documents/form.msg", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    assert_eq!(
        line(&schedule, "documents/page.html").disposition,
        "disclosed-redacted"
    );
    assert_eq!(
        line(&schedule, "documents/contacts.csv").disposition,
        "disclosed-redacted"
    );
    let held = line(&schedule, "documents/genogram.htm");
    assert_eq!(held.disposition, "pending-review", "{held:?}");
    assert!(held.reason.contains("picture"), "{held:?}");
    let msg = line(&schedule, "documents/form.msg");
    assert_eq!(msg.disposition, "pending-review", "{msg:?}");
    let records: String = ran
        .pack_text()
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .map(|(_, text)| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(records.contains("Jade Carter met"), "{records}");
    for never in ["Sharon", "07700", "hidden"] {
        assert!(!records.contains(never), "{never}: {records}");
    }
}

// ---------------------------------------------------------------------------------------------
// Point 5: Outlook messages, RTF and Excel files, and emails attached to emails
// ---------------------------------------------------------------------------------------------

/// A fixture of tests/fixtures/formats (made by other programs: see its README).
fn format_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats")
            .join(name),
    )
    .unwrap()
}

/// The text of every record in the pack, whitespace collapsed, as pdftotext reads it.
fn records_text(ran: &Ran) -> String {
    ran.pack_text()
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .map(|(_, text)| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_outlook_message_and_its_attachments_down_to_an_attached_messages_pdf_are_read_and_redacted() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/review.msg,2020-06-22,Review,Email,,,false,,P001\n")
            .as_bytes(),
    );
    // aspose-email-foss's message: a text note and an attached message carrying a PDF.
    store.write(
        "documents/review.msg",
        &format_fixture("review-meeting.msg"),
    );
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    let message = line(&schedule, "documents/review.msg");
    assert_eq!(message.disposition, "disclosed-redacted", "{message:?}");
    let note = line(&schedule, "documents/review.msg#attachment-1");
    assert_eq!(note.item, format!("{}/attachment-1", message.item));
    assert_eq!(note.disposition, "disclosed-redacted", "{note:?}");
    let attached = line(&schedule, "documents/review.msg#attachment-2");
    assert_eq!(attached.disposition, "disclosed-redacted", "{attached:?}");
    let pdf = line(&schedule, "documents/review.msg#attachment-2/attachment-1");
    assert_eq!(
        pdf.item,
        format!("{}/attachment-2/attachment-1", message.item)
    );
    assert_eq!(pdf.disposition, "disclosed-redacted", "{pdf:?}");
    assert_eq!(
        schedule.len(),
        1 + 4,
        "the note, the message and its three attachments"
    );

    let all = records_text(&ran);
    for never in ["Sharon", "07700", "900461"] {
        assert!(!all.contains(never), "{never}: {all}");
    }
    for kept in [
        "Your review meeting is on 3 July",
        "Jade Carter chose the venue",
        "Jade Carter, the letter from the meeting is attached",
        "Jade Carter met",
        "Kevin Osei",
    ] {
        assert!(all.contains(kept), "{kept}: {all}");
    }
}

#[test]
fn messages_attached_past_the_depth_limit_are_held_with_the_reason_and_nothing_is_lost() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/chain.msg,2020-06-22,Chain,Email,,,false,,P001\n")
            .as_bytes(),
    );
    // Four messages each attached to the next; the fourth carries a text file.
    store.write(
        "documents/chain.msg",
        &format_fixture("nested-four-deep.msg"),
    );
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    for level in [
        "documents/chain.msg",
        "documents/chain.msg#attachment-1",
        "documents/chain.msg#attachment-1/attachment-1",
    ] {
        let line = line(&schedule, level);
        assert!(line.disposition.starts_with("disclosed"), "{line:?}");
    }
    let deepest = line(
        &schedule,
        "documents/chain.msg#attachment-1/attachment-1/attachment-1",
    );
    assert_eq!(deepest.disposition, "pending-review", "{deepest:?}");
    assert!(
        deepest.reason.contains("3 levels deep") && deepest.reason.contains("1 attachment"),
        "{deepest:?}"
    );
    assert_eq!(
        schedule.len(),
        1 + 4,
        "nothing past the limit is listed on its own"
    );
    let all = records_text(&ran);
    assert!(
        all.contains("level three") || all.contains("Level three"),
        "{all}"
    );
    assert!(!all.contains("deepest of all"), "{all}");
}

#[test]
fn an_email_attached_to_an_email_has_its_own_attachments_read_and_redacted() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/forward.eml,2020-06-23,Forward,Email,,,false,,P001\n")
            .as_bytes(),
    );
    let mail = "From: Kevin Osei <kevin.osei@example.gov.uk>\r\n\
To: Jade Carter <jade@example.com>\r\n\
Subject: Forwarded\r\n\
Date: Tue, 23 Jun 2020 09:30:00 +0100\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"OUTER\"\r\n\
\r\n\
--OUTER\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Jade Carter, I forward the message below.\r\n\
--OUTER\r\n\
Content-Type: message/rfc822\r\n\
Content-Disposition: attachment; filename=\"original.eml\"\r\n\
\r\n\
From: Kevin Osei <kevin.osei@example.gov.uk>\r\n\
To: Jade Carter <jade@example.com>\r\n\
Subject: Original\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"INNER\"\r\n\
\r\n\
--INNER\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Jade Carter, the notes are attached.\r\n\
--INNER\r\n\
Content-Type: text/plain; name=\"notes.txt\"\r\n\
Content-Disposition: attachment; filename=\"notes.txt\"\r\n\
\r\n\
Jade Carter asked Sharon Carter to ring 07700 900461.\r\n\
--INNER--\r\n\
--OUTER--\r\n";
    store.write("documents/forward.eml", mail.as_bytes());
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    let inner = line(&schedule, "documents/forward.eml#attachment-1");
    assert!(inner.disposition.starts_with("disclosed"), "{inner:?}");
    let notes = line(&schedule, "documents/forward.eml#attachment-1/attachment-1");
    assert_eq!(notes.disposition, "disclosed-redacted", "{notes:?}");
    let all = records_text(&ran);
    assert!(all.contains("Jade Carter asked"), "{all}");
    for never in ["Sharon", "07700", "900461"] {
        assert!(!all.contains(never), "{never}: {all}");
    }
}

#[test]
fn an_rtf_letter_is_read_and_redacted() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!("{DOCUMENTS_HEADER}documents/letter.rtf,2020-06-24,Letter,Letter,,,false,,P001\n")
            .as_bytes(),
    );
    // pandoc's RTF: a heading, paragraphs and a table.
    store.write("documents/letter.rtf", &format_fixture("letter.rtf"));
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    let letter = line(&schedule, "documents/letter.rtf");
    assert_eq!(letter.disposition, "disclosed-redacted", "{letter:?}");
    let all = records_text(&ran);
    assert!(all.contains("Thank you for meeting me on 22 June"), "{all}");
    assert!(all.contains("young person"), "the table's cells: {all}");
    for never in ["Sharon", "07700", "900461"] {
        assert!(!all.contains(never), "{never}: {all}");
    }
}

#[test]
fn an_excel_workbook_is_read_with_its_hidden_sheets_rows_columns_and_comments() {
    let store = Store::usual();
    store.write(
        "documents.csv",
        format!(
            "{DOCUMENTS_HEADER}documents/contacts.xlsx,2020-06-25,Contacts,Contact list,,,false,,P001\n"
        )
        .as_bytes(),
    );
    // openpyxl's workbook: a comment, a hidden row, a hidden column and a hidden sheet.
    store.write("documents/contacts.xlsx", &format_fixture("contacts.xlsx"));
    let ran = store.run(&[]).ok();
    let schedule = ran.schedule();
    let book = line(&schedule, "documents/contacts.xlsx");
    assert_eq!(book.disposition, "disclosed-redacted", "{book:?}");
    let all = records_text(&ran);
    for kept in [
        "young person",
        "2020-06-22",
        "Jade Carter asked for her file in June",
        "hidden in the workbook",
        "asked not to be called at work",
        "social worker",
    ] {
        assert!(all.contains(kept), "{kept}: {all}");
    }
    for never in ["Sharon", "07700", "900461"] {
        assert!(!all.contains(never), "{never}: {all}");
    }
}
