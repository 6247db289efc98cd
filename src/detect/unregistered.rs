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

use crate::model::{Finding, FindingKind, Owner, Span};

use super::Detector;
use super::fold;
use super::lexicon::{Lexicon, sentence_boundary_before};

/// A word token of the original text.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    /// End without a possessive `'s`.
    end: usize,
    folded: String,
    capitalised: bool,
    all_caps: bool,
    possessive: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn tokens(text: &str) -> Vec<Token> {
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
        let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
        let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        out.push(Token {
            start,
            end,
            // Only capitalised words (name candidates) and short words (surname particles such
            // as "de") are ever looked up: fold just those (most words are neither).
            folded: if capitalised || core.len() <= 4 {
                fold::fold_str(core)
            } else {
                String::new()
            },
            capitalised,
            all_caps,
            possessive: end != end_full,
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
        .filter(|(_, phrase_end, _)| {
            text[*phrase_end..start]
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, ',' | ':' | '(' | '-' | '–'))
                && text[*phrase_end..start].len() <= 4
        })
        .map(|(_, _, role)| side(*role));
    let after = phrase_after(phrases, end)
        .filter(|(phrase_start, _, _)| {
            let gap = &text[end..*phrase_start];
            gap.len() <= 8
                && gap.chars().all(|c| {
                    c.is_whitespace() || matches!(c, ',' | '(' | '-' | '–' | '—' | ':' | '/')
                })
                && !gap.is_empty()
                // "her mum's friend": a possessive name before a phrase is not "Name, role".
                && !text[..end].ends_with(['\'', '’'])
        })
        .map(|(_, _, role)| side(*role));
    // Only adjacency counts: "Darren, who is mum's boyfriend" is left to the gazetteers.
    (before, after)
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
fn name_like(token: &Token, lexicon: &Lexicon, taken: &[Span]) -> bool {
    token.capitalised
        && token.folded.chars().count() >= 2
        && !lexicon.is_not_name(&token.folded)
        && !lexicon.titles.contains_key(&token.folded)
        && !(token.all_caps
            && lexicon.is_acronym(&token.folded)
            && !lexicon.is_forename(&token.folded))
        && !overlaps_any(token.start, token.end, taken)
}

/// Unregistered person names in `text`, skipping spans already `taken` by other rules
/// (`taken` sorted and merged, see [`merged`]; `phrases` from `Lexicon::phrases`).
pub(crate) fn find(
    detector: &Detector,
    text: &str,
    taken: &[Span],
    phrases: &[(usize, usize, bool)],
) -> Vec<Finding> {
    let lexicon = &detector.lexicon;
    let tokens = tokens(text);
    // Tokens inside a relationship/role phrase are never names ("Social Worker").
    let in_phrase = |token: &Token| inside_phrase(phrases, token.start, token.end);
    let mut out = Vec::new();
    let mut index = 0;
    while index < tokens.len() {
        // "Mrs Ó Maolchaoine": a run may start with a surname particle after a title.
        let particle_start = super::register::is_particle(&tokens[index].folded)
            && tokens[index].capitalised
            && tokens.get(index + 1).is_some_and(|next| {
                joins(text, &tokens[index], next) && name_like(next, lexicon, taken)
            })
            && lexicon
                .title_before_text(text, tokens[index].start)
                .is_some();
        if !particle_start
            && (!name_like(&tokens[index], lexicon, taken) || in_phrase(&tokens[index]))
        {
            index += 1;
            continue;
        }
        // Grow a run of up to three name-like tokens.
        let mut last = index;
        loop {
            let next = last + 1;
            if next < tokens.len()
                && next - index < 3
                && joins(text, &tokens[last], &tokens[next])
                && name_like(&tokens[next], lexicon, taken)
                && !in_phrase(&tokens[next])
            {
                last = next;
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
        let run = &tokens[index..=last];
        if let Some(finding) = judge(detector, text, run, &tokens, index, last, phrases) {
            out.push(finding);
        }
        index = last + 1;
    }
    out
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
    // A place or organisation: "Grace Academy", "Kingsley Primary School", "St Mary's".
    let next = tokens.get(last_index + 1);
    // A place word that is also a surname ("Green", "Hill", "Park") only marks a place when the
    // words before it are not a known forename ("Connor Green" is a person).
    let place = |t: &Token| {
        lexicon.is_place_word(&t.folded)
            && !(lexicon.is_surname_place_word(&t.folded) && lexicon.is_forename(&first.folded))
    };
    if run.iter().any(place)
        || next.is_some_and(|n| {
            n.capitalised
                && lexicon.is_place_word(&n.folded)
                && text[end..n.start].trim().is_empty()
        })
    {
        return None;
    }
    let previous = first_index.checked_sub(1).map(|i| &tokens[i]);
    if previous.is_some_and(|p| matches!(p.folded.as_str(), "st" | "saint") && p.end + 2 >= start) {
        return None;
    }
    let (before, after) = phrase_next_to(text, phrases, start, end);
    let known_name = run
        .iter()
        .any(|t| lexicon.is_forename(&t.folded) || lexicon.is_surname(&t.folded));
    if before == Some(Side::Role) || after == Some(Side::Role) {
        // "social worker Kevin Osei", "Kevin Osei, social worker": a professional in role.
        return None;
    }
    let make = |span_start: usize, rule: &str, why: String, review: bool| {
        Some(Finding {
            span: Span::new(span_start, end),
            text: text[span_start..end].to_string(),
            kind: FindingKind::Name,
            owner: Owner::UnregisteredPerson,
            rule: format!("unregistered.{rule}"),
            why,
            review,
        })
    };
    if let Some(title) = lexicon.title_before_text(text, start) {
        if title.professional {
            return None;
        }
        return make(
            title.start,
            "title-name",
            format!("the title `{}` followed by a capitalised name", title.word),
            false,
        );
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
    let before = before.filter(|_| known_name || sentence_case(before_phrase));
    let after = after.filter(|_| known_name || sentence_case(after_phrase));
    if after == Some(Side::Relationship) {
        return make(
            start,
            "name-relationship",
            "a capitalised name followed by a relationship (\"Mary Smith, maternal aunt\")"
                .to_string(),
            false,
        );
    }
    if before == Some(Side::Relationship) {
        return make(
            start,
            "relationship-name",
            "a relationship followed by a capitalised name (\"maternal aunt Mary Smith\")"
                .to_string(),
            false,
        );
    }
    let common = |t: &Token| lexicon.is_common_word(&t.folded);
    let forename = |t: &Token| lexicon.is_forename(&t.folded);
    let surname = |t: &Token| lexicon.is_surname(&t.folded);
    let sentence_start = sentence_boundary_before(text, start);
    if run.len() >= 2 {
        let known = (forename(first) && !common(first))
            || (forename(first) && surname(last))
            || (surname(last) && !common(last) && !sentence_start && !common(first));
        if known {
            return make(
                start,
                "full-name",
                "a known forename or surname in a run of capitalised words".to_string(),
                false,
            );
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
        if unknown_words && !continues && (!sentence_start || followed_by_verb) {
            return make(
                start,
                "capitalised-name",
                "capitalised words that are not English words, in mid-sentence".to_string(),
                true,
            );
        }
        return None;
    }
    // A lone capitalised word: a person if it is a known forename used as a name.
    if forename(first) && lexicon.name_in_context(text, start, end) {
        let all_caps_header = first.all_caps && common(first);
        if all_caps_header || (sentence_start && common(first)) {
            return None;
        }
        return make(
            start,
            "forename",
            "a known forename used as a name".to_string(),
            true,
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_apostrophes_hyphens_and_strip_possessives() {
        let text = "Darren's friend O'Brien met Okonkwo-Ade.";
        let words: Vec<&str> = tokens(text).iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["Darren", "friend", "O'Brien", "met", "Okonkwo-Ade"]);
    }
}
