//! Flate (zlib) compression for the PDFs sarpack writes: rendered records and pack documents,
//! redacted content streams and page stamps.
//!
//! One compressor per thread is reset and reused rather than made afresh for every stream. A new
//! compressor allocates a few hundred KiB of state; made and dropped once per page while the
//! page's small output stays allocated, it fragmented the heap so that typesetting the schedule
//! of a 20,000-note store took 450 MiB (issue 7, measured with the RSS at each step). Reusing it
//! keeps that at the size of the document. The output is the same bytes either way (zlib level
//! 6, the producer's choice: about the size of level 9 on text and fonts, clearly faster).

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

/// The level every producer in sarpack uses.
const LEVEL: u32 = 6;

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), true));
}

/// `bytes` compressed as a zlib stream (a PDF `/FlateDecode` filter's input).
pub fn zlib(bytes: &[u8]) -> Result<Vec<u8>, String> {
    COMPRESSOR.with(|cell| {
        let mut compressor = cell.borrow_mut();
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
        loop {
            if out.len() == out.capacity() {
                out.reserve(out.capacity().max(64));
            }
            let consumed = usize::try_from(compressor.total_in())
                .map_err(|_| "cannot compress: the input is too large".to_string())?;
            let input = bytes.get(consumed..).unwrap_or_default();
            let produced = out.len();
            let status = compressor
                .compress_vec(input, &mut out, FlushCompress::Finish)
                .map_err(|error| format!("cannot compress: {error}"))?;
            match status {
                Status::StreamEnd => return Ok(out),
                Status::Ok | Status::BufError => {
                    let progressed = compressor.total_in() as usize != consumed
                        || out.len() != produced
                        || out.len() == out.capacity();
                    if !progressed {
                        return Err("cannot compress: the compressor made no progress".into());
                    }
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    fn with_a_new_encoder(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), Compression::new(LEVEL));
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn reused_compressor_gives_the_bytes_of_a_new_one_and_round_trips() {
        // Text-like, incompressible and empty inputs, one after another on the same thread so
        // that every call after the first reuses the compressor.
        let mut noise = Vec::new();
        let mut state = 0x2545_f491_u32;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            noise.push(state as u8);
        }
        let text = "BT /F1 9 Tf 72 700 Td <00410042> Tj ET\n".repeat(5_000);
        for input in [text.as_bytes(), &noise, b"", text.as_bytes(), b"x"] {
            let compressed = zlib(input).unwrap();
            assert_eq!(
                compressed,
                with_a_new_encoder(input),
                "{} bytes",
                input.len()
            );
            assert_eq!(inflate(&compressed), input);
        }
    }
}
