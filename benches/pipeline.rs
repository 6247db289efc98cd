//! Throughput of each stage and of the whole run on a generated Word-like corpus
//! (`benches/generate_store.rs`). Not part of CI pass/fail: `cargo bench` prints pages/second per
//! stage and end to end. Size with `SARPACK_BENCH_DOCUMENTS` (default 20), `SARPACK_BENCH_PAGES`
//! (pages per document, default 50) and `SARPACK_BENCH_NOTES` (default 2000);
//! `SARPACK_BENCH_PHONES=0` leaves phone numbers out of the prose so that the pack is written.
//!
//! "Pages" is every page that goes through the run: the PDF pages of the store's documents plus
//! one per case note (a case note is typeset to one page or a little more). The stages are timed
//! the way `pipeline::run` chains them (detect includes the pack-wide consolidation; verify
//! stamps the pack page numbers first and checks files under their pack names, as the pipeline
//! does), then `pipeline::run` is timed on its own, from a cold start, as the figure that counts.

#[path = "generate_store.rs"]
#[allow(dead_code)]
mod generate_store;

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use sarpack::model::{Content, Decision};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn report(stage: &str, seconds: f64, pages: usize) {
    println!(
        "{stage:<32} {seconds:>8.3} s  {:>10.1} pages/s",
        pages as f64 / seconds.max(1e-9)
    );
}

/// Peak resident set of this process so far (Linux), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_string())
}

fn main() {
    let shape = generate_store::Shape {
        documents: env_usize("SARPACK_BENCH_DOCUMENTS", 20),
        pages: env_usize("SARPACK_BENCH_PAGES", 50),
        notes: env_usize("SARPACK_BENCH_NOTES", 2000),
        third_parties: 40,
        seed: 7,
        phones: std::env::var("SARPACK_BENCH_PHONES").map_or(true, |value| value != "0"),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let started = Instant::now();
    let request_path = generate_store::generate(dir.path(), shape).expect("corpus generated");
    println!(
        "corpus: {} documents x {} pages + {} notes, register of {} third parties (generated in {:.1} s)",
        shape.documents,
        shape.pages,
        shape.notes,
        shape.third_parties,
        started.elapsed().as_secs_f64()
    );
    println!(
        "threads: {}, load average before: {}",
        rayon::current_num_threads(),
        load_average()
    );
    let patterns = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");

    // End to end first, while nothing else of the corpus is in this process's memory.
    let config = sarpack::pipeline::Config {
        request: request_path.clone(),
        out: dir.path().join("out"),
        force: false,
        patterns: patterns.clone(),
        holidays: None,
        today: jiff::civil::date(2026, 11, 21),
        allow_missing_sources: Vec::new(),
        decisions: None,
        operator: "test".to_string(),
        now: "2026-11-21T12:00:00Z".to_string(),
        separate: false,
    };
    let time = Instant::now();
    let outcome = sarpack::pipeline::run(&config, &sarpack::pipeline::Silent).expect("run");
    let end_to_end = time.elapsed().as_secs_f64();
    let end_to_end_rss = peak_rss_mib();

    let request = sarpack::request::load(&request_path).expect("request");
    let time = Instant::now();
    let store = sarpack::store::open(&request.store).expect("store");
    let items = sarpack::gather::gather(&request, &store).items;
    let pdf_pages: usize = items
        .iter()
        .map(|item| match &item.content {
            Content::Pdf { pages, .. } => pages.len(),
            _ => 0,
        })
        .sum();
    let pages = pdf_pages + shape.notes;
    println!("pages: {pdf_pages} PDF pages + {} notes", shape.notes);
    report(
        "open + gather (extract text)",
        time.elapsed().as_secs_f64(),
        pages,
    );

    let time = Instant::now();
    let detector =
        sarpack::detect::Detector::new(&request, &store.register, &patterns).expect("detector");
    let mut findings: Vec<_> = items
        .par_iter()
        .map(|item| sarpack::detect::detect(item, &detector))
        .collect();
    sarpack::detect::consolidate(&mut findings, &items, &detector);
    report("detect + consolidate", time.elapsed().as_secs_f64(), pages);

    let time = Instant::now();
    let policy =
        sarpack::decide::Policy::load(&patterns, &request, &store.register).expect("policy");
    let decisions: Vec<Decision> = items
        .par_iter()
        .zip(&findings)
        .map(|(item, found)| sarpack::decide::decide(item, found, &policy))
        .collect();
    report("decide", time.elapsed().as_secs_f64(), pages);

    let time = Instant::now();
    let redacted: Vec<_> = items
        .par_iter()
        .zip(&decisions)
        .filter(|(_, decision)| decision.disposition.ships())
        .filter_map(|(item, decision)| {
            sarpack::redact::redact(
                item,
                decision,
                sarpack::redact::Presentation {
                    show_author: true,
                    labels: Vec::new(),
                },
            )
            .ok()
        })
        .collect();
    report("redact", time.elapsed().as_secs_f64(), pages);

    // Pack names and continuous page numbers, as the pipeline gives them.
    let mut next_page = 1u32;
    let placed: Vec<_> = redacted
        .into_iter()
        .enumerate()
        .map(|(position, mut document)| {
            document.file.name = format!("records/{:05}-record.pdf", position + 1);
            let first = next_page;
            next_page += document.file.pages;
            (document, first)
        })
        .collect();
    let ordinary = sarpack::verify::OrdinaryWords::load(&patterns).expect("word lists");
    let time = Instant::now();
    let applied: Vec<_> = placed
        .iter()
        .flat_map(|(document, _)| document.applied.clone())
        .collect();
    let forbidden =
        sarpack::verify::forbidden_terms(&request, &store.register, &applied, &ordinary);
    let stamped: Vec<_> = placed
        .into_par_iter()
        .filter_map(|(mut document, first)| {
            document.file.bytes =
                sarpack::pack::stamp::stamp(&document.file.bytes, &request.reference, first)
                    .ok()?;
            Some(document.file)
        })
        .collect();
    report("stamp", time.elapsed().as_secs_f64(), pages);
    let time = Instant::now();
    let checked: Vec<_> = stamped
        .into_par_iter()
        .map(|file| sarpack::verify::verify(file, &forbidden))
        .collect();
    report("verify", time.elapsed().as_secs_f64(), pages);
    let refused = checked.iter().filter(|result| result.is_err()).count();
    let verified: Vec<_> = checked.into_iter().filter_map(Result::ok).collect();
    println!("verified files: {}, refused: {refused}", verified.len());

    let time = Instant::now();
    sarpack::pack::assemble(&dir.path().join("bench.zip"), &request.reference, &verified)
        .expect("zip written");
    report("assemble (zip)", time.elapsed().as_secs_f64(), pages);

    report("end to end (pipeline::run)", end_to_end, pages);
    println!(
        "end to end peak RSS: {} MiB; pack pages: {}, redactions: {}, violations: {}, pack written: {}",
        end_to_end_rss
            .map(|mib| format!("{mib:.0}"))
            .unwrap_or_else(|| "unknown".to_string()),
        outcome.summary.pages,
        outcome.summary.redactions,
        outcome.summary.violations,
        outcome.summary.pack.is_some()
    );
    println!("load average after: {}", load_average());
}
