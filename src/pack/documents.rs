//! The pack's own documents: the schedule (PDF and CSV), the redaction key and the covering
//! letter with the due date and the supplementary information UK GDPR Article 15 requires.
//!
//! OWNER: render helper. Contract: [`schedule_csv`], [`schedule_pdf`], [`key_pdf`], [`letter_pdf`].

use crate::model::PackFile;
use crate::render::RenderError;

use super::PackContext;

pub fn schedule_csv(context: &PackContext<'_>) -> PackFile {
    let _ = context;
    PackFile {
        name: "schedule.csv".into(),
        bytes: Vec::new(),
        item: None,
        pages: 0,
    }
}

pub fn schedule_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let _ = context;
    Err(RenderError::Typeset("not implemented".into()))
}

pub fn key_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let _ = context;
    Err(RenderError::Typeset("not implemented".into()))
}

pub fn letter_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let _ = context;
    Err(RenderError::Typeset("not implemented".into()))
}
