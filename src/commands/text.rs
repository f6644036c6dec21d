//! `clausier text`: the text clausier reads from a document, with page and section markers.

use super::{exit_for, usage_error};
use crate::cli::{self, TextFormat};
use std::io::{self, Write};
use std::process::ExitCode;

/// Prints what was read (human or JSON); exit 1 when a document could not be read.
pub fn run(args: cli::TextArgs, out: &mut dyn Write) -> io::Result<ExitCode> {
    let options = match args.limits.read_options() {
        Ok(o) => o,
        Err(e) => return usage_error(e),
    };
    let readings = clausier::read::read_all(&args.file, &options);
    match args.format {
        TextFormat::Human => {
            for reading in &readings {
                let mut notes = io::stderr();
                clausier::write::report::text::write_human(out, &mut notes, reading, args.raw)?;
            }
        }
        TextFormat::Json => clausier::write::report::text::write_json(out, &readings)?,
    }
    Ok(exit_for(readings.iter().any(|r| r.document.is_err())))
}
