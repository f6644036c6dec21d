//! generate refuses what makes no sense: every case names the key, the value and what is
//! expected, writes nothing, and exits with code 2.

use std::path::Path;

/// Runs generate with `--set` assignments into a fresh folder; returns (exit code, stderr,
/// whether an output file was written).
fn refuse(template: &str, sets: &[&str]) -> (Option<i32>, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("clause.md");
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLAUSIER_LANG")
        .args(["generate", template, "-o"])
        .arg(&out_path);
    for s in sets {
        cmd.args(["--set", s]);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stderr).unwrap(),
        out_path.exists(),
    )
}

fn assert_refused(template: &str, sets: &[&str], key: &str, words: &[&str]) {
    let (code, err, written) = refuse(template, sets);
    assert_eq!(code, Some(2), "{sets:?}: {err}");
    assert!(!written, "{sets:?}: a file was written");
    assert!(err.contains("rien n'a été écrit"), "{err}");
    assert!(err.contains(key), "{sets:?}: {key} not named in {err}");
    for w in words {
        assert!(err.contains(w), "{sets:?}: {w:?} not in {err}");
    }
}

#[test]
fn wrong_types_are_refused_not_coerced() {
    assert_refused(
        "execution-condition",
        &["anru=no"],
        "anru",
        &["no", "vrai ou faux"],
    );
    assert_refused("reserved-siae", &["lot=-3"], "lot", &["-3", "texte"]);
    assert_refused(
        "insertion-market",
        &["places=huit"],
        "places",
        &["huit", "nombre entier"],
    );
}

#[test]
fn values_out_of_their_declared_bounds_are_refused() {
    assert_refused(
        "insertion-market",
        &["places=-8"],
        "places",
        &["-8", "entre 1 et 500"],
    );
    assert_refused(
        "award-criterion",
        &["weight_percent=-5"],
        "weight_percent",
        &["entre 1 et 60"],
    );
    assert_refused(
        "award-criterion",
        &["weight_percent=0"],
        "weight_percent",
        &["entre 1 et 60"],
    );
    assert_refused(
        "award-criterion",
        &["weight_percent=70"],
        "weight_percent",
        &["70", "entre 1 et 60 %"],
    );
    assert_refused(
        "execution-condition",
        &["total_hours=2.5e9"],
        "total_hours",
        &["1\u{202F}000\u{202F}000"],
    );
    assert_refused(
        "execution-condition",
        &["total_hours=12.5"],
        "total_hours",
        &["nombre entier"],
    );
}

#[test]
fn lots_with_absurd_figures_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("tender.toml");
    for (body, key) in [
        ("rate = 0.05\nhourly_cost_eur = 35.0\n[[lots]]\nname = \"A\"\namount_ht_eur = 1e300\nlabour_share = 0.4", "lots[0].amount_ht_eur"),
        ("[[lots]]\nname = \"A\"\nhours = 2.5e9", "lots[0].hours"),
        ("[[lots]]\nnumber = -3\nname = \"A\"\nhours = 100", "lots[0].number"),
        ("rate = 0.05\nhourly_cost_eur = 35.0\n[[lots]]\nname = \"A\"\namount_ht_eur = 9e9\nlabour_share = 1.0", "lots[0].amount_ht_eur"),
    ] {
        // The penalty is given, so that each case is refused for its own key.
        std::fs::write(&params, format!("penalty_per_hour_eur = 60\n{body}")).unwrap();
        let out_path = dir.path().join("clause.md");
        let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
            .env_remove("CLAUSIER_LANG")
            .args(["generate", "execution-condition", "--params"])
            .arg(&params)
            .arg("-o")
            .arg(&out_path)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{body}: {err}");
        assert!(err.contains(key), "{body}: {err}");
        assert!(err.contains("rien n'a été écrit"), "{body}: {err}");
        assert!(!out_path.exists());
    }
}

#[test]
fn conflicting_parameters_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let params = dir.path().join("tender.toml");
    std::fs::write(
        &params,
        "hours_per_100k_eur = 35\n[[lots]]\nname = \"A\"\nhours = 100\n",
    )
    .unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .env_remove("CLAUSIER_LANG")
        .args(["generate", "execution-condition", "--params"])
        .arg(&params)
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("lots") && err.contains("hours_per_100k_eur"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    assert_refused(
        "execution-condition",
        &["total_hours=400", "hours_per_100k_eur=35"],
        "hours_per_100k_eur",
        &["total_hours"],
    );
}

#[test]
fn parameters_the_model_does_not_declare_are_refused() {
    // Listed once by templates show under another name, then silently ignored: now refused.
    for (template, key) in [
        ("award-criterion", "award_weight_percent=10"),
        ("execution-condition", "percent_of_hours=5"),
    ] {
        let name = key.split('=').next().unwrap();
        assert_refused(template, &[key], name, &["paramètre inconnu"]);
    }
    // What templates show prints is what generate takes.
    let show = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .args(["templates", "show", "award-criterion"])
        .output()
        .unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    assert!(
        show.contains("weight_percent") && !show.contains("award_weight_percent"),
        "{show}"
    );
}

#[test]
fn user_values_are_text_in_html_and_docx() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "<img src=x onerror=alert(1)> & Cie";
    let html = dir.path().join("clause.html");
    let docx = dir.path().join("clause.docx");
    for path in [&html, &docx] {
        let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "generate",
                "execution-condition",
                "--params",
                "fixtures/generate/tender.toml",
            ])
            .arg("--set")
            .arg(format!("buyer={hostile}"))
            .arg("-o")
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("<img"), "the value reached the page as HTML");
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt; &amp; Cie"),
        "{page}"
    );
    let read = clausier::read::read(Path::new(&docx), &clausier::ReadOptions::default());
    let text = read.document.unwrap().text.body().to_string();
    assert!(
        text.contains("<img src=x onerror=alert(1)> & Cie"),
        "{text}"
    );
}

#[test]
fn the_keys_every_model_takes_have_their_types_too() {
    assert_refused(
        "execution-condition",
        &["hours_in_words=\"yes\""],
        "hours_in_words",
        &["\"yes\"", "vrai ou faux"],
    );
    assert_refused(
        "award-criterion",
        &["buyer=5"],
        "buyer",
        &["5", "un texte entre guillemets"],
    );
    assert_refused(
        "execution-condition",
        &["rounding=3"],
        "rounding",
        &["3", "1, 5 ou 10"],
    );
    assert_refused(
        "execution-condition",
        &["date=\"8 avril 2022\""],
        "date",
        &["AAAA-MM-JJ"],
    );
}

#[test]
fn a_declared_volume_is_used_not_ignored() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .env_remove("CLAUSIER_LANG")
        .args([
            "generate",
            "execution-condition",
            "--set",
            "total_hours=1250",
            "--set",
            "penalty_per_hour_eur=60",
            "--format",
            "txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1\u{202F}250"), "{text}");
    let ratio = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .env_remove("CLAUSIER_LANG")
        .args([
            "generate",
            "execution-condition",
            "--set",
            "hours_per_100k_eur=35",
            "--set",
            "penalty_per_hour_eur=60",
            "--format",
            "txt",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(ratio.stdout).unwrap();
    assert!(
        text.contains("35\u{a0}heures d’insertion par tranche de 100"),
        "{text}"
    );
}

#[test]
fn templates_show_prints_what_is_enforced_in_french() {
    let show = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .env_remove("CLAUSIER_LANG")
        .args(["templates", "show", "execution-condition"])
        .output()
        .unwrap();
    let show = String::from_utf8(show.stdout).unwrap();
    for want in [
        "[1 .. 1\u{202F}000\u{202F}000] (facultatif) exemple : 460",
        "[0,01 .. 1] (facultatif) exemple : 0,05",
        "(obligatoire) exemple : 60",
        "oui/non",
        "(défaut non)",
        "pour tous les modèles :",
        "rounding",
        "hours_in_words",
    ] {
        assert!(show.contains(want), "{want:?} missing from:\n{show}");
    }
    for english in [
        " integer ",
        " bool ",
        " number ",
        "default",
        "false",
        "0.05",
    ] {
        assert!(!show.contains(english), "{english:?} in:\n{show}");
    }
    let en = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .args(["--lang", "en", "templates", "show", "execution-condition"])
        .output()
        .unwrap();
    let en = String::from_utf8(en.stdout).unwrap();
    assert!(
        en.contains("[0.01 .. 1] (optional) example: 0.05") && en.contains("for every model:"),
        "{en}"
    );
}

/// Nothing a buyer did not give is written as if they had: without parameters every model is
/// refused naming what it needs (exit 2, in French, nothing written); an optional text left out
/// is an explicit blank in the clause and a warning; the example values only come with
/// `--example`.
#[test]
fn no_clause_is_written_with_invented_values() {
    let run = |args: &[&str]| {
        assert_cmd::cargo::cargo_bin_cmd!("clausier")
            .env_remove("CLAUSIER_LANG")
            .args(args)
            .output()
            .unwrap()
    };
    for (model, needs) in [
        ("reserved-siae", &["lot", "lot_name"][..]),
        ("reserved-disability", &["lot", "lot_name"]),
        (
            "insertion-market",
            &["activity", "places", "hours_per_week"],
        ),
        ("award-criterion", &["weight_percent"]),
        ("execution-condition", &["penalty_per_hour_eur"]),
    ] {
        let out = run(&["generate", model]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{model}: {err}");
        assert!(out.stdout.is_empty(), "{model}");
        assert!(err.contains("obligatoire"), "{model}: {err}");
        for name in needs {
            assert!(err.contains(name), "{model} does not ask for {name}: {err}");
        }
    }
    // The volume of hours is asked for too, in any of its forms.
    let out = run(&[
        "generate",
        "execution-condition",
        "--set",
        "penalty_per_hour_eur=60",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("total_hours"));
    // Given what is required, an optional text left out is a visible blank, and said.
    let out = run(&[
        "generate",
        "reserved-siae",
        "--set",
        "lot=02",
        "--set",
        "lot_name=Nettoyage des parties communes",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        text.contains("Article [à compléter : n° d'article]"),
        "{text}"
    );
    assert!(
        err.contains("paramètre facultatif absent : article"),
        "{err}"
    );
    let out = run(&[
        "generate",
        "execution-condition",
        "--set",
        "article=9",
        "--set",
        "total_hours=300",
        "--set",
        "penalty_per_hour_eur=60",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        // (the wording's typography puts a no-break space before the colon)
        text.contains(
            "Le facilitateur désigné est : [à compléter\u{a0}: nom et coordonnées du facilitateur]"
        ),
        "{text}"
    );
    assert!(
        !text.contains("le facilitateur désigné par l’acheteur"),
        "{text}"
    );
    // The example tender is there on demand, and says it is one.
    let out = run(&["generate", "insertion-market", "--example"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("espaces verts"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fictives"));
}

/// What a French user types is read: decimal commas, spaces between thousands, "5 %", oui/non,
/// dates written 31/12/2026, "mensuel"/"trimestriel", an article typed as a number, and a
/// parameter file saved in Windows-1252; a syntax error is said in French with its line.
#[test]
fn french_input_is_read_as_typed() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .env_remove("CLAUSIER_LANG")
        .args([
            "generate",
            "execution-condition",
            "--set",
            "article=9",
            "--set",
            "total_hours=1 200",
            "--set",
            "penalty_per_hour_eur=60,5",
            "--set",
            "anru=oui",
            "--set",
            "date=31/12/2026",
            "--set",
            "reporting=trimestriel",
            "--set",
            "facilitator.name=PLIE du Val-de-Lys",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "# Article 9 –",
        "1\u{202F}200\u{a0}heures",
        "60,5\u{a0}€ HT",
        "(ANRU)",
        "chaque trimestre",
        "31 décembre 2026",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    let rate = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .args(["generate", "execution-condition", "--set", "article=9"])
        .args(["--set", "rate=5 %", "--set", "penalty_per_hour_eur=60"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&rate.stdout).contains("5\u{a0}% du nombre total"));
    // A file saved by Notepad in Windows-1252.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    let mut bytes = b"article = \"9\"\noperation = \"R".to_vec();
    bytes.push(0xE9); // é in Windows-1252
    bytes.extend_from_slice(b"novation\"\npenalty_per_hour_eur = 60\ntotal_hours = 400\n");
    std::fs::write(&file, bytes).unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .args(["generate", "execution-condition", "--params"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("« Rénovation »"));
    // A syntax error: where, in French.
    std::fs::write(&file, "article = \"9\"\nrate = 0,05\n").unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .env_remove("CLAUSIER_LANG")
        .args(["generate", "execution-condition", "--params"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("TOML invalide, ligne 2, colonne 9"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A parameter file written with French keys reads as the English one: top keys, the
/// facilitator's and each lot's fields, accents and spaces alike; `--set` takes them too.
#[test]
fn french_keys_are_read_as_the_english_ones() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("marche.toml");
    std::fs::write(
        &file,
        "article = \"9\"\ntaux = 0.05\n\"coût horaire\" = 35\n\"pénalité par heure\" = 60\nsuivi = \"trimestriel\"\n\n[facilitateur]\nnom = \"PLIE du Val\"\n\"coordonnées\" = \"plie@val.example\"\n\n[[lots]]\n\"numéro\" = \"01\"\n\"intitulé\" = \"Démolition\"\nmontant_ht = 800000\n\"part main-d’œuvre\" = 0.4\n",
    )
    .unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("clausier")
        .args(["generate", "execution-condition", "--params"])
        .arg(&file)
        .args([
            "--set",
            "acheteur=Commune de Lormes",
            "--set",
            "opération=Réfection",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "| 01 | Démolition | 460\u{a0}heures |",
        "PLIE du Val (plie@val.example)",
        "chaque trimestre",
        "60\u{a0}€ HT",
        "Commune de Lormes",
    ] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
}
