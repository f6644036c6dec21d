//! The reference listings: `templates` (and `templates show`), `rules` and `errors`.

use super::{load_catalog, unknown_template, usage_error};
use crate::cli;
use clausier::check::Rule;
use clausier::error::Code;
use clausier::i18n::{self, text};
use clausier::msg;
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
            for p in &t.parameters {
                let bounds = match (p.min, p.max) {
                    (None, None) => String::new(),
                    (a, b) => format!(
                        " [{} .. {}]",
                        a.map_or("".into(), |v| v.to_string()),
                        b.map_or("".into(), |v| v.to_string())
                    ),
                };
                let default = defaults.get(&p.name).map_or(String::new(), |d| {
                    format!(" {}", msg!("templates.default", value = d))
                });
                writeln!(
                    out,
                    "  {:<22} {:<10} {:<6}{bounds}{default}  {}",
                    p.name,
                    format!("{:?}", p.kind).to_lowercase(),
                    p.unit.as_deref().unwrap_or(""),
                    p.description
                )?;
            }
            let declared: Vec<&str> = t.parameters.iter().map(|p| p.name.as_str()).collect();
            for (k, v) in defaults
                .iter()
                .filter(|(k, _)| !declared.contains(&k.as_str()))
            {
                writeln!(out, "  {k:<22} {}", msg!("templates.default", value = v))?;
            }
            writeln!(out, "{}", text("templates.plus"))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every rule id with its label and what it finds.
pub fn rules(out: &mut dyn Write) -> io::Result<ExitCode> {
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
