//! The `clausier` binary: parse arguments, call the library, choose the exit code.
//!
//! Exit codes: 0 success (no error-severity finding); 1 the job ran and found a problem (an
//! error-severity finding, or a file that could not be read); 2 usage or configuration error.

mod cli;

use clap::Parser;
use clausier::check::Rule;
use clausier::error::Code;
use clausier::report::{self, human, json, DocumentReport, Summary};
use clausier::template::Catalog;
use clausier::ReadOptions;
use cli::{Cli, ColorChoice, Command, ReportFormat, TextFormat};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    clausier::extract::install_quiet_panic_hook();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // `clausier text … | head` closes the pipe early: that is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clausier: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(message: String) -> io::Result<ExitCode> {
    eprintln!("clausier: {message}");
    Ok(ExitCode::from(2))
}

fn exit_for(errors: bool) -> ExitCode {
    if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Checked read options and the model catalog (shipped, or with `--templates DIR`).
fn setup(
    limits: &cli::LimitArgs,
    templates: Option<&Path>,
) -> Result<(ReadOptions, Catalog), String> {
    Ok((limits.read_options()?, load_catalog(templates)?))
}

fn load_catalog(templates: Option<&Path>) -> Result<Catalog, String> {
    match templates {
        Some(dir) => Catalog::with_overrides(dir),
        None => Catalog::builtin(),
    }
    .map_err(|e| e.to_string())
}

fn unknown_template(catalog: &Catalog, id: &str) -> String {
    let ids: Vec<&str> = catalog.templates.iter().map(|t| t.id.as_str()).collect();
    format!(
        "unknown template {id:?}; expected one of: {}",
        ids.join(", ")
    )
}

/// `clausier generate`: everything is checked before anything is written.
fn generate(args: cli::GenerateArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    use clausier::generate as g;
    let catalog = match load_catalog(args.templates.as_deref()) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let Some(template) = catalog.get(&args.template) else {
        return usage_error(unknown_template(&catalog, &args.template));
    };
    let mut params = match &args.params {
        None => serde_json::Map::new(),
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => return usage_error(format!("{}: {e}", path.display())),
            };
            match g::parse_params(&text) {
                Ok(p) => p,
                Err(e) => return usage_error(format!("{}: {e}", path.display())),
            }
        }
    };
    for assignment in &args.set {
        if let Err(e) = g::set(&mut params, assignment) {
            return usage_error(format!("--set {e}"));
        }
    }
    let values = match g::prepare(template, &params) {
        Ok(v) => v,
        Err(e) => return usage_error(format!("invalid parameter {e}")),
    };
    let markdown = match g::render_markdown(&catalog, template, &values) {
        Ok(m) => m,
        Err(e) => return usage_error(e.to_string()),
    };
    let extension = args
        .output
        .as_ref()
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str());
    let format = args.format.unwrap_or(match extension {
        Some("docx") => cli::GenerateFormat::Docx,
        Some("html" | "htm") => cli::GenerateFormat::Html,
        Some("txt") => cli::GenerateFormat::Txt,
        _ => cli::GenerateFormat::Md,
    });
    let bytes = match format {
        cli::GenerateFormat::Md => markdown.into_bytes(),
        cli::GenerateFormat::Txt => g::to_text(&markdown).into_bytes(),
        cli::GenerateFormat::Html => g::to_html(&markdown, &template.title).into_bytes(),
        cli::GenerateFormat::Docx => match g::to_docx(&markdown) {
            Ok(b) => b,
            Err(e) => return usage_error(e.to_string()),
        },
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?,
        None if format == cli::GenerateFormat::Docx && io::stdout().is_terminal() => {
            return usage_error("a DOCX is binary: write it to a file with -o clause.docx".into());
        }
        None => out.write_all(&bytes)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The files under the given paths, sorted, without hidden files and Office lock files.
fn collect_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            // A missing file is kept: reading it reports `unreadable`.
            files.push(path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let name = e.file_name().to_string_lossy();
                    if !name.starts_with("~$") {
                        files.push(e.into_path());
                    }
                }
                Ok(_) => {}
                // An unreadable folder or a broken link becomes an `unreadable` line.
                Err(e) => files.push(
                    e.path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| path.clone()),
                ),
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

fn run(cli: Cli) -> io::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Text(args) => {
            let options = match args.limits.read_options() {
                Ok(o) => o,
                Err(e) => return usage_error(e),
            };
            let reading = clausier::read(&args.file, &options);
            match args.format {
                TextFormat::Human => {
                    clausier::report::text::write_human(&mut out, &reading, args.raw)?
                }
                TextFormat::Json => clausier::report::text::write_json(&mut out, &reading)?,
            }
            if reading.document.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Command::Check(args) => {
            let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
                Ok(s) => s,
                Err(e) => return usage_error(e),
            };
            let reading = clausier::read(&args.file, &options);
            let report = report::check_reading(&reading, &catalog);
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            let mut summary = Summary::default();
            summary.add(&report);
            match args.format {
                ReportFormat::Human => human::write_document(
                    &mut out,
                    &report,
                    human::Style {
                        color,
                        diff: !args.no_diff,
                    },
                )?,
                ReportFormat::Json => {
                    json::write_report(&mut out, std::slice::from_ref(&report), &summary)?
                }
                ReportFormat::Jsonl => json::write_line(&mut out, &report)?,
            }
            exit_for(report.has_errors())
        }
        Command::Scan(args) => {
            let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
                Ok(s) => s,
                Err(e) => return usage_error(e),
            };
            let started = Instant::now();
            let files = collect_files(&args.paths);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(args.jobs.unwrap_or(0))
                .build()
                .map_err(io::Error::other)?;
            let reports: Vec<(DocumentReport, u64)> = pool.install(|| {
                files
                    .par_iter()
                    .map(|path| {
                        let reading = clausier::read(path, &options);
                        let pages = reading
                            .document
                            .as_ref()
                            .ok()
                            .and_then(|d| d.pages)
                            .unwrap_or(0);
                        (report::check_reading(&reading, &catalog), u64::from(pages))
                    })
                    .collect()
            });
            let mut summary = Summary::default();
            let mut pages = 0;
            for (r, p) in &reports {
                summary.add(r);
                pages += p;
            }
            let any_error = reports.iter().any(|(r, _)| r.has_errors());
            let documents: Vec<DocumentReport> = reports.into_iter().map(|(r, _)| r).collect();
            match args.format {
                ReportFormat::Human => {
                    let style = human::Style {
                        color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                        diff: false,
                    };
                    for d in &documents {
                        human::write_document(&mut out, d, style)?;
                    }
                    human::write_summary(&mut out, &summary, started.elapsed(), pages)?;
                }
                ReportFormat::Json => json::write_report(&mut out, &documents, &summary)?,
                ReportFormat::Jsonl => {
                    for d in &documents {
                        json::write_line(&mut out, d)?;
                    }
                }
            }
            exit_for(any_error)
        }
        Command::Generate(args) => return generate(args, &mut out),
        Command::Templates(args) => {
            let catalog = match load_catalog(args.templates.as_deref()) {
                Ok(c) => c,
                Err(e) => return usage_error(e),
            };
            match args.action {
                None => {
                    for t in &catalog.templates {
                        writeln!(out, "{:<22} {:<20} {}", t.id, t.kind.as_str(), t.title)?;
                    }
                }
                Some(cli::TemplatesAction::Show { template }) => {
                    let Some(t) = catalog.get(&template) else {
                        return usage_error(unknown_template(&catalog, &template));
                    };
                    writeln!(
                        out,
                        "{} — {}\nkind: {}\nlegal basis: {}\n\n{}\n",
                        t.id,
                        t.title,
                        t.kind,
                        t.legal_basis.join(", "),
                        t.summary
                    )?;
                    writeln!(out, "parameters:")?;
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
                        let default = defaults
                            .get(&p.name)
                            .map_or(String::new(), |d| format!(" (default {d})"));
                        writeln!(
                            out,
                            "  {:<22} {:<10} {:<6}{bounds}{default}  {}",
                            p.name,
                            format!("{:?}", p.kind).to_lowercase(),
                            p.unit.as_deref().unwrap_or(""),
                            p.description
                        )?;
                    }
                    let declared: Vec<&str> =
                        t.parameters.iter().map(|p| p.name.as_str()).collect();
                    for (k, v) in defaults
                        .iter()
                        .filter(|(k, _)| !declared.contains(&k.as_str()))
                    {
                        writeln!(out, "  {k:<22} (default {v})")?;
                    }
                    writeln!(out, "  plus: buyer, operation, date, rounding (hours rounded up to 1, 5 or 10; default 5)")?;
                }
            }
            ExitCode::SUCCESS
        }
        Command::Rules => {
            for rule in Rule::ALL {
                writeln!(out, "{}\n    {}\n", rule.as_str(), rule.explain())?;
            }
            ExitCode::SUCCESS
        }
        Command::Errors => {
            for code in Code::ALL {
                let kind = if code.is_warning() {
                    "warning"
                } else {
                    "error"
                };
                writeln!(out, "{:<20} {:<8} {}", code.as_str(), kind, code.explain())?;
            }
            ExitCode::SUCCESS
        }
        Command::ReadOne(args) => {
            let limits = match args.limits.limits() {
                Ok(l) => l,
                Err(e) => return usage_error(e),
            };
            let outcome = clausier::extract::read_path(&args.file, &limits);
            serde_json::to_writer(&mut out, &outcome)?;
            writeln!(out)?;
            ExitCode::SUCCESS
        }
    };
    out.flush()?;
    Ok(code)
}
