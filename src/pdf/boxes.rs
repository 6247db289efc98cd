//! Where things are on an original PDF's pages, for the review page (issue 13): each page's
//! visible frame (crop box and rotation, as a viewer shows it) and the boxes, in default user
//! space, of the text a list of spans covers. The spans index into the page texts joined by
//! `model::PAGE_SEPARATOR`, as gathering read them (`read_pages`), so a planned redaction is
//! drawn where the redactor will remove it: glyph boxes from the same interpreter, and for text
//! read by OCR in a picture, the word's pixel box carried through the matrix that draws the
//! picture.
//!
//! Nothing here changes or writes the file; a page the interpreter cannot read gives no boxes
//! (the review page then says so and shows the text).

use lopdf::{Document, Object, ObjectId};

use super::interpret;
use super::{PdfOptions, PdfProblem};
use crate::model::{PAGE_SEPARATOR, PictureText};

/// A page as a viewer shows it: its crop box (clipped to the media box) in default user space
/// and its `/Rotate`, a multiple of 90 in 0..360.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageFrame {
    /// 1-based.
    pub number: u32,
    /// `[x0, y0, x1, y1]`, `x0 < x1`, `y0 < y1`.
    pub crop: [f64; 4],
    pub rotate: u32,
}

impl PageFrame {
    /// Width and height of the page as shown, in points (rotation swaps them).
    pub fn shown_size(&self) -> (f64, f64) {
        let (width, height) = (self.crop[2] - self.crop[0], self.crop[3] - self.crop[1]);
        if self.rotate % 180 == 90 {
            (height, width)
        } else {
            (width, height)
        }
    }

    /// The affine map `[a, b, c, d, e, f]` from a point of the page as shown (points, origin at
    /// the top left, y downwards: how an image of the page is laid out) to default user space
    /// (origin bottom left): `x = a*u + c*v + e`, `y = b*u + d*v + f`. A viewer turns the page
    /// clockwise by `/Rotate`, so the shown top-left corner is the crop box's top-left (0),
    /// bottom-left (90), bottom-right (180) or top-right (270) corner.
    pub fn shown_to_user(&self) -> [f64; 6] {
        let [x0, y0, x1, y1] = self.crop;
        match self.rotate {
            90 => [0.0, 1.0, 1.0, 0.0, x0, y0],
            180 => [-1.0, 0.0, 0.0, 1.0, x1, y0],
            270 => [0.0, -1.0, -1.0, 0.0, x1, y1],
            _ => [1.0, 0.0, 0.0, -1.0, x0, y1],
        }
    }

    /// A user-space rectangle as shown: `[left, top, right, bottom]` from the shown top left.
    pub fn user_to_shown(&self, rect: [f64; 4]) -> [f64; 4] {
        let [a, b, c, d, e, f] = self.shown_to_user();
        // The linear part is a rotation or a flip: its inverse is its transpose.
        let back = |x: f64, y: f64| {
            let (dx, dy) = (x - e, y - f);
            let determinant = a * d - b * c;
            (
                (d * dx - c * dy) / determinant,
                (a * dy - b * dx) / determinant,
            )
        };
        let (u0, v0) = back(rect[0], rect[1]);
        let (u1, v1) = back(rect[2], rect[3]);
        [u0.min(u1), v0.min(v1), u0.max(u1), v0.max(v1)]
    }
}

/// One piece of a span on one page, in default user space.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanBox {
    /// Index into the spans asked about.
    pub span: usize,
    pub page: u32,
    pub rect: [f64; 4],
}

/// The frame of every page.
pub fn page_frames(bytes: &[u8], options: &PdfOptions) -> Result<Vec<PageFrame>, PdfProblem> {
    let document = super::load(bytes, options)?;
    Ok(document
        .get_pages()
        .into_iter()
        .map(|(number, id)| frame(&document, number, id))
        .collect())
}

fn frame(document: &Document, number: u32, page: ObjectId) -> PageFrame {
    let rect = |key: &[u8]| {
        inherited(document, page, key).and_then(|object| {
            let values: Vec<f64> = object
                .as_array()
                .ok()?
                .iter()
                .filter_map(|value| {
                    document
                        .dereference(value)
                        .ok()
                        .and_then(|(_, value)| value.as_float().ok())
                        .map(f64::from)
                })
                .collect();
            let [a, b, c, d] = values[..] else {
                return None;
            };
            Some([a.min(c), b.min(d), a.max(c), b.max(d)])
        })
    };
    // US Letter when a page says nothing, as viewers assume.
    let media = rect(b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let crop = rect(b"CropBox")
        .map(|crop| {
            [
                crop[0].max(media[0]),
                crop[1].max(media[1]),
                crop[2].min(media[2]),
                crop[3].min(media[3]),
            ]
        })
        .filter(|crop| crop[0] < crop[2] && crop[1] < crop[3])
        .unwrap_or(media);
    let rotate = inherited(document, page, b"Rotate")
        .and_then(|object| object.as_i64().ok())
        .map(|degrees| degrees.rem_euclid(360) as u32 / 90 * 90)
        .unwrap_or(0);
    PageFrame {
        number,
        crop,
        rotate,
    }
}

/// A page attribute, from the page or the nearest ancestor in the page tree that has it.
fn inherited<'a>(document: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = document.get_dictionary(page).ok()?;
    // A page tree deeper than this is a loop.
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return document.dereference(value).ok().map(|(_, value)| value);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = document.get_dictionary(parent).ok()?;
    }
    None
}

/// The boxes the text of each span covers, one per line piece (glyphs of a span next to each
/// other on a line are joined, as the redactor joins them into one cover).
///
/// `pages` are the page texts the spans index into (the item's `Content::Pdf` pages).
pub fn span_boxes(
    bytes: &[u8],
    pages: &[String],
    spans: &[(usize, usize)],
    pictures: &[PictureText],
    options: &PdfOptions,
) -> Result<Vec<SpanBox>, PdfProblem> {
    let document = super::load(bytes, options)?;
    let mut fonts = interpret::FontCache::default();
    let mut boxes = Vec::new();
    let mut page_start = 0usize;
    for (number, page_id) in document.get_pages() {
        let layout = interpret::interpret_page(&document, number, page_id, &mut fonts, false)?;
        // The page's text as gathering built it: the glyphs' text, then its pictures' text.
        let page_pictures: Vec<&PictureText> = pictures
            .iter()
            .filter(|picture| picture.page == number)
            .collect();
        let Some(page_length) = pages.get(number as usize - 1).map(String::len) else {
            break;
        };
        for (index, &(start, end)) in spans.iter().enumerate() {
            let (Some(start), Some(end)) = (
                start.checked_sub(page_start),
                end.checked_sub(page_start).map(|end| end.min(page_length)),
            ) else {
                continue;
            };
            if start >= end {
                continue;
            }
            let mut line: Option<[f64; 4]> = None;
            for glyph in &layout.glyphs {
                let (glyph_start, glyph_end) = (glyph.text_start as usize, glyph.text_end as usize);
                if glyph_end <= start || glyph_start >= end || glyph_start == glyph_end {
                    continue;
                }
                line = Some(match line {
                    Some(rect) if same_line(&rect, &glyph.bbox) => union(rect, glyph.bbox),
                    Some(rect) => {
                        boxes.push(SpanBox {
                            span: index,
                            page: number,
                            rect,
                        });
                        glyph.bbox
                    }
                    None => glyph.bbox,
                });
            }
            if let Some(rect) = line {
                boxes.push(SpanBox {
                    span: index,
                    page: number,
                    rect,
                });
            }
            for picture in &page_pictures {
                let Some(image) = layout
                    .images
                    .iter()
                    .find(|image| image.id == Some((picture.object.0, picture.object.1)))
                else {
                    continue;
                };
                for word in picture
                    .words
                    .iter()
                    .filter(|word| word.start < end && word.end > start)
                {
                    boxes.push(SpanBox {
                        span: index,
                        page: number,
                        rect: picture_rect(&image.matrix, picture, word.bbox),
                    });
                }
            }
        }
        page_start += page_length + PAGE_SEPARATOR.len();
    }
    Ok(boxes)
}

fn same_line(rect: &[f64; 4], next: &[f64; 4]) -> bool {
    let height = (rect[3] - rect[1]).min(next[3] - next[1]).max(0.1);
    let vertical = rect[3].min(next[3]) - rect[1].max(next[1]);
    vertical >= 0.5 * height
        && next[0] - rect[2] <= 1.5 * height
        && next[2] >= rect[0] - 1.5 * height
}

fn union(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// A word's box in a picture's pixels (rows from the top) carried into user space: the picture
/// fills the unit square under its matrix, its first row at the top (v = 1).
fn picture_rect(matrix: &[f64; 6], picture: &PictureText, bbox: [u32; 4]) -> [f64; 4] {
    let (width, height) = (
        f64::from(picture.width.max(1)),
        f64::from(picture.height.max(1)),
    );
    let corner = |x: u32, y: u32| {
        interpret::apply(matrix, f64::from(x) / width, 1.0 - f64::from(y) / height)
    };
    let corners = [
        corner(bbox[0], bbox[1]),
        corner(bbox[2], bbox[1]),
        corner(bbox[0], bbox[3]),
        corner(bbox[2], bbox[3]),
    ];
    let xs = corners.iter().map(|corner| corner.0);
    let ys = corners.iter().map(|corner| corner.1);
    [
        xs.clone().fold(f64::INFINITY, f64::min),
        ys.clone().fold(f64::INFINITY, f64::min),
        xs.fold(f64::NEG_INFINITY, f64::max),
        ys.fold(f64::NEG_INFINITY, f64::max),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rotate: u32) -> PageFrame {
        PageFrame {
            number: 1,
            crop: [10.0, 20.0, 610.0, 820.0],
            rotate,
        }
    }

    fn shown_to_user(frame: &PageFrame, u: f64, v: f64) -> (f64, f64) {
        interpret::apply(&frame.shown_to_user(), u, v)
    }

    #[test]
    fn the_shown_top_left_is_the_corner_a_viewer_turns_there() {
        // Unturned: the top left is (x0, y1); down the image is down the page.
        assert_eq!(shown_to_user(&frame(0), 0.0, 0.0), (10.0, 820.0));
        assert_eq!(shown_to_user(&frame(0), 100.0, 50.0), (110.0, 770.0));
        // Turned a quarter clockwise: the left edge is now the top, the bottom-left corner first.
        assert_eq!(shown_to_user(&frame(90), 0.0, 0.0), (10.0, 20.0));
        assert_eq!(shown_to_user(&frame(90), 100.0, 50.0), (60.0, 120.0));
        assert_eq!(shown_to_user(&frame(180), 0.0, 0.0), (610.0, 20.0));
        assert_eq!(shown_to_user(&frame(270), 0.0, 0.0), (610.0, 820.0));
        assert_eq!(frame(90).shown_size(), (800.0, 600.0));
        assert_eq!(frame(0).shown_size(), (600.0, 800.0));
    }

    #[test]
    fn user_to_shown_undoes_shown_to_user() {
        for rotate in [0, 90, 180, 270] {
            let frame = frame(rotate);
            let (x0, y0) = shown_to_user(&frame, 30.0, 40.0);
            let (x1, y1) = shown_to_user(&frame, 130.0, 60.0);
            let rect = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
            assert_eq!(
                frame.user_to_shown(rect),
                [30.0, 40.0, 130.0, 60.0],
                "{rotate}"
            );
        }
    }
}
