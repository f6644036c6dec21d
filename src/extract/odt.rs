//! ODT text (zipped `.odt` and flat `.fodt`): the body of `content.xml` in document order,
//! then footnotes, endnotes, page headers and footers (from `styles.xml`) and annotations.
//!
//! OpenDocument collapses white space inside paragraphs the way HTML does and spells real
//! spaces as `text:s`; the walker applies those rules so that the text matches what the
//! office suite displays. Deleted text lives in a separate `text:tracked-changes` store, which
//! is skipped.

use crate::document::{Block, BlockKind, Extracted, Part, Reader, CELL_SEPARATOR};
use crate::error::{Code, Problem};
use crate::extract::xml::{self, Element, Node};
use crate::extract::zipped::Container;
use crate::extract::{Deadline, Limits};
use std::collections::HashSet;

/// Most copies of one repeated table cell or row emitted: spreadsheet-like tables declare
/// thousands of identical empty cells that carry nothing.
const MAX_REPEAT: usize = 32;

/// Longest run of spaces one `text:s` may produce (a hostile `c="4000000000"` stays cheap).
const MAX_SPACES: usize = 1000;

/// Reads an ODT (zip) or flat ODT (single XML file) into blocks.
pub(crate) fn read(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    let (content, styles) = if bytes.starts_with(b"PK") {
        let mut zip = Container::open(bytes, limits.max_unpacked)?;
        if let Some(manifest) = zip.bytes("META-INF/manifest.xml")? {
            // An encrypted package keeps its manifest in clear and says so there.
            if String::from_utf8_lossy(&manifest).contains("encryption-data") {
                return Err(Problem::new(
                    Code::Encrypted,
                    "the document is protected by a password (encrypted OpenDocument package)",
                ));
            }
        }
        let content = part(&mut zip, "content.xml", deadline)?.ok_or_else(|| {
            Problem::new(
                Code::CorruptFile,
                "no content.xml in the container: not an OpenDocument text, or a damaged one",
            )
        })?;
        let styles = part(&mut zip, "styles.xml", deadline)?;
        (content, styles)
    } else {
        if bytes.len() as u64 > limits.max_unpacked {
            return Err(Problem::new(
                Code::TooLarge,
                format!(
                    "flat OpenDocument of {} bytes exceeds the {}-byte limit",
                    bytes.len(),
                    limits.max_unpacked
                ),
            ));
        }
        let text = xml::decode(bytes.to_vec(), "the flat OpenDocument file")?;
        let root = xml::parse(&text, "the flat OpenDocument file", deadline)?;
        (root, None)
    };

    let text = content
        .child("office:body")
        .and_then(|b| b.child("office:text"))
        .ok_or_else(|| {
            Problem::new(
                Code::CorruptFile,
                "content.xml has no office:body/office:text: not a text document, or a damaged one",
            )
        })?;
    let mut walker = Walker {
        footnotes: Vec::new(),
        endnotes: Vec::new(),
        comments: Vec::new(),
        deadline,
        steps: 0,
    };
    let mut blocks = Vec::new();
    walker.blocks(text, Part::Body, false, &mut blocks)?;
    blocks.append(&mut walker.footnotes);
    blocks.append(&mut walker.endnotes);

    // Flat files keep the master pages in the one document; packages in styles.xml.
    let masters = styles
        .as_ref()
        .unwrap_or(&content)
        .child("office:master-styles");
    if let Some(masters) = masters {
        for (part_kind, names) in [
            (
                Part::Header,
                ["style:header", "style:header-left", "style:header-first"],
            ),
            (
                Part::Footer,
                ["style:footer", "style:footer-left", "style:footer-first"],
            ),
        ] {
            let mut seen = HashSet::new();
            for page in masters.elements().filter(|e| e.name == "style:master-page") {
                for region in page.elements().filter(|e| names.contains(&e.name.as_str())) {
                    let mut found = Vec::new();
                    walker.blocks(region, part_kind, false, &mut found)?;
                    let key: Vec<&str> = found.iter().map(|b| b.text.as_str()).collect();
                    // Every master page usually repeats the same header.
                    if !found.is_empty() && seen.insert(key.join("\n")) {
                        blocks.extend(found);
                    }
                }
            }
        }
        // Notes and annotations inside headers are kept too.
        blocks.append(&mut walker.footnotes);
        blocks.append(&mut walker.endnotes);
    }
    blocks.append(&mut walker.comments);
    Ok(Extracted::new(Reader::Odt, None, blocks))
}

/// Reads and parses one XML part; `Ok(None)` when the container lacks it.
fn part(
    zip: &mut Container<'_>,
    name: &str,
    deadline: Deadline,
) -> Result<Option<Element>, Problem> {
    match zip.text(name)? {
        Some(text) => xml::parse(&text, name, deadline).map(Some),
        None => Ok(None),
    }
}

/// Paragraph text under construction, applying ODF white-space collapsing.
#[derive(Default)]
struct ParaText {
    text: String,
    /// The last character is a space produced by collapsing, so more white space is dropped.
    collapsed: bool,
}

impl ParaText {
    fn push_collapsible(&mut self, s: &str) {
        for c in s.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r') {
                // Leading white space of a paragraph is not displayed.
                if !self.text.is_empty() && !self.collapsed {
                    self.text.push(' ');
                    self.collapsed = true;
                }
            } else {
                self.text.push(c);
                self.collapsed = false;
            }
        }
    }

    fn push_explicit(&mut self, c: char, count: usize) {
        self.text.extend(std::iter::repeat_n(c, count));
        self.collapsed = false;
    }

    fn finish(mut self) -> String {
        if self.collapsed {
            self.text.pop();
        }
        self.text
    }
}

/// Walks OpenDocument text, gathering notes and annotations to emit after the body.
struct Walker {
    footnotes: Vec<Block>,
    endnotes: Vec<Block>,
    comments: Vec<Block>,
    deadline: Deadline,
    steps: u32,
}

impl Walker {
    fn tick(&mut self) -> Result<(), Problem> {
        self.steps += 1;
        if self.steps.is_multiple_of(1024) {
            self.deadline.check()?;
        }
        Ok(())
    }

    /// Block-level content into blocks of `part`; `in_list` turns paragraphs into list items.
    fn blocks(
        &mut self,
        container: &Element,
        part: Part,
        in_list: bool,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        for child in container.elements() {
            self.tick()?;
            let name = child.name.as_str();
            match name {
                "text:p" => {
                    let kind = if in_list {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    };
                    self.paragraph(child, kind, part, out)?;
                }
                "text:h" => {
                    let level = child
                        .attr("outline-level")
                        .and_then(|l| l.parse::<u8>().ok())
                        .unwrap_or(1)
                        .clamp(1, 10);
                    self.paragraph(child, BlockKind::Heading { level }, part, out)?;
                }
                "text:list" => {
                    for item in child.elements() {
                        match item.name.as_str() {
                            "text:list-item" => self.blocks(item, part, true, out)?,
                            // A list header is indented like the list but carries no number.
                            "text:list-header" => self.blocks(item, part, false, out)?,
                            _ => {}
                        }
                    }
                }
                "text:numbered-paragraph" => self.blocks(child, part, true, out)?,
                "table:table" => self.table(child, part, out)?,
                // The deletions store, declarations, forms and index templates are not text
                // of the page.
                "text:tracked-changes"
                | "text:sequence-decls"
                | "text:variable-decls"
                | "text:user-field-decls"
                | "text:dde-connection-decls"
                | "office:forms"
                | "table:table-source"
                | "text:number" => {}
                _ if name.ends_with("-source") => {}
                _ if name.starts_with("draw:") => self.shapes(child, out)?,
                "office:annotation" => self.annotation(child)?,
                "text:note" => self.note(child)?,
                // Sections, index bodies and unknown wrappers: their paragraphs are below.
                _ => self.blocks(child, part, in_list, out)?,
            }
        }
        Ok(())
    }

    fn paragraph(
        &mut self,
        p: &Element,
        kind: BlockKind,
        part: Part,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        let mut text = ParaText::default();
        let mut boxes = Vec::new();
        self.inline(p, &mut text, &mut boxes)?;
        let mut text = text.finish();
        if !text.trim().is_empty() {
            // LibreOffice caches the rendered heading or list number in `text:number`.
            let label = p.child("text:number").map(|n| n.text());
            if let Some(label) = label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                text = format!("{label} {text}");
            }
            out.push(Block::paragraph(text).in_part(part).with_kind(kind));
        }
        out.append(&mut boxes);
        Ok(())
    }

    fn inline(
        &mut self,
        el: &Element,
        text: &mut ParaText,
        boxes: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        for node in &el.children {
            let child = match node {
                Node::Text(t) => {
                    text.push_collapsible(t);
                    continue;
                }
                Node::Element(e) => e,
            };
            let name = child.name.as_str();
            match name {
                "text:s" => {
                    let count = child
                        .attr("c")
                        .and_then(|c| c.parse::<usize>().ok())
                        .unwrap_or(1)
                        .min(MAX_SPACES);
                    text.push_explicit(' ', count);
                }
                "text:tab" => text.push_explicit('\t', 1),
                "text:line-break" => text.push_explicit('\n', 1),
                "text:note" => self.note(child)?,
                "office:annotation" => self.annotation(child)?,
                // The number is added by `paragraph`; ruby annotations are pronunciation aids.
                "text:number" | "text:ruby-text" | "text:tracked-changes" => {}
                _ if name.starts_with("draw:") => self.shapes(child, boxes)?,
                // Spans, links, fields, meta: their text is below.
                _ => self.inline(child, text, boxes)?,
            }
        }
        Ok(())
    }

    /// Frames and shapes: the text they hold becomes text-box blocks.
    fn shapes(&mut self, el: &Element, boxes: &mut Vec<Block>) -> Result<(), Problem> {
        match el.name.as_str() {
            "draw:text-box" => self.blocks(el, Part::TextBox, false, boxes),
            "draw:frame" | "draw:g" | "draw:a" => {
                for child in el.elements() {
                    self.shapes(child, boxes)?;
                }
                Ok(())
            }
            // Pictures and embedded objects hold no document text.
            "draw:image" | "draw:object" | "draw:object-ole" | "draw:plugin" | "draw:applet" => {
                Ok(())
            }
            // Custom shapes, rectangles… hold their text as direct paragraphs.
            _ => self.blocks(el, Part::TextBox, false, boxes),
        }
    }

    fn note(&mut self, note: &Element) -> Result<(), Problem> {
        let Some(body) = note.child("text:note-body") else {
            return Ok(());
        };
        let endnote = note.attr("note-class") == Some("endnote");
        let part = if endnote {
            Part::Endnote
        } else {
            Part::Footnote
        };
        let mut found = Vec::new();
        self.blocks(body, part, false, &mut found)?;
        if endnote {
            self.endnotes.append(&mut found);
        } else {
            self.footnotes.append(&mut found);
        }
        Ok(())
    }

    fn annotation(&mut self, annotation: &Element) -> Result<(), Problem> {
        // The author and date (`dc:creator`, `dc:date`) hold no paragraphs, so only the
        // comment's own text comes out.
        let mut found = Vec::new();
        self.blocks(annotation, Part::Comment, false, &mut found)?;
        self.comments.append(&mut found);
        Ok(())
    }

    /// One row block per table row; nested tables and text boxes of a row follow it.
    fn table(&mut self, table: &Element, part: Part, out: &mut Vec<Block>) -> Result<(), Problem> {
        let mut rows = Vec::new();
        collect_rows(table, &mut rows);
        for row in rows {
            self.tick()?;
            let mut cells: Vec<(String, usize)> = Vec::new();
            let mut after = Vec::new();
            for cell in row.elements() {
                // A covered cell is the hidden remainder of a merged cell.
                if cell.name != "table:table-cell" {
                    continue;
                }
                let repeat = repeat_count(cell, "number-columns-repeated");
                let mut inner = Vec::new();
                self.blocks(cell, part, false, &mut inner)?;
                let mut pieces = Vec::new();
                for block in inner {
                    if block.part == part && block.kind != BlockKind::TableRow {
                        pieces.push(block.text.trim().to_string());
                    } else {
                        after.push(block);
                    }
                }
                cells.push((pieces.join(" "), repeat));
            }
            while cells.last().is_some_and(|(t, _)| t.is_empty()) {
                cells.pop();
            }
            if !cells.is_empty() {
                let mut texts = Vec::new();
                for (text, repeat) in &cells {
                    texts.extend(std::iter::repeat_n(
                        text.as_str(),
                        (*repeat).min(MAX_REPEAT),
                    ));
                }
                let line = texts.join(CELL_SEPARATOR);
                let copies = repeat_count(row, "number-rows-repeated").min(MAX_REPEAT);
                for _ in 0..copies {
                    out.push(
                        Block::paragraph(line.clone())
                            .in_part(part)
                            .with_kind(BlockKind::TableRow),
                    );
                }
            }
            out.append(&mut after);
        }
        Ok(())
    }
}

/// The rows of a table, through header-row and row-group wrappers.
fn collect_rows<'e>(el: &'e Element, out: &mut Vec<&'e Element>) {
    for child in el.elements() {
        match child.name.as_str() {
            "table:table-row" => out.push(child),
            "table:table-header-rows" | "table:table-rows" | "table:table-row-group" => {
                collect_rows(child, out)
            }
            _ => {}
        }
    }
}

fn repeat_count(el: &Element, attr: &str) -> usize {
    el.attr(attr)
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1)
}
