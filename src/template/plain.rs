//! A model's rendered wording (Markdown) as plain text: what `check` compares a clause with,
//! what the redline quotes and what `generate --format txt` prints. It lives beside the models
//! so that judging and writing both use it without importing each other.

/// One line of a rendered wording as plain text: a heading without its `#`, a table row as
/// `a | b | c`; `None` for a table's separator row.
pub fn plain_line(line: &str) -> Option<String> {
    let trimmed = line.trim();
    if trimmed.starts_with("| ---") || trimmed.starts_with("|---") {
        return None;
    }
    Some(if trimmed.starts_with('|') {
        trimmed
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" | ")
    } else {
        trimmed.trim_start_matches('#').trim_start().to_string()
    })
}

/// Plain text from the rendered Markdown: headings without `#`, tables as `a | b | c` rows.
pub fn to_text(markdown: &str) -> String {
    let mut out = String::new();
    for line in markdown.lines().filter_map(plain_line) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}
