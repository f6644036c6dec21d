//! No output ever lands on an input: `-o`, `--redline` and a generated clause that resolve to a
//! file the run reads (named, found in a scanned folder, the parameter file, a merged input) are
//! refused with exit 2 before any work, whatever the spelling (`./`, `..`, a symbolic link), and
//! the input is byte for byte as it was. Outputs are written whole or not at all.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// Runs clausier in `dir`; returns the exit code and stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clausier"))
        .current_dir(dir)
        .env("CLAUSIER_LANG", "fr")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A folder holding a CCAP (DOCX) and a clause (text), as a reviewer's working folder.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("same-clause/clause.docx"),
        dir.path().join("CCAP.docx"),
    )
    .unwrap();
    std::fs::copy(
        fixture("same-clause/clause.txt"),
        dir.path().join("clause.txt"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sous")).unwrap();
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_redline_onto_the_reviewed_document_is_refused_in_every_spelling() {
    let dir = workdir();
    let before = std::fs::read(dir.path().join("CCAP.docx")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("CCAP.docx"), dir.path().join("lien.docx")).unwrap();
    let mut spellings = vec!["CCAP.docx", "./CCAP.docx", "sous/../CCAP.docx"];
    if cfg!(unix) {
        spellings.push("lien.docx");
    }
    let absolute = dir.path().join("CCAP.docx").display().to_string();
    spellings.push(&absolute);
    for spelling in spellings {
        let (code, err) = run(dir.path(), &["check", "CCAP.docx", "--redline", spelling]);
        assert_eq!(code, 2, "{spelling}: {err}");
        assert!(err.contains("lu par cette commande"), "{spelling}: {err}");
        assert_eq!(std::fs::read(dir.path().join("CCAP.docx")).unwrap(), before);
    }
    // A redline of the folder onto one of its files is refused too.
    let (code, _) = run(dir.path(), &["check", ".", "--redline", "clause.txt"]);
    assert_eq!(code, 2);
    // Beside it, the redline is written, and nothing else is left behind.
    let (code, err) = run(
        dir.path(),
        &["check", "CCAP.docx", "--redline", "CCAP.relu.docx"],
    );
    assert!(code == 0 || code == 1, "{err}");
    assert_eq!(std::fs::read(dir.path().join("CCAP.docx")).unwrap(), before);
    let mut expected = vec!["CCAP.docx", "CCAP.relu.docx", "clause.txt", "sous"];
    if cfg!(unix) {
        expected.insert(3, "lien.docx");
    }
    assert_eq!(names(dir.path()), expected);
}

#[test]
fn a_scan_report_never_overwrites_a_document_it_reads() {
    let dir = workdir();
    let before = std::fs::read(dir.path().join("clause.txt")).unwrap();
    for args in [
        &["scan", "clause.txt", "-o", "clause.txt"][..],
        &["scan", ".", "-o", "clause.txt"],
        &[
            "scan",
            ".",
            "-o",
            "./sous/../clause.txt",
            "--format",
            "json",
        ],
        &["scan", "CCAP.docx", "clause.txt", "-o", "CCAP.docx"],
    ] {
        let (code, err) = run(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(
            std::fs::read(dir.path().join("clause.txt")).unwrap(),
            before
        );
    }
    let (code, _) = run(dir.path(), &["scan", ".", "-o", "sous"]);
    assert_eq!(code, 2, "a folder is not an output");
}

#[test]
fn a_report_written_into_the_scanned_folder_is_never_scanned() {
    let dir = workdir();
    let documents = |dir: &Path| -> u64 {
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join("rapport.json")).unwrap()).unwrap();
        report["summary"]["documents"].as_u64().unwrap()
    };
    for _ in 0..2 {
        let (code, err) = run(
            dir.path(),
            &["scan", ".", "--format", "json", "-o", "rapport.json"],
        );
        assert!(code == 0 || code == 1, "{err}");
        assert_eq!(
            documents(dir.path()),
            2,
            "the earlier report is replaced, not read"
        );
    }
    assert_eq!(
        names(dir.path()),
        ["CCAP.docx", "clause.txt", "rapport.json", "sous"],
        "no temporary file left"
    );
}

#[test]
fn generate_and_merge_never_write_over_their_inputs() {
    let dir = workdir();
    let params = dir.path().join("clause.toml");
    std::fs::write(&params, "rate = 0.05\n").unwrap();
    let (code, _) = run(
        dir.path(),
        &[
            "generate",
            "execution-condition",
            "--params",
            "clause.toml",
            "-o",
            "./clause.toml",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(std::fs::read_to_string(&params).unwrap(), "rate = 0.05\n");
    let (code, _) = run(
        dir.path(),
        &["scan", "clause.txt", "--format", "jsonl", "-o", "a.jsonl"],
    );
    assert!(code == 0 || code == 1);
    let before = std::fs::read(dir.path().join("a.jsonl")).unwrap();
    let (code, _) = run(dir.path(), &["report", "merge", "a.jsonl", "-o", "a.jsonl"]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read(dir.path().join("a.jsonl")).unwrap(), before);
}
