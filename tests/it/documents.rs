//! The detection and checking corpus: 41 tender documents written for this project in the
//! styles of three legal eras (fixtures/documents/README.md), each with its expected result.
//! Detection precision and recall must be 1.0, parameters exact, findings as expected.

use clausier::analyse::check_reading;
use clausier::judge::verdict::{ClauseReport, DocumentReport};
use clausier::template::Catalog;
use clausier::{read, ReadOptions};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn documents() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/documents");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let document = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .find(|n| n.starts_with(&format!("{stem}.")) && !n.ends_with(".json"))
            .unwrap_or_else(|| panic!("no document for {name}"));
        out.push((document, expected));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn check(rel: &str, catalog: &Catalog) -> DocumentReport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/documents")
        .join(rel);
    let reading = read(&path, &ReadOptions::default());
    check_reading(&reading, catalog)
}

/// (rule, element or term) of every finding except wording deviations, which the corpus does
/// not describe.
fn finding_keys(findings: &[clausier::judge::rules::Finding]) -> BTreeSet<String> {
    findings
        .iter()
        .filter(|f| f.rule != clausier::judge::rules::Rule::WordingDeviation)
        .map(|f| {
            let detail = f
                .element
                .map(|e| e.as_str().to_string())
                .or_else(|| f.term.clone())
                .unwrap_or_default();
            format!("{}:{detail}", f.rule.as_str())
        })
        .collect()
}

fn expected_keys(findings: &Value) -> BTreeSet<String> {
    findings
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let detail = f["element"].as_str().or(f["term"].as_str()).unwrap_or("");
            format!("{}:{detail}", f["rule"].as_str().unwrap())
        })
        .collect()
}

fn parameters_of(clause: &ClauseReport) -> Value {
    let p = serde_json::to_value(&clause.parameters).unwrap();
    serde_json::json!({
        "hours": p["hours"],
        "percent_of_hours": p["percent_of_hours"],
        "hours_ratio": p["hours_ratio"],
        "penalty_per_hour_eur": p["penalty_per_hour_eur"],
        "award_weight_percent": p["award_weight_percent"],
        "lots": p["lots"],
        "anru": p["anru"],
    })
}

/// Numbers compare by value (60 and 60.0 are the same figure).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        // A field added since the expectation was written must be null there.
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).all(|k| {
            same(
                x.get(k).unwrap_or(&Value::Null),
                y.get(k).unwrap_or(&Value::Null),
            )
        }),
        _ => a == b,
    }
}

#[test]
fn the_corpus_comes_out_as_expected() {
    let catalog = Catalog::builtin().unwrap();
    let docs = documents();
    assert!(docs.len() >= 30, "the corpus has {} documents", docs.len());
    let (mut true_pos, mut false_pos, mut false_neg) = (0, 0, 0);
    let mut problems: Vec<String> = Vec::new();
    for (rel, expected) in &docs {
        let report = check(rel, &catalog);
        assert_eq!(report.status, "ok", "{rel}: {:?}", report.error);
        // DECP values are a set; clausier writes them in the schema's order.
        let considerations: BTreeSet<&str> = expected["considerations_sociales"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let got: BTreeSet<&str> = report
            .considerations_sociales
            .iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if got != considerations {
            problems.push(format!(
                "{rel}: considerations {:?}, expected {considerations:?}",
                report.considerations_sociales
            ));
        }
        let mut unmatched: Vec<&ClauseReport> = report.clauses.iter().collect();
        for want in expected["clauses"].as_array().unwrap() {
            let kind = want["kind"].as_str().unwrap();
            let section = want["section"].as_str();
            let found = unmatched.iter().position(|c| {
                c.kind.as_str() == kind
                    && (section.is_none() || c.section_number.as_deref() == section)
            });
            let Some(i) = found else {
                false_neg += 1;
                problems.push(format!("{rel}: missed {kind} in section {section:?}"));
                continue;
            };
            true_pos += 1;
            let clause = unmatched.remove(i);
            // A clause's form defaults to the stipulation itself.
            let form = want["form"].as_str().unwrap_or("clause");
            if clause.form.as_str() != form {
                problems.push(format!(
                    "{rel}: {kind} §{section:?} form {}, expected {form}",
                    clause.form.as_str()
                ));
            }
            let got = parameters_of(clause);
            if !same(&got, &want["parameters"]) {
                problems.push(format!(
                    "{rel}: {kind} §{section:?} parameters\n      got      {got}\n      expected {}",
                    want["parameters"]
                ));
            }
            let got = finding_keys(&clause.findings);
            let want = expected_keys(&want["findings"]);
            if got != want {
                problems.push(format!(
                    "{rel}: {kind} §{section:?} findings: extra {:?}, missing {:?}",
                    got.difference(&want).collect::<Vec<_>>(),
                    want.difference(&got).collect::<Vec<_>>()
                ));
            }
        }
        for extra in unmatched {
            false_pos += 1;
            problems.push(format!(
                "{rel}: false positive {} in section {:?} ({:?})",
                extra.kind.as_str(),
                extra.section_number,
                extra.section
            ));
        }
        let got = finding_keys(&report.findings);
        let want = expected_keys(&expected["document_findings"]);
        if got != want {
            problems.push(format!(
                "{rel}: document findings {got:?}, expected {want:?}"
            ));
        }
    }
    let precision = true_pos as f64 / (true_pos + false_pos).max(1) as f64;
    let recall = true_pos as f64 / (true_pos + false_neg).max(1) as f64;
    eprintln!(
        "corpus: {} documents, {true_pos} clauses found, {false_pos} false positives, {false_neg} missed: precision {precision:.3}, recall {recall:.3}",
        docs.len()
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
    assert_eq!((precision, recall), (1.0, 1.0));
}

/// The real 2025 State tender of the shared corpus (real/aquareel) comes out as expected: one
/// execution condition in 4.5 with its ratio, penalties in 13.2, and its real flaws.
#[test]
fn the_real_aquareel_tender_comes_out_as_described() {
    let Some(corpus) = crate::common::aquareel("the_real_aquareel_tender_comes_out_as_described")
    else {
        return;
    };
    let catalog = Catalog::builtin().unwrap();
    let check_corpus =
        |name: &str| check_reading(&read(&corpus.join(name), &ReadOptions::default()), &catalog);
    for ccap in ["ccap-2025.pdf", "ccap-2025.md"] {
        let report = check_corpus(ccap);
        assert_eq!(report.clauses.len(), 1, "{ccap}: one clause");
        let clause = &report.clauses[0];
        assert_eq!(clause.kind.as_str(), "execution_condition");
        assert_eq!(clause.section_number.as_deref(), Some("4.5"), "{ccap}");
        let ratio = clause.parameters.hours_ratio.expect("35 h per 100 000 €");
        assert_eq!((ratio.hours, ratio.per_eur), (35.0, 100_000.0));
        assert_eq!(
            clause.parameters.penalty_per_hour_eur,
            Some(50.0),
            "{ccap}: penalty from 13.2"
        );
        assert!(
            clause.parameters.hours.is_empty(),
            "{ccap}: {:?}",
            clause.parameters.hours
        );
        assert_eq!(
            clause.linked.len(),
            1,
            "{ccap}: penalties in another article"
        );
        assert!(clause.linked[0]
            .section
            .as_deref()
            .unwrap()
            .starts_with("13.2"));
        let keys = finding_keys(&clause.findings);
        for want in ["outdated-term:Pôle emploi", "section-numbering:"] {
            assert!(keys.contains(want), "{ccap}: {want} missing from {keys:?}");
        }
        assert!(
            !keys.iter().any(|k| k.starts_with("obsolete-legal-reference") || k.starts_with("missing-element")),
            "{ccap}: ARTICLE 14 PRIX and the CCAG's article 14.1.1 are not obsolete references; the clause is complete: {keys:?}"
        );
        assert_eq!(
            report.considerations_sociales.as_deref(),
            Some(&["Clause sociale".to_string()][..])
        );
    }
    for ae in ["ae-2025.docx", "ae-2025.md"] {
        let report = check_corpus(ae);
        assert_eq!(report.clauses.len(), 1, "{ae}");
        let ratio = report.clauses[0]
            .parameters
            .hours_ratio
            .expect("the AE commits to the ratio");
        assert_eq!((ratio.hours, ratio.per_eur), (35.0, 100_000.0));
    }
    for none in ["cctp-2025.md", "bpu-2025.odt"] {
        let report = check_corpus(none);
        assert!(report.clauses.is_empty(), "{none}: no insertion clause");
        assert_eq!(
            report.considerations_sociales.as_deref(),
            Some(&["Pas de considération sociale".to_string()][..])
        );
    }
}
