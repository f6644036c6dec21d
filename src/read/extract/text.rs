//! Plain text: UTF-8, UTF-16 with a BOM, and the Windows-1252 of old French archives.
//! Paragraphs are separated by blank lines; single line breaks stay inside a paragraph.

use super::Limits;
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, Extracted, Reader};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// Reads a plain-text file into paragraphs.
pub(crate) fn read(bytes: &[u8], limits: &Limits) -> Result<Extracted, Problem> {
    // Counted and refused before anything is built: UTF-8 where it lies (a huge text costs
    // its bytes only), other encodings once decoded.
    let within = |text: &str| {
        let chars = text.chars().count() as u64;
        if chars > limits.max_text {
            return Err(super::text_too_long(chars, limits.max_text));
        }
        Ok(())
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) if Encoding::for_bom(bytes).is_none() => {
            within(text)?;
            Cow::Borrowed(text)
        }
        _ => {
            let text = decode(bytes)?;
            within(&text)?;
            Cow::Owned(text)
        }
    };
    Ok(Extracted::new(Reader::PlainText, None, paragraphs(&text)))
}

/// Decodes text bytes: a BOM wins; valid UTF-8 is UTF-8; otherwise chardetng guesses, with a
/// French hint (in practice Windows-1252, a superset of Latin-1).
pub(crate) fn decode(bytes: &[u8]) -> Result<String, Problem> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let mut body = &bytes[bom..];
        // Tools that append a newline to every file leave one stray byte after UTF-16 text
        // (a BOAMP page saved from a browser then committed): it carries nothing.
        if (encoding == UTF_16LE || encoding == UTF_16BE) && body.len() % 2 == 1 {
            if let Some((last, rest)) = body.split_last() {
                if last.is_ascii_whitespace() {
                    body = rest;
                }
            }
        }
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors && (encoding == UTF_16LE || encoding == UTF_16BE) && body.len() % 2 == 1 {
            return Err(Problem::new(
                Code::CorruptFile,
                msg!("problem.corrupt_file.utf16_odd"),
            ));
        }
        return Ok(text.into_owned());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    if is_mixed(bytes) {
        return Ok(decode_mixed(bytes));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"fr"), chardetng::Utf8Detection::Allow);
    let encoding = if encoding == UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        encoding
    };
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

/// Whether `bytes` mix UTF-8 (some multi-byte character decodes) with bytes that are not
/// UTF-8: a file pasted together from two sources, or edited by two tools.
pub(crate) fn is_mixed(bytes: &[u8]) -> bool {
    Encoding::for_bom(bytes).is_none()
        && std::str::from_utf8(bytes).is_err()
        && bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

/// Decodes mixed text chunk by chunk: valid UTF-8 is kept, every other byte is read as
/// Windows-1252 (the legacy encoding of French office files), so that neither part is
/// garbled by reading the whole file one way.
fn decode_mixed(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        let (legacy, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
        out.push_str(&legacy);
    }
    out
}

/// Splits text into blocks at blank lines; lines inside a block keep their `\n`.
pub(crate) fn paragraphs(text: &str) -> Vec<Block> {
    let text: Cow<str> = if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    };
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(Block::paragraph(current.join("\n")));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        blocks.push(Block::paragraph(current.join("\n")));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_french_is_decoded() {
        let bytes =
            b"Pr\xe9ambule : l\x92entreprise s\x92engage \xe0 r\xe9aliser 60 \x80 HT \x9cuvre";
        assert_eq!(
            decode(bytes).unwrap(),
            "Préambule : l’entreprise s’engage à réaliser 60 € HT œuvre"
        );
    }

    #[test]
    fn mixed_utf8_and_latin1_lines_are_each_decoded() {
        let mut bytes = "Clause d’insertion : 35 heures\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Le titulaire r\xe9alise l\x92action\n");
        assert!(is_mixed(&bytes));
        assert_eq!(
            decode(&bytes).unwrap(),
            "Clause d’insertion : 35 heures\nLe titulaire réalise l’action\n"
        );
        assert!(!is_mixed(b"r\xe9alise"), "all legacy is not mixed");
        assert!(!is_mixed("réalise".as_bytes()), "all UTF-8 is not mixed");
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Clause d’insertion".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes).unwrap(), "Clause d’insertion");
        // A newline byte appended after the UTF-16 text is dropped, not an error.
        bytes.push(b'\n');
        assert_eq!(decode(&bytes).unwrap(), "Clause d’insertion");
        // Any other odd byte is a truncation.
        bytes.pop();
        bytes.push(b'A');
        assert_eq!(decode(&bytes).unwrap_err().code, Code::CorruptFile);
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let blocks = paragraphs("Article 1\r\nObjet\r\n\r\n\r\nSecond\n");
        let texts: Vec<_> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Article 1\nObjet", "Second"]);
    }
}
