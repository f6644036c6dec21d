//! The JSON contract (`--format json`): `{schema_version, documents: [...], consultations:
//! [...], summary}`; and JSON Lines (`--format jsonl`): one object per line, each with its
//! `"type"`: `"document"`, then `"consultation"` after the documents of the consultation.

use crate::judge::consultation::ConsultationReport;
use crate::judge::verdict::{DocumentReport, Summary, SCHEMA_VERSION};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    documents: &'a [DocumentReport],
    consultations: &'a [ConsultationReport],
    summary: &'a Summary,
}

/// One line of JSON Lines: the object with what it is.
#[derive(Serialize)]
struct Line<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    item: &'a T,
}

/// Writes the whole report as one pretty-printed JSON object.
pub fn write_report(
    out: &mut dyn Write,
    documents: &[DocumentReport],
    consultations: &[ConsultationReport],
    summary: &Summary,
) -> io::Result<()> {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        documents,
        consultations,
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Writes one document as one line of JSON (`"type": "document"`).
pub fn write_line(out: &mut dyn Write, document: &DocumentReport) -> io::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &Line {
            kind: "document",
            item: document,
        },
    )?;
    writeln!(out)
}

/// Writes the last line of an interrupted run (`"type": "summary"`, `"interrupted": true`), so
/// that a reader of the lines knows they are not the whole.
pub fn write_interrupted_line(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &serde_json::json!({
            "type": "summary",
            "interrupted": true,
            "documents": summary.documents,
            "files_planned": summary.files_planned,
        }),
    )?;
    writeln!(out)
}

/// Writes one consultation as one line of JSON (`"type": "consultation"`).
pub fn write_consultation_line(
    out: &mut dyn Write,
    consultation: &ConsultationReport,
) -> io::Result<()> {
    serde_json::to_writer(
        &mut *out,
        &Line {
            kind: "consultation",
            item: consultation,
        },
    )?;
    writeln!(out)
}
