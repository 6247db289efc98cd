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
//! OWNER: bundle. Contract: [`SectionRules`], [`sections`], [`not_included_pdf`], [`bundle`].

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
/// note: ..."), from `patterns/bundle.toml`: the first rule with a word found in the
/// description, in lower case, decides; case notes, emails and anything unmatched are other
/// documents. Data, so an organisation can file its own record types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionRules {
    /// (word in lower case, its section), in file order.
    rules: Vec<(String, Kind)>,
}

/// The file [`SectionRules::load`] reads in the patterns folder.
pub const RULES_FILE: &str = "bundle.toml";

#[derive(Debug, thiserror::Error)]
pub enum SectionRulesError {
    #[error("cannot read `{path}`")]
    Read {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("`{path}` is not a valid bundle sections file: {message}")]
    Invalid {
        path: std::path::PathBuf,
        message: String,
    },
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(rename = "rule", default)]
    rules: Vec<RuleEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleEntry {
    words: Vec<String>,
    section: RecordSection,
}

/// The sections a record may go in (section A is sarpack's own documents).
#[derive(serde::Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum RecordSection {
    Orders,
    Statements,
    CarePlans,
    Reports,
    Other,
}

impl SectionRules {
    /// Reads `bundle.toml` in `patterns`.
    pub fn load(patterns: &std::path::Path) -> Result<SectionRules, SectionRulesError> {
        let path = patterns.join(RULES_FILE);
        let text = std::fs::read_to_string(&path).map_err(|source| SectionRulesError::Read {
            path: path.clone(),
            source,
        })?;
        SectionRules::from_toml(&text, &path)
    }

    /// Parses the rules; `path` names the file in errors.
    pub fn from_toml(
        text: &str,
        path: &std::path::Path,
    ) -> Result<SectionRules, SectionRulesError> {
        let invalid = |message: String| SectionRulesError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let file: RulesFile =
            toml::from_str(text).map_err(|error| invalid(error.to_string().trim().to_string()))?;
        let mut rules = Vec::new();
        for (index, entry) in file.rules.into_iter().enumerate() {
            let kind = match entry.section {
                RecordSection::Orders => Kind::Orders,
                RecordSection::Statements => Kind::Statements,
                RecordSection::CarePlans => Kind::CarePlans,
                RecordSection::Reports => Kind::Reports,
                RecordSection::Other => Kind::Other,
            };
            if entry.words.is_empty() {
                return Err(invalid(format!("rule {}: `words` is empty", index + 1)));
            }
            for word in entry.words {
                let word = word.trim().to_lowercase();
                if word.is_empty() {
                    return Err(invalid(format!("rule {}: a word is empty", index + 1)));
                }
                rules.push((word, kind));
            }
        }
        Ok(SectionRules { rules })
    }

    /// The section a record with this description belongs in.
    pub fn kind_of(&self, description: &str) -> Kind {
        let lower = description.to_lowercase();
        self.rules
            .iter()
            .find(|(word, _)| has_phrase(&lower, word))
            .map_or(Kind::Other, |(_, kind)| *kind)
    }
}

/// Whether `phrase` is in `text` as whole words, or with a plural `s` ("plan" finds "Pathway
/// plan" and "Care plans", not "Care planning meeting"; "order" not "Eating disorder"): a
/// word found inside another word says nothing about what the record is.
fn has_phrase(text: &str, phrase: &str) -> bool {
    let boundary = |rest: &str| !rest.chars().next().is_some_and(char::is_alphanumeric);
    text.match_indices(phrase).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let rest = &text[start + phrase.len()..];
        !before.is_some_and(char::is_alphanumeric)
            && (boundary(rest) || rest.strip_prefix('s').is_some_and(boundary))
    })
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

/// The front sheet, on its own page before the index, when the request gives the case
/// (`[court]`): the court, the case number and title, the hearing, the parties by their role,
/// who prepared the bundle and when (PD27A: a bundle is labelled with the case's title and
/// number, the court and the hearing). Nothing when the request gives no case.
fn front_sheet(context: &PackContext<'_>) -> Vec<Block> {
    let request = context.request;
    let Some(court) = &request.court else {
        return Vec::new();
    };
    let mut fields = vec![("Case number".to_string(), court.case_number.clone())];
    if let Some(name) = &court.case_name {
        fields.push(("Case".to_string(), name.clone()));
    }
    if let Some(hearing) = court.hearing {
        fields.push(("Hearing".to_string(), crate::model::long_date(hearing)));
    }
    fields.extend([
        (
            "Bundle".to_string(),
            format!(
                "Records about {} disclosed by {}",
                request.subject.name, request.organisation
            ),
        ),
        ("Our reference".to_string(), request.reference.clone()),
        (
            "Prepared".to_string(),
            crate::model::long_date(context.produced),
        ),
    ]);
    let mut blocks = vec![
        Block::Title(format!("In the {}", court.court)),
        Block::Fields(fields),
    ];
    if !court.parties.is_empty() {
        blocks.push(Block::Heading("Parties".to_string()));
        blocks.extend(court.parties.iter().map(|party| para(party.clone())));
    }
    blocks.push(para(
        "The parties are described by their part in the proceedings. This bundle names no one \
         whose information has been withheld from it.",
    ));
    blocks.push(Block::PageBreak);
    blocks
}

/// The index: each section with its page range, and each document in it with its date and
/// section pages (PD27A: an index at the front, sections separately paginated).
pub fn index_pdf(
    context: &PackContext<'_>,
    sections: &[Lettered],
) -> Result<(Vec<u8>, Vec<Link>), RenderError> {
    let request = context.request;
    let mut blocks = front_sheet(context);
    blocks.extend([
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
    ]);
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
        let rules = SectionRules::from_toml(
            include_str!("../../patterns/bundle.toml"),
            std::path::Path::new("bundle.toml"),
        )
        .unwrap();
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
            // Whole words (and their plural) only: a word inside another says nothing.
            ("Care plans", Kind::CarePlans),
            ("Child protection plan review", Kind::CarePlans),
            ("Pre-birth plan", Kind::CarePlans),
            ("Care planning meeting", Kind::Other),
            ("Planning application", Kind::Orders),
            ("Eating disorder assessment", Kind::Reports),
            ("Reporter's notes", Kind::Other),
            ("Unreported incident", Kind::Other),
            ("Reassessment", Kind::Other),
            ("Court orders", Kind::Orders),
            ("Witness statements", Kind::Statements),
        ] {
            assert_eq!(rules.kind_of(description), kind, "{description}");
        }
    }

    #[test]
    fn a_section_rule_for_section_a_or_without_words_is_refused() {
        let path = std::path::Path::new("bundle.toml");
        for text in [
            "[[rule]]\nwords = [\"minutes\"]\nsection = \"preliminary\"\n",
            "[[rule]]\nwords = []\nsection = \"reports\"\n",
            "[[rule]]\nwords = [\" \"]\nsection = \"reports\"\n",
        ] {
            assert!(SectionRules::from_toml(text, path).is_err(), "{text}");
        }
        // An organisation's own record type, in any case.
        let rules = SectionRules::from_toml(
            "[[rule]]\nwords = [\"Minutes\"]\nsection = \"reports\"\n",
            path,
        )
        .unwrap();
        assert_eq!(rules.kind_of("Strategy meeting minutes"), Kind::Reports);
        assert_eq!(rules.kind_of("Court statement"), Kind::Other);
    }

    #[test]
    fn a_phrase_matches_whole_words_or_their_plural() {
        for (text, phrase, found) in [
            ("pathway plan", "plan", true),
            ("care plans", "plan", true),
            ("plan: review", "plan", true),
            ("(plan)", "plan", true),
            ("care planning", "plan", false),
            ("explanation", "plan", false),
            ("plansby", "plan", false),
            ("case note: visit", "case note", true),
            ("case notes", "case note", true),
            ("showcase note", "case note", false),
            ("case noted", "case note", false),
            ("é-plan", "plan", true),
            ("éplan", "plan", false),
            ("plan plan", "plan", true),
            ("planning plan", "plan", true),
        ] {
            assert_eq!(has_phrase(text, phrase), found, "{phrase:?} in {text:?}");
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
