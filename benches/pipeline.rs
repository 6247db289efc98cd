//! Throughput of each stage and of the whole run on a generated Word-like corpus
//! (`benches/generate_store.rs`). Not part of CI pass/fail: `cargo bench` prints pages/second per
//! stage and end to end. Size with `SARPACK_BENCH_DOCUMENTS` (default 20), `SARPACK_BENCH_PAGES`
//! (pages per document, default 50) and `SARPACK_BENCH_NOTES` (default 2000).

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
        "{stage:<28} {seconds:>8.3} s  {:>10.1} pages/s",
        pages as f64 / seconds.max(1e-9)
    );
}

fn main() {
    let shape = generate_store::Shape {
        documents: env_usize("SARPACK_BENCH_DOCUMENTS", 20),
        pages: env_usize("SARPACK_BENCH_PAGES", 50),
        notes: env_usize("SARPACK_BENCH_NOTES", 2000),
        third_parties: 40,
        seed: 7,
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
    let patterns = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");

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
    let findings: Vec<_> = items
        .par_iter()
        .map(|item| sarpack::detect::detect(item, &detector))
        .collect();
    report("detect", time.elapsed().as_secs_f64(), pages);

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
                sarpack::redact::Presentation { show_author: true },
            )
            .ok()
        })
        .collect();
    report("redact", time.elapsed().as_secs_f64(), pages);

    let time = Instant::now();
    let applied: Vec<_> = redacted.iter().flat_map(|r| r.applied.clone()).collect();
    let forbidden = sarpack::verify::forbidden_terms(&request, &store.register, &applied);
    let verified = redacted
        .into_par_iter()
        .filter(|document| sarpack::verify::verify(document.file.clone(), &forbidden).is_ok())
        .count();
    report("verify", time.elapsed().as_secs_f64(), pages);
    println!("verified documents: {verified}");

    let out = dir.path().join("out");
    let config = sarpack::pipeline::Config {
        request: request_path.clone(),
        out,
        force: false,
        patterns,
        holidays: None,
        today: jiff::civil::date(2026, 11, 21),
    };
    let time = Instant::now();
    let outcome = sarpack::pipeline::run(&config, &sarpack::pipeline::Silent).expect("run");
    report(
        "end to end (pipeline::run)",
        time.elapsed().as_secs_f64(),
        pages,
    );
    println!(
        "pack pages: {}, redactions: {}, violations: {}",
        outcome.summary.pages, outcome.summary.redactions, outcome.summary.violations
    );
}
