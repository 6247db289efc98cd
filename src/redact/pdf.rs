//! True redaction of original PDFs.
//!
//! OWNER: PDF redaction helper (issue 4). Contract: [`redact_pdf`].

use crate::model::{AppliedRedaction, Redaction};

/// Removes the text of every redaction (spans index into the page texts joined by
/// `model::PAGE_SEPARATOR`, exactly as `pdf::extract_pages` returns them), paints a labelled box
/// over each, scrubs everything hidden and rewrites the file in one revision.
pub fn redact_pdf(
    bytes: &[u8],
    redactions: &[Redaction],
    item: &str,
) -> Result<(Vec<u8>, u32, Vec<AppliedRedaction>), super::RedactError> {
    let _ = (bytes, redactions, item);
    Err(super::RedactError::NeedsReview(
        "original PDFs are not handled yet".into(),
    ))
}
