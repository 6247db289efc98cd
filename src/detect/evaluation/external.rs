//! Readers for labelled sets written by other people besides WNUT-17 (issue 14), turned into
//! the [`Sentence`]s that [`conll::score`](super::conll::score) scores, so sarpack and Presidio
//! are measured on them by the same code as on WNUT-17:
//! - [`read_spans`]: a JSON-lines file of `{"text", "persons": [[start, end], ...]}` (character
//!   offsets), the form `tests/external/synthetic.py` writes Microsoft presidio-evaluator's
//!   synthetic sentences in;
//! - [`read_emailcoref`]: Enron email threads annotated for entity coreference by Dakle et al.
//!   (LREC 2020), one CoNLL file per thread; each thread is one text (a record, as an email
//!   would be one), its person mentions that are *names* are the gold spans ([`name_span`]);
//! - [`read_gum`]: news (and other genres) of the Georgetown University Multilayer corpus (GUM,
//!   Zeldes 2017), its entity layer in the tabular form of `coref/gum/conll/*.conll` (token and
//!   nested entity marks such as `(person-22` ... `person-22)`); each document is one text, the
//!   person mentions that are *names* are the gold spans ([`gum_names`]);
//! - [`parse_conll2003`]: the CoNLL-2003 shared task's English news (Reuters, 1996), one
//!   `token tag` or `token tag chunk ...` line a token, sentences apart by blank lines, tags in
//!   IOB1 or IOB2; each sentence is one text, its `PER` spans the gold.
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
        let index = push_token(&mut text, &mut tokens, token);
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

/// Appends `token` to `text` (the caller has written the space or line break before it) and
/// its span to `tokens`; returns its index there.
fn push_token(text: &mut String, tokens: &mut Vec<Token>, token: &str) -> usize {
    let start = text.len();
    text.push_str(token);
    tokens.push(Token {
        start,
        end: text.len(),
        text: token.to_string(),
    });
    tokens.len() - 1
}

/// Reads every GUM document in the `.conll` files directly in `dir` ([`conll_files`]), one
/// [`Sentence`] each ([`parse_gum`]).
pub fn read_gum(dir: &Path) -> Result<Vec<Sentence>, String> {
    let mut documents = Vec::new();
    for path in conll_files(dir)? {
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        documents.extend(parse_gum(&source).map_err(|e| format!("`{}`: {e}", path.display()))?);
    }
    Ok(documents)
}

/// One entity mention of a GUM document: its key (`person-22`; a bare number for the unlabelled
/// marks some versions carry), its type (`person`, `place`, ...; empty for a bare number) and
/// its first and last token.
#[derive(Debug, Clone)]
struct Mention {
    key: String,
    kind: String,
    first: usize,
    last: usize,
}

/// Parses GUM's tabular entity layer (`coref/gum/conll/`): `# begin document NAME` ... `# end
/// document`, one token a line as `INDEX<TAB>token<TAB>marks` (GUM's own files) or
/// `token<TAB>marks` or the token alone (a copy with the index column dropped). Marks are `_` or
/// a run of `(type-N[-identity]` (opens a mention), `type-N[-identity])` (closes the last open
/// mention of that key) and `(type-N[-identity])` (a one-token mention); an identity is a
/// Wikipedia title with `(`, `)` and `,` percent-encoded. Each document is one text, its tokens
/// joined by single spaces, and its gold spans are the names among its person mentions
/// ([`gum_names`]).
pub fn parse_gum(source: &str) -> Result<Vec<Sentence>, String> {
    let mut documents = Vec::new();
    let mut tokens: Vec<Token> = Vec::new();
    let mut text = String::new();
    let mut open: Vec<(String, String, usize)> = Vec::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut inside = false;
    for (number, line) in source.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let at = || format!("line {}", number + 1);
        if line.starts_with("# begin document") {
            inside = true;
            continue;
        }
        if line.starts_with("# end document") {
            if let Some((key, _, first)) = open.first() {
                return Err(format!(
                    "{}: mention `{key}` opened at `{}` is never closed",
                    at(),
                    tokens[*first].text
                ));
            }
            documents.push(Sentence {
                gold: gum_names(&tokens, &mentions),
                text: std::mem::take(&mut text),
            });
            tokens.clear();
            mentions.clear();
            inside = false;
            continue;
        }
        // A comment is `# ...`; a line `#` or `#<TAB>marks` is the token "#" ("the # 2 browser").
        if line.starts_with("# ") || line.trim().is_empty() || !inside {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        let (token, marks) = match columns.as_slice() {
            [index, token, marks, ..] if index.chars().all(|c| c.is_ascii_digit()) => {
                (*token, *marks)
            }
            [token, marks] => (*token, *marks),
            [token] => (*token, "_"),
            _ => return Err(format!("{}: expected `token<TAB>marks`", at())),
        };
        if !text.is_empty() {
            text.push(' ');
        }
        let index = push_token(&mut text, &mut tokens, token);
        if marks == "_" {
            continue;
        }
        let mut rest = marks;
        while !rest.is_empty() {
            let opens = rest.starts_with('(');
            let body_start = usize::from(opens);
            let body_end = rest[body_start..]
                .find(['(', ')'])
                .map_or(rest.len(), |at| at + body_start);
            let body = &rest[body_start..body_end];
            let (key, kind) =
                mention_key(body).ok_or_else(|| format!("{}: mark `{marks}`", at()))?;
            rest = &rest[body_end..];
            let closes = rest.starts_with(')');
            if closes {
                rest = &rest[1..];
            }
            match (opens, closes) {
                (true, true) => mentions.push(Mention {
                    key,
                    kind,
                    first: index,
                    last: index,
                }),
                (true, false) => open.push((key, kind, index)),
                (false, true) => {
                    let at_open =
                        open.iter()
                            .rposition(|(k, _, _)| *k == key)
                            .ok_or_else(|| {
                                format!("{}: `{body})` closes a mention never opened", at())
                            })?;
                    let (key, kind, first) = open.remove(at_open);
                    mentions.push(Mention {
                        key,
                        kind,
                        first,
                        last: index,
                    });
                }
                (false, false) => return Err(format!("{}: mark `{marks}`", at())),
            }
        }
    }
    if inside {
        return Err("a document is never ended (`# end document`)".to_string());
    }
    Ok(documents)
}

/// The key (`person-22`) and type (`person`) of a mark's body `person-22-Donald_Trump`; a bare
/// number `2` is its own key, of no type.
fn mention_key(body: &str) -> Option<(String, String)> {
    if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) {
        return Some((body.to_string(), String::new()));
    }
    let mut parts = body.splitn(3, '-');
    let kind = parts.next()?;
    let number = parts.next()?;
    if kind.is_empty()
        || !kind.chars().all(|c| c.is_ascii_lowercase())
        || number.is_empty()
        || !number.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((format!("{kind}-{number}"), kind.to_string()))
}

/// Titles, roles and other capitalised words that stand in a person mention without being part
/// of the name ("U.S. President Donald Trump", "Emeritus Professor John Burrows", "Mr Key"), on
/// top of [`NOT_NAME`].
const TITLE: &[&str] = &[
    "president",
    "prime",
    "minister",
    "ambassador",
    "general",
    "major",
    "colonel",
    "captain",
    "professor",
    "emeritus",
    "secretary",
    "undersecretary",
    "senator",
    "governor",
    "mayor",
    "chief",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "lord",
    "lady",
    "dame",
    "pope",
    "saint",
    "reverend",
    "rev",
    "administrator",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "commissioner",
    "detective",
    "officer",
    "sheriff",
    "coach",
    "doctor",
    "shadow",
    "home",
    "foreign",
    "executive",
    "co-founder",
    "founder",
    "mp",
    "councillor",
    "man",
    "woman",
    "men",
    "women",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
];

/// Titles that make the one word after them a surname ("Mr. Toccafondi", "Professor Burrows").
const HONORIFIC: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "sir",
    "dame",
    "professor",
    "president",
    "minister",
    "senator",
    "governor",
    "ambassador",
    "mayor",
    "judge",
    "general",
    "administrator",
];

/// Lower-case words that join the parts of one name ("Ludwig van Beethoven", "Suleiman al -
/// Amr", "Farouk Ben Mustapha").
const PARTICLE: &[&str] = &[
    "al", "el", "bin", "ibn", "ben", "abu", "van", "von", "der", "den", "de", "da", "di", "du",
    "del", "la", "le", "ter", "ten", "y",
];

/// Words after which a name in a mention may go on to a description ("Doug Smith of Leeds",
/// "Devocht, who had told Montalvo ...").
const AFTER_NAME: &[&str] = &[
    "of", "from", "in", "at", "who", "whose", "which", "that", "and", "or", "with", "for", "to",
    "by", "on", "as",
];

/// The names among a document's person mentions, as byte spans; see `tests/external/README.md`
/// for the rule in words. In each person mention, a *name token* starts no nested mention of
/// another type, has a capital letter and is not a title, pronoun or role word ([`TITLE`],
/// [`NOT_NAME`]); names are runs of name tokens, joined by hyphens and particles. A run is the
/// mention's name unless it belongs to something else in the mention: followed by a content
/// word ("Afghan women"), by a possessive that is not the mention's end ("Paris 's father"),
/// or after "of"/"for" ("Minister of Education"). A one-word name counts only where the same
/// entity is named elsewhere in the document by a longer name holding that word ("Rathke" after
/// "Jeff Rathke"): a lone capitalised word naming a group ("Muslims", "the Rohingya") or a
/// character is not a person's name, unless a title stands before it ("Mr. Toccafondi"). A
/// longer run sharing no word with the entity's other names, where another of them does share
/// one, describes the person ("Atwood, a Booker Prize - winner"). A run of three or more
/// words loses leading words that no other mention of the entity uses ("Scientologist Tom
/// Cruise" is "Tom Cruise").
fn gum_names(tokens: &[Token], mentions: &[Mention]) -> Vec<(usize, usize)> {
    let lower = |t: &Token| t.text.to_lowercase();
    // Runs (first, last token) per person mention, keyed by entity.
    let mut runs: Vec<(&str, usize, usize)> = Vec::new();
    for mention in mentions.iter().filter(|m| m.kind == "person") {
        let nested = |index: usize| {
            mentions.iter().any(|other| {
                other.kind != "person"
                    && mention.first <= other.first
                    && other.last <= mention.last
                    && (other.first, other.last) != (mention.first, mention.last)
                    && other.first <= index
                    && index <= other.last
            })
        };
        let is_name = |index: usize| {
            let token = &tokens[index];
            let word = lower(token);
            token.text.chars().any(char::is_uppercase)
                && !nested(index)
                && !TITLE.contains(&word.trim_end_matches('.'))
                && !NOT_NAME.contains(&word.trim_end_matches('.'))
        };
        let mut index = mention.first;
        while index <= mention.last {
            if !is_name(index) {
                index += 1;
                continue;
            }
            let first = index;
            let mut last = index;
            let mut next = index + 1;
            while next <= mention.last {
                let word = lower(&tokens[next]);
                if is_name(next) {
                    last = next;
                    next += 1;
                } else if word == "-" && next < mention.last {
                    // "Udvar - Hazy", "Kim Jong - un": the part after a hyphen may be lower case.
                    last = next + 1;
                    next += 2;
                } else if PARTICLE.contains(&word.as_str())
                    && next < mention.last
                    && (is_name(next + 1) || tokens[next + 1].text == "-")
                {
                    next += 1;
                } else {
                    break;
                }
            }
            index = last + 1;
            // A leading word like "Pan-democrat" or "Pro-Beijing" describes the person.
            let mut first = first;
            while first < last {
                let text = &tokens[first].text;
                match text.split_once('-') {
                    Some((_, after)) if after.starts_with(char::is_lowercase) => first += 1,
                    _ => break,
                }
            }
            let after_ok = match tokens.get(last + 1).filter(|_| last < mention.last) {
                None => true,
                Some(token) => {
                    let word = lower(token);
                    if ["'s", "'", "’s"].contains(&word.as_str()) {
                        last + 1 == mention.last
                    } else {
                        !token.text.chars().any(char::is_alphanumeric)
                            || AFTER_NAME.contains(&word.as_str())
                    }
                }
            };
            let before_ok = first == mention.first
                || !["of", "for"].contains(&lower(&tokens[first - 1]).as_str());
            if after_ok && before_ok {
                runs.push((mention.key.as_str(), first, last));
            }
        }
    }
    let words = |first: usize, last: usize| -> Vec<&str> {
        tokens[first..=last]
            .iter()
            .map(|t| t.text.as_str())
            .filter(|w| w.chars().any(char::is_uppercase))
            .collect()
    };
    // How many other runs of the same entity share a word with run `at`.
    let support = |at: usize| {
        let (key, first, last) = runs[at];
        let mine = words(first, last);
        runs.iter()
            .enumerate()
            .filter(|&(other, &(k, f, l))| {
                other != at && k == key && words(f, l).iter().any(|w| mine.contains(w))
            })
            .count()
    };
    let mut gold = Vec::new();
    for (at, &(key, first, last)) in runs.iter().enumerate() {
        let others = || {
            runs.iter()
                .enumerate()
                .filter(move |(other, (k, _, _))| *other != at && *k == key)
                .map(|(_, &(_, f, l))| (f, l))
        };
        let mine = words(first, last);
        // "Atwood , a Booker Prize - winner": a longer run that shares no word with the entity's
        // other names, where another of them does share one, describes the person.
        if mine.len() >= 2
            && support(at) == 0
            && (0..runs.len()).any(|other| support(other) > 0 && runs[other].0 == key)
        {
            continue;
        }
        // "Mr. Toccafondi", "Professor Burrows": a title before one word makes it a surname.
        let titled = first > 0
            && HONORIFIC.contains(&tokens[first - 1].text.to_lowercase().trim_end_matches('.'));
        if mine.len() < 2 && !titled {
            let named = others().any(|(f, l)| {
                let theirs = words(f, l);
                theirs.len() >= 2 && mine.iter().all(|w| theirs.contains(w))
            });
            if !named {
                continue;
            }
        }
        let mut first = first;
        while words(first, last).len() >= 3 && others().next().is_some() {
            let leading = tokens[first].text.as_str();
            if others().any(|(f, l)| words(f, l).contains(&leading)) {
                break;
            }
            first += 1;
        }
        gold.push((tokens[first].start, tokens[last].end));
    }
    gold.sort_unstable();
    gold.dedup();
    gold
}

/// Reads a CoNLL-2003 file ([`parse_conll2003`]).
pub fn read_conll2003(path: &Path) -> Result<Vec<Sentence>, String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    parse_conll2003(&source).map_err(|e| format!("`{}`: {e}", path.display()))
}

/// Parses CoNLL-2003 named-entity data: a token a line, its columns apart by spaces, the entity
/// tag the last column but for a trailing `0` some copies add (`Nadim B-PER 0`, or the
/// original's `Nadim NNP B-NP I-PER`). Tags are IOB1 (an `I-PER` after anything else opens a
/// name; `B-PER` only where two names touch) or IOB2; both read the same. `-DOCSTART-` lines
/// are skipped. Each sentence is one text, its tokens joined by single spaces.
pub fn parse_conll2003(source: &str) -> Result<Vec<Sentence>, String> {
    let mut sentences = Vec::new();
    let mut text = String::new();
    let mut gold: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let mut flush = |text: &mut String, gold: &mut Vec<(usize, usize)>, open: &mut Option<_>| {
        gold.extend(open.take());
        if !text.is_empty() {
            sentences.push(Sentence {
                text: std::mem::take(text),
                gold: std::mem::take(gold),
            });
        }
    };
    for (number, line) in source.lines().enumerate() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        if columns.is_empty() {
            flush(&mut text, &mut gold, &mut open);
            continue;
        }
        if columns[0] == "-DOCSTART-" {
            continue;
        }
        let tag = match columns.as_slice() {
            [_, .., tag, "0"] if columns.len() >= 3 => *tag,
            [_, .., tag] if columns.len() >= 2 => *tag,
            _ => {
                return Err(format!(
                    "line {}: expected `token tag`, found `{line}`",
                    number + 1
                ));
            }
        };
        if tag != "O" && !["B-", "I-"].iter().any(|prefix| tag.starts_with(prefix)) {
            return Err(format!("line {}: `{tag}` is not an entity tag", number + 1));
        }
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(columns[0]);
        let end = text.len();
        match (tag, open.as_mut()) {
            ("I-PER", Some(span)) => span.1 = end,
            ("B-PER" | "I-PER", _) => {
                gold.extend(open.take());
                open = Some((start, end));
            }
            _ => gold.extend(open.take()),
        }
    }
    flush(&mut text, &mut gold, &mut open);
    Ok(sentences)
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

    #[test]
    fn conll2003_reads_iob1_and_iob2_and_skips_document_marks() {
        let source = "-DOCSTART- -X- -X- O\n\nNadim NNP B-NP I-PER\nLadki NNP I-NP I-PER\n\n\
                      Japan B-LOC 0\ncoach O 0\nShu B-PER 0\nKamo I-PER 0\nand O 0\n\
                      Bitar I-PER 0\nAbbas B-PER 0\nsaid O 0\n";
        let sentences = parse_conll2003(source).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(golds(&sentences[0]), ["Nadim Ladki"]);
        assert_eq!(
            sentences[1].text,
            "Japan coach Shu Kamo and Bitar Abbas said"
        );
        assert_eq!(golds(&sentences[1]), ["Shu Kamo", "Bitar", "Abbas"]);
        let wrong = parse_conll2003("Nadim PERSON 0\n").unwrap_err();
        assert!(wrong.contains("line 1"), "{wrong}");
    }
}
