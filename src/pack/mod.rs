//! The disclosure pack: the zip sent to the requester. It is assembled only from
//! [`Verified`] files — records in date order, the schedule, the redaction key, the covering
//! letter — plus `manifest.json` with the SHA-256 of each. Written to a temporary file and
//! renamed into place, with fixed timestamps, so the same input gives a byte-identical pack.

pub mod bundle;
pub mod combined;
pub mod documents;
pub mod glossary;
pub mod rectification;
pub mod spool;
pub mod stamp;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Code, CodeMeaning, Deadline, Disposition, OrganisationProfile, Request};
use crate::verify::Verified;

/// One row of the schedule the requester sees (neutral descriptions only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleRow {
    /// 1-based position in the schedule.
    pub number: usize,
    pub date: Option<Date>,
    /// Neutral description: record type and author role, never a withheld title.
    pub description: String,
    pub disposition: Disposition,
    /// Plain-English reason.
    pub reason: String,
    /// Codes used on the item (redactions or the withholding code).
    pub codes: Vec<Code>,
    /// Pack page range, for disclosed items.
    pub pages: Option<(u32, u32)>,
    /// File inside the zip, for disclosed items.
    pub file: Option<String>,
    /// The agency that supplied the record (never printed; the letter uses it to say whether
    /// the agency was asked).
    pub agency: Option<String>,
    /// Who recorded it, in role terms (`documents::recorded_by`), for the chronology.
    pub recorded_by: String,
    /// Read and made ready, then held back because the verifier found something in it (its
    /// disposition is pending review): the letter says so apart from records not read.
    #[serde(skip)]
    pub held_back: bool,
}

/// Counts per disposition, for the letter and the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub gathered: usize,
    pub disclosed: usize,
    pub redacted: usize,
    pub withheld: usize,
    pub referred: usize,
    pub pending_review: usize,
    pub excluded: usize,
}

/// Everything the pack's own documents (schedule, key, letter) are made from.
#[derive(Debug, Clone)]
pub struct PackContext<'a> {
    pub request: &'a Request,
    pub deadline: &'a Deadline,
    /// The date the pack was produced (passed in: one place reads the clock).
    pub produced: Date,
    pub rows: Vec<ScheduleRow>,
    /// Only the codes used in this pack, in key order.
    pub codes: Vec<CodeMeaning>,
    pub counts: Counts,
    /// Plain-English description of the searches made (ICO audit framework expects it).
    pub searches: Vec<String>,
    /// The organisation profile (`organisation.toml`), when there is one.
    pub organisation: Option<&'a OrganisationProfile>,
    /// Which reading aids the pack holds (the letter mentions only those).
    pub enclosed: Enclosed,
    /// The glossary entries that occur in the records that ship, in glossary order.
    pub glossary: Vec<glossary::GlossaryEntry>,
    /// When earlier versions were sent: this pack is the next instalment (issue 12).
    pub instalment: Option<Instalment>,
    /// A rectification request's records, with the corrections asked for and the decisions.
    pub rectified: Vec<rectification::Rectified>,
}

/// This pack is one instalment of the reply: what went before, and what this one carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instalment {
    /// 2 for the second pack sent, and so on.
    pub number: u32,
    /// The instalments sent before: (number, the day it was sent, records it carried).
    pub earlier: Vec<(u32, Date, usize)>,
}

/// The reading aids in a pack besides the records, schedule, key and letter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Enclosed {
    /// All records in one PDF with a contents page and bookmarks.
    pub combined: bool,
    pub chronology: bool,
    pub glossary: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("cannot write `{path}`")]
    Write {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot build the zip: {0}")]
    Zip(String),
}

/// The name of the manifest inside the zip.
pub const MANIFEST: &str = "manifest.json";

/// One line of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ManifestEntry {
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
}

/// `manifest.json`: every file of the pack with its SHA-256, so the recipient (and `sarpack
/// verify`) can tell that nothing was altered or added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Manifest {
    pub reference: String,
    pub files: Vec<ManifestEntry>,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Lower-case hex SHA-256 of a file, read in blocks (a pack can be larger than memory should hold).
pub fn sha256_file(path: &std::path::Path) -> Result<String, PackError> {
    use sha2::Digest;
    let error = |source| PackError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(error)?;
    let mut hasher = sha2::Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let read = std::io::Read::read(&mut file, &mut block).map_err(error)?;
        if read == 0 {
            break;
        }
        hasher.update(&block[..read]);
    }
    let mut hex = String::with_capacity(64);
    for byte in hasher.finalize().iter() {
        hex.push_str(&format!("{byte:02x}"));
    }
    Ok(hex)
}

/// Writes the pack zip at `path` from verified files only, adding `manifest.json`. The zip is
/// written to a temporary file beside `path` and renamed into place, so a killed run leaves no
/// partial pack; entries are sorted and timestamps fixed, so the same input gives the same bytes.
pub fn assemble(
    path: &std::path::Path,
    reference: &str,
    files: &[Verified],
) -> Result<Manifest, PackError> {
    let entries = files
        .iter()
        .map(|file| Entry {
            file: file.name().to_string(),
            sha256: sha256_hex(file.bytes()),
            bytes: file.bytes().len() as u64,
        })
        .collect();
    write_zip(path, reference, entries, |index| {
        Ok(std::borrow::Cow::Borrowed(files[index].bytes()))
    })
}

/// A file to be zipped: its manifest line, before its bytes are fetched.
pub(crate) type Entry = ManifestEntry;

/// The one writer of pack zips. `entries[i]` describes the file whose bytes `fetch(i)` gives;
/// the entries are written sorted by name, one at a time, so only one file's bytes need be in
/// memory (see [`spool::Staging`]).
pub(crate) fn write_zip<'a>(
    path: &std::path::Path,
    reference: &str,
    entries: Vec<Entry>,
    mut fetch: impl FnMut(usize) -> Result<std::borrow::Cow<'a, [u8]>, PackError>,
) -> Result<Manifest, PackError> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| entries[a].file.cmp(&entries[b].file));
    let manifest = Manifest {
        reference: reference.to_string(),
        files: order.iter().map(|&index| entries[index].clone()).collect(),
    };
    let manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|error| PackError::Zip(error.to_string()))?;

    let write_error = |source: std::io::Error| PackError::Write {
        path: path.to_path_buf(),
        source,
    };
    let temporary = path.with_extension("zip.partial");
    let written = (|| {
        let file = std::fs::File::create(&temporary).map_err(write_error)?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let zip_error = |error: zip::result::ZipError| PackError::Zip(error.to_string());
        for &index in &order {
            let bytes = fetch(index)?;
            zip.start_file(entries[index].file.as_str(), options)
                .map_err(zip_error)?;
            zip.write_all(&bytes).map_err(write_error)?;
        }
        zip.start_file(MANIFEST, options).map_err(zip_error)?;
        zip.write_all(&manifest_bytes).map_err(write_error)?;
        let writer = zip.finish().map_err(zip_error)?;
        let file = writer
            .into_inner()
            .map_err(|error| write_error(error.into_error()))?;
        file.sync_all().map_err(write_error)?;
        Ok(())
    })();
    if let Err(error) = written {
        // Fail closed: no partial pack is left behind to be mistaken for one.
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    std::fs::rename(&temporary, path).map_err(write_error)?;
    Ok(manifest)
}
