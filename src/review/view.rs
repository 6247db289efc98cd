//! What the review page shows, read from a run's internal records and the records store.
//!
//! A [`Snapshot`] is one run's `plan.json`, `schedule.csv`, `summary.json` and verifier findings;
//! [`Records`] indexes the store's items so a record's text can be read on demand (the page
//! fetches one record at a time, so a store of thousands of items is never sent at once). The
//! text of a record is cut into segments at every proposed redaction and every unsure finding,
//! here in Rust, because the plan's spans are byte offsets into UTF-8 and the browser counts in
//! UTF-16. [`changes`] compares two snapshots for the page shown after "Rebuild".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{Content, Request};
use crate::store::Store;

use super::ReviewError;

/// One entry of `plan.json`, as far as the page needs it (unknown keys are ignored, so the page
/// keeps working as the plan grows).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PlanEntry {
    pub item: String,
    pub disposition: String,
    pub reason: PlanReason,
    #[serde(default)]
    pub redactions: Vec<PlanRedaction>,
    #[serde(default)]
    pub review_notes: Vec<String>,
    /// What waits for a person; unsure findings carry their place in the text.
    #[serde(default)]
    pub review: Vec<PlanReviewPoint>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PlanReviewPoint {
    #[serde(default)]
    pub finding: Option<PlanUnsure>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PlanUnsure {
    pub span: PlanSpan,
    pub redacted: bool,
    pub rule: String,
    pub why: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PlanReason {
    #[serde(default)]
    pub code: Option<String>,
    pub text: String,
    pub basis: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct PlanRedaction {
    pub span: PlanSpan,
    pub text: String,
    pub code: String,
    pub rule: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct PlanSpan {
    pub start: usize,
    pub end: usize,
}

/// One row of the internal `schedule.csv`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ScheduleRow {
    pub item: String,
    pub source: String,
    pub date: String,
    pub title: String,
    pub disposition: String,
    pub reason: String,
    pub code: String,
    pub basis: String,
    pub pages: String,
    pub redactions: String,
    pub pack_file: String,
    pub notes: String,
}

/// One problem the verifier found (`verification-failures.json`).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct VerifierFinding {
    pub file: String,
    #[serde(default)]
    pub page: Option<u32>,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub what: String,
    /// The text around a forbidden term (issue 11), so a person can find it in the record.
    #[serde(default)]
    pub context: String,
}

/// One run's internal records.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The version number when runs are kept as `DIR/vN/`, else `None`.
    pub version: Option<u32>,
    /// The run's folder (`DIR/vN`, or `DIR`), where its pack is.
    pub folder: PathBuf,
    pub summary: serde_json::Value,
    pub plan: BTreeMap<String, PlanEntry>,
    pub schedule: Vec<ScheduleRow>,
    pub verifier: Vec<VerifierFinding>,
}

/// The folder of the newest run in `out`: the highest `vN/` that has internal records, or `out`
/// itself for an unversioned layout. `None` when no run has finished there.
pub fn latest_run(out: &Path) -> Option<(Option<u32>, PathBuf)> {
    let newest = std::fs::read_dir(out)
        .ok()?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let number: u32 = name.strip_prefix('v')?.parse().ok()?;
            entry
                .path()
                .join("internal/summary.json")
                .is_file()
                .then(|| (number, entry.path()))
        })
        .max_by_key(|(number, _)| *number);
    match newest {
        Some((number, folder)) => Some((Some(number), folder)),
        None => out
            .join("internal/summary.json")
            .is_file()
            .then(|| (None, out.to_path_buf())),
    }
}

impl Snapshot {
    /// Reads the newest run's internal records in `out`.
    pub fn load(out: &Path) -> Result<Snapshot, ReviewError> {
        let (version, folder) = latest_run(out).ok_or_else(|| ReviewError::NoRun {
            path: out.to_path_buf(),
        })?;
        let internal = folder.join("internal");
        let summary = read_json(&internal.join("summary.json"))?;
        let plan: Vec<PlanEntry> = read_json(&internal.join("plan.json"))?;
        let schedule_path = internal.join("schedule.csv");
        let mut reader =
            csv::Reader::from_path(&schedule_path).map_err(|source| ReviewError::Records {
                path: schedule_path.clone(),
                message: source.to_string(),
            })?;
        let schedule = reader
            .deserialize()
            .collect::<Result<Vec<ScheduleRow>, _>>()
            .map_err(|source| ReviewError::Records {
                path: schedule_path.clone(),
                message: source.to_string(),
            })?;
        let failures = internal.join("verification-failures.json");
        let verifier = if failures.is_file() {
            read_json(&failures)?
        } else {
            Vec::new()
        };
        Ok(Snapshot {
            version,
            folder,
            summary,
            plan: plan
                .into_iter()
                .map(|entry| (entry.item.clone(), entry))
                .collect(),
            schedule,
            verifier,
        })
    }

    /// The bytes of an item's file in this run's pack, or why there is none.
    pub fn pack_file_bytes(&self, item: &str) -> Result<Vec<u8>, String> {
        let row = self.schedule.iter().find(|row| row.item == item);
        match (self.pack_path(), row) {
            (Some(zip), Some(row)) if !row.pack_file.is_empty() => {
                super::pages::pack_bytes(&zip, &row.pack_file)
            }
            _ => Err(format!("`{item}` is not in this run's pack")),
        }
    }

    /// The pack zip of this run, when it made one.
    pub fn pack_path(&self) -> Option<PathBuf> {
        let name = self.summary["pack"].as_str()?;
        let path = self.folder.join(Path::new(name).file_name()?);
        path.is_file().then_some(path)
    }

    fn pages(&self) -> u64 {
        self.summary["pages"].as_u64().unwrap_or(0)
    }

    /// Verifier findings about one item's file: the file it has in the pack, or, for a record
    /// held back (issue 11), the file its schedule note says it was to be.
    fn verifier_findings(&self, row: &ScheduleRow) -> Vec<&VerifierFinding> {
        self.verifier
            .iter()
            .filter(|finding| {
                !finding.file.is_empty()
                    && ((!row.pack_file.is_empty() && finding.file.ends_with(&row.pack_file))
                        || (row.pack_file.is_empty()
                            && row.notes.contains(&format!("(was to be {})", finding.file))))
            })
            .collect()
    }

    /// Findings in the pack's own documents (schedule, key, letter): no record to open.
    fn findings_outside_records(&self) -> usize {
        self.verifier
            .iter()
            .filter(|finding| !finding.file.starts_with("records/"))
            .count()
    }
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ReviewError> {
    let bytes = std::fs::read(path).map_err(|source| ReviewError::Records {
        path: path.to_path_buf(),
        message: source.to_string(),
    })?;
    serde_json::from_slice(&bytes).map_err(|source| ReviewError::Records {
        path: path.to_path_buf(),
        message: source.to_string(),
    })
}

/// The store's items by id, read again on demand (the store is only ever read).
pub struct Records {
    store: Store,
    index: BTreeMap<String, usize>,
}

impl Records {
    pub fn open(request: &Request) -> Result<Records, ReviewError> {
        let store = crate::store::open(&request.store)?;
        let index = (0..crate::gather::count(&store))
            .map(|index| (crate::gather::item(&store, index).id, index))
            .collect();
        Ok(Records { store, index })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn contains(&self, item: &str) -> bool {
        self.index.contains_key(item)
    }

    pub fn item(&self, id: &str) -> Option<crate::model::Item> {
        self.index
            .get(id)
            .map(|index| crate::gather::item(&self.store, *index))
    }
}

/// An unsure finding named in a review note: `redacted, please confirm at bytes 105..109 (rule
/// unregistered.forename): why`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UnsureNote {
    redacted: bool,
    start: usize,
    end: usize,
    rule: String,
    why: String,
}

/// The unsure findings of a plan entry: from its review points, which carry their place in the
/// text, or, in a plan written before they did, from the review notes.
fn unsure_of(entry: &PlanEntry) -> Vec<UnsureNote> {
    let located: Vec<UnsureNote> = entry
        .review
        .iter()
        .filter_map(|point| point.finding.as_ref())
        .map(|finding| UnsureNote {
            redacted: finding.redacted,
            start: finding.span.start,
            end: finding.span.end,
            rule: finding.rule.clone(),
            why: finding.why.clone(),
        })
        .collect();
    if !located.is_empty() {
        return located;
    }
    entry
        .review_notes
        .iter()
        .filter_map(|note| unsure_note(note))
        .collect()
}

/// Whether a review note is about an unsure finding (shown as a finding, not as a note).
fn is_unsure_note(note: &str) -> bool {
    unsure_note(note).is_some()
        || note.starts_with("redacted, please confirm")
        || note.starts_with("kept, please confirm")
}

fn unsure_note(note: &str) -> Option<UnsureNote> {
    let (verdict, rest) = note.split_once(", please confirm at bytes ")?;
    let redacted = match verdict {
        "redacted" => true,
        "kept" => false,
        _ => return None,
    };
    let (range, rest) = rest.split_once(" (rule ")?;
    let (start, end) = range.split_once("..")?;
    let (rule, why) = rest.split_once("): ")?;
    Some(UnsureNote {
        redacted,
        start: start.parse().ok()?,
        end: end.parse().ok()?,
        rule: rule.to_string(),
        why: why.to_string(),
    })
}

/// A record in the list: what it is and why it needs attention, without its text.
#[derive(Debug, Clone, Serialize)]
pub struct RecordSummary {
    pub item: String,
    pub date: String,
    pub title: String,
    pub source: String,
    pub disposition: String,
    pub reason: String,
    pub code: String,
    pub basis: String,
    pub pages: String,
    pub redactions: usize,
    pub agency: String,
    /// Why a person should look first (empty when nothing is asked of them).
    pub attention: Vec<String>,
}

/// A finding shown in a record's text.
#[derive(Debug, Clone, Serialize)]
pub struct ShownFinding {
    pub text: String,
    pub code: String,
    pub rule: String,
    /// `redacted`, `unsure-redacted` or `unsure-kept`.
    pub state: &'static str,
    pub why: String,
}

/// A piece of a record's text: plain, or one finding (index into `findings`).
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finding: Option<usize>,
}

/// A record opened on the page.
#[derive(Debug, Clone, Serialize)]
pub struct RecordDetail {
    #[serde(flatten)]
    pub summary: RecordSummary,
    pub record_type: String,
    pub author: String,
    pub format: String,
    /// Why sarpack could not read it, for scans, locked and unknown files.
    pub unreadable: Option<String>,
    pub segments: Vec<Segment>,
    pub findings: Vec<ShownFinding>,
    pub notes: Vec<String>,
    pub verifier: Vec<VerifierFinding>,
    /// The record's pages as pictures, with the proposed boxes.
    pub images: PageImages,
}

/// A record's pages as pictures: the original PDF's (with every proposed box) and the pack's
/// redacted copy, each with why it cannot be shown when it cannot.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PageImages {
    pub original: Vec<super::pages::ShownPage>,
    /// Why the original's pages are not shown (empty for a record that is not a PDF).
    pub original_unavailable: Option<String>,
    pub redacted: Vec<super::pages::ShownPage>,
    pub redacted_unavailable: Option<String>,
}

/// Something that stops the pack being sent.
#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    pub what: String,
    pub items: Vec<String>,
}

/// The request at a glance and the list of records.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    pub reference: String,
    pub requester: String,
    pub organisation: String,
    pub kind: String,
    pub today: String,
    pub due: String,
    /// Calendar days from today to the due date (negative when overdue).
    pub days_left: i64,
    pub version: Option<u32>,
    pub counts: serde_json::Value,
    pub pages: u64,
    pub redactions: u64,
    pub pack: Option<String>,
    pub blockers: Vec<Blocker>,
    pub records: Vec<RecordSummary>,
    pub people: Vec<PersonChoice>,
    pub agencies: Vec<String>,
    pub codes: Vec<CodeChoice>,
    pub decisions_file: String,
    /// The decisions already made, one line each, oldest first.
    pub decisions: Vec<String>,
    /// Why the decisions file cannot be read, when it cannot.
    pub decisions_error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonChoice {
    pub id: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeChoice {
    pub code: String,
    pub meaning: String,
}

/// The redaction codes an organisation defined in `policy.toml`, for the "withhold" choice.
pub fn codes(patterns: &Path) -> Vec<CodeChoice> {
    #[derive(Deserialize)]
    struct Codes {
        #[serde(default)]
        code: Vec<CodeChoice>,
    }
    std::fs::read_to_string(patterns.join("policy.toml"))
        .ok()
        .and_then(|text| toml::from_str::<Codes>(&text).ok())
        .map(|codes| codes.code)
        .unwrap_or_default()
}

fn attention(snapshot: &Snapshot, row: &ScheduleRow) -> Vec<String> {
    let mut why = Vec::new();
    let findings = snapshot.verifier_findings(row).len();
    if findings > 0 {
        why.push(format!("held back: {findings} verifier finding(s)"));
    }
    if let Some(entry) = snapshot.plan.get(&row.item) {
        let unsure = unsure_of(entry).len();
        if unsure > 0 {
            why.push(format!("{unsure} unsure finding(s)"));
        }
    }
    match row.disposition.as_str() {
        "pending-review" => why.push("pending review".to_string()),
        "referred" => why.push("waiting for the agency's answer or your decision".to_string()),
        "withheld" if !row.notes.is_empty() => why.push("withheld: confirm the exemption".into()),
        _ => {}
    }
    why
}

/// The list of records: those needing a person first, each group in date order.
pub fn record_list(snapshot: &Snapshot, records: &Records) -> Vec<RecordSummary> {
    let mut list: Vec<RecordSummary> = snapshot
        .schedule
        .iter()
        .map(|row| record_list_entry(snapshot, row, records.item(&row.item).as_ref()))
        .collect();
    // Undated records (a faulty date) sort first within their group: they need a look anyway.
    list.sort_by(|a, b| {
        (a.attention.is_empty(), &a.date, &a.item).cmp(&(b.attention.is_empty(), &b.date, &b.item))
    });
    list
}

/// Everything that still stops the pack being sent.
pub fn blockers(snapshot: &Snapshot, list: &[RecordSummary]) -> Vec<Blocker> {
    let mut blockers = Vec::new();
    let items_where = |test: &dyn Fn(&RecordSummary) -> bool| -> Vec<String> {
        list.iter()
            .filter(|record| test(record))
            .map(|record| record.item.clone())
            .collect()
    };
    let held = items_where(&|record| {
        record
            .attention
            .iter()
            .any(|why| why.starts_with("held back"))
    });
    if !held.is_empty() {
        blockers.push(Blocker {
            what: format!(
                "{} record(s) held back: the verifier found what must not ship",
                held.len()
            ),
            items: held,
        });
    }
    if snapshot.summary["pack"].is_null() {
        blockers.push(Blocker {
            what: format!(
                "no pack was written: the verifier refused the pack's own documents ({} finding(s))",
                snapshot.findings_outside_records()
            ),
            items: Vec::new(),
        });
    }
    let pending = items_where(&|record| record.disposition == "pending-review");
    if !pending.is_empty() {
        blockers.push(Blocker {
            what: format!("{} item(s) pending a person's review", pending.len()),
            items: pending,
        });
    }
    let mut by_agency: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for record in list
        .iter()
        .filter(|record| record.disposition == "referred")
    {
        by_agency
            .entry(record.agency.clone())
            .or_default()
            .push(record.item.clone());
    }
    for (agency, items) in by_agency {
        let name = if agency.is_empty() {
            "an agency".to_string()
        } else {
            agency
        };
        blockers.push(Blocker {
            what: format!("{name} has not answered, or its answer needs your decision"),
            items,
        });
    }
    for key in [
        "decision_warnings",
        "stale_decisions",
        "unmatched_decisions",
    ] {
        if let Some(warnings) = snapshot.summary[key].as_array() {
            for warning in warnings {
                let text = match warning.as_str() {
                    Some(text) => text.to_string(),
                    None => warning.to_string(),
                };
                blockers.push(Blocker {
                    what: format!("stale decision: {text}"),
                    items: Vec::new(),
                });
            }
        }
    }
    blockers
}

/// Inputs of the case view that do not come from the run.
pub struct Context<'a> {
    pub request: &'a Request,
    pub codes: &'a [CodeChoice],
    pub today: Date,
    pub decisions_file: &'a Path,
}

pub fn case_view(snapshot: &Snapshot, records: &Records, context: &Context) -> CaseView {
    let list = record_list(snapshot, records);
    let blockers = blockers(snapshot, &list);
    let decisions = super::actions::listed(context.decisions_file);
    let due = snapshot.summary["due"]
        .as_str()
        .and_then(|due| due.parse::<Date>().ok());
    let extended_due = snapshot.summary["extended_due"]
        .as_str()
        .and_then(|due| due.parse::<Date>().ok());
    let due = match (snapshot.summary["extended"].as_bool(), extended_due) {
        (Some(true), Some(extended)) => Some(extended),
        _ => due,
    };
    let days_left = due
        .and_then(|due| context.today.until(due).ok())
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0);
    let mut agencies: BTreeSet<String> = list
        .iter()
        .filter(|record| !record.agency.is_empty())
        .map(|record| record.agency.clone())
        .collect();
    agencies.extend(
        context
            .request
            .consulted_agencies
            .iter()
            .map(|consultation| consultation.agency.clone()),
    );
    CaseView {
        reference: context.request.reference.clone(),
        requester: match context.request.requester.capacity {
            crate::model::Capacity::Subject => context.request.subject.name.clone(),
            capacity => format!(
                "{} ({}) for {}",
                context.request.requester.name,
                capacity.key(),
                context.request.subject.name
            ),
        },
        organisation: context.request.organisation.clone(),
        kind: snapshot.summary["kind"].as_str().unwrap_or("").to_string(),
        today: context.today.to_string(),
        due: due.map(|due| due.to_string()).unwrap_or_default(),
        days_left,
        version: snapshot.version,
        counts: snapshot.summary["counts"].clone(),
        pages: snapshot.pages(),
        redactions: snapshot.summary["redactions"].as_u64().unwrap_or(0),
        pack: snapshot.summary["pack"].as_str().map(str::to_string),
        blockers,
        records: list,
        people: records
            .store()
            .register
            .people
            .iter()
            .filter(|person| matches!(person.category, crate::model::Category::ThirdParty))
            .map(|person| PersonChoice {
                id: person.id.clone(),
                name: person.name.clone(),
                role: person.role.clone(),
            })
            .collect(),
        agencies: agencies.into_iter().collect(),
        codes: context.codes.to_vec(),
        decisions_file: context.decisions_file.display().to_string(),
        decisions: decisions.clone().unwrap_or_default(),
        decisions_error: decisions.err(),
    }
}

/// One record with its text cut at every finding; `renderer` is why pages cannot be drawn here,
/// when they cannot.
pub fn record_detail(
    snapshot: &Snapshot,
    records: &Records,
    id: &str,
    renderer: Result<(), &str>,
    areas: &[(u32, [f64; 4])],
) -> Option<RecordDetail> {
    let row = snapshot.schedule.iter().find(|row| row.item == id)?;
    let item = records.item(id)?;
    let summary = record_list_entry(snapshot, row, Some(&item));
    let entry = snapshot.plan.get(id);
    let text = item.content.text().into_owned();
    let mut findings = Vec::new();
    // (start, end, finding index), then sorted and cut without overlaps.
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    let mut notes = Vec::new();
    let unsure: Vec<UnsureNote> = entry
        .map(|entry| {
            notes.extend(
                entry
                    .review_notes
                    .iter()
                    .filter(|note| !is_unsure_note(note))
                    .cloned(),
            );
            unsure_of(entry)
        })
        .unwrap_or_default();
    if let Some(entry) = entry {
        for redaction in &entry.redactions {
            let note = unsure
                .iter()
                .find(|note| note.redacted && note.start == redaction.span.start);
            spans.push((redaction.span.start, redaction.span.end, findings.len()));
            findings.push(ShownFinding {
                text: redaction.text.clone(),
                code: redaction.code.clone(),
                rule: redaction.rule.clone(),
                state: if note.is_some() {
                    "unsure-redacted"
                } else {
                    "redacted"
                },
                why: note.map(|note| note.why.clone()).unwrap_or_default(),
            });
        }
    }
    for note in unsure.iter().filter(|note| !note.redacted) {
        let Some(found) = text.get(note.start..note.end) else {
            continue;
        };
        spans.push((note.start, note.end, findings.len()));
        findings.push(ShownFinding {
            text: found.to_string(),
            code: String::new(),
            rule: note.rule.clone(),
            state: "unsure-kept",
            why: note.why.clone(),
        });
    }
    if !row.notes.is_empty() && entry.is_none_or(|entry| entry.review_notes.is_empty()) {
        notes.push(row.notes.clone());
    }
    spans.sort();
    let images = page_images(snapshot, row, &item, &spans, renderer, areas);
    let mut segments = Vec::new();
    let mut at = 0;
    for (start, end, finding) in spans {
        let (Some(before), Some(found)) = (text.get(at..start), text.get(start..end)) else {
            // Overlapping or not on a character boundary: listed, not drawn.
            continue;
        };
        if !before.is_empty() {
            segments.push(Segment {
                text: before.to_string(),
                finding: None,
            });
        }
        segments.push(Segment {
            text: found.to_string(),
            finding: Some(finding),
        });
        at = end;
    }
    if let Some(rest) = text.get(at..)
        && !rest.is_empty()
    {
        segments.push(Segment {
            text: rest.to_string(),
            finding: None,
        });
    }
    let unreadable = match &item.content {
        Content::Unreadable { reason, .. } => Some(reason.clone()),
        _ => None,
    };
    Some(RecordDetail {
        summary,
        record_type: item.record_type.clone(),
        author: item.author.clone(),
        format: format!("{:?}", item.format).to_lowercase(),
        unreadable,
        segments,
        findings,
        notes,
        verifier: snapshot
            .verifier_findings(row)
            .into_iter()
            .cloned()
            .collect(),
        images,
    })
}

/// The record's pages as pictures, or why each copy cannot be shown.
fn page_images(
    snapshot: &Snapshot,
    row: &ScheduleRow,
    item: &crate::model::Item,
    spans: &[(usize, usize, usize)],
    renderer: Result<(), &str>,
    areas: &[(u32, [f64; 4])],
) -> PageImages {
    use super::pages;
    let mut images = PageImages::default();
    if let Err(why) = renderer {
        images.original_unavailable = Some(why.to_string());
        images.redacted_unavailable = Some(why.to_string());
        return images;
    }
    let original = pages::original_bytes(item);
    // A record sarpack typesets has its areas on the pack's pages.
    let pack_areas = if original.is_some() { &[][..] } else { areas };
    if let Some(bytes) = original {
        match bytes.and_then(|bytes| pages::original_pages(&bytes, item, spans, areas)) {
            Ok(shown) => images.original = shown,
            Err(why) => {
                images.original_unavailable = Some(format!(
                    "the original's pages cannot be drawn with their boxes: {why}"
                ))
            }
        }
    }
    let pack = snapshot.pack_path();
    match (pack, row.pack_file.is_empty()) {
        (_, true) => {
            images.redacted_unavailable =
                Some("this record is not in the pack, so there is no redacted copy to show".into())
        }
        (None, false) => {
            images.redacted_unavailable =
                Some("this run made no pack: the verifier refused it".into())
        }
        (Some(zip), false) => {
            match pages::pack_bytes(&zip, &row.pack_file)
                .and_then(|bytes| pages::redacted_pages(&bytes, pack_areas))
            {
                Ok(shown) => images.redacted = shown,
                Err(why) => images.redacted_unavailable = Some(why),
            }
        }
    }
    images
}

/// One record as the list shows it; `item` is the record as the store holds it now, when it can
/// still be read (for the agency that supplied it).
fn record_list_entry(
    snapshot: &Snapshot,
    row: &ScheduleRow,
    item: Option<&crate::model::Item>,
) -> RecordSummary {
    RecordSummary {
        item: row.item.clone(),
        date: row.date.clone(),
        title: row.title.clone(),
        source: row.source.clone(),
        disposition: row.disposition.clone(),
        reason: row.reason.clone(),
        code: row.code.clone(),
        basis: row.basis.clone(),
        pages: row.pages.clone(),
        redactions: row.redactions.parse().unwrap_or(0),
        agency: item
            .and_then(|item| item.agency.clone())
            .unwrap_or_default(),
        attention: attention(snapshot, row),
    }
}

/// What changed between two runs, for the page shown after "Rebuild".
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Changes {
    pub before_version: Option<u32>,
    pub after_version: Option<u32>,
    /// `item: before -> after` for every item whose disposition changed (or that appeared).
    pub items: Vec<ItemChange>,
    pub pages_before: u64,
    pub pages_after: u64,
    /// Items whose number of pages in the pack changed (0: not in the pack).
    pub item_pages: Vec<PageChange>,
    pub redactions_added: Vec<RedactionChange>,
    pub redactions_removed: Vec<RedactionChange>,
    pub pack: Option<String>,
    pub verifier_findings: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemChange {
    pub item: String,
    pub before: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PageChange {
    pub item: String,
    pub before: u32,
    pub after: u32,
}

/// The number of pages a schedule's `pages` column gives (`12-15` is 4; empty is none).
fn page_count(pages: &str) -> u32 {
    match pages.split_once('-') {
        Some((first, last)) => match (first.trim().parse::<u32>(), last.trim().parse::<u32>()) {
            (Ok(first), Ok(last)) if last >= first => last - first + 1,
            _ => 0,
        },
        None => u32::from(pages.trim().parse::<u32>().is_ok()),
    }
}

fn item_pages(before: &Snapshot, after: &Snapshot) -> Vec<PageChange> {
    let counts = |snapshot: &Snapshot| -> BTreeMap<String, u32> {
        snapshot
            .schedule
            .iter()
            .map(|row| (row.item.clone(), page_count(&row.pages)))
            .collect()
    };
    let (old, new) = (counts(before), counts(after));
    let items: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    items
        .into_iter()
        .filter_map(|item| {
            let (was, now) = (
                old.get(item).copied().unwrap_or(0),
                new.get(item).copied().unwrap_or(0),
            );
            (was != now).then(|| PageChange {
                item: item.clone(),
                before: was,
                after: now,
            })
        })
        .collect()
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct RedactionChange {
    pub item: String,
    pub text: String,
    pub code: String,
    /// How many times (the same text can be redacted several times in one item).
    pub times: usize,
}

fn redaction_counts(snapshot: &Snapshot) -> BTreeMap<(String, String, String), usize> {
    let mut counts = BTreeMap::new();
    for entry in snapshot.plan.values() {
        for redaction in &entry.redactions {
            *counts
                .entry((
                    entry.item.clone(),
                    redaction.text.clone(),
                    redaction.code.clone(),
                ))
                .or_default() += 1;
        }
    }
    counts
}

pub fn changes(before: &Snapshot, after: &Snapshot) -> Changes {
    let mut items = Vec::new();
    for (id, entry) in &after.plan {
        let was = before
            .plan
            .get(id)
            .map(|entry| entry.disposition.clone())
            .unwrap_or_else(|| "(new)".to_string());
        if was != entry.disposition {
            items.push(ItemChange {
                item: id.clone(),
                before: was,
                after: entry.disposition.clone(),
            });
        }
    }
    for id in before
        .plan
        .keys()
        .filter(|id| !after.plan.contains_key(*id))
    {
        items.push(ItemChange {
            item: id.clone(),
            before: before.plan[id].disposition.clone(),
            after: "(gone)".to_string(),
        });
    }
    let old = redaction_counts(before);
    let mut new = redaction_counts(after);
    // An item that no longer ships has no redactions in the plan; listing every one as removed
    // would read as if the words were now shown. Its change of outcome says what happened.
    let ships = |item: &str| {
        after
            .plan
            .get(item)
            .is_some_and(|entry| entry.disposition.starts_with("disclosed"))
    };
    for ((item, text, code), count) in &old {
        if !ships(item) {
            new.entry((item.clone(), text.clone(), code.clone()))
                .or_insert(*count);
        }
    }
    type Counted = BTreeMap<(String, String, String), usize>;
    let difference = |from: &Counted, to: &Counted| {
        from.iter()
            .filter_map(|((item, text, code), count)| {
                let other = to
                    .get(&(item.clone(), text.clone(), code.clone()))
                    .copied()
                    .unwrap_or(0);
                (*count > other).then(|| RedactionChange {
                    item: item.clone(),
                    text: text.clone(),
                    code: code.clone(),
                    times: count - other,
                })
            })
            .collect::<Vec<_>>()
    };
    Changes {
        before_version: before.version,
        after_version: after.version,
        items,
        pages_before: before.pages(),
        pages_after: after.pages(),
        item_pages: item_pages(before, after),
        redactions_added: difference(&new, &old),
        redactions_removed: difference(&old, &new),
        pack: after.summary["pack"].as_str().map(str::to_string),
        verifier_findings: after.verifier.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_unsure_notes_and_ignores_others() {
        assert_eq!(
            unsure_note(
                "redacted, please confirm at bytes 105..109 (rule unregistered.forename): a known forename used as a name"
            ),
            Some(UnsureNote {
                redacted: true,
                start: 105,
                end: 109,
                rule: "unregistered.forename".into(),
                why: "a known forename used as a name".into()
            })
        );
        assert!(
            unsure_note("kept, please confirm at bytes 1..4 (rule x): y")
                .is_some_and(|n| !n.redacted)
        );
        assert_eq!(
            unsure_note("restricted entry; recorded reason: police"),
            None
        );
    }

    fn snapshot(redactions: &[(&str, &str)], disposition: &str) -> Snapshot {
        let mut plan = BTreeMap::new();
        for item in ["N-1", "N-2"] {
            plan.insert(
                item.to_string(),
                PlanEntry {
                    item: item.to_string(),
                    disposition: disposition.to_string(),
                    reason: PlanReason {
                        code: Some("TP".into()),
                        text: String::new(),
                        basis: String::new(),
                    },
                    redactions: redactions
                        .iter()
                        .filter(|(on, _)| *on == item)
                        .map(|(_, text)| PlanRedaction {
                            span: PlanSpan { start: 0, end: 1 },
                            text: text.to_string(),
                            code: "TP".into(),
                            rule: "decision".into(),
                        })
                        .collect(),
                    review_notes: Vec::new(),
                    review: Vec::new(),
                },
            );
        }
        Snapshot {
            version: None,
            folder: PathBuf::new(),
            summary: serde_json::json!({"pages": 3}),
            plan,
            schedule: Vec::new(),
            verifier: Vec::new(),
        }
    }

    #[test]
    fn verifier_findings_belong_to_the_record_shipped_or_held_back() {
        let mut snapshot = snapshot(&[], "pending-review");
        let finding = |file: &str| VerifierFinding {
            file: file.into(),
            page: Some(1),
            location: "page text".into(),
            what: "forbidden term".into(),
            context: String::new(),
        };
        snapshot.verifier = vec![
            finding("records/0002-2019-04-02-case-note.pdf"),
            finding("records/0003-2019-05-02-case-note.pdf"),
            finding("covering-letter.pdf"),
        ];
        let held = ScheduleRow {
            item: "N-2".into(),
            notes: "held back from the pack (was to be records/0002-2019-04-02-case-note.pdf): the verifier found 1 problem(s)".into(),
            ..ScheduleRow::default()
        };
        let shipped = ScheduleRow {
            item: "N-3".into(),
            pack_file: "records/0003-2019-05-02-case-note.pdf".into(),
            ..ScheduleRow::default()
        };
        let other = ScheduleRow {
            item: "N-1".into(),
            ..ScheduleRow::default()
        };
        let files = |row: &ScheduleRow| {
            snapshot
                .verifier_findings(row)
                .iter()
                .map(|finding| finding.file.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(files(&held), ["records/0002-2019-04-02-case-note.pdf"]);
        assert_eq!(files(&shipped), ["records/0003-2019-05-02-case-note.pdf"]);
        assert!(files(&other).is_empty());
        assert_eq!(snapshot.findings_outside_records(), 1);
        assert!(attention(&snapshot, &held)[0].starts_with("held back"));
    }

    #[test]
    fn changes_list_items_and_redactions_added_and_removed() {
        let before = snapshot(
            &[("N-1", "Sharon"), ("N-1", "Sharon"), ("N-2", "Mr Whippy")],
            "pending-review",
        );
        let after = snapshot(&[("N-1", "Sharon"), ("N-2", "Biscuit")], "disclosed");
        let withheld = snapshot(&[], "withheld");
        assert!(
            super::changes(&before, &withheld)
                .redactions_removed
                .is_empty(),
            "an item that no longer ships lists no redactions as removed"
        );
        let changes = changes(&before, &after);
        assert_eq!(changes.items.len(), 2);
        assert_eq!(changes.items[0].before, "pending-review");
        assert_eq!(changes.items[0].after, "disclosed");
        let text = |list: &[RedactionChange]| {
            list.iter()
                .map(|change| format!("{} {} x{}", change.item, change.text, change.times))
                .collect::<Vec<_>>()
        };
        assert_eq!(text(&changes.redactions_added), ["N-2 Biscuit x1"]);
        assert_eq!(
            text(&changes.redactions_removed),
            ["N-1 Sharon x1", "N-2 Mr Whippy x1"]
        );
    }

    #[test]
    fn changes_list_items_whose_pages_in_the_pack_changed() {
        assert_eq!(page_count("12-15"), 4);
        assert_eq!(page_count("7-7"), 1);
        assert_eq!(page_count("3"), 1);
        assert_eq!(page_count(""), 0);
        let row = |item: &str, pages: &str| ScheduleRow {
            item: item.into(),
            pages: pages.into(),
            ..ScheduleRow::default()
        };
        let mut before = snapshot(&[], "disclosed");
        before.schedule = vec![row("N-1", "1-2"), row("N-2", ""), row("N-3", "3-3")];
        let mut after = snapshot(&[], "disclosed");
        after.schedule = vec![row("N-1", "1-2"), row("N-2", "3-5"), row("N-3", "")];
        let changed = changes(&before, &after).item_pages;
        assert_eq!(
            changed,
            [
                PageChange {
                    item: "N-2".into(),
                    before: 0,
                    after: 3
                },
                PageChange {
                    item: "N-3".into(),
                    before: 1,
                    after: 0
                },
            ]
        );
    }
}
