//! The HTML report (`--format html`): one self-contained page for a person who reviews a batch
//! of tenders in a browser or on paper. Everything is inline (CSS, SVG charts, a short sorting
//! script) so that the file can be mailed or opened from `file://` with no network; everything
//! taken from the documents is escaped, since a tender's text is untrusted input. The output
//! is deterministic (no timestamp, documents in the given order, maps in sorted order) so that
//! two runs over the same files can be diffed.

use crate::base::escape::escape;
use crate::base::i18n::text;
use crate::base::typography::colon;
use crate::find::params::committed_hours;
use crate::find::params::Parameters;
use crate::judge::consultation::{piece_label, ConsultationReport};
use crate::judge::rules::{DiffOp, Finding};
use crate::judge::verdict::{ClauseReport, DocumentReport, Summary, NO_SOCIAL_CONSIDERATION};
use crate::template::Severity;
use crate::{msg, msg_n};
use std::io::{self, Write};

mod charts;
mod consultation;
mod document;
use charts::*;
use consultation::*;
use document::*;

/// Writes the whole report as one HTML5 page: the consultations first (each with its pieces,
/// its consolidated clauses and the findings across pieces), then the totals a facilitator or
/// an observatory asks for, then the documents.
pub fn write_html(
    out: &mut dyn Write,
    documents: &[DocumentReport],
    consultations: &[ConsultationReport],
    summary: &Summary,
) -> io::Result<()> {
    writeln!(out, "<!DOCTYPE html>")?;
    writeln!(out, "<html lang=\"{}\">", t("html.lang"))?;
    writeln!(out, "<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(out, "<title>{}</title>", t("html.title"))?;
    writeln!(out, "<style>\n{CSS}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    write_header(out, documents, consultations, summary)?;
    if !consultations.is_empty() {
        write_consultations(out, consultations)?;
        write_consultation_totals(out, consultations)?;
    }
    write_charts(out, summary)?;
    write_table(out, documents)?;
    writeln!(out, "<section id=\"details\">")?;
    writeln!(
        out,
        "<h2>{} <span class=\"tools\"><button type=\"button\" id=\"open-all\">{}</button> <button type=\"button\" id=\"close-all\">{}</button></span></h2>",
        t("html.details"),
        t("html.open_all"),
        t("html.close_all")
    )?;
    for (i, doc) in documents.iter().enumerate() {
        write_document(out, i + 1, doc)?;
    }
    writeln!(out, "</section>")?;
    writeln!(out, "<script>\n{SCRIPT}</script>")?;
    writeln!(out, "</body>")?;
    writeln!(out, "</html>")
}

/// The name of a role, for the pieces of a consultation.
fn role_label(role: Option<crate::find::role::Role>) -> String {
    role.map_or_else(
        || "?".to_string(),
        |r| crate::judge::consultation::short_role(r).to_string(),
    )
}

/// The insertion hours a document commits to: those of its stipulations of a kind that sets a
/// volume (an execution condition, an insertion market). A mention or a reference restates
/// hours another piece sets ("les 600 heures prévues à l'article 9 du CCAP"), and a criterion's
/// weight or a reservation is no volume: none of them adds hours.
fn document_hours(doc: &DocumentReport) -> u64 {
    doc.clauses
        .iter()
        .filter(|c| {
            c.declared && c.form == crate::find::clause::Form::Clause && c.kind.commits_hours()
        })
        .map(|c| committed_hours(&c.parameters))
        .sum()
}

/// The hours committed over the run, each commitment once: a consultation's hours (set by the
/// piece that carries its clause), and the hours of the documents that belong to none.
fn run_hours(documents: &[DocumentReport], consultations: &[ConsultationReport]) -> u64 {
    let grouped: std::collections::BTreeSet<&str> = consultations
        .iter()
        .flat_map(|c| c.pieces.iter().map(|p| p.path.as_str()))
        .collect();
    let alone: u64 = documents
        .iter()
        .filter(|d| !grouped.contains(d.path.as_str()))
        .map(document_hours)
        .sum();
    alone + consultations.iter().map(|c| c.hours_committed).sum::<u64>()
}

/// Severity counts of one document.
fn severity_counts(doc: &DocumentReport) -> [usize; 3] {
    let mut counts = [0; 3];
    for f in doc.all_findings() {
        counts[severity_index(f.severity)] += 1;
    }
    counts
}

fn severity_index(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}

fn severity_label(s: Severity) -> &'static str {
    crate::base::i18n::lookup(&format!("severity.{}", s.as_str())).unwrap_or(s.as_str())
}

/// "3 avertissements", "1 erreur", "0 erreur" (French keeps zero singular).
fn severity_count(s: Severity, n: usize) -> String {
    match s {
        Severity::Error => msg_n!("html.count.error", n),
        Severity::Warning => msg_n!("html.count.warning", n),
        Severity::Info => msg_n!("html.count.info", n),
    }
}

/// A path that may wrap after each slash rather than anywhere.
fn path_html(path: &str) -> String {
    escape(path).replace('/', "/<wbr>")
}

/// The catalogue's label of a stable id (`rule.missing-element` → "Élément manquant"), the id
/// itself for one added later.
fn catalogue_label(prefix: &str, id: &str) -> String {
    crate::base::i18n::lookup(&format!("{prefix}.{id}")).map_or(id.to_string(), str::to_string)
}

/// The name of a clause kind (catalogue key `kind.<kind>`), its id for a kind added later.
fn kind_label(kind: &str) -> &str {
    crate::base::i18n::lookup(&format!("kind.{kind}")).unwrap_or(kind)
}

/// The escaped text of a catalogue key, for the page's own words.
/// How a document carries a clause, as people say it ("clause", "mention", "renvoi").
fn form_label(form: crate::find::clause::Form) -> String {
    catalogue_label("form", form.as_str())
}

/// A finding's rule as people read it, with its element or term: "Élément manquant :
/// pénalités".
fn rule_what(
    rule: crate::judge::rules::Rule,
    element: Option<crate::template::ElementId>,
    term: Option<&str>,
) -> String {
    let what = catalogue_label("rule", rule.as_str());
    match (element, term) {
        (Some(e), _) => format!(
            "{what}{}{}",
            colon(),
            catalogue_label("element", e.as_str())
        ),
        (None, Some(t)) => format!("{what}{}{t}", colon()),
        (None, None) => what,
    }
}

/// A finding's stable id for tools: "missing-element/penalties".
fn rule_id(rule: crate::judge::rules::Rule, element: Option<crate::template::ElementId>) -> String {
    match element {
        Some(e) => format!("{}/{}", rule.as_str(), e.as_str()),
        None => rule.as_str().to_string(),
    }
}

fn t(key: &str) -> String {
    escape(text(key))
}

/// Thousands grouped as the language writes them ("1 200", "1,200").
fn int(n: u64) -> String {
    crate::base::typography::integer(n)
}

/// A number with at most four decimals, in the language's typography ("7,5", "7.5").
fn num(x: f64) -> String {
    crate::base::typography::number(x, 4)
}

fn write_header(
    out: &mut dyn Write,
    documents: &[DocumentReport],
    consultations: &[ConsultationReport],
    summary: &Summary,
) -> io::Result<()> {
    let hours = run_hours(documents, consultations);
    let clauses: usize = summary.clauses_by_kind.values().sum();
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", t("html.title"))?;
    if let Some(note) = summary.interruption() {
        writeln!(
            out,
            "<p class=\"banner interrupted\" role=\"alert\">{}</p>",
            escape(&note)
        )?;
    }
    writeln!(out, "<div class=\"cards\">")?;
    let cards = [
        ("documents", summary.documents),
        ("read", summary.ok),
        ("unreadable", summary.errors),
        ("with-clauses", summary.with_clauses),
        ("no-social", summary.no_social_consideration),
        ("unknown", summary.unknown),
        ("clauses", clauses),
    ];
    for (id, n) in cards {
        writeln!(
            out,
            "<div class=\"card\" id=\"total-{id}\"><span class=\"n\">{}</span><span class=\"l\">{}</span></div>",
            int(n as u64),
            t(&format!("html.card.{id}"))
        )?;
    }
    writeln!(
        out,
        "<div class=\"card wide\" id=\"total-hours\"><span class=\"n\">{} h</span><span class=\"l\">{}<sup><a href=\"#hours-note\">*</a></sup></span></div>",
        int(hours),
        t("html.card.hours")
    )?;
    writeln!(out, "</div>")?;

    writeln!(out, "<div class=\"totals\">")?;
    writeln!(
        out,
        "<p id=\"total-findings\">{}{}",
        t("html.findings"),
        colon()
    )?;
    let severities = [
        (Severity::Error, summary.findings.error),
        (Severity::Warning, summary.findings.warning),
        (Severity::Info, summary.findings.info),
    ];
    for (s, n) in severities {
        writeln!(
            out,
            "<span class=\"badge {}\" data-count=\"{n}\">{}</span>",
            s.as_str(),
            severity_count(s, n)
        )?;
    }
    writeln!(out, "</p>")?;
    if !summary.clauses_by_kind.is_empty() {
        let kinds: Vec<String> = summary
            .clauses_by_kind
            .iter()
            .map(|(k, n)| format!("{}{}{n}", escape(kind_label(k)), colon()))
            .collect();
        writeln!(
            out,
            "<p id=\"total-kinds\">{}{}{}</p>",
            t("html.kinds"),
            colon(),
            kinds.join(" · ")
        )?;
    }
    if !summary.errors_by_code.is_empty() {
        let codes: Vec<String> = summary
            .errors_by_code
            .iter()
            .map(|(k, n)| {
                let label = crate::base::error::Code::from_id(k)
                    .map_or_else(|| k.clone(), |c| c.label().to_string());
                format!(
                    "<span title=\"{}\">{}</span>{}{n}",
                    escape(k),
                    escape(&label),
                    colon()
                )
            })
            .collect();
        writeln!(
            out,
            "<p id=\"total-errors\">{}{}{}</p>",
            t("html.errors_by_code"),
            colon(),
            codes.join(" · ")
        )?;
    }
    writeln!(
        out,
        "<p class=\"note\" id=\"hours-note\">{}</p>",
        t("html.hours_note")
    )?;
    writeln!(out, "</div>")?;
    writeln!(out, "</header>")
}

/// The page's style sheet (`page.css`), inlined in every report: the page needs no network.
const CSS: &str = include_str!("page.css");

/// The page's script (`page.js`): sorting and filtering of the documents table, inlined too.
const SCRIPT: &str = include_str!("page.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(1050), "1\u{202f}050");
        assert_eq!(int(1234567), "1\u{202f}234\u{202f}567");
        assert_eq!(num(1.5), "1,5");
        assert_eq!(num(60.0), "60");
    }

    #[test]
    fn shows_the_number_once() {
        assert!(states_number("Article 5 - Clause sociale", "5"));
        assert!(states_number("ARTICLE 4.5 INSERTION", "4.5"));
        assert!(states_number("4.5 Insertion", "4.5"));
        assert!(!states_number("Insertion professionnelle", "4.5"));
    }

    #[test]
    fn finds_the_quote() {
        assert_eq!(
            quoted("« Pôle emploi » est un terme périmé"),
            Some("Pôle emploi")
        );
        assert_eq!(
            quoted("“Pôle emploi” is an outdated term"),
            Some("Pôle emploi")
        );
        assert_eq!(quoted("pas de citation"), None);
        assert_eq!(quoted("« » vide"), None);
    }
}
