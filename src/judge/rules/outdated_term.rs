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
    let found: Vec<(&crate::template::OutdatedTerm, regex::Match)> = catalog
        .terms
        .iter()
        .filter(|term| date.is_none_or(|d| d >= term.replaced_on))
        .filter_map(|term| term.pattern.find(piece).map(|m| (term, m)))
        .collect();
    // A term inside a longer one ("niveau V" inside "niveau V ou infra") is that one.
    for (term, m) in &found {
        if found.iter().any(|(_, other)| super::inside(m, other)) {
            continue;
        }
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
