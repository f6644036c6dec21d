//! What one piece says of its consultation, read from its text when it is checked: the
//! consultation number, the buyer, the object, when it was launched, how much it is worth, what
//! it buys, who buys, whether it is a defence contract and whether the buyer recorded why it
//! has no social condition. Kept on the document's report, so that the consultation level can
//! be rebuilt from JSON Lines (`report merge`) without reading the files again.

use crate::base::dates::{self, Date};
use crate::base::numbers::parse_digits;
use crate::read::notice::Notice;
use crate::template::BuyerCategory;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What a contract buys (public API: the JSON `nature` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Nature {
    Works,
    Supplies,
    Services,
}

impl Nature {
    /// The snake_case id used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Nature::Works => "works",
            Nature::Supplies => "supplies",
            Nature::Services => "services",
        }
    }

    /// The row of the thresholds table: works, or supplies and services.
    pub fn threshold_contract(self) -> &'static str {
        match self {
            Nature::Works => "works",
            Nature::Supplies | Nature::Services => "supplies_services",
        }
    }
}

/// What one piece says of its consultation; every field is what the piece states, `None` when
/// it states nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// The consultation's number ("2026-TX-014").
    pub reference: Option<String>,
    pub buyer: Option<String>,
    pub object: Option<String>,
    /// The date the notice was sent ("Date d'envoi du présent avis").
    pub sent_date: Option<Date>,
    /// The deadline for offers ("Date limite de réception des offres").
    pub offers_deadline: Option<Date>,
    /// The estimated or maximum amount of the whole consultation (all lots), € HT.
    pub amount_eur: Option<f64>,
    pub nature: Option<Nature>,
    pub buyer_category: Option<BuyerCategory>,
    /// A defence or security contract (out of the scope of L2112-2-1).
    #[serde(default)]
    pub defence: bool,
    /// The words by which the buyer records why the contract has no social condition.
    pub exemption: Option<String>,
    /// The piece says the operation is funded by the ANRU.
    #[serde(default)]
    pub anru: bool,
}

impl Facts {
    /// Whether the piece said nothing at all of its consultation.
    pub fn is_empty(&self) -> bool {
        *self == Facts::default()
    }
}

const NUM: &str = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?";

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(?:consultation|march[ée]|proc[ée]dure|affaire|dossier|accord-cadre|r[ée]f[ée]rence)\s*(?:n[°o]|num[ée]ro)|(?:num[ée]ro|n[°o]) (?:de (?:la )?|du )?(?:consultation|march[ée]|proc[ée]dure|l'accord-cadre))\s*:?\s*([A-Z0-9][A-Z0-9/_.-]*[0-9][A-Z0-9/_-]*)").unwrap()
});
static BUYER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(pouvoir adjudicateur|entit[ée] adjudicatrice|acheteur(?: public)?|ma[îi]tre d'ouvrage|personne publique|nom (?:et adresse )?(?:officiels? )?de l'acheteur)\s*:\s*([^\n|]{3,120})$").unwrap()
});
/// A heading that names the buyer on the next line ("A - Pouvoir adjudicateur" then the
/// ministry's name), as the official AE forms lay it out.
static BUYER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(?:[A-Z] ?- ?)?(?:identification (?:du |de l')?)?(pouvoir adjudicateur|acheteur|entit[ée] adjudicatrice)\s*:?\s*\n+([^\n|:]{3,120})$").unwrap()
});
static OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^objet(?: du march[ée]| de la consultation| de l'accord-cadre| du contrat)?\s*:\s*([^\n|]{3,200})$").unwrap()
});
static SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)date d'envoi(?: du pr[ée]sent avis| de l'avis)?(?: à la publication)?|date de lancement(?: de la consultation)?").unwrap()
});
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)date (?:et heure )?limites? de (?:r[ée]ception|remise|d[ée]p[ôo]t) des (?:offres|plis|candidatures)").unwrap()
});
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:montant|valeur)s?\s+(?:total\s+|global\s+)?(?:estim[ée]e?s?|maxim(?:um|al)e?s?|pr[ée]visionnel(?:le)?s?)(?:\s+(?:total|global))?[^.\n]{{0,80}}?({NUM})\s?(M€|millions? d'euros|k€|€|euros)"
    ))
    .unwrap()
});
static LOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)lot\s*(?:n[°o]\s*)?(\d+)").unwrap());
static NATURE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:type|nature) (?:de |du |des )?(?:march[ée]|contrat|prestations?)\s*:\s*(travaux|fournitures?|services?|prestations de services?)").unwrap()
});
static CCAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)CCAG[- ]?(travaux|FCS|PI|TIC|MI|MOE)(?-u:\b)|cahier des clauses administratives g[ée]n[ée]rales (?:applicables aux march[ée]s publics )?de (travaux|fournitures courantes|prestations intellectuelles)").unwrap()
});
static OBJECT_NATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(travaux|fournitures?|prestations? de services?|services?)(?-u:\b)")
        .unwrap()
});
static CENTRAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:minist[èe]re|pr[ée]fecture|[ée]tat\b|UGAP|union des groupements d'achats publics|rectorat|direction (?:r[ée]gionale|d[ée]partementale|interd[ée]partementale|g[ée]n[ée]rale) (?:de l'|des |du |de la )|secr[ée]tariat g[ée]n[ée]ral)").unwrap()
});
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)entit[ée] adjudicatrice").unwrap());
static AUTHORITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)pouvoir adjudicateur").unwrap());
static DEFENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)march[ée]s? (?:public )?de d[ée]fense ou de s[ée]curit[ée]|minist[èe]re des arm[ée]es|direction g[ée]n[ée]rale de l'armement|(?-u:\b)L\.? ?1113-1(?-u:\b)|(?-u:\b)L\.? ?2300-1(?-u:\b)").unwrap()
});

/// How far after a label its date is looked for.
const DATE_REACH: usize = 120;

/// What `body` (the normalised body of a tender piece) says of its consultation; a notice's
/// structured fields come first where it has them. `exemptions` are the patterns by which a
/// buyer records why it has no social condition (`rules/thresholds.toml`).
pub fn read(body: &str, notice: Option<&Notice>, exemptions: &[Regex]) -> Facts {
    let first_line = |re: &Regex, group: usize| {
        re.captures(body)
            .and_then(|c| c.get(group))
            .map(|m| {
                m.as_str()
                    .trim()
                    .trim_end_matches(['.', ';', ','])
                    .to_string()
            })
            .filter(|s| !s.is_empty())
    };
    let buyer_line = BUYER
        .captures(body)
        .or_else(|| BUYER_HEADING.captures(body));
    let buyer = notice
        .and_then(|n| n.buyer.clone())
        .or_else(|| buyer_line.as_ref().map(|c| c[2].trim().to_string()));
    let object = notice
        .and_then(|n| n.title.clone())
        .or_else(|| first_line(&OBJECT, 1));
    let sent_date = notice
        .and_then(|n| n.published.as_deref())
        .and_then(Date::parse_iso)
        .or_else(|| labelled_date(body, &SENT));
    let offers_deadline = notice
        .and_then(|n| n.tender_deadline.as_deref())
        .and_then(Date::parse_iso)
        .or_else(|| labelled_date(body, &DEADLINE));
    let amount_eur = notice
        .and_then(|n| n.estimated_value.as_ref())
        .map(|a| a.value)
        .or_else(|| amount(body));
    let buyer_category = if buyer_line.as_ref().is_some_and(|c| ENTITY.is_match(&c[1]))
        || (ENTITY.is_match(body) && !AUTHORITY.is_match(body))
    {
        Some(BuyerCategory::ContractingEntity)
    } else if buyer.as_deref().is_some_and(|b| CENTRAL.is_match(b)) {
        Some(BuyerCategory::CentralGovernment)
    } else if buyer.is_some() || AUTHORITY.is_match(body) {
        Some(BuyerCategory::ContractingAuthority)
    } else {
        None
    };
    Facts {
        reference: REFERENCE
            .captures_iter(body)
            .map(|c| c[1].trim_end_matches(['.', '-', '/']).to_string())
            .find(|r| is_reference(r)),
        nature: nature(body, object.as_deref()),
        buyer,
        object,
        sent_date,
        offers_deadline,
        amount_eur,
        buyer_category,
        defence: DEFENCE.is_match(body),
        exemption: exemptions
            .iter()
            .find_map(|e| e.find(body))
            .map(|m| m.as_str().chars().take(200).collect()),
        anru: crate::find::params::mentions_anru(body),
    }
}

/// Whether words after "n°" look like a consultation's number ("2026-TX-014", "21BAM048",
/// "2026014"), not an article's ("1.1", "12").
fn is_reference(candidate: &str) -> bool {
    let alnum = candidate
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .count();
    let section = candidate.split('.').all(|part| {
        !part.is_empty() && part.len() <= 3 && part.chars().all(|c| c.is_ascii_digit())
    });
    alnum >= 4 && !section
}

/// The first date after a label, in the same paragraph.
fn labelled_date(body: &str, label: &Regex) -> Option<Date> {
    let all = dates::find_all(body);
    label.find_iter(body).find_map(|m| {
        all.iter()
            .find(|(at, _)| *at >= m.end() && *at <= m.end() + DATE_REACH)
            .filter(|(at, _)| !body[m.end()..*at].contains("\n\n"))
            .map(|(_, d)| *d)
    })
}

/// The amount of the whole consultation: the largest amount stated for it, or the sum of the
/// amounts stated per lot when that is larger (a lot table without a total).
fn amount(body: &str) -> Option<f64> {
    let mut whole: Option<f64> = None;
    let mut per_lot: BTreeMap<String, f64> = BTreeMap::new();
    for c in AMOUNT.captures_iter(body) {
        let Some(mut value) = parse_digits(&c[1]) else {
            continue;
        };
        let unit = c[2].to_lowercase();
        if unit.starts_with('m') {
            value *= 1_000_000.0;
        } else if unit.starts_with('k') {
            value *= 1_000.0;
        }
        let start = c.get(0).map_or(0, |m| m.start());
        let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = &body[line_start..c.get(1).map_or(start, |m| m.start())];
        match LOT.captures(before) {
            Some(lot) => {
                let entry = per_lot.entry(lot[1].trim_start_matches('0').to_string());
                let v = entry.or_insert(0.0);
                *v = v.max(value);
            }
            None => whole = Some(whole.map_or(value, |w: f64| w.max(value))),
        }
    }
    let lots: f64 = per_lot.values().sum();
    match whole {
        Some(w) if w >= lots => Some(w),
        _ if lots > 0.0 => Some(lots),
        w => w,
    }
}

/// Works, supplies or services: the label that says it, else the CCAG the contract refers to,
/// else the object's words.
fn nature(body: &str, object: Option<&str>) -> Option<Nature> {
    let word = |w: &str| {
        let w = w.to_lowercase();
        if w.starts_with("travaux") {
            Some(Nature::Works)
        } else if w.starts_with("fourniture") {
            Some(Nature::Supplies)
        } else if w.contains("service") {
            Some(Nature::Services)
        } else {
            None
        }
    };
    if let Some(c) = NATURE_LABEL.captures(body) {
        return word(&c[1]);
    }
    if let Some(c) = CCAG.captures(body) {
        let name = c
            .get(1)
            .or_else(|| c.get(2))
            .map(|m| m.as_str().to_lowercase())
            .unwrap_or_default();
        return Some(match name.as_str() {
            "travaux" => Nature::Works,
            "fcs" | "fournitures courantes" => {
                // The CCAG FCS covers both: the object decides, supplies when it is silent.
                match object.and_then(|o| OBJECT_NATURE.captures(o)) {
                    Some(o) if o[1].to_lowercase().contains("service") => Nature::Services,
                    _ => Nature::Supplies,
                }
            }
            _ => Nature::Services,
        });
    }
    object
        .and_then(|o| OBJECT_NATURE.captures(o))
        .and_then(|c| word(&c[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Facts {
        read(text, None, &[])
    }

    #[test]
    fn identity_from_a_cover_page() {
        let f = facts("RÈGLEMENT DE LA CONSULTATION\nConsultation n° 2026-TX-014\nPouvoir adjudicateur : Ville de Val-de-Lys\nObjet : Travaux de rénovation de l'école Jules-Ferry\nDate limite de réception des offres : 15 octobre 2026 à 12 h\n");
        assert_eq!(f.reference.as_deref(), Some("2026-TX-014"));
        assert_eq!(f.buyer.as_deref(), Some("Ville de Val-de-Lys"));
        assert_eq!(
            f.object.as_deref(),
            Some("Travaux de rénovation de l'école Jules-Ferry")
        );
        assert_eq!(f.offers_deadline, Date::new(2026, 10, 15));
        assert_eq!(f.nature, Some(Nature::Works));
        assert_eq!(f.buyer_category, Some(BuyerCategory::ContractingAuthority));
    }

    #[test]
    fn article_numbers_are_not_consultation_numbers() {
        assert_eq!(facts("Référence n° 1.1 du règlement").reference, None);
        assert_eq!(facts("Marché n° 12 : objet").reference, None);
        assert_eq!(
            facts("Marché n° 21BAM048 du 3 mai").reference.as_deref(),
            Some("21BAM048")
        );
        assert_eq!(
            facts("Numéro de consultation : 21_BAM_048\n")
                .reference
                .as_deref(),
            Some("21_BAM_048")
        );
    }

    #[test]
    fn amounts_of_the_whole_or_summed_over_lots() {
        assert_eq!(
            amount("Le montant estimé du marché est de 6 200 000 € HT."),
            Some(6_200_000.0)
        );
        assert_eq!(
            amount("Lot 1 : montant estimé 150 000 € HT\nLot 2 : montant estimé 120 000 € HT\n"),
            Some(270_000.0)
        );
        assert_eq!(amount("Montant maximum : 2,5 M€ HT"), Some(2_500_000.0));
        assert_eq!(amount("Pénalité de 100 € par jour"), None);
    }

    #[test]
    fn buyer_categories() {
        let entity = facts(
            "Entité adjudicatrice : Syndicat des eaux du Val\nObjet : Fourniture de compteurs\n",
        );
        assert_eq!(
            entity.buyer_category,
            Some(BuyerCategory::ContractingEntity)
        );
        assert_eq!(entity.nature, Some(Nature::Supplies));
        let state =
            facts("Pouvoir adjudicateur : Ministère de l'Intérieur\nType de marché : Services\n");
        assert_eq!(state.buyer_category, Some(BuyerCategory::CentralGovernment));
        assert_eq!(state.nature, Some(Nature::Services));
        assert_eq!(facts("Une clause.").buyer_category, None);
    }

    #[test]
    fn a_buyer_named_under_its_heading() {
        let f = facts("ACTE D'ENGAGEMENT\nA - Pouvoir adjudicateur\n\nMinistère de l'Agriculture, direction des affaires financières\n");
        assert_eq!(
            f.buyer.as_deref(),
            Some("Ministère de l'Agriculture, direction des affaires financières")
        );
        assert_eq!(f.buyer_category, Some(BuyerCategory::CentralGovernment));
    }

    #[test]
    fn defence_contracts() {
        assert!(facts("Le présent marché est un marché de défense ou de sécurité au sens de l'article L. 1113-1.").defence);
        assert!(!facts("Sécurité des chantiers.").defence);
    }
}
