//! What clausier says of one file (`DocumentReport`, with its `ClauseReport`s) and of a run
//! (`Summary`): the public JSON model, schema_version 1. The driver (`analyse`) builds it, the
//! consultation level reads it, the renderers (`write::report`) print it; fields are added,
//! never renamed.

use crate::base::dates::Date;
use crate::base::error::Problem;
use crate::find::clause::Form;
use crate::find::params::Parameters;
use crate::find::role::{EvidenceSource, Role};
use crate::judge::rules::{DiffChunk, Finding};
use crate::read::document::Span;
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
    pub ocr_pages: Vec<crate::read::blocks::OcrPage>,
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
            && !self.is_skipped()
            && self
                .considerations_sociales
                .as_ref()
                .is_none_or(|values| values.is_empty())
    }

    /// Whether the document is a piece with no text by design (a plan, a photo), listed and
    /// skipped.
    pub fn is_skipped(&self) -> bool {
        self.status == "skipped"
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
            _ if self.is_outside_tenders() || self.is_skipped() => {
                NOT_APPLICABLE_CONSIDERATIONS.to_string()
            }
            _ => UNKNOWN_CONSIDERATIONS.to_string(),
        }
    }

    /// [`considerations_label`](Self::considerations_label) for a person, in the language of
    /// the run ("Clause sociale" reads "Social clause" in English).
    pub fn considerations_shown(&self, separator: &str) -> String {
        match &self.considerations_sociales {
            Some(values) if !values.is_empty() => considerations_shown(values, separator),
            _ if self.is_outside_tenders() || self.is_skipped() => {
                crate::msg!("considerations.not_applicable")
            }
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

/// The DECP values the models of these clauses give, each once, in the order of the DECP
/// schema.
pub fn decp_values<'a>(
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

/// Totals over a run.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    /// True when the run was interrupted (Ctrl-C) before every file was read: the report is
    /// a valid prefix, not the whole (absent otherwise).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// The number of files the run was to read, given when it was interrupted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_planned: Option<usize>,
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
    /// Pieces with no text by design (plans, photos), listed and skipped.
    #[serde(default)]
    pub skipped: usize,
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
    /// Marks the run as interrupted after `self.documents` of `planned` files.
    pub fn interrupt(&mut self, planned: usize) {
        self.interrupted = true;
        self.files_planned = Some(planned);
    }

    /// "Analyse interrompue après 19 fichiers sur 240", in the run's language; `None` for a
    /// run that went to the end.
    pub fn interruption(&self) -> Option<String> {
        self.interrupted.then(|| {
            crate::msg!(
                "summary.interrupted",
                done = crate::base::typography::integer(self.documents as u64),
                total = crate::base::typography::integer(self.files_planned.unwrap_or(0) as u64)
            )
        })
    }

    /// Adds one document to the totals.
    pub fn add(&mut self, report: &DocumentReport) {
        self.documents += 1;
        if report.is_skipped() {
            self.skipped += 1;
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An interrupted run says so in the JSON summary and in words; a whole run says nothing.
    #[test]
    fn an_interrupted_summary_says_how_far_it_went() {
        let mut summary = Summary::default();
        assert!(summary.interruption().is_none());
        assert!(!serde_json::to_string(&summary)
            .unwrap()
            .contains("interrupted"));
        summary.documents = 19;
        summary.interrupt(240);
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["interrupted"], true);
        assert_eq!(json["files_planned"], 240);
        let note = summary.interruption().unwrap();
        assert!(note.contains("19") && note.contains("240"), "{note}");
    }
}
