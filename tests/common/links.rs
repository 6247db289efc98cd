//! Contents links as a reader's tools see them: the link annotations of a PDF's pages and where
//! each leads, read with `qpdf --json` (page objects, annotation dictionaries), and the words
//! under each link's rectangle, read with poppler's `pdftotext -bbox` — tools that share no code
//! with sarpack.

use std::path::Path;
use std::process::Command;

/// One link on a page: the 1-based page it sits on, the 1-based page it leads to, and the words
/// under it in reading order.
#[derive(Debug)]
pub struct SeenLink {
    pub on: usize,
    pub to: usize,
    pub words: Vec<String>,
    /// The link's alternative text (`/Contents`), what a screen reader announces.
    pub alternative: Option<String>,
}

fn number(value: &serde_json::Value) -> f64 {
    value.as_f64().unwrap()
}

/// Every link annotation on pages `1..=last` of `pdf`, in page order and then annotation order.
pub fn links(pdf: &Path, last: usize) -> Vec<SeenLink> {
    let output = Command::new("qpdf")
        .args(["--json", "--json-key=pages", "--json-key=qpdf"])
        .arg(pdf)
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let pages = json["pages"].as_array().unwrap();
    let objects = &json["qpdf"][1];
    let object = |reference: &str| &objects[format!("obj:{reference}")]["value"];
    let page_of = |reference: &str| {
        pages
            .iter()
            .find(|page| page["object"] == reference)
            .map(|page| page["pageposfrom1"].as_u64().unwrap() as usize)
            .unwrap()
    };
    let mut found = Vec::new();
    for (index, page) in pages.iter().take(last).enumerate() {
        let dictionary = object(page["object"].as_str().unwrap());
        let words = words(pdf, index + 1);
        let height = number(&dictionary["/MediaBox"][3]);
        let Some(annotations) = dictionary["/Annots"].as_array() else {
            continue;
        };
        for annotation in annotations {
            let annotation = object(annotation.as_str().unwrap());
            assert_eq!(annotation["/Subtype"], "/Link");
            assert!(annotation.get("/A").is_none(), "a link acts: {annotation}");
            let rect: Vec<f64> = annotation["/Rect"]
                .as_array()
                .unwrap()
                .iter()
                .map(number)
                .collect();
            let to = page_of(annotation["/Dest"][0].as_str().unwrap());
            let under = words
                .iter()
                .filter(|(x, y, _)| {
                    let y = height - y;
                    *x >= rect[0] && *x <= rect[2] && y >= rect[1] && y <= rect[3]
                })
                .map(|(_, _, word)| word.clone())
                .collect();
            // qpdf writes a text string as `u:` and its text.
            let alternative = annotation["/Contents"]
                .as_str()
                .map(|text| text.strip_prefix("u:").unwrap_or(text).to_string());
            found.push(SeenLink {
                on: index + 1,
                to,
                words: under,
                alternative,
            });
        }
    }
    found
}

/// The words of one page with the middle of each: (x, y from the top, word).
fn words(pdf: &Path, page: usize) -> Vec<(f64, f64, String)> {
    let page = page.to_string();
    let output = Command::new("pdftotext")
        .args(["-bbox", "-f", &page, "-l", &page])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success());
    let html = String::from_utf8(output.stdout).unwrap();
    let attribute = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    html.lines()
        .filter(|line| line.trim_start().starts_with("<word "))
        .map(|line| {
            let text_start = line.find('>').unwrap() + 1;
            let text_end = line.rfind("</word>").unwrap();
            let text = line[text_start..text_end]
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'");
            (
                (attribute(line, "xMin") + attribute(line, "xMax")) / 2.0,
                (attribute(line, "yMin") + attribute(line, "yMax")) / 2.0,
                text,
            )
        })
        .collect()
}
