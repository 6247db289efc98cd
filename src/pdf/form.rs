//! Flattening filled-in forms (issue 15 point 4). A PDF form keeps what was typed into it — a
//! young person's views — in its fields' values and in the widgets' appearance streams, outside
//! the page content. The redactor removes form fields and annotations, so left alone a value
//! would vanish while the schedule said "disclosed". [`flatten`] runs when a PDF is loaded, for
//! gathering and redaction alike (so their page texts agree): it draws every field's value into
//! its page as ordinary text, and then takes the form and its widgets away. Detection then reads
//! the values like any other text, the redactor removes what must not ship from them, and the
//! verifier reads them in the page like any other text.
//!
//! What is drawn, widget by widget (the visible part of a field):
//! - a text field: its value (`/V`), in the pack's own face (DejaVu Sans, subset into the file,
//!   so Wiśniewska is drawn as typed) at the field's size, wrapped in the field's
//!   box (a single-line field that cannot fit shrinks, then wraps below: never cut off);
//! - a choice field: the chosen option's shown text (`/Opt` pairs map export values);
//! - a check box or radio button that is on: an `X` in its box (off: the box alone);
//! - a field with no value whose appearance shows text (text that exists only there): that
//!   appearance, placed as a viewer places it (PDF 32000-1 12.5.5);
//! - push buttons ("Print", "Submit") are the form's furniture and are dropped, as before.
//!
//! Held for a person, with the reason ([`PdfProblem`]): a signature field that is signed, a
//! field with rich text (`/RV`), a value that is neither text nor a state, a value whose
//! characters the pack's font cannot draw (CJK, emoji), a value shown on no page, a widget whose appearance
//! has no box, and any form whose field tree is a loop or absurdly large. XFA forms are refused
//! before this runs (`pdf::load`).

use std::collections::BTreeSet;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::PdfProblem;
use crate::render::EmbeddedFont;

/// Most field-tree nodes visited: a real form has hundreds at most; a loop or a hostile tree stops
/// here (and the form is then held: fail closed).
const MAX_NODES: usize = 100_000;

/// Deepest parent chain followed from a widget to its field's root.
const MAX_DEPTH: usize = 64;

/// Field flags (PDF 32000-1 tables 226-230).
const MULTILINE: i64 = 1 << 12;
const PUSH_BUTTON: i64 = 1 << 16;

/// Smallest font size a value is shrunk to before it wraps instead.
const MIN_SIZE: f64 = 6.0;

/// Space kept between a field's border and its text.
const PADDING: f64 = 2.0;

fn problem(reason: impl std::fmt::Display) -> PdfProblem {
    PdfProblem::new(format!(
        "a filled-in form that sarpack cannot draw into its page: {reason}; a person must review the form so its values are not lost"
    ))
}

/// Draws every form field's value (and every widget's text that exists only in its appearance)
/// into its page, then removes the form (`/AcroForm`) and the widget annotations. A document
/// with neither is left untouched. Deterministic: the same bytes give the same document.
pub(crate) fn flatten(document: &mut Document) -> Result<(), PdfProblem> {
    let has_form = document
        .catalog()
        .is_ok_and(|catalog| catalog.has(b"AcroForm"));
    let pages: Vec<(u32, ObjectId)> = document.get_pages().into_iter().collect();
    let mut plans = Vec::new();
    let mut shown: BTreeSet<ObjectId> = BTreeSet::new();
    for &(number, page_id) in &pages {
        let plan = plan_page(document, number, page_id, &mut shown)?;
        plans.push(plan);
    }
    if !has_form && plans.iter().all(|plan| plan.widgets.is_empty()) {
        return Ok(());
    }
    // A value no widget on any page shows would be lost with the form.
    let unshown = valued_fields(document)?
        .into_iter()
        .filter(|id| !shown.contains(id))
        .count();
    if unshown > 0 {
        return Err(problem(format!(
            "{unshown} field value(s) are not shown by any widget on a page"
        )));
    }
    // One subset of the pack's face for every character drawn, added only when text is drawn.
    let mut chars: BTreeSet<char> = BTreeSet::new();
    for widget in plans.iter().flat_map(|plan| &plan.widgets) {
        match &widget.drawing {
            Drawing::Text { lines, .. } => chars.extend(lines.iter().flat_map(|line| line.chars())),
            Drawing::Check { on: true } => {
                chars.insert('X');
            }
            _ => {}
        }
    }
    let font = if chars.is_empty() {
        None
    } else {
        Some(EmbeddedFont::add(document, &chars).map_err(problem)?)
    };
    for plan in plans {
        apply(document, plan, font.as_ref())?;
    }
    if let Ok(catalog) = document.catalog_mut() {
        catalog.remove(b"AcroForm");
    }
    Ok(())
}

/// What to draw for one widget.
enum Drawing {
    /// Lines of text in the widget's box.
    Text {
        lines: Vec<String>,
        multiline: bool,
        alignment: i64,
        size: Option<f64>,
    },
    /// A check box or radio button: its box, with an `X` when on.
    Check { on: bool },
    /// The widget's own appearance stream, placed in its box.
    Appearance { stream: ObjectId },
}

struct Widget {
    rect: [f64; 4],
    drawing: Drawing,
}

/// One page's widgets, in annotation order, and the annotations to keep.
struct PagePlan {
    page_id: ObjectId,
    widgets: Vec<Widget>,
    kept: Vec<Object>,
}

/// The field properties a widget has, itself or inherited from its parents.
struct FieldView<'a> {
    kind: Option<&'a [u8]>,
    flags: i64,
    value: Option<&'a Object>,
    /// The node that holds the value (the field), when it is an object of its own.
    holder: Option<ObjectId>,
    default_appearance: Option<&'a [u8]>,
    alignment: Option<i64>,
    rich_text: bool,
    options: Option<&'a Vec<Object>>,
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => document.get_object(*id).unwrap_or(&Object::Null),
        other => other,
    }
}

fn field_view<'a>(
    document: &'a Document,
    widget: &'a Dictionary,
    widget_id: Option<ObjectId>,
) -> Result<FieldView<'a>, PdfProblem> {
    let mut view = FieldView {
        kind: None,
        flags: 0,
        value: None,
        holder: None,
        default_appearance: None,
        alignment: None,
        rich_text: false,
        options: None,
    };
    let mut flags = None;
    let mut node = widget;
    let mut node_id = widget_id;
    for _ in 0..MAX_DEPTH {
        if view.kind.is_none() {
            view.kind = node.get(b"FT").and_then(Object::as_name).ok();
        }
        if flags.is_none() {
            flags = node.get(b"Ff").and_then(Object::as_i64).ok();
        }
        if view.value.is_none()
            && let Ok(value) = node.get(b"V")
        {
            view.value = Some(resolve(document, value));
            view.holder = node_id;
            view.rich_text = node.has(b"RV");
        }
        if view.default_appearance.is_none() {
            view.default_appearance = node
                .get(b"DA")
                .map(|object| resolve(document, object))
                .and_then(Object::as_str)
                .ok();
        }
        if view.alignment.is_none() {
            view.alignment = node.get(b"Q").and_then(Object::as_i64).ok();
        }
        if view.options.is_none() {
            view.options = node
                .get(b"Opt")
                .map(|object| resolve(document, object))
                .and_then(Object::as_array)
                .ok();
        }
        let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) else {
            break;
        };
        node = document
            .get_dictionary(parent)
            .map_err(|_| problem("a widget's parent field is missing from the file"))?;
        node_id = Some(parent);
    }
    view.flags = flags.unwrap_or(0);
    if let Ok(acro_form) = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"AcroForm", document))
        .and_then(Object::as_dict)
    {
        if view.default_appearance.is_none() {
            view.default_appearance = acro_form
                .get(b"DA")
                .map(|object| resolve(document, object))
                .and_then(Object::as_str)
                .ok();
        }
        if view.alignment.is_none() {
            view.alignment = acro_form.get(b"Q").and_then(Object::as_i64).ok();
        }
    }
    Ok(view)
}

/// Plans the widgets of one page; records in `shown` the fields whose value a widget draws.
fn plan_page(
    document: &Document,
    number: u32,
    page_id: ObjectId,
    shown: &mut BTreeSet<ObjectId>,
) -> Result<PagePlan, PdfProblem> {
    let mut plan = PagePlan {
        page_id,
        widgets: Vec::new(),
        kept: Vec::new(),
    };
    let Ok(page) = document.get_dictionary(page_id) else {
        return Ok(plan);
    };
    let annotations = match page.get(b"Annots").map(|object| resolve(document, object)) {
        Ok(Object::Array(list)) => list.clone(),
        _ => return Ok(plan),
    };
    for entry in annotations {
        let (annotation, id) = match &entry {
            Object::Reference(id) => match document.get_dictionary(*id) {
                Ok(dictionary) => (dictionary, Some(*id)),
                Err(_) => {
                    plan.kept.push(entry.clone());
                    continue;
                }
            },
            Object::Dictionary(dictionary) => (dictionary, None),
            _ => {
                plan.kept.push(entry.clone());
                continue;
            }
        };
        let widget = annotation
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|subtype| subtype == b"Widget");
        if !widget {
            plan.kept.push(entry.clone());
            continue;
        }
        let where_ = |what: &str| problem(format!("page {number}: {what}"));
        let view = field_view(document, annotation, id)?;
        let rect = rectangle(document, annotation)
            .ok_or_else(|| where_("a widget has no usable rectangle"))?;
        let value = view.value.filter(|value| has_value(value));
        if value.is_some() && view.rich_text {
            return Err(where_(
                "a field holds rich text (formatting sarpack does not reproduce)",
            ));
        }
        let drawing = match view.kind {
            Some(b"Btn") if view.flags & PUSH_BUTTON != 0 => None,
            Some(b"Btn") => {
                let on = button_is_on(document, annotation, view.value);
                if on && let Some(holder) = view.holder {
                    shown.insert(holder);
                }
                Some(Drawing::Check { on })
            }
            Some(b"Sig") => {
                if value.is_some() {
                    return Err(where_(
                        "a signature field is signed (a signature cannot be redrawn)",
                    ));
                }
                None
            }
            Some(kind @ (b"Tx" | b"Ch")) if value.is_some() => {
                let value = value.expect("checked above");
                let text = if kind == b"Ch" {
                    choice_text(value, view.options)
                } else {
                    text_of(value)
                }
                .ok_or_else(|| where_("a field's value is not text"))?;
                let lines = clean_lines(&text).ok_or_else(|| {
                    where_("a field's value has characters the pack's font cannot draw")
                })?;
                if let Some(holder) = view.holder {
                    shown.insert(holder);
                }
                Some(Drawing::Text {
                    lines,
                    multiline: view.flags & MULTILINE != 0,
                    alignment: view.alignment.unwrap_or(0),
                    size: view.default_appearance.and_then(font_size),
                })
            }
            None | Some(b"Tx" | b"Ch") => match shown_appearance(document, annotation) {
                Some(stream) if draws_text(document, stream) => {
                    Some(Drawing::Appearance { stream })
                }
                _ => None,
            },
            Some(_) => {
                if value.is_some() {
                    return Err(where_("a field of an unknown kind has a value"));
                }
                None
            }
        };
        if let Some(drawing) = drawing {
            plan.widgets.push(Widget { rect, drawing });
        }
    }
    Ok(plan)
}

/// The ids of every field in the form's tree that holds a value.
fn valued_fields(document: &Document) -> Result<Vec<ObjectId>, PdfProblem> {
    let Ok(fields) = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"AcroForm", document))
        .and_then(Object::as_dict)
        .and_then(|form| form.get_deref(b"Fields", document))
        .and_then(Object::as_array)
    else {
        return Ok(Vec::new());
    };
    let mut valued = Vec::new();
    let mut seen: BTreeSet<ObjectId> = BTreeSet::new();
    let mut stack: Vec<&Object> = fields.iter().collect();
    while let Some(node) = stack.pop() {
        if seen.len() > MAX_NODES {
            return Err(problem("the form's field tree is too large"));
        }
        let (field, id) = match node {
            Object::Reference(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match document.get_dictionary(*id) {
                    Ok(field) => (field, Some(*id)),
                    Err(_) => continue,
                }
            }
            Object::Dictionary(field) => (field, None),
            _ => continue,
        };
        let kind = field.get(b"FT").and_then(Object::as_name).ok();
        let push = kind == Some(b"Btn".as_slice())
            && field
                .get(b"Ff")
                .and_then(Object::as_i64)
                .is_ok_and(|flags| flags & PUSH_BUTTON != 0);
        if !push
            && field
                .get(b"V")
                .is_ok_and(|value| has_value(resolve(document, value)))
        {
            match id {
                Some(id) => valued.push(id),
                None => return Err(problem("a field with a value is not an object of its own")),
            }
        }
        if let Ok(kids) = field
            .get_deref(b"Kids", document)
            .and_then(Object::as_array)
        {
            stack.extend(kids.iter());
        }
    }
    Ok(valued)
}

fn has_value(value: &Object) -> bool {
    match value {
        Object::String(bytes, _) => {
            // UTF-16 with only a byte-order mark is empty too.
            let content = bytes.strip_prefix(b"\xFE\xFF").unwrap_or(bytes);
            content
                .iter()
                .any(|byte| !byte.is_ascii_whitespace() && *byte != 0)
        }
        Object::Name(name) => name != b"Off",
        Object::Array(items) => !items.is_empty(),
        Object::Null => false,
        // A stream (long text) or anything else: a value.
        _ => true,
    }
}

/// A text value: a text string or a text stream.
fn text_of(value: &Object) -> Option<String> {
    match value {
        Object::String(..) => lopdf::decode_text_string(value).ok(),
        Object::Stream(stream) => {
            let bytes = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            lopdf::decode_text_string(&Object::String(bytes, StringFormat::Literal)).ok()
        }
        _ => None,
    }
}

/// A choice field's shown text: each chosen value, mapped through `/Opt` [export, shown] pairs.
fn choice_text(value: &Object, options: Option<&Vec<Object>>) -> Option<String> {
    let chosen: Vec<&Object> = match value {
        Object::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut texts = Vec::new();
    for item in chosen {
        let export = text_of(item)?;
        let shown = options
            .into_iter()
            .flatten()
            .find_map(|option| match option {
                Object::Array(pair) if pair.len() == 2 => (text_of(&pair[0]).as_deref()
                    == Some(export.as_str()))
                .then(|| text_of(&pair[1]))
                .flatten(),
                _ => None,
            });
        texts.push(shown.unwrap_or(export));
    }
    Some(texts.join("; "))
}

/// Whether a check box or radio button widget is on: its appearance state, or else the field's
/// value when the widget has that state (or no states at all).
fn button_is_on(document: &Document, widget: &Dictionary, value: Option<&Object>) -> bool {
    if let Ok(state) = widget.get(b"AS").and_then(Object::as_name) {
        return state != b"Off";
    }
    let Some(Object::Name(value)) = value else {
        return false;
    };
    if value == b"Off" {
        return false;
    }
    match normal_appearance(document, widget) {
        Some(Object::Dictionary(states)) => states.has(value),
        _ => true,
    }
}

fn normal_appearance<'a>(document: &'a Document, widget: &'a Dictionary) -> Option<&'a Object> {
    let appearance = widget
        .get_deref(b"AP", document)
        .and_then(Object::as_dict)
        .ok()?;
    appearance
        .get(b"N")
        .ok()
        .map(|normal| resolve(document, normal))
}

/// The appearance stream a viewer shows: the normal appearance, or its state named by `/AS`.
fn shown_appearance(document: &Document, widget: &Dictionary) -> Option<ObjectId> {
    let appearance = widget
        .get_deref(b"AP", document)
        .and_then(Object::as_dict)
        .ok()?;
    let normal = appearance.get(b"N").ok()?;
    match normal {
        Object::Reference(id) => match document.get_object(*id).ok()? {
            Object::Stream(_) => Some(*id),
            Object::Dictionary(states) => state_stream(widget, states),
            _ => None,
        },
        Object::Dictionary(states) => state_stream(widget, states),
        _ => None,
    }
}

fn state_stream(widget: &Dictionary, states: &Dictionary) -> Option<ObjectId> {
    let shown = widget.get(b"AS").and_then(Object::as_name).ok()?;
    states.get(shown).and_then(Object::as_reference).ok()
}

/// Whether an appearance stream holds a text-showing operator after a `BT`.
fn draws_text(document: &Document, stream: ObjectId) -> bool {
    let Ok(Object::Stream(stream)) = document.get_object(stream) else {
        return false;
    };
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    shows_text(&content)
}

/// Whether a content stream holds a text-showing operator (`Tj`, `TJ`, `'`, `"`) after a `BT`.
pub(crate) fn shows_text(content: &[u8]) -> bool {
    let Some(start) = content.windows(2).position(|window| window == b"BT") else {
        return false;
    };
    let rest = &content[start..];
    rest.windows(2)
        .any(|window| window == b"Tj" || window == b"TJ")
        || rest
            .windows(2)
            .any(|window| window == b")'" || window == b")\"")
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(value) => Some(*value as f64),
        Object::Real(value) => Some(f64::from(*value)),
        _ => None,
    }
}

/// A rectangle (normalised so x0 < x1, y0 < y1) from a four-number array.
fn rect_of(document: &Document, object: &Object) -> Option<[f64; 4]> {
    let values = resolve(document, object).as_array().ok()?;
    if values.len() != 4 {
        return None;
    }
    let mut rect = [0.0; 4];
    for (slot, value) in rect.iter_mut().zip(values) {
        *slot = number(resolve(document, value))?;
    }
    rect.iter().all(|value| value.is_finite()).then(|| {
        [
            rect[0].min(rect[2]),
            rect[1].min(rect[3]),
            rect[0].max(rect[2]),
            rect[1].max(rect[3]),
        ]
    })
}

fn rectangle(document: &Document, annotation: &Dictionary) -> Option<[f64; 4]> {
    rect_of(document, annotation.get(b"Rect").ok()?)
}

/// The font size in a default appearance string (`/Helv 10 Tf 0 g`); `None` when absent or 0
/// (auto).
fn font_size(appearance: &[u8]) -> Option<f64> {
    let text = String::from_utf8_lossy(appearance);
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let at = tokens.iter().rposition(|token| *token == "Tf")?;
    let size: f64 = tokens.get(at.checked_sub(1)?)?.parse().ok()?;
    (size.is_finite() && size > 0.0).then_some(size.min(72.0))
}

/// A value as lines (one per line break in the value); tabs become spaces and other control
/// characters are dropped. `None` when a character cannot be drawn in the pack's font.
fn clean_lines(text: &str) -> Option<Vec<String>> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n')
        .map(|line| {
            let clean: String = line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .filter(|c| !c.is_control())
                .collect();
            clean.chars().all(crate::render::can_draw).then_some(clean)
        })
        .collect()
}

/// Width of `text` at `size`, in the pack's face.
fn width(text: &str, size: f64) -> f64 {
    f64::from(crate::render::text_width(text, size as f32))
}

/// Wraps each line at spaces (or anywhere, for a word longer than the line) to `room` wide.
fn wrap(lines: &[String], room: f64, size: f64) -> Vec<String> {
    let mut out = Vec::new();
    for line in lines {
        let mut current = String::new();
        for word in line.split(' ') {
            let mut candidate = current.clone();
            if !candidate.is_empty() {
                candidate.push(' ');
            }
            candidate.push_str(word);
            if current.is_empty() || width(&candidate, size) <= room {
                current = candidate;
            } else {
                out.push(std::mem::take(&mut current));
                current = word.to_string();
            }
            // A word too long for a line of its own is broken where it overflows.
            while width(&current, size) > room && current.chars().count() > 1 {
                let chars: Vec<char> = current.chars().collect();
                let mut cut = chars.len() - 1;
                while cut > 1 && width(&chars[..cut].iter().collect::<String>(), size) > room {
                    cut -= 1;
                }
                out.push(chars[..cut].iter().collect());
                current = chars[cut..].iter().collect();
            }
        }
        out.push(current);
    }
    out
}

/// The operations that draw one value's text in its box.
fn text_operations(
    font: &EmbeddedFont,
    font_name: &[u8],
    rect: [f64; 4],
    lines: &[String],
    multiline: bool,
    alignment: i64,
    size: Option<f64>,
) -> Vec<Operation> {
    let (box_width, box_height) = (rect[2] - rect[0], rect[3] - rect[1]);
    let room = (box_width - 2.0 * PADDING).max(1.0);
    let mut size = size.unwrap_or_else(|| {
        if multiline {
            10.0
        } else {
            (box_height * 0.7).clamp(MIN_SIZE, 12.0)
        }
    });
    // Shrink to fit (width for one line, height for many), then wrap whatever still overflows.
    let fits = |size: f64| {
        let wrapped = wrap(lines, room, size);
        if multiline {
            wrapped.len() as f64 * size * 1.15 <= box_height - PADDING
        } else {
            lines.len() == 1 && width(&lines[0], size) <= room
        }
    };
    while size > MIN_SIZE && !fits(size) {
        size = (size - 0.5).max(MIN_SIZE);
    }
    let wrapped = wrap(lines, room, size);
    let leading = size * 1.15;
    let first_baseline = if multiline || wrapped.len() > 1 {
        rect[3] - PADDING - size * 0.8
    } else {
        rect[1] + (box_height - size * 0.7) / 2.0
    };
    let real = |value: f64| Object::Real(value as f32);
    let mut operations = vec![
        Operation::new("q", vec![]),
        Operation::new("g", vec![real(0.0)]),
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec![Object::Name(font_name.to_vec()), real(size)]),
    ];
    for (index, line) in wrapped.iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let line_width = width(line, size);
        let x = match alignment {
            1 => rect[0] + (box_width - line_width) / 2.0,
            2 => rect[2] - PADDING - line_width,
            _ => rect[0] + PADDING,
        };
        let y = first_baseline - index as f64 * leading;
        operations.push(Operation::new(
            "Tm",
            vec![real(1.0), real(0.0), real(0.0), real(1.0), real(x), real(y)],
        ));
        operations.push(Operation::new(
            "Tj",
            vec![Object::String(font.encode(line), StringFormat::Hexadecimal)],
        ));
    }
    operations.push(Operation::new("ET", vec![]));
    operations.push(Operation::new("Q", vec![]));
    operations
}

/// A light border around a field's box, so the drawn value reads as a form's answer.
fn border_operations(rect: [f64; 4]) -> Vec<Operation> {
    let real = |value: f64| Object::Real(value as f32);
    vec![
        Operation::new("q", vec![]),
        Operation::new("G", vec![real(0.6)]),
        Operation::new("w", vec![real(0.5)]),
        Operation::new(
            "re",
            vec![
                real(rect[0]),
                real(rect[1]),
                real(rect[2] - rect[0]),
                real(rect[3] - rect[1]),
            ],
        ),
        Operation::new("S", vec![]),
        Operation::new("Q", vec![]),
    ]
}

/// The matrix that places an appearance stream's box in the widget's rectangle (PDF 32000-1
/// 12.5.5): the box transformed by the stream's `/Matrix`, scaled and moved onto the rectangle.
fn appearance_matrix(stream: &Stream, rect: [f64; 4], document: &Document) -> Option<[f64; 6]> {
    let bbox = rect_of(document, stream.dict.get(b"BBox").ok()?)?;
    let matrix: [f64; 6] = match stream.dict.get(b"Matrix") {
        Ok(object) => {
            let values = resolve(document, object).as_array().ok()?;
            if values.len() != 6 {
                return None;
            }
            let mut matrix = [0.0; 6];
            for (slot, value) in matrix.iter_mut().zip(values) {
                *slot = number(resolve(document, value))?;
            }
            matrix
        }
        Err(_) => [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
    };
    let corners = [
        (bbox[0], bbox[1]),
        (bbox[2], bbox[1]),
        (bbox[0], bbox[3]),
        (bbox[2], bbox[3]),
    ]
    .map(|(x, y)| {
        (
            matrix[0] * x + matrix[2] * y + matrix[4],
            matrix[1] * x + matrix[3] * y + matrix[5],
        )
    });
    let x0 = corners.iter().map(|c| c.0).fold(f64::INFINITY, f64::min);
    let x1 = corners
        .iter()
        .map(|c| c.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let y0 = corners.iter().map(|c| c.1).fold(f64::INFINITY, f64::min);
    let y1 = corners
        .iter()
        .map(|c| c.1)
        .fold(f64::NEG_INFINITY, f64::max);
    if !(x1 - x0 > 1e-6 && y1 - y0 > 1e-6) {
        return None;
    }
    let sx = (rect[2] - rect[0]) / (x1 - x0);
    let sy = (rect[3] - rect[1]) / (y1 - y0);
    Some([sx, 0.0, 0.0, sy, rect[0] - x0 * sx, rect[1] - y0 * sy])
}

/// A resource name not yet used in `dictionary`.
fn fresh_name(dictionary: &Dictionary, stem: &str) -> Vec<u8> {
    (0..)
        .map(|index| format!("{stem}{index}").into_bytes())
        .find(|name| !dictionary.has(name))
        .expect("an unused name exists")
}

/// A sub-dictionary of resources (`/Font`, `/XObject`) as a direct copy.
fn resource_dictionary(document: &Document, resources: &Dictionary, key: &[u8]) -> Dictionary {
    match resources.get(key).map(|object| resolve(document, object)) {
        Ok(Object::Dictionary(dictionary)) => dictionary.clone(),
        _ => Dictionary::new(),
    }
}

/// Draws one page's plan after its content (wrapped in `q`…`Q` so the page's own state cannot
/// move the values) and keeps only its other annotations.
fn apply(
    document: &mut Document,
    plan: PagePlan,
    font: Option<&EmbeddedFont>,
) -> Result<(), PdfProblem> {
    let page_id = plan.page_id;
    if !plan.widgets.is_empty() {
        let mut resources = super::interpret::page_resources(document, page_id)
            .cloned()
            .unwrap_or_default();
        let mut fonts = resource_dictionary(document, &resources, b"Font");
        let mut xobjects = resource_dictionary(document, &resources, b"XObject");
        let font_name = fresh_name(&fonts, "SarpackField");
        let mut operations = Vec::new();
        let mut uses_font = false;
        // Text is planned only with the font added (see `flatten`).
        let no_font = || problem("no font was added for the values");
        for widget in &plan.widgets {
            match &widget.drawing {
                Drawing::Text {
                    lines,
                    multiline,
                    alignment,
                    size,
                } => {
                    operations.extend(border_operations(widget.rect));
                    operations.extend(text_operations(
                        font.ok_or_else(no_font)?,
                        &font_name,
                        widget.rect,
                        lines,
                        *multiline,
                        *alignment,
                        *size,
                    ));
                    uses_font = true;
                }
                Drawing::Check { on } => {
                    operations.extend(border_operations(widget.rect));
                    if *on {
                        let side =
                            (widget.rect[2] - widget.rect[0]).min(widget.rect[3] - widget.rect[1]);
                        operations.extend(text_operations(
                            font.ok_or_else(no_font)?,
                            &font_name,
                            widget.rect,
                            &["X".to_string()],
                            false,
                            1,
                            Some((side * 0.8).max(MIN_SIZE)),
                        ));
                        uses_font = true;
                    }
                }
                Drawing::Appearance { stream } => {
                    let Ok(Object::Stream(appearance)) = document.get_object_mut(*stream) else {
                        return Err(problem("a widget's appearance is missing from the file"));
                    };
                    appearance
                        .dict
                        .set("Type", Object::Name(b"XObject".to_vec()));
                    appearance
                        .dict
                        .set("Subtype", Object::Name(b"Form".to_vec()));
                    let appearance = appearance.clone();
                    let matrix = appearance_matrix(&appearance, widget.rect, document)
                        .ok_or_else(|| problem("a widget's appearance has no usable box"))?;
                    let name = fresh_name(&xobjects, "SarpackWidget");
                    xobjects.set(name.clone(), Object::Reference(*stream));
                    operations.push(Operation::new("q", vec![]));
                    operations.push(Operation::new(
                        "cm",
                        matrix.iter().map(|&v| Object::Real(v as f32)).collect(),
                    ));
                    operations.push(Operation::new("Do", vec![Object::Name(name)]));
                    operations.push(Operation::new("Q", vec![]));
                }
            }
        }
        if uses_font && let Some(font) = font {
            fonts.set(font_name, Object::Reference(font.id));
        }
        resources.set("Font", Object::Dictionary(fonts));
        resources.set("XObject", Object::Dictionary(xobjects));
        let drawn = Content { operations }
            .encode()
            .map_err(|error| problem(format!("cannot encode the drawn values ({error})")))?;
        let mut after = b"Q\n".to_vec();
        after.extend_from_slice(&drawn);
        let before = document.add_object(Stream::new(Dictionary::new(), b"q\n".to_vec()));
        let after = document.add_object(Stream::new(Dictionary::new(), after));
        let mut contents = vec![Object::Reference(before)];
        contents.extend(
            document
                .get_page_contents(page_id)
                .into_iter()
                .map(Object::Reference),
        );
        contents.push(Object::Reference(after));
        let page = document
            .get_dictionary_mut(page_id)
            .map_err(|_| problem("a page is missing from the file"))?;
        page.set("Contents", Object::Array(contents));
        page.set("Resources", Object::Dictionary(resources));
    }
    let page = document
        .get_dictionary_mut(page_id)
        .map_err(|_| problem("a page is missing from the file"))?;
    if page.has(b"Annots") {
        if plan.kept.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set("Annots", Object::Array(plan.kept));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_operators_are_found_only_inside_text_objects() {
        assert!(shows_text(b"/Tx BMC BT /Helv 9 Tf 2 2 Td (Jade) Tj ET EMC"));
        assert!(shows_text(b"BT [(J) 10 (ade)] TJ ET"));
        assert!(!shows_text(b"/Tx BMC EMC"));
        assert!(!shows_text(b"0 0 10 10 re f"));
    }

    #[test]
    fn font_sizes_come_from_the_default_appearance_and_zero_means_auto() {
        assert_eq!(font_size(b"/Helv 10 Tf 0 g"), Some(10.0));
        assert_eq!(font_size(b"0.3 g /F3 11 Tf"), Some(11.0));
        assert_eq!(font_size(b"/F5 0 Tf"), None);
        assert_eq!(font_size(b"0 g"), None);
    }

    use lopdf::dictionary;

    /// A one-page PDF whose form holds `field` (a dictionary for the field and its widget, or
    /// `None` for no widget on the page: the field is then only in the tree).
    fn form(field: Dictionary, on_page: bool, appearance: Option<&[u8]>) -> Vec<u8> {
        let mut document = Document::with_version("1.7");
        let pages_id = document.new_object_id();
        let font = document.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            "Encoding" => "WinAnsiEncoding",
        });
        let content = document.add_object(Stream::new(
            Dictionary::new(),
            b"BT /F1 12 Tf 72 700 Td (Views of Jade Carter:) Tj ET".to_vec(),
        ));
        let page_id = document.new_object_id();
        let mut field = field;
        field.set("Subtype", Object::Name(b"Widget".to_vec()));
        field.set("Rect", vec![72.into(), 600.into(), 400.into(), 640.into()]);
        field.set("P", page_id);
        if let Some(appearance) = appearance {
            let stream = document.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Form",
                    "BBox" => vec![0.into(), 0.into(), 328.into(), 40.into()],
                    "Resources" => dictionary! { "Font" => dictionary! { "Helv" => font } },
                },
                appearance.to_vec(),
            ));
            field.set("AP", dictionary! { "N" => stream });
        }
        let field_id = document.add_object(field);
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        };
        if on_page {
            page.set("Annots", vec![Object::Reference(field_id)]);
        }
        document.objects.insert(page_id, Object::Dictionary(page));
        document.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
            }),
        );
        let catalog = document.add_object(dictionary! {
            "Type" => "Catalog", "Pages" => pages_id,
            "AcroForm" => dictionary! { "Fields" => vec![field_id.into()] },
        });
        document.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).unwrap();
        bytes
    }

    fn text_field(value: &str) -> Dictionary {
        dictionary! {
            "FT" => "Tx", "T" => Object::string_literal("views"),
            "V" => lopdf::text_string(value), "DA" => Object::string_literal("/Helv 10 Tf 0 g"),
        }
    }

    #[test]
    fn a_text_value_becomes_page_text_and_the_form_goes() {
        let bytes = form(text_field("I want to stay with my nan."), true, None);
        let pages = crate::pdf::extract_pages(&bytes).unwrap();
        assert_eq!(
            pages[0],
            "Views of Jade Carter:\nI want to stay with my nan."
        );
        let mut document = Document::load_mem(&bytes).unwrap();
        flatten(&mut document).unwrap();
        assert!(!document.catalog().unwrap().has(b"AcroForm"));
        let (_, page) = document.get_pages().into_iter().next().unwrap();
        assert!(!document.get_dictionary(page).unwrap().has(b"Annots"));
    }

    #[test]
    fn text_only_in_a_widget_appearance_is_drawn_from_it() {
        let mut field = text_field("");
        field.remove(b"V");
        let bytes = form(
            field,
            true,
            Some(b"/Tx BMC BT /Helv 10 Tf 2 12 Td (Sharon Carter rang) Tj ET EMC"),
        );
        let pages = crate::pdf::extract_pages(&bytes).unwrap();
        assert!(pages[0].ends_with("Sharon Carter rang"), "{pages:?}");
    }

    #[test]
    fn what_cannot_be_drawn_soundly_is_refused_with_the_reason() {
        let refused = |bytes: Vec<u8>| crate::pdf::extract_pages(&bytes).unwrap_err().reason;
        // A value no widget on a page shows.
        assert!(refused(form(text_field("Sharon rang"), false, None)).contains("not shown"));
        // A signed signature field.
        let signed = dictionary! { "FT" => "Sig", "V" => dictionary! { "Type" => "Sig" } };
        assert!(refused(form(signed, true, None)).contains("signature"));
        // Rich text, and characters the pack's font cannot draw.
        let mut rich = text_field("Sharon rang");
        rich.set(
            "RV",
            Object::string_literal("<body><b>Sharon</b> rang</body>"),
        );
        assert!(refused(form(rich, true, None)).contains("rich text"));
        assert!(refused(form(text_field("家族 rang"), true, None)).contains("cannot draw"));
    }

    #[test]
    fn values_the_font_lacks_are_refused_and_line_breaks_split() {
        assert_eq!(
            clean_lines("Siobhán Łukasz\r\nsaid\tno").unwrap(),
            ["Siobhán Łukasz", "said no"]
        );
        assert!(clean_lines("家族").is_none());
    }
}
