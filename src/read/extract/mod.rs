//! Reading files: sniff the format from the bytes, dispatch to one reader, and turn every
//! failure (error, panic, overrun) into a coded [`Problem`] for that file alone.
//!
//! Only this module touches the file system on the reading side. Readers are pure functions
//! from bytes to [`Extracted`] blocks; normalisation and segmentation come after.

mod archive;
pub(crate) mod disk;
mod doc;
pub(crate) mod docx;
mod eforms;
mod html;
mod html_nesting;
mod isolate;
mod markdown;
mod ocr;
mod odt;
mod ole;
mod pdf;
mod rtf;
mod sheet;
mod sniff;
mod ted;
mod text;
mod xml;
mod xmlfile;
mod zipped;

pub use crate::base::deadline::{Deadline, Ticker};
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Extracted, Format};
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub use archive::{
    documents, may_hold_members, member_bytes, read_document, read_entries, Entry, Found,
    SEPARATOR as MEMBER_SEPARATOR,
};
pub use isolate::{read_isolated, run_child, CHECK_COMMAND, CHILD_COMMAND};
pub use ocr::{install_hint as ocr_install_hint, tesseract_available, OcrMode, LOW_CONFIDENCE};
pub use sniff::sniff;

/// Reads a DOCX as it was before its tracked changes (every change rejected); the normal
/// reading accepts them.
pub fn read_docx_rejecting_changes(bytes: &[u8], limits: &Limits) -> Result<Extracted, Problem> {
    docx::read_with(bytes, limits, Deadline::after(limits.timeout), true)
}

/// Splits plain text into paragraph blocks (blank lines separate paragraphs).
pub fn text_paragraphs(text: &str) -> Vec<crate::read::blocks::Block> {
    text::paragraphs(text)
}

/// Per-file limits; every reader honours them so that no single file takes unbounded time or
/// memory.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_size: u64,
    /// Largest total of decompressed bytes a reader may produce from one file (zip entries,
    /// PDF streams).
    pub max_unpacked: u64,
    /// Most pages read from one PDF.
    pub max_pages: u32,
    /// Most characters of text kept from one file: memory and time grow with the text, and
    /// no tender document comes near this.
    pub max_text: u64,
    /// Wall-clock budget for reading one file (OCR included).
    pub timeout: Duration,
    /// When scanned PDF pages go through OCR.
    pub ocr: OcrMode,
}

impl Limits {
    /// The most elements an office document's XML part may hold: one per 20 characters of
    /// `max_text` (1 048 576 by default), so that raising `--max-text` lets larger documents in.
    pub fn max_xml_elements(&self) -> u64 {
        (self.max_text / 20).max(1)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 200 * 1024 * 1024,
            max_unpacked: 512 * 1024 * 1024,
            max_pages: 5_000,
            max_text: 20 * 1024 * 1024,
            timeout: Duration::from_secs(60),
            ocr: OcrMode::Auto,
        }
    }
}

/// What reading a file gave: the text, or the coded reason there is none; warnings either way.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReadOutcome {
    pub format: Option<Format>,
    pub result: Result<Extracted, Problem>,
    pub warnings: Vec<Problem>,
}

/// Reads one file from disk: regular files only, size check, sniffing, reading under the
/// limits, on a reader thread.
pub fn read_path(path: &Path, limits: &Limits) -> ReadOutcome {
    let owned = path.to_path_buf();
    let worker_limits = limits.clone();
    guarded(
        move || {
            read_path_here(
                &owned,
                &worker_limits,
                Deadline::after(worker_limits.timeout),
            )
        },
        limits.timeout,
    )
    .unwrap_or_else(failed)
}

fn failed(problem: Problem) -> ReadOutcome {
    ReadOutcome {
        format: None,
        result: Err(problem),
        warnings: Vec::new(),
    }
}

/// [`read_path`] on the current thread, for a caller that already runs on a reader thread.
pub fn read_path_here(path: &Path, limits: &Limits, deadline: Deadline) -> ReadOutcome {
    let bytes = match disk::read_regular(path, limits.max_file_size) {
        Ok(b) => b,
        Err(problem) => return failed(problem),
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    read_bytes_here(bytes, extension.as_deref(), limits, deadline)
}

/// Reads bytes whose file extension (lowercase, without dot) is `extension`, on a reader
/// thread.
///
/// The extension only breaks ties the content cannot (Markdown vs plain text) and flags
/// mislabelled files; the content decides the format.
pub fn read_bytes(bytes: Vec<u8>, extension: Option<&str>, limits: &Limits) -> ReadOutcome {
    let extension = extension.map(str::to_string);
    let worker_limits = limits.clone();
    guarded(
        move || {
            let deadline = Deadline::after(worker_limits.timeout);
            read_bytes_here(bytes, extension.as_deref(), &worker_limits, deadline)
        },
        limits.timeout,
    )
    .unwrap_or_else(failed)
}

/// [`read_bytes`] on the current thread (for a caller already on a reader thread, and for the
/// fuzz targets). A reader's panic becomes `internal-error` here, so that the report keeps the
/// format; the end of the file's time goes on unwinding.
pub fn read_bytes_here(
    bytes: Vec<u8>,
    extension: Option<&str>,
    limits: &Limits,
    deadline: Deadline,
) -> ReadOutcome {
    let mut warnings = Vec::new();
    if bytes.len() as u64 > limits.max_file_size {
        return failed(disk::too_large(bytes.len() as u64, limits.max_file_size));
    }
    let format = match sniff(&bytes, extension) {
        Ok(f) => f,
        Err(problem) => return failed(problem),
    };
    if let Some(ext) = extension {
        if is_mislabelled(format, ext) {
            warnings.push(Problem::new(
                Code::MislabelledFile,
                msg!(
                    "problem.mislabelled_file.content",
                    ext = ext,
                    format = format
                ),
            ));
        }
    }
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        dispatch(format, &bytes, limits, deadline)
    }))
    .unwrap_or_else(|payload| {
        if crate::base::deadline::is_expired(payload.as_ref()) {
            panic::resume_unwind(payload);
        }
        Err(Problem::new(
            Code::InternalError,
            msg!(
                "problem.internal_error.parser_crashed",
                cause = located_panic(payload.as_ref())
            ),
        ))
    });
    // Text formats are decoded chunk by chunk when they mix encodings: say so.
    if matches!(format, Format::Txt | Format::Md | Format::Html) && text::is_mixed(&bytes) {
        warnings.push(Problem::new(
            Code::MixedEncoding,
            msg!("problem.mixed_encoding.decoded_apart"),
        ));
    }
    drop(bytes);
    let result = result.and_then(|extracted| within_text_limit(extracted, limits.max_text));
    let result = result.map(|mut extracted| {
        for note in extracted.notes.drain(..) {
            warnings.push(Problem::new(Code::DegradedExtraction, note));
        }
        if let Some(problem) = text_layer_problem(format, &extracted) {
            warnings.push(problem);
        }
        if let Some(problem) = low_confidence(&extracted) {
            warnings.push(problem);
        }
        extracted
    });
    ReadOutcome {
        format: Some(format),
        result,
        warnings,
    }
}

/// `too-large` when the text read is longer than `--max-text` characters.
fn within_text_limit(extracted: Extracted, max: u64) -> Result<Extracted, Problem> {
    let chars = extracted.char_count() as u64;
    if chars > max {
        return Err(text_too_long(chars, max));
    }
    Ok(extracted)
}

/// `too-large` for a text of `chars` characters.
pub(crate) fn text_too_long(chars: u64, max: u64) -> Problem {
    Problem::new(
        Code::TooLarge,
        msg!("problem.too_large.text", chars = chars, max = max),
    )
}

fn is_mislabelled(format: Format, ext: &str) -> bool {
    let known = [
        Format::Pdf,
        Format::Docx,
        Format::Odt,
        Format::Doc,
        Format::Rtf,
        Format::Html,
        Format::Md,
        Format::Txt,
        Format::Xml,
        Format::Xlsx,
        Format::Xls,
        Format::Ods,
    ];
    let claimed = known.iter().find(|f| f.extensions().contains(&ext));
    // Text-like formats are interchangeable (a .txt of Markdown is fine); binary ones are not.
    let textual = |f: Format| matches!(f, Format::Txt | Format::Md | Format::Html | Format::Xml);
    match claimed {
        Some(&c) => c != format && !(textual(c) && textual(format)),
        None => false,
    }
}

fn dispatch(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Extracted, Problem> {
    match format {
        Format::Pdf => pdf::read(bytes, limits, deadline)
            .and_then(|extracted| ocr::complete(bytes, extracted, limits, deadline)),
        Format::Docx => docx::read(bytes, limits, deadline),
        Format::Odt => odt::read(bytes, limits, deadline),
        Format::Doc => doc::read(bytes, limits, deadline),
        Format::Rtf => rtf::read(bytes, deadline),
        Format::Html => html::read(bytes, limits),
        Format::Md => markdown::read(bytes),
        Format::Txt => text::read(bytes, limits),
        Format::Xml => xmlfile::read(bytes, deadline),
        Format::Xlsx | Format::Xls | Format::Ods => sheet::read(format, bytes, limits, deadline),
    }
}

/// A job for a reader thread; it sends its own result back.
type ReadJob = Box<dyn FnOnce() + Send>;

/// A long-lived thread that reads one file at a time for the thread that owns it. Reusing it
/// (rather than a new thread per file) keeps the allocator's per-thread arenas few, so a
/// scan's memory stays flat over thousands of files.
struct ReaderThread {
    jobs: mpsc::Sender<ReadJob>,
}

impl ReaderThread {
    fn spawn() -> Option<Self> {
        let (jobs, job_rx) = mpsc::channel::<ReadJob>();
        std::thread::Builder::new()
            .name("clausier-read".into())
            // Deep recursion in a hostile file must not overflow a small default stack.
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                for job in job_rx {
                    job();
                }
            })
            .ok()?;
        Some(ReaderThread { jobs })
    }
}

thread_local! {
    /// This thread's reader, created on first use, replaced after a timeout.
    static READER: RefCell<Option<ReaderThread>> = const { RefCell::new(None) };
}

/// A panic's message with where it happened, when the quiet hook recorded it.
pub(crate) fn located_panic(payload: &(dyn std::any::Any + Send)) -> String {
    let at = PANIC_AT.with(|p| p.borrow_mut().take());
    match at {
        Some(at) => msg!(
            "problem.internal_error.panic_at",
            cause = panic_message(payload),
            at = at
        ),
        None => panic_message(payload),
    }
}

/// Runs `work` on this thread's reader thread with a wall-clock limit and turns a panic into
/// `internal-error` and the end of the time ([`crate::base::deadline`]) into `timeout`. Work that
/// ignores its deadline is abandoned after `timeout` (its thread finishes in the background
/// and a new one takes its place); `--isolate` gives a hard stop by killing a child process.
pub fn guarded<T, F>(work: F, timeout: Duration) -> Result<T, Problem>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let over_time = || {
        Problem::new(
            Code::Timeout,
            msg!("problem.timeout.reading", seconds = seconds(timeout)),
        )
    };
    READER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            *slot = ReaderThread::spawn();
        }
        let Some(reader) = slot.as_ref() else {
            return Err(Problem::new(
                Code::InternalError,
                msg!("problem.internal_error.reader_thread_start"),
            ));
        };
        let (result_tx, results) = mpsc::channel();
        let deadline = Instant::now() + timeout;
        let job: ReadJob = Box::new(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                crate::base::deadline::within(deadline, work)
            }))
            .map_err(|payload| located_panic(payload.as_ref()));
            let _ = result_tx.send(outcome);
        });
        if reader.jobs.send(job).is_err() {
            *slot = None;
            return Err(Problem::new(
                Code::InternalError,
                msg!("problem.internal_error.reader_thread_stopped"),
            ));
        }
        match results.recv_timeout(timeout) {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(Ok(Err(crate::base::deadline::Expired))) => Err(over_time()),
            Ok(Err(message)) => Err(Problem::new(
                Code::InternalError,
                msg!("problem.internal_error.parser_crashed", cause = message),
            )),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                *slot = None;
                Err(Problem::new(
                    Code::InternalError,
                    msg!("problem.internal_error.reader_thread_died"),
                ))
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // Abandon the busy thread: dropping its channel ends it once its job returns.
                *slot = None;
                Err(over_time())
            }
        }
    })
}

thread_local! {
    /// Where the last panic on this thread happened, recorded by the quiet hook.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook (which prints to stderr for every damaged file of a batch)
/// with one that records where the panic happened, for the file's `internal-error` message.
pub fn install_quiet_panic_hook() {
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", source_name(l.file()), l.line()));
        PANIC_AT.with(|p| *p.borrow_mut() = at);
    }));
}

/// A source file named from its crate's folder on (`clausier/src/extract/pdf/content.rs`,
/// `lopdf-0.47.0/src/reader.rs`), never with the build machine's directories, so that a report
/// tells a panic of clausier's own code from one of a third-party parser.
fn source_name(file: &str) -> String {
    let file = file.replace('\\', "/");
    // Cargo names the files of the crate it builds relatively; a build from elsewhere (the fuzz
    // targets) names them under this crate's folder.
    let own = concat!(env!("CARGO_MANIFEST_DIR"), "/");
    if !file.starts_with('/') && !file.contains(':') {
        return format!("clausier/{file}");
    }
    if let Some(inner) = file.strip_prefix(own) {
        return format!("clausier/{inner}");
    }
    // Third-party and standard library files: from the folder that holds the last `src/`.
    let parts: Vec<&str> = file.split('/').collect();
    match parts.iter().rposition(|&p| p == "src") {
        Some(at) if at > 0 => parts[at - 1..].join("/"),
        _ => parts[parts.len().saturating_sub(3)..].join("/"),
    }
}

/// A duration for messages: "60" or "0.5" seconds, never a misleading "0".
pub(crate) fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s}")
    }
}

/// The message carried by a panic payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        msg!("problem.internal_error.unknown_panic")
    }
}

/// `no-text-layer` when a document that should carry text has none, or mostly garbage: never a
/// silent "no clause".
fn text_layer_problem(format: Format, extracted: &Extracted) -> Option<Problem> {
    let mut letters = 0usize;
    let mut garbage = 0usize;
    let mut total = 0usize;
    for block in &extracted.blocks {
        for c in block.text.chars() {
            if c.is_whitespace() {
                continue;
            }
            total += 1;
            if c.is_alphabetic() && !is_private_use(c) {
                letters += 1;
            }
            if c == '\u{FFFD}' || is_private_use(c) || (c.is_control() && c != '\t') {
                garbage += 1;
            }
        }
    }
    let pages = extracted.pages.unwrap_or(1).max(1) as usize;
    // Said instead of the generic advice when OCR was wanted but not possible, or found nothing.
    let hint = extracted.text_layer_hint.as_deref();
    if total == 0 {
        let what = match hint {
            Some(hint) => hint.to_string(),
            None if format == Format::Pdf => msg!("problem.no_text_layer.pdf"),
            None => msg!("problem.no_text_layer.empty"),
        };
        return Some(Problem::new(Code::NoTextLayer, what));
    }
    if let Some(hint) = hint {
        if format == Format::Pdf && (total < 20 * pages || garbage * 4 > total) {
            return Some(Problem::new(Code::NoTextLayer, hint));
        }
    }
    // A price schedule is mostly figures: few letters is normal in a spreadsheet. Only a PDF's
    // text layer can be garbled by its fonts and mended by OCR; a text, Markdown or office
    // file with few letters (tables, figures, code) is what its author wrote.
    let few_letters = letters * 2 < total && format == Format::Pdf;
    if garbage * 4 > total && format != Format::Pdf {
        return Some(Problem::new(
            Code::NoTextLayer,
            msg!(
                "problem.no_text_layer.garbled_text",
                garbage = garbage,
                total = total
            ),
        ));
    }
    if garbage * 4 > total || few_letters {
        return Some(Problem::new(
            Code::NoTextLayer,
            msg!(
                "problem.no_text_layer.garbled_pdf",
                garbage = garbage,
                total = total
            ),
        ));
    }
    if format == Format::Pdf && total < 20 * pages && pages > 1 {
        return Some(Problem::new(
            Code::NoTextLayer,
            msg!(
                "problem.no_text_layer.few_characters",
                total = total,
                pages = pages
            ),
        ));
    }
    None
}

/// `ocr-low-confidence` when Tesseract was unsure of the words of some pages.
fn low_confidence(extracted: &Extracted) -> Option<Problem> {
    // A page where OCR found no word at all is said by `no-text-layer`, not here.
    let has_text = |page: u32| {
        extracted
            .blocks
            .iter()
            .any(|b| b.page == Some(page) && !b.text.trim().is_empty())
    };
    let low: Vec<String> = extracted
        .ocr_pages
        .iter()
        .filter(|p| p.confidence < LOW_CONFIDENCE && has_text(p.page))
        .map(|p| format!("page {} ({:.0} %)", p.page, p.confidence))
        .collect();
    (!low.is_empty()).then(|| {
        Problem::new(
            Code::OcrLowConfidence,
            msg!(
                "problem.ocr_low_confidence.pages",
                threshold = format!("{LOW_CONFIDENCE:.0}"),
                pages = low.join(", ")
            ),
        )
    })
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mislabelled_only_when_the_name_claims_another_format() {
        // An RTF under a .doc name, an HTML page under .xls: named one thing, read as another.
        assert!(is_mislabelled(Format::Rtf, "doc"));
        assert!(is_mislabelled(Format::Html, "xls"));
        // A flat OpenDocument spreadsheet (.fods) is XML, read as such: no false alarm.
        assert!(!is_mislabelled(Format::Xml, "fods"));
        assert!(!is_mislabelled(Format::Odt, "oth"));
        assert!(!is_mislabelled(Format::Xlsx, "xlsm"));
    }

    #[test]
    fn a_panic_says_whose_code_it_is_in() {
        // Ours, as cargo names it in this crate's build and from another crate's build.
        assert_eq!(
            source_name("src/extract/pdf/content.rs"),
            "clausier/src/extract/pdf/content.rs"
        );
        let elsewhere = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lib.rs");
        assert_eq!(source_name(elsewhere), "clausier/src/lib.rs");
        // A registry crate's nested module and the standard library: from their crate folder.
        assert_eq!(
            source_name("/home/dev/.cargo/registry/src/some-index/lopdf-0.47.0/src/parser/mod.rs"),
            "lopdf-0.47.0/src/parser/mod.rs"
        );
        assert_eq!(
            source_name("/rustc/0123abcd/library/core/src/str/mod.rs"),
            "core/src/str/mod.rs"
        );
    }
}
