//! The pack's own documents: the schedule (PDF and CSV), the redaction key and the covering
//! letter with the due date and the supplementary information UK GDPR Article 15 requires.
//!
//! OWNER: render helper. Contract: [`schedule_csv`], [`schedule_pdf`], [`key_pdf`], [`letter_pdf`].
//!
//! Written for the person who asked, who may be a care leaver reading about their childhood:
//! plain English (UK GDPR Art 12(1)), dates spelled out, withheld items described in general
//! terms only (never their content or title). Where the organisation's own specifics are not
//! known to sarpack (its retention schedule, its privacy notice) the text says so generically
//! rather than inventing them. The content follows the ICO's list of what a response contains
//! and common practice for disclosure packs (`reference/uk-sar-law-and-practice.md` 4.1, 4.2).

use crate::model::{Capacity, Contact, Disposition, PackFile, Region, Request, RequestKind};
use crate::model::{long_date, short_date};
use crate::render::{Block, Layout, RenderError, Run, render};

use super::glossary::GlossaryEntry;
use super::{PackContext, ScheduleRow};

/// File names inside the zip.
pub const SCHEDULE_CSV: &str = "schedule.csv";
pub const SCHEDULE_PDF: &str = "schedule.pdf";
pub const KEY_PDF: &str = "redaction-key.pdf";
pub const LETTER_PDF: &str = "covering-letter.pdf";
pub const COMBINED_PDF: &str = "all-records.pdf";
pub const CHRONOLOGY_PDF: &str = "chronology.pdf";
pub const GLOSSARY_PDF: &str = "glossary.pdf";

/// Codes of the policy's parent rules (`patterns/policy.toml` `[[parent_rule]]`): records held
/// for a decision on a parent's request, explained in the letter in general terms.
const PARENT_CODES: [&str; 2] = ["CA-BI", "SW-EXP"];

/// What happened to a record, in plain words.
pub fn disposition_words(disposition: Disposition) -> &'static str {
    match disposition {
        Disposition::Disclosed => "Given to you in full",
        Disposition::DisclosedRedacted => "Given to you with some information removed",
        Disposition::Withheld => "Not given to you",
        Disposition::Referred => "Held back while we ask the organisation it came from",
        Disposition::PendingReview => "Being checked by a member of staff",
        Disposition::Excluded => "Not about you, so not part of your request",
    }
}

fn pages_text(pages: Option<(u32, u32)>) -> String {
    match pages {
        Some((first, last)) if first == last => first.to_string(),
        Some((first, last)) => format!("{first}–{last}"),
        None => String::new(),
    }
}

pub(super) fn codes_text(row: &ScheduleRow) -> String {
    row.codes
        .iter()
        .map(|code| code.0.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A free-text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a
/// leading apostrophe, the usual guard against CSV formula injection (OWASP).
fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Run::Text(text.into())])
}

fn bullet(text: impl Into<String>) -> Block {
    Block::Bullet(vec![Run::Text(text.into())])
}

fn pdf(name: &str, layout: &Layout) -> Result<PackFile, RenderError> {
    let (bytes, pages) = render(layout)?;
    Ok(PackFile {
        name: name.to_string(),
        bytes,
        item: None,
        pages,
    })
}

/// The schedule as CSV, one row per gathered item: the same columns as the PDF, for a reader
/// who wants to sort or filter.
pub fn schedule_csv(context: &PackContext<'_>) -> PackFile {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "number",
        "date",
        "description",
        "disposition",
        "reason",
        "codes",
        "pages",
        "file",
    ];
    // Writing into a Vec cannot fail; a failure would only lose a row, so record none.
    let _ = writer.write_record(header);
    for row in &context.rows {
        let number = row.number.to_string();
        let date = row.date.map(|date| date.to_string()).unwrap_or_default();
        let pages = match row.pages {
            Some((first, last)) => format!("{first}-{last}"),
            None => String::new(),
        };
        let _ = writer.write_record([
            number.as_str(),
            date.as_str(),
            &csv_text(&row.description),
            disposition_words(row.disposition),
            &csv_text(&row.reason),
            codes_text(row).as_str(),
            pages.as_str(),
            row.file.as_deref().unwrap_or(""),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    PackFile {
        name: SCHEDULE_CSV.into(),
        bytes,
        item: None,
        pages: 0,
    }
}

/// The schedule: every record found, what was done with it and why (landscape A4 table).
pub fn schedule_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let request = context.request;
    let mut blocks = vec![
        Block::Title(format!("Schedule of records — {}", request.reference)),
        Block::Fields(vec![
            ("Organisation".into(), request.organisation.clone()),
            ("Produced".into(), long_date(context.produced)),
            (
                "Records found".into(),
                count(context.rows.len(), "record", "records"),
            ),
        ]),
        para(
            "This list shows every record we found for your request, in date order: what it is, \
             what we have done with it and why, and where to find it in your pack. Codes are \
             explained in the redaction key. Pack pages are the page numbers printed at the \
             bottom of each page of your records.",
        ),
    ];
    let rows: Vec<Vec<String>> = context
        .rows
        .iter()
        .map(|row| {
            vec![
                row.number.to_string(),
                row.date
                    .map(short_date)
                    .unwrap_or_else(|| "Not recorded".into()),
                row.description.clone(),
                disposition_words(row.disposition).to_string(),
                row.reason.clone(),
                codes_text(row),
                pages_text(row.pages),
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(para("We did not find any records about you."));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                "No.".into(),
                "Date".into(),
                "Record".into(),
                "What we did".into(),
                "Why".into(),
                "Codes".into(),
                "Pack pages".into(),
            ],
            widths: vec![0.05, 0.11, 0.25, 0.17, 0.28, 0.07, 0.07],
            rows,
        });
    }
    pdf(
        SCHEDULE_PDF,
        &Layout {
            blocks,
            landscape: true,
        },
    )
}

/// Who recorded an item, in role terms for the chronology: a professional's role from the
/// register, "You" for the requester or the subject asking, never a third party's name.
pub fn recorded_by(register: &crate::model::Register, request: &Request, author: &str) -> String {
    use crate::model::Category;
    let wanted = author.trim().to_lowercase();
    if wanted.is_empty() {
        return "Not recorded".to_string();
    }
    let person = register.people.iter().find(|person| {
        std::iter::once(&person.name)
            .chain(&person.aliases)
            .any(|name| name.trim().to_lowercase() == wanted)
    });
    match person.map(|person| (person.category, person)) {
        Some((Category::Professional, person)) if !person.role.trim().is_empty() => {
            capitalise(person.role.trim())
        }
        Some((Category::Professional, _)) => "A member of staff".to_string(),
        Some((Category::Requester, _)) => "You".to_string(),
        Some((Category::Subject, _)) if request.requester.capacity == Capacity::Subject => {
            "You".to_string()
        }
        Some((Category::Subject, _)) => request.subject.name.clone(),
        Some((Category::ThirdParty, _)) => "Another person (not named)".to_string(),
        None => "Not known".to_string(),
    }
}

/// The contents page(s) of the combined file: every record in it with its first pack page, and
/// where each row is, to link it to its record.
pub fn contents_pdf(
    context: &PackContext<'_>,
) -> Result<(PackFile, Vec<super::combined::Link>), RenderError> {
    let request = context.request;
    let voice = Voice::new(request);
    let mut blocks = vec![
        Block::Title(format!(
            "{} records — {}",
            capitalise(&voice.your()),
            request.reference
        )),
        para(
            "This file holds every record we are giving you, in date order, one after \
             another. The page numbers below are the ones printed at the bottom of each page; \
             your PDF reader shows the same numbers, and its bookmarks lead to each record, as \
             does each line of this list. \
             Black boxes with a code mark information we have removed: the redaction key \
             explains each code, and the glossary explains abbreviations.",
        ),
    ];
    let rows: Vec<Vec<String>> = context
        .rows
        .iter()
        .filter(|row| row.pages.is_some())
        .enumerate()
        .map(|(position, row)| {
            vec![
                (position + 1).to_string(),
                row.date
                    .map(short_date)
                    .unwrap_or_else(|| "Not recorded".into()),
                row.description.clone(),
                row.pages
                    .map(|(first, _)| first.to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        headers: vec!["No.".into(), "Date".into(), "Record".into(), "Page".into()],
        widths: vec![0.08, 0.22, 0.58, 0.12],
        rows,
    });
    let (bytes, pages, rows) = crate::render::render_with_rows(&Layout {
        blocks,
        landscape: false,
    })?;
    // The table is the only one: its rows are the records, in order.
    let links = rows
        .into_iter()
        .enumerate()
        .map(|(part, (page, rect))| super::combined::Link { page, rect, part })
        .collect();
    Ok((
        PackFile {
            name: "contents.pdf".to_string(),
            bytes,
            item: None,
            pages,
        },
        links,
    ))
}

/// The bookmark title of a record in the combined file.
pub fn bookmark_title(position: usize, row: &ScheduleRow) -> String {
    format!(
        "{}. {} — {}",
        position,
        row.date.map(short_date).unwrap_or_else(|| "Undated".into()),
        row.description
    )
}

/// The chronology: one line per record given, in date order — its date, what kind of record it
/// is, who recorded it (in role terms), what the reader has and where (CLA and ICO: a logical
/// narrative; only what the schedule already says, from data sarpack checked).
pub fn chronology_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let request = context.request;
    let voice = Voice::new(request);
    let mut blocks = vec![
        Block::Title(format!("Chronology — {}", request.reference)),
        para(format!(
            "One line for each record we are giving you, from the earliest to the latest: \
             when it was written, what kind of record it is, who wrote it, and what you have. \
             Records we have not given you are in the schedule, with the reason. This list is \
             a guide to {} records; it does not add anything to them.",
            voice.your()
        )),
    ];
    let rows: Vec<Vec<String>> = context
        .rows
        .iter()
        .filter(|row| row.pages.is_some())
        .map(|row| {
            let what = match row.disposition {
                Disposition::DisclosedRedacted => {
                    format!("Some information removed ({})", codes_text(row))
                }
                other => disposition_words(other).to_string(),
            };
            vec![
                row.date
                    .map(short_date)
                    .unwrap_or_else(|| "Not recorded".into()),
                row.description.clone(),
                row.recorded_by.clone(),
                what,
                pages_text(row.pages),
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(para("There are no records in this pack."));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                "Date".into(),
                "Record".into(),
                "Written by".into(),
                "What you have".into(),
                "Pages".into(),
            ],
            widths: vec![0.14, 0.31, 0.22, 0.25, 0.08],
            rows,
        });
    }
    pdf(
        CHRONOLOGY_PDF,
        &Layout {
            blocks,
            landscape: false,
        },
    )
}

/// The glossary: the entries of `patterns/glossary.toml` found in the text given.
pub fn glossary_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let mut blocks = vec![
        Block::Title(format!("Glossary — {}", context.request.reference)),
        para(
            "Records written by social workers and other professionals use abbreviations and \
             words that are not everyday English. These are the ones that appear in the \
             records in this pack, with what they mean. If anything else is unclear, please \
             ask us: we will explain it.",
        ),
    ];
    if context.glossary.is_empty() {
        blocks.push(para(
            "We did not find any abbreviations or professional terms that need explaining.",
        ));
    } else {
        // Alphabetical, as a reader looks a word up.
        let mut entries: Vec<&GlossaryEntry> = context.glossary.iter().collect();
        entries.sort_by_key(|entry| entry.term.to_lowercase());
        blocks.push(Block::Table {
            headers: vec!["Term".into(), "What it means".into()],
            widths: vec![0.28, 0.72],
            rows: entries
                .into_iter()
                .map(|entry| vec![entry.term.clone(), entry.meaning.clone()])
                .collect(),
        });
    }
    blocks.push(para(
        "The explanations are based on published glossaries for people reading their care \
         records, including councils' care leavers' guides and \"Language That Cares\" \
         (TACT, 2019), written with young people in care.",
    ));
    pdf(
        GLOSSARY_PDF,
        &Layout {
            blocks,
            landscape: false,
        },
    )
}

/// The redaction key: what each code used in this pack means, and the law it relies on.
pub fn key_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let mut blocks = vec![
        Block::Title(format!("Redaction key — {}", context.request.reference)),
        para(
            "Where you see a black box with a short code in your records, we have removed some \
             information. The information has been taken out of the file, not just covered up. \
             The code tells you why. This key explains each code used in your pack and the part \
             of the law that allows it.",
        ),
    ];
    if context.codes.is_empty() {
        blocks.push(para(
            "We have not removed any information from the records in this pack, so no codes are used.",
        ));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                "Code".into(),
                "What it means".into(),
                "The law we rely on".into(),
            ],
            widths: vec![0.14, 0.56, 0.30],
            rows: context
                .codes
                .iter()
                .map(|code| {
                    vec![
                        code.code.0.clone(),
                        code.meaning.clone(),
                        code.basis.clone(),
                    ]
                })
                .collect(),
        });
    }
    blocks.push(para(
        "\"DPA 2018\" is the Data Protection Act 2018; \"Sch\" means Schedule and \"para\" means \
         paragraph. If you would like to know more about why something was removed, please \
         contact us and quote your reference.",
    ));
    pdf(
        KEY_PDF,
        &Layout {
            blocks,
            landscape: false,
        },
    )
}

/// How the letter speaks of the subject: "you" when they asked themselves, their name otherwise.
struct Voice {
    own: bool,
    name: String,
}

impl Voice {
    fn new(request: &Request) -> Voice {
        Voice {
            own: request.requester.capacity == Capacity::Subject,
            name: request.subject.name.clone(),
        }
    }
    /// "you" / "Tyler Carter".
    fn you(&self) -> &str {
        if self.own { "you" } else { &self.name }
    }
    /// "your" / "Tyler Carter's".
    fn your(&self) -> String {
        if self.own {
            "your".to_string()
        } else {
            format!("{}'s", self.name)
        }
    }
}

/// What was asked for, in words, and on whose behalf.
fn what_was_asked(request: &Request) -> Vec<String> {
    let subject = &request.subject.name;
    let requester = &request.requester;
    let mut lines = Vec::new();
    let behalf = match requester.capacity {
        Capacity::Subject => String::new(),
        Capacity::Parent => format!(" You asked as {subject}'s parent, on {subject}'s behalf."),
        Capacity::Solicitor => format!(" You asked as {subject}'s solicitor, on their behalf."),
        Capacity::Advocate => format!(" You asked as {subject}'s advocate, on their behalf."),
        Capacity::Representative => format!(" You asked on {subject}'s behalf."),
    };
    let about = if requester.capacity == Capacity::Subject {
        "you".to_string()
    } else {
        subject.clone()
    };
    lines.push(match request.kind {
        RequestKind::SubjectAccess => format!(
            "You asked us for a copy of the information we hold about {about}. This is called a \
             subject access request (Article 15 of the UK General Data Protection Regulation).{behalf}"
        ),
        RequestKind::Rectification => format!(
            "You asked us to correct information we hold about {about} (Article 16 of the UK \
             General Data Protection Regulation). With this letter we send the records \
             concerned, so you can see what they say.{behalf}"
        ),
        RequestKind::CourtDisclosure => format!(
            "We were asked to disclose records about {subject} for court proceedings. This pack \
             contains the records concerned.{behalf}"
        ),
    });
    // The authority a representative needs (ICO: third-party requesters must evidence it; the
    // clock starts when it arrives).
    if let Some(date) = request.authority_received {
        match requester.capacity {
            Capacity::Subject => {}
            Capacity::Parent => lines.push(format!(
                "We checked that you have parental responsibility for {subject}: we received \
                 the evidence on {}.",
                long_date(date)
            )),
            _ => lines.push(format!(
                "We checked your authority to act for {subject}: we received {subject}'s \
                 signed authority on {}. We are sending the records to you because of that \
                 authority.",
                long_date(date)
            )),
        }
    }
    lines
}

/// The general reasons given for the rows with `disposition` (deduplicated, in schedule order).
fn reasons(context: &PackContext<'_>, disposition: Disposition) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for row in context
        .rows
        .iter()
        .filter(|row| row.disposition == disposition)
    {
        let reason = row.reason.trim();
        if !reason.is_empty() && !seen.iter().any(|known| known == reason) {
            seen.push(reason.to_string());
        }
    }
    seen
}

/// One way to reach someone, as label/value lines.
fn contact_fields(contact: &Contact) -> Vec<(String, String)> {
    let mut fields = vec![("Who".to_string(), contact.name.clone())];
    if !contact.address.is_empty() {
        fields.push(("Address".into(), contact.address.join(", ")));
    }
    if !contact.phone.trim().is_empty() {
        fields.push(("Telephone".into(), contact.phone.clone()));
    }
    if !contact.email.trim().is_empty() {
        fields.push(("Email".into(), contact.email.clone()));
    }
    fields
}

/// The covering letter.
pub fn letter_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let request = context.request;
    let deadline = context.deadline;
    let counts = &context.counts;
    let organisation = request.organisation.as_str();
    let profile = context.organisation;
    let voice = Voice::new(request);
    let requester = &request.requester;
    let mut blocks = vec![Block::Title(if voice.own {
        "Your records: our reply to your request".into()
    } else {
        format!("Records of {}: our reply to your request", voice.name)
    })];
    let mut header = Vec::new();
    let mut to = vec![requester.name.clone()];
    to.extend(requester.address.iter().cloned());
    header.push(("To".to_string(), to.join("\n")));
    header.push(("Our reference".into(), request.reference.clone()));
    header.push(("From".into(), organisation.to_string()));
    if let Some(profile) = profile {
        let mut from = profile.contact.address.clone();
        if !profile.contact.email.trim().is_empty() {
            from.push(profile.contact.email.clone());
        }
        if !profile.contact.phone.trim().is_empty() {
            from.push(profile.contact.phone.clone());
        }
        if !from.is_empty() {
            header.push(("Contact".into(), from.join("\n")));
        }
    }
    header.push(("Date".into(), long_date(context.produced)));
    blocks.push(Block::Fields(header));
    blocks.push(para(match requester.name.trim() {
        "" => "Hello,".to_string(),
        name => format!("Dear {name},"),
    }));

    // Support first: the person reading may be a care leaver meeting their childhood file
    // (ICO 2025 research with care leavers; Care Leavers' Association position, reference 5.4).
    blocks.push(Block::Heading("Before you read the records".into()));
    let mut aids = Vec::new();
    if context.enclosed.combined {
        aids.push(format!(
            "put them together in date order in one file with a contents page ({COMBINED_PDF})"
        ));
    }
    if context.enclosed.chronology {
        aids.push(format!(
            "made a short list of every record ({CHRONOLOGY_PDF})"
        ));
    }
    if context.enclosed.glossary {
        aids.push(format!(
            "explained the abbreviations and terms used in them ({GLOSSARY_PDF})"
        ));
    }
    let aids = match aids.len() {
        0 => String::new(),
        1 => format!(" To help, we have {}.", aids[0]),
        _ => {
            let last = aids.pop().unwrap_or_default();
            format!(" To help, we have {} and {last}.", aids.join(", "))
        }
    };
    blocks.push(para(format!(
        "Reading these records can bring back difficult memories, and some of the language in \
         them may be hard to read or hard to understand. You do not have to read them alone.{aids}"
    )));
    match profile {
        Some(profile) => {
            let first = &profile.first_contact;
            blocks.push(Block::Paragraph(vec![
                Run::Bold("Who to talk to first. ".into()),
                Run::Text(format!(
                    "{} {}",
                    first.name,
                    if first.about.trim().is_empty() {
                        "can go through the records with you and explain anything in them.".into()
                    } else {
                        first.about.trim().to_string()
                    }
                )),
            ]));
            blocks.push(Block::Fields(
                contact_fields(first).into_iter().skip(1).collect(),
            ));
            for service in &profile.support {
                let mut line = format!("{} {}", service.name, service.about.trim());
                if !service.phone.trim().is_empty() {
                    line.push_str(&format!(" Telephone {}.", service.phone.trim()));
                }
                if !service.email.trim().is_empty() {
                    line.push_str(&format!(" Email {}.", service.email.trim()));
                }
                blocks.push(bullet(line));
            }
        }
        None => {
            blocks.push(para(
                "If you would like to go through the records with a worker, or have something \
                 explained, please contact us and we will arrange it.",
            ));
            blocks.push(bullet(
                "The Care Leavers' Association (careleavers.com) is run by and for adults who \
                 grew up in care and can offer independent support with accessing and reading \
                 care records.",
            ));
        }
    }
    if request.region == Region::Scotland {
        blocks.push(bullet(
            "In Scotland, Care Connect (hosted by Birthlink) helps adults who were in care to \
             access and understand their records.",
        ));
    }

    blocks.push(Block::Heading("What you asked for".into()));
    for line in what_was_asked(request) {
        blocks.push(para(line));
    }

    // The clock (UK GDPR Art 12(3); ICO guidance on when the time limit starts).
    let mut timing = vec![format!(
        "We received your request on {}.",
        long_date(request.received)
    )];
    if let Some(date) = request
        .identity_verified
        .filter(|date| *date > request.received)
    {
        timing.push(format!(
            "We received proof of {} identity on {}.",
            voice.your(),
            long_date(date)
        ));
    }
    timing.push(format!(
        "The time we have to reply started on {} ({}). We must reply by {}.",
        long_date(deadline.start),
        deadline.start_reason,
        long_date(deadline.due)
    ));
    if deadline.paused_days > 0 {
        timing.push(format!(
            "The time limit was paused for {} while we waited for you to tell us more about \
             what you wanted.",
            count(
                usize::try_from(deadline.paused_days).unwrap_or(0),
                "day",
                "days"
            )
        ));
    }
    if deadline.extended {
        timing.push(format!(
            "As we told you, the request needed more time because of its size or complexity, \
             so the date by which we must reply was extended to {}.",
            long_date(deadline.extended_due)
        ));
    }
    blocks.push(para(timing.join(" ")));

    // What is enclosed.
    blocks.push(Block::Heading("What is in this pack".into()));
    if let Some(instalment) = &context.instalment {
        let earlier: Vec<String> = instalment
            .earlier
            .iter()
            .map(|(number, on, records)| {
                format!(
                    "instalment {number} on {} ({})",
                    long_date(*on),
                    count(*records, "record", "records")
                )
            })
            .collect();
        blocks.push(para(format!(
            "This is instalment {} of our reply. We sent you {}. This pack holds the records we \
             had not sent you before; the schedule lists every record we found, with the \
             instalment and the date each was sent.",
            instalment.number,
            earlier.join(" and ")
        )));
    }
    // Pages of records in the pack (the schedule's page ranges), whatever number they start at.
    let record_pages: u32 = context
        .rows
        .iter()
        .filter_map(|row| row.pages)
        .map(|(first, last)| last.saturating_sub(first) + 1)
        .sum();
    blocks.push(para(format!(
        "We found {} about {}. Of these:",
        count(counts.gathered, "record", "records"),
        voice.you()
    )));
    let lines = [
        (counts.disclosed, "given to you in full"),
        (
            counts.redacted,
            "given to you with some information removed",
        ),
        (counts.withheld, "not given to you"),
        (
            counts.referred,
            "held back while we ask the organisation it came from",
        ),
        (
            counts.pending_review,
            "still being checked by a member of staff",
        ),
    ];
    for (n, what) in lines {
        if n > 0 {
            blocks.push(bullet(format!("{} {what}", count(n, "record", "records"))));
        }
    }
    let mut enclosed = Vec::new();
    if record_pages > 0 {
        let pages = count(record_pages as usize, "page", "pages");
        enclosed.push(if context.enclosed.combined {
            format!(
                "the records in date order ({pages}), all in one file with a contents page \
                 ({COMBINED_PDF}), and each record as its own file in the records folder"
            )
        } else {
            format!(
                "the records in date order, each as its own file in the records folder ({pages})"
            )
        });
    }
    if context.enclosed.chronology {
        enclosed.push(format!(
            "a chronology ({CHRONOLOGY_PDF}): one line for each record given, with its date, \
             what kind of record it is and who wrote it"
        ));
    }
    if context.enclosed.glossary {
        enclosed.push(format!(
            "a glossary ({GLOSSARY_PDF}) of the abbreviations and professional terms used in \
             the records"
        ));
    }
    enclosed.push(format!(
        "a schedule ({SCHEDULE_PDF}, and {SCHEDULE_CSV} for a spreadsheet) listing every \
         record we found, what we did with it and why"
    ));
    enclosed.push(format!(
        "a redaction key ({KEY_PDF}) explaining the codes on the black boxes"
    ));
    enclosed.push("this letter".into());
    if request.kind == RequestKind::CourtDisclosure {
        // The court gets one bundle (`pack::bundle`), not the separate files.
        blocks.push(para(format!(
            "Enclosed is one court bundle ({}) with an index at the front. Section A holds \
             this letter, the chronology, the schedule of every record we found, the list of \
             documents not included with the grounds, the redaction key and the glossary; \
             the records follow in sections by kind, each in date order. The pages are \
             numbered by section (A1, A2 ... B1, B2 ...), as Practice Direction 27A sets out. \
             If you need the records as separate files, please ask us.",
            super::bundle::bundle_file_name(&request.reference)
        )));
    } else {
        blocks.push(para("Enclosed are:"));
        for line in enclosed {
            blocks.push(bullet(line));
        }
    }
    blocks.push(para(
        "Every page of the records is stamped with your reference and a page number, so you \
         can find the pages the schedule mentions. Where we have removed information you will \
         see a black box with a short code; the redaction key explains what each code means.",
    ));

    // What was held back, in general terms only.
    if counts.withheld + counts.referred + counts.pending_review > 0 || counts.redacted > 0 {
        blocks.push(Block::Heading("What we have not given you, and why".into()));
    }
    if counts.redacted > 0 {
        blocks.push(para(format!(
            "{} records sometimes include information about other people, such as family \
             members or people who contacted us. The law says we must protect their \
             information unless they agree or it is reasonable to share it, so we have removed \
             it. We have tried to remove as little as possible.",
            capitalise(&voice.your())
        )));
    }
    if counts.withheld > 0 {
        blocks.push(para(format!(
            "We have not given you {}. The schedule lists each one with the general reason. \
             The reasons are:",
            count(counts.withheld, "record", "records")
        )));
        for reason in reasons(context, Disposition::Withheld) {
            blocks.push(bullet(reason));
        }
    }
    if counts.referred > 0 {
        // "We have asked" only for agencies that were asked (request `consulted_agencies`).
        let referred: Vec<&ScheduleRow> = context
            .rows
            .iter()
            .filter(|row| row.disposition == Disposition::Referred)
            .collect();
        let asked = referred
            .iter()
            .filter(|row| {
                row.agency
                    .as_deref()
                    .is_some_and(|agency| request.consultation(agency).is_some())
            })
            .count();
        let not_asked = referred.len() - asked;
        if asked > 0 {
            blocks.push(para(format!(
                "{} came to us from another organisation (for example a health service, a \
                 school or the police). We have asked the organisation concerned whether the \
                 information can be shared with you, and will write to you again when we \
                 have decided.",
                capitalise(&count(asked, "record", "records"))
            )));
        }
        if not_asked > 0 {
            blocks.push(para(format!(
                "{} came to us from another organisation. Before we can share {}, we need to \
                 ask that organisation for its view; we will do so and write to you again \
                 with what we decide.",
                capitalise(&count(not_asked, "record", "records")),
                if not_asked == 1 { "it" } else { "them" }
            )));
        }
    }
    if counts.pending_review > 0 {
        let parent_held = context
            .rows
            .iter()
            .filter(|row| {
                row.disposition == Disposition::PendingReview
                    && row
                        .codes
                        .iter()
                        .any(|code| PARENT_CODES.contains(&code.0.as_str()))
            })
            .count();
        let held_back = context
            .rows
            .iter()
            .filter(|row| row.disposition == Disposition::PendingReview && row.held_back)
            .count();
        let other = counts
            .pending_review
            .saturating_sub(parent_held)
            .saturating_sub(held_back);
        if parent_held > 0 {
            blocks.push(para(format!(
                "{} about whether {} has been, or may be at risk of being, harmed, or which \
                 {} may have told us in confidence. When a parent asks for a child's records, \
                 the law asks us to consider whether sharing this kind of information with \
                 the parent is in the child's best interests (Data Protection Act 2018, \
                 Schedule 3). A member of staff is looking at {} and we will write to you \
                 with the decision.",
                capitalise(&count(parent_held, "record is", "records are")),
                voice.name,
                voice.name,
                if parent_held == 1 { "it" } else { "each one" }
            )));
        }
        if held_back > 0 {
            // Distinct from a record that could not be read: this one was read and made
            // ready, and the last check on every file before it leaves us stopped it.
            blocks.push(para(format!(
                "{} ready to send, but the last check we make on every file before it leaves \
                 us found something in {} that a member of staff must look at first (for \
                 example, a word that may be someone else's name). {} not in this pack. We \
                 will send {} to you, or explain why we cannot, as soon as the check is done.",
                capitalise(&count(held_back, "record was", "records were")),
                if held_back == 1 { "it" } else { "them" },
                if held_back == 1 { "It is" } else { "They are" },
                if held_back == 1 { "it" } else { "them" },
            )));
        }
        if other > 0 {
            blocks.push(para(format!(
                "{} could not be read reliably by our system (for example a scanned page or a \
                 damaged file). A member of staff is checking {} by hand. We will send {} to you, \
                 or explain why we cannot, as soon as possible.",
                capitalise(&count(other, "record", "records")),
                if other == 1 { "it" } else { "them" },
                if other == 1 { "it" } else { "them" },
            )));
        }
    }

    // Searches (ICO audit framework: say what was searched).
    blocks.push(Block::Heading("How we searched".into()));
    if context.searches.is_empty() {
        blocks.push(para(
            "If you would like to know which records systems we searched and how, please ask \
             us and quote your reference.",
        ));
    } else {
        blocks.push(para("To find the records we:"));
        for search in &context.searches {
            blocks.push(bullet(search.clone()));
        }
    }

    // Article 15(1)(a)-(h) and (2), in plain words: from the organisation profile when there
    // is one, otherwise the general position.
    blocks.push(Block::Heading(
        "Other things the law says we must tell you".into(),
    ));
    let labelled = |label: &str, text: String| {
        Block::Paragraph(vec![Run::Bold(label.into()), Run::Text(text)])
    };
    match profile {
        Some(profile) => {
            blocks.push(Block::Paragraph(vec![Run::Bold(format!(
                "Why we hold {} information. ",
                voice.your()
            ))]));
            for purpose in profile
                .purposes
                .iter()
                .filter(|line| !line.trim().is_empty())
            {
                blocks.push(bullet(capitalise(purpose.trim())));
            }
            blocks.push(labelled(
                "What kind of information it is. ",
                "The records include names and contact details, family details and where \
                 people lived, health, education, and the care and support given. Some of \
                 this is sensitive information, such as information about health."
                    .into(),
            ));
            blocks.push(Block::Paragraph(vec![Run::Bold(
                "Who we share it with. ".into(),
            )]));
            for recipient in profile
                .recipients
                .iter()
                .filter(|line| !line.trim().is_empty())
            {
                blocks.push(bullet(capitalise(recipient.trim())));
            }
            blocks.push(labelled(
                "Outside the UK. ",
                if profile.transfers.trim().is_empty() {
                    "We do not send this information to other countries.".into()
                } else {
                    profile.transfers.trim().to_string()
                },
            ));
            blocks.push(labelled(
                "How long we keep it. ",
                profile.retention.trim().to_string(),
            ));
            blocks.push(labelled(
                "Where it came from. ",
                profile.sources.trim().to_string(),
            ));
        }
        None => {
            let general = [
                (
                    "Why we hold this information. ",
                    "We keep these records to provide social care services to children, young \
                     people and families, and to carry out our legal duties to keep children \
                     safe and to look after children in our care.",
                ),
                (
                    "What kind of information it is. ",
                    "Records like these include names and contact details, family details \
                     and where people lived, health, education, and the care and support \
                     given. Some of this is sensitive information, such as information about \
                     health.",
                ),
                (
                    "Who we share it with. ",
                    "We share information with other organisations involved in a child's \
                     care, such as health services, schools, the police, courts and other \
                     councils, when the law allows or requires it. Our privacy notice lists \
                     who we share information with. If any of the information has been sent \
                     outside the UK, you can ask us how it is protected.",
                ),
                (
                    "How long we keep it. ",
                    "We keep records for as long as our retention schedule says. The records \
                     of a child who was looked after by a council are usually kept until 75 \
                     years after their date of birth.",
                ),
                (
                    "Where it came from. ",
                    "Most of the information was written down by the staff who worked with \
                     the family, from what the child, the family and other professionals \
                     told them. Where a record came from another organisation, the schedule \
                     says so.",
                ),
            ];
            for (label, text) in general {
                let label = if label.starts_with("Why we hold") {
                    format!("Why we hold {} information. ", voice.your())
                } else {
                    label.to_string()
                };
                blocks.push(labelled(&label, text.into()));
            }
        }
    }
    blocks.push(labelled(
        "Other rights. ",
        format!(
            "{} can ask us to correct information that is wrong, or to add a note of {} view \
             to the records. {} can also ask us to delete information, to limit how we use it, \
             or object to how we use it. We will say whether the law allows us to do what is \
             asked.",
            capitalise(voice.you()),
            if voice.own { "your" } else { "their" },
            capitalise(voice.you())
        ),
    ));
    blocks.push(labelled(
        "Automated decisions. ",
        "We do not make decisions about anyone by computer alone, and we do not use this \
         information for profiling."
            .into(),
    ));

    // Review and complaint.
    blocks.push(Block::Heading("If you are unhappy with our reply".into()));
    blocks.push(para(format!(
        "If you think we have missed something, or you disagree with something we have \
         removed or held back, please write to us quoting your reference {}. You can ask for \
         an internal review: someone who was not involved in your request will look at it \
         again and write to you with the outcome. You can also make a complaint to us.",
        request.reference
    )));
    if let Some(profile) = profile {
        blocks.push(Block::Fields(contact_fields(&profile.contact)));
        blocks.push(para(
            "You can also contact our Data Protection Officer, who checks that we follow data \
             protection law:",
        ));
        blocks.push(Block::Fields(contact_fields(&profile.dpo)));
    } else {
        blocks.push(para(format!(
            "Please write to {organisation}, Information Governance, quoting your reference."
        )));
    }
    blocks.push(para(
        "You also have the right to complain to the Information Commissioner's Office (ICO), \
         the independent body that upholds information rights:",
    ));
    blocks.push(Block::Fields(vec![
        (
            "Address".into(),
            "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, \
             Cheshire SK9 5AF"
                .into(),
        ),
        ("Telephone".into(), "0303 123 1113".into()),
        ("Website".into(), "ico.org.uk/make-a-complaint".into()),
    ]));
    blocks.push(para("Yours sincerely,"));
    blocks.push(para(match profile {
        Some(profile) => profile.contact.name.clone(),
        None => format!("Information governance team\n{organisation}"),
    }));

    pdf(
        LETTER_PDF,
        &Layout {
            blocks,
            landscape: false,
        },
    )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_cannot_start_a_formula() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("Home visit"), "Home visit");
    }

    #[test]
    fn dates_are_spelled_out() {
        let date = jiff::civil::date(2026, 12, 4);
        assert_eq!(long_date(date), "Friday 4 December 2026");
        assert_eq!(
            short_date(jiff::civil::date(2027, 1, 31)),
            "31 January 2027"
        );
    }
}
