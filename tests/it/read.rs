//! Reading real files made by real tools: the same clause in every format, the bad inputs with
//! their stable codes, the long CCAP's layout, and the real tender documents of the corpus.

use clausier::base::error::Code;
use clausier::read::blocks::Part;
use clausier::{read, ReadOptions, Reading};
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn read_fixture(rel: &str) -> Reading {
    read(&fixture(rel), &ReadOptions::default())
}

fn body(rel: &str) -> String {
    let reading = read_fixture(rel);
    let doc = reading.document.unwrap_or_else(|p| panic!("{rel}: {p}"));
    doc.text.body().to_string()
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_same_clause_reads_the_same_in_every_format() {
    let reference = words(&body("same-clause/clause.txt"));
    for expected in [
        "Article 9 - Clause sociale d'insertion 9.1 Objet En application de l'article L. 2112-2 du code",
        "correspond à 5 % des heures de main-d'œuvre estimées",
        "Lot | Désignation | Heures d'insertion 01 | Démolition | 460 heures 02 | Gros œuvre | 1 050 heures 03 | Peinture | 280 heures",
        "service « clauses sociales »",
        "réflexion commune sur les postes à ouvrir et l'efficacité",
        "un relevé officiel des heures",
        "En cas d'affluence",
        "pénalité de 60 € HT",
    ] {
        assert!(reference.contains(expected), "clause.txt lacks {expected:?}");
    }
    for rel in [
        "same-clause/clause-cp1252.txt",
        "same-clause/clause-utf16.txt",
        "same-clause/clause.md",
        "same-clause/clause.html",
        "same-clause/clause.fodt",
        "same-clause/clause.odt",
        "same-clause/clause.docx",
        "same-clause/clause.pdf",
        "same-clause/clause-cairo.pdf",
    ] {
        let got = words(&body(rel));
        assert_eq!(got, reference, "{rel} does not read like clause.txt");
    }
}

#[test]
fn every_format_finds_the_same_sections() {
    let outline = |rel: &str| -> Vec<(usize, Option<String>)> {
        read_fixture(rel)
            .document
            .unwrap()
            .sections
            .iter()
            .map(|s| (s.level, s.number.clone()))
            .collect()
    };
    let reference = outline("same-clause/clause.txt");
    assert_eq!(
        reference,
        [
            (0, Some("9".into())),
            (1, Some("9.1".into())),
            (1, Some("9.2".into())),
            (1, Some("9.3".into())),
            (1, Some("9.4".into())),
            (1, Some("9.5".into())),
        ]
    );
    for rel in [
        "same-clause/clause.md",
        "same-clause/clause.html",
        "same-clause/clause.odt",
        "same-clause/clause.docx",
        "same-clause/clause.pdf",
        "same-clause/clause-cairo.pdf",
    ] {
        assert_eq!(outline(rel), reference, "{rel}");
    }
}

#[test]
fn bad_inputs_get_their_stable_codes_and_the_rest_reads() {
    let limits_10m = ReadOptions {
        limits: clausier::read::extract::Limits {
            max_unpacked: 10 << 20,
            ..Default::default()
        },
        ..Default::default()
    };
    for (rel, code) in [
        ("broken/empty.pdf", Code::EmptyFile),
        ("broken/blank.txt", Code::EmptyFile),
        ("broken/truncated.docx", Code::CorruptFile),
        ("broken/not-really.pdf", Code::CorruptFile),
        ("broken/password.pdf", Code::Encrypted),
        ("broken/image-named.pdf", Code::UnsupportedFormat),
        ("broken/billion-laughs.docx", Code::CorruptFile),
        ("no/such/file.pdf", Code::Unreadable),
    ] {
        let reading = read_fixture(rel);
        let problem = reading
            .document
            .err()
            .unwrap_or_else(|| panic!("{rel} should not read"));
        assert_eq!(problem.code, code, "{rel}: {}", problem.message);
        assert!(!problem.message.contains('\n'), "{rel}: one line");
    }
    // A zip bomb is refused with the default limits and with a tight one.
    for options in [ReadOptions::default(), limits_10m] {
        let reading = read(&fixture("broken/zip-bomb.docx"), &options);
        assert_eq!(reading.document.unwrap_err().code, Code::TooLarge);
    }
    // A truncated PDF is either refused as corrupt or read partially, never a panic.
    let truncated = read_fixture("broken/truncated.pdf");
    if let Err(problem) = &truncated.document {
        assert_eq!(problem.code, Code::CorruptFile, "{}", problem.message);
    }
    // Warnings: the text is read and the problem is said. Without OCR, a scan has no text
    // layer (with OCR it is read: see tests/it/ocr.rs).
    let mut no_ocr = ReadOptions::default();
    no_ocr.limits.ocr = clausier::read::extract::OcrMode::Never;
    for (rel, code) in [
        ("broken/scanned.pdf", Code::NoTextLayer),
        ("broken/garbled.pdf", Code::NoTextLayer),
        ("broken/docx-named.pdf", Code::MislabelledFile),
    ] {
        let reading = read(&fixture(rel), &no_ocr);
        assert!(
            reading.warnings.iter().any(|w| w.code == code),
            "{rel}: expected {code}, got {:?} / {:?}",
            reading.warnings,
            reading.document.as_ref().err()
        );
    }
    // Encrypted with an empty user password (owner restrictions only): read normally.
    let owner_only = words(&body("broken/owner-only.pdf"));
    assert!(owner_only.contains("pénalité de 60 € HT"), "{owner_only}");
}

#[test]
fn the_long_ccap_keeps_headers_toc_and_hyphenation_in_their_place() {
    for rel in ["layout/long-ccap.pdf", "layout/long-ccap.docx"] {
        let reading = read_fixture(rel);
        let doc = reading.document.unwrap_or_else(|p| panic!("{rel}: {p}"));
        let body = doc.text.body();
        assert!(
            !body.contains("CCAP - Réhabilitation de 96 logements - Résidence Les Tilleuls"),
            "{rel}: the page header leaked into the body"
        );
        assert!(
            !body.contains("Page 3 / 6"),
            "{rel}: the footer leaked into the body"
        );
        assert!(
            doc.text.blocks.iter().any(|b| b.part == Part::Header),
            "{rel}: the header is kept as its own part"
        );
        for kept in ["Val-de-Lys", "sous-traitance", "dix-huit", "L. 2112-2"] {
            assert!(body.contains(kept), "{rel}: {kept} lost its hyphen");
        }
        let toc: Vec<_> = doc.sections.iter().filter(|s| s.toc).collect();
        assert_eq!(toc.len(), 1, "{rel}: one table of contents");
        let headings: Vec<String> = doc
            .sections
            .iter()
            .filter(|s| !s.toc)
            .filter_map(|s| s.number.clone())
            .collect();
        for number in ["I", "5", "9", "12", "14", "9.1", "4.5", "4.5.3", "a"] {
            let n = headings.iter().filter(|h| *h == number).count();
            assert_eq!(
                n, 1,
                "{rel}: heading {number} found {n} times in {headings:?}"
            );
        }
        let article9 = doc
            .sections
            .iter()
            .find(|s| s.number.as_deref() == Some("9") && !s.toc)
            .unwrap();
        assert!(
            article9.range.start > toc[0].range.end,
            "{rel}: the TOC line is not the article"
        );
        if rel.ends_with(".pdf") {
            assert_eq!(article9.page, Some(5), "{rel}");
        }
    }
}

#[test]
fn line_end_hyphenation_is_undone_in_the_pdf() {
    let body = body("layout/long-ccap.pdf");
    // Words that LibreOffice hyphenated at line ends in this PDF (see fixtures/README.md).
    for word in ["bâtiments", "annexes", "particulières", "présente"] {
        assert!(body.contains(word), "{word} was not re-joined");
    }
    assert!(!body.contains("bâti-\nments"));
}

#[test]
fn the_real_ccap_reads_with_its_insertion_articles() {
    let Some(dir) = crate::common::aquareel("the_real_ccap_reads_with_its_insertion_articles")
    else {
        return;
    };
    for rel in ["ccap-2025.pdf", "ccap-2025.md"] {
        let doc = read(&dir.join(rel), &ReadOptions::default())
            .document
            .unwrap_or_else(|p| panic!("{rel}: {p}"));
        let body = words(doc.text.body());
        for expected in [
            "35 H par tranche de 100 000 €",
            "Pôle emploi",
            "ARTICLE 14 PRIX DES PRESTATIONS",
        ] {
            assert!(body.contains(expected), "{rel} lacks {expected:?}");
        }
        let numbers: Vec<&str> = doc
            .sections
            .iter()
            .filter(|s| !s.toc)
            .filter_map(|s| s.number.as_deref())
            .collect();
        for n in [
            "4.5", "4.5.1", "4.5.2", "4.5.3", "4.5.4", "4.5.5", "4.5.6", "4.5.7", "13.2",
        ] {
            assert!(numbers.contains(&n), "{rel}: no section {n} in {numbers:?}");
        }
        let s45 = doc
            .sections
            .iter()
            .find(|s| !s.toc && s.number.as_deref() == Some("4.5"))
            .unwrap();
        let s457 = doc
            .sections
            .iter()
            .find(|s| !s.toc && s.number.as_deref() == Some("4.5.7"))
            .unwrap();
        assert!(s45.range.start < s457.range.start && s457.range.end <= s45.range.end);
        // The Markdown keeps the original PDF's page markers; the PDF made from it has its own.
        let page = if rel.ends_with(".md") { 5 } else { 8 };
        assert_eq!(s45.page, Some(page), "{rel}: 4.5 starts on page {page}");
        assert!(
            doc.sections.iter().any(|s| s.toc),
            "{rel}: the Sommaire is a TOC"
        );
    }
}

#[test]
fn the_real_acte_d_engagement_and_price_schedule_read() {
    let Some(dir) = crate::common::aquareel("the_real_acte_d_engagement_and_price_schedule_read")
    else {
        return;
    };
    let ae = read(&dir.join("ae-2025.docx"), &ReadOptions::default());
    let ae = words(ae.document.unwrap().text.body());
    assert!(ae.contains("100 000"), "{ae}");
    assert!(ae.contains("ANNEXE N° 2 : REVISION DES PRIX"), "{ae}");
    let bpu = read(&dir.join("bpu-2025.odt"), &ReadOptions::default());
    let doc = bpu.document.unwrap();
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.kind == clausier::read::blocks::BlockKind::TableRow));
}

#[test]
fn locations_map_back_to_pages_and_source_characters() {
    let Some(dir) = crate::common::aquareel("locations_map_back_to_pages_and_source_characters")
    else {
        return;
    };
    let reading = read(&dir.join("ccap-2025.pdf"), &ReadOptions::default());
    let doc = reading.document.unwrap();
    let at = doc.text.text.find("35 H par tranche").unwrap();
    let location = doc.locate(at..at + "35 H par tranche".len());
    assert_eq!(location.part, Part::Body);
    assert_eq!(location.page, Some(8));
    let source: String = doc
        .source
        .chars()
        .skip(location.span.start)
        .take(location.span.end - location.span.start)
        .collect();
    assert_eq!(words(&source), "35 H par tranche");
}
