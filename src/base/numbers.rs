//! French numbers as tenders write them: "1 050", "1.050", "2,5", and in words ("quatre cent
//! vingt", "cinquante", "mille deux cents"), as legal drafting often requires.

/// Parses digits with French separators: space/NBSP/narrow NBSP/dot for thousands, comma for
/// decimals ("1 050" → 1050, "1.050" → 1050, "2,5" → 2.5, "100 000" → 100000).
pub fn parse_digits(s: &str) -> Option<f64> {
    let s = s.trim();
    let (int_part, frac_part) = match s.rsplit_once(',') {
        Some((i, f)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => (i, Some(f)),
        _ => (s, None),
    };
    let groups: Vec<&str> = int_part
        .split([' ', '\u{a0}', '\u{202f}', '.'])
        .filter(|g| !g.is_empty())
        .collect();
    if groups.is_empty() || !groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    // "1.5" with a dot is an English decimal, not a thousands group: groups after the first
    // must have three digits.
    if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let digits: String = groups.concat();
    let mut value: f64 = digits.parse().ok()?;
    if let Some(frac) = frac_part {
        value += format!("0.{frac}").parse::<f64>().ok()?;
    }
    Some(value)
}

/// Parses a number written in French words, "quatre cent vingt" → 420, "soixante-dix" → 70,
/// "mille deux cents" → 1200, "cinquante" → 50. Returns `None` on any unknown word.
pub fn parse_words(s: &str) -> Option<u64> {
    let lower = s.to_lowercase().replace(['-', '\''], " ");
    let words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "et").collect();
    if words.is_empty() {
        return None;
    }
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut seen = false;
    for word in &words {
        let unit = match *word {
            "zéro" => Some(0),
            "un" | "une" => Some(1),
            "deux" => Some(2),
            "trois" => Some(3),
            "quatre" => Some(4),
            "cinq" => Some(5),
            "six" => Some(6),
            "sept" => Some(7),
            "huit" => Some(8),
            "neuf" => Some(9),
            "dix" => Some(10),
            "onze" => Some(11),
            "douze" => Some(12),
            "treize" => Some(13),
            "quatorze" => Some(14),
            "quinze" => Some(15),
            "seize" => Some(16),
            "vingt" | "vingts" => Some(20),
            "trente" => Some(30),
            "quarante" => Some(40),
            "cinquante" => Some(50),
            "soixante" => Some(60),
            "septante" => Some(70),
            "huitante" | "octante" => Some(80),
            "nonante" => Some(90),
            _ => None,
        };
        match (*word, unit) {
            (_, Some(20)) if current % 100 == 4 => current = current - 4 + 80, // quatre-vingt
            (_, Some(n)) => current += n,
            ("cent" | "cents", _) => current = current.max(1) * 100,
            ("mille", _) => {
                total += current.max(1) * 1000;
                current = 0;
            }
            ("million" | "millions", _) => {
                total += current.max(1) * 1_000_000;
                current = 0;
            }
            _ => return None,
        }
        seen = true;
    }
    seen.then_some(total + current)
}

/// Formats an integer with a narrow no-break space between thousands ("1 050").
pub fn group_thousands(n: u64, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Writes an integer in French words, with the 1990 spelling reform's hyphens
/// ("quatre-cent-soixante", "mille-deux-cents") avoided: the traditional spelling buyers use
/// ("quatre cent soixante", "mille deux cents").
pub fn to_words(n: u64) -> String {
    fn below_100(n: u64) -> String {
        const UNITS: [&str; 17] = [
            "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
            "onze", "douze", "treize", "quatorze", "quinze", "seize",
        ];
        const TENS: [&str; 7] = [
            "",
            "",
            "vingt",
            "trente",
            "quarante",
            "cinquante",
            "soixante",
        ];
        match n {
            0..=16 => UNITS[n as usize].to_string(),
            17..=19 => format!("dix-{}", UNITS[(n - 10) as usize]),
            20..=69 => {
                let (t, u) = (n / 10, n % 10);
                match u {
                    0 => TENS[t as usize].to_string(),
                    1 => format!("{} et un", TENS[t as usize]),
                    _ => format!("{}-{}", TENS[t as usize], UNITS[u as usize]),
                }
            }
            70..=79 => match n {
                71 => "soixante et onze".to_string(),
                _ => format!("soixante-{}", below_100(n - 60)),
            },
            80 => "quatre-vingts".to_string(),
            _ => format!("quatre-vingt-{}", below_100(n - 80)),
        }
    }
    fn below_1000(n: u64) -> String {
        let (h, rest) = (n / 100, n % 100);
        let hundreds = match h {
            0 => String::new(),
            1 => "cent".to_string(),
            _ if rest == 0 => format!("{} cents", below_100(h)),
            _ => format!("{} cent", below_100(h)),
        };
        match (hundreds.is_empty(), rest) {
            (true, _) => below_100(rest),
            (false, 0) => hundreds,
            (false, _) => format!("{hundreds} {}", below_100(rest)),
        }
    }
    if n < 1000 {
        return below_1000(n);
    }
    if n < 1_000_000 {
        let (t, rest) = (n / 1000, n % 1000);
        let thousands = if t == 1 {
            "mille".to_string()
        } else {
            // "deux cent mille": "cents" loses its s before "mille".
            format!("{} mille", below_1000(t).trim_end_matches('s'))
        };
        return if rest == 0 {
            thousands
        } else {
            format!("{thousands} {}", below_1000(rest))
        };
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_digits() {
        assert_eq!(parse_digits("1 050"), Some(1050.0));
        assert_eq!(parse_digits("1\u{202f}050"), Some(1050.0));
        assert_eq!(parse_digits("1.050"), Some(1050.0));
        assert_eq!(parse_digits("100 000"), Some(100000.0));
        assert_eq!(parse_digits("2,5"), Some(2.5));
        assert_eq!(parse_digits("35"), Some(35.0));
        assert_eq!(parse_digits("1.5"), None);
        assert_eq!(parse_digits("abc"), None);
    }

    #[test]
    fn french_words() {
        assert_eq!(parse_words("quatre cent vingt"), Some(420));
        assert_eq!(parse_words("cinquante"), Some(50));
        assert_eq!(parse_words("soixante"), Some(60));
        assert_eq!(parse_words("soixante-dix"), Some(70));
        assert_eq!(parse_words("quatre-vingt-dix"), Some(90));
        assert_eq!(parse_words("quatre-vingts"), Some(80));
        assert_eq!(parse_words("mille deux cents"), Some(1200));
        assert_eq!(parse_words("deux mille cinq cents"), Some(2500));
        assert_eq!(parse_words("vingt et un"), Some(21));
        assert_eq!(parse_words("heures"), None);
    }

    #[test]
    fn words_round_trip() {
        for n in [
            0, 1, 17, 21, 60, 71, 80, 91, 99, 100, 200, 420, 460, 1000, 1050, 1200, 2000, 35000,
            200000, 999_999,
        ] {
            let w = to_words(n);
            assert_eq!(parse_words(&w), Some(n), "{n} → {w}");
        }
        assert_eq!(to_words(460), "quatre cent soixante");
        assert_eq!(to_words(200), "deux cents");
        assert_eq!(to_words(1200), "mille deux cents");
        assert_eq!(group_thousands(1050, ' '), "1 050");
        assert_eq!(group_thousands(100000, ' '), "100 000");
    }
}
