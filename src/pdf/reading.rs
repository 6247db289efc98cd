//! A page's text in the order a reader sees it (issue 11 point 2). Page texts are in
//! content-stream order, which is what decisions index into; but a producer may draw a line's
//! words in any order (a name's end before its start, a phone number's second half first, a
//! page number or a heading last). The verifier also reads each page in its visual order, so
//! gathering works that order out too, as pieces of the page's own text
//! ([`crate::model::ReadingOrder`]), and detection reads it before anything is redacted.
//!
//! The order here is this module's own reading of the glyph boxes the interpreter gives: lines
//! from the top of the page down, a glyph belonging to a line when its middle lies within half
//! a line height of the line's first glyph, and each line from left to right. It is written
//! independently of the verifier's (HOUSE-STYLE rule 5) and needs only to read the same words
//! together.

use crate::model::{ReadingOrder, ReadingPiece};

use super::interpret::PageLayout;

/// A glyph that carries text, as this reading needs it.
struct Seen {
    /// Its place among the page's text-carrying glyphs in content order.
    order: usize,
    start: usize,
    end: usize,
    left: f64,
    right: f64,
    middle: f64,
    height: f64,
}

/// The visual order of `layout`'s text, or `None` when it reads in content order already (the
/// same letters in the same order, however the whitespace between them differs).
pub(crate) fn reading_order(layout: &PageLayout) -> Option<ReadingOrder> {
    let text = layout.text.as_str();
    let mut seen: Vec<Seen> = layout
        .glyphs
        .iter()
        .filter(|glyph| {
            text.get(glyph.text_start as usize..glyph.text_end as usize)
                .is_some_and(|part| part.chars().any(|c| !c.is_whitespace()))
        })
        .filter(|glyph| glyph.bbox.iter().all(|value| value.is_finite()))
        .enumerate()
        .map(|(order, glyph)| {
            let [left, bottom, right, top] = glyph.bbox;
            Seen {
                order,
                start: glyph.text_start as usize,
                end: glyph.text_end as usize,
                left: left.min(right),
                right: left.max(right),
                middle: (bottom + top) / 2.0,
                height: (top - bottom).abs().max(0.01),
            }
        })
        .collect();
    if seen.len() < 2 {
        return None;
    }
    // Top of the page first (page space has y up), then left to right.
    seen.sort_by(|a, b| {
        b.middle
            .total_cmp(&a.middle)
            .then(a.left.total_cmp(&b.left))
    });
    let mut lines: Vec<Vec<Seen>> = Vec::new();
    for glyph in seen {
        match lines.last_mut() {
            Some(line)
                if (line[0].middle - glyph.middle).abs()
                    <= 0.5 * line[0].height.max(glyph.height) =>
            {
                line.push(glyph)
            }
            _ => lines.push(vec![glyph]),
        }
    }
    let mut pieces: Vec<ReadingPiece> = Vec::new();
    let mut previous: Option<(usize, f64, f64)> = None;
    for mut line in lines {
        line.sort_by(|a, b| a.left.total_cmp(&b.left));
        for (position, glyph) in line.iter().enumerate() {
            // The next glyph in content order reads on in the same piece, with the page
            // text's own whitespace between them.
            if let (Some((order, _, _)), Some(piece)) = (previous, pieces.last_mut())
                && glyph.order == order + 1
                && glyph.start >= piece.end
            {
                piece.end = glyph.end;
            } else {
                let after = match previous {
                    None => None,
                    Some(_) if position == 0 => Some('\n'),
                    Some((_, right, height)) => {
                        (glyph.left - right > 0.2 * height.max(glyph.height)).then_some(' ')
                    }
                };
                pieces.push(ReadingPiece {
                    start: glyph.start,
                    end: glyph.end,
                    after,
                });
            }
            previous = Some((glyph.order, glyph.right, glyph.height));
        }
    }
    // In content order already: every piece starts where the one before it ended or later.
    if pieces.windows(2).all(|pair| pair[1].start >= pair[0].end) {
        return None;
    }
    Some(ReadingOrder {
        page: layout.number,
        pieces,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_page(name: &str) -> PageLayout {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/register-layouts")
            .join(name);
        let bytes = std::fs::read(&path).unwrap();
        let document = super::super::load(&bytes, &Default::default()).unwrap();
        let page = *document.get_pages().get(&1).unwrap();
        let mut fonts = super::super::interpret::FontCache::default();
        super::super::interpret::interpret_page(&document, 1, page, &mut fonts, false).unwrap()
    }

    #[test]
    fn a_page_drawn_out_of_order_reads_in_visual_order() {
        // fpdf2 drew each of the middle lines right part first.
        let layout = first_page("fpdf2-out-of-order.pdf");
        assert!(
            layout
                .text
                .contains("land came to the door. Her neighbour Samuel Cleve")
        );
        let order = reading_order(&layout).unwrap();
        assert_eq!(order.page, 1);
        let (text, _) = order.text(&layout.text);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "Home visit to Jade Carter, recorded by Kevin Osei.",
                "Her neighbour Samuel Cleveland came to the door.",
                "He rang from 07700 944024 if needed.",
                "Jade said the visit went well.",
            ]
        );
    }

    #[test]
    fn a_page_drawn_in_reading_order_needs_no_other_reading() {
        // Wrapped lines, a narrow column, kerned runs: all drawn in the order they read.
        for name in ["fpdf2-wrapped.pdf", "hand-kerned.pdf"] {
            assert!(reading_order(&first_page(name)).is_none(), "{name}");
        }
    }
}
