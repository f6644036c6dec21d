//! The real binary on real fixtures: output contracts, exit codes, isolation, broken pipes.

use assert_cmd::Command;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout_of(args: &[&str]) -> String {
    let out = clausier().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn text_json_is_a_stable_contract() {
    let out = stdout_of(&["text", "--format", "json", "fixtures/same-clause/clause.md"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("text_json_clause_md", json);
}

#[test]
fn text_human_shows_pages_sections_and_parts() {
    let out = stdout_of(&["text", "fixtures/same-clause/clause.html"]);
    insta::assert_snapshot!("text_human_clause_html", out);
}

#[test]
fn text_prints_run_in_paragraphs_whole_and_joins_cut_words() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ccap.txt");
    std::fs::write(
        &file,
        "9.6 Contrôle. Le titulaire transmet chaque mois l’état des heures réalisées.\n\n\
         9.7 Publics\n\n- les personnes rencontrant des difficul-\ntés d’accès à l’emploi ;\n",
    )
    .unwrap();
    let out = clausier().arg("text").arg(&file).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("§ 9.6 Contrôle\n"), "{text}");
    assert!(
        text.contains("Le titulaire transmet chaque mois l'état des heures réalisées."),
        "{text}"
    );
    assert!(
        text.contains("- les personnes rencontrant des difficultés d'accès"),
        "{text}"
    );
}

#[test]
fn an_unreadable_file_is_one_coded_line_and_exit_1() {
    clausier()
        .args(["text", "fixtures/broken/empty.pdf"])
        .assert()
        .code(1)
        .stdout(
            "fixtures/broken/empty.pdf [empty-file] : erreur : le fichier est vide ; rien à lire\n",
        );
    let out = stdout_of(&[
        "text",
        "--format",
        "json",
        "fixtures/broken/image-named.pdf",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["status"], "error");
    assert_eq!(json["error"]["code"], "unsupported-format");
}

#[test]
fn bad_options_are_usage_errors() {
    clausier()
        .args([
            "text",
            "--max-file-size",
            "12parsecs",
            "fixtures/same-clause/clause.txt",
        ])
        .assert()
        .code(2);
    clausier()
        .args([
            "text",
            "--timeout-per-file",
            "0",
            "fixtures/same-clause/clause.txt",
        ])
        .assert()
        .code(2);
    clausier().args(["no-such-command"]).assert().code(2);
}

#[test]
fn limits_are_reported_per_file() {
    let out = clausier()
        .args([
            "text",
            "--max-file-size",
            "1k",
            "fixtures/same-clause/clause.pdf",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[too-large] : erreur : "));
}

#[test]
fn a_file_past_the_time_limit_is_a_timeout_in_both_modes() {
    for isolate in [false, true] {
        let mut args = vec!["text", "--timeout-per-file", "0.000001"];
        if isolate {
            args.push("--isolate");
        }
        args.push("fixtures/layout/long-ccap.pdf");
        let out = clausier().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("[timeout] : erreur : "),
            "isolate={isolate}: {stdout}"
        );
    }
}

#[test]
fn isolation_reads_the_same_as_in_process() {
    for file in [
        "fixtures/same-clause/clause.docx",
        "fixtures/same-clause/clause.pdf",
        "fixtures/broken/password.pdf",
    ] {
        let direct = stdout_of(&["text", "--format", "json", file]);
        let isolated = stdout_of(&["text", "--format", "json", "--isolate", file]);
        assert_eq!(direct, isolated, "{file}");
    }
}

#[test]
fn errors_lists_every_code() {
    let out = stdout_of(&["errors"]);
    for code in clausier::base::error::Code::ALL {
        assert!(out.contains(code.as_str()), "{code} missing");
    }
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    // A text far larger than a pipe's buffer, so that clausier is still writing when it closes.
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.md");
    let paragraph = "Le titulaire réserve à l'insertion 5 % des heures travaillées.\n\n";
    std::fs::write(&long, format!("# Article 9\n\n{}", paragraph.repeat(4_000))).unwrap();
    let exe = assert_cmd::cargo::cargo_bin!("clausier");
    let mut child = std::process::Command::new(exe)
        .arg("text")
        .arg(&long)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is dropped here: the pipe closes while clausier is still writing.
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with("# "));
    assert!(out.status.success(), "{:?}", out.status);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
