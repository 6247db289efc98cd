//! What the verifier looks for: every string the redaction log says was removed, and every
//! identifier of a third party in the register who has not consented (UK GDPR Art 15(4), DPA
//! 2018 Sch 2 Part 3 para 16: their data must not reach the requester), in the forms a document
//! may write them. And what it must not complain about: the subject's own name and ids, and the
//! names of professionals acting in their role.
//!
//! A name of one word that is also an ordinary English word ([`OrdinaryWords`]: "And", "Rose",
//! "Will") is looked for only where a text writes it with a capital, as detection finds it
//! (issue 14): in lower case it is the word.
//!
//! Where each term is looked for: register terms and strong detections in every file of the
//! pack ([`forbidden_terms`]); a weak guess ([`WEAK_RULES`]) only in the record it was removed
//! from ([`with_record_terms`]), so that one unsure detection in one record does not hold back
//! every record that uses the word (issue 11 point 4).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;

use crate::model::{AppliedRedaction, Forbidden, Person, Register, Request};

use super::matcher::compact_term;
use super::ordinary::OrdinaryWords;

const TITLES: [&str; 6] = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mx"];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Detection rules whose finding rests on one weak piece of evidence: a word that looks like a
/// name with nothing around it that says so. A lone known forename (`unregistered.forename`),
/// capitalised words that are no English words (`capitalised-name`), the statistical model's
/// guess (`model`), a forename written in lower case in a message (`lower-case-name`), a
/// possessive before a home word (`possessive-home`), a word in Arabic script held for a
/// person to read (`other-script`), the surname of a name found earlier in the same text
/// (`surname-again`, which may rest on such a guess), a capitalised word that is no English word
/// before a verb people do (`name-verb`: "Scientology has", "Wikinews spoke"), a run in a list of
/// names (`listed-with-name`), a surname in capitals after a given name that may be a word
/// too (`capitals-surname`: "Darren HOPE"). The detector
/// proposes each of them for review.
///
/// Consolidation's short forms are judged in the same way: the first name, surname or initials
/// of a person found elsewhere (`consolidate.first-name`, `.surname`, `.initials`) are added to a
/// record only where its context there reads as that person ("Washington said", not "Washington
/// Square Park"; "EB rang", not "room EB 2375D"), so a word that matches them in another record is
/// not by itself a leak. The name they come from is what is looked for everywhere: its full form
/// if a strong rule found it, and its first name and title + surname
/// (`unregistered_name_parts`).
///
/// What such a redaction removed is looked for only in the record it was removed from, never in
/// the rest of the pack (other records, the combined file, sarpack's own documents): "Outlook"
/// guessed as a name in one email must not hold back every email whose client line says
/// "Outlook", and "ST LOUIS" in a heading must not make "St" a name in "St Mirren" (issue 11
/// point 4). A name found with context (a title, a relationship, forename and surname, the
/// register) is strong and is looked for everywhere, as are a full name or title and surname
/// consolidation found again in other records (`consolidate.full-name`, `.title-surname`). A weak guess
/// that is also removed by a strong rule anywhere is looked for everywhere through that rule.
/// A rule not listed here counts as strong: a new rule fails closed until it is judged.
pub const WEAK_RULES: [&str; 15] = [
    "unregistered.forename",
    "unregistered.capitals-surname",
    "unregistered.surname-before-register-forename",
    "unregistered.surname-after-register-forename",
    "unregistered.capitalised-name",
    "unregistered.model",
    "unregistered.lower-case-name",
    "unregistered.possessive-home",
    "unregistered.other-script",
    "unregistered.surname-again",
    "unregistered.name-verb",
    "unregistered.listed-with-name",
    "consolidate.first-name",
    "consolidate.surname",
    "consolidate.initials",
];

/// Whether a redaction's rule is a weak guess ([`WEAK_RULES`]).
pub fn is_weak(rule: &str) -> bool {
    WEAK_RULES.contains(&rule)
}

/// The weak guesses ([`WEAK_RULES`]) among `applied`, by the record they were removed from.
pub fn weak_by_record(applied: &[AppliedRedaction]) -> BTreeMap<String, Vec<AppliedRedaction>> {
    let mut by_record: BTreeMap<String, Vec<AppliedRedaction>> = BTreeMap::new();
    for redaction in applied.iter().filter(|redaction| is_weak(&redaction.rule)) {
        by_record
            .entry(redaction.item.clone())
            .or_default()
            .push(redaction.clone());
    }
    by_record
}

/// The terms for one record: `forbidden` (the pack's, from [`forbidden_terms`]) and the weak
/// guesses removed from that record (`weak`, its entry of [`weak_by_record`]), in the same
/// forms as everywhere (the text, and for a name of two words its title + surname and its first
/// name where capitalised); a guess of one word is looked for where it is written with a
/// capital ("rose" in lower case is a flower). Terms the pack already looks for are not repeated.
pub fn with_record_terms(forbidden: &Forbidden, weak: &[AppliedRedaction]) -> Forbidden {
    let mut record = forbidden.clone();
    let seen = |list: &[(String, String)]| -> BTreeSet<String> {
        list.iter().map(|(term, _)| compact_term(term)).collect()
    };
    let mut terms = Terms {
        terms: Vec::new(),
        seen: seen(&forbidden.terms),
    };
    let mut upper_case = Terms {
        terms: Vec::new(),
        seen: seen(&forbidden.upper_case),
    };
    let mut single_words: Vec<(String, String)> = Vec::new();
    for redaction in weak
        .iter()
        .filter(|redaction| !redaction.is_area() && !is_mask(&compact_term(&redaction.text)))
    {
        let why = format!(
            "redacted from {} page {} ({}, a weak guess looked for in this record only)",
            redaction.item, redaction.page, redaction.code
        );
        if is_initials(&redaction.text) {
            upper_case.add(&redaction.text, why);
        } else if redaction.text.trim().contains(char::is_whitespace) {
            terms.add(&redaction.text, why);
        } else if !terms.seen.contains(&compact_term(&redaction.text)) {
            // One word guessed to be a name is often an ordinary word too ("Rose", "Bell"):
            // looked for where the record writes it with a capital, as a first name is.
            single_words.push((redaction.text.trim().to_string(), why));
        }
    }
    let kept_names = kept_name_words(&forbidden.allowed);
    let capitalised = unregistered_name_parts(&mut terms, weak, &kept_names);
    let mut already = seen(&forbidden.capitalised);
    record.terms.extend(terms.terms);
    record.upper_case.extend(upper_case.terms);
    for (term, why) in single_words.into_iter().chain(capitalised) {
        if already.insert(compact_term(&term)) {
            record.capitalised.push((term, why));
        }
    }
    record
}

/// Builds the forbidden and allowed terms for a request (see the module doc): the register's
/// third parties and every strong redaction, looked for in every file. Weak guesses are left
/// to [`with_record_terms`].
///
/// A one-word term that is an ordinary English word (`ordinary`: a register alias "And", a
/// first name "Rose", a redacted surname "Green") is looked for only where it is written with a
/// capital first letter (Title case or ALL CAPS), as detection finds it: "and" in lower case is
/// the word, and a record that uses it must not be held back. A word the redaction log records
/// in lower case was taken for a name in lower case, and is looked for in any case.
pub fn forbidden_terms(
    request: &Request,
    register: &Register,
    applied: &[AppliedRedaction],
    ordinary: &OrdinaryWords,
) -> Forbidden {
    let mut allowed: Vec<String> = Vec::new();
    allowed.push(request.subject.name.clone());
    allowed.extend(request.subject.aliases.iter().cloned());
    allowed.extend(request.subject.ids.iter().cloned());
    if let Some(subject) = register.get(&request.subject.person_id) {
        allowed.push(subject.name.clone());
        allowed.extend(subject.aliases.iter().cloned());
    }
    allowed.extend(register.professionals().map(|person| person.name.clone()));
    // The requester's own name and address in their own request, and the subject's address
    // (issue 17; categories are per request): a neighbour's postcode that is also theirs is
    // their own data, while the neighbour's street address stays forbidden.
    for person in register.people.iter().filter(|person| {
        person.category == crate::model::Category::Requester
            || person.id == request.subject.person_id
    }) {
        if person.category == crate::model::Category::Requester {
            allowed.push(person.name.clone());
        }
        let address = person.address.trim();
        if !address.is_empty() {
            allowed.push(address.to_string());
            allowed.extend(postcodes(address));
        }
    }
    allowed.retain(|term| !compact_term(term).is_empty());

    // Words of the subject's own names: a third party's first name or surname that is one of
    // them cannot be told apart from the subject's (the surname rule of the contract, applied
    // to first names too), so it is not forbidden on its own.
    let subject_words: BTreeSet<String> = allowed
        .iter()
        .take(1 + request.subject.aliases.len())
        .chain(
            register
                .get(&request.subject.person_id)
                .map(|subject| &subject.name),
        )
        .flat_map(|name| name.split_whitespace().map(compact_term))
        .collect();

    // Words of the names of everyone whose name is kept: the subject, professionals, the
    // requester and third parties who consented. A title and one of these surnames ("Mr Elmi"
    // for the subject Abdirahman Elmi and his father Abdikarim Elmi, "Ms Gill" for a
    // professional and a third party of that surname) cannot be told apart from the kept
    // person's own mention by its text: detection tells them apart by context and removes the
    // third party's, and the verifier does not look for the form at all.
    let kept_surnames: BTreeSet<String> = subject_words
        .iter()
        .cloned()
        .chain(kept_name_words(&allowed))
        .chain(
            register
                .people
                .iter()
                .filter(|person| person.consent)
                .flat_map(|person| person.name.split_whitespace().map(compact_term)),
        )
        .collect();

    let mut terms = Terms::default();
    // Ordinary words that are names here, looked for where capitalised (see above).
    let mut capitalised = Terms::default();
    // Redacted initials are looked for only in capitals: "TO", "OR" and "IN" are initials, and
    // in lower case the commonest words in English.
    let mut upper_case = Terms::default();
    // The words that stood in a person's area are not, as such, anyone's data: the area is
    // checked where it is (`Forbidden::areas`), not looked for everywhere. Weak guesses are
    // looked for in their own record only (`with_record_terms`).
    let applied: Vec<AppliedRedaction> = applied
        .iter()
        .filter(|redaction| !redaction.is_area() && !is_weak(&redaction.rule))
        .filter(|redaction| !is_mask(&compact_term(&redaction.text)))
        .filter(|redaction| !is_title_and_kept_surname(&redaction.text, &kept_surnames))
        .cloned()
        .collect();
    let applied = applied.as_slice();
    for redaction in applied {
        let why = format!(
            "redacted from {} page {} ({})",
            redaction.item, redaction.page, redaction.code
        );
        if is_initials(&redaction.text) {
            upper_case.add(&redaction.text, why);
        } else if ordinary.is_ordinary(&redaction.text)
            && redaction
                .text
                .trim()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            capitalised.add(&redaction.text, format!("{why}{WHERE_CAPITALISED}"));
        } else {
            terms.add(&redaction.text, why);
        }
    }
    for person in register.third_parties() {
        let mut forms = Forms {
            terms: &mut terms,
            capitalised: &mut capitalised,
            ordinary,
        };
        add_person(&mut forms, person, &subject_words, &kept_surnames);
    }
    for (term, why) in unregistered_name_parts(&mut terms, applied, &kept_name_words(&allowed)) {
        capitalised.add(&term, why);
    }
    Forbidden {
        terms: terms.terms,
        capitalised: capitalised.terms,
        upper_case: upper_case.terms,
        allowed,
        pictures: Vec::new(),
        areas: Vec::new(),
    }
}

/// The words of the allowed names, compacted: what a name the register does not hold can share
/// with a kept person without being told apart.
fn kept_name_words(allowed: &[String]) -> BTreeSet<String> {
    allowed
        .iter()
        .flat_map(|name| name.split_whitespace().map(compact_term))
        .collect()
}

/// "Mr Elmi": a title and one word, that word a kept person's name (see `kept_surnames`).
fn is_title_and_kept_surname(text: &str, kept: &BTreeSet<String>) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    matches!(words.as_slice(), [title, surname] if is_title(title) && kept.contains(&compact_term(surname)))
}

/// Two or three capital letters, with dots or spaces between them at most ("BD", "B.D.", "ŞD").
fn is_initials(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    (2..=3).contains(&letters)
        && text
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '.' | ' ' | '\u{a0}'))
}

/// People the register does not name are found from the text (detection's `unregistered.*`
/// rules) and then looked for everywhere by their first name and title + surname
/// (`consolidate.*`). The verifier derives the same forms from the names the redaction log says
/// were removed, so that a mention detection missed in another record stops the pack: the title
/// and surname in any case (added to `terms`), the first name only where a record writes it with
/// a capital (returned), since many first names are ordinary words. Words of the subject's and
/// the professionals' names are not derived: they cannot be told apart.
fn unregistered_name_parts(
    terms: &mut Terms,
    applied: &[AppliedRedaction],
    kept: &BTreeSet<String>,
) -> Vec<(String, String)> {
    let mut capitalised = Terms::default();
    for redaction in applied {
        if !(redaction.rule.starts_with("unregistered.")
            || redaction.rule.starts_with("consolidate."))
        {
            continue;
        }
        let words_of = |text: &str| -> Vec<String> {
            text.split_whitespace()
                .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
                .filter(|word| !word.is_empty())
                .map(str::to_string)
                .collect()
        };
        // Names are read given name first: "Skilling, Jeff" (an export's order) is Jeff
        // Skilling, and "Park Joo-Ho" (found as a surname before a hyphenated given name) is
        // Joo-Ho Park.
        let mut words: Vec<String> = match redaction.text.split_once(',') {
            Some((surname, given)) if !given.contains(',') => {
                let mut words = words_of(given);
                words.extend(words_of(surname));
                words
            }
            _ => words_of(&redaction.text),
        };
        if redaction.rule == "unregistered.hyphenated-given-name" && words.len() == 2 {
            words.swap(0, 1);
        }
        let titled = words.first().is_some_and(|word| is_title(word));
        if titled {
            words.remove(0);
        }
        // A first word in capitals before words that are not is an organisation's ("NASA
        // Administrator Charles"); records write a SURNAME so, never a forename alone.
        let letters = |word: &str| word.chars().filter(|c| c.is_alphabetic()).count();
        let in_capitals = |word: &str| letters(word) >= 2 && !word.chars().any(char::is_lowercase);
        let organisation_first = words.len() >= 2
            && in_capitals(&words[0])
            && words[1..]
                .iter()
                .any(|word| letters(word) >= 2 && !in_capitals(word));
        let why = |form: &str| {
            format!(
                "{form} of `{}`, someone the register does not name, redacted from {} page {} ({})",
                redaction.text.trim(),
                redaction.item,
                redaction.page,
                redaction.code
            )
        };
        if (titled && !words.is_empty()) || words.len() >= 2 {
            let surname = words[words.len() - 1].as_str();
            if !kept.contains(&compact_term(surname)) && compact_term(surname).chars().count() >= 2
            {
                for title in TITLES {
                    terms.add(&format!("{title} {surname}"), why("title and surname"));
                }
            }
        }
        // A first name that is also a month ("Jan Moore", "May Lee") is looked for in full and
        // by title and surname only: alone it would stop every record dated in that month.
        let month = |word: &str| {
            MONTHS.iter().any(|month| {
                month.eq_ignore_ascii_case(word)
                    || (word.len() == 3 && month[..3].eq_ignore_ascii_case(word))
            })
        };
        // "Big Dave", "Lil Kez": a word of size opening a nickname is no first name; looked for
        // alone it would stop every record with "Big" capitalised.
        let size_word = |word: &str| {
            ["big", "lil", "little", "young"]
                .iter()
                .any(|size| size.eq_ignore_ascii_case(word))
        };
        if !titled
            && !organisation_first
            && words.len() >= 2
            && !month(&words[0])
            && !size_word(&words[0])
        {
            let first = words[0].as_str();
            let compact = compact_term(first);
            if !kept.contains(&compact)
                && !is_title(first)
                && compact.chars().count() >= 3
                && !terms.seen.contains(&compact)
                && first.chars().next().is_some_and(char::is_uppercase)
            {
                capitalised.add(first, why("first name"));
            }
        }
    }
    capitalised.terms
}

#[derive(Default)]
struct Terms {
    terms: Vec<(String, String)>,
    seen: BTreeSet<String>,
}

impl Terms {
    fn add(&mut self, term: &str, why: String) {
        let term = term.trim();
        let compact = compact_term(term);
        if compact.is_empty() || !self.seen.insert(compact) {
            return;
        }
        self.terms.push((term.to_string(), why));
    }
}

/// A removed string that is one character over and over once reduced to its letters and digits
/// (`xxx@xxxx.xxx`, `XXXXXXXX`): a masked placeholder, which identifies no one. Only strings
/// from the redaction log are judged so; the register's own data is always looked for.
/// The matcher compares letters and digits only, so looked for it would be found in every other
/// mask of that length or longer (an email fixture's `XXXXXXXXXX` user id, another masked
/// address), which are not the removed string either.
fn is_mask(compact: &str) -> bool {
    let mut characters = compact.chars();
    let Some(first) = characters.next() else {
        return false;
    };
    compact.chars().count() >= 3 && characters.all(|character| character == first)
}

/// Where a register person's forms go: `terms` (any case), or `capitalised` for a name of one
/// word that is also an ordinary word (see [`forbidden_terms`]).
struct Forms<'a> {
    terms: &'a mut Terms,
    capitalised: &'a mut Terms,
    ordinary: &'a OrdinaryWords,
}

impl Forms<'_> {
    /// A name, alias or first name: `terms`, or `capitalised` when it is one ordinary word.
    fn add_name(&mut self, name: &str, why: String) {
        if self.ordinary.is_ordinary(name) {
            // Checked against `terms` too, so that a word the redaction log has in lower case
            // is not looked for twice.
            if !self.terms.seen.contains(&compact_term(name)) {
                self.capitalised
                    .add(&capitalise(name), format!("{why}{WHERE_CAPITALISED}"));
            }
        } else {
            self.terms.add(name, why);
        }
    }
}

/// Added to the reason of a term looked for only where capitalised.
const WHERE_CAPITALISED: &str =
    "; an ordinary English word too, so looked for only where written with a capital";

/// "and" as "And": a register may write an alias in lower case; the term is what documents
/// write for the name.
fn capitalise(word: &str) -> String {
    let word = word.trim();
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

fn add_person(
    forms: &mut Forms<'_>,
    person: &Person,
    subject_words: &BTreeSet<String>,
    kept_surnames: &BTreeSet<String>,
) {
    let who = format!("third party `{}` ({})", person.id, person.role);
    forms.add_name(&person.name, format!("name of {who}"));
    for alias in &person.aliases {
        forms.add_name(alias, format!("alias of {who}"));
    }
    let words: Vec<&str> = person.name.split_whitespace().collect();
    if words.len() >= 2 {
        let first = words[0];
        if !subject_words.contains(&compact_term(first)) && !is_title(first) {
            forms.add_name(first, format!("first name of {who}"));
        }
        let surname = words[words.len() - 1];
        if !kept_surnames.contains(&compact_term(surname)) {
            for title in TITLES {
                forms.terms.add(
                    &format!("{title} {surname}"),
                    format!("title and surname of {who}"),
                );
            }
        }
    }
    let phone = phone_digits(&person.phone);
    if phone.len() >= 6 {
        forms.terms.add(&phone, format!("phone number of {who}"));
    }
    let address = person.address.trim();
    if !address.is_empty() {
        forms.terms.add(address, format!("address of {who}"));
        // The street line alone ("12 Oak Road") identifies the home too; a town does not.
        if let Some(first_line) = address.split([',', '\n']).next()
            && first_line.chars().any(|c| c.is_ascii_digit())
            && first_line.chars().any(char::is_alphabetic)
            && first_line.trim() != address
        {
            forms
                .terms
                .add(first_line, format!("street address of {who}"));
        }
        for postcode in postcodes(address) {
            forms.terms.add(&postcode, format!("postcode of {who}"));
        }
        for email in emails(address) {
            forms.terms.add(&email, format!("e-mail address of {who}"));
        }
    }
    for field in person.aliases.iter().chain([&person.phone]) {
        for email in emails(field) {
            forms.terms.add(&email, format!("e-mail address of {who}"));
        }
    }
    if let Some(dob) = person.dob {
        for form in date_forms(dob) {
            forms.terms.add(&form, format!("date of birth of {who}"));
        }
    }
}

fn is_title(word: &str) -> bool {
    let word = word.trim_end_matches('.');
    TITLES.iter().any(|title| title.eq_ignore_ascii_case(word))
        || OTHER_TITLES
            .iter()
            .chain(&FAMILY_TITLES)
            .any(|title| title.eq_ignore_ascii_case(word))
}

/// Family words written as a title ("Aunty May", redacted whole because "May" alone is a
/// month): no one's first name, so not looked for alone.
const FAMILY_TITLES: [&str; 15] = [
    "Uncle", "Aunty", "Auntie", "Aunt", "Nan", "Nana", "Nanna", "Nanny", "Gran", "Granny",
    "Grandad", "Granddad", "Grandpa", "Grandma", "Cousin",
];

/// Titles before a name that are no one's first name ("Professor John Burrows"), beside the
/// titles whose forms are looked for ([`TITLES`]).
const OTHER_TITLES: [&str; 10] = [
    "Professor",
    "Prof",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Rev",
    "Revd",
    "Cllr",
    "Judge",
];

/// A phone number as its national significant digits: `+44 (0)7700 900123`, `07700 900123`
/// and `0044 7700 900123` all become `7700900123`, which the matcher finds inside any of them.
pub(crate) fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0044") {
        rest
    } else if let Some(rest) = digits
        .strip_prefix("44")
        .filter(|_| phone.trim().starts_with('+'))
    {
        rest
    } else {
        digits.as_str()
    };
    national.trim_start_matches('0').to_string()
}

/// UK postcodes inside a text (outward code, space optional, inward code).
fn postcodes(text: &str) -> Vec<String> {
    let tokens: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|token| !token.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    let mut found = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if is_inward(token)
            && let Some(outward) = index
                .checked_sub(1)
                .and_then(|previous| tokens.get(previous))
            && is_outward(outward)
        {
            found.push(format!("{outward} {token}"));
        } else if token.len() >= 5 && token.len() <= 7 {
            let (outward, inward) = token.split_at(token.len() - 3);
            if is_outward(outward) && is_inward(inward) {
                found.push(format!("{outward} {inward}"));
            }
        }
    }
    found
}

fn is_outward(token: &str) -> bool {
    let bytes = token.as_bytes();
    (2..=4).contains(&bytes.len())
        && bytes[0].is_ascii_alphabetic()
        && bytes.iter().any(u8::is_ascii_digit)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
}

fn is_inward(token: &str) -> bool {
    let bytes = token.as_bytes();
    bytes.len() == 3
        && bytes[0].is_ascii_digit()
        && bytes[1].is_ascii_alphabetic()
        && bytes[2].is_ascii_alphabetic()
}

fn emails(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '<' || c == '>')
        .filter(|token| {
            let parts: Vec<&str> = token.split('@').collect();
            parts.len() == 2 && !parts[0].is_empty() && parts[1].contains('.')
        })
        .map(str::to_string)
        .collect()
}

/// A date of birth as documents write it.
fn date_forms(date: Date) -> Vec<String> {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let month_name = MONTHS
        .get(usize::try_from(month - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    let short_month = month_name.get(..3).unwrap_or(month_name);
    vec![
        format!("{year:04}-{month:02}-{day:02}"),
        format!("{day:02}/{month:02}/{year:04}"),
        format!("{day}/{month}/{year:04}"),
        format!("{day:02}.{month:02}.{year:04}"),
        format!("{day:02}-{month:02}-{year:04}"),
        format!("{day} {month_name} {year:04}"),
        format!("{day:02} {month_name} {year:04}"),
        format!("{day} {short_month} {year:04}"),
        format!("{month_name} {day}, {year:04}"),
    ]
}

/// The terms to look for in the reading of one of sarpack's own documents (schedule, key,
/// letter): `forbidden` without the single words that sarpack's own fixed wording uses
/// (`own_text`: the same documents made with every free-text field left blank). "will" in the
/// letter is sarpack's, never a third party called Will; "TP" in the key is a code label, never
/// initials. Third-party data can reach such a document only through its fields, which
/// [`super::verify_own`] checks against the full terms; names of more than one word are still
/// looked for in the reading too.
pub(crate) fn without_own_words(forbidden: &Forbidden, own_text: &str) -> Forbidden {
    let own: BTreeSet<String> = own_text
        .split(|c: char| !c.is_alphanumeric())
        .map(compact_term)
        .filter(|word| !word.is_empty())
        .collect();
    let keep = |(term, _): &(String, String)| {
        let words: Vec<String> = term
            .split(|c: char| !c.is_alphanumeric())
            .map(compact_term)
            .filter(|word| !word.is_empty())
            .collect();
        let one_own_word = words.len() == 1 && own.contains(&words[0]);
        !(one_own_word || own.contains(&compact_term(term)))
    };
    Forbidden {
        terms: forbidden
            .terms
            .iter()
            .filter(|term| keep(term))
            .cloned()
            .collect(),
        capitalised: forbidden
            .capitalised
            .iter()
            .filter(|term| keep(term))
            .cloned()
            .collect(),
        upper_case: forbidden
            .upper_case
            .iter()
            .filter(|term| keep(term))
            .cloned()
            .collect(),
        allowed: forbidden.allowed.clone(),
        pictures: forbidden.pictures.clone(),
        areas: forbidden.areas.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, Region, RequestKind, Subject};

    fn person(id: &str, name: &str, category: Category, consent: bool) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            aliases: Vec::new(),
            dob: None,
            role: "role".to_string(),
            category,
            phone: String::new(),
            address: String::new(),
            consent,
        }
    }

    pub(crate) fn request(subject: &str) -> Request {
        Request {
            reference: "SAR-1".to_string(),
            kind: RequestKind::SubjectAccess,
            received: jiff::civil::date(2026, 1, 5),
            identity_verified: None,
            authority_received: None,
            fee_received: None,
            clarification: Vec::new(),
            extended: false,
            extension_notified: None,
            holidays: None,
            region: Region::EnglandAndWales,
            organisation: "Council".to_string(),
            consulted_agencies: Vec::new(),
            subject: Subject {
                person_id: "P1".to_string(),
                name: subject.to_string(),
                aliases: vec!["Jay".to_string()],
                dob: None,
                ids: vec!["NHS 943 476 5919".to_string()],
            },
            requester: crate::model::Requester {
                name: String::new(),
                capacity: crate::model::Capacity::Subject,
                address: Vec::new(),
                person_id: None,
            },
            organisation_profile: None,
            store: "store".into(),
            base_dir: ".".into(),
            rectification: Vec::new(),
            disclosed_in: Vec::new(),
            court: None,
        }
    }

    fn terms(forbidden: &Forbidden) -> Vec<&str> {
        forbidden
            .terms
            .iter()
            .map(|(term, _)| term.as_str())
            .collect()
    }

    #[test]
    fn a_third_party_gives_name_first_name_titles_phone_address_postcode_and_dob() {
        let mut mother = person("P2", "Mary Jones", Category::ThirdParty, false);
        mother.aliases = vec!["Molly Jones".to_string()];
        mother.phone = "+44 (0)7700 900123".to_string();
        mother.address = "12 Oak Road, Leeds LS1 4AB".to_string();
        mother.dob = Some(jiff::civil::date(2004, 2, 14));
        let register = Register {
            people: vec![person("P1", "Jane Smith", Category::Subject, false), mother],
        };
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &register,
            &[],
            &OrdinaryWords::default(),
        );
        let terms = terms(&forbidden);
        for expected in [
            "Mary Jones",
            "Molly Jones",
            "Mary",
            "Mrs Jones",
            "Dr Jones",
            "7700900123",
            "12 Oak Road, Leeds LS1 4AB",
            "12 Oak Road",
            "LS1 4AB",
            "2004-02-14",
            "14/02/2004",
            "14 February 2004",
        ] {
            assert!(
                terms.contains(&expected),
                "{expected} missing from {terms:?}"
            );
        }
    }

    #[test]
    fn consent_professionals_and_the_subject_are_not_forbidden() {
        let register = Register {
            people: vec![
                person("P1", "Jane Smith", Category::Subject, false),
                person("P2", "Tom Smith", Category::ThirdParty, false),
                person("P3", "Ann Lee", Category::ThirdParty, true),
                person("P4", "Sarah Khan", Category::Professional, false),
            ],
        };
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &register,
            &[],
            &OrdinaryWords::default(),
        );
        let terms = terms(&forbidden);
        assert!(terms.contains(&"Tom Smith"));
        assert!(terms.contains(&"Tom"));
        // "Mr Smith" collides with the subject's surname.
        assert!(
            !terms
                .iter()
                .any(|term| term.ends_with(" Smith") && term.len() < 9)
        );
        assert!(
            !terms
                .iter()
                .any(|term| term.contains("Ann") || term.contains("Lee"))
        );
        assert!(forbidden.allowed.contains(&"Sarah Khan".to_string()));
        assert!(forbidden.allowed.contains(&"Jane Smith".to_string()));
        assert!(forbidden.allowed.contains(&"Jay".to_string()));
    }

    #[test]
    fn redacted_strings_are_forbidden() {
        let applied = [AppliedRedaction {
            item: "D-000001".to_string(),
            page: 2,
            code: crate::model::Code("TP".to_string()),
            basis: "basis".to_string(),
            text: "the neighbour at number 9".to_string(),
            rule: "rule".to_string(),
        }];
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &Register::default(),
            &applied,
            &OrdinaryWords::default(),
        );
        assert_eq!(terms(&forbidden), ["the neighbour at number 9"]);
    }

    fn removed(text: &str, rule: &str) -> AppliedRedaction {
        AppliedRedaction {
            item: "N-00001".to_string(),
            page: 1,
            code: crate::model::Code("TP".to_string()),
            basis: "basis".to_string(),
            text: text.to_string(),
            rule: rule.to_string(),
        }
    }

    #[test]
    fn unregistered_names_give_their_first_name_capitalised_and_title_surname() {
        let register = Register {
            people: vec![
                person("P1", "Jane Smith", Category::Subject, false),
                person("P4", "Sarah Khan", Category::Professional, false),
            ],
        };
        let applied = [
            removed("Zoltan Threlfall", "unregistered.full-name"),
            removed("Mrs Okafor", "unregistered.title-name"),
            // Words of the subject's or a professional's name cannot be told apart.
            removed("Sarah Pike", "consolidate.full-name"),
            removed("Tom Smith", "unregistered.full-name"),
            // Register rules already give every form from the register itself.
            removed("Rita Moss", "register.full-name"),
        ];
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &register,
            &applied,
            &OrdinaryWords::default(),
        );
        let terms = terms(&forbidden);
        for expected in [
            "Zoltan Threlfall",
            "Mr Threlfall",
            "Mrs Threlfall",
            "Dr Okafor",
        ] {
            assert!(
                terms.contains(&expected),
                "{expected} missing from {terms:?}"
            );
        }
        let capitalised: Vec<&str> = forbidden
            .capitalised
            .iter()
            .map(|(term, _)| term.as_str())
            .collect();
        assert_eq!(capitalised, ["Zoltan", "Tom"]);
        assert!(forbidden.capitalised[0].1.contains("N-00001 page 1"));
        for absent in ["Sarah", "Mr Smith", "Rita", "Mr Moss", "Mrs", "Mrs Mrs"] {
            assert!(!terms.contains(&absent), "{absent} in {terms:?}");
            assert!(
                !capitalised.contains(&absent),
                "{absent} in {capitalised:?}"
            );
        }
        assert!(terms.contains(&"Mr Pike"));
    }

    #[test]
    fn name_parts_are_read_given_name_first_and_without_titles_or_organisations() {
        let applied = [
            // An export's "Surname, Forename": the first name is Steven, the surname January.
            removed("January , Steven", "unregistered.surname-forename"),
            removed("White, Stacey W.", "unregistered.surname-forename"),
            // A run taken whole with an organisation before the name.
            removed("NASA Administrator Charles", "unregistered.full-name"),
            // A title that is no first name.
            removed("Professor John Burrows", "unregistered.title-name"),
            // Surname first, then a hyphenated given name.
            removed("Park Joo-Ho", "unregistered.hyphenated-given-name"),
            // A first name that is also a month.
            removed("Moore, Jan", "unregistered.surname-forename"),
        ];
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &Register::default(),
            &applied,
            &OrdinaryWords::default(),
        );
        let capitalised = capitalised(&forbidden);
        assert_eq!(capitalised, ["Steven", "Stacey", "Joo-Ho"]);
        let terms = terms(&forbidden);
        for expected in [
            "Mr January",
            "Ms White",
            "Dr Burrows",
            "Mrs Park",
            "Mr Moore",
        ] {
            assert!(
                terms.contains(&expected),
                "{expected} missing from {terms:?}"
            );
        }
        for absent in ["Mr Steven", "Mr W", "Mr Joo-Ho"] {
            assert!(!terms.contains(&absent), "{absent} in {terms:?}");
        }
    }

    #[test]
    fn consolidations_short_forms_are_looked_for_in_their_own_record() {
        let applied = [
            removed("Washington", "consolidate.first-name"),
            removed("EB", "consolidate.initials"),
            removed("Threlfall", "consolidate.surname"),
            removed("Scientology", "unregistered.name-verb"),
            removed("Zoltan Threlfall", "consolidate.full-name"),
        ];
        let pack = forbidden_terms(
            &request("Jane Smith"),
            &Register::default(),
            &applied,
            &OrdinaryWords::default(),
        );
        assert!(pack.upper_case.is_empty());
        assert!(terms(&pack).contains(&"Zoltan Threlfall"));
        for absent in ["Washington", "Threlfall", "Scientology"] {
            assert!(!terms(&pack).contains(&absent), "{absent}");
            assert!(!capitalised(&pack).contains(&absent), "{absent}");
        }
        let record = with_record_terms(&pack, &weak_by_record(&applied)["N-00001"]);
        let all: Vec<&str> = terms(&record)
            .into_iter()
            .chain(capitalised(&record))
            .chain(record.upper_case.iter().map(|(term, _)| term.as_str()))
            .collect();
        for present in ["Washington", "EB", "Threlfall", "Scientology"] {
            assert!(all.contains(&present), "{present} missing from {all:?}");
        }
    }

    fn capitalised(forbidden: &Forbidden) -> Vec<&str> {
        forbidden
            .capitalised
            .iter()
            .map(|(term, _)| term.as_str())
            .collect()
    }

    #[test]
    fn a_weak_guess_is_looked_for_in_its_own_record_only() {
        let register = Register {
            people: vec![person("P1", "Jane Smith", Category::Subject, false)],
        };
        let mut outlook = removed("Outlook", "unregistered.model");
        outlook.item = "D-1".to_string();
        let mut pair = removed("Kornelia Mitoraj", "unregistered.capitalised-name");
        pair.item = "D-1".to_string();
        let mut strong = removed("Zoltan Threlfall", "unregistered.relationship-name");
        strong.item = "D-2".to_string();
        let applied = [outlook, pair, strong];
        let pack = forbidden_terms(
            &request("Jane Smith"),
            &register,
            &applied,
            &OrdinaryWords::default(),
        );
        let everywhere = terms(&pack);
        // A strong detection in one record is looked for in every record, with its forms.
        assert!(everywhere.contains(&"Zoltan Threlfall"), "{everywhere:?}");
        assert!(everywhere.contains(&"Mr Threlfall"), "{everywhere:?}");
        assert_eq!(capitalised(&pack), ["Zoltan"]);
        // The weak guesses are not.
        for absent in ["Outlook", "Kornelia Mitoraj", "Mr Mitoraj"] {
            assert!(!everywhere.contains(&absent), "{absent} in {everywhere:?}");
        }

        let by_record = weak_by_record(&applied);
        assert_eq!(by_record.keys().collect::<Vec<_>>(), ["D-1"]);
        let record = with_record_terms(&pack, &by_record["D-1"]);
        let here = terms(&record);
        for expected in ["Zoltan Threlfall", "Kornelia Mitoraj", "Mr Mitoraj"] {
            assert!(here.contains(&expected), "{expected} missing from {here:?}");
        }
        // A guess of one word, where the record writes it with a capital.
        assert_eq!(capitalised(&record), ["Zoltan", "Outlook", "Kornelia"]);
        assert!(
            record
                .capitalised
                .iter()
                .any(|(term, why)| term == "Outlook"
                    && why.contains("D-1 page 1")
                    && why.contains("this record only"))
        );
    }

    #[test]
    fn a_weak_guess_also_found_by_a_strong_rule_is_looked_for_everywhere() {
        let applied = [
            removed("Kornelia", "unregistered.forename"),
            removed("Kornelia", "unregistered.relationship-name"),
        ];
        let pack = forbidden_terms(
            &request("Jane Smith"),
            &Register::default(),
            &applied,
            &OrdinaryWords::default(),
        );
        assert_eq!(terms(&pack), ["Kornelia"]);
        let record = with_record_terms(&pack, &weak_by_record(&applied)["N-00001"]);
        assert_eq!(terms(&record), ["Kornelia"], "not repeated");
        assert!(
            WEAK_RULES
                .iter()
                .all(|rule| rule.starts_with("unregistered.") || rule.starts_with("consolidate."))
        );
        assert!(!is_weak("consolidate.full-name") && !is_weak("consolidate.title-surname"));
        assert!(!is_weak("register.surname") && !is_weak("unregistered.title-name"));
        // Every weak rule is one detection emits: a misspelt one would count as strong.
        for rule in WEAK_RULES {
            assert!(crate::rules::RuleId::new(rule).is_ok(), "{rule}");
        }
    }

    #[test]
    fn a_title_and_a_surname_someone_kept_bears_is_not_looked_for() {
        let mut register = Register {
            people: vec![
                person("P1", "Abdirahman Elmi", Category::Subject, false),
                person("P3", "Abdikarim Elmi", Category::ThirdParty, false),
                person("P4", "Kate Gill", Category::Professional, false),
                person("P5", "Tom Gill", Category::ThirdParty, false),
                person("P6", "Ann Lee", Category::ThirdParty, true),
                person("P7", "Rob Lee", Category::ThirdParty, false),
                person("P8", "Rita Moss", Category::ThirdParty, false),
            ],
        };
        register.people[1].role = "father".to_string();
        // The father's "Mr Elmi" removed in one place of a letter that says "Dear Mr Elmi" to
        // the subject: the two cannot be told apart by their text.
        let applied = [
            removed("Mr Elmi", "register.title-surname"),
            removed("Mr Gill", "register.title-surname"),
            removed("Mrs Moss", "register.title-surname"),
        ];
        let forbidden = forbidden_terms(
            &request("Abdirahman Elmi"),
            &register,
            &applied,
            &OrdinaryWords::default(),
        );
        let terms = terms(&forbidden);
        for absent in ["Mr Elmi", "Ms Gill", "Mr Gill", "Mrs Lee", "Mr Lee"] {
            assert!(!terms.contains(&absent), "{absent} in {terms:?}");
        }
        // Full names and first names are still looked for, and a title and a surname no one
        // kept bears.
        for expected in [
            "Abdikarim Elmi",
            "Abdikarim",
            "Tom Gill",
            "Rob Lee",
            "Mrs Moss",
            "Mr Moss",
        ] {
            assert!(
                terms.contains(&expected),
                "{expected} missing from {terms:?}"
            );
        }
    }

    #[test]
    fn a_masked_string_in_the_redaction_log_is_not_looked_for() {
        let applied = [
            removed("xxx@xxxx.xxx", "pattern.email"),
            removed("XXXXXXXXX", "pattern.reference"),
            removed("ab@cd.ef", "pattern.email"),
        ];
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &Register::default(),
            &applied,
            &OrdinaryWords::default(),
        );
        assert_eq!(terms(&forbidden), ["ab@cd.ef"]);
        assert!(is_mask("xxxxxxxxxx") && is_mask("000") && !is_mask("xx") && !is_mask("xxy"));
        // The register's own data is always looked for, a phone of one repeated digit too.
        let mut neighbour = person("P2", "Mary Jones", Category::ThirdParty, false);
        neighbour.phone = "07777 777777".to_string();
        let register = Register {
            people: vec![neighbour],
        };
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &register,
            &[],
            &OrdinaryWords::default(),
        );
        assert!(terms(&forbidden).contains(&"7777777777"));
    }

    #[test]
    fn redacted_initials_are_looked_for_in_capitals_only() {
        let applied = [
            removed("BD", "register.initials"),
            removed("T.O.", "register.initials"),
            removed("Jo", "register.first-name"),
            removed("ABCD", "pattern.reference"),
        ];
        let forbidden = forbidden_terms(
            &request("Jane Smith"),
            &Register::default(),
            &applied,
            &OrdinaryWords::default(),
        );
        let upper: Vec<&str> = forbidden
            .upper_case
            .iter()
            .map(|(term, _)| term.as_str())
            .collect();
        assert_eq!(upper, ["BD", "T.O."]);
        assert_eq!(terms(&forbidden), ["Jo", "ABCD"]);
        assert!(is_initials("ŞD") && is_initials("M Ó") && !is_initials("Bd") && !is_initials("B"));
    }

    #[test]
    fn a_one_word_name_that_is_a_word_is_looked_for_where_capitalised() {
        let ordinary = OrdinaryWords::from_words(&["and", "rose", "will", "green"]);
        let mut mother = person("P2", "Andrea Ahmed", Category::ThirdParty, false);
        mother.aliases = vec!["and".to_string(), "Andy".to_string(), "Big And".to_string()];
        let register = Register {
            people: vec![
                person("P1", "Jane Smith", Category::Subject, false),
                mother,
                person("P3", "Rose Carter", Category::ThirdParty, false),
                person("P4", "Will", Category::ThirdParty, false),
            ],
        };
        let applied = [
            // A surname detection found written with a capital, and a word it took for a name
            // in lower case: looked for as each was written.
            removed("Green", "register.surname"),
            removed("rose", "register.first-name"),
        ];
        let forbidden = forbidden_terms(&request("Jane Smith"), &register, &applied, &ordinary);
        // The register's lower-case alias is looked for as a name is written.
        assert_eq!(capitalised(&forbidden), ["Green", "And", "Will"]);
        assert!(
            forbidden.capitalised[1]
                .1
                .starts_with("alias of third party `P2` (role); an ordinary English word")
        );
        let terms = terms(&forbidden);
        // Names that are no words, names of two words, and the word removed in lower case keep
        // any case.
        for expected in [
            "rose",
            "Andrea Ahmed",
            "Andrea",
            "Andy",
            "Big And",
            "Rose Carter",
        ] {
            assert!(
                terms.contains(&expected),
                "{expected} missing from {terms:?}"
            );
        }
        for absent in ["and", "And", "Will", "Green", "Rose"] {
            assert!(!terms.contains(&absent), "{absent} in {terms:?}");
        }
        // Without the word lists, as strict as before.
        let strict = forbidden_terms(
            &request("Jane Smith"),
            &register,
            &applied,
            &OrdinaryWords::default(),
        );
        assert!(capitalised(&strict).is_empty());
        assert!(terms_of(&strict).contains(&"and".to_string()));
    }

    fn terms_of(forbidden: &Forbidden) -> Vec<String> {
        forbidden
            .terms
            .iter()
            .map(|(term, _)| term.clone())
            .collect()
    }

    #[test]
    fn phones_reduce_to_national_digits() {
        assert_eq!(phone_digits("+44 (0)7700 900123"), "7700900123");
        assert_eq!(phone_digits("07700 900123"), "7700900123");
        assert_eq!(phone_digits("0044 113 496 0000"), "1134960000");
        assert_eq!(phone_digits("0113 496 0000"), "1134960000");
    }

    #[test]
    fn postcodes_are_found_with_or_without_the_space() {
        assert_eq!(postcodes("1 High St, York YO1 7HH"), ["YO1 7HH"]);
        assert_eq!(postcodes("flat 2, SW1A1AA"), ["SW1A 1AA"]);
        assert!(postcodes("12 Oak Road").is_empty());
    }
}
