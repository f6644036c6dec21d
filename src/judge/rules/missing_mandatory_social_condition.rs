//! `missing-mandatory-social-condition`: article L. 2112-2-1 of the code de la commande
//! publique (loi Climat et résilience, art. 35): from 21 August 2026, a contract at or above
//! the EU thresholds carries a social or employment execution condition, or records why not.
//! The dates, the thresholds by period and buyer category and the exemption wordings are data
//! (`clause-templates/rules/thresholds.toml`). One document alone is judged here; the
//! consultation level judges the DCE with the facts of all its pieces.

use super::{CheckedClause, Finding, Rule};
use crate::base::dates::Date;
use crate::base::numbers::parse_digits;
use crate::base::typography::{self, number};
use crate::find::facts::Facts;
use crate::msg;
use crate::read::document::Document;
use crate::template::{Catalog, ClauseKind, Severity};
use regex::Regex;
use std::sync::LazyLock;

static ABOVE_AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:montant|estimé|estimation|maximum|valeur)[^.\n]{0,80}?(\d{1,3}(?:[ .]\d{3})+|\d{6,})(?:,\d+)? ?(?:€|euros)(?: ?HT)?").unwrap()
});
static WORKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)travaux(?-u:\b)|CCAG[- ]Travaux").unwrap());

pub(super) fn check(
    doc: &Document,
    clauses: &[CheckedClause],
    catalog: &Catalog,
    date: Option<Date>,
    facts: &Facts,
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
