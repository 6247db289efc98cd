//! Typesetting: turns the blocks of a [`Layout`](super::Layout) into pages of positioned drawing
//! operations (text fragments, filled boxes, rules). Lines break at spaces using the glyph
//! advances of the embedded font; a word wider than the line is broken between characters; a
//! redaction box is an unbreakable piece whose width depends on its code alone.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::font::{FontFace, REPLACEMENT, Style};
use super::{Block, Run};

/// A4 in points (ISO 216: 210 mm x 297 mm).
const A4_SHORT: f32 = 595.276;
const A4_LONG: f32 = 841.89;
const MARGIN_SIDE: f32 = 56.7;
const MARGIN_TOP: f32 = 56.7;
/// Leaves room under the text for the pack stamp (`pack::stamp` sets it about 20 pt up).
const MARGIN_BOTTOM: f32 = 62.0;

const BODY_SIZE: f32 = 10.0;
const TITLE_SIZE: f32 = 16.0;
const HEADING_SIZE: f32 = 12.5;
const TABLE_SIZE: f32 = 8.5;
const LEADING: f32 = 1.35;
const CELL_PAD: f32 = 3.0;
const BULLET_INDENT: f32 = 14.0;

/// One drawing operation on a page, in PDF user space (origin bottom left).
#[derive(Debug, Clone)]
pub enum Op {
    Text {
        style: Style,
        size: f32,
        x: f32,
        y: f32,
        text: String,
        white: bool,
    },
    /// A filled rectangle; `gray` 0 = black.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        gray: f32,
    },
    /// A stroked rectangle outline (table cells).
    Frame { x: f32, y: f32, w: f32, h: f32 },
    /// Picture `index` of [`Pages::pictures`] drawn into the rectangle.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        index: usize,
    },
}

pub struct Pages {
    pub width: f32,
    pub height: f32,
    pub pages: Vec<Vec<Op>>,
    /// Where each table body row begins, in layout order: (0-based page, [x0, y0, x1, y1]).
    pub rows: Vec<(usize, [f32; 4])>,
    /// The pictures the pages draw, in the order they are set.
    pub pictures: Vec<super::Picture>,
    /// The document's title (its first `Block::Title`), for the PDF's `/Info` and a screen
    /// reader's announcement.
    pub title: Option<String>,
}

/// Pictures are shown at this many pixels to the inch at most (smaller when wider than the text).
const PICTURE_DPI: f32 = 150.0;

/// Cleans text for setting: NFC (so "Zoë" typed with a combining mark is one glyph), tabs as
/// spaces, control characters dropped, characters the font lacks written as a visible,
/// decodable placeholder ([`placeholder`]): never a panic, and never a glyph that no reader (the
/// verifier included) can turn back into text.
pub fn clean(text: &str, font: &FontFace) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |c: char| match c {
        '\t' => out.push(' '),
        '\n' => out.push('\n'),
        c if c.is_control() => {}
        // Soft hyphens, zero-width and bidi formatting characters carry nothing visible.
        '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' => {}
        c if c != REPLACEMENT && font.has(c) => out.push(c),
        c => out.push_str(&placeholder(c)),
    };
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().for_each(&mut push);
    } else {
        text.nfc().for_each(&mut push);
    }
    out
}

/// What is set in place of a character the font cannot show (issue 11 point 5): `[?]` for
/// U+FFFD (a character the source itself could not decode), else its code point, `[U+1F600]`,
/// which a reader can look up. Plain ASCII, so it is drawn and extracted exactly.
pub fn placeholder(c: char) -> String {
    if c == REPLACEMENT {
        "[?]".to_string()
    } else {
        format!("[U+{:04X}]", u32::from(c))
    }
}

/// An item of a paragraph, after splitting runs at spaces and line feeds.
#[derive(Debug, Clone)]
enum Item {
    Word {
        style: Style,
        text: String,
        width: f32,
    },
    Space {
        style: Style,
        width: f32,
    },
    Box {
        code: String,
        width: f32,
    },
    Newline,
}

impl Item {
    fn width(&self) -> f32 {
        match self {
            Item::Word { width, .. } | Item::Space { width, .. } | Item::Box { width, .. } => {
                *width
            }
            Item::Newline => 0.0,
        }
    }
}

/// A laid-out line: items left to right.
type Line = Vec<Item>;

/// Sizes of a redaction box at body size `size`: (code size, horizontal padding).
fn box_metrics(size: f32) -> (f32, f32) {
    (size * 0.8, size * 0.3)
}

struct Setter<'f> {
    faces: &'f [FontFace; 2],
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    /// Top of the free space on the current page.
    y: f32,
    rows: Vec<(usize, [f32; 4])>,
    pictures: Vec<super::Picture>,
}

pub fn typeset(blocks: &[Block], landscape: bool, faces: &[FontFace; 2]) -> Result<Pages, String> {
    let (width, height) = if landscape {
        (A4_LONG, A4_SHORT)
    } else {
        (A4_SHORT, A4_LONG)
    };
    let mut setter = Setter {
        faces,
        width,
        height,
        pages: vec![Vec::new()],
        y: height - MARGIN_TOP,
        rows: Vec::new(),
        pictures: Vec::new(),
    };
    for block in blocks {
        setter.block(block)?;
    }
    let title = blocks.iter().find_map(|block| match block {
        Block::Title(title) => Some(clean(title, &faces[1]).replace('\n', " ")),
        _ => None,
    });
    Ok(Pages {
        width,
        height,
        pages: setter.pages,
        rows: setter.rows,
        pictures: setter.pictures,
        title,
    })
}

impl Setter<'_> {
    fn face(&self, style: Style) -> &FontFace {
        &self.faces[style.index()]
    }

    fn text_width(&self) -> f32 {
        self.width - 2.0 * MARGIN_SIDE
    }

    fn fresh(&self) -> bool {
        self.y >= self.height - MARGIN_TOP - 0.01
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.height - MARGIN_TOP;
    }

    /// Starts a new page unless `height` fits below the cursor (or the page is still empty).
    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN_BOTTOM && !self.fresh() {
            self.new_page();
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn gap(&mut self, space: f32) {
        if !self.fresh() {
            self.y -= space;
        }
    }

    fn block(&mut self, block: &Block) -> Result<(), String> {
        match block {
            Block::Title(text) => {
                let runs = [Run::Bold(text.clone())];
                self.paragraph(&runs, TITLE_SIZE, 0.0)?;
                self.y -= 8.0;
            }
            Block::Heading(text) => {
                self.gap(8.0);
                // Keep a heading with at least two lines of what follows.
                self.ensure(HEADING_SIZE * LEADING + 2.0 * BODY_SIZE * LEADING);
                let runs = [Run::Bold(text.clone())];
                self.paragraph(&runs, HEADING_SIZE, 0.0)?;
                self.y -= 3.0;
            }
            Block::Paragraph(runs) => {
                self.paragraph(runs, BODY_SIZE, 0.0)?;
                self.y -= BODY_SIZE * 0.6;
            }
            Block::Bullet(runs) => {
                self.ensure(BODY_SIZE * LEADING);
                let bullet = Item::Word {
                    style: Style::Regular,
                    text: "•".into(),
                    width: 0.0,
                };
                self.draw_line(
                    &vec![bullet],
                    MARGIN_SIDE + 2.0,
                    self.y - BODY_SIZE,
                    BODY_SIZE,
                );
                self.paragraph(runs, BODY_SIZE, BULLET_INDENT)?;
                self.y -= BODY_SIZE * 0.4;
            }
            Block::Fields(fields) => {
                self.fields(fields);
                self.y -= BODY_SIZE * 0.8;
            }
            Block::Table {
                headers,
                widths,
                rows,
            } => {
                for (number, row) in rows.iter().enumerate() {
                    if row.len() > headers.len() {
                        return Err(format!(
                            "table row {} has {} cells but the table has {} columns",
                            number + 1,
                            row.len(),
                            headers.len()
                        ));
                    }
                }
                let headers: Vec<Vec<Run>> = headers
                    .iter()
                    .map(|header| vec![Run::Bold(header.clone())])
                    .collect();
                let rows: Vec<Vec<Vec<Run>>> = rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|cell| vec![Run::Text(cell.clone())])
                            .collect()
                    })
                    .collect();
                self.table(Some(&headers), widths, &rows)?;
                self.y -= BODY_SIZE * 0.8;
            }
            Block::Grid { rows, header } => {
                let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
                let widths = self.natural_widths(rows, columns);
                let (head, body) = match rows.split_first() {
                    Some((first, rest)) if *header => {
                        let bold: Vec<Vec<Run>> = first
                            .iter()
                            .map(|cell| {
                                cell.iter()
                                    .map(|run| match run {
                                        Run::Text(text) => Run::Bold(text.clone()),
                                        other => other.clone(),
                                    })
                                    .collect()
                            })
                            .collect();
                        (Some(bold), rest)
                    }
                    _ => (None, rows.as_slice()),
                };
                self.table(head.as_deref(), &widths, body)?;
                self.y -= BODY_SIZE * 0.8;
            }
            Block::Picture { picture, caption } => {
                // At most PICTURE_DPI, shrunk to the text width and to a page with its caption.
                let caption_room = 3.0 * TABLE_SIZE * LEADING;
                let room = self.height - MARGIN_TOP - MARGIN_BOTTOM - caption_room;
                let (natural_w, natural_h) = (
                    picture.width.max(1) as f32 * 72.0 / PICTURE_DPI,
                    picture.height.max(1) as f32 * 72.0 / PICTURE_DPI,
                );
                let scale = (self.text_width() / natural_w)
                    .min(room / natural_h)
                    .min(1.0);
                let (w, h) = (natural_w * scale, natural_h * scale);
                self.gap(4.0);
                self.ensure(h + caption_room);
                let index = self.pictures.len();
                self.pictures.push(picture.clone());
                self.push(Op::Image {
                    x: MARGIN_SIDE,
                    y: self.y - h,
                    w,
                    h,
                    index,
                });
                self.y -= h + 4.0;
                self.paragraph(&[Run::Text(caption.clone())], TABLE_SIZE, 0.0)?;
                self.y -= BODY_SIZE * 0.6;
            }
            Block::PageBreak => {
                if !self.fresh() {
                    self.new_page();
                }
            }
        }
        Ok(())
    }

    /// Splits runs into words, spaces, boxes and line feeds.
    fn items(&self, runs: &[Run], size: f32) -> Vec<Item> {
        let mut items = Vec::new();
        for run in runs {
            let (style, text) = match run {
                Run::Text(text) => (Style::Regular, text),
                Run::Bold(text) => (Style::Bold, text),
                Run::Redaction(code) => {
                    let bold = self.face(Style::Bold);
                    let code = clean(&code.0, bold).replace('\n', " ");
                    let (code_size, pad) = box_metrics(size);
                    let width = bold.text_width(&code, code_size) + 2.0 * pad;
                    items.push(Item::Box { code, width });
                    continue;
                }
            };
            let face = self.face(style);
            let text = clean(text, face);
            let space = face.text_width(" ", size);
            let mut word = String::new();
            let flush = |word: &mut String, items: &mut Vec<Item>| {
                if !word.is_empty() {
                    let text = std::mem::take(word);
                    let width = face.text_width(&text, size);
                    items.push(Item::Word { style, text, width });
                }
            };
            for c in text.chars() {
                match c {
                    // A no-break space stays inside its word.
                    ' ' => {
                        flush(&mut word, &mut items);
                        items.push(Item::Space {
                            style,
                            width: space,
                        });
                    }
                    '\n' => {
                        flush(&mut word, &mut items);
                        items.push(Item::Newline);
                    }
                    c => word.push(c),
                }
            }
            flush(&mut word, &mut items);
        }
        items
    }

    /// Greedy line breaking at spaces; pieces not separated by a space stay together.
    fn break_lines(&self, items: Vec<Item>, max: f32, size: f32) -> Vec<Line> {
        let mut lines: Vec<Line> = Vec::new();
        let mut line: Line = Vec::new();
        let mut line_width = 0.0f32;
        let mut spaces: Vec<Item> = Vec::new();
        // Whether the current line began by wrapping (its leading spaces are dropped).
        let mut wrapped = false;
        let mut index = 0;
        while index < items.len() {
            match &items[index] {
                Item::Newline => {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                    spaces.clear();
                    wrapped = false;
                    index += 1;
                }
                Item::Space { .. } => {
                    if !(line.is_empty() && wrapped) {
                        spaces.push(items[index].clone());
                    }
                    index += 1;
                }
                _ => {
                    // The unbreakable chunk: words and boxes up to the next space or line feed.
                    let start = index;
                    while index < items.len()
                        && matches!(items[index], Item::Word { .. } | Item::Box { .. })
                    {
                        index += 1;
                    }
                    let chunk = &items[start..index];
                    let chunk_width: f32 = chunk.iter().map(Item::width).sum();
                    let spaces_width: f32 = spaces.iter().map(Item::width).sum();
                    if line.is_empty() || line_width + spaces_width + chunk_width <= max {
                        line_width += spaces_width + chunk_width;
                        line.append(&mut spaces);
                        line.extend_from_slice(chunk);
                    } else {
                        lines.push(std::mem::take(&mut line));
                        spaces.clear();
                        line.extend_from_slice(chunk);
                        line_width = chunk_width;
                        wrapped = true;
                    }
                    if line_width > max {
                        // A single chunk wider than the line: break it between characters.
                        let long = std::mem::take(&mut line);
                        let mut pieces = self.split_long(long, max, size);
                        line = pieces.pop().unwrap_or_default();
                        line_width = line.iter().map(Item::width).sum();
                        lines.extend(pieces);
                        wrapped = true;
                    }
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// Breaks an over-long line between characters (boxes stay whole).
    fn split_long(&self, line: Line, max: f32, size: f32) -> Vec<Line> {
        let mut out: Vec<Line> = Vec::new();
        let mut current: Line = Vec::new();
        let mut width = 0.0f32;
        for item in line {
            match item {
                Item::Word { style, text, .. } => {
                    let face = self.face(style);
                    let mut part = String::new();
                    let mut part_width = 0.0f32;
                    for c in text.chars() {
                        let w = f32::from(face.width(c)) * size / 1000.0;
                        if width + part_width + w > max && (width > 0.0 || !part.is_empty()) {
                            if !part.is_empty() {
                                current.push(Item::Word {
                                    style,
                                    text: std::mem::take(&mut part),
                                    width: part_width,
                                });
                            }
                            out.push(std::mem::take(&mut current));
                            width = 0.0;
                            part_width = 0.0;
                        }
                        part.push(c);
                        part_width += w;
                    }
                    if !part.is_empty() {
                        width += part_width;
                        current.push(Item::Word {
                            style,
                            text: part,
                            width: part_width,
                        });
                    }
                }
                other => {
                    let w = other.width();
                    if width + w > max && width > 0.0 {
                        out.push(std::mem::take(&mut current));
                        width = 0.0;
                    }
                    width += w;
                    current.push(other);
                }
            }
        }
        out.push(current);
        out
    }

    /// Draws one line with its baseline at `baseline`, starting at `x`.
    fn draw_line(&mut self, line: &Line, x: f32, baseline: f32, size: f32) {
        let mut x = x;
        let mut fragment: Option<(Style, String, f32)> = None;
        let mut ops = Vec::new();
        let flush = |fragment: &mut Option<(Style, String, f32)>, ops: &mut Vec<Op>| {
            if let Some((style, text, start)) = fragment.take() {
                ops.push(Op::Text {
                    style,
                    size,
                    x: start,
                    y: baseline,
                    text,
                    white: false,
                });
            }
        };
        for item in line {
            match item {
                Item::Word { style, text, .. } => {
                    match &mut fragment {
                        Some((current, buffer, _)) if current == style => buffer.push_str(text),
                        _ => {
                            flush(&mut fragment, &mut ops);
                            fragment = Some((*style, text.clone(), x));
                        }
                    }
                    x += item.width();
                }
                Item::Space { style, width } => {
                    match &mut fragment {
                        Some((current, buffer, _)) if current == style => buffer.push(' '),
                        _ => {
                            flush(&mut fragment, &mut ops);
                            fragment = Some((*style, " ".to_string(), x));
                        }
                    }
                    x += width;
                }
                Item::Box { code, width } => {
                    flush(&mut fragment, &mut ops);
                    let (code_size, pad) = box_metrics(size);
                    ops.push(Op::Fill {
                        x,
                        y: baseline - 0.24 * size,
                        w: *width,
                        h: 1.12 * size,
                        gray: 0.0,
                    });
                    ops.push(Op::Text {
                        style: Style::Bold,
                        size: code_size,
                        x: x + pad,
                        y: baseline + 0.04 * size,
                        text: code.clone(),
                        white: true,
                    });
                    x += width;
                }
                Item::Newline => {}
            }
        }
        flush(&mut fragment, &mut ops);
        for op in ops {
            self.push(op);
        }
    }

    fn paragraph(&mut self, runs: &[Run], size: f32, indent: f32) -> Result<(), String> {
        let max = self.text_width() - indent;
        let items = self.items(runs, size);
        let lines = self.break_lines(items, max, size);
        let leading = size * LEADING;
        for line in &lines {
            self.ensure(leading);
            let baseline = self.y - size;
            self.draw_line(line, MARGIN_SIDE + indent, baseline, size);
            self.y -= leading;
        }
        Ok(())
    }

    fn wrap(&self, style: Style, text: &str, max: f32, size: f32) -> Vec<Line> {
        let run = match style {
            Style::Regular => Run::Text(text.to_string()),
            Style::Bold => Run::Bold(text.to_string()),
        };
        let items = self.items(std::slice::from_ref(&run), size);
        self.break_lines(items, max, size)
    }

    fn fields(&mut self, fields: &[(String, String)]) {
        let size = BODY_SIZE;
        let leading = size * LEADING;
        let bold = self.face(Style::Bold);
        let widest = fields
            .iter()
            .map(|(label, _)| bold.text_width(&clean(label, bold), size))
            .fold(0.0f32, f32::max);
        let label_width = (widest + 10.0).min(self.text_width() * 0.35);
        let value_width = self.text_width() - label_width;
        for (label, value) in fields {
            let labels = self.wrap(Style::Bold, label, label_width - 6.0, size);
            let values = self.wrap(Style::Regular, value, value_width, size);
            let count = labels.len().max(values.len());
            for index in 0..count {
                self.ensure(leading);
                let baseline = self.y - size;
                if let Some(line) = labels.get(index) {
                    self.draw_line(line, MARGIN_SIDE, baseline, size);
                }
                if let Some(line) = values.get(index) {
                    self.draw_line(line, MARGIN_SIDE + label_width, baseline, size);
                }
                self.y -= leading;
            }
        }
    }

    /// Column widths for a grid, as HTML sets an automatic table: each column's widest cell on
    /// one line when all fit; otherwise every column gets its longest word, and the room left is
    /// shared in proportion to how much more each would take on one line.
    fn natural_widths(&self, rows: &[Vec<Vec<Run>>], columns: usize) -> Vec<f32> {
        let room = self.text_width();
        let mut narrowest = vec![2.0 * CELL_PAD; columns];
        let mut widest = vec![2.0 * CELL_PAD; columns];
        for row in rows {
            for (column, cell) in row.iter().enumerate().take(columns) {
                let items = self.items(cell, TABLE_SIZE);
                let line: f32 = items.iter().map(Item::width).sum();
                let word = items
                    .iter()
                    .filter(|item| !matches!(item, Item::Space { .. }))
                    .map(Item::width)
                    .fold(0.0f32, f32::max);
                widest[column] = widest[column].max(line.min(room) + 2.0 * CELL_PAD);
                narrowest[column] = narrowest[column].max(word.min(room) + 2.0 * CELL_PAD);
            }
        }
        let (low, high): (f32, f32) = (narrowest.iter().sum(), widest.iter().sum());
        if high <= room || high - low <= f32::EPSILON {
            return widest;
        }
        if low >= room {
            return narrowest;
        }
        let share = (room - low) / (high - low);
        narrowest
            .iter()
            .zip(&widest)
            .map(|(low, high)| low + (high - low) * share)
            .collect()
    }

    /// A table: an optional header row (shaded, repeated on every page it spans unless it would
    /// take more than a third of one), then rows of cells, each cell's runs wrapped in its column.
    fn table(
        &mut self,
        headers: Option<&[Vec<Run>]>,
        widths: &[f32],
        rows: &[Vec<Vec<Run>>],
    ) -> Result<(), String> {
        let columns = rows
            .iter()
            .map(Vec::len)
            .chain(headers.map(<[Vec<Run>]>::len))
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return Ok(());
        }
        // Column widths: the given fractions, normalised; equal widths when they do not fit.
        let usable: Vec<f32> =
            if widths.len() == columns && widths.iter().all(|w| w.is_finite() && *w > 0.0) {
                let total: f32 = widths.iter().sum();
                widths
                    .iter()
                    .map(|w| w / total * self.text_width())
                    .collect()
            } else {
                vec![self.text_width() / columns as f32; columns]
            };
        let size = TABLE_SIZE;
        let leading = size * LEADING;
        let wrap_row = |setter: &Self, cells: &[Vec<Run>]| -> Vec<Vec<Line>> {
            (0..columns)
                .map(|column| {
                    let runs = cells.get(column).map(Vec::as_slice).unwrap_or(&[]);
                    let items = setter.items(runs, size);
                    setter.break_lines(items, usable[column] - 2.0 * CELL_PAD, size)
                })
                .collect()
        };
        let header_cells = headers.map(|headers| wrap_row(self, headers));
        let header_lines = header_cells
            .iter()
            .flatten()
            .map(Vec::len)
            .max()
            .unwrap_or(1);
        let header_height = match &header_cells {
            Some(_) => header_lines as f32 * leading + 2.0 * CELL_PAD,
            None => 0.0,
        };

        // The header goes on top of the table on every page it spans, unless it would take
        // more than a third of each page (then only on the first).
        let repeat_header = header_cells.is_some()
            && header_height <= (self.height - MARGIN_TOP - MARGIN_BOTTOM) / 3.0;
        self.ensure(header_height + leading + 2.0 * CELL_PAD);
        if let Some(cells) = &header_cells {
            self.table_row(cells, &usable, 0, header_lines, true);
        }

        for row in rows {
            let cells = wrap_row(self, row);
            let total = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut done = 0;
            // Whether the page was just turned for this row: then something must be placed,
            // even if it overflows (a header taller than a page), or the loop would not end.
            let mut turned = false;
            while done < total {
                let room = ((self.y - MARGIN_BOTTOM - 2.0 * CELL_PAD) / leading).floor();
                let room = if room < 1.0 { 0 } else { room as usize };
                let remaining = total - done;
                // Move a whole row to the next page when it fits there; split only rows taller
                // than a page.
                let repeated = if repeat_header { header_height } else { 0.0 };
                let page_lines =
                    ((self.height - MARGIN_TOP - MARGIN_BOTTOM - repeated - 2.0 * CELL_PAD)
                        / leading)
                        .floor()
                        .max(1.0) as usize;
                let take = if remaining <= room {
                    remaining
                } else if turned {
                    room.max(1)
                } else if remaining > page_lines {
                    room
                } else {
                    0
                };
                if take == 0 {
                    self.new_page();
                    if repeat_header && let Some(cells) = &header_cells {
                        self.table_row(cells, &usable, 0, header_lines, true);
                    }
                    turned = true;
                    continue;
                }
                if done == 0 {
                    // The row's first band: where a link to what the row lists can sit.
                    let height = take as f32 * leading + 2.0 * CELL_PAD;
                    let right = MARGIN_SIDE + usable.iter().sum::<f32>();
                    self.rows.push((
                        self.pages.len() - 1,
                        [MARGIN_SIDE, self.y - height, right, self.y],
                    ));
                }
                self.table_row(&cells, &usable, done, take, false);
                done += take;
                turned = false;
            }
        }
        Ok(())
    }

    /// Draws lines `first..first + count` of each cell as one band of the table.
    fn table_row(
        &mut self,
        cells: &[Vec<Line>],
        widths: &[f32],
        first: usize,
        count: usize,
        header: bool,
    ) {
        let size = TABLE_SIZE;
        let leading = size * LEADING;
        let height = count as f32 * leading + 2.0 * CELL_PAD;
        let top = self.y;
        let total_width: f32 = widths.iter().sum();
        if header {
            self.push(Op::Fill {
                x: MARGIN_SIDE,
                y: top - height,
                w: total_width,
                h: height,
                gray: 0.88,
            });
        }
        let mut x = MARGIN_SIDE;
        for (column, lines) in cells.iter().enumerate() {
            let width = widths.get(column).copied().unwrap_or(0.0);
            for (offset, line) in lines.iter().skip(first).take(count).enumerate() {
                let baseline = top - CELL_PAD - offset as f32 * leading - size;
                self.draw_line(line, x + CELL_PAD, baseline, size);
            }
            self.push(Op::Frame {
                x,
                y: top - height,
                w: width,
                h: height,
            });
            x += width;
        }
        self.y -= height;
    }
}

#[cfg(test)]
mod tests {
    use super::super::font::faces;
    use super::*;

    #[test]
    fn clean_composes_and_replaces() {
        let faces = faces().unwrap();
        assert_eq!(clean("Zoe\u{308}", &faces[0]), "Zoë");
        assert_eq!(clean("a\tb\u{7}c", &faces[0]), "a bc");
        assert_eq!(clean("co\u{AD}operate\u{200B}", &faces[0]), "cooperate");
        assert_eq!(clean("smile \u{4E2D}", &faces[0]), "smile [U+4E2D]");
        assert_eq!(
            clean("\u{1F389}\u{FFFD}Жанна\u{1D518}", &faces[0]),
            "[U+1F389][?]Жанна[U+1D518]"
        );
    }

    #[test]
    fn long_paragraph_wraps_within_the_text_width() {
        let faces = faces().unwrap();
        let text = "word ".repeat(200);
        let pages = typeset(&[Block::Paragraph(vec![Run::Text(text)])], false, faces).unwrap();
        let lines = pages.pages[0]
            .iter()
            .filter(|op| matches!(op, Op::Text { .. }))
            .count();
        assert!(lines > 5, "{lines}");
        for op in &pages.pages[0] {
            if let Op::Text { x, text, size, .. } = op {
                let width = faces[0].text_width(text.trim_end(), *size);
                assert!(x + width <= A4_SHORT - MARGIN_SIDE + 0.01);
            }
        }
    }

    #[test]
    fn table_with_a_header_taller_than_a_page_terminates() {
        let faces = faces().unwrap();
        let header = "header words ".repeat(1500);
        let block = Block::Table {
            headers: vec![header],
            widths: vec![1.0],
            rows: vec![vec!["row".into()], vec!["another row ".repeat(400)]],
        };
        let pages = typeset(&[block], false, faces).unwrap();
        assert!(pages.pages.len() < 12, "{}", pages.pages.len());
    }

    #[test]
    fn unbreakable_word_is_split_between_characters() {
        let faces = faces().unwrap();
        let text = "x".repeat(400);
        let pages = typeset(&[Block::Paragraph(vec![Run::Text(text)])], false, faces).unwrap();
        let set: String = pages.pages[0]
            .iter()
            .filter_map(|op| match op {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(set.len(), 400);
    }
}
