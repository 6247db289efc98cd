//! The nouns every stage shares: the request, the people register, the items gathered from the
//! records store, what detection found in them, what the policy decided, and the documents that
//! flow through redaction and verification into the pack.
//!
//! Stages depend on this module and never on each other; `pipeline` is the only place that knows
//! their order. Everything here that describes a decision is plain data (serde), so a plan can be
//! printed, reviewed, diffed and snapshot-tested without touching a PDF.

use std::fmt;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// A date spelled out for people: "Friday 4 December 2026" (data files keep ISO 8601).
pub fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// A date spelled out without the weekday: "4 December 2026".
pub fn short_date(date: Date) -> String {
    date.strftime("%-d %B %Y").to_string()
}

// ---------------------------------------------------------------------------------------------
// The request
// ---------------------------------------------------------------------------------------------

/// What the requester asked for (request file `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    /// UK GDPR Article 15.
    SubjectAccess,
    /// UK GDPR Article 16: same timetable as Article 15.
    Rectification,
    /// Disclosure prepared for family proceedings.
    CourtDisclosure,
}

impl RequestKind {
    pub fn label(self) -> &'static str {
        match self {
            RequestKind::SubjectAccess => "subject access request (UK GDPR Article 15)",
            RequestKind::Rectification => "request for rectification (UK GDPR Article 16)",
            RequestKind::CourtDisclosure => "court disclosure",
        }
    }
}

/// The part of the UK whose bank holidays count as non-working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Region {
    pub const ALL: [Region; 3] = [
        Region::EnglandAndWales,
        Region::Scotland,
        Region::NorthernIreland,
    ];

    /// The key used in the request file and in GOV.UK's `bank-holidays.json`.
    pub fn key(self) -> &'static str {
        match self {
            Region::EnglandAndWales => "england-and-wales",
            Region::Scotland => "scotland",
            Region::NorthernIreland => "northern-ireland",
        }
    }
}

impl std::str::FromStr for Region {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Region::ALL
            .into_iter()
            .find(|region| region.key() == value)
            .ok_or_else(|| {
                format!(
                    "`{value}` is not a region (expected england-and-wales, scotland or northern-ireland)"
                )
            })
    }
}

/// An agency asked whether its content may be disclosed, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyConsultation {
    pub agency: String,
    /// The agency's answer; `None` while it has been asked and has not answered.
    #[serde(default)]
    pub disclose: Option<bool>,
    /// When it was asked (optional; a consultation with an answer was asked by definition).
    #[serde(default)]
    pub asked: Option<Date>,
}

/// In what capacity the requester asks (request file `[requester] capacity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Capacity {
    /// The subject asks for their own records.
    #[serde(rename = "self")]
    Subject,
    /// A parent (with parental responsibility) for their child.
    Parent,
    /// A solicitor acting for the subject, with the subject's signed authority.
    Solicitor,
    /// An advocate (e.g. a children's rights advocate) acting for the subject.
    Advocate,
    /// Anyone else acting for the subject with their authority (or a court-appointed deputy).
    Representative,
}

impl Capacity {
    pub fn key(self) -> &'static str {
        match self {
            Capacity::Subject => "self",
            Capacity::Parent => "parent",
            Capacity::Solicitor => "solicitor",
            Capacity::Advocate => "advocate",
            Capacity::Representative => "representative",
        }
    }

    /// Whether the requester must show the subject's authority before the clock starts (ICO:
    /// third-party requesters must evidence their authority; the clock starts on receipt).
    pub fn needs_authority(self) -> bool {
        matches!(
            self,
            Capacity::Solicitor | Capacity::Advocate | Capacity::Representative
        )
    }
}

/// The person who made the request: the subject, or someone acting for them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requester {
    pub name: String,
    pub capacity: Capacity,
    /// Postal address lines for the letter (may be empty).
    #[serde(default)]
    pub address: Vec<String>,
    /// Their row in `people.csv`, when they are in it (a parent usually is): their own data is
    /// not third-party data in their own request.
    #[serde(default)]
    pub person_id: Option<String>,
}

impl Requester {
    /// The subject asking for their own records.
    pub fn subject(subject: &Subject) -> Requester {
        Requester {
            name: subject.name.clone(),
            capacity: Capacity::Subject,
            address: Vec::new(),
            person_id: Some(subject.person_id.clone()),
        }
    }
}

/// A "stop the clock" pause while the organisation waited for clarification (UK GDPR Art 12A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub asked: Date,
    pub received: Date,
}

/// The person whose records are requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub person_id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub dob: Option<Date>,
    #[serde(default)]
    pub ids: Vec<String>,
}

/// A validated request file. Paths are resolved against the request file's folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub reference: String,
    pub kind: RequestKind,
    pub received: Date,
    pub identity_verified: Option<Date>,
    pub authority_received: Option<Date>,
    pub fee_received: Option<Date>,
    pub clarification: Vec<Pause>,
    pub extended: bool,
    pub extension_notified: Option<Date>,
    pub holidays: Option<PathBuf>,
    pub region: Region,
    pub organisation: String,
    pub consulted_agencies: Vec<AgencyConsultation>,
    pub subject: Subject,
    /// Who asked (the subject unless the request file has a `[requester]` table).
    pub requester: Requester,
    /// Where the organisation profile (`organisation.toml`) is, when the request names one.
    #[serde(default)]
    pub organisation_profile: Option<PathBuf>,
    /// The records store (read only, ever).
    pub store: PathBuf,
    /// The folder the request file is in.
    pub base_dir: PathBuf,
    /// A rectification request's records and the corrections asked for (`[[rectification]]`).
    #[serde(default)]
    pub rectification: Vec<Rectification>,
    /// Earlier answers the records may have gone out in (`disclosed_in`), for Art 19.
    #[serde(default)]
    pub disclosed_in: Vec<EarlierAnswer>,
    /// A court-disclosure request's case, for the bundle's front sheet (`[court]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<Court>,
}

/// One record a rectification request (UK GDPR Art 16) asks to have corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rectification {
    /// The store's own id: a case-note id (`CN-1036`) or a document's path as `documents.csv`
    /// gives it (`documents/2019-04-02-letter.pdf`).
    pub record: String,
    /// The correction asked for, in the requester's words.
    pub correction: String,
    /// A person's decision, once made.
    pub decision: Option<RectificationDecision>,
}

impl Rectification {
    /// Whether an item's source (`case-notes.csv#CN-1036`, `documents/...`) is this record.
    pub fn is_source(&self, source: &str) -> bool {
        source == self.record
            || source
                .strip_prefix("case-notes.csv#")
                .is_some_and(|id| id == self.record)
    }
}

/// What a person decided about a correction, with who and when (and why, when it is refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationDecision {
    pub outcome: RectificationOutcome,
    /// Why the record is not changed (empty when corrected).
    pub reasons: String,
    pub by: String,
    pub on: Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RectificationOutcome {
    Corrected,
    NotCorrected,
}

/// A court-disclosure request's case (`[court]` in the request file), for the bundle's front
/// sheet (PD27A: the case's title and number, the court, the hearing). Every string is free
/// text that the verifier checks in the bundle like any other: parties are described by their
/// role ("First respondent: the mother"), never by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Court {
    pub court: String,
    pub case_number: String,
    /// The case's title as the court gives it with initials ("Re J (A Child)").
    pub case_name: Option<String>,
    pub hearing: Option<Date>,
    pub parties: Vec<String>,
}

/// An earlier answer (its request file and the output folder sarpack wrote it to), read for
/// whom the records went to and when (`vN/sent.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierAnswer {
    pub request: PathBuf,
    pub out: PathBuf,
}

impl Request {
    /// The agency's answer, if it was consulted and answered. Matching ignores case and
    /// surrounding space.
    pub fn agency_answer(&self, agency: &str) -> Option<bool> {
        self.consultation(agency)
            .and_then(|consultation| consultation.disclose)
    }

    /// The consultation with `agency`, if it was asked (answered or not).
    pub fn consultation(&self, agency: &str) -> Option<&AgencyConsultation> {
        let wanted = agency.trim().to_lowercase();
        self.consulted_agencies
            .iter()
            .find(|consultation| consultation.agency.trim().to_lowercase() == wanted)
    }

    /// Whether the subject was under 18 on the day the request arrived (unknown age counts as a
    /// child: the protections for children then apply and a person decides).
    pub fn subject_is_child(&self) -> bool {
        match self.subject.dob {
            Some(dob) => dob
                .checked_add(jiff::Span::new().years(18))
                .map(|adult| self.received < adult)
                .unwrap_or(true),
            None => true,
        }
    }

    /// Whether a parent asks for a child: the request for which DPA 2018 Sch 3 Part 3 para 10
    /// (the child's expectations) and Part 5 para 21 (child abuse data) can apply.
    pub fn parent_for_child(&self) -> bool {
        self.requester.capacity == Capacity::Parent && self.subject_is_child()
    }
}

/// A way to reach someone: who, and how (every field optional but the name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub address: Vec<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// What they can help with, in one sentence.
    #[serde(default)]
    pub about: String,
}

/// The organisation profile (`organisation.toml`): what the covering letter says about the
/// organisation instead of generic "may" sentences (UK GDPR Art 15(1)(a)-(h), 13/14; ICO).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationProfile {
    /// Where replies and review requests go (the organisation's information governance team).
    pub contact: Contact,
    /// The data protection officer (UK GDPR Art 37-39; Art 13(1)(b)).
    pub dpo: Contact,
    /// Why the records are kept (Art 15(1)(a)).
    pub purposes: Vec<String>,
    /// Who the information is shared with (Art 15(1)(c)).
    pub recipients: Vec<String>,
    /// How long the records are kept, or how that is decided (Art 15(1)(d)).
    pub retention: String,
    /// Where the information came from (Art 15(1)(g)).
    pub sources: String,
    /// Transfers outside the UK and their safeguards (Art 15(2)); empty when there are none.
    #[serde(default)]
    pub transfers: String,
    /// Who to talk to first about the records (a named team or worker), before anyone else.
    pub first_contact: Contact,
    /// Independent support (e.g. the Care Leavers' Association).
    #[serde(default)]
    pub support: Vec<Contact>,
}

/// The statutory time limit for a request (see `deadline`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// Day one: the latest of receipt, identity, authority and fee.
    pub start: Date,
    /// Why the clock starts on `start` (e.g. "identity evidence received").
    pub start_reason: String,
    /// One calendar month from `start`, plus paused days, moved to the next working day.
    pub due: Date,
    /// Three months from `start` (plus paused days), moved to the next working day.
    pub extended_due: Date,
    /// The requester must be told of an extension, with reasons, by this date (= `due`).
    pub extension_notify_by: Date,
    /// Whether the extension applies (claimed and notified in time).
    pub extended: bool,
    /// Calendar days the clock was stopped for clarification.
    pub paused_days: i64,
    pub region: Region,
    /// Things a DPO must know about this deadline (a late extension notice, a pause that did not
    /// stop the clock ...). Empty when there is nothing to say.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl Deadline {
    /// The date that binds the organisation now.
    pub fn effective_due(&self) -> Date {
        if self.extended {
            self.extended_due
        } else {
            self.due
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The register of people (people.csv)
// ---------------------------------------------------------------------------------------------

/// How a person in the register relates to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Subject,
    ThirdParty,
    Professional,
    /// Someone asking for the subject (a parent), decided per request (`request::bind_register`):
    /// their own data is theirs to see, never a category in the export.
    Requester,
}

/// One row of `people.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub dob: Option<Date>,
    pub role: String,
    pub category: Category,
    pub phone: String,
    pub address: String,
    pub consent: bool,
}

impl Person {
    /// A third party whose data must be redacted (no consent on record).
    pub fn is_protected_third_party(&self) -> bool {
        self.category == Category::ThirdParty && !self.consent
    }
}

/// Everyone the store knows about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    pub people: Vec<Person>,
}

impl Register {
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|person| person.id == id)
    }

    pub fn third_parties(&self) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(|person| person.is_protected_third_party())
    }

    pub fn professionals(&self) -> impl Iterator<Item = &Person> {
        self.people
            .iter()
            .filter(|person| person.category == Category::Professional)
    }
}

// ---------------------------------------------------------------------------------------------
// Items: every record the store holds, before and after gathering
// ---------------------------------------------------------------------------------------------

/// Where an item came from. Its `Display` is the `source` column of the internal schedule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A row of `case-notes.csv` (`row` is the 1-based CSV record number, header excluded).
    CaseNote { id: String, row: usize },
    /// A file under `documents/`, path relative to the store with `/` separators.
    Document { path: String },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::CaseNote { id, .. } => write!(f, "case-notes.csv#{id}"),
            Source::Document { path } => f.write_str(path),
        }
    }
}

/// The file format of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A case-management export row, already text.
    CaseNote,
    Pdf,
    Docx,
    Email,
    Text,
    /// A web page or an HTML export (`.html`, `.htm`), read as its text.
    Html,
    /// Rich Text Format (`.rtf`), read as its text.
    Rtf,
    /// An Excel workbook (`.xlsx`), every sheet's cells read as rows of text.
    Xlsx,
    /// An Outlook message (`.msg`), read like an email; its attachments are child items.
    Msg,
    /// A picture file (`.png`, `.jpg` ...; an email's image attachment): read by OCR and typeset
    /// as the picture (issue 16). Formats sarpack does not decode go to a person with the reason.
    Image,
    /// Anything else: listed, never ignored, never disclosed unreviewed.
    Other,
}

impl Format {
    pub fn from_extension(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        let extension = lower.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
        match extension {
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "eml" => Format::Email,
            // A CSV table's text holds every cell, a row to a line (issue 15).
            "txt" | "csv" => Format::Text,
            "html" | "htm" => Format::Html,
            "rtf" => Format::Rtf,
            "xlsx" => Format::Xlsx,
            "msg" => Format::Msg,
            "png" | "jpg" | "jpeg" | "jpe" | "gif" | "bmp" | "tif" | "tiff" | "webp" => {
                Format::Image
            }
            _ => Format::Other,
        }
    }
}

/// The item's content as gathered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Content {
    /// Plain text (case notes, TXT, and the text of DOCX and email), paragraphs separated by
    /// blank lines. Rendered to a new PDF when disclosed.
    Text {
        text: String,
        /// The pictures the record shows (pasted into a Word file, an image file or an email's
        /// image attachment), each at its place: the text OCR read in it stands in `text` at
        /// `start..end`, on lines of its own, so that detection and decisions see it. Typeset
        /// as the picture, with the pixels of redacted words filled.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pictures: Vec<TextPicture>,
        /// Pictures sarpack could not read, each with why, in a record a person released
        /// (`release`) after looking at them: each is one of `pictures` with no text read, so it
        /// is typeset unread and the verifier reads it. Empty unless a person released the item.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unread_pictures: Vec<String>,
    },
    /// An original PDF, redacted in place. `pages` is the text of each page as the `pdf` module
    /// extracts it, followed by the text OCR read in each of the page's pictures
    /// (`pictures`); decision spans index into `pages.join(PAGE_SEPARATOR)`.
    Pdf {
        path: PathBuf,
        pages: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pictures: Vec<PictureText>,
        /// When the PDF is an email's attachment: its 1-based position in the email at `path`
        /// (read again from the email to redact; nothing is unpacked to disk).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        attachment: Option<usize>,
        /// When the email holding the PDF is itself attached to the email at `path`: the
        /// positions of the attached emails on the way, outermost first (issue 15).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        within: Vec<usize>,
        /// Pictures sarpack could not read, each with why, in a file a person released
        /// (`release`) after looking at them: they ship unread and the verifier reads them.
        /// Empty unless a person released the item.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        unread_pictures: Vec<String>,
        /// The pages whose visual reading order differs from the order the content stream
        /// draws their text in ([`ReadingOrder`]); empty for most files.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        reading_order: Vec<ReadingOrder>,
    },
    /// Content sarpack cannot read reliably: a password, no text layer, damage, an unknown
    /// format, pictures OCR cannot read. Never disclosed unreviewed.
    Unreadable {
        reason: String,
        /// What was not read, which decides what a person's look can settle.
        #[serde(default)]
        unread: Unread,
    },
}

impl Content {
    /// A file sarpack cannot read: a person can only withhold it (or put a readable copy in
    /// the store).
    pub fn unreadable(reason: String) -> Content {
        Content::Unreadable {
            reason,
            unread: Unread::File,
        }
    }
}

/// What sarpack could not read in an [`Content::Unreadable`] item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unread {
    /// The file itself (damage, a password, a font or a picture that does not decode, a
    /// format sarpack does not read): it cannot ship, whatever a person sees in it.
    #[default]
    File,
    /// Only pictures OCR could not read: a person who looked at them can `release` the item,
    /// and they ship unread, for the verifier to read as it reads every picture that ships.
    Pictures,
}

/// The text OCR read in a picture on a page of an original PDF, and where each word is in the
/// picture's pixels, so that redaction can fill exactly the pixels of a redacted word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureText {
    /// The page (from 1) whose text holds this picture's text.
    pub page: u32,
    /// The image XObject read: object number and generation in the original file.
    pub object: (u32, u16),
    /// SHA-256 (hex) of the image stream as stored in the original file: redaction refuses a
    /// picture that is not the one read, and the verifier refuses a pack that still holds it.
    pub digest: String,
    /// Byte range of the picture's text in the page's text.
    pub start: usize,
    pub end: usize,
    /// Size in pixels.
    pub width: u32,
    pub height: u32,
    /// The text read, as it stands in the page's text (words by spaces, lines by newlines).
    pub text: String,
    pub words: Vec<PictureWord>,
}

/// A picture in a text record (issue 15 point 4, issue 16) and the text OCR read in it. Read
/// again from its file to redact, and refused unless it is still the picture that was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPicture {
    /// The store's file the picture is read from: the Word file, the email, the image file.
    pub path: PathBuf,
    /// When that file is an email's attachment: its 1-based positions in the email at `path`,
    /// the attached emails on the way first (empty for a file of the store's own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachment: Vec<usize>,
    /// The picture's part inside a Word file (`word/media/image1.png`); `None` when the file
    /// (or the attachment) is the picture itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// SHA-256 (hex) of the picture file's bytes.
    pub digest: String,
    /// Byte range of the picture's text in the record's text.
    pub start: usize,
    pub end: usize,
    /// Size in pixels.
    pub width: u32,
    pub height: u32,
    /// Each word read: its bytes in the record's text and its box in the picture's pixels.
    pub words: Vec<PictureWord>,
}

/// One word read in a picture: its bytes in the page's text and its box in the picture's pixels
/// (`[left, top, right, bottom]`, top-left origin, right and bottom exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureWord {
    pub start: usize,
    pub end: usize,
    pub bbox: [u32; 4],
}

/// A page of an original PDF whose content stream draws its text in another order than a
/// reader sees it (issue 11 point 2): a name drawn "Cleve" after "land", a phone's two halves
/// in reverse. The verifier reads every page in its visual order too (lines top to bottom,
/// each left to right), so detection reads it that way as well before anything is redacted.
/// The visual text is made of pieces of the page's own text (`Content::Pdf::pages`), so a term
/// found in it maps back to the spans decisions index into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingOrder {
    /// The page, from 1.
    pub page: u32,
    /// The page's text in visual order: byte ranges of the page's text, in the order they are
    /// seen.
    pub pieces: Vec<ReadingPiece>,
}

impl ReadingOrder {
    /// The text this order reads on `page` (the page's text), and for each piece the byte
    /// where it starts in that text.
    pub fn text(&self, page: &str) -> (String, Vec<usize>) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(self.pieces.len());
        for piece in &self.pieces {
            if let Some(separator) = piece.after {
                text.push(separator);
            }
            starts.push(text.len());
            text.push_str(page.get(piece.start..piece.end).unwrap_or_default());
        }
        (text, starts)
    }
}

/// A run of a page's text that reads on from the piece before it in visual order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingPiece {
    /// Byte range in the page's text.
    pub start: usize,
    pub end: usize,
    /// What stands between the piece before and this one as they are seen: a line end, a gap
    /// (a space), or nothing (the glyphs touch).
    pub after: Option<char>,
}

/// Joins page texts into one searchable text; a form feed never occurs in extracted text.
pub const PAGE_SEPARATOR: &str = "\n\u{c}\n";

/// Where each of `pages` starts in their text joined by [`PAGE_SEPARATOR`] (the text findings
/// and spans index into), in bytes.
pub fn page_starts(pages: &[String]) -> Vec<usize> {
    let mut starts = Vec::with_capacity(pages.len());
    let mut offset = 0;
    for page in pages {
        starts.push(offset);
        offset += page.len() + PAGE_SEPARATOR.len();
    }
    starts
}

/// In a `Content::Text`, a paragraph starting with `TABLE_ROW` (or `TABLE_HEADER_ROW`, a row
/// Word repeats at the top of each page) is a row of a table read from a document, and each
/// `TABLE_CELL` ends a cell (followed by ` | `, so the text still reads "a | b"). Consecutive rows
/// are one table, typeset as a grid (`redact::table`). These ASCII separators cannot occur in
/// the text of a Word file (XML holds no such characters), so the marks are unambiguous; they
/// are not word characters, so detection never joins two cells into one name.
pub const TABLE_ROW: char = '\u{1e}';
pub const TABLE_HEADER_ROW: char = '\u{1d}';
pub const TABLE_CELL: char = '\u{1f}';

impl Content {
    /// The digests of the pictures (in an original PDF, or a text record's picture files) whose
    /// text a redaction falls in: the originals that must not reach the pack.
    pub fn redacted_pictures(&self, redactions: &[Redaction]) -> Vec<String> {
        if let Content::Text { pictures, .. } = self {
            let mut digests: Vec<String> = pictures
                .iter()
                .filter(|picture| {
                    redactions.iter().any(|redaction| {
                        redaction.span.start < picture.end && redaction.span.end > picture.start
                    })
                })
                .map(|picture| picture.digest.clone())
                .collect();
            digests.sort();
            digests.dedup();
            return digests;
        }
        let Content::Pdf {
            pages, pictures, ..
        } = self
        else {
            return Vec::new();
        };
        let starts = page_starts(pages);
        let mut digests: Vec<String> = pictures
            .iter()
            .filter(|picture| {
                let Some(&page_start) = (picture.page as usize)
                    .checked_sub(1)
                    .and_then(|index| starts.get(index))
                else {
                    return false;
                };
                let (start, end) = (page_start + picture.start, page_start + picture.end);
                redactions
                    .iter()
                    .any(|redaction| redaction.span.start < end && redaction.span.end > start)
            })
            .map(|picture| picture.digest.clone())
            .collect();
        digests.sort();
        digests.dedup();
        digests
    }

    /// The searchable text of the item (empty when unreadable).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Content::Text { text, .. } => std::borrow::Cow::Borrowed(text),
            Content::Pdf { pages, .. } => std::borrow::Cow::Owned(pages.join(PAGE_SEPARATOR)),
            Content::Unreadable { .. } => std::borrow::Cow::Borrowed(""),
        }
    }
}

/// One record: a case note or a document, with its metadata from the export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Stable id used across the schedule, logs and decisions (`N-00012`: the case-note row;
    /// `D-48213`: drawn from the document's path, see `store::document_ids`).
    pub id: String,
    pub source: Source,
    pub format: Format,
    pub date: Option<Date>,
    /// Title as recorded (internal only: may name people; the pack uses `describe`).
    pub title: String,
    /// Record type from the export (e.g. "Home visit", "Letter").
    pub record_type: String,
    pub author: String,
    /// The agency that supplied the content; `None` for the organisation's own records.
    pub agency: Option<String>,
    pub restricted: bool,
    pub restriction_reason: String,
    /// People ids the export links to this record.
    pub subjects: Vec<String>,
    pub content: Content,
    /// Problems found while reading the row or file (bad date, unknown subject id ...).
    pub problems: Vec<String>,
}

/// Everything found in the store, in a stable order (case notes by row, then documents by path).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Inventory {
    pub items: Vec<Item>,
}

// ---------------------------------------------------------------------------------------------
// Detection and decisions
// ---------------------------------------------------------------------------------------------

/// A half-open byte range into an item's searchable text (`Content::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// What kind of personal data a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    /// A person's name, alias, first name, initials or title + surname.
    Name,
    Phone,
    Address,
    Postcode,
    Email,
    DateOfBirth,
    NhsNumber,
    NationalInsurance,
    /// Another record or reference number.
    Identifier,
}

/// Whose data a finding is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Owner {
    /// The subject's own data: kept.
    Subject,
    /// A professional acting in their role: kept.
    Professional { person_id: String },
    /// The person who made the request for the subject (e.g. a parent): their own data, kept.
    Requester { person_id: String },
    /// A registered third party (consent says whether it is kept).
    RegisteredThirdParty { person_id: String, consent: bool },
    /// Someone the register does not name: redacted.
    UnregisteredPerson,
    /// An identifier that is not the subject's own and belongs to no one known: redacted.
    Unattributed,
}

/// The detection rules whose findings can show that an item is about the subject (the gathering
/// rule). `policy.toml`'s `subject_rules` names some of them and is checked against this list at
/// start-up, so a rule id the detector never emits (or misspelt) is refused instead of silently
/// never honoured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SubjectRule {
    /// `subject.full-name`
    #[serde(rename = "subject.full-name")]
    FullName,
    /// `subject.alias`
    #[serde(rename = "subject.alias")]
    Alias,
    /// `subject.alias-word`: an alias that is also an ordinary word ("Art").
    #[serde(rename = "subject.alias-word")]
    AliasWord,
    /// `subject.id`: one of the subject's record numbers.
    #[serde(rename = "subject.id")]
    Id,
}

impl SubjectRule {
    pub const ALL: [SubjectRule; 4] = [
        SubjectRule::FullName,
        SubjectRule::Alias,
        SubjectRule::AliasWord,
        SubjectRule::Id,
    ];

    /// The rule id the detector writes in [`Finding::rule`].
    pub fn id(self) -> &'static str {
        match self {
            SubjectRule::FullName => "subject.full-name",
            SubjectRule::Alias => "subject.alias",
            SubjectRule::AliasWord => "subject.alias-word",
            SubjectRule::Id => "subject.id",
        }
    }

    /// The subject rule a finding's rule id is, if any.
    pub fn from_id(id: &str) -> Option<SubjectRule> {
        SubjectRule::ALL.into_iter().find(|rule| rule.id() == id)
    }
}

/// One piece of personal data found in an item's text, with the rule that found it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub span: Span,
    /// The matched text, exactly as it stands in the item.
    pub text: String,
    pub kind: FindingKind,
    pub owner: Owner,
    /// Stable rule id (e.g. `register.full-name`, `pattern.uk-phone`), counted by the evaluation:
    /// one of the catalogue in `rules`, so a rule the policy names is one the detector emits.
    pub rule: crate::rules::RuleId,
    /// Why the rule fired, in plain English, for a reviewer.
    pub why: String,
    /// True when the detector is unsure and a person should look (still redacted: fail closed).
    pub review: bool,
}

/// The outcome for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    Disclosed,
    DisclosedRedacted,
    Withheld,
    Referred,
    PendingReview,
    Excluded,
}

impl Disposition {
    pub fn label(self) -> &'static str {
        match self {
            Disposition::Disclosed => "disclosed",
            Disposition::DisclosedRedacted => "disclosed-redacted",
            Disposition::Withheld => "withheld",
            Disposition::Referred => "referred",
            Disposition::PendingReview => "pending-review",
            Disposition::Excluded => "excluded",
        }
    }

    /// Whether the item's content goes into the pack.
    pub fn ships(self) -> bool {
        matches!(
            self,
            Disposition::Disclosed | Disposition::DisclosedRedacted
        )
    }
}

impl fmt::Display for Disposition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A code from the redaction key (see `patterns/codes.toml`), e.g. `TP`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Code(pub String);

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One entry of the redaction key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeMeaning {
    pub code: Code,
    /// Plain-English meaning for the reader.
    pub meaning: String,
    /// Legal basis (e.g. "DPA 2018 Sch 2 Part 3 para 16").
    pub basis: String,
}

/// Why an item got its disposition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: Option<Code>,
    /// Plain English, safe to show the requester: fixed wording that never quotes withheld
    /// content, an input value or an internal error (issue 15).
    pub text: String,
    /// Legal basis, empty for a plain disclosure.
    pub basis: String,
    /// What a reviewer needs and the requester must not see: the faulty value, the file path,
    /// the error (internal schedule and plan only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// One planned removal from an item's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Redaction {
    pub span: Span,
    /// The text removed (internal redaction log only).
    pub text: String,
    pub code: Code,
    pub basis: String,
    /// The detection rule that asked for it.
    pub rule: String,
}

/// The rule of `patterns/policy.toml` (or the person's decision) that settled an item, named in
/// `plan.json` so a plan can be read rule by rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyRule {
    /// A person withheld the item (`withhold` in `decisions.toml`).
    PersonWithholds,
    /// Rule 1: unreadable, or its export row is faulty.
    Review,
    /// Rule 2: not about the subject.
    Gathering,
    /// Rule 3: a record type with its own route.
    RecordType,
    /// Rule 4: restricted.
    Restricted,
    /// Rule 4a: a parent's request for a child, held for a best-interests decision.
    ParentForChild,
    /// Rule 5: supplied by another agency.
    Agency,
    /// Rule 6: disclosed, third parties' data redacted.
    Disclosure,
    /// Was to be disclosed, but the redactor refused the file: a person must look.
    RedactionRefused,
}

impl PolicyRule {
    pub fn label(self) -> &'static str {
        match self {
            PolicyRule::PersonWithholds => "a person's decision: withhold",
            PolicyRule::Review => "rule 1: needs a person's review",
            PolicyRule::Gathering => "rule 2: not about the subject",
            PolicyRule::RecordType => "rule 3: record type",
            PolicyRule::Restricted => "rule 4: restricted",
            PolicyRule::ParentForChild => "rule 4a: a parent's request for a child",
            PolicyRule::Agency => "rule 5: another agency's content",
            PolicyRule::Disclosure => "rule 6: disclosed",
            PolicyRule::RedactionRefused => "redaction refused",
        }
    }
}

/// How a record sarpack typesets presents its header; decided with the rest of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Presentation {
    /// Whether the author may be named (not when the author is a protected third party).
    pub show_author: bool,
    /// Per planned redaction (same index as `Decision::redactions`), the label its box shows
    /// instead of the bare code where the policy allows relationship labels ("TP: mother"). On
    /// an original PDF the box is sized to the removed text, so the label is shown only where
    /// it fits at a legible size (else the code, else the box alone; `redact::pdf`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Option<String>>,
}

/// A person's decision (from `decisions.toml`) that shaped an item's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByPerson {
    /// 1-based entry number in the decisions file.
    pub entry: usize,
    pub action: String,
    pub by: String,
    pub on: Date,
    pub why: String,
    /// What it did here, in words.
    pub effect: String,
}

/// Something waiting for a person, with the decision that would settle it (`review.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPoint {
    /// What needs looking at.
    pub what: String,
    /// The text around it (up to 60 characters either side), never byte offsets.
    pub context: String,
    /// The `decisions.toml` entry that would settle it.
    pub settle: String,
    /// For an unsure finding: where it is, so a review page can draw it (`review.csv` never
    /// shows offsets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<UnsureFinding>,
}

/// An unsure finding waiting for a person, located in the item's searchable text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnsureFinding {
    pub span: Span,
    /// Whether it was redacted (else kept) while it waits.
    pub redacted: bool,
    pub rule: String,
    pub why: String,
}

/// The decision for one item: the plan, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub item: String,
    pub disposition: Disposition,
    /// The rule that settled it.
    pub rule: PolicyRule,
    pub reason: Reason,
    /// Sorted by span, non-overlapping.
    pub redactions: Vec<Redaction>,
    /// How a typeset record's header is shown.
    #[serde(default)]
    pub presentation: Presentation,
    /// Findings a person should look at although they were acted on (uncertain detections).
    pub review_notes: Vec<String>,
    /// What waits for a person, with the decision that would settle each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<ReviewPoint>,
    /// The person's decisions applied to this item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decided_by: Vec<ByPerson>,
    /// Areas of pages a person asked to be removed (`redact-area`), everything in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaRedaction>,
}

/// A person's `redact-area`: everything in `rect` on `page` of the shipped document is removed
/// (text, pixels of pictures, drawings) and an opaque box labelled `code` drawn over it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaRedaction {
    /// 1-based page of the item's document as it ships (a typeset record's typeset pages).
    pub page: u32,
    /// `[x0, y0, x1, y1]` in points from the bottom-left corner of the page as displayed (its
    /// crop box, turned by its `/Rotate`), `x0 < x1`, `y0 < y1`.
    pub rect: [f64; 4],
    pub code: Code,
    pub basis: String,
    /// 1-based entry of the decisions file that asked for it.
    pub entry: usize,
}

impl Eq for AreaRedaction {}

// ---------------------------------------------------------------------------------------------
// Documents on their way to the pack
// ---------------------------------------------------------------------------------------------

/// A document produced for the pack (a redacted record, or a generated schedule/letter/key),
/// not yet verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackFile {
    /// Path inside the zip, e.g. `records/0003-2019-04-02-letter.pdf`.
    pub name: String,
    pub bytes: Vec<u8>,
    /// The item it comes from, if any.
    pub item: Option<String>,
    pub pages: u32,
}

/// A redaction actually applied, located in the output (for the internal log).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedRedaction {
    pub item: String,
    /// 1-based page within the item's document.
    pub page: u32,
    pub code: Code,
    pub basis: String,
    pub text: String,
    pub rule: String,
}

impl AppliedRedaction {
    /// The `rule` of everything removed in the area of decision `entry` (`redact-area`).
    pub fn area_rule(entry: usize) -> String {
        format!("area.decision.{entry}")
    }

    /// Whether this is a person's area: its `text` is whatever stood there (logged for the
    /// reviewer), not a term that must not appear elsewhere.
    pub fn is_area(&self) -> bool {
        self.rule.starts_with("area.")
    }
}

/// What the verifier looks for in every file: strings that must not appear, and strings that
/// may contain them legitimately (the subject's and professionals' names).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forbidden {
    /// (term, why it is forbidden) — redacted strings and third-party identifiers.
    pub terms: Vec<(String, String)>,
    /// (term, why) found only where the text spells them with a capital first letter: the first
    /// names of people the register does not name, which are often ordinary words ("Rose",
    /// "Will") that a record may use in lower case.
    #[serde(default)]
    pub capitalised: Vec<(String, String)>,
    /// (term, why) found only where every letter is written in capitals: initials, which in
    /// lower case are ordinary words ("TO", "OR", "IN").
    #[serde(default)]
    pub upper_case: Vec<(String, String)>,
    /// Terms that are allowed even when they contain a forbidden term (e.g. the subject's
    /// surname contains a third party's first name).
    pub allowed: Vec<String>,
    /// SHA-256 (hex) of every original picture whose pixels had words redacted: no stream in
    /// the pack may equal one of them (issue 16).
    #[serde(default)]
    pub pictures: Vec<String>,
    /// Areas of this file's pages a person asked to be emptied (`redact-area`): the verifier
    /// checks no text is left in each and every picture there is filled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<EmptyArea>,
}

/// An area of a page that must hold no text (but the words in `allowed`: the box's label and
/// the page stamp) and only filled pixels in every picture under it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmptyArea {
    /// 1-based page of the file.
    pub page: u32,
    /// As [`AreaRedaction::rect`]: points from the bottom-left of the page as displayed.
    pub rect: [f64; 4],
    /// Which decision asked for it, for the violation's message (`decision 4`).
    pub decision: usize,
    /// Words that may be drawn there: the labels of the boxes.
    pub allowed: Vec<String>,
    /// The page stamp's words, which the pack adds after redaction (followed by the page
    /// number): allowed too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
}

impl Eq for EmptyArea {}

/// One thing the verifier found wrong in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub file: String,
    /// 1-based page, where the finding is on a page.
    pub page: Option<u32>,
    /// Where in the file: `page text`, `metadata`, `xmp`, `annotation`, `stream 12 0`, `file name` ...
    pub location: String,
    pub what: String,
    /// The text around a forbidden term as the verifier read it, so a person can find it on the
    /// page (internal records only: it holds the very term that must not ship).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(page) = self.page {
            write!(f, " page {page}")?;
        }
        write!(f, " ({}): {}", self.location, self.what)?;
        if !self.context.is_empty() {
            write!(f, " in “{}”", self.context)?;
        }
        Ok(())
    }
}
