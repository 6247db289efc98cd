//! Consistency across the pack (issue 6: "every mention of one person treated the same across the
//! whole pack"). Called by the pipeline between `detect` and `decide`, over all gathered items:
//! every person the register does not name but detection found in any item (e.g. "mum's
//! boyfriend Zoltan Threlfall") is then looked for in every item in all the forms people use —
//! full name, first name alone, title + surname, and initials where they are unambiguous and not
//! the subject's own — and the new mentions are added with `consolidate.*` rules.
//!
//! Registered people need no consolidation: the register automaton already finds every form of
//! their names in every item.

use std::collections::{BTreeMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::{Finding, FindingKind, Item, Owner, Span};
use crate::rules::RuleId;

use super::Detector;
use super::fold;
use super::register::extend_hyphenated;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    FullName,
    FirstName,
    TitleSurname,
    Initials,
}

impl Form {
    fn rule(self) -> RuleId {
        match self {
            Form::FullName => const { RuleId::known("consolidate.full-name") },
            Form::FirstName => const { RuleId::known("consolidate.first-name") },
            Form::TitleSurname => const { RuleId::known("consolidate.title-surname") },
            Form::Initials => const { RuleId::known("consolidate.initials") },
        }
    }
}

#[derive(Debug, Clone)]
struct Wanted {
    form: Form,
    /// The name as first found, for the reviewer.
    name: String,
    /// Exact text required (initials), else empty.
    exact: String,
    item: String,
    /// Looked for only in a record where detection itself found `name`: a weak guess of an
    /// ordinary word, made consistent within its own record but not spread to others.
    local: bool,
    /// The rule of the finding it comes from: a local mention is the same weak guess again and
    /// carries its rule, so the verifier too looks for it in that record only.
    guess: RuleId,
}

/// Adds, to every item's findings, the mentions of people the register does not name that were
/// found in any item. `findings_per_item[i]` must be the findings of `items[i]`; each list stays
/// sorted by span and no new finding overlaps an existing one.
///
/// The same as [`Consolidation::observe`] on every item in order, then
/// [`Consolidated::apply`] on every item: the pipeline uses those two steps separately so that it
/// never holds the whole store's text and findings at once (issue 7).
pub fn consolidate(findings_per_item: &mut [Vec<Finding>], items: &[Item], detector: &Detector) {
    let mut consolidation = Consolidation::new(detector);
    for (findings, item) in findings_per_item.iter().zip(items) {
        consolidation.observe(&item.id, findings);
    }
    let consolidated = consolidation.finish();
    for (findings, item) in findings_per_item.iter_mut().zip(items) {
        consolidated.apply(findings, &item.content.text(), detector);
    }
}

/// The first half of consolidation: collects, item by item and in a fixed order, the people the
/// register does not name and the forms of their names to look for everywhere. Holds one entry
/// per distinct name form, so it grows with the number of people, not with the store.
#[derive(Debug)]
pub struct Consolidation<'d> {
    detector: &'d Detector,
    /// Names that someone kept bears: never derived from an unregistered name.
    kept_names: HashSet<String>,
    register_initials: HashSet<String>,
    subject_surname: String,
    wanted: BTreeMap<String, Vec<Wanted>>,
    initials_seen: BTreeMap<String, String>,
}

/// The second half: an automaton over every name form collected, applied to one item at a time.
#[derive(Debug)]
pub struct Consolidated {
    /// `None` when nothing was collected.
    automaton: Option<AhoCorasick>,
    entries: Vec<Vec<Wanted>>,
}

impl<'d> Consolidation<'d> {
    pub fn new(detector: &'d Detector) -> Consolidation<'d> {
        let register = &detector.register;
        let mut kept_names = HashSet::new();
        let mut register_initials = HashSet::new();
        for known in &register.people {
            register_initials.extend(known.initials.iter().cloned());
            if !known.redacted() {
                kept_names.insert(fold::fold_str(&known.first));
                if let Some(surname) = &known.surname {
                    kept_names.insert(fold::fold_str(surname));
                }
            }
        }
        let subject_surname = register
            .subject()
            .surname
            .as_deref()
            .map(fold::fold_str)
            .unwrap_or_default();
        Consolidation {
            detector,
            kept_names,
            register_initials,
            subject_surname,
            wanted: BTreeMap::new(),
            initials_seen: BTreeMap::new(),
        }
    }

    /// Takes note of the unregistered people among one item's findings. Items must be observed in
    /// the same order on every run (the first item a name was found in is quoted in reasons, and
    /// initials are judged ambiguous in order).
    pub fn observe(&mut self, item_id: &str, findings: &[Finding]) {
        let lexicon = &self.detector.lexicon;
        let Consolidation {
            kept_names,
            register_initials,
            subject_surname,
            wanted,
            initials_seen,
            ..
        } = self;
        for finding in findings {
            if finding.kind != FindingKind::Name
                || finding.owner != Owner::UnregisteredPerson
                || finding.rule.starts_with("consolidate.")
                || finding.rule == "unregistered.title-shared-surname"
            {
                continue;
            }
            let mut words: Vec<&str> = finding.text.split_whitespace().collect();
            if words.is_empty() {
                continue;
            }
            let titled = finding.rule.contains("title");
            if titled && words.len() >= 2 {
                words.remove(0);
            }
            let mut add = |key: String, form: Form, exact: String, local: bool| {
                let list = wanted.entry(key).or_default();
                match list.iter_mut().find(|w| w.form == form) {
                    // Found with better evidence elsewhere: looked for everywhere.
                    Some(known) => known.local &= local,
                    None => list.push(Wanted {
                        form,
                        name: finding.text.clone(),
                        exact,
                        item: item_id.to_string(),
                        local,
                        guess: finding.rule.clone(),
                    }),
                }
            };
            let surname = if words.len() >= 2 {
                super::register::surname_of(&words)
            } else {
                titled.then(|| words[0].to_string())
            };
            let first = (!titled || words.len() >= 2).then(|| words[0]);
            if words.len() >= 2 {
                add(
                    fold::fold_str(&words.join(" ")),
                    Form::FullName,
                    String::new(),
                    false,
                );
                let initials: String = words
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_uppercase)
                    .collect();
                let clash = register_initials.contains(&initials)
                    || lexicon.is_acronym(&initials)
                    || initials_seen
                        .get(&initials)
                        .is_some_and(|other| *other != fold::fold_str(&finding.text));
                initials_seen.insert(initials.clone(), fold::fold_str(&finding.text));
                // Ambiguous initials are not derived (issue 6: "where they are unambiguous");
                // a clash with a later name is removed below.
                if !clash {
                    add(fold::fold_str(&initials), Form::Initials, initials, false);
                }
            }
            // One word alone is looked for everywhere only when it is name-like on its own: a
            // weak finding ("ST LOUIS" in a heading, a sentence-initial "Can", a lone "Rose")
            // must not make "St", "can" or "Rose" a name across the pack (issue 11 point 4).
            // Particles, acronyms, not-name words and two-letter words are never spread; an
            // English word, or a first name that is also a word ("Rose", "Will", "Grace"), found
            // in a finding held for review or written in capitals is looked for only in the
            // record it was found in ("Rose Cottage" in another record is a house; "Bell
            // Mobility" beside the guessed "Bell" in the same email is made consistent, which
            // the verifier checks there). A name that is no word ("Kornelia") found weakly is
            // still spread.
            let weak = finding.review || finding.text.chars().all(|c| !c.is_lowercase());
            let ordinary =
                |key: &str| weak && (lexicon.is_english_word(key) || lexicon.is_common_word(key));
            let spreadable = |key: &str| {
                key.chars().count() >= 3
                    && !super::register::is_particle(key)
                    && !lexicon.is_acronym(key)
                    && !lexicon.is_not_name(key)
            };
            if let Some(first) = first {
                let key = fold::fold_str(first);
                if !kept_names.contains(&key) && spreadable(&key) {
                    let local = ordinary(&key);
                    add(key, Form::FirstName, String::new(), local);
                }
            }
            if let Some(surname) = surname {
                let key = fold::fold_str(&surname);
                if !kept_names.contains(&key) && key != *subject_surname && spreadable(&key) {
                    let local = ordinary(&key);
                    add(key, Form::TitleSurname, String::new(), local);
                }
            }
        }
    }

    /// Drops initials that turned out ambiguous once every item was seen, and compiles the rest.
    pub fn finish(self) -> Consolidated {
        let Consolidation {
            mut wanted,
            initials_seen,
            ..
        } = self;
        // Initials that turned out ambiguous after all names were seen.
        wanted.retain(|_, list| {
            list.retain(|w| {
                w.form != Form::Initials
                    || initials_seen
                        .get(&w.exact)
                        .is_some_and(|name| *name == fold::fold_str(&w.name))
            });
            !list.is_empty()
        });
        let (keys, entries): (Vec<String>, Vec<Vec<Wanted>>) = wanted.into_iter().unzip();
        // No pattern, or one the builder refuses (it cannot be, for short folded names), collects
        // nothing more: the verifier still checks every file against every redacted string.
        let automaton = if keys.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&keys)
                .ok()
        };
        Consolidated { automaton, entries }
    }
}

impl Consolidated {
    /// Adds to one item's findings (`text` is the item's searchable text) every mention of the
    /// people collected; the list stays sorted by span and no new finding overlaps an existing
    /// one.
    pub fn apply(&self, findings: &mut Vec<Finding>, text: &str, detector: &Detector) {
        let lexicon = &detector.lexicon;
        let Some(automaton) = &self.automaton else {
            return;
        };
        let entries = &self.entries;
        let folded = fold::fold(text);
        let haystack = folded.text.as_str();
        let mut raw: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(haystack)
            .filter(|m| fold::on_boundaries(haystack, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        raw.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let existing =
            super::unregistered::merged(&findings.iter().map(|f| f.span).collect::<Vec<_>>());
        // The names detection itself found here: where a weak guess of an ordinary word is
        // looked for (`Wanted::local`).
        let found_here: HashSet<String> = findings
            .iter()
            .filter(|f| f.owner == Owner::UnregisteredPerson)
            .map(|f| fold::fold_str(&f.text))
            .collect();
        let mut added = Vec::new();
        let mut covered = 0;
        for (fstart, fend, pattern) in raw {
            if fstart < covered {
                continue;
            }
            let (start, end) = folded.original(fstart, fend);
            let original = &text[start..end];
            let capitalised = original.chars().next().is_some_and(char::is_uppercase);
            let title = lexicon.title_before(text, &folded, fstart);
            let chosen = entries[pattern].iter().find(|w| {
                (!w.local || found_here.contains(&fold::fold_str(&w.name)))
                    && match w.form {
                        Form::Initials => original == w.exact,
                        Form::FullName => true,
                        Form::FirstName => {
                            capitalised
                                && (title.is_some() || lexicon.name_in_context(text, start, end))
                        }
                        // The surname alone too ("Havel had gone", issue 14), when it is no
                        // English or common word and stands as a name (not "Havel Road").
                        Form::TitleSurname => match &title {
                            Some(title) => capitalised && !title.professional,
                            None => {
                                let key = fold::fold_str(original);
                                capitalised
                                    && !lexicon.is_english_word(&key)
                                    && !lexicon.is_common_word(&key)
                                    && lexicon.name_in_context(text, start, end)
                            }
                        },
                    }
            });
            let Some(chosen) = chosen else { continue };
            let span_start = match (&title, chosen.form) {
                (Some(title), Form::TitleSurname | Form::FirstName) => title.start,
                _ => start,
            };
            let span = Span::new(span_start, extend_hyphenated(text, end));
            if super::unregistered::overlaps_any(span.start, span.end, &existing) {
                continue;
            }
            covered = fend;
            let bare_surname = chosen.form == Form::TitleSurname && title.is_none();
            added.push(Finding {
                span,
                text: text[span.start..span.end].to_string(),
                kind: FindingKind::Name,
                owner: Owner::UnregisteredPerson,
                rule: if chosen.local {
                    chosen.guess.clone()
                } else if bare_surname {
                    const { RuleId::known("consolidate.surname") }
                } else {
                    chosen.form.rule()
                },
                why: format!(
                    "{} of `{}`, found as someone the register does not name in {}",
                    match chosen.form {
                        Form::FullName => "full name",
                        Form::FirstName => "first name",
                        Form::TitleSurname if bare_surname => "surname",
                        Form::TitleSurname => "title and surname",
                        Form::Initials => "initials",
                    },
                    chosen.name,
                    chosen.item
                ),
                // A surname alone may be someone else's: a person checks it.
                review: chosen.local || chosen.form == Form::Initials || bare_surname,
            });
        }
        if !added.is_empty() {
            findings.extend(added);
            findings.sort_by(|a, b| {
                a.span
                    .start
                    .cmp(&b.span.start)
                    .then(b.span.end.cmp(&a.span.end))
            });
        }
    }
}
