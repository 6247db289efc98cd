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
    verify_pack_from(std::io::BufReader::new(file), zip, forbidden, LIMITS)
}

/// [`verify_pack`] on the bytes of a zip held in memory (`label` names it in messages).
pub fn verify_pack_bytes(
    bytes: &[u8],
    label: &Path,
    forbidden: &Forbidden,
) -> Result<PackReport, VerifyError> {
    verify_pack_from(std::io::Cursor::new(bytes), label, forbidden, LIMITS)
}

pub(crate) fn verify_pack_from<R: Read + std::io::Seek>(
    reader: R,
    zip: &Path,
    forbidden: &Forbidden,
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
    let found: Vec<Vec<Violation>> = entries
        .par_iter()
        .map(|(name, bytes)| super::check_file(name, bytes, &matcher))
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

/// Reads `DIR/redaction-log.csv` (columns item, page, code, basis, text, rule): every string
/// the redactor says it removed, to be searched for in the pack.
pub fn read_redaction_log(dir: &Path) -> Result<Vec<AppliedRedaction>, VerifyError> {
    let path = dir.join("redaction-log.csv");
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
    let column = |name: &str| headers.iter().position(|header| header.trim() == name);
    let Some(text_column) = column("text") else {
        return Err(VerifyError::Log {
            path,
            message: "missing required column `text`".to_string(),
        });
    };
    let (item, page, code, basis, rule) = (
        column("item"),
        column("page"),
        column("code"),
        column("basis"),
        column("rule"),
    );
    let mut applied = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|error| VerifyError::Log {
            path: path.clone(),
            message: format!("row {}: {error}", row + 1),
        })?;
        let field = |index: Option<usize>| {
            index
                .and_then(|index| record.get(index))
                .unwrap_or("")
                .to_string()
        };
        applied.push(AppliedRedaction {
            item: field(item),
            page: field(page).trim().parse().unwrap_or(0),
            code: Code(field(code)),
            basis: field(basis),
            text: field(Some(text_column)),
            rule: field(rule),
        });
    }
    Ok(applied)
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
