//! The reviewer's redline: accepting every change gives a clause that `check` passes; rejecting
//! every change gives back the text as found; Word's own reader (docx-rs here, LibreOffice when
//! installed) opens the file.

use assert_cmd::Command;
use clausier::read::blocks::Format;
use clausier::read::document::Document;
use clausier::read::extract::{read_bytes, read_docx_rejecting_changes, Limits};
use clausier::template::{Catalog, Severity};
use std::path::Path;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn words(s: &str) -> String {
    clausier::read::normalize::normalize_str(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The clause text of the original, as clausier found it.
fn original_clauses(rel: &str, catalog: &Catalog) -> Vec<String> {
    let reading = clausier::read::read(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(rel),
        &Default::default(),
    );
    let doc = reading.document.unwrap();
    clausier::find::detect::clauses(&doc, catalog)
        .iter()
        .map(|c| {
            std::iter::once(&c.range)
                .chain(&c.linked)
                .map(|r| words(&doc.source[doc.text.source_range(r.clone())]))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The body text of a redline read back, without the title and the clause headings.
fn body_without_headings(doc: &Document) -> String {
    doc.text
        .blocks
        .iter()
        .filter(|b| b.part == clausier::read::blocks::Part::Body)
        .filter(|b| !matches!(b.kind, clausier::read::blocks::BlockKind::Heading { .. }))
        .map(|b| &doc.text.text[b.range.clone()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn accepting_corrects_and_rejecting_restores() {
    let catalog = Catalog::builtin().unwrap();
    for rel in [
        "fixtures/documents/ccp2021-esh-ccap-references-obsoletes.txt",
        "fixtures/documents/ccp2023-departement-ccap-incomplet.txt",
        "fixtures/documents/ccp2024-oph-ccap-pole-emploi.docx",
        "fixtures/example/dce/ccap.pdf",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("redline.docx");
        clausier()
            .args(["check", "--format", "json", rel, "--redline"])
            .arg(&out)
            .output()
            .unwrap();
        let bytes = std::fs::read(&out).unwrap_or_else(|e| panic!("{rel}: {e}"));

        // Word's structures: revisions and comments by clausier, readable by docx-rs.
        let xml = {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut s)
                .unwrap();
            assert!(
                zip.by_name("word/comments.xml").is_ok(),
                "{rel}: comments part"
            );
            s
        };
        assert!(
            xml.contains("<w:ins ") && xml.contains("w:author=\"clausier\""),
            "{rel}"
        );
        docx_rs::read_docx(&bytes)
            .unwrap_or_else(|e| panic!("{rel}: docx-rs cannot read the redline: {e}"));

        // Every change accepted: what check would say of the corrected clause.
        let accepted = read_bytes(bytes.clone(), Some("docx"), &Limits::default())
            .result
            .unwrap();
        let doc = Document::from_extracted(Format::Docx, accepted);
        let clauses = clausier::find::detect::clauses(&doc, &catalog);
        let checked = clausier::judge::rules::run(&doc, clauses, &catalog);
        assert!(
            !checked.clauses.is_empty(),
            "{rel}: the clause is still found"
        );
        for c in &checked.clauses {
            let left: Vec<String> = c
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .map(|f| format!("{}: {}", f.rule.as_str(), f.message))
                .collect();
            assert!(
                left.is_empty(),
                "{rel}: after accepting every change: {left:?}"
            );
        }

        // Every change rejected: the clause as it was.
        let rejected = read_docx_rejecting_changes(&bytes, &Limits::default()).unwrap();
        let doc = Document::from_extracted(Format::Docx, rejected);
        assert_eq!(
            words(&body_without_headings(&doc)),
            original_clauses(rel, &catalog).join(" "),
            "{rel}: rejecting every change gives back the original"
        );
    }
}

#[test]
fn the_html_redline_marks_each_change_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("redline.html");
    clausier()
        .args([
            "check",
            "fixtures/documents/ccp2021-esh-ccap-references-obsoletes.txt",
            "--redline",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<del title=\"obsolete-legal-reference"));
    assert!(html.contains(">article L. 2112-2 du code de la commande publique</ins>"));
    assert!(html.contains("<del title=\"outdated-term") && html.contains(">RSA</ins>"));
}

#[test]
fn libreoffice_opens_the_redline_when_installed() {
    let Ok(status) = std::process::Command::new("soffice")
        .arg("--version")
        .output()
    else {
        // LibreOffice is not on this machine; docx-rs's reader covers the format above.
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    };
    if !status.status.success() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("redline.docx");
    clausier()
        .args(["check", "fixtures/example/dce/ccap.pdf", "--redline"])
        .arg(&out)
        .output()
        .unwrap();
    let converted = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        converted.status.success(),
        "{}",
        String::from_utf8_lossy(&converted.stderr)
    );
    let pdf = std::fs::read(dir.path().join("redline.pdf")).expect("LibreOffice wrote a PDF");
    assert!(pdf.starts_with(b"%PDF"));
}
