//! French first: what a person reads is French by default, English with `--lang en` or
//! `CLAUSIER_LANG=en`, numbers and dates written the French way, our own sentences for errors.

fn clausier() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("CLAUSIER_LANG");
    cmd.env_remove("COLUMNS");
    cmd
}

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

const CCAP: &str = "fixtures/example/dce/ccap.pdf";

#[test]
fn check_speaks_french_by_default() {
    let out = stdout(clausier().args(["check", "--color", "never", CCAP]));
    for want in [
        "(pdf, CCAP, daté du 9 mars 2026) : 1 clause · Clause sociale",
        "Condition d'exécution [execution-condition]",
        "lot 01 : 310 h, lot 02 : 180 h, lot 03 : 110 h · 5 % des heures",
        "similarité avec le modèle : 0,57",
        "erreur · Élément manquant : pénalités  [missing-element/penalties]",
        "avertissement · Terme périmé : Pôle emploi",
        "Écart avec le modèle",
    ] {
        assert!(out.contains(want), "{want:?} missing from:\n{out}");
    }
    for english in ["dated ", "similarity", "error[", "warning", "diff against"] {
        assert!(!out.contains(english), "{english:?} in:\n{out}");
    }
}

#[test]
fn lang_en_and_clausier_lang_give_english() {
    let by_flag = stdout(clausier().args(["check", "--lang", "en", "--color", "never", CCAP]));
    let by_env = stdout(
        clausier()
            .env("CLAUSIER_LANG", "en")
            .args(["check", "--color", "never", CCAP]),
    );
    assert_eq!(by_flag, by_env);
    for want in [
        "dated 9 March 2026",
        "Execution condition [execution-condition]",
        "similarity to the model: 0.57",
        "error · Missing element: penalties",
        // The findings' own sentences and what to do, not only their labels.
        "the clause does not state the penalties for insertion hours not performed",
        "has been repealed since 1 April 2019",
        "“Pôle emploi” is an outdated term",
        "→ replace with: France Travail",
        "Difference from the model",
    ] {
        assert!(by_flag.contains(want), "{want:?} missing from:\n{by_flag}");
    }
    for french in [
        "la clause ne précise pas",
        "est abrogé",
        "terme périmé",
        "remplacer par",
        "Prévoir une pénalité",
        "daté du",
    ] {
        assert!(!by_flag.contains(french), "{french:?} in:\n{by_flag}");
    }
}

/// The HTML report of a consultation in English: the page's words, the consultation's and the
/// documents' findings, their suggestions; only what is quoted from the documents stays French.
#[test]
fn the_html_report_speaks_the_language_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let page = |lang: &str| {
        let out = dir.path().join(format!("report-{lang}.html"));
        let status = clausier()
            .args(["scan", "--quiet", "--lang", lang, "--format", "html", "-o"])
            .arg(&out)
            .arg("fixtures/consultations/dce/incoherente.zip")
            .output()
            .unwrap()
            .status;
        assert!(status.code().is_some_and(|c| c <= 1), "{status:?}");
        std::fs::read_to_string(out).unwrap()
    };
    let en = page("en");
    for want in [
        "<html lang=\"en\">",
        "clausier — analysis report",
        "Details by document",
        "Insertion hours committed",
        "Findings",
        "insertion hours differ between the pieces: AE article 3: 400 h; CCAP article 9: 420 h",
        "Make the pieces agree",
    ] {
        assert!(en.contains(want), "{want:?} missing from the English page");
    }
    let fr = page("fr");
    for french in [
        "rapport d&#39;analyse",
        "Détail par document",
        "Heures d&#39;insertion engagées",
        "Constats",
        "différentes selon les pièces",
        "Mettre les pièces d&#39;accord",
        "Tout déplier",
        "Aucune clause",
    ] {
        assert!(!en.contains(french), "{french:?} in the English page");
    }
    assert!(fr.contains("<html lang=\"fr\">"));
    assert!(fr.contains("heures d&#39;insertion différentes selon les pièces : AE article 3 : 400 h ; CCAP article 9 : 420 h"));
}

/// A file that could not be read shows our sentence for its code, in the run's language; the
/// reader's own detail is only a tooltip, as it is only in --verbose in the terminal.
#[test]
fn the_html_report_explains_unreadable_files_in_the_language_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, sentence) in [
        ("fr", "le fichier est protégé par un mot de passe"),
        ("en", "the file is protected by a password"),
    ] {
        let out = dir.path().join(format!("{lang}.html"));
        clausier()
            .args(["scan", "--quiet", "--lang", lang, "--format", "html", "-o"])
            .arg(&out)
            .arg("fixtures/broken/password.pdf")
            .output()
            .unwrap();
        let page = std::fs::read_to_string(&out).unwrap();
        let problem = page
            .lines()
            .find(|l| l.starts_with("<p class=\"problem error\">"))
            .expect("a problem line");
        let shown = problem.rsplit("</span>").next().unwrap();
        assert!(shown.contains(sentence), "{lang}: {problem}");
    }
}

/// A redline's comments and headings follow the language too.
#[test]
fn the_redline_speaks_the_language_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("review.html");
    clausier()
        .args(["check", "--no-diff", "--lang", "en", "--redline"])
        .arg(&html)
        .arg("fixtures/consultations/dce/incoherente.zip")
        .output()
        .unwrap();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("Findings of the consultation (between the pieces)"),
        "{page}"
    );
    assert!(
        page.contains("insertion hours differ between the pieces"),
        "{page}"
    );
    assert!(!page.contains("Constats de la consultation"), "{page}");
    assert!(!page.contains("différentes selon les pièces"), "{page}");
    // What the redline writes into the tender stays in the tender's language.
    let docx = dir.path().join("review.docx");
    clausier()
        .args(["check", "--no-diff", "--lang", "en", "--redline"])
        .arg(&docx)
        .arg("fixtures/example/dce/ccap.pdf")
        .output()
        .unwrap();
    let text = clausier().arg("text").arg(&docx).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let corrected = text
        .lines()
        .find(|l| l.starts_with("En application de"))
        .expect("the clause's first sentence");
    assert!(
        corrected.contains("l'article L. 2112-2 du code de la commande publique"),
        "{corrected}"
    );
    assert!(!corrected.contains("public procurement"), "{corrected}");
    // The comments beside it are the reviewer's, in the language of the run.
    assert!(
        text.contains("Obsolete legal reference — article 38 of ordinance no. 2015-899"),
        "{text}"
    );
}

#[test]
fn the_summary_counts_in_french_with_french_numbers() {
    let out = stdout(clausier().args([
        "scan",
        "--quiet",
        "fixtures/example/dce",
        "fixtures/same-clause/clause.txt",
    ]));
    assert!(
        out.contains("5 documents : 5 lus, 0 illisible, 3 avec clauses"),
        "{out}"
    );
    assert!(
        out.contains("constats : 2 erreurs, 1 avertissement, 0 information"),
        "{out}"
    );
    assert!(out.contains("Condition d'exécution 3"), "{out}");
    // Thousands with a narrow no-break space.
    assert!(out.contains("lot 02 : 1\u{202F}050 h"), "{out}");
    assert!(
        !out.contains("documents:") && !out.contains("findings"),
        "{out}"
    );
}

#[test]
fn help_is_french_and_english_on_demand() {
    let fr = stdout(clausier().args(["scan", "--help"]));
    assert!(fr.contains("Utilisation : clausier scan"), "{fr}");
    assert!(fr.contains("d'après l'extension de -o"), "{fr}");
    assert!(fr.contains("csv, html]"), "{fr}");
    for english in [
        "Usage:",
        "Print help",
        "[default:",
        "possible values",
        "Output format",
    ] {
        assert!(!fr.contains(english), "{english:?} in:\n{fr}");
    }
    let top = stdout(clausier().arg("--help"));
    assert!(top.contains("Vérifie un document"), "{top}");
    let en = stdout(clausier().args(["--lang", "en", "scan", "--help"]));
    assert!(
        en.contains("Usage: clausier scan") && en.contains("Output format"),
        "{en}"
    );
}

#[test]
fn errors_rules_and_templates_are_french() {
    let errors = stdout(clausier().arg("errors"));
    assert!(!errors.contains("warning"), "{errors}");
    assert!(!errors.contains("avertissement avertissement"), "{errors}");
    assert!(
        errors.contains("no-text-layer        avertissement : pas de texte exploitable"),
        "{errors}"
    );
    let en = stdout(clausier().args(["errors", "--lang", "en"]));
    assert!(!en.contains("warning warning"), "{en}");
    assert!(
        en.contains("mislabelled-file     warning: the extension"),
        "{en}"
    );
    let rules = stdout(clausier().arg("rules"));
    assert!(
        rules.contains("Élément manquant [missing-element]"),
        "{rules}"
    );
    assert!(!rules.contains("The clause"), "{rules}");
    let show = stdout(clausier().args(["templates", "show", "execution-condition"]));
    assert!(
        show.contains("nature : Condition d'exécution [execution_condition]"),
        "{show}"
    );
    assert!(
        show.contains("paramètres :") && !show.contains("legal basis"),
        "{show}"
    );
}

#[test]
fn the_diff_is_short_by_default_full_or_none_on_demand() {
    let short = stdout(clausier().args(["check", "--color", "never", CCAP]));
    let full = stdout(clausier().args(["check", "--color", "never", "--diff", "full", CCAP]));
    let none = stdout(clausier().args(["check", "--color", "never", "--diff", "none", CCAP]));
    let no_diff = stdout(clausier().args(["check", "--color", "never", "--no-diff", CCAP]));
    assert!(
        short.contains("autres passages différents (--diff full pour tout voir)"),
        "{short}"
    );
    assert!(full.lines().count() > short.lines().count());
    assert!(!full.contains("--diff full pour tout voir"), "{full}");
    assert!(!none.contains("Écart avec le modèle"), "{none}");
    assert_eq!(none, no_diff);
    // Wrapped to the width of the terminal: no line of the report runs past it.
    let narrow = stdout(
        clausier()
            .env("COLUMNS", "80")
            .args(["check", "--color", "never", CCAP]),
    );
    for line in narrow.lines().filter(|l| l.starts_with("     ")) {
        assert!(
            line.chars().count() <= 80,
            "{} chars: {line}",
            line.chars().count()
        );
    }
}

#[test]
fn file_errors_are_our_sentences_with_the_cause_only_in_verbose() {
    let out = stdout(clausier().args(["scan", "--quiet", "fixtures/broken/truncated.docx"]));
    assert!(
        out.contains("[corrupt-file] : erreur : le fichier est tronqué"),
        "{out}"
    );
    assert!(!out.contains("EOCD") && !out.contains("zip"), "{out}");
    let verbose = stdout(clausier().args([
        "scan",
        "--quiet",
        "--verbose",
        "fixtures/broken/truncated.docx",
    ]));
    assert!(verbose.contains("(cause : "), "{verbose}");
    let missing = clausier()
        .args([
            "generate",
            "execution-condition",
            "--params",
            "no-such-file.toml",
        ])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8(missing.stderr).unwrap();
    assert!(
        err.contains("impossible de lire no-such-file.toml : fichier ou dossier introuvable"),
        "{err}"
    );
    assert!(!err.contains("os error"), "{err}");
}

#[test]
fn a_redline_under_a_name_it_cannot_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["out.pdf", "out", "out.odt"] {
        let path = dir.path().join(name);
        let out = clausier()
            .args(["check", CCAP, "--redline"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(!path.exists(), "{name} was written");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(".docx ou .html"), "{err}");
    }
    let docx = dir.path().join("OUT.DOCX");
    let out = clausier()
        .args(["check", CCAP, "--redline"])
        .arg(&docx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(docx.exists());
    // The redline's headings name the clause kind as people read it.
    let html = dir.path().join("relecture.html");
    clausier()
        .args(["check", CCAP, "--redline"])
        .arg(&html)
        .output()
        .unwrap();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("Clause 1 — Condition d&#39;exécution — Article 8"),
        "{page}"
    );
    assert!(!page.contains("execution_condition"), "{page}");
}

#[test]
fn text_raw_prints_the_source_alone_on_stdout() {
    let out = clausier()
        .args(["text", "--raw", "fixtures/same-clause/clause.txt"])
        .output()
        .unwrap();
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/same-clause/clause.txt"),
    )
    .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim_end(), source.trim_end());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("# fixtures/same-clause/clause.txt (txt, lu par"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_and_help_headings_are_french() {
    let missing = clausier().arg("check").output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8(missing.stderr).unwrap();
    assert!(
        err.contains("erreur : argument obligatoire absent : <FICHIER>"),
        "{err}"
    );
    assert!(
        err.contains("Utilisation : clausier check <FICHIER>"),
        "{err}"
    );
    let unknown = clausier().args(["scan", "--frob"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8(unknown.stderr).unwrap();
    assert!(err.contains("option inconnue : --frob"), "{err}");
    let bad = clausier()
        .args(["text", "--max-file-size", "12parsecs", "x.txt"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("unité de taille inconnue"), "{err}");
    for english in ["error:", "Usage:", "For more information", "unknown size"] {
        assert!(!err.contains(english), "{english:?} in:\n{err}");
    }
    let help = stdout(clausier().args(["scan", "--help"]));
    assert!(help.contains("Options\u{a0}:"), "{help}");
    assert!(help.contains("Arguments\u{a0}:"), "{help}");
    assert!(help.contains("[CHEMINS]"), "{help}");
    assert!(help.contains("5\u{202F}000"), "{help}");
    let en = clausier().args(["--lang", "en", "check"]).output().unwrap();
    let err = String::from_utf8(en.stderr).unwrap();
    assert!(err.contains("error:") && err.contains("<FILE>"), "{err}");
}

#[test]
fn an_isolated_child_speaks_the_runs_language() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("abime.pdf");
    std::fs::write(&bad, "%PDF-1.4 abîmé").unwrap();
    for (lang, words) in [("en", "damaged PDF"), ("fr", "PDF endommagé")] {
        let out = clausier()
            .env_remove("CLAUSIER_LANG")
            .args(["scan", "--format", "jsonl", "--isolate", "--lang", lang])
            .arg(&bad)
            .output()
            .unwrap();
        let line = String::from_utf8(out.stdout).unwrap();
        assert!(line.contains(words), "{lang}: {line}");
    }
}
