//! Where an output lands: never on an input, and all or nothing.
//!
//! Every output path (a report with `-o`, a redline, a generated clause) is resolved as the
//! system will resolve it (the file's canonical path when it exists, else its folder's
//! canonical path and its name; symbolic links followed) and compared with every input the run
//! reads: the files named on the command line, the files found in a scanned folder, the archives
//! opened. A match is refused before any work ([`Inputs::check`]). Then the output is written
//! to a temporary file in the same folder and renamed over the destination once complete
//! ([`create`], [`Pending::commit`], [`write`]): an interrupted run leaves the old file (or
//! nothing), never half a file.

use crate::base::error::Error;
use crate::msg;
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The path the system will write for `path`: canonical when it exists; else its folder's
/// canonical path joined with its name (the folder must exist for the write to succeed anyway).
pub fn resolve(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let name = path.file_name().map(Path::new).unwrap_or(path);
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    parent
        .canonicalize()
        .map(|p| p.join(name))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The inputs of a run, by canonical path.
#[derive(Debug, Default)]
pub struct Inputs {
    paths: BTreeSet<PathBuf>,
}

impl Inputs {
    /// No input yet.
    pub fn new() -> Self {
        Inputs::default()
    }

    /// Adds an input (a file, an archive or a folder named or found).
    pub fn add(&mut self, path: &Path) {
        self.paths.insert(resolve(path));
    }

    /// Adds an input already resolved by [`resolve`].
    pub fn add_resolved(&mut self, path: PathBuf) {
        self.paths.insert(path);
    }

    /// Whether `path` resolves to one of the inputs.
    pub fn contains(&self, path: &Path) -> bool {
        self.paths.contains(&resolve(path))
    }

    /// Refuses an output that resolves to an input, or to a folder: writing it would destroy
    /// the user's document.
    pub fn check(&self, output: &Path) -> Result<(), Error> {
        let resolved = resolve(output);
        if self.paths.contains(&resolved) {
            return Err(Error::Usage(msg!(
                "error.output_is_input",
                path = output.display()
            )));
        }
        if resolved.is_dir() {
            return Err(Error::Usage(msg!(
                "error.output_is_folder",
                path = output.display()
            )));
        }
        Ok(())
    }
}

/// Whether the file at `path` is a report clausier wrote (JSON, JSON Lines, CSV or HTML), by its
/// first bytes: a report left in a scanned folder by an earlier run is replaced, not read.
pub fn is_report(path: &Path) -> bool {
    let mut head = [0u8; 512];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    let head = head.trim_start_matches('\u{feff}');
    head.starts_with("{\"type\":\"document\"")
        || head.starts_with("{\"type\":\"consultation\"")
        || (head.starts_with('{') && head.contains("\"schema_version\""))
        || crate::write::report::csv::is_csv_report(head)
        || (head.starts_with("<!DOCTYPE html>") && head.contains("<title>clausier"))
}

/// An output being written: the temporary file in the destination's folder, renamed over the
/// destination by [`commit`](Pending::commit), removed if the run ends without committing.
#[derive(Debug)]
pub struct Pending {
    temporary: PathBuf,
    destination: PathBuf,
    done: bool,
}

impl Pending {
    /// Renames the complete temporary file over the destination. Call it once everything is
    /// written and the writer is flushed and dropped.
    pub fn commit(mut self) -> io::Result<()> {
        std::fs::rename(&self.temporary, &self.destination)?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.temporary);
        }
    }
}

/// Opens a temporary file beside `destination` (same folder, so the rename is atomic), named
/// after it and hidden (`.rapport.html.clausier-1234.tmp`).
pub fn create(destination: &Path) -> io::Result<(File, Pending)> {
    let folder = match destination.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let mut attempt = 0u32;
    loop {
        let temporary = folder.join(format!(
            ".{name}.clausier-{}-{attempt}.tmp",
            std::process::id()
        ));
        match File::options()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => {
                return Ok((
                    file,
                    Pending {
                        temporary,
                        destination: destination.to_path_buf(),
                        done: false,
                    },
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Writes `bytes` to `destination` atomically.
pub fn write(destination: &Path, bytes: &[u8]) -> io::Result<()> {
    let (mut file, pending) = create(destination)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    pending.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_that_resolves_to_an_input_is_refused_in_every_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("CCAP.docx");
        std::fs::write(&input, b"x").unwrap();
        let mut inputs = Inputs::new();
        inputs.add(&input);
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        for spelling in [
            input.clone(),
            dir.path().join("./CCAP.docx"),
            sub.join("../CCAP.docx"),
        ] {
            assert!(inputs.check(&spelling).is_err(), "{}", spelling.display());
        }
        #[cfg(unix)]
        {
            let link = dir.path().join("lien.docx");
            std::os::unix::fs::symlink(&input, &link).unwrap();
            assert!(inputs.check(&link).is_err());
        }
        assert!(inputs.check(&dir.path().join("relu.docx")).is_ok());
        assert!(inputs.check(&sub).is_err(), "a folder is not an output");
    }

    #[test]
    fn a_write_is_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("rapport.json");
        std::fs::write(&out, b"old").unwrap();
        {
            let (mut file, _pending) = create(&out).unwrap();
            file.write_all(b"half").unwrap();
            // Dropped without commit: the run was interrupted.
        }
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write(&out, b"new").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn reports_are_told_from_documents() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("r.json");
        std::fs::write(&report, "{\n  \"schema_version\": 1,\n").unwrap();
        assert!(is_report(&report));
        let doc = dir.path().join("d.html");
        std::fs::write(&doc, "<!DOCTYPE html><title>CCAP</title>").unwrap();
        assert!(!is_report(&doc));
    }
}
