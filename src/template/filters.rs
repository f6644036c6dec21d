//! French typography for the model wordings, as minijinja filters: thousands with a narrow
//! no-break space ("1 050"), a no-break space before % and € ("5 %", "60 € HT"), dates
//! ("1er janvier 2026") and numbers in words ("quatre cent soixante").

use crate::base::dates::Date;
use crate::base::numbers::{group_thousands, to_words};
use crate::msg;
use minijinja::{Environment, Error, ErrorKind};

/// Narrow no-break space: the thousands separator of French typography.
const NNBSP: char = '\u{202F}';
/// No-break space: before %, €, : and inside « ».
const NBSP: char = '\u{00A0}';

/// Registers every filter on the environment.
pub(crate) fn register(env: &mut Environment<'static>) {
    env.add_filter("nombre_fr", nombre_fr);
    env.add_filter("heures", heures);
    env.add_filter("pct_fr", pct_fr);
    env.add_filter("euros", euros);
    env.add_filter("date_fr", date_fr);
    env.add_filter("en_lettres", en_lettres);
    env.add_filter("typo", typo);
}

/// "1050" → "1 050"; "2.5" → "2,5"; never "7,50".
pub(crate) fn nombre_fr(value: f64) -> String {
    let negative = value < 0.0;
    let value = value.abs();
    let rounded = (value * 100.0).round() / 100.0;
    let int = rounded.trunc() as u64;
    let frac = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let mut out = group_thousands(int, NNBSP);
    if frac > 0 {
        let decimals = format!("{frac:02}");
        out.push(',');
        out.push_str(decimals.trim_end_matches('0'));
    }
    if negative {
        out.insert(0, '-');
    }
    out
}

/// "1050" → "1 050 heures"; "1" → "1 heure".
fn heures(value: f64) -> String {
    let unit = if value.abs() < 2.0 { "heure" } else { "heures" };
    format!("{}{NBSP}{unit}", nombre_fr(value))
}

/// A rate (0.05) or a percentage (5) → "5 %".
fn pct_fr(value: f64) -> String {
    let percent = if value.abs() <= 1.0 {
        value * 100.0
    } else {
        value
    };
    format!("{}{NBSP}%", nombre_fr(percent))
}

/// "60" → "60 €".
fn euros(value: f64) -> String {
    format!("{}{NBSP}€", nombre_fr(value))
}

/// "2026-01-01" → "1er janvier 2026".
fn date_fr(value: String) -> Result<String, Error> {
    Date::parse_iso(&value).map(Date::to_french).ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidOperation,
            msg!("config.date_filter", value = value),
        )
    })
}

/// French typography for text a user typed: typographic apostrophe, no-break space before
/// « ; : ! ? » and inside guillemets.
fn typo(value: String) -> String {
    let mut out = String::with_capacity(value.len());
    let chars: Vec<char> = value.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\'' => out.push('’'),
            ';' | ':' | '!' | '?' | '»' => {
                if out.ends_with(' ') {
                    out.pop();
                }
                // "https://" keeps its colon tight.
                let url = c == ':' && chars.get(i + 1) == Some(&'/');
                if !out.is_empty() && !out.ends_with(NBSP) && !url {
                    out.push(NBSP);
                }
                out.push(c);
            }
            '«' => {
                out.push(c);
                out.push(NBSP);
            }
            ' ' if out.ends_with(['«', NBSP]) => {}
            _ => out.push(c),
        }
    }
    out
}

/// "460" → "quatre cent soixante".
fn en_lettres(value: f64) -> Result<String, Error> {
    if value < 0.0 || value.fract() != 0.0 || value >= 1_000_000.0 {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            msg!("config.en_lettres", value = value),
        ));
    }
    Ok(to_words(value as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_figures() {
        assert_eq!(nombre_fr(1050.0), "1\u{202f}050");
        assert_eq!(nombre_fr(7.5), "7,5");
        assert_eq!(nombre_fr(2.25), "2,25");
        assert_eq!(nombre_fr(100000.0), "100\u{202f}000");
        assert_eq!(heures(1050.0), "1\u{202f}050\u{a0}heures");
        assert_eq!(heures(1.0), "1\u{a0}heure");
        assert_eq!(pct_fr(0.05), "5\u{a0}%");
        assert_eq!(pct_fr(7.0), "7\u{a0}%");
        assert_eq!(euros(60.0), "60\u{a0}€");
        assert_eq!(date_fr("2026-01-01".into()).unwrap(), "1er janvier 2026");
        assert_eq!(en_lettres(460.0).unwrap(), "quatre cent soixante");
        assert!(en_lettres(2.5).is_err());
        assert_eq!(
            typo("Office public de l'habitat : « Val »".into()),
            "Office public de l’habitat\u{a0}: «\u{a0}Val\u{a0}»"
        );
    }

    proptest::proptest! {
        #[test]
        fn nombre_fr_round_trips(n in 0u64..10_000_000) {
            let s = nombre_fr(n as f64);
            proptest::prop_assert_eq!(crate::base::numbers::parse_digits(&s), Some(n as f64));
        }
    }
}
