//! All the records of a pack in one PDF, in date order, after a contents page: the file a person
//! can read from start to finish (ICO 2025 research with care leavers; CLA: "a logical
//! narrative"). Made from the records exactly as they were stamped and verified, so every page
//! carries the same pack page number as its separate file; the PDF's page labels say the same
//! (contents pages i, ii ..., then 1, 2 ... as printed), and a bookmark leads to each record.
//!
//! The combined file is itself verified before it ships, like every other file: the bookmarks
//! are strings the verifier reads. Nothing else is added: no document information, no XMP, no
//! links or actions beyond bookmark destinations, and `/Lang` so a screen reader uses English.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat, dictionary};
use sha2::{Digest, Sha256};

/// One record to put in: its bookmark title and its stamped, verified bytes.
pub struct Part<'a> {
    pub title: String,
    pub bytes: &'a [u8],
}

/// A PDF text string: ASCII as a literal, anything else UTF-16BE with its byte-order mark
/// (PDF 32000-1 7.9.2.2), so titles like "Zoë" survive.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Attributes a page may inherit from the page tree (PDF 32000-1 7.7.3.4): they must be on the
/// page itself once it hangs from a new tree.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// How far up a page tree an inherited attribute is looked for (cycles are possible).
const MAX_DEPTH: usize = 64;

fn inherited(document: &Document, page: &Dictionary, key: &[u8]) -> Option<Object> {
    let mut parent = page.get(b"Parent").ok().cloned();
    for _ in 0..MAX_DEPTH {
        let Some(Object::Reference(id)) = parent else {
            return None;
        };
        let node = document.get_dictionary(id).ok()?;
        if let Ok(value) = node.get(key) {
            return Some(value.clone());
        }
        parent = node.get(b"Parent").ok().cloned();
    }
    None
}

fn is_type(object: &Object, name: &[u8]) -> bool {
    let dictionary = match object {
        Object::Dictionary(dictionary) => dictionary,
        Object::Stream(stream) => &stream.dict,
        _ => return false,
    };
    matches!(dictionary.get(b"Type"), Ok(Object::Name(value)) if value == name)
}

/// Combines `contents` (the contents pages, first) and `parts` into one PDF. Returns the bytes
/// and the page count. Deterministic: the same inputs give the same bytes.
pub fn combine(contents: &[u8], parts: &[Part<'_>]) -> Result<(Vec<u8>, u32), String> {
    let mut combined = Document::with_version("1.7");
    let pages_id: ObjectId = (1, 0);
    combined.max_id = 1;
    let mut kids: Vec<Object> = Vec::new();
    let mut hasher = Sha256::new();
    // First page of each source document in the combined file, for its bookmark.
    let mut firsts: Vec<ObjectId> = Vec::new();
    let mut contents_pages = 0u32;
    let sources = std::iter::once(("contents", contents))
        .chain(parts.iter().map(|part| ("record", part.bytes)));
    for (index, (_, bytes)) in sources.enumerate() {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
        let mut document = Document::load_mem(bytes)
            .map_err(|error| format!("document {index} cannot be read again: {error}"))?;
        document.renumber_objects_with(combined.max_id + 1);
        let pages = document.get_pages();
        if pages.is_empty() {
            return Err(format!("document {index} has no pages"));
        }
        let mut page_ids = Vec::with_capacity(pages.len());
        for page_id in pages.values() {
            let page = document
                .get_dictionary(*page_id)
                .map_err(|error| format!("document {index}: a page cannot be read: {error}"))?;
            let mut page = page.clone();
            for key in INHERITED {
                if !page.has(key)
                    && let Some(value) = inherited(&document, &page, key)
                {
                    page.set(key, value);
                }
            }
            page.set("Parent", pages_id);
            page_ids.push((*page_id, page));
        }
        if index == 0 {
            contents_pages = page_ids.len() as u32;
        }
        firsts.push(page_ids[0].0);
        for (id, page) in page_ids {
            document.objects.insert(id, Object::Dictionary(page));
            kids.push(Object::Reference(id));
        }
        // The source's own catalog and page tree are replaced by the combined file's.
        document
            .objects
            .retain(|_, object| !is_type(object, b"Catalog") && !is_type(object, b"Pages"));
        combined.max_id = combined.max_id.max(document.max_id);
        combined.objects.extend(document.objects);
    }
    let count = kids.len();
    combined.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count as i64,
        }),
    );

    // Bookmarks: "Contents", then one per record (PDF 32000-1 12.3.3).
    let outlines_id = combined.new_object_id();
    let titles: Vec<String> = std::iter::once("Contents".to_string())
        .chain(parts.iter().map(|part| part.title.clone()))
        .collect();
    let item_ids: Vec<ObjectId> = titles.iter().map(|_| combined.new_object_id()).collect();
    for (position, (title, id)) in titles.iter().zip(&item_ids).enumerate() {
        let mut item = dictionary! {
            "Title" => text_string(title),
            "Parent" => outlines_id,
            "Dest" => vec![Object::Reference(firsts[position]), Object::Name(b"Fit".to_vec())],
        };
        if position > 0 {
            item.set("Prev", item_ids[position - 1]);
        }
        if let Some(next) = item_ids.get(position + 1) {
            item.set("Next", *next);
        }
        combined.objects.insert(*id, Object::Dictionary(item));
    }
    combined.objects.insert(
        outlines_id,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => item_ids[0],
            "Last" => item_ids[item_ids.len() - 1],
            "Count" => item_ids.len() as i64,
        }),
    );
    // Page labels: the contents pages i, ii ...; the records 1, 2 ... as stamped on them.
    let mut labels = vec![
        Object::Integer(0),
        Object::Dictionary(dictionary! { "S" => "r" }),
    ];
    if (contents_pages as usize) < count {
        labels.push(Object::Integer(i64::from(contents_pages)));
        labels.push(Object::Dictionary(dictionary! { "S" => "D" }));
    }
    let catalog = combined.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Outlines" => outlines_id,
        "PageMode" => "UseOutlines",
        "PageLabels" => dictionary! { "Nums" => labels },
        "Lang" => Object::string_literal("en-GB"),
    });
    combined.trailer.set("Root", catalog);
    for title in &titles {
        hasher.update(title.as_bytes());
    }
    let id = hasher.finalize();
    let id = Object::String(id[..16].to_vec(), StringFormat::Hexadecimal);
    combined.trailer.set("ID", vec![id.clone(), id]);
    let mut bytes = Vec::new();
    combined
        .save_to(&mut bytes)
        .map_err(|error| format!("cannot write the combined PDF: {error}"))?;
    Ok((bytes, count as u32))
}
