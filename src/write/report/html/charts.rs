//! The statistics of the HTML report's header: bar charts of clauses by kind, findings by
//! rule and documents by social consideration, drawn as plain HTML.

use super::*;

pub(super) fn write_charts(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
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
pub(super) fn bar_chart(
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
