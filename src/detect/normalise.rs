//! Invisible characters out before detection (issue 14): a soft hyphen, zero-width space or
//! joiner, word joiner or byte-order mark inside a name ("Kor\u{AD}nelia", "Ma\u{200B}zur") splits
//! it into pieces no rule recognises, and a non-breaking or narrow space between two names hides
//! that they are one. Detection runs on a copy with those characters removed (invisible ones) or
//! made plain spaces (the no-break spaces), and every span found is mapped back to the original
//! bytes, so a finding still covers the invisible characters inside it and redaction removes them
//! with the name.
//!
//! Called by `Detector::find` only; when a text has none of these characters (nearly always),
//! nothing is copied.

/// True for characters with no width that can sit inside a word.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// True for spaces that do not break a line: read as a plain space.
fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}')
}

/// A text with invisible characters removed and no-break spaces made plain, with the way back.
#[derive(Debug)]
pub(crate) struct Normalised {
    pub text: String,
    /// For every byte of `text`: the original byte range of the character it came from.
    origin: Vec<(usize, usize)>,
}

impl Normalised {
    /// The original byte range of normalised bytes `start..end` (`start < end`): from the first
    /// character's start to the last one's end, so invisible characters inside are covered.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.origin[start].0, self.origin[end - 1].1)
    }
}

/// The normalised copy of `text`, or `None` when there is nothing to change.
pub(crate) fn normalise(text: &str) -> Option<Normalised> {
    if !text
        .chars()
        .any(|c| is_invisible(c) || is_no_break_space(c))
    {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (index, c) in text.char_indices() {
        if is_invisible(c) {
            continue;
        }
        let plain = if is_no_break_space(c) { ' ' } else { c };
        out.push(plain);
        let range = (index, index + c.len_utf8());
        origin.extend(std::iter::repeat_n(range, plain.len_utf8()));
    }
    Some(Normalised { text: out, origin })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_go_and_spans_map_back_over_them() {
        let text = "Met Kor\u{AD}nelia\u{A0}Ma\u{200B}zur.";
        let normalised = normalise(text).unwrap();
        assert_eq!(normalised.text, "Met Kornelia Mazur.");
        let start = normalised.text.find("Kornelia").unwrap();
        let end = start + "Kornelia Mazur".len();
        let (s, e) = normalised.original(start, end);
        assert_eq!(&text[s..e], "Kor\u{AD}nelia\u{A0}Ma\u{200B}zur");
        assert!(normalise("plain text").is_none());
    }
}
