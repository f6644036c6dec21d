//! The consultation level: the pieces of one DCE (a zip, or a folder of tender pieces) judged
//! together, as buyers, reviewers and facilitators think of them. The RC announces the clause,
//! the AE commits the bidder to it, the CCAP carries it and its penalties: one clause per kind
//! (and per lot scope), with the evidence of every piece; missing elements judged on what all
//! the pieces say; figures compared across pieces; references resolved to the clause they
//! point to; the loi Climat obligation judged on the consultation's date, amount, nature and
//! buyer.
//!
//! Everything here is built from documents' reports (never from the files), so a scan and a
//! `report merge` of its shards give the same consultations.
//!
//! ```text
//! DocumentReport… ─▶ group ─▶ identity ─▶ merge (clauses, cross-piece findings) ─▶ obligation
//! ```

pub(crate) mod group;
pub(crate) mod identity;
pub(crate) mod merge;
pub(crate) mod obligation;

use crate::base::dates::Date;
use crate::find::clause::Form;
use crate::find::facts::Nature;
use crate::find::params::Parameters;
use crate::find::role::Role;
use crate::judge::rules::Rule;
use crate::judge::verdict::DocumentReport;
use crate::template::{BuyerCategory, Catalog, ClauseKind, ElementId, Severity};
pub use group::Grouping;
use serde::{Deserialize, Serialize};

/// Everything clausier says about one consultation (public API: the JSON `consultations`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsultationReport {
    /// The zip file or the folder.
    pub path: String,
    /// The consultation's number as its pieces write it.
    pub reference: Option<String>,
    pub buyer: Option<String>,
    pub object: Option<String>,
    /// When the consultation was launched (see `launch_date_source`).
    pub launch_date: Option<Date>,
    /// Where the launch date comes from: `notice` (the date the notice was sent), `rc` (the
    /// RC's date) or `offers_deadline` (an upper bound: launched at the latest then).
    pub launch_date_source: Option<LaunchSource>,
    /// The estimated or maximum amount of the whole consultation (all lots), € HT.
    pub estimated_amount_eur: Option<f64>,
    pub nature: Option<Nature>,
    pub buyer_category: Option<BuyerCategory>,
    /// A defence or security contract (out of the scope of L2112-2-1).
    pub defence: bool,
    pub pieces: Vec<Piece>,
    pub clauses: Vec<ConsultationClause>,
    pub findings: Vec<ConsultationFinding>,
    /// DECP values of the consultation; `null` when nothing was found and a piece could not
    /// be read.
    pub considerations_sociales: Option<Vec<String>>,
    /// Insertion hours committed by the consultation's clauses.
    pub hours_committed: u64,
    /// The verdict a buyer reads first, never milder than the pieces: the consultation's own
    /// findings and every finding of every piece, counted by severity, with the worst.
    #[serde(default)]
    pub verdict: Verdict,
}

/// The roll-up of a consultation's findings with its pieces'.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Verdict {
    /// The worst severity found, across the pieces and the consultation; `null` when none.
    pub worst: Option<Severity>,
    /// Findings of the consultation level and of all its pieces, by severity.
    pub findings: crate::judge::verdict::SeverityCounts,
    /// Pieces that could not be read (their verdict is unknown).
    pub unreadable_pieces: usize,
}

impl Verdict {
    /// The verdict as people read it, in the run's language: "verdict : 3 erreurs,
    /// 1 avertissement (pièces comprises) ; 1 pièce illisible : verdict incomplet".
    pub fn shown(&self) -> String {
        let mut line = crate::msg!(
            "consultation.verdict",
            errors = crate::msg_n!("summary.count.error", self.findings.error),
            warnings = crate::msg_n!("summary.count.warning", self.findings.warning)
        );
        if self.unreadable_pieces > 0 {
            line.push_str(&crate::msg_n!(
                "consultation.verdict.unreadable",
                self.unreadable_pieces
            ));
        }
        line
    }

    /// The roll-up of `findings` (the consultation's) and of every finding of `documents`.
    fn of(findings: &[ConsultationFinding], documents: &[&DocumentReport]) -> Self {
        let mut verdict = Verdict::default();
        let severities = findings.iter().map(|f| f.severity).chain(
            documents
                .iter()
                .flat_map(|d| d.all_findings().map(|f| f.severity)),
        );
        for severity in severities {
            match severity {
                Severity::Error => verdict.findings.error += 1,
                Severity::Warning => verdict.findings.warning += 1,
                Severity::Info => verdict.findings.info += 1,
            }
            verdict.worst = verdict.worst.max(Some(severity));
        }
        verdict.unreadable_pieces = documents.iter().filter(|d| d.error.is_some()).count();
        verdict
    }
}

/// Where a launch date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaunchSource {
    Notice,
    Rc,
    OffersDeadline,
}

/// One document of a consultation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Piece {
    pub path: String,
    pub role: Option<Role>,
}

/// One clause of the consultation: what all its pieces say of one kind (and lot scope).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsultationClause {
    pub kind: ClauseKind,
    pub template: String,
    /// The strongest form among the pieces: `clause` when a piece stipulates it.
    pub form: Form,
    /// The lots it covers; `null`: all lots.
    pub lots_covered: Option<Vec<String>>,
    /// The carrying piece's figures, completed by the other pieces'.
    pub parameters: Parameters,
    /// Every piece that speaks of it, the carrying piece first.
    pub evidence: Vec<Evidence>,
}

/// Where a piece speaks of a clause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub path: String,
    pub role: Option<Role>,
    pub section: Option<String>,
    pub section_number: Option<String>,
    pub page: Option<u32>,
    pub form: Form,
    /// For a reference, the article it points to ("ccap article 4.5"), when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_to: Option<String>,
}

/// A finding about the consultation as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConsultationFinding {
    pub rule: Rule,
    pub severity: Severity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<ElementId>,
    pub message: String,
    pub suggestion: Option<String>,
    /// The pieces the finding is about.
    pub evidence: Vec<Evidence>,
}

impl ConsultationReport {
    /// The piece that stipulates the consultation's clause (the CCAP, in general): where a
    /// redline is written, with the consultation's findings beside the clause.
    pub fn carrier(&self) -> Option<&Evidence> {
        self.clauses
            .iter()
            .flat_map(|clause| clause.evidence.first())
            .find(|e| e.form == Form::Clause)
    }

    /// Whether the consultation has an error-severity finding.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
            || self.verdict.worst == Some(Severity::Error)
    }
}

/// What the consultation level keeps of a document while a scan streams the others: the
/// report without its clauses' diffs, and without the text of stipulations (only references
/// are read again, for the article they point to).
pub fn slim(report: &DocumentReport) -> DocumentReport {
    let mut kept = report.clone();
    for clause in &mut kept.clauses {
        clause.diff = Vec::new();
        if clause.form == Form::Clause {
            clause.text = String::new();
        }
    }
    kept
}

/// The consultations of a run's documents (in path order).
pub fn consultations(
    documents: &[DocumentReport],
    grouping: Grouping,
    catalog: &Catalog,
) -> Vec<ConsultationReport> {
    let members: Vec<group::Member<'_>> = documents
        .iter()
        .map(|d| group::Member {
            path: &d.path,
            archive: d.archive.as_deref(),
            role: d.role,
            reference: d.facts.as_ref().and_then(|f| f.reference.as_deref()),
            buyer: d.facts.as_ref().and_then(|f| f.buyer.as_deref()),
        })
        .collect();
    group::groups(&members, grouping)
        .into_iter()
        .map(|g| {
            let pieces: Vec<&DocumentReport> = g.members.iter().map(|&i| &documents[i]).collect();
            build(g.path, &pieces, catalog)
        })
        .collect()
}

/// The report of one consultation from its documents' reports.
pub fn build(path: String, documents: &[&DocumentReport], catalog: &Catalog) -> ConsultationReport {
    let identity = identity::consolidate(documents);
    let tender: Vec<&DocumentReport> = documents
        .iter()
        .copied()
        .filter(|d| d.role.is_some_and(|r| r.is_tender_piece()))
        .collect();
    let merged = merge::clauses(&tender, catalog);
    let mut findings = merged.findings;
    findings.extend(obligation::check(&identity, &merged.clauses, catalog));
    let considerations = considerations(&merged.clauses, documents, catalog);
    let findings_for_verdict = findings.clone();
    let hours_committed = merged
        .clauses
        .iter()
        .filter(|c| c.kind.commits_hours())
        .map(|c| crate::find::params::committed_hours(&c.parameters))
        .sum();
    ConsultationReport {
        path,
        reference: identity.reference,
        buyer: identity.buyer,
        object: identity.object,
        launch_date: identity.launch.map(|(d, _)| d),
        launch_date_source: identity.launch.map(|(_, s)| s),
        estimated_amount_eur: identity.amount_eur,
        nature: identity.nature,
        buyer_category: identity.buyer_category,
        defence: identity.defence,
        pieces: documents
            .iter()
            .map(|d| Piece {
                path: d.path.clone(),
                role: d.role,
            })
            .collect(),
        clauses: merged.clauses,
        findings,
        considerations_sociales: considerations,
        hours_committed,
        verdict: Verdict::of(&findings_for_verdict, documents),
    }
}

/// The DECP values of the consultation's clauses, in the schema's order.
fn considerations(
    clauses: &[ConsultationClause],
    documents: &[&DocumentReport],
    catalog: &Catalog,
) -> Option<Vec<String>> {
    let mut values =
        crate::judge::verdict::decp_values(clauses.iter().map(|c| c.template.as_str()), catalog);
    if values.is_empty() {
        if documents.iter().any(|d| d.is_unknown()) {
            return None;
        }
        values.push(crate::judge::verdict::NO_SOCIAL_CONSIDERATION.to_string());
    }
    Some(values)
}

/// A piece's name in a message: "AE article 3", "CCAP article 9", "RC" (with the file name
/// when the consultation has two pieces of that role).
pub fn piece_label(evidence: &Evidence, ambiguous: bool) -> String {
    let role = evidence.role.map_or_else(
        || crate::msg!("piece.document"),
        |r| short_role(r).to_string(),
    );
    let mut label = role;
    if let Some(n) = &evidence.section_number {
        label.push_str(&crate::msg!("piece.article", number = n));
    } else if let Some(p) = evidence.page {
        label.push_str(&crate::msg!("piece.page", page = p));
    }
    if ambiguous {
        let name = evidence.path.rsplit('/').next().unwrap_or(&evidence.path);
        label.push_str(&format!(" ({name})"));
    }
    label
}

/// How tenders name a piece in a sentence ("CCAP", "bordereau des prix"), catalogue key
/// `piece.<role>`.
pub fn short_role(role: Role) -> &'static str {
    crate::base::i18n::lookup(&format!("piece.{}", role.as_str())).unwrap_or(role.as_str())
}

/// Figures in findings' messages, in the typography of the chosen language ("1 200 h",
/// "100 000 €", "7,5 %" in French; "1,200 h", "7.5 %" in English).
pub(crate) mod shown {
    use crate::base::typography::{integer, number};

    /// "420 h".
    pub fn hours(n: u64) -> String {
        format!("{} h", integer(n))
    }

    /// "100 000 €", "45,50 €".
    pub fn euros(x: f64) -> String {
        format!("{} €", crate::base::typography::euros(x))
    }

    /// "7,5 %".
    pub fn percent(x: f64) -> String {
        format!("{} %", number(x, 2))
    }
}
