//! Hour volumes and totals: "1 050 heures", "quatre cent vingt (420) heures", "soit un total de
//! 1 200 heures", told apart from deadlines, durations and times of day around them.

use super::*;

pub(super) static HOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:(?-u:\b)|\()({NUM})\)?\s*(?:heures?|h)(?-u:\b)"
    ))
    .unwrap()
});
pub(super) static HOURS_IN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)((?:{WORD}[ -])*{WORD}) heures(?-u:\b)"
    ))
    .unwrap()
});
/// Words just before a number of hours that make it a deadline or a duration, not a volume.
pub(super) const NOT_A_VOLUME_BEFORE: &[&str] = &[
    "délai",
    "dans les",
    "dans un",
    "sous ",
    "au plus tard",
    "avant",
    "après",
    "préavis",
    "durée",
    "session",
    "séance",
    "stage",
    "immersion",
    "parrainage",
    "tutorat",
    "formation de",
    "formation d'",
    "semaine de",
    "d'une durée",
    "entre ",
    "heures ouvr",
    "de ",
];
/// Words just after a number of hours that make it a deadline or a rate, not a volume.
pub(super) const NOT_A_VOLUME_AFTER: &[&str] = &[
    "par jour",
    "par semaine",
    "par mois",
    "/jour",
    "/semaine",
    "hebdomadaire",
    "ouvr",
    "de préavis",
    "d'intervention",
    "avant",
    "après",
    "de formation",
    "minimum",
    "par tranche",
    "pour 100",
    "par 100",
    "par fraction",
    "au moins",
    "/24",
    "sur 24",
    "par salarié",
    "par personne",
    "par participant",
    "par bénéficiaire",
    "par stagiaire",
];
pub(super) fn window(
    text: &str,
    start: usize,
    end: usize,
    before: usize,
    after: usize,
) -> (String, String) {
    let a = text.floor_char_boundary(start.saturating_sub(before));
    let b = text.ceil_char_boundary(end + after);
    (text[a..start].to_lowercase(), text[end..b].to_lowercase())
}
/// Whether the hours at `start..end` are a volume of insertion hours.
pub(super) fn is_volume(text: &str, start: usize, end: usize) -> bool {
    let (before, after) = window(text, start, end, 28, 24);
    let near_start = before.char_indices().rev().nth(13).map_or(0, |(i, _)| i);
    let before_near = &before[near_start..];
    // "de 420 heures" is a volume ("réaliser un volume de 420 heures"); a bare "de" only blocks
    // when it introduces a duration, which the longer phrases catch.
    let blocked_before = NOT_A_VOLUME_BEFORE
        .iter()
        .filter(|w| **w != "de ")
        .any(|w| before.contains(w))
        && !before_near.contains("volume")
        && !before_near.contains("total");
    let blocked_after = NOT_A_VOLUME_AFTER
        .iter()
        .any(|w| after.trim_start().starts_with(w));
    // "une demi-journée (3h)", "15 jours (6 heures de face à face)": a duration in brackets.
    let bracketed = before.trim_end().ends_with('(') || text[start..].starts_with('(');
    let bracketed_duration = bracketed
        && ["journée", "jour", "semaine", "mois", "séance", "session"]
            .iter()
            .any(|w| before.contains(w));
    !(blocked_before || blocked_after || bracketed_duration)
}
/// The second half of a range of times of day, after "9 h": "à 11 h", "- 12h".
pub(super) static TIME_RANGE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:à|-|–)\s*\d{1,2}\s*h(?:eures?)?(?-u:\b)").unwrap());
/// The first half of a range of times of day, before "11 h": "de 9 h à ".
pub(super) static TIME_RANGE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,2}\s*h(?:eures?)?(?:\s*\d{2})?\s*(?:à|-|–)\s*$").unwrap());
pub(super) fn hours(clause: &str, ratio: Option<std::ops::Range<usize>>) -> Vec<u64> {
    let mut found: Vec<(usize, u64)> = Vec::new();
    for c in HOURS.captures_iter(clause) {
        crate::base::deadline::tick();
        let m = c.get(0).unwrap();
        // "40 h par tranche de 100 000 €" is a ratio, not a volume.
        if ratio.as_ref().is_some_and(|r| r.contains(&m.start())) {
            continue;
        }
        // "3.2 Heures à réaliser" is a heading number, not two hours.
        let before = clause[..m.start()]
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>();
        let numbering =
            before.first() == Some(&'.') && before.get(1).is_some_and(|c| c.is_ascii_digit());
        // "12 h 00", "7h30", "de 9 h à 11 h": a time of day.
        let after = clause[m.end()..].trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let short_unit = m.as_str().ends_with(['h', 'H']);
        let clock = (short_unit && after.as_bytes().first().is_some_and(u8::is_ascii_digit))
            || TIME_RANGE_AFTER.is_match(after)
            || TIME_RANGE_BEFORE.is_match(&clause[..m.start()]);
        if numbering || clock || !is_volume(clause, m.start(), m.end()) {
            continue;
        }
        if let Some(v) = parse_num(&c[1]) {
            if v >= 1.0 && v.fract() == 0.0 {
                found.push((m.start(), v as u64));
            }
        }
    }
    for c in HOURS_LABELLED.captures_iter(clause) {
        let m = c.get(1).unwrap();
        if ratio.as_ref().is_some_and(|r| r.contains(&m.start())) {
            continue;
        }
        if let Some(v) = parse_num(m.as_str()).filter(|v| *v >= 1.0 && v.fract() == 0.0) {
            found.push((m.start(), v as u64));
        }
    }
    for c in HOURS_IN_WORDS.captures_iter(clause) {
        let m = c.get(0).unwrap();
        // "quatre cent vingt (420) heures" is already counted from its digits.
        if let Some(v) = parse_words(&c[1]) {
            if v >= 1
                && is_volume(clause, m.start(), m.end())
                && !found.iter().any(|(_, f)| *f == v)
            {
                found.push((m.start(), v));
            }
        }
    }
    found.sort();
    let mut out: Vec<u64> = Vec::new();
    for (_, v) in found {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}
pub(super) fn total(clause: &str) -> Option<u64> {
    for line in clause.lines() {
        crate::base::deadline::tick();
        let lower = line.to_lowercase();
        let Some(at) = [
            "total",
            "global",
            "au cumul",
            "ensemble de l'opération",
            "ensemble des lots",
        ]
        .iter()
        .filter_map(|w| lower.find(w))
        .min() else {
            continue;
        };
        // The volume nearest the word, before it ("12 000 heures sur la durée totale") or after
        // it ("soit un total de 1 470 h"), never a rate ("250 heures par mois").
        let at = line.floor_char_boundary(at.min(line.len()));
        let nearest = HOURS
            .captures_iter(line)
            .filter_map(|c| {
                let m = c.get(0)?;
                let rest = line[m.end()..].trim_start().to_lowercase();
                let rate = [
                    "par mois",
                    "par an",
                    "par semaine",
                    "par jour",
                    "/an",
                    "/mois",
                ]
                .iter()
                .any(|r| rest.starts_with(r));
                let distance = if m.start() >= at {
                    m.start() - at
                } else if m.end() <= at {
                    (at - m.end()).max(1) * 2
                } else {
                    0
                };
                (!rate && distance <= 120).then(|| (distance, parse_num(&c[1])))
            })
            .min_by_key(|(d, _)| *d)
            .and_then(|(_, v)| v);
        if let Some(v) = nearest {
            return Some(v as u64);
        }
        if line.contains(" | ") {
            // Bordered rows ("| | Total | 1 590 |") carry outer bars.
            if let Some(v) = table_cells(line).filter_map(|c| parse_num(c.trim())).last() {
                return Some(v as u64);
            }
        }
    }
    None
}
/// Splits text into rough sentences with their offsets: a full stop before a capital, a
/// semicolon, a blank line, or a line break after punctuation. A single line break is layout
/// (a PDF line), not the end of a sentence.
pub(super) fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let boundary = match c {
            ';' => true,
            '\n' => {
                let prev = text[..i].trim_end_matches(' ');
                text[i + 1..].starts_with('\n')
                    || prev.ends_with(['.', ':', ';', '!', '?'])
                    || prev.is_empty()
            }
            '.' => {
                let next = text[i + 1..].trim_start_matches(' ');
                next.chars().next().is_some_and(|n| n.is_uppercase())
                    && i > 0
                    && !bytes[i - 1].is_ascii_uppercase()
            }
            _ => false,
        };
        if boundary {
            out.push((start, &text[start..i]));
            start = i + 1;
        }
    }
    out.push((start, &text[start..]));
    out
}
