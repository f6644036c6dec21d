//! Document roles, clause forms and explicit negatives, on documents of each class written for
//! the purpose (`fixtures/classes/`): a code's excerpt, a model full of placeholders, a notice
//! that says "Sans", an AE that points to the CCAP, a notice reserving lots to SIAE under the
//! wrong article.

use serde_json::Value;
use std::process::Command;

fn check(file: &str) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args([
            "check",
            "--format",
            "json",
            &format!("fixtures/classes/{file}"),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() < 2,
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["documents"][0].clone()
}

fn rules(findings: &Value) -> Vec<&str> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

#[test]
fn a_legal_text_and_a_model_are_not_tender_pieces() {
    for (file, role) in [
        ("code-extrait.txt", "legal_text"),
        ("modele-ccap-a-completer.txt", "template"),
    ] {
        let doc = check(file);
        assert_eq!(doc["role"], role, "{file}");
        assert_eq!(doc["role_evidence"]["source"], "text", "{file}");
        assert_eq!(doc["clauses"], Value::Array(vec![]), "{file}: no clause");
        assert_eq!(doc["considerations_sociales"], Value::Null, "{file}");
        assert_eq!(rules(&doc["findings"]), ["not-a-tender-piece"], "{file}");
        let message = doc["findings"][0]["message"].as_str().unwrap();
        assert!(message.contains("pas une pièce de marché"), "{message}");
    }
}

#[test]
fn explicit_negatives_are_declared_false_and_count_for_nothing() {
    let doc = check("avis-sans-clause.txt");
    assert_eq!(doc["role"], "notice");
    assert_eq!(
        doc["considerations_sociales"],
        serde_json::json!(["Pas de considération sociale"])
    );
    let clauses = doc["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 2, "{clauses:?}");
    for c in clauses {
        assert_eq!(c["declared"], false);
        assert_eq!(c["form"], "mention");
        assert!(c["findings"].as_array().unwrap().is_empty());
    }
    assert_eq!(clauses[0]["kind"], "execution_condition");
    assert_eq!(clauses[0]["text"], "Clauses sociales : Sans");
    assert_eq!(clauses[1]["kind"], "reserved_disability");
}

#[test]
fn an_ae_pointing_to_the_ccap_is_a_reference_without_missing_elements() {
    let doc = check("ae-renvoi-ccap.txt");
    assert_eq!(doc["role"], "ae");
    let clause = &doc["clauses"][0];
    assert_eq!(clause["kind"], "execution_condition");
    assert_eq!(clause["form"], "reference");
    assert_eq!(clause["parameters"]["hours"], serde_json::json!([420]));
    assert!(
        !rules(&clause["findings"]).contains(&"missing-element"),
        "the CCAP, not the AE, is held to the model: {:?}",
        clause["findings"]
    );
}

#[test]
fn a_reservation_takes_the_kind_of_the_structures_it_names() {
    let doc = check("avis-lots-reserves.txt");
    let clause = &doc["clauses"][0];
    assert_eq!(
        clause["kind"], "reserved_siae",
        "SIAE named, L2113-12 cited"
    );
    assert_eq!(clause["lots_covered"], serde_json::json!(["3", "4", "5"]));
    let findings = clause["findings"].as_array().unwrap();
    let wrong = findings
        .iter()
        .find(|f| f["rule"] == "wrong-legal-basis")
        .expect("wrong-legal-basis");
    assert_eq!(wrong["severity"], "warning");
    assert!(wrong["message"].as_str().unwrap().contains("L. 2113-13"));
}
