//! Pictures in typeset records (issue 15 point 4, issue 16): a picture pasted into a Word file or
//! sent with an email is read again from the store, checked to be the picture that was read, the
//! pixels of every redacted word OCR read in it filled black, and typeset at its place in the
//! record as a fresh picture made from those pixels alone (no copy of the original file, its
//! metadata or its other pixels goes with it). Text around the pictures is set as any text
//! record's is ([`super::paragraphs`]).

use sha2::{Digest, Sha256};

use super::RedactError;
use crate::model::{Redaction, Span, TextPicture};
use crate::render::{Block, Picture};

fn review(reason: impl Into<String>) -> RedactError {
    RedactError::NeedsReview(reason.into())
}

/// A text record's blocks: paragraphs with redaction boxes, and the pictures at their places.
pub(super) struct Placed {
    pub(super) blocks: Vec<Block>,
    /// For every redaction box in the paragraphs, in order, the redaction it stands for.
    pub(super) owners: Vec<usize>,
    /// For every picture, in order, the redactions whose words were filled in it.
    pub(super) pictures: Vec<Vec<usize>>,
}

/// Lays out `text` with its pictures. Fails closed (the record goes to a person) when a picture
/// cannot be read again, is not the one that was read, or a redaction in its text covers no
/// word read in it.
pub(super) fn place(
    text: &str,
    pictures: &[TextPicture],
    redactions: &[Redaction],
) -> Result<Placed, RedactError> {
    let mut placed = Placed {
        blocks: Vec::new(),
        owners: Vec::new(),
        pictures: Vec::new(),
    };
    let mut cursor = 0;
    for (number, picture) in pictures.iter().enumerate() {
        if picture.start < cursor
            || picture.end < picture.start
            || text.get(picture.start..picture.end).is_none()
        {
            return Err(review(
                "a picture's text no longer matches the record; re-read the file",
            ));
        }
        paragraphs_between(text, cursor, picture.start, redactions, &mut placed);
        let (block, used) = picture_block(number + 1, picture, text, redactions)?;
        placed.blocks.push(block);
        placed.pictures.push(used);
        cursor = picture.end;
    }
    paragraphs_between(text, cursor, text.len(), redactions, &mut placed);
    Ok(placed)
}

/// The paragraphs of `text[from..to]`, the redactions clipped to it.
fn paragraphs_between(
    text: &str,
    from: usize,
    to: usize,
    redactions: &[Redaction],
    placed: &mut Placed,
) {
    if from >= to {
        return;
    }
    let mut indexes = Vec::new();
    let mut clipped = Vec::new();
    for (index, redaction) in redactions.iter().enumerate() {
        let (start, end) = (redaction.span.start.max(from), redaction.span.end.min(to));
        if start < end {
            indexes.push(index);
            clipped.push(Redaction {
                span: Span::new(start - from, end - from),
                ..redaction.clone()
            });
        }
    }
    let (runs, owners) = super::paragraphs(&text[from..to], &clipped);
    placed.blocks.extend(runs.into_iter().map(Block::Paragraph));
    placed
        .owners
        .extend(owners.into_iter().map(|owner| indexes[owner]));
}

/// The bytes of the picture file as stored: read again from the store's file, out of the
/// email and the Word file it sits in.
fn stored_bytes(picture: &TextPicture) -> Result<Vec<u8>, RedactError> {
    let mut bytes = std::fs::read(&picture.path)
        .map_err(|error| review(format!("cannot read the file again: {error}")))?;
    if !picture.attachment.is_empty() {
        bytes =
            crate::store::nested_attachment_bytes(&bytes, &picture.attachment).map_err(review)?;
    }
    if let Some(entry) = &picture.entry {
        bytes = crate::store::docx_entry(&bytes, entry).map_err(review)?;
    }
    let digest: String = Sha256::digest(&bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    if digest != picture.digest {
        return Err(review(
            "a picture is not the one that was read; re-read the file",
        ));
    }
    Ok(bytes)
}

/// Picture `number` with the pixels of every redacted word filled, and the redactions applied
/// to it.
fn picture_block(
    number: usize,
    picture: &TextPicture,
    text: &str,
    redactions: &[Redaction],
) -> Result<(Block, Vec<usize>), RedactError> {
    let bytes = stored_bytes(picture)?;
    let mut pixels = crate::ocr::picture::decode(&bytes)
        .map_err(|reason| review(format!("picture {number}: {reason}")))?;
    drop(bytes);
    if (pixels.width, pixels.height) != (picture.width, picture.height) {
        return Err(review(format!(
            "picture {number} is not the size that was read; re-read the file"
        )));
    }
    let mut used = Vec::new();
    let mut codes: Vec<&str> = Vec::new();
    for (index, redaction) in redactions.iter().enumerate() {
        let (start, end) = (
            redaction.span.start.max(picture.start),
            redaction.span.end.min(picture.end),
        );
        if start >= end {
            continue;
        }
        let mut filled = false;
        for word in &picture.words {
            if word.start < end && word.end > start {
                pixels.fill(super::pdf::padded_word_box(word.bbox));
                filled = true;
            }
        }
        if !filled {
            if text[start..end].chars().any(|c| !c.is_whitespace()) {
                return Err(review(format!(
                    "picture {number}: redaction {} (code `{}`) covers no word read in it",
                    index + 1,
                    redaction.code
                )));
            }
            continue;
        }
        used.push(index);
        if !codes.contains(&redaction.code.0.as_str()) {
            codes.push(&redaction.code.0);
        }
    }
    // sarpack's own words and the policy's codes: nothing from the picture's file.
    let caption = if codes.is_empty() {
        format!("Picture {number} of this record.")
    } else {
        format!(
            "Picture {number} of this record. The black areas were removed ({}).",
            codes.join(", ")
        )
    };
    let block = Block::Picture {
        picture: Picture {
            width: pixels.width,
            height: pixels.height,
            channels: pixels.channels,
            data: pixels.data,
        },
        caption,
    };
    Ok((block, used))
}
