//! The bodies of the subcommands, one module each, and the helpers they share: our wording of
//! I/O errors, usage errors, output selection and the exit code.

pub mod catalog;
pub mod check;
pub mod child;
pub mod generate;
pub mod merge;
pub mod scan;
pub mod serve;
mod stream;
pub mod text;

use clausier::base::error::Error;
use clausier::base::i18n::text;
use clausier::msg;
use clausier::read::ReadOptions;
use clausier::template::Catalog;
use clausier::write::report;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--verbose`: raw library and system causes beside our sentences.
static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Records `--verbose` for every command of this run.
pub fn set_verbose(verbose: bool) {
    VERBOSE.store(verbose, Ordering::Relaxed);
}

fn cli_verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// What an I/O error means for the user, in our words; the raw cause only with `--verbose`.
fn explain_io(e: &io::Error) -> String {
    let what = match e.kind() {
        io::ErrorKind::NotFound => text("io.not_found"),
        io::ErrorKind::PermissionDenied => text("io.permission_denied"),
        io::ErrorKind::AlreadyExists => text("io.already_exists"),
        io::ErrorKind::IsADirectory => text("io.is_a_directory"),
        io::ErrorKind::StorageFull => text("io.storage_full"),
        _ => text("io.other"),
    };
    if cli_verbose() {
        format!("{what} ({})", msg!("doc.cause", cause = e))
    } else {
        what.to_string()
    }
}

/// "cannot read PATH: no such file or folder; check the path".
fn read_error(path: &Path, e: &io::Error) -> String {
    msg!(
        "error.cannot_read",
        path = path.display(),
        what = explain_io(e)
    )
}

/// "cannot write PATH: permission denied; …".
fn write_error(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(
        e.kind(),
        msg!(
            "error.cannot_write",
            path = path.display(),
            what = explain_io(&e)
        ),
    )
}

fn usage_error(message: impl std::fmt::Display) -> io::Result<ExitCode> {
    eprintln!("clausier: {message}");
    Ok(ExitCode::from(2))
}

/// Colours for a terminal that has not asked for none (NO_COLOR).
fn terminal_colors() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The terminal's width (`COLUMNS`), 100 when unknown.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
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
    limits: &crate::cli::LimitArgs,
    templates: Option<&Path>,
) -> Result<(ReadOptions, Catalog), Error> {
    let mut options = limits.read_options()?;
    options.templates = templates.map(Path::to_path_buf);
    Ok((options, load_catalog(templates)?))
}

fn load_catalog(templates: Option<&Path>) -> Result<Catalog, Error> {
    match templates {
        Some(dir) => Catalog::with_overrides(dir),
        None => Catalog::builtin(),
    }
}

fn unknown_template(catalog: &Catalog, id: &str) -> String {
    let ids: Vec<&str> = catalog.templates.iter().map(|t| t.id.as_str()).collect();
    msg!("error.unknown_template", id = id, ids = ids.join(", "))
}

/// Where a report goes: a file (`-o`), written to a temporary file beside it and renamed over
/// it by the returned [`Pending`](clausier::write::output::Pending) once complete; or standard
/// output.
fn output(
    path: Option<&Path>,
) -> io::Result<(Box<dyn Write>, Option<clausier::write::output::Pending>)> {
    Ok(match path {
        Some(p) => {
            let (file, pending) =
                clausier::write::output::create(p).map_err(|e| write_error(p, e))?;
            (Box::new(io::BufWriter::new(file)), Some(pending))
        }
        None => (Box::new(io::BufWriter::new(io::stdout().lock())), None),
    })
}

/// Renames a finished output over its destination.
fn commit(
    path: Option<&Path>,
    pending: Option<clausier::write::output::Pending>,
) -> io::Result<()> {
    match (path, pending) {
        (Some(p), Some(pending)) => pending.commit().map_err(|e| write_error(p, e)),
        _ => Ok(()),
    }
}

fn csv_options(args: &crate::cli::CsvArgs) -> Result<report::csv::CsvOptions, Error> {
    let delimiter = args.csv_delimiter;
    if !delimiter.is_ascii() {
        return Err(Error::Usage(msg!(
            "error.csv_delimiter",
            value = format!("{delimiter:?}")
        )));
    }
    Ok(report::csv::CsvOptions {
        delimiter: delimiter as u8,
        bom: !args.no_bom,
        ids: args.csv_ids,
    })
}
