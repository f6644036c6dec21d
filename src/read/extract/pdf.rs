//! PDF text: clausier's own text-layer reader on lopdf objects, with pdf-extract and then
//! lopdf's `extract_text` as fallbacks when it fails, panics or reads garbage.
//!
//! The own reader exists because neither library gets both the characters and the layout of
//! French tender documents right at once: lopdf splits words at every `TJ` and lines at every
//! `ET`, and pdf-extract panics on a fifth of damaged files and is slower. Every fallback is
//! recorded as a note, which the caller reports as a degraded extraction.

mod cmap;
mod content;
mod fonts;
mod glyphs;
mod layout;
mod raw;

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, Extracted, Reader};
use crate::read::extract::{located_panic, panic_message, Deadline, Limits};
use lopdf::{Document, LoadOptions, ObjectId, Stream};
use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Share of U+FFFD above which our text counts as garbled and another reader is tried.
const GARBLED_SHARE: f64 = 0.05;

/// Reads the text of a PDF, page by page.
pub(crate) fn read(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    let (doc, bypassed) = match load(bytes, limits) {
        Ok((doc, bypassed)) => (Ok(doc), bypassed),
        Err(problem) => (Err(problem), None),
    };
    let primary = match &doc {
        Ok(doc) => {
            check_pages(doc, limits)?;
            match catch_unwind(AssertUnwindSafe(|| read_own(doc, limits, deadline))) {
                Ok(result) => result,
                Err(payload) => Err(Problem::new(
                    Code::InternalError,
                    msg!(
                        "problem.internal_error.pdf_panicked",
                        cause = located_panic(payload.as_ref())
                    ),
                )),
            }
        }
        Err(problem) => Err(problem.clone()),
    };
    let primary = match primary {
        Err(p) if matches!(p.code, Code::Encrypted | Code::TooLarge | Code::Timeout) => {
            return Err(p)
        }
        other => other,
    };
    let primary_garbage = match &primary {
        Ok(extracted) => {
            let share = garbage_share(extracted);
            if share <= GARBLED_SHARE && extracted.char_count() > 0 {
                return primary.map(|mut e| {
                    e.notes.extend(bypassed);
                    e
                });
            }
            Some(share)
        }
        Err(_) => None,
    };

    let why = match (&primary, primary_garbage) {
        (Err(p), _) => p.message.clone(),
        (Ok(e), _) if e.char_count() == 0 => msg!("problem.degraded_extraction.no_text_found"),
        (_, Some(share)) => msg!(
            "problem.degraded_extraction.unreadable_share",
            percent = format!("{:.0}", share * 100.0)
        ),
        _ => String::new(),
    };
    deadline.check()?;
    if let Some(mut fallback) = read_pdf_extract(bytes, limits) {
        let better = match primary_garbage {
            None => true,
            Some(share) => {
                fallback.char_count() > 0
                    && (garbage_share(&fallback) < share / 2.0
                        || primary.as_ref().is_ok_and(|e| e.char_count() == 0))
            }
        };
        if better {
            fallback
                .notes
                .push(msg!("problem.degraded_extraction.pdf_extract", cause = why));
            return Ok(fallback);
        }
    }
    deadline.check()?;
    // A damaged page tree or stream dictionary (a loop, a self-referencing /Length, a page
    // nested too deep for the parser) hides content streams that are intact: read them
    // straight from the file.
    if let Some(mut recovered) = raw::read(bytes, limits, deadline)? {
        if garbage_share(&recovered) <= GARBLED_SHARE {
            recovered
                .notes
                .push(msg!("problem.degraded_extraction.raw_streams", cause = why));
            recovered.notes.extend(bypassed);
            return Ok(recovered);
        }
    }
    if let Some(handler) = bypassed {
        // Read without the unknown security handler and still unreadable: really encrypted.
        return Err(Problem::new(Code::Encrypted, handler));
    }
    if let Ok(extracted) = &primary {
        // No text anywhere: a scan only when the pages hold images; otherwise the file is
        // damaged, and calling it a scan would send the reader to OCR for nothing.
        let images = doc.as_ref().is_ok_and(has_images);
        if extracted.char_count() == 0 && !images {
            return Err(Problem::new(
                Code::CorruptFile,
                msg!("problem.corrupt_file.pdf_empty", cause = why),
            ));
        }
        // Our text is empty or garbled and nothing did better: the caller flags the text layer.
        return primary;
    }
    if let Ok(doc) = &doc {
        if let Some(mut fallback) = read_lopdf(doc, limits) {
            fallback
                .notes
                .push(msg!("problem.degraded_extraction.lopdf", cause = why));
            return Ok(fallback);
        }
    }
    Err(Problem::new(
        Code::CorruptFile,
        msg!("problem.corrupt_file.pdf", cause = why),
    ))
}

/// Whether any object of the document is an image (what a scan's pages are made of).
fn has_images(doc: &Document) -> bool {
    doc.objects.values().any(|object| {
        object.as_stream().is_ok_and(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(lopdf::Object::as_name)
                .is_ok_and(|n| n == b"Image")
        })
    })
}

/// Loads the document, decrypting it when it only has an owner password. A security handler
/// other than the standard one cannot be opened: the document is read as it is (some tools
/// write one without encrypting anything), with the reason to say if the text is unreadable.
pub(crate) fn load(bytes: &[u8], limits: &Limits) -> Result<(Document, Option<String>), Problem> {
    let options = LoadOptions {
        max_decompressed_size: Some(per_stream_limit(limits)),
        ..LoadOptions::default()
    };
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(bytes, options)
    }));
    let mut doc = match loaded {
        Ok(Ok(doc)) => doc,
        Ok(Err(lopdf::Error::Decompress(e))) => {
            return Err(Problem::new(
                Code::TooLarge,
                msg!("problem.too_large.pdf_stream", cause = e),
            ))
        }
        Ok(Err(e)) => {
            return Err(Problem::new(
                Code::CorruptFile,
                msg!("problem.corrupt_file.lopdf", cause = e),
            ))
        }
        Err(payload) => {
            return Err(Problem::new(
                Code::CorruptFile,
                msg!(
                    "problem.corrupt_file.lopdf_panicked",
                    cause = panic_message(payload.as_ref())
                ),
            ))
        }
    };
    // lopdf decrypts on load when the empty user password opens the file; a document still
    // marked encrypted afterwards needs a password we do not have.
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        let handler = doc
            .trailer
            .get(b"Encrypt")
            .and_then(|e| match e {
                lopdf::Object::Reference(id) => doc.get_object(*id),
                other => Ok(other),
            })
            .and_then(lopdf::Object::as_dict)
            .and_then(|d| d.get(b"Filter"))
            .and_then(lopdf::Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_else(|_| "Standard".into());
        if handler != "Standard" {
            doc.trailer.remove(b"Encrypt");
            return Ok((
                doc,
                Some(msg!("problem.encrypted.pdf_handler", handler = handler)),
            ));
        }
        return Err(Problem::new(Code::Encrypted, msg!("problem.encrypted.pdf")));
    }
    Ok((doc, None))
}

fn per_stream_limit(limits: &Limits) -> usize {
    usize::try_from(limits.max_unpacked)
        .unwrap_or(usize::MAX)
        .clamp(1, lopdf::DEFAULT_MAX_DECOMPRESSED_SIZE.max(1))
}

fn check_pages(doc: &Document, limits: &Limits) -> Result<(), Problem> {
    let count = doc
        .page_iter()
        .collect::<std::collections::HashSet<_>>()
        .len();
    if count as u64 > limits.max_pages as u64 {
        return Err(Problem::new(
            Code::TooLarge,
            msg!(
                "problem.too_large.pdf_pages",
                count = count,
                max = limits.max_pages
            ),
        ));
    }
    Ok(())
}

/// The decompressed-bytes allowance of one file, charged as streams are decoded.
pub(crate) struct Budget {
    remaining: Cell<usize>,
}

impl Budget {
    /// An allowance of `bytes` decompressed bytes.
    pub(crate) fn new(bytes: u64) -> Self {
        Budget {
            remaining: Cell::new(usize::try_from(bytes).unwrap_or(usize::MAX)),
        }
    }

    /// The decoded content of a stream; `too-large` when it would exceed the allowance. A
    /// stream whose filter fails to decode gives no bytes (its text is lost, not the file's).
    pub(crate) fn stream(&self, stream: &Stream) -> Result<Vec<u8>, Problem> {
        let remaining = self.remaining.get();
        match stream.get_plain_content_with_limit(remaining) {
            Ok(data) => {
                self.remaining.set(remaining.saturating_sub(data.len()));
                Ok(data)
            }
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => Err(Problem::new(
                Code::TooLarge,
                msg!("problem.too_large.pdf_streams"),
            )),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// The concatenated content streams of a page.
    pub(crate) fn page_content(&self, doc: &Document, page: ObjectId) -> Result<Vec<u8>, Problem> {
        let mut content = Vec::new();
        for id in doc.get_page_contents(page) {
            if let Ok(stream) = doc.get_object(id).and_then(lopdf::Object::as_stream) {
                content.extend_from_slice(&self.stream(stream)?);
                content.push(b'\n');
            }
        }
        Ok(content)
    }
}

/// Our own reader: interpret every page, then lay the runs out.
fn read_own(doc: &Document, limits: &Limits, deadline: Deadline) -> Result<Extracted, Problem> {
    let budget = Budget::new(limits.max_unpacked);
    let mut interpreter = content::Interpreter::new(doc, &budget, deadline);
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for page_id in doc.page_iter() {
        deadline.check()?;
        // A page tree that loops lists a page again: read it once.
        if !seen.insert(page_id) {
            continue;
        }
        let runs = interpreter.page(page_id)?;
        pages.push(layout::lines(&runs));
    }
    let count = pages.len() as u32;
    Ok(Extracted::new(
        Reader::PdfText,
        Some(count),
        layout::blocks(&pages),
    ))
}

fn garbage_share(extracted: &Extracted) -> f64 {
    let mut total = 0usize;
    let mut bad = 0usize;
    for block in &extracted.blocks {
        for c in block.text.chars().filter(|c| !c.is_whitespace()) {
            total += 1;
            if c == '\u{FFFD}' {
                bad += 1;
            }
        }
    }
    if total == 0 {
        0.0
    } else {
        bad as f64 / total as f64
    }
}

/// pdf-extract, page by page, under `catch_unwind`; `None` when it fails or panics.
fn read_pdf_extract(bytes: &[u8], limits: &Limits) -> Option<Extracted> {
    let pages = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }))
    .ok()?
    .ok()?;
    if pages.len() as u64 > limits.max_pages as u64 {
        return None;
    }
    let mut blocks = Vec::new();
    for (index, text) in pages.iter().enumerate() {
        for paragraph in text.split("\n\n") {
            let paragraph = paragraph.trim_matches('\n');
            if !paragraph.trim().is_empty() {
                blocks.push(Block::paragraph(paragraph).on_page(index as u32 + 1));
            }
        }
    }
    Some(Extracted::new(
        Reader::PdfExtract,
        Some(pages.len() as u32),
        blocks,
    ))
}

/// lopdf's own `extract_text`, page by page, with its spurious line breaks joined back.
fn read_lopdf(doc: &Document, limits: &Limits) -> Option<Extracted> {
    let limit = per_stream_limit(limits);
    let mut blocks = Vec::new();
    let mut count = 0u32;
    let mut any = false;
    for (number, _) in doc.get_pages() {
        count = number;
        let text = catch_unwind(AssertUnwindSafe(|| {
            doc.extract_text_with_limit(&[number], limit)
        }));
        let Ok(Ok(text)) = text else { continue };
        any = true;
        for paragraph in join_lopdf_lines(&text) {
            blocks.push(Block::paragraph(paragraph).on_page(number));
        }
    }
    any.then(|| Extracted::new(Reader::Lopdf, Some(count), blocks))
}

/// lopdf ends a line at every `ET`, so real lines are unknown: join pieces until one ends a
/// sentence, which keeps "5 %" and "L. 2112-2" together.
fn join_lopdf_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for piece in text.split('\n') {
        let piece = piece.split([' ', '\t']).filter(|w| !w.is_empty());
        for word in piece {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        let ends = current.ends_with(['.', ':', ';', '!', '?']);
        if ends && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests;
