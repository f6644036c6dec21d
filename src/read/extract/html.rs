//! HTML, through the html5ever parser behind `scraper`: block elements become blocks, table
//! rows stay one line, scripts and styles are skipped, entities (`&nbsp;`) are decoded by the
//! parser so the normaliser sees the real characters.

use super::html_nesting::bound_nesting;
use super::text::decode;
use crate::base::error::Problem;
use crate::read::blocks::{Block, BlockKind, Extracted, Reader, CELL_SEPARATOR};
use crate::read::extract::Limits;
use scraper::{ElementRef, Html, Node};

/// Deepest element nesting walked; deeper content is flattened into its ancestor's text.
const MAX_DEPTH: usize = 256;

/// Reads an HTML file into blocks.
pub(crate) fn read(bytes: &[u8], _limits: &Limits) -> Result<Extracted, Problem> {
    let source = decode(bytes)?;
    let html = Html::parse_document(&bound_nesting(&source));
    let mut walker = Walker::default();
    walker.element(html.root_element(), 0);
    walker.flush();
    Ok(Extracted::new(Reader::Html, None, walker.blocks))
}

#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    current: String,
    kind: Option<BlockKind>,
    pre: usize,
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "aside"
            | "nav"
            | "blockquote"
            | "pre"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "figure"
            | "figcaption"
            | "caption"
            | "address"
            | "hr"
            | "body"
            | "table"
            | "form"
            | "fieldset"
    )
}

/// A table cell's text, its `<br>` kept as line breaks (criteria listed one per line).
fn cell_text(cell: ElementRef<'_>) -> String {
    let mut raw = String::new();
    for node in cell.descendants() {
        match node.value() {
            Node::Text(text) => raw.push_str(text),
            Node::Element(e) if e.name() == "br" => raw.push('\n'),
            _ => {}
        }
    }
    raw.split('\n')
        .map(|line| line.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether an element holds block elements (paragraphs, headings, lists, tables) below it.
fn holds_blocks(element: ElementRef<'_>) -> bool {
    element.descendants().filter_map(ElementRef::wrap).any(|e| {
        let name = e.value().name();
        is_block(name) || matches!(name, "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    })
}

impl Walker {
    fn element(&mut self, element: ElementRef<'_>, depth: usize) {
        let name = element.value().name();
        if matches!(
            name,
            "script" | "style" | "head" | "noscript" | "template" | "svg" | "math"
        ) {
            return;
        }
        match name {
            "br" => {
                self.current.push('\n');
                return;
            }
            "tr" => {
                self.flush();
                let cells: Vec<ElementRef<'_>> = element
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .collect();
                // A page laid out in a table (TED and BOAMP notices) has paragraphs in its
                // cells, not values: read each cell as a part of the page.
                if depth < MAX_DEPTH && cells.iter().any(|c| holds_blocks(*c)) {
                    for cell in cells {
                        self.element(cell, depth + 1);
                        self.flush();
                    }
                    return;
                }
                let cells: Vec<String> = cells.into_iter().map(cell_text).collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    self.blocks.push(
                        Block::paragraph(cells.join(CELL_SEPARATOR)).with_kind(BlockKind::TableRow),
                    );
                }
                return;
            }
            _ => {}
        }
        let heading = match name.as_bytes() {
            [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
            _ => None,
        };
        let block = heading.is_some() || name == "li" || is_block(name);
        if block {
            self.flush();
            self.kind = match (heading, name) {
                (Some(level), _) => Some(BlockKind::Heading { level }),
                (None, "li") => Some(BlockKind::ListItem),
                _ => None,
            };
        }
        if name == "pre" {
            self.pre += 1;
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => {
                    if self.pre > 0 {
                        self.current.push_str(text);
                    } else {
                        // Source line breaks are just spaces in HTML.
                        self.current.extend(text.chars().map(|c| {
                            if c == '\n' || c == '\r' {
                                ' '
                            } else {
                                c
                            }
                        }));
                    }
                }
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        if depth < MAX_DEPTH {
                            self.element(child, depth + 1);
                        } else {
                            self.current.extend(child.text());
                        }
                    }
                }
                _ => {}
            }
        }
        if name == "pre" {
            self.pre -= 1;
        }
        if block {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let text: String = self
            .current
            .split('\n')
            .map(|line| {
                line.split(' ')
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.trim_matches('\n');
        if !text.trim().is_empty() {
            self.blocks
                .push(Block::paragraph(text).with_kind(self.kind.unwrap_or(BlockKind::Paragraph)));
        }
        self.current.clear();
        self.kind = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_tables_and_entities() {
        let html = "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>\
            <h1>Article 9 &ndash; Clause d&rsquo;insertion</h1>\
            <p>Le titulaire\n s&rsquo;engage &agrave; r&eacute;aliser 5&nbsp;% des heures.<br>Suite</p>\
            <table><tr><th>Lot</th><th>Heures</th></tr><tr><td>01</td><td>1&#8239;050 heures</td></tr></table>\
            <ul><li>SIAE</li><li>GEIQ</li></ul><script>var x = 1;</script></body></html>";
        let blocks = read(html.as_bytes(), &Limits::default()).unwrap().blocks;
        let got: Vec<_> = blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    BlockKind::Heading { level: 1 },
                    "Article 9 – Clause d’insertion"
                ),
                (
                    BlockKind::Paragraph,
                    "Le titulaire s’engage à réaliser 5\u{a0}% des heures.\nSuite"
                ),
                (BlockKind::TableRow, "Lot | Heures"),
                (BlockKind::TableRow, "01 | 1\u{202f}050 heures"),
                (BlockKind::ListItem, "SIAE"),
                (BlockKind::ListItem, "GEIQ"),
            ]
        );
    }

    #[test]
    fn a_page_laid_out_in_a_table_keeps_its_paragraphs() {
        let html = "<html><body><table><tr><td>Avis</td><td>\
            <div>III.2.2) Conditions particulières d'exécution :</div>\
            <p>Le titulaire réalise 5 % des heures en insertion.</p>\
            <table><tr><td>Lot</td><td>Heures<br> par an</td></tr></table></td></tr></table></body></html>";
        let blocks = read(html.as_bytes(), &Limits::default()).unwrap().blocks;
        let got: Vec<_> = blocks.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (BlockKind::Paragraph, "Avis"),
                (
                    BlockKind::Paragraph,
                    "III.2.2) Conditions particulières d'exécution :"
                ),
                (
                    BlockKind::Paragraph,
                    "Le titulaire réalise 5 % des heures en insertion."
                ),
                (BlockKind::TableRow, "Lot | Heures\npar an"),
            ]
        );
    }
}
