//! One document of the HTML report: its row in the table, its block with each clause (text
//! with the findings highlighted, figures, findings with what to do).

use super::*;

pub(super) fn write_table(out: &mut dyn Write, documents: &[DocumentReport]) -> io::Result<()> {
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
                "<td data-sort=\"{code}\"><span class=\"badge error\" title=\"{}\" data-code=\"{code}\">{}</span></td>",
                escape(&p.message),
                escape(p.code.label()),
                code = escape(p.code.as_str())
            )?,
            None => {
                write!(out, "<td data-sort=\"ok\"><span class=\"badge ok\">ok</span>")?;
                for w in &doc.warnings {
                    write!(
                        out,
                        " <span class=\"badge warning\" title=\"{}\" data-code=\"{}\">{}</span>",
                        escape(&w.message),
                        escape(w.code.as_str()),
                        escape(w.code.label())
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

pub(super) fn write_document(
    out: &mut dyn Write,
    n: usize,
    doc: &DocumentReport,
) -> io::Result<()> {
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
            "<span class=\"badge error\" data-code=\"{}\">{}</span>",
            escape(p.code.as_str()),
            escape(p.code.label())
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
                "{} ({})",
                escape(&catalogue_label("role", role.as_str())),
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
            "<p class=\"problem {class}\"><span class=\"badge {class}\" title=\"{}\" data-code=\"{}\">{}</span> {}</p>",
            escape(&p.message),
            escape(p.code.as_str()),
            escape(p.code.label()),
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

pub(super) fn write_clause(
    out: &mut dyn Write,
    doc: usize,
    n: usize,
    c: &ClauseReport,
) -> io::Result<()> {
    let kind = c.kind.as_str();
    writeln!(
        out,
        "<section class=\"clause\" id=\"doc-{doc}-clause-{n}\" data-kind=\"{kind}\">"
    )?;
    let form = if c.declared {
        crate::base::i18n::lookup(&format!("form.{}", c.form.as_str())).unwrap_or(c.form.as_str())
    } else {
        text("html.declared_absent")
    };
    writeln!(
        out,
        "<h3>{} — {} <small>{}</small></h3>",
        msg!("html.clause_n", n = n),
        escape(kind_label(kind)),
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
pub(super) fn states_number(heading: &str, number: &str) -> bool {
    let lower = heading.trim_start().to_lowercase();
    let rest = lower
        .strip_prefix("article")
        .map_or(lower.as_str(), str::trim_start);
    rest.starts_with(&number.to_lowercase())
}

pub(super) fn write_parameters(out: &mut dyn Write, p: &Parameters) -> io::Result<()> {
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

pub(super) fn write_findings(out: &mut dyn Write, findings: &[Finding]) -> io::Result<()> {
    writeln!(out, "<ul class=\"findings\">")?;
    for f in findings {
        // The label people read ("Élément manquant : pénalités"); the stable id is an
        // attribute, for tools and tooltips, never text a reader has to decode.
        let what = rule_what(f.rule, f.element, f.term.as_deref());
        let id = rule_id(f.rule, f.element);
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
            "<li class=\"finding sev-{}\" data-rule=\"{}\"><span class=\"badge {}\">{}</span>{detail}{page} <span class=\"message\">{}</span>",
            f.severity.as_str(),
            escape(&id),
            f.severity.as_str(),
            severity_label(f.severity),
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
pub(super) fn quoted(message: &str) -> Option<&str> {
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
pub(super) fn highlight(text: &str, findings: &[Finding]) -> String {
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
