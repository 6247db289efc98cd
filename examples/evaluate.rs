//! Precision and recall of detection on the labelled corpus (issue 6).
//!
//! ```text
//! cargo run --release --example evaluate                 # full corpus, tables only
//! cargo run --release --example evaluate -- --examples 40  # also the first 40 misses / FPs
//! cargo run --release --example evaluate -- --cases tests/corpus/cases --patterns patterns
//! cargo run --release --example evaluate -- --probe case-001-03   # one record's findings
//! cargo run --release --example evaluate -- --speed 10   # one long item: time linear in length?
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use sarpack::detect::evaluation;

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cases = root.join("tests/corpus/cases");
    let mut patterns = root.join("patterns");
    let mut examples = 0;
    let mut probe = None;
    let mut speed = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--cases", Some(value)) => cases = PathBuf::from(value),
            ("--patterns", Some(value)) => patterns = PathBuf::from(value),
            ("--examples", Some(value)) => examples = value.parse().unwrap_or(20),
            ("--probe", Some(value)) => probe = Some(value),
            ("--speed", Some(value)) => speed = value.parse::<usize>().ok(),
            _ => {
                eprintln!(
                    "usage: evaluate [--cases DIR] [--patterns DIR] [--examples N] [--probe RECORD] [--speed COPIES]"
                );
                return ExitCode::from(2);
            }
        }
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
