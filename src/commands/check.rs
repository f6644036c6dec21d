//! `clausier check`: one document (or every member of an archive), each clause with its
//! findings and diff; `--redline` also writes the document with the model's wording marked.

use super::{
    cli_verbose, exit_for, setup, terminal_colors, terminal_width, usage_error, write_error,
};
use crate::cli::{self, ColorChoice, ReportFormat};
use clausier::judge::consultation::ConsultationReport as Consultation;
use clausier::judge::verdict::{DocumentReport, Summary};
use clausier::msg;
use clausier::write::report::{human, json};
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
    // The redline never lands on the document checked, nor on any file of the folder checked.
    if let Some(out) = &args.redline {
        let mut inputs = clausier::write::output::Inputs::new();
        inputs.add(&args.file);
        if args.file.is_dir() {
            let all = clausier::analyse::scan::files(
                std::slice::from_ref(&args.file),
                &clausier::analyse::scan::Selection::default(),
            );
            for file in all.iter().flatten() {
                inputs.add(file);
            }
        }
        if let Err(e) = inputs.check(out) {
            return usage_error(e);
        }
    }
    let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    if let Some(dir) = args.redline_dir.clone() {
        return redline_each(&args, &dir, &options, catalog, out);
    }
    // Without a redline, each document's whole pipeline runs under the time limit (in a
    // child process with --isolate), exactly as the lines of a scan.
    if args.redline.is_none() {
        let catalog = Arc::new(catalog);
        let (reports, consultations) = match consultation(&args, &options, &catalog) {
            Ok(c) => c,
            Err(e) => return usage_error(e),
        };
        let code = write_checked(out, &reports, &consultations, &args)?;
        out.flush()?;
        return Ok(code);
    }
    let mut readings = if args.file.is_dir() {
        Vec::new()
    } else {
        clausier::read::read_all(&args.file, &options)
    };
    if readings.len() != 1 {
        // A DCE (a zip, a folder): the redline of the piece that carries its clause.
        let catalog = Arc::new(catalog);
        let (reports, consultations) = match consultation(&args, &options, &catalog) {
            Ok(c) => c,
            Err(e) => return usage_error(e),
        };
        let Some(c) = consultations.first() else {
            return usage_error(msg!(
                "error.redline_many",
                path = args.file.display(),
                count = reports.len(),
                example = reports.first().map_or(String::new(), |r| r.path.clone())
            ));
        };
        let Some(carrier) = c.carrier() else {
            return usage_error(msg!("error.redline_no_carrier", path = c.path));
        };
        let notes: Vec<clausier::write::redline::Note> =
            c.findings.iter().map(Into::into).collect();
        let mut pieces = clausier::read::read_all(std::path::Path::new(&carrier.path), &options);
        if pieces.len() != 1 {
            return usage_error(msg!("error.redline_no_carrier", path = c.path));
        }
        let piece = pieces.remove(0);
        if let (Some(out_path), Ok(doc)) = (&args.redline, &piece.document) {
            if let Err(e) = write_redline(
                out_path,
                &piece,
                &options.limits,
                doc,
                &catalog,
                &carrier.path,
                &notes,
            )? {
                return usage_error(e);
            }
        }
        let code = write_checked(out, &reports, &consultations, &args)?;
        out.flush()?;
        return Ok(code);
    }
    let reading = readings.remove(0);
    let report = match (&args.redline, &reading.document) {
        (Some(out_path), Ok(doc)) => {
            let path = args.file.display().to_string();
            match write_redline(
                out_path,
                &reading,
                &options.limits,
                doc,
                &catalog,
                &path,
                &[],
            )? {
                Ok(analysis) => DocumentReport::from_analysis(&reading, doc, analysis, &catalog),
                Err(e) => return usage_error(e),
            }
        }
        _ => clausier::analyse::check_reading(&reading, &catalog),
    };
    write_checked(out, &[report], &[], &args)
}

/// Analyses one read piece and writes its redline to `out_path`: HTML or DOCX by the
/// extension, titled `title`, with the consultation's `notes` (findings across pieces) when
/// there are some. Returns the analysis for the piece's report; the inner error is a DOCX that
/// could not be built, the outer one a file that could not be written.
fn write_redline(
    out_path: &std::path::Path,
    reading: &clausier::read::Reading,
    limits: &clausier::read::extract::Limits,
    doc: &clausier::read::document::Document,
    catalog: &clausier::template::Catalog,
    title: &str,
    notes: &[clausier::write::redline::Note],
) -> io::Result<Result<clausier::analyse::Analysis, clausier::base::error::Error>> {
    let redline = match redline(
        reading,
        limits,
        doc,
        catalog,
        title,
        notes,
        is_html(out_path),
    ) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    if let Some(outcome) = redline.outcome {
        eprintln!("{}", redline_outcome(out_path, outcome));
    }
    clausier::write::output::write(out_path, &redline.bytes)
        .map_err(|e| write_error(out_path, e))?;
    Ok(Ok(redline.analysis))
}

/// A piece's redline, made in memory: what `check --redline` writes and `serve` offers.
pub(super) struct Redline {
    pub bytes: Vec<u8>,
    /// What the reviewer's own DOCX received, when it was edited in place.
    pub outcome: Option<clausier::write::redline::in_place::Outcome>,
    pub analysis: clausier::analyse::Analysis,
}

/// Analyses one read piece and builds its redline: HTML marks when `html`, else the piece's own
/// DOCX edited in place when it is one, else a new DOCX of its clauses, titled `title`.
pub(super) fn redline(
    reading: &clausier::read::Reading,
    limits: &clausier::read::extract::Limits,
    doc: &clausier::read::document::Document,
    catalog: &clausier::template::Catalog,
    title: &str,
    notes: &[clausier::write::redline::Note],
    html: bool,
) -> Result<Redline, clausier::base::error::Error> {
    let analysis = clausier::analyse::analyse(reading, doc, catalog);
    let clauses = analysis.checked.as_ref().map_or(&[][..], |c| &c.clauses);
    // Judged at the launch date when the document states it (the notice sent), else at
    // the document's date.
    let date = analysis
        .checked
        .as_ref()
        .and_then(|c| c.facts.sent_date.or(c.date));
    let changes = clausier::write::redline::changes(doc, clauses, catalog, date);
    // A redline is titled with the file's name, never the folder it was found in.
    let name = std::path::Path::new(title)
        .file_name()
        .map_or(title.to_string(), |n| n.to_string_lossy().into_owned());
    let date = format!("{}T00:00:00Z", clausier::base::dates::Date::today());
    if html {
        let bytes =
            clausier::write::redline::to_html_with_notes(&doc.source, &name, &changes, notes)
                .into_bytes();
        return Ok(Redline {
            bytes,
            outcome: None,
            analysis,
        });
    }
    let own = (doc.reader == clausier::read::blocks::Reader::Docx)
        .then(|| clausier::read::original_bytes(reading, limits))
        .flatten();
    let (edits, anchor) = clausier::write::redline::edits(&changes, notes);
    let in_place = match own {
        Some(original) => {
            clausier::write::redline::in_place::rewrite(&original, doc, &edits, anchor, &date)?
        }
        None => None,
    };
    let (bytes, outcome) = match in_place {
        Some((bytes, outcome)) => (bytes, Some(outcome)),
        None => (
            clausier::write::redline::to_docx_with_notes(
                &doc.source,
                &name,
                &changes,
                notes,
                &date,
            )?,
            None,
        ),
    };
    Ok(Redline {
        bytes,
        outcome,
        analysis,
    })
}

/// What the reviewer's own document received, said on stderr.
fn redline_outcome(
    out_path: &std::path::Path,
    outcome: clausier::write::redline::in_place::Outcome,
) -> String {
    if outcome.changes == 0 && outcome.comments == 0 {
        return msg!("redline.nothing", path = out_path.display());
    }
    msg!(
        "redline.done",
        path = out_path.display(),
        changes = clausier::msg_n!("redline.count.changes", outcome.changes),
        comments = clausier::msg_n!("redline.count.comments", outcome.comments),
        left = clausier::msg_n!("redline.count.left", outcome.left_as_comments)
    )
}

/// `--redline-dir`: one redline per piece that has a clause, named after it
/// (`CCAP.relu.docx`; a member of a sub-folder `Pièces - CCAP.relu.docx`), the consultation's
/// findings across pieces on the piece that carries its clause; then the usual report.
fn redline_each(
    args: &cli::CheckArgs,
    dir: &std::path::Path,
    options: &clausier::read::ReadOptions,
    catalog: clausier::template::Catalog,
    out: &mut dyn Write,
) -> io::Result<ExitCode> {
    if dir.exists() && !dir.is_dir() {
        return usage_error(msg!("error.redline_dir", path = dir.display()));
    }
    let catalog = Arc::new(catalog);
    let (reports, consultations) = match consultation(args, options, &catalog) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let mut inputs = clausier::write::output::Inputs::new();
    inputs.add(&args.file);
    for r in &reports {
        inputs.add(std::path::Path::new(&r.path));
    }
    let pieces: Vec<&DocumentReport> = reports
        .iter()
        .filter(|r| r.status == "ok" && !r.clauses.is_empty())
        .collect();
    let mut targets = Vec::new();
    for r in &pieces {
        let relative = std::path::Path::new(&r.path)
            .strip_prefix(&args.file)
            .ok()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| std::path::Path::new(&r.path));
        let name: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .filter(|c| c != "." && c != "..")
            .collect();
        let name = format!("{}.relu.docx", name.join(" - "));
        let target = dir.join(name);
        if let Err(e) = inputs.check(&target) {
            return usage_error(e);
        }
        targets.push(target);
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(write_error(dir, e));
    }
    let mut written = 0;
    for (r, target) in pieces.iter().zip(&targets) {
        let notes: Vec<clausier::write::redline::Note> = consultations
            .iter()
            .filter(|c| c.carrier().is_some_and(|e| e.path == r.path))
            .flat_map(|c| &c.findings)
            .map(Into::into)
            .collect();
        let mut read = clausier::read::read_all(std::path::Path::new(&r.path), options);
        if read.len() != 1 {
            continue;
        }
        let reading = read.remove(0);
        if let Ok(doc) = &reading.document {
            if let Err(e) = write_redline(
                target,
                &reading,
                &options.limits,
                doc,
                &catalog,
                &r.path,
                &notes,
            )? {
                return usage_error(e);
            }
            written += 1;
        }
    }
    eprintln!(
        "{}",
        clausier::msg_n!("redline.written", written, path = dir.display())
    );
    let code = write_checked(out, &reports, &consultations, args)?;
    out.flush()?;
    Ok(code)
}

/// Whether a redline is asked as HTML (else DOCX).
fn is_html(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// Every document at the path (a file, each member of an archive, every file under a folder)
/// and the consultations they make. A member of an archive (`dce.zip/CCAP.pdf`) is checked
/// alone; the archive itself, or a folder, is a consultation.
fn consultation(
    args: &cli::CheckArgs,
    options: &clausier::read::ReadOptions,
    catalog: &Arc<clausier::template::Catalog>,
) -> Result<(Vec<DocumentReport>, Vec<Consultation>), clausier::base::error::Error> {
    let reports: Vec<DocumentReport> = if args.file.is_dir() {
        let files = clausier::analyse::scan::files(
            std::slice::from_ref(&args.file),
            &clausier::analyse::scan::Selection::default(),
        )?;
        files
            .iter()
            .flat_map(|f| clausier::analyse::scan::check_all(f, options, catalog))
            .collect()
    } else {
        clausier::analyse::scan::check_all(&args.file, options, catalog)
    };
    let grouping = if args.file.exists() {
        args.group.grouping()
    } else {
        clausier::judge::consultation::Grouping::None
    };
    let consultations = clausier::judge::consultation::consultations(&reports, grouping, catalog);
    Ok((reports, consultations))
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
