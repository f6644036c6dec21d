//! `section-numbering`: a sub-article of the clause whose number does not extend its
//! article's ("1.3.4" inside article 4.5), the trace of a clause pasted from another tender.

use super::{Finding, Rule};
use crate::find::clause::Clause;
use crate::msg;
use crate::read::document::Document;
use crate::template::Severity;

/// Sub-articles of the clause whose number does not extend their article's ("1.3.4" in 4.5).
pub(super) fn check(doc: &Document, clause: &Clause) -> Vec<Finding> {
    let Some(root) = clause.section else {
        return Vec::new();
    };
    let decimal = |n: &str| {
        n.contains('.')
            && n.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out = Vec::new();
    // Sections are in text order: those starting inside the clause are one run of them, found
    // by binary search (a scan of every section for every clause made long tenders quadratic).
    let first = doc
        .sections
        .partition_point(|s| s.range.start < clause.range.start);
    let inside = doc.sections[first..]
        .iter()
        .take_while(|s| s.range.start < clause.range.end);
    for (i, section) in inside.enumerate().map(|(k, s)| (first + k, s)) {
        if i == root || section.toc {
            continue;
        }
        let (Some(number), Some(parent)) = (&section.number, section.parent) else {
            continue;
        };
        let Some(parent_number) = &doc.sections[parent].number else {
            continue;
        };
        if decimal(number)
            && (decimal(parent_number) || parent_number.chars().all(|c| c.is_ascii_digit()))
            && !number.starts_with(&format!("{parent_number}."))
        {
            out.push(
                Finding::new(
                    Rule::SectionNumbering,
                    Severity::Warning,
                    msg!(
                        "finding.section_numbering",
                        heading = section.heading,
                        parent = parent_number
                    ),
                )
                .suggest(msg!(
                    "finding.section_numbering.suggestion",
                    parent = parent_number
                ))
                .at(doc, section.heading_range.clone()),
            );
        }
    }
    out
}
