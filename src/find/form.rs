//! The form a clause takes in a document: the stipulation itself (`clause`), a short statement
//! that the contract has one (`mention`), a piece that points to another piece's clause
//! (`reference`), or a structured field of a notice (`flag`); and the explicit negatives
//! ("Clauses sociales : Sans", "La participation n'est pas réservée"), which say that there is
//! none and must never be read as a clause.
//!
//! Only a `clause` is held to its model's required elements: a notice that says "clause
//! d'insertion : voir CCAP" is not missing its penalties.

use crate::find::clause::{Clause, Form};
use crate::find::role::Role;
use crate::read::document::Document;
use crate::template::ClauseKind;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Below this length a clause's own text is a statement, not a stipulation.
const SHORT: usize = 400;

/// Words that send the reader to another piece ("article 9 du CCAP", "voir le CCAP",
/// "prévues dans les documents de la consultation").
static POINTS_ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    // The CCAG is not a piece of the consultation: a CCAP that applies its article 16.1 or
    // 20.1 and states its own hours stipulates the clause.
    let piece = r"(?:CCAP|CCP|CCTP|contrat|cahier des (?:clauses|charges)[^.;\n]{0,40}|r[èe]glement de (?:la )?consultation|acte d'engagement|documents? (?:de la consultation|du march[ée]|contractuels)|DCE|dossier de consultation)";
    Regex::new(&format!(
        r"(?i)\bart(?:icle|\.)s?\s*\d+(?:\.\d+)*\s+(?:du|de l'|des|de la)\s+{piece}|\b{piece}\s*\(\s*art(?:icle|\.)s?\s*\d+(?:\.\d+)*\s*\)|\b(?:voir|cf\.?|conform[ée]ment (?:au|à l'|à la|aux))\s+(?:le |la |l'|les )?{piece}|\b(?:pr[ée]cis[ée]e?s?|d[ée]finie?s?|d[ée]crite?s?|d[ée]taill[ée]e?s?|figurant|mentionn[ée]e?s?|pr[ée]vue?s?|indiqu[ée]e?s?)\s+(?:dans|au|à l'|à la|aux|par)\s+(?:le |la |l'|les )?{piece}"
    ))
    .unwrap()
});

/// Words that state that a clause exists without stipulating it.
static STATES_EXISTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:clauses? (?:sociales?|d'insertion)[^.:\n]{0,40}\s*[:|]\s*oui(?-u:\b)|comporte(?:ra)? une (?:clause|condition)|int[èe]gre(?:ra)? une clause|une clause [^.\n]{0,40} est pr[ée]vue|est soumis à une clause)").unwrap()
});

/// The form of a clause, from the role of its document and its own text.
pub fn of(role: Role, kind: ClauseKind, own_text: &str) -> Form {
    let points = POINTS_ELSEWHERE.is_match(own_text);
    let short = own_text.len() < SHORT;
    match role {
        Role::QaRegister => Form::Reference,
        Role::Notice => {
            if points {
                Form::Reference
            } else {
                Form::Mention
            }
        }
        Role::Ae if points => Form::Reference,
        // The RC's own criteria and reservations are stipulations; its execution conditions
        // announce what the CCAP stipulates.
        Role::Rc if kind == ClauseKind::ExecutionCondition => {
            if points {
                Form::Reference
            } else if own_text.len() < 2 * SHORT {
                Form::Mention
            } else {
                Form::Clause
            }
        }
        _ if short && points => Form::Reference,
        _ if short && STATES_EXISTENCE.is_match(own_text) => Form::Mention,
        _ => Form::Clause,
    }
}

/// Sets the form of every clause of a document.
pub fn assign(doc: &Document, role: Role, clauses: &mut [Clause]) {
    for clause in clauses {
        clause.form = of(role, clause.kind, &doc.text.text[clause.range.clone()]);
    }
}

/// "Le marché comporte une clause d'insertion", "Les prestations comportent une clause
/// obligatoire d'insertion par l'activité économique", "comporte des conditions d'exécution à
/// caractère social", "Clause sociale d'insertion : oui", "des éléments à caractère social dans
/// les conditions d'exécution", "une démarche d'insertion professionnelle est intégrée au projet".
static EXISTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:comport(?:e|ent|era|eront|ant)|pr[ée]voi(?:t|ent|ra)|int[èe]gre(?:nt|ra)?|inclu(?:t|ent|ra|ant)|contien(?:t|nent|dra)|compren(?:d|nent|dra|ant))\s+(?:une|des|la|les)\s+(?:clauses?|conditions?)(?:\s+obligatoires?)?(?:\s+sociales?)?(?:\s+d'ex[ée]cution)?(?:\s+obligatoires?)?\s*(?:à caract[èe]re social|en mati[èe]re sociale|d'(?:aide à l')?insertion|sociales?\b)|\b(?:clauses? sociales?(?: d'insertion)?|clauses? d'insertion|dispositif d'insertion)\s*[:|]\s*oui\b|\b(?:[ée]l[ée]ments?|dispositions?|mesures?|clauses?|conditions?) à caract[èe]re social[^.\n]{0,80}conditions d'ex[ée]cution|\b(?:d[ée]marche|clause|dispositif|volet|action)s? (?:sociales?|d'insertion(?: sociale| professionnelle| par l'activit[ée] [ée]conomique)?)\s+(?:est|sont|sera|seront)\s+(?:[ée]galement\s+|bien\s+)?(?:int[ée]gr[ée]e?s?|pr[ée]vue?s?|mise?s? en (?:œuvre|place)|inclu(?:se?s?)?)\b").unwrap()
});
/// What a questions-answers register says about the insertion clause.
static QA_TOPIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)heures d'i\w*sertion|clauses? (?:sociales?|d'insertion)|insertion (?:sociale|professionnelle)|engagement d'insertion").unwrap()
});

/// A statement that the contract has a clause, found where detection found none.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub kind: ClauseKind,
    pub form: Form,
    /// Byte range of the sentence (or table row) in the normalised text.
    pub range: Range<usize>,
}

/// Statements of existence the scoring of sections cannot see, because they are one sentence
/// long: a notice's "Le marché comporte une clause d'insertion", a Q&A register's answer about
/// the insertion hours. `found` are the clauses detection already has: a statement inside one
/// of them adds nothing.
pub fn statements(doc: &Document, role: Role, found: &[Clause]) -> Vec<Statement> {
    let body = doc.text.body();
    let covered = |r: &Range<usize>| {
        found.iter().any(|c| {
            c.kind == ClauseKind::ExecutionCondition
                && c.range.start <= r.start
                && r.end <= c.range.end
        })
    };
    let pattern: &Regex = if role == Role::QaRegister {
        &QA_TOPIC
    } else {
        &EXISTENCE
    };
    // A document whose execution condition detection found needs no statement: say so before
    // the pattern runs over the whole body (a long CCAP paid a tenth of its checks here).
    if found
        .iter()
        .any(|c| c.kind == ClauseKind::ExecutionCondition)
    {
        return Vec::new();
    }
    let Some(m) = pattern.find_iter(body).find(|m| !covered(&m.range())) else {
        return Vec::new();
    };
    let range = sentence_around(body, m.range());
    let form = if role == Role::QaRegister || POINTS_ELSEWHERE.is_match(&body[range.clone()]) {
        Form::Reference
    } else {
        Form::Mention
    };
    vec![Statement {
        kind: ClauseKind::ExecutionCondition,
        form,
        range,
    }]
}

/// The sentence (or line) holding a match: from the previous full stop or line break to the
/// next one, at most a few hundred bytes either side.
fn sentence_around(text: &str, m: Range<usize>) -> Range<usize> {
    const REACH: usize = 300;
    let from = text.floor_char_boundary(m.start.saturating_sub(REACH));
    let to = text.ceil_char_boundary((m.end + REACH).min(text.len()));
    // A full stop before a digit numbers an article ("article 6.1.2") or writes a number: the
    // sentence goes on.
    let stops = |t: &str, i: usize| {
        let b = t.as_bytes();
        b[i] == b'\n'
            || b[i] == b'|'
            || (b[i] == b'.' && !b.get(i + 1).is_some_and(u8::is_ascii_digit))
    };
    let before = &text[from..m.start];
    let start = (0..before.len())
        .rev()
        .find(|&i| stops(before, i))
        .map_or(from, |i| from + i + 1);
    // A table cell goes on to the end of its row.
    let after = &text[m.end..to];
    let end = (0..after.len())
        .find(|&i| after.as_bytes()[i] != b'|' && stops(after, i))
        .map_or(to, |i| m.end + i + 1);
    let start = start + (text[start..m.start].len() - text[start..m.start].trim_start().len());
    start..end
}

/// An explicit statement that a document has no clause of a kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Negative {
    pub kind: ClauseKind,
    /// Byte range of the statement in the normalised text.
    pub range: Range<usize>,
}

/// "Clauses sociales : Sans", "Dispositif d'insertion : Non", "Marché réservé | non", and a heading naming the clause with
/// "Sans objet" (or "Néant", "Non concerné") as its whole first line.
static LABELLED_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(clauses? sociales?(?: d'insertion)?|clauses? d'insertion|dispositif d'insertion|insertion sociale|march[ée] r[ée]serv[ée]|participation r[ée]serv[ée]e|emplois? prot[ée]g[ée]s?|ateliers? prot[ée]g[ée]s?|r[ée]serv[ée] (?:à des|aux) [^:|\n]{1,80}?)[ \t]*(?:\([^)\n]{0,40}\))?(?:[ \t]*[:|]\s*(?:sans|non|aucune?|n[ée]ant)(?-u:\b)|[ \t]*\n\s*(?:sans objet|n[ée]ant|non concern[ée]e?|non applicable)(?-u:\b))").unwrap()
});
/// "La participation n'est pas réservée", "le marché ne comporte pas de clause sociale".
static SENTENCE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:la participation|le march[ée]|ce march[ée]|l'accord-cadre|la consultation|la proc[ée]dure|le lot|les lots|ce lot)\s+n'(?:est|sont)\s+pas\s+r[ée]serv[ée]e?s?|(?:ne comporte|ne pr[ée]voit|n'inclut|n'int[èe]gre)\s+(?:pas|aucune?)\s+(?:de\s+)?(clauses? (?:sociales?|d'insertion))|(?-u:\b)aucune (clause (?:sociale|d'insertion)))").unwrap()
});
static DISABILITY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)prot[ée]g|handicap|(?-u:\b)ESAT(?-u:\b)|entreprises? adapt").unwrap()
});
static INSERTION_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)insertion|(?-u:\b)SIAE(?-u:\b)|d[ée]favoris").unwrap());

/// Every explicit negative in a document's body, in text order.
pub fn negatives(doc: &Document) -> Vec<Negative> {
    let body = doc.text.body();
    let mut out: Vec<Negative> = LABELLED_NO
        .find_iter(body)
        .chain(SENTENCE_NO.find_iter(body))
        .map(|m| Negative {
            kind: negative_kind(m.as_str()),
            range: m.range(),
        })
        .collect();
    out.sort_by_key(|n| n.range.start);
    // One negative per kind is the statement; a notice that repeats its "non" per lot says
    // the same thing again.
    let mut seen = Vec::new();
    out.retain(|n| {
        let first = !seen.contains(&n.kind);
        seen.push(n.kind);
        first
    });
    out
}

/// The kind a negative denies: a clause when it speaks of clauses, else a reservation, to
/// disabled workers' structures unless it names insertion (the historic "marché réservé" box
/// of French notices is the sheltered-workshop one).
fn negative_kind(statement: &str) -> ClauseKind {
    let lower = statement.to_lowercase();
    if lower.contains("clause")
        || lower.contains("dispositif d'insertion")
        || lower.contains("insertion sociale")
    {
        ClauseKind::ExecutionCondition
    } else if DISABILITY_WORDS.is_match(statement) {
        ClauseKind::ReservedDisability
    } else if INSERTION_WORDS.is_match(statement) {
        ClauseKind::ReservedSiae
    } else {
        ClauseKind::ReservedDisability
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_of_existence_in_other_words() {
        for yes in [
            "L'attention des candidats est attirée sur la mise en œuvre d'éléments à caractère social dans les conditions d'exécution du marché.",
            "Une démarche d'insertion professionnelle est également intégrée au projet.",
            "Une clause d'insertion est prévue à l'article 9 du CCAP.",
            "Une clause sociale est intégrée pour chacun des lots.",
            "Accord-cadre à bons de commande d'une durée de 48 mois incluant une clause sociale.",
        ] {
            assert!(EXISTENCE.is_match(yes), "{yes}");
        }
        for no in [
            "La démarche environnementale est intégrée au projet.",
            "Les conditions d'exécution sont fixées au CCAP.",
            "L'insertion paysagère du projet est prévue.",
        ] {
            assert!(!EXISTENCE.is_match(no), "{no}");
        }
    }

    #[test]
    fn a_sentence_goes_on_past_an_article_number_and_a_table_cell() {
        let text = "Question | Réponse\nNombre d'heures d'insertion ? | L'article 6.1.2 du contrat prévoit 3 000 heures par année. Autre phrase.";
        let at = text.find("heures d'insertion").unwrap();
        let range = sentence_around(text, at..at + 18);
        assert_eq!(
            &text[range],
            "Nombre d'heures d'insertion ? | L'article 6.1.2 du contrat prévoit 3 000 heures par année."
        );
    }

    #[test]
    fn an_rc_announcing_the_ccaps_article_refers() {
        assert_eq!(
            of(
                Role::Rc,
                ClauseKind::ExecutionCondition,
                "Le CCAP (article 10) prévoit une condition d'exécution à caractère social : le titulaire réserve une part des heures de travail à des personnes éloignées de l'emploi."
            ),
            Form::Reference
        );
    }

    #[test]
    fn a_qa_register_only_refers() {
        assert_eq!(
            of(Role::QaRegister, ClauseKind::ExecutionCondition, "Réponse : le titulaire réserve 3 000 heures par an à l'insertion, voir article 6.1.2 du contrat."),
            Form::Reference
        );
    }

    #[test]
    fn a_notice_mentions_or_refers() {
        assert_eq!(
            of(
                Role::Notice,
                ClauseKind::ExecutionCondition,
                "Conditions particulières d'exécution : clause d'insertion sociale prévue au CCAP."
            ),
            Form::Reference
        );
        assert_eq!(
            of(
                Role::Notice,
                ClauseKind::ReservedDisability,
                "Les prestations sont réservées à des ESAT et entreprises adaptées."
            ),
            Form::Mention
        );
    }

    #[test]
    fn an_ae_pointing_to_the_ccap_refers_and_a_ccap_article_is_a_clause() {
        assert_eq!(
            of(Role::Ae, ClauseKind::ExecutionCondition, "Le candidat s'engage à réaliser l'action d'insertion conformément à l'article 4.5 du CCAP."),
            Form::Reference
        );
        let article = "Article 9 – Clause sociale d'insertion\n".to_string()
            + &"Le titulaire réserve 5 % des heures travaillées à des personnes éloignées de l'emploi, avec l'appui du facilitateur du PLIE. ".repeat(6);
        assert_eq!(
            of(Role::Ccap, ClauseKind::ExecutionCondition, &article),
            Form::Clause
        );
    }

    #[test]
    fn a_short_statement_in_a_ccap_is_a_mention() {
        assert_eq!(
            of(
                Role::Ccap,
                ClauseKind::ExecutionCondition,
                "Clause sociale d'insertion : oui"
            ),
            Form::Mention
        );
    }

    #[test]
    fn an_rc_criterion_is_its_own_clause() {
        assert_eq!(
            of(
                Role::Rc,
                ClauseKind::AwardCriterion,
                "Critère 3 : performance en matière d'insertion (10 %)"
            ),
            Form::Clause
        );
    }

    fn doc(text: &str) -> Document {
        Document::from_text(text)
    }

    #[test]
    fn explicit_negatives_are_found_with_their_kind() {
        let d = doc("Objet | Fournitures\nClauses sociales | Sans\nClauses environnementales | Avec\n\nLa participation n'est pas réservée à une profession particulière.\n\nEmplois protégés : Non\n\nDispositif d'insertion : Non");
        let found: Vec<(ClauseKind, &str)> = negatives(&d)
            .iter()
            .map(|n| (n.kind, &d.text.text[n.range.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (ClauseKind::ExecutionCondition, "Clauses sociales | Sans"),
                (
                    ClauseKind::ReservedDisability,
                    "La participation n'est pas réservée"
                ),
            ],
            "one negative per kind: the first statement"
        );
        let d = doc("Dispositif d'insertion : Non");
        assert_eq!(negatives(&d)[0].kind, ClauseKind::ExecutionCondition);
        let d = doc("Emplois protégés : Non");
        assert_eq!(negatives(&d)[0].kind, ClauseKind::ReservedDisability);
    }

    #[test]
    fn a_notice_sentence_states_an_execution_condition() {
        for text in [
            "II.2.13) Informations complémentaires\nLe marché comporte une clause d'insertion.\nIII.1.5) Marchés réservés",
            "Les prestations comportent une clause obligatoire d'insertion par l'activité économique. Pour tous les lots, des visites sont obligatoires.",
            "Cette consultation comporte des conditions d'exécution à caractère social et environnemental dont le détail est indiqué dans le CCAP.",
            "Clause sociale d'insertion : oui",
        ] {
            let d = doc(text);
            let found = statements(&d, Role::Notice, &[]);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].kind, ClauseKind::ExecutionCondition);
            let sentence = &d.text.text[found[0].range.clone()];
            assert!(!sentence.contains("visites") && !sentence.contains("III.1.5"), "{sentence:?}");
        }
        let d = doc("Cette consultation comporte des conditions d'exécution à caractère social dont le détail est indiqué dans le CCAP.");
        assert_eq!(statements(&d, Role::Notice, &[])[0].form, Form::Reference);
    }

    #[test]
    fn no_statement_in_a_negative_or_an_unrelated_sentence() {
        for text in [
            "Le marché ne comporte pas de clause sociale.",
            "Le marché comporte une clause de révision des prix.",
            "Clauses sociales : Sans",
        ] {
            assert!(
                statements(&doc(text), Role::Notice, &[]).is_empty(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_qa_register_answer_about_the_hours_refers_to_the_clause() {
        let d = doc("Question | Réponse\nPourriez-vous communiquer un nombre d'heures d'insertion | L'article 6.1.2 du contrat prévoit 3 000 heures d'insertion sociale par année d'exécution");
        let found = statements(&d, Role::QaRegister, &[]);
        assert_eq!(found[0].form, Form::Reference);
    }

    #[test]
    fn a_positive_statement_is_not_a_negative() {
        let d =
            doc("Clauses sociales : Oui\nLe marché est réservé aux SIAE.\nMarché réservé : oui");
        assert!(negatives(&d).is_empty());
    }

    #[test]
    fn a_clause_that_no_document_lacks_is_not_negated_by_other_words() {
        let d = doc("Le titulaire n'est pas tenu de réserver plus de 5 % des heures.");
        assert!(negatives(&d).is_empty());
    }
}
