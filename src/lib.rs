//! # sarpack
//!
//! Answers subject access requests (SARs) for children's social care as a batch pipeline. The
//! library holds every stage; the `sarpack` binary only parses arguments and renders outcomes.
//!
//! # Stages
//!
//! - [`request::load`]: read and validate the request file.
//! - [`deadline::for_request`]: the statutory time limit (UK GDPR Art 12(3), ICO guidance).
//! - [`store::open`]: read the records store (read only) — register, case notes, documents.
//! - [`gather::gather`]: turn every row and file into an [`model::Item`] with its text.
//! - [`detect::detect`]: find personal data in an item and say whose it is.
//! - [`decide::decide`]: apply the policy: disposition, reason and redactions, as data.
//!   A person's decisions ([`decisions::load`], `decisions.toml`) come before the policy.
//! - [`redact::redact`]: produce the document for the pack with the planned text removed.
//! - [`verify::verify`]: re-read the bytes that will ship, independently; only it seals a
//!   [`verify::Verified`] file.
//! - [`pack::assemble`]: write the disclosure pack from verified files only.
//! - [`audit`]: the internal schedule, redaction log and summary the organisation keeps.
//!
//! [`pipeline::run`] is the only place that knows the order of the stages.

#![forbid(unsafe_code)]

pub mod audit;
pub mod deadline;
pub mod decide;
pub mod decisions;
mod deflate;
pub mod detect;
pub mod gather;
pub mod model;
pub mod pack;
pub mod pdf;
pub mod pipeline;
pub mod redact;
pub mod render;
pub mod request;
pub mod store;
pub mod verify;
