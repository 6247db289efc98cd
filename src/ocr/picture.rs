//! Pictures that arrive as files rather than on a PDF page (issue 15 point 4, issue 16): a
//! picture pasted into a Word file (`word/media/*`), an image attached to an email or sent inline
//! in it, an image file in the store. Decoded from PNG or JPEG into pixels, read by OCR like a
//! picture on a scanned page, and judged the same way ([`super::assess`]): what OCR cannot read
//! reliably (handwriting, a photograph, a drawing, low confidence) is refused with the reason, so
//! that the record goes to a person.
//!
//! Other picture formats (GIF, BMP, TIFF, Windows metafiles EMF/WMF, SVG, WebP) are refused by
//! name: sarpack does not decode them, and a picture it cannot see is never shipped unread.

use crate::pdf::image::Pixels;

use super::{GrayImage, Reading};

/// Largest picture read (pixels): a 600 dpi A3 scan is about 70 million.
const MAX_PIXELS: u64 = 100_000_000;

/// What a picture file is, from its first bytes.
fn kind(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "PNG"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "JPEG"
    } else if bytes.starts_with(b"GIF8") {
        "GIF"
    } else if bytes.starts_with(b"BM") {
        "BMP"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF"
    } else if bytes.get(40..44) == Some(b" EMF") {
        "EMF (Windows metafile)"
    } else if bytes.starts_with(&[0xD7, 0xCD, 0xC6, 0x9A]) || bytes.starts_with(&[1, 0, 9, 0]) {
        "WMF (Windows metafile)"
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "WebP"
    } else if bytes.windows(4).take(512).any(|window| window == b"<svg") {
        "SVG"
    } else {
        "an unknown"
    }
}

/// Decodes a PNG or JPEG file into 8-bit grey or RGB pixels (transparency laid on white paper).
/// The error says, in words for a reviewer, why the picture cannot be read.
pub(crate) fn decode(bytes: &[u8]) -> Result<Pixels, String> {
    match kind(bytes) {
        "PNG" => decode_png(bytes),
        "JPEG" => crate::pdf::image::decode_jpeg_file(bytes),
        other => Err(format!(
            "it is in {other} format, which sarpack does not decode"
        )),
    }
}

fn decode_png(bytes: &[u8]) -> Result<Pixels, String> {
    use zune_png::PngDecoder;
    use zune_png::zune_core::bytestream::ZCursor;
    use zune_png::zune_core::options::DecoderOptions;

    let damaged = |error: zune_png::error::PngDecodeErrors| {
        format!("its PNG data does not decode ({error:?})")
    };
    let options = DecoderOptions::default()
        .png_set_strip_to_8bit(true)
        .set_max_width(100_000)
        .set_max_height(100_000);
    let mut decoder = PngDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(damaged)?;
    let (width, height) = decoder
        .dimensions()
        .ok_or_else(|| "its PNG size cannot be read".to_string())?;
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(format!(
            "it is too large to read ({width} x {height} pixels)"
        ));
    }
    let components = decoder
        .colorspace()
        .map(|space| space.num_components())
        .ok_or_else(|| "its PNG colours cannot be read".to_string())?;
    let data = decoder.decode_raw().map_err(damaged)?;
    if data.len() != width * height * components {
        return Err("its PNG data is shorter than its size".into());
    }
    let (channels, data) = match components {
        1 => (1u8, data),
        3 => (3u8, data),
        // Grey or RGB with alpha: laid on white paper, as a viewer shows it.
        2 | 4 => {
            let colours = components - 1;
            let mut flat = Vec::with_capacity(width * height * colours);
            for pixel in data.chunks_exact(components) {
                let alpha = u32::from(pixel[colours]);
                for &value in &pixel[..colours] {
                    flat.push(((u32::from(value) * alpha + 255 * (255 - alpha)) / 255) as u8);
                }
            }
            (colours as u8, flat)
        }
        other => return Err(format!("its PNG has {other} colour components")),
    };
    Ok(Pixels {
        width: width as u32,
        height: height as u32,
        channels,
        data,
    })
}

/// A picture file read: its pixels and what OCR read in them (nothing for a picture too small
/// to hold a word).
#[derive(Debug, Clone)]
pub(crate) struct ReadPicture {
    pub(crate) pixels: Pixels,
    pub(crate) reading: Reading,
}

/// Why a picture file was not read, and its pixels when they decoded: a person may look at the
/// picture and release its record, and it is then typeset unread from them.
#[derive(Debug)]
pub(crate) struct NotRead {
    pub(crate) reason: String,
    pub(crate) pixels: Option<Pixels>,
}

/// Decodes and reads a picture file. The error says why a person must see the picture.
pub(crate) fn read(bytes: &[u8]) -> Result<ReadPicture, NotRead> {
    let pixels = decode(bytes).map_err(|reason| NotRead {
        reason,
        pixels: None,
    })?;
    if super::too_small_for_text(pixels.width, pixels.height) {
        return Ok(ReadPicture {
            pixels,
            reading: Reading::default(),
        });
    }
    let gray: GrayImage = pixels.gray();
    let unread = match super::recognise(&gray, None) {
        Ok(reading) => match super::assess(&gray, &reading) {
            None => return Ok(ReadPicture { pixels, reading }),
            Some(reason) => reason,
        },
        Err(error) => error.to_string(),
    };
    Err(NotRead {
        reason: unread,
        pixels: Some(pixels),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_sarpack_does_not_decode_are_named() {
        for (bytes, name) in [
            (&b"GIF89a...."[..], "GIF"),
            (b"BM......", "BMP"),
            (b"II*\0....", "TIFF"),
            (b"\xD7\xCD\xC6\x9A....", "WMF"),
            (b"<?xml version='1.0'?><svg>", "SVG"),
            (b"\x8d\xa9\xa2\xb1*\x86H", "an unknown"),
        ] {
            let reason = decode(bytes).unwrap_err();
            assert!(reason.contains(name), "{name}: {reason}");
        }
        assert!(
            decode(b"\x89PNG\r\n\x1a\ntruncated")
                .unwrap_err()
                .contains("PNG")
        );
    }
}
