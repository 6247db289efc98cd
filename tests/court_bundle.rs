//! A court-disclosure request (issue 17): the sample store answered with one paginated bundle,
//! read the way the court's tools read it — poppler's `pdftotext` page by page for the index and
//! the section page numbers stamped on each page, `qpdf --check` for the structure and `qpdf
//! --json` for the page labels (tools that share no code with sarpack) — and checked for the
//! list of documents not included and for every third party's details in the register.

#[path = "common/links.rs"]
mod links;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// The sample's request made a court-disclosure request, written into `dir`.
fn court_request(dir: &Path) -> PathBuf {
    let sample = root().join("samples/jade-carter");
    let text = std::fs::read_to_string(sample.join("request.toml"))
        .unwrap()
        .replace(
            "kind = \"subject-access\"",
            &format!(
                "kind = \"court-disclosure\"\norganisation_profile = \"{}\"",
                sample.join("organisation.toml").display()
            ),
        )
        .replace(
            "store = \"store\"",
            &format!("store = \"{}\"", sample.join("store").display()),
        );
    assert!(text.contains("court-disclosure"));
    let path = dir.join("request.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Runs sarpack; returns what it said on standard error.
fn run(request: &Path, out: &Path, extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .arg("run")
        .arg(request)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{said}");
    said
}

/// The notice a run gives when it makes a bundle without a case to put on its front sheet.
const NO_FRONT_SHEET: &str = "the court bundle has no front sheet: the request has no `[court]`";

/// The text of each page, as `pdftotext -layout` reads it.
fn pages(pdf: &Path, count: usize) -> Vec<String> {
    (1..=count)
        .map(|page| {
            let page = page.to_string();
            let output = Command::new("pdftotext")
                .args(["-layout", "-f", &page, "-l", &page])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            assert!(output.status.success());
            String::from_utf8(output.stdout).unwrap()
        })
        .collect()
}

fn page_count(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(output.stdout).unwrap();
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// A section page number: a capital letter and a number ("B12").
fn is_label(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && word.len() > 1
        && chars.all(|c| c.is_ascii_digit())
}

/// The section page number stamped on a page: the last word of its last line that has one.
fn stamped(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .filter_map(|line| line.split_whitespace().last())
        .find(|word| is_label(word))
        .map(str::to_string)
}

/// The PDF's page labels as qpdf reads them: one per page.
fn page_labels(pdf: &Path, count: usize) -> Vec<String> {
    let output = Command::new("qpdf")
        .args(["--json", "--json-key=pagelabels"])
        .arg(pdf)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ranges = json["pagelabels"].as_array().unwrap();
    (0..count)
        .map(|page| {
            let range = ranges
                .iter()
                .rev()
                .find(|range| range["index"].as_u64().unwrap() as usize <= page)
                .unwrap();
            let label = &range["label"];
            let offset = page - range["index"].as_u64().unwrap() as usize;
            let start = label["/St"].as_u64().unwrap_or(1) as usize;
            let prefix = label["/P"]
                .as_str()
                .map(|prefix| prefix.trim_start_matches("u:").to_string())
                .unwrap_or_default();
            match label["/S"].as_str() {
                Some("/D") => format!("{prefix}{}", start + offset),
                Some("/r") => format!("{prefix}r{}", start + offset),
                other => panic!("unexpected label style {other:?}"),
            }
        })
        .collect()
}

/// Every index line with a date: (tab, description, first page, last page) per section letter.
fn index_rows(index: &str) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for line in index.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(last) = words.last() else { continue };
        let (first, end) = match last.split_once('–') {
            Some((first, end)) => (first, end),
            None => (*last, *last),
        };
        if words.len() > 2 && words[0].parse::<u32>().is_ok() && is_label(first) && is_label(end) {
            rows.push((line.to_string(), first.to_string(), end.to_string()));
        }
    }
    rows
}

#[test]
fn a_court_disclosure_is_one_bundle_with_an_index_that_matches_the_stamped_page_numbers() {
    let test =
        "a_court_disclosure_is_one_bundle_with_an_index_that_matches_the_stamped_page_numbers";
    if !have("pdftotext", test) || !have("qpdf", test) || !have("pdfinfo", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let request = court_request(dir.path());
    let out = dir.path().join("out");
    let said = run(&request, &out, &[]);
    // No `[court]`: no front sheet, and the run says so (sarpack never makes a case up).
    assert!(said.contains(NO_FRONT_SHEET), "{said}");
    let bundle = out.join("v1/SAR-2026-0001-bundle.pdf");
    assert!(bundle.is_file(), "no bundle");
    assert!(
        !out.join("v1/SAR-2026-0001-disclosure-pack.zip").exists(),
        "the zip is written only with --separate"
    );
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let count = page_count(&bundle);
    let texts = pages(&bundle, count);
    let labels = page_labels(&bundle, count);
    // The index comes first, labelled i, ii ...; every page after it is stamped with its
    // section page number, and the PDF's page label is the same.
    let index_pages = labels
        .iter()
        .take_while(|label| label.starts_with('r'))
        .count();
    assert!(index_pages >= 1, "{labels:?}");
    assert!(texts[0].contains("Bundle index — SAR-2026-0001"));
    let mut stamps = BTreeMap::new();
    for page in index_pages..count {
        let stamp =
            stamped(&texts[page]).unwrap_or_else(|| panic!("page {} has no stamp", page + 1));
        assert_eq!(stamp, labels[page], "page {}", page + 1);
        stamps.insert(stamp, page);
    }
    assert_eq!(
        stamps.len(),
        count - index_pages,
        "a section page number is used twice"
    );
    // Sections run A1, A2 ... then B1 ...: continuous within each section.
    let mut expected = Vec::new();
    let mut previous: Option<(char, u32)> = None;
    for label in &labels[index_pages..] {
        let letter = label.chars().next().unwrap();
        let number: u32 = label[1..].parse().unwrap();
        expected.push(match previous {
            Some((before, last)) if before == letter => number == last + 1,
            Some((before, _)) => number == 1 && letter as u32 == before as u32 + 1,
            None => label == "A1",
        });
        previous = Some((letter, number));
    }
    assert!(expected.iter().all(|ok| *ok), "{labels:?}");

    // Every index row's page range is stamped on pages in the bundle, and the ranges tile each
    // section without a gap.
    let index: String = texts[..index_pages].concat();
    let rows = index_rows(&index);
    assert!(rows.len() > 40, "{index}");
    for (line, first, last) in &rows {
        let first_page = stamps
            .get(first)
            .unwrap_or_else(|| panic!("{line}: no page {first}"));
        let last_page = stamps
            .get(last)
            .unwrap_or_else(|| panic!("{line}: no page {last}"));
        assert!(first_page <= last_page, "{line}");
    }
    // Each index row is a link to the first page of its document (PD27A: a hyperlinked index).
    let links = links::links(&bundle, index_pages);
    assert_eq!(links.len(), rows.len());
    for (link, (line, first, _)) in links.iter().zip(&rows) {
        assert_eq!(link.to, stamps[first] + 1, "{line}: {link:?}");
        assert!(link.on <= index_pages, "{link:?}");
        assert!(
            link.words.last().unwrap().starts_with(first.as_str()),
            "{line}: {link:?}"
        );
        // Its alternative text is where it goes: the document's bookmark title.
        assert!(
            link.alternative
                .as_deref()
                .is_some_and(|text| text.starts_with("Go to ") && text.len() > 10),
            "{line}: {link:?}"
        );
    }
    // A few rows, read on the pages their range names.
    let page_of = |what: &str| -> &String {
        let (_, first, _) = rows
            .iter()
            .find(|(line, _, _)| line.contains(what))
            .unwrap_or_else(|| panic!("no index row for {what}"));
        &texts[stamps[first]]
    };
    let letter = page_of("Covering letter");
    assert!(letter.contains("Dear Jade Carter"));
    let (_, first, last) = rows
        .iter()
        .find(|(line, _, _)| line.contains("Covering letter"))
        .unwrap();
    assert!(
        texts[stamps[first]..=stamps[last]]
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("Enclosed is one court bundle (SAR-2026-0001-bundle.pdf)"),
        "{letter}"
    );
    assert!(page_of("Schedule of every record found").contains("Schedule"));
    assert!(page_of("Chronology").contains("Chronology — SAR-2026-0001"));
    assert!(page_of("Pathway plan ").contains("Pathway"));
    assert!(page_of("Health visitor contact").contains("Health visitor contact"));
    assert!(page_of("Case note: Strategy meeting").contains("Strategy meeting"));
    // Section headings carry the section's whole range.
    assert!(
        index.contains("Section A — Preliminary documents (A1–"),
        "{index}"
    );
    assert!(index.contains("Other documents (D1–D"), "{index}");

    // The list of documents not included is in section A, with the grounds, and one row for
    // each record withheld, referred or being checked (the internal summary's counts).
    let not_included = page_of("Documents not included");
    assert!(not_included.contains("Documents not included — SAR-2026-0001"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("v1/internal/summary.json")).unwrap())
            .unwrap();
    let counts = &summary["counts"];
    let not_shipped = ["withheld", "referred", "pending_review"]
        .iter()
        .map(|key| counts[key].as_u64().unwrap())
        .sum::<u64>();
    assert!(not_shipped > 0);
    let all_text = texts.concat();
    let grounds = ["(AGY)", "(REVIEW)", "(EDU)"];
    for code in grounds {
        assert!(all_text.contains(code), "no grounds {code}");
    }
    assert_eq!(summary["pack"], "SAR-2026-0001-bundle.pdf");
    // `sarpack verify` checks the bundle on its own, with every third party's details and
    // every string the redaction log removed.
    let verified = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .arg("verify")
        .arg(&bundle)
        .arg("--request")
        .arg(&request)
        .arg("--internal")
        .arg(out.join("v1/internal"))
        .output()
        .unwrap();
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stdout)
    );

    // No third party's name, alias, phone or address anywhere in the bundle.
    let people =
        std::fs::read_to_string(root().join("samples/jade-carter/store/people.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(people.trim_start_matches('\u{feff}').as_bytes());
    let flat = all_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut checked = 0;
    for record in reader.records() {
        let record = record.unwrap();
        if &record[5] != "third-party" || &record[8] == "yes" {
            continue;
        }
        let mut strings = vec![record[1].to_string(), record[6].to_string()];
        strings.extend(record[2].split(';').map(str::to_string));
        strings.extend(record[7].split(", ").map(str::to_string));
        for string in strings.iter().filter(|string| !string.is_empty()) {
            let found = flat.match_indices(string.as_str()).any(|(at, _)| {
                let before = flat[..at].chars().last();
                let after = flat[at + string.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            });
            assert!(!found, "the bundle holds a third party's `{string}`");
            checked += 1;
        }
    }
    assert!(checked > 15, "{checked}");
}

#[test]
fn separate_also_writes_the_zip_of_separate_records() {
    let dir = tempfile::tempdir().unwrap();
    let request = court_request(dir.path());
    let out = dir.path().join("out");
    run(&request, &out, &["--separate"]);
    assert!(out.join("v1/SAR-2026-0001-bundle.pdf").is_file());
    let zip = out.join("v1/SAR-2026-0001-disclosure-pack.zip");
    let archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.unwrap().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|name| name == "documents-not-included.pdf"),
        "{names:?}"
    );
    assert!(names.iter().any(|name| name.starts_with("records/")));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("v1/internal/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["separate"], "SAR-2026-0001-disclosure-pack.zip");
    // The bundle is what was sent: `sarpack sent` records it.
    let sent = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .arg("sent")
        .arg(&out)
        .args(["--version", "1", "--on", "2026-12-01", "--by", "Test"])
        .output()
        .unwrap();
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let sent = std::fs::read_to_string(out.join("v1/sent.json")).unwrap();
    assert!(sent.contains("SAR-2026-0001-bundle.pdf"), "{sent}");
}

#[test]
fn the_front_sheet_names_the_case_and_describes_the_parties_by_role_only() {
    let test = "the_front_sheet_names_the_case_and_describes_the_parties_by_role_only";
    if !have("pdftotext", test) || !have("pdfinfo", test) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let request = court_request(dir.path());
    let court = |parties: &str| {
        format!(
            "{}\n[court]\ncourt = \"Family Court sitting at Marbury\"\ncase_number = \"MB26C00123\"\ncase_name = \"Re J (A Child)\"\nhearing = \"2027-01-15\"\nparties = [{parties}]\n",
            std::fs::read_to_string(&request).unwrap()
        )
    };
    let with_case = dir.path().join("with-case.toml");
    std::fs::write(
        &with_case,
        court(
            "\"Applicant: Westshire County Council\", \"First respondent: the mother\", \"The child, through her children's guardian\"",
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    let said = run(&with_case, &out, &[]);
    assert!(!said.contains(NO_FRONT_SHEET), "{said}");
    let bundle = out.join("v1/SAR-2026-0001-bundle.pdf");
    let count = page_count(&bundle);
    let texts = pages(&bundle, count);
    let labels = page_labels(&bundle, count);
    // Page i: the front sheet, on its own page before the index.
    let front: String = texts[0].split_whitespace().collect::<Vec<_>>().join(" ");
    for shown in [
        "In the Family Court sitting at Marbury",
        "Case number MB26C00123",
        "Case Re J (A Child)",
        "Hearing Friday 15 January 2027",
        "Our reference SAR-2026-0001",
        "Parties Applicant: Westshire County Council First respondent: the mother The child, through her children's guardian",
    ] {
        assert!(front.contains(shown), "{shown:?} not in {front}");
    }
    assert!(!front.contains("Bundle index"), "{front}");
    assert!(
        texts[1].contains("Bundle index — SAR-2026-0001"),
        "{}",
        texts[1]
    );
    assert_eq!(labels[0], "r1", "{labels:?}");

    // A party written by name would put a third party in the bundle: the verifier stops it.
    let named = dir.path().join("named.toml");
    std::fs::write(&named, court("\"Second respondent: Darren Pike\"")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .arg("run")
        .arg(&named)
        .arg("--out")
        .arg(dir.path().join("named"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{output:?}");
    assert!(
        !dir.path()
            .join("named/v1/SAR-2026-0001-bundle.pdf")
            .exists()
    );

    // A case belongs to a court-disclosure request only.
    let access = dir.path().join("access.toml");
    std::fs::write(
        &access,
        court("").replace("kind = \"court-disclosure\"", "kind = \"subject-access\""),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sarpack"))
        .current_dir(root())
        .arg("run")
        .arg(&access)
        .arg("--out")
        .arg(dir.path().join("access"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("`court`"),
        "{output:?}"
    );
}
