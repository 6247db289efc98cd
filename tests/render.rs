//! The typesetter checked the way a recipient reads its output: poppler's `pdftotext` must give
//! back every word exactly (names with diacritics, curly quotes), redaction boxes must show their
//! code and nothing else, `qpdf --check` must be clean, and the output must be byte-identical run
//! to run.

use std::process::Command;

use sarpack::model::Code;
use sarpack::render::{Block, Layout, Run, render};

fn write_temp(bytes: &[u8]) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    file
}

/// Text of the whole document (or one page) as poppler extracts it.
fn pdftotext(bytes: &[u8], page: Option<u32>) -> String {
    let file = write_temp(bytes);
    let mut command = Command::new("pdftotext");
    command.arg("-enc").arg("UTF-8");
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let output = command.arg(file.path()).arg("-").output().unwrap();
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    String::from_utf8(output.stdout).unwrap()
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

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn tricky_layout() -> Layout {
    Layout {
        blocks: vec![
            Block::Title("Case note — home visit".into()),
            Block::Fields(vec![
                ("Date".into(), "Friday 4 December 2026".into()),
                ("Author".into(), "Siobhán O'Brien, social worker".into()),
            ]),
            Block::Heading("What happened".into()),
            Block::Paragraph(vec![
                Run::Text(
                    "Visited Zoë at home with Ms Wiśniewska. Zoë said “I want to stay here” and "
                        .into(),
                ),
                Run::Redaction(Code("TP".into())),
                Run::Text(" agreed. Then ".into()),
                Run::Bold("Siobhán O’Brien".into()),
                Run::Text(" rang ".into()),
                Run::Redaction(Code("TP-SRC".into())),
                Run::Text(". £20 given for bus fares; the café was closed.".into()),
            ]),
        ],
        landscape: false,
    }
}

#[test]
fn tricky_names_and_quotes_extract_exactly() {
    let layout = tricky_layout();
    let (bytes, pages) = render(&layout).unwrap();
    assert_eq!(pages, 1);
    let text = pdftotext(&bytes, None);
    let extracted = words(&text).join(" ");
    for expected in [
        "Case note — home visit",
        "Friday 4 December 2026",
        "Siobhán O'Brien, social worker",
        "Visited Zoë at home with Ms Wiśniewska.",
        "Zoë said “I want to stay here” and",
        "Siobhán O’Brien",
        "£20 given for bus fares; the café was closed.",
    ] {
        assert!(
            extracted.contains(expected),
            "`{expected}` missing from extracted text:\n{text}"
        );
    }
    // Every kept word appears exactly; the boxes extract as their code only.
    assert!(extracted.contains("and TP agreed."), "{text}");
    assert!(extracted.contains("rang TP-SRC ."), "{text}");
}

#[test]
fn output_is_valid_and_byte_identical() {
    let layout = tricky_layout();
    let (first, _) = render(&layout).unwrap();
    let (second, _) = render(&layout).unwrap();
    assert!(first == second, "two renders of the same layout differ");
    qpdf_check(&first);
    // No metadata about the producer anywhere: the document information holds the title alone
    // (what a screen reader announces), never a producer, author or time.
    let raw = String::from_utf8_lossy(&first);
    for forbidden in [
        "/Producer",
        "/Creator",
        "/Author",
        "/CreationDate",
        "/ModDate",
        "/Metadata",
        "lopdf",
    ] {
        assert!(!raw.contains(forbidden), "{forbidden} in output");
    }
}

/// Finds the filled rectangles of the first page by decompressing it with qpdf.
fn filled_boxes(bytes: &[u8]) -> Vec<f32> {
    let file = write_temp(bytes);
    let out = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    let status = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(file.path())
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let qdf = std::fs::read(out.path()).unwrap();
    let text = String::from_utf8_lossy(&qdf);
    let mut widths = Vec::new();
    for line in text.lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if parts.len() == 6 && parts[4] == "re" && parts[5] == "f" {
            widths.push(parts[2].parse::<f32>().unwrap());
        }
    }
    widths
}

#[test]
fn redaction_box_width_depends_on_the_code_only() {
    // The renderer never receives removed text, so the same code must give the same box
    // whatever surrounds it, and a longer code a wider box.
    let layout_with = |before: &str, code: &str| Layout {
        blocks: vec![Block::Paragraph(vec![
            Run::Text(before.into()),
            Run::Redaction(Code(code.into())),
            Run::Text(" after".into()),
        ])],
        landscape: false,
    };
    let a = filled_boxes(&render(&layout_with("Short ", "TP")).unwrap().0);
    let b = filled_boxes(
        &render(&layout_with("A much longer sentence before it ", "TP"))
            .unwrap()
            .0,
    );
    let c = filled_boxes(&render(&layout_with("Short ", "TP-SRC")).unwrap().0);
    assert_eq!(a.len(), 1);
    assert_eq!(a, b);
    assert!(c[0] > a[0]);
    let text = pdftotext(&render(&layout_with("Short ", "TP")).unwrap().0, None);
    assert_eq!(words(&text), ["Short", "TP", "after"]);
}

#[test]
fn twenty_page_note_paginates_and_keeps_every_word() {
    let mut blocks = vec![Block::Title("Long running record".into())];
    let mut expected = Vec::new();
    for paragraph in 0..160 {
        let mut text = String::new();
        for word in 0..60 {
            let token = format!("p{paragraph}w{word}");
            text.push_str(&token);
            text.push(' ');
            expected.push(token);
        }
        blocks.push(Block::Paragraph(vec![Run::Text(text)]));
    }
    let (bytes, pages) = render(&Layout {
        blocks,
        landscape: false,
    })
    .unwrap();
    assert!((18..=24).contains(&pages), "{pages} pages");
    qpdf_check(&bytes);
    let text = pdftotext(&bytes, None);
    let got: Vec<&str> = words(&text)
        .into_iter()
        .filter(|w| w.starts_with('p'))
        .collect();
    assert_eq!(got, expected);
    // pdftotext separates pages with form feeds: one per page.
    assert_eq!(text.matches('\u{c}').count() as u32, pages);
}

#[test]
fn table_header_repeats_on_every_page() {
    let rows: Vec<Vec<String>> = (1..=150)
        .map(|n| {
            vec![
                n.to_string(),
                "2019-04-02".into(),
                format!("Home visit by the allocated social worker, entry number {n}, which has a long description that wraps"),
                "disclosed".into(),
            ]
        })
        .collect();
    let layout = Layout {
        blocks: vec![Block::Table {
            headers: vec![
                "No.".into(),
                "Date".into(),
                "Description".into(),
                "Outcome".into(),
            ],
            widths: vec![0.08, 0.15, 0.57, 0.2],
            rows,
        }],
        landscape: true,
    };
    let (bytes, pages) = render(&layout).unwrap();
    assert!(pages >= 3, "{pages}");
    qpdf_check(&bytes);
    for page in 1..=pages {
        let text = pdftotext(&bytes, Some(page));
        assert!(text.contains("Description"), "page {page} lacks the header");
    }
    let all = pdftotext(&bytes, None);
    for n in [1, 75, 150] {
        assert!(all.contains(&format!("entry number {n},")), "row {n}");
    }
}

#[test]
fn missing_glyphs_are_replaced_not_fatal() {
    let layout = Layout {
        blocks: vec![Block::Paragraph(vec![Run::Text(
            "名前 Zoë \u{7}end \u{FFFD} \u{1F389}".into(),
        )])],
        landscape: false,
    };
    let (bytes, _) = render(&layout).unwrap();
    qpdf_check(&bytes);
    let text = pdftotext(&bytes, None);
    assert_eq!(
        words(&text),
        ["[U+540D][U+524D]", "Zoë", "end", "[?]", "[U+1F389]"]
    );
}

/// A redaction box right before a word, no space between (as a redaction before "'s" or a word
/// glued to a name gives), reads as the code and the word. Session 18 saw "[A]a" read as "Aa"
/// and kept it as a known defect; it is poppler's reading of a line whose every word is one
/// character as letter-spaced text, whatever made the PDF: the plain text "A a" reads "Aa" from
/// this typesetter without any box, and from fpdf2 (PyPI, Helvetica) too, while "A a went home"
/// reads as four words. So the box is read right wherever the line holds a longer word.
#[test]
fn a_box_right_before_a_word_reads_as_two_words() {
    for (code, word) in [
        ("A", "a went home"),
        ("TP", "was here today"),
        ("TP", "’s mum said"),
        ("TP", "s mum said"),
    ] {
        let layout = Layout {
            blocks: vec![Block::Paragraph(vec![
                Run::Redaction(Code(code.into())),
                Run::Text(format!("{word} ")),
            ])],
            landscape: false,
        };
        let (bytes, _) = render(&layout).unwrap();
        let text = pdftotext(&bytes, None);
        let mut expected = vec![code];
        expected.extend(word.split(' '));
        assert_eq!(words(&text), expected, "{text:?}");
    }
}

#[test]
fn empty_layout_gives_one_blank_page() {
    let (bytes, pages) = render(&Layout::default()).unwrap();
    assert_eq!(pages, 1);
    qpdf_check(&bytes);
}

/// Writes the sample documents for a person to look at (`SARPACK_RENDER_DUMP=dir`).
#[test]
fn dump_samples_when_asked() {
    let Ok(dir) = std::env::var("SARPACK_RENDER_DUMP") else {
        return;
    };
    std::fs::write(
        format!("{dir}/tricky.pdf"),
        render(&tricky_layout()).unwrap().0,
    )
    .unwrap();
}

/// A second, independent extractor (lopdf's own text extraction, which reads the ToUnicode
/// CMap differently from poppler) must agree on the names.
#[test]
fn lopdf_extracts_the_same_names() {
    let (bytes, _) = render(&tricky_layout()).unwrap();
    let document = lopdf::Document::load_mem(&bytes).unwrap();
    let text = document.extract_text(&[1]).unwrap();
    for name in [
        "Wiśniewska",
        "Siobhán O’Brien",
        "Zoë",
        "“I want to stay here”",
    ] {
        assert!(
            text.contains(name),
            "`{name}` missing from lopdf text: {text}"
        );
    }
}

mod roundtrip {
    use super::*;
    use proptest::prelude::*;

    fn run() -> impl Strategy<Value = (Run, String)> {
        // No `-`: pdftotext joins a line ending in a hyphen with the next (dehyphenation).
        // Words of two characters or more, codes of two letters or more: poppler reads a line
        // whose every word is one character as letter-spaced text, one word ("A a" reads "Aa"),
        // whatever made the PDF (see `a_box_right_before_a_word_reads_as_two_words`).
        let text = "[a-zA-Z0-9À-ſ.,'’“”!?£]{2,12}( [a-zA-Z0-9À-ſ.,'’“”!?£]{2,12}){0,6} ";
        prop_oneof![
            4 => text.prop_map(|t| (Run::Text(t.clone()), t)),
            1 => text.prop_map(|t| (Run::Bold(t.clone()), t)),
            1 => "[A-Z]{2,3}(-[A-Z]{1,4})?".prop_map(|c| (Run::Redaction(Code(c.clone())), format!(" {c} "))),
        ]
    }

    proptest! {
        // A fixed seed, so that CI reads the same mixes every run. Session 18's CI drew a line
        // of one-character words ("[A]a"), which poppler reads as one word; the words and codes
        // drawn are now two characters or more (see `run`), and 4,000 mixes drawn with new
        // seeds each (session 19) all read back right.
        #![proptest_config(ProptestConfig {
            cases: 64,
            rng_seed: proptest::test_runner::RngSeed::Fixed(20261207),
            ..ProptestConfig::default()
        })]

        /// Whatever the mix of runs, poppler reads back exactly the words that were set, with
        /// each redaction box as its code.
        #[test]
        fn words_survive_typesetting(paragraphs in prop::collection::vec(prop::collection::vec(run(), 1..12), 1..6)) {
            let mut expected = String::new();
            let mut blocks = Vec::new();
            for paragraph in paragraphs {
                let mut runs = Vec::new();
                for (run, text) in paragraph {
                    runs.push(run);
                    expected.push_str(&text);
                }
                expected.push(' ');
                blocks.push(Block::Paragraph(runs));
            }
            let (bytes, _) = render(&Layout { blocks, landscape: false }).unwrap();
            let text = pdftotext(&bytes, None);
            prop_assert_eq!(words(&text), words(&expected));
        }

        /// Any text at all (controls, unpaired marks, scripts the font lacks, huge words) is
        /// typeset without error and gives a valid PDF.
        #[test]
        fn any_text_renders(texts in prop::collection::vec(any::<String>(), 1..8), code in any::<String>()) {
            let mut runs: Vec<Run> = texts.iter().cloned().map(Run::Text).collect();
            runs.push(Run::Redaction(Code(code)));
            let layout = Layout {
                blocks: vec![
                    Block::Title(texts[0].clone()),
                    Block::Paragraph(runs),
                    Block::Fields(vec![(texts[0].clone(), texts[texts.len() - 1].clone())]),
                    Block::Table { headers: vec![texts[0].clone()], widths: vec![f32::NAN], rows: vec![texts.clone()[..1].to_vec()] },
                ],
                landscape: false,
            };
            let (bytes, pages) = render(&layout).unwrap();
            prop_assert!(pages >= 1);
            prop_assert!(lopdf::Document::load_mem(&bytes).is_ok());
        }
    }
}
