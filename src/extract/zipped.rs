//! Zip containers (DOCX, ODT): telling which document a zip holds, and reading one entry with
//! a hard cap on decompressed size, so that a zip bomb costs a bounded amount of memory.

use crate::document::Format;
use crate::error::{Code, Problem};
use std::io::{Cursor, Read};
use zip::ZipArchive;

/// An opened zip container over the file's bytes.
pub(crate) struct Container<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Decompressed bytes still allowed for this file.
    budget: u64,
}

impl<'a> Container<'a> {
    /// Opens the zip; `max_unpacked` caps the total decompressed bytes read from it.
    pub(crate) fn open(bytes: &'a [u8], max_unpacked: u64) -> Result<Self, Problem> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Problem::new(
                Code::CorruptFile,
                format!("damaged zip container ({e}); the file is truncated or not a document"),
            )
        })?;
        Ok(Container {
            archive,
            budget: max_unpacked,
        })
    }

    /// Whether the container has an entry with this exact name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Entry names, in archive order.
    pub(crate) fn names(&self) -> Vec<String> {
        self.archive
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    /// Reads an entry as UTF-8 text; `Ok(None)` when it does not exist.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, Problem> {
        let Some(bytes) = self.bytes(name)? else {
            return Ok(None);
        };
        String::from_utf8(bytes).map(Some).map_err(|_| {
            Problem::new(
                Code::CorruptFile,
                format!("{name} inside the container is not UTF-8 XML"),
            )
        })
    }

    /// Reads an entry's bytes, refusing to decompress past the remaining budget.
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let entry = self.archive.by_index(index).map_err(|e| {
            let code = if e.to_string().to_lowercase().contains("password") {
                Code::Encrypted
            } else {
                Code::CorruptFile
            };
            Problem::new(code, format!("cannot open {name} in the container: {e}"))
        })?;
        if entry.encrypted() {
            return Err(Problem::new(
                Code::Encrypted,
                format!("{name} is encrypted inside the container"),
            ));
        }
        let declared = entry.size();
        if declared > self.budget {
            return Err(bomb(name, declared, self.budget));
        }
        // Never trust the declared size: read at most budget + 1 bytes.
        let mut out = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
        let read = entry
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                Problem::new(
                    Code::CorruptFile,
                    format!("{name} inside the container is damaged: {e}"),
                )
            })?;
        if read as u64 > self.budget {
            return Err(bomb(name, read as u64, self.budget));
        }
        self.budget -= read as u64;
        Ok(Some(out))
    }
}

fn bomb(name: &str, size: u64, budget: u64) -> Problem {
    Problem::new(
        Code::TooLarge,
        format!("{name} decompresses to more than {budget} bytes (size {size}; zip bomb?)"),
    )
}

/// Which document a zip container holds.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, Problem> {
    let mut container = Container::open(bytes, 4096)?;
    if container.has("word/document.xml") {
        return Ok(Format::Docx);
    }
    if container.has("mimetype") || container.has("content.xml") {
        let mimetype = container
            .bytes("mimetype")
            .ok()
            .flatten()
            .map(|m| String::from_utf8_lossy(&m).trim().to_string())
            .unwrap_or_default();
        return match mimetype.as_str() {
            "application/vnd.oasis.opendocument.text"
            | "application/vnd.oasis.opendocument.text-template"
            | "" => Ok(Format::Odt),
            other => Err(Problem::new(
                Code::UnsupportedFormat,
                format!("OpenDocument of type {other}, not a text document"),
            )),
        };
    }
    let names = container.names();
    let kind = if names.iter().any(|n| n.starts_with("xl/")) {
        "an Excel workbook"
    } else if names.iter().any(|n| n.starts_with("ppt/")) {
        "a PowerPoint presentation"
    } else {
        "a zip archive"
    };
    Err(Problem::new(
        Code::UnsupportedFormat,
        format!("{kind}, not a text document; unpack or convert it first"),
    ))
}
