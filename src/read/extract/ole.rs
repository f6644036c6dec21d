//! OLE compound files: telling a Word 97-2003 `.doc`, an Excel 97-2003 workbook and the
//! encrypted wrapper Office puts around a password-protected DOCX apart.

use crate::base::error::{Code, Problem};
use crate::read::blocks::Format;
use std::io::Cursor;

/// Which kind of OLE file this is.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, Problem> {
    let file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
        Problem::new(
            Code::CorruptFile,
            format!("damaged OLE compound file ({e})"),
        )
    })?;
    if file.exists("/EncryptedPackage") || file.exists("/EncryptionInfo") {
        return Err(Problem::new(
            Code::Encrypted,
            "password-protected Office document; save it without a password and scan again",
        ));
    }
    if file.exists("/WordDocument") {
        return Ok(Format::Doc);
    }
    if file.exists("/Workbook") || file.exists("/Book") {
        return Ok(Format::Xls);
    }
    let kind = if file.exists("/PowerPoint Document") {
        "a legacy PowerPoint presentation"
    } else {
        "an OLE compound file"
    };
    Err(Problem::new(
        Code::UnsupportedFormat,
        format!("{kind}, not a text document"),
    ))
}
