//! `clausier generate`: a clause from a model and the tender's parameters; everything is checked
//! before anything is written.

use super::{load_catalog, read_error, unknown_template, usage_error, write_error};
use crate::cli;
use clausier::base::i18n::text;
use clausier::msg;
use clausier::write::generate as g;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

/// Renders the model with the parameters of `--params` and `--set` in the chosen format.
pub fn run(args: cli::GenerateArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let catalog = match load_catalog(args.templates.as_deref()) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let Some(template) = catalog.get(&args.template) else {
        return usage_error(unknown_template(&catalog, &args.template));
    };
    // The clause never lands on the parameter file it was made from.
    if let (Some(out), Some(params)) = (&args.output, &args.params) {
        let mut inputs = clausier::write::output::Inputs::new();
        inputs.add(params);
        if let Err(e) = inputs.check(out) {
            return usage_error(e);
        }
    }
    let mut params = match &args.params {
        None => serde_json::Map::new(),
        Some(path) => {
            let text = match std::fs::read(path) {
                Ok(bytes) => g::decode_params(&bytes),
                Err(e) => return usage_error(read_error(path, &e)),
            };
            match g::parse_params(&text) {
                Ok(p) => p,
                Err(e) => {
                    return usage_error(format!(
                        "{}{}{e}",
                        path.display(),
                        clausier::base::typography::colon()
                    ))
                }
            }
        }
    };
    for assignment in &args.set {
        if let Err(e) = g::set(&mut params, assignment) {
            return usage_error(format!("--set {e}"));
        }
    }
    let prepared = if args.example {
        g::prepare_example(template, &params)
    } else {
        g::prepare(template, &params)
    };
    let values = match prepared {
        Ok(v) => v,
        Err(e) => return usage_error(msg!("generate.invalid", detail = e)),
    };
    // What the text leaves to fill in, or that it is an example, is said before it is used.
    if args.example {
        eprintln!("clausier: {}", text("generate.example_warning"));
    } else {
        for p in g::blanks(template, &params) {
            eprintln!(
                "clausier: {}",
                msg!(
                    "generate.blank_warning",
                    name = p.name,
                    blank = g::to_complete(p)
                )
            );
        }
    }
    let markdown = match g::render_markdown(&catalog, template, &values) {
        Ok(m) => m,
        Err(e) => return usage_error(e.to_string()),
    };
    let format = match cli::GenerateFormat::choose(args.format, args.output.as_deref()) {
        Ok(f) => f,
        Err(e) => return usage_error(e),
    };
    let bytes = match format {
        cli::GenerateFormat::Md => markdown.into_bytes(),
        cli::GenerateFormat::Txt => g::to_text(&markdown).into_bytes(),
        cli::GenerateFormat::Html => g::to_html(&markdown, &template.title.fr).into_bytes(),
        cli::GenerateFormat::Docx => match g::to_docx(&markdown) {
            Ok(b) => b,
            Err(e) => return usage_error(e.to_string()),
        },
        cli::GenerateFormat::Odt => match g::to_odt(&markdown) {
            Ok(b) => b,
            Err(e) => return usage_error(e.to_string()),
        },
    };
    match &args.output {
        Some(path) => {
            clausier::write::output::write(path, &bytes).map_err(|e| write_error(path, e))?
        }
        None if matches!(format, cli::GenerateFormat::Docx | cli::GenerateFormat::Odt)
            && io::stdout().is_terminal() =>
        {
            return usage_error(text("error.docx_to_terminal").to_string());
        }
        None => out.write_all(&bytes)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
