//! Reserved contracts are of two kinds, told apart by the structures they name, not by the
//! article they cite: SIAE and the structures employing disadvantaged workers (CCP L2113-13,
//! ex-ordonnance art. 36-II) or entreprises adaptées and ESAT (CCP L2113-12, ex-ordonnance
//! art. 36-I, ex-CMP art. 15). Buyers often cite one article for the other's structures.
//!
//! A leaf: detection uses it to choose the kind, checks to report a wrong legal basis.

use crate::template::ClauseKind;
use regex::Regex;
use std::sync::LazyLock;

static SIAE_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)structures? d'insertion par l'activit[ée] [ée]conomique|(?-u:\b)SIAE(?-u:\b)|entreprises? (?:ou associations? )?d'insertion|associations? (?:intermédiaires|d'insertion)|ateliers? et chantiers d'insertion|travailleurs d[ée]favoris[ée]s|personnes d[ée]favoris[ée]es").unwrap()
});
static DISABILITY_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)entreprises? adapt[ée]es?|(?-u:\b)ESAT(?-u:\b)|[ée]tablissements? et services? d'aide par le travail|travailleurs handicap[ée]s|ateliers? prot[ée]g[ée]s|emplois? prot[ée]g[ée]s|personnes handicap[ée]es").unwrap()
});
static CITES_DISABILITY_BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)L\.? ?2113-12(?-u:\b)|(?-u:\b)article 36[-. ]?I(?-u:\b)|(?-u:\b)I de l'article 36(?-u:\b)|(?-u:\b)article 15 du (?:code des march[ée]s publics|CMP)").unwrap()
});
static CITES_SIAE_BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)L\.? ?2113-13(?-u:\b)|(?-u:\b)article 36[-. ]?II(?-u:\b)|(?-u:\b)II de l'article 36(?-u:\b)").unwrap()
});

/// Any article L2113-N of the code, N captured.
static CITES_2113: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)L\.? ?2113-(\d{1,2})(?-u:\b)").unwrap());
/// The articles of the code that reserve contracts (L2113-12 to L2113-15).
const RESERVING: [&str; 4] = ["12", "13", "14", "15"];

/// The wording of the European notice forms, which names both kinds of beneficiaries at once
/// ("ateliers protégés et opérateurs économiques qui ont pour objet l'intégration sociale et
/// professionnelle de personnes handicapées ou défavorisées", "programmes d'emplois
/// protégés"): it says a contract is reserved, not to whom in French law.
static EU_FORM_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ateliers? prot[ée]g[ée]s?[^.;\n]{0,160}?personnes handicap[ée]es ou d[ée]favoris[ée]es|programmes? d'emplois? prot[ée]g[ée]s|ch[ôo]meurs de longue dur[ée]e, (?:les )?personnes d[ée]favoris[ée]es et (?:les )?personnes handicap[ée]es|sheltered (?:workshops?|employment programmes?)").unwrap()
});

/// The reserved kinds whose beneficiaries a text names, in report order; the European forms'
/// generic wording names none.
pub fn kinds_named(text: &str) -> Vec<ClauseKind> {
    let text = EU_FORM_LABEL.replace_all(text, " ");
    let text = text.as_ref();
    let mut kinds = Vec::new();
    if SIAE_NAMED.is_match(text) {
        kinds.push(ClauseKind::ReservedSiae);
    }
    if DISABILITY_NAMED.is_match(text) {
        kinds.push(ClauseKind::ReservedDisability);
    }
    kinds
}

/// A legal basis cited for the other kind's structures: the words cited and the right article.
pub fn wrong_basis(kind: ClauseKind, text: &str) -> Option<(String, String)> {
    let named = kinds_named(text);
    // Both kinds named (a lot for each): every article may be right.
    if named.len() != 1 || named[0] != kind {
        return None;
    }
    let (wrong, right) = match kind {
        ClauseKind::ReservedSiae => (&*CITES_DISABILITY_BASIS, &*CITES_SIAE_BASIS),
        ClauseKind::ReservedDisability => (&*CITES_SIAE_BASIS, &*CITES_DISABILITY_BASIS),
        _ => return None,
    };
    if right.is_match(text) {
        return None;
    }
    // The other kind's article, or an article of the code that reserves nothing (L2113-5 is
    // about central purchasing bodies, L2113-6 about groups of buyers).
    let cited = wrong.find(text).or_else(|| {
        CITES_2113
            .captures_iter(text)
            .find(|c| !RESERVING.contains(&&c[1]))
            .and_then(|c| c.get(0))
    })?;
    let article = match kind {
        ClauseKind::ReservedSiae => crate::msg!("basis.reserved_siae"),
        _ => crate::msg!("basis.reserved_disability"),
    };
    Some((cited.as_str().to_string(), article))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_structures_decide_the_kind() {
        assert_eq!(
            kinds_named(
                "Le lot 3 est réservé aux structures d'insertion par l'activité économique."
            ),
            [ClauseKind::ReservedSiae]
        );
        assert_eq!(
            kinds_named("Le marché est réservé aux ESAT et entreprises adaptées."),
            [ClauseKind::ReservedDisability]
        );
        assert_eq!(
            kinds_named("Lot 1 réservé aux entreprises adaptées ; lots 2 et 3 réservés aux SIAE."),
            [ClauseKind::ReservedSiae, ClauseKind::ReservedDisability]
        );
        assert!(kinds_named("Le lot 2 est réservé en application de L. 2113-13.").is_empty());
        assert!(
            kinds_named("Marché réservé : la participation est réservée à des ateliers protégés et à des opérateurs économiques qui ont pour objet l'intégration sociale et professionnelle de personnes handicapées ou défavorisées.").is_empty(),
            "the European form's wording names no French structure"
        );
        assert!(
            kinds_named("Objectif social : possibilités d'emploi pour les chômeurs de longue durée, les personnes défavorisées et les personnes handicapées.").is_empty(),
            "nor does the European social objective of employment"
        );
    }

    #[test]
    fn an_article_of_the_other_reservation_is_a_wrong_basis() {
        let (cited, right) = wrong_basis(
            ClauseKind::ReservedSiae,
            "En application de l'article L. 2113-12, le lot 2 est réservé aux SIAE.",
        )
        .unwrap();
        assert_eq!(cited, "L. 2113-12");
        assert!(right.contains("L. 2113-13"));
        assert!(wrong_basis(
            ClauseKind::ReservedDisability,
            "réservé aux ESAT en application de l'article 36-II de l'ordonnance"
        )
        .is_some());
    }

    #[test]
    fn an_article_that_reserves_nothing_is_a_wrong_basis() {
        let (cited, right) = wrong_basis(
            ClauseKind::ReservedSiae,
            "Lot réservé à des entreprises ou associations d'insertion en application des articles L. 2113-5 et L. 2113-6 du code de la commande publique.",
        )
        .unwrap();
        assert_eq!(cited, "L. 2113-5");
        assert!(right.contains("L. 2113-13"));
        assert!(wrong_basis(
            ClauseKind::ReservedSiae,
            "Le marché est alloti (L. 2113-10) ; le lot 3 est réservé aux SIAE (L. 2113-13)."
        )
        .is_none());
    }

    #[test]
    fn the_right_article_is_not_reported() {
        assert!(wrong_basis(
            ClauseKind::ReservedSiae,
            "Le lot est réservé aux SIAE (L. 2113-13 du code)."
        )
        .is_none());
        assert!(wrong_basis(
            ClauseKind::ReservedDisability,
            "réservé aux ESAT en application de l'article 36-I de l'ordonnance"
        )
        .is_none());
        // A history note beside the right article is not a citation of the wrong one.
        assert!(wrong_basis(
            ClauseKind::ReservedDisability,
            "réservé aux entreprises adaptées (L. 2113-12), ancien article 36-I"
        )
        .is_none());
    }
}
