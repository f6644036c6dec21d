//! `clausier check`, `scan` and `rules` as a user runs them: the JSON contract, the human
//! report, exit codes, and an organisation's own models with `--templates`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = clausier().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_json_is_the_documented_contract() {
    let (code, out, _) = run(&[
        "check",
        "--format",
        "json",
        "fixtures/same-clause/clause.txt",
    ]);
    assert_eq!(
        code,
        Some(0),
        "a complete, current clause has no error finding"
    );
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(
        json["consultations"],
        serde_json::json!([]),
        "one file alone is no consultation"
    );
    let doc = &json["documents"][0];
    for field in [
        "path",
        "format",
        "status",
        "error",
        "warnings",
        "considerations_sociales",
        "clauses",
        "findings",
        "archive",
        "role",
        "role_evidence",
    ] {
        assert!(doc.get(field).is_some(), "document field {field}");
    }
    assert_eq!(
        doc["role"], "other_tender_piece",
        "an article without a title block or a telling file name is a tender piece of another kind"
    );
    let clause = &doc["clauses"][0];
    for field in [
        "kind",
        "template",
        "page",
        "section",
        "span",
        "text",
        "parameters",
        "similarity",
        "findings",
        "form",
        "declared",
        "lots_covered",
    ] {
        assert!(clause.get(field).is_some(), "clause field {field}");
    }
    assert_eq!(clause["form"], "clause");
    assert_eq!(clause["declared"], true);
    for field in [
        "hours",
        "percent_of_hours",
        "hours_ratio",
        "penalty_per_hour_eur",
        "award_weight_percent",
        "lots",
        "anru",
    ] {
        assert!(
            clause["parameters"].get(field).is_some(),
            "parameter {field}"
        );
    }
    for field in ["documents", "ok", "errors", "with_clauses", "findings"] {
        assert!(
            json["summary"].get(field).is_some(),
            "summary field {field}"
        );
    }
    // The diff is long and already covered by the human snapshot.
    let mut json = json;
    json["documents"][0]["clauses"][0]["diff"] = Value::Null;
    insta::assert_json_snapshot!("check_json_clause_txt", json);
}

#[test]
fn check_human_tells_a_reviewer_what_to_fix() {
    let (code, out, _) = run(&[
        "check",
        "--color",
        "never",
        "fixtures/documents/ccp2021-esh-ccap-references-obsoletes.txt",
    ]);
    assert_eq!(code, Some(1), "error-severity findings give exit code 1");
    insta::assert_snapshot!("check_human_obsolete", out);
}

#[test]
fn a_span_points_at_the_clause_in_the_source_text() {
    let (_, out, _) = run(&[
        "check",
        "--format",
        "json",
        "fixtures/same-clause/clause.pdf",
    ]);
    let json: Value = serde_json::from_str(&out).unwrap();
    let span = &json["documents"][0]["clauses"][0]["span"];
    let (_, raw, _) = run(&["text", "--raw", "fixtures/same-clause/clause.pdf"]);
    // `text --raw` prints the source text alone (its title line goes to stderr).
    let source: String = raw;
    let start = span["start"].as_u64().unwrap() as usize;
    let end = span["end"].as_u64().unwrap() as usize;
    let clause: String = source.chars().skip(start).take(end - start).collect();
    assert!(
        clause.starts_with("Article 9 – Clause sociale d’insertion"),
        "{clause}"
    );
    assert!(
        clause.trim_end().ends_with("par relevé manquant."),
        "{clause}"
    );
}

#[test]
fn scan_jsonl_gives_one_sorted_line_per_document() {
    let (code, out, _) = run(&[
        "scan",
        "--format",
        "jsonl",
        "fixtures/documents",
        "fixtures/broken",
    ]);
    assert_eq!(
        code,
        Some(1),
        "the corpus holds error findings and unreadable files"
    );
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // Documents only: the consultations follow them (tests/it/consultations.rs).
        .filter(|v| v["type"] != "consultation")
        .collect();
    let files = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents"))
        .unwrap()
        .count()
        + std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken"))
            .unwrap()
            .count();
    // Sub-folders (src/) add their own files; at least every top-level file is there.
    assert!(
        lines.len() >= files - 1,
        "{} lines for {files} entries",
        lines.len()
    );
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(
        paths, sorted,
        "output order is the path order, whatever the thread timing"
    );
    let empty = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("empty.pdf"))
        .unwrap();
    assert_eq!(empty["status"], "error");
    assert_eq!(empty["error"]["code"], "empty-file");
}

#[test]
fn rules_lists_every_rule() {
    let (code, out, _) = run(&["rules"]);
    assert_eq!(code, Some(0));
    for rule in clausier::judge::rules::Rule::ALL {
        assert!(out.contains(rule.as_str()), "{}", rule.as_str());
    }
}

#[test]
fn an_organisation_overrides_a_model_without_code() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("clause-templates/execution-condition.toml"),
    )
    .unwrap();
    // This organisation treats a missing facilitator as an error.
    let strict = shipped.replacen(
        "label_en = \"the facilitator (facilitateur) and their contact details\"\nseverity = \"warning\"",
        "label_en = \"the facilitator (facilitateur) and their contact details\"\nseverity = \"error\"",
        1,
    );
    assert_ne!(strict, shipped, "the override changed the model");
    std::fs::write(dir.path().join("execution-condition.toml"), strict).unwrap();
    let doc = "fixtures/documents/ccp2023-departement-ccap-incomplet.txt";
    let severity_of_facilitator = |extra: &[&str]| {
        let mut args = vec!["check", "--format", "json", doc];
        args.extend_from_slice(extra);
        let (_, out, err) = run(&args);
        let json: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
        json["documents"][0]["clauses"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["element"] == "facilitator")
            .map(|f| f["severity"].as_str().unwrap().to_string())
    };
    assert_eq!(severity_of_facilitator(&[]).as_deref(), Some("warning"));
    let dir_arg = dir.path().to_str().unwrap();
    assert_eq!(
        severity_of_facilitator(&["--templates", dir_arg]).as_deref(),
        Some("error")
    );
}

#[test]
fn a_broken_model_is_a_configuration_error_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("execution-condition.toml"),
        "id = \"execution-condition\"\nkind = \"execution_condition\"\ntitle = 3\n",
    )
    .unwrap();
    let (code, _, err) = run(&[
        "check",
        "--templates",
        dir.path().to_str().unwrap(),
        "fixtures/same-clause/clause.txt",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("execution-condition.toml"), "{err}");
    assert!(err.contains("line 3"), "{err}");
    let (code, _, err) = run(&[
        "check",
        "--templates",
        "no/such/folder",
        "fixtures/same-clause/clause.txt",
    ]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn a_clause_with_a_lot_table_covers_every_lot_of_it() {
    // The clause sets the hours of lots 01 to 03, then says "Pour le lot 02, l'objectif…":
    // that sentence does not narrow it to lot 2; like "tous les lots", it names no subset.
    let (_, out, _) = run(&[
        "check",
        "--format",
        "jsonl",
        "fixtures/same-clause/clause.txt",
    ]);
    let doc: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(doc["clauses"][0]["lots_covered"], Value::Null, "{doc}");
    assert_eq!(
        doc["clauses"][0]["parameters"]["lots"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}
