//! `obsolete-legal-reference`: a citation of a repealed text (the code des marchés publics,
//! ordonnance 2015-899, décret 2016-360, their articles…), from the dated table
//! `clause-templates/rules/legal-references.toml`. Judged at the document's date: a text in
//! force then is an info (history, not a fault), a repealed one an error, an undated document a
//! warning. Citations in the clause are reported with it; those elsewhere in the document
//! (an RC's legal-basis article) once, where they stand.

use super::{CheckedClause, Finding, Rule};
use crate::base::dates::Date;
use crate::base::typography;
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
    let mut found: Vec<(&crate::template::LegalReference, regex::Match)> = Vec::new();
    for reference in &catalog.legal {
        // Every distinct citation is reported once: "article 36-I" and "article 36-II" of
        // one notice are two references, each with its own place to correct.
        let mut cited: Vec<String> = Vec::new();
        for m in citations(reference, piece) {
            let key = m.as_str().to_lowercase();
            if !cited.contains(&key) {
                cited.push(key);
                found.push((reference, m));
            }
        }
    }
    // A citation inside a longer one ("article 38 de l'ordonnance" inside "article 38 de
    // l'ordonnance … et de l'article 14 du CMP") is that one: reported once, by the longer.
    for (reference, m) in &found {
        if !found.iter().any(|(_, other)| super::inside(m, other)) {
            citation(doc, reference, *m, base, date, out);
        }
    }
}

/// Every place `piece` cites `reference`, in text order of each pattern; a mention that recalls
/// history ("(ancien article 36-I de l'ordonnance)") does not cite the text. The check reports
/// each distinct citation once; the redline corrects every one.
pub fn citations<'p>(
    reference: &'p crate::template::LegalReference,
    piece: &'p str,
) -> impl Iterator<Item = regex::Match<'p>> + 'p {
    let recalled = move |m: &regex::Match| {
        let from = piece.floor_char_boundary(m.start().saturating_sub(24));
        let before = piece[from..m.start()].to_lowercase();
        [
            "ancien",
            "ex-",
            "anciennement",
            "remplace",
            "remplacé",
            "auparavant",
        ]
        .iter()
        .any(|w| before.contains(w))
    };
    reference
        .patterns
        .iter()
        .flat_map(move |p| p.find_iter(piece))
        .filter(move |m| !recalled(m))
}

/// Repealed texts cited outside the clauses of a document that has one: an RC announcing the
/// clause "en application de l'article 38 de l'ordonnance", a CCAP's legal-basis article. Each
/// citation is reported once, where it stands.
pub(super) fn elsewhere(
    doc: &Document,
    catalog: &Catalog,
    checked: &[CheckedClause],
    date: Option<Date>,
) -> Vec<Finding> {
    let body = doc.text.body();
    let mut all = Vec::new();
    check(doc, catalog, body, 0, date, &mut all);
    let in_clause = |start: usize| {
        checked.iter().any(|c| {
            std::iter::once(&c.clause.range)
                .chain(&c.clause.linked)
                .any(|r| r.contains(&start))
        })
    };
    all.retain(|f| f.range.as_ref().is_some_and(|r| !in_clause(r.start)));
    all
}

/// The finding for one citation of a repealed text.
fn citation(
    doc: &Document,
    reference: &crate::template::LegalReference,
    m: regex::Match,
    base: usize,
    date: Option<Date>,
    out: &mut Vec<Finding>,
) {
    let range = base + m.start()..base + m.end();
    let in_force_then = date.is_some_and(|d| {
        d < reference.valid_until && reference.valid_from.is_none_or(|from| d >= from)
    });
    let (severity, message) = match date {
        Some(d) if in_force_then => (
            Severity::Info,
            msg!(
                "finding.obsolete_reference.in_force",
                cited = m.as_str(),
                label = reference.label,
                date = typography::date(d),
                until = typography::date(reference.valid_until),
                replacement = reference.replacement
            ),
        ),
        Some(d) => (
            Severity::Error,
            msg!(
                "finding.obsolete_reference.repealed",
                cited = m.as_str(),
                label = reference.label,
                until = typography::date(reference.valid_until),
                date = typography::date(d),
                replacement = reference.replacement
            ),
        ),
        None => (
            Severity::Warning,
            msg!(
                "finding.obsolete_reference.undated",
                cited = m.as_str(),
                label = reference.label,
                until = typography::date(reference.valid_until),
                replacement = reference.replacement
            ),
        ),
    };
    let mut f = Finding::new(Rule::ObsoleteLegalReference, severity, message)
        .suggest(reference.replacement.get())
        .at(doc, range);
    f.reference = Some(reference.id.clone());
    out.push(f);
}
