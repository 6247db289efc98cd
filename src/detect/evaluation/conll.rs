//! Person-name recall and precision on text other people wrote and labelled (issue 14): a
//! CoNLL file of one token and one BIO tag a line, sentences separated by blank lines, such as
//! WNUT-17 (`../shared/corpora/ner/wnut17`, CC BY 4.0). Only `person` tags are scored.
//!
//! Each sentence is rebuilt as its tokens joined by single spaces and run through the detector
//! alone, with a register that holds only a subject whose name never occurs, so every name found
//! is someone the register does not name (the case for informal text copied into a record).
//! Scoring matches the case corpus (`super::evaluate`):
//! - a gold person span is *found* when name findings that redact cover every letter and digit
//!   of it (a half-redacted name leaks); *exact* when one finding has exactly its bounds;
//! - a name finding is *correct* when it overlaps a gold person span, otherwise a false positive.
//!
//! Another system's spans (Presidio, `tests/corpus/presidio_wnut.py`) are scored by the same
//! code from a JSON file of `{"sentence", "start", "end"}` byte offsets, so both figures come from
//! one scorer.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{
    Category, Finding, FindingKind, Person, Region, Register, Request, RequestKind, Subject,
};

use super::super::lexicon::Lexicon;
use super::super::person_model::{self, Example};
use super::super::unregistered;
use super::super::{Detector, consolidate, is_redacted};

/// One sentence: its text and its gold person spans (byte offsets).
#[derive(Debug, Clone)]
pub struct Sentence {
    pub text: String,
    pub gold: Vec<(usize, usize)>,
}

/// A predicted name span with the rule that made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicted {
    pub start: usize,
    pub end: usize,
    pub rule: String,
}

/// Reads a CoNLL file (token TAB tag per line; blank line between sentences).
pub fn read(path: &Path) -> Result<Vec<Sentence>, String> {
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let mut sentences = Vec::new();
    let mut text = String::new();
    let mut gold: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<(usize, usize)> = None;
    let flush = |text: &mut String,
                 gold: &mut Vec<(usize, usize)>,
                 open: &mut Option<(usize, usize)>,
                 out: &mut Vec<Sentence>| {
        if let Some(span) = open.take() {
            gold.push(span);
        }
        if !text.is_empty() {
            out.push(Sentence {
                text: std::mem::take(text),
                gold: std::mem::take(gold),
            });
        }
    };
    for (number, line) in source.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut text, &mut gold, &mut open, &mut sentences);
            continue;
        }
        let (token, tag) = line.rsplit_once('\t').ok_or_else(|| {
            format!(
                "`{}` line {}: expected `token<TAB>tag`",
                path.display(),
                number + 1
            )
        })?;
        if !text.is_empty() {
            text.push(' ');
        }
        let start = text.len();
        text.push_str(token);
        let end = text.len();
        match tag {
            "B-person" => {
                if let Some(span) = open.take() {
                    gold.push(span);
                }
                open = Some((start, end));
            }
            "I-person" => match open.as_mut() {
                Some(span) => span.1 = end,
                None => open = Some((start, end)),
            },
            _ => {
                if let Some(span) = open.take() {
                    gold.push(span);
                }
            }
        }
    }
    flush(&mut text, &mut gold, &mut open, &mut sentences);
    Ok(sentences)
}

/// A request and register whose only person is a subject named nowhere in the text.
fn empty_case() -> (Request, Register) {
    let subject = Subject {
        person_id: "P0".to_string(),
        name: "Ysoldexq Quennevaiszz".to_string(),
        aliases: Vec::new(),
        dob: None,
        ids: Vec::new(),
    };
    let request = Request {
        reference: "EVAL".to_string(),
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
        organisation: "Example Borough Council".to_string(),
        consulted_agencies: Vec::new(),
        requester: crate::model::Requester::subject(&subject),
        organisation_profile: None,
        subject: subject.clone(),
        store: PathBuf::new(),
        base_dir: PathBuf::new(),
        rectification: Vec::new(),
        disclosed_in: Vec::new(),
        court: None,
    };
    let register = Register {
        people: vec![Person {
            id: subject.person_id.clone(),
            name: subject.name.clone(),
            aliases: Vec::new(),
            dob: None,
            role: "subject".to_string(),
            category: Category::Subject,
            phone: String::new(),
            address: String::new(),
            consent: false,
        }],
    };
    (request, register)
}

/// sarpack's redacting name findings for every sentence.
pub fn sarpack(sentences: &[Sentence], patterns: &Path) -> Result<Vec<Vec<Predicted>>, String> {
    let (request, register) = empty_case();
    let detector = Detector::new(&request, &register, patterns).map_err(|e| e.to_string())?;
    Ok(sentences
        .iter()
        .map(|sentence| redacted_names(detector.find(&sentence.text)))
        .collect())
}

/// The findings that redact a name, as predicted spans.
fn redacted_names(findings: Vec<Finding>) -> Vec<Predicted> {
    findings
        .into_iter()
        .filter(|f| f.kind == FindingKind::Name && is_redacted(f))
        .map(|f| Predicted {
            start: f.span.start,
            end: f.span.end,
            rule: f.rule.to_string(),
        })
        .collect()
}

/// sarpack's redacting name findings as they would ship: every sentence (or document) an item of
/// one store, detected and then made consistent across the store by [`consolidate`] (each name
/// found anywhere looked for everywhere), as the pipeline does before redaction. Scores what
/// reaches the pack rather than detection alone: consolidation adds the mentions detection missed
/// and spreads its mistakes too.
pub fn sarpack_shipped(
    sentences: &[Sentence],
    patterns: &Path,
) -> Result<Vec<Vec<Predicted>>, String> {
    let (request, register) = empty_case();
    let detector = Detector::new(&request, &register, patterns).map_err(|e| e.to_string())?;
    let items: Vec<_> = sentences
        .iter()
        .enumerate()
        .map(|(at, sentence)| super::text_item(&format!("S{at}"), &sentence.text))
        .collect();
    let mut findings: Vec<_> = sentences
        .iter()
        .map(|sentence| detector.find(&sentence.text))
        .collect();
    consolidate(&mut findings, &items, &detector);
    Ok(findings.into_iter().map(redacted_names).collect())
}

#[derive(Debug, Deserialize)]
struct ExternalSpan {
    sentence: usize,
    start: usize,
    end: usize,
}

/// Another system's spans from a JSON array of `{"sentence", "start", "end"}` (byte offsets into
/// the sentence text as [`read`] builds it).
pub fn external(json: &str, sentences: usize, system: &str) -> Result<Vec<Vec<Predicted>>, String> {
    let spans: Vec<ExternalSpan> =
        serde_json::from_str(json).map_err(|e| format!("cannot parse {system} spans: {e}"))?;
    let mut out = vec![Vec::new(); sentences];
    for span in spans {
        let list = out.get_mut(span.sentence).ok_or_else(|| {
            format!(
                "{system} span for sentence {} of {sentences}",
                span.sentence
            )
        })?;
        list.push(Predicted {
            start: span.start,
            end: span.end,
            rule: system.to_string(),
        });
    }
    Ok(out)
}

/// Training examples: every word token of every sentence, marked when it overlaps a gold person
/// span.
fn examples(sentences: &[Sentence], lexicon: &Lexicon) -> Vec<Example> {
    let mut out = Vec::new();
    for sentence in sentences {
        let tokens = unregistered::tokens(&sentence.text);
        for index in 0..tokens.len() {
            let token = &tokens[index];
            let person = sentence
                .gold
                .iter()
                .any(|&(start, end)| token.start < end && start < token.end);
            out.push(Example {
                features: person_model::features(&sentence.text, &tokens, index, lexicon),
                person,
            });
        }
    }
    out
}

/// A trained model: its threshold, the word recall at that threshold on the held-out fifth, and
/// its weights sorted by feature.
struct Fitted {
    threshold: f32,
    recall: f64,
    lines: Vec<(String, f32)>,
}

/// Trains on `sentences`: the threshold is chosen on every fifth sentence held out from a first
/// model (the lowest score at which that model's word precision on the held-out fifth is at
/// least `precision`); the weights come from a model trained on all of `sentences`.
fn fit(sentences: &[Sentence], lexicon: &Lexicon, epochs: usize, precision: f64) -> Fitted {
    let kept: Vec<Sentence> = (0..sentences.len())
        .filter(|i| i % 5 != 4)
        .map(|i| sentences[i].clone())
        .collect();
    let held: Vec<Sentence> = (0..sentences.len())
        .filter(|i| i % 5 == 4)
        .map(|i| sentences[i].clone())
        .collect();
    let first = person_model::train(&examples(&kept, lexicon), epochs);
    let mut scored: Vec<(f32, bool)> = examples(&held, lexicon)
        .iter()
        .map(|e| {
            (
                e.features.iter().filter_map(|f| first.get(f)).sum::<f32>(),
                e.person,
            )
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let positives = scored.iter().filter(|(_, p)| *p).count();
    let (mut right, mut threshold, mut recall) = (0usize, f32::MAX, 0.0);
    for (rank, (score, person)) in scored.iter().enumerate() {
        if *person {
            right += 1;
        }
        let taken = rank + 1;
        if right as f64 / taken as f64 >= precision && *score > 0.0 {
            threshold = *score;
            recall = right as f64 / positives.max(1) as f64;
        }
    }
    // Just below the last score that kept the precision.
    let threshold = threshold - 1e-3;
    let weights = person_model::train(&examples(sentences, lexicon), epochs);
    let mut lines: Vec<(String, f32)> = weights.into_iter().collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    Fitted {
        threshold,
        recall,
        lines,
    }
}

/// The `patterns/person-model.tsv` text of a fitted model.
fn model_text(fitted: &Fitted, epochs: usize) -> String {
    let threshold = fitted.threshold;
    let mut text = format!(
        "# sarpack person-name model (src/detect/person_model.rs): averaged perceptron, {epochs} epochs,\n\
         # trained on WNUT-17 train only (CC BY 4.0, Derczynski et al. 2017) by\n\
         # `cargo run --release --example evaluate -- --train-model`. feature<TAB>weight.\n\
         <threshold>\t{threshold:.4}\n"
    );
    for (feature, weight) in &fitted.lines {
        // Tabs and newlines cannot be in a feature: tokens are words.
        text.push_str(&format!("{feature}\t{weight:.4}\n"));
    }
    text
}

/// Trains the person-name model on `train` (a CoNLL file) and writes it to `out` (the
/// `patterns/person-model.tsv` format), see [`fit`]. Nothing from any other file is used.
/// Returns a summary.
pub fn train_model(
    train: &Path,
    patterns: &Path,
    out: &Path,
    epochs: usize,
    precision: f64,
) -> Result<String, String> {
    let sentences = read(train)?;
    let lexicon = Lexicon::load(patterns).map_err(|e| e.to_string())?;
    let fitted = fit(&sentences, &lexicon, epochs, precision);
    std::fs::write(out, model_text(&fitted, epochs))
        .map_err(|e| format!("cannot write `{}`: {e}", out.display()))?;
    Ok(format!(
        "trained on {} sentences; threshold {:.3} gives word precision >= {precision} and word recall {:.1}% on the held-out fifth; {} features written to {}\n",
        sentences.len(),
        fitted.threshold,
        100.0 * fitted.recall,
        fitted.lines.len(),
        out.display()
    ))
}

/// Rules and model scored on `train` alone, by five-fold cross-validation, so that rules and
/// word lists can be tuned without looking at the held-out dev file: for each fifth of the
/// sentences (every fifth sentence, offset k), a model is fitted on the other four fifths
/// ([`fit`]) and written with the other pattern files into `work/fold-k`, and the detector with
/// that model runs on the fifth it never saw. Returns the sentences and the out-of-fold
/// predictions, in file order.
pub fn cross_validate(
    train: &Path,
    patterns: &Path,
    work: &Path,
    epochs: usize,
    precision: f64,
) -> Result<(Vec<Sentence>, Vec<Vec<Predicted>>), String> {
    let sentences = read(train)?;
    let lexicon = Lexicon::load(patterns).map_err(|e| e.to_string())?;
    let mut predicted = vec![Vec::new(); sentences.len()];
    for fold in 0..5 {
        let dir = work.join(format!("fold-{fold}"));
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        let entries = std::fs::read_dir(patterns)
            .map_err(|e| format!("cannot read `{}`: {e}", patterns.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(entry.file_name()))
                    .map_err(|e| format!("cannot copy `{}`: {e}", path.display()))?;
            }
        }
        let (rest, held): (Vec<usize>, Vec<usize>) =
            (0..sentences.len()).partition(|i| i % 5 != fold);
        let rest: Vec<Sentence> = rest.iter().map(|&i| sentences[i].clone()).collect();
        let fitted = fit(&rest, &lexicon, epochs, precision);
        let model = dir.join("person-model.tsv");
        std::fs::write(&model, model_text(&fitted, epochs))
            .map_err(|e| format!("cannot write `{}`: {e}", model.display()))?;
        let held_sentences: Vec<Sentence> = held.iter().map(|&i| sentences[i].clone()).collect();
        for (index, found) in held.iter().zip(sarpack(&held_sentences, &dir)?) {
            predicted[*index] = found;
        }
    }
    Ok((sentences, predicted))
}

/// Counts for one system on one file.
#[derive(Debug, Default, Clone)]
pub struct Scores {
    pub sentences: usize,
    pub gold: usize,
    /// Gold spans whose letters and digits are all covered.
    pub found: usize,
    /// Gold spans predicted with exactly their bounds.
    pub exact: usize,
    pub gold_tokens: usize,
    pub found_tokens: usize,
    pub predicted: usize,
    /// Predictions that overlap a gold span.
    pub correct: usize,
    /// rule -> (predicted, correct)
    pub per_rule: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<String>,
    pub false_positives: Vec<String>,
}

impl Scores {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }

    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.predicted)
    }

    pub fn token_recall(&self) -> f64 {
        ratio(self.found_tokens, self.gold_tokens)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// Scores `predicted[i]` against `sentences[i]`.
pub fn score(sentences: &[Sentence], predicted: &[Vec<Predicted>]) -> Scores {
    let mut scores = Scores {
        sentences: sentences.len(),
        ..Scores::default()
    };
    for (sentence, predictions) in sentences.iter().zip(predicted) {
        let text = sentence.text.as_str();
        let covered = |at: usize| predictions.iter().any(|p| p.start <= at && at < p.end);
        for &(start, end) in &sentence.gold {
            scores.gold += 1;
            let all = text[start..end]
                .char_indices()
                .filter(|(_, c)| c.is_alphanumeric())
                .all(|(offset, _)| covered(start + offset));
            if all {
                scores.found += 1;
            } else {
                scores.misses.push(format!(
                    "`{}` in: {}",
                    &text[start..end],
                    line_around(text, start, end)
                ));
            }
            if predictions.iter().any(|p| p.start == start && p.end == end) {
                scores.exact += 1;
            }
            let mut offset = start;
            for token in text[start..end].split(' ') {
                scores.gold_tokens += 1;
                if token
                    .char_indices()
                    .filter(|(_, c)| c.is_alphanumeric())
                    .all(|(i, _)| covered(offset + i))
                {
                    scores.found_tokens += 1;
                }
                offset += token.len() + 1;
            }
        }
        for prediction in predictions {
            scores.predicted += 1;
            let hit = sentence
                .gold
                .iter()
                .any(|&(start, end)| prediction.start < end && start < prediction.end);
            let row = scores.per_rule.entry(prediction.rule.clone()).or_default();
            row.0 += 1;
            if hit {
                row.1 += 1;
                scores.correct += 1;
            } else {
                scores.false_positives.push(format!(
                    "`{}` by {} in: {}",
                    &text[prediction.start..prediction.end],
                    prediction.rule,
                    line_around(text, prediction.start, prediction.end)
                ));
            }
        }
    }
    scores
}

/// The line of `text` that holds `start..end` (the whole text when it is one line, as a
/// WNUT-17 sentence is; one line of a multi-line email thread), cut to about 100 bytes either
/// side (a news document is one line of thousands of words), with `…` where it was cut.
fn line_around(text: &str, start: usize, end: usize) -> String {
    const SIDE: usize = 100;
    let mut from = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let mut to = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let (cut_from, cut_to) = (start.saturating_sub(SIDE) > from, end + SIDE < to);
    if cut_from {
        from = text.ceil_char_boundary(start - SIDE);
    }
    if cut_to {
        to = text.floor_char_boundary(end + SIDE);
    }
    format!(
        "{}{}{}",
        if cut_from { "…" } else { "" },
        &text[from..to],
        if cut_to { "…" } else { "" }
    )
}

/// One line of the summary table.
pub fn summary_line(file: &str, system: &str, scores: &Scores) -> String {
    format!(
        "{:<22} {:<16} {:>5} {:>6} {:>8} {:>8} {:>8} {:>6} {:>6} {:>10}",
        file,
        system,
        scores.gold,
        scores.found,
        format!("{:.1}%", 100.0 * scores.recall()),
        format!("{:.1}%", 100.0 * ratio(scores.exact, scores.gold)),
        format!("{:.1}%", 100.0 * scores.token_recall()),
        scores.predicted,
        scores.correct,
        format!("{:.1}%", 100.0 * scores.precision()),
    )
}

/// The header for [`summary_line`].
pub fn summary_header() -> String {
    format!(
        "{:<22} {:<16} {:>5} {:>6} {:>8} {:>8} {:>8} {:>6} {:>6} {:>10}",
        "file",
        "system",
        "gold",
        "found",
        "recall",
        "exact",
        "tokens",
        "spans",
        "right",
        "precision"
    )
}

/// Per-rule table and the first `examples` misses and false positives.
pub fn details(scores: &Scores, examples: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "  {:<44} {:>6} {:>6} {:>10}",
        "rule", "spans", "right", "precision"
    );
    for (rule, (predicted, correct)) in &scores.per_rule {
        let _ = writeln!(
            out,
            "  {:<44} {:>6} {:>6} {:>9.1}%",
            rule,
            predicted,
            correct,
            100.0 * ratio(*correct, *predicted)
        );
    }
    if examples > 0 {
        let _ = writeln!(out, "  misses (first {examples}):");
        for line in scores.misses.iter().take(examples) {
            let _ = writeln!(out, "    {line}");
        }
        let _ = writeln!(out, "  false positives (first {examples}):");
        for line in scores.false_positives.iter().take(examples) {
            let _ = writeln!(out, "    {line}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bio_spans_as_byte_offsets_of_the_joined_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tiny.conll");
        std::fs::write(
            &path,
            "Met\tO\nKornelia\tB-person\nMazur\tI-person\n.\tO\n\nzoë\tB-person\nrang\tO\n",
        )
        .unwrap();
        let sentences = read(&path).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].text, "Met Kornelia Mazur .");
        let (s, e) = sentences[0].gold[0];
        assert_eq!(&sentences[0].text[s..e], "Kornelia Mazur");
        let (s, e) = sentences[1].gold[0];
        assert_eq!(&sentences[1].text[s..e], "zoë");
        let predicted = vec![
            vec![Predicted {
                start: 4,
                end: 12,
                rule: "x".into(),
            }],
            vec![Predicted {
                start: 0,
                end: 4,
                rule: "x".into(),
            }],
        ];
        let scores = score(&sentences, &predicted);
        // "Kornelia" alone leaves "Mazur": not found, but its token is.
        assert_eq!((scores.gold, scores.found, scores.exact), (2, 1, 1));
        assert_eq!((scores.gold_tokens, scores.found_tokens), (3, 2));
        assert_eq!((scores.predicted, scores.correct), (2, 2));
    }
}
