//! Receiving a form (`multipart/form-data`): its text fields, and its files streamed into a
//! private temporary folder under numbered names. The name a browser sends for a file is kept
//! for display only: it never becomes a path, so `../../.bashrc` lands as `00001` like any
//! other. The folder is removed when the [`Upload`] is dropped, after the answer.
//!
//! multer parses the stream; it is asynchronous, and is driven here by a blocking executor
//! (pollster) over the request body read in chunks, so the server needs no async runtime.

use bytes::Bytes;
use clausier::msg;
use clausier::read::extract::Limits;
use std::io::Write;
use std::path::PathBuf;

/// Most files in one upload: the reader's limit on the members of one archive.
const MAX_FILES: usize = 10_000;

/// Most bytes of one text field: a parameter, a lot's name.
const MAX_FIELD: u64 = 64 * 1024;

/// The form field that carries the page's token; it comes first in every form of the page.
pub const TOKEN_FIELD: &str = "jeton";

/// A received form.
pub struct Upload {
    /// The private folder the files are in; removed on drop.
    pub dir: tempfile::TempDir,
    /// The files, in the order of their names.
    pub files: Vec<Uploaded>,
    /// The text fields, in the order sent.
    pub fields: Vec<(String, String)>,
}

/// One received file.
pub struct Uploaded {
    /// Where it is stored: a number, and the extension of its name when that is a plain one,
    /// since the readers tell a mislabelled file by it.
    pub path: PathBuf,
    /// The name the browser gave it (a folder's files come with their folder), cleaned of
    /// `..`, leading slashes and control characters: shown, never used as a path.
    pub name: String,
    /// The form field it came in.
    pub field: String,
}

impl Upload {
    /// The value of a text field.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a form was not received.
pub enum Refused {
    /// More than the limits allow: the sentence says which.
    TooLarge(String),
    /// No token, or not this process's: the form was not the page's.
    Forbidden,
    /// Not a form this page sends.
    BadRequest,
}

/// Reads the form of `request` into a new temporary folder, within the limits: the whole body
/// and each file at most `max_file_size`, at most [`MAX_FILES`] files. The token must be the
/// first field, so that nothing of a forged form is written.
pub fn receive(
    request: &mut tiny_http::Request,
    token: &str,
    limits: &Limits,
) -> Result<Upload, Refused> {
    let content_type = super::http::header(request, "Content-Type").unwrap_or_default();
    let boundary = multer::parse_boundary(&content_type).map_err(|_| Refused::BadRequest)?;
    let max = limits.max_file_size;
    let too_large = || {
        Refused::TooLarge(msg!(
            "serve.too_large.size",
            max = clausier::base::typography::integer(max / (1024 * 1024))
        ))
    };
    if request.body_length().is_some_and(|n| n as u64 > max) {
        return Err(too_large());
    }
    let dir = tempfile::Builder::new()
        .prefix("clausier-serve-")
        .tempdir()
        .map_err(|_| Refused::BadRequest)?;
    // multer wants a stream it can send between threads, which the request's reader is not:
    // the body is read here and handed over in chunks to the parser, on a scoped thread. When
    // the parser stops (a limit, a refusal), the channel closes and nothing more is read.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Bytes, std::io::Error>>(4);
    let parsed = std::thread::scope(|scope| {
        let parser = scope.spawn(|| parse(rx, boundary, token, dir.path(), max, &too_large));
        let reader = request.as_reader();
        loop {
            let mut buffer = vec![0u8; 64 * 1024];
            let chunk = match reader.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    buffer.truncate(n);
                    Ok(Bytes::from(buffer))
                }
                Err(e) => Err(e),
            };
            let failed = chunk.is_err();
            if tx.send(chunk).is_err() || failed {
                break;
            }
        }
        drop(tx);
        parser.join().unwrap_or(Err(Refused::BadRequest))
    });
    let (mut files, fields) = parsed?;
    // Hidden files and Office lock files are left out, as in a folder that is scanned.
    files.retain(|f| {
        let base = f.name.rsplit('/').next().unwrap_or_default();
        !(base.starts_with('.') || base.starts_with("~$"))
    });
    // Numbered in the order of their names, so that documents come in the order `check` gives
    // a folder's.
    files.sort_by(|a, b| a.name.cmp(&b.name));
    for (i, file) in files.iter_mut().enumerate() {
        let mut stored = format!("{:05}", i + 1);
        if let Some(ext) = plain_extension(&file.name) {
            stored.push('.');
            stored.push_str(&ext);
        }
        let path = dir.path().join(stored);
        std::fs::rename(&file.path, &path).map_err(|_| Refused::BadRequest)?;
        file.path = path;
    }
    Ok(Upload { dir, files, fields })
}

/// A form's files and text fields.
type Parts = (Vec<Uploaded>, Vec<(String, String)>);

/// Parses the form's parts from the chunks of its body: text fields kept, files written under
/// numbered names in `dir`, within the limits.
fn parse(
    chunks: std::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    boundary: String,
    token: &str,
    dir: &std::path::Path,
    max: u64,
    too_large: &dyn Fn() -> Refused,
) -> Result<Parts, Refused> {
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(max)
            .for_field(TOKEN_FIELD, 256),
    );
    let mut multipart = multer::Multipart::with_constraints(
        futures_util::stream::iter(chunks),
        boundary,
        constraints,
    );
    let mut files: Vec<Uploaded> = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut first = true;
    loop {
        let mut field = match pollster::block_on(multipart.next_field()) {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(refused(e, too_large)),
        };
        let name = field.name().unwrap_or_default().to_string();
        if first {
            first = false;
            if name != TOKEN_FIELD || field.file_name().is_some() {
                return Err(Refused::Forbidden);
            }
        }
        match field.file_name().map(str::to_string) {
            None => {
                let mut value = Vec::new();
                while let Some(chunk) =
                    pollster::block_on(field.chunk()).map_err(|e| refused(e, too_large))?
                {
                    value.extend_from_slice(&chunk);
                    if value.len() as u64 > MAX_FIELD {
                        return Err(Refused::BadRequest);
                    }
                }
                let value = String::from_utf8_lossy(&value).into_owned();
                if fields.is_empty() && !same(&value, token) {
                    return Err(Refused::Forbidden);
                }
                fields.push((name, value));
            }
            // A file input left empty still sends a part without a name.
            Some(sent) if sent.is_empty() => {}
            Some(sent) => {
                if files.len() >= MAX_FILES {
                    return Err(Refused::TooLarge(msg!(
                        "serve.too_large.count",
                        max = clausier::base::typography::integer(MAX_FILES as u64)
                    )));
                }
                let path = dir.join(format!("envoi-{}", files.len()));
                let mut out = std::fs::File::create(&path).map_err(|_| Refused::BadRequest)?;
                let mut size = 0u64;
                while let Some(chunk) =
                    pollster::block_on(field.chunk()).map_err(|e| refused(e, too_large))?
                {
                    size += chunk.len() as u64;
                    if size > max {
                        return Err(too_large());
                    }
                    out.write_all(&chunk).map_err(|_| Refused::BadRequest)?;
                }
                files.push(Uploaded {
                    path,
                    name: display_name(&sent),
                    field: name,
                });
            }
        }
    }
    Ok((files, fields))
}

/// Compares the token in a time that does not tell how much of it was right.
fn same(given: &str, token: &str) -> bool {
    given.len() == token.len()
        && given
            .bytes()
            .zip(token.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// What a multer error means for the buyer.
fn refused(e: multer::Error, too_large: &dyn Fn() -> Refused) -> Refused {
    match e {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            too_large()
        }
        _ => Refused::BadRequest,
    }
}

/// A sent name as shown: `/` between folders, no `..`, `.` or empty part, no control
/// character.
pub fn display_name(sent: &str) -> String {
    let cleaned: String = sent
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let parts: Vec<&str> = cleaned
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    if parts.is_empty() {
        "document".to_string()
    } else {
        parts.join("/")
    }
}

/// The extension of a name when it is one to keep: 1 to 5 ASCII letters or digits.
fn plain_extension(name: &str) -> Option<String> {
    let base = name.rsplit('/').next()?;
    let (_, ext) = base.rsplit_once('.')?;
    (!ext.is_empty() && ext.len() <= 5 && ext.chars().all(|c| c.is_ascii_alphanumeric()))
        .then(|| ext.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_names_are_only_shown() {
        assert_eq!(display_name("../../etc/passwd"), "etc/passwd");
        assert_eq!(display_name("C:\\DCE\\CCAP.pdf"), "C:/DCE/CCAP.pdf");
        assert_eq!(display_name("dce/./ae.docx"), "dce/ae.docx");
        assert_eq!(display_name(".."), "document");
        assert_eq!(plain_extension("dce/ccap.pdf").as_deref(), Some("pdf"));
        assert_eq!(plain_extension("x.p/df"), None);
        assert_eq!(plain_extension("a.tar.gz;rm"), None);
        assert!(same("abc", "abc"));
        assert!(!same("abd", "abc"));
        assert!(!same("ab", "abc"));
    }
}
