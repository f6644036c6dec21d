//! Spreadsheets (`.xlsx`, `.xls`, `.ods`) through calamine: each sheet a section headed by its
//! name, each row a table row (cells joined by ` | `, as the other readers write tables), so that
//! an annex "Lot | Désignation | Heures d'insertion" reads like the same table in a CCAP.
//!
//! Cells give their values, not their formulas; numbers are written the French way (`12,5`),
//! dates `dd/mm/yyyy`. A number format is not applied: a cell shown "5 %" holds 0.05 and reads
//! `0,05`.

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{
    Block, BlockKind, Extracted, Format, Reader as ReaderKind, CELL_SEPARATOR,
};
use crate::read::extract::{Deadline, Limits};
use calamine::{open_workbook_from_rs, Data, Ods, Reader, Xls, Xlsx};
use std::io::{Cursor, Read, Seek};

/// Reads a workbook of the sniffed format.
pub(crate) fn read(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    if format == Format::Xls {
        check_declared_cells(bytes, limits.max_unpacked, deadline)?;
    } else {
        check_unpacked_size(bytes, limits.max_unpacked)?;
    }
    let cursor = Cursor::new(bytes);
    let sheets = match format {
        Format::Xlsx => {
            let mut workbook =
                open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(|e| refused(&e.to_string()))?;
            check_xlsx_extent(&mut workbook, limits.max_unpacked, deadline)?;
            sheets(Ok::<_, calamine::XlsxError>(workbook), deadline)
        }
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
        Problem::new(Code::Encrypted, msg!("problem.encrypted.workbook"))
    } else {
        Problem::new(
            Code::CorruptFile,
            msg!("problem.corrupt_file.workbook", cause = message),
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
            msg!("problem.corrupt_file.workbook_zip", cause = e),
        )
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| {
            Problem::new(
                Code::CorruptFile,
                msg!("problem.corrupt_file.workbook_entry", cause = e),
            )
        })?;
        if entry.size() > super::zipped::ratio_cap(entry.compressed_size()) {
            return Err(Problem::new(
                Code::TooLarge,
                msg!(
                    "problem.too_large.workbook_ratio",
                    name = entry.name().unwrap_or_default(),
                    compressed = entry.compressed_size(),
                    size = entry.size()
                ),
            ));
        }
        total = total.saturating_add(entry.size());
    }
    if total > budget {
        return Err(Problem::new(
            Code::TooLarge,
            msg!(
                "problem.too_large.workbook_unpacked",
                total = total,
                max = budget
            ),
        ));
    }
    Ok(())
}

/// Refuses an `.xls` whose sheets declare more cells than the memory budget: calamine reserves
/// room for every cell a sheet's DIMENSIONS record declares before it reads one, and a damaged
/// record declaring billions of cells ended the whole process on a failed allocation (found by
/// the mutation campaign). Sheets are read from the offsets of the BoundSheet records, which a
/// damaged file may point anywhere: the records are walked from each of them, as calamine does.
fn check_declared_cells(bytes: &[u8], budget: u64, deadline: Deadline) -> Result<(), Problem> {
    // A file cfb cannot open, or without a workbook stream, is calamine's to refuse.
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(workbook) = file
        .open_stream("/Workbook")
        .or_else(|_| file.open_stream("/Book"))
    else {
        return Ok(());
    };
    let mut stream = Vec::new();
    if workbook
        .take(budget.saturating_add(1))
        .read_to_end(&mut stream)
        .is_err()
    {
        return Ok(());
    }
    let cell = std::mem::size_of::<calamine::Cell<Data>>() as u64;
    let mut extent = Extent::default();
    let mut starts = vec![0usize];
    let mut next = 0;
    while let Some(&start) = starts.get(next) {
        next += 1;
        deadline.check()?;
        let mut at = start;
        while let Some(header) = stream.get(at..at + 4) {
            let kind = u16::from_le_bytes([header[0], header[1]]);
            let len = u16::from_le_bytes([header[2], header[3]]) as usize;
            let Some(data) = stream.get(at + 4..at + 4 + len) else {
                break;
            };
            match kind {
                // BoundSheet: where a sheet's records start (first walk only).
                0x0085 if start == 0 && data.len() >= 4 => {
                    let offset = u32::from_le_bytes([data[0], data[1], data[2], data[3]]);
                    starts.push(offset as usize);
                }
                // BOF and EOF: a sheet's records start and end.
                0x0809 | 0x000A => {
                    extent.within(budget)?;
                    extent = Extent::default();
                }
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row, column first.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 if data.len() >= 4 => {
                    let row = u16::from_le_bytes([data[0], data[1]]) as u32;
                    extent.add(row, u16::from_le_bytes([data[2], data[3]]) as u32);
                }
                // MulRk: row, first column, ..., last column.
                0x00BD if data.len() >= 6 => {
                    let row = u16::from_le_bytes([data[0], data[1]]) as u32;
                    extent.add(row, u16::from_le_bytes([data[2], data[3]]) as u32);
                    let last = u16::from_le_bytes([data[len - 2], data[len - 1]]) as u32;
                    extent.add(row, last);
                }
                0x0200 => {
                    let cells = declared_cells(data);
                    if cells.saturating_mul(cell) > budget {
                        return Err(Problem::new(
                            Code::TooLarge,
                            msg!(
                                "problem.too_large.sheet_cells",
                                cells = cells,
                                budget = budget
                            ),
                        ));
                    }
                }
                _ => {}
            }
            at += 4 + len;
        }
        extent.within(budget)?;
        extent = Extent::default();
    }
    Ok(())
}

/// Refuses an `.xlsx` whose sheets' cells lie so far apart that the table calamine builds
/// (every cell of the rectangle from the first to the last, empty ones included) would not fit
/// the memory budget: two cells, in `A1` and `XFD1048576`, asked for 550 GB and ended the
/// process. The cells are read once more for that, without keeping them.
fn check_xlsx_extent<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    budget: u64,
    deadline: Deadline,
) -> Result<(), Problem> {
    for name in workbook.sheet_names() {
        deadline.check()?;
        // A sheet calamine cannot read is refused by the reading itself.
        let Ok(mut cells) = workbook.worksheet_cells_reader(&name) else {
            continue;
        };
        let mut extent = Extent::default();
        let mut count = 0u32;
        while let Ok(Some(cell)) = cells.next_cell() {
            count = count.wrapping_add(1);
            if count.is_multiple_of(4096) {
                deadline.check()?;
            }
            if !matches!(cell.get_value(), calamine::DataRef::Empty) {
                let (row, col) = cell.get_position();
                extent.add(row, col);
            }
        }
        extent.within(budget)?;
    }
    Ok(())
}

/// The rectangle of a sheet's cells (first and last row and column), which calamine turns into
/// one table holding every cell of it.
#[derive(Default)]
struct Extent(Option<(u32, u32, u32, u32)>);

impl Extent {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    /// `too-large` when the table of the rectangle would take more than `budget` bytes (the
    /// cells as read and as returned are both in memory for a moment).
    fn within(&self, budget: u64) -> Result<(), Problem> {
        let Some((r0, r1, c0, c1)) = self.0 else {
            return Ok(());
        };
        let cells = (r1 - r0 + 1) as u64 * (c1 - c0 + 1) as u64;
        let size = (std::mem::size_of::<Data>() + std::mem::size_of::<calamine::DataRef>()) as u64;
        if cells.saturating_mul(size) > budget {
            return Err(Problem::new(
                Code::TooLarge,
                msg!(
                    "problem.too_large.sheet_span",
                    rows = r1 - r0 + 1,
                    columns = c1 - c0 + 1,
                    cells = cells,
                    budget = budget
                ),
            ));
        }
        Ok(())
    }
}

/// The number of cells calamine reserves for a DIMENSIONS record, computed as it does (BIFF5
/// or BIFF8 layout, first column reset when out of range, `u32` arithmetic that wraps).
fn declared_cells(record: &[u8]) -> u64 {
    let u16_at = |i: usize| u16::from_le_bytes([record[i], record[i + 1]]) as u32;
    let u32_at =
        |i: usize| u32::from_le_bytes([record[i], record[i + 1], record[i + 2], record[i + 3]]);
    let (first_row, row_end, mut first_col, col_end) = match record.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if first_col > 0xFF || col_end < first_col {
        first_col = 0;
    }
    if row_end < 1 || col_end < 1 {
        return 1;
    }
    let rows = (row_end - 1).wrapping_sub(first_row).wrapping_add(1) as u64;
    let cols = (col_end - 1).wrapping_sub(first_col).wrapping_add(1) as u64;
    rows.saturating_mul(cols)
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

    const XLS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/formats/annexe-ae.xls"
    );

    /// The Workbook stream of an `.xls`.
    fn xls_workbook(bytes: &[u8]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
        let mut stream = Vec::new();
        file.open_stream("/Workbook")
            .unwrap()
            .read_to_end(&mut stream)
            .unwrap();
        stream
    }

    /// The AE annex fixture with `stream` as its Workbook stream.
    fn with_workbook(stream: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut file = cfb::CompoundFile::open(Cursor::new(std::fs::read(XLS).unwrap())).unwrap();
        file.create_stream("/Workbook")
            .unwrap()
            .write_all(stream)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// The AE annex fixture with its sheet's DIMENSIONS record set to `rows` rows.
    fn xls_declaring(rows: u32) -> Vec<u8> {
        let mut stream = xls_workbook(&std::fs::read(XLS).unwrap());
        let mut at = 0;
        let mut patched = 0;
        while at + 4 <= stream.len() {
            let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
            let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
            if kind == 0x0200 && len >= 14 {
                stream[at + 8..at + 12].copy_from_slice(&rows.to_le_bytes());
                patched += 1;
            }
            at += 4 + len;
        }
        assert!(patched > 0, "the fixture has a DIMENSIONS record");
        with_workbook(&stream)
    }

    #[test]
    fn an_xls_declaring_billions_of_cells_is_refused_before_any_allocation() {
        let read_xls = |bytes: &[u8]| {
            read(
                Format::Xls,
                bytes,
                &Limits::default(),
                Deadline::after(std::time::Duration::from_secs(30)),
            )
        };
        // Untouched, the fixture reads; declaring 4 294 967 295 rows, calamine would reserve
        // terabytes and the allocation failure would abort the process.
        assert!(read_xls(&xls_declaring(20)).is_ok());
        let err = read_xls(&xls_declaring(u32::MAX)).unwrap_err();
        assert_eq!(err.code, Code::TooLarge, "{}", err.message);
    }

    #[test]
    fn cells_far_apart_are_refused_before_calamine_builds_their_table() {
        use std::io::Write;
        let limits = Limits::default();
        let deadline = || Deadline::after(std::time::Duration::from_secs(30));
        // The AE annex with one more cell, in the last row and column an XLSX allows.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/formats/annexe-ae.xlsx"
        );
        let mut fixture = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..fixture.len() {
            let mut entry = fixture.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            let name = entry.name().unwrap().to_string();
            if name == "xl/worksheets/sheet1.xml" {
                let far = r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#;
                content = String::from_utf8(content)
                    .unwrap()
                    .replace("</sheetData>", far)
                    .into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&content).unwrap();
        }
        let far = out.finish().unwrap().into_inner();
        let err = read(Format::Xlsx, &far, &limits, deadline()).unwrap_err();
        assert_eq!(err.code, Code::TooLarge, "{}", err.message);
        let fixture = std::fs::read(path).unwrap();
        assert!(read(Format::Xlsx, &fixture, &limits, deadline()).is_ok());

        // The XLS annex with its first number cell moved to row and column 65 535.
        let mut stream = xls_workbook(&xls_declaring(20));
        let mut at = 0;
        while at + 4 <= stream.len() {
            let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
            let len = u16::from_le_bytes([stream[at + 2], stream[at + 3]]) as usize;
            if matches!(kind, 0x0203 | 0x027E | 0x00FD) {
                stream[at + 4..at + 8].copy_from_slice(&[0xFF; 4]);
                break;
            }
            at += 4 + len;
        }
        let err = read(Format::Xls, &with_workbook(&stream), &limits, deadline()).unwrap_err();
        assert_eq!(err.code, Code::TooLarge, "{}", err.message);
    }

    #[test]
    fn declared_cells_are_counted_as_calamine_counts_them() {
        let biff8 = |first_row: u32, row_end: u32, first_col: u16, col_end: u16| {
            let mut r = Vec::new();
            r.extend_from_slice(&first_row.to_le_bytes());
            r.extend_from_slice(&row_end.to_le_bytes());
            r.extend_from_slice(&first_col.to_le_bytes());
            r.extend_from_slice(&col_end.to_le_bytes());
            r.extend_from_slice(&[0, 0]);
            r
        };
        assert_eq!(declared_cells(&biff8(0, 10, 0, 4)), 40);
        // An end before the start wraps around in calamine's arithmetic: billions of rows.
        assert_eq!(declared_cells(&biff8(5, 1, 0, 1)), u32::MAX as u64 - 3);
        assert_eq!(declared_cells(&biff8(0, 0, 0, 0)), 1);
        assert_eq!(declared_cells(&[0; 3]), 0);
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
