//! `penalty-formula`: a penalty for hours not done given only as a formula (a multiple of the
//! SMIC, a share of the contract), which a reviewer checks by hand: an info, not a fault.

use super::{Finding, Rule};
use crate::find::params::Parameters;
use crate::msg;
use crate::template::Severity;

pub(super) fn check(p: &Parameters) -> Option<Finding> {
    if p.penalty_per_hour_eur.is_some() {
        return None;
    }
    let formula = p.penalty_formula.as_ref()?;
    Some(
        Finding::new(
            Rule::PenaltyFormula,
            Severity::Info,
            msg!("finding.penalty_formula", formula = formula),
        )
        .suggest(msg!("finding.penalty_formula.suggestion")),
    )
}
