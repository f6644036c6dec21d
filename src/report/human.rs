//! The report for a reviewer at a terminal: each clause with its kind, model, location and
//! figures, each finding with what to do, and the word-level diff against the model (coloured
//! when the output is a terminal).

use super::{ClauseReport, DocumentReport, Summary};
use crate::check::Finding;
use crate::params::Parameters;
use crate::template::Severity;
use std::io::{self, Write};
use std::time::Duration;

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// ANSI colours (only on a terminal).
    pub color: bool,
    /// Print the word diff against the model.
    pub diff: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// `s` with its control characters escaped (`\u{1b}`), so that a file named with an escape
/// sequence cannot drive the terminal it is printed on.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Writes one document's report.
pub fn write_document(
    out: &mut dyn Write,
    report: &DocumentReport,
    style: Style,
) -> io::Result<()> {
    let path = &printable(&report.path);
    for w in &report.warnings {
        writeln!(
            out,
            "warning[{}]: {path}: {}",
            w.code,
            printable(&w.message)
        )?;
    }
    if let Some(problem) = &report.error {
        writeln!(
            out,
            "error[{}]: {path}: {}",
            problem.code,
            printable(&problem.message)
        )?;
        return Ok(());
    }
    let date = report
        .date
        .map_or(String::new(), |d| format!(", dated {d}"));
    let role = report
        .role
        .map_or(String::new(), |r| format!(", {}", r.as_str()));
    let declared = report.clauses.iter().filter(|c| c.declared).count();
    writeln!(
        out,
        "{} ({}{role}{date}): {} clause{} · {}",
        style.paint("1", path),
        report.format.as_deref().unwrap_or("?"),
        declared,
        if declared == 1 { "" } else { "s" },
        report.considerations_label(", ")
    )?;
    for (i, clause) in report.clauses.iter().enumerate() {
        write_clause(out, i + 1, clause, style)?;
    }
    for finding in &report.findings {
        write_finding(out, "  ", finding, style)?;
    }
    writeln!(out)
}

fn write_clause(out: &mut dyn Write, n: usize, c: &ClauseReport, style: Style) -> io::Result<()> {
    let page = c.page.map_or(String::new(), |p| format!("page {p}, "));
    let section = c.section.as_deref().unwrap_or("(no heading)");
    if !c.declared {
        return writeln!(
            out,
            "\n  {} {} — {page}{section}: « {} » (déclaré absent)",
            style.paint("1", &format!("#{n}")),
            style.paint("1;36", c.kind.as_str()),
            c.text.replace('\n', " ")
        );
    }
    let form = match c.form {
        crate::form::Form::Clause => String::new(),
        other => format!(", {}", other.as_str()),
    };
    let lots = c
        .lots_covered
        .as_ref()
        .map_or(String::new(), |l| format!(" — lots {}", l.join(", ")));
    writeln!(
        out,
        "\n  {} {} ({}{form}) — {page}{section}{lots}",
        style.paint("1", &format!("#{n}")),
        style.paint("1;36", c.kind.as_str()),
        c.template
    )?;
    for linked in &c.linked {
        writeln!(
            out,
            "     + linked: {}{}",
            linked.page.map_or(String::new(), |p| format!("page {p}, ")),
            linked.section.as_deref().unwrap_or("(no heading)")
        )?;
    }
    let params = describe(&c.parameters);
    if !params.is_empty() {
        writeln!(out, "     {params}")?;
    }
    writeln!(out, "     similarity to the model: {:.2}", c.similarity)?;
    for finding in &c.findings {
        write_finding(out, "     ", finding, style)?;
    }
    if style.diff && !c.diff.is_empty() {
        writeln!(
            out,
            "     diff against the model ([-model only-] {{+clause only+}}):"
        )?;
        let mut line = String::from("       ");
        for chunk in &c.diff {
            let text = chunk.text.replace('\n', " ");
            let piece = match chunk.op.as_str() {
                "insert" if style.color => style.paint("32", &text),
                "delete" if style.color => style.paint("31;9", &text),
                "insert" => format!("{{+{text}+}}"),
                "delete" => format!("[-{text}-]"),
                _ => text,
            };
            line.push_str(&piece);
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_finding(out: &mut dyn Write, indent: &str, f: &Finding, style: Style) -> io::Result<()> {
    let (code, label) = match f.severity {
        Severity::Error => ("1;31", "error"),
        Severity::Warning => ("1;33", "warning"),
        Severity::Info => ("1;34", "info"),
    };
    let detail = f
        .element
        .map(|e| format!("/{}", e.as_str()))
        .or_else(|| f.term.as_ref().map(|t| format!("/{t}")))
        .unwrap_or_default();
    let at = f
        .location
        .as_ref()
        .and_then(|l| l.page)
        .map_or(String::new(), |p| format!(" (page {p})"));
    writeln!(
        out,
        "{indent}{}[{}{detail}]{at}: {}",
        style.paint(code, label),
        f.rule.as_str(),
        f.message
    )?;
    if let Some(s) = &f.suggestion {
        writeln!(out, "{indent}  → {s}")?;
    }
    Ok(())
}

/// "hours 460, 1 050 · 5 % of hours · penalty 60 €/h · ANRU".
fn describe(p: &Parameters) -> String {
    let mut parts = Vec::new();
    if !p.lots.is_empty() {
        let lots: Vec<String> = p
            .lots
            .iter()
            .map(|l| format!("lot {}: {} h", l.lot, l.hours))
            .collect();
        parts.push(lots.join(", "));
    } else if !p.hours.is_empty() {
        let hours: Vec<String> = p.hours.iter().map(|h| h.to_string()).collect();
        parts.push(format!("hours {}", hours.join(", ")));
    }
    if let Some(t) = p.total_hours {
        parts.push(format!("total {t} h"));
    }
    if let Some(r) = p.percent_of_hours {
        parts.push(format!("{r} % of hours"));
    }
    if let Some(r) = &p.hours_ratio {
        parts.push(format!("{} h per {} €", r.hours, r.per_eur));
    }
    if let Some(e) = p.penalty_per_hour_eur {
        parts.push(format!("penalty {e} €/h"));
    }
    if let Some(w) = p.award_weight_percent {
        parts.push(format!("weight {w} %"));
    }
    if p.anru {
        parts.push("ANRU".into());
    }
    parts.join(" · ")
}

/// Writes the totals of a run.
pub fn write_summary(
    out: &mut dyn Write,
    summary: &Summary,
    elapsed: Duration,
    pages: u64,
) -> io::Result<()> {
    writeln!(
        out,
        "{} documents: {} read, {} unreadable, {} with clauses",
        summary.documents, summary.ok, summary.errors, summary.with_clauses
    )?;
    writeln!(
        out,
        "considérations sociales : {} inconnues (texte non lu), {} sans",
        summary.unknown, summary.no_social_consideration
    )?;
    if !summary.clauses_by_kind.is_empty() {
        let kinds: Vec<String> = summary
            .clauses_by_kind
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(out, "clauses: {}", kinds.join(", "))?;
    }
    writeln!(
        out,
        "findings: {} error, {} warning, {} info",
        summary.findings.error, summary.findings.warning, summary.findings.info
    )?;
    if !summary.findings_by_rule.is_empty() {
        let rules: Vec<String> = summary
            .findings_by_rule
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(out, "  by rule: {}", rules.join(", "))?;
    }
    if !summary.errors_by_code.is_empty() {
        let codes: Vec<String> = summary
            .errors_by_code
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(out, "unreadable: {}", codes.join(", "))?;
    }
    let secs = elapsed.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "elapsed {:.2} s · {:.1} documents/s · {:.1} pages/s",
        secs,
        summary.documents as f64 / secs,
        pages as f64 / secs
    )
}
