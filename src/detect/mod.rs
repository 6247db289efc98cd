//! Detection: finds personal data in an item's text and says whose it is — the subject's, a
//! professional's, a registered third party's, or someone the register does not name — with the
//! rule that found it and why. Patterns and word lists are data under `patterns/` (see
//! `patterns/README.md`).
//!
//! Sits between `gather` and `decide`: [`Detector::new`] compiles the request, the register and
//! the pattern files once per run; [`detect`] runs on each item (the detector is `Send + Sync`
//! and shared across rayon threads); [`consolidate`] then makes every mention of a person found
//! in one item be found in all of them (issue 6), before `decide` applies the policy.
//!
//! Before the rules run, invisible characters are taken out of the text and spans mapped back
//! (`normalise`); after them, a small person-name model (`person_model`, trained on WNUT-17
//! train) proposes names no rule found, for review.
//!
//! Findings are sorted by span. A finding contained in another is dropped (the longer one wins,
//! e.g. a register address over the postcode inside it); partially overlapping findings can
//! remain, and `decide` merges them.
//!
//! Rule ids are stable and counted by the evaluation (`examples/evaluate.rs`); each is one of the
//! closed catalogue [`crate::rules::FAMILIES`], the type [`crate::rules::RuleId`]:
//! - `subject.full-name`, `subject.alias`, `subject.id`: the mentions that make an item the
//!   subject's (issue 2 gathering rule, [`mentions_subject`]), with `subject.alias-word` (an
//!   alias that is also an ordinary word, "Ash", "Art": it counts, as the rule says, but a
//!   reviewer can see it is weak evidence); `subject.first-name`, `subject.title-surname`,
//!   `subject.initials`, `subject.phone` ... are kept but do not count.
//! - `register.*` and `professional.*`: register people by form (`full-name`, `alias`,
//!   `first-name`, `title-surname`, `surname`, `variant`, `initials`, `address`, `street`, `dob`,
//!   `phone`, `postcode`, `email`).
//! - `pattern.*`: identifiers from `patterns/identifiers.toml` that are no one's known.
//! - `unregistered.*`: names the register does not hold, found from the text (issue 6).
//! - `consolidate.*`: mentions added by [`consolidate`].

mod consolidate;
pub mod evaluation;
mod fold;
mod identifiers;
mod joined;
mod lexicon;
mod normalise;
mod person_model;
mod reading;
mod register;
mod unregistered;

use std::path::Path;

use crate::model::{Finding, FindingKind, Item, Owner, Register, Request, Span};
use crate::rules::RuleId;

pub use consolidate::{Consolidated, Consolidation, consolidate};

#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error("cannot load patterns from `{path}`: {message}")]
    Patterns { path: String, message: String },
}

/// Everything detection needs, compiled once per run and shared read-only across threads.
#[derive(Debug)]
pub struct Detector {
    register: register::RegisterMatcher,
    identifiers: Vec<identifiers::IdentifierPattern>,
    lexicon: lexicon::Lexicon,
    /// The subject's own ids, canonical (letters and digits, uppercase).
    subject_ids: Vec<String>,
    /// The person-name model, when `patterns/person-model.tsv` is there.
    model: Option<person_model::PersonModel>,
    /// Folded name words of people whose names are kept (the subject, professionals, consenting
    /// third parties): the weak rules (lower case, the model) never take one of them.
    kept_words: std::collections::HashSet<String>,
    /// The words of the subject's name, folded.
    subject_words: Vec<String>,
    /// Protected third parties' strong forms in the verifier's joined reading.
    joined: joined::JoinedTerms,
}

impl Detector {
    /// Compiles the register, the subject's own names and ids, and the pattern files in
    /// `patterns` (the `patterns/` folder) into matchers.
    pub fn new(
        request: &Request,
        register: &Register,
        patterns: &Path,
    ) -> Result<Detector, DetectError> {
        let identifiers_path = patterns.join("identifiers.toml");
        let identifiers = identifiers::load(&identifiers_path)?;
        let lexicon = lexicon::Lexicon::load(patterns)?;
        let model = person_model::PersonModel::load(patterns)?;
        let postcode = identifiers
            .iter()
            .find(|pattern| pattern.kind == FindingKind::Postcode)
            .map(|pattern| pattern.regex.clone())
            .ok_or_else(|| DetectError::Patterns {
                path: identifiers_path.display().to_string(),
                message: "no identifier of kind `postcode` (needed to read register addresses)"
                    .to_string(),
            })?;
        let joined = joined::JoinedTerms::new(request, register);
        let register =
            register::RegisterMatcher::new(request, &register.people, &lexicon, &postcode)
                .map_err(|message| DetectError::Patterns {
                    path: patterns.display().to_string(),
                    message,
                })?;
        let subject_ids = request
            .subject
            .ids
            .iter()
            .map(|id| identifiers::canonical(id))
            .filter(|id| !id.is_empty())
            .collect();
        let subject_words = register
            .subject()
            .name
            .split_whitespace()
            .map(fold::fold_str)
            .collect();
        let kept_words = register
            .people
            .iter()
            .filter(|known| !known.redacted())
            .flat_map(|known| {
                known
                    .name
                    .split_whitespace()
                    .map(fold::fold_str)
                    .collect::<Vec<_>>()
            })
            .chain(request.subject.aliases.iter().map(|a| fold::fold_str(a)))
            .collect();
        Ok(Detector {
            register,
            identifiers,
            lexicon,
            subject_ids,
            model,
            kept_words,
            subject_words,
            joined,
        })
    }

    /// Every finding in `text`, sorted by span (see the module notes on overlaps).
    ///
    /// Invisible characters (soft hyphen, zero-width space ...) are taken out and no-break spaces
    /// made plain before the rules run; the spans found are mapped back to `text`, so they cover
    /// the invisible characters inside a name ([`normalise`]).
    pub fn find(&self, text: &str) -> Vec<Finding> {
        let Some(normalised) = normalise::normalise(text) else {
            return self.find_plain(text);
        };
        self.find_plain(&normalised.text)
            .into_iter()
            .map(|finding| {
                let (start, end) = normalised.original(finding.span.start, finding.span.end);
                Finding {
                    span: Span::new(start, end),
                    text: text[start..end].to_string(),
                    ..finding
                }
            })
            .collect()
    }

    /// [`Detector::find`] on a text without invisible characters.
    fn find_plain(&self, text: &str) -> Vec<Finding> {
        let folded = fold::fold(text);
        let mut findings = Vec::new();
        let phrases = self.lexicon.phrases(&folded);
        for mut found in self.register.find(text, &folded, &self.lexicon) {
            // A professional's surname or first name next to a relationship ("Mrs Jones (older
            // sister)", "her aunt Karen") is someone else who shares it (issue 6).
            if matches!(found.owner, Owner::Professional { .. })
                && !found.rule.ends_with("full-name")
            {
                let (before, after) =
                    unregistered::phrase_next_to(text, &phrases, found.start, found.end);
                if before == Some(unregistered::Side::Relationship)
                    || after == Some(unregistered::Side::Relationship)
                {
                    found.owner = Owner::UnregisteredPerson;
                    found.rule =
                        const { RuleId::known("unregistered.relationship-not-professional") };
                    found.why = format!(
                        "a relationship stands next to it, so it is not {}",
                        found.why
                    );
                    found.review = true;
                }
            }
            findings.push(Finding {
                span: Span::new(found.start, found.end),
                text: text[found.start..found.end].to_string(),
                kind: found.kind,
                owner: found.owner,
                rule: found.rule,
                why: found.why,
                review: found.review,
            });
        }
        for found in identifiers::find(&self.identifiers, text) {
            findings.push(self.attribute_identifier(text, &found));
        }
        findings.extend(self.local_phones(text));
        let taken: Vec<Span> = findings.iter().map(|f| f.span).collect();
        let taken = unregistered::merged(&taken);
        // The register's people named here, whoever they are: a list beside them holds people.
        let people: Vec<Span> = findings
            .iter()
            .filter(|f| f.kind == FindingKind::Name)
            .map(|f| f.span)
            .collect();
        findings.extend(unregistered::find(self, text, &taken, &people, &phrases));
        let surnames = unregistered::surnames_beside_register_forenames(
            &self.lexicon,
            text,
            &findings,
            &self.subject_words,
        );
        findings.extend(surnames);
        let beside = unregistered::other_script_beside_names(text, &findings);
        findings.extend(beside);
        // A register term written joined ("SamuelCleveland, her uncle") is the register
        // person's, though a rule for people the register does not name took it first: the
        // joined finding replaces a guess it holds whole. A guess reaching outside it stays,
        // and the joined term is then left to it.
        // A name kept as in role ("Dr WarrenHughes") is no obstacle either: it is only a reading
        // of its shape and place, and a register term inside it is that person's.
        let in_role = |f: &Finding| f.rule == "role.professional-in-role";
        let firm: Vec<Span> = findings
            .iter()
            .filter(|f| f.owner != Owner::UnregisteredPerson && !in_role(f))
            .map(|f| f.span)
            .collect();
        let guesses: Vec<Span> = findings
            .iter()
            .filter(|f| f.owner == Owner::UnregisteredPerson)
            .map(|f| f.span)
            .collect();
        let joined: Vec<Finding> = self
            .joined
            .find(text, &unregistered::merged(&firm))
            .into_iter()
            .filter(|j| {
                !guesses.iter().any(|g| {
                    g.start < j.span.end
                        && j.span.start < g.end
                        && (g.start < j.span.start || j.span.end < g.end)
                })
            })
            .collect();
        findings.retain(|f| {
            let replaced = if in_role(f) {
                joined
                    .iter()
                    .any(|j| j.span.start < f.span.end && f.span.start < j.span.end)
            } else {
                f.owner == Owner::UnregisteredPerson
                    && joined
                        .iter()
                        .any(|j| j.span.start <= f.span.start && f.span.end <= j.span.end)
            };
            !replaced
        });
        findings.extend(joined);
        tidy(split_at_pages(text, findings))
    }

    /// A register person's international number written in its own country's layout, without
    /// the country code ("601 234 567" for "+48 601 234 567"), which no identifier pattern can
    /// tell from any other run of digits (issue 14). A run of digit groups (separated by one
    /// space, dash or dot) whose digits are one of [`register::Known::local_phones`].
    fn local_phones(&self, text: &str) -> Vec<Finding> {
        let people: Vec<&register::Known> = {
            let mut people: Vec<&register::Known> = self
                .register
                .people
                .iter()
                .filter(|known| !known.local_phones.is_empty())
                .collect();
            // The subject first, then protected third parties (fail closed), as for identifiers.
            people.sort_by_key(|known| (!known.is_subject, !known.redacted()));
            people
        };
        let mut out = Vec::new();
        if people.is_empty() {
            return out;
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let glued_before =
                at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'+');
            if !bytes[at].is_ascii_digit() || glued_before {
                at += 1;
                continue;
            }
            let start = at;
            let mut end = at;
            let mut digits = String::new();
            // The longest run of whole groups that is someone's number ("601 234 567 2019"
            // must not hide it behind the year).
            let mut best: Option<(usize, &register::Known)> = None;
            while end < bytes.len() {
                if bytes[end].is_ascii_digit() {
                    digits.push(char::from(bytes[end]));
                    end += 1;
                    if !bytes.get(end).is_some_and(u8::is_ascii_digit)
                        && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric)
                        && let Some(known) = people
                            .iter()
                            .find(|known| known.local_phones.contains(&digits))
                    {
                        best = Some((end, known));
                    }
                } else if matches!(bytes[end], b' ' | b'-' | b'.')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
                {
                    end += 1;
                } else {
                    break;
                }
            }
            if let Some((end, known)) = best {
                out.push(Finding {
                    span: Span::new(start, end),
                    text: text[start..end].to_string(),
                    kind: FindingKind::Phone,
                    owner: known.owner.clone(),
                    rule: RuleId::emitted(format!("{}.phone", known.rule_prefix())),
                    why: format!(
                        "the phone number of {} ({}) written without its country code",
                        known.name, known.role
                    ),
                    review: false,
                });
            }
            at = end.max(start + 1);
        }
        out
    }

    /// Says whose identifier a pattern match is: the subject's own (kept), a register
    /// person's, or no one known (redacted).
    fn attribute_identifier(&self, text: &str, found: &identifiers::IdentifierMatch) -> Finding {
        let pattern = found.pattern;
        let span = Span::new(found.start, found.end);
        let matched = &text[found.start..found.end];
        let make = |owner: Owner, rule: RuleId, why: String| Finding {
            span,
            text: matched.to_string(),
            kind: pattern.kind,
            owner,
            rule,
            why,
            review: false,
        };
        let canonical = &found.canonical;
        let digits = identifiers::digits_of(matched);
        if self.subject_ids.iter().any(|id| {
            id == canonical
                || (!digits.is_empty()
                    && identifiers::digits_of(id) == digits
                    && id.len() == digits.len())
        }) {
            return make(
                Owner::Subject,
                const { RuleId::known("subject.id") },
                format!("{} that is one of the subject's own ids", pattern.why),
            );
        }
        let people = &self.register.people;
        let owner_of = |predicate: &dyn Fn(&register::Known) -> bool| -> Option<&register::Known> {
            // The subject first, then protected third parties (fail closed), then the rest.
            people
                .iter()
                .filter(|known| predicate(known))
                .min_by_key(|known| (!known.is_subject, !known.redacted()))
        };
        let by_person = match pattern.kind {
            // A foreign number written in its own country's layout ("087 123 4567" for
            // "+353 87 123 4567") is read by `uk-phone` as a national number: it is still theirs.
            FindingKind::Phone => owner_of(&|known| {
                known.phone.as_deref() == Some(canonical) || known.local_phones.contains(canonical)
            }),
            FindingKind::Postcode => owner_of(&|known| known.postcodes.contains(canonical)),
            // "DOB 14.2.04" is the subject's when it is her date of birth written another way.
            FindingKind::DateOfBirth => {
                identifiers::WrittenDate::read(matched).and_then(|written| {
                    owner_of(&|known| known.dob.is_some_and(|dob| written.is(dob)))
                })
            }
            FindingKind::Address => {
                let folded = fold::fold_str(matched);
                owner_of(&|known| !known.address.is_empty() && known.address.contains(&folded))
            }
            FindingKind::Email => {
                let local = fold::fold_str(matched.split('@').next().unwrap_or(""));
                owner_of(&|known| email_names(&local, known))
            }
            _ => None,
        };
        if let Some(known) = by_person {
            let what = match pattern.kind {
                FindingKind::Phone => "phone",
                FindingKind::Postcode => "postcode",
                FindingKind::Address => "street",
                FindingKind::Email => "email",
                FindingKind::DateOfBirth => "dob",
                _ => "id",
            };
            return make(
                known.owner.clone(),
                RuleId::emitted(format!("{}.{what}", known.rule_prefix())),
                format!("{} of {} ({})", pattern.why, known.name, known.role),
            );
        }
        make(
            Owner::Unattributed,
            pattern.rule.clone(),
            format!("{} that is not the subject's own", pattern.why),
        )
    }
}

/// Whether an email's local part names a register person ("sharon.carter", "scarter").
fn email_names(local: &str, known: &register::Known) -> bool {
    // Letters only: "eimear.orahilly" names Eimear O'Rahilly.
    let letters = |value: &str| -> String {
        fold::fold_str(value)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    let local = letters(local);
    let first = letters(&known.first);
    let surname = known.surname.as_deref().map(letters).unwrap_or_default();
    if surname.chars().count() >= 3 && local.contains(&surname) {
        return first.is_empty()
            || local.contains(&first)
            || first.chars().next().is_some_and(|c| local.starts_with(c));
    }
    false
}

/// A name folded across a page break (`model::PAGE_SEPARATOR`) is one mention, but each page is
/// redacted on its own: the finding is split into one finding per page, so no span crosses a
/// page (the PDF redactor maps spans to glyphs page by page).
fn split_at_pages(text: &str, findings: Vec<Finding>) -> Vec<Finding> {
    let mut out = Vec::with_capacity(findings.len());
    for finding in findings {
        if !finding.text.contains('\u{c}') {
            out.push(finding);
            continue;
        }
        let mut start = finding.span.start;
        for piece in finding.text.split('\u{c}') {
            let piece_start = start;
            start += piece.len() + '\u{c}'.len_utf8();
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            let offset = piece_start + (piece.len() - piece.trim_start().len());
            let span = Span::new(offset, offset + trimmed.len());
            out.push(Finding {
                span,
                text: text[span.start..span.end].to_string(),
                why: format!(
                    "{} (part on one page of a mention split across pages)",
                    finding.why
                ),
                ..finding.clone()
            });
        }
    }
    out
}

/// Sorts findings and drops the ones contained in a longer finding.
fn tidy(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for finding in findings {
        if let Some(last) = out.last()
            && last.span.start <= finding.span.start
            && finding.span.end <= last.span.end
        {
            continue;
        }
        // Earlier findings that end after this one starts may still contain it.
        if out
            .iter()
            .rev()
            .take(4)
            .any(|f| f.span.start <= finding.span.start && finding.span.end <= f.span.end)
        {
            continue;
        }
        out.push(finding);
    }
    out
}

/// Every finding in `item`'s text, sorted by span. A PDF's pages whose visual order is not
/// their content order are read that way too ([`reading`]).
pub fn detect(item: &Item, detector: &Detector) -> Vec<Finding> {
    let findings = detector.find(&item.content.text());
    match &item.content {
        crate::model::Content::Pdf {
            pages,
            reading_order,
            ..
        } if !reading_order.is_empty() => {
            let more = reading::find(detector, pages, reading_order, &findings);
            if more.is_empty() {
                findings
            } else {
                // A register term read in visual order inside a name kept as in role is that
                // register person's: the kept reading gives way.
                let mut findings: Vec<Finding> = findings
                    .into_iter()
                    .filter(|f| {
                        f.rule != "role.professional-in-role"
                            || !more
                                .iter()
                                .any(|m| m.span.start < f.span.end && f.span.start < m.span.end)
                    })
                    .collect();
                findings.extend(more);
                tidy(findings)
            }
        }
        _ => findings,
    }
}

/// The gathering rule (issue 2): an item mentions the subject when it holds the subject's full
/// name, an alias (including one that is an ordinary word, `subject.alias-word`), or one of the
/// subject's ids. A shared surname, a first name alone or a title and surname are not enough.
pub fn mentions_subject(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.owner == Owner::Subject && finding.rule.subject_rule().is_some())
}

/// Whether `finding` is one the policy redacts (for callers and the evaluation).
pub fn is_redacted(finding: &Finding) -> bool {
    matches!(
        finding.owner,
        Owner::RegisteredThirdParty { consent: false, .. }
            | Owner::UnregisteredPerson
            | Owner::Unattributed
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn detector_is_send_and_sync() {
        assert_send_sync::<Detector>();
    }
}
