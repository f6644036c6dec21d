//! Isolation mode: each document is handled by a child process (`clausier` itself) that is
//! killed when it overruns: `check-one` runs the whole per-file pipeline (reading, normalising,
//! detection, checks, the report line) for `scan` and `check`; `read-one` only reads, for
//! `text`. A stack overflow, an abort or memory running out cannot be caught in-process; in a
//! child it only costs that document.

use super::OcrMode;
use super::{seconds, Limits, ReadOutcome};
use crate::base::error::{Code, Problem};
use crate::msg;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

/// Name of the hidden subcommand the child runs to read a file.
pub const CHILD_COMMAND: &str = "read-one";

/// Name of the hidden subcommand the child runs to read and check a document (a scan line).
pub const CHECK_COMMAND: &str = "check-one";

/// Extra time the parent allows beyond the child's own limit (process start, JSON output).
const GRACE: Duration = Duration::from_secs(2);

/// Reads `path` in a child process running `exe read-one`, killed after the time limit.
pub fn read_isolated(exe: &Path, path: &Path, limits: &Limits) -> ReadOutcome {
    let answer = run_child(exe, CHILD_COMMAND, path, limits, None).and_then(|out| {
        serde_json::from_slice(&out).map_err(|e| {
            Problem::new(
                Code::InternalError,
                msg!("problem.internal_error.reader_answer", cause = e),
            )
        })
    });
    answer.unwrap_or_else(|problem| ReadOutcome {
        format: None,
        result: Err(problem),
        warnings: Vec::new(),
    })
}

/// Runs `exe COMMAND` on `path` under the limits, killed once the time limit (and a little
/// grace for its start) has passed; its standard output, or why there is none.
pub fn run_child(
    exe: &Path,
    command: &str,
    path: &Path,
    limits: &Limits,
    templates: Option<&Path>,
) -> Result<Vec<u8>, Problem> {
    let mut child = Command::new(exe);
    child
        .arg(command)
        .arg("--max-file-size")
        .arg(limits.max_file_size.to_string())
        .arg("--max-unpacked")
        .arg(limits.max_unpacked.to_string())
        .arg("--max-pages")
        .arg(limits.max_pages.to_string())
        .arg("--max-text")
        .arg(limits.max_text.to_string())
        .arg("--timeout-per-file")
        .arg(limits.timeout.as_secs_f64().to_string())
        .arg("--ocr")
        .arg(match limits.ocr {
            OcrMode::Auto => "auto",
            OcrMode::Never => "never",
            OcrMode::Always => "always",
        });
    if let Some(dir) = templates {
        child.arg("--templates").arg(dir);
    }
    // The child speaks the run's language: a message it writes (an unreadable file's sentence)
    // reaches the report as it is.
    child.env(
        "CLAUSIER_LANG",
        match crate::base::i18n::lang() {
            crate::base::i18n::Lang::Fr => "fr",
            crate::base::i18n::Lang::En => "en",
        },
    );
    let mut child = match child
        .arg("--")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            return Err(Problem::new(
                Code::InternalError,
                msg!("problem.internal_error.child_start", cause = e),
            ))
        }
    };
    // Drain stdout on a thread so a large answer cannot block the child on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let drain = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let status = match child.wait_timeout(limits.timeout + GRACE) {
        Ok(Some(status)) => status,
        Ok(None) | Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Problem::new(
                Code::Timeout,
                msg!("problem.timeout.child", seconds = seconds(limits.timeout)),
            ));
        }
    };
    let out = drain.join().unwrap_or_default();
    if !status.success() {
        return Err(Problem::new(
            Code::InternalError,
            msg!("problem.internal_error.child_died", status = status),
        ));
    }
    Ok(out)
}
