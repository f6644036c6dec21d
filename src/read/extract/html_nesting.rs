//! Bounds how deep HTML elements nest before the parser sees them.
//!
//! For many start tags html5ever looks through its whole stack of open elements ("is there a
//! `p` in button scope?", the list of active formatting elements), so each level of nesting
//! costs as much as the depth already reached: 100 000 nested `<div>` took half a minute. Past
//! [`MAX_NESTING`] open elements, further start and end tags are replaced by a space and their
//! text is kept, which makes parsing linear whatever the nesting. The reader flattens anything
//! deeper than a few hundred levels into text anyway.

use std::borrow::Cow;

/// Most elements open at once that reach the parser.
pub(crate) const MAX_NESTING: usize = 512;

/// Elements that hold no other element (void) or whose end tag may be left out: they do not
/// nest, so counting them would only make unclosed `<p>` and `<li>` look deep.
fn counted(name: &str) -> bool {
    !matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "html"
            | "head"
            | "body"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
            | "colgroup"
            | "caption"
    )
}

/// Elements whose content is text, not markup, up to their end tag.
fn raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "noembed"
            | "noframes"
            | "iframe"
            | "noscript"
            | "plaintext"
    )
}

/// `source` with every tag past [`MAX_NESTING`] open elements replaced by a space; borrowed
/// when nothing had to go. One pass, linear in the length.
pub(crate) fn bound_nesting(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut drop = |start: usize, end: usize, out: &mut Option<String>| {
        let out = out.get_or_insert_with(|| String::with_capacity(source.len()));
        out.push_str(&source[copied..start]);
        out.push(' ');
        copied = end;
    };
    let mut depth = 0usize;
    // Inside <svg> or <math>, `/>` closes an element as in XML.
    let mut foreign = 0usize;
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + offset;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            i = find(bytes, at, b">").map_or(bytes.len(), |end| end + 1);
            continue;
        }
        let closing = rest.starts_with(b"</");
        let name_start = at + if closing { 2 } else { 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'))
                .count();
        let Some(close) = tag_end(bytes, name_end, !closing) else {
            break;
        };
        let end = close + 1;
        let self_closing = !closing && bytes[close - 1] == b'/';
        let name = source[name_start..name_end].to_ascii_lowercase();
        i = end;
        if !closing && raw_text(&name) {
            i = end_tag(bytes, end, &name).unwrap_or(bytes.len());
            continue;
        }
        if matches!(name.as_str(), "svg" | "math") {
            if closing {
                foreign = foreign.saturating_sub(1);
            } else if !self_closing {
                foreign += 1;
            }
        }
        if !counted(&name) || (self_closing && foreign > 0) {
            continue;
        }
        if closing {
            if depth > MAX_NESTING {
                drop(at, end, &mut out);
            }
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            if depth > MAX_NESTING {
                drop(at, end, &mut out);
            }
        }
    }
    match out {
        None => Cow::Borrowed(source),
        Some(mut out) => {
            out.push_str(&source[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Where `needle` starts at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// The `>` that ends a tag whose name ends at `from`; quoted attribute values (in start tags)
/// may hold a `>`.
fn tag_end(bytes: &[u8], from: usize, quotes: bool) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            q @ (b'"' | b'\'') if quotes => {
                i += 1 + bytes[i + 1..].iter().position(|&b| b == q)?;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the end tag `</name` (any case) starts at or after `from`.
fn end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    loop {
        let at = find(bytes, i, b"</")?;
        let candidate = bytes.get(at + 2..at + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        i = at + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = "<html><head><title>a < b</title><script>if (a<div) {}</script></head>\
            <body><!-- <div> --><p>Un<p>Deux<ul><li>a<li>b</ul><div class=\"x>y\"><b>gras</b></div>\
            <svg><path/><path/></svg></body></html>";
        assert!(matches!(bound_nesting(page), Cow::Borrowed(_)));
        // Unclosed paragraphs and list items never count as nesting.
        let loose = "<p>x".repeat(10 * MAX_NESTING) + &"<li>y".repeat(10 * MAX_NESTING);
        assert!(matches!(bound_nesting(&loose), Cow::Borrowed(_)));
    }

    #[test]
    fn tags_past_the_limit_go_and_their_text_stays() {
        let deep = 3 * MAX_NESTING;
        let page = format!(
            "{}<DIV>texte d'insertion</Div >{}",
            "<div>".repeat(deep),
            "</div>".repeat(deep)
        );
        let bounded = bound_nesting(&page);
        assert_eq!(bounded.matches("<div>").count(), MAX_NESTING);
        assert_eq!(bounded.matches("</div>").count(), MAX_NESTING);
        assert!(bounded.contains(" texte d'insertion "), "{bounded}");
        // Text after the deep part is kept, with the tags that close the kept elements.
        let after = format!("{page}<p>fin</p>");
        assert!(bound_nesting(&after).ends_with("</div><p>fin</p>"));
    }

    #[test]
    fn never_reads_past_the_end() {
        for page in [
            "<",
            "</",
            "<div",
            "<div a=\"",
            "<!--",
            "<script>",
            "<a href='x",
        ] {
            assert_eq!(bound_nesting(page), page);
        }
    }
}
