//! Turning the three CSV tables into the register, case-note rows and document rows.
//!
//! The rule (house style 8, issue 5 "nothing lost"): a case-note or document row with a bad field
//! is kept, with a problem note in the words a reviewer needs ("row 41: column `date`: ..."), so
//! the schedule lists it as pending review. The register is stricter: an unusable `people.csv`
//! row is an error, since a third party silently missing from the register would be disclosed.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;

use super::table::{self, MAX_CSV_BYTES, Table};
use super::{DocumentRow, NoteRow, StoreError};
use crate::model::{Category, Person, Register};

pub const PEOPLE_COLUMNS: &[&str] = &[
    "id", "name", "aliases", "dob", "role", "category", "phone", "address", "consent",
];
// Every documented column is required: a missing `restricted` or `agency` column would quietly
// disclose restricted or agency content, and a missing `aliases` or `phone` column would leave a
// third party's identifiers undetected. Failing loudly is the only safe reading.
pub const NOTE_COLUMNS: &[&str] = &[
    "id",
    "date",
    "type",
    "author",
    "agency",
    "restricted",
    "restriction_reason",
    "subjects",
    "text",
];
pub const DOCUMENT_COLUMNS: &[&str] = &[
    "path",
    "date",
    "title",
    "type",
    "author",
    "agency",
    "restricted",
    "restriction_reason",
    "subjects",
];

/// Reads and parses `<root>/<name>`; `Ok(None)` when the file does not exist.
pub fn read_csv(
    canonical_root: &Path,
    root: &Path,
    name: &str,
    required: &[&str],
) -> Result<Option<Table>, StoreError> {
    let shown = root.join(name);
    let path = canonical_root.join(name);
    match std::fs::symlink_metadata(&path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(StoreError::Read {
                path: shown,
                source,
            });
        }
        Ok(_) => {}
    }
    // Never read outside the store, even through a link in its top folder.
    let resolved = path.canonicalize().map_err(|source| StoreError::Read {
        path: shown.clone(),
        source,
    })?;
    if !resolved.starts_with(canonical_root) {
        return Err(StoreError::Invalid {
            path: shown,
            message: "is a link that points outside the records store; not read".to_string(),
        });
    }
    let bytes =
        table::read_file_bounded(&resolved, MAX_CSV_BYTES).map_err(|source| StoreError::Read {
            path: shown.clone(),
            source,
        })?;
    let decoded = table::decode(&bytes);
    if decoded.windows_1252 {
        tracing::warn!(
            file = %shown.display(),
            "not valid UTF-8; read as Windows-1252"
        );
    }
    Table::parse(&shown, decoded, required).map(Some)
}

/// Parses a date written `YYYY-MM-DD` (the documented export format), optionally followed by a
/// time (`2019-04-02 10:30`, `2019-04-02T10:30:00`) as case-management exports often add; the
/// time is checked and dropped. Anything else, day-first `02/04/2019` included (ambiguous with
/// month-first), is an error message for the row's problems.
pub fn parse_date(column: &str, raw: &str) -> Result<Option<Date>, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let bad = || format!("column `{column}`: `{value}` is not a date (dates are YYYY-MM-DD)");
    let (day_part, time_part) = match value.char_indices().nth(10) {
        Some((index, ' ' | 'T')) => (&value[..index], Some(value[index + 1..].trim())),
        Some(_) => return Err(bad()),
        None => (value, None),
    };
    if let Some(time) = time_part
        && time.parse::<jiff::civil::Time>().is_err()
    {
        return Err(bad());
    }
    let bytes = day_part.as_bytes();
    let shape_ok = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit());
    if !shape_ok {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| day_part[range].parse::<i16>().map_err(|_| bad());
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let month = i8::try_from(month).map_err(|_| bad())?;
    let day = i8::try_from(day).map_err(|_| bad())?;
    Date::new(year, month, day).map(Some).map_err(|_| bad())
}

/// `true`/`false` (also yes/no, y/n, 1/0, any case); empty is `false`. A value that is none of
/// these is read as restricted: an entry whose restriction is unclear is withheld until a person
/// looks (fail closed).
fn parse_restricted(raw: &str) -> Result<bool, String> {
    match raw.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" | "" => Ok(false),
        other => Err(format!(
            "column `restricted`: `{other}` is not true or false (read as restricted until reviewed)"
        )),
    }
}

fn split_list(raw: &str) -> Vec<String> {
    raw.split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

/// Builds the register; any row that cannot be trusted is an error naming file, row and column.
pub fn register(path: &Path, table: &Table) -> Result<Register, StoreError> {
    let invalid = |message: String| StoreError::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let mut people: Vec<Person> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let number = row.number;
        let id = table.get(row, "id").trim().to_string();
        if id.is_empty() {
            return Err(invalid(format!("row {number}: column `id` is empty")));
        }
        if let Some(first) = seen.insert(id.clone(), number) {
            return Err(invalid(format!(
                "row {number}: column `id`: `{id}` is also used by row {first}"
            )));
        }
        let name = table.get(row, "name").trim().to_string();
        if name.is_empty() {
            return Err(invalid(format!("row {number}: column `name` is empty")));
        }
        let category = match table.get(row, "category").trim().to_lowercase().as_str() {
            "subject" => Category::Subject,
            "third-party" | "third party" | "thirdparty" => Category::ThirdParty,
            "professional" => Category::Professional,
            other => {
                return Err(invalid(format!(
                    "row {number}: column `category`: `{other}` is not a category (expected subject, third-party or professional)"
                )));
            }
        };
        // A third party's date of birth is one of the identifiers detection looks for; an
        // unreadable one would go undetected, so it stops the run.
        let dob = parse_date("dob", table.get(row, "dob"))
            .map_err(|message| invalid(format!("row {number}: {message}")))?;
        let consent = match table.get(row, "consent").trim().to_lowercase().as_str() {
            "yes" | "y" | "true" => true,
            "no" | "n" | "false" | "" => false,
            other => {
                return Err(invalid(format!(
                    "row {number}: column `consent`: `{other}` is not yes, no or empty"
                )));
            }
        };
        people.push(Person {
            id,
            name,
            aliases: split_list(table.get(row, "aliases")),
            dob,
            role: table.get(row, "role").trim().to_string(),
            category,
            phone: table.get(row, "phone").trim().to_string(),
            address: table.get(row, "address").trim().to_string(),
            consent,
        });
    }
    Ok(Register { people })
}

/// Problems common to note and document rows: width, encoding, subjects.
fn common_problems(
    table: &Table,
    row: &table::Row,
    register: &Register,
    subjects: &[String],
    non_ascii: bool,
) -> Vec<String> {
    let number = row.number;
    let mut problems = Vec::new();
    if row.width < table.header_width {
        problems.push(format!(
            "row {number}: has {} fields but the header has {}; missing fields read as empty",
            row.width, table.header_width
        ));
    }
    if table.windows_1252 && non_ascii {
        problems.push(format!(
            "row {number}: the file is not valid UTF-8 and was read as Windows-1252; check accented letters and symbols"
        ));
    }
    // Without a register every id is unknown; saying so once per row would only be noise.
    if !register.people.is_empty() {
        for subject in subjects {
            if register.get(subject).is_none() {
                problems.push(format!(
                    "row {number}: column `subjects`: `{subject}` is not in people.csv"
                ));
            }
        }
    }
    problems
}

pub fn notes(table: &Table, register: &Register) -> Vec<NoteRow> {
    let mut notes: Vec<NoteRow> = Vec::with_capacity(table.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let number = row.number;
        let get = |column: &str| table.get(row, column).trim().to_string();
        let subjects = split_list(table.get(row, "subjects"));
        let text = table.get(row, "text").to_string();
        let non_ascii = NOTE_COLUMNS
            .iter()
            .any(|column| !table.get(row, column).is_ascii());
        let mut problems = common_problems(table, row, register, &subjects, non_ascii);
        let id = get("id");
        if id.is_empty() {
            problems.push(format!("row {number}: column `id` is empty"));
        } else if let Some(first) = seen.get(&id) {
            problems.push(format!(
                "row {number}: column `id`: `{id}` is also used by row {first}"
            ));
            let message = format!("row {first}: column `id`: `{id}` is also used by row {number}");
            if let Some(earlier) = notes.iter_mut().find(|note| note.row == *first) {
                earlier.problems.push(message);
            }
        } else {
            seen.insert(id.clone(), number);
        }
        let date = parse_date("date", table.get(row, "date")).unwrap_or_else(|message| {
            problems.push(format!("row {number}: {message}"));
            None
        });
        let restricted = parse_restricted(table.get(row, "restricted")).unwrap_or_else(|message| {
            problems.push(format!("row {number}: {message}"));
            true
        });
        notes.push(NoteRow {
            row: number,
            id,
            date,
            note_type: get("type"),
            author: get("author"),
            agency: get("agency"),
            restricted,
            restriction_reason: get("restriction_reason"),
            subjects,
            text,
            problems,
        });
    }
    notes
}

/// The rows of `documents.csv`, paths normalised. Whether each path names a file, and which, is
/// settled by `super::match_documents` once the files under `documents/` are known.
pub fn documents(table: &Table, register: &Register) -> Vec<DocumentRow> {
    let mut documents: Vec<DocumentRow> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let number = row.number;
        let get = |column: &str| table.get(row, column).trim().to_string();
        let subjects = split_list(table.get(row, "subjects"));
        let non_ascii = DOCUMENT_COLUMNS
            .iter()
            .any(|column| !table.get(row, column).is_ascii());
        let mut problems = common_problems(table, row, register, &subjects, non_ascii);
        let raw_path = get("path");
        let (path, path_ok) = match super::paths::normalise(&raw_path) {
            Ok(path) => (path, true),
            Err(message) => {
                problems.push(format!("row {number}: column `path`: {message}"));
                (raw_path.clone(), false)
            }
        };
        let date = parse_date("date", table.get(row, "date")).unwrap_or_else(|message| {
            problems.push(format!("row {number}: {message}"));
            None
        });
        let restricted = parse_restricted(table.get(row, "restricted")).unwrap_or_else(|message| {
            problems.push(format!("row {number}: {message}"));
            true
        });
        documents.push(DocumentRow {
            path,
            listed: true,
            row: Some(number),
            listed_as: None,
            path_ok,
            date,
            title: get("title"),
            doc_type: get("type"),
            author: get("author"),
            agency: get("agency"),
            restricted,
            restriction_reason: get("restriction_reason"),
            subjects,
            problems,
        });
    }
    documents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_strict_yyyy_mm_dd() {
        assert_eq!(
            parse_date("date", " 2019-02-14 ").unwrap(),
            Some(jiff::civil::date(2019, 2, 14))
        );
        assert_eq!(parse_date("date", "").unwrap(), None);
        for with_time in [
            "2019-02-14 10:30",
            "2019-02-14T10:30:00",
            "2019-02-14 09:05:59",
        ] {
            assert_eq!(
                parse_date("date", with_time).unwrap(),
                Some(jiff::civil::date(2019, 2, 14)),
                "{with_time}"
            );
        }
        for bad in [
            "31/02/2019",
            "2019-02-31",
            "20190214",
            "2019-2-14",
            "2019-13-01",
            "２０１９-02-14",
        ] {
            let message = parse_date("date", bad).unwrap_err();
            assert_eq!(
                message,
                format!("column `date`: `{bad}` is not a date (dates are YYYY-MM-DD)")
            );
        }
    }

    #[test]
    fn restricted_values() {
        assert_eq!(parse_restricted("TRUE"), Ok(true));
        assert_eq!(parse_restricted(" false "), Ok(false));
        assert_eq!(parse_restricted(""), Ok(false));
        assert!(parse_restricted("maybe").is_err());
    }
}
