//! Redaction: turns a decided item into the document that will ship. Text items (case notes,
//! emails, Word and text files) are typeset afresh with each redaction replaced by a labelled box;
//! original PDFs are redacted in place by removing glyphs from their content streams (`pdf`).

pub mod pdf;

use crate::model::{AppliedRedaction, Decision, Item, PackFile};

#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    /// The item cannot be redacted reliably; it becomes `pending-review` with this reason.
    #[error("{0}")]
    NeedsReview(String),
}

/// A redacted document and the redactions it carries.
#[derive(Debug, Clone)]
pub struct Redacted {
    pub file: PackFile,
    pub applied: Vec<AppliedRedaction>,
}

/// Produces the pack document for one item whose disposition ships.
pub fn redact(item: &Item, decision: &Decision) -> Result<Redacted, RedactError> {
    let _ = (item, decision);
    Err(RedactError::NeedsReview("not implemented".into()))
}
