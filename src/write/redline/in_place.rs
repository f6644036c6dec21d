//! The reviewer's own DOCX back, with tracked changes and comments by "clausier" inside the
//! clause and nothing else touched.
//!
//! Every part of the package is copied as it was (its compressed bytes included) except
//! `word/document.xml`, and `word/comments.xml` with its relationship and content type when
//! comments are added. Inside `document.xml` only the runs a change touches are rewritten:
//! such a run is split where the change starts and ends, each piece keeping the run's own
//! properties (bold, italic, font); the removed text goes into `w:del`/`w:delText` and the new
//! text into a `w:ins` right after it. Another author's tracked changes and comments stay as
//! they were. A change that would cut through a tab, a field result, a symbol or someone
//! else's tracked change is not made: it becomes a comment proposing the same words.
//!
//! Paragraphs are found from the reader's blocks, the text the analysis saw: a paragraph
//! block's text ends with its paragraph's visible text (an automatic number comes first), and
//! a table row's text is its cells' texts joined by the cell separator. The visible text is
//! computed here the way the DOCX reader computes it (insertions shown, deletions, field codes
//! and fallbacks hidden).

use crate::base::error::Error;
// The project's one escaping: what it writes for HTML is valid XML text too.
use crate::base::escape::escape;
use crate::read::blocks::{BlockKind, Part, CELL_SEPARATOR};
use crate::read::document::Document;
// The reader's own rules for what a run shows: the editor must see the same text.
use crate::read::extract::docx;
use quick_xml::events::Event;
use std::io::{Cursor, Read, Seek, Write};
use std::ops::Range;

use super::AUTHOR;

/// One edit asked of the document: a byte range of the reader's source text, the words that
/// replace it (`None`: a comment only) and the comment's text.
#[derive(Debug, Clone)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: Option<String>,
    pub comment: String,
}

/// What the rewrite did, for the message the reviewer reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Tracked changes made.
    pub changes: usize,
    /// Comments added, a tracked change's own comment included.
    pub comments: usize,
    /// Replacements that could not be made safely in the text and were left as comments.
    pub left_as_comments: usize,
}

/// The WordprocessingML namespace declaration: names are read with their `w:` prefix, so a
/// document written with another prefix is not edited in place.
const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
const COMMENTS_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// The document's DOCX bytes with the edits as tracked changes and comments, or `None` when
/// the package cannot be edited in place (not a DOCX the editor reads): the caller then writes
/// a new document. `anchor` is a source offset (the clause's start) whose paragraph carries
/// the comments of edits that have no place of their own.
pub fn rewrite(
    original: &[u8],
    doc: &Document,
    edits: &[Edit],
    anchor: Option<usize>,
    date: &str,
) -> Result<Option<(Vec<u8>, Outcome)>, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Config(format!("redline: {e}"));
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(original)) else {
        return Ok(None);
    };
    let Some(xml) = read_part(&mut zip, "word/document.xml") else {
        return Ok(None);
    };
    if !xml.contains(W_NS) {
        return Ok(None);
    }
    let comments_part = read_part(&mut zip, "word/comments.xml");
    let Some(tree) = parse(&xml) else {
        return Ok(None);
    };
    let scan = Scan::of(&tree);
    let mut next_id = next_id(&xml, comments_part.as_deref());
    let placed: Vec<Option<Place>> = edits.iter().map(|e| place(doc, &scan, &e.range)).collect();
    let fallback = anchor
        .and_then(|a| place(doc, &scan, &(a..a)).map(|p| p.paragraph))
        .or_else(|| {
            scan.paragraphs
                .iter()
                .position(|p| !p.text.trim().is_empty())
        });
    let Some(fallback) = fallback else {
        return Ok(None);
    };
    let (document, comments, outcome) =
        apply(&xml, &scan, edits, &placed, fallback, &mut next_id, date);

    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let new_part = !comments.is_empty() && comments_part.is_none();
    let mut has_rels = false;
    for i in 0..zip.len() {
        let name = zip
            .by_index_raw(i)
            .map_err(|e| failed(&e))?
            .name()
            .map_err(|e| failed(&e))?
            .to_string();
        let replaced = match name.as_str() {
            "word/document.xml" => Some(document.clone()),
            "word/comments.xml" if !comments.is_empty() => {
                comments_part.as_deref().map(|c| add_comments(c, &comments))
            }
            "word/_rels/document.xml.rels" if new_part => {
                has_rels = true;
                read_part(&mut zip, &name).map(|r| add_relationship(&r))
            }
            "[Content_Types].xml" if new_part => {
                read_part(&mut zip, &name).map(|t| add_content_type(&t))
            }
            _ => None,
        };
        match replaced {
            Some(text) => {
                out.start_file(name, deflated).map_err(|e| failed(&e))?;
                out.write_all(text.as_bytes()).map_err(|e| failed(&e))?;
            }
            None => {
                let file = zip.by_index_raw(i).map_err(|e| failed(&e))?;
                out.raw_copy_file(file).map_err(|e| failed(&e))?;
            }
        }
    }
    if new_part {
        if !has_rels {
            return Ok(None);
        }
        out.start_file("word/comments.xml", deflated)
            .map_err(|e| failed(&e))?;
        let part = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments {W_NS}>{}</w:comments>",
            comments.concat()
        );
        out.write_all(part.as_bytes()).map_err(|e| failed(&e))?;
    }
    let bytes = out.finish().map_err(|e| failed(&e))?.into_inner();
    Ok(Some((bytes, outcome)))
}

fn read_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Option<String> {
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    // The reader has already bounded this package's parts; a part that is not UTF-8 is not
    // edited in place.
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

// ---------------------------------------------------------------------------------------
// A tree of the XML with byte positions.

#[derive(Debug)]
enum Node {
    Element(El),
    Text(String),
}

#[derive(Debug)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    /// The whole element, start tag to end tag.
    range: Range<usize>,
    /// Its start tag.
    open: Range<usize>,
    children: Vec<Node>,
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

fn parse(xml: &str) -> Option<El> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<El> = vec![El {
        name: String::new(),
        attrs: Vec::new(),
        range: 0..xml.len(),
        open: 0..0,
        children: Vec::new(),
    }];
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let end = reader.buffer_position() as usize;
        let element = |e: &quick_xml::events::BytesStart| El {
            name: e.name().into_inner().to_string(),
            attrs: e
                .attributes()
                .flatten()
                .map(|a| {
                    (
                        a.key.into_inner().to_string(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_default(),
                    )
                })
                .collect(),
            range: start..end,
            open: start..end,
            children: Vec::new(),
        };
        match event {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut()?.children.push(Node::Element(el));
            }
            Event::End(_) => {
                let mut el = stack.pop()?;
                el.range = el.range.start..end;
                stack.last_mut()?.children.push(Node::Element(el));
            }
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                stack.last_mut()?.children.push(Node::Text(text));
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)?.to_string(),
                };
                stack.last_mut()?.children.push(Node::Text(text));
            }
            Event::CData(c) => {
                let text = c.xml10_content().into_owned();
                stack.last_mut()?.children.push(Node::Text(text));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (stack.len() == 1).then(|| stack.pop()).flatten()
}

// ---------------------------------------------------------------------------------------
// Paragraphs, runs and visible text.

/// A child of a run: text (decoded), or anything else kept as its XML.
#[derive(Debug, Clone)]
enum Item {
    Text(String),
    Raw(Range<usize>),
}

#[derive(Debug, Clone)]
struct Run {
    /// The whole `<w:r …>…</w:r>`.
    range: Range<usize>,
    /// `<w:r …>` as written: its attributes go on every piece.
    open: Range<usize>,
    /// `<w:rPr>…</w:rPr>`, empty when the run has none.
    props: Range<usize>,
    items: Vec<Item>,
}

/// Where a byte of a paragraph's visible text comes from.
#[derive(Debug, Clone, Copy)]
struct Origin {
    run: usize,
    /// The text item and the byte in it; `None` for a tab, a break, a symbol, or text that
    /// must not be cut (a field result, another author's insertion, an alternate branch).
    text: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
struct Paragraph {
    /// The whole `<w:p>…</w:p>`.
    range: Range<usize>,
    runs: Vec<Run>,
    text: String,
    /// One per byte of `text`.
    origins: Vec<Origin>,
    in_table: bool,
}

#[derive(Debug, Default)]
struct Scan {
    paragraphs: Vec<Paragraph>,
    /// Each row's cells, each cell's paragraphs (indices into `paragraphs`).
    rows: Vec<Vec<Vec<usize>>>,
}

struct Walk<'a> {
    scan: &'a mut Scan,
    /// Open complex fields: `true` once the result began (a field may span paragraphs).
    fields: Vec<bool>,
}

impl Scan {
    fn of(root: &El) -> Scan {
        let mut scan = Scan::default();
        let Some(body) = root
            .elements()
            .find(|e| e.name == "w:document")
            .and_then(|d| d.elements().find(|e| e.name == "w:body"))
        else {
            return scan;
        };
        let mut walk = Walk {
            scan: &mut scan,
            fields: Vec::new(),
        };
        walk.blocks(body, false);
        scan
    }
}

impl Walk<'_> {
    /// Paragraphs and tables of a body or a cell, at any depth (content controls, custom XML).
    fn blocks(&mut self, el: &El, in_table: bool) -> Vec<usize> {
        let mut paragraphs = Vec::new();
        for child in el.elements() {
            match child.name.as_str() {
                "w:p" => paragraphs.push(self.paragraph(child, in_table)),
                "w:tbl" => self.table(child),
                "w:sectPr" | "w:sdtPr" | "w:sdtEndPr" => {}
                _ => paragraphs.extend(self.blocks(child, in_table)),
            }
        }
        paragraphs
    }

    fn table(&mut self, el: &El) {
        for child in el.elements() {
            match child.name.as_str() {
                "w:tr" => {
                    let deleted = child
                        .elements()
                        .find(|e| e.name == "w:trPr")
                        .is_some_and(|p| p.elements().any(|e| e.name == "w:del"));
                    let mut cells = Vec::new();
                    self.cells(child, &mut cells);
                    if !deleted {
                        self.scan.rows.push(cells);
                    }
                }
                "w:tblPr" | "w:tblGrid" => {}
                _ => self.table(child),
            }
        }
    }

    fn cells(&mut self, el: &El, cells: &mut Vec<Vec<usize>>) {
        for child in el.elements() {
            match child.name.as_str() {
                "w:tc" => {
                    let paragraphs = self.blocks(child, true);
                    cells.push(paragraphs);
                }
                "w:trPr" => {}
                _ => self.cells(child, cells),
            }
        }
    }

    fn paragraph(&mut self, el: &El, in_table: bool) -> usize {
        let mut p = Paragraph {
            range: el.range.clone(),
            in_table,
            ..Paragraph::default()
        };
        self.inline(el, &mut p, false);
        let index = self.scan.paragraphs.len();
        self.scan.paragraphs.push(p);
        index
    }

    /// Inline content; `locked` text is shown but never cut.
    fn inline(&mut self, el: &El, p: &mut Paragraph, locked: bool) {
        for child in el.elements() {
            match child.name.as_str() {
                "w:r" => self.run(child, p, locked),
                // Deleted text, properties, fallbacks and text boxes' own paragraphs are not
                // this paragraph's visible text.
                "w:del" | "w:moveFrom" | "w:pPr" | "mc:Fallback" | "w:sdtPr" | "w:sdtEndPr"
                | "w:txbxContent" => {}
                "w:ins" | "w:moveTo" | "w:fldSimple" => self.inline(child, p, true),
                "mc:AlternateContent" => {
                    let branch = child
                        .elements()
                        .find(|e| e.name == "mc:Choice")
                        .or_else(|| child.elements().find(|e| e.name == "mc:Fallback"));
                    if let Some(b) = branch {
                        self.inline(b, p, true);
                    }
                }
                _ => self.inline(child, p, locked),
            }
        }
    }

    fn run(&mut self, el: &El, p: &mut Paragraph, locked: bool) {
        let index = p.runs.len();
        let mut run = Run {
            range: el.range.clone(),
            open: el.open.clone(),
            props: el.open.end..el.open.end,
            items: Vec::new(),
        };
        for child in el.elements() {
            let visible = self.fields.iter().all(|&in_result| in_result);
            let locked = locked || !self.fields.is_empty();
            let shown = match child.name.as_str() {
                "w:rPr" => {
                    run.props = child.range.clone();
                    continue;
                }
                "w:t" if visible => {
                    let text = child.text();
                    let item = run.items.len();
                    for b in 0..text.len() {
                        p.origins.push(Origin {
                            run: index,
                            text: (!locked).then_some((item, b)),
                        });
                    }
                    p.text.push_str(&text);
                    run.items.push(Item::Text(text));
                    continue;
                }
                "w:t" => {
                    run.items.push(Item::Raw(child.range.clone()));
                    continue;
                }
                "w:fldChar" => {
                    docx::field_step(&mut self.fields, child.attr("w:fldCharType"));
                    None
                }
                "w:sym" if visible => child.attr("w:char").and_then(docx::symbol_char),
                name if visible => docx::shown(name),
                _ => None,
            };
            run.items.push(Item::Raw(child.range.clone()));
            if let Some(c) = shown {
                for _ in 0..c.len_utf8() {
                    p.origins.push(Origin {
                        run: index,
                        text: None,
                    });
                }
                p.text.push(c);
            }
        }
        p.runs.push(run);
    }
}

// ---------------------------------------------------------------------------------------
// Where each edit goes.

/// An edit's place: a paragraph and a byte range of its visible text.
#[derive(Debug, Clone)]
struct Place {
    paragraph: usize,
    range: Range<usize>,
}

/// The paragraph and range of a source range, found through the reader's block.
fn place(doc: &Document, scan: &Scan, range: &Range<usize>) -> Option<Place> {
    let (i, block) = doc.text.blocks.iter().enumerate().find(|(_, b)| {
        b.part == Part::Body && b.source.start <= range.start && range.end <= b.source.end
    })?;
    let text = doc.source.get(block.source.clone())?;
    let at = range.start - block.source.start;
    let len = range.len();
    let is_row = block.kind == BlockKind::TableRow;
    // The same text may stand in several blocks: take the same rank among the candidates.
    let rank = doc.text.blocks[..i]
        .iter()
        .filter(|b| {
            b.part == Part::Body
                && (b.kind == BlockKind::TableRow) == is_row
                && doc.source.get(b.source.clone()) == Some(text)
        })
        .count();
    if is_row {
        let map = scan
            .rows
            .iter()
            .filter_map(|cells| {
                let (row_text, map) = row_text(scan, cells);
                (row_text == text).then_some(map)
            })
            .nth(rank)?;
        let first = map.get(at).copied().flatten()?;
        let last = if len == 0 {
            first
        } else {
            map.get(at + len - 1).copied().flatten()?
        };
        (first.0 == last.0).then(|| Place {
            paragraph: first.0,
            range: first.1..if len == 0 { first.1 } else { last.1 + 1 },
        })
    } else {
        let (index, p) = scan
            .paragraphs
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                !p.in_table && !p.text.trim().is_empty() && text.ends_with(p.text.trim_start())
            })
            .nth(rank)?;
        let shown = p.text.trim_start();
        let prefix = text.len() - shown.len();
        let lead = p.text.len() - shown.len();
        let start = (at.checked_sub(prefix)?) + lead;
        let range = start..start + len;
        (p.text.get(range.clone()) == text.get(at..at + len)).then_some(Place {
            paragraph: index,
            range,
        })
    }
}

/// A row's text as the reader writes it, with, for each byte, its paragraph and the byte in
/// that paragraph's text (`None` for the separators).
#[allow(clippy::type_complexity)]
fn row_text(scan: &Scan, cells: &[Vec<usize>]) -> (String, Vec<Option<(usize, usize)>>) {
    let mut text = String::new();
    let mut map = Vec::new();
    for (c, cell) in cells.iter().enumerate() {
        if c > 0 {
            text.push_str(CELL_SEPARATOR);
            map.extend(std::iter::repeat_n(None, CELL_SEPARATOR.len()));
        }
        let mut first = true;
        for &i in cell {
            let t = &scan.paragraphs[i].text;
            let trimmed = t.trim();
            if trimmed.is_empty() {
                continue;
            }
            if !first {
                text.push(' ');
                map.push(None);
            }
            first = false;
            let lead = t.len() - t.trim_start().len();
            text.push_str(trimmed);
            map.extend((0..trimmed.len()).map(|b| Some((i, lead + b))));
        }
    }
    (text, map)
}

// ---------------------------------------------------------------------------------------
// Writing the changes.

/// What a piece of a rewritten run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Kept,
    /// Removed by the change of this revision id.
    Deleted(u64),
    /// XML written between pieces as it is (comment marks, an insertion).
    Marker,
}

/// The new XML of a paragraph's touched runs, and what goes before `</w:p>`.
#[derive(Default)]
struct ParagraphEdits {
    /// Per run: the XML replacing it, when it is touched.
    runs: std::collections::BTreeMap<usize, RunEdits>,
    tail: String,
}

#[derive(Default)]
struct RunEdits {
    /// Cut points in the run's text items: (item, byte) → what follows is `Key`.
    cuts: Vec<((usize, usize), Key)>,
    /// XML after a cut point, written between pieces: (item, byte, xml).
    markers: Vec<((usize, usize), String)>,
    before: String,
    after: String,
}

#[allow(clippy::too_many_arguments)]
fn apply(
    xml: &str,
    scan: &Scan,
    edits: &[Edit],
    placed: &[Option<Place>],
    fallback: usize,
    next_id: &mut u64,
    date: &str,
) -> (String, Vec<String>, Outcome) {
    let mut outcome = Outcome::default();
    let mut comments = Vec::new();
    let mut by_paragraph: std::collections::BTreeMap<usize, ParagraphEdits> = Default::default();
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| {
        placed[i]
            .as_ref()
            .map_or((usize::MAX, 0), |p| (p.paragraph, p.range.start))
    });
    // The end of the last tracked change per paragraph: changes never overlap.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    for i in order {
        let edit = &edits[i];
        let comment_id = *next_id;
        *next_id += 1;
        let text = match &edit.replacement {
            Some(new) if placed[i].is_none() => {
                outcome.left_as_comments += 1;
                format!("{} → « {new} »", edit.comment)
            }
            _ => edit.comment.clone(),
        };
        comments.push(comment_xml(comment_id, &text, date));
        outcome.comments += 1;
        let start_mark = format!("<w:commentRangeStart w:id=\"{comment_id}\"/>");
        let end_mark = format!(
            "<w:commentRangeEnd w:id=\"{comment_id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{comment_id}\"/></w:r>"
        );
        let Some(place) = placed[i].clone().filter(|p| !p.range.is_empty()) else {
            // No place of its own: a comment at the end of the clause's first paragraph.
            let p = placed[i].as_ref().map_or(fallback, |p| p.paragraph);
            let edits = by_paragraph.entry(p).or_default();
            edits.tail.push_str(&start_mark);
            edits.tail.push_str(&end_mark);
            continue;
        };
        let paragraph = &scan.paragraphs[place.paragraph];
        let origins = &paragraph.origins[place.range.clone()];
        let free = taken
            .get(&place.paragraph)
            .is_none_or(|&end| end <= place.range.start);
        let cuttable = origins.iter().all(|o| o.text.is_some())
            && paragraph.text.is_char_boundary(place.range.start)
            && paragraph.text.is_char_boundary(place.range.end)
            && free;
        let first = origins[0];
        let last = origins[origins.len() - 1];
        let edits_here = by_paragraph.entry(place.paragraph).or_default();
        match (&edit.replacement, cuttable) {
            (Some(new), true) => {
                taken.insert(place.paragraph, place.range.end);
                let del_id = *next_id;
                let ins_id = *next_id + 1;
                *next_id += 2;
                outcome.changes += 1;
                let run_open = &xml[paragraph.runs[first.run].open.clone()];
                let props = &xml[paragraph.runs[first.run].props.clone()];
                let insertion = format!(
                    "<w:ins w:id=\"{ins_id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\">{run_open}{props}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:ins>",
                    escape(new)
                );
                // Every run the change crosses is cut at its start and end.
                let (fi, fb) = first.text.unwrap_or_default();
                let (li, lb) = last.text.unwrap_or_default();
                let start_run = edits_here.runs.entry(first.run).or_default();
                start_run.cuts.push(((fi, fb), Key::Deleted(del_id)));
                start_run.markers.push(((fi, fb), start_mark));
                for o in origins {
                    if o.run != first.run {
                        let run = edits_here.runs.entry(o.run).or_default();
                        if run.cuts.iter().all(|(_, k)| *k != Key::Deleted(del_id)) {
                            let (item, byte) = o.text.unwrap_or_default();
                            run.cuts.push(((item, byte), Key::Deleted(del_id)));
                        }
                    }
                }
                let end_run = edits_here.runs.entry(last.run).or_default();
                let after = (li, lb + 1);
                end_run.cuts.push((after, Key::Kept));
                end_run
                    .markers
                    .push((after, format!("{insertion}{end_mark}")));
            }
            (replacement, _) => {
                if let Some(new) = replacement {
                    outcome.left_as_comments += 1;
                    // The comment proposes the words the change would have written.
                    if let Some(c) = comments.last_mut() {
                        *c =
                            comment_xml(comment_id, &format!("{} → « {new} »", edit.comment), date);
                    }
                }
                edits_here
                    .runs
                    .entry(first.run)
                    .or_default()
                    .before
                    .push_str(&start_mark);
                edits_here
                    .runs
                    .entry(last.run)
                    .or_default()
                    .after
                    .push_str(&end_mark);
            }
        }
    }

    // Splice: every touched run and paragraph end, in document order.
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    for (&p, edits) in &by_paragraph {
        let paragraph = &scan.paragraphs[p];
        for (&r, run_edits) in &edits.runs {
            let run = &paragraph.runs[r];
            splices.push((
                run.range.clone(),
                rewrite_run(xml, run, run_edits, date, next_id),
            ));
        }
        if !edits.tail.is_empty() {
            let end = paragraph.range.end;
            let close = xml[..end]
                .rfind("</w:p>")
                .filter(|&c| c >= paragraph.range.start);
            match close {
                Some(c) => splices.push((c..c, edits.tail.clone())),
                // An empty `<w:p/>`: the marks go after it, in a paragraph of their own.
                None => splices.push((end..end, format!("<w:p>{}</w:p>", edits.tail))),
            }
        }
    }
    splices.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::with_capacity(xml.len() + 4096);
    let mut at = 0;
    for (range, text) in splices {
        if range.start < at {
            continue;
        }
        out.push_str(&xml[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&xml[at..]);
    (out, comments, outcome)
}

/// A touched run rewritten: the same run cut into pieces (each with the run's tag and
/// properties), deleted pieces inside `w:del`, markers (comment marks, insertions) between.
fn rewrite_run(xml: &str, run: &Run, edits: &RunEdits, date: &str, next_id: &mut u64) -> String {
    let open = &xml[run.open.clone()];
    let props = &xml[run.props.clone()];
    let mut cuts = edits.cuts.clone();
    cuts.sort_by_key(|(at, _)| *at);
    let mut out = edits.before.clone();
    // Pieces: (key, xml of the run's children).
    let mut pieces: Vec<(Key, String)> = Vec::new();
    let mut key = Key::Kept;
    let push = |pieces: &mut Vec<(Key, String)>, key: Key, content: String| match pieces.last_mut()
    {
        Some((k, c)) if *k == key => c.push_str(&content),
        _ => pieces.push((key, content)),
    };
    for (i, item) in run.items.iter().enumerate() {
        match item {
            Item::Raw(r) => {
                // A cut at the start of a raw item never happens (cuts are in text), but a
                // change may end right before one.
                apply_cuts(&cuts, &edits.markers, (i, 0), &mut key, &mut pieces);
                push(&mut pieces, key, xml[r.clone()].to_string());
            }
            Item::Text(text) => {
                let mut from = 0;
                let mut points: Vec<usize> = cuts
                    .iter()
                    .filter(|((item, _), _)| *item == i)
                    .map(|((_, b), _)| *b)
                    .chain(
                        edits
                            .markers
                            .iter()
                            .filter(|((item, _), _)| *item == i)
                            .map(|((_, b), _)| *b),
                    )
                    .filter(|&b| b <= text.len())
                    .collect();
                points.sort_unstable();
                points.dedup();
                for b in points {
                    if b > from {
                        push(&mut pieces, key, text_xml(key, &text[from..b]));
                    }
                    from = b;
                    apply_cuts(&cuts, &edits.markers, (i, b), &mut key, &mut pieces);
                }
                if from < text.len() {
                    push(&mut pieces, key, text_xml(key, &text[from..]));
                }
            }
        }
    }
    for (k, content) in pieces {
        match k {
            Key::Kept if content.is_empty() => {}
            Key::Kept => {
                out.push_str(open);
                out.push_str(props);
                out.push_str(&content);
                out.push_str("</w:r>");
            }
            Key::Marker => out.push_str(&content),
            Key::Deleted(_) => {
                // One id per element: a change across three runs is three deletions.
                let id = *next_id;
                *next_id += 1;
                out.push_str(&format!(
                    "<w:del w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\">{open}{props}{content}</w:r></w:del>"
                ));
            }
        }
    }
    out.push_str(&edits.after);
    out
}

/// At a cut point: the markers written there, then the key of what follows.
fn apply_cuts(
    cuts: &[((usize, usize), Key)],
    markers: &[((usize, usize), String)],
    at: (usize, usize),
    key: &mut Key,
    pieces: &mut Vec<(Key, String)>,
) {
    for (_, xml) in markers.iter().filter(|(m, _)| *m == at) {
        pieces.push((Key::Marker, xml.clone()));
    }
    if let Some((_, k)) = cuts.iter().rev().find(|(c, _)| *c == at) {
        *key = *k;
    }
}

/// A piece of a run's text: removed text is `w:delText`, any other `w:t` (text is never a
/// marker: cuts switch between kept and deleted only).
fn text_xml(key: Key, text: &str) -> String {
    match key {
        Key::Kept | Key::Marker => format!("<w:t xml:space=\"preserve\">{}</w:t>", escape(text)),
        Key::Deleted(_) => format!(
            "<w:delText xml:space=\"preserve\">{}</w:delText>",
            escape(text)
        ),
    }
}

fn comment_xml(id: u64, text: &str, date: &str) -> String {
    let paragraphs: String = text
        .split('\n')
        .map(|line| {
            format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                escape(line)
            )
        })
        .collect();
    format!(
        "<w:comment w:id=\"{id}\" w:author=\"{AUTHOR}\" w:date=\"{date}\" w:initials=\"CL\">{paragraphs}</w:comment>"
    )
}

/// The first id above every `w:id` of the document and its comments, so that the new
/// revisions and comments collide with none.
fn next_id(document: &str, comments: Option<&str>) -> u64 {
    let mut max = 0u64;
    for text in std::iter::once(document).chain(comments) {
        for (i, _) in text.match_indices("w:id=\"") {
            let digits: String = text[i + 6..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(n) = digits.parse::<u64>() {
                max = max.max(n);
            }
        }
    }
    max + 1
}

fn add_comments(part: &str, comments: &[String]) -> String {
    match part.rfind("</w:comments>") {
        Some(at) => format!("{}{}{}", &part[..at], comments.concat(), &part[at..]),
        None => part.to_string(),
    }
}

fn add_relationship(rels: &str) -> String {
    let mut n = 1;
    while rels.contains(&format!("Id=\"rIdClausier{n}\"")) {
        n += 1;
    }
    let rel = format!(
        "<Relationship Id=\"rIdClausier{n}\" Type=\"{COMMENTS_REL}\" Target=\"comments.xml\"/>"
    );
    match rels.rfind("</Relationships>") {
        Some(at) => format!("{}{rel}{}", &rels[..at], &rels[at..]),
        None => rels.to_string(),
    }
}

fn add_content_type(types: &str) -> String {
    if types.contains("/word/comments.xml") {
        return types.to_string();
    }
    let over =
        format!("<Override PartName=\"/word/comments.xml\" ContentType=\"{COMMENTS_TYPE}\"/>");
    match types.rfind("</Types>") {
        Some(at) => format!("{}{over}{}", &types[..at], &types[at..]),
        None => types.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph_of(body: &str) -> (String, Scan) {
        let xml = format!("<w:document {W_NS}><w:body>{body}</w:body></w:document>");
        let tree = parse(&xml).unwrap();
        let scan = Scan::of(&tree);
        (xml, scan)
    }

    #[test]
    fn visible_text_is_the_readers() {
        let (_, scan) = paragraph_of(
            "<w:p><w:r><w:t>Le </w:t></w:r><w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>titulaire</w:t></w:r></w:ins>\
             <w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>xx</w:delText></w:r></w:del>\
             <w:r><w:tab/><w:t>réalise &amp; </w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>\
             <w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
        );
        let p = &scan.paragraphs[0];
        assert_eq!(p.text, "Le titulaire\tréalise & 3");
        // Another author's insertion, the tab and the field result are shown, not cuttable.
        assert!(p.origins[0].text.is_some());
        assert!(p.origins[3].text.is_none());
        assert!(p.origins[12].text.is_none());
        assert!(p.origins[13].text.is_some());
        assert!(p.origins.last().unwrap().text.is_none());
        // A symbol shows what the reader shows: an arrow, and nothing from a private range.
        let (_, scan) = paragraph_of(
            "<w:p><w:r><w:t>a</w:t><w:sym w:font=\"Symbol\" w:char=\"2192\"/>\
             <w:sym w:font=\"Wingdings\" w:char=\"E001\"/><w:t>b</w:t></w:r></w:p>",
        );
        assert_eq!(scan.paragraphs[0].text, "a\u{2192}b");
    }

    #[test]
    fn a_change_across_runs_keeps_each_runs_properties() {
        let body = "<w:p><w:r><w:t xml:space=\"preserve\">de l'article 38 </w:t></w:r>\
                    <w:r><w:rPr><w:i/></w:rPr><w:t>de l'ordonnance</w:t></w:r>\
                    <w:r><w:t xml:space=\"preserve\"> du 23 juillet 2015, suite.</w:t></w:r></w:p>";
        let (xml, scan) = paragraph_of(body);
        let text = &scan.paragraphs[0].text;
        let start = text.find("article").unwrap();
        let end = text.find(", suite").unwrap();
        let edits = [Edit {
            range: 0..0,
            replacement: Some("article L. 2112-2 du code de la commande publique".into()),
            comment: "Référence abrogée".into(),
        }];
        let placed = [Some(Place {
            paragraph: 0,
            range: start..end,
        })];
        let mut id = 10;
        let (out, comments, outcome) = apply(
            &xml,
            &scan,
            &edits,
            &placed,
            0,
            &mut id,
            "2026-12-08T00:00:00Z",
        );
        assert_eq!(outcome.changes, 1);
        assert_eq!(comments.len(), 1);
        let tree = parse(&out).unwrap();
        // Accepting: deletions gone, insertions kept.
        let accepted = Scan::of(&tree).paragraphs[0].text.clone();
        assert_eq!(
            accepted,
            "de l'article L. 2112-2 du code de la commande publique, suite."
        );
        // Rejecting: the deleted text back, the insertion gone, byte for byte.
        let rejected = out
            .replace("w:delText", "w:t")
            .replace("<w:del ", "<w:keep ")
            .replace("</w:del>", "</w:keep>");
        let rejected = regex::Regex::new(r"<w:ins [^>]*>.*?</w:ins>")
            .unwrap()
            .replace_all(&rejected, "");
        let tree = parse(&rejected).unwrap();
        assert_eq!(Scan::of(&tree).paragraphs[0].text, *text);
        // The italic run's deleted piece keeps its italics.
        assert!(out.contains("<w:rPr><w:i/></w:rPr><w:delText xml:space=\"preserve\">de l&#39;ordonnance</w:delText>"), "{out}");
    }

    #[test]
    fn a_correction_inside_a_table_cell_is_made_in_its_cell() {
        use crate::read::blocks::Format;
        use crate::read::extract::{read_bytes, Limits};
        use docx_rs::{Docx, Paragraph as P, Run as R, Table, TableCell, TableRow};
        let cell =
            |text: &str| TableCell::new().add_paragraph(P::new().add_run(R::new().add_text(text)));
        let docx = Docx::new()
            .add_paragraph(P::new().add_run(R::new().add_text("Article 9 - Clause sociale")))
            .add_table(Table::new(vec![
                TableRow::new(vec![cell("Lot 1"), cell("Public : inscrits à Pôle emploi")]),
                TableRow::new(vec![cell("Lot 2"), cell("Public : inscrits à Pôle emploi")]),
            ]));
        let mut buffer = Cursor::new(Vec::new());
        docx.build().pack(&mut buffer).unwrap();
        let bytes = buffer.into_inner();
        let read = |b: &[u8]| {
            let extracted = read_bytes(b.to_vec(), Some("docx"), &Limits::default())
                .result
                .unwrap();
            Document::from_extracted(Format::Docx, extracted)
        };
        let doc = read(&bytes);
        // The second row's mention: the same text stands in two rows, the rank decides.
        let at = doc.source.rfind("Pôle emploi").unwrap();
        let edits = [Edit {
            range: at..at + "Pôle emploi".len(),
            replacement: Some("France Travail".into()),
            comment: "Terme périmé".into(),
        }];
        let (out, outcome) = rewrite(&bytes, &doc, &edits, None, "2026-12-08T00:00:00Z")
            .unwrap()
            .unwrap();
        assert_eq!(outcome.changes, 1);
        let accepted = read(&out).source;
        assert!(
            accepted.contains("Lot 1 | Public : inscrits à Pôle emploi")
                && accepted.contains("Lot 2 | Public : inscrits à France Travail"),
            "{accepted}"
        );
    }

    #[test]
    fn ids_start_above_the_documents() {
        assert_eq!(
            next_id(
                "<w:ins w:id=\"7\"/><w:del w:id=\"12\"/>",
                Some("<w:comment w:id=\"30\"/>")
            ),
            31
        );
        assert_eq!(next_id("", None), 1);
    }
}
