//! Pages as pictures on the review page: an original PDF record's pages with every proposed
//! redaction box drawn over them, and the pack's redacted copy of any record, so a reviewer sees
//! the page, the box and the words around it, and can draw a box to redact an area.
//!
//! Pages are rasterised by poppler's `pdftoppm`, run as a program on the bytes through a pipe
//! (nothing is written to disk, so no page of a record lands outside the output folder), with a
//! time limit. It is the renderer CI already installs as the redaction tests' oracle: a
//! pure-Rust rasteriser (`hayro`) would add a font stack and a 2-D renderer to a build that must
//! stay quick on two cores, for a picture a person only looks at. When `pdftoppm` is missing the
//! page says so, loudly, and shows the record's text with its redactions highlighted instead.
//!
//! The boxes are computed here, from the same interpreter the redactor uses
//! ([`crate::pdf::boxes`]), and sent as numbers in the page's shown coordinates; the page's own
//! script draws them as SVG over the picture. A box the reviewer draws comes back in the
//! decisions file's coordinates, points from the bottom-left corner of the page as displayed
//! (crop box, turned by `/Rotate`: how `redact-area` is applied), through the map each shown
//! page carries, which the script applies to the corners it was drawn with.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::model::{Content, Item};
use crate::pdf::PdfOptions;
use crate::pdf::boxes::{self, PageFrame};

/// The longer side of a page picture, in pixels: sharp at 200% zoom on a laptop screen, and a
/// bound on the memory a huge page could take.
const LONGEST_SIDE: u32 = 1600;

/// How long one page may take to draw before the page is refused (a hostile file must not hang
/// the review, which answers one request at a time).
const RENDER_LIMIT: Duration = Duration::from_secs(60);

/// The program run; `SARPACK_PDFTOPPM` names another (tests use it to simulate a missing one).
fn program() -> String {
    std::env::var("SARPACK_PDFTOPPM").unwrap_or_else(|_| "pdftoppm".to_string())
}

/// `pdftoppm`'s version line when it can be run here, else why the page shows text instead.
pub fn renderer() -> Result<String, String> {
    let missing = || {
        format!(
            "page pictures need poppler's `{}`, which cannot be run here: install poppler-utils (apt-get install poppler-utils); until then the review shows each record's text with its redactions highlighted",
            program()
        )
    };
    let output = Command::new(program())
        .arg("-v")
        .stdin(Stdio::null())
        .output()
        .map_err(|_| missing())?;
    // pdftoppm prints its version on stderr and exits 0 (older releases 99).
    let text = String::from_utf8_lossy(&output.stderr);
    let first = text.lines().next().unwrap_or("").trim().to_string();
    if first.contains("pdftoppm") {
        Ok(first)
    } else {
        Err(missing())
    }
}

/// One page of a PDF as a PNG.
pub fn render_png(bytes: &[u8], page: u32) -> Result<Vec<u8>, String> {
    let mut child = Command::new(program())
        .args(["-png", "-cropbox", "-singlefile", "-scale-to"])
        .arg(LONGEST_SIDE.to_string())
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run `{}`: {error}", program()))?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let input = bytes.to_vec();
    // Write and read on threads, so a large page cannot fill a pipe and stall both sides.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("stdout was piped");
    let reader = std::thread::spawn(move || {
        let mut png = Vec::new();
        let _ = stdout.read_to_end(&mut png);
        png
    });
    let mut stderr = child.stderr.take().expect("stderr was piped");
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let deadline = Instant::now() + RENDER_LIMIT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "drawing page {page} took longer than {} seconds and was stopped",
                    RENDER_LIMIT.as_secs()
                ));
            }
            Err(error) => return Err(format!("`{}` failed: {error}", program())),
        }
    };
    let _ = writer.join();
    let png = reader.join().unwrap_or_default();
    let errors = errors.join().unwrap_or_default();
    if !status.success() || !png.starts_with(b"\x89PNG") {
        let said = String::from_utf8_lossy(&errors);
        return Err(format!(
            "`{}` could not draw page {page}: {}",
            program(),
            said.lines().next().unwrap_or("no picture came back")
        ));
    }
    Ok(png)
}

/// The bytes of an original PDF record, read again from the store (or from the email that
/// carries it); `None` for a record that is not a PDF.
pub fn original_bytes(item: &Item) -> Option<Result<Vec<u8>, String>> {
    let Content::Pdf {
        path, attachment, ..
    } = &item.content
    else {
        return None;
    };
    Some(
        std::fs::read(path)
            .map_err(|error| format!("cannot read `{}` again: {error}", path.display()))
            .and_then(|bytes| match attachment {
                Some(number) => crate::store::attachment_bytes(&bytes, *number),
                None => Ok(bytes),
            }),
    )
}

/// The bytes of a record's file in the pack, read from the zip in memory.
pub fn pack_bytes(zip: &Path, file: &str) -> Result<Vec<u8>, String> {
    let opened = std::fs::File::open(zip)
        .map_err(|error| format!("cannot open the pack `{}`: {error}", zip.display()))?;
    let mut archive = zip::ZipArchive::new(opened)
        .map_err(|error| format!("cannot read the pack `{}`: {error}", zip.display()))?;
    let mut entry = archive
        .by_name(file)
        .map_err(|_| format!("the pack has no `{file}`"))?;
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read `{file}` from the pack: {error}"))?;
    Ok(bytes)
}

/// A page as the review page draws it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShownPage {
    pub page: u32,
    /// The page as shown, in points (the SVG's view box); the picture is scaled to fit it.
    pub width: f64,
    pub height: f64,
    /// `[a, b, c, d, e, f]`: a shown point (u, v) is (a*u + c*v + e, b*u + d*v + f) in the
    /// decisions file's `box` coordinates: points from the bottom-left corner of the page as
    /// displayed (its crop box, turned by `/Rotate`), as the pipeline applies `redact-area`.
    pub to_pdf: [f64; 6],
    pub boxes: Vec<ShownBox>,
    /// The areas a person already asked to redact on this page (`redact-area` decisions),
    /// `[left, top, right, bottom]` in shown points.
    pub areas: Vec<[f64; 4]>,
}

/// A proposed redaction's box on a shown page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ShownBox {
    /// `[left, top, right, bottom]` in shown points from the top left.
    pub rect: [f64; 4],
    /// Index into the record's findings (its code, state and text).
    pub finding: usize,
}

fn shown_page(frame: &PageFrame, boxes: Vec<ShownBox>, areas: &[(u32, [f64; 4])]) -> ShownPage {
    let (width, height) = frame.shown_size();
    ShownPage {
        page: frame.number,
        width,
        height,
        // Shown and displayed differ only in which way y runs.
        to_pdf: [1.0, 0.0, 0.0, -1.0, 0.0, height],
        boxes,
        areas: areas
            .iter()
            .filter(|(page, _)| *page == frame.number)
            .map(|(_, [x0, y0, x1, y1])| {
                [*x0, height - y1, *x1, height - y0].map(|value| round(value, 2))
            })
            .collect(),
    }
}

/// An original PDF's pages with the boxes of `spans` (start, end, finding) drawn on them.
pub fn original_pages(
    bytes: &[u8],
    item: &Item,
    spans: &[(usize, usize, usize)],
    areas: &[(u32, [f64; 4])],
) -> Result<Vec<ShownPage>, String> {
    let Content::Pdf {
        pages, pictures, ..
    } = &item.content
    else {
        return Ok(Vec::new());
    };
    let options = PdfOptions::default();
    let frames = boxes::page_frames(bytes, &options).map_err(|problem| problem.reason)?;
    let ranges: Vec<(usize, usize)> = spans.iter().map(|&(start, end, _)| (start, end)).collect();
    let found = boxes::span_boxes(bytes, pages, &ranges, pictures, &options)
        .map_err(|problem| problem.reason)?;
    Ok(frames
        .iter()
        .map(|frame| {
            let boxes = found
                .iter()
                .filter(|found| found.page == frame.number)
                .map(|found| ShownBox {
                    rect: frame.user_to_shown(found.rect).map(|value| round(value, 2)),
                    finding: spans[found.span].2,
                })
                .collect();
            shown_page(frame, boxes, areas)
        })
        .collect())
}

/// The pages of a record's redacted copy in the pack (its boxes are drawn into the file);
/// `areas` are drawn on it for a record sarpack typesets, whose areas are on the pack's pages.
pub fn redacted_pages(bytes: &[u8], areas: &[(u32, [f64; 4])]) -> Result<Vec<ShownPage>, String> {
    let frames =
        boxes::page_frames(bytes, &PdfOptions::default()).map_err(|problem| problem.reason)?;
    Ok(frames
        .iter()
        .map(|frame| shown_page(frame, Vec::new(), areas))
        .collect())
}

/// One page of a PDF as displayed, `[0, 0, width, height]` in points, for checking a drawn area.
pub fn page_box(bytes: &[u8], id: &str, page: u32) -> Result<[f64; 4], String> {
    let frames =
        boxes::page_frames(bytes, &PdfOptions::default()).map_err(|problem| problem.reason)?;
    frames
        .iter()
        .find(|frame| frame.number == page)
        .map(|frame| {
            let (width, height) = frame.shown_size();
            [0.0, 0.0, width, height]
        })
        .ok_or_else(|| format!("{id} has no page {page} (it has {})", frames.len()))
}

fn round(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_in_points_from_the_bottom_left_of_the_page_as_displayed() {
        // A page turned a quarter: shown 800 wide and 600 high whatever its crop box.
        let frame = PageFrame {
            number: 2,
            crop: [10.0, 20.0, 610.0, 820.0],
            rotate: 90,
        };
        let page = shown_page(
            &frame,
            Vec::new(),
            &[(2, [100.0, 50.0, 300.0, 150.0]), (1, [0.0; 4])],
        );
        assert_eq!((page.width, page.height), (800.0, 600.0));
        // The shown top-left corner is (0, height) as displayed.
        let [a, b, c, d, e, f] = page.to_pdf;
        assert_eq!((a * 0.0 + c * 0.0 + e, b * 0.0 + d * 0.0 + f), (0.0, 600.0));
        assert_eq!(
            (a * 100.0 + c * 450.0 + e, b * 100.0 + d * 450.0 + f),
            (100.0, 150.0)
        );
        // An area asked for on this page is drawn from the top left, y downwards.
        assert_eq!(page.areas, [[100.0, 450.0, 300.0, 550.0]]);
    }
}
