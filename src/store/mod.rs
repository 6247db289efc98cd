//! The records store: a folder holding `people.csv`, `case-notes.csv`, `documents.csv` and
//! `documents/`. Opened read only; nothing here ever writes.
//!
//! OWNER: store helper. Contract: [`open`] and [`read_document_text`].

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::model::Register;

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
    /// Absolute path of a document row's file. Callers must only use paths from `documents`,
    /// which `open` has checked stay inside the store.
    pub fn document_path(&self, row: &DocumentRow) -> PathBuf {
        self.root.join(&row.path)
    }
}

/// Reads the store at `root`.
pub fn open(root: &Path) -> Result<Store, StoreError> {
    Err(StoreError::Empty {
        root: root.to_path_buf(),
    })
}

/// Extracts plain text from a DOCX, EML or TXT file's bytes (paragraphs separated by blank lines).
/// An error says, in plain English, why the text cannot be read reliably.
pub fn read_document_text(bytes: &[u8], format: crate::model::Format) -> Result<String, String> {
    let _ = (bytes, format);
    Err("not implemented".to_string())
}
