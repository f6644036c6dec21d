//! CSV for spreadsheets: one row per clause, and one row per document without clause or with
//! an error, with the main parameters and finding counts.
//!
//! By default the file is for a person opening it in a French spreadsheet: `;` between fields,
//! a UTF-8 byte-order mark (without it Excel reads the accents as Windows-1252), headers and
//! values in the run's language ("Condition d'exécution", "oui") and decimal commas. Programs
//! ask for the stable ids of the JSON with `--csv-ids` (decimal points), `--csv-delimiter ,` and
//! `--no-bom`; the ids never change, the words may.

use crate::base::error::Code;
use crate::base::i18n::{self, Lang};
use crate::base::typography;
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
    /// Headers and values as stable ids, decimals with a point (for programs).
    pub ids: bool,
}

impl Default for CsvOptions {
    /// For a French spreadsheet.
    fn default() -> Self {
        CsvOptions {
            delimiter: b';',
            bom: true,
            ids: false,
        }
    }
}

/// How cells are written: ids for programs, or words and numbers in the run's language.
#[derive(Debug, Clone, Copy)]
struct Cells {
    ids: bool,
    lang: Lang,
}

impl Cells {
    fn new(options: CsvOptions) -> Self {
        Cells {
            ids: options.ids,
            lang: i18n::lang(),
        }
    }

    /// The header row: ids, or their catalogue labels (`csv.<id>`).
    fn header(self, ids: &[&str]) -> Vec<String> {
        ids.iter()
            .map(|id| self.word("csv", id))
            .collect::<Vec<_>>()
    }

    /// An id as it is (`--csv-ids`), or the catalogue's label under `prefix.id`.
    fn word(self, prefix: &str, id: &str) -> String {
        if self.ids {
            return id.to_string();
        }
        i18n::lookup(&format!("{prefix}.{id}"))
            .unwrap_or(id)
            .to_string()
    }

    /// A list of ids, or of their labels.
    fn words<'a>(self, prefix: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
        let words: Vec<String> = ids.into_iter().map(|id| self.word(prefix, id)).collect();
        words.join(if self.ids { " " } else { " ; " })
    }

    /// A date: ISO for programs, "09/03/2026" (what a French spreadsheet reads as a date).
    fn date(self, d: crate::base::dates::Date) -> String {
        if self.ids || self.lang == Lang::En {
            d.to_string()
        } else {
            format!("{:02}/{:02}/{}", d.day, d.month, d.year)
        }
    }

    fn boolean(self, b: bool) -> String {
        self.word("value", if b { "true" } else { "false" })
    }

    /// A decimal: a point for programs and English, a comma for a French spreadsheet; no
    /// thousands separator, so the spreadsheet reads a number.
    fn number(self, v: Option<f64>) -> String {
        match v {
            None => String::new(),
            Some(v) if self.ids || self.lang == Lang::En => v.to_string(),
            Some(v) => typography::spreadsheet_decimal(v),
        }
    }

    fn ratio(self, hours: f64, per_eur: f64) -> String {
        if self.ids {
            return format!("{hours} h / {per_eur} €");
        }
        i18n::fill(
            i18n::text_in(self.lang, "figure.ratio.value"),
            &[
                (
                    "hours",
                    format!("{} h", typography::number_in(self.lang, hours, 2)),
                ),
                (
                    "amount",
                    format!("{} €", typography::number_in(self.lang, per_eur, 2)),
                ),
            ],
        )
    }

    /// Reading codes (errors and warnings): ids, or their labels.
    fn codes<'a>(self, ids: impl IntoIterator<Item = &'a str>) -> String {
        let words: Vec<String> = ids
            .into_iter()
            .map(|id| match Code::from_id(id) {
                Some(code) if !self.ids => code.label().to_string(),
                _ => id.to_string(),
            })
            .collect();
        words.join(if self.ids { " " } else { " ; " })
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
    cells: Cells,
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
        let cells = Cells::new(options);
        csv.write_record(cells.header(&HEADER))
            .map_err(io::Error::other)?;
        Ok(CsvWriter { csv, cells })
    }

    /// Writes the rows of one document.
    pub fn write(&mut self, d: &DocumentReport) -> io::Result<()> {
        let cells = self.cells;
        let base = [
            d.path.clone(),
            d.format.clone().unwrap_or_default(),
            cells.word("csv.status", &d.status),
            cells.codes(d.error.as_ref().map(|e| e.code.as_str())),
            cells.codes(d.warnings.iter().map(|w| w.code.as_str())),
            d.considerations_label(" ; "),
        ];
        // Columns added after the first version go last, so existing spreadsheets keep theirs.
        let role = d
            .role
            .map(|r| cells.word("role", r.as_str()))
            .unwrap_or_default();
        let evidence = d
            .role_evidence
            .as_ref()
            .map(|e| e.evidence.clone())
            .unwrap_or_default();
        if d.clauses.is_empty() {
            let findings: Vec<&Finding> = d.findings.iter().collect();
            let mut row: Vec<String> = base.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 13));
            row.extend(tallies(cells, &findings));
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
            let number = |v: Option<f64>| cells.number(v);
            // Document-level findings are counted once, on the first clause's row.
            let document_findings = if i == 0 { d.findings.as_slice() } else { &[] };
            let findings: Vec<&Finding> = c.findings.iter().chain(document_findings).collect();
            let mut row: Vec<String> = base.to_vec();
            row.extend([
                (i + 1).to_string(),
                cells.word("kind", c.kind.as_str()),
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
                    .map(|r| cells.ratio(r.hours, r.per_eur))
                    .unwrap_or_default(),
                number(p.penalty_per_hour_eur),
                number(p.award_weight_percent),
                p.lots
                    .iter()
                    .map(|l| format!("{}:{}", l.lot, l.hours))
                    .collect::<Vec<_>>()
                    .join(" "),
                cells.boolean(p.anru),
            ]);
            row.extend(tallies(cells, &findings));
            row.extend([
                role.clone(),
                cells.word("form", c.form.as_str()),
                cells.boolean(c.declared),
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
    let cells = Cells::new(options);
    let number = |v: Option<f64>| cells.number(v);
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match level {
        CsvLevel::Document => return Ok(()),
        CsvLevel::Consultation => {
            record(cells.header(&CONSULTATION_HEADER))?;
            for c in consultations {
                let count = |s: Severity| c.findings.iter().filter(|f| f.severity == s).count();
                let mut rules: Vec<&str> = c.findings.iter().map(|f| f.rule.as_str()).collect();
                rules.sort_unstable();
                rules.dedup();
                let rules = cells.words("rule", rules);
                record(vec![
                    c.path.clone(),
                    text(&c.reference),
                    text(&c.buyer),
                    text(&c.object),
                    c.launch_date.map(|d| cells.date(d)).unwrap_or_default(),
                    c.launch_date_source
                        .and_then(|s| serde_json::to_value(s).ok())
                        .and_then(|v| v.as_str().map(|id| cells.word("launch", id)))
                        .unwrap_or_default(),
                    number(c.estimated_amount_eur),
                    c.nature
                        .map(|n| cells.word("nature", n.as_str()))
                        .unwrap_or_default(),
                    c.buyer_category
                        .map(|b| cells.word("buyer", b.as_str()))
                        .unwrap_or_default(),
                    cells.boolean(c.defence),
                    c.pieces.len().to_string(),
                    cells.words(
                        "role",
                        c.pieces
                            .iter()
                            .map(|p| p.role.map_or("unknown", |r| r.as_str())),
                    ),
                    c.considerations_sociales.as_ref().map_or(
                        crate::judge::verdict::UNKNOWN_CONSIDERATIONS.to_string(),
                        |v| v.join(" ; "),
                    ),
                    c.hours_committed.to_string(),
                    c.clauses.len().to_string(),
                    count(Severity::Error).to_string(),
                    count(Severity::Warning).to_string(),
                    rules,
                    // The verdict a buyer reads first: the worst of the consultation and its
                    // pieces, never milder than a piece.
                    c.verdict
                        .worst
                        .map_or(String::new(), |s| cells.word("severity", s.as_str())),
                    c.verdict.findings.error.to_string(),
                    c.verdict.findings.warning.to_string(),
                    c.verdict.unreadable_pieces.to_string(),
                ])?;
            }
        }
        CsvLevel::Clause => {
            record(cells.header(&CLAUSE_HEADER))?;
            for c in consultations {
                for (i, clause) in c.clauses.iter().enumerate() {
                    let p = &clause.parameters;
                    record(vec![
                        c.path.clone(),
                        text(&c.reference),
                        text(&c.buyer),
                        (i + 1).to_string(),
                        cells.word("kind", clause.kind.as_str()),
                        clause.template.clone(),
                        cells.word("form", clause.form.as_str()),
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
                            .map(|r| cells.ratio(r.hours, r.per_eur))
                            .unwrap_or_default(),
                        number(p.penalty_per_hour_eur),
                        number(p.award_weight_percent),
                        p.lots
                            .iter()
                            .map(|l| format!("{}:{}", l.lot, l.hours))
                            .collect::<Vec<_>>()
                            .join(" "),
                        cells.boolean(p.anru),
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

/// Whether a file's first characters are a CSV clausier wrote (any level, delimiter and
/// language), so that a report left in a scanned folder is replaced, never read as a document.
pub fn is_csv_report(head: &str) -> bool {
    let head = head.trim_start_matches('\u{feff}');
    [&HEADER[..], &CONSULTATION_HEADER[..], &CLAUSE_HEADER[..]]
        .iter()
        .any(|header| {
            let first = &header[..3];
            let spellings = [
                first.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                first
                    .iter()
                    .map(|id| i18n::text_in(Lang::Fr, &format!("csv.{id}")).to_string())
                    .collect(),
                first
                    .iter()
                    .map(|id| i18n::text_in(Lang::En, &format!("csv.{id}")).to_string())
                    .collect(),
            ];
            spellings.iter().any(|cells| {
                let Some(rest) = head.strip_prefix(cells[0].as_str()) else {
                    return false;
                };
                let Some(delimiter) = rest
                    .chars()
                    .next()
                    .filter(|c| c.is_ascii() && !c.is_ascii_alphanumeric() && *c != ' ')
                else {
                    return false;
                };
                let expected = format!("{delimiter}{}{delimiter}{}{delimiter}", cells[1], cells[2]);
                rest.starts_with(&expected)
            })
        })
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

/// The error count, the warning count and the rules of some findings.
fn tallies(cells: Cells, findings: &[&Finding]) -> [String; 3] {
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
        cells.words("rule", ids),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn its_own_csv_is_recognised_in_every_spelling() {
        for head in [
            "path,format,status,error_code",
            "\u{feff}Fichier;Format;État;Erreur de lecture",
            "File;Format;Status;",
            "consultation;reference;buyer;object",
            "\u{feff}Consultation;Référence;Acheteur;Objet",
            "Consultation\tRéférence\tAcheteur\t",
        ] {
            assert!(is_csv_report(head), "{head:?}");
        }
        for head in ["path,format", "Fichier;Format;Date;", "a;b;c;d", ""] {
            assert!(!is_csv_report(head), "{head:?}");
        }
    }

    #[test]
    fn every_header_has_its_words_in_both_languages() {
        for id in HEADER
            .iter()
            .chain(&CONSULTATION_HEADER)
            .chain(&CLAUSE_HEADER)
        {
            for lang in [Lang::Fr, Lang::En] {
                let key = format!("csv.{id}");
                assert_ne!(i18n::text_in(lang, &key), key, "{lang:?} {key}");
            }
        }
        for status in ["ok", "error", "skipped"] {
            assert!(i18n::lookup(&format!("csv.status.{status}")).is_some());
        }
    }

    #[test]
    fn numbers_are_for_the_reader_or_the_program() {
        let french = Cells {
            ids: false,
            lang: Lang::Fr,
        };
        let ids = Cells {
            ids: true,
            lang: Lang::Fr,
        };
        assert_eq!(french.number(Some(7.5)), "7,5");
        assert_eq!(french.number(Some(1300000.0)), "1300000");
        assert_eq!(ids.number(Some(7.5)), "7.5");
        assert_eq!(french.number(None), "");
        assert_eq!(
            french.ratio(35.0, 100000.0),
            "35 h pour 100\u{202f}000 € HT"
        );
        assert_eq!(ids.ratio(35.0, 100000.0), "35 h / 100000 €");
        let d = crate::base::dates::Date {
            year: 2026,
            month: 3,
            day: 9,
        };
        assert_eq!(french.date(d), "09/03/2026");
        assert_eq!(ids.date(d), "2026-03-09");
    }

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
