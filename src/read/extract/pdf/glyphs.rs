//! Glyph names to Unicode: the Adobe Glyph List names French text uses, `uniXXXX` and `uXXXX`
//! names, and letters with an accent suffix. Fonts' `Differences` arrays and CMaps both name
//! glyphs this way, so both readers ask here.

/// Adobe Glyph List names used by French text that are not a letter plus an accent suffix.
const GLYPH_NAMES: &[(&str, &str)] = &[
    ("space", " "),
    ("nbspace", "\u{a0}"),
    ("nonbreakingspace", "\u{a0}"),
    ("exclam", "!"),
    ("quotedbl", "\""),
    ("numbersign", "#"),
    ("dollar", "$"),
    ("percent", "%"),
    ("ampersand", "&"),
    ("quotesingle", "'"),
    ("quoteright", "\u{2019}"),
    ("quoteleft", "\u{2018}"),
    ("quotedblleft", "\u{201c}"),
    ("quotedblright", "\u{201d}"),
    ("quotesinglbase", "\u{201a}"),
    ("quotedblbase", "\u{201e}"),
    ("guillemotleft", "«"),
    ("guillemotright", "»"),
    ("guillemetleft", "«"),
    ("guillemetright", "»"),
    ("guilsinglleft", "‹"),
    ("guilsinglright", "›"),
    ("parenleft", "("),
    ("parenright", ")"),
    ("asterisk", "*"),
    ("plus", "+"),
    ("comma", ","),
    ("hyphen", "-"),
    ("minus", "\u{2212}"),
    ("period", "."),
    ("slash", "/"),
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("colon", ":"),
    ("semicolon", ";"),
    ("less", "<"),
    ("equal", "="),
    ("greater", ">"),
    ("question", "?"),
    ("at", "@"),
    ("bracketleft", "["),
    ("backslash", "\\"),
    ("bracketright", "]"),
    ("asciicircum", "^"),
    ("underscore", "_"),
    ("grave", "`"),
    ("braceleft", "{"),
    ("bar", "|"),
    ("braceright", "}"),
    ("asciitilde", "~"),
    ("exclamdown", "¡"),
    ("cent", "¢"),
    ("sterling", "£"),
    ("currency", "¤"),
    ("yen", "¥"),
    ("brokenbar", "¦"),
    ("section", "§"),
    ("dieresis", "¨"),
    ("copyright", "©"),
    ("ordfeminine", "ª"),
    ("logicalnot", "¬"),
    ("sfthyphen", "\u{ad}"),
    ("registered", "®"),
    ("macron", "¯"),
    ("degree", "°"),
    ("plusminus", "±"),
    ("twosuperior", "²"),
    ("threesuperior", "³"),
    ("acute", "´"),
    ("mu", "µ"),
    ("paragraph", "¶"),
    ("periodcentered", "·"),
    ("cedilla", "¸"),
    ("onesuperior", "¹"),
    ("ordmasculine", "º"),
    ("onequarter", "¼"),
    ("onehalf", "½"),
    ("threequarters", "¾"),
    ("questiondown", "¿"),
    ("AE", "Æ"),
    ("ae", "æ"),
    ("Eth", "Ð"),
    ("eth", "ð"),
    ("Thorn", "Þ"),
    ("thorn", "þ"),
    ("germandbls", "ß"),
    ("multiply", "×"),
    ("divide", "÷"),
    ("Oslash", "Ø"),
    ("oslash", "ø"),
    ("OE", "Œ"),
    ("oe", "œ"),
    ("Euro", "€"),
    ("euro", "€"),
    ("endash", "–"),
    ("emdash", "—"),
    ("ellipsis", "…"),
    ("bullet", "•"),
    ("dagger", "†"),
    ("daggerdbl", "‡"),
    ("perthousand", "‰"),
    ("trademark", "™"),
    ("florin", "ƒ"),
    ("circumflex", "ˆ"),
    ("tilde", "˜"),
    ("dotlessi", "ı"),
    ("fi", "ﬁ"),
    ("fl", "ﬂ"),
    ("ff", "ﬀ"),
    ("ffi", "ﬃ"),
    ("ffl", "ﬄ"),
    ("f_f", "ff"),
    ("f_i", "fi"),
    ("f_l", "fl"),
    ("f_f_i", "ffi"),
    ("f_f_l", "ffl"),
    ("t_i", "ti"),
    ("fraction", "⁄"),
    ("Lslash", "Ł"),
    ("lslash", "ł"),
    ("Scaron", "Š"),
    ("scaron", "š"),
    ("Zcaron", "Ž"),
    ("zcaron", "ž"),
    ("Ydieresis", "Ÿ"),
    ("numero", "№"),
];

/// Resolves a glyph name to Unicode text: the AGL subset above, single letters, letters with
/// an accent suffix (`eacute`), `uniXXXX[XXXX…]` and `uXXXX[XX]`; `None` when unknown.
pub(crate) fn glyph_name_to_unicode(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // "a.sc", "fi.alt": the part before the first dot names the character.
    let name = name.split('.').next().unwrap_or(name);
    if name.len() == 1 && name.as_bytes()[0].is_ascii_alphabetic() {
        return Some(name.to_string());
    }
    if let Some(&(_, s)) = GLYPH_NAMES.iter().find(|(n, _)| *n == name) {
        return Some(s.to_string());
    }
    if let Some(hex) = name.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 {
            let units: Option<Vec<u16>> = (0..hex.len() / 4)
                .map(|k| u16::from_str_radix(&hex[4 * k..4 * k + 4], 16).ok())
                .collect();
            let s: String = char::decode_utf16(units?)
                .map(|r| r.unwrap_or('\u{FFFD}'))
                .collect();
            return Some(s);
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                return Some(c.to_string());
            }
        }
    }
    let mut chars = name.chars();
    let base = chars.next()?;
    let suffix = chars.as_str();
    if base.is_ascii_alphabetic() {
        let mark = match suffix {
            "grave" => '\u{300}',
            "acute" => '\u{301}',
            "circumflex" => '\u{302}',
            "tilde" => '\u{303}',
            "dieresis" => '\u{308}',
            "ring" => '\u{30a}',
            "cedilla" => '\u{327}',
            "caron" => '\u{30c}',
            _ => return None,
        };
        return unicode_normalization::char::compose(base, mark).map(|c| c.to_string());
    }
    None
}
