//! OCR of scans with Tesseract, on the binary: a scan made from one of our PDFs reports the same
//! clauses and figures as the PDF; a blank scan, or a scan without Tesseract, is unknown.
//!
//! The tests that need Tesseract skip with a message when it is not installed, and fail under
//! CI (`CI` set), where `.ci/run` installs it.

use assert_cmd::Command;
use serde_json::Value;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Whether Tesseract with its French data is installed; under CI its absence is a failure.
fn tesseract() -> bool {
    let langs = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == "fra")
        })
        .unwrap_or(false);
    if !langs {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install tesseract-ocr and tesseract-ocr-fra (see .ci/run)"
        );
        eprintln!("skipped: Tesseract with French data is not installed (apt-get install tesseract-ocr tesseract-ocr-fra)");
    }
    langs
}

fn check(path: &str, extra: &[&str]) -> (Value, Option<i32>) {
    let out = clausier()
        .args(["check", "--format", "jsonl"])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    let line = String::from_utf8(out.stdout).unwrap();
    (serde_json::from_str(&line).unwrap(), out.status.code())
}

/// What a clause says: kind, article and figures.
fn figures(doc: &Value) -> Vec<Value> {
    doc["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let p = &c["parameters"];
            serde_json::json!([
                c["kind"],
                c["section_number"],
                p["lots"],
                p["hours"],
                p["total_hours"],
                p["percent_of_hours"],
                p["hours_ratio"],
                p["penalty_per_hour_eur"],
                p["award_weight_percent"],
                p["anru"]
            ])
        })
        .collect()
}

#[test]
fn a_scan_reports_the_clauses_and_figures_of_its_original() {
    if !tesseract() {
        return;
    }
    for (scan, original, pages) in [
        (
            "fixtures/scans/clause-scan-jpeg.pdf",
            "fixtures/same-clause/clause.pdf",
            1,
        ),
        (
            "fixtures/scans/ccap-scan-ccitt.pdf",
            "fixtures/documents/ccp2022-etat-ccap-sous-articles.pdf",
            2,
        ),
        (
            "fixtures/scans/marche-scan-flate.pdf",
            "fixtures/documents/ccp2024-ville-marche-insertion.pdf",
            1,
        ),
    ] {
        let (read, _) = check(scan, &[]);
        let (want, _) = check(original, &[]);
        assert_eq!(read["reader"], "ocr", "{scan}");
        assert_eq!(read["warnings"], serde_json::json!([]), "{scan}");
        assert!(!figures(&want).is_empty());
        assert_eq!(figures(&read), figures(&want), "{scan} against {original}");
        assert_eq!(
            read["considerations_sociales"],
            want["considerations_sociales"]
        );
        let ocr = read["ocr_pages"].as_array().unwrap();
        assert_eq!(ocr.len(), pages, "{scan}");
        for page in ocr {
            assert!(
                page["confidence"].as_f64().unwrap() > 80.0,
                "{scan}: {page}"
            );
        }
        // --ocr never: the scan is not read, and says so.
        let (unread, code) = check(scan, &["--ocr", "never"]);
        assert_eq!(unread["considerations_sociales"], Value::Null, "{scan}");
        assert_eq!(unread["warnings"][0]["code"], "no-text-layer");
        assert_eq!(code, Some(1));
    }
}

#[test]
fn a_blank_scan_is_unknown_and_ocr_pages_are_counted_apart() {
    if !tesseract() {
        return;
    }
    let (blank, code) = check("fixtures/scans/blank-scan.pdf", &[]);
    assert_eq!(code, Some(1));
    assert_eq!(blank["considerations_sociales"], Value::Null);
    assert_eq!(blank["reader"], "ocr");
    let warnings = blank["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["code"], "no-text-layer");
    assert!(warnings[0]["message"].as_str().unwrap().contains("OCR"));

    let out = clausier()
        .args(["scan", "--format", "json", "fixtures/scans"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["ocr_pages"], 5);
    assert_eq!(json["summary"]["unknown"], 1);
    assert_eq!(json["summary"]["with_clauses"], 3);
    let human = clausier()
        .args(["scan", "fixtures/scans"])
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(human.contains("pages lues par OCR : 5"), "{human}");
}

#[test]
fn ocr_stops_at_the_time_limit() {
    if !tesseract() {
        return;
    }
    let (doc, code) = check(
        "fixtures/scans/ccap-scan-ccitt.pdf",
        &["--timeout-per-file", "0.3"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(doc["error"]["code"], "timeout", "{doc}");
    assert_eq!(doc["considerations_sociales"], Value::Null);
}

#[test]
fn without_tesseract_a_scan_is_unknown_with_the_install_command() {
    let out = clausier()
        .env("CLAUSIER_TESSERACT", "/nonexistent/tesseract")
        .args([
            "check",
            "--format",
            "jsonl",
            "fixtures/scans/clause-scan-jpeg.pdf",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["considerations_sociales"], Value::Null);
    assert_eq!(doc["reader"], "pdf-text");
    let warning = &doc["warnings"][0];
    assert_eq!(warning["code"], "no-text-layer");
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("apt-get install tesseract-ocr tesseract-ocr-fra"),
        "{warning}"
    );
    // Asking for OCR that cannot run is a usage error, before any file is read.
    let out = clausier()
        .env("CLAUSIER_TESSERACT", "/nonexistent/tesseract")
        .args([
            "check",
            "--ocr",
            "always",
            "fixtures/scans/clause-scan-jpeg.pdf",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_damaged_page_image_costs_its_page_not_an_internal_error() {
    if !tesseract() {
        return;
    }
    // The JPEG scan with the segments after its start marker zeroed: Tesseract refuses it.
    let mut pdf = std::fs::read("fixtures/scans/clause-scan-jpeg.pdf").unwrap();
    let start = pdf
        .windows(3)
        .position(|w| w == b"\xff\xd8\xff")
        .expect("a JPEG image");
    pdf[start + 2..start + 402].fill(0);
    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged-scan.pdf");
    std::fs::write(&damaged, pdf).unwrap();
    let (read, code) = check(damaged.to_str().unwrap(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(read["status"], "ok", "{read}");
    assert_eq!(
        read["considerations_sociales"],
        Value::Null,
        "unknown: {read}"
    );
    let warnings = read["warnings"].as_array().unwrap();
    let codes: Vec<&str> = warnings
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["degraded-extraction", "no-text-layer"], "{read}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("page 1 : image illisible par l'OCR"),
        "{read}"
    );
    assert!(
        warnings[1]["message"]
            .as_str()
            .unwrap()
            .contains("illisibles, même par OCR"),
        "{read}"
    );
}
