//! Redaction: turns a decided item into the document that will ship. Text items (case notes,
//! emails, Word and text files) are typeset afresh with each redaction replaced by a labelled box
//! (the removed text never reaches the typesetter; a Word table's rows are set as a table,
//! [`table`]) and their pictures set at their places with the pixels of redacted words filled
//! ([`picture`]); original PDFs are redacted in place by removing
//! glyphs from their content streams and filling the pixels of words read in their pictures
//! ([`pdf::redact_pdf_with_pictures`]).

pub mod pdf;
mod picture;
mod table;

use crate::model::{AppliedRedaction, Content, Decision, Item, PackFile, Redaction};
use crate::render::{Block, Layout, Run};

#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    /// The item cannot be redacted reliably; it becomes `pending-review` with this reason.
    #[error("{0}")]
    NeedsReview(String),
}

/// A redacted document and the redactions it carries.
#[derive(Debug, Clone)]
pub struct Redacted {
    pub file: PackFile,
    pub applied: Vec<AppliedRedaction>,
    /// SHA-256 (hex) of every original picture replaced by a filled copy: none may ship.
    pub replaced_pictures: Vec<String>,
}

/// How a rendered record presents its header: decided by `decide` and recorded in the plan.
pub use crate::model::Presentation;

/// Produces the pack document for one item whose disposition ships. The file's `name` is the
/// item id; the pipeline names it in the pack.
pub fn redact(
    item: &Item,
    decision: &Decision,
    presentation: Presentation,
) -> Result<Redacted, RedactError> {
    match &item.content {
        Content::Text { text, pictures, .. } => {
            redact_text(item, text, pictures, decision, &presentation)
        }
        Content::Pdf {
            path,
            pictures,
            attachment,
            within,
            unread_pictures,
            ..
        } => {
            let mut bytes = std::fs::read(path).map_err(|error| {
                RedactError::NeedsReview(format!("cannot read the file again: {error}"))
            })?;
            if let Some(number) = attachment {
                let mut position = within.clone();
                position.push(*number);
                bytes = crate::store::nested_attachment_bytes(&bytes, &position)
                    .map_err(RedactError::NeedsReview)?;
            }
            let plan = pdf::PdfPlan {
                redactions: &decision.redactions,
                pictures,
                areas: &decision.areas,
                unread_pictures_checked: !unread_pictures.is_empty(),
                labels: &presentation.labels,
                own_title: false,
            };
            let redacted = pdf::redact_pdf_planned(
                &bytes,
                &plan,
                &item.id,
                &crate::pdf::PdfOptions::default(),
            )?;
            Ok(Redacted {
                file: PackFile {
                    name: item.id.clone(),
                    bytes: redacted.bytes,
                    item: Some(item.id.clone()),
                    pages: redacted.pages,
                },
                applied: redacted.applied,
                replaced_pictures: redacted.replaced_pictures,
            })
        }
        Content::Unreadable { reason, .. } => Err(RedactError::NeedsReview(reason.clone())),
    }
}

fn redact_text(
    item: &Item,
    text: &str,
    pictures: &[crate::model::TextPicture],
    decision: &Decision,
    presentation: &Presentation,
) -> Result<Redacted, RedactError> {
    let mut blocks = vec![Block::Title(item.record_type.clone())];
    let mut fields = vec![(
        "Date".to_string(),
        item.date
            .map(|date| date.to_string())
            .unwrap_or_else(|| "not recorded".to_string()),
    )];
    if presentation.show_author && !item.author.trim().is_empty() {
        fields.push(("Recorded by".to_string(), item.author.trim().to_string()));
    }
    if let Some(agency) = &item.agency {
        fields.push(("Supplied by".to_string(), agency.clone()));
    }
    blocks.push(Block::Fields(fields));
    let picture::Placed {
        blocks: mut body,
        owners,
        pictures: in_pictures,
    } = picture::place(text, pictures, &decision.redactions)?;
    // Relationship labels where the policy allows them: box `n` stands for redaction owners[n].
    if !presentation.labels.is_empty() {
        let mut boxes = owners.iter();
        let runs = body.iter_mut().filter_map(|block| match block {
            Block::Paragraph(runs) => Some(runs),
            _ => None,
        });
        for run in runs.flatten() {
            if let Run::Redaction(code) = run
                && let Some(owner) = boxes.next()
                && let Some(Some(label)) = presentation.labels.get(*owner)
            {
                *code = crate::model::Code(label.clone());
            }
        }
    }
    blocks.extend(table::group(body));
    let layout = Layout {
        blocks,
        landscape: false,
    };
    let rendered = crate::render::render_with_places(&layout)
        .map_err(|error| RedactError::NeedsReview(format!("cannot typeset the record: {error}")))?;
    let (bytes, pages, box_pages) = (rendered.bytes, rendered.pages, rendered.boxes);
    if box_pages.len() != owners.len() {
        return Err(RedactError::NeedsReview(format!(
            "the typesetter drew {} redaction boxes for {} planned",
            box_pages.len(),
            owners.len()
        )));
    }
    if rendered.pictures.len() != in_pictures.len() {
        return Err(RedactError::NeedsReview(format!(
            "the typesetter set {} pictures for {} planned",
            rendered.pictures.len(),
            in_pictures.len()
        )));
    }
    // One log line per redaction and page it appears on.
    let mut placed: Vec<(usize, u32)> = owners.into_iter().zip(box_pages).collect();
    placed.dedup();
    // Words filled in a picture: on the page the picture is set on.
    for (used, page) in in_pictures.iter().zip(&rendered.pictures) {
        for &index in used {
            if !placed.contains(&(index, *page)) {
                placed.push((index, *page));
            }
        }
    }
    let applied = placed
        .into_iter()
        .map(|(index, page)| {
            let redaction = &decision.redactions[index];
            AppliedRedaction {
                item: item.id.clone(),
                page,
                code: redaction.code.clone(),
                basis: redaction.basis.clone(),
                text: redaction.text.clone(),
                rule: redaction.rule.clone(),
            }
        })
        .collect::<Vec<_>>();
    let (bytes, applied) = typeset_areas(item, decision, bytes, applied, pages)?;
    Ok(Redacted {
        file: PackFile {
            name: item.id.clone(),
            bytes,
            item: Some(item.id.clone()),
            pages,
        },
        applied,
        replaced_pictures: Vec::new(),
    })
}

/// A person's areas on a record sarpack typesets: the pages are the typeset record's, as the
/// pack shows them, so the areas are removed from the typeset PDF by the same redactor as an
/// original's (the page stamp added later does not move anything).
fn typeset_areas(
    item: &Item,
    decision: &Decision,
    bytes: Vec<u8>,
    mut applied: Vec<AppliedRedaction>,
    pages: u32,
) -> Result<(Vec<u8>, Vec<AppliedRedaction>), RedactError> {
    if decision.areas.is_empty() {
        return Ok((bytes, applied));
    }
    if let Some(area) = decision.areas.iter().find(|area| area.page > pages) {
        return Err(RedactError::NeedsReview(format!(
            "decision {} (`redact-area` on page {}): the record is typeset on {pages} page(s); correct the page number",
            area.entry, area.page
        )));
    }
    let plan = pdf::PdfPlan {
        areas: &decision.areas,
        // The pictures of a typeset record were read (and redacted) before it was typeset;
        // here only the area is filled in them, and the verifier reads them again.
        unread_pictures_checked: true,
        own_title: true,
        ..pdf::PdfPlan::default()
    };
    let redacted =
        pdf::redact_pdf_planned(&bytes, &plan, &item.id, &crate::pdf::PdfOptions::default())?;
    applied.extend(redacted.applied);
    Ok((redacted.bytes, applied))
}

/// Splits `text` into one paragraph per non-blank line, replacing every redacted byte range with
/// a box. A redaction that spans lines leaves a box on each line it touches, so no fragment of the
/// removed text survives. Redactions must be sorted and non-overlapping (as `decide` makes them).
/// Also returns, for every box in order, the index of the redaction it stands for.
pub fn paragraphs(text: &str, redactions: &[Redaction]) -> (Vec<Vec<Run>>, Vec<usize>) {
    let mut result = Vec::new();
    let mut owners = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let end = start + content.len();
        let mut runs = Vec::new();
        let mut cursor = start;
        for (index, redaction) in redactions
            .iter()
            .enumerate()
            .filter(|(_, redaction)| redaction.span.start < end && redaction.span.end > start)
        {
            let cut_start = redaction.span.start.max(start);
            let cut_end = redaction.span.end.min(end);
            if cut_start > cursor {
                push_text(&mut runs, &text[cursor..cut_start]);
            }
            runs.push(Run::Redaction(redaction.code.clone()));
            owners.push(index);
            cursor = cursor.max(cut_end);
        }
        if cursor < end {
            push_text(&mut runs, &text[cursor..end]);
        }
        let blank = runs
            .iter()
            .all(|run| matches!(run, Run::Text(text) if text.trim().is_empty()));
        if !blank {
            result.push(runs);
        }
    }
    (result, owners)
}

fn push_text(runs: &mut Vec<Run>, text: &str) {
    if !text.is_empty() {
        runs.push(Run::Text(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Code, Span};

    fn redaction(start: usize, end: usize) -> Redaction {
        Redaction {
            span: Span::new(start, end),
            text: String::new(),
            code: Code("TP".into()),
            basis: String::new(),
            rule: "test".into(),
        }
    }

    fn flatten(paragraphs: &[Vec<Run>]) -> Vec<String> {
        paragraphs
            .iter()
            .map(|runs| {
                runs.iter()
                    .map(|run| match run {
                        Run::Text(text) | Run::Bold(text) => text.clone(),
                        Run::Redaction(code) => format!("[{code}]"),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn boxes_replace_exactly_the_redacted_bytes() {
        let text = "Jade saw Sharon Carter today.\n\nShe rang 07700 900123.";
        let start = text.find("Sharon").unwrap();
        let phone = text.find("07700").unwrap();
        let (result, owners) = paragraphs(
            text,
            &[
                redaction(start, start + "Sharon Carter".len()),
                redaction(phone, phone + 12),
            ],
        );
        assert_eq!(owners, vec![0, 1]);
        assert_eq!(
            flatten(&result),
            vec!["Jade saw [TP] today.", "She rang [TP]."]
        );
    }

    #[test]
    fn a_redaction_across_a_line_break_boxes_both_lines() {
        let text = "met Sharon\nCarter at home";
        let start = text.find("Sharon").unwrap();
        let end = text.find("Carter").unwrap() + "Carter".len();
        let (result, owners) = paragraphs(text, &[redaction(start, end)]);
        assert_eq!(flatten(&result), vec!["met [TP]", "[TP] at home"]);
        assert_eq!(owners, vec![0, 0]);
    }

    #[test]
    fn the_log_records_the_page_each_box_is_on() {
        let mut text = String::from("Sharon rang.\n");
        for line in 0..400 {
            text.push_str(&format!(
                "Line {line} of an ordinary visit note about Jade.\n"
            ));
        }
        text.push_str("At the end Sharon rang again.\n");
        let first = text.find("Sharon").unwrap();
        let last = text.rfind("Sharon").unwrap();
        let mut spans = vec![redaction(first, first + 6), redaction(last, last + 6)];
        for redaction in &mut spans {
            redaction.text = "Sharon".into();
        }
        let item = Item {
            id: "N-1".into(),
            source: crate::model::Source::CaseNote {
                id: "1".into(),
                row: 1,
            },
            format: crate::model::Format::CaseNote,
            date: None,
            title: String::new(),
            record_type: "Home visit".into(),
            author: String::new(),
            agency: None,
            restricted: false,
            restriction_reason: String::new(),
            subjects: vec![],
            content: Content::Text {
                text: text.clone(),
                pictures: Vec::new(),
                unread_pictures: Vec::new(),
            },
            problems: vec![],
        };
        let decision = Decision {
            item: "N-1".into(),
            disposition: crate::model::Disposition::DisclosedRedacted,
            reason: crate::model::Reason {
                code: None,
                text: String::new(),
                basis: String::new(),
                detail: String::new(),
            },
            redactions: spans,
            review_notes: vec![],
            rule: crate::model::PolicyRule::Disclosure,
            presentation: Default::default(),
            review: vec![],
            decided_by: vec![],
            areas: vec![],
        };
        let redacted = redact(&item, &decision, Presentation::default()).unwrap();
        assert!(redacted.file.pages > 3);
        let pages: Vec<u32> = redacted
            .applied
            .iter()
            .map(|applied| applied.page)
            .collect();
        assert_eq!(pages, vec![1, redacted.file.pages]);
    }
}
