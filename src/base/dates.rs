//! Calendar dates: the validity periods of legal texts and the date a document states
//! ("12 mars 2012", "1er janvier 2026", "12/03/2012"), so that a 2012 CCAP citing the CMP is
//! judged by the law of 2012.

use regex::Regex;
use serde::Serialize;
use std::fmt;
use std::sync::LazyLock;

/// A calendar date (no time zone: legal texts take effect on a day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A date, if it exists in the calendar.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year.is_multiple_of(4)
                && (!year.is_multiple_of(100) || year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Today's date (UTC), from the system clock.
    pub fn today() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days((secs / 86_400) as i64)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
    fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Parses ISO "YYYY-MM-DD".
    pub fn parse_iso(s: &str) -> Option<Self> {
        let mut parts = s.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// "1er janvier 2026", "12 mars 2012": how French legal text writes a date.
    pub fn to_french(self) -> String {
        let day = if self.day == 1 {
            "1er".to_string()
        } else {
            self.day.to_string()
        };
        format!("{day} {} {}", MONTHS[self.month as usize - 1], self.year)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse_iso(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {s}")))
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

static WRITTEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(\d{1,2})(?:er)?\s+(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre)\s+((?:19|20)\d{2})(?-u:\b)").unwrap()
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})(?-u:\b)").unwrap()
});
/// Labels that introduce the date of the document itself, not of a law it cites.
static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:date (?:d'envoi|de publication|d'émission|limite|de remise|du présent)|(?:établi|fait|arrêté|publié|mis à jour) (?:à [^\n,]{1,40}, )?le |dce (?:du|de) |version (?:du|de) )").unwrap()
});
/// How far after a label its date may start: "Date d'envoi de l'avis à la publication : " is
/// 45 bytes, "Date limite de remise des plis et des offres : " about 50.
const LABEL_REACH: usize = 70;

fn month_number(name: &str) -> u8 {
    let lower = name.to_lowercase().replace('é', "e").replace('û', "u");
    let month = match lower.as_str() {
        "janvier" => 1,
        "fevrier" => 2,
        "mars" => 3,
        "avril" => 4,
        "mai" => 5,
        "juin" => 6,
        "juillet" => 7,
        "aout" => 8,
        "septembre" => 9,
        "octobre" => 10,
        "novembre" => 11,
        _ => 12,
    };
    month
}

/// Every date written in `text`, with its byte offset.
pub fn find_all(text: &str) -> Vec<(usize, Date)> {
    let mut dates: Vec<(usize, Date)> = WRITTEN
        .captures_iter(text)
        .filter_map(|c| {
            let date = Date::new(c[3].parse().ok()?, month_number(&c[2]), c[1].parse().ok()?)?;
            Some((c.get(0)?.start(), date))
        })
        .chain(NUMERIC.captures_iter(text).filter_map(|c| {
            let date = Date::new(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?)?;
            Some((c.get(0)?.start(), date))
        }))
        .collect();
    dates.sort();
    dates
}

/// The date of the document: a date introduced by a label such as "Date d'envoi à la
/// publication :" or "Fait à …, le", else the latest date written that is not the date of a
/// law ("loi n° 2021-1104 du 22 août 2021", "décret du 25 mars 2016").
pub fn document_date(text: &str) -> Option<Date> {
    let all = find_all(text);
    // The first date after the label in the same sentence ("Date limite de remise des plis :
    // 10 avril 2026", possibly wrapped over two lines), never one of the next sentence.
    let labelled = LABELLED.find_iter(text).filter_map(|m| {
        all.iter()
            .find(|(at, _)| *at >= m.end() && *at <= m.end() + LABEL_REACH)
            .filter(|(at, _)| {
                let gap = &text[m.end()..*at];
                !gap.contains("\n\n") && !gap.contains(". ") && !gap.contains(".\n")
            })
            .map(|(_, d)| *d)
    });
    if let Some(date) = labelled.max() {
        return Some(date);
    }
    all.iter()
        .filter(|(at, _)| !cites_a_text(text, *at))
        .map(|(_, d)| *d)
        .max()
}

/// The number of a legal text: "2015-899", "2022/576" (a year, then a serial number).
static TEXT_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:19|20)\d{2}[-/]\d{1,4}(?-u:\b)").unwrap());

/// Whether the date at `at` belongs to the citation of a law, decree or judgment.
fn cites_a_text(text: &str, at: usize) -> bool {
    let start = text.floor_char_boundary(at.saturating_sub(60));
    let before = text[start..at].to_lowercase();
    // "Règlement (UE) n° 2022/576 du Conseil du 8 avril 2022", or the same in a table whose
    // cells come out in another order: a date shortly after a text's number is that text's.
    if TEXT_NUMBER.is_match(&before) {
        return true;
    }
    [
        "loi",
        "décret",
        "ordonnance",
        "arrêté",
        "circulaire",
        "directive",
        "règlement",
        "délibération",
        "décision",
        "ce,",
        "conseil d'état",
        "cjce",
        "cjue",
        "charte",
    ]
    .iter()
    .any(|w| before.contains(w))
        && {
            let before = before.trim_end();
            before.ends_with(" du") || before.ends_with(" le") || before.ends_with("er")
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_counts_become_calendar_dates() {
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days(20_454),
            Date {
                year: 2026,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days(19_782),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
    }

    #[test]
    fn dates_in_french() {
        let d = Date::parse_iso("2026-01-01").unwrap();
        assert_eq!(d.to_french(), "1er janvier 2026");
        assert_eq!(Date::new(2023, 2, 29), None);
        let found = find_all("le 12 mars 2012 et le 1er août 2021 puis 03/04/2019");
        let dates: Vec<String> = found.iter().map(|(_, d)| d.to_string()).collect();
        assert_eq!(dates, ["2012-03-12", "2021-08-01", "2019-04-03"]);
    }

    #[test]
    fn the_document_date_is_not_a_cited_law() {
        let text = "En application de la loi n° 2021-1104 du 22 août 2021, …\nDate d'envoi à la publication : 12 mars 2024";
        assert_eq!(document_date(text), Date::new(2024, 3, 12));
        let text = "Vu le décret du 25 mars 2016.\nFait à Lille, le 3 mai 2018";
        assert_eq!(document_date(text), Date::new(2018, 5, 3));
        let text = "Vu le décret du 25 mars 2016.";
        assert_eq!(document_date(text), None);
        // The label's own date, not the latest one written (works "du 6 juillet au 28 août").
        let text = "Date d'envoi de l'avis à la publication : 9 mars 2026.\nTravaux du 6 juillet au 28 août 2026.";
        assert_eq!(document_date(text), Date::new(2026, 3, 9));
        let text =
            "Date limite de remise des plis :\n10 avril 2026 à 12 h 00.\nChantier : 28 août 2026.";
        assert_eq!(document_date(text), Date::new(2026, 4, 10));
        let text = "Date limite de remise des plis : voir le profil d'acheteur.\n28 août 2026";
        assert_eq!(document_date(text), Date::new(2026, 8, 28));
        assert_eq!(
            document_date("CCAG/TIC, arrêté du\n30 mars 2021 paru au JORF"),
            None
        );
        let text =
            "Règlement UE n°2022/576 du 08 avril 2022\nn° 2022/578 du Conseil du 8 avril 2022.";
        assert_eq!(document_date(text), None);
        assert_eq!(
            document_date("Réunion du 4 février 2025."),
            Date::new(2025, 2, 4)
        );
    }
}
