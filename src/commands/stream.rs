//! Where scanned or merged documents go as they finish, in the chosen report format.

use crate::cli;
use clausier::judge::consultation::ConsultationReport;
use clausier::judge::verdict::{DocumentReport, Summary};
use clausier::write::report::{self, human, json};
use std::io::{self, Write};

/// Where scanned documents go as they finish.
pub(super) enum Stream {
    /// JSON Lines, one flushed line per document.
    Lines(Box<dyn Write>),
    Csv(Box<report::csv::CsvWriter<Box<dyn Write>>>),
    /// CSV of consultations or of their clauses, written at the end.
    CsvConsultations(
        Box<dyn Write>,
        report::csv::CsvOptions,
        report::csv::CsvLevel,
    ),
    Human(Box<dyn Write>, human::Style),
    /// Formats that need every document (json, html), written at the end.
    Collect(Box<dyn Write>, cli::ScanFormat, Vec<DocumentReport>),
}

impl Stream {
    pub(super) fn new(
        format: cli::ScanFormat,
        out: Box<dyn Write>,
        csv: report::csv::CsvOptions,
        csv_level: report::csv::CsvLevel,
        style: human::Style,
    ) -> io::Result<Self> {
        Ok(match format {
            cli::ScanFormat::Jsonl => Stream::Lines(out),
            cli::ScanFormat::Csv if csv_level != report::csv::CsvLevel::Document => {
                Stream::CsvConsultations(out, csv, csv_level)
            }
            cli::ScanFormat::Csv => Stream::Csv(Box::new(report::csv::CsvWriter::new(out, csv)?)),
            cli::ScanFormat::Human => Stream::Human(out, style),
            cli::ScanFormat::Json | cli::ScanFormat::Html => {
                Stream::Collect(out, format, Vec::new())
            }
        })
    }

    pub(super) fn push(&mut self, report: DocumentReport) -> io::Result<()> {
        match self {
            Stream::Lines(out) => {
                json::write_line(out, &report)?;
                out.flush()
            }
            Stream::Csv(writer) => writer.write(&report),
            Stream::CsvConsultations(..) => Ok(()),
            Stream::Human(out, style) => human::write_document(out, &report, *style),
            Stream::Collect(_, _, documents) => {
                documents.push(report);
                Ok(())
            }
        }
    }

    /// Ends the output: the consultations (after every document), then the human summary, or
    /// the whole json/html report.
    pub(super) fn finish(
        self,
        summary: &Summary,
        consultations: &[ConsultationReport],
        elapsed: std::time::Duration,
        pages: u64,
    ) -> io::Result<()> {
        match self {
            Stream::Lines(mut out) => {
                for c in consultations {
                    json::write_consultation_line(&mut out, c)?;
                }
                if summary.interrupted {
                    json::write_interrupted_line(&mut out, summary)?;
                }
                out.flush()
            }
            Stream::Csv(writer) => match summary.interruption() {
                Some(note) => writer.finish_interrupted(&note),
                None => writer.finish(),
            },
            Stream::CsvConsultations(out, csv, level) => {
                report::csv::write_consultations(out, consultations, csv, level)
            }
            Stream::Human(mut out, style) => {
                for c in consultations {
                    human::write_consultation(&mut out, c, style)?;
                }
                if !consultations.is_empty() {
                    human::write_consultations_summary(&mut out, consultations)?;
                }
                human::write_summary(&mut out, summary, elapsed, pages)?;
                out.flush()
            }
            Stream::Collect(mut out, format, documents) => {
                if format == cli::ScanFormat::Html {
                    report::html::write_html(&mut out, &documents, consultations, summary)?;
                } else {
                    json::write_report(&mut out, &documents, consultations, summary)?;
                }
                out.flush()
            }
        }
    }
}
