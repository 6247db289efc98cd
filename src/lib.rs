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
//! - [`gather::item`]: turn one row or file of the store into an [`model::Item`] with its text
//!   ([`gather::count`] says how many there are; items are read a batch at a time); pictures in
//!   PDFs are read by [`ocr::recognise`].
//! - [`detect::detect`]: find personal data in an item and say whose it is, under a rule of
//!   the closed catalogue [`rules::RuleId`].
//! - [`decide::decide`]: apply the policy: disposition, reason and redactions, as data.
//!   A person's decisions ([`decisions::load`], `decisions.toml`) come before the policy.
//! - [`redact::redact`]: produce the document for the pack with the planned text removed.
//! - [`pack::stamp::stamp`]: print the pack's reference and continuous page numbers on a record.
//! - [`verify::verify`]: re-read the bytes that will ship, independently; only it seals a
//!   [`verify::Verified`] file, and a file it refuses comes back as [`verify::Refused`].
//! - [`pack::spool::Staging::assemble`]: write the disclosure pack from verified files only.
//! - [`audit`]: the internal schedule, redaction log and summary the organisation keeps.
//! - [`rectify::disclosures`]: for a rectification request, whom earlier answers gave each record.
//!
//! After a run, [`review::start`] serves a page where a person reviews the run, records decisions
//! and rebuilds.
//!
//! [`pipeline::run`] is the only place that knows the order of the stages: it calls them in a
//! few named passes (detect; decide and redact; plan the pack; seal the records; make the
//! pack's own documents; finish), each handing the next a typed value.

#![forbid(unsafe_code)]

pub mod audit;
pub mod deadline;
pub mod decide;
pub mod decisions;
mod deflate;
pub mod detect;
pub mod gather;
pub mod model;
pub mod ocr;
pub mod pack;
pub mod pdf;
pub mod pipeline;
pub mod rectify;
pub mod redact;
pub mod render;
pub mod request;
pub mod review;
pub mod rules;
pub mod store;
pub mod verify;
