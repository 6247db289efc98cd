//! Pictures in original PDFs: decodes an image XObject into pixels (so that OCR can read it and
//! redaction can fill the pixels of redacted words) and encodes redacted pixels into a fresh
//! image stream.
//!
//! Decoded: 1, 2, 4 and 8 bits per sample in DeviceGray, DeviceRGB, DeviceCMYK, CalGray/CalRGB,
//! ICCBased (by its number of components) and Indexed over those, stencil masks, with any `Decode`
//! array; compressed with the general filters lopdf decodes (Flate with predictors, LZW, ASCII,
//! run length) and JPEG (`DCTDecode`, by zune-jpeg). Refused with a reason, so the record goes to
//! a person: CCITT fax, JBIG2 and JPEG 2000 compression, 16-bit samples, Lab, Separation and
//! DeviceN colour, and pictures larger than the stream limit.
//!
//! A redacted picture is written as 8-bit samples (grey or RGB) compressed with Flate: the new
//! stream shares nothing with the old one (no JPEG markers or metadata, no soft mask, alternates
//! or `Decode` array), so no copy of the original pixels can stay behind in it.

use lopdf::{Dictionary, Document, Object, Stream};

use super::MAX_STREAM_BYTES;
use crate::ocr::GrayImage;

/// Decoded pixels, 8 bits per sample, `channels` samples per pixel (1 grey or 3 RGB), rows top
/// to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pixels {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) channels: u8,
    pub(crate) data: Vec<u8>,
}

impl Pixels {
    /// The picture in grey, for OCR, when the pixels are still needed (a picture file, typeset
    /// from them later).
    pub(crate) fn gray(&self) -> GrayImage {
        let pixels = match self.channels {
            1 => self.data.clone(),
            _ => self.luma(),
        };
        GrayImage {
            width: self.width,
            height: self.height,
            pixels,
        }
    }

    /// The picture in grey, for OCR, when the pixels are not needed afterwards: grey samples are
    /// moved rather than copied (an A4 page at 300 dpi is 8.7 MB, and making and filling a new
    /// buffer that size was a fair part of sarpack's own work on a scanned page).
    pub(crate) fn into_gray(self) -> GrayImage {
        let pixels = match self.channels {
            1 => self.data,
            _ => self.luma(),
        };
        GrayImage {
            width: self.width,
            height: self.height,
            pixels,
        }
    }

    /// RGB samples as grey levels (ITU-R BT.601 weights).
    fn luma(&self) -> Vec<u8> {
        self.data
            .chunks_exact(3)
            .map(|rgb| {
                ((u32::from(rgb[0]) * 299 + u32::from(rgb[1]) * 587 + u32::from(rgb[2]) * 114)
                    / 1000) as u8
            })
            .collect()
    }

    /// Fills `[left, top, right, bottom]` (pixels, right and bottom exclusive, clipped) black.
    pub(crate) fn fill(&mut self, rect: [u32; 4]) {
        let channels = self.channels as usize;
        let [left, top, right, bottom] = [
            rect[0].min(self.width),
            rect[1].min(self.height),
            rect[2].min(self.width),
            rect[3].min(self.height),
        ];
        for y in top..bottom {
            let row = y as usize * self.width as usize * channels;
            self.data[row + left as usize * channels..row + right as usize * channels].fill(0);
        }
    }
}

/// The image codec (last filter) of an image stream, if it has one.
fn codec(stream: &Stream) -> (Vec<Vec<u8>>, Option<Vec<u8>>) {
    let mut filters: Vec<Vec<u8>> = match stream.dict.get(b"Filter") {
        Ok(Object::Name(name)) => vec![name.clone()],
        Ok(Object::Array(names)) => names
            .iter()
            .filter_map(|name| name.as_name().ok().map(<[u8]>::to_vec))
            .collect(),
        _ => Vec::new(),
    };
    let is_codec = |name: &[u8]| {
        matches!(
            name,
            b"DCTDecode" | b"DCT" | b"JPXDecode" | b"JBIG2Decode" | b"CCITTFaxDecode" | b"CCF"
        )
    };
    let codec = filters.last().filter(|name| is_codec(name)).cloned();
    if codec.is_some() {
        filters.pop();
    }
    (filters, codec)
}

fn integer(document: &Document, dictionary: &Dictionary, keys: &[&[u8]]) -> Option<i64> {
    keys.iter().find_map(|key| {
        dictionary
            .get(key)
            .ok()
            .and_then(|object| document.dereference(object).ok())
            .and_then(|(_, object)| object.as_i64().ok())
    })
}

/// How samples become grey or RGB.
enum Colour {
    /// `n` components: 1 grey, 3 RGB, 4 CMYK.
    Direct(u8),
    /// A palette of RGB triples (or grey values when the base has one component).
    Indexed { base: u8, palette: Vec<u8> },
}

fn colour_space(document: &Document, object: &Object) -> Result<Colour, String> {
    let object = document
        .dereference(object)
        .map(|(_, object)| object)
        .map_err(|_| "its colour space is missing".to_string())?;
    match object {
        Object::Name(name) => match name.as_slice() {
            b"DeviceGray" | b"G" | b"CalGray" => Ok(Colour::Direct(1)),
            b"DeviceRGB" | b"RGB" | b"CalRGB" => Ok(Colour::Direct(3)),
            b"DeviceCMYK" | b"CMYK" => Ok(Colour::Direct(4)),
            other => Err(format!(
                "its colour space `{}` is not one sarpack decodes",
                String::from_utf8_lossy(other)
            )),
        },
        Object::Array(parts) => {
            let family = parts
                .first()
                .and_then(|name| name.as_name().ok())
                .unwrap_or(b"");
            match family {
                b"ICCBased" => {
                    let profile = parts
                        .get(1)
                        .and_then(|object| document.dereference(object).ok())
                        .and_then(|(_, object)| object.as_stream().ok());
                    match profile.and_then(|stream| integer(document, &stream.dict, &[b"N"])) {
                        Some(n @ (1 | 3 | 4)) => Ok(Colour::Direct(n as u8)),
                        _ => Err("its ICC colour profile has no usable component count".into()),
                    }
                }
                b"CalGray" => Ok(Colour::Direct(1)),
                b"CalRGB" => Ok(Colour::Direct(3)),
                b"Indexed" | b"I" => {
                    let base = match parts.get(1) {
                        Some(base) => colour_space(document, base)?,
                        None => return Err("its indexed colour space has no base".into()),
                    };
                    let Colour::Direct(base) = base else {
                        return Err("its indexed colour space is nested".into());
                    };
                    let lookup = parts
                        .get(3)
                        .and_then(|object| document.dereference(object).ok())
                        .map(|(_, object)| object);
                    let table = match lookup {
                        Some(Object::String(bytes, _)) => bytes.clone(),
                        Some(Object::Stream(stream)) => stream
                            .decompressed_content_with_limit(MAX_STREAM_BYTES)
                            .or_else(|_| Ok::<_, lopdf::Error>(stream.content.clone()))
                            .unwrap_or_default(),
                        _ => return Err("its indexed colour space has no palette".into()),
                    };
                    let palette = match base {
                        1 => table,
                        3 => table,
                        _ => table
                            .chunks_exact(4)
                            .flat_map(|cmyk| cmyk_to_rgb(cmyk[0], cmyk[1], cmyk[2], cmyk[3]))
                            .collect(),
                    };
                    Ok(Colour::Indexed {
                        base: if base == 1 { 1 } else { 3 },
                        palette,
                    })
                }
                other => Err(format!(
                    "its colour space `{}` is not one sarpack decodes",
                    String::from_utf8_lossy(other)
                )),
            }
        }
        _ => Err("its colour space is not understood".into()),
    }
}

fn cmyk_to_rgb(c: u8, m: u8, y: u8, k: u8) -> [u8; 3] {
    let ink = |value: u8| ((255 - u32::from(value)) * (255 - u32::from(k)) / 255) as u8;
    [ink(c), ink(m), ink(y)]
}

/// Decodes an image XObject (or an inline image's stream) into pixels. The error says, in
/// words for a reviewer, why the picture cannot be read.
pub(crate) fn decode(document: &Document, stream: &Stream) -> Result<Pixels, String> {
    let dictionary = &stream.dict;
    let width = integer(document, dictionary, &[b"Width", b"W"]).unwrap_or(0);
    let height = integer(document, dictionary, &[b"Height", b"H"]).unwrap_or(0);
    if width <= 0 || height <= 0 || width > 100_000 || height > 100_000 {
        return Err("its size is missing or not believable".into());
    }
    let (width, height) = (width as u32, height as u32);
    if u64::from(width) * u64::from(height) * 3 > MAX_STREAM_BYTES as u64 {
        return Err(format!(
            "it is too large to read ({width} x {height} pixels)"
        ));
    }
    let (filters, codec) = codec(stream);
    let mut data = if filters.is_empty() {
        stream.content.clone()
    } else {
        // The general filters before the codec, with their parameters.
        let mut outer = stream.clone();
        outer.dict.set(
            "Filter",
            Object::Array(filters.iter().cloned().map(Object::Name).collect()),
        );
        if codec.is_some() {
            outer.dict.remove(b"DecodeParms");
        }
        outer
            .decompressed_content_with_limit(MAX_STREAM_BYTES)
            .map_err(|error| format!("its data does not decode ({error})"))?
    };
    match codec.as_deref() {
        None => {}
        Some(b"DCTDecode" | b"DCT") => return decode_jpeg(&data, width, height, dictionary),
        Some(other) => {
            let name = match other {
                b"JPXDecode" => "JPEG 2000",
                b"JBIG2Decode" => "JBIG2",
                _ => "CCITT fax",
            };
            return Err(format!(
                "it is compressed with {name}, which sarpack cannot decode"
            ));
        }
    }
    let stencil = dictionary
        .get(b"ImageMask")
        .or_else(|_| dictionary.get(b"IM"))
        .and_then(Object::as_bool)
        .unwrap_or(false);
    let (bits, colour) = if stencil {
        (1, Colour::Direct(1))
    } else {
        let bits = integer(document, dictionary, &[b"BitsPerComponent", b"BPC"]).unwrap_or(0);
        let space = dictionary
            .get(b"ColorSpace")
            .or_else(|_| dictionary.get(b"CS"))
            .map_err(|_| "it has no colour space".to_string())?;
        (bits, colour_space(document, space)?)
    };
    if !matches!(bits, 1 | 2 | 4 | 8) {
        return Err(format!(
            "it has {bits} bits per sample, which sarpack does not decode"
        ));
    }
    let components = match colour {
        Colour::Direct(n) => n,
        Colour::Indexed { .. } => 1,
    };
    let row_bits = u64::from(width) * u64::from(components) * bits as u64;
    let row_bytes = row_bits.div_ceil(8) as usize;
    let needed = row_bytes * height as usize;
    if data.len() < needed {
        // A short stream is padded white by readers; reading it so would guess what is missing.
        return Err("its data is shorter than its size says (a damaged picture)".into());
    }
    data.truncate(needed);
    let maximum = (1u32 << bits) - 1;
    // The Decode array maps each sample linearly (stencils: [1 0] means 1 paints).
    let decode_array: Vec<f64> = dictionary
        .get(b"Decode")
        .or_else(|_| dictionary.get(b"D"))
        .and_then(Object::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(|v| v.as_float().ok().map(f64::from))
                .collect()
        })
        .unwrap_or_default();
    // One byte a sample (at most 8 bits). 8-bit samples are the data itself; a scan at 300 dpi
    // is 8.7 million of them, and unpacking them into a new buffer (as 32-bit values, as
    // before) was the larger part of sarpack's own work on a Flate-compressed scanned page.
    let mut samples = if bits == 8 {
        data
    } else {
        let mask = maximum as u8;
        let mut samples =
            Vec::with_capacity(width as usize * height as usize * components as usize);
        for row in data.chunks_exact(row_bytes) {
            for index in 0..width as usize * components as usize {
                let bit = index * bits as usize;
                let shift = 8 - bits as usize - bit % 8;
                samples.push((row[bit / 8] >> shift) & mask);
            }
        }
        samples
    };
    let scale = |value: u32, component: usize| -> u8 {
        let fraction = f64::from(value) / f64::from(maximum);
        let fraction = match decode_array.get(component * 2..component * 2 + 2) {
            Some([low, high]) if !stencil && matches!(colour, Colour::Direct(_)) => {
                low + fraction * (high - low)
            }
            _ => fraction,
        };
        (fraction.clamp(0.0, 1.0) * 255.0).round() as u8
    };
    // Each component's grey or colour level for every possible sample value, worked out once
    // rather than once a pixel.
    let levels: Vec<[u8; 256]> = (0..usize::from(components))
        .map(|component| {
            let mut table = [0u8; 256];
            for (value, level) in table.iter_mut().enumerate().take(maximum as usize + 1) {
                *level = scale(value as u32, component);
            }
            table
        })
        .collect();
    let pixels = match colour {
        Colour::Direct(1) if stencil => {
            let inverted = decode_array.first().is_some_and(|&first| first > 0.5);
            // Sample 0 paints (black) unless the Decode array is [1 0].
            let paints = if inverted { maximum as u8 } else { 0 };
            for sample in &mut samples {
                *sample = if *sample == paints { 0 } else { 255 };
            }
            Pixels {
                width,
                height,
                channels: 1,
                data: samples,
            }
        }
        Colour::Direct(1) => {
            for sample in &mut samples {
                *sample = levels[0][usize::from(*sample)];
            }
            Pixels {
                width,
                height,
                channels: 1,
                data: samples,
            }
        }
        Colour::Direct(3) => {
            for pixel in samples.chunks_exact_mut(3) {
                for (component, sample) in pixel.iter_mut().enumerate() {
                    *sample = levels[component][usize::from(*sample)];
                }
            }
            Pixels {
                width,
                height,
                channels: 3,
                data: samples,
            }
        }
        Colour::Direct(_) => Pixels {
            width,
            height,
            channels: 3,
            data: samples
                .chunks_exact(4)
                .flat_map(|cmyk| {
                    let level = |component: usize| levels[component][usize::from(cmyk[component])];
                    cmyk_to_rgb(level(0), level(1), level(2), level(3))
                })
                .collect(),
        },
        Colour::Indexed { base, palette } => {
            let base = base as usize;
            let mut data = Vec::with_capacity(samples.len() * base);
            for &index in &samples {
                let at = index as usize * base;
                match palette.get(at..at + base) {
                    Some(entry) => data.extend_from_slice(entry),
                    None => return Err("its palette is shorter than its samples need".into()),
                }
            }
            Pixels {
                width,
                height,
                channels: base as u8,
                data,
            }
        }
    };
    Ok(pixels)
}

/// Decodes a JPEG file (a picture pasted into a Word file or sent with an email) at the size
/// its own header gives.
pub(crate) fn decode_jpeg_file(data: &[u8]) -> Result<Pixels, String> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::bytestream::ZCursor;

    let mut probe = JpegDecoder::new(ZCursor::new(data));
    probe
        .decode_headers()
        .map_err(|error| format!("its JPEG data does not decode ({error:?})"))?;
    let (width, height) = probe
        .dimensions()
        .ok_or_else(|| "its JPEG size cannot be read".to_string())?;
    if width == 0 || height == 0 {
        return Err("its JPEG size is not believable".into());
    }
    if width as u64 * height as u64 * 3 > MAX_STREAM_BYTES as u64 {
        return Err(format!(
            "it is too large to read ({width} x {height} pixels)"
        ));
    }
    decode_jpeg(data, width as u32, height as u32, &Dictionary::new())
}

fn decode_jpeg(
    data: &[u8],
    width: u32,
    height: u32,
    dictionary: &Dictionary,
) -> Result<Pixels, String> {
    use zune_jpeg::JpegDecoder;
    use zune_jpeg::zune_core::bytestream::ZCursor;
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;

    let mut probe = JpegDecoder::new(ZCursor::new(data));
    probe
        .decode_headers()
        .map_err(|error| format!("its JPEG data does not decode ({error:?})"))?;
    let components = probe.info().map(|info| info.components).unwrap_or(0);
    let (channels, colourspace) = if components == 1 {
        (1u8, ColorSpace::Luma)
    } else {
        (3u8, ColorSpace::RGB)
    };
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(colourspace)
        .set_max_width(width as usize + 1)
        .set_max_height(height as usize + 1);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(data), options);
    let mut pixels = decoder
        .decode()
        .map_err(|error| format!("its JPEG data does not decode ({error:?})"))?;
    let info = decoder
        .info()
        .ok_or_else(|| "its JPEG data does not decode".to_string())?;
    if u32::from(info.width) != width || u32::from(info.height) != height {
        return Err(format!(
            "its JPEG data is {} x {} pixels but the PDF says {width} x {height}",
            info.width, info.height
        ));
    }
    // A `Decode` array of [1 0 ...] inverts the samples (Adobe CMYK JPEGs written inverted).
    let inverted = dictionary
        .get(b"Decode")
        .and_then(Object::as_array)
        .is_ok_and(|values| {
            values
                .first()
                .and_then(|value| value.as_float().ok())
                .is_some_and(|first| first > 0.5)
        });
    if inverted {
        for sample in &mut pixels {
            *sample = 255 - *sample;
        }
    }
    if pixels.len() != width as usize * height as usize * channels as usize {
        return Err("its JPEG data does not fill the picture".into());
    }
    Ok(Pixels {
        width,
        height,
        channels,
        data: pixels,
    })
}

/// A fresh image XObject holding `pixels`: 8-bit grey or RGB, Flate-compressed, nothing else.
pub(crate) fn encode(pixels: &Pixels, interpolate: bool) -> Result<Stream, String> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(&pixels.data)
        .and_then(|()| encoder.flush())
        .map_err(|error| format!("cannot compress the redacted picture ({error})"))?;
    let data = encoder
        .finish()
        .map_err(|error| format!("cannot compress the redacted picture ({error})"))?;
    let mut dictionary = Dictionary::new();
    dictionary.set("Type", Object::Name(b"XObject".to_vec()));
    dictionary.set("Subtype", Object::Name(b"Image".to_vec()));
    dictionary.set("Width", Object::Integer(i64::from(pixels.width)));
    dictionary.set("Height", Object::Integer(i64::from(pixels.height)));
    let space: &[u8] = if pixels.channels == 1 {
        b"DeviceGray"
    } else {
        b"DeviceRGB"
    };
    dictionary.set("ColorSpace", Object::Name(space.to_vec()));
    dictionary.set("BitsPerComponent", Object::Integer(8));
    dictionary.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    if interpolate {
        dictionary.set("Interpolate", Object::Boolean(true));
    }
    let mut stream = Stream::new(dictionary, data);
    stream.allows_compression = false;
    Ok(stream)
}

/// A JPEG without its metadata: every application segment but Adobe's `APP14` (which says how
/// the colours were transformed, so decoding needs it) and every comment before the first scan
/// are dropped, the image data kept byte for byte. EXIF, XMP, IPTC and JFIF segments carry
/// names (author, camera owner), places and thumbnails — a thumbnail is a second copy of the
/// picture, possibly of what was cropped away — none of which was read. `None` when the data
/// is not a JPEG this can walk (the picture is then left as it is, and the verifier reads it).
pub(crate) fn without_jpeg_metadata(data: &[u8]) -> Option<Vec<u8>> {
    if data.len() < 4 || data[0] != 0xFF || data[1] != 0xD8 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len());
    out.extend_from_slice(&data[..2]);
    let mut at = 2;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if data.get(at) != Some(&0xFF) {
            return None;
        }
        let marker = *data.get(at + 1)?;
        if marker == 0xDA {
            // Start of scan: the rest is image data (and later markers) kept as it is.
            out.extend_from_slice(&data[at..]);
            return Some(out);
        }
        if marker == 0xD9 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            out.extend_from_slice(&data[at..at + 2]);
            at += 2;
            continue;
        }
        let length = usize::from(*data.get(at + 2)?) << 8 | usize::from(*data.get(at + 3)?);
        if length < 2 || at + 2 + length > data.len() {
            return None;
        }
        let metadata = (0xE0..=0xEF).contains(&marker) && marker != 0xEE || marker == 0xFE;
        if !metadata {
            out.extend_from_slice(&data[at..at + 2 + length]);
        }
        at += 2 + length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(dictionary: Vec<(&str, Object)>, data: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        for (key, value) in dictionary {
            dict.set(key, value);
        }
        Stream::new(dict, data)
    }

    #[test]
    fn one_bit_grey_and_stencils_decode_to_black_on_white() {
        let document = Document::new();
        // 3 x 2 pixels, 1 bit: rows 101 and 010.
        let grey = image(
            vec![
                ("Width", Object::Integer(3)),
                ("Height", Object::Integer(2)),
                ("BitsPerComponent", Object::Integer(1)),
                ("ColorSpace", Object::Name(b"DeviceGray".to_vec())),
            ],
            vec![0b1010_0000, 0b0100_0000],
        );
        let pixels = decode(&document, &grey).unwrap();
        assert_eq!(pixels.data, vec![255, 0, 255, 0, 255, 0]);
        let stencil = image(
            vec![
                ("Width", Object::Integer(3)),
                ("Height", Object::Integer(2)),
                ("ImageMask", Object::Boolean(true)),
            ],
            vec![0b1010_0000, 0b0100_0000],
        );
        // Sample 0 paints.
        assert_eq!(
            decode(&document, &stencil).unwrap().data,
            vec![255, 0, 255, 0, 255, 0]
        );
    }

    /// Every sample depth and direct colour space, with and without a Decode array, against the
    /// rule of PDF 32000-1 8.9.5.2 worked out pixel by pixel: rows padded to whole bytes, the
    /// most significant bits first, `Dmin + value * (Dmax - Dmin) / (2^bits - 1)`.
    #[test]
    fn samples_of_every_depth_and_colour_space_map_by_the_decode_array() {
        let document = Document::new();
        let mut state = 0x1234_5678_u32;
        let (width, height) = (5usize, 3usize);
        for bits in [1u32, 2, 4, 8] {
            for (space, components) in [("DeviceGray", 1usize), ("DeviceRGB", 3), ("DeviceCMYK", 4)]
            {
                for inverted in [false, true] {
                    let row_bytes = (width * components * bits as usize).div_ceil(8);
                    let data: Vec<u8> = (0..row_bytes * height)
                        .map(|_| {
                            state ^= state << 13;
                            state ^= state >> 17;
                            state ^= state << 5;
                            (state >> 24) as u8
                        })
                        .collect();
                    let mut dictionary = vec![
                        ("Width", Object::Integer(width as i64)),
                        ("Height", Object::Integer(height as i64)),
                        ("BitsPerComponent", Object::Integer(i64::from(bits))),
                        ("ColorSpace", Object::Name(space.as_bytes().to_vec())),
                    ];
                    if inverted {
                        let pairs = (0..components)
                            .flat_map(|_| [Object::Real(1.0), Object::Real(0.0)])
                            .collect();
                        dictionary.push(("Decode", Object::Array(pairs)));
                    }
                    let pixels = decode(&document, &image(dictionary, data.clone())).unwrap();
                    let maximum = (1u32 << bits) - 1;
                    let mut expected = Vec::new();
                    for row in data.chunks_exact(row_bytes) {
                        let levels: Vec<u8> = (0..width * components)
                            .map(|index| {
                                let bit = index * bits as usize;
                                let value = (u32::from(row[bit / 8])
                                    >> (8 - bits as usize - bit % 8))
                                    & maximum;
                                let fraction = f64::from(value) / f64::from(maximum);
                                let fraction = if inverted { 1.0 - fraction } else { fraction };
                                (fraction * 255.0).round() as u8
                            })
                            .collect();
                        for pixel in levels.chunks_exact(components) {
                            match components {
                                4 => expected
                                    .extend(cmyk_to_rgb(pixel[0], pixel[1], pixel[2], pixel[3])),
                                _ => expected.extend_from_slice(pixel),
                            }
                        }
                    }
                    let label = format!("{bits} bits, {space}, inverted {inverted}");
                    assert_eq!(pixels.data, expected, "{label}");
                    assert_eq!(usize::from(pixels.channels), components.min(3), "{label}");
                }
            }
        }
    }

    #[test]
    fn indexed_rgb_and_a_short_stream() {
        let document = Document::new();
        let indexed = image(
            vec![
                ("Width", Object::Integer(2)),
                ("Height", Object::Integer(1)),
                ("BitsPerComponent", Object::Integer(8)),
                (
                    "ColorSpace",
                    Object::Array(vec![
                        Object::Name(b"Indexed".to_vec()),
                        Object::Name(b"DeviceRGB".to_vec()),
                        Object::Integer(1),
                        Object::String(
                            vec![255, 0, 0, 0, 0, 255],
                            lopdf::StringFormat::Hexadecimal,
                        ),
                    ]),
                ),
            ],
            vec![1, 0],
        );
        let pixels = decode(&document, &indexed).unwrap();
        assert_eq!(pixels.channels, 3);
        assert_eq!(pixels.data, vec![0, 0, 255, 255, 0, 0]);
        assert_eq!(pixels.gray().pixels, vec![29, 76]);
        assert_eq!(pixels.into_gray().pixels, vec![29, 76]);

        let short = image(
            vec![
                ("Width", Object::Integer(10)),
                ("Height", Object::Integer(10)),
                ("BitsPerComponent", Object::Integer(8)),
                ("ColorSpace", Object::Name(b"DeviceGray".to_vec())),
            ],
            vec![0; 50],
        );
        assert!(decode(&document, &short).unwrap_err().contains("shorter"));
    }

    #[test]
    fn a_filled_and_re_encoded_picture_decodes_to_the_same_pixels() {
        let document = Document::new();
        let mut pixels = Pixels {
            width: 4,
            height: 3,
            channels: 3,
            data: vec![200; 36],
        };
        pixels.fill([1, 1, 9, 2]);
        assert_eq!(&pixels.data[12..15], &[200, 200, 200]);
        assert_eq!(&pixels.data[15..24], &[0; 9]);
        let stream = encode(&pixels, false).unwrap();
        assert_eq!(decode(&document, &stream).unwrap(), pixels);
    }

    #[test]
    fn jpeg_metadata_is_dropped_and_the_image_data_kept() {
        let mut jpeg = vec![0xFF, 0xD8];
        let segment = |marker: u8, body: &[u8]| {
            let mut out = vec![0xFF, marker];
            out.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
            out.extend_from_slice(body);
            out
        };
        jpeg.extend(segment(0xE0, b"JFIF\0"));
        jpeg.extend(segment(0xE1, b"Exif\0\0Artist: Sharon Carter"));
        jpeg.extend(segment(0xEE, b"Adobe"));
        jpeg.extend(segment(0xFE, b"scanned by Darren Pike"));
        jpeg.extend(segment(0xDB, &[0; 65]));
        jpeg.extend([0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9]);
        let stripped = without_jpeg_metadata(&jpeg).unwrap();
        let text = String::from_utf8_lossy(&stripped);
        assert!(!text.contains("Sharon") && !text.contains("Darren") && !text.contains("JFIF"));
        assert!(text.contains("Adobe"));
        assert!(stripped.ends_with(&[0xFF, 0xDA, 0x00, 0x02, 1, 2, 3, 0xFF, 0xD9]));
        assert_eq!(without_jpeg_metadata(b"not a jpeg"), None);
    }

    #[test]
    fn codecs_sarpack_cannot_decode_are_named() {
        let document = Document::new();
        let fax = image(
            vec![
                ("Width", Object::Integer(10)),
                ("Height", Object::Integer(10)),
                ("ImageMask", Object::Boolean(true)),
                ("Filter", Object::Name(b"CCITTFaxDecode".to_vec())),
            ],
            vec![0; 20],
        );
        assert!(decode(&document, &fax).unwrap_err().contains("CCITT fax"));
    }
}
