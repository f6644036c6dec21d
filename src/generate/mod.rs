//! Generating a clause from a model and a tender's parameters: validate the parameters (every
//! bad value names its key and what is expected), compute the hours per lot the way
//! facilitators do, render the model's wording, and write it as Markdown, plain text, HTML or
//! DOCX. The same models drive `check`, so there is one wording to maintain.

mod docx;

pub(crate) use docx::base_document;

use crate::template::{Catalog, ParamType, Template};
use serde_json::{Map, Value};
use std::fmt;

/// Output formats of `clausier generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    Markdown,
    Text,
    Html,
    Docx,
}

/// A parameter problem: which key, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParamError {
    pub key: String,
    pub message: String,
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

fn bad(key: impl Into<String>, message: impl Into<String>) -> ParamError {
    ParamError {
        key: key.into(),
        message: message.into(),
    }
}

/// Keys every model accepts besides its own parameters and defaults.
const COMMON_KEYS: &[&str] = &["buyer", "operation", "date", "rounding", "hours_in_words"];

/// Default rounding of computed hours: up to the next multiple of 5, as facilitators round
/// (457 → 460, 214 → 215).
const DEFAULT_ROUNDING: u64 = 5;

/// TOML dates arrive through serde as a private wrapper table: make them plain strings.
fn plain_dates(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            if map.len() == 1 {
                if let Some(Value::String(d)) = map.get("$__toml_private_datetime") {
                    return Value::String(d.clone());
                }
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, plain_dates(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(plain_dates).collect()),
        other => other,
    }
}

/// Parses TOML or JSON parameters (JSON when the text starts with `{`).
pub fn parse_params(text: &str) -> Result<Map<String, Value>, ParamError> {
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| bad("parameters", format!("invalid JSON: {e}")))?
    } else {
        let table: toml::Table =
            toml::from_str(text).map_err(|e| bad("parameters", format!("invalid TOML: {e}")))?;
        serde_json::to_value(table).map_err(|e| bad("parameters", e.to_string()))?
    };
    match plain_dates(value) {
        Value::Object(map) => Ok(map),
        _ => Err(bad("parameters", "expected a table of key = value")),
    }
}

/// Applies one `--set key=value` (dotted keys reach into tables: `facilitator.name=PLIE`); the
/// value is read as TOML when it can be (numbers, booleans), as a string otherwise.
pub fn set(params: &mut Map<String, Value>, assignment: &str) -> Result<(), ParamError> {
    let (key, raw) = assignment
        .split_once('=')
        .ok_or_else(|| bad(assignment, "expected key=value"))?;
    let key = key.trim();
    let value: Value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|t| t.get("v").cloned())
        .and_then(|v| serde_json::to_value(v).ok())
        .map(plain_dates)
        .unwrap_or_else(|| Value::String(raw.trim().to_string()));
    let mut parts = key.split('.').peekable();
    let mut map = params;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            map.insert(part.to_string(), value);
            return Ok(());
        }
        let entry = map
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        map = entry
            .as_object_mut()
            .ok_or_else(|| bad(key, format!("{part} is not a table")))?;
    }
    Err(bad(key, "empty key"))
}

fn number(params: &Map<String, Value>, key: &str) -> Result<Option<f64>, ParamError> {
    match params.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| bad(key, format!("expected a number, got {v}"))),
    }
}

/// Checks the parameters against the model and computes the derived values (hours per lot,
/// total); returns the values the wording is rendered with.
pub fn prepare(template: &Template, given: &Map<String, Value>) -> Result<Value, ParamError> {
    let mut values = template.defaults.as_object().cloned().unwrap_or_default();
    let allowed: Vec<&str> = values
        .keys()
        .map(String::as_str)
        .chain(template.parameters.iter().map(|p| p.name.as_str()))
        .chain(COMMON_KEYS.iter().copied())
        .collect();
    for key in given.keys() {
        if !allowed.contains(&key.as_str()) {
            let mut known: Vec<&str> = allowed.clone();
            known.sort_unstable();
            known.dedup();
            return Err(bad(
                key,
                format!(
                    "unknown parameter for {}; expected one of: {}",
                    template.id,
                    known.join(", ")
                ),
            ));
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
    for p in &template.parameters {
        if matches!(
            p.kind,
            ParamType::Percent | ParamType::Amount | ParamType::Number | ParamType::Integer
        ) {
            if let Some(v) = number(&values, &p.name)? {
                if p.min.is_some_and(|m| v < m) || p.max.is_some_and(|m| v > m) {
                    return Err(bad(
                        &p.name,
                        format!(
                            "{v} is out of bounds ({} to {} {})",
                            p.min.map_or("-".into(), |m| m.to_string()),
                            p.max.map_or("-".into(), |m| m.to_string()),
                            p.unit.as_deref().unwrap_or("")
                        ),
                    ));
                }
            }
        }
    }
    if let Some(rate) = number(&values, "rate")? {
        if !(rate > 0.0 && rate <= 1.0) {
            return Err(bad(
                "rate",
                format!("expected a share between 0 and 1 (0.05 for 5 %), got {rate}"),
            ));
        }
        let anru = values.get("anru").and_then(Value::as_bool).unwrap_or(false);
        if anru && rate < 0.05 {
            return Err(bad("rate", format!("an ANRU-funded operation reserves at least 5 % of hours (rate = 0.05), got {rate}")));
        }
    }
    for key in [
        "hourly_cost_eur",
        "penalty_per_hour_eur",
        "hours_per_100k_eur",
    ] {
        if let Some(v) = number(&values, key)? {
            if v < 0.0 {
                return Err(bad(key, format!("expected a positive amount, got {v}")));
            }
        }
    }
    if let Some(reporting) = values.get("reporting") {
        if !matches!(reporting.as_str(), Some("monthly" | "quarterly")) {
            return Err(bad(
                "reporting",
                format!("expected \"monthly\" or \"quarterly\", got {reporting}"),
            ));
        }
    }
    if let Some(date) = values
        .get("date")
        .and_then(Value::as_str)
        .filter(|d| !d.is_empty())
    {
        if crate::dates::Date::parse_iso(date).is_none() {
            return Err(bad(
                "date",
                format!("expected a YYYY-MM-DD date, got {date:?}"),
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
            format!(
                "the weights of the criteria add up to {} %, not 100 %",
                weights.iter().sum::<f64>()
            ),
        ));
    }
    let rounding = match values.get("rounding") {
        None => DEFAULT_ROUNDING,
        Some(v) => v
            .as_u64()
            .filter(|r| [1, 5, 10].contains(r))
            .ok_or_else(|| bad("rounding", format!("expected 1, 5 or 10 (hours), got {v}")))?,
    };
    let lots = compute_lots(&values, rounding)?;
    if !lots.is_empty() {
        let total: u64 = lots.iter().filter_map(|l| l["hours"].as_u64()).sum();
        values.insert("lots".into(), Value::Array(lots));
        values.insert("total_hours".into(), total.into());
    }
    Ok(Value::Object(values))
}

/// Hours per lot: given directly, or amount HT × labour share ÷ hourly cost × rate, rounded up
/// to the next multiple of `rounding`.
fn compute_lots(values: &Map<String, Value>, rounding: u64) -> Result<Vec<Value>, ParamError> {
    let Some(lots) = values.get("lots") else {
        return Ok(Vec::new());
    };
    let lots = lots
        .as_array()
        .ok_or_else(|| bad("lots", "expected a list of [[lots]] tables"))?;
    let mut out = Vec::new();
    for (i, lot) in lots.iter().enumerate() {
        let key = |k: &str| format!("lots[{i}].{k}");
        let lot = lot
            .as_object()
            .ok_or_else(|| bad(format!("lots[{i}]"), "expected a table"))?;
        let lot_number = match lot.get("number") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => format!("{:02}", n.as_u64().unwrap_or_default()),
            _ => format!("{:02}", i + 1),
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
                    .filter(|h| *h >= 0.0 && h.fract() == 0.0)
                    .ok_or_else(|| {
                        bad(
                            key("hours"),
                            format!("expected a whole number of hours, got {h}"),
                        )
                    })?;
                h as u64
            }
            (None, Some(amount)) => {
                let amount = amount.as_f64().filter(|a| *a >= 0.0).ok_or_else(|| {
                    bad(
                        key("amount_ht_eur"),
                        format!("expected a positive amount in € HT, got {amount}"),
                    )
                })?;
                let share = lot.get("labour_share").ok_or_else(|| {
                    bad(
                        key("labour_share"),
                        "needed with amount_ht_eur (share of labour, e.g. 0.40)",
                    )
                })?;
                let share = share
                    .as_f64()
                    .filter(|s| (0.0..=1.0).contains(s))
                    .ok_or_else(|| {
                        bad(
                            key("labour_share"),
                            format!("expected a share between 0 and 1, got {share}"),
                        )
                    })?;
                let cost = number(values, "hourly_cost_eur")?
                    .filter(|c| *c > 0.0)
                    .ok_or_else(|| bad("hourly_cost_eur", "needed to compute hours from amounts (average loaded hourly cost, e.g. 35.0)"))?;
                let rate = number(values, "rate")?.ok_or_else(|| {
                    bad("rate", "needed to compute hours from amounts (e.g. 0.05)")
                })?;
                let exact = amount * share / cost * rate;
                ((exact / rounding as f64).ceil() as u64) * rounding
            }
            (None, None) => {
                return Err(bad(
                    format!("lots[{i}]"),
                    "a lot needs either hours or amount_ht_eur with labour_share",
                ))
            }
        };
        out.push(serde_json::json!({"number": lot_number, "name": name, "hours": hours}));
    }
    Ok(out)
}

/// Renders a model with prepared values, in Markdown (the wordings' own format).
pub fn render_markdown(
    catalog: &Catalog,
    template: &Template,
    values: &Value,
) -> Result<String, crate::error::Error> {
    catalog.render(template, values)
}

/// One line of a rendered wording as plain text: a heading without its `#`, a table row as
/// `a | b | c`; `None` for a table's separator row.
pub(crate) fn plain_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if trimmed.starts_with("| ---") || trimmed.starts_with("|---") {
        return None;
    }
    Some(if trimmed.starts_with('|') {
        trimmed
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" | ")
    } else {
        trimmed.trim_start_matches('#').trim_start().to_string()
    })
}

/// Plain text from the rendered Markdown: headings without `#`, tables as `a | b | c` rows.
pub fn to_text(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines().filter_map(plain_line) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A standalone HTML page from the rendered Markdown, for preview.
pub fn to_html(markdown: &str, title: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES);
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, parser);
    let title = crate::report::html::escape(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body{{font-family:Carlito,Calibri,sans-serif;max-width:48em;margin:2em auto;line-height:1.5}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.2em .6em}}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
}

/// A Word document from the rendered Markdown.
pub fn to_docx(markdown: &str) -> Result<Vec<u8>, crate::error::Error> {
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
                "rate = 0.05\nhourly_cost_eur = 35.0\n[[lots]]\nnumber = \"01\"\nname = \"Démolition\"\namount_ht_eur = 800000\nlabour_share = 0.40\n[[lots]]\nnumber = \"02\"\nname = \"Peinture\"\namount_ht_eur = 300000\nlabour_share = 0.65\n[[lots]]\nnumber = \"03\"\nname = \"Menuiseries\"\namount_ht_eur = 600000\nlabour_share = 0.25\n",
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
        let err = |toml: &str| prepare(t, &params(toml)).unwrap_err().key;
        assert_eq!(err("rate = 5"), "rate");
        assert_eq!(err("anru = true\nrate = 0.03"), "rate");
        assert_eq!(err("rat = 0.05"), "rat");
        assert_eq!(err("penalty_per_hour_eur = -1"), "penalty_per_hour_eur");
        assert_eq!(
            err("[[lots]]\nname = \"A\"\namount_ht_eur = -5\nlabour_share = 0.4"),
            "lots[0].amount_ht_eur"
        );
        assert_eq!(err("rate = 0.05\nhourly_cost_eur = 35.0\n[[lots]]\nname = \"A\"\namount_ht_eur = 5\nlabour_share = 1.4"), "lots[0].labour_share");
        assert_eq!(err("[[lots]]\nname = \"A\""), "lots[0]");
        assert_eq!(err("reporting = \"weekly\""), "reporting");
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
