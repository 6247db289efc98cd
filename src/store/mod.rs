//! The records store: a folder holding `people.csv`, `case-notes.csv`, `documents.csv` and
//! `documents/`. Opened read only; nothing here ever writes.
//!
//! [`open`] is the pipeline's second stage (after the request is loaded): it reads the register of
//! people, every case-note row and every document row plus every unlisted file under
//! `documents/`. It never drops a record: a row with a bad field is kept with a `problems` note so
//! it reaches the schedule as pending review (house style rule 8). The register is the exception:
//! a person row that cannot be trusted is an error, because a third party silently missing from
//! the register is a leak. [`read_document_text`] turns DOCX, email and text files into plain text.
//!
//! OWNER: store helper. Contract: [`open`] and [`read_document_text`].

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::model::Register;

mod msg;
mod paths;
mod records;
mod rtf;
mod table;
mod text;
mod xlsx;

pub use table::{MAX_CSV_BYTES, read_file_bounded};
pub use text::{
    ATTACHMENT_LINE, Attachment, DocumentText, EmbeddedPicture, MAX_DOCX_ENTRIES,
    MAX_DOCX_PART_BYTES, PICTURE_MARK, docx_entry, read_document,
};

/// Largest document file read into memory by [`Store::read_document`].
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot read `{path}`")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is missing required column `{column}`")]
    MissingColumn { path: PathBuf, column: String },
    #[error("`{path}`: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error(
        "`{root}` holds no records: expected at least one of people.csv, case-notes.csv, documents.csv, documents/"
    )]
    Empty { root: PathBuf },
    #[error(
        "`{path}` is missing: without the register of people sarpack cannot tell the subject, professionals and third parties apart, so it would neither find nor check third parties' names"
    )]
    NoRegister { path: PathBuf },
    #[error("`{root}` has no {}: the pack would say nothing was found there", missing.join(", no "))]
    MissingSources { root: PathBuf, missing: Vec<String> },
}

/// The sources a records store is expected to hold besides `people.csv` (which is always
/// required). A store without one of them is refused unless the run names it with
/// `--allow-missing-source`, so a store copied without its case-note export is never answered
/// as if the subject had no case notes (issue 15).
pub const EXPECTED_SOURCES: &[&str] = &["case-notes.csv", "documents.csv", "documents"];

/// One row of `case-notes.csv`. Fields that fail to parse are kept raw with a problem noted, so
/// the row still appears in the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteRow {
    /// 1-based record number (header excluded).
    pub row: usize,
    pub id: String,
    pub date: Option<Date>,
    pub note_type: String,
    pub author: String,
    pub agency: String,
    pub restricted: bool,
    pub restriction_reason: String,
    pub subjects: Vec<String>,
    pub text: String,
    pub problems: Vec<String>,
}

/// One row of `documents.csv`, or a file under `documents/` with no row (`listed == false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    /// Path relative to the store, `/` separated, e.g. `documents/2019-04-02-letter.pdf`. For a
    /// listed row matched to a file whose name differs in case, Unicode form or spacing, the
    /// file's real name.
    pub path: String,
    pub listed: bool,
    /// The `documents.csv` record number of a listed row.
    pub row: Option<usize>,
    /// The row's path was written as `documents.csv` spells it when it differs from the file's
    /// real name (internal schedule only).
    pub listed_as: Option<String>,
    /// The path passed `paths::normalise` (false: it is kept raw, with a problem).
    pub(crate) path_ok: bool,
    pub date: Option<Date>,
    pub title: String,
    pub doc_type: String,
    pub author: String,
    pub agency: String,
    pub restricted: bool,
    pub restriction_reason: String,
    pub subjects: Vec<String>,
    pub problems: Vec<String>,
}

/// The store as read.
#[derive(Debug, Clone, Default)]
pub struct Store {
    pub root: PathBuf,
    pub register: Register,
    pub notes: Vec<NoteRow>,
    pub documents: Vec<DocumentRow>,
    /// Which of `people.csv` and [`EXPECTED_SOURCES`] the store does not hold.
    pub missing: Vec<String>,
    /// Every attachment of every email in `documents`, in document then message order: each
    /// is an item of its own, a child of its email (issue 15).
    pub attachments: Vec<AttachmentRow>,
    /// The schedule id of each of `documents` (same index), from its path: see [`document_ids`].
    pub document_ids: Vec<String>,
}

/// One attachment of an email document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    /// Index of the email in [`Store::documents`].
    pub parent: usize,
    /// 1-based position among the attachments of the email it came from.
    pub number: usize,
    /// For an attachment of an attached email (issue 15): the positions of the attached emails
    /// it lies within, outermost first (empty for the document's own attachments). Its item is
    /// `<email id>/attachment-W1/.../attachment-N`.
    pub within: Vec<usize>,
    /// The file name the sender gave it (internal only: it may name someone).
    pub name: String,
    pub format: crate::model::Format,
}

impl Store {
    /// Path of a document row's file, for display. To read a file use [`Store::read_document`]:
    /// a row with problems may name a path that leaves the store (`../x`, an absolute path, a
    /// link out), and only `read_document` refuses those.
    pub fn document_path(&self, row: &DocumentRow) -> PathBuf {
        self.root.join(&row.path)
    }

    /// The bytes of an email attachment, read again from the email (nothing is unpacked to disk).
    pub fn read_attachment(&self, row: &AttachmentRow) -> Result<Vec<u8>, String> {
        let parent = self
            .documents
            .get(row.parent)
            .ok_or_else(|| "the email this attachment came from is not in the store".to_string())?;
        let email = self.read_document(parent)?;
        let mut path = row.within.clone();
        path.push(row.number);
        nested_attachment_bytes(&email, &path)
    }

    /// Reads a document row's file, checking again (the store may have changed since `open`)
    /// that it is a regular file inside the store and no larger than [`MAX_DOCUMENT_BYTES`].
    /// The error is a plain-English reason fit for the schedule.
    pub fn read_document(&self, row: &DocumentRow) -> Result<Vec<u8>, String> {
        let root = self
            .root
            .canonicalize()
            .map_err(|error| format!("cannot open the records store: {error}"))?;
        let relative = paths::normalise(&row.path)?;
        let file = paths::resolve_inside(&root, &relative)?;
        read_file_bounded(&file, MAX_DOCUMENT_BYTES)
            .map_err(|error| format!("cannot read `{}`: {error}", row.path))
    }
}

/// Reads the store at `root`.
///
/// Errors: the folder or a CSV cannot be read, a CSV lacks a required column, a `people.csv` row
/// cannot be trusted, or the store holds none of the four sources. Everything else about a row or
/// file is a `problems` note on that row.
pub fn open(root: &Path) -> Result<Store, StoreError> {
    let canonical_root = root.canonicalize().map_err(|source| StoreError::Read {
        path: root.to_path_buf(),
        source,
    })?;
    let people_csv =
        records::read_csv(&canonical_root, root, "people.csv", records::PEOPLE_COLUMNS)?;
    let notes_csv = records::read_csv(
        &canonical_root,
        root,
        "case-notes.csv",
        records::NOTE_COLUMNS,
    )?;
    let documents_csv = records::read_csv(
        &canonical_root,
        root,
        "documents.csv",
        records::DOCUMENT_COLUMNS,
    )?;
    let documents_dir = canonical_root.join("documents");
    let documents_entry = std::fs::symlink_metadata(&documents_dir).ok();
    let documents_entry_exists = documents_entry.is_some();
    let has_documents_dir = documents_entry.is_some_and(|metadata| metadata.is_dir());
    if people_csv.is_none()
        && notes_csv.is_none()
        && documents_csv.is_none()
        && !documents_entry_exists
    {
        return Err(StoreError::Empty {
            root: root.to_path_buf(),
        });
    }

    let register = match &people_csv {
        Some(table) => records::register(&root.join("people.csv"), table)?,
        None => Register::default(),
    };
    let notes = match &notes_csv {
        Some(table) => records::notes(table, &register),
        None => Vec::new(),
    };
    let mut documents = match &documents_csv {
        Some(table) => records::documents(table, &register),
        None => Vec::new(),
    };
    if documents_entry_exists && !has_documents_dir {
        // A `documents` link or file: not followed, but never silently ignored.
        documents.push(paths::unlisted(
            "documents".to_string(),
            vec![
                "`documents` is not a folder inside the records store (a link or a file); its contents were not read"
                    .to_string(),
            ],
        ));
    }
    let files = if has_documents_dir {
        paths::walk_documents(&canonical_root, &documents_dir)
    } else {
        Vec::new()
    };
    match_documents(
        &mut documents,
        files,
        &canonical_root,
        documents_csv.is_some(),
    );
    // Stable: rows that share a path (a duplicate, already flagged) keep their CSV order.
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    let missing = [
        ("people.csv", people_csv.is_some()),
        ("case-notes.csv", notes_csv.is_some()),
        ("documents.csv", documents_csv.is_some()),
        ("documents", documents_entry_exists),
    ]
    .into_iter()
    .filter(|(_, present)| !present)
    .map(|(name, _)| name.to_string())
    .collect();
    let document_ids = document_ids(&documents);
    let mut store = Store {
        root: root.to_path_buf(),
        register,
        notes,
        documents,
        missing,
        attachments: Vec::new(),
        document_ids,
    };
    store.attachments = list_attachments(&store);
    Ok(store)
}

/// Item ids of documents (`D-48213`) that stay the same from run to run on the same store and
/// when files are added to or removed from it: five digits from a SHA-256 of the document's
/// path, not its place in the list, so a decision naming `D-48213` still names the same file
/// after a new letter is filed. Two paths that land on the same number (or a duplicate row of
/// one path) take the next free number in path order, so only a file added to such a clash can
/// move another's id, and then only one that sorts after it.
pub fn document_ids(documents: &[DocumentRow]) -> Vec<String> {
    use sha2::{Digest, Sha256};
    const SPACE: u64 = 100_000;
    let mut taken = std::collections::BTreeSet::new();
    documents
        .iter()
        .map(|document| {
            let digest = Sha256::digest(document.path.as_bytes());
            let mut number = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes")) % SPACE;
            // Past SPACE documents every number is taken: fall back to the next above it.
            let mut tries = 0;
            while !taken.insert(number) {
                number = if tries < SPACE {
                    (number + 1) % SPACE
                } else {
                    number + 1
                };
                tries += 1;
            }
            format!("D-{number:05}")
        })
        .collect()
}

/// How deep attached emails are opened: an email's attachments (1), the attachments of an
/// email attached to it (2), and one level more (3). An email at the last level that carries
/// attachments of its own is held for review with the reason (see [`nested_attachment_count`]).
pub const MAX_ATTACHMENT_DEPTH: usize = 3;

/// The attachments of every readable email (`.eml` or Outlook `.msg`) in the store, and of the
/// emails attached to them down to [`MAX_ATTACHMENT_DEPTH`]. An email that cannot be read or
/// parsed lists none here: it is itself held for review with the reason when gathered.
fn list_attachments(store: &Store) -> Vec<AttachmentRow> {
    use crate::model::Format;
    let mut rows = Vec::new();
    for (parent, document) in store.documents.iter().enumerate() {
        if !document.problems.is_empty()
            || !matches!(
                Format::from_extension(&document.path),
                Format::Email | Format::Msg
            )
        {
            continue;
        }
        let Ok(bytes) = store.read_document(document) else {
            continue;
        };
        nested_rows(parent, &bytes, &mut Vec::new(), &mut rows);
    }
    rows
}

/// Lists the attachments of the email `bytes` (itself within the attached emails `within`),
/// each followed by its own attachments when it is an email and the depth allows.
fn nested_rows(
    parent: usize,
    bytes: &[u8],
    within: &mut Vec<usize>,
    rows: &mut Vec<AttachmentRow>,
) {
    let Ok(attachments) = email_attachments(bytes) else {
        return;
    };
    for (index, attachment) in attachments.into_iter().enumerate() {
        let number = index + 1;
        rows.push(AttachmentRow {
            parent,
            number,
            within: within.clone(),
            name: attachment.name,
            format: attachment.format,
        });
        if matches!(
            attachment.format,
            crate::model::Format::Email | crate::model::Format::Msg
        ) && within.len() + 1 < MAX_ATTACHMENT_DEPTH
        {
            within.push(number);
            nested_rows(parent, &attachment.bytes, within, rows);
            within.pop();
        }
    }
}

/// How many attachments the email `bytes` carries, for an email at [`MAX_ATTACHMENT_DEPTH`]
/// whose attachments are not opened.
pub fn nested_attachment_count(bytes: &[u8]) -> usize {
    email_attachments(bytes).map(|list| list.len()).unwrap_or(0)
}

/// The attachments of an email's bytes (`.eml`, or an Outlook `.msg`, told by its compound-file
/// signature): name, format and decoded bytes (see [`Attachment`]).
pub fn email_attachments(bytes: &[u8]) -> Result<Vec<Attachment>, String> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        msg::msg_attachments(bytes)
    } else {
        text::email_attachments(bytes)
    }
}

/// The `number`th (1-based) attachment of the email `email`.
pub fn attachment_bytes(email: &[u8], number: usize) -> Result<Vec<u8>, String> {
    email_attachments(email)?
        .into_iter()
        .nth(number.wrapping_sub(1))
        .map(|attachment| attachment.bytes)
        .ok_or_else(|| format!("the email no longer has an attachment {number}"))
}

/// The attachment at `path` (positions, outermost first) of the email `email`, opening the
/// attached emails on the way.
pub fn nested_attachment_bytes(email: &[u8], path: &[usize]) -> Result<Vec<u8>, String> {
    let mut bytes = email.to_vec();
    for number in path {
        bytes = attachment_bytes(&bytes, *number)?;
    }
    Ok(bytes)
}

/// Checks that the store holds every source a run relies on: `people.csv` always, and each of
/// [`EXPECTED_SOURCES`] unless `allowed` names it (`documents/` may be written with its slash).
/// Returns the missing sources that were allowed, for the run to say so.
pub fn require_sources(store: &Store, allowed: &[String]) -> Result<Vec<String>, StoreError> {
    if store.missing.iter().any(|name| name == "people.csv") {
        return Err(StoreError::NoRegister {
            path: store.root.join("people.csv"),
        });
    }
    let allowed: Vec<&str> = allowed
        .iter()
        .map(|name| name.trim().trim_end_matches('/'))
        .collect();
    let (accepted, refused): (Vec<String>, Vec<String>) = store
        .missing
        .iter()
        .cloned()
        .partition(|name| allowed.contains(&name.as_str()));
    if refused.is_empty() {
        Ok(accepted)
    } else {
        Err(StoreError::MissingSources {
            root: store.root.clone(),
            missing: refused,
        })
    }
}

/// Pairs the rows of `documents.csv` with the files found under `documents/` (issue 15).
///
/// A row names the file whose [`paths::match_key`] equals its own, as a copy made on Windows or
/// macOS would; the row then carries the file's real name. When the key fits two or more files
/// (names that differ only in case or Unicode form can sit side by side on Linux), the row and
/// every one of those files are held for a person: picking one could disclose the restricted
/// file under another's row. Two rows naming one file are both held, for the same reason. A file
/// no row names, when `documents.csv` exists, has no recorded restriction or source: it is held
/// for review, never disclosed on a guess.
fn match_documents(
    documents: &mut Vec<DocumentRow>,
    files: Vec<DocumentRow>,
    canonical_root: &Path,
    has_register_of_documents: bool,
) {
    use std::collections::BTreeMap;
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, file) in files.iter().enumerate() {
        by_key
            .entry(paths::match_key(&file.path))
            .or_default()
            .push(index);
    }
    // For each file, the rows that claimed it.
    let mut claims: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    // Files several files' worth of ambiguity touched: (file, the row's number and path).
    let mut ambiguous: Vec<Vec<String>> = vec![Vec::new(); files.len()];
    for (row_index, row) in documents.iter_mut().enumerate() {
        if !row.listed || !row.path_ok {
            continue;
        }
        let number = row.row.unwrap_or(0);
        let candidates = by_key
            .get(&paths::match_key(&row.path))
            .cloned()
            .unwrap_or_default();
        match candidates.as_slice() {
            [] => {
                // Not under `documents/` (or not there at all): checked where it says it is.
                if let Err(message) = paths::resolve_inside(canonical_root, &row.path) {
                    row.problems
                        .push(format!("row {number}: column `path`: {message}"));
                }
            }
            [only] => {
                let file = &files[*only];
                if file.path != row.path {
                    row.listed_as = Some(std::mem::replace(&mut row.path, file.path.clone()));
                }
                for problem in &file.problems {
                    row.problems
                        .push(format!("row {number}: column `path`: {problem}"));
                }
                claims[*only].push(row_index);
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|index| format!("`{}`", files[*index].path))
                    .collect();
                row.problems.push(format!(
                    "row {number}: column `path`: `{}` could be any of {} files whose names differ only in letter case, Unicode form or spacing ({}); a person must say which one the row describes",
                    row.path,
                    several.len(),
                    names.join(", ")
                ));
                for index in several {
                    // The file the row spells exactly is the row's own item (held with it);
                    // each other one is listed, and held, on its own.
                    if files[*index].path == row.path {
                        claims[*index].push(row_index);
                    } else {
                        ambiguous[*index].push(format!("row {number} (`{}`)", row.path));
                    }
                }
            }
        }
    }
    for (file_index, rows) in claims.iter().enumerate() {
        if rows.len() < 2 {
            continue;
        }
        let numbers: Vec<String> = rows
            .iter()
            .map(|&row| documents[row].row.unwrap_or(0).to_string())
            .collect();
        for &row in rows {
            let number = documents[row].row.unwrap_or(0);
            documents[row].problems.push(format!(
                "row {number}: column `path`: `{}` is listed by rows {} of documents.csv; a person must say which row describes it",
                files[file_index].path,
                numbers.join(", ")
            ));
        }
    }
    for (index, mut file) in files.into_iter().enumerate() {
        if !claims[index].is_empty() {
            continue;
        }
        if !ambiguous[index].is_empty() {
            file.problems.push(format!(
                "documents.csv {} could mean this file or another whose name differs only in letter case, Unicode form or spacing; a person must say which one the row describes",
                ambiguous[index].join(" and ")
            ));
        } else if has_register_of_documents {
            file.problems.push(
                "not listed in documents.csv: whether it is restricted and who supplied it are not recorded; a person must check it before it is disclosed"
                    .to_string(),
            );
        }
        documents.push(file);
    }
}

/// Extracts plain text from a DOCX, EML or TXT file's bytes (paragraphs separated by blank lines).
/// An error says, in plain English, why the text cannot be read reliably.
pub fn read_document_text(bytes: &[u8], format: crate::model::Format) -> Result<String, String> {
    text::read_document_text(bytes, format)
}
