//! Clauses of form `flag`: what a notice's structured fields say — a reserved-participation
//! box, an eForms social objective of employment, a social award criterion and its weight —
//! for each kind the notice's own wording does not already state as a clause or mention.
//!
//! A flag has no words of its own to check, so it never gets `missing-element` findings; it
//! counts for `considerations_sociales` like any other form.

use crate::read::notice::{AwardCriterion, FlagKind, Notice};
use crate::template::ClauseKind;
use regex::Regex;
use std::sync::LazyLock;

/// One clause read from a notice's structured fields.
#[derive(Debug, Clone, PartialEq)]
pub struct FlagClause {
    pub kind: ClauseKind,
    /// The codes that say it, as the notice wrote them (`RESTRICTED_SHELTERED_WORKSHOP`,
    /// `res-ws`, or the criterion's name), each once.
    pub codes: Vec<String>,
    /// The lots it applies to; `None` when a flag holds for the whole notice.
    pub lots: Option<Vec<String>>,
    /// A social award criterion's weight as a share of the whole (percent).
    pub weight_percent: Option<f64>,
}

/// eForms BT-775 social objective codes that are insertion (employment of people far from
/// work). Accessibility, equality, human rights or working conditions are other policies.
const EMPLOYMENT_OBJECTIVES: [&str; 1] = ["opp"];

/// An award criterion about insertion: its name speaks of insertion, of people far from
/// employment or of insertion hours — never of a project's "insertion urbaine" or "paysagère".
static SOCIAL_CRITERION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\binsertion\b(?:\s+(?:sociale|professionnelle|par l'activit[ée]))?|clauses? sociales?|personnes? (?:[ée]loign[ée]es?|d[ée]favoris[ée]es?)|public[s]? [ée]loign|\bSIAE\b|ch[ôo]meurs? de longue dur[ée]e").unwrap()
});
static NOT_SOCIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)insertion (?:urbaine|paysag[èe]re|architecturale|dans le site|du projet|environnementale)").unwrap()
});

/// The flag clauses of a notice, one per kind, skipping the kinds in `stated` (found in its
/// text). `named` are the reservation kinds the notice's wording names by its structures: the
/// European reserved-participation box covers both EA/ESAT and SIAE, so the words decide, and
/// without them it is the sheltered-workshop reservation it was made for.
pub fn clauses(notice: &Notice, named: &[ClauseKind], stated: &[ClauseKind]) -> Vec<FlagClause> {
    let mut out: Vec<FlagClause> = Vec::new();
    for flag in &notice.flags {
        let kinds: Vec<ClauseKind> = match flag.kind {
            // The reservation the notice's words already state is the one its box ticks.
            FlagKind::ReservedParticipation | FlagKind::ReservedExecution
                if stated.iter().any(|k| k.is_reserved()) =>
            {
                Vec::new()
            }
            FlagKind::ReservedParticipation | FlagKind::ReservedExecution => {
                let reserved: Vec<ClauseKind> =
                    named.iter().copied().filter(|k| k.is_reserved()).collect();
                if reserved.is_empty() {
                    vec![ClauseKind::ReservedDisability]
                } else {
                    reserved
                }
            }
            FlagKind::SocialObjective if EMPLOYMENT_OBJECTIVES.contains(&flag.code.as_str()) => {
                vec![ClauseKind::ExecutionCondition]
            }
            // A public-service mission (L2113-15) or a social objective that is not employment
            // is not an insertion clause.
            FlagKind::ReservedPublicService | FlagKind::SocialObjective => Vec::new(),
        };
        for kind in kinds {
            add(&mut out, kind, &flag.code, flag.lot.as_deref(), None);
        }
    }
    criteria(&mut out, &notice.award_criteria, None);
    for lot in &notice.lots {
        criteria(&mut out, &lot.award_criteria, lot.id.as_deref());
    }
    out.retain(|c| !stated.contains(&c.kind));
    out
}

/// Adds the social criteria of one list (the notice's or a lot's) with their share.
fn criteria(out: &mut Vec<FlagClause>, list: &[AwardCriterion], lot: Option<&str>) {
    for criterion in list {
        let Some(name) = criterion.name.as_deref() else {
            continue;
        };
        if !SOCIAL_CRITERION.is_match(name) || NOT_SOCIAL.is_match(name) {
            continue;
        }
        let weight = criterion.weight.and_then(|w| share(w, criterion, list));
        add(out, ClauseKind::AwardCriterion, name, lot, weight);
    }
}

/// A criterion's weight as a percentage: as written when the notice says percent or the
/// weights add up to 100, else its share of the sum of the list's weights of the same unit.
/// An order of importance (`ord-imp`) is no share at all.
fn share(weight: f64, criterion: &AwardCriterion, list: &[AwardCriterion]) -> Option<f64> {
    match criterion.weight_unit.as_deref() {
        Some("percent") => return Some(weight),
        Some("ord-imp") => return None,
        _ => {}
    }
    let total: f64 = list
        .iter()
        .filter(|c| c.weight_unit == criterion.weight_unit)
        .filter_map(|c| c.weight)
        .sum();
    if total <= 0.0 || (total - 100.0).abs() < 1e-9 {
        return Some(weight);
    }
    Some((weight * 100.0 / total * 100.0).round() / 100.0)
}

/// Merges one flag into the clause of its kind: codes once each, lots gathered (a flag for
/// the whole notice makes the clause cover every lot), the first weight kept.
fn add(
    out: &mut Vec<FlagClause>,
    kind: ClauseKind,
    code: &str,
    lot: Option<&str>,
    weight: Option<f64>,
) {
    let index = match out.iter().position(|c| c.kind == kind) {
        Some(i) => i,
        None => {
            out.push(FlagClause {
                kind,
                codes: Vec::new(),
                lots: Some(Vec::new()),
                weight_percent: None,
            });
            out.len() - 1
        }
    };
    let clause = &mut out[index];
    if !clause.codes.iter().any(|c| c == code) {
        clause.codes.push(code.to_string());
    }
    match (lot, &mut clause.lots) {
        (None, lots) => *lots = None,
        (Some(lot), Some(lots)) if !lots.iter().any(|l| l == lot) => lots.push(lot.to_string()),
        _ => {}
    }
    if clause.weight_percent.is_none() {
        clause.weight_percent = weight;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::notice::{CriterionKind, Lot, NoticeFlag, NoticeSchema};

    fn flag(kind: FlagKind, code: &str, lot: Option<&str>) -> NoticeFlag {
        NoticeFlag {
            kind,
            code: code.into(),
            lot: lot.map(str::to_string),
        }
    }

    fn criterion(name: &str, weight: f64, unit: Option<&str>) -> AwardCriterion {
        AwardCriterion {
            kind: CriterionKind::Quality,
            name: Some(name.into()),
            weight: Some(weight),
            weight_unit: unit.map(str::to_string),
        }
    }

    #[test]
    fn a_reserved_box_per_lot_is_one_clause_covering_those_lots() {
        let mut notice = Notice::new(NoticeSchema::TedR209);
        notice.flags = vec![
            flag(
                FlagKind::ReservedParticipation,
                "RESTRICTED_SHELTERED_WORKSHOP",
                Some("11"),
            ),
            flag(
                FlagKind::ReservedParticipation,
                "RESTRICTED_SHELTERED_WORKSHOP",
                Some("12"),
            ),
        ];
        let out = clauses(&notice, &[], &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, ClauseKind::ReservedDisability);
        assert_eq!(out[0].lots, Some(vec!["11".to_string(), "12".to_string()]));
        assert_eq!(out[0].codes, vec!["RESTRICTED_SHELTERED_WORKSHOP"]);
    }

    #[test]
    fn the_structures_named_decide_the_reservation_and_stated_kinds_are_skipped() {
        let mut notice = Notice::new(NoticeSchema::Eforms);
        notice.flags = vec![flag(FlagKind::ReservedParticipation, "res-ws", None)];
        let siae = clauses(&notice, &[ClauseKind::ReservedSiae], &[]);
        assert_eq!(siae[0].kind, ClauseKind::ReservedSiae);
        assert_eq!(siae[0].lots, None);
        assert!(clauses(
            &notice,
            &[ClauseKind::ReservedSiae],
            &[ClauseKind::ReservedSiae]
        )
        .is_empty());
        // Words naming a reservation of the other kind elsewhere do not make the box a second one.
        assert!(clauses(
            &notice,
            &[ClauseKind::ReservedSiae, ClauseKind::ReservedDisability],
            &[ClauseKind::ReservedSiae]
        )
        .is_empty());
    }

    #[test]
    fn only_the_employment_objective_and_no_public_service_reservation_is_insertion() {
        let mut notice = Notice::new(NoticeSchema::Eforms);
        notice.flags = vec![
            flag(FlagKind::SocialObjective, "soc-obj", None),
            flag(FlagKind::SocialObjective, "acc-all", None),
            flag(FlagKind::ReservedPublicService, "res-pub-ser", None),
        ];
        assert!(clauses(&notice, &[], &[]).is_empty());
        notice
            .flags
            .push(flag(FlagKind::SocialObjective, "opp", Some("LOT-0002")));
        let out = clauses(&notice, &[], &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, ClauseKind::ExecutionCondition);
        assert_eq!(out[0].lots, Some(vec!["LOT-0002".to_string()]));
    }

    #[test]
    fn a_social_criterion_gets_its_own_share_not_a_neighbours() {
        let mut notice = Notice::new(NoticeSchema::TedR209);
        notice.lots = vec![Lot {
            id: Some("1".into()),
            title: None,
            estimated_value: None,
            award_criteria: vec![
                criterion("Valeur technique", 50.0, None),
                criterion(
                    "Performance en matière d'insertion professionnelle",
                    10.0,
                    None,
                ),
                criterion("Prix", 40.0, None),
            ],
        }];
        let out = clauses(&notice, &[], &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].kind, ClauseKind::AwardCriterion);
        assert_eq!(out[0].weight_percent, Some(10.0));
        // Points out of 20 are a share of the sum.
        notice.lots[0].award_criteria = vec![
            criterion("Valeur technique", 12.0, Some("points")),
            criterion("Insertion sociale", 2.0, Some("points")),
            criterion("Prix", 6.0, Some("points")),
        ];
        assert_eq!(clauses(&notice, &[], &[])[0].weight_percent, Some(10.0));
    }

    #[test]
    fn a_projects_urban_insertion_is_no_social_criterion() {
        let mut notice = Notice::new(NoticeSchema::TedR209);
        notice.award_criteria = vec![
            criterion("Qualité de l'insertion urbaine du projet", 30.0, None),
            criterion("Prix", 70.0, None),
        ];
        assert!(clauses(&notice, &[], &[]).is_empty());
    }
}
