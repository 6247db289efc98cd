//! Rich Text Format (`.rtf`, issue 15 point 5): the text a reader of the document sees, for
//! `gather` to search, redact and typeset like any other document text.
//!
//! A small reader of the RTF 1.9.1 syntax rather than a crate: no well-kept Rust crate reads RTF
//! text with code pages, and the part that matters here is short. It follows groups, control
//! words, `\uN` (with its `\ucN` fallback skipped), `\'hh` bytes in the code page of the font in
//! use (`\fcharset`) or of the document (`\ansicpg`), and `\binN` data. Destinations that are not
//! text (font, colour and style tables, document information, `\*` destinations, field
//! instructions) are left out. Reviewers' comments (`\*\annotation`) and tracked deletions
//! (`\deleted`, still held in the file) are carried in final "Comments" and "Tracked deletions"
//! sections, as for a Word document, never silently left out. Top-level table rows are marked as
//! table rows (`model::TABLE_ROW`), so the pack typesets them as a table like a Word document's.
//! Pictures, embedded objects and drawn shapes are not typeset: a document holding any is
//! refused with the count, so it is held for a person instead of shipped without them. Damage (no
//! `{\rtf` header, unbalanced braces, an unknown code page) is refused with the reason.

use encoding_rs::Encoding;

/// Deepest group nesting accepted: Word writes a few dozen levels; more is damage or hostile.
const MAX_DEPTH: usize = 512;

/// The document's text, paragraphs separated by a blank line. The error is a plain-English
/// reason fit for the schedule.
pub fn rtf_text(bytes: &[u8]) -> Result<String, String> {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if !bytes[start..].starts_with(b"{\\rtf") {
        return Err("not a readable RTF document (it does not start with `{\\rtf`)".to_string());
    }
    let mut reader = Reader::new(&bytes[start..]);
    reader.run()?;
    if reader.pictures > 0 {
        return Err(format!(
            "the RTF document holds {} picture(s), drawing(s) or embedded object(s) that sarpack does not carry into the typeset record; a person must check them and the document",
            reader.pictures
        ));
    }
    let [mut paragraphs, comments, deleted] = reader.finish();
    if !comments.is_empty() {
        paragraphs.push("Comments".to_string());
        paragraphs.extend(comments.into_iter().map(|text| format!("Comment: {text}")));
    }
    if !deleted.is_empty() {
        paragraphs.push("Tracked deletions".to_string());
        paragraphs.extend(deleted.into_iter().map(|text| format!("Deleted: {text}")));
    }
    Ok(paragraphs.join("\n\n"))
}

/// The non-empty lines of `text`, trimmed. A line with cell marks (a table row) is marked as a
/// table row (`model::TABLE_ROW`) so the pack typesets the table as one; its last cell's mark,
/// which ends the row rather than separating two cells, is dropped.
fn lines(text: &str) -> Vec<String> {
    text.replace('\u{00A0}', " ")
        .replace(['\u{00AD}', '\u{200B}'], "")
        .split('\n')
        .map(|line| {
            let line = line.trim().trim_end_matches('|').trim_end();
            if line.contains(TABLE_CELL) {
                let cells = line.strip_suffix(TABLE_CELL).unwrap_or(line).trim_end();
                format!(
                    "{}{}",
                    crate::model::TABLE_ROW,
                    cells.replace(" \u{1f}", "\u{1f}")
                )
            } else {
                line.replace("  |", " |")
            }
        })
        .filter(|line| {
            !line
                .replace([crate::model::TABLE_ROW, TABLE_CELL, '|'], "")
                .trim()
                .is_empty()
        })
        .collect()
}

const TABLE_CELL: char = crate::model::TABLE_CELL;

/// The table marks of `model`, which must mean only what this reader puts there.
const TABLE_MARKS: [char; 3] = [
    crate::model::TABLE_ROW,
    crate::model::TABLE_HEADER_ROW,
    crate::model::TABLE_CELL,
];

/// The state a group inherits from its parent and restores at its end.
#[derive(Debug, Clone)]
struct Group {
    /// Text in this group is not part of the record (a table, `\*` destination, deletion).
    skip: bool,
    /// Inside `\nonshppict`: a second copy of a picture already counted.
    duplicate_picture: bool,
    /// How many fallback characters follow each `\uN`.
    fallback: usize,
    /// The code page of the font in use (`\fN`), if it names one.
    font_page: Option<u16>,
    /// Inside the font table: the font being described.
    font_table: bool,
    /// Text here is a tracked deletion (`\deleted`).
    deleted: bool,
    /// Text here is a reviewer's comment (`\*\annotation`).
    annotation: bool,
    /// The paragraph is in a table cell (`\intbl`): a paragraph break stays inside the row.
    in_table: bool,
    /// The font table entry being described (`\fN` inside `\fonttbl`).
    defining_font: Option<i32>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    stack: Vec<Group>,
    group: Group,
    /// `\ansicpg`, else Windows-1252.
    document_page: u16,
    /// Font number to code page, from `\fcharset` in the font table.
    fonts: std::collections::BTreeMap<i32, u16>,
    out: String,
    /// Tracked deletions and reviewers' comments, carried after the text.
    deleted: String,
    comments: String,
    /// A `\*` was read: the next control word names a destination to skip unless it is text.
    ignorable: bool,
    /// `\'hh` bytes waiting to be decoded together (a double-byte character spans two).
    pending: Vec<u8>,
    pending_page: u16,
    /// Fallback characters still to skip after a `\uN`.
    skip_fallback: usize,
    /// A high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    pictures: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            stack: Vec::new(),
            group: Group {
                skip: false,
                duplicate_picture: false,
                fallback: 1,
                font_page: None,
                font_table: false,
                in_table: false,
                deleted: false,
                annotation: false,
                defining_font: None,
            },
            document_page: 1252,
            fonts: std::collections::BTreeMap::new(),
            out: String::new(),
            deleted: String::new(),
            comments: String::new(),
            ignorable: false,
            pending: Vec::new(),
            pending_page: 1252,
            skip_fallback: 0,
            high_surrogate: None,
            pictures: 0,
        }
    }

    fn run(&mut self) -> Result<(), String> {
        let mut closed_top = false;
        while self.at < self.bytes.len() {
            let byte = self.bytes[self.at];
            if closed_top {
                // After the document's closing brace only whitespace (or a NUL pad) may follow.
                if !byte.is_ascii_whitespace() && byte != 0 {
                    break;
                }
                self.at += 1;
                continue;
            }
            match byte {
                b'{' => {
                    self.flush()?;
                    self.at += 1;
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(format!(
                            "the RTF document nests groups more than {MAX_DEPTH} deep (damaged or hostile)"
                        ));
                    }
                    self.stack.push(self.group.clone());
                    self.skip_fallback = 0;
                    self.ignorable = false;
                }
                b'}' => {
                    self.flush()?;
                    self.ignorable = false;
                    self.at += 1;
                    match self.stack.pop() {
                        Some(parent) => self.group = parent,
                        None => return Err(damaged("a group closes that was never opened")),
                    }
                    if self.stack.is_empty() {
                        closed_top = true;
                    }
                    self.skip_fallback = 0;
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => self.at += 1,
                _ => {
                    self.at += 1;
                    self.flush()?;
                    if std::mem::take(&mut self.ignorable) {
                        self.group.skip = true;
                    }
                    if self.consume_fallback() {
                        continue;
                    }
                    if !self.group.skip {
                        // Plain text outside `\'hh` is ASCII in a well-formed file; a stray
                        // 8-bit byte is read in the document's code page.
                        if byte.is_ascii() {
                            self.push_char(byte as char);
                        } else {
                            self.pending.push(byte);
                            self.pending_page = self.current_page();
                            self.flush()?;
                        }
                    }
                }
            }
        }
        self.flush()?;
        if !closed_top {
            return Err(damaged(
                "it ends before its groups close: the file is truncated",
            ));
        }
        Ok(())
    }

    /// A control word or symbol at `self.at` (a backslash).
    fn control(&mut self) -> Result<(), String> {
        self.at += 1;
        let Some(&next) = self.bytes.get(self.at) else {
            return Err(damaged("it ends in the middle of a control word"));
        };
        if !next.is_ascii_alphabetic() {
            self.at += 1;
            if next == b'\'' {
                let hex = self
                    .bytes
                    .get(self.at..self.at + 2)
                    .and_then(|pair| std::str::from_utf8(pair).ok())
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or_else(|| damaged("a `\\'` escape is not followed by two hex digits"))?;
                self.at += 2;
                if self.consume_fallback() {
                    return Ok(());
                }
                if !self.group.skip {
                    let page = self.current_page();
                    if !self.pending.is_empty() && self.pending_page != page {
                        self.flush()?;
                    }
                    self.pending.push(hex);
                    self.pending_page = page;
                }
                return Ok(());
            }
            self.flush()?;
            if next == b'*' {
                self.ignorable = true;
                return Ok(());
            }
            if self.consume_fallback() {
                return Ok(());
            }
            let character = match next {
                b'\\' | b'{' | b'}' => next as char,
                b'~' => ' ',
                b'_' => '-',
                b'\r' | b'\n' => '\n',
                // `\-` (optional hyphen), `\:` (index entry) and anything else: nothing shown.
                _ => return Ok(()),
            };
            if !self.group.skip {
                self.push_char(character);
            }
            return Ok(());
        }
        let name_start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|byte| byte.is_ascii_alphabetic())
        {
            self.at += 1;
        }
        let name = &self.bytes[name_start..self.at];
        let number_start = self.at;
        if self.bytes.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self
            .bytes
            .get(self.at)
            .is_some_and(|byte| byte.is_ascii_digit())
        {
            self.at += 1;
        }
        let parameter: Option<i32> = std::str::from_utf8(&self.bytes[number_start..self.at])
            .ok()
            .filter(|digits| !digits.is_empty() && *digits != "-")
            .map(|digits| {
                digits
                    .parse::<i64>()
                    .map(|value| value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
            })
            .transpose()
            .map_err(|_| damaged("a control word has a malformed number"))?;
        if self.bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        self.word(name, parameter)
    }

    fn word(&mut self, name: &[u8], parameter: Option<i32>) -> Result<(), String> {
        if std::mem::take(&mut self.ignorable) {
            self.flush()?;
            if name == b"annotation" {
                // A reviewer's comment: kept, after the text.
                self.group.annotation = true;
                self.comments.push('\n');
            } else {
                self.group.skip = true;
            }
            // Pictures inside (`\*\shppict{\pict ...}`) are still counted by `\pict`.
            return Ok(());
        }
        if name != b"u" {
            self.flush()?;
        }
        match name {
            b"bin" => {
                // Binary data (a picture's bytes): never text, and may hold any byte.
                let length = usize::try_from(parameter.unwrap_or(0)).unwrap_or(0);
                if self.at.saturating_add(length) > self.bytes.len() {
                    return Err(damaged("`\\bin` data runs past the end of the file"));
                }
                self.at += length;
                return Ok(());
            }
            b"u" => {
                if self.consume_fallback() {
                    return Ok(());
                }
                let value = parameter.unwrap_or(0);
                let unit = if value < 0 {
                    (value + 65_536) as u16
                } else {
                    value as u16
                };
                if !self.group.skip {
                    self.push_unit(unit);
                }
                self.skip_fallback = self.group.fallback;
                return Ok(());
            }
            _ => {}
        }
        if self.consume_fallback() {
            return Ok(());
        }
        match name {
            b"uc" => self.group.fallback = usize::try_from(parameter.unwrap_or(1)).unwrap_or(1),
            b"ansicpg" => {
                self.document_page = u16::try_from(parameter.unwrap_or(1252)).unwrap_or(0);
            }
            b"fonttbl" => {
                self.group.skip = true;
                self.group.font_table = true;
            }
            b"f" if self.group.font_table => self.group.defining_font = parameter,
            b"f" => {
                self.group.font_page = parameter.and_then(|font| self.fonts.get(&font).copied());
            }
            b"fcharset" if self.group.font_table => {
                if let (Some(font), Some(page)) =
                    (self.group.defining_font, parameter.and_then(charset_page))
                {
                    self.fonts.insert(font, page);
                }
            }
            b"cpg" if self.group.font_table => {
                if let (Some(font), Some(page)) = (
                    self.group.defining_font,
                    parameter.and_then(|page| u16::try_from(page).ok()),
                ) {
                    self.fonts.insert(font, page);
                }
            }
            b"pict" | b"object" | b"shp" => {
                if !self.group.duplicate_picture {
                    self.pictures += 1;
                }
                self.group.skip = true;
            }
            b"nonshppict" => {
                self.group.duplicate_picture = true;
                self.group.skip = true;
            }
            // Tracked deletion: `\deleted` on, `\deleted0` off.
            b"deleted" => self.group.deleted = parameter != Some(0),
            b"colortbl"
            | b"stylesheet"
            | b"info"
            | b"listtable"
            | b"listoverridetable"
            | b"revtbl"
            | b"filetbl"
            | b"rsidtbl"
            | b"fldinst"
            | b"xmlnstbl"
            | b"themedata"
            | b"colorschememapping"
            | b"latentstyles"
            | b"datastore"
            | b"generator"
            | b"pgdsctbl"
            | b"pntext"
            | b"pntxta"
            | b"pntxtb"
            | b"listtext" => {
                self.group.skip = true;
            }
            b"pard" => self.group.in_table = false,
            b"intbl" => self.group.in_table = true,
            b"par" | b"line" if self.group.in_table => self.push_visible(' '),
            b"par" | b"line" | b"row" | b"sect" | b"page" | b"column" => self.push_visible('\n'),
            b"tab" => self.push_visible('\t'),
            // A top-level cell ends with a cell mark, so the row can be typeset as a table row;
            // a nested table's cells stay plain text inside their outer cell.
            b"cell" if !self.group.skip && !self.group.annotation && !self.group.deleted => {
                self.out.push(TABLE_CELL);
                self.out.push_str(" | ");
            }
            b"cell" | b"nestcell" if !self.group.skip => self.sink().push_str(" | "),
            b"emdash" => self.push_visible('\u{2014}'),
            b"endash" => self.push_visible('\u{2013}'),
            b"lquote" => self.push_visible('\u{2018}'),
            b"rquote" => self.push_visible('\u{2019}'),
            b"ldblquote" => self.push_visible('\u{201C}'),
            b"rdblquote" => self.push_visible('\u{201D}'),
            b"bullet" => self.push_visible('\u{2022}'),
            b"emspace" | b"enspace" | b"qmspace" => self.push_visible(' '),
            _ => {}
        }
        Ok(())
    }

    fn push_visible(&mut self, character: char) {
        if !self.group.skip {
            self.push_char(character);
        }
    }

    /// Skips one fallback character of the last `\uN`; true when this one was skipped.
    fn consume_fallback(&mut self) -> bool {
        if self.skip_fallback > 0 {
            self.skip_fallback -= 1;
            true
        } else {
            false
        }
    }

    fn current_page(&self) -> u16 {
        self.group.font_page.unwrap_or(self.document_page)
    }

    fn push_unit(&mut self, unit: u16) {
        match unit {
            0xD800..=0xDBFF => self.high_surrogate = Some(unit),
            0xDC00..=0xDFFF => {
                if let Some(high) = self.high_surrogate.take() {
                    let code =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    self.sink()
                        .push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                } else {
                    self.sink().push(char::REPLACEMENT_CHARACTER);
                }
            }
            _ => {
                self.high_surrogate = None;
                let character =
                    char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER);
                if !TABLE_MARKS.contains(&character) {
                    self.sink().push(character);
                }
            }
        }
    }

    fn push_char(&mut self, character: char) {
        self.high_surrogate = None;
        if !TABLE_MARKS.contains(&character) {
            self.sink().push(character);
        }
    }

    /// Where text read now goes: the record, a comment or a tracked deletion.
    fn sink(&mut self) -> &mut String {
        if self.group.annotation {
            &mut self.comments
        } else if self.group.deleted {
            &mut self.deleted
        } else {
            &mut self.out
        }
    }

    /// Decodes the waiting `\'hh` bytes in their code page.
    fn flush(&mut self) -> Result<(), String> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.pending);
        let encoding = page_encoding(self.pending_page).ok_or_else(|| {
            format!(
                "the RTF document uses code page {}, which sarpack cannot decode; a person must read it",
                self.pending_page
            )
        })?;
        let (text, _, had_errors) = encoding.decode(&bytes);
        if had_errors {
            return Err(format!(
                "the RTF document holds bytes that are not valid in its code page {}; a person must read it",
                self.pending_page
            ));
        }
        let text = text.replace(TABLE_MARKS, "");
        self.sink().push_str(&text);
        self.high_surrogate = None;
        Ok(())
    }

    /// The text, the comments and the tracked deletions, each as lines.
    fn finish(self) -> [Vec<String>; 3] {
        [self.out, self.comments, self.deleted].map(|text| lines(&text))
    }
}

fn damaged(what: &str) -> String {
    format!("the RTF document is damaged: {what}")
}

/// The Windows code page of an RTF `\fcharset` value (None: the document's own code page).
fn charset_page(charset: i32) -> Option<u16> {
    Some(match charset {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

/// The decoder for a Windows code page; `None` for one sarpack does not know.
fn page_encoding(page: u16) -> Option<&'static Encoding> {
    let label = match page {
        // 437 and 850 are DOS pages Word still writes in old files; their letters sit where
        // Windows-1252 has them for the ASCII range only, so they are not guessed.
        874 => "windows-874",
        932 => "shift_jis",
        936 => "gbk",
        949 => "euc-kr",
        950 => "big5",
        1250..=1258 => return Encoding::for_label(format!("windows-{page}").as_bytes()),
        10000 => "macintosh",
        20127 => "us-ascii",
        28591 => "iso-8859-1",
        65001 => "utf-8",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_paragraphs_escapes_and_tables() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}{\f1\fcharset204 Times;}}{\colortbl;\red0\green0\blue0;}{\*\generator Word;}{\info{\author Hidden Author}}
\pard Siobh\'e1n met {\b Jade} Carter.\par
Caf\u233?s and \u-10179?\u-8704? {\f1 \'cf\'f0}\par
{\*\fldinst HYPERLINK x}{\fldrslt link}\tab end\line next\par
\trowd\cellx1000\cellx2000 Name\cell Role\cell\row
}";
        assert_eq!(
            rtf_text(rtf).unwrap(),
            "Siobh\u{e1}n met Jade Carter.\n\nCaf\u{e9}s and \u{1F600} \u{41F}\u{440}\n\nlink\tend\n\nnext\n\n\u{1e}Name\u{1f} | Role"
        );
    }

    #[test]
    fn comments_and_deletions_are_carried_and_pictures_refused() {
        let rtf = br"{\rtf1 Kept {\deleted Gone }text.\par{\*\atnid KO}{\*\atnauthor Kevin}\chatn{\*\annotation{\*\atndate 1}\pard Check this.\par}}";
        assert_eq!(
            rtf_text(rtf).unwrap(),
            "Kept text.\n\nComments\n\nComment: Check this.\n\nTracked deletions\n\nDeleted: Gone"
        );
        let picture = br"{\rtf1 Tree {\*\shppict{\pict\pngblip 89504e47}}{\nonshppict{\pict\wmetafile8 0100}}\par}";
        assert!(rtf_text(picture).unwrap_err().contains("1 picture(s)"));
        let binary = b"{\\rtf1 A{\\pict\\bin3 {}}}B}";
        assert!(rtf_text(binary).unwrap_err().contains("1 picture(s)"));
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        assert!(rtf_text(b"").is_err());
        assert!(rtf_text(b"plain").unwrap_err().contains("{\\rtf"));
        assert!(rtf_text(br"{\rtf1 open").unwrap_err().contains("truncated"));
        assert!(
            rtf_text(br"{\rtf1 x}}").is_ok(),
            "trailing junk after the end"
        );
        assert!(rtf_text(br"{\rtf1 \'zz}").is_err());
        assert!(rtf_text(br"{\rtf1 \bin99 ab}").is_err());
        assert!(
            rtf_text(br"{\rtf1\ansicpg437 caf\'e9}")
                .unwrap_err()
                .contains("437")
        );
        assert!(rtf_text(br"{\rtf1 \").is_err());
        let deep = format!("{{\\rtf1 {}{}}}", "{".repeat(600), "}".repeat(600));
        assert!(rtf_text(deep.as_bytes()).unwrap_err().contains("deep"));
    }
}
