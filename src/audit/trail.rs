//! The audit trail: `DIR/internal/audit.jsonl`, append-only, one JSON line per event (a run, a
//! person's decision applied, a pack written, a pack sent), each line carrying the SHA-256 of the
//! line before it, so a line changed or removed afterwards breaks the chain and [`check`] says
//! where.
//!
//! A chain without a secret proves order and integrity against accidents and casual edits, not
//! against someone who rewrites every later line: the head (the last line's hash) is printed by
//! `sarpack audit` and recorded in each version's `summary.json`, so a copy kept elsewhere pins
//! it. Lines are written with one `write` on a file opened for appending, under a lock beside it,
//! so two processes (a run and `sarpack sent`) never interleave.

use std::collections::BTreeMap;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use crate::pack::sha256_hex;
use serde::{Deserialize, Serialize};

/// The trail's file name inside `DIR/internal/`.
pub const FILE: &str = "audit.jsonl";

/// What the first line's `previous` holds: there is no line before it.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// A run started: its inputs, by hash.
    Run,
    /// A person's decision was applied (or matched nothing) in a run.
    Decision,
    /// A version was written: its pack and internal records, by hash.
    Pack,
    /// A version went to the requester.
    Sent,
}

impl EventKind {
    pub fn label(self) -> &'static str {
        match self {
            EventKind::Run => "run",
            EventKind::Decision => "decision",
            EventKind::Pack => "pack",
            EventKind::Sent => "sent",
        }
    }
}

/// One event, before it is chained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    /// The person: who ran sarpack, made the decision or sent the pack.
    pub by: String,
    /// The output version (`DIR/vN/`) the event belongs to.
    pub version: Option<u32>,
    /// One line for the history, e.g. `release N-00042: applied`.
    pub what: String,
    /// Named SHA-256 hashes: `request`, `policy`, `store/people.csv`, `pack/records/0001-...`.
    pub hashes: BTreeMap<String, String>,
}

/// One line of the trail as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// 1-based position in the trail.
    pub seq: u64,
    /// When, in UTC (RFC 3339).
    pub time: String,
    pub event: EventKind,
    pub by: String,
    /// sarpack's version.
    pub sarpack: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    pub what: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hashes: BTreeMap<String, String>,
    /// SHA-256 of the previous line's bytes (without its newline); [`GENESIS`] for the first.
    pub previous: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TrailError {
    #[error("cannot read the audit trail `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the audit trail `{path}`")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The SHA-256 of a file's contents, read in blocks (store files can be large).
pub fn sha256_of_file(path: &Path) -> std::io::Result<String> {
    crate::pack::sha256_file(path).map_err(std::io::Error::other)
}

/// The SHA-256 of every file inside a zip, keyed `<prefix>/<name>`, read back from the zip
/// itself rather than trusted from its manifest.
pub fn zip_entry_hashes(path: &Path, prefix: &str) -> std::io::Result<BTreeMap<String, String>> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(path)?).map_err(std::io::Error::other)?;
    let mut hashes = BTreeMap::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(std::io::Error::other)?;
        let name = entry.name().map_err(std::io::Error::other)?.into_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        hashes.insert(format!("{prefix}/{name}"), sha256_hex(&bytes));
    }
    Ok(hashes)
}

/// The hash of every file under `root`, keyed `<prefix>/<path relative to root>` with `/`
/// separators, in path order. Symbolic links are not followed (the store reader refuses them).
pub fn hash_tree(root: &Path, prefix: &str) -> std::io::Result<BTreeMap<String, String>> {
    let mut hashes = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(root)
            .expect("walkdir yields paths under its root");
        let name: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        hashes.insert(
            format!("{prefix}/{}", name.join("/")),
            sha256_of_file(entry.path())?,
        );
    }
    Ok(hashes)
}

/// Appends events to `internal/audit.jsonl` (creating the folder and file), each chained to the
/// line before. `time` is the moment to record (the binary reads the clock; the library never
/// does). Returns the new head hash.
pub fn append(internal: &Path, time: &str, events: &[Event]) -> Result<String, TrailError> {
    let path = internal.join(FILE);
    let write_error = |source| TrailError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(internal).map_err(write_error)?;
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(internal.join(".audit.lock"))
        .map_err(write_error)?;
    lock.lock().map_err(write_error)?;
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&path)
        .map_err(write_error)?;
    let (mut seq, mut previous) = last_line(&mut file).map_err(|source| TrailError::Read {
        path: path.clone(),
        source,
    })?;
    let mut text = String::new();
    for event in events {
        seq += 1;
        let line = Line {
            seq,
            time: time.to_string(),
            event: event.kind,
            by: event.by.clone(),
            sarpack: env!("CARGO_PKG_VERSION").to_string(),
            version: event.version,
            what: event.what.clone(),
            hashes: event.hashes.clone(),
            previous,
        };
        let json = serde_json::to_string(&line).expect("trail lines serialise to JSON");
        previous = sha256_hex(json.as_bytes());
        text.push_str(&json);
        text.push('\n');
    }
    // One write: a reader or a crash sees whole lines or none of them.
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(write_error)?;
    drop(lock);
    Ok(previous)
}

/// The last line's `seq` and hash (0 and [`GENESIS`] for an empty trail). A trail that does not
/// end in a newline (a crash mid-write on a system without atomic appends) is completed with one,
/// so the next line starts on its own line and [`check`] reports the broken one.
fn last_line(file: &mut std::fs::File) -> std::io::Result<(u64, String)> {
    let length = file.seek(std::io::SeekFrom::End(0))?;
    if length == 0 {
        return Ok((0, GENESIS.to_string()));
    }
    // Lines are a few kilobytes at most; read back far enough to hold the last whole one.
    let mut window = 64 * 1024u64;
    loop {
        let start = length.saturating_sub(window);
        file.seek(std::io::SeekFrom::Start(start))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail)?;
        if !tail.ends_with(b"\n") {
            file.write_all(b"\n")?;
            tail.push(b'\n');
        }
        let body = &tail[..tail.len() - 1];
        match body.iter().rposition(|&byte| byte == b'\n') {
            Some(newline) => return Ok(parse_last(&body[newline + 1..])),
            None if start == 0 => return Ok(parse_last(body)),
            None => window *= 4,
        }
    }
}

fn parse_last(bytes: &[u8]) -> (u64, String) {
    let seq = serde_json::from_slice::<Line>(bytes)
        .map(|line| line.seq)
        .unwrap_or(0);
    (seq, sha256_hex(bytes))
}

/// What [`check`] found: every line it could read, and every break in the chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub lines: Vec<Line>,
    /// Plain-English problems, each naming the line: empty when the chain is whole.
    pub problems: Vec<String>,
    /// The hash of the last line (the head to keep elsewhere).
    pub head: String,
}

impl History {
    pub fn is_intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Reads the trail in `internal/` and checks every link of the chain.
pub fn check(internal: &Path) -> Result<History, TrailError> {
    let path = internal.join(FILE);
    let bytes = std::fs::read(&path).map_err(|source| TrailError::Read {
        path: path.clone(),
        source,
    })?;
    Ok(check_bytes(&bytes))
}

/// [`check`] on the trail's bytes.
pub fn check_bytes(bytes: &[u8]) -> History {
    let mut history = History {
        head: GENESIS.to_string(),
        ..History::default()
    };
    let mut previous = GENESIS.to_string();
    let mut expected_seq = 1u64;
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    if body.is_empty() {
        return history;
    }
    if !bytes.ends_with(b"\n") {
        history
            .problems
            .push("the last line is incomplete (no newline at the end)".to_string());
    }
    for (index, raw) in body.split(|&byte| byte == b'\n').enumerate() {
        let number = index + 1;
        let hash = sha256_hex(raw);
        match serde_json::from_slice::<Line>(raw) {
            Ok(line) => {
                if line.previous != previous {
                    history.problems.push(format!(
                        "line {number} (event {} `{}`): the hash of the line before it does not match: a line before it was changed, removed or inserted",
                        line.seq, line.what
                    ));
                }
                if line.seq != expected_seq {
                    history.problems.push(format!(
                        "line {number}: event number {} where {expected_seq} was expected: a line was removed or inserted",
                        line.seq
                    ));
                }
                expected_seq = line.seq + 1;
                history.lines.push(line);
            }
            Err(error) => {
                history.problems.push(format!(
                    "line {number} is not an audit event ({error}): it was changed or damaged"
                ));
                expected_seq += 1;
            }
        }
        previous = hash;
    }
    history.head = previous;
    history
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, what: &str) -> Event {
        Event {
            kind,
            by: "Anita Shah".to_string(),
            version: Some(1),
            what: what.to_string(),
            hashes: BTreeMap::from([("request".to_string(), sha256_hex(b"request"))]),
        }
    }

    fn trail() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let internal = dir.path().join("internal");
        append(
            &internal,
            "2026-11-20T10:00:00Z",
            &[
                event(EventKind::Run, "run 1"),
                event(EventKind::Decision, "release N-00042: applied"),
                event(EventKind::Pack, "version 1 written"),
            ],
        )
        .unwrap();
        append(
            &internal,
            "2026-11-21T09:00:00Z",
            &[event(EventKind::Sent, "version 1 sent")],
        )
        .unwrap();
        (dir, internal)
    }

    #[test]
    fn an_untouched_trail_checks_and_reads_back_in_order() {
        let (_dir, internal) = trail();
        let history = check(&internal).unwrap();
        assert!(history.is_intact(), "{:?}", history.problems);
        let seqs: Vec<u64> = history.lines.iter().map(|line| line.seq).collect();
        assert_eq!(seqs, [1, 2, 3, 4]);
        assert_eq!(history.lines[3].event, EventKind::Sent);
        assert_eq!(history.lines[0].previous, GENESIS);
        let text = std::fs::read_to_string(internal.join(FILE)).unwrap();
        assert_eq!(
            history.head,
            sha256_hex(text.lines().last().unwrap().as_bytes())
        );
    }

    #[test]
    fn a_changed_line_is_found() {
        let (_dir, internal) = trail();
        let path = internal.join(FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = text.replace("release N-00042", "release N-00043");
        assert_ne!(changed, text);
        std::fs::write(&path, changed).unwrap();
        let history = check(&internal).unwrap();
        assert_eq!(history.problems.len(), 1, "{:?}", history.problems);
        assert!(
            history.problems[0].starts_with("line 3 "),
            "{:?}",
            history.problems
        );
    }

    #[test]
    fn a_removed_line_is_found() {
        let (_dir, internal) = trail();
        let path = internal.join(FILE);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .enumerate()
            .filter(|(index, _)| *index != 1)
            .map(|(_, line)| line)
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
        let history = check(&internal).unwrap();
        assert!(!history.is_intact());
        assert!(
            history
                .problems
                .iter()
                .any(|problem| problem.contains("line 2") && problem.contains("removed")),
            "{:?}",
            history.problems
        );
    }

    #[test]
    fn a_damaged_line_is_reported_and_appending_carries_on() {
        let (_dir, internal) = trail();
        let path = internal.join(FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"seq\": 5, \"garbage");
        std::fs::write(&path, text).unwrap();
        append(
            &internal,
            "2026-11-22T09:00:00Z",
            &[event(EventKind::Run, "run 2")],
        )
        .unwrap();
        let history = check(&internal).unwrap();
        assert!(
            history
                .problems
                .iter()
                .any(|problem| problem.contains("line 5 is not an audit event")),
            "{:?}",
            history.problems
        );
        assert_eq!(history.lines.last().unwrap().what, "run 2");
    }

    #[test]
    fn the_store_is_hashed_file_by_file_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("documents/scans")).unwrap();
        std::fs::write(dir.path().join("people.csv"), "id\n").unwrap();
        std::fs::write(dir.path().join("documents/scans/a.pdf"), "%PDF").unwrap();
        let hashes = hash_tree(dir.path(), "store").unwrap();
        let names: Vec<&str> = hashes.keys().map(String::as_str).collect();
        assert_eq!(names, ["store/documents/scans/a.pdf", "store/people.csv"]);
        assert_eq!(hashes["store/people.csv"], sha256_hex(b"id\n"));
    }
}
