//! Regex patterns of the rule tables and models: made to match text laid over several lines
//! (a PDF or a fixed-width text wraps a phrase wherever its line ends), and compiled on first
//! use, so that a run pays only for the patterns its documents need.

use regex::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// A regex whose syntax is checked when it is loaded and which is compiled the first time it
/// is used, once for every thread. Compiling the catalogue's few hundred patterns took most of
/// a process's start; a notice archive or a one-page `check` needs a handful of them.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    source: String,
    case_insensitive: bool,
    compiled: OnceLock<Regex>,
}

impl LazyRegex {
    /// Checks the pattern's syntax (a parse, not a compilation) and keeps it for later.
    pub fn new(source: String, case_insensitive: bool) -> Result<Self, String> {
        regex_syntax::ast::parse::Parser::new()
            .parse(&source)
            .map_err(|e| e.to_string())?;
        Ok(LazyRegex {
            source,
            case_insensitive,
            compiled: OnceLock::new(),
        })
    }

    /// Compiles it now: a checked catalogue (`--templates`, tests) fails at load, not mid-run,
    /// on what a parse cannot see (a pattern over the size limit).
    pub fn compile(&self) -> Result<&Regex, String> {
        if let Some(r) = self.compiled.get() {
            return Ok(r);
        }
        let built = self.build().map_err(|e| e.to_string())?;
        Ok(self.compiled.get_or_init(|| built))
    }

    fn build(&self) -> Result<Regex, regex::Error> {
        RegexBuilder::new(&self.source)
            .case_insensitive(self.case_insensitive)
            .size_limit(1 << 22)
            .build()
    }

    /// The pattern as written (after the loader's rewriting).
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.compiled.get_or_init(|| {
            // The shipped catalogue is compiled whole by a test, and a catalogue given with
            // --templates is compiled at load; only a pattern the parser accepts and the
            // compiler refuses could get here, and it then matches nothing.
            self.build()
                .unwrap_or_else(|_| Regex::new(r"[^\s\S]").expect("a pattern that never matches"))
        })
    }
}

/// A pattern whose words may be separated by any white space, a line break included: a
/// space becomes `\s+`, an optional space (` ?`) `\s*`; spaces inside a character class stay.
pub fn wrappable(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut escaped = false;
    while let Some(c) = chars.next() {
        match c {
            _ if escaped => {
                escaped = false;
                out.push(c);
            }
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class && chars.peek() == Some(&'?') => {
                chars.next();
                out.push_str(r"\s*");
            }
            ' ' if !in_class => out.push_str(r"\s+"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrappable;

    #[test]
    fn spaces_become_any_white_space_outside_classes() {
        assert_eq!(
            wrappable("publics en difficulté"),
            r"publics\s+en\s+difficulté"
        );
        assert_eq!(wrappable("n° ?2015"), r"n°\s*2015");
        assert_eq!(wrappable(r"[^. ]{0,4} a\ b"), r"[^. ]{0,4}\s+a\ b");
        assert_eq!(wrappable("acte d'engagement"), r"acte\s+d'engagement");
        assert_eq!(
            wrappable("pr[ée][- ]?information"),
            "pr[ée][- ]?information"
        );
    }
}
