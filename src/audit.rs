//! The internal records the organisation keeps (never sent): the full schedule of every input
//! item with its disposition and reason, the redaction log with every removed string, the plan
//! (every decision, as data), the verifier's findings when a pack was refused, and the run
//! summary. Written to `DIR/internal/`, each file atomically.
//!
//! The two records that grow with the store, the plan and the redaction log, are written as the
//! run goes by a [`Journal`] (issue 7: memory must not grow with the corpus), into `.partial`
//! files that [`write_internal`] renames into place with the rest.
//!
//! [`trail`] keeps the hash-chained audit trail `internal/audit.jsonl` (issue 12): every run,
//! every person's decision applied, every version written and sent.

pub mod trail;
pub mod versions;

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{AppliedRedaction, Decision, Violation};
use crate::pack::Counts;

/// One row of the internal `schedule.csv`: every input item exactly once, excluded ones included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleEntry {
    pub item: String,
    /// `documents/...` path or `case-notes.csv#<id>`.
    pub source: String,
    pub date: Option<Date>,
    /// The title as recorded (internal: it may name people).
    pub title: String,
    pub disposition: String,
    pub reason: String,
    pub code: String,
    pub basis: String,
    /// Pack page range (`12-15`), for items in the pack.
    pub pages: String,
    /// Number of redactions applied.
    pub redactions: usize,
    /// File inside the pack zip.
    pub pack_file: String,
    /// Problems with the export row or file, and notes for a reviewer.
    pub notes: String,
}

/// What a run did, printed at the end and written as `summary.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub reference: String,
    pub kind: String,
    pub organisation: String,
    pub produced: Date,
    pub clock_start: Date,
    pub due: Date,
    pub extended_due: Date,
    pub extended: bool,
    /// What the DPO must know about the deadline (e.g. an extension notified too late).
    pub deadline_warnings: Vec<String>,
    pub counts: Counts,
    /// Pages in the pack's records.
    pub pages: u32,
    pub redactions: usize,
    /// The pack zip, when one was written, relative to the output folder (so the internal
    /// records of two runs of the same input are the same bytes wherever they were written).
    pub pack: Option<PathBuf>,
    pub pack_sha256: Option<String>,
    /// A court-disclosure request's zip of separate records, when `--separate` asked for it
    /// beside the bundle (which is then `pack`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separate: Option<PathBuf>,
    /// Problems the verifier found, in records held back and in the pack's own documents.
    pub violations: usize,
    /// Records the verifier refused: not in the pack, listed in both schedules as being
    /// checked by a member of staff, with the findings in `verification-failures.json`.
    pub held_back: usize,
    /// Entries in the person's decisions file (0 when there is none).
    #[serde(default)]
    pub decisions: usize,
    /// Decisions that matched nothing in this run, one line each.
    #[serde(default)]
    pub decision_warnings: Vec<String>,
    /// Rows of `review.csv`: everything waiting for a person.
    #[serde(default)]
    pub waiting_for_review: usize,
}

/// One row of the internal `review.csv`: something waiting for a person, with the text around
/// it and the `decisions.toml` entry that would settle it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewRow {
    pub item: String,
    pub source: String,
    pub disposition: String,
    pub what: String,
    /// Up to 60 characters either side (internal: it may name people).
    pub context: String,
    pub settle: String,
}

/// `review.csv`'s columns.
const REVIEW_HEADERS: [&str; 6] = ["item", "source", "disposition", "what", "context", "settle"];

#[derive(Debug, thiserror::Error)]
#[error("cannot write `{path}`")]
pub struct AuditError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader never sees half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AuditError> {
    let error = |source| AuditError {
        path: path.to_path_buf(),
        source,
    };
    let temporary = partial(path);
    std::fs::write(&temporary, bytes).map_err(error)?;
    std::fs::rename(&temporary, path).map_err(error)
}

fn csv_bytes<T: Serialize>(rows: &[T], headers: &[&str]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    // Headers are written explicitly so an empty file still names its columns.
    writer
        .write_record(headers)
        .expect("writing to a Vec cannot fail");
    for row in rows {
        writer
            .serialize(row)
            .expect("schedule rows are flat records");
    }
    writer.into_inner().expect("writing to a Vec cannot fail")
}

/// The redaction log's columns.
const LOG_HEADERS: [&str; 6] = ["item", "page", "code", "basis", "text", "rule"];

/// Writes `plan.json` and `redaction-log.csv` one item at a time, so neither is held in memory.
/// The files are `.partial` until [`write_internal`] renames them; a run that fails before that
/// leaves no half-written record under the final names (the `.partial` files are removed).
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    plan: std::io::BufWriter<std::fs::File>,
    log: csv::Writer<std::io::BufWriter<std::fs::File>>,
    decisions: usize,
    redactions: usize,
    finished: bool,
}

fn partial(path: &Path) -> PathBuf {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    PathBuf::from(temporary)
}

impl Journal {
    /// Creates `dir` if needed and starts its plan and redaction log.
    pub fn create(dir: &Path) -> Result<Journal, AuditError> {
        let error = |path: PathBuf| move |source| AuditError { path, source };
        std::fs::create_dir_all(dir).map_err(error(dir.to_path_buf()))?;
        let open = |name: &str| {
            let path = partial(&dir.join(name));
            std::fs::File::create(&path)
                .map(std::io::BufWriter::new)
                .map_err(error(path))
        };
        let plan = open("plan.json")?;
        let log = csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(open("redaction-log.csv")?);
        let mut journal = Journal {
            dir: dir.to_path_buf(),
            plan,
            log,
            decisions: 0,
            redactions: 0,
            finished: false,
        };
        // Headers are written explicitly so an empty log still names its columns.
        journal
            .log
            .write_record(LOG_HEADERS)
            .map_err(|error| journal.log_error(error))?;
        Ok(journal)
    }

    fn plan_error(&self, source: std::io::Error) -> AuditError {
        AuditError {
            path: partial(&self.dir.join("plan.json")),
            source,
        }
    }

    fn log_error(&self, error: csv::Error) -> AuditError {
        AuditError {
            path: partial(&self.dir.join("redaction-log.csv")),
            source: std::io::Error::other(error),
        }
    }

    /// Records one item's decision in the plan and the redactions applied to it in the log.
    /// Items must come in a fixed order (the pipeline's is the inventory's) so the records are
    /// the same on every run.
    pub fn record(
        &mut self,
        decision: &Decision,
        applied: &[AppliedRedaction],
    ) -> Result<(), AuditError> {
        // The same bytes as pretty-printing the whole list: each decision indented by two.
        let pretty =
            serde_json::to_string_pretty(decision).expect("internal records serialise to JSON");
        let mut entry = String::with_capacity(pretty.len() + pretty.len() / 8 + 4);
        entry.push_str(if self.decisions == 0 { "[\n" } else { ",\n" });
        for (number, line) in pretty.lines().enumerate() {
            if number > 0 {
                entry.push('\n');
            }
            entry.push_str("  ");
            entry.push_str(line);
        }
        self.plan
            .write_all(entry.as_bytes())
            .map_err(|source| self.plan_error(source))?;
        self.decisions += 1;
        for redaction in applied {
            self.log
                .serialize(redaction)
                .map_err(|error| self.log_error(error))?;
        }
        self.redactions += applied.len();
        Ok(())
    }

    /// Redactions recorded so far.
    pub fn redactions(&self) -> usize {
        self.redactions
    }

    /// Closes both files and renames them into place.
    fn finish(mut self) -> Result<(), AuditError> {
        let end: &[u8] = if self.decisions == 0 {
            b"[]\n"
        } else {
            b"\n]\n"
        };
        self.plan
            .write_all(end)
            .and_then(|()| self.plan.flush())
            .map_err(|source| self.plan_error(source))?;
        self.log
            .flush()
            .map_err(|source| self.log_error(source.into()))?;
        for name in ["plan.json", "redaction-log.csv"] {
            let path = self.dir.join(name);
            std::fs::rename(partial(&path), &path).map_err(|source| AuditError {
                path: path.clone(),
                source,
            })?;
        }
        self.finished = true;
        Ok(())
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        if !self.finished {
            // A run that stopped part way: its half-written records are not records.
            for name in ["plan.json", "redaction-log.csv"] {
                let _ = std::fs::remove_file(partial(&self.dir.join(name)));
            }
        }
    }
}

/// Everything else the organisation keeps from a run.
#[derive(Debug, Clone)]
pub struct Internal<'a> {
    pub schedule: &'a [ScheduleEntry],
    pub violations: &'a [Violation],
    pub summary: &'a Summary,
    /// Files the verifier refused, written under `refused/` for a person to inspect.
    pub refused: &'a [crate::model::PackFile],
    /// Everything waiting for a person (`review.csv`).
    pub review: &'a [ReviewRow],
    /// SHA-256 of every original picture that had words redacted (`redacted-pictures.txt`,
    /// read back by `sarpack verify --internal`).
    pub pictures: &'a [String],
}

/// Writes `internal/`: `schedule.csv`, `summary.json`, and `verification-failures.json` and the
/// refused files under `refused/` when the verifier refused the pack (internal only: they are
/// exactly what would have shipped, for a person to inspect), and puts the journal's
/// `redaction-log.csv` and `plan.json` in place.
pub fn write_internal(
    dir: &Path,
    journal: Journal,
    internal: &Internal<'_>,
) -> Result<(), AuditError> {
    std::fs::create_dir_all(dir).map_err(|source| AuditError {
        path: dir.to_path_buf(),
        source,
    })?;
    write_atomically(
        &dir.join("schedule.csv"),
        &csv_bytes(
            internal.schedule,
            &[
                "item",
                "source",
                "date",
                "title",
                "disposition",
                "reason",
                "code",
                "basis",
                "pages",
                "redactions",
                "pack_file",
                "notes",
            ],
        ),
    )?;
    journal.finish()?;
    write_atomically(
        &dir.join("review.csv"),
        &csv_bytes(internal.review, &REVIEW_HEADERS),
    )?;
    write_atomically(&dir.join("summary.json"), &to_json(internal.summary))?;
    let mut pictures: Vec<&str> = internal.pictures.iter().map(String::as_str).collect();
    pictures.sort_unstable();
    pictures.dedup();
    let pictures: String = pictures
        .iter()
        .map(|digest| format!("{digest}\n"))
        .collect();
    write_atomically(
        &dir.join(crate::verify::REDACTED_PICTURES),
        pictures.as_bytes(),
    )?;
    let refused_dir = dir.join("refused");
    match std::fs::remove_dir_all(&refused_dir) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(AuditError {
                path: refused_dir,
                source,
            });
        }
    }
    for file in internal.refused {
        // Pack names are `records/NNNN-...pdf` or a bare file name, made by sarpack itself.
        let path = refused_dir.join(&file.name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| AuditError {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomically(&path, &file.bytes)?;
    }
    let failures = dir.join("verification-failures.json");
    if internal.violations.is_empty() {
        match std::fs::remove_file(&failures) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(AuditError {
                    path: failures,
                    source,
                });
            }
        }
    } else {
        write_atomically(&failures, &to_json(internal.violations))?;
    }
    Ok(())
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("internal records serialise to JSON");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Disposition, Reason, Redaction, Span};

    fn decision(item: &str, redactions: usize) -> Decision {
        Decision {
            item: item.to_string(),
            disposition: if redactions == 0 {
                Disposition::Disclosed
            } else {
                Disposition::DisclosedRedacted
            },
            reason: Reason {
                code: (redactions > 0).then(|| Code("TP".to_string())),
                text: "Line one \"quoted\"\nline two".to_string(),
                basis: "DPA 2018 Sch 2 para 16".to_string(),
                detail: String::new(),
            },
            redactions: (0..redactions)
                .map(|n| Redaction {
                    span: Span::new(n * 10, n * 10 + 5),
                    text: format!("Name {n}, \"quoted\""),
                    code: Code("TP".to_string()),
                    basis: "basis".to_string(),
                    rule: "register.full-name".to_string(),
                })
                .collect(),
            review_notes: vec![format!("note for {item}")],
            rule: crate::model::PolicyRule::Disclosure,
            presentation: Default::default(),
            review: vec![],
            decided_by: vec![],
            areas: vec![],
        }
    }

    fn applied(item: &str, n: usize) -> AppliedRedaction {
        AppliedRedaction {
            item: item.to_string(),
            page: 1 + n as u32,
            code: Code("TP".to_string()),
            basis: "basis, with a comma".to_string(),
            text: format!("Name {n}, \"quoted\"\nsecond line"),
            rule: "register.full-name".to_string(),
        }
    }

    /// Journals `counts.len()` decisions and returns what `write_internal` put in place.
    fn journal_files(counts: &[usize]) -> (Vec<Decision>, Vec<AppliedRedaction>, Vec<u8>, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path()).unwrap();
        let mut decisions = Vec::new();
        let mut log = Vec::new();
        for (index, &count) in counts.iter().enumerate() {
            let item = format!("D-{index:05}");
            let made = decision(&item, count);
            let made_applied: Vec<_> = (0..count).map(|n| applied(&item, n)).collect();
            journal.record(&made, &made_applied).unwrap();
            decisions.push(made);
            log.extend(made_applied);
        }
        assert_eq!(journal.redactions(), log.len());
        // Nothing is under its final name before the run's records are written.
        assert!(!dir.path().join("plan.json").exists());
        assert!(!dir.path().join("redaction-log.csv").exists());
        let summary_dir = dir.path().to_path_buf();
        write_internal(
            &summary_dir,
            journal,
            &Internal {
                schedule: &[],
                violations: &[],
                summary: &summary(),
                refused: &[],
                review: &[],
                pictures: &[],
            },
        )
        .unwrap();
        let plan = std::fs::read(dir.path().join("plan.json")).unwrap();
        let csv = std::fs::read(dir.path().join("redaction-log.csv")).unwrap();
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
        (decisions, log, plan, csv)
    }

    fn summary() -> Summary {
        let date = jiff::civil::date(2026, 11, 22);
        Summary {
            reference: "SAR-1".to_string(),
            kind: "subject access".to_string(),
            organisation: "Council".to_string(),
            produced: date,
            clock_start: date,
            due: date,
            extended_due: date,
            extended: false,
            deadline_warnings: Vec::new(),
            counts: Counts::default(),
            pages: 0,
            redactions: 0,
            pack: None,
            pack_sha256: None,
            separate: None,
            violations: 0,
            held_back: 0,
            decisions: 0,
            decision_warnings: Vec::new(),
            waiting_for_review: 0,
        }
    }

    #[test]
    fn streamed_plan_and_log_equal_the_whole_list_written_at_once() {
        for counts in [&[][..], &[0][..], &[2][..], &[0, 3, 0, 1, 5][..]] {
            let (decisions, log, plan, csv) = journal_files(counts);
            assert_eq!(
                String::from_utf8(plan.clone()).unwrap(),
                String::from_utf8(to_json(&decisions)).unwrap(),
                "{counts:?}"
            );
            let parsed: Vec<Decision> = serde_json::from_slice(&plan).unwrap();
            assert_eq!(parsed, decisions);
            assert_eq!(csv, csv_bytes(&log, &LOG_HEADERS), "{counts:?}");
            let mut reader = csv::Reader::from_reader(csv.as_slice());
            let rows: Vec<AppliedRedaction> = reader.deserialize().map(Result::unwrap).collect();
            assert_eq!(rows, log);
        }
    }

    #[test]
    fn a_journal_dropped_before_the_end_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let mut journal = Journal::create(dir.path()).unwrap();
        journal
            .record(&decision("D-00001", 1), &[applied("D-00001", 0)])
            .unwrap();
        drop(journal);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }
}
