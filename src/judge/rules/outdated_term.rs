//! `outdated-term`: a name of a body, a scheme or a public that was replaced (Pôle emploi →
//! France Travail, RMI → RSA, ZUS → QPV…), from the dated table
//! `clause-templates/rules/outdated-terms.toml`; a document written before the change keeps
//! its words.

use super::{Finding, Rule};
use crate::base::dates::Date;
use crate::msg;
use crate::read::document::Document;
use crate::template::{Catalog, Severity};

pub(super) fn check(
    doc: &Document,
    catalog: &Catalog,
    piece: &str,
    base: usize,
    date: Option<Date>,
    out: &mut Vec<Finding>,
) {
    for term in &catalog.terms {
        if date.is_some_and(|d| d < term.replaced_on) {
            continue;
        }
        let Some(m) = term.pattern.find(piece) else {
            continue;
        };
        let range = base + m.start()..base + m.end();
        let mut f = Finding::new(
            Rule::OutdatedTerm,
            Severity::Warning,
            msg!("finding.outdated_term", term = m.as_str(), why = term.why),
        )
        .suggest(msg!(
            "finding.outdated_term.suggestion",
            replacement = term.replacement
        ))
        .at(doc, range);
        f.term = Some(term.term.clone());
        out.push(f);
    }
}
