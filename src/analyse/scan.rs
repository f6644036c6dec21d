//! Scanning many files: which files (walk, lists, exclusions, shards), read and checked in
//! parallel, handed back **in path order** as soon as each is ready, with a bounded number in
//! flight so that memory stays flat whatever the size of the archive.
//!
//! A scan is a pure function from one file to its reports (one, or one per member of a zip
//! archive), which is what lets `--shard K/N` and
//! `--files-from` split an archive over machines and `report merge` put the parts together.

use crate::analyse::check_reading;
use crate::base::error::{Code, Error, Problem};
use crate::judge::verdict::DocumentReport;
use crate::msg;
use crate::read::extract;
use crate::template::Catalog;
use crate::{ReadOptions, Reading};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::BTreeMap;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};

/// Which files to take.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Glob patterns of files to leave out (matched against the whole path and the file name).
    pub exclude: Vec<String>,
    /// Keep only the files of this shard: (k, n), 1 ≤ k ≤ n. An archive goes whole to the shard
    /// of its own path: it is read once, and its members (one consultation) stay together; a
    /// folder of tender pieces goes whole to the shard of its own path (see [`shard_keys`]).
    pub shard: Option<(u64, u64)>,
}

/// Parses "K/N" (1 ≤ K ≤ N).
pub fn parse_shard(s: &str) -> Result<(u64, u64), Error> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| Error::Usage(msg!("error.shard_form", value = s)))?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| Error::Usage(msg!("error.shard_number", value = s, part = "K")))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| Error::Usage(msg!("error.shard_number", value = s, part = "N")))?;
    if n == 0 || k == 0 || k > n {
        return Err(Error::Usage(msg!("error.shard_range", value = s)));
    }
    Ok((k, n))
}

/// FNV-1a over the path's bytes: stable across runs, machines and Rust versions (unlike the
/// standard library's hasher), so every machine agrees on which shard owns a file.
fn stable_hash(path: &Path) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in path.to_string_lossy().as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // FNV's low bits follow the parity of the bytes; a final mix spreads every bit, so that
    // `hash % n` balances shards even for paths that differ by one character.
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

fn globs(patterns: &[String]) -> Result<GlobSet, Error> {
    let bad = |p: &str, e: globset::Error| {
        Error::Usage(msg!("error.exclude_pattern", pattern = p, cause = e))
    };
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        builder.add(Glob::new(p).map_err(|e| bad(p, e))?);
    }
    builder.build().map_err(|e| bad(&patterns.join(" "), e))
}

/// Reads a list of paths, one per line (`-` for standard input); blank lines are skipped.
pub fn read_list(source: &Path) -> io::Result<Vec<PathBuf>> {
    let lines: Vec<String> = if source == Path::new("-") {
        io::stdin().lock().lines().collect::<Result<_, _>>()?
    } else {
        std::fs::read_to_string(source)?
            .lines()
            .map(str::to_string)
            .collect()
    };
    Ok(lines
        .into_iter()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.trim().is_empty())
        .map(PathBuf::from)
        .collect())
}

/// The files under `paths` (folders walked recursively, hidden files and Office `~$` lock
/// files skipped), filtered by the selection, sorted, without duplicates. Unreadable folders,
/// broken links and special files are kept: reading them reports `unreadable` or
/// `not-a-regular-file`.
pub fn files(paths: &[PathBuf], selection: &Selection) -> Result<Vec<PathBuf>, Error> {
    let exclude = globs(&selection.exclude)?;
    let excluded = |p: &Path| {
        exclude.is_match(p)
            || p.file_name()
                .is_some_and(|n| exclude.is_match(Path::new(n)))
    };
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.') || excluded(e.path()))
            });
        for entry in walker {
            match entry {
                // FIFOs, sockets and devices are listed too: reading reports them
                // `not-a-regular-file` (without opening them) rather than dropping them silently.
                Ok(e) if !e.file_type().is_dir() => {
                    if !e.file_name().to_string_lossy().starts_with("~$") {
                        files.push(e.into_path());
                    }
                }
                Ok(_) => {}
                Err(e) => files.push(e.path().map_or_else(|| path.clone(), Path::to_path_buf)),
            }
        }
    }
    files.retain(|p| !excluded(p));
    files.sort();
    files.dedup();
    if let Some((k, n)) = selection.shard {
        let keys = shard_keys(&files);
        files = files
            .into_iter()
            .zip(keys)
            .filter(|(_, key)| stable_hash(key) % n == k - 1)
            .map(|(file, _)| file)
            .collect();
    }
    Ok(files)
}

/// The path each file is sharded by, so that a consultation goes whole to one shard: the
/// outermost folder that directly holds files whose names say two tender roles or more
/// ("RC.pdf", "CCAP.pdf": the consultation folder, with its sub-folders), else the file itself.
/// Names decide here because nothing is read yet; the scan groups by what the texts say, and
/// `report merge` rebuilds every consultation from its documents whatever the shards.
pub fn shard_keys(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut roles: BTreeMap<&Path, std::collections::BTreeSet<&'static str>> = BTreeMap::new();
    for file in files {
        let role = crate::find::role::from_file_name(file).map(|d| d.role);
        if let (Some(parent), Some(role)) = (file.parent(), role) {
            if role.is_tender_piece() && role != crate::find::role::Role::Unknown {
                roles.entry(parent).or_default().insert(role.as_str());
            }
        }
    }
    files
        .iter()
        .map(|file| {
            file.ancestors()
                .skip(1)
                .filter(|a| roles.get(a).is_some_and(|r| r.len() >= 2))
                .last()
                .map_or_else(|| file.clone(), Path::to_path_buf)
        })
        .collect()
}

/// Most documents read in parallel: more threads than this only cost memory (each has its
/// reader's deep stack) and can exhaust the system's thread limit.
pub const MAX_JOBS: usize = 64;

/// One finished file: its report and its page count.
pub struct Scanned {
    pub report: DocumentReport,
    pub pages: u64,
}

/// Reads and checks one file (not an archive) in this process, within its limits: one line of
/// a scan. Never panics, never fails, never takes much longer than the time limit.
fn check_file(path: &Path, options: &ReadOptions, catalog: &Arc<Catalog>) -> DocumentReport {
    let owned = path.to_path_buf();
    let limits = options.limits.clone();
    let catalog = Arc::clone(catalog);
    extract::guarded(
        move || check_reading(&crate::read::read_here(&owned, &limits), &catalog),
        options.limits.timeout,
    )
    .unwrap_or_else(|problem| failed(path, None, &problem))
}

/// The report of a document that could not be read and checked.
fn failed(path: &Path, archive: Option<PathBuf>, problem: &Problem) -> DocumentReport {
    let reading = Reading {
        archive,
        ..Reading::failed(path, problem.clone())
    };
    DocumentReport::failed(&reading, problem)
}

/// Reads and checks every document at `path` (the file, or each member of a zip archive): one
/// report each, never none, each within the time limit. With `--isolate` each document's whole
/// pipeline runs in a child process of its own, so that even an abort costs that line only.
pub fn check_all(
    path: &Path,
    options: &ReadOptions,
    catalog: &Arc<Catalog>,
) -> Vec<DocumentReport> {
    if let Some(exe) = &options.isolate_with {
        return check_isolated(exe, path, options);
    }
    if !extract::may_hold_members(path) {
        return vec![check_file(path, options, catalog)];
    }
    // Each member was read under its own limit; its normalisation and checks get another.
    extract::read_entries(path, &options.limits, None)
        .into_iter()
        .map(|entry| {
            let unread = (entry.path.clone(), entry.archive.clone());
            let catalog = Arc::clone(catalog);
            extract::guarded(
                move || {
                    check_reading(
                        &crate::read::reading(entry.path, entry.archive, entry.outcome),
                        &catalog,
                    )
                },
                options.limits.timeout,
            )
            .unwrap_or_else(|problem| failed(&unread.0, unread.1, &problem))
        })
        .collect()
}

/// [`check_all`] with each document in a child process (`clausier check-one`): an archive is
/// opened here and each of its documents handed to a child by its member path.
fn check_isolated(exe: &Path, path: &Path, options: &ReadOptions) -> Vec<DocumentReport> {
    let in_child = |path: &Path, archive: Option<PathBuf>| {
        let answer = extract::run_child(
            exe,
            extract::CHECK_COMMAND,
            path,
            &options.limits,
            options.templates.as_deref(),
        )
        .and_then(|out| child_reports(&out));
        answer.unwrap_or_else(|problem| vec![failed(path, archive, &problem)])
    };
    if !extract::may_hold_members(path) {
        return in_child(path, None);
    }
    extract::documents(path, &options.limits)
        .into_iter()
        .flat_map(|found| match found.document {
            Ok(()) => in_child(&found.path, found.archive),
            Err(problem) => vec![failed(&found.path, found.archive, &problem)],
        })
        .collect()
}

/// The reports a `check-one` child wrote, one JSON line each.
fn child_reports(out: &[u8]) -> Result<Vec<DocumentReport>, Problem> {
    let reports = out
        .split(|&b| b == b'\n')
        .filter(|line| !line.is_empty())
        .map(serde_json::from_slice)
        .collect::<Result<Vec<DocumentReport>, _>>()
        .map_err(|e| {
            Problem::new(
                Code::InternalError,
                msg!("problem.internal_error.child_answer", cause = e),
            )
        })?;
    if reports.is_empty() {
        return Err(Problem::new(
            Code::InternalError,
            msg!("problem.internal_error.child_silent"),
        ));
    }
    Ok(reports)
}

/// Reads and checks `files` on `jobs` threads (0: one per core; at most [`MAX_JOBS`]) and calls
/// `sink` with each report in the order of `files` (an archive's members in path order, in its
/// place), as soon as it and all before it are done. At most a few files' reports per thread
/// wait in memory. `sink` returns `false` to stop early (Ctrl-C): the
/// reports already handed over stay complete.
pub fn run(
    files: &[PathBuf],
    options: &ReadOptions,
    catalog: Arc<Catalog>,
    jobs: usize,
    mut sink: impl FnMut(Scanned) -> io::Result<bool>,
) -> io::Result<()> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.min(MAX_JOBS))
        .build()
        .map_err(|e| io::Error::other(msg!("error.reader_threads", jobs = jobs, cause = e)))?;
    let in_flight = pool.current_num_threads() * 4;
    let options = Arc::new(options.clone());
    let (tx, rx) = mpsc::channel::<(usize, Vec<Scanned>)>();
    let mut submitted = 0;
    let mut written = 0;
    let mut waiting: BTreeMap<usize, Vec<Scanned>> = BTreeMap::new();
    while written < files.len() {
        while submitted < files.len() && submitted - written < in_flight {
            let (tx, path) = (tx.clone(), files[submitted].clone());
            let (options, catalog) = (Arc::clone(&options), Arc::clone(&catalog));
            let index = submitted;
            pool.spawn(move || {
                let scanned = check_all(&path, &options, &catalog)
                    .into_iter()
                    .map(|report| Scanned {
                        pages: u64::from(report.pages.unwrap_or(0)),
                        report,
                    })
                    .collect();
                let _ = tx.send((index, scanned));
            });
            submitted += 1;
        }
        let (index, scanned) = rx.recv().map_err(io::Error::other)?;
        waiting.insert(index, scanned);
        while let Some(done) = waiting.remove(&written) {
            written += 1;
            for next in done {
                if !sink(next)? {
                    return Ok(());
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_a_list_without_overlap_or_loss() {
        let paths: Vec<PathBuf> = (0..500)
            .map(|i| PathBuf::from(format!("archive/{i}.pdf")))
            .collect();
        let mut seen = Vec::new();
        for k in 1..=4 {
            let shard: Vec<&PathBuf> = paths
                .iter()
                .filter(|p| stable_hash(p) % 4 == k - 1)
                .collect();
            assert!(
                (100..150).contains(&shard.len()),
                "shards are balanced: {}",
                shard.len()
            );
            seen.extend(shard);
        }
        seen.sort();
        assert_eq!(seen.len(), 500);
        assert_eq!(
            stable_hash(Path::new("a/b.pdf")),
            stable_hash(Path::new("a/b.pdf"))
        );
    }

    #[test]
    fn shard_specs() {
        assert_eq!(parse_shard("2/8").ok(), Some((2, 8)));
        assert!(parse_shard("0/8").is_err());
        assert!(parse_shard("9/8").is_err());
        assert!(parse_shard("x").is_err());
    }
}
