//! `clausier scan`: every document under the given files and folders, in parallel.

use super::stream::Stream;
use super::usage_error;
use super::{
    cli_verbose, commit, csv_options, exit_for, output, read_error, setup, terminal_colors,
};
use crate::cli;
use clausier::base::i18n::text;
use clausier::judge::consultation::Grouping;
use clausier::judge::verdict::{DocumentReport, Summary};
use clausier::msg;
use clausier::write::report::human;
use std::io::{self, IsTerminal};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Streams jsonl, csv and human output in path order as files finish; json and html need every
/// document and are written at the end.
pub fn run(args: cli::ScanArgs) -> io::Result<ExitCode> {
    let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    let format = match cli::ScanFormat::choose(
        args.format,
        args.output.as_deref(),
        cli::ScanFormat::Human,
    ) {
        Ok(f) => f,
        Err(e) => return usage_error(e),
    };
    let csv = match csv_options(&args.csv) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let selection = clausier::analyse::scan::Selection {
        exclude: args.exclude.clone(),
        shard: match args
            .shard
            .as_deref()
            .map(clausier::analyse::scan::parse_shard)
            .transpose()
        {
            Ok(s) => s,
            Err(e) => return usage_error(e),
        },
    };
    let mut roots = args.paths.clone();
    if let Some(list) = &args.files_from {
        match clausier::analyse::scan::read_list(list) {
            Ok(paths) => roots.extend(paths),
            Err(e) => return usage_error(format!("--files-from {}", read_error(list, &e))),
        }
    }
    // A path that does not exist is a typing error, not a document: said before any work.
    if let Some(missing) = roots.iter().find(|r| std::fs::symlink_metadata(r).is_err()) {
        return usage_error(msg!("error.no_such_path", path = missing.display()));
    }
    let mut files = match clausier::analyse::scan::files(&roots, &selection) {
        Ok(f) => f,
        Err(e) => return usage_error(e),
    };
    // Nothing to read (an empty folder, everything excluded) is not a clean scan. A shard may
    // be empty: its siblings hold the files.
    if files.is_empty() && selection.shard.is_none() {
        return usage_error(msg!("error.nothing_to_scan"));
    }
    // The report never lands on a document it reads. A report an earlier run left in the
    // scanned folder is replaced, not scanned; any other file found there is the user's.
    if let Some(out) = &args.output {
        use clausier::write::output::{is_report, resolve, Inputs};
        let target = resolve(out);
        let mut inputs = Inputs::new();
        for root in roots.iter().chain(&args.files_from) {
            inputs.add(root);
        }
        let named = inputs.contains(out);
        // One resolution per file found: a batch may hold thousands.
        let mut resolved: Vec<std::path::PathBuf> = files.iter().map(|f| resolve(f)).collect();
        match resolved.iter().position(|r| *r == target) {
            Some(i) if !named && is_report(out) => {
                files.remove(i);
                resolved.remove(i);
            }
            Some(_) => return usage_error(msg!("error.output_is_scanned", path = out.display())),
            None => {}
        }
        for path in resolved {
            inputs.add_resolved(path);
        }
        if let Err(e) = inputs.check(out) {
            return usage_error(e);
        }
    }
    let mut jobs = args.jobs.unwrap_or(0);
    if jobs > clausier::analyse::scan::MAX_JOBS {
        eprintln!(
            "clausier: {}",
            msg!(
                "error.jobs_capped",
                jobs = jobs,
                max = clausier::analyse::scan::MAX_JOBS
            )
        );
        jobs = clausier::analyse::scan::MAX_JOBS;
    }
    let (out, pending) = output(args.output.as_deref())?;
    let interrupted = Arc::new(AtomicBool::new(false));
    {
        let flag = Arc::clone(&interrupted);
        // Ctrl-C stops after the document being written: the output stays a valid prefix.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let progress = if args.quiet || !io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let bar = indicatif::ProgressBar::new(files.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(text("progress.template"))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    };
    let style = human::Style {
        color: args.output.is_none() && terminal_colors(),
        verbose: cli_verbose(),
        ..human::Style::default()
    };
    let mut stream = Stream::new(format, out, csv, args.csv_level.level(), style)?;
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut pages = 0u64;
    let mut any_error = false;
    let grouping = args.group.grouping();
    let catalog = Arc::new(catalog);
    // What the consultation level needs of each document, kept while the others stream.
    let mut kept: Vec<DocumentReport> = Vec::new();
    clausier::analyse::scan::run(&files, &options, Arc::clone(&catalog), jobs, |scanned| {
        summary.add(&scanned.report);
        pages += scanned.pages;
        any_error |= scanned.report.has_errors();
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        progress.set_message(msg!(
            "progress.rate",
            rate = clausier::base::typography::number(pages as f64 / secs, 0)
        ));
        progress.inc(1);
        if grouping != Grouping::None {
            kept.push(clausier::judge::consultation::slim(&scanned.report));
        }
        stream.push(scanned.report)?;
        Ok(!interrupted.load(Ordering::SeqCst))
    })?;
    progress.finish_and_clear();
    let consultations = clausier::judge::consultation::consultations(&kept, grouping, &catalog);
    any_error |= consultations.iter().any(|c| c.has_errors());
    if interrupted.load(Ordering::SeqCst) {
        summary.interrupt(files.len());
    }
    stream.finish(&summary, &consultations, started.elapsed(), pages)?;
    commit(args.output.as_deref(), pending)?;
    if interrupted.load(Ordering::SeqCst) {
        eprintln!(
            "clausier: {}",
            msg!(
                "error.interrupted",
                done = summary.documents,
                total = files.len()
            )
        );
        return Ok(ExitCode::from(130));
    }
    Ok(exit_for(any_error))
}
