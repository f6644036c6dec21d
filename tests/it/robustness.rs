//! Damaged copies of real fixtures (truncated, bits flipped, ranges zeroed) must each give text
//! or a coded error: no panic escapes, no hang, no crash of the batch.

use clausier::base::error::Code;
use clausier::read::extract::{read_bytes, Limits};
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
    clausier::read::extract::install_quiet_panic_hook();
    let catalog = clausier::template::Catalog::builtin().unwrap();
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
                    let doc = clausier::read::document::Document::from_extracted(
                        format,
                        extracted.clone(),
                    );
                    assert!(doc.text.text.len() <= 4 * doc.source.len() + 16);
                    // And so must detection and checking.
                    let clauses = clausier::find::detect::clauses(&doc, &catalog);
                    let _ = clausier::judge::rules::run(&doc, clauses, &catalog);
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

/// Words that steer detection, parameter extraction and checks into their corners.
const VOCABULARY: &[&str] = &[
    "Article",
    "9",
    "4.5",
    "4.5.1",
    "1°",
    "–",
    ":",
    ";",
    ".",
    "\n",
    "\n\n",
    "|",
    "clause",
    "sociale",
    "d'insertion",
    "heures",
    "h",
    "1 050",
    "quatre",
    "cent",
    "(420)",
    "%",
    "5",
    "€",
    "HT",
    "euros",
    "par",
    "heure",
    "non",
    "réalisée",
    "pénalité",
    "tranche",
    "100 000",
    "facilitateur",
    "PLIE",
    "SIAE",
    "réservé",
    "aux",
    "entreprises",
    "adaptées",
    "L. 2112-2",
    "article 14 du code des marchés publics",
    "RMI",
    "ZUS",
    "Pôle emploi",
    "niveau V",
    "critère",
    "performances en matière d'insertion",
    "Lot",
    "01",
    "Total",
    "ANRU",
    "12 mars 2012",
    "Sommaire",
    "........",
    "3",
    "ancien",
    "(3h)",
    "services de qualification et d'insertion professionnelles",
    "marché",
    "montant",
    "part de main-d'œuvre",
    "coût horaire",
    "35",
    "soit",
    "global",
    "L. 2112-2-1",
    "21 août 2026",
    "5 538 000",
];

static CATALOG: std::sync::LazyLock<clausier::template::Catalog> =
    std::sync::LazyLock::new(|| clausier::template::Catalog::builtin().unwrap());

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]

    /// Any text made of the words clauses are made of goes through detection and checks.
    #[test]
    fn detection_and_checks_never_panic(words in proptest::collection::vec(proptest::sample::select(VOCABULARY), 0..120)) {
        let catalog = &*CATALOG;
        let doc = clausier::read::document::Document::from_text(&words.join(" "));
        let clauses = clausier::find::detect::clauses(&doc, catalog);
        let checked = clausier::judge::rules::run(&doc, clauses, catalog);
        for c in &checked.clauses {
            proptest::prop_assert!(c.clause.range.end <= doc.text.text.len());
            let _ = clausier::write::redline::changes(&doc, std::slice::from_ref(c), catalog, None);
        }
    }
}
