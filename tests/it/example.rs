//! The example consultation of fixtures/example/dce, the one the README's first command scans:
//! written for this project, it shows what clausier finds in a tender.

use serde_json::Value;

fn scan_example() -> Vec<Value> {
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["scan", "fixtures/example/dce", "--format", "jsonl"])
        .output()
        .unwrap();
    // Error-severity findings in the CCAP: exit 1, as the README says.
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // Documents only: the consultations follow them (tests/it/consultations.rs).
        .filter(|v| v["type"] != "consultation")
        .collect()
}

fn document<'a>(docs: &'a [Value], name: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in the scan"))
}

#[test]
fn the_example_is_the_four_pieces_of_one_consultation() {
    let docs = scan_example();
    let names: Vec<&str> = docs
        .iter()
        .map(|d| d["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    // Only the tender's pieces: no README, no source file is read as a tender.
    assert_eq!(names, ["ae.docx", "ccap.pdf", "cctp.docx", "rc.pdf"]);
    assert!(docs.iter().all(|d| d["status"] == "ok"), "{docs:?}");
}

#[test]
fn the_example_ccap_shows_its_three_faults() {
    let docs = scan_example();
    let ccap = document(&docs, "ccap.pdf");
    // The date of sending, not the end of the works written further down.
    assert_eq!(ccap["date"], "2026-03-09");
    let clauses = ccap["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 1);
    let clause = &clauses[0];
    assert_eq!(clause["kind"], "execution_condition");
    assert_eq!(clause["section_number"], "8");
    let faults: Vec<(String, String)> = clause["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let what = f["element"].as_str().or(f["term"].as_str()).unwrap_or("");
            (f["rule"].as_str().unwrap().to_string(), what.to_string())
        })
        .collect();
    for want in [
        ("missing-element", "penalties"),
        ("obsolete-legal-reference", ""),
        ("outdated-term", "Pôle emploi"),
    ] {
        assert!(
            faults.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {faults:?}"
        );
    }
    // Dated 2026, the ordonnance of 2015 was repealed: an error, not a note.
    let obsolete = clause["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "obsolete-legal-reference")
        .unwrap();
    assert_eq!(obsolete["severity"], "error");
}

#[test]
fn the_example_rc_and_cctp_have_no_clause() {
    let docs = scan_example();
    let rc = document(&docs, "rc.pdf");
    assert_eq!(rc["date"], "2026-04-10", "the closing date for bids");
    for name in ["rc.pdf", "cctp.docx"] {
        let doc = document(&docs, name);
        assert_eq!(doc["clauses"].as_array().unwrap().len(), 0, "{name}");
    }
}
