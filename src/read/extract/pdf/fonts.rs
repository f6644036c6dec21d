//! PDF fonts as a text extractor sees them: how a shown string splits into codes, what Unicode
//! text each code stands for, and how far each glyph advances.
//!
//! The Unicode text comes from the font's ToUnicode CMap when it maps the code, otherwise from
//! its encoding (base encoding plus `/Differences`, glyph names resolved through a subset of the
//! Adobe Glyph List). A code nothing maps becomes U+FFFD so that the garbage detector downstream
//! can see an unreadable text layer instead of silently losing letters.

use super::cmap::{pack, CMap};
use super::glyphs::glyph_name_to_unicode;
use super::Budget;
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

/// A loaded font, ready to decode shown strings.
#[derive(Debug)]
pub(crate) struct Font {
    /// Two-byte (or CMap-driven) codes of a Type0 font, rather than one byte per code.
    composite: bool,
    to_unicode: Option<CMap>,
    /// Embedded encoding CMap of a Type0 font; `None` means Identity (2-byte code = CID).
    encoding_cmap: Option<CMap>,
    /// Simple fonts: code → text from the encoding, before ToUnicode.
    simple: Vec<Option<Box<str>>>,
    first_char: u32,
    widths: Vec<f32>,
    missing_width: f32,
    cid_widths: HashMap<u32, f32>,
    /// Glyph space → text space factor (1/1000, or a Type3 font's FontMatrix).
    scale: f32,
}

/// One decoded glyph: its text, its advance in text space units per unit of font size, and
/// whether it is the single-byte code 32 that word spacing (`Tw`) applies to.
pub(crate) struct Glyph<'a> {
    pub(crate) text: &'a str,
    pub(crate) advance: f32,
    pub(crate) word_space: bool,
}

const REPLACEMENT: &str = "\u{FFFD}";

fn deref<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
    doc.dereference(obj).ok().map(|(_, o)| o)
}

fn number(obj: &Object) -> Option<f32> {
    match obj {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

impl Font {
    /// A font with no information: every byte is a code, with an average width.
    pub(crate) fn unknown() -> Font {
        Font {
            composite: false,
            to_unicode: None,
            encoding_cmap: None,
            simple: base_encoding(b"WinAnsiEncoding"),
            first_char: 0,
            widths: Vec::new(),
            missing_width: 500.0,
            cid_widths: HashMap::new(),
            scale: 0.001,
        }
    }

    /// Reads a font dictionary; damaged parts fall back to defaults instead of failing.
    pub(crate) fn load(doc: &Document, dict: &Dictionary, budget: &Budget) -> Font {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let mut font = Font::unknown();
        font.to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| budget.stream(s).ok())
            .map(|data| CMap::parse(&data));
        if subtype == b"Type0" {
            font.composite = true;
            font.simple = Vec::new();
            if let Some(enc) = dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
                if let Ok(stream) = enc.as_stream() {
                    if let Ok(data) = budget.stream(stream) {
                        font.encoding_cmap = Some(CMap::parse(&data));
                    }
                }
            }
            let descendant = dict
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            font.missing_width = 1000.0;
            if let Some(cid_font) = descendant {
                if let Some(dw) = cid_font.get(b"DW").ok().and_then(number) {
                    font.missing_width = dw;
                }
                if let Some(w) = cid_font
                    .get(b"W")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok())
                {
                    font.cid_widths = cid_widths(doc, w);
                }
            }
            return font;
        }
        let base = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let default_encoding: &[u8] = if subtype == b"Type1" && !is_symbolic_name(base) {
            b"StandardEncoding"
        } else {
            b"WinAnsiEncoding"
        };
        font.simple = base_encoding(default_encoding);
        match dict.get(b"Encoding").ok().and_then(|o| deref(doc, o)) {
            Some(Object::Name(name)) => font.simple = base_encoding(name),
            Some(Object::Dictionary(enc)) => {
                if let Ok(name) = enc.get(b"BaseEncoding").and_then(Object::as_name) {
                    font.simple = base_encoding(name);
                }
                if let Some(diffs) = enc
                    .get(b"Differences")
                    .ok()
                    .and_then(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok())
                {
                    apply_differences(&mut font.simple, diffs);
                }
            }
            _ => {}
        }
        font.first_char = dict
            .get(b"FirstChar")
            .ok()
            .and_then(number)
            .unwrap_or(0.0)
            .max(0.0) as u32;
        if let Some(widths) = dict
            .get(b"Widths")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        {
            font.widths = widths
                .iter()
                .map(|w| deref(doc, w).and_then(number).unwrap_or(0.0))
                .collect();
        }
        if let Some(mw) = dict
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(number)
        {
            font.missing_width = mw;
        }
        if subtype == b"Type3" {
            if let Some(a) = dict
                .get(b"FontMatrix")
                .ok()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(number)
            {
                font.scale = a;
            }
        }
        font
    }

    /// Splits `bytes` into codes and calls `emit` with each glyph in order.
    pub(crate) fn decode(&self, bytes: &[u8], mut emit: impl FnMut(Glyph<'_>)) {
        let mut i = 0;
        while i < bytes.len() {
            let n = if self.composite {
                match (&self.encoding_cmap, &self.to_unicode) {
                    (Some(enc), _) if !enc.spaces.is_empty() => enc.code_len(&bytes[i..]),
                    _ => 2,
                }
            } else {
                1
            };
            let n = n.min(bytes.len() - i).max(1);
            let raw = &bytes[i..i + n];
            i += n;
            let code = pack(raw);
            let mapped = self
                .to_unicode
                .as_ref()
                .and_then(|cm| cm.unicode.get(&code))
                .map(|s| &**s);
            let (text, width) = if self.composite {
                let cid = match &self.encoding_cmap {
                    Some(enc) => enc.cid(code).unwrap_or(code.1),
                    None => code.1,
                };
                let w = self
                    .cid_widths
                    .get(&cid)
                    .copied()
                    .unwrap_or(self.missing_width);
                (mapped.unwrap_or(REPLACEMENT), w)
            } else {
                let c = code.1 as usize;
                let text = mapped
                    .or_else(|| self.simple.get(c).and_then(|s| s.as_deref()))
                    .unwrap_or(REPLACEMENT);
                let w = if self.widths.is_empty() {
                    default_width(text)
                } else {
                    c.checked_sub(self.first_char as usize)
                        .and_then(|k| self.widths.get(k))
                        .copied()
                        .unwrap_or(self.missing_width)
                };
                (text, w)
            };
            emit(Glyph {
                text,
                advance: width * self.scale,
                word_space: n == 1 && raw[0] == b' ',
            });
        }
    }
}

/// A rough width for fonts without `/Widths` (the standard 14 fonts): spaces are narrow.
fn default_width(text: &str) -> f32 {
    if text == " " {
        250.0
    } else {
        500.0
    }
}

fn is_symbolic_name(base: &[u8]) -> bool {
    let b = String::from_utf8_lossy(base).to_ascii_lowercase();
    b.contains("symbol") || b.contains("dingbat")
}

fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() {
        let Some(first) = deref(doc, &w[i]).and_then(number) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate().take(65_536) {
                    if let Some(v) = number(v) {
                        out.insert(first + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = number(o).unwrap_or(0.0).max(0.0) as u32;
                let width = w.get(i + 2).and_then(|o| deref(doc, o)).and_then(number);
                if let Some(width) = width {
                    for cid in first..=last.min(first.saturating_add(65_536)) {
                        out.insert(cid, width);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

fn apply_differences(table: &mut [Option<Box<str>>], diffs: &[Object]) {
    let mut code: usize = 0;
    for d in diffs {
        match d {
            Object::Integer(n) => code = (*n).clamp(0, 255) as usize,
            Object::Name(name) => {
                if code < table.len() {
                    table[code] = Some(
                        glyph_name_to_unicode(name)
                            .unwrap_or_else(|| REPLACEMENT.to_string())
                            .into(),
                    );
                }
                code += 1;
            }
            _ => {}
        }
    }
}

/// The code → text table of a named base encoding (WinAnsi when the name is unknown).
fn base_encoding(name: &[u8]) -> Vec<Option<Box<str>>> {
    let mut table: Vec<Option<Box<str>>> = vec![None; 256];
    match name {
        b"StandardEncoding" => {
            for c in 0x20u8..0x7f {
                table[c as usize] = Some((c as char).to_string().into());
            }
            table[0x27] = Some("\u{2019}".into());
            table[0x60] = Some("\u{2018}".into());
            for &(code, ch) in STANDARD_HIGH {
                table[code as usize] = Some(ch.to_string().into());
            }
        }
        b"MacRomanEncoding" => fill_single_byte(&mut table, encoding_rs::MACINTOSH),
        _ => fill_single_byte(&mut table, encoding_rs::WINDOWS_1252),
    }
    table
}

fn fill_single_byte(table: &mut [Option<Box<str>>], enc: &'static encoding_rs::Encoding) {
    for code in 0x20u16..=0xff {
        let byte = [code as u8];
        let (text, _) = enc.decode_without_bom_handling(&byte);
        let c = text.chars().next().unwrap_or('\u{FFFD}');
        if !c.is_control() && c != '\u{FFFD}' {
            table[code as usize] = Some(text.into_owned().into());
        }
    }
    // Producers that still use the Latin-1 control range for text are rare; leave it unmapped.
}

/// StandardEncoding above 0x7F (PDF 32000-1, Annex D).
const STANDARD_HIGH: &[(u8, char)] = &[
    (0xa1, '¡'),
    (0xa2, '¢'),
    (0xa3, '£'),
    (0xa4, '⁄'),
    (0xa5, '¥'),
    (0xa6, 'ƒ'),
    (0xa7, '§'),
    (0xa8, '¤'),
    (0xa9, '\''),
    (0xaa, '“'),
    (0xab, '«'),
    (0xac, '‹'),
    (0xad, '›'),
    (0xae, 'ﬁ'),
    (0xaf, 'ﬂ'),
    (0xb1, '–'),
    (0xb2, '†'),
    (0xb3, '‡'),
    (0xb4, '·'),
    (0xb6, '¶'),
    (0xb7, '•'),
    (0xb8, '‚'),
    (0xb9, '„'),
    (0xba, '”'),
    (0xbb, '»'),
    (0xbc, '…'),
    (0xbd, '‰'),
    (0xbf, '¿'),
    (0xc1, '`'),
    (0xc2, '´'),
    (0xc3, 'ˆ'),
    (0xc4, '˜'),
    (0xc5, '¯'),
    (0xc6, '˘'),
    (0xc7, '˙'),
    (0xc8, '¨'),
    (0xca, '˚'),
    (0xcb, '¸'),
    (0xcd, '˝'),
    (0xce, '˛'),
    (0xcf, 'ˇ'),
    (0xd0, '—'),
    (0xe1, 'Æ'),
    (0xe3, 'ª'),
    (0xe8, 'Ł'),
    (0xe9, 'Ø'),
    (0xea, 'Œ'),
    (0xeb, 'º'),
    (0xf1, 'æ'),
    (0xf5, 'ı'),
    (0xf8, 'ł'),
    (0xf9, 'ø'),
    (0xfa, 'œ'),
    (0xfb, 'ß'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        let g = |n: &str| glyph_name_to_unicode(n.as_bytes());
        assert_eq!(g("eacute").as_deref(), Some("é"));
        assert_eq!(g("Ccedilla").as_deref(), Some("Ç"));
        assert_eq!(g("oe").as_deref(), Some("œ"));
        assert_eq!(g("quoteright").as_deref(), Some("’"));
        assert_eq!(g("uni20AC").as_deref(), Some("€"));
        assert_eq!(g("u1F600").as_deref(), Some("😀"));
        assert_eq!(g("uni00660069").as_deref(), Some("fi"));
        assert_eq!(g("fi").as_deref(), Some("ﬁ"));
        assert_eq!(g("a.sc").as_deref(), Some("a"));
        assert_eq!(g("glyph123"), None);
    }

    #[test]
    fn base_encodings() {
        let win = base_encoding(b"WinAnsiEncoding");
        assert_eq!(win[0x80].as_deref(), Some("€"));
        assert_eq!(win[0x92].as_deref(), Some("’"));
        assert_eq!(win[0x9c].as_deref(), Some("œ"));
        assert_eq!(win[0xe9].as_deref(), Some("é"));
        let mac = base_encoding(b"MacRomanEncoding");
        assert_eq!(mac[0x8e].as_deref(), Some("é"));
        let std = base_encoding(b"StandardEncoding");
        assert_eq!(std[0x27].as_deref(), Some("’"));
        assert_eq!(std[0xfa].as_deref(), Some("œ"));
    }
}
