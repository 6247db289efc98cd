//! Precision and recall of detection on the labelled corpus (issue 6).
//!
//! ```text
//! cargo run --release --example evaluate                 # full corpus, tables only
//! cargo run --release --example evaluate -- --examples 40  # also the first 40 misses / FPs
//! cargo run --release --example evaluate -- --cases tests/corpus/cases --patterns patterns
//! cargo run --release --example evaluate -- --probe case-001-03   # one record's findings
//! cargo run --release --example evaluate -- --speed 10   # one long item: time linear in length?
//! cargo run --release --example evaluate -- --wnut ../shared/corpora/ner/wnut17 \
//!     [--presidio /tmp/presidio-venv/bin/python] [--examples 30]
//! ```
//!
//! `--tune [--wnut DIR] [--examples N]` scores rules and model on WNUT-17 *train* only, by
//! five-fold cross-validation (a model fitted on four fifths, detection on the fifth it never
//! saw): the figure to tune rules and word lists on, so that dev stays held out.
//!
//! `--train-model [--wnut DIR]` trains the person-name model on WNUT-17 train only and writes
//! `patterns/person-model.tsv` (src/detect/person_model.rs).
//!
//! `--wnut DIR` scores person names on WNUT-17 (`emerging.dev.conll`, held out, and
//! `wnut17train.conll`, the development set) instead of the case corpora; with `--presidio
//! PYTHON`, Presidio (`tests/corpus/presidio_wnut.py`) is run in the same command and scored by
//! the same code.
//!
//! `--synthetic DIR` (presidio-evaluator's synthetic sentences, `DIR/{test,train}.jsonl`, made by
//! `tests/external/synthetic.py`) and `--emails DIR` (Enron threads annotated by Dakle et al.,
//! `DIR/{test,train}/*.conll`, see `tests/external/README.md`) score the same way, with or
//! without `--presidio PYTHON`; `--part train` reads only the train parts (to tune on), `--part
//! test` only the held-out ones. `--news DIR` (GUM's Wikinews documents, `DIR/{train,test}/*.conll`
//! and, where present, `DIR/dev`, held out like test; see `tests/external/README.md`) likewise.
//! `--conll FILE` scores one CoNLL-2003 file (Reuters news, a sentence a text; its `PER` spans
//! the gold), whatever `--part` says.
//!
//! Every labelled set's table has two sarpack lines: `sarpack`, detection alone on each sentence
//! or document, and `sarpack, shipped`, what would reach a pack: every sentence or document an
//! item of one store, detected and then made consistent across the store
//! (`detect::consolidate`), which adds mentions detection missed and spreads its mistakes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sarpack::detect::evaluation::{self, conll, external};

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cases = root.join("tests/corpus/cases");
    let mut patterns = root.join("patterns");
    let mut examples = 0;
    let mut probe = None;
    let mut speed = None;
    let mut wnut = None;
    let mut presidio = None;
    let mut synthetic = None;
    let mut emails = None;
    let mut news = None;
    let mut conll2003 = None;
    let mut part = "both".to_string();
    let mut train_model = false;
    let mut tune = false;
    let mut train_precision = 0.75;
    let mut args = std::env::args().skip(1).peekable();
    while let Some(arg) = args.next() {
        if arg == "--train-model" {
            train_model = true;
            continue;
        }
        if arg == "--tune" {
            tune = true;
            continue;
        }
        match (arg.as_str(), args.next()) {
            ("--cases", Some(value)) => cases = PathBuf::from(value),
            ("--patterns", Some(value)) => patterns = PathBuf::from(value),
            ("--examples", Some(value)) => examples = value.parse().unwrap_or(20),
            ("--probe", Some(value)) => probe = Some(value),
            ("--speed", Some(value)) => speed = value.parse::<usize>().ok(),
            ("--wnut", Some(value)) => wnut = Some(PathBuf::from(value)),
            ("--presidio", Some(value)) => presidio = Some(PathBuf::from(value)),
            ("--synthetic", Some(value)) => synthetic = Some(PathBuf::from(value)),
            ("--emails", Some(value)) => emails = Some(PathBuf::from(value)),
            ("--news", Some(value)) => news = Some(PathBuf::from(value)),
            ("--conll", Some(value)) => conll2003 = Some(PathBuf::from(value)),
            ("--part", Some(value)) if ["train", "test", "both"].contains(&value.as_str()) => {
                part = value
            }
            ("--precision", Some(value)) => train_precision = value.parse().unwrap_or(0.75),
            _ => {
                eprintln!(
                    "usage: evaluate [--cases DIR] [--patterns DIR] [--examples N] [--probe RECORD] [--speed COPIES] [--wnut DIR] [--synthetic DIR] [--emails DIR] [--news DIR] [--conll FILE] [--part train|test|both] [--presidio PYTHON] [--tune] [--train-model]"
                );
                return ExitCode::from(2);
            }
        }
    }
    if train_model {
        let dir = wnut.unwrap_or_else(|| root.join("../shared/corpora/ner/wnut17"));
        return match conll::train_model(
            &dir.join("wnut17train.conll"),
            &patterns,
            &patterns.join("person-model.tsv"),
            10,
            train_precision,
        ) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if tune {
        let dir = wnut.unwrap_or_else(|| root.join("../shared/corpora/ner/wnut17"));
        let result = tempfile::tempdir()
            .map_err(|e| format!("cannot make a temporary folder: {e}"))
            .and_then(|work| {
                conll::cross_validate(
                    &dir.join("wnut17train.conll"),
                    &patterns,
                    work.path(),
                    10,
                    train_precision,
                )
            });
        return match result {
            Ok((sentences, predicted)) => {
                let scores = conll::score(&sentences, &predicted);
                println!("{}", conll::summary_header());
                println!(
                    "{}",
                    conll::summary_line("train, 5-fold", "sarpack", &scores)
                );
                print!("{}", conll::details(&scores, examples));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if synthetic.is_some() || emails.is_some() || news.is_some() || conll2003.is_some() {
        let sets = ExternalSets {
            synthetic: synthetic.as_deref(),
            emails: emails.as_deref(),
            news: news.as_deref(),
            conll2003: conll2003.as_deref(),
        };
        let result = external_parts(&sets, &part)
            .and_then(|parts| set_tables(&root, &parts, &patterns, presidio.as_deref(), examples));
        return match result {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(dir) = wnut {
        return match wnut_tables(&root, &dir, &patterns, presidio.as_deref(), examples) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let files = match evaluation::case_files(&cases) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: cannot read `{}`: {error}", cases.display());
            return ExitCode::FAILURE;
        }
    };
    if let Some(copies) = speed {
        return match evaluation::speed(&files, &patterns, copies) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    if let Some(record) = probe {
        return match evaluation::probe(&files, &patterns, &record) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let started = std::time::Instant::now();
    match evaluation::evaluate(&files, &patterns) {
        Ok(report) => {
            print!("{}", evaluation::render(&report, examples));
            eprintln!("evaluated in {:.2?}", started.elapsed());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Person-name recall and precision on WNUT-17 dev (held out) and train, for sarpack and, when a
/// Python with Presidio is given, for Presidio in the same run.
fn wnut_tables(
    root: &Path,
    dir: &Path,
    patterns: &Path,
    presidio: Option<&Path>,
    examples: usize,
) -> Result<String, String> {
    let mut parts = Vec::new();
    for name in ["emerging.dev.conll", "wnut17train.conll"] {
        parts.push((name.to_string(), conll::read(&dir.join(name))?));
    }
    set_tables(root, &parts, patterns, presidio, examples)
}

/// The folders (and the CoNLL-2003 file) of the other labelled sets given on the command line.
struct ExternalSets<'a> {
    synthetic: Option<&'a Path>,
    emails: Option<&'a Path>,
    news: Option<&'a Path>,
    conll2003: Option<&'a Path>,
}

/// The parts of the other labelled sets asked for (`--synthetic DIR`, `--emails DIR`, `--news
/// DIR`), test before train, or only the train parts with `--part train` (for tuning without
/// reading test). GUM's official dev documents, where fetched (`DIR/dev`), are held out with test.
fn external_parts(
    sets: &ExternalSets,
    part: &str,
) -> Result<Vec<(String, Vec<conll::Sentence>)>, String> {
    let ExternalSets {
        synthetic,
        emails,
        news,
        conll2003,
    } = *sets;
    let wanted: &[&str] = match part {
        "train" => &["train"],
        "test" => &["test"],
        _ => &["test", "train"],
    };
    let mut parts = Vec::new();
    if let Some(dir) = synthetic {
        for name in wanted {
            let path = dir.join(format!("{name}.jsonl"));
            parts.push((format!("synthetic {name}"), external::read_spans(&path)?));
        }
    }
    if let Some(dir) = emails {
        for name in wanted {
            parts.push((
                format!("emails {name}"),
                external::read_emailcoref(&dir.join(name))?,
            ));
        }
    }
    if let Some(dir) = news {
        for name in wanted {
            parts.push((format!("news {name}"), external::read_gum(&dir.join(name))?));
            if *name == "test" && dir.join("dev").is_dir() {
                parts.push((
                    "news dev".to_string(),
                    external::read_gum(&dir.join("dev"))?,
                ));
            }
        }
    }
    if let Some(file) = conll2003 {
        let name = file.file_stem().unwrap_or_default().to_string_lossy();
        parts.push((format!("conll2003 {name}"), external::read_conll2003(file)?));
    }
    Ok(parts)
}

/// Person-name recall and precision on each part, for sarpack and, when a Python with Presidio
/// is given, for Presidio in the same run on the same texts (`tests/corpus/presidio_wnut.py`
/// reads them from a JSON file this writes), scored by the same code.
fn set_tables(
    root: &Path,
    parts: &[(String, Vec<conll::Sentence>)],
    patterns: &Path,
    presidio: Option<&Path>,
    examples: usize,
) -> Result<String, String> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut details = String::new();
    let _ = writeln!(out, "{}", conll::summary_header());
    let work = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    for (name, sentences) in parts {
        let started = std::time::Instant::now();
        let ours = conll::score(sentences, &conll::sarpack(sentences, patterns)?);
        eprintln!("sarpack on {name}: {:.2?}", started.elapsed());
        let _ = writeln!(out, "{}", conll::summary_line(name, "sarpack", &ours));
        let _ = writeln!(details, "\nsarpack on {name}:");
        details.push_str(&conll::details(&ours, examples));
        let started = std::time::Instant::now();
        let shipped = conll::score(sentences, &conll::sarpack_shipped(sentences, patterns)?);
        eprintln!("sarpack, shipped, on {name}: {:.2?}", started.elapsed());
        let _ = writeln!(
            out,
            "{}",
            conll::summary_line(name, "sarpack, shipped", &shipped)
        );
        if examples > 0 {
            let _ = writeln!(
                details,
                "\nsarpack, shipped (after consolidation), on {name}:"
            );
            details.push_str(&conll::details(&shipped, examples));
        }
        if let Some(python) = presidio {
            let started = std::time::Instant::now();
            let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
            let path = work.path().join("texts.json");
            let json = serde_json::to_string(&texts).map_err(|e| e.to_string())?;
            std::fs::write(&path, json)
                .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            let output = std::process::Command::new(python)
                .arg(root.join("tests/corpus/presidio_wnut.py"))
                .arg(&path)
                .output()
                .map_err(|e| format!("cannot run `{}`: {e}", python.display()))?;
            if !output.status.success() {
                return Err(format!(
                    "presidio_wnut.py failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            eprintln!("presidio on {name}: {:.2?}", started.elapsed());
            let spans = conll::external(
                &String::from_utf8_lossy(&output.stdout),
                sentences.len(),
                "presidio",
            )?;
            let theirs = conll::score(sentences, &spans);
            let _ = writeln!(out, "{}", conll::summary_line(name, "presidio", &theirs));
            if examples > 0 {
                let _ = writeln!(details, "\npresidio on {name}:");
                details.push_str(&conll::details(&theirs, examples));
            }
        }
    }
    out.push_str(&details);
    Ok(out)
}
