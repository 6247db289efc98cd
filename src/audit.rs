//! The internal records the organisation keeps (never sent): the full schedule of every input
//! item with its disposition and reason, the redaction log with every removed string, the plan
//! (every decision, as data), the verifier's findings when a pack was refused, and the run
//! summary. Written to `DIR/internal/`, each file atomically.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{AppliedRedaction, Decision, Violation};
use crate::pack::Counts;

/// One row of the internal `schedule.csv`: every input item exactly once, excluded ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleEntry {
    pub item: String,
    /// `documents/...` path or `case-notes.csv#<id>`.
    pub source: String,
    pub date: Option<Date>,
    /// The title as recorded (internal: it may name people).
    pub title: String,
    pub disposition: String,
    pub reason: String,
    pub code: String,
    pub basis: String,
    /// Pack page range (`12-15`), for items in the pack.
    pub pages: String,
    /// Number of redactions applied.
    pub redactions: usize,
    /// File inside the pack zip.
    pub pack_file: String,
    /// Problems with the export row or file, and notes for a reviewer.
    pub notes: String,
}

/// What a run did, printed at the end and written as `summary.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub reference: String,
    pub kind: String,
    pub organisation: String,
    pub produced: Date,
    pub clock_start: Date,
    pub due: Date,
    pub extended_due: Date,
    pub extended: bool,
    /// What the DPO must know about the deadline (e.g. an extension notified too late).
    pub deadline_warnings: Vec<String>,
    pub counts: Counts,
    /// Pages in the pack's records.
    pub pages: u32,
    pub redactions: usize,
    /// The pack zip, when one was written.
    pub pack: Option<PathBuf>,
    pub pack_sha256: Option<String>,
    /// Problems the verifier found (a pack is only written when there are none).
    pub violations: usize,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot write `{path}`")]
pub struct AuditError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AuditError> {
    let error = |source| AuditError {
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, bytes).map_err(error)?;
    std::fs::rename(&temporary, path).map_err(error)
}

fn csv_bytes<T: Serialize>(rows: &[T], headers: &[&str]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Headers are written explicitly so an empty file still names its columns.
    writer
        .write_record(headers)
        .expect("writing to a Vec cannot fail");
    for row in rows {
        writer
            .serialize(row)
            .expect("schedule rows are flat records");
    }
    writer.into_inner().expect("writing to a Vec cannot fail")
}

/// Everything the organisation keeps from a run.
#[derive(Debug, Clone)]
pub struct Internal<'a> {
    pub schedule: &'a [ScheduleEntry],
    pub redactions: &'a [AppliedRedaction],
    pub decisions: &'a [Decision],
    pub violations: &'a [Violation],
    pub summary: &'a Summary,
    /// Files the verifier refused, written under `refused/` for a person to inspect.
    pub refused: &'a [crate::model::PackFile],
}

/// Writes `internal/`: `schedule.csv`, `redaction-log.csv`, `plan.json`, `summary.json`, and
/// `verification-failures.json` and the refused files under `refused/` when the verifier refused
/// the pack (internal only: they are exactly what would have shipped, for a person to inspect).
pub fn write_internal(dir: &Path, internal: &Internal<'_>) -> Result<(), AuditError> {
    std::fs::create_dir_all(dir).map_err(|source| AuditError {
        path: dir.to_path_buf(),
        source,
    })?;
    write_atomically(
        &dir.join("schedule.csv"),
        &csv_bytes(
            internal.schedule,
            &[
                "item",
                "source",
                "date",
                "title",
                "disposition",
                "reason",
                "code",
                "basis",
                "pages",
                "redactions",
                "pack_file",
                "notes",
            ],
        ),
    )?;
    write_atomically(
        &dir.join("redaction-log.csv"),
        &csv_bytes(
            internal.redactions,
            &["item", "page", "code", "basis", "text", "rule"],
        ),
    )?;
    write_atomically(&dir.join("plan.json"), &to_json(internal.decisions))?;
    write_atomically(&dir.join("summary.json"), &to_json(internal.summary))?;
    let refused_dir = dir.join("refused");
    match std::fs::remove_dir_all(&refused_dir) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(AuditError {
                path: refused_dir,
                source,
            });
        }
    }
    for file in internal.refused {
        // Pack names are `records/NNNN-...pdf` or a bare file name, made by sarpack itself.
        let path = refused_dir.join(&file.name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| AuditError {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomically(&path, &file.bytes)?;
    }
    let failures = dir.join("verification-failures.json");
    if internal.violations.is_empty() {
        match std::fs::remove_file(&failures) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(AuditError {
                    path: failures,
                    source,
                });
            }
        }
    } else {
        write_atomically(&failures, &to_json(internal.violations))?;
    }
    Ok(())
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("internal records serialise to JSON");
    bytes.push(b'\n');
    bytes
}
