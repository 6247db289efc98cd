//! Register terms in a PDF page's visual reading order (issue 11 point 2). A page's text is in
//! the order its content stream draws it, and that is what findings index into; the verifier
//! also reads every page in the order a reader sees it, so a name drawn "land" before "Samuel
//! Cleve", or a phone number drawn second half first, is a register term to it and not to the
//! rules reading the page's text. Gathering gives the pages whose visual order differs
//! ([`ReadingOrder`], pieces of the page's text); this pass runs the detector on that text and
//! maps what it finds about a protected third party back onto the pieces it lies in, one
//! finding per stretch of the page's text (rule `register.reading-order`, the rule that read it
//! in the reason), so the redactor removes every part of it.
//!
//! Only protected third parties' findings are taken from the visual reading: they are what the
//! verifier looks for there. Everything else (the subject, professionals, unregistered names) is
//! judged on the page's own text, where the context the word rules weigh is the producer's.

use crate::model::{Finding, Owner, ReadingOrder, Span, page_starts};
use crate::rules::RuleId;

use super::Detector;

/// The findings about protected third parties in the visual reading of each page in `orders`
/// that no finding in `taken` already holds, as spans of `pages` joined by `PAGE_SEPARATOR`.
pub(crate) fn find(
    detector: &Detector,
    pages: &[String],
    orders: &[ReadingOrder],
    taken: &[Finding],
) -> Vec<Finding> {
    let page_starts = page_starts(pages);
    let mut out: Vec<Finding> = Vec::new();
    for order in orders {
        let Some(index) = (order.page as usize).checked_sub(1) else {
            continue;
        };
        let (Some(page), Some(&base)) = (pages.get(index), page_starts.get(index)) else {
            continue;
        };
        let (text, starts) = order.text(page);
        for finding in detector.find(&text) {
            if !matches!(
                finding.owner,
                Owner::RegisteredThirdParty { consent: false, .. }
            ) {
                continue;
            }
            for (start, end) in page_stretches(page, order, &starts, finding.span) {
                let span = Span::new(base + start, base + end);
                // A name kept as in role holds no register term: that is only a reading of
                // its shape and place (see `detect`).
                if taken
                    .iter()
                    .filter(|held| held.rule != "role.professional-in-role")
                    .chain(out.iter())
                    .any(|held| held.span.start <= span.start && span.end <= held.span.end)
                {
                    continue;
                }
                out.push(Finding {
                    span,
                    text: page[start..end].to_string(),
                    kind: finding.kind,
                    owner: finding.owner.clone(),
                    rule: const { RuleId::known("register.reading-order") },
                    why: format!(
                        "{} (`{}`), read in the page's visual order (lines top to bottom, each left to right), as the verifier reads; the file draws its parts in another order",
                        finding.why, finding.rule
                    ),
                    review: finding.review,
                });
            }
        }
    }
    out
}

/// The stretches of `page` that the reading's bytes `span` come from, in page order: the parts
/// of each piece it covers, joined where only whitespace of the page lies between them, and
/// trimmed of whitespace.
fn page_stretches(
    page: &str,
    order: &ReadingOrder,
    starts: &[usize],
    span: Span,
) -> Vec<(usize, usize)> {
    let mut parts: Vec<(usize, usize)> = order
        .pieces
        .iter()
        .zip(starts)
        .filter_map(|(piece, &start)| {
            let end = start + (piece.end - piece.start);
            let (from, to) = (span.start.max(start), span.end.min(end));
            (from < to).then(|| (piece.start + from - start, piece.start + to - start))
        })
        .collect();
    parts.sort_unstable();
    let mut joined: Vec<(usize, usize)> = Vec::new();
    for (start, end) in parts {
        match joined.last_mut() {
            Some(last)
                if start <= last.1
                    || page
                        .get(last.1..start)
                        .is_some_and(|between| between.trim().is_empty()) =>
            {
                last.1 = last.1.max(end)
            }
            _ => joined.push((start, end)),
        }
    }
    joined
        .into_iter()
        .filter_map(|(start, end)| {
            let part = page.get(start..end)?;
            let from = start + (part.len() - part.trim_start().len());
            let to = from + part.trim().len();
            (from < to).then_some((from, to))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ReadingPiece;

    fn piece(start: usize, end: usize, after: Option<char>) -> ReadingPiece {
        ReadingPiece { start, end, after }
    }

    #[test]
    fn a_term_read_across_pieces_maps_back_to_each_stretch_of_the_page() {
        // Drawn "land" first, then "and Samuel Cleve" to its left on the same line.
        let page = "land and Samuel Cleve rang";
        let order = ReadingOrder {
            page: 1,
            pieces: vec![
                piece(5, 8, None),
                piece(9, 21, Some(' ')),
                piece(0, 4, None),
                piece(22, 26, Some(' ')),
            ],
        };
        let (text, starts) = order.text(page);
        assert_eq!(text, "and Samuel Cleveland rang");
        let name = Span::new(4, 4 + "Samuel Cleveland".len());
        assert_eq!(
            page_stretches(page, &order, &starts, name),
            [(0, 4), (9, 21)]
        );
        // Pieces next to each other in the page (with only whitespace between) join up.
        let page = "07700 944024";
        let order = ReadingOrder {
            page: 1,
            pieces: vec![piece(6, 12, None), piece(0, 5, Some(' '))],
        };
        let (text, starts) = order.text(page);
        assert_eq!(text, "944024 07700");
        assert_eq!(
            page_stretches(page, &order, &starts, Span::new(0, text.len())),
            [(0, 12)]
        );
    }
}
