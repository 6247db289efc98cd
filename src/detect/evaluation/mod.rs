//! Evaluation of detection on the labelled corpus (`tests/corpus/cases/*.json`, made by
//! `tests/corpus/generate.py`), issue 6: precision and recall per category, per form and per rule.
//!
//! Each case is run as the pipeline would: a detector per case (its request and register),
//! [`detect`](super::detect) on every record, then [`consolidate`](super::consolidate) across the
//! case's records. What counts:
//! - a labelled span that must be redacted (third party without consent, identifier) is *found*
//!   when redacting findings cover every letter and digit of it (a half-redacted name leaks);
//! - a redacting finding is a *true positive* when it overlaps such a span, otherwise a false
//!   positive (whether it hits a kept label or unlabelled text);
//! - a *subject error* is a subject-labelled span that any redacting finding touches.
//!
//! Used by `examples/evaluate.rs` (full corpus) and `tests/detect_corpus.rs` (a slice, floors).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{
    Category, Content, Finding, Format, Item, Person, Region, Register, Request, RequestKind,
    Source, Subject,
};

use super::{Detector, consolidate, detect, is_redacted, mentions_subject};

pub mod conll;
pub mod external;

#[derive(Debug, Deserialize)]
struct CaseFile {
    case: String,
    subject: Subject,
    received: jiff::civil::Date,
    people: Vec<PersonRow>,
    items: Vec<Record>,
}

#[derive(Debug, Deserialize)]
struct PersonRow {
    id: String,
    name: String,
    aliases: Vec<String>,
    dob: Option<jiff::civil::Date>,
    role: String,
    category: Category,
    phone: String,
    address: String,
    consent: bool,
}

#[derive(Debug, Deserialize)]
struct Record {
    id: String,
    /// The kind of record ("email", "text-message", "home-visit" ...), for the per-kind table.
    #[serde(default)]
    kind: String,
    text: String,
    labels: Vec<Label>,
}

/// One labelled span.
#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub text: String,
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub what: Option<String>,
    #[serde(default)]
    pub registered: Option<bool>,
    #[serde(default)]
    pub consent: Option<bool>,
}

impl Label {
    /// Whether the policy redacts this span.
    pub fn must_redact(&self) -> bool {
        match self.label.as_str() {
            "third-party" => self.consent != Some(true),
            "identifier" => true,
            _ => false,
        }
    }

    /// The evaluation category: `third-party (registered)`, `third-party (unregistered)`,
    /// `identifier`, `subject`, `professional`, `not-personal`, `third-party (consented)`.
    pub fn category(&self) -> String {
        match (self.label.as_str(), self.registered, self.consent) {
            ("third-party", _, Some(true)) => "third-party (consented)".to_string(),
            ("third-party", Some(true), _) => "third-party (registered)".to_string(),
            ("third-party", _, _) => "third-party (unregistered)".to_string(),
            (other, _, _) => other.to_string(),
        }
    }

    /// The category with the form ("full", "initials", "phone" ...), for the per-form table.
    pub fn category_form(&self) -> String {
        let form = self
            .form
            .clone()
            .or_else(|| self.what.clone())
            .unwrap_or_else(|| "-".to_string());
        format!("{} / {form}", self.category())
    }
}

/// Counts for one row of a table.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Spans that must be redacted / were.
    pub gold: usize,
    pub found: usize,
    /// Kept spans / wrongly redacted.
    pub kept: usize,
    pub wrongly_redacted: usize,
}

/// Per-rule counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct RuleTally {
    pub findings: usize,
    pub redacting: usize,
    pub true_positives: usize,
    pub false_positives: usize,
}

/// The evaluation result.
#[derive(Debug, Default)]
pub struct Report {
    pub cases: usize,
    pub records: usize,
    pub per_category: BTreeMap<String, Tally>,
    pub per_form: BTreeMap<String, Tally>,
    /// Third parties' names (registered and not) by kind of record: recall on
    /// emails and text messages is issue 14's case-note figure.
    pub per_kind: BTreeMap<String, Tally>,
    pub per_rule: BTreeMap<String, RuleTally>,
    pub true_positives: usize,
    pub false_positives: usize,
    /// Subject-labelled spans touched by a redacting finding.
    pub subject_errors: Vec<String>,
    /// Misses and false positives, for a reader (`record: text (why)`).
    pub misses: Vec<String>,
    pub false_positive_examples: Vec<String>,
    /// Records whose labels hold the subject's full name, alias or id, and how many of them
    /// `mentions_subject` recognised; records without such a label that it claimed.
    pub mention_gold: usize,
    pub mention_found: usize,
    pub mention_false: usize,
    /// Bytes of record text, and the time spent compiling detectors and detecting (one thread).
    pub bytes: usize,
    pub compile_seconds: f64,
    pub detect_seconds: f64,
}

impl Report {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self, category: &str) -> f64 {
        self.per_category
            .get(category)
            .map(|t| ratio(t.found, t.gold))
            .unwrap_or(1.0)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The case files in `dir`, sorted.
pub fn case_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// The case file's register as the detector takes it.
fn register_for(case: &CaseFile) -> Register {
    Register {
        people: case
            .people
            .iter()
            .map(|row| Person {
                id: row.id.clone(),
                name: row.name.clone(),
                aliases: row.aliases.clone(),
                dob: row.dob,
                role: row.role.clone(),
                category: row.category,
                phone: row.phone.clone(),
                address: row.address.clone(),
                consent: row.consent,
            })
            .collect(),
    }
}

fn request_for(case: &CaseFile) -> Request {
    Request {
        reference: case.case.clone(),
        kind: RequestKind::SubjectAccess,
        received: case.received,
        identity_verified: None,
        authority_received: None,
        fee_received: None,
        clarification: Vec::new(),
        extended: false,
        extension_notified: None,
        holidays: None,
        region: Region::EnglandAndWales,
        organisation: "Example Borough Council".to_string(),
        consulted_agencies: Vec::new(),
        subject: case.subject.clone(),
        requester: crate::model::Requester::subject(&case.subject),
        organisation_profile: None,
        store: PathBuf::new(),
        base_dir: PathBuf::new(),
        rectification: Vec::new(),
        disclosed_in: Vec::new(),
        court: None,
    }
}

fn item_for(record: &Record) -> Item {
    text_item(&record.id, &record.text)
}

/// A plain-text item of one store, as an exported case note is: what detection and
/// consolidation read for a labelled record or document.
pub(crate) fn text_item(id: &str, text: &str) -> Item {
    Item {
        id: id.to_string(),
        source: Source::CaseNote {
            id: id.to_string(),
            row: 0,
        },
        format: Format::CaseNote,
        date: None,
        title: String::new(),
        record_type: String::new(),
        author: String::new(),
        agency: None,
        restricted: false,
        restriction_reason: String::new(),
        subjects: Vec::new(),
        content: Content::Text {
            text: text.to_string(),
            pictures: Vec::new(),
            unread_pictures: Vec::new(),
        },
        problems: Vec::new(),
    }
}

/// Runs detection on the case files and scores it.
pub fn evaluate(files: &[PathBuf], patterns: &Path) -> Result<Report, String> {
    let mut report = Report::default();
    for file in files {
        let source = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        let case: CaseFile = serde_json::from_str(&source)
            .map_err(|e| format!("cannot parse `{}`: {e}", file.display()))?;
        let register = register_for(&case);
        let request = request_for(&case);
        let started = std::time::Instant::now();
        let detector = Detector::new(&request, &register, patterns).map_err(|e| e.to_string())?;
        report.compile_seconds += started.elapsed().as_secs_f64();
        let items: Vec<Item> = case.items.iter().map(item_for).collect();
        let started = std::time::Instant::now();
        let mut findings: Vec<Vec<Finding>> = items.iter().map(|i| detect(i, &detector)).collect();
        consolidate(&mut findings, &items, &detector);
        report.detect_seconds += started.elapsed().as_secs_f64();
        report.bytes += case.items.iter().map(|r| r.text.len()).sum::<usize>();
        report.cases += 1;
        for ((record, found), _item) in case.items.iter().zip(&findings).zip(&items) {
            report.records += 1;
            score(&mut report, record, found);
        }
    }
    Ok(report)
}

fn score(report: &mut Report, record: &Record, findings: &[Finding]) {
    let redacting: Vec<&Finding> = findings.iter().filter(|f| is_redacted(f)).collect();
    for finding in findings {
        let tally = report.per_rule.entry(finding.rule.to_string()).or_default();
        tally.findings += 1;
    }
    let text = record.text.as_str();
    for label in &record.labels {
        let category = label.category();
        let row = report.per_category.entry(category.clone()).or_default();
        let form_row_key = label.category_form();
        let touched = redacting
            .iter()
            .any(|f| f.span.start < label.end && label.start < f.span.end);
        if label.must_redact() {
            // Found when every letter and digit of the span is under a redacting finding.
            let covered = text[label.start..label.end]
                .char_indices()
                .filter(|(_, c)| c.is_alphanumeric())
                .all(|(offset, _)| {
                    let at = label.start + offset;
                    redacting
                        .iter()
                        .any(|f| f.span.start <= at && at < f.span.end)
                });
            row.gold += 1;
            let form_row = report.per_form.entry(form_row_key).or_default();
            form_row.gold += 1;
            if label.label == "third-party" {
                let kind_row = report.per_kind.entry(record.kind.clone()).or_default();
                kind_row.gold += 1;
                kind_row.found += usize::from(covered);
            }
            if covered {
                report.per_category.entry(category).or_default().found += 1;
                form_row.found += 1;
            } else {
                report.misses.push(format!(
                    "{}: `{}` ({})",
                    record.id,
                    label.text.replace('\n', "\\n"),
                    label.category_form()
                ));
            }
        } else {
            row.kept += 1;
            let form_row = report.per_form.entry(form_row_key).or_default();
            form_row.kept += 1;
            if touched {
                row.wrongly_redacted += 1;
                form_row.wrongly_redacted += 1;
                if label.label == "subject" {
                    report.subject_errors.push(format!(
                        "{}: `{}`",
                        record.id,
                        label.text.replace('\n', "\\n")
                    ));
                }
            }
        }
    }
    for finding in &redacting {
        let hits_gold = record.labels.iter().any(|label| {
            label.must_redact() && finding.span.start < label.end && label.start < finding.span.end
        });
        let tally = report.per_rule.entry(finding.rule.to_string()).or_default();
        tally.redacting += 1;
        if hits_gold {
            tally.true_positives += 1;
            report.true_positives += 1;
        } else {
            tally.false_positives += 1;
            report.false_positives += 1;
            let kept_label = record
                .labels
                .iter()
                .find(|l| finding.span.start < l.end && l.start < finding.span.end)
                .map(|l| l.category())
                .unwrap_or_else(|| "unlabelled".to_string());
            report.false_positive_examples.push(format!(
                "{}: `{}` by {} (label: {kept_label})",
                record.id,
                finding.text.replace('\n', "\\n"),
                finding.rule
            ));
        }
    }
    let gold_mention = record.labels.iter().any(|l| {
        l.label == "subject"
            && (matches!(l.form.as_deref(), Some("full" | "alias"))
                || matches!(l.what.as_deref(), Some("id" | "nhs")))
    });
    let said = mentions_subject(findings);
    if gold_mention {
        report.mention_gold += 1;
        if said {
            report.mention_found += 1;
        }
    } else if said {
        report.mention_false += 1;
    }
}

/// The report as plain-text tables.
pub fn render(report: &Report, examples: usize) -> String {
    let mut out = String::new();
    let pct = |a: usize, b: usize| format!("{:6.2}%", 100.0 * ratio(a, b));
    let _ = writeln!(
        out,
        "corpus: {} cases, {} records\n",
        report.cases, report.records
    );
    let _ = writeln!(
        out,
        "{:<34} {:>6} {:>6} {:>8}   {:>6} {:>9} {:>8}",
        "category", "redact", "found", "recall", "keep", "redacted", "kept ok"
    );
    for (name, t) in &report.per_category {
        let _ = writeln!(
            out,
            "{:<34} {:>6} {:>6} {:>8}   {:>6} {:>9} {:>8}",
            name,
            t.gold,
            t.found,
            if t.gold > 0 {
                pct(t.found, t.gold)
            } else {
                "-".into()
            },
            t.kept,
            t.wrongly_redacted,
            if t.kept > 0 {
                pct(t.kept - t.wrongly_redacted, t.kept)
            } else {
                "-".into()
            },
        );
    }
    let _ = writeln!(
        out,
        "\nprecision of redactions: {} ({} true, {} false positives)",
        pct(
            report.true_positives,
            report.true_positives + report.false_positives
        ),
        report.true_positives,
        report.false_positives
    );
    let _ = writeln!(
        out,
        "subject's own name/ids redacted: {} spans",
        report.subject_errors.len()
    );
    let _ = writeln!(
        out,
        "mentions_subject: {}/{} records with the subject's full name, alias or id recognised; {} claimed without one\n",
        report.mention_found, report.mention_gold, report.mention_false
    );
    let _ = writeln!(
        out,
        "speed (one thread): {} bytes detected in {:.3}s = {:.1} MB/s, about {:.0} pages/s of 3,000 characters; {:.1} ms to compile a detector\n",
        report.bytes,
        report.detect_seconds,
        report.bytes as f64 / report.detect_seconds.max(1e-9) / 1e6,
        report.bytes as f64 / 3000.0 / report.detect_seconds.max(1e-9),
        1000.0 * report.compile_seconds / report.cases.max(1) as f64
    );
    let _ = writeln!(
        out,
        "{:<48} {:>6} {:>6} {:>8}   {:>6} {:>9}",
        "category / form", "redact", "found", "recall", "keep", "redacted"
    );
    for (name, t) in &report.per_form {
        let _ = writeln!(
            out,
            "{:<48} {:>6} {:>6} {:>8}   {:>6} {:>9}",
            name,
            t.gold,
            t.found,
            if t.gold > 0 {
                pct(t.found, t.gold)
            } else {
                "-".into()
            },
            t.kept,
            t.wrongly_redacted
        );
    }
    let _ = writeln!(
        out,
        "\n{:<48} {:>6} {:>6} {:>8}",
        "third parties' names by kind of record", "redact", "found", "recall"
    );
    for (name, t) in &report.per_kind {
        let _ = writeln!(
            out,
            "{:<48} {:>6} {:>6} {:>8}",
            if name.is_empty() { "(no kind)" } else { name },
            t.gold,
            t.found,
            pct(t.found, t.gold)
        );
    }
    let _ = writeln!(
        out,
        "\n{:<40} {:>8} {:>9} {:>6} {:>6} {:>10}",
        "rule", "findings", "redacting", "TP", "FP", "precision"
    );
    for (name, t) in &report.per_rule {
        let _ = writeln!(
            out,
            "{:<40} {:>8} {:>9} {:>6} {:>6} {:>10}",
            name,
            t.findings,
            t.redacting,
            t.true_positives,
            t.false_positives,
            if t.redacting > 0 {
                pct(t.true_positives, t.redacting)
            } else {
                "-".into()
            }
        );
    }
    if examples > 0 {
        let _ = writeln!(out, "\nsubject errors:");
        for line in report.subject_errors.iter().take(examples) {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "\nmisses (first {examples}):");
        for line in report.misses.iter().take(examples) {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out, "\nfalse positives (first {examples}):");
        for line in report.false_positive_examples.iter().take(examples) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

/// The findings for one record (by id), with the record's labels, for a reader debugging a
/// miss (`evaluate --probe case-001-03`).
pub fn probe(files: &[PathBuf], patterns: &Path, record_id: &str) -> Result<String, String> {
    let mut out = String::new();
    for file in files {
        let source = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        let case: CaseFile = serde_json::from_str(&source)
            .map_err(|e| format!("cannot parse `{}`: {e}", file.display()))?;
        if !case.items.iter().any(|r| r.id == record_id) {
            continue;
        }
        let detector = Detector::new(&request_for(&case), &register_for(&case), patterns)
            .map_err(|e| e.to_string())?;
        let items: Vec<Item> = case.items.iter().map(item_for).collect();
        let mut findings: Vec<Vec<Finding>> = items.iter().map(|i| detect(i, &detector)).collect();
        consolidate(&mut findings, &items, &detector);
        for (record, found) in case.items.iter().zip(&findings) {
            if record.id != record_id {
                continue;
            }
            let _ = writeln!(out, "{}\n", record.text);
            for label in &record.labels {
                let _ = writeln!(
                    out,
                    "label {:>5}..{:<5} {:<40} {}",
                    label.start,
                    label.end,
                    label.category_form(),
                    label.text.replace('\n', "\\n")
                );
            }
            for finding in found {
                let _ = writeln!(
                    out,
                    "found {:>5}..{:<5} {:<40} {} {:?} review={} — {}",
                    finding.span.start,
                    finding.span.end,
                    finding.rule,
                    finding.text.replace('\n', "\\n"),
                    finding.owner,
                    finding.review,
                    finding.why
                );
            }
        }
    }
    Ok(out)
}

/// Times detection on one long text: every record of every case file joined, repeated
/// `copies` times, against the first case's register (`evaluate --speed 10`). Checks that time
/// grows linearly with the length of an item (a 1,000-page PDF is one item).
pub fn speed(files: &[PathBuf], patterns: &Path, copies: usize) -> Result<String, String> {
    let mut cases = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        let case: CaseFile = serde_json::from_str(&source)
            .map_err(|e| format!("cannot parse `{}`: {e}", file.display()))?;
        cases.push(case);
    }
    let first = cases.first().ok_or("no case files")?;
    let detector = Detector::new(&request_for(first), &register_for(first), patterns)
        .map_err(|e| e.to_string())?;
    let corpus: String = cases
        .iter()
        .flat_map(|case| case.items.iter().map(|r| r.text.as_str()))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut out = String::new();
    for factor in [1, copies.max(1)] {
        let text = vec![corpus.as_str(); factor].join("\n\n");
        let started = std::time::Instant::now();
        let findings = detector.find(&text);
        let seconds = started.elapsed().as_secs_f64();
        let _ = writeln!(
            out,
            "one item of {:>9} bytes: {:>7.3}s, {:>5.1} MB/s, {:>6.0} pages/s of 3,000 characters, {} findings",
            text.len(),
            seconds,
            text.len() as f64 / seconds.max(1e-9) / 1e6,
            text.len() as f64 / 3000.0 / seconds.max(1e-9),
            findings.len()
        );
    }
    Ok(out)
}
