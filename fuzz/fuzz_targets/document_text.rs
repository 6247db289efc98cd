//! Arbitrary bytes as a DOCX, an email or a text file (the first byte chooses): the readers must
//! return text or a plain reason, never panic, hang or exhaust memory (zip bombs included).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sarpack::model::Format;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let format = match choice % 3 {
        0 => Format::Docx,
        1 => Format::Email,
        _ => Format::Text,
    };
    let _ = sarpack::store::read_document_text(bytes, format);
});
