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

fn clause_of<'a>(doc: &'a Value, kind: &str) -> &'a Value {
    doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} clause in {doc}"))
}

#[test]
fn a_commitment_to_take_on_young_apprentices_is_a_social_execution_condition() {
    let doc = check("avis-jeunes-alternance.txt");
    assert_eq!(doc["role"], "notice");
    let clause = clause_of(&doc, "execution_condition");
    assert_eq!(clause["form"], "mention");
    // "un contrat d'alternance par tranche de 500 000 €" is no ratio of insertion hours.
    assert_eq!(clause["parameters"]["hours_ratio"], Value::Null);
}

#[test]
fn other_words_for_a_clause_elsewhere_are_a_reference() {
    let doc = check("avis-elements-caractere-social.txt");
    let clause = clause_of(&doc, "execution_condition");
    assert_eq!(clause["form"], "reference");
    assert!(clause["findings"].as_array().unwrap().is_empty());
}

#[test]
fn a_notices_lots_give_their_labelled_hours() {
    let doc = check("avis-lots-heures-etiquetees.txt");
    let clause = clause_of(&doc, "execution_condition");
    assert_eq!(
        clause["parameters"]["lots"],
        serde_json::json!([{"lot": "1", "hours": 1500}, {"lot": "2", "hours": 900}])
    );
    // The count of beneficiaries is not a volume of hours.
    assert_eq!(
        clause["parameters"]["hours"],
        serde_json::json!([1500, 900])
    );
}

#[test]
fn a_repealed_text_cited_outside_the_clause_is_reported_once_for_the_document() {
    let doc = check("rc-article-abroge.txt");
    assert_eq!(doc["role"], "rc");
    let obsolete: Vec<&Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "obsolete-legal-reference")
        .collect();
    assert_eq!(obsolete.len(), 1, "{obsolete:?}");
    assert_eq!(obsolete[0]["reference"], "decret-2016-28");
    // Dated 2025, long after the décret was repealed (1 April 2019).
    assert_eq!(obsolete[0]["severity"], "error");
    let clause = clause_of(&doc, "execution_condition");
    assert_eq!(clause["parameters"]["hours"], serde_json::json!([600]));
}

#[test]
fn a_candidates_piece_and_meeting_minutes_stipulate_no_clause() {
    // A bidder's mémoire technique answers the clause with the hours it commits to.
    let memoire = check("memoire-technique-reponse-clause.txt");
    assert_eq!(memoire["role"], "other_tender_piece", "{memoire}");
    assert_eq!(memoire["clauses"], serde_json::json!([]), "{memoire}");
    // Minutes report what a CCAP said and what a future tender will say.
    let minutes = check("compte-rendu-comite-clauses.txt");
    assert_eq!(minutes["role"], "guide", "{minutes}");
    assert_eq!(minutes["clauses"], serde_json::json!([]), "{minutes}");
}

#[test]
fn an_article_saying_its_clause_is_sans_objet_is_a_negative() {
    let doc = check("ccap-clause-sans-objet.txt");
    let clauses = doc["clauses"].as_array().unwrap();
    assert!(
        clauses.iter().all(|c| c["declared"] == false),
        "only the negative: {doc}"
    );
}

#[test]
fn a_criterion_whose_line_wraps_is_found_with_its_weight() {
    // Fixed-width RCs and PDFs wrap a criterion's wording over lines.
    let doc = check("rc-critere-insertion-replie.txt");
    let criterion = doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "award_criterion")
        .unwrap_or_else(|| panic!("{doc}"));
    assert_eq!(criterion["parameters"]["award_weight_percent"], 5.0);
}
