//! Pictures in a file about to ship, read by the verifier itself (issue 16): every image stream
//! is turned into a file Tesseract reads — by this module's own decoding, not the redactor's —
//! and the verifier's own call of the `tesseract` program reads it, so that a name left in the
//! pixels is found like a name left in the text.
//!
//! Independent of the redactor on purpose: JPEG and JPEG 2000 data go to Tesseract as they are
//! (its image library decodes them, not zune-jpeg as in `pdf::image`), other samples are unpacked
//! here into grey levels and written as a PNG by this module's own few lines ([`png`]), and
//! Tesseract runs with page segmentation mode 12 ("sparse text with
//! orientation detection": it looks for text anywhere, boxes and captions included, where the
//! redactor's mode 1 looks for a page layout) and plain-text output, every word it reads kept
//! whatever its confidence.

use std::io::Write;
use std::process::{Command, Stdio};

use lopdf::{Dictionary, Document, Object, Stream};

/// A picture smaller than this on a side, or with fewer pixels in all, holds no readable word
/// (a letter needs about 5 x 7 pixels): it is not read.
const SMALLEST_SIDE: i64 = 8;
const SMALLEST_AREA: i64 = 400;

/// What Tesseract is handed for one picture.
pub(super) enum Input {
    /// Too small to hold a word.
    TooSmall,
    /// A picture to read.
    Picture(Picture),
}

/// A picture ready for Tesseract.
pub(super) enum Picture {
    /// A file Tesseract's image library reads as it is (JPEG, JPEG 2000).
    File(Vec<u8>),
    /// Grey levels unpacked here, as PNG scanlines: each row of `width` bytes preceded by its
    /// filter type 0. Compressed into a PNG only when read ([`read`]), so that the compressing
    /// happens in parallel with the other pictures' reading.
    Scanlines {
        width: u32,
        height: u32,
        rows: Vec<u8>,
    },
}

fn number(document: &Document, dictionary: &Dictionary, keys: &[&[u8]]) -> Option<i64> {
    keys.iter().find_map(|key| {
        let value = dictionary.get(key).ok()?;
        super::resolve(document, value).as_i64().ok()
    })
}

/// Prepares one image stream for reading; `decoded` is the stream after its general filters
/// (the verifier's stream cache), used when it has no image codec. The error says why the
/// picture cannot be checked.
pub(super) fn input(
    document: &Document,
    stream: &Stream,
    decoded: impl FnOnce() -> Result<Vec<u8>, String>,
) -> Result<Input, String> {
    let dictionary = &stream.dict;
    let width = number(document, dictionary, &[b"Width", b"W"]).unwrap_or(-1);
    let height = number(document, dictionary, &[b"Height", b"H"]).unwrap_or(-1);
    if width <= 0 || height <= 0 {
        return Err("a picture whose size cannot be read".into());
    }
    if width < SMALLEST_SIDE || height < SMALLEST_SIDE || width * height < SMALLEST_AREA {
        return Ok(Input::TooSmall);
    }
    if width * height > 64 * 1024 * 1024 {
        return Err(format!("a picture too large to read ({width} x {height})"));
    }
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|filters| filters.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    if let Some(last) = filters.last() {
        match last.as_slice() {
            b"DCTDecode" | b"DCT" | b"JPXDecode" => {
                let data = if filters.len() == 1 {
                    stream.content.clone()
                } else {
                    let mut outer = stream.clone();
                    outer.dict.set(
                        "Filter",
                        Object::Array(
                            filters[..filters.len() - 1]
                                .iter()
                                .cloned()
                                .map(Object::Name)
                                .collect(),
                        ),
                    );
                    outer.dict.remove(b"DecodeParms");
                    outer
                        .decompressed_content_with_limit(super::MAX_STREAM_BYTES)
                        .map_err(|error| format!("a picture that does not decode ({error})"))?
                };
                return Ok(Input::Picture(Picture::File(data)));
            }
            b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" => {
                return Err(format!(
                    "a picture compressed with {} that the verifier cannot read",
                    String::from_utf8_lossy(last)
                ));
            }
            _ => {}
        }
    }
    let data = decoded()?;
    let (width, height) = (width as usize, height as usize);
    let stencil = dictionary
        .get(b"ImageMask")
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let bits = if stencil {
        1
    } else {
        number(document, dictionary, &[b"BitsPerComponent", b"BPC"]).unwrap_or(0)
    };
    if !matches!(bits, 1 | 2 | 4 | 8 | 16) {
        return Err(format!("a picture with {bits} bits per sample"));
    }
    let bits = bits as usize;
    // Grey levels per sample index, for palettes; `None` for direct colour.
    let (components, palette) = if stencil {
        (1, None)
    } else {
        colour(document, dictionary.get(b"ColorSpace").ok())?
    };
    let row = (width * components * bits).div_ceil(8);
    if data.len() < row * height {
        return Err("a picture whose data is shorter than its size".into());
    }
    let maximum = (1u32 << bits.min(16)) - 1;
    let sample = |line: &[u8], index: usize| -> u32 {
        match bits {
            8 => u32::from(line[index]),
            16 => u32::from(line[index * 2]) << 8 | u32::from(line[index * 2 + 1]),
            _ => {
                let bit = index * bits;
                (u32::from(line[bit / 8]) >> (8 - bits - bit % 8)) & maximum
            }
        }
    };
    let mut rows = Vec::with_capacity((width + 1) * height);
    let to_byte = |value: u32| (u64::from(value) * 255 / u64::from(maximum.max(1))) as u8;
    for line in data.chunks(row).take(height) {
        rows.push(0);
        for x in 0..width {
            let grey = match (&palette, components) {
                (Some(levels), _) => *levels.get(sample(line, x) as usize).unwrap_or(&255),
                (None, 1) if stencil => {
                    if sample(line, x) == 0 {
                        0
                    } else {
                        255
                    }
                }
                (None, 1) => to_byte(sample(line, x)),
                (None, 3) => {
                    let [r, g, b] = [0, 1, 2].map(|c| u32::from(to_byte(sample(line, x * 3 + c))));
                    ((r * 30 + g * 59 + b * 11) / 100) as u8
                }
                (None, _) => {
                    // CMYK: light where there is little ink.
                    let ink: u32 = (0..4)
                        .map(|c| u32::from(to_byte(sample(line, x * components + c))))
                        .sum();
                    255 - ink.min(255) as u8
                }
            };
            rows.push(grey);
        }
    }
    Ok(Input::Picture(Picture::Scanlines {
        width: width as u32,
        height: height as u32,
        rows,
    }))
}

/// A PNG file (8-bit grey, zlib level 1) of scanlines already filtered. A PNG rather than the raw
/// PGM of before: Tesseract copies standard input a character at a time and Leptonica's PNM
/// reader takes one byte per call, which cost it about a quarter of a second more CPU on an A4
/// page at 300 dpi (8.7 MB) than this file of some hundreds of KB. Written here, not shared
/// with the redactor's reader, so that the verifier's view of a picture owes nothing to it.
fn png(width: u32, height: u32, rows: &[u8]) -> Result<Vec<u8>, String> {
    use flate2::{Compression, write::ZlibEncoder};
    let failed =
        |error: std::io::Error| format!("cannot prepare a picture for tesseract ({error})");
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(rows.len() / 8), Compression::fast());
    encoder.write_all(rows).map_err(failed)?;
    let compressed = encoder.finish().map_err(failed)?;
    let mut ihdr = [0u8; 13];
    ihdr[..4].copy_from_slice(&width.to_be_bytes());
    ihdr[4..8].copy_from_slice(&height.to_be_bytes());
    // 8 bits, grey (colour type 0), deflate, filtering method 0, no interlace.
    ihdr[8] = 8;
    let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
    let chunks: [(&[u8; 4], &[u8]); 3] = [(b"IHDR", &ihdr), (b"IDAT", &compressed), (b"IEND", &[])];
    for (name, body) in chunks {
        let length =
            u32::try_from(body.len()).map_err(|_| "a picture too large to read".to_string())?;
        file.extend_from_slice(&length.to_be_bytes());
        let start = file.len();
        file.extend_from_slice(name);
        file.extend_from_slice(body);
        let mut crc = flate2::Crc::new();
        crc.update(&file[start..]);
        file.extend_from_slice(&crc.sum().to_be_bytes());
    }
    Ok(file)
}

/// The number of components of a colour space, or a palette mapped to grey levels.
fn colour(document: &Document, space: Option<&Object>) -> Result<(usize, Option<Vec<u8>>), String> {
    let Some(space) = space else {
        return Err("a picture with no colour space".into());
    };
    match super::resolve(document, space) {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Ok((1, None)),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Ok((3, None)),
            b"DeviceCMYK" | b"CMYK" => Ok((4, None)),
            other => Err(format!(
                "a picture in the colour space `{}`",
                String::from_utf8_lossy(other)
            )),
        },
        Object::Array(parts) => {
            let family = parts
                .first()
                .and_then(|part| part.as_name().ok())
                .unwrap_or(b"");
            match family {
                b"ICCBased" => {
                    let n = parts
                        .get(1)
                        .map(|profile| super::resolve(document, profile))
                        .and_then(|profile| profile.as_stream().ok())
                        .and_then(|profile| number(document, &profile.dict, &[b"N"]));
                    match n {
                        Some(n @ (1 | 3 | 4)) => Ok((n as usize, None)),
                        _ => Err("a picture with an unusable colour profile".into()),
                    }
                }
                b"CalGray" => Ok((1, None)),
                b"CalRGB" => Ok((3, None)),
                b"Indexed" | b"I" => {
                    let (base, _) = colour(document, parts.get(1))?;
                    let table = match parts.get(3).map(|table| super::resolve(document, table)) {
                        Some(Object::String(bytes, _)) => bytes.clone(),
                        Some(Object::Stream(stream)) => stream
                            .decompressed_content_with_limit(super::MAX_STREAM_BYTES)
                            .unwrap_or_else(|_| stream.content.clone()),
                        _ => return Err("a picture with no palette".into()),
                    };
                    let levels = table
                        .chunks_exact(base)
                        .map(|entry| match base {
                            1 => entry[0],
                            3 => {
                                ((u32::from(entry[0]) * 30
                                    + u32::from(entry[1]) * 59
                                    + u32::from(entry[2]) * 11)
                                    / 100) as u8
                            }
                            _ => {
                                255 - entry
                                    .iter()
                                    .map(|&ink| u32::from(ink))
                                    .sum::<u32>()
                                    .min(255) as u8
                            }
                        })
                        .collect();
                    Ok((1, Some(levels)))
                }
                other => Err(format!(
                    "a picture in the colour space `{}`",
                    String::from_utf8_lossy(other)
                )),
            }
        }
        _ => Err("a picture with an unreadable colour space".into()),
    }
}

/// Reads the words in a picture with the verifier's own call of Tesseract.
pub(super) fn read(picture: Picture) -> Result<String, String> {
    let input = match picture {
        Picture::File(file) => file,
        Picture::Scanlines {
            width,
            height,
            rows,
        } => png(width, height, &rows)?,
    };
    let mut child = Command::new(
        std::env::var("SARPACK_TESSERACT").unwrap_or_else(|_| "tesseract".to_string()),
    )
    .args(["stdin", "stdout", "-l", "eng", "--psm", "12"])
    .env("OMP_THREAD_LIMIT", "1")
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => {
            "tesseract is not installed, so a picture cannot be read".to_string()
        }
        _ => format!("tesseract cannot be started ({error})"),
    })?;
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| format!("tesseract did not finish ({error})"))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!(
            "tesseract could not read a picture ({})",
            String::from_utf8_lossy(&output.stderr)
                .lines()
                .last()
                .unwrap_or("")
                .trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The text a JPEG carries besides its pixels: every application segment and comment before the
/// first scan (EXIF, XMP, IPTC, JFIF), read as Latin-1, so a name in an author or caption field
/// is found like any other text.
pub(super) fn jpeg_metadata_text(data: &[u8]) -> String {
    let mut text = String::new();
    if !data.starts_with(&[0xFF, 0xD8]) {
        return text;
    }
    let mut at = 2;
    while at + 4 <= data.len() && data[at] == 0xFF {
        let marker = data[at + 1];
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        if marker == 0xFF {
            at += 1;
            continue;
        }
        let length = usize::from(data[at + 2]) << 8 | usize::from(data[at + 3]);
        let end = (at + 2 + length).min(data.len());
        if (0xE0..=0xEF).contains(&marker) || marker == 0xFE {
            text.extend(
                data[(at + 4).min(end)..end]
                    .iter()
                    .map(|&byte| char::from(byte)),
            );
            text.push('\n');
        }
        if length < 2 {
            break;
        }
        at = end;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    #[test]
    fn the_png_the_verifier_hands_tesseract_holds_exactly_the_grey_levels() {
        use zune_png::PngDecoder;
        use zune_png::zune_core::bytestream::ZCursor;
        use zune_png::zune_core::options::DecoderOptions;

        // A stencil mask (1 bit per pixel, odd width) and 8-bit grey noise: unpacked by
        // `input`, written by `png`, decoded by zune-png with every chunk's CRC checked.
        let mut state = 0x2545_f491_u32;
        let mut noise = || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        };
        let stencil: Vec<u8> = (0..5 * 30).map(|_| noise()).collect();
        let grey: Vec<u8> = (0..300 * 200).map(|_| noise()).collect();
        let mask = dictionary! { "Width" => 37, "Height" => 30, "ImageMask" => true };
        let gray = dictionary! {
            "Width" => 300,
            "Height" => 200,
            "ColorSpace" => Object::Name(b"DeviceGray".to_vec()),
            "BitsPerComponent" => 8,
        };
        for (dictionary, data, width, height) in [
            (mask, stencil.clone(), 37usize, 30usize),
            (gray, grey.clone(), 300, 200),
        ] {
            let stream = Stream::new(dictionary, data.clone());
            let document = Document::with_version("1.7");
            let Ok(Input::Picture(Picture::Scanlines {
                width: w,
                height: h,
                rows,
            })) = input(&document, &stream, || Ok(data.clone()))
            else {
                panic!("{width} x {height}: not unpacked");
            };
            let file = png(w, h, &rows).unwrap();
            let options = DecoderOptions::default().png_set_confirm_crc(true);
            let mut decoder = PngDecoder::new_with_options(ZCursor::new(&file), options);
            let pixels = decoder.decode_raw().unwrap();
            assert_eq!(decoder.dimensions(), Some((width, height)));
            let expected: Vec<u8> = rows
                .chunks_exact(width + 1)
                .flat_map(|row| row[1..].to_vec())
                .collect();
            assert!(pixels == expected, "{width} x {height}: grey levels differ");
            if width == 300 {
                assert!(pixels == grey, "8-bit grey is passed through unchanged");
            } else {
                // Bit 1 of a stencil is paper (white), 0 is ink.
                let first = (stencil[0] >> 7) & 1;
                assert_eq!(pixels[0], if first == 0 { 0 } else { 255 });
            }
        }
    }
}
