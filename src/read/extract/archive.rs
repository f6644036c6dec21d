//! ZIP archives as containers: a DCE downloads as one zip of documents, with sub-folders and
//! sometimes a zip inside. Each member is a document of its own, named by the archive's path,
//! a `/`, and the member's path inside (`dce.zip/Pièces administratives/CCAP.pdf`); a member
//! of a nested zip continues the path (`dce.zip/lots.zip/Lot 1/CCAP.pdf`).
//!
//! Office documents are zips too: a zip is an archive only when it is not a DOCX, XLSX, PPTX or
//! OpenDocument package.

use super::zipped::Container;
use super::{disk, read_bytes, read_isolated, read_path, Limits, ReadOutcome};
use crate::base::error::{Code, Problem};
use crate::msg;
use std::path::{Path, PathBuf};

/// Separator between an archive's path and a member's path, and between the folders of a
/// member's path, whatever the system.
pub const SEPARATOR: char = '/';

/// Deepest nesting of zips inside zips that is opened (the outer archive is depth 1).
pub const MAX_DEPTH: usize = 4;

/// Most members listed in one archive: a DCE has tens of pieces; a zip of a million empty
/// entries only exists to exhaust memory.
pub const MAX_MEMBERS: usize = 10_000;

/// Whether `bytes` are a zip archive of documents rather than an office package.
pub fn is_archive(bytes: &[u8]) -> bool {
    if !(bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")) {
        return false;
    }
    let Ok(container) = Container::open(bytes, 0) else {
        // A damaged zip is left to the sniffer, which says `corrupt-file`.
        return false;
    };
    ![
        "[Content_Types].xml",
        "mimetype",
        "content.xml",
        "word/document.xml",
    ]
    .iter()
    .any(|name| container.has(name))
}

/// One member of an archive: its path inside, and its bytes or why they could not be read.
pub struct Member {
    /// Path inside the archive, folders separated by `/`, as the buyer named it.
    pub name: String,
    pub bytes: Result<Vec<u8>, Problem>,
}

/// An opened archive: its members' names first, their bytes on demand, so that only one
/// member is in memory at a time. `max_unpacked` and the ratio cap hold for the whole archive.
pub(crate) struct Archive<'a> {
    container: Container<'a>,
    /// (index in the zip, decoded path), in path order.
    members: Vec<(usize, String, bool)>,
}

impl<'a> Archive<'a> {
    /// Opens an archive and lists its documents (folders, macOS resource forks, hidden files and
    /// Office lock files left out, like in a folder scan).
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, Problem> {
        let mut container = Container::open(bytes, limits.max_unpacked)?;
        if container.len() > MAX_MEMBERS {
            return Err(Problem::new(
                Code::TooLarge,
                msg!(
                    "problem.too_large.archive_members",
                    count = container.len(),
                    max = MAX_MEMBERS
                ),
            ));
        }
        let mut members = Vec::new();
        for index in 0..container.len() {
            let Some((raw, is_dir, encrypted)) = container.entry(index) else {
                continue;
            };
            let name = member_path(&raw);
            if is_dir || name.is_empty() || skipped(&name) {
                continue;
            }
            members.push((index, name, encrypted));
        }
        members.sort_by(|a, b| a.1.cmp(&b.1));
        members.dedup_by(|a, b| a.1 == b.1);
        Ok(Archive { container, members })
    }

    /// The members' paths, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(_, name, _)| name.as_str())
    }

    /// Reads the `i`-th member (in the order of [`Archive::names`]).
    pub fn member(&mut self, i: usize) -> Member {
        let (index, name, encrypted) = self.members[i].clone();
        let bytes = if encrypted {
            Err(Problem::new(
                Code::Encrypted,
                msg!("problem.encrypted.archive_member"),
            ))
        } else {
            self.container.bytes_at(index, &name)
        };
        Member { name, bytes }
    }

    /// Number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }
}

/// The bytes of the member of `archive` at `name` (as [`Archive::names`] gives it, CP850
/// names decoded), read under the limits; `None` when there is none or it cannot be read.
pub fn member_bytes(archive: &Path, name: &str, limits: &Limits) -> Option<Vec<u8>> {
    let bytes = super::disk::read_regular(archive, limits.max_file_size).ok()?;
    let mut opened = Archive::open(&bytes, limits).ok()?;
    let index = opened.names().position(|n| n == name)?;
    opened.member(index).bytes.ok()
}

/// Decodes a member's name: UTF-8 when it is (the zip's UTF-8 flag, Info-ZIP's Unicode path,
/// or tools that write UTF-8 without saying so), otherwise the DOS code page of Windows'
/// built-in zip (CP850 on French systems; it agrees with CP437 on every accented lowercase
/// letter, and has the accented capitals CP437 lacks). Backslashes, `.` and empty parts are
/// dropped from the path.
fn member_path(raw: &[u8]) -> String {
    let decoded = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => raw.iter().map(|&b| cp850(b)).collect(),
    };
    decoded
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// The upper half of code page 850 (its lower half is ASCII).
const CP850_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{AD}±‗¾¶§÷¸°¨·¹³²■\u{A0}";

fn cp850(byte: u8) -> char {
    if byte < 0x80 {
        char::from(byte)
    } else {
        CP850_HIGH
            .chars()
            .nth(usize::from(byte - 0x80))
            .unwrap_or('\u{FFFD}')
    }
}

/// Entries that are not the buyer's documents: macOS resource forks, hidden files, Office lock
/// files.
fn skipped(path: &str) -> bool {
    path.split('/')
        .any(|part| part == "__MACOSX" || part.starts_with('.'))
        || path
            .rsplit('/')
            .next()
            .is_some_and(|file| file.starts_with("~$"))
}

/// Where a path inside an archive continues into a nested archive: the member of `names` that
/// `path` starts with, followed by a `/`.
pub fn nested_prefix<'n>(names: impl Iterator<Item = &'n str>, path: &str) -> Option<&'n str> {
    names
        .filter(|name| {
            path.len() > name.len()
                && path.starts_with(name)
                && path[name.len()..].starts_with(SEPARATOR)
        })
        .max_by_key(|name| name.len())
}

/// One document found at a path: a file, or a member of an archive.
#[derive(Debug)]
pub struct Entry {
    /// The document's path: the file's, or `dce.zip/folder/member.pdf`.
    pub path: PathBuf,
    /// The archive file on disk the document was found in (the outermost one).
    pub archive: Option<PathBuf>,
    pub outcome: ReadOutcome,
}

/// One document found at a path, before it is read: where it is, or why it cannot be reached
/// (a damaged archive, an encrypted member, nesting too deep).
#[derive(Debug)]
pub struct Found<T> {
    /// The document's path: the file's, or `dce.zip/folder/member.pdf`.
    pub path: PathBuf,
    /// The archive file on disk the document was found in (the outermost one).
    pub archive: Option<PathBuf>,
    /// What the caller made of the document, or why there is none.
    pub document: Result<T, Problem>,
}

/// A document as [`find`] hands it over.
enum Leaf<'a> {
    /// A file on disk that is not an archive, not opened yet.
    File(&'a Path),
    /// A document's bytes: a file that turned out not to be an archive, or an archive's member.
    Bytes {
        path: &'a Path,
        bytes: Vec<u8>,
        extension: Option<String>,
    },
}

impl Leaf<'_> {
    fn path(&self) -> &Path {
        match self {
            Leaf::File(path) | Leaf::Bytes { path, .. } => path,
        }
    }
}

/// Reads every document at `path`: the file itself, or each member of a zip archive (nested
/// archives walked), or, when `path` names a member (`dce.zip/Pièces/CCAP.pdf`, a folder of
/// an archive, or a nested archive), that member alone. Documents are read in this process, or
/// in a child of `isolate` (`--isolate`), which is given the member's path.
pub fn read_entries(path: &Path, limits: &Limits, isolate: Option<&Path>) -> Vec<Entry> {
    let read = |leaf: Leaf<'_>| match (isolate, leaf) {
        (Some(exe), leaf) => read_isolated(exe, leaf.path(), limits),
        (None, Leaf::File(path)) => read_path(path, limits),
        (
            None,
            Leaf::Bytes {
                bytes, extension, ..
            },
        ) => read_bytes(bytes, extension.as_deref(), limits),
    };
    find(path, limits, &read)
        .into_iter()
        .map(|found| Entry {
            path: found.path,
            archive: found.archive,
            outcome: found.document.unwrap_or_else(|problem| ReadOutcome {
                format: None,
                result: Err(problem),
                warnings: Vec::new(),
            }),
        })
        .collect()
}

/// The documents at `path`, as [`read_entries`] finds them, named but not read: for
/// `--isolate`, where each one is read and checked by a child process of its own. Archives are
/// opened here, within `--max-unpacked`; their members' bytes are dropped as soon as seen.
pub fn documents(path: &Path, limits: &Limits) -> Vec<Found<()>> {
    find(path, limits, &|_| ())
}

/// Finds the documents at `path` and hands each to `leaf`.
fn find<T>(path: &Path, limits: &Limits, leaf: &dyn Fn(Leaf<'_>) -> T) -> Vec<Found<T>> {
    let found = |path: PathBuf, archive: Option<PathBuf>, document| Found {
        path,
        archive,
        document,
    };
    let (file, inner) = match split_member_path(path) {
        Some((file, inner)) => (file, Some(inner)),
        None => (path.to_path_buf(), None),
    };
    if inner.is_none() && !has_zip_magic(path) {
        return vec![found(path.to_path_buf(), None, Ok(leaf(Leaf::File(path))))];
    }
    let bytes = match load(&file, limits) {
        Ok(bytes) => bytes,
        Err(problem) => return vec![found(path.to_path_buf(), None, Err(problem))],
    };
    if !is_archive(&bytes) {
        if inner.is_some() {
            let problem = Problem::new(
                Code::Unreadable,
                msg!("problem.unreadable.not_zip", path = file.display()),
            );
            return vec![found(path.to_path_buf(), None, Err(problem))];
        }
        let extension = extension(&path.to_string_lossy());
        let document = leaf(Leaf::Bytes {
            path,
            bytes,
            extension,
        });
        return vec![found(path.to_path_buf(), None, Ok(document))];
    }
    let mut out = Vec::new();
    let walk = Walk {
        file: &file,
        limits,
        leaf,
    };
    walk.expand(
        &bytes,
        &file.display().to_string(),
        inner.as_deref(),
        1,
        &mut out,
    );
    out
}

/// Whether `path` may stand for several documents: a zip (an archive, or an office package
/// that only reading tells apart) or a path into an archive (`dce.zip/Pièces/CCAP.pdf`).
pub fn may_hold_members(path: &Path) -> bool {
    split_member_path(path).is_some() || has_zip_magic(path)
}

/// Reads the one document at `path` (a file or an archive's member), for `--isolate`'s child.
pub fn read_document(path: &Path, limits: &Limits) -> ReadOutcome {
    let mut entries = read_entries(path, limits, None);
    if entries.len() == 1 {
        return entries.remove(0).outcome;
    }
    ReadOutcome {
        format: None,
        result: Err(Problem::new(
            Code::Unreadable,
            msg!(
                "problem.unreadable.many_documents",
                path = path.display(),
                count = entries.len()
            ),
        )),
        warnings: Vec::new(),
    }
}

struct Walk<'a, T> {
    file: &'a Path,
    limits: &'a Limits,
    leaf: &'a dyn Fn(Leaf<'_>) -> T,
}

impl<T> Walk<'_, T> {
    /// Adds an entry for each wanted member of the archive `bytes`, whose path is `prefix`.
    fn expand(
        &self,
        bytes: &[u8],
        prefix: &str,
        inner: Option<&str>,
        depth: usize,
        out: &mut Vec<Found<T>>,
    ) {
        let here = |inner: Option<&str>| match inner {
            Some(inner) => PathBuf::from(format!("{prefix}{SEPARATOR}{inner}")),
            None => PathBuf::from(prefix),
        };
        let archive_of = |path: PathBuf| {
            // The outermost archive itself has no archive; its members do.
            (path.as_path() != self.file).then(|| self.file.to_path_buf())
        };
        let mut archive = match Archive::open(bytes, self.limits) {
            Ok(archive) => archive,
            Err(problem) => {
                let path = here(None);
                out.push(failed(path.clone(), archive_of(path), problem));
                return;
            }
        };
        // Which members, and the rest of the path inside a nested archive.
        let wanted: Vec<(usize, Option<String>)> = match inner {
            None => (0..archive.len()).map(|i| (i, None)).collect(),
            Some(inner) => {
                let names: Vec<&str> = archive.names().collect();
                let folder = format!("{inner}{SEPARATOR}");
                if let Some(i) = names.iter().position(|n| *n == inner) {
                    vec![(i, None)]
                } else if let Some(nested) = nested_prefix(names.iter().copied(), inner) {
                    let i = names.iter().position(|n| *n == nested).unwrap_or(0);
                    vec![(i, Some(inner[nested.len() + 1..].to_string()))]
                } else if names.iter().any(|n| n.starts_with(&folder)) {
                    names
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| n.starts_with(&folder))
                        .map(|(i, _)| (i, None))
                        .collect()
                } else {
                    let problem = Problem::new(
                        Code::Unreadable,
                        msg!(
                            "problem.unreadable.no_member",
                            archive = prefix,
                            member = inner
                        ),
                    );
                    out.push(failed(
                        here(Some(inner)),
                        Some(self.file.to_path_buf()),
                        problem,
                    ));
                    return;
                }
            }
        };
        if wanted.is_empty() {
            let problem = Problem::new(Code::EmptyFile, msg!("problem.empty_file.archive"));
            let path = here(None);
            out.push(failed(path.clone(), archive_of(path), problem));
            return;
        }
        for (i, rest) in wanted {
            let member = archive.member(i);
            let path = format!("{prefix}{SEPARATOR}{}", member.name);
            let archive_path = Some(self.file.to_path_buf());
            let bytes = match member.bytes {
                Ok(bytes) => bytes,
                Err(problem) => {
                    out.push(failed(PathBuf::from(path), archive_path, problem));
                    continue;
                }
            };
            if is_archive(&bytes) {
                if depth >= MAX_DEPTH {
                    let problem = Problem::new(
                        Code::TooLarge,
                        msg!("problem.too_large.archive_depth", depth = MAX_DEPTH),
                    );
                    out.push(failed(PathBuf::from(path), archive_path, problem));
                } else {
                    self.expand(&bytes, &path, rest.as_deref(), depth + 1, out);
                }
                continue;
            }
            let document = (self.leaf)(Leaf::Bytes {
                path: Path::new(&path),
                bytes,
                extension: extension(&member.name),
            });
            out.push(Found {
                path: PathBuf::from(path),
                archive: archive_path,
                document: Ok(document),
            });
        }
    }
}

fn failed<T>(path: PathBuf, archive: Option<PathBuf>, problem: Problem) -> Found<T> {
    Found {
        path,
        archive,
        document: Err(problem),
    }
}

/// The lowercase extension of a file or member name.
fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next()?;
    let (_, ext) = file.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

/// Whether the file starts like a zip (an archive or an office package); reads 4 bytes of a
/// regular file only (a FIFO or a kernel pseudo-file is left to the reader, which refuses it).
fn has_zip_magic(path: &Path) -> bool {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file())
        || disk::pseudo_file_system(path).is_some()
    {
        return false;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && (head == *b"PK\x03\x04" || head == *b"PK\x05\x06")
}

/// When `path` does not exist but one of its ancestors is a file, that file and the rest of
/// the path (`dce.zip/Pièces/CCAP.pdf` → `dce.zip`, `Pièces/CCAP.pdf`).
fn split_member_path(path: &Path) -> Option<(PathBuf, String)> {
    if path.symlink_metadata().is_ok() {
        return None;
    }
    let file = path.ancestors().skip(1).find(|a| a.is_file())?;
    let rest = path.strip_prefix(file).ok()?;
    let inner: Vec<String> = rest
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some((file.to_path_buf(), inner.join("/")))
}

/// Reads a regular file's bytes under the size limit.
fn load(path: &Path, limits: &Limits) -> Result<Vec<u8>, Problem> {
    disk::read_regular(path, limits.max_file_size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cp850_names_of_windows_zips_are_decoded() {
        assert_eq!(CP850_HIGH.chars().count(), 128);
        // "Pièces administratives/CCAP signé.pdf" as Windows' zip writes it on a French system.
        let raw = b"Pi\x8aces administratives\\CCAP sign\x82.pdf";
        assert_eq!(member_path(raw), "Pièces administratives/CCAP signé.pdf");
        assert_eq!(member_path(b"\x90TAT DES LIEUX.pdf"), "ÉTAT DES LIEUX.pdf");
        assert_eq!(member_path("Règlement.pdf".as_bytes()), "Règlement.pdf");
        assert_eq!(member_path(b"./a//b/"), "a/b");
    }

    #[test]
    fn resource_forks_hidden_and_lock_files_are_not_documents() {
        assert!(skipped("__MACOSX/Pièces/._CCAP.pdf"));
        assert!(skipped("Pièces/.DS_Store"));
        assert!(skipped("Pièces/~$CCAP.docx"));
        assert!(!skipped("Pièces/CCAP.pdf"));
    }

    #[test]
    fn nested_paths_continue_into_the_longest_member() {
        let names = ["lots.zip", "lots.zip.bak", "a.pdf"];
        assert_eq!(
            nested_prefix(names.iter().copied(), "lots.zip/Lot 1/CCAP.pdf"),
            Some("lots.zip")
        );
        assert_eq!(nested_prefix(names.iter().copied(), "a.pdf"), None);
    }
}
