//! Last-resort recovery: the text of a PDF whose objects cannot be walked (a looping page tree,
//! a `/Length` that refers to its own stream, a page nested too deep for the parser), read
//! straight from the content streams found in the file's bytes, the way viewers repair files.
//!
//! Each `stream … endstream` is decoded (Flate when its dictionary says so), parsed as a content
//! stream, and the strings of its text operators are read as WinAnsi (the simple fonts of such
//! files). The layout is approximate: one line per text line move.

use super::Budget;
use crate::base::error::Problem;
use crate::read::blocks::{Block, Extracted, Reader};
use crate::read::extract::{Deadline, Limits};
use lopdf::content::Content;
use lopdf::{Dictionary, Object, Stream};

/// The recovered text, `None` when no content stream gives any.
pub(super) fn read(
    bytes: &[u8],
    limits: &Limits,
    deadline: Deadline,
) -> Result<Option<Extracted>, Problem> {
    let budget = Budget::new(limits.max_unpacked);
    let mut blocks = Vec::new();
    // Each content stream with text counts as a page: the page tree that would say is damaged.
    let mut pages = 0u32;
    let mut at = 0;
    while let Some((dict, data, end)) = next_stream(bytes, at) {
        deadline.check()?;
        at = end;
        let mut stream_dict = Dictionary::new();
        if contains(dict, b"/FlateDecode") {
            stream_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        }
        let stream = Stream::new(stream_dict, data.to_vec());
        let plain = budget.stream(&stream)?;
        if !contains(&plain, b"BT") {
            continue;
        }
        let Ok(content) = Content::decode(&plain) else {
            continue;
        };
        let text = text_of(&content);
        if text.trim().is_empty() {
            continue;
        }
        pages += 1;
        for paragraph in text.split("\n\n") {
            if !paragraph.trim().is_empty() {
                blocks.push(Block::paragraph(paragraph.trim_matches('\n')).on_page(pages));
            }
        }
    }
    if blocks.is_empty() {
        return Ok(None);
    }
    Ok(Some(Extracted::new(Reader::Lopdf, Some(pages), blocks)))
}

/// The next `stream … endstream` from `from`: its dictionary's bytes, its data, where it ends.
fn next_stream(bytes: &[u8], from: usize) -> Option<(&[u8], &[u8], usize)> {
    let mut at = from;
    loop {
        let keyword = at + find(&bytes[at..], b"stream")?;
        let after = keyword + b"stream".len();
        // "endstream" contains "stream": only a keyword that starts a stream counts.
        let starts = keyword < 3 || &bytes[keyword - 3..keyword] != b"end";
        let mut data_start = after;
        if bytes.get(data_start) == Some(&b'\r') {
            data_start += 1;
        }
        if starts && bytes.get(data_start) == Some(&b'\n') {
            data_start += 1;
            let end = data_start + find(&bytes[data_start..], b"endstream")?;
            // The dictionary: from this object's "obj" keyword (the last one before it).
            let window = from.max(keyword.saturating_sub(4096));
            let dict_start = bytes[window..keyword]
                .windows(3)
                .rposition(|w| w == b"obj")
                .map_or(window, |i| window + i);
            let data = trim_eol(&bytes[data_start..end]);
            return Some((&bytes[dict_start..keyword], data, end + b"endstream".len()));
        }
        at = after;
    }
}

fn trim_eol(data: &[u8]) -> &[u8] {
    let data = data.strip_suffix(b"\n").unwrap_or(data);
    data.strip_suffix(b"\r").unwrap_or(data)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// The text shown by a content stream, a line break at each move to a new line.
fn text_of(content: &Content) -> String {
    let mut text = String::new();
    let show = |bytes: &[u8], text: &mut String| {
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        text.push_str(&decoded);
    };
    for op in &content.operations {
        match op.operator.as_str() {
            "Tj" => {
                if let Some(Object::String(s, _)) = op.operands.first() {
                    show(s, &mut text);
                }
            }
            "'" | "\"" => {
                text.push('\n');
                if let Some(Object::String(s, _)) = op.operands.last() {
                    show(s, &mut text);
                }
            }
            "TJ" => {
                if let Some(Object::Array(items)) = op.operands.first() {
                    for item in items {
                        match item {
                            Object::String(s, _) => show(s, &mut text),
                            // A wide negative kerning is a word space.
                            Object::Integer(n) if *n < -200 => text.push(' '),
                            Object::Real(n) if *n < -200.0 => text.push(' '),
                            _ => {}
                        }
                    }
                }
            }
            "T*" => text.push('\n'),
            "Td" | "TD" => {
                let dy = op.operands.get(1).and_then(|o| o.as_float().ok());
                if dy.is_some_and(|dy| dy != 0.0) {
                    text.push('\n');
                }
            }
            "ET" => text.push('\n'),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_found_in_streams_the_parser_cannot_reach() {
        // A stream whose /Length refers to itself: only its keywords bound it.
        let file = b"%PDF-1.4\n4 0 obj\n<< /Length 4 0 R >>\nstream\nBT /F1 12 Tf 72 720 Td (Clause d'insertion) Tj 0 -20 Td (500 heures) Tj ET\nendstream\nendobj\n";
        let limits = Limits::default();
        let extracted = read(file, &limits, Deadline::after(limits.timeout))
            .unwrap()
            .unwrap();
        let text: Vec<&str> = extracted.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(text.join("\n"), "Clause d'insertion\n500 heures");
    }
}
