//! The hidden commands `check-one` and `read-one` that `--isolate` runs in a child process:
//! one document (a file or an archive's member) in, one JSON line out.

use super::{setup, usage_error};
use crate::cli;
use clausier::write::report::json;
use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;

/// Reads and checks one document and prints its report as one JSON line (one per document
/// should the path hold several).
pub fn check_one(args: cli::CheckOneArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let (options, catalog) = match setup(&args.limits, args.templates.as_deref()) {
        Ok(s) => s,
        Err(e) => return usage_error(e),
    };
    for report in clausier::analyse::scan::check_all(&args.file, &options, &Arc::new(catalog)) {
        json::write_line(out, &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads one file and prints the raw extraction as one JSON line.
pub fn read_one(args: cli::ReadOneArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let limits = match args.limits.limits() {
        Ok(l) => l,
        Err(e) => return usage_error(e),
    };
    let outcome = clausier::read::extract::read_document(&args.file, &limits);
    serde_json::to_writer(&mut *out, &outcome)?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}
