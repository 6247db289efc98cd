//! Versions and instalments (issue 12): every run writes a new version `DIR/v1/`, `DIR/v2/` ...
//! and nothing written before is ever deleted or changed. `sarpack sent` records which version
//! went to the requester, in a new file `DIR/vN/sent.json` (the version's other files stay as
//! they were) and in the audit trail; the next run then makes the next instalment: the records
//! not yet sent.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The record of a version sent to the requester, `DIR/vN/sent.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sent {
    pub version: u32,
    /// The instalment this version was: 1 for the first version sent, and so on.
    pub instalment: u32,
    pub on: Date,
    pub by: String,
    /// The pack zip's file name inside the version folder, and its SHA-256.
    pub pack: String,
    pub pack_sha256: String,
    /// The records it carried.
    pub items: Vec<SentItem>,
}

/// One record a sent version carried: its schedule id and its source (matched by source, which
/// does not move when records are added to the store).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SentItem {
    pub item: String,
    pub source: String,
}

/// The file that records a sent version.
pub const SENT_FILE: &str = "sent.json";

#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is damaged: {message}")]
    Damaged { path: PathBuf, message: String },
    #[error("`{dir}` has no version {version} (versions there: {known})")]
    NoSuchVersion {
        dir: PathBuf,
        version: u32,
        known: String,
    },
    #[error(
        "version {version} in `{dir}` has no pack: the verifier refused it, so it cannot have been sent"
    )]
    NoPack { dir: PathBuf, version: u32 },
    #[error("version {version} was already recorded as sent on {on} by {by} (`{path}`)")]
    AlreadySent {
        path: PathBuf,
        version: u32,
        on: Date,
        by: String,
    },
    #[error("a later version, {later}, was already sent; record versions as sent in order")]
    OutOfOrder { later: u32 },
    #[error("another sarpack run is writing to `{dir}`")]
    Locked { dir: PathBuf },
    #[error(transparent)]
    Write(#[from] crate::audit::AuditError),
    #[error(transparent)]
    Trail(#[from] crate::audit::trail::TrailError),
}

/// The folder of version `number`.
pub fn folder(out: &Path, number: u32) -> PathBuf {
    out.join(format!("v{number}"))
}

/// The version number a folder name stands for (`v12` -> 12).
pub fn number_of(name: &str) -> Option<u32> {
    let digits = name.strip_prefix('v')?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The versions in `out`, ascending.
pub fn list(out: &Path) -> Result<Vec<u32>, VersionError> {
    let entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(VersionError::Read {
                path: out.to_path_buf(),
                source,
            });
        }
    };
    let mut versions = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| VersionError::Read {
            path: out.to_path_buf(),
            source,
        })?;
        if entry.file_type().is_ok_and(|kind| kind.is_dir())
            && let Some(number) = number_of(&entry.file_name().to_string_lossy())
        {
            versions.push(number);
        }
    }
    versions.sort_unstable();
    Ok(versions)
}

/// Every version recorded as sent, in version order.
pub fn sent_so_far(out: &Path) -> Result<Vec<Sent>, VersionError> {
    let mut sent = Vec::new();
    for version in list(out)? {
        let path = folder(out, version).join(SENT_FILE);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(VersionError::Read { path, source }),
        };
        let record: Sent =
            serde_json::from_slice(&bytes).map_err(|error| VersionError::Damaged {
                path: path.clone(),
                message: error.to_string(),
            })?;
        sent.push(record);
    }
    Ok(sent)
}

/// Records that version `version` of `out` went to the requester on `on`, sent by `by`: writes
/// `vN/sent.json` (listing the records its pack carried, from its internal schedule) and appends
/// a `sent` event to the audit trail at `time`. Holds the output folder's lock meanwhile, so it
/// cannot interleave with a run.
pub fn mark_sent(
    out: &Path,
    version: u32,
    on: Date,
    by: &str,
    time: &str,
) -> Result<Sent, VersionError> {
    let read_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| VersionError::Read { path, source }
    };
    let lock_path = out.join(".sarpack.lock");
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_path)
        .map_err(read_error(&lock_path))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            return Err(VersionError::Locked {
                dir: out.to_path_buf(),
            });
        }
        Err(std::fs::TryLockError::Error(source)) => {
            return Err(VersionError::Read {
                path: lock_path,
                source,
            });
        }
    }
    let versions = list(out)?;
    if !versions.contains(&version) {
        return Err(VersionError::NoSuchVersion {
            dir: out.to_path_buf(),
            version,
            known: if versions.is_empty() {
                "none".to_string()
            } else {
                versions
                    .iter()
                    .map(|number| format!("v{number}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        });
    }
    let earlier = sent_so_far(out)?;
    if let Some(record) = earlier.iter().find(|record| record.version == version) {
        return Err(VersionError::AlreadySent {
            path: folder(out, version).join(SENT_FILE),
            version,
            on: record.on,
            by: record.by.clone(),
        });
    }
    if let Some(later) = earlier.iter().find(|record| record.version > version) {
        return Err(VersionError::OutOfOrder {
            later: later.version,
        });
    }
    let dir = folder(out, version);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(read_error(&dir))?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    // A court-disclosure request is answered with its bundle, whether or not a zip is beside it.
    let pack = names
        .iter()
        .find(|name| name.ends_with("-bundle.pdf"))
        .or_else(|| {
            names
                .iter()
                .find(|name| name.ends_with("-disclosure-pack.zip"))
        })
        .cloned()
        .ok_or(VersionError::NoPack {
            dir: out.to_path_buf(),
            version,
        })?;
    let pack_sha256 =
        super::trail::sha256_of_file(&dir.join(&pack)).map_err(read_error(&dir.join(&pack)))?;
    let schedule = dir.join("internal/schedule.csv");
    let mut reader = csv::Reader::from_path(&schedule).map_err(|error| VersionError::Damaged {
        path: schedule.clone(),
        message: error.to_string(),
    })?;
    let headers = reader
        .headers()
        .map_err(|error| VersionError::Damaged {
            path: schedule.clone(),
            message: error.to_string(),
        })?
        .clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let (Some(item), Some(source), Some(pack_file)) =
        (column("item"), column("source"), column("pack_file"))
    else {
        return Err(VersionError::Damaged {
            path: schedule,
            message: "it lacks the item, source or pack_file column".to_string(),
        });
    };
    let mut items = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| VersionError::Damaged {
            path: schedule.clone(),
            message: error.to_string(),
        })?;
        if !record.get(pack_file).unwrap_or_default().is_empty() {
            items.push(SentItem {
                item: record.get(item).unwrap_or_default().to_string(),
                source: record.get(source).unwrap_or_default().to_string(),
            });
        }
    }
    let sent = Sent {
        version,
        instalment: u32::try_from(earlier.len()).unwrap_or(u32::MAX - 1) + 1,
        on,
        by: by.to_string(),
        pack: pack.clone(),
        pack_sha256: pack_sha256.clone(),
        items,
    };
    let record = super::to_json(&sent);
    super::write_atomically(&dir.join(SENT_FILE), &record)?;
    // The trail pins what was sent: the pack, and the list of records it carried, which a
    // later rectification reads to find whom to tell (Art 19, `crate::rectify`).
    let mut hashes = std::collections::BTreeMap::new();
    hashes.insert(format!("v{version}/{pack}"), pack_sha256);
    hashes.insert(
        format!("v{version}/{SENT_FILE}"),
        crate::pack::sha256_hex(&record),
    );
    super::trail::append(
        &out.join("internal"),
        time,
        &[super::trail::Event {
            kind: super::trail::EventKind::Sent,
            by: by.to_string(),
            version: Some(version),
            what: format!(
                "version {version} sent on {on} as instalment {}: `{pack}`, {} record(s)",
                sent.instalment,
                sent.items.len()
            ),
            hashes,
        }],
    )?;
    drop(lock);
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_folders_are_v_and_a_number() {
        assert_eq!(number_of("v1"), Some(1));
        assert_eq!(number_of("v12"), Some(12));
        for name in ["v", "v0", "v01", "version1", "v1.partial", "internal"] {
            assert_eq!(number_of(name), None, "{name}");
        }
    }
}
