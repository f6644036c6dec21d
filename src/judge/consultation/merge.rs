//! One clause per kind (and per lot scope) for a consultation, with the evidence of every
//! piece; missing elements judged on what all the pieces say; figures compared across pieces
//! (`cross-piece-inconsistency`); references resolved to the clause they point to, and clauses
//! announced that no piece carries (`broken-reference`).

use super::shown;
use super::{piece_label, short_role, ConsultationClause, ConsultationFinding, Evidence};
use crate::find::clause::Form;
use crate::find::params::Parameters;
use crate::find::role::Role;
use crate::judge::rules::Rule;
use crate::judge::verdict::{ClauseReport, DocumentReport};
use crate::msg;
use crate::template::{Catalog, ClauseKind, ElementId, Severity};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// The consultation's clauses and what comparing its pieces found.
pub struct Merged {
    pub clauses: Vec<ConsultationClause>,
    pub findings: Vec<ConsultationFinding>,
}

/// One piece's clause, with its document.
#[derive(Clone, Copy)]
struct Said<'a> {
    doc: &'a DocumentReport,
    clause: &'a ClauseReport,
}

impl Said<'_> {
    fn evidence(&self) -> Evidence {
        Evidence {
            path: self.doc.path.clone(),
            role: self.doc.role,
            section: self.clause.section.clone(),
            section_number: self.clause.section_number.clone(),
            page: self.clause.page,
            form: self.clause.form,
            points_to: target(&self.clause.text)
                .map(|(role, article)| format!("{} article {article}", role.as_str())),
        }
    }
}

/// Which piece carries a clause of a kind: the one whose figures the consultation takes.
fn carrier_rank(kind: ClauseKind, role: Option<Role>) -> usize {
    let order: &[Role] = match kind {
        // The RC sets the award criteria.
        ClauseKind::AwardCriterion => &[
            Role::Rc,
            Role::Notice,
            Role::Ccap,
            Role::Ccp,
            Role::Contract,
            Role::Ae,
        ],
        _ => &[
            Role::Ccap,
            Role::Ccp,
            Role::Contract,
            Role::Rc,
            Role::Ae,
            Role::Annex,
            Role::Cctp,
            Role::PriceSchedule,
            Role::QaRegister,
            Role::Notice,
        ],
    };
    role.and_then(|r| order.iter().position(|o| *o == r))
        .unwrap_or(order.len())
}

fn form_rank(form: Form) -> usize {
    match form {
        Form::Clause => 0,
        Form::Mention => 1,
        Form::Reference => 2,
        Form::Flag => 3,
    }
}

/// Merges the clauses of a consultation's tender pieces.
pub fn clauses(pieces: &[&DocumentReport], catalog: &Catalog) -> Merged {
    let said: Vec<Said<'_>> = pieces
        .iter()
        .flat_map(|doc| {
            doc.clauses
                .iter()
                .filter(|c| c.declared)
                .map(move |clause| Said { doc, clause })
        })
        .collect();
    let mut by_role: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for doc in pieces {
        if let Some(role) = doc.role {
            by_role.entry(role.as_str()).or_default().insert(&doc.path);
        }
    }
    let ambiguous = |e: &Evidence| {
        e.role
            .and_then(|r| by_role.get(r.as_str()))
            .is_some_and(|paths| paths.len() > 1)
    };
    let mut clauses = Vec::new();
    let mut findings = Vec::new();
    for kind in ClauseKind::ALL {
        let of_kind: Vec<Said<'_>> = said
            .iter()
            .copied()
            .filter(|s| s.clause.kind == kind)
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        for mut group in scopes(&of_kind) {
            group.sort_by_key(|s| {
                (
                    form_rank(s.clause.form),
                    carrier_rank(kind, s.doc.role),
                    s.doc.path.clone(),
                )
            });
            let carrier = group[0];
            let template = carrier.clause.template.clone();
            let mut parameters = carrier.clause.parameters.clone();
            for other in &group[1..] {
                fill(&mut parameters, &other.clause.parameters);
            }
            let evidence: Vec<Evidence> = group.iter().map(Said::evidence).collect();
            findings.extend(missing_elements(&group, &parameters, &evidence));
            findings.extend(inconsistencies(&group, &ambiguous));
            if carrier.clause.form != Form::Clause {
                findings.extend(announced_not_carried(kind, &group, &ambiguous));
            }
            if kind == ClauseKind::ExecutionCondition && carrier.clause.form == Form::Clause {
                findings.extend(anru_not_applied(
                    catalog,
                    pieces,
                    &carrier,
                    &parameters,
                    &ambiguous,
                ));
            }
            clauses.push(ConsultationClause {
                kind,
                template,
                form: carrier.clause.form,
                lots_covered: carrier.clause.lots_covered.clone(),
                parameters,
                evidence,
            });
        }
    }
    findings.extend(references(&said, pieces, &ambiguous));
    Merged { clauses, findings }
}

/// The clauses of one kind split by lot scope: the stipulations of each scope, and the
/// mentions and references beside the stipulation of their scope (or of all lots).
fn scopes<'a>(of_kind: &[Said<'a>]) -> Vec<Vec<Said<'a>>> {
    let mut groups: Vec<(Option<Vec<String>>, Vec<Said<'a>>)> = Vec::new();
    for s in of_kind.iter().filter(|s| s.clause.form == Form::Clause) {
        let scope = s.clause.lots_covered.clone();
        match groups.iter_mut().find(|(k, _)| *k == scope) {
            Some((_, g)) => g.push(*s),
            None => groups.push((scope, vec![*s])),
        }
    }
    for s in of_kind.iter().filter(|s| s.clause.form != Form::Clause) {
        let scope = &s.clause.lots_covered;
        let at = groups
            .iter()
            .position(|(k, _)| k == scope)
            .or_else(|| groups.iter().position(|(k, _)| k.is_none()))
            .or(if groups.is_empty() { None } else { Some(0) });
        match at {
            Some(i) => groups[i].1.push(*s),
            None => groups.push((scope.clone(), vec![*s])),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// Completes the carrier's figures with another piece's where the carrier says nothing.
fn fill(into: &mut Parameters, from: &Parameters) {
    if into.hours.is_empty() {
        into.hours = from.hours.clone();
    }
    into.percent_of_hours = into.percent_of_hours.or(from.percent_of_hours);
    into.hours_ratio = into.hours_ratio.or(from.hours_ratio);
    into.penalty_per_hour_eur = into.penalty_per_hour_eur.or(from.penalty_per_hour_eur);
    into.award_weight_percent = into.award_weight_percent.or(from.award_weight_percent);
    if into.lots.is_empty() {
        into.lots = from.lots.clone();
    }
    into.anru |= from.anru;
    into.total_hours = into.total_hours.or(from.total_hours);
    if into.penalty_formula.is_none() && into.penalty_per_hour_eur.is_none() {
        into.penalty_formula = from.penalty_formula.clone();
    }
}

/// An element is missing from the consultation's clause when every piece that stipulates it
/// lacks it and no other piece's figures give it.
fn missing_elements(
    group: &[Said<'_>],
    parameters: &Parameters,
    evidence: &[Evidence],
) -> Vec<ConsultationFinding> {
    let stipulations: Vec<&Said<'_>> = group
        .iter()
        .filter(|s| s.clause.form == Form::Clause)
        .collect();
    let Some(first) = stipulations.first() else {
        return Vec::new();
    };
    let missing_in = |s: &Said<'_>, e: ElementId| {
        s.clause
            .findings
            .iter()
            .any(|f| f.rule == Rule::MissingElement && f.element == Some(e))
    };
    first
        .clause
        .findings
        .iter()
        .filter(|f| f.rule == Rule::MissingElement)
        .filter_map(|f| f.element.map(|e| (f, e)))
        .filter(|(_, e)| stipulations.iter().all(|s| missing_in(s, *e)) && !parameters.states(*e))
        .map(|(f, e)| ConsultationFinding {
            rule: Rule::MissingElement,
            severity: f.severity,
            element: Some(e),
            message: msg!("finding.consultation.nowhere", message = f.message),
            suggestion: f.suggestion.clone(),
            evidence: evidence
                .iter()
                .filter(|e| e.form == Form::Clause)
                .cloned()
                .collect(),
        })
        .collect()
}

/// One figure as each piece states it, for comparison.
struct Figure {
    /// What the figure is, for the message ("heures d'insertion").
    what: String,
    /// Each piece's value, as people read it, with a key to compare.
    values: Vec<(String, String, Evidence)>,
}

/// The hours a piece commits to, when it states one volume: its total, its lots' sum, or its
/// only volume.
fn stated_hours(p: &Parameters) -> Option<u64> {
    p.total_hours.or_else(|| {
        if !p.lots.is_empty() {
            Some(p.lots.iter().map(|l| l.hours).sum())
        } else if p.hours.len() == 1 {
            Some(p.hours[0])
        } else {
            None
        }
    })
}

/// A lot number as pieces compare it: "01" and "1" are one lot.
fn normal_lot(lot: &str) -> String {
    lot.parse::<u32>()
        .map_or_else(|_| lot.to_string(), |n| n.to_string())
}

/// Figures that differ between the pieces of one clause.
fn inconsistencies(
    group: &[Said<'_>],
    ambiguous: &dyn Fn(&Evidence) -> bool,
) -> Vec<ConsultationFinding> {
    let mut figures: Vec<Figure> = Vec::new();
    let mut add = |what: &str, key: String, value: String, e: Evidence| match figures
        .iter_mut()
        .find(|f| f.what == what)
    {
        Some(f) => f.values.push((key, value, e)),
        None => figures.push(Figure {
            what: what.to_string(),
            values: vec![(key, value, e)],
        }),
    };
    // The lots' hours set by the pieces that have a table of lots.
    let lot_hours: Vec<(String, u64)> = group
        .iter()
        .flat_map(|s| s.clause.parameters.lots.iter())
        .map(|l| (normal_lot(&l.lot), l.hours))
        .collect();
    for s in group {
        let p = &s.clause.parameters;
        let e = s.evidence();
        // A piece for one lot (an AE per lot) states that lot's volume, not the total.
        let single = p.lots.is_empty() && p.total_hours.is_none() && p.hours.len() == 1;
        let one_lot = match &s.clause.lots_covered {
            Some(lots) if lots.len() == 1 => Some(normal_lot(&lots[0])),
            _ => None,
        };
        if single && !lot_hours.is_empty() {
            let h = p.hours[0];
            match one_lot {
                Some(lot) => add(
                    &msg!("figure.lot_hours", lot = lot),
                    h.to_string(),
                    shown::hours(h),
                    e.clone(),
                ),
                // A volume that is one of the lots' own is that lot's, said again.
                None if lot_hours.iter().any(|(_, lh)| *lh == h) => {}
                None => add(
                    &msg!("figure.hours"),
                    h.to_string(),
                    shown::hours(h),
                    e.clone(),
                ),
            }
        } else if let Some(h) = stated_hours(p) {
            // A piece that sets some of the lots only (an AE for lot 1) has no total to
            // compare: its lots are compared one by one below.
            let some_lots_only = p.total_hours.is_none()
                && !p.lots.is_empty()
                && lot_hours
                    .iter()
                    .any(|(l, _)| !p.lots.iter().any(|own| normal_lot(&own.lot) == *l));
            if !some_lots_only {
                add(
                    &msg!("figure.hours"),
                    h.to_string(),
                    shown::hours(h),
                    e.clone(),
                );
            }
        }
        for lot in &p.lots {
            add(
                &msg!("figure.lot_hours", lot = normal_lot(&lot.lot)),
                lot.hours.to_string(),
                shown::hours(lot.hours),
                e.clone(),
            );
        }
        if let Some(r) = p.hours_ratio {
            let per_100k = r.hours / r.per_eur * 100_000.0;
            add(
                &msg!("figure.ratio"),
                format!("{per_100k:.4}"),
                msg!(
                    "figure.ratio.value",
                    hours = shown::hours(r.hours.round() as u64),
                    amount = shown::euros(r.per_eur)
                ),
                e.clone(),
            );
        }
        if let Some(pct) = p.percent_of_hours {
            add(
                &msg!("figure.percent"),
                format!("{pct:.4}"),
                shown::percent(pct),
                e.clone(),
            );
        }
        if let Some(eur) = p.penalty_per_hour_eur {
            add(
                &msg!("figure.penalty"),
                format!("{eur:.2}"),
                msg!("figure.penalty.value", amount = shown::euros(eur)),
                e.clone(),
            );
        }
        if let Some(w) = p.award_weight_percent {
            add(
                &msg!("figure.weight"),
                format!("{w:.2}"),
                shown::percent(w),
                e.clone(),
            );
        }
        if let Some(lots) = &s.clause.lots_covered {
            add(
                &msg!("figure.lots"),
                lots.join(","),
                msg!("figure.lots.value", lots = lots.join(", ")),
                e,
            );
        }
    }
    figures
        .into_iter()
        .filter_map(|f| {
            let mut distinct: Vec<&(String, String, Evidence)> = Vec::new();
            for v in &f.values {
                if !distinct.iter().any(|d| d.0 == v.0) {
                    distinct.push(v);
                }
            }
            // In the order a reader goes through a DCE: RC, AE, then the CCAP.
            distinct.sort_by_key(|(_, _, e)| super::identity::rank(e.role));
            (distinct.len() > 1).then(|| {
                let said: Vec<String> = distinct
                    .iter()
                    .map(|(_, value, e)| {
                        msg!(
                            "finding.cross_piece.said",
                            piece = piece_label(e, ambiguous(e)),
                            value = value
                        )
                    })
                    .collect();
                ConsultationFinding {
                    rule: Rule::CrossPieceInconsistency,
                    severity: Severity::Error,
                    element: None,
                    message: msg!(
                        "finding.cross_piece",
                        what = f.what,
                        said = said.join(crate::base::i18n::text("list.separator"))
                    ),
                    suggestion: Some(msg!("finding.cross_piece.suggestion")),
                    evidence: distinct.iter().map(|(_, _, e)| e.clone()).collect(),
                }
            })
        })
        .collect()
}

/// A clause that pieces announce (mention, reference) but that no piece stipulates.
fn announced_not_carried(
    kind: ClauseKind,
    group: &[Said<'_>],
    ambiguous: &dyn Fn(&Evidence) -> bool,
) -> Vec<ConsultationFinding> {
    let evidence: Vec<Evidence> = group.iter().map(Said::evidence).collect();
    let names: Vec<String> = evidence
        .iter()
        .map(|e| piece_label(e, ambiguous(e)))
        .collect();
    vec![ConsultationFinding {
        rule: Rule::BrokenReference,
        severity: Severity::Error,
        element: None,
        message: crate::msg_n!(
            "finding.announced_not_carried",
            names.len(),
            pieces = names.join(", "),
            kind = crate::base::i18n::text(&format!("kind.{}", kind.as_str()))
        ),
        suggestion: Some(msg!("finding.announced_not_carried.suggestion")),
        evidence,
    }]
}

/// An operation another piece says is ANRU-funded, whose clause does not apply the ANRU's
/// charter (the carrying piece never names the ANRU), or sets less than its minimum share of
/// hours (5 % of works, 10 % of GUP: `clause-templates/rules/thresholds.toml`).
fn anru_not_applied(
    catalog: &Catalog,
    pieces: &[&DocumentReport],
    carrier: &Said<'_>,
    parameters: &Parameters,
    ambiguous: &dyn Fn(&Evidence) -> bool,
) -> Vec<ConsultationFinding> {
    let Some(source) = pieces
        .iter()
        .find(|d| d.facts.as_ref().is_some_and(|f| f.anru))
    else {
        return Vec::new();
    };
    let said_by = Evidence {
        path: source.path.clone(),
        role: source.role,
        section: None,
        section_number: None,
        page: None,
        form: Form::Mention,
        points_to: None,
    };
    let clause = carrier.evidence();
    let mut findings = Vec::new();
    if !carrier.clause.parameters.anru {
        findings.push(ConsultationFinding {
            rule: Rule::CrossPieceInconsistency,
            severity: Severity::Error,
            element: None,
            message: msg!(
                "finding.anru_not_applied",
                source = piece_label(&said_by, ambiguous(&said_by)),
                clause = piece_label(&clause, ambiguous(&clause))
            ),
            suggestion: Some(msg!("finding.anru_not_applied.suggestion")),
            evidence: vec![said_by.clone(), clause.clone()],
        });
    }
    let minimum =
        crate::judge::rules::anru_minimum(catalog, &carrier.clause.text, carrier.doc.date)
            .map(|(percent, _)| percent);
    if let Some((pct, minimum)) = parameters
        .percent_of_hours
        .zip(minimum)
        .filter(|(p, m)| p < m)
    {
        findings.push(ConsultationFinding {
            rule: Rule::AnruMinimum,
            severity: Severity::Error,
            element: None,
            message: msg!(
                "finding.anru_below_charter",
                source = piece_label(&said_by, ambiguous(&said_by)),
                percent = shown::percent(pct),
                minimum = shown::percent(minimum)
            ),
            suggestion: Some(msg!(
                "finding.anru_below_charter.suggestion",
                minimum = shown::percent(minimum)
            )),
            evidence: vec![said_by, clause],
        });
    }
    findings
}

/// "article 9 du CCAP", "l'article 6.1.2 du contrat", "art. 4.5 du cahier des clauses
/// administratives particulières".
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bart(?:icle|\.)\s*(\d+(?:\.\d+)*)\s+(?:du|de l'|de la)\s+(CCAP|CCP|CCTP|contrat|RC|AE|cahier des clauses administratives particuli[èe]res|cahier des clauses particuli[èe]res|cahier des clauses techniques particuli[èe]res|r[èe]glement de (?:la )?consultation|acte d'engagement)\b").unwrap()
});

/// The piece and article a reference points to.
fn target(text: &str) -> Option<(Role, String)> {
    let c = TARGET.captures(text)?;
    let piece = c[2].to_lowercase();
    let role = if piece == "ccap" || piece.contains("administratives") {
        Role::Ccap
    } else if piece == "ccp" || piece.starts_with("cahier des clauses particuli") {
        Role::Ccp
    } else if piece == "cctp" || piece.contains("techniques") {
        Role::Cctp
    } else if piece == "contrat" {
        Role::Contract
    } else if piece == "rc" || piece.starts_with("r") {
        Role::Rc
    } else {
        Role::Ae
    };
    Some((role, c[1].to_string()))
}

/// Whether article `wanted` is, holds or sits inside article `at`.
fn same_article(wanted: &str, at: &str) -> bool {
    wanted == at || wanted.starts_with(&format!("{at}.")) || at.starts_with(&format!("{wanted}."))
}

/// The leading number of a heading ("13.2 Pénalités…" → "13.2", "Article 9 – …" → "9").
fn heading_number(heading: &str) -> Option<String> {
    static NUMBER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^(?:article\s+)?(\d+(?:\.\d+)*)").unwrap());
    NUMBER.captures(heading.trim()).map(|c| c[1].to_string())
}

/// References to an article of another piece that does not hold the clause.
fn references(
    said: &[Said<'_>],
    pieces: &[&DocumentReport],
    ambiguous: &dyn Fn(&Evidence) -> bool,
) -> Vec<ConsultationFinding> {
    let mut findings = Vec::new();
    for s in said.iter().filter(|s| s.clause.form != Form::Clause) {
        let Some((role, article)) = target(&s.clause.text) else {
            continue;
        };
        // "article 9 du CCAP" points to the CCAP, and a CCP stands for both cahiers.
        let targets: Vec<&DocumentReport> = pieces
            .iter()
            .copied()
            .filter(|d| d.role == Some(role) || (role == Role::Ccap && d.role == Some(Role::Ccp)))
            .collect();
        let from = s.evidence();
        if targets.is_empty() {
            findings.push(ConsultationFinding {
                rule: Rule::BrokenReference,
                severity: Severity::Warning,
                element: None,
                message: msg!(
                    "finding.reference.absent_piece",
                    from = piece_label(&from, ambiguous(&from)),
                    article = article,
                    piece = short_role(role)
                ),
                suggestion: Some(msg!("finding.reference.absent_piece.suggestion")),
                evidence: vec![from],
            });
            continue;
        }
        let holds = |c: &ClauseReport| {
            c.declared
                && c.form == Form::Clause
                && (c
                    .section_number
                    .as_deref()
                    .is_some_and(|n| same_article(&article, n))
                    || c.linked.iter().any(|l| {
                        l.section
                            .as_deref()
                            .and_then(heading_number)
                            .is_some_and(|n| same_article(&article, &n))
                    }))
        };
        if targets.iter().any(|d| d.clauses.iter().any(holds)) {
            continue;
        }
        let actual: Vec<String> = targets
            .iter()
            .flat_map(|d| {
                d.clauses
                    .iter()
                    .filter(|c| c.declared && c.form == Form::Clause && c.kind == s.clause.kind)
                    .filter_map(|c| c.section_number.clone())
            })
            .collect();
        let mut evidence = vec![from.clone()];
        evidence.extend(targets.iter().flat_map(|d| {
            d.clauses
                .iter()
                .filter(|c| c.declared && c.form == Form::Clause && c.kind == s.clause.kind)
                .map(|clause| Said { doc: d, clause }.evidence())
        }));
        findings.push(ConsultationFinding {
            rule: Rule::BrokenReference,
            severity: Severity::Error,
            element: None,
            message: msg!(
                "finding.reference.wrong_article",
                from = piece_label(&from, ambiguous(&from)),
                article = article,
                piece = short_role(role),
                where_ = if actual.is_empty() {
                    msg!("finding.reference.wrong_article.nowhere")
                } else {
                    msg!(
                        "finding.reference.wrong_article.at",
                        articles = actual.join(", ")
                    )
                }
            ),
            suggestion: Some(if actual.is_empty() {
                msg!("finding.reference.wrong_article.suggestion_write")
            } else {
                msg!(
                    "finding.reference.wrong_article.suggestion_point",
                    article = actual[0]
                )
            }),
            evidence,
        });
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_a_piece_and_an_article() {
        assert_eq!(
            target("conformément à l'article 9 du CCAP, le titulaire"),
            Some((Role::Ccap, "9".to_string()))
        );
        assert_eq!(
            target("cf. article 6.1.2 du contrat"),
            Some((Role::Contract, "6.1.2".to_string()))
        );
        assert_eq!(target("voir le CCAP"), None);
        assert!(same_article("4.5", "4.5"));
        assert!(same_article("4", "4.5"));
        assert!(same_article("4.5.2", "4.5"));
        assert!(!same_article("4.5", "14.5"));
        assert_eq!(heading_number("13.2 Pénalités liées"), Some("13.2".into()));
        assert_eq!(heading_number("Article 9 – Clause"), Some("9".into()));
    }
}
