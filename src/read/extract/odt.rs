//! ODT text (zipped `.odt` and flat `.fodt`): the body of `content.xml` in document order,
//! then footnotes, endnotes, page headers and footers (from `styles.xml`) and annotations.
//!
//! OpenDocument collapses white space inside paragraphs the way HTML does and spells real
//! spaces as `text:s`; the walker applies those rules so that the text matches what the
//! office suite displays. Deleted text lives in a separate `text:tracked-changes` store, which
//! is skipped.

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, BlockKind, Extracted, Part, Reader, CELL_SEPARATOR};
use crate::read::extract::docx::{letters, roman};
use crate::read::extract::xml::{self, Element, Node};
use crate::read::extract::zipped::Container;
use crate::read::extract::{Deadline, Limits, Ticker};
use std::collections::{HashMap, HashSet};

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
                return Err(Problem::new(Code::Encrypted, msg!("problem.encrypted.odt")));
            }
        }
        let content = zip
            .part("content.xml", deadline, limits.max_xml_elements())?
            .ok_or_else(|| {
                Problem::new(
                    Code::CorruptFile,
                    msg!("problem.corrupt_file.odt_no_content"),
                )
            })?;
        let styles = zip.part("styles.xml", deadline, limits.max_xml_elements())?;
        (content, styles)
    } else {
        if bytes.len() as u64 > limits.max_unpacked {
            return Err(Problem::new(
                Code::TooLarge,
                msg!(
                    "problem.too_large.flat_odt",
                    size = bytes.len(),
                    max = limits.max_unpacked
                ),
            ));
        }
        let part = msg!("problem.part.flat_odt");
        let text = xml::decode(bytes.to_vec(), &part)?;
        let root = xml::parse_within(&text, &part, deadline, limits.max_xml_elements())?;
        (root, None)
    };

    let text = content
        .child("office:body")
        .and_then(|b| b.child("office:text"))
        .ok_or_else(|| Problem::new(Code::CorruptFile, msg!("problem.corrupt_file.odt_no_text")))?;
    let numbering = Numbering::parse(&[Some(&content), styles.as_ref()]);
    let mut walker = Walker {
        styles: &numbering,
        headings: [None; 10],
        counters: Vec::new(),
        lists_by_id: HashMap::new(),
        last_list: None,
        footnotes: Vec::new(),
        endnotes: Vec::new(),
        comments: Vec::new(),
        ticker: Ticker::new(deadline),
    };
    let mut blocks = Vec::new();
    walker.blocks(text, Part::Body, None, &mut blocks)?;
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
                    walker.blocks(region, part_kind, None, &mut found)?;
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
struct Walker<'s> {
    styles: &'s Numbering,
    /// Outline (heading) counters, one per level; `None` until the level is used.
    headings: [Option<u32>; 10],
    /// Counters of each chain of lists that number together.
    counters: Vec<[Option<u32>; 10]>,
    /// The chain of each list by `xml:id`, for `text:continue-list`.
    lists_by_id: HashMap<String, usize>,
    /// The chain of the last top-level list, for `text:continue-numbering`.
    last_list: Option<usize>,
    footnotes: Vec<Block>,
    endnotes: Vec<Block>,
    comments: Vec<Block>,
    ticker: Ticker,
}

impl Walker<'_> {
    fn tick(&mut self) -> Result<(), Problem> {
        self.ticker.tick()
    }

    /// Block-level content into blocks of `part`; `list` is the list the content sits in.
    fn blocks(
        &mut self,
        container: &Element,
        part: Part,
        list: Option<&ListCtx>,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        for child in container.elements() {
            self.block(child, part, list, out)?;
        }
        Ok(())
    }

    fn block(
        &mut self,
        child: &Element,
        part: Part,
        list: Option<&ListCtx>,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        self.tick()?;
        let name = child.name.as_str();
        match name {
            "text:p" => {
                let kind = if list.is_some() {
                    BlockKind::ListItem
                } else {
                    BlockKind::Paragraph
                };
                self.paragraph(child, kind, part, None, out)?;
            }
            "text:h" => {
                let level = child
                    .attr("outline-level")
                    .and_then(|l| l.parse::<u8>().ok())
                    .unwrap_or(1)
                    .clamp(1, 10);
                let label = self.heading_label(child, level);
                self.paragraph(child, BlockKind::Heading { level }, part, label, out)?;
            }
            "text:list" => self.list(child, part, list, out)?,
            "text:numbered-paragraph" => {
                let ctx = ListCtx::default();
                self.blocks(child, part, Some(&ctx), out)?;
            }
            "table:table" => self.table(child, part, out)?,
            // The deletions store, declarations, forms and index templates are not text of the
            // page.
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
            _ => self.blocks(child, part, list, out)?,
        }
        Ok(())
    }

    /// A `text:list`: each item's first paragraph gets the item's rendered number.
    fn list(
        &mut self,
        list: &Element,
        part: Part,
        parent: Option<&ListCtx>,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        let style = list
            .attr("style-name")
            .map(str::to_string)
            .or_else(|| parent.and_then(|p| p.style.clone()));
        let ctx = match parent {
            Some(p) => ListCtx {
                chain: p.chain,
                level: (p.level + 1).min(9),
                style,
            },
            None => {
                let continued = list
                    .attr("continue-list")
                    .and_then(|id| self.lists_by_id.get(id).copied())
                    .or_else(|| {
                        (list.attr("continue-numbering") == Some("true"))
                            .then_some(self.last_list)
                            .flatten()
                    });
                let chain = continued.unwrap_or_else(|| {
                    self.counters.push([None; 10]);
                    self.counters.len() - 1
                });
                if let Some(id) = list.attr("id") {
                    self.lists_by_id.insert(id.to_string(), chain);
                }
                self.last_list = Some(chain);
                ListCtx {
                    chain,
                    level: 0,
                    style,
                }
            }
        };
        for item in list.elements() {
            match item.name.as_str() {
                "text:list-item" => {
                    let mut label = Some(self.list_label(&ctx, item.attr("start-value")));
                    for child in item.elements() {
                        match child.name.as_str() {
                            "text:p" => {
                                let label = label.take().flatten();
                                self.paragraph(child, BlockKind::ListItem, part, label, out)?
                            }
                            _ => self.block(child, part, Some(&ctx), out)?,
                        }
                    }
                }
                // A list header is indented like the list but carries no number.
                "text:list-header" => self.blocks(item, part, None, out)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Advances the list's counters for one item and renders its label (`None` for bullets).
    fn list_label(&mut self, ctx: &ListCtx, start_value: Option<&str>) -> Option<String> {
        let styles = self.styles;
        let levels = ctx.style.as_ref().and_then(|s| styles.lists.get(s));
        let level_style = |i: usize| levels.and_then(|l| l.get(i)).and_then(|l| l.as_ref());
        let counters = self.counters.get_mut(ctx.chain)?;
        let start = |i: usize| level_style(i).map_or(1, |l| l.start);
        advance(
            counters,
            ctx.level,
            start_value.and_then(|v| v.parse().ok()),
            start,
        );
        render(counters, ctx.level, level_style, start)
    }

    /// The outline number of a heading, from the document's outline style.
    fn heading_label(&mut self, h: &Element, level: u8) -> Option<String> {
        if h.attr("is-list-header") == Some("true") {
            return None;
        }
        let styles = self.styles;
        let level_style = |i: usize| styles.outline.get(i).and_then(|l| l.as_ref());
        let start = |i: usize| level_style(i).map_or(1, |l| l.start);
        let restart = (h.attr("restart-numbering") == Some("true"))
            .then(|| h.attr("start-value").and_then(|v| v.parse().ok()))
            .flatten();
        let index = usize::from(level - 1);
        advance(&mut self.headings, index, restart, start);
        render(&self.headings, index, level_style, start)
    }

    fn paragraph(
        &mut self,
        p: &Element,
        kind: BlockKind,
        part: Part,
        label: Option<String>,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        let mut text = ParaText::default();
        let mut boxes = Vec::new();
        self.inline(p, &mut text, &mut boxes)?;
        let mut text = text.finish();
        if !text.trim().is_empty() {
            // A cached `text:number` (written by some producers) wins over our rendering.
            let cached = p.child("text:number").map(|n| n.text());
            let label = cached
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .or(label);
            if let Some(label) = label {
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
            "draw:text-box" => self.blocks(el, Part::TextBox, None, boxes),
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
            _ => self.blocks(el, Part::TextBox, None, boxes),
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
        self.blocks(body, part, None, &mut found)?;
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
        self.blocks(annotation, Part::Comment, None, &mut found)?;
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
                self.blocks(cell, part, None, &mut inner)?;
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

/// Where a paragraph sits in a list: which chain of counters, which level, which list style.
#[derive(Default)]
struct ListCtx {
    chain: usize,
    level: usize,
    style: Option<String>,
}

/// How one level of a list or of the outline is numbered.
struct LevelStyle {
    /// `style:num-format`: "1", "a", "A", "i", "I"; empty for bullets and unnumbered levels.
    format: String,
    prefix: String,
    suffix: String,
    /// How many levels the label shows ("4.5.1" shows 3).
    display: usize,
    start: u32,
}

/// The list styles and the outline style of a document.
#[derive(Default)]
struct Numbering {
    lists: HashMap<String, Vec<Option<LevelStyle>>>,
    outline: Vec<Option<LevelStyle>>,
}

impl Numbering {
    /// Reads list and outline styles wherever they are declared (automatic styles in
    /// content.xml, common styles in styles.xml, both in a flat file).
    fn parse(roots: &[Option<&Element>]) -> Self {
        let mut numbering = Numbering::default();
        for root in roots.iter().flatten() {
            for group in root
                .elements()
                .filter(|e| matches!(e.name.as_str(), "office:styles" | "office:automatic-styles"))
            {
                for style in group.elements() {
                    match style.name.as_str() {
                        "text:list-style" => {
                            if let Some(name) = style.attr("name") {
                                numbering.lists.insert(name.to_string(), levels(style));
                            }
                        }
                        "text:outline-style" => numbering.outline = levels(style),
                        _ => {}
                    }
                }
            }
        }
        numbering
    }
}

fn levels(style: &Element) -> Vec<Option<LevelStyle>> {
    let mut levels: Vec<Option<LevelStyle>> = (0..10).map(|_| None).collect();
    for level in style.elements() {
        let Some(index) = level
            .attr("level")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|l| (1..=10).contains(l))
        else {
            continue;
        };
        let numbered = matches!(
            level.name.as_str(),
            "text:list-level-style-number" | "text:outline-level-style"
        );
        let attr = |name: &str| level.attr(name).unwrap_or_default().to_string();
        levels[index - 1] = Some(LevelStyle {
            format: if numbered {
                attr("num-format")
            } else {
                String::new()
            },
            prefix: attr("num-prefix"),
            suffix: attr("num-suffix"),
            display: level
                .attr("display-levels")
                .and_then(|d| d.parse().ok())
                .unwrap_or(1),
            start: level
                .attr("start-value")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1),
        });
    }
    levels
}

/// Counts one more item at `level`: restarts deeper levels, honours an explicit restart.
fn advance(
    counters: &mut [Option<u32>; 10],
    level: usize,
    restart: Option<u32>,
    start: impl Fn(usize) -> u32,
) {
    counters[level] = Some(match (restart, counters[level]) {
        (Some(value), _) => value,
        (None, Some(n)) => n.saturating_add(1),
        (None, None) => start(level),
    });
    for deeper in counters.iter_mut().skip(level + 1) {
        *deeper = None;
    }
}

/// The label of the item just counted at `level`, or `None` when the level is not numbered.
fn render<'l>(
    counters: &[Option<u32>; 10],
    level: usize,
    style: impl Fn(usize) -> Option<&'l LevelStyle>,
    start: impl Fn(usize) -> u32,
) -> Option<String> {
    let own = style(level)?;
    if own.format.is_empty() {
        return None;
    }
    let first = (level + 1).saturating_sub(own.display.max(1));
    let numbers: Vec<String> = (first..=level)
        .map(|i| {
            let value = counters[i].unwrap_or_else(|| start(i));
            let format = style(i).map_or("1", |s| s.format.as_str());
            format_number(value, format)
        })
        .filter(|n| !n.is_empty())
        .collect();
    let label = format!("{}{}{}", own.prefix, numbers.join("."), own.suffix);
    let label = label.trim();
    (!label.is_empty()).then(|| label.to_string())
}

/// Renders one value in an ODF `style:num-format`.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "" => String::new(),
        "a" => letters(n),
        "A" => letters(n).to_uppercase(),
        "i" => roman(n),
        "I" => roman(n).to_uppercase(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn read_odt(bytes: &[u8]) -> Result<Extracted, Problem> {
        read(
            bytes,
            &Limits::default(),
            Deadline::after(Duration::from_secs(30)),
        )
    }

    fn expected() -> Vec<(Part, BlockKind, &'static str)> {
        let h = |level| BlockKind::Heading { level };
        let p = BlockKind::Paragraph;
        let li = BlockKind::ListItem;
        let row = BlockKind::TableRow;
        use Part::*;
        vec![
            (Body, h(1), "4 Conditions d’exécution"),
            (Body, h(2), "4.5 Clause sociale d’insertion"),
            (
                Body,
                p,
                "L’entreprise s’engage  à réaliser\tune action d’insertion.\nDeuxième ligne.",
            ),
            (Body, p, "L’entreprise contacte France Travail."),
            (Body, p, "Conformément au code de la commande publique."),
            (Body, p, "Texte avant l’encadré."),
            (TextBox, p, "Encadré : 5 % des heures travaillées."),
            (Body, row, "Lot | Désignation | Heures d’insertion"),
            (Body, row, "01 | Gros œuvre (maçonnerie) | 1 050 heures"),
            (Body, row, "02 | Second œuvre, 350 heures"),
            (Body, li, "Article 1 – Objet du marché"),
            (Body, li, "Article 2 – Insertion professionnelle"),
            (Body, li, "a) Publics éligibles"),
            (Body, li, "b) Suivi"),
            (Body, h(2), "4.6 Modalités"),
            (
                Footnote,
                p,
                "Voir l’article L. 2112-2 du code de la commande publique.",
            ),
            (Header, p, "Marché de travaux – Lot 01"),
            (Footer, p, "Page 1"),
            (Comment, p, "À vérifier avec la facilitatrice."),
        ]
    }

    fn lines(extracted: &Extracted) -> Vec<(Part, BlockKind, &str)> {
        extracted
            .blocks
            .iter()
            .map(|b| (b.part, b.kind, b.text.as_str()))
            .collect()
    }

    #[test]
    fn reads_flat_and_packaged_odt_alike() {
        let flat = read_odt(include_bytes!("office_testdata/sample.fodt")).unwrap();
        assert_eq!(lines(&flat), expected());
        let packaged = read_odt(include_bytes!("office_testdata/sample.odt")).unwrap();
        assert_eq!(lines(&packaged), expected());
        assert_eq!(packaged.reader, Reader::Odt);
    }

    #[test]
    fn collapses_white_space_and_caps_repeats() {
        let doc = br#"<?xml version="1.0"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">
 <office:body><office:text>
  <text:p>
     Deux   mots<text:s text:c="4000000000"/>
  </text:p>
  <table:table>
   <table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
   <table:table-row><table:table-cell><text:p>A</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1000"/><table:table-cell><text:p>B</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16000"/></table:table-row>
  </table:table>
 </office:text></office:body>
</office:document>"#;
        let got = read_odt(doc).unwrap();
        assert_eq!(got.blocks.len(), 2);
        assert_eq!(
            got.blocks[0].text,
            format!("Deux mots{}", " ".repeat(MAX_SPACES))
        );
        let cells: Vec<&str> = got.blocks[1].text.split(CELL_SEPARATOR).collect();
        assert_eq!(cells.len(), MAX_REPEAT + 2);
        assert_eq!((cells[0], cells[MAX_REPEAT + 1]), ("A", "B"));
    }

    #[test]
    fn refuses_entities_and_damaged_files() {
        let bomb = br#"<?xml version="1.0"?><!DOCTYPE office:document [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"><office:body><office:text>&b;</office:text></office:body></office:document>"#;
        let err = read_odt(bomb).unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
        assert!(err.message.contains("déclarations d'entités"));

        let truncated = include_bytes!("office_testdata/sample.odt");
        let err = read_odt(&truncated[..truncated.len() * 6 / 10]).unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);

        let err = read_odt(b"<office:document><office:body>").unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
    }
}
