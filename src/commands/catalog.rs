//! The reference listings: `templates` (and `templates show`), `rules` and `errors`.

use super::{load_catalog, unknown_template, usage_error};
use crate::cli;
use clausier::base::error::Code;
use clausier::base::i18n::{self, text};
use clausier::base::typography;
use clausier::judge::rules::Rule;
use clausier::msg;
use clausier::template::Parameter;
use std::io::{self, Write};
use std::process::ExitCode;

/// Lists the model clauses, or shows one model's parameters.
pub fn templates(args: cli::TemplatesArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let catalog = match load_catalog(args.templates.as_deref()) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    match args.action {
        None => {
            for t in &catalog.templates {
                let kind =
                    i18n::lookup(&format!("kind.{}", t.kind.as_str())).unwrap_or(t.kind.as_str());
                writeln!(out, "{:<22} {:<24} {}", t.id, kind, t.title)?;
            }
        }
        Some(cli::TemplatesAction::Show { template }) => {
            let Some(t) = catalog.get(&template) else {
                return usage_error(unknown_template(&catalog, &template));
            };
            let kind =
                i18n::lookup(&format!("kind.{}", t.kind.as_str())).unwrap_or(t.kind.as_str());
            writeln!(
                out,
                "{}",
                msg!(
                    "templates.header",
                    id = t.id,
                    title = t.title,
                    kind = format!("{kind} [{}]", t.kind),
                    basis = t.legal_basis.join(", "),
                    summary = t.summary
                )
            )?;
            writeln!(out, "{}", text("templates.parameters"))?;
            let defaults = t.defaults.as_object().cloned().unwrap_or_default();
            let example = t.example.as_object().cloned().unwrap_or_default();
            for p in &t.parameters {
                write_parameter(out, p, defaults.get(&p.name), example.get(&p.name))?;
            }
            writeln!(out, "{}", text("templates.common"))?;
            for p in &clausier::write::generate::common_parameters() {
                write_parameter(out, p, defaults.get(&p.name), example.get(&p.name))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line of `templates show`: name, type, unit, bounds, default and meaning, numbers written
/// the way the language writes them.
fn write_parameter(
    out: &mut dyn Write,
    p: &Parameter,
    default: Option<&serde_json::Value>,
    example: Option<&serde_json::Value>,
) -> io::Result<()> {
    let n = |v: f64| typography::number(v, 4);
    let bounds = match (p.min, p.max) {
        (None, None) => String::new(),
        (a, b) => format!(
            " [{} .. {}]",
            a.map_or(String::new(), n),
            b.map_or(String::new(), n)
        ),
    };
    let kind = i18n::lookup(&format!("param.type.{}", p.kind.as_str())).unwrap_or(p.kind.as_str());
    // A default that is no value (empty text, no lots, 0 below the lower bound) means the
    // parameter is optional.
    let default = match default.filter(|d| !is_unset(d, p.min)) {
        Some(d) => msg!("templates.default", value = show_value(d)),
        None => {
            let status = text(if p.required {
                "templates.required"
            } else {
                "templates.optional"
            });
            match example.filter(|e| !is_unset(e, p.min)) {
                Some(e) => msg!(
                    "templates.with_example",
                    status = status,
                    value = show_value(e)
                ),
                None => status.to_string(),
            }
        }
    };
    writeln!(
        out,
        "  {:<26} {:<12} {:<6}{bounds} {default}  {}",
        p.name,
        kind,
        p.unit.as_deref().unwrap_or(""),
        p.description
    )
}

fn is_unset(value: &serde_json::Value, min: Option<f64>) -> bool {
    match value {
        serde_json::Value::Null => true,
        serde_json::Value::String(s) => s.is_empty(),
        serde_json::Value::Array(a) => a.is_empty(),
        serde_json::Value::Number(x) => min.is_some_and(|m| x.as_f64().is_some_and(|x| x < m)),
        _ => false,
    }
}

/// A default value as a person reads it: « text », oui/non, 1 000, 0,05.
fn show_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Bool(b) => text(if *b { "value.true" } else { "value.false" }).to_string(),
        Value::Number(x) => x
            .as_f64()
            .map_or(x.to_string(), |x| typography::number(x, 4)),
        Value::String(s) => match i18n::lang() {
            i18n::Lang::Fr => format!("«\u{a0}{s}\u{a0}»"),
            i18n::Lang::En => format!("\"{s}\""),
        },
        Value::Array(items) => items.iter().map(show_value).collect::<Vec<_>>().join(", "),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !is_unset(v, None))
            .map(|(k, v)| format!("{k} = {}", show_value(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Null => String::new(),
    }
}

/// Every rule id with its label and what it finds; with `--corrections`, the table of
/// corrections the redline applies.
pub fn rules(args: crate::cli::RulesArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    if args.corrections {
        return corrections(out);
    }
    for rule in Rule::ALL {
        writeln!(
            out,
            "{} [{}]\n    {}\n",
            rule.label(),
            rule.as_str(),
            rule.explain()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The correction tables as one Markdown table, in the order of the files: what a reviewer
/// checks before trusting a redline.
fn corrections(out: &mut dyn Write) -> io::Result<ExitCode> {
    let catalog = match clausier::template::Catalog::builtin() {
        Ok(c) => c,
        Err(e) => return super::usage_error(e),
    };
    let kind = |c: clausier::template::Correction| match c {
        clausier::template::Correction::Straight => text("correction.straight"),
        clausier::template::Correction::Judgement => text("correction.judgement"),
        clausier::template::Correction::Flag => text("correction.flag"),
    };
    // A cell never breaks the table.
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    writeln!(out, "{}", text("correction.header"))?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- |")?;
    for r in &catalog.legal {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.row.as_deref().unwrap_or(""),
            cell(r.label.get()),
            clausier::base::typography::date(r.valid_until),
            kind(r.correction),
            cell(r.replacement.get()),
            cell(r.source.as_deref().unwrap_or(""))
        )?;
    }
    for t in &catalog.terms {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            t.row.as_deref().unwrap_or(""),
            cell(&t.term),
            clausier::base::typography::date(t.replaced_on),
            kind(t.correction),
            cell(t.replacement.get()),
            cell(t.source.as_deref().unwrap_or(""))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every per-file error and warning code with what to do about it.
pub fn errors(out: &mut dyn Write) -> io::Result<ExitCode> {
    for code in Code::ALL {
        // The explanation of a warning code already starts with "warning:".
        let kind = if code.is_warning() {
            ""
        } else {
            text("severity.error")
        };
        let explain = code.explain();
        if kind.is_empty() {
            writeln!(out, "{:<20} {explain}", code.as_str())?;
        } else {
            writeln!(out, "{:<20} {kind} : {explain}", code.as_str())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
