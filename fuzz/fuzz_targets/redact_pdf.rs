//! Arbitrary bytes as an original PDF in the store: extraction and redaction must return (text,
//! a redacted file, or a reason for review), never panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sarpack::model::{Code, PAGE_SEPARATOR, Redaction, Span};

fuzz_target!(|data: &[u8]| {
    let Ok(pages) = sarpack::pdf::extract_pages(data) else {
        return;
    };
    let text = pages.join(PAGE_SEPARATOR);
    // Redact the first word of the text, as a register name would be.
    let Some(start) = text.find(|c: char| c.is_alphabetic()) else {
        let _ = sarpack::redact::pdf::redact_pdf(data, &[], "fuzz");
        return;
    };
    let end = text[start..]
        .find(|c: char| !c.is_alphabetic())
        .map_or(text.len(), |length| start + length);
    let redaction = Redaction {
        span: Span::new(start, end),
        text: text[start..end].to_string(),
        code: Code("TP".to_string()),
        basis: String::new(),
        rule: "fuzz".to_string(),
    };
    let _ = sarpack::redact::pdf::redact_pdf(data, &[redaction], "fuzz");
});
