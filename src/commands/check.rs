//! `clausier check`: one document (or every member of an archive), each clause with its
//! findings and diff; `--redline` also writes the document with the model's wording marked.

use super::{
    cli_verbose, exit_for, setup, terminal_colors, terminal_width, usage_error, write_error,
};
use crate::cli::{self, ColorChoice, ReportFormat};
use clausier::consultation::ConsultationReport as Consultation;
use clausier::msg;
use clausier::report::{self, human, json, DocumentReport, Summary};
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

/// Checks the document; the exit code says whether any report has errors.
pub fn run(args: cli::CheckArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    // A redline is DOCX or HTML: anything else would be a DOCX under a lying name.
    if let Some(path) = &args.redline {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !matches!(extension.as_deref(), Some("docx" | "html" | "htm")) {
            return usage_error(msg!("error.redline_extension", path = path.display()));
        }
    }
    let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    // Without a redline, each document's whole pipeline runs under the time limit (in a
    // child process with --isolate), exactly as the lines of a scan.
    if args.redline.is_none() {
        let catalog = Arc::new(catalog);
        let reports = if args.file.is_dir() {
            // A folder: every document under it, then its consultation.
            let files = match clausier::scan::files(
                std::slice::from_ref(&args.file),
                &clausier::scan::Selection::default(),
            ) {
                Ok(f) => f,
                Err(e) => return usage_error(e),
            };
            files
                .iter()
                .flat_map(|f| clausier::scan::check_all(f, &options, &catalog))
                .collect()
        } else {
            clausier::scan::check_all(&args.file, &options, &catalog)
        };
        // A member of an archive (`dce.zip/CCAP.pdf`) is checked alone; the archive itself,
        // or a folder, is a consultation.
        let grouping = if args.file.exists() {
            args.group.grouping()
        } else {
            clausier::consultation::Grouping::None
        };
        let consultations = clausier::consultation::consultations(&reports, grouping, &catalog);
        let code = write_checked(out, &reports, &consultations, &args)?;
        out.flush()?;
        return Ok(code);
    }
    let mut readings = clausier::read_all(&args.file, &options);
    if readings.len() != 1 {
        return usage_error(msg!(
            "error.redline_many",
            path = args.file.display(),
            count = readings.len(),
            example = readings[0].path.display()
        ));
    }
    let reading = readings.remove(0);
    let report = match (&args.redline, &reading.document) {
        (Some(out_path), Ok(doc)) => {
            let analysis = report::analyse(&reading, doc, &catalog);
            let clauses = analysis.checked.as_ref().map_or(&[][..], |c| &c.clauses);
            let changes = clausier::redline::changes(doc, clauses, &catalog);
            let path = args.file.display().to_string();
            let bytes = if out_path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
            {
                clausier::redline::to_html(&doc.source, &path, &changes).into_bytes()
            } else {
                let date = format!("{}T00:00:00Z", clausier::dates::Date::today());
                match clausier::redline::to_docx(&doc.source, &path, &changes, &date) {
                    Ok(b) => b,
                    Err(e) => return usage_error(e.to_string()),
                }
            };
            std::fs::write(out_path, bytes).map_err(|e| write_error(out_path, e))?;
            report::DocumentReport::from_analysis(&reading, doc, analysis, &catalog)
        }
        _ => report::check_reading(&reading, &catalog),
    };
    write_checked(out, &[report], &[], &args)
}

/// Writes `check`'s reports in the chosen format; the exit code says whether any has errors.
fn write_checked(
    out: &mut dyn Write,
    reports: &[DocumentReport],
    consultations: &[Consultation],
    args: &cli::CheckArgs,
) -> io::Result<ExitCode> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal_colors(),
    };
    let mut summary = Summary::default();
    for report in reports {
        summary.add(report);
    }
    match args.format {
        ReportFormat::Human => {
            let style = human::Style {
                color,
                diff: match (args.no_diff, args.diff) {
                    (true, _) | (_, cli::DiffChoice::None) => human::DiffMode::None,
                    (_, cli::DiffChoice::Short) => human::DiffMode::Short,
                    (_, cli::DiffChoice::Full) => human::DiffMode::Full,
                },
                width: terminal_width(),
                verbose: cli_verbose(),
            };
            for report in reports {
                human::write_document(out, report, style)?;
            }
            for c in consultations {
                human::write_consultation(out, c, style)?;
            }
        }
        ReportFormat::Json => json::write_report(out, reports, consultations, &summary)?,
        ReportFormat::Jsonl => {
            for report in reports {
                json::write_line(out, report)?;
            }
            for c in consultations {
                json::write_consultation_line(out, c)?;
            }
        }
    }
    Ok(exit_for(
        reports.iter().any(DocumentReport::has_errors)
            || consultations.iter().any(Consultation::has_errors),
    ))
}
