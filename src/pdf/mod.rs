//! Reading original PDFs: a content-stream interpreter over lopdf that decodes fonts and yields
//! every glyph with its Unicode text, its device-space box and its place in the content stream.
//! Gathering uses the page text; redaction uses the glyph places to remove text for real.
//!
//! OWNER: PDF redaction helper (issue 4). Contract: [`extract_pages`].

/// Why a PDF cannot be read reliably (makes the item `pending-review`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PdfProblem(pub String);

/// The text of every page, in the exact form that decision spans index into (see
/// `model::Content::Pdf`). Deterministic: redaction re-extracts and must get the same text.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<String>, PdfProblem> {
    let _ = bytes;
    Err(PdfProblem("original PDFs are not handled yet".to_string()))
}
