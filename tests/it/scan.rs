//! `clausier scan` on archives: order, shards and merge, lists of files, exclusions, CSV for
//! spreadsheets, broken links, and Ctrl-C leaving a valid JSON Lines prefix.

use assert_cmd::Command;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(args: &[&str]) -> String {
    String::from_utf8(clausier().args(args).output().unwrap().stdout).unwrap()
}

#[test]
fn shards_merged_give_the_single_run_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for k in 1..=3 {
        let part = dir.path().join(format!("part{k}.jsonl"));
        clausier()
            .args([
                "scan",
                "fixtures/documents",
                "--exclude",
                "src",
                "--format",
                "jsonl",
                "--quiet",
            ])
            .arg("--shard")
            .arg(format!("{k}/3"))
            .arg("-o")
            .arg(&part)
            .output()
            .unwrap();
        parts.push(part);
    }
    let single = stdout(&[
        "scan",
        "fixtures/documents",
        "--exclude",
        "src",
        "--format",
        "json",
    ]);
    let mut merge = clausier();
    merge
        .args(["report", "merge", "--format", "json"])
        .args(&parts);
    let merged = String::from_utf8(merge.output().unwrap().stdout).unwrap();
    assert_eq!(
        merged, single,
        "merging the shards gives the report of one run"
    );
    let json: Value = serde_json::from_str(&merged).unwrap();
    let lines: usize = parts
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .lines()
                .filter(|l| l.contains(r#""type":"document""#))
                .count()
        })
        .sum();
    assert_eq!(
        json["summary"]["documents"].as_u64().unwrap() as usize,
        lines,
        "no document twice, none lost"
    );
}

#[test]
fn files_from_standard_input_and_exclusions() {
    let out = clausier()
        .args(["scan", "--files-from", "-", "--format", "jsonl"])
        .write_stdin("fixtures/same-clause/clause.txt\n\nfixtures/same-clause/clause.md\n")
        .output()
        .unwrap();
    let paths: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "fixtures/same-clause/clause.md",
            "fixtures/same-clause/clause.txt"
        ]
    );
    let out = stdout(&[
        "scan",
        "fixtures/same-clause",
        "--exclude",
        "*.pdf",
        "--exclude",
        "*.txt",
        "--format",
        "jsonl",
    ]);
    assert!(!out.contains(".pdf\"") && !out.contains(".txt\""), "{out}");
    assert!(out.contains("clause.docx"));
}

#[test]
fn csv_opens_in_french_spreadsheets_by_default() {
    let out = clausier()
        .env("CLAUSIER_LANG", "fr")
        .args(["scan", "fixtures/example/dce", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with('\u{feff}'), "UTF-8 BOM first");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "Fichier");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ccap = rows
        .iter()
        .find(|r| r[column("Fichier")].ends_with("ccap.pdf"))
        .expect("one row per clause");
    assert_eq!(
        &ccap[column("Nature de la clause")],
        "Condition d'exécution"
    );
    assert_eq!(&ccap[column("État")], "lu");
    assert_eq!(&ccap[column("Pièce")], "CCAP");
    assert_eq!(&ccap[column("Prévue")], "oui");
    assert_eq!(&ccap[column("Heures par lot")], "01:310 02:180 03:110");
    assert!(
        ccap[column("Constats")].contains("Référence juridique abrogée"),
        "{ccap:?}"
    );
    let cctp = rows
        .iter()
        .find(|r| r[column("Fichier")].ends_with("cctp.docx"))
        .expect("a row for a document without clause");
    assert_eq!(
        &cctp[column("Considérations sociales")],
        "Pas de considération sociale"
    );

    // A consultation row: French date and words, decimal comma.
    let out = clausier()
        .env("CLAUSIER_LANG", "fr")
        .args([
            "scan",
            "fixtures/example/dce",
            "--format",
            "csv",
            "--csv-level",
            "consultation",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
    assert_eq!(cell("Nature du marché"), "travaux");
    assert_eq!(cell("Verdict"), "erreur");
    assert!(
        cell("Date de lancement").contains('/'),
        "{}",
        cell("Date de lancement")
    );
}

#[test]
fn csv_for_programs_keeps_the_stable_ids() {
    let out = clausier()
        .args(["scan", "fixtures/example/dce", "--format", "csv"])
        .args(crate::common::CSV_FOR_PROGRAMS)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("path,format,status,"), "{text}");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let ccap = rows
        .iter()
        .find(|r| r[column("path")].ends_with("ccap.pdf"))
        .unwrap();
    assert_eq!(&ccap[column("kind")], "execution_condition");
    assert_eq!(&ccap[column("status")], "ok");
    assert_eq!(&ccap[column("declared")], "true");
    assert!(ccap[column("rules")].contains("obsolete-legal-reference"));
}

#[cfg(unix)]
#[test]
fn broken_links_are_reported_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir.path().join("gone.pdf"), dir.path().join("link.pdf")).unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/same-clause/clause.txt"),
        dir.path().join("clause.txt"),
    )
    .unwrap();
    let out = clausier()
        .args(["scan", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .unwrap();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let link = lines
        .iter()
        .find(|l| l["path"].as_str().unwrap().ends_with("link.pdf"))
        .unwrap();
    assert_eq!(link["error"]["code"], "unreadable");
    assert!(lines.iter().any(|l| l["status"] == "ok"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_leaves_a_valid_jsonl_prefix() {
    let exe = assert_cmd::cargo::cargo_bin!("clausier");
    let mut child = std::process::Command::new(exe)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["scan", "fixtures", "--format", "jsonl", "--jobs", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut reader, &mut rest).unwrap();
    let status = child.wait().unwrap();
    let lines: Vec<&str> = std::iter::once(first.as_str())
        .chain(rest.lines())
        .collect();
    let (last, documents) = lines.split_last().unwrap();
    for line in documents {
        let json: Value = serde_json::from_str(line.trim_end()).expect("every line is whole");
        assert!(json["path"].is_string() || json["type"] == "consultation");
    }
    // The last line says the run was cut short, and how far it went.
    let last: Value = serde_json::from_str(last.trim_end()).unwrap();
    assert_eq!(last["type"], "summary", "{last}");
    assert_eq!(last["interrupted"], true);
    assert!(last["files_planned"].as_u64().unwrap() > last["documents"].as_u64().unwrap());
    assert_eq!(
        status.code(),
        Some(130),
        "an interrupted scan exits with 130"
    );
}

/// A document whose text could not be read says "unknown" in every output, never "no social
/// consideration", and the totals count it apart.
#[test]
fn unread_documents_are_unknown_never_without_clause() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["garbled.pdf", "truncated.docx"] {
        std::fs::copy(
            root.join("fixtures/broken").join(name),
            dir.path().join(name),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("papier.txt"),
        "Article 1 – Objet\n\nFourniture de papier pour les services de la ville.\n",
    )
    .unwrap();
    let run = |format: &str| {
        let out = clausier()
            .args(["scan", "--format", format])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "an unread file is a problem");
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    let by_name = |name: &str| {
        json["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["path"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    assert_eq!(
        by_name("garbled.pdf")["considerations_sociales"],
        Value::Null
    );
    assert_eq!(by_name("garbled.pdf")["status"], "ok");
    assert_eq!(
        by_name("truncated.docx")["considerations_sociales"],
        Value::Null
    );
    assert_eq!(
        by_name("papier.txt")["considerations_sociales"],
        serde_json::json!(["Pas de considération sociale"])
    );
    assert_eq!(json["summary"]["unknown"], 2);
    assert_eq!(json["summary"]["no_social_consideration"], 1);

    let csv = run("csv");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = header
        .iter()
        .position(|h| h == "Considérations sociales")
        .unwrap();
    let values: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[column].to_string())
        .collect();
    assert_eq!(
        values,
        ["inconnu", "Pas de considération sociale", "inconnu"]
    );

    let human = run("human");
    assert!(human.contains("· inconnu"), "{human}");
    assert!(
        human.contains("considérations sociales : 2 inconnues (texte non lu), 1 sans"),
        "{human}"
    );
}

/// A path that does not exist, or a folder with nothing to read, is a usage error (exit 2, in
/// French), never a clean "0 document" nor an unreadable document; an empty shard is fine.
#[test]
fn a_missing_path_or_an_empty_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("vide")).unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
            .current_dir(dir.path())
            .env("CLAUSIER_LANG", "fr")
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["scan", "vide"]);
    assert_eq!(code, 2);
    assert!(err.contains("aucun document à analyser"), "{err}");
    let (code, err) = run(&["scan", "pas/de/chemin.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("n'existe pas"), "{err}");
    std::fs::write(
        dir.path().join("vide/a.txt"),
        "Règlement de la consultation",
    )
    .unwrap();
    let (code, err) = run(&["scan", "vide", "--shard", "2/2", "--format", "jsonl"]);
    assert!(code == 0 || code == 1, "{err}");
}
