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
            // Only what the redline corrects: a term or reference that needs a person's
            // judgement is a comment, and stays in the accepted text.
            let corrected = |f: &&clausier::judge::rules::Finding| {
                let straight = clausier::template::Correction::Straight;
                let term = catalog
                    .terms
                    .iter()
                    .find(|t| Some(&t.term) == f.term.as_ref());
                let reference = catalog
                    .legal
                    .iter()
                    .find(|r| Some(&r.id) == f.reference.as_ref());
                term.is_none_or(|t| t.correction == straight)
                    && reference.is_none_or(|r| r.correction == straight)
            };
            let left: Vec<String> = c
                .findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning)
                .filter(corrected)
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
        if rel.ends_with(".docx") {
            // The reviewer's own document: rejecting gives back the whole of it, exactly.
            let input = std::fs::read(rel).unwrap();
            let original = read_docx_rejecting_changes(&input, &Limits::default()).unwrap();
            let original = Document::from_extracted(Format::Docx, original);
            let body = |d: &Document| -> Vec<String> {
                d.blocks
                    .iter()
                    .filter(|b| b.part == clausier::read::blocks::Part::Body)
                    .map(|b| b.text.clone())
                    .collect()
            };
            assert_eq!(
                body(&doc),
                body(&original),
                "{rel}: rejecting every change gives back the original"
            );
            continue;
        }
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
    assert!(
        html.contains("<del title=\"Référence juridique abrogée"),
        "{html}"
    );
    assert!(html.contains(">article L. 2112-2 du code de la commande publique</ins>"));
    assert!(html.contains("<del title=\"Terme périmé") && html.contains(">RSA</ins>"));
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

    // The reviewer's own document keeps its layout: the same page count as the input.
    let relu = dir.path().join("ccap-relu.docx");
    clausier()
        .args(["check", "fixtures/redline/ccap-revue.docx", "--redline"])
        .arg(&relu)
        .output()
        .unwrap();
    let converted = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&relu)
        .output()
        .unwrap();
    assert!(converted.status.success());
    let pdf = std::fs::read(dir.path().join("ccap-relu.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let expected: usize = std::fs::read_to_string("fixtures/redline/pages.txt")
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("ccap-revue.docx "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert_eq!(doc.get_pages().len(), expected);
}

/// Every part of a DOCX package by name, uncompressed.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut data).unwrap();
        out.insert(file.name().unwrap().to_string(), data);
    }
    out
}

fn body_blocks(bytes: &[u8], rejected: bool) -> Vec<String> {
    let extracted = if rejected {
        read_docx_rejecting_changes(bytes, &Limits::default()).unwrap()
    } else {
        read_bytes(bytes.to_vec(), Some("docx"), &Limits::default())
            .result
            .unwrap()
    };
    let doc = Document::from_extracted(Format::Docx, extracted);
    doc.blocks
        .iter()
        .filter(|b| b.part == clausier::read::blocks::Part::Body)
        .map(|b| b.text.clone())
        .collect()
}

#[test]
fn the_reviewers_own_docx_comes_back_with_tracked_changes_and_nothing_else_touched() {
    let input_path = "fixtures/redline/ccap-revue.docx";
    let input = std::fs::read(input_path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("ccap-relu.docx");
    let out = clausier()
        .args(["check", "--no-diff", input_path, "--redline"])
        .arg(&out_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("modifications suivies et "), "{stderr}");
    let output = std::fs::read(&out_path).unwrap();

    // Every part but the document and its comments is byte for byte the input's.
    let (before, after) = (parts(&input), parts(&output));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, data) in &before {
        if name != "word/document.xml" && name != "word/comments.xml" {
            assert_eq!(data, &after[name], "{name} changed");
        }
    }
    let xml_in = String::from_utf8(before["word/document.xml"].clone()).unwrap();
    let xml_out = String::from_utf8(after["word/document.xml"].clone()).unwrap();
    // The same paragraphs, tables and rows; the other author's changes and comment kept.
    for tag in ["<w:p>", "<w:p ", "<w:tbl>", "<w:tr", "<w:pStyle "] {
        assert_eq!(
            xml_in.matches(tag).count(),
            xml_out.matches(tag).count(),
            "{tag}"
        );
    }
    assert_eq!(
        xml_in.matches("w:author=\"Marie Dupont\"").count(),
        xml_out.matches("w:author=\"Marie Dupont\"").count()
    );
    let comments = String::from_utf8(after["word/comments.xml"].clone()).unwrap();
    assert!(comments.contains("w:author=\"Marie Dupont\""), "{comments}");
    assert!(
        comments.contains("Référence juridique abrogée —"),
        "{comments}"
    );
    assert!(!comments.contains("obsolete-legal-reference"), "{comments}");
    // The italic run of the split citation keeps its italics in its deleted piece.
    assert!(
        xml_out.contains("<w:i/></w:rPr><w:delText xml:space=\"preserve\">de l’ordonnance n°"),
        "{xml_out}"
    );
    // Ids of the new revisions and comments collide with none of the document's.
    let mut ids: Vec<&str> = xml_out
        .match_indices("<w:ins w:id=\"")
        .chain(xml_out.match_indices("<w:del w:id=\""))
        .map(|(i, m)| {
            let rest = &xml_out[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "unique revision ids");

    // Rejecting every change gives back the input, block for block.
    assert_eq!(body_blocks(&output, true), body_blocks(&input, true));
    // Accepting: the whole citation replaced, every mention corrected, judgement left alone.
    let accepted = body_blocks(&output, false).join("\n");
    assert!(!accepted.contains("2015-899"), "{accepted}");
    assert!(!accepted.contains("23 juillet 2015"), "{accepted}");
    assert!(
        !accepted.contains("relative aux marchés publics"),
        "{accepted}"
    );
    assert!(!accepted.contains("Pôle emploi"), "{accepted}");
    assert!(!accepted.contains("infra V"), "{accepted}");
    assert!(accepted.contains("France Travail"), "{accepted}");
    assert!(
        accepted.contains("infra niveau 3") && !accepted.contains("de niveau 3"),
        "infra V is below CAP/BEP, never « niveau 3 »: {accepted}"
    );
    // ZRR → FRR needs the buyer's judgement: a comment on each mention, no change.
    assert!(accepted.contains("ZRR"), "{accepted}");
    assert!(
        comments.matches("À décider par le relecteur").count() >= 2,
        "{comments}"
    );
    // Still valid: never touched.
    assert!(accepted.contains("L.\u{a0}5212-13"), "{accepted}");

    // check on the accepted document finds nothing left of what was corrected.
    let accepted_path = dir.path().join("accepte.docx");
    std::fs::write(&accepted_path, &output).unwrap();
    let report = clausier()
        .args(["check", "--format", "json"])
        .arg(&accepted_path)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let findings: Vec<String> = report["documents"][0]["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap().clone())
        .filter(|f| f["severity"] != "info")
        .map(|f| format!("{} {}", f["rule"], f["term"]))
        .collect();
    assert!(
        !findings
            .iter()
            .any(|f| f.contains("obsolete-legal-reference")
                || f.contains("Pôle emploi")
                || f.contains("RMI")),
        "{findings:?}"
    );
}

#[test]
fn a_docx_whose_clause_is_right_gets_no_tracked_change_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("relu.docx");
    let out = clausier()
        .args(["check", "fixtures/redline/ccap-conforme.docx", "--redline"])
        .arg(&out_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("déjà conforme"), "{stderr}");
    let xml =
        String::from_utf8(parts(&std::fs::read(&out_path).unwrap())["word/document.xml"].clone())
            .unwrap();
    assert!(!xml.contains("w:author=\"clausier\""));
}

#[test]
fn a_redline_onto_its_own_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("CCAP.docx");
    std::fs::copy("fixtures/redline/ccap-revue.docx", &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let out = clausier()
        .current_dir(dir.path())
        .args(["check", "CCAP.docx", "--redline", "./CCAP.docx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn redline_dir_writes_one_redline_per_piece_with_a_clause() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("dce.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for (name, source) in [
        ("Pièces/CCAP.docx", "fixtures/redline/ccap-revue.docx"),
        ("AE.docx", "fixtures/example/dce/ae.docx"),
        ("CCTP.docx", "fixtures/example/dce/cctp.docx"),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(source).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    let out_dir = dir.path().join("relus");
    let out = clausier()
        .arg("check")
        .arg(&zip_path)
        .arg("--redline-dir")
        .arg(&out_dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 versions annotées écrites"), "{stderr}");
    let ccap = std::fs::read(out_dir.join("Pièces - CCAP.relu.docx")).unwrap();
    let xml = String::from_utf8(parts(&ccap)["word/document.xml"].clone()).unwrap();
    assert!(xml.contains("w:author=\"clausier\""));
    assert!(out_dir.join("AE.relu.docx").exists());
    // The CCTP has no clause: no redline.
    assert!(!out_dir.join("CCTP.relu.docx").exists());

    // A file where the folder should be is a usage error.
    let file = dir.path().join("fichier");
    std::fs::write(&file, "x").unwrap();
    let out = clausier()
        .arg("check")
        .arg(&zip_path)
        .arg("--redline-dir")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_readme_lists_the_table_of_corrections_as_the_command_prints_it() {
    let out = clausier()
        .env("CLAUSIER_LANG", "fr")
        .args(["rules", "--corrections"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().count() > 40, "{table}");
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains(&table),
        "README.md's table of corrections differs from `clausier rules --corrections`"
    );
}
