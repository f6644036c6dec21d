//! The consultation level on the binary: the pieces of a DCE (a zip, a folder of tender
//! pieces) judged together, figures compared across pieces, references resolved, the loi
//! Climat obligation judged on the consultation, JSON, JSON Lines, CSV and human outputs,
//! shards and merge keeping a consultation whole; and the real aquareel tender.

use assert_cmd::Command;
use serde_json::Value;

const DCE: &str = "fixtures/consultations/dce";

fn clausier() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("clausier");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// The JSON report of a run and its exit code.
fn json(args: &[&str]) -> (Value, Option<i32>) {
    let out = clausier().args(args).output().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (report, out.status.code())
}

fn consultations(report: &Value) -> &Vec<Value> {
    report["consultations"].as_array().unwrap()
}

/// The one consultation of a report.
fn only(report: &Value) -> &Value {
    let all = consultations(report);
    assert_eq!(all.len(), 1, "{all:#?}");
    &all[0]
}

fn findings_of<'a>(c: &'a Value, rule: &str) -> Vec<&'a Value> {
    c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

fn roles(c: &Value) -> Vec<&str> {
    c["pieces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["role"].as_str().unwrap_or("?"))
        .collect()
}

#[test]
fn a_consistent_folder_is_one_consultation_with_the_ccap_clause_and_every_piece_as_evidence() {
    let (report, code) = json(&["scan", "--format", "json", &format!("{DCE}/coherente")]);
    let c = only(&report);
    assert_eq!(c["path"], format!("{DCE}/coherente"));
    assert_eq!(roles(c), ["ae", "ccap", "rc"]);
    assert_eq!(c["reference"], "2026-VL-001");
    assert_eq!(c["buyer"], "Commune de Val-de-Lys");
    assert_eq!(c["nature"], "works");
    assert_eq!(c["buyer_category"], "contracting_authority");
    assert_eq!(c["launch_date"], "2026-03-12");
    assert_eq!(c["launch_date_source"], "notice");
    assert_eq!(c["estimated_amount_eur"], 1_250_000.0);
    assert_eq!(
        c["considerations_sociales"],
        serde_json::json!(["Clause sociale"])
    );
    assert_eq!(c["hours_committed"], 420);
    let clauses = c["clauses"].as_array().unwrap();
    assert_eq!(clauses.len(), 1, "{clauses:#?}");
    let clause = &clauses[0];
    assert_eq!(clause["kind"], "execution_condition");
    assert_eq!(clause["form"], "clause");
    assert_eq!(clause["parameters"]["total_hours"], 420);
    assert_eq!(clause["parameters"]["penalty_per_hour_eur"], 50.0);
    let evidence: Vec<(&str, &str)> = clause["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["role"].as_str().unwrap(), e["form"].as_str().unwrap()))
        .collect();
    assert_eq!(
        evidence[0],
        ("ccap", "clause"),
        "the CCAP carries the clause"
    );
    assert!(evidence.contains(&("ae", "reference")), "{evidence:?}");
    let ae = clause["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["role"] == "ae")
        .unwrap();
    assert_eq!(ae["points_to"], "ccap article 9");
    assert_eq!(
        c["findings"],
        serde_json::json!([]),
        "nothing across pieces"
    );
    assert_eq!(code, Some(0), "{:#}", report["documents"]);
}

#[test]
fn figures_that_differ_between_pieces_name_both_values_and_both_pieces() {
    let zip = format!("{DCE}/incoherente.zip");
    let (report, code) = json(&["check", &zip, "--format", "json"]);
    let c = only(&report);
    assert_eq!(c["path"], zip);
    assert_eq!(roles(c).len(), 3);
    let found = findings_of(c, "cross-piece-inconsistency");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "error");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("AE article 3 : 400 h ; CCAP article 9 : 420 h"),
        "{message}"
    );
    assert_eq!(found[0]["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(code, Some(1));
}

#[test]
fn a_reference_to_an_article_that_is_not_the_clause_is_broken() {
    let (report, code) = json(&["scan", "--format", "json", &format!("{DCE}/renvoi-casse")]);
    let c = only(&report);
    let found = findings_of(c, "broken-reference");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "error");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("l'article 9 du CCAP"), "{message}");
    assert!(message.contains("article 7"), "{message}");
    assert_eq!(code, Some(1));
    // The consistent consultation's reference to article 9 resolves.
    let (ok, _) = json(&["scan", "--format", "json", &format!("{DCE}/coherente")]);
    assert!(findings_of(only(&ok), "broken-reference").is_empty());
}

#[test]
fn the_loi_climat_obligation_is_judged_on_the_consultation() {
    let (report, _) = json(&["scan", "--format", "json", DCE]);
    let by_case = |case: &str| {
        consultations(&report)
            .iter()
            .find(|c| c["path"] == format!("{DCE}/{case}"))
            .unwrap_or_else(|| panic!("no consultation {case}"))
    };
    let mandatory = |case: &str| -> Vec<String> {
        findings_of(by_case(case), "missing-mandatory-social-condition")
            .iter()
            .map(|f| f["severity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(mandatory("seuil-avant-aout-2026"), Vec::<String>::new());
    assert_eq!(mandatory("seuil-apres-aout-2026"), ["error"]);
    assert_eq!(
        mandatory("sous-seuil-apres-aout-2026"),
        Vec::<String>::new()
    );
    assert_eq!(mandatory("lancee-le-21-aout-2026"), ["info"]);
    assert_eq!(mandatory("entite-adjudicatrice"), Vec::<String>::new());
    assert_eq!(mandatory("defense"), Vec::<String>::new());
    assert_eq!(mandatory("absence-motivee"), Vec::<String>::new());
    let after = by_case("seuil-apres-aout-2026");
    assert_eq!(after["launch_date"], "2026-09-15");
    assert_eq!(after["estimated_amount_eur"], 300_000.0);
    assert_eq!(after["nature"], "services");
    let message = findings_of(after, "missing-mandatory-social-condition")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("216\u{202f}000 €"), "{message}");
    let entity = by_case("entite-adjudicatrice");
    assert_eq!(entity["buyer_category"], "contracting_entity");
    assert_eq!(entity["nature"], "supplies");
    assert_eq!(by_case("defense")["defence"], true);
    assert_eq!(
        by_case("seuil-avant-aout-2026")["launch_date"],
        "2026-06-10"
    );
}

#[test]
fn anru_funding_stated_in_one_piece_and_not_applied_in_the_clause() {
    let (report, code) = json(&[
        "scan",
        "--format",
        "json",
        &format!("{DCE}/anru-non-applique"),
    ]);
    let c = only(&report);
    let found = findings_of(c, "cross-piece-inconsistency");
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("RC : l'opération est financée par l'ANRU ; la clause (CCAP article 9)"),
        "{message}"
    );
    assert_eq!(code, Some(1));
    // Without the RC's word on the funding, the same CCAP is consistent.
    let (ok, _) = json(&["scan", "--format", "json", &format!("{DCE}/coherente")]);
    assert!(findings_of(only(&ok), "cross-piece-inconsistency").is_empty());
}

/// The JSON lines of a run.
fn lines(args: &[&str]) -> Vec<Value> {
    let out = clausier().args(args).output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn json_lines_say_what_each_line_is_and_consultations_follow_their_documents() {
    let all = lines(&["scan", "--format", "jsonl", "--quiet", DCE]);
    let kinds: Vec<&str> = all.iter().map(|l| l["type"].as_str().unwrap()).collect();
    let first_consultation = kinds.iter().position(|k| *k == "consultation").unwrap();
    assert!(kinds[..first_consultation].iter().all(|k| *k == "document"));
    assert!(kinds[first_consultation..]
        .iter()
        .all(|k| *k == "consultation"));
    assert_eq!(kinds.len() - first_consultation, 11, "eleven consultations");
    let none = lines(&["scan", "--format", "jsonl", "--group", "none", DCE]);
    assert!(none.iter().all(|l| l["type"] == "document"));
    assert_eq!(none.len(), first_consultation);
}

#[test]
fn shards_keep_a_consultation_whole_and_merge_rebuilds_every_consultation() {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for k in 1..=3 {
        let part = dir.path().join(format!("part{k}.jsonl"));
        clausier()
            .args(["scan", "--format", "jsonl", "--quiet", "--shard"])
            .arg(format!("{k}/3"))
            .arg(DCE)
            .arg("-o")
            .arg(&part)
            .output()
            .unwrap();
        let shard: Vec<Value> = std::fs::read_to_string(&part)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Every consultation of a shard has all its pieces there.
        for c in shard.iter().filter(|l| l["type"] == "consultation") {
            let folder = c["path"].as_str().unwrap();
            let expected = if folder.ends_with(".zip") {
                3
            } else {
                roles(c).len()
            };
            let whole = std::fs::read_dir(folder).map_or(expected, |d| d.count());
            assert_eq!(roles(c).len(), whole, "{folder} split over shards");
        }
        parts.push(part);
    }
    let (merged, _) = {
        let out = clausier()
            .args(["report", "merge", "--format", "json"])
            .args(&parts)
            .output()
            .unwrap();
        (
            serde_json::from_slice::<Value>(&out.stdout).unwrap(),
            out.status.code(),
        )
    };
    let (one_run, _) = json(&["scan", "--format", "json", "--quiet", DCE]);
    assert_eq!(merged["consultations"], one_run["consultations"]);
    assert_eq!(consultations(&merged).len(), 11);
}

#[test]
fn csv_has_a_row_per_consultation_or_per_consultation_clause() {
    let out = clausier()
        .args(["scan", "--format", "csv"])
        .args(crate::common::CSV_FOR_PROGRAMS)
        .args(["--csv-level", "consultation", "--quiet"])
        .arg(format!("{DCE}/coherente"))
        .arg(format!("{DCE}/incoherente.zip"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(rows[0].starts_with("consultation,reference,buyer,object,launch_date"));
    assert!(rows[1].starts_with(&format!("{DCE}/coherente,2026-VL-001,")));
    assert!(rows[2].contains("cross-piece-inconsistency"), "{}", rows[2]);
    let out = clausier()
        .args(["scan", "--format", "csv"])
        .args(crate::common::CSV_FOR_PROGRAMS)
        .args(["--csv-level", "clause", "--quiet"])
        .arg(format!("{DCE}/coherente"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[1].contains("execution_condition"), "{}", rows[1]);
    assert!(rows[1].contains("01:220 02:200"), "{}", rows[1]);
}

#[test]
fn check_of_a_folder_reports_its_documents_then_its_consultation() {
    let out = clausier()
        .args(["check", "--no-diff"])
        .arg(format!("{DCE}/incoherente.zip"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let consultation = text.find("Consultation fixtures/consultations/dce/incoherente.zip");
    let last_document = text.find("incoherente.zip/DCE 2026-VL-002/rc.odt (odt");
    assert!(
        consultation.is_some() && last_document < consultation,
        "{text}"
    );
    assert!(text.contains("[cross-piece-inconsistency]"), "{text}");
    assert!(text.contains("n° 2026-VL-002"), "{text}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_redline_of_a_dce_is_written_on_the_carrying_piece_with_the_cross_piece_findings() {
    let dir = tempfile::tempdir().unwrap();
    let redline = dir.path().join("relecture.docx");
    let out = clausier()
        .args(["check", "--no-diff", "--redline"])
        .arg(&redline)
        .arg(format!("{DCE}/incoherente.zip"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the consultation has an error");
    let text = clausier().arg("text").arg(&redline).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Relecture clausier — ccap.pdf"),
        "the CCAP carries the clause, titled with its name only: {text}"
    );
    let comments = &text[text.find("── commentaire ──").expect("comments")..];
    assert!(
        comments.contains(
            "Chiffres différents d'une pièce à l'autre — heures d'insertion différentes selon les pièces : AE article 3 : 400 h ; CCAP article 9 : 420 h"
        ),
        "{comments}"
    );
    // The HTML redline says the same before the clause.
    let html = dir.path().join("relecture.html");
    clausier()
        .args(["check", "--no-diff", "--redline"])
        .arg(&html)
        .arg(format!("{DCE}/coherente"))
        .output()
        .unwrap();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Relecture clausier — ccap.pdf"), "{page}");
    assert!(
        !page.contains("Constats de la consultation"),
        "nothing across pieces"
    );
    // A consultation without a clause has no piece to write on.
    let none = clausier()
        .args(["check", "--redline"])
        .arg(dir.path().join("x.docx"))
        .arg(format!("{DCE}/defense"))
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("ne porte de clause d'insertion"));
}

#[test]
fn the_real_aquareel_tender_is_one_consultation_with_the_ccap_figures() {
    let Some(dir) = crate::common::aquareel("the_real_aquareel_tender_is_one_consultation") else {
        return;
    };
    let (report, _) = json(&["scan", "--format", "json", "--quiet", dir.to_str().unwrap()]);
    let c = only(&report);
    let clauses: Vec<&Value> = c["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "execution_condition")
        .collect();
    assert_eq!(clauses.len(), 1, "{clauses:#?}");
    let p = &clauses[0]["parameters"];
    assert_eq!(p["hours_ratio"]["hours"], 35.0, "{p}");
    assert_eq!(p["hours_ratio"]["per_eur"], 100_000.0, "{p}");
    assert_eq!(p["penalty_per_hour_eur"], 50.0, "{p}");
    let evidence = clauses[0]["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["role"], "ccap", "{evidence:#?}");
    assert!(evidence.iter().any(|e| e["role"] == "ae"), "{evidence:#?}");
    let missing: Vec<&str> = findings_of(c, "missing-element")
        .iter()
        .filter_map(|f| f["element"].as_str())
        .collect();
    assert!(!missing.contains(&"penalties"), "{missing:?}");
    assert!(!missing.contains(&"legal_basis"), "{missing:?}");
}

#[test]
fn an_ae_for_one_lot_agrees_with_the_ccaps_table_of_lots() {
    // The example consultation: the AE of lot 01 commits to 310 h, the CCAP's table sets
    // 310 / 180 / 110 h for lots 01 to 03. The AE's volume is lot 01's, not the total.
    let (report, _) = json(&["scan", "--format", "json", "fixtures/example/dce"]);
    let c = only(&report);
    assert!(
        findings_of(c, "cross-piece-inconsistency").is_empty(),
        "{:#?}",
        c["findings"]
    );
}

/// The consultation's verdict is the sum of its pieces: counts by severity over the
/// consultation's own findings and every finding of every piece, with the worst, in the JSON,
/// the consultation CSV row and the terminal report; never milder than a piece.
#[test]
fn the_consultation_verdict_rolls_up_its_pieces() {
    let dce = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/example/dce");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["check", "--format", "json"])
        .arg(&dce)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let piece_errors: usize = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let clause_findings = d["clauses"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|c| c["findings"].as_array().unwrap().iter());
            clause_findings
                .chain(d["findings"].as_array().unwrap().iter())
                .filter(|f| f["severity"] == "error")
                .count()
        })
        .sum();
    let c = &report["consultations"][0];
    let own_errors = c["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert!(piece_errors > 0, "the example's CCAP has errors of its own");
    assert_eq!(c["verdict"]["worst"], "error");
    assert_eq!(
        c["verdict"]["findings"]["error"].as_u64().unwrap() as usize,
        own_errors + piece_errors
    );
    let csv = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["scan", "--format", "csv"])
        .args(crate::common::CSV_FOR_PROGRAMS)
        .args(["--csv-level", "consultation", "-q"])
        .arg(&dce)
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(row[at("verdict")], "error");
    assert_eq!(
        row[at("errors_with_pieces")],
        (own_errors + piece_errors).to_string()
    );
    let human = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .env("CLAUSIER_LANG", "fr")
        .args(["check", "--color", "never"])
        .arg(&dce)
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(
        human.contains(&format!("verdict : {} erreurs", own_errors + piece_errors)),
        "{human}"
    );
}

#[test]
fn pieces_of_two_buyers_in_one_folder_are_not_one_consultation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rc.txt"),
        "RÈGLEMENT DE LA CONSULTATION\n\nPouvoir adjudicateur : Commune de Vallon-sur-Orne\n\
         Objet : réfection de la voirie communale.\n\nArticle 1 - Objet de la consultation\n\
         La consultation porte sur des travaux de voirie.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ccap.txt"),
        "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\n\n\
         Pouvoir adjudicateur : Office public de l'habitat Rives de Loire\n\
         Objet : entretien des espaces verts des résidences.\n\n\
         Article 9 - Clause sociale d'insertion\n\
         Le titulaire réalise 400 heures d'insertion au profit de personnes éloignées de \
         l'emploi.\n",
    )
    .unwrap();
    let (report, _) = json(&[
        "scan",
        "--format",
        "json",
        "-q",
        dir.path().to_str().unwrap(),
    ]);
    let buyers: Vec<&str> = report["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["facts"]["buyer"].as_str())
        .collect();
    assert_eq!(buyers.len(), 2, "both buyers are read: {report}");
    assert!(
        consultations(&report).is_empty(),
        "two buyers, two consultations: {report}"
    );
}
