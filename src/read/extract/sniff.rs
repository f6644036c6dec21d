//! Format detection from content (magic bytes, container listings), never from the name alone:
//! archives are full of `.pdf` files that are really Word documents, and the reverse.

use super::ole;
use super::zipped;
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::Format;

/// Decides the format of `bytes`; `extension` (lowercase, no dot) only separates Markdown from
/// plain text, which content cannot.
pub fn sniff(bytes: &[u8], extension: Option<&str>) -> Result<Format, Problem> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Problem::new(
            Code::EmptyFile,
            msg!("problem.empty_file.empty"),
        ));
    }
    // PDF readers accept the header anywhere in the first kilobyte (some writers prepend junk).
    if find(&bytes[..bytes.len().min(1024)], b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zipped::sniff(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole::sniff(bytes);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    if let Some(problem) = other_archive(bytes) {
        return Err(problem);
    }
    if let Some(kind) = non_text_piece(bytes, extension) {
        return Err(Problem::new(
            Code::NonTextPiece,
            msg!("problem.non_text_piece.kind", kind = kind),
        ));
    }
    if let Some(kind) = binary_kind(bytes) {
        let message = match kind {
            "gzip" => msg!("problem.unsupported_format.gzip"),
            "executable" => msg!("problem.unsupported_format.executable"),
            image => msg!("problem.unsupported_format.image", kind = image),
        };
        return Err(Problem::new(Code::UnsupportedFormat, message));
    }
    if looks_binary(bytes) {
        return Err(Problem::new(
            Code::UnsupportedFormat,
            msg!("problem.unsupported_format.binary"),
        ));
    }
    if looks_like_html(bytes) {
        return Ok(Format::Html);
    }
    if looks_like_flat_odt(bytes) {
        return Ok(Format::Odt);
    }
    if looks_like_xml(bytes) {
        return Ok(Format::Xml);
    }
    match extension {
        Some("md" | "markdown") => Ok(Format::Md),
        _ => Ok(Format::Txt),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// 7-Zip and RAR archives, refused with the commands that make them readable: no well-kept
/// pure-Rust crate reads both safely (RAR's format is proprietary), and unpacking is one command.
fn other_archive(bytes: &[u8]) -> Option<Problem> {
    let (kind, unpack) = if bytes.starts_with(b"7z\xBC\xAF\x27\x1C") {
        ("7-Zip", "7z x dce.7z -odce".to_string())
    } else if bytes.starts_with(b"Rar!\x1A\x07") {
        ("RAR", msg!("problem.unsupported_archive.rar_command"))
    } else {
        return None;
    };
    Some(Problem::new(
        Code::UnsupportedArchive,
        msg!(
            "problem.unsupported_archive.unpack",
            kind = kind,
            unpack = unpack
        ),
    ))
}

/// The pieces of a DCE that carry no text by design: images (plans and photos as PNG, JPEG,
/// GIF, TIFF, BMP, WebP), AutoCAD drawings (DWG, by its "AC10" version header; DXF, a text whose
/// first group is `0 SECTION`) and IFC building models (`ISO-10303-21;`). Named for the report.
fn non_text_piece(bytes: &[u8], extension: Option<&str>) -> Option<&'static str> {
    // An image under a document's name (a scan saved as "CCAP.pdf") may be a piece whose text
    // matters: it stays an unreadable document, never a skipped one.
    const DOCUMENT_NAMES: [&str; 14] = [
        "pdf", "doc", "docx", "odt", "ott", "rtf", "txt", "html", "htm", "xml", "md", "xlsx",
        "xls", "ods",
    ];
    if extension.is_some_and(|e| DOCUMENT_NAMES.contains(&e)) {
        return None;
    }
    const IMAGES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"BM", "BMP"),
    ];
    if let Some((_, kind)) = IMAGES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        // "BM" alone is two letters a text may start with: a bitmap says so by its name too.
        if *kind != "BMP" || extension == Some("bmp") {
            return Some(kind);
        }
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("WebP");
    }
    if bytes.starts_with(b"AC10") || bytes.starts_with(b"AC1.") {
        return Some("DWG");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
    let mut groups = head.split_whitespace();
    if groups.next() == Some("0") && groups.next() == Some("SECTION") {
        return Some("DXF");
    }
    if head.trim_start().starts_with("ISO-10303-21;") {
        return Some("IFC");
    }
    None
}

/// Names common non-document binaries so the message can say what the file really is: an
/// image's format, `gzip` or `executable`.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"\x1F\x8B", "gzip"),
        (b"\x7FELF", "executable"),
        (b"MZ", "executable"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, kind)| *kind)
}

/// Text in any of the encodings clausier decodes has no NUL bytes outside UTF-16, and few C0
/// controls.
fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    head.contains(&0) || controls * 100 > head.len()
}

fn ascii_head(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    // UTF-16 pages (BOAMP notices saved from a browser) must be decoded before their tags show.
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(head) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(&head[bom..]);
            return text.to_ascii_lowercase();
        }
    }
    let head = &head[..head.len().min(2048)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    String::from_utf8_lossy(head).to_ascii_lowercase()
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = ascii_head(bytes);
    let head = head.trim_start();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") && head.contains("<html"))
        || head.contains("<body")
        || head.contains("<head>")
        // Saved fragments of a page (a notice's body without <html>) open with a block tag.
        || ["<style", "<div", "<script", "<meta", "<table", "<p>", "<h1"]
            .iter()
            .any(|tag| head.starts_with(tag))
}

/// A flat ODT (`.fodt`) is a single XML file with an `office:document` root.
fn looks_like_flat_odt(bytes: &[u8]) -> bool {
    let head = ascii_head(bytes);
    head.trim_start().starts_with("<?xml")
        && head.contains("<office:document")
        && head.contains("application/vnd.oasis.opendocument.text")
}

/// An XML file opens with its declaration (notices, exports); a bare `<` is not enough, since
/// plain text can start with one.
fn looks_like_xml(bytes: &[u8]) -> bool {
    ascii_head(bytes).trim_start().starts_with("<?xml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_whitespace_files_are_empty() {
        assert_eq!(sniff(b"", None).unwrap_err().code, Code::EmptyFile);
        assert_eq!(sniff(b" \n\t", None).unwrap_err().code, Code::EmptyFile);
    }

    #[test]
    fn pdf_header_is_found_after_leading_junk() {
        assert_eq!(sniff(b"\n\n%PDF-1.7\n", None).unwrap(), Format::Pdf);
    }

    #[test]
    fn plans_drawings_and_photos_are_non_text_pieces_with_their_kind() {
        for (bytes, extension, kind) in [
            (&b"\x89PNG\r\n\x1a\nrest"[..], Some("png"), "PNG"),
            (&b"\xFF\xD8\xFF\xE0rest"[..], Some("jpg"), "JPEG"),
            (&b"AC1032\x00\x00rest"[..], Some("dwg"), "DWG"),
            (
                &b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n"[..],
                Some("dxf"),
                "DXF",
            ),
            (&b"ISO-10303-21;\nHEADER;\n"[..], Some("ifc"), "IFC"),
        ] {
            let err = sniff(bytes, extension).unwrap_err();
            assert_eq!(err.code, Code::NonTextPiece, "{kind}");
            assert!(err.message.contains(kind), "{}", err.message);
        }
        // An image under a document's name stays an unreadable document.
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\nrest", Some("pdf"))
                .unwrap_err()
                .code,
            Code::UnsupportedFormat
        );
        // Two letters a text may start with are not a bitmap unless the name says so.
        assert_eq!(sniff(b"BM est le sigle", Some("txt")).unwrap(), Format::Txt);
    }

    #[test]
    fn seven_zip_and_rar_are_refused_with_the_command_to_unpack() {
        // RAR 4 and RAR 5 signatures, then 7-Zip's.
        for (magic, kind) in [
            (&b"Rar!\x1A\x07\x00rest"[..], "RAR"),
            (&b"Rar!\x1A\x07\x01\x00rest"[..], "RAR"),
            (&b"7z\xBC\xAF\x27\x1C\x00\x04rest"[..], "7-Zip"),
        ] {
            let err = sniff(magic, Some("zip")).unwrap_err();
            assert_eq!(err.code, Code::UnsupportedArchive);
            assert!(err.message.contains(kind), "{}", err.message);
            assert!(err.message.contains(" x dce."), "{}", err.message);
        }
    }

    #[test]
    fn text_html_and_markdown() {
        assert_eq!(
            sniff("Clause d’insertion".as_bytes(), None).unwrap(),
            Format::Txt
        );
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><body>x</body></html>", Some("txt")).unwrap(),
            Format::Html
        );
        assert_eq!(sniff(b"# Titre", Some("md")).unwrap(), Format::Md);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><TED_EXPORT/>", Some("txt")).unwrap(),
            Format::Xml
        );
        // Windows-1252 bytes are text, not binary.
        assert_eq!(sniff(b"Ins\xe9rtion \x80 5 %", None).unwrap(), Format::Txt);
        // UTF-16 has NUL bytes but a BOM.
        assert_eq!(sniff(b"\xFF\xFEA\x00", None).unwrap(), Format::Txt);
        let mut page = vec![0xFF, 0xFE];
        for unit in "<style>p {}</style><html><body>Avis</body></html>".encode_utf16() {
            page.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(sniff(&page, Some("html")).unwrap(), Format::Html);
    }
}
