//! All the records of a pack in one PDF, in date order, after a contents page: the file a person
//! can read from start to finish (ICO 2025 research with care leavers; CLA: "a logical
//! narrative"). Made from the records exactly as they were stamped and verified, so every page
//! carries the same pack page number as its separate file; the PDF's page labels say the same
//! (contents pages i, ii ..., then 1, 2 ... as printed), and a bookmark leads to each record.
//!
//! The combined file is itself verified before it ships, like every other file: the bookmarks
//! are strings the verifier reads. Nothing else is added but what a screen reader needs: `/Lang`
//! so it uses English, the contents page's own title as the document's (`/Info /Title`, shown
//! in place of the file name), and on each contents link its alternative text (`/Contents`,
//! "Go to ..." and the record's bookmark title); no XMP, no actions beyond destinations.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use crate::render::text_string;

/// One record to put in: its bookmark title and its stamped, verified bytes.
pub struct Part<'a> {
    pub title: String,
    pub bytes: &'a [u8],
}

/// A link on a contents page to the first page of a part: the contents row that lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// 1-based page of the contents.
    pub page: u32,
    /// The row's rectangle in PDF user space.
    pub rect: [f32; 4],
    /// 0-based index of the part, counting across sections.
    pub part: usize,
}

/// A run of parts numbered together: a court bundle's section (pages "B1", "B2" ...) under
/// its own bookmark, or the whole of the all-records file (pages 1, 2 ...).
pub struct Section<'s, 'a> {
    /// The page-label prefix ("B"); empty for plain numbers.
    pub prefix: String,
    /// The bookmark its parts hang under; `None` puts them at the top level.
    pub title: Option<String>,
    pub parts: &'s [Part<'a>],
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
    combine_linked(contents, parts, &[])
}

/// [`combine`], with each of `links` made a link from its contents row to its record.
pub fn combine_linked(
    contents: &[u8],
    parts: &[Part<'_>],
    links: &[Link],
) -> Result<(Vec<u8>, u32), String> {
    let whole = Section {
        prefix: String::new(),
        title: None,
        parts,
    };
    combine_sections(contents, "Contents", &[whole], links)
}

/// Combines `contents` (its bookmark titled `contents_title`) and the `sections` in order into
/// one PDF: each section's pages labelled from 1 with its prefix, its parts bookmarked under
/// the section's own bookmark when it has a title. Returns the bytes and the page count.
pub fn combine_sections(
    contents: &[u8],
    contents_title: &str,
    sections: &[Section<'_, '_>],
    links: &[Link],
) -> Result<(Vec<u8>, u32), String> {
    let parts: Vec<&Part<'_>> = sections.iter().flat_map(|section| section.parts).collect();
    let mut combined = Document::with_version("1.7");
    let pages_id: ObjectId = (1, 0);
    combined.max_id = 1;
    let mut kids: Vec<Object> = Vec::new();
    let mut hasher = Sha256::new();
    // First page of each source document in the combined file, for its bookmark.
    let mut firsts: Vec<ObjectId> = Vec::new();
    // The contents page's title becomes the combined file's.
    let mut title: Option<Object> = None;
    // Index in the combined file of the first page of each source document.
    let mut starts: Vec<usize> = Vec::new();
    let sources = std::iter::once(("contents", contents))
        .chain(parts.iter().map(|part| ("record", part.bytes)));
    for (index, (_, bytes)) in sources.enumerate() {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
        let mut document = Document::load_mem(bytes)
            .map_err(|error| format!("document {index} cannot be read again: {error}"))?;
        document.renumber_objects_with(combined.max_id + 1);
        // A source's document information does not carry over (only the contents' title).
        let info = document
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|info| document.objects.remove(&info));
        if index == 0
            && let Some(Object::Dictionary(info)) = info
        {
            title = info.get(b"Title").ok().cloned();
        }
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
        firsts.push(page_ids[0].0);
        starts.push(kids.len());
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
    // Links from the contents rows (PDF 32000-1 12.5.6.5): a destination in this file, no
    // action, no border, nothing a reader's click can send outside it.
    let contents_pages = starts.get(1).copied().unwrap_or(count);
    let mut annotations: std::collections::BTreeMap<usize, Vec<Object>> = Default::default();
    for link in links {
        let page = link.page as usize;
        let (Some(&target), true) = (
            firsts.get(link.part + 1),
            (1..=contents_pages).contains(&page),
        ) else {
            return Err(format!(
                "a contents link on page {} to record {} has nowhere to go",
                link.page,
                link.part + 1
            ));
        };
        let rect: Vec<Object> = link.rect.iter().map(|value| Object::Real(*value)).collect();
        // Alternative text (PDF 32000-1 12.5.2 `/Contents`; PDF/UA 7.18.5): where it leads.
        let alternative = parts
            .get(link.part)
            .map(|part| format!("Go to {}", part.title))
            .unwrap_or_default();
        let id = combined.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Link",
            "Contents" => text_string(&alternative),
            "Rect" => rect,
            "Border" => vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)],
            "Dest" => vec![Object::Reference(target), Object::Name(b"Fit".to_vec())],
        });
        annotations
            .entry(page - 1)
            .or_default()
            .push(Object::Reference(id));
    }
    for (page, list) in annotations {
        if let Some(Object::Reference(id)) = kids.get(page)
            && let Some(Object::Dictionary(dictionary)) = combined.objects.get_mut(id)
        {
            dictionary.set("Annots", list);
        }
    }
    combined.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count as i64,
        }),
    );

    // Bookmarks: the contents, then each section's bookmark with its records under it, or its
    // records at the top level (PDF 32000-1 12.3.3).
    let outlines_id = combined.new_object_id();
    let mut titles: Vec<String> = vec![contents_title.to_string()];
    let mut top: Vec<ObjectId> = vec![combined.new_object_id()];
    let mut items: Vec<(ObjectId, String, ObjectId, ObjectId)> =
        vec![(top[0], contents_title.to_string(), firsts[0], outlines_id)];
    let mut source = 1;
    let mut labels = vec![
        Object::Integer(0),
        Object::Dictionary(dictionary! { "S" => "r" }),
    ];
    for section in sections.iter().filter(|section| !section.parts.is_empty()) {
        let first = firsts[source];
        let mut label = dictionary! { "S" => "D" };
        if !section.prefix.is_empty() {
            label.set("P", text_string(&section.prefix));
        }
        labels.push(Object::Integer(starts[source] as i64));
        labels.push(Object::Dictionary(label));
        let parent = match &section.title {
            Some(title) => {
                let id = combined.new_object_id();
                top.push(id);
                titles.push(title.clone());
                items.push((id, title.clone(), first, outlines_id));
                Some(id)
            }
            None => None,
        };
        let mut children = Vec::new();
        for part in section.parts {
            let id = combined.new_object_id();
            titles.push(part.title.clone());
            items.push((
                id,
                part.title.clone(),
                firsts[source],
                parent.unwrap_or(outlines_id),
            ));
            match parent {
                Some(_) => children.push(id),
                None => top.push(id),
            }
            source += 1;
        }
        if let Some(parent) = parent {
            link_children(&mut combined, parent, &children);
        }
    }
    for (id, title, page, parent) in &items {
        let mut item = match combined.objects.remove(id) {
            Some(Object::Dictionary(item)) => item,
            _ => Dictionary::new(),
        };
        item.set("Title", text_string(title));
        item.set("Parent", *parent);
        item.set(
            "Dest",
            vec![Object::Reference(*page), Object::Name(b"Fit".to_vec())],
        );
        combined.objects.insert(*id, Object::Dictionary(item));
    }
    link_children(&mut combined, outlines_id, &top);
    if let Some(Object::Dictionary(outlines)) = combined.objects.get_mut(&outlines_id) {
        outlines.set("Type", "Outlines");
        // Every item is shown open: the root counts them all (PDF 32000-1 table 152).
        outlines.set("Count", items.len() as i64);
    }
    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Outlines" => outlines_id,
        "PageMode" => "UseOutlines",
        "PageLabels" => dictionary! { "Nums" => labels },
        "Lang" => Object::string_literal("en-GB"),
    };
    if let Some(title) = title {
        catalog.set(
            "ViewerPreferences",
            dictionary! { "DisplayDocTitle" => true },
        );
        let info = combined.add_object(dictionary! { "Title" => title });
        combined.trailer.set("Info", info);
    }
    let catalog = combined.add_object(catalog);
    combined.trailer.set("Root", catalog);
    for title in titles
        .iter()
        .chain(sections.iter().map(|section| &section.prefix))
    {
        hasher.update((title.len() as u64).to_be_bytes());
        hasher.update(title.as_bytes());
    }
    for link in links {
        hasher.update(link.page.to_be_bytes());
        hasher.update((link.part as u64).to_be_bytes());
        for value in link.rect {
            hasher.update(value.to_be_bytes());
        }
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

/// Makes `children` (outline items already in `document`, or about to be) the children of
/// `parent`: `/First`, `/Last` and `/Count` on the parent (open), `/Prev` and `/Next` between
/// them. An outline item's other keys are set by the caller.
fn link_children(document: &mut Document, parent: ObjectId, children: &[ObjectId]) {
    for (position, id) in children.iter().enumerate() {
        let mut item = match document.objects.remove(id) {
            Some(Object::Dictionary(item)) => item,
            _ => Dictionary::new(),
        };
        if position > 0 {
            item.set("Prev", children[position - 1]);
        }
        if let Some(next) = children.get(position + 1) {
            item.set("Next", *next);
        }
        document.objects.insert(*id, Object::Dictionary(item));
    }
    let (Some(first), Some(last)) = (children.first(), children.last()) else {
        return;
    };
    let mut node = match document.objects.remove(&parent) {
        Some(Object::Dictionary(node)) => node,
        _ => Dictionary::new(),
    };
    node.set("First", *first);
    node.set("Last", *last);
    node.set("Count", children.len() as i64);
    document.objects.insert(parent, Object::Dictionary(node));
}
