//! Folding: a lowercased, diacritic-free, whitespace-collapsed shadow of an item's text, with a
//! map from every folded byte back to the original bytes it came from.
//!
//! Names are matched on the folded text so that one automaton finds "Wiśniewska", "Wisniewska",
//! "WIŚNIEWSKA" and "Siobhan\nO’Brien" alike (issue 2: ALL CAPS, names split across lines,
//! diacritics matched exactly and stripped). Spans found in the folded text are mapped back to the
//! original byte ranges before they leave the detector, so findings always index the item's text.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The folded shadow of a text.
#[derive(Debug, Clone)]
pub(crate) struct Folded {
    pub text: String,
    /// For every byte of `text`: the original (start, end) byte range of the character it came
    /// from. Whitespace runs fold to one space mapped to the whole run.
    origin: Vec<(u32, u32)>,
}

impl Folded {
    /// The original byte range covered by folded bytes `start..end` (non-empty range).
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.origin[start];
        let last = self.origin[end - 1];
        (first.0 as usize, last.1 as usize)
    }
}

/// Folds one character into `out` (lowercase, no diacritics, one apostrophe and hyphen form).
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if super::normalise::is_invisible(c) {
        // A soft hyphen or zero-width space inside a name is not part of it (issue 14).
        return;
    }
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{0060}' | '\u{00B4}' => out.push('\''),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        'ł' | 'Ł' => out.push('l'),
        'ø' | 'Ø' => out.push('o'),
        'đ' | 'Đ' => out.push('d'),
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'ı' => out.push('i'),
        _ => {
            for lower in c.to_lowercase() {
                for base in std::iter::once(lower).nfd() {
                    if !is_combining_mark(base) {
                        out.push(base);
                    }
                }
            }
        }
    }
}

/// Folds a pattern (a name, an address) the same way the text is folded.
pub(crate) fn fold_str(value: &str) -> String {
    // Fast path for plain ASCII words (most patterns and every word list entry).
    if value.bytes().all(|b| b.is_ascii_graphic()) {
        return value.to_ascii_lowercase();
    }
    fold(value).text.trim().to_string()
}

/// Folds `text`, keeping the map back to the original bytes.
pub(crate) fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut origin: Vec<(u32, u32)> = Vec::with_capacity(text.len());
    let mut in_space = false;
    for (index, c) in text.char_indices() {
        let end = (index + c.len_utf8()) as u32;
        if c.is_whitespace() {
            if in_space {
                // Extend the single folded space over the whole run.
                if let Some(last) = origin.last_mut() {
                    last.1 = end;
                }
            } else {
                out.push(' ');
                origin.push((index as u32, end));
                in_space = true;
            }
            continue;
        }
        in_space = false;
        let before = out.len();
        fold_char(c, &mut out);
        for _ in before..out.len() {
            origin.push((index as u32, end));
        }
    }
    Folded { text: out, origin }
}

/// True when `c` continues a word (so a match next to it is not on a word boundary).
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether folded `text[start..end]` stands on word boundaries.
pub(crate) fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_whitespace_and_maps_back() {
        let text = "Pani  WIŚNIEWSKA\nand Siobhán O’Brien";
        let folded = fold(text);
        assert_eq!(folded.text, "pani wisniewska and siobhan o'brien");
        let start = folded.text.find("wisniewska").unwrap();
        let (s, e) = folded.original(start, start + "wisniewska".len());
        assert_eq!(&text[s..e], "WIŚNIEWSKA");
        let start = folded.text.find("siobhan o'brien").unwrap();
        let (s, e) = folded.original(start, start + "siobhan o'brien".len());
        assert_eq!(&text[s..e], "Siobhán O’Brien");
    }

    #[test]
    fn boundaries_ignore_apostrophes_but_not_letters() {
        let text = "sharon's sharonda";
        assert!(on_boundaries(text, 0, 6));
        assert!(!on_boundaries(text, 9, 15));
    }
}
