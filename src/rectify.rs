//! Rectification (UK GDPR Art 16 and 19): who earlier answers gave each record to. A
//! rectification request names the earlier answers (`disclosed_in`: their request file and the
//! output folder sarpack wrote them to); each version recorded as sent there (`vN/sent.json`,
//! see [`crate::audit::versions`]) lists the records it carried, and the earlier request says
//! to whom. The pipeline tells each recipient of a corrected record (Art 19).
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
        let sent = crate::audit::versions::sent_so_far(&earlier.out).map_err(|source| {
            RectifyError::Sent {
                index,
                path: earlier.out.clone(),
                source,
            }
        })?;
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
