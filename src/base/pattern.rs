//! Regex patterns written for one line, made to match text laid over several: a PDF or a
//! fixed-width text wraps a title or a phrase wherever its line ends.

/// A pattern whose words may be separated by any white space, a line break included: a
/// space becomes `\s+`, an optional space (` ?`) `\s*`; spaces inside a character class stay.
pub fn wrappable(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut escaped = false;
    while let Some(c) = chars.next() {
        match c {
            _ if escaped => {
                escaped = false;
                out.push(c);
            }
            '\\' => {
                escaped = true;
                out.push(c);
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class && chars.peek() == Some(&'?') => {
                chars.next();
                out.push_str(r"\s*");
            }
            ' ' if !in_class => out.push_str(r"\s+"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrappable;

    #[test]
    fn spaces_become_any_white_space_outside_classes() {
        assert_eq!(
            wrappable("publics en difficulté"),
            r"publics\s+en\s+difficulté"
        );
        assert_eq!(wrappable("n° ?2015"), r"n°\s*2015");
        assert_eq!(wrappable(r"[^. ]{0,4} a\ b"), r"[^. ]{0,4}\s+a\ b");
        assert_eq!(wrappable("acte d'engagement"), r"acte\s+d'engagement");
        assert_eq!(
            wrappable("pr[ée][- ]?information"),
            "pr[ée][- ]?information"
        );
    }
}
