//! clausier finds, checks and generates the social insertion clauses ("clauses sociales
//! d'insertion") of French public procurement documents.
//!
//! Each stage is a function from one plain type to the next; only `extract` reads files and
//! only `report` writes bytes:
//!
//! ```text
//! extract ─▶ normalize ─▶ segment ─▶ detect ─▶ check ─▶ report
//!                                      ▲          ▲
//!                    clause-templates ─┴──────────┴─▶ generate
//! ```
//!
//! [`read`] runs the reading half (extract, normalise, segment) on one file and never fails:
//! a file that cannot be read comes back with a coded [`error::Problem`].

pub mod check;
pub mod dates;
pub mod detect;
pub mod document;
pub mod error;
pub mod extract;
pub mod generate;
pub mod normalize;
pub mod numbers;
pub mod params;
pub mod redline;
pub mod report;
pub mod scan;
pub mod segment;
pub mod template;

use document::{Document, Format};
use error::Problem;
use extract::Limits;
use std::path::{Path, PathBuf};

/// How to read files.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub limits: Limits,
    /// When set, read each file in a child process of this executable (`--isolate`).
    pub isolate_with: Option<PathBuf>,
}

/// The result of reading one file: a document or the coded reason there is none.
#[derive(Debug, Clone)]
pub struct Reading {
    pub path: PathBuf,
    pub format: Option<Format>,
    pub document: Result<Document, Problem>,
    pub warnings: Vec<Problem>,
}

/// Reads, normalises and segments one file. Never panics, never fails: problems are coded.
pub fn read(path: &Path, options: &ReadOptions) -> Reading {
    let outcome = match &options.isolate_with {
        Some(exe) => extract::read_isolated(exe, path, &options.limits),
        None => extract::read_path(path, &options.limits),
    };
    let format = outcome.format;
    let document = outcome
        .result
        .map(|extracted| Document::from_extracted(format.unwrap_or(Format::Txt), extracted));
    Reading {
        path: path.to_path_buf(),
        format,
        document,
        warnings: outcome.warnings,
    }
}
