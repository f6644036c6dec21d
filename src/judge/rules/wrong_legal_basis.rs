//! `wrong-legal-basis`: a reservation or clause that cites the article of another mechanism
//! (a reservation to SIAE "conformément à l'article L. 2113-12", which reserves to EA and ESAT);
//! the articles each kind rests on are `find::reserved`'s.

use super::{Finding, Rule};
use crate::find::clause::Clause;
use crate::msg;
use crate::read::document::Document;
use crate::template::Severity;

pub(super) fn check(doc: &Document, clause: &Clause, text: &str) -> Option<Finding> {
    let (cited, right) = crate::find::reserved::wrong_basis(clause.kind, text)?;
    let at = doc.text.text[clause.range.clone()]
        .find(&cited)
        .map(|i| clause.range.start + i..clause.range.start + i + cited.len());
    let mut f = Finding::new(
        Rule::WrongLegalBasis,
        Severity::Warning,
        msg!("finding.wrong_basis", cited = cited, right = right),
    )
    .suggest(msg!("finding.wrong_basis.suggestion", right = right));
    if let Some(range) = at {
        f = f.at(doc, range);
    }
    Some(f)
}
