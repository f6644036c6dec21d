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

/// The consultation's number, in the ways RCs, CCAPs and notices write it: a procedure or a
/// contract and its "n°" ("Consultation n° 2026/014", "Appel d'offres ouvert n° 26-AO-88",
/// "Marché n° 26T012", "MAPA n° …"), "numéro de la consultation", or a reference label ("Réf. :
/// MAPA-2026-07", "Référence de la consultation : …").
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(?:consultation|march[ée]|proc[ée]dure(?: adapt[ée]e)?|affaire|dossier|accord-cadre|op[ée]ration|appel d'offres(?: ouvert| restreint)?|MAPA|r[ée]f[ée]rence)\s*(?:n[°o]|num[ée]ro)|(?:num[ée]ro|n[°o]) (?:de (?:la )?|du )?(?:consultation|march[ée]|proc[ée]dure|l'accord-cadre)|(?-u:\b)r[ée]f(?:[ée]rence)?\.?(?: (?:de la consultation|du march[ée]|du dossier|interne))?\s*:)\s*:?\s*([A-Z0-9][A-Z0-9/_.-]*[0-9][A-Z0-9/_-]*)").unwrap()
});
static BUYER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(pouvoir adjudicateur|entit[ée] adjudicatrice|acheteur(?: public)?|ma[îi]tre d'ouvrage|personne publique|nom (?:et adresse )?(?:officiels? )?de l'acheteur)\s*:\s*([^\n|]{3,120})$").unwrap()
});
/// A buyer's name as a title block writes it on a line of its own, without a label: a public
/// body's kind first ("COMMUNE DE VAL-D'ESQUELLE", "Office public de l'habitat de …",
/// "Syndicat intercommunal …", "Centre intercommunal d'action sociale …").
static BUYER_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:commune|ville|d[ée]partement|r[ée]gion|m[ée]tropole|communaut[ée] (?:de communes|d'agglom[ée]ration|urbaine)|office public de l'habitat|OPH|syndicat(?: mixte| intercommunal| d[ée]partemental)?|SIVU|SIVOM|SICTOM|centre (?:communal|intercommunal) d'action sociale|CCAS|CIAS|centre hospitalier|[ée]tablissement public|conseil (?:d[ée]partemental|r[ée]gional)|minist[èe]re|pr[ée]fecture|universit[ée])(?-u:\b)[^\n|:]{2,110}$").unwrap()
});

/// A heading that names the buyer on the next line ("A - Pouvoir adjudicateur" then the
/// ministry's name), as the official AE forms lay it out.
static BUYER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^(?:[A-Z] ?- ?)?(?:identification (?:du |de l')?)?(pouvoir adjudicateur|acheteur|entit[ée] adjudicatrice)\s*:?\s*\n+([^\n|:]{3,120})$").unwrap()
});
static OBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^objet(?: du march[ée]| de la consultation| de l'accord-cadre| du contrat)?\s*:\s*([^\n|]{3,200})$").unwrap()
});
/// The date a notice was sent or the consultation launched: its label, or the sentence that says
/// it ("Le présent avis a été envoyé à la publication … le 5 octobre 2026").
static SENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)date d'envoi(?: du pr[ée]sent avis| de l'avis)?(?: à la publication)?|date de lancement(?: de la consultation)?|(?:a [ée]t[ée]|est) envoy[ée]e? (?:à la publication|au (?:BOAMP|JOUE|bulletin)|pour publication)[^.\n]{0,80}?le ").unwrap()
});
/// The offers' deadline: its label, or the sentence that sets it ("Les offres doivent parvenir
/// … au plus tard le 18 mai 2026").
static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)date (?:et heure )?limites? de (?:r[ée]ception|remise|d[ée]p[ôo]t) des (?:offres|plis|candidatures)|(?:offres|plis) (?:doivent|devront) (?:parvenir|[êe]tre (?:remis|d[ée]pos[ée]|re[çc]u|transmis)e?s?)[^.]{0,160}?(?:au plus tard|avant) le |remise des (?:offres|plis)\s*:").unwrap()
});
/// The estimated amount of the consultation or operation: "montant estimé / maximum /
/// prévisionnel … 1 300 000 € HT", "le montant (total) des travaux s'élève à …", "estimé à
/// 2,4 M€ HT", "Montant total estimé de l'opération : …". Group 3 is what follows the unit, to
/// refuse an amount said TTC.
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:(?:montant|valeur)s?\s+(?:total\s+|global\s+)?(?:estim[ée]e?s?|maxim(?:um|al)e?s?|pr[ée]visionnel(?:le)?s?)(?:\s+(?:total|global))?[^.\n]{{0,80}}?|(?:montant|valeur|co[uû]t|enveloppe)[^.\n]{{0,80}}?(?:s'[ée]l[èe]ve|est (?:estim[ée]e?|fix[ée]e?|arr[êe]t[ée]e?)|estim[ée]e?)\s*(?:à|au total à)\s*(?:environ\s*)?|estim[ée]e?s? (?:à|au total à)\s*(?:environ\s*)?)({NUM})\s?(M€|millions? d'euros|k€|€|euros)(\s*(?:HT|TTC|hors taxes|toutes taxes))?"
    ))
    .unwrap()
});
static LOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)lot\s*(?:n[°o]\s*)?(\d+)").unwrap());
static NATURE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:type|nature) (?:de |du |des )?(?:march[ée]|contrat|prestations?)\s*:\s*(travaux|fournitures?|services?|prestations de services?)").unwrap()
});
/// The contract saying what it is: "marché public de travaux", "accord-cadre à bons de commande
/// de fournitures", "marché de prestations de services", "marché de prestations
/// intellectuelles", "marché de maîtrise d'œuvre".
static NATURE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:march[ée]|accord-cadre|contrat)(?: public)?(?: global)?(?: (?:mono-attributaire|multi-attributaires?|[àa] bons de commande))?(?: ordinaire)? de (travaux|fournitures?|services?|prestations? de services?|prestations? intellectuelles|ma[îi]trise d'[œo]e?uvre)(?-u:\b)").unwrap()
});
/// The CCAG a contract refers to, written out or abbreviated: "CCAG-Travaux 2021", "CCAG
/// applicable aux marchés publics de travaux", "CCAG-FCS", "cahier des clauses administratives
/// générales … de prestations intellectuelles".
static CCAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)CCAG[- ]?(travaux|FCS|PI|TIC|MI|MOE)(?-u:\b)|(?:CCAG|cahier des clauses administratives g[ée]n[ée]rales)(?: \(CCAG\))? (?:applicables? aux march[ée]s (?:publics )?)?(?:de |des )?(travaux|fournitures courantes|prestations intellectuelles|techniques de l'information|ma[îi]trise d'[œo]e?uvre)").unwrap()
});
/// Words of an object that tell a service from a supply (under the CCAG-FCS, which covers both).
static OBJECT_NATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(travaux|fournitures?|achat|acquisition|livraison|prestations?|services?|entretien|nettoyage|maintenance|restauration|transport|collecte|gardiennage|assistance|[ée]tudes?|mission)(?-u:\b)")
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
pub fn read(
    body: &str,
    notice: Option<&Notice>,
    exemptions: &[crate::base::pattern::LazyRegex],
) -> Facts {
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
        .or_else(|| buyer_line.as_ref().map(|c| buyer_name(&c[2])))
        .or_else(|| title_block_buyer(body));
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

/// The buyer's name without what a label line adds after it: who represents it (", représentée
/// par son maire"), its legal form (", société anonyme d'HLM"), its address (", hôtel de ville,
/// 1 place …") or its acronym in brackets.
fn buyer_name(line: &str) -> String {
    const AFTER_NAME: [&str; 14] = [
        "représenté",
        "represente",
        "agissant",
        "pris en",
        "prise en",
        "société",
        "sa ",
        "s.a.",
        "hôtel",
        "dont le siège",
        "sis ",
        "domicilié",
        "établissement public",
        "siège",
    ];
    let cut = line.match_indices(", ").map(|(i, _)| i).find(|&i| {
        let rest = line[i + 2..].to_lowercase();
        rest.starts_with(|c: char| c.is_ascii_digit())
            || AFTER_NAME.iter().any(|w| rest.starts_with(w))
    });
    let name = cut.map_or(line, |i| &line[..i]);
    let name = match name.find(" (") {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    name.trim().trim_end_matches(['.', ';', ',']).to_string()
}

/// A buyer named by the title block alone: one of the first lines of the piece that names a
/// public body (the lines before the piece's own title and object).
fn title_block_buyer(body: &str) -> Option<String> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(6)
        .find(|l| BUYER_NAME.is_match(l))
        .map(buyer_name)
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
        // An amount said TTC is not the HT amount the thresholds are written in.
        if c.get(3).is_some_and(|t| {
            let tax = t.as_str().to_lowercase();
            tax.contains("ttc") || tax.contains("toutes")
        }) {
            continue;
        }
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
        } else if w.starts_with("fourniture")
            || ["achat", "acquisition", "livraison"].contains(&w.as_str())
        {
            Some(Nature::Supplies)
        } else {
            Some(Nature::Services)
        }
    };
    if let Some(c) = NATURE_LABEL.captures(body) {
        return word(&c[1]);
    }
    // What the contract says it is, in its title block or first article, before any CCAG: a
    // "marché public de services" under the CCAG-FCS is a service.
    let opening = &body[..body.floor_char_boundary(4_000.min(body.len()))];
    if let Some(c) = NATURE_STATED.captures(opening) {
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
                match object
                    .and_then(|o| OBJECT_NATURE.captures(o))
                    .and_then(|o| word(&o[1]))
                {
                    Some(Nature::Services) => Nature::Services,
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

    /// The contract says what it is before any CCAG: a services contract under the CCAG-FCS is
    /// a service; the CCAG written out in words decides when nothing else does.
    #[test]
    fn nature_from_the_contract_s_own_words_then_its_ccag() {
        let n = |t: &str| facts(t).nature;
        assert_eq!(
            n("Marché public de travaux\nObjet : réfection de la toiture du gymnase"),
            Some(Nature::Works)
        );
        assert_eq!(
            n("Accord-cadre à bons de commande de fournitures\nLivraison de papier"),
            Some(Nature::Supplies)
        );
        assert_eq!(
            n("Le présent marché public de services est soumis au CCAG-FCS.\nObjet : nettoyage des écoles"),
            Some(Nature::Services)
        );
        assert_eq!(
            n("Les stipulations du CCAG applicable aux marchés publics de travaux s'appliquent."),
            Some(Nature::Works)
        );
        assert_eq!(
            n("Le CCAG-FCS est applicable.\nObjet : entretien des espaces verts"),
            Some(Nature::Services)
        );
    }

    /// The amount as RCs write it, and never an amount said TTC.
    #[test]
    fn amounts_in_sentences_and_never_ttc() {
        let a = |t: &str| facts(t).amount_eur;
        assert_eq!(
            a("Le montant total des travaux s'élève à 1 300 000 € HT."),
            Some(1_300_000.0)
        );
        assert_eq!(
            a("Le coût de l'opération est estimé à 2,4 M€ HT."),
            Some(2_400_000.0)
        );
        assert_eq!(
            a("Montant estimé du marché : 180 000,00 € HT"),
            Some(180_000.0)
        );
        assert_eq!(a("Le montant estimé est de 216 000 € TTC."), None);
    }

    /// Dates stated in sentences: the offers' deadline and the sending of the notice.
    #[test]
    fn deadline_and_sending_in_sentences() {
        let f = facts("Les offres doivent parvenir à l'acheteur par voie électronique au plus tard le 18 mai 2026 à 12 h.\n\nLe présent avis a été envoyé à la publication au BOAMP le 5 octobre 2026.");
        assert_eq!(f.offers_deadline, Date::parse_iso("2026-05-18"));
        assert_eq!(f.sent_date, Date::parse_iso("2026-10-05"));
    }

    /// Consultation numbers after a procedure's name or a reference label; SIRET and article
    /// numbers are not.
    #[test]
    fn references_after_procedures_and_labels() {
        let r = |t: &str| facts(t).reference;
        assert_eq!(
            r("Appel d'offres ouvert n° 26-AO-88"),
            Some("26-AO-88".into())
        );
        assert_eq!(r("Réf. : MAPA-2026-07"), Some("MAPA-2026-07".into()));
        assert_eq!(
            r("Référence de la consultation : 2026/014"),
            Some("2026/014".into())
        );
        assert_eq!(r("SIRET n° 123 456 789 00012, article 9"), None);
    }

    /// The buyer named by a title block without label, and a labelled buyer without what the
    /// line adds after its name.
    #[test]
    fn buyers_from_title_blocks_and_trimmed_labels() {
        let b = |t: &str| facts(t).buyer;
        assert_eq!(
            b("COMMUNE DE VAL-D'ARGENS\nRÈGLEMENT DE LA CONSULTATION\nTravaux de voirie"),
            Some("COMMUNE DE VAL-D'ARGENS".into())
        );
        assert_eq!(
            b("Pouvoir adjudicateur : Ville de Lormes, représentée par son maire en exercice"),
            Some("Ville de Lormes".into())
        );
        assert_eq!(
            b("Acheteur : Syndicat mixte des eaux du Lormois (SMEL)"),
            Some("Syndicat mixte des eaux du Lormois".into())
        );
    }
}
