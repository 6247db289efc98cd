//! The content-stream interpreter: runs a page's operators (and the form XObjects it draws)
//! with the graphics and text state of PDF 32000-1 chapters 8-9, and records every glyph shown:
//! its Unicode text in the page text, its box in page space, where it sits in the content
//! stream, and the `TJ` kerning that replaces it without moving the glyphs after it.
//!
//! The page text is built in content-stream order. Whitespace is synthesized from geometry: a
//! newline when the baseline changes, a space when the gap to the previous glyph is wider than
//! 0.15 em (word gaps made by positioning rather than by a space glyph). Every non-whitespace
//! character of the page text therefore belongs to exactly one glyph.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::font::Font;
use super::{MAX_STREAM_BYTES, PdfProblem};

/// An affine matrix `[a b c d e f]` (PDF row-vector convention).
pub(crate) type Matrix = [f64; 6];

pub(crate) const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `first` then `second`.
pub(crate) fn multiply(first: &Matrix, second: &Matrix) -> Matrix {
    let [a, b, c, d, e, f] = *first;
    let [a2, b2, c2, d2, e2, f2] = *second;
    [
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    ]
}

pub(crate) fn apply(matrix: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (
        x * matrix[0] + y * matrix[2] + matrix[4],
        x * matrix[1] + y * matrix[3] + matrix[5],
    )
}

/// The axis-aligned box `[x0 y0 x1 y1]` around a rectangle transformed by `matrix`.
fn bounding_box(matrix: &Matrix, x0: f64, y0: f64, x1: f64, y1: f64) -> [f64; 4] {
    let corners = [
        apply(matrix, x0, y0),
        apply(matrix, x1, y0),
        apply(matrix, x0, y1),
        apply(matrix, x1, y1),
    ];
    let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for (x, y) in corners {
        bbox[0] = bbox[0].min(x);
        bbox[1] = bbox[1].min(y);
        bbox[2] = bbox[2].max(x);
        bbox[3] = bbox[3].max(y);
    }
    bbox
}

/// One glyph shown on a page.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    /// Index into [`PageLayout::streams`].
    pub(crate) stream: u32,
    /// Index of the text-showing operation in that stream.
    pub(crate) operation: u32,
    /// Index of the string in a `TJ` array (0 for `Tj`, `'` and `"`).
    pub(crate) element: u32,
    /// Byte offset of the code in that string, and its length.
    pub(crate) byte: u32,
    pub(crate) length: u8,
    /// The glyph's text in [`PageLayout::text`] (empty when it maps to nothing printable).
    pub(crate) text_start: u32,
    pub(crate) text_end: u32,
    /// Box in default user space of the page.
    pub(crate) bbox: [f64; 4],
    /// The `TJ` number that moves the text position exactly as this glyph did; `None` when
    /// the font size is zero.
    pub(crate) kern: Option<f64>,
    /// Drawn in an invisible text rendering mode (`3 Tr` or `7 Tr`): the searchable layer an
    /// OCR program lays under a scan.
    pub(crate) invisible: bool,
    /// Which font drew it: the same number for glyphs of the same font on this page, so that
    /// redaction can tell the glyphs of one shaped cluster (see `redact::pdf`) from a
    /// neighbouring font's.
    pub(crate) font: u32,
}

/// A content stream of the page: the page's own (index 0) or a form XObject it draws.
#[derive(Debug)]
pub(crate) struct ContentStream {
    pub(crate) operations: Vec<Operation>,
    pub(crate) form: Option<FormOrigin>,
}

/// How a form XObject is reached: from which stream, under which resource name.
#[derive(Debug, Clone)]
pub(crate) struct FormOrigin {
    pub(crate) id: ObjectId,
    pub(crate) parent: usize,
    pub(crate) name: Vec<u8>,
}

/// An image painted on the page.
#[derive(Debug, Clone)]
pub(crate) struct ImageUse {
    pub(crate) name: String,
    pub(crate) bbox: [f64; 4],
    /// The image XObject drawn (`None` for an inline image).
    pub(crate) id: Option<ObjectId>,
    /// Its size in pixels, as its dictionary says ([`UNKNOWN_SIZE`] when it does not say).
    pub(crate) pixels: (u32, u32),
    /// The matrix mapping the unit square onto the page (the CTM when it was drawn).
    pub(crate) matrix: Matrix,
}

/// The side of an image whose size cannot be read: counted as large, so that the picture must
/// be read (and, being unreadable, goes to a person) rather than pass as too small for text.
pub(crate) const UNKNOWN_SIZE: u32 = u32::MAX;

/// The `Width` and `Height` an image dictionary declares ([`UNKNOWN_SIZE`] when missing).
fn declared_size(document: &Document, dictionary: &Dictionary) -> (u32, u32) {
    let side = |keys: [&[u8]; 2]| {
        keys.iter()
            .find_map(|key| {
                dictionary
                    .get(key)
                    .ok()
                    .and_then(|value| resolve(document, value).as_i64().ok())
            })
            .filter(|&value| value > 0)
            .map_or(UNKNOWN_SIZE, |value| value.min(i64::from(u32::MAX)) as u32)
    };
    (side([b"Width", b"W"]), side([b"Height", b"H"]))
}

/// Where a dictionary lives, so that it can be found again for editing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum DictionaryPlace {
    /// The indirect object itself.
    Object(ObjectId),
    /// The direct `/Resources` dictionary of this page, page-tree node or form XObject.
    ResourcesOf(ObjectId),
}

/// Where an `/XObject` resource dictionary lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum XObjectPlace {
    Object(ObjectId),
    /// Direct inside the resources found at this place.
    In(DictionaryPlace),
}

/// A resource dictionary and where it lives.
#[derive(Clone, Copy)]
struct Resources<'a> {
    dictionary: &'a Dictionary,
    place: DictionaryPlace,
}

/// Everything the interpreter learnt about one page.
#[derive(Debug)]
pub(crate) struct PageLayout {
    pub(crate) number: u32,
    pub(crate) page_id: ObjectId,
    pub(crate) text: String,
    pub(crate) glyphs: Vec<Glyph>,
    /// Decoded content streams (kept only when asked for, i.e. for redaction).
    pub(crate) streams: Vec<ContentStream>,
    pub(crate) images: Vec<ImageUse>,
    pub(crate) unknown_operators: BTreeSet<String>,
    /// A marked-content property list in the content carries `/ActualText`, `/Alt` or `/E`.
    pub(crate) marked_content_text: bool,
    /// For every `/XObject` dictionary the page's content could draw from, the names it drew.
    pub(crate) xobject_uses: std::collections::BTreeMap<XObjectPlace, BTreeSet<Vec<u8>>>,
    /// Text is shown in a Type3 font, whose glyph procedures may draw XObjects by name too.
    pub(crate) uses_type3: bool,
    /// Every path painted (stroked or filled), so that a person's `redact-area` can remove the
    /// drawings in it too.
    pub(crate) paths: Vec<PaintedPath>,
}

/// A path painted on the page: where its painting operator is and the box around its points.
#[derive(Debug, Clone)]
pub(crate) struct PaintedPath {
    /// Index into [`PageLayout::streams`].
    pub(crate) stream: u32,
    /// Index of the painting operation (`S`, `f`, `B` ...) in that stream.
    pub(crate) operation: u32,
    /// Box in default user space around every point of the path (control points included).
    pub(crate) bbox: [f64; 4],
}

/// Fonts are shared between pages; load each once.
#[derive(Default)]
pub(crate) struct FontCache {
    fonts: HashMap<ObjectId, Rc<Font>>,
}

#[derive(Clone)]
struct GraphicsState {
    ctm: Matrix,
    font: Option<(Rc<Font>, Vec<u8>)>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    horizontal_scale: f64,
    leading: f64,
    rise: f64,
    /// The text rendering mode (`Tr`): 3 (neither fill nor stroke) and 7 (clip only) are
    /// invisible.
    render_mode: i64,
}

/// The geometry of the previous glyph, to decide which whitespace separates the next.
struct Previous {
    end: (f64, f64),
    direction: (f64, f64),
    height: f64,
}

struct Interpreter<'a> {
    document: &'a Document,
    number: u32,
    fonts: &'a mut FontCache,
    layout: PageLayout,
    state: GraphicsState,
    stack: Vec<GraphicsState>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    previous: Option<Previous>,
    scratch: String,
    /// Forms being drawn (cycle guard).
    form_stack: Vec<ObjectId>,
    /// Patterns already checked for text.
    checked_patterns: std::collections::HashSet<ObjectId>,
    /// The points of the path being built, in default user space.
    path: Vec<(f64, f64)>,
    /// The fonts that drew glyphs on this page, in first use: [`Glyph::font`] indexes it.
    page_fonts: Vec<Rc<Font>>,
}

const KNOWN_OPERATORS: &[&str] = &[
    "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0", "d1",
    "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID", "j", "J",
    "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S", "SC", "sc",
    "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr", "Ts", "Tw",
    "Tz", "v", "w", "W", "W*", "y", "'", "\"",
];

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(value) => Some(*value as f64),
        Object::Real(value) => Some(f64::from(*value)),
        _ => None,
    }
}

fn numbers<const N: usize>(operands: &[Object]) -> Option<[f64; N]> {
    if operands.len() < N {
        return None;
    }
    let mut values = [0.0; N];
    for (slot, operand) in values.iter_mut().zip(&operands[operands.len() - N..]) {
        *slot = number(operand)?;
    }
    Some(values)
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    document
        .dereference(object)
        .map(|(_, object)| object)
        .unwrap_or(&Object::Null)
}

/// Decodes one stream's data, refusing streams whose filters fail (never the raw bytes).
///
/// lopdf's Flate decoder logs a corrupt stream and returns what it could inflate, so plain
/// `/FlateDecode` (by far the commonest content filter) is inflated here, strictly: a stream
/// cut short would hide the text after the damage from detection.
pub(crate) fn stream_data(stream: &lopdf::Stream, what: &str) -> Result<Vec<u8>, PdfProblem> {
    let flate_only = match stream.dict.get(b"Filter") {
        Err(_) => return Ok(stream.content.clone()),
        Ok(Object::Name(name)) => name == b"FlateDecode",
        Ok(Object::Array(filters)) => {
            filters.len() == 1
                && filters[0]
                    .as_name()
                    .is_ok_and(|name| name == b"FlateDecode")
        }
        Ok(_) => false,
    };
    if flate_only && !stream.dict.has(b"DecodeParms") {
        use std::io::Read;
        let mut data = Vec::with_capacity(stream.content.len() * 4);
        flate2::read::ZlibDecoder::new(stream.content.as_slice())
            .take(MAX_STREAM_BYTES as u64 + 1)
            .read_to_end(&mut data)
            .map_err(|error| {
                PdfProblem::new(format!("damaged: {what} does not decode ({error})"))
            })?;
        if data.len() > MAX_STREAM_BYTES {
            return Err(PdfProblem::new(format!(
                "{what} is too large once decompressed"
            )));
        }
        return Ok(data);
    }
    stream
        .decompressed_content_with_limit(MAX_STREAM_BYTES)
        .map_err(|error| PdfProblem::new(format!("damaged: {what} does not decode ({error})")))
}

/// The page's resource dictionary, inherited from the page tree when the page has none.
pub(crate) fn page_resources(document: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    page_resources_at(document, page_id).map(|resources| resources.dictionary)
}

fn page_resources_at(document: &Document, page_id: ObjectId) -> Option<Resources<'_>> {
    let mut node_id = page_id;
    for _ in 0..64 {
        let node = document.get_dictionary(node_id).ok()?;
        match node.get(b"Resources") {
            Ok(Object::Reference(id)) => {
                return Some(Resources {
                    dictionary: document.get_dictionary(*id).ok()?,
                    place: DictionaryPlace::Object(*id),
                });
            }
            Ok(Object::Dictionary(dictionary)) => {
                return Some(Resources {
                    dictionary,
                    place: DictionaryPlace::ResourcesOf(node_id),
                });
            }
            _ => {}
        }
        node_id = node.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// The page's crop box (or media box), inherited from the page tree; US Letter if absent.
pub(crate) fn page_box(document: &Document, page_id: ObjectId) -> [f64; 4] {
    let node = document.get_dictionary(page_id).ok();
    for key in [&b"CropBox"[..], b"MediaBox"] {
        let mut current = node;
        for _ in 0..64 {
            let Some(dictionary) = current else { break };
            if let Ok(Object::Array(values)) =
                dictionary.get(key).map(|object| resolve(document, object))
                && values.len() == 4
            {
                let mut rect = [0.0; 4];
                for (slot, value) in rect.iter_mut().zip(values) {
                    *slot = number(resolve(document, value)).unwrap_or(0.0);
                }
                return [
                    rect[0].min(rect[2]),
                    rect[1].min(rect[3]),
                    rect[0].max(rect[2]),
                    rect[1].max(rect[3]),
                ];
            }
            current = dictionary
                .get(b"Parent")
                .and_then(Object::as_reference)
                .and_then(|parent| document.get_dictionary(parent))
                .ok();
        }
    }
    [0.0, 0.0, 612.0, 792.0]
}

/// The page's `/Rotate` (inherited), as 0, 90, 180 or 270.
fn page_rotation(document: &Document, page_id: ObjectId) -> i64 {
    let mut current = document.get_dictionary(page_id).ok();
    for _ in 0..64 {
        let Some(dictionary) = current else { break };
        if let Ok(value) = dictionary.get(b"Rotate") {
            return resolve(document, value)
                .as_i64()
                .map_or(0, |degrees| degrees.rem_euclid(360) / 90 * 90);
        }
        current = dictionary
            .get(b"Parent")
            .and_then(Object::as_reference)
            .and_then(|parent| document.get_dictionary(parent))
            .ok();
    }
    0
}

/// An area given as a person sees the page (points from the bottom-left corner of the crop box
/// as displayed, after `/Rotate`), in the page's default user space, where glyph and picture
/// boxes are.
pub(crate) fn displayed_area(document: &Document, page_id: ObjectId, area: [f64; 4]) -> [f64; 4] {
    let [cx0, cy0, cx1, cy1] = page_box(document, page_id);
    let (width, height) = (cx1 - cx0, cy1 - cy0);
    // (X, Y) as displayed -> (u, v) from the crop box's corner in user space. `/Rotate` turns
    // the page clockwise for display.
    let to_user = |x: f64, y: f64| match page_rotation(document, page_id) {
        90 => (width - y, x),
        180 => (width - x, height - y),
        270 => (y, height - x),
        _ => (x, y),
    };
    let (a, b) = (to_user(area[0], area[1]), to_user(area[2], area[3]));
    [
        cx0 + a.0.min(b.0),
        cy0 + a.1.min(b.1),
        cx0 + a.0.max(b.0),
        cy0 + a.1.max(b.1),
    ]
}

/// Someone else's redaction marks are a decision this pipeline did not make: an unapplied
/// `/Redact` annotation, or an opaque dark box drawn as a comment, covers text that would show
/// once annotations are scrubbed (checklist A2, A3). Such a page goes to a person.
fn check_annotations(
    document: &Document,
    page_number: u32,
    page_id: ObjectId,
) -> Result<(), PdfProblem> {
    let Ok(page) = document.get_dictionary(page_id) else {
        return Ok(());
    };
    let annotations = match page.get(b"Annots").map(|object| resolve(document, object)) {
        Ok(Object::Array(list)) => list,
        _ => return Ok(()),
    };
    for annotation in annotations {
        let Ok(annotation) = resolve(document, annotation).as_dict() else {
            continue;
        };
        let subtype = annotation
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if subtype == b"Redact" {
            return Err(PdfProblem::new(format!(
                "page {page_number} has an unapplied redaction annotation (someone marked text to remove)"
            )));
        }
        if matches!(subtype, b"Square" | b"Polygon" | b"Highlight") {
            let fill = match annotation.get(b"IC").or_else(|_| annotation.get(b"C")) {
                Ok(Object::Array(colour)) => colour.iter().filter_map(number).collect::<Vec<f64>>(),
                _ => Vec::new(),
            };
            let dark = match fill.as_slice() {
                [grey] => *grey < 0.25,
                [r, g, b] => r.max(*g).max(*b) < 0.25,
                [_, _, _, k] => *k > 0.75,
                _ => false,
            };
            let filled = subtype == b"Highlight" || annotation.has(b"IC");
            if dark && filled {
                return Err(PdfProblem::new(format!(
                    "page {page_number} has a dark {} annotation that may be a redaction drawn as a comment",
                    String::from_utf8_lossy(subtype)
                )));
            }
        }
    }
    Ok(())
}

/// Runs one page. With `keep_operations`, the decoded streams stay in the layout for rewriting.
pub(crate) fn interpret_page(
    document: &Document,
    number: u32,
    page_id: ObjectId,
    fonts: &mut FontCache,
    keep_operations: bool,
) -> Result<PageLayout, PdfProblem> {
    let mut data = Vec::new();
    for id in document.get_page_contents(page_id) {
        let stream = match document.get_object(id) {
            Ok(Object::Stream(stream)) => stream,
            _ => {
                return Err(PdfProblem::new(format!(
                    "damaged: page {number}: content stream {} {} is missing",
                    id.0, id.1
                )));
            }
        };
        data.extend(stream_data(
            stream,
            &format!("page {number}: content stream {} {}", id.0, id.1),
        )?);
        data.push(b'\n');
        if data.len() > MAX_STREAM_BYTES {
            return Err(PdfProblem::new(format!(
                "page {number}: content is too large"
            )));
        }
    }
    // Strict: lopdf's lenient decoder drops everything after the first unparsable token.
    let operations = Content::decode_strict(&data)
        .map_err(|_| {
            PdfProblem::new(format!(
                "damaged: page {number}: the content stream does not parse to its end"
            ))
        })?
        .operations;
    let resources = page_resources_at(document, page_id);
    let mut interpreter = Interpreter {
        document,
        number,
        fonts,
        layout: PageLayout {
            number,
            page_id,
            text: String::new(),
            glyphs: Vec::new(),
            streams: vec![ContentStream {
                operations,
                form: None,
            }],
            images: Vec::new(),
            unknown_operators: BTreeSet::new(),
            marked_content_text: false,
            xobject_uses: Default::default(),
            uses_type3: false,
            paths: Vec::new(),
        },
        state: GraphicsState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render_mode: 0,
        },
        stack: Vec::new(),
        text_matrix: IDENTITY,
        line_matrix: IDENTITY,
        previous: None,
        scratch: String::new(),
        form_stack: Vec::new(),
        checked_patterns: Default::default(),
        path: Vec::new(),
        page_fonts: Vec::new(),
    };
    check_annotations(document, number, page_id)?;
    interpreter.run(0, resources)?;
    let mut layout = interpreter.layout;
    if !keep_operations {
        layout.streams.clear();
    }
    Ok(layout)
}

/// Refuses a page whose pictures were not read (the text-only reader, [`super::extract_pages`]):
/// a page of images with no text, or mostly image with under 30 characters, is a scan.
pub(crate) fn refuse_scan(document: &Document, layout: &PageLayout) -> Result<(), PdfProblem> {
    let number = layout.number;
    let page_id = layout.page_id;
    if !layout.images.is_empty() && layout.text.trim().is_empty() {
        return Err(PdfProblem::new(format!(
            "page {number} has no text layer (scanned image?)"
        )));
    }
    // A page that is mostly picture with a few words of text (a scan with a stamped page
    // number or reference) would otherwise pass unread: its image is never checked.
    let characters = layout.text.chars().filter(|c| !c.is_whitespace()).count();
    if !layout.images.is_empty() && characters < 30 {
        let page_box = page_box(document, page_id);
        let page_area = (page_box[2] - page_box[0]) * (page_box[3] - page_box[1]);
        let covered: f64 = layout
            .images
            .iter()
            .map(|image| {
                let width = image.bbox[2].min(page_box[2]) - image.bbox[0].max(page_box[0]);
                let height = image.bbox[3].min(page_box[3]) - image.bbox[1].max(page_box[1]);
                width.max(0.0) * height.max(0.0)
            })
            .sum();
        if page_area > 0.0 && covered >= 0.6 * page_area {
            return Err(PdfProblem::new(format!(
                "page {number} is mostly an image with only {characters} characters of text (scanned image?)"
            )));
        }
    }
    Ok(())
}

impl Interpreter<'_> {
    fn problem(&self, what: impl std::fmt::Display) -> PdfProblem {
        PdfProblem::new(format!("page {}: {what}", self.number))
    }

    fn run(&mut self, stream: usize, resources: Option<Resources<'_>>) -> Result<(), PdfProblem> {
        // Register the XObject dictionary even if nothing is drawn from it: entries never
        // drawn are removed from the output (they may hold text no one sees).
        let xobjects = resources.and_then(|resources| match resources.dictionary.get(b"XObject") {
            Ok(Object::Reference(id)) => Some(XObjectPlace::Object(*id)),
            Ok(Object::Dictionary(_)) => Some(XObjectPlace::In(resources.place)),
            _ => None,
        });
        if let Some(place) = xobjects {
            self.layout.xobject_uses.entry(place).or_default();
        }
        let operations = std::mem::take(&mut self.layout.streams[stream].operations);
        let result = self.run_operations(stream, &operations, resources, xobjects);
        self.layout.streams[stream].operations = operations;
        result
    }

    fn run_operations(
        &mut self,
        stream: usize,
        operations: &[Operation],
        resources: Option<Resources<'_>>,
        xobjects: Option<XObjectPlace>,
    ) -> Result<(), PdfProblem> {
        let dictionary = resources.map(|resources| resources.dictionary);
        let stack_depth = self.stack.len();
        for (index, operation) in operations.iter().enumerate() {
            let operands = operation.operands.as_slice();
            match operation.operator.as_str() {
                "q" => {
                    if self.stack.len() > 256 {
                        return Err(self.problem("graphics state nested too deeply"));
                    }
                    self.stack.push(self.state.clone());
                }
                "Q" => {
                    if self.stack.len() > stack_depth
                        && let Some(state) = self.stack.pop()
                    {
                        self.state = state;
                    }
                }
                "cm" => {
                    if let Some(m) = numbers::<6>(operands) {
                        self.state.ctm = multiply(&m, &self.state.ctm);
                    }
                }
                "BT" => {
                    self.text_matrix = IDENTITY;
                    self.line_matrix = IDENTITY;
                }
                "Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) =
                        (operands.first(), operands.get(1).and_then(number))
                    {
                        self.state.size = size;
                        self.state.font =
                            self.font(dictionary, name).map(|font| (font, name.clone()));
                        if self.state.font.is_none() {
                            // Shown text with this font fails closed in `show`.
                            self.state.font = Some((
                                Rc::new(Font::missing(&String::from_utf8_lossy(name))),
                                name.clone(),
                            ));
                        }
                    }
                }
                "Tc" => {
                    if let Some([value]) = numbers::<1>(operands) {
                        self.state.char_spacing = value;
                    }
                }
                "Tw" => {
                    if let Some([value]) = numbers::<1>(operands) {
                        self.state.word_spacing = value;
                    }
                }
                "Tz" => {
                    if let Some([value]) = numbers::<1>(operands) {
                        self.state.horizontal_scale = value / 100.0;
                    }
                }
                "TL" => {
                    if let Some([value]) = numbers::<1>(operands) {
                        self.state.leading = value;
                    }
                }
                "Ts" => {
                    if let Some([value]) = numbers::<1>(operands) {
                        self.state.rise = value;
                    }
                }
                "Tr" => {
                    if let Some([value]) = numbers::<1>(operands) {
                        self.state.render_mode = value as i64;
                    }
                }
                "Td" => {
                    if let Some([x, y]) = numbers::<2>(operands) {
                        self.move_line(x, y);
                    }
                }
                "TD" => {
                    if let Some([x, y]) = numbers::<2>(operands) {
                        self.state.leading = -y;
                        self.move_line(x, y);
                    }
                }
                "Tm" => {
                    if let Some(m) = numbers::<6>(operands) {
                        self.text_matrix = m;
                        self.line_matrix = m;
                    }
                }
                "T*" => self.move_line(0.0, -self.state.leading),
                "Tj" => {
                    if let Some(Object::String(bytes, _)) = operands.first() {
                        self.show(bytes, stream, index, 0)?;
                    }
                }
                "'" => {
                    self.move_line(0.0, -self.state.leading);
                    if let Some(Object::String(bytes, _)) = operands.last() {
                        self.show(bytes, stream, index, 0)?;
                    }
                }
                "\"" => {
                    if let (Some(word), Some(character)) = (
                        operands.first().and_then(number),
                        operands.get(1).and_then(number),
                    ) {
                        self.state.word_spacing = word;
                        self.state.char_spacing = character;
                    }
                    self.move_line(0.0, -self.state.leading);
                    if let Some(Object::String(bytes, _)) = operands.last() {
                        self.show(bytes, stream, index, 0)?;
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(elements)) = operands.first() {
                        for (element, item) in elements.iter().enumerate() {
                            match item {
                                Object::String(bytes, _) => {
                                    self.show(bytes, stream, index, element)?
                                }
                                other => {
                                    if let Some(adjust) = number(other) {
                                        let tx = -adjust / 1000.0
                                            * self.state.size
                                            * self.state.horizontal_scale;
                                        self.advance(tx);
                                    }
                                }
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(Object::Name(name)) = operands.first() {
                        if let Some(place) = xobjects {
                            self.layout
                                .xobject_uses
                                .entry(place)
                                .or_default()
                                .insert(name.clone());
                        }
                        self.draw_xobject(stream, resources, name)?;
                    }
                }
                "BI" => {
                    // lopdf keeps an inline image it cannot parse as a bare `BI`, which would
                    // be written back without its data: such a page must not be rewritten.
                    if !matches!(operands, [Object::Stream(_)]) {
                        self.layout
                            .unknown_operators
                            .insert("BI (an inline image that cannot be parsed)".into());
                    }
                    let pixels = match operands.first() {
                        Some(Object::Stream(stream)) => declared_size(self.document, &stream.dict),
                        _ => (UNKNOWN_SIZE, UNKNOWN_SIZE),
                    };
                    self.layout.images.push(ImageUse {
                        name: "an inline image".into(),
                        bbox: bounding_box(&self.state.ctm, 0.0, 0.0, 1.0, 1.0),
                        id: None,
                        pixels,
                        matrix: self.state.ctm,
                    });
                }
                "scn" | "SCN" => {
                    if let Some(Object::Name(name)) = operands.last() {
                        self.check_pattern(dictionary, name)?;
                    }
                }
                "gs" => {
                    if let Some(Object::Name(name)) = operands.first() {
                        self.check_soft_mask(dictionary, name)?;
                    }
                }
                "m" | "l" | "c" | "v" | "y" => {
                    // Every coordinate pair, control points included: the box is never smaller
                    // than what is drawn.
                    for pair in operands.chunks_exact(2) {
                        if let (Some(x), Some(y)) = (number(&pair[0]), number(&pair[1])) {
                            self.path.push(apply(&self.state.ctm, x, y));
                        }
                    }
                }
                "re" => {
                    if let Some([x, y, width, height]) = numbers::<4>(operands) {
                        for (px, py) in [
                            (x, y),
                            (x + width, y),
                            (x, y + height),
                            (x + width, y + height),
                        ] {
                            self.path.push(apply(&self.state.ctm, px, py));
                        }
                    }
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" => {
                    let path = std::mem::take(&mut self.path);
                    if !path.is_empty() {
                        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
                        for (x, y) in path {
                            bbox = [
                                bbox[0].min(x),
                                bbox[1].min(y),
                                bbox[2].max(x),
                                bbox[3].max(y),
                            ];
                        }
                        // A stroke is wider than its path by half the line width at most a
                        // few points; the removal test pads by the same.
                        self.layout.paths.push(PaintedPath {
                            stream: stream as u32,
                            operation: index as u32,
                            bbox,
                        });
                    }
                }
                "n" => self.path.clear(),
                "BDC" | "DP" => {
                    if let Some(Object::Dictionary(properties)) = operands.get(1)
                        && (properties.has(b"ActualText")
                            || properties.has(b"Alt")
                            || properties.has(b"E"))
                    {
                        self.layout.marked_content_text = true;
                    }
                }
                operator => {
                    if !KNOWN_OPERATORS.contains(&operator) {
                        self.layout.unknown_operators.insert(operator.to_string());
                    }
                }
            }
        }
        // A form (or an unbalanced page) must not leak its q into the caller's state.
        while self.stack.len() > stack_depth {
            if let Some(state) = self.stack.pop() {
                self.state = state;
            }
        }
        Ok(())
    }

    /// Text drawn inside a tiling pattern is not interpreted, so it could be neither found nor
    /// removed: a page painting with such a pattern fails closed (checklist A7).
    fn check_pattern(
        &mut self,
        resources: Option<&Dictionary>,
        name: &[u8],
    ) -> Result<(), PdfProblem> {
        let document = self.document;
        let entry = resources
            .and_then(|resources| resources.get(b"Pattern").ok())
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_dict().ok())
            .and_then(|patterns| patterns.get(name).ok());
        // A pattern painted many times is checked once.
        if let Some(Object::Reference(id)) = entry {
            if self.checked_patterns.contains(id) {
                return Ok(());
            }
            self.checked_patterns.insert(*id);
        }
        let pattern = entry.map(|object| resolve(document, object));
        if let Some(Object::Stream(pattern)) = pattern
            && self.draws_text(pattern)?
        {
            return Err(self.problem(format!(
                "pattern `{}` draws text, which cannot be redacted",
                String::from_utf8_lossy(name)
            )));
        }
        Ok(())
    }

    /// Likewise for a soft mask group set by `gs`.
    fn check_soft_mask(
        &self,
        resources: Option<&Dictionary>,
        name: &[u8],
    ) -> Result<(), PdfProblem> {
        let document = self.document;
        let state = resources
            .and_then(|resources| resources.get(b"ExtGState").ok())
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_dict().ok())
            .and_then(|states| states.get(name).ok())
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_dict().ok());
        let group = state
            .and_then(|state| state.get(b"SMask").ok())
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_dict().ok())
            .and_then(|mask| mask.get(b"G").ok())
            .map(|object| resolve(document, object));
        if let Some(Object::Stream(group)) = group
            && self.draws_text(group)?
        {
            return Err(self.problem(format!(
                "the soft mask of graphics state `{}` draws text, which cannot be redacted",
                String::from_utf8_lossy(name)
            )));
        }
        Ok(())
    }

    fn draws_text(&self, stream: &lopdf::Stream) -> Result<bool, PdfProblem> {
        let data = stream_data(stream, &format!("page {}: a pattern or mask", self.number))?;
        let operations = Content::decode_strict(&data)
            .map_err(|_| self.problem("damaged: a pattern or mask does not parse to its end"))?
            .operations;
        Ok(operations
            .iter()
            .any(|operation| matches!(operation.operator.as_str(), "Tj" | "TJ" | "'" | "\"")))
    }

    fn move_line(&mut self, x: f64, y: f64) {
        self.line_matrix = multiply(&[1.0, 0.0, 0.0, 1.0, x, y], &self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    fn advance(&mut self, tx: f64) {
        let m = &mut self.text_matrix;
        m[4] += tx * m[0];
        m[5] += tx * m[1];
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let document = self.document;
        let fonts = resources?
            .get(b"Font")
            .ok()
            .map(|object| resolve(document, object))?;
        let entry = fonts.as_dict().ok()?.get(name).ok()?;
        match entry {
            Object::Reference(id) => {
                if let Some(font) = self.fonts.fonts.get(id) {
                    return Some(font.clone());
                }
                let dictionary = document.get_dictionary(*id).ok()?;
                let font = Rc::new(Font::load(document, dictionary));
                self.fonts.fonts.insert(*id, font.clone());
                Some(font)
            }
            Object::Dictionary(dictionary) => Some(Rc::new(Font::load(document, dictionary))),
            _ => None,
        }
    }

    fn draw_xobject(
        &mut self,
        parent: usize,
        resources: Option<Resources<'_>>,
        name: &[u8],
    ) -> Result<(), PdfProblem> {
        let document = self.document;
        let entry = resources
            .and_then(|resources| resources.dictionary.get(b"XObject").ok())
            .map(|object| resolve(document, object))
            .and_then(|object| object.as_dict().ok())
            .and_then(|xobjects| xobjects.get(name).ok());
        let Some(Object::Reference(id)) = entry else {
            return Ok(());
        };
        let Ok(Object::Stream(xobject)) = document.get_object(*id) else {
            return Ok(());
        };
        let subtype = xobject
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        match subtype {
            b"Image" => {
                self.layout.images.push(ImageUse {
                    name: format!("image `{}`", String::from_utf8_lossy(name)),
                    bbox: bounding_box(&self.state.ctm, 0.0, 0.0, 1.0, 1.0),
                    id: Some(*id),
                    pixels: declared_size(document, &xobject.dict),
                    matrix: self.state.ctm,
                });
                Ok(())
            }
            b"Form" => {
                if self.form_stack.contains(id) || self.form_stack.len() > 16 {
                    return Err(
                        self.problem("form XObjects draw each other in a cycle or nest too deeply")
                    );
                }
                let index = match self.layout.streams.iter().position(|stream| {
                    stream.form.as_ref().is_some_and(|form| {
                        form.id == *id && form.parent == parent && form.name == name
                    })
                }) {
                    Some(index) => index,
                    None => {
                        let data = stream_data(
                            xobject,
                            &format!("page {}: form XObject {} {}", self.number, id.0, id.1),
                        )?;
                        let operations = Content::decode_strict(&data)
                            .map_err(|_| {
                                self.problem(format!(
                                    "damaged: form XObject {} {} does not parse to its end",
                                    id.0, id.1
                                ))
                            })?
                            .operations;
                        self.layout.streams.push(ContentStream {
                            operations,
                            form: Some(FormOrigin {
                                id: *id,
                                parent,
                                name: name.to_vec(),
                            }),
                        });
                        self.layout.streams.len() - 1
                    }
                };
                let form_resources = match xobject.dict.get(b"Resources") {
                    Ok(Object::Reference(resources_id)) => document
                        .get_dictionary(*resources_id)
                        .ok()
                        .map(|dictionary| Resources {
                            dictionary,
                            place: DictionaryPlace::Object(*resources_id),
                        }),
                    Ok(Object::Dictionary(dictionary)) => Some(Resources {
                        dictionary,
                        place: DictionaryPlace::ResourcesOf(*id),
                    }),
                    _ => resources,
                };
                let matrix = match xobject.dict.get(b"Matrix") {
                    Ok(Object::Array(values)) if values.len() == 6 => {
                        let mut matrix = IDENTITY;
                        for (slot, value) in matrix.iter_mut().zip(values) {
                            *slot = number(value).unwrap_or(0.0);
                        }
                        matrix
                    }
                    _ => IDENTITY,
                };
                let saved_state = self.state.clone();
                let saved_text = (self.text_matrix, self.line_matrix);
                self.state.ctm = multiply(&matrix, &self.state.ctm);
                self.form_stack.push(*id);
                let result = self.run(index, form_resources);
                self.form_stack.pop();
                self.state = saved_state;
                (self.text_matrix, self.line_matrix) = saved_text;
                result
            }
            _ => Ok(()),
        }
    }

    fn show(
        &mut self,
        bytes: &[u8],
        stream: usize,
        operation: usize,
        element: usize,
    ) -> Result<(), PdfProblem> {
        let Some((font, resource)) = self.state.font.clone() else {
            return Err(self.problem("text is shown before any font is selected"));
        };
        if let Some(problem) = &font.problem {
            return Err(self.problem(format!(
                "font `{}` ({}) {problem}",
                String::from_utf8_lossy(&resource),
                font.name
            )));
        }
        if font.kind == super::font::FontKind::Type3 {
            self.layout.uses_type3 = true;
        }
        let font_number = match self
            .page_fonts
            .iter()
            .position(|known| Rc::ptr_eq(known, &font))
        {
            Some(index) => index as u32,
            None => {
                self.page_fonts.push(Rc::clone(&font));
                (self.page_fonts.len() - 1) as u32
            }
        };
        let length = font.code_length();
        if !bytes.len().is_multiple_of(length) {
            return Err(self.problem(format!(
                "font `{}` ({}): a string has an odd number of bytes for 2-byte codes",
                String::from_utf8_lossy(&resource),
                font.name
            )));
        }
        let size = self.state.size;
        let scale = self.state.horizontal_scale;
        let mut text_to_page = multiply(&self.text_matrix, &self.state.ctm);
        for (position, code_bytes) in bytes.chunks(length).enumerate() {
            let code = code_bytes
                .iter()
                .fold(0u32, |acc, &byte| acc << 8 | u32::from(byte));
            let width = font.width(code);
            // The text rendering matrix [Tfs*Th 0 0 Tfs 0 Trise] x Tm x CTM (PDF 32000-1 9.4.2),
            // with Tm x CTM kept up to date as the glyphs advance.
            let [a, b, c, d, e, f] = text_to_page;
            let (sx, rise) = (size * scale, self.state.rise);
            let render = [
                sx * a,
                sx * b,
                size * c,
                size * d,
                rise * c + e,
                rise * d + f,
            ];
            let advance = width / 1000.0;
            let bbox = bounding_box(
                &render,
                0.0,
                font.descent / 1000.0,
                advance,
                font.ascent / 1000.0,
            );
            self.scratch.clear();
            if !font.write_text(code, &mut self.scratch) {
                return Err(self.problem(format!(
                    "font `{}` ({}) has no Unicode mapping for code {code:#04x}",
                    String::from_utf8_lossy(&resource),
                    font.name
                )));
            }
            let start = apply(&render, 0.0, 0.0);
            let end = apply(&render, advance, 0.0);
            let length_x = render[0].hypot(render[1]);
            let direction = if length_x > 0.0 {
                (render[0] / length_x, render[1] / length_x)
            } else {
                (1.0, 0.0)
            };
            let height = render[2].hypot(render[3]).abs();
            let has_text = self.scratch.chars().any(|c| !c.is_control());
            if has_text {
                self.separate(start, height);
            }
            let text_start = self.layout.text.len();
            if has_text {
                // Normalised per glyph so that names match however the font maps them: any
                // space (tab, no-break, thin) reads as a space, presentation-form ligatures
                // as their letters; control characters (a form feed would fake a page break
                // in the joined text) are dropped.
                for character in self.scratch.chars() {
                    match character {
                        c if c.is_whitespace() => self.layout.text.push(' '),
                        c if c.is_control() => {}
                        '\u{fb00}' => self.layout.text.push_str("ff"),
                        '\u{fb01}' => self.layout.text.push_str("fi"),
                        '\u{fb02}' => self.layout.text.push_str("fl"),
                        '\u{fb03}' => self.layout.text.push_str("ffi"),
                        '\u{fb04}' => self.layout.text.push_str("ffl"),
                        '\u{fb05}' | '\u{fb06}' => self.layout.text.push_str("st"),
                        c => self.layout.text.push(c),
                    }
                }
                self.previous = Some(Previous {
                    end,
                    direction,
                    height,
                });
            }
            // Tw applies to the single-byte code 32 only (PDF 32000-1 9.3.3).
            let word_spacing = if length == 1 && code == 32 {
                self.state.word_spacing
            } else {
                0.0
            };
            let spacing = self.state.char_spacing + word_spacing;
            self.layout.glyphs.push(Glyph {
                stream: stream as u32,
                operation: operation as u32,
                element: element as u32,
                byte: (position * length) as u32,
                length: length as u8,
                text_start: text_start as u32,
                text_end: self.layout.text.len() as u32,
                bbox,
                kern: (size != 0.0).then(|| -(width + spacing * 1000.0 / size)),
                invisible: matches!(self.state.render_mode, 3 | 7),
                font: font_number,
            });
            let tx = (advance * size + spacing) * scale;
            self.advance(tx);
            text_to_page[4] += tx * text_to_page[0];
            text_to_page[5] += tx * text_to_page[1];
        }
        Ok(())
    }

    /// Pushes the whitespace that the geometry implies between the previous glyph and one
    /// starting at `start`.
    fn separate(&mut self, start: (f64, f64), height: f64) {
        let Some(previous) = &self.previous else {
            return;
        };
        if self.layout.text.is_empty() {
            return;
        }
        let dx = start.0 - previous.end.0;
        let dy = start.1 - previous.end.1;
        let (ux, uy) = previous.direction;
        let along = dx * ux + dy * uy;
        let across = ux * dy - uy * dx;
        let small = previous.height.min(height).max(0.01);
        let large = previous.height.max(height).max(0.01);
        let ends_with_space = self.layout.text.ends_with(|c: char| c.is_whitespace());
        if across.abs() > 0.5 * small {
            if !self.layout.text.ends_with('\n') {
                self.layout.text.push('\n');
            }
        } else if !ends_with_space && (along > 0.15 * large || along < -large) {
            self.layout.text.push(' ');
        }
    }
}

impl Font {
    /// A font name that resolves to nothing: text shown with it fails closed.
    fn missing(name: &str) -> Font {
        let mut font = Font::load(&Document::new(), &Dictionary::new());
        font.name = name.to_string();
        font.problem = Some("is missing from the page resources".into());
        font
    }
}
