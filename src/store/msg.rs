//! Outlook messages (`.msg`, issue 15 point 5): the same text an email (`.eml`) gives — sender,
//! recipients, date, subject, body, and a line per attachment — and the attachments themselves,
//! each of which becomes a child item of the message like an email's.
//!
//! A `.msg` is a Compound File Binary container (MS-CFB) holding MAPI properties as streams
//! (MS-OXMSG). The container is read with the `cfb` crate (well kept, small, and made for the
//! job); the few properties needed are read here rather than through `msg_parser`, which carries
//! its own container parser and reads far more than sarpack shows. Only the properties listed
//! below enter the text, so nothing else in the file (transport headers, Exchange addresses) can
//! reach the pack. A body kept only as compressed RTF is decompressed (MS-OXRTFCP) and read by
//! the RTF reader. A message whose content cannot be read soundly is refused with the reason, so
//! it is held for a person.

use std::io::{Cursor, Read, Write};

use super::text::Attachment;
use crate::model::Format;

/// Largest single property stream read (a body or an attachment's data).
const MAX_STREAM_BYTES: u64 = 256 * 1024 * 1024;
/// Most recipients or attachments read from one message.
const MAX_CHILDREN: usize = 10_000;

// MAPI property ids (MS-OXPROPS).
const MESSAGE_CLASS: u16 = 0x001A;
const SUBJECT: u16 = 0x0037;
const SENT_REPRESENTING_NAME: u16 = 0x0042;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_EMAIL: u16 = 0x0C1F;
const SENDER_SMTP: u16 = 0x5D01;
const CLIENT_SUBMIT_TIME: u16 = 0x0039;
const DELIVERY_TIME: u16 = 0x0E06;
const DISPLAY_TO: u16 = 0x0E04;
const DISPLAY_CC: u16 = 0x0E03;
const DISPLAY_BCC: u16 = 0x0E02;
const BODY: u16 = 0x1000;
const RTF_COMPRESSED: u16 = 0x1009;
const HTML: u16 = 0x1013;
const DISPLAY_NAME: u16 = 0x3001;
const EMAIL_ADDRESS: u16 = 0x3003;
const SMTP_ADDRESS: u16 = 0x39FE;
const RECIPIENT_TYPE: u16 = 0x0C15;
const ATTACH_DATA: u16 = 0x3701;
const ATTACH_FILENAME: u16 = 0x3704;
const ATTACH_METHOD: u16 = 0x3705;
const ATTACH_LONG_FILENAME: u16 = 0x3707;
const ATTACH_MIME_TAG: u16 = 0x370E;
const MESSAGE_CODEPAGE: u16 = 0x3FFD;

// Property types.
const PT_UNICODE: u16 = 0x001F;
const PT_STRING8: u16 = 0x001E;
const PT_BINARY: u16 = 0x0102;
const PT_OBJECT: u16 = 0x000D;
const PT_LONG: u16 = 0x0003;
const PT_SYSTIME: u16 = 0x0040;

/// `PR_ATTACH_METHOD` of an attached message.
const ATTACH_EMBEDDED_MSG: u32 = 5;

type File<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// The message's text: headers, body and a line per attachment, paragraphs separated by a blank
/// line. The error is a plain-English reason fit for the schedule.
pub fn msg_text(bytes: &[u8]) -> Result<String, String> {
    let mut file = open(bytes)?;
    let message = Message::read(&mut file, "/")?;
    let mut paragraphs = Vec::new();
    let mut headers = Vec::new();
    if let Some(from) = message.from {
        headers.push(format!("From: {from}"));
    }
    for (label, list) in [
        ("To", &message.to),
        ("Cc", &message.cc),
        ("Bcc", &message.bcc),
    ] {
        if !list.is_empty() {
            headers.push(format!("{label}: {}", list.join(", ")));
        }
    }
    if let Some(date) = message.date {
        headers.push(format!("Date: {date}"));
    }
    if let Some(subject) = message.subject {
        headers.push(format!("Subject: {subject}"));
    }
    if !headers.is_empty() {
        paragraphs.push(headers.join("\n"));
    }
    if !message.body.trim().is_empty() {
        paragraphs.push(message.body.trim().to_string());
    }
    let names = attachment_names(&mut file, "/")?;
    if !names.is_empty() {
        let lines: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(index, (name, _))| {
                format!(
                    "{} {}: {name} (listed separately in the schedule)",
                    super::text::ATTACHMENT_LINE,
                    index + 1
                )
            })
            .collect();
        paragraphs.push(lines.join("\n"));
    }
    if paragraphs.is_empty() {
        return Err("the Outlook message has no headers and no text".to_string());
    }
    Ok(paragraphs.join("\n\n"))
}

/// The attachments of a message, in the message's order. An attached Outlook message becomes a
/// `.msg` of its own (its storage copied into a new compound file), read like any other.
pub fn msg_attachments(bytes: &[u8]) -> Result<Vec<Attachment>, String> {
    let mut file = open(bytes)?;
    let storages = attachment_storages(&file, "/")?;
    let mut out = Vec::new();
    for (index, storage) in storages.iter().enumerate() {
        let (name, format) = attachment_name(&mut file, storage, index + 1)?;
        let method = long_property(&mut file, storage, ATTACH_METHOD)?.unwrap_or(1);
        let data_storage = format!("{storage}/{}", stream_name(ATTACH_DATA, PT_OBJECT));
        let bytes = if method == ATTACH_EMBEDDED_MSG && file.is_storage(&data_storage) {
            copy_message(&mut file, &data_storage)?
        } else {
            binary_property(&mut file, storage, ATTACH_DATA)?.unwrap_or_default()
        };
        out.push(Attachment {
            name,
            format,
            bytes,
        });
    }
    Ok(out)
}

fn open(bytes: &[u8]) -> Result<File<'_>, String> {
    cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|error| {
        format!("the Outlook message is damaged (not a readable compound file: {error})")
    })
}

/// What the text shows of a message.
struct Message {
    from: Option<String>,
    to: Vec<String>,
    cc: Vec<String>,
    bcc: Vec<String>,
    date: Option<String>,
    subject: Option<String>,
    body: String,
}

impl Message {
    fn read(file: &mut File<'_>, root: &str) -> Result<Message, String> {
        let page = long_property(file, root, MESSAGE_CODEPAGE)?
            .and_then(|page| u16::try_from(page).ok())
            .unwrap_or(1252);
        let text = |file: &mut File<'_>, id: u16| string_property(file, root, id, page);
        // A contact, appointment, task or report keeps its content in properties an email does
        // not have: read as an email, it would ship with them left out.
        if let Some(class) = text(file, MESSAGE_CLASS)?
            && !class.trim().to_ascii_lowercase().starts_with("ipm.note")
            && !class.trim().is_empty()
        {
            return Err(format!(
                "an Outlook item of class `{}`, not an email: sarpack reads only emails from Outlook files; a person must review it",
                class.trim()
            ));
        }
        let subject = text(file, SUBJECT)?.filter(|value| !value.trim().is_empty());
        let name = match text(file, SENDER_NAME)? {
            Some(name) if !name.trim().is_empty() => Some(name),
            _ => text(file, SENT_REPRESENTING_NAME)?,
        };
        let address = match text(file, SENDER_SMTP)? {
            Some(address) if address.contains('@') => Some(address),
            _ => text(file, SENDER_EMAIL)?.filter(|address| address.contains('@')),
        };
        let from = person(name.as_deref(), address.as_deref());
        let (mut to, mut cc, mut bcc) = (Vec::new(), Vec::new(), Vec::new());
        for storage in recipient_storages(file, root)? {
            let name = string_property(file, &storage, DISPLAY_NAME, page)?;
            let address = match string_property(file, &storage, SMTP_ADDRESS, page)? {
                Some(address) if address.contains('@') => Some(address),
                _ => string_property(file, &storage, EMAIL_ADDRESS, page)?
                    .filter(|address| address.contains('@')),
            };
            let Some(shown) = person(name.as_deref(), address.as_deref()) else {
                continue;
            };
            match long_property(file, &storage, RECIPIENT_TYPE)? {
                Some(2) => cc.push(shown),
                Some(3) => bcc.push(shown),
                _ => to.push(shown),
            }
        }
        // A message saved without recipient storages still shows its display lists.
        for (list, id) in [
            (&mut to, DISPLAY_TO),
            (&mut cc, DISPLAY_CC),
            (&mut bcc, DISPLAY_BCC),
        ] {
            if list.is_empty()
                && let Some(shown) = text(file, id)?.filter(|value| !value.trim().is_empty())
            {
                list.push(shown.trim().to_string());
            }
        }
        let date = match time_property(file, root, CLIENT_SUBMIT_TIME)? {
            Some(time) => Some(time),
            None => time_property(file, root, DELIVERY_TIME)?,
        };
        let body = match text(file, BODY)? {
            Some(body) if !body.trim().is_empty() => body,
            _ => match html_body(file, root, page)? {
                Some(html) => mail_parser::decoders::html::html_to_text(&html),
                // Outlook keeps some bodies only as compressed RTF (MS-OXRTFCP).
                None => match binary_property(file, root, RTF_COMPRESSED)? {
                    Some(compressed) => super::rtf::rtf_text(&decompress_rtf(&compressed)?)
                        .map_err(|reason| format!("the Outlook message's body: {reason}"))?,
                    None => String::new(),
                },
            },
        };
        Ok(Message {
            from,
            to,
            cc,
            bcc,
            date,
            subject: subject.map(|subject| subject.trim().to_string()),
            body: body.replace("\r\n", "\n").replace('\r', "\n"),
        })
    }
}

fn person(name: Option<&str>, address: Option<&str>) -> Option<String> {
    let name = name.map(str::trim).filter(|name| !name.is_empty());
    let address = address.map(str::trim).filter(|address| !address.is_empty());
    match (name, address) {
        (Some(name), Some(address)) if name != address => Some(format!("{name} <{address}>")),
        (Some(name), _) => Some(name.to_string()),
        (None, Some(address)) => Some(address.to_string()),
        (None, None) => None,
    }
}

/// `__substg1.0_XXXXYYYY`: the stream of property `id` of type `kind`.
fn stream_name(id: u16, kind: u16) -> String {
    format!("__substg1.0_{id:04X}{kind:04X}")
}

fn read_stream(file: &mut File<'_>, path: &str) -> Result<Option<Vec<u8>>, String> {
    if !file.is_stream(path) {
        return Ok(None);
    }
    let stream = file
        .open_stream(path)
        .map_err(|error| format!("the Outlook message is damaged (`{path}`: {error})"))?;
    let mut bytes = Vec::new();
    stream
        .take(MAX_STREAM_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| format!("the Outlook message is damaged (`{path}`: {error})"))?;
    if bytes.len() as u64 > MAX_STREAM_BYTES {
        return Err(format!(
            "the Outlook message's part `{path}` is larger than sarpack reads (damaged or hostile)"
        ));
    }
    Ok(Some(bytes))
}

/// A string property, stored as UTF-16 (`001F`) or in the message's code page (`001E`).
fn string_property(
    file: &mut File<'_>,
    storage: &str,
    id: u16,
    page: u16,
) -> Result<Option<String>, String> {
    let base = storage.trim_end_matches('/');
    if let Some(bytes) = read_stream(file, &format!("{base}/{}", stream_name(id, PT_UNICODE)))? {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        let text = String::from_utf16(&units).map_err(|_| {
            format!("the Outlook message's property {id:04X} is not valid UTF-16 (damaged)")
        })?;
        return Ok(Some(text.trim_end_matches('\0').to_string()));
    }
    if let Some(bytes) = read_stream(file, &format!("{base}/{}", stream_name(id, PT_STRING8)))? {
        let encoding = code_page(page).ok_or_else(|| {
            format!(
                "the Outlook message uses code page {page}, which sarpack cannot decode; a person must read it"
            )
        })?;
        let (text, _, _) = encoding.decode(&bytes);
        return Ok(Some(text.trim_end_matches('\0').to_string()));
    }
    Ok(None)
}

fn code_page(page: u16) -> Option<&'static encoding_rs::Encoding> {
    let label = match page {
        65001 => "utf-8".to_string(),
        20127 => "us-ascii".to_string(),
        28591 => "iso-8859-1".to_string(),
        28592..=28599 => format!("iso-8859-{}", page - 28590),
        874 | 1250..=1258 => format!("windows-{page}"),
        932 => "shift_jis".to_string(),
        936 => "gbk".to_string(),
        949 => "euc-kr".to_string(),
        950 => "big5".to_string(),
        _ => return None,
    };
    encoding_rs::Encoding::for_label(label.as_bytes())
}

fn binary_property(file: &mut File<'_>, storage: &str, id: u16) -> Result<Option<Vec<u8>>, String> {
    let base = storage.trim_end_matches('/');
    read_stream(file, &format!("{base}/{}", stream_name(id, PT_BINARY)))
}

/// The HTML body, binary (in the message's code page, or UTF-8 when it says so) or string.
fn html_body(file: &mut File<'_>, root: &str, page: u16) -> Result<Option<String>, String> {
    if let Some(bytes) = binary_property(file, root, HTML)? {
        let encoding = code_page(page).unwrap_or(encoding_rs::UTF_8);
        let (text, _, _) = encoding.decode(&bytes);
        return Ok(Some(text.into_owned()));
    }
    string_property(file, root, HTML, page)
}

/// The dictionary a compressed RTF stream starts with (MS-OXRTFCP 2.1.3.1.1).
const RTF_PREBUF: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

/// Decompresses `PR_RTF_COMPRESSED` (MS-OXRTFCP): a 16-byte header, then runs of a control byte
/// and eight literals or back references into a 4096-byte ring dictionary. The output is capped
/// at the size the header declares (and at [`MAX_STREAM_BYTES`]).
fn decompress_rtf(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let damaged =
        |what: &str| format!("the Outlook message's compressed RTF body is damaged ({what})");
    let word = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (Some(raw_size), Some(kind)) = (word(4), word(8)) else {
        return Err(damaged("shorter than its header"));
    };
    let raw_size = (raw_size as usize).min(MAX_STREAM_BYTES as usize);
    let body = &bytes[16.min(bytes.len())..];
    match kind {
        // "MELA": stored uncompressed.
        0x414C_454D => return Ok(body[..raw_size.min(body.len())].to_vec()),
        // "LZFu".
        0x7546_5A4C => {}
        _ => return Err(damaged("an unknown compression")),
    }
    let mut dictionary = [0u8; 4096];
    dictionary[..RTF_PREBUF.len()].copy_from_slice(RTF_PREBUF);
    let mut write = RTF_PREBUF.len();
    let mut out = Vec::with_capacity(raw_size.min(1 << 20));
    let mut at = 0;
    'runs: while at < body.len() {
        let control = body[at];
        at += 1;
        for bit in 0..8 {
            if out.len() >= raw_size {
                break 'runs;
            }
            if control & (1 << bit) == 0 {
                let Some(&literal) = body.get(at) else {
                    break 'runs;
                };
                at += 1;
                out.push(literal);
                dictionary[write] = literal;
                write = (write + 1) % 4096;
            } else {
                let Some(pair) = body.get(at..at + 2) else {
                    return Err(damaged("a reference is cut short"));
                };
                at += 2;
                let token = usize::from(u16::from_be_bytes([pair[0], pair[1]]));
                let offset = token >> 4;
                if offset == write {
                    break 'runs;
                }
                for step in 0..(token & 0xF) + 2 {
                    let byte = dictionary[(offset + step) % 4096];
                    out.push(byte);
                    dictionary[write] = byte;
                    write = (write + 1) % 4096;
                }
            }
        }
    }
    out.truncate(raw_size);
    Ok(out)
}

/// A fixed-size property's 8 value bytes from the storage's `__properties_version1.0` stream.
fn fixed_property(
    file: &mut File<'_>,
    storage: &str,
    id: u16,
    kind: u16,
) -> Result<Option<[u8; 8]>, String> {
    let base = storage.trim_end_matches('/');
    let Some(bytes) = read_stream(file, &format!("{base}/__properties_version1.0"))? else {
        return Ok(None);
    };
    // The header is 32 bytes for the top-level message, 24 for an attached one and 8 for a
    // recipient or attachment; the entries after it are 16 bytes each.
    let header = if base.is_empty() || base == "/" {
        if bytes.len() >= 32 && (bytes.len() - 32) % 16 == 0 {
            32
        } else {
            24
        }
    } else {
        8
    };
    let tag = (u32::from(id) << 16) | u32::from(kind);
    Ok(bytes.get(header..).and_then(|entries| {
        entries.chunks_exact(16).find_map(|entry| {
            let found = u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]);
            (found == tag).then(|| {
                let mut value = [0u8; 8];
                value.copy_from_slice(&entry[8..16]);
                value
            })
        })
    }))
}

fn long_property(file: &mut File<'_>, storage: &str, id: u16) -> Result<Option<u32>, String> {
    Ok(fixed_property(file, storage, id, PT_LONG)?
        .map(|value| u32::from_le_bytes([value[0], value[1], value[2], value[3]])))
}

/// A time property as `YYYY-MM-DD HH:MM UTC`.
fn time_property(file: &mut File<'_>, storage: &str, id: u16) -> Result<Option<String>, String> {
    let Some(value) = fixed_property(file, storage, id, PT_SYSTIME)? else {
        return Ok(None);
    };
    // FILETIME: 100-nanosecond ticks since 1601-01-01.
    let ticks = u64::from_le_bytes(value);
    let seconds = (ticks / 10_000_000) as i64 - 11_644_473_600;
    Ok(jiff::Timestamp::from_second(seconds)
        .ok()
        .map(|time| time.strftime("%Y-%m-%d %H:%M UTC").to_string()))
}

/// The child storages of `root` whose names start with `prefix`, in name order (which is the
/// message's order: `#00000000`, `#00000001` ...).
fn children(file: &File<'_>, root: &str, prefix: &str) -> Result<Vec<String>, String> {
    let entries = file
        .read_storage(root)
        .map_err(|error| format!("the Outlook message is damaged ({error})"))?;
    let base = root.trim_end_matches('/');
    let mut names: Vec<String> = entries
        .filter(|entry| entry.is_storage() && entry.name().starts_with(prefix))
        .map(|entry| format!("{base}/{}", entry.name()))
        .collect();
    if names.len() > MAX_CHILDREN {
        return Err(format!(
            "the Outlook message holds more than {MAX_CHILDREN} recipients or attachments (damaged or hostile)"
        ));
    }
    names.sort();
    Ok(names)
}

fn recipient_storages(file: &File<'_>, root: &str) -> Result<Vec<String>, String> {
    children(file, root, "__recip_version1.0_")
}

fn attachment_storages(file: &File<'_>, root: &str) -> Result<Vec<String>, String> {
    children(file, root, "__attach_version1.0_")
}

/// Each attachment's name and format, in order.
fn attachment_names(file: &mut File<'_>, root: &str) -> Result<Vec<(String, Format)>, String> {
    let storages = attachment_storages(file, root)?;
    let mut out = Vec::new();
    for (index, storage) in storages.iter().enumerate() {
        out.push(attachment_name(file, storage, index + 1)?);
    }
    Ok(out)
}

fn attachment_name(
    file: &mut File<'_>,
    storage: &str,
    number: usize,
) -> Result<(String, Format), String> {
    let method = long_property(file, storage, ATTACH_METHOD)?.unwrap_or(1);
    let mut name = None;
    for id in [ATTACH_LONG_FILENAME, ATTACH_FILENAME, DISPLAY_NAME] {
        if let Some(found) = string_property(file, storage, id, 1252)?
            .map(|found| found.trim().replace(['/', '\\', '\n', '\r'], " "))
            .filter(|found| !found.is_empty())
        {
            name = Some(found);
            break;
        }
    }
    let mime = string_property(file, storage, ATTACH_MIME_TAG, 1252)?
        .unwrap_or_default()
        .to_ascii_lowercase();
    let format = if method == ATTACH_EMBEDDED_MSG {
        Format::Msg
    } else {
        super::text::attachment_format(name.as_deref(), &mime)
    };
    let name = match (name, method == ATTACH_EMBEDDED_MSG) {
        (Some(name), true) if Format::from_extension(&name) != Format::Msg => {
            format!("{name}.msg")
        }
        (Some(name), _) => name,
        (None, true) => format!("attachment {number} (Outlook message).msg"),
        (None, false) => format!(
            "attachment {number} ({})",
            if mime.trim().is_empty() {
                "unknown type"
            } else {
                mime.trim()
            }
        ),
    };
    Ok((name, format))
}

/// An attached message's storage as a compound file of its own, so that it can be read (and
/// read again by redaction) like a `.msg` on disk.
fn copy_message(file: &mut File<'_>, storage: &str) -> Result<Vec<u8>, String> {
    let damaged = |error: std::io::Error| {
        format!("the Outlook message's attached message cannot be read ({error})")
    };
    let mut entries: Vec<(String, bool)> = file
        .walk_storage(storage)
        .map_err(damaged)?
        .filter_map(|entry| {
            let path = entry.path().to_string_lossy().into_owned();
            let relative = path.strip_prefix(storage)?.to_string();
            (!relative.is_empty()).then_some((relative, entry.is_storage()))
        })
        .collect();
    // Parents before children.
    entries.sort_by_key(|(path, _)| (path.matches('/').count(), path.clone()));
    let mut copy = cfb::CompoundFile::create(Cursor::new(Vec::new())).map_err(damaged)?;
    for (relative, is_storage) in entries {
        if is_storage {
            copy.create_storage(&relative).map_err(damaged)?;
        } else {
            let bytes = read_stream(file, &format!("{storage}{relative}"))?.unwrap_or_default();
            let mut stream = copy.create_stream(&relative).map_err(damaged)?;
            stream.write_all(&bytes).map_err(damaged)?;
        }
    }
    copy.flush().map_err(damaged)?;
    Ok(copy.into_inner().into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_rtf_dictionary_and_uncompressed_bodies() {
        assert_eq!(RTF_PREBUF.len(), 207, "MS-OXRTFCP's initial dictionary");
        // "MELA": stored as is, cut at the declared size.
        let mut stored = vec![0u8; 16];
        stored[4..8].copy_from_slice(&6u32.to_le_bytes());
        stored[8..12].copy_from_slice(b"MELA");
        stored.extend_from_slice(b"{\\rtf1 x}trailing");
        assert_eq!(decompress_rtf(&stored).unwrap(), b"{\\rtf1");
        assert!(decompress_rtf(b"short").is_err());
        let mut unknown = stored.clone();
        unknown[8..12].copy_from_slice(b"ABCD");
        assert!(decompress_rtf(&unknown).is_err());
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        assert!(msg_text(b"").unwrap_err().contains("damaged"));
        assert!(
            msg_text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
                .unwrap_err()
                .contains("damaged")
        );
        let mut junk = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        junk.extend((0..4096u32).map(|n| (n.wrapping_mul(2_654_435_761) >> 13) as u8));
        assert!(msg_text(&junk).is_err());
        assert!(msg_attachments(&junk).is_err());
    }
}
