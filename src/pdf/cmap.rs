//! A parser for `/ToUnicode` CMaps (PDF 32000-1 9.10.3): code space ranges, `bfchar` and
//! `bfrange` (both the offset and the array forms). We parse them ourselves because lopdf falls
//! back silently to StandardEncoding when it cannot, which would under-redact without a word.

use std::collections::HashMap;

/// The Unicode text of character codes, as a font's ToUnicode CMap gives it.
#[derive(Debug, Default, Clone)]
pub(crate) struct ToUnicode {
    /// Single codes: (code length in bytes, code) -> text.
    chars: HashMap<(u8, u32), String>,
    /// Ranges sorted by their first code: (length, low, high, target).
    ranges: Vec<(u8, u32, u32, RangeTarget)>,
    /// Code space ranges: (length, low, high).
    pub(crate) code_space: Vec<(u8, u32, u32)>,
}

#[derive(Debug, Clone)]
enum RangeTarget {
    /// The first code maps to this text; each next code increments its last character.
    Offset(Vec<char>),
    /// One text per code.
    List(Vec<String>),
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Hex(Vec<u8>),
    Name(&'a [u8]),
    Keyword(&'a [u8]),
    ArrayStart,
    ArrayEnd,
    Other,
}

fn tokenize(data: &[u8]) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let byte = data[i];
        match byte {
            b'%' => {
                while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                    i += 1;
                }
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                tokens.push(Token::Other);
                i += 2;
            }
            b'>' if data.get(i + 1) == Some(&b'>') => {
                tokens.push(Token::Other);
                i += 2;
            }
            b'<' => {
                let start = i + 1;
                let mut end = start;
                while end < data.len() && data[end] != b'>' {
                    end += 1;
                }
                let digits: Vec<u8> = data[start..end]
                    .iter()
                    .copied()
                    .filter(u8::is_ascii_hexdigit)
                    .collect();
                let mut bytes = Vec::with_capacity(digits.len() / 2 + 1);
                for pair in digits.chunks(2) {
                    let high = hex_value(pair[0]);
                    let low = pair.get(1).map_or(0, |&d| hex_value(d));
                    bytes.push(high << 4 | low);
                }
                tokens.push(Token::Hex(bytes));
                i = end + 1;
            }
            b'[' => {
                tokens.push(Token::ArrayStart);
                i += 1;
            }
            b']' => {
                tokens.push(Token::ArrayEnd);
                i += 1;
            }
            b'(' => {
                // Literal strings appear only in the CMap header (/Registry etc.); skip them.
                i = super::literal_string_end(data, i) + 1;
                tokens.push(Token::Other);
            }
            b'/' => {
                let start = i + 1;
                i = start;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                tokens.push(Token::Name(&data[start..i]));
            }
            _ if byte.is_ascii_whitespace() || byte == 0 => i += 1,
            _ => {
                let start = i;
                while i < data.len() && !is_delimiter(data[i]) {
                    i += 1;
                }
                if i == start {
                    i += 1;
                    tokens.push(Token::Other);
                } else {
                    tokens.push(Token::Keyword(&data[start..i]));
                }
            }
        }
    }
    tokens
}

fn is_delimiter(byte: u8) -> bool {
    byte.is_ascii_whitespace()
        || byte == 0
        || matches!(
            byte,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => 0,
    }
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let value = bytes
        .iter()
        .fold(0u32, |acc, &byte| acc << 8 | u32::from(byte));
    Some((bytes.len() as u8, value))
}

/// UTF-16BE as the CMap writes targets; lone surrogates become U+FFFD.
fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|pair| u16::from(pair[0]) << 8 | u16::from(*pair.get(1).unwrap_or(&0)))
        .collect();
    char::decode_utf16(units)
        .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

impl ToUnicode {
    /// Parses a decoded CMap stream. Unknown constructs are skipped; codes without a mapping
    /// stay unmapped, so the caller fails closed on them rather than guessing.
    pub(crate) fn parse(data: &[u8]) -> ToUnicode {
        let tokens = tokenize(data);
        let mut map = ToUnicode::default();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                Token::Keyword(b"begincodespacerange") => {
                    i += 1;
                    while i + 1 < tokens.len() {
                        match (&tokens[i], &tokens[i + 1]) {
                            (Token::Hex(low), Token::Hex(high)) => {
                                if let (Some((length, low)), Some((_, high))) =
                                    (code_of(low), code_of(high))
                                {
                                    map.code_space.push((length, low, high));
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Token::Keyword(b"beginbfchar") => {
                    i += 1;
                    while i + 1 < tokens.len() {
                        match (&tokens[i], &tokens[i + 1]) {
                            (Token::Hex(source), target) => {
                                let text = match target {
                                    Token::Hex(bytes) => Some(utf16(bytes)),
                                    Token::Name(name) => super::font::glyph_name_to_unicode(name),
                                    _ => break,
                                };
                                if let (Some(code), Some(text)) = (code_of(source), text) {
                                    map.chars.insert(code, text);
                                }
                                i += 2;
                            }
                            _ => break,
                        }
                    }
                }
                Token::Keyword(b"beginbfrange") => {
                    i += 1;
                    while i + 2 < tokens.len() {
                        let (Token::Hex(low), Token::Hex(high)) = (&tokens[i], &tokens[i + 1])
                        else {
                            break;
                        };
                        let (Some((length, low)), Some((_, high))) = (code_of(low), code_of(high))
                        else {
                            i += 3;
                            continue;
                        };
                        match &tokens[i + 2] {
                            Token::Hex(target) => {
                                if high >= low {
                                    let chars: Vec<char> = utf16(target).chars().collect();
                                    map.ranges.push((
                                        length,
                                        low,
                                        high,
                                        RangeTarget::Offset(chars),
                                    ));
                                }
                                i += 3;
                            }
                            Token::ArrayStart => {
                                let mut list = Vec::new();
                                i += 3;
                                while i < tokens.len() {
                                    match &tokens[i] {
                                        Token::Hex(target) => list.push(utf16(target)),
                                        Token::ArrayEnd => break,
                                        _ => list.push(String::new()),
                                    }
                                    i += 1;
                                }
                                i += 1;
                                if high >= low {
                                    map.ranges
                                        .push((length, low, high, RangeTarget::List(list)));
                                }
                            }
                            _ => break,
                        }
                    }
                }
                _ => i += 1,
            }
        }
        map.ranges.sort_by_key(|range| (range.1, range.0));
        map
    }

    /// Appends the text of `code` (of `length` bytes) to `out`; false when the CMap has none.
    pub(crate) fn write(&self, length: u8, code: u32, out: &mut String) -> bool {
        if let Some(text) = self.chars.get(&(length, code)) {
            out.push_str(text);
            return true;
        }
        let end = self.ranges.partition_point(|range| range.1 <= code);
        for (range_length, low, high, target) in self.ranges[..end].iter().rev().take(8) {
            if *range_length != length || code < *low || code > *high {
                continue;
            }
            let offset = code - low;
            match target {
                RangeTarget::Offset(chars) => {
                    let Some((last, head)) = chars.split_last() else {
                        return false;
                    };
                    let Some(last) = (*last as u32).checked_add(offset).and_then(char::from_u32)
                    else {
                        return false;
                    };
                    out.extend(head.iter());
                    out.push(last);
                    return true;
                }
                RangeTarget::List(list) => {
                    return match list.get(offset as usize) {
                        Some(text) => {
                            out.push_str(text);
                            true
                        }
                        None => false,
                    };
                }
            }
        }
        false
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.chars.is_empty() && self.ranges.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(map: &ToUnicode, length: u8, code: u32) -> Option<String> {
        let mut out = String::new();
        map.write(length, code, &mut out).then_some(out)
    }

    #[test]
    fn bfchar_bfrange_and_arrays() {
        let cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
            /CMapName /Adobe-Identity-UCS def
            1 begincodespacerange <0000> <FFFF> endcodespacerange
            2 beginbfchar <0003> <0020> <0011> <D835DC00> endbfchar
            2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<00660069> <0042>] endbfrange
            endcmap";
        let map = ToUnicode::parse(cmap);
        assert_eq!(map.code_space, vec![(2, 0, 0xFFFF)]);
        assert_eq!(text(&map, 2, 3).as_deref(), Some(" "));
        assert_eq!(text(&map, 2, 0x11).as_deref(), Some("\u{1D400}"));
        assert_eq!(text(&map, 2, 0x22).as_deref(), Some("C"));
        assert_eq!(text(&map, 2, 0x30).as_deref(), Some("fi"));
        assert_eq!(text(&map, 2, 0x31).as_deref(), Some("B"));
        assert_eq!(text(&map, 2, 0x23), None);
        assert_eq!(text(&map, 1, 0x03), None);
    }

    #[test]
    fn one_byte_codes() {
        let map = ToUnicode::parse(
            b"1 beginbfchar\n<01> <005A>\nendbfchar 1 beginbfrange <02> <04> <00E9> endbfrange",
        );
        assert_eq!(text(&map, 1, 1).as_deref(), Some("Z"));
        assert_eq!(text(&map, 1, 3).as_deref(), Some("\u{ea}"));
    }
}
