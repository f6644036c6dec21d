//! The penalty per hour of insertion not done: an amount ("60 € HT par heure", "cinquante
//! euros") or a formula ("1,5 fois le SMIC horaire"), never a penalty per day of delay.

use super::*;

pub(super) static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:({NUM})|(?-u:\b)((?:{WORD}[ -])*{WORD})(?: \(({NUM}) ?(?:€|euros?)?\))?) ?(?:€|euros?(?-u:\b))"
    ))
    .unwrap()
});
pub(super) fn penalty(clause: &str) -> (Option<f64>, Option<String>) {
    let mut formula = None;
    for (at, sentence) in sentences(clause) {
        crate::base::deadline::tick();
        let lower = sentence.to_lowercase();
        // The word "pénalités" may be the heading just above the sentence.
        let (context, _) = window(clause, at, at, 160, 0);
        let about_penalty = |s: &str| {
            s.contains("pénalit")
                || s.contains("penalit")
                || s.contains("retenue")
                || s.contains("sanction")
        };
        // Or the heading of the penalties article whose numbered item this is ("ARTICLE 14 –
        // PÉNALITÉS" above "14.4 Non-respect de l'engagement d'insertion : 45 € par heure").
        let under_heading = || {
            let (above, _) = window(clause, at, at, 900, 0);
            above
                .lines()
                .any(|l| l.chars().count() <= 80 && about_penalty(&l.to_lowercase()))
        };
        // An amount per hour not done is a penalty whatever the word: an item of a penalties
        // list often states only "45 € par heure d'insertion non réalisée".
        let hour_not_done = ["non réalisée", "non effectuée", "non exécutée", "manquante"]
            .iter()
            .any(|w| lower.contains(w));
        if !lower.contains("heure")
            || !(about_penalty(&lower)
                || about_penalty(&context)
                || hour_not_done
                || under_heading())
        {
            continue;
        }
        if let Some(amount) = amount_per_hour(sentence) {
            return (Some(amount), None);
        }
        if formula.is_none() && (lower.contains("smic") || lower.contains("fois le")) {
            formula = Some(sentence.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    if let Some(amount) = penalty_in_table(clause) {
        return (Some(amount), None);
    }
    (None, formula)
}
/// The amount a sentence sets per hour not done, if any: never an amount per day, per
/// document, or per hour of delay.
pub(super) fn amount_per_hour(sentence: &str) -> Option<f64> {
    for c in MONEY.captures_iter(sentence) {
        let m = c.get(0).unwrap();
        let amount = c
            .get(1)
            .or(c.get(3))
            .and_then(|n| parse_num(n.as_str()))
            .or_else(|| {
                c.get(2)
                    .and_then(|w| parse_words(w.as_str()))
                    .map(|v| v as f64)
            });
        let Some(amount) = amount else { continue };
        let (before, after) = window(sentence, m.start(), m.end(), 200, 45);
        // "cinquante euros (50 €) par heure": skip the figure in brackets and "HT".
        let after = after
            .trim_start_matches([' ', ')', '('])
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ' || c == '€')
            .trim_start_matches([' ', ')'])
            .trim_start_matches("ht")
            .trim_start_matches([' ', ')', ',']);
        let per_other = [
            "par jour",
            "par relevé",
            "par document",
            "par action",
            "par semaine",
            "par mois",
            "par retard",
            "de retard",
            "par absence",
            "par manquement",
            "par personne",
            "par réunion",
            "par constat",
            "par infraction",
            "par dossier",
        ];
        if per_other.iter().any(|w| after.starts_with(w)) {
            continue;
        }
        // In a list of penalties each amount has its own unit: "250 € par visite", "500 € par
        // analyse" belong to their item, whatever hour an earlier item named.
        if let Some(unit) = after.strip_prefix("par ") {
            // "par heure", "par l'heure", "par nombre d'heures", "par h".
            let words: Vec<&str> = unit.split_whitespace().take(2).collect();
            let hourly = match words.as_slice() {
                [first, ..]
                    if first.contains("heure") || *first == "h" || first.starts_with("h,") =>
                {
                    true
                }
                ["nombre", second] => second.contains("heure"),
                _ => false,
            };
            if !hourly {
                continue;
            }
        }
        let head: String = after.chars().take(40).collect();
        // "10 € par heure de retard" punishes a late intervention, not a missing insertion hour.
        if head.contains("de retard") || head.contains("d'avance") {
            continue;
        }
        // "80 € par heure de dépassement", "par heure d'immobilisation": an hour of something
        // else than the insertion work.
        if let Some(what) = head
            .strip_prefix("par heure de ")
            .or_else(|| head.strip_prefix("par heure d'"))
        {
            if !["insertion", "travail", "travaux"]
                .iter()
                .any(|w| what.starts_with(w))
            {
                continue;
            }
        }
        let per_hour_after = [
            "par heure",
            "/h",
            "/heure",
            "de l'heure",
            "l'heure",
            "pour chaque heure",
            "par h ",
        ]
        .iter()
        .any(|w| after.starts_with(w))
            || (after.starts_with("par ") && head.contains("heure"))
            // "45 euros HT sera appliquée pour toute heure non effectuée"
            || ["pour toute heure", "pour chaque heure", "par heure", "heure non", "heure manquante", "heures non"]
                .iter()
                .any(|w| head.contains(w) && !per_other.iter().any(|o| head.split(w).next().unwrap_or("").contains(o)));
        // The amount must belong to the hour mentioned before it, not to another item.
        let last_item = [
            "par jour",
            "par relevé",
            "par document",
            "par action",
            "relevé",
            "document",
        ]
        .iter()
        .filter_map(|w| before.rfind(w))
        .max();
        let hour_at = before.rfind("heure");
        let per_hour_before = hour_at.is_some_and(|h| last_item.is_none_or(|o| h > o))
            && (before.contains("chaque heure")
                || before.contains("par heure")
                || before.contains("toute heure")
                || before.contains("non réalisée")
                || before.contains("non effectuée")
                || before.contains("non exécutée")
                || before.contains("manquante"));
        if per_hour_after || per_hour_before {
            return Some(amount);
        }
    }
    None
}
/// A penalty table's insertion row: the first cell names the clause ("Heures d'insertion |",
/// "Non-respect de l'engagement d'insertion |").
pub(super) static INSERTION_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\|?[^|\n]{0,60}(?:insertion|clause sociale)[^|\n]{0,60}\||^\|?\s*(?:non[- ]respect|manquement|inex[ée]cution)[^|\n]{0,60}\|[^\n]*\n\|?[^|\n]{0,40}(?:insertion|clause sociale)").unwrap()
});
/// A penalty table lays its row over several lines that are not sentences ("Heures
/// d'insertion | Article 6.1.2 | Pénalité forfaitaire d'un" / "montant de 100,00 € est" /
/// "appliquée par heure non réalisée"): the row and what follows it are read as one sentence.
pub(super) fn penalty_in_table(clause: &str) -> Option<f64> {
    INSERTION_ROW.find_iter(clause).find_map(|m| {
        let end = clause.floor_char_boundary((m.start() + 400).min(clause.len()));
        let row = clause[m.start()..end].replace(" | ", " ").replace('|', " ");
        let row = row.split_whitespace().collect::<Vec<_>>().join(" ");
        // The row ends where the next one starts: another item with its own amount.
        amount_per_hour(&row)
    })
}
