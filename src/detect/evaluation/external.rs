//! Readers for labelled sets written by other people besides WNUT-17 (issue 14), turned into
//! the [`Sentence`]s that [`conll::score`](super::conll::score) scores, so sarpack and Presidio
//! are measured on them by the same code as on WNUT-17:
//! - [`read_spans`]: a JSON-lines file of `{"text", "persons": [[start, end], ...]}` (character
//!   offsets), the form `tests/external/synthetic.py` writes Microsoft presidio-evaluator's
//!   synthetic sentences in;
//! - [`read_emailcoref`]: Enron email threads annotated for entity coreference by Dakle et al.
//!   (LREC 2020), one CoNLL file per thread; each thread is one text (a record, as an email
//!   would be one), its person mentions that are *names* are the gold spans ([`name_span`]).
//!
//! Nothing here is downloaded: the caller gives the files' paths.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::conll::Sentence;

#[derive(Debug, Deserialize)]
struct SpansLine {
    text: String,
    persons: Vec<(usize, usize)>,
}

/// Reads a JSON-lines file of `{"text": "...", "persons": [[start, end], ...]}`, offsets in
/// characters (Python's), into sentences with byte offsets.
pub fn read_spans(path: &Path) -> Result<Vec<Sentence>, String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut sentences = Vec::new();
    for (number, line) in source.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let where_ = || format!("`{}` line {}", path.display(), number + 1);
        let parsed: SpansLine =
            serde_json::from_str(line).map_err(|e| format!("{}: {e}", where_()))?;
        // Character offset -> byte offset; one past the last character is the text's length.
        let bytes: Vec<usize> = parsed
            .text
            .char_indices()
            .map(|(at, _)| at)
            .chain([parsed.text.len()])
            .collect();
        let mut gold = Vec::new();
        for (start, end) in parsed.persons {
            match (bytes.get(start), bytes.get(end)) {
                (Some(&s), Some(&e)) if s < e => gold.push((s, e)),
                _ => {
                    return Err(format!(
                        "{}: person span [{start}, {end}] is outside the text's {} characters",
                        where_(),
                        bytes.len() - 1
                    ));
                }
            }
        }
        gold.sort_unstable();
        sentences.push(Sentence {
            text: parsed.text,
            gold,
        });
    }
    Ok(sentences)
}

/// The `.conll` files directly in `dir`, sorted.
pub fn conll_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "conll"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads every thread in `dir` ([`conll_files`]), one [`Sentence`] each.
pub fn read_emailcoref(dir: &Path) -> Result<Vec<Sentence>, String> {
    conll_files(dir)?
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            parse_emailcoref(&source).map_err(|e| format!("`{}`: {e}", path.display()))
        })
        .collect()
}

/// One token of a thread: where it is in the text, and the person mentions it opens / closes.
struct Token {
    start: usize,
    end: usize,
    text: String,
}

/// Parses one emailcoref thread. Lines are `token TAB speaker TAB entity TAB coreference`
/// (`-` for none); a line of the token alone, or of token, speaker and entity, is read with
/// the missing columns as `-`. Blank lines end a sentence (a line of the text), `#` lines are
/// skipped. Entity marks are `(P3*` (opens person mention 3; `*` marks the antecedent), `P3)`
/// (closes it), `(P3)` (one token), several joined by `|`; only person (`P`) marks are read.
pub fn parse_emailcoref(source: &str) -> Result<Sentence, String> {
    let mut text = String::new();
    let mut tokens: Vec<Token> = Vec::new();
    // Open person mentions: (chain id, index of first token).
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut mentions: Vec<(usize, usize)> = Vec::new();
    let mut line_started = false;
    for (number, line) in source.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            line_started = false;
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let token = columns[0];
        let entity = columns.get(2).copied().unwrap_or("-");
        if !text.is_empty() {
            text.push(if line_started { ' ' } else { '\n' });
        }
        line_started = true;
        let start = text.len();
        text.push_str(token);
        let index = tokens.len();
        tokens.push(Token {
            start,
            end: text.len(),
            text: token.to_string(),
        });
        if entity == "-" {
            continue;
        }
        for mark in entity.split('|').map(str::trim) {
            let opens = mark.starts_with('(');
            let closes = mark.ends_with(')');
            let body = mark.trim_start_matches('(').trim_end_matches(')');
            let body = body.trim_end_matches('*');
            let Some(chain) = body.strip_prefix('P') else {
                continue;
            };
            if chain.is_empty() || !chain.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("line {}: entity mark `{mark}`", number + 1));
            }
            match (opens, closes) {
                (true, true) => mentions.push((index, index)),
                (true, false) => open.push((chain.to_string(), index)),
                (false, true) => {
                    let at = open
                        .iter()
                        .rposition(|(id, _)| id == chain)
                        .ok_or_else(|| {
                            format!(
                                "line {}: `{mark}` closes a mention never opened",
                                number + 1
                            )
                        })?;
                    let (_, first) = open.remove(at);
                    mentions.push((first, index));
                }
                (false, false) => {
                    return Err(format!("line {}: entity mark `{mark}`", number + 1));
                }
            }
        }
    }
    if let Some((id, first)) = open.first() {
        return Err(format!(
            "person mention P{id} opened at `{}` is never closed",
            tokens[*first].text
        ));
    }
    let mut gold: Vec<(usize, usize)> = mentions
        .iter()
        .filter_map(|&(first, last)| name_span(&tokens[first..=last]))
        .collect();
    gold.sort_unstable();
    gold.dedup();
    Ok(Sentence { text, gold })
}

/// Words that are capitalised in a person mention but are no part of a name: pronouns,
/// determiners, titles and family words ("Uncle Robert": the name is "Robert"), and the
/// collective or role words the annotators marked as persons ("Everyone", "Economist").
const NOT_NAME: &[&str] = &[
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "you",
    "your",
    "yours",
    "yourself",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "we",
    "us",
    "our",
    "ours",
    "they",
    "them",
    "their",
    "theirs",
    "it",
    "its",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "who",
    "whom",
    "all",
    "everyone",
    "everybody",
    "anyone",
    "someone",
    "somebody",
    "each",
    "both",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "madam",
    "dear",
    "uncle",
    "aunt",
    "auntie",
    "aunty",
    "mom",
    "mum",
    "dad",
    "grandma",
    "grandpa",
    "guys",
    "folks",
    "team",
    "group",
    "economist",
    "president",
    "director",
    "manager",
    "chairman",
    "ceo",
    "vp",
    "hi",
    "hello",
];

/// The name inside a person mention, as a byte span: from its first to its last *name
/// token*, a token that starts with a capital letter, is not an email address (found as an
/// identifier, not a name) and is not in [`NOT_NAME`]. `None` when the mention has no name
/// token (a pronoun, "the economist", an email address alone).
fn name_span(mention: &[Token]) -> Option<(usize, usize)> {
    let is_name = |token: &Token| {
        token.text.chars().next().is_some_and(char::is_uppercase)
            && !token.text.contains('@')
            && !NOT_NAME.contains(&token.text.trim_end_matches('.').to_lowercase().as_str())
    };
    let first = mention.iter().position(is_name)?;
    let last = mention.iter().rposition(is_name)?;
    Some((mention[first].start, mention[last].end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn golds(sentence: &Sentence) -> Vec<&str> {
        sentence
            .gold
            .iter()
            .map(|&(s, e)| &sentence.text[s..e])
            .collect()
    }

    #[test]
    fn emailcoref_person_names_without_pronouns_titles_or_addresses() {
        let source = "#begin document (x)\n\
            From\tMae\t-\t-\n:\tMae\t-\t-\nmfoster@x.us\tMae\t(P0*)\t(0)\n\n\
            X\tMae\t-\t-\nTo\tMae\t-\t-\n:\tMae\t-\t-\nDavis\tMae\t(P1\t(1\n,\tMae\t-\t-\n\
            Mary\tMae\t-\t-\nKay\tMae\tP1)\t1)\n\n\
            Did\nUncle\t_\t(P2\nRobert\t_\tP2)\nleave\nyou\t_\t(P0)\n?\n\n\
            Regent\t_\t(O0*)\nwe\t_\t(P0) | (P1)\nMichael\t_\t(P14*\nDoane\t_\tP14*)\n\n\
            #end document\n";
        let sentence = parse_emailcoref(source).unwrap();
        assert_eq!(
            sentence.text,
            "From : mfoster@x.us\nX To : Davis , Mary Kay\nDid Uncle Robert leave you ?\n\
             Regent we Michael Doane"
        );
        assert_eq!(
            golds(&sentence),
            ["Davis , Mary Kay", "Robert", "Michael Doane"]
        );
    }

    #[test]
    fn emailcoref_unbalanced_marks_are_errors_naming_the_line() {
        let error = parse_emailcoref("Bob\t_\tP3)\t-\n").unwrap_err();
        assert!(error.contains("line 1"), "{error}");
        let error = parse_emailcoref("Bob\t_\t(P3\t-\n").unwrap_err();
        assert!(error.contains("never closed"), "{error}");
    }

    #[test]
    fn spans_file_character_offsets_become_byte_offsets() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("set.jsonl");
        std::fs::write(
            &path,
            "{\"text\": \"Zoë Ãlvarez rang\", \"persons\": [[0, 11]]}\n\
             {\"text\": \"nobody\", \"persons\": []}\n",
        )
        .unwrap();
        let sentences = read_spans(&path).unwrap();
        assert_eq!(golds(&sentences[0]), ["Zoë Ãlvarez"]);
        assert!(sentences[1].gold.is_empty());
        std::fs::write(&path, "{\"text\": \"Zoë\", \"persons\": [[0, 9]]}\n").unwrap();
        let error = read_spans(&path).unwrap_err();
        assert!(
            error.contains("line 1") && error.contains("outside"),
            "{error}"
        );
    }
}
