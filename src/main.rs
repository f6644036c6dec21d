//! The `clausier` binary: parse arguments, dispatch to the command, choose the exit code.
//!
//! Exit codes: 0 success (no error-severity finding); 1 the job ran and found a problem (an
//! error-severity finding, or a file that could not be read); 2 usage or configuration error.

mod cli;
mod commands;

use clausier::base::i18n;
use cli::{Cli, Command};
use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    clausier::read::extract::install_quiet_panic_hook();
    i18n::set_lang(cli::chosen_lang());
    let cli = cli::parse();
    commands::set_verbose(cli.verbose);
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

/// Hands the parsed command to its module; scan and merge choose their own output (`-o`).
fn run(cli: Cli) -> io::Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Text(args) => commands::text::run(args, &mut out)?,
        Command::Check(args) => commands::check::run(args, &mut out)?,
        Command::Scan(args) => return commands::scan::run(args),
        Command::Report(cli::ReportArgs {
            action: cli::ReportAction::Merge(args),
        }) => return commands::merge::run(args),
        Command::Generate(args) => commands::generate::run(args, &mut out)?,
        Command::Templates(args) => commands::catalog::templates(args, &mut out)?,
        Command::Rules(args) => commands::catalog::rules(args, &mut out)?,
        Command::Errors => commands::catalog::errors(&mut out)?,
        Command::Serve(args) => return commands::serve::run(args),
        Command::CheckOne(args) => commands::child::check_one(args, &mut out)?,
        Command::ReadOne(args) => commands::child::read_one(args, &mut out)?,
    };
    out.flush()?;
    Ok(code)
}
