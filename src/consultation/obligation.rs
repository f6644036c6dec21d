//! The loi Climat obligation (CCP L. 2112-2-1) judged on the consultation: launched on or
//! after the date the decree sets, for an amount (all lots) at or above the EU threshold of
//! that date for its nature and buyer category, a contract must carry a social or employment
//! execution condition, or the buyer must record why not. Defence and security contracts are
//! out of scope; a consultation launched on the first day itself is worth a note, not an
//! error.

use super::fr;
use super::identity::Identity;
use super::{ConsultationClause, ConsultationFinding, LaunchSource};
use crate::check::Rule;
use crate::template::{BuyerCategory, Catalog, ClauseKind, Severity};

/// The `missing-mandatory-social-condition` finding of a consultation, if it has one.
pub fn check(
    identity: &Identity,
    clauses: &[ConsultationClause],
    catalog: &Catalog,
) -> Option<ConsultationFinding> {
    let rule = &catalog.mandatory;
    let (launched, source) = identity.launch?;
    // An offers deadline before the first day proves the consultation was launched before it.
    if launched < rule.from || identity.defence || identity.exemption.is_some() {
        return None;
    }
    let has_condition = clauses.iter().any(|c| {
        matches!(
            c.kind,
            ClauseKind::ExecutionCondition
                | ClauseKind::ReservedSiae
                | ClauseKind::ReservedDisability
                | ClauseKind::InsertionMarket
        )
    });
    if has_condition {
        return None;
    }
    let amount = identity.amount_eur?;
    // Without a stated nature the lower threshold (supplies and services) is the careful one.
    let contract = identity
        .nature
        .map_or("supplies_services", |n| n.threshold_contract());
    let category = identity
        .buyer_category
        .unwrap_or(BuyerCategory::ContractingAuthority);
    let threshold = rule.threshold(contract, category, launched)?;
    if amount < threshold.amount_eur {
        return None;
    }
    let severity = if launched == rule.from {
        Severity::Info
    } else if source == LaunchSource::OffersDeadline {
        // The deadline is only an upper bound of the launch date.
        Severity::Warning
    } else {
        Severity::Error
    };
    let when = match source {
        LaunchSource::Notice => "dont l'avis a été envoyé le",
        LaunchSource::Rc => "dont le RC est daté du",
        LaunchSource::OffersDeadline => "lancée au plus tard le (date limite des offres)",
    };
    let first_day = if launched == rule.from {
        " ; lancée le premier jour d'application, à vérifier"
    } else {
        ""
    };
    Some(ConsultationFinding {
        rule: Rule::MissingMandatorySocialCondition,
        severity,
        element: None,
        message: format!(
            "consultation {when} {} pour {} HT estimés pour tous les lots, au-dessus du seuil européen de {} HT ({}, {}) : aucune pièce ne comporte de condition d'exécution sociale ou liée à l'emploi, ni ne motive son absence (article L. 2112-2-1 du code de la commande publique){first_day}",
            launched.to_french(),
            fr::euros(amount),
            fr::euros(threshold.amount_eur),
            match contract {
                "works" => "travaux",
                _ => "fournitures et services",
            },
            match category {
                BuyerCategory::CentralGovernment => "autorité publique centrale",
                BuyerCategory::ContractingAuthority => "pouvoir adjudicateur",
                BuyerCategory::ContractingEntity => "entité adjudicatrice",
            },
        ),
        suggestion: Some("Ajouter une condition d'exécution sociale (clause d'insertion) au CCAP, ou motiver son absence (absence de lien suffisant avec l'objet, atteinte à la concurrence, difficultés techniques ou économiques).".to_string()),
        evidence: Vec::new(),
    })
}
