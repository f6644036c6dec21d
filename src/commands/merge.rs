//! `clausier report merge`: the documents of several JSONL files, in path order, as one report.

use super::stream::Stream;
use super::{
    cli_verbose, commit, csv_options, exit_for, load_catalog, output, read_error, usage_error,
};
use crate::cli;
use clausier::judge::verdict::{DocumentReport, Summary};
use clausier::msg;
use clausier::write::report::human;
use std::collections::BTreeMap;
use std::io;
use std::process::ExitCode;
use std::time::Instant;

/// Reads every input (a last line cut short is reported and dropped) and writes one report.
pub fn run(args: cli::MergeArgs) -> io::Result<ExitCode> {
    let format =
        match cli::ScanFormat::choose(args.format, args.output.as_deref(), cli::ScanFormat::Json) {
            Ok(f) => f,
            Err(e) => return usage_error(e),
        };
    let csv = match csv_options(&args.csv) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    if let Some(out) = &args.output {
        let mut inputs = clausier::write::output::Inputs::new();
        for input in &args.inputs {
            inputs.add(input);
        }
        if let Err(e) = inputs.check(out) {
            return usage_error(e);
        }
    }
    let mut by_path: BTreeMap<String, DocumentReport> = BTreeMap::new();
    let mut truncated = false;
    // Shards that were interrupted: the merged report is not the whole either. The files each
    // input was to read: its planned count when interrupted, else the documents it holds.
    let mut interrupted = false;
    let mut planned = 0usize;
    for input in &args.inputs {
        let bytes = match std::fs::read(input) {
            Ok(b) => b,
            Err(e) => return usage_error(read_error(input, &e)),
        };
        let lines: Vec<(usize, &[u8])> = bytes
            .split(|&b| b == b'\n')
            .enumerate()
            .filter(|(_, l)| !l.trim_ascii().is_empty())
            .collect();
        let last = lines.last().map(|(n, _)| *n);
        let mut documents = 0usize;
        let mut cut_short: Option<usize> = None;
        for (n, line) in lines {
            match line_type(line).as_deref() {
                // Consultations are rebuilt from all the documents: a shard's may be partial.
                Some("consultation") => continue,
                Some("summary") => {
                    cut_short = serde_json::from_slice::<serde_json::Value>(line)
                        .ok()
                        .and_then(|v| v["files_planned"].as_u64())
                        .map(|p| p as usize);
                    continue;
                }
                _ => {}
            }
            documents += 1;
            let parsed = serde_json::from_slice::<DocumentReport>(line);
            match parsed {
                Ok(d) => {
                    by_path.insert(d.path.clone(), d);
                }
                // An interrupted scan (killed, disk full) leaves its last line cut short: the
                // complete lines before it are still good, and the run says what was lost.
                Err(e) if Some(n) == last => {
                    eprintln!(
                        "clausier: {}",
                        msg!(
                            "error.merge_truncated",
                            path = input.display(),
                            line = n + 1,
                            cause = e
                        )
                    );
                    truncated = true;
                }
                Err(e) => {
                    // A bad line in the middle is damage, not an interruption.
                    return usage_error(msg!(
                        "error.merge_bad_line",
                        path = input.display(),
                        line = n + 1,
                        cause = e
                    ));
                }
            }
        }
        interrupted |= cut_short.is_some() || truncated;
        planned += cut_short.unwrap_or(documents);
    }
    let started = Instant::now();
    let (out, pending) = output(args.output.as_deref())?;
    let style = human::Style {
        verbose: cli_verbose(),
        ..human::Style::default()
    };
    let mut stream = Stream::new(format, out, csv, args.csv_level.level(), style)?;
    let mut summary = Summary::default();
    let mut pages = 0;
    let mut any_error = false;
    let grouping = args.group.grouping();
    let catalog = match load_catalog(None) {
        Ok(c) => c,
        Err(e) => return usage_error(e),
    };
    let mut kept = Vec::new();
    for document in by_path.into_values() {
        summary.add(&document);
        pages += u64::from(document.pages.unwrap_or(0));
        any_error |= document.has_errors();
        if grouping != clausier::judge::consultation::Grouping::None {
            kept.push(clausier::judge::consultation::slim(&document));
        }
        stream.push(document)?;
    }
    let consultations = clausier::judge::consultation::consultations(&kept, grouping, &catalog);
    if interrupted {
        summary.interrupt(planned.max(summary.documents));
    }
    any_error |= consultations.iter().any(|c| c.has_errors());
    stream.finish(&summary, &consultations, started.elapsed(), pages)?;
    commit(args.output.as_deref(), pending)?;
    Ok(exit_for(any_error || truncated))
}

/// Whether a JSON line is a consultation (`"type": "consultation"`), read without the rest.
/// The `type` of a JSON line: "document", "consultation", or "summary" (an interrupted run's
/// last line).
fn line_type(line: &[u8]) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Kind {
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    serde_json::from_slice::<Kind>(line)
        .ok()
        .and_then(|k| k.kind)
}
