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

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

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
    fn cids_follow_sorted_characters() {
        let set: BTreeSet<char> = "cab".chars().collect();
        let used = UsedFont::new(&set);
        assert_eq!(used.cid('a'), 1);
        assert_eq!(used.cid('c'), 3);
        assert_eq!(used.cid('z'), 0);
    }
}
