//! Zip containers (DOCX, ODT): telling which document a zip holds, and reading one entry with
//! a hard cap on decompressed size, so that a zip bomb costs a bounded amount of memory.

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::Format;
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
                msg!("problem.corrupt_file.zip", cause = e),
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

    /// Reads an XML entry as text (UTF-8, or UTF-16 with a BOM), at most [`MAX_XML_PART`]
    /// bytes of it; `Ok(None)` when it does not exist.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, Problem> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let bytes = self.read_at(index, name, MAX_XML_PART)?;
        super::xml::decode(bytes, name).map(Some)
    }

    /// Reads and parses one XML part, at most `max_elements` of it; `Ok(None)` when the
    /// container lacks it.
    pub(crate) fn part(
        &mut self,
        name: &str,
        deadline: crate::read::extract::Deadline,
        max_elements: u64,
    ) -> Result<Option<super::xml::Element>, Problem> {
        match self.text(name)? {
            Some(text) => super::xml::parse_within(&text, name, deadline, max_elements).map(Some),
            None => Ok(None),
        }
    }

    /// Reads an entry's bytes, refusing to decompress past the remaining budget.
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        self.bytes_at(index, name).map(Some)
    }

    /// Number of entries (folders included).
    pub(crate) fn len(&self) -> usize {
        self.archive.len()
    }

    /// The entry at `index`: its raw name bytes, whether it is a folder, and whether it is
    /// encrypted; `None` when its header is damaged.
    pub(crate) fn entry(&mut self, index: usize) -> Option<(Vec<u8>, bool, bool)> {
        let entry = self.archive.by_index_raw(index).ok()?;
        Some((entry.name_raw().to_vec(), entry.is_dir(), entry.encrypted()))
    }

    /// Reads the bytes of the entry at `index` (called `name` in messages), refusing to
    /// decompress past the remaining budget.
    pub(crate) fn bytes_at(&mut self, index: usize, name: &str) -> Result<Vec<u8>, Problem> {
        self.read_at(index, name, u64::MAX)
    }

    /// [`Container::bytes_at`], refusing also an entry of more than `most` bytes.
    fn read_at(&mut self, index: usize, name: &str, most: u64) -> Result<Vec<u8>, Problem> {
        let entry = self.archive.by_index(index).map_err(|e| {
            let code = if e.to_string().to_lowercase().contains("password") {
                Code::Encrypted
            } else {
                Code::CorruptFile
            };
            Problem::new(
                code,
                msg!("problem.corrupt_file.zip_entry", name = name, cause = e),
            )
        })?;
        if entry.encrypted() {
            return Err(Problem::new(
                Code::Encrypted,
                msg!("problem.encrypted.zip_entry", name = name),
            ));
        }
        let declared = entry.size();
        if declared > most {
            return Err(part_too_large(name, most));
        }
        if declared > self.budget {
            return Err(bomb(name, declared, self.budget));
        }
        let ratio_cap = ratio_cap(entry.compressed_size());
        if declared > ratio_cap {
            return Err(ratio_bomb(name, declared, entry.compressed_size()));
        }
        // Never trust the declared size: read at most one byte past either cap.
        let cap = self.budget.min(ratio_cap).min(most);
        let mut out = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
        let compressed = entry.compressed_size();
        let read = entry.take(cap + 1).read_to_end(&mut out).map_err(|e| {
            Problem::new(
                Code::CorruptFile,
                msg!(
                    "problem.corrupt_file.zip_entry_damaged",
                    name = name,
                    cause = e
                ),
            )
        })?;
        if read as u64 > most {
            return Err(part_too_large(name, most));
        }
        if read as u64 > self.budget {
            return Err(bomb(name, read as u64, self.budget));
        }
        if read as u64 > ratio_cap {
            return Err(ratio_bomb(name, read as u64, compressed));
        }
        self.budget -= read as u64;
        Ok(out)
    }
}

/// Largest XML part of an office document read, in bytes. The part and the tree built from it
/// are in memory together; a document of thousands of pages has a few tens of megabytes of XML.
pub(crate) const MAX_XML_PART: u64 = 256 * 1024 * 1024;

fn part_too_large(name: &str, most: u64) -> Problem {
    Problem::new(
        Code::TooLarge,
        msg!(
            "problem.too_large.xml_part",
            name = name,
            size = most / (1024 * 1024)
        ),
    )
}

/// Entries may inflate this much relative to their compressed size before the ratio matters.
const RATIO_FREE_BYTES: u64 = 10 * 1024 * 1024;
/// Largest compression ratio accepted beyond `RATIO_FREE_BYTES`: office XML compresses 5-30×,
/// long runs of one byte compress ~1000× and only exist to exhaust memory.
const MAX_RATIO: u64 = 200;

/// Most bytes an entry of `compressed` bytes may inflate to.
pub(crate) fn ratio_cap(compressed: u64) -> u64 {
    compressed.saturating_mul(MAX_RATIO).max(RATIO_FREE_BYTES)
}

fn ratio_bomb(name: &str, size: u64, compressed: u64) -> Problem {
    Problem::new(
        Code::TooLarge,
        msg!(
            "problem.too_large.zip_ratio",
            name = name,
            compressed = compressed,
            size = size,
            ratio = MAX_RATIO
        ),
    )
}

fn bomb(name: &str, size: u64, budget: u64) -> Problem {
    Problem::new(
        Code::TooLarge,
        msg!(
            "problem.too_large.zip_budget",
            name = name,
            budget = budget,
            size = size
        ),
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
            // text-web is what LibreOffice writes when it converts an HTML page to ODT; its
            // content.xml is a text document like any other.
            "application/vnd.oasis.opendocument.text"
            | "application/vnd.oasis.opendocument.text-template"
            | "application/vnd.oasis.opendocument.text-web"
            | "application/vnd.oasis.opendocument.text-master"
            | "" => Ok(Format::Odt),
            "application/vnd.oasis.opendocument.spreadsheet"
            | "application/vnd.oasis.opendocument.spreadsheet-template" => Ok(Format::Ods),
            other => Err(Problem::new(
                Code::UnsupportedFormat,
                msg!("problem.unsupported_format.opendocument", kind = other),
            )),
        };
    }
    if container.has("xl/workbook.xml") {
        return Ok(Format::Xlsx);
    }
    let names = container.names();
    let message = if names.iter().any(|n| n.starts_with("ppt/")) {
        msg!("problem.unsupported_format.pptx")
    } else {
        msg!("problem.unsupported_format.zip")
    };
    Err(Problem::new(Code::UnsupportedFormat, message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(name: &str, content: &[u8]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).unwrap();
        writer.write_all(content).unwrap();
        writer.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn an_xml_part_past_its_cap_is_refused_before_it_is_all_in_memory() {
        let part = "word/document.xml";
        let zip = zip_of(part, &vec![b' '; 9 * 1024 * 1024]);
        let mut container = Container::open(&zip, u64::MAX).unwrap();
        let err = container.read_at(0, part, 1024 * 1024).unwrap_err();
        assert_eq!(err.code, Code::TooLarge, "{}", err.message);
        assert!(err.message.contains("1 Mo"), "{}", err.message);
        // Under the cap, the same part reads whole.
        let mut container = Container::open(&zip, u64::MAX).unwrap();
        assert_eq!(
            container.text(part).unwrap().unwrap().len(),
            9 * 1024 * 1024
        );
    }

    #[test]
    fn refuses_entries_inflating_too_much() {
        // Highly compressible but small: allowed, whatever the ratio.
        let small = zip_of("a.xml", &vec![b' '; 5 * 1024 * 1024]);
        let mut container = Container::open(&small, u64::MAX).unwrap();
        assert_eq!(
            container.bytes("a.xml").unwrap().unwrap().len(),
            5 * 1024 * 1024
        );

        let big = zip_of("a.xml", &vec![b' '; 30 * 1024 * 1024]);
        let mut container = Container::open(&big, u64::MAX).unwrap();
        let err = container.bytes("a.xml").unwrap_err();
        assert_eq!(err.code, Code::TooLarge);

        // A central directory that understates the size: the zip crate stops inflating at the
        // declared size and reports the entry as damaged, so no memory is spent either way.
        let mut lying = big.clone();
        let central = lying.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        lying[central + 24..central + 28].copy_from_slice(&100u32.to_le_bytes());
        let mut container = Container::open(&lying, u64::MAX).unwrap();
        let err = container.bytes("a.xml").unwrap_err();
        assert_eq!(err.code, Code::CorruptFile, "{}", err.message);
    }
}
