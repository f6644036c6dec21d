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
    let options = limits.read_options()?;
    let catalog = match templates {
        Some(dir) => Catalog::with_overrides(dir),
        None => Catalog::builtin(),
    }
    .map_err(|e| e.to_string())?;
    Ok((options, catalog))
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
