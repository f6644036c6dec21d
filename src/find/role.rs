//! What kind of piece a document is: a règlement de la consultation, an acte d'engagement, a
//! CCAP, a notice, a questions-answers register… or no tender piece at all (the code itself,
//! a guide, a model with placeholders). Decided from the text first — the title block, the
//! numbering of a code, the density of placeholders — and from the file name only when the
//! text says nothing, with the evidence kept for the report.
//!
//! This module reads the normalised text only; it never decides whether a clause exists.

use regex::Regex;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::LazyLock;

/// The role of a document in a consultation (public API: the JSON `role` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Règlement de la consultation.
    Rc,
    /// Acte d'engagement (ATTRI1).
    Ae,
    /// Cahier des clauses administratives particulières.
    Ccap,
    /// Cahier des clauses particulières (administrative and technical in one).
    Ccp,
    /// Cahier des clauses techniques particulières (or a technical cahier des charges).
    Cctp,
    /// BPU, DQE, DPGF.
    PriceSchedule,
    /// A contract that carries its own clauses ("Contrat", "Convention").
    Contract,
    /// Avis de marché, d'attribution, de préinformation, de concours, système de qualification.
    Notice,
    /// Questions-réponses register.
    QaRegister,
    /// An annex to another piece.
    Annex,
    /// A tender piece of another kind (DC1, DC4, DUME, mémoire technique…).
    OtherTenderPiece,
    /// A legal text: the code de la commande publique, a décret, a loi.
    LegalText,
    /// A guide or practical sheet about procurement.
    Guide,
    /// A model to fill in, with placeholders ("xxxx", "AAXXX").
    Template,
    /// Nothing in the text or the name says what the document is.
    Unknown,
}

impl Role {
    /// Every role, for the tests that check each has its catalogue entries.
    pub const ALL: [Role; 15] = [
        Role::Rc,
        Role::Ae,
        Role::Ccap,
        Role::Ccp,
        Role::Cctp,
        Role::PriceSchedule,
        Role::Contract,
        Role::Notice,
        Role::QaRegister,
        Role::Annex,
        Role::OtherTenderPiece,
        Role::LegalText,
        Role::Guide,
        Role::Template,
        Role::Unknown,
    ];

    /// The snake_case id used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Rc => "rc",
            Role::Ae => "ae",
            Role::Ccap => "ccap",
            Role::Ccp => "ccp",
            Role::Cctp => "cctp",
            Role::PriceSchedule => "price_schedule",
            Role::Contract => "contract",
            Role::Notice => "notice",
            Role::QaRegister => "qa_register",
            Role::Annex => "annex",
            Role::OtherTenderPiece => "other_tender_piece",
            Role::LegalText => "legal_text",
            Role::Guide => "guide",
            Role::Template => "template",
            Role::Unknown => "unknown",
        }
    }

    /// Whether the document is a piece of a tender: only those carry clauses.
    pub fn is_tender_piece(self) -> bool {
        !matches!(self, Role::LegalText | Role::Guide | Role::Template)
    }

    /// The role with its article, in the chosen language ("un acte d'engagement", "a form of
    /// tender"), catalogue key `role.described.<role>`.
    pub fn described(self) -> &'static str {
        crate::base::i18n::lookup(&format!("role.described.{}", self.as_str()))
            .unwrap_or(self.as_str())
    }
}

/// Where the decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    /// The document's own text (title block, structure).
    Text,
    /// The file name, when the text said nothing.
    FileName,
    /// Neither: the role is a default.
    None,
}

/// A role with why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDecision {
    pub role: Role,
    /// Where the evidence comes from.
    pub source: EvidenceSource,
    /// The words that decided it, as they appear in the text or the file name.
    pub evidence: String,
}

/// How much of the body is the title block: a cover page, rarely more.
const TITLE_BLOCK: usize = 1_500;

/// A pattern for each tender role's title, searched in the title block; the earliest wins, so
/// that the title decides and a piece named later in the text ("décrites au CCTP") does not.
/// The notices' acronyms are matched in capitals only: "cette clause joue un rôle" is no JOUE.
static TITLES: LazyLock<Vec<(Role, Regex)>> = LazyLock::new(|| {
    [
        (Role::Rc, r"r[èeé]glement (?:de (?:la )?)?consu[a-z]*|(?-u:\b)R\.?C\.?\s*[–-]\s"),
        (Role::Ae, r"acte d'engagement|(?-u:\b)ATTRI ?1(?-u:\b)"),
        (
            Role::Ccap,
            r"cahier des clauses administratives particuli[èe]res|(?-u:\b)C\.?C\.?A\.?P\.?(?-u:\b)",
        ),
        (
            Role::Cctp,
            r"cahier des (?:clauses|charges) techniques(?: particuli[èe]res)?|cahier des charges fonctionnel|(?-u:\b)C\.?C\.?T\.?P\.?(?-u:\b)|(?-u:\b)CCFT(?-u:\b)",
        ),
        (Role::Ccp, r"cahier des clauses particuli[èe]res|(?-u:\b)CCP(?-u:\b)"),
        (
            Role::PriceSchedule,
            r"bordereau (?:des )?prix|d[ée]tail quantitatif|d[ée]composition (?:du )?prix global|(?-u:\b)(?:BPU|DQE|DPGF)(?-u:\b)",
        ),
        (
            Role::Notice,
            r"avis d'appel public|avis (?:de |d'|sur l')(?:march[ée]|attribution|pr[ée][- ]?information|concours|existence d'un syst[èe]me de qualification|intention)|annonce n°|(?-u:\b)(?-i:BOAMP|JOUE)(?-u:\b)",
        ),
        (
            Role::QaRegister,
            r"questions?\s*[-/–]?\s*r[ée]ponses?|registre (?:des |de )?questions",
        ),
        (Role::Contract, r"(?m)^\s*(?:d\.)?contrat(?-u:\b)|(?-u:\b)D\.CONTRAT(?-u:\b)|^\s*convention(?-u:\b)"),
        (Role::Annex, r"(?m)\A\s*annexe(?-u:\b)"),
        (
            Role::OtherTenderPiece,
            r"(?-u:\b)(?:DC ?[1-4]|DUME)(?-u:\b)|m[ée]moire technique|cadre de r[ée]ponse|lettre de candidature",
        ),
    ]
    .into_iter()
    // A title wraps over lines in a PDF ("CAHIER DES CLAUSES ADMINISTRATIVES" /
    // "PARTICULIÈRES"): between its words, any white space.
    .map(|(role, pattern)| {
        let pattern = crate::base::pattern::wrappable(pattern);
        (role, Regex::new(&format!("(?i){pattern}")).unwrap())
    })
    .collect()
});

/// The title of a code, or of a loi or décret as published.
static LEGAL_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\A\W*(?:code (?:de la commande publique|du travail|général)|(?:d[ée]cret|loi|ordonnance|arr[êe]t[ée]) n° ?\d)").unwrap()
});
/// Headings of a code's articles ("Article L2112-2", "Article R. 2113-7").
static CODE_ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*Article [LRD]\.? ?\d{1,4}(?:-\d+)*(?-u:\b)").unwrap());
/// Fields left to fill in a model: "xxxx", "AAXXX_XX", "[à compléter]".
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[a-z]{0,3}x{3,}[a-z0-9_]*(?-u:\b)|\[\s*(?:à compléter|à préciser|nom|date|montant)[^\]]{0,40}\]").unwrap()
});
static GUIDE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\A\W*(?:guide(?-u:\b)|vade-?mecum|fiche (?:pratique|technique)|recueil de|mode d'emploi)|(?im)^\W*guide (?:pratique|m[ée]thodologique|de l'acheteur|des acheteurs|à l'usage)",
    )
    .unwrap()
});
/// The title of a record of people talking about clauses, not a piece of a tender: the
/// transcript or material of a training, the minutes of a meeting or a steering committee.
/// What it says of hours and publics is reported, not stipulated.
static RECORD_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\A\W*(?:transcription(?-u:\b)|compte[- ]rendu(?-u:\b)|proc[èe]s[- ]verbal de (?:la )?(?:r[ée]union|s[ée]ance)|relev[ée] de d[ée]cisions|support de (?:formation|pr[ée]sentation))",
    )
    .unwrap()
});
/// The titles of the pieces a candidate writes (DC1, DC2, DUME, mémoire technique, cadre de
/// réponse, lettre de candidature): they answer the buyer's clause and never stipulate one.
static CANDIDATE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:DC ?[12]|DUME)(?-u:\b)|m[ée]moire technique|cadre de r[ée]ponse|lettre de candidature").unwrap()
});

impl RoleDecision {
    /// A piece written by a candidate, decided by its title: it carries no buyer's clause.
    pub fn is_candidates_piece(&self) -> bool {
        self.role == Role::OtherTenderPiece
            && self.source == EvidenceSource::Text
            && CANDIDATE_TITLE.is_match(&self.evidence)
    }
}
/// How far into the body a guide's title is looked for.
const GUIDE_REACH: usize = 400;
/// Words that make a document without a recognised title still look like a tender piece.
static TENDER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:march[ée] public|accord-cadre|pouvoir adjudicateur|titulaire du march[ée]|consultation|candidats?|soumissionnaires?|acheteur)\b").unwrap()
});

/// Decides a document's role from its normalised body text, the text of its other parts
/// (page headers and text boxes, where cover pages often put the title) and its file name.
pub fn classify(body: &str, other_parts: &str, path: &Path) -> RoleDecision {
    let head = &body[..body.floor_char_boundary(TITLE_BLOCK.min(body.len()))];
    if let Some(decision) = not_a_tender_piece(body, head) {
        return decision;
    }
    let margin =
        &other_parts[..other_parts.floor_char_boundary(TITLE_BLOCK.min(other_parts.len()))];
    let earliest = |text: &'_ str| {
        TITLES
            .iter()
            .filter_map(|(role, re)| {
                re.find(text)
                    .map(|m| (m.start(), *role, m.as_str().to_string()))
            })
            .min_by_key(|(start, _, _)| *start)
    };
    let earliest = earliest(head).or_else(|| earliest(margin));
    if let Some((_, role, words)) = earliest {
        return RoleDecision {
            role,
            source: EvidenceSource::Text,
            // A title wrapped over two lines is quoted on one.
            evidence: words.split_whitespace().collect::<Vec<_>>().join(" "),
        };
    }
    if let Some(decision) = from_file_name(path) {
        return decision;
    }
    match TENDER_WORDS.find(body) {
        Some(m) => RoleDecision {
            role: Role::OtherTenderPiece,
            source: EvidenceSource::Text,
            evidence: m.as_str().to_string(),
        },
        None => RoleDecision {
            role: Role::Unknown,
            source: EvidenceSource::None,
            evidence: String::new(),
        },
    }
}

/// A legal text, a guide or a model: strong evidence only, because these documents lose
/// their clauses.
fn not_a_tender_piece(body: &str, head: &str) -> Option<RoleDecision> {
    let text = |role, evidence: &str| {
        Some(RoleDecision {
            role,
            source: EvidenceSource::Text,
            evidence: evidence.trim().to_string(),
        })
    };
    // A code is a title and hundreds of "Article L…" headings; a tender cites a few articles
    // inside sentences, never as a run of headings.
    let code_articles = CODE_ARTICLE.find_iter(body).take(20).count();
    if let Some(m) = LEGAL_TITLE.find(head) {
        if code_articles >= 10 || !TITLES.iter().any(|(_, re)| re.is_match(head)) {
            return text(Role::LegalText, m.as_str());
        }
    }
    if code_articles >= 20 {
        return text(Role::LegalText, "articles numérotés comme ceux d'un code");
    }
    // A guide's title may follow its publisher's name: any line of the first few.
    let title_lines = &head[..head.floor_char_boundary(GUIDE_REACH.min(head.len()))];
    if let Some(m) = GUIDE_TITLE
        .find(title_lines)
        .or_else(|| RECORD_TITLE.find(title_lines))
    {
        return text(Role::Guide, m.as_str());
    }
    // Two fields left blank in the title block, or many in the text, make a model: a real
    // tender has at most a contract number still to assign ("n° 2026-XXX").
    let in_head: Vec<&str> = PLACEHOLDER.find_iter(head).map(|m| m.as_str()).collect();
    let in_body = PLACEHOLDER.find_iter(body).take(12).count();
    if in_head.len() >= 2 || in_body >= 12 {
        let evidence = if in_head.is_empty() {
            format!("{in_body} champs à compléter")
        } else {
            in_head.join(", ")
        };
        return text(Role::Template, &evidence);
    }
    None
}

/// The role a file name says, for documents whose text has no recognisable title.
pub fn from_file_name(path: &Path) -> Option<RoleDecision> {
    let name = path.file_stem()?.to_string_lossy().to_lowercase();
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let role = words.iter().find_map(|w| {
        Some(match *w {
            "rc" | "reglement" | "règlement" => Role::Rc,
            "ae" | "attri1" | "acte" => Role::Ae,
            "ccap" => Role::Ccap,
            "ccp" => Role::Ccp,
            "cctp" | "ccft" | "cct" => Role::Cctp,
            "bpu" | "dqe" | "dpgf" => Role::PriceSchedule,
            "avis" | "annonce" | "boamp" | "joue" | "ted" => Role::Notice,
            "qr" | "questions" | "reponses" | "réponses" => Role::QaRegister,
            "annexe" => Role::Annex,
            "contrat" | "convention" => Role::Contract,
            "dc1" | "dc2" | "dc4" | "dume" | "memoire" | "mémoire" => Role::OtherTenderPiece,
            "guide" => Role::Guide,
            "modele" | "modèle" | "trame" => Role::Template,
            _ => return None,
        })
    })?;
    Some(RoleDecision {
        role,
        source: EvidenceSource::FileName,
        evidence: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(text: &str, name: &str) -> Role {
        classify(text, "", Path::new(name)).role
    }

    #[test]
    fn title_block_decides_before_the_file_name() {
        assert_eq!(
            role(
                "Ville de Saint-Aubin\nMARCHÉ PUBLIC DE TRAVAUX\nRÈGLEMENT DE LA CONSULTATION\nArticle 1 – Objet",
                "ccap.pdf"
            ),
            Role::Rc
        );
        assert_eq!(
            role("ACTE D'ENGAGEMENT\nLot n° 2 : plâtrerie", "x.docx"),
            Role::Ae
        );
        assert_eq!(
            role(
                "Office public de l'habitat\nCahier des Clauses Administratives Particulières n° 26-014",
                "piece3.pdf"
            ),
            Role::Ccap
        );
        assert_eq!(
            role(
                "CAHIER DES CLAUSES PARTICULIERES (CCP)\nGardiennage",
                "a.pdf"
            ),
            Role::Ccp
        );
        assert_eq!(
            role("Avis de marché\nSection 1 - Acheteur", "a.txt"),
            Role::Notice
        );
        assert_eq!(
            role("Registre de questions\nQUESTIONS - REPONSES n°2", "a.pdf"),
            Role::QaRegister
        );
        assert_eq!(
            role("REGLEMENT DE LA CONSULATION (RC) N°2026-R004", "a.pdf"),
            Role::Rc,
            "a typo in the title still reads as an RC"
        );
    }

    #[test]
    fn a_title_in_a_page_header_counts_when_the_body_has_none() {
        let decision = classify(
            "Procédure : 26TX04\nObjet de l'accord-cadre : entretien",
            "Cahier des Clauses Administratives Particulières n° 26TX04",
            Path::new("piece.pdf"),
        );
        assert_eq!(decision.role, Role::Ccap);
        assert_eq!(decision.source, EvidenceSource::Text);
    }

    #[test]
    fn a_code_is_a_legal_text() {
        let mut code = String::from("Code de la commande publique\nPartie législative\n");
        for n in 1..30 {
            code.push_str(&format!(
                "Article L2113-{n}\nLes acheteurs peuvent réserver…\n"
            ));
        }
        let decision = classify(&code, "", Path::new("ccp.pdf"));
        assert_eq!(decision.role, Role::LegalText);
        assert_eq!(decision.source, EvidenceSource::Text);
        assert!(!decision.role.is_tender_piece());
    }

    #[test]
    fn a_ccap_that_cites_articles_stays_a_ccap() {
        let text = "CAHIER DES CLAUSES ADMINISTRATIVES PARTICULIÈRES\nArticle 1 – Objet\nEn application de l'article L. 2112-2 et de l'article R. 2113-7…";
        assert_eq!(role(text, "a.pdf"), Role::Ccap);
    }

    #[test]
    fn placeholders_in_the_title_make_a_template() {
        let text = "Cahier des Clauses Administratives Particulières | Marché de prestations pour la réalisation de xxxx et de xxxxx AAXXX_XX_XX\nSOMMAIRE";
        let decision = classify(text, "", Path::new("ccap.docx"));
        assert_eq!(decision.role, Role::Template);
        assert!(decision.evidence.contains("xxxx"), "{decision:?}");
    }

    #[test]
    fn one_number_to_assign_is_not_a_template() {
        let text = "ACTE D'ENGAGEMENT\nMarché n° 2026-XXX notifié le ..........\nLot 1";
        assert_eq!(role(text, "ae.pdf"), Role::Ae);
    }

    #[test]
    fn the_file_name_speaks_when_the_text_has_no_title() {
        let decision = classify(
            "Le titulaire réserve 400 heures à l'insertion.",
            "",
            Path::new("DCE/03-CCAP lot 2.pdf"),
        );
        assert_eq!(decision.role, Role::Ccap);
        assert_eq!(decision.source, EvidenceSource::FileName);
    }

    #[test]
    fn without_title_or_name_a_text_about_a_tender_is_a_tender_piece() {
        assert_eq!(
            role("Le titulaire du marché réserve 400 heures.", "notes.txt"),
            Role::OtherTenderPiece
        );
        assert_eq!(
            role("Liste de courses : pain, lait.", "notes.txt"),
            Role::Unknown
        );
    }

    #[test]
    fn a_guide_titled_under_its_publisher_is_a_guide() {
        let body = "Département d'Exemple\nDirection de l'emploi\n\nLA CLAUSE D'INSERTION DANS VOS MARCHÉS\nGuide pratique à l'usage des acheteurs\nÉdition 2017\n\nFiche 1 – Qu'est-ce que la clause ?";
        assert_eq!(classify(body, "", Path::new("doc.txt")).role, Role::Guide);
    }

    #[test]
    fn a_guide_is_not_a_tender_piece() {
        assert_eq!(
            role(
                "Guide pratique de la clause sociale\nÉdition 2024",
                "clause.pdf"
            ),
            Role::Guide
        );
    }

    /// The title decides, even wrapped over two lines as PDFs lay it out; a piece named later
    /// ("décrites au CCTP") does not, nor does the verb "joue" pass for the JOUE.
    #[test]
    fn a_wrapped_title_decides_and_a_verb_is_no_journal() {
        let role = |text: &str| classify(text, "", Path::new("piece.pdf")).role;
        assert_eq!(
            role("CAHIER DES CLAUSES ADMINISTRATIVES\nPARTICULIÈRES\n\nArticle 1 – Objet\nLes prestations sont décrites au CCTP."),
            Role::Ccap
        );
        assert_eq!(
            role("Article 9 – Clause sociale\nCette clause joue un rôle essentiel dans l'exécution du marché.\n\nLe présent CCAP fixe les pénalités."),
            Role::Ccap
        );
        assert_eq!(
            role("AVIS DE MARCHÉ\nPublié au JOUE et au BOAMP."),
            Role::Notice
        );
    }

    /// Titles may wrap, and the forms written without a space still match.
    #[test]
    fn titles_wrap_and_compact_forms_still_match() {
        let role = |text: &str| classify(text, "", Path::new("piece.pdf")).role;
        assert_eq!(role("ATTRI1\nFormulaire"), Role::Ae);
        assert_eq!(role("DC2\nFormulaire"), Role::OtherTenderPiece);
        // Records of people talking about clauses are not tender pieces, whatever they cite.
        for title in [
            "Transcription de la matinée d'échanges sur les clauses sociales\nLe CCAP type prévoit…",
            "COMPTE RENDU\nComité de suivi des clauses d'insertion\nLe CCAP du lot 2…",
            "Procès-verbal de la réunion du 3 mars\nCCAP : 400 heures",
        ] {
            assert_eq!(role(title), Role::Guide, "{title}");
        }
    }
}
