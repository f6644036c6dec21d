//! The HTML report: its structure over the real fixtures (a row and a detail block per
//! document, totals, highlighted findings, error codes), the escaping of hostile document
//! text, and, in a headless Chromium, that the page loads and its sorting script works.

use clausier::analyse::check_reading;
use clausier::base::error::{Code, Problem};
use clausier::find::params::committed_hours;
use clausier::find::params::Parameters;
use clausier::judge::consultation::{consultations, ConsultationReport, Grouping};
use clausier::judge::rules::{Finding, Rule};
use clausier::judge::verdict::{ClauseReport, DocumentReport, Summary};
use clausier::read::blocks::Part;
use clausier::read::document::{Location, Span};
use clausier::template::{Catalog, ClauseKind, Severity};
use clausier::write::report::html::write_html;
use clausier::{read, ReadOptions};
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

const HOSTILE: &str = "<script>alert(1)</script>";

/// Every top-level file of the tender corpus, the example consultation and one unreadable file.
fn fixture_paths() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths = Vec::new();
    for dir in ["documents", "example/dce"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        paths.extend(files);
    }
    paths.push(root.join("broken/empty.pdf"));
    paths
}

static REPORTS: LazyLock<Vec<DocumentReport>> = LazyLock::new(|| {
    let catalog = Catalog::builtin().unwrap();
    fixture_paths()
        .iter()
        .map(|p| check_reading(&read(p, &ReadOptions::default()), &catalog))
        .collect()
});

fn summary_of(reports: &[DocumentReport]) -> Summary {
    let mut summary = Summary::default();
    for r in reports {
        summary.add(r);
    }
    summary
}

/// The consultations of some reports, grouped as a scan groups them.
fn consultations_of(reports: &[DocumentReport]) -> Vec<ConsultationReport> {
    consultations(reports, Grouping::Auto, &Catalog::builtin().unwrap())
}

fn render(reports: &[DocumentReport]) -> String {
    let mut out = Vec::new();
    write_html(
        &mut out,
        reports,
        &consultations_of(reports),
        &summary_of(reports),
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

/// The reports of the consultation fixtures: eleven DCEs, one of them a zip.
static CONSULTATION_REPORTS: LazyLock<Vec<DocumentReport>> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/consultations/dce");
    let files =
        clausier::analyse::scan::files(&[root], &clausier::analyse::scan::Selection::default())
            .unwrap();
    let catalog = std::sync::Arc::new(Catalog::builtin().unwrap());
    files
        .iter()
        .flat_map(|f| clausier::analyse::scan::check_all(f, &ReadOptions::default(), &catalog))
        .collect()
});

#[test]
fn consultations_come_first_then_the_totals_an_observatory_asks_for() {
    let reports = &*CONSULTATION_REPORTS;
    let consultations = consultations_of(reports);
    assert_eq!(consultations.len(), 11);
    let page = render(reports);
    let at = |needle: &str| page.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    assert!(at("<section id=\"consultations\">") < at("<section id=\"consultation-totals\">"));
    assert!(at("<section id=\"consultation-totals\">") < at("<section id=\"list\">"));
    let html = Html::parse_document(&page);
    let articles = select(&html, "#consultations article.consultation");
    assert_eq!(articles.len(), 11);
    // The inconsistent zip shows its pieces, its clause and the finding across pieces.
    let zip = consultations
        .iter()
        .position(|c| c.path.ends_with("incoherente.zip"))
        .unwrap();
    let article = &articles[zip];
    assert_eq!(
        article
            .select(&Selector::parse("table.pieces tbody tr").unwrap())
            .count(),
        3
    );
    let body = text(article);
    assert!(
        body.contains("AE article 3 : 400 h ; CCAP article 9 : 420 h"),
        "{body}"
    );
    // The rule as people read it; its stable id is an attribute for tools.
    assert!(
        body.contains(rule_label("cross-piece-inconsistency")),
        "{body}"
    );
    assert!(article
        .select(&Selector::parse("li[data-rule=\"cross-piece-inconsistency\"]").unwrap())
        .next()
        .is_some());
    // Hours by buyer and year: the four consultations with a clause commit 420 h each; the
    // one without an RC names its buyer in its CCAP's title block, but no launch date.
    let rows: Vec<String> = select(&html, "#hours-by-buyer tbody tr")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        rows,
        [
            "Commune de Val-de-Lys202681260 h",
            "Commune de Val-de-Lysannée inconnue1420 h",
            "Ministère des armées, direction de la maintenance202610 h",
            "Syndicat des eaux de la vallée du Lys202610 h",
        ]
    );
    let hours: u64 = consultations.iter().map(|c| c.hours_committed).sum();
    assert_eq!(hours, 4 * 420);
    // Four of the eleven consultations have a social consideration: 36,4 %.
    assert_eq!(text(&select(&html, "#social-share-value")[0]), "36,4 %");
    assert_eq!(select(&html, "#chart-social-share svg g").len(), 3);
    assert!(!select(&html, "#chart-hours-by-buyer svg g").is_empty());
    assert!(!select(&html, "#chart-hours-by-year svg g").is_empty());
}

fn select<'a>(html: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(selector).unwrap()).collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>().replace('\u{202f}', "")
}

/// A document whose path, text, messages and parameters all carry markup.
fn hostile_report() -> DocumentReport {
    let finding = Finding {
        rule: Rule::OutdatedTerm,
        element: None,
        term: Some(HOSTILE.into()),
        reference: None,
        severity: Severity::Error,
        message: format!("« {HOSTILE} » est un terme périmé"),
        suggestion: Some(format!("remplacer \"{HOSTILE}\" par 'rien' & voilà")),
        location: Some(Location {
            page: Some(1),
            part: Part::Body,
            span: Span { start: 0, end: 25 },
        }),
        range: Some(0..25),
    };
    let clause = ClauseReport {
        kind: ClauseKind::ExecutionCondition,
        template: HOSTILE.into(),
        page: Some(1),
        section: Some(format!("Article {HOSTILE}")),
        span: Span { start: 0, end: 60 },
        text: format!("Clause d'insertion {HOSTILE} <img src=x onerror=alert(2)> fin"),
        parameters: Parameters {
            penalty_formula: Some(HOSTILE.into()),
            ..Parameters::default()
        },
        similarity: 0.5,
        findings: vec![finding.clone()],
        section_number: Some("4.5".into()),
        linked: Vec::new(),
        diff: Vec::new(),
        form: clausier::find::clause::Form::Clause,
        declared: true,
        lots_covered: None,
    };
    DocumentReport {
        path: format!("dossier/{HOSTILE}\"'.txt"),
        path_escaped: false,
        format: Some(HOSTILE.into()),
        status: "ok".into(),
        error: None,
        warnings: vec![Problem::new(Code::DegradedExtraction, HOSTILE)],
        considerations_sociales: Some(vec![HOSTILE.into()]),
        clauses: vec![clause],
        findings: vec![finding],
        reader: Some("txt".into()),
        pages: Some(1),
        date: None,
        archive: Some(format!("{HOSTILE}.zip")),
        notice: None,
        ocr_pages: Vec::new(),
        role: None,
        role_evidence: None,
        facts: None,
    }
}

#[test]
fn the_report_has_totals_a_row_and_details_per_document() {
    let reports = &*REPORTS;
    let summary = summary_of(reports);
    let page = render(reports);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("<title>clausier — rapport d&#39;analyse</title>"));
    // Self-contained: nothing is fetched.
    for external in ["src=", "<link", "href=\"http", "@import", "url("] {
        assert!(!page.contains(external), "external resource: {external}");
    }
    let html = Html::parse_document(&page);

    let card = |id: &str| text(&select(&html, &format!("#total-{id} .n"))[0]);
    assert_eq!(card("documents"), reports.len().to_string());
    assert_eq!(card("read"), summary.ok.to_string());
    assert_eq!(card("unreadable"), summary.errors.to_string());
    assert_eq!(card("with-clauses"), summary.with_clauses.to_string());
    assert_eq!(card("unknown"), summary.unknown.to_string());
    assert_eq!(
        card("no-social"),
        summary.no_social_consideration.to_string()
    );
    let hours: u64 = reports.iter().map(document_hours).sum();
    assert!(hours > 0);
    assert_eq!(card("hours"), format!("{hours} h"));
    let findings = text(&select(&html, "#total-findings")[0]);
    for (n, severity, label) in [
        (summary.findings.error, "error", "erreur"),
        (summary.findings.warning, "warning", "avertissement"),
        (summary.findings.info, "info", "info"),
    ] {
        assert!(n > 0);
        assert!(findings.contains(&format!("{n} {label}s")), "{findings}");
        let badge = select(&html, &format!("#total-findings .badge.{severity}"));
        assert_eq!(badge[0].value().attr("data-count"), Some(&*n.to_string()));
    }

    // One bar per kind and per rule, each labelled with its count.
    let bars = select(&html, "#chart-kinds svg g");
    assert_eq!(bars.len(), summary.clauses_by_kind.len());
    let rules = select(&html, "#chart-rules svg g");
    assert_eq!(rules.len(), summary.findings_by_rule.len());
    for (rule, n) in &summary.findings_by_rule {
        assert!(
            rules
                .iter()
                .any(|g| text(g) == format!("{rule} : {n}{}{n}", rule_label(rule))),
            "no bar for {rule}"
        );
    }

    let rows = select(&html, "#documents tbody tr");
    assert_eq!(rows.len(), reports.len());
    for (i, (row, report)) in rows.iter().zip(reports).enumerate() {
        assert_eq!(row.value().attr("data-path"), Some(report.path.as_str()));
        let link = select(&html, &format!("#row-{} a", i + 1));
        assert_eq!(
            link[0].value().attr("href"),
            Some(&*format!("#doc-{}", i + 1))
        );
        let details = select(&html, &format!("details#doc-{}", i + 1));
        assert_eq!(details.len(), 1, "no details for {}", report.path);
        assert_eq!(
            details[0].value().attr("open").is_some(),
            report.has_errors(),
            "{}",
            report.path
        );
        let clauses = select(&html, &format!("#doc-{} section.clause", i + 1));
        assert_eq!(clauses.len(), report.clauses.len(), "{}", report.path);
    }

    // The unreadable file shows its error code in the table and in its details.
    let empty = reports
        .iter()
        .position(|r| r.path.ends_with("empty.pdf"))
        .unwrap();
    let code = reports[empty].error.as_ref().unwrap().code.as_str();
    assert_eq!(code, "empty-file");
    // People read the code's label; the id is an attribute.
    let label = Code::EmptyFile.label();
    let row = text(&select(&html, &format!("#row-{}", empty + 1))[0]);
    assert!(row.contains(label), "{row}");
    assert_eq!(
        select(&html, &format!("#row-{} [data-code]", empty + 1))[0]
            .value()
            .attr("data-code"),
        Some(code)
    );
    let details = text(&select(&html, &format!("#doc-{}", empty + 1))[0]);
    assert!(details.contains(label), "{details}");

    // The outdated terms of the Pôle emploi tender are highlighted in its clause text.
    let pole = reports
        .iter()
        .position(|r| r.path.ends_with("ccp2024-oph-ccap-pole-emploi.docx"))
        .unwrap();
    let marks = select(
        &html,
        &format!(
            "#doc-{} pre.clause-text mark[title=\"outdated-term\"]",
            pole + 1
        ),
    );
    let marked: Vec<String> = marks.iter().map(text).collect();
    for term in ["Pôle emploi", "niveau V ou infra", "Garantie jeunes"] {
        assert!(marked.iter().any(|m| m == term), "{term} not in {marked:?}");
    }
}

#[test]
fn the_report_is_deterministic() {
    assert_eq!(render(&REPORTS), render(&REPORTS));
}

#[test]
fn document_text_is_rendered_inert() {
    let page = render(&[hostile_report()]);
    assert!(!page.contains("<script>alert"), "unescaped script");
    assert!(!page.contains("<img"), "unescaped image");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&#39;.txt"));
    assert!(page.contains("&#39;rien&#39; &amp; voilà"));
    // Only the report's own script is a script element.
    assert_eq!(page.matches("<script>").count(), 1);
    let html = Html::parse_document(&page);
    assert_eq!(select(&html, "script").len(), 1);
    assert!(select(&html, "img").is_empty());
    // The quoted words are still found (escaped) and marked.
    let marks = select(&html, "pre.clause-text mark");
    assert_eq!(marks.len(), 1);
    assert_eq!(text(&marks[0]), HOSTILE);
    assert_eq!(marks[0].value().attr("title"), Some("outdated-term"));
}

/// The label the report shows for a rule id (French, the default).
fn rule_label(rule: &str) -> &'static str {
    clausier::base::i18n::lookup(&format!("rule.{rule}")).unwrap()
}

/// Loads the page in headless Chromium and returns the DOM after its scripts ran.
fn dump_dom(browser: &Path, dir: &Path, url: &str) -> String {
    use wait_timeout::ChildExt;
    let profile = tempfile::tempdir_in(dir).unwrap();
    // A file, not a pipe: a large DOM would fill the pipe while we wait.
    let dump = dir.join("dump.html");
    let mut child = std::process::Command::new(browser)
        .args(crate::common::HEADLESS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(std::fs::File::create(&dump).unwrap())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    match child.wait_timeout(Duration::from_secs(120)).unwrap() {
        Some(status) => assert!(status.success(), "chromium failed: {status}"),
        None => {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("chromium did not finish in 120 s");
        }
    }
    std::fs::read_to_string(dump).unwrap()
}

#[test]
fn headless_chromium_loads_the_page_and_sorts_the_table() {
    let Some(browser) =
        crate::common::chromium("headless_chromium_loads_the_page_and_sorts_the_table")
    else {
        return;
    };
    let mut reports = REPORTS.clone();
    reports.push(hostile_report());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    std::fs::write(&file, render(&reports)).unwrap();
    let url = format!("file://{}#selftest", file.display());

    let dom = dump_dom(&browser, dir.path(), &url);
    let html = Html::parse_document(&dom);
    let rows = select(&html, "#documents tbody tr");
    assert_eq!(rows.len(), reports.len(), "rows in the browser's DOM");

    let body = select(&html, "body")[0];
    let hours: Vec<u64> = reports.iter().map(document_hours).collect();
    let max = *hours.iter().max().unwrap();
    // The sort is stable: among equal hours, the first document in the given order wins.
    let expected = &reports[hours.iter().position(|&h| h == max).unwrap()].path;
    assert_ne!(
        expected, &reports[0].path,
        "the self-test would prove nothing"
    );
    assert_eq!(body.value().attr("data-selftest"), Some(expected.as_str()));
    let mut sorted = hours.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let sorted: Vec<String> = sorted.iter().map(u64::to_string).collect();
    assert_eq!(
        body.value().attr("data-selftest-hours"),
        Some(sorted.join(",").as_str())
    );
    // The consultations come first, each an article of its own.
    assert_eq!(
        select(&html, "#consultations article.consultation").len(),
        consultations_of(&reports).len(),
        "consultations in the browser's DOM"
    );
    // The hostile document added no script of its own.
    assert_eq!(body.value().attr("data-selftest-scripts"), Some("1"));
    let sorted_rows = select(&html, "#documents tbody tr");
    assert_eq!(
        sorted_rows[0].value().attr("data-path"),
        Some(expected.as_str())
    );
    assert!(
        select(
            &html,
            "#documents th[data-key=\"hours\"][aria-sort=\"descending\"]"
        )
        .len()
            == 1
    );
}

/// The hours a document commits to, as the report counts them: its stipulations of a kind
/// that sets a volume, never a mention, a reference or a criterion.
fn document_hours(report: &DocumentReport) -> u64 {
    report
        .clauses
        .iter()
        .filter(|c| {
            c.declared
                && c.form == clausier::find::clause::Form::Clause
                && matches!(
                    c.kind,
                    ClauseKind::ExecutionCondition | ClauseKind::InsertionMarket
                )
        })
        .map(|c| committed_hours(&c.parameters))
        .sum()
}

/// No stable id is text a person reads: rules, elements, kinds, forms, roles and error codes
/// are shown by their labels, and the ids live in attributes (data-rule, title) for tools.
#[test]
fn no_stable_id_is_shown_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["example/dce", "consultations/dce/incoherente.zip", "broken"] {
        let from = root.join("fixtures").join(name);
        let to = dir.path().join(name.replace('/', "-"));
        if from.is_dir() {
            std::fs::create_dir_all(&to).unwrap();
            for entry in std::fs::read_dir(&from).unwrap() {
                let entry = entry.unwrap();
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["scan", "--format", "html", "-q"])
        .arg(dir.path())
        .env("CLAUSIER_LANG", "fr")
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    let html = Html::parse_document(&page);
    let mut visible = String::new();
    for node in html.root_element().descendants() {
        if let Some(t) = node.value().as_text() {
            let parent = node
                .parent()
                .and_then(|p| p.value().as_element().map(|e| e.name()));
            if !matches!(parent, Some("script" | "style" | "title" | "pre")) {
                visible.push_str(t);
                visible.push('\n');
            }
        }
    }
    let mut ids: Vec<String> = clausier::judge::rules::Rule::ALL
        .iter()
        .map(|r| r.as_str().to_string())
        .collect();
    ids.extend(
        clausier::template::ClauseKind::ALL
            .iter()
            .map(|k| k.as_str().to_string()),
    );
    ids.extend(
        clausier::base::error::Code::ALL
            .iter()
            .map(|c| c.as_str().to_string()),
    );
    ids.extend(
        clausier::find::role::Role::ALL
            .iter()
            .map(|r| r.as_str().to_string())
            .filter(|r| r.contains('_')),
    );
    for id in ids {
        assert!(
            !visible
                .split(|c: char| c.is_whitespace() || ",;:()".contains(c))
                .any(|w| w == id),
            "{id} is shown as text:\n{visible}"
        );
    }
}

/// One commitment is counted once, from the piece that sets it: an AE restating the CCAP's
/// 600 hours adds nothing, nor does a criterion's weight ("Pondération : 5").
#[test]
fn the_headline_hours_count_each_commitment_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("CCAP.txt"),
        "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\nConsultation n° 2026-TX-031\nPouvoir adjudicateur : Commune de Lormes\n\nArticle 9 – Clause sociale d'insertion\nEn application de l'article L. 2112-2 du code de la commande publique, le titulaire réalise une action d'insertion au bénéfice de personnes éloignées de l'emploi : il réserve 600 heures de travail à ces personnes. Le facilitateur du PLIE accompagne le titulaire. En cas de non-respect, une pénalité de 60 € HT par heure non réalisée est appliquée.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("AE.txt"),
        "ACTE D'ENGAGEMENT\nConsultation n° 2026-TX-031\nPouvoir adjudicateur : Commune de Lormes\n\nArticle 3 – Engagement d'insertion\nLe titulaire s'engage à réaliser les 600 heures d'insertion prévues à l'article 9 du CCAP.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("RC.txt"),
        "RÈGLEMENT DE LA CONSULTATION\nConsultation n° 2026-TX-031\nPouvoir adjudicateur : Commune de Lormes\n\nArticle 6 – Critères d'attribution\nPrix : 60 %\nValeur technique : 35 %\nPerformance en matière d'insertion professionnelle des publics en difficulté. Pondération : 5\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clausier"))
        .args(["scan", "--format", "html", "-q"])
        .arg(d)
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    let html = Html::parse_document(&page);
    assert_eq!(text(&select(&html, "#total-hours .n")[0]), "600 h");
}
