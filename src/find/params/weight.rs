//! The weight of an award criterion: "critère social : 10 %", "Pondération : 5".

use super::*;

pub(super) static WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)({NUM}) ?(%|points?(?-u:\b))(?: sur ({NUM}))?"
    ))
    .unwrap()
});
/// A weight written as a label, as notices do: "/ Pondération : 5", "poids : 10".
pub(super) static WEIGHT_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:pondération|poids|weighting)\s*(?::|=|de)?\s*({NUM})(?:\.0+)?(?:\s*(?:%|points?))?"
    ))
    .unwrap()
});
pub(super) fn award_weight(clause: &str) -> Option<f64> {
    // The criterion's own row first ("Performances en matière d'insertion … | 10 %"), not a
    // row that merely mentions insertion ("Valeur technique (hors note d'insertion) | 35 %").
    const STRONG: &[&str] = &[
        "performance",
        "insertion professionnelle",
        "critère social",
        "critère d'insertion",
        "sous-critère",
        "valeur sociale",
    ];
    let joined = wrapped_rows_joined(clause);
    let lines: Vec<&str> = joined.lines().flat_map(|l| l.split(';')).collect();
    // Among the criterion's own rows, the first in text order (a social sub-criterion before
    // its own sub-sub-criteria); a criterion mixing social and environmental performance after
    // its social sub-criterion ("Sous-critère 3.1 : insertion | 5 %" inside "Critère 3 :
    // performances sociales et environnementales | 15 %").
    let rank = |line: &&str| {
        let lower = line.to_lowercase();
        if lower.contains("hors ") {
            return 6;
        }
        let strong = STRONG.iter().any(|w| lower.contains(w));
        let social = lower.contains("insertion") || lower.contains("social");
        let mixed = lower.contains("environnement");
        match (strong, social) {
            (true, true) => 2 * usize::from(mixed),
            (false, true) => 4,
            (true, false) => 5,
            _ => 6,
        }
    };
    let mut ranked: Vec<(usize, &str)> = lines
        .iter()
        .map(|l| (rank(l), *l))
        .filter(|(r, _)| *r < 6)
        .collect();
    ranked.sort_by_key(|(r, _)| *r);
    ranked.into_iter().find_map(|(_, line)| weight_in(line))
}
/// A criterion's row wrapped over lines ("c) Actions en faveur de l'insertion professionnelle
/// des publics" / "en difficulté : accueil de stagiaires ........ 5 %") read as one line: a
/// line that starts in lower case continues the one above when that one has no weight yet.
fn wrapped_rows_joined(clause: &str) -> String {
    let mut out = String::with_capacity(clause.len());
    for line in clause.lines() {
        let continues = line
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        let last = out.rsplit('\n').next().unwrap_or("");
        if continues && !last.trim().is_empty() && !WEIGHT.is_match(last) {
            out.push(' ');
            out.push_str(line.trim_start());
        } else {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

pub(super) fn weight_in(line: &str) -> Option<f64> {
    let lower = line.to_lowercase();
    let insertion_at = lower
        .find("insertion")
        .or_else(|| lower.find("social"))
        .unwrap_or(0);
    WEIGHT
        .captures_iter(line)
        .filter_map(|c| {
            let m = c.get(0)?;
            let value = parse_num(&c[1])?;
            let value = match (
                c[2].starts_with('%'),
                c.get(3).and_then(|d| parse_num(d.as_str())),
            ) {
                (false, Some(out_of)) if out_of > 0.0 => value * 100.0 / out_of,
                _ => value,
            };
            Some((m.start(), value))
        })
        .chain(WEIGHT_LABELLED.captures_iter(line).filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start(), parse_num(&c[1])?))
        }))
        .filter(|(_, v)| *v > 0.0 && *v <= 100.0)
        // A weight in the criterion's own part of an enumeration ("le prix (60 %), la valeur
        // technique (30 %) et les performances en matière d'insertion (10 %)") before the
        // nearest one elsewhere.
        .min_by_key(|&(at, _)| {
            (
                !own_part(&lower, insertion_at, at),
                at.abs_diff(insertion_at),
            )
        })
        .map(|(_, v)| v)
}

/// Whether a weight at byte `weight` lies in the same part of an enumeration as the
/// criterion's word at byte `word`: no comma, semicolon or " et " between them.
fn own_part(lower: &str, word: usize, weight: usize) -> bool {
    let (from, to) = (word.min(weight), word.max(weight));
    let between = &lower[lower.floor_char_boundary(from)..lower.floor_char_boundary(to)];
    !(between.contains(',') || between.contains(';') || between.contains(" et "))
}
