//! Speed of the PDF readers, one thread, one file at a time: clausier's own reader (through
//! `extract::read_bytes`, so thread start and fallbacks included), pdf-extract, and poppler's
//! `pdftotext` as a spawned process when it is on PATH.
//!
//! `cargo bench --bench pdf_text [-- FILE.pdf…]`. Without arguments it reads the reader's test
//! PDFs, plus a 60-page PDF built by repeating the sample's page (kept in memory only).
//! `--dump` prints our reader's blocks instead of timing.

use clausier::read::extract::{read_bytes, Limits};
use lopdf::{Document, Object};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs each reader this many times and keeps the median.
const ROUNDS: usize = 7;

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn time(mut f: impl FnMut()) -> f64 {
    f();
    median(
        (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect(),
    )
}

/// A document with `copies` copies of the first page of `bytes` (the copies share content).
fn repeated(bytes: &[u8], copies: usize) -> Option<Vec<u8>> {
    let mut doc = Document::load_mem(bytes).ok()?;
    let first = *doc.get_pages().get(&1)?;
    let page = doc.get_dictionary(first).ok()?.clone();
    let pages_id = page.get(b"Parent").ok()?.as_reference().ok()?;
    let kids: Vec<Object> = (0..copies)
        .map(|_| Object::Reference(doc.add_object(Object::Dictionary(page.clone()))))
        .collect();
    let pages = doc.get_dictionary_mut(pages_id).ok()?;
    pages.set("Kids", kids);
    pages.set("Count", copies as i64);
    let mut out = Vec::new();
    doc.save_to(&mut out).ok()?;
    Some(out)
}

fn pdftotext(bytes: &[u8]) -> Option<f64> {
    let dir = std::env::temp_dir().join(format!("clausier-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("in.pdf");
    std::fs::File::create(&path).ok()?.write_all(bytes).ok()?;
    let run = || {
        Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    let result = if run() {
        Some(time(|| {
            run();
        }))
    } else {
        None
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn main() {
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    if args.is_empty() {
        let testdata = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/extract/pdf/testdata");
        for name in ["sample.pdf", "sample-cairo.pdf", "owner-only.pdf"] {
            if let Ok(bytes) = std::fs::read(testdata.join(name)) {
                if let Some(big) = repeated(&bytes, 60) {
                    inputs.push((format!("{name} ×60"), big));
                }
                inputs.push((name.to_string(), bytes));
            }
        }
    } else {
        for path in args {
            match std::fs::read(&path) {
                Ok(bytes) => inputs.push((path.display().to_string(), bytes)),
                Err(e) => eprintln!("{}: {e}", path.display()),
            }
        }
    }
    let limits = Limits::default();
    if std::env::args().any(|a| a == "--dump") {
        for (name, bytes) in inputs {
            let outcome = read_bytes(bytes, Some("pdf"), &limits);
            println!("== {name}: {:?}", outcome.warnings);
            match outcome.result {
                Ok(e) => {
                    for b in e.blocks {
                        println!(
                            "[{} p{} {:?}]\n{}\n",
                            b.part.as_str(),
                            b.page.unwrap_or(0),
                            b.kind,
                            b.text
                        );
                    }
                }
                Err(p) => println!("{p}"),
            }
        }
        return;
    }
    println!(
        "{:<40} {:>5} {:>9} {:>9} {:>12} {:>12} {:>7}",
        "file", "pages", "ours ms", "pages/s", "pdf-extract", "pdftotext", "reader"
    );
    for (name, bytes) in inputs {
        let outcome = read_bytes(bytes.clone(), Some("pdf"), &limits);
        let (pages, reader) = match &outcome.result {
            Ok(e) => (e.pages.unwrap_or(0), e.reader.as_str().to_string()),
            Err(p) => (0, p.code.as_str().to_string()),
        };
        let ours = time(|| {
            let _ = read_bytes(bytes.clone(), Some("pdf"), &limits);
        });
        let extract = time(|| {
            let _ =
                std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(&bytes));
        });
        let poppler = pdftotext(&bytes)
            .map(|ms| format!("{ms:.1}"))
            .unwrap_or_else(|| "-".to_string());
        let per_second = if ours > 0.0 {
            pages as f64 / (ours / 1000.0)
        } else {
            0.0
        };
        println!(
            "{name:<40} {pages:>5} {ours:>9.1} {per_second:>9.0} {extract:>12.1} {poppler:>12} {reader:>7}"
        );
    }
}
