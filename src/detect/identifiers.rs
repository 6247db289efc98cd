//! Identifier patterns loaded from `patterns/identifiers.toml`: UK phone numbers, NHS numbers,
//! National Insurance numbers, email addresses, postcodes and street addresses, each a regular
//! expression with an optional built-in check (NHS modulus 11, phone digit count, NINO prefixes).
//!
//! The file is data an organisation can edit (issue 2: "from pattern files under `patterns/` that
//! an organisation can edit"); the checks are code because a regular expression cannot compute a
//! check digit.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use crate::model::FindingKind;

use super::DetectError;

/// A built-in validation applied to every regex match before it becomes a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Check {
    /// No further check.
    None,
    /// NHS number: ten digits, modulus 11 check digit (NHS Data Dictionary).
    NhsModulus11,
    /// UK phone: 10 or 11 national digits starting 0 (after `+44`/`0044`), trailing groups
    /// that overshoot are trimmed.
    UkPhone,
    /// National Insurance number: prefixes never issued (BG, GB, NK, KN, TN, NT, ZZ) rejected.
    UkNino,
    /// International phone (`+353 ...`, `0048 ...`), not +44: 8 to 15 digits with the country
    /// code, trailing groups that overshoot trimmed.
    InternationalPhone,
    /// `@handle`: not the domain of an email address (no letter, digit, dot or underscore right
    /// before the `@`).
    Handle,
    /// `big_gaz_77` with no `@`: not part of a file name, web address or email address (no
    /// `.`, `/`, `@` or `_` glued before it; no `.word`, `@` or `/` right after it).
    BareHandle,
    /// `kyle.b.99` beside a word of social media ("TikTok: kyle.b.99"): a user name of words
    /// joined by dots, as Instagram and TikTok allow. Only with a social word near (never a
    /// version number or "e.g."), in lower case, five characters or more with three letters,
    /// not a web address (no `/` after, no `.com` or `.co.uk` end), not a file name (one dot
    /// before an extension of two to four characters: "smime.p7s") and not glued to an email.
    DottedHandle,
    /// A number a label names ("NHS number 485 777 3456"): five digits or more, whatever its
    /// check digit or prefix.
    Labelled,
}

#[derive(Debug, Deserialize)]
struct File {
    identifier: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
struct Entry {
    id: String,
    kind: FindingKind,
    regex: String,
    #[serde(default = "no_check")]
    check: Check,
    why: String,
}

fn no_check() -> Check {
    Check::None
}

/// One compiled identifier pattern.
#[derive(Debug)]
pub(crate) struct IdentifierPattern {
    /// `pattern.<id>`, the rule of a match that is no one's known.
    pub rule: crate::rules::RuleId,
    pub kind: FindingKind,
    pub regex: Regex,
    /// Whether the regex has a group named `value`: the identifier is that group, and the rest
    /// of the match (a label such as "NHS number") is context that stays.
    value_group: bool,
    pub check: Check,
    pub why: String,
}

/// A validated match: the byte range in the text and the canonical value used for comparison
/// with the register and the subject's own ids.
#[derive(Debug, Clone)]
pub(crate) struct IdentifierMatch<'p> {
    pub start: usize,
    pub end: usize,
    pub canonical: String,
    pub pattern: &'p IdentifierPattern,
}

pub(crate) fn load(path: &Path) -> Result<Vec<IdentifierPattern>, DetectError> {
    let error = |message: String| DetectError::Patterns {
        path: path.display().to_string(),
        message,
    };
    let source = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    let file: File = toml::from_str(&source).map_err(|e| error(e.to_string()))?;
    let mut seen = std::collections::BTreeSet::new();
    file.identifier
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let number = index + 1;
            // The id becomes the rule `pattern.<id>` in the plan, the log and the evaluation:
            // one that is not a rule id would be a finding nothing else can name.
            let rule = crate::rules::RuleId::pattern(&entry.id).map_err(|_| {
                error(format!(
                    "identifier {number} (`{}`): `id` must be lower-case letters and digits in words joined by `-` (it names the rule `pattern.<id>`)",
                    entry.id
                ))
            })?;
            if !seen.insert(entry.id.clone()) {
                return Err(error(format!(
                    "identifier {number} (`{}`): another identifier has this `id`",
                    entry.id
                )));
            }
            let regex = Regex::new(&entry.regex)
                .map_err(|e| error(format!("identifier `{}`: {e}", entry.id)))?;
            let value_group = regex.capture_names().any(|name| name == Some("value"));
            Ok(IdentifierPattern {
                rule,
                kind: entry.kind,
                regex,
                value_group,
                check: entry.check,
                why: entry.why,
            })
        })
        .collect()
}

/// Every validated match of every pattern in `text`, in pattern order then text order.
pub(crate) fn find<'p>(patterns: &'p [IdentifierPattern], text: &str) -> Vec<IdentifierMatch<'p>> {
    let mut out = Vec::new();
    for pattern in patterns {
        let matches: Box<dyn Iterator<Item = (usize, usize)>> = if pattern.value_group {
            Box::new(
                pattern
                    .regex
                    .captures_iter(text)
                    .filter_map(|c| c.name("value"))
                    .map(|m| (m.start(), m.end())),
            )
        } else {
            Box::new(pattern.regex.find_iter(text).map(|m| (m.start(), m.end())))
        };
        for (start, end) in matches {
            let accepted = match pattern.check {
                Check::None => Some((end, canonical(&text[start..end]))),
                Check::NhsModulus11 => {
                    let digits = digits_of(&text[start..end]);
                    nhs_check_digit_valid(&digits).then_some((end, digits))
                }
                Check::UkNino => {
                    let value = canonical(&text[start..end]);
                    nino_valid(&value).then_some((end, value))
                }
                Check::UkPhone => trim_phone(text, start, end),
                Check::InternationalPhone => trim_international(text, start, end),
                Check::Handle => {
                    let glued = text[..start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '@'));
                    (!glued).then(|| (end, canonical(&text[start..end])))
                }
                Check::BareHandle => {
                    let value = &text[start..end];
                    let handle_like = value.chars().any(|c| c.is_ascii_digit())
                        || social_word_near(text, start, end);
                    (!glued_to_address(text, start, end, &['.', '/', '@', '_', '-', '#'])
                        && handle_like)
                        .then(|| (end, canonical(value)))
                }
                Check::DottedHandle => {
                    let value = &text[start..end];
                    let glued = glued_to_address(text, start, end, &['.', '/', '@', '_', '-']);
                    let web = [
                        ".com", ".co.uk", ".org", ".net", ".uk", ".io", ".me", ".gov", ".html",
                    ]
                    .iter()
                    .any(|tld| value.ends_with(tld));
                    // "smime.p7s", "notes.docx": a file name, one dot before an extension.
                    let file = value.matches('.').count() == 1
                        && value.rsplit('.').next().is_some_and(|extension| {
                            (2..=4).contains(&extension.len())
                                && extension.chars().any(|c| c.is_ascii_alphabetic())
                        });
                    let shaped = !file
                        && value.len() >= 5
                        && value.chars().filter(char::is_ascii_alphabetic).count() >= 3
                        && !value.chars().any(|c| c.is_ascii_uppercase());
                    (!glued && !web && shaped && social_word_near(text, start, end))
                        .then(|| (end, canonical(value)))
                }
                Check::Labelled => (digits_of(&text[start..end]).len() >= 5)
                    .then(|| (end, canonical(&text[start..end]))),
            };
            if let Some((end, canonical)) = accepted {
                out.push(IdentifierMatch {
                    start,
                    end,
                    canonical,
                    pattern,
                });
            }
        }
    }
    out
}

/// Whether `start..end` is part of a longer address, file name or handle: one of `before`
/// glued before it, or an `@`, `/` or `_` glued after it, or a dot and another word ("care_plan"
/// of "care_plan.docx", "jade_x" of "jade_x@mail.com").
fn glued_to_address(text: &str, start: usize, end: usize, before: &[char]) -> bool {
    let after = &text[end..];
    text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| before.contains(&c))
        || after.starts_with(['@', '/', '_'])
        || after
            .strip_prefix('.')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// Whether a word of social media ("Snapchat", "username", "social media") stands within 60 bytes of
/// `start..end`: "person_id" in a spreadsheet's header is a column, "jade_x on Snapchat" a user.
fn social_word_near(text: &str, start: usize, end: usize) -> bool {
    let mut from = start.saturating_sub(60);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 60).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let window = text[from..to].to_lowercase();
    window.split(|c: char| !c.is_alphanumeric()).any(|word| {
        matches!(
            word,
            "snapchat"
                | "snap"
                | "sc"
                | "instagram"
                | "insta"
                | "ig"
                | "tiktok"
                | "twitter"
                | "facebook"
                | "fb"
                | "discord"
                | "kik"
                | "xbox"
                | "psn"
                | "gamertag"
                | "username"
                | "usernames"
                | "handle"
                | "profile"
                | "account"
                | "online"
                | "media"
                | "whatsapp"
                | "youtube"
                | "messenger"
                | "telegram"
        )
    })
}

/// The days of a month in words, as records write a date ("third of May 1985", "the
/// twenty-first of June"): the day is the place in the list, from 1.
pub(crate) const ORDINAL_DAYS: [&str; 31] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
];

/// A date as a record writes it: day, month and the year as written, two digits or four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrittenDate {
    day: i8,
    month: i8,
    year: i16,
    two_digit_year: bool,
}

impl WrittenDate {
    /// Reads "12.03.2003", "3/5/85", "3rd of May 1985", "the fourth of July 2003", "May 3,
    /// 1985", "2003-03-12". `None` when it is not one of those shapes or not a day of the
    /// calendar.
    pub(crate) fn read(value: &str) -> Option<WrittenDate> {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let mut words: Vec<String> = value
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                !w.is_empty() && !w.eq_ignore_ascii_case("of") && !w.eq_ignore_ascii_case("the")
            })
            .map(str::to_lowercase)
            .collect();
        // A day in words ("fourth", "twenty first", "twenty-first") becomes its number.
        let day_in_words = |count: usize| {
            let joined = words.get(..count)?.join("-");
            ORDINAL_DAYS.iter().position(|day| *day == joined)
        };
        if let Some((day, count)) = day_in_words(2)
            .map(|day| (day, 2))
            .or_else(|| day_in_words(1).map(|day| (day, 1)))
        {
            words.splice(0..count, [(day + 1).to_string()]);
        }
        let month_name = |word: &str| {
            MONTHS
                .iter()
                .position(|m| word.starts_with(m))
                .and_then(|i| i8::try_from(i + 1).ok())
        };
        // A number and how many digits it was written with ("3rd" is 3, one digit).
        let number = |word: &str| {
            let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            digits.parse::<i16>().ok().map(|n| (n, digits.len()))
        };
        let small = |n: i16| i8::try_from(n).ok();
        let [a, b, c] = words.as_slice() else {
            return None;
        };
        let (day, month, (year, digits)) = if let Some(month) = month_name(b) {
            (number(a)?.0, month, number(c)?)
        } else if let Some(month) = month_name(a) {
            (number(b)?.0, month, number(c)?)
        } else if number(a)?.1 == 4 {
            (number(c)?.0, small(number(b)?.0)?, number(a)?)
        } else {
            (number(a)?.0, small(number(b)?.0)?, number(c)?)
        };
        let day = small(day)?;
        let two_digit_year = match digits {
            2 => true,
            4 => false,
            _ => return None,
        };
        let full = if two_digit_year { 2000 + year } else { year };
        jiff::civil::Date::new(full, month, day).ok()?;
        Some(WrittenDate {
            day,
            month,
            year,
            two_digit_year,
        })
    }

    /// Whether this is `date` (a two-digit year matches either century).
    pub(crate) fn is(self, date: jiff::civil::Date) -> bool {
        self.day == date.day()
            && self.month == date.month()
            && if self.two_digit_year {
                self.year == date.year() % 100
            } else {
                self.year == date.year()
            }
    }
}

/// Letters and digits only, uppercased: how identifiers are compared.
pub(crate) fn canonical(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '@' || *c == '.')
        .flat_map(char::to_uppercase)
        .collect()
}

pub(crate) fn digits_of(value: &str) -> String {
    value.chars().filter(char::is_ascii_digit).collect()
}

/// A UK phone number as national digits with the leading 0 (`+44 (0)20 ...` -> `020...`);
/// `None` for a number written with another country's code (`+48 601 234 567`, `00353 ...`),
/// which has no UK national form: putting a trunk 0 before its country code ("048...") would
/// make a number no one has, and one that matches no one's (issue 14).
pub(crate) fn national_phone(value: &str) -> Option<String> {
    let trimmed = value.trim_start();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    let mut digits = digits_of(value);
    if international {
        let rest = digits.strip_prefix("0044").or_else(|| {
            digits
                .strip_prefix("44")
                .filter(|_| trimmed.starts_with('+'))
        })?;
        digits = rest.to_string();
        // `+44 (0)20 ...` keeps the trunk 0 already; otherwise restore it.
        if !digits.starts_with('0') {
            digits.insert(0, '0');
        }
    }
    Some(digits)
}

/// A phone number in the form its pattern match is compared by: a UK number's national digits
/// (as [`national_phone`], the canonical form of `uk-phone`), any other country's `+` and its
/// digits without a trunk `(0)` (`0048 601 234 567` -> `+48601234567`, the canonical form of
/// `international-phone`). `None` when it is too short to be a number.
pub(crate) fn phone_key(value: &str) -> Option<String> {
    match national_phone(value) {
        Some(national) => (national.len() >= 10).then_some(national),
        None => {
            let digits = digits_of(&value.replace("(0)", ""));
            let digits = digits.strip_prefix("00").unwrap_or(&digits);
            (digits.len() >= 8).then(|| format!("+{digits}"))
        }
    }
}

fn phone_digits_valid(national: &str) -> bool {
    let bytes = national.as_bytes();
    (national.len() == 10 || national.len() == 11)
        && bytes.first() == Some(&b'0')
        && bytes
            .get(1)
            .is_some_and(|d| matches!(d, b'1'..=b'3' | b'5' | b'7' | b'8' | b'9'))
}

/// Trims trailing digit groups until the number has a valid UK length ("call 07700 900123 2019"
/// must not swallow the year). Returns the new end and the national digits.
fn trim_phone(text: &str, start: usize, end: usize) -> Option<(usize, String)> {
    let mut end = end;
    loop {
        let candidate = &text[start..end];
        // A number with another country's code is `international-phone`'s.
        let national = national_phone(candidate)?;
        if phone_digits_valid(&national) {
            return Some((end, national));
        }
        if national.len() <= 10 {
            return None;
        }
        // Drop the last group (digits after the last separator) and any separator before it.
        let cut = candidate.rfind([' ', '-', '.', '\u{a0}', '\n', '\t'])?;
        let kept = candidate[..cut].trim_end_matches([' ', '-', '.', '\u{a0}', ')', '\n', '\t']);
        if kept.is_empty() {
            return None;
        }
        end = start + kept.len();
    }
}

/// An international number other than +44: the country code and 7 or more digits, at most 15 in
/// all (ITU E.164); trailing groups past 15 are trimmed. The canonical form is `+` and the digits
/// without a trunk `(0)`.
fn trim_international(text: &str, start: usize, end: usize) -> Option<(usize, String)> {
    let mut end = end;
    loop {
        let candidate = &text[start..end];
        let digits = digits_of(&candidate.replace("(0)", ""));
        let digits = digits.strip_prefix("00").unwrap_or(&digits).to_string();
        if digits.starts_with("44") {
            return None;
        }
        if (8..=15).contains(&digits.len()) {
            return Some((end, format!("+{digits}")));
        }
        if digits.len() < 8 {
            return None;
        }
        let cut = candidate.rfind([' ', '-', '.', '\u{a0}', '\n', '\t'])?;
        let kept = candidate[..cut].trim_end_matches([' ', '-', '.', '\u{a0}', ')', '\n', '\t']);
        if kept.is_empty() {
            return None;
        }
        end = start + kept.len();
    }
}

/// NHS number check digit (modulus 11, weights 10..2; 11 -> 0; 10 is invalid).
pub(crate) fn nhs_check_digit_valid(digits: &str) -> bool {
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let values: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
    let sum: u32 = values[..9]
        .iter()
        .enumerate()
        .map(|(index, value)| value * (10 - index as u32))
        .sum();
    let check = match 11 - (sum % 11) {
        11 => 0,
        10 => return false,
        other => other,
    };
    check == values[9]
}

fn nino_valid(value: &str) -> bool {
    let prefix = value.get(..2).unwrap_or("");
    !matches!(prefix, "BG" | "GB" | "NK" | "KN" | "TN" | "NT" | "ZZ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_modulus_11() {
        assert!(nhs_check_digit_valid("9434765919"));
        assert!(!nhs_check_digit_valid("9434765918"));
        assert!(nhs_check_digit_valid("4010232137"));
    }

    #[test]
    fn an_identifier_id_that_is_no_rule_id_is_refused_naming_the_file_and_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("identifiers.toml");
        let entry = |id: &str| {
            format!(
                "[[identifier]]\nid = \"{id}\"\nkind = \"phone\"\nregex = '\\d+'\nwhy = \"a number\"\n\n"
            )
        };
        for (file, expected) in [
            (
                entry("uk-phone") + &entry("UK phone"),
                "identifier 2 (`UK phone`): `id` must be lower-case",
            ),
            (
                entry("uk-phone") + &entry("uk-phone"),
                "identifier 2 (`uk-phone`): another identifier has this `id`",
            ),
        ] {
            std::fs::write(&path, file).unwrap();
            let error = load(&path).unwrap_err().to_string();
            assert!(error.contains("identifiers.toml"), "{error}");
            assert!(error.contains(expected), "{error}");
        }
        std::fs::write(&path, entry("uk-phone")).unwrap();
        assert_eq!(load(&path).unwrap()[0].rule, "pattern.uk-phone");
    }

    #[test]
    fn national_phone_forms() {
        for (value, national) in [
            ("+44 7700 900123", "07700900123"),
            ("+44 (0)20 7946 0018", "02079460018"),
            ("0044 161 496 0000", "01614960000"),
            ("(020) 7946 0018", "02079460018"),
        ] {
            assert_eq!(national_phone(value).as_deref(), Some(national), "{value}");
            assert_eq!(phone_key(value).as_deref(), Some(national), "{value}");
        }
    }

    #[test]
    fn a_number_with_another_country_code_is_not_made_a_uk_trunk_number() {
        // "+48 601 234 567" became "048601234567", a number no one has (issue 14).
        for (value, key) in [
            ("+48 601 234 567", "+48601234567"),
            ("0048 601 234 567", "+48601234567"),
            ("0048-601-234-567", "+48601234567"),
            ("+353 87 123 4567", "+353871234567"),
            ("00353 87 123 4567", "+353871234567"),
            ("+353 (0)87 123 4567", "+353871234567"),
            ("+1 (610) 284-4233", "+16102844233"),
        ] {
            assert_eq!(national_phone(value), None, "{value}");
            assert_eq!(phone_key(value).as_deref(), Some(key), "{value}");
        }
        assert_eq!(phone_key("07700 900123").as_deref(), Some("07700900123"));
        assert_eq!(phone_key("900123"), None);
        assert_eq!(phone_key(""), None);
    }

    fn matches(text: &str) -> Vec<(String, String)> {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns/identifiers.toml");
        let patterns = load(&path).unwrap();
        find(&patterns, text)
            .into_iter()
            .map(|m| {
                (
                    m.pattern.rule.trim_start_matches("pattern.").to_string(),
                    text[m.start..m.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn identifiers_in_the_layouts_that_leaked() {
        let cases: &[(&str, &str, &str)] = &[
            ("ring 07700.900.123 today", "uk-phone", "07700.900.123"),
            (
                "ring 07700 - 900 - 123 today",
                "uk-phone",
                "07700 - 900 - 123",
            ),
            (
                "Irish mobile +353 87 123 4567.",
                "international-phone",
                "+353 87 123 4567",
            ),
            (
                "dad on +48 601 234 567 or",
                "international-phone",
                "+48 601 234 567",
            ),
            (
                "siobhan.o'brien@example.ie wrote",
                "email",
                "siobhan.o'brien@example.ie",
            ),
            (
                "mail gaz.t at yahoo dot co dot uk now",
                "email-obfuscated",
                "gaz.t at yahoo dot co dot uk",
            ),
            (
                "or name(at)gmail(dot)com.",
                "email-obfuscated",
                "name(at)gmail(dot)com",
            ),
            (
                "Email : Chuck . Paul@A - Closer - Look.com\nhttp",
                "email-spaced",
                "Chuck . Paul@A - Closer - Look.com",
            ),
            (
                "To : richard.a.daveni@Dartmouth . EDU\nSubject",
                "email-spaced",
                "richard.a.daveni@Dartmouth . EDU",
            ),
            ("follow @big_gaz_77 on", "social-handle", "@big_gaz_77"),
            (
                "and her Snapchat is kaceyb2009.",
                "social-handle-labelled",
                "kaceyb2009",
            ),
            (
                "Jade's Xbox gamertag is KyleB99.",
                "social-handle-labelled",
                "KyleB99",
            ),
            (
                "a silver Corsa KX63 WPL outside",
                "uk-vehicle-registration",
                "KX63 WPL",
            ),
        ];
        for (text, id, expected) in cases {
            let found = matches(text);
            assert!(
                found.iter().any(|(i, t)| i == id && t == expected),
                "{text}: {found:?}"
            );
        }
        // Not identifiers: a date with dots, "at school", the domain of an email address, a
        // social-media word before an ordinary word or a year.
        assert!(matches("on 01.02.2019 at 10.30").is_empty());
        assert!(matches("her Snapchat is private now").is_empty());
        assert!(matches("her TikTok was deleted in 2021").is_empty());
        assert!(matches("see you at school. Come at 10.30").is_empty());
        // A sentence after an address is not its domain.
        assert!(
            matches("mail jo@work . Then call")
                .iter()
                .all(|(i, _)| i != "email-spaced")
        );

        assert!(
            matches("jo@example.com")
                .iter()
                .all(|(i, _)| i != "social-handle")
        );
    }

    #[test]
    fn phone_trims_trailing_year() {
        let text = "07700 900123 2019";
        let (end, digits) = trim_phone(text, 0, text.len()).unwrap();
        assert_eq!(&text[..end], "07700 900123");
        assert_eq!(digits, "07700900123");
    }

    #[test]
    fn written_dates_are_read_in_each_layout_and_only_real_days() {
        let date: jiff::civil::Date = "1985-05-03".parse().unwrap();
        for text in [
            "03/05/1985",
            "3.5.85",
            "3-5-1985",
            "1985-05-03",
            "3rd May 1985",
            "3rd of May '85",
            "May 3, 1985",
            "May 3rd 1985",
            "3 May. 1985",
            "third of May 1985",
            "the third of May '85",
        ] {
            let written = WrittenDate::read(text).unwrap_or_else(|| panic!("{text} not read"));
            assert!(written.is(date), "{text} read as {written:?}");
        }
        assert!(!WrittenDate::read("05/03/1985").unwrap().is(date));
        for (text, day) in [
            ("twenty first of June 2001", 21),
            ("twenty-third June 2001", 23),
            ("thirtieth of June 2001", 30),
            ("twentieth June 2001", 20),
        ] {
            let written = WrittenDate::read(text).unwrap_or_else(|| panic!("{text} not read"));
            assert_eq!(written.day, day, "{text}");
        }
        for text in [
            "31/02/1985",
            "3 Smarch 1985",
            "3 May 198",
            "12 34",
            "3/257/1985",
            "thirty second of May 1985",
        ] {
            assert_eq!(WrittenDate::read(text), None, "{text}");
        }
    }
}
