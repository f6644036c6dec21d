//! OCR of scanned PDF pages with the Tesseract command-line tool (Debian `tesseract-ocr` and
//! `tesseract-ocr-fra`), run only when it is installed: nothing is downloaded, nothing linked.
//!
//! A page goes through OCR when its text layer is missing or garbage (`--ocr auto`) or always
//! (`--ocr always`), and only when the page is one image the size of the page, as a scanner
//! makes it: that image is handed to Tesseract as the PDF holds it (see `images`), at its own
//! resolution. The OCR text replaces the page's text layer; the pages keep their numbers.

mod images;
mod tesseract;

use super::{Deadline, Limits};
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, Extracted, OcrPage, Reader};

pub use tesseract::{available as tesseract_available, install_hint};

/// When to run OCR on a PDF's pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Pages without a usable text layer, when Tesseract is installed.
    #[default]
    Auto,
    /// Never: a scan is reported `no-text-layer` and its verdict is unknown.
    Never,
    /// Every page that is a scanned image, even when it has a text layer (a bad OCR layer).
    Always,
}

/// Mean word confidence under which OCR text is reported `ocr-low-confidence`.
pub const LOW_CONFIDENCE: f64 = 60.0;

/// Fewer non-blank characters than this on a page is no text layer.
const MIN_PAGE_CHARS: usize = 20;

/// Completes a PDF's extracted text by OCR of the pages that need it.
pub(crate) fn complete(
    bytes: &[u8],
    mut extracted: Extracted,
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    if limits.ocr == OcrMode::Never {
        return Ok(extracted);
    }
    let pages = extracted.pages.unwrap_or(0);
    let wanted: Vec<u32> = (1..=pages)
        .filter(|&p| limits.ocr == OcrMode::Always || needs_ocr(&extracted.blocks, p))
        .collect();
    if wanted.is_empty() {
        return Ok(extracted);
    }
    let Some(tool) = tesseract::available() else {
        extracted.text_layer_hint = Some(install_hint());
        return Ok(extracted);
    };
    let (doc, _) = super::pdf::load(bytes, limits)?;
    let page_ids = doc.get_pages();
    let mut done: Vec<OcrPage> = Vec::new();
    let mut unreadable: Vec<u32> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    for page in wanted {
        deadline.check()?;
        let Some(image) = page_ids
            .get(&page)
            .and_then(|&id| images::page_image(&doc, id, limits))
        else {
            continue;
        };
        let read = match tool.read(&image, deadline) {
            Ok(read) => read,
            // One damaged page image costs that page, not the file.
            Err(problem) if problem.code == Code::CorruptFile => {
                extracted.notes.push(msg!(
                    "problem.degraded_extraction.ocr_page",
                    page = page,
                    cause = problem.message
                ));
                unreadable.push(page);
                continue;
            }
            Err(problem) => return Err(problem),
        };
        done.push(OcrPage {
            page,
            confidence: (read.confidence * 10.0).round() / 10.0,
        });
        blocks.extend(
            read.paragraphs
                .into_iter()
                .map(|text| Block::paragraph(text).on_page(page)),
        );
    }
    if done.is_empty() {
        if !unreadable.is_empty() {
            extracted.text_layer_hint = Some(msg!("problem.no_text_layer.ocr_unreadable_images"));
        }
        return Ok(extracted);
    }
    extracted
        .blocks
        .retain(|b| !done.iter().any(|d| b.page == Some(d.page)));
    extracted.blocks.extend(blocks);
    // Stable: the order inside each page is kept.
    extracted.blocks.sort_by_key(|b| b.page.unwrap_or(0));
    extracted.reader = Reader::Ocr;
    extracted.ocr_pages = done;
    if extracted.blocks.iter().all(|b| b.text.trim().is_empty()) {
        extracted.text_layer_hint = Some(msg!("problem.no_text_layer.ocr_nothing"));
    }
    Ok(extracted)
}

/// Whether page `page` has no usable text layer: almost no characters, or mostly garbage.
fn needs_ocr(blocks: &[Block], page: u32) -> bool {
    let (mut total, mut letters, mut garbage) = (0usize, 0usize, 0usize);
    for block in blocks.iter().filter(|b| b.page == Some(page)) {
        for c in block.text.chars().filter(|c| !c.is_whitespace()) {
            total += 1;
            let private = matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
            if c.is_alphabetic() && !private {
                letters += 1;
            }
            if c == '\u{FFFD}' || private || c.is_control() {
                garbage += 1;
            }
        }
    }
    total < MIN_PAGE_CHARS || garbage * 4 > total || letters * 2 < total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_without_text_or_with_garbage_need_ocr() {
        let blocks = vec![
            Block::paragraph("Article 9 – Clause sociale d'insertion, 5 % des heures").on_page(1),
            Block::paragraph("3").on_page(2),
            Block::paragraph("\u{E001}\u{E002}\u{E003}\u{E004} \u{FFFD}\u{FFFD}abc 12345678901234")
                .on_page(3),
        ];
        assert!(!needs_ocr(&blocks, 1));
        assert!(
            needs_ocr(&blocks, 2),
            "a page number alone is no text layer"
        );
        assert!(needs_ocr(&blocks, 3), "garbage");
        assert!(needs_ocr(&blocks, 4), "nothing at all");
    }
}
