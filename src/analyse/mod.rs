//! The driver: runs the stages for one reading (role, detection, form, checks) and builds its
//! report, and for a batch (`scan`) walks the inputs, reads them in parallel and hands each
//! reading to the same driver. `check`, `scan`, the isolated child and `report merge` all go
//! through here.

pub mod scan;

use crate::base::error::{Code, Problem};
use crate::find::clause::Form;
use crate::find::form::Negative;
use crate::find::params::Parameters;
use crate::find::role::RoleDecision;
use crate::judge::rules::{Checked, Finding, Rule};
use crate::judge::verdict::{
    decp_values, path_text, ClauseReport, DocumentReport, LinkedSection, RoleEvidence,
    NO_SOCIAL_CONSIDERATION,
};
use crate::read::document::{Document, Span};
use crate::template::{Catalog, ClauseKind, Severity};
use crate::Reading;

/// Reads, detects and checks one file: the whole pipeline for one document.
pub fn check_reading(reading: &Reading, catalog: &Catalog) -> DocumentReport {
    match &reading.document {
        Err(problem) => DocumentReport::failed(reading, problem),
        Ok(doc) => {
            // A bug in a check must cost one file, not the batch.
            let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let analysis = analyse(reading, doc, catalog);
                DocumentReport::from_analysis(reading, doc, analysis, catalog)
            }));
            match checked {
                Ok(report) => report,
                Err(payload) if crate::base::deadline::is_expired(payload.as_ref()) => {
                    DocumentReport::failed(
                        reading,
                        &Problem::new(Code::Timeout, crate::msg!("error.check_timeout")),
                    )
                }
                Err(payload) => DocumentReport::failed(
                    reading,
                    &Problem::new(
                        Code::InternalError,
                        crate::msg!(
                            "problem.internal_error.check_crashed",
                            cause = crate::read::extract::panic_message(payload.as_ref())
                        ),
                    ),
                ),
            }
        }
    }
}

/// What the pipeline says of one read document before it is reported.
pub struct Analysis {
    pub role: RoleDecision,
    /// The clauses and their checks; `None` for a document that is not a tender piece.
    pub checked: Option<Checked>,
    /// Explicit statements that the document has no clause of a kind.
    pub negatives: Vec<Negative>,
}

/// How far into a clause its opening runs: its heading and first sentence.
const OPENING: usize = 160;

/// Decides the document's role, then finds, shapes and checks its clauses.
pub fn analyse(reading: &Reading, doc: &Document, catalog: &Catalog) -> Analysis {
    // A document read as a structured notice (TED XML, eForms) is a notice by its schema,
    // whatever its form's title says ("Services sociaux et autres services spécifiques").
    let role = match &doc.notice {
        Some(notice) => crate::find::role::RoleDecision {
            role: crate::find::role::Role::Notice,
            source: crate::find::role::EvidenceSource::Text,
            evidence: format!(
                "{} {}",
                notice.schema.as_str(),
                notice.form.as_deref().unwrap_or("")
            )
            .trim()
            .to_string(),
        },
        None => crate::find::role::classify(
            doc.text.body(),
            &doc.text.text[doc.text.body_len..],
            &reading.path,
        ),
    };
    // A candidate's piece (DC2, mémoire technique) answers the clause: it never stipulates one.
    if !role.role.is_tender_piece() || role.is_candidates_piece() {
        return Analysis {
            role,
            checked: None,
            negatives: Vec::new(),
        };
    }
    let mut clauses = crate::find::detect::clauses(doc, catalog);
    crate::find::form::assign(doc, role.role, &mut clauses);
    for statement in crate::find::form::statements(doc, role.role, &clauses) {
        let Some(template) = catalog.templates.iter().find(|t| t.kind == statement.kind) else {
            continue;
        };
        clauses.push(crate::find::clause::Clause {
            kind: statement.kind,
            template: template.id.clone(),
            section: crate::read::segment::Section::innermost(&doc.sections, statement.range.start),
            range: statement.range,
            linked: Vec::new(),
            score: 0,
            form: statement.form,
            repeated: Vec::new(),
        });
    }
    clauses.sort_by_key(|c| c.range.start);
    let negatives = crate::find::form::negatives(doc);
    // A statement of existence that is itself the negative ("Clauses sociales : Sans" scored
    // as a mention) is not a clause.
    clauses.retain(|c| {
        c.form == Form::Clause
            || !negatives.iter().any(|n| {
                n.kind == c.kind && c.range.start <= n.range.start && n.range.end <= c.range.end
            })
    });
    // An article titled as the clause whose opening says it has none ("Clause sociale
    // d'insertion : sans objet", "Le présent marché ne comporte pas de…") is the negative, not
    // a clause: what follows explains why.
    clauses.retain(|c| {
        c.form != Form::Clause
            || !negatives.iter().any(|n| {
                n.kind == c.kind
                    && c.range.start <= n.range.start
                    && n.range.start < c.range.start + OPENING
            })
    });
    if role.role == crate::find::role::Role::Notice {
        crate::find::detect::merge_repeats(&mut clauses);
    }
    Analysis {
        role,
        checked: Some(crate::judge::rules::run(doc, clauses, catalog)),
        negatives,
    }
}

impl DocumentReport {
    /// The report of an analysed document.
    pub fn from_analysis(
        reading: &Reading,
        doc: &Document,
        analysis: Analysis,
        catalog: &Catalog,
    ) -> Self {
        match analysis.checked {
            Some(checked) => Self::checked(
                reading,
                doc,
                checked,
                catalog,
                analysis.role,
                &analysis.negatives,
            ),
            None => Self::not_a_tender_piece(reading, doc, analysis.role),
        }
    }
}

/// The lots a clause names. A clause that sets the hours of several lots in its table covers
/// them all, as "tous les lots" does (`None`): a sentence about one of them ("Pour le lot 02,
/// l'objectif…") does not narrow it. Lots named outside its table still count.
fn lots_covered(
    parameters: &crate::find::params::Parameters,
    named: Option<Vec<String>>,
) -> Option<Vec<String>> {
    let named = named?;
    if parameters.lots.len() < 2 {
        return Some(named);
    }
    // Numbered as `lots_covered` numbers them: "02" is lot "2".
    let table: Vec<String> = parameters
        .lots
        .iter()
        .map(|l| {
            l.lot
                .parse::<u32>()
                .map_or(l.lot.clone(), |n| n.to_string())
        })
        .collect();
    named.iter().any(|n| !table.contains(n)).then_some(named)
}

impl DocumentReport {
    /// The report of a file that could not be read.
    pub fn failed(reading: &Reading, problem: &Problem) -> Self {
        let (path, path_escaped) = path_text(&reading.path);
        // A plan or a photo has nothing to read by design: listed as skipped, with the reason
        // as a note, never an error.
        let skipped = problem.code == Code::NonTextPiece;
        let mut warnings = reading.warnings.clone();
        if skipped {
            warnings.push(problem.clone());
        }
        DocumentReport {
            path,
            path_escaped,
            format: reading.format.map(|f| f.as_str().to_string()),
            status: if skipped { "skipped" } else { "error" }.into(),
            error: (!skipped).then(|| problem.clone()),
            warnings,
            considerations_sociales: None,
            clauses: Vec::new(),
            findings: Vec::new(),
            reader: None,
            pages: None,
            date: None,
            archive: archive(reading),
            notice: None,
            ocr_pages: Vec::new(),
            role: None,
            role_evidence: None,
            facts: None,
        }
    }

    /// The report of a document that was read but is not a tender piece: no clauses, an info
    /// finding saying what it is, and no social consideration either way.
    pub fn not_a_tender_piece(reading: &Reading, doc: &Document, role: RoleDecision) -> Self {
        let finding = Finding::new(
            Rule::NotATenderPiece,
            Severity::Info,
            crate::msg!(
                "finding.not_a_tender_piece",
                role = role.role.described(),
                evidence = role.evidence
            ),
        );
        DocumentReport {
            findings: vec![finding],
            date: crate::base::dates::document_date(doc.text.body()),
            ..Self::read(reading, doc, role)
        }
    }

    /// The fields of any document that was read: its path, format, reader, pages, archive,
    /// notice fields, OCR pages and role; no clause, finding, date or verdict yet.
    fn read(reading: &Reading, doc: &Document, role: RoleDecision) -> Self {
        let (path, path_escaped) = path_text(&reading.path);
        DocumentReport {
            path,
            path_escaped,
            format: Some(doc.format.as_str().to_string()),
            status: "ok".into(),
            error: None,
            warnings: reading.warnings.clone(),
            considerations_sociales: None,
            clauses: Vec::new(),
            findings: Vec::new(),
            reader: Some(doc.reader.as_str().to_string()),
            pages: doc.pages,
            date: None,
            archive: archive(reading),
            notice: doc.notice.clone(),
            ocr_pages: doc.ocr_pages.clone(),
            role: Some(role.role),
            role_evidence: Some(RoleEvidence {
                source: role.source,
                evidence: role.evidence,
            }),
            facts: None,
        }
    }

    /// The report of a document that was read and checked.
    fn checked(
        reading: &Reading,
        doc: &Document,
        checked: Checked,
        catalog: &Catalog,
        role: RoleDecision,
        negatives: &[Negative],
    ) -> Self {
        let mut clauses: Vec<ClauseReport> = checked
            .clauses
            .into_iter()
            .map(|c| {
                crate::base::deadline::tick();
                let location = doc.locate(c.clause.range.clone());
                let section = c.clause.section.map(|s| &doc.sections[s]);
                let covered = lots_covered(&c.parameters, named_lots(doc, &c.clause));
                ClauseReport {
                    kind: c.clause.kind,
                    template: c.clause.template.clone(),
                    page: location.page,
                    section: section.map(|s| s.heading.clone()),
                    span: location.span,
                    text: doc.text.text[c.clause.range.clone()].to_string(),
                    parameters: c.parameters,
                    similarity: (c.similarity * 100.0).round() / 100.0,
                    findings: c.findings,
                    section_number: section.and_then(|s| s.number.clone()),
                    linked: c
                        .clause
                        .linked
                        .iter()
                        .map(|r| {
                            let loc = doc.locate(r.clone());
                            LinkedSection {
                                section: crate::read::segment::Section::innermost(
                                    &doc.sections,
                                    r.start,
                                )
                                .map(|i| doc.sections[i].heading.clone()),
                                page: loc.page,
                                span: loc.span,
                            }
                        })
                        .collect(),
                    diff: c.diff,
                    form: c.clause.form,
                    declared: true,
                    lots_covered: covered,
                }
            })
            .collect();
        clauses.extend(
            negatives
                .iter()
                .map(|n| ClauseReport::negative(doc, n, catalog)),
        );
        clauses.sort_by_key(|c| c.span.start);
        if let Some(notice) = &doc.notice {
            let stated: Vec<ClauseKind> = clauses
                .iter()
                .filter(|c| c.declared)
                .map(|c| c.kind)
                .collect();
            let named = crate::find::reserved::kinds_named(doc.text.body());
            clauses.extend(
                crate::find::flag::clauses(notice, &named, &stated)
                    .into_iter()
                    .map(|f| ClauseReport::flag(f, catalog)),
            );
        }
        DocumentReport {
            considerations_sociales: considerations(&clauses, &reading.warnings, catalog),
            clauses,
            findings: checked.findings,
            date: checked.date,
            facts: Some(checked.facts).filter(|f| !f.is_empty()),
            ..Self::read(reading, doc, role)
        }
    }
}

fn archive(reading: &Reading) -> Option<String> {
    reading.archive.as_ref().map(|a| a.display().to_string())
}

impl ClauseReport {
    /// An explicit negative, reported as a clause of its kind with `declared: false`.
    /// A clause read from a notice's structured fields: its text is the codes that say it.
    fn flag(flag: crate::find::flag::FlagClause, catalog: &Catalog) -> Self {
        ClauseReport {
            kind: flag.kind,
            template: template_of(catalog, flag.kind),
            page: None,
            section: None,
            span: Span { start: 0, end: 0 },
            text: flag.codes.join(" ; "),
            parameters: Parameters {
                award_weight_percent: flag.weight_percent,
                ..Parameters::default()
            },
            similarity: 0.0,
            findings: Vec::new(),
            section_number: None,
            linked: Vec::new(),
            diff: Vec::new(),
            form: Form::Flag,
            declared: true,
            lots_covered: flag.lots,
        }
    }

    fn negative(doc: &Document, negative: &Negative, catalog: &Catalog) -> Self {
        let location = doc.locate(negative.range.clone());
        let section = crate::read::segment::Section::innermost(&doc.sections, negative.range.start)
            .map(|i| &doc.sections[i]);
        ClauseReport {
            kind: negative.kind,
            template: template_of(catalog, negative.kind),
            page: location.page,
            section: section.map(|s| s.heading.clone()),
            span: location.span,
            text: doc.text.text[negative.range.clone()].to_string(),
            parameters: Parameters::default(),
            similarity: 0.0,
            findings: Vec::new(),
            section_number: section.and_then(|s| s.number.clone()),
            linked: Vec::new(),
            diff: Vec::new(),
            form: Form::Mention,
            declared: false,
            lots_covered: None,
        }
    }
}

/// The lots a clause names, with those of the sections that repeat it (a notice's lots),
/// each once in text order; `None` when none of them names a lot.
fn named_lots(doc: &Document, clause: &crate::find::clause::Clause) -> Option<Vec<String>> {
    let mut lots: Option<Vec<String>> = None;
    for range in std::iter::once(&clause.range).chain(&clause.repeated) {
        for lot in
            crate::find::params::lots_covered(&doc.text.text[range.clone()]).unwrap_or_default()
        {
            let all = lots.get_or_insert_with(Vec::new);
            if !all.contains(&lot) {
                all.push(lot);
            }
        }
    }
    lots
}

/// The id of the catalogue's model for a kind (empty when the catalogue has none).
fn template_of(catalog: &Catalog, kind: ClauseKind) -> String {
    catalog
        .templates
        .iter()
        .find(|t| t.kind == kind)
        .map(|t| t.id.clone())
        .unwrap_or_default()
}

/// The DECP values, in the order of the DECP schema; explicit negatives count for nothing.
/// `None` when no clause was found in a document without a usable text layer: an unread page
/// cannot say "no social consideration".
fn considerations(
    clauses: &[ClauseReport],
    warnings: &[Problem],
    catalog: &Catalog,
) -> Option<Vec<String>> {
    let mut values = decp_values(
        clauses
            .iter()
            .filter(|c| c.declared)
            .map(|c| c.template.as_str()),
        catalog,
    );
    if values.is_empty() {
        if warnings.iter().any(|w| w.code == Code::NoTextLayer) {
            return None;
        }
        values.push(NO_SOCIAL_CONSIDERATION.to_string());
    }
    Some(values)
}
