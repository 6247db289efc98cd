//! Re-checking a finished disclosure pack (`sarpack verify`): opens the zip with bounds on entry
//! count and sizes (a hostile or corrupted zip must not exhaust memory), checks `manifest.json`
//! against the SHA-256 of every entry, then verifies every entry and its name exactly as
//! [`super::verify`] does before a pack is assembled.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::{AppliedRedaction, Code, Forbidden, Violation};

use super::matcher::Matcher;

/// Bounds on what a pack may inflate to (a hostile or corrupted zip must not exhaust memory).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Most entries (a pack of a few hundred records has a few hundred entries).
    pub entries: usize,
    /// Most bytes one entry may inflate to.
    pub entry_bytes: u64,
    /// Most bytes all entries together may inflate to.
    pub total_bytes: u64,
}

pub(crate) const LIMITS: Limits = Limits {
    entries: 20_000,
    entry_bytes: 512 * 1024 * 1024,
    total_bytes: 2 * 1024 * 1024 * 1024,
};

pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a readable zip: {message}")]
    Zip { path: PathBuf, message: String },
    #[error("`{path}`: {message}")]
    Log { path: PathBuf, message: String },
}

/// What `verify_pack` found.
#[derive(Debug, Clone, Default)]
pub struct PackReport {
    /// Every entry checked, in zip order.
    pub files: Vec<String>,
    pub violations: Vec<Violation>,
}

impl PackReport {
    pub fn is_clean(&self) -> bool {
        self.violations.is_empty()
    }
}

fn pack_violation(location: &str, what: String) -> Violation {
    Violation {
        file: MANIFEST.to_string(),
        page: None,
        location: location.to_string(),
        what,
        context: String::new(),
    }
}

/// Verifies every entry of the pack at `zip` against `forbidden`, and the manifest.
pub fn verify_pack(zip: &Path, forbidden: &Forbidden) -> Result<PackReport, VerifyError> {
    verify_pack_by_file(zip, forbidden, &BTreeMap::new())
}

/// [`verify_pack`], with terms of their own for some files of the pack (`by_file`: entry name
/// -> the terms for that file, as [`record_terms_by_file`] makes them): a record's weak guesses
/// are looked for in that record's file, as the run that made the pack looked for them. A court
/// bundle is one file, checked against `forbidden` alone.
pub fn verify_pack_by_file(
    zip: &Path,
    forbidden: &Forbidden,
    by_file: &BTreeMap<String, Forbidden>,
) -> Result<PackReport, VerifyError> {
    // A court bundle (`<ref>-bundle.pdf`) is a pack of one file, checked like any pack file.
    if zip
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("pdf"))
    {
        let bytes = std::fs::read(zip).map_err(|source| VerifyError::Read {
            path: zip.to_path_buf(),
            source,
        })?;
        let name = zip
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let violations = super::check_file(&name, &bytes, &Matcher::new(forbidden));
        return Ok(PackReport {
            files: vec![name],
            violations,
        });
    }
    let file = std::fs::File::open(zip).map_err(|source| VerifyError::Read {
        path: zip.to_path_buf(),
        source,
    })?;
    verify_pack_from(
        std::io::BufReader::new(file),
        zip,
        forbidden,
        by_file,
        LIMITS,
    )
}

/// [`verify_pack`] on the bytes of a zip held in memory (`label` names it in messages).
pub fn verify_pack_bytes(
    bytes: &[u8],
    label: &Path,
    forbidden: &Forbidden,
) -> Result<PackReport, VerifyError> {
    verify_pack_from(
        std::io::Cursor::new(bytes),
        label,
        forbidden,
        &BTreeMap::new(),
        LIMITS,
    )
}

pub(crate) fn verify_pack_from<R: Read + std::io::Seek>(
    reader: R,
    zip: &Path,
    forbidden: &Forbidden,
    by_file: &BTreeMap<String, Forbidden>,
    limits: Limits,
) -> Result<PackReport, VerifyError> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|error| VerifyError::Zip {
        path: zip.to_path_buf(),
        message: error.to_string(),
    })?;
    let mut report = PackReport::default();
    if archive.len() > limits.entries {
        report.violations.push(Violation {
            file: zip.display().to_string(),
            page: None,
            location: "zip".to_string(),
            what: format!(
                "{} entries: more than {}, not checked",
                archive.len(),
                limits.entries
            ),
            context: String::new(),
        });
        return Ok(report);
    }

    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut hashes: BTreeMap<String, String> = BTreeMap::new();
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(|error| VerifyError::Zip {
            path: zip.to_path_buf(),
            message: format!("entry {index}: {error}"),
        })?;
        // A name that is not valid text is still a name a recipient sees: read it lossily.
        let name = match entry.name() {
            Ok(name) => name.into_owned(),
            Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
        };
        if entry.is_dir() {
            continue;
        }
        let entry_violation = |what: String| Violation {
            file: name.clone(),
            page: None,
            location: "zip entry".to_string(),
            what,
            context: String::new(),
        };
        if entry.enclosed_name().is_none() || name.contains('\\') {
            report.violations.push(entry_violation(
                "the entry's path escapes the pack folder or is not portable".to_string(),
            ));
        }
        if hashes.contains_key(&name) {
            report.violations.push(entry_violation(
                "the name occurs twice in the zip".to_string(),
            ));
        }
        if entry.size() > limits.entry_bytes {
            report.violations.push(entry_violation(format!(
                "declares {} bytes uncompressed: more than {}, not read",
                entry.size(),
                limits.entry_bytes
            )));
            continue;
        }
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(limits.entry_bytes + 1)
            .read_to_end(&mut bytes);
        if let Err(error) = read {
            report
                .violations
                .push(entry_violation(format!("cannot be read: {error}")));
            continue;
        }
        if bytes.len() as u64 > limits.entry_bytes {
            report.violations.push(entry_violation(format!(
                "inflates to more than {} bytes (a zip bomb?), not read",
                limits.entry_bytes
            )));
            continue;
        }
        total += bytes.len() as u64;
        if total > limits.total_bytes {
            report.violations.push(entry_violation(format!(
                "the pack inflates to more than {} bytes, the rest is not read",
                limits.total_bytes
            )));
            break;
        }
        hashes.insert(name.clone(), hex(&Sha256::digest(&bytes)));
        report.files.push(name.clone());
        entries.push((name, bytes));
    }

    // The manifest: every file listed with its hash, nothing more, nothing less.
    match entries.iter().find(|(name, _)| name == MANIFEST) {
        None => report.violations.push(pack_violation(
            "zip",
            "the pack has no manifest.json".to_string(),
        )),
        Some((_, bytes)) => match parse_manifest(bytes) {
            Err(message) => report.violations.push(pack_violation("manifest", message)),
            Ok(listed) => {
                for (name, hash) in &listed {
                    match hashes.get(name) {
                        None => report.violations.push(pack_violation(
                            "manifest",
                            format!("lists `{name}`, which is not in the zip"),
                        )),
                        Some(actual) if !actual.eq_ignore_ascii_case(hash) => {
                            report.violations.push(pack_violation(
                                "manifest",
                                format!("`{name}` has SHA-256 {actual}, the manifest says {hash}"),
                            ))
                        }
                        Some(_) => {}
                    }
                }
                for name in hashes.keys() {
                    if name != MANIFEST && !listed.contains_key(name) {
                        report.violations.push(pack_violation(
                            "manifest",
                            format!("`{name}` is in the zip but not in the manifest"),
                        ));
                    }
                }
            }
        },
    }

    let matcher = Matcher::new(forbidden);
    let own: BTreeMap<&str, Matcher> = by_file
        .iter()
        .map(|(name, terms)| (name.as_str(), Matcher::new(terms)))
        .collect();
    // A file named in `by_file` that the pack does not hold is not an error: the record was
    // held back or excluded, so there is nothing of it to check.
    let found: Vec<Vec<Violation>> = entries
        .par_iter()
        .map(|(name, bytes)| {
            let matcher = own.get(name.as_str()).unwrap_or(&matcher);
            super::check_file(name, bytes, matcher)
        })
        .collect();
    report.violations.extend(found.into_iter().flatten());
    Ok(report)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// Reads the manifest's (file, SHA-256) pairs. Accepted shapes, so the verifier does not depend
/// on one writer's layout: `{"files": [{"name"|"path"|"file": …, "sha256"|"hash": …}, …]}`, a
/// bare array of such objects, or an object mapping names to hashes.
fn parse_manifest(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|error| format!("manifest.json is not valid JSON: {error}"))?;
    let mut listed = BTreeMap::new();
    collect_manifest(&value, &mut listed, 0);
    if listed.is_empty() {
        return Err("manifest.json lists no files with a SHA-256".to_string());
    }
    Ok(listed)
}

fn collect_manifest(
    value: &serde_json::Value,
    listed: &mut BTreeMap<String, String>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match value {
        serde_json::Value::Array(items) => {
            for item in items {
                collect_manifest(item, listed, depth + 1);
            }
        }
        serde_json::Value::Object(map) => {
            let field = |keys: &[&str]| {
                keys.iter()
                    .find_map(|key| map.get(*key).and_then(|value| value.as_str()))
            };
            if let (Some(name), Some(hash)) = (
                field(&["name", "path", "file"]),
                field(&["sha256", "hash", "digest"]),
            ) {
                listed.insert(name.to_string(), hash.to_string());
                return;
            }
            for (key, item) in map {
                match item.as_str() {
                    Some(hash) if is_sha256(hash) => {
                        listed.insert(key.clone(), hash.to_string());
                    }
                    _ => collect_manifest(item, listed, depth + 1),
                }
            }
        }
        _ => {}
    }
}

/// The internal records' list of original pictures that had words redacted: one SHA-256 (hex)
/// of the image stream as stored in the input file a line, so that `sarpack verify --internal`
/// run later still refuses a pack holding one of them unchanged (issue 16).
pub const REDACTED_PICTURES: &str = "redacted-pictures.txt";

/// Reads `DIR/redacted-pictures.txt` ([`REDACTED_PICTURES`]). A folder written before the list
/// existed has none: then there is nothing to add, and the verifier's own OCR still reads every
/// picture.
pub fn read_redacted_pictures(dir: &Path) -> Result<Vec<String>, VerifyError> {
    let path = dir.join(REDACTED_PICTURES);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(VerifyError::Read { path, source }),
    };
    let mut digests = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let digest = line.trim();
        if digest.is_empty() {
            continue;
        }
        if digest.len() != 64 || !digest.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Err(VerifyError::Log {
                path,
                message: format!(
                    "line {}: `{digest}` is not a SHA-256 in hex; the internal records were changed or damaged",
                    number + 1
                ),
            });
        }
        digests.push(digest.to_ascii_lowercase());
    }
    Ok(digests)
}

/// An internal CSV file of `dir` (`name`): its path, its header row and its rows, read whole (a
/// row that is not CSV is an error naming its number). Rows may differ in length (`flexible`):
/// a column a row lacks reads as empty where it is used.
struct Table {
    path: PathBuf,
    headers: csv::StringRecord,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn read(dir: &Path, name: &str) -> Result<Table, VerifyError> {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|source| VerifyError::Read {
            path: path.clone(),
            source,
        })?;
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(bytes.as_slice());
        let headers = reader
            .headers()
            .map_err(|error| VerifyError::Log {
                path: path.clone(),
                message: error.to_string(),
            })?
            .clone();
        let mut rows = Vec::new();
        for (row, record) in reader.records().enumerate() {
            rows.push(record.map_err(|error| VerifyError::Log {
                path: path.clone(),
                message: format!("row {}: {error}", row + 1),
            })?);
        }
        Ok(Table {
            path,
            headers,
            rows,
        })
    }

    /// The index of the column headed `name`.
    fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|header| header.trim() == name)
    }
}

/// Reads `DIR/redaction-log.csv` (columns item, page, code, basis, text, rule): every string
/// the redactor says it removed, to be searched for in the pack.
pub fn read_redaction_log(dir: &Path) -> Result<Vec<AppliedRedaction>, VerifyError> {
    let table = Table::read(dir, "redaction-log.csv")?;
    let Some(text_column) = table.column("text") else {
        return Err(VerifyError::Log {
            path: table.path,
            message: "missing required column `text`".to_string(),
        });
    };
    let (item, page, code, basis, rule) = (
        table.column("item"),
        table.column("page"),
        table.column("code"),
        table.column("basis"),
        table.column("rule"),
    );
    let applied = table
        .rows
        .iter()
        .map(|record| {
            let field = |index: Option<usize>| {
                index
                    .and_then(|index| record.get(index))
                    .unwrap_or("")
                    .to_string()
            };
            AppliedRedaction {
                item: field(item),
                page: field(page).trim().parse().unwrap_or(0),
                code: Code(field(code)),
                basis: field(basis),
                text: field(Some(text_column)),
                rule: field(rule),
            }
        })
        .collect();
    Ok(applied)
}

/// Reads `DIR/schedule.csv` (the internal schedule: columns item and pack_file among others):
/// item -> the file inside the pack that holds it, for the items that shipped.
pub fn read_pack_files(dir: &Path) -> Result<BTreeMap<String, String>, VerifyError> {
    let table = Table::read(dir, "schedule.csv")?;
    let (Some(item), Some(pack_file)) = (table.column("item"), table.column("pack_file")) else {
        return Err(VerifyError::Log {
            path: table.path,
            message: "missing required column `item` or `pack_file`; the internal records \
                      were changed or damaged"
                .to_string(),
        });
    };
    let mut files = BTreeMap::new();
    for record in &table.rows {
        let file = record.get(pack_file).unwrap_or("").trim();
        if !file.is_empty() {
            files.insert(
                record.get(item).unwrap_or("").trim().to_string(),
                file.to_string(),
            );
        }
    }
    Ok(files)
}

/// The terms of each record file that had weak guesses removed: `forbidden` (the pack's) and
/// that record's weak guesses ([`super::with_record_terms`]), keyed by the file's name in the
/// pack (`pack_files`, from [`read_pack_files`]). A weak guess of a record that is in no pack
/// file (held back, excluded) has nothing to be looked for in.
pub fn record_terms_by_file(
    forbidden: &Forbidden,
    applied: &[AppliedRedaction],
    pack_files: &BTreeMap<String, String>,
) -> BTreeMap<String, Forbidden> {
    super::weak_by_record(applied)
        .into_iter()
        .filter_map(|(item, weak)| {
            let file = pack_files.get(&item)?;
            Some((file.clone(), super::with_record_terms(forbidden, &weak)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn an_entry_inflating_past_the_cap_is_a_violation_not_a_crash() {
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let bytes = zip_of(&[("records/bomb.txt", &zeros)]);
        assert!(bytes.len() < 64 * 1024, "deflate squeezes the zeros");
        let limits = Limits {
            entries: 10,
            entry_bytes: 1024 * 1024,
            total_bytes: 8 * 1024 * 1024,
        };
        let report = verify_pack_from(
            std::io::Cursor::new(bytes),
            Path::new("bomb.zip"),
            &Forbidden::default(),
            &BTreeMap::new(),
            limits,
        )
        .unwrap();
        assert!(
            report
                .violations
                .iter()
                .any(|violation| violation.file == "records/bomb.txt"
                    && violation.what.contains("bytes")),
            "{:#?}",
            report.violations
        );
    }

    #[test]
    fn the_schedule_says_which_file_holds_each_record() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("schedule.csv"),
            "item,source,title,pack_file,notes\n\
             N-1,case-notes.csv#CN1,Visit,records/0001-visit.pdf,\n\
             N-2,case-notes.csv#CN2,Visit,,held back\n",
        )
        .unwrap();
        let files = read_pack_files(dir.path()).unwrap();
        assert_eq!(files.len(), 1, "a record held back has no file: {files:?}");
        assert_eq!(files["N-1"], "records/0001-visit.pdf");

        std::fs::write(dir.path().join("schedule.csv"), "item,title\nN-1,Visit\n").unwrap();
        let error = read_pack_files(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains("schedule.csv") && error.contains("pack_file"),
            "{error}"
        );
        let error = read_pack_files(&dir.path().join("missing")).unwrap_err();
        assert!(error.to_string().contains("schedule.csv"), "{error}");
    }

    #[test]
    fn too_many_entries_are_refused() {
        let entries: Vec<(String, Vec<u8>)> = (0..12)
            .map(|index| (format!("f{index}.txt"), Vec::new()))
            .collect();
        let borrowed: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
            .collect();
        let limits = Limits {
            entries: 10,
            ..LIMITS
        };
        let report = verify_pack_from(
            std::io::Cursor::new(zip_of(&borrowed)),
            Path::new("many.zip"),
            &Forbidden::default(),
            &BTreeMap::new(),
            limits,
        )
        .unwrap();
        assert!(report.violations[0].what.contains("more than 10"));
    }

    #[test]
    fn manifest_shapes() {
        let hash = "a".repeat(64);
        for text in [
            format!(r#"{{"files":[{{"name":"a.pdf","sha256":"{hash}"}}]}}"#),
            format!(r#"[{{"path":"a.pdf","hash":"{hash}"}}]"#),
            format!(r#"{{"a.pdf":"{hash}"}}"#),
        ] {
            let listed = parse_manifest(text.as_bytes()).unwrap();
            assert_eq!(listed.get("a.pdf"), Some(&hash), "{text}");
        }
        assert!(parse_manifest(b"{}").is_err());
    }
}
