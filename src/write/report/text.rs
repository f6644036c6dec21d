//! The `clausier text` report: what clausier read from one file, with page, part and section
//! markers for people, or as structured JSON (blocks, sections, offsets) for machines.

use crate::base::error::Problem;
use crate::base::i18n::text;
use crate::base::typography::colon;
use crate::read::blocks::Part;
use crate::read::document::{CharIndex, Document, Span};
use crate::read::Reading;
use crate::{msg, msg_n};
use serde::Serialize;
use std::io::{self, Write};

/// Writes the normalised text with markers: `── page N ──` where the page changes, `§` before
/// each heading (indented by level), and the non-body parts after the body under their name.
/// With `raw`, standard output gets the source text alone, so that character offsets of the
/// JSON reports line up with it; the warnings and the title line go to `notes` (stderr).
pub fn write_human(
    out: &mut dyn Write,
    notes: &mut dyn Write,
    reading: &Reading,
    raw: bool,
) -> io::Result<()> {
    let path = crate::judge::verdict::path_text(&reading.path).0;
    let path = super::human::printable(&path);
    let head: &mut dyn Write = if raw { notes } else { &mut *out };
    for warning in &reading.warnings {
        writeln!(
            head,
            "{path} [{}]{}{}",
            warning.code,
            colon(),
            warning.code.explain()
        )?;
    }
    let doc = match &reading.document {
        Ok(doc) => doc,
        Err(problem) => {
            writeln!(
                head,
                "{path} [{}]{}{}{}{}",
                problem.code,
                colon(),
                text("doc.error"),
                colon(),
                problem.code.explain()
            )?;
            return Ok(());
        }
    };
    let pages = doc.pages.map_or(String::new(), |p| {
        format!(", {}", msg_n!("text.pages", u64::from(p)))
    });
    let sections = doc.sections.iter().filter(|s| !s.toc).count();
    writeln!(
        head,
        "# {path} ({}, {}{pages}, {})",
        doc.format,
        msg!("text.read_by", reader = doc.reader.as_str()),
        msg_n!("text.sections", sections)
    )?;
    if raw {
        writeln!(out, "{}", doc.source)?;
        return Ok(());
    }
    let mut page = None;
    let mut part = Part::Body;
    // The body in reading order, then each other part once, its blocks together (a header
    // repeated on every page is listed under one "header" marker, with its pages).
    let mut blocks: Vec<_> = doc.text.blocks.iter().collect();
    blocks.sort_by_key(|b| b.part);
    // Headings by where their line starts, the first one there winning: one look-up per line.
    let mut headings = std::collections::HashMap::new();
    let mut tocs = std::collections::HashMap::new();
    for section in &doc.sections {
        if section.toc {
            tocs.entry(section.range.start).or_insert(section);
        } else {
            headings
                .entry(section.heading_range.start)
                .or_insert(section);
        }
    }
    for block in blocks {
        if block.part != part {
            part = block.part;
            let name = crate::base::i18n::lookup(&format!("part.{}", part.as_str()));
            writeln!(out, "\n── {} ──", name.unwrap_or(part.as_str()))?;
        }
        if part != Part::Body {
            if let Some(p) = block.page {
                write!(out, "[{}] ", msg!("doc.page", page = p))?;
            }
        } else if block.page.is_some() && block.page != page {
            page = block.page;
            let number = page.unwrap_or_default();
            match doc.ocr_pages.iter().find(|p| p.page == number) {
                Some(ocr) => writeln!(
                    out,
                    "\n{}",
                    msg!(
                        "text.ocr_page",
                        page = number,
                        confidence = format!("{:.0}", ocr.confidence)
                    )
                )?,
                None => writeln!(out, "\n── {} ──", msg!("doc.page", page = number))?,
            }
        }
        let mut offset = block.range.start;
        for line in doc.text.text[block.range.clone()].split('\n') {
            crate::base::deadline::tick();
            let at = offset;
            offset += line.len() + 1;
            if let Some(section) = headings.get(&at) {
                writeln!(out, "{}§ {}", "  ".repeat(section.level), section.heading)?;
                // A run-in heading ("9.6 Contrôle. Le titulaire transmet…") shares its line
                // with the start of its text: print that text too, never drop it.
                let rest = line
                    .get(section.heading_range.end.saturating_sub(at)..)
                    .unwrap_or("")
                    .trim_start_matches(['.', ':', ' ', '-']);
                if !rest.is_empty() {
                    writeln!(out, "{rest}")?;
                }
                continue;
            }
            if let Some(section) = tocs.get(&at) {
                writeln!(
                    out,
                    "§ [{}]",
                    msg_n!(
                        "text.toc",
                        doc.text.text[section.range.clone()].lines().count()
                    )
                )?;
            }
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonReading<'a> {
    path: String,
    /// True when `path` holds `%XX` escapes (see the JSON report's `path_escaped`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    path_escaped: bool,
    format: Option<&'a str>,
    status: &'static str,
    error: Option<&'a Problem>,
    warnings: &'a [Problem],
    #[serde(skip_serializing_if = "Option::is_none")]
    document: Option<JsonDocument<'a>>,
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    reader: &'static str,
    pages: Option<u32>,
    /// The source text as read; every `source` span indexes it by characters.
    source: &'a str,
    /// The normalised text; every `normalized` span indexes it by characters.
    text: &'a str,
    blocks: Vec<JsonBlock>,
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonBlock {
    part: Part,
    kind: crate::read::blocks::BlockKind,
    page: Option<u32>,
    source: Span,
    normalized: Span,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    heading: &'a str,
    number: Option<&'a str>,
    title: &'a str,
    level: usize,
    parent: Option<usize>,
    page: Option<u32>,
    toc: bool,
    normalized: Span,
    source: Span,
}

/// Writes the structured form: blocks and sections with character spans in both texts. One
/// object for a document; an array of them, one per member, for an archive.
pub fn write_json(out: &mut dyn Write, readings: &[Reading]) -> io::Result<()> {
    let json: Vec<JsonReading> = readings.iter().map(json_reading).collect();
    match json.as_slice() {
        [one] => serde_json::to_writer_pretty(&mut *out, one)?,
        many => serde_json::to_writer_pretty(&mut *out, many)?,
    }
    writeln!(out)
}

fn json_reading(reading: &Reading) -> JsonReading<'_> {
    JsonReading {
        path: crate::judge::verdict::path_text(&reading.path).0,
        path_escaped: crate::judge::verdict::path_text(&reading.path).1,
        format: reading.format.map(|f| f.as_str()),
        status: if reading.document.is_ok() {
            "ok"
        } else {
            "error"
        },
        error: reading.document.as_ref().err(),
        warnings: &reading.warnings,
        document: reading.document.as_ref().ok().map(json_document),
    }
}

fn json_document(doc: &Document) -> JsonDocument<'_> {
    let chars = CharIndex::new(&doc.text.text);
    let norm = |r: &std::ops::Range<usize>| Span {
        start: chars.offset(&doc.text.text, r.start),
        end: chars.offset(&doc.text.text, r.end),
    };
    let blocks = doc
        .text
        .blocks
        .iter()
        .map(|b| JsonBlock {
            part: b.part,
            kind: b.kind,
            page: b.page,
            source: doc.locate(b.range.clone()).span,
            normalized: norm(&b.range),
        })
        .collect();
    let sections = doc
        .sections
        .iter()
        .map(|s| JsonSection {
            heading: &s.heading,
            number: s.number.as_deref(),
            title: &s.title,
            level: s.level,
            parent: s.parent,
            page: s.page,
            toc: s.toc,
            normalized: norm(&s.range),
            source: doc.locate(s.range.clone()).span,
        })
        .collect();
    JsonDocument {
        reader: doc.reader.as_str(),
        pages: doc.pages,
        source: &doc.source,
        text: &doc.text.text,
        blocks,
        sections,
    }
}
