//! « Rédiger une clause »: a form built from a model's parameter specs (what `templates show`
//! prints), read as `generate --set` reads a value ("0,05", "1 200", "oui"), checked by the
//! same `prepare` as `generate` before anything is written, each refusal shown beside its
//! field; then the clause previewed, or downloaded as DOCX or ODT. The parameters save to and
//! load from a TOML file that `generate --params` reads too.

use super::http::{self, Reply};
use super::upload;
use super::State;
use clausier::base::error::Error;
use clausier::base::i18n::text;
use clausier::base::typography;
use clausier::msg;
use clausier::template::{ParamType, Parameter, Template};
use clausier::write::generate as g;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The fields of one lot row, in the order of the table.
const LOT_FIELDS: [&str; 5] = ["number", "name", "amount_ht_eur", "labour_share", "hours"];

/// Most lot rows a form keeps: a tender has tens of lots.
const MAX_LOTS: usize = 200;

/// What the buyer typed, as typed, and what was said about it.
#[derive(Default)]
struct Form {
    model: String,
    /// `name` → text, `facilitator.name` for a table's fields.
    values: BTreeMap<String, String>,
    lots: Vec<BTreeMap<String, String>>,
    /// Field key (`rate`, `lot.0.hours`) → the refusal shown beside it.
    errors: BTreeMap<String, String>,
    /// What belongs to no one field (a file that could not be read).
    general: Vec<String>,
    blanks: Vec<String>,
}

/// `GET /rediger?modele=ID`: the empty form of a model.
pub fn form(state: &State, query: &str) -> Reply {
    let model = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "modele")
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let form = Form {
        model: chosen(state, &model).id.clone(),
        ..Form::default()
    };
    render(state, &form, 200, None)
}

/// The model named, else the first (the execution condition, the commonest).
fn chosen<'a>(state: &'a State, id: &str) -> &'a Template {
    state
        .catalog
        .get(id)
        .or_else(|| state.catalog.get("execution-condition"))
        .unwrap_or(&state.catalog.templates[0])
}

/// `POST /rediger`: preview, download, save or load, add or remove a lot.
pub fn post(state: &State, request: &mut tiny_http::Request) -> Reply {
    let received = match upload::receive(request, &state.guard.token, &state.options.limits) {
        Ok(u) => u,
        Err(refused) => return state.pages.refusal(&refused),
    };
    let mut form = Form {
        model: chosen(state, received.field("modele").unwrap_or_default())
            .id
            .clone(),
        ..Form::default()
    };
    let mut rows: BTreeMap<usize, BTreeMap<String, String>> = BTreeMap::new();
    for (name, value) in &received.fields {
        if let Some(key) = name.strip_prefix("p.") {
            form.values
                .insert(key.to_string(), value.trim().to_string());
        } else if let Some(rest) = name.strip_prefix("lot.") {
            if let Some((index, field)) = rest.split_once('.') {
                if let (Ok(index), true) = (index.parse::<usize>(), LOT_FIELDS.contains(&field)) {
                    if index < MAX_LOTS {
                        rows.entry(index)
                            .or_default()
                            .insert(field.to_string(), value.trim().to_string());
                    }
                }
            }
        }
    }
    form.lots = rows.into_values().collect();
    let action = received.field("action").unwrap_or("apercu").to_string();
    let template = chosen(state, &form.model);
    match action.as_str() {
        "ajouter_lot" => {
            if form.lots.len() < MAX_LOTS {
                form.lots.push(BTreeMap::new());
            }
            render(state, &form, 200, None)
        }
        "charger" => {
            let file = received.files.iter().find(|f| f.field == "parametres");
            match file.map(|f| std::fs::read(&f.path)) {
                Some(Ok(bytes)) => load(state, &mut form, &bytes),
                _ => form.general.push(text("serve.draft.no_file").to_string()),
            }
            render(state, &form, 200, None)
        }
        "toml" => {
            let (params, _) = params(template, &form);
            let mut out = msg!("serve.draft.toml_header", model = template.id);
            out.push('\n');
            match toml::to_string(&params) {
                Ok(body) => out.push_str(&body),
                Err(e) => {
                    form.general.push(e.to_string());
                    return render(state, &form, 422, None);
                }
            }
            http::download(
                &msg!("serve.draft.params_name", model = template.id),
                "application/toml; charset=utf-8",
                out.into_bytes(),
            )
        }
        _ => {
            if let Some(index) = action.strip_prefix("retirer_lot.") {
                if let Ok(i) = index.parse::<usize>() {
                    if i < form.lots.len() {
                        form.lots.remove(i);
                    }
                }
                return render(state, &form, 200, None);
            }
            let (params, lot_rows) = params(template, &form);
            let values = check(template, &params, &lot_rows, &mut form);
            let Some(values) = values else {
                return render(state, &form, 422, None);
            };
            let markdown = match g::render_markdown(&state.catalog, template, &values) {
                Ok(m) => m,
                Err(e) => {
                    form.general.push(e.to_string());
                    return render(state, &form, 422, None);
                }
            };
            let document = match action.as_str() {
                "docx" => Some((
                    g::to_docx(&markdown),
                    "docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )),
                "odt" => Some((
                    g::to_odt(&markdown),
                    "odt",
                    "application/vnd.oasis.opendocument.text",
                )),
                _ => None,
            };
            match document {
                Some((Ok(bytes), ext, mime)) => http::download(
                    &msg!("serve.draft.clause_name", model = template.id, ext = ext),
                    mime,
                    bytes,
                ),
                Some((Err(e), _, _)) => {
                    form.general.push(e.to_string());
                    render(state, &form, 422, None)
                }
                None => {
                    for p in g::blanks(template, &params) {
                        form.blanks
                            .push(msg!("serve.draft.blank", blank = g::to_complete(p)));
                    }
                    render(state, &form, 200, Some(g::to_html_body(&markdown)))
                }
            }
        }
    }
}

/// Every parameter the form shows: the model's own, then those every model takes.
fn declared(template: &Template) -> Vec<Parameter> {
    template
        .parameters
        .iter()
        .cloned()
        .chain(g::common_parameters())
        .collect()
}

/// The parameters as `generate` takes them, from what was typed: each value through the same
/// reading as `--set` (TOML when it is, else the text, which `prepare` reads the French way);
/// texts kept as texts. Returns them with, for each lot given, the row it came from.
fn params(template: &Template, form: &Form) -> (Map<String, Value>, Vec<usize>) {
    let mut params = Map::new();
    let mut rows = Vec::new();
    for p in declared(template) {
        match p.kind {
            ParamType::Lots => {
                let mut lots = Vec::new();
                for (i, row) in form.lots.iter().enumerate() {
                    let mut lot = Map::new();
                    for field in LOT_FIELDS {
                        let Some(raw) = row.get(field).filter(|v| !v.is_empty()) else {
                            continue;
                        };
                        let value = match field {
                            "number" | "name" => Value::String(raw.clone()),
                            _ => g::typed(&number_field(field), &Value::String(raw.clone())),
                        };
                        lot.insert(field.to_string(), value);
                    }
                    if !lot.is_empty() {
                        lots.push(Value::Object(lot));
                        rows.push(i);
                    }
                }
                if !lots.is_empty() {
                    params.insert(p.name.clone(), Value::Array(lots));
                }
            }
            ParamType::Table => {
                let mut table = Map::new();
                for field in ["name", "contact"] {
                    if let Some(v) = form
                        .values
                        .get(&format!("{}.{field}", p.name))
                        .filter(|v| !v.is_empty())
                    {
                        table.insert(field.to_string(), Value::String(v.clone()));
                    }
                }
                if !table.is_empty() {
                    params.insert(p.name.clone(), Value::Object(table));
                }
            }
            kind => {
                let Some(raw) = form.values.get(&p.name).filter(|v| !v.is_empty()) else {
                    continue;
                };
                // A text stays the text typed; anything else is read as `--set` reads it, and
                // left as text for `prepare` to read the French way when it is no TOML value.
                if kind == ParamType::Text
                    || g::set(&mut params, &format!("{}={raw}", p.name)).is_err()
                {
                    params.insert(p.name.clone(), Value::String(raw.clone()));
                }
            }
        }
    }
    (params, rows)
}

/// A lot's number field, declared for the French reading of what was typed.
fn number_field(name: &str) -> Parameter {
    Parameter {
        name: name.to_string(),
        kind: if name == "hours" {
            ParamType::Integer
        } else {
            ParamType::Number
        },
        unit: None,
        min: None,
        max: None,
        description: Default::default(),
        required: false,
    }
}

/// Checks the parameters as `generate` does, gathering every refusal beside its field (not
/// only the first): a required parameter left empty, a volume given no way, then each value
/// `prepare` refuses, the refused one set aside to look at the next. Nothing is filled in for
/// the buyer: the prepared values come back only when nothing was refused.
fn check(
    template: &Template,
    params: &Map<String, Value>,
    lot_rows: &[usize],
    form: &mut Form,
) -> Option<Value> {
    let labels: BTreeMap<String, String> = declared(template)
        .iter()
        .map(|p| (p.name.clone(), p.description.get().to_string()))
        .collect();
    // What is missing is said here, in the form's words; the model's example stands in for it
    // only in the trial below, to find the other refusals.
    let example = template.example.as_object().cloned().unwrap_or_default();
    let mut trial = params.clone();
    for p in template.parameters.iter().filter(|p| p.required) {
        if !params.contains_key(&p.name) {
            form.errors
                .insert(p.name.clone(), text("serve.draft.missing").to_string());
            if let Some(v) = example.get(&p.name) {
                trial.insert(p.name.clone(), v.clone());
            }
        }
    }
    for group in &template.one_of_required {
        if !group.iter().any(|name| params.contains_key(name)) {
            let names: Vec<&str> = group
                .iter()
                .map(|n| labels.get(n).map_or(n.as_str(), String::as_str))
                .collect();
            if let Some(first) = group.first() {
                form.errors.insert(
                    first.clone(),
                    msg!("serve.draft.one_of", names = names.join(" ; ")),
                );
            }
            if let Some(name) = group.iter().find(|n| example.contains_key(*n)) {
                trial.insert(name.clone(), example[name].clone());
            }
        }
    }
    for _ in 0..64 {
        match g::prepare(template, &trial) {
            Ok(values) => return form.errors.is_empty().then_some(values),
            Err(Error::Parameter { key, message }) => {
                let mut removed = false;
                for (field, top) in field_keys(&key, lot_rows) {
                    form.errors.entry(field).or_insert_with(|| message.clone());
                    removed |= trial.remove(&top).is_some();
                }
                if !removed {
                    break;
                }
            }
            Err(other) => {
                form.general.push(other.to_string());
                break;
            }
        }
    }
    if form.errors.is_empty() && form.general.is_empty() {
        form.general.push(text("serve.error.internal").to_string());
    }
    None
}

/// The form fields a refusal's key names (`rate`; `lots[1].hours` → the row's field; `a, b`
/// → both; `a | b` → the first of the group), each with the parameter to set aside.
fn field_keys(key: &str, lot_rows: &[usize]) -> Vec<(String, String)> {
    let names: Vec<&str> = if key.contains(" | ") {
        key.split(" | ").take(1).collect()
    } else {
        key.split(", ").collect()
    };
    names
        .into_iter()
        .map(|name| {
            if let Some(rest) = name.strip_prefix("lots[") {
                let (index, field) = rest.split_once(']').unwrap_or((rest, ""));
                let row = index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| lot_rows.get(i).copied());
                let field = field.trim_start_matches('.');
                let key = match (row, field.is_empty()) {
                    (Some(row), true) => format!("lot.{row}"),
                    (Some(row), false) => format!("lot.{row}.{field}"),
                    (None, _) => "lots".to_string(),
                };
                (key, "lots".to_string())
            } else {
                let top = name.split('.').next().unwrap_or(name).to_string();
                (top.clone(), top)
            }
        })
        .collect()
}

/// Fills the form from a parameter file (TOML or JSON, as `generate --params` reads it); the
/// model it was saved for, when its first line says so.
fn load(state: &State, form: &mut Form, bytes: &[u8]) {
    let source = g::decode_params(bytes);
    if let Some(id) = source
        .lines()
        .next()
        .and_then(|l| l.split("clausier generate ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
    {
        if state.catalog.get(id).is_some() {
            form.model = id.to_string();
        }
    }
    let params = match g::parse_params(&source) {
        Ok(p) => p,
        Err(e) => {
            form.general.push(msg!("serve.draft.bad_file", cause = e));
            return;
        }
    };
    form.values.clear();
    form.lots.clear();
    let template = chosen(state, &form.model);
    let known: Vec<String> = declared(template).into_iter().map(|p| p.name).collect();
    for (key, value) in params {
        if !known.contains(&key) {
            form.general.push(msg!(
                "serve.draft.unknown_key",
                key = key,
                model = template.id
            ));
            continue;
        }
        match value {
            Value::Array(lots) => {
                for lot in lots.iter().take(MAX_LOTS) {
                    let row: BTreeMap<String, String> = LOT_FIELDS
                        .iter()
                        .filter_map(|f| lot.get(*f).map(|v| (f.to_string(), shown(v))))
                        .collect();
                    form.lots.push(row);
                }
            }
            Value::Object(table) => {
                for (field, v) in table {
                    form.values.insert(format!("{key}.{field}"), shown(&v));
                }
            }
            other => {
                form.values.insert(key, shown(&other));
            }
        }
    }
}

/// A value as the form shows it: numbers the French way ("0,05", "1 200"), oui/non.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "oui".to_string(),
        Value::Bool(false) => "non".to_string(),
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), |x| typography::number(x, 6)),
        other => other.to_string(),
    }
}

/// The page of the form, with what was typed, the refusals and the preview.
fn render(state: &State, form: &Form, status: u16, preview: Option<String>) -> Reply {
    let template = chosen(state, &form.model);
    let defaults = template.defaults.as_object().cloned().unwrap_or_default();
    let fields: Vec<Value> = declared(template)
        .iter()
        .map(|p| {
            let value = form.values.get(&p.name).cloned().unwrap_or_default();
            let choices = match (p.kind, p.name.as_str()) {
                (ParamType::Bool, _) => json!([
                    {"value": "oui", "label": text("value.true")},
                    {"value": "non", "label": text("value.false")},
                ]),
                (_, "reporting") => json!([
                    {"value": "mensuel", "label": text("serve.draft.monthly")},
                    {"value": "trimestriel", "label": text("serve.draft.quarterly")},
                ]),
                _ => Value::Null,
            };
            let value = match (p.name.as_str(), value.as_str()) {
                ("reporting", "monthly") => "mensuel".to_string(),
                ("reporting", "quarterly") => "trimestriel".to_string(),
                _ => value,
            };
            let mut hint = Vec::new();
            let n = |x: f64| typography::number(x, 4);
            match (p.min, p.max) {
                (Some(a), Some(b)) => hint.push(msg!("serve.draft.between", min = n(a), max = n(b))),
                (Some(a), None) => hint.push(msg!("serve.draft.at_least", min = n(a))),
                (None, Some(b)) => hint.push(msg!("serve.draft.at_most", max = n(b))),
                (None, None) => {}
            }
            if let Some(d) = defaults.get(&p.name).filter(|d| !matches!(d, Value::Array(a) if a.is_empty())) {
                if !(matches!(d, Value::Object(_)) || d.as_str() == Some("")) {
                    let d = match d.as_str() {
                        Some("monthly") => text("serve.draft.monthly").to_string(),
                        Some("quarterly") => text("serve.draft.quarterly").to_string(),
                        _ => shown(d),
                    };
                    hint.push(msg!("serve.draft.default", value = d));
                }
            }
            let in_group = template
                .one_of_required
                .iter()
                .any(|g| g.contains(&p.name));
            json!({
                "name": p.name,
                "label": p.description.get(),
                "kind": p.kind.as_str(),
                "required": p.required,
                "one_of": in_group,
                "value": value,
                "value_name": form.values.get(&format!("{}.name", p.name)).cloned().unwrap_or_default(),
                "value_contact": form.values.get(&format!("{}.contact", p.name)).cloned().unwrap_or_default(),
                "unit": p.unit,
                "hint": hint.join(" ; "),
                "choices": choices,
                "numeric": matches!(p.kind, ParamType::Integer | ParamType::Number | ParamType::Percent | ParamType::Amount),
            })
        })
        .collect();
    let lots: Vec<Value> = form
        .lots
        .iter()
        .enumerate()
        .map(|(i, row)| json!({"index": i, "values": row}))
        .collect();
    let models: Vec<Value> = state
        .catalog
        .templates
        .iter()
        .map(|t| json!({"id": t.id, "title": t.title.get()}))
        .collect();
    let view = json!({
        "models": models,
        "model": template.id,
        "summary": template.summary.get(),
        "fields": fields,
        "lots": lots,
        "errors": form.errors,
        "general": form.general,
        "blanks": form.blanks,
    });
    state.pages.draft(status, &view, preview)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_find_their_fields() {
        assert_eq!(
            field_keys("lots[1].hours", &[0, 3]),
            vec![("lot.3.hours".to_string(), "lots".to_string())]
        );
        assert_eq!(
            field_keys("lots[0]", &[2]),
            vec![("lot.2".to_string(), "lots".to_string())]
        );
        assert_eq!(
            field_keys("lot, lot_name", &[]),
            vec![
                ("lot".to_string(), "lot".to_string()),
                ("lot_name".to_string(), "lot_name".to_string())
            ]
        );
        assert_eq!(field_keys("a | b", &[]).len(), 1);
    }
}
