//! Keeping every read inside the records store (issue 5, "hostile and broken input"): paths from
//! `documents.csv` are normalised and refused when absolute or climbing out with `..`, and every
//! file is resolved through its links and refused when it lands outside the store or is not a
//! regular file (a FIFO or device would hang a read). Also walks `documents/` for unlisted files.
//!
//! Issue 15: a `documents.csv` made on Windows or macOS names files the way those systems see
//! them — letter case ignored, Unicode composed (NFC) and decomposed (NFD) forms the same, names
//! that differ only in spacing or trailing dots the same — so a listed path is matched to the file
//! by [`match_key`], not byte for byte. A row whose key fits two files is ambiguous: both are held
//! for a person rather than one picked.

use std::path::{Path, PathBuf};

use super::DocumentRow;

/// Normalises a path from `documents.csv` to `/`-separated and relative to the store. Windows
/// exports write `\`; both are accepted. Refuses empty, absolute and escaping paths.
pub fn normalise(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("is empty".to_string());
    }
    if trimmed.contains('\0') {
        return Err(format!(
            "`{}` contains a NUL character",
            trimmed.escape_debug()
        ));
    }
    let slashed = trimmed.replace('\\', "/");
    let bytes = slashed.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if slashed.starts_with('/') || drive {
        return Err(format!(
            "`{trimmed}` is an absolute path; paths must be relative to the records store (not read)"
        ));
    }
    let mut parts = Vec::new();
    for part in slashed.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                return Err(format!(
                    "`{trimmed}` leads outside the records store (not read)"
                ));
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return Err(format!("`{trimmed}` names no file"));
    }
    Ok(parts.join("/"))
}

/// Resolves a normalised relative path to a regular file inside the (canonical) store root.
pub fn resolve_inside(canonical_root: &Path, relative: &str) -> Result<PathBuf, String> {
    let full = canonical_root.join(relative);
    match std::fs::symlink_metadata(&full) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("`{relative}` does not exist in the records store"));
        }
        Err(error) => return Err(format!("cannot inspect `{relative}`: {error}")),
        Ok(_) => {}
    }
    let resolved = match full.canonicalize() {
        Ok(resolved) => resolved,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "`{relative}` is a link to a file that does not exist (not read)"
            ));
        }
        Err(error) => return Err(format!("cannot resolve `{relative}`: {error}")),
    };
    if !resolved.starts_with(canonical_root) {
        return Err(format!(
            "`{relative}` is a link to a file outside the records store (not read)"
        ));
    }
    let metadata = std::fs::metadata(&resolved)
        .map_err(|error| format!("cannot inspect `{relative}`: {error}"))?;
    if !metadata.is_file() {
        return Err(format!("`{relative}` is not a regular file (not read)"));
    }
    Ok(resolved)
}

/// The name under which Windows and macOS see a path: each segment in Unicode NFC, lower case,
/// every run of white space (no-break spaces included) one space, with the leading and trailing
/// spaces and trailing dots Windows drops removed. Two paths with the same key are the same file
/// on those systems.
pub fn match_key(path: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    path.split('/')
        .map(|segment| {
            let composed: String = segment.nfc().collect();
            let spaced = composed
                .split(char::is_whitespace)
                .filter(|word| !word.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            spaced
                .trim_end_matches(['.', ' '])
                .to_lowercase()
                .nfc()
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A file found under `documents/` with no row in `documents.csv`.
pub fn unlisted(path: String, problems: Vec<String>) -> DocumentRow {
    let title = path.rsplit('/').next().unwrap_or(&path).to_string();
    DocumentRow {
        path,
        listed: false,
        row: None,
        listed_as: None,
        path_ok: true,
        date: None,
        title,
        doc_type: String::new(),
        author: String::new(),
        agency: String::new(),
        restricted: false,
        restriction_reason: String::new(),
        subjects: Vec::new(),
        problems,
    }
}

/// Every file under `documents/` (any depth), links not followed, in path order. A link that
/// stays inside the store to a regular file is a normal entry; any other link, special file or
/// unreadable folder is an entry with a problem, so nothing the store holds is silently skipped.
pub fn walk_documents(canonical_root: &Path, documents_dir: &Path) -> Vec<DocumentRow> {
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(documents_dir)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .and_then(|path| path.strip_prefix(canonical_root).ok())
                    .map(slash_path)
                    .unwrap_or_else(|| "documents".to_string());
                found.push(unlisted(
                    path.clone(),
                    vec![format!(
                        "cannot list `{path}`: {error}; its files were not read"
                    )],
                ));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(canonical_root) else {
            continue;
        };
        let path = slash_path(relative);
        let mut problems = Vec::new();
        if relative.to_str().is_none() {
            problems.push(format!(
                "the file name `{path}` is not valid UTF-8 (not read)"
            ));
        } else if let Err(message) = resolve_inside(canonical_root, &path) {
            problems.push(message);
        }
        found.push(unlisted(path, problems));
    }
    found
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_accepts_relative_and_refuses_escapes() {
        assert_eq!(normalise(" documents/a.pdf ").unwrap(), "documents/a.pdf");
        assert_eq!(
            normalise("./documents//x\\b.txt").unwrap(),
            "documents/x/b.txt"
        );
        for bad in [
            "",
            "/etc/passwd",
            "C:\\x.pdf",
            "../secret.pdf",
            "documents/../../x",
            "\\\\server\\x",
        ] {
            assert!(normalise(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn match_key_sees_names_as_windows_and_macos_do() {
        let key = match_key("documents/Police  Report Siobh\u{e1}n.PDF");
        for same in [
            "documents/police report siobha\u{301}n.pdf",
            "Documents/POLICE\u{a0}REPORT SIOBHA\u{301}N.pdf",
            "documents/ Police Report Siobh\u{e1}n.pdf. ",
        ] {
            assert_eq!(match_key(same), key, "{same}");
        }
        for different in [
            "documents/Police Report Siobhan.pdf",
            "documents/PoliceReport Siobh\u{e1}n.pdf",
            "documents/x/Police Report Siobh\u{e1}n.pdf",
        ] {
            assert_ne!(match_key(different), key, "{different}");
        }
    }
}
