//! What a buyer gives `generate`: a parameter file (TOML or JSON, UTF-8 or Windows-1252) and
//! `--set key=value` assignments, read as a French user types them ("0,05", "1 200", "oui",
//! "31/12/2026"), with syntax errors said in French with their line and column.

use super::*;

/// A parameter file's text: UTF-8 (with or without a byte-order mark), or Windows-1252 as
/// Notepad and older Office save it.
pub fn decode_params(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Text parameters that hold a number as written in the tender ("9", "02", "16.1").
pub(super) const NUMERALS: [&str; 3] = ["article", "lot", "ccag_article"];

/// A value as a French buyer types it, read as the parameter's type: "0,05", "1 200", "5 %" for
/// numbers (a share written with % is divided by 100), "oui"/"non" for yes and no, "8" for a
/// text typed as a number (an article), "31/12/2026" for a date, "mensuel"/"trimestriel" for the
/// reporting. The dot form and real TOML values pass unchanged; anything else is left for the
/// type check to refuse.
pub(super) fn as_typed(p: &Parameter, value: &Value) -> Value {
    let Some(text) = value.as_str().map(str::trim) else {
        // A number kept as text (an article, a lot) typed as a whole number
        // (`--set article=8`) is that text.
        return match (p.kind, value) {
            (ParamType::Text, Value::Number(n))
                if n.as_u64().is_some() && NUMERALS.contains(&p.name.as_str()) =>
            {
                Value::String(n.to_string())
            }
            _ => value.clone(),
        };
    };
    match p.kind {
        ParamType::Bool => match text.to_lowercase().as_str() {
            "oui" | "vrai" => Value::Bool(true),
            "non" | "faux" => Value::Bool(false),
            _ => value.clone(),
        },
        ParamType::Integer | ParamType::Percent | ParamType::Amount | ParamType::Number => {
            let (digits, share) = match text.strip_suffix('%') {
                Some(d) => (d, true),
                None => (text.trim_end_matches("€ HT").trim_end_matches('€'), false),
            };
            let digits: String = digits
                .chars()
                .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            match digits.parse::<f64>() {
                // A share written in percent for a parameter that is a fraction (rate).
                Ok(x) if share && p.name == "rate" => serde_json::json!(x / 100.0),
                Ok(x) if x.fract() == 0.0 && x.abs() < 1e15 => serde_json::json!(x as i64),
                Ok(x) => serde_json::json!(x),
                Err(_) => value.clone(),
            }
        }
        ParamType::Text if p.name == "date" => {
            let parts: Vec<&str> = text.split('/').collect();
            match parts.as_slice() {
                [d, m, y] if y.len() == 4 => Value::String(format!("{y}-{m:0>2}-{d:0>2}")),
                _ => value.clone(),
            }
        }
        ParamType::Text if p.name == "reporting" => match text.to_lowercase().as_str() {
            "mensuel" | "mensuelle" => Value::String("monthly".into()),
            "trimestriel" | "trimestrielle" => Value::String("quarterly".into()),
            _ => value.clone(),
        },
        _ => value.clone(),
    }
}

/// [`as_typed`] for callers outside `generate` (the clause form of `clausier serve`), so that
/// a value typed in a browser is read exactly as the same value after `--set`.
pub fn typed(p: &Parameter, value: &Value) -> Value {
    as_typed(p, value)
}

/// TOML dates arrive through serde as a private wrapper table: make them plain strings.
pub(super) fn plain_dates(value: Value) -> Value {
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
pub fn parse_params(text: &str) -> Result<Map<String, Value>, Error> {
    let value: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| {
            Error::Usage(msg!(
                "generate.syntax",
                format = "JSON",
                line = e.line(),
                column = e.column(),
                cause = e
            ))
        })?
    } else {
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            // The line and column of the fault, said in French; the parser's own words after.
            let at = e.span().map_or(0, |r| r.start).min(text.len());
            let before = &text[..text.floor_char_boundary(at)];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Error::Usage(msg!(
                "generate.syntax",
                format = "TOML",
                line = line,
                column = column,
                cause = e.message()
            ))
        })?;
        serde_json::to_value(table).map_err(|e| Error::Usage(e.to_string()))?
    };
    match plain_dates(value) {
        Value::Object(map) => Ok(english_keys(map, &TOP_KEYS)),
        _ => Err(Error::Usage(msg!("generate.table"))),
    }
}

/// The French names a buyer may give the parameters, at the top of a parameter file or after
/// `--set` (`taux = 0,05`, `pénalité_par_heure = 60`), beside the English ones, which stay
/// valid. Keys are compared without accents and with `_`, `-` or a space alike.
const TOP_KEYS: [(&str, &str); 27] = [
    ("taux", "rate"),
    ("taux_insertion", "rate"),
    ("heures", "total_hours"),
    ("heures_totales", "total_hours"),
    ("volume_heures", "total_hours"),
    ("heures_par_100k", "hours_per_100k_eur"),
    ("heures_par_tranche", "hours_per_100k_eur"),
    ("cout_horaire", "hourly_cost_eur"),
    ("penalite", "penalty_per_hour_eur"),
    ("penalite_par_heure", "penalty_per_hour_eur"),
    ("suivi", "reporting"),
    ("acheteur", "buyer"),
    ("operation", "operation"),
    ("arrondi", "rounding"),
    ("heures_en_lettres", "hours_in_words"),
    ("facilitateur", "facilitator"),
    ("article_ccag", "ccag_article"),
    ("intitule_lot", "lot_name"),
    ("nom_lot", "lot_name"),
    ("activite", "activity"),
    ("personnes", "places"),
    ("heures_par_semaine", "hours_per_week"),
    ("heures_hebdo", "hours_per_week"),
    ("ponderation", "weight_percent"),
    ("ponderation_prix", "price_weight_percent"),
    ("ponderation_technique", "technical_weight_percent"),
    ("ponderation_valeur_technique", "technical_weight_percent"),
];

/// The French names of a lot's fields (`[[lots]]`) and of the facilitator's (`[facilitator]`).
const TABLE_KEYS: [(&str, &str); 10] = [
    ("numero", "number"),
    ("nom", "name"),
    ("intitule", "name"),
    ("montant_ht", "amount_ht_eur"),
    ("montant", "amount_ht_eur"),
    ("part_main_oeuvre", "labour_share"),
    ("part_main_d_oeuvre", "labour_share"),
    ("heures", "hours"),
    ("coordonnees", "contact"),
    ("contact", "contact"),
];

/// A key as compared with the French names: lowercase, without accents, `_` for `-`, `'` and
/// spaces ("Pénalité par heure" → "penalite_par_heure").
fn folded(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.trim().to_lowercase().chars() {
        match c {
            'à' | 'â' | 'ä' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' => out.push('i'),
            'ô' | 'ö' => out.push('o'),
            'ù' | 'û' | 'ü' => out.push('u'),
            'ç' => out.push('c'),
            'œ' => out.push_str("oe"),
            '-' | ' ' | '\'' | '’' => out.push('_'),
            other => out.push(other),
        }
    }
    out
}

/// The English key for a French one (`names`), or the key as it was.
fn english(key: &str, names: &[(&str, &str)]) -> String {
    let f = folded(key);
    names
        .iter()
        .find(|(fr, _)| *fr == f)
        .map_or_else(|| key.to_string(), |(_, en)| en.to_string())
}

/// The parameters with their French names replaced by the English ones, in the lots' and the
/// facilitator's tables too.
fn english_keys(map: Map<String, Value>, names: &[(&str, &str)]) -> Map<String, Value> {
    map.into_iter()
        .map(|(k, v)| {
            let k = english(&k, names);
            let v = match v {
                Value::Object(inner) => Value::Object(english_keys(inner, &TABLE_KEYS)),
                Value::Array(items) => Value::Array(
                    items
                        .into_iter()
                        .map(|item| match item {
                            Value::Object(inner) => Value::Object(english_keys(inner, &TABLE_KEYS)),
                            other => other,
                        })
                        .collect(),
                ),
                other => other,
            };
            (k, v)
        })
        .collect()
}

/// Applies one `--set key=value` (dotted keys reach into tables: `facilitator.name=PLIE`); the
/// value is read as TOML when it can be (numbers, booleans), as a string otherwise.
pub fn set(params: &mut Map<String, Value>, assignment: &str) -> Result<(), Error> {
    let (key, raw) = assignment
        .split_once('=')
        .ok_or_else(|| bad(assignment, msg!("generate.key_value")))?;
    let key = key.trim();
    let value: Value = toml::from_str::<toml::Table>(&format!("v = {raw}"))
        .ok()
        .and_then(|t| t.get("v").cloned())
        .and_then(|v| serde_json::to_value(v).ok())
        .map(plain_dates)
        .unwrap_or_else(|| Value::String(raw.trim().to_string()));
    let mut parts = key.split('.').peekable();
    let mut map = params;
    let mut depth = 0;
    while let Some(part) = parts.next() {
        // French names are read as in a parameter file.
        let part = english(part, if depth == 0 { &TOP_KEYS } else { &TABLE_KEYS });
        let part = part.as_str();
        depth += 1;
        if parts.peek().is_none() {
            map.insert(part.to_string(), value);
            return Ok(());
        }
        let entry = map
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        map = entry
            .as_object_mut()
            .ok_or_else(|| bad(key, msg!("generate.not_table", key = part)))?;
    }
    Err(bad(key, msg!("generate.empty_key")))
}
