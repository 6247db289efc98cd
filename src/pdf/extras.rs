//! Content kept outside the pages that the redactor's scrub would drop (issue 15 point 3: never
//! "disclosed in full" when anything was left out). The redactor removes every annotation and
//! every embedded file, so a reviewer's comment, a sticky note, a typed-on note, a stamp with
//! words, handwriting drawn with a pen tool or a file attached inside the PDF would vanish while
//! the schedule said "disclosed". [`refuse_left_out`] runs when a PDF is loaded (after form
//! fields have been drawn into the pages, `form::flatten`) and makes such a file a problem that
//! names what would be lost, so it goes to a person.
//!
//! Not content, and dropped as before: links, the pop-up windows that show another annotation's
//! text, and marks with no words (a highlight, an underline, a box or line with no comment).

use lopdf::{Dictionary, Document, Object};

use super::PdfProblem;

/// Most annotations looked at on one page (a hostile file stops here, and is then held).
const MAX_ANNOTATIONS: usize = 100_000;

/// Refuses a document holding annotations with words or handwriting, or embedded files.
pub(crate) fn refuse_left_out(document: &Document) -> Result<(), PdfProblem> {
    let mut found: Vec<String> = Vec::new();
    for (number, page_id) in document.get_pages() {
        let Ok(page) = document.get_dictionary(page_id) else {
            continue;
        };
        let annotations = match page.get_deref(b"Annots", document) {
            Ok(Object::Array(list)) => list,
            _ => continue,
        };
        let mut kinds: Vec<String> = Vec::new();
        for annotation in annotations.iter().take(MAX_ANNOTATIONS) {
            let annotation = match annotation {
                Object::Reference(id) => match document.get_dictionary(*id) {
                    Ok(dictionary) => dictionary,
                    Err(_) => continue,
                },
                Object::Dictionary(dictionary) => dictionary,
                _ => continue,
            };
            if let Some(kind) = left_out(document, annotation) {
                kinds.push(kind);
            }
        }
        if annotations.len() > MAX_ANNOTATIONS {
            kinds.push("more annotations than sarpack looks at".to_string());
        }
        if !kinds.is_empty() {
            found.push(format!("page {number}: {}", kinds.join(", ")));
        }
    }
    let embedded = embedded_files(document);
    if embedded > 0 {
        found.push(format!("{embedded} file(s) attached inside the PDF"));
    }
    if found.is_empty() {
        return Ok(());
    }
    Err(PdfProblem::new(format!(
        "the PDF holds content outside its pages that sarpack does not carry into the pack ({}); a person must review it so nothing is left out",
        found.join("; ")
    )))
}

/// What an annotation holds that would be lost, in words, or `None` when it holds nothing.
fn left_out(document: &Document, annotation: &Dictionary) -> Option<String> {
    let subtype = annotation
        .get(b"Subtype")
        .and_then(Object::as_name)
        .unwrap_or(b"");
    let kind = String::from_utf8_lossy(subtype).into_owned();
    match subtype {
        b"Link" | b"Popup" | b"Widget" => return None,
        b"FileAttachment" => return Some("an attached file".to_string()),
        b"Sound" | b"Movie" | b"Screen" | b"RichMedia" | b"3D" => {
            return Some(format!("a {kind} annotation"));
        }
        b"Ink" => return Some("handwriting (an Ink annotation)".to_string()),
        _ => {}
    }
    let has_words = |key: &[u8]| {
        annotation
            .get_deref(key, document)
            .ok()
            .and_then(|value| match value {
                Object::String(bytes, _) => Some(
                    bytes
                        .strip_prefix(b"\xFE\xFF")
                        .unwrap_or(bytes)
                        .iter()
                        .any(|byte| !byte.is_ascii_whitespace() && *byte != 0),
                ),
                Object::Stream(_) => Some(true),
                _ => None,
            })
            .unwrap_or(false)
    };
    if has_words(b"Contents") || has_words(b"RC") {
        return Some(format!("a comment ({kind} annotation)"));
    }
    if appearance_shows_text(document, annotation) {
        return Some(format!("words drawn by a {kind} annotation"));
    }
    None
}

/// Whether any of the annotation's normal appearances shows text.
fn appearance_shows_text(document: &Document, annotation: &Dictionary) -> bool {
    let Ok(appearance) = annotation
        .get_deref(b"AP", document)
        .and_then(Object::as_dict)
    else {
        return false;
    };
    let Ok(normal) = appearance.get(b"N") else {
        return false;
    };
    let streams: Vec<&Object> = match document.dereference(normal) {
        Ok((_, Object::Dictionary(states))) => states.iter().map(|(_, state)| state).collect(),
        _ => vec![normal],
    };
    streams.into_iter().any(|object| {
        let Ok((_, Object::Stream(stream))) = document.dereference(object) else {
            return false;
        };
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        super::form::shows_text(&content)
    })
}

/// How many files the document's name tree lists as embedded (`/Names /EmbeddedFiles`).
fn embedded_files(document: &Document) -> usize {
    let Ok(tree) = document
        .catalog()
        .and_then(|catalog| catalog.get_deref(b"Names", document))
        .and_then(Object::as_dict)
        .and_then(|names| names.get_deref(b"EmbeddedFiles", document))
        .and_then(Object::as_dict)
    else {
        return 0;
    };
    // Walk the name tree: `/Names` arrays hold [name, file] pairs, `/Kids` hold subtrees.
    let mut count = 0usize;
    let mut stack = vec![tree];
    let mut visited = 0usize;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > MAX_ANNOTATIONS {
            return count.max(1);
        }
        if let Ok(names) = node
            .get_deref(b"Names", document)
            .and_then(Object::as_array)
        {
            count += names.len() / 2;
        }
        if let Ok(kids) = node.get_deref(b"Kids", document).and_then(Object::as_array) {
            stack.extend(
                kids.iter()
                    .filter_map(|kid| document.dereference(kid).ok())
                    .filter_map(|(_, kid)| kid.as_dict().ok()),
            );
        }
    }
    // A tree that exists but lists nothing readable is still a sign of attachments.
    count
}
