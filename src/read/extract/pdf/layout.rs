//! From positioned text runs to lines, paragraphs and page headers/footers.
//!
//! Spaces are inferred from horizontal gaps, lines from baseline moves, paragraphs from vertical
//! gaps larger than the page's usual line spacing. Lines repeated at the top or bottom of most
//! pages (page numbers masked) are set apart as headers and footers so that a running title
//! never lands in the middle of a clause.

use super::content::Run;
use crate::read::blocks::{Block, BlockKind, Part, CELL_SEPARATOR};
use std::collections::{HashMap, HashSet};

/// One line of text on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub(crate) y: f32,
    pub(crate) size: f32,
    pub(crate) text: String,
    /// The line holds cells separated by [`CELL_SEPARATOR`] (a table row).
    pub(crate) cells: bool,
}

/// A horizontal gap wider than this many ems between two runs is a word space.
const SPACE_GAP_EM: f32 = 0.15;
/// A gap wider than this many ems separates table cells (or tab-aligned columns).
const CELL_GAP_EM: f32 = 2.0;

/// Groups runs into lines in reading order.
pub(crate) fn lines(runs: &[Run]) -> Vec<Line> {
    let mut runs: Vec<&Run> = runs.iter().filter(|r| !r.text.is_empty()).collect();
    // Content-stream order is top-to-bottom in almost every producer's output; only sort when
    // the stream jumps back up the page (text boxes, columns drawn out of order).
    let goes_up = runs
        .windows(2)
        .any(|w| w[1].y > w[0].y + 0.6 * w[0].size.max(1.0));
    if goes_up {
        runs.sort_by(|a, b| b.y.total_cmp(&a.y));
    }
    let mut groups: Vec<Vec<&Run>> = Vec::new();
    for run in runs {
        if let Some(group) = groups.last_mut() {
            let base = group[0];
            let tolerance = 0.5 * base.size.max(run.size).max(1.0);
            if (run.y - base.y).abs() <= tolerance {
                group.push(run);
                continue;
            }
        }
        groups.push(vec![run]);
    }
    groups.into_iter().map(line_of).collect()
}

fn line_of(mut runs: Vec<&Run>) -> Line {
    runs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut text = String::new();
    let mut cells = false;
    let mut prev: Option<&Run> = None;
    for run in &runs {
        if let Some(p) = prev {
            let em = p.size.max(run.size).max(1.0);
            let gap = run.x0 - p.x1;
            if gap > CELL_GAP_EM * em {
                let trimmed = text.trim_end_matches(' ').len();
                text.truncate(trimmed);
                text.push_str(CELL_SEPARATOR);
                cells = true;
                text.push_str(run.text.trim_start_matches(' '));
                prev = Some(run);
                continue;
            }
            let space_around = text.chars().next_back().is_some_and(char::is_whitespace)
                || run.text.chars().next().is_some_and(char::is_whitespace);
            if gap > SPACE_GAP_EM * em && !space_around {
                text.push(' ');
            }
        }
        text.push_str(&run.text);
        prev = Some(run);
    }
    let size = runs
        .iter()
        .max_by_key(|r| r.text.chars().count())
        .map(|r| r.size)
        .unwrap_or(0.0);
    Line {
        y: runs.first().map(|r| r.y).unwrap_or(0.0),
        size,
        text: text.trim_end_matches(' ').to_string(),
        cells,
    }
}

/// Groups the lines of one page into paragraph blocks (table rows become their own blocks).
pub(crate) fn paragraphs(lines: &[Line], page: u32) -> Vec<Block> {
    let mut steps: Vec<f32> = lines
        .windows(2)
        .map(|w| w[0].y - w[1].y)
        .filter(|d| *d > 0.0)
        .collect();
    steps.sort_by(f32::total_cmp);
    let median = steps.get(steps.len() / 2).copied().unwrap_or(0.0);
    let mut blocks = Vec::new();
    let mut current: Vec<&Line> = Vec::new();
    let flush = |current: &mut Vec<&Line>, blocks: &mut Vec<Block>| {
        if current.is_empty() {
            return;
        }
        let text = current
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        let kind = if current.iter().all(|l| l.cells) {
            BlockKind::TableRow
        } else {
            BlockKind::Paragraph
        };
        if !text.trim().is_empty() {
            blocks.push(Block::paragraph(text).with_kind(kind).on_page(page));
        }
        current.clear();
    };
    for line in lines {
        if let Some(prev) = current.last() {
            let step = prev.y - line.y;
            let size = prev.size.max(line.size).max(1.0);
            let new_block = line.cells
                || prev.cells
                || step <= 0.0
                || step > median * 1.3 + 0.05 * size
                || step > 2.5 * size
                || (prev.size - line.size).abs() > 0.1 * size;
            if new_block {
                flush(&mut current, &mut blocks);
            }
        }
        current.push(line);
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// How many lines the page-margin repeats may take at each end of a page.
const MARGIN_LINES: usize = 2;

/// A line's identity for repeat detection: digits masked, spaces collapsed.
fn margin_key(text: &str) -> String {
    let mut key = String::new();
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                key.push('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        if c.is_whitespace() {
            if !key.ends_with(' ') {
                key.push(' ');
            }
        } else {
            key.push(c);
        }
    }
    key.trim().to_string()
}

/// For each page, how many of its first lines are a repeated header and how many of its last
/// lines a repeated footer. Needs 3 pages or more; a line counts when it appears (digits masked)
/// among the first or last two lines of at least 60 % of the pages.
pub(crate) fn repeated_margins(pages: &[Vec<String>]) -> Vec<(usize, usize)> {
    let n = pages.len();
    if n < 3 {
        return vec![(0, 0); n];
    }
    let needed = (n * 3).div_ceil(5);
    let frequent = |ends: &dyn Fn(&Vec<String>) -> Vec<&String>| -> HashSet<String> {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for page in pages {
            let keys: HashSet<String> = ends(page)
                .into_iter()
                .map(|l| margin_key(l))
                .filter(|k| !k.is_empty())
                .collect();
            for k in keys {
                *counts.entry(k).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .filter(|(_, c)| *c >= needed)
            .map(|(k, _)| k)
            .collect()
    };
    let tops = frequent(&|p| p.iter().take(MARGIN_LINES).collect());
    let bottoms = frequent(&|p| p.iter().rev().take(MARGIN_LINES).collect());
    pages
        .iter()
        .map(|page| {
            let top = page
                .iter()
                .take(MARGIN_LINES)
                .take_while(|l| tops.contains(&margin_key(l)))
                .count();
            let bottom = page
                .iter()
                .skip(top)
                .rev()
                .take(MARGIN_LINES)
                .take_while(|l| bottoms.contains(&margin_key(l)))
                .count();
            (top, bottom)
        })
        .collect()
}

/// Turns the lines of every page into blocks, headers and footers set apart.
pub(crate) fn blocks(pages: &[Vec<Line>]) -> Vec<Block> {
    let texts: Vec<Vec<String>> = pages
        .iter()
        .map(|p| p.iter().map(|l| l.text.clone()).collect())
        .collect();
    let margins = repeated_margins(&texts);
    let mut out = Vec::new();
    for (index, (page, &(top, bottom))) in pages.iter().zip(&margins).enumerate() {
        let number = index as u32 + 1;
        for line in &page[..top] {
            out.push(
                Block::paragraph(line.text.clone())
                    .in_part(Part::Header)
                    .on_page(number),
            );
        }
        out.extend(paragraphs(&page[top..page.len() - bottom], number));
        for line in &page[page.len() - bottom..] {
            out.push(
                Block::paragraph(line.text.clone())
                    .in_part(Part::Footer)
                    .on_page(number),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x0: f32, x1: f32, y: f32, text: &str) -> Run {
        Run {
            x0,
            x1,
            y,
            size: 12.0,
            text: text.to_string(),
        }
    }

    #[test]
    fn kerning_and_font_switches_do_not_split_words() {
        let runs = [
            run(10.0, 40.0, 700.0, "quali"),
            run(40.5, 50.0, 700.0, "fi"),
            run(50.2, 70.0, 700.0, "cation"),
            run(73.0, 90.0, 700.0, "5"),
            run(90.0, 93.0, 700.0, "\u{a0}"),
            run(93.0, 100.0, 700.0, "%"),
        ];
        let lines = lines(&runs);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "qualification 5\u{a0}%");
    }

    #[test]
    fn table_cells_and_lines() {
        let runs = [
            run(10.0, 60.0, 700.0, "Public"),
            run(200.0, 240.0, 700.0, "1 200 h"),
            run(400.0, 420.0, 700.0, "5 %"),
            run(10.0, 60.0, 686.0, "Suite"),
        ];
        let lines = lines(&runs);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "Public | 1 200 h | 5 %");
        assert!(lines[0].cells);
        let blocks = paragraphs(&lines, 1);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].kind, BlockKind::TableRow);
    }

    #[test]
    fn paragraphs_split_on_larger_gaps() {
        let mk = |y: f32, t: &str| Line {
            y,
            size: 12.0,
            text: t.to_string(),
            cells: false,
        };
        let lines = [
            mk(700.0, "a"),
            mk(686.0, "b"),
            mk(672.0, "c"),
            mk(650.0, "d"),
            mk(636.0, "e"),
        ];
        let blocks = paragraphs(&lines, 2);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["a\nb\nc", "d\ne"]);
        assert!(blocks.iter().all(|b| b.page == Some(2)));
    }

    #[test]
    fn out_of_order_content_is_sorted_top_to_bottom() {
        let runs = [
            run(10.0, 50.0, 600.0, "bas"),
            run(10.0, 50.0, 700.0, "haut"),
        ];
        let texts: Vec<String> = lines(&runs).into_iter().map(|l| l.text).collect();
        assert_eq!(texts, ["haut", "bas"]);
    }

    #[test]
    fn repeated_headers_and_footers_are_found() {
        let page = |n: usize, body: &[&str]| {
            let mut lines = vec![
                "CCAP – Marché de travaux 2025".to_string(),
                format!("Article {n} – Objet"),
            ];
            lines.extend(body.iter().map(|s| s.to_string()));
            lines.push(format!("Page {n} / 4"));
            lines
        };
        let pages = vec![
            page(1, &["Le titulaire s’engage."]),
            page(2, &["Clause d’insertion."]),
            page(3, &["Pénalités."]),
            vec![
                "CCAP – Marché de travaux 2025".to_string(),
                "Fin.".to_string(),
            ],
        ];
        let margins = repeated_margins(&pages);
        // "Article n – Objet" repeats too once digits are masked: it is in the top two lines
        // of three pages of four.
        assert_eq!(margins, vec![(2, 1), (2, 1), (2, 1), (1, 0)]);
        let two = vec![vec!["Titre".to_string()], vec!["Titre".to_string()]];
        assert_eq!(repeated_margins(&two), vec![(0, 0), (0, 0)]);
    }

    #[test]
    fn header_blocks_are_kept_out_of_the_body() {
        let mk = |y: f32, t: &str| Line {
            y,
            size: 10.0,
            text: t.to_string(),
            cells: false,
        };
        let pages: Vec<Vec<Line>> = (1..=3)
            .map(|n| {
                vec![
                    mk(800.0, "Marché 2025-07"),
                    mk(
                        700.0,
                        &format!("Texte de la page {}", ["un", "deux", "trois"][n - 1]),
                    ),
                    mk(40.0, &format!("Page {n} sur 3")),
                ]
            })
            .collect();
        let blocks = blocks(&pages);
        assert_eq!(blocks.len(), 9);
        assert_eq!(blocks[0].part, Part::Header);
        assert_eq!(blocks[1].part, Part::Body);
        assert_eq!(blocks[2].part, Part::Footer);
        assert_eq!(blocks[2].text, "Page 1 sur 3");
        assert_eq!(blocks[8].page, Some(3));
    }
}
