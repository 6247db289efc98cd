//! The only place that knows the order of the stages:
//!
//! request → deadline → store → gather → detect → (consolidate) → decide → redact → stamp →
//! verify → assemble, with the internal records written last.
//!
//! Memory is bounded by a batch of documents (issue 7): see [`run`] for the two passes over the
//! store and the spools between them.
//!
//! Items flow through detect, decide and redact in parallel (rayon). An item that cannot be
//! redacted reliably becomes `pending-review` with the reason, and the run carries on. A record
//! the verifier refuses is held back the same way (issue 11: fail closed at the smallest unit):
//! it is not in the zip, both schedules list it as being checked by a member of staff, the
//! internal one with what was found, and the rest of the pack ships with page numbers that run
//! on without a gap. Only the pack's own documents (schedule, key, letter) failing even when made
//! again in neutral words stops the pack: then no zip is left behind. Every finding goes to
//! `internal/verification-failures.json` and every stopped file to `internal/refused/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::audit::{self, Internal, ScheduleEntry, Summary};
use crate::decide::{self, Policy};
use crate::detect::{self, Consolidated, Consolidation, Detector};
use crate::model::{
    AppliedRedaction, Content, Decision, Disposition, Finding, Format, Item, PackFile, RequestKind,
    Violation,
};
use crate::pack::{self, Counts, PackContext, ScheduleRow};
use crate::redact::{self, Presentation, Redacted};
use crate::verify;

/// What a run needs beyond the request file.
#[derive(Debug, Clone)]
pub struct Config {
    pub request: PathBuf,
    pub out: PathBuf,
    /// Write into an output folder that also holds files not made by sarpack (left alone).
    pub force: bool,
    /// The patterns folder (`policy.toml` and the detection patterns).
    pub patterns: PathBuf,
    /// A GOV.UK `bank-holidays.json` that overrides the request's `holidays` key.
    pub holidays: Option<PathBuf>,
    /// Today's date (the binary reads the clock; the library never does).
    pub today: Date,
    /// Sources the store may lack (`case-notes.csv`, `documents.csv`, `documents`); any other
    /// missing source stops the run (issue 15).
    pub allow_missing_sources: Vec<String>,
    /// The person's decisions: `--decisions FILE`; `None` reads `decisions.toml` beside the
    /// request when there is one.
    pub decisions: Option<PathBuf>,
    /// Who runs sarpack, for the audit trail.
    pub operator: String,
    /// A `court-disclosure` request's zip of separate records is written beside its bundle
    /// (`--separate`); other kinds always get the zip.
    pub separate: bool,
    /// The moment of the run for the audit trail, RFC 3339 in UTC (the binary reads the clock).
    pub now: String,
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
    /// The version written: `DIR/v{version}/`.
    pub version: u32,
    /// The pack zip, when one was written (the summary names it relative to the output folder).
    pub pack: Option<PathBuf>,
    pub summary: Summary,
    /// Why the verifier refused the pack (empty when a pack was written).
    pub violations: Vec<Violation>,
    pub internal: PathBuf,
    /// Things the person running sarpack should know that are not about the pack (e.g. working
    /// files of a killed run that were removed).
    pub notices: Vec<String>,
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
    #[error("cannot load the word lists the verifier reads")]
    OrdinaryWords(#[from] verify::OrdinaryWordsError),
    #[error("cannot load the glossary")]
    Glossary(#[from] crate::pack::glossary::GlossaryError),
    #[error("cannot load the court bundle's sections")]
    BundleSections(#[from] crate::pack::bundle::SectionRulesError),
    #[error("cannot use the decisions file")]
    Decisions(#[from] crate::decisions::DecisionsError),
    #[error("cannot read `{path}` to record its hash in the audit trail")]
    Hash {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Trail(#[from] crate::audit::trail::TrailError),
    #[error(transparent)]
    Versions(#[from] crate::audit::versions::VersionError),
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
    #[error("sarpack's own working file is damaged: {message}")]
    Spool { message: String },
    #[error("cannot find whom earlier answers gave the records to")]
    Rectify(#[from] crate::rectify::RectifyError),
    #[error("`{path}`: key `{key}`: {message}")]
    Rectification {
        path: PathBuf,
        key: String,
        message: String,
    },
}

/// The lock file in the output folder.
const LOCK_FILE: &str = ".sarpack.lock";

/// Holds an operating-system lock on `DIR/.sarpack.lock` for the length of a run, so two runs
/// cannot interleave. The system releases the lock when the process ends, however it ends, so a
/// run that was killed never blocks the next one. The file itself stays: deleting it would let a
/// run that opened it just before the deletion and a run that creates a new one both hold "the"
/// lock.
struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    fn take(out: &Path) -> Result<OutputLock, PipelineError> {
        let path = out.join(LOCK_FILE);
        let output_error = |source| PipelineError::Output {
            path: out.to_path_buf(),
            source,
        };
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(output_error)?;
        match file.try_lock() {
            Ok(()) => Ok(OutputLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(PipelineError::Locked {
                path: out.to_path_buf(),
                lock: path,
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(output_error(source)),
        }
    }
}

/// Working files a run leaves only if it was killed: spools (which hold the store's unredacted
/// text) and half-written internal records. Removed by the next run into the folder, which holds
/// the lock, so no live run can be using them. Returns what was removed, for the summary.
fn remove_leftovers(out: &Path) -> Result<Vec<String>, PipelineError> {
    let mut removed = Vec::new();
    for dir in [out.to_path_buf(), out.join("internal")] {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(PipelineError::Output { path: dir, source }),
        };
        for entry in entries {
            let entry = entry.map_err(|source| PipelineError::Output {
                path: dir.clone(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let leftover =
                (dir == out && name.starts_with(".sarpack-") && name.ends_with(".spool"))
                    || name.ends_with(".partial");
            // A version a killed run did not finish: never renamed, so never a version.
            let unfinished_version = dir == out
                && name.starts_with(".v")
                && name.ends_with(".partial")
                && entry.file_type().is_ok_and(|kind| kind.is_dir());
            if unfinished_version {
                std::fs::remove_dir_all(entry.path()).map_err(|source| PipelineError::Output {
                    path: entry.path(),
                    source,
                })?;
                removed.push(entry.path().display().to_string());
                continue;
            }
            if leftover && entry.file_type().is_ok_and(|kind| kind.is_file()) {
                std::fs::remove_file(entry.path()).map_err(|source| PipelineError::Output {
                    path: entry.path(),
                    source,
                })?;
                removed.push(entry.path().display().to_string());
            }
        }
    }
    if !removed.is_empty() {
        // An `internal` folder that held only half-written records was that run's alone; one
        // with finished records stays and makes the folder occupied, as it should.
        let _ = std::fs::remove_dir(out.join("internal"));
    }
    removed.sort();
    Ok(removed)
}

fn prepare_output(out: &Path, force: bool) -> Result<(OutputLock, Vec<String>), PipelineError> {
    let error = |source| PipelineError::Output {
        path: out.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(out).map_err(error)?;
    let lock = OutputLock::take(out)?;
    let removed = remove_leftovers(out)?;
    let notices = if removed.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "removed {} working file(s) that a run which did not finish left in the output folder: {}",
            removed.len(),
            removed.join(", ")
        )]
    };
    let mut entries = std::fs::read_dir(out).map_err(error)?;
    // Earlier versions, the audit trail and the decisions file are sarpack's own: a run adds a
    // version beside them. Anything else means the folder is someone else's.
    let occupied = entries.any(|entry| {
        entry
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                !(name == LOCK_FILE
                    || name == "internal"
                    || name == "decisions.toml"
                    || name == ".decisions.toml.lock"
                    || audit::versions::number_of(&name).is_some())
            })
            .unwrap_or(true)
    });
    if occupied && !force {
        return Err(PipelineError::OutputNotEmpty {
            path: out.to_path_buf(),
        });
    }
    Ok((lock, notices))
}

/// Documents per thread in one batch of redaction or verification: enough to keep every core
/// busy, few enough that a batch of 50-page documents stays in the tens of megabytes.
const BATCH_PER_THREAD: usize = 8;

/// The spool of items and their findings between detection and decision (removed at the end).
const DETECTED_SPOOL: &str = ".sarpack-detected.spool";

/// The spool of redacted, not yet stamped or verified documents (removed at the end of the run).
const REDACTED_SPOOL: &str = ".sarpack-redacted.spool";

/// The spool of verified files waiting for the zip (removed at the end of the run).
const STAGING_SPOOL: &str = ".sarpack-verified.spool";

/// The pack's file name for the request.
pub fn pack_file_name(reference: &str) -> String {
    format!("{reference}-disclosure-pack.zip")
}

/// Runs the whole pipeline for one request: a short list of passes, each handing the next a
/// typed value.
///
/// Memory is bounded by a batch of documents, not by the store (issue 7). The store is read
/// twice, a batch at a time: `detect_pass` extracts and detects and parks each item with its
/// findings in a spool, keeping only the names to consolidate; `decide_and_redact_pass` takes
/// them back, adds the consolidated mentions, decides and redacts, journals the plan and the
/// redaction log and parks the redacted document. What stays in memory per item is one line of
/// the schedule. `plan_pack` numbers the pages, `seal_records` stamps and verifies the
/// records, `pack_documents` makes and verifies the schedule, key and letter, and `finish`
/// writes the zip and the internal records.
pub fn run(config: &Config, progress: &dyn Progress) -> Result<Outcome, PipelineError> {
    let request = crate::request::load(&config.request)?;
    let deadline = crate::deadline::for_request(&request, config.holidays.as_deref())?;
    let (_lock, mut notices) = prepare_output(&config.out, config.force)?;
    let version = Version::next(&config.out)?;
    let setup = Setup::open(config, request, version, progress)?;
    // Every missing source got past `Setup::open` only because the run allowed it.
    notices.extend(setup.store.missing.iter().map(|missing| {
        format!(
            "the records store has no `{missing}` (allowed by --allow-missing-source); the covering letter says it was not searched"
        )
    }));

    let detected = detect_pass(&setup)?;
    let mut redactions = decide_and_redact_pass(&setup, detected)?;
    check_rectification(&setup, &redactions.listed)?;
    let plan = plan_pack(&redactions);
    let mut forbidden = Forbiddens::new(&setup, &redactions);
    forbidden.all.pictures = std::mem::take(&mut redactions.pictures)
        .into_iter()
        .collect();
    for terms in forbidden.by_item.values_mut() {
        terms.pictures = forbidden.all.pictures.clone();
    }
    // The page stamp on every record is sarpack's own wording: "SAR-WILL · page 3" does not
    // name a third party called Will, nor one called Page.
    forbidden.allow(pack::stamp::footer_words(&setup.request.reference));
    let mut sealed = seal_records(&setup, &plan, &mut redactions.documents, &forbidden)?;
    drop(redactions.documents);
    hold_back(&mut redactions.listed, &sealed.held_back, &setup.policy);
    let (counts, made) = pack_documents(
        &setup,
        &deadline,
        &redactions.listed,
        &forbidden.all,
        &mut sealed,
    )?;
    notices.extend(made);
    let notifications = notification_letters(
        &setup,
        &deadline,
        &redactions.listed,
        &forbidden.all,
        &sealed.placed,
    )?;
    finish(
        &setup,
        &deadline,
        Finished {
            listed: redactions.listed,
            journal: redactions.journal,
            sealed,
            counts,
            notices,
            pictures: forbidden.all.pictures,
            notifications,
        },
    )
}

/// The version a run writes: into `DIR/.vN.partial/` while it runs, renamed to `DIR/vN/` when
/// everything in it is written, so a version is whole or absent; earlier versions are never
/// touched. Knows what earlier versions were sent, so this one is the next instalment.
struct Version {
    number: u32,
    partial: PathBuf,
    folder: PathBuf,
    sent: Vec<audit::versions::Sent>,
}

impl Version {
    /// One more than the highest version in `out`.
    fn next(out: &Path) -> Result<Version, PipelineError> {
        let versions = audit::versions::list(out)?;
        let number = versions.last().map_or(1, |last| last + 1);
        let partial = out.join(format!(".v{number}.partial"));
        std::fs::create_dir_all(&partial).map_err(|source| PipelineError::Output {
            path: partial.clone(),
            source,
        })?;
        Ok(Version {
            number,
            partial,
            folder: audit::versions::folder(out, number),
            sent: audit::versions::sent_so_far(out)?,
        })
    }

    /// The instalment and day an earlier version carried the record from `source`.
    fn sent_before(&self, source: &str) -> Option<(u32, Date)> {
        self.sent.iter().find_map(|sent| {
            sent.items
                .iter()
                .any(|item| item.source == source)
                .then_some((sent.instalment, sent.on))
        })
    }

    /// What the letter says when earlier versions were sent.
    fn instalment(&self) -> Option<pack::Instalment> {
        let last = self.sent.last()?;
        Some(pack::Instalment {
            number: last.instalment + 1,
            earlier: self
                .sent
                .iter()
                .map(|sent| (sent.instalment, sent.on, sent.items.len()))
                .collect(),
        })
    }
}

/// What every pass reads: the request, the store, the detector and the policy, opened once.
struct Setup<'a> {
    config: &'a Config,
    request: crate::model::Request,
    /// The organisation profile (`organisation.toml`), when the request has one.
    organisation: Option<crate::model::OrganisationProfile>,
    store: crate::store::Store,
    detector: Detector,
    policy: Policy,
    /// `patterns/glossary.toml`: the terms explained in the pack's glossary.
    glossary: pack::glossary::Glossary,
    /// `patterns/bundle.toml`: which section of a court bundle each record goes in.
    bundle_sections: pack::bundle::SectionRules,
    /// The names that are also words, as the verifier reads them from `patterns/`.
    ordinary_words: verify::OrdinaryWords,
    /// Items in the store (the inventory's length).
    total: usize,
    /// Documents in one batch of detection, redaction or verification.
    batch: usize,
    progress: &'a dyn Progress,
    version: Version,
    /// A rectification request's earlier disclosures of its records (Art 19).
    disclosures: Vec<crate::rectify::Disclosure>,
}

impl<'a> Setup<'a> {
    fn open(
        config: &'a Config,
        request: crate::model::Request,
        version: Version,
        progress: &'a dyn Progress,
    ) -> Result<Setup<'a>, PipelineError> {
        progress.stage("reading the records store", 0);
        let organisation = crate::request::load_organisation(&request)?;
        let mut store = crate::store::open(&request.store)?;
        crate::store::require_sources(&store, &config.allow_missing_sources)?;
        // The register's roles ("Mother") are relationships to the subject it was written for;
        // they label redaction boxes only when that is this request's subject.
        let roles_fit = store.register.people.is_empty()
            || store
                .register
                .get(&request.subject.person_id)
                .is_some_and(|person| person.category == crate::model::Category::Subject);
        // Who is subject, requester or third party is decided per request, not fixed in the
        // export (issue 17).
        store.register = crate::request::bind_register(&request, &store.register);
        if !store.register.people.is_empty()
            && store.register.get(&request.subject.person_id).is_none()
        {
            return Err(PipelineError::UnknownSubject {
                path: request.store.join("people.csv"),
                id: request.subject.person_id.clone(),
            });
        }
        // A person's consent to disclosure everywhere is the register's consent: detection,
        // the author line and the verifier all read it from there.
        let decisions_path = crate::decisions::locate(&config.request, config.decisions.as_deref());
        let decisions = match &decisions_path {
            Some(path) => crate::decisions::load(path)?,
            None => crate::decisions::Decisions::none(),
        };
        decisions.grant_consents(&mut store.register);
        let detector = Detector::new(&request, &store.register, &config.patterns)?;
        let mut policy =
            Policy::load(&config.patterns, &request, &store.register)?.with_decisions(decisions)?;
        if !roles_fit {
            policy.drop_relationship_labels();
        }
        let glossary = pack::glossary::Glossary::load(&config.patterns)?;
        let bundle_sections = pack::bundle::SectionRules::load(&config.patterns)?;
        let ordinary_words = verify::OrdinaryWords::load(&config.patterns)?;
        let disclosures = crate::rectify::disclosures(&request)?;
        let total = crate::gather::count(&store);
        Ok(Setup {
            config,
            request,
            organisation,
            store,
            detector,
            policy,
            glossary,
            bundle_sections,
            ordinary_words,
            total,
            batch: BATCH_PER_THREAD * rayon::current_num_threads().max(1),
            progress,
            version,
            disclosures,
        })
    }
}

/// Pass 1's hand-off: every item with its findings parked on disk, in inventory order, and the
/// names found anywhere, to be looked for everywhere.
struct Detected {
    spool: pack::spool::Spool,
    items: Vec<pack::spool::Spooled>,
    consolidated: Consolidated,
}

/// Pass 1: read every item and detect, a batch at a time; park item and findings on disk.
fn detect_pass(setup: &Setup<'_>) -> Result<Detected, PipelineError> {
    let total = setup.total;
    setup
        .progress
        .stage("reading and detecting personal data", total);
    let mut spool = pack::spool::Spool::create(&setup.config.out.join(DETECTED_SPOOL))?;
    let mut items: Vec<pack::spool::Spooled> = Vec::with_capacity(total);
    // A person found once is found everywhere in the pack, in every form of their name.
    let mut consolidation = Consolidation::new(&setup.detector);
    for start in (0..total).step_by(setup.batch) {
        let found: Vec<(String, Vec<Finding>, Vec<u8>)> = (start..(start + setup.batch).min(total))
            .into_par_iter()
            .map(|index| {
                let mut item = crate::gather::item(&setup.store, index);
                // A person looked at what sarpack could not read and released it: read it again
                // leaving the pictures it cannot read unread (the verifier still reads them): a
                // PDF's, a Word file's, a picture file's or an email attachment's.
                if matches!(item.content, Content::Unreadable { .. })
                    && setup.policy.decisions().releases(&item)
                {
                    item = crate::gather::item_checked_by_person(&setup.store, index);
                }
                let findings = detect::detect(&item, &setup.detector);
                let parked = serde_json::to_vec(&(&item, &findings))
                    .expect("items and findings serialise to JSON");
                setup.progress.advance();
                (item.id, findings, parked)
            })
            .collect();
        // In inventory order, so consolidation is the same on every run.
        for (id, findings, parked) in found {
            consolidation.observe(&id, &findings);
            items.push(spool.push(&parked)?);
        }
    }
    Ok(Detected {
        spool,
        items,
        consolidated: consolidation.finish(),
    })
}

/// Pass 2's hand-off: every item's line of the schedule, the journal of decisions, the redacted
/// documents parked on disk, and every distinct string that was removed.
struct Redactions {
    /// One line per item, in inventory order (the index is the item's position).
    listed: Vec<Listed>,
    journal: audit::Journal,
    documents: RedactedDocuments,
    /// One applied redaction per distinct string: what the verifier must not find anywhere.
    removed: Vec<AppliedRedaction>,
    /// Digests of the original pictures that had words redacted (none may ship).
    pictures: BTreeSet<String>,
}

/// Redacted, not yet stamped or verified documents, by item index.
struct RedactedDocuments {
    spool: pack::spool::Spool,
    /// Per item that ships: where its bytes are and its page count.
    by_item: BTreeMap<usize, (pack::spool::Spooled, u32)>,
}

/// Pass 2: consolidate, decide and redact every item, a batch at a time. An item that cannot be
/// redacted reliably goes to a person. Each redacted document is parked in a spool as soon as
/// its batch is done; each decision and its redactions go to the journal.
fn decide_and_redact_pass(
    setup: &Setup<'_>,
    detected: Detected,
) -> Result<Redactions, PipelineError> {
    let Detected {
        mut spool,
        items,
        consolidated,
    } = detected;
    let total = setup.total;
    setup.progress.stage("deciding and redacting", total);
    let mut journal = audit::Journal::create(&setup.version.partial.join("internal"))?;
    let mut documents = RedactedDocuments {
        spool: pack::spool::Spool::create(&setup.config.out.join(REDACTED_SPOOL))?,
        by_item: BTreeMap::new(),
    };
    let mut listed: Vec<Listed> = Vec::with_capacity(total);
    let mut removed: BTreeMap<String, AppliedRedaction> = BTreeMap::new();
    let mut pictures = BTreeSet::new();
    for (chunk_number, chunk) in items.chunks(setup.batch).enumerate() {
        let first = chunk_number * setup.batch;
        let mut parked = Vec::with_capacity(chunk.len());
        for at in chunk {
            parked.push(spool.read(at)?);
        }
        let outcomes: Vec<Result<Processed, PipelineError>> = parked
            .into_par_iter()
            .enumerate()
            .map(|(offset, bytes)| {
                let outcome = process(
                    first + offset,
                    &bytes,
                    &setup.detector,
                    &consolidated,
                    &setup.policy,
                    &setup.glossary,
                );
                setup.progress.advance();
                outcome
            })
            .collect();
        for outcome in outcomes {
            let Processed {
                index,
                item,
                mut decision,
                result,
                terms,
            } = outcome?;
            let mut applied = Vec::new();
            match result {
                None => {}
                Some(Ok(document)) => {
                    pictures.extend(item.content.redacted_pictures(&decision.redactions));
                    pictures.extend(document.replaced_pictures.iter().cloned());
                    let at = documents.spool.push(&document.file.bytes)?;
                    documents.by_item.insert(index, (at, document.file.pages));
                    applied = document.applied;
                }
                Some(Err(error)) => {
                    decision = setup.policy.refused(decision, &error.to_string());
                }
            }
            journal.record(&decision, &applied)?;
            // What stood in a person's area is checked there, not looked for everywhere.
            for redaction in applied.iter().filter(|redaction| !redaction.is_area()) {
                if !removed.contains_key(&redaction.text) {
                    removed.insert(redaction.text.clone(), redaction.clone());
                }
            }
            let mut entry = Listed::new(&item, &decision, applied.len());
            entry.sent = setup.version.sent_before(&entry.source.to_string());
            entry.terms = terms;
            entry.recorded_by =
                pack::documents::recorded_by(&setup.store.register, &setup.request, &item.author);
            listed.push(entry);
        }
    }
    Ok(Redactions {
        listed,
        journal,
        documents,
        removed: removed.into_values().collect(),
        pictures,
    })
}

/// One record's place in the pack.
struct PlacedRecord {
    /// The item's index in the inventory (and in [`Redactions::listed`]).
    item: usize,
    /// The item's id, for the sealed file.
    id: String,
    /// The file name inside the zip.
    name: String,
    spooled: pack::spool::Spooled,
    pages: u32,
}

/// The records of the pack in pack order (pages are numbered as they are sealed).
struct PackPlan {
    records: Vec<PlacedRecord>,
}

/// Records in ascending date order (undated last), each with its file name in the pack.
fn plan_pack(redactions: &Redactions) -> PackPlan {
    let listed = &redactions.listed;
    // Records sent in an earlier instalment are not sent again.
    let mut order: Vec<usize> = redactions
        .documents
        .by_item
        .keys()
        .copied()
        .filter(|&index| listed[index].sent.is_none())
        .collect();
    order.sort_by(|&a, &b| record_order(&listed[a], &listed[b]));
    let records = order
        .into_iter()
        .enumerate()
        .map(|(position, index)| {
            let (spooled, pages) = &redactions.documents.by_item[&index];
            PlacedRecord {
                item: index,
                id: listed[index].id.clone(),
                name: record_file_name(position + 1, &listed[index]),
                spooled: spooled.clone(),
                pages: *pages,
            }
        })
        .collect();
    PackPlan { records }
}

/// What the verifier looks for: in every file, and in the records a person recorded a third
/// party's consent for (`consent` with `items`), where that person's data is theirs to share.
struct Forbiddens {
    all: crate::model::Forbidden,
    /// Item id -> the terms for that record.
    by_item: BTreeMap<String, crate::model::Forbidden>,
}

impl Forbiddens {
    fn new(setup: &Setup<'_>, redactions: &Redactions) -> Forbiddens {
        let register = &setup.store.register;
        let all = verify::forbidden_terms(
            &setup.request,
            register,
            &redactions.removed,
            &setup.ordinary_words,
        );
        let mut by_item = BTreeMap::new();
        let decisions = setup.policy.decisions();
        let mut cache: BTreeMap<Vec<String>, crate::model::Forbidden> = BTreeMap::new();
        for entry in &redactions.listed {
            let people = decisions.consents_for(&entry.id, &entry.source.to_string());
            if people.is_empty() || !entry.disposition.ships() {
                continue;
            }
            let forbidden = cache.entry(people.clone()).or_insert_with(|| {
                let mut consenting = register.clone();
                for person in &mut consenting.people {
                    if people.contains(&person.id) {
                        person.consent = true;
                    }
                }
                // The strings removed elsewhere that are this person's (their name, a part of
                // it, an alias, phone or address) are not looked for in this record.
                let theirs: Vec<String> = register
                    .people
                    .iter()
                    .filter(|person| people.contains(&person.id))
                    .flat_map(|person| {
                        std::iter::once(person.name.clone())
                            .chain(person.aliases.iter().cloned())
                            .chain(person.name.split_whitespace().map(str::to_string))
                            .chain([person.phone.clone(), person.address.clone()])
                    })
                    .map(|term| compact(&term))
                    .filter(|term| term.len() > 1)
                    .collect();
                let removed: Vec<AppliedRedaction> = redactions
                    .removed
                    .iter()
                    .filter(|redaction| {
                        let text = compact(&redaction.text);
                        !theirs
                            .iter()
                            .any(|term| text.contains(term.as_str()) || term.contains(&text))
                    })
                    .cloned()
                    .collect();
                verify::forbidden_terms(
                    &setup.request,
                    &consenting,
                    &removed,
                    &setup.ordinary_words,
                )
            });
            by_item.insert(entry.id.clone(), forbidden.clone());
        }
        // A weak guess is looked for in the record it was removed from, not in the whole pack
        // (issue 11 point 4; verify::WEAK_RULES says which guesses are weak).
        for (item, weak) in verify::weak_by_record(&redactions.removed) {
            let forbidden = verify::with_record_terms(by_item.get(&item).unwrap_or(&all), &weak);
            by_item.insert(item, forbidden);
        }
        // A person's areas are checked in their record: no text there but the boxes' labels
        // and the page stamp, every picture there filled.
        let footer = pack::stamp::footer_words(&setup.request.reference);
        for entry in redactions
            .listed
            .iter()
            .filter(|entry| entry.disposition.ships() && !entry.areas.is_empty())
        {
            let mut forbidden = by_item.get(&entry.id).unwrap_or(&all).clone();
            forbidden.areas = entry
                .areas
                .iter()
                .map(|area| crate::model::EmptyArea {
                    page: area.page,
                    rect: area.rect,
                    decision: area.entry,
                    allowed: entry.labels.clone(),
                    footer: Some(footer.clone()),
                })
                .collect();
            by_item.insert(entry.id.clone(), forbidden);
        }
        Forbiddens { all, by_item }
    }

    /// Allows `term` in every file.
    fn allow(&mut self, term: String) {
        for forbidden in self.by_item.values_mut() {
            forbidden.allowed.push(term.clone());
        }
        self.all.allowed.push(term);
    }

    fn for_item(&self, item: &str) -> &crate::model::Forbidden {
        self.by_item.get(item).unwrap_or(&self.all)
    }
}

/// Lower case, letters and digits only: how a removed string is compared with a person's terms.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where a sealed record sits in the pack: its file and its first and last page.
struct Placement {
    file: String,
    first: u32,
    last: u32,
}

/// Why a file that was to ship did not.
enum Stopped {
    /// The verifier read it and found what must not ship.
    Refused(verify::Refused),
    /// Its page numbers could not be stamped, so it was never verified.
    Unstamped { file: PackFile, message: String },
}

impl Stopped {
    /// The file as it would have shipped (stamped, where stamping worked).
    fn into_file(self) -> PackFile {
        match self {
            Stopped::Refused(refused) => refused.file,
            Stopped::Unstamped { file, .. } => file,
        }
    }

    /// The item it comes from (`None` for the pack's own documents).
    fn item(&self) -> Option<&str> {
        match self {
            Stopped::Refused(refused) => refused.file.item.as_deref(),
            Stopped::Unstamped { file, .. } => file.item.as_deref(),
        }
    }

    /// What is wrong with it, as the internal records list it.
    fn violations(&self) -> Vec<Violation> {
        match self {
            Stopped::Refused(refused) => refused.violations.clone(),
            Stopped::Unstamped { file, message } => vec![Violation {
                file: file.name.clone(),
                page: None,
                location: "page stamp".to_string(),
                what: format!("cannot stamp page numbers: {message}"),
                context: String::new(),
            }],
        }
    }
}

/// A record the verifier stopped: held back from the pack for a person, the rest ships.
struct HeldBack {
    /// The item's index in the inventory.
    item: usize,
    stopped: Stopped,
}

/// The files sealed for the pack, and those that were stopped.
struct Sealed {
    staging: pack::spool::Staging,
    /// Sealed records by item index.
    placed: BTreeMap<usize, Placement>,
    /// Pages over the sealed records (numbered continuously, held-back records left out).
    pages: u32,
    /// Records held back, in pack order.
    held_back: Vec<HeldBack>,
    /// Pack documents (schedule, key, letter) as first made in full words, that failed and
    /// were made again in neutral words.
    remade_documents: Vec<verify::Refused>,
    /// Pack documents that failed even when made again in neutral words: without them there
    /// is no pack.
    refused_documents: Vec<Stopped>,
    /// A `court-disclosure` request's bundle (see `pack::bundle`), or why there is none.
    bundle: Option<Result<verify::Verified, BundleFailure>>,
}

/// Why a court bundle was not made.
enum BundleFailure {
    /// It could not be put together (a message a person can act on).
    Unmade(String),
    /// The verifier read it and found what must not ship.
    Refused(verify::Refused),
}

/// Stamps and verifies the records in pack order, a batch at a time; every verified file goes
/// straight to the staging spool. A record the verifier refuses is held back and the records
/// after it are numbered (and stamped and verified again) as if it were not there, so the
/// pack's page numbers run on without a gap over what ships.
fn seal_records(
    setup: &Setup<'_>,
    plan: &PackPlan,
    documents: &mut RedactedDocuments,
    forbidden: &Forbiddens,
) -> Result<Sealed, PipelineError> {
    setup
        .progress
        .stage("verifying", plan.records.len() + DOCUMENTS);
    let reference = &setup.request.reference;
    let mut sealed = Sealed {
        staging: pack::spool::Staging::create(&setup.config.out.join(STAGING_SPOOL))?,
        placed: BTreeMap::new(),
        pages: 0,
        held_back: Vec::new(),
        remade_documents: Vec::new(),
        refused_documents: Vec::new(),
        bundle: None,
    };
    for chunk in plan.records.chunks(setup.batch) {
        let mut waiting: Vec<(&PlacedRecord, Vec<u8>)> = Vec::with_capacity(chunk.len());
        for record in chunk {
            waiting.push((record, documents.spool.read(&record.spooled)?));
        }
        // Each round seals or holds back at least its first record, so this ends.
        while !waiting.is_empty() {
            let mut next_page = sealed.pages + 1;
            let numbered: Vec<(&PlacedRecord, Vec<u8>, u32)> = waiting
                .into_iter()
                .map(|(record, bytes)| {
                    let first = next_page;
                    next_page += record.pages;
                    (record, bytes, first)
                })
                .collect();
            let checked: Vec<_> = numbered
                .into_par_iter()
                .map(|(record, bytes, first)| {
                    let file = PackFile {
                        name: record.name.clone(),
                        bytes: Vec::new(),
                        item: Some(record.id.clone()),
                        pages: record.pages,
                    };
                    let result = match pack::stamp::stamp(&bytes, reference, first) {
                        Ok(stamped) => verify::verify(
                            PackFile {
                                bytes: stamped,
                                ..file
                            },
                            forbidden.for_item(&record.id),
                        )
                        .map_err(Stopped::Refused),
                        Err(message) => Err(Stopped::Unstamped {
                            file: PackFile {
                                bytes: bytes.clone(),
                                ..file
                            },
                            message,
                        }),
                    };
                    (record, bytes, first, result)
                })
                .collect();
            waiting = Vec::new();
            for (record, bytes, first, result) in checked {
                // After a record held back in this round, the rest were numbered too high.
                if first != sealed.pages + 1 {
                    waiting.push((record, bytes));
                    continue;
                }
                match result {
                    Ok(file) => {
                        sealed.pages = first + file.pages() - 1;
                        sealed.placed.insert(
                            record.item,
                            Placement {
                                file: file.name().to_string(),
                                first,
                                last: sealed.pages,
                            },
                        );
                        sealed.staging.add(file)?;
                    }
                    Err(stopped) => sealed.held_back.push(HeldBack {
                        item: record.item,
                        stopped,
                    }),
                }
                setup.progress.advance();
            }
        }
    }
    Ok(sealed)
}

/// Lists every held-back record as being checked by a member of staff: the requester's
/// schedule says only that; the internal one adds what the verifier found, where, and the text
/// around it.
fn hold_back(listed: &mut [Listed], held_back: &[HeldBack], policy: &Policy) {
    /// Findings quoted in the internal schedule; the rest are in verification-failures.json.
    const QUOTED: usize = 5;
    for held in held_back {
        let entry = &mut listed[held.item];
        let violations = held.stopped.violations();
        let mut note = format!(
            "held back from the pack (was to be {}): the verifier found {} problem(s) in the record as it would have shipped: {}",
            entry.disposition,
            violations.len(),
            violations
                .iter()
                .take(QUOTED)
                .map(|violation| {
                    let mut text = violation.to_string();
                    if let Some(rest) = text.strip_prefix(&violation.file) {
                        text = rest.trim_start().to_string();
                    }
                    text
                })
                .collect::<Vec<_>>()
                .join("; ")
        );
        if violations.len() > QUOTED {
            note.push_str("; the rest are in verification-failures.json");
        }
        entry.notes.push(note);
        entry.disposition = Disposition::PendingReview;
        entry.held_back = true;
        entry.reason = policy.held_back();
        entry.codes = entry.reason.code.iter().cloned().collect();
    }
}

/// The pack's own documents: schedule (CSV and PDF), redaction key, chronology, glossary,
/// covering letter and the combined file.
const DOCUMENTS: usize = 7;

/// Most pages of records put into the combined file: it is built in memory, and a file longer
/// than this is not one a person reads from start to finish (the separate records still ship).
const COMBINED_PAGE_LIMIT: u32 = 2_000;

/// How the requester's schedule describes each record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wording {
    /// The record type from the store and the decision's reason.
    Full,
    /// Only sarpack's own words: the kind of record and what happened to it. Used when a pack
    /// document made in full words fails verification (a store's record type or a quoted
    /// reason can carry a name), so that one odd field does not stop the whole pack.
    Neutral,
    /// Every free-text field blank: what is left is sarpack's own wording (see
    /// [`verify::OwnWording`]).
    Blank,
}

/// What the pack's own documents are made from: the requester's schedule (every gathered item,
/// not the excluded ones, in date order) with the pages of the records that were sealed.
fn pack_context<'a>(
    setup: &'a Setup<'_>,
    request: &'a crate::model::Request,
    deadline: &'a crate::model::Deadline,
    listed: &[Listed],
    placed: &BTreeMap<usize, Placement>,
    wording: Wording,
    combined: bool,
) -> PackContext<'a> {
    let mut shown: Vec<usize> = (0..listed.len())
        .filter(|&index| listed[index].disposition != Disposition::Excluded)
        .collect();
    shown.sort_by(|&a, &b| record_order(&listed[a], &listed[b]));
    let rows: Vec<ScheduleRow> = shown
        .iter()
        .enumerate()
        .map(|(position, &index)| {
            let entry = &listed[index];
            let placement = placed.get(&index);
            let (description, reason) = match wording {
                Wording::Full => (
                    describe(entry),
                    match entry.sent {
                        Some((instalment, on)) => {
                            setup.policy.sent_before(&entry.reason.text, on, instalment)
                        }
                        None => entry.reason.text.clone(),
                    },
                ),
                Wording::Neutral => (
                    kind_of_record(entry.format).to_string(),
                    pack::documents::disposition_words(entry.disposition).to_string(),
                ),
                Wording::Blank => (
                    match entry.format {
                        Format::CaseNote => "Case note: ".to_string(),
                        _ => String::new(),
                    },
                    reason_parts(&entry.reason.text).0.to_string(),
                ),
            };
            ScheduleRow {
                number: position + 1,
                date: entry.date,
                description,
                disposition: entry.disposition,
                reason,
                codes: entry.codes.clone(),
                pages: placement.map(|placement| (placement.first, placement.last)),
                file: placement.map(|placement| placement.file.clone()),
                agency: entry.agency.clone(),
                recorded_by: match wording {
                    Wording::Blank => String::new(),
                    Wording::Full | Wording::Neutral => entry.recorded_by.clone(),
                },
                held_back: entry.held_back,
            }
        })
        .collect();
    let rectified = rectified(setup, request, listed, &shown, &rows, wording);
    let used: BTreeSet<_> = rows.iter().flat_map(|row| row.codes.clone()).collect();
    // The glossary explains what occurs in the records that were sealed for the pack.
    let terms: BTreeSet<usize> = placed
        .keys()
        .flat_map(|&index| listed[index].terms.iter().copied())
        .collect();
    let glossary: Vec<pack::glossary::GlossaryEntry> = terms
        .into_iter()
        .filter_map(|index| setup.glossary.entries().get(index).cloned())
        .collect();
    PackContext {
        request,
        deadline,
        produced: setup.config.today,
        rows,
        codes: setup
            .policy
            .codes()
            .iter()
            .filter(|meaning| used.contains(&meaning.code))
            .cloned()
            .collect(),
        counts: count(listed),
        searches: searches(&setup.store, &setup.request),
        // The profile is the organisation's free text, checked as such (see `free_text`).
        organisation: match wording {
            Wording::Blank => None,
            Wording::Full | Wording::Neutral => setup.organisation.as_ref(),
        },
        enclosed: pack::Enclosed {
            combined,
            chronology: !placed.is_empty(),
            glossary: !glossary.is_empty(),
        },
        glossary,
        instalment: setup.version.instalment(),
        rectified,
    }
}

/// Every record a rectification request names is one the run gathered about the subject: a
/// record the run did not find, or one not about the subject, cannot be corrected at their
/// request, and saying so is better than a letter about nothing.
fn check_rectification(setup: &Setup<'_>, listed: &[Listed]) -> Result<(), PipelineError> {
    for (index, entry) in setup.request.rectification.iter().enumerate() {
        let problem = match listed
            .iter()
            .find(|item| entry.is_source(&item.source.to_string()))
        {
            None => Some(format!(
                "`{}` is not a record in the store: give a case-note id (`CN-1036`) or a document's path as documents.csv gives it",
                entry.record
            )),
            Some(item) if item.disposition == Disposition::Excluded => Some(format!(
                "`{}` is not about the subject (it was excluded), so it cannot be corrected at their request",
                entry.record
            )),
            Some(_) => None,
        };
        if let Some(message) = problem {
            return Err(PipelineError::Rectification {
                path: setup.config.request.clone(),
                key: format!("rectification[{index}].record"),
                message,
            });
        }
    }
    Ok(())
}

/// The records a rectification request names, as the pack's documents describe them (see
/// `pack::rectification`). In neutral or blank words the requester's correction and the
/// reasons are not quoted: they are free text that may name someone.
fn rectified(
    setup: &Setup<'_>,
    request: &crate::model::Request,
    listed: &[Listed],
    shown: &[usize],
    rows: &[ScheduleRow],
    wording: Wording,
) -> Vec<pack::rectification::Rectified> {
    request
        .rectification
        .iter()
        .enumerate()
        .filter_map(|(number, entry)| {
            let position = shown
                .iter()
                .position(|&index| entry.is_source(&listed[index].source.to_string()))?;
            let row = &rows[position];
            let answers: BTreeSet<usize> = setup
                .disclosures
                .iter()
                .filter(|disclosure| disclosure.record == number)
                .map(|disclosure| disclosure.answer)
                .collect();
            let mut decision = entry.decision.clone();
            let correction = match wording {
                Wording::Full => entry.correction.clone(),
                Wording::Neutral | Wording::Blank => {
                    if let Some(decision) = &mut decision {
                        if !decision.reasons.is_empty() {
                            decision.reasons =
                                "the reasons are in a separate letter we are sending you."
                                    .to_string();
                        }
                        decision.by = "A member of staff".to_string();
                    }
                    "as set out in your request".to_string()
                }
            };
            Some(pack::rectification::Rectified {
                number: row.number,
                date: row.date,
                description: row.description.clone(),
                pages: row.pages,
                correction,
                decision,
                recipients: answers.len(),
            })
        })
        .collect()
}

/// The pack documents made from `context`, in the order they are listed in the zip's manifest.
fn make_documents(context: &PackContext<'_>) -> Result<Vec<PackFile>, PipelineError> {
    let document_error = |what| move |source| PipelineError::Document { what, source };
    let mut documents = vec![
        pack::documents::schedule_csv(context),
        pack::documents::schedule_pdf(context).map_err(document_error("schedule"))?,
        pack::documents::key_pdf(context).map_err(document_error("redaction key"))?,
    ];
    if context.enclosed.chronology {
        documents
            .push(pack::documents::chronology_pdf(context).map_err(document_error("chronology"))?);
    }
    if context.enclosed.glossary {
        documents.push(pack::documents::glossary_pdf(context).map_err(document_error("glossary"))?);
    }
    if !context.rectified.is_empty() {
        documents.push(
            pack::rectification::decision_pdf(context)
                .map_err(document_error("rectification decision"))?,
        );
        if let Some(statements) = pack::rectification::statements_pdf(context)
            .map_err(document_error("supplementary statements"))?
        {
            documents.push(statements);
        }
    }
    if context.request.kind == RequestKind::CourtDisclosure {
        documents.push(
            pack::bundle::not_included_pdf(context)
                .map_err(document_error("list of documents not included"))?,
        );
    }
    documents
        .push(pack::documents::letter_pdf(context).map_err(document_error("covering letter"))?);
    Ok(documents)
}

/// The combined all-records file, verified in full (its contents page and bookmarks carry the
/// rows' descriptions): in full words, else in neutral words, else none — the separate records
/// ship either way, and the letter mentions it only when it is there. Returns it, or why not.
fn combined_records(
    setup: &Setup<'_>,
    deadline: &crate::model::Deadline,
    listed: &[Listed],
    forbidden: &crate::model::Forbidden,
    sealed: &mut Sealed,
) -> Result<verify::Verified, String> {
    if sealed.pages == 0 {
        return Err("there are no records".to_string());
    }
    if sealed.pages > COMBINED_PAGE_LIMIT {
        return Err(format!(
            "the records are {} pages, more than {COMBINED_PAGE_LIMIT}",
            sealed.pages
        ));
    }
    let mut why = String::new();
    for wording in [Wording::Full, Wording::Neutral] {
        let context = pack_context(
            setup,
            &setup.request,
            deadline,
            listed,
            &sealed.placed,
            wording,
            true,
        );
        let file = combined_file(&context, sealed)?;
        match verify::verify(file, forbidden) {
            Ok(file) => return Ok(file),
            Err(refused) => {
                why = refused
                    .violations
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ");
            }
        }
    }
    Err(format!("the verifier refused it: {why}"))
}

/// Makes and verifies the schedule, key and letter, staging them when all pass. When one fails,
/// all are made again in neutral words (see [`Wording::Neutral`]; all, so the two schedules and
/// the letter still agree) and verified again; one that still fails stops the pack. Returns the
/// counts the documents state.
fn pack_documents(
    setup: &Setup<'_>,
    deadline: &crate::model::Deadline,
    listed: &[Listed],
    forbidden: &crate::model::Forbidden,
    sealed: &mut Sealed,
) -> Result<(Counts, Vec<String>), PipelineError> {
    let mut notices = Vec::new();
    // The combined file first: the documents mention it only when it is in the pack.
    let combined = match combined_records(setup, deadline, listed, forbidden, sealed) {
        Ok(file) => Some(file),
        Err(why) => {
            if sealed.pages > 0 {
                notices.push(format!(
                    "no combined all-records file was made: {why} (the separate records are in the pack)"
                ));
            }
            None
        }
    };
    setup.progress.advance();
    let with_combined = combined.is_some();
    let own = own_wording(
        setup,
        deadline,
        listed,
        forbidden,
        &sealed.placed,
        with_combined,
    )?;
    let request = &setup.request;
    let full = pack_context(
        setup,
        request,
        deadline,
        listed,
        &sealed.placed,
        Wording::Full,
        with_combined,
    );
    let mut verified = Vec::with_capacity(DOCUMENTS);
    let mut fields = free_text(&full, Wording::Full);
    let mut wording = Wording::Full;
    for document in make_documents(&full)? {
        match verify::verify_own(document, forbidden, &own, &fields) {
            Ok(file) => verified.push(file),
            Err(refused) => sealed.remade_documents.push(refused),
        }
        setup.progress.advance();
    }
    if !sealed.remade_documents.is_empty() {
        let neutral = pack_context(
            setup,
            request,
            deadline,
            listed,
            &sealed.placed,
            Wording::Neutral,
            with_combined,
        );
        fields = free_text(&neutral, Wording::Neutral);
        wording = Wording::Neutral;
        verified.clear();
        for document in make_documents(&neutral)? {
            match verify::verify_own(document, forbidden, &own, &fields) {
                Ok(file) => verified.push(file),
                Err(refused) => sealed.refused_documents.push(Stopped::Refused(refused)),
            }
        }
    }
    if sealed.refused_documents.is_empty() {
        if request.kind == RequestKind::CourtDisclosure {
            let context = pack_context(
                setup,
                request,
                deadline,
                listed,
                &sealed.placed,
                wording,
                with_combined,
            );
            let bundle = court_bundle(&context, &setup.bundle_sections, &verified, sealed)
                .map_err(BundleFailure::Unmade)
                .and_then(|file| {
                    verify::verify_own(file, forbidden, &own, &fields)
                        .map_err(BundleFailure::Refused)
                });
            if let Ok(file) = &bundle
                && file.pages() > pack::bundle::PAGE_LIMIT
            {
                notices.push(format!(
                    "the court bundle is {} pages, more than the {} PD27A allows without the court's permission",
                    file.pages(),
                    pack::bundle::PAGE_LIMIT
                ));
            }
            // Without the case sarpack cannot label the bundle (PD27A: its front names the
            // court, the case number and title, the hearing), and it never makes them up.
            if bundle.is_ok() && request.court.is_none() {
                notices.push(
                    "the court bundle has no front sheet: the request has no `[court]` table \
                     (the court, case number, case title, hearing and parties by role); add one \
                     and run again to put it before the index"
                        .to_string(),
                );
            }
            sealed.bundle = Some(bundle);
        }
        for file in verified.into_iter().chain(combined) {
            sealed.staging.add(file)?;
        }
    }
    Ok((full.counts, notices))
}

/// sarpack's own wording in this pack's documents: the same documents made with the
/// organisation, the subject's name and every record type and reason left blank, read as the
/// verifier reads them (issue 11: the letter's "will" is not a third party called Will).
fn own_wording(
    setup: &Setup<'_>,
    deadline: &crate::model::Deadline,
    listed: &[Listed],
    forbidden: &crate::model::Forbidden,
    placed: &BTreeMap<usize, Placement>,
    combined: bool,
) -> Result<verify::OwnWording, PipelineError> {
    let mut blank = setup.request.clone();
    blank.organisation = String::new();
    blank.subject.name = String::new();
    blank.subject.aliases.clear();
    blank.subject.ids.clear();
    blank.requester.name = String::new();
    blank.requester.address.clear();
    let context = pack_context(
        setup,
        &blank,
        deadline,
        listed,
        placed,
        Wording::Blank,
        combined,
    );
    let mut text = String::new();
    for document in make_documents(&context)? {
        if document.name.ends_with(".pdf") {
            // A template sarpack cannot read back adds no words, so nothing is let through.
            for page in verify::pdf_page_texts(&document.bytes).unwrap_or_default() {
                text.push_str(&page);
                text.push('\n');
            }
        } else {
            text.push_str(&String::from_utf8_lossy(&document.bytes));
            text.push('\n');
        }
    }
    Ok(verify::OwnWording::new(forbidden, &text))
}

/// Every free-text field that goes into the pack's own documents and is not sarpack's or the
/// policy's own wording: the organisation, the subject's and the requester's names and address,
/// who recorded each record, the organisation's profile and, in full words, each record type
/// from the store and whatever a reason quotes (the text after its first `: `, such as a
/// reader's error message).
fn free_text(context: &PackContext<'_>, wording: Wording) -> Vec<String> {
    let mut fields = vec![
        context.request.organisation.clone(),
        context.request.subject.name.clone(),
        context.request.requester.name.clone(),
    ];
    fields.extend(context.request.requester.address.iter().cloned());
    for row in &context.rows {
        if wording == Wording::Full {
            let description = row.description.as_str();
            fields.push(
                description
                    .strip_prefix("Case note: ")
                    .unwrap_or(description)
                    .to_string(),
            );
            fields.push(reason_parts(&row.reason).1.to_string());
        }
        fields.push(row.recorded_by.clone());
    }
    // A court bundle's front sheet: the case as the request file gives it.
    if let Some(court) = &context.request.court {
        fields.push(court.court.clone());
        fields.push(court.case_number.clone());
        fields.extend(court.case_name.iter().cloned());
        fields.extend(court.parties.iter().cloned());
    }
    for record in &context.rectified {
        fields.push(record.correction.clone());
        if let Some(decision) = &record.decision {
            fields.push(decision.reasons.clone());
            fields.push(decision.by.clone());
        }
    }
    if let Some(profile) = context.organisation {
        fields.extend(profile.purposes.iter().cloned());
        fields.extend(profile.recipients.iter().cloned());
        fields.push(profile.retention.clone());
        fields.push(profile.sources.clone());
        fields.push(profile.transfers.clone());
        for contact in std::iter::once(&profile.contact)
            .chain([&profile.dpo, &profile.first_contact])
            .chain(&profile.support)
        {
            fields.push(contact.name.clone());
            fields.extend(contact.address.iter().cloned());
            fields.push(contact.email.clone());
            fields.push(contact.phone.clone());
            fields.push(contact.about.clone());
        }
    }
    fields
}

/// A reason's own wording and what it quotes: "Could not be processed automatically: <the
/// reader's message>" is the policy's words, then a quotation.
fn reason_parts(text: &str) -> (&str, &str) {
    match text.split_once(": ") {
        Some((own, quoted)) => (own, quoted),
        None => (text, ""),
    }
}

/// The court bundle (see `pack::bundle`): the pack's own documents that were just verified as
/// section A, the sealed records in their sections, from the staged, verified bytes. Not yet
/// verified as a whole.
fn court_bundle(
    context: &PackContext<'_>,
    sections: &pack::bundle::SectionRules,
    documents: &[verify::Verified],
    sealed: &mut Sealed,
) -> Result<PackFile, String> {
    use pack::bundle::Document;
    use pack::documents::{CHRONOLOGY_PDF, GLOSSARY_PDF, KEY_PDF, LETTER_PDF, SCHEDULE_PDF};
    let mut preliminary = Vec::new();
    for (name, title, date) in [
        (LETTER_PDF, "Covering letter", Some(context.produced)),
        (CHRONOLOGY_PDF, "Chronology", None),
        (SCHEDULE_PDF, "Schedule of every record found", None),
        (
            pack::bundle::NOT_INCLUDED_PDF,
            "Documents not included, with the grounds",
            None,
        ),
        (KEY_PDF, "Redaction key: what each code means", None),
        (GLOSSARY_PDF, "Glossary", None),
    ] {
        if let Some(file) = documents.iter().find(|file| file.name() == name) {
            preliminary.push(Document {
                date,
                title: title.to_string(),
                bytes: file.bytes().to_vec(),
                pages: file.pages(),
            });
        }
    }
    let records = sealed_records(context, sealed)?
        .into_iter()
        .filter_map(|(row, bytes)| {
            let (first, last) = row.pages?;
            Some((
                sections.kind_of(&row.description),
                Document {
                    date: row.date,
                    title: row.description.clone(),
                    bytes,
                    pages: last - first + 1,
                },
            ))
        })
        .collect();
    let sections = pack::bundle::sections(preliminary, records);
    pack::bundle::bundle(context, &sections)
}

/// The rows of the records sealed for the pack, in pack order, each with its staged, verified
/// bytes (as stamped).
fn sealed_records<'c>(
    context: &'c PackContext<'_>,
    sealed: &mut Sealed,
) -> Result<Vec<(&'c ScheduleRow, Vec<u8>)>, String> {
    let staged: BTreeMap<String, usize> = sealed
        .staging
        .files()
        .iter()
        .enumerate()
        .map(|(index, file)| (file.name().to_string(), index))
        .collect();
    let mut records = Vec::new();
    for row in context.rows.iter().filter(|row| row.pages.is_some()) {
        let Some(index) = row.file.as_ref().and_then(|file| staged.get(file)) else {
            return Err(format!(
                "record {} is not among the sealed files",
                row.number
            ));
        };
        let bytes = sealed
            .staging
            .read(*index)
            .map_err(|error| error.to_string())?;
        records.push((row, bytes));
    }
    Ok(records)
}

/// All sealed records in pack order after a contents page, with a bookmark for each (see
/// `pack::combined`). Made from the staged, verified bytes; verified again as one file.
fn combined_file(context: &PackContext<'_>, sealed: &mut Sealed) -> Result<PackFile, String> {
    let (contents, links) =
        pack::documents::contents_pdf(context).map_err(|error| error.to_string())?;
    let records: Vec<(String, Vec<u8>)> = sealed_records(context, sealed)?
        .into_iter()
        .enumerate()
        .map(|(position, (row, bytes))| (pack::documents::bookmark_title(position + 1, row), bytes))
        .collect();
    let parts: Vec<pack::combined::Part<'_>> = records
        .iter()
        .map(|(title, bytes)| pack::combined::Part {
            title: title.clone(),
            bytes,
        })
        .collect();
    let (bytes, pages) = pack::combined::combine_linked(&contents.bytes, &parts, &links)?;
    Ok(PackFile {
        name: pack::documents::COMBINED_PDF.to_string(),
        bytes,
        item: None,
        pages,
    })
}

/// What the last step needs from the passes before it.
struct Finished {
    listed: Vec<Listed>,
    journal: audit::Journal,
    sealed: Sealed,
    counts: Counts,
    notices: Vec<String>,
    /// Digests of the original pictures that had words redacted, kept for `sarpack verify`.
    pictures: Vec<String>,
    notifications: Notifications,
}

/// A rectification request's letters to earlier recipients of corrected records (Art 19), each
/// verified or refused, and one line per earlier disclosure for `internal/recipients.csv`.
#[derive(Default)]
struct Notifications {
    letters: Vec<Result<verify::Verified, verify::Refused>>,
    rows: Vec<RecipientRow>,
}

/// One line of `internal/recipients.csv`: a record sent by an earlier answer, to whom, and what
/// was done about it.
#[derive(Debug, Clone, serde::Serialize)]
struct RecipientRow {
    record: String,
    earlier_reference: String,
    recipient: String,
    version: u32,
    sent_on: Date,
    decision: String,
    notification: String,
}

/// The letters telling each earlier recipient of a corrected record of the correction (UK GDPR
/// Art 19; see `pack::rectification::notification_pdf`): one per earlier answer, covering
/// every corrected record it carried. Each is checked by the verifier against every term, with
/// the recipient's own name and address allowed (a letter to them names them); a refused
/// letter is not written, and the internal records say so.
fn notification_letters(
    setup: &Setup<'_>,
    deadline: &crate::model::Deadline,
    listed: &[Listed],
    forbidden: &crate::model::Forbidden,
    placed: &BTreeMap<usize, Placement>,
) -> Result<Notifications, PipelineError> {
    use crate::model::RectificationOutcome;
    let mut out = Notifications::default();
    if setup.disclosures.is_empty() {
        return Ok(out);
    }
    let request = &setup.request;
    let context = pack_context(
        setup,
        request,
        deadline,
        listed,
        placed,
        Wording::Full,
        false,
    );
    let mut by_answer: BTreeMap<usize, pack::rectification::Notified> = BTreeMap::new();
    for disclosure in &setup.disclosures {
        let entry = &request.rectification[disclosure.record];
        let corrected = entry
            .decision
            .as_ref()
            .is_some_and(|decision| decision.outcome == RectificationOutcome::Corrected);
        if corrected {
            let notified = by_answer.entry(disclosure.answer).or_insert_with(|| {
                pack::rectification::Notified {
                    name: disclosure.name.clone(),
                    address: disclosure.address.clone(),
                    reference: disclosure.reference.clone(),
                    sent: disclosure.on,
                    records: Vec::new(),
                }
            });
            notified.sent = notified.sent.min(disclosure.on);
            if !notified.records.contains(&disclosure.record) {
                notified.records.push(disclosure.record);
            }
        }
    }
    let mut names: BTreeMap<usize, String> = BTreeMap::new();
    for (position, (answer, notified)) in by_answer.iter().enumerate() {
        let file = pack::rectification::notification_pdf(&context, notified, position + 1)
            .map_err(|source| PipelineError::Document {
                what: "notification letter",
                source,
            })?;
        let mut terms = forbidden.clone();
        terms.allowed.push(notified.name.clone());
        terms.allowed.extend(notified.address.iter().cloned());
        let letter = verify::verify(file, &terms);
        names.insert(
            *answer,
            match &letter {
                Ok(file) => file.name().to_string(),
                Err(_) => "not written: the verifier refused it (see verification-failures.json)"
                    .to_string(),
            },
        );
        out.letters.push(letter);
    }
    for disclosure in &setup.disclosures {
        let entry = &request.rectification[disclosure.record];
        let (decision, notification) = match &entry.decision {
            None => ("not decided", "none yet: no decision".to_string()),
            Some(decision) if decision.outcome == RectificationOutcome::NotCorrected => (
                "not corrected",
                "none: the record was not corrected".to_string(),
            ),
            Some(_) => (
                "corrected",
                names.get(&disclosure.answer).cloned().unwrap_or_default(),
            ),
        };
        out.rows.push(RecipientRow {
            record: entry.record.clone(),
            earlier_reference: disclosure.reference.clone(),
            recipient: disclosure.name.clone(),
            version: disclosure.version,
            sent_on: disclosure.on,
            decision: decision.to_string(),
            notification,
        });
    }
    Ok(out)
}

/// Writes the zip unless a pack document failed (and then removes any older one: fail closed),
/// then the internal records and the summary.
fn finish(
    setup: &Setup<'_>,
    deadline: &crate::model::Deadline,
    finished: Finished,
) -> Result<Outcome, PipelineError> {
    let Finished {
        listed,
        journal,
        sealed,
        counts,
        mut notices,
        pictures,
        notifications,
    } = finished;
    let Sealed {
        staging,
        placed,
        pages,
        held_back,
        remade_documents,
        refused_documents,
        bundle,
    } = sealed;
    let request = &setup.request;
    let pack_path = setup
        .version
        .partial
        .join(pack_file_name(&request.reference));
    // A court-disclosure request is answered with its bundle; its zip only with --separate.
    let court = request.kind == RequestKind::CourtDisclosure;
    let (bundle, bundle_refused) = match bundle {
        Some(Ok(file)) => (Some(file), None),
        Some(Err(BundleFailure::Refused(refused))) => (None, Some(refused)),
        Some(Err(BundleFailure::Unmade(message))) => {
            notices.push(format!("the court bundle could not be made: {message}"));
            (None, None)
        }
        None => (None, None),
    };
    let writes_pack = refused_documents.is_empty() && (!court || bundle.is_some());
    let writes_zip = writes_pack && (!court || setup.config.separate);
    if !remade_documents.is_empty() {
        notices.push(format!(
            "the pack's schedule, key and letter were made again in neutral words, because the verifier found {} problem(s) in {} (see internal/verification-failures.json)",
            remade_documents
                .iter()
                .map(|refused| refused.violations.len())
                .sum::<usize>(),
            remade_documents
                .iter()
                .map(|refused| format!("`{}`", refused.file.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let held_back_count = held_back.len();
    let stopped: Vec<Stopped> = held_back
        .into_iter()
        .map(|held| held.stopped)
        .chain(refused_documents)
        .collect();
    let mut letters = Vec::new();
    let mut refused_letters = Vec::new();
    for letter in notifications.letters {
        match letter {
            Ok(file) => letters.push(file),
            Err(refused) => {
                notices.push(format!(
                    "the notification letter `{}` was not written: the verifier found {} problem(s) in it (see internal/verification-failures.json)",
                    refused.file.name,
                    refused.violations.len()
                ));
                refused_letters.push(Stopped::Refused(refused));
            }
        }
    }
    let stopped: Vec<Stopped> = stopped
        .into_iter()
        .chain(bundle_refused.map(Stopped::Refused))
        .chain(refused_letters)
        .collect();
    let violations: Vec<Violation> = remade_documents
        .iter()
        .flat_map(|refused| refused.violations.iter().cloned())
        .chain(stopped.iter().flat_map(Stopped::violations))
        .collect();
    let mut separate = None;
    let (pack, pack_sha256) = if writes_pack {
        if writes_zip {
            staging.assemble(&pack_path, &request.reference)?;
        } else {
            drop(staging);
        }
        match bundle {
            Some(bundle) => {
                let name = pack::bundle::bundle_file_name(&request.reference);
                let path = setup.version.partial.join(&name);
                std::fs::write(&path, bundle.bytes()).map_err(|source| PipelineError::Output {
                    path: path.clone(),
                    source,
                })?;
                if writes_zip {
                    separate = Some(PathBuf::from(pack_file_name(&request.reference)));
                }
                (
                    Some(PathBuf::from(name)),
                    Some(pack::sha256_hex(bundle.bytes())),
                )
            }
            None => (
                Some(PathBuf::from(pack_file_name(&request.reference))),
                Some(pack::sha256_file(&pack_path)?),
            ),
        }
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

    if writes_pack {
        // The letters go to earlier recipients, not in the requester's pack.
        for letter in &letters {
            let path = setup.version.partial.join(letter.name());
            let written = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&path, letter.bytes()));
            written.map_err(|source| PipelineError::Output {
                path: path.clone(),
                source,
            })?;
        }
    }
    let review = review_rows(&listed, &stopped);
    let decided = DecidedByPeople::new(setup, &listed);
    let schedule = internal_schedule(listed, &placed);
    let summary = Summary {
        reference: request.reference.clone(),
        kind: request.kind.label().to_string(),
        organisation: request.organisation.clone(),
        produced: setup.config.today,
        clock_start: deadline.start,
        due: deadline.due,
        extended_due: deadline.extended_due,
        extended: deadline.extended,
        deadline_warnings: deadline.warnings.clone(),
        counts,
        pages,
        redactions: journal.redactions(),
        pack,
        pack_sha256,
        separate,
        violations: violations.len(),
        held_back: held_back_count,
        decisions: setup.policy.decisions().entries.len(),
        decision_warnings: decided.warnings.clone(),
        waiting_for_review: review.len(),
    };
    let refused: Vec<PackFile> = remade_documents
        .into_iter()
        .map(|refused| PackFile {
            name: format!("first-attempt/{}", refused.file.name),
            ..refused.file
        })
        .chain(stopped.into_iter().map(Stopped::into_file))
        .collect();
    let internal = setup.version.partial.join("internal");
    audit::write_internal(
        &internal,
        journal,
        &Internal {
            schedule: &schedule,
            violations: &violations,
            summary: &summary,
            refused: &refused,
            review: &review,
            pictures: &pictures,
        },
    )?;
    if !setup.request.disclosed_in.is_empty() {
        write_recipients(&internal.join("recipients.csv"), &notifications.rows)?;
    }
    // The version is whole: it takes its name, and nothing in it changes again.
    let version = &setup.version;
    std::fs::rename(&version.partial, &version.folder).map_err(|source| PipelineError::Output {
        path: version.folder.clone(),
        source,
    })?;
    let internal = version.folder.join("internal");
    let pack = summary.pack.as_ref().map(|name| version.folder.join(name));
    record_in_trail(setup, &internal, &summary, pack.as_deref(), decided)?;
    Ok(Outcome {
        version: version.number,
        pack,
        summary,
        violations,
        internal,
        notices,
    })
}

/// `internal/recipients.csv`: every earlier disclosure of a record the rectification request
/// names, to whom, and the letter that told them (or why none).
fn write_recipients(path: &Path, rows: &[RecipientRow]) -> Result<(), PipelineError> {
    let error = |message: String| PipelineError::Output {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if rows.is_empty() {
        writer
            .write_record([
                "record",
                "earlier_reference",
                "recipient",
                "version",
                "sent_on",
                "decision",
                "notification",
            ])
            .map_err(|e| error(e.to_string()))?;
    }
    for row in rows {
        writer.serialize(row).map_err(|e| error(e.to_string()))?;
    }
    let bytes = writer.into_inner().map_err(|e| error(e.to_string()))?;
    std::fs::write(path, bytes).map_err(|source| PipelineError::Output {
        path: path.to_path_buf(),
        source,
    })
}

/// Everything waiting for a person, for `review.csv`: files the verifier stopped first (with
/// its findings), then each item's review points in inventory order.
fn review_rows(listed: &[Listed], stopped: &[Stopped]) -> Vec<audit::ReviewRow> {
    let mut rows = Vec::new();
    for stop in stopped {
        let id = stop.item().unwrap_or_default();
        let entry = listed.iter().find(|entry| entry.id == id);
        for violation in stop.violations() {
            rows.push(audit::ReviewRow {
                item: id.to_string(),
                source: entry
                    .map(|entry| entry.source.to_string())
                    .unwrap_or_default(),
                disposition: "held back by the verifier".to_string(),
                what: format!("the verifier found: {violation}"),
                context: String::new(),
                settle: if id.is_empty() {
                    "a `redact` decision for the text found in the record it comes from".to_string()
                } else if violation.location.contains("picture") {
                    // Words in a picture: only an area takes pixels out.
                    format!(
                        "`redact-area` (item = \"{id}\", page, box over the words in the picture), or `withhold` (item = \"{id}\"); a `release` or `keep` cannot override the verifier"
                    )
                } else if violation.location.starts_with("image (") {
                    // Words in a picture's own data (its dictionary: a name, a colour table),
                    // not its pixels: no text `redact` reaches them.
                    format!(
                        "`withhold` (item = \"{id}\"): the words are in a picture's own data, not in its pixels or the page's text, so no `redact` reaches them (a `redact-area` over the whole picture fills it black and re-makes it from its pixels alone); a `release` or `keep` cannot override the verifier"
                    )
                } else if violation.location.starts_with("area of decision") {
                    format!(
                        "check the `redact-area` named (page and box), or `withhold` (item = \"{id}\")"
                    )
                } else {
                    format!(
                        "`redact` (text = the words found, item = \"{id}\"), `consent` if the person agreed, or `withhold` (item = \"{id}\"); a `release` or `keep` cannot override the verifier"
                    )
                },
            });
        }
    }
    for entry in listed {
        for point in &entry.review {
            rows.push(audit::ReviewRow {
                item: entry.id.clone(),
                source: entry.source.to_string(),
                disposition: entry.disposition.label().to_string(),
                what: point.what.clone(),
                context: point.context.clone(),
                settle: point.settle.clone(),
            });
        }
    }
    rows
}

/// What became of the person's decisions in this run: the items each was applied to, and a
/// warning for each that matched nothing.
struct DecidedByPeople {
    /// Entry number -> ids of the items it was applied to.
    applied: BTreeMap<usize, Vec<String>>,
    warnings: Vec<String>,
}

impl DecidedByPeople {
    fn new(setup: &Setup<'_>, listed: &[Listed]) -> DecidedByPeople {
        let mut applied: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for entry in listed {
            for number in &entry.decided_by {
                applied.entry(*number).or_default().push(entry.id.clone());
            }
        }
        let facts = crate::decisions::RunFacts {
            items: listed
                .iter()
                .map(|entry| (entry.id.as_str(), entry.source.to_string()))
                .collect(),
            people: setup
                .store
                .register
                .people
                .iter()
                .map(|person| person.id.as_str())
                .collect(),
            agencies: listed
                .iter()
                .filter_map(|entry| entry.agency.as_deref())
                .collect(),
        };
        let used: BTreeSet<usize> = applied.keys().copied().collect();
        let warnings = setup.policy.decisions().unmatched(&facts, &used);
        DecidedByPeople { applied, warnings }
    }
}

/// Appends the run to the audit trail: its inputs by hash, each person's decision and what it
/// did, and what was written, by hash.
fn record_in_trail(
    setup: &Setup<'_>,
    internal: &Path,
    summary: &Summary,
    pack_path: Option<&Path>,
    decided: DecidedByPeople,
) -> Result<(), PipelineError> {
    use crate::audit::trail::{self, Event, EventKind};
    let config = setup.config;
    let hash_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PipelineError::Hash { path, source }
    };
    let mut inputs = BTreeMap::new();
    inputs.insert(
        "request".to_string(),
        trail::sha256_of_file(&config.request).map_err(hash_error(&config.request))?,
    );
    if let Some(path) = &setup.policy.decisions().path {
        inputs.insert(
            "decisions".to_string(),
            trail::sha256_of_file(path).map_err(hash_error(path))?,
        );
    }
    inputs.extend(
        trail::hash_tree(&config.patterns, "patterns").map_err(hash_error(&config.patterns))?,
    );
    inputs.extend(
        trail::hash_tree(&setup.request.store, "store")
            .map_err(hash_error(&setup.request.store))?,
    );
    let mut events = vec![Event {
        kind: EventKind::Run,
        by: config.operator.clone(),
        version: None,
        what: format!(
            "run for {}: {} item(s), {} decision(s) from {}",
            setup.request.reference,
            setup.total,
            summary.decisions,
            setup
                .policy
                .decisions()
                .path
                .as_ref()
                .map(|path| format!("`{}`", path.display()))
                .unwrap_or_else(|| "no decisions file".to_string())
        ),
        hashes: inputs,
    }];
    for entry in &setup.policy.decisions().entries {
        let decision = &entry.decision;
        let what = match decided.applied.get(&entry.number) {
            Some(items) => format!(
                "decision {} (line {}): {} — {}: applied to {}",
                entry.number,
                entry.line,
                decision.describe(),
                decision.why,
                items.join(", ")
            ),
            None => {
                let prefix = format!("decision {} (", entry.number);
                match decided
                    .warnings
                    .iter()
                    .find(|warning| warning.starts_with(&prefix))
                {
                    Some(warning) => warning.clone(),
                    None => format!(
                        "decision {} (line {}): {} — {}: read",
                        entry.number,
                        entry.line,
                        decision.describe(),
                        decision.why
                    ),
                }
            }
        };
        events.push(Event {
            kind: EventKind::Decision,
            by: decision.by.clone(),
            version: None,
            what,
            hashes: BTreeMap::new(),
        });
    }
    // A rectification decision (Art 16) is a person's decision like those above: who, when, why.
    events.extend(rectification_events(&setup.request));
    let mut written = BTreeMap::new();
    // A court bundle's zip of separate records, when there is one, is recorded beside it.
    let separate = summary
        .separate
        .as_ref()
        .map(|name| setup.version.folder.join(name));
    for pack in pack_path.into_iter().chain(separate.as_deref()) {
        written.insert(
            format!(
                "v{}/{}",
                setup.version.number,
                pack.file_name().unwrap_or_default().to_string_lossy()
            ),
            trail::sha256_of_file(pack).map_err(hash_error(pack))?,
        );
        if pack.extension().is_some_and(|extension| extension == "zip") {
            written.extend(
                trail::zip_entry_hashes(pack, &format!("v{}/pack", setup.version.number))
                    .map_err(hash_error(pack))?,
            );
        }
    }
    let prefix = format!("v{}/internal", setup.version.number);
    written.extend(trail::hash_tree(internal, &prefix).map_err(hash_error(internal))?);
    // The letters to earlier recipients of a corrected record (Art 19), outside the pack.
    if let Some(letters) = internal
        .parent()
        .map(|version| version.join("notifications"))
        .filter(|letters| letters.is_dir())
    {
        let prefix = format!("v{}/notifications", setup.version.number);
        written.extend(trail::hash_tree(&letters, &prefix).map_err(hash_error(&letters))?);
    }
    events.push(Event {
        kind: EventKind::Pack,
        by: config.operator.clone(),
        version: None,
        what: match &summary.pack {
            Some(pack) => format!(
                "pack written: `{}`, {} page(s), {} waiting for review",
                pack.file_name().unwrap_or_default().to_string_lossy(),
                summary.pages,
                summary.waiting_for_review
            ),
            None => format!(
                "no pack written: the verifier found {} problem(s)",
                summary.violations
            ),
        },
        hashes: written,
    });
    for event in &mut events {
        event.version = Some(setup.version.number);
    }
    trail::append(&config.out.join("internal"), &config.now, &events)?;
    Ok(())
}

/// The audit events of a rectification request's decisions (`[[rectification]]` entries with an
/// outcome): who decided, when, what and why, as `decisions.toml` entries are recorded.
fn rectification_events(request: &crate::model::Request) -> Vec<crate::audit::trail::Event> {
    use crate::model::RectificationOutcome;
    request
        .rectification
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let decision = entry.decision.as_ref()?;
            let outcome = match decision.outcome {
                RectificationOutcome::Corrected => {
                    "corrected (kept as written, with a statement setting out the correction)"
                        .to_string()
                }
                RectificationOutcome::NotCorrected => {
                    format!("not corrected — {}", decision.reasons.trim())
                }
            };
            Some(crate::audit::trail::Event {
                kind: crate::audit::trail::EventKind::Decision,
                by: decision.by.clone(),
                version: None,
                what: format!(
                    "rectification {} (`{}`): decided on {}: {outcome}; asked: {}",
                    index + 1,
                    entry.record,
                    decision.on,
                    entry.correction.trim()
                ),
                hashes: BTreeMap::new(),
            })
        })
        .collect()
}

/// One item through consolidation, decision and redaction (pass 2 of [`run`]).
struct Processed {
    index: usize,
    item: Item,
    decision: Decision,
    /// `None` when the item does not ship.
    result: Option<Result<Redacted, redact::RedactError>>,
    /// Glossary entries in the text that ships.
    terms: BTreeSet<usize>,
}

fn process(
    index: usize,
    parked: &[u8],
    detector: &Detector,
    consolidated: &Consolidated,
    policy: &Policy,
    glossary: &pack::glossary::Glossary,
) -> Result<Processed, PipelineError> {
    let (mut item, mut findings): (Item, Vec<Finding>) =
        serde_json::from_slice(parked).map_err(|error| PipelineError::Spool {
            message: format!("item {index} could not be read back from the spool: {error}"),
        })?;
    consolidated.apply(&mut findings, &item.content.text(), detector);
    let mut decision = decide::decide(&item, &findings, policy);
    let labels = policy.box_labels(&decision, &findings);
    drop(findings);
    // The export's own columns reach the typeset record and the requester's schedule only once
    // detection has examined them (issue 15); decided on the raw values, shown examined.
    let shown = policy.shown(&item, |value| {
        let field = crate::gather::field_item(&item, value);
        let mut found = detect::detect(&field, detector);
        consolidated.apply(&mut found, value, detector);
        found
    });
    item.record_type = shown.record_type;
    item.author = shown.author.unwrap_or_default();
    // What the header shows is part of the plan (plan.json), as examined here.
    decision.presentation = Presentation {
        show_author: !item.author.is_empty(),
        labels,
    };
    let result = decision.disposition.ships().then(|| {
        item.agency = shown.agency;
        redact::redact(&item, &decision, decision.presentation.clone())
    });
    // A typeset record shows characters its font lacks as placeholders: say which (issue 11).
    if matches!(result, Some(Ok(_)))
        && let Content::Text { text, .. } = &item.content
        && let Some(note) =
            crate::render::placeholder_note(&[text, &item.record_type, &item.author])
    {
        item.problems.push(note);
    }
    // The glossary terms in what the reader gets: the text outside every redaction.
    let terms = if decision.disposition.ships() {
        let removed: Vec<crate::model::Span> = decision
            .redactions
            .iter()
            .map(|redaction| redaction.span)
            .collect();
        glossary.find(&item.content.text(), &removed)
    } else {
        BTreeSet::new()
    };
    Ok(Processed {
        index,
        item,
        decision,
        result,
        terms,
    })
}

/// What the end of a run needs of an item once its text, findings and redactions are gone: its
/// line of the schedules. No content, so it cannot be decided or redacted by mistake.
#[derive(Debug, Clone)]
struct Listed {
    id: String,
    source: crate::model::Source,
    format: Format,
    date: Option<Date>,
    title: String,
    record_type: String,
    agency: Option<String>,
    /// Who recorded it, in role terms (never a third party's name).
    recorded_by: String,
    /// Glossary entries in its disclosed text.
    terms: BTreeSet<usize>,
    disposition: Disposition,
    reason: crate::model::Reason,
    codes: Vec<crate::model::Code>,
    redactions: usize,
    /// Problems reading it, why it could not be read, and notes for a reviewer.
    notes: Vec<String>,
    /// What waits for a person (`review.csv`).
    review: Vec<crate::model::ReviewPoint>,
    /// Entries of the decisions file applied to it.
    decided_by: Vec<usize>,
    /// The instalment and day it was sent, when an earlier version carried it.
    sent: Option<(u32, Date)>,
    /// A person's areas removed from it (`redact-area`), checked by the verifier.
    areas: Vec<crate::model::AreaRedaction>,
    /// The labels its redaction boxes may show (codes and relationship labels).
    labels: Vec<String>,
    /// The verifier refused it as it would have shipped (see `hold_back`).
    held_back: bool,
}

impl Listed {
    fn new(item: &Item, decision: &Decision, redactions: usize) -> Listed {
        let mut notes = item.problems.clone();
        if let Content::Unreadable { reason, .. } = &item.content
            && !notes.contains(reason)
        {
            notes.push(reason.clone());
        }
        notes.extend(decision.review_notes.iter().cloned());
        Listed {
            id: item.id.clone(),
            source: item.source.clone(),
            format: item.format,
            date: item.date,
            title: item.title.clone(),
            record_type: item.record_type.clone(),
            agency: item.agency.clone(),
            recorded_by: String::new(),
            terms: BTreeSet::new(),
            disposition: decision.disposition,
            reason: decision.reason.clone(),
            codes: codes_of(decision),
            redactions,
            notes,
            review: decision.review.clone(),
            decided_by: decision.decided_by.iter().map(|by| by.entry).collect(),
            sent: None,
            areas: decision.areas.clone(),
            labels: codes_of(decision)
                .into_iter()
                .map(|code| code.0)
                .chain(decision.presentation.labels.iter().flatten().cloned())
                .collect(),
            held_back: false,
        }
    }
}

/// Date order, undated records last, ties broken by source so the order is deterministic.
fn record_order(a: &Listed, b: &Listed) -> std::cmp::Ordering {
    let key = |item: &Listed| (item.date.is_none(), item.date, item.source.clone());
    key(a).cmp(&key(b))
}

/// A file name that says nothing about anyone: position, date and kind of record.
fn record_file_name(position: usize, item: &Listed) -> String {
    let date = item
        .date
        .map(|date| date.to_string())
        .unwrap_or_else(|| "undated".to_string());
    let kind = match item.format {
        Format::CaseNote => "case-note",
        Format::Email | Format::Msg => "email",
        Format::Pdf
        | Format::Docx
        | Format::Text
        | Format::Html
        | Format::Rtf
        | Format::Xlsx
        | Format::Image
        | Format::Other => "document",
    };
    format!("records/{position:04}-{date}-{kind}.pdf")
}

/// The kind of record in sarpack's own words (for a schedule made in neutral words).
fn kind_of_record(format: Format) -> &'static str {
    match format {
        Format::CaseNote => "Case note",
        Format::Email | Format::Msg => "Email",
        Format::Pdf
        | Format::Docx
        | Format::Text
        | Format::Html
        | Format::Rtf
        | Format::Xlsx
        | Format::Image
        | Format::Other => "Document",
    }
}

/// A neutral description for the requester's schedule: the record type, never a title.
fn describe(item: &Listed) -> String {
    match item.format {
        // A type withheld from view falls back to "Case note" itself (issue 15).
        Format::CaseNote if item.record_type == "Case note" => item.record_type.clone(),
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
        .chain(decision.areas.iter().map(|area| area.code.clone()))
        .collect();
    codes.into_iter().collect()
}

fn count(listed: &[Listed]) -> Counts {
    let mut counts = Counts {
        gathered: listed.len(),
        ..Counts::default()
    };
    for entry in listed {
        let slot = match entry.disposition {
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
    let missing = |name: &str| store.missing.iter().any(|source| source == name);
    // A source the store did not hold is said plainly, never counted as "0" found (issue 15).
    let notes = if missing("case-notes.csv") {
        "Our case management system export: it was not available for this search, so no case notes were searched.".to_string()
    } else {
        format!(
            "Our case management system export: {} case notes, each checked for a link to you and for your name{}.",
            store.notes.len(),
            if request.subject.aliases.is_empty() && request.subject.ids.is_empty() {
                ""
            } else {
                ", the other names you are known by and your record numbers"
            }
        )
    };
    let documents = if missing("documents.csv") && missing("documents") {
        "Our document store: it was not available for this search, so no documents were searched."
            .to_string()
    } else {
        format!(
            "Our document store: {} documents (letters, reports, emails and other files), each read in full and checked the same way.",
            store.documents.len()
        )
    };
    vec![notes, documents]
}

fn internal_schedule(
    listed: Vec<Listed>,
    placed: &BTreeMap<usize, Placement>,
) -> Vec<ScheduleEntry> {
    listed
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let placement = placed.get(&index);
            ScheduleEntry {
                item: entry.id,
                source: entry.source.to_string(),
                date: entry.date,
                title: entry.title,
                disposition: entry.disposition.label().to_string(),
                reason: if entry.reason.detail.is_empty() {
                    entry.reason.text
                } else {
                    format!("{}: {}", entry.reason.text, entry.reason.detail)
                },
                code: entry.reason.code.map(|code| code.0).unwrap_or_default(),
                basis: entry.reason.basis,
                pages: placement
                    .map(|placement| format!("{}-{}", placement.first, placement.last))
                    .unwrap_or_default(),
                redactions: entry.redactions,
                pack_file: placement
                    .map(|placement| placement.file.clone())
                    .unwrap_or_default(),
                notes: entry.notes.join("; "),
            }
        })
        .collect()
}
