//! A content-stream lexer of the verifier's own (PDF 32000-1 §7.2, §7.8.2), independent of the
//! one the redactor uses, so a parsing quirk cannot hide the same text from both. It also reads
//! `ToUnicode` and encoding CMaps, which share the PostScript token syntax.
//!
//! Hostile input is expected: nesting is bounded, operand stacks are capped, inline image data
//! is skipped without interpretation, and every malformed token degrades to "skip a byte" rather
//! than an error, so the interpreter sees every operator a viewer would.

/// An operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    Number(f64),
    /// A literal `( )` or hex `< >` string, as bytes.
    String(Vec<u8>),
    Name(Vec<u8>),
    Array(Vec<Operand>),
    Dictionary(Vec<(Vec<u8>, Operand)>),
    Boolean(bool),
    Null,
}

impl Operand {
    pub fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(number) if number.is_finite() => Some(*number),
            _ => None,
        }
    }

    pub fn dictionary_get(&self, key: &[u8]) -> Option<&Operand> {
        match self {
            Operand::Dictionary(entries) => entries
                .iter()
                .find(|(entry_key, _)| entry_key == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }
}

/// Deepest array/dictionary nesting accepted; deeper input is skipped.
const MAX_DEPTH: usize = 32;
/// Most operands kept for one operator; real operators take at most a few dozen (`TJ` takes
/// one array; `d`, `sc` a handful), so more is garbage and is dropped.
const MAX_OPERANDS: usize = 4096;

/// One operator (borrowed from the stream: no allocation per operator) and its operands.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Operation<'a> {
    pub operator: &'a [u8],
    pub operands: Vec<Operand>,
}

/// Reads operations one by one from content-stream bytes.
pub(crate) struct Lexer<'a> {
    bytes: &'a [u8],
    position: usize,
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(byte: u8) -> bool {
    !is_whitespace(byte) && !is_delimiter(byte)
}

enum Token<'a> {
    Operand(Operand),
    Operator(&'a [u8]),
    ArrayEnd,
    DictionaryEnd,
    /// A stray byte that starts no token (`)`, `}`, `{`, a lone `>`): skipped.
    Junk,
}

impl<'a> Lexer<'a> {
    pub fn new(bytes: &'a [u8]) -> Lexer<'a> {
        Lexer { bytes, position: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn skip_whitespace_and_comments(&mut self) {
        while let Some(byte) = self.peek() {
            if is_whitespace(byte) {
                self.position += 1;
            } else if byte == b'%' {
                while let Some(byte) = self.peek() {
                    if byte == b'\n' || byte == b'\r' {
                        break;
                    }
                    self.position += 1;
                }
            } else {
                break;
            }
        }
    }

    fn token(&mut self, depth: usize) -> Option<Token<'a>> {
        self.skip_whitespace_and_comments();
        let byte = self.peek()?;
        match byte {
            b'(' => Some(Token::Operand(Operand::String(self.literal_string()))),
            b'<' => {
                if self.bytes.get(self.position + 1) == Some(&b'<') {
                    self.position += 2;
                    Some(Token::Operand(self.dictionary(depth)))
                } else {
                    Some(Token::Operand(Operand::String(self.hex_string())))
                }
            }
            b'>' => {
                if self.bytes.get(self.position + 1) == Some(&b'>') {
                    self.position += 2;
                    Some(Token::DictionaryEnd)
                } else {
                    self.position += 1;
                    Some(Token::Junk)
                }
            }
            b'[' => {
                self.position += 1;
                Some(Token::Operand(self.array(depth)))
            }
            b']' => {
                self.position += 1;
                Some(Token::ArrayEnd)
            }
            b'/' => {
                self.position += 1;
                Some(Token::Operand(Operand::Name(self.name())))
            }
            b')' | b'{' | b'}' => {
                self.position += 1;
                Some(Token::Junk)
            }
            _ => {
                let start = self.position;
                while self.peek().is_some_and(is_regular) {
                    self.position += 1;
                }
                let bytes: &'a [u8] = self.bytes;
                Some(classify_word(&bytes[start..self.position]))
            }
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.position += 1; // '('
        let mut out = Vec::new();
        let mut nesting = 1usize;
        while let Some(byte) = self.peek() {
            self.position += 1;
            match byte {
                b'(' => {
                    nesting += 1;
                    out.push(byte);
                }
                b')' => {
                    nesting -= 1;
                    if nesting == 0 {
                        return out;
                    }
                    out.push(byte);
                }
                b'\\' => {
                    let Some(escaped) = self.peek() else {
                        break;
                    };
                    self.position += 1;
                    match escaped {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.position += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut value = u32::from(escaped - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(digit @ b'0'..=b'7') => {
                                        value = value * 8 + u32::from(digit - b'0');
                                        self.position += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((value & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(byte),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.position += 1; // '<'
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(byte) = self.peek() {
            self.position += 1;
            if byte == b'>' {
                break;
            }
            let Some(value) = (byte as char).to_digit(16) else {
                continue;
            };
            let value = value as u8;
            match high.take() {
                Some(high) => out.push(high << 4 | value),
                None => high = Some(value),
            }
        }
        if let Some(high) = high {
            out.push(high << 4);
        }
        out
    }

    fn name(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while let Some(byte) = self.peek() {
            if !is_regular(byte) {
                break;
            }
            self.position += 1;
            if byte == b'#' {
                let digits = self.bytes.get(self.position..self.position + 2);
                if let Some(value) = digits
                    .and_then(|digits| std::str::from_utf8(digits).ok())
                    .and_then(|digits| u8::from_str_radix(digits, 16).ok())
                {
                    out.push(value);
                    self.position += 2;
                    continue;
                }
            }
            out.push(byte);
        }
        out
    }

    fn array(&mut self, depth: usize) -> Operand {
        let mut items = Vec::new();
        loop {
            if depth >= MAX_DEPTH {
                self.skip_nested(b'[', b']');
                return Operand::Array(items);
            }
            match self.token(depth + 1) {
                None | Some(Token::ArrayEnd) => return Operand::Array(items),
                Some(Token::Operand(operand)) => {
                    if items.len() < MAX_OPERANDS {
                        items.push(operand);
                    }
                }
                // An operator inside an array is malformed; PDF viewers end the array there
                // differently, so keep reading and ignore the word.
                Some(Token::Operator(_) | Token::DictionaryEnd | Token::Junk) => {}
            }
        }
    }

    fn dictionary(&mut self, depth: usize) -> Operand {
        let mut entries = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            if depth >= MAX_DEPTH {
                self.skip_nested(b'<', b'>');
                return Operand::Dictionary(entries);
            }
            match self.token(depth + 1) {
                None | Some(Token::DictionaryEnd) => return Operand::Dictionary(entries),
                Some(Token::Operand(operand)) => match key.take() {
                    None => {
                        if let Operand::Name(name) = operand {
                            key = Some(name);
                        }
                    }
                    Some(name) => {
                        if entries.len() < MAX_OPERANDS {
                            entries.push((name, operand));
                        }
                    }
                },
                Some(Token::Operator(_) | Token::ArrayEnd | Token::Junk) => {}
            }
        }
    }

    /// Skips past a too-deep structure by counting its brackets, without building it.
    fn skip_nested(&mut self, open: u8, close: u8) {
        let mut nesting = 1usize;
        while let Some(byte) = self.peek() {
            self.position += 1;
            if byte == b'(' {
                self.position -= 1;
                let _ = self.literal_string();
            } else if byte == open {
                nesting += 1;
            } else if byte == close {
                nesting -= 1;
                if nesting == 0 {
                    if open == b'<' && self.peek() == Some(b'>') {
                        self.position += 1;
                    }
                    return;
                }
            }
        }
    }

    /// After `BI`: reads the image dictionary up to `ID`, then skips the binary data to `EI`.
    fn inline_image(&mut self) -> Vec<Operand> {
        let mut entries = Vec::new();
        let mut key: Option<Vec<u8>> = None;
        loop {
            match self.token(1) {
                None => return vec![Operand::Dictionary(entries)],
                Some(Token::Operator(word)) if word == b"ID" => break,
                Some(Token::Operand(operand)) => match key.take() {
                    None => {
                        if let Operand::Name(name) = operand {
                            key = Some(name);
                        }
                    }
                    Some(name) => entries.push((name, operand)),
                },
                Some(_) => {}
            }
        }
        // One whitespace byte follows `ID`; the data ends at `EI` between whitespace.
        self.position += 1;
        let data_start = self.position.min(self.bytes.len());
        let mut index = data_start;
        while index + 1 < self.bytes.len() {
            if self.bytes[index] == b'E'
                && self.bytes[index + 1] == b'I'
                && index > data_start
                && is_whitespace(self.bytes[index - 1])
                && self
                    .bytes
                    .get(index + 2)
                    .is_none_or(|byte| is_whitespace(*byte) || is_delimiter(*byte))
            {
                self.position = index + 2;
                return vec![Operand::Dictionary(entries)];
            }
            index += 1;
        }
        self.position = self.bytes.len();
        vec![Operand::Dictionary(entries)]
    }
}

fn classify_word(word: &[u8]) -> Token<'_> {
    match word {
        b"true" => return Token::Operand(Operand::Boolean(true)),
        b"false" => return Token::Operand(Operand::Boolean(false)),
        b"null" => return Token::Operand(Operand::Null),
        _ => {}
    }
    let looks_numeric = word
        .first()
        .is_some_and(|byte| byte.is_ascii_digit() || matches!(byte, b'+' | b'-' | b'.'));
    if looks_numeric {
        if let Some(number) = parse_number(word) {
            return Token::Operand(Operand::Number(number));
        }
        // Malformed numbers ("--5", "1.2.3") are read leniently as 0, as viewers do.
        if word
            .iter()
            .all(|byte| byte.is_ascii_digit() || matches!(byte, b'+' | b'-' | b'.'))
        {
            return Token::Operand(Operand::Number(0.0));
        }
    }
    if word.is_empty() {
        return Token::Junk;
    }
    Token::Operator(word)
}

fn parse_number(word: &[u8]) -> Option<f64> {
    // Fast path for the plain decimals content streams are made of ("612", "-0.5", ".25").
    let (negative, digits) = match word.first() {
        Some(b'-') => (true, &word[1..]),
        Some(b'+') => (false, &word[1..]),
        _ => (false, word),
    };
    if !digits.is_empty() && digits.len() <= 15 {
        let mut value: u64 = 0;
        let mut scale: u32 = 0;
        let mut seen_point = false;
        let mut simple = true;
        for &byte in digits {
            match byte {
                b'0'..=b'9' => {
                    value = value * 10 + u64::from(byte - b'0');
                    if seen_point {
                        scale += 1;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                _ => {
                    simple = false;
                    break;
                }
            }
        }
        if simple && digits != b"." {
            let magnitude = value as f64 / 10f64.powi(scale as i32);
            return Some(if negative { -magnitude } else { magnitude });
        }
    }
    let text = std::str::from_utf8(word).ok()?;
    let number: f64 = text.parse().ok()?;
    number.is_finite().then_some(number)
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Operation<'a>;

    fn next(&mut self) -> Option<Operation<'a>> {
        let mut operands = Vec::new();
        loop {
            match self.token(0)? {
                Token::Operand(operand) => {
                    if operands.len() < MAX_OPERANDS {
                        operands.push(operand);
                    }
                }
                Token::Operator(operator) => {
                    if operator == b"BI" {
                        operands = self.inline_image();
                    }
                    return Some(Operation { operator, operands });
                }
                Token::ArrayEnd | Token::DictionaryEnd | Token::Junk => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operations(bytes: &[u8]) -> Vec<(String, Vec<Operand>)> {
        Lexer::new(bytes)
            .map(|operation| {
                (
                    String::from_utf8_lossy(operation.operator).into_owned(),
                    operation.operands,
                )
            })
            .collect()
    }

    #[test]
    fn strings_escapes_and_arrays() {
        let ops = operations(b"BT /F1 12 Tf (a\\(b\\)c\\101\\\nd) Tj [(Ja) -120 <6e65>] TJ ET");
        assert_eq!(ops[0].0, "BT");
        assert_eq!(parse_number(b"-0.5"), Some(-0.5));
        assert_eq!(parse_number(b".25"), Some(0.25));
        assert_eq!(parse_number(b"612"), Some(612.0));
        assert_eq!(parse_number(b"1e3"), Some(1000.0));
        assert_eq!(parse_number(b"."), None);
        assert_eq!(ops[1].1[0], Operand::Name(b"F1".to_vec()));
        assert_eq!(ops[2].1[0], Operand::String(b"a(b)cAd".to_vec()));
        assert_eq!(
            ops[3].1[0],
            Operand::Array(vec![
                Operand::String(b"Ja".to_vec()),
                Operand::Number(-120.0),
                Operand::String(b"ne".to_vec()),
            ])
        );
    }

    #[test]
    fn inline_images_are_skipped_whole() {
        let ops = operations(b"BI /W 2 /H 1 ID \x00EI\xff EI (after) Tj");
        assert_eq!(ops[0].0, "BI");
        assert_eq!(ops[1].0, "Tj");
        assert_eq!(ops[1].1[0], Operand::String(b"after".to_vec()));
    }

    #[test]
    fn deep_nesting_and_garbage_do_not_panic() {
        let mut deep = vec![b'['; 100_000];
        deep.extend_from_slice(b"(x) Tj");
        let _ = operations(&deep);
        let _ = operations(b"<<<<<< >> ) } { ]]] -- 1.2.3 Tj <abc");
        let _ = operations(b"(unterminated \\");
    }

    #[test]
    fn dictionaries_in_marked_content() {
        let ops = operations(b"/Span <</ActualText (Jane)>> BDC EMC");
        assert_eq!(
            ops[0].1[1].dictionary_get(b"ActualText"),
            Some(&Operand::String(b"Jane".to_vec()))
        );
    }
}
