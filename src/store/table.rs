//! Reading one CSV export into header-addressed rows, the way real case-management exports
//! arrive: a UTF-8 byte order mark, CRLF line ends, quoted multi-line text, Windows-1252 bytes,
//! extra columns, columns in any order and header names with stray spaces or capitals.
//!
//! This is the lowest layer of `store::open`: it knows nothing of people or notes, only of
//! columns. Bytes are read with a size cap so a runaway export cannot exhaust memory.

use std::collections::HashMap;
use std::path::Path;

use super::StoreError;

/// Largest CSV file read into memory. Real exports of a whole child's file are a few MiB; the
/// cap only stops a runaway or hostile file from exhausting memory (issue 5: bounded memory).
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;

/// Text decoded from bytes that may not be UTF-8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Set when some bytes were not valid UTF-8 and were read as Windows-1252 instead.
    pub windows_1252: bool,
}

/// Decodes export bytes: UTF-8 (a leading BOM is dropped), with any byte that is not part of a
/// valid UTF-8 sequence read as Windows-1252, the encoding Excel and older case-management
/// systems write on UK Windows machines. Decoding byte by byte rather than choosing one encoding
/// for the whole file matters for exports stitched together from two sources: a single stray
/// 1252 byte must not turn every correctly encoded `Wiśniewska` in the file into mojibake, which
/// would stop that third party being recognised. Every byte maps to a character: nothing is lost.
pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut text = String::with_capacity(bytes.len());
    let mut windows_1252 = false;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                text.push_str(valid);
                break;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                text.push_str(&String::from_utf8_lossy(valid));
                let bad = error.error_len().unwrap_or(after.len());
                let (decoded, _) =
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(&after[..bad]);
                text.push_str(&decoded);
                windows_1252 = true;
                rest = &after[bad..];
            }
        }
    }
    Decoded { text, windows_1252 }
}

/// One data record of a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based record number, header excluded (what the schedule and error messages call "row").
    pub number: usize,
    fields: Vec<String>,
    /// How many fields the record had (it may differ from the header).
    pub width: usize,
}

/// A parsed CSV file: its columns by (trimmed, lower-case) name, and its rows.
#[derive(Debug, Clone)]
pub struct Table {
    columns: HashMap<String, usize>,
    pub header_width: usize,
    pub rows: Vec<Row>,
    pub windows_1252: bool,
}

impl Table {
    /// Parses decoded CSV text. `path` is only used to name the file in errors.
    pub fn parse(path: &Path, decoded: Decoded, required: &[&str]) -> Result<Table, StoreError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(decoded.text.as_bytes());
        let headers = reader.headers().map_err(|error| StoreError::Invalid {
            path: path.to_path_buf(),
            message: format!("cannot read the header line: {error}"),
        })?;
        let mut columns = HashMap::new();
        for (index, name) in headers.iter().enumerate() {
            // The first occurrence wins: a duplicated header must not silently replace the column
            // the file's own tools showed the author.
            columns.entry(name.trim().to_lowercase()).or_insert(index);
        }
        let header_width = headers.len();
        for column in required {
            if !columns.contains_key(*column) {
                return Err(StoreError::MissingColumn {
                    path: path.to_path_buf(),
                    column: (*column).to_string(),
                });
            }
        }
        let mut rows = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let number = index + 1;
            let record = record.map_err(|error| StoreError::Invalid {
                path: path.to_path_buf(),
                message: format!("row {number}: cannot parse the record: {error}"),
            })?;
            let fields: Vec<String> = record.iter().map(str::to_string).collect();
            // A record made only of empty fields (a trailing `,,,,` line some exports write) has
            // no content to lose; anything else is kept.
            if fields.iter().all(|field| field.trim().is_empty()) {
                continue;
            }
            rows.push(Row {
                number,
                width: fields.len(),
                fields,
            });
        }
        Ok(Table {
            columns,
            header_width,
            rows,
            windows_1252: decoded.windows_1252,
        })
    }

    /// The raw value of `column` in `row` (empty when the column or the field is absent).
    pub fn get<'row>(&self, row: &'row Row, column: &str) -> &'row str {
        self.columns
            .get(column)
            .and_then(|index| row.fields.get(*index))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Reads at most `max` bytes of a file; a larger file is an error, not a truncation, so nothing
/// is silently lost. Refuses anything that is not a regular file: opening a FIFO or a device
/// would block or never end.
pub fn read_file_bounded(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    if metadata.len() > max {
        return Err(too_large(metadata.len(), max));
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // `take(max + 1)`: the file may have grown since `metadata`; one byte over the cap proves it.
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

fn too_large(size: u64, max: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "file is {} MiB, larger than the {} MiB this tool reads into memory",
            size.div_ceil(1024 * 1024),
            max / (1024 * 1024)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &[u8], required: &[&str]) -> Result<Table, StoreError> {
        Table::parse(Path::new("store/x.csv"), decode(text), required)
    }

    #[test]
    fn bom_crlf_and_multiline_quotes() {
        let text =
            b"\xEF\xBB\xBFid,text\r\nN1,\"line one\r\nline two, with comma\"\r\nN2,plain\r\n";
        let table = table(text, &["id", "text"]).unwrap();
        assert!(!table.windows_1252);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.get(&table.rows[0], "id"), "N1");
        assert_eq!(
            table.get(&table.rows[0], "text"),
            "line one\r\nline two, with comma"
        );
        assert_eq!(table.get(&table.rows[1], "text"), "plain");
    }

    #[test]
    fn header_names_trimmed_case_insensitive_any_order_extra_columns() {
        let text = b" Text ,EXTRA, Id\nhello,x,N9\n";
        let table = table(text, &["id", "text"]).unwrap();
        assert_eq!(table.get(&table.rows[0], "id"), "N9");
        assert_eq!(table.get(&table.rows[0], "text"), "hello");
        assert_eq!(table.get(&table.rows[0], "missing"), "");
    }

    #[test]
    fn windows_1252_is_decoded_and_flagged() {
        // 0xE1 is `á` in Windows-1252 and invalid as a lone UTF-8 byte; 0x92 is a curly apostrophe.
        let text = b"id,text\nN1,Siobh\xe1n O\x92Brien\n";
        let table = table(text, &["id"]).unwrap();
        assert!(table.windows_1252);
        assert_eq!(table.get(&table.rows[0], "text"), "Siobhán O\u{2019}Brien");
    }

    #[test]
    fn mixed_file_keeps_valid_utf8_and_reads_stray_bytes_as_1252() {
        let mut bytes = "Wiśniewska \u{2013} ".as_bytes().to_vec();
        bytes.extend_from_slice(b"Siobh\xe1n caf\xe9");
        let decoded = decode(&bytes);
        assert!(decoded.windows_1252);
        assert_eq!(decoded.text, "Wiśniewska \u{2013} Siobhán café");
    }

    #[test]
    fn missing_column_names_file_and_column() {
        let error = table(b"id,date\nN1,2020-01-01\n", &["id", "text"]).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("store/x.csv"), "{message}");
        assert!(message.contains("`text`"), "{message}");
    }

    #[test]
    fn blank_records_skipped_but_numbering_kept() {
        let table = table(b"id,text\n,\nN2,b\n", &["id"]).unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].number, 2);
    }

    #[test]
    fn bounded_read_refuses_oversized_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        std::fs::write(&path, vec![b'a'; 2048]).unwrap();
        assert_eq!(read_file_bounded(&path, 4096).unwrap().len(), 2048);
        let error = read_file_bounded(&path, 1024).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
        assert!(read_file_bounded(dir.path(), 1024).is_err());
    }
}
