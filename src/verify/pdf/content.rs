//! The verifier's content-stream interpreter (PDF 32000-1 §8–9): follows the graphics and text
//! state through `q`/`Q`, `cm`, `BT`…`ET`, the text operators `Tj`, `TJ`, `'`, `"` and Form
//! XObjects, and produces for a page:
//!
//! - its text in drawing order, with spaces and line breaks synthesized from glyph geometry (a
//!   gap wider than a fifth of the font size, a baseline change), so words are separated the way
//!   a reader sees them — a `TJ` kerning number inside a name does not split it, because the
//!   matcher ignores whitespace anyway;
//! - its text in reading order (lines top to bottom, glyphs left to right), so text drawn out of
//!   order still reads as it looks;
//! - every opaque filled rectangle or image painted over glyphs drawn before it: a "redaction"
//!   that only covers live text (`reference/peer-tools-and-redaction-failures.md` §5 A.1, A.3);
//! - the glyphs it could not decode, so the caller fails closed.
//!
//! Text in every render mode counts, invisible (mode 3) included: a recipient can copy it.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::lexer::{Lexer, Operand};
use super::{Streams, resolve};

pub(crate) type Matrix = [f64; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn multiply(first: &Matrix, second: &Matrix) -> Matrix {
    [
        first[0] * second[0] + first[1] * second[2],
        first[0] * second[1] + first[1] * second[3],
        first[2] * second[0] + first[3] * second[2],
        first[2] * second[1] + first[3] * second[3],
        first[4] * second[0] + first[5] * second[2] + second[4],
        first[4] * second[1] + first[5] * second[3] + second[5],
    ]
}

pub(crate) fn apply(matrix: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (
        x * matrix[0] + y * matrix[2] + matrix[4],
        x * matrix[1] + y * matrix[3] + matrix[5],
    )
}

/// An axis-aligned box in device space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    fn around(points: &[(f64, f64)]) -> Rect {
        let mut rect = Rect {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        };
        for (x, y) in points {
            rect.x0 = rect.x0.min(*x);
            rect.y0 = rect.y0.min(*y);
            rect.x1 = rect.x1.max(*x);
            rect.y1 = rect.y1.max(*y);
        }
        rect
    }

    pub(crate) fn contains(&self, x: f64, y: f64) -> bool {
        self.x0 <= x && x <= self.x1 && self.y0 <= y && y <= self.y1
    }

    fn area(&self) -> f64 {
        (self.x1 - self.x0).max(0.0) * (self.y1 - self.y0).max(0.0)
    }
}

/// A glyph as placed on the page.
#[derive(Debug, Clone)]
struct Placed {
    /// Shared with the font's mapping table: no allocation per glyph.
    text: Rc<str>,
    /// Baseline start and end in device space.
    start: (f64, f64),
    end: (f64, f64),
    /// Font size in device space.
    size: f64,
    bounds: Rect,
    upright: bool,
    /// Drawn in render mode 3 or 7 (no paint): an OCR layer, say.
    invisible: bool,
}

/// Something opaque painted over earlier glyphs.
#[derive(Debug, Clone)]
pub(crate) struct Cover {
    /// `filled rectangle` or `image`.
    pub kind: &'static str,
    pub rect: Rect,
    /// The text of the glyphs under it.
    pub hidden: String,
}

/// What one page yields.
#[derive(Debug, Default)]
pub(crate) struct PageScan {
    /// Drawing-order text with synthesized spaces.
    pub text: String,
    /// Reading-order text (lines top to bottom, left to right).
    pub reading_text: String,
    /// Marked-content `/ActualText`, `/Alt`, `/E` strings.
    pub marked_strings: Vec<String>,
    /// Every string operand drawn (page and forms), bytes read as Latin-1 and joined: a
    /// reading that does not depend on font decoding. Not the strings shown with a composite
    /// font, whose bytes are glyph codes.
    pub string_bytes: String,
    pub covers: Vec<Cover>,
    /// Font name → (number of undecodable codes, first such code, why).
    pub undecodable: BTreeMap<String, (usize, u32, String)>,
    /// Other reasons the page could not be read fully.
    pub problems: Vec<String>,
    glyphs: Vec<Placed>,
    /// Font name → (glyphs drawn, glyphs that map to no text).
    font_glyphs: BTreeMap<String, (usize, usize)>,
    /// Every picture drawn: the image XObject (`None` for an inline image) and the matrix that
    /// maps its unit square onto the page.
    pub pictures: Vec<(Option<ObjectId>, Matrix)>,
}

impl PageScan {
    /// The text of the glyphs whose centre lies in `rect` (device space), in drawing order.
    pub(crate) fn text_in(&self, rect: &Rect) -> String {
        self.glyphs
            .iter()
            .filter(|glyph| {
                rect.contains(
                    (glyph.bounds.x0 + glyph.bounds.x1) / 2.0,
                    (glyph.bounds.y0 + glyph.bounds.y1) / 2.0,
                )
            })
            .map(|glyph| &*glyph.text)
            .collect()
    }

    /// Whether more glyphs were drawn than kept for geometry (then `text_in` may miss some).
    pub(crate) fn glyphs_capped(&self) -> bool {
        self.glyphs.len() >= MAX_GLYPHS
    }
}

/// Most operators interpreted per page, counting each use of a Form XObject afresh: bounds the
/// time a page of nested forms ("a billion laughs" of XObjects) can take.
const MAX_OPERATIONS: usize = 2_000_000;
/// Deepest Form XObject nesting followed.
const MAX_FORM_DEPTH: usize = 12;
/// Deepest `q` nesting kept.
const MAX_STATE_DEPTH: usize = 256;
/// Most glyphs kept for geometry (cover and reading-order checks) per page.
const MAX_GLYPHS: usize = 200_000;

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scaling: f64,
    leading: f64,
    rise: f64,
    fill_alpha: f64,
    render_mode: i64,
}

impl GraphicsState {
    fn new(ctm: Matrix) -> GraphicsState {
        GraphicsState {
            ctm,
            font: None,
            font_size: 1.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scaling: 1.0,
            leading: 0.0,
            rise: 0.0,
            fill_alpha: 1.0,
            render_mode: 0,
        }
    }
}

/// Fonts shared across the pages of a document, loaded once each.
pub(crate) type FontCache = RefCell<HashMap<ObjectId, Rc<Font>>>;

pub(crate) struct Interpreter<'a> {
    document: &'a Document,
    streams: &'a Streams<'a>,
    fonts: &'a FontCache,
    scan: PageScan,
    operations: usize,
    form_stack: Vec<ObjectId>,
    budget_reported: bool,
    /// The last glyph drawn, for synthesizing separators (kept even past `MAX_GLYPHS`).
    last: Option<Placed>,
}

impl<'a> Interpreter<'a> {
    pub fn new(document: &'a Document, streams: &'a Streams<'a>, fonts: &'a FontCache) -> Self {
        Interpreter {
            document,
            streams,
            fonts,
            scan: PageScan::default(),
            operations: 0,
            form_stack: Vec::new(),
            budget_reported: false,
            last: None,
        }
    }

    /// Interprets a page's or an appearance's content stream under `ctm`.
    pub fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, ctm: Matrix) {
        self.run_with(content, resources, GraphicsState::new(ctm));
    }

    /// Interprets a content stream from a given graphics state (a form inherits its caller's).
    fn run_with(&mut self, content: &[u8], resources: Option<&Dictionary>, initial: GraphicsState) {
        let mut state = initial;
        let mut stack: Vec<GraphicsState> = Vec::new();
        let mut text_matrix = IDENTITY;
        let mut line_matrix = IDENTITY;
        let mut path: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut path_is_rectangles = true;

        for operation in Lexer::new(content) {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                if !self.budget_reported {
                    self.budget_reported = true;
                    self.scan.problems.push(format!(
                        "the page draws more than {MAX_OPERATIONS} operations (nested forms?)"
                    ));
                }
                return;
            }
            let operands = &operation.operands;
            // Strings shown with a composite font are two-byte glyph codes: read as Latin-1
            // they spell letter pairs by chance (every other byte a separator), so short names
            // and initials turned up in clean records. The interpreter decodes them instead.
            let shows_codes = matches!(operation.operator, b"Tj" | b"TJ" | b"'" | b"\"")
                && state.font.as_ref().is_some_and(|font| font.is_composite());
            if !shows_codes {
                for operand in operands {
                    collect_string_bytes(operand, &mut self.scan.string_bytes, 0);
                }
            }
            let number =
                |index: usize| operands.get(index).and_then(Operand::number).unwrap_or(0.0);
            match operation.operator {
                b"q" if stack.len() < MAX_STATE_DEPTH => stack.push(state.clone()),
                b"Q" => {
                    if let Some(saved) = stack.pop() {
                        state = saved;
                    }
                }
                b"cm" => {
                    let matrix = [
                        number(0),
                        number(1),
                        number(2),
                        number(3),
                        number(4),
                        number(5),
                    ];
                    state.ctm = multiply(&matrix, &state.ctm);
                }
                b"gs" => {
                    if let Some(Operand::Name(name)) = operands.first()
                        && let Some(alpha) = self.ext_gstate_fill_alpha(resources, name)
                    {
                        state.fill_alpha = alpha;
                    }
                }
                b"BT" => {
                    text_matrix = IDENTITY;
                    line_matrix = IDENTITY;
                }
                b"Tc" => state.char_spacing = number(0),
                b"Tw" => state.word_spacing = number(0),
                b"Tz" => state.horizontal_scaling = number(0) / 100.0,
                b"Tr" => state.render_mode = number(0) as i64,
                b"TL" => state.leading = number(0),
                b"Ts" => state.rise = number(0),
                b"Tf" => {
                    state.font_size = number(1);
                    state.font = match operands.first() {
                        Some(Operand::Name(name)) => self.font(resources, name),
                        _ => None,
                    };
                }
                b"Td" | b"TD" => {
                    if operation.operator == b"TD" {
                        state.leading = -number(1);
                    }
                    line_matrix =
                        multiply(&[1.0, 0.0, 0.0, 1.0, number(0), number(1)], &line_matrix);
                    text_matrix = line_matrix;
                }
                b"Tm" => {
                    line_matrix = [
                        number(0),
                        number(1),
                        number(2),
                        number(3),
                        number(4),
                        number(5),
                    ];
                    text_matrix = line_matrix;
                }
                b"T*" => {
                    line_matrix =
                        multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &line_matrix);
                    text_matrix = line_matrix;
                }
                b"Tj" => {
                    if let Some(Operand::String(bytes)) = operands.first() {
                        self.show(bytes, &state, &mut text_matrix);
                    }
                }
                b"'" | b"\"" => {
                    if operation.operator == b"\"" {
                        state.word_spacing = number(0);
                        state.char_spacing = number(1);
                    }
                    line_matrix =
                        multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -state.leading], &line_matrix);
                    text_matrix = line_matrix;
                    if let Some(Operand::String(bytes)) = operands.last() {
                        self.show(bytes, &state, &mut text_matrix);
                    }
                }
                b"TJ" => {
                    if let Some(Operand::Array(items)) = operands.first() {
                        for item in items {
                            match item {
                                Operand::String(bytes) => {
                                    self.show(bytes, &state, &mut text_matrix);
                                }
                                Operand::Number(adjustment) if adjustment.is_finite() => {
                                    let shift = -adjustment / 1000.0
                                        * state.font_size
                                        * state.horizontal_scaling;
                                    text_matrix =
                                        multiply(&[1.0, 0.0, 0.0, 1.0, shift, 0.0], &text_matrix);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                b"BDC" | b"DP" => {
                    if let Some(properties) = operands.get(1) {
                        for key in [&b"ActualText"[..], b"Alt", b"E"] {
                            if let Some(Operand::String(bytes)) = properties.dictionary_get(key) {
                                self.scan.marked_strings.push(super::text_string(bytes));
                            }
                        }
                    }
                }
                b"re" => {
                    let (x, y, width, height) = (number(0), number(1), number(2), number(3));
                    path.push(vec![
                        apply(&state.ctm, x, y),
                        apply(&state.ctm, x + width, y),
                        apply(&state.ctm, x + width, y + height),
                        apply(&state.ctm, x, y + height),
                    ]);
                }
                b"m" => {
                    path.push(vec![apply(&state.ctm, number(0), number(1))]);
                }
                b"l" => {
                    let point = apply(&state.ctm, number(0), number(1));
                    match path.last_mut() {
                        Some(subpath) => subpath.push(point),
                        None => path.push(vec![point]),
                    }
                }
                b"c" | b"v" | b"y" => {
                    // Curves make the shape something other than a box.
                    path_is_rectangles = false;
                    let count = operands.len() / 2;
                    if count > 0 {
                        let point = apply(&state.ctm, number(2 * count - 2), number(2 * count - 1));
                        match path.last_mut() {
                            Some(subpath) => subpath.push(point),
                            None => path.push(vec![point]),
                        }
                    }
                }
                b"h" => {}
                b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => {
                    if path_is_rectangles && state.fill_alpha >= 0.5 {
                        for subpath in &path {
                            if is_box(subpath) {
                                self.cover("filled rectangle", Rect::around(subpath), true);
                            }
                        }
                    }
                    path.clear();
                    path_is_rectangles = true;
                }
                b"n" | b"S" | b"s" => {
                    path.clear();
                    path_is_rectangles = true;
                }
                b"Do" => {
                    if let Some(Operand::Name(name)) = operands.first() {
                        self.draw_xobject(resources, name, &state);
                    }
                }
                b"BI" => {
                    self.scan.pictures.push((None, state.ctm));
                    if state.fill_alpha >= 0.5 {
                        self.cover("inline image", unit_square(&state.ctm), false);
                    }
                }
                _ => {}
            }
        }
    }

    fn resource<'r>(
        &self,
        resources: Option<&'r Dictionary>,
        kind: &[u8],
        name: &[u8],
    ) -> Option<&'r Object>
    where
        'a: 'r,
    {
        let category = resolve(self.document, resources?.get(kind).ok()?);
        let Object::Dictionary(category) = category else {
            return None;
        };
        category.get(name).ok()
    }

    fn ext_gstate_fill_alpha(&self, resources: Option<&Dictionary>, name: &[u8]) -> Option<f64> {
        let state = resolve(self.document, self.resource(resources, b"ExtGState", name)?);
        let Object::Dictionary(state) = state else {
            return None;
        };
        match resolve(self.document, state.get(b"ca").ok()?) {
            Object::Integer(value) => Some(*value as f64),
            Object::Real(value) => Some(f64::from(*value)),
            _ => None,
        }
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let object = self.resource(resources, b"Font", name)?;
        match object {
            Object::Reference(id) => {
                if let Some(font) = self.fonts.borrow().get(id) {
                    return Some(Rc::clone(font));
                }
                let Object::Dictionary(dictionary) = resolve(self.document, object) else {
                    return None;
                };
                let font = Rc::new(Font::load(self.document, dictionary, self.streams));
                self.fonts.borrow_mut().insert(*id, Rc::clone(&font));
                Some(font)
            }
            Object::Dictionary(dictionary) => {
                Some(Rc::new(Font::load(self.document, dictionary, self.streams)))
            }
            _ => None,
        }
    }

    fn draw_xobject(&mut self, resources: Option<&Dictionary>, name: &[u8], state: &GraphicsState) {
        let Some(Object::Reference(id)) = self.resource(resources, b"XObject", name) else {
            return;
        };
        let id = *id;
        let Ok(Object::Stream(stream)) = self.document.get_object(id) else {
            return;
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .ok()
            .map(|object| resolve(self.document, object));
        match subtype {
            Some(Object::Name(subtype)) if subtype == b"Image" => {
                self.scan.pictures.push((Some(id), state.ctm));
                if state.fill_alpha >= 0.5 {
                    self.cover("image", unit_square(&state.ctm), false);
                }
            }
            Some(Object::Name(subtype)) if subtype == b"Form" => {
                if self.form_stack.contains(&id) || self.form_stack.len() >= MAX_FORM_DEPTH {
                    self.scan.problems.push(format!(
                        "form XObject {} {} is nested too deeply or draws itself",
                        id.0, id.1
                    ));
                    return;
                }
                let matrix = form_matrix(self.document, &stream.dict);
                let ctm = multiply(&matrix, &state.ctm);
                let form_resources = match stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .map(|object| resolve(self.document, object))
                {
                    Some(Object::Dictionary(dictionary)) => Some(dictionary),
                    _ => resources,
                };
                let decoded = self.streams.decoded(id);
                let content = match decoded.as_ref() {
                    Ok(content) => content,
                    Err(error) => {
                        self.scan.problems.push(format!(
                            "form XObject {} {} cannot be decoded: {error}",
                            id.0, id.1
                        ));
                        return;
                    }
                };
                self.form_stack.push(id);
                // A form starts from the caller's graphics state (§8.10.1), font included.
                let mut form_state = state.clone();
                form_state.ctm = ctm;
                self.run_with(content, form_resources, form_state);
                self.form_stack.pop();
            }
            _ => {}
        }
    }

    fn show(&mut self, bytes: &[u8], state: &GraphicsState, text_matrix: &mut Matrix) {
        let size = state.font_size;
        let scaling = state.horizontal_scaling;
        let font = state.font.clone();
        let codes = match &font {
            Some(font) => font.decode(bytes),
            None => {
                // Text shown without a font is malformed; read the bytes as Latin-1 so nothing
                // hides there, and say so.
                self.scan
                    .problems
                    .push("text is shown with no font selected".to_string());
                bytes
                    .iter()
                    .map(|byte| super::font::Code {
                        text: Some(Rc::from(char::from(*byte).to_string())),
                        width: 0.5,
                        word_space: *byte == 32,
                        code: u32::from(*byte),
                    })
                    .collect()
            }
        };
        // Glyph positions (§9.4.4): the rendering matrix is [size·scaling 0 0 size x rise] ×
        // Tm × CTM, where x is the advance so far in this string, so Tm × CTM is computed once.
        let base = multiply(text_matrix, &state.ctm);
        let horizontal = size * scaling;
        let place = |x: f64, glyph_x: f64, glyph_y: f64| {
            apply(&base, glyph_x * horizontal + x, glyph_y * size + state.rise)
        };
        let upright = base[1].abs() < 1e-6 && base[0] * horizontal > 0.0 && base[3] * size > 0.0;
        let invisible = state.render_mode == 3 || state.render_mode == 7;
        let mut x = 0.0;
        let (mut drawn, mut empty) = (0usize, 0usize);
        let replacement: Rc<str> = Rc::from("\u{fffd}");
        for code in codes {
            let start = place(x, 0.0, 0.0);
            let end = place(x, code.width, 0.0);
            let top = place(x, 0.0, 1.0);
            let device_size = ((top.0 - start.0).powi(2) + (top.1 - start.1).powi(2)).sqrt();
            let corners = [
                place(x, 0.0, -0.2),
                place(x, code.width, -0.2),
                place(x, code.width, 0.8),
                place(x, 0.0, 0.8),
            ];
            drawn += 1;
            let text = match code.text {
                Some(text) => {
                    if text.is_empty() {
                        empty += 1;
                    }
                    text
                }
                None => {
                    let name = font
                        .as_ref()
                        .map(|font| font.name.clone())
                        .unwrap_or_default();
                    let entry = self.scan.undecodable.entry(name).or_insert_with(|| {
                        let why = font
                            .as_ref()
                            .and_then(|font| font.problem.clone())
                            .unwrap_or_else(|| "a code has no Unicode mapping".to_string());
                        (0, code.code, why)
                    });
                    entry.0 += 1;
                    Rc::clone(&replacement)
                }
            };
            let placed = Placed {
                upright,
                invisible,
                text,
                start,
                end,
                size: device_size,
                bounds: Rect::around(&corners),
            };
            if let Some(previous) = &self.last
                && let Some(separator) = separator(previous, &placed)
                && !self.scan.text.ends_with(char::is_whitespace)
                && !placed.text.starts_with(char::is_whitespace)
            {
                self.scan.text.push(separator);
            }
            self.scan.text.push_str(&placed.text);
            let keep =
                self.scan.glyphs.len() < MAX_GLYPHS && start.0.is_finite() && start.1.is_finite();
            if keep {
                self.scan.glyphs.push(placed.clone());
            }
            self.last = Some(placed);

            x += (code.width * size
                + state.char_spacing
                + if code.word_space {
                    state.word_spacing
                } else {
                    0.0
                })
                * scaling;
        }
        *text_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, x, 0.0], text_matrix);
        if let Some(font) = &font {
            match self.scan.font_glyphs.get_mut(font.name.as_str()) {
                Some(counts) => {
                    counts.0 += drawn;
                    counts.1 += empty;
                }
                None => {
                    self.scan
                        .font_glyphs
                        .insert(font.name.clone(), (drawn, empty));
                }
            }
        }
    }

    /// Records an opaque paint over glyphs drawn before it. An image over invisible text is
    /// how OCR'd scans are built (the text layer sits under or over the scan), so images only
    /// count over visible glyphs; a filled box counts over any glyph.
    fn cover(&mut self, kind: &'static str, rect: Rect, over_invisible: bool) {
        let area = rect.area();
        if area.is_nan() || area <= 0.0 {
            return;
        }
        let hidden: String = self
            .scan
            .glyphs
            .iter()
            .filter(|glyph| {
                let center_x = (glyph.bounds.x0 + glyph.bounds.x1) / 2.0;
                let center_y = (glyph.bounds.y0 + glyph.bounds.y1) / 2.0;
                rect.contains(center_x, center_y)
            })
            .filter(|glyph| over_invisible || !glyph.invisible)
            .filter(|glyph| !glyph.text.trim().is_empty())
            .map(|glyph| &*glyph.text)
            .collect();
        if !hidden.is_empty() {
            self.scan.covers.push(Cover { kind, rect, hidden });
        }
    }

    /// Finishes the page: builds the reading-order text.
    pub fn finish(mut self) -> PageScan {
        for (font, (drawn, empty)) in &self.scan.font_glyphs {
            if *drawn > 0 && drawn == empty {
                self.scan.undecodable.entry(font.clone()).or_insert((
                    *drawn,
                    0,
                    "every glyph it draws maps to no text".to_string(),
                ));
            }
        }
        self.scan.reading_text = reading_order(&self.scan.glyphs);
        self.scan
    }
}

fn collect_string_bytes(operand: &Operand, out: &mut String, depth: usize) {
    match operand {
        Operand::String(bytes) => out.extend(bytes.iter().map(|byte| char::from(*byte))),
        Operand::Array(items) if depth < 8 => {
            for item in items {
                collect_string_bytes(item, out, depth + 1);
            }
        }
        Operand::Dictionary(entries) if depth < 8 => {
            for (_, value) in entries {
                collect_string_bytes(value, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The space or line break a reader sees between two glyphs, from their geometry.
fn separator(previous: &Placed, next: &Placed) -> Option<char> {
    let (dx, dy) = (
        previous.end.0 - previous.start.0,
        previous.end.1 - previous.start.1,
    );
    let length = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = if length > 1e-9 {
        (dx / length, dy / length)
    } else {
        (1.0, 0.0)
    };
    let (gx, gy) = (next.start.0 - previous.end.0, next.start.1 - previous.end.1);
    let along = gx * ux + gy * uy;
    let across = -gx * uy + gy * ux;
    let size = previous.size.max(next.size).max(1e-6);
    if across.abs() > size * 0.5 || along < -size * 1.5 {
        Some('\n')
    } else if along > size * 0.2 {
        Some(' ')
    } else {
        None
    }
}

fn join<'g>(glyphs: impl Iterator<Item = &'g Placed>) -> String {
    let mut text = String::new();
    let mut previous: Option<&Placed> = None;
    for glyph in glyphs {
        if let Some(previous) = previous
            && let Some(separator) = separator(previous, glyph)
            && !text.ends_with(char::is_whitespace)
            && !glyph.text.starts_with(char::is_whitespace)
        {
            text.push(separator);
        }
        text.push_str(&glyph.text);
        previous = Some(glyph);
    }
    text
}

/// Upright glyphs sorted into lines (top to bottom) and each line left to right.
fn reading_order(glyphs: &[Placed]) -> String {
    let mut upright: Vec<&Placed> = glyphs.iter().filter(|glyph| glyph.upright).collect();
    upright.sort_by(|first, second| {
        second
            .start
            .1
            .total_cmp(&first.start.1)
            .then(first.start.0.total_cmp(&second.start.0))
    });
    // Group into lines: a glyph joins the current line when its baseline is within half a
    // font size of the line's first glyph.
    let mut lines: Vec<Vec<&Placed>> = Vec::new();
    for glyph in upright {
        match lines.last_mut() {
            Some(line)
                if (line[0].start.1 - glyph.start.1).abs()
                    <= line[0].size.max(glyph.size) * 0.5 =>
            {
                line.push(glyph)
            }
            _ => lines.push(vec![glyph]),
        }
    }
    let mut text = String::new();
    for mut line in lines {
        line.sort_by(|first, second| first.start.0.total_cmp(&second.start.0));
        text.push_str(&join(line.into_iter()));
        text.push('\n');
    }
    text
}

fn is_box(points: &[(f64, f64)]) -> bool {
    if points.len() < 4 {
        return false;
    }
    let rect = Rect::around(points);
    let near = |a: f64, b: f64| (a - b).abs() <= 0.01 * (1.0 + a.abs().max(b.abs()));
    points.iter().all(|(x, y)| {
        (near(*x, rect.x0) || near(*x, rect.x1)) && (near(*y, rect.y0) || near(*y, rect.y1))
    })
}

fn unit_square(ctm: &Matrix) -> Rect {
    Rect::around(&[
        apply(ctm, 0.0, 0.0),
        apply(ctm, 1.0, 0.0),
        apply(ctm, 1.0, 1.0),
        apply(ctm, 0.0, 1.0),
    ])
}

fn form_matrix(document: &Document, dictionary: &Dictionary) -> Matrix {
    let Some(Object::Array(items)) = dictionary
        .get(b"Matrix")
        .ok()
        .map(|object| resolve(document, object))
    else {
        return IDENTITY;
    };
    let values: Vec<f64> = items
        .iter()
        .filter_map(|item| match resolve(document, item) {
            Object::Integer(value) => Some(*value as f64),
            Object::Real(value) => Some(f64::from(*value)),
            _ => None,
        })
        .collect();
    match values.as_slice() {
        [a, b, c, d, e, f] => [*a, *b, *c, *d, *e, *f],
        _ => IDENTITY,
    }
}
