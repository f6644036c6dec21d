//! The output file's extension chooses the format when `--format` is absent, in any case
//! (`-o clause.DOCX`, `-o rapport.html`); an extension clausier cannot write is exit 2 with
//! nothing written. `generate` writes ODT for LibreOffice users.

use std::io::Read;
use std::path::Path;
use std::process::Command;

fn run(dir: &Path, args: &[&str]) -> i32 {
    Command::new(env!("CARGO_BIN_EXE_clausier"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap_or(-1)
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/same-clause/clause.txt"),
        dir.path().join("clause.txt"),
    )
    .unwrap();
    dir
}

fn head(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned()
}

#[test]
fn a_scan_report_takes_its_format_from_the_extension() {
    let dir = setup();
    let d = dir.path();
    assert_eq!(run(d, &["scan", "clause.txt", "-o", "rapport.HTML"]), 0);
    assert!(head(&d.join("rapport.HTML")).starts_with("<!DOCTYPE html>"));
    assert_eq!(run(d, &["scan", "clause.txt", "-o", "rapport.json"]), 0);
    assert!(head(&d.join("rapport.json")).contains("\"schema_version\""));
    assert_eq!(run(d, &["scan", "clause.txt", "-o", "rapport.jsonl"]), 0);
    assert!(head(&d.join("rapport.jsonl")).starts_with("{\"type\":\"document\""));
    assert_eq!(run(d, &["scan", "clause.txt", "-o", "rapport.Csv"]), 0);
    assert!(head(&d.join("rapport.Csv")).starts_with("\u{feff}Fichier;"));
    // --format wins over the extension.
    assert_eq!(
        run(
            d,
            &["scan", "clause.txt", "--format", "json", "-o", "r.txt"]
        ),
        0
    );
    assert!(head(&d.join("r.txt")).contains("\"schema_version\""));
    // An extension no report has: refused, nothing written.
    assert_eq!(run(d, &["scan", "clause.txt", "-o", "rapport.pdf"]), 2);
    assert!(!d.join("rapport.pdf").exists());
}

#[test]
fn generate_writes_docx_and_odt_whatever_the_case_of_the_extension() {
    let dir = setup();
    let d = dir.path();
    let params = "lot = \"02\"\nlot_name = \"Nettoyage des parties communes\"\n";
    std::fs::write(d.join("p.toml"), params).unwrap();
    let base = ["generate", "reserved-siae", "--params", "p.toml", "-o"];
    let zip_entry = |file: &str, entry: &str| -> String {
        let mut archive = zip::ZipArchive::new(std::fs::File::open(d.join(file)).unwrap()).unwrap();
        let mut text = String::new();
        archive
            .by_name(entry)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    assert_eq!(run(d, &[&base[..], &["clause.DOCX"]].concat()), 0);
    assert!(
        zip_entry("clause.DOCX", "word/document.xml").contains("Nettoyage des parties communes")
    );
    assert_eq!(run(d, &[&base[..], &["clause.odt"]].concat()), 0);
    assert_eq!(
        zip_entry("clause.odt", "mimetype"),
        "application/vnd.oasis.opendocument.text"
    );
    assert!(zip_entry("clause.odt", "content.xml").contains("Nettoyage des parties communes"));
    assert_eq!(run(d, &[&base[..], &["clause.rtf"]].concat()), 2);
    assert!(!d.join("clause.rtf").exists());
}
