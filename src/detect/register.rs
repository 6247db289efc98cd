//! Register matching: one Aho-Corasick automaton over the folded names, aliases, first names,
//! surnames, initials, addresses, dates of birth and the subject's own ids of everyone in the
//! register and the request (issue 2 detection rules; issue 7: one automaton, not one regex per
//! name).
//!
//! Every automaton pattern maps to the people it may denote ([`Candidate`]); which one a match
//! belongs to is decided from the match's form, the title before it, and the register (who shares
//! the surname, their sex and age), so "Ms Carter" is resolved once, here, with a reason.

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;

use crate::model::{Category, FindingKind, Owner, Person, Request};
use crate::rules::RuleId;

use super::fold::{self, Folded};
use super::lexicon::{Lexicon, Sex};

/// How a pattern relates to the person it was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Form {
    FullName,
    Alias,
    FirstName,
    Surname,
    /// A form people write that the register does not list (issue 14): a plural surname ("the
    /// Nowaks"), a diminutive ("Trace" for Tracey, "Wazza" for alias "Waz"), a near-misspelling
    /// ("Wayn"). Capitalised only; an ordinary word needs the context of a name.
    Variant,
    Initials,
    Address,
    Street,
    DateOfBirth,
    SubjectId,
}

impl Form {
    fn rule(self) -> &'static str {
        match self {
            Form::FullName => "full-name",
            Form::Alias => "alias",
            Form::FirstName => "first-name",
            Form::Surname => "surname",
            Form::Variant => "variant",
            Form::Initials => "initials",
            Form::Address => "address",
            Form::Street => "street",
            Form::DateOfBirth => "dob",
            Form::SubjectId => "id",
        }
    }

    /// Every form, for the test that each rule [`name_rule`] can put together is catalogued.
    #[cfg(test)]
    const ALL: [Form; 10] = [
        Form::FullName,
        Form::Alias,
        Form::FirstName,
        Form::Surname,
        Form::Variant,
        Form::Initials,
        Form::Address,
        Form::Street,
        Form::DateOfBirth,
        Form::SubjectId,
    ];

    fn kind(self) -> FindingKind {
        match self {
            Form::Address | Form::Street => FindingKind::Address,
            Form::DateOfBirth => FindingKind::DateOfBirth,
            Form::SubjectId => FindingKind::Identifier,
            _ => FindingKind::Name,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Form::FullName => "full name",
            Form::Alias => "alias",
            Form::FirstName => "first name",
            Form::Surname => "surname",
            Form::Variant => "written variant of the name",
            Form::Initials => "initials",
            Form::Address => "address",
            Form::Street => "house number and street",
            Form::DateOfBirth => "date of birth",
            Form::SubjectId => "record number or id",
        }
    }

    /// Single-token name forms must be capitalised in the text ("grace" the word is not Grace).
    fn needs_capital(self) -> bool {
        matches!(
            self,
            Form::FirstName | Form::Surname | Form::Alias | Form::Variant
        )
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub person: usize,
    pub form: Form,
}

/// A person the detector knows: the subject (from the request and the register) or a register row.
#[derive(Debug, Clone)]
pub(crate) struct Known {
    pub name: String,
    pub role: String,
    pub owner: Owner,
    pub is_subject: bool,
    pub first: String,
    pub surname: Option<String>,
    pub sex: Sex,
    /// `None` when the date of birth is unknown.
    pub adult: Option<bool>,
    /// The date of birth, when the request or the register gives it: a labelled date of birth
    /// in a record is theirs when it is this date ([`super::identifiers::WrittenDate`]).
    pub dob: Option<jiff::civil::Date>,
    /// The phone number as identifier matches are compared ([`super::identifiers::phone_key`]):
    /// national digits for a UK number, `+` and the digits for another country's.
    pub phone: Option<String>,
    /// An international number other than the UK's as it is written inside its own country
    /// ("+48 601 234 567" as "601 234 567"): the digits after a country code of one to three
    /// digits, alone and after a trunk 0, seven digits or more (issue 14).
    pub local_phones: Vec<String>,
    /// Canonical postcodes from the address.
    pub postcodes: Vec<String>,
    /// Folded address.
    pub address: String,
    /// Initials as people write them: every word ("DÓF"), and first name + surname ("DÓ")
    /// when they differ.
    pub initials: Vec<String>,
}

/// The ways an international number other than the UK's is written without its country code
/// (see [`Known::local_phones`]); empty for a UK or national number.
pub(crate) fn local_phone_forms(phone: &str) -> Vec<String> {
    let trimmed = phone.trim_start();
    if !(trimmed.starts_with('+') || trimmed.starts_with("00")) {
        return Vec::new();
    }
    let digits = super::identifiers::digits_of(trimmed);
    let digits = digits.strip_prefix("00").unwrap_or(&digits);
    if digits.starts_with("44") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for code in 1..=3 {
        let Some(rest) = digits.get(code..) else {
            continue;
        };
        let rest = rest.trim_start_matches('0');
        if rest.len() >= 7 {
            for form in [rest.to_string(), format!("0{rest}")] {
                if !out.contains(&form) {
                    out.push(form);
                }
            }
        }
    }
    out
}

impl Known {
    pub fn rule_prefix(&self) -> &'static str {
        match self.owner {
            Owner::Subject => "subject",
            Owner::Professional { .. } => "professional",
            _ => "register",
        }
    }

    pub fn redacted(&self) -> bool {
        matches!(
            self.owner,
            Owner::RegisteredThirdParty { consent: false, .. }
                | Owner::UnregisteredPerson
                | Owner::Unattributed
        )
    }
}

/// The compiled register.
#[derive(Debug)]
pub(crate) struct RegisterMatcher {
    pub people: Vec<Known>,
    pub subject: usize,
    automaton: AhoCorasick,
    entries: Vec<Vec<Candidate>>,
}

/// The rule of a register form found in the text: `<prefix>.<form>`, a name after a title
/// `<prefix>.title-<form>`, an alias that is an ordinary word `<prefix>.alias-word`. Each one is
/// in the catalogue (`rules::FAMILIES`): a test puts every combination together.
fn name_rule(prefix: &str, titled: bool, form: Form, word_alias: bool) -> RuleId {
    RuleId::emitted(format!(
        "{prefix}.{}{}{}",
        if titled && form.kind() == FindingKind::Name {
            "title-"
        } else {
            ""
        },
        form.rule(),
        if word_alias && form == Form::Alias {
            "-word"
        } else {
            ""
        }
    ))
}

/// A resolved automaton match in original byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct NameMatch {
    /// The register person it names (None for someone else).
    pub person: Option<usize>,
    pub start: usize,
    pub end: usize,
    pub rule: RuleId,
    pub why: String,
    pub owner: Owner,
    pub kind: FindingKind,
    pub review: bool,
}

fn name_tokens(name: &str) -> Vec<&str> {
    name.split_whitespace().collect()
}

fn postcodes_in(address: &str, postcode: &regex::Regex) -> Vec<String> {
    postcode
        .find_iter(&address.to_uppercase())
        .map(|m| super::identifiers::canonical(m.as_str()))
        .collect()
}

/// The street words and their short forms as Royal Mail and case notes write them.
const STREET_SHORT_FORMS: &[(&str, &str)] = &[
    ("Road", "Rd"),
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Lane", "Ln"),
    ("Close", "Cl"),
    ("Drive", "Dr"),
    ("Court", "Ct"),
    ("Crescent", "Cres"),
    ("Grove", "Gro"),
    ("Place", "Pl"),
    ("Gardens", "Gdns"),
    ("Terrace", "Tce"),
    ("Square", "Sq"),
    ("Parade", "Pde"),
];

/// A street with its last word in the other form ("14 Kestrel Court" and "14 Kestrel Ct"), if
/// that word is a street word with a short form.
fn street_other_form(street: &str) -> Option<String> {
    let (head, last) = street.trim_end_matches('.').rsplit_once(' ')?;
    let other = STREET_SHORT_FORMS.iter().find_map(|&(long, short)| {
        if last.eq_ignore_ascii_case(long) {
            Some(short)
        } else if last.eq_ignore_ascii_case(short) {
            Some(long)
        } else {
            None
        }
    })?;
    Some(format!("{head} {other}"))
}

/// Date of birth in the formats case notes use (14/02/2004, 14.2.04, 14 February 2004,
/// 14th Feb 2004, February 14, 2004, 2004-02-14).
fn dob_forms(date: Date) -> Vec<String> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let (day, month, year) = (date.day(), date.month(), date.year());
    let full = MONTHS[(month - 1) as usize];
    let short = &full[..3];
    let suffix = match day {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    let yy = year % 100;
    let mut forms = Vec::new();
    for sep in ["/", ".", "-"] {
        forms.push(format!("{day:02}{sep}{month:02}{sep}{year}"));
        forms.push(format!("{day}{sep}{month}{sep}{year}"));
        forms.push(format!("{day:02}{sep}{month:02}{sep}{yy:02}"));
        forms.push(format!("{day}{sep}{month}{sep}{yy:02}"));
    }
    forms.push(format!("{year}-{month:02}-{day:02}"));
    for name in [full, short] {
        forms.push(format!("{day} {name} {year}"));
        forms.push(format!("{day}{suffix} {name} {year}"));
        forms.push(format!("{day}{suffix} of {name} {year}"));
        forms.push(format!("{name} {day}, {year}"));
        forms.push(format!("{name} {day} {year}"));
        forms.push(format!("{name} {day}{suffix}, {year}"));
    }
    // In words and with a two-digit year (issue 14): "third of May 1985", "3rd May '85".
    let word = super::identifiers::ORDINAL_DAYS[(day - 1) as usize];
    for name in [full, short] {
        for year_form in [format!("{year}"), format!("'{yy:02}")] {
            forms.push(format!("{word} of {name} {year_form}"));
            forms.push(format!("{word} {name} {year_form}"));
            forms.push(format!("the {word} of {name} {year_form}"));
            forms.push(format!("{day}{suffix} {name} {year_form}"));
            forms.push(format!("{day}{suffix} of {name} {year_form}"));
            forms.push(format!("{day} {name} {year_form}"));
            forms.push(format!("{name} {day}{suffix} {year_form}"));
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

/// Family words people put before a name in an alias ("Auntie Zosia", "Uncle Gaz").
const FAMILY_WORDS: &[&str] = &[
    "auntie", "aunty", "aunt", "uncle", "nan", "nana", "nanna", "nanny", "gran", "granny",
    "grandad", "grandpa", "grandma", "cousin", "big", "little", "lil",
];

/// Forms of a first name or alias that people write and registers do not list (issue 14):
/// "Tracey" -> "Trace", alias "Waz" -> "Wazza", "Wazzer"; "Wayne" -> "Wayn" (one letter left out)
/// and "Kornleia" (two letters swapped) for names of five letters or more. Names the gazetteers
/// know are left out: "Marie" must not become every "Mari".
fn variants(name: &str, lexicon: &Lexicon) -> Vec<String> {
    let folded = fold::fold_str(name);
    let chars: Vec<char> = folded.chars().collect();
    if chars.iter().any(|c| !c.is_alphabetic()) || chars.len() < 3 {
        return Vec::new();
    }
    let mut out = Vec::new();
    if chars.len() >= 5 && folded.ends_with("ey") {
        out.push(folded[..folded.len() - 1].to_string());
    }
    if chars.len() <= 4 && folded.ends_with('z') {
        for ending in ["za", "zer", "zy", "zie"] {
            out.push(format!("{folded}{ending}"));
        }
    }
    if chars.len() >= 5 {
        for skip in 1..chars.len() {
            out.push(
                chars
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, c)| c)
                    .collect(),
            );
        }
        for swap in 1..chars.len() - 1 {
            let mut swapped = chars.clone();
            swapped.swap(swap, swap + 1);
            out.push(swapped.into_iter().collect());
        }
    }
    out.retain(|variant| {
        variant != &folded
            && variant.chars().count() >= 4
            && !lexicon.is_forename(variant)
            && !lexicon.is_surname(variant)
            && !lexicon.is_not_name(variant)
    });
    out.sort();
    out.dedup();
    out
}

/// Particles that belong to the surname: "Ó Fiodhabhra", "Mac Fhearghusa", "van der Berg",
/// "Al Hassan", "Ní Bhriain". The surname is everything from the first particle after the first
/// name.
const PARTICLES: &[&str] = &[
    "o", "mac", "mc", "ni", "nic", "ui", "van", "von", "der", "den", "de", "da", "di", "du", "del",
    "della", "le", "la", "al", "el", "bin", "ibn", "bint", "abu", "st", "ap",
    // "Seán Mac Giolla Phádraig": "Mac Giolla" ("servant of") takes the word after it.
    "giolla",
];

pub(crate) fn is_particle(folded: &str) -> bool {
    PARTICLES.contains(&folded)
}

/// The end of the initial of `surname` right after `end` (" P." or " P"), when the clause
/// closes after it or a word in lower case follows ("Darren P. came", "Gary W, who"), not a
/// capitalised word ("Darren P Smith" is someone with a middle initial). A dot after the
/// initial is the initial's unless it ends the sentence.
fn surname_initial_after(text: &str, end: usize, surname: &str) -> Option<usize> {
    let rest = text[end..].strip_prefix(' ')?;
    let initial = rest.chars().next().filter(|c| c.is_uppercase())?;
    let wanted = fold::fold_str(surname).chars().next()?;
    if !fold::fold_str(&initial.to_string()).starts_with(wanted) {
        return None;
    }
    let after_letter = end + 1 + initial.len_utf8();
    let tail = &text[after_letter..];
    let (dot, tail) = match tail.strip_prefix('.') {
        Some(tail) => (1, tail),
        None => (0, tail),
    };
    let closes = |t: &str| {
        t.is_empty()
            || t.starts_with([',', ';', ':', ')', '"', '\'', '’', '”', '\n', '!', '?'])
            || (dot == 0 && t.starts_with('.'))
    };
    let lower_word_next = |t: &str| {
        t.strip_prefix(' ')
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_lowercase)
    };
    if tail.starts_with(char::is_alphanumeric) {
        return None;
    }
    (closes(tail) || lower_word_next(tail) || (dot == 1 && tail.trim_start().is_empty()))
        .then_some(after_letter + dot)
}

/// The capitalised word after a middle initial right after `end` (" A. Foti", " N Parks").
fn word_after_initial(text: &str, end: usize) -> Option<&str> {
    let rest = text[end..].strip_prefix(' ')?;
    let initial = rest.chars().next().filter(|c| c.is_uppercase())?;
    let tail = &rest[initial.len_utf8()..];
    let tail = tail.strip_prefix(". ").or_else(|| tail.strip_prefix(' '))?;
    let word_end = tail
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '-' || *c == '\'' || *c == '’'))
        .map_or(tail.len(), |(i, _)| i);
    let word = &tail[..word_end];
    (word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 2)
        .then_some(word)
}

pub(crate) fn surname_of(tokens: &[&str]) -> Option<String> {
    if tokens.len() < 2 {
        return None;
    }
    let start = (1..tokens.len() - 1)
        .find(|&i| PARTICLES.contains(&fold::fold_str(tokens[i]).as_str()))
        .unwrap_or(tokens.len() - 1);
    Some(tokens[start..].join(" "))
}

fn is_adult(dob: Option<Date>, on: Date) -> Option<bool> {
    let dob = dob?;
    let eighteen = dob.checked_add(jiff::Span::new().years(18)).ok()?;
    Some(eighteen <= on)
}

impl RegisterMatcher {
    pub fn new(
        request: &Request,
        register: &[Person],
        lexicon: &Lexicon,
        postcode: &regex::Regex,
    ) -> Result<RegisterMatcher, String> {
        let mut people = Vec::new();
        // The subject first: the request's name and aliases, merged with its register row.
        let subject_row = register
            .iter()
            .find(|person| person.id == request.subject.person_id);
        let mut subject_aliases = request.subject.aliases.clone();
        if let Some(row) = subject_row {
            subject_aliases.extend(row.aliases.iter().cloned());
        }
        let subject_dob = request
            .subject
            .dob
            .or_else(|| subject_row.and_then(|row| row.dob));
        let subject_address = subject_row
            .map(|row| row.address.clone())
            .unwrap_or_default();
        let subject_person = Person {
            id: request.subject.person_id.clone(),
            name: request.subject.name.clone(),
            aliases: subject_aliases,
            dob: subject_dob,
            role: subject_row
                .map(|row| row.role.clone())
                .unwrap_or_else(|| "subject".to_string()),
            category: Category::Subject,
            phone: subject_row.map(|row| row.phone.clone()).unwrap_or_default(),
            address: subject_address,
            consent: true,
        };
        let on = request.received;
        let mut all: Vec<(Person, bool)> = vec![(subject_person, true)];
        for person in register {
            if person.id != request.subject.person_id {
                all.push((person.clone(), false));
            }
        }
        for (person, is_subject) in &all {
            let tokens = name_tokens(&person.name);
            let first = tokens.first().copied().unwrap_or("").to_string();
            let surname = surname_of(&tokens);
            let owner = if *is_subject {
                Owner::Subject
            } else {
                match person.category {
                    Category::Professional => Owner::Professional {
                        person_id: person.id.clone(),
                    },
                    // The requester's own data, kept in their own request (issue 17).
                    Category::Requester => Owner::Requester {
                        person_id: person.id.clone(),
                    },
                    // Another register "subject" (a sibling with their own file) is a third
                    // party to this request; fail closed on consent as recorded.
                    Category::ThirdParty | Category::Subject => Owner::RegisteredThirdParty {
                        person_id: person.id.clone(),
                        consent: person.consent,
                    },
                }
            };
            let sex = lexicon
                .sex_from_role(&person.role)
                .unwrap_or_else(|| lexicon.sex_of_forename(&first));
            let phone = super::identifiers::phone_key(&person.phone);
            let local_phones = local_phone_forms(&person.phone);
            let initial_of = |words: &[&str]| -> String {
                words
                    .iter()
                    .filter_map(|word| word.chars().next())
                    .flat_map(char::to_uppercase)
                    .collect()
            };
            let mut initials = vec![initial_of(&tokens)];
            if let Some(surname) = &surname {
                let short = initial_of(&[first.as_str(), surname.as_str()]);
                if !initials.contains(&short) {
                    initials.push(short);
                }
            }
            people.push(Known {
                name: person.name.clone(),
                role: person.role.clone(),
                owner,
                is_subject: *is_subject,
                first,
                surname,
                sex,
                adult: is_adult(person.dob, on),
                dob: person.dob,
                phone,
                local_phones,
                postcodes: postcodes_in(&person.address, postcode),
                address: fold::fold_str(&person.address),
                initials,
            });
        }

        let mut patterns: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
        let mut add = |text: &str, person: usize, form: Form| {
            let folded = fold::fold_str(text);
            // Two letters is the shortest name worth matching ("Jo"); initials are exact-case.
            if folded.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                return;
            }
            let list = patterns.entry(folded).or_default();
            if !list.iter().any(|c| c.person == person && c.form == form) {
                list.push(Candidate { person, form });
            }
        };
        for (index, (person, is_subject)) in all.iter().enumerate() {
            let known = &people[index];
            let tokens = name_tokens(&person.name);
            if tokens.len() >= 2 {
                add(&person.name, index, Form::FullName);
            } else if tokens.len() == 1 {
                add(&person.name, index, Form::FirstName);
            }
            if !known.first.is_empty() && tokens.len() >= 2 {
                add(&known.first, index, Form::FirstName);
                // Double-barrelled first names: "Mary-Jane" also as "Mary Jane" via folding of
                // whitespace is not enough; the hyphen is kept, so add the spaced form too.
                if known.first.contains('-') {
                    add(&known.first.replace('-', " "), index, Form::FirstName);
                }
            }
            if let Some(surname) = &known.surname {
                add(surname, index, Form::Surname);
                // "the Nowaks", "the Joneses", "the Walshes" (issue 14).
                let folded = fold::fold_str(surname);
                let plural = if folded.ends_with(['s', 'x', 'z'])
                    || folded.ends_with("ch")
                    || folded.ends_with("sh")
                {
                    format!("{surname}es")
                } else {
                    format!("{surname}s")
                };
                add(&plural, index, Form::Variant);
            }
            let mut names: Vec<String> = Vec::new();
            if tokens.len() >= 2 && !known.first.is_empty() {
                names.push(known.first.clone());
            }
            for alias in &person.aliases {
                let alias = alias.trim();
                if !alias.is_empty() {
                    add(alias, index, Form::Alias);
                    // "Auntie Zosia" is also written "Zosia".
                    let words: Vec<&str> = alias.split_whitespace().collect();
                    if words.len() == 2 && FAMILY_WORDS.contains(&fold::fold_str(words[0]).as_str())
                    {
                        add(words[1], index, Form::Alias);
                        names.push(words[1].to_string());
                    } else if words.len() == 1 {
                        names.push(alias.to_string());
                    }
                }
            }
            for name in &names {
                // The plural or possessive without an apostrophe: "Kayleighs" (issue 14: the
                // subject's own forms were redacted).
                add(&format!("{name}s"), index, Form::Variant);
                // Variants are guesses: only for people whose names are redacted, so a guess
                // never keeps a third party's name by making it look like a kept person's.
                if people[index].redacted() {
                    for variant in variants(name, lexicon) {
                        add(&variant, index, Form::Variant);
                    }
                }
            }
            if people[index].redacted()
                && let Some(surname) = &known.surname
                && !surname.contains(' ')
            {
                for variant in variants(surname, lexicon) {
                    add(&variant, index, Form::Variant);
                }
            }
            for initials in &known.initials {
                if initials.chars().count() >= 2
                    && !lexicon.is_acronym(initials)
                    && tokens.len() >= 2
                {
                    add(initials, index, Form::Initials);
                    // Dotted: "T.D.", "T. D." (issue 14).
                    let dotted: Vec<String> = initials.chars().map(|c| format!("{c}.")).collect();
                    add(&dotted.concat(), index, Form::Initials);
                    add(&dotted.join(" "), index, Form::Initials);
                }
            }
            if let Some(dob) = person.dob {
                for form in dob_forms(dob) {
                    add(&form, index, Form::DateOfBirth);
                }
            }
            if !person.address.trim().is_empty() {
                add(&person.address, index, Form::Address);
                let parts: Vec<&str> = person.address.split(',').map(str::trim).collect();
                for (position, part) in parts.iter().enumerate() {
                    let part = *part;
                    let has_digit = part.chars().any(|c| c.is_ascii_digit());
                    let has_word = part.split_whitespace().any(|word| {
                        word.chars().filter(|c| c.is_alphabetic()).count() >= 3
                            && !matches!(
                                word.to_lowercase().as_str(),
                                "flat" | "apartment" | "unit" | "room"
                            )
                    });
                    if has_digit && has_word && postcode.find(&part.to_uppercase()).is_none() {
                        add(part, index, Form::Street);
                        // "14 Kestrel Ct" for "14 Kestrel Court", and the other way.
                        if let Some(other) = street_other_form(part) {
                            add(&other, index, Form::Street);
                        }
                    }
                    // A house name: "Rose Cottage, Mill Lane" (issue 14).
                    let house_name = !has_digit
                        && part.split_whitespace().count() >= 2
                        && part.split_whitespace().last().is_some_and(|word| {
                            matches!(
                                fold::fold_str(word).as_str(),
                                "cottage"
                                    | "cottages"
                                    | "house"
                                    | "farm"
                                    | "lodge"
                                    | "barn"
                                    | "villa"
                                    | "mill"
                                    | "manor"
                                    | "grange"
                                    | "hall"
                                    | "bungalow"
                                    | "farmhouse"
                                    | "croft"
                            )
                        });
                    if house_name {
                        add(part, index, Form::Street);
                        // With the street after it, which has no number to find it by.
                        if let Some(street) = parts.get(position + 1)
                            && postcode.find(&street.to_uppercase()).is_none()
                        {
                            add(&format!("{part}, {street}"), index, Form::Street);
                            add(street, index, Form::Street);
                        }
                    }
                }
            }
            if *is_subject {
                for id in &request.subject.ids {
                    add(id, index, Form::SubjectId);
                }
            }
        }
        let (keys, entries): (Vec<String>, Vec<Vec<Candidate>>) = patterns.into_iter().unzip();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .map_err(|e| format!("cannot build the name automaton: {e}"))?;
        Ok(RegisterMatcher {
            people,
            subject: 0,
            automaton,
            entries,
        })
    }

    pub fn subject(&self) -> &Known {
        &self.people[self.subject]
    }

    /// All register matches in `text` (original offsets), non-overlapping, longest first.
    pub fn find(&self, text: &str, folded: &Folded, lexicon: &Lexicon) -> Vec<NameMatch> {
        let haystack = folded.text.as_str();
        let mut raw: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.automaton.find_overlapping_iter(haystack) {
            if fold::on_boundaries(haystack, m.start(), m.end()) {
                raw.push((m.start(), m.end(), m.pattern().as_usize()));
            }
        }
        // Longest match wins at each position; later matches inside it are dropped.
        raw.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut out: Vec<NameMatch> = Vec::new();
        let mut covered = 0;
        // The person named in full (or by alias) just before, if no one else was named since and
        // it was close: "Artur Kałwak\n142 Queens Drive ...\nDear Mr Kałwak" is Artur.
        let mut named: Vec<usize> = Vec::new();
        for (start, end, pattern) in raw {
            if start < covered {
                continue;
            }
            let entries = &self.entries[pattern];
            let (original_start, _) = folded.original(start, end);
            // Only a close, uninterrupted antecedent counts (150 bytes: a letter's address block).
            if out
                .iter()
                .rev()
                .find(|m| m.kind == FindingKind::Name)
                .is_some_and(|last| original_start.saturating_sub(last.end) > 150)
            {
                named.clear();
            }
            if let Some(found) = self.resolve(text, folded, (start, end), entries, lexicon, &named)
            {
                covered = end;
                // Addresses, dates and ids between do not interrupt (a letter's address block).
                if found.kind == FindingKind::Name {
                    named.clear();
                }
                if let Some(person) = found.person
                    && (found.rule.ends_with(".full-name") || found.rule.ends_with(".alias"))
                {
                    named.push(person);
                }
                out.push(found);
            }
        }
        out
    }

    fn resolve(
        &self,
        text: &str,
        folded: &Folded,
        (fstart, fend): (usize, usize),
        candidates: &[Candidate],
        lexicon: &Lexicon,
        named: &[usize],
    ) -> Option<NameMatch> {
        let (start, end) = folded.original(fstart, fend);
        let original = &text[start..end];
        let first_char = original.chars().next()?;
        let capitalised = first_char.is_uppercase();
        let title = lexicon.title_before(text, folded, fstart);
        let mut usable: Vec<Candidate> = candidates
            .iter()
            .copied()
            .filter(|candidate| {
                if candidate.form == Form::Initials {
                    // Initials are exact: "JS" or "J.S.", not "js" or "Js"; never an acronym
                    // the notes use ("CP", "LAC", "TW", issue 14).
                    let bare: String = original.chars().filter(|c| c.is_alphanumeric()).collect();
                    return !lexicon.is_acronym(&bare)
                        && self.people[candidate.person].initials.contains(&bare);
                }
                if candidate.form.needs_capital() && !capitalised {
                    // Informal writing (texts, chat) drops capitals: "can i see tyler". A
                    // protected third party's first name or alias still counts when it is not
                    // an ordinary word; missing it would leak (the verifier refuses the pack).
                    // An ordinary word in lower case ("and" for a mother called "And", "rose")
                    // is the word: the verifier, reading the same word lists, looks for such a
                    // name only where it is capitalised too (issue 14).
                    let folded = super::fold::fold_str(original);
                    let informal = matches!(candidate.form, Form::FirstName | Form::Alias)
                        && self.people[candidate.person].redacted()
                        && !lexicon.is_common_word(&folded)
                        && !lexicon.is_english_word(&folded);
                    if !informal {
                        return false;
                    }
                }
                // A lone first name that is also a common word ("Will", "May", "Hope") is a
                // person only where the context says so (issue 6).
                if matches!(candidate.form, Form::FirstName | Form::Alias)
                    && title.is_none()
                    && !lexicon.name_in_context_with(text, start, end, true)
                {
                    return false;
                }
                // A variant that is also a word ("Trace") is a name only where the context makes
                // it one, as a common word is.
                if candidate.form == Form::Variant
                    && title.is_none()
                    && !lexicon.word_used_as_name(text, start, end)
                {
                    return false;
                }
                true
            })
            .collect();
        if usable.is_empty() {
            return None;
        }
        let mut followed_by_a_name = false;
        if title.is_none() {
            // Part of someone else's full name: "Debra Williams" is not the register's bare
            // "Williams", "Joy Smith" is not the register's "Joy" (left to the other rules).
            // A protected third party's first name or alias is still taken before another
            // capitalised word ("Ferenc Kovacs" when the register holds Ferenc Nagy): it may be
            // someone else of that name, but the verifier forbids the word wherever it stands,
            // so leaving it would hold the record back (issue 11). Flagged for review.
            let (before, after) = lexicon.capitalised_neighbours(text, start, end);
            let one_word = !original.contains(char::is_whitespace);
            let protected_before_a_name = |c: &Candidate| {
                after
                    && one_word
                    && matches!(c.form, Form::FirstName | Form::Alias)
                    && self.people[c.person].redacted()
            };
            // "David A. Foti" is not the register's David Price: a middle initial, then a
            // surname that is not the person's own ("Tom R. Reeves" is PC Reeves).
            let surname_after_initial = one_word
                .then(|| word_after_initial(text, end))
                .flatten()
                .map(fold::fold_str)
                .filter(|word| !lexicon.is_not_name(word) && !lexicon.titles.contains_key(word));
            let initialled_other = |c: &Candidate| {
                surname_after_initial.as_ref().is_some_and(|word| {
                    !self.people[c.person].surname.as_deref().is_some_and(|own| {
                        own.split_whitespace()
                            .next()
                            .is_some_and(|own| fold::fold_str(own) == *word)
                    })
                })
            };
            followed_by_a_name = usable.iter().any(protected_before_a_name);
            usable.retain(|c| match c.form {
                Form::Surname => !before,
                Form::FirstName | Form::Alias if protected_before_a_name(c) => true,
                Form::FirstName | Form::Alias | Form::Variant => {
                    (!after || !one_word) && !initialled_other(c)
                }
                _ => true,
            });
            if usable.is_empty() {
                return None;
            }
        }
        let has_surname = usable.iter().any(|c| c.form == Form::Surname);
        if title.is_some() && has_surname {
            usable.retain(|c| c.form == Form::Surname);
        } else if title.is_none() && usable.iter().all(|c| c.form == Form::Surname) {
            // A bare surname is only redacted for a protected third party whose surname nobody
            // kept (subject, professional) shares.
            let keeps = usable.iter().any(|c| !self.people[c.person].redacted());
            if keeps || !lexicon.name_in_context(text, start, end) {
                return None;
            }
        }
        let (span_start, titled) = match &title {
            Some(found) => (found.start, true),
            None => (extend_hyphenated_left(text, start), false),
        };
        let end = extend_hyphenated(text, end);

        // Title + surname: resolve who bears it (issue 6).
        if titled && usable.iter().all(|c| c.form == Form::Surname) {
            let title = title.as_ref().expect("titled implies a title");
            // "Dear Mr Kałwak": a letter's salutation names the addressee written above it.
            let before = text[..span_start].trim_end();
            let salutation = before
                .get(before.len().saturating_sub(4)..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case("dear"));
            return self.resolve_titled_surname(span_start, end, &usable, title, named, salutation);
        }

        let people: Vec<usize> = {
            let mut list: Vec<usize> = usable.iter().map(|c| c.person).collect();
            list.sort_unstable();
            list.dedup();
            list
        };
        let pick = |index: usize| usable.iter().find(|c| c.person == index).copied();
        let (chosen, review) = if people.len() == 1 {
            (pick(people[0])?, false)
        } else if let Some(subject) = people.iter().find(|&&p| self.people[p].is_subject) {
            // The subject's own name is never redacted on a guess; a shared first name is
            // flagged for review instead (issue 6: zero redactions of the subject's name).
            (pick(*subject)?, true)
        } else if let Some(protected) = people.iter().find(|&&p| self.people[p].redacted()) {
            // Fail closed: a name shared by a protected third party and someone kept is redacted.
            let mixed = people.iter().any(|&p| !self.people[p].redacted());
            (pick(*protected)?, mixed)
        } else {
            (pick(people[0])?, false)
        };
        let known = &self.people[chosen.person];
        let mut why = format!(
            "{} of {} ({}, {})",
            chosen.form.describe(),
            known.name,
            known.role,
            owner_phrase(&known.owner)
        );
        if review {
            why.push_str("; other people in the register share it, please check");
        }
        let review = review || followed_by_a_name;
        if followed_by_a_name {
            why.push_str(
                "; another capitalised word follows it, so it may be someone else of that name, please check",
            );
        }
        // "Darren P. came", "Kieran W stole": a given name or alias, then the initial of the
        // person's own surname, closing the clause or before a word in lower case, is the
        // surname written short: the initial goes with the name.
        let end = if matches!(chosen.form, Form::FirstName | Form::Alias) {
            known
                .surname
                .as_deref()
                .and_then(|surname| surname_initial_after(text, end, surname))
                .unwrap_or(end)
        } else {
            end
        };
        // An alias that is also an ordinary word ("Art", "Bean") is weak evidence that the
        // record is about the person: its own rule, which `mentions_subject` does not count.
        let folded_alias = fold::fold_str(original);
        let word_alias = chosen.form == Form::Alias
            && !folded_alias.contains(' ')
            && (lexicon.is_english_word(&folded_alias) || lexicon.is_common_word(&folded_alias));
        Some(NameMatch {
            person: Some(chosen.person),
            start: span_start,
            end,
            rule: name_rule(known.rule_prefix(), titled, chosen.form, word_alias),
            why,
            owner: known.owner.clone(),
            kind: chosen.form.kind(),
            review,
        })
    }

    /// "Ms Carter": decide from the title's sex and adult use, and the register, whether it is
    /// the subject, a register person sharing the surname, or someone else (issue 6).
    fn resolve_titled_surname(
        &self,
        start: usize,
        end: usize,
        usable: &[Candidate],
        title: &super::lexicon::FoundTitle,
        named: &[usize],
        salutation: bool,
    ) -> Option<NameMatch> {
        let compatible = |known: &Known| {
            let sex_ok =
                title.sex == Sex::Unknown || known.sex == Sex::Unknown || known.sex == title.sex;
            // Adult titles (Mr, Mrs, Ms ...) are not how a child is referred to.
            let age_ok = !title.adult || known.adult != Some(false);
            sex_ok && age_ok
        };
        let subject_bears = usable.iter().any(|c| self.people[c.person].is_subject);
        let subject_fits = subject_bears && compatible(self.subject());
        let others: Vec<usize> = usable
            .iter()
            .map(|c| c.person)
            .filter(|&p| !self.people[p].is_subject && compatible(&self.people[p]))
            .collect();
        let build =
            |person: Option<usize>, owner: Owner, rule: RuleId, why: String, review| NameMatch {
                person,
                start,
                end,
                rule,
                why,
                owner,
                kind: FindingKind::Name,
                review,
            };
        if title.professional {
            // "PC Jones", "Dr Ahmed": someone in an official role. Only a register professional
            // of that surname is them; otherwise it is an officer the register does not name,
            // kept (issue 6: professionals in role).
            let professional = others
                .iter()
                .copied()
                .find(|&p| matches!(self.people[p].owner, Owner::Professional { .. }))?;
            let known = &self.people[professional];
            return Some(build(
                Some(professional),
                known.owner.clone(),
                RuleId::emitted(format!("{}.title-surname", known.rule_prefix())),
                format!("title and surname of {} ({})", known.name, known.role),
                false,
            ));
        }
        // Several people fit: the one named in full just before is meant (a letter's "Artur
        // Kałwak, <address>, Dear Mr Kałwak"). The subject is only chosen so in a salutation: in
        // a narrative ("the file for Artur Kałwak. Risk from Mr Kałwak ...") the title usually
        // marks someone else, and unsure means redact and review (issue 6). Still a guess either
        // way, so it is proposed for review.
        if (subject_fits && !others.is_empty()) || others.len() > 1 {
            let latest = named.iter().rev().find(|&&p| {
                (p == self.subject && subject_fits && salutation) || others.contains(&p)
            });
            if let Some(&p) = latest {
                let known = &self.people[p];
                return Some(build(
                    Some(p),
                    known.owner.clone(),
                    RuleId::emitted(format!("{}.title-surname", known.rule_prefix())),
                    format!(
                        "title and surname fit several people; {} ({}) was named just before; please check",
                        known.name, known.role
                    ),
                    true,
                ));
            }
        }
        Some(match (subject_fits, others.as_slice()) {
            (true, []) => {
                let subject = self.subject();
                build(
                    Some(self.subject),
                    Owner::Subject,
                    const { RuleId::known("subject.title-surname") },
                    format!(
                        "title and surname fit the subject {} and no one else in the register",
                        subject.name
                    ),
                    false,
                )
            }
            (_, [only]) => {
                let known = &self.people[*only];
                build(
                    Some(*only),
                    known.owner.clone(),
                    RuleId::emitted(format!("{}.title-surname", known.rule_prefix())),
                    if subject_fits {
                        format!(
                            "title and surname fit both the subject and {} ({}); redacted for review",
                            known.name, known.role
                        )
                    } else {
                        format!(
                            "title and surname of {} ({}); the title does not fit the subject",
                            known.name, known.role
                        )
                    },
                    subject_fits,
                )
            }
            (_, [first, ..]) => {
                let known = &self.people[*first];
                let owner = match known.owner {
                    Owner::Subject | Owner::Professional { .. } | Owner::Requester { .. } => {
                        Owner::UnregisteredPerson
                    }
                    ref other => other.clone(),
                };
                build(
                    Some(*first),
                    owner,
                    const { RuleId::known("register.title-surname-ambiguous") },
                    "title and surname shared by several people in the register; redacted for review"
                        .to_string(),
                    true,
                )
            }
            (false, []) => build(
                None,
                Owner::UnregisteredPerson,
                const { RuleId::known("unregistered.title-shared-surname") },
                if subject_bears {
                    format!(
                        "title and surname shared with the subject, but the title does not fit the subject ({}); someone the register does not name",
                        title.word
                    )
                } else {
                    format!(
                        "a surname in the register, but the title does not fit anyone who bears it ({}); someone the register does not name",
                        title.word
                    )
                },
                true,
            ),
        })
    }
}

fn owner_phrase(owner: &Owner) -> &'static str {
    match owner {
        Owner::Subject => "the subject",
        Owner::Professional { .. } => "a professional",
        Owner::Requester { .. } => "the requester",
        Owner::RegisteredThirdParty { consent: true, .. } => "a third party who consented",
        Owner::RegisteredThirdParty { consent: false, .. } => "a third party",
        Owner::UnregisteredPerson => "someone not in the register",
        Owner::Unattributed => "no one known",
    }
}

/// The start of a capitalised word joined by a hyphen before `start` ("Pemberton-Hughes" for a
/// match of "Hughes"), so that a double-barrelled name goes whole; `start` when there is none.
pub(crate) fn extend_hyphenated_left(text: &str, start: usize) -> usize {
    let Some(before) = text[..start].strip_suffix('-') else {
        return start;
    };
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '\'' || *c == '’')
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = &before[word_start..];
    if word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 2 {
        word_start
    } else {
        start
    }
}

/// "Okonkwo" found in "Okonkwo-Ade": extend over a capitalised hyphenated continuation so no
/// half of a double-barrelled name is left behind.
pub(crate) fn extend_hyphenated(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let mut chars = rest.char_indices();
    if let Some((_, '-')) = chars.next()
        && let Some((_, c)) = chars.next()
        && c.is_uppercase()
    {
        let word_len = rest[1..]
            .char_indices()
            .find(|(_, c)| !(c.is_alphabetic() || *c == '\'' || *c == '’'))
            .map(|(i, _)| i)
            .unwrap_or(rest.len() - 1);
        return end + 1 + word_len;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::local_phone_forms;
    use super::{Form, RuleId, name_rule};

    #[test]
    fn every_rule_a_register_form_can_make_is_catalogued() {
        // `Known::rule_prefix` gives one of these three.
        for prefix in ["subject", "professional", "register"] {
            for form in Form::ALL {
                for titled in [false, true] {
                    for word in [false, true] {
                        // Panics when the id is not catalogued.
                        let rule = name_rule(prefix, titled, form, word);
                        assert!(rule.starts_with(prefix));
                    }
                }
            }
            // The contact forms `detect` puts together with the same prefix.
            for what in [
                "phone",
                "postcode",
                "street",
                "email",
                "id",
                "title-surname",
            ] {
                let id = format!("{prefix}.{what}");
                assert!(RuleId::new(&id).is_ok(), "`{id}` is not catalogued");
            }
        }
    }

    #[test]
    fn local_forms_of_an_international_number() {
        let forms = local_phone_forms("+48 601 234 567");
        assert!(forms.contains(&"601234567".to_string()), "{forms:?}");
        assert!(forms.contains(&"0601234567".to_string()), "{forms:?}");
        // Irish: written at home with the trunk 0.
        let forms = local_phone_forms("00353 87 123 4567");
        assert!(forms.contains(&"0871234567".to_string()), "{forms:?}");
        // UK and national numbers have none (the identifier patterns read them).
        assert!(local_phone_forms("+44 7700 900123").is_empty());
        assert!(local_phone_forms("07700 900123").is_empty());
        assert!(local_phone_forms("").is_empty());
        // Too short to tell from other digits.
        assert!(local_phone_forms("+1 234 5678").len() <= 2);
    }
}
