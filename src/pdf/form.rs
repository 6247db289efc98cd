//! Filled-in forms (issue 15 point 4): a PDF form keeps what was typed into it in its fields'
//! values and in the widgets' appearance streams, outside the page content. The redactor removes
//! form fields and annotations, so a value — a young person's views typed into a form — would
//! vanish while the schedule said "disclosed". Until values are drawn into the page and redacted
//! like text, [`filled_in`] finds them so the reader can hold the record for a person.

use lopdf::{Dictionary, Document, Object};

/// Most field-tree nodes visited: a real form has hundreds at most; a loop or a hostile tree stops
/// here (and the form then counts as filled in: fail closed).
const MAX_NODES: usize = 100_000;

/// What a form holds that the page content does not: the number of fields with a value, and of
/// widgets whose appearance draws text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FilledIn {
    pub values: usize,
    pub drawn: usize,
}

impl FilledIn {
    pub fn is_empty(&self) -> bool {
        self.values == 0 && self.drawn == 0
    }
}

/// Counts the form's filled-in fields (a non-empty `/V`; a checkbox or radio button left `/Off`
/// is empty) and the widget annotations on pages whose normal appearance draws text.
pub(crate) fn filled_in(document: &Document) -> FilledIn {
    let mut found = FilledIn::default();
    let mut visited = 0usize;
    if let Ok(fields) = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"AcroForm", document))
        .and_then(Object::as_dict)
        .and_then(|form| form.get_deref(b"Fields", document))
        .and_then(Object::as_array)
    {
        let mut stack: Vec<&Object> = fields.iter().collect();
        while let Some(node) = stack.pop() {
            visited += 1;
            if visited > MAX_NODES {
                found.values += 1;
                break;
            }
            let Some(field) = dictionary(document, node) else {
                continue;
            };
            if field
                .get(b"V")
                .is_ok_and(|value| has_value(document, value))
            {
                found.values += 1;
            }
            if let Ok(kids) = field
                .get_deref(b"Kids", document)
                .and_then(Object::as_array)
            {
                stack.extend(kids.iter());
            }
        }
    }
    for (_, page_id) in document.get_pages() {
        let Ok(page) = document.get_dictionary(page_id) else {
            continue;
        };
        let Ok(annotations) = page
            .get_deref(b"Annots", document)
            .and_then(Object::as_array)
        else {
            continue;
        };
        for annotation in annotations {
            let Some(annotation) = dictionary(document, annotation) else {
                continue;
            };
            let widget = annotation
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|subtype| subtype == b"Widget");
            if widget && !is_push_button(document, annotation) && draws_text(document, annotation) {
                found.drawn += 1;
            }
        }
    }
    found
}

fn dictionary<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match object {
        Object::Reference(id) => document.get_dictionary(*id).ok(),
        Object::Dictionary(dictionary) => Some(dictionary),
        _ => None,
    }
}

/// A push button's caption ("Print", "Submit") is the form's furniture, not a value.
fn is_push_button(document: &Document, widget: &Dictionary) -> bool {
    let parent = widget
        .get(b"Parent")
        .ok()
        .and_then(|parent| dictionary(document, parent));
    let inherited = |key: &[u8]| {
        widget
            .get(key)
            .ok()
            .or_else(|| parent.and_then(|parent| parent.get(key).ok()))
    };
    let button = inherited(b"FT")
        .and_then(|kind| kind.as_name().ok())
        .is_some_and(|kind| kind == b"Btn");
    let flags = inherited(b"Ff")
        .and_then(|flags| flags.as_i64().ok())
        .unwrap_or(0);
    button && flags & (1 << 16) != 0
}

fn has_value(document: &Document, value: &Object) -> bool {
    let value = match value {
        Object::Reference(id) => match document.get_object(*id) {
            Ok(object) => object,
            Err(_) => return true,
        },
        other => other,
    };
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
        // A stream (rich text) or anything else: a value, held (fail closed).
        _ => true,
    }
}

/// Whether the widget's normal appearance (one stream, or one per state) shows text.
fn draws_text(document: &Document, annotation: &Dictionary) -> bool {
    let Ok(appearance) = annotation
        .get_deref(b"AP", document)
        .and_then(Object::as_dict)
    else {
        return false;
    };
    let Ok(normal) = appearance.get(b"N") else {
        return false;
    };
    let streams: Vec<&Object> = match dictionary(document, normal) {
        // A dictionary of appearance states (a checkbox's on and off): the state shown, or
        // every state when none is named.
        Some(states) if !matches!(document.dereference(normal), Ok((_, Object::Stream(_)))) => {
            match annotation.get(b"AS").and_then(Object::as_name) {
                Ok(shown) => states.get(shown).into_iter().collect(),
                Err(_) => states.iter().map(|(_, state)| state).collect(),
            }
        }
        _ => vec![normal],
    };
    streams.into_iter().any(|object| {
        let stream = match object {
            Object::Reference(id) => match document.get_object(*id) {
                Ok(Object::Stream(stream)) => stream,
                _ => return false,
            },
            Object::Stream(stream) => stream,
            _ => return false,
        };
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        shows_text(&content)
    })
}

/// Whether a content stream holds a text-showing operator (`Tj`, `TJ`, `'`, `"`) after a `BT`.
fn shows_text(content: &[u8]) -> bool {
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
}
