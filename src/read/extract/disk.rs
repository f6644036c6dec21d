//! Reading a file's bytes from disk, safely: only regular files are opened (a FIFO would block
//! the batch forever, a device or a kernel pseudo-file never ends), and the size limit holds on
//! the bytes actually read, whatever the metadata said.

use crate::base::error::{Code, Problem};
use crate::msg;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The bytes of the regular file at `path` (symbolic links followed), at most `max` of them.
pub(crate) fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, Problem> {
    let unreadable = |e: std::io::Error| Problem::new(Code::Unreadable, e.to_string());
    // `metadata` follows links and never opens the file, so a FIFO cannot block here.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.is_dir() {
        return Err(Problem::new(Code::Unreadable, msg!("io.is_a_directory")));
    }
    if !meta.is_file() {
        return Err(not_regular(&kind_of(&meta.file_type())));
    }
    if let Some(place) = pseudo_file_system(path) {
        return Err(not_regular(&place));
    }
    if meta.len() > max {
        return Err(too_large(meta.len(), max));
    }
    let file = File::open(path).map_err(unreadable)?;
    // The path may have been replaced between the check and the opening: check what was opened.
    let opened = file.metadata().map_err(unreadable)?;
    if !opened.is_file() {
        return Err(not_regular(&kind_of(&opened.file_type())));
    }
    let mut bytes = Vec::with_capacity(opened.len().min(max) as usize);
    // One byte past the limit tells a file that grew while being read from one at the limit.
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(Problem::new(
            Code::TooLarge,
            msg!("problem.too_large.grew", max = max),
        ));
    }
    Ok(bytes)
}

/// `too-large` for a file of `size` bytes.
pub(crate) fn too_large(size: u64, limit: u64) -> Problem {
    Problem::new(
        Code::TooLarge,
        msg!("problem.too_large.file", size = size, limit = limit),
    )
}

fn not_regular(what: &str) -> Problem {
    Problem::new(
        Code::NotARegularFile,
        msg!("problem.not_a_regular_file.kind", what = what),
    )
}

/// What a non-regular file is, in words.
fn kind_of(file_type: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return msg!("problem.not_a_regular_file.fifo");
        }
        if file_type.is_socket() {
            return msg!("problem.not_a_regular_file.socket");
        }
        if file_type.is_char_device() {
            return msg!("problem.not_a_regular_file.char_device");
        }
        if file_type.is_block_device() {
            return msg!("problem.not_a_regular_file.block_device");
        }
    }
    let _ = file_type;
    msg!("problem.not_a_regular_file.special")
}

/// Kernel pseudo-files look regular (size 0) but are generated on reading and some never end.
pub(crate) fn pseudo_file_system(path: &Path) -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let real = std::fs::canonicalize(path).ok()?;
    ["/proc", "/sys", "/dev"]
        .iter()
        .any(|root| real.starts_with(root))
        .then(|| msg!("problem.not_a_regular_file.kernel"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_holds_on_the_bytes_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_regular(&path, 10).unwrap().len(), 10);
        assert_eq!(read_regular(&path, 9).unwrap_err().code, Code::TooLarge);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn kernel_files_and_devices_are_not_read() {
        for path in ["/proc/self/status", "/dev/zero", "/dev/null"] {
            assert_eq!(
                read_regular(Path::new(path), 1 << 20).unwrap_err().code,
                Code::NotARegularFile,
                "{path}"
            );
        }
    }
}
