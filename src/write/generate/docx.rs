//! A real Word document from a rendered model: headings with Word's heading styles (so the
//! buyer can paste them into a CCAP and keep its outline), paragraphs, and the lots table with
//! a bold header row. Built with docx-rs from the Markdown events, never by templating XML.

use crate::base::error::Error;
use docx_rs::{
    AlignmentType, Docx, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell, TableRow,
};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// Builds the DOCX bytes.
pub(crate) fn build(markdown: &str) -> Result<Vec<u8>, Error> {
    let mut docx = base_document();
    let mut text = String::new();
    let mut heading: Option<usize> = None;
    let mut bold = false;
    let mut runs: Vec<Run> = Vec::new();
    let mut rows: Vec<TableRow> = Vec::new();
    let mut cells: Vec<TableCell> = Vec::new();
    let mut in_head = false;
    let flush_run = |text: &mut String, runs: &mut Vec<Run>, bold: bool| {
        if !text.is_empty() {
            let mut run = Run::new().add_text(std::mem::take(text));
            if bold {
                run = run.bold();
            }
            runs.push(run);
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as usize),
            Event::Start(Tag::Strong) => {
                flush_run(&mut text, &mut runs, bold);
                bold = true;
            }
            Event::End(TagEnd::Strong) => {
                flush_run(&mut text, &mut runs, bold);
                bold = false;
            }
            // Raw HTML in a value ("<b>", "<img …>") is the user's text, kept as text.
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::HtmlBlock) => {
                flush_run(&mut text, &mut runs, bold);
                let mut p = Paragraph::new();
                for run in runs.drain(..) {
                    p = p.add_run(run);
                }
                p = match heading.take() {
                    Some(level) => p.style(&format!("Heading{}", level.min(3))),
                    None => p.align(AlignmentType::Both),
                };
                docx = docx.add_paragraph(p);
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                rows.push(TableRow::new(std::mem::take(&mut cells)));
                in_head = false;
            }
            Event::End(TagEnd::TableCell) => {
                let mut run = Run::new().add_text(std::mem::take(&mut text));
                if in_head {
                    run = run.bold();
                }
                cells.push(TableCell::new().add_paragraph(Paragraph::new().add_run(run)));
            }
            Event::End(TagEnd::TableRow) => rows.push(TableRow::new(std::mem::take(&mut cells))),
            Event::End(TagEnd::Table) => {
                docx = docx.add_table(Table::new(std::mem::take(&mut rows)));
                // Word glues a paragraph to a preceding table: keep them apart.
                docx = docx.add_paragraph(Paragraph::new());
            }
            _ => {}
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| Error::Config(format!("cannot write the DOCX: {e}")))?;
    Ok(bytes.into_inner())
}

/// A document with the house fonts and Word's heading styles 1 to 3, so that headings keep
/// their outline level when pasted into a CCAP.
pub(crate) fn base_document() -> Docx {
    Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .add_style(heading_style(1, 32))
        .add_style(heading_style(2, 26))
        .add_style(heading_style(3, 24))
}

fn heading_style(level: usize, half_points: usize) -> Style {
    Style::new(format!("Heading{level}"), StyleType::Paragraph)
        .name(format!("heading {level}"))
        .bold()
        .size(half_points)
        .outline_lvl(level - 1)
}
