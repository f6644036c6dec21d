//! HTML escaping, for every page and fragment clausier writes (the HTML report, the redline's
//! preview, the generated clause's preview): whatever a document or a parameter says is text,
//! never markup.

/// Escapes text for HTML content and quoted attribute values alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
