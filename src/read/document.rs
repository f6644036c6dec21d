//! The document every later stage reads: the blocks a reader produced, their source text, the
//! normalised text with its offset map, and its sections; and where a piece of it is (`Location`,
//! `Span`), so that every clause and finding maps back to a page and a character range of the
//! text as it was read.

use crate::read::blocks::{Block, Extracted, Format, OcrPage, Part, Reader};
use serde::{Deserialize, Serialize};

/// A document read, normalised and split into sections: what detection works on.
#[derive(Debug, Clone)]
pub struct Document {
    pub format: Format,
    pub reader: Reader,
    pub pages: Option<u32>,
    /// Pages whose text comes from OCR.
    pub ocr_pages: Vec<OcrPage>,
    /// The blocks as the reader produced them.
    pub blocks: Vec<Block>,
    /// The source text: block texts joined by blank lines; report offsets point into it.
    pub source: String,
    /// The normalised text and its map back to `source`.
    pub text: crate::read::normalize::Text,
    pub sections: Vec<crate::read::segment::Section>,
    /// The structured fields of a notice (TED, eForms), when the file is one.
    pub notice: Option<crate::read::notice::Notice>,
    /// Character offsets of `source`, so that locating a finding does not count from the start.
    source_chars: CharIndex,
}

/// Where a range of normalised text sits in the document as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub page: Option<u32>,
    pub part: Part,
    /// Character (Unicode scalar) range in the source text.
    pub span: Span,
}

/// A half-open range of character offsets (not bytes), so that any JSON consumer can slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Document {
    /// Normalises and segments what a reader produced.
    pub fn from_extracted(format: Format, extracted: Extracted) -> Self {
        let (source, ranges) = crate::read::normalize::source_text(&extracted.blocks);
        let text = crate::read::normalize::normalize(&extracted.blocks, &ranges);
        let sections = crate::read::segment::split(&text);
        // Later stages find a range's sections by binary search on their starts.
        debug_assert!(sections
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start));
        let source_chars = CharIndex::new(&source);
        Document {
            format,
            reader: extracted.reader,
            pages: extracted.pages,
            ocr_pages: extracted.ocr_pages,
            blocks: extracted.blocks,
            source,
            text,
            sections,
            notice: extracted.notice,
            source_chars,
        }
    }

    /// A document from plain text (paragraphs separated by blank lines), for tests, examples
    /// and text given on standard input.
    pub fn from_text(text: &str) -> Self {
        let blocks = crate::read::extract::text_paragraphs(text);
        Document::from_extracted(Format::Txt, Extracted::new(Reader::PlainText, None, blocks))
    }

    /// Maps a byte range of the normalised text back to a page and a source character span.
    pub fn locate(&self, range: std::ops::Range<usize>) -> Location {
        let block = self.text.block_at(range.start);
        let source = self.text.source_range(range);
        Location {
            page: block.and_then(|b| b.page),
            part: block.map_or(Part::Body, |b| b.part),
            span: Span {
                start: self.source_chars.offset(&self.source, source.start),
                end: self.source_chars.offset(&self.source, source.end),
            },
        }
    }
}

/// The character offset of a byte offset (clamped to a char boundary below it).
pub fn char_offset(s: &str, byte: usize) -> usize {
    s[..s.floor_char_boundary(byte)].chars().count()
}

/// Character counts at every [`CharIndex::STEP`] bytes of a text: a byte offset becomes a
/// character offset by counting at most one step, in a table of one entry per step (so
/// reports with thousands of spans stay linear in the text).
#[derive(Debug, Clone, Default)]
pub struct CharIndex {
    counts: Vec<usize>,
}

impl CharIndex {
    const STEP: usize = 4096;

    /// The index of `s`.
    pub fn new(s: &str) -> Self {
        let mut counts = Vec::with_capacity(s.len() / Self::STEP + 1);
        let mut total = 0;
        let mut from = 0;
        counts.push(0);
        while from + Self::STEP <= s.len() {
            let to = from + Self::STEP;
            total += s.as_bytes()[from..to]
                .iter()
                .filter(|&&b| !(0x80..0xC0).contains(&b))
                .count();
            counts.push(total);
            from = to;
        }
        CharIndex { counts }
    }

    /// The character offset of a byte offset of `s` (the text the index was built from),
    /// clamped to a char boundary below it.
    pub fn offset(&self, s: &str, byte: usize) -> usize {
        let byte = s.floor_char_boundary(byte);
        let step = (byte / Self::STEP).min(self.counts.len() - 1);
        let from = step * Self::STEP;
        // Continuation bytes (10xxxxxx) do not start a character.
        self.counts[step]
            + s.as_bytes()[from..byte]
                .iter()
                .filter(|&&b| !(0x80..0xC0).contains(&b))
                .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_char_index_agrees_with_counting() {
        let text = "é’a€\u{1F600}b".repeat(2000);
        let index = CharIndex::new(&text);
        for byte in (0..=text.len()).step_by(7).chain([text.len()]) {
            assert_eq!(
                index.offset(&text, byte),
                char_offset(&text, byte),
                "{byte}"
            );
        }
    }
}
