//! Findings: what is missing, outdated or inconsistent in each clause compared with its
//! model, and what is missing in the document as a whole. One function per kind of check;
//! each finding has a stable rule id, a severity and a message that says what to do.

use crate::base::dates::{self, Date};
use crate::base::numbers::parse_digits;
use crate::base::typography::{self, number};
use crate::find::clause::Clause;
use crate::find::clause::Form;
use crate::find::params::{self, Parameters};
use crate::msg;
use crate::read::document::{Document, Location};
use crate::template::{Catalog, ClauseKind, ElementId, Severity, Template};
use regex::Regex;
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use std::ops::Range;
use std::sync::LazyLock;
use std::time::Duration;
use unicode_segmentation::UnicodeSegmentation;

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

    fn at(mut self, doc: &Document, range: Range<usize>) -> Self {
        self.location = Some(doc.locate(range.clone()));
        self.range = Some(range);
        self
    }

    fn suggest(mut self, s: impl Into<String>) -> Self {
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
}

/// Below this word similarity to the model, a clause gets a `wording-deviation` info.
const DEVIATION_THRESHOLD: f64 = 0.35;

/// Runs every check on a document's clauses.
pub fn run(doc: &Document, clauses: Vec<Clause>, catalog: &Catalog) -> Checked {
    let body = doc.text.body();
    let date = dates::document_date(body);
    let anru = params::mentions_anru(body);
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
    if let Some(f) = mandatory_condition(doc, &checked, catalog, date) {
        findings.push(f);
    }
    if !checked.is_empty() {
        findings.extend(references_elsewhere(doc, catalog, &checked, date));
    }
    Checked {
        date,
        clauses: checked,
        findings,
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
        missing_elements(template, &text, &parameters, &mut findings);
    }
    for range in std::iter::once(&clause.range).chain(&clause.linked) {
        let piece = &doc.text.text[range.clone()];
        legal_references(doc, catalog, piece, range.start, date, &mut findings);
        outdated_terms(doc, catalog, piece, range.start, date, &mut findings);
    }
    if let Some((cited, right)) = crate::find::reserved::wrong_basis(clause.kind, &text) {
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
        findings.push(f);
    }
    if let Some(f) = anru_minimum(&parameters, &text) {
        findings.push(f);
    }
    findings.extend(inconsistent_figures(&parameters, &text));
    if parameters.penalty_per_hour_eur.is_none() {
        if let Some(formula) = &parameters.penalty_formula {
            findings.push(
                Finding::new(
                    Rule::PenaltyFormula,
                    Severity::Info,
                    msg!("finding.penalty_formula", formula = formula),
                )
                .suggest(msg!("finding.penalty_formula.suggestion")),
            );
        }
    }
    findings.extend(section_numbering(doc, &clause));
    let (similarity, diff) = compare_with_model(catalog, template, &parameters, &text);
    if stipulation && similarity < DEVIATION_THRESHOLD {
        findings.push(Finding::new(
            Rule::WordingDeviation,
            Severity::Info,
            msg!(
                "finding.wording_deviation",
                model = template.title,
                similarity = number(similarity, 2)
            ),
        ));
    }
    CheckedClause {
        clause,
        parameters,
        similarity,
        findings,
        diff,
    }
}

fn missing_elements(template: &Template, text: &str, p: &Parameters, out: &mut Vec<Finding>) {
    for element in &template.elements {
        let present = element.is_present(text)
            || match element.id {
                ElementId::Hours => {
                    !p.hours.is_empty() || p.percent_of_hours.is_some() || p.hours_ratio.is_some()
                }
                ElementId::AwardWeight => p.award_weight_percent.is_some(),
                ElementId::Penalties => p.penalty_per_hour_eur.is_some(),
                _ => false,
            };
        if !present {
            let mut f = Finding::new(
                Rule::MissingElement,
                element.severity,
                msg!("finding.missing_element", label = element.label),
            )
            .suggest(element.suggestion.get());
            f.element = Some(element.id);
            out.push(f);
        }
    }
}

fn legal_references(
    doc: &Document,
    catalog: &Catalog,
    piece: &str,
    base: usize,
    date: Option<Date>,
    out: &mut Vec<Finding>,
) {
    for reference in &catalog.legal {
        // "(ancien article 36-I de l'ordonnance)" recalls history; it does not cite the text.
        let recalled = |m: &regex::Match| {
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
        // Every distinct citation is reported once: "article 36-I" and "article 36-II" of
        // one notice are two references, each with its own place to correct.
        let mut cited: Vec<String> = Vec::new();
        let matches: Vec<regex::Match> = reference
            .patterns
            .iter()
            .flat_map(|p| p.find_iter(piece))
            .filter(|m| !recalled(m))
            .filter(|m| {
                let key = m.as_str().to_lowercase();
                let new = !cited.contains(&key);
                cited.push(key);
                new
            })
            .collect();
        for m in matches {
            citation(doc, reference, m, base, date, out);
        }
    }
}

/// Repealed texts cited outside the clauses of a document that has one: an RC announcing the
/// clause "en application de l'article 38 de l'ordonnance", a CCAP's legal-basis article. Each
/// citation is reported once, where it stands.
fn references_elsewhere(
    doc: &Document,
    catalog: &Catalog,
    checked: &[CheckedClause],
    date: Option<Date>,
) -> Vec<Finding> {
    let body = doc.text.body();
    let mut all = Vec::new();
    legal_references(doc, catalog, body, 0, date, &mut all);
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

fn outdated_terms(
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

/// Sub-articles of the clause whose number does not extend their article's ("1.3.4" in 4.5).
fn section_numbering(doc: &Document, clause: &Clause) -> Vec<Finding> {
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

static GUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)gestion urbaine de proximité|(?-u:\b)GUP(?-u:\b)").unwrap());

fn anru_minimum(p: &Parameters, text: &str) -> Option<Finding> {
    if !p.anru {
        return None;
    }
    let percent = p.percent_of_hours?;
    let (minimum, what) = if GUP.is_match(text) {
        (10.0, msg!("finding.anru_minimum.gup"))
    } else {
        (5.0, msg!("finding.anru_minimum.works"))
    };
    (percent < minimum).then(|| {
        Finding::new(
            Rule::AnruMinimum,
            Severity::Error,
            msg!(
                "finding.anru_minimum",
                percent = number(percent, 2),
                minimum = number(minimum, 0),
                what = what
            ),
        )
        .suggest(msg!(
            "finding.anru_minimum.suggestion",
            minimum = number(minimum, 0)
        ))
    })
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:montant|estimé|estimation|prévisionnel)[^.\n]{0,60}?(\d{1,3}(?:[ .]\d{3})+|\d{4,})(?:,\d+)? ?(?:€|euros)").unwrap()
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)part (?:de |de la )?main-d'œuvre[^.\n%]{0,40}?(\d+(?:,\d+)?) ?%").unwrap()
});
static HOURLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)coût horaire[^.\n€]{0,60}?(\d+(?:,\d+)?) ?(?:€|euros)").unwrap()
});

fn inconsistent_figures(p: &Parameters, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if p.lots.len() >= 2 {
        if let Some(total) = p.total_hours {
            let sum: u64 = p.lots.iter().map(|l| l.hours).sum();
            if sum != total {
                out.push(
                    Finding::new(
                        Rule::InconsistentFigures,
                        Severity::Error,
                        msg!(
                            "finding.inconsistent_total",
                            sum = typography::integer(sum),
                            total = typography::integer(total)
                        ),
                    )
                    .suggest(msg!("finding.inconsistent_total.suggestion")),
                );
            }
        }
    }
    let hourly = HOURLY.captures(text).and_then(|c| parse_digits(&c[1]));
    // A table that gives each lot's amount and labour share beside its hours.
    if let (Some(hourly), Some(rate)) = (hourly, p.percent_of_hours) {
        for line in text.lines().filter(|l| l.contains(" | ")) {
            let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let amount = cells
                .iter()
                .find(|c| c.ends_with('€') || c.ends_with("€ HT"))
                .and_then(|c| {
                    parse_digits(c.trim_end_matches("HT").trim_end().trim_end_matches('€'))
                });
            let share = cells
                .iter()
                .find(|c| c.ends_with('%'))
                .and_then(|c| parse_digits(c.trim_end_matches('%')));
            let hours = cells.iter().rev().find_map(|c| {
                let lower = c.to_lowercase();
                let figure = lower
                    .trim_end_matches("heures")
                    .trim_end_matches('h')
                    .trim_end();
                (lower.ends_with("heures") || lower.ends_with(" h"))
                    .then(|| parse_digits(figure))
                    .flatten()
            });
            if let (Some(amount), Some(share), Some(stated)) = (amount, share, hours) {
                let figures = Figures {
                    stated,
                    amount,
                    share,
                    hourly,
                    rate,
                };
                out.extend(
                    figures.disagree(&msg!("finding.inconsistent_calculation.row", line = line)),
                );
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    let amount = AMOUNT.captures(text).and_then(|c| parse_digits(&c[1]));
    let share = SHARE.captures(text).and_then(|c| parse_digits(&c[1]));
    let stated = p
        .total_hours
        .or_else(|| (p.hours.len() == 1).then(|| p.hours[0]));
    if let (Some(amount), Some(share), Some(hourly), Some(rate), Some(stated)) =
        (amount, share, hourly, p.percent_of_hours, stated)
    {
        let stated = stated as f64;
        out.extend(
            Figures {
                stated,
                amount,
                share,
                hourly,
                rate,
            }
            .disagree(""),
        );
    }
    out
}

/// Stated hours beside the figures they should follow from.
struct Figures {
    stated: f64,
    amount: f64,
    share: f64,
    hourly: f64,
    rate: f64,
}

impl Figures {
    /// A finding when the stated hours are more than 15 % away from amount × share ÷ hourly
    /// cost × rate; `context` prefixes the message (the table row it comes from).
    fn disagree(&self, context: &str) -> Option<Finding> {
        let Figures {
            stated,
            amount,
            share,
            hourly,
            rate,
        } = *self;
        if hourly <= 0.0 {
            return None;
        }
        let expected = amount * share / 100.0 / hourly * rate / 100.0;
        ((stated - expected).abs() / expected.max(1.0) > 0.15).then(|| {
            Finding::new(
                Rule::InconsistentFigures,
                Severity::Warning,
                msg!(
                    "finding.inconsistent_calculation",
                    context = context,
                    stated = number(stated, 2),
                    amount = number(amount, 2),
                    share = number(share, 2),
                    hourly = number(hourly, 2),
                    rate = number(rate, 2),
                    expected = number(expected, 0)
                ),
            )
            .suggest(msg!("finding.inconsistent_calculation.suggestion"))
        })
    }
}

/// The values to render a model with: its defaults, overridden by the clause's own figures.
pub(crate) fn model_values(template: &Template, p: &Parameters) -> serde_json::Value {
    let mut values = template.defaults.clone();
    if let Some(map) = values.as_object_mut() {
        if let Some(rate) = p.percent_of_hours {
            map.insert("rate".into(), (rate / 100.0).into());
        }
        if let Some(penalty) = p.penalty_per_hour_eur {
            map.insert("penalty_per_hour_eur".into(), penalty.into());
        }
        if let Some(ratio) = &p.hours_ratio {
            map.insert(
                "hours_per_100k_eur".into(),
                (ratio.hours * 100_000.0 / ratio.per_eur).into(),
            );
        }
        let lot_sum: u64 = p.lots.iter().map(|l| l.hours).sum();
        let total = p
            .total_hours
            .or((lot_sum > 0).then_some(lot_sum))
            .or_else(|| p.hours.first().copied());
        if let Some(total) = total {
            map.insert("total_hours".into(), total.into());
            if p.percent_of_hours.is_none() && map.contains_key("volume_in_hours") {
                map.insert("volume_in_hours".into(), true.into());
            }
        }
        if let Some(weight) = p.award_weight_percent {
            map.insert("weight_percent".into(), weight.into());
        }
        map.insert("anru".into(), p.anru.into());
        if !p.lots.is_empty() {
            let lots: Vec<serde_json::Value> = p
                .lots
                .iter()
                .map(|l| serde_json::json!({"number": l.lot, "name": "", "hours": l.hours}))
                .collect();
            map.insert("lots".into(), lots.into());
        }
    }
    values
}

/// Renders the model with the clause's own figures and compares the wordings word by word.
fn compare_with_model(
    catalog: &Catalog,
    template: &Template,
    p: &Parameters,
    text: &str,
) -> (f64, Vec<DiffChunk>) {
    let values = model_values(template, p);
    let Ok(model) = catalog.render(template, &values) else {
        return (0.0, Vec::new());
    };
    // Line breaks and table bars are layout, not wording: compare the words only, and
    // regardless of case; but show them as each text writes them.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let model = flat(&crate::read::normalize::normalize_str(
        &crate::template::plain::to_text(&model),
    ));
    let mut found = flat(text);
    // A clause many times longer than the model is far from it whatever the diff says; its
    // first part is enough to show how, and keeps the diff's cost bounded.
    let cap = model.len() * 3;
    found.truncate(found.floor_char_boundary(cap));
    let (model_lower, found_lower) = (model.to_lowercase(), found.to_lowercase());
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(Duration::from_millis(500))
        .diff_unicode_words(&model_lower, &found_lower);
    let similarity = f64::from(diff.ratio());
    // The same word bounds as the diff's, in the texts' own case; lowercasing keeps them but
    // for rare letters, in which case the diff is shown lowercase.
    fn as_written<'a>(original: &'a str, lower: Vec<&str>) -> Option<Vec<&'a str>> {
        let words: Vec<&str> = original.split_word_bounds().collect();
        (words.len() == lower.len()
            && words
                .iter()
                .zip(&lower)
                .all(|(w, l)| w.chars().flat_map(char::to_lowercase).eq(l.chars())))
        .then_some(words)
    }
    let model_words = as_written(&model, diff.iter_old_slices().collect());
    let found_words = as_written(&found, diff.iter_new_slices().collect());
    let mut chunks: Vec<DiffChunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let (op, written) = match change.tag() {
            ChangeTag::Equal => (DiffOp::Equal, change.new_index().zip(found_words.as_ref())),
            ChangeTag::Insert => (DiffOp::Insert, change.new_index().zip(found_words.as_ref())),
            ChangeTag::Delete => (DiffOp::Delete, change.old_index().zip(model_words.as_ref())),
        };
        let value = written.map_or(change.value(), |(i, words)| words[i]);
        match chunks.last_mut() {
            Some(last) if last.op == op => last.text.push_str(value),
            _ => chunks.push(DiffChunk {
                op,
                text: value.to_string(),
            }),
        }
    }
    (similarity, chunks)
}

static ABOVE_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:montant|estimé|estimation|maximum|valeur)[^.\n]{0,80}?(\d{1,3}(?:[ .]\d{3})+|\d{6,})(?:,\d+)? ?(?:€|euros)(?: ?HT)?").unwrap()
});
static WORKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)travaux(?-u:\b)|CCAG[- ]Travaux").unwrap());

fn mandatory_condition(
    doc: &Document,
    clauses: &[CheckedClause],
    catalog: &Catalog,
    date: Option<Date>,
) -> Option<Finding> {
    let rule = &catalog.mandatory;
    let date = date?;
    if date < rule.from {
        return None;
    }
    let body = doc.text.body();
    let has_condition = clauses.iter().any(|c| {
        matches!(
            c.clause.kind,
            ClauseKind::ExecutionCondition
                | ClauseKind::ReservedSiae
                | ClauseKind::ReservedDisability
                | ClauseKind::InsertionMarket
        )
    });
    if has_condition || rule.exemptions.iter().any(|e| e.is_match(body)) {
        return None;
    }
    // What the document says of its consultation: a defence contract is out of scope, and
    // the buyer's category chooses the threshold.
    let facts = crate::find::facts::read(body, doc.notice.as_ref(), &[]);
    if facts.defence {
        return None;
    }
    let amount = ABOVE_AMOUNT
        .captures_iter(body)
        .filter_map(|c| parse_digits(&c[1]))
        .fold(None, |max: Option<f64>, v| {
            Some(max.map_or(v, |m| m.max(v)))
        })?;
    let contract = if WORKS.is_match(body) {
        "works"
    } else {
        "supplies_services"
    };
    // When the document does not say who buys, the most common category (collectivités, Hlm
    // bodies) is assumed; the consultation level knows better.
    let threshold = rule.threshold(
        contract,
        facts
            .buyer_category
            .unwrap_or(crate::template::BuyerCategory::ContractingAuthority),
        date,
    )?;
    // Dated on the first day the obligation applies: a note for the reviewer, not an error.
    let severity = if date == rule.from {
        Severity::Info
    } else {
        Severity::Error
    };
    (amount >= threshold.amount_eur).then(|| {
        Finding::new(
            Rule::MissingMandatorySocialCondition,
            severity,
            msg!(
                "finding.mandatory_condition",
                date = typography::date(date),
                amount = number(amount, 0),
                contract = if contract == "works" {
                    msg!("finding.mandatory_condition.works")
                } else {
                    msg!("finding.mandatory_condition.supplies_services")
                },
                threshold = number(threshold.amount_eur, 0)
            ),
        )
        .suggest(msg!("finding.mandatory_condition.suggestion"))
    })
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
