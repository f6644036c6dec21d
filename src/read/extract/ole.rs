//! OLE compound files: telling a Word 97-2003 `.doc`, an Excel 97-2003 workbook and the
//! encrypted wrapper Office puts around a password-protected DOCX apart.

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::Format;
use std::io::Cursor;

/// Which kind of OLE file this is.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, Problem> {
    let file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            Code::CorruptFile,
            msg!("problem.corrupt_file.ole", cause = e),
        )
    })?;
    if file.exists("/EncryptedPackage") || file.exists("/EncryptionInfo") {
        return Err(Problem::new(
            Code::Encrypted,
            msg!("problem.encrypted.office"),
        ));
    }
    if file.exists("/WordDocument") {
        return Ok(Format::Doc);
    }
    if file.exists("/Workbook") || file.exists("/Book") {
        return Ok(Format::Xls);
    }
    let message = if file.exists("/PowerPoint Document") {
        msg!("problem.unsupported_format.ppt")
    } else {
        msg!("problem.unsupported_format.ole")
    };
    Err(Problem::new(Code::UnsupportedFormat, message))
}
