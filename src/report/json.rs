//! The JSON contract (`--format json`): `{schema_version, documents: [...], summary}`; and
//! JSON Lines (`--format jsonl`): one document object per line, nothing else.

use super::{DocumentReport, Summary, SCHEMA_VERSION};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Report<'a> {
    schema_version: u32,
    documents: &'a [DocumentReport],
    summary: &'a Summary,
}

/// Writes the whole report as one pretty-printed JSON object.
pub fn write_report(
    out: &mut dyn Write,
    documents: &[DocumentReport],
    summary: &Summary,
) -> io::Result<()> {
    let report = Report {
        schema_version: SCHEMA_VERSION,
        documents,
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// Writes one document as one line of JSON.
pub fn write_line(out: &mut dyn Write, document: &DocumentReport) -> io::Result<()> {
    serde_json::to_writer(&mut *out, document)?;
    writeln!(out)
}
