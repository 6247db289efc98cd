//! Word tables typeset as tables (issue 15 point 4). The Word reader marks each table row in the
//! record's text (`model::TABLE_ROW`, `TABLE_HEADER_ROW`, `TABLE_CELL`), and redaction turns the
//! text into paragraphs of runs with every redacted span already a box; [`group`] then gathers
//! consecutive row paragraphs into one `Block::Grid`, splitting each row's runs at the cell
//! marks, so every box stays in the cell its text was in and the typesetter sets the cells in a
//! grid with borders. A row that lost its mark (a redaction that ran into it from the line
//! before) is set as a paragraph reading "a | b", as before: nothing is dropped either way.

use crate::model::{TABLE_CELL, TABLE_HEADER_ROW, TABLE_ROW};
use crate::render::{Block, Run};

/// One table being gathered: its rows, whether the first is a header, and how many body rows.
struct Gathering {
    rows: Vec<Vec<Vec<Run>>>,
    header: bool,
    body: usize,
}

impl Gathering {
    fn block(self) -> Block {
        Block::Grid {
            rows: self.rows,
            header: self.header,
        }
    }
}

/// Gathers marked table rows into grids; every other block passes through with any stray mark
/// taken out of its text.
pub(crate) fn group(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    let mut table: Option<Gathering> = None;
    for block in blocks {
        let (header, runs) = match block {
            Block::Paragraph(runs) => match row_kind(&runs) {
                Some(header) => (header, runs),
                None => {
                    out.extend(table.take().map(Gathering::block));
                    out.push(Block::Paragraph(unmarked(runs)));
                    continue;
                }
            },
            other => {
                out.extend(table.take().map(Gathering::block));
                out.push(other);
                continue;
            }
        };
        let cells = split_cells(runs);
        // A header row after body rows starts the next table.
        if header && table.as_ref().is_some_and(|table| table.body > 0) {
            out.extend(table.take().map(Gathering::block));
        }
        let gathering = table.get_or_insert_with(|| Gathering {
            rows: Vec::new(),
            header,
            body: 0,
        });
        if !header {
            gathering.body += 1;
        }
        gathering.rows.push(cells);
    }
    out.extend(table.take().map(Gathering::block));
    out
}

/// `Some(is_header)` when the paragraph is a marked table row.
fn row_kind(runs: &[Run]) -> Option<bool> {
    match runs.first() {
        Some(Run::Text(text)) if text.starts_with(TABLE_HEADER_ROW) => Some(true),
        Some(Run::Text(text)) if text.starts_with(TABLE_ROW) => Some(false),
        _ => None,
    }
}

/// A row's runs cut at the cell marks, each cell without the ` | ` that follows a mark.
fn split_cells(runs: Vec<Run>) -> Vec<Vec<Run>> {
    let mut cells: Vec<Vec<Run>> = Vec::new();
    let mut cell: Vec<Run> = Vec::new();
    let mut first = true;
    for run in runs {
        let text = match run {
            Run::Text(text) => text,
            other => {
                cell.push(other);
                continue;
            }
        };
        let text = if first {
            text.trim_start_matches([TABLE_ROW, TABLE_HEADER_ROW])
                .to_string()
        } else {
            text
        };
        first = false;
        for (index, piece) in text.split(TABLE_CELL).enumerate() {
            let piece = if index > 0 {
                cells.push(trimmed(std::mem::take(&mut cell)));
                piece.strip_prefix(" | ").unwrap_or(piece)
            } else {
                piece
            };
            if !piece.is_empty() {
                cell.push(Run::Text(piece.to_string()));
            }
        }
    }
    cells.push(trimmed(cell));
    cells
}

/// A cell's runs without the spaces at its two ends.
fn trimmed(mut cell: Vec<Run>) -> Vec<Run> {
    if let Some(Run::Text(text)) = cell.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Run::Text(text)) = cell.last_mut() {
        *text = text.trim_end().to_string();
    }
    cell.retain(|run| !matches!(run, Run::Text(text) if text.is_empty()));
    cell
}

/// A paragraph's runs without table marks (a row that lost its leading mark).
fn unmarked(runs: Vec<Run>) -> Vec<Run> {
    runs.into_iter()
        .map(|run| match run {
            Run::Text(text) if text.contains([TABLE_ROW, TABLE_HEADER_ROW, TABLE_CELL]) => {
                Run::Text(text.replace([TABLE_ROW, TABLE_HEADER_ROW, TABLE_CELL], ""))
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Code;

    fn text(value: &str) -> Run {
        Run::Text(value.to_string())
    }

    #[test]
    fn marked_rows_become_one_grid_with_boxes_in_their_cells() {
        let blocks = vec![
            Block::Paragraph(vec![text("Before")]),
            Block::Paragraph(vec![text("\u{1d}Name\u{1f} | Relationship")]),
            Block::Paragraph(vec![
                text("\u{1e}"),
                Run::Redaction(Code("TP".into())),
                text("\u{1f} | Aunt | great-aunt"),
            ]),
            Block::Paragraph(vec![text("\u{1e}Jade Carter\u{1f} | \u{1f} | ")]),
            Block::Paragraph(vec![text("After a\u{1f} | b")]),
        ];
        let grouped = group(blocks);
        assert_eq!(grouped.len(), 3, "{grouped:#?}");
        assert_eq!(grouped[0], Block::Paragraph(vec![text("Before")]));
        assert_eq!(
            grouped[1],
            Block::Grid {
                header: true,
                rows: vec![
                    vec![vec![text("Name")], vec![text("Relationship")]],
                    vec![
                        vec![Run::Redaction(Code("TP".into()))],
                        // A pipe inside a cell stays in the cell.
                        vec![text("Aunt | great-aunt")],
                    ],
                    vec![vec![text("Jade Carter")], vec![], vec![]],
                ],
            }
        );
        // A stray mark never reaches the typesetter.
        assert_eq!(grouped[2], Block::Paragraph(vec![text("After a | b")]));
    }

    #[test]
    fn a_header_row_after_body_rows_starts_the_next_table() {
        let grouped = group(vec![
            Block::Paragraph(vec![text("\u{1e}a\u{1f} | b")]),
            Block::Paragraph(vec![text("\u{1d}c\u{1f} | d")]),
            Block::Paragraph(vec![text("\u{1e}e\u{1f} | f")]),
        ]);
        assert_eq!(grouped.len(), 2);
        assert!(matches!(&grouped[0], Block::Grid { header: false, rows } if rows.len() == 1));
        assert!(matches!(&grouped[1], Block::Grid { header: true, rows } if rows.len() == 2));
    }
}
