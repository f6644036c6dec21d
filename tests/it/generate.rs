//! `clausier generate`: every model renders, and what it renders passes `check` cleanly with
//! the same figures, in text and in DOCX, for many parameter sets.

use assert_cmd::Command;
use clausier::read::blocks::Format;
use clausier::read::document::Document;
use clausier::template::{Catalog, ClauseKind, Severity};
use clausier::write::generate::{parse_params, prepare, render_markdown, to_docx, to_text};
use proptest::prelude::*;
use serde_json::Value;

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Checks generated text as a reviewer would: the clauses found and their findings.
fn check_text(catalog: &Catalog, text: &str) -> Vec<clausier::judge::rules::CheckedClause> {
    let doc = Document::from_text(text);
    let clauses = clausier::find::detect::clauses(&doc, catalog);
    clausier::judge::rules::run(&doc, clauses, catalog).clauses
}

fn check_docx(catalog: &Catalog, bytes: Vec<u8>) -> Vec<clausier::judge::rules::CheckedClause> {
    let outcome = clausier::read::extract::read_bytes(bytes, Some("docx"), &Default::default());
    let doc = Document::from_extracted(
        Format::Docx,
        outcome.result.expect("our reader reads our DOCX"),
    );
    let clauses = clausier::find::detect::clauses(&doc, catalog);
    clausier::judge::rules::run(&doc, clauses, catalog).clauses
}

fn assert_clean(clauses: &[clausier::judge::rules::CheckedClause], kind: ClauseKind, what: &str) {
    assert_eq!(
        clauses.len(),
        1,
        "{what}: one clause expected, found {}",
        clauses.len()
    );
    assert_eq!(clauses[0].clause.kind, kind, "{what}");
    let serious: Vec<_> = clauses[0]
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| format!("{} {:?} {}", f.rule.as_str(), f.element, f.message))
        .collect();
    assert!(serious.is_empty(), "{what}: {serious:?}");
}

#[test]
fn every_model_generates_a_clause_that_checks_clean() {
    let catalog = Catalog::builtin().unwrap();
    for template in &catalog.templates {
        let values =
            clausier::write::generate::prepare_example(template, &serde_json::Map::new()).unwrap();
        let markdown = render_markdown(&catalog, template, &values).unwrap();
        assert_clean(
            &check_text(&catalog, &to_text(&markdown)),
            template.kind,
            &template.id,
        );
        assert_clean(
            &check_docx(&catalog, to_docx(&markdown).unwrap()),
            template.kind,
            &template.id,
        );
    }
}

#[test]
fn the_example_tender_renders_as_committed() {
    let out = clausier()
        .args([
            "generate",
            "execution-condition",
            "--params",
            "fixtures/generate/tender.toml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let markdown = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("generate_tender_md", markdown);
    let out = clausier()
        .args([
            "generate",
            "award-criterion",
            "--set",
            "article=8",
            "--set",
            "weight_percent=15",
            "--set",
            "price_weight_percent=45",
            "--set",
            "technical_weight_percent=40",
            "--format",
            "txt",
        ])
        .output()
        .unwrap();
    insta::assert_snapshot!("generate_award_txt", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn the_docx_opens_in_our_reader_and_in_docx_rs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clause.docx");
    clausier()
        .args([
            "generate",
            "execution-condition",
            "--params",
            "fixtures/generate/tender.toml",
            "-o",
        ])
        .arg(&path)
        .assert()
        .success();
    let bytes = std::fs::read(&path).unwrap();
    let docx = docx_rs::read_docx(&bytes).expect("docx-rs reads the generated DOCX");
    assert!(!docx.document.children.is_empty());
    let catalog = Catalog::builtin().unwrap();
    let clauses = check_docx(&catalog, bytes);
    assert_clean(&clauses, ClauseKind::ExecutionCondition, "tender.docx");
    let p = &clauses[0].parameters;
    let lots: Vec<(String, u64)> = p.lots.iter().map(|l| (l.lot.clone(), l.hours)).collect();
    assert_eq!(
        lots,
        [("01".into(), 460), ("02".into(), 280), ("03".into(), 215)]
    );
    assert_eq!(p.penalty_per_hour_eur, Some(60.0));
    assert_eq!(p.percent_of_hours, Some(5.0));
    assert!(p.anru);
}

#[test]
fn bad_parameters_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("clause.docx");
    for (set, key) in [
        ("rate=5", "rate"),
        (
            "lots=[{name=\"A\",amount_ht_eur=-3,labour_share=0.4}]",
            "lots[0].amount_ht_eur",
        ),
        (
            "lots=[{name=\"A\",amount_ht_eur=300000,labour_share=1.5}]",
            "lots[0].labour_share",
        ),
        ("lots=[{name=\"A\"}]", "lots[0]"),
        ("anru=true", "rate"),
    ] {
        let mut args = vec![
            "generate",
            "execution-condition",
            "--params",
            "fixtures/generate/tender.toml",
            "--set",
            set,
        ];
        if set == "anru=true" {
            args.extend(["--set", "rate=0.04"]);
        }
        let out = clausier()
            .args(&args)
            .arg("-o")
            .arg(&out_path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{set}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(key), "{set}: {err}");
        assert!(!out_path.exists(), "{set}: nothing is written");
    }
    let out = clausier()
        .args(["generate", "no-such-model"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("execution-condition"));
}

#[test]
fn templates_lists_and_shows_the_models() {
    let out = clausier().args(["templates"]).output().unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    for id in [
        "execution-condition",
        "award-criterion",
        "reserved-siae",
        "reserved-disability",
        "insertion-market",
    ] {
        assert!(list.contains(id), "{id}");
    }
    let out = clausier()
        .args(["templates", "show", "execution-condition"])
        .output()
        .unwrap();
    let show = String::from_utf8(out.stdout).unwrap();
    for word in ["penalty_per_hour_eur", "total_hours", "L2112-2", "rounding"] {
        assert!(show.contains(word), "{word}: {show}");
    }
}

fn lots_strategy() -> impl Strategy<Value = Vec<(u64, f64, Option<u64>)>> {
    prop::collection::vec(
        (
            50_000u64..3_000_000,
            0.15f64..0.85,
            prop::option::of(20u64..2_000),
        ),
        1..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Any valid tender renders to a clause that `check` reads back with the same figures.
    #[test]
    fn generated_clauses_check_clean_with_their_own_figures(
        lots in lots_strategy(),
        rate in 5u32..=15,
        cost in 28u32..=48,
        penalty in 20u32..=120,
        anru in any::<bool>(),
        quarterly in any::<bool>(),
        docx in any::<bool>(),
    ) {
        let catalog = Catalog::builtin().unwrap();
        let template = catalog.get("execution-condition").unwrap();
        let mut toml = format!(
            "article = \"9\"\nrate = {}\nhourly_cost_eur = {cost}\npenalty_per_hour_eur = {penalty}\nanru = {anru}\nreporting = \"{}\"\n[facilitator]\nname = \"la maison de l'emploi\"\n",
            f64::from(rate) / 100.0,
            if quarterly { "quarterly" } else { "monthly" }
        );
        for (i, (amount, share, hours)) in lots.iter().enumerate() {
            toml.push_str(&format!("[[lots]]\nnumber = \"{:02}\"\nname = \"Lot de travaux {}\"\n", i + 1, i + 1));
            match hours {
                Some(h) => toml.push_str(&format!("hours = {h}\n")),
                None => toml.push_str(&format!("amount_ht_eur = {amount}\nlabour_share = {share:.2}\n")),
            }
        }
        let values = prepare(template, &parse_params(&toml).unwrap()).unwrap();
        let markdown = render_markdown(&catalog, template, &values).unwrap();
        let clauses = if docx {
            check_docx(&catalog, to_docx(&markdown).unwrap())
        } else {
            check_text(&catalog, &to_text(&markdown))
        };
        assert_clean(&clauses, ClauseKind::ExecutionCondition, &toml);
        let p = &clauses[0].parameters;
        let want: Vec<u64> = values["lots"].as_array().unwrap().iter().map(|l| l["hours"].as_u64().unwrap()).collect();
        let got: Vec<u64> = p.lots.iter().map(|l| l.hours).collect();
        prop_assert_eq!(got, want);
        prop_assert_eq!(p.penalty_per_hour_eur, Some(f64::from(penalty)));
        prop_assert_eq!(p.percent_of_hours, Some(f64::from(rate)));
        prop_assert_eq!(p.anru, anru);
        if values["lots"].as_array().unwrap().len() > 1 {
            prop_assert_eq!(p.total_hours, values["total_hours"].as_u64());
        }
    }

    /// Accords-cadres: a ratio of hours per 100 000 € comes back as the ratio, not as hours.
    #[test]
    fn generated_ratios_check_clean(ratio in 10u32..=80, penalty in 20u32..=120) {
        let catalog = Catalog::builtin().unwrap();
        let template = catalog.get("execution-condition").unwrap();
        let params = parse_params(&format!("article = \"9\"\nhours_per_100k_eur = {ratio}\npenalty_per_hour_eur = {penalty}\nrate = 0.05\n[facilitator]\nname = \"le PLIE\"")).unwrap();
        let values = prepare(template, &params).unwrap();
        let clauses = check_text(&catalog, &to_text(&render_markdown(&catalog, template, &values).unwrap()));
        assert_clean(&clauses, ClauseKind::ExecutionCondition, "ratio");
        let got = clauses[0].parameters.hours_ratio.expect("ratio");
        prop_assert_eq!((got.hours, got.per_eur), (f64::from(ratio), 100_000.0));
    }

    /// Award criteria keep their weight.
    #[test]
    fn generated_criteria_keep_their_weight(weight in 5u32..=30) {
        let catalog = Catalog::builtin().unwrap();
        let template = catalog.get("award-criterion").unwrap();
        let params = parse_params(&format!(
            "article = \"8\"\nweight_percent = {weight}\nprice_weight_percent = {}\ntechnical_weight_percent = 30",
            70 - weight
        )).unwrap();
        let values = prepare(template, &params).unwrap();
        let clauses = check_text(&catalog, &to_text(&render_markdown(&catalog, template, &values).unwrap()));
        assert_clean(&clauses, ClauseKind::AwardCriterion, "criterion");
        prop_assert_eq!(clauses[0].parameters.award_weight_percent, Some(f64::from(weight)));
        let _ = Value::Null;
    }
}

/// The README's tender at 7 %: 800 000 € × 0,40 × 7 % ÷ 35 € is exactly 640 h and
/// 300 000 € × 0,65 × 7 % ÷ 35 € exactly 390 h; a float computation once wrote 645 and 395
/// (640.0000000000001 rounded up to the next 5).
#[test]
fn hours_on_an_exact_multiple_of_the_step_are_not_rounded_up() {
    let params = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generate/tender.toml"),
    )
    .unwrap()
    .replace("rate = 0.05", "rate = 0.07");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.toml"), params).unwrap();
    let out = clausier()
        .args(["generate", "execution-condition", "--params"])
        .arg(dir.path().join("t.toml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // French typography: U+00A0 before the unit, U+202F between thousands.
    for row in [
        "| 01 | Démolition | 640\u{a0}heures |",
        "| 02 | Peinture | 390\u{a0}heures |",
        "| 03 | Menuiseries extérieures | 215\u{a0}heures |",
        "| Total | | 1\u{202f}245\u{a0}heures |",
    ] {
        assert!(text.contains(row), "{row} missing:\n{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// For any lot written with whole euros, a labour share in hundredths, a rate in tenths of
    /// a percent and an hourly cost in cents, the hours are amount × share × rate ÷ cost
    /// rounded up to the step, computed here in integers: exact boundaries stay where they are.
    #[test]
    fn lot_hours_are_the_exact_decimal_rounded_up_to_the_step(
        amount in 1u64..20_000_000,
        share in 1u64..=100,
        rate in 1u64..=300,
        cost in 1_000u64..=20_000,
        step in 1u64..=10,
    ) {
        // hours = amount × share/100 × rate/1000 ÷ cost/100 = amount × share × rate ÷ (1000 × cost)
        let numerator = u128::from(amount) * u128::from(share) * u128::from(rate);
        let denominator = 1000 * u128::from(cost) * u128::from(step);
        let expected = numerator.div_ceil(denominator) * u128::from(step);
        let got = clausier::write::generate::hours_from_amount(
            amount as f64,
            share as f64 / 100.0,
            cost as f64 / 100.0,
            rate as f64 / 1000.0,
            step,
        );
        prop_assert_eq!(got.map(u128::from), Some(expected));
    }
}
