//! The court bundle of a `court-disclosure` request: one PDF, `<ref>-bundle.pdf`, laid out in
//! the style of Family Procedure Rules PD27A for children proceedings (`reference/
//! uk-sar-law-and-practice.md` 5.1): an index at the front, then sections — A preliminary
//! documents (the covering letter, the chronology, the schedule, the list of documents not
//! included with their grounds, the redaction key, the glossary), then the records grouped as
//! applications and orders, statements, care plans, reports and other documents, each in date
//! order. Every
//! page carries its section page number (A1, A2 ... B1 ...: "Bates numbering" restarting per
//! section, PD27A para 1.2) at the bottom right, and the PDF's page labels say the same.
//!
//! It is made from files that were already verified, one at a time (the records as stamped
//! for the pack, the pack's own documents), and the bundle as a whole is verified again before
//! it ships. Nothing in it is new except the index, the section page numbers, the bookmarks and
//! the page labels, which are sarpack's own words and the rows' neutral descriptions.
//!
//! OWNER: bundle. Contract: [`sections`], [`not_included_pdf`], [`bundle`].

use jiff::civil::Date;

use crate::model::{Disposition, PackFile, short_date};
use crate::render::{Block, Layout, RenderError, Run, render, render_with_rows};

use super::PackContext;
use super::combined::{Link, Part, Section};

/// The bundle's file name beside the version's internal records.
pub fn bundle_file_name(reference: &str) -> String {
    format!("{reference}-bundle.pdf")
}

/// The list of documents not included, inside the zip and section A.
pub const NOT_INCLUDED_PDF: &str = "documents-not-included.pdf";

/// A bundle longer than this needs the court's permission (PD27A: 350 pages of A4).
pub const PAGE_LIMIT: u32 = 350;

/// The kinds of section, in bundle order (PD27A, children proceedings: preliminary documents;
/// applications and orders; statements and affidavits; care plans; experts' and other
/// reports; other documents). Only sections with documents are lettered, A, B, C ... in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Preliminary,
    Orders,
    Statements,
    CarePlans,
    Reports,
    Other,
}

impl Kind {
    pub fn title(self) -> &'static str {
        match self {
            Kind::Preliminary => "Preliminary documents",
            Kind::Orders => "Applications and orders",
            Kind::Statements => "Statements",
            Kind::CarePlans => "Care plans",
            Kind::Reports => "Reports and assessments",
            Kind::Other => "Other documents",
        }
    }
}

/// Which section a record goes in, by its description (the store's record type, or "Case
/// note: ..."). The words are looked for in lower case; the first rule that matches wins, and
/// case notes, emails and anything unmatched are other documents. Kept short and visible here
/// so a reader of the index can tell why a record is where it is.
const RULES: [(&str, Kind); 9] = [
    ("case note", Kind::Other),
    ("order", Kind::Orders),
    ("application", Kind::Orders),
    ("judgment", Kind::Orders),
    ("statement", Kind::Statements),
    ("affidavit", Kind::Statements),
    ("plan", Kind::CarePlans),
    ("report", Kind::Reports),
    ("assessment", Kind::Reports),
];

/// The section a record with this description belongs in.
pub fn kind_of(description: &str) -> Kind {
    let lower = description.to_lowercase();
    RULES
        .iter()
        .find(|(word, _)| lower.contains(word))
        .map_or(Kind::Other, |(_, kind)| *kind)
}

/// One document in the bundle: how the index names it, and its verified bytes.
pub struct Document {
    pub date: Option<Date>,
    pub title: String,
    pub bytes: Vec<u8>,
    pub pages: u32,
}

/// A lettered section with its documents, in bundle order.
pub struct Lettered {
    pub letter: char,
    pub kind: Kind,
    pub documents: Vec<Document>,
}

impl Lettered {
    /// The section page numbers of each document, first and last ("B1", "B4").
    pub fn ranges(&self) -> Vec<(String, String)> {
        let mut next = 1;
        self.documents
            .iter()
            .map(|document| {
                let first = next;
                next += document.pages;
                (
                    format!("{}{first}", self.letter),
                    format!("{}{}", self.letter, next - 1),
                )
            })
            .collect()
    }

    /// The label of every page of the section, in order.
    fn labels(&self) -> Vec<String> {
        let pages: u32 = self.documents.iter().map(|document| document.pages).sum();
        (1..=pages)
            .map(|page| format!("{}{page}", self.letter))
            .collect()
    }
}

/// Puts the preliminary documents first and each record in its section (records keep their
/// order, which is date order), then letters the sections that have documents.
pub fn sections(preliminary: Vec<Document>, records: Vec<(Kind, Document)>) -> Vec<Lettered> {
    let mut grouped: std::collections::BTreeMap<Kind, Vec<Document>> = Default::default();
    grouped.insert(Kind::Preliminary, preliminary);
    for (kind, document) in records {
        grouped.entry(kind).or_default().push(document);
    }
    grouped
        .into_iter()
        .filter(|(_, documents)| !documents.is_empty())
        .zip('A'..='Z')
        .map(|((kind, documents), letter)| Lettered {
            letter,
            kind,
            documents,
        })
        .collect()
}

fn para(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Run::Text(text.into())])
}

fn range_text((first, last): &(String, String)) -> String {
    if first == last {
        first.clone()
    } else {
        format!("{first}–{last}")
    }
}

/// The index: each section with its page range, and each document in it with its date and
/// section pages (PD27A: an index at the front, sections separately paginated).
pub fn index_pdf(
    context: &PackContext<'_>,
    sections: &[Lettered],
) -> Result<(Vec<u8>, Vec<Link>), RenderError> {
    let request = context.request;
    let mut blocks = vec![
        Block::Title(format!("Bundle index — {}", request.reference)),
        para(format!(
            "Records about {} disclosed by {} for court proceedings. The pages are numbered by \
             section (A1, A2 ... B1, B2 ...), as Family Procedure Rules Practice Direction 27A \
             sets out for children proceedings: the number is printed at the bottom right of \
             every page, and a PDF reader shows the same number as the page label. Each record \
             also keeps the pack page number printed at the bottom centre, which the \
             chronology uses. Records are in date order within each section. Documents that \
             are not included are listed in section A, with the grounds.",
            request.subject.name, request.organisation
        )),
    ];
    for section in sections {
        let ranges = section.ranges();
        let whole = match (ranges.first(), ranges.last()) {
            (Some((first, _)), Some((_, last))) => range_text(&(first.clone(), last.clone())),
            _ => String::new(),
        };
        blocks.push(Block::Heading(format!(
            "Section {} — {} ({whole})",
            section.letter,
            section.kind.title()
        )));
        let rows = section
            .documents
            .iter()
            .zip(&ranges)
            .enumerate()
            .map(|(position, (document, range))| {
                vec![
                    (position + 1).to_string(),
                    document
                        .date
                        .map(short_date)
                        .unwrap_or_else(|| "Not dated".into()),
                    document.title.clone(),
                    range_text(range),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            headers: vec![
                "Tab".into(),
                "Date".into(),
                "Document".into(),
                "Pages".into(),
            ],
            widths: vec![0.08, 0.2, 0.54, 0.18],
            rows,
        });
    }
    let (bytes, _, rows) = render_with_rows(&Layout {
        blocks,
        landscape: false,
    })?;
    // One table row per document, in bundle order: each links to its document.
    let links = rows
        .into_iter()
        .enumerate()
        .map(|(part, (page, rect))| Link { page, rect, part })
        .collect();
    Ok((bytes, links))
}

/// The list of documents withheld, referred or being checked, with the grounds: the schedule's
/// neutral description and reason for each (never a title or what the record says).
pub fn not_included_pdf(context: &PackContext<'_>) -> Result<PackFile, RenderError> {
    let request = context.request;
    let mut blocks = vec![
        Block::Title(format!("Documents not included — {}", request.reference)),
        para(
            "Records found in the search that are not in this bundle, with the grounds. Each \
             is described only by its date and kind of record, so that the description does \
             not disclose what is withheld. The numbers are those of the schedule of records.",
        ),
    ];
    let rows: Vec<Vec<String>> = context
        .rows
        .iter()
        .filter(|row| row.pages.is_none())
        .map(|row| {
            let codes = super::documents::codes_text(row);
            vec![
                row.number.to_string(),
                row.date
                    .map(short_date)
                    .unwrap_or_else(|| "Not recorded".into()),
                row.description.clone(),
                match row.disposition {
                    Disposition::Withheld => "Withheld",
                    Disposition::Referred => "Referred to the organisation it came from",
                    Disposition::PendingReview => "Being checked by a member of staff",
                    // Rows with pages are not listed; these cannot be reached.
                    Disposition::Disclosed
                    | Disposition::DisclosedRedacted
                    | Disposition::Excluded => "Not included",
                }
                .to_string(),
                if codes.is_empty() {
                    row.reason.clone()
                } else {
                    format!("{} ({codes})", row.reason)
                },
            ]
        })
        .collect();
    if rows.is_empty() {
        blocks.push(para("Every record found is included in this bundle."));
    } else {
        blocks.push(Block::Table {
            headers: vec![
                "No.".into(),
                "Date".into(),
                "Record".into(),
                "Status".into(),
                "Grounds".into(),
            ],
            widths: vec![0.07, 0.15, 0.25, 0.18, 0.35],
            rows,
        });
    }
    let (bytes, pages) = render(&Layout {
        blocks,
        landscape: false,
    })?;
    Ok(PackFile {
        name: NOT_INCLUDED_PDF.to_string(),
        bytes,
        item: None,
        pages,
    })
}

/// The bundle: the index, then every section's documents with their section page numbers
/// stamped at the bottom right, page labels to match, and bookmarks for the index, each section
/// and each document. Returns the file (not yet verified) and the pages after the index.
pub fn bundle(context: &PackContext<'_>, sections: &[Lettered]) -> Result<PackFile, String> {
    let (index, index_links) = index_pdf(context, sections).map_err(|error| error.to_string())?;
    let mut stamped: Vec<Vec<Part<'_>>> = Vec::with_capacity(sections.len());
    let mut owned: Vec<Vec<(String, Vec<u8>)>> = Vec::with_capacity(sections.len());
    for section in sections {
        let labels = section.labels();
        let mut at = 0usize;
        let mut parts = Vec::with_capacity(section.documents.len());
        for (position, document) in section.documents.iter().enumerate() {
            let count = document.pages as usize;
            let Some(own) = labels.get(at..at + count) else {
                return Err(format!(
                    "section {}: document {} has more pages than were counted",
                    section.letter,
                    position + 1
                ));
            };
            at += count;
            let bytes = super::stamp::stamp_labels(&document.bytes, own).map_err(|error| {
                format!(
                    "section {}, document {}: cannot stamp the page numbers: {error}",
                    section.letter,
                    position + 1
                )
            })?;
            let title = format!(
                "{}. {} — {}",
                position + 1,
                document
                    .date
                    .map(short_date)
                    .unwrap_or_else(|| "Not dated".into()),
                document.title
            );
            parts.push((title, bytes));
        }
        owned.push(parts);
    }
    for parts in &owned {
        stamped.push(
            parts
                .iter()
                .map(|(title, bytes)| Part {
                    title: title.clone(),
                    bytes,
                })
                .collect(),
        );
    }
    let combined: Vec<Section<'_, '_>> = sections
        .iter()
        .zip(&stamped)
        .map(|(section, parts)| Section {
            prefix: section.letter.to_string(),
            title: Some(format!(
                "Section {} — {}",
                section.letter,
                section.kind.title()
            )),
            parts,
        })
        .collect();
    let (bytes, pages) =
        super::combined::combine_sections(&index, "Index", &combined, &index_links)?;
    Ok(PackFile {
        name: bundle_file_name(&context.request.reference),
        bytes,
        item: None,
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_go_in_their_section_by_kind() {
        for (description, kind) in [
            ("Court statement", Kind::Statements),
            ("Case note: Court hearing", Kind::Other),
            ("Case note: Statement taken", Kind::Other),
            ("Pathway plan", Kind::CarePlans),
            ("Police report", Kind::Reports),
            ("Assessment", Kind::Reports),
            ("Interim care order", Kind::Orders),
            ("Letter", Kind::Other),
            ("Email", Kind::Other),
        ] {
            assert_eq!(kind_of(description), kind, "{description}");
        }
    }

    fn document(pages: u32) -> Document {
        Document {
            date: None,
            title: String::new(),
            bytes: Vec::new(),
            pages,
        }
    }

    #[test]
    fn sections_are_lettered_in_turn_and_paged_from_one() {
        let sections = sections(
            vec![document(2), document(1)],
            vec![
                (Kind::Reports, document(3)),
                (Kind::Statements, document(1)),
                (Kind::Reports, document(2)),
            ],
        );
        let letters: Vec<(char, Kind)> = sections
            .iter()
            .map(|section| (section.letter, section.kind))
            .collect();
        assert_eq!(
            letters,
            [
                ('A', Kind::Preliminary),
                ('B', Kind::Statements),
                ('C', Kind::Reports)
            ]
        );
        assert_eq!(
            sections[0].ranges(),
            [("A1".into(), "A2".into()), ("A3".into(), "A3".into())]
        );
        assert_eq!(
            sections[2].ranges(),
            [("C1".into(), "C3".into()), ("C4".into(), "C5".into())]
        );
        assert_eq!(sections[2].labels(), ["C1", "C2", "C3", "C4", "C5"]);
    }
}
