//! The rules, one module each, as linters keep them: every rule has its stable id (`Rule`),
//! its explanation in French and English (catalogue keys `rule.<id>` and `rules.explain.<id>`),
//! the code that finds it in its own file here, a fixture folder (`fixtures/rules/<id>/`) and a
//! snapshot of what the binary says of it (`tests/it/rules.rs`). The rules of a clause and of a
//! document run from [`run`]; `not-a-tender-piece` is raised by the driver (`analyse`) and the
//! two consultation rules (`cross-piece-inconsistency`, `broken-reference`) by
//! `judge::consultation`, which judges several pieces at once.
//!
//! Each finding has a severity and a message that says what to do.

mod anru_minimum;
mod inconsistent_figures;
mod missing_element;
mod missing_mandatory_social_condition;
mod obsolete_legal_reference;
pub use obsolete_legal_reference::citations;
mod outdated_term;
mod penalty_formula;
mod section_numbering;
mod wording_deviation;
mod wrong_legal_basis;

pub use anru_minimum::minimum as anru_minimum;
pub use wording_deviation::model_values;

use crate::base::dates::{self, Date};
use crate::find::clause::{Clause, Form};
use crate::find::facts::Facts;
use crate::find::params::{self, Parameters};
use crate::read::document::{Document, Location};
use crate::template::{Catalog, ElementId, Severity};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Stable rule ids (public API: reports, docs and tests name them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    ObsoleteLegalReference,
    MissingElement,
    OutdatedTerm,
    AnruMinimum,
    InconsistentFigures,
    PenaltyFormula,
    MissingMandatorySocialCondition,
    WordingDeviation,
    SectionNumbering,
    NotATenderPiece,
    WrongLegalBasis,
    CrossPieceInconsistency,
    BrokenReference,
}

impl Rule {
    /// Every rule, in documentation order.
    pub const ALL: [Rule; 13] = [
        Rule::ObsoleteLegalReference,
        Rule::MissingElement,
        Rule::OutdatedTerm,
        Rule::AnruMinimum,
        Rule::InconsistentFigures,
        Rule::PenaltyFormula,
        Rule::MissingMandatorySocialCondition,
        Rule::WordingDeviation,
        Rule::SectionNumbering,
        Rule::NotATenderPiece,
        Rule::WrongLegalBasis,
        Rule::CrossPieceInconsistency,
        Rule::BrokenReference,
    ];

    /// The kebab-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::ObsoleteLegalReference => "obsolete-legal-reference",
            Rule::MissingElement => "missing-element",
            Rule::OutdatedTerm => "outdated-term",
            Rule::AnruMinimum => "anru-minimum",
            Rule::InconsistentFigures => "inconsistent-figures",
            Rule::PenaltyFormula => "penalty-formula",
            Rule::MissingMandatorySocialCondition => "missing-mandatory-social-condition",
            Rule::WordingDeviation => "wording-deviation",
            Rule::SectionNumbering => "section-numbering",
            Rule::NotATenderPiece => "not-a-tender-piece",
            Rule::WrongLegalBasis => "wrong-legal-basis",
            Rule::CrossPieceInconsistency => "cross-piece-inconsistency",
            Rule::BrokenReference => "broken-reference",
        }
    }

    /// One paragraph for `clausier rules`: what it finds, why it matters, in the chosen
    /// language (catalogue key `rules.explain.<rule>`).
    pub fn explain(self) -> &'static str {
        crate::base::i18n::lookup(&format!("rules.explain.{}", self.as_str()))
            .unwrap_or(self.as_str())
    }

    /// The rule's name for people ("Élément manquant"), catalogue key `rule.<rule>`.
    pub fn label(self) -> &'static str {
        crate::base::i18n::lookup(&format!("rule.{}", self.as_str())).unwrap_or(self.as_str())
    }
}

/// Whether a match lies inside a longer one: the shorter is part of the longer's words (a
/// citation or term within a longer citation or term), reported or corrected by the longer.
fn inside(m: &regex::Match, other: &regex::Match) -> bool {
    other.start() <= m.start() && m.end() <= other.end() && other.len() > m.len()
}

/// One problem found, with what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: Rule,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<ElementId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    /// Where the problem is, when it is a piece of text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The normalised byte range of that piece, for highlighting.
    #[serde(skip)]
    pub range: Option<Range<usize>>,
}

impl Finding {
    pub(crate) fn new(rule: Rule, severity: Severity, message: String) -> Self {
        Finding {
            rule,
            element: None,
            term: None,
            reference: None,
            severity,
            message,
            suggestion: None,
            location: None,
            range: None,
        }
    }

    pub(crate) fn at(mut self, doc: &Document, range: Range<usize>) -> Self {
        self.location = Some(doc.locate(range.clone()));
        self.range = Some(range);
        self
    }

    pub(crate) fn suggest(mut self, s: impl Into<String>) -> Self {
        self.suggestion = Some(s.into());
        self
    }
}

/// A word-level change between the model and the clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffChunk {
    pub op: DiffOp,
    pub text: String,
}

/// What a diff chunk is, written "equal", "insert" or "delete" in the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    /// In both the model and the clause.
    Equal,
    /// In the clause, not in the model.
    Insert,
    /// In the model only.
    Delete,
}

/// A clause with everything the checks found.
#[derive(Debug, Clone)]
pub struct CheckedClause {
    pub clause: Clause,
    pub parameters: Parameters,
    pub similarity: f64,
    pub findings: Vec<Finding>,
    pub diff: Vec<DiffChunk>,
}

/// A document's clauses and document-level findings.
#[derive(Debug, Clone)]
pub struct Checked {
    pub date: Option<Date>,
    pub clauses: Vec<CheckedClause>,
    pub findings: Vec<Finding>,
    /// What the document says of its consultation, read once: the rules use it and the report
    /// shows it.
    pub facts: Facts,
}

/// Runs every check on a document's clauses.
pub fn run(doc: &Document, clauses: Vec<Clause>, catalog: &Catalog) -> Checked {
    let body = doc.text.body();
    let date = dates::document_date(body);
    let anru = params::mentions_anru(body);
    let facts = crate::find::facts::read(body, doc.notice.as_ref(), &catalog.mandatory.exemptions);
    let mut checked: Vec<CheckedClause> = clauses
        .into_iter()
        .map(|clause| {
            crate::base::deadline::tick();
            check_clause(doc, clause, catalog, date, anru)
        })
        .collect();
    for c in &mut checked {
        c.findings.sort_by(|a, b| {
            (a.range.as_ref().map(|r| r.start), a.rule)
                .cmp(&(b.range.as_ref().map(|r| r.start), b.rule))
        });
    }
    let mut findings = Vec::new();
    findings.extend(missing_mandatory_social_condition::check(
        doc, &checked, catalog, date, &facts,
    ));
    if !checked.is_empty() {
        findings.extend(obsolete_legal_reference::elsewhere(
            doc, catalog, &checked, date,
        ));
    }
    Checked {
        date,
        clauses: checked,
        findings,
        facts,
    }
}

fn check_clause(
    doc: &Document,
    clause: Clause,
    catalog: &Catalog,
    date: Option<Date>,
    document_mentions_anru: bool,
) -> CheckedClause {
    let text = clause.full_text(doc);
    let parameters = params::extract_in(&text, document_mentions_anru, clause.kind);
    let template = catalog
        .get(&clause.template)
        .expect("a clause names a template of the catalog");
    let mut findings = Vec::new();
    // A mention or a reference says that a clause exists elsewhere; only the stipulation
    // itself is held to the model's elements and wording.
    let stipulation = clause.form == Form::Clause;
    if stipulation {
        findings.extend(missing_element::check(template, &text, &parameters));
    }
    for range in std::iter::once(&clause.range).chain(&clause.linked) {
        let piece = &doc.text.text[range.clone()];
        obsolete_legal_reference::check(doc, catalog, piece, range.start, date, &mut findings);
        outdated_term::check(doc, catalog, piece, range.start, date, &mut findings);
    }
    findings.extend(wrong_legal_basis::check(doc, &clause, &text));
    findings.extend(anru_minimum::check(catalog, &parameters, &text, date));
    findings.extend(inconsistent_figures::check(&parameters, &text));
    findings.extend(penalty_formula::check(&parameters));
    findings.extend(section_numbering::check(doc, &clause));
    let (similarity, diff) =
        wording_deviation::compare_with_model(catalog, template, &parameters, &text);
    if stipulation {
        findings.extend(wording_deviation::check(template, similarity));
    }
    CheckedClause {
        clause,
        parameters,
        similarity,
        findings,
        diff,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document::Document;

    fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    fn findings(text: &str) -> (Vec<CheckedClause>, Vec<Finding>) {
        let catalog = Catalog::builtin().unwrap();
        let d = doc(text);
        let clauses = crate::find::detect::clauses(&d, &catalog);
        let checked = run(&d, clauses, &catalog);
        (checked.clauses, checked.findings)
    }

    /// Case is ignored when comparing with the model, not when showing the difference.
    #[test]
    fn the_diff_keeps_the_case_of_each_text() {
        let (clauses, _) = findings(
            "Article 7 – Clause sociale d'insertion\nEn application de l'article L. 2112-2, le \
             titulaire réserve 420 heures aux bénéficiaires du RMI. Un relevé MENSUEL est remis \
             au PLIE de la Ville.",
        );
        let diff = &clauses[0].diff;
        let inserted: String = diff
            .iter()
            .filter(|d| d.op == DiffOp::Insert)
            .map(|d| d.text.as_str())
            .collect();
        assert!(inserted.contains("RMI"), "{diff:?}");
        assert!(inserted.contains("MENSUEL"), "{diff:?}");
        let all: String = diff.iter().map(|d| d.text.as_str()).collect();
        assert!(all.starts_with("Article "), "{diff:?}");
        assert!(all.contains("Clause sociale d'insertion"), "{diff:?}");
    }

    #[test]
    fn template_examples_give_exactly_their_findings() {
        let catalog = Catalog::builtin().unwrap();
        for template in &catalog.templates {
            for example in &template.examples {
                let (clauses, _) = findings(&example.text);
                assert_eq!(
                    clauses.len(),
                    1,
                    "{} / {}: one clause expected",
                    template.id,
                    example.name
                );
                let c = &clauses[0];
                assert_eq!(
                    c.clause.kind, template.kind,
                    "{} / {}",
                    template.id, example.name
                );
                let mut got: Vec<(String, Option<String>)> = c
                    .findings
                    .iter()
                    .filter(|f| f.severity > Severity::Info)
                    .map(|f| {
                        (
                            f.rule.as_str().to_string(),
                            f.element.map(|e| e.as_str().to_string()),
                        )
                    })
                    .collect();
                got.sort();
                let mut want: Vec<(String, Option<String>)> = example
                    .findings
                    .iter()
                    .map(|f| (f.rule.clone(), f.element.clone()))
                    .collect();
                want.sort();
                assert_eq!(got, want, "{} / {}", template.id, example.name);
            }
        }
    }

    #[test]
    fn the_mandatory_condition_of_one_document_knows_defence_buyers_and_the_first_day() {
        let rc = |extra: &str, date: &str| {
            format!("Règlement de la consultation\n{extra}\nObjet : Nettoyage des locaux\nType de marché : Services\nLe montant estimé est de 400 000 € HT.\nDate d'envoi de l'avis à la publication : {date}\n")
        };
        let mandatory = |text: &str| {
            findings(text)
                .1
                .into_iter()
                .filter(|f| f.rule == Rule::MissingMandatorySocialCondition)
                .map(|f| f.severity)
                .collect::<Vec<_>>()
        };
        let authority = "Pouvoir adjudicateur : Commune de Val-de-Lys";
        assert_eq!(
            mandatory(&rc(authority, "15 septembre 2026")),
            [Severity::Error]
        );
        assert_eq!(mandatory(&rc(authority, "21 août 2026")), [Severity::Info]);
        assert!(mandatory(&rc(
            "Entité adjudicatrice : Syndicat des eaux",
            "15 septembre 2026"
        ))
        .is_empty());
        assert!(mandatory(&rc(
            "Pouvoir adjudicateur : Ministère des armées. Marché de défense ou de sécurité.",
            "15 septembre 2026"
        ))
        .is_empty());
    }

    #[test]
    fn the_document_date_decides_obsolete_references() {
        let clause = "Article 5 – Clause d'insertion\nEn application de l'article 14 du code des marchés publics, le titulaire réalise une action d'insertion de 300 heures.";
        let (old, _) = findings(&format!(
            "Date d'envoi à la publication : 12 mars 2012\n\n{clause}"
        ));
        let f = old[0]
            .findings
            .iter()
            .find(|f| f.rule == Rule::ObsoleteLegalReference)
            .unwrap();
        assert_eq!(f.severity, Severity::Info);
        let (new, _) = findings(&format!(
            "Date d'envoi à la publication : 12 mars 2024\n\n{clause}"
        ));
        let f = new[0]
            .findings
            .iter()
            .find(|f| f.rule == Rule::ObsoleteLegalReference)
            .unwrap();
        assert_eq!(f.severity, Severity::Error);
        assert!(f.suggestion.as_deref().unwrap().contains("L. 2112-2"));
    }
}
