//! Reading original PDFs: a content-stream interpreter over lopdf that decodes fonts and yields
//! every glyph with its Unicode text, its box in page space and its place in the content stream.
//! Gathering uses the page text ([`extract_pages`]); redaction (`redact::pdf`) re-runs the same
//! interpreter and uses the glyph places to remove text for real.
//!
//! Whatever cannot be read reliably is a [`PdfProblem`] with a precise reason (page, font, what
//! is missing), so the item goes to a person instead of being guessed at:
//!
//! - damaged files, even when lopdf could repair them: no `%%EOF`/`startxref` at the end
//!   (truncated), cross-reference data that had to be corrected or rebuilt, a stream whose
//!   filter fails or a content stream that does not parse to its end;
//! - a user password (unless one of [`PdfOptions::passwords`] opens the file); an
//!   owner-password-only file is decrypted and read;
//! - a font shown on a page whose text cannot be decoded reliably: a composite font without
//!   ToUnicode or with anything but Identity-H (predefined CJK CMaps, Identity-V, embedded
//!   CMaps), a Type3 font without ToUnicode, a simple font with neither ToUnicode nor a
//!   standard encoding, any code with no Unicode mapping, a font missing from the resources;
//! - with the text-only reader ([`extract_pages`]), a page with images and no text (a scan), or
//!   mostly image with under 30 characters; [`read_pages`] reads such pages by OCR instead, and
//!   every other picture large enough to hold text too, and refuses a picture it cannot read
//!   reliably (see `ocr::assess`) or decode (`image`);
//! - text drawn inside a tiling pattern or a soft mask (not interpreted, so not findable);
//! - someone else's redaction marks: an unapplied `/Redact` annotation or a dark filled
//!   comment box, which would uncover text once annotations are scrubbed;
//! - an XFA form, whose content is not in the pages; an AcroForm's values are drawn into the
//!   pages (`form::flatten`), and a form that cannot be drawn soundly is refused with the reason.
//! - content outside the pages that the pack would leave out: comments and notes (annotations
//!   with words), handwriting (Ink annotations), files attached inside the PDF (`extras`).

pub mod boxes;
mod cmap;
mod extras;
mod font;
mod form;
pub(crate) mod image;
pub(crate) mod interpret;
mod reading;
#[rustfmt::skip]
#[allow(clippy::all)]
mod tables;

use lopdf::{Document, LoadOptions, ObjectId};

use crate::model::{PictureText, PictureWord, Unread};

/// Why a PDF cannot be read reliably (makes the item `pending-review`), and what a person's
/// look can settle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct PdfProblem {
    pub reason: String,
    /// [`Unread::Pictures`] only where pictures alone were not read, which
    /// [`PdfOptions::pictures_checked_by_person`] leaves unread instead.
    pub unread: Unread,
}

impl PdfProblem {
    /// A problem with the file itself (damage, a password, a font): no look settles it.
    pub fn new(reason: String) -> PdfProblem {
        PdfProblem {
            reason,
            unread: Unread::File,
        }
    }

    /// Pictures that were not read, which a person can look at and release.
    fn pictures(reason: String) -> PdfProblem {
        PdfProblem {
            reason,
            unread: Unread::Pictures,
        }
    }
}

/// Options for reading PDFs.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// User passwords to try on encrypted files (e.g. from a password file).
    pub passwords: Vec<String>,
    /// A person looked at the pictures and released the file (`release` in `decisions.toml`):
    /// [`read_pages`] leaves a picture it cannot read unread, saying why, instead of refusing
    /// the file. Damage, passwords and undecodable fonts are refused all the same.
    pub pictures_checked_by_person: bool,
}

/// Largest decompressed size of any one stream (decompression-bomb guard).
pub(crate) const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// The text of every page, in the exact form that decision spans index into (see
/// `model::Content::Pdf`). Deterministic: redaction re-extracts and must get the same text.
///
/// Words are separated by whitespace synthesized from geometry (gaps, `TJ` offsets, baseline
/// changes), so a name wrapped across lines reads "Jane\nSmith". Reading order is content-stream
/// order.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    extract_pages_with(bytes, &PdfOptions::default())
}

/// [`extract_pages`] with passwords for encrypted files.
pub fn extract_pages_with(bytes: &[u8], options: &PdfOptions) -> Result<Vec<String>, PdfProblem> {
    let document = load(bytes, options)?;
    let mut fonts = interpret::FontCache::default();
    let mut pages = Vec::new();
    for (number, page_id) in document.get_pages() {
        let layout = interpret::interpret_page(&document, number, page_id, &mut fonts, false)?;
        interpret::refuse_scan(&document, &layout)?;
        pages.push(layout.text);
    }
    Ok(pages)
}

/// The text of every page and of every picture on it ([`read_pages`]).
#[derive(Debug, Clone, Default)]
pub struct PdfText {
    /// Each page's text, followed by the text OCR read in its pictures.
    pub pages: Vec<String>,
    pub pictures: Vec<PictureText>,
    /// With [`PdfOptions::pictures_checked_by_person`]: each picture left unread, and why.
    pub unread: Vec<String>,
    /// The pages whose visual reading order is not their content order.
    pub reading_order: Vec<crate::model::ReadingOrder>,
}

/// Appends a picture's text to a page's text on lines of its own; returns where it starts.
/// Gathering and redaction both build page texts through here, so spans agree.
pub(crate) fn append_picture_text(page: &mut String, text: &str) -> usize {
    if !page.is_empty() && !page.ends_with('\n') {
        page.push('\n');
    }
    let start = page.len();
    page.push_str(text);
    start
}

/// One distinct picture read by OCR: its text and each word's range in it and box in pixels.
struct ReadPicture {
    id: ObjectId,
    digest: String,
    size: (u32, u32),
    text: String,
    boxes: Vec<((usize, usize), [u32; 4])>,
}

/// Whether a picture drawn on a page must be read: anything large enough to hold text.
pub(crate) fn must_read(image: &interpret::ImageUse) -> bool {
    !crate::ocr::too_small_for_text(image.pixels.0, image.pixels.1)
}

/// SHA-256 (hex) of a stream as stored.
pub(crate) fn stream_digest(stream: &lopdf::Stream) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(&stream.content)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The page text as [`extract_pages`] gives it, plus the text of every picture large enough to
/// hold text, read by OCR (issue 16): a scanned page is read rather than refused, and a picture
/// on a text page (a pasted scan, a genogram) is never shipped unread. A picture that cannot be
/// decoded or read reliably (handwriting, low confidence, marks that are not words: a drawing,
/// a photograph, a signature) makes the whole document a problem naming the page and the reason,
/// so that it goes to a person.
///
/// Each distinct image is read once (in parallel) however many times it is drawn; its text is
/// added to every page that draws it, once per page.
pub fn read_pages(bytes: &[u8], options: &PdfOptions) -> Result<PdfText, PdfProblem> {
    use rayon::prelude::*;

    let document = load(bytes, options)?;
    let mut fonts = interpret::FontCache::default();
    let mut layouts = Vec::new();
    for (number, page_id) in document.get_pages() {
        layouts.push(interpret::interpret_page(
            &document, number, page_id, &mut fonts, false,
        )?);
    }
    drop(fonts);
    // Every distinct image to read, with the page that first draws it and its resolution there.
    let mut wanted: Vec<(ObjectId, u32, String, Option<u32>)> = Vec::new();
    let mut unread: Vec<String> = Vec::new();
    for layout in &layouts {
        for image in layout.images.iter().filter(|image| must_read(image)) {
            let Some(id) = image.id else {
                if options.pictures_checked_by_person {
                    unread.push(format!("page {}: an inline picture", layout.number));
                    continue;
                }
                return Err(PdfProblem::pictures(format!(
                    "page {}: an inline picture that may hold text; sarpack reads pictures only when they are image objects, so a person must look at it",
                    layout.number
                )));
            };
            if !wanted.iter().any(|(seen, ..)| *seen == id) {
                let inches = (image.bbox[2] - image.bbox[0]).abs() / 72.0;
                let dpi =
                    (inches > 0.1).then(|| (f64::from(image.pixels.0) / inches).round() as u32);
                wanted.push((id, layout.number, image.name.clone(), dpi));
            }
        }
    }
    let readings: Vec<Result<ReadPicture, PdfProblem>> = wanted
        .par_iter()
        .map(|(id, page, name, dpi)| {
            let problem =
                |reason: String| PdfProblem::pictures(format!("page {page}: picture {name}: {reason}"));
            let stream = match document.get_object(*id) {
                Ok(lopdf::Object::Stream(stream)) => stream,
                _ => return Err(problem("it is missing from the file".into())),
            };
            for key in [b"SMask".as_slice(), b"Mask"] {
                if stream.dict.has(key) {
                    return Err(problem(
                        "it has a transparency mask, and sarpack reads only opaque pictures; a person must look at it".into(),
                    ));
                }
            }
            let pixels = image::decode(&document, stream).map_err(problem)?;
            let gray = pixels.into_gray();
            let reading = crate::ocr::recognise(&gray, *dpi)
                .map_err(|error| problem(error.to_string()))?;
            if let Some(reason) = crate::ocr::assess(&gray, &reading) {
                return Err(problem(reason));
            }
            let (text, ranges) = reading.text();
            Ok(ReadPicture {
                id: *id,
                digest: stream_digest(stream),
                size: (gray.width, gray.height),
                text,
                boxes: reading
                    .words
                    .iter()
                    .zip(ranges)
                    .map(|(word, range)| (range, word.bbox))
                    .collect(),
            })
        })
        .collect();
    // The first problem in page order (`wanted` is in page order); with a person's check,
    // every problem is a picture left unread.
    let read: Vec<ReadPicture> = if options.pictures_checked_by_person {
        let mut read = Vec::new();
        for reading in readings {
            match reading {
                Ok(picture) => read.push(picture),
                Err(problem) => unread.push(problem.reason),
            }
        }
        read
    } else {
        readings.into_iter().collect::<Result<_, _>>()?
    };
    let mut result = PdfText {
        unread,
        ..PdfText::default()
    };
    for layout in layouts {
        result.reading_order.extend(reading::reading_order(&layout));
        let mut page = layout.text;
        let mut done: Vec<ObjectId> = Vec::new();
        for image in layout.images.iter().filter(|image| must_read(image)) {
            let Some(id) = image.id else { continue };
            if done.contains(&id) {
                continue;
            }
            done.push(id);
            let Some(picture) = read.iter().find(|picture| picture.id == id) else {
                continue;
            };
            let start = append_picture_text(&mut page, &picture.text);
            let words = picture
                .boxes
                .iter()
                .map(|&((word_start, word_end), bbox)| PictureWord {
                    start: start + word_start,
                    end: start + word_end,
                    bbox,
                })
                .collect();
            result.pictures.push(PictureText {
                page: layout.number,
                object: id,
                digest: picture.digest.clone(),
                start,
                end: start + picture.text.len(),
                width: picture.size.0,
                height: picture.size.1,
                text: picture.text.clone(),
                words,
            });
        }
        result.pages.push(page);
    }
    Ok(result)
}

/// Loads a PDF for reading, refusing damaged files and files that need a password.
///
/// lopdf repairs broken cross-reference data silently; a repaired file may be missing objects or
/// show an older revision, so it is refused (issue 4: never silently repaired into the pack).
pub(crate) fn load(bytes: &[u8], options: &PdfOptions) -> Result<Document, PdfProblem> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|window| window == b"%PDF-") {
        return Err(PdfProblem::new("not a PDF (no `%PDF-` header)".into()));
    }
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let has = |needle: &[u8]| tail.windows(needle.len()).any(|window| window == needle);
    if !has(b"%%EOF") || !has(b"startxref") {
        return Err(PdfProblem::new(
            "damaged: the file is truncated (no `startxref`/`%%EOF` at the end); fetch a good copy"
                .into(),
        ));
    }
    let load_options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let mut document = Document::load_mem_with_options(bytes, load_options).map_err(|error| {
        PdfProblem::new(format!(
            "damaged: cannot read the file ({error}); fetch a good copy"
        ))
    })?;
    match document.xref_recovery {
        None => {}
        Some(lopdf::xref::XrefRecovery::OffsetCorrected) => {
            return Err(PdfProblem::new(
                "damaged: the cross-reference offsets are wrong (a reader would have to repair them); fetch a good copy".into(),
            ));
        }
        Some(_) => {
            return Err(PdfProblem::new(
                "damaged: the cross-reference table is unreadable (a reader would have to rebuild it); fetch a good copy".into(),
            ));
        }
    }
    if document.is_encrypted() {
        // lopdf already tried the empty user password (an owner-password-only file opens);
        // otherwise try each password given, reloading so object streams decrypt too.
        let opened = options.passwords.iter().find_map(|password| {
            let options = LoadOptions {
                password: Some(password.clone()),
                max_decompressed_size: Some(MAX_STREAM_BYTES),
                ..LoadOptions::default()
            };
            Document::load_mem_with_options(bytes, options)
                .ok()
                .filter(|document| !document.is_encrypted() && document.xref_recovery.is_none())
        });
        match opened {
            Some(decrypted) => document = decrypted,
            None => {
                return Err(PdfProblem::new(
                    "password required: the file is encrypted with a user password".into(),
                ));
            }
        }
    }
    if document.catalog().is_err() {
        return Err(PdfProblem::new(
            "damaged: the document catalog is missing".into(),
        ));
    }
    // An XFA form keeps its real content outside the pages (which often only say "please
    // wait"), where neither detection nor redaction would see it.
    let xfa = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"AcroForm", &document))
        .and_then(lopdf::Object::as_dict)
        .is_ok_and(|form| form.has(b"XFA"));
    if xfa {
        return Err(PdfProblem::new(
            "the document is an XFA form whose content is not in its pages".into(),
        ));
    }
    if document.get_pages().is_empty() {
        return Err(PdfProblem::new("damaged: the document has no pages".into()));
    }
    // Issue 15: what was typed into a form lives outside the page and would be scrubbed with the
    // fields: it is drawn into the page here, for gathering and redaction alike, or the record
    // goes to a person with the reason.
    form::flatten(&mut document)?;
    // Issue 15: comments, notes, handwriting and attached files live outside the pages too, and
    // the redactor's scrub would drop them; until they are carried, the record goes to a person.
    extras::refuse_left_out(&document)?;
    Ok(document)
}

/// Where the literal string opening at `data[start]` (a `(`) ends: the index of its closing `)`,
/// with nested parentheses balanced and backslash escapes skipped, or `data.len()` when it does
/// not close. Shared by the CMap reader and the page stamper, which both skip strings they do
/// not need to read.
pub(crate) fn literal_string_end(data: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

#[cfg(test)]
mod tests {
    use super::literal_string_end;

    #[test]
    fn a_literal_string_ends_at_its_balanced_closing_parenthesis() {
        let data = br"x (a (b) \) c) tail";
        assert_eq!(literal_string_end(data, 2), 13);
        assert_eq!(&data[2..=13], br"(a (b) \) c)");
        assert_eq!(literal_string_end(b"(never closed \\)", 0), 16);
    }
}
