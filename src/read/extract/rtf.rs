//! RTF: a tokenizer and a group stack, no conversion tool. Text comes from plain characters,
//! `\uN` (with its `\ucN` fallback characters skipped) and `\'hh` bytes in the document's code
//! page (`\ansicpg`, `\mac`, `\pc`, `\pca`); tables come out as rows (`\cell`, `\row`), headings
//! from `\outlinelevelN`, fields by their result (`\fldrslt`, the `\fldinst` code is skipped),
//! headers, footers and footnotes apart from the body. Destinations that hold no text (font and
//! colour tables, style sheet, pictures, document info, `\*` extensions) are skipped.

use super::Ticker;
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, BlockKind, Extracted, Part, Reader, CELL_SEPARATOR};
use crate::read::extract::Deadline;
use encoding_rs::Encoding;

/// Groups nested deeper than this are refused: Word stays far below, and the stack is bounded.
const MAX_GROUP_DEPTH: usize = 1024;

/// Reads an RTF file into blocks.
pub(crate) fn read(bytes: &[u8], deadline: Deadline) -> Result<Extracted, Problem> {
    let mut parser = Parser::new(bytes, deadline);
    parser.run()?;
    Ok(Extracted::new(Reader::Rtf, None, parser.finish()))
}

/// What a group does with the text inside it.
#[derive(Clone, Copy)]
struct GroupState {
    /// Characters to skip after `\uN`.
    uc: usize,
    /// Inside a destination whose text is not document text.
    skip: bool,
    /// Heading level of the current paragraph (`\outlinelevelN` + 1).
    heading: Option<u8>,
    /// The current paragraph is in a table (`\intbl`).
    in_table: bool,
}

/// Text being gathered for one part (body, a header, a footnote).
struct Sink {
    part: Part,
    /// Group depth at which this part's destination was opened.
    depth: usize,
    current: String,
    cells: Vec<String>,
}

impl Sink {
    fn new(part: Part, depth: usize) -> Self {
        Sink {
            part,
            depth,
            current: String::new(),
            cells: Vec::new(),
        }
    }
}

struct Parser<'a> {
    bytes: &'a [u8],
    pos: usize,
    encoding: &'static Encoding,
    stack: Vec<GroupState>,
    state: GroupState,
    /// `\'hh` bytes waiting to be decoded together (double-byte code pages).
    pending: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    skip_chars: usize,
    /// A high surrogate waiting for its low half.
    high_surrogate: Option<u16>,
    sinks: Vec<Sink>,
    blocks: Vec<Block>,
    ticker: Ticker,
}

impl<'a> Parser<'a> {
    fn new(bytes: &'a [u8], deadline: Deadline) -> Self {
        let state = GroupState {
            uc: 1,
            skip: false,
            heading: None,
            in_table: false,
        };
        Parser {
            bytes,
            pos: 0,
            encoding: encoding_rs::WINDOWS_1252,
            stack: Vec::new(),
            state,
            pending: Vec::new(),
            skip_chars: 0,
            high_surrogate: None,
            sinks: vec![Sink::new(Part::Body, 0)],
            blocks: Vec::new(),
            ticker: Ticker::new(deadline),
        }
    }

    fn run(&mut self) -> Result<(), Problem> {
        while self.pos < self.bytes.len() {
            self.ticker.tick()?;
            let b = self.bytes[self.pos];
            match b {
                b'{' => {
                    self.pos += 1;
                    self.flush_pending();
                    if self.stack.len() >= MAX_GROUP_DEPTH {
                        return Err(Problem::new(
                            Code::CorruptFile,
                            msg!("problem.corrupt_file.rtf_depth", depth = MAX_GROUP_DEPTH),
                        ));
                    }
                    self.stack.push(self.state);
                    self.skip_chars = 0;
                    // `{\*\dest …}`: an optional destination (field codes, bookmarks, shapes'
                    // pictures, extensions): none holds the document's visible text.
                    if self.bytes[self.pos..].starts_with(b"\\*") {
                        self.pos += 2;
                        self.state.skip = true;
                    }
                }
                b'}' => {
                    self.pos += 1;
                    self.flush_pending();
                    self.close_group();
                }
                b'\\' => self.control()?,
                b'\r' | b'\n' => self.pos += 1,
                _ => {
                    self.pos += 1;
                    self.text_byte(b);
                }
            }
        }
        self.flush_pending();
        Ok(())
    }

    fn close_group(&mut self) {
        let depth = self.stack.len();
        // The part opened at this depth ends with its group.
        if self.sinks.len() > 1 && self.sinks.last().is_some_and(|s| s.depth == depth) {
            self.end_paragraph();
            self.end_row();
            self.sinks.pop();
        }
        if let Some(state) = self.stack.pop() {
            self.state = state;
        }
        self.skip_chars = 0;
    }

    fn control(&mut self) -> Result<(), Problem> {
        self.pos += 1;
        let Some(&c) = self.bytes.get(self.pos) else {
            return Ok(());
        };
        if !c.is_ascii_alphabetic() {
            self.pos += 1;
            match c {
                b'\'' => {
                    let hex = self.bytes.get(self.pos..self.pos + 2).unwrap_or(b"");
                    self.pos += hex.len();
                    if let Some(byte) = std::str::from_utf8(hex)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok())
                    {
                        if self.skip_chars > 0 {
                            self.skip_chars -= 1;
                        } else if !self.state.skip {
                            self.pending.push(byte);
                        }
                    }
                }
                b'\\' | b'{' | b'}' => self.text_byte(c),
                b'~' => self.push_char('\u{a0}'),
                b'_' => self.push_char('\u{2011}'),
                b'-' => {}
                b'\r' | b'\n' => self.paragraph_break(),
                b'\t' => self.push_char('\t'),
                _ => {}
            }
            return Ok(());
        }
        let start = self.pos;
        while self
            .bytes
            .get(self.pos)
            .is_some_and(u8::is_ascii_alphabetic)
        {
            self.pos += 1;
        }
        let word = std::str::from_utf8(&self.bytes[start..self.pos])
            .unwrap_or("")
            .to_string();
        let num_start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let param: Option<i64> = std::str::from_utf8(&self.bytes[num_start..self.pos])
            .ok()
            .and_then(|s| s.parse().ok());
        if self.bytes.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
        self.word(&word, param)
    }

    fn word(&mut self, word: &str, param: Option<i64>) -> Result<(), Problem> {
        if word != "u" {
            self.flush_pending();
        }
        // A control word counts as one fallback character after \uN.
        if self.skip_chars > 0 && word != "u" {
            self.skip_chars -= 1;
            return Ok(());
        }
        match word {
            "bin" => {
                let n = param.unwrap_or(0).max(0) as usize;
                self.pos = (self.pos + n).min(self.bytes.len());
            }
            "ansicpg" => {
                if let Some(enc) = param.and_then(|cp| codepage(cp as u16)) {
                    self.encoding = enc;
                }
            }
            "mac" => self.encoding = encoding_rs::MACINTOSH,
            "uc" => self.state.uc = param.unwrap_or(1).clamp(0, 16) as usize,
            "u" => {
                let mut v = param.unwrap_or(0);
                if v < 0 {
                    v += 65536;
                }
                self.unicode(v as u16);
                self.skip_chars = self.state.uc;
            }
            // Destinations without document text.
            "fonttbl" | "colortbl" | "stylesheet" | "info" | "pict" | "themedata"
            | "colorschememapping" | "datastore" | "latentstyles" | "listtable"
            | "listoverridetable" | "rsidtbl" | "generator" | "xmlnstbl" | "revtbl"
            | "pgdsctbl" | "fldinst" | "object" | "objdata" | "sp" | "nonshppict" | "filetbl"
            | "mmathPr" | "docvar" | "ftnsep" | "ftnsepc" | "aftnsep" | "aftnsepc" => {
                self.state.skip = true
            }
            "header" | "headerl" | "headerr" | "headerf" => self.open_part(Part::Header),
            "footer" | "footerl" | "footerr" | "footerf" => self.open_part(Part::Footer),
            "footnote" => self.open_part(Part::Footnote),
            "annotation" => self.open_part(Part::Comment),
            "par" | "sect" | "page" => self.paragraph_break(),
            "line" => self.push_char('\n'),
            "tab" => self.push_char('\t'),
            "cell" | "nestcell" => self.end_cell(),
            "row" | "nestrow" => self.end_row(),
            "intbl" => self.state.in_table = true,
            "pard" => {
                self.state.in_table = false;
                self.state.heading = None;
            }
            "outlinelevel" => {
                self.state.heading = Some(param.unwrap_or(0).clamp(0, 8) as u8 + 1);
            }
            "emdash" => self.push_char('—'),
            "endash" => self.push_char('–'),
            "lquote" => self.push_char('‘'),
            "rquote" => self.push_char('’'),
            "ldblquote" => self.push_char('“'),
            "rdblquote" => self.push_char('”'),
            "bullet" => self.push_char('•'),
            "emspace" | "enspace" | "qmspace" => self.push_char(' '),
            _ => {}
        }
        Ok(())
    }

    /// Starts a part (header, footer, footnote) that lasts as long as the current group.
    fn open_part(&mut self, part: Part) {
        let depth = self.stack.len();
        self.sinks.push(Sink::new(part, depth));
    }

    fn unicode(&mut self, unit: u16) {
        if self.state.skip {
            return;
        }
        match unit {
            0xD800..=0xDBFF => self.high_surrogate = Some(unit),
            0xDC00..=0xDFFF => {
                if let Some(high) = self.high_surrogate.take() {
                    let c = char::decode_utf16([high, unit]).next();
                    if let Some(Ok(c)) = c {
                        self.push_char(c);
                    }
                }
            }
            _ => {
                if let Some(c) = char::from_u32(unit as u32) {
                    self.push_char(c);
                }
            }
        }
    }

    fn text_byte(&mut self, b: u8) {
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return;
        }
        if self.state.skip {
            return;
        }
        if b.is_ascii() {
            self.flush_pending();
            self.push_char(b as char);
        } else {
            self.pending.push(b);
        }
    }

    /// Decodes the waiting `\'hh` bytes in the document's code page.
    fn flush_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let bytes = std::mem::take(&mut self.pending);
        let (text, _, _) = self.encoding.decode(&bytes);
        for c in text.chars() {
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.state.skip {
            return;
        }
        if let Some(sink) = self.sinks.last_mut() {
            sink.current.push(c);
        }
    }

    fn paragraph_break(&mut self) {
        if self.state.skip {
            return;
        }
        if self.state.in_table {
            // A paragraph inside a cell: the cell goes on.
            self.push_char(' ');
        } else {
            self.end_paragraph();
        }
    }

    fn end_paragraph(&mut self) {
        let heading = self.state.heading;
        let Some(sink) = self.sinks.last_mut() else {
            return;
        };
        let text = clean(&sink.current);
        sink.current.clear();
        if text.is_empty() {
            return;
        }
        let kind = match heading {
            Some(level) => BlockKind::Heading { level },
            None => BlockKind::Paragraph,
        };
        self.blocks
            .push(Block::paragraph(text).with_kind(kind).in_part(sink.part));
    }

    fn end_cell(&mut self) {
        if self.state.skip {
            return;
        }
        if let Some(sink) = self.sinks.last_mut() {
            let text = clean(&sink.current);
            sink.current.clear();
            sink.cells.push(text);
        }
    }

    fn end_row(&mut self) {
        let Some(sink) = self.sinks.last_mut() else {
            return;
        };
        if sink.cells.is_empty() {
            return;
        }
        let cells = std::mem::take(&mut sink.cells);
        if cells.iter().any(|c| !c.is_empty()) {
            self.blocks.push(
                Block::paragraph(cells.join(CELL_SEPARATOR))
                    .with_kind(BlockKind::TableRow)
                    .in_part(sink.part),
            );
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while self.sinks.len() > 1 {
            self.end_paragraph();
            self.end_row();
            self.sinks.pop();
        }
        self.end_paragraph();
        self.end_row();
        self.blocks
    }
}

/// Text of a paragraph or cell: lines kept, runs of spaces and tabs collapsed.
fn clean(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            line.split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// The encoding of a Windows code page number.
fn codepage(cp: u16) -> Option<&'static Encoding> {
    let label = match cp {
        65001 => "utf-8",
        10000 => "macintosh",
        // DOS code pages (`\pc`, `\pca`) have no decoder here; Windows-1252 is the fallback.
        437 | 850 => return None,
        _ => {
            return Encoding::for_label(format!("windows-{cp}").as_bytes())
                .or_else(|| Encoding::for_label(format!("cp{cp}").as_bytes()))
        }
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn blocks(rtf: &str) -> Vec<(Part, BlockKind, String)> {
        read(rtf.as_bytes(), Deadline::after(Duration::from_secs(5)))
            .unwrap()
            .blocks
            .into_iter()
            .map(|b| (b.part, b.kind, b.text))
            .collect()
    }

    #[test]
    fn unicode_escapes_skip_their_fallback_and_code_page_bytes_decode() {
        let got = blocks(
            r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\uc1 March\u233\'e9 \'e0 5\~% \u8364? HT\par \uc2 d\u8217\'92\'92insertion \u-10179\u-8576 ??fin\par}",
        );
        assert_eq!(got[0].2, "Marché à 5\u{a0}% € HT");
        assert_eq!(got[1].2, "d’insertion \u{1F680}fin");
    }

    #[test]
    fn other_code_pages_are_honoured() {
        // Windows-1251 (Cyrillic) bytes: the document's code page, not Windows-1252.
        let got = blocks(r"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\par}");
        assert_eq!(got[0].2, "При");
    }

    #[test]
    fn tables_fields_headings_and_parts() {
        let got = blocks(concat!(
            r"{\rtf1\ansi{\header \pard Mairie d'Exempleville\par}",
            r"\pard\outlinelevel0{\listtext\pard\plain 1.\tab}Article 9\par",
            r#"\pard Voir {\field{\*\fldinst HYPERLINK "x"}{\fldrslt l'annexe}} jointe.\par"#,
            r"\trowd\pard\intbl Lot\cell Heures\cell\row",
            r"\trowd\pard\intbl 01\cell 460\par heures\cell\row",
            r"\pard Fin{\footnote \pard Note de bas de page.\par}\par",
            r"{\*\generator Un outil;}{\info{\title Titre}}{\pict 0102}}",
        ));
        assert_eq!(
            got,
            [
                (
                    Part::Header,
                    BlockKind::Paragraph,
                    "Mairie d'Exempleville".to_string()
                ),
                (
                    Part::Body,
                    BlockKind::Heading { level: 1 },
                    "1. Article 9".to_string()
                ),
                (
                    Part::Body,
                    BlockKind::Paragraph,
                    "Voir l'annexe jointe.".to_string()
                ),
                (Part::Body, BlockKind::TableRow, "Lot | Heures".to_string()),
                (
                    Part::Body,
                    BlockKind::TableRow,
                    "01 | 460 heures".to_string()
                ),
                (
                    Part::Footnote,
                    BlockKind::Paragraph,
                    "Note de bas de page.".to_string()
                ),
                (Part::Body, BlockKind::Paragraph, "Fin".to_string()),
            ]
        );
    }

    #[test]
    fn binary_data_and_deep_nesting() {
        let got = blocks("{\\rtf1 avant {\\bin4 \x01}\x02\x03 apr\\'e8s}\\par}");
        // The four bytes after `\\bin4 ` are data, braces included.
        assert_eq!(got[0].2, "avant après");
        let deep = "{".repeat(MAX_GROUP_DEPTH + 2);
        let err = read(deep.as_bytes(), Deadline::after(Duration::from_secs(5))).unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
    }
}
