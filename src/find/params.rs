//! The figures of a clause, read from its normalised text: hour volumes ("1 050 heures",
//! "quatre cent vingt (420) heures"), share of hours ("5 % du nombre total d'heures"), ratio
//! ("35 h par tranche de 100 000 € facturés"), penalty per hour ("60 € HT par heure",
//! "cinquante euros"), award weight, hours per lot from tables, ANRU funding.
//!
//! Every extractor looks at the words around a number, because tenders are full of figures
//! that are not insertion volumes: deadlines ("sous 48 heures"), penalties per day of delay,
//! durations of a training session.

use crate::base::numbers::{parse_digits, parse_words};
use crate::read::blocks::table_cells;
use crate::template::{ClauseKind, ElementId};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The parameters of one clause, as reported (the JSON field names are public API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parameters {
    /// Every volume of insertion hours stated, in order, each once.
    pub hours: Vec<u64>,
    pub percent_of_hours: Option<f64>,
    pub hours_ratio: Option<HoursRatio>,
    pub penalty_per_hour_eur: Option<f64>,
    pub award_weight_percent: Option<f64>,
    pub lots: Vec<LotHours>,
    pub anru: bool,
    /// The total stated beside per-lot hours, when there is one.
    pub total_hours: Option<u64>,
    /// The penalty formula when no amount per hour is given ("1,5 fois le SMIC horaire").
    pub penalty_formula: Option<String>,
}

/// Hours owed per amount invoiced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HoursRatio {
    pub hours: f64,
    pub per_eur: f64,
    /// The amount invoiced from which the ratio applies ("au-delà de 2 700 000 € HT"),
    /// when the clause sets one.
    #[serde(default)]
    pub threshold_eur: Option<f64>,
}

/// The insertion hours of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotHours {
    pub lot: String,
    pub hours: u64,
}

/// A number as French tenders write it (digits with space, dot or no separator).
const NUM: &str = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?";

/// Number words that may write a volume or an amount in letters.
const WORD: &str = r"(?:zéro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|et)";

static HOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:(?-u:\b)|\()({NUM})\)?\s*(?:heures?|h)(?-u:\b)"
    ))
    .unwrap()
});
static HOURS_IN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)((?:{WORD}[ -])*{WORD}) heures(?-u:\b)"
    ))
    .unwrap()
});
static PERCENT_OF_HOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)({NUM}) ?%[^%.\n]{{0,50}}?(?-u:\b)(?:heures|temps de travail|volume horaire|main-d'œuvre)"
    ))
    .unwrap()
});
static RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)({NUM}) ?(?:heures?|h)(?-u:\b)[^.\n]{{0,40}}?(?:par|pour|toutes? les?|chaque) (?:tranche |fraction |part |lot )?(?:de |d'un montant de )?({NUM}) ?(?:€|euros|k€)"
    ))
    .unwrap()
});
/// The amount from which a ratio applies: "à partir d'un seuil de déclenchement de 2 700 000
/// euros", "au-delà de 2,7 M€".
static THRESHOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:seuil|au-delà d[eu']|à partir d(?:e |'un ))[^€.;]{{0,80}}?({NUM}) ?(M€|millions? d'euros|€|euros)"
    ))
    .unwrap()
});
/// How far after a ratio its threshold is looked for.
const THRESHOLD_REACH: usize = 300;
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:({NUM})|(?-u:\b)((?:{WORD}[ -])*{WORD})(?: \(({NUM}) ?(?:€|euros?)?\))?) ?(?:€|euros?(?-u:\b))"
    ))
    .unwrap()
});
static WEIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)({NUM}) ?(%|points?(?-u:\b))(?: sur ({NUM}))?"
    ))
    .unwrap()
});
/// A weight written as a label, as notices do: "/ Pondération : 5", "poids : 10".
static WEIGHT_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:pondération|poids|weighting)\s*(?::|=|de)?\s*({NUM})(?:\.0+)?(?:\s*(?:%|points?))?"
    ))
    .unwrap()
});
static ANRU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)ANRU(?-u:\b)|(?-u:\b)N?PNRU(?-u:\b)|renouvellement urbain|rénovation urbaine|charte nationale d'insertion").unwrap()
});
static LOT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?im)^\s*(?:[-•▫*]\s*)?lot\s*(?:n° ?|no ?|numéro )?(\d{{1,3}}[a-z]?)(?-u:\b)[^\n|]{{0,100}}?:?\s*({NUM}) ?(?:heures?|h)(?-u:\b)"
    ))
    .unwrap()
});
/// An hours figure written after its label, as notices do: "nombre d'heures de travail à
/// réaliser au titre de l'engagement d'insertion professionnelle pour la 1re période : 2214".
static HOURS_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:nombre (?:minimum |minimal |total )?d'heures[^:\n]{{0,160}}?insertion|heures d'insertion)[^:\n]{{0,80}}?:\s*({NUM})(?:\s*(?:heures|h)(?-u:\b))?"
    ))
    .unwrap()
});
/// The heading line of a lot's block in a notice: "Lot n° 3 : Gironde".
static LOT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s*)?(?:titre\s*:\s*)?lot\s*(?::\s*LOT-0*|n° ?|no ?|numéro )?(\d{1,3}[a-z]?)(?-u:\b)").unwrap()
});
static LOT_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:lot\s*(?:n° ?|no ?)?)?(\d{1,3}[a-z]?)(?:\s*[-:–].*)?$").unwrap()
});

/// Words just before a number of hours that make it a deadline or a duration, not a volume.
const NOT_A_VOLUME_BEFORE: &[&str] = &[
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
const NOT_A_VOLUME_AFTER: &[&str] = &[
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

fn window(text: &str, start: usize, end: usize, before: usize, after: usize) -> (String, String) {
    let a = text.floor_char_boundary(start.saturating_sub(before));
    let b = text.ceil_char_boundary(end + after);
    (text[a..start].to_lowercase(), text[end..b].to_lowercase())
}

/// Whether the hours at `start..end` are a volume of insertion hours.
fn is_volume(text: &str, start: usize, end: usize) -> bool {
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

fn parse_num(s: &str) -> Option<f64> {
    parse_digits(s)
}

/// Reads the parameters of a clause; `document` is the whole body, for facts stated outside
/// the clause (ANRU funding is usually in the first article).
pub fn extract(clause: &str, document: &str, kind: ClauseKind) -> Parameters {
    extract_in(clause, mentions_anru(document), kind)
}

/// Whether a text speaks of the ANRU (urban renewal): looked up once per document, not once
/// per clause, so that checking stays linear in the document's size.
pub fn mentions_anru(text: &str) -> bool {
    ANRU.is_match(text)
}

/// [`extract`] for a clause of a document that does (or does not) speak of the ANRU.
pub fn extract_in(clause: &str, document_mentions_anru: bool, kind: ClauseKind) -> Parameters {
    let answers = answers_only(clause);
    let clause: &str = &answers;
    let mut p = Parameters {
        anru: document_mentions_anru || ANRU.is_match(clause),
        ..Parameters::default()
    };
    if let Some(c) = RATIO.captures(clause) {
        let hours = parse_num(&c[1]);
        let per = parse_num(&c[2]).map(|v| {
            if c[0].to_lowercase().ends_with("k€") {
                v * 1000.0
            } else {
                v
            }
        });
        if let (Some(hours), Some(per_eur)) = (hours, per) {
            if per_eur >= 100.0 {
                let after = &clause[c.get(0).map_or(0, |m| m.end())..];
                let after = &after[..after.floor_char_boundary(THRESHOLD_REACH.min(after.len()))];
                let threshold_eur = THRESHOLD
                    .captures(after)
                    .or_else(|| THRESHOLD.captures(clause))
                    .and_then(|t| {
                        let v = parse_num(&t[1])?;
                        let unit = t[2].to_lowercase();
                        Some(if unit.starts_with('m') {
                            v * 1_000_000.0
                        } else {
                            v
                        })
                    })
                    .filter(|v| *v > per_eur);
                p.hours_ratio = Some(HoursRatio {
                    hours,
                    per_eur,
                    threshold_eur,
                });
            }
        }
    }
    let ratio_span = RATIO.find(clause).map(|m| m.range());
    p.hours = hours(clause, ratio_span);
    p.lots = lots(clause);
    p.total_hours = total(clause);
    p.percent_of_hours = PERCENT_OF_HOURS
        .captures_iter(clause)
        .filter(|c| {
            let (before, _) = window(
                clause,
                c.get(0).unwrap().start(),
                c.get(0).unwrap().end(),
                40,
                0,
            );
            !before.contains("pénalit") && !before.contains("pondér") && !before.contains("critère")
        })
        .find_map(|c| parse_num(&c[1]))
        .filter(|v| *v > 0.0 && *v <= 100.0);
    let (penalty, formula) = penalty(clause);
    p.penalty_per_hour_eur = penalty;
    p.penalty_formula = formula;
    if kind == ClauseKind::AwardCriterion {
        p.award_weight_percent = award_weight(clause);
    }
    p
}

/// The second half of a range of times of day, after "9 h": "à 11 h", "- 12h".
static TIME_RANGE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:à|-|–)\s*\d{1,2}\s*h(?-u:\b)").unwrap());
/// The first half of a range of times of day, before "11 h": "de 9 h à ".
static TIME_RANGE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,2}\s*h(?:\s*\d{2})?\s*(?:à|-|–)\s*$").unwrap());

/// A questions-answers table's header row: "N° | Question | Réponse | Date".
static QA_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^.*\bquestions?\b.*\|.*\br[ée]ponses?\b.*$").unwrap());
/// A row about the insertion clause.
static QA_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)insertion|clauses? sociales?|\bSIAE\b|[ée]loign[ée]es? de l'emploi").unwrap()
});

/// In a questions-answers table, the buyer's answers are what the contract says; a bidder's
/// question ("nous avons lu 300 heures…") is not. Below the header row, each row about the
/// clause keeps its answer cells only, and rows about other subjects are dropped; text
/// without such a table is returned as it is.
fn answers_only(clause: &str) -> std::borrow::Cow<'_, str> {
    let Some(header) = QA_HEADER.find(clause) else {
        return clause.into();
    };
    let Some(answer) = table_cells(header.as_str()).position(|c| {
        let c = c.to_lowercase();
        c.starts_with("réponse") || c.starts_with("reponse")
    }) else {
        return clause.into();
    };
    let mut out = String::with_capacity(clause.len());
    out.push_str(&clause[..header.end()]);
    for line in clause[header.end()..].split_inclusive('\n') {
        crate::base::deadline::tick();
        if !line.contains(" | ") {
            out.push_str(line);
            continue;
        }
        if QA_TOPIC.is_match(line) {
            if let Some(cell) = table_cells(line).nth(answer) {
                out.push_str(cell);
                out.push('\n');
            }
        }
    }
    out.into()
}

fn hours(clause: &str, ratio: Option<std::ops::Range<usize>>) -> Vec<u64> {
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

fn lots(clause: &str) -> Vec<LotHours> {
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
        for c in LOT_LINE.captures_iter(clause) {
            if let Some(h) = parse_num(&c[2]).filter(|h| *h >= 1.0) {
                lots.push(LotHours {
                    lot: c[1].to_string(),
                    hours: h as u64,
                });
            }
        }
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

/// One lot named in a sentence: "pour le lot 1 (gros œuvre), 850 heures".
static ONE_LOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\blots?\s*(?:n° ?|no ?)?(\d{1,3}[a-z]?)(?-u:\b)").unwrap());

/// Per-lot hours stated one sentence each ("Le lot 2 comporte 310 heures d'insertion"): a
/// sentence naming exactly one lot and one volume, and no total.
fn lot_sentences(clause: &str) -> Vec<LotHours> {
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
fn lot_blocks(clause: &str) -> Vec<LotHours> {
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

fn total(clause: &str) -> Option<u64> {
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
            if let Some(v) = line.split(" | ").filter_map(|c| parse_num(c.trim())).last() {
                return Some(v as u64);
            }
        }
    }
    None
}

/// Splits text into rough sentences with their offsets: a full stop before a capital, a
/// semicolon, a blank line, or a line break after punctuation. A single line break is layout
/// (a PDF line), not the end of a sentence.
fn sentences(text: &str) -> Vec<(usize, &str)> {
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

fn penalty(clause: &str) -> (Option<f64>, Option<String>) {
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
        if !(about_penalty(&lower) || about_penalty(&context)) || !lower.contains("heure") {
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
fn amount_per_hour(sentence: &str) -> Option<f64> {
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
static INSERTION_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\|?[^|\n]{0,60}(?:insertion|clause sociale)[^|\n]{0,60}\||^\|?\s*(?:non[- ]respect|manquement|inex[ée]cution)[^|\n]{0,60}\|[^\n]*\n\|?[^|\n]{0,40}(?:insertion|clause sociale)").unwrap()
});

/// A penalty table lays its row over several lines that are not sentences ("Heures
/// d'insertion | Article 6.1.2 | Pénalité forfaitaire d'un" / "montant de 100,00 € est" /
/// "appliquée par heure non réalisée"): the row and what follows it are read as one sentence.
fn penalty_in_table(clause: &str) -> Option<f64> {
    INSERTION_ROW.find_iter(clause).find_map(|m| {
        let end = clause.floor_char_boundary((m.start() + 400).min(clause.len()));
        let row = clause[m.start()..end].replace(" | ", " ").replace('|', " ");
        let row = row.split_whitespace().collect::<Vec<_>>().join(" ");
        // The row ends where the next one starts: another item with its own amount.
        amount_per_hour(&row)
    })
}

fn award_weight(clause: &str) -> Option<f64> {
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
    let lines: Vec<&str> = clause.lines().flat_map(|l| l.split(';')).collect();
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

fn weight_in(line: &str) -> Option<f64> {
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
            Some((m.start().abs_diff(insertion_at), value))
        })
        .chain(WEIGHT_LABELLED.captures_iter(line).filter_map(|c| {
            let m = c.get(0)?;
            Some((m.start().abs_diff(insertion_at), parse_num(&c[1])?))
        }))
        .filter(|(_, v)| *v > 0.0 && *v <= 100.0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

impl Parameters {
    /// Whether the clause's figures give `element`: hours (volumes, lots, a ratio or a share of
    /// hours), penalties (an amount per hour or a formula) or the award weight. One answer for
    /// the clause's `missing-element` rule and for the consultation, which asks whether any
    /// piece gives it.
    pub fn states(&self, element: ElementId) -> bool {
        match element {
            ElementId::Hours => {
                !self.hours.is_empty()
                    || !self.lots.is_empty()
                    || self.hours_ratio.is_some()
                    || self.percent_of_hours.is_some()
            }
            ElementId::Penalties => {
                self.penalty_per_hour_eur.is_some() || self.penalty_formula.is_some()
            }
            ElementId::AwardWeight => self.award_weight_percent.is_some(),
            _ => false,
        }
    }
}

/// The insertion hours a clause commits to: its stated total, else the sum of its lots, else
/// the sum of the volumes it states. Ratios and percentages are not volumes and count for 0.
pub fn committed_hours(p: &Parameters) -> u64 {
    if let Some(total) = p.total_hours {
        total
    } else if !p.lots.is_empty() {
        p.lots.iter().map(|l| l.hours).sum()
    } else {
        p.hours.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hours are given by volumes, by a table of lots, by a ratio or by a share of hours;
    /// penalties by an amount or a formula.
    #[test]
    fn the_figures_state_their_elements() {
        let lots = Parameters {
            lots: vec![LotHours {
                lot: "1".into(),
                hours: 460,
            }],
            ..Parameters::default()
        };
        assert!(lots.states(ElementId::Hours));
        assert!(!lots.states(ElementId::Penalties));
        let formula = Parameters {
            penalty_formula: Some("1,5 fois le SMIC horaire".into()),
            ..Parameters::default()
        };
        assert!(formula.states(ElementId::Penalties));
        assert!(!Parameters::default().states(ElementId::Hours));
    }
    use crate::read::normalize::normalize_str;

    fn of(s: &str) -> Parameters {
        let n = normalize_str(s);
        let kind = if s.contains("Critère") || s.contains("Performances") {
            ClauseKind::AwardCriterion
        } else {
            ClauseKind::ExecutionCondition
        };
        extract(&n, &n, kind)
    }

    #[test]
    fn a_qa_tables_figures_are_the_answers_about_the_clause() {
        let p = of("Registre des questions\nN° | Question | Réponse | Date\n2 | Les travaux de nuit sont-ils autorisés ? | Non : toute intervention fait l'objet d'une demande 72 heures à l'avance. | 04/04\n5 | Le lot 6 est-il concerné par la clause d'insertion ? Nous avons lu 300 heures. | Non, seuls les lots 1 et 2. | 11/04\n6 | Quel volume pour le lot 2 ? | Le lot 2 comporte 310 heures d'insertion. | 15/04");
        assert_eq!(p.hours, [310]);
        assert_eq!(
            p.lots,
            [LotHours {
                lot: "2".into(),
                hours: 310
            }]
        );
    }

    #[test]
    fn an_hour_of_something_else_is_no_insertion_penalty() {
        assert_eq!(
            amount_per_hour("pénalité de 80 € HT par heure de dépassement des horaires"),
            None
        );
        assert_eq!(
            amount_per_hour("pénalité de 60 € HT par heure d'insertion non réalisée"),
            Some(60.0)
        );
        assert_eq!(
            amount_per_hour("pénalité de 45 € par heure de travail non réalisée"),
            Some(45.0)
        );
    }

    #[test]
    fn a_bordered_penalty_row_whose_insertion_word_wraps_to_the_next_line() {
        let table = "| Manquement | Montant |\n| Dépassement des horaires de | 80 € HT par heure de |\n| chantier autorisés | dépassement |\n| Non-respect de l'engagement | 60 € HT par heure |\n| d'insertion prévu à l'article | d'insertion non |\n| II.6 | réalisée |";
        assert_eq!(penalty_in_table(table), Some(60.0));
    }

    #[test]
    fn a_total_is_the_volume_beside_the_word_never_a_monthly_split() {
        let p = of("Le titulaire réalise 3 000 heures d'insertion par année d'exécution, soit 12 000 heures sur la durée totale de l'accord-cadre. À titre indicatif, 250 heures par mois.");
        assert_eq!(p.total_hours, Some(12000));
        assert_eq!(
            of("Lot 1 : 300 heures ; lot 2 : 420 heures ; soit un total de 720 h.").total_hours,
            Some(720)
        );
    }

    #[test]
    fn a_social_sub_criterion_has_its_own_weight_not_its_criterions() {
        let p = of("Critère 1 : Prix | 60 %\nCritère 2 : Valeur technique | 25 %\nCritère 3 : Performances sociales et environnementales | 15 %\nSous-critère 3.1 : Performance en matière d'insertion professionnelle des publics en difficulté | 5 %\nSous-critère 3.2 : Gestion des déchets | 10 %");
        assert_eq!(p.award_weight_percent, Some(5.0));
    }

    #[test]
    fn labelled_hours_per_lot_block_as_notices_write_them() {
        let p = of("Objet : accompagnement vers l'emploi.\n\nLot n° 1 : Nord\n\n— nombre minimum de bénéficiaires : 3250;\n— nombre d'heures de travail à réaliser au titre de l'engagement d'insertion professionnelle pour la 1re période contractuelle: 2214.\n\nLot n° 2 : Sud\n\n— durée : 24 mois;\n— nombre d'heures de travail à réaliser au titre de l'engagement d'insertion professionnelle pour la première période contractuelle : 1 429.");
        assert_eq!(p.hours, [2214, 1429]);
        assert_eq!(
            p.lots,
            [
                LotHours {
                    lot: "1".into(),
                    hours: 2214
                },
                LotHours {
                    lot: "2".into(),
                    hours: 1429
                }
            ]
        );
        // A count of beneficiaries is no volume of hours.
        assert!(
            of("Lot n° 1 : Nord\n— nombre minimum de bénéficiaires : 3250.")
                .lots
                .is_empty()
        );
    }

    #[test]
    fn hours_in_digits_and_words() {
        assert!(of("3.2 Heures à réaliser\nLe lot 1 porte 300 heures").hours == [300]);
        let p = of("Le titulaire réalise quatre cent vingt (420) heures d’insertion. Le lot 2 porte 1\u{202f}050\u{a0}heures, soit un total de 1 470 h.");
        assert_eq!(p.hours, [420, 1050, 1470]);
        assert_eq!(of("un volume de deux cents heures").hours, [200]);
        assert!(
            of("remise des offres le 29 avril à 12 h 00 ; chantier de 7h30 à 18 h")
                .hours
                .is_empty()
        );
        assert!(of("visite les 24 et 26 août de 9 h à 11 h.")
            .hours
            .is_empty());
        assert_eq!(of("1 heure par tranche de 2 000 € HT au-delà de 500 000 € HT, soit 300 heures d'insertion").hours, [300]);
    }

    #[test]
    fn deadlines_and_durations_are_not_volumes() {
        assert!(of("Animer une demi-journée (3h) de face à face, un tutorat de 15 jours (6 heures de face à face).").hours.is_empty());
        let p = of("Le relevé est transmis sous 48 heures. Une session collective d'une durée de 3 h. Astreinte 24 h/24. Délai de 72 heures. L'action représente 350 heures.");
        assert_eq!(p.hours, [350]);
    }

    #[test]
    fn percent_ratio_and_penalty() {
        let p = of("Le titulaire réserve 7\u{a0}% du nombre total d’heures travaillées à l'insertion. En cas de manquement, une pénalité de 60\u{a0}€ HT par heure non réalisée est appliquée ; une pénalité de 150 € par relevé manquant.");
        assert_eq!(p.percent_of_hours, Some(7.0));
        assert_eq!(p.penalty_per_hour_eur, Some(60.0));
        let p = of("Lot unique : 35 H par tranche de 100 000 € de commandes facturées.\n50 € par heure d'insertion non réalisée ; 500 € par action non réalisée.\nPénalités : voir ci-dessus");
        assert_eq!(
            p.hours_ratio,
            Some(HoursRatio {
                hours: 35.0,
                per_eur: 100000.0,
                threshold_eur: None,
            })
        );
        assert!(p.hours.is_empty(), "{:?}", p.hours);
        let p = of("1h d'insertion à réaliser par tranche de 2 000 Euros\nfacturée, à partir d'un seuil de déclenchement de\nLot unique\n2 700 000 Euros facturés");
        assert_eq!(p.hours_ratio.unwrap().threshold_eur, Some(2_700_000.0));
        let p = of("1 heure par tranche de 2 000 € HT facturés au-delà de 2,7 M€.");
        assert_eq!(p.hours_ratio.unwrap().threshold_eur, Some(2_700_000.0));
        let p = of("Une pénalité de 45 euros HT sera appliquée pour toute heure non effectuée.");
        assert_eq!(p.penalty_per_hour_eur, Some(45.0));
        assert_eq!(
            of("Le titulaire réalise un minimum de 700 heures d'insertion.").hours,
            [700]
        );
        let p = of("Chaque heure non réalisée entraîne une pénalité de cinquante euros.");
        assert_eq!(p.penalty_per_hour_eur, Some(50.0));
        let p = of("Chaque heure non réalisée entraîne une pénalité égale à 1,5 fois le SMIC horaire brut.");
        assert_eq!(p.penalty_per_hour_eur, None);
        assert!(p.penalty_formula.unwrap().contains("SMIC"));
        let p = of("Pénalités :\nNon-respect du nombre d'heures d'insertion 50€ par nombre d'heures non réalisées\nNon-réalisation de l'action 500€ par action non réalisée");
        assert_eq!(p.penalty_per_hour_eur, Some(50.0));
        let p = of("Pénalités de retard : 100 € par jour calendaire de retard.");
        assert_eq!(p.penalty_per_hour_eur, None);
    }

    #[test]
    fn lots_from_tables_and_lines() {
        let p = of("Lot | Désignation | Heures d’insertion\n01 | Démolition | 460 heures\n02 | Gros œuvre | 1\u{202f}050 heures\nTotal | | 1 510 heures");
        assert_eq!(
            p.lots,
            [
                LotHours {
                    lot: "01".into(),
                    hours: 460
                },
                LotHours {
                    lot: "02".into(),
                    hours: 1050
                }
            ]
        );
        assert_eq!(p.total_hours, Some(1510));
        assert_eq!(p.hours, [460, 1050, 1510]);
        let p = of("- Lot n° 3 (Peinture) : 280 heures\n- Lot n° 4 (Plomberie) : 150 heures");
        assert_eq!(p.lots.len(), 2);
        assert_eq!(
            p.lots[1],
            LotHours {
                lot: "4".into(),
                hours: 150
            }
        );
    }

    #[test]
    fn award_weight_and_anru() {
        let p = of(
            "Performances en matière d'insertion professionnelle des publics en difficulté : 15 %",
        );
        assert_eq!(p.award_weight_percent, Some(15.0));
        let p = of("Critères :\n| 2. Valeur technique (hors note d'insertion) | 35 % |\n| 3. Performances en matière d'insertion professionnelle | 10 % |");
        assert_eq!(p.award_weight_percent, Some(10.0));
        let p = of("Critère social (insertion) noté sur 20 : 4 points sur 20");
        assert_eq!(p.award_weight_percent, Some(20.0));
        // A penalty table's row spread over several lines, beside delay penalties per hour.
        let p = of("7. Pénalités\nDélai d'intervention | Article 5.3 | 10 € par heure de retard\n\nHeures d'insertion | | Article 6.1.2 du contrat | Pénalité forfaitaire d'un\n\nsociale | | montant de 100,00 € est\n\nappliquée par heure\nnon réalisée ou non\njustifiée.\n\nRemise des bilans | Article 8 | 50 € par jour calendaire");
        assert_eq!(p.penalty_per_hour_eur, Some(100.0));
        let p = of("Pénalités\nDélai d'intervention | 10 € par heure de retard\nRemise des bilans | 50 € par jour");
        assert_eq!(
            p.penalty_per_hour_eur, None,
            "a delay penalty per hour is not an insertion penalty"
        );
        // Notices write the weight as a label after the criterion's name.
        let p = of("Critère 4 : pertinence des mesures proposées pour la réalisation d'heures d'insertion / Pondération : 5");
        assert_eq!(p.award_weight_percent, Some(5.0));
        let p = of("Critère de qualité\n§ 10 Performances en matière de protection de l'environnement / Pondération : 10.0\n§ 12 Performances en matière d'insertion professionnelle des publics en difficulté / Pondération : 12.0");
        assert_eq!(
            p.award_weight_percent,
            Some(12.0),
            "the social criterion's own weight, not a neighbour's"
        );
        assert!(of("Opération financée par l'ANRU au titre du NPNRU").anru);
        assert!(!of("Réhabilitation de logements").anru);
    }
}

/// "lots 11 à 19", "lots n° 1, 2 et 3", "le lot 6 uniquement".
static LOTS_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\blots?\s*(?:n[°o]s?\s*)?(\d{1,3})((?:\s*(?:,|et|&|à|au|-)\s*(?:(?:le\s+)?lots?\s*)?(?:n[°o]s?\s*)?\d{1,3}(?-u:\b))*)").unwrap()
});
static LOT_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d{1,3}").unwrap());
/// The most lots a range expands to: beyond, "lots 1 à 900" is not a lot list.
const MAX_LOTS: u32 = 200;

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
