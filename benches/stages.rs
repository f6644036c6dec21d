//! What finding and checking the clauses costs beside reading, per document, in one process:
//! `clausier::read::read` (extract, normalise, segment) against `analyse::check_reading` on what was
//! read (roles, detection, figures, checks, the report), the model catalogue loaded once as a
//! scan does.
//!
//! `cargo bench --bench stages [-- FILE_OR_DIR…]`. Without arguments it measures the project's
//! own documents (`fixtures/documents`, `fixtures/example/dce`); a folder is measured file by
//! file (zip members each). Prints milliseconds per document (median of several runs), the
//! share of the reading time the checks add, and the worst document.

use clausier::analyse::check_reading;
use clausier::template::Catalog;
use clausier::{read_all, ReadOptions};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Runs each stage this many times and keeps the median.
const ROUNDS: usize = 5;

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn files(args: &[String]) -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = if args.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        vec![
            root.join("fixtures/documents"),
            root.join("fixtures/example/dce"),
        ]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut out = Vec::new();
    for root in roots {
        if root.is_dir() {
            let mut here: Vec<PathBuf> = std::fs::read_dir(&root)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            here.retain(|p| p.is_file() && p.extension().is_none_or(|e| e != "json" && e != "md"));
            here.sort();
            out.extend(here);
        } else {
            out.push(root);
        }
    }
    out
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let catalog = Catalog::builtin().expect("the built-in models load");
    let options = ReadOptions::default();
    println!(
        "{:<60} {:>9} {:>9} {:>7}",
        "document", "read ms", "check ms", "checks"
    );
    let (mut total_read, mut total_check) = (0.0, 0.0);
    let mut worst: (f64, String) = (0.0, String::new());
    for path in files(&args) {
        let readings = read_all(&path, &options);
        let read = median(
            (0..ROUNDS)
                .map(|_| {
                    let start = Instant::now();
                    std::hint::black_box(read_all(&path, &options));
                    start.elapsed()
                })
                .collect(),
        );
        let check = median(
            (0..ROUNDS)
                .map(|_| {
                    let start = Instant::now();
                    for reading in &readings {
                        std::hint::black_box(check_reading(reading, &catalog));
                    }
                    start.elapsed()
                })
                .collect(),
        );
        let share = if read > 0.0 { check / read } else { 0.0 };
        let name = path
            .file_name()
            .map_or(String::new(), |n| n.to_string_lossy().into_owned());
        println!(
            "{:<60} {read:>9.2} {check:>9.2} {:>6.0}%",
            name.chars().take(60).collect::<String>(),
            share * 100.0
        );
        total_read += read;
        total_check += check;
        if share > worst.0 {
            worst = (share, name);
        }
    }
    println!(
        "\nall documents: reading {total_read:.1} ms, checks {total_check:.1} ms ({:.0} % of reading); worst {} at {:.0} %",
        if total_read > 0.0 { total_check / total_read * 100.0 } else { 0.0 },
        worst.1,
        worst.0 * 100.0
    );
}
