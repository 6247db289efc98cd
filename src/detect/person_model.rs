//! A small statistical model of person names in informal text (issue 14): a binary averaged
//! perceptron over each word token ("is this word part of a person's name?"), with features of
//! the word, its shape, its neighbours and the gazetteers. Trained in Rust on WNUT-17 train only
//! (CC BY 4.0) by `cargo run --release --example train-person-model`, which writes
//! `patterns/person-model.tsv` (feature, weight); nothing is downloaded at run time.
//!
//! Used by `unregistered::find` after every rule: words the model scores above the file's
//! threshold, not already found or kept, become `unregistered.model` findings, always for review.
//! A patterns folder without the file has no model.

use std::collections::HashMap;
use std::path::Path;

use super::DetectError;
use super::lexicon::Lexicon;
use super::unregistered::Token;

/// The file name in the patterns folder.
pub(crate) const FILE: &str = "person-model.tsv";

#[derive(Debug)]
pub(crate) struct PersonModel {
    /// FNV-1a of `name=value` -> weight.
    weights: HashMap<u64, f32>,
    pub threshold: f32,
}

fn shape(word: &str) -> String {
    let mut out = String::new();
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

/// The features of token `index` as `name=value` strings (for training; the file stores them).
pub(crate) fn features(
    text: &str,
    tokens: &[Token],
    index: usize,
    lexicon: &Lexicon,
) -> Vec<String> {
    let mut out = Vec::with_capacity(32);
    visit(text, tokens, index, lexicon, &mut |name, value| {
        out.push(format!("{name}={value}"))
    });
    out
}

/// FNV-1a, continued over `bytes` from `hash`: a feature's key is the hash of `name=value`, so
/// scoring needs no string per feature.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x100_0000_01b3);
    }
    hash
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Calls `add(name, value)` for every feature of token `index`.
fn visit(
    text: &str,
    tokens: &[Token],
    index: usize,
    lexicon: &Lexicon,
    add: &mut dyn FnMut(&str, &str),
) {
    let token = &tokens[index];
    let word = &text[token.start..token.end];
    let lower = word.to_lowercase();
    let folded = &token.folded;
    add("bias", "");
    add("w", &lower);
    add("shape", &shape(word));
    let chars: Vec<char> = lower.chars().collect();
    let tail = |n: usize| {
        chars[chars.len().saturating_sub(n)..]
            .iter()
            .collect::<String>()
    };
    let head = |n: usize| chars[..n.min(chars.len())].iter().collect::<String>();
    add("suf3", &tail(3));
    add("suf2", &tail(2));
    add("pre3", &head(3));
    let flags = |t: &Token| {
        let f = &t.folded;
        let mut flags = String::new();
        flags.push(if lexicon.is_forename(f) { 'F' } else { '-' });
        flags.push(if lexicon.is_surname(f) { 'S' } else { '-' });
        flags.push(if lexicon.is_english_word(f) { 'E' } else { '-' });
        flags.push(if lexicon.is_common_word(f) { 'C' } else { '-' });
        flags.push(if lexicon.is_not_name(f) { 'N' } else { '-' });
        flags.push(if lexicon.is_place_word(f) { 'P' } else { '-' });
        flags.push(if t.glued { 'G' } else { '-' });
        flags.push(if t.possessive { 'Z' } else { '-' });
        flags
    };
    let own = flags(token);
    let census = lexicon.census_tag(folded);
    add("census", &census);
    add("census+shape", &format!("{census}{}", shape(word)));
    add("suf4", &tail(4));
    // How many of the six words around are capitalised: in a title or a line in capitals a
    // capital says little; in lower-case chat it says much.
    let around = (index.saturating_sub(3)..(index + 4).min(tokens.len()))
        .filter(|&i| i != index && tokens[i].capitalised)
        .count();
    add("caps-around+shape", &format!("{around}{}", shape(word)));
    add("flags", &own);
    add("flags+shape", &format!("{own}{}", shape(word)));
    add("len", &chars.len().min(8).to_string());
    let start_of_text = text[..token.start].trim_end().is_empty();
    let after_stop = text[..token.start]
        .trim_end()
        .ends_with(['.', '!', '?', ':', '"']);
    add("start", &format!("{start_of_text}{after_stop}"));
    for (name, other) in [
        ("p1", index.checked_sub(1)),
        ("n1", Some(index + 1).filter(|&i| i < tokens.len())),
        ("p2", index.checked_sub(2)),
        ("n2", Some(index + 2).filter(|&i| i < tokens.len())),
    ] {
        match other {
            Some(i) => {
                let t = &tokens[i];
                let w = text[t.start..t.end].to_lowercase();
                add(&format!("{name}w"), &w);
                if name.ends_with('1') {
                    add(&format!("{name}census"), &lexicon.census_tag(&t.folded));
                    add(&format!("{name}w+shape"), &format!("{w}|{}", shape(word)));
                    add(&format!("{name}flags"), &flags(t));
                    add(&format!("{name}shape"), &shape(&text[t.start..t.end]));
                    add(&format!("{name}flags+own"), &format!("{}{}", flags(t), own));
                }
            }
            None => add(&format!("{name}w"), "<none>"),
        }
    }
    if folded.is_empty() {
        add("nofold", "");
    }
}

impl PersonModel {
    /// Loads `patterns/person-model.tsv`; `Ok(None)` when the file is not there.
    pub fn load(dir: &Path) -> Result<Option<PersonModel>, DetectError> {
        let path = dir.join(FILE);
        let source = match std::fs::read_to_string(&path) {
            Ok(source) => source,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(DetectError::Patterns {
                    path: path.display().to_string(),
                    message: e.to_string(),
                });
            }
        };
        let mut weights = HashMap::new();
        let mut threshold = None;
        for (number, line) in source.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (name, value) = line
                .rsplit_once('\t')
                .ok_or_else(|| DetectError::Patterns {
                    path: path.display().to_string(),
                    message: format!("line {}: expected `feature<TAB>weight`", number + 1),
                })?;
            let value: f32 = value.trim().parse().map_err(|_| DetectError::Patterns {
                path: path.display().to_string(),
                message: format!("line {}: `{value}` is not a number", number + 1),
            })?;
            if name == "<threshold>" {
                threshold = Some(value);
            } else {
                weights.insert(fnv(FNV_START, name.as_bytes()), value);
            }
        }
        Ok(Some(PersonModel {
            weights,
            threshold: threshold.ok_or_else(|| DetectError::Patterns {
                path: path.display().to_string(),
                message: "no `<threshold>` line".to_string(),
            })?,
        }))
    }

    /// The score of token `index`: the sum of its features' weights.
    pub fn score(&self, text: &str, tokens: &[Token], index: usize, lexicon: &Lexicon) -> f32 {
        let mut sum = 0.0;
        visit(text, tokens, index, lexicon, &mut |name, value| {
            let hash = fnv(fnv(fnv(FNV_START, name.as_bytes()), b"="), value.as_bytes());
            sum += self.weights.get(&hash).copied().unwrap_or(0.0);
        });
        sum
    }
}

/// Training data: one text and, per token, whether it is part of a person's name.
pub(crate) struct Example {
    pub features: Vec<String>,
    pub person: bool,
}

/// Averaged perceptron, `epochs` passes in the given order (deterministic). Returns weights.
pub(crate) fn train(examples: &[Example], epochs: usize) -> HashMap<String, f32> {
    let mut weights: HashMap<String, f32> = HashMap::new();
    let mut totals: HashMap<String, f64> = HashMap::new();
    let mut stamps: HashMap<String, usize> = HashMap::new();
    let mut step = 0usize;
    // A fixed pseudo-random order each pass (xorshift from a constant seed): training is
    // deterministic, and the averaged weights do not depend on the file's order of topics.
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for epoch in 0..epochs {
        if epoch > 0 {
            for i in (1..order.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                order.swap(i, (state % (i as u64 + 1)) as usize);
            }
        }
        for example in order.iter().map(|&i| &examples[i]) {
            step += 1;
            let score: f32 = example.features.iter().filter_map(|f| weights.get(f)).sum();
            let predicted = score > 0.0;
            if predicted != example.person {
                let delta = if example.person { 1.0 } else { -1.0 };
                for feature in &example.features {
                    let w = weights.entry(feature.clone()).or_insert(0.0);
                    let stamp = stamps.entry(feature.clone()).or_insert(0);
                    *totals.entry(feature.clone()).or_insert(0.0) +=
                        f64::from(*w) * (step - *stamp) as f64;
                    *stamp = step;
                    *w += delta;
                }
            }
        }
    }
    weights
        .iter()
        .map(|(feature, w)| {
            let stamp = stamps.get(feature).copied().unwrap_or(0);
            let total =
                totals.get(feature).copied().unwrap_or(0.0) + f64::from(*w) * (step - stamp) as f64;
            (feature.clone(), (total / step.max(1) as f64) as f32)
        })
        .filter(|(_, w)| w.abs() > 1e-3)
        .collect()
}
