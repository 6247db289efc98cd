//! Throughput of the typesetter on case-note-like documents (issue 7 aims at 500 pages/s end to
//! end on 2 cores). Not a pass/fail test: run it by hand in a release build and read the figure:
//! `cargo test --release --test render_perf -- --ignored --nocapture`.

use std::time::Instant;

use rayon::prelude::*;
use sarpack::model::Code;
use sarpack::pack::stamp::stamp;
use sarpack::render::{Block, Layout, Run, render};

const WORDS: &[&str] = &[
    "Visited",
    "Zoë",
    "at",
    "home",
    "with",
    "her",
    "carer",
    "and",
    "discussed",
    "school,",
    "contact",
    "arrangements",
    "Siobhán",
    "O’Brien",
    "said",
    "“things",
    "are",
    "better”",
    "the",
    "placement",
    "is",
    "stable.",
    "Ms",
    "Wiśniewska",
    "attended",
    "the",
    "review;",
    "plan",
    "agreed.",
];

fn note(seed: usize) -> Layout {
    let words = 120 + (seed * 7919) % 900;
    let mut runs = Vec::new();
    let mut text = String::new();
    for index in 0..words {
        text.push_str(WORDS[(seed + index * 31) % WORDS.len()]);
        text.push(' ');
        if index % 97 == 50 {
            runs.push(Run::Text(std::mem::take(&mut text)));
            runs.push(Run::Redaction(Code("TP".into())));
            text.push(' ');
        }
    }
    runs.push(Run::Text(text));
    Layout {
        blocks: vec![
            Block::Title(format!("Case note {seed}")),
            Block::Fields(vec![
                ("Date".into(), "Friday 4 December 2026".into()),
                ("Type".into(), "Home visit".into()),
                ("Author".into(), "Siobhán O'Brien, social worker".into()),
            ]),
            Block::Paragraph(runs),
        ],
        landscape: false,
    }
}

#[test]
#[ignore = "benchmark: run by hand in release"]
fn pages_per_second() {
    let notes: Vec<Layout> = (0..2000).map(note).collect();
    let _ = render(&notes[0]).unwrap(); // font parse outside the timing

    let start = Instant::now();
    let mut pages = 0u32;
    let mut bytes = 0usize;
    for layout in &notes {
        let (pdf, count) = render(layout).unwrap();
        pages += count;
        bytes += pdf.len();
    }
    let single = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let results: Vec<(Vec<u8>, u32)> = notes.par_iter().map(|l| render(l).unwrap()).collect();
    let parallel = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let stamped: usize = results
        .par_iter()
        .enumerate()
        .map(|(i, (pdf, _))| stamp(pdf, "SAR-2026-0001", i as u32 + 1).unwrap().len())
        .sum();
    let stamping = start.elapsed().as_secs_f64();

    println!(
        "{} notes, {pages} pages, {:.1} KiB/page: render 1 thread {:.0} pages/s; render {} threads {:.0} pages/s; stamp {} threads {:.0} pages/s ({stamped} bytes)",
        notes.len(),
        bytes as f64 / 1024.0 / f64::from(pages),
        f64::from(pages) / single,
        rayon::current_num_threads(),
        f64::from(pages) / parallel,
        rayon::current_num_threads(),
        f64::from(pages) / stamping,
    );
}
