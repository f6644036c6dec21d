//! The report model (one `DocumentReport` per file, a `Summary` for a run) and its renderers:
//! `json` (the public contract, schema_version 1), `human` (for a reviewer at a terminal),
//! `csv` and `html` (for spreadsheets and people, from `scan`) and `text` (the `clausier text`
//! command). Renderers write to the writer they are given.

pub mod csv;
pub mod html;
pub mod human;
pub mod json;
pub mod text;

use crate::base::dates::Date;
use crate::base::error::{Code, Problem};
use crate::find::form::{Form, Negative};
use crate::find::params::Parameters;
use crate::find::role::{EvidenceSource, Role, RoleDecision};
use crate::judge::rules::{Checked, DiffChunk, Finding, Rule};
use crate::read::document::{Document, Span};
use crate::read::Reading;
use crate::template::{Catalog, ClauseKind, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the JSON report shape; bumped only on an incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The DECP value of a document without any social consideration.
pub const NO_SOCIAL_CONSIDERATION: &str = "Pas de considération sociale";

/// What the human, CSV and HTML outputs say for a document whose text could not be read.
pub const UNKNOWN_CONSIDERATIONS: &str = "inconnu";

/// What people read for a document that is not a tender piece (a code, a guide, a model).
pub const NOT_APPLICABLE_CONSIDERATIONS: &str = "sans objet";

/// Everything clausier says about one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentReport {
    /// The path; when the file system's name is not valid UTF-8, its other bytes are written
    /// `%XX` (and `%` itself `%25`) and `path_escaped` is true, so that the name is kept.
    pub path: String,
    /// True when `path` holds `%XX` escapes of bytes that are not UTF-8 (absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub path_escaped: bool,
    pub format: Option<String>,
    pub status: String,
    pub error: Option<Problem>,
    pub warnings: Vec<Problem>,
    /// DECP `considerationsSociales` values, in the schema's order; `None` (JSON `null`) when
    /// the text could not be read, so an unread scan never passes for "no social consideration",
    /// and for a document that is not a tender piece (see `role`).
    pub considerations_sociales: Option<Vec<String>>,
    pub clauses: Vec<ClauseReport>,
    /// Findings about the document as a whole.
    pub findings: Vec<Finding>,
    /// Extra fields (not in the minimal shape, additive).
    pub reader: Option<String>,
    pub pages: Option<u32>,
    pub date: Option<Date>,
    /// The archive file a member was read from (`dce.zip` for `dce.zip/Pièces/CCAP.pdf`);
    /// `null` for a file on its own.
    #[serde(default)]
    pub archive: Option<String>,
    /// The structured fields of a notice (TED, eForms), present only when the file is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<crate::read::notice::Notice>,
    /// Pages whose text comes from OCR, with Tesseract's mean word confidence (0–100).
    #[serde(default)]
    pub ocr_pages: Vec<crate::read::document::OcrPage>,
    /// What kind of piece the document is (`null` when it could not be read).
    #[serde(default)]
    pub role: Option<Role>,
    /// Why the role was chosen: from the text or the file name, with the deciding words.
    #[serde(default)]
    pub role_evidence: Option<RoleEvidence>,
    /// What the piece says of its consultation (number, buyer, object, dates, amount, nature,
    /// buyer category…), for the consultation level; absent when it says nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facts: Option<crate::find::facts::Facts>,
}

/// The evidence of a document's role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleEvidence {
    pub source: EvidenceSource,
    pub evidence: String,
}

/// One clause as reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClauseReport {
    pub kind: ClauseKind,
    pub template: String,
    pub page: Option<u32>,
    /// Heading of the article that holds the clause.
    pub section: Option<String>,
    /// Character span in the source text.
    pub span: Span,
    /// The clause's normalised text (its own article; linked articles are in `linked`).
    pub text: String,
    pub parameters: Parameters,
    pub similarity: f64,
    pub findings: Vec<Finding>,
    /// Number of the article that holds the clause ("4.5").
    pub section_number: Option<String>,
    /// Articles linked to the clause (penalties stated elsewhere), by heading.
    pub linked: Vec<LinkedSection>,
    /// Word-level diff from the model wording to the clause ("delete": only in the model;
    /// "insert": only in the clause).
    pub diff: Vec<DiffChunk>,
    /// How the document carries the clause: clause, mention, reference or flag.
    #[serde(default)]
    pub form: Form,
    /// `false` for an explicit negative ("Clauses sociales : Sans"), whose `text` is the quote.
    #[serde(default = "yes")]
    pub declared: bool,
    /// The lots the clause says it covers; `null` when it names none (all lots).
    #[serde(default)]
    pub lots_covered: Option<Vec<String>>,
}

fn yes() -> bool {
    true
}

/// An article linked to a clause.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkedSection {
    pub section: Option<String>,
    pub page: Option<u32>,
    pub span: Span,
}

impl DocumentReport {
    /// The report of a file that could not be read.
    pub fn failed(reading: &Reading, problem: &Problem) -> Self {
        let (path, path_escaped) = path_text(&reading.path);
        DocumentReport {
            path,
            path_escaped,
            format: reading.format.map(|f| f.as_str().to_string()),
            status: "error".into(),
            error: Some(problem.clone()),
            warnings: reading.warnings.clone(),
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
            facts: Some(crate::find::facts::read(
                doc.text.body(),
                doc.notice.as_ref(),
                &catalog.mandatory.exemptions,
            ))
            .filter(|f| !f.is_empty()),
            ..Self::read(reading, doc, role)
        }
    }

    /// Every finding of the document, clause findings first.
    pub fn all_findings(&self) -> impl Iterator<Item = &Finding> {
        self.clauses
            .iter()
            .flat_map(|c| c.findings.iter())
            .chain(self.findings.iter())
    }

    /// Whether the document has an error-severity finding or could not be read.
    pub fn has_errors(&self) -> bool {
        self.error.is_some()
            || self.is_unknown()
            || self.all_findings().any(|f| f.severity == Severity::Error)
    }

    /// Whether nothing can be said of the document's social considerations (its text could
    /// not be read). Reports of older versions wrote `[]` for an unreadable file: also unknown.
    pub fn is_unknown(&self) -> bool {
        !self.is_outside_tenders()
            && self
                .considerations_sociales
                .as_ref()
                .is_none_or(|values| values.is_empty())
    }

    /// Whether the document was read and is not a tender piece (a legal text, a guide, a
    /// model): its considerations are null because the question does not apply.
    pub fn is_outside_tenders(&self) -> bool {
        self.role.is_some_and(|r| !r.is_tender_piece())
    }

    /// The considerations joined with `separator`, "sans objet" for a document that is not a
    /// tender piece, or "inconnu".
    pub fn considerations_label(&self, separator: &str) -> String {
        match &self.considerations_sociales {
            Some(values) if !values.is_empty() => values.join(separator),
            _ if self.is_outside_tenders() => NOT_APPLICABLE_CONSIDERATIONS.to_string(),
            _ => UNKNOWN_CONSIDERATIONS.to_string(),
        }
    }

    /// [`considerations_label`](Self::considerations_label) for a person, in the language of
    /// the run ("Clause sociale" reads "Social clause" in English).
    pub fn considerations_shown(&self, separator: &str) -> String {
        match &self.considerations_sociales {
            Some(values) if !values.is_empty() => considerations_shown(values, separator),
            _ if self.is_outside_tenders() => crate::msg!("considerations.not_applicable"),
            _ => crate::msg!("considerations.unknown"),
        }
    }
}

/// DECP values as people read them in the language of the run, joined with `separator`; a
/// value the catalogue does not know is shown as it is.
pub fn considerations_shown(values: &[String], separator: &str) -> String {
    values
        .iter()
        .map(|v| {
            let key = match v.as_str() {
                "Clause sociale" => "considerations.social_clause",
                "Critère social" => "considerations.social_criterion",
                "Marché réservé" => "considerations.reserved_contract",
                NO_SOCIAL_CONSIDERATION => "considerations.none",
                _ => return v.clone(),
            };
            crate::base::i18n::text(key).to_string()
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// A path as report text, losslessly: valid UTF-8 as it is; otherwise each byte that is not
/// part of a UTF-8 character as `%XX` and `%` as `%25` (the second value is then true).
pub fn path_text(path: &std::path::Path) -> (String, bool) {
    if let Some(text) = path.to_str() {
        return (text.to_string(), false);
    }
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '%' {
                out.push_str("%25");
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    (out, true)
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
fn named_lots(doc: &Document, clause: &crate::find::detect::Clause) -> Option<Vec<String>> {
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

/// The DECP values the models of these clauses give, each once, in the order of the DECP
/// schema.
pub(crate) fn decp_values<'a>(
    templates: impl IntoIterator<Item = &'a str>,
    catalog: &Catalog,
) -> Vec<String> {
    const ORDER: [&str; 3] = ["Clause sociale", "Critère social", "Marché réservé"];
    let mut values: Vec<String> = templates
        .into_iter()
        .filter_map(|t| catalog.get(t).map(|t| t.considerations_sociales.clone()))
        .collect();
    values.sort_by_key(|v| ORDER.iter().position(|o| o == v).unwrap_or(ORDER.len()));
    values.dedup();
    values
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

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub documents: usize,
    pub ok: usize,
    pub errors: usize,
    pub with_clauses: usize,
    pub findings: SeverityCounts,
    /// Documents whose social considerations are unknown (text not read: an error, no text
    /// layer), counted apart from `no_social_consideration`.
    #[serde(default)]
    pub unknown: usize,
    /// Documents read in full that have no social consideration.
    #[serde(default)]
    pub no_social_consideration: usize,
    /// Pages whose text was read by OCR (counted apart from text-layer pages).
    #[serde(default)]
    pub ocr_pages: usize,
    /// Extra: clauses by kind, findings by rule, unreadable files by error code.
    pub clauses_by_kind: BTreeMap<String, usize>,
    pub findings_by_rule: BTreeMap<String, usize>,
    pub errors_by_code: BTreeMap<String, usize>,
}

/// Findings by severity.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Summary {
    /// Adds one document to the totals.
    pub fn add(&mut self, report: &DocumentReport) {
        self.documents += 1;
        match &report.error {
            Some(problem) => {
                self.errors += 1;
                *self
                    .errors_by_code
                    .entry(problem.code.as_str().to_string())
                    .or_default() += 1;
            }
            None => self.ok += 1,
        }
        if report.clauses.iter().any(|c| c.declared) {
            self.with_clauses += 1;
        }
        self.ocr_pages += report.ocr_pages.len();
        if report.is_unknown() {
            self.unknown += 1;
        } else if report.considerations_sociales.as_deref()
            == Some(&[NO_SOCIAL_CONSIDERATION.to_string()])
        {
            self.no_social_consideration += 1;
        }
        for clause in report.clauses.iter().filter(|c| c.declared) {
            *self
                .clauses_by_kind
                .entry(clause.kind.as_str().to_string())
                .or_default() += 1;
        }
        for finding in report.all_findings() {
            match finding.severity {
                Severity::Error => self.findings.error += 1,
                Severity::Warning => self.findings.warning += 1,
                Severity::Info => self.findings.info += 1,
            }
            *self
                .findings_by_rule
                .entry(finding.rule.as_str().to_string())
                .or_default() += 1;
        }
    }
}

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
                        format!(
                            "checking crashed: {}; please report it with the file",
                            crate::read::extract::panic_message(payload.as_ref())
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

/// Decides the document's role, then finds, shapes and checks its clauses.
pub fn analyse(reading: &Reading, doc: &Document, catalog: &Catalog) -> Analysis {
    let role = crate::find::role::classify(
        doc.text.body(),
        &doc.text.text[doc.text.body_len..],
        &reading.path,
    );
    if !role.role.is_tender_piece() {
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
        clauses.push(crate::find::detect::Clause {
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
