//! Throughput of PDF extraction and redaction, for a human to read (not pass/fail; house style
//! 17). Run: `PDF_TIMING_FILES=a.pdf:b.pdf cargo test --release --test pdf_timing -- --ignored --nocapture`.

use std::time::Instant;

use regex::Regex;
use sarpack::model::{Code, PAGE_SEPARATOR, Redaction, Span};

/// CPU seconds used by this thread (Linux), so figures mean something on a busy machine where
/// wall time mostly measures the other jobs.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // After the command name: field 14 (utime) and 15 (stime) are at 11 and 12.
    (ticks(11) + ticks(12)) / 100.0
}

#[test]
#[ignore]
fn timing() {
    let files = std::env::var("PDF_TIMING_FILES").unwrap_or_default();
    let pattern = std::env::var("PDF_TIMING_PATTERN")
        .unwrap_or_else(|_| r"Sharon\s+Carter|Darren\s+Pike|07700\s+900123".into());
    let pattern = Regex::new(&pattern).unwrap();
    for file in files.split(':').filter(|file| !file.is_empty()) {
        let bytes = std::fs::read(file).unwrap();
        let runs = 5;
        // The floor: lopdf loading and decoding every page's content, nothing else.
        let started = Instant::now();
        for _ in 0..runs {
            let document = lopdf::Document::load_mem(&bytes).unwrap();
            for (_, page) in document.get_pages() {
                let content = document.get_page_content(page);
                std::hint::black_box(lopdf::content::Content::decode_strict(&content).unwrap());
            }
        }
        let floor = started.elapsed().as_secs_f64() / runs as f64;
        let cpu = cpu_seconds();
        let started = Instant::now();
        let mut pages = Vec::new();
        for _ in 0..runs {
            pages = sarpack::pdf::extract_pages(&bytes).unwrap();
        }
        let extract = started.elapsed().as_secs_f64() / runs as f64;
        let extract_cpu = (cpu_seconds() - cpu) / runs as f64;
        let text = pages.join(PAGE_SEPARATOR);
        let redactions: Vec<Redaction> = pattern
            .find_iter(&text)
            .map(|found| Redaction {
                span: Span::new(found.start(), found.end()),
                text: found.as_str().into(),
                code: Code("TP".into()),
                basis: String::new(),
                rule: String::new(),
            })
            .collect();
        let cpu = cpu_seconds();
        let started = Instant::now();
        let mut size = 0;
        for _ in 0..runs {
            size = sarpack::redact::pdf::redact_pdf(&bytes, &redactions, "item")
                .unwrap()
                .0
                .len();
        }
        let redact = started.elapsed().as_secs_f64() / runs as f64;
        let redact_cpu = (cpu_seconds() - cpu) / runs as f64;
        let started = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(sarpack::redact::pdf::redact_pdf(&bytes, &[], "item").unwrap());
        }
        let scrub_only = started.elapsed().as_secs_f64() / runs as f64;
        let count = pages.len() as f64;
        println!(
            "{file}: lopdf load+decode {:.1} ms; {} pages, {} redactions; extract {:.1} ms ({:.0} pages/s); redact {:.1} ms ({:.0} pages/s); with no redactions {:.1} ms; {} -> {} bytes",
            floor * 1000.0,
            pages.len(),
            redactions.len(),
            extract * 1000.0,
            count / extract,
            redact * 1000.0,
            count / redact,
            scrub_only * 1000.0,
            bytes.len(),
            size
        );
        println!(
            "    CPU time: extract {:.1} ms ({:.0} pages/s per core); redact {:.1} ms ({:.0} pages/s per core)",
            extract_cpu * 1000.0,
            count / extract_cpu.max(1e-9),
            redact_cpu * 1000.0,
            count / redact_cpu.max(1e-9)
        );
    }
}
