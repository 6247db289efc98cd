//! The embedded fonts: DejaVu Sans and DejaVu Sans Bold (Bitstream Vera licence, see
//! `assets/fonts/LICENSE-DejaVu.txt`), parsed once per process, with a fast table of glyph ids and
//! advances for the characters case notes actually use. Also builds the per-document subset and
//! the PDF objects of a Type0 / CIDFontType2 font (Identity-H, `/W`, `/CIDToGIDMap`, ToUnicode).
//!
//! Each distinct character of a document gets its own CID, so the ToUnicode CMap maps every CID
//! to exactly one character even where two characters share a glyph (space and no-break space):
//! text extraction gives back exactly the text that was set (PDF 32000-1 9.10.2).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use ttf_parser::Face;

pub(crate) static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub(crate) static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Characters below this code point are looked up in a table built once (Latin, Greek,
/// Cyrillic, punctuation, currency): the hot path of typesetting case notes.
const TABLE_LIMIT: usize = 0x2200;

/// Drawn (and extracted) in place of a character the font cannot show: visible, never a panic.
pub const REPLACEMENT: char = '\u{FFFD}';

/// The two weights the typesetter uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Regular,
    Bold,
}

impl Style {
    pub const ALL: [Style; 2] = [Style::Regular, Style::Bold];

    pub fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Bold => 1,
        }
    }

    /// Resource name in page dictionaries.
    pub fn resource(self) -> &'static str {
        match self {
            Style::Regular => "F1",
            Style::Bold => "F2",
        }
    }
}

/// One parsed face with its metrics in thousandths of an em (PDF glyph space).
pub struct FontFace {
    pub data: &'static [u8],
    pub postscript_name: &'static str,
    face: Face<'static>,
    units_per_em: f32,
    /// (glyph id, advance in 1/1000 em) for characters below [`TABLE_LIMIT`]; glyph 0 = missing.
    table: Vec<(u16, u16)>,
    replacement: (u16, u16),
    pub ascent: i32,
    pub descent: i32,
    pub cap_height: i32,
    pub bbox: [i32; 4],
}

impl FontFace {
    fn parse(data: &'static [u8], postscript_name: &'static str) -> Option<FontFace> {
        let face = Face::parse(data, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        let scale = |value: f32| (value * 1000.0 / units_per_em).round() as i32;
        let mut font = FontFace {
            data,
            postscript_name,
            units_per_em,
            table: Vec::new(),
            replacement: (0, 0),
            ascent: scale(f32::from(face.ascender())),
            descent: scale(f32::from(face.descender())),
            cap_height: scale(f32::from(face.capital_height().unwrap_or(face.ascender()))),
            bbox: {
                let rect = face.global_bounding_box();
                [
                    scale(f32::from(rect.x_min)),
                    scale(f32::from(rect.y_min)),
                    scale(f32::from(rect.x_max)),
                    scale(f32::from(rect.y_max)),
                ]
            },
            face,
        };
        let mut table = Vec::with_capacity(TABLE_LIMIT);
        for code in 0..TABLE_LIMIT as u32 {
            let entry = char::from_u32(code)
                .and_then(|c| font.lookup(c))
                .unwrap_or((0, 0));
            table.push(entry);
        }
        font.table = table;
        font.replacement = font
            .lookup(REPLACEMENT)
            .or_else(|| font.lookup('?'))
            .unwrap_or((0, 500));
        Some(font)
    }

    fn lookup(&self, c: char) -> Option<(u16, u16)> {
        let gid = self.face.glyph_index(c)?;
        if gid.0 == 0 {
            return None;
        }
        let advance = self.face.glyph_hor_advance(gid).unwrap_or(0);
        let width = (f32::from(advance) * 1000.0 / self.units_per_em).round() as u16;
        Some((gid.0, width))
    }

    /// Glyph id and advance (1/1000 em) of `c`, or `None` when the font lacks it.
    #[inline]
    pub fn glyph(&self, c: char) -> Option<(u16, u16)> {
        let code = c as usize;
        if code < TABLE_LIMIT {
            let entry = self.table[code];
            if entry.0 == 0 { None } else { Some(entry) }
        } else {
            self.lookup(c)
        }
    }

    /// Whether the font can show `c`.
    #[inline]
    pub fn has(&self, c: char) -> bool {
        self.glyph(c).is_some()
    }

    /// Advance of `c` in 1/1000 em; the replacement's advance when missing.
    #[inline]
    pub fn width(&self, c: char) -> u16 {
        self.glyph(c).unwrap_or(self.replacement).1
    }

    /// Glyph id of `c`, or the replacement glyph.
    #[inline]
    pub fn gid(&self, c: char) -> u16 {
        self.glyph(c).unwrap_or(self.replacement).0
    }

    /// Width of `text` at `size` points.
    pub fn text_width(&self, text: &str, size: f32) -> f32 {
        let units: u32 = text.chars().map(|c| u32::from(self.width(c))).sum();
        units as f32 * size / 1000.0
    }
}

/// The two faces, parsed once per process (the typesetter runs for thousands of case notes).
pub fn faces() -> Result<&'static [FontFace; 2], String> {
    static FACES: OnceLock<Option<[FontFace; 2]>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some([
                FontFace::parse(REGULAR_TTF, "DejaVuSans")?,
                FontFace::parse(BOLD_TTF, "DejaVuSans-Bold")?,
            ])
        })
        .as_ref()
        .ok_or_else(|| "the embedded DejaVu fonts cannot be parsed".to_string())
}

/// The font as used in one document: its characters (CID = position + 1 in sorted order).
pub struct UsedFont {
    pub chars: Vec<char>,
}

impl UsedFont {
    pub fn new(chars: &BTreeSet<char>) -> UsedFont {
        UsedFont {
            chars: chars.iter().copied().collect(),
        }
    }

    /// CID of `c` (0 = .notdef if, against the invariant, `c` was not collected).
    #[inline]
    pub fn cid(&self, c: char) -> u16 {
        self.chars
            .binary_search(&c)
            .map(|index| (index + 1) as u16)
            .unwrap_or(0)
    }
}

/// The pieces of a subset font, ready to be put into PDF objects.
pub struct SubsetFont {
    /// `ABCDEF+DejaVuSans`: tag derived from the character set, so output is deterministic.
    pub base_font: String,
    pub font_file: Vec<u8>,
    /// Big-endian new glyph id per CID (CID 0 included).
    pub cid_to_gid: Vec<u8>,
    /// The `/W` array content: `1 [w1 w2 ...]`.
    pub widths: Vec<i64>,
    pub to_unicode: Vec<u8>,
}

pub fn subset(font: &FontFace, used: &UsedFont, digest: &[u8]) -> Result<SubsetFont, String> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut gids = Vec::with_capacity(used.chars.len());
    for &c in &used.chars {
        gids.push(remapper.remap(font.gid(c)));
    }
    let font_file = subsetter::subset(font.data, 0, &remapper)
        .map_err(|error| format!("cannot subset {}: {error}", font.postscript_name))?;
    // Hinting bytecode is about half of DejaVu's glyph data and does nothing for a PDF reader
    // that scales outlines; drop it when the subset parses as expected, else keep it as it is.
    let font_file = strip_glyph_instructions(&font_file).unwrap_or(font_file);
    let mut cid_to_gid = Vec::with_capacity((gids.len() + 1) * 2);
    cid_to_gid.extend_from_slice(&[0, 0]);
    for gid in &gids {
        cid_to_gid.extend_from_slice(&gid.to_be_bytes());
    }
    let widths = used
        .chars
        .iter()
        .map(|&c| i64::from(font.width(c)))
        .collect();
    let mut tag = String::with_capacity(7);
    for byte in digest.iter().take(6) {
        tag.push(char::from(b'A' + byte % 26));
    }
    Ok(SubsetFont {
        base_font: format!("{tag}+{}", font.postscript_name),
        font_file,
        cid_to_gid,
        widths,
        to_unicode: to_unicode_cmap(font, &used.chars),
    })
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *data.get(at)?,
        *data.get(at + 1)?,
        *data.get(at + 2)?,
        *data.get(at + 3)?,
    ]))
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Bytes of a simple glyph's flags and coordinates starting at `start`, so the copy carries
/// no stale padding from the source `loca` alignment.
fn simple_outline_length(glyph: &[u8], contours: i16, start: usize) -> Option<usize> {
    const X_SHORT: u8 = 0x02;
    const Y_SHORT: u8 = 0x04;
    const REPEAT: u8 = 0x08;
    const X_SAME_OR_POSITIVE: u8 = 0x10;
    const Y_SAME_OR_POSITIVE: u8 = 0x20;
    if contours == 0 {
        return Some(0);
    }
    let last_end = be16(glyph, 10 + 2 * (contours as usize - 1))?;
    let points = usize::from(last_end) + 1;
    let mut at = start;
    let (mut x_bytes, mut y_bytes, mut seen) = (0usize, 0usize, 0usize);
    while seen < points {
        let flag = *glyph.get(at)?;
        at += 1;
        let mut count = 1;
        if flag & REPEAT != 0 {
            count += usize::from(*glyph.get(at)?);
            at += 1;
        }
        let x = if flag & X_SHORT != 0 {
            1
        } else if flag & X_SAME_OR_POSITIVE != 0 {
            0
        } else {
            2
        };
        let y = if flag & Y_SHORT != 0 {
            1
        } else if flag & Y_SAME_OR_POSITIVE != 0 {
            0
        } else {
            2
        };
        x_bytes += x * count;
        y_bytes += y * count;
        seen += count;
    }
    let length = at - start + x_bytes + y_bytes;
    (start + length <= glyph.len()).then_some(length)
}

/// One glyph without its TrueType instructions (OpenType `glyf` spec): a simple glyph keeps its
/// contours with `instructionLength` 0; a composite keeps its components with
/// `WE_HAVE_INSTRUCTIONS` cleared and the trailing instructions dropped.
fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    if glyph.is_empty() {
        return Some(Vec::new());
    }
    let contours = be16(glyph, 0)? as i16;
    if contours >= 0 {
        let at = 10 + 2 * contours as usize;
        let length = usize::from(be16(glyph, at)?);
        let start = at + 2 + length;
        let rest = glyph.get(start..start + simple_outline_length(glyph, contours, start)?)?;
        let mut out = Vec::with_capacity(at + 2 + rest.len());
        out.extend_from_slice(&glyph[..at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(out);
    }
    const ARGS_ARE_WORDS: u16 = 0x0001;
    const HAVE_SCALE: u16 = 0x0008;
    const MORE_COMPONENTS: u16 = 0x0020;
    const X_AND_Y_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    const HAVE_INSTRUCTIONS: u16 = 0x0100;
    let mut out = glyph.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = be16(glyph, at)?;
        let mut size = 4 + if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & HAVE_SCALE != 0 {
            size += 2;
        } else if flags & X_AND_Y_SCALE != 0 {
            size += 4;
        } else if flags & TWO_BY_TWO != 0 {
            size += 8;
        }
        let component = glyph.get(at..at + size)?;
        out.extend_from_slice(&(flags & !HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(&component[2..]);
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

/// The font with every glyph's hinting instructions removed (long `loca`, checksums redone).
/// `fpgm`, `prep` and `cvt ` stay: they are small, and PDF 32000-1 9.9 lists them among the
/// tables a TrueType font program carries. `None` when anything does not parse as expected.
fn strip_glyph_instructions(font: &[u8]) -> Option<Vec<u8>> {
    let tables = usize::from(be16(font, 4)?);
    let mut directory = Vec::with_capacity(tables);
    for index in 0..tables {
        let record = 12 + 16 * index;
        let tag: [u8; 4] = font.get(record..record + 4)?.try_into().ok()?;
        let offset = be32(font, record + 8)? as usize;
        let length = be32(font, record + 12)? as usize;
        directory.push((tag, font.get(offset..offset + length)?));
    }
    let table = |tag: &[u8; 4]| directory.iter().find(|(t, _)| t == tag).map(|(_, d)| *d);
    let head = table(b"head")?;
    let maxp = table(b"maxp")?;
    let loca = table(b"loca")?;
    let glyf = table(b"glyf")?;
    let long_loca = be16(head, 50)? == 1;
    let glyphs = usize::from(be16(maxp, 4)?);
    let offset = |index: usize| -> Option<usize> {
        if long_loca {
            be32(loca, index * 4).map(|v| v as usize)
        } else {
            be16(loca, index * 2).map(|v| usize::from(v) * 2)
        }
    };
    let mut new_glyf = Vec::with_capacity(glyf.len());
    let mut new_loca = Vec::with_capacity((glyphs + 1) * 4);
    for index in 0..glyphs {
        new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
        let (start, end) = (offset(index)?, offset(index + 1)?);
        new_glyf.extend(strip_glyph(glyf.get(start..end)?)?);
        while !new_glyf.len().is_multiple_of(4) {
            new_glyf.push(0);
        }
    }
    new_loca.extend_from_slice(&u32::try_from(new_glyf.len()).ok()?.to_be_bytes());
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]); // checkSumAdjustment, set below
    new_head
        .get_mut(50..52)?
        .copy_from_slice(&1u16.to_be_bytes()); // long loca
    let mut new_maxp = maxp.to_vec();
    if new_maxp.len() >= 28 {
        new_maxp[26..28].copy_from_slice(&[0, 0]); // maxSizeOfInstructions
    }

    let mut out = font.get(..12)?.to_vec();
    let mut body: Vec<u8> = Vec::new();
    let body_start = 12 + 16 * tables;
    let mut head_at = None;
    for (tag, data) in &directory {
        let data: &[u8] = match tag {
            b"glyf" => &new_glyf,
            b"loca" => &new_loca,
            b"head" => &new_head,
            b"maxp" => &new_maxp,
            _ => data,
        };
        let offset = body_start + body.len();
        if tag == b"head" {
            head_at = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&u32::try_from(offset).ok()?.to_be_bytes());
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        body.extend_from_slice(data);
        while !body.len().is_multiple_of(4) {
            body.push(0);
        }
    }
    out.extend_from_slice(&body);
    let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    let at = head_at? + 8;
    out.get_mut(at..at + 4)?
        .copy_from_slice(&adjustment.to_be_bytes());
    Some(out)
}

/// ToUnicode CMap: CID i+1 -> chars[i] (a missing glyph extracts as U+FFFD, as it is drawn).
fn to_unicode_cmap(font: &FontFace, chars: &[char]) -> Vec<u8> {
    let mut out = String::with_capacity(400 + chars.len() * 16);
    out.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for (chunk_index, chunk) in chars.chunks(100).enumerate() {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (offset, &c) in chunk.iter().enumerate() {
            let cid = chunk_index * 100 + offset + 1;
            let shown = if font.has(c) { c } else { REPLACEMENT };
            let mut units = [0u16; 2];
            let _ = write!(out, "<{cid:04X}> <");
            for unit in shown.encode_utf16(&mut units) {
                let _ = write!(out, "{unit:04X}");
            }
            out.push_str(">\n");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faces_parse_and_cover_the_names_we_need() {
        let faces = faces().unwrap();
        for c in "Wiśniewska Siobhán O’Brien Zoë “quoted” – £ €".chars() {
            assert!(faces[0].has(c), "regular lacks {c:?}");
            assert!(faces[1].has(c), "bold lacks {c:?}");
        }
        assert!(faces[0].has(REPLACEMENT));
        assert!(!faces[0].has('\u{4E2D}'));
        assert!(faces[0].width('W') > faces[0].width('i'));
    }

    #[test]
    fn stripped_subset_still_parses_with_the_same_outlines() {
        let faces = faces().unwrap();
        for face in faces {
            let mut remapper = subsetter::GlyphRemapper::new();
            let text = "Wiśniewska Åé ﬁ½";
            let gids: Vec<u16> = text.chars().map(|c| remapper.remap(face.gid(c))).collect();
            let subset = subsetter::subset(face.data, 0, &remapper).unwrap();
            let stripped = strip_glyph_instructions(&subset).unwrap();
            assert!(stripped.len() < subset.len());
            let before = Face::parse(&subset, 0).unwrap();
            let after = Face::parse(&stripped, 0).unwrap();
            for gid in gids {
                let gid = ttf_parser::GlyphId(gid);
                assert_eq!(
                    before.glyph_bounding_box(gid),
                    after.glyph_bounding_box(gid)
                );
                assert_eq!(before.glyph_hor_advance(gid), after.glyph_hor_advance(gid));
            }
            // The whole-font checksum is right: summing the file gives the magic number.
            assert_eq!(checksum(&stripped), 0xB1B0_AFBA);
        }
    }

    #[test]
    fn cids_follow_sorted_characters() {
        let set: BTreeSet<char> = "cab".chars().collect();
        let used = UsedFont::new(&set);
        assert_eq!(used.cid('a'), 1);
        assert_eq!(used.cid('c'), 3);
        assert_eq!(used.cid('z'), 0);
    }
}
