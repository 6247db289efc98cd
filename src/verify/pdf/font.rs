//! Font decoding of the verifier's own: splits a shown string into character codes, maps each
//! to Unicode and to its advance width, following PDF 32000-1 §9.10.2's order — the font's
//! `ToUnicode` CMap first, then for simple fonts the `/Encoding` (base encoding plus
//! `/Differences` glyph names). Type0 fonts take code lengths from `Identity-H`/`-V` or an
//! embedded CMap's codespace ranges.
//!
//! Deliberately not lopdf's `get_font_encoding`: it silently falls back to StandardEncoding when
//! a Type0 font has no `ToUnicode` (`reference/rust-pdf-ecosystem.md`, "ToUnicode caveats"), the
//! very failure that lets a name through. Here a code with no Unicode is reported as such and
//! the caller fails closed.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object};

use super::encodings::{BaseEncoding, glyph_name_to_unicode};
use super::lexer::{Lexer, Operand};
use super::{Streams, resolve};

/// Most entries a `ToUnicode` CMap may expand to; a real font needs at most ~65k.
const MAX_CMAP_ENTRIES: usize = 200_000;

/// A multiply-shift hasher for character codes: SipHash showed in profiles, and codes come
/// from the file, but a collision-heavy ToUnicode only slows its own file (bounded entries).
#[derive(Default)]
pub(crate) struct CodeHasher(u64);

impl Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u8(&mut self, value: u8) {
        self.0 = (self.0 ^ u64::from(value)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u32(&mut self, value: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(value)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type CodeMap = HashMap<(u8, u32), Rc<str>, BuildHasherDefault<CodeHasher>>;

/// A code space range: byte length and inclusive bounds.
#[derive(Debug, Clone, Copy)]
struct CodeRange {
    length: u8,
    low: u32,
    high: u32,
}

/// A parsed CMap: its code space and the code-to-Unicode entries.
#[derive(Debug, Default)]
pub(crate) struct CMap {
    ranges: Vec<CodeRange>,
    map: CodeMap,
    /// Set when the CMap was too large to expand fully.
    truncated: bool,
}

fn code_value(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let value = bytes
        .iter()
        .fold(0u32, |value, byte| value << 8 | u32::from(*byte));
    Some((bytes.len() as u8, value))
}

/// Unicode text of a `ToUnicode` destination string (UTF-16BE; a lone byte is read as Latin-1).
fn destination_text(bytes: &[u8]) -> String {
    if bytes.len() == 1 {
        return char::from(bytes[0]).to_string();
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair.get(1).copied().unwrap_or(0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

impl CMap {
    pub fn parse(bytes: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        for operation in Lexer::new(bytes) {
            match operation.operator {
                b"endcodespacerange" => {
                    for pair in operation.operands.chunks(2) {
                        if let [Operand::String(low), Operand::String(high)] = pair
                            && let (Some((length, low)), Some((_, high))) =
                                (code_value(low), code_value(high))
                        {
                            cmap.ranges.push(CodeRange { length, low, high });
                        }
                    }
                }
                b"endbfchar" => {
                    for pair in operation.operands.chunks(2) {
                        let [Operand::String(source), destination] = pair else {
                            continue;
                        };
                        let Some(code) = code_value(source) else {
                            continue;
                        };
                        let text = match destination {
                            Operand::String(bytes) => destination_text(bytes),
                            Operand::Name(name) => match glyph_name_to_unicode(name) {
                                Some(text) => text,
                                None => continue,
                            },
                            _ => continue,
                        };
                        cmap.insert(code, text);
                    }
                }
                b"endbfrange" => {
                    for triple in operation.operands.chunks(3) {
                        let [Operand::String(low), Operand::String(high), destination] = triple
                        else {
                            continue;
                        };
                        let (Some((length, low)), Some((_, high))) =
                            (code_value(low), code_value(high))
                        else {
                            continue;
                        };
                        if high < low {
                            continue;
                        }
                        match destination {
                            Operand::String(start) => {
                                let mut units: Vec<u16> = start
                                    .chunks(2)
                                    .map(|pair| {
                                        u16::from_be_bytes([
                                            pair[0],
                                            pair.get(1).copied().unwrap_or(0),
                                        ])
                                    })
                                    .collect();
                                if units.is_empty() {
                                    continue;
                                }
                                let last = units.len() - 1;
                                let first_unit = units[last];
                                for (offset, code) in (low..=high).enumerate() {
                                    if cmap.truncated {
                                        break;
                                    }
                                    units[last] = first_unit.wrapping_add(offset as u16);
                                    cmap.insert((length, code), String::from_utf16_lossy(&units));
                                }
                            }
                            Operand::Array(items) => {
                                for (code, item) in (low..=high).zip(items) {
                                    if let Operand::String(bytes) = item {
                                        cmap.insert((length, code), destination_text(bytes));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        cmap
    }

    fn insert(&mut self, code: (u8, u32), text: String) {
        if self.map.len() >= MAX_CMAP_ENTRIES {
            self.truncated = true;
            return;
        }
        self.map.insert(code, Rc::from(text));
    }
}

/// The built-in encoding of an embedded Type1 font program.
enum Type1Encoding {
    Standard,
    Custom(Vec<Option<String>>),
}

/// Reads the `/Encoding` of an embedded Type1 font's cleartext part (before `eexec`):
/// `/Encoding StandardEncoding def`, or `dup <code> /<glyph> put` entries.
fn type1_builtin_encoding(
    document: &Document,
    descriptor: &Dictionary,
    streams: &Streams,
) -> Option<Type1Encoding> {
    let _ = document;
    if let Ok(Object::Reference(id)) = descriptor.get(b"FontFile3") {
        let decoded = streams.decoded(*id);
        let bytes = decoded.as_ref().as_ref().ok()?;
        return cff_builtin_encoding(bytes);
    }
    if let Ok(Object::Reference(id)) = descriptor.get(b"FontFile2") {
        let decoded = streams.decoded(*id);
        let bytes = decoded.as_ref().as_ref().ok()?;
        return truetype_builtin_encoding(bytes);
    }
    let Ok(Object::Reference(id)) = descriptor.get(b"FontFile") else {
        return None;
    };
    let decoded = streams.decoded(*id);
    let bytes = decoded.as_ref().as_ref().ok()?;
    let cleartext_end = bytes
        .windows(5)
        .position(|window| window == b"eexec")
        .unwrap_or(bytes.len());
    let cleartext = &bytes[..cleartext_end];
    let encoding_at = cleartext
        .windows(9)
        .position(|window| window == b"/Encoding")?;
    let after = &cleartext[encoding_at + 9..];
    if after
        .iter()
        .skip_while(|byte| byte.is_ascii_whitespace())
        .take(16)
        .copied()
        .collect::<Vec<u8>>()
        .starts_with(b"StandardEncoding")
    {
        return Some(Type1Encoding::Standard);
    }
    let mut table: Vec<Option<String>> = vec![None; 256];
    for operation in Lexer::new(after).take(10_000) {
        match operation.operator {
            b"put" => {
                if let [.., Operand::Number(code), Operand::Name(name)] =
                    operation.operands.as_slice()
                    && (0.0..256.0).contains(code)
                {
                    table[*code as usize] = glyph_name_to_unicode(name);
                }
            }
            b"def" | b"readonly" if table.iter().any(Option::is_some) => break,
            _ => {}
        }
    }
    table
        .iter()
        .any(Option::is_some)
        .then_some(Type1Encoding::Custom(table))
}

/// The built-in encoding of an embedded CFF (Type1C) font: code → glyph (CFF encoding and
/// charset) → glyph name → Unicode.
fn cff_builtin_encoding(bytes: &[u8]) -> Option<Type1Encoding> {
    let table = ttf_parser::cff::Table::parse(bytes)?;
    let entries: Vec<Option<String>> = (0..=255u8)
        .map(|code| {
            let glyph = table.glyph_index(code)?;
            if glyph.0 == 0 {
                return None;
            }
            glyph_name_to_unicode(table.glyph_name(glyph)?.as_bytes())
        })
        .collect();
    entries
        .iter()
        .any(Option::is_some)
        .then_some(Type1Encoding::Custom(entries))
}

/// The built-in encoding of an embedded symbolic TrueType font: code → glyph through the
/// (3,0) or (1,0) `cmap` subtable (§9.6.6.4) → `post` glyph name → Unicode.
fn truetype_builtin_encoding(bytes: &[u8]) -> Option<Type1Encoding> {
    let face = ttf_parser::Face::parse(bytes, 0).ok()?;
    let subtables: Vec<_> = face
        .tables()
        .cmap
        .map(|cmap| cmap.subtables.into_iter().collect())
        .unwrap_or_default();
    let entries: Vec<Option<String>> = (0..=255u32)
        .map(|code| {
            let glyph = subtables.iter().find_map(|subtable| {
                match (subtable.platform_id, subtable.encoding_id) {
                    (ttf_parser::PlatformId::Windows, 0) => subtable
                        .glyph_index(0xF000 + code)
                        .or_else(|| subtable.glyph_index(code)),
                    (ttf_parser::PlatformId::Macintosh, 0) => subtable.glyph_index(code),
                    _ => None,
                }
            })?;
            if glyph.0 == 0 {
                return None;
            }
            glyph_name_to_unicode(face.glyph_name(glyph)?.as_bytes())
        })
        .collect();
    entries
        .iter()
        .any(Option::is_some)
        .then_some(Type1Encoding::Custom(entries))
}

/// One character code of a shown string, decoded.
#[derive(Debug, Clone)]
pub(crate) struct Code {
    /// Unicode text, or `None` when the font gives this code no usable mapping.
    pub text: Option<Rc<str>>,
    /// Advance in text space per unit of font size (glyph width / 1000 for most fonts).
    pub width: f64,
    /// A single-byte code 32: word spacing (`Tw`) applies to it (§9.3.3).
    pub word_space: bool,
    pub code: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Simple,
    Composite,
}

/// What the verifier knows about one font resource.
#[derive(Debug)]
pub(crate) struct Font {
    /// `/BaseFont`, for messages.
    pub name: String,
    kind: Kind,
    ranges: Vec<CodeRange>,
    to_unicode: CodeMap,
    /// Simple fonts: Unicode per one-byte code from `/Encoding`.
    simple: Vec<Option<String>>,
    /// Simple fonts: the final Unicode per one-byte code (ToUnicode, then encoding), checked.
    simple_final: Vec<Option<Rc<str>>>,
    /// Composite fonts whose CMap is a predefined UCS-2/UTF-16 one: the code is the Unicode.
    unicode_codes: bool,
    first_char: u32,
    widths: Vec<f64>,
    cid_widths: Vec<(u32, u32, f64)>,
    default_width: f64,
    /// Glyph space to text space (0.001, or a Type3 `/FontMatrix`'s first entry).
    scale: f64,
    /// Why no code of this font can be decoded, if so.
    pub problem: Option<String>,
}

impl Font {
    /// A composite (Type0) font: its string bytes are multi-byte codes, not characters.
    pub(crate) fn is_composite(&self) -> bool {
        matches!(self.kind, Kind::Composite)
    }
}

fn name_of(object: Option<&Object>) -> Option<Vec<u8>> {
    match object {
        Some(Object::Name(name)) => Some(name.clone()),
        _ => None,
    }
}

fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(value) => Some(*value as f64),
        Object::Real(value) => Some(f64::from(*value)).filter(|value| value.is_finite()),
        _ => None,
    }
}

/// The Windows-1252 byte of a character, if it has one.
fn windows_1252_byte(character: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match u32::from(character) {
        code @ (0x20..=0x7E | 0xA0..=0xFF) => u8::try_from(code).ok(),
        _ => HIGH
            .iter()
            .find(|(high, _)| *high == character)
            .map(|(_, byte)| *byte),
    }
}

fn standard_14_symbolic(base_font: &str) -> bool {
    let base = base_font.split('+').next_back().unwrap_or(base_font);
    base.starts_with("Symbol") || base.starts_with("ZapfDingbats") || base.starts_with("Wingdings")
}

impl Font {
    pub fn load(document: &Document, dictionary: &Dictionary, streams: &Streams) -> Font {
        let get = |key: &[u8]| {
            dictionary
                .get(key)
                .ok()
                .map(|object| resolve(document, object))
        };
        let subtype = name_of(get(b"Subtype")).unwrap_or_default();
        let name = name_of(get(b"BaseFont"))
            .map(|name| String::from_utf8_lossy(&name).into_owned())
            .unwrap_or_else(|| String::from_utf8_lossy(&subtype).into_owned());
        let mut font = Font {
            name,
            kind: if subtype == b"Type0" {
                Kind::Composite
            } else {
                Kind::Simple
            },
            ranges: Vec::new(),
            to_unicode: CodeMap::default(),
            simple: Vec::new(),
            simple_final: Vec::new(),
            unicode_codes: false,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: Vec::new(),
            default_width: if subtype == b"Type0" { 1000.0 } else { 500.0 },
            scale: 0.001,
            problem: None,
        };

        let mut to_unicode_ranges = Vec::new();
        if let Some(Object::Stream(_)) = get(b"ToUnicode")
            && let Some(Object::Reference(id)) = dictionary.get(b"ToUnicode").ok()
        {
            match streams.decoded(*id).as_ref() {
                Ok(bytes) => {
                    let cmap = CMap::parse(bytes);
                    if cmap.truncated {
                        font.problem = Some("its ToUnicode CMap is too large to check".to_string());
                    }
                    to_unicode_ranges = cmap.ranges;
                    font.to_unicode = cmap.map;
                }
                Err(error) => {
                    font.problem = Some(format!("its ToUnicode CMap cannot be read: {error}"));
                }
            }
        }

        match font.kind {
            Kind::Composite => {
                font.load_composite(document, dictionary, streams, to_unicode_ranges)
            }
            Kind::Simple => {
                font.load_simple(document, dictionary, &subtype, streams);
                font.simple_final = (0..256u32).map(|code| font.lookup(1, code)).collect();
                if font.widths.is_empty() && subtype != b"Type3" {
                    font.standard_widths();
                }
            }
        }
        font
    }

    fn load_composite(
        &mut self,
        document: &Document,
        dictionary: &Dictionary,
        streams: &Streams,
        to_unicode_ranges: Vec<CodeRange>,
    ) {
        let encoding = dictionary.get(b"Encoding").ok();
        match encoding.map(|object| resolve(document, object)) {
            Some(Object::Name(name)) => {
                let name = String::from_utf8_lossy(name).into_owned();
                if name == "Identity-H" || name == "Identity-V" {
                    self.ranges = vec![CodeRange {
                        length: 2,
                        low: 0,
                        high: 0xFFFF,
                    }];
                } else if name.contains("UCS2") || name.contains("UTF16") {
                    self.ranges = vec![CodeRange {
                        length: 2,
                        low: 0,
                        high: 0xFFFF,
                    }];
                    self.unicode_codes = self.to_unicode.is_empty();
                } else if !to_unicode_ranges.is_empty() {
                    self.ranges = to_unicode_ranges;
                } else {
                    self.problem
                        .get_or_insert(format!("its predefined CMap `{name}` is not supported"));
                }
            }
            Some(Object::Stream(_)) => {
                if let Some(Object::Reference(id)) = encoding {
                    match streams.decoded(*id).as_ref() {
                        Ok(bytes) => self.ranges = CMap::parse(bytes).ranges,
                        Err(error) => {
                            self.problem.get_or_insert(format!(
                                "its encoding CMap cannot be read: {error}"
                            ));
                        }
                    }
                }
                if self.ranges.is_empty() {
                    self.ranges = to_unicode_ranges;
                }
            }
            _ => {
                self.problem
                    .get_or_insert("it has no usable /Encoding".to_string());
            }
        }
        if self.ranges.is_empty() && self.problem.is_none() {
            self.problem = Some("its CMap defines no code space".to_string());
        }
        if self.to_unicode.is_empty() && !self.unicode_codes && self.problem.is_none() {
            self.problem = Some("it is a composite font without a ToUnicode CMap".to_string());
        }

        // Widths from the descendant CIDFont (/W, /DW).
        let descendant = match dictionary
            .get(b"DescendantFonts")
            .ok()
            .map(|object| resolve(document, object))
        {
            Some(Object::Array(items)) => items.first().map(|object| resolve(document, object)),
            _ => None,
        };
        if let Some(Object::Dictionary(descendant)) = descendant {
            if let Some(width) = descendant
                .get(b"DW")
                .ok()
                .map(|object| resolve(document, object))
                .and_then(number)
            {
                self.default_width = width;
            }
            if let Some(Object::Array(items)) = descendant
                .get(b"W")
                .ok()
                .map(|object| resolve(document, object))
            {
                self.read_cid_widths(document, items);
            }
        }
    }

    fn read_cid_widths(&mut self, document: &Document, items: &[Object]) {
        let mut index = 0;
        while index < items.len() && self.cid_widths.len() < 100_000 {
            let Some(first) = number(resolve(document, &items[index])) else {
                index += 1;
                continue;
            };
            let first = first.max(0.0) as u32;
            match items.get(index + 1).map(|object| resolve(document, object)) {
                Some(Object::Array(widths)) => {
                    for (offset, width) in widths.iter().enumerate() {
                        if let Some(width) = number(resolve(document, width)) {
                            let cid = first.saturating_add(offset as u32);
                            self.cid_widths.push((cid, cid, width));
                        }
                    }
                    index += 2;
                }
                Some(object) => {
                    let last = number(object).map(|last| last.max(0.0) as u32);
                    let width = items
                        .get(index + 2)
                        .map(|object| resolve(document, object))
                        .and_then(number);
                    if let (Some(last), Some(width)) = (last, width) {
                        self.cid_widths.push((first, last, width));
                    }
                    index += 3;
                }
                None => break,
            }
        }
    }

    fn load_simple(
        &mut self,
        document: &Document,
        dictionary: &Dictionary,
        subtype: &[u8],
        streams: &Streams,
    ) {
        let get = |key: &[u8]| {
            dictionary
                .get(key)
                .ok()
                .map(|object| resolve(document, object))
        };
        let descriptor = match get(b"FontDescriptor") {
            Some(Object::Dictionary(descriptor)) => Some(descriptor),
            _ => None,
        };
        let flags = descriptor
            .and_then(|descriptor| descriptor.get(b"Flags").ok())
            .and_then(number)
            .unwrap_or(0.0) as i64;
        let symbolic = flags & 4 != 0 && flags & 32 == 0;
        let is_type3 = subtype == b"Type3";

        let default_base = if is_type3 || standard_14_symbolic(&self.name) || symbolic {
            None
        } else if subtype == b"TrueType" {
            Some(BaseEncoding::WinAnsi)
        } else {
            Some(BaseEncoding::Standard)
        };
        let base_of = |name: &[u8]| match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            _ => None,
        };
        let mut differences: Option<&Vec<Object>> = None;
        // Whether the font dictionary names a base encoding; if not, an embedded Type1 font's
        // built-in encoding is the base (§9.6.5.1), which is how pdflatex's CM fonts work.
        let mut named_base = None;
        match get(b"Encoding") {
            Some(Object::Name(name)) => named_base = base_of(name),
            Some(Object::Dictionary(encoding)) => {
                if let Some(Object::Array(items)) = encoding
                    .get(b"Differences")
                    .ok()
                    .map(|object| resolve(document, object))
                {
                    differences = Some(items);
                }
                named_base =
                    name_of(encoding.get(b"BaseEncoding").ok()).and_then(|name| base_of(&name));
            }
            _ => {}
        }
        let builtin = match (named_base, descriptor) {
            (None, Some(descriptor)) => type1_builtin_encoding(document, descriptor, streams),
            _ => None,
        };
        let base = named_base.or(default_base);
        self.simple = match builtin {
            Some(Type1Encoding::Standard) => (0..=255u8)
                .map(|code| BaseEncoding::Standard.decode(code).map(String::from))
                .collect(),
            Some(Type1Encoding::Custom(table)) => table,
            None => (0..=255u8)
                .map(|code| base.and_then(|base| base.decode(code)).map(String::from))
                .collect(),
        };
        if standard_14_symbolic(&self.name) && self.to_unicode.is_empty() {
            // Symbol and dingbat fonts draw bullets and signs, not words: every code reads as a
            // neutral symbol so it separates words and cannot hide letters.
            self.simple = (0..=255).map(|_| Some("\u{25a1}".to_string())).collect();
        }
        if let Some(items) = differences {
            let mut code: usize = 0;
            for item in items {
                match resolve(document, item) {
                    Object::Integer(value) => code = usize::try_from(*value).unwrap_or(256),
                    Object::Name(name) => {
                        if let Some(slot) = self.simple.get_mut(code) {
                            *slot = glyph_name_to_unicode(name);
                        }
                        code = code.saturating_add(1);
                    }
                    _ => {}
                }
            }
        }

        if is_type3
            && let Some(Object::Array(matrix)) = get(b"FontMatrix")
            && let Some(scale) = matrix.first().and_then(number)
        {
            self.scale = scale.abs();
        }
        self.first_char = get(b"FirstChar").and_then(number).unwrap_or(0.0).max(0.0) as u32;
        if let Some(Object::Array(widths)) = get(b"Widths") {
            self.widths = widths
                .iter()
                .map(|width| number(resolve(document, width)).unwrap_or(0.0))
                .collect();
        }
        if let Some(missing) = descriptor
            .and_then(|descriptor| descriptor.get(b"MissingWidth").ok())
            .and_then(number)
        {
            self.default_width = missing;
        }
    }

    /// A standard 14 font named without `/Widths` (allowed before PDF 1.5 and still written by
    /// PyMuPDF, reportlab and others): the widths are the font's AFM metrics, which every viewer
    /// uses. Without them each glyph was taken as 500 wide, positions drifted along the line,
    /// and a redaction box seemed to lie over the kept glyphs after it (issue 11).
    fn standard_widths(&mut self) {
        use super::standard_widths as afm;
        let base = self.name.split('+').next_back().unwrap_or(&self.name);
        let bold = base.contains("Bold");
        let slanted = base.contains("Italic") || base.contains("Oblique");
        let table: &[u16; 256] = if base.starts_with("Symbol") {
            &afm::SYMBOL
        } else if base.starts_with("ZapfDingbats") {
            &afm::ZAPF_DINGBATS
        } else if base.starts_with("Helvetica") || base.starts_with("Arial") {
            match (bold, slanted) {
                (false, false) => &afm::HELVETICA,
                (true, false) => &afm::HELVETICA_BOLD,
                (false, true) => &afm::HELVETICA_OBLIQUE,
                (true, true) => &afm::HELVETICA_BOLD_OBLIQUE,
            }
        } else if base.starts_with("Times") {
            match (bold, slanted) {
                (false, false) => &afm::TIMES_ROMAN,
                (true, false) => &afm::TIMES_BOLD,
                (false, true) => &afm::TIMES_ITALIC,
                (true, true) => &afm::TIMES_BOLD_ITALIC,
            }
        } else if base.starts_with("Courier") {
            match (bold, slanted) {
                (false, false) => &afm::COURIER,
                (true, false) => &afm::COURIER_BOLD,
                (false, true) => &afm::COURIER_OBLIQUE,
                (true, true) => &afm::COURIER_BOLD_OBLIQUE,
            }
        } else {
            return;
        };
        let symbolic =
            std::ptr::eq(table, &afm::SYMBOL) || std::ptr::eq(table, &afm::ZAPF_DINGBATS);
        self.first_char = 0;
        self.widths = (0..256usize)
            .map(|code| {
                let byte = if symbolic {
                    Some(code as u8)
                } else {
                    self.simple_final
                        .get(code)
                        .and_then(|text| text.as_deref())
                        .and_then(|text| text.chars().next())
                        .and_then(windows_1252_byte)
                };
                byte.map_or(self.default_width, |byte| {
                    f64::from(table[usize::from(byte)])
                })
            })
            .collect();
    }

    /// Splits a shown string into codes and decodes each.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        let mut codes = Vec::with_capacity(bytes.len());
        let mut position = 0;
        while position < bytes.len() {
            let length = self.code_length(&bytes[position..]);
            let end = (position + length).min(bytes.len());
            let (length, code) = code_value(&bytes[position..end]).unwrap_or((1, 0));
            position = end;
            let text = self.unicode(length, code);
            let width = self.width(code) * self.scale;
            codes.push(Code {
                text,
                width,
                word_space: length == 1 && code == 32,
                code,
            });
        }
        codes
    }

    fn code_length(&self, rest: &[u8]) -> usize {
        if self.kind == Kind::Simple {
            return 1;
        }
        for length in 1..=4usize {
            if rest.len() < length {
                break;
            }
            let value = rest[..length]
                .iter()
                .fold(0u32, |value, byte| value << 8 | u32::from(*byte));
            if self.ranges.iter().any(|range| {
                usize::from(range.length) == length && range.low <= value && value <= range.high
            }) {
                return length;
            }
        }
        // No range matches: consume the shortest code length in use (§9.7.6.3).
        self.ranges
            .iter()
            .map(|range| usize::from(range.length))
            .min()
            .unwrap_or(2)
            .max(1)
    }

    fn unicode(&self, length: u8, code: u32) -> Option<Rc<str>> {
        if self.kind == Kind::Simple && length == 1 {
            return self.simple_final.get(code as usize).cloned().flatten();
        }
        self.lookup(length, code)
    }

    fn lookup(&self, length: u8, code: u32) -> Option<Rc<str>> {
        if self.problem.is_some() && !self.unicode_codes {
            return None;
        }
        let text = self.to_unicode.get(&(length, code)).cloned().or_else(|| {
            if self.unicode_codes {
                char::from_u32(code).map(|c| Rc::from(c.to_string()))
            } else if self.kind == Kind::Simple {
                self.simple
                    .get(code as usize)
                    .cloned()
                    .flatten()
                    .map(Rc::from)
            } else {
                None
            }
        })?;
        // A mapping to control characters or U+FFFD is no mapping: a viewer would show the
        // glyph, we would read nothing (fail closed). An explicitly empty mapping is allowed:
        // shaped scripts map a ligature's text to one glyph and its other glyphs to nothing
        // (the interpreter still fails a font whose every glyph maps to nothing).
        if text
            .chars()
            .any(|c| c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()))
        {
            return None;
        }
        Some(text)
    }

    fn width(&self, code: u32) -> f64 {
        match self.kind {
            Kind::Simple => code
                .checked_sub(self.first_char)
                .and_then(|index| self.widths.get(index as usize))
                .copied()
                .unwrap_or(if self.widths.is_empty() && code == 32 {
                    250.0
                } else {
                    self.default_width
                }),
            Kind::Composite => self
                .cid_widths
                .iter()
                .find(|(first, last, _)| *first <= code && code <= *last)
                .map(|(_, _, width)| *width)
                .unwrap_or(self.default_width),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_unicode_cmaps_with_bfchar_and_both_bfrange_forms() {
        let cmap = CMap::parse(
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
              1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
              2 beginbfchar <0003> <0020> <0011> <004A> endbfchar\n\
              2 beginbfrange <0020> <0022> <0061> <0030> <0031> [<00E9> <D83DDE00>] endbfrange\n\
              endcmap",
        );
        assert_eq!(cmap.ranges.len(), 1);
        assert_eq!(&*cmap.map[&(2, 0x11)], "J");
        assert_eq!(&*cmap.map[&(2, 0x22)], "c");
        assert_eq!(&*cmap.map[&(2, 0x30)], "é");
        assert_eq!(&*cmap.map[&(2, 0x31)], "😀");
    }

    fn document_with_stream(bytes: &[u8]) -> (Document, lopdf::ObjectId) {
        let mut document = Document::with_version("1.7");
        let id = document.add_object(lopdf::Stream::new(Dictionary::new(), bytes.to_vec()));
        (document, id)
    }

    #[test]
    fn a_type1_program_built_in_encoding_is_read() {
        let (document, id) = document_with_stream(
            b"%!PS-AdobeFont-1.0: CMR10\n/Encoding 256 array\n0 1 255 {1 index exch /.notdef put} for\n\
              dup 74 /J put\ndup 97 /a put\ndup 12 /fi put\nreadonly def\ncurrentfile eexec\n\x80\x81",
        );
        let mut descriptor = Dictionary::new();
        descriptor.set("FontFile", Object::Reference(id));
        let streams = Streams::new(&document);
        let Some(Type1Encoding::Custom(table)) =
            type1_builtin_encoding(&document, &descriptor, &streams)
        else {
            panic!("no custom encoding read");
        };
        assert_eq!(table[74].as_deref(), Some("J"));
        assert_eq!(table[97].as_deref(), Some("a"));
        assert_eq!(table[12].as_deref(), Some("fi"));
        assert_eq!(table[65], None);
    }

    #[test]
    fn mixed_length_code_spaces_split_codes() {
        let (mut document, to_unicode) = document_with_stream(
            b"2 begincodespacerange <00> <80> <8140> <9FFC> endcodespacerange\n\
              2 beginbfchar <41> <004A> <8145> <0061> endbfchar",
        );
        let mut font = Dictionary::new();
        font.set("Subtype", Object::Name(b"Type0".to_vec()));
        font.set("BaseFont", Object::Name(b"Mixed".to_vec()));
        font.set("Encoding", Object::Name(b"90ms-RKSJ-H".to_vec()));
        font.set("ToUnicode", Object::Reference(to_unicode));
        let font_id = document.add_object(font);
        let Ok(Object::Dictionary(font)) = document.get_object(font_id) else {
            panic!("font");
        };
        let streams = Streams::new(&document);
        let font = Font::load(&document, font, &streams);
        assert_eq!(font.problem, None);
        let codes = font.decode(b"\x41\x81\x45\x42");
        let texts: Vec<Option<&str>> = codes.iter().map(|code| code.text.as_deref()).collect();
        assert_eq!(texts, [Some("J"), Some("a"), None]);
    }

    #[test]
    fn huge_ranges_are_capped() {
        let cmap = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(cmap.truncated);
        assert_eq!(cmap.map.len(), MAX_CMAP_ENTRIES);
    }
}
