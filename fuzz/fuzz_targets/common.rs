//! What every target asserts: reading gives text or a coded problem, never a crash of
//! clausier's own code and never a hang, and the text read goes through the whole pipeline.

use clausier::error::Code;
use clausier::extract::{read_bytes_here, Deadline, Limits};
use std::io::Write;
use std::time::Duration;

/// Reads `bytes` on this thread (so that libFuzzer sees a panic) and runs the pipeline on the
/// text. A parser's panic is turned into `internal-error` by the reader: raise it again.
pub fn read_and_check(bytes: Vec<u8>, extension: &str) {
    let limits = Limits {
        max_unpacked: 16 << 20,
        max_text: 4 << 20,
        timeout: Duration::from_secs(10),
        ..Limits::default()
    };
    let outcome = read_bytes_here(bytes, Some(extension), &limits, Deadline::after(limits.timeout));
    match outcome.result {
        Ok(extracted) => {
            let format = outcome.format.expect("a read file has a format");
            let doc = clausier::document::Document::from_extracted(format, extracted);
            let catalog = clausier::template::Catalog::builtin().expect("the shipped models load");
            let clauses = clausier::detect::clauses(&doc, &catalog);
            let _ = clausier::check::run(&doc, clauses, &catalog);
        }
        Err(problem) => {
            assert_ne!(problem.code, Code::Timeout, "{}", problem.message);
            assert_ne!(problem.code, Code::InternalError, "{}", problem.message);
        }
    }
}

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
