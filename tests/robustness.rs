//! Damaged copies of real fixtures (truncated, bits flipped, ranges zeroed) must each give text
//! or a coded error: no panic escapes, no hang, no crash of the batch.

use clausier::error::Code;
use clausier::extract::{read_bytes, Limits};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// A small deterministic generator, so a failure names a reproducible mutant.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(original: &[u8], rng: &mut XorShift) -> (String, Vec<u8>) {
    let mut bytes = original.to_vec();
    match rng.below(3) {
        0 => {
            let cut = rng.below(bytes.len());
            bytes.truncate(cut);
            (format!("truncated at {cut}"), bytes)
        }
        1 => {
            let flips = 1 + rng.below(16);
            for _ in 0..flips {
                let at = rng.below(bytes.len());
                bytes[at] ^= 1 << rng.below(8);
            }
            (format!("{flips} bits flipped"), bytes)
        }
        _ => {
            let start = rng.below(bytes.len());
            let len = 1 + rng.below(512);
            let end = (start + len).min(bytes.len());
            bytes[start..end].fill(0);
            (format!("zeroed {start}..{end}"), bytes)
        }
    }
}

#[test]
fn mutated_fixtures_never_panic_or_hang() {
    clausier::extract::install_quiet_panic_hook();
    let limits = Limits {
        timeout: Duration::from_secs(20),
        ..Limits::default()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for (rel, mutants) in [
        ("same-clause/clause.pdf", 60),
        ("same-clause/clause-cairo.pdf", 60),
        ("layout/long-ccap.pdf", 30),
        ("same-clause/clause.docx", 50),
        ("layout/long-ccap.docx", 30),
        ("same-clause/clause.odt", 40),
        ("same-clause/clause.html", 15),
        ("same-clause/clause.md", 15),
        ("same-clause/clause-utf16.txt", 15),
    ] {
        let original = std::fs::read(root.join(rel)).unwrap();
        let ext = Path::new(rel).extension().and_then(|e| e.to_str());
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ original.len() as u64);
        for i in 0..mutants {
            let (how, bytes) = mutate(&original, &mut rng);
            let outcome = read_bytes(bytes, ext, &limits);
            let key = match &outcome.result {
                Ok(extracted) => {
                    // Normalising and segmenting damaged text must not panic either.
                    let format = outcome.format.expect("a read file has a format");
                    let doc =
                        clausier::document::Document::from_extracted(format, extracted.clone());
                    assert!(doc.text.text.len() <= 4 * doc.source.len() + 16);
                    "ok".to_string()
                }
                Err(problem) => {
                    assert_ne!(
                        problem.code,
                        Code::Timeout,
                        "{rel} mutant {i} ({how}) hung: {}",
                        problem.message
                    );
                    if problem.code == Code::InternalError {
                        // Third-party parsers may panic (that is what the guard is for);
                        // clausier's own code must not.
                        assert!(
                            !problem.message.contains("src/extract")
                                && !problem.message.contains("src/normalize"),
                            "{rel} mutant {i} ({how}) panicked in clausier: {}",
                            problem.message
                        );
                    }
                    assert!(!problem.message.contains('\n'));
                    problem.code.as_str().to_string()
                }
            };
            *outcomes.entry(key).or_default() += 1;
        }
    }
    // Shown with --nocapture; the figures go in the closing notes.
    eprintln!("mutation outcomes: {outcomes:?}");
    assert!(outcomes.get("ok").copied().unwrap_or(0) > 0);
}
