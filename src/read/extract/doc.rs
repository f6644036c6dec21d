//! Word 97–2003 `.doc` (and `.dot`), read from the compound file without any conversion tool:
//! the FIB locates the piece table (`Clx`) in the table stream; each piece is Windows-1252
//! ("compressed") or UTF-16 text in the `WordDocument` stream. Paragraph properties (from the
//! PAPX pages of the bin table) say which paragraphs are headings (outline level, built-in
//! heading styles) and which cell marks end a table row. Fields show their result, never their
//! code; footnotes, headers, footers, comments, endnotes and text boxes are kept apart from the
//! body. Word 6/95 files and encrypted files are refused with their codes.

use super::Ticker;
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, BlockKind, Extracted, Part, Reader, CELL_SEPARATOR};
use crate::read::extract::{Deadline, Limits};
use std::io::{Cursor, Read};

/// First `nFib` of Word 97; older files are Word 6/95 (another format).
const NFIB_WORD97: u16 = 0x00C1;

/// Reads a Word 97–2003 binary document.
pub(crate) fn read(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            Code::CorruptFile,
            msg!("problem.corrupt_file.ole", cause = e),
        )
    })?;
    let word = stream(&mut file, "/WordDocument", limits)?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.which_table {
        "/1Table"
    } else {
        "/0Table"
    };
    let table = stream(&mut file, table_name, limits)?;
    let pieces = pieces(&table, fib.clx)?;
    let paragraphs = paragraph_runs(&word, &table, fib.bte_papx);
    let stories = stories(&table, &fib);
    let mut reader = DocText {
        word: &word,
        pieces: &pieces,
        paragraphs: &paragraphs,
        blocks: Vec::new(),
        ticker: Ticker::new(deadline),
    };
    for (range, part) in stories {
        reader.story(range, part)?;
    }
    Ok(Extracted::new(Reader::Doc, None, reader.blocks))
}

/// Reads one stream of the compound file, within the unpacked-size budget.
fn stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    limits: &Limits,
) -> Result<Vec<u8>, Problem> {
    let s = file.open_stream(name).map_err(|_| {
        Problem::new(
            Code::CorruptFile,
            msg!("problem.corrupt_file.doc_stream", stream = &name[1..]),
        )
    })?;
    let mut out = Vec::new();
    s.take(limits.max_unpacked + 1)
        .read_to_end(&mut out)
        .map_err(|e| {
            Problem::new(
                Code::CorruptFile,
                msg!(
                    "problem.corrupt_file.doc_stream_read",
                    stream = name,
                    cause = e
                ),
            )
        })?;
    if out.len() as u64 > limits.max_unpacked {
        return Err(Problem::new(
            Code::TooLarge,
            msg!(
                "problem.too_large.doc_stream",
                stream = &name[1..],
                max = limits.max_unpacked
            ),
        ));
    }
    Ok(out)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// `corrupt-file` for a damaged File Information Block.
fn damaged_header() -> Problem {
    Problem::new(Code::CorruptFile, msg!("problem.corrupt_file.doc_header"))
}

/// `corrupt-file` for a damaged piece table.
fn damaged_pieces() -> Problem {
    Problem::new(Code::CorruptFile, msg!("problem.corrupt_file.doc_pieces"))
}

/// What the reader needs from the File Information Block.
struct Fib {
    which_table: bool,
    /// Character counts of the stories, in order: main text, footnotes, headers, macro,
    /// comments, endnotes, text boxes, header text boxes.
    ccp: [u32; 8],
    /// (offset, size) in the table stream of the piece table, the PAPX bin table and the
    /// header story table.
    clx: (u32, u32),
    bte_papx: (u32, u32),
    hdd: (u32, u32),
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, Problem> {
        if u16_at(word, 0) != Some(0xA5EC) {
            return Err(damaged_header());
        }
        let nfib = u16_at(word, 2).ok_or_else(damaged_header)?;
        let flags = u16_at(word, 0x0A).ok_or_else(damaged_header)?;
        if flags & 0x0100 != 0 {
            return Err(Problem::new(Code::Encrypted, msg!("problem.encrypted.doc")));
        }
        if nfib < NFIB_WORD97 {
            return Err(Problem::new(
                Code::UnsupportedFormat,
                msg!("problem.unsupported_format.word95"),
            ));
        }
        let csw = u16_at(word, 32).ok_or_else(damaged_header)? as usize;
        let lw = 32 + 2 + csw * 2;
        let cslw = u16_at(word, lw).ok_or_else(damaged_header)? as usize;
        let lw_start = lw + 2;
        let mut ccp = [0u32; 8];
        // FibRgLw97: ccpText is the 4th long, then ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn,
        // ccpTxbx, ccpHdrTxbx.
        for (i, slot) in ccp.iter_mut().enumerate() {
            *slot = u32_at(word, lw_start + (3 + i) * 4).unwrap_or(0);
        }
        let fc_start = lw_start + cslw * 4 + 2;
        let pair = |index: usize| -> (u32, u32) {
            let at = fc_start + index * 8;
            (
                u32_at(word, at).unwrap_or(0),
                u32_at(word, at + 4).unwrap_or(0),
            )
        };
        Ok(Fib {
            which_table: flags & 0x0200 != 0,
            ccp,
            clx: pair(33),
            bte_papx: pair(13),
            hdd: pair(11),
        })
    }
}

/// One piece of text: characters [cp_start, cp_end) stored at byte offset `fc`, one byte per
/// character (Windows-1252) when `compressed`, else UTF-16.
struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
}

/// The piece table of the `Clx` structure.
fn pieces(table: &[u8], (fc, lcb): (u32, u32)) -> Result<Vec<Piece>, Problem> {
    let clx = table
        .get(fc as usize..(fc as usize).saturating_add(lcb as usize))
        .ok_or_else(damaged_pieces)?;
    let mut at = 0;
    // Skip the property modifiers (Prc) before the piece table (Pcdt).
    while clx.get(at) == Some(&1) {
        let size = u16_at(clx, at + 1).ok_or_else(damaged_pieces)? as usize;
        at += 3 + size;
    }
    if clx.get(at) != Some(&2) {
        return Err(damaged_pieces());
    }
    let size = u32_at(clx, at + 1).ok_or_else(damaged_pieces)? as usize;
    let plc = clx.get(at + 5..at + 5 + size).ok_or_else(damaged_pieces)?;
    // n + 1 character positions, then n 8-byte piece descriptors.
    let n = plc.len().saturating_sub(4) / 12;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, i * 4).ok_or_else(damaged_pieces)?;
        let cp_end = u32_at(plc, (i + 1) * 4).ok_or_else(damaged_pieces)?;
        let pcd = (n + 1) * 4 + i * 8;
        let fc_raw = u32_at(plc, pcd + 2).ok_or_else(damaged_pieces)?;
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = if compressed {
            (fc_raw & !0x4000_0000) / 2
        } else {
            fc_raw
        };
        if cp_end > cp_start {
            out.push(Piece {
                cp_start,
                cp_end,
                fc,
                compressed,
            });
        }
    }
    Ok(out)
}

/// Properties of a run of paragraphs, by byte offset in the `WordDocument` stream.
#[derive(Clone, Copy, Default)]
struct ParaProps {
    heading: Option<u8>,
    in_table: bool,
    /// The paragraph is a table row's end mark.
    row_end: bool,
}

/// (start, end, properties) of every paragraph run the PAPX pages describe, sorted by start.
/// A damaged bin table gives none: the text is still read, without headings and rows.
fn paragraph_runs(word: &[u8], table: &[u8], (fc, lcb): (u32, u32)) -> Vec<(u32, u32, ParaProps)> {
    let Some(plc) = table.get(fc as usize..(fc as usize).saturating_add(lcb as usize)) else {
        return Vec::new();
    };
    let n = plc.len().saturating_sub(4) / 8;
    let mut runs = Vec::new();
    for i in 0..n {
        let Some(pn) = u32_at(plc, (n + 1) * 4 + i * 4) else {
            break;
        };
        let page_at = (pn & 0x3F_FFFF) as usize * 512;
        let Some(page) = word.get(page_at..page_at + 512) else {
            continue;
        };
        let crun = page[511] as usize;
        for r in 0..crun {
            let (Some(start), Some(end)) = (u32_at(page, r * 4), u32_at(page, (r + 1) * 4)) else {
                break;
            };
            let bx = (crun + 1) * 4 + r * 13;
            let offset = page.get(bx).copied().unwrap_or(0) as usize * 2;
            let props = if offset == 0 {
                ParaProps::default()
            } else {
                papx(page, offset)
            };
            runs.push((start, end, props));
        }
    }
    runs.sort_by_key(|r| r.0);
    runs
}

/// The properties clausier reads from one PAPX: style, outline level, table flags.
fn papx(page: &[u8], offset: usize) -> ParaProps {
    let mut props = ParaProps::default();
    let Some(&cb) = page.get(offset) else {
        return props;
    };
    let (start, len) = if cb == 0 {
        (
            offset + 2,
            page.get(offset + 1).copied().unwrap_or(0) as usize * 2,
        )
    } else {
        (offset + 1, cb as usize * 2 - 1)
    };
    let Some(data) = page.get(start..(start + len).min(page.len())) else {
        return props;
    };
    let Some(istd) = u16_at(data, 0) else {
        return props;
    };
    // Built-in styles 1–9 are "heading 1" … "heading 9".
    if (1..=9).contains(&istd) {
        props.heading = Some(istd as u8);
    }
    let mut at = 2;
    while let Some(sprm) = u16_at(data, at) {
        at += 2;
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => {
                // Variable size: a length byte (sprmPChgTabs and sprmTDefTable differ, but
                // neither carries what clausier reads, and both come last in practice).
                let n = data.get(at).copied().unwrap_or(0) as usize;
                at += 1;
                n
            }
        };
        let operand = data.get(at).copied().unwrap_or(0);
        match sprm {
            // sprmPFInTable, sprmPItap (nesting depth: in a table when above zero).
            0x2416 | 0x6649 => props.in_table |= operand != 0,
            0x2417 | 0x244C if operand != 0 => {
                props.row_end = true;
                props.in_table = true;
            }
            // sprmPOutLvl: 0–8 are heading levels, 9 is body text.
            0x2640 => props.heading = (operand < 9).then_some(operand + 1),
            _ => {}
        }
        at += size;
    }
    props
}

/// The stories of the document as character ranges with their part.
fn stories(table: &[u8], fib: &Fib) -> Vec<(std::ops::Range<u32>, Part)> {
    let parts = [
        Part::Body,
        Part::Footnote,
        Part::Header,
        Part::Body, // macro text: never present in a document
        Part::Comment,
        Part::Endnote,
        Part::TextBox,
        Part::TextBox,
    ];
    let mut out = Vec::new();
    let mut cp = 0u32;
    for (i, (&count, &part)) in fib.ccp.iter().zip(parts.iter()).enumerate() {
        let range = cp..cp.saturating_add(count);
        cp = range.end;
        if count == 0 || i == 3 {
            continue;
        }
        if part == Part::Header {
            out.extend(header_stories(table, fib.hdd, range));
        } else {
            out.push((range, part));
        }
    }
    out
}

/// The header story split into headers and footers by the `PlcfHdd` table: after six
/// separator stories, each section has even header, odd header, even footer, odd footer,
/// first header, first footer.
fn header_stories(
    table: &[u8],
    (fc, lcb): (u32, u32),
    range: std::ops::Range<u32>,
) -> Vec<(std::ops::Range<u32>, Part)> {
    let Some(plc) = table.get(fc as usize..(fc as usize).saturating_add(lcb as usize)) else {
        return vec![(range, Part::Header)];
    };
    let cps: Vec<u32> = plc
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let mut out = Vec::new();
    for (i, pair) in cps.windows(2).enumerate() {
        if i < 6 || pair[1] <= pair[0] {
            continue;
        }
        let part = match (i - 6) % 6 {
            2 | 3 | 5 => Part::Footer,
            _ => Part::Header,
        };
        let start = range.start.saturating_add(pair[0]);
        let end = range.start.saturating_add(pair[1]).min(range.end);
        if start < end {
            out.push((start..end, part));
        }
    }
    out
}

/// Walks the characters of the stories and builds blocks.
struct DocText<'a> {
    word: &'a [u8],
    pieces: &'a [Piece],
    paragraphs: &'a [(u32, u32, ParaProps)],
    blocks: Vec<Block>,
    ticker: Ticker,
}

impl DocText<'_> {
    /// The character at `cp` and its byte offset in the `WordDocument` stream.
    fn char_at(&self, cp: u32) -> Option<(char, u32)> {
        let i = self.pieces.partition_point(|p| p.cp_end <= cp);
        let piece = self.pieces.get(i).filter(|p| p.cp_start <= cp)?;
        let k = cp - piece.cp_start;
        if piece.compressed {
            let fc = piece.fc + k;
            let b = *self.word.get(fc as usize)?;
            let byte = [b];
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
            Some((text.chars().next()?, fc))
        } else {
            let fc = piece.fc + 2 * k;
            let unit = u16_at(self.word, fc as usize)?;
            let c = char::from_u32(unit as u32).unwrap_or('\u{FFFD}');
            Some((c, fc))
        }
    }

    fn props_at(&self, fc: u32) -> ParaProps {
        let i = self.paragraphs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).and_then(|i| self.paragraphs.get(i)) {
            Some(&(start, end, props)) if start <= fc && fc < end => props,
            _ => ParaProps::default(),
        }
    }

    fn story(&mut self, range: std::ops::Range<u32>, part: Part) -> Result<(), Problem> {
        let mut current = String::new();
        let mut cells: Vec<String> = Vec::new();
        // Field nesting: for each open field, whether its result has started.
        let mut fields: Vec<bool> = Vec::new();
        let mut previous_mark = false;
        for cp in range {
            self.ticker.tick()?;
            let Some((c, fc)) = self.char_at(cp) else {
                continue;
            };
            let in_code = fields.iter().any(|&result| !result);
            match c {
                '\u{13}' => fields.push(false),
                '\u{14}' => {
                    if let Some(last) = fields.last_mut() {
                        *last = true;
                    }
                }
                '\u{15}' => {
                    fields.pop();
                }
                _ if in_code => {}
                '\r' | '\u{0C}' => {
                    let props = self.props_at(fc);
                    // A cell's last paragraph ends with a cell mark; a paragraph mark inside a
                    // table separates paragraphs of one cell.
                    if props.in_table {
                        current.push(' ');
                    } else {
                        self.paragraph(&mut current, part, props.heading);
                    }
                }
                '\u{07}' => {
                    let props = self.props_at(fc);
                    // Without paragraph properties, a mark right after a cell mark ends the row.
                    let row_end = if self.paragraphs.is_empty() {
                        previous_mark && current.trim().is_empty()
                    } else {
                        props.row_end
                    };
                    if row_end {
                        self.row(&mut cells, part);
                        current.clear();
                    } else {
                        cells.push(clean(&current));
                        current.clear();
                    }
                }
                '\u{0B}' => current.push('\n'),
                '\u{1E}' => current.push('\u{2011}'),
                '\u{1F}' | '\u{01}' | '\u{02}' | '\u{05}' | '\u{08}' => {}
                '\t' => current.push('\t'),
                c if (c as u32) < 0x20 => {}
                c => current.push(c),
            }
            previous_mark = c == '\u{07}';
        }
        self.row(&mut cells, part);
        self.paragraph(&mut current, part, None);
        Ok(())
    }

    fn paragraph(&mut self, current: &mut String, part: Part, heading: Option<u8>) {
        let text = clean(current);
        current.clear();
        if text.is_empty() {
            return;
        }
        let kind = match heading {
            Some(level) => BlockKind::Heading { level },
            None => BlockKind::Paragraph,
        };
        self.blocks
            .push(Block::paragraph(text).with_kind(kind).in_part(part));
    }

    fn row(&mut self, cells: &mut Vec<String>, part: Part) {
        if cells.iter().any(|c| !c.is_empty()) {
            self.blocks.push(
                Block::paragraph(cells.join(CELL_SEPARATOR))
                    .with_kind(BlockKind::TableRow)
                    .in_part(part),
            );
        }
        cells.clear();
    }
}

/// Lines kept, runs of spaces collapsed.
fn clean(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            l.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Seek, SeekFrom, Write};
    use std::time::Duration;

    fn deadline() -> Deadline {
        Deadline::after(Duration::from_secs(5))
    }

    /// The clause fixture made by LibreOffice, with its FIB changed at `at` to `value`.
    fn patched(at: u64, value: u16) -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/formats/clause.doc");
        let bytes = std::fs::read(path).unwrap();
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
        {
            let mut stream = file.open_stream("/WordDocument").unwrap();
            let mut word = Vec::new();
            stream.read_to_end(&mut word).unwrap();
            let old = u16::from_le_bytes([word[at as usize], word[at as usize + 1]]);
            let new = if at == 0x0A { old | value } else { value };
            stream.seek(SeekFrom::Start(at)).unwrap();
            stream.write_all(&new.to_le_bytes()).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn reads_the_fixture_with_headings_and_rows() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/formats/clause.doc");
        let bytes = std::fs::read(path).unwrap();
        let blocks = read(&bytes, &Limits::default(), deadline()).unwrap().blocks;
        assert_eq!(blocks[0].kind, BlockKind::Heading { level: 1 });
        assert_eq!(blocks[0].text, "Article 9 – Clause sociale d’insertion");
        let rows: Vec<&str> = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::TableRow)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(rows[0], "Lot | Désignation | Heures d’insertion");
        assert_eq!(rows.len(), 4, "{rows:?}");
    }

    #[test]
    fn encrypted_and_word_95_files_are_refused_with_their_codes() {
        let err = read(&patched(0x0A, 0x0100), &Limits::default(), deadline()).unwrap_err();
        assert_eq!(err.code, Code::Encrypted);
        let err = read(&patched(2, 0x0068), &Limits::default(), deadline()).unwrap_err();
        assert_eq!(err.code, Code::UnsupportedFormat);
        assert!(err.message.contains("Word 6.0/95"), "{}", err.message);
    }

    #[test]
    fn damaged_streams_are_corrupt_not_panics() {
        let err = read(&patched(0, 0x1234), &Limits::default(), deadline()).unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
        // A piece table pointing outside the table stream.
        let bytes = patched(0x01A2, 0xFFFF);
        assert!(read(&bytes, &Limits::default(), deadline()).is_err());
    }
}
