//! Every rule is a unit, as linters keep them: its id, its explanation in both languages, its
//! code (`src/judge/rules/`), a fixture folder `fixtures/rules/<id>/` of documents we wrote that
//! raise it, and a snapshot of everything the binary says of that folder. A rule without any of
//! them fails here, and so does a fixture folder that no longer raises its rule.

use clausier::base::i18n::{text_in, Lang};
use clausier::judge::rules::Rule;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn folder(rule: Rule) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(rule.as_str())
}

/// Every finding of a `check --format json` run, as "file: rule (severity) message" lines:
/// clause findings, document findings and consultation findings.
fn findings(report: &Value) -> Vec<String> {
    let mut lines = Vec::new();
    let line = |place: &str, f: &Value| {
        format!(
            "{place}: {} ({}) {}",
            f["rule"].as_str().unwrap(),
            f["severity"].as_str().unwrap(),
            f["message"].as_str().unwrap()
        )
    };
    for doc in report["documents"].as_array().unwrap() {
        let path = doc["path"].as_str().unwrap();
        let name = path.rsplit('/').next().unwrap();
        for clause in doc["clauses"].as_array().unwrap() {
            for f in clause["findings"].as_array().unwrap() {
                lines.push(line(name, f));
            }
        }
        for f in doc["findings"].as_array().unwrap() {
            lines.push(line(name, f));
        }
    }
    for consultation in report["consultations"].as_array().into_iter().flatten() {
        for f in consultation["findings"].as_array().unwrap() {
            lines.push(line("consultation", f));
        }
    }
    lines
}

#[test]
fn every_rule_has_its_explanation_its_fixtures_and_its_snapshot() {
    for rule in Rule::ALL {
        let id = rule.as_str();
        for lang in [Lang::Fr, Lang::En] {
            for key in [format!("rule.{id}"), format!("rules.explain.{id}")] {
                assert_ne!(text_in(lang, &key), key, "{id}: no {key} in {lang:?}");
            }
        }
        let dir = folder(rule);
        assert!(dir.is_dir(), "{id}: no fixture folder fixtures/rules/{id}/");
        let out = Command::new(env!("CARGO_BIN_EXE_clausier"))
            .args(["check", "--format", "json", "--color", "never"])
            .arg(&dir)
            .env("CLAUSIER_LANG", "fr")
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{id}: not JSON ({e}): {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let lines = findings(&report);
        assert!(
            lines.iter().any(|l| l.contains(&format!(": {id} ("))),
            "{id}: its fixtures no longer raise it: {lines:#?}"
        );
        insta::assert_snapshot!(format!("rule_{}", id.replace('-', "_")), lines.join("\n"));
    }
}

/// A folder under `fixtures/rules/` names a rule that exists.
#[test]
fn every_rule_fixture_folder_names_a_rule() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    for entry in std::fs::read_dir(root).unwrap() {
        let entry = entry.unwrap();
        if !entry.path().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            Rule::ALL.iter().any(|r| r.as_str() == name),
            "fixtures/rules/{name}/ names no rule"
        );
    }
}
