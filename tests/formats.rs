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
