//! Spools: documents parked on disk between stages, so that a run's memory is bounded by the
//! largest document and not by the store (issue 7: a care leaver's 20,000 pages would otherwise
//! sit in memory twice, redacted and then stamped, until the zip is written).
//!
//! A [`Spool`] is a file in the output folder that documents are appended to and read back from
//! by position; each read checks the SHA-256 taken when the document was written, so a spool that
//! changed on disk cannot put different bytes into the pack than the ones that were checked. A
//! [`Staging`] is a spool that takes only [`Verified`] files, and is the only other way (besides
//! [`super::assemble`]) to write a pack: an unverified byte still cannot reach the zip.
//! Spool files are removed when dropped, whether the run succeeded or not.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::PackError;
use crate::verify::Verified;

/// Where a document sits in a spool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spooled {
    offset: u64,
    len: u64,
    sha256: [u8; 32],
}

impl Spooled {
    /// The document's size in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }
    /// Whether the document is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// An append-only file of documents, removed on drop.
#[derive(Debug)]
pub struct Spool {
    path: PathBuf,
    file: std::fs::File,
    end: u64,
}

impl Spool {
    /// Creates (or truncates) the spool file at `path`.
    pub fn create(path: &Path) -> Result<Spool, PackError> {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(path)
            .map_err(|source| PackError::Write {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Spool {
            path: path.to_path_buf(),
            file,
            end: 0,
        })
    }

    fn error(&self, source: std::io::Error) -> PackError {
        PackError::Write {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends `bytes`; returns where they are.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Spooled, PackError> {
        let sha256: [u8; 32] = Sha256::digest(bytes).into();
        self.file
            .seek(SeekFrom::Start(self.end))
            .and_then(|_| self.file.write_all(bytes))
            .map_err(|source| self.error(source))?;
        let spooled = Spooled {
            offset: self.end,
            len: bytes.len() as u64,
            sha256,
        };
        self.end += spooled.len;
        Ok(spooled)
    }

    /// Reads a document back, checking that it is byte for byte what was pushed.
    pub fn read(&mut self, at: &Spooled) -> Result<Vec<u8>, PackError> {
        let len = usize::try_from(at.len)
            .map_err(|_| self.error(std::io::Error::other("a spooled document is too large")))?;
        let mut bytes = vec![0; len];
        self.file
            .seek(SeekFrom::Start(at.offset))
            .and_then(|_| self.file.read_exact(&mut bytes))
            .map_err(|source| self.error(source))?;
        let sha256: [u8; 32] = Sha256::digest(&bytes).into();
        if sha256 != at.sha256 {
            return Err(self.error(std::io::Error::other(
                "a spooled document changed on disk after it was written",
            )));
        }
        Ok(bytes)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        // Nothing useful can be done if the file cannot be removed; it holds nothing that has
        // not been verified or that the internal records do not already hold.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// One verified file parked in a [`Staging`] spool. Only [`Staging::add`] makes one, from a
/// [`Verified`] file.
#[derive(Debug, Clone)]
pub struct Staged {
    name: String,
    pages: u32,
    at: Spooled,
}

impl Staged {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn pages(&self) -> u32 {
        self.pages
    }
}

/// Verified files waiting for the zip, on disk.
#[derive(Debug)]
pub struct Staging {
    spool: Spool,
    files: Vec<Staged>,
}

impl Staging {
    /// Creates the staging spool at `path` (in the output folder, beside the pack).
    pub fn create(path: &Path) -> Result<Staging, PackError> {
        Ok(Staging {
            spool: Spool::create(path)?,
            files: Vec::new(),
        })
    }

    /// Parks a verified file; its bytes leave memory.
    pub fn add(&mut self, file: Verified) -> Result<&Staged, PackError> {
        let at = self.spool.push(file.bytes())?;
        self.files.push(Staged {
            name: file.name().to_string(),
            pages: file.pages(),
            at,
        });
        let last = self.files.len() - 1;
        Ok(&self.files[last])
    }

    /// The files staged so far, in the order they were added.
    pub fn files(&self) -> &[Staged] {
        &self.files
    }

    /// The bytes of the `index`th staged file, read back (checked against its hash).
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, PackError> {
        let at = self.files[index].at.clone();
        self.spool.read(&at)
    }

    /// Writes the pack zip at `path` from the staged files, exactly as [`super::assemble`]
    /// would from the same verified files (same entries, order, timestamps and manifest), then
    /// removes the staging spool.
    pub fn assemble(mut self, path: &Path, reference: &str) -> Result<super::Manifest, PackError> {
        let entries: Vec<super::Entry> = self
            .files
            .iter()
            .map(|file| super::Entry {
                file: file.name.clone(),
                sha256: hex(&file.at.sha256),
                bytes: file.at.len,
            })
            .collect();
        let spool = &mut self.spool;
        let files = &self.files;
        super::write_zip(path, reference, entries, |index| {
            spool.read(&files[index].at).map(std::borrow::Cow::Owned)
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spool_gives_back_what_it_was_given_and_removes_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spool");
        let mut spool = Spool::create(&path).unwrap();
        let first = spool.push(b"first document").unwrap();
        let second = spool.push(b"").unwrap();
        let third = spool.push(b"third").unwrap();
        assert_eq!(spool.read(&third).unwrap(), b"third");
        assert_eq!(spool.read(&first).unwrap(), b"first document");
        assert!(spool.read(&second).unwrap().is_empty());
        drop(spool);
        assert!(!path.exists());
    }

    #[test]
    fn a_spool_changed_on_disk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spool");
        let mut spool = Spool::create(&path).unwrap();
        let at = spool.push(b"Sarah Jones").unwrap();
        std::fs::write(&path, b"XXXXX Jones").unwrap();
        assert!(spool.read(&at).is_err());
    }
}
