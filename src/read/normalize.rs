//! Normalised text for matching, with a map back to the source text as it was read.
//!
//! Rules: Unicode NFC; ’ ‘ ʼ → '; no-break, narrow and thin spaces and tabs → space; ligatures
//! expanded; soft hyphens and zero-width characters dropped; U+2010-2013 and U+2212 → `-`;
//! words hyphenated at line ends re-joined ("inser-\ntion" → "insertion") while real hyphens
//! stay ("sous-\ntraitance" → "sous-traitance", "L. 2112-\n2" → "L. 2112-2"); runs of spaces
//! collapsed; lines trimmed. « » are kept. Line breaks are kept: headings live on lines.
//!
//! Body blocks come first, then the other parts (notes, headers…), so that page headers never
//! split a clause; every normalised byte maps back to a byte of the source text.

use crate::read::blocks::{Block, BlockKind, Part};
use crate::read::offset_map::OffsetMap;
use std::collections::HashSet;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Separator between blocks, in both the source and the normalised text.
pub const BLOCK_SEPARATOR: &str = "\n\n";

/// The source text: every block's text, in reading order, joined by [`BLOCK_SEPARATOR`].
pub fn source_text(blocks: &[Block]) -> (String, Vec<Range<usize>>) {
    let mut source = String::new();
    let mut ranges = Vec::with_capacity(blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            source.push_str(BLOCK_SEPARATOR);
        }
        let start = source.len();
        source.push_str(&block.text);
        ranges.push(start..source.len());
    }
    (source, ranges)
}

/// One block's place in the normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// Index of the block in the reader's block list.
    pub block: usize,
    pub part: Part,
    pub kind: BlockKind,
    pub page: Option<u32>,
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// Byte range of the block in the source text.
    pub source: Range<usize>,
}

/// Normalised text with its offset map.
#[derive(Debug, Clone)]
pub struct Text {
    /// The normalised text.
    pub text: String,
    /// Blocks in normalised order: body first, then the other parts.
    pub blocks: Vec<TextBlock>,
    /// Length of the body prefix of `text`.
    pub body_len: usize,
    /// For each byte of `text` (and one past the end), the source byte it came from.
    source_at: OffsetMap,
}

impl Text {
    /// The source byte range that a normalised byte range came from.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_at.get(range.start.min(self.text.len())) as usize;
        if range.end <= range.start {
            return start..start;
        }
        let last = range.end.min(self.text.len()) - 1;
        let last_source = self.source_at.get(last);
        // The end is where the next source character starts: skip the bytes of the same
        // source character (a ligature expands to several), and never run past the block
        // (a block separator stands for the next block).
        let next = self
            .source_at
            .next_greater(last + 1, last_source)
            .map_or(usize::MAX, |s| s as usize);
        let block_end = self.block_at(last).map_or(usize::MAX, |b| b.source.end);
        let end = next.min(block_end);
        let end = if end == usize::MAX {
            last_source as usize + 1
        } else {
            end
        };
        start..end.max(start)
    }

    /// The block that contains a normalised byte offset.
    pub fn block_at(&self, offset: usize) -> Option<&TextBlock> {
        let i = self
            .blocks
            .partition_point(|b| b.range.end < offset)
            .min(self.blocks.len().saturating_sub(1));
        self.blocks
            .get(i)
            .filter(|b| b.range.start <= offset && offset <= b.range.end)
    }

    /// The body part of the text, the part sections and clauses are found in.
    pub fn body(&self) -> &str {
        &self.text[..self.body_len]
    }
}

/// Normalises blocks whose source ranges (from [`source_text`]) are `ranges`.
pub fn normalize(blocks: &[Block], ranges: &[Range<usize>]) -> Text {
    let vocabulary = Vocabulary::new(blocks);
    let mut out = Builder::default();
    let mut text_blocks = Vec::with_capacity(blocks.len());
    let order = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.part == Part::Body)
        .chain(
            blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| b.part != Part::Body),
        );
    let mut body_len = None;
    for (index, block) in order {
        if block.part != Part::Body && body_len.is_none() {
            body_len = Some(out.text.len());
        }
        let before = out.text.len();
        if before > 0 {
            out.push_str(BLOCK_SEPARATOR, ranges[index].start);
        }
        let start = out.text.len();
        normalize_block(&block.text, ranges[index].start, &vocabulary, &mut out);
        if out.text.len() == start {
            // An empty block adds nothing, not even its separator.
            out.truncate(before);
            continue;
        }
        text_blocks.push(TextBlock {
            block: index,
            part: block.part,
            kind: block.kind,
            page: block.page,
            range: start..out.text.len(),
            source: ranges[index].clone(),
        });
    }
    let end = ranges.last().map_or(0, |r| r.end) as u32;
    let body_len = body_len.unwrap_or(out.text.len());
    out.source_at.push(end);
    Text {
        text: out.text,
        blocks: text_blocks,
        body_len,
        source_at: out.source_at,
    }
}

/// Normalises a single string (for templates, patterns and tests); no offsets.
pub fn normalize_str(s: &str) -> String {
    let block = Block::paragraph(s);
    let range = 0..s.len();
    normalize(std::slice::from_ref(&block), std::slice::from_ref(&range)).text
}

#[derive(Default)]
struct Builder {
    text: String,
    source_at: OffsetMap,
}

impl Builder {
    fn push(&mut self, c: char, source: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.source_at.push(source as u32);
        }
    }

    fn push_str(&mut self, s: &str, source: usize) {
        for c in s.chars() {
            self.push(c, source);
        }
    }

    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.source_at.truncate(len);
    }

    fn ends_with_space(&self) -> bool {
        self.text.ends_with(' ')
    }

    fn pop_trailing_spaces(&mut self, floor: usize) {
        while self.text.len() > floor && self.text.ends_with(' ') {
            self.truncate(self.text.len() - 1);
        }
    }
}

/// How one source character appears in the normalised text.
enum Mapped {
    Char(char),
    Str(&'static str),
    Space,
    Drop,
}

fn map_char(c: char) -> Mapped {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{201B}' | '\u{2032}' => Mapped::Char('\''),
        '\u{00A0}'
        | '\u{202F}'
        | '\u{2007}'
        | '\u{2009}'
        | '\u{200A}'
        | '\u{2002}'..='\u{2006}'
        | '\u{2008}'
        | '\u{205F}'
        | '\u{3000}'
        | '\t'
        | '\u{000B}'
        | '\u{000C}' => Mapped::Space,
        '\u{FB00}' => Mapped::Str("ff"),
        '\u{FB01}' => Mapped::Str("fi"),
        '\u{FB02}' => Mapped::Str("fl"),
        '\u{FB03}' => Mapped::Str("ffi"),
        '\u{FB04}' => Mapped::Str("ffl"),
        '\u{FB05}' | '\u{FB06}' => Mapped::Str("st"),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Mapped::Drop,
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => Mapped::Char('-'),
        c if c.is_control() && c != '\n' => Mapped::Drop,
        c if c.is_whitespace() && c != '\n' => Mapped::Space,
        c => Mapped::Char(c),
    }
}

/// Words of the document, to tell a line-end hyphenation ("inser-⏎tion") from a compound
/// ("sous-⏎traitance") by how the document writes the word elsewhere.
struct Vocabulary {
    words: HashSet<String>,
}

impl Vocabulary {
    fn new(blocks: &[Block]) -> Self {
        let mut words = HashSet::new();
        // Only needed when some line ends with a hyphen; most documents skip this pass.
        let needed = blocks.iter().any(|b| b.text.contains("-\n"));
        if needed {
            for block in blocks {
                for line in block.text.lines() {
                    // Words cut at a line end must not teach the vocabulary their halves.
                    let line = line.trim_end();
                    let line = line
                        .strip_suffix(['-', '\u{2010}'])
                        .map_or(line, |l| l.trim_end_matches(|c: char| c.is_alphabetic()));
                    for word in line.split(|c: char| !(c.is_alphabetic() || c == '-')) {
                        if word.chars().count() > 2 {
                            words.insert(word.to_lowercase());
                        }
                    }
                }
            }
        }
        Vocabulary { words }
    }

    fn has(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

/// First halves of French compounds that are written with a hyphen: a line break after them is
/// not a word cut.
const COMPOUND_HEADS: &[&str] = &[
    "sous",
    "co",
    "ci",
    "vis",
    "main",
    "demi",
    "mi",
    "semi",
    "non",
    "anti",
    "après",
    "avant",
    "arrière",
    "au",
    "aux",
    "c'est",
    "c’est",
    "peut",
    "porte",
    "garde",
    "rez",
    "grand",
    "grande",
    "petit",
    "petite",
    "ex",
    "quasi",
    "dix",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "soixante",
    "quatre",
    "belle",
    "beau",
    "contre",
    "entre",
    "haut",
    "basse",
    "nord",
    "sud",
    "est",
    "ouest",
    "saint",
    "sainte",
    "ayant",
    "ayants",
    "lui",
    "elle",
    "eux",
    "celui",
    "celle",
    "ceux",
    "là",
    "été",
    "pré",
    "post",
    "inter",
    "extra",
    "multi",
    "auto",
    "micro",
    "mini",
    "maxi",
    "bi",
    "tri",
    "pluri",
    "franco",
    "euro",
    "socio",
    "médico",
    "technico",
    "économico",
    "juridico",
    "politico",
    "psycho",
];

/// What to do with a hyphen that ends a line inside a block.
#[derive(Debug, PartialEq)]
enum LineEndHyphen {
    /// A word cut by the layout: drop the hyphen and the break.
    Join,
    /// A real hyphen: keep it, drop the break.
    Keep,
    /// Not a cut word at all (a dash, a list marker): leave the break.
    Break,
}

fn line_end_hyphen(left: &str, right: &str, vocabulary: &Vocabulary) -> LineEndHyphen {
    let head: String = left
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail: String = right.chars().take_while(|c| c.is_alphanumeric()).collect();
    let (Some(h), Some(t)) = (head.chars().last(), tail.chars().next()) else {
        return LineEndHyphen::Break;
    };
    if !(h.is_alphanumeric() && t.is_alphanumeric()) {
        return LineEndHyphen::Break;
    }
    if !(h.is_alphabetic() && t.is_lowercase()) {
        // "L. 2112-⏎2", "Val-de-⏎Lys": a hyphen inside a reference or a proper name.
        return LineEndHyphen::Keep;
    }
    // The last hyphen-free part before the break ("Val-de-⏎…" → "de").
    let last_part = left
        .rsplit(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .next()
        .unwrap_or("");
    let joined = format!("{head}{tail}");
    let hyphenated = format!("{head}-{tail}");
    if vocabulary.has(&hyphenated) && !vocabulary.has(&joined) {
        return LineEndHyphen::Keep;
    }
    if vocabulary.has(&joined) {
        return LineEndHyphen::Join;
    }
    let lower = last_part.to_lowercase();
    let stripped = lower
        .rsplit_once(['\'', '’'])
        .map_or(lower.as_str(), |(_, w)| w);
    // The word before the break, not the whole line: a list dash ("- Les difficul-⏎tés") or
    // an earlier compound on the line says nothing about this word.
    let word = left.rsplit(char::is_whitespace).next().unwrap_or("");
    if COMPOUND_HEADS.contains(&stripped) || word.trim_end_matches('-').contains('-') {
        LineEndHyphen::Keep
    } else {
        LineEndHyphen::Join
    }
}

fn normalize_block(text: &str, base: usize, vocabulary: &Vocabulary, out: &mut Builder) {
    let block_start = out.text.len();
    let mut line_start = block_start;
    let composed = Composed::new(text);
    let chars = composed.text.as_ref();
    let mut origin = composed.origins();
    let mut i = 0;
    while let Some(c) = chars[i..].chars().next() {
        crate::base::deadline::tick();
        let source = base + origin.of(i);
        if c == '\n' {
            out.pop_trailing_spaces(line_start);
            if out.text.len() == line_start {
                // Blank line inside a block: drop it.
                i += 1;
                continue;
            }
            let current = &out.text[line_start..];
            if let Some(left) = current.strip_suffix('-') {
                let next: String = chars[i + 1..]
                    .chars()
                    .skip_while(|&c| c == '\n' || matches!(map_char(c), Mapped::Space))
                    .take_while(|&c| c != '\n')
                    .collect();
                let decision = line_end_hyphen(left, &next, vocabulary);
                match decision {
                    LineEndHyphen::Join => {
                        out.truncate(out.text.len() - 1);
                        i = skip_blank(chars, i + 1);
                        continue;
                    }
                    LineEndHyphen::Keep => {
                        i = skip_blank(chars, i + 1);
                        continue;
                    }
                    LineEndHyphen::Break => {}
                }
            }
            out.push('\n', source);
            line_start = out.text.len();
            i = skip_leading_spaces(chars, i + 1);
            continue;
        }
        if c == '\u{00AD}' {
            // A soft hyphen at a line end joins the lines: skip the break that follows.
            let j = i + c.len_utf8();
            let j = j + chars[j..].len() - chars[j..].trim_start_matches([' ', '\t']).len();
            if chars[j..].starts_with('\n') {
                i = skip_leading_spaces(chars, j + 1);
            } else {
                i += c.len_utf8();
            }
            continue;
        }
        match map_char(c) {
            Mapped::Char(m) => out.push(m, source),
            Mapped::Str(s) => out.push_str(s, source),
            Mapped::Space => {
                if out.text.len() > line_start && !out.ends_with_space() {
                    out.push(' ', source);
                }
            }
            Mapped::Drop => {}
        }
        i += c.len_utf8();
    }
    out.pop_trailing_spaces(line_start);
    while out.text.len() > block_start && out.text.ends_with('\n') {
        out.truncate(out.text.len() - 1);
    }
}

/// The byte after the blank characters (breaks and spaces) that start `text[i..]`.
fn skip_blank(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    i + rest.len()
        - rest
            .trim_start_matches(|c: char| c == '\n' || matches!(map_char(c), Mapped::Space))
            .len()
}

/// The byte after the spaces that start `text[i..]`.
fn skip_leading_spaces(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    i + rest.len()
        - rest
            .trim_start_matches(|c: char| matches!(map_char(c), Mapped::Space))
            .len()
}

/// A block's text in NFC, and where each of its bytes came from in the block as read.
///
/// The map is kept as a few anchors rather than one entry per character, so that memory stays
/// proportional to the text (a 150 MB one-line file must not cost 16 bytes per character):
/// between anchors, composed bytes map one to one; inside a recomposed run, every byte maps
/// to the start of its combining sequence.
struct Composed<'a> {
    text: std::borrow::Cow<'a, str>,
    /// (composed byte, source byte, whether the bytes after it all map to that source byte),
    /// sorted by composed byte.
    anchors: Vec<(usize, usize, bool)>,
}

impl<'a> Composed<'a> {
    fn new(text: &'a str) -> Self {
        let identity = vec![(0, 0, false)];
        if unicode_normalization::is_nfc_quick(text.chars())
            == unicode_normalization::IsNormalized::Yes
        {
            return Composed {
                text: std::borrow::Cow::Borrowed(text),
                anchors: identity,
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut anchors = identity;
        let mut run_start = 0;
        let mut run = String::new();
        let mut flush = |run: &str, run_start: usize, out: &mut String| {
            let composed: String = run.nfc().collect();
            if composed == run {
                out.push_str(run);
                return;
            }
            anchors.push((out.len(), run_start, true));
            out.push_str(&composed);
            anchors.push((out.len(), run_start + run.len(), false));
        };
        for (offset, c) in text.char_indices() {
            if canonical_combining_class(c) == 0 && !run.is_empty() {
                flush(&run, run_start, &mut out);
                run.clear();
            }
            if run.is_empty() {
                run_start = offset;
            }
            run.push(c);
        }
        flush(&run, run_start, &mut out);
        Composed {
            text: std::borrow::Cow::Owned(out),
            anchors,
        }
    }

    /// A reader of source offsets for composed bytes visited in increasing order.
    fn origins(&self) -> Origins<'_> {
        Origins {
            anchors: &self.anchors,
            at: 0,
        }
    }
}

/// Source offsets of composed bytes, read forward with a cursor (linear over a block).
struct Origins<'a> {
    anchors: &'a [(usize, usize, bool)],
    at: usize,
}

impl Origins<'_> {
    fn of(&mut self, composed: usize) -> usize {
        while self.at + 1 < self.anchors.len() && self.anchors[self.at + 1].0 <= composed {
            self.at += 1;
        }
        let (from, source, fixed) = self.anchors[self.at];
        if fixed {
            source
        } else {
            source + (composed - from)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_str(s)
    }

    #[test]
    fn french_typography_is_folded() {
        assert_eq!(
            norm("L\u{2019}entreprise s\u{2019}engage\u{00A0}: 5\u{00A0}% et 1\u{202F}050\u{00A0}heures, 60\u{00A0}€ HT"),
            "L'entreprise s'engage : 5 % et 1 050 heures, 60 € HT"
        );
        assert_eq!(norm("« efﬁcacité »"), "« efficacité »");
        assert_eq!(
            norm("quali\u{FB01}cation  \t  o\u{FB03}ciel"),
            "qualification officiel"
        );
        assert_eq!(norm("Article 9 \u{2013} Clause"), "Article 9 - Clause");
        assert_eq!(norm("main\u{2011}d\u{2019}œuvre"), "main-d'œuvre");
        assert_eq!(norm("inser\u{00AD}tion"), "insertion");
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(norm("re\u{0301}serve\u{0301}"), "réservé");
    }

    #[test]
    fn line_end_hyphenation_is_undone_but_real_hyphens_stay() {
        assert_eq!(
            norm("clause d'inser-\ntion sociale"),
            "clause d'insertion sociale"
        );
        assert_eq!(norm("la sous-\ntraitance"), "la sous-traitance");
        assert_eq!(
            norm("article L. 2112-\n2 du code"),
            "article L. 2112-2 du code"
        );
        assert_eq!(norm("OPH du Val-de-\nLys"), "OPH du Val-de-Lys");
        assert_eq!(norm("dix-\nhuit mois"), "dix-huit mois");
        assert_eq!(norm("la main-\nd'œuvre"), "la main-d'œuvre");
        assert_eq!(norm("inser\u{00AD}\ntion"), "insertion");
        // A list dash or an earlier compound on the line does not make a cut word a compound.
        assert_eq!(
            norm("- les difficul-\ntés d'accès"),
            "- les difficultés d'accès"
        );
        assert_eq!(
            norm("la sous-traitance et les difficul-\ntés"),
            "la sous-traitance et les difficultés"
        );
        // A dash that ends a line is not a word cut.
        assert_eq!(norm("suivantes -\nla suite"), "suivantes -\nla suite");
    }

    #[test]
    fn the_document_vocabulary_decides_unknown_compounds() {
        let blocks = [
            Block::paragraph("un éco-\nquartier"),
            Block::paragraph("cet éco-quartier est neuf"),
        ];
        let (_, ranges) = source_text(&blocks);
        assert!(normalize(&blocks, &ranges)
            .text
            .starts_with("un éco-quartier"));
        let blocks = [
            Block::paragraph("un facili-\ntateur"),
            Block::paragraph("le facilitateur"),
        ];
        let (_, ranges) = source_text(&blocks);
        assert!(normalize(&blocks, &ranges)
            .text
            .starts_with("un facilitateur"));
    }

    #[test]
    fn lines_are_kept_and_spaces_collapsed() {
        assert_eq!(norm("  Article 9  \n\n   Objet   "), "Article 9\nObjet");
    }

    #[test]
    fn offsets_map_back_to_the_source() {
        let blocks = [
            Block::paragraph("Titre"),
            Block::paragraph("5\u{00A0}% d\u{2019}inser-\ntion ﬁnale"),
        ];
        let (source, ranges) = source_text(&blocks);
        let text = normalize(&blocks, &ranges);
        assert_eq!(text.text, "Titre\n\n5 % d'insertion finale");
        let at = text.text.find("insertion").unwrap();
        let src = text.source_range(at..at + "insertion".len());
        assert_eq!(&source[src], "inser-\ntion");
        let at = text.text.find("finale").unwrap();
        let src = text.source_range(at..at + "finale".len());
        assert_eq!(&source[src], "ﬁnale");
        let at = text.text.find('\'').unwrap();
        assert_eq!(&source[text.source_range(at..at + 1)], "\u{2019}");
        // Half of a ligature maps to the whole ligature, not to the rest of the block.
        let at = text.text.find("finale").unwrap();
        assert_eq!(&source[text.source_range(at..at + 1)], "ﬁ");
    }

    #[test]
    fn body_comes_before_other_parts() {
        let blocks = [
            Block::paragraph("En-tête").in_part(Part::Header),
            Block::paragraph("Corps"),
            Block::paragraph("Note").in_part(Part::Footnote),
        ];
        let (_, ranges) = source_text(&blocks);
        let text = normalize(&blocks, &ranges);
        assert_eq!(text.body(), "Corps");
        assert_eq!(text.text, "Corps\n\nEn-tête\n\nNote");
        assert_eq!(text.block_at(0).unwrap().block, 1);
        assert_eq!(text.block_at(8).unwrap().part, Part::Header);
    }

    proptest::proptest! {
        #[test]
        fn normalising_is_idempotent(s in "[a-zé’ \u{00A0}\n\u{FB01}-]{0,40}") {
            let once = norm(&s);
            proptest::prop_assert_eq!(norm(&once), once.clone());
        }

        #[test]
        fn every_normalised_byte_maps_inside_the_source(s in "\\PC{0,60}") {
            let blocks = [Block::paragraph(s.clone())];
            let (source, ranges) = source_text(&blocks);
            let text = normalize(&blocks, &ranges);
            for i in 0..text.text.len() {
                let r = text.source_range(i..i + 1);
                proptest::prop_assert!(r.end <= source.len());
            }
        }
    }
}
