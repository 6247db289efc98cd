//! A person's areas (`redact-area`, [`EmptyArea`]): the verifier's own check that each area of
//! a page that ships is empty — no text in it but the boxes' labels and the page stamp, and
//! every picture under it filled there — read from the bytes that ship through this module's
//! own interpreter (`content`) and its own reading of the picture's samples, never the
//! redactor's bookkeeping.
//!
//! A picture under an area must be what a filled picture is: 8-bit grey or RGB samples, Flate
//! or no compression, no `Decode` array or mask. Any other picture there cannot have its pixels
//! read here, so it cannot ship (fail closed); the redactor always writes a filled picture in
//! that form.

use lopdf::{Dictionary, Document, Object};

use super::content::{self, Matrix, PageScan, Rect};
use super::{Check, Streams, inherited, resolve};
use crate::model::EmptyArea;

/// The area in the page's default user space: the decision gives points from the bottom-left
/// corner of the page as displayed (crop box, else media box, turned clockwise by `/Rotate`).
fn user_space(document: &Document, page: &Dictionary, area: &EmptyArea) -> Rect {
    let page_box = [&b"CropBox"[..], b"MediaBox"]
        .into_iter()
        .find_map(|key| match inherited(document, page, key) {
            Some(Object::Array(values)) if values.len() == 4 => {
                let numbers: Vec<f64> = values
                    .iter()
                    .map(|value| match resolve(document, value) {
                        Object::Integer(number) => *number as f64,
                        Object::Real(number) => f64::from(*number),
                        _ => 0.0,
                    })
                    .collect();
                Some([
                    numbers[0].min(numbers[2]),
                    numbers[1].min(numbers[3]),
                    numbers[0].max(numbers[2]),
                    numbers[1].max(numbers[3]),
                ])
            }
            _ => None,
        })
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let rotate = match inherited(document, page, b"Rotate") {
        Some(Object::Integer(degrees)) => degrees.rem_euclid(360) / 90 * 90,
        _ => 0,
    };
    let (width, height) = (page_box[2] - page_box[0], page_box[3] - page_box[1]);
    // Displayed (x, y) to (u, v) from the crop box's corner, for each quarter turn.
    let turn = |x: f64, y: f64| match rotate {
        90 => (width - y, x),
        180 => (width - x, height - y),
        270 => (y, height - x),
        _ => (x, y),
    };
    let [x0, y0, x1, y1] = area.rect;
    let (a, b) = (turn(x0, y0), turn(x1, y1));
    Rect {
        x0: page_box[0] + a.0.min(b.0),
        y0: page_box[1] + a.1.min(b.1),
        x1: page_box[0] + a.0.max(b.0),
        y1: page_box[1] + a.1.max(b.1),
    }
}

/// Letters and digits of `text`, every space and line break taken out.
fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What is left of the text in an area once the labels and the page stamp (its words, then the
/// page number) are taken out.
fn unexplained(text: &str, area: &EmptyArea) -> String {
    let mut left = compact(text);
    if let Some(footer) = &area.footer {
        let footer = compact(footer);
        while let Some(at) = left.find(&footer) {
            let end = at + footer.len();
            let digits = left[end..].chars().take_while(char::is_ascii_digit).count();
            left.replace_range(at..end + digits, "");
        }
    }
    let mut labels: Vec<String> = area.allowed.iter().map(|label| compact(label)).collect();
    // Longest first, so "TP:mother" goes before "TP" can split it.
    labels.sort_by_key(|label| std::cmp::Reverse(label.len()));
    for label in labels.iter().filter(|label| !label.is_empty()) {
        // A box shows its whole label, its bare code (also listed) or nothing: never a part.
        left = left.replace(label.as_str(), "");
    }
    left
}

/// Checks one area of page `number` against what the page shows.
pub(super) fn check_area(
    check: &mut Check,
    document: &Document,
    streams: &Streams,
    page: &Dictionary,
    number: u32,
    scan: &PageScan,
    area: &EmptyArea,
) {
    let rect = user_space(document, page, area);
    let location = format!(
        "area of decision {} ([{}, {}, {}, {}])",
        area.decision, area.rect[0], area.rect[1], area.rect[2], area.rect[3]
    );
    if scan.glyphs_capped() {
        check.violation(
            Some(number),
            &location,
            "cannot verify: the page draws too many glyphs to check the area",
        );
    }
    let left = unexplained(&scan.text_in(&rect), area);
    if left.chars().any(char::is_alphanumeric) {
        let quoted: String = left.chars().take(40).collect();
        check.violation(
            Some(number),
            &location,
            format!("text is still in an area a person asked to be removed: `{quoted}`"),
        );
    }
    for (id, matrix) in &scan.pictures {
        let placed = Rect {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        };
        let placed = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .into_iter()
            .map(|(u, v)| content::apply(matrix, u, v))
            .fold(placed, |rect, (x, y)| Rect {
                x0: rect.x0.min(x),
                y0: rect.y0.min(y),
                x1: rect.x1.max(x),
                y1: rect.y1.max(y),
            });
        let across = placed.x1.min(rect.x1) - placed.x0.max(rect.x0);
        let up = placed.y1.min(rect.y1) - placed.y0.max(rect.y0);
        if across <= 0.5 || up <= 0.5 {
            continue;
        }
        let Some(id) = id else {
            check.violation(
                Some(number),
                &location,
                "cannot verify: an inline picture lies in the area",
            );
            continue;
        };
        match unfilled_pixels(document, streams, *id, matrix, &rect) {
            Ok(0) => {}
            Ok(count) => check.violation(
                Some(number),
                &location,
                format!(
                    "picture {} {}: {count} pixel(s) in the area are not filled",
                    id.0, id.1
                ),
            ),
            Err(why) => check.violation(
                Some(number),
                &location,
                format!("cannot verify picture {} {} in the area: {why}", id.0, id.1),
            ),
        }
    }
}

/// How many pixels of the picture whose centres the placement `matrix` puts in `rect` are not
/// black.
fn unfilled_pixels(
    document: &Document,
    streams: &Streams,
    id: lopdf::ObjectId,
    matrix: &Matrix,
    rect: &Rect,
) -> Result<usize, String> {
    let Ok(Object::Stream(stream)) = document.get_object(id) else {
        return Err("it is missing".into());
    };
    let dictionary = &stream.dict;
    let number = |key: &[u8]| match dictionary.get(key).map(|value| resolve(document, value)) {
        Ok(Object::Integer(value)) => Some(*value),
        _ => None,
    };
    let (Some(width), Some(height)) = (number(b"Width"), number(b"Height")) else {
        return Err("its size cannot be read".into());
    };
    let channels = match dictionary
        .get(b"ColorSpace")
        .map(|value| resolve(document, value))
    {
        Ok(Object::Name(name)) if name == b"DeviceGray" => 1,
        Ok(Object::Name(name)) if name == b"DeviceRGB" => 3,
        _ => return Err("its colour space is not plain grey or RGB".into()),
    };
    let plain_filter = match dictionary.get(b"Filter") {
        Err(_) => true,
        Ok(Object::Name(name)) => name == b"FlateDecode",
        Ok(_) => false,
    };
    if !plain_filter
        || number(b"BitsPerComponent") != Some(8)
        || dictionary.has(b"Decode")
        || dictionary.has(b"DecodeParms")
        || dictionary.has(b"SMask")
        || dictionary.has(b"Mask")
    {
        return Err("its samples are not 8-bit, unmasked and Flate-compressed".into());
    }
    if width <= 0 || height <= 0 || width * height > 64 * 1024 * 1024 {
        return Err(format!("its size ({width} x {height}) is not readable"));
    }
    let decoded = streams.decoded(id);
    let samples = decoded.as_ref().as_ref().map_err(Clone::clone)?;
    let (width, height) = (width as usize, height as usize);
    if samples.len() < width * height * channels {
        return Err("its samples are fewer than its size".into());
    }
    let mut unfilled = 0;
    for row in 0..height {
        let v = 1.0 - (row as f64 + 0.5) / height as f64;
        for column in 0..width {
            let u = (column as f64 + 0.5) / width as f64;
            let (x, y) = content::apply(matrix, u, v);
            if !rect.contains(x, y) {
                continue;
            }
            let at = (row * width + column) * channels;
            if samples[at..at + channels].iter().any(|&sample| sample != 0) {
                unfilled += 1;
            }
        }
    }
    Ok(unfilled)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(allowed: &[&str]) -> EmptyArea {
        EmptyArea {
            page: 1,
            rect: [0.0, 0.0, 10.0, 10.0],
            decision: 3,
            allowed: allowed.iter().map(|label| label.to_string()).collect(),
            footer: Some("SAR-1 \u{B7} page".into()),
        }
    }

    #[test]
    fn labels_and_the_stamp_are_all_an_area_may_show() {
        assert_eq!(unexplained("T P", &area(&["TP"])), "");
        assert_eq!(unexplained("TP:mother", &area(&["TP", "TP: mother"])), "");
        assert_eq!(unexplained("SAR-1 · page 12", &area(&["TP"])), "");
        assert_eq!(unexplained("TP Sharon", &area(&["TP"])), "Sharon");
        // The stamp's page number is allowed, a number elsewhere is not.
        assert_eq!(unexplained("07700 900123", &area(&["TP"])), "07700900123");
    }

    #[test]
    fn a_turned_page_maps_displayed_points_to_user_space() {
        let mut document = Document::with_version("1.7");
        let mut page = Dictionary::new();
        page.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 200.into(), 100.into()]),
        );
        page.set("Rotate", Object::Integer(90));
        let id = document.add_object(Object::Dictionary(page.clone()));
        let _ = id;
        let mut wanted = area(&[]);
        // Displayed, the page is 100 wide and 200 high; its top-left corner is user (0, 0).
        wanted.rect = [0.0, 190.0, 10.0, 200.0];
        let rect = user_space(&document, &page, &wanted);
        assert_eq!((rect.x0, rect.y0, rect.x1, rect.y1), (0.0, 0.0, 10.0, 10.0));
    }
}
