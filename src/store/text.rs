//! Plain text from DOCX, email and text files.

use crate::model::Format;

pub const MAX_DOCX_PART_BYTES: u64 = 64 * 1024 * 1024;
pub const MAX_DOCX_ENTRIES: usize = 10_000;

pub fn read_document_text(bytes: &[u8], format: Format) -> Result<String, String> {
    let _ = (bytes, format);
    Err("not implemented".to_string())
}
