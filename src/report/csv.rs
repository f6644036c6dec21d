//! CSV for spreadsheets: one row per clause, and one row per document without clause or with
//! an error, with the main parameters and finding counts. French spreadsheets expect `;` and a
//! UTF-8 byte-order mark: both are options.

use super::DocumentReport;
use crate::check::Finding;
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
