//! Plain text from the non-PDF documents a records store holds: Word (DOCX), email (EML) and text
//! files. `gather` calls [`read_document_text`] and puts the result in `Content::Text`; the text
//! is then searched, redacted and rendered like a case note, so it must hold everything a reader
//! of the original would see — and nothing they would not.
//!
//! What counts as the record (ICO right of access guidance: the requester is entitled to the
//! information, not the file): for DOCX the body with tables, headers, footers, footnotes,
//! endnotes and tracked insertions, plus reviewers' comments in a final "Comments" section and
//! tracked deletions (still held in the file, issue 15) in a final "Tracked deletions" section;
//! moved-from text is shown at its new place. A document that imports content from other files
//! (`w:altChunk`, `w:subDoc`) or holds pictures is refused with the reason. Hostile
//! input (issue 5) is bounded: a capped number of zip entries and a cap on each part's inflated
//! size, so a decompression bomb is an error, not an out-of-memory abort.

use std::io::Read;

use mail_parser::MimeHeaders;
use quick_xml::events::Event;

use crate::model::Format;

/// Largest inflated size of one DOCX part (e.g. `word/document.xml`). Real case records are a
/// few MiB at most; anything bigger is damage or a decompression bomb.
pub const MAX_DOCX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Largest inflated size of all the DOCX parts read, together.
pub const MAX_DOCX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
/// Most zip entries a DOCX may hold (Word writes a few dozen).
pub const MAX_DOCX_ENTRIES: usize = 10_000;

/// Extracts plain text, paragraphs separated by a blank line. The error is a plain-English
/// reason fit for the schedule's "pending review" column.
pub fn read_document_text(bytes: &[u8], format: Format) -> Result<String, String> {
    match format {
        Format::Docx => docx_text(bytes),
        Format::Email => email_text(bytes),
        Format::Text | Format::CaseNote => plain_text(bytes),
        Format::Html => html_text(bytes),
        Format::Rtf => super::rtf::rtf_text(bytes),
        Format::Xlsx => super::xlsx::xlsx_text(bytes),
        Format::Msg => super::msg::msg_text(bytes),
        Format::Pdf => Err("a PDF is read by the PDF reader, not as text".to_string()),
        Format::Image => Err("a picture is read by OCR, not as text".to_string()),
        Format::Other => Err("a file format sarpack does not read".to_string()),
    }
}

/// Where a picture stands in a [`DocumentText`]: one character per picture, in order. Taken out
/// of the document's own text first, so a document cannot fake one.
pub const PICTURE_MARK: char = '\u{FFFC}';

/// A document's text with the pictures it shows (issue 15 point 4): each picture stands in the
/// text as one [`PICTURE_MARK`], in the order of `pictures`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentText {
    pub text: String,
    pub pictures: Vec<EmbeddedPicture>,
}

/// A picture a document shows: its part in a Word file (`None` for a picture file itself) and its
/// bytes as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedPicture {
    pub entry: Option<String>,
    pub bytes: Vec<u8>,
}

/// Like [`read_document_text`], and a Word file's pictures and a picture file are given back
/// with their places instead of refused: the caller reads them by OCR and carries them into
/// the typeset record.
pub fn read_document(bytes: &[u8], format: Format) -> Result<DocumentText, String> {
    match format {
        Format::Docx => docx_document(bytes),
        Format::Image => Ok(DocumentText {
            text: PICTURE_MARK.to_string(),
            pictures: vec![EmbeddedPicture {
                entry: None,
                bytes: bytes.to_vec(),
            }],
        }),
        _ => Ok(DocumentText {
            text: read_document_text(bytes, format)?,
            pictures: Vec::new(),
        }),
    }
}

/// The bytes of one part of a Word file (a picture under `word/media/`), read again to redact
/// it; bounded like every part.
pub fn docx_entry(bytes: &[u8], name: &str) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| format!("the Word document is damaged (not a readable zip: {error})"))?;
    let mut budget = MAX_DOCX_TOTAL_BYTES;
    read_part_bytes(&mut archive, name, &mut budget)?
        .ok_or_else(|| format!("the Word document no longer has the part `{name}`"))
}

// ---------------------------------------------------------------------------------------------
// Text files
// ---------------------------------------------------------------------------------------------

/// UTF-8 (BOM dropped), UTF-16 with a BOM (Notepad's "Unicode"), else Windows-1252. Line ends
/// become `\n`. NUL bytes in a file without a UTF-16 BOM mean it is not text at all.
fn plain_text(bytes: &[u8]) -> Result<String, String> {
    let text = if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        // `decode` sniffs and drops the BOM itself.
        let (text, _, _) = encoding.decode(bytes);
        text.into_owned()
    } else if bytes.contains(&0) {
        return Err("the file holds binary data, not text".to_string());
    } else {
        super::table::decode(bytes).text
    };
    Ok(normalise_line_ends(&text))
}

/// An HTML file's text (scripts and styles left out), decoded like a text file. A page with
/// pictures, frames or embedded objects is refused: they are not typeset, and the text alone
/// would leave them out unsaid (issue 15).
fn html_text(bytes: &[u8]) -> Result<String, String> {
    let source = plain_text(bytes)?;
    let lower = source.to_ascii_lowercase();
    let pictures = [
        "<img", "<iframe", "<object", "<embed", "<svg", "<picture", "<video",
    ]
    .iter()
    .map(|tag| lower.matches(tag).count())
    .sum::<usize>();
    if pictures > 0 {
        return Err(format!(
            "the web page holds {pictures} picture(s), frame(s) or embedded object(s) that sarpack does not carry into the typeset record; a person must check them and the page"
        ));
    }
    let text = mail_parser::decoders::html::html_to_text(&source);
    Ok(normalise_line_ends(&text).trim().to_string())
}

fn normalise_line_ends(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

// ---------------------------------------------------------------------------------------------
// Email
// ---------------------------------------------------------------------------------------------

fn email_text(bytes: &[u8]) -> Result<String, String> {
    let message = mail_parser::MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| "not a readable email message".to_string())?;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut headers: Vec<String> = Vec::new();
    for (label, address) in [
        ("From", message.from()),
        ("To", message.to()),
        ("Cc", message.cc()),
    ] {
        if let Some(address) = address {
            let list: Vec<String> = address.iter().map(format_address).collect();
            if !list.is_empty() {
                headers.push(format!("{label}: {}", list.join(", ")));
            }
        }
    }
    if let Some(date) = message.date() {
        headers.push(format!("Date: {}", date.to_rfc822()));
    }
    if let Some(subject) = message.subject() {
        headers.push(format!("Subject: {}", subject.trim()));
    }
    if !headers.is_empty() {
        paragraphs.push(headers.join("\n"));
    }
    // `body_text` turns an HTML-only body into text (tags stripped) itself.
    for index in 0..message.text_body_count() {
        if let Some(body) = message.body_text(index) {
            let body = normalise_line_ends(&body);
            let body = body.trim();
            if !body.is_empty() {
                paragraphs.push(body.to_string());
            }
        }
    }
    // Each attachment is an item of its own (issue 15), gathered, decided and listed after the
    // email; the email says what it carried, and its names are searched like the rest.
    let attachments = attachment_list(&message);
    if !attachments.is_empty() {
        let lines: Vec<String> = attachments
            .iter()
            .enumerate()
            .map(|(index, attachment)| {
                format!(
                    "{ATTACHMENT_LINE} {}: {} (listed separately in the schedule)",
                    index + 1,
                    attachment.name
                )
            })
            .collect();
        paragraphs.push(lines.join("\n"));
    }
    if paragraphs.is_empty() {
        return Err("the email has no headers and no text".to_string());
    }
    Ok(paragraphs.join("\n\n"))
}

/// The line an email's text gives each of its attachments.
pub const ATTACHMENT_LINE: &str = "Attachment";

/// One attachment of an email: the file name the sender gave it (or a neutral one), the format
/// it will be read as, and its decoded bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub name: String,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// The attachments of an email, in message order (issue 15: each becomes a child item of the
/// email). Signatures (`.p7s`, `.asc`) are attachments too: listed, and held as a format sarpack
/// does not read.
pub fn email_attachments(bytes: &[u8]) -> Result<Vec<Attachment>, String> {
    let message = mail_parser::MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| "not a readable email message".to_string())?;
    Ok(attachment_list(&message))
}

fn attachment_list(message: &mail_parser::Message<'_>) -> Vec<Attachment> {
    message
        .attachments()
        .enumerate()
        .map(|(index, part)| {
            let content_type = part
                .content_type()
                .map(|kind| {
                    format!("{}/{}", kind.ctype(), kind.subtype().unwrap_or_default())
                        .to_ascii_lowercase()
                })
                .unwrap_or_default();
            let name = part
                .attachment_name()
                .map(|name| name.trim().replace(['/', '\\', '\n', '\r'], " "))
                .filter(|name| !name.is_empty());
            let format = if part.is_message() {
                Format::Email
            } else {
                attachment_format(name.as_deref(), &content_type)
            };
            let name = name.unwrap_or_else(|| {
                let kind = if content_type.is_empty() {
                    "unknown type".to_string()
                } else {
                    content_type.clone()
                };
                format!("attachment {} ({kind})", index + 1)
            });
            Attachment {
                name,
                format,
                bytes: part.contents().to_vec(),
            }
        })
        .collect()
}

/// The format of an attachment: by its file name's extension, else by its MIME type.
pub(super) fn attachment_format(name: Option<&str>, content_type: &str) -> Format {
    match name.map(Format::from_extension) {
        Some(format) if format != Format::Other => format,
        _ => match content_type.trim() {
            "application/pdf" => Format::Pdf,
            "text/plain" | "text/csv" => Format::Text,
            "text/html" => Format::Html,
            "message/rfc822" => Format::Email,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                Format::Docx
            }
            "application/rtf" | "text/rtf" => Format::Rtf,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Format::Xlsx,
            "application/vnd.ms-outlook" => Format::Msg,
            kind if kind.to_ascii_lowercase().starts_with("image/") => Format::Image,
            _ => Format::Other,
        },
    }
}

fn format_address(address: &mail_parser::Addr<'_>) -> String {
    let name = address.name.as_deref().map(str::trim).unwrap_or("");
    let email = address.address.as_deref().map(str::trim).unwrap_or("");
    match (name.is_empty(), email.is_empty()) {
        (false, false) => format!("{name} <{email}>"),
        (false, true) => name.to_string(),
        _ => email.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// DOCX
// ---------------------------------------------------------------------------------------------

/// The compound-file signature: an encrypted Office document (the password wraps the zip in an
/// OLE container) or an old binary `.doc` renamed.
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// A Word file's text, refused when it shows pictures (see [`docx_document`]).
fn docx_text(bytes: &[u8]) -> Result<String, String> {
    let document = docx_document(bytes)?;
    if !document.pictures.is_empty() {
        return Err(format!(
            "the Word document holds {} picture(s) that are not carried into this reading of its text; a person must check them and the document",
            document.pictures.len()
        ));
    }
    Ok(document.text)
}

/// A Word file's text and the pictures it shows, each at its place. Drawings, charts, text-box
/// shapes, embedded objects and linked pictures, which are not pictures stored in the file,
/// are refused: they are not typeset, and the text alone would leave them out unsaid.
fn docx_document(bytes: &[u8]) -> Result<DocumentText, String> {
    if bytes.starts_with(OLE_SIGNATURE) {
        return Err(
            "the Word document is password-protected (encrypted) or in the old binary .doc format"
                .to_string(),
        );
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|error| format!("the Word document is damaged (not a readable zip: {error})"))?;
    if archive.len() > MAX_DOCX_ENTRIES {
        return Err(format!(
            "the Word document holds {} parts, more than the {MAX_DOCX_ENTRIES} sarpack accepts (damaged or hostile)",
            archive.len()
        ));
    }
    // A name that cannot be decoded cannot be a header or footer part; it is simply not read.
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    let mut budget = MAX_DOCX_TOTAL_BYTES;
    let mut read = |name: &str| read_part(&mut archive, name, &mut budget);

    let body = read("word/document.xml")?
        .ok_or_else(|| "not a Word document (it has no word/document.xml)".to_string())?;
    let mut sections: Vec<String> = Vec::new();
    let mut pictures = 0usize;
    let mut imported = 0usize;
    let mut deleted: Vec<String> = Vec::new();
    // Each part's relationships name the pictures its drawings show.
    let mut relationships: std::collections::HashMap<String, Relationships> = Default::default();
    for name in &names {
        if let Some(part) = relationships_of(name) {
            relationships.insert(
                part,
                parse_relationships(&read(name)?.unwrap_or_default(), name)?,
            );
        }
    }
    let none = Relationships::default();
    let mut text_of = |xml: &str, part: &str| -> Result<Vec<String>, String> {
        let rels = relationships.get(part).unwrap_or(&none);
        let read = read_part_text(xml, part, rels)?;
        pictures += read.pictures;
        imported += read.imported;
        push_unique(&mut deleted, read.deleted);
        Ok(read.paragraphs)
    };
    let headers = numbered_parts(&names, "word/header");
    let footers = numbered_parts(&names, "word/footer");

    let mut header_text = Vec::new();
    for name in &headers {
        if let Some(xml) = read(name)? {
            push_unique(&mut header_text, text_of(&xml, name)?);
        }
    }
    sections.extend(header_text);
    sections.extend(text_of(&body, "word/document.xml")?);
    for name in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = read(name)? {
            sections.extend(text_of(&xml, name)?);
        }
    }
    let mut footer_text = Vec::new();
    for name in &footers {
        if let Some(xml) = read(name)? {
            push_unique(&mut footer_text, text_of(&xml, name)?);
        }
    }
    sections.extend(footer_text);
    if let Some(xml) = read("word/comments.xml")? {
        let (comments, uncarried) = comments(&xml)?;
        let rels = relationships.get("word/comments.xml").unwrap_or(&none);
        let (comments, unresolved) = resolve_pictures(comments, rels);
        pictures += uncarried + unresolved;
        if !comments.is_empty() {
            sections.push("Comments".to_string());
            sections.extend(comments);
        }
    }
    if !deleted.is_empty() {
        // Text deleted with track changes on is still held in the file (ICO: the information
        // held when the request arrived), so it is carried, marked, and redacted like the rest.
        sections.push("Tracked deletions".to_string());
        sections.extend(deleted.into_iter().map(|text| format!("Deleted: {text}")));
    }
    if imported > 0 {
        return Err(format!(
            "the Word document imports {imported} part(s) from other files (`w:altChunk` or `w:subDoc`) that sarpack does not read; a person must check them and the document"
        ));
    }
    if pictures > 0 {
        // Drawings, charts and embedded objects are content too: they are not typeset, and
        // shipping the text alone would say "disclosed in full" of a record with something
        // left out (issue 15).
        return Err(format!(
            "the Word document holds {pictures} drawing(s), chart(s), shape(s), linked picture(s) or embedded object(s) that sarpack does not carry into the typeset record; a person must check them and the document"
        ));
    }
    // Pictures stored in the file stand in the text as marks naming their part; each becomes
    // one [`PICTURE_MARK`] and its bytes (a header's logo repeated in every header, once).
    let joined = sections.join("\n\n");
    let mut text = String::with_capacity(joined.len());
    let mut embedded = Vec::new();
    let mut parts = joined.split(PICTURE_MARK);
    text.push_str(parts.next().unwrap_or(""));
    while let (Some(entry), Some(after)) = (parts.next(), parts.next()) {
        let bytes = read_part_bytes(&mut archive, entry, &mut budget)?.ok_or_else(|| {
            format!("the Word document's picture `{entry}` is missing from the file (damaged)")
        })?;
        text.push(PICTURE_MARK);
        embedded.push(EmbeddedPicture {
            entry: Some(entry.to_string()),
            bytes,
        });
        text.push_str(after);
    }
    Ok(DocumentText {
        text,
        pictures: embedded,
    })
}

/// What a part's relationships point at, by id: a part in the file (`word/media/image1.png`), or
/// `None` for an external target (a linked picture, which the file does not hold).
#[derive(Debug, Default)]
struct Relationships {
    targets: std::collections::HashMap<String, Option<String>>,
}

/// The part `word/_rels/document.xml.rels` describes (`word/document.xml`).
fn relationships_of(name: &str) -> Option<String> {
    let (folder, file) = name.rsplit_once("_rels/")?;
    Some(format!("{folder}{}", file.strip_suffix(".rels")?))
}

fn parse_relationships(xml: &str, part: &str) -> Result<Relationships, String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut targets = std::collections::HashMap::new();
    // Targets are relative to the folder of the part the relationships belong to (`word/`).
    let folder = relationships_of(part)
        .and_then(|source| {
            source
                .rsplit_once('/')
                .map(|(folder, _)| format!("{folder}/"))
        })
        .unwrap_or_default();
    loop {
        let event = reader.read_event().map_err(|error| {
            format!("the Word document's part `{part}` is damaged XML ({error})")
        })?;
        match event {
            Event::Start(element) | Event::Empty(element)
                if element.local_name().as_ref() == b"Relationship" =>
            {
                let (mut id, mut target, mut external) = (None, None, false);
                for attribute in element.attributes().flatten() {
                    let value = attribute
                        .unescape_value()
                        .map(|value| value.into_owned())
                        .unwrap_or_default();
                    match attribute.key.local_name().as_ref() {
                        b"Id" => id = Some(value),
                        b"Target" => target = Some(value),
                        b"TargetMode" => external = value == "External",
                        _ => {}
                    }
                }
                if let (Some(id), Some(target)) = (id, target) {
                    let inside = (!external).then(|| resolve_target(&folder, &target));
                    targets.insert(id, inside);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Relationships { targets })
}

/// `media/image1.png` relative to `word/` is `word/media/image1.png`; `/word/media/x.png` is
/// from the package root; `..` steps up.
fn resolve_target(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None => format!("{folder}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// `word/header1.xml`, `word/header2.xml` ... in numeric order.
fn numbered_parts(names: &[String], prefix: &str) -> Vec<String> {
    let mut parts: Vec<(u32, String)> = names
        .iter()
        .filter_map(|name| {
            let number = name.strip_prefix(prefix)?.strip_suffix(".xml")?;
            let number = if number.is_empty() {
                0
            } else {
                number.parse().ok()?
            };
            Some((number, name.clone()))
        })
        .collect();
    parts.sort();
    parts.into_iter().map(|(_, name)| name).collect()
}

/// Adds paragraphs not already present: Word repeats the same header for first, even and odd
/// pages, and the reader needs it once.
fn push_unique(into: &mut Vec<String>, paragraphs: Vec<String>) {
    for paragraph in paragraphs {
        if !into.contains(&paragraph) {
            into.push(paragraph);
        }
    }
}

/// Reads one zip entry of a Word document as UTF-8 XML (see [`read_zip_part`]).
fn read_part(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<String>, String> {
    read_zip_part(archive, name, budget, "the Word document")
}

/// Reads one zip entry's bytes (a Word file's picture), bounded as [`read_zip_part`].
fn read_part_bytes(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<Option<Vec<u8>>, String> {
    read_zip_bytes(archive, name, budget, "the Word document")
}

/// Reads one zip entry of an Office file (`what`: "the Word document", "the workbook") as UTF-8
/// XML, never inflating more than the part cap or the remaining total budget. `Ok(None)` when
/// the entry does not exist.
pub(super) fn read_zip_part(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    what: &str,
) -> Result<Option<String>, String> {
    let Some(bytes) = read_zip_bytes(archive, name, budget, what)? else {
        return Ok(None);
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec())
        .map(Some)
        .map_err(|_| format!("{what}'s part `{name}` is not UTF-8 XML"))
}

/// The bytes of one zip entry, never inflating more than the part cap or the remaining total
/// budget. `Ok(None)` when the entry does not exist.
fn read_zip_bytes(
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    what: &str,
) -> Result<Option<Vec<u8>>, String> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(zip::result::ZipError::UnsupportedArchive(message)) => {
            return Err(format!(
                "{what} cannot be read ({message}); it may be password-protected"
            ));
        }
        Err(error) => return Err(format!("{what} is damaged (`{name}`: {error})")),
    };
    let cap = MAX_DOCX_PART_BYTES.min(*budget);
    let mut bytes = Vec::new();
    // The declared size is attacker-controlled; only the bytes actually inflated count.
    entry
        .take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| format!("{what} is damaged (`{name}`: {error})"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "{what}'s part `{name}` inflates to more than {} MiB (damaged, or a decompression bomb)",
            cap / (1024 * 1024)
        ));
    }
    *budget -= bytes.len() as u64;
    Ok(Some(bytes))
}

/// Where the walker is inside WordprocessingML.
#[derive(Default)]
struct Walker {
    /// Open paragraphs (text boxes nest a paragraph inside another's run).
    open: Vec<String>,
    /// Finished paragraphs of the current table cell, per open table.
    cells: Vec<Vec<String>>,
    /// Finished cells of the current row, per open table.
    rows: Vec<Vec<String>>,
    /// Whether the current row of each open table is a header row (`w:tblHeader`).
    header_rows: Vec<bool>,
    /// Depth inside content that is not part of the current record (tracked deletions,
    /// moved-from text, `mc:Fallback` duplicates of `mc:Choice`).
    hidden: usize,
    /// Inside `w:t` (or `w:delText`/`w:instrText`, which `hidden`/`in_text` keep out).
    in_text: bool,
    out: Vec<String>,
    /// Drawings, charts, shapes, linked pictures and embedded objects met (`w:drawing`,
    /// `w:pict`, `w:object` that are not a picture stored in the file): they are not carried
    /// into the typeset record, so the document goes to a person (issue 15).
    pictures: usize,
    /// Depth inside tracked deletions (`w:del`): not the current text, but still held in the
    /// file, so carried in a final "Tracked deletions" section, never silently left out.
    deleting: usize,
    /// Depth inside duplicates (`mc:Fallback`) and moved-from text (shown at its new place).
    duplicate: usize,
    /// Inside a `w:delText` to carry.
    in_deleted_text: bool,
    /// The current paragraph's deleted text, and the paragraph's length when a deletion last
    /// ended (deletions next to each other join; others are separated by " … ").
    deleted_piece: String,
    deleted_at: usize,
    deleted: Vec<String>,
    /// Content imported from other parts or files (`w:altChunk`, `w:subDoc`), not read here.
    imported: usize,
    /// Open `w:drawing`, `w:pict` and `w:object` elements.
    drawings: Vec<Drawing>,
    /// An open legacy form field (`w:ffData`): a check box or a drop-down whose value is in
    /// attributes, not in the text (issue 15 point 4: never dropped silently).
    field: Option<LegacyField>,
}

/// The trimmed value of an element's attribute, by local name (`w:val`, `r:embed`).
fn attribute_value(element: &quick_xml::events::BytesStart<'_>, name: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == name)
        .and_then(|attribute| attribute.unescape_value().ok())
        .map(|value| value.trim().to_string())
}

/// A legacy form field's value as its attributes give it.
#[derive(Default)]
struct LegacyField {
    check_box: bool,
    default_checked: bool,
    checked: Option<bool>,
    entries: Vec<String>,
    result: Option<usize>,
    default_entry: Option<usize>,
}

impl LegacyField {
    /// What the field shows: a ticked or empty box, or the chosen entry of a drop-down.
    fn shown(&self) -> Option<String> {
        if self.check_box {
            let on = self.checked.unwrap_or(self.default_checked);
            return Some(if on { "[X]" } else { "[ ]" }.to_string());
        }
        let index = self.result.or(self.default_entry).unwrap_or(0);
        self.entries.get(index).cloned()
    }
}

/// A `w:sym` character: symbol fonts keep their glyphs at U+F000 + code, and the few a record
/// uses for meaning (ticks, crosses, boxes in Wingdings) are given as text; any other is shown
/// as a visible placeholder rather than left out.
fn symbol_text(font: &str, code: &str) -> String {
    let value = u32::from_str_radix(code.trim(), 16).unwrap_or(0);
    let low = if (0xF000..=0xF0FF).contains(&value) {
        value - 0xF000
    } else {
        value
    };
    let font = font.to_ascii_lowercase();
    if font.starts_with("wingdings") {
        let mapped = match low {
            0xFC => Some('\u{2713}'),
            0xFB => Some('\u{2717}'),
            0xA8 | 0x6F => Some('\u{2610}'),
            0xFD => Some('\u{2612}'),
            0xFE => Some('\u{2611}'),
            _ => None,
        };
        return mapped.map_or_else(|| "[symbol]".to_string(), String::from);
    }
    // A symbol font's own code (U+F0xx) means a picture-like glyph only that font draws.
    if font == "symbol" || value != low {
        return "[symbol]".to_string();
    }
    char::from_u32(value)
        .filter(|c| !c.is_control())
        .map_or_else(|| "[symbol]".to_string(), String::from)
}

/// What a drawing element shows: the relationship ids of the pictures stored in the file it
/// draws, and whether it draws anything else (a chart, a shape, a linked picture, an object).
#[derive(Default)]
struct Drawing {
    images: Vec<String>,
    other: bool,
}

impl Walker {
    fn text(&mut self, text: &str) {
        // The table marks (`model::TABLE_CELL` ...) must mean only what the reader put there.
        let cleaned;
        let text = if text.contains(['\u{1d}', '\u{1e}', '\u{1f}']) {
            cleaned = text.replace(['\u{1d}', '\u{1e}', '\u{1f}'], "");
            cleaned.as_str()
        } else {
            text
        };
        if self.in_deleted_text {
            self.deleted_piece
                .extend(text.chars().filter(|&c| c != PICTURE_MARK));
            return;
        }
        if self.hidden == 0
            && self.in_text
            && let Some(paragraph) = self.open.last_mut()
        {
            // The mark is sarpack's own: a document's text cannot fake a picture's place.
            paragraph.extend(text.chars().filter(|&c| c != PICTURE_MARK));
        }
    }

    /// The attributes of a picture's parts inside a drawing: `a:blip r:embed` (a DrawingML
    /// picture), `v:imagedata r:id` (a VML one), `a:graphicData uri` (what the drawing is).
    fn picture_part(&mut self, local: &[u8], element: &quick_xml::events::BytesStart<'_>) {
        if self.hidden > 0 {
            return;
        }
        let Some(drawing) = self.drawings.last_mut() else {
            return;
        };
        let attribute = |name: &[u8]| attribute_value(element, name);
        match local {
            b"blip" => match attribute(b"embed") {
                Some(id) if !id.is_empty() => drawing.images.push(id),
                _ => drawing.other = true,
            },
            b"imagedata" => match attribute(b"id") {
                Some(id) if !id.is_empty() => drawing.images.push(id),
                _ => drawing.other = true,
            },
            b"graphicData" => {
                let uri = attribute(b"uri").unwrap_or_default();
                if !uri.ends_with("/drawingml/2006/picture") {
                    drawing.other = true;
                }
            }
            _ => {}
        }
    }

    /// Legacy form fields and symbols, whose value is in attributes (`w:ffData`, `w:sym`).
    fn attributed(
        &mut self,
        local: &[u8],
        element: &quick_xml::events::BytesStart<'_>,
        empty: bool,
    ) {
        if self.hidden > 0 {
            return;
        }
        let attribute = |name: &[u8]| attribute_value(element, name);
        let on = |value: Option<String>| {
            value.is_none_or(|value| matches!(value.as_str(), "1" | "true" | "on"))
        };
        match local {
            b"sym" => {
                let text = symbol_text(
                    &attribute(b"font").unwrap_or_default(),
                    &attribute(b"char").unwrap_or_default(),
                );
                if let Some(paragraph) = self.open.last_mut() {
                    paragraph.push_str(&text);
                }
            }
            b"ffData" if !empty => self.field = Some(LegacyField::default()),
            _ => {
                let Some(field) = self.field.as_mut() else {
                    return;
                };
                match local {
                    b"checkBox" => field.check_box = true,
                    b"default" if field.check_box => {
                        field.default_checked = on(attribute(b"val"));
                    }
                    b"default" => {
                        field.default_entry =
                            attribute(b"val").and_then(|value| value.parse().ok());
                    }
                    b"checked" => field.checked = Some(on(attribute(b"val"))),
                    b"listEntry" => field.entries.push(attribute(b"val").unwrap_or_default()),
                    b"result" => {
                        field.result = attribute(b"val").and_then(|value| value.parse().ok());
                    }
                    _ => {}
                }
            }
        }
    }

    fn start(&mut self, local: &[u8]) {
        match local {
            b"del" => {
                self.hidden += 1;
                self.deleting += 1;
                let here = self.open.last().map_or(0, String::len);
                if self.deleting == 1 && !self.deleted_piece.is_empty() && here != self.deleted_at {
                    self.deleted_piece.push_str(" … ");
                }
            }
            b"moveFrom" | b"Fallback" => {
                self.hidden += 1;
                self.duplicate += 1;
            }
            b"delText" => self.in_deleted_text = self.duplicate == 0,
            _ if self.hidden > 0 => {}
            b"altChunk" | b"subDoc" => self.imported += 1,
            b"p" => self.open.push(String::new()),
            b"t" => self.in_text = true,
            b"drawing" | b"pict" | b"object" => self.drawings.push(Drawing {
                images: Vec::new(),
                other: local == b"object",
            }),
            b"tbl" => {
                self.cells.push(Vec::new());
                self.rows.push(Vec::new());
                self.header_rows.push(false);
            }
            _ => {}
        }
    }

    fn empty(&mut self, local: &[u8]) {
        if self.hidden > 0 {
            return;
        }
        if matches!(local, b"altChunk" | b"subDoc") {
            self.imported += 1;
            return;
        }
        if local == b"tblHeader" {
            if let Some(header) = self.header_rows.last_mut() {
                *header = true;
            }
            return;
        }
        let character = match local {
            b"tab" | b"ptab" => '\t',
            b"br" | b"cr" => '\n',
            b"noBreakHyphen" => '-',
            _ => return,
        };
        if let Some(paragraph) = self.open.last_mut() {
            paragraph.push(character);
        }
    }

    fn end(&mut self, local: &[u8]) {
        match local {
            b"del" => {
                self.hidden = self.hidden.saturating_sub(1);
                self.deleting = self.deleting.saturating_sub(1);
                self.deleted_at = self.open.last().map_or(0, String::len);
            }
            b"moveFrom" | b"Fallback" => {
                self.hidden = self.hidden.saturating_sub(1);
                self.duplicate = self.duplicate.saturating_sub(1);
            }
            b"delText" => self.in_deleted_text = false,
            _ if self.hidden > 0 => {}
            b"t" => self.in_text = false,
            b"ffData" => {
                let shown = self.field.take().and_then(|field| field.shown());
                if let (Some(shown), Some(paragraph)) = (shown, self.open.last_mut()) {
                    if !paragraph.is_empty() && !paragraph.ends_with(' ') {
                        paragraph.push(' ');
                    }
                    paragraph.push_str(&shown);
                    paragraph.push(' ');
                }
            }
            b"drawing" | b"pict" | b"object" => {
                let Some(drawing) = self.drawings.pop() else {
                    return;
                };
                if drawing.other || drawing.images.is_empty() {
                    self.pictures += 1;
                    return;
                }
                // Each picture's place: the mark, its relationship id, the mark (the part
                // reader puts the picture's part name in place of the id).
                let marks: String = drawing
                    .images
                    .iter()
                    .map(|id| format!("{PICTURE_MARK}{id}{PICTURE_MARK}"))
                    .collect();
                match self.open.last_mut() {
                    Some(paragraph) => paragraph.push_str(&marks),
                    None => self.out.push(marks),
                }
            }
            b"p" => {
                self.flush_deleted();
                let Some(paragraph) = self.open.pop() else {
                    return;
                };
                let paragraph = paragraph.trim().to_string();
                if paragraph.is_empty() {
                    return;
                }
                match self.cells.last_mut() {
                    Some(cell) if self.open.is_empty() => cell.push(paragraph),
                    _ => self.out.push(paragraph),
                }
            }
            b"tc" => {
                if let (Some(cell), Some(row)) = (self.cells.last_mut(), self.rows.last_mut()) {
                    row.push(std::mem::take(cell).join(" "));
                }
            }
            b"tr" => {
                let header = self
                    .header_rows
                    .last_mut()
                    .map(std::mem::take)
                    .unwrap_or(false);
                if let Some(row) = self.rows.last_mut() {
                    let cells = std::mem::take(row);
                    if cells.iter().all(|cell| cell.trim().is_empty()) {
                        return;
                    }
                    // A top-level row is marked so it can be typeset as a table row; a nested
                    // table's rows stay plain text inside their outer cell.
                    let line = if self.rows.len() >= 2 {
                        cells.join(" | ")
                    } else {
                        let mark = if header {
                            crate::model::TABLE_HEADER_ROW
                        } else {
                            crate::model::TABLE_ROW
                        };
                        let separator = format!("{} | ", crate::model::TABLE_CELL);
                        format!("{mark}{}", cells.join(&separator))
                    };
                    self.emit(line);
                }
            }
            b"tbl" => {
                self.cells.pop();
                self.rows.pop();
                self.header_rows.pop();
            }
            _ => {}
        }
    }

    /// Ends the current paragraph's deleted text, if any.
    fn flush_deleted(&mut self) {
        let piece = std::mem::take(&mut self.deleted_piece);
        let piece = piece.trim();
        if !piece.is_empty() {
            self.deleted.push(piece.to_string());
        }
    }

    /// A finished table row: a paragraph of its own, or (in a nested table) part of the outer cell.
    fn emit(&mut self, line: String) {
        let depth = self.cells.len();
        if depth >= 2 {
            self.cells[depth - 2].push(line);
        } else {
            self.out.push(line);
        }
    }
}

/// The paragraphs of a WordprocessingML part: each `w:p` one paragraph, each table row one
/// paragraph with cells separated by ` | `.
#[cfg(test)]
fn paragraphs(xml: &str, part: &str) -> Result<Vec<String>, String> {
    Ok(read_part_text(xml, part, &Relationships::default())?.paragraphs)
}

/// What a part holds: its paragraphs (each picture stored in the file marked at its place:
/// `PICTURE_MARK`, its part name, `PICTURE_MARK`), and what the typeset record does not carry
/// as text.
struct PartText {
    paragraphs: Vec<String>,
    /// Drawings, linked pictures and objects that are not carried.
    pictures: usize,
    /// Tracked deletions, one per paragraph that has them.
    deleted: Vec<String>,
    imported: usize,
}

/// The paragraphs of a part, its tracked deletions and the pictures and imports in it.
fn read_part_text(
    xml: &str,
    part: &str,
    relationships: &Relationships,
) -> Result<PartText, String> {
    let mut walker = Walker::default();
    walk(xml, part, &mut walker, |_, _| {})?;
    walker.flush_deleted();
    let (paragraphs, uncarried) = resolve_pictures(walker.out, relationships);
    Ok(PartText {
        paragraphs,
        pictures: walker.pictures + uncarried,
        deleted: walker.deleted,
        imported: walker.imported,
    })
}

/// Puts each picture's part name in place of its relationship id; counts the pictures that are
/// not in the file (linked, or a relationship that does not exist), which are taken out.
fn resolve_pictures(out: Vec<String>, relationships: &Relationships) -> (Vec<String>, usize) {
    let mut uncarried = 0;
    let mut paragraphs = Vec::with_capacity(out.len());
    for paragraph in out {
        if !paragraph.contains(PICTURE_MARK) {
            paragraphs.push(paragraph);
            continue;
        }
        let mut resolved = String::with_capacity(paragraph.len());
        let mut pieces = paragraph.split(PICTURE_MARK);
        resolved.push_str(pieces.next().unwrap_or(""));
        while let (Some(id), Some(after)) = (pieces.next(), pieces.next()) {
            match relationships.targets.get(id) {
                Some(Some(target)) => {
                    resolved.push(PICTURE_MARK);
                    resolved.push_str(target);
                    resolved.push(PICTURE_MARK);
                }
                // Linked (outside the file) or not there at all: not carried.
                _ => uncarried += 1,
            }
            resolved.push_str(after);
        }
        if !resolved.trim().is_empty() {
            paragraphs.push(resolved);
        }
    }
    (paragraphs, uncarried)
}

/// Reviewers' comments, each `Comment by <author>: <text>`, and the number of drawings in them
/// that are not carried.
fn comments(xml: &str) -> Result<(Vec<String>, usize), String> {
    let mut walker = Walker::default();
    let mut authors: Vec<(usize, String)> = Vec::new();
    walk(xml, "word/comments.xml", &mut walker, |walker, author| {
        authors.push((walker.out.len(), author));
    })?;
    // Each comment starts where its author was seen; its paragraphs run to the next comment.
    let mut comments = Vec::new();
    for (index, (start, author)) in authors.iter().enumerate() {
        let end = authors
            .get(index + 1)
            .map(|(next, _)| *next)
            .unwrap_or(walker.out.len());
        let text = walker.out[*start..end].join(" ");
        if text.trim().is_empty() {
            continue;
        }
        if author.is_empty() {
            comments.push(format!("Comment: {text}"));
        } else {
            comments.push(format!("Comment by {author}: {text}"));
        }
    }
    Ok((comments, walker.pictures))
}

/// The text of an entity or character reference (`&amp;`, `&#x41;`); an unknown entity is an
/// error, since its text cannot be known.
pub(super) fn entity_text(reference: &quick_xml::events::BytesRef<'_>) -> Result<String, String> {
    match reference.resolve_char_ref() {
        Ok(Some(character)) => Ok(character.to_string()),
        Ok(None) => match &**reference {
            b"amp" => Ok("&".to_string()),
            b"lt" => Ok("<".to_string()),
            b"gt" => Ok(">".to_string()),
            b"apos" => Ok("'".to_string()),
            b"quot" => Ok("\"".to_string()),
            other => Err(format!(
                "unknown entity `&{};`",
                String::from_utf8_lossy(other)
            )),
        },
        Err(error) => Err(error.to_string()),
    }
}

/// Streams the XML through the walker; `on_comment` is called at each `w:comment` with its author.
fn walk(
    xml: &str,
    part: &str,
    walker: &mut Walker,
    mut on_comment: impl FnMut(&Walker, String),
) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let damaged = |error: &dyn std::fmt::Display| {
        format!("the Word document's part `{part}` is damaged XML ({error})")
    };
    loop {
        let event = reader.read_event().map_err(|error| damaged(&error))?;
        match event {
            Event::Start(element) => {
                let local = element.local_name();
                if local.as_ref() == b"comment" {
                    let author = attribute_value(&element, b"author").unwrap_or_default();
                    on_comment(walker, author);
                }
                walker.picture_part(local.as_ref(), &element);
                walker.attributed(local.as_ref(), &element, false);
                walker.start(local.as_ref());
            }
            Event::Empty(element) => {
                walker.picture_part(element.local_name().as_ref(), &element);
                walker.attributed(element.local_name().as_ref(), &element, true);
                walker.empty(element.local_name().as_ref());
            }
            Event::End(element) => walker.end(element.local_name().as_ref()),
            Event::Text(text) => {
                let text = text.decode().map_err(|error| damaged(&error))?;
                walker.text(&text);
            }
            Event::CData(text) => {
                let text = text.decode().map_err(|error| damaged(&error))?;
                walker.text(&text);
            }
            Event::GeneralRef(reference) => {
                let resolved = entity_text(&reference).map_err(|error| damaged(&error))?;
                walker.text(&resolved);
            }
            Event::Eof => {
                // A part cut short (a truncated file) would otherwise lose its open paragraph.
                if !walker.open.is_empty() || !walker.rows.is_empty() {
                    return Err(damaged(&"it ends before its paragraphs close: truncated"));
                }
                break;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(inner: &str) -> String {
        format!(r#"<w:document {W}><w:body>{inner}</w:body></w:document>"#)
    }

    #[test]
    fn paragraphs_tables_deletions_insertions_entities() {
        let xml = body(concat!(
            "<w:p><w:r><w:t>Seen </w:t></w:r><w:r><w:t xml:space=\"preserve\">Jade &amp; Helen</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>Kept</w:t></w:r><w:del><w:r><w:delText>Deleted Name</w:delText></w:r></w:del>",
            "<w:ins><w:r><w:t> added</w:t></w:r></w:ins><w:r><w:tab/><w:t>&#x41;</w:t></w:r></w:p>",
            "<w:p></w:p>",
            "<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>Name</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Role&#x1f;</w:t></w:r></w:p></w:tc></w:tr>",
            "<w:tr><w:tc><w:p><w:r><w:t>Sharon</w:t></w:r></w:p><w:p><w:r><w:t>Carter</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Mother</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:p><w:r><w:instrText>PAGE</w:instrText><w:t>After</w:t></w:r></w:p>",
        ));
        assert_eq!(
            paragraphs(&xml, "x").unwrap(),
            [
                "Seen Jade & Helen",
                "Kept added\tA",
                "\u{1d}Name\u{1f} | Role",
                "\u{1e}Sharon Carter\u{1f} | Mother",
                "After"
            ]
        );
    }

    #[test]
    fn legacy_check_boxes_drop_downs_and_symbols_are_carried() {
        let xml = body(concat!(
            "<w:p><w:r><w:t>Attended:</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Check1\"/>",
            "<w:checkBox><w:sizeAuto/><w:default w:val=\"0\"/><w:checked/></w:checkBox></w:ffData></w:fldChar></w:r>",
            "<w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            "<w:r><w:t>Refused:</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:checkBox><w:default w:val=\"1\"/>",
            "<w:checked w:val=\"0\"/></w:checkBox></w:ffData></w:fldChar></w:r></w:p>",
            "<w:p><w:r><w:t>Placement:</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:ddList><w:result w:val=\"1\"/>",
            "<w:listEntry w:val=\"Foster care\"/><w:listEntry w:val=\"Kinship care\"/></w:ddList></w:ffData></w:fldChar></w:r></w:p>",
            "<w:p><w:r><w:t>Seen</w:t></w:r><w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r><w:r><w:sym w:font=\"Webdings\" w:char=\"F021\"/></w:r></w:p>",
        ));
        assert_eq!(
            paragraphs(&xml, "x").unwrap(),
            [
                "Attended: [X] Refused: [ ]",
                "Placement: Kinship care",
                "Seen\u{2713}[symbol]",
            ]
        );
    }

    #[test]
    fn tracked_deletions_are_kept_apart_and_imports_counted() {
        let xml = body(concat!(
            "<w:p><w:r><w:t>Kept </w:t></w:r><w:del><w:r><w:delText>Darren </w:delText></w:r></w:del>",
            "<w:del><w:r><w:delText>Pike</w:delText></w:r></w:del><w:r><w:t>stays.</w:t></w:r>",
            "<w:del><w:r><w:delText>Later words</w:delText></w:r></w:del></w:p>",
            "<w:p><w:del><w:r><w:delText>A whole paragraph deleted</w:delText></w:r></w:del></w:p>",
            "<w:p><w:moveFrom><w:r><w:t>Moved</w:t></w:r></w:moveFrom><w:altChunk r:id=\"x\"/></w:p>",
        ));
        let read = read_part_text(&xml, "word/document.xml", &Relationships::default()).unwrap();
        assert_eq!(read.paragraphs, ["Kept stays."]);
        assert_eq!(
            read.deleted,
            ["Darren Pike … Later words", "A whole paragraph deleted"]
        );
        assert_eq!(read.imported, 1);
    }

    #[test]
    fn fallback_duplicates_and_moved_from_text_are_left_out() {
        let xml = body(concat!(
            "<w:p><w:r><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Choice>",
            "<mc:Fallback><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>",
            "<w:r><w:t>Outer</w:t></w:r></w:p>",
            "<w:p><w:moveFrom><w:r><w:t>Old place</w:t></w:r></w:moveFrom><w:moveTo><w:r><w:t>New place</w:t></w:r></w:moveTo></w:p>",
        ));
        assert_eq!(
            paragraphs(&xml, "x").unwrap(),
            ["Box", "Outer", "New place"]
        );
    }

    #[test]
    fn pictures_stored_in_the_file_are_marked_at_their_place_and_others_are_counted() {
        let rels = parse_relationships(
            r#"<Relationships><Relationship Id="rId5" Target="media/image1.png"/><Relationship Id="rId6" Target="http://example.com/a.png" TargetMode="External"/><Relationship Id="rId7" Target="../word/media/image2.jpeg"/></Relationships>"#,
            "word/_rels/document.xml.rels",
        )
        .unwrap();
        let picture = |id: &str| {
            format!(
                r#"<w:drawing><wp:inline><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill><a:blip r:embed="{id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"#
            )
        };
        let xml = body(&format!(
            "<w:p><w:r><w:t>Before \u{FFFC}</w:t></w:r><w:r>{}</w:r><w:r><w:t>after</w:t></w:r></w:p>\
             <w:p><w:r>{}</w:r></w:p>\
             <w:p><w:r>{}</w:r></w:p>\
             <w:p><w:r><w:drawing><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"/></w:drawing></w:r></w:p>\
             <w:p><w:r><w:pict><v:shape><v:imagedata r:id=\"rId7\"/></v:shape></w:pict></w:r></w:p>",
            picture("rId5"),
            picture("rId6"),
            picture("rId9"),
        ));
        let read = read_part_text(&xml, "word/document.xml", &rels).unwrap();
        assert_eq!(
            read.paragraphs,
            [
                "Before \u{FFFC}word/media/image1.png\u{FFFC}after",
                "\u{FFFC}word/media/image2.jpeg\u{FFFC}"
            ],
            "a mark typed in the text is dropped; pictures stand where they are"
        );
        assert_eq!(read.pictures, 3, "the linked, the missing and the chart");
        assert_eq!(
            relationships_of("word/_rels/header1.xml.rels").as_deref(),
            Some("word/header1.xml")
        );
        assert_eq!(resolve_target("word/", "/media/x.png"), "media/x.png");
    }

    #[test]
    fn comments_carry_their_author() {
        let xml = format!(
            r#"<w:comments {W}><w:comment w:id="0" w:author="Rachel Osei"><w:p><w:r><w:t>Check funding.</w:t></w:r></w:p></w:comment><w:comment w:id="1"><w:p><w:r><w:t>Second</w:t></w:r></w:p></w:comment></w:comments>"#
        );
        assert_eq!(
            comments(&xml).unwrap().0,
            ["Comment by Rachel Osei: Check funding.", "Comment: Second"]
        );
    }

    #[test]
    fn damaged_xml_and_unknown_entities_are_errors() {
        assert!(
            paragraphs("<w:p><w:t>open", "x")
                .unwrap_err()
                .contains("truncated")
        );
        assert!(paragraphs(&body("<w:p><w:t>&bogus;</w:t></w:p>"), "x").is_err());
        assert!(paragraphs("<a></b>", "x").is_err());
    }

    #[test]
    fn plain_text_encodings() {
        assert_eq!(plain_text(b"\xEF\xBB\xBFa\r\nb").unwrap(), "a\nb");
        assert_eq!(plain_text(b"Siobh\xe1n").unwrap(), "Siobhán");
        assert_eq!(plain_text(b"\xFF\xFEh\0i\0").unwrap(), "hi");
        assert!(plain_text(b"PK\x03\x04\0\0binary").is_err());
    }

    #[test]
    fn other_formats_are_refused_with_a_reason() {
        assert!(read_document_text(b"%PDF-1.7", Format::Pdf).is_err());
        assert_eq!(
            read_document_text(
                b"<html><head><style>p{}</style><script>x()</script></head><body><p>Jade Carter &amp; Sharon</p></body></html>",
                Format::Html
            )
            .unwrap(),
            "Jade Carter & Sharon"
        );
        assert!(
            read_document_text(b"<p>Family</p><IMG src=genogram.png>", Format::Html)
                .unwrap_err()
                .contains("1 picture(s)")
        );
        assert!(read_document_text(b"\xFF\xD8\xFF", Format::Other).is_err());
        assert!(
            read_document_text(OLE_SIGNATURE, Format::Docx)
                .unwrap_err()
                .contains("password-protected")
        );
        assert!(
            read_document_text(b"not a zip", Format::Docx)
                .unwrap_err()
                .contains("damaged")
        );
    }
}
