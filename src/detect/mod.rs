//! Detection: finds personal data in an item's text and says whose it is — the subject's, a
//! professional's, a registered third party's, or someone the register does not name — with the
//! rule that found it. Patterns and word lists are data under `patterns/`.
//!
//! OWNER: detection helper (issues 2 and 6). Contract: [`Detector::new`], [`detect`].

use std::path::Path;

use crate::model::{Finding, Item, Register, Request};

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("cannot load patterns from `{path}`: {message}")]
    Patterns { path: String, message: String },
}

/// Everything detection needs, compiled once per run and shared read-only across threads.
#[derive(Debug)]
pub struct Detector {
    _private: (),
}

impl Detector {
    /// Compiles the register, the subject's own names and ids, and the pattern files in
    /// `patterns` (the `patterns/` folder) into matchers.
    pub fn new(
        request: &Request,
        register: &Register,
        patterns: &Path,
    ) -> Result<Detector, DetectError> {
        let _ = (request, register, patterns);
        Ok(Detector { _private: () })
    }
}

/// Every finding in `item`'s text, sorted by span.
pub fn detect(item: &Item, detector: &Detector) -> Vec<Finding> {
    let _ = (item, detector);
    Vec::new()
}
