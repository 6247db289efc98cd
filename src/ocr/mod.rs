//! Optical character recognition of pictures (scanned pages, pasted scans, pictures on text
//! pages): runs the Tesseract command line on a greyscale image and returns every word with its
//! box in the image's pixels and Tesseract's confidence, then judges whether the reading can be
//! trusted ([`assess`]). Gathering reads pictures through here so that detection sees their text;
//! redaction uses the word boxes to fill the pixels of redacted words.
//!
//! Tesseract is run as a program (`tesseract stdin stdout --psm 1 tsv`, the picture handed over
//! on standard input as a PNG, see [`GrayImage::to_png`]), not linked: its TSV
//! output gives per-word boxes and confidences, the Debian package is all a machine needs (no C
//! toolchain or bindings crate in the build), and a crash or a hang in it cannot take the
//! pipeline down with it. `--psm 1` lets Tesseract find the page's orientation (OSD) and
//! straighten skewed lines itself; boxes come back in the coordinates of the image as given, so
//! a page scanned sideways or at an angle needs no rotation here. `OMP_THREAD_LIMIT=1` keeps each
//! Tesseract to one thread: pages are read in parallel by the pipeline, one per core.
//!
//! Nothing here guesses: when Tesseract is missing, fails, or reads words it is unsure of, or the
//! picture holds marks that are not words it read (handwriting, a drawing, a photograph, a
//! signature), the caller is told why and the record goes to a person.

pub(crate) mod picture;

use std::io::Write;
use std::process::{Command, Stdio};

/// A greyscale picture, one byte per pixel (0 black, 255 white), rows top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrayImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl GrayImage {
    /// A blank (white) image.
    pub fn blank(width: u32, height: u32) -> GrayImage {
        GrayImage {
            width,
            height,
            pixels: vec![255; width as usize * height as usize],
        }
    }

    /// The image as a PNG file (8-bit grey, no row filter, zlib level 1, no other chunks): the
    /// same pixels, in the form Tesseract takes in cheapest.
    ///
    /// Why not the raw PGM handed over before: Tesseract copies standard input into memory a
    /// character at a time and Leptonica's PNM reader takes one byte per call, so an A4 page at
    /// 300 dpi as a PGM (8.7 MB) cost Tesseract about a quarter of a second more CPU than the
    /// same pixels as a PNG (about 0.35 MB for a typed scan), on a page that takes it about 0.8 s
    /// to read. Level 1 because a scan is mostly paper: it compresses about 25:1 in some tens of
    /// milliseconds, where higher levels save little more for twice the time. No resolution
    /// chunk: the resolution, where known, is given to Tesseract as `--dpi`, as before.
    pub(crate) fn to_png(&self) -> Result<Vec<u8>, std::io::Error> {
        use flate2::{Compression, write::ZlibEncoder};

        // Each row is preceded by its filter type, 0 (none). The rows are handed to the
        // compressor one by one rather than gathered into a new buffer of the picture's size.
        let width = (self.width as usize).max(1);
        let mut encoder = ZlibEncoder::new(
            Vec::with_capacity(self.pixels.len() / 16),
            Compression::fast(),
        );
        for row in self.pixels.chunks_exact(width).take(self.height as usize) {
            encoder.write_all(&[0])?;
            encoder.write_all(row)?;
        }
        let data = encoder.finish()?;

        let mut header = Vec::with_capacity(13);
        header.extend_from_slice(&self.width.to_be_bytes());
        header.extend_from_slice(&self.height.to_be_bytes());
        // Bit depth 8, colour type 0 (grey), deflate, adaptive filtering, not interlaced.
        header.extend_from_slice(&[8, 0, 0, 0, 0]);
        let mut png = Vec::with_capacity(data.len() + 64);
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        for (kind, body) in [(b"IHDR", &header[..]), (b"IDAT", &data), (b"IEND", &[])] {
            let length = u32::try_from(body.len())
                .map_err(|_| std::io::Error::other("the picture is too large for one PNG chunk"))?;
            png.extend_from_slice(&length.to_be_bytes());
            png.extend_from_slice(kind);
            png.extend_from_slice(body);
            let mut crc = flate2::Crc::new();
            crc.update(kind);
            crc.update(body);
            png.extend_from_slice(&crc.sum().to_be_bytes());
        }
        Ok(png)
    }
}

/// One word Tesseract read.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    /// `[left, top, right, bottom]` in pixels of the image, right and bottom exclusive.
    pub bbox: [u32; 4],
    /// Tesseract's confidence, 0-100.
    pub confidence: f32,
    /// Block, paragraph and line numbers: words of one line share them.
    pub line: (u32, u32, u32),
}

/// What Tesseract read in one picture, in reading order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reading {
    pub words: Vec<Word>,
}

impl Reading {
    /// The words as text: words of a line separated by a space, lines by a newline. Returns the
    /// text and, for every word, its byte range in it.
    pub fn text(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut ranges = Vec::with_capacity(self.words.len());
        let mut previous: Option<(u32, u32, u32)> = None;
        for word in &self.words {
            match previous {
                Some(line) if line == word.line => text.push(' '),
                Some(_) => text.push('\n'),
                None => {}
            }
            let start = text.len();
            text.push_str(&word.text);
            ranges.push((start, text.len()));
            previous = Some(word.line);
        }
        (text, ranges)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    #[error(
        "tesseract is not installed, so scanned pages and pictures cannot be read (install the packages tesseract-ocr and tesseract-ocr-eng)"
    )]
    Missing,
    #[error("tesseract failed on a picture: {0}")]
    Failed(String),
}

/// The program run; `SARPACK_TESSERACT` names another (tests use it to simulate a missing one).
fn program() -> String {
    std::env::var("SARPACK_TESSERACT").unwrap_or_else(|_| "tesseract".to_string())
}

/// Whether Tesseract can be run here (tests skip loudly when it cannot).
pub fn available() -> bool {
    Command::new(program())
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Reads the words in `image`. `dpi` is the picture's resolution where the page says it (pixels
/// per inch as drawn); Tesseract otherwise estimates it from the text height.
pub fn recognise(image: &GrayImage, dpi: Option<u32>) -> Result<Reading, OcrError> {
    if image.width == 0 || image.height == 0 {
        return Ok(Reading::default());
    }
    let input = image.to_png().map_err(|error| {
        OcrError::Failed(format!(
            "cannot prepare the picture for tesseract ({error})"
        ))
    })?;
    let mut command = Command::new(program());
    command.args(["stdin", "stdout", "-l", "eng", "--psm", "1"]);
    if let Some(dpi) = dpi {
        command.args(["--dpi", &dpi.clamp(70, 1200).to_string()]);
    }
    command
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => OcrError::Missing,
        _ => OcrError::Failed(format!("cannot start tesseract ({error})")),
    })?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    // Written from another thread: Tesseract may start writing before it has read everything.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| OcrError::Failed(format!("tesseract did not finish ({error})")))?;
    let written = writer.join().unwrap_or(Ok(()));
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        let message = message.lines().last().unwrap_or("").trim();
        return Err(OcrError::Failed(format!(
            "tesseract exited with {} ({message})",
            output.status
        )));
    }
    if let Err(error) = written {
        return Err(OcrError::Failed(format!(
            "cannot hand the picture to tesseract ({error})"
        )));
    }
    parse_tsv(&String::from_utf8_lossy(&output.stdout))
}

/// Parses Tesseract's TSV: `level page block par line word left top width height conf text`;
/// level 5 rows are words.
fn parse_tsv(tsv: &str) -> Result<Reading, OcrError> {
    let mut words = Vec::new();
    for (number, row) in tsv.lines().enumerate().skip(1) {
        let fields: Vec<&str> = row.split('\t').collect();
        if fields.len() < 12 || fields[0] != "5" {
            continue;
        }
        let number_at = |index: usize| -> Result<u32, OcrError> {
            fields[index].trim().parse().map_err(|_| {
                OcrError::Failed(format!(
                    "tesseract's output line {} is not understood",
                    number + 1
                ))
            })
        };
        let text = fields[11..].join("\t").trim().to_string();
        if text.is_empty() {
            continue;
        }
        let (left, top, width, height) =
            (number_at(6)?, number_at(7)?, number_at(8)?, number_at(9)?);
        let confidence: f32 = fields[10].trim().parse().map_err(|_| {
            OcrError::Failed(format!(
                "tesseract's output line {} has no confidence",
                number + 1
            ))
        })?;
        words.push(Word {
            text,
            bbox: [left, top, left + width, top + height],
            confidence,
            line: (number_at(2)?, number_at(3)?, number_at(4)?),
        });
    }
    Ok(Reading { words })
}

/// Below this confidence a word with letters or digits in it is not trusted: a name misread
/// (`Sharan`, `5haron`) would escape detection. Tesseract gives clean typed text 90-96 and
/// handwriting mostly under 60 (tests/ocr_scans.rs).
pub const TRUSTED_CONFIDENCE: f32 = 60.0;

/// Pictures smaller than this in either dimension, or with fewer pixels in all, cannot hold a
/// readable word (a letter needs about 5 x 7 pixels, a name several letters): rules, bullets,
/// dots and spacers. They are not read and may ship.
pub const MIN_TEXT_SIDE: u32 = 8;
pub const MIN_TEXT_AREA: u64 = 400;

/// Whether a picture is too small to hold text (see [`MIN_TEXT_SIDE`]).
pub fn too_small_for_text(width: u32, height: u32) -> bool {
    width < MIN_TEXT_SIDE
        || height < MIN_TEXT_SIDE
        || u64::from(width) * u64::from(height) < MIN_TEXT_AREA
}

/// Share of a picture's cells that may hold marks outside every word read before the picture
/// counts as more than typed text (tests/ocr_scans.rs: typed letters and photocopies stay under
/// a tenth of this; a genogram, handwriting and photographs are far above).
pub const UNEXPLAINED_INK_SHARE: f64 = 0.002;

/// Why a reading cannot be trusted, in words a reviewer can act on; `None` when it can.
///
/// Two checks: every word with letters or digits must be read with [`TRUSTED_CONFIDENCE`], and
/// the marks on the picture must lie within the words read (a drawing, photograph, signature,
/// stamp or handwriting that Tesseract did not read as words would otherwise ship unexamined).
pub fn assess(image: &GrayImage, reading: &Reading) -> Option<String> {
    let doubtful = reading
        .words
        .iter()
        .filter(|word| {
            word.confidence < TRUSTED_CONFIDENCE
                && word.text.chars().filter(|c| c.is_alphanumeric()).count() >= 2
        })
        .count();
    if doubtful > 0 {
        return Some(format!(
            "{doubtful} of its {} words could not be read with confidence (handwriting or a poor copy?)",
            reading.words.len()
        ));
    }
    let share = unexplained_ink(image, reading);
    if share > UNEXPLAINED_INK_SHARE {
        return Some(format!(
            "it holds marks that are not words OCR could read ({:.1}% of the picture: a drawing, photograph, signature, stamp or handwriting?)",
            share * 100.0
        ));
    }
    None
}

/// Side of the square cells ink is counted in.
const CELL: u32 = 8;

/// The share of the picture's cells that hold ink (pixels far from the paper's shade) and lie
/// outside every word read, each word's box widened by a cell and a third of its height (accents,
/// descenders, underlines). Speckles of a photocopy fill too few pixels of a cell to count.
pub fn unexplained_ink(image: &GrayImage, reading: &Reading) -> f64 {
    let (width, height) = (image.width, image.height);
    if width == 0 || height == 0 {
        return 0.0;
    }
    // The paper's shade: the most common value.
    let mut histogram = [0u64; 256];
    for &pixel in &image.pixels {
        histogram[pixel as usize] += 1;
    }
    let paper = (0..256)
        .max_by_key(|&value| (histogram[value], value))
        .unwrap_or(255) as i32;
    let columns = width.div_ceil(CELL);
    let rows = height.div_ceil(CELL);
    let mut explained = vec![false; (columns * rows) as usize];
    for word in &reading.words {
        let [left, top, right, bottom] = word.bbox;
        let margin = CELL + (bottom.saturating_sub(top)) / 3;
        let (x0, y0) = (
            left.saturating_sub(margin) / CELL,
            top.saturating_sub(margin) / CELL,
        );
        let x1 = ((right + margin) / CELL).min(columns - 1);
        let y1 = ((bottom + margin) / CELL).min(rows - 1);
        for row in y0..=y1 {
            for column in x0..=x1 {
                explained[(row * columns + column) as usize] = true;
            }
        }
    }
    let mut unexplained = 0u64;
    for row in 0..rows {
        for column in 0..columns {
            if explained[(row * columns + column) as usize] {
                continue;
            }
            let mut inked = 0u32;
            let mut total = 0u32;
            for y in row * CELL..((row + 1) * CELL).min(height) {
                let line = &image.pixels[(y * width) as usize..((y + 1) * width) as usize];
                for &pixel in
                    &line[(column * CELL) as usize..((column + 1) * CELL).min(width) as usize]
                {
                    total += 1;
                    if (pixel as i32 - paper).abs() > 64 {
                        inked += 1;
                    }
                }
            }
            if inked * 8 >= total {
                unexplained += 1;
            }
        }
    }
    unexplained as f64 / f64::from(columns * rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
        1\t1\t0\t0\t0\t0\t0\t0\t100\t50\t-1\t\n\
        5\t1\t1\t1\t1\t1\t10\t5\t30\t12\t96.5\tSharon\n\
        5\t1\t1\t1\t1\t2\t45\t5\t30\t12\t95\tCarter,\n\
        5\t1\t1\t1\t2\t1\t10\t25\t20\t12\t40.2\tmum\n\
        5\t1\t1\t1\t2\t2\t35\t25\t5\t12\t95\t \n";

    #[test]
    fn tsv_words_keep_their_boxes_lines_and_confidences() {
        let reading = parse_tsv(TSV).unwrap();
        assert_eq!(reading.words.len(), 3, "the empty word is dropped");
        assert_eq!(reading.words[0].bbox, [10, 5, 40, 17]);
        assert_eq!(reading.words[2].confidence, 40.2);
        let (text, ranges) = reading.text();
        assert_eq!(text, "Sharon Carter,\nmum");
        assert_eq!(&text[ranges[1].0..ranges[1].1], "Carter,");
    }

    #[test]
    fn a_doubtful_word_or_marks_outside_words_make_the_reading_untrusted() {
        let reading = parse_tsv(TSV).unwrap();
        let image = GrayImage::blank(100, 50);
        let reason = assess(&image, &reading).unwrap();
        assert!(reason.starts_with("1 of its 3 words"), "{reason}");

        let mut trusted = reading.clone();
        trusted.words[2].confidence = 90.0;
        assert_eq!(assess(&image, &trusted), None);
        // A drawn line far from every word.
        let mut drawing = GrayImage::blank(400, 400);
        for x in 0..400 {
            for y in 300..304 {
                drawing.pixels[y * 400 + x] = 0;
            }
        }
        let reason = assess(&drawing, &trusted).unwrap();
        assert!(reason.contains("marks that are not words"), "{reason}");
    }

    #[test]
    fn speckles_are_not_marks_but_a_blot_is() {
        let mut image = GrayImage::blank(200, 200);
        for index in (0..image.pixels.len()).step_by(97) {
            image.pixels[index] = 0;
        }
        assert_eq!(unexplained_ink(&image, &Reading::default()), 0.0);
        for y in 100..120 {
            for x in 100..120 {
                image.pixels[y * 200 + x] = 10;
            }
        }
        assert!(unexplained_ink(&image, &Reading::default()) > 0.005);
    }

    /// Decodes a PNG with zune-png, checking every chunk's CRC.
    fn decode_png(png: &[u8]) -> (usize, usize, Vec<u8>) {
        use zune_png::PngDecoder;
        use zune_png::zune_core::bytestream::ZCursor;
        use zune_png::zune_core::options::DecoderOptions;
        let options = DecoderOptions::default().png_set_confirm_crc(true);
        let mut decoder = PngDecoder::new_with_options(ZCursor::new(png), options);
        decoder.decode_headers().unwrap();
        let (width, height) = decoder.dimensions().unwrap();
        assert_eq!(decoder.colorspace().unwrap().num_components(), 1);
        (width, height, decoder.decode_raw().unwrap())
    }

    #[test]
    fn the_png_tesseract_is_handed_decodes_to_exactly_the_same_pixels() {
        // An odd width (rows not a multiple of anything), every grey level, noise that does not
        // compress, and a page-sized picture of paper with a little ink (several deflate blocks).
        let mut state = 0x9e37_79b9_u32;
        let mut noise = GrayImage::blank(37, 23);
        for pixel in noise.pixels.iter_mut() {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            *pixel = (state >> 24) as u8;
        }
        let mut levels = GrayImage::blank(256, 3);
        for (index, pixel) in levels.pixels.iter_mut().enumerate() {
            *pixel = (index % 256) as u8;
        }
        let mut page = GrayImage::blank(1240, 1754);
        for y in (200..1500).step_by(40) {
            for x in 150..1100 {
                page.pixels[y * 1240 + x] = ((x * 7 + y) % 97) as u8;
            }
        }
        for image in [noise, levels, page, GrayImage::blank(1, 1)] {
            let png = image.to_png().unwrap();
            let (width, height, pixels) = decode_png(&png);
            assert_eq!((width as u32, height as u32), (image.width, image.height));
            assert!(pixels == image.pixels, "{width} x {height}: pixels differ");
        }
    }

    #[test]
    fn tiny_pictures_cannot_hold_text() {
        assert!(too_small_for_text(600, 4));
        assert!(too_small_for_text(15, 15));
        assert!(!too_small_for_text(40, 12));
    }
}
