//! Excel workbooks (`.xlsx`, issue 15 point 5): every sheet's cells as rows of text, for
//! `gather` to search, redact and typeset like any other document text.
//!
//! Read with `zip` and `quick-xml` (already dependencies) rather than `calamine`, which would
//! bring a second zip and XML stack into a build that runs on two cores, and which does not say
//! which sheets, rows and columns are hidden. What is read: every sheet in workbook order, every
//! cell with a value (shared and inline strings, numbers, booleans, errors, a formula's last
//! computed value, dates in a date format written as dates), print headers and footers, and
//! cell comments. Nothing is silently dropped: hidden sheets, rows and columns are carried and
//! marked as hidden in the workbook. What cannot be typeset (pictures, charts, drawn shapes,
//! embedded objects, chart sheets) or read soundly (a formula with no computed value) makes the
//! workbook an error with the count, so it is held for a person. Hostile input is bounded like a
//! Word document's: a cap on zip entries and on each part's inflated size.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};

use super::text::{MAX_DOCX_ENTRIES, MAX_DOCX_TOTAL_BYTES, entity_text, read_zip_part};

/// The workbook's text: one paragraph per sheet (a heading line, then a line per row with a
/// value, cells separated by ` | `), then its comments. The error is a plain-English reason.
pub fn xlsx_text(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(
            "the workbook is password-protected (encrypted) or in the old binary .xls format"
                .to_string(),
        );
    }
    let mut book = Book::open(bytes)?;
    let workbook = book
        .part("xl/workbook.xml")?
        .ok_or_else(|| "not an Excel workbook (it has no xl/workbook.xml)".to_string())?;
    let (sheets, date1904) = sheet_list(&workbook)?;
    let relations = match book.part("xl/_rels/workbook.xml.rels")? {
        Some(xml) => read_relations(&xml, "xl/_rels/workbook.xml.rels", "xl")?,
        None => BTreeMap::new(),
    };
    let shared = match book.part("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml)?,
        None => Vec::new(),
    };
    let styles = match book.part("xl/styles.xml")? {
        Some(xml) => date_styles(&xml)?,
        None => Vec::new(),
    };
    let mut paragraphs = Vec::new();
    let mut left_out = 0usize;
    let mut unread_formulas = 0usize;
    for (number, sheet) in sheets.iter().enumerate() {
        let Some(relation) = relations.get(&sheet.relation) else {
            return Err(format!(
                "the workbook's sheet {} has no part (damaged)",
                number + 1
            ));
        };
        if relation.kind.ends_with("/chartsheet") {
            left_out += 1;
            continue;
        }
        let xml = book.part(&relation.target)?.ok_or_else(|| {
            format!(
                "the workbook's part `{}` is missing (damaged)",
                relation.target
            )
        })?;
        let read = read_sheet(&xml, &relation.target, &shared, &styles, date1904)?;
        left_out += read.pictures;
        unread_formulas += read.unread_formulas;
        let rels_name = sheet_relations_name(&relation.target);
        let sheet_relations = match book.part(&rels_name)? {
            Some(xml) => read_relations(&xml, &rels_name, parent_folder(&relation.target))?,
            None => BTreeMap::new(),
        };
        let mut comments = Vec::new();
        for related in sheet_relations.values() {
            if related.kind.ends_with("/comments") {
                if let Some(xml) = book.part(&related.target)? {
                    comments.extend(read_comments(&xml, &related.target)?);
                }
            } else if related.kind.ends_with("/oleObject") || related.kind.ends_with("/image") {
                left_out += 1;
            }
        }
        paragraphs.push(sheet_paragraph(number + 1, sheet, &read, &comments));
    }
    // Pictures placed in cells or in print headers have no drawing part on a sheet; any picture
    // or embedded file in the package is still content that is not typeset.
    let media = book.names_under(&["xl/media/", "xl/embeddings/"]);
    if left_out == 0 {
        left_out = media;
    }
    let cached = book.names_under(&["xl/pivotCache/", "xl/externalLinks/"]);
    if cached > 0 {
        return Err(
            "the workbook holds a pivot table's or a linked workbook's saved copy of data that need not be on any sheet; a person must check it"
                .to_string(),
        );
    }
    if left_out > 0 {
        return Err(format!(
            "the workbook holds {left_out} picture(s), chart(s), drawing(s) or embedded object(s) that sarpack does not carry into the typeset record; a person must check them and the workbook"
        ));
    }
    if unread_formulas > 0 {
        return Err(format!(
            "the workbook holds {unread_formulas} formula(s) with no computed value saved (the file was not saved by a spreadsheet program); a person must open it and check the values"
        ));
    }
    Ok(paragraphs.join("\n\n"))
}

/// Widest sheet (in columns) typeset as a table; wider ones are a line per row, which a page can
/// hold however many columns there are.
const MAX_GRID_COLUMNS: u32 = 8;

/// The table marks of `model`, which must mean only what this reader puts there.
const TABLE_MARKS: [char; 3] = [
    crate::model::TABLE_ROW,
    crate::model::TABLE_HEADER_ROW,
    crate::model::TABLE_CELL,
];

fn sheet_paragraph(number: usize, sheet: &Sheet, read: &ReadSheet, comments: &[String]) -> String {
    let mut lines = Vec::new();
    let state = match sheet.state.as_str() {
        "hidden" | "veryHidden" => " (hidden in the workbook)",
        _ => "",
    };
    lines.push(format!("Sheet {number}: {}{state}", sheet.name));
    if !read.hidden_columns.is_empty() {
        lines.push(format!(
            "Columns hidden in the workbook, shown here: {}",
            read.hidden_columns
                .iter()
                .map(|&(first, last)| if first == last {
                    column_name(first)
                } else {
                    format!("{}-{}", column_name(first), column_name(last))
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines.extend(read.headers.iter().cloned());
    let first = read
        .rows
        .values()
        .flat_map(|row| row.cells.keys().next().copied())
        .min()
        .unwrap_or(1);
    let last = read
        .rows
        .values()
        .flat_map(|row| row.cells.keys().next_back().copied())
        .max()
        .unwrap_or(first);
    let cells_of = |row: &Row, last: u32| -> Vec<String> {
        (first..=last)
            .map(|column| {
                row.cells
                    .get(&column)
                    .map(|text| text.replace(TABLE_MARKS, ""))
                    .unwrap_or_default()
            })
            .collect()
    };
    if last - first < MAX_GRID_COLUMNS {
        // Typeset as a table (`model::TABLE_ROW`): a heading row of column letters, repeated on
        // each page, then a row per sheet row with a value, its number in the first cell.
        let separator = format!("{} | ", crate::model::TABLE_CELL);
        let mut paragraphs = vec![lines.join("\n")];
        let heading: Vec<String> = std::iter::once("Row".to_string())
            .chain((first..=last).map(column_name))
            .collect();
        paragraphs.push(format!(
            "{}{}",
            crate::model::TABLE_HEADER_ROW,
            heading.join(&separator)
        ));
        for (number, row) in &read.rows {
            let hidden = if row.hidden { " (hidden)" } else { "" };
            let cells: Vec<String> = std::iter::once(format!("{number}{hidden}"))
                .chain(cells_of(row, last))
                .collect();
            paragraphs.push(format!(
                "{}{}",
                crate::model::TABLE_ROW,
                cells.join(&separator)
            ));
        }
        if !comments.is_empty() {
            paragraphs.push(comments.join("\n"));
        }
        return paragraphs.join("\n\n");
    }
    for (number, row) in &read.rows {
        let row_last = row.cells.keys().next_back().copied().unwrap_or(first);
        let hidden = if row.hidden { " (hidden)" } else { "" };
        lines.push(format!(
            "Row {number}{hidden}: {}",
            cells_of(row, row_last).join(" | ")
        ));
    }
    if read.rows.is_empty() {
        lines.push("(no cells with a value)".to_string());
    }
    lines.extend(comments.iter().cloned());
    lines.join("\n")
}

/// The zip archive with the inflate budget of a Word document (see `text::read_part`).
struct Book<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Book<'a> {
    fn open(bytes: &'a [u8]) -> Result<Book<'a>, String> {
        let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|error| format!("the workbook is damaged (not a readable zip: {error})"))?;
        if archive.len() > MAX_DOCX_ENTRIES {
            return Err(format!(
                "the workbook holds {} parts, more than the {MAX_DOCX_ENTRIES} sarpack accepts (damaged or hostile)",
                archive.len()
            ));
        }
        Ok(Book {
            archive,
            budget: MAX_DOCX_TOTAL_BYTES,
        })
    }

    /// How many parts lie under any of `folders`.
    fn names_under(&self, folders: &[&str]) -> usize {
        self.archive
            .file_names()
            .filter_map(Result::ok)
            .filter(|name| folders.iter().any(|folder| name.starts_with(folder)))
            .count()
    }

    /// One part as UTF-8 XML; `Ok(None)` when it does not exist.
    fn part(&mut self, name: &str) -> Result<Option<String>, String> {
        read_zip_part(&mut self.archive, name, &mut self.budget, "the workbook")
    }
}

struct Sheet {
    name: String,
    state: String,
    relation: String,
}

struct Relation {
    kind: String,
    /// The part's name in the zip, resolved against the folder of the part that names it.
    target: String,
}

#[derive(Default)]
struct Row {
    hidden: bool,
    cells: BTreeMap<u32, String>,
}

#[derive(Default)]
struct ReadSheet {
    rows: BTreeMap<u32, Row>,
    /// Runs of hidden columns, first and last (Excel hides a run to the sheet's last column).
    hidden_columns: Vec<(u32, u32)>,
    headers: Vec<String>,
    pictures: usize,
    unread_formulas: usize,
}

/// Streams a part's XML: `on` sees each start (or empty) element with `true` for empty, each
/// end element, and each piece of text with entities resolved.
enum Xml<'e> {
    Start(&'e BytesStart<'e>, bool),
    End(&'e [u8]),
    Text(&'e str),
}

fn walk(
    xml: &str,
    part: &str,
    mut on: impl FnMut(Xml<'_>) -> Result<(), String>,
) -> Result<(), String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let damaged = |error: &dyn std::fmt::Display| {
        format!("the workbook's part `{part}` is damaged XML ({error})")
    };
    let mut depth = 0usize;
    loop {
        match reader.read_event().map_err(|error| damaged(&error))? {
            Event::Start(element) => {
                depth += 1;
                on(Xml::Start(&element, false))?;
            }
            Event::Empty(element) => on(Xml::Start(&element, true))?,
            Event::End(element) => {
                depth = depth.saturating_sub(1);
                on(Xml::End(element.local_name().as_ref()))?;
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|error| damaged(&error))?;
                on(Xml::Text(&text))?;
            }
            Event::CData(text) => {
                let text = text.decode().map_err(|error| damaged(&error))?;
                on(Xml::Text(&text))?;
            }
            Event::GeneralRef(reference) => {
                let resolved = entity_text(&reference).map_err(|error| damaged(&error))?;
                on(Xml::Text(&resolved))?;
            }
            Event::Eof => {
                if depth > 0 {
                    return Err(damaged(&"it ends before its elements close: truncated"));
                }
                return Ok(());
            }
            _ => {}
        }
    }
}

fn attribute(element: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == local)
        .and_then(|attribute| attribute.unescape_value().ok())
        .map(|value| value.into_owned())
}

fn is_true(value: Option<String>) -> bool {
    matches!(value.as_deref(), Some("1" | "true"))
}

/// The sheets in workbook order, and whether dates count from 1904.
fn sheet_list(xml: &str) -> Result<(Vec<Sheet>, bool), String> {
    let mut sheets = Vec::new();
    let mut date1904 = false;
    walk(xml, "xl/workbook.xml", |event| {
        if let Xml::Start(element, _) = event {
            match element.local_name().as_ref() {
                b"sheet" => sheets.push(Sheet {
                    name: attribute(element, b"name").unwrap_or_default(),
                    state: attribute(element, b"state").unwrap_or_default(),
                    relation: attribute(element, b"id").unwrap_or_default(),
                }),
                b"workbookPr" => date1904 = is_true(attribute(element, b"date1904")),
                _ => {}
            }
        }
        Ok(())
    })?;
    Ok((sheets, date1904))
}

/// A relationships part: id to type and target part, resolved against `folder`.
fn read_relations(
    xml: &str,
    part: &str,
    folder: &str,
) -> Result<BTreeMap<String, Relation>, String> {
    let mut out = BTreeMap::new();
    walk(xml, part, |event| {
        if let Xml::Start(element, _) = event
            && element.local_name().as_ref() == b"Relationship"
            && attribute(element, b"TargetMode").as_deref() != Some("External")
        {
            let target = attribute(element, b"Target").unwrap_or_default();
            out.insert(
                attribute(element, b"Id").unwrap_or_default(),
                Relation {
                    kind: attribute(element, b"Type").unwrap_or_default(),
                    target: resolve(folder, &target),
                },
            );
        }
        Ok(())
    })?;
    Ok(out)
}

/// `target` (relative, or absolute from the package root) as a zip entry name.
fn resolve(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|part| !part.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn parent_folder(part: &str) -> &str {
    part.rsplit_once('/')
        .map(|(folder, _)| folder)
        .unwrap_or("")
}

/// `xl/worksheets/sheet1.xml` -> `xl/worksheets/_rels/sheet1.xml.rels`.
fn sheet_relations_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The shared strings table: each `si`'s text runs joined (phonetic guides left out).
fn shared_strings(xml: &str) -> Result<Vec<String>, String> {
    let mut strings = Vec::new();
    let mut current: Option<String> = None;
    let mut in_text = false;
    let mut phonetic = 0usize;
    walk(xml, "xl/sharedStrings.xml", |event| {
        match event {
            Xml::Start(element, empty) => match element.local_name().as_ref() {
                b"si" if empty => strings.push(String::new()),
                b"si" => current = Some(String::new()),
                b"rPh" if !empty => phonetic += 1,
                b"t" if !empty => in_text = true,
                _ => {}
            },
            Xml::End(name) => match name {
                b"si" => strings.push(current.take().unwrap_or_default()),
                b"rPh" => phonetic = phonetic.saturating_sub(1),
                b"t" => in_text = false,
                _ => {}
            },
            Xml::Text(text) => {
                if in_text
                    && phonetic == 0
                    && let Some(current) = current.as_mut()
                {
                    current.push_str(text);
                }
            }
        }
        Ok(())
    })?;
    Ok(strings)
}

/// How a cell style shows a number: for each `cellXfs` entry, whether it is a date or a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Number,
    Date,
    Time,
    DateTime,
}

fn date_styles(xml: &str) -> Result<Vec<Shown>, String> {
    let mut custom: BTreeMap<u32, String> = BTreeMap::new();
    let mut formats: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    walk(xml, "xl/styles.xml", |event| {
        match event {
            Xml::Start(element, empty) => match element.local_name().as_ref() {
                b"numFmt" => {
                    if let (Some(id), Some(code)) = (
                        attribute(element, b"numFmtId").and_then(|id| id.parse().ok()),
                        attribute(element, b"formatCode"),
                    ) {
                        custom.insert(id, code);
                    }
                }
                b"cellXfs" if !empty => in_cell_xfs = true,
                b"xf" if in_cell_xfs => formats.push(
                    attribute(element, b"numFmtId")
                        .and_then(|id| id.parse().ok())
                        .unwrap_or(0),
                ),
                _ => {}
            },
            Xml::End(b"cellXfs") => in_cell_xfs = false,
            _ => {}
        }
        Ok(())
    })?;
    Ok(formats
        .into_iter()
        .map(|id| match id {
            14..=17 => Shown::Date,
            22 => Shown::DateTime,
            18..=21 | 45..=47 => Shown::Time,
            _ => custom
                .get(&id)
                .map(|code| shown_by(code))
                .unwrap_or(Shown::Number),
        })
        .collect())
}

/// Whether a number format code shows a date or time (quoted text and `[...]` sections aside).
fn shown_by(code: &str) -> Shown {
    let mut plain = String::new();
    let mut quoted = false;
    let mut bracket = false;
    for character in code.chars() {
        match character {
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            _ if quoted || bracket => {}
            other => plain.push(other.to_ascii_lowercase()),
        }
    }
    let date = plain.contains('y') || plain.contains('d');
    let time = plain.contains('h') || plain.contains('s');
    match (date, time) {
        (true, true) => Shown::DateTime,
        (true, false) => Shown::Date,
        (false, true) => Shown::Time,
        (false, false) => Shown::Number,
    }
}

/// A serial date number as `YYYY-MM-DD`, `HH:MM` or both; `None` when out of range.
fn serial_date(value: f64, shown: Shown, date1904: bool) -> Option<String> {
    if !value.is_finite() || !(0.0..2_958_466.0).contains(&value) {
        return None;
    }
    let days = value.floor() as i64;
    let seconds = ((value - value.floor()) * 86_400.0).round() as i64;
    let (days, seconds) = if seconds >= 86_400 {
        (days + 1, 0)
    } else {
        (days, seconds)
    };
    let date = if date1904 {
        jiff::civil::date(1904, 1, 1).checked_add(jiff::Span::new().days(days))
    } else if days < 60 {
        // Excel counts a 29 February 1900 that never was: serials below it start a day later.
        jiff::civil::date(1899, 12, 31).checked_add(jiff::Span::new().days(days))
    } else {
        jiff::civil::date(1899, 12, 30).checked_add(jiff::Span::new().days(days))
    }
    .ok()?;
    let time = format!("{:02}:{:02}", seconds / 3600, (seconds % 3600) / 60);
    Some(match shown {
        Shown::Date => date.to_string(),
        Shown::Time => time,
        Shown::DateTime => format!("{date} {time}"),
        Shown::Number => return None,
    })
}

/// `B12` -> (2, 12).
fn cell_reference(reference: &str) -> Option<(u32, u32)> {
    let split = reference.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let column = letters.chars().try_fold(0u32, |column, letter| {
        letter
            .is_ascii_alphabetic()
            .then(|| column * 26 + (letter.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
    })?;
    Some((column, digits.parse().ok()?))
}

fn column_name(mut column: u32) -> String {
    let mut name = Vec::new();
    while column > 0 {
        let rest = (column - 1) % 26;
        name.push((b'A' + rest as u8) as char);
        column = (column - 1) / 26;
    }
    name.iter().rev().collect()
}

fn read_sheet(
    xml: &str,
    part: &str,
    shared: &[String],
    styles: &[Shown],
    date1904: bool,
) -> Result<ReadSheet, String> {
    let mut sheet = ReadSheet::default();
    // The cell being read: column, row, type, style, and its value and formula seen so far.
    let mut cell: Option<(u32, u32, String, usize)> = None;
    let mut value: Option<String> = None;
    let mut formula = false;
    let mut text_target: Option<&'static str> = None;
    let mut row_number = 0u32;
    let mut inline = String::new();
    let mut header = String::new();
    let mut problem: Option<String> = None;
    walk(xml, part, |event| {
        match event {
            Xml::Start(element, empty) => match element.local_name().as_ref() {
                b"row" => {
                    row_number = attribute(element, b"r")
                        .and_then(|r| r.parse().ok())
                        .unwrap_or(row_number + 1);
                    let row = sheet.rows.entry(row_number).or_default();
                    row.hidden = is_true(attribute(element, b"hidden"));
                }
                b"col" if is_true(attribute(element, b"hidden")) => {
                    let min: u32 = attribute(element, b"min")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    let max: u32 = attribute(element, b"max")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(min);
                    sheet.hidden_columns.push((min, max.max(min)));
                }
                b"c" => {
                    let reference = attribute(element, b"r");
                    let (column, row) = match reference.as_deref().and_then(cell_reference) {
                        Some(place) => place,
                        None => {
                            let column = sheet
                                .rows
                                .get(&row_number)
                                .and_then(|row| row.cells.keys().next_back().copied())
                                .unwrap_or(0)
                                + 1;
                            (column, row_number)
                        }
                    };
                    let kind = attribute(element, b"t").unwrap_or_default();
                    let style = attribute(element, b"s")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0);
                    value = None;
                    formula = false;
                    inline.clear();
                    cell = (!empty).then_some((column, row, kind, style));
                }
                b"v" if !empty => text_target = Some("v"),
                b"f" => formula = true,
                b"t" if !empty && cell.is_some() => text_target = Some("is"),
                b"rPh" if !empty => text_target = None,
                b"oddHeader" | b"oddFooter" | b"evenHeader" | b"evenFooter" | b"firstHeader"
                | b"firstFooter"
                    if !empty =>
                {
                    text_target = Some("header");
                    header.clear();
                }
                b"drawing" | b"picture" | b"oleObject" | b"control" => sheet.pictures += 1,
                _ => {}
            },
            Xml::Text(text) => match text_target {
                Some("v") => value.get_or_insert_with(String::new).push_str(text),
                Some("is") => inline.push_str(text),
                Some("header") => header.push_str(text),
                _ => {}
            },
            Xml::End(name) => match name {
                b"v" | b"t" => text_target = None,
                b"oddHeader" | b"oddFooter" | b"evenHeader" | b"evenFooter" | b"firstHeader"
                | b"firstFooter" => {
                    text_target = None;
                    let shown = header_text(&header);
                    if !shown.is_empty() {
                        let label = if name.ends_with(b"Header") {
                            "Header"
                        } else {
                            "Footer"
                        };
                        let line = format!("{label}: {shown}");
                        if !sheet.headers.contains(&line) {
                            sheet.headers.push(line);
                        }
                    }
                }
                b"c" => {
                    let Some((column, row, kind, style)) = cell.take() else {
                        return Ok(());
                    };
                    let shown = match kind.as_str() {
                        "s" => {
                            let index: Option<usize> =
                                value.as_deref().and_then(|v| v.trim().parse().ok());
                            match index.and_then(|index| shared.get(index)) {
                                Some(text) => Some(text.clone()),
                                None => {
                                    problem = Some(format!(
                                        "the workbook's part `{part}`: cell {}{row} names a shared string that does not exist (damaged)",
                                        column_name(column)
                                    ));
                                    None
                                }
                            }
                        }
                        "inlineStr" => Some(inline.clone()),
                        "b" => value
                            .as_deref()
                            .map(|v| if v.trim() == "1" { "TRUE" } else { "FALSE" }.to_string()),
                        "str" | "e" => value.clone(),
                        _ => value.as_deref().map(|raw| {
                            let shown = styles.get(style).copied().unwrap_or(Shown::Number);
                            raw.trim()
                                .parse::<f64>()
                                .ok()
                                .and_then(|number| serial_date(number, shown, date1904))
                                .unwrap_or_else(|| raw.trim().to_string())
                        }),
                    };
                    if formula && value.is_none() && kind != "inlineStr" {
                        sheet.unread_formulas += 1;
                    }
                    if let Some(shown) = shown.filter(|text| !text.trim().is_empty()) {
                        let shown = shown.replace(['\r', '\n'], " ");
                        sheet
                            .rows
                            .entry(row)
                            .or_default()
                            .cells
                            .insert(column, shown);
                    }
                }
                _ => {}
            },
        }
        Ok(())
    })?;
    if let Some(problem) = problem {
        return Err(problem);
    }
    sheet.rows.retain(|_, row| !row.cells.is_empty());
    Ok(sheet)
}

/// A print header's text without its `&` codes (`&P` page number, `&"Arial,Bold"`, `&12`).
fn header_text(code: &str) -> String {
    let mut out = String::new();
    let mut chars = code.chars().peekable();
    while let Some(character) = chars.next() {
        if character != '&' {
            out.push(character);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('"') => {
                for inner in chars.by_ref() {
                    if inner == '"' {
                        break;
                    }
                }
            }
            Some(digit) if digit.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            Some('L' | 'C' | 'R') => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The comments of a sheet, each `Comment on B3 by <author>: <text>`.
fn read_comments(xml: &str, part: &str) -> Result<Vec<String>, String> {
    let mut authors: Vec<String> = Vec::new();
    let mut comments = Vec::new();
    let mut in_author = false;
    let mut author = String::new();
    let mut current: Option<(String, Option<usize>, String)> = None;
    let mut in_text = false;
    walk(xml, part, |event| {
        match event {
            Xml::Start(element, empty) => match element.local_name().as_ref() {
                b"author" if !empty => {
                    in_author = true;
                    author.clear();
                }
                b"author" => authors.push(String::new()),
                b"comment" if !empty => {
                    current = Some((
                        attribute(element, b"ref").unwrap_or_default(),
                        attribute(element, b"authorId").and_then(|id| id.parse().ok()),
                        String::new(),
                    ));
                }
                b"t" if !empty => in_text = true,
                _ => {}
            },
            Xml::Text(text) => {
                if in_author {
                    author.push_str(text);
                } else if in_text && let Some((_, _, body)) = current.as_mut() {
                    body.push_str(text);
                }
            }
            Xml::End(name) => match name {
                b"author" => {
                    in_author = false;
                    authors.push(author.trim().to_string());
                }
                b"t" => in_text = false,
                b"comment" => {
                    if let Some((place, author, body)) = current.take() {
                        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
                        if body.is_empty() {
                            return Ok(());
                        }
                        let by = author
                            .and_then(|index| authors.get(index))
                            .filter(|name| !name.is_empty())
                            .map(|name| format!(" by {name}"))
                            .unwrap_or_default();
                        comments.push(format!("Comment on {place}{by}: {body}"));
                    }
                }
                _ => {}
            },
        }
        Ok(())
    })?;
    Ok(comments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_column_names() {
        assert_eq!(cell_reference("B12"), Some((2, 12)));
        assert_eq!(cell_reference("AA1"), Some((27, 1)));
        assert_eq!(cell_reference("12"), None);
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(28), "AB");
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet2.xml"),
            "xl/worksheets/sheet2.xml"
        );
    }

    #[test]
    fn dates_headers_and_formats() {
        assert_eq!(
            serial_date(43_831.0, Shown::Date, false).as_deref(),
            Some("2020-01-01")
        );
        assert_eq!(
            serial_date(1.0, Shown::Date, false).as_deref(),
            Some("1900-01-01")
        );
        assert_eq!(
            serial_date(0.5, Shown::Time, false).as_deref(),
            Some("12:00")
        );
        assert_eq!(
            serial_date(0.0, Shown::Date, true).as_deref(),
            Some("1904-01-01")
        );
        assert_eq!(shown_by("dd/mm/yyyy"), Shown::Date);
        assert_eq!(shown_by("\"day\" 0.00"), Shown::Number);
        assert_eq!(shown_by("[Red]0.00"), Shown::Number);
        assert_eq!(
            header_text("&L&\"Arial,Bold\"&12Jade Carter&RPage &P"),
            "Jade Carter Page"
        );
    }

    #[test]
    fn a_sheet_wider_than_a_table_is_a_line_per_row() {
        let mut read = ReadSheet::default();
        let row = read.rows.entry(3).or_default();
        row.cells.insert(1, "Jade Carter".to_string());
        row.cells.insert(12, "far right".to_string());
        let sheet = Sheet {
            name: "Wide".to_string(),
            state: String::new(),
            relation: String::new(),
        };
        assert_eq!(
            sheet_paragraph(1, &sheet, &read, &[]),
            "Sheet 1: Wide\nRow 3: Jade Carter |  |  |  |  |  |  |  |  |  |  | far right"
        );
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        assert!(xlsx_text(b"not a zip").unwrap_err().contains("damaged"));
        assert!(
            xlsx_text(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0])
                .unwrap_err()
                .contains(".xls")
        );
    }
}
