//! Decision: applies the disclosure policy to an item and its findings, producing a
//! [`Decision`] — disposition, reason and legal basis, and every redaction — as plain data.

use crate::model::{Decision, Disposition, Finding, Item, Reason};

/// The policy, built once per run from the request and `patterns/codes.toml`.
#[derive(Debug, Default)]
pub struct Policy {}

/// Decides what happens to one item.
pub fn decide(item: &Item, findings: &[Finding], policy: &Policy) -> Decision {
    let _ = (findings, policy);
    Decision {
        item: item.id.clone(),
        disposition: Disposition::PendingReview,
        reason: Reason {
            code: None,
            text: "not decided".into(),
            basis: String::new(),
        },
        redactions: Vec::new(),
        review_notes: Vec::new(),
    }
}
