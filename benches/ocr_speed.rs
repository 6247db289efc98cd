//! OCR throughput on scanned A4 pages at 300 dpi (issue 16), against Tesseract itself in the same
//! run: sarpack's reader (`pdf::read_pages`: decode, OCR, reliability check, text and boxes) on
//! every page, one document per core as the pipeline runs them, then the `tesseract` program alone
//! on the same pictures (extracted beforehand with poppler's `pdfimages`, not timed), as many at
//! once as there are cores. Needs tesseract and pdfimages.
//!
//! `cargo run --release --example ocr-speed [COPIES]` (default 4 copies of the five 300 dpi
//! fixtures: 20 pages).

use std::path::Path;
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

fn main() {
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|value| value.parse().ok())
        .unwrap_or(4);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scans");
    let documents: Vec<Vec<u8>> = (0..copies)
        .flat_map(|_| FIXTURES.iter())
        .map(|name| std::fs::read(root.join(name)).expect("fixture"))
        .collect();
    let pages = documents.len();
    let threads = rayon::current_num_threads();

    let start = Instant::now();
    let read: usize = documents
        .par_iter()
        .map(|bytes| {
            sarpack::pdf::read_pages(bytes, &sarpack::pdf::PdfOptions::default())
                .expect("a typed scan reads")
                .pictures
                .len()
        })
        .sum();
    let ours = start.elapsed().as_secs_f64();
    assert_eq!(read, pages);

    let dir = std::env::temp_dir().join(format!("sarpack-ocr-speed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut images = Vec::new();
    for name in FIXTURES {
        let prefix = dir.join(name.trim_end_matches(".pdf"));
        let status = Command::new("pdfimages")
            .arg("-all")
            .arg(root.join(name))
            .arg(&prefix)
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
                    .starts_with(name.trim_end_matches(".pdf"))
            })
            .expect("an extracted picture");
        images.push(image);
    }
    let jobs: Vec<&std::path::PathBuf> = (0..copies).flat_map(|_| images.iter()).collect();
    let start = Instant::now();
    jobs.par_iter().for_each(|image| {
        let output = Command::new("tesseract")
            .arg(image)
            .args(["stdout", "--psm", "1", "tsv"])
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .expect("tesseract");
        assert!(output.status.success());
    });
    let peer = start.elapsed().as_secs_f64();
    let _ = std::fs::remove_dir_all(&dir);

    println!("{pages} scanned A4 pages at 300 dpi, {threads} threads");
    println!(
        "sarpack read_pages: {ours:.2} s, {:.2} pages/s",
        pages as f64 / ours
    );
    println!(
        "tesseract alone:    {peer:.2} s, {:.2} pages/s",
        pages as f64 / peer
    );
    println!("ratio (sarpack / tesseract): {:.2}", peer / ours);
}
