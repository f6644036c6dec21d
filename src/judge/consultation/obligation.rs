//! The loi Climat obligation (CCP L. 2112-2-1) judged on the consultation: launched on or
//! after the date the decree sets, for an amount (all lots) at or above the EU threshold of
//! that date for its nature and buyer category, a contract must carry a social or employment
//! execution condition, or the buyer must record why not. Defence and security contracts are
//! out of scope; a consultation launched on the first day itself is worth a note, not an
//! error.

use super::identity::Identity;
use super::shown;
use super::{ConsultationClause, ConsultationFinding, LaunchSource};
use crate::base::typography;
use crate::judge::rules::Rule;
use crate::msg;
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
        LaunchSource::Notice => msg!(
            "consultation.launched.notice",
            date = typography::date(launched)
        ),
        LaunchSource::Rc => msg!(
            "consultation.launched.rc",
            date = typography::date(launched)
        ),
        LaunchSource::OffersDeadline => {
            msg!(
                "consultation.launched.deadline",
                date = typography::date(launched)
            )
        }
    };
    let first_day = if launched == rule.from {
        msg!("consultation.launched.first_day")
    } else {
        String::new()
    };
    Some(ConsultationFinding {
        rule: Rule::MissingMandatorySocialCondition,
        severity,
        element: None,
        message: msg!(
            "finding.consultation.mandatory_condition",
            when = when,
            amount = shown::euros(amount),
            threshold = shown::euros(threshold.amount_eur),
            contract = if contract == "works" {
                msg!("finding.mandatory_condition.works")
            } else {
                msg!("finding.mandatory_condition.supplies_services")
            },
            buyer = crate::base::i18n::text(&format!("buyer.{}", category.as_str())),
            first_day = first_day
        ),
        suggestion: Some(msg!("finding.consultation.mandatory_condition.suggestion")),
        evidence: Vec::new(),
    })
}
