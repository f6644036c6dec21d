//! Generating a clause from a model and a tender's parameters: validate the parameters (every
//! bad value names its key and what is expected), compute the hours per lot the way
//! facilitators do, render the model's wording, and write it as Markdown, plain text, HTML or
//! DOCX. The same models drive `check`, so there is one wording to maintain.

mod docx;
mod input;
mod lots;
mod odt;

use input::*;
pub use input::{decode_params, parse_params, set, typed};
pub use lots::hours_from_amount;
use lots::*;

pub(crate) use docx::base_document;

use crate::base::error::Error;
use crate::msg;
use crate::template::{Catalog, ParamType, Parameter, Template};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;

fn bad(key: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Parameter {
        key: key.into(),
        message: message.into(),
    }
}

/// Parameters that give the insertion volume in different ways; at most one may be given.
const EXCLUSIVE: [(&str, &str); 3] = [
    ("lots", "hours_per_100k_eur"),
    ("lots", "total_hours"),
    ("hours_per_100k_eur", "total_hours"),
];

/// Most hours of insertion one clause or lot can ask for (about 600 full-time years).
const MAX_HOURS: f64 = 1_000_000.0;

/// Most € HT one lot can be worth.
const MAX_AMOUNT_EUR: f64 = 10_000_000_000.0;

/// What a declared parameter expects, in words, with its bounds and unit.
fn expected(p: &Parameter) -> String {
    let kind = match p.kind {
        ParamType::Bool => "generate.type.bool",
        ParamType::Text => "generate.type.text",
        ParamType::Table => "generate.type.table",
        ParamType::Lots => "generate.type.lots",
        ParamType::Integer => "generate.type.integer",
        _ => "generate.type.number",
    };
    let mut out = crate::base::i18n::text(kind).to_string();
    let unit = p.unit.as_deref().unwrap_or("");
    let n = |x: f64| crate::base::typography::number(x, 4);
    match (p.min, p.max) {
        (Some(a), Some(b)) => out.push_str(&msg!(
            "generate.between",
            min = n(a),
            max = n(b),
            unit = unit
        )),
        (Some(a), None) => out.push_str(&msg!("generate.at_least", min = n(a), unit = unit)),
        (None, Some(b)) => out.push_str(&msg!("generate.at_most", max = n(b), unit = unit)),
        (None, None) => {}
    }
    out.trim_end().to_string()
}

/// Refuses a value that is not of the parameter's declared type or is out of its bounds.
fn check_value(p: &Parameter, value: &Value) -> Result<(), Error> {
    let refuse = || {
        bad(
            &p.name,
            msg!("generate.refused", value = value, expected = expected(p)),
        )
    };
    let number = match p.kind {
        ParamType::Bool => return value.is_boolean().then_some(()).ok_or_else(refuse),
        ParamType::Text => return value.is_string().then_some(()).ok_or_else(refuse),
        ParamType::Table => return value.is_object().then_some(()).ok_or_else(refuse),
        ParamType::Lots => return value.is_array().then_some(()).ok_or_else(refuse),
        ParamType::HoursList | ParamType::Ratio => return Ok(()),
        ParamType::Integer => value
            .as_f64()
            .filter(|v| v.is_finite() && v.fract() == 0.0)
            .ok_or_else(refuse)?,
        ParamType::Percent | ParamType::Amount | ParamType::Number => value
            .as_f64()
            .filter(|v| v.is_finite())
            .ok_or_else(refuse)?,
    };
    if p.min.is_some_and(|m| number < m) || p.max.is_some_and(|m| number > m) {
        return Err(refuse());
    }
    Ok(())
}

/// The parameters every model takes besides its own, declared once: `generate` checks them and
/// `templates show` prints them from this list.
pub fn common_parameters() -> Vec<Parameter> {
    let declare = |name: &str, kind: ParamType, bounds: Option<(f64, f64)>| Parameter {
        name: name.to_string(),
        kind,
        unit: None,
        min: bounds.map(|b| b.0),
        max: bounds.map(|b| b.1),
        description: {
            let key = format!("generate.common.{name}");
            crate::base::i18n::Localized::new(
                crate::base::i18n::text_in(crate::base::i18n::Lang::Fr, &key),
                Some(crate::base::i18n::text_in(
                    crate::base::i18n::Lang::En,
                    &key,
                )),
            )
        },
        required: false,
    };
    vec![
        declare("buyer", ParamType::Text, None),
        declare("operation", ParamType::Text, None),
        declare("date", ParamType::Text, None),
        declare("rounding", ParamType::Integer, Some((1.0, 10.0))),
        declare("hours_in_words", ParamType::Bool, None),
    ]
}

/// Default rounding of computed hours: up to the next multiple of 5, as facilitators round
/// (457 → 460, 214 → 215).
const DEFAULT_ROUNDING: u64 = 5;

fn number(params: &Map<String, Value>, key: &str) -> Result<Option<f64>, Error> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v.as_f64().map(Some).ok_or_else(|| {
            bad(
                key,
                msg!(
                    "generate.refused",
                    value = v,
                    expected = crate::base::i18n::text("generate.type.number")
                ),
            )
        }),
    }
}

/// The visible blank left in a clause for an optional parameter a buyer did not give:
/// "[à compléter : numéro de l'article]".
pub fn to_complete(p: &Parameter) -> String {
    // A short name for the blank where the catalogue has one ("n° d'article"), else the
    // parameter's description.
    let what = crate::base::i18n::lookup(&format!("generate.blank.{}", p.name))
        .map_or_else(|| p.description.get().to_string(), str::to_string);
    msg!("generate.to_complete", what = what)
}

/// The parameters of `template` left blank in a clause prepared from `given`: what a buyer must
/// still fill in by hand (a warning, not an error).
pub fn blanks<'a>(template: &'a Template, given: &Map<String, Value>) -> Vec<&'a Parameter> {
    let defaults = template.defaults.as_object();
    template
        .parameters
        .iter()
        .filter(|p| {
            !p.required
                && !given.contains_key(&p.name)
                && !defaults.is_some_and(|d| d.contains_key(&p.name))
                && matches!(p.kind, ParamType::Text | ParamType::Table)
        })
        .collect()
}

/// [`prepare`] for a fictitious tender: the model's example values, under what is given.
pub fn prepare_example(template: &Template, given: &Map<String, Value>) -> Result<Value, Error> {
    let mut all = template.example.as_object().cloned().unwrap_or_default();
    // A volume given one way replaces the example's other way of giving it.
    for (a, b) in EXCLUSIVE {
        if given.contains_key(a) {
            all.remove(b);
        }
        if given.contains_key(b) {
            all.remove(a);
        }
    }
    for (k, v) in given {
        all.insert(k.clone(), v.clone());
    }
    prepare(template, &all)
}

/// Checks the parameters against the model and computes the derived values (hours per lot,
/// total); returns the values the wording is rendered with.
pub fn prepare(template: &Template, given: &Map<String, Value>) -> Result<Value, Error> {
    let common = common_parameters();
    let typed: Map<String, Value> = given
        .iter()
        .map(|(k, v)| {
            let declared = template
                .parameters
                .iter()
                .chain(common.iter())
                .find(|p| &p.name == k);
            (
                k.clone(),
                declared.map_or_else(|| v.clone(), |p| as_typed(p, v)),
            )
        })
        .collect();
    let given = &typed;
    let mut values = template.defaults.as_object().cloned().unwrap_or_default();
    // What the model declares is what it takes: `templates show` prints the same list.
    let declared: Vec<&Parameter> = template.parameters.iter().chain(common.iter()).collect();
    let allowed: Vec<&str> = declared.iter().map(|p| p.name.as_str()).collect();
    for key in given.keys() {
        if !allowed.contains(&key.as_str()) {
            let mut known: Vec<&str> = allowed.clone();
            known.sort_unstable();
            known.dedup();
            return Err(bad(
                key,
                msg!(
                    "generate.unknown",
                    value = given[key],
                    template = template.id,
                    known = known.join(", ")
                ),
            ));
        }
    }
    // Each value has its declared type and bounds: French forms are read (as_typed), nothing
    // else is coerced.
    for (key, value) in given {
        if let Some(p) = declared.iter().find(|p| &p.name == key) {
            check_value(p, value)?;
        }
    }
    // Two ways of giving the same volume: the model would silently keep one.
    for (a, b) in EXCLUSIVE {
        if given.contains_key(a) && given.contains_key(b) {
            return Err(bad(a, msg!("generate.conflict", a = a, b = b)));
        }
    }
    for p in &template.parameters {
        if values.contains_key(&p.name) {
            continue;
        }
        let blank = to_complete(p);
        match p.kind {
            ParamType::Text if !given.contains_key(&p.name) => {
                values.insert(p.name.clone(), blank.into());
            }
            // A table of who to contact (the facilitator): its name is what is missing; a table
            // given in part ([facilitator] without contact) is laid over it.
            ParamType::Table => {
                values.insert(
                    p.name.clone(),
                    serde_json::json!({ "name": blank, "contact": "" }),
                );
            }
            _ => {}
        }
    }
    for (k, v) in given {
        // A table given in part ([facilitator] without contact) keeps the model's other keys.
        match (values.get_mut(k), v) {
            (Some(Value::Object(default)), Value::Object(given)) => {
                for (gk, gv) in given {
                    default.insert(gk.clone(), gv.clone());
                }
            }
            _ => {
                values.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(rate) = number(given, "rate")? {
        if !(rate > 0.0 && rate <= 1.0) {
            return Err(bad(
                "rate",
                msg!(
                    "generate.refused",
                    value = rate,
                    expected = crate::base::i18n::text("generate.rate")
                ),
            ));
        }
        let anru = values.get("anru").and_then(Value::as_bool).unwrap_or(false);
        if anru && rate < 0.05 {
            return Err(bad(
                "rate",
                msg!(
                    "generate.refused",
                    value = rate,
                    expected = crate::base::i18n::text("generate.anru_rate")
                ),
            ));
        }
    }
    for key in [
        "hourly_cost_eur",
        "penalty_per_hour_eur",
        "hours_per_100k_eur",
    ] {
        if let Some(v) = number(&values, key)? {
            if v < 0.0 {
                return Err(bad(
                    key,
                    msg!(
                        "generate.refused",
                        value = v,
                        expected = crate::base::i18n::text("generate.positive")
                    ),
                ));
            }
        }
    }
    if let Some(reporting) = values.get("reporting") {
        if !matches!(reporting.as_str(), Some("monthly" | "quarterly")) {
            return Err(bad(
                "reporting",
                msg!(
                    "generate.refused",
                    value = reporting,
                    expected = "\"monthly\", \"quarterly\""
                ),
            ));
        }
    }
    if let Some(date) = values
        .get("date")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
    {
        if crate::base::dates::Date::parse_iso(date).is_none() {
            return Err(bad(
                "date",
                msg!(
                    "generate.refused",
                    value = format!("{date:?}"),
                    expected = crate::base::i18n::text("generate.date")
                ),
            ));
        }
    }
    let weights: Vec<f64> = [
        "price_weight_percent",
        "technical_weight_percent",
        "weight_percent",
    ]
    .iter()
    .filter_map(|k| values.get(*k).and_then(Value::as_f64))
    .collect();
    if weights.len() == 3 && (weights.iter().sum::<f64>() - 100.0).abs() > 1e-9 {
        return Err(bad(
            "weight_percent",
            msg!(
                "generate.weights",
                sum = crate::base::typography::number(weights.iter().sum::<f64>(), 2)
            ),
        ));
    }
    let rounding = match values.get("rounding") {
        None => DEFAULT_ROUNDING,
        Some(v) => v
            .as_u64()
            .filter(|r| [1, 5, 10].contains(r))
            .ok_or_else(|| {
                bad(
                    "rounding",
                    msg!(
                        "generate.refused",
                        value = v,
                        expected = crate::base::i18n::text("generate.rounding")
                    ),
                )
            })?,
    };
    // Nothing a buyer did not say is written as if they had: a required parameter left out is
    // refused, with what to pass; an optional one left out is a visible "[à compléter : …]".
    let missing: Vec<&Parameter> = template
        .parameters
        .iter()
        .filter(|p| p.required && !given.contains_key(&p.name))
        .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|p| p.name.as_str()).collect();
        let what: Vec<String> = missing
            .iter()
            .map(|p| format!("{} ({})", p.name, p.description.get()))
            .collect();
        return Err(bad(
            names.join(", "),
            msg!("generate.required", what = what.join(" ; ")),
        ));
    }
    for group in &template.one_of_required {
        if !group.iter().any(|name| given.contains_key(name)) {
            return Err(bad(
                group.join(" | "),
                msg!("generate.one_of", names = group.join(", ")),
            ));
        }
    }
    // A volume given in hours is written in hours, not as the default share of hours.
    if given.contains_key("total_hours") {
        values.insert("volume_in_hours".into(), true.into());
    }
    let lots = compute_lots(&values, rounding)?;
    if !lots.is_empty() {
        let total: u64 = lots.iter().filter_map(|l| l["hours"].as_u64()).sum();
        values.insert("lots".into(), Value::Array(lots));
        values.insert("total_hours".into(), total.into());
    }
    Ok(Value::Object(values))
}

/// Renders a model with prepared values, in Markdown (the wordings' own format).
pub fn render_markdown(
    catalog: &Catalog,
    template: &Template,
    values: &Value,
) -> Result<String, crate::base::error::Error> {
    catalog.render(template, values)
}

pub use crate::template::plain::{plain_line, to_text};

/// A standalone HTML page from the rendered Markdown, for preview.
pub fn to_html(markdown: &str, title: &str) -> String {
    let body = to_html_body(markdown);
    let title = crate::base::escape::escape(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body{{font-family:Carlito,Calibri,sans-serif;max-width:48em;margin:2em auto;line-height:1.5}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .6em}}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// The HTML of the rendered Markdown alone, for a page that has its own head and style (the
/// preview of `clausier serve`).
pub fn to_html_body(markdown: &str) -> String {
    // HTML written in a parameter ("<img src=x onerror=…>" as the buyer) is text, escaped like
    // any other: the page runs nothing it was given.
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES)
        .map(|event| match event {
            pulldown_cmark::Event::Html(t) | pulldown_cmark::Event::InlineHtml(t) => {
                pulldown_cmark::Event::Text(t)
            }
            other => other,
        });
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, parser);
    body
}

/// An OpenDocument text (LibreOffice) from the rendered Markdown.
pub fn to_odt(markdown: &str) -> Result<Vec<u8>, Error> {
    odt::build(markdown)
}

/// A Word document from the rendered Markdown.
pub fn to_docx(markdown: &str) -> Result<Vec<u8>, Error> {
    docx::build(markdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> (Catalog, String) {
        (Catalog::builtin().unwrap(), "execution-condition".into())
    }

    fn params(toml: &str) -> Map<String, Value> {
        parse_params(toml).unwrap()
    }

    #[test]
    fn hours_per_lot_follow_the_facilitators_formula() {
        let (catalog, id) = template();
        let values = prepare(
            catalog.get(&id).unwrap(),
            &params(
                "rate = 0.05\npenalty_per_hour_eur = 60\nhourly_cost_eur = 35.0\n[[lots]]\nnumber = \"01\"\nname = \"Démolition\"\namount_ht_eur = 800000\nlabour_share = 0.40\n[[lots]]\nnumber = \"02\"\nname = \"Peinture\"\namount_ht_eur = 300000\nlabour_share = 0.65\n[[lots]]\nnumber = \"03\"\nname = \"Menuiseries\"\namount_ht_eur = 600000\nlabour_share = 0.25\n",
            ),
        )
        .unwrap();
        let hours: Vec<u64> = values["lots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["hours"].as_u64().unwrap())
            .collect();
        // 457 → 460, 279 → 280, 214 → 215 (domain reference §4.4).
        assert_eq!(hours, [460, 280, 215]);
        assert_eq!(values["total_hours"], 955);
    }

    #[test]
    fn bad_parameters_name_their_key() {
        let (catalog, id) = template();
        let t = catalog.get(&id).unwrap();
        let err =
            |toml: &str| match prepare(t, &params(&format!("penalty_per_hour_eur = 60\n{toml}")))
                .unwrap_err()
            {
                Error::Parameter { key, .. } => key,
                other => panic!("not a parameter error: {other}"),
            };
        assert_eq!(err("rate = 5"), "rate");
        assert_eq!(err("anru = true\nrate = 0.03"), "rate");
        assert_eq!(err("rat = 0.05"), "rat");
        // Absent: asked for; out of bounds: refused.
        match prepare(t, &params("rate = 0.05")).unwrap_err() {
            Error::Parameter { key, .. } => assert_eq!(key, "penalty_per_hour_eur"),
            other => panic!("{other}"),
        }
        match prepare(t, &params("rate = 0.05\npenalty_per_hour_eur = -1")).unwrap_err() {
            Error::Parameter { key, .. } => assert_eq!(key, "penalty_per_hour_eur"),
            other => panic!("{other}"),
        }
        assert_eq!(
            err("[[lots]]\nname = \"A\"\namount_ht_eur = -5\nlabour_share = 0.4"),
            "lots[0].amount_ht_eur"
        );
        assert_eq!(err("rate = 0.05\nhourly_cost_eur = 35.0\n[[lots]]\nname = \"A\"\namount_ht_eur = 5\nlabour_share = 1.4"), "lots[0].labour_share");
        assert_eq!(err("[[lots]]\nname = \"A\""), "lots[0]");
        assert_eq!(err("rate = 0.05\nreporting = \"weekly\""), "reporting");
    }

    #[test]
    fn set_overrides_one_key() {
        let mut p = params("rate = 0.05\n[facilitator]\nname = \"PLIE\"");
        set(&mut p, "rate=0.07").unwrap();
        set(&mut p, "facilitator.contact=clauses@plie.example").unwrap();
        set(&mut p, "buyer=Office public de l'habitat").unwrap();
        assert_eq!(p["rate"], 0.07);
        assert_eq!(p["facilitator"]["contact"], "clauses@plie.example");
        assert_eq!(p["facilitator"]["name"], "PLIE");
        assert_eq!(p["buyer"], "Office public de l'habitat");
    }

    #[test]
    fn text_output_keeps_table_rows_on_one_line() {
        let text = to_text(
            "# Article 9 – Clause\n\n| Lot | Heures |\n| --- | --- |\n| 01 | 460 heures |\n",
        );
        assert_eq!(
            text,
            "Article 9 – Clause\n\nLot | Heures\n01 | 460 heures\n"
        );
    }
}
