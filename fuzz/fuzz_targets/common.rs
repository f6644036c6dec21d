//! What every target asserts: reading gives text or a coded problem, never a crash of
//! clausier's own code and never a hang, and the text read goes through the whole pipeline.

// Each target uses only part of this module (the PDF target needs no zip).
#![allow(dead_code)]

use clausier::base::error::Code;
use clausier::read::extract::{read_bytes_here, Deadline, Limits};
use clausier::template::Catalog;
use std::io::Write;
use std::path::Path;
use std::sync::{Once, OnceLock};
use std::time::Duration;

/// Reads `bytes` on this thread and runs the pipeline on the text.
pub fn read_and_check(bytes: Vec<u8>, extension: &str) {
    abort_on_own_panics();
    let limits = Limits {
        max_unpacked: 16 << 20,
        max_text: 4 << 20,
        timeout: Duration::from_secs(10),
        ..Limits::default()
    };
    let outcome = read_bytes_here(
        bytes,
        Some(extension),
        &limits,
        Deadline::after(limits.timeout),
    );
    match outcome.result {
        Ok(extracted) => {
            let format = outcome.format.expect("a read file has a format");
            let doc = clausier::read::document::Document::from_extracted(format, extracted);
            // Compiled once: compiling the models' patterns took most of each run's time.
            static CATALOG: OnceLock<Catalog> = OnceLock::new();
            let catalog =
                CATALOG.get_or_init(|| Catalog::builtin().expect("the shipped models load"));
            let clauses = clausier::find::detect::clauses(&doc, catalog);
            let _ = clausier::judge::rules::run(&doc, clauses, catalog);
        }
        Err(problem) => {
            assert_ne!(problem.code, Code::Timeout, "{}", problem.message);
        }
    }
}

/// Replaces libFuzzer's hook, which aborts on every panic, with one that aborts only on a panic
/// in this repository's code (clausier or the target). A third-party parser's panic is caught
/// by clausier and read around (another PDF reader, or `internal-error` for that file): by
/// design, not a finding. Conversely clausier itself catches a panic of its own PDF reader to
/// try the fallbacks, which would hide it: the hook sees it before anything is caught.
pub fn abort_on_own_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent();
            let own = info
                .location()
                .zip(repository)
                .is_some_and(|(at, repository)| Path::new(at.file()).starts_with(repository));
            if own {
                default(info);
                std::process::abort();
            }
        }));
    });
}

/// Splits a fuzz input into the parts of a package at each [`SEPARATOR`]: the first is the
/// main XML part, the next ones the parts that `names` lists after it. An empty part is left
/// out of the package (an empty XML part is only a corrupt file, which stops the reading).
pub fn parts<'a>(data: &'a [u8], names: &[&'static str]) -> Vec<(&'static str, &'a [u8])> {
    let mut out = Vec::new();
    let mut rest = data;
    for (i, name) in names.iter().enumerate() {
        let at = (i + 1 < names.len())
            .then(|| rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR))
            .flatten();
        match at {
            Some(at) => {
                out.push((*name, &rest[..at]));
                rest = &rest[at + SEPARATOR.len()..];
            }
            None => {
                out.push((*name, rest));
                break;
            }
        }
    }
    out.retain(|(name, content)| *name == names[0] || !content.is_empty());
    out
}

/// What separates the parts of a package in a fuzz input (`seed_corpora.py` writes the same).
pub const SEPARATOR: &[u8] = b"\n--clausier-part--\n";

/// A zip holding `members` (name, content), stored as an office package would be.
pub fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default();
        for (name, content) in members {
            zip.start_file(*name, options).expect("in-memory zip");
            zip.write_all(content).expect("in-memory zip");
        }
        zip.finish().expect("in-memory zip");
    }
    out.into_inner()
}
