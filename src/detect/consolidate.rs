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
    /// Found written in lower case ("jaxon"): its full name is then looked for in any case; a
    /// name found capitalised is looked for capitalised only ("Fancy Dress", not "fancy dress"),
    /// except one word alone that is no word at all ("Kez": see `Form::FirstName` below).
    lower: bool,
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
    /// Names written in role (`role.professional-in-role`), by [`role_key`], with where they
    /// were first seen.
    in_role: BTreeMap<String, String>,
}

/// The second half: an automaton over every name form collected, applied to one item at a time.
#[derive(Debug)]
pub struct Consolidated {
    /// `None` when nothing was collected.
    automaton: Option<AhoCorasick>,
    entries: Vec<Vec<Wanted>>,
    in_role: BTreeMap<String, String>,
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
            in_role: BTreeMap::new(),
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
            in_role,
            ..
        } = self;
        for finding in findings
            .iter()
            .filter(|f| f.rule == "role.professional-in-role")
        {
            if let Some(key) = role_key(lexicon, &finding.text) {
                in_role
                    .entry(key)
                    .or_insert_with(|| format!("\"{}\" in {item_id}", finding.text));
            }
        }
        for finding in findings {
            if finding.kind != FindingKind::Name
                || finding.owner != Owner::UnregisteredPerson
                || finding.rule.starts_with("consolidate.")
                || finding.rule == "unregistered.title-shared-surname"
            {
                continue;
            }
            // "Skilling, Jeff" (an export's order) is the person Jeff Skilling: looked for as
            // "Jeff Skilling" and as written.
            let reordered = given_name_first(&finding.text);
            let mut words: Vec<&str> = match &reordered {
                Some(words) => words.iter().map(String::as_str).collect(),
                None => finding.text.split_whitespace().collect(),
            };
            if words.is_empty() {
                continue;
            }
            let titled = finding.rule.contains("title");
            // "Big Dave", "'Big J'": the nickname word is no part of the name; "Dave" is.
            let nickname = finding.rule == "unregistered.nickname"
                || words
                    .first()
                    .is_some_and(|word| super::unregistered::is_size_word(&fold::fold_str(word)));
            if (titled || nickname) && words.len() >= 2 {
                words.remove(0);
            }
            let lower = !finding.text.chars().any(char::is_uppercase);
            // "her little brother TJ", "her friend K.L.": initials found alone by a rule the
            // verifier trusts are looked for in every record, with dots or without, as the
            // verifier looks for them ("TJ was collected" in the next note was held back whole).
            if let Some(exact) = initials_alone(&finding.text)
                && !crate::verify::is_weak(finding.rule.as_str())
            {
                let clash = register_initials.contains(&exact)
                    || lexicon.is_acronym(&exact)
                    || initials_seen
                        .get(&exact)
                        .is_some_and(|other| *other != exact.to_lowercase());
                initials_seen.insert(exact.clone(), exact.to_lowercase());
                if !clash {
                    let dotted = exact
                        .chars()
                        .map(String::from)
                        .collect::<Vec<_>>()
                        .join(".");
                    for key in [exact.clone(), dotted] {
                        let list = wanted.entry(fold::fold_str(&key)).or_default();
                        if !list.iter().any(|w| w.form == Form::Initials) {
                            list.push(Wanted {
                                form: Form::Initials,
                                name: exact.clone(),
                                exact: exact.clone(),
                                item: item_id.to_string(),
                                local: false,
                                guess: finding.rule.clone(),
                                lower,
                            });
                        }
                    }
                }
                continue;
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
                        lower,
                    }),
                }
            };
            let surname = if words.len() >= 2 {
                super::register::surname_of(&words)
            } else {
                titled.then(|| words[0].to_string())
            };
            let first = (!titled || words.len() >= 2).then(|| words[0]);
            // How far a name found here may be trusted elsewhere. A run of ordinary English
            // words with no forename among them ("Happy Hour", "Fancy Dress") is a guess about this
            // record's wording, and so is a finding held for review whose words are not all in
            // the name lists ("Enron Corp", "Polaroid Pictures"): both are made consistent in
            // their own record only (the verifier checks that) and not spread across the pack.
            let name_like = |word: &str| {
                let key = fold::fold_str(word.trim_end_matches(['.', ',', '\'']));
                lexicon.is_forename(&key)
                    || lexicon.is_surname(&key)
                    || lexicon.is_census_name(&key)
            };
            let ordinary_run = ordinary_words(&words, lexicon);
            let all_name_like = words.iter().all(|word| name_like(word));
            if words.len() >= 2 {
                let local = ordinary_run || (finding.review && !all_name_like);
                add(
                    fold::fold_str(&words.join(" ")),
                    Form::FullName,
                    String::new(),
                    local,
                );
                if reordered.is_some() {
                    add(
                        fold::fold_str(&finding.text),
                        Form::FullName,
                        String::new(),
                        local,
                    );
                }
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
                // a clash with a later name is removed below. Initials stand for a person's
                // two or three names, found by a sure rule or all of them shaped as names
                // ("Jeff Skilling" gives JS; "ENRON Corp" and "Hoenle Aktiengesellschaft
                // Holdings Ltd" give nothing).
                let sure = !finding.review || words.iter().all(|word| name_shaped(word));
                if !clash && words.len() <= 3 && sure {
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
            // A word alone is spread across the pack only when it is shaped like a name (not
            // "ENRON", "McKINSEY" or "I'm") and was not part of an ordinary run, nor a guess
            // held for review that no name list knows.
            // Records write a SURNAME in capitals beside a forename that is not ("John
            // SMITH", "SMITH, John"): such a surname is shaped as a name. A forename is never
            // written so alone: a first word in capitals before words that are not is an
            // organisation's ("NASA Administrator Charles Bolden"), no one's first name.
            let letters = |word: &str| word.chars().filter(|c| c.is_alphabetic()).count();
            let in_capitals =
                |word: &str| letters(word) >= 2 && !word.chars().any(char::is_lowercase);
            let mixed_case = words
                .iter()
                .any(|word| letters(word) >= 2 && !in_capitals(word));
            let surname_in_capitals = |word: &str| {
                mixed_case
                    && in_capitals(word)
                    && word
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
            };
            // A name held for review that no list knows is a guess about this record, unless
            // its rule is one the verifier trusts everywhere ("[18:03] Kez:", "known as Kez"):
            // the verifier then looks for it in every record, and one it was not redacted from
            // was held back whole ("Kez: to tescos" in the next note).
            let trusted = !crate::verify::is_weak(finding.rule.as_str());
            let guessed = |word: &str, key: &str, surname: bool| {
                !(name_shaped(word) || (surname && surname_in_capitals(word)))
                    || ordinary_run
                    || (finding.review && !name_like(key) && !trusted)
            };
            let first = first.filter(|first| {
                !in_capitals(first)
                    || words
                        .iter()
                        .all(|word| letters(word) < 2 || in_capitals(word))
            });
            if let Some(first) = first {
                let key = fold::fold_str(first);
                if !kept_names.contains(&key) && spreadable(&key) {
                    let local = ordinary(&key) || guessed(first, &key, false);
                    add(key, Form::FirstName, String::new(), local);
                }
            }
            if let Some(surname) = surname {
                let key = fold::fold_str(&surname);
                if !kept_names.contains(&key) && key != *subject_surname && spreadable(&key) {
                    let local = ordinary(&key) || guessed(&surname, &key, true);
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
            in_role,
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
        Consolidated {
            automaton,
            entries,
            in_role,
        }
    }
}

impl Consolidated {
    /// Adds to one item's findings (`text` is the item's searchable text) every mention of the
    /// people collected; the list stays sorted by span and no new finding overlaps an existing
    /// one.
    pub fn apply(&self, findings: &mut Vec<Finding>, text: &str, detector: &Detector) {
        self.mentions(findings, text, detector);
        names_in_hashtags(findings, text, &detector.lexicon);
        weak_guesses_again(findings, text);
        self.professionals(findings, text, &detector.lexicon);
    }

    /// A guess made from the shape of a name alone ("Bernadette Quinn visited", "Mrs Claire
    /// Boyle said") whose full name a record of the pack writes in role ("Bernadette Quinn (LAC
    /// Nurse)", "Designated Teacher Mrs Claire Boyle") is that professional's: kept, and listed
    /// for a person to confirm, who can redact it if it is someone else of the same name. A guess
    /// with context of its own (a relationship, an introduction, an age) stays redacted: "her
    /// aunt Claire Boyle" is not the teacher.
    fn professionals(
        &self,
        findings: &mut [Finding],
        text: &str,
        lexicon: &super::lexicon::Lexicon,
    ) {
        if self.in_role.is_empty() {
            return;
        }
        // The text's phrases, read once, and only for a guess whose name stands in role.
        let mut phrases = None;
        for finding in findings.iter_mut().filter(|f| {
            f.kind == FindingKind::Name
                && f.owner == Owner::UnregisteredPerson
                && SETTLED_BY_ROLE.contains(&f.rule.as_str())
        }) {
            let Some(seen) =
                role_key(lexicon, &finding.text).and_then(|key| self.in_role.get(&key))
            else {
                continue;
            };
            // "Jade's aunt Claire Boyle": a relationship beside it says it is someone else.
            let phrases = phrases.get_or_insert_with(|| lexicon.phrases(&fold::fold(text)));
            let sides = super::unregistered::phrase_next_to(
                text,
                phrases,
                finding.span.start,
                finding.span.end,
            );
            if sides.0 == Some(super::unregistered::Side::Relationship)
                || sides.1 == Some(super::unregistered::Side::Relationship)
            {
                continue;
            }
            finding.owner = Owner::Professional {
                person_id: String::new(),
            };
            finding.why = format!(
                "the name of a professional written in role elsewhere ({seen}), so kept as theirs; found as {} ({})",
                finding.rule, finding.why
            );
            finding.rule = const { RuleId::known("role.professional-in-role") };
            finding.review = true;
        }
    }

    /// The mentions of the people collected (see [`Consolidated::apply`]).
    fn mentions(&self, findings: &mut Vec<Finding>, text: &str, detector: &Detector) {
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
        // A name in role is no obstacle to another person's name form ("Marcia" of a mother
        // found elsewhere, in "IRO Marcia Thompson": the verifier looks for it there, so it is
        // redacted as before); the same name's forms it keeps (see `professionals`).
        let is_role = |f: &Finding| f.rule == "role.professional-in-role";
        let roles: Vec<(Span, Option<String>)> = findings
            .iter()
            .filter(|f| is_role(f))
            .map(|f| (f.span, role_key(lexicon, &f.text)))
            .collect();
        let existing = super::unregistered::merged(
            &findings
                .iter()
                .filter(|f| !is_role(f))
                .map(|f| f.span)
                .collect::<Vec<_>>(),
        );
        // The names detection itself found here: where a weak guess of an ordinary word is
        // looked for (`Wanted::local`).
        let found_here: HashSet<String> = findings
            .iter()
            .filter(|f| f.owner == Owner::UnregisteredPerson)
            .map(|f| fold::fold_str(&f.text))
            .collect();
        // The first names of the people of two or more words found here.
        let first_names_here: HashSet<String> = findings
            .iter()
            .filter(|f| f.owner == Owner::UnregisteredPerson)
            .filter_map(|f| {
                let words = given_name_first(&f.text)
                    .unwrap_or_else(|| f.text.split_whitespace().map(str::to_string).collect());
                (words.len() >= 2).then(|| fold::fold_str(&words[0]))
            })
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
            if !stands_as_a_word(text, start, end, lexicon) {
                continue;
            }
            let title = lexicon.title_before(text, &folded, fstart);
            let chosen = entries[pattern].iter().find(|w| {
                (!w.local || found_here.contains(&fold::fold_str(&w.name)))
                    && match w.form {
                        Form::Initials => {
                            original.replace('.', "") == w.exact
                                && stands_apart(text, start, end, lexicon)
                                && !shouted(text, start)
                                // Interjections, not initials ("OH-OH It seems"); "IN", "CO"
                                // and "OK" can be someone's.
                                && !matches!(
                                    fold::fold_str(original).as_str(),
                                    "oh" | "ah" | "eh" | "uh" | "um" | "ha" | "omg" | "lol"
                                )
                        }
                        Form::FullName => capitalised || w.lower,
                        // A first name that is also a word ("Drew", "Will") stands as a name in
                        // context, or where a line addresses the person by it ("Drew, I talked
                        // to Glen").
                        // Where detection found someone of that first name in this very record,
                        // the word is taken as the name unless the context shows its ordinary use ("Swerzbin
                        // , Mike" then "Report Name : Swerzbin , Mike 1/17/02").
                        Form::FirstName => {
                            let key = fold::fold_str(original);
                            let here = first_names_here.contains(&key);
                            // A name of one word that is no word at all ("Kez") is looked for by
                            // the verifier in any case, so it is taken in lower case too ("love
                            // u kez xx" in another record was held back whole).
                            let no_word_alone = || {
                                !w.name.contains(char::is_whitespace)
                                    && fold::fold_str(&w.name) == key
                                    && !lexicon.is_english_word(&key)
                                    && !lexicon.is_common_word(&key)
                            };
                            if capitalised {
                                title.is_some()
                                    || lexicon.name_in_context_with(text, start, end, here)
                                    || addressed(text, start, end)
                            } else {
                                no_word_alone()
                            }
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
            // The professional's own name, or a part of it, where it stands in role.
            let key = role_key(lexicon, &chosen.name);
            if key.is_some()
                && roles.iter().any(|(role, role_key)| {
                    role.start < span.end && span.start < role.end && *role_key == key
                })
            {
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
        // A role finding another person's name form now overlaps gives way to it.
        if !added.is_empty() && !roles.is_empty() {
            findings.retain(|f| {
                !is_role(f)
                    || !added
                        .iter()
                        .any(|a| a.span.start < f.span.end && f.span.start < a.span.end)
            });
        }
        add_in_order(findings, added);
    }
}

/// The rules that guess a person from the shape of a name alone, with nothing around it that says
/// who they are: a name one of them found that a record writes in role is the professional's.
const SETTLED_BY_ROLE: [&str; 10] = [
    "unregistered.title-name",
    "unregistered.full-name",
    "unregistered.forename-surname",
    "unregistered.capitalised-name",
    "unregistered.model",
    "unregistered.name-verb",
    "unregistered.initial-surname",
    "consolidate.full-name",
    "consolidate.title-surname",
    "consolidate.first-name",
];

/// The key a name is matched by against names written in role: its words folded, without a
/// leading title, when two or more ("marcia thompson" for "IRO Marcia Thompson", "claire boyle"
/// for "Mrs Claire Boyle"). A title and a surname alone match nothing: "Mr Patel from number 29"
/// is not the social worker "Mr Patel" of another record, nor "Marcia" alone anyone in role.
fn role_key(lexicon: &super::lexicon::Lexicon, text: &str) -> Option<String> {
    let words: Vec<String> = text.split_whitespace().map(fold::fold_str).collect();
    let titled = words.len() >= 2 && lexicon.titles.contains_key(words[0].trim_end_matches('.'));
    let core = if titled { &words[1..] } else { &words[..] };
    (core.len() >= 2).then(|| core.join(" "))
}

/// Redacts, inside a hashtag, each part that is a name of someone redacted in the same record
/// ("#IStandWithAhmed" where "Ahmed Mohamed" was found, issue 14). A hashtag runs its words
/// together, so no word boundary sets its parts apart and neither detection nor consolidation
/// reads them; the verifier does (a change of case is a break to it) and held the whole record
/// back. A part is a run between changes of case, digits and underscores ("#JusticeForKAREN",
/// "#team_ahmed"); only that part is removed, so the record keeps the rest of the tag. The finding
/// takes the rule, owner and review of the finding that named the person.
fn names_in_hashtags(findings: &mut Vec<Finding>, text: &str, lexicon: &super::lexicon::Lexicon) {
    if !text.contains('#') {
        return;
    }
    // Each word of each name redacted here (three letters or more, not a title), with the
    // finding it came from.
    let mut words: Vec<(String, usize)> = Vec::new();
    for (index, finding) in findings.iter().enumerate() {
        if finding.kind != FindingKind::Name || !super::is_redacted(finding) {
            continue;
        }
        for word in finding.text.split(|c: char| !c.is_alphabetic()) {
            let key = fold::fold_str(word);
            if key.chars().count() >= 3
                && !lexicon.titles.contains_key(&key)
                && !words.iter().any(|(known, _)| *known == key)
            {
                words.push((key, index));
            }
        }
    }
    if words.is_empty() {
        return;
    }
    let taken: Vec<Span> = findings.iter().map(|f| f.span).collect();
    let mut added = Vec::new();
    for (at, _) in text.match_indices('#') {
        // Not "C#" or an anchor in a web address ("page#Ahmed").
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || matches!(c, '/' | '&' | '#'))
        {
            continue;
        }
        let tag_start = at + 1;
        let tag_end = text[tag_start..]
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(text.len(), |end| tag_start + end);
        for (start, end) in hashtag_parts(&text[tag_start..tag_end]) {
            let (start, end) = (tag_start + start, tag_start + end);
            let key = fold::fold_str(&text[start..end]);
            let Some((_, index)) = words.iter().find(|(known, _)| *known == key) else {
                continue;
            };
            if super::unregistered::overlaps_any(start, end, &taken) {
                continue;
            }
            let source = &findings[*index];
            added.push(Finding {
                span: Span::new(start, end),
                text: text[start..end].to_string(),
                kind: FindingKind::Name,
                owner: source.owner.clone(),
                rule: source.rule.clone(),
                why: format!(
                    "`{}` in the hashtag `{}` is a name of `{}`, redacted in this record",
                    &text[start..end],
                    &text[at..tag_end],
                    source.text
                ),
                review: source.review,
            });
        }
    }
    add_in_order(findings, added);
}

/// The parts of a hashtag's text (without the `#`) as byte ranges: runs of letters split where
/// a lower-case letter meets a capital ("StandWith"), before the last capital of a run of
/// capitals that a lower-case letter follows ("NHSTrust" gives "NHS", "Trust"), and at digits and
/// underscores.
fn hashtag_parts(tag: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = tag.char_indices().collect();
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(at, c)) in chars.iter().enumerate() {
        if !c.is_alphabetic() {
            if let Some(from) = start.take() {
                parts.push((from, at));
            }
            continue;
        }
        let previous = i.checked_sub(1).map(|p| chars[p].1);
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let breaks = c.is_uppercase()
            && previous.is_some_and(|p| {
                p.is_lowercase() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        match start {
            Some(from) if breaks => {
                parts.push((from, at));
                start = Some(at);
            }
            None => start = Some(at),
            Some(_) => {}
        }
    }
    if let Some(from) = start {
        parts.push((from, tag.len()));
    }
    parts
}

/// The capitals of a finding that is initials alone, two or three capital letters with dots
/// between or not ("TJ", "K.L", "T.J.M"), without the dots; none for anything else.
fn initials_alone(text: &str) -> Option<String> {
    let letters: String = text.chars().filter(|c| *c != '.').collect();
    ((2..=3).contains(&letters.chars().count())
        && letters.chars().all(char::is_uppercase)
        && !text.contains(".."))
    .then_some(letters)
}

/// Makes every weak guess in a record (the rules the verifier looks for in their own record
/// only, `verify::WEAK_RULES`) consistent there: each other mention of the same text in the
/// record is redacted too, with the same rule and for review. The verifier holds back a record
/// that still shows a word it removed elsewhere in it, whatever the context ("Irving" guessed
/// once, then "the Irving Police Department"; initials "CAS" added once, then "TW CAS system");
/// one recorded decision to keep the word settles every mention. A guess written with a capital
/// takes only mentions written with one; initials only mentions written exactly so.
fn weak_guesses_again(findings: &mut Vec<Finding>, text: &str) {
    let guesses: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.kind == FindingKind::Name
                && f.owner == Owner::UnregisteredPerson
                && crate::verify::is_weak(&f.rule)
        })
        .collect();
    if guesses.is_empty() {
        return;
    }
    let folded = fold::fold(text);
    let mut taken: Vec<Span> = findings.iter().map(|f| f.span).collect();
    taken.sort_by_key(|span| span.start);
    let taken = super::unregistered::merged(&taken);
    let mut seen = HashSet::new();
    let mut added = Vec::new();
    for guess in guesses {
        let key = fold::fold_str(&guess.text);
        if key.chars().filter(|c| c.is_alphanumeric()).count() < 2 || !seen.insert(key.clone()) {
            continue;
        }
        let capitalised = guess.text.chars().next().is_some_and(char::is_uppercase);
        let letters = guess.text.chars().filter(|c| c.is_alphabetic()).count();
        let initials = letters <= 3 && !guess.text.chars().any(char::is_lowercase);
        for (at, _) in folded.text.match_indices(key.as_str()) {
            let end = at + key.len();
            if !fold::on_boundaries(&folded.text, at, end) {
                continue;
            }
            let (start, stop) = folded.original(at, end);
            let original = &text[start..stop];
            if (initials && original != guess.text)
                || (capitalised && !original.chars().next().is_some_and(char::is_uppercase))
                || super::unregistered::overlaps_any(start, stop, &taken)
                || added
                    .iter()
                    .any(|f: &Finding| f.span.start < stop && start < f.span.end)
            {
                continue;
            }
            added.push(Finding {
                span: Span::new(start, stop),
                text: original.to_string(),
                kind: FindingKind::Name,
                owner: Owner::UnregisteredPerson,
                rule: guess.rule.clone(),
                why: format!(
                    "the same as `{}`, removed elsewhere in this record as a guess, so that the record does not show it",
                    guess.text
                ),
                review: true,
            });
        }
    }
    add_in_order(findings, added);
}

/// Whether a match at `text[start..end]` stands as a word a name can be: not inside a web
/// address, handle, hashtag or email address ("Edward-100-year-virgin.jpg", "@Cowboy_Wingo"), not
/// a contraction's first part ("Don't", "WON'T"), not after a word that makes it a place's or a
/// storm's name or a saint's ("Lake Charles", "St John's wort"), and, written in capitals, not an
/// ordinary word ("WILL", "LONG" in a line that shouts).
fn stands_as_a_word(
    text: &str,
    start: usize,
    end: usize,
    lexicon: &super::lexicon::Lexicon,
) -> bool {
    let chunk_start = text[..start]
        .rfind(char::is_whitespace)
        .map_or(0, |at| at + 1);
    let chunk_end = text[end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |at| end + at);
    let chunk = &text[chunk_start..chunk_end];
    if chunk.contains("www.") || chunk.starts_with('#') || chunk.contains(['@', '/']) {
        return false;
    }
    let rest = &text[end..];
    for contraction in [
        "'t",
        "\u{2019}t",
        "'ll",
        "'m",
        "'ve",
        "'re",
        "'d",
        "\u{2019}ll",
        "\u{2019}m",
    ] {
        if rest
            .get(..contraction.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(contraction))
            && !rest[contraction.len()..].starts_with(char::is_alphanumeric)
        {
            return false;
        }
    }
    if super::lexicon::previous_word(text, start).is_some_and(|word| {
        let folded = fold::fold_str(&word);
        word.chars().next().is_some_and(char::is_uppercase)
            && (super::unregistered::is_place_prefix(&folded)
                || matches!(folded.as_str(), "st" | "saint"))
            && text[..start].trim_end().len() + 2 >= start
    }) {
        return false;
    }
    let original = &text[start..end];
    let letters = original.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 3 && !original.chars().any(char::is_lowercase) {
        let key = fold::fold_str(original);
        if lexicon.is_english_word(&key)
            || lexicon.is_common_word(&key)
            || lexicon.is_not_name(&key)
        {
            return false;
        }
    }
    true
}

/// Whether the line around `at` is written mostly in capitals (a heading or a shouted message),
/// where two or three capitals are no sign of initials ("WHEN HE SAY", "GOO WB WILDCATS").
fn shouted(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let upper = line.chars().filter(|c| c.is_uppercase()).count();
    let lower = line.chars().filter(|c| c.is_lowercase()).count();
    upper >= 8 && upper > lower
}

/// Whether `text[start..end]` opens a line and a comma follows it, as a message addresses
/// someone ("Drew , I talked to Glen", "Tony, it seems to me").
fn addressed(text: &str, start: usize, end: usize) -> bool {
    let line = &text[text[..start].rfind('\n').map_or(0, |at| at + 1)..start];
    line.trim().is_empty() && text[end..].trim_start_matches([' ', '\t']).starts_with(',')
}

/// Adds `added` to `findings`, keeping them sorted by start (the longer first at one start).
fn add_in_order(findings: &mut Vec<Finding>, added: Vec<Finding>) {
    if added.is_empty() {
        return;
    }
    findings.extend(added);
    findings.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
    });
}

/// The words of a name written surname first with a comma ("Skilling, Jeff", "Watson ,
/// Kimberly", "SMITH, John A."), in the order given name first; `None` for any other text.
fn given_name_first(text: &str) -> Option<Vec<String>> {
    let (surname, given) = text.split_once(',')?;
    let surname: Vec<&str> = surname.split_whitespace().collect();
    let given: Vec<&str> = given.split_whitespace().collect();
    if surname.is_empty() || given.is_empty() || given.iter().any(|w| w.contains(',')) {
        return None;
    }
    Some(
        given
            .iter()
            .chain(&surname)
            .map(|w| w.to_string())
            .collect(),
    )
}

/// Whether one word is written as a name is: a capital and then small letters ("Kornelia"), or
/// all in lower case as messages write names ("jaxon"); a capital inside only after `Mc`, `Mac`,
/// `O'` or a hyphen ("McKenzie", "O'Brien", "Jean-Luc"); an apostrophe only in those or a
/// possessive ("Kornelia's"). Not an acronym or a word in capitals ("ENRON", "CP"), nor a
/// contraction ("I'm", "Don't"), nor a word with capitals inside ("PowerPoint", "iPhone").
fn name_shaped(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ',', ';', ':']);
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word);
    if word.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    word.split('-').all(|part| {
        let part = ["Mc", "Mac", "O'", "O\u{2019}"]
            .iter()
            .find_map(|prefix| {
                part.strip_prefix(prefix)
                    .filter(|rest| rest.chars().next().is_some_and(char::is_uppercase))
            })
            .unwrap_or(part);
        let mut chars = part.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        first.is_alphabetic() && chars.all(|c| c.is_alphabetic() && c.is_lowercase())
    })
}

/// Whether every word of a run is an ordinary English word and none is a forename ("Long
/// Hour", "Fancy Dress"; not "Rose Hill" nor "Kornelia Mazur"). The word lists hold no name:
/// a word that is also a forename or surname there ("Long", "Beach") is not ordinary.
fn ordinary_words(words: &[&str], lexicon: &super::lexicon::Lexicon) -> bool {
    words.iter().all(|word| {
        let key = fold::fold_str(word.trim_end_matches(['.', ',', ';', ':']));
        (lexicon.is_english_word(&key) || lexicon.is_common_word(&key))
            && !lexicon.is_forename(&key)
    })
}

/// Whether initials found at `text[start..end]` stand apart as a person's: not next to another
/// capitalised word that is no English word ("Hoenle AG", "AG Hoenle") and not followed by a
/// number ("APO AA 29282"), where they are part of a company's or an address's name, nor joined
/// to one by a hyphen ("EB-1336", a meeting room in an Enron thread: a code).
fn stands_apart(text: &str, start: usize, end: usize, lexicon: &super::lexicon::Lexicon) -> bool {
    let before = text[..start].strip_suffix(' ').map(|rest| {
        let from = rest
            .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .map_or(0, |at| {
                at + rest[at..].chars().next().map_or(1, char::len_utf8)
            });
        &rest[from..]
    });
    let after = text[end..].strip_prefix(' ').map(|rest| {
        let to = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
            .unwrap_or(rest.len());
        &rest[..to]
    });
    let name_beside = |word: &str| {
        let key = fold::fold_str(word);
        word.chars().next().is_some_and(char::is_uppercase)
            && !lexicon.is_english_word(&key)
            && !lexicon.is_common_word(&key)
            && !lexicon.is_not_name(&key)
    };
    // A word that starts a sentence is capitalised for that alone ("If PN attends").
    let sentence_start = |word: &str| {
        let rest = text[..start - 1 - word.len()].trim_end();
        rest.is_empty() || rest.ends_with(['.', '!', '?', ':', ';', '\n'])
    };
    let code = text[end..]
        .strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    !code
        && !before.is_some_and(|word| name_beside(word) && !sentence_start(word))
        && !after
            .is_some_and(|word| name_beside(word) || word.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::lexicon::Lexicon;
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns")).unwrap()
    }

    #[test]
    fn a_hashtag_is_read_in_its_words() {
        let parts = |tag: &str| -> Vec<String> {
            hashtag_parts(tag)
                .into_iter()
                .map(|(start, end)| tag[start..end].to_string())
                .collect()
        };
        assert_eq!(parts("IStandWithAhmed"), ["I", "Stand", "With", "Ahmed"]);
        assert_eq!(parts("NHSTrust"), ["NHS", "Trust"]);
        assert_eq!(parts("team_ahmed2015"), ["team", "ahmed"]);
        assert_eq!(parts("JusticeForKAREN"), ["Justice", "For", "KAREN"]);
        assert_eq!(parts("ahmed"), ["ahmed"]);
    }

    #[test]
    fn a_name_written_surname_first_is_read_given_name_first() {
        let words = |text: &str| given_name_first(text).map(|w| w.join(" "));
        assert_eq!(words("Skilling, Jeff").as_deref(), Some("Jeff Skilling"));
        assert_eq!(
            words("Watson , Kimberly").as_deref(),
            Some("Kimberly Watson")
        );
        assert_eq!(words("SMITH, John A.").as_deref(), Some("John A. SMITH"));
        assert_eq!(words("Jeff Skilling"), None);
        assert_eq!(words("Smith,"), None);
        assert_eq!(words("Smith, John, Jones"), None);
    }

    #[test]
    fn only_words_shaped_like_names_are_spread() {
        for word in [
            "Kornelia",
            "jaxon",
            "McKenzie",
            "MacDonald",
            "O'Brien",
            "O\u{2019}Brien",
            "Jean-Luc",
            "Kornelia's",
            "Skilling,",
        ] {
            assert!(name_shaped(word), "{word}");
        }
        for word in [
            "ENRON",
            "CP",
            "I'm",
            "Don't",
            "PowerPoint",
            "iPhone",
            "J",
            "J.",
            "3M",
        ] {
            assert!(!name_shaped(word), "{word}");
        }
    }

    #[test]
    fn ordinary_runs_have_no_forename() {
        let lexicon = lexicon();
        assert!(ordinary_words(&["Happy", "Hour"], &lexicon));
        assert!(ordinary_words(&["Fancy", "Dress"], &lexicon));
        assert!(!ordinary_words(&["Rose", "Hill"], &lexicon));
        assert!(!ordinary_words(&["Kornelia", "Mazur"], &lexicon));
    }

    #[test]
    fn a_name_is_not_taken_from_an_address_a_contraction_a_place_or_a_shout() {
        let lexicon = lexicon();
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            stands_as_a_word(text, start, start + word.len(), &lexicon)
        };
        assert!(at("Later Edward rang the office.", "Edward"));
        assert!(at("ZOLTAN left at noon.", "ZOLTAN"));
        assert!(!at("see http://example.com/Edward-100.jpg", "Edward"));
        assert!(!at("thanks @Cowboy_Wingo", "Wingo"));
        assert!(!at("Fellas Don't go", "Don"));
        assert!(!at("Headed to Lake Charles tonight", "Charles"));
        assert!(!at("Day three of St John's wort tea", "John"));
        assert!(!at("NEXT YEAR I WILL COME", "WILL"));
        assert!(shouted("WHEN HE SAY IT THAT JUST MEANS", 5));
        assert!(!shouted("Email to school: ZT not to collect Jade.", 17));
    }

    #[test]
    fn initials_beside_a_company_word_or_a_number_are_not_a_person() {
        let lexicon = lexicon();
        let at = |text: &str, initials: &str| {
            let start = text.find(initials).unwrap();
            stands_apart(text, start, start + initials.len(), &lexicon)
        };
        assert!(at("Email to school: ZT not to collect Jade.", "ZT"));
        assert!(at("Thanks, JS", "JS"));
        assert!(at("Met JS at the office", "JS"));
        assert!(!at("Invoice from Hoenle AG today", "AG"));
        assert!(!at("APO AA 29282", "AA"));
        assert!(!at("Tuesday , October 23 , 10:00 - 11:00 , EB-1336", "EB"));
        assert!(at("JS-led session", "JS"));
    }
}
