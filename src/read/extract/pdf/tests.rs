//! Tests of the PDF reader on small PDFs made with LibreOffice, pdftocairo and qpdf (see
//! `testdata/README.md` for the commands that made them).

use super::*;
use crate::read::blocks::{BlockKind, Part};
use std::time::Duration;

const SAMPLE: &[u8] = include_bytes!("testdata/sample.pdf");
const SAMPLE_CAIRO: &[u8] = include_bytes!("testdata/sample-cairo.pdf");
const OWNER_ONLY: &[u8] = include_bytes!("testdata/owner-only.pdf");
const USER_PASSWORD: &[u8] = include_bytes!("testdata/user-password.pdf");
const MARGINS: &[u8] = include_bytes!("testdata/margins.pdf");

fn deadline() -> Deadline {
    Deadline::after(Duration::from_secs(30))
}

fn read_ok(bytes: &[u8]) -> Extracted {
    read(bytes, &Limits::default(), deadline()).expect("readable PDF")
}

fn joined(extracted: &Extracted) -> String {
    extracted
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check_sample(extracted: &Extracted) {
    assert_eq!(
        extracted.reader,
        Reader::PdfText,
        "notes: {:?}",
        extracted.notes
    );
    assert!(extracted.notes.is_empty());
    assert_eq!(extracted.pages, Some(1));
    assert!(extracted.blocks.iter().all(|b| b.page == Some(1)));
    let text = joined(extracted);
    let lines: Vec<&str> = text.lines().collect();
    let expect_line = |needle: &str| {
        assert!(
            lines.iter().any(|l| l.contains(needle)),
            "no line contains {needle:?} in:\n{text}"
        );
    };
    expect_line(
        "Article 9 – Clause d’insertion sociale (article L.\u{a0}2112-2 du code de la commande",
    );
    expect_line("au moins 5\u{a0}% du nombre total d’heures");
    expect_line("soit 1\u{202f}200 heures de main-d’œuvre.");
    expect_line(
        "Pénalité\u{202f}: 60\u{a0}€ HT par heure non réalisée. Les « guillemets » restent.",
    );
    expect_line(
        "Efficacité, affluence, fiabilité, officiel, réflexion, qualification, effectif, souffle.",
    );
    expect_line("Public éligible | Heures d’insertion | Taux");
    expect_line("Demandeurs d’emploi | 1\u{a0}200 h | 5\u{a0}%");
    expect_line("Bénéficiaires du RSA | 600 h | 2,5\u{a0}%");
    assert!(!text.contains('\u{FFFD}'));
    let rows = extracted
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::TableRow)
        .count();
    assert_eq!(rows, 3);
    let paragraph = extracted
        .blocks
        .iter()
        .find(|b| b.text.starts_with("Le titulaire"))
        .expect("paragraph block");
    assert!(paragraph.text.contains("\néloignées") || paragraph.text.contains(" éloignées"));
    assert!(
        paragraph.text.ends_with("main-d’œuvre."),
        "{:?}",
        paragraph.text
    );
}

#[test]
fn libreoffice_pdf_reads_exactly() {
    check_sample(&read_ok(SAMPLE));
}

#[test]
fn cairo_pdf_reads_exactly() {
    check_sample(&read_ok(SAMPLE_CAIRO));
}

#[test]
fn agrees_with_pdf_extract() {
    for (name, bytes) in [
        ("sample", SAMPLE),
        ("cairo", SAMPLE_CAIRO),
        ("owner-only", OWNER_ONLY),
    ] {
        let ours = joined(&read_ok(bytes)).replace(crate::read::blocks::CELL_SEPARATOR, " ");
        let theirs = pdf_extract::extract_text_from_mem(bytes).expect("pdf-extract reads it");
        assert_eq!(collapse(&ours), collapse(&theirs), "{name}");
    }
}

#[test]
fn owner_password_only_is_read() {
    let extracted = read_ok(OWNER_ONLY);
    check_sample(&extracted);
}

#[test]
fn user_password_is_reported() {
    let err = read(USER_PASSWORD, &Limits::default(), deadline()).unwrap_err();
    assert_eq!(err.code, Code::Encrypted, "{err}");
    assert!(err.message.contains("mot de passe"), "{err}");
}

#[test]
fn truncated_files_never_panic() {
    for bytes in [SAMPLE, SAMPLE_CAIRO] {
        for cut in [bytes.len() / 10, bytes.len() / 2, bytes.len() * 9 / 10] {
            match read(&bytes[..cut], &Limits::default(), deadline()) {
                Ok(extracted) => assert!(extracted.pages.is_some()),
                Err(problem) => assert_eq!(problem.code, Code::CorruptFile, "{problem}"),
            }
        }
    }
}

#[test]
fn page_limit_is_enforced() {
    let limits = Limits {
        max_pages: 0,
        ..Limits::default()
    };
    let err = read(SAMPLE, &limits, deadline()).unwrap_err();
    assert_eq!(err.code, Code::TooLarge);
}

#[test]
fn unpacked_limit_is_enforced() {
    let limits = Limits {
        max_unpacked: 100,
        ..Limits::default()
    };
    let err = read(SAMPLE, &limits, deadline()).unwrap_err();
    assert_eq!(err.code, Code::TooLarge, "{err}");
}

#[test]
fn expired_deadline_times_out() {
    let expired = Deadline::after(Duration::ZERO);
    std::thread::sleep(Duration::from_millis(2));
    let err = read(SAMPLE, &Limits::default(), expired).unwrap_err();
    assert_eq!(err.code, Code::Timeout);
}

#[test]
fn lopdf_fallback_joins_broken_lines() {
    let joined = join_lopdf_lines("Le titulaire réserve 5\n \n% du nombre\n d’heures.\nSuite");
    assert_eq!(
        joined,
        ["Le titulaire réserve 5 % du nombre d’heures.", "Suite"]
    );
}

#[test]
fn no_header_parts_on_one_page() {
    let extracted = read_ok(SAMPLE);
    assert!(extracted.blocks.iter().all(|b| b.part == Part::Body));
}

#[test]
fn repeated_page_header_and_footer_are_set_apart() {
    let extracted = read_ok(MARGINS);
    assert_eq!(extracted.pages, Some(3));
    let got: Vec<(Part, u32, &str)> = extracted
        .blocks
        .iter()
        .map(|b| (b.part, b.page.unwrap(), b.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Part::Header, 1, "CCAP – Marché n° 2025-07"),
            (Part::Body, 1, "Article 1 – Objet du marché."),
            (Part::Footer, 1, "Page 1 / 3"),
            (Part::Header, 2, "CCAP – Marché n° 2025-07"),
            (
                Part::Body,
                2,
                "Article 2 – Clause d’insertion sociale : 5\u{a0}% des heures."
            ),
            (Part::Footer, 2, "Page 2 / 3"),
            (Part::Header, 3, "CCAP – Marché n° 2025-07"),
            (
                Part::Body,
                3,
                "Article 3 – Pénalités : 60\u{a0}€ par heure manquante."
            ),
            (Part::Footer, 3, "Page 3 / 3"),
        ]
    );
}

#[test]
#[ignore = "prints the blocks of the sample PDFs"]
fn dump() {
    for bytes in [SAMPLE, SAMPLE_CAIRO] {
        for b in read_ok(bytes).blocks {
            println!("{:?} {:?} {:?}", b.part, b.kind, b.text);
        }
    }
}

#[test]
fn mutated_files_never_panic() {
    // A fixed linear congruential generator keeps the test reproducible without a dependency.
    let mut seed: u64 = 0x2025_0709;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize
    };
    for source in [SAMPLE, SAMPLE_CAIRO, MARGINS] {
        for _ in 0..60 {
            let mut bytes = source.to_vec();
            for _ in 0..1 + next() % 8 {
                let at = next() % bytes.len();
                bytes[at] = next() as u8;
            }
            let outcome = std::panic::catch_unwind(|| read(&bytes, &Limits::default(), deadline()));
            let result = outcome.expect("read never panics");
            if let Err(problem) = result {
                assert!(
                    matches!(problem.code, Code::CorruptFile | Code::TooLarge),
                    "{problem}"
                );
            }
        }
    }
}
