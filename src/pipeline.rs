//! The only place that knows the order of the stages:
//!
//! request → deadline → store → gather → detect → (consolidate) → decide → redact → stamp →
//! verify → assemble, with the internal records written last.
//!
//! Items flow through detect, decide and redact in parallel (rayon). An item that cannot be
//! redacted reliably becomes `pending-review` with the reason, and the run carries on. The pack is
//! written only when the verifier accepted every file; otherwise no zip is left behind and the
//! findings go to `internal/verification-failures.json`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::audit::{self, Internal, ScheduleEntry, Summary};
use crate::decide::{self, Policy};
use crate::detect::{self, Detector};
use crate::model::{
    AppliedRedaction, Content, Decision, Disposition, Finding, Format, Item, PackFile, Violation,
};
use crate::pack::{self, Counts, PackContext, ScheduleRow};
use crate::redact::{self, Presentation, Redacted};
use crate::verify::{self, Verified};

/// What a run needs beyond the request file.
#[derive(Debug, Clone)]
pub struct Config {
    pub request: PathBuf,
    pub out: PathBuf,
    /// Overwrite an output folder that already holds files.
    pub force: bool,
    /// The patterns folder (`policy.toml` and the detection patterns).
    pub patterns: PathBuf,
    /// A GOV.UK `bank-holidays.json` that overrides the request's `holidays` key.
    pub holidays: Option<PathBuf>,
    /// Today's date (the binary reads the clock; the library never does).
    pub today: Date,
}

/// Receives progress; the binary draws a bar on a terminal, tests ignore it.
pub trait Progress: Sync {
    /// A stage starts with `total` units of work.
    fn stage(&self, name: &str, total: usize);
    /// One unit of work is done.
    fn advance(&self);
}

/// Progress that goes nowhere.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &str, _total: usize) {}
    fn advance(&self) {}
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub summary: Summary,
    /// Why the verifier refused the pack (empty when a pack was written).
    pub violations: Vec<Violation>,
    pub internal: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Request(#[from] crate::request::RequestError),
    #[error("cannot compute the deadline")]
    Deadline(#[from] crate::deadline::DeadlineError),
    #[error("cannot read the records store")]
    Store(#[from] crate::store::StoreError),
    #[error("cannot load the detection patterns")]
    Patterns(#[from] crate::detect::DetectError),
    #[error("cannot load the policy")]
    Policy(#[from] crate::decide::PolicyError),
    #[error("`{path}`: the subject's person_id `{id}` is not in people.csv")]
    UnknownSubject { path: PathBuf, id: String },
    #[error("the output folder `{path}` is not empty (use --force to replace its pack)")]
    OutputNotEmpty { path: PathBuf },
    #[error("another sarpack run is writing to `{path}` (lock file `{lock}`)")]
    Locked { path: PathBuf, lock: PathBuf },
    #[error("cannot write to the output folder `{path}`")]
    Output {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot produce the pack's {what}")]
    Document {
        what: &'static str,
        #[source]
        source: crate::render::RenderError,
    },
    #[error(transparent)]
    Pack(#[from] crate::pack::PackError),
    #[error(transparent)]
    Audit(#[from] crate::audit::AuditError),
}

/// Holds `DIR/.sarpack.lock` for the length of a run so two runs cannot interleave.
struct OutputLock {
    path: PathBuf,
}

impl OutputLock {
    fn take(out: &Path) -> Result<OutputLock, PipelineError> {
        let path = out.join(".sarpack.lock");
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => Ok(OutputLock { path }),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(PipelineError::Locked {
                    path: out.to_path_buf(),
                    lock: path,
                })
            }
            Err(source) => Err(PipelineError::Output {
                path: out.to_path_buf(),
                source,
            }),
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Nothing useful can be done if the lock cannot be removed; the next run says so.
        let _ = std::fs::remove_file(&self.path);
    }
}

fn prepare_output(out: &Path, force: bool) -> Result<OutputLock, PipelineError> {
    let error = |source| PipelineError::Output {
        path: out.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(error)?;
    let lock = OutputLock::take(out)?;
    let mut entries = std::fs::read_dir(out).map_err(error)?;
    let occupied = entries.any(|entry| {
        entry
            .map(|entry| entry.file_name() != ".sarpack.lock")
            .unwrap_or(true)
    });
    if occupied && !force {
        return Err(PipelineError::OutputNotEmpty {
            path: out.to_path_buf(),
        });
    }
    Ok(lock)
}

/// Documents per thread in one batch of redaction or verification: enough to keep every core
/// busy, few enough that a batch of 50-page documents stays in the tens of megabytes.
const BATCH_PER_THREAD: usize = 8;

/// The spool of redacted, not yet stamped or verified documents (removed at the end of the run).
const REDACTED_SPOOL: &str = ".sarpack-redacted.spool";

/// The spool of verified files waiting for the zip (removed at the end of the run).
const STAGING_SPOOL: &str = ".sarpack-verified.spool";

/// The pack's file name for the request.
pub fn pack_file_name(reference: &str) -> String {
    format!("{reference}-disclosure-pack.zip")
}

/// Runs the whole pipeline for one request.
pub fn run(config: &Config, progress: &dyn Progress) -> Result<Outcome, PipelineError> {
    let request = crate::request::load(&config.request)?;
    let deadline = crate::deadline::for_request(&request, config.holidays.as_deref())?;
    let _lock = prepare_output(&config.out, config.force)?;

    progress.stage("reading the records store", 0);
    let store = crate::store::open(&request.store)?;
    if !store.register.people.is_empty() && store.register.get(&request.subject.person_id).is_none()
    {
        return Err(PipelineError::UnknownSubject {
            path: request.store.join("people.csv"),
            id: request.subject.person_id.clone(),
        });
    }

    let inventory = crate::gather::gather(&request, &store);
    let items = inventory.items;

    progress.stage("detecting personal data", items.len());
    let detector = Detector::new(&request, &store.register, &config.patterns)?;
    let mut findings: Vec<Vec<Finding>> = items
        .par_iter()
        .map(|item| {
            let found = detect::detect(item, &detector);
            progress.advance();
            found
        })
        .collect();
    // A person found once is found everywhere in the pack, in every form of their name.
    detect::consolidate(&mut findings, &items, &detector);

    let policy = Policy::load(&config.patterns, &request, &store.register)?;
    let mut decisions: Vec<Decision> = items
        .par_iter()
        .zip(&findings)
        .map(|(item, found)| decide::decide(item, found, &policy))
        .collect();
    drop(findings);

    // Redact every item that ships; one that cannot be redacted reliably goes to a person.
    // Items go through in batches of a few per thread and each redacted document is parked in a
    // spool file as soon as its batch is done, so memory holds a batch, not the pack (issue 7).
    let shipping: Vec<usize> = (0..items.len())
        .filter(|&index| decisions[index].disposition.ships())
        .collect();
    progress.stage("redacting", shipping.len());
    let batch = BATCH_PER_THREAD * rayon::current_num_threads().max(1);
    let mut redacted_spool = pack::spool::Spool::create(&config.out.join(REDACTED_SPOOL))?;
    // Per redacted item: where its bytes are, its page count and the redactions it carries.
    let mut redacted: BTreeMap<usize, (pack::spool::Spooled, u32, Vec<AppliedRedaction>)> =
        BTreeMap::new();
    for chunk in shipping.chunks(batch) {
        let outcomes: Vec<(usize, Result<Redacted, redact::RedactError>)> = chunk
            .par_iter()
            .map(|&index| {
                let item = &items[index];
                let presentation = Presentation {
                    show_author: policy.may_show_author(&item.author),
                };
                let result = redact::redact(item, &decisions[index], presentation);
                progress.advance();
                (index, result)
            })
            .collect();
        for (index, result) in outcomes {
            match result {
                Ok(document) => {
                    let at = redacted_spool.push(&document.file.bytes)?;
                    redacted.insert(index, (at, document.file.pages, document.applied));
                }
                Err(error) => {
                    let decision = &mut decisions[index];
                    decision.review_notes.push(format!(
                        "was to be {}; redaction refused: {error}",
                        decision.disposition
                    ));
                    decision.disposition = Disposition::PendingReview;
                    decision.redactions.clear();
                    decision.reason = policy.review(&error.to_string());
                }
            }
        }
    }

    // Records in ascending date order (undated last), numbered continuously across the pack.
    let mut order: Vec<usize> = redacted.keys().copied().collect();
    order.sort_by(|&a, &b| record_order(&items[a], &items[b]));
    let mut next_page = 1u32;
    // Per record in pack order: item index, pack name, where its bytes are, pages, first page.
    let mut placed: Vec<(usize, String, pack::spool::Spooled, u32, u32)> =
        Vec::with_capacity(order.len());
    let mut applied: Vec<AppliedRedaction> = Vec::new();
    for (position, index) in order.iter().enumerate() {
        let Some((at, pages, document_applied)) = redacted.remove(index) else {
            continue;
        };
        let item = &items[*index];
        let first = next_page;
        next_page += pages;
        applied.extend(document_applied);
        placed.push((
            *index,
            record_file_name(position + 1, item),
            at,
            pages,
            first,
        ));
    }

    // Stamp and verify in pack order, a batch at a time; every verified file goes straight to
    // the staging spool, from which the zip is written only if every file passed.
    progress.stage("verifying", placed.len() + 4);
    let forbidden = verify::forbidden_terms(&request, &store.register, &applied);
    let pack_path = config.out.join(pack_file_name(&request.reference));
    let mut staging = pack::spool::Staging::create(&config.out.join(STAGING_SPOOL))?;
    let mut violations: Vec<Violation> = Vec::new();
    // Files the verifier refused, kept for `internal/refused/` (never the pack).
    let mut refused: Vec<PackFile> = Vec::new();
    let mut pack_pages: BTreeMap<usize, (String, u32, u32)> = BTreeMap::new();
    for chunk in placed.chunks(batch) {
        let mut files = Vec::with_capacity(chunk.len());
        for (index, name, at, pages, first) in chunk {
            let file = PackFile {
                name: name.clone(),
                bytes: redacted_spool.read(at)?,
                item: Some(items[*index].id.clone()),
                pages: *pages,
            };
            files.push((*index, file, *first));
        }
        let stamped: Vec<(usize, Result<Verified, Vec<Violation>>, u32)> = files
            .into_par_iter()
            .map(|(index, mut file, first)| {
                let result = match pack::stamp::stamp(&file.bytes, &request.reference, first) {
                    Ok(bytes) => {
                        file.bytes = bytes;
                        verify::verify(file, &forbidden)
                    }
                    Err(message) => Err(vec![Violation {
                        file: file.name.clone(),
                        page: None,
                        location: "page stamp".to_string(),
                        what: format!("cannot stamp page numbers: {message}"),
                    }]),
                };
                progress.advance();
                (index, result, first)
            })
            .collect();
        for (index, result, first) in stamped {
            match result {
                Ok(file) => {
                    pack_pages.insert(
                        index,
                        (file.name().to_string(), first, first + file.pages() - 1),
                    );
                    // Once one file failed no pack will be written: stop spending disk on it.
                    if violations.is_empty() {
                        staging.add(file)?;
                    }
                }
                Err(found) => {
                    violations.extend(found);
                    // Rebuilt from the spool (stamping is deterministic) only when refused, so
                    // the DPO can see exactly what was stopped without a copy of every file.
                    let (_, name, at, pages, _) = chunk
                        .iter()
                        .find(|entry| entry.0 == index)
                        .expect("every stamped index comes from this chunk");
                    let bytes = redacted_spool.read(at)?;
                    refused.push(PackFile {
                        name: name.clone(),
                        bytes: pack::stamp::stamp(&bytes, &request.reference, first)
                            .unwrap_or(bytes),
                        item: Some(items[index].id.clone()),
                        pages: *pages,
                    });
                }
            }
        }
    }
    drop(redacted_spool);

    // The schedule the requester sees: every gathered item (not the excluded ones), in date order.
    let mut listed: Vec<usize> = (0..items.len())
        .filter(|&index| decisions[index].disposition != Disposition::Excluded)
        .collect();
    listed.sort_by(|&a, &b| record_order(&items[a], &items[b]));
    let rows: Vec<ScheduleRow> = listed
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let decision = &decisions[index];
            let placed = pack_pages.get(&index);
            ScheduleRow {
                number: position + 1,
                date: items[index].date,
                description: describe(&items[index]),
                disposition: decision.disposition,
                reason: decision.reason.text.clone(),
                codes: codes_of(decision),
                pages: placed.map(|(_, first, last)| (*first, *last)),
                file: placed.map(|(name, _, _)| name.clone()),
            }
        })
        .collect();
    let counts = count(&decisions);
    let used: BTreeSet<_> = rows.iter().flat_map(|row| row.codes.clone()).collect();
    let context = PackContext {
        request: &request,
        deadline: &deadline,
        produced: config.today,
        rows,
        codes: policy
            .codes()
            .iter()
            .filter(|meaning| used.contains(&meaning.code))
            .cloned()
            .collect(),
        counts: counts.clone(),
        searches: searches(&store, &request),
    };
    let documents = [
        Ok(pack::documents::schedule_csv(&context)),
        pack::documents::schedule_pdf(&context).map_err(|source| PipelineError::Document {
            what: "schedule",
            source,
        }),
        pack::documents::key_pdf(&context).map_err(|source| PipelineError::Document {
            what: "redaction key",
            source,
        }),
        pack::documents::letter_pdf(&context).map_err(|source| PipelineError::Document {
            what: "covering letter",
            source,
        }),
    ];
    for document in documents {
        let document = document?;
        let copy = document.clone();
        match verify::verify(document, &forbidden) {
            Ok(file) => {
                if violations.is_empty() {
                    staging.add(file)?;
                }
            }
            Err(found) => {
                violations.extend(found);
                refused.push(copy);
            }
        }
        progress.advance();
    }

    let (pack, pack_sha256) = if violations.is_empty() {
        staging.assemble(&pack_path, &request.reference)?;
        (
            Some(pack_path.clone()),
            Some(pack::sha256_file(&pack_path)?),
        )
    } else {
        drop(staging);
        // Fail closed: no pack, not even an older one, is left where it could be sent.
        match std::fs::remove_file(&pack_path) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(PipelineError::Output {
                    path: pack_path,
                    source,
                });
            }
        }
        (None, None)
    };

    let schedule = internal_schedule(&items, &decisions, &applied, &pack_pages);
    let summary = Summary {
        reference: request.reference.clone(),
        kind: request.kind.label().to_string(),
        organisation: request.organisation.clone(),
        produced: config.today,
        clock_start: deadline.start,
        due: deadline.due,
        extended_due: deadline.extended_due,
        extended: deadline.extended,
        deadline_warnings: deadline.warnings.clone(),
        counts,
        pages: next_page - 1,
        redactions: applied.len(),
        pack,
        pack_sha256,
        violations: violations.len(),
    };
    let internal = config.out.join("internal");
    audit::write_internal(
        &internal,
        &Internal {
            schedule: &schedule,
            redactions: &applied,
            decisions: &decisions,
            violations: &violations,
            summary: &summary,
            refused: &refused,
        },
    )?;
    Ok(Outcome {
        summary,
        violations,
        internal,
    })
}

/// Date order, undated records last, ties broken by source so the order is deterministic.
fn record_order(a: &Item, b: &Item) -> std::cmp::Ordering {
    let key = |item: &Item| (item.date.is_none(), item.date, item.source.clone());
    key(a).cmp(&key(b))
}

/// A file name that says nothing about anyone: position, date and kind of record.
fn record_file_name(position: usize, item: &Item) -> String {
    let date = item
        .date
        .map(|date| date.to_string())
        .unwrap_or_else(|| "undated".to_string());
    let kind = match item.format {
        Format::CaseNote => "case-note",
        Format::Email => "email",
        Format::Pdf | Format::Docx | Format::Text | Format::Other => "document",
    };
    format!("records/{position:04}-{date}-{kind}.pdf")
}

/// A neutral description for the requester's schedule: the record type, never a title.
fn describe(item: &Item) -> String {
    match item.format {
        Format::CaseNote => format!("Case note: {}", item.record_type),
        _ => item.record_type.clone(),
    }
}

fn codes_of(decision: &Decision) -> Vec<crate::model::Code> {
    let codes: BTreeSet<_> = decision
        .reason
        .code
        .iter()
        .cloned()
        .chain(
            decision
                .redactions
                .iter()
                .map(|redaction| redaction.code.clone()),
        )
        .collect();
    codes.into_iter().collect()
}

fn count(decisions: &[Decision]) -> Counts {
    let mut counts = Counts {
        gathered: decisions.len(),
        ..Counts::default()
    };
    for decision in decisions {
        let slot = match decision.disposition {
            Disposition::Disclosed => &mut counts.disclosed,
            Disposition::DisclosedRedacted => &mut counts.redacted,
            Disposition::Withheld => &mut counts.withheld,
            Disposition::Referred => &mut counts.referred,
            Disposition::PendingReview => &mut counts.pending_review,
            Disposition::Excluded => &mut counts.excluded,
        };
        *slot += 1;
    }
    counts.gathered -= counts.excluded;
    counts
}

fn searches(store: &crate::store::Store, request: &crate::model::Request) -> Vec<String> {
    vec![
        format!(
            "Our case management system export: {} case notes, each checked for a link to you and for your name{}.",
            store.notes.len(),
            if request.subject.aliases.is_empty() && request.subject.ids.is_empty() {
                ""
            } else {
                ", the other names you are known by and your record numbers"
            }
        ),
        format!(
            "Our document store: {} documents (letters, reports, emails and other files), each read in full and checked the same way.",
            store.documents.len()
        ),
    ]
}

fn internal_schedule(
    items: &[Item],
    decisions: &[Decision],
    applied: &[AppliedRedaction],
    pack_pages: &BTreeMap<usize, (String, u32, u32)>,
) -> Vec<ScheduleEntry> {
    let mut per_item: BTreeMap<&str, usize> = BTreeMap::new();
    for redaction in applied {
        *per_item.entry(redaction.item.as_str()).or_default() += 1;
    }
    items
        .iter()
        .zip(decisions)
        .enumerate()
        .map(|(index, (item, decision))| {
            let placed = pack_pages.get(&index);
            let mut notes = item.problems.clone();
            if let Content::Unreadable { reason } = &item.content
                && !notes.contains(reason)
            {
                notes.push(reason.clone());
            }
            notes.extend(decision.review_notes.iter().cloned());
            ScheduleEntry {
                item: item.id.clone(),
                source: item.source.to_string(),
                date: item.date,
                title: item.title.clone(),
                disposition: decision.disposition.label().to_string(),
                reason: decision.reason.text.clone(),
                code: decision
                    .reason
                    .code
                    .as_ref()
                    .map(|code| code.0.clone())
                    .unwrap_or_default(),
                basis: decision.reason.basis.clone(),
                pages: placed
                    .map(|(_, first, last)| format!("{first}-{last}"))
                    .unwrap_or_default(),
                redactions: per_item.get(item.id.as_str()).copied().unwrap_or(0),
                pack_file: placed.map(|(name, _, _)| name.clone()).unwrap_or_default(),
                notes: notes.join("; "),
            }
        })
        .collect()
}
