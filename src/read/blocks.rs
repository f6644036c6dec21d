//! What a reader produces from one file: its `Format`, the `Reader` that read it, and the
//! `Block`s of text it found, each with the `Part` of the page it came from (body, header,
//! footer, note, table) and its page. Readers only fill blocks; the source text, its
//! normalisation and its sections are derived later (`normalize`, `segment`, `document`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The file formats clausier recognises, sniffed from content rather than from the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Odt,
    Doc,
    Rtf,
    Html,
    Md,
    Txt,
    /// An XML file: a TED or eForms notice, or any other XML read for its text.
    Xml,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// The lowercase name used in reports (`pdf`, `docx`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Doc => "doc",
            Format::Rtf => "rtf",
            Format::Html => "html",
            Format::Md => "md",
            Format::Txt => "txt",
            Format::Xml => "xml",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }

    /// File extensions that normally carry this format (used to flag mislabelled files).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Pdf => &["pdf"],
            Format::Docx => &["docx", "docm", "dotx"],
            Format::Odt => &["odt", "ott", "fodt", "oth"],
            Format::Doc => &["doc", "dot"],
            Format::Rtf => &["rtf"],
            Format::Html => &["html", "htm", "xhtml"],
            Format::Md => &["md", "markdown"],
            Format::Txt => &["txt", "text", "csv"],
            Format::Xml => &["xml"],
            Format::Xlsx => &["xlsx", "xlsm", "xltx"],
            Format::Xls => &["xls", "xlt"],
            Format::Ods => &["ods", "ots"],
        }
    }
}

impl Format {
    /// Whether the format is a spreadsheet (sheets of values rather than prose).
    pub fn is_spreadsheet(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xls | Format::Ods)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which part of a document a block belongs to; only `Body` is split into sections.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    #[default]
    Body,
    /// A page header (DOCX/ODT header part, or a line repeated at the top of every PDF page).
    Header,
    /// A page footer (DOCX/ODT footer part, or a line repeated at the bottom of every PDF page).
    Footer,
    Footnote,
    Endnote,
    TextBox,
    Comment,
}

impl Part {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::Header => "header",
            Part::Footer => "footer",
            Part::Footnote => "footnote",
            Part::Endnote => "endnote",
            Part::TextBox => "text-box",
            Part::Comment => "comment",
        }
    }
}

/// The structural role of a block, as far as the source format tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum BlockKind {
    Paragraph,
    /// A heading marked as such by the format (DOCX heading style, ODT `text:h`, Markdown `#`).
    Heading {
        level: u8,
    },
    /// One table row; its cells are joined with [`CELL_SEPARATOR`].
    TableRow,
    ListItem,
}

/// Separator written between table cells so that a row stays one line of text.
pub const CELL_SEPARATOR: &str = " | ";

/// One paragraph-like unit of text as a reader produced it. `text` may hold `\n` (lines of a
/// PDF paragraph, `w:br` in DOCX); it never holds the block separator itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    pub part: Part,
    pub kind: BlockKind,
    /// 1-based page number when the format has pages (PDF); `None` otherwise.
    pub page: Option<u32>,
    pub text: String,
}

/// The cells of a table row as readers write it ("01 | Démolition | 460 h"), outer bars of a
/// bordered row ("| 01 | … |") dropped, each cell trimmed.
pub fn table_cells(line: &str) -> impl Iterator<Item = &str> {
    line.trim()
        .trim_matches('|')
        .split(CELL_SEPARATOR)
        .map(str::trim)
}

impl Block {
    /// A body paragraph with no page.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block {
            part: Part::Body,
            kind: BlockKind::Paragraph,
            page: None,
            text: text.into(),
        }
    }

    /// Sets the block's part.
    pub fn in_part(mut self, part: Part) -> Self {
        self.part = part;
        self
    }

    /// Sets the block's kind.
    pub fn with_kind(mut self, kind: BlockKind) -> Self {
        self.kind = kind;
        self
    }

    /// Sets the block's page.
    pub fn on_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }
}

/// Which reader produced a document's text: reports say it, so that a degraded read is visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reader {
    /// clausier's own PDF text-layer reader on lopdf objects.
    PdfText,
    /// The pdf-extract crate.
    PdfExtract,
    /// lopdf's own `extract_text`, the last-resort PDF fallback (line layout degraded).
    Lopdf,
    Docx,
    Odt,
    Doc,
    Rtf,
    Html,
    Markdown,
    PlainText,
    /// A TED XML notice (schema R2.0.9 forms).
    TedXml,
    /// An eForms UBL notice.
    Eforms,
    /// Any other XML, read for the text of its elements.
    Xml,
    /// The calamine crate (spreadsheets).
    Calamine,
    /// Tesseract's OCR of a scanned PDF's page images (some or all pages).
    Ocr,
}

impl Reader {
    /// The kebab-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Reader::PdfText => "pdf-text",
            Reader::PdfExtract => "pdf-extract",
            Reader::Lopdf => "lopdf",
            Reader::Docx => "docx",
            Reader::Odt => "odt",
            Reader::Doc => "doc",
            Reader::Rtf => "rtf",
            Reader::Html => "html",
            Reader::Markdown => "markdown",
            Reader::PlainText => "plain-text",
            Reader::TedXml => "ted-xml",
            Reader::Eforms => "eforms",
            Reader::Xml => "xml",
            Reader::Calamine => "calamine",
            Reader::Ocr => "ocr",
        }
    }
}

/// What one reader produced from one file, before normalisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extracted {
    pub reader: Reader,
    /// Number of pages when the format has pages.
    pub pages: Option<u32>,
    pub blocks: Vec<Block>,
    /// Non-fatal problems met while reading (e.g. a damaged page that was skipped).
    pub notes: Vec<String>,
    /// The structured fields of a notice (TED, eForms), when the file is one.
    #[serde(default)]
    pub notice: Option<crate::read::notice::Notice>,
    /// Pages whose text comes from OCR, with its confidence.
    #[serde(default)]
    pub ocr_pages: Vec<OcrPage>,
    /// What to tell the user when the text layer is missing or unusable (how to get OCR, or
    /// that OCR found nothing), in place of the generic advice.
    #[serde(default)]
    pub text_layer_hint: Option<String>,
}

/// A page read by OCR, with Tesseract's mean word confidence on it (0–100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OcrPage {
    pub page: u32,
    pub confidence: f64,
}

impl Extracted {
    /// An extraction with no notes.
    pub fn new(reader: Reader, pages: Option<u32>, blocks: Vec<Block>) -> Self {
        Extracted {
            reader,
            pages,
            blocks,
            notes: Vec::new(),
            notice: None,
            ocr_pages: Vec::new(),
            text_layer_hint: None,
        }
    }

    /// Total number of characters of text in all blocks.
    pub fn char_count(&self) -> usize {
        self.blocks.iter().map(|b| b.text.chars().count()).sum()
    }
}
