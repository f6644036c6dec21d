//! `anru-minimum`: an ANRU-funded operation whose clause reserves a smaller share of hours
//! than the ANRU's charte nationale d'insertion asks: 5 % of the hours of works, 10 % of those of
//! gestion urbaine de proximité (GUP). The minimums are dated data
//! (`clause-templates/rules/thresholds.toml`, `[[anru_minimum]]`); the consultation level uses
//! the same [`minimum`] for a clause whose ANRU funding another piece states.

use super::{Finding, Rule};
use crate::base::dates::Date;
use crate::base::typography::number;
use crate::find::params::Parameters;
use crate::msg;
use crate::template::{AnruScope, Catalog, Severity};
use regex::Regex;
use std::sync::LazyLock;

static GUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)gestion urbaine de proximité|(?-u:\b)GUP(?-u:\b)").unwrap());

/// The charter's minimum share of hours for a clause of this text, in percent, and what it
/// covers (works, or GUP); `None` when no minimum of the table applies at `date`.
pub fn minimum(catalog: &Catalog, text: &str, date: Option<Date>) -> Option<(f64, AnruScope)> {
    let scope = if GUP.is_match(text) {
        AnruScope::Gup
    } else {
        AnruScope::Works
    };
    catalog
        .anru_minimum(scope, date)
        .map(|percent| (percent, scope))
}

pub(super) fn check(
    catalog: &Catalog,
    p: &Parameters,
    text: &str,
    date: Option<Date>,
) -> Option<Finding> {
    if !p.anru {
        return None;
    }
    let percent = p.percent_of_hours?;
    let (minimum, scope) = minimum(catalog, text, date)?;
    let what = match scope {
        AnruScope::Gup => msg!("finding.anru_minimum.gup"),
        AnruScope::Works => msg!("finding.anru_minimum.works"),
    };
    (percent < minimum).then(|| {
        Finding::new(
            Rule::AnruMinimum,
            Severity::Error,
            msg!(
                "finding.anru_minimum",
                percent = number(percent, 2),
                minimum = number(minimum, 0),
                what = what
            ),
        )
        .suggest(msg!(
            "finding.anru_minimum.suggestion",
            minimum = number(minimum, 0)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The charter's minimums come from the dated table: 5 % of the hours of works since the
    /// 2005 charter, 10 % of GUP hours since the NPNRU charter of 24 March 2015.
    #[test]
    fn the_minimum_follows_the_scope_and_the_date() {
        let catalog = Catalog::builtin().unwrap();
        let day = |s: &str| Date::parse_iso(s);
        let works = "réhabilitation de 120 logements";
        let gup = "marché de gestion urbaine de proximité";
        assert_eq!(
            minimum(&catalog, works, day("2024-05-02")),
            Some((5.0, AnruScope::Works))
        );
        assert_eq!(
            minimum(&catalog, gup, day("2024-05-02")),
            Some((10.0, AnruScope::Gup))
        );
        assert_eq!(minimum(&catalog, gup, day("2012-05-02")), None);
        assert_eq!(minimum(&catalog, gup, None), Some((10.0, AnruScope::Gup)));
        let p = Parameters {
            anru: true,
            percent_of_hours: Some(7.0),
            ..Parameters::default()
        };
        assert!(check(&catalog, &p, works, day("2024-05-02")).is_none());
        let f = check(&catalog, &p, gup, day("2024-05-02")).unwrap();
        assert_eq!(f.rule, Rule::AnruMinimum);
    }
}
