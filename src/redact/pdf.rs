//! True redaction of original PDFs: the glyphs of every redacted span are removed from the
//! content streams (each replaced by the `TJ` kerning that keeps the remaining glyphs exactly in
//! place), an opaque box labelled with the redaction code is painted over each removed run, and
//! the whole document is scrubbed of everything hidden (metadata, annotations, forms, outlines,
//! attachments, scripts, thumbnails, structure tree, marked-content alternate text, earlier
//! revisions) and rewritten in one revision with a deterministic `/ID`.
//!
//! Spans index into the page texts joined by `model::PAGE_SEPARATOR`, exactly as
//! `pdf::extract_pages` returns them; the text is re-extracted with the same interpreter and
//! every span must match it, or the item fails closed. So does any case where removal cannot be
//! proven (an image under a box, an unknown operator, hidden optional content).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::RedactError;
use crate::model::{AppliedRedaction, AreaRedaction, Code, PAGE_SEPARATOR, PictureText, Redaction};
use crate::pdf::interpret::{self, DictionaryPlace, PageLayout, XObjectPlace, page_resources};
use crate::pdf::{self, PdfOptions};

fn review(reason: impl Into<String>) -> RedactError {
    RedactError::NeedsReview(reason.into())
}

/// Removes the text of every redaction (spans index into the page texts joined by
/// `model::PAGE_SEPARATOR`, exactly as `pdf::extract_pages` returns them), paints a labelled box
/// over each, scrubs everything hidden and rewrites the file in one revision.
pub fn redact_pdf(
    bytes: &[u8],
    redactions: &[Redaction],
    item: &str,
) -> Result<(Vec<u8>, u32, Vec<AppliedRedaction>), RedactError> {
    redact_pdf_with(bytes, redactions, item, &PdfOptions::default())
}

/// A box to paint: page-space rectangle, the code to print in it, and the relationship label
/// the policy allows for it ("TP: mother's partner"), printed instead of the code when it fits.
#[derive(Debug, Clone)]
struct Cover {
    rect: [f64; 4],
    code: Code,
    label: Option<String>,
}

/// Where a removed glyph sits: (stream, operation, element, byte).
type GlyphPlace = (u32, u32, u32, u32);

/// Removed codes of one stream: operation -> (element, byte) -> (code length, kern).
type StreamRemovals = BTreeMap<u32, BTreeMap<(u32, u32), (u8, f64)>>;

/// [`redact_pdf`] with passwords for encrypted files.
pub fn redact_pdf_with(
    bytes: &[u8],
    redactions: &[Redaction],
    item: &str,
    options: &PdfOptions,
) -> Result<(Vec<u8>, u32, Vec<AppliedRedaction>), RedactError> {
    redact_pdf_with_pictures(bytes, redactions, &[], item, options)
}

/// What to fill in a picture's pixels.
#[derive(Debug, Clone, Copy)]
enum Fill {
    /// A word OCR read: its box in pixels, and the redaction it stands for.
    Word([u32; 4], usize),
    /// A person's area: `[u0, v0, u1, v1]` of the picture's unit square (v up, as the picture
    /// is placed on the page), and the index of the area.
    Area([f64; 4], usize),
    /// Text removed over a picture that was read (an OCR text layer, a caption laid over a
    /// scan): the part of the picture under the glyph, as in `Area`, the redaction, and the
    /// page whose text box already covers it. OCR may not have read the word in the pixels the
    /// text spells; the pixels under the box go all the same, so nothing shows through.
    Under([f64; 4], usize, u32),
}

/// The fills of each picture to redact.
type PixelBoxes = BTreeMap<ObjectId, Vec<Fill>>;

/// A fill in a picture's pixels (`[left, top, right, bottom]`), the code and relationship label
/// of its box, and the page whose own box already covers it (a person's area).
type PixelCover = ([u32; 4], Code, Option<String>, Option<u32>);

/// Marks a glyph removed because it lies in a person's area (covered by the area's own box).
const IN_AREA: usize = usize::MAX;

/// Everything one original PDF's redaction carries out.
#[derive(Debug, Clone, Copy, Default)]
pub struct PdfPlan<'a> {
    /// Spans of the page texts joined by `model::PAGE_SEPARATOR`.
    pub redactions: &'a [Redaction],
    /// The pictures OCR read (`pdf::read_pages`).
    pub pictures: &'a [PictureText],
    /// A person's `redact-area` decisions.
    pub areas: &'a [AreaRedaction],
    /// A person checked the pictures sarpack could not read and released the item: they may
    /// ship unread (the verifier still reads every picture that ships).
    pub unread_pictures_checked: bool,
    /// Per redaction (same index), the relationship label its boxes may show instead of the
    /// code (`model::Presentation::labels`); empty when the policy allows none.
    pub labels: &'a [Option<String>],
    /// The PDF is one sarpack typeset (a record with a person's areas), so its `/Info /Title` is
    /// sarpack's own wording (the record's heading, also on its first page) and is kept for a
    /// screen reader (`render::write`); an original's document information goes with the rest
    /// of its hidden content.
    pub own_title: bool,
}

/// A redacted original PDF.
#[derive(Debug, Clone)]
pub struct PdfRedacted {
    pub bytes: Vec<u8>,
    pub pages: u32,
    pub applied: Vec<AppliedRedaction>,
    /// SHA-256 (hex) of every original picture replaced by a filled copy: none may ship.
    pub replaced_pictures: Vec<String>,
}

/// [`redact_pdf_with`] for a document whose pictures were read by OCR (`pdf::read_pages`):
/// spans may fall in a picture's text, and then the pixels of the words they cover are filled
/// black, the picture re-encoded from those pixels alone, and a box labelled with the code drawn
/// over it wherever it is shown. A picture large enough to hold text that is not among
/// `pictures`, or is not the picture that was read, fails closed.
pub fn redact_pdf_with_pictures(
    bytes: &[u8],
    redactions: &[Redaction],
    pictures: &[PictureText],
    item: &str,
    options: &PdfOptions,
) -> Result<(Vec<u8>, u32, Vec<AppliedRedaction>), RedactError> {
    let plan = PdfPlan {
        redactions,
        pictures,
        ..PdfPlan::default()
    };
    redact_pdf_planned(bytes, &plan, item, options)
        .map(|redacted| (redacted.bytes, redacted.pages, redacted.applied))
}

/// [`redact_pdf_with_pictures`] with a person's areas (`redact-area`): in each, every glyph
/// whose box meets the area is removed, every path painted there is no longer painted, the
/// pixels of every picture under it are filled black (the picture re-encoded from those pixels
/// alone), and an opaque box labelled with the area's code is drawn over it. An inline picture
/// under an area, or one that cannot be decoded, fails closed naming the decision.
pub fn redact_pdf_planned(
    bytes: &[u8],
    plan: &PdfPlan<'_>,
    item: &str,
    options: &PdfOptions,
) -> Result<PdfRedacted, RedactError> {
    let PdfPlan {
        redactions,
        pictures,
        areas,
        unread_pictures_checked,
        labels,
        own_title,
    } = *plan;
    let mut document = pdf::load(bytes, options).map_err(|problem| review(problem.reason))?;
    refuse_hidden_layers(&document)?;
    let pages: Vec<(u32, ObjectId)> = document.get_pages().into_iter().collect();
    let mut fonts = interpret::FontCache::default();
    let mut layouts = Vec::with_capacity(pages.len());
    for (number, page_id) in &pages {
        layouts.push(
            interpret::interpret_page(&document, *number, *page_id, &mut fonts, true)
                .map_err(|problem| review(problem.reason))?,
        );
    }
    drop(fonts);
    // Page texts as gathering built them: each page's own text, then its pictures' text.
    let glyph_text_ends: Vec<usize> = layouts.iter().map(|layout| layout.text.len()).collect();
    let page_pictures =
        attach_pictures(&document, &mut layouts, pictures, unread_pictures_checked)?;

    // Page offsets in the joined text.
    let mut starts = Vec::with_capacity(layouts.len());
    let mut offset = 0usize;
    for layout in &layouts {
        starts.push(offset);
        offset += layout.text.len() + PAGE_SEPARATOR.len();
    }
    let joined = layouts
        .iter()
        .map(|layout| layout.text.as_str())
        .collect::<Vec<_>>()
        .join(PAGE_SEPARATOR);

    // Map every span to the glyphs it covers, page by page.
    let mut removals: Vec<BTreeMap<GlyphPlace, usize>> = vec![BTreeMap::new(); layouts.len()];
    let mut pixel_boxes = PixelBoxes::new();
    let mut applied = Vec::new();
    for (index, redaction) in redactions.iter().enumerate() {
        let span = redaction.span;
        let matches = span.start < span.end
            && joined.get(span.start..span.end) == Some(redaction.text.as_str());
        if !matches {
            return Err(review(format!(
                "redaction {} (code `{}`, bytes {}..{}) does not match the text extracted from the PDF; re-read the file",
                index + 1,
                redaction.code,
                span.start,
                span.end
            )));
        }
        // Pages and glyphs are in text order: find the first that can overlap by bisection, so
        // many redactions on a long document stay linear.
        let first_page = starts
            .partition_point(|&start| start <= span.start)
            .saturating_sub(1);
        for (page_index, layout) in layouts.iter().enumerate().skip(first_page) {
            let page_start = starts[page_index];
            if page_start >= span.end {
                break;
            }
            let page_end = page_start + layout.text.len();
            let start = span.start.max(page_start);
            let end = span.end.min(page_end);
            if start >= end {
                continue;
            }
            let (local_start, local_end) = ((start - page_start) as u32, (end - page_start) as u32);
            let mut found = false;
            for picture in &page_pictures[page_index] {
                for word in &picture.words {
                    if word.start < end - page_start && word.end > start - page_start {
                        let id = (picture.object.0, picture.object.1);
                        pixel_boxes
                            .entry(id)
                            .or_default()
                            .push(Fill::Word(word.bbox, index));
                        found = true;
                    }
                }
            }
            let local_end = local_end.min(glyph_text_ends[page_index] as u32);
            let first_glyph = layout
                .glyphs
                .partition_point(|glyph| glyph.text_end <= local_start);
            for glyph in &layout.glyphs[first_glyph..] {
                if glyph.text_start >= local_end {
                    break;
                }
                if glyph.text_start < local_end
                    && glyph.text_end > local_start
                    && glyph.text_end > glyph.text_start
                {
                    removals[page_index]
                        .entry((glyph.stream, glyph.operation, glyph.element, glyph.byte))
                        .or_insert(index);
                    found = true;
                }
            }
            let part = &joined[start..end];
            if !found && part.chars().any(|c| !c.is_whitespace()) {
                return Err(review(format!(
                    "page {}: redaction {} (code `{}`) could not be mapped to glyphs",
                    layout.number,
                    index + 1,
                    redaction.code
                )));
            }
            if found {
                applied.push(AppliedRedaction {
                    item: item.to_string(),
                    page: layout.number,
                    code: redaction.code.clone(),
                    basis: redaction.basis.clone(),
                    text: part.to_string(),
                    rule: redaction.rule.clone(),
                });
            }
        }
    }

    remove_cluster_companions(&layouts, &mut removals);

    let read: BTreeSet<ObjectId> = pictures
        .iter()
        .map(|picture| (picture.object.0, picture.object.1))
        .collect();
    fill_under_removed_text(&layouts, &removals, &read, &mut pixel_boxes);

    let (area_covers, unpainted) = plan_areas(
        &document,
        &layouts,
        areas,
        item,
        &mut removals,
        &mut pixel_boxes,
        &mut applied,
    )?;

    remove_unused_xobjects(&mut document, &layouts);
    let (picture_covers, replaced_pictures) = redact_pictures(
        &mut document,
        &layouts,
        &pixel_boxes,
        redactions,
        labels,
        areas,
    )?;

    // Every label is set in the pack's own face, subset into the file (issue 17): the codes and
    // the relationship labels, whose characters (an apostrophe, a space, a letter beyond ASCII)
    // a standard font's encoding could not promise. One subset serves every page.
    let label_chars: BTreeSet<char> = redactions
        .iter()
        .map(|redaction| redaction.code.0.as_str())
        .chain(areas.iter().map(|area| area.code.0.as_str()))
        .chain(labels.iter().flatten().map(String::as_str))
        .filter(|text| drawable(text))
        .flat_map(str::chars)
        .collect();
    let mut label_font: Option<crate::render::EmbeddedFont> = None;
    for (page_index, layout) in layouts.iter_mut().enumerate() {
        let removal = &removals[page_index];
        if removal.is_empty()
            && !layout.marked_content_text
            && picture_covers[page_index].is_empty()
            && area_covers[page_index].is_empty()
        {
            continue;
        }
        if !layout.unknown_operators.is_empty() {
            let operators: Vec<&str> = layout
                .unknown_operators
                .iter()
                .map(String::as_str)
                .collect();
            return Err(review(format!(
                "page {}: unknown operator(s) `{}` on a page that needs redaction or rewriting, so it cannot be rewritten safely",
                layout.number,
                operators.join("`, `")
            )));
        }
        let covers = covers_for(layout, removal, redactions, labels)?;
        for cover in &covers {
            // A picture that was read had its own text detected and its pixels redacted; one
            // that was not may show what the box hides.
            if let Some(image) = layout.images.iter().find(|image| {
                overlaps(&image.bbox, &cover.rect) && !image.id.is_some_and(|id| read.contains(&id))
            }) {
                return Err(review(format!(
                    "page {}: {} lies under a redaction box, and text or detail in an image cannot be checked or removed; a `redact-area` over it removes its pixels",
                    layout.number, image.name
                )));
            }
        }
        // A person's areas first: the boxes of words and pictures inside one are drawn on top,
        // so no label ends up under an opaque box (which the verifier rightly refuses).
        let mut covers: Vec<Cover> = area_covers[page_index]
            .iter()
            .cloned()
            .chain(covers)
            .collect();
        covers.extend(picture_covers[page_index].iter().cloned());
        // The invisible text an OCR program lays under a scan (`3 Tr`, as `tesseract ... pdf`
        // and ocrmypdf write it) spells the words just filled in the picture's pixels, perhaps
        // read differently from the reading that found them: on a page whose picture was
        // redacted, the whole layer goes (issue 16).
        let with_layer;
        let removal = if picture_covers[page_index].is_empty() {
            removal
        } else {
            let mut all = removal.clone();
            for glyph in layout.glyphs.iter().filter(|glyph| glyph.invisible) {
                all.entry((glyph.stream, glyph.operation, glyph.element, glyph.byte))
                    .or_insert(usize::MAX);
            }
            with_layer = all;
            &with_layer
        };
        if !covers.is_empty() && label_font.is_none() && !label_chars.is_empty() {
            label_font = Some(
                crate::render::EmbeddedFont::add(&mut document, &label_chars)
                    .map_err(|error| review(format!("cannot add the label font ({error})")))?,
            );
        }
        rewrite_page(
            &mut document,
            layout,
            removal,
            &unpainted[page_index],
            &covers,
            label_font.as_ref(),
        )?;
    }
    drop(layouts);

    let title = own_title.then(|| own_info_title(&document)).flatten();
    scrub(&mut document);
    if let Some(title) = title {
        let info = document.add_object(lopdf::dictionary! { "Title" => title });
        document.trailer.set("Info", info);
    }
    let page_count = pages.len() as u32;
    let output = save(document)?;
    Ok(PdfRedacted {
        bytes: output,
        pages: page_count,
        applied,
        replaced_pictures,
    })
}

/// Removes, with each removed glyph, the glyphs of its shaped cluster that map to no text.
///
/// A shaping producer (WeasyPrint, cairo, any HarfBuzz user) draws a word of a joined script as
/// several glyphs (letter forms, marks, a ligature's parts) but writes the cluster's text in the
/// font's ToUnicode against one glyph only, and maps its other glyphs to nothing (`<03f2> <>`).
/// Removing only the glyph that carries the text would leave the shapes of the redacted word
/// drawn under the box: readable by eye once the box is lifted, by OCR, and unreadable to the
/// verifier, which refuses a font whose every glyph left maps to no text (the `habibi.pdf`
/// regression of issue 11). So a run of such text-less glyphs, of one font in one content
/// stream, goes with the glyph whose text it shares. Which neighbour that is follows how the
/// producers order a cluster: in left-to-right text the glyph that carries the text comes
/// first and its companions follow; right-to-left text is drawn in visual order, so the
/// logically first glyph, which carries the text, comes last and its companions before it. A
/// run with a text glyph on one side only belongs to that one.
fn remove_cluster_companions(layouts: &[PageLayout], removals: &mut [BTreeMap<GlyphPlace, usize>]) {
    let place =
        |glyph: &interpret::Glyph| (glyph.stream, glyph.operation, glyph.element, glyph.byte);
    let textless = |glyph: &interpret::Glyph| glyph.text_end <= glyph.text_start;
    let same_run = |first: &interpret::Glyph, other: &interpret::Glyph| {
        first.stream == other.stream && first.font == other.font
    };
    for (layout, removal) in layouts.iter().zip(removals.iter_mut()) {
        if removal.is_empty() {
            continue;
        }
        let glyphs = &layout.glyphs;
        let mut index = 0;
        while index < glyphs.len() {
            let first = &glyphs[index];
            if !textless(first) {
                index += 1;
                continue;
            }
            let mut end = index + 1;
            while end < glyphs.len() && textless(&glyphs[end]) && same_run(first, &glyphs[end]) {
                end += 1;
            }
            let before = index
                .checked_sub(1)
                .map(|at| &glyphs[at])
                .filter(|glyph| same_run(first, glyph) && !textless(glyph));
            let after = glyphs
                .get(end)
                .filter(|glyph| same_run(first, glyph) && !textless(glyph));
            let owner = match (before, after) {
                (Some(before), Some(after)) => {
                    let text = layout
                        .text
                        .get(after.text_start as usize..after.text_end as usize)
                        .unwrap_or_default();
                    if starts_right_to_left(text) {
                        Some(after)
                    } else {
                        Some(before)
                    }
                }
                (before, after) => before.or(after),
            };
            if let Some(&redaction) = owner.and_then(|owner| removal.get(&place(owner))) {
                for glyph in &glyphs[index..end] {
                    removal.entry(place(glyph)).or_insert(redaction);
                }
            }
            index = end;
        }
    }
}

/// Whether the first letter of `text` belongs to a right-to-left script (Hebrew, Arabic,
/// Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms).
fn starts_right_to_left(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c, '\u{0590}'..='\u{08ff}' | '\u{fb1d}'..='\u{fdff}' | '\u{fe70}'..='\u{feff}'))
}

/// Adds a fill for the part of every read picture under a removed glyph (see [`Fill::Under`]).
/// A picture that was not read fails closed later, when its box is drawn.
fn fill_under_removed_text(
    layouts: &[PageLayout],
    removals: &[BTreeMap<GlyphPlace, usize>],
    read: &BTreeSet<ObjectId>,
    pixels: &mut PixelBoxes,
) {
    for (layout, removal) in layouts.iter().zip(removals) {
        let pictures: Vec<(ObjectId, &[f64; 6], &[f64; 4])> = layout
            .images
            .iter()
            .filter_map(|image| {
                let id = image.id?;
                read.contains(&id)
                    .then_some((id, &image.matrix, &image.bbox))
            })
            .collect();
        if pictures.is_empty() || removal.is_empty() {
            continue;
        }
        for glyph in &layout.glyphs {
            let Some(&redaction) =
                removal.get(&(glyph.stream, glyph.operation, glyph.element, glyph.byte))
            else {
                continue;
            };
            // Widened as a read word's pixels are (`padded_word_box`): a text layer's glyph
            // boxes only approximate the ink beneath them.
            let [x0, y0, x1, y1] = glyph.bbox;
            let pad = (y1 - y0).abs().max(1.0) * 0.2;
            let rect = [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
            for (id, matrix, bbox) in &pictures {
                if !overlaps(bbox, &rect) {
                    continue;
                }
                if let Some(unit) = picture_part(matrix, &rect) {
                    pixels.entry(*id).or_default().push(Fill::Under(
                        unit,
                        redaction,
                        layout.number,
                    ));
                }
            }
        }
    }
}

/// Painted paths to leave unpainted, per page: (stream, operation).
type Unpainted = Vec<BTreeSet<(u32, u32)>>;

/// Works out what each of a person's areas removes: the glyphs whose boxes meet it (added to
/// `removals`, covered by the area's box rather than their own), the paths painted there, and
/// the part of every picture under it (added to `pixels`). Returns the area boxes to draw and
/// the paths to leave unpainted, per page; logs each area in `applied`.
fn plan_areas(
    document: &Document,
    layouts: &[PageLayout],
    areas: &[AreaRedaction],
    item: &str,
    removals: &mut [BTreeMap<GlyphPlace, usize>],
    pixels: &mut PixelBoxes,
    applied: &mut Vec<AppliedRedaction>,
) -> Result<(Vec<Vec<Cover>>, Unpainted), RedactError> {
    let mut covers: Vec<Vec<Cover>> = vec![Vec::new(); layouts.len()];
    let mut unpainted: Unpainted = vec![BTreeSet::new(); layouts.len()];
    for (index, area) in areas.iter().enumerate() {
        let decision = |what: String| {
            review(format!(
                "decision {} (`redact-area` on page {}): {what}",
                area.entry, area.page
            ))
        };
        let Some(page_index) = (area.page as usize)
            .checked_sub(1)
            .filter(|&page_index| page_index < layouts.len())
        else {
            return Err(decision(format!(
                "the document has {} page(s); correct the page number",
                layouts.len()
            )));
        };
        let layout = &layouts[page_index];
        let rect = interpret::displayed_area(document, layout.page_id, area.rect);
        let meets = |bbox: &[f64; 4]| {
            bbox[0] < rect[2] && rect[0] < bbox[2] && bbox[1] < rect[3] && rect[1] < bbox[3]
        };
        let mut removed = String::new();
        for glyph in layout.glyphs.iter().filter(|glyph| meets(&glyph.bbox)) {
            if glyph.kern.is_none() {
                return Err(decision(
                    "text drawn at font size 0 in the area cannot be removed in place".into(),
                ));
            }
            removals[page_index]
                .entry((glyph.stream, glyph.operation, glyph.element, glyph.byte))
                .or_insert(IN_AREA);
            if let Some(text) = layout
                .text
                .get(glyph.text_start as usize..glyph.text_end as usize)
            {
                removed.push_str(text);
            }
        }
        // A stroke reaches past its path by half its width: a path a point or two outside the
        // area may still draw in it.
        let padded = [rect[0] - 2.0, rect[1] - 2.0, rect[2] + 2.0, rect[3] + 2.0];
        for path in &layout.paths {
            let [x0, y0, x1, y1] = path.bbox;
            if x0 <= padded[2] && padded[0] <= x1 && y0 <= padded[3] && padded[1] <= y1 {
                unpainted[page_index].insert((path.stream, path.operation));
            }
        }
        for image in layout
            .images
            .iter()
            .filter(|image| overlaps(&image.bbox, &rect))
        {
            let Some(id) = image.id else {
                return Err(decision(
                    "an inline picture lies in the area, and sarpack fills only pictures that are image objects; withhold the item or redact it by hand".into(),
                ));
            };
            if let Some(unit) = picture_part(&image.matrix, &rect) {
                pixels.entry(id).or_default().push(Fill::Area(unit, index));
            }
        }
        covers[page_index].push(Cover {
            rect,
            code: area.code.clone(),
            label: None,
        });
        applied.push(AppliedRedaction {
            item: item.to_string(),
            page: area.page,
            code: area.code.clone(),
            basis: area.basis.clone(),
            text: removed.split_whitespace().collect::<Vec<_>>().join(" "),
            rule: AppliedRedaction::area_rule(area.entry),
        });
    }
    Ok((covers, unpainted))
}

/// The inverse of an affine matrix, `None` when it is singular (the picture has no area).
/// The part of a picture drawn with `matrix` that lies under `rect` (page space), as
/// `[u0, v0, u1, v1]` of the picture's unit square (v up), or `None` when they do not meet.
fn picture_part(matrix: &[f64; 6], rect: &[f64; 4]) -> Option<[f64; 4]> {
    let inverse = invert(matrix)?;
    let mut unit = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for (x, y) in [
        (rect[0], rect[1]),
        (rect[2], rect[1]),
        (rect[0], rect[3]),
        (rect[2], rect[3]),
    ] {
        let (u, v) = interpret::apply(&inverse, x, y);
        unit = [
            unit[0].min(u),
            unit[1].min(v),
            unit[2].max(u),
            unit[3].max(v),
        ];
    }
    let unit = [
        unit[0].max(0.0),
        unit[1].max(0.0),
        unit[2].min(1.0),
        unit[3].min(1.0),
    ];
    (unit[0] < unit[2] && unit[1] < unit[3]).then_some(unit)
}

fn invert(matrix: &[f64; 6]) -> Option<[f64; 6]> {
    let [a, b, c, d, e, f] = *matrix;
    let determinant = a * d - b * c;
    if determinant.abs() < 1e-12 {
        return None;
    }
    let (ia, ib, ic, id) = (
        d / determinant,
        -b / determinant,
        -c / determinant,
        a / determinant,
    );
    Some([ia, ib, ic, id, -(e * ia + f * ic), -(e * ib + f * id)])
}

/// Removes from every `/XObject` dictionary the page content draws from the entries it never
/// draws: an unused form or image is not in the extracted text, so it was never checked, yet it
/// would ship (checklist D29, orphaned but present objects). Dictionaries reached only from
/// places the interpreter does not run (patterns, annotations) are left alone.
fn remove_unused_xobjects(document: &mut Document, layouts: &[PageLayout]) {
    let mut uses: BTreeMap<XObjectPlace, BTreeSet<Vec<u8>>> = BTreeMap::new();
    // Type3 glyph procedures may draw from the same dictionaries; keep those whole.
    let mut keep: BTreeSet<XObjectPlace> = BTreeSet::new();
    for layout in layouts {
        for (place, names) in &layout.xobject_uses {
            uses.entry(*place)
                .or_default()
                .extend(names.iter().cloned());
            if layout.uses_type3 {
                keep.insert(*place);
            }
        }
    }
    for (place, used) in uses {
        if keep.contains(&place) {
            continue;
        }
        let Some(xobjects) = xobject_dictionary_mut(document, place) else {
            continue;
        };
        let unused: Vec<Vec<u8>> = xobjects
            .iter()
            .map(|(name, _)| name.clone())
            .filter(|name| !used.contains(name))
            .collect();
        for name in unused {
            xobjects.remove(&name);
        }
    }
}

fn xobject_dictionary_mut(document: &mut Document, place: XObjectPlace) -> Option<&mut Dictionary> {
    let resources = match place {
        XObjectPlace::Object(id) => return document.get_object_mut(id).ok()?.as_dict_mut().ok(),
        XObjectPlace::In(DictionaryPlace::Object(id)) => {
            document.get_object_mut(id).ok()?.as_dict_mut().ok()?
        }
        XObjectPlace::In(DictionaryPlace::ResourcesOf(owner)) => {
            let owner = match document.get_object_mut(owner).ok()? {
                Object::Dictionary(dictionary) => dictionary,
                Object::Stream(stream) => &mut stream.dict,
                _ => return None,
            };
            owner.get_mut(b"Resources").ok()?.as_dict_mut().ok()?
        }
    };
    resources.get_mut(b"XObject").ok()?.as_dict_mut().ok()
}

/// Hidden optional content (layers switched off) may hold text no one sees; showing or
/// removing it without a person's review would be a guess (open-redact-pdf refuses too).
fn refuse_hidden_layers(document: &Document) -> Result<(), RedactError> {
    let Ok(catalog) = document.catalog() else {
        return Ok(());
    };
    let Ok(properties) = catalog
        .get_deref(b"OCProperties", document)
        .and_then(Object::as_dict)
    else {
        return Ok(());
    };
    let Ok(default) = properties
        .get_deref(b"D", document)
        .and_then(Object::as_dict)
    else {
        return Ok(());
    };
    let base_off = default
        .get(b"BaseState")
        .and_then(Object::as_name)
        .is_ok_and(|name| name == b"OFF");
    let off = default
        .get_deref(b"OFF", document)
        .and_then(Object::as_array)
        .is_ok_and(|list| !list.is_empty());
    if base_off || off {
        return Err(review(
            "the document has hidden optional-content layers; their content needs a person's review",
        ));
    }
    Ok(())
}

/// Checks the pictures read for each page against the file (every picture large enough to hold
/// text was read, and is the picture that was read) and appends their text to the page text
/// exactly as gathering did. Returns the pictures of each page.
fn attach_pictures<'a>(
    document: &Document,
    layouts: &mut [PageLayout],
    pictures: &'a [PictureText],
    unread_checked: bool,
) -> Result<Vec<Vec<&'a PictureText>>, RedactError> {
    let mut page_pictures: Vec<Vec<&PictureText>> = vec![Vec::new(); layouts.len()];
    for picture in pictures {
        let Some(slot) = (picture.page as usize)
            .checked_sub(1)
            .and_then(|index| page_pictures.get_mut(index))
        else {
            return Err(review(format!(
                "page {}: a picture was read on a page the file does not have; re-read the file",
                picture.page
            )));
        };
        slot.push(picture);
    }
    for (layout, page_pictures) in layouts.iter_mut().zip(&page_pictures) {
        for image in layout.images.iter().filter(|image| pdf::must_read(image)) {
            let read = image.id.is_some_and(|id| {
                page_pictures
                    .iter()
                    .any(|picture| (picture.object.0, picture.object.1) == id)
            });
            // A person looked at the pictures sarpack could not read and released the item.
            if !read && !unread_checked {
                return Err(review(format!(
                    "page {}: {} was not read (a picture large enough to hold text is never disclosed unread)",
                    layout.number, image.name
                )));
            }
        }
        for picture in page_pictures {
            let id = (picture.object.0, picture.object.1);
            let same = match document.get_object(id) {
                Ok(Object::Stream(stream)) => pdf::stream_digest(stream) == picture.digest,
                _ => false,
            };
            if !same {
                return Err(review(format!(
                    "page {}: a picture is not the one that was read; re-read the file",
                    layout.number
                )));
            }
            let start = pdf::append_picture_text(&mut layout.text, &picture.text);
            if start != picture.start || start + picture.text.len() != picture.end {
                return Err(review(format!(
                    "page {}: the text read in a picture no longer matches the page; re-read the file",
                    layout.number
                )));
            }
        }
    }
    Ok(page_pictures)
}

/// Fills the pixels of every redacted word (and every person's area) black and replaces each
/// picture with a fresh stream made from the filled pixels alone (the original stream, with any
/// JPEG metadata, soft mask or alternates, is gone from the file). Returns, per page, a labelled
/// box over each filled area wherever the picture is drawn, and the digests of the originals.
fn redact_pictures(
    document: &mut Document,
    layouts: &[PageLayout],
    boxes: &PixelBoxes,
    redactions: &[Redaction],
    labels: &[Option<String>],
    areas: &[AreaRedaction],
) -> Result<(Vec<Vec<Cover>>, Vec<String>), RedactError> {
    let mut covers: Vec<Vec<Cover>> = vec![Vec::new(); layouts.len()];
    let mut replaced = Vec::new();
    for (id, fills) in boxes {
        // A picture under a person's area is named by the decision when it cannot be filled.
        let cannot = |what: String| match fills.iter().find_map(|fill| match fill {
            Fill::Area(_, index) => Some(&areas[*index]),
            Fill::Word(..) | Fill::Under(..) => None,
        }) {
            Some(area) => review(format!(
                "decision {} (`redact-area` on page {}): {what}; withhold the item or redact it by hand",
                area.entry, area.page
            )),
            None => review(what),
        };
        let (pixels, interpolate, digest) = match document.get_object(*id) {
            Ok(Object::Stream(stream)) => (
                pdf::image::decode(document, stream)
                    .map_err(|reason| cannot(format!("a picture to redact: {reason}")))?,
                stream
                    .dict
                    .get(b"Interpolate")
                    .and_then(Object::as_bool)
                    .unwrap_or(false),
                pdf::stream_digest(stream),
            ),
            _ => {
                return Err(cannot(
                    "a picture to redact is missing from the file".into(),
                ));
            }
        };
        let mut pixels = pixels;
        let (width, height) = (pixels.width, pixels.height);
        // Each fill, with the page whose own box already covers it (a person's area).
        let label = |redaction: usize| labels.get(redaction).cloned().flatten();
        let padded: Vec<PixelCover> = fills
            .iter()
            .map(|fill| match *fill {
                Fill::Word(bbox, redaction) => (
                    padded_word_box(bbox),
                    redactions[redaction].code.clone(),
                    label(redaction),
                    None,
                ),
                Fill::Area(unit, area) => (
                    unit_pixels(unit, width, height),
                    areas[area].code.clone(),
                    None,
                    Some(areas[area].page),
                ),
                Fill::Under(unit, redaction, page) => (
                    unit_pixels(unit, width, height),
                    redactions[redaction].code.clone(),
                    label(redaction),
                    Some(page),
                ),
            })
            .collect();
        for (area, ..) in &padded {
            pixels.fill(*area);
        }
        let stream = pdf::image::encode(&pixels, interpolate).map_err(cannot)?;
        document.objects.insert(*id, Object::Stream(stream));
        replaced.push(digest);
        for (page_index, layout) in layouts.iter().enumerate() {
            for image in layout.images.iter().filter(|image| image.id == Some(*id)) {
                let (width, height) = (f64::from(width), f64::from(height));
                for ([left, top, right, bottom], code, label, boxed_on) in &padded {
                    // The area's own box hides the fill on its page; a second box there would
                    // bury the first one's label.
                    if *boxed_on == Some(layout.number) {
                        continue;
                    }
                    let (u0, u1) = (
                        f64::from(*left) / width,
                        f64::from((*right).min(pixels.width)) / width,
                    );
                    let (v0, v1) = (
                        1.0 - f64::from((*bottom).min(pixels.height)) / height,
                        1.0 - f64::from(*top) / height,
                    );
                    let corners = [
                        interpret::apply(&image.matrix, u0, v0),
                        interpret::apply(&image.matrix, u1, v0),
                        interpret::apply(&image.matrix, u0, v1),
                        interpret::apply(&image.matrix, u1, v1),
                    ];
                    let mut rect = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                    for (x, y) in corners {
                        rect = [
                            rect[0].min(x),
                            rect[1].min(y),
                            rect[2].max(x),
                            rect[3].max(y),
                        ];
                    }
                    covers[page_index].push(Cover {
                        rect,
                        code: code.clone(),
                        label: label.clone(),
                    });
                }
            }
        }
    }
    replaced.sort();
    Ok((covers, replaced))
}

/// Every pixel a part `[u0, v0, u1, v1]` of a picture's unit square (v up) touches, rounded
/// outwards, as `[left, top, right, bottom]`.
fn unit_pixels([u0, v0, u1, v1]: [f64; 4], width: u32, height: u32) -> [u32; 4] {
    let across = |unit: f64, side: u32| unit * f64::from(side);
    [
        across(u0, width).floor() as u32,
        across(1.0 - v1, height).floor() as u32,
        (across(u1, width).ceil() as u32).min(width),
        (across(1.0 - v0, height).ceil() as u32).min(height),
    ]
}

/// The pixels to fill for a word OCR read at `bbox`. Tesseract's boxes are tight around the
/// ink: widened past anti-aliasing and the descenders of a slightly skewed line, by a fifth of
/// the line's height (the box's shorter side, so that a sideways page is padded alike).
pub(super) fn padded_word_box([left, top, right, bottom]: [u32; 4]) -> [u32; 4] {
    let side = (bottom.saturating_sub(top)).min(right.saturating_sub(left));
    let pad = (side / 5).max(2);
    [
        left.saturating_sub(pad),
        top.saturating_sub(pad),
        right + pad,
        bottom + pad,
    ]
}

fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    let width = a[2].min(b[2]) - a[0].max(b[0]);
    let height = a[3].min(b[3]) - a[1].max(b[1]);
    width > 0.5 && height > 0.5
}

/// One box per run of removed glyphs on a line, for each redaction (glyphs of a form drawn
/// twice are removed, and covered, in both places).
fn covers_for(
    layout: &PageLayout,
    removal: &BTreeMap<GlyphPlace, usize>,
    redactions: &[Redaction],
    labels: &[Option<String>],
) -> Result<Vec<Cover>, RedactError> {
    let cover = |owner: usize, rect: [f64; 4]| Cover {
        rect,
        code: redactions[owner].code.clone(),
        label: labels.get(owner).cloned().flatten(),
    };
    let mut covers: Vec<Cover> = Vec::new();
    let mut current: Option<(usize, [f64; 4])> = None;
    for glyph in &layout.glyphs {
        let Some(&redaction) =
            removal.get(&(glyph.stream, glyph.operation, glyph.element, glyph.byte))
        else {
            continue;
        };
        // A glyph in a person's area is under the area's own box.
        if redaction == IN_AREA {
            continue;
        }
        if glyph.kern.is_none() {
            return Err(review(format!(
                "page {}: text drawn at font size 0 cannot be removed in place",
                layout.number
            )));
        }
        let bbox = glyph.bbox;
        if let Some((owner, rect)) = current.as_mut() {
            let height = (rect[3] - rect[1]).min(bbox[3] - bbox[1]).max(0.1);
            let vertical = rect[3].min(bbox[3]) - rect[1].max(bbox[1]);
            let gap = bbox[0] - rect[2];
            if *owner == redaction
                && vertical >= 0.5 * height
                && gap <= 1.5 * height
                && bbox[2] >= rect[0] - 1.5 * height
            {
                rect[0] = rect[0].min(bbox[0]);
                rect[1] = rect[1].min(bbox[1]);
                rect[2] = rect[2].max(bbox[2]);
                rect[3] = rect[3].max(bbox[3]);
                continue;
            }
        }
        if let Some((owner, rect)) = current.take() {
            covers.push(cover(owner, rect));
        }
        current = Some((redaction, bbox));
    }
    if let Some((owner, rect)) = current {
        covers.push(cover(owner, rect));
    }
    for cover in &mut covers {
        cover.rect[0] -= 0.5;
        cover.rect[1] -= 0.5;
        cover.rect[2] += 0.5;
        cover.rect[3] += 0.5;
    }
    trim_off_kept_glyphs(&mut covers, layout, removal);
    Ok(covers)
}

/// How far (points) a box edge stays from the middle of a kept glyph.
const KEPT_MARGIN: f64 = 0.3;

/// A box never covers a glyph that is kept (issue 11): the half point of padding, a kerning pair
/// that draws a full stop into the last letter's advance ("y."), or a tight line above can put
/// the middle of a kept glyph inside the box, and a box over live text is what a reader (and the
/// verifier) takes for a redaction that only covers. Each box is cut back, on the side that
/// keeps the most of it, until no kept glyph's middle is inside it; the middle is taken with a
/// margin, and vertically anywhere from 30% to 60% of the glyph's box (readers put the middle at
/// half the box, or 0.3 em above the baseline when they assume a 0.2 em descent). A box cut to nothing is not drawn: the
/// glyphs under it are removed either way.
fn trim_off_kept_glyphs(
    covers: &mut Vec<Cover>,
    layout: &PageLayout,
    removal: &BTreeMap<GlyphPlace, usize>,
) {
    if covers.is_empty() {
        return;
    }
    let kept: Vec<[f64; 4]> = layout
        .glyphs
        .iter()
        .filter(|glyph| {
            !removal.contains_key(&(glyph.stream, glyph.operation, glyph.element, glyph.byte))
        })
        .filter(|glyph| {
            layout
                .text
                .get(glyph.text_start as usize..glyph.text_end as usize)
                .is_some_and(|text| text.chars().any(|c| !c.is_whitespace()))
        })
        .map(|glyph| {
            let [x0, y0, x1, y1] = glyph.bbox;
            let middle_x = (x0 + x1) / 2.0;
            let height = y1 - y0;
            [
                middle_x - KEPT_MARGIN,
                y0 + 0.3 * height - KEPT_MARGIN,
                middle_x + KEPT_MARGIN,
                y0 + 0.6 * height + KEPT_MARGIN,
            ]
        })
        .collect();
    covers.retain_mut(|cover| {
        for region in &kept {
            let rect = &mut cover.rect;
            let inside = region[0] < rect[2]
                && rect[0] < region[2]
                && region[1] < rect[3]
                && rect[1] < region[3];
            if !inside {
                continue;
            }
            // The four ways to cut the region off; keep the largest box that is left.
            let candidates = [
                [rect[0], rect[1], region[0], rect[3]],
                [region[2], rect[1], rect[2], rect[3]],
                [rect[0], rect[1], rect[2], region[1]],
                [rect[0], region[3], rect[2], rect[3]],
            ];
            let area = |r: &[f64; 4]| (r[2] - r[0]).max(0.0) * (r[3] - r[1]).max(0.0);
            let best = candidates
                .iter()
                .copied()
                .max_by(|a, b| area(a).total_cmp(&area(b)))
                .unwrap_or(*rect);
            *rect = best;
        }
        let rect = &cover.rect;
        rect[2] - rect[0] > 0.5 && rect[3] - rect[1] > 0.5
    });
}

/// Replaces the removed codes of one text-showing operation by kerning, as a `TJ` array (with
/// the line move and spacing of `'` and `"` made explicit).
fn rewrite_operation(
    operation: &Operation,
    removed: &BTreeMap<(u32, u32), (u8, f64)>,
) -> Vec<Operation> {
    let operands = &operation.operands;
    let (prefix, elements): (Vec<Operation>, Vec<Object>) = match operation.operator.as_str() {
        "TJ" => match operands.first() {
            Some(Object::Array(elements)) => (Vec::new(), elements.clone()),
            _ => return vec![operation.clone()],
        },
        "Tj" => (Vec::new(), operands.first().cloned().into_iter().collect()),
        "'" => (
            vec![Operation::new("T*", Vec::new())],
            operands.last().cloned().into_iter().collect(),
        ),
        "\"" if operands.len() == 3 => (
            vec![
                Operation::new("Tw", vec![operands[0].clone()]),
                Operation::new("Tc", vec![operands[1].clone()]),
                Operation::new("T*", Vec::new()),
            ],
            vec![operands[2].clone()],
        ),
        _ => return vec![operation.clone()],
    };
    let mut array: Vec<Object> = Vec::with_capacity(elements.len() + 4);
    let push_number = |array: &mut Vec<Object>, value: f64| {
        if let Some(Object::Real(last)) = array.last_mut() {
            *last += value as f32;
        } else {
            array.push(Object::Real(value as f32));
        }
    };
    for (element, object) in elements.iter().enumerate() {
        // Kept runs keep the string's own format (hex doubles the size of a literal).
        let Object::String(bytes, format) = object else {
            if let Some(value) = object.as_float().ok().map(f64::from) {
                push_number(&mut array, value);
            }
            continue;
        };
        let mut kept = Vec::new();
        let mut position = 0usize;
        while position < bytes.len() {
            if let Some(&(length, kern)) = removed.get(&(element as u32, position as u32)) {
                if !kept.is_empty() {
                    array.push(Object::String(std::mem::take(&mut kept), *format));
                }
                push_number(&mut array, kern);
                position += usize::from(length.max(1));
            } else {
                kept.push(bytes[position]);
                position += 1;
            }
        }
        if !kept.is_empty() {
            array.push(Object::String(kept, *format));
        }
    }
    let mut result = prefix;
    result.push(Operation::new("TJ", vec![Object::Array(array)]));
    result
}

/// Strips `/ActualText`, `/Alt` and `/E` from inline marked-content property lists: they hold
/// text that readers extract instead of the glyphs (checklist A9).
fn strip_marked_content(operations: &mut [Operation]) -> bool {
    let mut changed = false;
    for operation in operations.iter_mut() {
        if matches!(operation.operator.as_str(), "BDC" | "DP")
            && let Some(Object::Dictionary(properties)) = operation.operands.get_mut(1)
        {
            for key in [&b"ActualText"[..], b"Alt", b"E"] {
                changed |= properties.remove(key).is_some();
            }
        }
    }
    changed
}

fn encode(operations: Vec<Operation>) -> Result<Vec<u8>, RedactError> {
    Content { operations }.encode().map_err(|error| {
        review(format!(
            "cannot encode a rewritten content stream ({error})"
        ))
    })
}

/// Flate at level 6 (`crate::deflate`): lopdf's `compress` uses level 9, several times slower
/// for a few per cent of size on content streams.
fn deflate(data: &[u8]) -> Result<Vec<u8>, RedactError> {
    crate::deflate::zlib(data).map_err(|error| review(format!("{error} (a content stream)")))
}

fn flate_stream(data: &[u8]) -> Result<Stream, RedactError> {
    let mut dictionary = Dictionary::new();
    dictionary.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Ok(Stream::new(dictionary, deflate(data)?))
}

fn format_number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn rewrite_page(
    document: &mut Document,
    layout: &mut PageLayout,
    removal: &BTreeMap<GlyphPlace, usize>,
    unpainted: &BTreeSet<(u32, u32)>,
    covers: &[Cover],
    label_font: Option<&crate::render::EmbeddedFont>,
) -> Result<(), RedactError> {
    // Removed codes per stream and operation: (element, byte) -> (length, kern).
    let mut per_stream: HashMap<u32, StreamRemovals> = HashMap::new();
    for glyph in &layout.glyphs {
        if removal.contains_key(&(glyph.stream, glyph.operation, glyph.element, glyph.byte)) {
            per_stream
                .entry(glyph.stream)
                .or_default()
                .entry(glyph.operation)
                .or_default()
                .insert(
                    (glyph.element, glyph.byte),
                    (glyph.length, glyph.kern.unwrap_or(0.0)),
                );
        }
    }
    let count = layout.streams.len();
    let mut dirty = vec![false; count];
    for (index, stream) in layout.streams.iter_mut().enumerate() {
        let mut operations = std::mem::take(&mut stream.operations);
        // A path painted in a person's area ends without painting (`n`): a clip it sets
        // (`W n` before the paint) still applies to what follows.
        for (op_index, operation) in operations.iter_mut().enumerate() {
            if unpainted.contains(&(index as u32, op_index as u32)) {
                *operation = Operation::new("n", Vec::new());
                dirty[index] = true;
            }
        }
        if let Some(changes) = per_stream.get(&(index as u32)) {
            let mut rewritten = Vec::with_capacity(operations.len() + changes.len() * 3);
            for (op_index, operation) in operations.into_iter().enumerate() {
                match changes.get(&(op_index as u32)) {
                    Some(removed) => rewritten.extend(rewrite_operation(&operation, removed)),
                    None => rewritten.push(operation),
                }
            }
            operations = rewritten;
            dirty[index] = true;
        }
        if layout.marked_content_text && strip_marked_content(&mut operations) {
            dirty[index] = true;
        }
        stream.operations = operations;
    }
    dirty[0] = true;
    // A changed form is cloned for this page (forms may be shared with other pages), and so is
    // every form between it and the page, so that each parent can point at the clone.
    let mut needs_clone = dirty.clone();
    needs_clone[0] = true;
    for index in (1..count).rev() {
        if needs_clone[index]
            && let Some(form) = &layout.streams[index].form
        {
            needs_clone[form.parent] = true;
        }
    }
    let mut clone_ids: Vec<Option<ObjectId>> = vec![None; count];
    for (index, slot) in clone_ids.iter_mut().enumerate().skip(1) {
        if needs_clone[index] {
            *slot = Some(
                document
                    .try_new_object_id()
                    .map_err(|error| review(format!("cannot add a form copy ({error})")))?,
            );
        }
    }
    // Resource overrides per parent: XObject name -> clone.
    let mut overrides: Vec<Vec<(Vec<u8>, ObjectId)>> = vec![Vec::new(); count];
    for (clone, stream) in clone_ids.iter().zip(&layout.streams) {
        if let (Some(clone), Some(form)) = (clone, &stream.form) {
            overrides[form.parent].push((form.name.clone(), *clone));
        }
    }
    let page_resources_dict = page_resources(document, layout.page_id)
        .cloned()
        .unwrap_or_default();
    for index in 1..count {
        let (Some(clone), Some(form)) = (clone_ids[index], layout.streams[index].form.clone())
        else {
            continue;
        };
        let Ok(Object::Stream(original)) = document.get_object(form.id) else {
            return Err(review(format!(
                "page {}: a form XObject disappeared",
                layout.number
            )));
        };
        let mut copy: Stream = original.clone();
        if dirty[index] {
            let operations = std::mem::take(&mut layout.streams[index].operations);
            let data = deflate(&encode(operations)?)?;
            copy.dict.remove(b"DecodeParms");
            copy.dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            copy.set_content(data);
            copy.allows_compression = true;
        }
        if !overrides[index].is_empty() {
            let inherited = match copy.dict.get(b"Resources") {
                Ok(object) => document
                    .dereference(object)
                    .ok()
                    .and_then(|(_, object)| object.as_dict().ok().cloned())
                    .unwrap_or_default(),
                Err(_) => page_resources_dict.clone(),
            };
            let resources = with_xobject_overrides(document, inherited, &overrides[index]);
            copy.dict.set("Resources", Object::Dictionary(resources));
        }
        document.objects.insert(clone, Object::Stream(copy));
    }

    // The page: its content wrapped in q/Q, then the boxes; resources made page-local.
    let mut resources = with_xobject_overrides(document, page_resources_dict, &overrides[0]);
    let mut content = b"q\n".to_vec();
    content.extend(encode(std::mem::take(&mut layout.streams[0].operations))?);
    content.extend_from_slice(b"\nQ\n");
    if !covers.is_empty() {
        let mut fonts = resolved_dictionary(document, resources.get(b"Font").ok());
        let mut name = b"SarpackLabel".to_vec();
        let mut suffix = 0;
        while fonts.has(&name) {
            suffix += 1;
            name = format!("SarpackLabel{suffix}").into_bytes();
        }
        if let Some(font) = label_font {
            fonts.set(name.clone(), Object::Reference(font.id));
            resources.set("Font", Object::Dictionary(fonts));
        }
        // Every box first, then every label: where boxes overlap (a word's box from the text
        // layer and the same word's box from its picture), a later box would otherwise lie over
        // an earlier box's label, which is live text under a box to any reader (issue 11).
        let parts: Vec<(Vec<u8>, Vec<u8>)> = covers
            .iter()
            .map(|cover| cover_parts(cover, &name, label_font))
            .collect();
        for (fill, _) in &parts {
            content.extend_from_slice(fill);
        }
        for (_, label) in &parts {
            content.extend_from_slice(label);
        }
    }
    let content_id = document
        .try_add_object(Object::Stream(flate_stream(&content)?))
        .map_err(|error| review(format!("cannot add page content ({error})")))?;
    let page = document
        .get_dictionary_mut(layout.page_id)
        .map_err(|error| {
            review(format!(
                "page {}: cannot update the page ({error})",
                layout.number
            ))
        })?;
    page.set("Contents", Object::Reference(content_id));
    page.set("Resources", Object::Dictionary(resources));
    Ok(())
}

fn resolved_dictionary(document: &Document, object: Option<&Object>) -> Dictionary {
    object
        .and_then(|object| document.dereference(object).ok())
        .and_then(|(_, object)| object.as_dict().ok().cloned())
        .unwrap_or_default()
}

fn with_xobject_overrides(
    document: &Document,
    mut resources: Dictionary,
    overrides: &[(Vec<u8>, ObjectId)],
) -> Dictionary {
    if overrides.is_empty() {
        return resources;
    }
    let mut xobjects = resolved_dictionary(document, resources.get(b"XObject").ok());
    for (name, id) in overrides {
        xobjects.set(name.clone(), Object::Reference(*id));
    }
    resources.set("XObject", Object::Dictionary(xobjects));
    resources
}

/// An opaque black box with its label in white, centred.
#[cfg(test)]
fn draw_cover(cover: &Cover, name: &[u8], font: Option<&crate::render::EmbeddedFont>) -> Vec<u8> {
    let (mut fill, label) = cover_parts(cover, name, font);
    fill.extend(label);
    fill
}

/// The smallest size a label is set at (points): below it the relationship label gives way to
/// the bare code. 5 pt is small print, still read at ordinary zoom; the box is as wide as the
/// text it replaces on an original PDF, so a short name leaves room only for the code.
const LABEL_MIN_SIZE: f64 = 5.0;

/// The smallest size the bare code is set at; a box too small for it shows no text.
const CODE_MIN_SIZE: f64 = 3.0;

/// Whether the pack's face draws every character of `text` (and it has one).
fn drawable(text: &str) -> bool {
    !text.trim().is_empty() && text.chars().all(crate::render::can_draw)
}

/// The text to print in a box `width` by `height` points and its size: the relationship label
/// at up to 10 pt when it fits at [`LABEL_MIN_SIZE`] or more, else the bare code when it fits at
/// [`CODE_MIN_SIZE`], else nothing (the box alone).
fn fit_label(cover: &Cover, width: f64, height: f64) -> Option<(&str, f64)> {
    let fit = |text: &str, least: f64| {
        let unit = f64::from(crate::render::text_width(text, 1.0));
        if !drawable(text) || unit <= 0.0 {
            return None;
        }
        let size = (height * 0.75).min(10.0).min((width - 1.0) / unit);
        (size >= least).then_some(size)
    };
    cover
        .label
        .as_deref()
        .and_then(|label| fit(label, LABEL_MIN_SIZE).map(|size| (label, size)))
        .or_else(|| {
            let code = cover.code.0.as_str();
            fit(code, CODE_MIN_SIZE).map(|size| (code, size))
        })
}

/// The opaque black box, and its label in white in the pack's face centred on it (empty when
/// none fits, see [`fit_label`], or there is no font), as content-stream operators.
fn cover_parts(
    cover: &Cover,
    name: &[u8],
    font: Option<&crate::render::EmbeddedFont>,
) -> (Vec<u8>, Vec<u8>) {
    let [x0, y0, x1, y1] = cover.rect;
    let (width, height) = (x1 - x0, y1 - y0);
    let out = format!(
        "q 0 0 0 rg {} {} {} {} re f Q\n",
        format_number(x0),
        format_number(y0),
        format_number(width),
        format_number(height)
    )
    .into_bytes();
    let (Some(font), Some((text, size))) = (font, fit_label(cover, width, height)) else {
        return (out, Vec::new());
    };
    let drawn = f64::from(crate::render::text_width(text, 1.0)) * size;
    let x = x0 + (width - drawn) / 2.0;
    // The baseline so that capitals (0.73 em in DejaVu Sans) sit in the middle of the box.
    let y = y0 + (height - size * 0.73) / 2.0;
    let codes: String = font
        .encode(text)
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect();
    let label = format!(
        "q 1 1 1 rg BT /{} {} Tf {} {} Td <{codes}> Tj ET Q\n",
        String::from_utf8_lossy(name),
        format_number(size),
        format_number(x),
        format_number(y)
    )
    .into_bytes();
    (out, label)
}

/// Keys that carry hidden text or behaviour, removed wherever they appear.
const SCRUB_EVERYWHERE: &[&[u8]] = &[b"Metadata", b"PieceInfo", b"AA", b"ActualText", b"Alt"];

/// The entries a picture (an image XObject) keeps: what drawing it takes (PDF 32000-1, table 89,
/// and `/Matte` of a soft mask). Everything else goes: a caption or note a producer wrote into
/// it, `/Name`, `/Alternates` (other pictures shown instead), `/OPI` and `/ID` (a link to the
/// high-resolution original), `/OC` (a hidden layer), `/StructParent`, and an external file.
const IMAGE_KEEPS: &[&[u8]] = &[
    b"Type",
    b"Subtype",
    b"Width",
    b"Height",
    b"ColorSpace",
    b"BitsPerComponent",
    b"Intent",
    b"ImageMask",
    b"Mask",
    b"Decode",
    b"Interpolate",
    b"SMask",
    b"SMaskInData",
    b"Matte",
    b"Filter",
    b"DecodeParms",
    b"Length",
];

/// Document-level entries removed from the catalog (issue 4 scrub list).
const SCRUB_CATALOG: &[&[u8]] = &[
    b"AcroForm",
    b"Outlines",
    b"Names",
    b"Dests",
    b"OpenAction",
    b"PageLabels",
    b"StructTreeRoot",
    b"MarkInfo",
    b"OCProperties",
    b"Threads",
    b"SpiderInfo",
    b"URI",
    b"Legal",
    b"Perms",
    b"Collection",
    b"AF",
    b"Requirements",
    b"Info",
];

/// Page entries removed from every page and page-tree node.
const SCRUB_PAGE: &[&[u8]] = &[
    b"Annots",
    b"Thumb",
    b"B",
    b"StructParents",
    b"SeparationInfo",
    b"PZ",
    b"Tabs",
];

/// The `/Title` of the document information, when it is a string.
fn own_info_title(document: &Document) -> Option<Object> {
    let info = document.trailer.get(b"Info").ok()?;
    let (_, info) = document.dereference(info).ok()?;
    let (_, title) = document
        .dereference(info.as_dict().ok()?.get(b"Title").ok()?)
        .ok()?;
    matches!(title, Object::String(..)).then(|| title.clone())
}

/// The catalog's `/Lang` as a language tag in its canonical case, or `None` when it is not one
/// (see [`language_tag`]).
fn catalog_language(document: &Document) -> Option<String> {
    let lang = document.catalog().ok()?.get(b"Lang").ok()?;
    let (_, lang) = document.dereference(lang).ok()?;
    let Object::String(bytes, _) = lang else {
        return None;
    };
    let text = match bytes.strip_prefix(&[0xFE, 0xFF]) {
        // A text string in UTF-16BE (PDF 32000-1 7.9.2.2).
        Some(units) => {
            let units: Vec<u16> = units
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16(&units).ok()?
        }
        None => String::from_utf8(bytes.clone()).ok()?,
    };
    language_tag(&text)
}

/// `text` as a BCP 47 language tag of the form language[-script][-region] ("en-GB", "cy",
/// "zh-Hant-TW", "es-419"), in canonical case (RFC 5646 2.1.1), or `None`. Variants,
/// extensions and private use (`x-...`) are refused: they can spell any word, and an original's
/// `/Lang` is a string that enters the pack like any other.
fn language_tag(text: &str) -> Option<String> {
    let mut parts = text.split('-');
    let language = parts.next()?;
    if !(2..=3).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut tag = language.to_ascii_lowercase();
    let mut script_allowed = true;
    let mut region_allowed = true;
    for part in parts {
        let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        if script_allowed && part.len() == 4 && letters {
            tag.push('-');
            tag.push_str(&part[..1].to_ascii_uppercase());
            tag.push_str(&part[1..].to_ascii_lowercase());
            script_allowed = false;
        } else if region_allowed && ((part.len() == 2 && letters) || (part.len() == 3 && digits)) {
            tag.push('-');
            tag.push_str(&part.to_ascii_uppercase());
            script_allowed = false;
            region_allowed = false;
        } else {
            return None;
        }
    }
    Some(tag)
}

fn scrub(document: &mut Document) {
    strip_jpeg_metadata(document);
    // An original's `/Lang` is its producer's claim about the language of its content: kept,
    // so a screen reader reads a Welsh letter in Welsh (sarpack cannot know a scan's language,
    // and `en-GB` would be a claim it cannot make), but only as a well-formed language tag;
    // anything else is dropped (README: "What a screen reader gets").
    let language = catalog_language(document);
    document.trailer.remove(b"Info");
    document.trailer.remove(b"Prev");
    document.trailer.remove(b"XRefStm");
    document.trailer.remove(b"ID");
    if let Ok(catalog) = document.catalog_mut() {
        for key in SCRUB_CATALOG {
            catalog.remove(key);
        }
        match &language {
            Some(tag) => catalog.set("Lang", Object::string_literal(tag.as_str())),
            None => {
                catalog.remove(b"Lang");
            }
        }
        if catalog
            .get(b"PageMode")
            .and_then(Object::as_name)
            .is_ok_and(|mode| mode != b"UseNone" && mode != b"FullScreen")
        {
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }
    let mut referenced_lists = Vec::new();
    for object in document.objects.values_mut() {
        let dictionary = match object {
            Object::Dictionary(dictionary) => dictionary,
            Object::Stream(stream) => &mut stream.dict,
            _ => continue,
        };
        for key in SCRUB_EVERYWHERE {
            dictionary.remove(key);
        }
        if matches!(dictionary.get(b"Subtype"), Ok(Object::Name(name)) if name == b"Image") {
            let extra: Vec<Vec<u8>> = dictionary
                .iter()
                .map(|(key, _)| key.clone())
                .filter(|key| !IMAGE_KEEPS.contains(&key.as_slice()))
                .collect();
            for key in extra {
                dictionary.remove(&key);
            }
        }
        if dictionary.has_type(b"Page") || dictionary.has_type(b"Pages") {
            for key in SCRUB_PAGE {
                dictionary.remove(key);
            }
        }
        // Named marked-content property lists (`/Properties` resources) carry `/E` too.
        if let Ok(Object::Dictionary(properties)) = dictionary.get_mut(b"Properties") {
            for (_, value) in properties.iter_mut() {
                match value {
                    Object::Dictionary(list) => {
                        list.remove(b"E");
                    }
                    Object::Reference(id) => referenced_lists.push(*id),
                    _ => {}
                }
            }
        }
    }
    // Pages without a /Type are pages all the same.
    let page_ids: Vec<ObjectId> = document.get_pages().into_values().collect();
    for id in page_ids {
        if let Ok(page) = document.get_dictionary_mut(id) {
            for key in SCRUB_PAGE {
                page.remove(key);
            }
        }
    }
    for id in referenced_lists {
        if let Ok(Object::Dictionary(list)) = document.get_object_mut(id) {
            list.remove(b"E");
        }
    }
}

/// Drops the metadata segments (EXIF, XMP, IPTC, comments, embedded thumbnails) of every JPEG
/// picture, keeping its image data byte for byte (`pdf::image::without_jpeg_metadata`).
fn strip_jpeg_metadata(document: &mut Document) {
    for object in document.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let jpeg_only = match stream.dict.get(b"Filter") {
            Ok(Object::Name(name)) => name == b"DCTDecode" || name == b"DCT",
            Ok(Object::Array(filters)) => {
                filters.len() == 1
                    && filters[0]
                        .as_name()
                        .is_ok_and(|name| name == b"DCTDecode" || name == b"DCT")
            }
            _ => false,
        };
        if !jpeg_only {
            continue;
        }
        if let Some(stripped) = pdf::image::without_jpeg_metadata(&stream.content)
            && stripped.len() != stream.content.len()
        {
            stream.set_content(stripped);
        }
    }
}

/// Prunes what nothing references, renumbers, compresses and writes one revision. The `/ID` is
/// a hash of the file as written with a zero placeholder ID, patched in place (same length), so
/// the same input gives the same bytes and the file is written once.
fn save(mut document: Document) -> Result<Vec<u8>, RedactError> {
    document.prune_objects();
    document.renumber_objects();
    document.compress();
    let placeholder = vec![0u8; 16];
    document.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(placeholder.clone(), StringFormat::Hexadecimal),
            Object::String(placeholder, StringFormat::Hexadecimal),
        ]),
    );
    let mut output = Vec::new();
    document
        .save_to(&mut output)
        .map_err(|error| review(format!("cannot write the redacted PDF ({error})")))?;
    let digest = Sha256::digest(&output);
    let hex: String = digest
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    // The trailer (or cross-reference stream dictionary) is at the end of the file: its ID is
    // the last placeholder pair written.
    let needle = format!("<{}>", "00".repeat(16));
    let needle = needle.as_bytes();
    let mut end = output.len();
    for _ in 0..2 {
        let start = output[..end]
            .windows(needle.len())
            .rposition(|window| window == needle)
            .ok_or_else(|| review("could not set the document ID of the written PDF"))?;
        output[start + 1..start + 33].copy_from_slice(hex.as_bytes());
        end = start;
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_well_formed_language_tag_is_kept_in_its_canonical_case() {
        for (lang, kept) in [
            ("en-GB", Some("en-GB")),
            ("EN-gb", Some("en-GB")),
            ("cy", Some("cy")),
            ("zh-hant-tw", Some("zh-Hant-TW")),
            ("es-419", Some("es-419")),
            ("yue", Some("yue")),
            ("", None),
            ("e", None),
            ("english", None),
            ("Jane Smith", None),
            ("en GB", None),
            ("en-GB-x-janesmith", None),
            ("en-GB-oxendict", None),
            ("en-GB-US", None),
            ("en-Latn-Latn", None),
            ("en-", None),
            ("é-GB", None),
        ] {
            assert_eq!(language_tag(lang).as_deref(), kept, "{lang:?}");
        }
    }

    fn string(bytes: &[u8]) -> Object {
        Object::String(bytes.to_vec(), StringFormat::Literal)
    }

    /// A page of glyphs in one stream and operation: (text, font) each, in drawing order.
    fn page_of(glyphs: &[(&str, u32)]) -> PageLayout {
        let mut text = String::new();
        let glyphs = glyphs
            .iter()
            .enumerate()
            .map(|(index, (glyph_text, font))| {
                let start = text.len() as u32;
                text.push_str(glyph_text);
                interpret::Glyph {
                    stream: 0,
                    operation: 0,
                    element: 0,
                    byte: index as u32 * 2,
                    length: 2,
                    text_start: start,
                    text_end: text.len() as u32,
                    bbox: [index as f64 * 10.0, 0.0, index as f64 * 10.0 + 10.0, 10.0],
                    kern: Some(-500.0),
                    invisible: false,
                    font: *font,
                }
            })
            .collect();
        PageLayout {
            number: 1,
            page_id: (1, 0),
            text,
            glyphs,
            streams: Vec::new(),
            images: Vec::new(),
            unknown_operators: BTreeSet::new(),
            marked_content_text: false,
            xobject_uses: BTreeMap::new(),
            uses_type3: false,
            paths: Vec::new(),
        }
    }

    /// The glyphs (by position) removed once `removed` are, with their clusters' companions.
    fn with_companions(glyphs: &[(&str, u32)], removed: &[u32]) -> Vec<u32> {
        let layout = page_of(glyphs);
        let mut removals = vec![
            removed
                .iter()
                .map(|index| ((0, 0, 0, index * 2), 0usize))
                .collect::<BTreeMap<GlyphPlace, usize>>(),
        ];
        remove_cluster_companions(std::slice::from_ref(&layout), &mut removals);
        removals[0].keys().map(|place| place.3 / 2).collect()
    }

    #[test]
    fn a_shaped_clusters_textless_glyphs_go_with_the_glyph_that_carries_its_text() {
        let (hah, beh) = ("\u{062d}\u{064e}\u{0628}", "\u{0628}\u{064a}");
        for (what, glyphs, removed, expected) in [
            // habibi.pdf: the word's text on its last glyph in drawing order (visual order,
            // right to left), its other glyphs mapping to nothing.
            (
                "right to left, text on the last glyph",
                vec![("", 1), ("", 1), ("", 1), (hah, 1)],
                vec![3],
                vec![0, 1, 2, 3],
            ),
            (
                "right to left: the run before a kept word is that word's",
                vec![(beh, 1), ("", 1), (hah, 1)],
                vec![0],
                vec![0],
            ),
            (
                "right to left: the run before a removed word goes",
                vec![(beh, 1), ("", 1), (hah, 1)],
                vec![2],
                vec![1, 2],
            ),
            (
                "left to right: the run after a removed cluster goes",
                vec![("k", 0), ("", 0), ("", 0), ("x", 0)],
                vec![0],
                vec![0, 1, 2],
            ),
            (
                "left to right: the run after a kept cluster stays",
                vec![("k", 0), ("", 0), ("x", 0)],
                vec![2],
                vec![2],
            ),
            (
                "another font's textless glyph is not the cluster's",
                vec![("k", 0), ("", 1), ("x", 0)],
                vec![0],
                vec![0],
            ),
        ] {
            assert_eq!(with_companions(&glyphs, &removed), expected, "{what}");
        }
    }

    #[test]
    fn removed_codes_become_kerning_and_runs_are_kept() {
        let operation = Operation::new("Tj", vec![string(b"abcd")]);
        let removed = BTreeMap::from([((0, 1), (1, -500.0)), ((0, 2), (1, -250.0))]);
        let rewritten = rewrite_operation(&operation, &removed);
        assert_eq!(rewritten.len(), 1);
        assert_eq!(rewritten[0].operator, "TJ");
        let Object::Array(array) = &rewritten[0].operands[0] else {
            panic!("not an array")
        };
        assert_eq!(array.len(), 3);
        assert_eq!(array[0].as_str().unwrap(), b"a");
        assert_eq!(array[1].as_float().unwrap(), -750.0);
        assert_eq!(array[2].as_str().unwrap(), b"d");
    }

    #[test]
    fn tj_numbers_merge_with_kerning_and_quote_operators_keep_their_state() {
        let operation = Operation::new(
            "TJ",
            vec![Object::Array(vec![
                string(b"ab"),
                Object::Integer(-20),
                string(b"cd"),
            ])],
        );
        let removed = BTreeMap::from([((0, 1), (1, -500.0)), ((2, 0), (1, -100.0))]);
        let rewritten = rewrite_operation(&operation, &removed);
        let Object::Array(array) = &rewritten[0].operands[0] else {
            panic!("not an array")
        };
        assert_eq!(array.len(), 3, "{array:?}");
        assert_eq!(array[1].as_float().unwrap(), -620.0);

        let quote = Operation::new(
            "\"",
            vec![Object::Integer(2), Object::Integer(1), string(b"xy")],
        );
        let removed = BTreeMap::from([((0, 0), (1, -300.0))]);
        let operators: Vec<String> = rewrite_operation(&quote, &removed)
            .into_iter()
            .map(|operation| operation.operator)
            .collect();
        assert_eq!(operators, ["Tw", "Tc", "T*", "TJ"]);
    }

    #[test]
    fn two_byte_codes_are_removed_whole() {
        let operation = Operation::new("Tj", vec![string(&[0, 1, 0, 2, 0, 3])]);
        let removed = BTreeMap::from([((0, 2), (2, -600.0))]);
        let rewritten = rewrite_operation(&operation, &removed);
        let Object::Array(array) = &rewritten[0].operands[0] else {
            panic!("not an array")
        };
        assert_eq!(array[0].as_str().unwrap(), &[0, 1]);
        assert_eq!(array[2].as_str().unwrap(), &[0, 3]);
    }

    /// The text a drawn label spells, decoded from its hex codes through `font`.
    fn drawn_text(
        drawn: &str,
        font: &crate::render::EmbeddedFont,
        chars: &BTreeSet<char>,
    ) -> String {
        let Some(start) = drawn.find('<') else {
            return String::new();
        };
        let end = drawn[start..].find('>').unwrap() + start;
        let hex = &drawn[start + 1..end];
        let codes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&hex[at..at + 2], 16).unwrap())
            .collect();
        // Each character's code in the subset, to read the label back.
        let mut text = String::new();
        for pair in codes.chunks(2) {
            let c = chars
                .iter()
                .find(|c| font.encode(&c.to_string()) == pair)
                .unwrap();
            text.push(*c);
        }
        text
    }

    #[test]
    fn cover_labels_fit_or_are_left_out() {
        let chars: BTreeSet<char> = "TP: mother's partner".chars().collect();
        let mut document = Document::with_version("1.7");
        let font = crate::render::EmbeddedFont::add(&mut document, &chars).unwrap();
        let cover = |rect: [f64; 4]| Cover {
            rect,
            code: Code("TP".into()),
            label: Some("TP: mother's partner".into()),
        };
        // Wide enough for the relationship label, spaces and apostrophe included.
        let drawn = String::from_utf8(draw_cover(
            &cover([10.0, 10.0, 110.0, 22.0]),
            b"L",
            Some(&font),
        ))
        .unwrap();
        assert!(drawn.contains("re f") && drawn.contains("Tj"), "{drawn}");
        assert_eq!(drawn_text(&drawn, &font, &chars), "TP: mother's partner");
        // A box the width of a short name: the bare code.
        let drawn = String::from_utf8(draw_cover(
            &cover([10.0, 10.0, 40.0, 22.0]),
            b"L",
            Some(&font),
        ))
        .unwrap();
        assert_eq!(drawn_text(&drawn, &font, &chars), "TP");
        // Too small for anything: the box alone.
        let drawn = String::from_utf8(draw_cover(
            &cover([10.0, 10.0, 12.0, 12.0]),
            b"L",
            Some(&font),
        ))
        .unwrap();
        assert!(drawn.contains("re f") && !drawn.contains("Tj"), "{drawn}");
        // A label the face cannot draw gives way to the code.
        let odd = Cover {
            label: Some("TP: \u{4E2D}".into()),
            ..cover([10.0, 10.0, 110.0, 22.0])
        };
        let drawn = String::from_utf8(draw_cover(&odd, b"L", Some(&font))).unwrap();
        assert_eq!(drawn_text(&drawn, &font, &chars), "TP");
    }
}
