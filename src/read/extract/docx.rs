//! DOCX text: the body of `word/document.xml` in document order, then footnotes, endnotes,
//! headers, footers and comments as separate parts.
//!
//! Word splits text into runs at arbitrary points and keeps deleted text, field codes and
//! fallback copies of text boxes next to the visible text; the walker below keeps only what a
//! reader of the printed page sees. Automatic numbers ("4.5.3", "Article 9 –") are not in the
//! text at all: they are rendered from `word/numbering.xml`, because later stages recognise
//! sections by them.

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, BlockKind, Extracted, Part, Reader, CELL_SEPARATOR};
use crate::read::extract::xml::{Element, Node};
use crate::read::extract::zipped::Container;
use crate::read::extract::{Deadline, Limits, Ticker};
use std::collections::{HashMap, HashSet};

/// Reads a DOCX file into blocks, tracked changes accepted (insertions kept, deletions dropped).
pub(crate) fn read(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    read_with(bytes, limits, deadline, false)
}

/// Reads a DOCX file; with `rejected`, as it was before its tracked changes (deletions kept,
/// insertions dropped): what a reviewer gets by rejecting every change.
pub(crate) fn read_with(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
    rejected: bool,
) -> Result<Extracted, Problem> {
    let mut zip = Container::open(bytes, limits.max_unpacked)?;
    let document = zip
        .part("word/document.xml", deadline, limits.max_xml_elements())?
        .ok_or_else(|| {
            Problem::new(
                Code::CorruptFile,
                msg!("problem.corrupt_file.docx_no_document"),
            )
        })?;
    let styles = match zip.part("word/styles.xml", deadline, limits.max_xml_elements())? {
        Some(root) => Styles::parse(&root),
        None => Styles::default(),
    };
    let numbering = match zip.part("word/numbering.xml", deadline, limits.max_xml_elements())? {
        Some(root) => Numbering::parse(&root),
        None => Numbering::default(),
    };
    let body = document.child("w:body").ok_or_else(|| {
        Problem::new(Code::CorruptFile, msg!("problem.corrupt_file.docx_no_body"))
    })?;
    let mut walker = Walker {
        styles: &styles,
        numbering: &numbering,
        counters: HashMap::new(),
        seen_nums: HashSet::new(),
        fields: Vec::new(),
        ticker: Ticker::new(deadline),
        rejected,
    };
    let mut blocks = Vec::new();
    walker.blocks(body, Part::Body, &mut blocks)?;

    for (name, item, part_kind) in [
        ("word/footnotes.xml", "w:footnote", Part::Footnote),
        ("word/endnotes.xml", "w:endnote", Part::Endnote),
    ] {
        if let Some(root) = zip.part(name, deadline, limits.max_xml_elements())? {
            for note in root.elements().filter(|e| e.name == item) {
                // Separator notes hold the rule drawn above the notes, not text.
                if note.attr("type").is_some_and(|t| t != "normal") {
                    continue;
                }
                walker.fields.clear();
                walker.blocks(note, part_kind, &mut blocks)?;
            }
        }
    }

    let names = zip.names();
    for (prefix, part_kind) in [("word/header", Part::Header), ("word/footer", Part::Footer)] {
        let mut parts: Vec<&String> = names
            .iter()
            .filter(|n| n.starts_with(prefix) && n.ends_with(".xml"))
            .collect();
        // header2.xml before header10.xml.
        parts.sort_by_key(|n| (n.len(), n.as_str()));
        let mut seen = HashSet::new();
        for name in parts {
            let Some(root) = zip.part(name, deadline, limits.max_xml_elements())? else {
                continue;
            };
            let mut found = Vec::new();
            walker.fields.clear();
            walker.blocks(&root, part_kind, &mut found)?;
            let key: Vec<&str> = found.iter().map(|b| b.text.as_str()).collect();
            // First, even and first-page headers often repeat the same text.
            if !found.is_empty() && seen.insert(key.join("\n")) {
                blocks.extend(found);
            }
        }
    }

    if let Some(root) = zip.part("word/comments.xml", deadline, limits.max_xml_elements())? {
        for comment in root.elements().filter(|e| e.name == "w:comment") {
            walker.fields.clear();
            walker.blocks(comment, Part::Comment, &mut blocks)?;
        }
    }
    Ok(Extracted::new(Reader::Docx, None, blocks))
}

/// The branch of `mc:AlternateContent` to read: the modern one, else the fallback.
fn choice(alternate: &Element) -> Option<&Element> {
    alternate
        .child("mc:Choice")
        .or_else(|| alternate.child("mc:Fallback"))
}

/// Collects the elements named in `wanted` below `el`, looking through the containers Word
/// wraps blocks, rows and cells in (content controls, custom XML, tracked insertions).
fn flatten<'e>(el: &'e Element, wanted: &[&str], out: &mut Vec<&'e Element>) {
    for child in el.elements() {
        if wanted.contains(&child.name.as_str()) {
            out.push(child);
            continue;
        }
        match child.name.as_str() {
            "w:sdt" | "w:sdtContent" | "w:customXml" | "w:ins" | "w:moveTo" | "w:smartTag" => {
                flatten(child, wanted, out)
            }
            "mc:AlternateContent" => {
                if let Some(branch) = choice(child) {
                    flatten(branch, wanted, out);
                }
            }
            _ => {}
        }
    }
}

/// Walks WordprocessingML content, keeping the numbering counters and the state of complex
/// fields, which both run across paragraphs.
struct Walker<'a> {
    /// Read the text as it was before the tracked changes.
    rejected: bool,
    styles: &'a Styles,
    numbering: &'a Numbering,
    /// Current value of each level, per abstract numbering definition; `None` until used.
    counters: HashMap<String, [Option<u32>; 9]>,
    /// `w:num` instances already used, so that a start override restarts a list only once.
    seen_nums: HashSet<String>,
    /// One entry per open complex field: `true` once its result (after `separate`) began.
    fields: Vec<bool>,
    ticker: Ticker,
}

impl Walker<'_> {
    fn tick(&mut self) -> Result<(), Problem> {
        self.ticker.tick()
    }

    /// Block-level content (a body, a cell, a note, a text box) into blocks of `part`.
    fn blocks(
        &mut self,
        container: &Element,
        part: Part,
        out: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        let mut items = Vec::new();
        flatten(container, &["w:p", "w:tbl"], &mut items);
        for item in items {
            self.tick()?;
            if item.name == "w:tbl" {
                self.table(item, part, out)?;
                continue;
            }
            let mut boxes = Vec::new();
            let (kind, text) = self.paragraph(item, &mut boxes)?;
            if !text.trim().is_empty() {
                out.push(Block::paragraph(text).in_part(part).with_kind(kind));
            }
            out.append(&mut boxes);
        }
        Ok(())
    }

    /// One row block per `w:tr`; nested tables and text boxes of a row follow it.
    fn table(&mut self, table: &Element, part: Part, out: &mut Vec<Block>) -> Result<(), Problem> {
        let mut rows = Vec::new();
        flatten(table, &["w:tr"], &mut rows);
        for row in rows {
            self.tick()?;
            if row
                .child("w:trPr")
                .is_some_and(|p| p.child("w:del").is_some())
            {
                continue;
            }
            let mut cells = Vec::new();
            flatten(row, &["w:tc"], &mut cells);
            let mut texts = Vec::with_capacity(cells.len());
            let mut after = Vec::new();
            for cell in cells {
                let mut items = Vec::new();
                flatten(cell, &["w:p", "w:tbl"], &mut items);
                let mut pieces = Vec::new();
                for item in items {
                    if item.name == "w:tbl" {
                        self.table(item, part, &mut after)?;
                        continue;
                    }
                    let (_, text) = self.paragraph(item, &mut after)?;
                    let text = text.trim();
                    if !text.is_empty() {
                        pieces.push(text.to_string());
                    }
                }
                texts.push(pieces.join(" "));
            }
            if texts.iter().any(|t| !t.is_empty()) {
                let row = Block::paragraph(texts.join(CELL_SEPARATOR))
                    .in_part(part)
                    .with_kind(BlockKind::TableRow);
                out.push(row);
            }
            out.append(&mut after);
        }
        Ok(())
    }

    /// A paragraph's kind and text (with its automatic number); text boxes anchored in it go
    /// to `boxes`.
    fn paragraph(
        &mut self,
        p: &Element,
        boxes: &mut Vec<Block>,
    ) -> Result<(BlockKind, String), Problem> {
        let props = p.child("w:pPr");
        let style = props.and_then(|pr| pr.child_attr("w:pStyle", "val"));
        let direct_outline = props.and_then(|pr| pr.child_attr("w:outlineLvl", "val"));
        let level = match direct_outline.and_then(|v| v.parse::<u8>().ok()) {
            Some(l) => (l < 9).then_some(l + 1),
            None => style.and_then(|s| self.styles.heading_level(s)),
        };
        let label = self.number(props, style);
        let kind = match (level, &label) {
            (Some(level), _) => BlockKind::Heading { level },
            (None, Some(_)) => BlockKind::ListItem,
            (None, None) => BlockKind::Paragraph,
        };
        let mut text = String::new();
        self.inline(p, &mut text, boxes)?;
        if let Some(label) = label.filter(|l| !l.is_empty()) {
            if !text.trim().is_empty() {
                text = format!("{label} {}", text.trim_start());
            }
        }
        Ok((kind, text))
    }

    /// Inline content: runs and everything Word wraps runs in.
    fn inline(
        &mut self,
        el: &Element,
        text: &mut String,
        boxes: &mut Vec<Block>,
    ) -> Result<(), Problem> {
        for node in &el.children {
            let Node::Element(child) = node else {
                continue;
            };
            let visible = self.fields.iter().all(|&in_result| in_result);
            match child.name.as_str() {
                "w:t" => {
                    if visible {
                        text.push_str(&child.text());
                    }
                }
                "w:delText" if visible && self.rejected => text.push_str(&child.text()),
                "w:del" | "w:moveFrom" if self.rejected => self.inline(child, text, boxes)?,
                "w:ins" | "w:moveTo" if self.rejected => {}
                name if visible && shown(name).is_some() => text.extend(shown(name)),
                "w:sym" if visible => {
                    if let Some(c) = symbol(child) {
                        text.push(c);
                    }
                }
                "w:fldChar" => field_step(&mut self.fields, child.attr("fldCharType")),
                "mc:AlternateContent" => {
                    if let Some(branch) = choice(child) {
                        self.inline(branch, text, boxes)?;
                    }
                }
                "w:txbxContent" => {
                    // A text box's own fields must not leak into the anchoring paragraph.
                    let outer = std::mem::take(&mut self.fields);
                    self.blocks(child, Part::TextBox, boxes)?;
                    self.fields = outer;
                }
                // Deleted text, field codes, properties and fallbacks are not on the page.
                "w:del" | "w:moveFrom" | "w:delText" | "w:instrText" | "w:delInstrText"
                | "w:pPr" | "w:rPr" | "w:sdtPr" | "w:sdtEndPr" | "w:fldData" | "mc:Fallback"
                | "w:tab" | "w:br" | "w:cr" | "w:noBreakHyphen" | "w:softHyphen" | "w:sym" => {}
                // Runs, hyperlinks, content controls, smart tags, simple fields, insertions,
                // drawings and VML shapes: their text is below.
                _ => self.inline(child, text, boxes)?,
            }
        }
        Ok(())
    }

    /// The automatic number of a paragraph, if it is numbered: `Some("")` for bullets.
    fn number(&mut self, props: Option<&Element>, style: Option<&str>) -> Option<String> {
        let direct = props.and_then(|p| p.child("w:numPr"));
        let direct_id = direct.and_then(|n| n.child_attr("w:numId", "val"));
        let direct_level = direct.and_then(|n| n.child_attr("w:ilvl", "val"));
        let styled = style.and_then(|s| self.styles.numbering(s));
        let num_id = match (direct_id, &styled) {
            (Some(id), _) => id.to_string(),
            (None, Some((id, _))) => id.clone(),
            (None, None) => return None,
        };
        if num_id == "0" {
            return None;
        }
        let numbering = self.numbering;
        let num = numbering.nums.get(&num_id)?;
        let levels = numbering.levels(&num.abstract_id, self.styles)?;
        let level_of_style = || {
            let s = style?;
            levels
                .iter()
                .position(|l| l.as_ref().and_then(|l| l.p_style.as_deref()) == Some(s))
        };
        let ilvl = direct_level
            .and_then(|v| v.parse::<usize>().ok())
            .or_else(|| styled.as_ref().and_then(|(_, l)| *l).map(usize::from))
            .or_else(level_of_style)
            .unwrap_or(0)
            .min(8);
        let level_def = |i: usize| num.levels[i].as_ref().or(levels[i].as_ref());
        let start = |i: usize| {
            num.starts[i]
                .or_else(|| level_def(i).map(|l| l.start))
                .unwrap_or(0)
        };

        let counters = self
            .counters
            .entry(num.abstract_id.clone())
            .or_insert([None; 9]);
        if self.seen_nums.insert(num_id.clone()) {
            for (i, counter) in counters.iter_mut().enumerate() {
                if num.starts[i].is_some() {
                    *counter = None;
                }
            }
        }
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n.saturating_add(1),
            None => start(ilvl),
        });
        for (deeper, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_after = level_def(deeper)
                .and_then(|l| l.restart)
                .unwrap_or(deeper as u32);
            if restart_after > 0 && (ilvl as u32) < restart_after {
                *counter = None;
            }
        }
        let Some(def) = level_def(ilvl) else {
            return Some(String::new());
        };
        if def.format == "bullet" {
            return Some(String::new());
        }
        let Some(pattern) = def.text.as_deref() else {
            return Some(String::new());
        };
        let mut label = String::new();
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            let Some(digit) = (c == '%')
                .then(|| chars.peek().and_then(|d| d.to_digit(10)))
                .flatten()
                .filter(|d| (1..=9).contains(d))
            else {
                label.push(c);
                continue;
            };
            chars.next();
            let i = digit as usize - 1;
            let value = counters[i].unwrap_or_else(|| start(i));
            let format = if def.legal {
                "decimal"
            } else {
                level_def(i).map_or("decimal", |l| l.format.as_str())
            };
            label.push_str(&format_number(value, format));
        }
        Some(label.trim().to_string())
    }
}

/// The character of a `w:sym`, unless it points into a symbol font's private range (Wingdings
/// glyphs have no meaning as text).
fn symbol(sym: &Element) -> Option<char> {
    symbol_char(sym.attr("char")?)
}

/// The character of a `w:sym`'s `w:char` code, unless it points into a symbol font's private
/// range. Shared with the in-place redline, which must see the same text as this reader.
pub(crate) fn symbol_char(code: &str) -> Option<char> {
    let code = u32::from_str_radix(code, 16).ok()?;
    if (0xE000..=0xF8FF).contains(&code) {
        return None;
    }
    char::from_u32(code).filter(|c| !c.is_control())
}

/// The character an empty run element shows on the page (a tab, a break, a hyphen Word
/// draws), if any.
pub(crate) fn shown(name: &str) -> Option<char> {
    match name {
        "w:tab" | "w:ptab" => Some('\t'),
        "w:br" | "w:cr" => Some('\n'),
        "w:noBreakHyphen" => Some('\u{2011}'),
        "w:softHyphen" => Some('\u{AD}'),
        _ => None,
    }
}

/// One `w:fldChar` of a complex field: `begin` opens a field whose code is hidden,
/// `separate` starts its shown result, `end` closes it. `fields` holds, per open field,
/// whether its result began.
pub(crate) fn field_step(fields: &mut Vec<bool>, kind: Option<&str>) {
    match kind {
        Some("begin") => fields.push(false),
        Some("separate") => {
            if let Some(top) = fields.last_mut() {
                *top = true;
            }
        }
        Some("end") => {
            fields.pop();
        }
        _ => {}
    }
}

/// Renders one level value in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "none" | "bullet" => String::new(),
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerLetter" => letters(n),
        _ => n.to_string(),
    }
}

/// Lowercase Roman numerals; other values in decimal.
pub(crate) fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let table = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, digits) in table {
        while rest >= value {
            out.push_str(digits);
            rest -= value;
        }
    }
    out
}

/// Letter numbering as Word and LibreOffice show it: a…z, then aa, bb… (the letter repeated,
/// not base 26).
pub(crate) fn letters(n: u32) -> String {
    if n == 0 {
        return n.to_string();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(50) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// The paragraph styles of `word/styles.xml`, as far as headings and numbering need them.
#[derive(Default)]
struct Styles {
    by_id: HashMap<String, Style>,
}

struct Style {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    num_id: Option<String>,
    num_level: Option<u8>,
}

impl Styles {
    fn parse(root: &Element) -> Self {
        let mut by_id = HashMap::new();
        for s in root.elements().filter(|e| e.name == "w:style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let props = s.child("w:pPr");
            let num = props.and_then(|p| p.child("w:numPr"));
            by_id.insert(
                id.to_string(),
                Style {
                    name: s
                        .child_attr("w:name", "val")
                        .unwrap_or_default()
                        .to_string(),
                    based_on: s.child_attr("w:basedOn", "val").map(str::to_string),
                    outline: props
                        .and_then(|p| p.child_attr("w:outlineLvl", "val"))
                        .and_then(|v| v.parse().ok()),
                    num_id: num
                        .and_then(|n| n.child_attr("w:numId", "val"))
                        .map(str::to_string),
                    num_level: num
                        .and_then(|n| n.child_attr("w:ilvl", "val"))
                        .and_then(|v| v.parse().ok()),
                },
            );
        }
        Styles { by_id }
    }

    /// The style and the styles it is based on, nearest first (cycles cut short).
    fn chain<'s>(&'s self, id: &'s str) -> impl Iterator<Item = (&'s str, &'s Style)> {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.by_id.get(id)?;
            next = style.based_on.as_deref();
            Some((id, style))
        })
        .take(16)
    }

    /// The 1-based heading level a paragraph style gives, if it is a heading style.
    fn heading_level(&self, id: &str) -> Option<u8> {
        for (sid, style) in self.chain(id) {
            if let Some(o) = style.outline {
                return (o < 9).then_some(o + 1);
            }
            if let Some(level) = heading_name_level(&style.name).or_else(|| heading_name_level(sid))
            {
                return Some(level);
            }
        }
        // A style missing from styles.xml may still be named like a heading.
        if !self.by_id.contains_key(id) {
            return heading_name_level(id);
        }
        None
    }

    /// The numbering (`numId`, optional level) a paragraph style carries.
    fn numbering(&self, id: &str) -> Option<(String, Option<u8>)> {
        self.chain(id)
            .find_map(|(_, s)| s.num_id.clone().map(|n| (n, s.num_level)))
    }
}

/// "Heading 2", "heading2", "Titre 2", "titre2" → 2.
fn heading_name_level(name: &str) -> Option<u8> {
    let squashed: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let rest = squashed
        .strip_prefix("heading")
        .or_else(|| squashed.strip_prefix("titre"))?;
    rest.parse::<u8>().ok().filter(|l| (1..=9).contains(l))
}

/// The list definitions of `word/numbering.xml`.
#[derive(Default)]
struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
}

struct Abstract {
    levels: Vec<Option<Level>>,
    /// A definition that only points at a numbering style (`w:numStyleLink`).
    style_link: Option<String>,
}

struct Num {
    abstract_id: String,
    starts: [Option<u32>; 9],
    levels: Vec<Option<Level>>,
}

struct Level {
    start: u32,
    format: String,
    text: Option<String>,
    restart: Option<u32>,
    legal: bool,
    p_style: Option<String>,
}

impl Level {
    fn parse(lvl: &Element) -> Self {
        Level {
            start: lvl
                .child_attr("w:start", "val")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            format: lvl
                .child_attr("w:numFmt", "val")
                .unwrap_or("decimal")
                .to_string(),
            text: lvl.child_attr("w:lvlText", "val").map(str::to_string),
            restart: lvl
                .child_attr("w:lvlRestart", "val")
                .and_then(|v| v.parse().ok()),
            legal: lvl
                .child("w:isLgl")
                .is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off"))),
            p_style: lvl.child_attr("w:pStyle", "val").map(str::to_string),
        }
    }
}

fn level_index(lvl: &Element) -> Option<usize> {
    lvl.attr("ilvl")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&i| i < 9)
}

impl Numbering {
    fn parse(root: &Element) -> Self {
        let mut numbering = Numbering::default();
        for a in root.elements().filter(|e| e.name == "w:abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels: Vec<Option<Level>> = (0..9).map(|_| None).collect();
            for lvl in a.elements().filter(|e| e.name == "w:lvl") {
                if let Some(i) = level_index(lvl) {
                    levels[i] = Some(Level::parse(lvl));
                }
            }
            let style_link = a.child_attr("w:numStyleLink", "val").map(str::to_string);
            numbering
                .abstracts
                .insert(id.to_string(), Abstract { levels, style_link });
        }
        for n in root.elements().filter(|e| e.name == "w:num") {
            let (Some(id), Some(abstract_id)) =
                (n.attr("numId"), n.child_attr("w:abstractNumId", "val"))
            else {
                continue;
            };
            let mut starts = [None; 9];
            let mut levels: Vec<Option<Level>> = (0..9).map(|_| None).collect();
            for o in n.elements().filter(|e| e.name == "w:lvlOverride") {
                let Some(i) = level_index(o) else {
                    continue;
                };
                starts[i] = o
                    .child_attr("w:startOverride", "val")
                    .and_then(|v| v.parse().ok());
                levels[i] = o.child("w:lvl").map(Level::parse);
            }
            numbering.nums.insert(
                id.to_string(),
                Num {
                    abstract_id: abstract_id.to_string(),
                    starts,
                    levels,
                },
            );
        }
        numbering
    }

    /// The levels of an abstract definition, following numbering-style links.
    fn levels<'n>(&'n self, abstract_id: &str, styles: &Styles) -> Option<&'n [Option<Level>]> {
        let mut current = self.abstracts.get(abstract_id)?;
        for _ in 0..4 {
            let Some(link) = &current.style_link else {
                break;
            };
            let Some((num_id, _)) = styles.numbering(link) else {
                break;
            };
            let Some(next) = self
                .nums
                .get(&num_id)
                .and_then(|n| self.abstracts.get(&n.abstract_id))
            else {
                break;
            };
            current = next;
        }
        Some(&current.levels)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn read_docx(bytes: &[u8]) -> Result<Extracted, Problem> {
        read(
            bytes,
            &Limits::default(),
            Deadline::after(Duration::from_secs(30)),
        )
    }

    fn lines(extracted: &Extracted) -> Vec<(Part, BlockKind, &str)> {
        extracted
            .blocks
            .iter()
            .map(|b| (b.part, b.kind, b.text.as_str()))
            .collect()
    }

    #[test]
    fn reads_word_constructs() {
        let doc = read_docx(include_bytes!("office_testdata/word-like.docx")).unwrap();
        let h = |level| BlockKind::Heading { level };
        let p = BlockKind::Paragraph;
        let li = BlockKind::ListItem;
        let row = BlockKind::TableRow;
        use Part::*;
        let expected = vec![
            (Body, h(1), "4 Conditions d’exécution"),
            (Body, h(2), "4.5 Clause sociale d’insertion"),
            (Body, h(3), "4.5.1 Objet"),
            (
                Body,
                p,
                "L’entreprise s’engage à réaliser une action d’insertion.",
            ),
            (Body, p, "Voir le guide de la facilitatrice, page 3."),
            (Body, p, "Date limite : 15/03/2025"),
            (Body, p, "Volume\t: 35 heures\nmain\u{2011}d’œuvre → suivi"),
            (Body, p, "L’entreprise contacte France Travail."),
            (Body, p, "Ordre : nouveau"),
            (Body, p, "Clause issue d’un bloc de contenu modifiable."),
            (Body, p, "Conformément au code de la commande publique."),
            (Body, p, "Texte avant l’encadré."),
            (TextBox, p, "Encadré : 5 % des heures travaillées."),
            (Body, h(3), "4.5.2 Modalités"),
            (Body, row, "Lot | Désignation | Heures d’insertion"),
            (
                Body,
                row,
                "01 | Gros œuvre (maçonnerie) | 1\u{a0}050 heures",
            ),
            (Body, row, "02 | Second œuvre | 350 heures"),
            (Body, row, "Peinture | 150 heures"),
            (Body, li, "Article 1 – Objet du marché"),
            (Body, li, "Article 2 – Insertion professionnelle"),
            (Body, li, "a) Publics éligibles"),
            (Body, li, "b) Suivi"),
            (Body, li, "Article 3 – Pénalités"),
            (Body, li, "a) Retenue"),
            (Body, li, "Demandeurs d’emploi de longue durée"),
            (Body, h(2), "Annexe"),
            (
                Footnote,
                p,
                " Voir l’article L. 2112-2 du code de la commande publique.",
            ),
            (Header, p, "Marché de travaux – Lot 01"),
            (Footer, p, "Page 1"),
            (Comment, p, "À vérifier avec la facilitatrice."),
        ];
        assert_eq!(lines(&doc), expected);
        assert_eq!(doc.reader, Reader::Docx);
    }

    #[test]
    fn reads_libreoffice_numbering() {
        let doc = read_docx(include_bytes!("office_testdata/lo-sample.docx")).unwrap();
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        for wanted in [
            "4 Conditions d’exécution",
            "4.5 Clause sociale d’insertion",
            "4.6 Modalités",
            "Article 2 – Insertion professionnelle",
            "b) Suivi",
            "01 | Gros œuvre (maçonnerie) | 1 050 heures",
            "L’entreprise contacte France Travail.",
        ] {
            assert!(
                texts.contains(&wanted),
                "{wanted:?} missing from {texts:#?}"
            );
        }
        assert!(!texts.iter().any(|t| t.contains("Pôle emploi")));
    }

    #[test]
    fn refuses_hostile_files() {
        let bomb = read_docx(include_bytes!("office_testdata/entity-bomb.docx")).unwrap_err();
        assert_eq!(bomb.code, Code::CorruptFile);
        assert!(
            bomb.message.contains("déclarations d'entités"),
            "{}",
            bomb.message
        );

        let zip = read_docx(include_bytes!("office_testdata/zip-bomb.docx")).unwrap_err();
        assert_eq!(zip.code, Code::TooLarge, "{}", zip.message);

        let truncated = read_docx(include_bytes!("office_testdata/truncated.docx")).unwrap_err();
        assert_eq!(truncated.code, Code::CorruptFile);

        // An ODT is not a DOCX.
        let odt = read_docx(include_bytes!("office_testdata/sample.odt")).unwrap_err();
        assert_eq!(odt.code, Code::CorruptFile);
        assert!(odt.message.contains("word/document.xml"));
    }

    #[test]
    fn a_small_budget_stops_decompression() {
        let limits = Limits {
            max_unpacked: 1000,
            ..Limits::default()
        };
        let err = read(
            include_bytes!("office_testdata/word-like.docx"),
            &limits,
            Deadline::after(Duration::from_secs(30)),
        )
        .unwrap_err();
        assert_eq!(err.code, Code::TooLarge);
    }

    #[test]
    fn formats_numbers_like_word() {
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(1994, "lowerRoman"), "mcmxciv");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(3, "decimalZero"), "03");
        assert_eq!(format_number(3, "bullet"), "");
        assert_eq!(heading_name_level("heading 3"), Some(3));
        assert_eq!(heading_name_level("Titre1"), Some(1));
        assert_eq!(heading_name_level("Titre"), None);
    }
}
