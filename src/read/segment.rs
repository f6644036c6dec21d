//! Splitting the normalised body text into sections by the headings tenders use:
//! "Article 9 – Clause sociale", "ARTICLE 5 : CONDITIONS…", "Art. 12.", "9.1 Objet",
//! "4.5.3 Coordonnées…", "I. Dispositions générales", "a) Embauche directe", and headings the
//! format marks itself (DOCX heading styles, ODT `text:h`, Markdown `#`).
//!
//! Tables of contents ("4.5 Insertion professionnelle ....... 5") are recognised and kept out
//! of the headings, so a TOC line is never mistaken for the article itself.

use crate::read::blocks::{BlockKind, Part};
use crate::read::normalize::Text;
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;

/// A section: its heading and everything up to the next heading of the same or a higher
/// level (so a section contains its sub-sections).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The heading line as it reads in the normalised text.
    pub heading: String,
    /// The number as written ("9", "4.5.3", "IV", "a"), if any.
    pub number: Option<String>,
    /// The heading without its number and separator.
    pub title: String,
    /// Nesting depth, 0 for top-level sections.
    pub level: usize,
    /// Index of the enclosing section in the list, if any.
    pub parent: Option<usize>,
    /// Page of the heading, when the format has pages.
    pub page: Option<u32>,
    /// Byte range of the heading line in the normalised text.
    pub heading_range: Range<usize>,
    /// Byte range of the whole section, sub-sections included, in the normalised text.
    pub range: Range<usize>,
    /// True for a table of contents ("Sommaire"): its lines are not headings.
    pub toc: bool,
}

/// How a heading is numbered; headings of the same style are siblings.
#[derive(Debug, Clone, PartialEq)]
enum Style {
    /// "Article 9", "ARTICLE 5", "Art. 12": an article, equivalent to a one-part decimal.
    Article,
    /// "9.1", "4.5.3": decimal with this many parts.
    Decimal(usize),
    Roman,
    /// "II.6.", "IV.5)", "VI.3)": a Roman part with decimal sub-numbers, this many parts in all
    /// (the numbering of French notice forms and of many CCAPs).
    RomanDecimal(usize),
    /// "Section II : Objet", "Titre 3 – Exécution", "Chapitre IV": a named part of a document,
    /// with the word that names it (parts named alike are siblings).
    Part(String),
    /// "Lot n° 2 : Territoire sud": the block of one lot in a notice or a CCAP.
    Lot,
    Letter,
    /// A heading marked by the format, at this level.
    Marked(u8),
}

impl Style {
    /// Decimal depth for styles that nest with decimals ("Article 4" ≈ "4").
    fn decimal_depth(&self) -> Option<usize> {
        match self {
            Style::Article => Some(1),
            Style::Decimal(n) => Some(*n),
            _ => None,
        }
    }
}

struct Heading {
    number: Option<String>,
    title: String,
    style: Style,
}

static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:article|art\.)\s*((?:\d{1,3}(?:\.\d{1,3}){0,4})(?:\s?(?:er|bis|ter))?|premier|unique|[ivxlc]{1,7})(?-u:\b)\.?\s*(?:([-:.)/]|–|—)\s*)?(.*)$",
    )
    .unwrap()
});
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:§\s*)?((?:\d{1,2}|[A-H])(?:\.\d{1,3}){0,5})(\.|°)?\s*(?:[-:)–]\s*)?(\p{Lu}.*)$",
    )
    .unwrap()
});
/// A run-in heading: "B.2 Insertion (lots 1 et 2) : le candidat s'engage…", "3.1 Objet. Le
/// présent…": a short numbered title, then the text on the same line.
static RUN_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^((?:\d{1,2}|[A-H])(?:\.\d{1,3}){1,5}\.?\s+\p{Lu}[^.:;]{1,70}?)\s*(?:[.:]|\s[-–]\s)\s+\S",
    )
    .unwrap()
});
/// Words that start sentences, not titles.
const SENTENCE_STARTS: &[&str] = &[
    "Le ", "La ", "Les ", "L'", "Un ", "Une ", "Des ", "Il ", "Elle ", "Ils ", "En ", "Pour ",
    "Si ", "Dans ", "Ce ", "Cette ", "Chaque ", "Tout ", "Toute ",
];
static ROMAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([IVXLC]{1,7})\s*[.)\-:]\s*(\p{Lu}.*)$").unwrap());
static ROMAN_DECIMAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([IVXLC]{1,7}(?:\.\d{1,2}){1,3})\s*[.)]?\s*(?:[-:–]\s*)?(\p{Lu}.*)$").unwrap()
});
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(section|partie|titre|chapitre)\s+([IVXLC]{1,7}|\d{1,2})(?-u:\b)\s*(?:(?:[-:.–—]|\s)\s*(\p{Lu}.*))?$").unwrap()
});
static LOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^lot\s*(?:n° ?|no ?|numéro )?(\d{1,3}[a-z]?)(?-u:\b)\s*(?:[-:–—]\s*)(\S.*)$")
        .unwrap()
});
/// "1.a) Embauche directe", "2.b. Suivi": a numbered item's lettered sub-heading.
static NUMBER_LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}\.[a-z])[).]\s*(\p{Lu}.*)$").unwrap());
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([a-z])\)\s*(\p{Lu}.*)$").unwrap());
/// A page number a layout left at the end of a heading in capitals ("CLAUSE D'INSERTION 6").
static TRAILING_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*[\p{Lu}'’)])\s+\d{1,3}$").unwrap());
/// A table-of-contents line: a title, a leader (dots, underscores) and a page number.
static TOC_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?\S)\s*(?:\.{2,}|…+|(?:\. ){2,}\.?|_{3,}|-{4,})\s*\.?\s*(\d{1,4})$").unwrap()
});
/// A line that ends with a bare page number (a TOC line whose leader was lost).
/// A piece of a wrapped TOC entry: text ending in a leader, or a leader and a page number.
static LEADER_FRAGMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^.{0,100}?(?:\.{4,}|…{2,})\s*\d{0,4}$|^\s*(?:\.{2,}|…+)\s*\d{1,4}$").unwrap()
});
static ENDS_WITH_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\S.*\D\s(\d{1,4})$").unwrap());
static TOC_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:sommaire|table des mati[èe]res|table of contents)\s*:?$").unwrap()
});

/// Longest line taken for a heading; longer lines are prose.
const MAX_HEADING_CHARS: usize = 160;

/// Recognises a heading line, or `None` for prose, list items and table rows.
fn parse_heading(line: &str) -> Option<Heading> {
    let chars = line.chars().count();
    if chars > MAX_HEADING_CHARS || line.contains(" | ") {
        return None;
    }
    if let Some(c) = ARTICLE.captures(line) {
        let number = c[1].to_string();
        let separator = c.get(2).is_some();
        let title = c[3].trim().to_string();
        // "Article 14 du CCAG précise…" is prose, "Article 14 – Prix" a heading.
        let title_ok =
            title.is_empty() || separator || title.chars().next().is_some_and(|c| c.is_uppercase());
        if title_ok && !ends_like_prose(&title, chars) {
            return Some(Heading {
                number: Some(number),
                title,
                style: Style::Article,
            });
        }
        return None;
    }
    if let Some(c) = DECIMAL.captures(line) {
        let number = c[1].to_string();
        // A lone capital is a letter heading only when dotted with a number ("B.2").
        if !number.contains('.') && number.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        // "3° – Lot réservé" is a heading; "1° Prix : 60 points…" is an enumeration.
        if c.get(2).is_some_and(|m| m.as_str() == "°") {
            let separated = c[0][..c.get(3).map_or(0, |t| t.start())].contains(['-', ':', ')']);
            let title = c[3].trim_end();
            if !separated || chars > 60 || title.ends_with(['.', ':', ';', ',']) {
                return None;
            }
        }
        let title = c[3].trim().to_string();
        let parts = number.split('.').count();
        // A bare "3 Lots sont prévus" is prose; numbered headings have a dot or are short.
        let dotted = parts > 1 || c.get(2).is_some();
        if (dotted || chars <= 60) && !ends_like_prose(&title, chars) && !is_quantity(&title) {
            return Some(Heading {
                number: Some(number),
                title,
                style: Style::Decimal(parts),
            });
        }
        return None;
    }
    if let Some(c) = ROMAN_DECIMAL.captures(line) {
        let title = without_page(c[2].trim());
        if !ends_like_prose(&title, chars) {
            let number = c[1].to_string();
            return Some(Heading {
                style: Style::RomanDecimal(number.split('.').count()),
                number: Some(number),
                title,
            });
        }
        return None;
    }
    if let Some(c) = PART.captures(line) {
        let title = c
            .get(3)
            .map_or(String::new(), |t| without_page(t.as_str().trim()));
        if chars <= 100 && !ends_like_prose(&title, chars) {
            return Some(Heading {
                number: Some(c[2].to_string()),
                title,
                style: Style::Part(c[1].to_string()),
            });
        }
        return None;
    }
    // Numbered titles that differ only by their pattern, their longest line and a test on
    // the title; the first pattern that matches decides.
    let simple: [SimpleHeading; 4] = [
        (&LOT, 120, |t| !names_a_figure(t), Style::Lot),
        (&NUMBER_LETTER, 90, |_| true, Style::Letter),
        (&ROMAN, usize::MAX, |_| true, Style::Roman),
        (&LETTER, 90, |_| true, Style::Letter),
    ];
    for (pattern, longest, fits, style) in simple {
        if let Some(c) = pattern.captures(line) {
            let title = c[2].trim().to_string();
            if chars <= longest && !ends_like_prose(&title, chars) && fits(&title) {
                return Some(Heading {
                    number: Some(c[1].to_string()),
                    title,
                    style,
                });
            }
            return None;
        }
    }
    None
}

/// A heading style read by one pattern: the pattern (number, title), the longest line it may
/// be, a test on the title, and the style.
type SimpleHeading = (&'static Regex, usize, fn(&str) -> bool, Style);

/// A numbered title at the start of a long line, with its length in bytes.
fn run_in_heading(line: &str) -> Option<(usize, Heading)> {
    let c = RUN_IN.captures(line)?;
    let prefix = c.get(1)?;
    let heading = parse_heading(prefix.as_str())?;
    if SENTENCE_STARTS.iter().any(|w| heading.title.starts_with(w)) {
        return None;
    }
    Some((prefix.end(), heading))
}

/// A heading in capitals without the page number a layout left after it.
fn without_page(title: &str) -> String {
    match TRAILING_PAGE.captures(title) {
        Some(c) if c[1].chars().filter(|c| c.is_lowercase()).count() == 0 => c[1].to_string(),
        _ => title.to_string(),
    }
}

/// "Lot 1 : 735 heures", "lot 2 – 60 000 € HT": a lot's figure, not the title of its block.
fn names_a_figure(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.starts_with(|c: char| c.is_ascii_digit())
        && ["heure", " h", "%", "€", "euro"]
            .iter()
            .any(|u| lower.contains(u))
}

/// Headings do not end like sentences or list items.
fn ends_like_prose(title: &str, chars: usize) -> bool {
    let t = title.trim_end();
    t.ends_with([';', ',']) || (t.ends_with('.') && chars > 70) || t.ends_with(" :") && chars > 90
}

/// "200 heures", "% du total": a number followed by a unit is a figure, not a heading.
fn is_quantity(title: &str) -> bool {
    let lower = title.to_lowercase();
    ["heure", "h ", "%", "€", "euros", "jours", "mois", "ans"]
        .iter()
        .any(|u| lower.starts_with(u))
}

/// A body line: its range, text, page, and the heading level its format gives it.
type Line<'a> = (Range<usize>, &'a str, Option<u32>, Option<u8>);

/// Splits the body of `text` into sections.
pub fn split(text: &Text) -> Vec<Section> {
    let body = text.body();
    // Every body line with its range, page and the heading level its format gives it.
    let mut lines: Vec<Line<'_>> = Vec::new();
    for block in text.blocks.iter().filter(|b| b.part == Part::Body) {
        let mut offset = block.range.start;
        for (i, line) in body[block.range.clone()].split('\n').enumerate() {
            let marked = match block.kind {
                BlockKind::Heading { level } if i == 0 => Some(level),
                _ => None,
            };
            lines.push((offset..offset + line.len(), line, block.page, marked));
            offset += line.len() + 1;
        }
    }
    let toc = toc_lines(&lines.iter().map(|l| l.1).collect::<Vec<_>>());
    let mut found: Vec<(Range<usize>, Option<u32>, Heading)> = Vec::new();
    let mut tocs: Vec<(Range<usize>, Option<u32>)> = Vec::new();
    let mut run: Option<(Range<usize>, Option<u32>, usize)> = None;
    for (i, (range, line, page, marked)) in lines.iter().enumerate() {
        crate::base::deadline::tick();
        if toc[i] {
            let entry = run.get_or_insert((range.clone(), *page, 0));
            entry.0.end = range.end;
            entry.2 += usize::from(!TOC_TITLE.is_match(line));
            continue;
        }
        if let Some((r, page, entries)) = run.take() {
            if entries > 0 {
                tocs.push((r, page));
            }
        }
        let heading = match marked {
            // The format's level is surer than a part's or a lot's name for nesting.
            Some(level) => Some(match parse_heading(line) {
                Some(h) if !matches!(h.style, Style::Part(_) | Style::Lot) => h,
                _ => Heading {
                    number: None,
                    title: line.trim().to_string(),
                    style: Style::Marked(*level),
                },
            }),
            None => parse_heading(line),
        };
        if let Some(heading) = heading {
            found.push((range.clone(), *page, heading));
        } else if let Some((prefix, heading)) = run_in_heading(line) {
            found.push((range.start..range.start + prefix, *page, heading));
        }
    }
    if let Some((r, page, entries)) = run.take() {
        if entries > 0 {
            tocs.push((r, page));
        }
    }
    let mut sections = build(found, tocs, body.len());
    for section in &mut sections {
        // A section ends with its text, not with the blank line before the next heading.
        let trimmed = body[section.range.clone()].trim_end().len();
        section.range.end = section.range.start + trimmed;
    }
    sections
}

/// Which lines belong to a table of contents: entries with a leader and a page number, the
/// pieces of an entry that the layout wrapped over several lines ("ARTICLE 1 OBJET DE
/// L'ACCORD⏎CADRE.........⏎.......3"), a "Sommaire" title, and lines ending in a page number
/// inside a run of such lines.
fn toc_lines(lines: &[&str]) -> Vec<bool> {
    let fragment = |l: &str| LEADER_FRAGMENT.is_match(l);
    let mut toc = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        let entry = (TOC_LINE.is_match(line) && parse_heading_text(line).is_some())
            || fragment(line)
            || toc_row(line);
        let wrapped_start = !line.trim().is_empty()
            && line.len() < 160
            && lines.get(i + 1).is_some_and(|next| fragment(next))
            && !line.trim_end().ends_with('.');
        let continued = i > 0 && toc[i - 1] && ENDS_WITH_PAGE.is_match(line) && line.len() < 160;
        toc[i] = TOC_TITLE.is_match(line) || entry || wrapped_start || continued;
    }
    toc
}

/// A table of contents laid out in columns, as PDFs give it: table cells that go by pairs of a
/// heading and its page ("II.6. CLAUSE D'INSERTION … | 6 | V.3. PÉNALITÉS | 9"). Two pairs at
/// least, so that a price schedule's "1.1 Fourniture | 12" row is not one.
fn toc_row(line: &str) -> bool {
    if !line.contains(" | ") {
        return false;
    }
    let cells: Vec<&str> = crate::read::blocks::table_cells(line)
        .filter(|c| !c.is_empty())
        .collect();
    if cells.len() < 4 || !cells.len().is_multiple_of(2) {
        return false;
    }
    cells.chunks(2).all(|pair| {
        let title = pair[0].trim_end_matches(['.', '…', ' ', '_']);
        let page = pair[1].trim_start_matches(['.', '…', ' ', '_']);
        (1..=4).contains(&page.len())
            && page.chars().all(|c| c.is_ascii_digit())
            && parse_heading(title).is_some()
    })
}

/// The heading text of a TOC line ("4.5 Insertion ....... 5" → "4.5 Insertion"), if it is one.
fn parse_heading_text(line: &str) -> Option<String> {
    TOC_LINE
        .captures(line)
        .map(|c| c[1].to_string())
        .or_else(|| ENDS_WITH_PAGE.captures(line).map(|_| line.to_string()))
}

fn build(
    found: Vec<(Range<usize>, Option<u32>, Heading)>,
    tocs: Vec<(Range<usize>, Option<u32>)>,
    body_len: usize,
) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    // Stack of (style, section index) from the outermost open section inwards.
    let mut stack: Vec<(Style, usize)> = Vec::new();
    for (range, page, heading) in found {
        let depth = heading.style.decimal_depth();
        let keep = if let Some(pos) = stack.iter().position(|(s, _)| *s == heading.style) {
            pos
        } else if let Some(d) = depth {
            // Nest under the deepest open decimal/article heading that is shallower.
            stack
                .iter()
                .rposition(|(s, _)| s.decimal_depth().is_some_and(|sd| sd < d))
                .map_or_else(
                    || {
                        // No shallower decimal: siblings of deeper ones go back to their level.
                        stack
                            .iter()
                            .position(|(s, _)| s.decimal_depth().is_some_and(|sd| sd >= d))
                            .unwrap_or(stack.len())
                    },
                    |p| p + 1,
                )
        } else if let Style::Marked(level) = heading.style {
            stack
                .iter()
                .position(|(s, _)| matches!(s, Style::Marked(l) if *l >= level))
                .unwrap_or(stack.len())
        } else {
            stack.len()
        };
        for (_, closed) in stack.drain(keep..) {
            sections[closed].range.end = range.start;
        }
        let parent = stack.last().map(|(_, i)| *i);
        let heading_text = heading_line(&heading);
        sections.push(Section {
            heading: heading_text,
            number: heading.number,
            title: heading.title,
            level: stack.len(),
            parent,
            page,
            heading_range: range.clone(),
            range: range.start..body_len,
            toc: false,
        });
        stack.push((heading.style, sections.len() - 1));
    }
    for (_, open) in stack {
        sections[open].range.end = body_len;
    }
    if tocs.is_empty() {
        return sections;
    }
    // Tables of contents go in before the first section starting at or after them, in one pass
    // (inserting them one by one cost the number of sections each: quadratic in a long text).
    let mut merged: Vec<Section> = Vec::with_capacity(sections.len() + tocs.len());
    let mut moved: Vec<usize> = Vec::with_capacity(sections.len());
    let mut tocs = tocs.into_iter().peekable();
    for mut section in sections {
        while let Some((range, page)) = tocs.next_if(|(r, _)| r.start <= section.range.start) {
            merged.push(toc_section(range, page));
        }
        // Parents come before their children, so theirs is already moved.
        section.parent = section.parent.map(|p| moved[p]);
        moved.push(merged.len());
        merged.push(section);
    }
    merged.extend(tocs.map(|(range, page)| toc_section(range, page)));
    merged
}

fn toc_section(range: Range<usize>, page: Option<u32>) -> Section {
    Section {
        heading: "Sommaire".into(),
        number: None,
        title: "Sommaire".into(),
        level: 0,
        parent: None,
        page,
        heading_range: range.start..range.start,
        range,
        toc: true,
    }
}

fn heading_line(heading: &Heading) -> String {
    match (&heading.number, heading.style.clone()) {
        (Some(n), Style::Article) if heading.title.is_empty() => format!("Article {n}"),
        (Some(n), Style::Article) => format!("Article {n} - {}", heading.title),
        (Some(n), Style::Letter) => format!("{n}) {}", heading.title),
        (Some(n), Style::Roman) => format!("{n}. {}", heading.title),
        (Some(n), Style::Part(word)) if heading.title.is_empty() => format!("{word} {n}"),
        (Some(n), Style::Part(word)) => format!("{word} {n} : {}", heading.title),
        (Some(n), Style::Lot) => format!("Lot {n} : {}", heading.title),
        (Some(n), _) => format!("{n} {}", heading.title),
        (None, _) => heading.title.clone(),
    }
}

impl Section {
    /// The innermost section containing a normalised byte offset, if any (TOCs excluded).
    pub fn innermost(sections: &[Section], offset: usize) -> Option<usize> {
        sections
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.toc && s.range.start <= offset && offset < s.range.end)
            .max_by_key(|(_, s)| s.level)
            .map(|(i, _)| i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::blocks::Block;
    use crate::read::normalize::{normalize, source_text};

    fn sections_of(blocks: &[Block]) -> (Text, Vec<Section>) {
        let (_, ranges) = source_text(blocks);
        let text = normalize(blocks, &ranges);
        let sections = split(&text);
        (text, sections)
    }

    fn outline(sections: &[Section]) -> Vec<(usize, Option<String>, String, bool)> {
        sections
            .iter()
            .map(|s| (s.level, s.number.clone(), s.title.clone(), s.toc))
            .collect()
    }

    #[test]
    fn a_lots_figure_and_prose_are_not_headings() {
        for line in [
            "Lot 1 : 735 heures",
            "Lot 2 – 60 000 € HT",
            "Section 3 du présent document, voir ci-dessus ;",
        ] {
            let norm = crate::read::normalize::normalize_str(line);
            assert!(parse_heading(&norm).is_none(), "{line}");
        }
    }

    #[test]
    fn a_table_of_contents_in_two_columns_is_no_clause() {
        assert!(toc_row(
            "II.6. CLAUSE D'INSERTION … | 6 | V.3. PÉNALITÉS | 9"
        ));
        assert!(toc_row(
            "| Article 4 – Exécution | 3 | Article 9 – Clause sociale | 7 |"
        ));
        assert!(
            !toc_row("1.1 Fourniture de câbles | 12"),
            "one pair is a price row"
        );
        assert!(!toc_row("Lot 1 | Gros œuvre | 735 h | 60 €"));
        let blocks: Vec<Block> = [
            "SOMMAIRE",
            "I. OBJET | 2 | IV. PRIX | 5",
            "II.6. CLAUSE D'INSERTION | 6 | V.3. PÉNALITÉS | 9",
            "I. OBJET",
            "Le marché porte sur l'entretien.",
        ]
        .into_iter()
        .map(Block::paragraph)
        .collect();
        let (_, sections) = sections_of(&blocks);
        assert!(sections[0].toc, "{:?}", outline(&sections));
        assert_eq!(sections.iter().filter(|s| !s.toc).count(), 1);
    }

    #[test]
    fn roman_parts_hold_their_decimal_sub_parts() {
        let blocks: Vec<Block> = [
            "II.1. OBJET",
            "Le marché porte sur l'entretien.",
            "II.6. CLAUSE D'INSERTION",
            "Le titulaire réalise 300 heures.",
            "III.1. DURÉE",
            "Un an.",
        ]
        .into_iter()
        .map(Block::paragraph)
        .collect();
        let (_, sections) = sections_of(&blocks);
        let outline: Vec<(usize, Option<String>)> = sections
            .iter()
            .map(|s| (s.level, s.number.clone()))
            .collect();
        assert_eq!(
            outline,
            [
                (0, Some("II.1".into())),
                (0, Some("II.6".into())),
                (0, Some("III.1".into()))
            ]
        );
    }

    #[test]
    fn heading_styles_of_real_tenders() {
        for (line, number, title) in [
            (
                "Article 9 – Clause sociale d’insertion",
                "9",
                "Clause sociale d'insertion",
            ),
            (
                "ARTICLE 5 : CONDITIONS D’EXÉCUTION",
                "5",
                "CONDITIONS D'EXÉCUTION",
            ),
            ("Art. 12.", "12", ""),
            ("Art. 12. Pénalités", "12", "Pénalités"),
            ("ARTICLE 1er - OBJET", "1er", "OBJET"),
            ("9.1 Objet", "9.1", "Objet"),
            (
                "4.5.3 Coordonnées du facilitateur",
                "4.5.3",
                "Coordonnées du facilitateur",
            ),
            (
                "1.3.4 Modalités de mise en œuvre",
                "1.3.4",
                "Modalités de mise en œuvre",
            ),
            ("I. Dispositions générales", "I", "Dispositions générales"),
            ("a) Embauche directe", "a", "Embauche directe"),
            ("3. Pénalités", "3", "Pénalités"),
            (
                "B.2 Insertion (lots 1 et 2)",
                "B.2",
                "Insertion (lots 1 et 2)",
            ),
            ("II.6. CLAUSE D'INSERTION", "II.6", "CLAUSE D'INSERTION"),
            (
                "VI.3) Informations complémentaires",
                "VI.3",
                "Informations complémentaires",
            ),
            ("IV.5 PENALITES 12", "IV.5", "PENALITES"),
            ("Section II : Objet", "II", "Objet"),
            ("Lot n° 2 : Territoire sud", "2", "Territoire sud"),
            ("1.a) Embauche directe", "1.a", "Embauche directe"),
            (
                "ARTICLE 6.1.2.1 – Heures d'insertion",
                "6.1.2.1",
                "Heures d'insertion",
            ),
        ] {
            let norm = crate::read::normalize::normalize_str(line);
            let h = parse_heading(&norm).unwrap_or_else(|| panic!("not a heading: {line}"));
            assert_eq!(h.number.as_deref(), Some(number), "{line}");
            assert_eq!(h.title, title, "{line}");
        }
    }

    #[test]
    fn prose_is_not_a_heading() {
        for line in [
            "Article 14 du CCAG précise les modalités de règlement",
            "1 200 heures d'insertion sont à réaliser",
            "5 % du nombre total d'heures",
            "01 | Démolition | 460 heures",
            "a) les demandeurs d'emploi de longue durée ;",
            "2. Le titulaire s'engage à réaliser une action d'insertion permettant l'accès à l'emploi de personnes éloignées.",
            "I. les personnes handicapées,",
            "2° Valeur technique : 40 points, répartis en trois sous-critères :",
            "4° Mise en œuvre. Le titulaire peut, au choix ou en les combinant :",
        ] {
            assert!(parse_heading(line).is_none(), "{line}");
        }
    }

    #[test]
    fn run_in_headings_carry_their_text() {
        let (h, title) = (
            "B.2 Insertion (lots 1 et 2) : le candidat s'engage à réaliser 300 heures.",
            "Insertion (lots 1 et 2)",
        );
        let (len, heading) = run_in_heading(h).unwrap();
        assert_eq!(heading.title, title);
        assert_eq!(&h[..len], "B.2 Insertion (lots 1 et 2)");
        assert!(run_in_heading("3.1 Le titulaire : il s'engage à tout.").is_none());
        assert!(run_in_heading("1.5 heures par jour sont prévues : voir annexe").is_none());
    }

    #[test]
    fn sub_articles_nest_and_sections_contain_them() {
        let (text, sections) = sections_of(&[
            Block::paragraph("ARTICLE 4 - EXÉCUTION"),
            Block::paragraph("Texte."),
            Block::paragraph("4.5 Clause d'insertion"),
            Block::paragraph("4.5.1 Volume\nTrente-cinq heures."),
            Block::paragraph("4.5.2 Publics"),
            Block::paragraph("Article 5 – Prix"),
            Block::paragraph("a) Embauche directe"),
        ]);
        assert_eq!(
            outline(&sections),
            [
                (0, Some("4".into()), "EXÉCUTION".into(), false),
                (1, Some("4.5".into()), "Clause d'insertion".into(), false),
                (2, Some("4.5.1".into()), "Volume".into(), false),
                (2, Some("4.5.2".into()), "Publics".into(), false),
                (0, Some("5".into()), "Prix".into(), false),
                (1, Some("a".into()), "Embauche directe".into(), false),
            ]
        );
        assert_eq!(sections[2].parent, Some(1));
        assert_eq!(sections[1].parent, Some(0));
        let clause = &text.text[sections[1].range.clone()];
        assert!(clause.starts_with("4.5 Clause"));
        assert!(clause.contains("Trente-cinq heures."));
        assert!(clause.ends_with("4.5.2 Publics"));
    }

    #[test]
    fn a_table_of_contents_is_not_the_article() {
        let (text, sections) = sections_of(&[
            Block::paragraph("SOMMAIRE"),
            Block::paragraph(
                "Article 1 – Objet ........ 2\n4.5 Insertion professionnelle ....... 5\n13.2 Pénalités . . . . . 9",
            ),
            Block::paragraph("Article 1 – Objet"),
            Block::paragraph("4.5 Insertion professionnelle"),
        ]);
        assert!(sections[0].toc);
        assert!(text.text[sections[0].range.clone()].contains("13.2 Pénalités"));
        let real: Vec<_> = sections.iter().filter(|s| !s.toc).collect();
        assert_eq!(real.len(), 2);
        assert_eq!(real[1].number.as_deref(), Some("4.5"));
        assert!(real[1].range.start > sections[0].range.end);
    }

    #[test]
    fn tables_of_contents_take_their_place_and_parents_follow() {
        let toc = |n: u32| {
            vec![
                Block::paragraph("SOMMAIRE"),
                Block::paragraph(format!(
                    "Article {n} – Objet ........ 2\n{n}.1 Insertion ....... 5"
                )),
            ]
        };
        let mut blocks = toc(1);
        blocks.push(Block::paragraph("Article 1 – Objet"));
        blocks.push(Block::paragraph("1.1 Insertion"));
        blocks.extend(toc(2));
        blocks.push(Block::paragraph("Article 2 – Prix"));
        blocks.push(Block::paragraph("2.1 Pénalités"));
        blocks.extend(toc(3));
        let (text, sections) = sections_of(&blocks);
        let kinds: Vec<_> = sections
            .iter()
            .map(|s| (s.toc, s.number.as_deref()))
            .collect();
        assert_eq!(
            kinds,
            [
                (true, None),
                (false, Some("1")),
                (false, Some("1.1")),
                (true, None),
                (false, Some("2")),
                (false, Some("2.1")),
                (true, None),
            ]
        );
        assert_eq!(sections[2].parent, Some(1));
        assert_eq!(sections[5].parent, Some(4));
        assert!(text.text[sections[6].range.clone()].contains("3.1 Insertion"));
    }

    #[test]
    fn format_headings_are_taken_with_their_level() {
        let (_, sections) = sections_of(&[
            Block::paragraph("Clauses sociales").with_kind(BlockKind::Heading { level: 1 }),
            Block::paragraph("Publics").with_kind(BlockKind::Heading { level: 2 }),
            Block::paragraph("Suivi").with_kind(BlockKind::Heading { level: 2 }),
            Block::paragraph("Annexes").with_kind(BlockKind::Heading { level: 1 }),
        ]);
        let levels: Vec<_> = sections.iter().map(|s| s.level).collect();
        assert_eq!(levels, [0, 1, 1, 0]);
    }
}
