//! Formats made by LibreOffice from our own sources (`fixtures/make.sh`), on the binary: each
//! converted file reports the same clauses and figures as the original it was made from.

use serde_json::Value;

fn scan(paths: &[&str]) -> Vec<Value> {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    let out = cmd
        .args(["scan", "--format", "json", "--quiet"])
        .args(paths)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["documents"].as_array().unwrap().clone()
}

/// The clauses of a report as (kind, parameters): what must not change with the format.
fn clauses(doc: &Value) -> Vec<(String, Value)> {
    assert_eq!(doc["status"], "ok", "{doc}");
    doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["parameters"].clone(),
            )
        })
        .collect()
}

fn find<'a>(docs: &'a [Value], name: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

#[test]
fn opendocument_template_and_text_web_read_like_their_source() {
    let docs = scan(&[
        "fixtures/same-clause/clause.fodt",
        "fixtures/same-clause/clause.html",
        "fixtures/formats/clause.ott",
        "fixtures/formats/clause.oth",
    ]);
    for (converted, original) in [("clause.ott", "clause.fodt"), ("clause.oth", "clause.html")] {
        let doc = find(&docs, converted);
        assert_eq!(doc["format"], "odt", "{converted}");
        assert!(
            doc["warnings"].as_array().unwrap().is_empty(),
            "{converted}: {}",
            doc["warnings"]
        );
        let got = clauses(doc);
        assert_eq!(got, clauses(find(&docs, original)), "{converted}");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1["penalty_per_hour_eur"], 60.0);
    }
}

#[test]
fn rtf_reads_like_its_source_even_named_doc() {
    let docs = scan(&[
        "fixtures/same-clause/clause.fodt",
        "fixtures/formats/clause.rtf",
        "fixtures/formats/clause-rtf.doc",
    ]);
    let original = clauses(find(&docs, "clause.fodt"));
    for name in ["clause.rtf", "clause-rtf.doc"] {
        let doc = find(&docs, name);
        assert_eq!(doc["format"], "rtf", "{name}");
        assert_eq!(doc["reader"], "rtf", "{name}");
        assert_eq!(clauses(doc), original, "{name}");
    }
    let named_doc = find(&docs, "clause-rtf.doc");
    assert_eq!(named_doc["warnings"][0]["code"], "mislabelled-file");
}

#[test]
fn word_97_reads_like_its_source() {
    let docs = scan(&[
        "fixtures/same-clause/clause.fodt",
        "fixtures/formats/clause.doc",
        "fixtures/layout/long-ccap.docx",
        "fixtures/formats/long-ccap.doc",
    ]);
    for (converted, original) in [
        ("clause.doc", "clause.fodt"),
        ("long-ccap.doc", "long-ccap.docx"),
    ] {
        let doc = find(&docs, converted);
        assert_eq!(doc["format"], "doc", "{converted}");
        assert_eq!(doc["reader"], "doc", "{converted}");
        assert!(doc["warnings"].as_array().unwrap().is_empty(), "{doc}");
        assert_eq!(clauses(doc), clauses(find(&docs, original)), "{converted}");
    }
}

/// The blocks of `clausier text --format json`: (part, kind, text).
fn blocks(path: &str) -> Vec<(String, String, String)> {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    let out = cmd
        .args(["text", "--format", "json", path])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let doc = &json["document"];
    let source: Vec<char> = doc["source"].as_str().unwrap().chars().collect();
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let span = &b["source"];
            let (start, end) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            (
                b["part"].as_str().unwrap().to_string(),
                b["kind"]["type"].as_str().unwrap().to_string(),
                source[start..end].iter().collect(),
            )
        })
        .collect()
}

#[test]
fn word_97_keeps_headers_footers_headings_rows_and_field_results() {
    // Word 97 stores optional hyphens as a control character, DOCX as U+00AD, and a page
    // break ends the DOCX paragraph with a line break: compare without them.
    let plain = |blocks: Vec<(String, String, String)>| -> Vec<(String, String, String)> {
        blocks
            .into_iter()
            .map(|(p, k, t)| (p, k, t.replace('\u{ad}', "").trim().to_string()))
            .collect()
    };
    let doc = plain(blocks("fixtures/formats/long-ccap.doc"));
    let docx = plain(blocks("fixtures/layout/long-ccap.docx"));
    assert_eq!(doc, docx);
    // The footer's page numbers are fields: their results are read, never their codes.
    assert!(doc.contains(&(
        "footer".to_string(),
        "paragraph".to_string(),
        "Page 6 / 6".to_string()
    )));
    assert!(doc.iter().any(|b| b.0 == "header"));
    assert!(doc.iter().filter(|b| b.1 == "heading").count() > 20);
}

#[test]
fn workbooks_give_the_annex_hours_per_lot_and_the_penalty() {
    let docs = scan(&[
        "fixtures/formats/annexe-ae.xlsx",
        "fixtures/formats/annexe-ae.xls",
        "fixtures/formats/annexe-ae.ods",
    ]);
    let reference = clauses(find(&docs, "annexe-ae.xlsx"));
    assert_eq!(reference.len(), 1, "{reference:?}");
    let (kind, parameters) = &reference[0];
    assert_eq!(kind, "execution_condition");
    let lots: Vec<(String, u64)> = parameters["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["lot"].as_str().unwrap().to_string(),
                l["hours"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lots,
        [
            ("1".to_string(), 460),
            ("2".to_string(), 1050),
            ("3".to_string(), 280)
        ]
    );
    assert_eq!(parameters["penalty_per_hour_eur"], 60.0);
    for (name, format) in [("annexe-ae.xls", "xls"), ("annexe-ae.ods", "ods")] {
        let doc = find(&docs, name);
        assert_eq!(doc["format"], format);
        assert_eq!(doc["reader"], "calamine");
        assert_eq!(clauses(doc), reference, "{name}");
    }
    let xlsx = find(&docs, "annexe-ae.xlsx");
    assert_eq!(xlsx["format"], "xlsx");
    // Mostly figures is normal for a sheet: no "garbled text layer" warning.
    assert!(xlsx["warnings"].as_array().unwrap().is_empty(), "{xlsx}");
}

#[test]
fn a_sheet_reads_as_a_section_with_one_row_per_line() {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    let out = cmd
        .args(["text", "fixtures/formats/annexe-ae.ods"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Lot | Désignation | Heures d'insertion"),
        "{text}"
    );
    assert!(text.contains("2 | Gros œuvre | 1050"), "{text}");
}

#[test]
fn a_pdf_table_row_whose_title_wraps_keeps_its_lot() {
    // Made by LibreOffice from the HTML beside it: the first row's title wraps, so the PDF
    // lays "Lot 1", the title's two lines and "600 heures" at heights of their own.
    let docs = scan(&[
        "fixtures/layout/lot-row-wrapped.pdf",
        "fixtures/layout/lot-row-wrapped.html",
    ]);
    for doc in &docs {
        let found = clauses(doc);
        assert_eq!(found.len(), 1, "{doc}");
        let lots = &found[0].1["lots"];
        assert_eq!(
            lots,
            &serde_json::json!([{"lot": "1", "hours": 600}, {"lot": "2", "hours": 600}]),
            "{}",
            doc["path"]
        );
    }
}
