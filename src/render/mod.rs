//! Typesetting new PDFs: case notes, emails and Word documents rendered for the pack, and the
//! pack's own schedule, redaction key and covering letter. Text is set in an embedded, subset
//! Unicode font so names like Wiśniewska and Siobhán O'Brien survive; a redaction is a labelled
//! opaque box whose width depends on its code, never on the removed text.
//!
//! OWNER: render helper. Contract: [`render`].

mod font;
mod layout;
mod write;
pub(crate) use write::text_string;

/// DejaVu Sans, which the pack is typeset in; the review page serves the same files.
pub(crate) use font::{BOLD_TTF, REGULAR_TTF};

use crate::model::Code;

/// An inline piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Text(String),
    Bold(String),
    /// A redaction box labelled with its code (the removed text is never passed here).
    Redaction(Code),
}

/// A block of a document, laid out top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(Vec<Run>),
    /// A bulleted paragraph: a bullet in the margin, lines indented under the first.
    Bullet(Vec<Run>),
    /// Label/value lines (e.g. the header of a case note).
    Fields(Vec<(String, String)>),
    /// A picture at the text width or less (shown at 150 pixels to the inch at most), with a
    /// caption under it.
    Picture {
        picture: Picture,
        caption: String,
    },
    /// A table with a header row; column widths are fractions of the text width.
    Table {
        headers: Vec<String>,
        widths: Vec<f32>,
        rows: Vec<Vec<String>>,
    },
    /// A table from a record (a Word table): cells of runs, so redaction boxes sit in their
    /// cells, set in a grid with borders and text wrapped within each cell. With `header`, the
    /// first row is shaded, bold and repeated at the top of every page the table spans.
    Grid {
        rows: Vec<Vec<Vec<Run>>>,
        header: bool,
    },
    PageBreak,
}

/// A picture's pixels: 8 bits per sample, grey (`channels` 1) or RGB (3), rows top to bottom.
/// Written as a new Flate-compressed image: nothing else of any file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
}

/// A typeset document and where its redaction boxes and pictures landed.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: u32,
    /// The 1-based page of every redaction box, in the order the `Run::Redaction`s appear.
    pub boxes: Vec<u32>,
    /// The 1-based page of every picture, in the order the `Block::Picture`s appear.
    pub pictures: Vec<u32>,
}

/// A document to typeset. No document information or XMP is written: nothing but the blocks.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub blocks: Vec<Block>,
    /// Landscape A4 instead of portrait (wide schedules).
    pub landscape: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("cannot typeset: {0}")]
    Typeset(String),
}

pub use layout::placeholder;

/// Text drawn into an original PDF (a form's values, `pdf::form`; a redaction box's label; the page
/// stamp, `pack::stamp`) in the pack's own face, DejaVu Sans, subset to the characters drawn:
/// names like Wiśniewska and Siobhán are drawn as typed, and every font sarpack adds is embedded
/// (PDF/UA-1 7.21.4.1, PDF/A: a reader never substitutes a font of its own).
pub(crate) struct EmbeddedFont {
    pub id: lopdf::ObjectId,
    used: font::UsedFont,
    face: &'static font::FontFace,
}

impl EmbeddedFont {
    /// Adds the regular face for `chars` to `document`. Every character must be one
    /// [`can_draw`] accepts.
    pub fn add(
        document: &mut lopdf::Document,
        chars: &std::collections::BTreeSet<char>,
    ) -> Result<EmbeddedFont, String> {
        EmbeddedFont::add_style(document, chars, font::Style::Regular)
    }

    /// Adds the bold face for `chars` to `document` (a court bundle's page numbers).
    pub fn add_bold(
        document: &mut lopdf::Document,
        chars: &std::collections::BTreeSet<char>,
    ) -> Result<EmbeddedFont, String> {
        EmbeddedFont::add_style(document, chars, font::Style::Bold)
    }

    fn add_style(
        document: &mut lopdf::Document,
        chars: &std::collections::BTreeSet<char>,
        style: font::Style,
    ) -> Result<EmbeddedFont, String> {
        let face = &font::faces()?[style.index()];
        let used = font::UsedFont::new(chars);
        let (id, _) = write::add_font(document, style, &used, face)?;
        Ok(EmbeddedFont { id, used, face })
    }

    /// `text` as the font's two-byte codes (Identity-H).
    pub fn encode(&self, text: &str) -> Vec<u8> {
        text.chars()
            .flat_map(|c| self.used.cid(c).to_be_bytes())
            .collect()
    }

    /// Width of `text` in points at a size of 1 point, in this font's face.
    pub fn width(&self, text: &str) -> f32 {
        self.face.text_width(text, 1.0)
    }
}

/// Width of `text` in points at `size`, in the pack's regular face.
pub(crate) fn text_width(text: &str, size: f32) -> f32 {
    font::faces()
        .map(|faces| faces[0].text_width(text, size))
        .unwrap_or(text.chars().count() as f32 * size * 0.6)
}

/// Whether the pack's regular face can draw `c`.
pub(crate) fn can_draw(c: char) -> bool {
    font::faces().is_ok_and(|faces| faces[0].has(c))
}

/// A note for the internal schedule when a record's `texts` hold characters the typeset font
/// cannot show, naming each with its placeholder (`"😀" set as [U+1F600]`); `None` when every
/// character can be shown.
pub fn placeholder_note(texts: &[&str]) -> Option<String> {
    let faces = font::faces().ok()?;
    let missing: std::collections::BTreeSet<char> = texts
        .iter()
        .flat_map(|text| text.chars())
        // The table marks are consumed by the typesetter (`redact::table`), never shown.
        .filter(|c| {
            !matches!(
                *c,
                crate::model::TABLE_ROW | crate::model::TABLE_HEADER_ROW | crate::model::TABLE_CELL
            )
        })
        .filter(|c| layout::clean(&c.to_string(), &faces[0]) == placeholder(*c))
        .collect();
    if missing.is_empty() {
        return None;
    }
    const SHOWN: usize = 12;
    let mut listed: Vec<String> = missing
        .iter()
        .take(SHOWN)
        .map(|c| format!("\"{c}\" set as {}", placeholder(*c)))
        .collect();
    if missing.len() > SHOWN {
        listed.push(format!("and {} more", missing.len() - SHOWN));
    }
    Some(format!(
        "characters the pack's font cannot show are set as their code point ({}): read them in the original",
        listed.join(", ")
    ))
}
/// Typesets `layout` into PDF bytes; returns the bytes and the page count. Deterministic.
///
/// A4 portrait (or landscape), text in DejaVu Sans subset into the file, one page after another
/// as the blocks need. Characters the font lacks (emoji, CJK, astral-plane symbols) and U+FFFD
/// are set as a placeholder, `[U+1F600]` or `[?]`, so every glyph in the file reads back as
/// text ([`placeholder_note`] says which for the internal schedule).
pub fn render(layout: &Layout) -> Result<(Vec<u8>, u32), RenderError> {
    render_with_boxes(layout).map(|(bytes, count, _)| (bytes, count))
}

/// Where a table body row begins: its 1-based page and rectangle in PDF user space.
pub type RowBox = (u32, [f32; 4]);

/// Like [`render`], and also returns where each table body row begins, in layout order (for a
/// contents page's links).
pub fn render_with_rows(layout: &Layout) -> Result<(Vec<u8>, u32, Vec<RowBox>), RenderError> {
    let faces = font::faces().map_err(RenderError::Typeset)?;
    let mut pages =
        layout::typeset(&layout.blocks, layout.landscape, faces).map_err(RenderError::Typeset)?;
    let count = u32::try_from(pages.pages.len())
        .map_err(|_| RenderError::Typeset("too many pages".into()))?;
    let rows = std::mem::take(&mut pages.rows)
        .into_iter()
        .map(|(page, rect)| (page as u32 + 1, rect))
        .collect();
    let bytes = write::write(pages, faces).map_err(RenderError::Typeset)?;
    Ok((bytes, count, rows))
}

/// Like [`render`], and also returns the 1-based page of every redaction box, in the order the
/// `Run::Redaction`s appear in the layout (for the redaction log).
pub fn render_with_boxes(layout: &Layout) -> Result<(Vec<u8>, u32, Vec<u32>), RenderError> {
    render_with_places(layout).map(|rendered| (rendered.bytes, rendered.pages, rendered.boxes))
}

/// Like [`render_with_boxes`], and also returns the page of every picture.
pub fn render_with_places(layout: &Layout) -> Result<Rendered, RenderError> {
    let faces = font::faces().map_err(RenderError::Typeset)?;
    let pages =
        layout::typeset(&layout.blocks, layout.landscape, faces).map_err(RenderError::Typeset)?;
    let count = u32::try_from(pages.pages.len())
        .map_err(|_| RenderError::Typeset("too many pages".into()))?;
    // A box is drawn as a black fill followed by its code in white (layout.rs, `Item::Box`).
    let mut boxes = Vec::new();
    let mut pictures = Vec::new();
    for (index, ops) in pages.pages.iter().enumerate() {
        for op in ops {
            if let layout::Op::Image { .. } = op {
                pictures.push(index as u32 + 1);
            }
        }
        for pair in ops.windows(2) {
            if let [
                layout::Op::Fill { gray, .. },
                layout::Op::Text { white: true, .. },
            ] = pair
                && *gray == 0.0
            {
                boxes.push(index as u32 + 1);
            }
        }
    }
    let bytes = write::write(pages, faces).map_err(RenderError::Typeset)?;
    Ok(Rendered {
        bytes,
        pages: count,
        boxes,
        pictures,
    })
}
