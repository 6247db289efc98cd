//! The full check of a PDF about to ship. lopdf parses the object graph and inflates streams
//! (bounded: [`MAX_STREAM_BYTES`] per stream); everything else is this module's own:
//!
//! 1. structure: encryption, incremental-update history (more than one `%%EOF`, a trailer
//!    `/Prev`, several xref sections), JavaScript, `/OpenAction`, `/AA`, embedded files,
//!    FileAttachment and unapplied Redact annotations (`peer-tools…` §5 A.2, D.24, D.26, D.27);
//! 2. every string and name in every object, read as a PDF text string (Info, outlines, annotation
//!    `/Contents`, form `/V` and `/TU`, `/ActualText`, `/Alt`, page labels, name trees, file specs);
//! 3. every stream, decoded once, read as Latin-1, as UTF-16BE and as UTF-8 (XMP, embedded
//!    files, fonts' name tables, content streams);
//! 4. every page's text through [`content`]'s interpreter and [`font`]'s decoding, plus
//!    annotation appearance streams; glyphs that cannot be decoded fail the page closed;
//! 5. opaque boxes or images painted over live glyphs.
//!
//! Any part that cannot be read is itself a violation: what cannot be checked cannot ship.

mod area;
mod content;
mod encodings;
mod font;
mod lexer;
mod picture;
#[rustfmt::skip]
mod standard_widths;
mod vocabulary;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use crate::model::Violation;

use super::matcher::Matcher;
use super::text::{check_string, push_unique};

/// Most bytes a single stream may inflate to; beyond it the stream is a decompression bomb (or
/// at least nothing that belongs in a disclosure pack) and is reported, not read.
pub(crate) const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// Most objects walked for strings; a larger file is reported rather than half-checked.
const MAX_OBJECTS: usize = 2_000_000;
/// Deepest array/dictionary nesting walked inside one object.
const MAX_NESTING: usize = 64;

/// Follows a reference (and chains of them, bounded) to the object it names.
pub(crate) fn resolve<'d>(document: &'d Document, object: &'d Object) -> &'d Object {
    let mut current = object;
    for _ in 0..32 {
        match current {
            Object::Reference(id) => match document.get_object(*id) {
                Ok(next) => current = next,
                Err(_) => return &Object::Null,
            },
            _ => return current,
        }
    }
    &Object::Null
}

/// Decodes a PDF text string (§7.9.2.2): UTF-16BE or UTF-8 with a BOM, else PDFDocEncoding
/// (read as Latin-1 with the 0x80–0x9F punctuation of WinAnsi, close enough to match names).
pub(crate) fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|byte| char::from(*byte)).collect()
}

/// A decoded stream, or why it cannot be decoded; shared by every reader of the stream.
pub(crate) type Decoded = Rc<Result<Vec<u8>, String>>;

/// Decoded stream bytes, each stream decoded once per file (issue 7: throughput).
pub(crate) struct Streams<'d> {
    document: &'d Document,
    cache: RefCell<HashMap<ObjectId, Decoded>>,
}

impl<'d> Streams<'d> {
    fn new(document: &'d Document) -> Streams<'d> {
        Streams {
            document,
            cache: RefCell::new(HashMap::new()),
        }
    }

    /// The decoded content of stream `id` (or why it cannot be decoded).
    pub fn decoded(&self, id: ObjectId) -> Decoded {
        if let Some(cached) = self.cache.borrow().get(&id) {
            return Rc::clone(cached);
        }
        let result = match self.document.get_object(id) {
            Ok(Object::Stream(stream)) => decode_stream(stream),
            Ok(_) => Err("not a stream".to_string()),
            Err(error) => Err(error.to_string()),
        };
        let result = Rc::new(result);
        self.cache.borrow_mut().insert(id, Rc::clone(&result));
        result
    }
}

fn decode_stream(stream: &lopdf::Stream) -> Result<Vec<u8>, String> {
    match stream.filters() {
        Ok(filters) if !filters.is_empty() => stream
            .decompressed_content_with_limit(MAX_STREAM_BYTES)
            .map_err(|error| error.to_string()),
        _ => {
            if stream.content.len() > MAX_STREAM_BYTES {
                Err(format!("stream is larger than {MAX_STREAM_BYTES} bytes"))
            } else {
                Ok(stream.content.clone())
            }
        }
    }
}

/// Image codecs lopdf does not inflate: their data is pixels, not text.
fn is_image_filter(name: &[u8]) -> bool {
    matches!(
        name,
        b"DCTDecode" | b"JPXDecode" | b"CCITTFaxDecode" | b"JBIG2Decode" | b"DCT" | b"CCF"
    )
}

struct Check<'a> {
    file: &'a str,
    matcher: &'a Matcher,
    violations: &'a mut Vec<Violation>,
}

impl Check<'_> {
    fn violation(
        &mut self,
        page: Option<u32>,
        location: impl Into<String>,
        what: impl Into<String>,
    ) {
        push_unique(
            self.violations,
            Violation {
                file: self.file.to_string(),
                page,
                location: location.into(),
                what: what.into(),
                context: String::new(),
            },
        );
    }

    fn search(&mut self, page: Option<u32>, location: &str, text: &str) {
        check_string(
            self.file,
            page,
            location,
            text,
            false,
            self.matcher,
            self.violations,
        );
    }
}

/// Checks one PDF, adding every violation found.
pub(crate) fn check_pdf(
    file: &str,
    bytes: &[u8],
    matcher: &Matcher,
    violations: &mut Vec<Violation>,
) {
    let mut check = Check {
        file,
        matcher,
        violations,
    };
    let has_history = check_raw_structure(&mut check, bytes);

    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let document = match Document::load_mem_with_options(bytes, options) {
        Ok(document) => document,
        Err(error) => {
            check.violation(
                None,
                "file",
                format!("cannot verify: not a readable PDF ({error})"),
            );
            // What can still be read must still be clean: search the raw bytes.
            check.search(None, "raw file bytes", &latin1(bytes));
            return;
        }
    };
    if document.is_encrypted()
        || document.was_encrypted()
        || document.trailer.get(b"Encrypt").is_ok()
    {
        check.violation(
            None,
            "trailer /Encrypt",
            "the PDF is encrypted: a pack must be readable and fully checkable",
        );
    }
    if has_history || document.revision_count() > 1 {
        // lopdf reads only the latest revision; what the older ones said is still in the bytes.
        check.search(None, "raw file bytes", &latin1(bytes));
    }
    if document.revision_count() > 1 {
        check.violation(
            None,
            "cross-reference sections",
            format!(
                "the PDF has {} revisions (incremental updates): earlier revisions can be recovered",
                document.revision_count()
            ),
        );
    }
    if document.objects.len() > MAX_OBJECTS {
        check.violation(
            None,
            "file",
            format!("cannot verify: more than {MAX_OBJECTS} objects"),
        );
        return;
    }

    let streams = Streams::new(&document);
    let pages = document.get_pages();
    let mut page_of_object: HashMap<ObjectId, u32> = HashMap::new();
    for (number, page_id) in &pages {
        page_of_object.insert(*page_id, *number);
        if let Ok(page) = document.get_dictionary(*page_id)
            && let Ok(annotations) = page.get(b"Annots")
            && let Object::Array(annotations) = resolve(&document, annotations)
        {
            for annotation in annotations {
                if let Object::Reference(id) = annotation {
                    page_of_object.insert(*id, *number);
                }
            }
        }
    }
    let info_id = match document.trailer.get(b"Info") {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    if let Ok(Object::Dictionary(info)) = document.trailer.get(b"Info") {
        let mut strings = Vec::new();
        collect_strings(&Object::Dictionary(info.clone()), &mut strings, 0);
        check.search(None, "document information", &strings.join("\n"));
    }
    let mut trailer_strings = Vec::new();
    collect_dictionary(&document.trailer, &mut trailer_strings, 0);
    check.search(None, "trailer", &trailer_strings.join("\n"));

    let content_streams = content_stream_ids(&document, &pages);
    // Streams that are binary tables by their place in the file (font programs, CID-to-glyph
    // maps): read only for printable text, since their bytes read as characters spell short
    // names by chance.
    let binary_tables: HashSet<ObjectId> = document
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Dictionary(dictionary) => Some(dictionary),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        })
        .flat_map(|dictionary| {
            [&b"CIDToGIDMap"[..], b"FontFile", b"FontFile2", b"FontFile3"]
                .into_iter()
                .filter_map(|key| match dictionary.get(key) {
                    Ok(Object::Reference(id)) => Some(*id),
                    _ => None,
                })
        })
        .collect();
    let palettes = palette_streams(&document);
    for (id, object) in &document.objects {
        let dictionary = match object {
            Object::Dictionary(dictionary) => Some(dictionary),
            Object::Stream(stream) => Some(&stream.dict),
            _ => None,
        };
        let page = page_of_object.get(id).copied().or_else(|| {
            // Structure elements name their page with /Pg.
            match dictionary.and_then(|dictionary| dictionary.get(b"Pg").ok()) {
                Some(Object::Reference(page_id)) => page_of_object.get(page_id).copied(),
                _ => None,
            }
        });
        let label = describe(*id, dictionary, info_id);
        if let Some(dictionary) = dictionary {
            check_structure(&mut check, &document, dictionary, page, &label, 0);
        }
        let mut strings = Vec::new();
        match object {
            Object::Stream(stream) => {
                collect_strings(&Object::Dictionary(stream.dict.clone()), &mut strings, 0)
            }
            other => collect_strings(other, &mut strings, 0),
        }
        if !strings.is_empty() {
            let joined = strings.join("\n");
            check.search(page, &label, &joined);
            // Rich text (`/RC`, XFA) may spell a name with character references.
            if joined.contains('&') {
                let unescaped = xml_unescape(&joined);
                if unescaped != joined {
                    check.search(page, &format!("{label} (xml entities)"), &unescaped);
                }
            }
        }
        if let Object::Stream(stream) = object {
            // Page contents and appearances are read by the interpreter (text and string
            // bytes); a Form XObject may be drawn by no page, so its strings are read here.
            if content_streams.contains(id) {
                continue;
            }
            let is_form =
                matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(name)) if name == b"Form");
            if object_stream_is_read(&document, &streams, *id, stream) {
                // Each object it holds is walked above, key by key; read raw it would only
                // repeat them without knowing which key a string belongs to.
                continue;
            }
            let kind = if is_form {
                StreamKind::Content
            } else if let Some(len) = cross_reference_len(&stream.dict) {
                StreamKind::CrossReference(len)
            } else if binary_tables.contains(id) || is_font_program(stream) {
                StreamKind::BinaryTable
            } else if palettes.contains(id) {
                StreamKind::Palette
            } else {
                StreamKind::Other
            };
            check_stream(&mut check, &streams, *id, stream, kind, page, &label);
        }
    }

    check_pictures(&mut check, &document, &streams, info_id);

    let fonts = RefCell::new(HashMap::new());
    for (number, page_id) in &pages {
        check_page(&mut check, &document, &streams, &fonts, *number, *page_id);
    }
    let matcher = check.matcher;
    for missing in matcher
        .areas
        .iter()
        .filter(|area| !pages.contains_key(&area.page))
    {
        check.violation(
            Some(missing.page),
            format!("area of decision {}", missing.decision),
            format!(
                "cannot verify: the area is on page {}, and the file has {} page(s)",
                missing.page,
                pages.len()
            ),
        );
    }
}

/// Pictures read at once (each a decoded page-sized image in memory).
const PICTURES_AT_ONCE: usize = 8;

/// Every image stream in the file: none may be an original picture that had words redacted,
/// and every one large enough to hold a word is read by OCR (`picture`) and searched like text.
/// A picture that cannot be read cannot be checked, so it cannot ship.
fn check_pictures(
    check: &mut Check,
    document: &Document,
    streams: &Streams,
    info_id: Option<ObjectId>,
) {
    use rayon::prelude::*;
    use sha2::Digest;

    let mut inputs: Vec<(String, picture::Picture)> = Vec::new();
    for (id, object) in &document.objects {
        let Object::Stream(stream) = object else {
            continue;
        };
        let label = describe(*id, Some(&stream.dict), info_id);
        if !check.matcher.pictures.is_empty() {
            let digest: String = sha2::Sha256::digest(&stream.content)
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            if check.matcher.pictures.contains(&digest) {
                check.violation(
                    None,
                    &label,
                    "an original picture that had words redacted is still in the file",
                );
            }
        }
        let is_image =
            matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(name)) if name == b"Image");
        if !is_image {
            continue;
        }
        let decoded = || match streams.decoded(*id).as_ref() {
            Ok(bytes) => Ok(bytes.clone()),
            Err(error) => Err(format!("a picture that does not decode ({error})")),
        };
        match picture::input(document, stream, decoded) {
            Ok(picture::Input::TooSmall) => {}
            Ok(picture::Input::Picture(file)) => inputs.push((label, file)),
            Err(reason) => check.violation(None, &label, format!("cannot verify: {reason}")),
        }
    }
    // Read a few at a time, in parallel; searched in object order, so findings are stable.
    while !inputs.is_empty() {
        let rest = inputs.split_off(inputs.len().min(PICTURES_AT_ONCE));
        let readings: Vec<(String, Result<String, String>)> = inputs
            .into_par_iter()
            .map(|(label, file)| (label, picture::read(file)))
            .collect();
        for (label, reading) in readings {
            match reading {
                Ok(text) => check.search(None, &format!("{label} picture (read by OCR)"), &text),
                Err(reason) => check.violation(None, &label, format!("cannot verify: {reason}")),
            }
        }
        inputs = rest;
    }
}

/// The text of every page as the verifier reads it (drawing order, synthesized spaces), for
/// tests and evaluation against other extractors; annotation appearances follow the page's
/// own text. Undecodable glyphs read as U+FFFD.
pub(crate) fn page_texts(bytes: &[u8]) -> Result<Vec<String>, String> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let document =
        Document::load_mem_with_options(bytes, options).map_err(|error| error.to_string())?;
    let streams = Streams::new(&document);
    let fonts = RefCell::new(HashMap::new());
    let mut texts = Vec::new();
    for page_id in document.get_pages().values() {
        let Ok(page) = document.get_dictionary(*page_id) else {
            texts.push(String::new());
            continue;
        };
        let scans = scan_page(&document, &streams, &fonts, page);
        let mut text = scans.page.text;
        for (_, appearance) in scans.appearances {
            text.push('\n');
            text.push_str(&appearance.text);
        }
        // Viewers draw a form field's value even when its appearance stream is empty.
        if let Ok(annotations) = page.get(b"Annots")
            && let Object::Array(annotations) = resolve(&document, annotations)
        {
            for annotation in annotations {
                if let Object::Dictionary(annotation) = resolve(&document, annotation)
                    && let Ok(Object::String(value, _)) = annotation.get(b"V")
                {
                    text.push('\n');
                    text.push_str(&text_string(value));
                }
            }
        }
        texts.push(text);
    }
    Ok(texts)
}

/// A short description of what an object is, for the violation's location.
fn describe(id: ObjectId, dictionary: Option<&Dictionary>, info: Option<ObjectId>) -> String {
    let object = format!("object {} {}", id.0, id.1);
    if Some(id) == info {
        return format!("document information ({object})");
    }
    let Some(dictionary) = dictionary else {
        return object;
    };
    let name = |key: &[u8]| match dictionary.get(key) {
        Ok(Object::Name(name)) => Some(String::from_utf8_lossy(name).into_owned()),
        _ => None,
    };
    let kind = name(b"Type");
    let subtype = name(b"Subtype");
    let what = match (kind.as_deref(), subtype.as_deref()) {
        (Some("Metadata"), _) | (_, Some("XML")) => "xmp metadata".to_string(),
        (Some("Annot"), Some(subtype)) | (None, Some(subtype)) if dictionary.has(b"Rect") => {
            format!("annotation /{subtype}")
        }
        (Some("Filespec"), _) | (Some("EmbeddedFile"), _) => "attachment".to_string(),
        (Some("Outlines"), _) => "bookmarks".to_string(),
        (Some("StructElem"), _) => "structure element".to_string(),
        (Some("Font"), _) | (Some("FontDescriptor"), _) => "font".to_string(),
        (Some("XObject"), Some("Image")) | (None, Some("Image")) => "image".to_string(),
        (Some("XObject"), Some("Form")) | (None, Some("Form")) => "form xobject".to_string(),
        (Some("Page"), _) => "page dictionary".to_string(),
        _ if dictionary.has(b"Title") && dictionary.has(b"Parent") => "bookmark".to_string(),
        _ if dictionary.has(b"FT") || (dictionary.has(b"T") && dictionary.has(b"V")) => {
            "form field".to_string()
        }
        _ => return object,
    };
    format!("{what} ({object})")
}

/// Every string and name inside an object, as text. Nesting is bounded; references are not
/// followed (every object is walked on its own), so reference loops cannot trap the walk.
fn collect_strings(object: &Object, out: &mut Vec<String>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    match object {
        Object::String(bytes, _) => out.push(text_string(bytes)),
        // A name can carry text ("/Jane#20Smith"), so every name is read except the format's
        // own vocabulary ("/Page" is structure, not a surname).
        Object::Name(name) if !vocabulary::is_format_name(name) => {
            out.push(String::from_utf8_lossy(name).into_owned());
        }
        Object::Array(items) => {
            let palette = palette_at(items);
            for (at, item) in items.iter().enumerate() {
                match item {
                    Object::String(bytes, _) if Some(at) == palette => out.extend(printable(bytes)),
                    _ => collect_strings(item, out, depth + 1),
                }
            }
        }
        Object::Dictionary(dictionary) => collect_dictionary(dictionary, out, depth),
        Object::Stream(stream) => collect_dictionary(&stream.dict, out, depth),
        _ => {}
    }
}

/// Where the colour table of an indexed colour space sits in its array: `[/Indexed base hival
/// lookup]` (ISO 32000-1 8.6.6.3; `/I` in an inline image, 8.9.7). The table is colour values, a
/// few bytes a colour; read as Latin-1 they spell short names by chance ("Jac" in a CMYK
/// photograph's palette), so it is searched only when every byte is printable, the one way it
/// could carry words, as for a file identifier ([`collect_identifiers`]).
fn palette_at(items: &[Object]) -> Option<usize> {
    match items {
        [Object::Name(name), _, _, _] if name == b"Indexed" || name == b"I" => Some(3),
        _ => None,
    }
}

/// The colour tables of indexed colour spaces held in streams of their own ([`palette_at`]),
/// wherever the colour space is written (an image's `/ColorSpace`, a resource dictionary, an
/// object of its own).
fn palette_streams(document: &Document) -> HashSet<ObjectId> {
    fn walk(object: &Object, out: &mut HashSet<ObjectId>, depth: usize) {
        if depth > MAX_NESTING {
            return;
        }
        match object {
            Object::Array(items) => {
                if let Some(at) = palette_at(items)
                    && let Some(Object::Reference(id)) = items.get(at)
                {
                    out.insert(*id);
                }
                items.iter().for_each(|item| walk(item, out, depth + 1));
            }
            Object::Dictionary(dictionary) => {
                for (_, value) in dictionary.iter() {
                    walk(value, out, depth + 1);
                }
            }
            Object::Stream(stream) => {
                for (_, value) in stream.dict.iter() {
                    walk(value, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = HashSet::new();
    for object in document.objects.values() {
        walk(object, &mut out, 0);
    }
    out
}

/// Binary bytes as text when every byte is printable ASCII, the one way they can carry words.
fn printable(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .all(|byte| (0x20..0x7f).contains(byte))
        .then(|| String::from_utf8_lossy(bytes).into_owned())
}

/// Keys whose values name a font and its glyphs (ISO 32000-1 9.6.2, 9.8.1): the font's own
/// name, family and glyph list (`/CharSet (/t/u/v)`), chosen by whoever made the font, never the
/// record's words. Read as text they spell short names by chance ("t/u" is "Tú") or a type
/// designer's name, so they are not searched (README: what the verifier does not search).
const FONT_NAMING_KEYS: [&[u8]; 4] = [b"BaseFont", b"FontName", b"FontFamily", b"CharSet"];

fn collect_dictionary(dictionary: &Dictionary, out: &mut Vec<String>, depth: usize) {
    for (key, value) in dictionary.iter() {
        if !vocabulary::is_format_name(key) {
            out.push(String::from_utf8_lossy(key).into_owned());
        }
        if FONT_NAMING_KEYS.contains(&key.as_slice()) {
            continue;
        }
        if key == b"ID" {
            collect_identifiers(value, out);
        } else if key == b"Lang" && is_language_tag(value) {
            // A language tag ("en-GB", PDF 32000-1 14.9.2) is structure: read as text, its
            // region spells initials ("GB") by chance. Anything else under /Lang is read.
        } else {
            collect_strings(value, out, depth + 1);
        }
    }
}

/// A plain BCP 47 language tag: a two- or three-letter language, optionally a two-letter
/// region ("en", "en-GB", "cym"). Nothing longer, so no name fits in one.
fn is_language_tag(value: &Object) -> bool {
    let Object::String(bytes, _) = value else {
        return false;
    };
    let mut parts = bytes.split(|byte| *byte == b'-');
    let language = parts.next().unwrap_or_default();
    let region = parts.next();
    parts.next().is_none()
        && (2..=3).contains(&language.len())
        && language.iter().all(u8::is_ascii_lowercase)
        && region
            .is_none_or(|region| region.len() == 2 && region.iter().all(u8::is_ascii_uppercase))
}

/// The file identifier (`/ID` in a trailer or cross-reference stream) is a binary hash: read as
/// Latin-1 its bytes fold into letters and a short name like "Ewa" turns up by chance (about one
/// file in 300). It can only carry text a recipient could read if it is printable, so only a
/// printable identifier is searched.
fn collect_identifiers(value: &Object, out: &mut Vec<String>) {
    if let Object::Array(identifiers) = value {
        for identifier in identifiers {
            if let Object::String(bytes, _) = identifier {
                out.extend(printable(bytes));
            }
        }
    }
}

/// Structural violations visible in one dictionary or the direct dictionaries nested in it
/// (an `/OpenAction` or `/AA` action is usually a direct dictionary of the catalog or page).
fn check_structure(
    check: &mut Check,
    document: &Document,
    dictionary: &Dictionary,
    page: Option<u32>,
    label: &str,
    depth: usize,
) {
    if depth > MAX_NESTING {
        return;
    }
    let name_is = |key: &[u8], value: &[u8]| match dictionary
        .get(key)
        .map(|object| resolve(document, object))
    {
        Ok(Object::Name(name)) => name == value,
        _ => false,
    };
    if dictionary.has(b"JS") || name_is(b"S", b"JavaScript") || dictionary.has(b"JavaScript") {
        check.violation(page, label, "JavaScript: a pack must not contain scripts");
    }
    for action in [
        &b"Launch"[..],
        b"SubmitForm",
        b"ImportData",
        b"GoToR",
        b"GoToE",
        b"RichMediaExecute",
    ] {
        if name_is(b"S", action) {
            check.violation(
                page,
                label,
                format!(
                    "a /{} action: a pack must not reach outside itself",
                    String::from_utf8_lossy(action)
                ),
            );
        }
    }
    // An /OpenAction that is only a destination (`[page /Fit]`, what fpdf2 and LibreOffice
    // write to set the initial view) does nothing; an action dictionary other than GoTo acts.
    if let Ok(open_action) = dictionary.get(b"OpenAction")
        && let Object::Dictionary(action) = resolve(document, open_action)
        && !matches!(action.get(b"S"), Ok(Object::Name(name)) if name == b"GoTo")
    {
        check.violation(page, label, "/OpenAction: a pack must not act when opened");
    }
    if dictionary.has(b"AA") {
        check.violation(
            page,
            label,
            "/AA additional actions: a pack must not act on events",
        );
    }
    if dictionary.has(b"EmbeddedFiles")
        || dictionary.has(b"EF")
        || name_is(b"Type", b"EmbeddedFile")
    {
        check.violation(
            page,
            label,
            "an embedded file: attachments are not verified and cannot ship",
        );
    }
    if name_is(b"Subtype", b"FileAttachment") {
        check.violation(page, label, "a FileAttachment annotation");
    }
    if name_is(b"Subtype", b"Redact") {
        check.violation(
            page,
            label,
            "an unapplied Redact annotation: the text under it is still there",
        );
    }
    for (_, value) in dictionary.iter() {
        check_nested_structure(check, document, value, page, label, depth + 1);
    }
}

fn check_nested_structure(
    check: &mut Check,
    document: &Document,
    object: &Object,
    page: Option<u32>,
    label: &str,
    depth: usize,
) {
    if depth > MAX_NESTING {
        return;
    }
    match object {
        Object::Dictionary(dictionary) => {
            check_structure(check, document, dictionary, page, label, depth)
        }
        Object::Array(items) => {
            for item in items {
                check_nested_structure(check, document, item, page, label, depth + 1);
            }
        }
        _ => {}
    }
}

/// How a stream's bytes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StreamKind {
    /// Drawing operators: its string operands are the text.
    Content,
    /// A cross-reference stream whose table is this many bytes: offsets and numbers by spec
    /// (ISO 32000-1 7.5.8), read as characters they spell short names by chance. Only bytes
    /// beyond the table (which no reader needs) are searched.
    CrossReference(usize),
    /// A font program or glyph map: machinery, not the record's text, so not searched.
    BinaryTable,
    /// The colour table of an indexed colour space ([`palette_at`]): searched only when every
    /// byte is printable.
    Palette,
    /// Anything else: read every way a viewer or a curious recipient could.
    Other,
}

/// The size in bytes of a cross-reference stream's table (`/Type /XRef`): the sum of `/W` times
/// the number of entries in `/Index` (default `[0 /Size]`). `None` when the stream is not one or
/// its dictionary does not add up, so it is read like any other stream.
fn cross_reference_len(dictionary: &lopdf::Dictionary) -> Option<usize> {
    if !matches!(dictionary.get(b"Type"), Ok(Object::Name(name)) if name == b"XRef") {
        return None;
    }
    let number = |object: &Object| match object {
        Object::Integer(value) => usize::try_from(*value).ok(),
        _ => None,
    };
    let widths = match dictionary.get(b"W") {
        Ok(Object::Array(widths)) => widths
            .iter()
            .map(number)
            .try_fold(0usize, |sum, width| sum.checked_add(width?))?,
        _ => return None,
    };
    let entries = match dictionary.get(b"Index") {
        Ok(Object::Array(index)) if index.len() % 2 == 0 => index
            .chunks(2)
            .map(|pair| number(&pair[1]))
            .try_fold(0usize, |sum, count| sum.checked_add(count?))?,
        Ok(_) => return None,
        Err(_) => number(dictionary.get(b"Size").ok()?)?,
    };
    widths.checked_mul(entries)
}

/// Whether a stream is an embedded font program (`/FontFile`, `/FontFile2`, `/FontFile3`).
fn is_font_program(stream: &lopdf::Stream) -> bool {
    let dictionary = &stream.dict;
    dictionary.has(b"Length1")
        || dictionary.has(b"Length2")
        || matches!(dictionary.get(b"Subtype"), Ok(Object::Name(name))
            if matches!(name.as_slice(), b"Type1C" | b"CIDFontType0C" | b"OpenType"))
}

/// Whether `stream` is an object stream (ISO 32000-1 7.5.7) every object of which lopdf read
/// into the document, so that each is walked on its own. One whose header cannot be read, or
/// names an object that was not read, is searched raw like any other stream (fail closed).
fn object_stream_is_read(
    document: &Document,
    streams: &Streams,
    id: ObjectId,
    stream: &lopdf::Stream,
) -> bool {
    if !matches!(stream.dict.get(b"Type"), Ok(Object::Name(name)) if name == b"ObjStm") {
        return false;
    }
    let (Ok(Object::Integer(count)), Ok(Object::Integer(first))) =
        (stream.dict.get(b"N"), stream.dict.get(b"First"))
    else {
        return false;
    };
    let decoded = streams.decoded(id);
    let Ok(bytes) = decoded.as_ref() else {
        return false;
    };
    let Some(header) = usize::try_from(*first)
        .ok()
        .and_then(|first| bytes.get(..first))
    else {
        return false;
    };
    let numbers: Vec<u32> = String::from_utf8_lossy(header)
        .split_ascii_whitespace()
        .map_while(|token| token.parse().ok())
        .collect();
    let Ok(count) = usize::try_from(*count) else {
        return false;
    };
    numbers.len() == count * 2
        && numbers
            .chunks(2)
            .all(|pair| document.objects.contains_key(&(pair[0], 0)))
}

/// Whether decoded stream bytes are an ICC colour profile (ICC.1:2010 7.2: the signature
/// `acsp` at byte 36 of the header).
fn is_colour_profile(bytes: &[u8]) -> bool {
    bytes.get(36..40) == Some(b"acsp")
}

fn check_stream(
    check: &mut Check,
    streams: &Streams,
    id: ObjectId,
    stream: &lopdf::Stream,
    kind: StreamKind,
    page: Option<u32>,
    label: &str,
) {
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|filters| filters.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    if filters.iter().any(|filter| is_image_filter(filter)) {
        // The pixels are read in `check_pictures`; a JPEG's metadata (author, caption) is text.
        if filters.len() == 1 && matches!(filters[0].as_slice(), b"DCTDecode" | b"DCT") {
            let metadata = picture::jpeg_metadata_text(&stream.content);
            if !metadata.is_empty() {
                check.search(page, &format!("{label} JPEG metadata"), &metadata);
            }
        }
        return;
    }
    let is_image =
        matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(name)) if name == b"Image");
    let decoded = streams.decoded(id);
    let bytes = match decoded.as_ref() {
        Ok(bytes) => bytes,
        Err(error) => {
            check.violation(
                page,
                label,
                format!("cannot verify: stream cannot be decoded ({error})"),
            );
            return;
        }
    };
    if is_image {
        // Raw pixels read as text produce noise, not names; images are checked for covering.
        return;
    }
    let location = format!("{label} stream");
    if let StreamKind::CrossReference(len) = kind {
        if let Some(rest) = bytes.get(len..).filter(|rest| !rest.is_empty()) {
            check.search(
                page,
                &format!("{location} (after the cross-reference table)"),
                &latin1(rest),
            );
        }
        return;
    }
    if kind == StreamKind::Palette {
        if let Some(text) = printable(bytes) {
            check.search(page, &location, &text);
        }
        return;
    }
    if kind == StreamKind::BinaryTable || is_colour_profile(bytes) {
        // A font program or glyph map holds glyph shapes and the font maker's own names and
        // notices (family, designer, copyright, licence: "Matthew Carter" designed Verdana),
        // and a colour profile the device maker's description; none is the record's text, and
        // a recipient reads the record through them, not them. Not searched (issue 11; README:
        // what the verifier does not search).
        return;
    }
    if kind == StreamKind::Content {
        // A content stream read raw interleaves operators with the words ("Sarah) Tj 72 700
        // Td (Khan"), which would split an allowed name; its string operands joined give the
        // words without the syntax, for a check that does not depend on font decoding.
        check.search(
            page,
            &format!("{location} strings"),
            &content_strings(bytes),
        );
        return;
    }
    check.search(page, &location, &latin1(bytes));
    if bytes.contains(&0) {
        check.search(page, &format!("{location} (utf-16be)"), &utf16be(bytes));
        check.search(
            page,
            &format!("{location} (utf-16be, odd)"),
            &utf16be(bytes.get(1..).unwrap_or_default()),
        );
    }
    if let Ok(text) = std::str::from_utf8(bytes)
        && !text.is_ascii()
    {
        check.search(page, &format!("{location} (utf-8)"), text);
    }
    if bytes.contains(&b'&') {
        let text = String::from_utf8_lossy(bytes);
        let unescaped = xml_unescape(&text);
        if unescaped != text {
            check.search(page, &format!("{location} (xml entities)"), &unescaped);
        }
    }
}

/// Every string operand of a content stream, as Latin-1, joined.
fn content_strings(bytes: &[u8]) -> String {
    fn collect(operand: &lexer::Operand, out: &mut String) {
        match operand {
            lexer::Operand::String(bytes) => out.extend(bytes.iter().map(|byte| char::from(*byte))),
            lexer::Operand::Array(items) => items.iter().for_each(|item| collect(item, out)),
            lexer::Operand::Dictionary(entries) => {
                entries.iter().for_each(|(_, value)| collect(value, out))
            }
            _ => {}
        }
    }
    let mut out = String::new();
    for operation in lexer::Lexer::new(bytes) {
        for operand in &operation.operands {
            collect(operand, &mut out);
        }
    }
    out
}

/// The ids of every page's content streams and every annotation appearance stream.
fn content_stream_ids(document: &Document, pages: &BTreeMap<u32, ObjectId>) -> HashSet<ObjectId> {
    let mut ids = HashSet::new();
    for page_id in pages.values() {
        let Ok(page) = document.get_dictionary(*page_id) else {
            continue;
        };
        ids.extend(page_content_ids(document, page));
        if let Ok(annotations) = page.get(b"Annots")
            && let Object::Array(annotations) = resolve(document, annotations)
        {
            for annotation in annotations.iter().take(10_000) {
                if let Object::Dictionary(annotation) = resolve(document, annotation) {
                    ids.extend(appearance_streams(document, annotation));
                }
            }
        }
    }
    ids
}

fn page_content_ids(document: &Document, page: &Dictionary) -> Vec<ObjectId> {
    match page.get(b"Contents").ok() {
        Some(Object::Reference(id)) => match document.get_object(*id) {
            Ok(Object::Array(items)) => items
                .iter()
                .filter_map(|item| item.as_reference().ok())
                .collect(),
            _ => vec![*id],
        },
        Some(Object::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_reference().ok())
            .collect(),
        _ => Vec::new(),
    }
}

/// The printable runs of bytes read as Latin-1, one run a line: the same text a whole-buffer
/// Latin-1 reading gives the matcher (control and binary bytes are separators either way), at a
/// fraction of the cost on binary streams such as fonts (issue 7: throughput).
fn latin1(bytes: &[u8]) -> String {
    let printable = |byte: u8| matches!(byte, b' '..=b'~' | 0xA0..=0xFF | b'\t' | b'\n' | b'\r');
    let mut out = String::new();
    let mut run_start: Option<usize> = None;
    for (index, &byte) in bytes.iter().chain(std::iter::once(&0u8)).enumerate() {
        if index < bytes.len() && printable(byte) {
            run_start.get_or_insert(index);
            continue;
        }
        if let Some(start) = run_start.take()
            && index - start >= 2
        {
            out.extend(bytes[start..index].iter().map(|byte| char::from(*byte)));
            out.push('\n');
        }
    }
    out
}

/// The runs of plausible UTF-16BE text (letters, digits, spaces and punctuation below U+0600:
/// Latin, Greek, Cyrillic, Hebrew), one run a line, like `strings -e b`.
fn utf16be(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for pair in bytes.chunks_exact(2) {
        let unit = u16::from_be_bytes([pair[0], pair[1]]);
        match char::from_u32(u32::from(unit)) {
            Some(character)
                if unit < 0x600
                    && (character.is_alphanumeric()
                        || character == ' '
                        || character.is_ascii_punctuation()) =>
            {
                run.push(character)
            }
            _ => {
                if run.chars().count() >= 3 {
                    out.push_str(&run);
                    out.push('\n');
                }
                run.clear();
            }
        }
    }
    if run.chars().count() >= 3 {
        out.push_str(&run);
    }
    out
}

/// Resolves XML character references and the predefined entities (XMP may spell a name
/// `&#74;ane`).
fn xml_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find('&') {
        out.push_str(&rest[..index]);
        rest = &rest[index..];
        let Some(end) = rest
            .get(..12.min(rest.len()))
            .and_then(|head| head.find(';'))
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| {
                    entity
                        .strip_prefix('#')
                        .and_then(|decimal| decimal.parse().ok())
                })
                .and_then(char::from_u32),
        };
        match decoded {
            Some(character) => {
                out.push(character);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Checks the raw file bytes: incremental-update history shows as several `%%EOF` markers or a
/// trailer `/Prev`, whatever lopdf makes of the file. Returns whether there is history.
fn check_raw_structure(check: &mut Check, bytes: &[u8]) -> bool {
    let eof_count = count(bytes, b"%%EOF");
    if eof_count > 1 {
        check.violation(
            None,
            "file structure",
            format!("{eof_count} `%%EOF` markers: the file has incremental updates, and earlier revisions can be recovered"),
        );
    }
    let prev = has_trailer_prev(bytes);
    if prev {
        check.violation(
            None,
            "file structure",
            "a trailer /Prev: the file has incremental updates, and earlier revisions can be recovered",
        );
    }
    eof_count > 1 || prev
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|window| *window == needle)
        .count()
}

/// A `/Prev <offset>` that is not an outline item's `/Prev <n> <g> R`.
fn has_trailer_prev(bytes: &[u8]) -> bool {
    let mut start = 0;
    while let Some(found) = bytes
        .get(start..)
        .and_then(|rest| rest.windows(5).position(|window| window == b"/Prev"))
    {
        let after = start + found + 5;
        start = after;
        let rest = &bytes[after..bytes.len().min(after + 40)];
        let text: String = rest.iter().map(|byte| char::from(*byte)).collect();
        let mut words = text.split_whitespace();
        let first = words.next().unwrap_or("");
        let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue;
        }
        // `/Prev 12 0 R` is a reference (outline items); a bare number is an xref offset.
        let second = words.next().unwrap_or("");
        let third = words.next().unwrap_or("");
        let is_reference = digits == first
            && second.chars().all(|c| c.is_ascii_digit())
            && !second.is_empty()
            && third.starts_with('R');
        if !is_reference {
            return true;
        }
    }
    false
}

/// What one page shows: its own content and its annotations' appearances.
struct PageScans {
    page: content::PageScan,
    /// (appearance stream id, what it shows).
    appearances: Vec<(ObjectId, content::PageScan)>,
    /// Content streams that cannot be decoded: (id, why).
    errors: Vec<(ObjectId, String)>,
}

/// Interprets one page and its annotations' appearance streams (viewers draw and print those,
/// so their text counts too).
fn scan_page(
    document: &Document,
    streams: &Streams,
    fonts: &content::FontCache,
    page_dictionary: &Dictionary,
) -> PageScans {
    let resources = match inherited(document, page_dictionary, b"Resources") {
        Some(Object::Dictionary(dictionary)) => Some(dictionary),
        _ => None,
    };
    let mut errors = Vec::new();
    let mut content = Vec::new();
    for id in page_content_ids(document, page_dictionary) {
        match streams.decoded(id).as_ref() {
            Ok(bytes) => {
                content.extend_from_slice(bytes);
                content.push(b'\n');
            }
            Err(error) => errors.push((id, error.clone())),
        }
    }
    let mut interpreter = content::Interpreter::new(document, streams, fonts);
    interpreter.run(&content, resources, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    let page = interpreter.finish();

    let mut appearances = Vec::new();
    if let Ok(annotations) = page_dictionary.get(b"Annots")
        && let Object::Array(annotations) = resolve(document, annotations)
    {
        for annotation in annotations.iter().take(10_000) {
            let Object::Dictionary(annotation) = resolve(document, annotation) else {
                continue;
            };
            for id in appearance_streams(document, annotation) {
                let Ok(Object::Stream(stream)) = document.get_object(id) else {
                    continue;
                };
                let own = match stream
                    .dict
                    .get(b"Resources")
                    .ok()
                    .map(|object| resolve(document, object))
                {
                    Some(Object::Dictionary(dictionary)) => Some(dictionary),
                    _ => None,
                };
                if let Ok(bytes) = streams.decoded(id).as_ref() {
                    let mut interpreter = content::Interpreter::new(document, streams, fonts);
                    interpreter.run(bytes, own, [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
                    appearances.push((id, interpreter.finish()));
                }
            }
        }
    }
    PageScans {
        page,
        appearances,
        errors,
    }
}

/// Interprets one page and reports what it and its annotation appearances show.
fn check_page(
    check: &mut Check,
    document: &Document,
    streams: &Streams,
    fonts: &content::FontCache,
    number: u32,
    page_id: ObjectId,
) {
    let page = Some(number);
    let Ok(page_dictionary) = document.get_dictionary(page_id) else {
        check.violation(
            page,
            "page",
            "cannot verify: the page object cannot be read",
        );
        return;
    };
    let scans = scan_page(document, streams, fonts, page_dictionary);
    for (id, error) in &scans.errors {
        check.violation(
            page,
            format!("content stream {} {}", id.0, id.1),
            format!("cannot verify: the content stream cannot be decoded ({error})"),
        );
    }
    report_scan(check, page, "page text", &scans.page);
    let matcher = check.matcher;
    for wanted in matcher.areas.iter().filter(|wanted| wanted.page == number) {
        area::check_area(
            check,
            document,
            streams,
            page_dictionary,
            number,
            &scans.page,
            wanted,
        );
    }
    for (id, scan) in &scans.appearances {
        report_scan(
            check,
            page,
            &format!("annotation appearance ({} {})", id.0, id.1),
            scan,
        );
    }
}

/// The stream ids of an annotation's normal, rollover and down appearances.
fn appearance_streams(document: &Document, annotation: &Dictionary) -> Vec<ObjectId> {
    let mut ids = Vec::new();
    let Ok(appearance) = annotation.get(b"AP") else {
        return ids;
    };
    let Object::Dictionary(appearance) = resolve(document, appearance) else {
        return ids;
    };
    for (_, entry) in appearance.iter() {
        match entry {
            Object::Reference(id) => match document.get_object(*id) {
                Ok(Object::Stream(_)) => ids.push(*id),
                Ok(Object::Dictionary(states)) => ids.extend(
                    states
                        .iter()
                        .filter_map(|(_, state)| state.as_reference().ok()),
                ),
                _ => {}
            },
            Object::Dictionary(states) => ids.extend(
                states
                    .iter()
                    .filter_map(|(_, state)| state.as_reference().ok()),
            ),
            _ => {}
        }
    }
    ids
}

fn report_scan(check: &mut Check, page: Option<u32>, location: &str, scan: &content::PageScan) {
    check.search(page, location, &scan.text);
    check.search(
        page,
        &format!("{location} (string bytes)"),
        &scan.string_bytes,
    );
    check.search(
        page,
        &format!("{location} (reading order)"),
        &scan.reading_text,
    );
    if !scan.marked_strings.is_empty() {
        check.search(
            page,
            &format!("{location} (marked content)"),
            &scan.marked_strings.join("\n"),
        );
    }
    for (font, (count, code, why)) in &scan.undecodable {
        check.violation(
            page,
            location,
            format!(
                "cannot verify page {}: font `{font}` has no usable Unicode mapping ({why}; {count} glyphs, first code {code:#x})",
                page.unwrap_or(0)
            ),
        );
    }
    for problem in &scan.problems {
        check.violation(page, location, format!("cannot verify: {problem}"));
    }
    let mut covers: BTreeMap<String, String> = BTreeMap::new();
    for cover in &scan.covers {
        let key = format!(
            "{} at ({:.0}, {:.0})–({:.0}, {:.0}) is drawn over live text",
            cover.kind, cover.rect.x0, cover.rect.y0, cover.rect.x1, cover.rect.y1
        );
        covers.entry(key).or_default().push_str(&cover.hidden);
    }
    for (what, hidden) in covers {
        // The hidden text is quoted (shortened) for the reviewer: this report is internal.
        let glyphs = hidden.chars().count();
        let quoted: String = hidden.chars().take(40).collect();
        let more = if glyphs > 40 { "…" } else { "" };
        check.violation(
            page,
            location,
            format!(
                "{what} ({glyphs} glyphs still extractable beneath it: `{quoted}{more}`): a box that only covers is not a redaction"
            ),
        );
    }
}

/// A page attribute, looked up through the page tree's parents (§7.7.3.4).
fn inherited<'d>(document: &'d Document, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return Some(resolve(document, value));
        }
        match node
            .get(b"Parent")
            .ok()
            .map(|parent| resolve(document, parent))
        {
            Some(Object::Dictionary(parent)) => node = parent,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_language_tag_is_not_read_as_text() {
        let tag = |text: &str| Object::string_literal(text);
        assert!(is_language_tag(&tag("en-GB")));
        assert!(is_language_tag(&tag("cym")));
        for not_a_tag in ["Jo-Smith", "en-GB-x-jones", "EN", "Sharon", "en-gb"] {
            assert!(!is_language_tag(&tag(not_a_tag)), "{not_a_tag}");
        }
        assert!(!is_language_tag(&Object::Name(b"en".to_vec())));
    }

    #[test]
    fn trailer_prev_is_told_from_outline_prev() {
        assert!(has_trailer_prev(b"trailer << /Size 9 /Prev 1234 >>"));
        assert!(!has_trailer_prev(
            b"<< /Title (a) /Prev 12 0 R /Next 14 0 R >>"
        ));
    }

    #[test]
    fn xml_entities() {
        assert_eq!(
            xml_unescape("&#74;ane &amp; &#x53;mith &bogus;"),
            "Jane & Smith &bogus;"
        );
    }

    #[test]
    fn text_strings() {
        assert_eq!(text_string(b"\xfe\xff\x00J\x00a"), "Ja");
        assert_eq!(text_string(b"Zo\xeb"), "Zoë");
    }
}
