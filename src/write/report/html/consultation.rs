//! The consultation blocks of the HTML report: each DCE's verdict first (pieces, clauses and
//! the piece that sets them, findings, the L2112-2-1 judgement), then the totals over all.

use super::*;

/// Each consultation: its identity, its pieces and their roles, its consolidated clauses with
/// the pieces that speak of them, and its findings across pieces.
pub(super) fn write_consultations(
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
        // The verdict first, never milder than the pieces.
        let worst = c.verdict.worst.map_or("ok", |s| s.as_str());
        writeln!(
            out,
            "<p class=\"verdict sev-{worst}\">{}</p>",
            escape(&c.verdict.shown())
        )?;
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
                "<h4>{} <span class=\"meta\" title=\"{}\">{}</span></h4>",
                escape(kind_label(clause.kind.as_str())),
                escape(&clause.template),
                escape(&form_label(clause.form))
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
                    escape(&form_label(e.form)),
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
                    "<li class=\"finding sev-{}\" data-rule=\"{}\"><span class=\"badge {}\">{}</span> <span class=\"what\">{}</span> <span class=\"message\">{}</span>",
                    f.severity.as_str(),
                    escape(&rule_id(f.rule, f.element)),
                    f.severity.as_str(),
                    severity_label(f.severity),
                    escape(&rule_what(f.rule, f.element, None)),
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
pub(super) fn has_social_consideration(c: &ConsultationReport) -> Option<bool> {
    c.considerations_sociales
        .as_ref()
        .map(|v| v.iter().any(|s| s != NO_SOCIAL_CONSIDERATION))
}

/// What a facilitator or an observatory asks for: insertion hours committed by buyer and by
/// year of launch, and the share of consultations with a social consideration (the PNAD
/// indicator), as tables and bar charts.
pub(super) fn write_consultation_totals(
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
