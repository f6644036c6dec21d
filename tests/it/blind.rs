//! A blind evaluation set: 15 documents written by someone who never saw clausier's patterns
//! or its test corpus (fixtures/blind/README.md). Detection, parameters and the findings a
//! careful reviewer would flag (severity warning and above) must all match.

use clausier::analyse::check_reading;
use clausier::template::{Catalog, Severity};
use clausier::{read, ReadOptions};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn the_blind_set_comes_out_as_a_reviewer_expects() {
    let catalog = Catalog::builtin().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/blind");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 15);
    let mut problems = Vec::new();
    let (mut found, mut false_pos, mut missed) = (0, 0, 0);
    for name in &names {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(name.replace(".txt", ".expected.json"))).unwrap(),
        )
        .unwrap();
        let report = check_reading(&read(&dir.join(name), &ReadOptions::default()), &catalog);
        let mut clauses: Vec<_> = report.clauses.iter().collect();
        for want in expected["clauses"].as_array().unwrap() {
            let kind = want["kind"].as_str().unwrap();
            let Some(i) = clauses.iter().position(|c| c.kind.as_str() == kind) else {
                missed += 1;
                problems.push(format!("{name}: missed {kind}"));
                continue;
            };
            found += 1;
            let c = clauses.remove(i);
            if let Some(section) = want["section"].as_str() {
                if c.section_number.as_deref() != Some(section) {
                    problems.push(format!(
                        "{name}: {kind} in section {:?}, expected {section}",
                        c.section_number
                    ));
                }
            }
            let p = serde_json::to_value(&c.parameters).unwrap();
            for key in [
                "hours",
                "percent_of_hours",
                "hours_ratio",
                "penalty_per_hour_eur",
                "award_weight_percent",
                "anru",
            ] {
                let (got, want) = (&p[key], &want[key]);
                let same = match (got.as_f64(), want.as_f64()) {
                    (Some(a), Some(b)) => a == b,
                    _ => match (got, want) {
                        (Value::Object(a), Value::Object(b)) => a
                            .iter()
                            .all(|(k, v)| v.as_f64() == b.get(k).and_then(Value::as_f64)),
                        _ => got == want,
                    },
                };
                if !same {
                    problems.push(format!("{name}: {kind} {key} = {got}, expected {want}"));
                }
            }
        }
        for extra in clauses {
            false_pos += 1;
            problems.push(format!(
                "{name}: false positive {} ({:?})",
                extra.kind.as_str(),
                extra.section
            ));
        }
        let got: BTreeSet<String> = report
            .all_findings()
            .filter(|f| f.severity >= Severity::Warning)
            .map(|f| {
                let detail = f
                    .element
                    .map(|e| e.as_str().to_string())
                    .or_else(|| f.term.clone());
                match detail {
                    Some(d) => format!("{}:{d}", f.rule.as_str()),
                    None => f.rule.as_str().to_string(),
                }
            })
            .collect();
        let want: BTreeSet<String> = expected["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        if got != want {
            problems.push(format!(
                "{name}: findings extra {:?}, missing {:?}",
                got.difference(&want).collect::<Vec<_>>(),
                want.difference(&got).collect::<Vec<_>>()
            ));
        }
    }
    eprintln!("blind set: {found} clauses found, {false_pos} false positives, {missed} missed");
    assert!(
        problems.is_empty(),
        "{} problems:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
