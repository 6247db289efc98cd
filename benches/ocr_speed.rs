//! OCR throughput on scanned A4 pages at 300 dpi (issue 16), against Tesseract itself in the same
//! run: sarpack's reader (`pdf::read_pages`: parse, decode, OCR, reliability check, text and
//! boxes) on every page, one document per core as the pipeline runs them, then the `tesseract`
//! program alone on the same pictures. Needs tesseract and pdfimages.
//!
//! The peer is run the fastest fair way: on the original picture files as `pdfimages -all`
//! extracts them (the JPEG or PNG inside the PDF, extracted beforehand, not timed), read by path
//! rather than from a pipe, with the same flags sarpack gives it (`-l eng --psm 1 --dpi 300
//! tsv`), the same environment (`OMP_THREAD_LIMIT=1`: one thread per Tesseract, since pictures
//! are read in parallel, one per core) and the same parallelism (as many at once as there are
//! cores). The two sides alternate, sarpack-peer-peer-sarpack, so that a change in the machine's
//! load during the run falls on both alike; each side's pages, seconds and pages per second are
//! summed over its two passes. CPU seconds per page (this process and the programs it waited
//! for, from `/proc/self/stat`) are printed too: on a shared machine they move less than the
//! wall clock.
//!
//! `cargo run --release --example ocr-speed [COPIES]` (default 4 copies of the five 300 dpi
//! fixtures: 20 pages a pass).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

const FIXTURES: [&str; 5] = [
    "typed-letter-300dpi.pdf",
    "typed-letter-flate.pdf",
    "photocopy-noise.pdf",
    "skewed-page.pdf",
    "sideways-page.pdf",
];

/// The flags sarpack's reader gives Tesseract for a picture drawn at 300 dpi (`ocr::recognise`).
const FLAGS: [&str; 7] = ["-l", "eng", "--psm", "1", "--dpi", "300", "tsv"];

/// CPU seconds so far: this process's own, and its finished children's.
fn cpu_seconds(ticks_per_second: f64) -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name in parentheses: state is field 3, utime 14 ... cstime 17.
    let fields: Vec<f64> = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .map(|field| field.parse().unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let field = |number: usize| fields.get(number - 3).copied().unwrap_or(0.0);
    (
        (field(14) + field(15)) / ticks_per_second,
        (field(16) + field(17)) / ticks_per_second,
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|line| {
            line.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}

/// Pages, wall seconds and CPU seconds (own, children) of one side, summed over its passes.
#[derive(Default)]
struct Tally {
    pages: usize,
    seconds: f64,
    own: f64,
    children: f64,
}

impl Tally {
    fn time(&mut self, ticks: f64, pages: usize, pass: impl FnOnce()) {
        let (own, children) = cpu_seconds(ticks);
        let start = Instant::now();
        pass();
        self.seconds += start.elapsed().as_secs_f64();
        let (own_after, children_after) = cpu_seconds(ticks);
        self.own += own_after - own;
        self.children += children_after - children;
        self.pages += pages;
    }

    fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.seconds
    }

    fn cpu_per_page(&self) -> f64 {
        (self.own + self.children) / self.pages as f64
    }
}

fn main() {
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|value| value.parse().ok())
        .unwrap_or(4);
    let ticks: f64 = Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8_lossy(&output.stdout).trim().parse().ok())
        .unwrap_or(100.0);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scans");
    let documents: Vec<Vec<u8>> = (0..copies)
        .flat_map(|_| FIXTURES.iter())
        .map(|name| std::fs::read(root.join(name)).expect("fixture"))
        .collect();
    let pages = documents.len();
    let threads = rayon::current_num_threads();

    let dir = std::env::temp_dir().join(format!("sarpack-ocr-speed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut images = Vec::new();
    for name in FIXTURES {
        let stem = name.trim_end_matches(".pdf");
        let status = Command::new("pdfimages")
            .arg("-all")
            .arg(root.join(name))
            .arg(dir.join(stem))
            .status()
            .expect("pdfimages");
        assert!(status.success());
        let image = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| {
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(stem)
            })
            .expect("an extracted picture");
        images.push(image);
    }
    let jobs: Vec<&PathBuf> = (0..copies).flat_map(|_| images.iter()).collect();

    let sarpack_pass = || {
        let read: usize = documents
            .par_iter()
            .map(|bytes| {
                sarpack::pdf::read_pages(bytes, &sarpack::pdf::PdfOptions::default())
                    .expect("a typed scan reads")
                    .pictures
                    .len()
            })
            .sum();
        assert_eq!(read, pages);
    };
    let tesseract_pass = || {
        jobs.par_iter().for_each(|image| {
            let output = Command::new("tesseract")
                .arg(image)
                .arg("stdout")
                .args(FLAGS)
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .expect("tesseract");
            assert!(output.status.success());
        });
    };

    let load_before = load_average();
    let mut ours = Tally::default();
    let mut peer = Tally::default();
    ours.time(ticks, pages, sarpack_pass);
    peer.time(ticks, pages, tesseract_pass);
    peer.time(ticks, pages, tesseract_pass);
    ours.time(ticks, pages, sarpack_pass);
    let load_after = load_average();
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "{pages} scanned A4 pages at 300 dpi a pass, {threads} at once, each side twice (sarpack, tesseract, tesseract, sarpack)"
    );
    println!("tesseract flags: {} (OMP_THREAD_LIMIT=1)", FLAGS.join(" "));
    println!("load average before: {load_before}; after: {load_after}");
    println!(
        "sarpack read_pages: {} pages in {:.2} s = {:.2} pages/s; CPU {:.3} s a page ({:.3} sarpack, {:.3} tesseract)",
        ours.pages,
        ours.seconds,
        ours.pages_per_second(),
        ours.cpu_per_page(),
        ours.own / ours.pages as f64,
        ours.children / ours.pages as f64,
    );
    println!(
        "tesseract alone:    {} pages in {:.2} s = {:.2} pages/s; CPU {:.3} s a page",
        peer.pages,
        peer.seconds,
        peer.pages_per_second(),
        peer.cpu_per_page(),
    );
    println!(
        "ratio sarpack / tesseract alone: {:.2} by pages/s (CPU a page: {:.2})",
        ours.pages_per_second() / peer.pages_per_second(),
        peer.cpu_per_page() / ours.cpu_per_page(),
    );
}
