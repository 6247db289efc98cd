//! The simple-font encodings of PDF 32000-1 Annex D (Standard, WinAnsi, MacRoman) and the glyph
//! names that `/Differences` arrays use, mapped to Unicode. Only what text extraction needs:
//! a code or glyph name with no entry here is undecodable, and the caller fails closed.

/// Which base encoding a simple font uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

/// WinAnsiEncoding 0x80..=0x9F (the rest is ISO-8859-1 from 0x20; undefined codes are `None`).
const WIN_ANSI_80: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// MacRomanEncoding 0x80..=0xFF.
const MAC_ROMAN_80: &str = "ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u{a0}ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄¤‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\u{f8ff}ÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ";

/// StandardEncoding where it differs from ASCII (0x27, 0x60) and above 0x7E.
const STANDARD_HIGH: [(u8, char); 56] = [
    (0xA1, '¡'),
    (0xA2, '¢'),
    (0xA3, '£'),
    (0xA4, '⁄'),
    (0xA5, '¥'),
    (0xA6, 'ƒ'),
    (0xA7, '§'),
    (0xA8, '¤'),
    (0xA9, '\''),
    (0xAA, '“'),
    (0xAB, '«'),
    (0xAC, '‹'),
    (0xAD, '›'),
    (0xAE, 'ﬁ'),
    (0xAF, 'ﬂ'),
    (0xB1, '–'),
    (0xB2, '†'),
    (0xB3, '‡'),
    (0xB4, '·'),
    (0xB6, '¶'),
    (0xB7, '•'),
    (0xB8, '‚'),
    (0xB9, '„'),
    (0xBA, '”'),
    (0xBB, '»'),
    (0xBC, '…'),
    (0xBD, '‰'),
    (0xBF, '¿'),
    (0xC1, '`'),
    (0xC2, '´'),
    (0xC3, 'ˆ'),
    (0xC4, '˜'),
    (0xC5, '¯'),
    (0xC6, '˘'),
    (0xC7, '˙'),
    (0xC8, '¨'),
    (0xCA, '˚'),
    (0xCB, '¸'),
    (0xCD, '˝'),
    (0xCE, '˛'),
    (0xCF, 'ˇ'),
    (0xD0, '—'),
    (0xE1, 'Æ'),
    (0xE3, 'ª'),
    (0xE8, 'Ł'),
    (0xE9, 'Ø'),
    (0xEA, 'Œ'),
    (0xEB, 'º'),
    (0xF1, 'æ'),
    (0xF5, 'ı'),
    (0xF8, 'ł'),
    (0xF9, 'ø'),
    (0xFA, 'œ'),
    (0xFB, 'ß'),
    (0x27, '’'),
    (0x60, '‘'),
];

impl BaseEncoding {
    /// The Unicode for a one-byte code, if the encoding defines it.
    pub fn decode(self, code: u8) -> Option<char> {
        match self {
            BaseEncoding::WinAnsi => match code {
                0x20..=0x7E => Some(char::from(code)),
                0x80..=0x9F => WIN_ANSI_80[usize::from(code - 0x80)],
                0xA0..=0xFF => Some(char::from(code)),
                _ => None,
            },
            BaseEncoding::MacRoman => match code {
                0x20..=0x7E => Some(char::from(code)),
                0x80..=0xFF => MAC_ROMAN_80.chars().nth(usize::from(code - 0x80)),
                _ => None,
            },
            BaseEncoding::Standard => {
                if let Some((_, character)) = STANDARD_HIGH
                    .iter()
                    .find(|(table_code, _)| *table_code == code)
                {
                    return Some(*character);
                }
                match code {
                    0x20..=0x7E => Some(char::from(code)),
                    _ => None,
                }
            }
        }
    }
}

/// Glyph names beyond the single letters and `uniXXXX`/`uXXXX` forms (Adobe Glyph List subset
/// covering Latin text, the names of every glyph in the three base encodings).
const GLYPH_NAMES: &[(&str, &str)] = &[
    ("space", " "),
    ("nbspace", "\u{a0}"),
    ("exclam", "!"),
    ("quotedbl", "\""),
    ("numbersign", "#"),
    ("dollar", "$"),
    ("percent", "%"),
    ("ampersand", "&"),
    ("quotesingle", "'"),
    ("quoteright", "’"),
    ("quoteleft", "‘"),
    ("parenleft", "("),
    ("parenright", ")"),
    ("asterisk", "*"),
    ("plus", "+"),
    ("comma", ","),
    ("hyphen", "-"),
    ("sfthyphen", "\u{ad}"),
    ("period", "."),
    ("slash", "/"),
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("colon", ":"),
    ("semicolon", ";"),
    ("less", "<"),
    ("equal", "="),
    ("greater", ">"),
    ("question", "?"),
    ("at", "@"),
    ("bracketleft", "["),
    ("backslash", "\\"),
    ("bracketright", "]"),
    ("asciicircum", "^"),
    ("underscore", "_"),
    ("grave", "`"),
    ("braceleft", "{"),
    ("bar", "|"),
    ("braceright", "}"),
    ("asciitilde", "~"),
    ("exclamdown", "¡"),
    ("cent", "¢"),
    ("sterling", "£"),
    ("currency", "¤"),
    ("yen", "¥"),
    ("brokenbar", "¦"),
    ("section", "§"),
    ("dieresis", "¨"),
    ("copyright", "©"),
    ("ordfeminine", "ª"),
    ("guillemotleft", "«"),
    ("logicalnot", "¬"),
    ("registered", "®"),
    ("macron", "¯"),
    ("degree", "°"),
    ("plusminus", "±"),
    ("twosuperior", "²"),
    ("threesuperior", "³"),
    ("acute", "´"),
    ("mu", "µ"),
    ("paragraph", "¶"),
    ("periodcentered", "·"),
    ("cedilla", "¸"),
    ("onesuperior", "¹"),
    ("ordmasculine", "º"),
    ("guillemotright", "»"),
    ("onequarter", "¼"),
    ("onehalf", "½"),
    ("threequarters", "¾"),
    ("questiondown", "¿"),
    ("Agrave", "À"),
    ("Aacute", "Á"),
    ("Acircumflex", "Â"),
    ("Atilde", "Ã"),
    ("Adieresis", "Ä"),
    ("Aring", "Å"),
    ("AE", "Æ"),
    ("Ccedilla", "Ç"),
    ("Egrave", "È"),
    ("Eacute", "É"),
    ("Ecircumflex", "Ê"),
    ("Edieresis", "Ë"),
    ("Igrave", "Ì"),
    ("Iacute", "Í"),
    ("Icircumflex", "Î"),
    ("Idieresis", "Ï"),
    ("Eth", "Ð"),
    ("Ntilde", "Ñ"),
    ("Ograve", "Ò"),
    ("Oacute", "Ó"),
    ("Ocircumflex", "Ô"),
    ("Otilde", "Õ"),
    ("Odieresis", "Ö"),
    ("multiply", "×"),
    ("Oslash", "Ø"),
    ("Ugrave", "Ù"),
    ("Uacute", "Ú"),
    ("Ucircumflex", "Û"),
    ("Udieresis", "Ü"),
    ("Yacute", "Ý"),
    ("Thorn", "Þ"),
    ("germandbls", "ß"),
    ("agrave", "à"),
    ("aacute", "á"),
    ("acircumflex", "â"),
    ("atilde", "ã"),
    ("adieresis", "ä"),
    ("aring", "å"),
    ("ae", "æ"),
    ("ccedilla", "ç"),
    ("egrave", "è"),
    ("eacute", "é"),
    ("ecircumflex", "ê"),
    ("edieresis", "ë"),
    ("igrave", "ì"),
    ("iacute", "í"),
    ("icircumflex", "î"),
    ("idieresis", "ï"),
    ("eth", "ð"),
    ("ntilde", "ñ"),
    ("ograve", "ò"),
    ("oacute", "ó"),
    ("ocircumflex", "ô"),
    ("otilde", "õ"),
    ("odieresis", "ö"),
    ("divide", "÷"),
    ("oslash", "ø"),
    ("ugrave", "ù"),
    ("uacute", "ú"),
    ("ucircumflex", "û"),
    ("udieresis", "ü"),
    ("yacute", "ý"),
    ("thorn", "þ"),
    ("ydieresis", "ÿ"),
    ("Euro", "€"),
    ("quotesinglbase", "‚"),
    ("florin", "ƒ"),
    ("quotedblbase", "„"),
    ("ellipsis", "…"),
    ("dagger", "†"),
    ("daggerdbl", "‡"),
    ("circumflex", "ˆ"),
    ("perthousand", "‰"),
    ("Scaron", "Š"),
    ("guilsinglleft", "‹"),
    ("OE", "Œ"),
    ("Zcaron", "Ž"),
    ("quotedblleft", "“"),
    ("quotedblright", "”"),
    ("bullet", "•"),
    ("endash", "–"),
    ("emdash", "—"),
    ("tilde", "˜"),
    ("trademark", "™"),
    ("scaron", "š"),
    ("guilsinglright", "›"),
    ("oe", "œ"),
    ("zcaron", "ž"),
    ("Ydieresis", "Ÿ"),
    ("fi", "fi"),
    ("fl", "fl"),
    ("ff", "ff"),
    ("ffi", "ffi"),
    ("ffl", "ffl"),
    ("dotlessi", "ı"),
    ("Lslash", "Ł"),
    ("lslash", "ł"),
    ("minus", "−"),
    ("fraction", "⁄"),
    ("hungarumlaut", "˝"),
    ("ogonek", "˛"),
    ("caron", "ˇ"),
    ("breve", "˘"),
    ("dotaccent", "˙"),
    ("ring", "˚"),
    ("notequal", "≠"),
    ("infinity", "∞"),
    ("lessequal", "≤"),
    ("greaterequal", "≥"),
    ("partialdiff", "∂"),
    ("summation", "∑"),
    ("product", "∏"),
    ("pi", "π"),
    ("integral", "∫"),
    ("Omega", "Ω"),
    ("radical", "√"),
    ("approxequal", "≈"),
    ("Delta", "∆"),
    ("lozenge", "◊"),
    ("apple", "\u{f8ff}"),
];

/// The Unicode text of a glyph name (`A`, `eacute`, `uni00E9`, `u1F600`, `f_i`, `a.sc`).
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // A suffix after a period is a variant ("a.sc", "one.oldstyle").
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<Vec<String>> = base.split('_').map(single_glyph_name).collect();
        return parts.map(|parts| parts.concat());
    }
    single_glyph_name(base)
}

fn single_glyph_name(name: &str) -> Option<String> {
    if name.len() == 1 && name.as_bytes()[0].is_ascii_alphabetic() {
        return Some(name.to_string());
    }
    if let Some((_, text)) = GLYPH_NAMES.iter().find(|(glyph, _)| *glyph == name) {
        return Some((*text).to_string());
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|byte| byte.is_ascii_hexdigit())
    {
        let units: Option<Vec<u16>> = (0..hex.len())
            .step_by(4)
            .map(|index| u16::from_str_radix(&hex[index..index + 4], 16).ok())
            .collect();
        return String::from_utf16(&units?).ok();
    }
    if let Some(hex) = name.strip_prefix('u')
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_roman_has_128_high_codes() {
        assert_eq!(MAC_ROMAN_80.chars().count(), 128);
        assert_eq!(BaseEncoding::MacRoman.decode(0x8E), Some('é'));
    }

    #[test]
    fn encodings_agree_with_annex_d() {
        assert_eq!(BaseEncoding::WinAnsi.decode(0xE9), Some('é'));
        assert_eq!(BaseEncoding::WinAnsi.decode(0x92), Some('’'));
        assert_eq!(BaseEncoding::WinAnsi.decode(0x81), None);
        assert_eq!(BaseEncoding::Standard.decode(0x27), Some('’'));
        assert_eq!(BaseEncoding::Standard.decode(0xE9), Some('Ø'));
        assert_eq!(BaseEncoding::Standard.decode(0x41), Some('A'));
        assert_eq!(BaseEncoding::Standard.decode(0xFF), None);
    }

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_name_to_unicode(b"eacute").as_deref(), Some("é"));
        assert_eq!(glyph_name_to_unicode(b"uni004A0061").as_deref(), Some("Ja"));
        assert_eq!(glyph_name_to_unicode(b"u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_name_to_unicode(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_unicode(b"J.sc").as_deref(), Some("J"));
        assert_eq!(glyph_name_to_unicode(b"g123"), None);
    }
}
