//! Rectification (UK GDPR Art 16 and 19): who earlier answers gave each record to. A
//! rectification request names the earlier answers (`disclosed_in`: their request file and the
//! output folder sarpack wrote them to). What went out is what the earlier answer's audit trail
//! records as sent: each `sent` event names a version, and pins by SHA-256 the pack and the
//! version's `vN/sent.json` (see [`crate::audit::versions`]), which lists the records it
//! carried; the earlier request says to whom. A trail that does not check, a `sent.json` the
//! trail does not record or that differs from what it recorded, is an error: the list of
//! recipients must not be guessed. The pipeline tells each recipient of a corrected record
//! (Art 19).
//!
//! Contract: [`disclosures`].

use std::path::PathBuf;

use jiff::civil::Date;

use crate::model::Request;

#[derive(Debug, thiserror::Error)]
pub enum RectifyError {
    #[error("`disclosed_in[{index}]`: cannot read the earlier request")]
    Request {
        index: usize,
        #[source]
        source: crate::request::RequestError,
    },
    #[error(
        "`disclosed_in[{index}]`: `{path}` does not exist; give the output folder the earlier answer was written to (the one passed to `sarpack run --out`)"
    )]
    NoOutput { index: usize, path: PathBuf },
    #[error("`disclosed_in[{index}]`: cannot read what was sent from `{path}`")]
    Sent {
        index: usize,
        path: PathBuf,
        #[source]
        source: crate::audit::versions::VersionError,
    },
    #[error(
        "`disclosed_in[{index}]`: the audit trail in `{path}` does not check ({problem}), so what was sent cannot be trusted; run `sarpack audit` on that folder"
    )]
    Trail {
        index: usize,
        path: PathBuf,
        problem: String,
    },
    #[error(
        "`disclosed_in[{index}]`: `{path}` says version {version} was sent, but the audit trail records no `sent` event for it; record a sending with `sarpack sent`, never by writing the file"
    )]
    NotInTrail {
        index: usize,
        path: PathBuf,
        version: u32,
    },
    #[error(
        "`disclosed_in[{index}]`: the audit trail records version {version} as sent, but `{path}` is missing or does not match what it recorded ({what}); restore the version folder as it was written"
    )]
    Changed {
        index: usize,
        path: PathBuf,
        version: u32,
        what: String,
    },
    #[error(
        "`disclosed_in[{index}]`: `{path}` is a request about `{theirs}`, not this request's subject `{ours}`"
    )]
    OtherSubject {
        index: usize,
        path: PathBuf,
        theirs: String,
        ours: String,
    },
}

/// A record of this request that an earlier answer gave to its requester.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// Index into the request's `rectification` entries.
    pub record: usize,
    /// Index into the request's `disclosed_in`.
    pub answer: usize,
    /// The earlier request's reference and its requester, who received it.
    pub reference: String,
    pub name: String,
    pub address: Vec<String>,
    /// The version that carried it and the day it was sent.
    pub version: u32,
    pub on: Date,
}

/// The versions of the answer in `out` that its audit trail records as sent, each checked
/// against the trail's `sent` event (the pack's SHA-256, and `sent.json`'s where the event
/// holds it: trails written before it did hold only the pack's).
fn sent_by_trail(
    index: usize,
    out: &std::path::Path,
) -> Result<Vec<crate::audit::versions::Sent>, RectifyError> {
    use crate::audit::trail::{self, EventKind};
    use crate::audit::versions::{self, SENT_FILE};
    let sent = versions::sent_so_far(out).map_err(|source| RectifyError::Sent {
        index,
        path: out.to_path_buf(),
        source,
    })?;
    let internal = out.join("internal");
    let history = match trail::check(&internal) {
        Ok(history) => history,
        // No trail: nothing was ever recorded as sent from here.
        Err(trail::TrailError::Read { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound =>
        {
            trail::History::default()
        }
        Err(error) => {
            return Err(RectifyError::Trail {
                index,
                path: internal,
                problem: error.to_string(),
            });
        }
    };
    if let Some(problem) = history.problems.first() {
        return Err(RectifyError::Trail {
            index,
            path: internal,
            problem: problem.clone(),
        });
    }
    let events: Vec<&trail::Line> = history
        .lines
        .iter()
        .filter(|line| line.event == EventKind::Sent)
        .collect();
    for record in &sent {
        if !events
            .iter()
            .any(|line| line.version == Some(record.version))
        {
            return Err(RectifyError::NotInTrail {
                index,
                path: versions::folder(out, record.version).join(SENT_FILE),
                version: record.version,
            });
        }
    }
    let mut checked = Vec::new();
    for line in events {
        let Some(version) = line.version else {
            continue;
        };
        let path = versions::folder(out, version).join(SENT_FILE);
        let changed = |what: &str| RectifyError::Changed {
            index,
            path: path.clone(),
            version,
            what: what.to_string(),
        };
        let record = sent
            .iter()
            .find(|record| record.version == version)
            .ok_or_else(|| changed("there is no such file"))?;
        let pack_key = format!("v{version}/{}", record.pack);
        if line.hashes.get(&pack_key) != Some(&record.pack_sha256) {
            return Err(changed(
                "the pack it names is not the pack the trail recorded",
            ));
        }
        if let Some(expected) = line.hashes.get(&format!("v{version}/{SENT_FILE}")) {
            let actual = trail::sha256_of_file(&path).map_err(|_| changed("it cannot be read"))?;
            if &actual != expected {
                return Err(changed("its SHA-256 is not the one the trail recorded"));
            }
        }
        checked.push(record.clone());
    }
    checked.sort_by_key(|record| record.version);
    checked.dedup_by_key(|record| record.version);
    Ok(checked)
}

/// Every time an earlier answer named in `request.disclosed_in` sent one of the records the
/// request asks to have corrected, in answer order, then version order.
pub fn disclosures(request: &Request) -> Result<Vec<Disclosure>, RectifyError> {
    let mut found = Vec::new();
    for (index, earlier) in request.disclosed_in.iter().enumerate() {
        let theirs = crate::request::load(&earlier.request)
            .map_err(|source| RectifyError::Request { index, source })?;
        if theirs.subject.person_id != request.subject.person_id {
            return Err(RectifyError::OtherSubject {
                index,
                path: earlier.request.clone(),
                theirs: theirs.subject.person_id,
                ours: request.subject.person_id.clone(),
            });
        }
        if !earlier.out.is_dir() {
            return Err(RectifyError::NoOutput {
                index,
                path: earlier.out.clone(),
            });
        }
        let sent = sent_by_trail(index, &earlier.out)?;
        for version in &sent {
            for (record, entry) in request.rectification.iter().enumerate() {
                if version
                    .items
                    .iter()
                    .any(|item| entry.is_source(&item.source))
                {
                    found.push(Disclosure {
                        record,
                        answer: index,
                        reference: theirs.reference.clone(),
                        name: theirs.requester.name.clone(),
                        address: theirs.requester.address.clone(),
                        version: version.version,
                        on: version.on,
                    });
                }
            }
        }
    }
    Ok(found)
}
