//! A pack a person can read (issue 17): the sample's combined all-records file, chronology and
//! glossary, read the way a recipient's tools read them — poppler's `pdftotext` and `pdfinfo`,
//! and `qpdf --check` and `qpdf --json` for the structure, bookmarks and page labels (tools that
//! share no code with sarpack) — and the verifier's hold over bookmarks it did not write.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

#[path = "common/links.rs"]
mod links;

use sarpack::model::{Forbidden, PackFile};
use sarpack::pack::combined::{Part, combine};
use sarpack::render::{Block, Layout, Run, render};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `tool` is here; says so loudly when not, and fails under CI.
fn have(tool: &str, test: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: {tool} is not installed (CI installs it)"
        );
        eprintln!("SKIPPED: {test}: {tool} not installed");
    }
    found
}

/// The sample's pack, run once: file name -> bytes.
fn pack() -> &'static BTreeMap<String, Vec<u8>> {
    static PACK: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    PACK.get_or_init(|| {
        let out = tempfile::tempdir().unwrap();
        let status = Command::new(env!("CARGO_BIN_EXE_sarpack"))
            .current_dir(root())
            .args(["run", "samples/jade-carter/request.toml", "--out"])
            .arg(out.path())
            .status()
            .unwrap();
        assert!(status.success());
        let zip = out.path().join("v1/SAR-2026-0001-disclosure-pack.zip");
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        let mut files = BTreeMap::new();
        for index in 0..archive.len() {
            let mut entry = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            files.insert(entry.name().unwrap().to_string(), bytes);
        }
        files
    })
}

fn write(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("file.pdf");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn tool(dir: &Path, program: &str, args: &[&str], bytes: &[u8]) -> String {
    let path = write(dir, bytes);
    let output = Command::new(program)
        .args(args)
        .arg(&path)
        .args(if program == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_combined_file_holds_every_record_in_pack_order_with_bookmarks_and_page_labels() {
    if !have("qpdf", "combined") || !have("pdftotext", "combined") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let combined = &pack["all-records.pdf"];
    let check = tool(dir.path(), "qpdf", &["--check"], combined);
    assert!(
        check.contains("No syntax or stream encoding errors"),
        "{check}"
    );
    let records: Vec<(&String, &Vec<u8>)> = pack
        .iter()
        .filter(|(name, _)| name.starts_with("records/"))
        .collect();
    assert!(records.len() > 40, "{}", records.len());
    let info = tool(dir.path(), "pdfinfo", &[], combined);
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // The contents page(s), then each record's pages, exactly as in its separate file.
    let contents = pages - records.len();
    assert!((1..=3).contains(&contents), "{pages}");
    let first_contents = words(&tool(dir.path(), "pdftotext", &["-l", "1"], combined));
    assert!(
        first_contents.starts_with("Your records — SAR-2026-0001"),
        "{first_contents}"
    );
    for (position, (name, bytes)) in records.iter().enumerate() {
        let page = (contents + position + 1).to_string();
        let inside = tool(
            dir.path(),
            "pdftotext",
            &["-f", &page, "-l", &page],
            combined,
        );
        let alone = tool(dir.path(), "pdftotext", &[], bytes);
        assert_eq!(words(&inside), words(&alone), "{name}");
        assert!(inside.contains(&format!("SAR-2026-0001 · page {}", position + 1)));
    }
    // Bookmarks: Contents, then one per record, each leading to its first page.
    let json = tool(
        dir.path(),
        "qpdf",
        &["--json", "--json-key=outlines"],
        combined,
    );
    let outlines: serde_json::Value = serde_json::from_str(&json).unwrap();
    let outlines = outlines["outlines"].as_array().unwrap();
    assert_eq!(outlines.len(), records.len() + 1);
    assert_eq!(outlines[0]["title"], "Contents");
    assert_eq!(outlines[0]["destpageposfrom1"], 1);
    assert_eq!(
        outlines[1]["title"],
        "1. 14 March 2005 — Case note: Health visitor contact"
    );
    for (position, outline) in outlines.iter().skip(1).enumerate() {
        assert_eq!(
            outline["destpageposfrom1"].as_u64().unwrap() as usize,
            contents + position + 1
        );
    }
    // Page labels match the printed numbers: i.. for the contents, then 1, 2 ...
    let json = tool(
        dir.path(),
        "qpdf",
        &["--json", "--json-key=pagelabels"],
        combined,
    );
    let labels: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels = labels["pagelabels"].as_array().unwrap();
    assert_eq!(labels[0]["label"]["/S"], "/r");
    assert_eq!(labels[1]["index"].as_u64().unwrap() as usize, contents);
    assert_eq!(labels[1]["label"]["/S"], "/D");
}

#[test]
fn each_line_of_the_contents_is_a_link_to_its_record() {
    if !have("qpdf", "contents links") || !have("pdftotext", "contents links") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &pack()["all-records.pdf"]);
    let records = pack()
        .keys()
        .filter(|name| name.starts_with("records/"))
        .count();
    let links = links::links(&path, 3);
    assert_eq!(links.len(), records, "{links:?}");
    let mut pages_text = BTreeMap::new();
    for (position, link) in links.iter().enumerate() {
        // Under the link: the row's number first, its first pack page last.
        assert_eq!(
            link.words.first(),
            Some(&(position + 1).to_string()),
            "{link:?}"
        );
        let page: usize = link.words.last().unwrap().parse().unwrap();
        let text = pages_text.entry(link.to).or_insert_with(|| {
            let to = link.to.to_string();
            tool(
                dir.path(),
                "pdftotext",
                &["-f", &to, "-l", &to],
                &pack()["all-records.pdf"],
            )
        });
        assert!(
            text.contains(&format!("SAR-2026-0001 · page {page}")),
            "{link:?} leads to a page stamped otherwise: {text}"
        );
        assert!(link.on < link.to);
        // Its alternative text says where it goes: the record's number, date and kind.
        let alternative = link.alternative.as_deref().unwrap_or_default();
        assert!(
            alternative.starts_with(&format!("Go to {}. ", position + 1)),
            "{link:?}"
        );
    }
}

#[test]
fn every_pdf_sarpack_writes_declares_its_language_and_title() {
    if !have("qpdf", "language and title") || !have("pdfinfo", "language and title") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let typeset = pack()
        .keys()
        .find(|name| name.starts_with("records/") && name.ends_with("case-note.pdf"))
        .unwrap();
    for (name, title) in [
        (
            "covering-letter.pdf",
            "Your records: our reply to your request",
        ),
        ("schedule.pdf", "Schedule of records — SAR-2026-0001"),
        ("redaction-key.pdf", "Redaction key — SAR-2026-0001"),
        ("chronology.pdf", "Chronology — SAR-2026-0001"),
        ("glossary.pdf", "Glossary — SAR-2026-0001"),
        ("all-records.pdf", "Your records — SAR-2026-0001"),
        (typeset.as_str(), "Health visitor contact"),
    ] {
        let bytes = &pack()[name];
        let json = tool(dir.path(), "qpdf", &["--json", "--json-key=qpdf"], bytes);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let objects = &json["qpdf"][1];
        let root = objects["trailer"]["value"]["/Root"].as_str().unwrap();
        let catalog = &objects[format!("obj:{root}")]["value"];
        assert_eq!(catalog["/Lang"], "u:en-GB", "{name}: {catalog}");
        assert_eq!(
            catalog["/ViewerPreferences"]["/DisplayDocTitle"], true,
            "{name}: {catalog}"
        );
        let info = tool(dir.path(), "pdfinfo", &[], bytes);
        let shown = info
            .lines()
            .find_map(|line| line.strip_prefix("Title:"))
            .map(str::trim);
        assert_eq!(shown, Some(title), "{name}");
    }
}

/// Every font in every PDF of the sample pack is embedded (PDF/UA-1 7.21.4.1; a reader never
/// substitutes one): the page stamp was unembedded Helvetica on every record. The stamps still
/// read, by `pdftotext`, as the reference and one continuous page number per page.
#[test]
fn every_font_in_the_pack_is_embedded_and_the_stamps_still_read() {
    let test = "every_font_in_the_pack_is_embedded_and_the_stamps_still_read";
    if !have("pdffonts", test) || !have("pdftotext", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut next_page = 1;
    for (name, bytes) in pack().iter().filter(|(name, _)| name.ends_with(".pdf")) {
        let listing = tool(dir.path(), "pdffonts", &[], bytes);
        for line in listing.lines().skip(2) {
            // name type... encoding emb sub uni object generation: the type may hold spaces.
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(
                fields[fields.len() - 5],
                "yes",
                "{name}: not embedded: {line}"
            );
        }
        checked += 1;
        if name.starts_with("records/") {
            // The pack's names sort in pack order, so the numbers run on from file to file.
            let text = tool(dir.path(), "pdftotext", &["-enc", "UTF-8"], bytes);
            for page in text.split('\u{c}').filter(|page| !page.trim().is_empty()) {
                let stamp = format!("SAR-2026-0001 · page {next_page}");
                assert_eq!(words(page).matches(&stamp).count(), 1, "{name}: {page}");
                next_page += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} PDFs in the pack");
    assert!(next_page > 40, "only {} stamped pages", next_page - 1);
}

#[test]
fn the_chronology_has_one_line_per_record_in_role_terms() {
    if !have("pdftotext", "chronology") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = words(&tool(
        dir.path(),
        "pdftotext",
        &[],
        &pack()["chronology.pdf"],
    ));
    for expected in [
        "14 March 2005",
        "Case note: Health visitor contact",
        "Health visitor, Westshire NHS Foundation Trust",
        "Social worker",
        "Personal adviser (leaving care)",
        "Team manager",
        "Some information removed (TP)",
        "Given to you in full",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // Role terms, not names: the social worker is there by role only.
    assert!(!text.contains("Anita Shah"), "{text}");
    let lines = text.matches("Case note:").count() + text.matches("Assessment").count();
    assert!(lines >= 40, "{lines}");
}

#[test]
fn the_glossary_explains_the_terms_in_the_records_and_no_others() {
    if !have("pdftotext", "glossary") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = words(&tool(dir.path(), "pdftotext", &[], &pack()["glossary.pdf"]));
    for expected in [
        "Section 20 (s20)",
        "Section 47 (s47)",
        "CAMHS",
        "Personal Education Plan",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
    // In the glossary file, not in the sample's disclosed records.
    for absent in [
        "MARAC",
        "Special Guardianship Order",
        "Emergency Protection Order",
    ] {
        assert!(!text.contains(absent), "{absent}: {text}");
    }
    let letter = words(&tool(
        dir.path(),
        "pdftotext",
        &[],
        &pack()["covering-letter.pdf"],
    ));
    assert!(letter.contains("all-records.pdf"), "{letter}");
    assert!(letter.contains("glossary.pdf"), "{letter}");
}

fn page(text: &str) -> Vec<u8> {
    render(&Layout {
        blocks: vec![Block::Paragraph(vec![Run::Text(text.into())])],
        landscape: false,
    })
    .unwrap()
    .0
}

#[test]
fn the_verifier_accepts_the_bookmarks_sarpack_writes_and_reads_every_title() {
    let forbidden = Forbidden {
        terms: vec![("Sharon Carter".into(), "name of third party".into())],
        capitalised: Vec::new(),
        upper_case: Vec::new(),
        allowed: Vec::new(),
        pictures: Vec::new(),
        areas: Vec::new(),
    };
    let contents = page("Contents");
    let record = page("A home visit.");
    let file = |title: &str| {
        let (bytes, pages) = combine(
            &contents,
            &[Part {
                title: title.into(),
                bytes: &record,
            }],
        )
        .unwrap();
        assert_eq!(pages, 2);
        PackFile {
            name: "all-records.pdf".into(),
            bytes,
            item: None,
            pages,
        }
    };
    let clean = sarpack::verify::verify(file("1. 2 April 2019 — Home visit"), &forbidden);
    assert!(clean.is_ok(), "{clean:?}");
    // A bookmark is read like page text: a name in a title stops the file.
    let refused =
        sarpack::verify::verify(file("1. Visit to Sharon Carter"), &forbidden).unwrap_err();
    assert!(
        refused
            .violations
            .iter()
            .any(|violation| violation.location.contains("bookmark")),
        "{:?}",
        refused.violations
    );
    // Deterministic.
    assert_eq!(file("x").bytes, file("x").bytes);
}

#[test]
fn boxes_say_whose_information_was_removed_where_the_policy_allows() {
    if !have("pdftotext", "relationship labels") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The 2006 health visitor note: the mother's partner and the mother, by relationship only.
    let (_, note) = pack()
        .iter()
        .find(|(name, _)| name.starts_with("records/") && name.contains("2006-09-20"))
        .unwrap();
    let text = words(&tool(dir.path(), "pdftotext", &[], note));
    assert!(text.contains("TP: mother's partner"), "{text}");
    assert!(text.contains("Advised TP: mother about"), "{text}");
    assert!(
        !text.contains("Darren") && !text.contains("Sharon"),
        "{text}"
    );
}

#[test]
fn boxes_on_an_original_pdf_say_whose_information_was_removed_where_the_label_fits() {
    if !have("pdftotext", "labels on original PDFs") || !have("pdffonts", "labels on original PDFs")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The 2019 letter is LibreOffice's PDF, redacted in place: each box is as wide as the name
    // it replaces, and shows the relationship where it fits, the bare code where it does not.
    let original = root().join("samples/jade-carter/store/documents/2019-04-02-letter.pdf");
    let producer = tool(
        dir.path(),
        "pdfinfo",
        &[],
        &std::fs::read(original).unwrap(),
    );
    assert!(producer.contains("LibreOffice"), "{producer}");
    let (_, letter) = pack()
        .iter()
        .find(|(name, _)| name.starts_with("records/") && name.contains("2019-04-02"))
        .unwrap();
    let text = words(&tool(dir.path(), "pdftotext", &[], letter));
    for shown in [
        "your mum, TP: mother , once",
        "Your brother TP: brother will",
        "shared with TP: mother's partner. If",
        "Your aunt, TP: maternal aunt, has",
    ] {
        assert!(text.contains(shown), "{shown:?} not in {text}");
    }
    // An address box split over two lines: too narrow on the first line for the label.
    assert!(text.contains("call at TP TP: mother ."), "{text}");
    for name in [
        "Sharon",
        "Darren",
        "Pike",
        "Tyler",
        "Zofia",
        "Wiśniewska",
        "07700",
    ] {
        assert!(!text.contains(name), "{name} in {text}");
    }
    // The labels are set in a font embedded in the file (the pack's face, with a Unicode map),
    // not a standard font a reader must substitute (the page stamp's Helvetica is apart).
    let fonts = tool(dir.path(), "pdffonts", &[], letter);
    assert!(
        fonts
            .lines()
            .any(|line| line.contains("+DejaVuSans") && line.contains("yes yes yes")),
        "{fonts}"
    );
    // The verifier reads the labels like any page text: a term in one would stop the record.
    let file = |bytes: &[u8]| PackFile {
        name: "records/letter.pdf".into(),
        bytes: bytes.to_vec(),
        item: None,
        pages: 1,
    };
    let mut forbidden = Forbidden {
        terms: Vec::new(),
        capitalised: Vec::new(),
        upper_case: Vec::new(),
        allowed: Vec::new(),
        pictures: Vec::new(),
        areas: Vec::new(),
    };
    let clean = sarpack::verify::verify(file(letter), &forbidden);
    assert!(clean.is_ok(), "{clean:?}");
    forbidden
        .terms
        .push(("maternal aunt".into(), "a term in a label".into()));
    let refused = sarpack::verify::verify(file(letter), &forbidden).unwrap_err();
    assert!(
        refused
            .violations
            .iter()
            .any(|violation| violation.location.contains("page")
                && violation.context.contains("maternal aunt")),
        "{:?}",
        refused.violations
    );
}
