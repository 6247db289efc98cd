//! The documents of a `rectification` request (UK GDPR Articles 16 and 19): the decision
//! letter to the requester, the supplementary statements added to records kept as they were,
//! and a notification letter to each earlier recipient of a corrected record.
//!
//! OWNER: bundle. Contract: [`decision_pdf`], [`statements_pdf`], [`notification_pdf`].
//!
//! sarpack never changes the records store: the decision is a person's (`request.toml`
//! `[[rectification]]`, with who and when), and these documents are what the organisation
//! sends and files. Records are described as the schedule describes them — number, date, kind
//! of record — never by their title or path, which can name someone. Recipients are not named
//! to the requester (they may be other people); the letter says how many were told and that
//! the requester can ask who they were (Art 19). The ICO's accountability framework: explain a
//! refusal, say the requester can complain, and record that they dispute the accuracy.

use jiff::civil::Date;

use crate::model::{
    Capacity, PackFile, RectificationDecision, RectificationOutcome, long_date, short_date,
};
use crate::render::{Block, Layout, RenderError, Run, render};

use super::PackContext;

/// File names inside the zip.
pub const DECISION_PDF: &str = "rectification-decision.pdf";
pub const STATEMENTS_PDF: &str = "supplementary-statements.pdf";

/// One record the requester asked to have corrected, as the pack's documents describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rectified {
    /// Its number in the schedule, date and neutral description.
    pub number: usize,
    pub date: Option<Date>,
    pub description: String,
    /// Its pages in this pack, when it ships in it.
    pub pages: Option<(u32, u32)>,
    /// The correction asked for, in the requester's words.
    pub correction: String,
    /// `None` until a person has decided.
    pub decision: Option<RectificationDecision>,
    /// How many earlier recipients received it (told of a correction, Art 19).
    pub recipients: usize,
}

/// Someone an earlier answer went to, and which corrected records it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notified {
    pub name: String,
    pub address: Vec<String>,
    /// The earlier request's reference.
    pub reference: String,
    /// The day the earliest answer carrying one of the records was sent.
    pub sent: Date,
    /// Indexes into the context's `rectified` of the corrected records it received.
    pub records: Vec<usize>,
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Run::Text(text.into())])
}

fn record_heading(record: &Rectified) -> String {
    let date = record
        .date
        .map(long_date)
        .unwrap_or_else(|| "not dated".into());
    let pages = match record.pages {
        Some((first, last)) if first == last => format!(", page {first} of this pack"),
        Some((first, last)) => format!(", pages {first}–{last} of this pack"),
        None => String::new(),
    };
    format!(
        "Record {}: {}, {date}{pages}",
        record.number, record.description
    )
}

/// "you" for the subject's own request, else the subject's name.
fn about(context: &PackContext<'_>) -> String {
    if context.request.requester.capacity == Capacity::Subject {
        "you".to_string()
    } else {
        context.request.subject.name.clone()
    }
}

/// The letter's head: to, references, from, date, and the greeting.
fn head(
    context: &PackContext<'_>,
    title: String,
    to_name: &str,
    to_address: &[String],
    extra: Option<(String, String)>,
) -> Vec<Block> {
    let request = context.request;
    let mut to = vec![to_name.to_string()];
    to.extend(to_address.iter().cloned());
    let mut fields = vec![
        ("To".to_string(), to.join("\n")),
        ("Our reference".to_string(), request.reference.clone()),
    ];
    fields.extend(extra);
    fields.push(("From".to_string(), request.organisation.clone()));
    fields.push(("Date".to_string(), long_date(context.produced)));
    vec![
        Block::Title(title),
        Block::Fields(fields),
        para(match to_name.trim() {
            "" => "Hello,".to_string(),
            name => format!("Dear {name},"),
        }),
    ]
}

fn sign_off(context: &PackContext<'_>, blocks: &mut Vec<Block>) {
    blocks.push(para("Yours sincerely,"));
    blocks.push(para(match context.organisation {
        Some(profile) => profile.contact.name.clone(),
        None => format!(
            "Information governance team\n{}",
            context.request.organisation
        ),
    }));
}

/// The decision letter: for each record, the correction asked for and what was decided — the
/// record corrected (kept as written, with a statement recording the correction, and every
/// earlier recipient told), or not, with the reasons and a statement that the requester
/// disputes it — or that no decision is made yet and when it is due; then how to ask for a
/// review, complain to the ICO or apply to a court.
pub fn decision_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let request = context.request;
    let about = about(context);
    let mut blocks = head(
        context,
        "Your request to correct records: our decision".to_string(),
        &request.requester.name,
        &request.requester.address,
        None,
    );
    let count = context.rectified.len();
    blocks.push(para(format!(
        "You asked us to correct {} we hold about {about} (Article 16 of the UK General Data \
         Protection Regulation). This letter tells you what we decided about each, and why. \
         The records themselves are in the pack with this letter.",
        if count == 1 {
            "a record".to_string()
        } else {
            format!("{count} records")
        }
    )));
    let mut undecided = 0;
    let mut refused = 0;
    for record in &context.rectified {
        blocks.push(Block::Heading(record_heading(record)));
        blocks.push(para(format!(
            "You asked us to correct it as follows: “{}”",
            record.correction
        )));
        match &record.decision {
            None => {
                undecided += 1;
                blocks.push(para(format!(
                    "We have not decided yet. We will write to you with our decision by {}.",
                    long_date(context.deadline.due)
                )));
            }
            Some(decision) => match decision.outcome {
                RectificationOutcome::Corrected => {
                    blocks.push(para(format!(
                        "We agree, and the record is corrected (decided on {}). We keep \
                         the record as it was written, so that it stays a true account of \
                         what was recorded at the time, and have added a statement to it \
                         that sets out the correction: anyone who reads the record reads \
                         the statement with it. A copy of the statement is in {STATEMENTS_PDF}.",
                        long_date(decision.on)
                    )));
                    blocks.push(para(match record.recipients {
                        0 => "We have no record of giving this record to anyone else.".to_string(),
                        n => format!(
                            "We gave this record to {} before. We have written to {} to tell \
                             {} of the correction (Article 19). If you would like to know who \
                             {}, ask us and we will tell you.",
                            if n == 1 {
                                "one recipient".to_string()
                            } else {
                                format!("{n} recipients")
                            },
                            if n == 1 { "them" } else { "each of them" },
                            "them",
                            if n == 1 { "it was" } else { "they were" },
                        ),
                    }));
                }
                RectificationOutcome::NotCorrected => {
                    refused += 1;
                    blocks.push(para(format!(
                        "We have decided not to change the record (decided on {}), because: {}",
                        long_date(decision.on),
                        decision.reasons
                    )));
                    let (dispute, say) = if about == "you" {
                        ("you dispute".to_string(), "you say")
                    } else {
                        (format!("{about} disputes"), "they say")
                    };
                    blocks.push(para(format!(
                        "We have added a statement to the record recording that {dispute} \
                         it and what {say} is correct, so that anyone who reads the record \
                         reads the statement with it. A copy of the statement is in \
                         {STATEMENTS_PDF}."
                    )));
                }
            },
        }
    }
    blocks.push(Block::Heading("When we must reply".into()));
    blocks.push(para(format!(
        "We must reply to a request to correct records within one month, counted from {}: \
         by {}.{}",
        long_date(context.deadline.start),
        long_date(context.deadline.due),
        if undecided > 0 {
            format!(
                " {} still to be decided; we will write again before then.",
                if undecided == 1 {
                    "One record is".to_string()
                } else {
                    format!("{undecided} records are")
                }
            )
        } else {
            String::new()
        }
    )));
    blocks.push(Block::Heading("If you disagree".into()));
    blocks.push(para(format!(
        "If you disagree with our decision{}, please write to us quoting your reference {}. \
         You can ask for an internal review: someone who was not involved will look at it \
         again. You also have the right to complain to the Information Commissioner's Office \
         (ICO), Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF, telephone 0303 123 \
         1113, ico.org.uk/make-a-complaint, and to ask a court to order us to correct the \
         record (Data Protection Act 2018 section 167).",
        if refused > 0 {
            " not to change a record"
        } else {
            ""
        },
        request.reference
    )));
    if let Some(profile) = context.organisation {
        blocks.push(para(format!(
            "Our Data Protection Officer, who checks that we follow data protection law: {}.",
            [
                profile.dpo.name.as_str(),
                profile.dpo.email.as_str(),
                profile.dpo.phone.as_str(),
            ]
            .into_iter()
            .filter(|part| !part.trim().is_empty())
            .collect::<Vec<_>>()
            .join(", ")
        )));
    }
    sign_off(context, &mut blocks);
    let (bytes, pages) = render(&Layout {
        blocks,
        landscape: false,
    })?;
    Ok(PackFile {
        name: DECISION_PDF.to_string(),
        bytes,
        item: None,
        pages,
    })
}

/// The supplementary statements: one for each decided record, to be added to the record in
/// the case system, which keeps the record as it was written (ICO: record that the individual
/// disputes the accuracy; a record of a mistake may be kept with the correction noted). `None`
/// when nothing is decided yet.
pub fn statements_pdf(context: &PackContext<'_>) -> Result<Option<PackFile>, RenderError> {
    let request = context.request;
    let subject = &request.subject.name;
    let mut blocks = vec![
        Block::Title(format!("Supplementary statements — {}", request.reference)),
        para(
            "Each statement below is added to the record it concerns and is to be read with \
             it. The record itself is kept as it was written.",
        ),
    ];
    let mut any = false;
    for record in &context.rectified {
        let Some(decision) = &record.decision else {
            continue;
        };
        any = true;
        blocks.push(Block::Heading(format!(
            "Statement on record {}: {}, {}",
            record.number,
            record.description,
            record
                .date
                .map(short_date)
                .unwrap_or_else(|| "not dated".into())
        )));
        blocks.push(Block::Fields(vec![
            ("Added on".into(), long_date(decision.on)),
            ("Decided by".into(), decision.by.clone()),
            (
                "Decision".into(),
                match decision.outcome {
                    RectificationOutcome::Corrected => "Corrected by this statement".into(),
                    RectificationOutcome::NotCorrected => {
                        "Not changed; the accuracy is disputed".into()
                    }
                },
            ),
        ]));
        blocks.push(para(match decision.outcome {
            RectificationOutcome::Corrected => format!(
                "{subject} told us this record is inaccurate and asked for it to be corrected \
                 as follows: “{}”. We agreed. This statement is the correction: where the \
                 record differs from it, the statement is right.",
                record.correction
            ),
            RectificationOutcome::NotCorrected => format!(
                "{subject} disputes the accuracy of this record and asked for it to be \
                 corrected as follows: “{}”. We decided not to change the record, because: {} \
                 This statement records that {subject} disputes it, and what they say.",
                record.correction, decision.reasons
            ),
        }));
    }
    if !any {
        return Ok(None);
    }
    let (bytes, pages) = render(&Layout {
        blocks,
        landscape: false,
    })?;
    Ok(Some(PackFile {
        name: STATEMENTS_PDF.to_string(),
        bytes,
        item: None,
        pages,
    }))
}

/// The file name of the notification letter to the `position`-th recipient (1-based): says
/// nothing about anyone.
pub fn notification_name(reference: &str, position: usize) -> String {
    format!("notifications/{reference}-notification-{position:02}.pdf")
}

/// The letter telling an earlier recipient that records they were given have been corrected
/// (UK GDPR Art 19), with each correction.
pub fn notification_pdf(
    context: &PackContext<'_>,
    recipient: &Notified,
    position: usize,
) -> Result<PackFile, RenderError> {
    let request = context.request;
    let subject = &request.subject.name;
    let mut blocks = head(
        context,
        "Records we gave you have been corrected".to_string(),
        &recipient.name,
        &recipient.address,
        Some(("Your earlier request".into(), recipient.reference.clone())),
    );
    blocks.push(para(format!(
        "On {} we sent you records about {subject} (our reference {}). {subject} has since \
         asked us to correct some of them, and we have agreed. The law asks us to tell \
         everyone we gave them to (Article 19 of the UK General Data Protection Regulation), \
         so we are writing to you.",
        long_date(recipient.sent),
        recipient.reference
    )));
    for &index in &recipient.records {
        let Some(record) = context.rectified.get(index) else {
            continue;
        };
        blocks.push(Block::Heading(format!(
            "{}, {}",
            record.description,
            record
                .date
                .map(long_date)
                .unwrap_or_else(|| "not dated".into())
        )));
        blocks.push(para(format!("The correction: “{}”", record.correction)));
    }
    blocks.push(para(
        "Please correct, or note the correction on, any copy of these records you keep. We \
         keep each record as it was written, with a statement setting out the correction.",
    ));
    blocks.push(para(format!(
        "If you have any questions, please write to us quoting our reference {}.",
        request.reference
    )));
    sign_off(context, &mut blocks);
    let (bytes, pages) = render(&Layout {
        blocks,
        landscape: false,
    })?;
    Ok(PackFile {
        name: notification_name(&request.reference, position),
        bytes,
        item: None,
        pages,
    })
}
