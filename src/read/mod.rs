//! The reading stage: a file (or an archive's member) in, a [`Reading`] out — the document's
//! blocks extracted by the reader of its format (`extract/`), normalised with an offset map back
//! to the source (`normalize`, `offset_map`) and cut into sections (`segment`). Reading never
//! fails and never panics: a file that cannot be read comes back with a coded
//! [`Problem`](crate::base::error::Problem). Nothing here knows what a clause is.

pub mod blocks;
pub mod document;
pub mod extract;
pub mod normalize;
pub(crate) mod notice;
pub mod offset_map;
pub(crate) mod segment;

use crate::base::error::Problem;
use blocks::Format;
use document::Document;
use extract::Limits;
use std::path::{Path, PathBuf};

/// How to read files.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub limits: Limits,
    /// When set, read each file in a child process of this executable (`--isolate`).
    pub isolate_with: Option<PathBuf>,
    /// The `--templates` folder, which an isolated child loads for itself.
    pub templates: Option<PathBuf>,
}

/// The result of reading one file: a document or the coded reason there is none.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The document's path: a file's, or an archive member's (`dce.zip/Pièces/CCAP.pdf`).
    pub path: PathBuf,
    /// The archive file the document was found in, when it is an archive's member.
    pub archive: Option<PathBuf>,
    pub format: Option<Format>,
    pub document: Result<Document, Problem>,
    pub warnings: Vec<Problem>,
}

impl Reading {
    /// The reading of a file that gave nothing.
    pub fn failed(path: &Path, problem: Problem) -> Self {
        Reading {
            path: path.to_path_buf(),
            archive: None,
            format: None,
            document: Err(problem),
            warnings: Vec::new(),
        }
    }
}

/// The bytes a reading came from, read again under the limits: the file itself, or its member
/// in the archive it was found in (what an in-place redline edits).
pub fn original_bytes(reading: &Reading, limits: &Limits) -> Option<Vec<u8>> {
    match &reading.archive {
        None => extract::disk::read_regular(&reading.path, limits.max_file_size).ok(),
        Some(archive) => {
            let member = reading.path.strip_prefix(archive).ok()?;
            let name = member
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            extract::member_bytes(archive, &name, limits)
        }
    }
}

/// Reads, normalises and segments one file. Never panics, never fails: problems are coded.
/// The time limit covers the whole of it.
pub fn read(path: &Path, options: &ReadOptions) -> Reading {
    let owned = path.to_path_buf();
    let limits = options.limits.clone();
    let read = match &options.isolate_with {
        Some(exe) => {
            let outcome = extract::read_isolated(exe, path, &options.limits);
            extract::guarded(move || reading(owned, None, outcome), limits.timeout)
        }
        None => extract::guarded(move || read_here(&owned, &limits), options.limits.timeout),
    };
    read.unwrap_or_else(|problem| Reading::failed(path, problem))
}

/// Reads every document at `path`: the file, or each member of a zip archive (nested archives
/// walked), or the one member `path` names (`dce.zip/Pièces/CCAP.pdf`). Never panics, never
/// fails, never returns nothing: problems are coded, one reading each.
pub fn read_all(path: &Path, options: &ReadOptions) -> Vec<Reading> {
    extract::read_entries(path, &options.limits, options.isolate_with.as_deref())
        .into_iter()
        .map(|entry| reading(entry.path, entry.archive, entry.outcome))
        .collect()
}

/// Reads one file on the current thread (for a caller already on a reader thread).
pub(crate) fn read_here(path: &Path, limits: &Limits) -> Reading {
    let outcome = extract::read_path_here(path, limits, extract::Deadline::after(limits.timeout));
    reading(path.to_path_buf(), None, outcome)
}

/// Normalises and segments what was read.
pub(crate) fn reading(
    path: PathBuf,
    archive: Option<PathBuf>,
    outcome: extract::ReadOutcome,
) -> Reading {
    let format = outcome.format;
    let document = outcome
        .result
        .map(|extracted| Document::from_extracted(format.unwrap_or(Format::Txt), extracted));
    Reading {
        path,
        archive,
        format,
        document,
        warnings: outcome.warnings,
    }
}
