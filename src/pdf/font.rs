//! Fonts as the interpreter needs them: how a string splits into character codes, the Unicode
//! text of each code, and its advance width. A font whose text cannot be decoded reliably is
//! loaded with a `problem`, which fails the page closed as soon as text is shown with it (an
//! unused font in a resource dictionary harms nothing).
//!
//! Order of trust (PDF 32000-1 9.10.2): the `/ToUnicode` CMap first, then for simple fonts a
//! named or `/Differences` encoding whose glyph names are in the Adobe Glyph List. Nothing is
//! guessed: a Type0 font must use Identity-H with a ToUnicode CMap.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::ToUnicode;
use super::tables;

/// The kinds of font that matter for decoding and widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FontKind {
    Simple,
    /// Type0 with 2-byte Identity-H codes.
    Composite,
    Type3,
}

#[derive(Debug)]
pub(crate) struct Font {
    /// The base font name, for messages.
    pub(crate) name: String,
    pub(crate) kind: FontKind,
    /// Why the text of this font cannot be trusted, if it cannot.
    pub(crate) problem: Option<String>,
    /// Simple and Type3 fonts: the text of each 1-byte code (None: no mapping).
    simple_text: Vec<Option<String>>,
    /// Simple and Type3 fonts: widths in thousandths of text space per code.
    simple_widths: Vec<f64>,
    /// Composite fonts: the ToUnicode CMap and per-CID widths.
    to_unicode: Option<ToUnicode>,
    cid_widths: HashMap<u32, f64>,
    default_width: f64,
    /// Ascent and descent in thousandths of text space (for glyph boxes).
    pub(crate) ascent: f64,
    pub(crate) descent: f64,
}

/// A standard 14 font: name, ascent, descent, widths by glyph name.
type StandardFont = (&'static str, i16, i16, &'static [(&'static str, u16)]);

const MAX_STREAM: usize = 64 * 1024 * 1024;

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(value) => Some(*value as f64),
        Object::Real(value) => Some(f64::from(*value)),
        _ => None,
    }
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> &'a Object {
    document
        .dereference(object)
        .map(|(_, object)| object)
        .unwrap_or(&Object::Null)
}

fn get<'a>(document: &'a Document, dictionary: &'a Dictionary, key: &[u8]) -> &'a Object {
    dictionary
        .get(key)
        .map(|object| resolve(document, object))
        .unwrap_or(&Object::Null)
}

fn name_of(object: &Object) -> Option<&[u8]> {
    match object {
        Object::Name(name) => Some(name),
        _ => None,
    }
}

/// The glyph name's Unicode text via the Adobe Glyph List (for New Fonts) and the `uniXXXX` /
/// `uXXXX[XX]` conventions; `None` for names that carry no reliable meaning (`g12`, `glyph3`).
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    let base = name.split('.').next().unwrap_or(name);
    if let Ok(index) = tables::GLYPH_LIST.binary_search_by(|(glyph, _)| glyph.cmp(&base)) {
        return Some(tables::GLYPH_LIST[index].1.to_string());
    }
    let extra = match base {
        "nbspace" | "nonbreakingspace" => Some('\u{a0}'),
        "sfthyphen" | "softhyphen" => Some('\u{ad}'),
        "middot" => Some('\u{b7}'),
        "Euro" => Some('\u{20ac}'),
        "mu" | "mu1" => Some('\u{b5}'),
        "dotlessj" => Some('\u{237}'),
        "ff" => return Some("ff".into()),
        "fi" => return Some("fi".into()),
        "fl" => return Some("fl".into()),
        "ffi" => return Some("ffi".into()),
        "ffl" => return Some("ffl".into()),
        _ => None,
    };
    if let Some(character) = extra {
        return Some(character.to_string());
    }
    if let Some(hex) = base.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|byte| byte.is_ascii_hexdigit())
    {
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .filter_map(|chunk| u16::from_str_radix(std::str::from_utf8(chunk).ok()?, 16).ok())
            .collect();
        return char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .ok();
    }
    if let Some(hex) = base.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|byte| byte.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

/// The standard 14 font a base font name stands for (subset tag and common aliases removed).
fn standard_font(base_font: &str) -> Option<&'static StandardFont> {
    let name = match base_font.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 => rest,
        _ => base_font,
    };
    let (family, style) = match name.split_once([',', '-']) {
        Some((family, style)) => (family, style),
        None => (name, ""),
    };
    let bold = style.contains("Bold");
    let italic = style.contains("Italic") || style.contains("Oblique");
    let family = match family {
        "Helvetica" | "Arial" | "ArialMT" => "Helvetica",
        "Times" | "TimesNewRoman" | "TimesNewRomanPS" | "TimesNewRomanPSMT" | "Times New Roman" => {
            "Times"
        }
        "Courier" | "CourierNew" | "CourierNewPSMT" => "Courier",
        "Symbol" => "Symbol",
        "ZapfDingbats" => "ZapfDingbats",
        _ => return None,
    };
    let full = match (family, bold, italic) {
        ("Symbol", ..) | ("ZapfDingbats", ..) => family.to_string(),
        ("Times", false, false) => "Times-Roman".into(),
        ("Times", true, false) => "Times-Bold".into(),
        ("Times", false, true) => "Times-Italic".into(),
        ("Times", true, true) => "Times-BoldItalic".into(),
        (_, false, false) => family.to_string(),
        (_, true, false) => format!("{family}-Bold"),
        (_, false, true) => format!("{family}-Oblique"),
        (_, true, true) => format!("{family}-BoldOblique"),
    };
    tables::BASE_14.iter().find(|entry| entry.0 == full)
}

fn base_encoding(name: &[u8]) -> Option<&'static [&'static str; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&tables::WIN_ANSI),
        b"MacRomanEncoding" => Some(&tables::MAC_ROMAN),
        b"StandardEncoding" => Some(&tables::STANDARD),
        _ => None,
    }
}

fn table_names(table: &[&str; 256]) -> Vec<Vec<u8>> {
    table.iter().map(|name| name.as_bytes().to_vec()).collect()
}

/// The built-in encoding of an embedded Type1 font program: `StandardEncoding`, or the
/// `dup <code> /<name> put` entries of its clear-text part (before `eexec`).
fn type1_builtin_encoding(program: &lopdf::Stream) -> Option<Vec<Vec<u8>>> {
    let data = if program.dict.has(b"Filter") {
        program.decompressed_content_with_limit(MAX_STREAM).ok()?
    } else {
        program.content.clone()
    };
    let clear_end = data
        .windows(5)
        .position(|window| window == b"eexec")
        .unwrap_or(data.len().min(65536));
    let clear = &data[..clear_end];
    let at = clear.windows(9).position(|window| window == b"/Encoding")?;
    let rest = &clear[at + 9..];
    let trimmed = rest
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .map(|i| &rest[i..])?;
    if trimmed.starts_with(b"StandardEncoding") {
        return Some(table_names(&tables::STANDARD));
    }
    let text = String::from_utf8_lossy(rest);
    let mut names = vec![Vec::new(); 256];
    let mut found = false;
    let words: Vec<&str> = text
        .split_whitespace()
        .take_while(|word| *word != "readonly" && *word != "def")
        .collect();
    for window in words.windows(4) {
        if let ["dup", code, name, "put"] = window
            && let (Ok(code), Some(name)) = (code.parse::<usize>(), name.strip_prefix('/'))
            && code < 256
        {
            names[code] = name.as_bytes().to_vec();
            found = true;
        }
    }
    found.then_some(names)
}

fn load_to_unicode(document: &Document, font: &Dictionary) -> Result<Option<ToUnicode>, String> {
    match get(document, font, b"ToUnicode") {
        Object::Stream(stream) => {
            let data = if stream.dict.has(b"Filter") {
                stream
                    .decompressed_content_with_limit(MAX_STREAM)
                    .map_err(|error| format!("its ToUnicode CMap does not decode ({error})"))?
            } else {
                stream.content.clone()
            };
            let map = ToUnicode::parse(&data);
            Ok((!map.is_empty()).then_some(map))
        }
        _ => Ok(None),
    }
}

impl Font {
    /// Reads a font dictionary. Never fails: problems are recorded in `problem`.
    pub(crate) fn load(document: &Document, font: &Dictionary) -> Font {
        let subtype = name_of(get(document, font, b"Subtype")).unwrap_or(b"");
        let name = name_of(get(document, font, b"BaseFont"))
            .map(|name| String::from_utf8_lossy(name).into_owned())
            .unwrap_or_else(|| String::from_utf8_lossy(subtype).into_owned());
        let mut loaded = Font {
            name,
            kind: FontKind::Simple,
            problem: None,
            simple_text: Vec::new(),
            simple_widths: Vec::new(),
            to_unicode: None,
            cid_widths: HashMap::new(),
            default_width: 0.0,
            ascent: 800.0,
            descent: -200.0,
        };
        let to_unicode = match load_to_unicode(document, font) {
            Ok(map) => map,
            Err(problem) => {
                loaded.problem = Some(problem);
                return loaded;
            }
        };
        match subtype {
            b"Type0" => loaded.load_composite(document, font, to_unicode),
            b"Type3" => {
                loaded.kind = FontKind::Type3;
                loaded.load_simple(document, font, to_unicode);
            }
            _ => loaded.load_simple(document, font, to_unicode),
        }
        loaded
    }

    fn descriptor_metrics(&mut self, document: &Document, descriptor: &Dictionary) {
        if let Some(ascent) = number(get(document, descriptor, b"Ascent")).filter(|a| *a > 0.0) {
            self.ascent = ascent;
        }
        if let Some(descent) = number(get(document, descriptor, b"Descent")).filter(|d| *d < 0.0) {
            self.descent = descent;
        }
    }

    fn load_composite(
        &mut self,
        document: &Document,
        font: &Dictionary,
        to_unicode: Option<ToUnicode>,
    ) {
        self.kind = FontKind::Composite;
        match get(document, font, b"Encoding") {
            Object::Name(name) if name == b"Identity-H" => {}
            Object::Name(name) if name == b"Identity-V" => {
                self.problem =
                    Some("uses vertical writing (Identity-V), which is not supported".into());
                return;
            }
            Object::Name(name) => {
                self.problem = Some(format!(
                    "uses the predefined CMap `{}`, which is not supported",
                    String::from_utf8_lossy(name)
                ));
                return;
            }
            Object::Stream(_) => {
                self.problem =
                    Some("uses an embedded CMap as its encoding, which is not supported".into());
                return;
            }
            _ => {
                self.problem = Some("has no /Encoding".into());
                return;
            }
        }
        let Some(to_unicode) = to_unicode else {
            self.problem = Some(
                "is a composite font without a ToUnicode CMap, so its text cannot be decoded"
                    .into(),
            );
            return;
        };
        self.to_unicode = Some(to_unicode);
        let descendant = match get(document, font, b"DescendantFonts") {
            Object::Array(array) => array.first().map(|object| resolve(document, object)),
            _ => None,
        };
        let Some(Object::Dictionary(descendant)) = descendant else {
            self.problem = Some("has no descendant CID font".into());
            return;
        };
        if let Object::Dictionary(descriptor) = get(document, descendant, b"FontDescriptor") {
            self.descriptor_metrics(document, descriptor);
        }
        self.default_width = number(get(document, descendant, b"DW")).unwrap_or(1000.0);
        if let Object::Array(widths) = get(document, descendant, b"W") {
            let mut i = 0;
            while i < widths.len() {
                let Some(first) = number(resolve(document, &widths[i])) else {
                    break;
                };
                let first = first as u32;
                match widths.get(i + 1).map(|object| resolve(document, object)) {
                    Some(Object::Array(list)) => {
                        for (offset, width) in list.iter().enumerate() {
                            if let Some(width) = number(resolve(document, width)) {
                                self.cid_widths
                                    .insert(first.saturating_add(offset as u32), width);
                            }
                        }
                        i += 2;
                    }
                    Some(last) => {
                        let (Some(last), Some(width)) = (
                            number(last),
                            widths.get(i + 2).and_then(|w| number(resolve(document, w))),
                        ) else {
                            break;
                        };
                        let last = (last as u32).min(first.saturating_add(65535));
                        if self.cid_widths.len() > 1 << 20 {
                            break;
                        }
                        for cid in first..=last {
                            self.cid_widths.insert(cid, width);
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
    }

    fn load_simple(
        &mut self,
        document: &Document,
        font: &Dictionary,
        to_unicode: Option<ToUnicode>,
    ) {
        let standard = standard_font(&self.name);
        let descriptor = match get(document, font, b"FontDescriptor") {
            Object::Dictionary(descriptor) => Some(descriptor),
            _ => None,
        };
        if let Some(descriptor) = descriptor {
            self.descriptor_metrics(document, descriptor);
        }
        let embedded = descriptor.is_some_and(|descriptor| {
            descriptor.has(b"FontFile")
                || descriptor.has(b"FontFile2")
                || descriptor.has(b"FontFile3")
        });
        // The implicit base encoding (PDF 32000-1 9.6.6.1): a non-embedded standard font's own;
        // an embedded Type1 program's built-in encoding, read from its clear-text part; never a
        // guess for embedded TrueType or CFF programs, whose codes are arbitrary in subsets.
        let implicit = || -> Option<Vec<Vec<u8>>> {
            match standard.map(|entry| entry.0) {
                Some("Symbol") if !embedded => return Some(table_names(&tables::SYMBOL)),
                Some("ZapfDingbats") if !embedded => {
                    return Some(table_names(&tables::ZAPF_DINGBATS));
                }
                Some(_) if !embedded => return Some(table_names(&tables::STANDARD)),
                _ => {}
            }
            let descriptor = descriptor?;
            match get(document, descriptor, b"FontFile") {
                Object::Stream(program) => type1_builtin_encoding(program),
                _ => None,
            }
        };
        let mut differences: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut names: Option<Vec<Vec<u8>>> = match get(document, font, b"Encoding") {
            Object::Name(name) => base_encoding(name).map(table_names),
            Object::Dictionary(encoding) => {
                if let Object::Array(list) = get(document, encoding, b"Differences") {
                    let mut code = 0usize;
                    for item in list {
                        match resolve(document, item) {
                            Object::Integer(value) => code = (*value).clamp(0, 255) as usize,
                            Object::Name(name) => {
                                if code < 256 {
                                    differences.push((code, name.clone()));
                                }
                                code += 1;
                            }
                            _ => {}
                        }
                    }
                }
                let base = name_of(get(document, encoding, b"BaseEncoding"))
                    .and_then(base_encoding)
                    .map(table_names)
                    .or_else(implicit);
                // Codes outside /Differences then have no name and fail closed if shown.
                base.or_else(|| (!differences.is_empty()).then(|| vec![Vec::new(); 256]))
            }
            _ => implicit(),
        };
        if let Some(list) = names.as_mut() {
            for (code, name) in differences {
                list[code] = name;
            }
        }
        // Text per code: ToUnicode wins, the encoding fills the gaps.
        self.simple_text = (0..256u32)
            .map(|code| {
                let mut text = String::new();
                if let Some(map) = &to_unicode
                    && map.write(1, code, &mut text)
                {
                    return Some(text);
                }
                names
                    .as_ref()
                    .and_then(|list| glyph_name_to_unicode(&list[code as usize]))
            })
            .collect();
        // A Type3 glyph is a drawing: its name in /Differences says nothing reliable about
        // what it shows, so only a ToUnicode CMap is trusted.
        if self.kind == FontKind::Type3 && to_unicode.is_none() {
            self.problem = Some(
                "is a Type3 font without a ToUnicode CMap, so its text cannot be decoded".into(),
            );
            return;
        }
        if to_unicode.is_none() && names.is_none() {
            self.problem = Some(
                "has neither a ToUnicode CMap nor a standard encoding, so its text cannot be decoded"
                    .into(),
            );
            return;
        }
        // Widths: /Widths from /FirstChar, else the standard 14 metrics by glyph name.
        let missing = match get(document, font, b"FontDescriptor") {
            Object::Dictionary(descriptor) => {
                number(get(document, descriptor, b"MissingWidth")).unwrap_or(0.0)
            }
            _ => 0.0,
        };
        self.simple_widths = vec![missing; 256];
        let scale = if self.kind == FontKind::Type3 {
            match get(document, font, b"FontMatrix") {
                Object::Array(matrix) => matrix
                    .first()
                    .and_then(|object| number(resolve(document, object)))
                    .map(|a| a * 1000.0)
                    .unwrap_or(1.0),
                _ => 1.0,
            }
        } else {
            1.0
        };
        if let Object::Array(widths) = get(document, font, b"Widths") {
            let first = number(get(document, font, b"FirstChar"))
                .unwrap_or(0.0)
                .max(0.0) as usize;
            for (offset, width) in widths.iter().enumerate() {
                if let (Some(slot), Some(width)) = (
                    self.simple_widths.get_mut(first.saturating_add(offset)),
                    number(resolve(document, width)),
                ) {
                    *slot = width * scale;
                }
            }
        } else if let Some((_, ascent, descent, metrics)) = standard {
            self.ascent = f64::from(*ascent);
            self.descent = f64::from(*descent);
            for code in 0..256 {
                let name = names
                    .as_ref()
                    .map(|list| list[code].as_slice())
                    .unwrap_or(b"");
                let name = std::str::from_utf8(name).unwrap_or("");
                if let Ok(index) = metrics.binary_search_by(|(glyph, _)| (*glyph).cmp(name)) {
                    self.simple_widths[code] = f64::from(metrics[index].1);
                }
            }
        } else {
            self.problem = Some(
                "has no /Widths and is not a standard font, so glyph positions are unknown".into(),
            );
        }
        if self.kind == FontKind::Type3 {
            self.ascent = 800.0;
            self.descent = -200.0;
        }
    }

    /// How many bytes the next code in `bytes` takes.
    pub(crate) fn code_length(&self) -> usize {
        match self.kind {
            FontKind::Composite => 2,
            _ => 1,
        }
    }

    /// Appends the text of `code` to `out`; false when the font has no mapping for it.
    pub(crate) fn write_text(&self, code: u32, out: &mut String) -> bool {
        match self.kind {
            FontKind::Composite => self
                .to_unicode
                .as_ref()
                .is_some_and(|map| map.write(2, code, out)),
            _ => match self.simple_text.get(code as usize) {
                Some(Some(text)) => {
                    out.push_str(text);
                    true
                }
                _ => false,
            },
        }
    }

    /// The advance width of `code` in thousandths of text space.
    pub(crate) fn width(&self, code: u32) -> f64 {
        match self.kind {
            FontKind::Composite => self
                .cid_widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width),
            _ => self
                .simple_widths
                .get(code as usize)
                .copied()
                .unwrap_or(0.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_unicode(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name_to_unicode(b"eacute").as_deref(), Some("\u{e9}"));
        assert_eq!(
            glyph_name_to_unicode(b"uni0141").as_deref(),
            Some("\u{141}")
        );
        assert_eq!(
            glyph_name_to_unicode(b"u1F600").as_deref(),
            Some("\u{1F600}")
        );
        assert_eq!(glyph_name_to_unicode(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_unicode(b"g123"), None);
    }

    #[test]
    fn standard_aliases() {
        assert_eq!(standard_font("Helvetica").map(|f| f.0), Some("Helvetica"));
        assert_eq!(
            standard_font("Arial,Bold").map(|f| f.0),
            Some("Helvetica-Bold")
        );
        assert_eq!(
            standard_font("Times-Roman").map(|f| f.0),
            Some("Times-Roman")
        );
        assert_eq!(standard_font("ABCDEF+DejaVuSans"), None);
    }
}
