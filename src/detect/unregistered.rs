//! Names the register does not hold, found from the text alone (issue 6).
//!
//! The text is cut into word tokens; runs of capitalised tokens (one to three, possibly split
//! across a line break) are name candidates. A candidate is a person when its context says so —
//! a title before it (`unregistered.title-name`), a relationship phrase before or after it
//! ("maternal aunt Mary Smith", "Mary Smith, maternal aunt": `unregistered.relationship-name`,
//! `unregistered.name-relationship`) — or when the gazetteers know it (`unregistered.full-name`
//! for forename + surname, `unregistered.forename` for a lone known forename). It is kept when
//! a professional role stands next to it ("Kevin Osei, social worker"), when it is a place or an
//! organisation ("Grace Academy", "Hope Street"), or when it is a common word the context does not
//! make a name ("I hope", "in May").

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Finding, FindingKind, Owner, Span};
use crate::rules::RuleId;

use super::Detector;
use super::fold;
use super::lexicon::{Lexicon, sentence_boundary_before};

/// A word token of the original text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    /// End without a possessive `'s`.
    pub end: usize,
    pub folded: String,
    pub capitalised: bool,
    pub all_caps: bool,
    pub possessive: bool,
    /// Every letter lower case ("jaxon" in a text message).
    pub lower: bool,
    /// Part of a handle, hashtag, web address or file name ("@Loserface_Laura", "#JESUS"):
    /// never a name candidate (handles are identifiers of their own).
    pub glued: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

pub(crate) fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (start, c) = chars[index];
        if !c.is_alphabetic() {
            index += 1;
            continue;
        }
        let mut last = index;
        let mut next = index + 1;
        while next < chars.len() {
            let c = chars[next].1;
            if c.is_alphabetic() {
                last = next;
                next += 1;
            } else if (is_apostrophe(c) || c == '-')
                && chars.get(next + 1).is_some_and(|(_, n)| n.is_alphabetic())
            {
                next += 1;
            } else {
                break;
            }
        }
        let end_full = chars[last].0 + chars[last].1.len_utf8();
        let word = &text[start..end_full];
        // Possessive: "Darren's" is the name "Darren".
        let end = if word.len() > 2
            && (word.ends_with("'s") || word.ends_with("’s") || word.ends_with("'S"))
        {
            let cut = word
                .char_indices()
                .rev()
                .nth(1)
                .map(|(i, _)| i)
                .unwrap_or(word.len());
            start + cut
        } else {
            end_full
        };
        let core = &text[start..end];
        let capitalised = core.chars().next().is_some_and(char::is_uppercase);
        let lower = core.chars().all(|c| !c.is_uppercase());
        // The whitespace-delimited chunk the word stands in.
        let chunk_start = text[..start]
            .rfind(char::is_whitespace)
            .map(|i| i + text[i..].chars().next().map_or(1, char::len_utf8))
            .unwrap_or(0);
        let chunk_end = text[end_full..]
            .find(char::is_whitespace)
            .map(|i| end_full + i)
            .unwrap_or(text.len());
        let chunk = &text[chunk_start..chunk_end];
        // "Dan Masters/HOU/ECT@ECT": the surname that opens a Lotus Notes address is the
        // person's, not glued to the address (its units and domain still are).
        let opens_address = start == chunk_start
            && text[end_full..chunk_end].starts_with('/')
            && text[end_full..chunk_end].contains('@');
        let glued = (!opens_address && chunk.contains(['@', '#', '_', '/', '\\', '=']))
            || chunk.contains("www.")
            || text[..start].ends_with(|c: char| c.is_ascii_digit())
            || text[end_full..].starts_with(|c: char| c.is_ascii_digit());
        let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        out.push(Token {
            start,
            end,
            // Only capitalised words (name candidates) and short words (surname particles such
            // as "de") are ever looked up: fold just those (most words are neither).
            folded: if capitalised || lower || core.len() <= 4 {
                fold::fold_str(core)
            } else {
                String::new()
            },
            capitalised,
            all_caps,
            possessive: end != end_full,
            lower,
            glued,
        });
        index = last + 1;
    }
    out
}

/// What stands between two tokens: only spaces and at most one line break keep a run going.
fn joins(text: &str, left: &Token, right: &Token) -> bool {
    // A possessive ends a run ("Darren's Mum").
    if left.possessive {
        return false;
    }
    let gap = &text[left.end..right.start];
    !gap.is_empty() && gap.chars().all(char::is_whitespace) && gap.matches('\n').count() <= 1
}

/// The context of a candidate from the relationship/role phrases around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Relationship,
    Role,
}

/// A phrase ending right before `start` (only spaces, commas, colons or an opening bracket
/// between), or starting right after `end` (spaces, commas, brackets, dashes, colons, one line
/// break between).
pub(crate) fn phrase_next_to(
    text: &str,
    phrases: &[(usize, usize, bool)],
    start: usize,
    end: usize,
) -> (Option<Side>, Option<Side>) {
    let side = |role: bool| if role { Side::Role } else { Side::Relationship };
    let before = phrase_before(phrases, start)
        .filter(|(_, phrase_end, role)| {
            let gap = &text[*phrase_end..start];
            (gap.chars().all(|c| {
                c.is_whitespace()
                    || matches!(c, ',' | ':' | '(' | '-' | '–' | '\'' | '"' | '‘' | '“')
            }) && gap.len() <= 6)
                || (*role && role_place_gap(gap))
        })
        .map(|(_, _, role)| side(*role));
    let after = phrase_after(phrases, end)
        .filter(|(phrase_start, _, _)| {
            let gap = &text[end..*phrase_start];
            let punctuation = |c: char| {
                c.is_whitespace() || matches!(c, ',' | '(' | '-' | '–' | '—' | ':' | '/' | '|')
            };
            // "Bev (Jade's aunt)", "Bev (her aunt)": in brackets, whose relative they are.
            let possessor = gap
                .strip_prefix(" (")
                .or_else(|| gap.strip_prefix('('))
                .and_then(|inner| inner.strip_suffix(' '))
                .is_some_and(|word| {
                    matches!(word, "her" | "his" | "their" | "my" | "our" | "your")
                        || ((word.ends_with("'s") || word.ends_with("’s"))
                            && word.chars().next().is_some_and(char::is_uppercase)
                            && word.chars().filter(|c| c.is_alphabetic()).count() >= 3
                            && !word.contains(char::is_whitespace))
                });
            // "Trev, a friend of her dad", "Bella, her old foster sister": set off by a comma,
            // an article or a possessive and perhaps a word of time before the phrase.
            let appositive = gap.strip_prefix(", ").is_some_and(|rest| {
                let mut words = rest.split_terminator(' ');
                words.next().is_some_and(|w| {
                    matches!(w, "a" | "an" | "her" | "his" | "their" | "my" | "our")
                }) && words.all(|w| {
                    matches!(
                        w,
                        "old" | "new" | "former" | "older" | "younger" | "late" | "close"
                    )
                }) && rest.ends_with(' ')
                    && rest.split(' ').filter(|w| !w.is_empty()).count() <= 2
            });
            ((gap.len() <= 8 && gap.chars().all(punctuation)) || possessor || appositive)
                && !gap.is_empty()
                // "her mum's friend": a possessive name before a phrase is not "Name, role".
                && !text[..end].ends_with(['\'', '’'])
        })
        .map(|(_, _, role)| side(*role));
    // Only adjacency counts: "Darren, who is mum's boyfriend" is left to the gazetteers.
    (before, after)
}

/// "key worker at the unit, Becky": between a role and the name, a phrase of place of up to
/// four words and a comma, on one line. A professional named in role that way is still in role.
fn role_place_gap(gap: &str) -> bool {
    let Some(place) = gap.trim_end_matches(' ').strip_suffix(',') else {
        return false;
    };
    let words: Vec<&str> = place.split(' ').filter(|w| !w.is_empty()).collect();
    !place.contains('\n')
        && (2..=4).contains(&words.len())
        && matches!(words[0], "at" | "from" | "in" | "on")
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
        })
}

// Phrases come from a leftmost-longest automaton: sorted by start, not overlapping, so their
// ends are sorted too and every look-up below is a binary search (linear time per item, issue 7).

/// The last phrase ending at or before `start`.
fn phrase_before(phrases: &[(usize, usize, bool)], start: usize) -> Option<&(usize, usize, bool)> {
    let index = phrases.partition_point(|p| p.1 <= start);
    index.checked_sub(1).map(|i| &phrases[i])
}

/// The first phrase starting at or after `end`.
fn phrase_after(phrases: &[(usize, usize, bool)], end: usize) -> Option<&(usize, usize, bool)> {
    phrases.get(phrases.partition_point(|p| p.0 < end))
}

/// The relationship phrase (never a role) right after the `'s` of a possessive ending at `end`
/// ("Dean Street's sister", "ruby’s brother": the curly apostrophe is three bytes).
fn relationship_after_possessive<'a>(
    text: &str,
    phrases: &'a [(usize, usize, bool)],
    end: usize,
) -> Option<&'a (usize, usize, bool)> {
    phrase_after(phrases, end).filter(|(phrase_start, _, role)| {
        !role
            && *phrase_start <= end + 5
            && text[end..*phrase_start]
                .trim_start_matches(['\'', '’', 's'])
                .trim()
                .is_empty()
    })
}

/// Whether `start..end` lies inside a phrase.
fn inside_phrase(phrases: &[(usize, usize, bool)], start: usize, end: usize) -> bool {
    let index = phrases.partition_point(|p| p.0 <= start);
    index.checked_sub(1).is_some_and(|i| phrases[i].1 >= end)
}

/// Sorted, merged copy of `spans` for [`overlaps_any`].
pub(crate) fn merged(spans: &[Span]) -> Vec<Span> {
    let mut sorted = spans.to_vec();
    sorted.sort();
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match out.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// Whether `start..end` overlaps a span of `taken` (sorted and merged).
pub(crate) fn overlaps_any(start: usize, end: usize, taken: &[Span]) -> bool {
    let index = taken.partition_point(|t| t.end <= start);
    taken.get(index).is_some_and(|t| t.start < end)
}

/// A token that can be part of a name: capitalised, not a known non-name word, title or
/// acronym, and not inside a finding already made.
/// Whether the not-names list holds the token, or its possessive form ("McDonald's" is listed;
/// the token is "mcdonald" with its `'s` stripped).
fn not_name_token(token: &Token, lexicon: &Lexicon) -> bool {
    lexicon.is_not_name(&token.folded)
        || (token.possessive && lexicon.is_not_name(&format!("{}'s", token.folded)))
}

fn name_like(token: &Token, lexicon: &Lexicon, taken: &[Span]) -> bool {
    token.capitalised
        && !token.glued
        && token.folded.chars().count() >= 2
        && !not_name_token(token, lexicon)
        && !lexicon.titles.contains_key(&token.folded)
        && !(token.all_caps
            && lexicon.is_acronym(&token.folded)
            && !lexicon.is_forename(&token.folded))
        && !overlaps_any(token.start, token.end, taken)
}

/// Unregistered person names in `text`, skipping spans already `taken` by other rules
/// (`taken` sorted and merged, see [`merged`]; `people` the register's names among them;
/// `phrases` from `Lexicon::phrases`).
pub(crate) fn find(
    detector: &Detector,
    text: &str,
    taken: &[Span],
    people: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let lexicon = &detector.lexicon;
    let tokens = tokens(text);
    // A work, character or brand ("Harry Potter", "Peppa Pig") is no rule's or the model's.
    let works = not_name_phrase_spans(lexicon, text, &tokens);
    let with_works;
    let taken = if works.is_empty() {
        taken
    } else {
        let mut all = taken.to_vec();
        all.extend(works);
        with_works = merged(&all);
        with_works.as_slice()
    };
    // Tokens inside a relationship/role phrase are never names ("Social Worker").
    let in_phrase = |token: &Token| inside_phrase(phrases, token.start, token.end);
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        // "Mrs Ó Maolchaoine", "Mr van der Berg": a run may start with a surname particle
        // after a title, in lower case too when the particles lead to a capitalised name.
        let particle_start = particles_to_name(text, &tokens[index..], lexicon, taken)
            && lexicon
                .title_before_text(text, tokens[index].start)
                .is_some();
        // In capitals a verb of saying is the verb, not a man named Said ("KAYLEIGH SAID DAVID A
        // FOTI HIT HER" took "KAYLEIGH SAID DAVID" and left "FOTI").
        let shouted_saying = |token: &Token| token.all_caps && is_saying_verb(&token.folded);
        if !particle_start
            && (!name_like(&tokens[index], lexicon, taken)
                || in_phrase(&tokens[index])
                || shouted_saying(&tokens[index]))
        {
            index += 1;
            continue;
        }
        // Grow a run of up to three name-like tokens.
        let mut last = index;
        loop {
            let next = last + 1;
            // A name broken over a line end continues on the next line ("Kornelia\nMazur"); a
            // name already of two words, or one word alone on its line as a signature is,
            // does not take an ordinary word from the next line (a job title: "Ina
            // Rangel\nAdministrative Coordinator"; a header: "Jill\nOriginal Message").
            let line_of_its_own = || {
                next - index == 1
                    && text[..tokens[index].start]
                        .rsplit('\n')
                        .next()
                        .is_some_and(|before| before.trim().is_empty())
            };
            // Nor does a word alone on its line take a name of two words that opens the next
            // ("Paul\nGreg Curran\n05/04/2001": a signature, then the header of the message it
            // answers).
            let stops_at_line_end = || {
                if !text[tokens[last].end..tokens[next].start].contains('\n') {
                    return false;
                }
                let word = lexicon.is_english_word(&tokens[next].folded)
                    || lexicon.is_common_word(&tokens[next].folded);
                let name_opens_line = || {
                    tokens.get(next + 1).is_some_and(|after| {
                        joins(text, &tokens[next], after)
                            && !text[tokens[next].end..after.start].contains('\n')
                            && name_like(after, lexicon, taken)
                    })
                };
                (next - index >= 2 && word) || (line_of_its_own() && (word || name_opens_line()))
            };
            // "the Smith Twins", "the Nowak Household": in title case the word for the family
            // is no part of the name after "the" (the family rule in `judge` reads it after the
            // run, with the same test for "the": the token before).
            let family_group_after_the = || {
                is_family_group_word(&tokens[next].folded)
                    && index
                        .checked_sub(1)
                        .is_some_and(|before| tokens[before].folded == "the")
            };
            // Three words at most, but the word after a surname particle always joins ("Marc
            // De La Roche" lost "Roche"), and so does a second surname after two given names
            // and a surname the lists hold ("Juan Carlos Garcia Lopez"), when it is a surname
            // too or no word, and none of the four repeats ("Brock Holt Brock Wyatt" is a
            // heading, then a name).
            let fourth = || {
                let fourth = &tokens[next];
                next - index == 3
                    && tokens[index..last]
                        .iter()
                        .all(|t| !t.all_caps && lexicon.is_forename(&t.folded))
                    && !tokens[last].all_caps
                    && lexicon.is_surname(&tokens[last].folded)
                    && !fourth.all_caps
                    && !lexicon.is_place_word(&fourth.folded)
                    && (lexicon.is_surname(&fourth.folded)
                        || (!lexicon.is_english_word(&fourth.folded)
                            && !lexicon.is_common_word(&fourth.folded)
                            && !lexicon.is_forename(&fourth.folded)))
                    && !tokens[index..=last]
                        .iter()
                        .any(|t| t.folded == fourth.folded)
            };
            if next < tokens.len()
                && (next - index < 3
                    || super::register::is_particle(&tokens[last].folded)
                    || fourth())
                && joins(text, &tokens[last], &tokens[next])
                && name_like(&tokens[next], lexicon, taken)
                && !shouted_saying(&tokens[next])
                && !in_phrase(&tokens[next])
                && !stops_at_line_end()
                && !family_group_after_the()
            {
                last = next;
                continue;
            }
            // "Rami al-Saadani": a surname joined to its particle, after a forename.
            if next < tokens.len()
                && next - index < 3
                && particle_joined_name(text, &tokens[next])
                && joins(text, &tokens[last], &tokens[next])
                && lexicon.is_forename(&tokens[index].folded)
                && !overlaps_any(tokens[next].start, tokens[next].end, taken)
            {
                last = next;
                continue;
            }
            // A middle initial: "David A. Foti", "George N Parks"; in capitals, "I" without a
            // dot is the pronoun ("TELL KEZ I SAID SORRY").
            let pronoun_in_capitals = || {
                &text[tokens[next].start..tokens[next].end] == "I"
                    && tokens[next + 1].all_caps
                    && text[tokens[next].end..tokens[next + 1].start] == *" "
            };
            if next + 1 < tokens.len()
                && next - index < 3
                && is_initial(text, &tokens[next])
                && text[tokens[last].end..tokens[next].start] == *" "
                && matches!(&text[tokens[next].end..tokens[next + 1].start], " " | ". ")
                && name_like(&tokens[next + 1], lexicon, taken)
                && !pronoun_in_capitals()
            {
                last = next + 1;
                continue;
            }
            // A surname particle between two name words: "Muireann Ó Maoilcéir", "Robin de Báth".
            if next + 1 < tokens.len()
                && super::register::is_particle(&tokens[next].folded)
                && joins(text, &tokens[last], &tokens[next])
                && joins(text, &tokens[next], &tokens[next + 1])
                && name_like(&tokens[next + 1], lexicon, taken)
            {
                last = next + 1;
                continue;
            }
            break;
        }
        let run_end = last;
        // The whole run first; failing that, without the ordinary words that start it ("Met
        // Kornelia Mazur").
        let first = trim_run(lexicon, &tokens, index, last);
        let finding = family_title_name(detector, text, &tokens[index..=last], &tokens, index)
            .or_else(|| {
                judge(
                    detector,
                    text,
                    &tokens[index..=last],
                    &tokens,
                    index,
                    last,
                    phrases,
                )
            })
            .or_else(|| {
                (first > index).then(|| {
                    family_title_name(detector, text, &tokens[first..=last], &tokens, first)
                        .or_else(|| {
                            judge(
                                detector,
                                text,
                                &tokens[first..=last],
                                &tokens,
                                first,
                                last,
                                phrases,
                            )
                        })
                })?
            });
        if let Some(finding) = finding {
            out.push(finding);
        }
        index = run_end + 1;
    }
    // The words of domains that two addresses or more share are an organisation's ("Mark Scott
    // is with Enron" beside two addresses at enron.com), never a lone word's name.
    let domains = email_domain_words(text);
    out.retain(|f| {
        f.rule != "unregistered.capitalised-name"
            || f.text.contains(char::is_whitespace)
            || !domains.contains(&fold::fold_str(&f.text))
    });
    let mut found: Vec<Span> = taken.to_vec();
    found.extend(out.iter().map(|f| f.span));
    let found = merged(&found);
    let mut more = surname_comma_forename(lexicon, text, &tokens, taken, &found);
    // Whether the text is a transcript, counted once and only if a speaker is in question.
    let transcript = std::cell::OnceCell::new();
    more.extend(introduced_names(
        lexicon,
        text,
        &tokens,
        &found,
        phrases,
        &transcript,
    ));
    let mut found_now: Vec<Span> = found.clone();
    found_now.extend(more.iter().map(|f| f.span));
    let found = merged(&found_now);
    more.extend(introduced_usernames(text, &found));
    more.extend(anchored_forenames(lexicon, text, &tokens, &found, phrases));
    more.extend(initial_surnames(lexicon, text, &tokens, &found, phrases));
    more.extend(title_initials(lexicon, text, &tokens, &found, phrases));
    more.extend(lowercase_names(
        lexicon,
        text,
        &tokens,
        &found,
        phrases,
        &transcript,
    ));
    more.extend(capitals_surnames(detector, text, &tokens, &found));
    more.extend(name_is_relationship(text, &tokens, &found, phrases));
    more.extend(family_title_months(lexicon, text, &tokens, &found));
    more.extend(capitalised_bare_possessives(
        detector, text, &tokens, &found,
    ));
    // The weak rules never take a word of a name someone kept bears ("siobhan" of the social
    // worker Siobhan), nor its s without an apostrophe ("going to kayleighs" is the subject's).
    more.retain(|f| {
        let key = fold::fold_str(&f.text);
        f.rule != "unregistered.lower-case-name"
            || !(detector.kept_words.contains(&key)
                || key
                    .strip_suffix('s')
                    .is_some_and(|stem| detector.kept_words.contains(stem)))
    });
    if let Some(model) = &detector.model {
        let mut found: Vec<Span> = found.clone();
        found.extend(more.iter().map(|f| f.span));
        let found = merged(&found);
        more.extend(
            model_names(model, lexicon, text, &tokens, &found, phrases, &domains)
                .into_iter()
                .filter(|f| !bears_kept_word(detector, f)),
        );
    }
    // After the model, so that its names too take the rest of a name written in lower case
    // ("Kylie minogue" where the model found "Kylie").
    extend_lower_case(lexicon, text, &tokens, taken, &mut out, &mut more);
    out.extend(more);
    let mut found: Vec<Span> = taken.to_vec();
    found.extend(out.iter().map(|f| f.span));
    let found = merged(&found);
    out.extend(hyphenated_given_names(lexicon, text, &tokens, &found));
    let listed = listed_with_names(lexicon, text, &tokens, taken, people, &out, phrases);
    // Not a word of a name someone kept bears: "Carter, Sharon" beside the subject Jade
    // Carter's name is her surname too.
    out.extend(listed.into_iter().filter(|f| !bears_kept_word(detector, f)));
    let mut found: Vec<Span> = taken.to_vec();
    found.extend(out.iter().map(|f| f.span));
    let found = merged(&found);
    out.extend(listed_in_capitals(detector, text, &tokens, &found));
    let mut found: Vec<Span> = taken.to_vec();
    found.extend(out.iter().map(|f| f.span));
    let found = merged(&found);
    let with_me = listed_with_me(lexicon, text, &tokens, &found, phrases);
    out.extend(with_me);
    let listed_lower = listed_with_lowercase_name(lexicon, text, &tokens, &found, phrases, &out);
    out.extend(
        listed_lower
            .into_iter()
            .filter(|f| !bears_kept_word(detector, f)),
    );
    let again = surnames_again(lexicon, text, &tokens, taken, &out);
    out.extend(again);
    out.extend(other_script(text, taken));
    out.retain(|f| {
        !after_place_prefix(text, &tokens, f.span.start, f.span.end)
            && !after_pet_word(text, &tokens, f.span.start)
            && !before_institution_word(lexicon, text, f.span.end)
    });
    // Nor is the end of a kept name with a middle initial anyone else: "Jade L. Carter" is the
    // subject Jade Carter.
    out.retain(|f| !end_of_kept_name(detector, text, f));
    // A guess from a name's shape that stands in role is the professional's ("Teaching
    // Assistant Mr Dobson" the model took).
    out.retain(|f| {
        !(matches!(
            f.rule.as_str(),
            "unregistered.model"
                | "unregistered.forename"
                | "unregistered.full-name"
                | "unregistered.capitalised-name"
                | "unregistered.listed-with-name"
                | "unregistered.name-verb"
        ) && professional_in_role(lexicon, text, phrases, f.span.start, f.span.end))
    });
    // A kept person's surname alone, guessed from its shape and a verb ("Whitfield agreed the
    // plan" for the team manager Paul Whitfield), is theirs.
    out.retain(|f| {
        !(matches!(
            f.rule.as_str(),
            "unregistered.name-verb"
                | "unregistered.capitalised-name"
                | "unregistered.surname-again"
        ) && !f.text.contains(char::is_whitespace)
            && detector.kept_words.contains(&fold::fold_str(&f.text)))
    });
    let mut found: Vec<Span> = taken.to_vec();
    found.extend(out.iter().map(|f| f.span));
    let found = merged(&found);
    for finding in &mut out {
        widen_over_month_or_initial(lexicon, text, &tokens, &found, finding);
    }
    let mut found: Vec<Span> = taken.to_vec();
    found.extend(out.iter().map(|f| f.span));
    let found = merged(&found);
    out.extend(professionals_in_role(
        lexicon, text, &tokens, &found, phrases,
    ));
    out
}

/// Names the register does not hold that stand in role: "Mrs Akhtar (DSL)", "IRO Marcia
/// Thompson", "Dr Fiona Reid", "Bernadette Quinn (LAC Nurse)" (`role.professional-in-role`).
/// They are kept, as every rule keeps them; they are findings so that consolidation does not
/// spread another record's guess of the same full name into them, and keeps that guess as the
/// professional's (see `consolidate`; a title and surname alone are too common to be sure of).
/// A run of one to three capitalised words, name-shaped, no place, organisation, title or
/// not-name word, after a professional title or beside a role; with its title if it has one.
fn professionals_in_role(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let name_word = |t: &Token| {
        t.capitalised
            && !t.glued
            && !t.all_caps
            && t.folded.chars().count() >= 2
            && !lexicon.is_place_word(&t.folded)
            && !lexicon.is_organisation_word(&t.folded)
            && !lexicon.is_not_name(&t.folded)
            && !lexicon.titles.contains_key(&t.folded)
            && !lexicon.is_month(&t.folded)
            && !inside_phrase(phrases, t.start, t.end)
    };
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if !name_word(&tokens[index]) {
            index += 1;
            continue;
        }
        let mut last = index;
        while last + 1 < tokens.len()
            && last - index < 2
            && !tokens[last].possessive
            && name_word(&tokens[last + 1])
            && text[tokens[last].end..tokens[last + 1].start] == *" "
        {
            last += 1;
        }
        let words = &tokens[index..=last];
        let (start, end) = (words[0].start, words[words.len() - 1].end);
        index = last + 1;
        let name_shaped = words.iter().any(|w| {
            lexicon.is_forename(&w.folded)
                || lexicon.is_surname(&w.folded)
                || !(lexicon.is_english_word(&w.folded) || lexicon.is_common_word(&w.folded))
        });
        // In role, a role before or after it ("IRO Marcia Thompson", "Mrs Akhtar (DSL)"), and no
        // relationship on either side ("IRO Marcia, her aunt" is not the IRO).
        let sides = phrase_next_to(text, phrases, start, end);
        let in_role = professional_in_role(lexicon, text, phrases, start, end)
            && sides.0 != Some(Side::Relationship)
            && sides.1 != Some(Side::Relationship);
        if !name_shaped || words.iter().any(|w| w.possessive) || !in_role {
            continue;
        }
        let start = lexicon
            .title_before_text(text, start)
            .map_or(start, |title| title.start);
        if overlaps_any(start, end, found) {
            continue;
        }
        out.push(Finding {
            span: Span::new(start, end),
            text: text[start..end].to_string(),
            kind: FindingKind::Name,
            owner: Owner::Professional {
                person_id: String::new(),
            },
            rule: const { RuleId::known("role.professional-in-role") },
            why: "a professional in role, named beside a role or after a professional title: kept"
                .to_string(),
            review: false,
        });
    }
    out
}

/// Widens a name found beside a word no run takes: a given name that is also a month before it
/// ("April Jones", "Jan Brewer": runs never start at a month), a surname that is a month after it
/// ("Ben May", "Tiegan June"), or a surname written as its initial ("Kyle R", "Deborah L"). The
/// finding keeps its rule: the word beside it names the same person. A month is a date, not a
/// name, after a number or a word of time ("3 May Jones", "in May Jones") or before a number
/// ("Ben May 2019"); an initial is a name's only before the end of the clause, a bracket, a
/// closing quote or a word in lower case ("Kyle R and Liam", "Connor J (surname unknown)",
/// "\"Ricky D\"", not "Kyle A Smith" nor "Kyle I think").
fn widen_over_month_or_initial(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    finding: &mut Finding,
) {
    if finding.kind != FindingKind::Name || finding.text.contains(',') {
        return;
    }
    let Ok(first) = tokens.binary_search_by_key(&finding.span.start, |t| t.start) else {
        return;
    };
    let month_name = |t: &Token| {
        t.capitalised
            && !t.glued
            && !t.possessive
            && lexicon.is_month(&t.folded)
            && lexicon.is_forename(&t.folded)
            && !overlaps_any(t.start, t.end, found)
    };
    let digit_after = |end: usize| {
        text[end..]
            .trim_start_matches([' ', ','])
            .starts_with(|c: char| c.is_ascii_digit())
    };
    if tokens[first].capitalised
        && let Some(before) = first.checked_sub(1).map(|i| &tokens[i])
        && month_name(before)
        && text[before.end..finding.span.start] == *" "
    {
        let time_before = {
            let left = text[..before.start].trim_end();
            let left = left.trim_end_matches(|c: char| c.is_ascii_alphabetic() && c.is_lowercase());
            left.ends_with(|c: char| c.is_ascii_digit())
                || super::lexicon::previous_word(text, before.start).is_some_and(|w| {
                    matches!(
                        fold::fold_str(&w).as_str(),
                        "in" | "on"
                            | "of"
                            | "since"
                            | "until"
                            | "till"
                            | "by"
                            | "during"
                            | "early"
                            | "late"
                            | "mid"
                            | "last"
                            | "next"
                            | "this"
                            | "every"
                            | "end"
                            | "before"
                            | "after"
                            | "between"
                    )
                })
        };
        if !time_before {
            finding.span = Span::new(before.start, finding.span.end);
        }
    }
    let Ok(last) = tokens.binary_search_by_key(&finding.span.end, |t| t.end) else {
        finding.text = text[finding.span.start..finding.span.end].to_string();
        return;
    };
    if !tokens[last].possessive
        && let Some(after) = tokens.get(last + 1)
        && text[tokens[last].end..after.start] == *" "
    {
        let initial = is_initial(text, after)
            && !matches!(&text[after.start..after.end], "A" | "I")
            && !overlaps_any(after.start, after.end, found)
            && {
                let rest = text[after.end..].trim_start_matches([' ', '\t']);
                rest.is_empty()
                    || rest.starts_with([
                        '.', ',', ';', ':', '(', ')', '!', '?', '&', '#', '\n', '-', '"', '”',
                        '\'', '’',
                    ])
                    || (text[after.end..].starts_with(' ')
                        && rest.starts_with(|c: char| c.is_lowercase()))
            };
        if initial || (month_name(after) && !digit_after(after.end)) {
            finding.span = Span::new(finding.span.start, after.end);
        }
    }
    finding.text = text[finding.span.start..finding.span.end].to_string();
}

/// "Will is her brother", "Mark May is her uncle", "Dean Street was Jade's cousin": one to three
/// capitalised words opening a sentence, then "is" or "was", a possessor and a relationship
/// (never a role), name someone whatever their words (`unregistered.name-relationship`). Not a
/// pronoun, a determiner or a question word ("He is her brother", "This is her mum", "Who is
/// her dad"), a word in capitals, or a word already found or inside a relationship ("Mum is her
/// carer").
fn name_is_relationship(
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for &(phrase_start, _, role) in phrases {
        if role {
            continue;
        }
        let before = &text[..phrase_start];
        let Some(rest) = ["her ", "his ", "their ", "my ", "your ", "our "]
            .iter()
            .find_map(|possessor| before.strip_suffix(possessor))
            .or_else(|| {
                // A name's possessive: "was Jade's cousin".
                let word_start = before.trim_end().rfind(' ').map_or(0, |at| at + 1);
                let word = before[word_start..].trim_end();
                (word.ends_with("'s") || word.ends_with("’s")).then(|| &before[..word_start])
            })
        else {
            continue;
        };
        let Some(run_end) = [" is ", " was "]
            .iter()
            .find_map(|verb| rest.strip_suffix(verb))
            .map(str::len)
        else {
            continue;
        };
        let Ok(last) = tokens.binary_search_by_key(&run_end, |t| t.end) else {
            continue;
        };
        let usable = |t: &Token| {
            t.capitalised
                && !t.all_caps
                && !t.glued
                && !t.possessive
                && !is_determiner_or_pronoun(&t.folded)
                && !matches!(
                    t.folded.as_str(),
                    "who"
                        | "what"
                        | "which"
                        | "why"
                        | "how"
                        | "when"
                        | "where"
                        | "there"
                        | "here"
                        | "she's"
                        | "he's"
                )
                && !overlaps_any(t.start, t.end, found)
                && !inside_phrase(phrases, t.start, t.end)
        };
        let mut first = last;
        while first > 0
            && last - first < 2
            && usable(&tokens[first - 1])
            && text[tokens[first - 1].end..tokens[first].start] == *" "
        {
            first -= 1;
        }
        if !tokens[first..=last].iter().all(usable)
            || !sentence_boundary_before(text, tokens[first].start)
        {
            continue;
        }
        out.push(unregistered_person(
            text,
            tokens[first].start,
            tokens[last].end,
            const { RuleId::known("unregistered.name-relationship") },
            "a name then `is` and a relationship (\"Will is her brother\")".to_string(),
            false,
        ));
    }
    out
}

/// Whether an institution's word follows a name, as it does a school, hospital or charity named
/// after someone ("Thomas Aveling School", "Princess Alexandra Hospital", "Lucy Faithfull
/// Foundation", "Florence Nightingale ward"): the words are the institution's, and the
/// subject's school or ward is their own story. Up to two capitalised English words may stand
/// between ("Queen Elizabeth Sixth Form College"). One space before each word, so no sentence
/// or line ends between; in lower case only "ward" and "unit".
fn before_institution_word(lexicon: &Lexicon, text: &str, end: usize) -> bool {
    let mut at = end;
    for _ in 0..3 {
        let Some(rest) = text[at..].strip_prefix(' ') else {
            return false;
        };
        let word = rest
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        if word.is_empty() {
            return false;
        }
        let folded = fold::fold_str(word);
        let capitalised = word.starts_with(char::is_uppercase);
        let institution = matches!(
            folded.as_str(),
            "school"
                | "academy"
                | "college"
                | "university"
                | "hospital"
                | "infirmary"
                | "hospice"
                | "foundation"
                | "trust"
                | "charity"
                | "primary"
                | "nursery"
                | "surgery"
                | "clinic"
                | "institute"
                | "centre"
                | "center"
                | "library"
                | "museum"
                | "stadium"
                | "arena"
                | "memorial"
                | "ward"
                | "unit"
        );
        if institution && (capitalised || matches!(folded.as_str(), "ward" | "unit")) {
            return true;
        }
        if !capitalised || !lexicon.is_english_word(&folded) {
            return false;
        }
        at += 1 + word.len();
    }
    false
}

/// Whether a finding at `start` names a pet: right after a word for one, with "called" or
/// "named" between or not ("her dog Max", "a cat called Tigger"). A child's pets are part of
/// their story, and no one's personal data.
fn after_pet_word(text: &str, tokens: &[Token], start: usize) -> bool {
    let at = tokens.partition_point(|t| t.start < start);
    let pet = |t: &Token| {
        t.lower
            && matches!(
                t.folded.as_str(),
                "dog"
                    | "dogs"
                    | "puppy"
                    | "cat"
                    | "cats"
                    | "kitten"
                    | "hamster"
                    | "rabbit"
                    | "bunny"
                    | "pony"
                    | "horse"
                    | "budgie"
                    | "parrot"
                    | "tortoise"
                    | "goldfish"
                    | "pet"
                    | "pets"
            )
    };
    let Some(before) = at.checked_sub(1).map(|i| &tokens[i]) else {
        return false;
    };
    let next_to = |t: &Token, end: usize| text[t.end..end] == *" ";
    if pet(before) && next_to(before, start) {
        return true;
    }
    matches!(before.folded.as_str(), "called" | "named")
        && next_to(before, start)
        && at
            .checked_sub(2)
            .map(|i| &tokens[i])
            .is_some_and(|p| pet(p) && next_to(p, before.start))
}

/// "Darren HOPE, 34", "Kyle BARNES": a surname in capitals after a given name in mixed case,
/// the way police and agency records write a person (`unregistered.capitals-surname`), where
/// the surname is also a word another rule would not take ("HOPE") or the given name was taken
/// as someone else's (the register's Darren). The given name is one a rule found or the lists
/// know; the surname three letters or more, not an acronym, a verb or a modal ("Darren DID",
/// "Darren WILL"), nor the start of a shouted run ("Darren DID NOT ATTEND"), and no word of a
/// kept name (the subject's "Jade CARTER"). For review.
fn capitals_surnames(
    detector: &Detector,
    text: &str,
    tokens: &[Token],
    found: &[Span],
) -> Vec<Finding> {
    let lexicon = &detector.lexicon;
    let mut out = Vec::new();
    for (index, token) in tokens.iter().enumerate().skip(1) {
        let given = &tokens[index - 1];
        let shouted_on = tokens
            .get(index + 1)
            .is_some_and(|next| next.all_caps && text[token.end..next.start] == *" ");
        // "Connor WELSH": a word that is never a name in prose (a nationality) is a surname
        // here if the lists hold it, unless it labels what follows ("Kieran ENGLISH: good").
        let not_name = || {
            lexicon.is_not_name(&token.folded)
                && (!lexicon.is_surname(&token.folded) || text[token.end..].starts_with(':'))
        };
        let surname_shaped = || {
            token.all_caps
                && !token.glued
                && token.folded.chars().count() >= 3
                && token.folded.chars().all(char::is_alphabetic)
                && !overlaps_any(token.start, token.end, found)
                && !lexicon.is_acronym(&token.folded)
                && !not_name()
                && !lexicon.is_person_verb(&token.folded)
                && !is_modal(&token.folded)
                && !is_saying_verb(&token.folded)
                && !detector.kept_words.contains(&token.folded)
                && (lexicon.is_surname(&token.folded)
                    || lexicon.is_census_name(&token.folded)
                    || !(lexicon.is_english_word(&token.folded)
                        || lexicon.is_common_word(&token.folded)))
                && !shouted_on
        };
        // "Maisie Lord, aged 15", "Sharon Judge said": a title word the lists also hold as a
        // surname, after a given name and before no other name, is the surname.
        let title_surname = || {
            token.capitalised
                && !token.all_caps
                && !token.glued
                && token.folded.chars().count() >= 3
                && lexicon.titles.contains_key(&token.folded)
                && lexicon.is_surname(&token.folded)
                && !overlaps_any(token.start, token.end, found)
                && tokens
                    .get(index + 1)
                    .is_none_or(|next| !next.capitalised || text[token.end..next.start] != *" ")
        };
        let why = if surname_shaped() {
            "a surname in capitals after a given name, as police and agency records write one (\"Darren HOPE\")"
        } else if title_surname() {
            "a title word that is also a surname, after a given name (\"Maisie Lord\")"
        } else {
            continue;
        };
        // The given name is a name of one word a rule found ("Darren" the register took) or a
        // forename the lists know; never the last word of a longer name ("John Arnold NYMEX":
        // "Arnold" is a surname, and the capitals after it an organisation's). Asked only of a
        // word shaped like a surname.
        let found_alone = {
            let at = found.partition_point(|span| span.end <= given.start);
            found
                .get(at)
                .filter(|span| span.start < given.end)
                .map(|span| span.start == given.start && span.end == given.end)
        };
        let given_name = given.capitalised
            && !given.all_caps
            && !given.glued
            && !given.possessive
            && text[given.end..token.start] == *" "
            && match found_alone {
                Some(alone) => alone,
                None => {
                    lexicon.is_forename(&given.folded)
                        && index.checked_sub(2).is_none_or(|i| {
                            let before = &tokens[i];
                            !(before.capitalised && text[before.end..given.start] == *" ")
                        })
                }
            };
        if given_name {
            out.push(unregistered_person(
                text,
                token.start,
                token.end,
                const { RuleId::known("unregistered.capitals-surname") },
                why.to_string(),
                true,
            ));
        }
    }
    out
}

/// "Lee Cheuk-yan", "Yau Wai-ching", "Park Joo-Ho": a surname and a given name of two
/// syllables joined by a hyphen, as Cantonese and Korean names are written in English (issue
/// 14's news set: the lists hold the surnames, not the given names). The surname is capitalised,
/// not in capitals, a surname the lists or the census gazetteer hold or no English word; the
/// given name is one word `Xx-xx` of two parts of two to six letters, the whole no English word
/// and at least one part none ("Kwok-kin", not "Mid-Term"). For review.
fn hyphenated_given_names(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
) -> Vec<Finding> {
    let syllable = |part: &str| {
        (2..=6).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic)
    };
    let mut out = Vec::new();
    for pair in tokens.windows(2) {
        let (surname, given) = (&pair[0], &pair[1]);
        let given_text = &text[given.start..given.end];
        let Some((one, two)) = given_text.split_once('-') else {
            continue;
        };
        let surname_ok = surname.capitalised
            && !surname.all_caps
            && !surname.glued
            && (2..=8).contains(&surname.folded.chars().count())
            && surname.folded.chars().all(char::is_alphabetic)
            && (lexicon.is_surname(&surname.folded)
                || lexicon.is_census_name(&surname.folded)
                || !lexicon.is_english_word(&surname.folded))
            && !lexicon.is_not_name(&surname.folded)
            && !lexicon.titles.contains_key(&surname.folded);
        let given_ok = given.capitalised
            && !given.all_caps
            && !given.glued
            && syllable(one)
            && syllable(two)
            && !lexicon.is_english_word(&given.folded)
            && [one, two]
                .iter()
                .any(|part| !lexicon.is_english_word(&fold::fold_str(part)));
        if !surname_ok
            || !given_ok
            || text[surname.end..given.start] != *" "
            || overlaps_any(surname.start, given.end, found)
        {
            continue;
        }
        out.push(unregistered_person(
            text,
            surname.start,
            given.end,
            const { RuleId::known("unregistered.hyphenated-given-name") },
            "a surname and a two-part given name joined by a hyphen (\"Lee Cheuk-yan\")"
                .to_string(),
            true,
        ));
    }
    out
}

/// "Jeff Rathke ... Rathke also asked": the last word of a name of two words or more that a
/// rule found is looked for alone in the rest of the same text (issue 14: news and case notes
/// name a person in full once, then by surname). A word taken so is capitalised, not in
/// capitals, three letters or more, no title, not followed by a
/// place or organisation word ("Warhol Foundation" is still taken: "Warhol Street" is not), and
/// an English word only in mid-sentence and not after an article ("Chuck Close ... Close said",
/// not "Close the door"); a common word, month, place or other not-name word of four letters or
/// more only before a verb only a person does ("Jack Lane ... Lane shouted", "Dean Street ...
/// Street said", "Valeska Paris ... Paris claims"). The name it comes from is any rule's but the model's; the finding is
/// for review and, like the guess it may rest on, looked for only in its own record.
fn surnames_again(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    taken: &[Span],
    found: &[Finding],
) -> Vec<Finding> {
    let mut surnames: Vec<(String, String, bool)> = Vec::new();
    for finding in found {
        // The model's and the capitalised-words guesses ("Hong Kong", "Los Angeles") name no
        // one surely enough to look for their last word again; in "SMITH, John" the last word
        // is the forename.
        if finding.owner != Owner::UnregisteredPerson
            || finding.kind != FindingKind::Name
            || matches!(
                finding.rule.as_str(),
                "unregistered.model"
                    | "unregistered.capitalised-name"
                    | "unregistered.surname-forename"
            )
        {
            continue;
        }
        let words: Vec<&str> = finding.text.split_whitespace().collect();
        if words.len() < 2 {
            continue;
        }
        let raw = words[words.len() - 1].trim_end_matches(['.', ',']);
        let last = raw
            .strip_suffix("'s")
            .or_else(|| raw.strip_suffix("’s"))
            .unwrap_or(raw);
        let folded = fold::fold_str(last);
        if folded.chars().count() < 3
            || !last.chars().next().is_some_and(char::is_uppercase)
            || lexicon.titles.contains_key(&folded)
            || (lexicon.is_english_word(&folded) && !lexicon.is_surname(&folded))
            || super::register::is_particle(&folded)
            || surnames.iter().any(|(f, _, _)| *f == folded)
        {
            continue;
        }
        // A surname that is also a place or a common word ("Valeska Paris", "Dean Street",
        // "Jack Lane", issue 14) is taken again only where a verb only a person does follows it
        // ("Paris claims", "Street said"), not where the place is meant ("Street is").
        let place = lexicon.is_not_name(&folded) || lexicon.is_common_word(&folded);
        if place && folded.chars().count() < 4 {
            continue;
        }
        surnames.push((folded, finding.text.clone(), place));
    }
    if surnames.is_empty() {
        return Vec::new();
    }
    let mut busy: Vec<Span> = taken.to_vec();
    busy.extend(found.iter().map(|f| f.span));
    let busy = merged(&busy);
    let mut out = Vec::new();
    for token in tokens {
        let Some((_, name, place)) = surnames.iter().find(|(f, _, _)| *f == token.folded) else {
            continue;
        };
        if *place
            && !super::lexicon::next_word(text, token.end)
                .is_some_and(|next| lexicon.is_telling_verb(&fold::fold_str(&next)))
        {
            continue;
        }
        // "Mikel@Lindsaar <raasdnil@gmail.com>", a display name written as a handle: the
        // surname after an `@` is still the person's where no domain's dot follows it.
        let handle = text[..token.start].ends_with('@') && !text[token.end..].starts_with('.');
        if !token.capitalised
            || token.all_caps
            || (token.glued && !handle)
            || overlaps_any(token.start, token.end, &busy)
            || !lexicon.name_in_context(text, token.start, token.end)
        {
            continue;
        }
        if lexicon.is_english_word(&token.folded) {
            let after_article = super::lexicon::previous_word(text, token.start)
                .is_some_and(|w| matches!(fold::fold_str(&w).as_str(), "the" | "a" | "an"));
            if sentence_boundary_before(text, token.start) || after_article {
                continue;
            }
        }
        out.push(unregistered_person(
            text,
            token.start,
            token.end,
            const { RuleId::known("unregistered.surname-again") },
            format!("the surname of `{name}`, found earlier in the same text"),
            true,
        ));
    }
    out
}

/// A name in a list of names ("Jaxon, Kezia and Mia", "Romelu Lukaku, Yannick Carrasco, and
/// Dries Mertens"; issue 14): the items of a list are alike, so where most items of a list of
/// capitalised runs are names found by other rules, a run the rules missed is a name too. A list
/// is runs of one to three capitalised words on one line separated by `,`, `and`, `&` or `or`.
/// The run taken is capitalised, not in capitals, holds no not-name, title, place or organisation
/// word, is inside no relationship or role phrase, and has a word that is no English or common
/// word ("Dries Mertens", not "Tuesday" or "Social Services"). The register's people count as
/// names ("Jade and Tiegan were excluded"). For review.
fn listed_with_names(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    taken: &[Span],
    people: &[Span],
    found: &[Finding],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let names: Vec<Span> = merged(
        &found
            .iter()
            .filter(|f| f.kind == FindingKind::Name)
            .map(|f| f.span)
            .chain(people.iter().copied())
            .collect::<Vec<_>>(),
    );
    if names.is_empty() {
        return Vec::new();
    }
    // Runs of capitalised words on one line.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if !tokens[index].capitalised || tokens[index].glued {
            index += 1;
            continue;
        }
        let mut last = index;
        while last + 1 < tokens.len()
            && last - index < 2
            && tokens[last + 1].capitalised
            && !tokens[last + 1].glued
            && joins(text, &tokens[last], &tokens[last + 1])
            && !text[tokens[last].end..tokens[last + 1].start].contains('\n')
        {
            last += 1;
        }
        runs.push((index, last));
        index = last + 1;
    }
    let separated = |left: &(usize, usize), right: &(usize, usize)| {
        let gap = &text[tokens[left.1].end..tokens[right.0].start];
        if gap.contains('\n') || tokens[left.1].possessive {
            return false;
        }
        // Quotes right around an item are no separator ("\"Mads\" and \"Liv\""); a quote
        // with a space inside opens or closes a quotation ("the Chechen Republic , \" Lebed").
        let gap = gap.strip_prefix(['"', '”']).unwrap_or(gap);
        let gap = gap.strip_suffix(['"', '“']).unwrap_or(gap);
        let gap = gap.split_whitespace().collect::<Vec<_>>().join(" ");
        matches!(
            gap.as_str(),
            "," | "and" | "&" | "or" | ", and" | ", or" | ", &"
        )
    };
    let is_name =
        |run: &(usize, usize)| overlaps_any(tokens[run.0].start, tokens[run.1].end, &names);
    let mut out = Vec::new();
    let mut first = 0;
    while first < runs.len() {
        let mut last = first;
        while last + 1 < runs.len() && separated(&runs[last], &runs[last + 1]) {
            last += 1;
        }
        let list = &runs[first..=last];
        let named = list.iter().filter(|run| is_name(run)).count();
        // "Zak, Zac and Zack": with a name found, a given name of the longer lists that is no
        // English word counts towards the half.
        let given = list
            .iter()
            .filter(|run| {
                !is_name(run)
                    && tokens[run.0..=run.1].iter().all(|w| {
                        (lexicon.is_forename(&w.folded) || lexicon.is_more_forename(&w.folded))
                            && !lexicon.is_english_word(&w.folded)
                            && !lexicon.is_common_word(&w.folded)
                    })
            })
            .count();
        if list.len() >= 2 && named >= 1 && (named + given) * 2 >= list.len() {
            for run in list {
                let words = &tokens[run.0..=run.1];
                let (start, end) = (words[0].start, words[words.len() - 1].end);
                let after = text[end..].trim_start();
                // "in Yekaterinburg, Russia", "the schools of Cruden and Ellon": a list after a
                // word of place holds places.
                let place_before = super::lexicon::previous_word(text, start).is_some_and(|w| {
                    matches!(
                        fold::fold_str(&w).as_str(),
                        "in" | "at" | "of" | "from" | "near" | "against" | "between" | "to"
                    )
                });
                // A word in quotes in a list of names is a nickname, whatever its words
                // ("\"Tiny\", Rob H. and Trace", "\"Mads\" and \"Liv\"").
                let quoted =
                    text[..start].ends_with(['"', '“']) && text[end..].starts_with(['"', '”']);
                // "the Turks and Tatars": a people, not a person; "Jr": a generation.
                let plural_or_suffix = !quoted
                    && words.len() == 1
                    && ((words[0].folded.ends_with('s')
                        && !lexicon.is_forename(&words[0].folded)
                        && !lexicon.is_surname(&words[0].folded)
                        && !lexicon.is_census_name(&words[0].folded))
                        || matches!(words[0].folded.as_str(), "jr" | "sr" | "ii" | "iii" | "iv"));
                // "Me and Tyler", "Us and Jade": a pronoun of two letters is no one named.
                let short_word = words.len() == 1 && words[0].folded.chars().count() < 3;
                // "Destiny and Harmony", "River and Sky": one word of the common words that are
                // given names too is the name here. Not a month, a family word, a verb that the
                // list holds among them ("said", "can"), nor "Love" signing off ("Love,
                // Mackenna").
                let common_given_name = words.len() == 1
                    && lexicon.is_common_word(&words[0].folded)
                    && !lexicon.is_month(&words[0].folded)
                    && !is_family_title(&words[0].folded)
                    && !is_saying_verb(&words[0].folded)
                    && !matches!(words[0].folded.as_str(), "can" | "long" | "day" | "love");
                // "Kacey Ward, Liberty Ward and Mary Ward": a given name and the surname another
                // item found as a name ends with, as siblings are listed; its words may be words.
                let shares_surname = words.len() >= 2
                    && list.iter().any(|other| {
                        other != run
                            && other.1 > other.0
                            && is_name(other)
                            && tokens[other.1].folded == words[words.len() - 1].folded
                    });
                // A name found in part ("Ward" of "Liberty Ward" the model took) is taken whole
                // when it shares the surname.
                let whole_name = names
                    .iter()
                    .any(|span| span.start <= start && end <= span.end);
                if (is_name(run) && (whole_name || !shares_surname))
                    || place_before
                    || plural_or_suffix
                    || short_word
                    // "Present: Kayleigh, Anita Shah (SW)": a professional in role.
                    || professional_in_role(lexicon, text, phrases, start, end)
                    || overlaps_any(start, end, taken)
                    // "Väike-Laagri 80": an address; "Youngspiration 's": an owner.
                    || after.starts_with(|c: char| c.is_ascii_digit())
                    || after.starts_with("'s")
                    || after.starts_with("\u{2019}s")
                    || words.iter().any(|w| {
                        w.all_caps
                            || w.possessive
                            // "I'm", "I'll": a contraction, not "O'Brien".
                            || (w.folded.contains('\'')
                                && !w.folded.starts_with("o'")
                                && !w.folded.starts_with("d'"))
                            || not_name_token(w, lexicon)
                            || lexicon.titles.contains_key(&w.folded)
                            // The shared surname may be a place word ("Ward", "Hall").
                            || (lexicon.is_place_word(&w.folded)
                                && !(shares_surname && w.end == end))
                            || lexicon.is_organisation_word(&w.folded)
                            || inside_phrase(phrases, w.start, w.end)
                    })
                    || (!quoted
                        && !common_given_name
                        && !shares_surname
                        && words.iter().all(|w| {
                            lexicon.is_english_word(&w.folded) || lexicon.is_common_word(&w.folded)
                        }))
                {
                    continue;
                }
                out.push(unregistered_person(
                    text,
                    start,
                    end,
                    const { RuleId::known("unregistered.listed-with-name") },
                    "in a list whose other items are names (\"Jaxon, Kezia and Mia\")".to_string(),
                    true,
                ));
            }
        }
        first = last + 1;
    }
    out
}

/// "JADE SEEN WITH KYLE AND DEZ", "LOCATED WITH TIEGAN, MARCUS AND SHAY": a list in a line in
/// capitals, as police logs write one (`unregistered.listed-with-name`, review). In capitals every
/// word is capitalised, so `listed_with_names` sees one run and no list. Here a word in capitals
/// joined by `,`, `AND`, `&` or `OR` to a name in capitals that a rule or the register found is a
/// name too, when it is three letters or more and no English, common, title, place, organisation,
/// month or not-name word, nor an acronym, a verb or a word without a vowel ("KYLE AND DEZ", not
/// "KYLE AND FRIENDS", "KYLE OR POLICE", "TYSON AND KFC"). The list runs on through found names
/// only: a word taken here is one guess, and the word after it is not weighed against it.
fn listed_in_capitals(
    detector: &Detector,
    text: &str,
    tokens: &[Token],
    found: &[Span],
) -> Vec<Finding> {
    let lexicon = &detector.lexicon;
    let name_like = |t: &Token| {
        t.all_caps
            && !t.glued
            && !t.possessive
            && t.folded.chars().count() >= 3
            && t.folded.chars().all(char::is_alphabetic)
            && t.folded.contains(['a', 'e', 'i', 'o', 'u', 'y'])
            && !lexicon.is_english_word(&t.folded)
            && !lexicon.is_common_word(&t.folded)
            && !lexicon.is_not_name(&t.folded)
            && !lexicon.is_acronym(&t.folded)
            && !lexicon.titles.contains_key(&t.folded)
            && !lexicon.is_place_word(&t.folded)
            && !lexicon.is_organisation_word(&t.folded)
            && !lexicon.is_month(&t.folded)
            && !lexicon.is_person_verb(&t.folded)
            && !is_modal(&t.folded)
            && !is_saying_verb(&t.folded)
            && !detector.kept_words.contains(&t.folded)
    };
    // The separator between tokens `left` and `right`: `,` or `&` alone, or `AND`/`OR` in
    // capitals standing between them (then `right` is the word after it).
    let joined = |left: usize, right: usize| -> bool {
        let gap = text[tokens[left].end..tokens[right].start].trim();
        matches!(gap, "," | "&" | ", &")
    };
    let conjunction = |t: &Token| t.all_caps && matches!(t.folded.as_str(), "and" | "or");
    // The index of the list item after the word `at`, on the same line: the next word after a
    // comma or "&", or the word after "AND" or "OR".
    let next_item = |at: usize| -> Option<usize> {
        let after = at + 1;
        let word = tokens.get(after)?;
        if text[tokens[at].end..word.start].contains('\n') {
            return None;
        }
        if joined(at, after) {
            return Some(after);
        }
        let gap = text[tokens[at].end..word.start].trim();
        if conjunction(word) && matches!(gap, "" | ",") {
            let item = tokens.get(after + 1)?;
            return (text[word.end..item.start] == *" ").then_some(after + 1);
        }
        None
    };
    let in_capitals_name = |index: usize| {
        tokens[index].all_caps && overlaps_any(tokens[index].start, tokens[index].end, found)
    };
    let mut items: Vec<usize> = Vec::new();
    for index in 0..tokens.len() {
        if !in_capitals_name(index) {
            continue;
        }
        // Rightwards: "KYLE AND DEZ", past the list's found names to the first other item.
        let mut next = next_item(index);
        while let Some(name) = next.filter(|&item| in_capitals_name(item)) {
            next = next_item(name);
        }
        if let Some(item) = next.filter(|&item| name_like(&tokens[item]) && !items.contains(&item))
        {
            items.push(item);
        }
        // Leftwards, one item standing alone: "DEZ AND KYLE".
        if let Some(item) = (index.saturating_sub(2)..index)
            .find(|&item| next_item(item) == Some(index))
            .filter(|&item| name_like(&tokens[item]) && !items.contains(&item))
            && item.checked_sub(1).is_none_or(|i| {
                !(name_like(&tokens[i]) && text[tokens[i].end..tokens[item].start] == *" ")
            })
        {
            items.push(item);
        }
    }
    items.sort_unstable();
    items
        .into_iter()
        .filter(|&item| !overlaps_any(tokens[item].start, tokens[item].end, found))
        .map(|item| {
            unregistered_person(
                text,
                tokens[item].start,
                tokens[item].end,
                const { RuleId::known("unregistered.listed-with-name") },
                "in a list in capitals whose other item is a name (\"KYLE AND DEZ\")".to_string(),
                true,
            )
        })
        .collect()
}

/// Whether a guess holds a word of a name someone kept bears (the subject's, a professional's,
/// a consenting person's): the model and the list rule never take one.
fn bears_kept_word(detector: &Detector, finding: &Finding) -> bool {
    finding
        .text
        .split_whitespace()
        .any(|word| detector.kept_words.contains(&fold::fold_str(word)))
}

/// "me and Tiegan got drunk", "me n kez", "Tiegan and me", "Marnie and I": someone listed with the
/// writer (`unregistered.listed-with-name`, review). The word is capitalised (not in capitals) or,
/// in English text, in lower case, three letters or more, and no English, common, not-name,
/// place or title word ("me and Mum", "me and Tesco's" are no one named), nor inside a
/// relationship or role phrase; a capitalised word after it that is no English word goes with it
/// ("me and Tiegan Moss").
fn listed_with_me(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let joined_by = |left: &Token, right: &Token| {
        let between = &text[left.end..right.start];
        let gap = between.split_whitespace().collect::<Vec<_>>();
        !between.contains('\n')
            && between.starts_with(char::is_whitespace)
            && between.ends_with(char::is_whitespace)
            && matches!(gap.as_slice(), ["and"] | ["n"] | ["&"] | ["an"])
    };
    // "and" and "n" are tokens too ("&" is not): the gap test above reads across them.
    let word_at = |i: usize| tokens.get(i).map(|t| t.folded.as_str());
    let candidate = |t: &Token, i: usize| {
        let usable = !t.glued
            && !t.possessive
            && !t.all_caps
            && t.folded.chars().count() >= 3
            && !overlaps_any(t.start, t.end, found)
            && !lexicon.is_english_word(&t.folded)
            && !lexicon.is_common_word(&t.folded)
            && !lexicon.is_not_name(&t.folded)
            && !lexicon.is_place_word(&t.folded)
            && !lexicon.titles.contains_key(&t.folded)
            && !inside_phrase(phrases, t.start, t.end);
        usable && (t.capitalised || (t.lower && english_around(lexicon, tokens, i, i)))
    };
    let me = |j: usize| word_at(j) == Some("me");
    let i_pronoun = |j: usize| {
        tokens
            .get(j)
            .is_some_and(|t| text[t.start..t.end] == *"I" || text[t.start..t.end] == *"me")
    };
    let mut out = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        // The word is tokens[i]; "me and" before it is tokens[i-2], or "and me" after it.
        let after_me = i >= 2
            && me(i - 2)
            && matches!(word_at(i - 1), Some("and" | "n" | "an"))
            && joined_by(&tokens[i - 2], token);
        let after_me_ampersand = i >= 1 && me(i - 1) && joined_by(&tokens[i - 1], token);
        // "Marnie and I" opens a clause; "a PhD and I", "in Vegas and I" do not.
        let opens_clause = sentence_boundary_before(text, token.start)
            || super::lexicon::previous_word(text, token.start).is_some_and(|w| {
                matches!(
                    fold::fold_str(&w).as_str(),
                    "with"
                        | "said"
                        | "says"
                        | "and"
                        | "but"
                        | "so"
                        | "then"
                        | "when"
                        | "cos"
                        | "because"
                        | "that"
                )
            });
        let before_me = opens_clause
            && tokens.get(i + 2).is_some()
            && i_pronoun(i + 2)
            && matches!(word_at(i + 1), Some("and" | "n" | "an"))
            && joined_by(token, &tokens[i + 2]);
        // "kez n tia", "jordan and ellis": beside a name found in lower case, a word in lower
        // case that is no word is a name too.
        let lower_name_at = |j: usize| {
            tokens
                .get(j)
                .is_some_and(|t| t.lower && overlaps_any(t.start, t.end, found))
        };
        let beside_lower_name = token.lower
            && !is_bare_contraction(&token.folded)
            && !is_chat_spelling(&token.folded)
            && ((i >= 2
                && lower_name_at(i - 2)
                && matches!(word_at(i - 1), Some("and" | "n" | "an"))
                && joined_by(&tokens[i - 2], token))
                || (i >= 1 && lower_name_at(i - 1) && joined_by(&tokens[i - 1], token))
                || (matches!(word_at(i + 1), Some("and" | "n" | "an"))
                    && lower_name_at(i + 2)
                    && joined_by(token, &tokens[i + 2]))
                || (lower_name_at(i + 1) && joined_by(token, &tokens[i + 1])));
        if !(after_me || after_me_ampersand || before_me || beside_lower_name)
            || !candidate(token, i)
        {
            continue;
        }
        let mut end = token.end;
        if token.capitalised
            && let Some(next) = tokens.get(i + 1)
            && next.capitalised
            && !next.all_caps
            && !next.glued
            && text[token.end..next.start] == *" "
            && !lexicon.is_english_word(&next.folded)
            && !lexicon.is_common_word(&next.folded)
            && !lexicon.is_not_name(&next.folded)
            && !lexicon.is_place_word(&next.folded)
        {
            end = next.end;
        }
        out.push(unregistered_person(
            text,
            token.start,
            end,
            const { RuleId::known("unregistered.listed-with-name") },
            if beside_lower_name {
                "listed with a name written in lower case (\"kez n tia\")"
            } else {
                "listed with the writer (\"me and Tiegan\", \"Marnie and I\")"
            }
            .to_string(),
            true,
        ));
    }
    out
}

/// "Fort William", "Port Talbot", "Santa Monica", "Storm Arwen": a word that makes the name after
/// it a place's or a storm's.
fn place_prefix(token: &Token) -> bool {
    token.capitalised && is_place_prefix(&token.folded)
}

/// The folded words of [`place_prefix`].
pub(crate) fn is_place_prefix(folded: &str) -> bool {
    matches!(
        folded,
        "san"
            | "santa"
            | "sao"
            | "fort"
            | "mount"
            | "port"
            | "lake"
            | "cape"
            | "hurricane"
            | "storm"
            | "typhoon"
            | "cyclone"
    )
}

/// Whether a finding at `start..end` names a place or a storm: right after a [`place_prefix`]
/// word, or beginning with one and longer ("Fort William" whole).
fn after_place_prefix(text: &str, tokens: &[Token], start: usize, end: usize) -> bool {
    let at = tokens.partition_point(|t| t.start < start);
    let before = at.checked_sub(1).map(|i| &tokens[i]).is_some_and(|p| {
        place_prefix(p) && p.end + 2 >= start && text[p.end..start].trim().is_empty()
    });
    let first_word = tokens
        .get(at)
        .is_some_and(|t| t.start == start && t.end < end && place_prefix(t));
    before || first_word
}

/// A finding of `text[start..end]` as the name of someone the register does not name, by
/// `rule`, with its reason; `review` marks it unsure (proposed for a person to check).
fn unregistered_person(
    text: &str,
    start: usize,
    end: usize,
    rule: RuleId,
    why: String,
    review: bool,
) -> Finding {
    Finding {
        span: Span::new(start, end),
        text: text[start..end].to_string(),
        kind: FindingKind::Name,
        owner: Owner::UnregisteredPerson,
        rule,
        why,
        review,
    }
}

/// A letter or mark of the Arabic script blocks (vowel signs are marks, not letters).
fn is_arabic(c: char) -> bool {
    let code = u32::from(c);
    (0x0600..=0x06ff).contains(&code)
        || (0x0750..=0x077f).contains(&code)
        || (0x08a0..=0x08ff).contains(&code)
        || (0xfb50..=0xfdff).contains(&code)
        || (0xfe70..=0xfeff).contains(&code)
}

/// Words in Arabic script (issue 14: a name in Arabic script beside its transliteration). The
/// word lists and the model read only Latin letters, so such words cannot be judged: each run of
/// them (on one line) is redacted and held for review (`unregistered.other-script`), never
/// guessed to be no name. Other scripts are not held (a Greek or Chinese word in a record ships
/// as written, issue 11 point 5): no leak of a name in them has been seen yet.
fn other_script(text: &str, taken: &[Span]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, out: &mut Vec<Finding>| {
        if let Some((start, end)) = run.take()
            && !overlaps_any(start, end, taken)
        {
            out.push(unregistered_person(text, start, end, const { RuleId::known("unregistered.other-script") }, "words in Arabic script, which the name lists cannot read (it may be a name): held for a person to read".to_string(), true));
        }
    };
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        if is_arabic(c) {
            run = Some(run.map_or((at, end), |(start, _)| (start, end)));
        } else if c == '\n'
            || !(c.is_whitespace() || matches!(c, '-' | '\'' | '.' | '\u{200c}' | '\u{200d}'))
        {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The spans of runs of words (two to five, one space between) that `not_name_phrases` lists:
/// works, characters and brands ("Harry Potter", "Bob the Builder").
fn not_name_phrase_spans(lexicon: &Lexicon, text: &str, tokens: &[Token]) -> Vec<Span> {
    let mut out = Vec::new();
    for first in 0..tokens.len() {
        if !tokens[first].capitalised {
            continue;
        }
        let mut folded = tokens[first].folded.clone();
        for last in first + 1..tokens.len().min(first + 5) {
            if text[tokens[last - 1].end..tokens[last].start] != *" " {
                break;
            }
            folded.push(' ');
            folded.push_str(&tokens[last].folded);
            if lexicon.is_not_name_phrase(&folded) {
                out.push(Span::new(tokens[first].start, tokens[last].end));
            }
        }
    }
    out
}

/// Whether a banking word stands within five words of `tokens[first..=last]` ("banks with
/// Chase", "her Chase account"): with it, a capitalised English word is the organisation.
fn organisation_near(lexicon: &Lexicon, tokens: &[Token], first: usize, last: usize) -> bool {
    tokens[first.saturating_sub(5)..(last + 6).min(tokens.len())]
        .iter()
        .any(|t| t.lower && lexicon.is_organisation_word(&t.folded))
}

/// A letter or mark of a script other than Latin and Arabic (Cyrillic, Greek, Chinese,
/// Devanagari ...): not punctuation, symbols or emoji. Marks count, so that a Devanagari word
/// with its vowel signs is one run.
fn is_other_script_letter(c: char) -> bool {
    let code = u32::from(c);
    let latin = c.is_ascii()
        || (0x00c0..=0x024f).contains(&code)
        || (0x1e00..=0x1eff).contains(&code)
        || (0x2c60..=0x2c7f).contains(&code)
        || (0xa720..=0xa7ff).contains(&code);
    let punctuation_or_symbol = (0x2000..=0x2bff).contains(&code)
        || (0x3000..=0x303f).contains(&code)
        || (0xfe30..=0xfe4f).contains(&code)
        || (0xff00..=0xff20).contains(&code)
        || code >= 0x1f000;
    !latin && !c.is_whitespace() && !punctuation_or_symbol && !is_arabic(c)
}

/// A name written in another script beside its transliteration (issue 14): "王伟 (Wang Wei)",
/// "Wang Wei (王伟)", "Александр Михайлов / Alexander Mikhailov". The lists cannot read the
/// other script, but a run of it (one to four words, one line) right before or after a name
/// found in Latin letters, with only spaces and one bracket or slash between, is that name
/// again: redacted and held for review (`unregistered.other-script-beside-name`). A Greek or
/// Chinese word elsewhere is left as written (issue 11 point 5; Arabic is held anyway).
pub(crate) fn other_script_beside_names(text: &str, findings: &[Finding]) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let separators = |c: char| matches!(c, ' ' | '\t' | '(' | ')' | '[' | ']' | '/' | '（' | '）');
    let push = |start: usize, end: usize, name: &str, out: &mut Vec<Finding>| {
        let run = text[start..end].trim();
        let words = run.split_whitespace().count();
        if run.is_empty() || words > 4 || out.iter().any(|f| f.span.start == start) {
            return;
        }
        let start = start + (text[start..end].len() - text[start..end].trim_start().len());
        // `run` is `text[start..start + run.len()]`: trimmed, and `start` moved past the spaces.
        out.push(unregistered_person(
            text,
            start,
            start + run.len(),
            const { RuleId::known("unregistered.other-script-beside-name") },
            format!(
                "words in a script the name lists cannot read, beside the name `{name}` (its spelling in that script?): held for a person to read"
            ),
            true,
        ));
    };
    for finding in findings
        .iter()
        .filter(|f| f.kind == FindingKind::Name && super::is_redacted(f))
    {
        // After: "Wang Wei (王伟)".
        let rest = &text[finding.span.end..];
        let gap = rest.len() - rest.trim_start_matches(separators).len();
        let gap_text = &rest[..gap];
        if gap_text
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t'))
            .count()
            <= 1
        {
            let from = finding.span.end + gap;
            let mut end = from;
            for (at, c) in text[from..].char_indices() {
                if is_other_script_letter(c) {
                    end = from + at + c.len_utf8();
                } else if !matches!(c, ' ' | '-' | '·' | '.') {
                    break;
                }
            }
            if end > from {
                push(from, end, &finding.text, &mut out);
            }
        }
        // Before: "王伟 (Wang Wei)".
        let head = &text[..finding.span.start];
        let kept = head.trim_end_matches(separators);
        if head[kept.len()..]
            .chars()
            .filter(|c| !matches!(c, ' ' | '\t'))
            .count()
            <= 1
        {
            let to = kept.len();
            let mut start = to;
            for (at, c) in kept.char_indices().rev() {
                if is_other_script_letter(c) {
                    start = at;
                } else if !matches!(c, ' ' | '-' | '·' | '.') {
                    break;
                }
            }
            if start < to {
                push(start, to, &finding.text, &mut out);
            }
        }
    }
    out
}

/// "\"Ask Tasha, she was there\"", "Ring Tasha now": a verb of getting in touch opening a
/// sentence or a quotation, before a capitalised word, tells someone to contact that person; it
/// is no name of its own (the model, which reads capitals, took "Ask" and "Ring").
fn contact_imperative(text: &str, tokens: &[Token], index: usize) -> bool {
    let token = &tokens[index];
    token.capitalised
        && !token.all_caps
        && matches!(
            token.folded.as_str(),
            "ask" | "tell" | "ring" | "call" | "text" | "message" | "phone" | "email" | "ping"
        )
        && (super::lexicon::sentence_boundary_before(text, token.start)
            || text[..token.start]
                .trim_end_matches(' ')
                .ends_with(['"', '“', '‘']))
        && tokens
            .get(index + 1)
            .is_some_and(|next| next.capitalised && text[token.end..next.start] == *" ")
}

/// How far below the model's threshold a word next to a word the model took may score and still
/// be taken with it (tuned on WNUT-17 train by five-fold cross-validation: 1.0 and 2.0 found 3
/// and 4 more of 660 person spans at the same 70.3% precision).
const NEIGHBOUR_MARGIN: f32 = 2.0;

/// Words the statistical model ([`super::person_model`]) scores as part of a name, joined into
/// spans when adjacent (`unregistered.model`, always for review); a word next to one taken,
/// scoring within [`NEIGHBOUR_MARGIN`] of the threshold, is taken with it.
fn model_names(
    model: &super::person_model::PersonModel,
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
    domains: &[String],
) -> Vec<Finding> {
    let candidate: Vec<bool> = (0..tokens.len())
        .map(|i| {
            let t = &tokens[i];
            !t.glued
                // The organisation an email address of the same text belongs to ("ENRON" beside
                // "kay.mann@ENRON.com", an Enron thread): the model, trained on posts, read the
                // company as a name, and every other mention in the record went with it.
                && !domains.contains(&t.folded)
                && t.folded.chars().count() >= 3
                && !overlaps_any(t.start, t.end, found)
                && !inside_phrase(phrases, t.start, t.end)
                && !not_name_token(t, lexicon)
                && !lexicon.titles.contains_key(&t.folded)
                && !(t.all_caps && lexicon.is_acronym(&t.folded))
                && !contact_imperative(text, tokens, i)
                // Only words that could be names are scored (most words are ordinary words in
                // lower case; scoring every one would slow detection several times).
                // ("penny", "holly": a name that is also a word is not read in lower case).
                && (t.capitalised
                    || !(lexicon.is_english_word(&t.folded) || lexicon.is_common_word(&t.folded)))
                // "Mum banks with Chase": an English word by a banking word is the bank.
                && !((lexicon.is_english_word(&t.folded) || lexicon.is_common_word(&t.folded))
                    && organisation_near(lexicon, tokens, i, i))
        })
        .collect();
    let scores: Vec<f32> = (0..tokens.len())
        .map(|i| {
            if candidate[i] {
                model.score(text, tokens, i, lexicon)
            } else {
                f32::MIN
            }
        })
        .collect();
    let mut positive: Vec<bool> = (0..tokens.len())
        .map(|i| candidate[i] && scores[i] > model.threshold)
        .collect();
    // A word next to a word the model took, scoring within NEIGHBOUR_MARGIN of the threshold,
    // is the rest of the same name ("Justin" taken, "Bieber" just below): without it half a name
    // is redacted and the other half ships. Two passes reach a third word.
    for _ in 0..2 {
        for i in 0..tokens.len() {
            if positive[i] || scores[i] <= model.threshold - NEIGHBOUR_MARGIN {
                continue;
            }
            let left = i > 0
                && positive[i - 1]
                && text[tokens[i - 1].end..tokens[i].start] == *" "
                && !tokens[i - 1].possessive;
            let right = i + 1 < tokens.len()
                && positive[i + 1]
                && text[tokens[i].end..tokens[i + 1].start] == *" "
                && !tokens[i].possessive;
            positive[i] = left || right;
        }
    }
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        if !positive[index] {
            index += 1;
            continue;
        }
        let mut last = index;
        while last + 1 < tokens.len()
            && positive[last + 1]
            && text[tokens[last].end..tokens[last + 1].start] == *" "
            && !tokens[last].possessive
        {
            last += 1;
        }
        let (start, end) = (tokens[index].start, tokens[last].end);
        // A professional in role ("Kevin Osei, social worker") or with an official title is kept.
        // Judged on the whole capitalised run around it: "Carl" of "Carl Hall, social worker".
        let (mut run_first, mut run_last) = (index, last);
        while run_first > 0
            && tokens[run_first - 1].capitalised
            && text[tokens[run_first - 1].end..tokens[run_first].start] == *" "
        {
            run_first -= 1;
        }
        while run_last + 1 < tokens.len()
            && tokens[run_last + 1].capitalised
            && text[tokens[run_last].end..tokens[run_last + 1].start] == *" "
        {
            run_last += 1;
        }
        let (run_start, run_end) = (tokens[run_first].start, tokens[run_last].end);
        // "4308 Morris Street", "99530 Martin Linges veg": a street or town (see
        // `after_house_number`).
        if after_house_number(text, run_start) {
            index = last + 1;
            continue;
        }
        // The run may begin with the role itself, in capitals ("SW Anita Shah visited").
        let in_role = [(run_start, run_end), (start, end)].iter().any(|&(s, e)| {
            let (before, after) = phrase_next_to(text, phrases, s, e);
            before == Some(Side::Role) || after == Some(Side::Role)
        });
        let official = [run_start, start].iter().any(|&at| {
            lexicon
                .title_before_text(text, at)
                .is_some_and(|t| t.professional)
        }) || lexicon
            .titles
            .get(&tokens[run_first].folded)
            .is_some_and(|t| t.professional);
        if in_role || official {
            index = last + 1;
            continue;
        }
        out.push(unregistered_person(
            text,
            start,
            end,
            const { RuleId::known("unregistered.model") },
            "the person-name model (trained on informal text) reads it as a name".to_string(),
            true,
        ));
        index = last + 1;
    }
    out
}

/// The words of the domains that two or more email addresses in `text` share, folded ("enron"
/// from "kay.mann@ENRON.com" and "Jeff.Skilling@enron.com", "hoegh" from two people at
/// "hoegh.no"): an organisation several people write from, not a person. Words of three
/// letters or more; a handle ("@big_gaz_77", no address before the `@`) gives none, and neither
/// does a domain only one address uses (a family's own, "jo@kowalczyk.pl").
fn email_domain_words(text: &str) -> Vec<String> {
    // Each domain word, with the local parts of the addresses that use it.
    let mut senders: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (at, _) in text.match_indices('@') {
        let local = &text[..at];
        let local = &local[local
            .rfind(|c: char| {
                !(c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\''))
            })
            .map_or(0, |i| {
                i + local[i..].chars().next().map_or(1, char::len_utf8)
            })..];
        if !local.chars().next_back().is_some_and(char::is_alphanumeric) {
            continue;
        }
        let rest = &text[at + 1..];
        let domain = &rest[..rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
            .unwrap_or(rest.len())];
        for label in domain.split(['.', '-', '_']) {
            let key = fold::fold_str(label);
            if key.len() >= 3 && key.chars().all(|c| c.is_ascii_alphabetic()) {
                senders
                    .entry(key)
                    .or_default()
                    .insert(fold::fold_str(local));
            }
        }
    }
    senders
        .into_iter()
        .filter(|(_, locals)| locals.len() >= 2)
        .map(|(key, _)| key)
        .collect()
}

/// The rest of a name written in lower case (issue 14): "Kylie minogue", "amy schumer", "aleena
/// Padikall". A name found by a rule is extended over the word right after it (one space between)
/// when that word is in lower case and no English word, common word or not-name, in English text;
/// and over a known forename in lower case right before it. The finding keeps its rule; its
/// reason says the span was extended.
fn extend_lower_case(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    taken: &[Span],
    out: &mut [Finding],
    more: &mut [Finding],
) {
    let mut spans: Vec<Span> = taken.to_vec();
    spans.extend(out.iter().chain(more.iter()).map(|f| f.span));
    let spans = merged(&spans);
    let plain = |t: &Token| {
        t.lower
            && !t.glued
            && !t.possessive
            && t.folded.chars().count() >= 3
            && !lexicon.is_english_word(&t.folded)
            && !lexicon.is_common_word(&t.folded)
            && !lexicon.is_not_name(&t.folded)
            && !lexicon.titles.contains_key(&t.folded)
            // Text speak is no one's surname ("tia sed", "kez wud").
            && !is_saying_verb(&t.folded)
            && !is_chat_spelling(&t.folded)
            && !is_bare_contraction(&t.folded)
            // "Zak ain't", "Kyle isn't": a contraction with its apostrophe neither.
            && !is_contraction(&t.folded)
            // "me n kasia goin maccies": nor a verb without its g.
            && !dropped_g(lexicon, &t.folded)
            // "Mohammed Zubair aka 'ZED'": nor the word that introduces another name.
            && !matches!(t.folded.as_str(), "aka" | "nee" | "née" | "alias")
            && !overlaps_any(t.start, t.end, &spans)
    };
    for finding in out.iter_mut().chain(more.iter_mut()) {
        if finding.kind != FindingKind::Name || finding.owner != Owner::UnregisteredPerson {
            continue;
        }
        let first = tokens.partition_point(|t| t.end <= finding.span.start);
        let last = tokens.partition_point(|t| t.start < finding.span.end);
        if first >= last || last > tokens.len() {
            continue;
        }
        let last = last - 1;
        let (mut start, mut end) = (finding.span.start, finding.span.end);
        if let Some(next) = tokens.get(last + 1)
            && tokens[last].end == end
            && !tokens[last].possessive
            && text[end..next.start] == *" "
            && plain(next)
            && english_around(lexicon, tokens, last + 1, last + 1)
        {
            end = next.end;
        }
        if let Some(previous) = first.checked_sub(1).map(|i| &tokens[i])
            && tokens[first].start == start
            && text[previous.end..start] == *" "
            && plain(previous)
            && lexicon.is_forename(&previous.folded)
            && english_around(lexicon, tokens, first - 1, first - 1)
        {
            start = previous.start;
        }
        if (start, end) != (finding.span.start, finding.span.end) {
            finding.span = Span::new(start, end);
            finding.text = text[start..end].to_string();
            finding.why
                .push_str("; with the lower-case word next to it that is no English word (the rest of the name)");
        }
    }
}

/// "Jack Lane rang": a forename and a place word as surname, with a verb people do after it.
fn make_place_surname(text: &str, start: usize, end: usize) -> Option<Finding> {
    Some(unregistered_person(
        text,
        start,
        end,
        const { RuleId::known("unregistered.place-word-surname") },
        "a forename and a place word as surname, with a verb people do after it".to_string(),
        true,
    ))
}

/// Whether the lower-case words around tokens `first..=last` are mostly English: capitalised
/// words no English list knows, or a forename in lower case, are names in English text and
/// ordinary words in another language ("Minggu Jomblo Nasional", "la luna").
fn english_around(lexicon: &Lexicon, tokens: &[Token], first: usize, last: usize) -> bool {
    let from = first.saturating_sub(8);
    let to = (last + 9).min(tokens.len());
    let (mut words, mut english) = (0, 0);
    for (index, token) in tokens.iter().enumerate().take(to).skip(from) {
        if (first..=last).contains(&index) || !token.lower || token.glued {
            continue;
        }
        words += 1;
        if lexicon.is_english_word(&token.folded)
            || lexicon.is_not_name(&token.folded)
            || token.folded.chars().count() <= 2
            || is_chat_spelling(&token.folded)
            || is_bare_contraction(&token.folded)
            || dropped_g(lexicon, &token.folded)
            // The word lists file "said" among the common words, beside names such as "jade".
            || is_saying_verb(&token.folded)
        {
            english += 1;
        }
    }
    words < 3 || english * 3 >= words * 2
}

/// Whether a number (one to six digits, perhaps with a letter: "12", "4b") stands right before
/// `start` on the same line, only spaces between: a house or flat number, so the capitalised
/// words after it are a street or a town ("27 Alder Road", "307 Alvaro Cunqueiro 55", "Apt. 538
/// Giessenburg"), not a person (issue 14: addresses written abroad, where the street has no
/// place word after it, were names).
fn after_house_number(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let trimmed = before.trim_end_matches([' ', '\t']);
    if trimmed.len() == before.len() {
        return false;
    }
    let word_start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &trimmed[word_start..];
    let digits = word.chars().take_while(char::is_ascii_digit).count();
    let number = (1..=6).contains(&digits)
        && word.len() - digits <= 1
        && word[digits..].chars().all(|c| c.is_ascii_alphabetic());
    // Not a date or time ("12/03/2019 Kornelia", "10:30 Darren"), a year ("since 2019 Tracey
    // Smith"), nor a count the word before names ("Year 9 Kayden Jones", "Room 4").
    let date_or_time = trimmed[..word_start].ends_with(['/', '.', ':', '-']);
    let year = digits == 4 && (word.starts_with("19") || word.starts_with("20"));
    let counted = trimmed[..word_start]
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "year"
                    | "yr"
                    | "age"
                    | "aged"
                    | "room"
                    | "class"
                    | "bed"
                    | "form"
                    | "group"
                    | "no"
                    | "number"
                    | "page"
                    | "para"
                    | "item"
                    | "section"
                    | "case"
                    | "week"
                    | "day"
                    | "session"
                    | "visit"
                    | "table"
                    | "set"
            )
        });
    number && !date_or_time && !year && !counted
}

/// Whether a lone number of three to six digits (a postcode or ZIP code, not a telephone
/// number's first group) follows `end`, after spaces, a comma or one line break.
fn code_after(text: &str, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t', ',', '\n', '\r']);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let after = &rest[digits..];
    (3..=6).contains(&digits)
        && !after.starts_with(|c: char| c.is_alphanumeric())
        && !after
            .trim_start_matches([' ', '-'])
            .starts_with(|c: char| c.is_ascii_digit())
}

/// Whether `tokens` open with surname particles that lead, word by word, to a capitalised name
/// ("Ó Maolchaoine", "van der Berg", "de Souza"), or with a surname joined to its particle
/// ("al-Hassan"); false when the first token is neither.
fn particles_to_name(text: &str, tokens: &[Token], lexicon: &Lexicon, taken: &[Span]) -> bool {
    if tokens
        .first()
        .is_some_and(|t| particle_joined_name(text, t) && !overlaps_any(t.start, t.end, taken))
    {
        return true;
    }
    for pair in tokens.windows(2) {
        let [particle, next] = pair else { break };
        if !super::register::is_particle(&particle.folded) || !joins(text, particle, next) {
            return false;
        }
        if name_like(next, lexicon, taken) {
            return true;
        }
    }
    false
}

/// "al-Hassan", "el-Amin": a surname particle in lower case joined by a hyphen to a capitalised
/// name. Read as a name only after a title or a forename ("Mr al-Hassan", "Rami al-Saadani"),
/// since alone it is as often a place or a group ("al-Aqsa").
fn particle_joined_name(text: &str, token: &Token) -> bool {
    !token.glued
        && text[token.start..token.end]
            .split_once('-')
            .is_some_and(|(particle, name)| {
                particle.chars().all(char::is_lowercase)
                    && super::register::is_particle(particle)
                    && name.chars().next().is_some_and(char::is_uppercase)
            })
}

/// A single capital letter standing as a middle initial.
fn is_initial(text: &str, token: &Token) -> bool {
    let word = &text[token.start..token.end];
    word.chars().count() == 1 && token.capitalised
}

/// Ordinary words that start a run and are no name: "Met Kornelia Mazur", "Reporting Lindsay
/// Lohan" (issue 14). A nickname word ("Big Dave") and a known forename or surname stay. Returns
/// the new first index.
fn trim_run(lexicon: &Lexicon, tokens: &[Token], mut first: usize, last: usize) -> usize {
    let ordinary = |t: &Token| {
        (lexicon.is_english_word(&t.folded) || lexicon.is_not_name(&t.folded))
            && !lexicon.is_forename(&t.folded)
            && !lexicon.is_surname(&t.folded)
    };
    while first < last && ordinary(&tokens[first]) && !is_nickname_word(&tokens[first].folded) {
        first += 1;
    }
    first
}

/// Words that make a nickname with the name after them: "Big Dave", "Little Jay", "Wee Tam".
fn is_nickname_word(folded: &str) -> bool {
    matches!(
        folded,
        "big" | "little" | "lil" | "wee" | "young" | "old" | "fat" | "mad" | "posh" | "baby"
    )
}

/// Family words that stand before a name as a title does: "Uncle Gaz", "Aunty Bev", "Nan Pat",
/// "Mummy Jo" (two mothers, or a foster mother, named so).
fn is_family_title(folded: &str) -> bool {
    matches!(
        folded,
        "mummy"
            | "mammy"
            | "daddy"
            | "uncle"
            | "aunty"
            | "auntie"
            | "aunt"
            | "nan"
            | "nana"
            | "nanna"
            | "nanny"
            | "gran"
            | "granny"
            | "grandad"
            | "granddad"
            | "grandpa"
            | "grandma"
            | "grampy"
            | "grampa"
            | "grandy"
            | "cousin"
    )
}

/// "Uncle Gaz", "Aunty Bev" (the family word before the run), "Big Dave" (a nickname word that
/// starts the run): a name the gazetteers need not know (issue 14). The span is the name, so
/// the relationship stays readable ("Uncle ███").
fn family_title_name(
    detector: &Detector,
    text: &str,
    run: &[Token],
    tokens: &[Token],
    first_index: usize,
) -> Option<Finding> {
    let lexicon = &detector.lexicon;
    let first = &run[0];
    let last = &run[run.len() - 1];
    let short_unknown = |t: &Token| {
        lexicon.is_forename(&t.folded)
            || (t.folded.chars().count() <= 5 && !lexicon.is_english_word(&t.folded))
    };
    let make = |start: usize, rule: RuleId, why: &str| {
        Some(unregistered_person(
            text,
            start,
            last.end,
            rule,
            why.to_string(),
            false,
        ))
    };
    if run.len() >= 2 && is_nickname_word(&first.folded) && run[1..].iter().all(short_unknown) {
        return make(
            first.start,
            const { RuleId::known("unregistered.nickname") },
            "a nickname: `Big`, `Little` ... and a name (\"Big Dave\")",
        );
    }
    let previous = first_index.checked_sub(1).map(|i| &tokens[i])?;
    // A word that is also a given name stays a name after the title when it stands alone in
    // ordinary writing ("Uncle Mo"), but not in a shouted line ("NAN SAID") or as a verb ("Nan
    // Said"). (Months never start a run: "Aunty May" is `family_title_months`'s.)
    let word_as_name = |t: &Token| run.len() == 1 && !t.all_caps && !is_saying_verb(&t.folded);
    // Capitalised, as a title is ("Uncle Gaz"); "her aunt Mary" is the relationship rule's.
    // "\"Uncle\" Baz": a family word in quotes, a title given to someone who is no relative.
    let quoted_title = || {
        let before = text[..previous.start].trim_end_matches(' ');
        before.ends_with(['"', '\'', '‘', '“'])
            && matches!(&text[previous.end..first.start], "\" " | "' " | "’ " | "” ")
    };
    if is_family_title(&previous.folded)
        && previous.capitalised
        && (text[previous.end..first.start] == *" " || quoted_title())
        && run.len() <= 2
        && !run.iter().any(|t| lexicon.is_place_word(&t.folded))
        && (!lexicon.is_common_word(&first.folded) || word_as_name(first))
    {
        return make(
            first.start,
            const { RuleId::known("unregistered.family-title-name") },
            "a family word used as a title before a name (\"Uncle Gaz\", \"Aunty Bev\")",
        );
    }
    None
}

/// "Aunty May", "Nan June": a given name that is also a month, after a capitalised family title
/// (`unregistered.family-title-name`). Runs of capitalised words never start at a month, so
/// [`family_title_name`] cannot see it. The span takes the title too: what the verifier then
/// looks for is "Aunty May", never "May" alone, which would hold back every record dated in May.
/// Not before or after a number ("Gran 3 May", "Nan May 2019" are dates). The same for one
/// capital letter after the title ("Uncle T"), for the same reason: the verifier must never
/// look for "T" alone.
fn family_title_months(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for pair in tokens.windows(2) {
        let [title, name] = pair else { continue };
        let digit_after = text[name.end..]
            .trim_start_matches([' ', ','])
            .starts_with(|c: char| c.is_ascii_digit());
        let title_ok = title.capitalised
            && !title.all_caps
            && !title.possessive
            && is_family_title(&title.folded)
            && text[title.end..name.start] == *" "
            && !name.glued
            && !overlaps_any(title.start, name.end, found);
        let month = name.capitalised
            && !name.all_caps
            && lexicon.is_month(&name.folded)
            && lexicon.is_forename(&name.folded)
            && !digit_after;
        // "contact \"Uncle T\" with 40 calls": one capital letter, neither "A" nor "I", closing
        // the name (not "Uncle T. Smith", which the runs read).
        let initial = {
            let letter = &text[name.start..name.end];
            let rest = &text[name.end..];
            letter.len() == 1
                && letter.chars().all(|c| c.is_ascii_uppercase())
                && !matches!(letter, "A" | "I")
                && (rest.is_empty()
                    || rest.starts_with(['"', '\'', '’', '”', ',', ')', ';', ':', '!', '?', '\n'])
                    || rest == "."
                    || rest.starts_with(".\n")
                    || rest.starts_with(". ") && !rest[2..].starts_with(char::is_uppercase)
                    || rest.starts_with(' ') && rest[1..].starts_with(char::is_lowercase))
        };
        if title_ok && (month || initial) {
            out.push(unregistered_person(
                text,
                title.start,
                name.end,
                const { RuleId::known("unregistered.family-title-name") },
                if month {
                    "a family word used as a title before a name that is also a month (\"Aunty May\")"
                } else {
                    "a family word used as a title before an initial (\"Uncle T\")"
                }
                .to_string(),
                false,
            ));
        }
    }
    out
}

/// "SMITH, John" and "Dunton, Heather" in attendance lists, exports and email headers
/// (`unregistered.surname-forename`): a capitalised word, a comma, then a known forename, the
/// pair standing alone in a list (after a colon, semicolon, line start or comma, and before a
/// semicolon, comma, bracket or line end), or anywhere when the surname is in capitals and the
/// forename is a known one ("OKAFOR, Chinedu was arrested"). The forename may have been found alone already; a
/// middle initial after it is part of the name ("Adams, Jacqueline P."); a space before the
/// comma is allowed ("Watson , Kimberly", as Enron headers were tokenised; issue 14).
fn surname_comma_forename(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    taken: &[Span],
    found: &[Span],
) -> Vec<Finding> {
    let mut out = Vec::new();
    // Where the last pair ended: in "Harris, Steven, Pryor, Tony" the forename of one pair is
    // never the surname of the next.
    let mut consumed = 0;
    for index in 0..tokens.len() {
        let surname = &tokens[index];
        if surname.start < consumed || !surname.capitalised || surname.glued {
            continue;
        }
        let line_start = text[..surname.start].rfind('\n').map_or(0, |at| at + 1);
        // An email or meeting header's list of people ("To:", "Cc:", "Attendees:" ...).
        let header = header_line(&text[line_start..surname.start])
            || police_label(&text[line_start..surname.start]);
        // A generation after the surname: "Kilmer III, Robert", "Cobb Jr., John".
        let mut comma_from = surname.end;
        let mut forename_index = index + 1;
        if header
            && let Some(suffix) = tokens.get(index + 1)
            && matches!(suffix.folded.as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
            && suffix.capitalised
            && text[surname.end..suffix.start] == *" "
        {
            comma_from = suffix.end + usize::from(text[suffix.end..].starts_with('.'));
            forename_index += 1;
        }
        let Some(forename) = tokens.get(forename_index) else {
            continue;
        };
        // The forename may already be an unregistered finding of its own ("Dana" in "To: Davis,
        // Dana"): the pair replaces it, or the surname would ship. A forename another
        // detector took (a register person's) is left to it.
        if !forename.capitalised
            || forename.glued
            || text[comma_from..forename.start].trim_matches([' ', '\t']) != ","
            || overlaps_any(surname.start, surname.end, found)
            || overlaps_any(forename.start, forename.end, taken)
        {
            continue;
        }
        // In a header line a forename the lists do not hold counts when it is no word: "To:
        // Donoho, Lindy; Lohman, TK" (initials too, when they are no acronym).
        let unknown_forename = |token: &Token| {
            header
                && !lexicon.is_english_word(&token.folded)
                && !lexicon.is_common_word(&token.folded)
                && !lexicon.is_not_name(&token.folded)
                && !lexicon.is_place_word(&token.folded)
                && if token.all_caps {
                    (2..=3).contains(&token.folded.chars().count())
                        && !lexicon.is_acronym(&token.folded)
                } else {
                    token.folded.chars().count() >= 2
                }
        };
        // In a header a known forename may be in capitals too ("SUSPECT: O'DONNELL, MARTIN").
        let forename_ok = |token: &Token| {
            (lexicon.is_forename(&token.folded)
                && (!token.all_caps || (header && !lexicon.is_acronym(&token.folded))))
                || unknown_forename(token)
        };
        if !forename_ok(forename) {
            continue;
        }
        let surname_ok = surname.all_caps && surname.folded.chars().count() >= 2
            || lexicon.is_surname(&surname.folded)
            || !lexicon.is_english_word(&surname.folded)
            // In an address line a surname that is also a word is still a surname ("To:
            // Stock, Steve").
            || header;
        // So is one that is a place elsewhere ("To: Germany, Chris").
        if !surname_ok
            || (lexicon.is_not_name(&surname.folded) && !header)
            || lexicon.is_place_word(&surname.folded)
            || (surname.all_caps && lexicon.is_acronym(&surname.folded))
            // "Jade's EWO, Linda Crake": a role before the name.
            || lexicon.is_professional_role(&surname.folded)
        {
            continue;
        }
        // "OKAFOR, Chinedu Emmanuel (DOB ...)", "OKAFOR, Chinedu was arrested": a surname in
        // capitals, a comma and a known forename in a line not in capitals is the way police
        // and case-management exports write a name, wherever the pair stands. The surname is
        // one the lists hold or no English word ("OK, Sarah will come" is no one's).
        let shouted_surname = surname.all_caps
            && forename.capitalised
            && !forename.all_caps
            && lexicon.is_forename(&forename.folded)
            // A dateline is a place and a country: "HERZLIYA, Israel".
            && !lexicon.is_place_word(&forename.folded)
            && !lexicon.is_not_name(&forename.folded)
            && (lexicon.is_surname(&surname.folded) || !lexicon.is_english_word(&surname.folded))
            && !lexicon.is_common_word(&surname.folded);
        // A second forename in a header, or after such a surname: "Miller, Mary Kay".
        let mut last_index = forename_index;
        if (header || shouted_surname)
            && let Some(second) = tokens.get(forename_index + 1)
            && second.capitalised
            && !second.glued
            && !second.all_caps
            && text[forename.end..second.start] == *" "
            && !overlaps_any(second.start, second.end, taken)
            && forename_ok(second)
        {
            last_index += 1;
        }
        // A middle initial after the forename belongs to the name: "Adams, Jacqueline P.".
        let end = match tokens.get(last_index + 1) {
            Some(initial)
                if is_initial(text, initial)
                    && text[tokens[last_index].end..initial.start] == *" "
                    && !overlaps_any(initial.start, initial.end, taken) =>
            {
                initial.end + usize::from(text[initial.end..].starts_with('.'))
            }
            _ => tokens[last_index].end,
        };
        let before = text[..surname.start].trim_end_matches([' ', '\t']);
        // A display name in quotes or brackets too: `From: "Davis, Dana" <dana.davis@...>`.
        let list_before =
            before.is_empty() || before.ends_with([':', ';', '\n', ',', '(', '"', '<', '[']);
        let after = text[end..].trim_start_matches([' ', '\t']);
        let list_after = after.is_empty()
            || after.starts_with([';', '\n', ',', '(', ')', '\r', '"', '<', '[', ']', '>']);
        // A news dateline is a place, a country and a date: "HERZLIYA, Israel 1996-08-31".
        let date_after = || {
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            digits > 0 && after[digits..].starts_with(['-', '/'])
        };
        if (list_before && list_after) || (shouted_surname && !date_after()) {
            consumed = end;
            out.push(unregistered_person(
                text,
                surname.start,
                end,
                const { RuleId::known("unregistered.surname-forename") },
                "\"SURNAME, Forename\" as lists and exports write a name".to_string(),
                false,
            ));
        }
    }
    out
}

/// "Attendees: PRICE, Sharon": a surname written before the given name of a register person
/// whose data is redacted, in a list, is that person's surname as this record writes it (or
/// another person's of the same given name); either way it goes with the name
/// (`unregistered.surname-before-register-forename`, review). [`surname_comma_forename`] leaves
/// a pair whose forename the register took, so the surname shipped ("PRICE" was even kept as a
/// professional's surname). Not a word of the subject's name ("CARTER, Sharon": the subject's
/// surname is not searched alone) nor a surname someone else already took. Weak for the
/// verifier (looked for in its own record only): the word may be a professional's surname, and
/// looked for in every record it would hold back each that names "Mr Price". Also the surname
/// written after such a given name ([`surname_after_register_forename`]: "Sharon Judge").
pub(crate) fn surnames_beside_register_forenames(
    lexicon: &Lexicon,
    text: &str,
    findings: &[Finding],
    subject_words: &[String],
) -> Vec<Finding> {
    let taken = merged(&findings.iter().map(|f| f.span).collect::<Vec<_>>());
    let mut out = Vec::new();
    for finding in findings {
        let redacted_person = matches!(
            finding.owner,
            Owner::RegisteredThirdParty { consent: false, .. }
        );
        if !redacted_person || finding.kind != FindingKind::Name || finding.text.contains(' ') {
            continue;
        }
        let Some(before) = text[..finding.span.start].strip_suffix(", ") else {
            continue;
        };
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !(c.is_alphabetic() || matches!(c, '-' | '\'' | '’')))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let surname = &before[word_start..];
        let folded = fold::fold_str(surname);
        let all_caps = surname.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !surname.chars().any(char::is_lowercase);
        let capitalised = surname.chars().next().is_some_and(char::is_uppercase);
        let list_before = before[..word_start]
            .trim_end_matches([' ', '\t'])
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, ':' | ';' | '\n' | ',' | '(' | '"'));
        let after = text[finding.span.end..].trim_start_matches([' ', '\t']);
        let list_after =
            after.is_empty() || after.starts_with([';', '\n', ',', '(', ')', '\r', '"', '.']);
        if !capitalised
            || !list_before
            || !list_after
            || !(all_caps || lexicon.is_surname(&folded) || !lexicon.is_english_word(&folded))
            || lexicon.is_not_name(&folded)
            || lexicon.is_place_word(&folded)
            || (all_caps && lexicon.is_acronym(&folded))
            || subject_words.contains(&folded)
            || overlaps_any(word_start, before.len(), &taken)
        {
            continue;
        }
        out.push(unregistered_person(
            text,
            word_start,
            word_start + surname.len(),
            const { RuleId::known("unregistered.surname-before-register-forename") },
            format!(
                "a surname before `{}`, someone the register names, as lists and exports write a name (\"PRICE, Sharon\")",
                finding.text
            ),
            true,
        ));
    }
    for finding in findings {
        if let Some(surname) =
            surname_after_register_forename(lexicon, text, finding, subject_words, &taken)
        {
            out.push(surname);
        }
    }
    out
}

/// "Sharon Judge said no": a capitalised word right after the given name (or alias) of a
/// register person whose data is redacted, one space between, is a surname: the register
/// person's as this record writes it, or another person's of the same given name. Either way it goes with the name,
/// which is redacted already (`unregistered.surname-after-register-forename`, review). The word
/// is one of the surname list, of the census gazetteer's 5,000 commonest surnames ("Judge") or
/// no English word ("Kowalczyk"); not a month, a day, a place, a title or another word the
/// lists say is no name, not a given name (a list without commas), not a word of the subject's
/// name, not a word someone else already took, not in a heading in Title Case; it must end where
/// a name ends (a space, punctuation or a possessive, not a digit: "Sharon Road 12").
fn surname_after_register_forename(
    lexicon: &Lexicon,
    text: &str,
    finding: &Finding,
    subject_words: &[String],
    taken: &[Span],
) -> Option<Finding> {
    let redacted_person = matches!(
        finding.owner,
        Owner::RegisteredThirdParty { consent: false, .. }
    );
    if !redacted_person || finding.kind != FindingKind::Name || finding.text.contains(' ') {
        return None;
    }
    let start = finding.span.end + 1;
    let rest = text[finding.span.end..].strip_prefix(' ')?;
    let length = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '-'))
        .map_or(rest.len(), |(i, _)| i);
    let surname = &rest[..length];
    let after = &rest[length..];
    let folded = fold::fold_str(surname);
    let letters = surname.chars().filter(|c| c.is_alphabetic()).count();
    let capitalised = surname.chars().next().is_some_and(char::is_uppercase);
    let all_caps = letters >= 2 && !surname.chars().any(char::is_lowercase);
    let written_in_capitals = finding.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !finding.text.chars().any(char::is_lowercase);
    if letters < 2
        || !capitalised
        // "SHARON SAID": in a line of capitals every word is capitalised.
        || (written_in_capitals
            && !(lexicon.is_surname(&folded) || lexicon.is_common_census_surname(&folded)))
        || (all_caps && !written_in_capitals)
        || after.starts_with(|c: char| c.is_ascii_digit())
        || !(lexicon.is_surname(&folded)
            || lexicon.is_common_census_surname(&folded)
            || !(lexicon.is_english_word(&folded) || lexicon.is_common_word(&folded)))
        || title_case_after(lexicon, after)
        // A title that is a surname too ("Judge") is the surname after a given name.
        || (lexicon.is_not_name(&folded)
            && !(lexicon.is_title(&folded) && lexicon.is_common_census_surname(&folded)))
        || lexicon.is_place_word(&folded)
        || lexicon.is_forename(&folded)
        || subject_words.contains(&folded)
        || overlaps_any(start, start + length, taken)
    {
        return None;
    }
    Some(unregistered_person(
        text,
        start,
        start + length,
        const { RuleId::known("unregistered.surname-after-register-forename") },
        format!(
            "a surname after `{}`, someone the register names (\"Sharon Judge\")",
            finding.text
        ),
        true,
    ))
}

/// Whether the text after a word goes on in Title Case, as a heading does ("Contact With Sharon
/// Long Term Plan"): one space, then a capitalised English word.
fn title_case_after(lexicon: &Lexicon, after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(char::is_uppercase)
        && !word.chars().skip(1).any(char::is_uppercase)
        && lexicon.is_english_word(&fold::fold_str(&word))
}

/// Words for a person, after which a name may follow: "a girl called Tiegan", "named the older
/// male as Smithy", "the older lad, Deano,".
const PEOPLE: [&str; 30] = [
    "dealer",
    "girl",
    "boy",
    "man",
    "woman",
    "lad",
    "lass",
    "bloke",
    "guy",
    "fella",
    "lady",
    "male",
    "female",
    "youth",
    "teenager",
    "kid",
    "person",
    "friend",
    "mate",
    "someone",
    "somebody",
    "baby",
    "son",
    "daughter",
    "boyfriend",
    "girlfriend",
    "suspect",
    "driver",
    "perpetrator",
    "offender",
];

/// What a line says before a name that introduces it as one (issue 14): "My name is Declan",
/// "Name: Ava Abbott", "What's your name? Jens Kuester", "her maiden name is Kaczmarek", "She
/// named him Julian", "everyone calls me Sighvatr", "known as Gaz", "née Kowalska"; a
/// greeting at the start of a sentence ("Hi Roksana,", "Dear Kornelia"); and a sign-off before
/// the name that ends a message ("Kind regards, Baz").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Introduction {
    Name,
    Greeting,
    /// "Kind regards, Baz", "Thanks, Shaz x": the name that signs a message off, alone at the
    /// end of its line (kisses after it allowed).
    SignOff,
    /// "everyone calls him Smithy", "who Jade calls Smithy": what someone is called (never a
    /// relationship: "calls her Mum").
    CalledBy,
    /// "Her friend from school, Precious, rang", "the older lad, Deano, had a car": a name set
    /// off by commas after a person (found by [`person_before_comma`], not from the words
    /// alone).
    Appositive,
    /// "Kez (16) was present", "Reece (DOB 03/04/2004)": a name followed by an age or a date of
    /// birth (found by [`age_after`]).
    Aged,
    /// "believed to be Dex", "identified as Kingy": a name only if shaped like one.
    Identified,
    /// "[14:02] Tiegan: u coming?": the speaker opening a line of a chat or message transcript
    /// (found by [`speaker_at`]), shaped like a name.
    Speaker,
    /// "messages from 'Kingy'", "older males 'Dex' and 'Mo'": a name in quotes, the way notes
    /// set off a nickname, only if shaped like one (found from the quotes around it).
    Quoted,
    /// "her best friend is Amira", "his girlfriend was Tayla": a name after a relationship and
    /// `is` or `was`, only if shaped like one ("her friend is Polish" is kept).
    RelationshipIs,
}

fn introduction_before(before: &str) -> Option<Introduction> {
    let lower = before.to_lowercase();
    // "known as 'Shorty'": the name may open a quote.
    let quoted = before.ends_with(['\'', '‘', '"', '“']);
    let lower = lower.strip_suffix(['\'', '‘', '"', '“']).unwrap_or(&lower);
    let stripped = lower.trim_end_matches([' ', '\t']);
    if stripped.len() == lower.len() {
        // A name follows the phrase after a space (or a colon and a space).
        return None;
    }
    let (stripped, label) = match stripped.strip_suffix([':', '?']) {
        Some(rest) => (rest.trim_end(), true),
        None => (stripped, false),
    };
    let ends_with_word = |phrase: &str| {
        stripped.strip_suffix(phrase).is_some_and(|rest| {
            rest.is_empty() || rest.ends_with(|c: char| !c.is_alphanumeric() && c != '\'')
        })
    };
    // "Name:", "Full name:", "What's your last name?", "Known as:", "Nickname:": a label or a
    // question, answered after it.
    if label
        && [
            "name", "names", "surname", "known as", "aka", "a.k.a.", "nickname", "alias",
        ]
        .iter()
        .any(|phrase| ends_with_word(phrase))
    {
        return Some(Introduction::Name);
    }
    if label {
        return None;
    }
    const PHRASES: [&str; 22] = [
        "name is",
        "name's",
        "names are",
        "named",
        "named him",
        "named her",
        "nicknamed",
        "calls me",
        "call me",
        "called me",
        "calls himself",
        "calls herself",
        "calls themselves",
        "called himself",
        "called herself",
        "goes by",
        "went by",
        "known as",
        "aka",
        "a.k.a.",
        "née",
        "nee",
    ];
    if PHRASES.iter().any(|phrase| ends_with_word(phrase)) {
        return Some(Introduction::Name);
    }
    if [
        "calls him",
        "calls her",
        "call him",
        "call her",
        "called him",
        "called her",
        "knows as",
        "know as",
        "knew as",
        "knows him as",
        "knows her as",
        "knew him as",
        "knew her as",
        "know him as",
        "know her as",
        "refers to him as",
        "refers to her as",
        "referred to him as",
        "referred to her as",
        "referred to as",
    ]
    .iter()
    .any(|phrase| ends_with_word(phrase))
    {
        return Some(Introduction::CalledBy);
    }
    // "believed to be Dex", "identified as Kingy": a name only if shaped like one (never
    // "believed to be Polish").
    if [
        "believed to be",
        "thought to be",
        "identified as",
        "named as",
        "identified him as",
        "identified her as",
        "named him as",
        "named her as",
    ]
    .iter()
    .any(|phrase| ends_with_word(phrase))
    {
        return Some(Introduction::Identified);
    }
    // "who Jade calls", "who the other kids call": up to three words between.
    if let Some(rest) = ["calls", "call", "called"]
        .iter()
        .find_map(|verb| stripped.strip_suffix(verb))
        .filter(|rest| rest.ends_with(' '))
    {
        let words: Vec<&str> = rest.split_whitespace().rev().take(4).collect();
        if words.len() >= 2 && words.iter().skip(1).any(|w| matches!(*w, "who" | "whom")) {
            return Some(Introduction::CalledBy);
        }
    }
    // "a girl called Tiegan", "a lad named Kez", "her dealer is called Snowy": a person, then
    // what they are called ("the project is called Stardust" names no one).
    if let Some(rest) = stripped
        .strip_suffix(" called")
        .or_else(|| stripped.strip_suffix(" named"))
        .or_else(|| stripped.strip_suffix(" nicknamed"))
        .map(|rest| {
            [" is", " was", "'s", "’s"]
                .iter()
                .find_map(|verb| rest.strip_suffix(verb))
                .unwrap_or(rest)
        })
        && PEOPLE.iter().any(|person| {
            rest.strip_suffix(person)
                .is_some_and(|r| r.is_empty() || r.ends_with(|c: char| !c.is_alphanumeric()))
        })
    {
        return Some(Introduction::Name);
    }
    // "known locally as Spider", "known to his friends as Tazz": up to three words between;
    // "named the older male as Smithy", "identified the driver as Kingy" likewise, a name
    // only if shaped like one.
    if let Some(rest) = stripped.strip_suffix(" as") {
        let words: Vec<&str> = rest.split_whitespace().rev().take(4).collect();
        if words.iter().skip(1).any(|w| *w == "known") {
            return Some(Introduction::Name);
        }
        if words
            .iter()
            .skip(1)
            .any(|w| matches!(*w, "named" | "identified" | "names" | "identifies"))
        {
            // After a word for a person ("the older male"), whatever follows is their name.
            let person = words.iter().any(|w| PEOPLE.contains(w));
            return Some(if person {
                Introduction::Name
            } else {
                Introduction::Identified
            });
        }
    }
    // "the boy she calls 'Tank'", "a man they called \"Dex\"": what someone calls a person, in
    // quotes after a pronoun and a verb of calling.
    if quoted
        && ["calls", "call", "called"].iter().any(|verb| {
            stripped.strip_suffix(verb).is_some_and(|rest| {
                rest.strip_suffix(' ').is_some_and(|rest| {
                    let pronoun = rest.rsplit(' ').next().unwrap_or_default();
                    matches!(
                        pronoun,
                        "she" | "he" | "they" | "i" | "we" | "you" | "everyone" | "people"
                    )
                })
            })
        })
    {
        return Some(Introduction::CalledBy);
    }
    const SIGN_OFFS: [&str; 14] = [
        "regards",
        "kind regards",
        "best regards",
        "best wishes",
        "thanks",
        "many thanks",
        "thank you",
        "cheers",
        "love",
        "lots of love",
        "yours sincerely",
        "yours faithfully",
        "take care",
        "speak soon",
    ];
    let signs_off = stripped.strip_suffix(',').is_some_and(|body| {
        let body = body.trim_end();
        SIGN_OFFS.iter().any(|phrase| {
            body.strip_suffix(phrase).is_some_and(|rest| {
                let rest = rest.trim_end();
                rest.is_empty() || rest.ends_with(['.', '!', '?'])
            })
        })
    });
    if signs_off {
        return Some(Introduction::SignOff);
    }
    const GREETINGS: [&str; 7] = ["hi", "hello", "hiya", "hey", "dear", "morning", "afternoon"];
    let greeting = GREETINGS.iter().any(|word| {
        stripped.strip_suffix(word).is_some_and(|rest| {
            let rest = rest.trim_end_matches([' ', '\t', '>', '"']);
            rest.is_empty() || rest.ends_with(['\n', '.', '!', '?'])
        })
    });
    greeting.then_some(Introduction::Greeting)
}

/// Names a phrase before them introduces as names (`unregistered.named`, see
/// [`Introduction`]): a run of up to three capitalised words (a middle initial may stand
/// inside) on the same line. After a name phrase any capitalised word counts ("My name is
/// Will"); after a greeting, only a run with a word that is a known forename or no English word
/// ("Hi Roksana," but not "Dear Colleague"), and the run must end the greeting (a comma, "!", a
/// line end).
fn introduced_names(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
    transcript: &std::cell::OnceCell<bool>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let first = &tokens[index];
        // A word in capitals counts only where the clause before it is in capitals too, when it
        // is no word ("present: ... A MALE KNOWN AS \"RIZZ\"").
        let shouted_line = |t: &Token| {
            let clause_start = text[..t.start]
                .rfind(['\n', ':', '.', ';'])
                .map_or(0, |at| at + 1);
            let clause = &text[clause_start..t.start];
            clause.chars().any(char::is_alphabetic) && !clause.chars().any(char::is_lowercase)
        };
        // A nickname in capitals and quotes right after a name phrase may be a word: "(AKA
        // \"MOUSE\")", "KNOWN AS \"SPIDER\"".
        let quoted_nickname = |t: &Token| {
            ((text[..t.start].ends_with(['"', '“']) && text[t.end..].starts_with(['"', '”']))
                || (text[..t.start].ends_with(['\'', '‘'])
                    && text[t.end..].starts_with(['\'', '’'])))
                && matches!(
                    introduction_before(
                        &text[text[..t.start].rfind('\n').map_or(0, |at| at + 1)..t.start]
                    ),
                    Some(Introduction::Name)
                )
        };
        let usable = |t: &Token| {
            name_like(t, lexicon, found)
                && !inside_phrase(phrases, t.start, t.end)
                && (!t.all_caps
                    || (t.folded.chars().count() >= 3
                        && !lexicon.is_not_name(&t.folded)
                        && !lexicon.is_acronym(&t.folded)
                        && ((shouted_line(t)
                            && !lexicon.is_english_word(&t.folded)
                            && !lexicon.is_common_word(&t.folded))
                            // "aka 'ZED'" in a line not in capitals too.
                            || quoted_nickname(t))))
        };
        if !usable(first) {
            index += 1;
            continue;
        }
        let line_start = text[..first.start].rfind('\n').map_or(0, |at| at + 1);
        let introduction = introduction_before(&text[line_start..first.start]).or_else(|| {
            person_before_comma(text, phrases, line_start, first.start)
                .then_some(Introduction::Appositive)
        });
        let mut last = index;
        loop {
            let next = last + 1;
            if next - index >= 4 || tokens[last].possessive {
                break;
            }
            let Some(token) = tokens.get(next) else {
                break;
            };
            let gap = &text[tokens[last].end..token.start];
            let initial_gap = is_initial(text, &tokens[last]) && matches!(gap, ". " | " ");
            if (gap == " " || gap == "  " || initial_gap)
                && (usable(token) || is_initial(text, token))
            {
                last = next;
            } else {
                break;
            }
        }
        // A trailing initial is no part of the name ("Name: Kayden J" keeps it, "Hi Sam A"
        // does not matter): only whole words end the run. In quotes after a word of size it
        // is the nickname ("'Big J'").
        let nickname_initial = last > index
            && is_size_word(&first.folded)
            && is_initial(text, &tokens[last])
            && text[..first.start].ends_with(['\'', '‘', '"', '“'])
            && text[tokens[last].end..].starts_with(['\'', '’', '"', '”']);
        while last > index && is_initial(text, &tokens[last]) && !nickname_initial {
            last -= 1;
        }
        let run = &tokens[index..=last];
        let end = run[run.len() - 1].end;
        let name_shaped = || {
            run.iter().any(|t| {
                lexicon.is_forename(&t.folded)
                    || !(lexicon.is_english_word(&t.folded) || lexicon.is_common_word(&t.folded))
            })
        };
        let after = text[end..].trim_start_matches([' ', '\t']);
        let quoted = || {
            let (before, after) = (&text[..first.start], &text[end..]);
            (before.ends_with(['\'', '‘']) && after.starts_with(['\'', '’']))
                || (before.ends_with(['"', '“']) && after.starts_with(['"', '”']))
        };
        let speaker = || speaker_at(text, line_start, first.start, end, transcript);
        let Some(introduction) = introduction
            .or_else(|| age_after(&text[end..]).then_some(Introduction::Aged))
            .or_else(|| quoted().then_some(Introduction::Quoted))
            .or_else(|| speaker().then_some(Introduction::Speaker))
            .or_else(|| {
                phrase_before(phrases, first.start)
                    .is_some_and(|(_, phrase_end, role)| {
                        !role
                            && matches!(
                                text[*phrase_end..first.start].to_lowercase().as_str(),
                                " is " | " was " | "'s " | "’s "
                            )
                    })
                    .then_some(Introduction::RelationshipIs)
            })
        else {
            index += 1;
            continue;
        };
        let accepted = match introduction {
            // "calls him Smithy": whatever follows is what he is called ("Dad" is a
            // relationship, never usable).
            Introduction::Name | Introduction::CalledBy => true,
            // "'Dex' and 'Mo'": in quotes, a short given name too; and a street name of
            // ordinary words ending in a word for a man or a boy ("'Big Man'", "'Little Man'":
            // a film of that shape is a `not_name_phrases` entry, "'Iron Man'").
            Introduction::Quoted => {
                // "'Snowy' (nickname, real name unknown)": the bracket says what it is.
                let said_to_be_a_name = {
                    let rest = text[end..].trim_start_matches(['\'', '’', '"', '”']);
                    let rest = rest.trim_start().to_lowercase();
                    [
                        "(nickname",
                        "(street name",
                        "(alias",
                        "(known as",
                        "(a nickname",
                    ]
                    .iter()
                    .any(|opening| rest.starts_with(opening))
                };
                said_to_be_a_name
                    || name_shaped()
                    || (run.len() == 1 && is_short_given_name(&first.folded))
                    // "'Big J'", "'Mo Money'": a word of size before an initial, or a short
                    // given name opening the nickname.
                    || (run.len() >= 2 && is_short_given_name(&first.folded))
                    || nickname_initial
                    || (run.len() >= 2
                        && matches!(
                            run[run.len() - 1].folded.as_str(),
                            "man" | "boy" | "lad" | "girl" | "guy"
                        ))
            }
            Introduction::Aged
            | Introduction::Identified
            | Introduction::Speaker
            | Introduction::RelationshipIs => name_shaped(),
            Introduction::Appositive => {
                let closes = after.is_empty()
                    || after.starts_with([',', '.', '(', ';', '!', '?', '\n', '\r']);
                // "the older girl, Princess, had taken her phone": set off by commas after a
                // person, one capitalised word is what they are called even when it is a word;
                // not a place, month or occasion ("her friend, London, ..." is no one).
                let one_word_called = run.len() == 1
                    && after.starts_with(',')
                    && !lexicon.is_place_word(&first.folded)
                    && !lexicon.is_month(&first.folded)
                    && !lexicon.is_occasion(&first.folded);
                closes && (name_shaped() || one_word_called)
            }
            Introduction::Greeting => {
                let closes = after.is_empty() || after.starts_with([',', '!', '\n', '\r', '.']);
                closes && name_shaped()
            }
            Introduction::SignOff => {
                let rest = after.trim_start_matches(['x', 'X', ' ', '.', '!']);
                (rest.is_empty() || rest.starts_with(['\n', '\r'])) && name_shaped()
            }
        };
        if accepted {
            out.push(unregistered_person(text, first.start, end, const { RuleId::known("unregistered.named") }, match introduction {
                    Introduction::Name => "a name introduced as one (\"My name is ...\", \"Name: ...\", \"known as ...\")",
                    Introduction::Greeting => "a name after a greeting (\"Hi ...,\", \"Dear ...\")",
                    Introduction::SignOff => "a name signing a message off (\"Kind regards, ...\")",
                    Introduction::CalledBy => "what someone is called (\"everyone calls him ...\", \"who Jade calls ...\")",
                    Introduction::Appositive => "a name set off by commas after a person (\"her friend from school, ..., rang\")",
                    Introduction::Aged => "a name followed by an age or a date of birth (\"... (16)\", \"... (DOB ...)\")",
                    Introduction::Identified => "a name someone is identified as (\"believed to be ...\")",
                    Introduction::Quoted => "a name in quotes, as notes set off a nickname (\"messages from '...'\")",
                    Introduction::Speaker => "the speaker of a line of a chat or message transcript (\"[14:02] ...: u coming?\")",
                    Introduction::RelationshipIs => "a name after a relationship and `is` (\"her best friend is ...\")",
                }
                .to_string(), !matches!(introduction, Introduction::Name | Introduction::Greeting | Introduction::SignOff | Introduction::Aged)));
        }
        index = last + 1;
    }
    out
}

/// Whether a comma right before `start` follows a person: a relationship ("her friend") or a
/// word for a person ("the older lad"), then at most a short phrase of place ("from school",
/// "from the estate", "at college") and the comma: "Her friend from school, Precious, rang".
/// Never a professional's role ("her social worker, ...": kept in role).
fn person_before_comma(
    text: &str,
    phrases: &[(usize, usize, bool)],
    line_start: usize,
    start: usize,
) -> bool {
    let Some(body) = text[line_start..start]
        .trim_end_matches([' ', '\t'])
        .strip_suffix(',')
    else {
        return false;
    };
    let comma = line_start + body.len();
    // The words between the person and the comma: none, or a phrase of place of up to four
    // words.
    let place_phrase = |between: &str| {
        let words: Vec<&str> = between.split_whitespace().collect();
        words.is_empty()
            || (words.len() <= 4
                && matches!(
                    words[0],
                    "from" | "at" | "in" | "on" | "of" | "next" | "round" | "near" | "down" | "up"
                )
                && words.iter().all(|w| {
                    w.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
                }))
    };
    let relationship = phrase_before(phrases, comma).is_some_and(|(s, e, role)| {
        !role
            && *s >= line_start
            && text[*s..*e].chars().any(char::is_lowercase)
            && place_phrase(&text[*e..comma])
    });
    if relationship {
        return true;
    }
    // The person word: the last word of the body, or the word before a phrase of place (read
    // from the comma backwards, so a long line costs nothing more).
    let mut words: Vec<&str> = text[line_start..comma]
        .split_whitespace()
        .rev()
        .take(5)
        .collect();
    words.reverse();
    (0..words.len()).any(|i| {
        let word = words[i];
        let singular = word.strip_suffix("s").filter(|w| PEOPLE.contains(w));
        (PEOPLE.contains(&word) || singular.is_some() || word == "men" || word == "women")
            && place_phrase(&words[i + 1..].join(" "))
    })
}

/// Whether `start..end` is the speaker opening a line of a chat or message transcript: the
/// line's first words (after a time, if any: "[14:02] ", "12/03/2020, 14:02 - "), then a colon
/// and a message on the same line. A time before the speaker makes a chat export; a speaker
/// opening the line counts only in a transcript, where [`speaker_lines`] counts two such lines
/// or more (`transcript`, that count for this text, made once when first asked).
fn speaker_at(
    text: &str,
    line_start: usize,
    start: usize,
    end: usize,
    transcript: &std::cell::OnceCell<bool>,
) -> bool {
    // An emoji may stand between the name and its colon, a space before it or not ("Tiegan❤️:
    // u ok hun", "Hope 🌸: ye babe").
    let emoji = |c: char| !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace();
    let rest = &text[end..];
    let rest = match rest.strip_prefix(' ') {
        Some(after) if after.starts_with(emoji) => after,
        _ => rest,
    };
    let Some(message) = rest.trim_start_matches(emoji).strip_prefix(':') else {
        return false;
    };
    if !message.starts_with([' ', '\t'])
        || message
            .lines()
            .next()
            .is_none_or(|line| line.trim().is_empty())
    {
        return false;
    }
    let prefix = text[line_start..start].trim();
    if prefix.is_empty() {
        return *transcript.get_or_init(|| speaker_lines(text) >= 2);
    }
    // "Message from Tiegan: u ok hun", "Text from Kez: where r u": a message quoted after the
    // name of its sender.
    let folded_prefix = fold::fold_str(prefix);
    if let Some(rest) = folded_prefix.strip_suffix(" from")
        && rest.rsplit(' ').next().is_some_and(|word| {
            matches!(
                word,
                "message"
                    | "messages"
                    | "msg"
                    | "text"
                    | "texts"
                    | "dm"
                    | "snap"
                    | "snapchat"
                    | "whatsapp"
                    | "voicemail"
                    | "voicenote"
                    | "email"
                    | "post"
                    | "comment"
            )
        })
    {
        return true;
    }
    // A time before the speaker: a chat export; or a time in brackets right before it where
    // the export's lines were run together ("... where r u; [12/03/2021, 21:15] Deano: ...").
    let stamp = |prefix: &str| {
        prefix.contains(':')
            && prefix.chars().any(|c| c.is_ascii_digit())
            && prefix.chars().all(|c| {
                c.is_ascii_digit()
                    || matches!(
                        c,
                        ':' | '/'
                            | '.'
                            | ','
                            | '-'
                            | '–'
                            | '['
                            | ']'
                            | '('
                            | ')'
                            | ' '
                            | 'a'
                            | 'p'
                            | 'm'
                            | 'A'
                            | 'P'
                            | 'M'
                    )
            })
    };
    stamp(prefix)
        || (prefix.ends_with(']')
            && prefix
                .rfind('[')
                .is_some_and(|open| open > 0 && stamp(&prefix[open..])))
}

/// How many lines of `text` open like a transcript's: one to three words of letters, a colon,
/// a space and a message ("Kez: at bens", "Mum: ok x").
fn speaker_lines(text: &str) -> usize {
    text.lines()
        .filter(|line| {
            line.trim_start()
                .split_once(": ")
                .is_some_and(|(label, message)| {
                    let words = label.split(' ').count();
                    (1..=3).contains(&words)
                        && label.len() <= 30
                        && label
                            .chars()
                            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-'))
                        && !message.trim().is_empty()
                })
        })
        .count()
}

/// Whether `after` (the text right after a name) opens with an age or a date of birth: " (16)",
/// " (aged 16)", " (16 yrs)", ", aged 16", ", 16,", " (DOB 03/04/2004)", " (d.o.b. ...)",
/// " (born ...)".
fn age_after(after: &str) -> bool {
    let rest = after.trim_start_matches([' ', '\t']);
    let digits_then = |s: &str| -> Option<usize> {
        let count = s.chars().take_while(char::is_ascii_digit).count();
        (1..=2).contains(&count).then_some(count)
    };
    if let Some(inside) = rest.strip_prefix('(') {
        let lower = inside.trim_start().to_lowercase();
        if ["dob", "d.o.b", "born ", "b. "]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            return true;
        }
        let number = ["aged ", "age ", "now "]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .unwrap_or(&lower)
            .trim_start();
        let Some(count) = digits_then(number) else {
            return false;
        };
        let unit = number[count..].trim_start();
        let unit = [
            "years old",
            "years",
            "year",
            "yrs",
            "yr",
            "y/o",
            "yo",
            "y.o.",
        ]
        .iter()
        .find_map(|u| unit.strip_prefix(u))
        .unwrap_or(unit);
        return unit.trim_start().starts_with(')');
    }
    if let Some(rest) = rest.strip_prefix(',') {
        let lower = rest.trim_start().to_lowercase();
        if let Some(number) = ["aged ", "age "].iter().find_map(|p| lower.strip_prefix(p)) {
            return digits_then(number.trim_start()).is_some();
        }
        if let Some(count) = digits_then(&lower) {
            let unit = lower[count..].trim_start();
            return unit.starts_with(',')
                || ["yrs", "years", "y/o", "yo "]
                    .iter()
                    .any(|u| unit.starts_with(u));
        }
    }
    false
}

/// Whether `start_of_line` (the line up to a word) is an email or meeting header's list of
/// people: "To: ", "Cc: Whitt, Mark; ", "X-From: ", "Attendees: ", "Sent by: " and the like.
fn header_line(start_of_line: &str) -> bool {
    let Some((label, _)) = start_of_line.split_once(':') else {
        return false;
    };
    let label: String = label
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    const LABELS: [&str; 15] = [
        "from",
        "to",
        "cc",
        "bcc",
        "xfrom",
        "xto",
        "xcc",
        "xbcc",
        "sentby",
        "replyto",
        "attendees",
        "present",
        "apologies",
        "invitees",
        "distribution",
    ];
    LABELS.contains(&label.as_str())
}

/// Whether `start_of_line` ends with a police or court record's label for a person, then a
/// colon: "SUSPECT: ", "VICTIM: ", "Witness 2: ", "IP: " (the injured party). The words after it
/// are a person's name, as in a header's list of people.
fn police_label(start_of_line: &str) -> bool {
    let Some(before) = start_of_line.trim_end().strip_suffix(':') else {
        return false;
    };
    let before = before
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_lowercase();
    matches!(
        word.as_str(),
        "suspect"
            | "suspects"
            | "victim"
            | "victims"
            | "witness"
            | "witnesses"
            | "offender"
            | "offenders"
            | "informant"
            | "nominal"
            | "nominals"
            | "misper"
            | "occupant"
            | "occupants"
            | "caller"
            | "driver"
            | "passenger"
            | "aggrieved"
            | "complainant"
            | "accused"
            | "defendant"
            | "perpetrator"
            | "associate"
            | "associates"
            | "ip"
    )
}

/// Dotted initials before a surname: "signed by M. McCague", "P. Johnson 84", "T.D. Okafor"
/// (`unregistered.initial-surname`; CoNLL-2003's development part, and letters sign so). The
/// word after the initials is capitalised, not in capitals, and a surname the lists hold or a
/// word no list holds: no English or common word ("Plan B. Green spaces"), place, month,
/// not-name, title or acronym. A professional's title before or role after keeps it.
fn initial_surnames(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let dotted = |i: usize| is_initial(text, &tokens[i]) && text[tokens[i].end..].starts_with('.');
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        // The first of a run of dotted initials ("T.D."), not a word's end ("U.S.").
        let starts = dotted(index)
            && !(index > 0 && text[tokens[index - 1].end..tokens[index].start] == *".");
        if !starts {
            index += 1;
            continue;
        }
        // "T.D. Okafor", "J. R. Hartley".
        let mut last = index;
        while last + 1 < tokens.len()
            && matches!(&text[tokens[last].end..tokens[last + 1].start], "." | ". ")
            && dotted(last + 1)
        {
            last += 1;
        }
        let Some(surname) = tokens.get(last + 1) else {
            break;
        };
        let folded = surname.folded.as_str();
        let word = lexicon.is_english_word(folded)
            || lexicon.is_common_word(folded)
            || lexicon.is_place_word(folded)
            || lexicon.is_not_name(folded)
            || lexicon.titles.contains_key(folded)
            || lexicon.is_acronym(folded);
        let (start, end) = (tokens[index].start, surname.end);
        let taken = text[tokens[last].end..surname.start] == *". "
            && surname.capitalised
            && !surname.all_caps
            && !surname.glued
            && folded.chars().count() >= 2
            && !word
            // The surname may be found alone already ("C. Lewis 80": "Lewis"); the initials
            // are what is added.
            && !overlaps_any(start, tokens[last].end, found)
            && !inside_phrase(phrases, start, end)
            // "65 R. Mongi Bali St.": a street after a house number.
            && !after_house_number(text, start);
        if taken && !professional_in_role(lexicon, text, phrases, start, end) {
            out.push(unregistered_person(
                text,
                start,
                end,
                const { RuleId::known("unregistered.initial-surname") },
                "initials before a surname (\"P. Johnson\")".to_string(),
                false,
            ));
        }
        index = last + 1;
    }
    out
}

/// Whether a finding is the rest of a kept person's name after its first word and a middle
/// initial: "L. Carter" or "Carter" in "Jade L. Carter" for the subject Jade Carter, the first
/// word and the surname both words of a kept name ("Sharon L. Carter" is no kept name); or its
/// surname before a comma and its first word ("CARTER, JADE").
fn end_of_kept_name(detector: &Detector, text: &str, finding: &Finding) -> bool {
    let kept = |word: &str| detector.kept_words.contains(&fold::fold_str(word));
    // "WITNESS: CARTER, JADE", "Carter, Jade (YP)": the kept name written surname first, as
    // police and case-management records write one.
    if !finding.text.contains(char::is_whitespace)
        && kept(&finding.text)
        && let Some(rest) = text[finding.span.end..].strip_prefix(", ")
    {
        let next: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        if !next.is_empty() && kept(&next) {
            return true;
        }
    }
    let words: Vec<&str> = finding.text.split_whitespace().collect();
    let (surname, with_initial) = match words.as_slice() {
        [surname] => (*surname, false),
        [initial, surname] => (*surname, is_initial_word(initial)),
        _ => return false,
    };
    let Some(before) = text[..finding.span.start].strip_suffix(' ') else {
        return false;
    };
    let before = if with_initial {
        before
    } else {
        // The initial stands before the finding: "Jade L. " or "Jade L ".
        let Some((rest, initial)) = before.rsplit_once(' ') else {
            return false;
        };
        if !is_initial_word(initial) {
            return false;
        }
        rest
    };
    let first = before.rsplit([' ', '\n']).next().unwrap_or("");
    !first.is_empty() && kept(first) && kept(surname)
}

/// One capital letter, with or without its dot ("L.", "L").
fn is_initial_word(word: &str) -> bool {
    let mut chars = word.strip_suffix('.').unwrap_or(word).chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Whether the name at `start..end` is a professional's: a professional title before it ("Dr
/// J. Wong") or a role right after it ("K. Adeyemi, social worker").
fn professional_in_role(
    lexicon: &Lexicon,
    text: &str,
    phrases: &[(usize, usize, bool)],
    start: usize,
    end: usize,
) -> bool {
    let title = lexicon.title_before_text(text, start);
    let sides = phrase_next_to(text, phrases, start, end);
    title.as_ref().is_some_and(|t| t.professional)
        || sides.1 == Some(Side::Role)
        // "Virtual School adviser Imran Qureshi": a role right before, no relationship after.
        || (sides.0 == Some(Side::Role) && sides.1 != Some(Side::Relationship))
        // "Teaching Assistant Mr Dobson", "Designated Teacher Mrs Claire Boyle": a role, then a
        // personal title.
        || title.is_some_and(|t| phrase_next_to(text, phrases, t.start, end).0 == Some(Side::Role))
}

/// "Jade's nan, Mrs P, visited", "Mr K. came round", "Referrer: Mrs J Bloggs": a title before
/// an initial, the way notes shorten a name, is that person, with the capitalised word after
/// the initial if there is one (`unregistered.title-initial`). Not a professional: a
/// professional title ("Dr P") or a role after ("Ms K. Adeyemi, social worker").
fn title_initials(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        if !is_initial(text, token) || overlaps_any(token.start, token.end, found) {
            continue;
        }
        // A later letter of dotted initials already taken with the first ("K.L.").
        if out
            .last()
            .is_some_and(|f: &Finding| f.span.end >= token.end)
        {
            continue;
        }
        let dotted_end = dotted_initials_end(text, &tokens[index..]);
        let Some(title) = lexicon.title_before_text(text, token.start) else {
            if relationship_before_initial(text, token, phrases) {
                out.push(unregistered_person(
                    text,
                    token.start,
                    token.end,
                    const { RuleId::known("unregistered.relationship-initial") },
                    "an initial in quotes or brackets after a relationship (\"mum's boyfriend (T)\")"
                        .to_string(),
                    false,
                ));
            } else if let Some(end) = dotted_end
                && relationship_right_before(text, token.start, phrases)
            {
                out.push(unregistered_person(
                    text,
                    token.start,
                    end,
                    const { RuleId::known("unregistered.relationship-initial") },
                    "dotted initials right after a relationship (\"her friend K.L.\")".to_string(),
                    false,
                ));
            }
            continue;
        };
        // "Mrs J Bloggs": the surname after the initial goes with them (the initial had been
        // left beside the surname another rule found).
        // In a line in capitals ("INFORMANT: MRS P. HALL") the surname is in capitals too: a
        // word the lists know as a name, or no English or common word ("MRS P. WAS" is not).
        let shouted_title = text[title.start..token.start]
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let surname = tokens.get(index + 1).filter(|next| {
            next.capitalised
                && (!next.all_caps
                    || (shouted_title
                        && (lexicon.is_surname(&next.folded)
                            || lexicon.is_forename(&next.folded)
                            || !(lexicon.is_english_word(&next.folded)
                                || lexicon.is_common_word(&next.folded)))
                        && !lexicon.is_acronym(&next.folded)))
                && !next.glued
                && next.folded.chars().count() >= 2
                && text[token.end..next.start]
                    .trim_start_matches('.')
                    .chars()
                    .all(|c| c == ' ')
        });
        let end = dotted_end.unwrap_or_else(|| surname.map_or(token.end, |next| next.end));
        if professional_in_role(lexicon, text, phrases, token.start, end) {
            continue;
        }
        out.push(unregistered_person(
            text,
            title.start,
            end,
            const { RuleId::known("unregistered.title-initial") },
            format!("the title `{}` before an initial (\"Mrs P\")", title.word),
            false,
        ));
    }
    out
}

/// The end of two or three dotted initials that `tokens` open ("K.L.", "K. L.", "T.J.M."), after
/// the last letter; none for one initial or initials without dots ("K L" may be a name's).
fn dotted_initials_end(text: &str, tokens: &[Token]) -> Option<usize> {
    let mut end = None;
    for (count, pair) in tokens.windows(2).take(2).enumerate() {
        let [letter, next] = pair else { break };
        let gap = &text[letter.end..next.start];
        if !(is_initial(text, next) && matches!(gap, "." | ". ")) {
            break;
        }
        end = Some(next.end);
        if count == 1 {
            break;
        }
    }
    // The group ends with a dot and no letter follows it ("K.L.", not "K.Lee").
    end.filter(|&e| text[e..].starts_with('.'))
}

/// Whether a relationship phrase (not a role) ends right before `start`, with a space, a comma
/// or a colon between ("her friend K.L.", "Jade's peer, K.L.,", "Boyfriend: T.J.").
fn relationship_right_before(text: &str, start: usize, phrases: &[(usize, usize, bool)]) -> bool {
    phrase_before(phrases, start)
        .is_some_and(|(_, end, role)| !role && matches!(&text[*end..start], " " | ", " | ": "))
}

/// "mum's boyfriend (T)", "Alleged perpetrator: 'K'": an initial in quotes or brackets right
/// after a relationship phrase stands for that person, as notes shorten a name.
fn relationship_before_initial(
    text: &str,
    token: &Token,
    phrases: &[(usize, usize, bool)],
) -> bool {
    let opened = text[..token.start].ends_with(['\'', '‘', '"', '“', '(']);
    let closed = text[token.end..].starts_with(['\'', '’', '"', '”', ')']);
    opened
        && closed
        && phrase_before(phrases, token.start).is_some_and(|(_, end, role)| {
            let gap = &text[*end..token.start];
            !role
                && gap.len() <= 6
                && gap
                    .chars()
                    .all(|c| matches!(c, ' ' | ':' | ',' | '\'' | '‘' | '"' | '“' | '('))
        })
}

/// "a man off Snapchat called Liam19", "known as 'kayz_07'": a user name of letters and digits
/// where a name is introduced (`unregistered.named`, review). No word rule reads it, as its
/// letters are glued to digits, and no handle pattern does without an @.
fn introduced_usernames(text: &str, found: &[Span]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut at = 0;
    for chunk in text.split_inclusive(char::is_whitespace) {
        let chunk_start = at;
        at += chunk.len();
        let opening = chunk.len() - chunk.trim_start_matches(['\'', '‘', '"', '“']).len();
        let word = chunk[opening..]
            .trim_end()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '’', '"', '”']);
        let start = chunk_start + opening;
        let end = start + word.len();
        let shaped = word.chars().next().is_some_and(char::is_alphabetic)
            && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && word.chars().any(|c| c.is_ascii_digit())
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !shaped || overlaps_any(start, end, found) {
            continue;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = &text[line_start..start];
        // "a man off Snapchat called Liam19": a word for a person up to four words before.
        let person_called = || {
            let lower = before.trim_end().to_lowercase();
            let mut words = lower.split_whitespace().rev();
            matches!(words.next(), Some("called" | "named"))
                && words.take(4).any(|w| PEOPLE.contains(&w))
        };
        if matches!(
            introduction_before(before),
            Some(Introduction::Name | Introduction::CalledBy)
        ) || person_called()
        {
            out.push(unregistered_person(
                text,
                start,
                end,
                const { RuleId::known("unregistered.named") },
                "a user name of letters and digits, introduced as a name (\"called Liam19\")"
                    .to_string(),
                true,
            ));
        }
    }
    out
}

/// A known forename inside a longer run of capitalised words, with the surname after it:
/// "TMZ Reporting Lindsay Lohan Just Failed" (`unregistered.forename-surname`).
fn anchored_forenames(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut index = 0;
    while index + 1 < tokens.len() {
        let first = &tokens[index];
        let next = &tokens[index + 1];
        let usable = |t: &Token| {
            t.capitalised
                && !t.glued
                && !t.all_caps
                && !overlaps_any(t.start, t.end, found)
                && !inside_phrase(phrases, t.start, t.end)
                && !lexicon.is_not_name(&t.folded)
                && !lexicon.is_place_word(&t.folded)
        };
        // "Dean Street's sister": a possessive place word before a relationship is a surname.
        let possessive_relative = next.possessive
            && next.capitalised
            && !overlaps_any(next.start, next.end, found)
            && relationship_after_possessive(text, phrases, next.end).is_some();
        if usable(first)
            && (usable(next) || possessive_relative)
            && lexicon.is_forename(&first.folded)
            && (possessive_relative || !lexicon.is_common_word(&first.folded))
            && !first.possessive
            && text[first.end..next.start] == *" "
            && !super::register::is_particle(&next.folded)
            && (possessive_relative
                || ((lexicon.is_surname(&next.folded) || !lexicon.is_english_word(&next.folded))
                    && !lexicon.is_common_word(&next.folded)))
            // Not after a professional title, nor after a title a role stands right before
            // ("Jade's solicitor, Ms Farah Iqbal"), as the title rule reads it.
            && lexicon
                .title_before_text(text, first.start)
                .is_none_or(|t| {
                    !t.professional
                        && phrase_next_to(text, phrases, t.start, next.end).0 != Some(Side::Role)
                })
            && {
                // "Kevin Osei, social worker": a professional in role, kept.
                let (before, after) = phrase_next_to(text, phrases, first.start, next.end);
                before != Some(Side::Role) && after != Some(Side::Role)
            }
        {
            out.push(unregistered_person(
                text,
                first.start,
                next.end,
                const { RuleId::known("unregistered.forename-surname") },
                "a known forename followed by a surname inside a run of capitalised words"
                    .to_string(),
                true,
            ));
            index += 2;
            continue;
        }
        index += 1;
    }
    out
}

/// Names written in lower case, as messages do ("can jaxon come", "met kornelia"): a known
/// forename that is not an English word or a common word, with a known surname after it if
/// there is one (`unregistered.lower-case-name`, for review).
fn lowercase_names(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
    transcript: &std::cell::OnceCell<bool>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        let token = &tokens[index];
        let plain = |t: &Token| {
            t.lower
                && !t.glued
                && t.folded.chars().count() >= 3
                && !overlaps_any(t.start, t.end, found)
                && !lexicon.is_english_word(&t.folded)
                && !lexicon.is_common_word(&t.folded)
                && !lexicon.is_not_name(&t.folded)
        };
        // A lower-case word of `min` letters or more that may be a name that is also a word, by
        // what stands beside it.
        let lower_word_of = |min: usize| {
            token.lower
                && !token.glued
                && token.folded.chars().count() >= min
                && !overlaps_any(token.start, token.end, found)
                && !lexicon.is_not_name(&token.folded)
        };
        let lower_word = || lower_word_of(3);
        // "mum said shannon told her": a forename that is also a word, in lower case, is a name
        // before a verb of saying, unless a determiner or a pronoun makes it a thing or a verb
        // ("the bill said", "I hope said item").
        // "harry just messaged me": an adverb may stand between.
        let saying_after_adverb = || {
            tokens.get(index + 1).is_some_and(|adverb| {
                adverb.lower
                    && text[token.end..adverb.start] == *" "
                    && matches!(
                        adverb.folded.as_str(),
                        "just" | "also" | "then" | "literally" | "never" | "always" | "actually"
                    )
            }) && tokens.get(index + 2).is_some_and(|verb| {
                verb.lower
                    && text[tokens[index + 1].end..verb.start] == *" "
                    && is_saying_verb(&verb.folded)
            })
        };
        let word_before_saying = || {
            lower_word()
                && (super::lexicon::next_word(text, token.end)
                    .is_some_and(|w| is_saying_verb(&fold::fold_str(&w)))
                    || saying_after_adverb())
                && index
                    .checked_sub(1)
                    .is_none_or(|i| !is_determiner_or_pronoun(&tokens[i].folded))
        };
        // "i will tell shannon", "i told dawid to go": a given name in lower case right after a
        // verb done to a person. Written in lower case, "told" and "asked" cannot be taking an
        // organisation ("told Reuters"), so they count here. A name only the longer list holds
        // must pass the plain-word test too.
        let after_person_verb = || {
            lower_word()
                && index.checked_sub(1).is_some_and(|i| {
                    let verb = &tokens[i];
                    verb.lower
                        && text[verb.end..token.start] == *" "
                        && (is_verb_done_to_person(&verb.folded)
                            || matches!(
                                verb.folded.as_str(),
                                "tell" | "told" | "ask" | "asked" | "meet" | "hug"
                            ))
                })
                // "the text will appear", "ask can you": a modal is never the name, and one
                // taken would be spread to every "will" of the pack.
                && !is_modal(&token.folded)
                && (lexicon.is_forename(&token.folded)
                    || (lexicon.is_more_forename(&token.folded) && plain(token)))
        };
        // "ring aunty carol", "uncle gaz's", "nan pat came round": in lower case, a family word
        // is a title before a name as it is written capitalised ("Uncle Gaz"). The word after it
        // is a given name the lists know, or a short word that is no word at all; never a verb
        // of saying ("nan said"), a modal ("aunty may come") or a pronoun.
        // So too right after a relationship written in lower case ("her boyfriend tj", "my
        // brother kai"), where two letters without a vowel are initials.
        let after_family_title = || {
            let letters = token.folded.chars().count();
            let initials = lower_initials(lexicon, &token.folded);
            // "uncle mo", "aunty jo".
            let short_name = is_short_given_name(&token.folded);
            lower_word_of(2)
                && !token.folded.chars().all(|c| c == 'x')
                // "baby don't", "my baby cos he's": a contraction or chat spelling.
                && !token.folded.contains(['\'', '’'])
                && !is_bare_contraction(&token.folded)
                && !is_chat_spelling(&token.folded)
                && (index.checked_sub(1).is_some_and(|i| {
                    let title = &tokens[i];
                    title.lower
                        && !title.possessive
                        && is_family_title(&title.folded)
                        && text[title.end..token.start] == *" "
                }) || phrase_before(phrases, token.start).is_some_and(|(s, e, role)| {
                    !role
                        && text[*e..token.start] == *" "
                        && !text[*s..*e].chars().any(char::is_uppercase)
                }))
                && !is_saying_verb(&token.folded)
                && !is_modal(&token.folded)
                && !is_determiner_or_pronoun(&token.folded)
                && (lexicon.is_forename(&token.folded)
                    // "my sis keeley": a name of the longer list that is no word; "my bf
                    // ashton": one the census gazetteer holds.
                    || ((lexicon.is_more_forename(&token.folded)
                        || lexicon.is_census_name(&token.folded))
                        && plain(token))
                    || initials
                    || short_name
                    || ((3..=5).contains(&letters)
                        && !lexicon.is_english_word(&token.folded)
                        && !lexicon.is_common_word(&token.folded)))
        };
        // "went round kez's", "at tiegan's house": a possessive that is no word, for the place
        // someone lives, as it is written capitalised (`unregistered.possessive-home`). Not a
        // shop's ("round maccies's" is no one's).
        let possessive_place = || {
            token.possessive
                && plain(token)
                && !is_shop(&token.folded)
                && (index
                    .checked_sub(1)
                    .is_some_and(|i| tokens[i].folded == "round" && tokens[i].lower)
                    || home_word_after(text, token.end))
        };
        // "shes going to kyles", "at tiegans house": the same possessive written without its
        // apostrophe, as messages do: a known given name and an s, the whole no word ("jacks"
        // and "bills" are words), after "round", "at" or "to", or before a home word. Text
        // speak fails the count of English words around, so the two words before must be
        // English ("going to", "round at"), or the one before opens the line ("Kez: at kyles").
        let english = |t: &Token| {
            t.lower
                && !t.glued
                && (lexicon.is_english_word(&t.folded)
                    || lexicon.is_common_word(&t.folded)
                    || is_chat_spelling(&t.folded)
                    || dropped_g(lexicon, &t.folded)
                    || t.folded.chars().count() <= 2)
        };
        let opens_line = |t: &Token| {
            text[..t.start]
                .trim_end_matches([' ', '\t'])
                .ends_with(['\n', ':'])
                || text[..t.start].trim().is_empty()
        };
        let english_before = || {
            index >= 1
                && english(&tokens[index - 1])
                && (opens_line(&tokens[index - 1]) || (index >= 2 && english(&tokens[index - 2])))
        };
        let after_round_at_to = || {
            index.checked_sub(1).is_some_and(|i| {
                tokens[i].lower
                    && matches!(tokens[i].folded.as_str(), "round" | "at" | "to")
                    && text[tokens[i].end..token.start] == *" "
            })
        };
        let bare_possessive_place = || {
            plain(token)
                && !token.possessive
                && (token.folded.strip_suffix('s').is_some_and(|stem| {
                    stem.chars().count() >= 3
                        && !stem.ends_with('s')
                        && lexicon.is_forename(stem)
                        && !lexicon.is_english_word(stem)
                }) && (after_round_at_to() || home_word_after(text, token.end))
                    // "kels: at tyreese house": after "at", before a home word, a word
                    // that is no word is someone's, whatever the lists hold.
                    || (after_round_at_to()
                        && home_word_after(text, token.end)
                        && !is_shop(&token.folded)
                        && !is_chat_spelling(&token.folded)))
                && english_before()
        };
        // "kez: at bens": the speaker of a transcript's line, written in lower case (a time
        // before it, or two lines of the text or more opening with a speaker).
        let speaker = || {
            plain(token)
                && speaker_at(
                    text,
                    text[..token.start].rfind('\n').map_or(0, |at| at + 1),
                    token.start,
                    token.end,
                    transcript,
                )
        };
        // "happy bday kez x", "happy birthday florence": the word a birthday wish is to, if it
        // is a given name or no word at all (never "happy birthday to you", "... hun").
        // A given name the lists hold, or a word that is no word, and no modal, pronoun, chat
        // spelling or word of a relationship or role phrase: what a person word or a wish is to.
        let given_name_here = || {
            !is_modal(&token.folded)
                && !is_determiner_or_pronoun(&token.folded)
                && !is_chat_spelling(&token.folded)
                && !inside_phrase(phrases, token.start, token.end)
                && (lexicon.is_forename(&token.folded) || plain(token))
        };
        let birthday_wish = || {
            lower_word()
                && index >= 2
                && matches!(tokens[index - 1].folded.as_str(), "birthday" | "bday")
                && tokens[index - 1].lower
                && tokens[index - 2].folded == "happy"
                && text[tokens[index - 1].end..token.start] == *" "
                && !is_endearment(&token.folded)
                && given_name_here()
        };
        // The family word says the text is English: no need to count the words around it (the
        // word lists lack some English words that are also surnames, "ring").
        // "ms kowalski said", "mr smith rang": a surname in lower case after a title in lower
        // case, as messages write one: a surname the lists hold or a word that is no word.
        let after_lower_title = || {
            lower_word_of(2)
                // `title_before_text` takes a title in lower case only for these four.
                && lexicon.title_before_text(text, token.start).is_some_and(|title| {
                    text[title.start..].starts_with(char::is_lowercase)
                        && index.checked_sub(1).is_some_and(|i| {
                            tokens[i].start == title.start
                                && matches!(&text[tokens[i].end..token.start], " " | ". " | ".")
                        })
                })
                && !is_modal(&token.folded)
                && !is_determiner_or_pronoun(&token.folded)
                && !is_chat_spelling(&token.folded)
                && (lexicon.is_surname(&token.folded)
                    || (lexicon.is_census_name(&token.folded)
                        && !lexicon.is_english_word(&token.folded))
                    || plain(token))
        };
        // "ruby's brother josh", "jack's mate": a given name in lower case with `'s` before a
        // relationship written in lower case is that person's, as "Dean Street's sister" is
        // capitalised. Not a family word ("nan's friend"), a modal or a determiner.
        let possessive_relative = || {
            token.possessive
                && lower_word()
                && !is_family_title(&token.folded)
                && !inside_phrase(phrases, token.start, token.end)
                && !is_modal(&token.folded)
                && !is_determiner_or_pronoun(&token.folded)
                && (lexicon.is_forename(&token.folded)
                    || (lexicon.is_more_forename(&token.folded) && plain(token)))
                && relationship_after_possessive(text, phrases, token.end)
                    .is_some_and(|(s, e, _)| !text[*s..*e].chars().any(char::is_uppercase))
        };
        // "shannon n her mum had a fight", "connor and his brother": a given name in lower
        // case, though it is also a word, that "her" or "his" and a relationship in lower case
        // follow, joined by "and", "n" or "&".
        let with_own_relative = || {
            lower_word()
                && !token.possessive
                && !is_family_title(&token.folded)
                && !inside_phrase(phrases, token.start, token.end)
                && !is_modal(&token.folded)
                && !is_determiner_or_pronoun(&token.folded)
                && !is_saying_verb(&token.folded)
                && (lexicon.is_forename(&token.folded)
                    || (lexicon.is_more_forename(&token.folded) && plain(token)))
                && {
                    let rest = &text[token.end..];
                    ["n", "and", "&"]
                        .iter()
                        .find_map(|joiner| {
                            rest.strip_prefix(' ')?
                                .strip_prefix(joiner)?
                                .strip_prefix(' ')
                        })
                        .and_then(|r| r.strip_prefix("her ").or_else(|| r.strip_prefix("his ")))
                        .is_some_and(|r| {
                            let at = text.len() - r.len();
                            phrase_after(phrases, at).is_some_and(|(s, e, role)| {
                                *s == at && !role && !text[*s..*e].chars().any(char::is_uppercase)
                            })
                        })
                }
        };
        // "some girl called brooklyn", "that guy farhan": in lower case, after a word for a
        // person and "called" or "named", or right after "that guy", "this girl" and the like,
        // a given name the lists hold or a word that is no word ("a man called round", "that
        // guy is" name no one).
        let person_named = || {
            let person = |t: &Token| t.lower && PEOPLE.contains(&t.folded.as_str());
            let next_to = |left: &Token, right: &Token| text[left.end..right.start] == *" ";
            let called = index >= 2
                && matches!(
                    tokens[index - 1].folded.as_str(),
                    "called" | "named" | "calld"
                )
                && tokens[index - 1].lower
                && person(&tokens[index - 2])
                && next_to(&tokens[index - 2], &tokens[index - 1])
                && next_to(&tokens[index - 1], token);
            let pointed = index >= 2
                && person(&tokens[index - 1])
                && matches!(
                    tokens[index - 2].folded.as_str(),
                    "that" | "this" | "some" | "dis"
                )
                && tokens[index - 2].lower
                && next_to(&tokens[index - 2], &tokens[index - 1])
                && next_to(&tokens[index - 1], token);
            (called || pointed)
                && lower_word()
                && !token.possessive
                // "that baby don't": a contraction.
                && !token.folded.contains(['\'', '’'])
                && !is_bare_contraction(&token.folded)
                && !is_saying_verb(&token.folded)
                && given_name_here()
        };
        // "im stayin at holly's 2nite": a given name with `'s`, though it is also a word, after
        // "at" and a verb of staying (its g dropped or not) is the home of someone of that name.
        let staying_possessive = || {
            token.possessive
                && lower_word()
                && lexicon.is_forename(&token.folded)
                && !is_shop(&token.folded)
                && !is_family_title(&token.folded)
                && !is_modal(&token.folded)
                && index >= 2
                && tokens[index - 1].folded == "at"
                && tokens[index - 1].lower
                && text[tokens[index - 1].end..token.start] == *" "
                && text[tokens[index - 2].end..tokens[index - 1].start] == *" "
                && {
                    let verb = &tokens[index - 2].folded;
                    is_staying_verb(verb)
                        || verb
                            .strip_suffix("in")
                            .is_some_and(|stem| is_staying_verb(&format!("{stem}ing")))
                }
        };
        let birthday = birthday_wish();
        let lower_title = !birthday && after_lower_title();
        let relative = !birthday && !lower_title && possessive_relative();
        let family_titled = birthday || lower_title || relative || after_family_title();
        let possessive_place = !family_titled && possessive_place();
        let bare_place = !family_titled && !possessive_place && bare_possessive_place();
        let speaker = !family_titled && !possessive_place && !bare_place && speaker();
        let with_relative = !family_titled && !speaker && with_own_relative();
        // A given name the lists hold, before "said" or "told": English whatever the words
        // around it are spelt as ("tia said she wud batter me").
        // "dom said if i tell": a name only the longer list holds, no word and no chat spelling.
        let known_before_saying = || {
            (lexicon.is_forename(&token.folded)
                || (lexicon.is_more_forename(&token.folded) && !is_chat_spelling(&token.folded)))
                && plain(token)
                && word_before_saying()
        };
        // "i luv u jordan xxx", "miss you archie!": the one a message of love or missing is to,
        // a given name the lists hold though it is also a word, closing the message or before
        // kisses or a mark.
        let addressed = || {
            lower_word()
                && index >= 2
                && matches!(tokens[index - 1].folded.as_str(), "u" | "you" | "ya")
                && matches!(
                    tokens[index - 2].folded.as_str(),
                    "love" | "luv" | "miss" | "missing" | "thank" | "hate" | "lov"
                )
                && tokens[index - 1].lower
                && tokens[index - 2].lower
                && text[tokens[index - 2].end..tokens[index - 1].start] == *" "
                && text[tokens[index - 1].end..token.start] == *" "
                && !token.possessive
                && !is_modal(&token.folded)
                && !is_determiner_or_pronoun(&token.folded)
                && !is_endearment(&token.folded)
                && !is_chat_spelling(&token.folded)
                && !inside_phrase(phrases, token.start, token.end)
                && lexicon.is_forename(&token.folded)
                && {
                    let after = text[token.end..].trim_start_matches([' ', '\t']);
                    after.is_empty()
                        || after.starts_with(['"', '\'', '.', '!', '?', ',', '\n', ')', '”'])
                        || after
                            .split(|c: char| !c.is_alphanumeric())
                            .next()
                            .is_some_and(|w| {
                                !w.is_empty() && w.chars().all(|c| c == 'x' || c == 'X')
                            })
                }
        };
        if !(family_titled
            || speaker
            || with_relative
            || person_named()
            || staying_possessive()
            || bare_place
            || known_before_saying()
            || addressed()
            || english_around(lexicon, tokens, index, index)
                && ((lexicon.is_forename(&token.folded) && (plain(token) || word_before_saying()))
                    || after_person_verb()
                    || possessive_place))
        {
            index += 1;
            continue;
        }
        let mut end = token.end;
        let mut next_index = index + 1;
        if let Some(next) = tokens.get(index + 1)
            && plain(next)
            && lexicon.is_surname(&next.folded)
            && !is_saying_verb(&next.folded)
            // "me n kasia goin maccies": a verb without its g, not a surname.
            && !dropped_g(lexicon, &next.folded)
            && !is_chat_spelling(&next.folded)
            && !token.possessive
            && text[token.end..next.start] == *" "
        {
            end = next.end;
            next_index += 1;
        }
        let why = if with_relative {
            "a name in lower case joined to \"her\" or \"his\" and a relationship (\"shannon n her mum\")"
        } else if relative {
            "a name in lower case with `'s` before a relationship (\"ruby's brother\")"
        } else if lower_title {
            "a surname in lower case after a title in lower case (\"ms kowalski said\")"
        } else if birthday {
            "a name in lower case that a birthday wish is to (\"happy bday kez\")"
        } else if family_titled {
            "a name in lower case after a family word or a relationship, as messages write them (\"aunty carol\", \"her boyfriend tj\")"
        } else if possessive_place || bare_place {
            "a name in lower case with `'s` (or its s alone) for the place someone lives (\"went round kez's\", \"going to kyles\")"
        } else if speaker {
            "the speaker of a line of a chat or message transcript, in lower case (\"kez: at bens\")"
        } else {
            "a known forename written in lower case, as messages do"
        };
        out.push(unregistered_person(
            text,
            token.start,
            end,
            const { RuleId::known("unregistered.lower-case-name") },
            why.to_string(),
            true,
        ));
        index = next_index;
    }
    out
}

/// Two letters in lower case without a vowel that may be someone's initials ("her boyfriend
/// tj"): not kisses ("mum xx"), an acronym ("mum GP") or chat ("text mum rn").
fn lower_initials(lexicon: &Lexicon, folded: &str) -> bool {
    folded.chars().count() == 2
        && !folded.contains(['a', 'e', 'i', 'o', 'u', 'y'])
        && !lexicon.is_acronym(folded)
        && !matches!(
            folded,
            "xx" | "rn" | "np" | "fr" | "bc" | "gg" | "nm" | "dm" | "pm" | "hr" | "kg"
        )
}

/// "ethan n mason r fighting", "kyle, jess and ruby", "tj, ryan and kai": in lower case, a given
/// name or initials listed with a name already found in lower case (after or before it, joined
/// by "and", "n", "&" or a comma) is a name too, though it is also a word ("mason", "ruby"):
/// [`listed_with_me`] takes only words that are no word beside such a name. Never a modal
/// ("kyle and will go"), a pronoun, a verb of saying, a family word or chat spelling
/// (`unregistered.lower-case-name`, for review).
fn listed_with_lowercase_name(
    lexicon: &Lexicon,
    text: &str,
    tokens: &[Token],
    found: &[Span],
    phrases: &[(usize, usize, bool)],
    before: &[Finding],
) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let taken = |t: &Token, out: &[Finding]| {
        overlaps_any(t.start, t.end, found)
            || before
                .iter()
                .chain(out)
                .any(|f| f.span.start < t.end && t.start < f.span.end)
    };
    let candidate = |t: &Token| {
        t.lower
            && !t.glued
            && t.folded.chars().count() >= 2
            && !inside_phrase(phrases, t.start, t.end)
            && !lexicon.is_not_name(&t.folded)
            && !is_modal(&t.folded)
            && !is_determiner_or_pronoun(&t.folded)
            && !is_saying_verb(&t.folded)
            && !is_chat_spelling(&t.folded)
            && !is_family_title(&t.folded)
            && (lexicon.is_forename(&t.folded)
                || is_short_given_name(&t.folded)
                // "with tj, ryan and kai".
                || lower_initials(lexicon, &t.folded)
                || (lexicon.is_more_forename(&t.folded)
                    && t.folded.chars().count() >= 3
                    && !lexicon.is_english_word(&t.folded)
                    && !lexicon.is_common_word(&t.folded)))
    };
    // The token joined to the one at `index` on the side `forward` says, if a joining word or
    // mark stands between.
    let joined = |index: usize, forward: bool| -> Option<usize> {
        let step = |i: usize| {
            if forward {
                Some(i + 1).filter(|&i| i < tokens.len())
            } else {
                i.checked_sub(1)
            }
        };
        let pair = |a: usize, b: usize| {
            if forward {
                (&tokens[a], &tokens[b])
            } else {
                (&tokens[b], &tokens[a])
            }
        };
        let next = step(index)?;
        let (left, right) = pair(index, next);
        if left.possessive {
            return None;
        }
        match &text[left.end..right.start] {
            ", " | " & " => Some(next),
            " " if tokens[next].lower && matches!(tokens[next].folded.as_str(), "and" | "n") => {
                let beyond = step(next)?;
                let (left, right) = pair(next, beyond);
                (text[left.end..right.start] == *" " && !left.possessive).then_some(beyond)
            }
            _ => None,
        }
    };
    // Seeds: every word in lower case already taken as a name, by any rule or the register.
    let mut named: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens[i].lower && taken(&tokens[i], &[]))
        .collect();
    while let Some(from) = named.pop() {
        for forward in [true, false] {
            let Some(at) = joined(from, forward) else {
                continue;
            };
            let t = &tokens[at];
            if !candidate(t) || taken(t, &out) {
                continue;
            }
            out.push(unregistered_person(
                text,
                t.start,
                t.end,
                const { RuleId::known("unregistered.lower-case-name") },
                "a given name in lower case listed with a name found (\"ethan n mason\")"
                    .to_string(),
                true,
            ));
            named.push(at);
        }
    }
    out
}

/// "Jade went to Shannons after school", "stayed at Kyles": a given name and an s, its
/// apostrophe left out, for the place someone goes or stays, as [`lowercase_names`] reads
/// "going to kyles" (`unregistered.possessive-home`, review). The given name is no English word
/// and the whole is no word, forename, surname, place or shop ("went to Greggs", "at Jones").
/// Either "to", "at" or "round" stands before it after a verb of going or staying, and the
/// given name is one the lists hold; or a home word follows, and the given name is no word
/// ("at Tiegans house").
fn capitalised_bare_possessives(
    detector: &Detector,
    text: &str,
    tokens: &[Token],
    found: &[Span],
) -> Vec<Finding> {
    let lexicon = &detector.lexicon;
    let mut out = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let Some(stem) = token.folded.strip_suffix('s') else {
            continue;
        };
        let shaped = token.capitalised
            && !token.all_caps
            && !token.glued
            && !token.possessive
            && stem.chars().count() >= 3
            && !stem.ends_with('s')
            // "Kayleighs party" is the subject's own.
            && !detector.kept_words.contains(stem)
            && !lexicon.is_english_word(stem)
            && !is_shop(stem)
            && !is_shop(&token.folded)
            && !lexicon.is_english_word(&token.folded)
            && !lexicon.is_common_word(&token.folded)
            && !lexicon.is_forename(&token.folded)
            && !lexicon.is_surname(&token.folded)
            && !lexicon.is_place_word(&token.folded)
            && !lexicon.is_not_name(&token.folded)
            && !overlaps_any(token.start, token.end, found);
        if !shaped {
            continue;
        }
        let after_going = index >= 2 && {
            let (verb, preposition) = (&tokens[index - 2], &tokens[index - 1]);
            preposition.lower
                && matches!(preposition.folded.as_str(), "to" | "at" | "round")
                && text[preposition.end..token.start] == *" "
                && text[verb.end..preposition.start] == *" "
                && (is_staying_verb(&verb.folded)
                    || matches!(
                        verb.folded.as_str(),
                        "go" | "goes"
                            | "going"
                            | "gone"
                            | "went"
                            | "come"
                            | "came"
                            | "coming"
                            | "back"
                            | "ran"
                            | "run"
                            | "walked"
                    ))
        };
        // Before a home word the given name may be one no list holds ("at Tiegans house").
        let home_after = home_word_after(text, token.end) && !lexicon.is_common_word(stem);
        if (after_going && lexicon.is_forename(stem)) || home_after {
            out.push(unregistered_person(
                text,
                token.start,
                token.end,
                const { RuleId::known("unregistered.possessive-home") },
                "a name and an s, its apostrophe left out, for the place someone goes or stays (\"went to Shannons\")".to_string(),
                true,
            ));
        }
    }
    out
}

/// The folded word after "from", an optional "the" and one word, right after `end` ("Xiaoming
/// from the takeaway gave", "Mark from Tesco said"): the verb of the one named before.
fn word_after_where_from(text: &str, end: usize) -> Option<String> {
    let rest = text[end..].strip_prefix(" from ")?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let word = rest.split(' ').next().filter(|w| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_alphanumeric() || c == '\'' || c == '’')
    })?;
    let at = text.len() - rest.len() + word.len();
    super::lexicon::next_word(text, at).map(|w| fold::fold_str(&w))
}

/// A word written without its final "g", as messages drop it ("stayin", "goin", "messagin").
fn dropped_g(lexicon: &Lexicon, folded: &str) -> bool {
    folded.len() >= 4
        && folded
            .strip_suffix("in")
            .is_some_and(|stem| lexicon.is_english_word(&format!("{stem}ing")))
}

/// A word of staying before "at" someone's ("stayed over at Tiegan's", "was at Kyles").
fn is_staying_verb(folded: &str) -> bool {
    matches!(
        folded,
        "over"
            | "stay"
            | "stays"
            | "stayed"
            | "staying"
            | "sleep"
            | "sleeps"
            | "slept"
            | "sleeping"
            | "was"
            | "been"
            | "is"
    )
}

/// A word of size or age that opens a nickname ("'Big J'", "'Lil Kez'").
pub(crate) fn is_size_word(folded: &str) -> bool {
    matches!(folded, "big" | "lil" | "little" | "young")
}

/// A word for a family after its surname ("the Smith twins", "the Nowak Household").
fn is_family_group_word(folded: &str) -> bool {
    matches!(
        folded,
        "family" | "families" | "household" | "twins" | "brothers" | "sisters" | "siblings"
    )
}

/// The short given names families use, which no list of names of three letters or more holds
/// ("uncle mo", "aunty jo", "'Mo'").
fn is_short_given_name(folded: &str) -> bool {
    matches!(
        folded,
        "mo" | "jo" | "al" | "ed" | "di" | "bo" | "ty" | "vi" | "lu"
    )
}

/// What messages call a friend or a partner instead of a name ("happy birthday hun").
fn is_endearment(folded: &str) -> bool {
    matches!(
        folded,
        "hun" | "hunny" | "babe" | "bae" | "bestie" | "bby" | "mate" | "bro" | "sis" | "fam" | "m8"
    )
}

/// Words as messages spell them that no list holds ("wiv", "dat", "cos"): never a name, and
/// English for [`english_around`] (text speak is English too: "at kyles wiv tia").
fn is_chat_spelling(folded: &str) -> bool {
    matches!(
        folded,
        "cos"
            | "cus"
            | "tho"
            | "bout"
            | "wiv"
            | "dat"
            | "dis"
            | "wen"
            | "wat"
            | "ova"
            | "wud"
            | "cud"
            | "shud"
            | "lol"
            | "omg"
            | "pls"
            | "plz"
            | "thx"
            | "ppl"
            | "gonna"
            | "gunna"
            | "wanna"
            | "gotta"
            | "innit"
            | "summat"
            | "nowt"
            | "owt"
    )
}

/// A word for where someone lives or a gathering there, after a possessive name ("at Nicuță's
/// house", "tiegan's party", "Rhianna's birthday").
fn is_home_word(folded: &str) -> bool {
    matches!(
        folded,
        "house"
            | "home"
            | "flat"
            | "place"
            | "room"
            | "bedroom"
            | "bed"
            | "garden"
            | "party"
            | "birthday"
            | "funeral"
            | "wedding"
            | "christening"
            | "sleepover"
    )
}

/// Whether a home word ([`is_home_word`]) is the next word after `end`, or the one after an
/// ordinal ("at Rhianna's 16th birthday party").
fn home_word_after(text: &str, end: usize) -> bool {
    let Some(word) = super::lexicon::next_word(text, end) else {
        return false;
    };
    let folded = fold::fold_str(&word);
    if is_home_word(&folded) {
        return true;
    }
    let digits = folded.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ordinal = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(&folded[digits.len()..], "st" | "nd" | "rd" | "th");
    ordinal
        && text[end..].find(&word).is_some_and(|at| {
            super::lexicon::next_word(text, end + at + word.len())
                .is_some_and(|w| is_home_word(&fold::fold_str(&w)))
        })
}

/// A contraction with its apostrophe ("isn't", "ain't", "we'll", "they're", "i'd").
fn is_contraction(folded: &str) -> bool {
    let plain = folded.replace('’', "'");
    ["n't", "'ll", "'re", "'ve", "'d", "'m"]
        .iter()
        .any(|ending| plain.ends_with(ending))
}

/// A contraction written without its apostrophe, as messages do ("Havent slept in days",
/// "Didnt go"): no one's name.
fn is_bare_contraction(folded: &str) -> bool {
    folded.strip_suffix("nt").is_some_and(|stem| {
        matches!(
            stem,
            "have"
                | "has"
                | "had"
                | "did"
                | "does"
                | "do"
                | "ca"
                | "wo"
                | "would"
                | "could"
                | "should"
                | "is"
                | "are"
                | "was"
                | "were"
                | "ai"
                | "must"
                | "might"
                | "need"
        )
    }) || matches!(
        folded,
        "ive" | "im" | "youre" | "theyre" | "thats" | "whats" | "dunno"
    )
}

/// Shops and chains written with a possessive, where children spend time ("at McDonald's").
fn is_shop(folded: &str) -> bool {
    matches!(
        folded,
        "mcdonald"
            | "nando"
            | "sainsbury"
            | "tesco"
            | "asda"
            | "morrison"
            | "lidl"
            | "aldi"
            | "greggs"
            | "wetherspoon"
            | "domino"
            | "boot"
            | "maccies"
            | "maccys"
            | "mcdonalds"
            | "nandos"
            | "spoons"
            | "kfc"
            | "primark"
    )
}

/// A modal verb: never a lower-case name, and one taken would be spread to every "will" of the
/// pack.
fn is_modal(folded: &str) -> bool {
    matches!(
        folded,
        "will" | "may" | "can" | "must" | "shall" | "might" | "would" | "could" | "should"
    )
}

/// A verb whose object is only ever a person ("met Dawid", "punched Xamse"). "visited",
/// "called" and "rang" also take places and organisations, and "told" takes "Reuters" in news,
/// so they are not among them.
fn is_verb_done_to_person(folded: &str) -> bool {
    matches!(
        folded,
        "met"
            | "meets"
            | "meeting"
            | "texted"
            | "messaged"
            | "hugged"
            | "kissed"
            | "punched"
            | "kicked"
            | "slapped"
            | "pushed"
            | "bullied"
            | "threatened"
            | "married"
            | "dating"
    )
}

/// A verb of saying or messaging that only a person does ("shannon told her").
fn is_saying_verb(folded: &str) -> bool {
    matches!(
        folded,
        "said"
            | "says"
            | "told"
            | "tells"
            | "asked"
            | "asks"
            | "rang"
            | "phoned"
            | "texted"
            | "messaged"
            | "shouted"
            | "reckons"
            | "replied"
            | "sed"
            | "sez"
    )
}

/// A determiner or subject pronoun: the word after it is a thing or a verb ("the bill said",
/// "I hope said").
fn is_determiner_or_pronoun(folded: &str) -> bool {
    matches!(
        folded,
        "the"
            | "a"
            | "an"
            | "my"
            | "your"
            | "his"
            | "her"
            | "their"
            | "our"
            | "its"
            | "this"
            | "that"
            | "these"
            | "those"
            | "some"
            | "any"
            | "every"
            | "no"
            | "i"
            | "we"
            | "you"
            | "they"
            | "he"
            | "she"
            | "it"
    )
}

fn judge(
    detector: &Detector,
    text: &str,
    run: &[Token],
    tokens: &[Token],
    first_index: usize,
    last_index: usize,
    phrases: &[(usize, usize, bool)],
) -> Option<Finding> {
    let lexicon = &detector.lexicon;
    let first = &run[0];
    let last = &run[run.len() - 1];
    let (start, end) = (first.start, last.end);
    // A work, character or brand the gazetteers' words make ("Harry Potter", issue 14).
    let folded_run = run
        .iter()
        .map(|t| t.folded.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if lexicon.is_not_name_phrase(&folded_run) {
        return None;
    }
    // "Love, Mum", "Cheers, Nan", "Love Nanna Jean xx": a sign-off before the writer, not a
    // person named Love.
    if run.len() == 1
        && matches!(
            first.folded.as_str(),
            "love" | "cheers" | "thanks" | "regards"
        )
        && (text[end..].starts_with(',')
            || phrase_after(phrases, end).is_some_and(|(s, _, role)| !role && *s == end + 1)
                && text[end..].starts_with(' '))
    {
        return None;
    }
    // A place or organisation: "Grace Academy", "Kingsley Primary School", "St Mary's".
    let next = tokens.get(last_index + 1);
    let previous = first_index.checked_sub(1).map(|i| &tokens[i]);
    // "placed at Willow House", "moved to Ivy Lodge": a home named after a word that is also a
    // given name, after a word of where. Not "Hall", a surname far more often than a home.
    let named_building = |t: &Token| {
        run.len() == 2
            && matches!(t.folded.as_str(), "house" | "lodge" | "manor" | "farm")
            && lexicon.is_common_word(&first.folded)
            && previous.is_some_and(|p| {
                p.lower
                    && matches!(
                        p.folded.as_str(),
                        "at" | "in" | "into" | "to" | "from" | "near" | "outside" | "opposite"
                    )
            })
    };
    // A place word that is also a surname ("Green", "Hill", "Park") only marks a place when the
    // words before it are not a known forename ("Connor Green" is a person).
    let place = |t: &Token| {
        lexicon.is_place_word(&t.folded)
            && (!(lexicon.is_surname_place_word(&t.folded) && lexicon.is_forename(&first.folded))
                || named_building(t))
    };
    // "Dean Street's sister", "Kornelia's mum": a possessive name before a relationship is a
    // person whatever its words (issue 14).
    if last.possessive && relationship_after_possessive(text, phrases, end).is_some() {
        return Some(unregistered_person(
            text,
            start,
            end,
            const { RuleId::known("unregistered.possessive-relationship") },
            "a name with `'s` before a relationship (\"Dean Street's sister\")".to_string(),
            false,
        ));
    }
    // "at Nicuță's house", "Mircea's flat": a possessive word that is no English word, before a
    // home word, is someone's (issue 14: names in text messages).
    let possessive_name = last.possessive
        && run.len() <= 2
        && run
            .iter()
            .all(|t| !lexicon.is_english_word(&t.folded) || lexicon.is_forename(&t.folded));
    let home_after_possessive = possessive_name && home_word_after(text, end);
    // "stayed over at Tiegan's.", "went round Kez's last night": a possessive that is the
    // place itself, after "round" or after "at" with a verb of staying before it, closing the
    // clause. Not a shop's ("at McDonald's", "round Nando's").
    let stayed_at_possessive = possessive_name
        && !run.iter().any(|t| is_shop(&t.folded))
        && previous.is_some_and(|p| {
            p.folded == "round"
                || (p.folded == "at"
                    && super::lexicon::previous_word(text, p.start)
                        .is_some_and(|w| is_staying_verb(&fold::fold_str(&w))))
        })
        && {
            let after = text[end..].trim_start_matches(['\'', '’', 's']);
            after.trim_start().is_empty()
                || after.starts_with(['.', ',', ';', '!', '?', '\n'])
                || super::lexicon::next_word(text, end).is_some_and(|w| {
                    matches!(
                        fold::fold_str(&w).as_str(),
                        "last"
                            | "all"
                            | "tonight"
                            | "yesterday"
                            | "today"
                            | "tomorrow"
                            | "after"
                            | "for"
                            | "on"
                            | "this"
                            | "again"
                            | "overnight"
                            | "until"
                            | "till"
                    )
                })
        };
    if home_after_possessive || stayed_at_possessive {
        return Some(unregistered_person(
            text,
            start,
            end,
            const { RuleId::known("unregistered.possessive-home") },
            if home_after_possessive {
                "a name with `'s` before a home word (\"at Nicuță's house\")"
            } else {
                "a name with `'s` for the place someone stayed (\"stayed over at Tiegan's\")"
            }
            .to_string(),
            true,
        ));
    }
    let followed_by_verb = super::lexicon::next_word(text, end)
        .is_some_and(|w| lexicon.is_telling_verb(&fold::fold_str(&w)));
    // "lives on Hope Lane" is a street; "Jack Lane rang" is a person.
    let after_preposition = previous.is_some_and(|p| {
        matches!(
            p.folded.as_str(),
            "on" | "in" | "at" | "off" | "along" | "near" | "from" | "to" | "of" | "up" | "down"
        )
    }) || text[..start]
        .trim_end()
        .ends_with(|c: char| c.is_ascii_digit());
    let person_by_verb = run.len() >= 2
        && lexicon.is_forename(&first.folded)
        && followed_by_verb
        && !after_preposition;
    // "Mr St John", "Mrs Van Dyke": a title, then a surname that opens with a particle.
    let particle_after_title = (super::register::is_particle(&first.folded)
        || particle_joined_name(text, first))
        && lexicon.title_before_text(text, start).is_some();
    if !person_by_verb
        && !particle_after_title
        && (run.iter().any(place)
            || next.is_some_and(|n| {
                n.capitalised
                    && lexicon.is_place_word(&n.folded)
                    && text[end..n.start].trim().is_empty()
            }))
    {
        return None;
    }
    if previous.is_some_and(|p| matches!(p.folded.as_str(), "st" | "saint") && p.end + 2 >= start) {
        return None;
    }
    if !particle_after_title
        && (previous.is_some_and(|p| place_prefix(p) && p.end + 2 >= start)
            || (run.len() >= 2 && place_prefix(first)))
    {
        return None;
    }
    // "Rua São Jorge", "ul. Siostrzana": the street word that other languages put first.
    if previous.is_some_and(|p| {
        p.capitalised
            && matches!(
                p.folded.as_str(),
                "rua" | "rue" | "via" | "calle" | "avenida" | "ul" | "ulica" | "strada" | "str"
            )
            && text[p.end..start].trim_start_matches('.').trim().is_empty()
    }) {
        return None;
    }
    // "307 Alvaro Cunqueiro 55", "Apt. 538 Giessenburg Zuid-Holland": words right after a house
    // or flat number are a street or a town, unless a verb people do follows ("at 10 Darren
    // rang").
    if after_house_number(text, start) && !followed_by_verb {
        return None;
    }
    if person_by_verb && run.iter().any(|t| lexicon.is_place_word(&t.folded)) {
        return make_place_surname(text, start, end);
    }
    let (before, after) = phrase_next_to(text, phrases, start, end);
    let known_name = run
        .iter()
        .any(|t| lexicon.is_forename(&t.folded) || lexicon.is_surname(&t.folded));
    // "GP:" starting the next line labels the next value, not this name ("Landlord: Marek
    // Kowalczyk" / "GP: Dr Shah", issue 14).
    let after = after.filter(|side| {
        *side != Side::Role
            || phrase_after(phrases, end).is_none_or(|(_, phrase_end, _)| {
                !text[*phrase_end..]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(':')
            })
    });
    // A relationship before the name wins over a job after it: "mum's best friend Debbie Lowe,
    // teaching assistant" is a friend who works as one (issue 14).
    let relationship_before = before == Some(Side::Relationship)
        && phrase_before(phrases, start).is_some_and(|(s, e, _)| {
            text[*s..*e]
                .split_whitespace()
                .any(|w| w.chars().next().is_some_and(char::is_lowercase))
                || text[*e..start].contains(':')
        });
    if before == Some(Side::Role) || (after == Some(Side::Role) && !relationship_before) {
        // "social worker Kevin Osei", "Kevin Osei, social worker": a professional in role.
        return None;
    }
    let make = |span_start: usize, rule: RuleId, why: String, review: bool| {
        Some(unregistered_person(
            text, span_start, end, rule, why, review,
        ))
    };
    if let Some(title) = lexicon.title_before_text(text, start) {
        // "Dr Anand", and "Jade's PE teacher, Mr Dawson": a professional title, or a role right
        // before the title, is a professional in role.
        if title.professional
            || phrase_next_to(text, phrases, title.start, end).0 == Some(Side::Role)
        {
            return None;
        }
        // The name ends before an ordinary word that a line in capitals or in title case
        // capitalises too ("MRS TASSOM WAS KIND", "Mrs Tassom Was Kind"): a word after the first
        // that is an English or common word and no forename or surname.
        // The word after a surname particle is the name's whatever it is ("Mr Van Dyke").
        let name_end = run
            .windows(2)
            .position(|pair| {
                let [before, t] = pair else { return false };
                (lexicon.is_english_word(&t.folded) || lexicon.is_common_word(&t.folded))
                    && !lexicon.is_forename(&t.folded)
                    && !lexicon.is_surname(&t.folded)
                    && !super::register::is_particle(&before.folded)
            })
            .map_or(end, |at| run[at].end);
        return Some(unregistered_person(
            text,
            title.start,
            name_end,
            const { RuleId::known("unregistered.title-name") },
            format!("the title `{}` followed by a capitalised name", title.word),
            false,
        ));
    }
    // A relationship phrase in Title Case is a heading ("Child Protection"), not a relationship,
    // unless the name is one the gazetteers know ("Aunt Zofia").
    let sentence_case = |phrase: Option<&(usize, usize, bool)>| {
        phrase.is_some_and(|(s, e, _)| {
            text[*s..*e]
                .split_whitespace()
                .any(|w| w.chars().next().is_some_and(char::is_lowercase))
        })
    };
    let before_phrase = phrase_before(phrases, start);
    let after_phrase = phrase_after(phrases, end);
    // "Landlord: Marek Kowalczyk": a relationship as a field label.
    let label = before_phrase.is_some_and(|(_, e, _)| text[*e..start].contains(':'));
    // A line written all in capitals keeps its relationship: "MUM'S BOYFRIEND DAZ WAS THERE".
    let shouted_phrase = before_phrase.is_some_and(|(s, e, _)| {
        let phrase = &text[*s..*e];
        phrase.chars().any(char::is_alphabetic) && !phrase.chars().any(char::is_lowercase)
    });
    // Only the words of the run up to the first English one are the name ("DAZ", not "DAZ
    // WAS"; "MY BROTHER IS ON" names no one).
    let shouted_name_end = run
        .iter()
        .take_while(|t| {
            t.folded.chars().count() >= 3
                && !lexicon.is_english_word(&t.folded)
                && !lexicon.is_common_word(&t.folded)
        })
        .last()
        .map(|t| t.end);
    let shouted = !known_name && !label && shouted_phrase && shouted_name_end.is_some();
    // "Grandad (Mick)": one word in brackets right after a relationship is what they are
    // called, when it is no English word ("Uncle (Paternal)").
    let bracketed = run.len() == 1
        && text[end..].starts_with(')')
        && !lexicon.is_english_word(&first.folded)
        && !lexicon.is_common_word(&first.folded)
        && !lexicon.is_place_word(&first.folded)
        && before_phrase
            .is_some_and(|(_, e, role)| !role && matches!(&text[*e..start], "(" | " ("));
    let before = before
        .filter(|_| known_name || label || sentence_case(before_phrase) || shouted || bracketed);
    let after = after.filter(|_| known_name || sentence_case(after_phrase));
    // A town in capitals in an address ("HOLUM nan", where a data export wrote an empty
    // county as "nan") or a relationship word followed by a postcode-like number ("Fitzroy, nan
    // 99562") is an address line, not a person beside a relative (issue 14).
    let capitals_unknown = run.iter().all(|t| t.all_caps) && !known_name;
    let after = after.filter(|_| {
        !capitals_unknown && !after_phrase.is_some_and(|(_, e, _)| code_after(text, *e))
    });
    // "her little brother TJ": initials right after a relationship are what the family calls
    // someone, as "her boyfriend tj" is in lower case; not an acronym ("her mum's GP").
    let initials_after_relationship = run.len() == 1
        && first.all_caps
        && (2..=3).contains(&first.folded.chars().count())
        && !lexicon.is_acronym(&first.folded)
        && before_phrase.is_some_and(|(_, e, _)| text[*e..start] == *" ");
    let before = before.filter(|_| {
        !capitals_unknown
            || initials_after_relationship
            || (shouted_phrase && !code_after(text, end))
    });
    // "Nan Said no", "NAN SAID NO": a verb of saying after a capitalised relationship word, not
    // a man named Said ("her brother Said" stays a name).
    let before = before.filter(|_| {
        !(run.len() == 1
            && is_saying_verb(&first.folded)
            && (first.all_caps || !sentence_case(before_phrase)))
    });
    // "A TRUE friend", "Yeah son", "Mexican sister": one ordinary word before a relationship
    // word is not a name.
    let ordinary_single = run.len() == 1
        && ((!known_name
            && (lexicon.is_english_word(&first.folded) || lexicon.is_common_word(&first.folded)))
            // "Lil bro", "Big sis": a word of size or age before a relationship, though "Lil"
            // is a name too.
            || (matches!(first.folded.as_str(), "lil" | "big" | "little" | "wee")
                && after_phrase.is_some_and(|(s, _, _)| *s == end + 1)
                && text[end..].starts_with(' ')));
    if after == Some(Side::Relationship) && !ordinary_single {
        return make(
            start,
            const { RuleId::known("unregistered.name-relationship") },
            "a capitalised name followed by a relationship (\"Mary Smith, maternal aunt\")"
                .to_string(),
            false,
        );
    }
    if before == Some(Side::Relationship) {
        if shouted
            && !sentence_case(before_phrase)
            && let Some(name_end) = shouted_name_end
        {
            return Some(unregistered_person(
                text,
                start,
                name_end,
                const { RuleId::known("unregistered.relationship-name") },
                "a relationship followed by a name, in a line written in capitals (\"MUM'S BOYFRIEND DAZ\")"
                    .to_string(),
                false,
            ));
        }
        // "NEIGHBOUR SIOBHAN DOYLE COMPLAINED": in a line in capitals, the name a list knows
        // ends at the first word that is only an English word.
        let known_shouted_end = (shouted_phrase && run.iter().all(|t| t.all_caps))
            .then(|| {
                run.iter()
                    .take_while(|t| {
                        lexicon.is_forename(&t.folded)
                            || lexicon.is_surname(&t.folded)
                            || !(lexicon.is_english_word(&t.folded)
                                || lexicon.is_common_word(&t.folded))
                    })
                    .last()
                    .map(|t| t.end)
            })
            .flatten();
        return Some(unregistered_person(
            text,
            start,
            known_shouted_end.unwrap_or(end),
            const { RuleId::known("unregistered.relationship-name") },
            "a relationship followed by a capitalised name (\"maternal aunt Mary Smith\")"
                .to_string(),
            false,
        ));
    }
    let common = |t: &Token| lexicon.is_common_word(&t.folded);
    let forename = |t: &Token| lexicon.is_forename(&t.folded);
    let surname = |t: &Token| lexicon.is_surname(&t.folded);
    let sentence_start = sentence_boundary_before(text, start);
    // "To: Gulay Soykok/ENRON@enronXgate, Sean Riordan", "From: Sandy M.": an entry of a mail
    // or meeting header's list of people, right after its label or a separator, is no
    // sentence's first word. Asked only where it decides.
    let header_entry = || {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = text[line_start..start].trim_end();
        header_line(&text[line_start..start]) && before.ends_with([':', ',', ';'])
    };
    if run.len() >= 2 {
        // "Nick Moreau": a forename that is also a word ("nick") before a word that is no
        // English or common word, a place word or a month is a name too (issue 14's news set).
        let unknown_last = run.len() == 2
            && !last.all_caps
            && !lexicon.is_english_word(&last.folded)
            && !common(last)
            && !lexicon.is_place_word(&last.folded);
        // A given name only the longer list holds ("Noam Chomsky") counts before a surname or an
        // unknown word, never alone or in capitals.
        let more_forename = !first.all_caps && lexicon.is_more_forename(&first.folded);
        let known = (forename(first) && !common(first))
            || ((forename(first) || more_forename) && surname(last))
            || (((forename(first) && !first.all_caps) || more_forename) && unknown_last)
            || (surname(last) && !common(last) && !sentence_start && !common(first));
        if known {
            // In a line in capitals the name ends before the first word after it that is an
            // English or chat word and no name ("KEZ UR DEAD" is Kez).
            let ordinary = |t: &Token| {
                !forename(t)
                    && !surname(t)
                    && (lexicon.is_english_word(&t.folded)
                        || is_chat_spelling(&t.folded)
                        || matches!(t.folded.as_str(), "ur" | "u" | "r" | "ya" | "im"))
            };
            let shouted_end = if run.iter().all(|t| t.all_caps) {
                run.windows(2)
                    .find(|pair| ordinary(&pair[1]))
                    .map(|pair| pair[0].end)
            } else {
                None
            };
            return Some(unregistered_person(
                text,
                start,
                shouted_end.unwrap_or(end),
                const { RuleId::known("unregistered.full-name") },
                "a known forename or surname in a run of capitalised words".to_string(),
                false,
            ));
        }
        // Two or three capitalised words in mid-sentence, none of them an English word, a
        // heading word or an acronym: a name the gazetteers do not know ("Kornelia Mitoraj").
        let followed_by_verb = super::lexicon::next_word(text, end)
            .is_some_and(|w| lexicon.is_person_verb(&fold::fold_str(&w)));
        let particle = |t: &Token| super::register::is_particle(&t.folded);
        let unknown_word = |t: &Token| {
            !t.all_caps && !lexicon.is_english_word(&t.folded) && !lexicon.is_common_word(&t.folded)
        };
        // Particles may stand inside ("Robin de Báth") but not first.
        let unknown_words = !particle(first) && run.iter().all(|t| particle(t) || unknown_word(t));
        let continues =
            next.is_some_and(|n| n.capitalised && text[end..n.start].chars().all(|c| c == ' '));
        // "6. Alexandre Mikhailov", "- Kornelia Mazur": a list item of two unknown words.
        let list_item = {
            let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let marker = text[line_start..start].trim();
            !marker.is_empty()
                && marker.len() <= 4
                && marker
                    .trim_end_matches(['.', ')', ':'])
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '*' | '•' | '–'))
        };
        if unknown_words
            && !continues
            && (((!sentence_start || followed_by_verb || list_item)
                && english_around(lexicon, tokens, first_index, last_index))
                || header_entry())
        {
            return make(
                start,
                const { RuleId::known("unregistered.capitalised-name") },
                "capitalised words that are not English words, in mid-sentence".to_string(),
                true,
            );
        }
        return None;
    }
    // "Mum banks with Chase", "her Chase account": a lone forename that is also an English word,
    // with a banking word near it in the sentence, is the organisation (issue 14). An unknown
    // name is never kept this way.
    let organisation = run.len() == 1
        && (lexicon.is_english_word(&first.folded) || common(first))
        && organisation_near(lexicon, tokens, first_index, last_index);
    // A lone capitalised word: a person if it is a known forename used as a name.
    if forename(first) && !organisation && lexicon.name_in_context(text, start, end) {
        let all_caps_header = first.all_caps && common(first);
        // "Paul Y'Barbo/NA/Enron@Enron": a word in capitals between the slashes of a mail
        // address (Lotus Notes) is a unit of the organisation, not a second person.
        let address_unit = first.all_caps
            && text[..start].trim_end().ends_with('/')
            && text[end..].trim_start().starts_with(['/', '@']);
        // A sentence-initial ordinary word is a name only with a verb people do after it
        // ("Rose told me"; issue 11: not on that evidence alone).
        if all_caps_header
            || address_unit
            || (sentence_start && common(first) && !followed_by_verb && !header_entry())
        {
            return None;
        }
        return make(
            start,
            const { RuleId::known("unregistered.forename") },
            "a known forename used as a name".to_string(),
            true,
        );
    }
    // "Havel had been drinking", "Hargreaves rang", "Xamse said": a lone capitalised word that
    // is no English word, with a verb people do right after it, is someone's name (issue 14: a
    // surname alone, a forename the lists miss). A name the lists, the longer list of given
    // names or the census gazetteer hold may take any such verb ("Havel had", "Kian had"); a
    // word no list holds needs a telling verb ("Xamse said", not "MetroPCS has"). Not a word in
    // capitals (a heading), nor a contraction ("I've had"), nor after a preposition, in English
    // text; for review.
    let contraction = first.folded.contains(['\'', '’']) || is_bare_contraction(&first.folded);
    let lone_word = !first.all_caps
        && !first.possessive
        && !contraction
        && !common(first)
        && !lexicon.is_english_word(&first.folded)
        && first.folded.chars().count() >= 3;
    let listed = forename(first)
        || surname(first)
        || lexicon.is_census_name(&first.folded)
        || lexicon.is_more_forename(&first.folded);
    let verb_after = super::lexicon::next_word(text, end)
        .map(|w| fold::fold_str(&w))
        // "Xiaoming from the takeaway gave her food": where someone is from may stand between.
        .and_then(|w| {
            if w == "from" {
                word_after_where_from(text, end)
            } else {
                Some(w)
            }
        });
    let person_verb_after = verb_after.as_deref().is_some_and(|w| {
        if listed {
            lexicon.is_person_verb(w) && w != "and"
        } else {
            lexicon.is_telling_verb(w)
        }
    });
    if lone_word
        && person_verb_after
        && !after_preposition
        && english_around(lexicon, tokens, first_index, last_index)
    {
        return make(
            start,
            const { RuleId::known("unregistered.name-verb") },
            "a capitalised word that is no English word, with a verb people do after it (\"Havel had\", \"Xamse said\")"
                .to_string(),
            true,
        );
    }
    // "We saw Kez today", "she was with Tiegan", "Happy birthday Kez!", "scared of Smithy": a
    // capitalised word that is no English word, right after a word that people keep company
    // with or are afraid of. Not a word with a
    // capital inside ("with WiFi"; "McKenzie" is a name), an app ("with Gmail"), nor before a
    // number (a street: "with Industrivej 82"); for review.
    let inner_capital = {
        let word = &text[start..end];
        let rest = word
            .strip_prefix("Mc")
            .or_else(|| word.strip_prefix("Mac"))
            .unwrap_or(word);
        rest.chars().skip(1).any(char::is_uppercase)
    };
    // "scared of Smithy", "frightened of Dex": what a child is afraid of, capitalised and no
    // English word, is a person.
    let afraid_of = || {
        previous.is_some_and(|p| {
            p.folded == "of"
                && text[p.end..start] == *" "
                && first_index >= 2
                && text[tokens[first_index - 2].end..p.start] == *" "
                && matches!(
                    tokens[first_index - 2].folded.as_str(),
                    "scared" | "afraid" | "frightened" | "terrified"
                )
        })
    };
    let company_before = previous.is_some_and(|p| {
        p.lower
            && text[p.end..start] == *" "
            && matches!(
                p.folded.as_str(),
                "with" | "saw" | "seen" | "see" | "seeing" | "birthday" | "bday"
            )
    }) || afraid_of();
    // "a message to Tiegan", "a text from Keeva", "hit by Kaydence": after "to", "from", "by"
    // or "for", a given name that only the longer list holds (a name of the shorter list is
    // read above) and that names no place, service or organisation ("went to Oakley" is kept
    // when the lists know Oakley as a place).
    let given_after_preposition = || {
        previous.is_some_and(|p| {
            p.lower
                && text[p.end..start] == *" "
                && matches!(p.folded.as_str(), "to" | "from" | "by" | "for")
        }) && lexicon.is_more_forename(&first.folded)
            && !lexicon.is_organisation_word(&first.folded)
    };
    if lone_word
        && (company_before || given_after_preposition())
        && !inner_capital
        && !lexicon.is_place_word(&first.folded)
        && !lexicon.is_service(&first.folded)
        && !lexicon.is_occasion(&first.folded)
        && !text[end..]
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
        && english_around(lexicon, tokens, first_index, last_index)
    {
        return make(
            start,
            const { RuleId::known("unregistered.capitalised-name") },
            if company_before {
                "a capitalised word that is no English word, after a word for being with someone (\"with ...\", \"saw ...\")"
            } else {
                "a given name of the longer list that is no English word, after `to`, `from`, `by` or `for` (\"a message to Tiegan\")"
            }
            .to_string(),
            true,
        );
    }
    // "Jade met Dawid from the youth club", "he punched Xamse": a capitalised word that is no
    // English word, right after a verb only done to a person, is the person. Verbs that also
    // take a place or an organisation ("visited", "called", "rang", "told Reuters") are not
    // among them; for review.
    let person_object =
        previous.is_some_and(|p| text[p.end..start] == *" " && is_verb_done_to_person(&p.folded));
    // "Jade rang Keeva last night": after a verb that also takes an organisation, a given name
    // of the longer list only ("rang Barnardos" is no one).
    let called_by_name = || {
        previous.is_some_and(|p| {
            text[p.end..start] == *" "
                && matches!(
                    p.folded.as_str(),
                    "rang" | "rung" | "phoned" | "called" | "visited" | "ringing" | "phoning"
                )
        }) && lexicon.is_more_forename(&first.folded)
            && !lexicon.is_place_word(&first.folded)
            && !lexicon.is_service(&first.folded)
            && !lexicon.is_organisation_word(&first.folded)
    };
    if lone_word
        && (person_object || called_by_name())
        && english_around(lexicon, tokens, first_index, last_index)
    {
        return make(
            start,
            const { RuleId::known("unregistered.verb-name") },
            "a capitalised word that is no English word, right after a verb done to a person (\"met Dawid\")"
                .to_string(),
            true,
        );
    }
    // "the Kowalskis", "the Nowaks": a plural surname after "the", a family (issue 14). The
    // word less its "s" must be a surname the lists or the census gazetteer hold, and the word
    // itself no English word ("the Beatles", "the Lakers" are not taken). A plural that is an
    // English word counts where its stem is in the surname list and the words around make it
    // a household: being with or at them, or their home after it ("staying with the Smiths",
    // "The Khans next door", "at the Bakers' house"; not "beat the Angels", "for the
    // Brewers", "watching the Simpsons").
    let after_the = previous.is_some_and(|p| p.folded == "the");
    // "the Walshes", "the Joneses": a surname ending in a hiss takes "es".
    let stem = first
        .folded
        .strip_suffix("es")
        .filter(|stem| {
            stem.ends_with(['s', 'x', 'z', 'h'])
                && (lexicon.is_surname(stem) || lexicon.is_census_name(stem))
        })
        .or_else(|| first.folded.strip_suffix('s'))
        .unwrap_or("");
    let english_plural =
        lexicon.is_english_word(&first.folded) || common(first) || lexicon.is_common_word(stem);
    let household = || {
        let with_them = first_index >= 2
            && matches!(
                tokens[first_index - 2].folded.as_str(),
                "with" | "at" | "round"
            );
        let home_after = text[end..].starts_with(['\'', '’'])
            || super::lexicon::next_word(text, end).is_some_and(|w| {
                let w = fold::fold_str(&w);
                is_home_word(&w) || w == "next" || is_family_group_word(&w)
            });
        with_them || home_after
    };
    if after_the
        && !first.all_caps
        && stem.chars().count() >= 3
        && (!english_plural || (lexicon.is_surname(stem) && household()))
        && (lexicon.is_surname(stem) || lexicon.is_census_name(stem))
        && !lexicon.is_not_name(stem)
        && english_around(lexicon, tokens, first_index, last_index)
    {
        return make(
            start,
            const { RuleId::known("unregistered.family-surname") },
            "a plural surname after `the`, a family (\"the Kowalskis\")".to_string(),
            true,
        );
    }
    // "the Hussain family", "the Nowak household": a surname after `the`, before a word for a
    // family: a word that is no English word, or a surname the lists hold ("the Smith twins"),
    // but never a word that describes a family ("the Royal family", "the White British
    // family") or a word of a kept name ("the Carter family" is the subject's own).
    // Folded: "the Hussain Family" in title case too.
    let family_after = super::lexicon::next_word(text, end)
        .is_some_and(|w| is_family_group_word(&fold::fold_str(&w)));
    if after_the
        && family_after
        && run.len() == 1
        && !first.all_caps
        && !first.possessive
        && !lexicon.is_not_name(&first.folded)
        && (!(lexicon.is_english_word(&first.folded) || common(first)) || surname(first))
        && !matches!(
            first.folded.as_str(),
            "royal"
                | "white"
                | "black"
                | "british"
                | "english"
                | "irish"
                | "scottish"
                | "welsh"
                | "asian"
                | "roma"
                | "traveller"
                | "foster"
                | "birth"
                | "host"
                | "adoptive"
                | "whole"
                | "extended"
                | "new"
                | "other"
                | "same"
        )
        && !detector.kept_words.contains(&first.folded)
    {
        return make(
            start,
            const { RuleId::known("unregistered.family-surname") },
            "a surname after `the`, before a word for a family (\"the Hussain family\")"
                .to_string(),
            true,
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_arabic_script_are_one_finding_per_run_held_for_review() {
        let text = "Visitor: محمد الأحمد (Mohammed) and\nأحمد. Дмитрий";
        let found = other_script(text, &[]);
        let words: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(words, ["محمد الأحمد", "أحمد"]);
        assert!(
            found
                .iter()
                .all(|f| f.review && f.rule == "unregistered.other-script")
        );
        // Latin letters with diacritics are read by the lists, not held.
        assert!(other_script("Zoë Wiśniewska, Nicuță, Łukasz", &[]).is_empty());
        // Already found by another rule: not twice.
        let start = text.find('م').unwrap();
        assert_eq!(other_script(text, &[Span::new(start, start + 30)]).len(), 1);
    }

    #[test]
    fn tokens_keep_apostrophes_hyphens_and_strip_possessives() {
        let text = "Darren's friend O'Brien met Okonkwo-Ade.";
        let words: Vec<&str> = tokens(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["Darren", "friend", "O'Brien", "met", "Okonkwo-Ade"]);
    }
}
