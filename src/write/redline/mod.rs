//! A reviewer's redline: each clause as found, with the corrections that bring it to the model
//! as tracked changes (DOCX `w:ins`/`w:del` by "clausier", each with a comment giving the rule
//! and why) or as an HTML page with `<ins>`/`<del>` marks.
//!
//! Only what clausier can correct without guessing is changed: obsolete references (replaced
//! by the current article), outdated terms (by the current name), misnumbered sub-articles, and
//! missing elements (inserted from the model's wording with the document's own figures, the
//! model's defaults where the document has none, which the comment says). Inconsistent figures
//! and ANRU minimums are left to the reviewer: clausier cannot know which figure is right.

use crate::base::error::Error;
use crate::base::escape::escape;
use crate::judge::rules::{model_values, CheckedClause, Rule};
use crate::read::document::Document;
use crate::template::{Catalog, Severity};
use docx_rs::{BreakType, Comment, Delete, Insert, Paragraph, Run};
use std::fmt::Write as _;

pub mod in_place;
use std::ops::Range;

/// Author of every revision and comment.
pub const AUTHOR: &str = "clausier";

/// One correction: replace a range of the source text (or insert at its end) and say why.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Byte range in the document's source text; empty for an insertion.
    pub range: Range<usize>,
    pub replacement: String,
    pub rule: Rule,
    pub why: String,
    /// A tracked change; otherwise a comment proposing `replacement` (nothing when it is
    /// empty), because the right words depend on what a person knows.
    pub tracked: bool,
}

/// One clause of the redline: its source text and the changes to it.
#[derive(Debug, Clone)]
pub struct RedlinedClause {
    pub title: String,
    /// Byte ranges in the source text: the clause, then the articles linked to it (penalties
    /// stated elsewhere), which a reviewer needs beside it.
    pub ranges: Vec<Range<usize>>,
    /// Changes in text order, insertions (at the end) last.
    pub changes: Vec<Change>,
}

/// A finding about the consultation, written as a comment on the carrying piece's redline: the
/// reviewer sees what the other pieces say beside the clause (figures that differ, references
/// that point elsewhere), which clausier cannot correct by itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub rule: Rule,
    pub message: String,
    pub suggestion: Option<String>,
}

impl From<&crate::judge::consultation::ConsultationFinding> for Note {
    fn from(f: &crate::judge::consultation::ConsultationFinding) -> Self {
        Note {
            rule: f.rule,
            message: f.message.clone(),
            suggestion: f.suggestion.clone(),
        }
    }
}

impl Note {
    /// The comment's text: the rule's name as people read it, then what was found.
    fn comment(&self) -> String {
        match &self.suggestion {
            Some(s) => format!("{} — {} → {s}", self.rule.label(), self.message),
            None => format!("{} — {}", self.rule.label(), self.message),
        }
    }
}

/// The edits of the reviewer's own document: each correction a tracked change with its
/// comment, each missing element a comment proposing the model's wording at the clause's
/// start (never text inserted into a clause it might contradict), each consultation note a
/// comment there too.
pub fn edits(clauses: &[RedlinedClause], notes: &[Note]) -> (Vec<in_place::Edit>, Option<usize>) {
    let anchor = clauses
        .first()
        .and_then(|c| c.ranges.first())
        .map(|r| r.start);
    let mut edits = Vec::new();
    for note in notes {
        if let Some(at) = anchor {
            edits.push(in_place::Edit {
                range: at..at,
                replacement: None,
                comment: note.comment(),
            });
        }
    }
    for clause in clauses {
        let start = clause.ranges.first().map_or(0, |r| r.start);
        for change in &clause.changes {
            let label = change.rule.label();
            if change.range.is_empty() {
                edits.push(in_place::Edit {
                    range: start..start,
                    replacement: None,
                    comment: crate::msg!(
                        "redline.proposal",
                        rule = label,
                        why = change.why,
                        text = change.replacement
                    ),
                });
            } else if change.tracked {
                edits.push(in_place::Edit {
                    range: change.range.clone(),
                    replacement: Some(change.replacement.clone()),
                    comment: format!("{label} — {}", change.why),
                });
            } else {
                let comment = if change.replacement.is_empty() {
                    crate::msg!("redline.flag", rule = label, why = change.why)
                } else {
                    crate::msg!(
                        "redline.judgement",
                        rule = label,
                        why = change.why,
                        text = change.replacement
                    )
                };
                edits.push(in_place::Edit {
                    range: change.range.clone(),
                    replacement: None,
                    comment,
                });
            }
        }
    }
    (edits, anchor)
}

/// Computes the corrections of each checked clause, judged at `date` (the consultation's
/// launch date, else the document's): every mention of each repealed citation (the whole
/// citation: article, text, number, date, title) and outdated term the checks found, the
/// longest one where two overlap.
pub fn changes(
    doc: &Document,
    clauses: &[CheckedClause],
    catalog: &Catalog,
    date: Option<crate::base::dates::Date>,
) -> Vec<RedlinedClause> {
    clauses
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let norm_ranges: Vec<Range<usize>> = std::iter::once(&c.clause.range)
                .chain(&c.clause.linked)
                .cloned()
                .collect();
            let ranges: Vec<Range<usize>> = norm_ranges
                .iter()
                .map(|r| doc.text.source_range(r.clone()))
                .collect();
            let mut changes = Vec::new();
            let mut references: Vec<&crate::template::LegalReference> = Vec::new();
            let mut terms: Vec<&crate::template::OutdatedTerm> = Vec::new();
            for f in &c.findings {
                match f.rule {
                    Rule::ObsoleteLegalReference if f.severity > Severity::Info => {
                        if let Some(r) = catalog
                            .legal
                            .iter()
                            .find(|r| Some(&r.id) == f.reference.as_ref())
                        {
                            if !references.iter().any(|x| x.id == r.id) {
                                references.push(r);
                            }
                        }
                    }
                    Rule::OutdatedTerm => {
                        if let Some(t) = catalog
                            .terms
                            .iter()
                            .find(|t| Some(&t.term) == f.term.as_ref())
                        {
                            if !terms.iter().any(|x| x.term == t.term) {
                                terms.push(t);
                            }
                        }
                    }
                    Rule::SectionNumbering => {
                        let Some(norm) = f.range.clone() else {
                            continue;
                        };
                        let source = doc.text.source_range(norm.clone());
                        if let Some(replacement) = renumbered(doc, norm.start) {
                            changes.push(Change {
                                range: source,
                                replacement,
                                rule: f.rule,
                                why: f.message.clone(),
                                tracked: true,
                            });
                        }
                    }
                    _ => {}
                }
            }
            for range in &norm_ranges {
                let text = &doc.text.text[range.clone()];
                for r in &references {
                    for m in crate::judge::rules::citations(r, text) {
                        let mut end = m.end();
                        if let Some(tail) = &catalog.citation_tail {
                            if let Some(t) = tail.find(&text[end..]) {
                                end += t.end();
                            }
                        }
                        let why = crate::msg!(
                            "redline.reference",
                            label = r.label,
                            until = crate::base::typography::date(r.valid_until)
                        );
                        changes.push(Change {
                            range: doc
                                .text
                                .source_range(range.start + m.start()..range.start + end),
                            replacement: if r.correction == crate::template::Correction::Flag {
                                String::new()
                            } else {
                                r.replacement_at(date).to_string()
                            },
                            rule: Rule::ObsoleteLegalReference,
                            why,
                            tracked: r.correction == crate::template::Correction::Straight,
                        });
                    }
                }
                for t in &terms {
                    for caps in t.pattern.captures_iter(text) {
                        let Some(m) = caps.get(0) else { continue };
                        let mut replacement = String::new();
                        caps.expand(&t.substitute, &mut replacement);
                        changes.push(Change {
                            range: doc
                                .text
                                .source_range(range.start + m.start()..range.start + m.end()),
                            replacement: if t.correction == crate::template::Correction::Flag {
                                String::new()
                            } else {
                                replacement
                            },
                            rule: Rule::OutdatedTerm,
                            why: t.why.get().to_string(),
                            tracked: t.correction == crate::template::Correction::Straight,
                        });
                    }
                }
            }
            // The longest of overlapping matches, at the earliest start.
            changes.sort_by_key(|ch| (ch.range.start, std::cmp::Reverse(ch.range.end)));
            let mut kept: Vec<Change> = Vec::new();
            for ch in changes {
                if kept.last().is_none_or(|k| k.range.end <= ch.range.start) {
                    kept.push(ch);
                }
            }
            let mut changes = kept;
            let end = ranges[0].end;
            changes.extend(insertions(c, catalog, end));
            // The label people read ("Condition d'exécution"), as in the other reports.
            let kind = crate::base::i18n::lookup(&format!("kind.{}", c.clause.kind.as_str()))
                .unwrap_or(c.clause.kind.as_str());
            let section = c
                .clause
                .section
                .map(|s| doc.sections[s].heading.clone())
                .unwrap_or_else(|| "sans titre".into());
            RedlinedClause {
                title: format!("Clause {} — {kind} — {section}", i + 1),
                ranges,
                changes,
            }
        })
        .collect()
}

/// "1.3.4 Modalités…" inside 4.5 becomes "4.5.N Modalités…", N its rank among its siblings.
fn renumbered(doc: &Document, at: usize) -> Option<String> {
    let index = doc
        .sections
        .iter()
        .position(|s| s.heading_range.start == at)?;
    let section = &doc.sections[index];
    let parent = section.parent?;
    let parent_number = doc.sections[parent].number.as_ref()?;
    let rank = doc
        .sections
        .iter()
        .take(index + 1)
        .filter(|s| s.parent == Some(parent) && !s.toc)
        .count();
    let number = section.number.as_ref()?;
    let heading = &doc.text.text[section.heading_range.clone()];
    Some(heading.replacen(number.as_str(), &format!("{parent_number}.{rank}"), 1))
}

/// The model's wording for each missing element, with the clause's own figures.
fn insertions(c: &CheckedClause, catalog: &Catalog, at: usize) -> Vec<Change> {
    let Some(template) = catalog.get(&c.clause.template) else {
        return Vec::new();
    };
    let Ok(model) = catalog.render(template, &model_values(template, &c.parameters)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in c
        .findings
        .iter()
        .filter(|f| f.rule == Rule::MissingElement && f.severity > Severity::Info)
    {
        let Some(element) = template.elements.iter().find(|e| Some(e.id) == f.element) else {
            continue;
        };
        let text = section_text(&model, element.wording_section.as_deref());
        if text.is_empty() {
            continue;
        }
        out.push(Change {
            range: at..at,
            replacement: text,
            tracked: false,
            rule: f.rule,
            why: crate::msg!(
                "redline.model_text",
                message = f.message,
                model = template.title
            ),
        });
    }
    out
}

/// The plain text of the wording's sub-section whose title contains `title` (the whole
/// wording without its headings when `title` is `None`).
fn section_text(markdown: &str, title: Option<&str>) -> String {
    let mut taking = title.is_none();
    let mut lines = Vec::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("## ") {
            taking = title.is_some_and(|t| heading.contains(t));
            continue;
        }
        if trimmed.starts_with('#') || !taking {
            continue;
        }
        if let Some(line) = crate::template::plain::plain_line(trimmed) {
            lines.push(line);
        }
    }
    let text = lines.join("\n");
    text.trim()
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A piece of a redlined paragraph.
enum Piece<'a> {
    Same(&'a str),
    Changed {
        old: &'a str,
        new: &'a str,
        change: &'a Change,
    },
}

/// The paragraphs of a clause (blank-line separated in the source), each as pieces.
fn paragraphs<'a>(source: &'a str, clause: &'a RedlinedClause) -> Vec<Vec<Piece<'a>>> {
    let mut out = Vec::new();
    let replaced: Vec<&Change> = clause
        .changes
        .iter()
        .filter(|c| !c.range.is_empty() && c.tracked)
        .collect();
    let inserted = clause.changes.iter().filter(|c| c.range.is_empty());
    for (n, range) in clause.ranges.iter().enumerate() {
        if n == 1 {
            // Missing elements go at the end of the clause itself, before linked articles.
            push_insertions(&mut out, inserted.clone());
        }
        paragraphs_of(source, range.clone(), &replaced, &mut out);
    }
    if clause.ranges.len() <= 1 {
        push_insertions(&mut out, inserted);
    }
    out
}

fn push_insertions<'a>(out: &mut Vec<Vec<Piece<'a>>>, changes: impl Iterator<Item = &'a Change>) {
    for change in changes {
        for para in change.replacement.split("\n\n") {
            out.push(vec![Piece::Changed {
                old: "",
                new: para,
                change,
            }]);
        }
    }
}

fn paragraphs_of<'a>(
    source: &'a str,
    range: Range<usize>,
    replaced: &[&'a Change],
    out: &mut Vec<Vec<Piece<'a>>>,
) {
    let mut start = range.start;
    let text = &source[range.clone()];
    for para in text.split("\n\n") {
        let p_range = start..start + para.len();
        start = p_range.end + 2;
        let mut pieces = Vec::new();
        let mut at = p_range.start;
        for change in replaced
            .iter()
            .filter(|c| p_range.start <= c.range.start && c.range.end <= p_range.end)
        {
            if change.range.start > at {
                pieces.push(Piece::Same(&source[at..change.range.start]));
            }
            pieces.push(Piece::Changed {
                old: &source[change.range.clone()],
                new: &change.replacement,
                change,
            });
            at = change.range.end;
        }
        if at < p_range.end {
            pieces.push(Piece::Same(&source[at..p_range.end]));
        }
        if !pieces.is_empty() {
            out.push(pieces);
        }
    }
}

/// Deleted text on one line (a deletion has no line breaks to keep).
fn flat(s: &str) -> String {
    s.replace('\n', " ")
}

/// A run that keeps the source's line breaks (the lines of a PDF paragraph), so that words cut
/// at a line end are read back exactly as in the original.
fn run_with_breaks(text: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// The redline as a Word document with tracked changes and comments.
pub fn to_docx(
    source: &str,
    path: &str,
    clauses: &[RedlinedClause],
    date: &str,
) -> Result<Vec<u8>, Error> {
    to_docx_with_notes(source, path, clauses, &[], date)
}

/// [`to_docx`] for the piece that carries a consultation's clause, with the consultation's
/// findings across pieces as comments on a paragraph each, before the clauses.
pub fn to_docx_with_notes(
    source: &str,
    path: &str,
    clauses: &[RedlinedClause],
    notes: &[Note],
    date: &str,
) -> Result<Vec<u8>, Error> {
    let mut docx = crate::write::generate::base_document();
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Heading1")
            .add_run(Run::new().add_text(crate::msg!("redline.title", path = path))),
    );
    let mut comment_id = 0usize;
    if !notes.is_empty() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Heading2")
                .add_run(Run::new().add_text(crate::msg!("redline.notes_title"))),
        );
    }
    for note in notes {
        comment_id += 1;
        let comment = Comment::new(comment_id)
            .author(AUTHOR)
            .date(date)
            .add_paragraph(Paragraph::new().add_run(Run::new().add_text(note.comment())));
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_comment_start(comment)
                .add_run(Run::new().add_text(note.message.clone()))
                .add_comment_end(comment_id),
        );
    }
    for clause in clauses {
        docx = docx.add_paragraph(
            Paragraph::new()
                .style("Heading2")
                .add_run(Run::new().add_text(clause.title.clone())),
        );
        for pieces in paragraphs(source, clause) {
            let mut p = Paragraph::new();
            for piece in pieces {
                match piece {
                    Piece::Same(text) => p = p.add_run(run_with_breaks(text)),
                    Piece::Changed { old, new, change } => {
                        comment_id += 1;
                        let comment =
                            Comment::new(comment_id)
                                .author(AUTHOR)
                                .date(date)
                                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(
                                    format!("{} — {}", change.rule.label(), change.why),
                                )));
                        p = p.add_comment_start(comment);
                        if !old.is_empty() {
                            p = p.add_delete(
                                Delete::new()
                                    .author(AUTHOR)
                                    .date(date)
                                    .add_run(Run::new().add_delete_text(flat(old))),
                            );
                        }
                        p = p.add_insert(
                            Insert::new(run_with_breaks(new)).author(AUTHOR).date(date),
                        );
                        p = p.add_comment_end(comment_id);
                    }
                }
            }
            docx = docx.add_paragraph(p);
        }
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| Error::Config(format!("cannot write the redline: {e}")))?;
    Ok(bytes.into_inner())
}

/// The redline as an HTML page, for a browser.
pub fn to_html(source: &str, path: &str, clauses: &[RedlinedClause]) -> String {
    to_html_with_notes(source, path, clauses, &[])
}

/// [`to_html`] with the consultation's findings across pieces before the clauses, each with
/// its rule and suggestion as a tooltip.
pub fn to_html_with_notes(
    source: &str,
    path: &str,
    clauses: &[RedlinedClause],
    notes: &[Note],
) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body{{font-family:Carlito,Calibri,sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}del{{color:#a00}}ins{{color:#060;background:#e6ffe6;text-decoration:none;border-bottom:1px solid #060}}del,ins{{cursor:help}}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        title = escape(&crate::msg!("redline.title", path = path))
    );
    if !notes.is_empty() {
        let _ = writeln!(
            html,
            "<h2>{}</h2>\n<ul class=\"notes\">",
            escape(&crate::msg!("redline.notes_title"))
        );
        for note in notes {
            let _ = writeln!(
                html,
                "<li title=\"{}\"><code>{}</code> {}</li>",
                escape(&note.comment()),
                note.rule.as_str(),
                escape(&note.message)
            );
        }
        html.push_str("</ul>\n");
    }
    for clause in clauses {
        let _ = writeln!(html, "<h2>{}</h2>", escape(&clause.title));
        for pieces in paragraphs(source, clause) {
            html.push_str("<p>");
            for piece in pieces {
                match piece {
                    Piece::Same(text) => html.push_str(&escape(text).replace('\n', "<br>")),
                    Piece::Changed { old, new, change } => {
                        let title = escape(&format!("{} — {}", change.rule.label(), change.why));
                        if !old.is_empty() {
                            let _ =
                                write!(html, "<del title=\"{title}\">{}</del>", escape(&flat(old)));
                        }
                        let _ = write!(html, "<ins title=\"{title}\">{}</ins>", escape(&flat(new)));
                    }
                }
            }
            html.push_str("</p>\n");
        }
    }
    html.push_str("</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::section_text;

    #[test]
    fn a_wording_section_as_plain_text() {
        let md = "# Article 9\n\n## 9.1 Objet\n\nTexte un.\n\n## 9.2 Volume\n\n| Lot | Heures |\n| --- | --- |\n| 01 | 460 heures |\n";
        assert_eq!(
            section_text(md, Some("Volume")),
            "Lot | Heures\n01 | 460 heures"
        );
        assert_eq!(section_text(md, Some("Objet")), "Texte un.");
    }
}
