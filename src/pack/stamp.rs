//! Stamps every page of a pack PDF with the request reference and its continuous pack page
//! number, as a new content stream appended to each page (the existing content is untouched).
//!
//! OWNER: render helper. Contract: [`stamp`].
//!
//! Works on any PDF: ours, or an original redacted PDF from another producer. The page's own
//! content is bracketed by `q` ... `Q` so whatever graphics state it leaves (a scaled CTM, white
//! fill, clipping) cannot move or hide the stamp (PDF 32000-1 8.4.2). The stamp's font, the
//! pack's own DejaVu Sans subset to the stamp's characters and embedded (PDF/UA-1 7.21.4.1 and
//! archival practice want every font embedded; an unembedded base-14 Helvetica was left to each
//! reader to substitute), is added to a copy of the page's resources, whether they were
//! written on the page, inherited from the page tree, or indirect, so no other page changes. The
//! footer sits at the bottom of the page as displayed: the crop box (or media box) with any
//! origin, turned with `/Rotate`. Nothing else is added.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

/// Points from the displayed bottom edge to the stamp's baseline.
const OFFSET: f32 = 20.0;
const SIZE: f32 = 8.0;
/// Points from the displayed right-hand edge to the end of a bundle page number.
const MARGIN_RIGHT: f32 = 36.0;
/// A bundle page number's size (PD27A asks for 12 pt text).
const BUNDLE_SIZE: f32 = 12.0;
/// How far up the page tree an inheritable attribute is looked for (cycles are possible).
const MAX_DEPTH: usize = 64;

/// The stamp's text as drawn: printable ASCII and the middle dot as they are, anything else `?`
/// (a request's reference is letters, digits, `-`, `_` and `.`, so nothing else is expected).
fn drawn(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ' '..='~' | '\u{B7}' => c,
            _ => '?',
        })
        .collect()
}

/// The footer's words before the page number: `REFERENCE · page`. sarpack's own wording, which
/// the verifier is told to allow (a reference's letters are not a third party's initials).
pub fn footer_words(reference: &str) -> String {
    format!("{reference} \u{B7} page")
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(value) => Some(*value as f32),
        Object::Real(value) => Some(*value),
        _ => None,
    }
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    document.dereference(object).ok().map(|(_, object)| object)
}

/// The attributes a page may inherit from the page tree (PDF 32000-1 7.7.3.4), dereferenced.
#[derive(Debug, Clone, Default)]
struct Inherited {
    resources: Option<Object>,
    media_box: Option<Object>,
    crop_box: Option<Object>,
    rotate: Option<Object>,
}

impl Inherited {
    fn update(&mut self, document: &Document, node: &Dictionary) {
        let take = |slot: &mut Option<Object>, key: &[u8]| {
            if let Some(value) = node.get(key).ok().and_then(|v| resolve(document, v)) {
                *slot = Some(value.clone());
            }
        };
        take(&mut self.resources, b"Resources");
        take(&mut self.media_box, b"MediaBox");
        take(&mut self.crop_box, b"CropBox");
        take(&mut self.rotate, b"Rotate");
    }
}

/// The pages in order, each with what it inherits, walking the tree from the root as viewers
/// do (not through `/Parent`, which some producers get wrong). Cycles and repeats are skipped.
fn pages(document: &Document) -> Result<Vec<(ObjectId, Inherited)>, String> {
    let root = document
        .catalog()
        .and_then(|catalog| catalog.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|error| format!("no page tree: {error}"))?;
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![(root, Inherited::default(), 0usize)];
    while let Some((id, inherited, depth)) = stack.pop() {
        if !seen.insert(id) || depth > MAX_DEPTH {
            continue;
        }
        let Ok(node) = document.get_dictionary(id) else {
            continue;
        };
        let mut attributes = inherited;
        attributes.update(document, node);
        let kids = node
            .get(b"Kids")
            .ok()
            .and_then(|kids| resolve(document, kids))
            .and_then(|kids| kids.as_array().ok());
        let is_tree_node = node.get_type().map(|t| t == b"Pages").unwrap_or(false);
        match kids {
            Some(kids) if is_tree_node || node.get_type().is_err() => {
                // Reverse so that the first kid is popped first.
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push((kid, attributes.clone(), depth + 1));
                    }
                }
            }
            _ => out.push((id, attributes)),
        }
    }
    Ok(out)
}

fn rectangle(document: &Document, object: &Object) -> Option<[f32; 4]> {
    let array = object.as_array().ok()?;
    if array.len() != 4 {
        return None;
    }
    let mut values = [0.0f32; 4];
    for (slot, value) in values.iter_mut().zip(array) {
        *slot = number(resolve(document, value)?)?;
    }
    let [a, b, c, d] = values;
    let rect = [a.min(c), b.min(d), a.max(c), b.max(d)];
    (rect[2] - rect[0] > 1.0 && rect[3] - rect[1] > 1.0 && rect.iter().all(|v| v.is_finite()))
        .then_some(rect)
}

/// The visible area of the page: crop box if valid, else media box, else US Letter.
fn visible_box(document: &Document, page: &Inherited) -> [f32; 4] {
    let media = page
        .media_box
        .as_ref()
        .and_then(|object| rectangle(document, object))
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = page
        .crop_box
        .as_ref()
        .and_then(|object| rectangle(document, object))
        .map(|crop| {
            // The displayed area is the crop box clipped to the media box.
            [
                crop[0].max(media[0]),
                crop[1].max(media[1]),
                crop[2].min(media[2]),
                crop[3].min(media[3]),
            ]
        })
        .filter(|rect| rect[2] - rect[0] > 1.0 && rect[3] - rect[1] > 1.0);
    crop.unwrap_or(media)
}

/// The page's `/Rotate`, normalised to 0, 90, 180 or 270 (anything else counts as 0).
fn rotation(page: &Inherited) -> i64 {
    let rotate = page
        .rotate
        .as_ref()
        .and_then(|object| object.as_i64().ok())
        .unwrap_or(0);
    match rotate.rem_euclid(360) {
        value @ (90 | 180 | 270) => value,
        _ => 0,
    }
}

/// Where along the displayed bottom edge a stamp sits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    /// Centred, at up to `SIZE` points: the pack footer.
    Centre,
    /// Ending a margin short of the right-hand corner, at up to the given size: a court
    /// bundle's page number (PD27A: numbered pages, the number where the eye finds it).
    Right(f32),
}

/// The font size and text matrix of a footer `width` wide at 1 pt, centred on (or set at the
/// right of) the displayed bottom edge. `/Rotate` turns the page clockwise for display, so the
/// displayed bottom is the box's bottom (0), right (90), top (180) or left (270) edge, and the
/// text runs along it. On a page too small for the text (an image page a few points wide) the
/// stamp shrinks to fit.
#[cfg(test)]
fn placement(rect: [f32; 4], rotate: i64, width: f32) -> (f32, [f32; 6]) {
    place(rect, rotate, width, Anchor::Centre)
}

fn place(rect: [f32; 4], rotate: i64, width: f32, anchor: Anchor) -> (f32, [f32; 6]) {
    let [x0, y0, x1, y1] = rect;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (across, up) = match rotate {
        90 | 270 => (y1 - y0, x1 - x0),
        _ => (x1 - x0, y1 - y0),
    };
    let (largest, share) = match anchor {
        Anchor::Centre => (SIZE, 0.9),
        Anchor::Right(size) => (size, 0.3),
    };
    let size = largest.min(share * across / width.max(0.001));
    let offset = OFFSET.min(up * 0.3);
    let width = width * size;
    // How far along the edge, from its midpoint, the text's start is.
    let start = match anchor {
        Anchor::Centre => -width / 2.0,
        Anchor::Right(_) => across / 2.0 - (across * 0.06).min(MARGIN_RIGHT) - width,
    };
    // (edge midpoint, text direction, text up)
    let ((ex, ey), (dx, dy), (ux, uy)) = match rotate {
        90 => ((x1, cy), (0.0, 1.0), (-1.0, 0.0)),
        180 => ((cx, y1), (-1.0, 0.0), (0.0, -1.0)),
        270 => ((x0, cy), (0.0, -1.0), (1.0, 0.0)),
        _ => ((cx, y0), (1.0, 0.0), (0.0, 1.0)),
    };
    let ox = ex + dx * start + ux * offset;
    let oy = ey + dy * start + uy * offset;
    (size, [dx, dy, ux, uy, ox, oy])
}

fn flate(content: &[u8]) -> Result<Stream, String> {
    let compressed =
        crate::deflate::zlib(content).map_err(|error| format!("{error} (the page stamp)"))?;
    Ok(Stream::new(dictionary! { "Filter" => "FlateDecode" }, compressed).with_compression(false))
}

fn fmt(value: f32) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded}")
}

/// The page's content streams as a list of references (or direct streams, kept as they are).
fn content_list(document: &Document, page: &Dictionary) -> Vec<Object> {
    match page.get(b"Contents") {
        Ok(Object::Reference(id)) => match document.get_object(*id) {
            Ok(Object::Array(items)) => items.clone(),
            Ok(_) => vec![Object::Reference(*id)],
            Err(_) => Vec::new(),
        },
        Ok(Object::Array(items)) => items.clone(),
        Ok(stream @ Object::Stream(_)) => vec![stream.clone()],
        _ => Vec::new(),
    }
}

/// How many `q` the content streams leave unrestored. Some producers end a page with saves
/// still open; one `Q` per open save, plus ours, brings the stamp back to the page's initial
/// graphics state. Strings, comments, dictionaries and inline image data are skipped so their
/// bytes are not taken for operators. A stream that cannot be decoded counts as balanced.
fn open_saves(document: &Document, contents: &[Object]) -> usize {
    let mut depth = 0usize;
    for item in contents {
        let stream = match item {
            Object::Reference(id) => match document.get_object(*id) {
                Ok(Object::Stream(stream)) => stream,
                _ => continue,
            },
            Object::Stream(stream) => stream,
            _ => continue,
        };
        let data = if stream.dict.has(b"Filter") {
            match stream.decompressed_content() {
                Ok(data) => data,
                Err(_) => continue,
            }
        } else {
            stream.content.clone()
        };
        scan_saves(&data, &mut depth);
    }
    depth
}

fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn scan_saves(data: &[u8], depth: &mut usize) {
    let mut i = 0;
    while i < data.len() {
        match data[i] {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'(' => i = crate::pdf::literal_string_end(data, i) + 1,
            b'<' if data.get(i + 1) != Some(&b'<') => {
                while i < data.len() && data[i] != b'>' {
                    i += 1;
                }
                i += 1;
            }
            byte if byte.is_ascii_whitespace() || is_delimiter(byte) || byte == 0 => i += 1,
            _ => {
                let start = i;
                while i < data.len()
                    && !data[i].is_ascii_whitespace()
                    && !is_delimiter(data[i])
                    && data[i] != 0
                {
                    i += 1;
                }
                match &data[start..i] {
                    b"q" => *depth += 1,
                    b"Q" => *depth = depth.saturating_sub(1),
                    b"ID" => {
                        // Inline image data runs to `EI` between white space.
                        i += 1;
                        while i + 2 <= data.len() {
                            if &data[i..i + 2] == b"EI"
                                && data[i - 1].is_ascii_whitespace()
                                && data.get(i + 2).is_none_or(|b| b.is_ascii_whitespace())
                            {
                                i += 2;
                                break;
                            }
                            i += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Returns `bytes` with page `i` (0-based) stamped "<reference> · page <first_page + i>".
pub fn stamp(bytes: &[u8], reference: &str, first_page: u32) -> Result<Vec<u8>, String> {
    stamp_with(bytes, Anchor::Centre, Weight::Regular, &|index| {
        let number = u64::from(first_page) + index as u64;
        format!("{} {number}", footer_words(reference))
    })
}

/// Returns `bytes` with page `i` (0-based) stamped `labels[i]` in bold at the bottom right: a
/// court bundle's section page numbers ("B3"), added beside the pack footer. Fails when the
/// labels do not match the pages one for one.
pub fn stamp_labels(bytes: &[u8], labels: &[String]) -> Result<Vec<u8>, String> {
    let count = Document::load_mem(bytes)
        .map_err(|error| format!("cannot read the PDF: {error}"))
        .and_then(|document| pages(&document))?
        .len();
    if count != labels.len() {
        return Err(format!(
            "{count} page(s) but {} page number(s) to stamp",
            labels.len()
        ));
    }
    stamp_with(bytes, Anchor::Right(BUNDLE_SIZE), Weight::Bold, &|index| {
        labels[index].clone()
    })
}

/// The face a stamp is set in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Weight {
    Regular,
    Bold,
}

/// Stamps page `i` (0-based) with `text(i)` in the pack's embedded face of `weight`, placed by
/// `anchor`.
fn stamp_with(
    bytes: &[u8],
    anchor: Anchor,
    weight: Weight,
    text_of: &dyn Fn(usize) -> String,
) -> Result<Vec<u8>, String> {
    let mut document =
        Document::load_mem(bytes).map_err(|error| format!("cannot read the PDF: {error}"))?;
    if document.is_encrypted() {
        return Err("the PDF is encrypted".into());
    }
    let pages = pages(&document)?;
    if pages.is_empty() {
        return Err("the PDF has no pages".into());
    }
    let texts: Vec<String> = (0..pages.len())
        .map(|index| drawn(&text_of(index)))
        .collect();
    // The subset holds every digit whichever numbers this file's pages carry, so the stamps of
    // one run share one character set and the subset is made once (`render::write` caches by
    // character set), and a file's font does not depend on where in the pack it falls.
    let chars: std::collections::BTreeSet<char> = texts
        .iter()
        .flat_map(|text| text.chars())
        .chain('0'..='9')
        .collect();
    let font = match weight {
        Weight::Regular => crate::render::EmbeddedFont::add(&mut document, &chars),
        Weight::Bold => crate::render::EmbeddedFont::add_bold(&mut document, &chars),
    }
    .map_err(|error| format!("the page stamp's font: {error}"))?;
    let open = document.add_object(flate(b"q\n")?);

    for (index, (page_id, attributes)) in pages.into_iter().enumerate() {
        let text = &texts[index];
        let (size, matrix) = place(
            visible_box(&document, &attributes),
            rotation(&attributes),
            font.width(text),
            anchor,
        );

        // A private copy of the effective resources with the stamp font added.
        let mut resources = match attributes.resources {
            Some(Object::Dictionary(dict)) => dict,
            _ => Dictionary::new(),
        };
        let mut fonts = match resources
            .get(b"Font")
            .ok()
            .and_then(|fonts| resolve(&document, fonts))
        {
            Some(Object::Dictionary(dict)) => dict.clone(),
            _ => Dictionary::new(),
        };
        let mut name = "SARStamp".to_string();
        let mut suffix = 0;
        while fonts.has(name.as_bytes()) {
            suffix += 1;
            name = format!("SARStamp{suffix}");
        }
        fonts.set(name.as_bytes(), font.id);
        resources.set("Font", fonts);

        let page = document
            .get_dictionary(page_id)
            .map_err(|error| format!("page {}: {error}", index + 1))?;
        let old = content_list(&document, page);
        let mut content = "Q\n".repeat(1 + open_saves(&document, &old));
        content.push_str(&format!("q\nBT\n/{name} {} Tf\n0 g\n", fmt(size)));
        let numbers: Vec<String> = matrix.iter().map(|value| fmt(*value)).collect();
        content.push_str(&numbers.join(" "));
        content.push_str(" Tm\n<");
        for byte in font.encode(text) {
            content.push_str(&format!("{byte:02X}"));
        }
        content.push_str("> Tj\nET\nQ\n");
        let stamp_id = document.add_object(flate(content.as_bytes())?);

        let mut contents = vec![Object::Reference(open)];
        contents.extend(old);
        contents.push(Object::Reference(stamp_id));
        let page = document
            .get_dictionary_mut(page_id)
            .map_err(|error| format!("page {}: {error}", index + 1))?;
        page.set("Resources", resources);
        page.set("Contents", contents);
    }

    // A full rewrite: no previous revision survives, so drop the pointers to it; the new /ID
    // derives from the input and the stamp (deterministic).
    document.trailer.remove(b"Prev");
    document.trailer.remove(b"XRefStm");
    let mut hasher = Sha256::new();
    hasher.update(bytes);
    for text in &texts {
        hasher.update((text.len() as u64).to_be_bytes());
        hasher.update(text.as_bytes());
    }
    let digest = hasher.finalize();
    let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
    document.trailer.set("ID", vec![id.clone(), id]);

    let mut out = Vec::with_capacity(bytes.len() + 1024);
    document
        .save_to(&mut out)
        .map_err(|error| format!("cannot write the stamped PDF: {error}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footer_sits_on_the_displayed_bottom_edge() {
        let rect = [10.0, 20.0, 610.0, 820.0];
        // 12.5 pt wide at 1 pt: 100 pt at the normal 8 pt.
        let m = placement(rect, 0, 12.5);
        assert_eq!(m, (8.0, [1.0, 0.0, 0.0, 1.0, 260.0, 40.0]));
        let m = placement(rect, 90, 12.5);
        assert_eq!(m, (8.0, [0.0, 1.0, -1.0, 0.0, 590.0, 370.0]));
        let m = placement(rect, 180, 12.5);
        assert_eq!(m, (8.0, [-1.0, 0.0, 0.0, -1.0, 360.0, 800.0]));
        let m = placement(rect, 270, 12.5);
        assert_eq!(m, (8.0, [0.0, -1.0, 1.0, 0.0, 30.0, 470.0]));
        // A 10 pt image page: the stamp shrinks to 90% of the width, 3 pt up.
        let (size, m) = placement([0.0, 0.0, 10.0, 10.0], 0, 12.5);
        assert!((size * 12.5 - 9.0).abs() < 0.001);
        assert!((m[5] - 3.0).abs() < 0.001);
    }

    #[test]
    fn counts_saves_left_open() {
        let mut depth = 0;
        scan_saves(
            b"q 1 0 0 1 0 0 cm (q Q \\) q) Tj <71> % q\nq Q BI /W 1 ID q\x00Q EI q",
            &mut depth,
        );
        assert_eq!(depth, 2);
        let mut depth = 0;
        scan_saves(b"Q Q q", &mut depth);
        assert_eq!(depth, 1);
    }

    #[test]
    fn footer_keeps_ascii_and_the_middle_dot() {
        assert_eq!(drawn("A · é\u{202E}"), "A · ??");
    }
}
