//! The `clausier` binary: parse arguments, call the library, choose the exit code.
//!
//! Exit codes: 0 success; 1 the job ran and found a problem (for `text`: the file could not be
//! read); 2 usage or configuration error.

mod cli;

use clap::Parser;
use clausier::error::Code;
use cli::{Cli, Command, TextFormat};
use std::io::{self, Write};
use std::process::ExitCode;

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
