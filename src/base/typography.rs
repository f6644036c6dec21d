//! Numbers and dates as people read them: in French, a narrow no-break space between thousands
//! ("1 200 h", "100 000 € HT"), a decimal comma ("7,5 %", "45,50 €/h") and dates in words
//! ("8 avril 2022"); in English, "1,200", "7.5" and "8 April 2022". Machine outputs keep their
//! plain numbers and ISO dates.

use crate::base::dates::Date;
use crate::base::i18n::{lang, Lang};

/// The narrow no-break space French puts between groups of thousands.
pub const THOUSANDS_FR: char = '\u{202F}';

/// An integer with its thousands grouped: "1 200" (French), "1,200" (English).
pub fn integer(n: u64) -> String {
    integer_in(lang(), n)
}

/// [`integer`] in a given language.
pub fn integer_in(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::Fr => THOUSANDS_FR,
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// A number with at most `decimals` decimals, trailing zeros dropped: "7,5", "1 050", "0,22".
pub fn number(x: f64, decimals: usize) -> String {
    number_in(lang(), x, decimals)
}

/// [`number`] in a given language.
pub fn number_in(lang: Lang, x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let fixed = format!("{:.*}", decimals, x.abs());
    let (whole, fraction) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut out = String::new();
    if x < 0.0 && fixed.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('-');
    }
    out.push_str(&integer_in(lang, whole.parse().unwrap_or(u64::MAX)));
    if !fraction.is_empty() {
        out.push(match lang {
            Lang::Fr => ',',
            Lang::En => '.',
        });
        out.push_str(fraction);
    }
    out
}

/// An amount in euros, cents shown only when there are some: "60", "45,50", "100 000".
pub fn euros(x: f64) -> String {
    if (x - x.round()).abs() < 0.005 {
        number(x, 0)
    } else {
        let s = number(x, 2);
        // "45,5" is written "45,50" for money.
        match s.rsplit_once([',', '.']) {
            Some((_, cents)) if cents.len() == 1 => format!("{s}0"),
            _ => s,
        }
    }
}

/// A decimal for a French spreadsheet (CSV with ';'): decimal comma, no thousands separator.
pub fn spreadsheet_decimal(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// The colon between a label and its value: " : " in French (a space before), ": " in English.
pub fn colon() -> &'static str {
    match lang() {
        Lang::Fr => " : ",
        Lang::En => ": ",
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date in words: "8 avril 2022", "1er janvier 2026" (French), "8 April 2022" (English).
pub fn date(d: Date) -> String {
    match lang() {
        Lang::Fr => d.to_french(),
        Lang::En => format!("{} {} {}", d.day, MONTHS_EN[d.month as usize - 1], d.year),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_numbers() {
        assert_eq!(integer_in(Lang::Fr, 1200), "1\u{202F}200");
        assert_eq!(integer_in(Lang::Fr, 100_000), "100\u{202F}000");
        assert_eq!(integer_in(Lang::Fr, 999), "999");
        assert_eq!(number_in(Lang::Fr, 7.5, 2), "7,5");
        assert_eq!(number_in(Lang::Fr, 0.22, 2), "0,22");
        assert_eq!(number_in(Lang::Fr, 1_050.0, 2), "1\u{202F}050");
        assert_eq!(number_in(Lang::Fr, -3.0, 0), "-3");
        assert_eq!(number_in(Lang::En, 1_234_567.25, 2), "1,234,567.25");
        assert_eq!(spreadsheet_decimal(7.5), "7,5");
        assert_eq!(spreadsheet_decimal(35.0), "35");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(date(Date::new(2022, 4, 8).unwrap()), "8 avril 2022");
    }
}
