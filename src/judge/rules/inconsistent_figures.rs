//! `inconsistent-figures`: figures of one clause that contradict each other: a stated total
//! that is not the sum of the lots' hours (an error), or hours far (over 15 %) from what the
//! clause's own amount, labour share, hourly cost and rate give (a warning), row by row for a
//! table of lots.

use super::{Finding, Rule};
use crate::base::numbers::parse_digits;
use crate::base::typography::{self, number};
use crate::find::params::Parameters;
use crate::msg;
use crate::template::Severity;
use regex::Regex;
use std::sync::LazyLock;

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:montant|estimé|estimation|prévisionnel)[^.\n]{0,60}?(\d{1,3}(?:[ .]\d{3})+|\d{4,})(?:,\d+)? ?(?:€|euros)").unwrap()
});
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)part (?:de |de la )?main-d'œuvre[^.\n%]{0,40}?(\d+(?:,\d+)?) ?%").unwrap()
});
static HOURLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)coût horaire[^.\n€]{0,60}?(\d+(?:,\d+)?) ?(?:€|euros)").unwrap()
});

pub(super) fn check(p: &Parameters, text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    if p.lots.len() >= 2 {
        if let Some(total) = p.total_hours {
            let sum: u64 = p.lots.iter().map(|l| l.hours).sum();
            if sum != total {
                out.push(
                    Finding::new(
                        Rule::InconsistentFigures,
                        Severity::Error,
                        msg!(
                            "finding.inconsistent_total",
                            sum = typography::integer(sum),
                            total = typography::integer(total)
                        ),
                    )
                    .suggest(msg!("finding.inconsistent_total.suggestion")),
                );
            }
        }
    }
    let hourly = HOURLY.captures(text).and_then(|c| parse_digits(&c[1]));
    // A table that gives each lot's amount and labour share beside its hours.
    if let (Some(hourly), Some(rate)) = (hourly, p.percent_of_hours) {
        for line in text.lines().filter(|l| l.contains(" | ")) {
            let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
            let amount = cells
                .iter()
                .find(|c| c.ends_with('€') || c.ends_with("€ HT"))
                .and_then(|c| {
                    parse_digits(c.trim_end_matches("HT").trim_end().trim_end_matches('€'))
                });
            let share = cells
                .iter()
                .find(|c| c.ends_with('%'))
                .and_then(|c| parse_digits(c.trim_end_matches('%')));
            let hours = cells.iter().rev().find_map(|c| {
                let lower = c.to_lowercase();
                let figure = lower
                    .trim_end_matches("heures")
                    .trim_end_matches('h')
                    .trim_end();
                (lower.ends_with("heures") || lower.ends_with(" h"))
                    .then(|| parse_digits(figure))
                    .flatten()
            });
            if let (Some(amount), Some(share), Some(stated)) = (amount, share, hours) {
                let figures = Figures {
                    stated,
                    amount,
                    share,
                    hourly,
                    rate,
                };
                out.extend(
                    figures.disagree(&msg!("finding.inconsistent_calculation.row", line = line)),
                );
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    let amount = AMOUNT.captures(text).and_then(|c| parse_digits(&c[1]));
    let share = SHARE.captures(text).and_then(|c| parse_digits(&c[1]));
    let stated = p
        .total_hours
        .or_else(|| (p.hours.len() == 1).then(|| p.hours[0]));
    if let (Some(amount), Some(share), Some(hourly), Some(rate), Some(stated)) =
        (amount, share, hourly, p.percent_of_hours, stated)
    {
        let stated = stated as f64;
        out.extend(
            Figures {
                stated,
                amount,
                share,
                hourly,
                rate,
            }
            .disagree(""),
        );
    }
    out
}

/// Stated hours beside the figures they should follow from.
struct Figures {
    stated: f64,
    amount: f64,
    share: f64,
    hourly: f64,
    rate: f64,
}

impl Figures {
    /// A finding when the stated hours are more than 15 % away from amount × share ÷ hourly
    /// cost × rate; `context` prefixes the message (the table row it comes from).
    fn disagree(&self, context: &str) -> Option<Finding> {
        let Figures {
            stated,
            amount,
            share,
            hourly,
            rate,
        } = *self;
        if hourly <= 0.0 {
            return None;
        }
        let expected = amount * share / 100.0 / hourly * rate / 100.0;
        ((stated - expected).abs() / expected.max(1.0) > 0.15).then(|| {
            Finding::new(
                Rule::InconsistentFigures,
                Severity::Warning,
                msg!(
                    "finding.inconsistent_calculation",
                    context = context,
                    stated = number(stated, 2),
                    amount = number(amount, 2),
                    share = number(share, 2),
                    hourly = number(hourly, 2),
                    rate = number(rate, 2),
                    expected = number(expected, 0)
                ),
            )
            .suggest(msg!("finding.inconsistent_calculation.suggestion"))
        })
    }
}
