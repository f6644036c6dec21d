//! Zip archives as containers, on the binary: each member reported with its path inside the
//! archive, sub-folders, nested zips, Windows code-page names, encrypted members, 7-Zip refused,
//! member paths accepted by `check` and `text`, shards and merge.

use assert_cmd::Command;
use serde_json::Value;
use std::io::Write;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The JSON lines of a run, and its exit code.
fn jsonl(args: &[&str]) -> (Vec<Value>, Option<i32>) {
    let out = clausier().args(args).output().unwrap();
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // Documents only: the consultations follow them (tests/it/consultations.rs).
        .filter(|v| v["type"] != "consultation")
        .collect();
    (lines, out.status.code())
}

fn paths(lines: &[Value]) -> Vec<&str> {
    lines.iter().map(|l| l["path"].as_str().unwrap()).collect()
}

fn lot_hours(doc: &Value) -> Vec<(String, u64)> {
    doc["clauses"][0]["parameters"]["lots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["lot"].as_str().unwrap().to_string(),
                l["hours"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn each_member_of_a_dce_is_a_document_with_its_path() {
    let (lines, code) = jsonl(&["scan", "--format", "jsonl", "fixtures/archives/dce.zip"]);
    assert_eq!(code, Some(0));
    assert_eq!(
        paths(&lines),
        [
            "fixtures/archives/dce.zip/Pièces administratives/AE.docx",
            "fixtures/archives/dce.zip/Pièces administratives/CCAP.pdf",
            "fixtures/archives/dce.zip/RC.txt",
            "fixtures/archives/dce.zip/lots.zip/Lot 1/CCTP lot 1.odt",
        ],
        "sub-folders and a nested zip; the macOS resource fork is not a document"
    );
    for line in &lines {
        assert_eq!(line["archive"], "fixtures/archives/dce.zip");
        assert_eq!(line["status"], "ok", "{line}");
    }
    // A member reads as the same file on its own.
    let (alone, _) = jsonl(&[
        "check",
        "--format",
        "jsonl",
        "fixtures/same-clause/clause.pdf",
    ]);
    assert_eq!(alone[0]["archive"], Value::Null);
    let ccap = &lines[1];
    assert_eq!(ccap["clauses"], alone[0]["clauses"]);
    assert_eq!(
        lot_hours(ccap),
        [("01".into(), 460), ("02".into(), 1050), ("03".into(), 280)]
    );
    assert_eq!(
        lines[2]["considerations_sociales"],
        serde_json::json!(["Pas de considération sociale"])
    );
    assert_eq!(lines[3]["format"], "odt");
    assert_eq!(lot_hours(&lines[3]), lot_hours(ccap));
}

#[test]
fn windows_code_page_names_encrypted_members_and_7zip() {
    let (lines, _) = jsonl(&["scan", "--format", "jsonl", "fixtures/archives/windows.zip"]);
    assert_eq!(
        paths(&lines),
        [
            "fixtures/archives/windows.zip/Pièces administratives/CCAP signé.txt",
            "fixtures/archives/windows.zip/ÉTAT DES LIEUX.txt",
        ]
    );
    assert_eq!(lines[0]["clauses"].as_array().unwrap().len(), 1);

    let (lines, code) = jsonl(&[
        "scan",
        "--format",
        "jsonl",
        "fixtures/archives/encrypted.zip",
    ]);
    assert_eq!(
        code,
        Some(1),
        "an encrypted member is a file that could not be read"
    );
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["status"], "ok");
    assert_eq!(lines[1]["path"], "fixtures/archives/encrypted.zip/CCAP.txt");
    assert_eq!(lines[1]["error"]["code"], "encrypted");
    assert_eq!(lines[1]["considerations_sociales"], Value::Null);

    let (lines, code) = jsonl(&["scan", "--format", "jsonl", "fixtures/archives/dce.7z"]);
    assert_eq!(code, Some(1));
    assert_eq!(lines[0]["error"]["code"], "unsupported-archive");
    let message = lines[0]["error"]["message"].as_str().unwrap();
    assert!(message.contains("7z x"), "{message}");
}

#[test]
fn check_and_text_take_an_archive_or_a_member_path() {
    let (lines, code) = jsonl(&[
        "check",
        "--format",
        "jsonl",
        "fixtures/archives/dce.zip/lots.zip/Lot 1/CCTP lot 1.odt",
    ]);
    assert_eq!(code, Some(0));
    assert_eq!(
        paths(&lines),
        ["fixtures/archives/dce.zip/lots.zip/Lot 1/CCTP lot 1.odt"]
    );
    // A folder of the archive: its members.
    let (lines, _) = jsonl(&[
        "check",
        "--format",
        "jsonl",
        "--isolate",
        "fixtures/archives/dce.zip/Pièces administratives",
    ]);
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["status"] == "ok"), "{lines:?}");
    // The whole archive.
    let out = clausier()
        .args(["check", "--format", "json", "fixtures/archives/dce.zip"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["documents"], 4);

    let out = clausier()
        .args(["text", "fixtures/archives/dce.zip/RC.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# fixtures/archives/dce.zip/RC.txt (txt"),
        "{text}"
    );
    assert!(text.contains("Fourniture de mobilier scolaire"), "{text}");

    let out = clausier()
        .args([
            "text",
            "fixtures/archives/dce.zip/Pièces administratives/CCTP.pdf",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("[unreadable] : erreur : "), "{text}");

    // A DCE's redline is written on the piece that carries its clause (tests/it/consultations.rs);
    // without consultations, a redline is for one document.
    let dir = tempfile::tempdir().unwrap();
    let redline = dir.path().join("x.docx");
    let out = clausier()
        .args(["check", "--group", "none", "--redline"])
        .arg(&redline)
        .arg("fixtures/archives/dce.zip")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a redline is for one document");
    assert!(!redline.exists());
    let out = clausier()
        .args(["check", "--redline"])
        .arg(&redline)
        .arg("fixtures/archives/dce.zip")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(redline.exists(), "the consultation's carrying piece");
}

#[test]
fn shards_keep_an_archive_whole_and_merge_gives_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let (single, _) = jsonl(&["scan", "--format", "jsonl", "fixtures/archives"]);
    let mut parts = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("part{k}.jsonl"));
        clausier()
            .args([
                "scan",
                "--format",
                "jsonl",
                "--shard",
                &format!("{k}/3"),
                "-o",
            ])
            .arg(&out)
            .arg("fixtures/archives")
            .output()
            .unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        let archives: std::collections::BTreeSet<String> = text
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                v["archive"].as_str().map_or(String::new(), str::to_string)
            })
            .collect();
        for archive in archives.iter().filter(|a| !a.is_empty()) {
            let members = single.iter().filter(|l| l["archive"] == **archive).count();
            let here = text
                .lines()
                .filter(|l| l.contains(archive.as_str()) && l.contains(r#""type":"document""#))
                .count();
            assert_eq!(here, members, "{archive} is whole in shard {k}");
        }
        parts.push(out);
    }
    let out = clausier()
        .args(["report", "merge", "--format", "jsonl"])
        .args(&parts)
        .output()
        .unwrap();
    let merged: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // Documents only: the consultations follow them (tests/it/consultations.rs).
        .filter(|v| v["type"] != "consultation")
        .collect();
    assert_eq!(merged.len(), single.len());
    let mut want = paths(&single);
    want.sort_unstable();
    assert_eq!(paths(&merged), want);
    assert!(merged
        .iter()
        .any(|l| l["archive"] == "fixtures/archives/dce.zip"));
}

/// A zip holding `inner` (a zip or a document) under `name`.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    for (name, data) in entries {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap();
    out.into_inner()
}

#[test]
fn nesting_and_member_count_are_limited_per_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut nested = zip_of(&[("clause.txt", b"Article 1 - Objet\n\nFournitures.\n")]);
    for level in 0..5 {
        nested = zip_of(&[(&format!("niveau{level}.zip"), &nested)]);
    }
    std::fs::write(dir.path().join("poupees.zip"), &nested).unwrap();
    let names: Vec<String> = (0..10_001).map(|i| format!("vide{i}.txt")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    std::fs::write(dir.path().join("multitude.zip"), zip_of(&many)).unwrap();
    std::fs::write(dir.path().join("vide.zip"), zip_of(&[])).unwrap();
    let out = clausier()
        .args(["scan", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        // Documents only: the consultations follow them (tests/it/consultations.rs).
        .filter(|v| v["type"] != "consultation")
        .collect();
    let codes: Vec<(String, &str)> = lines
        .iter()
        .map(|l| {
            let path = l["path"].as_str().unwrap();
            let tail = path.strip_prefix(&*dir.path().to_string_lossy()).unwrap();
            (
                tail.to_string(),
                l["error"]["code"].as_str().unwrap_or("ok"),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("/multitude.zip".to_string(), "too-large"),
            (
                "/poupees.zip/niveau4.zip/niveau3.zip/niveau2.zip/niveau1.zip".to_string(),
                "too-large"
            ),
            ("/vide.zip".to_string(), "empty-file"),
        ]
    );
}

/// A DCE's plans and photos (images, DWG, DXF, IFC) are listed as skipped pieces with a note,
/// never errors: the exit status is the clause's, and nothing counts them as unread.
#[test]
fn plans_and_photos_of_a_dce_are_skipped_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/same-clause/clause.txt"),
        d.join("CCAP.txt"),
    )
    .unwrap();
    std::fs::write(
        d.join("plan-masse.png"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    std::fs::write(d.join("facade.dwg"), b"AC1032\x00\x00\x00\x01\x02").unwrap();
    std::fs::write(
        d.join("coupe.dxf"),
        "  0\nSECTION\n  2\nHEADER\n  0\nENDSEC\n",
    )
    .unwrap();
    std::fs::write(d.join("maquette.ifc"), "ISO-10303-21;\nHEADER;\nENDSEC;\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["scan", "--format", "json", "-q"])
        .arg(d)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report}");
    for d in report["documents"].as_array().unwrap() {
        let name = d["path"].as_str().unwrap();
        if name.ends_with("CCAP.txt") {
            assert_eq!(d["status"], "ok");
            continue;
        }
        assert_eq!(d["status"], "skipped", "{name}");
        assert!(d["error"].is_null(), "{name}");
        assert_eq!(d["warnings"][0]["code"], "non-text-piece", "{name}");
    }
    assert_eq!(report["summary"]["skipped"], 4);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["unknown"], 0);
}
