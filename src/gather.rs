//! Gathering: every case-note row and every document file becomes an [`Item`] with its text, so
//! nothing in the store is lost. Whether an item is about the subject is decided by `decide`
//! (from the export's `subjects` and from what detection finds in the text); gathering only reads.
//!
//! Files are read in parallel; a file that cannot be read reliably becomes
//! [`Content::Unreadable`] with the reason, never an error that stops the batch.
//!
//! An email's attachments (issue 15) are items of their own, after every document: each is a
//! child of its email (id `<email id>/attachment-N`, source `<email path>#attachment-N`), with
//! the email's export row (date, restriction, agency, links), read like a file of its format.
//! The attachments of an attached email (`.eml` or Outlook `.msg`) are items too
//! (`<email id>/attachment-N/attachment-M`), down to `store::MAX_ATTACHMENT_DEPTH` levels.

use rayon::prelude::*;

use crate::model::{Content, Format, Inventory, Item, Request, Source};
use crate::pdf::PdfOptions;
use crate::store::{AttachmentRow, DocumentRow, NoteRow, Store};

/// Builds the inventory of every record in the store: case notes in export order, then
/// documents in path order. Holds every item's text at once; the pipeline instead takes items one
/// batch at a time with [`count`] and [`item`].
pub fn gather(request: &Request, store: &Store) -> Inventory {
    let _ = request;
    Inventory {
        items: (0..count(store))
            .into_par_iter()
            .map(|index| item(store, index))
            .collect(),
    }
}

/// How many items the store holds: every case-note row, every document file and every email
/// attachment.
pub fn count(store: &Store) -> usize {
    store.notes.len() + store.documents.len() + store.attachments.len()
}

/// The item at `index` in inventory order (case notes, then documents), with its content read
/// (and for a PDF, its text extracted) now. The same index gives the same item on every call.
///
/// # Panics
/// When `index >= count(store)`: the pipeline only asks for items it counted.
pub fn item(store: &Store, index: usize) -> Item {
    item_with(store, index, &PdfOptions::default())
}

/// [`item`] for an item a person released (`release` in `decisions.toml`) after looking at it:
/// a PDF's pictures that sarpack cannot read are left unread, saying why
/// (`Content::Pdf::unread_pictures`), instead of making the whole file unreadable. A file that
/// is damaged, locked or has a font whose text cannot be decoded stays unreadable.
pub fn item_checked_by_person(store: &Store, index: usize) -> Item {
    let options = PdfOptions {
        pictures_checked_by_person: true,
        ..PdfOptions::default()
    };
    item_with(store, index, &options)
}

fn item_with(store: &Store, index: usize, options: &PdfOptions) -> Item {
    match store.notes.get(index) {
        Some(row) => note_item(index, row),
        None => {
            let index = index - store.notes.len();
            match store.documents.get(index) {
                Some(row) => document_item(index, row, store, options),
                None => attachment_item(
                    &store.attachments[index - store.documents.len()],
                    store,
                    options,
                ),
            }
        }
    }
}

fn attachment_item(row: &AttachmentRow, store: &Store, options: &PdfOptions) -> Item {
    let parent = &store.documents[row.parent];
    let mut item = document_with(
        document_id(store, row.parent),
        parent,
        row.format,
        Content::Text {
            text: String::new(),
            pictures: Vec::new(),
            unread_pictures: Vec::new(),
        },
    );
    // `/attachment-W1/.../attachment-N`: the attached emails on the way, then this one.
    let position: String = row
        .within
        .iter()
        .chain(std::iter::once(&row.number))
        .map(|number| format!("/attachment-{number}"))
        .collect();
    item.id = format!("{}{position}", item.id);
    item.source = Source::Document {
        path: format!("{}#{}", parent.path, &position[1..]),
    };
    item.title = row.name.clone();
    item.record_type = "Email attachment".to_string();
    item.content = if !parent.problems.is_empty() {
        Content::unreadable(format!("not read: {}", parent.problems.join("; ")))
    } else if row.format == Format::Other {
        Content::unreadable(format!(
            "an attachment sarpack does not read (`{}`: pictures, audio and other formats); a person must review it",
            row.name
        ))
    } else {
        match store.read_attachment(row) {
            Ok(bytes) => {
                let depth = row.within.len() + 1;
                let carried = if matches!(row.format, Format::Email | Format::Msg)
                    && depth >= crate::store::MAX_ATTACHMENT_DEPTH
                {
                    crate::store::nested_attachment_count(&bytes)
                } else {
                    0
                };
                if carried > 0 {
                    // Past the depth limit its attachments are not items of their own: the
                    // email goes to a person with them rather than shipping without them.
                    Content::unreadable(format!(
                        "an email attached {depth} levels deep carries {carried} attachment(s) of its own, which sarpack does not open past {} levels; a person must review it with them",
                        crate::store::MAX_ATTACHMENT_DEPTH
                    ))
                } else {
                    content_of(
                        &bytes,
                        row.format,
                        store.document_path(parent),
                        Some((row.number, row.within.clone())),
                        options,
                    )
                }
            }
            Err(reason) => Content::unreadable(reason),
        }
    };
    if row.format == Format::Image
        && let Content::Unreadable { reason, .. } = &mut item.content
    {
        *reason = match reason.strip_prefix("the picture: ") {
            Some(why) => format!("the picture `{}`: {why}", row.name),
            None => format!("the picture `{}`: {reason}", row.name),
        };
    }
    item
}

/// An item holding only `value` (an export column of `item`), for detection to examine before
/// the value is shown in the pack (issue 15). Same id, format and links; no content of its own.
pub fn field_item(item: &Item, value: &str) -> Item {
    Item {
        id: item.id.clone(),
        source: item.source.clone(),
        format: item.format,
        date: item.date,
        title: String::new(),
        record_type: String::new(),
        author: String::new(),
        agency: None,
        restricted: false,
        restriction_reason: String::new(),
        subjects: item.subjects.clone(),
        content: Content::Text {
            text: value.to_string(),
            pictures: Vec::new(),
            unread_pictures: Vec::new(),
        },
        problems: Vec::new(),
    }
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn note_item(index: usize, row: &NoteRow) -> Item {
    Item {
        id: format!("N-{:05}", index + 1),
        source: Source::CaseNote {
            id: row.id.clone(),
            row: row.row,
        },
        format: Format::CaseNote,
        date: row.date,
        title: row.note_type.clone(),
        record_type: non_empty(&row.note_type).unwrap_or_else(|| "Case note".to_string()),
        author: row.author.clone(),
        agency: non_empty(&row.agency),
        restricted: row.restricted,
        restriction_reason: row.restriction_reason.clone(),
        subjects: row.subjects.clone(),
        content: Content::Text {
            text: row.text.clone(),
            pictures: Vec::new(),
            unread_pictures: Vec::new(),
        },
        problems: row.problems.clone(),
    }
}

fn document_item(index: usize, row: &DocumentRow, store: &Store, options: &PdfOptions) -> Item {
    let format = Format::from_extension(&row.path);
    let content = if row.problems.is_empty() {
        read_content(row, format, store, options)
    } else {
        Content::unreadable(format!("not read: {}", row.problems.join("; ")))
    };
    document_with(document_id(store, index), row, format, content)
}

/// The schedule id of the document at `index` (see `store::document_ids`).
fn document_id(store: &Store, index: usize) -> &str {
    store
        .document_ids
        .get(index)
        .expect("store::open names every document")
}

/// The item for a document row (with id `id`) with `content` already read.
fn document_with(id: &str, row: &DocumentRow, format: Format, content: Content) -> Item {
    let record_type = non_empty(&row.doc_type).unwrap_or_else(|| {
        if row.listed {
            "Document".to_string()
        } else {
            "Document (not listed in documents.csv)".to_string()
        }
    });
    Item {
        id: id.to_string(),
        source: Source::Document {
            path: row.path.clone(),
        },
        format,
        date: row.date,
        title: non_empty(&row.title).unwrap_or_else(|| row.path.clone()),
        record_type,
        author: row.author.clone(),
        agency: non_empty(&row.agency),
        restricted: row.restricted,
        restriction_reason: row.restriction_reason.clone(),
        subjects: row.subjects.clone(),
        content,
        problems: row.problems.clone(),
    }
}

fn read_content(row: &DocumentRow, format: Format, store: &Store, options: &PdfOptions) -> Content {
    let unreadable = Content::unreadable;
    if format == Format::Other {
        let extension = row
            .path
            .rsplit_once('.')
            .map(|(_, extension)| format!("`.{extension}`"))
            .unwrap_or_else(|| "a file with no extension".to_string());
        return unreadable(format!(
            "{extension} is not a format sarpack reads (PDF, DOCX, EML, MSG, TXT, CSV, HTML, RTF, XLSX, PNG, JPEG); a person must review it"
        ));
    }
    // Only through the store's reader, which checks again that the file is a regular file
    // inside the store and not too large.
    let bytes = match store.read_document(row) {
        Ok(bytes) => bytes,
        Err(reason) => return unreadable(reason),
    };
    content_of(&bytes, format, store.document_path(row), None, options)
}

/// The content of a file (or an email attachment: its position, and the positions of the
/// attached emails it lies within) of `format` from its bytes.
fn content_of(
    bytes: &[u8],
    format: Format,
    path: std::path::PathBuf,
    attachment: Option<(usize, Vec<usize>)>,
    options: &PdfOptions,
) -> Content {
    let unreadable = Content::unreadable;
    match format {
        Format::Pdf => match crate::pdf::read_pages(bytes, options) {
            Ok(read) => Content::Pdf {
                path,
                pages: read.pages,
                pictures: read.pictures,
                within: attachment
                    .as_ref()
                    .map(|(_, within)| within.clone())
                    .unwrap_or_default(),
                attachment: attachment.map(|(number, _)| number),
                unread_pictures: read.unread,
                reading_order: read.reading_order,
            },
            Err(problem) => Content::Unreadable {
                reason: problem.reason,
                unread: problem.unread,
            },
        },
        _ => match crate::store::read_document(bytes, format) {
            Ok(document) => with_pictures(
                document,
                path,
                attachment,
                options.pictures_checked_by_person,
            ),
            Err(reason) => unreadable(reason),
        },
    }
}

/// A document's text with each of its pictures read by OCR (issue 16) and put at its place: the
/// picture's text on lines of its own, so that detection sees it and redaction knows which
/// pixels to fill. A picture OCR cannot read reliably (a photograph, handwriting, a drawing, low
/// confidence) or cannot decode makes the record unreadable, with the reason, for a person.
/// When a person looked at the pictures and released the record (`checked_by_person`), a
/// picture OCR cannot read but that decodes is placed with no text read, and why is kept in
/// `unread_pictures`: it is typeset from its pixels and the verifier reads it, as a released
/// PDF's pictures are. One that does not decode cannot be typeset, and the record stays
/// unreadable.
fn with_pictures(
    document: crate::store::DocumentText,
    path: std::path::PathBuf,
    attachment: Option<(usize, Vec<usize>)>,
    checked_by_person: bool,
) -> Content {
    use sha2::Digest;

    if document.pictures.is_empty() {
        return Content::Text {
            text: document.text,
            pictures: Vec::new(),
            unread_pictures: Vec::new(),
        };
    }
    let position: Vec<usize> = match attachment {
        Some((number, within)) => within.into_iter().chain([number]).collect(),
        None => Vec::new(),
    };
    let mut text = String::with_capacity(document.text.len());
    let mut pictures = Vec::with_capacity(document.pictures.len());
    let mut unread_pictures = Vec::new();
    let mut pieces = document.text.split(crate::store::PICTURE_MARK);
    text.push_str(pieces.next().unwrap_or(""));
    for (number, (embedded, after)) in document.pictures.into_iter().zip(pieces).enumerate() {
        let which = || match &embedded.entry {
            Some(entry) => format!("picture {} (`{entry}`)", number + 1),
            None => "the picture".to_string(),
        };
        let read = match crate::ocr::picture::read(&embedded.bytes) {
            Ok(read) => read,
            Err(crate::ocr::picture::NotRead {
                reason,
                pixels: Some(pixels),
            }) if checked_by_person => {
                unread_pictures.push(format!("{}: {reason}", which()));
                crate::ocr::picture::ReadPicture {
                    pixels,
                    reading: crate::ocr::Reading::default(),
                }
            }
            Err(unread) => {
                // One that decodes a person can look at and release; one that does not could
                // not be typeset.
                return Content::Unreadable {
                    reason: format!("{}: {}; a person must review it", which(), unread.reason),
                    unread: if unread.pixels.is_some() {
                        crate::model::Unread::Pictures
                    } else {
                        crate::model::Unread::File
                    },
                };
            }
        };
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let start = text.len();
        let (read_text, ranges) = read.reading.text();
        text.push_str(&read_text);
        let end = text.len();
        text.push('\n');
        pictures.push(crate::model::TextPicture {
            path: path.clone(),
            attachment: position.clone(),
            entry: embedded.entry,
            digest: sha2::Sha256::digest(&embedded.bytes)
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect(),
            start,
            end,
            width: read.pixels.width,
            height: read.pixels.height,
            words: read
                .reading
                .words
                .iter()
                .zip(ranges)
                .map(|(word, (from, to))| crate::model::PictureWord {
                    start: start + from,
                    end: start + to,
                    bbox: word.bbox,
                })
                .collect(),
        });
        text.push_str(after.trim_start_matches(' '));
    }
    Content::Text {
        text,
        pictures,
        unread_pictures,
    }
}
