//! Hostile and odd inputs on the binary: none may hang, exhaust or end a batch, and none may get
//! a false answer. Each test builds its own hostile input (FIFOs, device links, odd names) in a
//! temporary folder and runs under a wall-clock guard, so a regression fails instead of hanging.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

const GOOD: &str = "fixtures/same-clause/clause.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs clausier with a guard: a run still going after `limit` is killed and fails the test.
fn run_within(cwd: &Path, limit: Duration, args: &[&std::ffi::OsStr]) -> Output {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin!("clausier"));
    command.current_dir(cwd).args(args);
    guarded(command, limit)
}

/// Runs clausier under an address-space limit of `megabytes` (which its child processes
/// inherit), with the guard of [`run_within`]. Resident memory never exceeds the address space,
/// so a run that fits proves its peak memory below the limit.
#[cfg(target_os = "linux")]
fn run_capped(megabytes: u64, args: &[&str]) -> Output {
    let mut command = Command::new("sh");
    command
        .current_dir(root())
        .arg("-c")
        .arg(format!(
            "ulimit -v {} && exec \"$0\" \"$@\"",
            megabytes * 1024
        ))
        .arg(assert_cmd::cargo::cargo_bin!("clausier"))
        .args(args);
    guarded(command, Duration::from_secs(120))
}

fn guarded(mut command: Command, limit: Duration) -> Output {
    let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain both pipes on threads so a large output cannot block the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).unwrap();
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).unwrap();
        v
    });
    let status = match child.wait_timeout(limit).unwrap() {
        Some(status) => status,
        None => {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("clausier {args:?} still running after {limit:?}");
        }
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(args: &[&str]) -> Output {
    run_in(root(), args)
}

fn run_in(cwd: &Path, args: &[&str]) -> Output {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    run_within(cwd, Duration::from_secs(60), &args)
}

fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The document whose path ends with `name`.
fn find<'a>(documents: &'a [Value], name: &str) -> &'a Value {
    documents
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no {name} in {documents:?}"))
}

fn error_code(document: &Value) -> &str {
    document["error"]["code"].as_str().unwrap_or("")
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[cfg(unix)]
#[test]
fn fifos_are_reported_without_being_opened_wherever_they_come_from() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("tube.pdf");
    mkfifo(&fifo);
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(root().join(GOOD), folder.join("good.txt")).unwrap();
    mkfifo(&folder.join("inside.txt"));
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("{}\n{GOOD}\n", fifo.display())).unwrap();

    for command in ["text", "check"] {
        let out = run(&[command, s(&fifo)]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("not-a-regular-file"), "{command}: {all}");
    }

    // Given directly, listed, or found in a folder: one line each, and the good file is read.
    for args in [
        vec!["scan", "--format", "jsonl", s(&fifo), GOOD],
        vec!["scan", "--format", "jsonl", "--files-from", s(&list)],
        vec!["scan", "--format", "jsonl", s(&folder)],
        vec!["scan", "--format", "jsonl", "--isolate", s(&folder)],
    ] {
        let out = run(&args);
        let documents = lines(&out);
        assert_eq!(documents.len(), 2, "{args:?}");
        let codes: Vec<&str> = documents.iter().map(error_code).collect();
        assert!(codes.contains(&"not-a-regular-file"), "{args:?}: {codes:?}");
        assert!(
            documents
                .iter()
                .any(|d| d["status"] == "ok" && !d["clauses"].as_array().unwrap().is_empty()),
            "{args:?}: the good file is read"
        );
        assert_eq!(out.status.code(), Some(1), "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn links_to_devices_and_kernel_files_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    for (name, target) in [
        ("zero.txt", "/dev/zero"),
        ("random.pdf", "/dev/urandom"),
        ("status.txt", "/proc/self/status"),
    ] {
        std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
    }
    std::fs::copy(root().join(GOOD), dir.path().join("good.txt")).unwrap();
    let out = run(&["scan", "--format", "jsonl", s(dir.path())]);
    let documents = lines(&out);
    assert_eq!(documents.len(), 4);
    for d in &documents {
        if d["path"].as_str().unwrap().ends_with("good.txt") {
            assert_eq!(d["status"], "ok");
        } else {
            assert_eq!(error_code(d), "not-a-regular-file", "{d}");
        }
    }
}

#[test]
fn the_size_limit_holds_on_what_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    std::fs::write(&big, "Clause d'insertion. ".repeat(1000)).unwrap();
    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--max-file-size",
        "10k",
        s(&big),
    ]);
    assert_eq!(error_code(&lines(&out)[0]), "too-large");
}

#[test]
fn too_many_jobs_are_capped_with_a_message() {
    let out = run(&["scan", "--format", "jsonl", "--jobs", "100000", GOOD]);
    assert_eq!(lines(&out).len(), 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--jobs 100000") && stderr.contains("64"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_merge_with_a_truncated_last_line_keeps_the_complete_lines() {
    let dir = tempfile::tempdir().unwrap();
    let full = run(&[
        "scan",
        "--format",
        "jsonl",
        GOOD,
        "fixtures/same-clause/clause.md",
        "fixtures/same-clause/clause.html",
    ]);
    assert_eq!(lines(&full).len(), 3);
    // Cut the last line in the middle of a multi-byte character if there is one near the cut.
    let mut cut = full.stdout.clone();
    cut.pop();
    let last_start = cut.iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let mut at = last_start + (cut.len() - last_start) / 2;
    while at < cut.len() && cut[at] < 0x80 {
        at += 1;
    }
    cut.truncate(if at < cut.len() { at + 1 } else { at });
    let shard = dir.path().join("part1.jsonl");
    std::fs::write(&shard, &cut).unwrap();
    let out = run(&["report", "merge", "--format", "jsonl", s(&shard)]);
    assert_eq!(out.status.code(), Some(1));
    let merged = lines(&out);
    assert_eq!(
        merged.len(),
        3,
        "the two complete lines, then the mark of an incomplete report"
    );
    assert_eq!(merged[2]["type"], "summary");
    assert_eq!(merged[2]["interrupted"], true);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:3", shard.display())),
        "{stderr}"
    );

    // Damage in the middle of a shard is still refused.
    let mut damaged = b"{\"broken\n".to_vec();
    damaged.extend_from_slice(&full.stdout);
    std::fs::write(&shard, &damaged).unwrap();
    let out = run(&["report", "merge", s(&shard)]);
    assert_eq!(out.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn csv_cells_never_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let name: PathBuf = dir.path().join("=HYPERLINK(\"http:x\")");
    std::fs::create_dir(&name).unwrap();
    std::fs::copy(root().join(GOOD), name.join("@clause.txt")).unwrap();
    std::fs::copy(root().join(GOOD), dir.path().join("-clause.txt")).unwrap();
    std::fs::copy(root().join(GOOD), dir.path().join("+clause.txt")).unwrap();
    // Relative paths, so that the path cells start with the hostile characters.
    let out = run_in(
        dir.path(),
        &[
            &["scan", "--format", "csv"][..],
            &crate::common::CSV_FOR_PROGRAMS,
            &["--", "=HYPERLINK(\"http:x\")", "-clause.txt", "+clause.txt"],
        ]
        .concat(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut rows = 0;
    for record in reader.records() {
        let record = record.unwrap();
        rows += 1;
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} would run as a formula"
            );
        }
    }
    assert!(rows > 0);
    assert!(
        text.contains("'=HYPERLINK") && text.contains("'-clause") && text.contains("'+clause"),
        "{text}"
    );
}

/// About `size` bytes of tender-like text: the project's own tender fixtures, repeated.
fn tender_text(size: usize) -> String {
    let mut sources: Vec<String> = std::fs::read_dir(root().join("fixtures/documents"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    let mut text = String::new();
    while text.len() < size {
        for source in &sources {
            text.push_str(source);
            text.push_str("\n\n");
        }
    }
    text
}

#[test]
fn the_time_limit_covers_the_whole_pipeline_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // Read in a fraction of a second, but checked in far more than the limit.
    std::fs::write(&big, tender_text(12 << 20)).unwrap();
    for isolate in [false, true] {
        let mut args = vec![
            "scan",
            "--format",
            "jsonl",
            "--timeout-per-file",
            "3",
            s(&big),
            GOOD,
        ];
        if isolate {
            args.push("--isolate");
        }
        let out = run(&args);
        let documents = lines(&out);
        assert_eq!(documents.len(), 2, "isolate={isolate}");
        assert_eq!(
            error_code(find(&documents, "big.txt")),
            "timeout",
            "isolate={isolate}"
        );
        assert_eq!(
            find(&documents, "clause.txt")["status"],
            "ok",
            "isolate={isolate}"
        );
    }
    let out = run(&[
        "check",
        "--timeout-per-file",
        "3",
        "--format",
        "json",
        s(&big),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"timeout\""));
}

#[test]
fn text_past_the_character_limit_is_refused_and_long_lines_read() {
    let dir = tempfile::tempdir().unwrap();
    // One line, no break at all, with decomposed accents ("e" + U+0301) that must be composed.
    let line = "Le titulaire re\u{301}alise des heures d'insertion. ".repeat(40_000);
    let one_line = dir.path().join("one-line.txt");
    std::fs::write(&one_line, &line).unwrap();
    let out = run(&[
        "scan",
        "--format",
        "jsonl",
        "--max-text",
        "1M",
        s(&one_line),
        GOOD,
    ]);
    let documents = lines(&out);
    let refused = find(&documents, "one-line.txt");
    assert_eq!(error_code(refused), "too-large", "{refused}");
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--max-text"));
    assert_eq!(find(&documents, "clause.txt")["status"], "ok");
    // Within the limit, the same line is read and composed.
    let out = run(&["text", s(&one_line)]);
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("réalise des heures") && !printed.contains('\u{301}'));
}

#[test]
fn ocr_is_advised_for_pdfs_only() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("bordereau.md");
    // A Markdown page that is mostly figures and table rules.
    let mut text =
        String::from("# Bordereau des prix\n\n| Lot | Heures | Prix HT |\n| --- | ---: | ---: |\n");
    for i in 1..200 {
        text.push_str(&format!("| {i:02} | {} | {},00 € |\n", i * 35, i * 1250));
    }
    std::fs::write(&md, text).unwrap();
    let out = run(&["scan", "--format", "jsonl", s(&md)]);
    let document = &lines(&out)[0];
    assert_eq!(document["status"], "ok");
    let printed = document.to_string();
    assert!(
        !printed.contains("OCR") && !printed.contains("no-text-layer"),
        "{printed}"
    );
}

#[test]
fn a_latin1_line_in_utf8_text_is_decoded_on_its_own_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = std::fs::read(root().join(GOOD)).unwrap();
    bytes.extend_from_slice(
        b"\n\nAnnexe : le titulaire pr\xe9sente l\x92attestation d\x92insertion.\n",
    );
    let mixed = dir.path().join("mixed.txt");
    std::fs::write(&mixed, &bytes).unwrap();
    let out = run(&["scan", "--format", "jsonl", s(&mixed)]);
    let document = &lines(&out)[0];
    let printed = document.to_string();
    assert!(printed.contains("mixed-encoding"), "{printed}");
    assert!(!printed.contains("â€"), "UTF-8 kept as UTF-8: {printed}");
    let text = run(&["text", s(&mixed)]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("présente l'attestation d'insertion"),
        "{text}"
    );
    assert!(text.contains("d'insertion"));
}

#[cfg(unix)]
#[test]
fn odd_file_names_are_kept_and_never_drive_the_terminal() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"ccap-\xe9t\xe9 100%.txt"));
    std::fs::copy(root().join(GOOD), &latin1).unwrap();
    let escape = dir.path().join("\u{1b}[31mrouge.txt");
    std::fs::copy(root().join(GOOD), &escape).unwrap();

    let out = run(&["scan", "--format", "jsonl", s(dir.path())]);
    let documents = lines(&out);
    let kept = find(&documents, "%E9t%E9 100%25.txt");
    assert_eq!(kept["path_escaped"], true);
    assert_eq!(kept["status"], "ok");
    assert!(find(&documents, "rouge.txt").get("path_escaped").is_none());

    let out = run(&["scan", s(dir.path())]);
    assert!(
        !out.stdout.contains(&0x1b),
        "no raw escape reaches the terminal"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\u{1b}[31mrouge.txt"));
}

/// A one-page PDF whose objects are `objects` (1: catalog, 2: pages, 3: page, 4: content,
/// 5: font…), with a correct cross-reference table, and `trailer` added to the trailer.
fn pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer}>>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn damaged_pdfs_are_read_as_far_as_they_can_be_and_never_called_scans() {
    const TEXT: &[u8] = b"BT /F1 12 Tf 72 720 Td (Article 9 - Clause sociale d'insertion) Tj 0 -20 Td (Le titulaire realise 500 heures d'insertion au profit de personnes eloignees de l'emploi.) Tj ET";
    let stream = |length: &str| {
        let mut s = format!("<< /Length {length} >>\nstream\n").into_bytes();
        s.extend_from_slice(TEXT);
        s.extend_from_slice(b"\nendstream");
        s
    };
    let page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>";
    let good = || -> Vec<Vec<u8>> {
        vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            format!("{page} >>").into_bytes(),
            stream(&TEXT.len().to_string()),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
                .to_vec(),
        ]
    };
    let dir = tempfile::tempdir().unwrap();
    let mut cases = Vec::new();
    let mut looping = good();
    looping[1] = b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>".to_vec();
    cases.push(("page-tree-loop.pdf", pdf(&looping, "")));
    let mut deep = good();
    deep[2] = format!(
        "{page} /Extra {}1{} >>",
        "<< /A ".repeat(5000),
        " >>".repeat(5000)
    )
    .into_bytes();
    cases.push(("deep-dictionaries.pdf", pdf(&deep, "")));
    let mut self_length = good();
    self_length[3] = stream("4 0 R");
    cases.push(("self-length.pdf", pdf(&self_length, "")));
    let mut unknown_handler = good();
    unknown_handler.push(b"<< /Filter /NoSuchHandler /V 1 /R 2 /O (x) /U (y) /P -4 >>".to_vec());
    cases.push((
        "unknown-handler.pdf",
        pdf(
            &unknown_handler,
            "/Encrypt 6 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ",
        ),
    ));
    for (name, bytes) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    // Nothing readable at all: damaged, not a scan.
    let mut empty = good();
    empty[3] = b"<< /Length 0 >>\nstream\n\nendstream".to_vec();
    std::fs::write(dir.path().join("nothing.pdf"), pdf(&empty, "")).unwrap();

    let out = run(&["scan", "--format", "jsonl", s(dir.path())]);
    let documents = lines(&out);
    for (name, _) in &cases {
        let d = find(&documents, name);
        assert_eq!(d["status"], "ok", "{name}: {d}");
        assert_eq!(d["clauses"].as_array().unwrap().len(), 1, "{name}: {d}");
        assert!(!d.to_string().contains("no-text-layer"), "{name}: {d}");
    }
    let nothing = find(&documents, "nothing.pdf");
    assert_eq!(error_code(nothing), "corrupt-file", "{nothing}");
}

/// A DOCX whose body holds `paragraphs` ("Article N : …"), each a few elements, with figures
/// that keep it from compressing like a zip bomb.
fn docx_of(paragraphs: impl Iterator<Item = String>) -> Vec<u8> {
    use std::io::Write;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
    );
    for text in paragraphs {
        let text = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        xml.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        xml.push_str(&text);
        xml.push_str("</w:t></w:r></w:p>");
    }
    xml.push_str("</w:body></w:document>");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(xml.len() > u32::MAX as usize / 2);
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer
        .write_all(b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>")
        .unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    writer.write_all(xml.as_bytes()).unwrap();
    writer.finish().unwrap();
    out.into_inner()
}

/// Numbered paragraphs with varied figures (a fixed sequence, no randomness).
fn numbered(count: usize) -> impl Iterator<Item = String> {
    (0..count).map(|i| {
        let figure = (i as u64).wrapping_mul(2_654_435_761) % 1_000_000_007;
        format!("Article {i} : le titulaire réalise {figure} heures d'insertion.")
    })
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_one_line_text_and_a_docx_of_too_many_elements_are_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // 150 MB on one line: inside the default --max-file-size (200M), over --max-text.
    let sentence = "Le titulaire réalise des heures d'insertion au profit de personnes éloignées de l'emploi. ";
    let one_line = dir.path().join("one-line.txt");
    std::fs::write(&one_line, sentence.repeat((150 << 20) / sentence.len())).unwrap();
    // Three elements a paragraph: past the million elements an XML part may hold.
    let many = dir.path().join("many-elements.docx");
    std::fs::write(&many, docx_of(numbered(400_000))).unwrap();
    for isolate in [false, true] {
        let mut args = vec![
            "scan",
            "--format",
            "jsonl",
            "--jobs",
            "1",
            s(&one_line),
            s(&many),
            GOOD,
        ];
        if isolate {
            args.push("--isolate");
        }
        // The whole batch within a 1 GB address space: peak memory below 1 GB.
        let out = run_capped(1024, &args);
        let documents = lines(&out);
        assert_eq!(
            documents.len(),
            3,
            "isolate={isolate}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = find(&documents, "one-line.txt");
        assert_eq!(error_code(text), "too-large", "{text}");
        assert!(text["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--max-text"));
        let docx = find(&documents, "many-elements.docx");
        assert_eq!(error_code(docx), "too-large", "{docx}");
        assert!(
            docx["error"]["message"]
                .as_str()
                .unwrap()
                .contains("1048576 éléments"),
            "{docx}"
        );
        assert_eq!(find(&documents, "clause.txt")["status"], "ok");
    }
}

/// Slow to build (half a gigabyte compressed in the test), so run on request:
/// `cargo test --test hostile -- --ignored`; `scripts/bench_scaling.py` is not needed for it.
#[cfg(target_os = "linux")]
#[test]
#[ignore]
fn a_docx_holding_500_mb_of_xml_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let paragraphs = numbered(usize::MAX).take_while({
        let mut size = 0usize;
        move |p| {
            size += p.len() + 60;
            size < 500 << 20
        }
    });
    let huge = dir.path().join("huge-xml.docx");
    let bytes = docx_of(paragraphs);
    assert!(
        bytes.len() < 200 << 20,
        "inside the default --max-file-size"
    );
    std::fs::write(&huge, bytes).unwrap();
    let out = run_capped(
        1024,
        &["scan", "--format", "jsonl", "--jobs", "1", s(&huge), GOOD],
    );
    let documents = lines(&out);
    assert_eq!(documents.len(), 2);
    let docx = find(&documents, "huge-xml.docx");
    assert_eq!(error_code(docx), "too-large", "{docx}");
    assert_eq!(find(&documents, "clause.txt")["status"], "ok");
}

#[cfg(target_os = "linux")]
#[test]
fn with_isolate_memory_running_out_costs_one_line_not_the_batch() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    // 24 MB of one-line text, let in by --max-text: its pipeline needs more than the 300 MB
    // address space the run is given (a small file's run fits in 250 MB, most of it the
    // allocator's reserved arenas), so its child process aborts. A bigger text only makes the
    // test slower: the child reads for longer before it runs out.
    let sentence = "Le titulaire réalise des heures d'insertion au profit de personnes éloignées de l'emploi. ";
    let text = sentence.repeat((24 << 20) / sentence.len());
    let big = dir.path().join("big.txt");
    std::fs::write(&big, &text).unwrap();
    // The same text as an archive's member, beside a good one: each member has its own child.
    let archive = dir.path().join("dce.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("CCAP.txt", stored).unwrap();
    zip.write_all(text.as_bytes()).unwrap();
    zip.start_file("RC.txt", stored).unwrap();
    zip.write_all(&std::fs::read(root().join(GOOD)).unwrap())
        .unwrap();
    zip.finish().unwrap();

    let out = run_capped(
        300,
        &[
            "scan",
            "--format",
            "jsonl",
            "--jobs",
            "1",
            "--max-text",
            "200M",
            // Memory, not time, must end the child: a loaded machine reads slowly.
            "--timeout-per-file",
            "900",
            "--isolate",
            s(&big),
            s(&archive),
            GOOD,
        ],
    );
    // The archive's consultation line aside, one line per document.
    let documents: Vec<Value> = lines(&out)
        .into_iter()
        .filter(|d| d["type"] == "document")
        .collect();
    assert_eq!(
        documents.len(),
        4,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["big.txt", "dce.zip/CCAP.txt"] {
        let died = find(&documents, name);
        assert_eq!(error_code(died), "internal-error", "{died}");
        assert!(
            died["error"]["message"]
                .as_str()
                .unwrap()
                .contains("le processus fils s'est arrêté brutalement"),
            "{died}"
        );
    }
    assert_eq!(find(&documents, "dce.zip/RC.txt")["status"], "ok");
    assert_eq!(find(&documents, "clause.txt")["status"], "ok");
    assert_eq!(out.status.code(), Some(1));

    let out = run_capped(
        300,
        &[
            "check",
            "--format",
            "json",
            "--max-text",
            "200M",
            "--timeout-per-file",
            "900",
            "--isolate",
            s(&big),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("internal-error"));
}

#[test]
fn deep_nesting_costs_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let clause = "<p>Article 9 - Clause sociale d'insertion. Le titulaire réalise 500 heures d'insertion au profit de personnes éloignées de l'emploi.</p>";
    for (name, open, close) in [
        ("divs.html", "<div>", "</div>"),
        ("bold.html", "<b>", "</b>"),
        ("tables.html", "<table><tr><td>", "</td></tr></table>"),
    ] {
        let page = format!(
            "<html><body>{}{clause}{}</body></html>",
            open.repeat(100_000),
            close.repeat(100_000)
        );
        std::fs::write(dir.path().join(name), page).unwrap();
    }
    // Quadratic parsing took minutes here; linear takes well under a second each.
    let words = ["scan", "--format", "jsonl", s(dir.path())];
    let args: Vec<&std::ffi::OsStr> = words.iter().map(|a| a.as_ref()).collect();
    let out = run_within(root(), Duration::from_secs(30), &args);
    let documents = lines(&out);
    assert_eq!(documents.len(), 3);
    for d in &documents {
        assert_eq!(d["status"], "ok", "{d}");
        assert_eq!(d["clauses"].as_array().unwrap().len(), 1, "{d}");
    }
}

#[test]
fn the_time_limit_covers_an_office_document_too() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("big.docx");
    let text = tender_text(12 << 20);
    std::fs::write(&docx, docx_of(text.split("\n\n").map(str::to_string))).unwrap();
    for isolate in [false, true] {
        let mut args = vec![
            "scan",
            "--format",
            "jsonl",
            "--timeout-per-file",
            "3",
            s(&docx),
            GOOD,
        ];
        if isolate {
            args.push("--isolate");
        }
        let documents = lines(&run(&args));
        assert_eq!(documents.len(), 2, "isolate={isolate}");
        assert_eq!(
            error_code(find(&documents, "big.docx")),
            "timeout",
            "isolate={isolate}"
        );
        assert_eq!(find(&documents, "clause.txt")["status"], "ok");
    }
}

/// The processes whose parent is `parent` (from each process's `/proc/PID/stat`).
#[cfg(target_os = "linux")]
fn children_of(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            // The command name, in parentheses, may hold spaces: the fields start after it.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|stat| {
                    let fields = stat.rsplit_once(')')?.1.to_string();
                    fields.split_whitespace().nth(1)?.parse::<u32>().ok()
                })
                == Some(parent)
        })
        .collect()
}

/// The arguments of process `pid`, or nothing once it has gone.
#[cfg(target_os = "linux")]
fn command_line(pid: u32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .unwrap_or_default()
        .split(|&b| b == 0)
        .filter(|a| !a.is_empty())
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// Whether process `pid` still exists and is not yet reaped (a zombie counts as gone).
#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| Some(stat.rsplit_once(')')?.1.split_whitespace().next()? != "Z"))
        .unwrap_or(false)
}

/// Sends `signal` (a name `kill` knows) to `pid`.
#[cfg(target_os = "linux")]
fn signal(pid: u32, signal: &str) {
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal} {pid}");
}

#[cfg(target_os = "linux")]
#[test]
fn with_isolate_a_child_that_stops_responding_is_killed_by_the_parent() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("dce");
    std::fs::create_dir(&folder).unwrap();
    for name in ["a-good.txt", "c-good.txt"] {
        std::fs::copy(root().join(GOOD), folder.join(name)).unwrap();
    }
    // Long enough to check that its child is still running when it is found; it is stopped
    // at once, before its own deadline could fire, so only the parent can end it.
    let stuck = folder.join("b-stuck.txt");
    std::fs::write(&stuck, tender_text(4 << 20)).unwrap();

    let mut scan = Command::new(assert_cmd::cargo::cargo_bin!("clausier"))
        .args(["scan", "--format", "jsonl", "--isolate", "--jobs", "1"])
        .args(["--timeout-per-file", "2"])
        .arg(&folder)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = scan.stdout.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).unwrap();
        v
    });

    // The `check-one` child of the stuck file, stopped with SIGSTOP as soon as it shows up:
    // it no longer runs, so neither its own deadline nor its end can answer for it.
    let stopped = loop {
        if scan.try_wait().unwrap().is_some() {
            panic!("the scan ended before the stuck file's child process was seen");
        }
        let found = children_of(scan.id()).into_iter().find(|&pid| {
            let args = command_line(pid);
            args.iter().any(|a| a == "check-one")
                && args.last().map(String::as_str) == stuck.to_str()
        });
        if let Some(pid) = found {
            signal(pid, "STOP");
            break pid;
        }
        std::thread::sleep(Duration::from_millis(2));
    };

    // A parent that waited on its child for ever would still be running here: end both so the
    // test fails instead of hanging.
    let status = match scan.wait_timeout(Duration::from_secs(60)).unwrap() {
        Some(status) => status,
        None => {
            signal(stopped, "KILL");
            scan.kill().unwrap();
            scan.wait().unwrap();
            panic!("the scan still waits on its stopped child");
        }
    };
    let still_there = alive(stopped) && command_line(stopped).iter().any(|a| a == "check-one");
    if still_there {
        signal(stopped, "KILL");
    }
    assert!(!still_there, "the stopped child {stopped} was left behind");

    let stdout = out.join().unwrap();
    let documents: Vec<Value> = String::from_utf8_lossy(&stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|d: &Value| d["type"] == "document")
        .collect();
    assert_eq!(documents.len(), 3, "{documents:?}");
    let timed_out = find(&documents, "b-stuck.txt");
    assert_eq!(error_code(timed_out), "timeout", "{timed_out}");
    // The parent's own words: the child was killed, not timed out by itself.
    assert!(
        timed_out["error"]["message"]
            .as_str()
            .unwrap()
            .contains("son processus fils a été arrêté"),
        "{timed_out}"
    );
    for name in ["a-good.txt", "c-good.txt"] {
        let good = find(&documents, name);
        assert_eq!(good["status"], "ok", "{good}");
        assert!(!good["clauses"].as_array().unwrap().is_empty(), "{good}");
    }
    assert_eq!(status.code(), Some(1));
}
