//! Published notices on the binary: TED XML and eForms notices written for these tests give their
//! text (clauses found in it) and their structured fields (`notice`) in the JSON report.

use serde_json::Value;

fn scan_json(paths: &[&str]) -> Value {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    let out = cmd
        .args(["scan", "--format", "json", "--quiet"])
        .args(paths)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn document<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

fn kinds(doc: &Value) -> Vec<&str> {
    doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect()
}

#[test]
fn ted_notice_gives_text_clauses_and_structured_fields() {
    let report = scan_json(&["fixtures/notices/ted-f02-lots.xml"]);
    let doc = document(&report, "ted-f02-lots.xml");
    assert_eq!(doc["status"], "ok");
    assert_eq!(doc["format"], "xml");
    assert_eq!(doc["reader"], "ted-xml");
    let kinds = kinds(doc);
    assert!(kinds.contains(&"execution_condition"), "{kinds:?}");
    assert!(kinds.contains(&"award_criterion"), "{kinds:?}");
    let notice = &doc["notice"];
    assert_eq!(notice["schema"], "ted-r2.0.9");
    assert_eq!(notice["form"], "F02");
    assert_eq!(notice["id"], "2024/S 111-000001");
    assert_eq!(notice["buyer"], "Commune d'Exempleville");
    assert_eq!(notice["tender_deadline"], "2024-07-15");
    assert_eq!(notice["estimated_value"]["value"], 300000.0);
    assert_eq!(notice["flags"][0]["kind"], "reserved-participation");
    assert_eq!(notice["flags"][0]["code"], "RESTRICTED_SHELTERED_WORKSHOP");
    let lots = notice["lots"].as_array().unwrap();
    assert_eq!(lots.len(), 2);
    let weights: Vec<f64> = lots
        .iter()
        .map(|lot| {
            lot["award_criteria"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"].as_str().unwrap_or("").contains("insertion"))
                .unwrap()["weight"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert_eq!(weights, [10.0, 15.0]);
}

#[test]
fn eforms_notice_gives_flags_per_lot_and_weights() {
    let report = scan_json(&["fixtures/notices/eforms-cn-reserved.xml"]);
    let doc = document(&report, "eforms-cn-reserved.xml");
    assert_eq!(doc["reader"], "eforms");
    let kinds = kinds(doc);
    assert!(kinds.contains(&"award_criterion"), "{kinds:?}");
    let notice = &doc["notice"];
    assert_eq!(notice["schema"], "eforms");
    let flags: Vec<(&str, &str, &str)> = notice["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["lot"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(flags.contains(&("reserved-participation", "res-ws", "LOT-0001")));
    assert!(flags.contains(&("social-objective", "opp", "LOT-0001")));
    assert_eq!(
        notice["lots"][0]["award_criteria"][0]["weight_unit"],
        "percent"
    );
    assert_eq!(notice["lots"][0]["award_criteria"][0]["weight"], 15.0);
    // The clause found in the text carries the weight too.
    let criterion = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "award_criterion")
        .unwrap();
    assert_eq!(criterion["parameters"]["award_weight_percent"], 15.0);
}

#[test]
fn a_ticked_employment_objective_is_a_clause_of_form_flag() {
    let report = scan_json(&["fixtures/notices/eforms-cn-objectif-social.xml"]);
    let doc = document(&report, "eforms-cn-objectif-social.xml");
    // No sentence of the notice states a clause: the structured field is the clause.
    let clauses = doc["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 1, "{clauses:?}");
    let flag = &clauses[0];
    assert_eq!(flag["form"], "flag");
    assert_eq!(flag["kind"], "execution_condition");
    assert_eq!(flag["text"], "opp");
    assert_eq!(flag["lots_covered"], serde_json::json!(["LOT-0001"]));
    assert!(flag["findings"].as_array().unwrap().is_empty());
    assert_eq!(
        doc["considerations_sociales"],
        serde_json::json!(["Clause sociale"])
    );
}

#[test]
fn documents_that_are_not_notices_have_no_notice_field() {
    let report = scan_json(&["fixtures/same-clause/clause.txt"]);
    let doc = document(&report, "clause.txt");
    assert!(doc.get("notice").is_none(), "{doc}");
}
