//! Writes typeset pages as a PDF with lopdf: content streams, the subset fonts, the page tree.
//! Nothing else: no document information dictionary, no XMP, no producer string (a disclosure
//! pack must not carry metadata about who or what made it). `/ID` is a hash of the content, and
//! every stream is Flate-compressed, so the same layout always gives the same bytes.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use lopdf::{Dictionary, Document, Object, Stream, StringFormat, dictionary};
use sha2::{Digest, Sha256};

use super::font::{FontFace, Style, UsedFont, subset};
use super::layout::{Op, Pages};

/// A stream whose `compressed` bytes are already Flate-encoded.
fn flate_stream(mut dict: Dictionary, compressed: Vec<u8>) -> Stream {
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    Stream::new(dict, compressed).with_compression(false)
}

/// A subset font with its streams compressed, ready to be copied into a document.
struct FontObjects {
    digest: [u8; 32],
    base_font: String,
    font_file: Vec<u8>,
    font_file_length: usize,
    cid_to_gid: Vec<u8>,
    widths: Vec<i64>,
    to_unicode: Vec<u8>,
}

type FontCache = HashMap<(Style, Vec<char>), Arc<FontObjects>>;

/// The subset for `used`, from a process-wide cache: a pure function of the weight and the
/// character set, so caching cannot change any output.
fn font_objects(
    style: Style,
    used: &UsedFont,
    face: &FontFace,
) -> Result<Arc<FontObjects>, String> {
    static CACHE: OnceLock<Mutex<FontCache>> = OnceLock::new();
    /// Distinct character sets kept; beyond that the cache starts again (bounded memory).
    const CAPACITY: usize = 512;
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (style, used.chars.clone());
    if let Ok(cache) = cache.lock()
        && let Some(found) = cache.get(&key)
    {
        return Ok(Arc::clone(found));
    }
    let mut font_hasher = Sha256::new();
    font_hasher.update(face.postscript_name.as_bytes());
    for c in &used.chars {
        font_hasher.update(u32::from(*c).to_be_bytes());
    }
    let digest: [u8; 32] = font_hasher.finalize().into();
    let font = subset(face, used, &digest)?;
    let objects = Arc::new(FontObjects {
        digest,
        base_font: font.base_font,
        font_file_length: font.font_file.len(),
        font_file: crate::deflate::zlib(&font.font_file)?,
        cid_to_gid: crate::deflate::zlib(&font.cid_to_gid)?,
        widths: font.widths,
        to_unicode: crate::deflate::zlib(&font.to_unicode)?,
    });
    if let Ok(mut cache) = cache.lock() {
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        cache.insert(key, Arc::clone(&objects));
    }
    Ok(objects)
}

/// A number for a content stream: at most two decimals, no trailing zeros.
fn num(out: &mut String, value: f32) {
    let rounded = (value * 100.0).round() / 100.0;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    let _ = write!(out, "{rounded}");
}

fn real(value: f32) -> Object {
    Object::Real((value * 1000.0).round() / 1000.0)
}

/// Encodes the operations of one page as a content stream.
fn content(ops: &[Op], fonts: &[Option<UsedFont>; 2]) -> String {
    let mut out = String::with_capacity(ops.len() * 48);
    let mut in_text = false;
    let mut font: Option<(Style, f32)> = None;
    let mut gray = 0.0f32;
    for op in ops {
        match op {
            Op::Text {
                style,
                size,
                x,
                y,
                text,
                white,
            } => {
                if !in_text {
                    out.push_str("BT\n");
                    in_text = true;
                    font = None;
                }
                if font != Some((*style, *size)) {
                    let _ = write!(out, "/{} ", style.resource());
                    num(&mut out, *size);
                    out.push_str(" Tf\n");
                    font = Some((*style, *size));
                }
                let wanted = if *white { 1.0 } else { 0.0 };
                if gray != wanted {
                    num(&mut out, wanted);
                    out.push_str(" g\n");
                    gray = wanted;
                }
                out.push_str("1 0 0 1 ");
                num(&mut out, *x);
                out.push(' ');
                num(&mut out, *y);
                out.push_str(" Tm <");
                if let Some(used) = &fonts[style.index()] {
                    for c in text.chars() {
                        let _ = write!(out, "{:04X}", used.cid(c));
                    }
                }
                out.push_str("> Tj\n");
            }
            Op::Fill {
                x,
                y,
                w,
                h,
                gray: fill,
            } => {
                if in_text {
                    out.push_str("ET\n");
                    in_text = false;
                }
                if gray != *fill {
                    num(&mut out, *fill);
                    out.push_str(" g\n");
                    gray = *fill;
                }
                for value in [x, y, w, h] {
                    num(&mut out, *value);
                    out.push(' ');
                }
                out.push_str("re f\n");
            }
            Op::Image { x, y, w, h, index } => {
                if in_text {
                    out.push_str("ET\n");
                    in_text = false;
                }
                out.push_str("q ");
                for value in [w, &0.0, &0.0, h, x, y] {
                    num(&mut out, *value);
                    out.push(' ');
                }
                let _ = writeln!(out, "cm /Im{index} Do Q");
            }
            Op::Frame { x, y, w, h } => {
                if in_text {
                    out.push_str("ET\n");
                    in_text = false;
                }
                out.push_str("0.5 w 0.55 G ");
                for value in [x, y, w, h] {
                    num(&mut out, *value);
                    out.push(' ');
                }
                out.push_str("re S\n");
            }
        }
    }
    if in_text {
        out.push_str("ET\n");
    }
    out
}

/// `text` as a PDF text string: PDFDocEncoding's ASCII part as is, anything else UTF-16BE with
/// its byte order mark (PDF 32000-1 7.9.2.2), so a title or bookmark reads back exactly.
pub(crate) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend(unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// Adds the subset of `face` for `used` to `document` as a Type0 font (Identity-H, with a
/// `ToUnicode` map so every reader gets the text back); returns the font's object and the
/// digest of the subset. The typesetter and the form flattener (`pdf::form`) both add fonts here.
pub(crate) fn add_font(
    document: &mut Document,
    style: Style,
    used: &UsedFont,
    face: &FontFace,
) -> Result<(lopdf::ObjectId, [u8; 32]), String> {
    let font = font_objects(style, used, face)?;
    let font_file = document.add_object(flate_stream(
        dictionary! { "Length1" => font.font_file_length as i64 },
        font.font_file.clone(),
    ));
    let descriptor = document.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(font.base_font.clone().into_bytes()),
        "Flags" => 32,
        "FontBBox" => face.bbox.iter().map(|v| Object::Integer(i64::from(*v))).collect::<Vec<_>>(),
        "ItalicAngle" => 0,
        "Ascent" => face.ascent,
        "Descent" => face.descent,
        "CapHeight" => face.cap_height,
        "StemV" => if style == Style::Bold { 120 } else { 80 },
        "FontFile2" => font_file,
    });
    let cid_to_gid = document.add_object(flate_stream(Dictionary::new(), font.cid_to_gid.clone()));
    let widths: Vec<Object> = font.widths.iter().map(|w| Object::Integer(*w)).collect();
    let cid_font = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => Object::Name(font.base_font.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor,
        "DW" => 0,
        "W" => vec![Object::Integer(1), Object::Array(widths)],
        "CIDToGIDMap" => cid_to_gid,
    });
    let to_unicode = document.add_object(flate_stream(Dictionary::new(), font.to_unicode.clone()));
    let type0 = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(font.base_font.clone().into_bytes()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_font)],
        "ToUnicode" => to_unicode,
    });
    Ok((type0, font.digest))
}

/// Builds the PDF. Returns the bytes. Takes the pages by value so that each page's operations are
/// dropped as soon as its content stream is compressed: a schedule of 20,000 rows (1,224 pages)
/// would otherwise hold its operations, its uncompressed streams and its compressed ones at once
/// (issue 7).
pub fn write(pages: Pages, faces: &[FontFace; 2]) -> Result<Vec<u8>, String> {
    // Which characters each weight sets: they become that font's CIDs and its subset.
    let mut chars: [BTreeSet<char>; 2] = [BTreeSet::new(), BTreeSet::new()];
    for op in pages.pages.iter().flatten() {
        if let Op::Text { style, text, .. } = op {
            chars[style.index()].extend(text.chars());
        }
    }
    // Each weight in use carries all of printable ASCII, so that most documents share a character
    // set and reuse a cached subset (the subset and its compression dominate the cost of a
    // short document); the extra glyphs cost a few KiB per file.
    for set in &mut chars {
        if !set.is_empty() {
            set.extend((' '..='~').filter(|c| !c.is_control()));
        }
    }
    let used: [Option<UsedFont>; 2] = [
        (!chars[0].is_empty()).then(|| UsedFont::new(&chars[0])),
        (!chars[1].is_empty()).then(|| UsedFont::new(&chars[1])),
    ];

    let Pages {
        width,
        height,
        pages,
        pictures,
        title,
        ..
    } = pages;
    let mut hasher = Sha256::new();
    hasher.update(format!("{width} {height}").as_bytes());
    if let Some(title) = &title {
        hasher.update((title.len() as u64).to_be_bytes());
        hasher.update(title.as_bytes());
    }
    let mut contents: Vec<Vec<u8>> = Vec::with_capacity(pages.len());
    for ops in pages {
        let stream = content(&ops, &used);
        drop(ops);
        hasher.update((stream.len() as u64).to_be_bytes());
        hasher.update(stream.as_bytes());
        contents.push(crate::deflate::zlib(stream.as_bytes())?);
    }

    let mut document = Document::with_version("1.7");
    let mut font_refs = Dictionary::new();
    for style in Style::ALL {
        let Some(used) = &used[style.index()] else {
            continue;
        };
        let (type0, digest) = add_font(&mut document, style, used, &faces[style.index()])?;
        hasher.update(digest);
        font_refs.set(style.resource(), type0);
    }
    let mut resources = dictionary! { "Font" => font_refs };
    if !pictures.is_empty() {
        // Each picture a fresh image of its pixels alone (redacted words already filled).
        let mut images = Dictionary::new();
        for (index, picture) in pictures.into_iter().enumerate() {
            let expected = picture.width as usize * picture.height as usize;
            let space = match picture.channels {
                1 => "DeviceGray",
                3 => "DeviceRGB",
                other => return Err(format!("a picture with {other} colour channels")),
            };
            if picture.data.len() != expected * usize::from(picture.channels) {
                return Err("a picture's pixels do not match its size".to_string());
            }
            hasher.update(format!("{} {} {space}", picture.width, picture.height).as_bytes());
            hasher.update(&picture.data);
            let data = crate::deflate::zlib(&picture.data)?;
            drop(picture.data);
            let image = document.add_object(flate_stream(
                dictionary! {
                    "Type" => "XObject",
                    "Subtype" => "Image",
                    "Width" => i64::from(picture.width),
                    "Height" => i64::from(picture.height),
                    "ColorSpace" => space,
                    "BitsPerComponent" => 8,
                },
                data,
            ));
            images.set(format!("Im{index}"), image);
        }
        resources.set("XObject", images);
    }
    let resources = document.add_object(resources);

    let pages_id = document.new_object_id();
    let media_box: Vec<Object> = vec![0.into(), 0.into(), real(width), real(height)];
    let mut kids = Vec::with_capacity(contents.len());
    for stream in contents {
        let content_id = document.add_object(flate_stream(Dictionary::new(), stream));
        let page = document.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => media_box.clone(),
            "Resources" => resources,
            "Contents" => content_id,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    document.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    // What a screen reader needs without a structure tree: the language (every word sarpack
    // writes is British English) and the title, shown instead of the file name.
    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => Object::string_literal("en-GB"),
    };
    if let Some(title) = &title {
        catalog.set(
            "ViewerPreferences",
            dictionary! { "DisplayDocTitle" => true },
        );
        let info = document.add_object(dictionary! { "Title" => text_string(title) });
        document.trailer.set("Info", info);
    }
    let catalog = document.add_object(catalog);
    let id = hasher.finalize();
    let id = Object::String(id[..16].to_vec(), StringFormat::Hexadecimal);
    document.trailer.set("Root", catalog);
    document.trailer.set("ID", vec![id.clone(), id]);

    let mut bytes = Vec::new();
    document
        .save_to(&mut bytes)
        .map_err(|error| format!("cannot write the PDF: {error}"))?;
    Ok(bytes)
}
