//! Every sentence a person reads, in French (the default: our users are French buyers) and in
//! English, from one catalogue. Machine outputs (JSON, JSONL, CSV headers, rule ids, codes)
//! never go through it: they keep their stable English identifiers.
//!
//! The catalogue is data: `messages/fr.toml` and `messages/en.toml`, one `"key" = "text"` line
//! per message in each. Adding a message is one line in each file (a test fails when a key or a
//! placeholder is in one language only). Placeholders are written `{name}` and filled by
//! [`msg!`](crate::msg); a text with a
//! singular and a plural form separates them with `|` and is chosen by [`msg_n!`](crate::msg_n)
//! (French counts 0 and 1 as singular, English only 1). A key missing from the catalogue is
//! printed as itself, and a test fails for every key the code uses that has no entry.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

/// The language of human-readable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// "fr", "en", or a locale such as "fr_FR.UTF-8" / "en-GB".
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "fr" || s.starts_with("fr_") || s.starts_with("fr-") {
            Some(Lang::Fr)
        } else if s == "en" || s.starts_with("en_") || s.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Chooses the language of every later message (once, at start-up).
pub fn set_lang(lang: Lang) {
    LANG.store(
        match lang {
            Lang::Fr => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language chosen by [`set_lang`] (French unless told otherwise).
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Fr,
    }
}

/// The text of `key` in the current language (the key itself if the catalogue lacks it).
pub fn text(key: &str) -> &str {
    text_in(lang(), key)
}

/// The text of `key` in `lang` (the key itself if the catalogue lacks it).
pub fn text_in(lang: Lang, key: &str) -> &str {
    lookup_in(lang, key).unwrap_or(key)
}

/// The text of `key` in the current language, if the catalogue has it.
pub fn lookup(key: &str) -> Option<&'static str> {
    lookup_in(lang(), key)
}

/// The French catalogue, `messages/fr.toml`: one `"key" = "text"` line per message, in key
/// order. Translators edit it without touching Rust.
pub const FRENCH: &str = include_str!("messages/fr.toml");
/// The English catalogue, `messages/en.toml`, with the same keys and placeholders.
pub const ENGLISH: &str = include_str!("messages/en.toml");

/// Reads one catalogue file; the files are ours and a test parses both, so a malformed line
/// cannot ship.
pub fn parse_catalogue(source: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    toml::from_str(source)
}

static FR: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| parse_catalogue(FRENCH).expect("messages/fr.toml is valid TOML"));
static EN: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| parse_catalogue(ENGLISH).expect("messages/en.toml is valid TOML"));

fn lookup_in(lang: Lang, key: &str) -> Option<&'static str> {
    let table: &'static HashMap<String, String> = match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    };
    table.get(key).map(String::as_str)
}

/// A text from a data file (a model clause, a rule table) in French and, when the file gives
/// it, in English (`<field>_en` beside the French field). A reviewer's own model without the
/// English twin still reads in French under `--lang en` rather than not at all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Localized {
    /// The French text, always present: the data files are written for French buyers.
    pub fr: String,
    /// The English text, when the file has one.
    pub en: Option<String>,
}

impl Localized {
    /// A text from its French field and its optional English twin, both trimmed.
    pub fn new(fr: &str, en: Option<&str>) -> Self {
        Localized {
            fr: fr.trim().to_string(),
            en: en.map(|e| e.trim().to_string()).filter(|e| !e.is_empty()),
        }
    }

    /// The text in the current language (French when the English twin is missing).
    pub fn get(&self) -> &str {
        self.get_in(lang())
    }

    /// The text in `lang` (French when the English twin is missing).
    pub fn get_in(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => en,
            _ => &self.fr,
        }
    }
}

/// Written as the text in the current language, like every human text of the JSON outputs.
impl serde::Serialize for Localized {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.get())
    }
}

impl std::fmt::Display for Localized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.get())
    }
}

/// Replaces each `{name}` of `template` by its value.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The singular or plural form of a `singular|plural` text for `n`.
pub fn plural(template: &str, n: u64) -> &str {
    let Some((one, many)) = template.split_once('|') else {
        return template;
    };
    let singular = match lang() {
        Lang::Fr => n <= 1,
        Lang::En => n == 1,
    };
    if singular {
        one
    } else {
        many
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a catalogue file, in the order written.
    fn keys(source: &str) -> Vec<String> {
        source
            .lines()
            .filter_map(|l| {
                l.strip_prefix('"')?
                    .split_once("\" = ")
                    .map(|(k, _)| k.to_string())
            })
            .collect()
    }

    /// Both files parse, hold the same keys, and keep them sorted (duplicates are a parse
    /// error), so a reader finds a key and a translator sees what is missing.
    #[test]
    fn both_catalogues_hold_the_same_sorted_keys() {
        let (fr, en) = (keys(FRENCH), keys(ENGLISH));
        assert_eq!(fr, en);
        for pair in fr.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
        assert_eq!(parse_catalogue(FRENCH).unwrap().len(), fr.len());
        assert_eq!(parse_catalogue(ENGLISH).unwrap().len(), en.len());
    }

    /// The same placeholders in both languages, and both forms when one text has two.
    #[test]
    fn both_languages_say_the_same_thing() {
        fn names(s: &str) -> Vec<&str> {
            let mut v: Vec<&str> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n))
                .filter(|n| n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .collect();
            v.sort();
            v.dedup();
            v
        }
        for (key, fr) in FR.iter() {
            let en = &EN[key];
            assert_eq!(names(fr), names(en), "{key}");
            assert_eq!(fr.contains('|'), en.contains('|'), "{key}");
            assert!(!fr.is_empty() && !en.is_empty(), "{key}");
        }
    }

    /// Every key the code asks for exists: no message falls back to its key.
    #[test]
    fn every_key_used_in_the_code_is_in_the_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let code = std::fs::read_to_string(entry.path()).unwrap();
            for marker in ["msg!(\"", "msg_n!(\"", "text(\"", "lookup(\""] {
                let parts: Vec<&str> = code.split(marker).collect();
                for (before, part) in parts.iter().zip(&parts[1..]) {
                    // Our `text`, not a `push_text` of another module.
                    if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let key = part.split('"').next().unwrap();
                    if !FR.contains_key(key) {
                        missing.push(format!("{}: {key}", entry.path().display()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys without an entry: {missing:#?}");
    }

    #[test]
    fn placeholders_and_plurals() {
        assert_eq!(
            fill("{a} et {b}, {c}", &[("a", "1".into()), ("b", "2".into())]),
            "1 et 2, {c}"
        );
        assert_eq!(plural("{n} clause|{n} clauses", 0), "{n} clause");
        assert_eq!(text_in(Lang::En, "cli.usage"), "Usage:");
        assert_eq!(text_in(Lang::Fr, "no.such.key"), "no.such.key");
        assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
