//! The figures of a clause, read from its normalised text: hour volumes ("1 050 heures",
//! "quatre cent vingt (420) heures"), share of hours ("5 % du nombre total d'heures"), ratio
//! ("35 h par tranche de 100 000 € facturés"), penalty per hour ("60 € HT par heure",
//! "cinquante euros"), award weight, hours per lot from tables, ANRU funding.
//!
//! Every extractor looks at the words around a number, because tenders are full of figures
//! that are not insertion volumes: deadlines ("sous 48 heures"), penalties per day of delay,
//! durations of a training session.

use crate::base::numbers::{parse_digits, parse_words};
use crate::read::blocks::table_cells;
use crate::template::{ClauseKind, ElementId};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

mod hours;
mod lots;
mod penalty;
mod weight;
use hours::*;
use lots::*;
use penalty::*;
use weight::*;

pub use lots::lots_covered;

/// The parameters of one clause, as reported (the JSON field names are public API).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parameters {
    /// Every volume of insertion hours stated, in order, each once.
    pub hours: Vec<u64>,
    pub percent_of_hours: Option<f64>,
    pub hours_ratio: Option<HoursRatio>,
    pub penalty_per_hour_eur: Option<f64>,
    pub award_weight_percent: Option<f64>,
    pub lots: Vec<LotHours>,
    pub anru: bool,
    /// The total stated beside per-lot hours, when there is one.
    pub total_hours: Option<u64>,
    /// The penalty formula when no amount per hour is given ("1,5 fois le SMIC horaire").
    pub penalty_formula: Option<String>,
}
/// Hours owed per amount invoiced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HoursRatio {
    pub hours: f64,
    pub per_eur: f64,
    /// The amount invoiced from which the ratio applies ("au-delà de 2 700 000 € HT"),
    /// when the clause sets one.
    #[serde(default)]
    pub threshold_eur: Option<f64>,
}
/// The insertion hours of one lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotHours {
    pub lot: String,
    pub hours: u64,
}
/// A number as French tenders write it (digits with space, dot or no separator).
const NUM: &str = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?";
/// Number words that may write a volume or an amount in letters.
const WORD: &str = r"(?:zéro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|et)";
static PERCENT_OF_HOURS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)({NUM}) ?%[^%.\n]{{0,50}}?(?-u:\b)(?:heures|temps de travail|volume horaire|main-d'œuvre)"
    ))
    .unwrap()
});
static RATIO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)({NUM}) ?(?:heures?|h)(?-u:\b)[^.\n]{{0,40}}?(?:par|pour|toutes? les?|chaque) (?:tranche |fraction |part |lot )?(?:de |d'un montant de )?({NUM}) ?(?:€|euros|k€)"
    ))
    .unwrap()
});
/// The amount from which a ratio applies: "à partir d'un seuil de déclenchement de 2 700 000
/// euros", "au-delà de 2,7 M€".
static THRESHOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:seuil|au-delà d[eu']|à partir d(?:e |'un ))[^€.;]{{0,80}}?({NUM}) ?(M€|millions? d'euros|€|euros)"
    ))
    .unwrap()
});
/// How far after a ratio its threshold is looked for.
const THRESHOLD_REACH: usize = 300;
static ANRU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)ANRU(?-u:\b)|(?-u:\b)N?PNRU(?-u:\b)|renouvellement urbain|rénovation urbaine|charte nationale d'insertion").unwrap()
});
fn parse_num(s: &str) -> Option<f64> {
    parse_digits(s)
}
/// Reads the parameters of a clause; `document` is the whole body, for facts stated outside
/// the clause (ANRU funding is usually in the first article).
pub fn extract(clause: &str, document: &str, kind: ClauseKind) -> Parameters {
    extract_in(clause, mentions_anru(document), kind)
}
/// Whether a text speaks of the ANRU (urban renewal): looked up once per document, not once
/// per clause, so that checking stays linear in the document's size.
pub fn mentions_anru(text: &str) -> bool {
    ANRU.is_match(text)
}
/// [`extract`] for a clause of a document that does (or does not) speak of the ANRU.
pub fn extract_in(clause: &str, document_mentions_anru: bool, kind: ClauseKind) -> Parameters {
    let answers = answers_only(clause);
    let clause: &str = &answers;
    let mut p = Parameters {
        anru: document_mentions_anru || ANRU.is_match(clause),
        ..Parameters::default()
    };
    if let Some(c) = RATIO.captures(clause) {
        let hours = parse_num(&c[1]);
        let per = parse_num(&c[2]).map(|v| {
            if c[0].to_lowercase().ends_with("k€") {
                v * 1000.0
            } else {
                v
            }
        });
        if let (Some(hours), Some(per_eur)) = (hours, per) {
            if per_eur >= 100.0 {
                let after = &clause[c.get(0).map_or(0, |m| m.end())..];
                let after = &after[..after.floor_char_boundary(THRESHOLD_REACH.min(after.len()))];
                let threshold_eur = THRESHOLD
                    .captures(after)
                    .or_else(|| THRESHOLD.captures(clause))
                    .and_then(|t| {
                        let v = parse_num(&t[1])?;
                        let unit = t[2].to_lowercase();
                        Some(if unit.starts_with('m') {
                            v * 1_000_000.0
                        } else {
                            v
                        })
                    })
                    .filter(|v| *v > per_eur);
                p.hours_ratio = Some(HoursRatio {
                    hours,
                    per_eur,
                    threshold_eur,
                });
            }
        }
    }
    let ratio_span = RATIO.find(clause).map(|m| m.range());
    p.hours = hours(clause, ratio_span);
    p.lots = lots(clause);
    p.total_hours = total(clause);
    // A table's "Heures d'insertion" column states volumes without a unit beside them: they
    // are the hours stated, row by row, with the table's total.
    if p.hours.is_empty() && !p.lots.is_empty() {
        for lot in &p.lots {
            if !p.hours.contains(&lot.hours) {
                p.hours.push(lot.hours);
            }
        }
        if let Some(total) = p.total_hours.filter(|t| !p.hours.contains(t)) {
            p.hours.push(total);
        }
    }
    p.percent_of_hours = PERCENT_OF_HOURS
        .captures_iter(clause)
        .filter(|c| {
            let (before, _) = window(
                clause,
                c.get(0).unwrap().start(),
                c.get(0).unwrap().end(),
                40,
                0,
            );
            !before.contains("pénalit") && !before.contains("pondér") && !before.contains("critère")
        })
        .find_map(|c| parse_num(&c[1]))
        .filter(|v| *v > 0.0 && *v <= 100.0);
    let (penalty, formula) = penalty(clause);
    p.penalty_per_hour_eur = penalty;
    p.penalty_formula = formula;
    if kind == ClauseKind::AwardCriterion {
        p.award_weight_percent = award_weight(clause);
    }
    p
}
/// A questions-answers table's header row: "N° | Question | Réponse | Date".
static QA_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?im)^.*\bquestions?\b.*\|.*\br[ée]ponses?\b.*$").unwrap());
/// A row about the insertion clause.
static QA_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)insertion|clauses? sociales?|\bSIAE\b|[ée]loign[ée]es? de l'emploi").unwrap()
});
/// In a questions-answers table, the buyer's answers are what the contract says; a bidder's
/// question ("nous avons lu 300 heures…") is not. Below the header row, each row about the
/// clause keeps its answer cells only, and rows about other subjects are dropped; text
/// without such a table is returned as it is.
fn answers_only(clause: &str) -> std::borrow::Cow<'_, str> {
    let Some(header) = QA_HEADER.find(clause) else {
        return clause.into();
    };
    let Some(answer) = table_cells(header.as_str()).position(|c| {
        let c = c.to_lowercase();
        c.starts_with("réponse") || c.starts_with("reponse")
    }) else {
        return clause.into();
    };
    let mut out = String::with_capacity(clause.len());
    out.push_str(&clause[..header.end()]);
    for line in clause[header.end()..].split_inclusive('\n') {
        crate::base::deadline::tick();
        if !line.contains(" | ") {
            out.push_str(line);
            continue;
        }
        if QA_TOPIC.is_match(line) {
            if let Some(cell) = table_cells(line).nth(answer) {
                out.push_str(cell);
                out.push('\n');
            }
        }
    }
    out.into()
}
impl Parameters {
    /// Whether the clause's figures give `element`: hours (volumes, lots, a ratio or a share of
    /// hours), penalties (an amount per hour or a formula) or the award weight. One answer for
    /// the clause's `missing-element` rule and for the consultation, which asks whether any
    /// piece gives it.
    pub fn states(&self, element: ElementId) -> bool {
        match element {
            ElementId::Hours => {
                !self.hours.is_empty()
                    || !self.lots.is_empty()
                    || self.hours_ratio.is_some()
                    || self.percent_of_hours.is_some()
            }
            ElementId::Penalties => {
                self.penalty_per_hour_eur.is_some() || self.penalty_formula.is_some()
            }
            ElementId::AwardWeight => self.award_weight_percent.is_some(),
            _ => false,
        }
    }
}
/// The insertion hours a clause commits to: its stated total, else the sum of its lots, else
/// the sum of the volumes it states. Ratios and percentages are not volumes and count for 0.
pub fn committed_hours(p: &Parameters) -> u64 {
    if let Some(total) = p.total_hours {
        total
    } else if !p.lots.is_empty() {
        p.lots.iter().map(|l| l.hours).sum()
    } else {
        p.hours.iter().sum()
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_row_whose_cell_wrapped_keeps_its_lot() {
        // A PDF writes each line of a wrapped cell at its own height: the lot's label, its
        // title over two lines and its hours come out on lines of their own.
        let clause = "Lot | Intitulé\nHeures\nd'insertion\nLot 1\nGros œuvre, démolition, \
                      terrassements et fondations du\nbâtiment principal\n600 heures\n\
                      Lot 2 Menuiseries extérieures en aluminium 450 heures\n";
        let got: Vec<(String, u64)> = lots::lots(clause)
            .into_iter()
            .map(|l| (l.lot, l.hours))
            .collect();
        assert_eq!(got, [("1".to_string(), 600), ("2".to_string(), 450)]);
        // A list of lots followed by a sentence with hours of something else is no row.
        let list = "Lot 1 : Gros œuvre\nLot 2 : Menuiseries\nLe titulaire intervient sous \
                    48 heures.\n";
        assert!(lots::lots(list).is_empty());
    }

    /// Hours are given by volumes, by a table of lots, by a ratio or by a share of hours;
    /// penalties by an amount or a formula.
    #[test]
    fn the_figures_state_their_elements() {
        let lots = Parameters {
            lots: vec![LotHours {
                lot: "1".into(),
                hours: 460,
            }],
            ..Parameters::default()
        };
        assert!(lots.states(ElementId::Hours));
        assert!(!lots.states(ElementId::Penalties));
        let formula = Parameters {
            penalty_formula: Some("1,5 fois le SMIC horaire".into()),
            ..Parameters::default()
        };
        assert!(formula.states(ElementId::Penalties));
        assert!(!Parameters::default().states(ElementId::Hours));
    }
    use crate::read::normalize::normalize_str;

    fn of(s: &str) -> Parameters {
        let n = normalize_str(s);
        let kind = if s.contains("Critère") || s.contains("Performances") {
            ClauseKind::AwardCriterion
        } else {
            ClauseKind::ExecutionCondition
        };
        extract(&n, &n, kind)
    }

    #[test]
    fn a_qa_tables_figures_are_the_answers_about_the_clause() {
        let p = of("Registre des questions\nN° | Question | Réponse | Date\n2 | Les travaux de nuit sont-ils autorisés ? | Non : toute intervention fait l'objet d'une demande 72 heures à l'avance. | 04/04\n5 | Le lot 6 est-il concerné par la clause d'insertion ? Nous avons lu 300 heures. | Non, seuls les lots 1 et 2. | 11/04\n6 | Quel volume pour le lot 2 ? | Le lot 2 comporte 310 heures d'insertion. | 15/04");
        assert_eq!(p.hours, [310]);
        assert_eq!(
            p.lots,
            [LotHours {
                lot: "2".into(),
                hours: 310
            }]
        );
    }

    #[test]
    fn an_hour_of_something_else_is_no_insertion_penalty() {
        assert_eq!(
            amount_per_hour("pénalité de 80 € HT par heure de dépassement des horaires"),
            None
        );
        assert_eq!(
            amount_per_hour("pénalité de 60 € HT par heure d'insertion non réalisée"),
            Some(60.0)
        );
        assert_eq!(
            amount_per_hour("pénalité de 45 € par heure de travail non réalisée"),
            Some(45.0)
        );
    }

    #[test]
    fn opening_hours_spelled_out_are_times_of_day_not_volumes() {
        let text = "Le titulaire réalise 7 000 heures d'insertion. Horaires d'ouverture des sites : \
                    9 heures - 12 heures et 14 heures - 18 heures ; chantiers de 8 heures à 16 heures.";
        assert_eq!(hours::hours(text, None), [7000]);
    }

    #[test]
    fn a_numbered_item_of_the_penalties_article_is_a_penalty() {
        let article =
            "ARTICLE 14 – PÉNALITÉS\n\n14.1 Retard dans l'exécution : 1/3 000 du montant \
                       du marché par jour calendaire de retard.\n14.2 Absence aux rendez-vous de \
                       chantier : 150 € par absence.\n14.3 Non-respect du délai d'intervention \
                       (24 heures) : 200 € par jour de retard.\n14.4 Non-respect de l'engagement \
                       d'insertion : 45 € par heure d'insertion non réalisée.\n";
        assert_eq!(penalty::penalty(article).0, Some(45.0));
        // The item alone, linked to the clause without its article's heading.
        let item = "14.4 Non-respect de l'engagement d'insertion : 45 € par heure d'insertion \
                    non réalisée, constatée au bilan.";
        assert_eq!(penalty::penalty(item).0, Some(45.0));
        // An amount per hour of something done is no penalty.
        assert_eq!(
            penalty::penalty("Le coût horaire retenu est de 35 € par heure travaillée.").0,
            None
        );
    }

    #[test]
    fn in_a_list_of_penalties_each_amount_keeps_its_own_unit() {
        // The amount per visit or per analysis is never the hour's, though an earlier item
        // of the same list named an hour.
        let list = "Pénalités : retard d'intervention, 20 € par heure de retard ; visite non \
                    réalisée, 250 € par visite ; analyse non conforme, 500 € par analyse ; \
                    heures d'insertion non réalisées, 75 € HT par heure manquante.";
        assert_eq!(amount_per_hour(list), Some(75.0));
        assert_eq!(
            amount_per_hour("Pénalité : 60 € par l'heure d'insertion non faite"),
            Some(60.0)
        );
    }

    #[test]
    fn a_bordered_penalty_row_whose_insertion_word_wraps_to_the_next_line() {
        let table = "| Manquement | Montant |\n| Dépassement des horaires de | 80 € HT par heure de |\n| chantier autorisés | dépassement |\n| Non-respect de l'engagement | 60 € HT par heure |\n| d'insertion prévu à l'article | d'insertion non |\n| II.6 | réalisée |";
        assert_eq!(penalty_in_table(table), Some(60.0));
    }

    #[test]
    fn a_total_is_the_volume_beside_the_word_never_a_monthly_split() {
        let p = of("Le titulaire réalise 3 000 heures d'insertion par année d'exécution, soit 12 000 heures sur la durée totale de l'accord-cadre. À titre indicatif, 250 heures par mois.");
        assert_eq!(p.total_hours, Some(12000));
        assert_eq!(
            of("Lot 1 : 300 heures ; lot 2 : 420 heures ; soit un total de 720 h.").total_hours,
            Some(720)
        );
    }

    #[test]
    fn a_social_sub_criterion_has_its_own_weight_not_its_criterions() {
        let p = of("Critère 1 : Prix | 60 %\nCritère 2 : Valeur technique | 25 %\nCritère 3 : Performances sociales et environnementales | 15 %\nSous-critère 3.1 : Performance en matière d'insertion professionnelle des publics en difficulté | 5 %\nSous-critère 3.2 : Gestion des déchets | 10 %");
        assert_eq!(p.award_weight_percent, Some(5.0));
    }

    #[test]
    fn labelled_hours_per_lot_block_as_notices_write_them() {
        let p = of("Objet : accompagnement vers l'emploi.\n\nLot n° 1 : Nord\n\n— nombre minimum de bénéficiaires : 3250;\n— nombre d'heures de travail à réaliser au titre de l'engagement d'insertion professionnelle pour la 1re période contractuelle: 2214.\n\nLot n° 2 : Sud\n\n— durée : 24 mois;\n— nombre d'heures de travail à réaliser au titre de l'engagement d'insertion professionnelle pour la première période contractuelle : 1 429.");
        assert_eq!(p.hours, [2214, 1429]);
        assert_eq!(
            p.lots,
            [
                LotHours {
                    lot: "1".into(),
                    hours: 2214
                },
                LotHours {
                    lot: "2".into(),
                    hours: 1429
                }
            ]
        );
        // A count of beneficiaries is no volume of hours.
        assert!(
            of("Lot n° 1 : Nord\n— nombre minimum de bénéficiaires : 3250.")
                .lots
                .is_empty()
        );
    }

    #[test]
    fn hours_in_digits_and_words() {
        assert!(of("3.2 Heures à réaliser\nLe lot 1 porte 300 heures").hours == [300]);
        let p = of("Le titulaire réalise quatre cent vingt (420) heures d’insertion. Le lot 2 porte 1\u{202f}050\u{a0}heures, soit un total de 1 470 h.");
        assert_eq!(p.hours, [420, 1050, 1470]);
        assert_eq!(of("un volume de deux cents heures").hours, [200]);
        assert!(
            of("remise des offres le 29 avril à 12 h 00 ; chantier de 7h30 à 18 h")
                .hours
                .is_empty()
        );
        assert!(of("visite les 24 et 26 août de 9 h à 11 h.")
            .hours
            .is_empty());
        assert_eq!(of("1 heure par tranche de 2 000 € HT au-delà de 500 000 € HT, soit 300 heures d'insertion").hours, [300]);
    }

    #[test]
    fn deadlines_and_durations_are_not_volumes() {
        assert!(of("Animer une demi-journée (3h) de face à face, un tutorat de 15 jours (6 heures de face à face).").hours.is_empty());
        let p = of("Le relevé est transmis sous 48 heures. Une session collective d'une durée de 3 h. Astreinte 24 h/24. Délai de 72 heures. L'action représente 350 heures.");
        assert_eq!(p.hours, [350]);
    }

    #[test]
    fn percent_ratio_and_penalty() {
        let p = of("Le titulaire réserve 7\u{a0}% du nombre total d’heures travaillées à l'insertion. En cas de manquement, une pénalité de 60\u{a0}€ HT par heure non réalisée est appliquée ; une pénalité de 150 € par relevé manquant.");
        assert_eq!(p.percent_of_hours, Some(7.0));
        assert_eq!(p.penalty_per_hour_eur, Some(60.0));
        let p = of("Lot unique : 35 H par tranche de 100 000 € de commandes facturées.\n50 € par heure d'insertion non réalisée ; 500 € par action non réalisée.\nPénalités : voir ci-dessus");
        assert_eq!(
            p.hours_ratio,
            Some(HoursRatio {
                hours: 35.0,
                per_eur: 100000.0,
                threshold_eur: None,
            })
        );
        assert!(p.hours.is_empty(), "{:?}", p.hours);
        let p = of("1h d'insertion à réaliser par tranche de 2 000 Euros\nfacturée, à partir d'un seuil de déclenchement de\nLot unique\n2 700 000 Euros facturés");
        assert_eq!(p.hours_ratio.unwrap().threshold_eur, Some(2_700_000.0));
        let p = of("1 heure par tranche de 2 000 € HT facturés au-delà de 2,7 M€.");
        assert_eq!(p.hours_ratio.unwrap().threshold_eur, Some(2_700_000.0));
        let p = of("Une pénalité de 45 euros HT sera appliquée pour toute heure non effectuée.");
        assert_eq!(p.penalty_per_hour_eur, Some(45.0));
        assert_eq!(
            of("Le titulaire réalise un minimum de 700 heures d'insertion.").hours,
            [700]
        );
        let p = of("Chaque heure non réalisée entraîne une pénalité de cinquante euros.");
        assert_eq!(p.penalty_per_hour_eur, Some(50.0));
        let p = of("Chaque heure non réalisée entraîne une pénalité égale à 1,5 fois le SMIC horaire brut.");
        assert_eq!(p.penalty_per_hour_eur, None);
        assert!(p.penalty_formula.unwrap().contains("SMIC"));
        let p = of("Pénalités :\nNon-respect du nombre d'heures d'insertion 50€ par nombre d'heures non réalisées\nNon-réalisation de l'action 500€ par action non réalisée");
        assert_eq!(p.penalty_per_hour_eur, Some(50.0));
        let p = of("Pénalités de retard : 100 € par jour calendaire de retard.");
        assert_eq!(p.penalty_per_hour_eur, None);
    }

    #[test]
    fn lots_from_tables_and_lines() {
        let p = of("Lot | Désignation | Heures d’insertion\n01 | Démolition | 460 heures\n02 | Gros œuvre | 1\u{202f}050 heures\nTotal | | 1 510 heures");
        assert_eq!(
            p.lots,
            [
                LotHours {
                    lot: "01".into(),
                    hours: 460
                },
                LotHours {
                    lot: "02".into(),
                    hours: 1050
                }
            ]
        );
        assert_eq!(p.total_hours, Some(1510));
        assert_eq!(p.hours, [460, 1050, 1510]);
        let p = of("- Lot n° 3 (Peinture) : 280 heures\n- Lot n° 4 (Plomberie) : 150 heures");
        assert_eq!(p.lots.len(), 2);
        assert_eq!(
            p.lots[1],
            LotHours {
                lot: "4".into(),
                hours: 150
            }
        );
    }

    #[test]
    fn award_weight_and_anru() {
        let p = of(
            "Performances en matière d'insertion professionnelle des publics en difficulté : 15 %",
        );
        assert_eq!(p.award_weight_percent, Some(15.0));
        let p = of("Critères :\n| 2. Valeur technique (hors note d'insertion) | 35 % |\n| 3. Performances en matière d'insertion professionnelle | 10 % |");
        assert_eq!(p.award_weight_percent, Some(10.0));
        let p = of("Critère social (insertion) noté sur 20 : 4 points sur 20");
        assert_eq!(p.award_weight_percent, Some(20.0));
        // A penalty table's row spread over several lines, beside delay penalties per hour.
        let p = of("7. Pénalités\nDélai d'intervention | Article 5.3 | 10 € par heure de retard\n\nHeures d'insertion | | Article 6.1.2 du contrat | Pénalité forfaitaire d'un\n\nsociale | | montant de 100,00 € est\n\nappliquée par heure\nnon réalisée ou non\njustifiée.\n\nRemise des bilans | Article 8 | 50 € par jour calendaire");
        assert_eq!(p.penalty_per_hour_eur, Some(100.0));
        let p = of("Pénalités\nDélai d'intervention | 10 € par heure de retard\nRemise des bilans | 50 € par jour");
        assert_eq!(
            p.penalty_per_hour_eur, None,
            "a delay penalty per hour is not an insertion penalty"
        );
        // Notices write the weight as a label after the criterion's name.
        let p = of("Critère 4 : pertinence des mesures proposées pour la réalisation d'heures d'insertion / Pondération : 5");
        assert_eq!(p.award_weight_percent, Some(5.0));
        let p = of("Critère de qualité\n§ 10 Performances en matière de protection de l'environnement / Pondération : 10.0\n§ 12 Performances en matière d'insertion professionnelle des publics en difficulté / Pondération : 12.0");
        assert_eq!(
            p.award_weight_percent,
            Some(12.0),
            "the social criterion's own weight, not a neighbour's"
        );
        assert!(of("Opération financée par l'ANRU au titre du NPNRU").anru);
        assert!(!of("Réhabilitation de logements").anru);
    }
}
