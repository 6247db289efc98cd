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

mod paths;
mod records;
mod table;
mod text;

pub use table::{MAX_CSV_BYTES, read_file_bounded};
pub use text::{MAX_DOCX_ENTRIES, MAX_DOCX_PART_BYTES};

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
}

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
    /// Path relative to the store, `/` separated, e.g. `documents/2019-04-02-letter.pdf`.
    pub path: String,
    pub listed: bool,
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
}

impl Store {
    /// Path of a document row's file, for display. To read a file use [`Store::read_document`]:
    /// a row with problems may name a path that leaves the store (`../x`, an absolute path, a
    /// link out), and only `read_document` refuses those.
    pub fn document_path(&self, row: &DocumentRow) -> PathBuf {
        self.root.join(&row.path)
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
        Some(table) => records::documents(table, &register, &canonical_root),
        None => Vec::new(),
    };
    if documents_entry_exists && !has_documents_dir {
        // A `documents` link or file: not followed, but never silently ignored.
        documents.push(DocumentRow {
            path: "documents".to_string(),
            listed: false,
            date: None,
            title: "documents".to_string(),
            doc_type: String::new(),
            author: String::new(),
            agency: String::new(),
            restricted: false,
            restriction_reason: String::new(),
            subjects: Vec::new(),
            problems: vec![
                "`documents` is not a folder inside the records store (a link or a file); its contents were not read"
                    .to_string(),
            ],
        });
    }
    if has_documents_dir {
        let listed: std::collections::HashSet<String> =
            documents.iter().map(|row| row.path.clone()).collect();
        for found in paths::walk_documents(&canonical_root, &documents_dir) {
            if !listed.contains(&found.path) {
                documents.push(found);
            }
        }
    }
    // Stable: rows that share a path (a duplicate, already flagged) keep their CSV order.
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Store {
        root: root.to_path_buf(),
        register,
        notes,
        documents,
    })
}

/// Extracts plain text from a DOCX, EML or TXT file's bytes (paragraphs separated by blank lines).
/// An error says, in plain English, why the text cannot be read reliably.
pub fn read_document_text(bytes: &[u8], format: crate::model::Format) -> Result<String, String> {
    text::read_document_text(bytes, format)
}
