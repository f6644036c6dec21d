//! ToUnicode and encoding CMaps: a small PostScript-like lexer that reads code space ranges,
//! `bfchar`/`bfrange` (to Unicode) and `cidchar`/`cidrange` (to CIDs) sections.
//!
//! Only the sections a text extractor needs are read; everything else in the program is
//! skipped. The parser never fails: a damaged CMap yields whatever mappings were read before
//! the damage, and the font falls back to its encoding for the rest.

use std::collections::HashMap;

/// One code space range: codes of `len` bytes between `lo` and `hi` (per byte, inclusive).
#[derive(Debug, Clone)]
pub(crate) struct CodeSpace {
    pub(crate) len: u8,
    pub(crate) lo: Vec<u8>,
    pub(crate) hi: Vec<u8>,
}

/// A parsed CMap: code space ranges plus code → Unicode text and code → CID tables.
#[derive(Debug, Default, Clone)]
pub(crate) struct CMap {
    pub(crate) spaces: Vec<CodeSpace>,
    /// Code (bytes packed big-endian, with its length) → Unicode text.
    pub(crate) unicode: HashMap<(u8, u32), Box<str>>,
    /// Code → CID, for embedded encoding CMaps of Type0 fonts.
    pub(crate) cids: HashMap<(u8, u32), u32>,
    /// Ranges of `cidrange` kept as ranges because they can be huge.
    pub(crate) cid_ranges: Vec<(u8, u32, u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Int(i64),
    Word(Vec<u8>),
    Open,
    Close,
}

/// Largest `bfrange` expanded into single mappings; bigger ranges in a hostile file are
/// clipped so that one CMap cannot allocate unbounded memory.
const MAX_RANGE: u32 = 65_536;

struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next_token(&mut self) -> Option<Token> {
        let d = self.data;
        loop {
            while self.pos < d.len() && is_white(d[self.pos]) {
                self.pos += 1;
            }
            if self.pos >= d.len() {
                return None;
            }
            let c = d[self.pos];
            match c {
                b'%' => {
                    while self.pos < d.len() && d[self.pos] != b'\n' && d[self.pos] != b'\r' {
                        self.pos += 1;
                    }
                }
                b'<' => {
                    if d.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Token::Word(b"<<".to_vec()));
                    }
                    self.pos += 1;
                    let mut digits = Vec::new();
                    while self.pos < d.len() && d[self.pos] != b'>' {
                        if let Some(v) = hex_val(d[self.pos]) {
                            digits.push(v);
                        }
                        self.pos += 1;
                    }
                    self.pos += 1;
                    if digits.len() % 2 == 1 {
                        digits.push(0);
                    }
                    return Some(Token::Hex(
                        digits.chunks(2).map(|p| (p[0] << 4) | p[1]).collect(),
                    ));
                }
                b'(' => {
                    // Literal strings only appear in the header (Registry, Ordering); skip them.
                    let mut depth = 0usize;
                    while self.pos < d.len() {
                        match d[self.pos] {
                            b'\\' => self.pos += 1,
                            b'(' => depth += 1,
                            b')' => {
                                depth -= 1;
                                if depth == 0 {
                                    self.pos += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        self.pos += 1;
                    }
                    return Some(Token::Word(b"()".to_vec()));
                }
                b'[' => {
                    self.pos += 1;
                    return Some(Token::Open);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Token::Close);
                }
                _ => {
                    let start = self.pos;
                    self.pos += 1;
                    while self.pos < d.len() && !is_white(d[self.pos]) && !is_delim(d[self.pos]) {
                        self.pos += 1;
                    }
                    let word = &d[start..self.pos];
                    if let Some(n) = std::str::from_utf8(word)
                        .ok()
                        .and_then(|s| s.parse::<i64>().ok())
                    {
                        return Some(Token::Int(n));
                    }
                    return Some(Token::Word(word.to_vec()));
                }
            }
        }
    }
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'<' | b'>' | b'[' | b']' | b'(' | b')' | b'/' | b'{' | b'}' | b'%'
    )
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Packs up to four code bytes big-endian, with their count.
pub(crate) fn pack(bytes: &[u8]) -> (u8, u32) {
    let mut v = 0u32;
    for &b in bytes.iter().take(4) {
        v = (v << 8) | b as u32;
    }
    (bytes.len().min(4) as u8, v)
}

/// Decodes a UTF-16BE destination string, surrogate pairs and multi-character ligatures
/// included; unpaired surrogates become U+FFFD.
pub(crate) fn utf16be(bytes: &[u8]) -> String {
    let units = bytes
        .chunks(2)
        .map(|p| ((p[0] as u16) << 8) | *p.get(1).unwrap_or(&0) as u16);
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// Adds `delta` to the last UTF-16 unit of a bfrange destination, as the range steps.
fn step_utf16(bytes: &[u8], delta: u32) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let n = out.len();
    if n >= 2 {
        let last = (((out[n - 2] as u32) << 8) | out[n - 1] as u32).wrapping_add(delta);
        out[n - 2] = (last >> 8) as u8;
        out[n - 1] = last as u8;
    } else if n == 1 {
        out[0] = out[0].wrapping_add(delta as u8);
    }
    out
}

impl CMap {
    /// Parses a CMap program; never fails.
    pub(crate) fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lx = Lexer { data, pos: 0 };
        while let Some(tok) = lx.next_token() {
            match &tok {
                Token::Word(w) if w == b"begincodespacerange" => {
                    while let Some(t) = lx.next_token() {
                        match t {
                            Token::Hex(lo) => {
                                if let Some(Token::Hex(hi)) = lx.next_token() {
                                    if !lo.is_empty() && lo.len() == hi.len() && lo.len() <= 4 {
                                        cmap.spaces.push(CodeSpace {
                                            len: lo.len() as u8,
                                            lo,
                                            hi,
                                        });
                                    }
                                }
                            }
                            _ => break,
                        }
                    }
                }
                Token::Word(w) if w == b"beginbfchar" => {
                    while let Some(t) = lx.next_token() {
                        let Token::Hex(src) = t else { break };
                        match lx.next_token() {
                            Some(Token::Hex(dst)) => {
                                cmap.unicode.insert(pack(&src), utf16be(&dst).into());
                            }
                            Some(Token::Word(name)) => {
                                // Some producers write a glyph name as the destination.
                                let name = name.strip_prefix(b"/").unwrap_or(&name);
                                if let Some(s) = super::glyphs::glyph_name_to_unicode(name) {
                                    cmap.unicode.insert(pack(&src), s.into());
                                }
                            }
                            _ => break,
                        }
                    }
                }
                Token::Word(w) if w == b"beginbfrange" => {
                    while let Some(t) = lx.next_token() {
                        let Token::Hex(lo) = t else { break };
                        let Some(Token::Hex(hi)) = lx.next_token() else {
                            break;
                        };
                        let (len, lo_v) = pack(&lo);
                        let (_, hi_v) = pack(&hi);
                        let count = hi_v.saturating_sub(lo_v).min(MAX_RANGE);
                        match lx.next_token() {
                            Some(Token::Hex(dst)) => {
                                for i in 0..=count {
                                    cmap.unicode.insert(
                                        (len, lo_v + i),
                                        utf16be(&step_utf16(&dst, i)).into(),
                                    );
                                }
                            }
                            Some(Token::Open) => {
                                let mut i = 0u32;
                                while let Some(t) = lx.next_token() {
                                    match t {
                                        Token::Hex(dst) => {
                                            if i <= count {
                                                cmap.unicode
                                                    .insert((len, lo_v + i), utf16be(&dst).into());
                                            }
                                            i += 1;
                                        }
                                        _ => break,
                                    }
                                }
                            }
                            _ => break,
                        }
                    }
                }
                Token::Word(w) if w == b"begincidchar" => {
                    while let Some(t) = lx.next_token() {
                        let Token::Hex(src) = t else { break };
                        let Some(Token::Int(cid)) = lx.next_token() else {
                            break;
                        };
                        cmap.cids.insert(pack(&src), cid.max(0) as u32);
                    }
                }
                Token::Word(w) if w == b"begincidrange" => {
                    while let Some(t) = lx.next_token() {
                        let Token::Hex(lo) = t else { break };
                        let Some(Token::Hex(hi)) = lx.next_token() else {
                            break;
                        };
                        let Some(Token::Int(cid)) = lx.next_token() else {
                            break;
                        };
                        let (len, lo_v) = pack(&lo);
                        cmap.cid_ranges
                            .push((len, lo_v, pack(&hi).1, cid.max(0) as u32));
                    }
                }
                _ => {}
            }
        }
        cmap
    }

    /// The length of the code starting at `bytes[0]`, per the code space ranges (1 when none).
    pub(crate) fn code_len(&self, bytes: &[u8]) -> usize {
        if self.spaces.is_empty() {
            return 1;
        }
        for space in &self.spaces {
            let n = space.len as usize;
            if bytes.len() >= n
                && (0..n).all(|i| bytes[i] >= space.lo[i] && bytes[i] <= space.hi[i])
            {
                return n;
            }
        }
        // Not in any range: consume the shortest declared length, as PDF readers do.
        self.spaces
            .iter()
            .map(|s| s.len as usize)
            .min()
            .unwrap_or(1)
            .min(bytes.len())
            .max(1)
    }

    /// The CID of a code per `cidchar`/`cidrange`, if mapped.
    pub(crate) fn cid(&self, code: (u8, u32)) -> Option<u32> {
        if let Some(&c) = self.cids.get(&code) {
            return Some(c);
        }
        self.cid_ranges
            .iter()
            .find(|&&(len, lo, hi, _)| len == code.0 && code.1 >= lo && code.1 <= hi)
            .map(|&(_, lo, _, cid)| cid + (code.1 - lo))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bfchar_bfrange_and_ligatures() {
        let src = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0003> <0020> <0010> <00660066> <0011> <D835DC00> endbfchar
2 beginbfrange <0020> <0022> <0041> <0030> <0031> [<00E9> <0152>] endbfrange
endcmap";
        let cmap = CMap::parse(src);
        assert_eq!(cmap.code_len(&[0, 3]), 2);
        let get = |c: u32| cmap.unicode.get(&(2, c)).map(|s| s.to_string());
        assert_eq!(get(3).as_deref(), Some(" "));
        assert_eq!(get(0x10).as_deref(), Some("ff"));
        assert_eq!(get(0x11).as_deref(), Some("\u{1D400}"));
        assert_eq!(get(0x22).as_deref(), Some("C"));
        assert_eq!(get(0x30).as_deref(), Some("é"));
        assert_eq!(get(0x31).as_deref(), Some("Œ"));
    }

    #[test]
    fn damaged_cmap_keeps_what_it_read() {
        let cmap = CMap::parse(b"1 beginbfchar <01> <0041> <02> <00");
        assert_eq!(cmap.unicode.get(&(1, 1)).map(|s| &**s), Some("A"));
    }
}
