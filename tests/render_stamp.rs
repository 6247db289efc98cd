//! `pack::stamp` on PDFs from other producers (LibreOffice, pdflatex, Ghostscript PDF/A, fpdf2)
//! and on awkward geometry (moved origin, rotation, crop box, inherited indirect resources,
//! content that leaves its graphics state changed). Checked with poppler's `pdftotext`: the stamp
//! is on every page with the right number, and the original text is unchanged; `qpdf --check`
//! stays clean; the output is deterministic; `pdffonts` finds the stamp's font embedded.

use std::path::Path;
use std::process::Command;

use sarpack::model::Code;
use sarpack::pack::stamp::{stamp, stamp_labels};
use sarpack::render::{Block, Layout, Run, render};

const REFERENCE: &str = "SAR-2026-0001";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/stamp")
            .join(name),
    )
    .unwrap()
}

fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    file
}

/// Page texts as poppler extracts them (pages separated by form feeds).
fn page_texts(bytes: &[u8]) -> Vec<String> {
    let file = write_temp(bytes);
    let output = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(file.path())
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success(), "pdftotext: {output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    pages.pop(); // after the last form feed
    pages
}

fn qpdf_check(bytes: &[u8]) {
    let file = write_temp(bytes);
    let output = Command::new("qpdf")
        .arg("--check")
        .arg(file.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && !stdout.contains("WARNING"),
        "qpdf --check: {stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stamps `original` from `first` and checks each page against the unstamped text.
fn check_stamped(original: &[u8], first: u32) {
    check_stamped_with(original, first, true);
}

/// `in_order`: the page's words must come out in the same order. Without it, only the same
/// characters (poppler may order the blocks of a busy page differently once a footer is added).
fn check_stamped_with(original: &[u8], first: u32, in_order: bool) {
    let stamped = stamp(original, REFERENCE, first).unwrap();
    qpdf_check(&stamped);
    assert_eq!(
        stamped,
        stamp(original, REFERENCE, first).unwrap(),
        "not deterministic"
    );
    let before = page_texts(original);
    let after = page_texts(&stamped);
    assert_eq!(before.len(), after.len());
    for (index, (before, after)) in before.iter().zip(&after).enumerate() {
        let label = format!("{REFERENCE} · page {}", first + index as u32);
        let after = normalise(after);
        assert_eq!(
            after.matches(&label).count(),
            1,
            "page {}: {after}",
            index + 1
        );
        // Removing the stamp gives back exactly the original text: nothing else was added.
        let rest = normalise(&after.replacen(&label, " ", 1));
        if in_order {
            assert_eq!(rest, normalise(before), "page {} text changed", index + 1);
        } else {
            // Compare the characters, leaving out spaces and bidi controls, whose placement
            // poppler decides from the layout (right-to-left text next to a new line).
            let bag = |text: &str| {
                let mut chars: Vec<char> = text
                    .chars()
                    .filter(|c| !c.is_whitespace() && !('\u{202A}'..='\u{202E}').contains(c))
                    .collect();
                chars.sort_unstable();
                chars
            };
            let (rest, before) = (bag(&rest), bag(before));
            assert_eq!(rest, before, "page {} characters changed", index + 1);
        }
    }
}

#[test]
fn stamps_libreoffice_pdf() {
    check_stamped(&fixture("libreoffice-writer.pdf"), 1);
}

#[test]
fn stamps_pdflatex_pdf_with_continuous_numbers() {
    check_stamped(&fixture("pdflatex-4-pages.pdf"), 12);
}

#[test]
fn stamps_ghostscript_pdfa() {
    check_stamped(&fixture("ghostscript-pdfa.pdf"), 7);
}

#[test]
fn stamps_fpdf2_pdf_with_annotations() {
    check_stamped(&fixture("fpdf2-annotations.pdf"), 3);
}

#[test]
fn stamps_rotated_moved_and_cropped_pages() {
    let original = fixture("awkward-geometry.pdf");
    check_stamped(&original, 100);
    // The stamp must read horizontally as displayed, near the bottom edge: poppler's bounding
    // boxes are in displayed coordinates.
    let stamped = stamp(&original, REFERENCE, 100).unwrap();
    let file = write_temp(&stamped);
    let output = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(file.path())
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    // Where the displayed bottom edge is, in poppler's coordinates (y down from the top of the
    // media box as displayed): page 1 media box 792 high; page 2 turned 90 degrees, so its
    // width (595) is its displayed height; page 3 turned 270 degrees with its crop box's left
    // edge at x = 50, which is 545 down; page 4 upside down, 842 high.
    let bottoms = [792.0f32, 595.0, 545.0, 842.0];
    let mut pages = 0;
    for (page, bottom) in html.split("<page ").skip(1).zip(bottoms) {
        pages += 1;
        let attribute = |text: &str, name: &str| -> f32 {
            let start = text.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = text[start..].find('"').unwrap() + start;
            text[start..end].parse().unwrap()
        };
        let word = page
            .split("<word ")
            .find(|w| w.contains(">SAR-2026-0001<"))
            .unwrap();
        let (x_min, x_max) = (attribute(word, "xMin"), attribute(word, "xMax"));
        let (y_min, y_max) = (attribute(word, "yMin"), attribute(word, "yMax"));
        assert!(
            y_max > bottom - 30.0 && y_max < bottom,
            "page {pages}: y {y_min}..{y_max}, bottom {bottom}"
        );
        // Horizontal as displayed: wider than tall.
        assert!(
            x_max - x_min > y_max - y_min,
            "page {pages}: stamp not horizontal"
        );
    }
    assert_eq!(pages, 4);
}

#[test]
fn stamps_our_own_output_and_keeps_redaction_labels() {
    let layout = Layout {
        blocks: vec![
            Block::Paragraph(vec![
                Run::Text("Zoë met ".into()),
                Run::Redaction(Code("TP".into())),
                Run::Text(" in the café.".into()),
            ]),
            Block::PageBreak,
            Block::Paragraph(vec![Run::Text("Second page by Siobhán O’Brien.".into())]),
        ],
        landscape: false,
    };
    let (bytes, pages) = render(&layout).unwrap();
    assert_eq!(pages, 2);
    check_stamped(&bytes, 41);
}

/// Whether `tool` is here; says so loudly when not, and fails under CI.
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

/// `pdffonts`' rows as (name, embedded).
fn fonts(bytes: &[u8]) -> Vec<(String, bool)> {
    let file = write_temp(bytes);
    let output = Command::new("pdffonts").arg(file.path()).output().unwrap();
    assert!(output.status.success(), "pdffonts: {output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .skip(2)
        .map(|line| {
            // name type... encoding emb sub uni object generation: the type may hold spaces.
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields[0].to_string(), fields[fields.len() - 5] == "yes")
        })
        .collect()
}

/// PDF/UA and archival practice want every font embedded: the pack footer and a bundle's page
/// numbers are set in the pack's own DejaVu Sans, subset into the file (they were base-14
/// Helvetica, which `pdffonts` lists as not embedded), and still read back as written.
#[test]
fn stamps_are_set_in_an_embedded_font_and_read_back() {
    if !have(
        "pdffonts",
        "stamps_are_set_in_an_embedded_font_and_read_back",
    ) {
        return;
    }
    let original = fixture("libreoffice-writer.pdf");
    let before = fonts(&original);
    let stamped = stamp(&original, REFERENCE, 7).unwrap();
    let labelled = stamp_labels(&stamped, &["B3".to_string()]).unwrap();
    qpdf_check(&labelled);
    let after = fonts(&labelled);
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    assert!(after.iter().all(|(_, embedded)| *embedded), "{after:?}");
    let added: Vec<&str> = after[before.len()..]
        .iter()
        .map(|(name, _)| name.split_once('+').map_or(name.as_str(), |(_, base)| base))
        .collect();
    assert_eq!(added, ["DejaVuSans", "DejaVuSans-Bold"]);
    let text = normalise(&page_texts(&labelled)[0]);
    assert!(text.contains("SAR-2026-0001 · page 7"), "{text}");
    assert!(text.contains("B3"), "{text}");
}

#[test]
fn rejects_what_is_not_a_pdf() {
    assert!(stamp(b"not a pdf", REFERENCE, 1).is_err());
}

/// Writes stamped fixtures for a person to look at (`SARPACK_RENDER_DUMP=dir`).
#[test]
fn dump_stamped_when_asked() {
    let Ok(dir) = std::env::var("SARPACK_RENDER_DUMP") else {
        return;
    };
    for name in ["awkward-geometry.pdf", "libreoffice-writer.pdf"] {
        let stamped = stamp(&fixture(name), REFERENCE, 1).unwrap();
        std::fs::write(format!("{dir}/stamped-{name}"), stamped).unwrap();
    }
}

/// Stamps every PDF under `SARPACK_STAMP_CORPUS` (e.g. the shared pypdf sample files) and checks
/// each like the fixtures above; encrypted or unreadable files must be refused, not mangled.
#[test]
fn stamps_a_corpus_when_asked() {
    let Ok(dir) = std::env::var("SARPACK_STAMP_CORPUS") else {
        return;
    };
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "pdf"))
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        match stamp(&bytes, REFERENCE, 1) {
            Ok(_) => {
                eprintln!("checking {}", path.display());
                check_stamped_with(&bytes, 1, false);
            }
            Err(error) => eprintln!("refused {}: {error}", path.display()),
        }
    }
}
