//! One folder holding every format clausier reads, each file made by a real tool from one of our
//! own documents (`fixtures/make.sh`, `fixtures/archives/`, `fixtures/scans/`): one scan of the
//! folder reports every document with the same clauses and figures as the original it was made
//! from, and what cannot be read (an encrypted member, a blank scan) as unknown, never as "no
//! clause".
//!
//! The scans are compared with their originals when Tesseract with its French data is installed;
//! without it they must be unknown (`no-text-layer`). Under CI (`CI` set), where `.ci/run`
//! installs it, a missing Tesseract is a failure.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether Tesseract with its French data is installed; under CI its absence is a failure.
fn tesseract() -> bool {
    let fra = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "fra")
        })
        .unwrap_or(false);
    if !fra {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tesseract-ocr and tesseract-ocr-fra (see .ci/run)"
        );
        eprintln!("Tesseract with French data is not installed: the scans are checked as unknown only (apt-get install tesseract-ocr tesseract-ocr-fra)");
    }
    fra
}

/// Scans `paths` (relative to `cwd`) into one JSON Lines report, keyed by path.
fn scan(cwd: &Path, paths: &[&str]) -> BTreeMap<String, Value> {
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .current_dir(cwd)
        .args(["scan", "--format", "jsonl", "--quiet"])
        .args(paths)
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // The documents; the lines that judge a consultation's pieces together are not files.
        .filter(|doc| doc["type"] != "consultation")
        .map(|doc| (doc["path"].as_str().unwrap().to_string(), doc))
        .collect()
}

/// What a document says about insertion: its social considerations, and per clause its kind
/// and figures (lots compared by their hours, since a spreadsheet writes "1" for "01").
fn figures(doc: &Value) -> Value {
    let clauses: Vec<Value> = doc["clauses"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let p = &c["parameters"];
            let lots: Vec<&Value> = p["lots"]
                .as_array()
                .map(|l| l.iter().map(|l| &l["hours"]).collect())
                .unwrap_or_default();
            json!([
                c["kind"],
                c["form"],
                lots,
                p["hours"],
                p["total_hours"],
                p["percent_of_hours"],
                p["hours_ratio"],
                p["penalty_per_hour_eur"],
                p["award_weight_percent"],
                p["anru"]
            ])
        })
        .collect();
    json!({"considerations_sociales": doc["considerations_sociales"], "clauses": clauses})
}

/// Each made file (its place in the folder, where it comes from) and the original it was made from.
const MADE_FROM: &[(&str, &str, &str)] = &[
    (
        "word97/clause.doc",
        "fixtures/formats/clause.doc",
        "fixtures/same-clause/clause.fodt",
    ),
    (
        "word97/long-ccap.doc",
        "fixtures/formats/long-ccap.doc",
        "fixtures/layout/long-ccap.docx",
    ),
    (
        "word97/legacy.doc",
        "fixtures/broken/legacy.doc",
        "fixtures/same-clause/clause.fodt",
    ),
    (
        "rtf/clause.rtf",
        "fixtures/formats/clause.rtf",
        "fixtures/same-clause/clause.fodt",
    ),
    (
        "rtf/clause-rtf.doc",
        "fixtures/formats/clause-rtf.doc",
        "fixtures/same-clause/clause.fodt",
    ),
    (
        "opendocument/clause.ott",
        "fixtures/formats/clause.ott",
        "fixtures/same-clause/clause.fodt",
    ),
    (
        "opendocument/clause.oth",
        "fixtures/formats/clause.oth",
        "fixtures/same-clause/clause.html",
    ),
    (
        "tableurs/annexe-ae.xls",
        "fixtures/formats/annexe-ae.xls",
        "fixtures/formats/annexe-ae.xlsx",
    ),
    (
        "tableurs/annexe-ae.ods",
        "fixtures/formats/annexe-ae.ods",
        "fixtures/formats/annexe-ae.xlsx",
    ),
    ("archives/dce.zip", "fixtures/archives/dce.zip", ""),
    (
        "archives/encrypted.zip",
        "fixtures/archives/encrypted.zip",
        "",
    ),
    ("archives/windows.zip", "fixtures/archives/windows.zip", ""),
    (
        "archives/dce-complet.zip",
        "fixtures/archives/dce-complet.zip",
        "",
    ),
    ("archives/dce.7z", "fixtures/archives/dce.7z", ""),
    (
        "scans/clause-scan-jpeg.pdf",
        "fixtures/scans/clause-scan-jpeg.pdf",
        "fixtures/same-clause/clause.pdf",
    ),
    (
        "scans/ccap-scan-ccitt.pdf",
        "fixtures/scans/ccap-scan-ccitt.pdf",
        "fixtures/documents/ccp2022-etat-ccap-sous-articles.pdf",
    ),
    (
        "scans/marche-scan-flate.pdf",
        "fixtures/scans/marche-scan-flate.pdf",
        "fixtures/documents/ccp2024-ville-marche-insertion.pdf",
    ),
    ("scans/blank-scan.pdf", "fixtures/scans/blank-scan.pdf", ""),
    (
        "avis/ted-f02-lots.xml",
        "fixtures/notices/ted-f02-lots.xml",
        "",
    ),
    (
        "avis/eforms-cn-reserved.xml",
        "fixtures/notices/eforms-cn-reserved.xml",
        "",
    ),
];

/// Members of the archives and the original each one is a copy of.
const MEMBERS: &[(&str, &str)] = &[
    (
        "archives/dce.zip/Pièces administratives/CCAP.pdf",
        "fixtures/same-clause/clause.pdf",
    ),
    (
        "archives/dce.zip/Pièces administratives/AE.docx",
        "fixtures/same-clause/clause.docx",
    ),
    (
        "archives/dce.zip/lots.zip/Lot 1/CCTP lot 1.odt",
        "fixtures/same-clause/clause.odt",
    ),
    (
        "archives/encrypted.zip/AE.md",
        "fixtures/same-clause/clause.md",
    ),
    (
        "archives/windows.zip/Pièces administratives/CCAP signé.txt",
        "fixtures/same-clause/clause.txt",
    ),
    (
        "archives/dce-complet.zip/DCE/1 - Pièces administratives/RC.pdf",
        "fixtures/example/dce/rc.pdf",
    ),
    (
        "archives/dce-complet.zip/DCE/1 - Pièces administratives/AE.docx",
        "fixtures/example/dce/ae.docx",
    ),
    (
        "archives/dce-complet.zip/DCE/1 - Pièces administratives/CCAP.pdf",
        "fixtures/example/dce/ccap.pdf",
    ),
    (
        "archives/dce-complet.zip/DCE/2 - Pièces techniques.zip/CCTP/CCTP.docx",
        "fixtures/example/dce/cctp.docx",
    ),
];

#[test]
fn a_folder_of_every_format_reports_what_its_originals_report() {
    let ocr = tesseract();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("dossier");
    for (place, made, _) in MADE_FROM {
        let to = folder.join(place);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(made), &to).unwrap();
    }
    let made = scan(dir.path(), &["dossier"]);
    let mut originals: Vec<&str> = MADE_FROM
        .iter()
        .map(|m| m.2)
        .chain(MEMBERS.iter().map(|m| m.1))
        .filter(|o| !o.is_empty())
        .collect();
    originals.sort_unstable();
    originals.dedup();
    let original = scan(root(), &originals);
    let got = |place: &str| -> &Value {
        let path = format!("dossier/{place}");
        made.get(&path)
            .unwrap_or_else(|| panic!("{path} not in the scan: {:?}", made.keys()))
    };

    let mut compared = Vec::<PathBuf>::new();
    for (place, _, from) in MADE_FROM
        .iter()
        .map(|m| (m.0, m.1, m.2))
        .chain(MEMBERS.iter().map(|m| (m.0, "", m.1)))
        .filter(|m| !m.2.is_empty())
    {
        let doc = got(place);
        let is_scan = place.starts_with("scans/");
        if is_scan && !ocr {
            assert_eq!(
                doc["warnings"][0]["code"], "no-text-layer",
                "{place}: {doc}"
            );
            assert_eq!(doc["considerations_sociales"], Value::Null, "{place}");
            continue;
        }
        assert_eq!(doc["status"], "ok", "{place}: {doc}");
        let want = figures(&original[from]);
        assert!(
            !want["clauses"].as_array().unwrap().is_empty()
                || place.contains("RC")
                || place.contains("CCTP"),
            "{from} has no clause: the comparison would prove nothing"
        );
        assert_eq!(figures(doc), want, "{place} against {from}");
        if is_scan {
            assert_eq!(doc["reader"], "ocr", "{place}");
        }
        compared.push(place.into());
    }
    assert_eq!(
        compared.len(),
        MADE_FROM.iter().filter(|m| !m.2.is_empty()).count() + MEMBERS.len()
            - if ocr { 0 } else { 3 }
    );

    // The spreadsheets give the annex's own figures: the rows of the CSV they were made from.
    let csv = std::fs::read_to_string(root().join("fixtures/src/annexe-ae.csv")).unwrap();
    let rows: Vec<Value> = csv
        .lines()
        .filter_map(|l| l.rsplit_once(',').and_then(|(_, h)| h.parse::<u64>().ok()))
        .map(Value::from)
        .collect();
    assert_eq!(rows.len(), 3, "{csv}");
    for place in ["tableurs/annexe-ae.xls", "tableurs/annexe-ae.ods"] {
        assert_eq!(
            figures(got(place))["clauses"][0][2],
            Value::Array(rows.clone()),
            "{place}"
        );
    }

    // What could not be read is unknown, never "no social consideration".
    for place in [
        "archives/encrypted.zip/CCAP.txt",
        "archives/dce-complet.zip/DCE/3 - Annexes/Annexe CCAP.txt",
    ] {
        let doc = got(place);
        assert_eq!(doc["error"]["code"], "encrypted", "{place}");
        assert_eq!(doc["considerations_sociales"], Value::Null, "{place}");
    }
    let blank = got("scans/blank-scan.pdf");
    assert_eq!(blank["warnings"][0]["code"], "no-text-layer", "{blank}");
    assert_eq!(blank["considerations_sociales"], Value::Null);
    assert_eq!(
        got("archives/dce.7z")["error"]["code"],
        "unsupported-archive"
    );

    // Notices have no original: they are read by their own readers and state their clauses.
    for (place, reader) in [
        ("avis/ted-f02-lots.xml", "ted-xml"),
        ("avis/eforms-cn-reserved.xml", "eforms"),
    ] {
        let doc = got(place);
        assert_eq!(doc["reader"], reader, "{place}");
        assert!(
            !doc["clauses"].as_array().unwrap().is_empty(),
            "{place}: {doc}"
        );
    }

    // Every document of the folder is accounted for: nothing read twice, nothing missed.
    let expected: Vec<String> = MADE_FROM
        .iter()
        .filter(|m| !m.1.ends_with(".zip"))
        .map(|m| format!("dossier/{}", m.0))
        .chain(MEMBERS.iter().map(|m| format!("dossier/{}", m.0)))
        .chain(
            [
                "archives/dce.zip/RC.txt",
                "archives/encrypted.zip/CCAP.txt",
                "archives/windows.zip/ÉTAT DES LIEUX.txt",
                "archives/dce-complet.zip/DCE/3 - Annexes/Annexe CCAP.txt",
            ]
            .map(|p| format!("dossier/{p}")),
        )
        .collect();
    let mut expected = expected;
    expected.sort();
    assert_eq!(made.keys().cloned().collect::<Vec<_>>(), expected);
}
