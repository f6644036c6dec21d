//! Markdown, through pulldown-cmark: headings, paragraphs, lists, pipe tables.
//!
//! Markdown made by PDF converters often carries page markers as headings ("## Page 12");
//! those set the page of the blocks that follow instead of becoming headings, so locations in
//! a converted document still point at the original page.

use super::text::decode;
use crate::base::error::Problem;
use crate::read::blocks::{Block, BlockKind, Extracted, Part, Reader, CELL_SEPARATOR};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Reads a Markdown file into blocks.
pub(crate) fn read(bytes: &[u8]) -> Result<Extracted, Problem> {
    let source = decode(bytes)?;
    let mut reader = MdReader::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    for event in Parser::new_ext(&source, options) {
        reader.event(event);
    }
    reader.flush();
    let pages = reader.page;
    let mut extracted = Extracted::new(Reader::Markdown, pages, reader.blocks);
    if pages.is_none() {
        for block in &mut extracted.blocks {
            block.page = None;
        }
    }
    Ok(extracted)
}

#[derive(Default)]
struct MdReader {
    blocks: Vec<Block>,
    current: String,
    kind: Option<BlockKind>,
    part: Part,
    cells: Vec<String>,
    in_cell: bool,
    list_depth: usize,
    /// Page set by the last "Page N" marker heading, if any.
    page: Option<u32>,
}

impl MdReader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t)
            }
            Event::SoftBreak | Event::HardBreak => self.push_text("\n"),
            Event::InlineHtml(h) | Event::Html(h) => {
                if h.trim().to_ascii_lowercase().starts_with("<br") {
                    self.push_text("\n");
                }
            }
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn push_text(&mut self, t: &str) {
        if self.in_cell {
            if let Some(cell) = self.cells.last_mut() {
                cell.push_str(t);
            }
        } else {
            self.current.push_str(t);
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.kind = Some(BlockKind::Heading { level: level as u8 });
            }
            // A paragraph inside a list item continues the item.
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::BlockQuote(_)
                if self.list_depth == 0 =>
            {
                self.flush();
                self.kind.get_or_insert(BlockKind::Paragraph);
            }
            Tag::Item => {
                self.flush();
                self.kind = Some(BlockKind::ListItem);
            }
            Tag::List(_) => {
                self.flush();
                self.list_depth += 1;
            }
            Tag::TableRow | Tag::TableHead => {
                self.flush();
                self.cells.clear();
            }
            Tag::TableCell => {
                self.cells.push(String::new());
                self.in_cell = true;
            }
            Tag::FootnoteDefinition(_) => {
                self.flush();
                self.part = Part::Footnote;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let text = self.current.trim();
                if let Some(page) = page_marker(text) {
                    self.page = Some(page);
                    self.current.clear();
                    self.kind = None;
                } else {
                    self.flush();
                }
            }
            TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::BlockQuote(_) => {
                if self.list_depth == 0 {
                    self.flush();
                } else {
                    self.current.push('\n');
                }
            }
            TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.list_depth = self.list_depth.saturating_sub(1);
            }
            TagEnd::TableCell => self.in_cell = false,
            TagEnd::TableRow | TagEnd::TableHead => {
                let cells: Vec<String> = self
                    .cells
                    .drain(..)
                    .map(|c| c.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
                    .collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    let mut block = Block::paragraph(cells.join(CELL_SEPARATOR))
                        .with_kind(BlockKind::TableRow)
                        .in_part(self.part);
                    block.page = self.page;
                    self.blocks.push(block);
                }
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.part = Part::Body;
            }
            _ => {}
        }
    }

    fn flush(&mut self) {
        let text = self.current.trim_matches('\n');
        if !text.trim().is_empty() {
            let kind = self.kind.unwrap_or(BlockKind::Paragraph);
            let mut block = Block::paragraph(text).with_kind(kind).in_part(self.part);
            block.page = self.page;
            self.blocks.push(block);
        }
        self.current.clear();
        self.kind = None;
    }
}

/// "Page 12" as a whole heading is a converter's page marker.
fn page_marker(heading: &str) -> Option<u32> {
    let rest = heading.strip_prefix("Page ")?;
    rest.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(md: &str) -> Vec<(BlockKind, String)> {
        read(md.as_bytes())
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn headings_paragraphs_tables_and_lists() {
        let blocks = texts(
            "# Article 9 – Clause\n\nLe titulaire\ns’engage.\n\n| Lot | Heures |\n|---|---|\n| 01 | 1 050 heures |\n\n- SIAE\n- GEIQ\n",
        );
        assert_eq!(
            blocks,
            [
                (BlockKind::Heading { level: 1 }, "Article 9 – Clause".into()),
                (BlockKind::Paragraph, "Le titulaire\ns’engage.".into()),
                (BlockKind::TableRow, "Lot | Heures".into()),
                (BlockKind::TableRow, "01 | 1 050 heures".into()),
                (BlockKind::ListItem, "SIAE".into()),
                (BlockKind::ListItem, "GEIQ".into()),
            ]
        );
    }

    #[test]
    fn page_markers_set_pages() {
        let extracted = read(b"## Page 1\n\nA\n\n---\n\n## Page 2\n\n    4.5 Insertion\n").unwrap();
        assert_eq!(extracted.pages, Some(2));
        let pages: Vec<_> = extracted
            .blocks
            .iter()
            .map(|b| (b.page, b.text.as_str()))
            .collect();
        assert_eq!(pages, [(Some(1), "A"), (Some(2), "4.5 Insertion")]);
    }
}
