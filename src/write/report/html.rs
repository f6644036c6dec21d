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
    writeln!(out, "<style>{CSS}</style>")?;
    writeln!(out, "</head>")?;
    writeln!(out, "<body>")?;
    write_header(out, documents, summary)?;
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
    writeln!(out, "<script>{SCRIPT}</script>")?;
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

/// Each consultation: its identity, its pieces and their roles, its consolidated clauses with
/// the pieces that speak of them, and its findings across pieces.
fn write_consultations(
    out: &mut dyn Write,
    consultations: &[ConsultationReport],
) -> io::Result<()> {
    writeln!(out, "<section id=\"consultations\">")?;
    writeln!(out, "<h2>{}</h2>", t("html.consultations"))?;
    for (n, c) in consultations.iter().enumerate() {
        writeln!(
            out,
            "<article class=\"consultation\" id=\"consultation-{}\">",
            n + 1
        )?;
        writeln!(out, "<h3>{}</h3>", path_html(&c.path))?;
        let mut facts: Vec<(String, String)> = Vec::new();
        if let Some(r) = &c.reference {
            facts.push((t("html.fact.reference"), escape(r)));
        }
        if let Some(b) = &c.buyer {
            facts.push((t("html.fact.buyer"), escape(b)));
        }
        if let Some(o) = &c.object {
            facts.push((t("html.fact.object"), escape(o)));
        }
        if let Some(d) = c.launch_date {
            facts.push((
                t("html.fact.launch"),
                escape(&crate::base::typography::date(d)),
            ));
        }
        if let Some(a) = c.estimated_amount_eur {
            facts.push((
                t("html.fact.amount"),
                msg!("html.amount_ht", amount = num(a)),
            ));
        }
        if let Some(nature) = c.nature {
            facts.push((
                t("html.fact.nature"),
                t(match nature {
                    crate::find::facts::Nature::Works => "html.nature.works",
                    crate::find::facts::Nature::Supplies => "html.nature.supplies",
                    crate::find::facts::Nature::Services => "html.nature.services",
                }),
            ));
        }
        if let Some(b) = c.buyer_category {
            facts.push((
                t("html.fact.buyer_category"),
                t(&format!("buyer.{}", b.as_str())),
            ));
        }
        if c.defence {
            facts.push((t("html.fact.defence"), t("html.yes")));
        }
        facts.push((
            t("html.fact.considerations"),
            c.considerations_sociales
                .as_ref()
                .map_or(t("considerations.unknown"), |v| {
                    escape(&crate::judge::verdict::considerations_shown(v, ", "))
                }),
        ));
        facts.push((
            t("html.fact.hours"),
            format!("{} h", int(c.hours_committed)),
        ));
        writeln!(out, "<dl class=\"facts\">")?;
        for (label, value) in facts {
            writeln!(out, "<div><dt>{label}</dt><dd>{value}</dd></div>")?;
        }
        writeln!(out, "</dl>")?;
        writeln!(
            out,
            "<table class=\"pieces\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
            t("html.piece"),
            t("html.role")
        )?;
        for p in &c.pieces {
            writeln!(
                out,
                "<tr><td>{}</td><td>{}</td></tr>",
                path_html(&p.path),
                escape(&role_label(p.role))
            )?;
        }
        writeln!(out, "</tbody></table>")?;
        if c.clauses.is_empty() {
            writeln!(
                out,
                "<p class=\"empty\">{}</p>",
                t("html.no_clause_in_pieces")
            )?;
        }
        for clause in &c.clauses {
            writeln!(out, "<section class=\"clause\">")?;
            writeln!(
                out,
                "<h4>{} <span class=\"meta\">{} · {}</span></h4>",
                escape(kind_label(clause.kind.as_str())),
                escape(&clause.template),
                clause.form.as_str()
            )?;
            write_parameters(out, &clause.parameters)?;
            writeln!(out, "<ul class=\"evidence\">")?;
            for e in &clause.evidence {
                let place = match (&e.section, e.page) {
                    (Some(s), Some(p)) => format!("{}, {}", msg!("html.page", page = p), escape(s)),
                    (Some(s), None) => escape(s),
                    (None, Some(p)) => msg!("html.page", page = p),
                    (None, None) => String::new(),
                };
                writeln!(
                    out,
                    "<li><span class=\"badge\">{}</span> {} <span class=\"meta\">{}</span> {place}</li>",
                    e.form.as_str(),
                    escape(&piece_label(e, true)),
                    path_html(&e.path)
                )?;
            }
            writeln!(out, "</ul>")?;
            writeln!(out, "</section>")?;
        }
        if !c.findings.is_empty() {
            writeln!(out, "<ul class=\"findings\">")?;
            for f in &c.findings {
                let pieces: Vec<String> = f
                    .evidence
                    .iter()
                    .map(|e| escape(&piece_label(e, true)))
                    .collect();
                write!(
                    out,
                    "<li class=\"finding sev-{}\"><span class=\"badge {}\">{}</span> <code class=\"rule\">{}</code>{} <span class=\"message\">{}</span>",
                    f.severity.as_str(),
                    f.severity.as_str(),
                    severity_label(f.severity),
                    f.rule.as_str(),
                    f.element.map_or(String::new(), |e| format!(
                        " <span class=\"detail\">{}</span>",
                        e.as_str()
                    )),
                    escape(&f.message)
                )?;
                if let Some(s) = &f.suggestion {
                    write!(out, "<div class=\"suggestion\">→ {}</div>", escape(s))?;
                }
                if !pieces.is_empty() {
                    write!(
                        out,
                        "<div class=\"meta\">{}</div>",
                        msg!("html.pieces", pieces = pieces.join(", "))
                    )?;
                }
                writeln!(out, "</li>")?;
            }
            writeln!(out, "</ul>")?;
        }
        writeln!(out, "</article>")?;
    }
    writeln!(out, "</section>")
}

/// Whether a consultation has a social consideration: `Some(true)`, `Some(false)`, or `None`
/// when a piece could not be read and none was found.
fn has_social_consideration(c: &ConsultationReport) -> Option<bool> {
    c.considerations_sociales
        .as_ref()
        .map(|v| v.iter().any(|s| s != NO_SOCIAL_CONSIDERATION))
}

/// What a facilitator or an observatory asks for: insertion hours committed by buyer and by
/// year of launch, and the share of consultations with a social consideration (the PNAD
/// indicator), as tables and bar charts.
fn write_consultation_totals(
    out: &mut dyn Write,
    consultations: &[ConsultationReport],
) -> io::Result<()> {
    use std::collections::BTreeMap;
    writeln!(out, "<section id=\"consultation-totals\">")?;
    writeln!(out, "<h2>{}</h2>", t("html.totals"))?;
    let mut by_buyer_year: BTreeMap<(String, String), (usize, u64)> = BTreeMap::new();
    let mut by_buyer: BTreeMap<String, u64> = BTreeMap::new();
    let mut by_year: BTreeMap<String, u64> = BTreeMap::new();
    for c in consultations {
        let buyer = c
            .buyer
            .clone()
            .unwrap_or_else(|| text("html.buyer_unknown").to_string());
        let year = c.launch_date.map_or_else(
            || text("html.year_unknown").to_string(),
            |d| d.year.to_string(),
        );
        let entry = by_buyer_year
            .entry((buyer.clone(), year.clone()))
            .or_default();
        entry.0 += 1;
        entry.1 += c.hours_committed;
        *by_buyer.entry(buyer).or_default() += c.hours_committed;
        *by_year.entry(year).or_default() += c.hours_committed;
    }
    writeln!(out, "<h3>{}</h3>", t("html.hours_by_buyer_year"))?;
    writeln!(
        out,
        "<table class=\"totals-table\" id=\"hours-by-buyer\"><thead><tr><th>{}</th><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        t("html.fact.buyer"),
        t("html.launch_year"),
        t("html.consultations"),
        t("html.fact.hours")
    )?;
    for ((buyer, year), (count, hours)) in &by_buyer_year {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{count}</td><td class=\"num\">{} h</td></tr>",
            escape(buyer),
            escape(year),
            int(*hours)
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    let with = consultations
        .iter()
        .filter(|c| has_social_consideration(c) == Some(true))
        .count();
    let without = consultations
        .iter()
        .filter(|c| has_social_consideration(c) == Some(false))
        .count();
    let unknown = consultations.len() - with - without;
    let known = with + without;
    let share = if known == 0 {
        t("html.not_applicable")
    } else {
        format!(
            "{} %",
            num((1000.0 * with as f64 / known as f64).round() / 10.0)
        )
    };
    writeln!(out, "<h3>{}</h3>", t("html.share_title"))?;
    writeln!(
        out,
        "<table class=\"totals-table\" id=\"social-share\"><tbody><tr><th scope=\"row\">{}</th><td class=\"num\">{with}</td></tr><tr><th scope=\"row\">{}</th><td class=\"num\">{without}</td></tr><tr><th scope=\"row\">{}</th><td class=\"num\">{unknown}</td></tr><tr><th scope=\"row\">{}</th><td class=\"num\" id=\"social-share-value\">{share}</td></tr></tbody></table>",
        t("html.share.with"),
        t("html.share.without"),
        t("html.share.unknown"),
        t("html.share.value")
    )?;
    writeln!(out, "<p class=\"note\">{}</p>", t("html.share.note"))?;
    writeln!(out, "<section class=\"charts\">")?;
    let buyers: Vec<(String, String, usize)> = by_buyer
        .iter()
        .map(|(b, h)| {
            (
                b.clone(),
                format!("{b}{}{} h", colon(), int(*h)),
                *h as usize,
            )
        })
        .collect();
    bar_chart(
        out,
        "chart-hours-by-buyer",
        text("html.chart.hours_by_buyer"),
        &buyers,
        "#0e7490",
    )?;
    let years: Vec<(String, String, usize)> = by_year
        .iter()
        .map(|(y, h)| {
            (
                y.clone(),
                format!("{y}{}{} h", colon(), int(*h)),
                *h as usize,
            )
        })
        .collect();
    bar_chart(
        out,
        "chart-hours-by-year",
        text("html.chart.hours_by_year"),
        &years,
        "#155eef",
    )?;
    let share = |key: &str, n: usize| (text(key).to_string(), text(key).to_string(), n);
    let shares = vec![
        share("html.chart.with", with),
        share("html.chart.without", without),
        share("html.chart.unknown", unknown),
    ];
    bar_chart(
        out,
        "chart-social-share",
        text("html.chart.social"),
        &shares,
        "#067647",
    )?;
    writeln!(out, "</section>")?;
    writeln!(out, "</section>")
}

fn document_hours(doc: &DocumentReport) -> u64 {
    doc.clauses
        .iter()
        .map(|c| committed_hours(&c.parameters))
        .sum()
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
    summary: &Summary,
) -> io::Result<()> {
    let hours: u64 = documents.iter().map(document_hours).sum();
    let clauses: usize = summary.clauses_by_kind.values().sum();
    writeln!(out, "<header>")?;
    writeln!(out, "<h1>{}</h1>", t("html.title"))?;
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
            .map(|(k, n)| format!("<code>{}</code>{}{n}", escape(k), colon()))
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

fn write_charts(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    writeln!(out, "<section class=\"charts\">")?;
    let kinds: Vec<(String, String, usize)> = summary
        .clauses_by_kind
        .iter()
        .map(|(k, n)| (kind_label(k).to_string(), k.clone(), *n))
        .collect();
    bar_chart(out, "chart-kinds", text("html.kinds"), &kinds, "#0e7490")?;
    let rules: Vec<(String, String, usize)> = summary
        .findings_by_rule
        .iter()
        .map(|(k, n)| (catalogue_label("rule", k), k.clone(), *n))
        .collect();
    bar_chart(out, "chart-rules", text("html.rules"), &rules, "#6941c6")?;
    writeln!(out, "</section>")
}

/// A horizontal bar chart of (label, tooltip, count), largest first, ties by label.
fn bar_chart(
    out: &mut dyn Write,
    id: &str,
    title: &str,
    items: &[(String, String, usize)],
    color: &str,
) -> io::Result<()> {
    writeln!(out, "<figure id=\"{id}\">")?;
    let title = escape(title);
    writeln!(out, "<figcaption>{title}</figcaption>")?;
    if items.is_empty() {
        writeln!(out, "<p class=\"empty\">{}</p>", t("html.none"))?;
        return writeln!(out, "</figure>");
    }
    let mut items: Vec<&(String, String, usize)> = items.iter().collect();
    items.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    const LABEL: f64 = 250.0;
    const BAR: f64 = 300.0;
    const ROW: f64 = 26.0;
    let max = items.iter().map(|i| i.2).max().unwrap_or(1).max(1) as f64;
    let height = ROW * items.len() as f64 + 8.0;
    let width = LABEL + BAR + 60.0;
    writeln!(
        out,
        "<svg viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{title}\" xmlns=\"http://www.w3.org/2000/svg\">"
    )?;
    for (i, (label, tooltip, n)) in items.iter().enumerate() {
        let y = 4.0 + ROW * i as f64;
        let w = (BAR * *n as f64 / max).max(2.0);
        let mid = y + ROW / 2.0;
        writeln!(
            out,
            "<g><title>{}{}{n}</title><text x=\"{}\" y=\"{mid}\" text-anchor=\"end\" dominant-baseline=\"middle\" class=\"label\">{}</text><rect x=\"{LABEL}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" rx=\"3\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"{mid}\" dominant-baseline=\"middle\" class=\"count\">{n}</text></g>",
            escape(tooltip),
            colon(),
            LABEL - 8.0,
            escape(label),
            y + 4.0,
            ROW - 8.0,
            LABEL + w + 6.0,
        )?;
    }
    writeln!(out, "</svg>")?;
    writeln!(out, "</figure>")
}

fn write_table(out: &mut dyn Write, documents: &[DocumentReport]) -> io::Result<()> {
    writeln!(out, "<section id=\"list\">")?;
    writeln!(out, "<h2>{}</h2>", t("html.card.documents"))?;
    writeln!(out, "<p class=\"note\">{}</p>", t("html.table_note"))?;
    writeln!(out, "<div class=\"scroll\"><table id=\"documents\">")?;
    writeln!(out, "<thead><tr>")?;
    let headers = [
        ("path", "text"),
        ("format", "text"),
        ("status", "text"),
        ("considerations", "text"),
        ("clauses", "num"),
        ("hours", "num"),
        ("error", "num"),
        ("warning", "num"),
        ("info", "num"),
    ];
    for (key, kind) in headers {
        writeln!(
            out,
            "<th data-key=\"{key}\" data-type=\"{kind}\" class=\"{kind}\"><button type=\"button\">{}</button></th>",
            t(&format!("html.column.{key}"))
        )?;
    }
    writeln!(out, "</tr></thead>")?;
    writeln!(out, "<tbody>")?;
    for (i, doc) in documents.iter().enumerate() {
        let counts = severity_counts(doc);
        let hours = document_hours(doc);
        write!(
            out,
            "<tr id=\"row-{n}\" data-path=\"{}\"><td><a href=\"#doc-{n}\">{}</a></td><td>{}</td>",
            escape(&doc.path),
            path_html(&doc.path),
            escape(doc.format.as_deref().unwrap_or("—")),
            n = i + 1
        )?;
        match &doc.error {
            Some(p) => write!(
                out,
                "<td data-sort=\"{code}\"><span class=\"badge error\" title=\"{}\">{code}</span></td>",
                escape(&p.message),
                code = escape(p.code.as_str())
            )?,
            None => {
                write!(out, "<td data-sort=\"ok\"><span class=\"badge ok\">ok</span>")?;
                for w in &doc.warnings {
                    write!(
                        out,
                        " <span class=\"badge warning\" title=\"{}\">{}</span>",
                        escape(&w.message),
                        escape(w.code.as_str())
                    )?;
                }
                write!(out, "</td>")?;
            }
        }
        let considerations = escape(&doc.considerations_shown(", "));
        write!(out, "<td>{considerations}</td>")?;
        write!(
            out,
            "<td class=\"num\" data-sort=\"{0}\">{0}</td>",
            doc.clauses.len()
        )?;
        let shown = if hours == 0 {
            "—".to_string()
        } else {
            int(hours)
        };
        write!(out, "<td class=\"num\" data-sort=\"{hours}\">{shown}</td>")?;
        for (s, n) in [Severity::Error, Severity::Warning, Severity::Info]
            .into_iter()
            .zip(counts)
        {
            let class = if n > 0 { s.as_str() } else { "zero" };
            write!(
                out,
                "<td class=\"num sev-{class}\" data-sort=\"{n}\">{n}</td>"
            )?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>")?;
    writeln!(out, "</table></div>")?;
    writeln!(out, "</section>")
}

fn write_document(out: &mut dyn Write, n: usize, doc: &DocumentReport) -> io::Result<()> {
    let open = if doc.has_errors() { " open" } else { "" };
    let counts = severity_counts(doc);
    writeln!(out, "<details class=\"document\" id=\"doc-{n}\"{open}>")?;
    write!(
        out,
        "<summary><span class=\"path\">{}</span> ",
        path_html(&doc.path)
    )?;
    match &doc.error {
        Some(p) => write!(
            out,
            "<span class=\"badge error\">{}</span>",
            escape(p.code.as_str())
        )?,
        None => write!(
            out,
            "<span class=\"meta\">{}</span>",
            msg_n!("html.count.clauses", doc.clauses.len())
        )?,
    }
    for (s, c) in [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .zip(counts)
    {
        if c > 0 {
            write!(
                out,
                " <span class=\"badge {}\">{}</span>",
                s.as_str(),
                severity_count(s, c)
            )?;
        }
    }
    writeln!(out, "</summary>")?;
    writeln!(out, "<div class=\"body\">")?;

    write!(out, "<dl class=\"facts\">")?;
    let mut fact = |key: &str, value: String| -> io::Result<()> {
        write!(out, "<div><dt>{}</dt><dd>{value}</dd></div>", t(key))
    };
    if let Some(archive) = &doc.archive {
        fact("html.fact.archive", escape(archive))?;
    }
    fact(
        "html.column.format",
        escape(doc.format.as_deref().unwrap_or(text("html.format_unknown"))),
    )?;
    if let (Some(role), Some(evidence)) = (doc.role, &doc.role_evidence) {
        fact(
            "html.piece",
            format!(
                "<code>{}</code> ({})",
                escape(role.as_str()),
                escape(&msg!("html.quote", text = evidence.evidence))
            ),
        )?;
    }
    if let Some(reader) = &doc.reader {
        fact("html.fact.reader", escape(reader.as_str()))?;
    }
    if let Some(pages) = doc.pages {
        fact("html.fact.pages", pages.to_string())?;
    }
    if let Some(date) = doc.date {
        fact(
            "html.fact.date",
            escape(&crate::base::typography::date(date)),
        )?;
    }
    fact(
        "html.fact.considerations",
        escape(&doc.considerations_shown(", ")),
    )?;
    if doc.error.is_none() {
        fact("html.fact.hours", format!("{} h", int(document_hours(doc))))?;
    }
    writeln!(out, "</dl>")?;

    // Our sentence for the code, in the run's language, as in the terminal; the reader's own
    // detail (the terminal's --verbose cause) is the badge's tooltip.
    for (p, class) in doc
        .error
        .iter()
        .map(|p| (p, "error"))
        .chain(doc.warnings.iter().map(|w| (w, "warning")))
    {
        writeln!(
            out,
            "<p class=\"problem {class}\"><span class=\"badge {class}\" title=\"{}\">{}</span> {}</p>",
            escape(&p.message),
            escape(p.code.as_str()),
            escape(p.code.explain())
        )?;
    }
    if !doc.findings.is_empty() {
        writeln!(out, "<h3>{}</h3>", t("html.document_findings"))?;
        write_findings(out, &doc.findings)?;
    }
    for (i, clause) in doc.clauses.iter().enumerate() {
        write_clause(out, n, i + 1, clause)?;
    }
    if doc.error.is_none() && doc.clauses.is_empty() {
        writeln!(out, "<p class=\"empty\">{}</p>", t("html.no_clause"))?;
    }
    writeln!(
        out,
        "<p class=\"back\"><a href=\"#row-{n}\">{}</a></p>",
        t("html.back")
    )?;
    writeln!(out, "</div>")?;
    writeln!(out, "</details>")
}

fn write_clause(out: &mut dyn Write, doc: usize, n: usize, c: &ClauseReport) -> io::Result<()> {
    let kind = c.kind.as_str();
    writeln!(
        out,
        "<section class=\"clause\" id=\"doc-{doc}-clause-{n}\">"
    )?;
    let form = if c.declared {
        crate::base::i18n::lookup(&format!("form.{}", c.form.as_str())).unwrap_or(c.form.as_str())
    } else {
        text("html.declared_absent")
    };
    writeln!(
        out,
        "<h3>{} — {} <code>{}</code> <small>{}</small></h3>",
        msg!("html.clause_n", n = n),
        escape(kind_label(kind)),
        escape(kind),
        escape(form)
    )?;
    write!(out, "<dl class=\"facts\">")?;
    write!(
        out,
        "<div><dt>{}</dt><dd><code>{}</code></dd></div>",
        t("html.fact.model"),
        escape(&c.template)
    )?;
    if let Some(page) = c.page {
        write!(
            out,
            "<div><dt>{}</dt><dd>{page}</dd></div>",
            t("html.fact.page")
        )?;
    }
    let section = match (&c.section_number, &c.section) {
        (Some(number), Some(heading)) if !states_number(heading, number) => {
            format!("{number} {heading}")
        }
        (_, Some(heading)) => heading.clone(),
        (Some(number), None) => number.clone(),
        (None, None) => text("html.untitled").to_string(),
    };
    if c.form == crate::find::clause::Form::Flag {
        // A notice's field has no article: the codes that say it stand in its place.
        write!(
            out,
            "<div><dt>{}</dt><dd><code>{}</code></dd></div>",
            t("html.fact.notice_fields"),
            escape(&c.text)
        )?;
    } else {
        write!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            t("html.fact.article"),
            escape(&section)
        )?;
        write!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            t("html.fact.similarity"),
            crate::base::typography::number(c.similarity, 2)
        )?;
    }
    writeln!(out, "</dl>")?;
    if !c.linked.is_empty() {
        let linked: Vec<String> = c
            .linked
            .iter()
            .map(|l| {
                let page = l.page.map_or(String::new(), |p| {
                    format!(" ({})", msg!("html.page", page = p))
                });
                format!(
                    "{}{page}",
                    escape(l.section.as_deref().unwrap_or(text("html.untitled")))
                )
            })
            .collect();
        writeln!(
            out,
            "<p class=\"linked\">{}{}{}</p>",
            t("html.linked"),
            colon(),
            linked.join(text("list.separator"))
        )?;
    }
    write_parameters(out, &c.parameters)?;
    if !c.findings.is_empty() {
        write_findings(out, &c.findings)?;
    }
    writeln!(
        out,
        "<pre class=\"clause-text\">{}</pre>",
        highlight(&c.text, &c.findings)
    )?;
    if c.diff.iter().any(|d| d.op != DiffOp::Equal) {
        write!(
            out,
            "<details class=\"diff\"><summary>{} (<del>{}</del> <ins>{}</ins>)</summary><pre class=\"clause-text\">",
            t("html.diff"),
            t("html.diff.model_only"),
            t("html.diff.clause_only")
        )?;
        for chunk in &c.diff {
            let text = escape(&chunk.text);
            match chunk.op {
                DiffOp::Insert => write!(out, "<ins>{text}</ins>")?,
                DiffOp::Delete => write!(out, "<del>{text}</del>")?,
                DiffOp::Equal => write!(out, "{text}")?,
            }
        }
        writeln!(out, "</pre></details>")?;
    }
    writeln!(out, "</section>")
}

/// Whether a heading already starts with its number ("4.5 …", "ARTICLE 4.5 - …").
fn states_number(heading: &str, number: &str) -> bool {
    let lower = heading.trim_start().to_lowercase();
    let rest = lower
        .strip_prefix("article")
        .map_or(lower.as_str(), str::trim_start);
    rest.starts_with(&number.to_lowercase())
}

fn write_parameters(out: &mut dyn Write, p: &Parameters) -> io::Result<()> {
    let mut rows: Vec<(&str, String)> = Vec::new();
    let sep = text("list.separator");
    if !p.hours.is_empty() {
        let hours: Vec<String> = p.hours.iter().map(|h| format!("{} h", int(*h))).collect();
        rows.push(("html.param.hours", hours.join(", ")));
    }
    if !p.lots.is_empty() {
        let lots: Vec<String> = p
            .lots
            .iter()
            .map(|l| msg!("html.lot_hours", lot = escape(&l.lot), hours = int(l.hours)))
            .collect();
        rows.push(("html.param.lots", lots.join(sep)));
    }
    if let Some(t) = p.total_hours {
        rows.push(("html.param.total", format!("{} h", int(t))));
    }
    if let Some(r) = p.percent_of_hours {
        rows.push(("html.param.percent", format!("{} %", num(r))));
    }
    if let Some(r) = &p.hours_ratio {
        rows.push((
            "html.param.ratio",
            match r.threshold_eur {
                Some(above) => msg!(
                    "html.ratio.above",
                    hours = num(r.hours),
                    per = num(r.per_eur),
                    above = num(above)
                ),
                None => msg!("html.ratio", hours = num(r.hours), per = num(r.per_eur)),
            },
        ));
    }
    if let Some(e) = p.penalty_per_hour_eur {
        rows.push((
            "html.param.penalty",
            msg!("html.penalty", amount = crate::base::typography::euros(e)),
        ));
    }
    if let Some(f) = &p.penalty_formula {
        rows.push(("html.param.formula", escape(f)));
    }
    if let Some(w) = p.award_weight_percent {
        rows.push(("html.param.weight", format!("{} %", num(w))));
    }
    if p.anru {
        rows.push(("html.param.anru", t("html.yes")));
    }
    if rows.is_empty() {
        return writeln!(out, "<p class=\"empty\">{}</p>", t("html.no_parameter"));
    }
    // A ratio or a percentage alone commits to no volume: "0 h retenues" would read as a flaw.
    if !p.hours.is_empty() || !p.lots.is_empty() || p.total_hours.is_some() {
        rows.push((
            "html.param.committed",
            format!("{} h", int(committed_hours(p))),
        ));
    }
    writeln!(out, "<table class=\"params\"><tbody>")?;
    for (label, value) in rows {
        writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{value}</td></tr>",
            t(label)
        )?;
    }
    writeln!(out, "</tbody></table>")
}

fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    writeln!(out, "<ul class=\"findings\">")?;
    for f in findings {
        // The label people read ("Élément manquant : pénalités"), the stable id beside it.
        let mut what = catalogue_label("rule", f.rule.as_str());
        let mut id = f.rule.as_str().to_string();
        if let Some(e) = f.element {
            what = format!(
                "{what}{}{}",
                colon(),
                catalogue_label("element", e.as_str())
            );
            id = format!("{id}/{}", e.as_str());
        } else if let Some(t) = &f.term {
            what = format!("{what}{}{t}", colon());
        }
        let detail = format!(" <span class=\"what\">{}</span>", escape(&what));
        let page = f
            .location
            .as_ref()
            .and_then(|l| l.page)
            .map_or(String::new(), |p| {
                format!(
                    " <span class=\"meta\">{}</span>",
                    msg!("html.page", page = p)
                )
            });
        write!(
            out,
            "<li class=\"finding sev-{}\"><span class=\"badge {}\">{}</span>{detail} <code class=\"rule\">{}</code>{page} <span class=\"message\">{}</span>",
            f.severity.as_str(),
            f.severity.as_str(),
            severity_label(f.severity),
            escape(&id),
            escape(&f.message)
        )?;
        if let Some(s) = &f.suggestion {
            write!(out, "<div class=\"suggestion\">→ {}</div>", escape(s))?;
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ul>")
}

/// The text quoted in a finding's message (« … » in French, “…” in English): the words the
/// finding is about.
fn quoted(message: &str) -> Option<&str> {
    let (open, close) = if message.contains('«') {
        ('«', '»')
    } else {
        ('“', '”')
    };
    let start = message.find(open)? + open.len_utf8();
    let end = start + message[start..].find(close)?;
    let quote = message[start..end].trim();
    (!quote.is_empty()).then_some(quote)
}

/// The escaped clause text with the quoted words of its located findings in `<mark>`.
///
/// A finding's byte range is relative to the whole document, whose clause offset the report
/// does not keep, so the words are found again in the clause text by their quote.
fn highlight(text: &str, findings: &[Finding]) -> String {
    let mut marks: Vec<(usize, usize, &Finding)> = Vec::new();
    for f in findings.iter().filter(|f| f.location.is_some()) {
        if let Some(quote) = quoted(&f.message) {
            for (at, m) in text.match_indices(quote) {
                marks.push((at, at + m.len(), f));
            }
        }
    }
    marks.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out = String::with_capacity(text.len() + marks.len() * 40);
    let mut pos = 0;
    for (start, end, f) in marks {
        // Overlapping quotes ("Pôle emploi" inside a longer quoted line) keep the first mark.
        if start < pos {
            continue;
        }
        out.push_str(&escape(&text[pos..start]));
        out.push_str(&format!(
            "<mark class=\"{}\" title=\"{}\">{}</mark>",
            f.severity.as_str(),
            f.rule.as_str(),
            escape(&text[start..end])
        ));
        pos = end;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

const CSS: &str = r#"
:root{--fg:#1d2939;--muted:#667085;--line:#d0d5dd;--bg:#fff;--soft:#f2f4f7;--error:#b42318;--error-bg:#fef3f2;--warning:#b54708;--warning-bg:#fffaeb;--info:#175cd3;--info-bg:#eff8ff;--ok:#067647;--ok-bg:#ecfdf3}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1200px;padding:24px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.7em;margin:0 0 16px}
h2{font-size:1.3em;margin:32px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:1.05em;margin:18px 0 6px}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em}
a{color:#1849a9}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:12px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:120px;background:var(--soft)}
.card .n{display:block;font-size:1.6em;font-weight:700;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted);font-size:.9em}
.card.wide{min-width:240px;border-color:#0e7490;background:#ecfdff}
.totals p{margin:6px 0}
.note{color:var(--muted);font-size:.85em}
.badge{display:inline-block;padding:0 8px;border-radius:999px;font-size:.8em;font-weight:600;line-height:1.7;white-space:nowrap;border:1px solid currentColor}
.badge.error{color:var(--error);background:var(--error-bg)}
.badge.warning{color:var(--warning);background:var(--warning-bg)}
.badge.info{color:var(--info);background:var(--info-bg)}
.badge.ok{color:var(--ok);background:var(--ok-bg)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px;margin-top:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:12px}
figcaption{font-weight:600;margin-bottom:6px}
svg .label{font-size:13px;fill:var(--fg)}
svg .count{font-size:13px;font-weight:600;fill:var(--fg)}
.scroll{overflow-x:auto}
table#documents{border-collapse:collapse;width:100%;font-size:.9em}
#documents th,#documents td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
#documents td.num,#documents th.num{text-align:right;font-variant-numeric:tabular-nums}
#documents thead th{position:sticky;top:0;background:var(--soft)}
#documents th{white-space:nowrap}
#documents th button{all:unset;cursor:pointer;font-weight:600}
#documents th button::after{content:" ↕";color:var(--muted)}
#documents th[aria-sort=ascending] button::after{content:" ▲";color:var(--fg)}
#documents th[aria-sort=descending] button::after{content:" ▼";color:var(--fg)}
#documents tbody tr:nth-child(even){background:#fafbfc}
#documents tbody tr:hover{background:#eef4ff}
#documents td:first-child{overflow-wrap:anywhere}
td.sev-zero{color:#98a2b3}
td.sev-error{color:var(--error);font-weight:700}
td.sev-warning{color:var(--warning);font-weight:600}
td.sev-info{color:var(--info)}
details.document{border:1px solid var(--line);border-radius:8px;margin:8px 0;background:var(--bg)}
details.document>summary{cursor:pointer;padding:8px 12px;background:var(--soft);border-radius:8px}
details.document[open]>summary{border-bottom:1px solid var(--line);border-radius:8px 8px 0 0}
details.document>summary .path{font-weight:600;overflow-wrap:anywhere}
h2 .tools{float:right;font-size:.65em;font-weight:normal}
h2 .tools button{font:inherit;padding:2px 10px;border:1px solid var(--line);border-radius:6px;background:var(--soft);cursor:pointer}
details.document .body{padding:4px 16px 12px}
.meta{color:var(--muted);font-size:.9em}
dl.facts{display:flex;flex-wrap:wrap;gap:4px 20px;margin:8px 0}
dl.facts div{display:flex;gap:6px}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0}
.problem{padding:6px 10px;border-radius:6px}
.problem.error{background:var(--error-bg)}
.problem.warning{background:var(--warning-bg)}
.clause{border-top:1px dashed var(--line);margin-top:12px}
table.params{border-collapse:collapse;margin:6px 0;font-size:.9em}
table.params th{text-align:left;font-weight:normal;color:var(--muted);padding:2px 16px 2px 0}
table.params td{padding:2px 0;font-variant-numeric:tabular-nums}
ul.findings{list-style:none;padding:0;margin:8px 0}
article.consultation{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:4px 16px 12px}
table.pieces,table.totals-table{border-collapse:collapse;margin:6px 0;font-size:.9em}
table.pieces th,table.pieces td,table.totals-table th,table.totals-table td{border-bottom:1px solid var(--line);padding:3px 10px 3px 0;text-align:left}
table.totals-table td.num,table.totals-table th.num{text-align:right;font-variant-numeric:tabular-nums}
ul.evidence{margin:4px 0 8px;padding-left:18px;font-size:.9em}
li.finding{padding:6px 10px;margin:4px 0;border-left:4px solid var(--line);background:var(--soft);border-radius:0 6px 6px 0}
li.sev-error{border-left-color:var(--error)}
li.sev-warning{border-left-color:var(--warning)}
li.sev-info{border-left-color:var(--info)}
code.rule{color:var(--muted);font-size:.85em}
.what{font-weight:600}
.suggestion{color:#344054;font-size:.92em;margin-top:2px}
pre.clause-text{white-space:pre-wrap;word-wrap:break-word;font:13px/1.5 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;background:#fcfcfd;border:1px solid var(--line);border-radius:6px;padding:10px 12px;max-height:28em;overflow:auto}
mark{padding:0 2px;border-radius:3px}
mark.error{background:#fecdca}
mark.warning{background:#fedf89}
mark.info{background:#b2ddff}
ins{background:var(--ok-bg);color:var(--ok);text-decoration:none}
del{background:var(--error-bg);color:var(--error)}
details.diff>summary{cursor:pointer;color:var(--muted);font-size:.9em}
.empty{color:var(--muted);font-style:italic}
.back{font-size:.85em;margin:12px 0 0}
@media print{
body{max-width:none;padding:0;font-size:11pt}
#documents th button::after,.back,h2 .tools{display:none}
#documents thead th{position:static}
pre.clause-text{max-height:none;overflow:visible}
details.document,.clause,figure,tr{break-inside:avoid}
a{color:inherit;text-decoration:none}
.badge,mark,td,.card,li.finding{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"#;

/// Sorting by header click; `#selftest` runs a sort on load so that a headless browser can
/// prove the script works (it writes the first path and the sorted hours on `<body>`).
const SCRIPT: &str = r##"
(function () {
  "use strict";
  var table = document.getElementById("documents");
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function value(row, i, numeric) {
    var cell = row.cells[i];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return numeric ? (parseFloat(v) || 0) : v;
  }
  function sortBy(th, direction) {
    var i = th.cellIndex, numeric = th.getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, i, numeric), y = value(b, i, numeric);
      var c = numeric ? x - y : x.localeCompare(y, "fr", { numeric: true, sensitivity: "base" });
      return direction === "ascending" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", direction);
  }
  headers.forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      sortBy(th, th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending");
    });
  });
  function openAll(open) {
    document.querySelectorAll("details.document").forEach(function (d) { d.open = open; });
  }
  document.getElementById("open-all").addEventListener("click", function () { openAll(true); });
  document.getElementById("close-all").addEventListener("click", function () { openAll(false); });
  // Closed <details> do not print; a printed report must show everything.
  window.addEventListener("beforeprint", function () { openAll(true); });
  if (location.hash === "#selftest") {
    var hours = table.querySelector('th[data-key="hours"]');
    sortBy(hours, "descending");
    var rows = Array.prototype.slice.call(body.rows);
    document.body.dataset.selftest = rows[0].getAttribute("data-path");
    document.body.dataset.selftestHours = rows.map(function (r) { return value(r, hours.cellIndex, true); }).join(",");
    document.body.dataset.selftestScripts = String(document.scripts.length);
  }
})();
"##;

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
