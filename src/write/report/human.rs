//! The report for a reviewer at a terminal: each clause with its kind, model, location and
//! figures, each finding with what to do, and the word-level diff against the model (coloured
//! when the output is a terminal).

use crate::base::error::Code;
use crate::base::i18n::text;
use crate::base::typography::{colon, date, euros, integer, number};
use crate::find::params::Parameters;
use crate::judge::rules::{DiffChunk, DiffOp, Finding};
use crate::judge::verdict::{ClauseReport, DocumentReport, Summary};
use crate::template::Severity;
use crate::{msg, msg_n};
use std::io::{self, Write};
use std::time::Duration;

/// How much of the difference from the model `check` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DiffMode {
    /// Nothing.
    #[default]
    None,
    /// The first differing sentences, each side cut to a few lines, with a count of the rest.
    Short,
    /// Every differing sentence, whole.
    Full,
}

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// ANSI colours (only on a terminal).
    pub color: bool,
    /// How much of the difference from the model to print.
    pub diff: DiffMode,
    /// Width lines are wrapped to.
    pub width: usize,
    /// Show the raw cause (library or system message) of a file's problems.
    pub verbose: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            diff: DiffMode::None,
            width: 100,
            verbose: false,
        }
    }
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

/// The label people read for a stable id (`kind.execution_condition` → "Condition
/// d'exécution"), or the id itself if the catalogue has none.
fn label(prefix: &str, id: &str) -> String {
    let key = format!("{prefix}.{id}");
    let found = text(&key);
    if found == key {
        id.to_string()
    } else {
        found.to_string()
    }
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
            "{path} [{}]{}{}",
            w.code,
            colon(),
            problem_text(w, style)
        )?;
    }
    // A plan or a photo: its note above is all there is to say.
    if report.is_skipped() {
        return Ok(());
    }
    if let Some(problem) = &report.error {
        writeln!(
            out,
            "{path} [{}]{}{}{}{}",
            problem.code,
            colon(),
            text("doc.error"),
            colon(),
            problem_text(problem, style)
        )?;
        return Ok(());
    }
    let dated = report.date.map_or(String::new(), |d| {
        format!(", {}", msg!("doc.dated", date = date(d)))
    });
    let role = report.role.map_or(String::new(), |r| {
        format!(", {}", label("role", r.as_str()))
    });
    let declared = report.clauses.iter().filter(|c| c.declared).count();
    writeln!(
        out,
        "{} ({}{role}{dated}){}{} · {}",
        style.paint("1", path),
        report.format.as_deref().unwrap_or("?"),
        colon(),
        msg_n!("doc.clauses", declared),
        report.considerations_shown(", ")
    )?;
    for (i, clause) in report.clauses.iter().enumerate() {
        write_clause(out, i + 1, clause, style)?;
    }
    for finding in &report.findings {
        write_finding(out, "  ", finding, style)?;
    }
    writeln!(out)
}

/// Our sentence for a file's problem (what happened, what to do); the reader's own message
/// only with `--verbose`.
fn problem_text(problem: &crate::base::error::Problem, style: Style) -> String {
    let ours = problem.code.explain();
    if style.verbose && !problem.message.is_empty() {
        let cause = printable(&problem.message);
        format!("{ours} ({})", msg!("doc.cause", cause = cause))
    } else {
        ours.to_string()
    }
}

fn place(page: Option<u32>, section: Option<&str>) -> String {
    let section = section.map_or_else(|| text("doc.no_heading").to_string(), str::to_string);
    match page {
        Some(p) => format!("{}, {section}", msg!("doc.page", page = p)),
        None => section,
    }
}

fn write_clause(out: &mut dyn Write, n: usize, c: &ClauseReport, style: Style) -> io::Result<()> {
    if !c.declared {
        return writeln!(
            out,
            "\n  {} {} — {}{}« {} » ({})",
            style.paint("1", &format!("#{n}")),
            style.paint("1;36", &label("kind", c.kind.as_str())),
            place(c.page, c.section.as_deref()),
            colon(),
            c.text.replace('\n', " "),
            text("doc.declared_absent")
        );
    }
    let form = match c.form {
        crate::find::clause::Form::Clause => String::new(),
        other => format!(", {}", label("form", other.as_str())),
    };
    let lots = c.lots_covered.as_ref().map_or(String::new(), |l| {
        format!(" — {}", msg!("doc.lots", lots = l.join(", ")))
    });
    // A notice's field has no page or heading: the codes that say it are its place.
    let at = if c.form == crate::find::clause::Form::Flag {
        msg!("doc.notice_fields", codes = c.text)
    } else {
        place(c.page, c.section.as_deref())
    };
    writeln!(
        out,
        "\n  {} {} [{}{form}] — {at}{lots}",
        style.paint("1", &format!("#{n}")),
        style.paint("1;36", &label("kind", c.kind.as_str())),
        c.template,
    )?;
    for linked in &c.linked {
        let at = place(linked.page, linked.section.as_deref());
        writeln!(out, "     {}", msg!("doc.linked", where = at))?;
    }
    let params = describe(&c.parameters);
    if !params.is_empty() {
        writeln!(out, "     {params}")?;
    }
    if c.form != crate::find::clause::Form::Flag {
        writeln!(
            out,
            "     {}",
            msg!("doc.similarity", value = number(c.similarity, 2))
        )?;
    }
    for finding in &c.findings {
        write_finding(out, "     ", finding, style)?;
    }
    if style.diff != DiffMode::None && !c.diff.is_empty() {
        write_diff(out, &c.diff, style)?;
    }
    Ok(())
}

fn write_finding(out: &mut dyn Write, indent: &str, f: &Finding, style: Style) -> io::Result<()> {
    let (code, severity) = match f.severity {
        Severity::Error => ("1;31", text("severity.error")),
        Severity::Warning => ("1;33", text("severity.warning")),
        Severity::Info => ("1;34", text("severity.info")),
    };
    let rule = f.rule.as_str();
    // "Élément manquant : pénalités", "Terme périmé : Pôle emploi".
    let mut what = label("rule", rule);
    let mut id = rule.to_string();
    if let Some(e) = f.element {
        what = format!("{what}{}{}", colon(), label("element", e.as_str()));
        id = format!("{id}/{}", e.as_str());
    } else if let Some(t) = &f.term {
        what = format!("{what}{}{t}", colon());
    }
    let at = f
        .location
        .as_ref()
        .and_then(|l| l.page)
        .map_or(String::new(), |p| {
            format!(" ({})", msg!("doc.page", page = p))
        });
    writeln!(
        out,
        "{indent}{} · {what}{at}  [{id}]",
        style.paint(code, severity),
    )?;
    let inner = format!("{indent}  ");
    for line in wrap(&f.message, style.width.saturating_sub(inner.len()).max(30)) {
        writeln!(out, "{inner}{line}")?;
    }
    if let Some(s) = &f.suggestion {
        let lines = wrap(s, style.width.saturating_sub(inner.len() + 2).max(30));
        for (i, line) in lines.iter().enumerate() {
            let mark = if i == 0 { "→ " } else { "  " };
            writeln!(out, "{inner}{mark}{line}")?;
        }
    }
    Ok(())
}

/// Greedy word wrap to `width` characters.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// One passage of the clause (a sentence, or a line), as the model writes it and as the
/// clause does, each word marked when it is only on that side.
#[derive(Default)]
struct Passage {
    model: Vec<(String, bool)>,
    clause: Vec<(String, bool)>,
    changed: bool,
}

/// Cuts the word diff into passages at sentence ends and line breaks of the common text.
fn passages(diff: &[DiffChunk]) -> Vec<Passage> {
    let mut all = Vec::new();
    let mut current = Passage::default();
    for chunk in diff {
        let equal = chunk.op == DiffOp::Equal;
        for piece in chunk.text.split_inclusive(['\n', '.', ';']) {
            for word in piece.split_whitespace() {
                match chunk.op {
                    DiffOp::Insert => current.clause.push((word.to_string(), true)),
                    DiffOp::Delete => current.model.push((word.to_string(), true)),
                    DiffOp::Equal => {
                        current.model.push((word.to_string(), false));
                        current.clause.push((word.to_string(), false));
                    }
                }
            }
            current.changed |= !equal && !piece.trim().is_empty();
            let ends =
                piece.ends_with('\n') || ((piece.ends_with('.') || piece.ends_with(';')) && equal);
            if ends && !(current.model.is_empty() && current.clause.is_empty()) {
                all.push(std::mem::take(&mut current));
            }
        }
    }
    if !(current.model.is_empty() && current.clause.is_empty()) {
        all.push(current);
    }
    all
}

/// The lines of one side of a passage, wrapped; each run of words only on that side is marked
/// once ("[-…-]" or "{+…+}", or in colour), so that a rewritten sentence reads as a sentence.
fn side(words: &[(String, bool)], width: usize, style: Style, insert: bool) -> Vec<String> {
    let mut lines: Vec<Vec<&(String, bool)>> = Vec::new();
    let mut line: Vec<&(String, bool)> = Vec::new();
    let mut len = 0;
    for word in words {
        // A marked run opens with two characters and closes with two, without colour.
        let cost = |line: &[&(String, bool)]| {
            let starts_run = word.1 && line.last().is_none_or(|w| !w.1);
            word.0.chars().count() + if starts_run && !style.color { 4 } else { 0 }
        };
        let mut n = cost(&line);
        if len > 0 && len + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
            n = cost(&line);
        }
        len += n + usize::from(len > 0);
        line.push(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let (open, close, colour) = if insert {
        ("{+", "+}", "32")
    } else {
        ("[-", "-]", "31")
    };
    lines
        .into_iter()
        .map(|line| {
            let mut out = String::new();
            let mut i = 0;
            while i < line.len() {
                let marked = line[i].1;
                let run_end = line[i..]
                    .iter()
                    .position(|w| w.1 != marked)
                    .map_or(line.len(), |p| i + p);
                let run: Vec<&str> = line[i..run_end].iter().map(|w| w.0.as_str()).collect();
                let run = run.join(" ");
                if !out.is_empty() {
                    out.push(' ');
                }
                match (marked, style.color) {
                    (false, _) => out.push_str(&run),
                    (true, true) => out.push_str(&style.paint(colour, &run)),
                    (true, false) => out.push_str(&format!("{open}{run}{close}")),
                }
                i = run_end;
            }
            out
        })
        .collect()
}

/// The difference from the model, passage by passage: the model's wording ("−") above the
/// clause's ("+"), wrapped to the terminal; in short mode the first passages, each side cut
/// to a few lines, and a count of what is left.
fn write_diff(out: &mut dyn Write, diff: &[DiffChunk], style: Style) -> io::Result<()> {
    const SHORT_PASSAGES: usize = 4;
    const SHORT_LINES: usize = 3;
    let changed: Vec<Passage> = passages(diff).into_iter().filter(|p| p.changed).collect();
    if changed.is_empty() {
        return Ok(());
    }
    writeln!(out, "     {}", text("check.diff.title"))?;
    let indent = "         ";
    // Room for the " …" of a cut side.
    let width = style.width.saturating_sub(indent.len() + 2).max(30);
    let shown = match style.diff {
        DiffMode::Short => changed.len().min(SHORT_PASSAGES),
        _ => changed.len(),
    };
    for passage in &changed[..shown] {
        for (mark, words, insert) in [("−", &passage.model, false), ("+", &passage.clause, true)]
        {
            let mut lines = side(words, width, style, insert);
            if lines.is_empty() {
                lines.push("∅".to_string());
            }
            if style.diff == DiffMode::Short && lines.len() > SHORT_LINES {
                lines.truncate(SHORT_LINES);
                lines[SHORT_LINES - 1].push_str(" …");
            }
            for (i, line) in lines.iter().enumerate() {
                let lead = if i == 0 { mark } else { " " };
                writeln!(out, "       {lead} {line}")?;
            }
        }
        writeln!(out)?;
    }
    let left = changed.len() - shown;
    if left > 0 {
        writeln!(out, "       {}", msg_n!("check.diff.more", left))?;
    }
    Ok(())
}

/// "lot 01 : 310 h · 5 % des heures · pénalité 60 €/h · ANRU".
pub fn describe(p: &Parameters) -> String {
    let mut parts = Vec::new();
    if !p.lots.is_empty() {
        let lots: Vec<String> = p
            .lots
            .iter()
            .map(|l| msg!("params.lot", lot = l.lot, hours = integer(l.hours)))
            .collect();
        parts.push(lots.join(", "));
    } else if !p.hours.is_empty() {
        let hours: Vec<String> = p
            .hours
            .iter()
            .map(|h| msg!("params.hours", hours = integer(*h)))
            .collect();
        parts.push(hours.join(", "));
    }
    if let Some(t) = p.total_hours {
        parts.push(msg!("params.total", hours = integer(t)));
    }
    if let Some(r) = p.percent_of_hours {
        parts.push(msg!("params.percent", value = number(r, 2)));
    }
    if let Some(r) = &p.hours_ratio {
        parts.push(msg!(
            "params.ratio",
            hours = number(r.hours, 2),
            amount = euros(r.per_eur)
        ));
        if let Some(t) = r.threshold_eur {
            parts.push(msg!("params.ratio_threshold", amount = euros(t)));
        }
    }
    if let Some(e) = p.penalty_per_hour_eur {
        parts.push(msg!("params.penalty", amount = euros(e)));
    }
    if let Some(w) = p.award_weight_percent {
        parts.push(msg!("params.weight", value = number(w, 2)));
    }
    if p.anru {
        parts.push(text("params.anru").to_string());
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
    if let Some(note) = summary.interruption() {
        writeln!(out, "{note}")?;
    }
    writeln!(
        out,
        "{}",
        msg!(
            "summary.documents",
            documents = msg_n!("summary.count.documents", summary.documents),
            read = msg_n!("summary.count.read", summary.ok),
            unreadable = msg_n!("summary.count.unreadable", summary.errors),
            with_clauses = msg_n!("summary.count.with_clauses", summary.with_clauses)
        )
    )?;
    writeln!(
        out,
        "{}",
        msg!(
            "summary.social",
            unknown = msg_n!("summary.count.unknown", summary.unknown),
            none = msg_n!("summary.count.none", summary.no_social_consideration)
        )
    )?;
    if summary.skipped > 0 {
        writeln!(out, "{}", msg_n!("summary.skipped", summary.skipped))?;
    }
    if summary.ocr_pages > 0 {
        writeln!(out, "{}", msg!("summary.ocr_pages", n = summary.ocr_pages))?;
    }
    if !summary.clauses_by_kind.is_empty() {
        let kinds: Vec<String> = summary
            .clauses_by_kind
            .iter()
            .map(|(k, n)| format!("{} {}", label("kind", k), integer(*n as u64)))
            .collect();
        writeln!(out, "{}", msg!("summary.clauses", kinds = kinds.join(", ")))?;
    }
    writeln!(
        out,
        "{}",
        msg!(
            "summary.findings",
            error = msg_n!("summary.count.error", summary.findings.error),
            warning = msg_n!("summary.count.warning", summary.findings.warning),
            info = msg_n!("summary.count.info", summary.findings.info)
        )
    )?;
    if !summary.findings_by_rule.is_empty() {
        let rules: Vec<String> = summary
            .findings_by_rule
            .iter()
            .map(|(k, n)| format!("{} [{k}] {}", label("rule", k), integer(*n as u64)))
            .collect();
        writeln!(out, "{}", msg!("summary.by_rule", rules = rules.join(", ")))?;
    }
    if !summary.errors_by_code.is_empty() {
        let codes: Vec<String> = summary
            .errors_by_code
            .iter()
            .map(|(k, n)| {
                let label = Code::from_id(k).map_or_else(|| k.clone(), |c| c.label().to_string());
                format!("{label} {}", integer(*n as u64))
            })
            .collect();
        writeln!(
            out,
            "{}",
            msg!("summary.unreadable", codes = codes.join(", "))
        )?;
    }
    let secs = elapsed.as_secs_f64().max(1e-9);
    writeln!(
        out,
        "{}",
        msg!(
            "summary.elapsed",
            secs = number(secs, 2),
            docs = number(summary.documents as f64 / secs, 1),
            pages = number(pages as f64 / secs, 1)
        )
    )
}

/// Writes one consultation's report: its identity, its pieces with their roles, each
/// consolidated clause with the pieces that speak of it, and the findings across pieces.
pub fn write_consultation(
    out: &mut dyn Write,
    c: &crate::judge::consultation::ConsultationReport,
    style: Style,
) -> io::Result<()> {
    use crate::judge::consultation::{piece_label, ConsultationFinding};
    writeln!(
        out,
        "{}",
        style.paint(
            "1;35",
            &msg!("consultation.title", path = printable(&c.path))
        )
    )?;
    // The verdict first, never milder than the pieces.
    writeln!(out, "  {}", c.verdict.shown())?;
    let mut identity: Vec<String> = Vec::new();
    if let Some(r) = &c.reference {
        identity.push(format!("n° {}", printable(r)));
    }
    if let Some(b) = &c.buyer {
        identity.push(printable(b).into_owned());
    }
    if let Some(o) = &c.object {
        identity.push(printable(o).into_owned());
    }
    if !identity.is_empty() {
        writeln!(out, "  {}", identity.join(" — "))?;
    }
    let mut facts: Vec<String> = Vec::new();
    if let (Some(d), Some(s)) = (c.launch_date, c.launch_date_source) {
        let source = serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        facts.push(msg!(
            "consultation.launch",
            date = date(d),
            source = label("launch", &source)
        ));
    }
    if let Some(a) = c.estimated_amount_eur {
        facts.push(msg!(
            "consultation.amount",
            amount = format!("{} €", euros(a))
        ));
    }
    if let Some(n) = c.nature {
        facts.push(label("nature", n.as_str()));
    }
    if let Some(b) = c.buyer_category {
        facts.push(label("buyer", b.as_str()));
    }
    if c.defence {
        facts.push(text("defence.out_of_scope").to_string());
    }
    if !facts.is_empty() {
        writeln!(out, "  {}", facts.join(" · "))?;
    }
    // Pieces are named inside the consultation: "DCE/ae.docx", not the whole path again.
    let inside = |path: &str| -> String {
        let prefix = format!("{}/", c.path);
        printable(path.strip_prefix(&prefix).unwrap_or(path)).into_owned()
    };
    let pieces: Vec<String> = c
        .pieces
        .iter()
        .map(|p| {
            let role = p
                .role
                .map_or_else(|| "?".to_string(), |r| label("role", r.as_str()));
            format!("{} ({role})", inside(&p.path))
        })
        .collect();
    writeln!(
        out,
        "  {}",
        msg!("consultation.pieces", pieces = pieces.join(", "))
    )?;
    let considerations = c
        .considerations_sociales
        .as_ref()
        .map_or(msg!("considerations.unknown"), |v| {
            crate::judge::verdict::considerations_shown(v, ", ")
        });
    writeln!(
        out,
        "  {considerations} · {}",
        msg!("consultation.hours", hours = integer(c.hours_committed))
    )?;
    if c.clauses.is_empty() {
        writeln!(out, "  {}", text("consultation.no_clause"))?;
    }
    for (i, clause) in c.clauses.iter().enumerate() {
        let form = match clause.form {
            crate::find::clause::Form::Clause => String::new(),
            other => format!(", {}", label("form", other.as_str())),
        };
        let lots = clause.lots_covered.as_ref().map_or(String::new(), |l| {
            format!(" — {}", msg!("doc.lots", lots = l.join(", ")))
        });
        writeln!(
            out,
            "\n  {} {} [{}{form}]{lots}",
            style.paint("1", &format!("#{}", i + 1)),
            style.paint("1;36", &label("kind", clause.kind.as_str())),
            clause.template,
        )?;
        let params = describe(&clause.parameters);
        if !params.is_empty() {
            writeln!(out, "     {params}")?;
        }
        for e in &clause.evidence {
            writeln!(
                out,
                "     {}",
                msg!(
                    "consultation.evidence",
                    piece = inside(&e.path),
                    role = e
                        .role
                        .map_or_else(|| "?".to_string(), |r| label("role", r.as_str())),
                    form = label("form", e.form.as_str()),
                    place = place(e.page, e.section.as_deref())
                )
            )?;
        }
    }
    if !c.findings.is_empty() {
        writeln!(out)?;
    }
    for f in &c.findings {
        let ConsultationFinding {
            rule,
            severity,
            element,
            message,
            suggestion,
            evidence,
        } = f.clone();
        let finding = crate::judge::rules::Finding {
            element,
            suggestion,
            ..crate::judge::rules::Finding::new(rule, severity, message)
        };
        write_finding(out, "  ", &finding, style)?;
        if !evidence.is_empty() {
            let names: Vec<String> = evidence
                .iter()
                .map(|e| printable(&piece_label(e, true)).into_owned())
                .collect();
            writeln!(
                out,
                "    {}",
                msg!("consultation.findings_on", pieces = names.join(", "))
            )?;
        }
    }
    writeln!(out)
}

/// One line for the consultations of a run, before the documents' summary: how many, and
/// their findings across pieces by severity.
pub fn write_consultations_summary(
    out: &mut dyn Write,
    consultations: &[crate::judge::consultation::ConsultationReport],
) -> io::Result<()> {
    let count = |s: Severity| {
        consultations
            .iter()
            .flat_map(|c| &c.findings)
            .filter(|f| f.severity == s)
            .count()
    };
    writeln!(
        out,
        "{}",
        msg!(
            "summary.consultations",
            consultations = msg_n!("summary.count.consultations", consultations.len()),
            error = msg_n!("summary.count.error", count(Severity::Error)),
            warning = msg_n!("summary.count.warning", count(Severity::Warning)),
            info = msg_n!("summary.count.info", count(Severity::Info))
        )
    )
}
