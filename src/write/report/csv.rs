//! CSV for spreadsheets: one row per clause, and one row per document without clause or with
//! an error, with the main parameters and finding counts. French spreadsheets expect `;` and a
//! UTF-8 byte-order mark: both are options.

use crate::judge::consultation::ConsultationReport;
use crate::judge::rules::Finding;
use crate::judge::verdict::DocumentReport;
use crate::template::Severity;
use std::io::{self, Write};

/// CSV options.
#[derive(Debug, Clone, Copy)]
pub struct CsvOptions {
    pub delimiter: u8,
    /// Start with a UTF-8 BOM so that Excel reads accents right.
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            bom: false,
        }
    }
}

const HEADER: [&str; 27] = [
    "path",
    "format",
    "status",
    "error_code",
    "warning_codes",
    "considerations_sociales",
    "clause",
    "kind",
    "template",
    "page",
    "section",
    "hours",
    "total_hours",
    "percent_of_hours",
    "hours_ratio",
    "penalty_per_hour_eur",
    "award_weight_percent",
    "lots",
    "anru",
    "errors",
    "warnings",
    "rules",
    "role",
    "form",
    "declared",
    "lots_covered",
    "role_evidence",
];

/// Writes CSV rows as documents arrive.
pub struct CsvWriter<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the file: BOM if asked, then the header row.
    pub fn new(mut out: W, options: CsvOptions) -> io::Result<Self> {
        if options.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut csv = csv::WriterBuilder::new()
            .delimiter(options.delimiter)
            .from_writer(out);
        csv.write_record(HEADER).map_err(io::Error::other)?;
        Ok(CsvWriter { csv })
    }

    /// Writes the rows of one document.
    pub fn write(&mut self, d: &DocumentReport) -> io::Result<()> {
        let base = [
            d.path.clone(),
            d.format.clone().unwrap_or_default(),
            d.status.clone(),
            d.error
                .as_ref()
                .map(|e| e.code.as_str().to_string())
                .unwrap_or_default(),
            d.warnings
                .iter()
                .map(|w| w.code.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            d.considerations_label(" ; "),
        ];
        // Columns added after the first version go last, so existing spreadsheets keep theirs.
        let role = d.role.map(|r| r.as_str().to_string()).unwrap_or_default();
        let evidence = d
            .role_evidence
            .as_ref()
            .map(|e| e.evidence.clone())
            .unwrap_or_default();
        if d.clauses.is_empty() {
            let findings: Vec<&Finding> = d.findings.iter().collect();
            let mut row: Vec<String> = base.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 13));
            row.extend(tallies(&findings));
            row.extend([
                role.clone(),
                String::new(),
                String::new(),
                String::new(),
                evidence.clone(),
            ]);
            return self.record(&row);
        }
        for (i, c) in d.clauses.iter().enumerate() {
            let p = &c.parameters;
            let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
            // Document-level findings are counted once, on the first clause's row.
            let document_findings = if i == 0 { d.findings.as_slice() } else { &[] };
            let findings: Vec<&Finding> = c.findings.iter().chain(document_findings).collect();
            let mut row: Vec<String> = base.to_vec();
            row.extend([
                (i + 1).to_string(),
                c.kind.as_str().to_string(),
                c.template.clone(),
                c.page.map(|p| p.to_string()).unwrap_or_default(),
                c.section.clone().unwrap_or_default(),
                p.hours
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
                p.total_hours.map(|t| t.to_string()).unwrap_or_default(),
                number(p.percent_of_hours),
                p.hours_ratio
                    .map(|r| format!("{} h / {} €", r.hours, r.per_eur))
                    .unwrap_or_default(),
                number(p.penalty_per_hour_eur),
                number(p.award_weight_percent),
                p.lots
                    .iter()
                    .map(|l| format!("{}:{}", l.lot, l.hours))
                    .collect::<Vec<_>>()
                    .join(" "),
                p.anru.to_string(),
            ]);
            row.extend(tallies(&findings));
            row.extend([
                role.clone(),
                c.form.as_str().to_string(),
                c.declared.to_string(),
                c.lots_covered
                    .as_ref()
                    .map(|l| l.join(" "))
                    .unwrap_or_default(),
                evidence.clone(),
            ]);
            self.record(&row)?;
        }
        Ok(())
    }

    fn record(&mut self, row: &[String]) -> io::Result<()> {
        self.csv
            .write_record(row.iter().map(|cell| neutralised(cell).into_owned()))
            .map_err(io::Error::other)
    }

    /// Flushes what was written.
    pub fn finish(mut self) -> io::Result<()> {
        self.csv.flush()
    }

    /// Ends an interrupted run's file with a row that says so (first cell `#`), so that a
    /// spreadsheet never passes a prefix for the whole.
    pub fn finish_interrupted(mut self, note: &str) -> io::Result<()> {
        self.csv
            .write_record(["#", note])
            .map_err(io::Error::other)?;
        self.csv.flush()
    }
}

/// What one CSV row stands for (`--csv-level`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvLevel {
    /// One row per clause of each document, one per document without clause (the default).
    #[default]
    Document,
    /// One row per consultation.
    Consultation,
    /// One row per clause of each consultation.
    Clause,
}

const CONSULTATION_HEADER: [&str; 22] = [
    "consultation",
    "reference",
    "buyer",
    "object",
    "launch_date",
    "launch_date_source",
    "estimated_amount_eur",
    "nature",
    "buyer_category",
    "defence",
    "pieces",
    "roles",
    "considerations_sociales",
    "hours_committed",
    "clauses",
    "errors",
    "warnings",
    "rules",
    "verdict",
    "errors_with_pieces",
    "warnings_with_pieces",
    "unreadable_pieces",
];

const CLAUSE_HEADER: [&str; 17] = [
    "consultation",
    "reference",
    "buyer",
    "clause",
    "kind",
    "template",
    "form",
    "lots_covered",
    "hours",
    "total_hours",
    "percent_of_hours",
    "hours_ratio",
    "penalty_per_hour_eur",
    "award_weight_percent",
    "lots",
    "anru",
    "evidence",
];

/// Writes the consultations, one row each (`Consultation`) or one row per consultation clause
/// (`Clause`), after a header row.
pub fn write_consultations<W: Write>(
    mut out: W,
    consultations: &[ConsultationReport],
    options: CsvOptions,
    level: CsvLevel,
) -> io::Result<()> {
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut csv = csv::WriterBuilder::new()
        .delimiter(options.delimiter)
        .from_writer(out);
    let mut record = |row: Vec<String>| {
        csv.write_record(row.iter().map(|cell| neutralised(cell).into_owned()))
            .map_err(io::Error::other)
    };
    let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match level {
        CsvLevel::Document => return Ok(()),
        CsvLevel::Consultation => {
            record(CONSULTATION_HEADER.iter().map(|s| s.to_string()).collect())?;
            for c in consultations {
                let count = |s: Severity| c.findings.iter().filter(|f| f.severity == s).count();
                let mut rules: Vec<&str> = c.findings.iter().map(|f| f.rule.as_str()).collect();
                rules.sort_unstable();
                rules.dedup();
                record(vec![
                    c.path.clone(),
                    text(&c.reference),
                    text(&c.buyer),
                    text(&c.object),
                    c.launch_date.map(|d| d.to_string()).unwrap_or_default(),
                    c.launch_date_source
                        .and_then(|s| serde_json::to_value(s).ok())
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    number(c.estimated_amount_eur),
                    c.nature.map(|n| n.as_str().to_string()).unwrap_or_default(),
                    c.buyer_category
                        .map(|b| b.as_str().to_string())
                        .unwrap_or_default(),
                    c.defence.to_string(),
                    c.pieces.len().to_string(),
                    c.pieces
                        .iter()
                        .map(|p| p.role.map_or("?", |r| r.as_str()))
                        .collect::<Vec<_>>()
                        .join(" "),
                    c.considerations_sociales.as_ref().map_or(
                        crate::judge::verdict::UNKNOWN_CONSIDERATIONS.to_string(),
                        |v| v.join(" ; "),
                    ),
                    c.hours_committed.to_string(),
                    c.clauses.len().to_string(),
                    count(Severity::Error).to_string(),
                    count(Severity::Warning).to_string(),
                    rules.join(" "),
                    // The verdict a buyer reads first: the worst of the consultation and its
                    // pieces, never milder than a piece.
                    c.verdict
                        .worst
                        .map_or(String::new(), |s| s.as_str().to_string()),
                    c.verdict.findings.error.to_string(),
                    c.verdict.findings.warning.to_string(),
                    c.verdict.unreadable_pieces.to_string(),
                ])?;
            }
        }
        CsvLevel::Clause => {
            record(CLAUSE_HEADER.iter().map(|s| s.to_string()).collect())?;
            for c in consultations {
                for (i, clause) in c.clauses.iter().enumerate() {
                    let p = &clause.parameters;
                    record(vec![
                        c.path.clone(),
                        text(&c.reference),
                        text(&c.buyer),
                        (i + 1).to_string(),
                        clause.kind.as_str().to_string(),
                        clause.template.clone(),
                        clause.form.as_str().to_string(),
                        clause
                            .lots_covered
                            .as_ref()
                            .map(|l| l.join(" "))
                            .unwrap_or_default(),
                        p.hours
                            .iter()
                            .map(u64::to_string)
                            .collect::<Vec<_>>()
                            .join(" "),
                        p.total_hours.map(|t| t.to_string()).unwrap_or_default(),
                        number(p.percent_of_hours),
                        p.hours_ratio
                            .map(|r| format!("{} h / {} €", r.hours, r.per_eur))
                            .unwrap_or_default(),
                        number(p.penalty_per_hour_eur),
                        number(p.award_weight_percent),
                        p.lots
                            .iter()
                            .map(|l| format!("{}:{}", l.lot, l.hours))
                            .collect::<Vec<_>>()
                            .join(" "),
                        p.anru.to_string(),
                        clause
                            .evidence
                            .iter()
                            .map(|e| {
                                format!("{}#{}", e.path, e.section_number.as_deref().unwrap_or(""))
                            })
                            .collect::<Vec<_>>()
                            .join(" "),
                    ])?;
                }
            }
        }
    }
    csv.flush()
}

/// A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return: a file named `=HYPERLINK(…).pdf`, a heading taken from a hostile document)
/// gets a leading `'`, which spreadsheets hide and which makes the cell plain text. Numbers
/// stay numbers.
fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The error count, the warning count and the rule ids of some findings.
fn tallies(findings: &[&Finding]) -> [String; 3] {
    let count = |s: Severity| {
        findings
            .iter()
            .filter(|f| f.severity == s)
            .count()
            .to_string()
    };
    let mut ids: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    [
        count(Severity::Error),
        count(Severity::Warning),
        ids.join(" "),
    ]
}

#[cfg(test)]
mod tests {
    use super::neutralised;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for cell in [
            "=1+2",
            "+33 1",
            "-cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralised(cell), format!("'{cell}"), "{cell:?}");
        }
        for cell in ["-12.5", "35", "ccap.pdf", "", "a=b"] {
            assert_eq!(neutralised(cell), cell, "{cell:?}");
        }
    }
}
