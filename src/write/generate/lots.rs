//! The hours of each lot: given directly, or computed from the lot's amount, its labour share,
//! the hourly cost and the rate, in exact decimal arithmetic and rounded up to the step.

use super::*;

/// Hours per lot: given directly, or amount HT × labour share ÷ hourly cost × rate, rounded up
/// to the next multiple of `rounding`.
pub(super) fn compute_lots(
    values: &Map<String, Value>,
    rounding: u64,
) -> Result<Vec<Value>, Error> {
    let Some(lots) = values.get("lots") else {
        return Ok(Vec::new());
    };
    let lots = lots.as_array().ok_or_else(|| {
        bad(
            "lots",
            msg!(
                "generate.refused",
                value = lots,
                expected = crate::base::i18n::text("generate.type.lots")
            ),
        )
    })?;
    let mut out = Vec::new();
    for (i, lot) in lots.iter().enumerate() {
        let key = |k: &str| format!("lots[{i}].{k}");
        let lot = lot.as_object().ok_or_else(|| {
            bad(
                format!("lots[{i}]"),
                msg!(
                    "generate.refused",
                    value = lot,
                    expected = crate::base::i18n::text("generate.type.table")
                ),
            )
        })?;
        let lot_number = match lot.get("number") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n >= 1) => {
                format!("{:02}", n.as_u64().unwrap_or_default())
            }
            None => format!("{:02}", i + 1),
            Some(other) => {
                return Err(bad(
                    key("number"),
                    msg!(
                        "generate.refused",
                        value = other,
                        expected = crate::base::i18n::text("generate.lot_number")
                    ),
                ))
            }
        };
        let name = lot
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let hours = match (lot.get("hours"), lot.get("amount_ht_eur")) {
            (Some(h), _) => {
                let h = h
                    .as_f64()
                    .filter(|h| *h >= 1.0 && *h <= MAX_HOURS && h.fract() == 0.0)
                    .ok_or_else(|| {
                        bad(
                            key("hours"),
                            msg!(
                                "generate.refused",
                                value = h,
                                expected = msg!(
                                    "generate.hours",
                                    max = crate::base::typography::number(MAX_HOURS, 0)
                                )
                            ),
                        )
                    })?;
                h as u64
            }
            (None, Some(amount)) => {
                let amount = amount
                    .as_f64()
                    .filter(|a| *a > 0.0 && *a <= MAX_AMOUNT_EUR)
                    .ok_or_else(|| {
                        bad(
                            key("amount_ht_eur"),
                            msg!(
                                "generate.refused",
                                value = amount,
                                expected = crate::base::i18n::text("generate.lot_amount")
                            ),
                        )
                    })?;
                let share = lot
                    .get("labour_share")
                    .ok_or_else(|| bad(key("labour_share"), msg!("generate.needs_share")))?;
                let share = share
                    .as_f64()
                    .filter(|s| (0.0..=1.0).contains(s))
                    .ok_or_else(|| {
                        bad(
                            key("labour_share"),
                            msg!(
                                "generate.refused",
                                value = share,
                                expected = crate::base::i18n::text("generate.share")
                            ),
                        )
                    })?;
                let cost = number(values, "hourly_cost_eur")?
                    .filter(|c| *c > 0.0)
                    .ok_or_else(|| bad("hourly_cost_eur", msg!("generate.needs_cost")))?;
                let rate = number(values, "rate")?
                    .filter(|r| *r > 0.0)
                    .ok_or_else(|| bad("rate", msg!("generate.needs_rate")))?;
                let too_many = |hours: f64| {
                    bad(
                        key("amount_ht_eur"),
                        msg!(
                            "generate.too_many_hours",
                            hours = crate::base::typography::number(hours, 0),
                            max = crate::base::typography::number(MAX_HOURS, 0)
                        ),
                    )
                };
                let estimate = amount * share / cost * rate;
                if !estimate.is_finite() || estimate > MAX_HOURS {
                    return Err(too_many(estimate));
                }
                hours_from_amount(amount, share, cost, rate, rounding)
                    .ok_or_else(|| too_many(estimate))?
            }
            (None, None) => return Err(bad(format!("lots[{i}]"), msg!("generate.lot_volume"))),
        };
        out.push(serde_json::json!({"number": lot_number, "name": name, "hours": hours}));
    }
    Ok(out)
}

/// A parameter as the decimal the buyer wrote: TOML and JSON numbers arrive as binary floats,
/// whose shortest decimal form is the one written ("0.07", not 0.07000000000000000666…).
pub(super) fn decimal(x: f64) -> Option<Decimal> {
    Decimal::from_str(&format!("{x}")).ok()
}

/// Hours of one lot: amount HT × labour share × rate ÷ hourly cost, in exact decimal
/// arithmetic (multiplications first, the one division last), rounded up to the next multiple
/// of `rounding`. 800 000 € × 0,40 × 7 % ÷ 35 € is exactly 640 h, never 645 because a float
/// came out at 640.0000000000001. `None` on overflow.
pub fn hours_from_amount(
    amount: f64,
    share: f64,
    cost: f64,
    rate: f64,
    rounding: u64,
) -> Option<u64> {
    let product = decimal(amount)?
        .checked_mul(decimal(share)?)?
        .checked_mul(decimal(rate)?)?;
    let exact = product.checked_div(decimal(cost)?)?;
    let step = Decimal::from(rounding.max(1));
    let steps = exact.checked_div(step)?.ceil();
    steps.checked_mul(step)?.to_u64()
}
