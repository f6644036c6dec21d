//! The HTML report (placeholder until the renderer lands).
use super::{DocumentReport, Summary};
use std::io::{self, Write};

/// Writes the HTML report.
pub fn write_html(
    out: &mut dyn Write,
    documents: &[DocumentReport],
    summary: &Summary,
) -> io::Result<()> {
    let _ = (documents, summary);
    writeln!(out, "<!DOCTYPE html>")
}
