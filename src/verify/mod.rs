//! Verification: re-reads every byte that will ship, by a code path independent of the redactor,
//! and extracts everything a curious recipient could (page text through its own font decoding,
//! decompressed streams, metadata, annotations, bookmarks, attachments, file names). Only this
//! module can seal a [`Verified`] file, and the pack assembler accepts nothing else.
//!
//! Independence is the point (HOUSE-STYLE rule 5; peer failures in
//! `reference/peer-tools-and-redaction-failures.md` §5 A.40): nothing here imports `crate::pdf`,
//! `crate::redact` or `crate::render`. lopdf parses objects and inflates streams; the content
//! stream lexer and interpreter, font decoding and `ToUnicode` CMap parsing are this module's own.
//!
//! - [`forbidden_terms`] builds what must not appear ([`terms`]); [`OrdinaryWords`] says which
//!   names are also words, looked for only where capitalised ([`ordinary`]).
//! - [`verify`] checks one file: PDFs in [`pdf`], text files in [`text`], and its name.
//! - [`verify_pack`] re-checks a finished zip: manifest hashes, then every entry.

mod matcher;
mod ordinary;
mod pack;
mod pdf;
mod terms;
mod text;

pub use ordinary::{OrdinaryWords, OrdinaryWordsError};
pub use pack::{
    PackReport, REDACTED_PICTURES, VerifyError, read_pack_files, read_redacted_pictures,
    read_redaction_log, record_terms_by_file, verify_pack, verify_pack_by_file, verify_pack_bytes,
};
pub use terms::{WEAK_RULES, forbidden_terms, is_weak, weak_by_record, with_record_terms};

use crate::model::{Forbidden, PackFile, Violation};

use matcher::Matcher;

/// A file that the verifier re-read and found clean. The private field means no other module
/// can construct one.
#[derive(Debug, Clone)]
pub struct Verified {
    file: PackFile,
}

impl Verified {
    pub fn name(&self) -> &str {
        &self.file.name
    }
    pub fn bytes(&self) -> &[u8] {
        &self.file.bytes
    }
    pub fn pages(&self) -> u32 {
        self.file.pages
    }
    pub fn item(&self) -> Option<&str> {
        self.file.item.as_deref()
    }
}

/// A file the verifier would not seal, given back with every violation found in it, so the
/// caller can hold it for a person without having kept a copy of every file it checked.
#[derive(Clone)]
pub struct Refused {
    pub file: PackFile,
    /// Never empty.
    pub violations: Vec<Violation>,
}

impl std::fmt::Debug for Refused {
    /// The file's name and the violations; its bytes would bury them.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Refused")
            .field("file", &self.file.name)
            .field("violations", &self.violations)
            .finish()
    }
}

/// Checks one file that is about to ship. `Ok` seals it; `Err` gives the file back with every
/// violation.
///
/// The file name's extension chooses the check: `.pdf` gets the full PDF check, `.csv`,
/// `.json` and `.txt` the text check; any other type cannot be verified and so cannot ship.
pub fn verify(file: PackFile, forbidden: &Forbidden) -> Result<Verified, Refused> {
    let matcher = cached_matcher(forbidden);
    let violations = check_file(&file.name, &file.bytes, &matcher);
    if violations.is_empty() {
        Ok(Verified { file })
    } else {
        Err(Refused { file, violations })
    }
}

/// sarpack's own wording, for checking its own documents (see [`verify_own`]).
#[derive(Debug, Clone)]
pub struct OwnWording {
    /// The forbidden terms less the single words of sarpack's fixed wording.
    reading: Forbidden,
}

impl OwnWording {
    /// `template` is the text of sarpack's own documents made with every free-text field left
    /// blank: headings, sentences, code labels, dates, the reference.
    pub fn new(forbidden: &Forbidden, template: &str) -> OwnWording {
        OwnWording {
            reading: terms::without_own_words(forbidden, template),
        }
    }
}

/// Checks one of sarpack's own documents (schedule, key, letter) that is about to ship. Its
/// fixed wording is sarpack's and can never be third-party data, so a single forbidden word
/// that the wording uses ("will", "may", the code label "TP") is not looked for in the
/// document's reading; everything else is, as [`verify`] does. Every free-text `field` that
/// went into the document (a record type from the store, a reason, the organisation) is checked
/// against all the terms, since only through them can a third party's data get in.
pub fn verify_own(
    file: PackFile,
    forbidden: &Forbidden,
    own: &OwnWording,
    fields: &[String],
) -> Result<Verified, Refused> {
    let mut violations = check_file(&file.name, &file.bytes, &cached_matcher(&own.reading));
    let matcher = cached_matcher(forbidden);
    for field in fields {
        text::check_string(
            &file.name,
            None,
            "text put into the document",
            field,
            false,
            &matcher,
            &mut violations,
        );
    }
    if violations.is_empty() {
        Ok(Verified { file })
    } else {
        Err(Refused { file, violations })
    }
}

/// The text of every page of a PDF as the verifier reads it (drawing order, with spaces and
/// line breaks synthesized from glyph positions; undecodable glyphs read as U+FFFD). For
/// tests and evaluation against other extractors; not used to decide anything.
pub fn pdf_page_texts(bytes: &[u8]) -> Result<Vec<String>, String> {
    pdf::page_texts(bytes)
}

/// The matcher for `forbidden`, built once per thread and reused while the terms stay the
/// same: building the automaton for a few hundred terms takes ~0.7 ms, more than checking a
/// one-page file, and a run verifies most files against the same terms. A few are kept, most
/// recently used first, so that a record with terms of its own (a weak guess, a consent) does
/// not make the next record build the pack's matcher again.
fn cached_matcher(forbidden: &Forbidden) -> std::rc::Rc<Matcher> {
    use std::cell::RefCell;
    use std::rc::Rc;

    const KEPT: usize = 3;
    thread_local! {
        static CACHE: RefCell<Vec<(Forbidden, Rc<Matcher>)>> = const { RefCell::new(Vec::new()) };
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(position) = cache.iter().position(|(cached, _)| cached == forbidden) {
            let entry = cache.remove(position);
            let matcher = Rc::clone(&entry.1);
            cache.insert(0, entry);
            return matcher;
        }
        let matcher = Rc::new(Matcher::new(forbidden));
        cache.insert(0, (forbidden.clone(), Rc::clone(&matcher)));
        cache.truncate(KEPT);
        matcher
    })
}

/// Every violation in one file (name and content).
fn check_file(name: &str, bytes: &[u8], matcher: &Matcher) -> Vec<Violation> {
    let mut violations = Vec::new();
    text::check_string(
        name,
        None,
        "file name",
        name,
        false,
        matcher,
        &mut violations,
    );
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => pdf::check_pdf(name, bytes, matcher, &mut violations),
        "csv" | "txt" => text::check_text_file(name, bytes, false, matcher, &mut violations),
        "json" => text::check_text_file(name, bytes, true, matcher, &mut violations),
        _ => violations.push(Violation {
            file: name.to_string(),
            page: None,
            location: "file type".to_string(),
            what: format!(
                "cannot verify a file of type `{extension}`: only .pdf, .csv, .json and .txt can ship"
            ),
            context: String::new(),
        }),
    }
    violations
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> PackFile {
        PackFile {
            name: name.to_string(),
            bytes: bytes.to_vec(),
            item: None,
            pages: 1,
        }
    }

    fn forbidden() -> Forbidden {
        Forbidden {
            terms: vec![
                ("Mary Jones".to_string(), "name of third party".to_string()),
                ("Mary".to_string(), "first name of third party".to_string()),
            ],
            capitalised: Vec::new(),
            upper_case: Vec::new(),
            allowed: vec!["Jane Smith".to_string(), "Mary Khan".to_string()],
            pictures: Vec::new(),
            areas: Vec::new(),
        }
    }

    #[test]
    fn a_clean_text_file_is_sealed() {
        let verified = verify(
            file("schedule.csv", b"1,letter from Mary Khan,Jane Smith\n"),
            &forbidden(),
        );
        assert!(verified.is_ok(), "{verified:?}");
    }

    #[test]
    fn a_name_in_a_csv_is_reported_with_its_line() {
        let violations = verify(
            file("schedule.csv", b"a,b\n1,visit by MARY\nJONES\n"),
            &forbidden(),
        )
        .unwrap_err()
        .violations;
        assert!(
            violations
                .iter()
                .any(|violation| violation.location == "text line 2"
                    && violation.what.contains("Mary Jones")),
            "{violations:?}"
        );
    }

    #[test]
    fn a_name_in_a_file_name_is_reported() {
        let violations = verify(
            file("records/0001-mary-jones.txt", b"nothing"),
            &forbidden(),
        )
        .unwrap_err()
        .violations;
        assert_eq!(violations[0].location, "file name");
    }

    #[test]
    fn json_escapes_do_not_hide_a_name() {
        let violations = verify(
            file("summary.json", br#"{"note":"\u004dary Jones"}"#),
            &forbidden(),
        )
        .unwrap_err()
        .violations;
        assert!(
            violations
                .iter()
                .any(|violation| violation.location == "json value")
        );
    }

    #[test]
    fn windows_1252_text_is_read_too() {
        let forbidden = Forbidden {
            terms: vec![("Zoë Brown".to_string(), "name".to_string())],
            capitalised: Vec::new(),
            upper_case: Vec::new(),
            allowed: Vec::new(),
            pictures: Vec::new(),
            areas: Vec::new(),
        };
        assert!(verify(file("notes.txt", b"by Zo\xeb Brown"), &forbidden).is_err());
    }

    #[test]
    fn unknown_types_cannot_ship() {
        let violations = verify(file("photo.jpg", b"\xff\xd8"), &forbidden())
            .unwrap_err()
            .violations;
        assert_eq!(violations[0].location, "file type");
    }
}
