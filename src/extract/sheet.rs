//! Spreadsheets (`.xlsx`, `.xls`, `.ods`) through calamine: each sheet a section headed by its
//! name, each row a table row (cells joined by ` | `, as the other readers write tables), so that
//! an annex "Lot | Désignation | Heures d'insertion" reads like the same table in a CCAP.
//!
//! Cells give their values, not their formulas; numbers are written the French way (`12,5`),
//! dates `dd/mm/yyyy`. A number format is not applied: a cell shown "5 %" holds 0.05 and reads
//! `0,05`.

use crate::document::{Block, BlockKind, Extracted, Format, Reader as ReaderKind, CELL_SEPARATOR};
use crate::error::{Code, Problem};
use crate::extract::{Deadline, Limits};
use calamine::{open_workbook_from_rs, Data, Ods, Reader, Xls, Xlsx};
use std::io::{Cursor, Read, Seek};

/// Reads a workbook of the sniffed format.
pub(crate) fn read(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    if format != Format::Xls {
        check_unpacked_size(bytes, limits.max_unpacked)?;
    }
    let cursor = Cursor::new(bytes);
    let sheets = match format {
        Format::Xlsx => sheets(open_workbook_from_rs::<Xlsx<_>, _>(cursor), deadline),
        Format::Xls => sheets(open_workbook_from_rs::<Xls<_>, _>(cursor), deadline),
        _ => sheets(open_workbook_from_rs::<Ods<_>, _>(cursor), deadline),
    }?;
    let mut blocks = Vec::new();
    for (name, rows) in sheets {
        if rows.is_empty() {
            continue;
        }
        blocks.push(Block::paragraph(name).with_kind(BlockKind::Heading { level: 1 }));
        for cells in rows {
            let kind = if cells.len() > 1 {
                BlockKind::TableRow
            } else {
                BlockKind::Paragraph
            };
            blocks.push(Block::paragraph(cells.join(CELL_SEPARATOR)).with_kind(kind));
        }
    }
    Ok(Extracted::new(ReaderKind::Calamine, None, blocks))
}

/// A sheet's name and its rows of cell texts.
type Sheet = (String, Vec<Vec<String>>);

/// Every sheet's non-empty rows, trailing empty cells dropped, in workbook order.
fn sheets<RS, W>(workbook: Result<W, W::Error>, deadline: Deadline) -> Result<Vec<Sheet>, Problem>
where
    RS: Read + Seek,
    W: Reader<RS>,
    W::Error: std::fmt::Display,
{
    let mut workbook = workbook.map_err(|e| refused(&e.to_string()))?;
    let mut out = Vec::new();
    for name in workbook.sheet_names() {
        deadline.check()?;
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| refused(&e.to_string()))?;
        let mut rows = Vec::new();
        for row in range.rows() {
            let mut cells: Vec<String> = row.iter().map(cell).collect();
            while cells.last().is_some_and(|c| c.is_empty()) {
                cells.pop();
            }
            if !cells.is_empty() {
                rows.push(cells);
            }
        }
        out.push((name, rows));
    }
    Ok(out)
}

/// A workbook calamine cannot open: encrypted, or damaged.
fn refused(message: &str) -> Problem {
    let lower = message.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        Problem::new(
            Code::Encrypted,
            "password-protected workbook; save it without a password and scan again",
        )
    } else {
        Problem::new(
            Code::CorruptFile,
            format!("the workbook cannot be read ({message}); the file is damaged"),
        )
    }
}

/// A cell's value as text.
fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.split_whitespace().collect::<Vec<_>>().join(" "),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "VRAI" } else { "FAUX" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{day:02}/{m:02}/{y:04}")
            } else {
                format!("{day:02}/{m:02}/{y:04} {h:02}:{min:02}")
            }
        }
        Data::DateTime(d) => number(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as a French document writes it: no `.0` on whole numbers, a decimal comma.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let text = format!("{:.6}", f);
    text.trim_end_matches('0')
        .trim_end_matches('.')
        .replace('.', ",")
}

/// Refuses a zipped workbook whose entries declare more bytes than the budget: calamine
/// inflates the parts it reads without a cap of its own.
fn check_unpacked_size(bytes: &[u8], budget: u64) -> Result<(), Problem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            Code::CorruptFile,
            format!("damaged zip container ({e}); the file is truncated or not a workbook"),
        )
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| Problem::new(Code::CorruptFile, format!("damaged workbook entry: {e}")))?;
        if entry.size() > super::zipped::ratio_cap(entry.compressed_size()) {
            return Err(Problem::new(
                Code::TooLarge,
                format!(
                    "{} inflates from {} to {} bytes (zip bomb?); refused",
                    entry.name().unwrap_or_default(),
                    entry.compressed_size(),
                    entry.size()
                ),
            ));
        }
        total = total.saturating_add(entry.size());
    }
    if total > budget {
        return Err(Problem::new(
            Code::TooLarge,
            format!("the workbook unpacks to {total} bytes, above the {budget}-byte limit"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_french_way() {
        assert_eq!(number(460.0), "460");
        assert_eq!(number(12.5), "12,5");
        assert_eq!(number(0.05), "0,05");
        assert_eq!(number(-3.0), "-3");
    }

    #[test]
    fn cells_give_values() {
        assert_eq!(
            cell(&Data::String("  Heures \n d'insertion ".into())),
            "Heures d'insertion"
        );
        assert_eq!(cell(&Data::Int(1050)), "1050");
        assert_eq!(cell(&Data::Bool(true)), "VRAI");
        assert_eq!(cell(&Data::Empty), "");
    }

    #[test]
    fn damaged_workbooks_are_corrupt_not_panics() {
        let err = read(
            Format::Xlsx,
            b"PK\x03\x04 not really a zip",
            &Limits::default(),
            Deadline::after(std::time::Duration::from_secs(5)),
        )
        .unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
        let err = read(
            Format::Xls,
            b"\xD0\xCF\x11\xE0 not an OLE file",
            &Limits::default(),
            Deadline::after(std::time::Duration::from_secs(5)),
        )
        .unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
    }
}
