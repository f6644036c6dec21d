//! The message macros: `msg!` fills a catalogue text's placeholders, `msg_n!` also chooses its
//! singular or plural form and writes the count in the run's typography. They sit apart from
//! the catalogue (`i18n`) and the typography so that neither of those depends on the other.

/// The message `key` in the current language, placeholders filled:
/// `msg!("error.interrupted", done = n, total = m)`.
#[macro_export]
macro_rules! msg {
    ($key:literal) => {
        $crate::base::i18n::text($key).to_string()
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::base::i18n::fill(
            $crate::base::i18n::text($key),
            &[$((stringify!($name), ($value).to_string())),+],
        )
    };
}

/// Like [`msg!`], choosing the singular or plural form for the count `n` (also a placeholder).
#[macro_export]
macro_rules! msg_n {
    ($key:literal, $n:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let n: u64 = ($n) as u64;
        $crate::base::i18n::fill(
            $crate::base::i18n::plural($crate::base::i18n::text($key), n),
            &[("n", $crate::base::typography::integer(n)) $(, (stringify!($name), ($value).to_string()))*],
        )
    }};
}
