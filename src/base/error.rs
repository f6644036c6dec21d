//! Per-file problems with stable codes. Codes are public API: reports, exit codes and the README
//! list them, and tests pin them. Add codes; never rename one.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// The stable, kebab-case code of a per-file error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The file has no bytes (or only whitespace).
    EmptyFile,
    /// A format clausier does not read (image, spreadsheet, legacy .doc it cannot decode…).
    UnsupportedFormat,
    /// Truncated, malformed, or not the format its content claims.
    CorruptFile,
    /// Protected by a password clausier does not have.
    Encrypted,
    /// Warning: the file has no usable text layer (scanned image, garbled fonts); OCR it first.
    NoTextLayer,
    /// Larger than the configured limit (file size, decompressed size, pages).
    TooLarge,
    /// Took longer than the configured per-file time limit.
    Timeout,
    /// A parser panicked or a child process died: a bug or a hostile file.
    InternalError,
    /// The file could not be read from disk (permissions, vanished, a folder, a broken link).
    Unreadable,
    /// Warning: the extension says one format, the content another; read by content.
    MislabelledFile,
    /// Warning: the primary reader failed and a fallback produced the text.
    DegradedExtraction,
    /// A FIFO, socket, device or kernel pseudo-file: never opened for reading.
    NotARegularFile,
    /// A 7-Zip or RAR archive: clausier reads ZIP archives only; unpack it and scan the folder.
    UnsupportedArchive,
    /// Warning: a text mixes UTF-8 with another encoding; each part was decoded on its own.
    MixedEncoding,
    /// Warning: pages read by OCR with a low mean confidence; check the figures on the original.
    OcrLowConfidence,
    /// A plan, a drawing, a 3D model or a photo of a DCE (image, DWG, DXF, IFC): a piece with no
    /// text to read by design, listed and skipped, never an error.
    NonTextPiece,
}

impl Code {
    /// Every code, in documentation order.
    pub const ALL: [Code; 16] = [
        Code::EmptyFile,
        Code::UnsupportedFormat,
        Code::CorruptFile,
        Code::Encrypted,
        Code::NoTextLayer,
        Code::TooLarge,
        Code::Timeout,
        Code::InternalError,
        Code::Unreadable,
        Code::MislabelledFile,
        Code::DegradedExtraction,
        Code::NotARegularFile,
        Code::UnsupportedArchive,
        Code::MixedEncoding,
        Code::OcrLowConfidence,
        Code::NonTextPiece,
    ];

    /// The code as it appears in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::EmptyFile => "empty-file",
            Code::UnsupportedFormat => "unsupported-format",
            Code::CorruptFile => "corrupt-file",
            Code::Encrypted => "encrypted",
            Code::NoTextLayer => "no-text-layer",
            Code::TooLarge => "too-large",
            Code::Timeout => "timeout",
            Code::InternalError => "internal-error",
            Code::Unreadable => "unreadable",
            Code::MislabelledFile => "mislabelled-file",
            Code::DegradedExtraction => "degraded-extraction",
            Code::NotARegularFile => "not-a-regular-file",
            Code::MixedEncoding => "mixed-encoding",
            Code::UnsupportedArchive => "unsupported-archive",
            Code::OcrLowConfidence => "ocr-low-confidence",
            Code::NonTextPiece => "non-text-piece",
        }
    }

    /// Whether the code is a warning (text was still read) rather than an error.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Code::NoTextLayer
                | Code::MislabelledFile
                | Code::DegradedExtraction
                | Code::MixedEncoding
                | Code::OcrLowConfidence
        )
    }

    /// One sentence for `clausier errors`: what happened and what to do, in the chosen
    /// language (catalogue key `code.<code>`).
    pub fn explain(self) -> &'static str {
        crate::base::i18n::lookup(&format!("code.{}", self.as_str())).unwrap_or(self.as_str())
    }

    /// A few words for a count or a badge ("fichier abîmé"), catalogue key
    /// `code.label.<code>`.
    pub fn label(self) -> &'static str {
        crate::base::i18n::lookup(&format!("code.label.{}", self.as_str())).unwrap_or(self.as_str())
    }

    /// The code with this id.
    pub fn from_id(id: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.as_str() == id)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A coded problem met while reading one file, with a one-line message that says what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Problem {
    pub code: Code,
    pub message: String,
}

impl Problem {
    /// A problem with the given code and message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Problem {
            code,
            message: message.into(),
        }
    }
}

/// Errors of the library outside per-file reading: configuration and output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {problem}")]
    File { path: PathBuf, problem: Problem },
    #[error("invalid option: {0}")]
    Config(String),
    /// A command-line value that cannot be used, said in the run's language (exit 2).
    #[error("{0}")]
    Usage(String),
    /// A `generate` parameter that is missing, unknown or out of bounds: which key, and what
    /// was expected.
    #[error("{key}{colon}{message}", colon = crate::base::typography::colon())]
    Parameter { key: String, message: String },
}
