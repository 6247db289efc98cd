//! Register terms in the joined reading (issue 11 point 2): the verifier reads a text blind to
//! spaces, punctuation and line ends, so `SamuelCleveland` (a PDF whose positioning gap stands
//! for the space), `Samuel\nCleve-\nland` (a name broken over line ends), `07700\n944024` (a
//! phone wrapped across two lines) and `610.284.4233` or `(315) 673-4575` (a register phone in
//! another written layout) are all the register's terms to it. The rules in [`super::register`]
//! and the identifier patterns read words; this pass reads the text the verifier's way, so that
//! the redactor is at least as thorough as the verifier on register terms and a record it
//! processed is not then held back for the same term.
//!
//! Only the strong forms of a protected third party are swept: the full name and aliases of two
//! words or more, the address and its street line, and the phone number as its digits (matched
//! inside any run of digits and separators). A single word (a first name, a one-word alias) is
//! swept only where it is glued to a neighbouring letter or broken over a line end, capitalised:
//! standing alone it is the word rules' business, which weigh the context ("will" is not Will). A hit inside a kept name
//! (the subject's, a professional's) is not a finding, as the verifier allows it.
//!
//! The folding here is this module's own (on top of [`super::fold::fold_char`]); the verifier's
//! matcher is independent of it by design (HOUSE-STYLE rule 5).

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{Category, Finding, FindingKind, Owner, Person, Register, Request, Span};
use crate::rules::RuleId;

use super::fold;

/// A text as its lowercased, diacritic-free letters and digits, each with where it came from.
struct Compact {
    text: String,
    /// For every byte of `text`: the original byte range of the character it came from.
    origin: Vec<(usize, usize)>,
    /// For every byte of `text`: whether a word boundary lies just before it (a separator, or a
    /// lower-to-upper case change: "SamuelCleveland" reads as two words).
    boundary: Vec<bool>,
}

impl Compact {
    fn new(original: &str) -> Compact {
        let mut compact = Compact {
            text: String::with_capacity(original.len()),
            origin: Vec::with_capacity(original.len()),
            boundary: Vec::with_capacity(original.len()),
        };
        let mut boundary = true;
        let mut previous_lower = false;
        let mut folded = String::new();
        for (start, character) in original.char_indices() {
            let end = start + character.len_utf8();
            if character.is_uppercase() && previous_lower {
                boundary = true;
            }
            folded.clear();
            fold::fold_char(character, &mut folded);
            let mut produced = false;
            for letter in folded.chars() {
                if letter.is_alphanumeric() {
                    let mut buffer = [0u8; 4];
                    for _ in 0..letter.encode_utf8(&mut buffer).len() {
                        compact.origin.push((start, end));
                        compact.boundary.push(boundary);
                    }
                    compact.text.push(letter);
                    boundary = false;
                    produced = true;
                } else {
                    boundary = true;
                }
            }
            if produced {
                previous_lower = character.is_lowercase();
            } else if !super::normalise::is_invisible(character) {
                boundary = true;
                previous_lower = false;
            }
        }
        compact
    }

    fn boundary_before(&self, at: usize) -> bool {
        self.boundary.get(at).copied().unwrap_or(true)
    }
}

/// How a swept term counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Two words or more, or a long digit string: found wherever the joined reading has it.
    Strong,
    /// One word: found only glued to a neighbouring letter, capitalised.
    Glued,
}

#[derive(Debug, Clone)]
enum Role {
    Term {
        person: usize,
        kind: FindingKind,
        /// `register.joined-<form>`.
        rule: RuleId,
        strength: Strength,
        /// Must start and end on word boundaries (short terms, words).
        bounded: bool,
        /// A part left out of the finding, compact: the town of an address, which does not
        /// identify the home (the street line and postcode do; issue 14: towns in register
        /// addresses were redacted).
        keep: Option<String>,
    },
    Allowed,
}

/// The protected third parties' strong forms and the kept names, compiled once per run.
#[derive(Debug)]
pub(crate) struct JoinedTerms {
    automaton: Option<AhoCorasick>,
    roles: Vec<Role>,
    people: Vec<(String, String, String)>,
}

/// Titles that do not start a first name.
const TITLES: [&str; 6] = ["mr", "mrs", "ms", "miss", "dr", "mx"];

/// ITU country codes of one and two digits (E.164 codes are prefix-free; every other code has
/// three digits).
const SHORT_COUNTRY_CODES: [&str; 44] = [
    "1", "7", "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45",
    "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
    "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94",
];

/// A phone number as the digit strings its written layouts share, without the trunk 0:
/// `+44 (0)7700 900123`, `07700 900123` and `0044 7700 900123` all give `7700900123`, which is
/// found inside any of them. The verifier looks for the same digits; an international number
/// (`+1 610 284 4233`, `+353 87 123 4567`) also gives its national part (`6102844233`,
/// `871234567`), since a record written in that country leaves the country code out.
fn phone_digits(phone: &str) -> Vec<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let international = phone.trim().starts_with('+') || digits.starts_with("00");
    let number = if phone.trim().starts_with('+') {
        digits.as_str()
    } else {
        digits.strip_prefix("00").unwrap_or(&digits)
    };
    if !international {
        return vec![digits.trim_start_matches('0').to_string()];
    }
    let code_length = if SHORT_COUNTRY_CODES
        .iter()
        .any(|code| number.starts_with(code))
    {
        SHORT_COUNTRY_CODES
            .iter()
            .filter(|code| number.starts_with(*code))
            .map(|code| code.len())
            .max()
            .unwrap_or(3)
    } else {
        3
    };
    let national = number
        .get(code_length..)
        .unwrap_or_default()
        .trim_start_matches('0')
        .to_string();
    if number.starts_with("44") {
        return vec![national];
    }
    vec![number.to_string(), national]
}

impl JoinedTerms {
    pub(crate) fn new(request: &Request, register: &Register) -> JoinedTerms {
        let mut patterns: Vec<String> = Vec::new();
        let mut roles: Vec<Role> = Vec::new();
        let mut people = Vec::new();
        let mut allowed: Vec<String> = vec![request.subject.name.clone()];
        allowed.extend(request.subject.aliases.iter().cloned());
        for person in &register.people {
            if person.id == request.subject.person_id {
                allowed.push(person.name.clone());
                allowed.extend(person.aliases.iter().cloned());
            } else if matches!(
                person.category,
                Category::Professional | Category::Requester
            ) {
                allowed.push(person.name.clone());
            }
        }
        // As the verifier: a first name that is a word of the subject's own names cannot be told
        // apart from theirs, so it is not a term on its own.
        let subject_words: BTreeSet<String> = allowed
            .iter()
            .take(1 + request.subject.aliases.len())
            .flat_map(|name| name.split_whitespace().map(compact_of))
            .collect();
        for person in register.third_parties() {
            let index = people.len();
            people.push((person.id.clone(), person.name.clone(), person.role.clone()));
            add_person(&mut patterns, &mut roles, index, person, &subject_words);
        }
        for name in &allowed {
            let compact = compact_of(name);
            if !compact.is_empty() {
                patterns.push(compact);
                roles.push(Role::Allowed);
            }
        }
        let automaton = if roles.iter().any(|role| matches!(role, Role::Term { .. })) {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .ok()
        } else {
            None
        };
        JoinedTerms {
            automaton,
            roles,
            people,
        }
    }

    /// The swept terms in `text` that no finding in `taken` already holds (a term that only
    /// overlaps a finding is still given: `decide` merges the two).
    pub(crate) fn find(&self, text: &str, taken: &[Span]) -> Vec<Finding> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let compact = Compact::new(text);
        let mut allowed: Vec<(usize, usize)> = Vec::new();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        for found in automaton.find_overlapping_iter(compact.text.as_str()) {
            let (start, end) = (found.start(), found.end());
            let role = &self.roles[found.pattern().as_usize()];
            let bounded = match role {
                Role::Term { bounded, .. } => *bounded,
                Role::Allowed => true,
            };
            if bounded && !(compact.boundary_before(start) && compact.boundary_before(end)) {
                continue;
            }
            match role {
                Role::Allowed => allowed.push((start, end)),
                Role::Term { .. } => hits.push((found.pattern().as_usize(), start, end)),
            }
        }
        // The longest term at each place first, so a street line inside the address it begins
        // is not given twice.
        hits.sort_by_key(|&(_, start, end)| (start, std::cmp::Reverse(end)));
        let mut out: Vec<Finding> = Vec::new();
        for (pattern, start, end) in hits {
            let Role::Term {
                person,
                kind,
                rule,
                strength,
                keep,
                ..
            } = &self.roles[pattern]
            else {
                continue;
            };
            if allowed.iter().any(|&(a, b)| a <= start && end <= b) {
                continue;
            }
            // The town of an address stays: the parts before and after it are the findings.
            let kept = keep.as_deref().and_then(|town| {
                let at = start + compact.text[start..end].rfind(town)?;
                let after = at + town.len();
                (compact.boundary_before(at) && compact.boundary_before(after) && at > start)
                    .then_some((at, after))
            });
            let pieces = match kept {
                Some((at, after)) if after < end => vec![(start, at), (after, end)],
                Some((at, _)) => vec![(start, at)],
                None => vec![(start, end)],
            };
            for (start, end) in pieces {
                let mut span_start = compact.origin[start].0;
                let span_end = compact.origin[end - 1].1;
                if *kind == FindingKind::Phone {
                    // The trunk 0 the digits leave out: "07700", not "7700".
                    span_start = text[..span_start].trim_end_matches('0').len();
                    // A bracketed area code is part of the number ("(610) 284-4233"); a
                    // bracket that closes after the number is the sentence's ("Sharon
                    // (07700 900461) rang"), and stays (issue 14: the "(" was redacted too).
                    if text[..span_start].ends_with('(') && text[span_start..span_end].contains(')')
                    {
                        span_start -= 1;
                    }
                }
                if *strength == Strength::Glued {
                    let glued_before = text[..span_start]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                    let glued_after = text[span_end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                    let capitalised = text[span_start..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase);
                    // A word broken over a line end ("Tra-\ncey") reads as the word too.
                    let broken = text[span_start..span_end].contains('\n');
                    if !(capitalised && (glued_before || glued_after || broken)) {
                        continue;
                    }
                }
                if taken
                    .iter()
                    .chain(out.iter().map(|finding| &finding.span))
                    .any(|span| span.start <= span_start && span_end <= span.end)
                {
                    continue;
                }
                let (id, name, role) = &self.people[*person];
                out.push(Finding {
                span: Span::new(span_start, span_end),
                text: text[span_start..span_end].to_string(),
                kind: *kind,
                owner: Owner::RegisteredThirdParty {
                    person_id: id.clone(),
                    consent: false,
                },
                rule: rule.clone(),
                why: format!(
                    "{} of {name} ({role}, a third party), read with the spaces, line ends and punctuation between its letters left out, as the verifier reads",
                    rule.trim_start_matches("register.joined-").replace('-', " ")
                ),
                review: false,
            });
            }
        }
        out
    }
}

fn compact_of(text: &str) -> String {
    Compact::new(text).text
}

/// Adds one protected third party's strong forms.
fn add_person(
    patterns: &mut Vec<String>,
    roles: &mut Vec<Role>,
    person: usize,
    who: &Person,
    subject_words: &BTreeSet<String>,
) {
    let mut add =
        |text: &str, kind: FindingKind, rule: RuleId, glued: bool, keep: Option<String>| {
            let compact = Compact::new(text);
            if compact.text.chars().count() < 2 {
                return;
            }
            let digits = compact.text.bytes().all(|byte| byte.is_ascii_digit());
            let strength = if glued {
                Strength::Glued
            } else {
                Strength::Strong
            };
            // A long digit string matches inside longer runs ("+44 7700 900123" holds 7700900123).
            // Words stand on word boundaries at both ends, however they are joined inside: the
            // verifier also finds "Ann Lee" inside "JoAnn Leeds", but that is someone else, and
            // redacting part of their name would be wrong; held back, a person decides.
            let bounded = !digits || compact.text.len() < 9;
            patterns.push(compact.text);
            roles.push(Role::Term {
                person,
                kind,
                rule,
                strength,
                bounded,
                keep,
            });
        };
    let several_words = |text: &str| text.split_whitespace().count() >= 2;
    if several_words(&who.name) {
        add(
            &who.name,
            FindingKind::Name,
            const { RuleId::known("register.joined-full-name") },
            false,
            None,
        );
    }
    for alias in &who.aliases {
        add(
            alias,
            FindingKind::Name,
            const { RuleId::known("register.joined-alias") },
            !several_words(alias),
            None,
        );
    }
    let words: Vec<&str> = who.name.split_whitespace().collect();
    if let Some(first) = words.first()
        && words.len() >= 2
        && !subject_words.contains(&compact_of(first))
        && !TITLES.contains(&compact_of(first).as_str())
    {
        add(
            first,
            FindingKind::Name,
            const { RuleId::known("register.joined-first-name") },
            true,
            None,
        );
    }
    for phone in phone_digits(&who.phone) {
        if phone.len() >= 6 {
            add(
                &phone,
                FindingKind::Phone,
                const { RuleId::known("register.joined-phone") },
                false,
                None,
            );
        }
    }
    let address = who.address.trim();
    if several_words(address) {
        add(
            address,
            FindingKind::Address,
            const { RuleId::known("register.joined-address") },
            false,
            town_of(address),
        );
        if let Some(first_line) = address.split([',', '\n']).next()
            && first_line.chars().any(|c| c.is_ascii_digit())
            && several_words(first_line)
            && first_line.trim() != address
        {
            add(
                first_line,
                FindingKind::Address,
                const { RuleId::known("register.joined-street") },
                false,
                None,
            );
        }
    }
}

/// The town of a register address, compact: the last comma- or line-separated part after the
/// first that has words before any digit ("Leeds" of "Rose Cottage, Mill Lane, Leeds LS6 2AB",
/// "Doncaster" of "170 Sandford Terrace, Doncaster, DN12 2RE"). `None` when the address has one
/// part only.
fn town_of(address: &str) -> Option<String> {
    let parts: Vec<&str> = address
        .split([',', '\n'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    for part in parts.iter().skip(1).rev() {
        let words: Vec<&str> = part
            .split_whitespace()
            .take_while(|word| !word.chars().any(|c| c.is_ascii_digit()))
            .collect();
        if !words.is_empty() {
            let town = compact_of(&words.join(" "));
            return (!town.is_empty()).then_some(town);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Region, RequestKind, Subject};

    fn person(id: &str, name: &str, category: Category) -> Person {
        Person {
            id: id.to_string(),
            name: name.to_string(),
            aliases: Vec::new(),
            dob: None,
            role: "role".to_string(),
            category,
            phone: String::new(),
            address: String::new(),
            consent: false,
        }
    }

    fn terms() -> JoinedTerms {
        let mut samuel = person("P2", "Samuel Cleveland", Category::ThirdParty);
        samuel.phone = "07700 944024".to_string();
        samuel.address = "27 Alder Road, Hollinbrook HB4 7QT".to_string();
        let mut dana = person("P3", "Dana Price", Category::ThirdParty);
        dana.phone = "+1 (610) 284-4233".to_string();
        dana.aliases = vec!["Dee".to_string()];
        let register = Register {
            people: vec![
                person("P1", "Jade Carter", Category::Subject),
                samuel,
                dana,
                person("P4", "Samuel Clevelander", Category::Professional),
            ],
        };
        let request = Request {
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
                name: "Jade Carter".to_string(),
                aliases: Vec::new(),
                dob: None,
                ids: Vec::new(),
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
        };
        JoinedTerms::new(&request, &register)
    }

    fn found(text: &str) -> Vec<(String, String)> {
        terms()
            .find(text, &[])
            .into_iter()
            .map(|finding| (finding.rule.to_string(), finding.text))
            .collect()
    }

    #[test]
    fn names_joined_by_a_lost_space_or_broken_over_lines_are_found() {
        assert_eq!(
            found("Visit: SamuelCleveland came."),
            [(
                "register.joined-full-name".to_string(),
                "SamuelCleveland".to_string()
            )]
        );
        assert_eq!(
            found("met Samuel Cleve-\nland"),
            [(
                "register.joined-full-name".to_string(),
                "Samuel Cleve-\nland".to_string()
            )]
        );
        // Glued to another word, capitalised: the first name alone.
        assert_eq!(
            found("SamuelJones rang"),
            [(
                "register.joined-first-name".to_string(),
                "Samuel".to_string()
            )]
        );
        assert_eq!(
            found("then Sam-\nuel rang"),
            [(
                "register.joined-first-name".to_string(),
                "Sam-\nuel".to_string()
            )]
        );
        // Standing alone, a word is left to the word rules; glued in lower case is not a name.
        assert!(found("Samuel rang; samuelson; Dee said; Sam uel; sam-\nuel").is_empty());
        // Inside a kept name, or inside someone else's.
        assert!(found("with Samuel Clevelander today").is_empty());
        assert!(found("with Samuel Clevelands today; 127 Alder Road").is_empty());
    }

    #[test]
    fn register_phones_are_found_in_any_layout() {
        for text in [
            "ring 07700\n944024 now",
            "ring 07700-944-024",
            "ring +44 (0) 7700 944 024",
            "ring 610.284.4233",
            "ring (610) 284-4233",
            "ring +1 610 284 4233",
        ] {
            let hits = found(text);
            assert_eq!(hits.len(), 1, "{text:?}: {hits:?}");
            assert_eq!(hits[0].0, "register.joined-phone", "{text:?}");
        }
        assert_eq!(found("ring (610) 284-4233")[0].1, "(610) 284-4233");
        // A bracket round the whole number is the sentence's: the number goes, the brackets
        // stay (issue 14).
        assert_eq!(found("Dana (610 284 4233) rang")[0].1, "610 284 4233");
        assert_eq!(found("Sam (07700 944024) rang")[0].1, "07700 944024");
        assert_eq!(found("ring 07700/944/024")[0].1, "07700/944/024");
    }

    #[test]
    fn phone_digits_drop_the_trunk_zero_and_the_country_code() {
        assert_eq!(phone_digits("+44 (0)7700 900123"), ["7700900123"]);
        assert_eq!(phone_digits("0044 7700 900123"), ["7700900123"]);
        assert_eq!(phone_digits("07700 900123"), ["7700900123"]);
        assert_eq!(phone_digits("610-284-4233"), ["6102844233"]);
        assert_eq!(
            phone_digits("+1 610 284 4233"),
            ["16102844233", "6102844233"]
        );
        assert_eq!(
            phone_digits("+353 (0)87 123 4567"),
            ["3530871234567", "871234567"]
        );
    }

    #[test]
    fn an_address_with_other_punctuation_is_found_and_taken_spans_are_skipped() {
        let text = "lives at 27 Alder Road\nHollinbrook HB4 7QT";
        // The town stays (it does not identify the home); the street line and postcode go.
        assert_eq!(
            found(text),
            [
                (
                    "register.joined-address".to_string(),
                    "27 Alder Road".to_string()
                ),
                ("register.joined-address".to_string(), "HB4 7QT".to_string())
            ]
        );
        assert_eq!(
            town_of("Rose Cottage, Mill Lane, Leeds LS6 2AB").as_deref(),
            Some("leeds")
        );
        assert_eq!(town_of("27 Alder Road"), None);
        let start = text.find("27").unwrap();
        assert!(
            terms()
                .find(text, &[Span::new(start, text.len())])
                .is_empty()
        );
    }
}
