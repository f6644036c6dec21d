//! Hours per lot, from tables, sentences ("Le lot 2 comporte 310 heures") and notices' lot
//! blocks; and the lots a clause says it covers ("lots 11 à 19", "tous les lots").

use super::*;

pub(super) static LOT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?im)^\s*(?:[-•▫*]\s*)?lot\s*(?:n° ?|no ?|numéro )?(\d{{1,3}}[a-z]?)(?-u:\b)[^\n|]{{0,100}}?:?\s*({NUM}) ?(?:heures?|h)(?-u:\b)"
    ))
    .unwrap()
});
/// An hours figure written after its label, as notices do: "nombre d'heures de travail à
/// réaliser au titre de l'engagement d'insertion professionnelle pour la 1re période : 2214".
pub(super) static HOURS_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:nombre (?:minimum |minimal |total )?d'heures[^:\n]{{0,160}}?insertion|heures d'insertion)[^:.\n]{{0,80}}?:\s*({NUM})(?:\s*(?:heures|h)(?-u:\b))?"
    ))
    .unwrap()
});
/// The heading line of a lot's block in a notice: "Lot n° 3 : Gironde".
pub(super) static LOT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s*)?(?:titre\s*:\s*)?lot\s*(?::\s*LOT-0*|n° ?|no ?|numéro )?(\d{1,3}[a-z]?)(?-u:\b)").unwrap()
});
pub(super) static LOT_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lot\s*(?:n° ?|no ?)?)?(\d{1,3}[a-z]?)(?:\s*[-:–].*)?$").unwrap()
});
pub(super) fn lots(clause: &str) -> Vec<LotHours> {
    let mut lots: Vec<LotHours> = Vec::new();
    for line in clause.lines() {
        crate::base::deadline::tick();
        if !line.contains(" | ") {
            continue;
        }
        // Markdown-style rows carry outer bars: "| 1 | Gros œuvre | 735 h |".
        let cells: Vec<&str> = table_cells(line).collect();
        let Some(id) = cells.first().and_then(|c| LOT_CELL.captures(c)) else {
            continue;
        };
        let hours = cells[1..].iter().rev().find_map(|cell| {
            HOURS
                .captures(cell)
                .and_then(|c| parse_num(&c[1]))
                .or_else(|| {
                    // A bare number in an "Heures" column.
                    parse_num(cell).filter(|_| cells.len() >= 2)
                })
        });
        if let Some(h) = hours.filter(|h| *h >= 1.0 && h.fract() == 0.0) {
            lots.push(LotHours {
                lot: id[1].to_string(),
                hours: h as u64,
            });
        }
    }
    if lots.is_empty() {
        let mut found: Vec<(usize, LotHours)> = Vec::new();
        for c in LOT_LINE.captures_iter(clause) {
            if let Some(h) = parse_num(&c[2]).filter(|h| *h >= 1.0) {
                found.push((
                    c.get(0).map_or(0, |m| m.start()),
                    LotHours {
                        lot: c[1].to_string(),
                        hours: h as u64,
                    },
                ));
            }
        }
        for (at, lot) in wrapped_rows(clause) {
            if !found.iter().any(|(_, l)| l.lot == lot.lot) {
                found.push((at, lot));
            }
        }
        found.sort_by_key(|(at, _)| *at);
        lots = found.into_iter().map(|(_, l)| l).collect();
    }
    if lots.is_empty() {
        lots = lot_blocks(clause);
    }
    if lots.is_empty() {
        lots = lot_sentences(clause);
    }
    lots.dedup_by(|a, b| a.lot == b.lot);
    lots
}
/// A line that starts with a lot's label ("Lot 1", "Lot n° 2 – Menuiseries").
static LOT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-•▫*]\s*)?lot\s*(?:n° ?|no ?|numéro )?(\d{1,3}[a-z]?)(?-u:\b)")
        .unwrap()
});
/// An hours cell on a line of its own: "600 heures", "240 h".
static HOURS_CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^\s*({NUM}) ?(?:heures?|h)\s*$")).unwrap());

/// Rows of a table whose cells came out on lines of their own because one cell wrapped (a PDF
/// lays each line of a cell at its own height): "Lot 1" / "Gros œuvre, démolition… du" /
/// "bâtiment principal" / "600 heures". A lot's label at the start of a line takes the first
/// hours cell alone on a line within the next four lines, before the next lot's label.
fn wrapped_rows(clause: &str) -> Vec<(usize, LotHours)> {
    let mut rows = Vec::new();
    let mut offset = 0;
    let lines: Vec<(usize, &str)> = clause
        .split_inclusive('\n')
        .map(|l| {
            let at = offset;
            offset += l.len();
            (at, l.trim_end_matches('\n'))
        })
        .collect();
    for (i, (at, line)) in lines.iter().enumerate() {
        let Some(label) = LOT_LABEL.captures(line) else {
            continue;
        };
        let hours = lines[i + 1..]
            .iter()
            .map(|(_, l)| *l)
            .filter(|l| !l.trim().is_empty())
            .take(4)
            .take_while(|l| !LOT_LABEL.is_match(l))
            .find_map(|l| HOURS_CELL.captures(l).and_then(|c| parse_num(&c[1])));
        if let Some(h) = hours.filter(|h| *h >= 1.0 && h.fract() == 0.0) {
            rows.push((
                *at,
                LotHours {
                    lot: label[1].to_string(),
                    hours: h as u64,
                },
            ));
        }
    }
    rows
}

/// One lot named in a sentence: "pour le lot 1 (gros œuvre), 850 heures".
pub(super) static ONE_LOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\blots?\s*(?:n° ?|no ?)?(\d{1,3}[a-z]?)(?-u:\b)").unwrap());
/// Per-lot hours stated one sentence each ("Le lot 2 comporte 310 heures d'insertion"): a
/// sentence naming exactly one lot and one volume, and no total.
pub(super) fn lot_sentences(clause: &str) -> Vec<LotHours> {
    let mut out = Vec::new();
    for sentence in clause.split(['\n', ';']).flat_map(|l| l.split(". ")) {
        crate::base::deadline::tick();
        let lower = sentence.to_lowercase();
        let named: Vec<regex::Captures> = ONE_LOT.captures_iter(sentence).collect();
        if named.len() != 1
            || named[0][0].to_lowercase().starts_with("lots")
            || ["total", "ensemble", "global", "chacun"]
                .iter()
                .any(|w| lower.contains(w))
        {
            continue;
        }
        if let [h] = hours(sentence, None)[..] {
            out.push(LotHours {
                lot: named[0][1].to_string(),
                hours: h,
            });
        }
    }
    out
}
/// Per-lot hours of a notice whose lots are blocks: a "Lot n° N" heading line, then the lot's
/// description holding its labelled insertion hours.
pub(super) fn lot_blocks(clause: &str) -> Vec<LotHours> {
    let headings: Vec<(usize, usize, String)> = LOT_HEADING
        .captures_iter(clause)
        .map(|c| {
            let m = c.get(0).unwrap();
            (m.start(), m.end(), c[1].to_string())
        })
        .collect();
    let mut out = Vec::new();
    for (i, (_, start, lot)) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(clause.len(), |(s, _, _)| *s);
        let block = &clause[*start..end];
        if let Some(h) = HOURS_LABELLED
            .captures(block)
            .and_then(|c| parse_num(&c[1]))
            .filter(|h| *h >= 1.0 && h.fract() == 0.0)
        {
            out.push(LotHours {
                lot: lot.clone(),
                hours: h as u64,
            });
        }
    }
    out
}
/// "lots 11 à 19", "lots n° 1, 2 et 3", "le lot 6 uniquement".
pub(super) static LOTS_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\blots?\s*(?:n[°o]s?\s*)?(\d{1,3})((?:\s*(?:,|et|&|à|au|-)\s*(?:(?:le\s+)?lots?\s*)?(?:n[°o]s?\s*)?\d{1,3}(?-u:\b))*)").unwrap()
});
pub(super) static LOT_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,3}").unwrap());
/// The most lots a range expands to: beyond, "lots 1 à 900" is not a lot list.
pub(super) const MAX_LOTS: u32 = 200;
/// The lots a clause says it covers, in order, each once; `None` when it names no lot or
/// applies to every lot ("tous les lots").
pub fn lots_covered(clause: &str) -> Option<Vec<String>> {
    let lower = clause.to_lowercase();
    if lower.contains("tous les lots") || lower.contains("ensemble des lots") {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut push = |n: u32| {
        let s = n.to_string();
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for c in LOTS_NAMED.captures_iter(clause) {
        let Ok(first) = c[1].parse::<u32>() else {
            continue;
        };
        push(first);
        let mut previous = first;
        let rest = c.get(2).map_or("", |m| m.as_str());
        let mut cursor = 0;
        for m in LOT_NUMBER.find_iter(rest) {
            let between = rest[cursor..m.start()].to_lowercase();
            cursor = m.end();
            let Ok(n) = m.as_str().parse::<u32>() else {
                continue;
            };
            let is_range = between.contains('à') || between.contains("au") || between.contains('-');
            if is_range && n > previous && n - previous <= MAX_LOTS {
                (previous + 1..=n).for_each(&mut push);
            } else {
                push(n);
            }
            previous = n;
        }
    }
    (!out.is_empty()).then_some(out)
}
#[cfg(test)]
mod lots_covered_tests {
    use super::lots_covered;

    fn lots(text: &str) -> Option<Vec<String>> {
        lots_covered(text)
    }

    #[test]
    fn ranges_lists_and_single_lots() {
        assert_eq!(
            lots("Les lots 11 à 19 sont réservés aux SIAE."),
            Some((11..=19).map(|n| n.to_string()).collect())
        );
        assert_eq!(
            lots("La clause s'applique aux lots n° 1, 2 et 4."),
            Some(vec!["1".into(), "2".into(), "4".into()])
        );
        assert_eq!(
            lots("Le lot 6 uniquement est réservé."),
            Some(vec!["6".into()])
        );
        assert_eq!(
            lots("lots 1 à 3 : 5 % des heures ; lot 5 : 200 heures"),
            Some(vec!["1".into(), "2".into(), "3".into(), "5".into()])
        );
    }

    #[test]
    fn no_lot_or_every_lot_is_none() {
        assert_eq!(lots("Le titulaire réserve 400 heures."), None);
        assert_eq!(
            lots("La clause s'applique à tous les lots (lots 1 à 4)."),
            None
        );
    }
}
