//! TED XML notices, schema R2.0.9 (`TED_EXPORT` with one `F01_2014` … `F25_2014` form): the
//! form's text in its sections (I Acheteur, II Objet with one sub-section per lot, III
//! Conditions, IV Procédure, VI Renseignements complémentaires), and its structured fields in a
//! [`Notice`].
//!
//! A ticked box of the form is an empty element (`<RESTRICTED_SHELTERED_WORKSHOP/>`); the
//! published notice prints it as a sentence, and so does this reader, so that the text says
//! what the notice says. Elements are matched by local name: exports exist with the schema
//! namespace as default, with a prefix, and with the older formex namespace.

use super::xml::Element;
use crate::read::blocks::{Block, BlockKind, Extracted, Reader, CELL_SEPARATOR};
use crate::read::notice::{
    parse_amount, parse_weight, Amount, AwardCriterion, CriterionKind, FlagKind, Lot, Notice,
    NoticeFlag, NoticeSchema,
};

/// Whether a parsed root is a TED export or a bare R2.0.9 form.
pub(crate) fn is_ted(root: &Element) -> bool {
    let name = local(&root.name);
    name == "TED_EXPORT" || is_form_name(name)
}

/// `F02_2014`, `F21_2014`, `MOVE`…: the form elements of R2.0.9.
fn is_form_name(name: &str) -> bool {
    (name.starts_with('F') && name.ends_with("_2014")) || name == "MOVE"
}

/// Reads a TED export (or a bare form) into blocks and a notice.
pub(crate) fn read(root: &Element) -> Extracted {
    let form = find_form(root);
    let mut notice = Notice::new(NoticeSchema::TedR209);
    let mut blocks = Vec::new();
    if let Some(coded) = descendant(root, "CODED_DATA_SECTION") {
        read_coded(coded, &mut notice);
    }
    if let Some(form) = form {
        notice.form = form
            .attr("FORM")
            .map(str::to_string)
            .or_else(|| local(&form.name).strip_suffix("_2014").map(str::to_string));
        notice.language = form.attr("LG").map(str::to_string);
        read_fields(form, &mut notice);
        let mut writer = Writer {
            blocks: &mut blocks,
        };
        writer.title(root, form);
        writer.children(form, 1);
    }
    let mut extracted = Extracted::new(Reader::TedXml, None, blocks);
    extracted.notice = Some(notice);
    extracted
}

/// The form to read: the original-language one when the export holds translations.
fn find_form(root: &Element) -> Option<&Element> {
    if is_form_name(local(&root.name)) {
        return Some(root);
    }
    let section = descendant(root, "FORM_SECTION")?;
    let forms: Vec<&Element> = section.elements().collect();
    forms
        .iter()
        .find(|f| f.attr("CATEGORY") == Some("ORIGINAL"))
        .or_else(|| forms.first())
        .copied()
}

fn read_coded(coded: &Element, notice: &mut Notice) {
    notice.id = descendant(coded, "NO_DOC_OJS").map(|e| clean(&e.text()));
    notice.published = descendant(coded, "DATE_PUB").and_then(|e| compact_date(&e.text()));
}

/// The notice's structured fields, from the form itself.
fn read_fields(form: &Element, notice: &mut Notice) {
    if let Some(body) = descendant(form, "CONTRACTING_BODY") {
        notice.buyer = descendant(body, "OFFICIALNAME").map(|e| clean(&e.text()));
    }
    if let Some(object) = descendant(form, "OBJECT_CONTRACT") {
        notice.title = object
            .elements()
            .find(|e| local(&e.name) == "TITLE")
            .map(|e| clean(&e.text()));
        notice.estimated_value = object
            .elements()
            .find(|e| local(&e.name) == "VAL_ESTIMATED_TOTAL")
            .and_then(amount);
        for descr in object
            .elements()
            .filter(|e| local(&e.name) == "OBJECT_DESCR")
        {
            let lot = Lot {
                id: child(descr, "LOT_NO").map(|e| clean(&e.text())),
                title: child(descr, "TITLE").map(|e| clean(&e.text())),
                estimated_value: child(descr, "VAL_OBJECT").and_then(amount),
                award_criteria: child(descr, "AC").map(criteria).unwrap_or_default(),
            };
            let says_something =
                lot.id.is_some() || lot.estimated_value.is_some() || !lot.award_criteria.is_empty();
            if says_something {
                notice.lots.push(lot);
            }
        }
    }
    if notice.published.is_none() {
        notice.published = descendant(form, "DATE_DISPATCH_NOTICE").map(|e| clean(&e.text()));
    }
    notice.tender_deadline = descendant(form, "DATE_RECEIPT_TENDERS").map(|e| clean(&e.text()));
    walk_flags(form, notice);
}

/// Every flag element of the form, wherever the form puts it (section III for contract
/// notices, the lot for some utilities forms).
fn walk_flags(element: &Element, notice: &mut Notice) {
    for child in element.elements() {
        let name = local(&child.name);
        if let Some(kind) = flag_kind(name) {
            notice.flags.push(NoticeFlag {
                kind,
                code: name.to_string(),
                lot: None,
            });
        } else {
            walk_flags(child, notice);
        }
    }
}

fn flag_kind(name: &str) -> Option<FlagKind> {
    Some(match name {
        "RESTRICTED_SHELTERED_WORKSHOP" => FlagKind::ReservedParticipation,
        "RESTRICTED_SHELTERED_PROGRAM" => FlagKind::ReservedExecution,
        "RESERVED_ORGANISATIONS_SERVICE_MISSION" => FlagKind::ReservedPublicService,
        _ => return None,
    })
}

/// The award criteria of an `AC` element: quality and cost criteria with their names, price
/// with its weight.
fn criteria(ac: &Element) -> Vec<AwardCriterion> {
    let mut out = Vec::new();
    for c in ac.elements() {
        let kind = match local(&c.name) {
            "AC_QUALITY" => CriterionKind::Quality,
            "AC_COST" => CriterionKind::Cost,
            "AC_PRICE" => CriterionKind::Price,
            _ => continue,
        };
        let weight = child(c, "AC_WEIGHTING").and_then(|w| parse_weight(&w.text()));
        out.push(AwardCriterion {
            kind,
            name: child(c, "AC_CRITERION").map(|e| clean(&e.text())),
            weight: weight.as_ref().map(|w| w.0),
            weight_unit: weight.and_then(|w| w.1),
        });
    }
    out
}

fn amount(e: &Element) -> Option<Amount> {
    Some(Amount {
        value: parse_amount(&e.text())?,
        currency: e.attr("CURRENCY").map(str::to_string),
    })
}

/// Writes the form's text as blocks.
struct Writer<'a> {
    blocks: &'a mut Vec<Block>,
}

impl Writer<'_> {
    fn heading(&mut self, level: u8, text: impl Into<String>) {
        self.blocks
            .push(Block::paragraph(text).with_kind(BlockKind::Heading { level }));
    }

    fn paragraph(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !text.trim().is_empty() {
            self.blocks.push(Block::paragraph(text));
        }
    }

    /// The notice's own title line: the kind of form and its publication number.
    fn title(&mut self, root: &Element, form: &Element) {
        let kind = form
            .attr("FORM")
            .or_else(|| local(&form.name).strip_suffix("_2014"))
            .map(form_title)
            .unwrap_or("Avis");
        let id = descendant(root, "NO_DOC_OJS").map(|e| clean(&e.text()));
        match id {
            Some(id) => self.heading(1, format!("{kind} — {id}")),
            None => self.heading(1, kind),
        }
    }

    fn children(&mut self, element: &Element, depth: usize) {
        for child in element.elements() {
            self.element(child, depth);
        }
    }

    fn element(&mut self, element: &Element, depth: usize) {
        let name = local(&element.name);
        if depth > super::xml::MAX_DEPTH {
            return;
        }
        if let Some(title) = section_title(name) {
            self.heading(1, title);
            self.children(element, depth + 1);
            return;
        }
        match name {
            "OBJECT_DESCR" => return self.lot(element, depth),
            "AC" => return self.award_criteria(element),
            // The main CPV code, when it names insertion work itself, is printed with its
            // label, as the published notice shows it: it is what makes an F21 an insertion
            // market. An additional code does not: buyers add 75231240 to a cleaning notice
            // whose lots are merely reserved.
            "CPV_ADDITIONAL" => return,
            "CPV_MAIN" => {
                if let Some(code) = descendant(element, "CPV_CODE").and_then(|c| c.attr("CODE")) {
                    if let Some(label) = insertion_cpv(code) {
                        self.paragraph(format!("Code CPV {code} : {label}."));
                    }
                }
                return;
            }
            // Codes for machines (NUTS, country): the labels around them say enough.
            "CPV_CODE" | "NUTS" | "COUNTRY" | "LEGAL_BASIS" | "NOTICE" | "LANGUAGES"
            | "TYPE_CONTRACT" | "CA_TYPE" | "CA_ACTIVITY" | "CE_ACTIVITY" => return,
            _ => {}
        }
        if name.starts_with("ADDRESS_") && element.elements().next().is_some() {
            let parts: Vec<String> = element
                .elements()
                .map(|e| clean(&e.text()))
                .filter(|t| !t.is_empty())
                .collect();
            let label = field_label(name).unwrap_or("Adresse");
            self.paragraph(format!("{label} : {}", parts.join(", ")));
            return;
        }
        if has_paragraphs(element) {
            if let Some(label) = field_label(name) {
                self.heading(3, label);
            }
            for p in element.elements() {
                self.paragraph(clean(&p.text()));
            }
            return;
        }
        let text = clean(&element.text());
        if element.elements().next().is_none() || is_inline(element) {
            if text.is_empty() {
                if let Some(sentence) = box_sentence(name) {
                    self.paragraph(sentence);
                }
                return;
            }
            let unit = element
                .attr("CURRENCY")
                .or_else(|| element.attr("TYPE").map(duration_unit))
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            match field_label(name) {
                Some(label) => self.paragraph(format!("{label} : {text}{unit}")),
                None => self.paragraph(format!("{text}{unit}")),
            }
            return;
        }
        self.children(element, depth + 1);
    }

    /// One lot (or the single description of an undivided procurement) as a sub-section.
    fn lot(&mut self, descr: &Element, depth: usize) {
        let number = child(descr, "LOT_NO").map(|e| clean(&e.text()));
        let title = child(descr, "TITLE").map(|e| clean(&e.text()));
        let heading = match (number, title) {
            (Some(n), Some(t)) => format!("Lot n° {n} : {t}"),
            (Some(n), None) => format!("Lot n° {n}"),
            (None, Some(t)) => format!("Description : {t}"),
            (None, None) => "Description".to_string(),
        };
        self.heading(2, heading);
        for child in descr.elements() {
            if !matches!(local(&child.name), "LOT_NO" | "TITLE") {
                self.element(child, depth + 1);
            }
        }
    }

    /// Award criteria as table rows: family | criterion | weight.
    fn award_criteria(&mut self, ac: &Element) {
        self.heading(3, "Critères d'attribution");
        for c in ac.elements() {
            let family = match local(&c.name) {
                "AC_QUALITY" => "Critère de qualité",
                "AC_COST" => "Coût",
                "AC_PRICE" => "Prix",
                "AC_PROCUREMENT_DOC" => {
                    self.paragraph(
                        "Le prix n'est pas le seul critère d'attribution ; tous les critères sont énoncés dans les documents de la consultation.",
                    );
                    continue;
                }
                _ => continue,
            };
            let mut cells = vec![family.to_string()];
            if let Some(name) = child(c, "AC_CRITERION") {
                cells.push(clean(&name.text()));
            }
            if let Some(weight) = child(c, "AC_WEIGHTING") {
                cells.push(format!("Pondération : {}", clean(&weight.text())));
            }
            self.blocks
                .push(Block::paragraph(cells.join(CELL_SEPARATOR)).with_kind(BlockKind::TableRow));
        }
    }
}

/// Whether an element holds its text in `P` paragraphs.
fn has_paragraphs(element: &Element) -> bool {
    let mut any = false;
    for e in element.elements() {
        if local(&e.name) != "P" {
            return false;
        }
        any = true;
    }
    any
}

/// Whether an element's children are only inline formatting (`FT` superscripts).
fn is_inline(element: &Element) -> bool {
    element.elements().all(|e| local(&e.name) == "FT")
}

fn duration_unit(kind: &str) -> &'static str {
    match kind {
        "MONTH" => "mois",
        "DAY" => "jours",
        "YEAR" => "ans",
        _ => "",
    }
}

/// The French name of each form, as the notice heading.
fn form_title(form: &str) -> &'static str {
    match form {
        "F01" => "Avis de préinformation",
        "F02" => "Avis de marché",
        "F03" => "Avis d'attribution de marché",
        "F04" => "Avis périodique indicatif — secteurs spéciaux",
        "F05" => "Avis de marché — secteurs spéciaux",
        "F06" => "Avis d'attribution — secteurs spéciaux",
        "F07" => "Système de qualification — secteurs spéciaux",
        "F08" => "Avis sur un profil d'acheteur",
        "F12" => "Avis de concours",
        "F13" => "Résultats de concours",
        "F14" => "Avis rectificatif",
        "F15" => "Avis en cas de transparence ex ante volontaire",
        "F20" => "Avis de modification",
        "F21" => "Services sociaux et autres services spécifiques — marchés publics",
        "F22" => "Services sociaux et autres services spécifiques — secteurs spéciaux",
        "F23" => "Services sociaux et autres services spécifiques — concessions",
        "F24" => "Avis de concession",
        "F25" => "Avis d'attribution de concession",
        _ => "Avis",
    }
}

/// The form's sections, with the numbering the published notice uses.
fn section_title(name: &str) -> Option<&'static str> {
    Some(match name {
        "CONTRACTING_BODY" => "Section I : Pouvoir adjudicateur",
        "OBJECT_CONTRACT" => "Section II : Objet",
        "LEFTI" => {
            "Section III : Renseignements d'ordre juridique, économique, financier et technique"
        }
        "PROCEDURE" => "Section IV : Procédure",
        "AWARD_CONTRACT" => "Section V : Attribution du marché",
        "RESULTS" => "Section V : Résultats du concours",
        "COMPLEMENTARY_INFO" => "Section VI : Renseignements complémentaires",
        "CHANGES" => "Section VII : Modifications",
        "MODIFICATIONS_CONTRACT" => "Section VII : Modifications du marché",
        _ => return None,
    })
}

/// French labels of the text fields a reviewer looks for.
fn field_label(name: &str) -> Option<&'static str> {
    Some(match name {
        "TITLE" => "Intitulé",
        "SHORT_DESCR" => "Description succincte",
        "MAIN_SITE" => "Lieu d'exécution",
        "INFO_ADD" => "Informations complémentaires",
        "REFERENCE_NUMBER" => "Numéro de référence",
        "VAL_ESTIMATED_TOTAL" => "Valeur totale estimée",
        "VAL_OBJECT" => "Valeur estimée",
        "VAL_TOTAL" => "Valeur totale du marché",
        "DURATION" => "Durée",
        "DATE_START" => "Début",
        "DATE_END" => "Fin",
        "RENEWAL_DESCR" => "Reconductions",
        "OPTIONS_DESCR" => "Options",
        "EU_PROGR_RELATED" => "Programme de l'Union européenne",
        "CRITERIA_CANDIDATE" => "Critères de sélection des candidats",
        "SUITABILITY" => "Habilitation à exercer l'activité professionnelle",
        "ECONOMIC_FINANCIAL_INFO" => "Capacité économique et financière",
        "ECONOMIC_CRITERIA_DOC" => "Capacité économique et financière",
        "TECHNICAL_PROFESSIONAL_INFO" => "Capacité technique et professionnelle",
        "RULES_CRITERIA" => "Conditions de participation",
        "PERFORMANCE_CONDITIONS" => "Conditions particulières d'exécution",
        "DEPOSIT_GUARANTEE_REQUIRED" => "Cautionnement et garanties exigés",
        "MAIN_FINANCING_CONDITION" => "Modalités de financement et de paiement",
        "LEGAL_FORM" => "Forme juridique du groupement",
        "QUALIFICATION" => "Système de qualification",
        "CONDITIONS" => "Conditions à remplir",
        "METHODS" => "Méthodes de vérification",
        "MAIN_FEATURES_AWARD" => "Critères d'attribution",
        "CRITERIA_EVALUATION" => "Critères d'évaluation des projets",
        "DATE_RECEIPT_TENDERS" => "Date limite de réception des offres",
        "TIME_RECEIPT_TENDERS" => "Heure limite",
        "DATE_DISPATCH_NOTICE" => "Date d'envoi de l'avis",
        "REVIEW_PROCEDURE" => "Introduction des recours",
        "ADDRESS_CONTRACTING_BODY" => "Acheteur",
        "ADDRESS_REVIEW_BODY" => "Instance chargée des procédures de recours",
        "ADDRESS_REVIEW_INFO" => "Service auprès duquel des renseignements peuvent être obtenus",
        "ADDRESS_MEDIATION_BODY" => "Organe chargé des procédures de médiation",
        "ADDRESS_FURTHER_INFO" => "Renseignements complémentaires",
        "ADDRESS_PARTICIPATION" => "Adresse de dépôt des offres",
        "ADDRESS_CONTRACTOR" => "Titulaire",
        "URL_DOCUMENT" => "Documents de la consultation",
        "URL_PARTICIPATION" => "Dépôt des offres",
        "CA_TYPE_OTHER" => "Type d'acheteur",
        "CA_ACTIVITY_OTHER" => "Activité principale",
        "NB_ENVISAGED_CANDIDATE" => "Nombre de candidats envisagé",
        "DURATION_TENDER_VALID" => "Délai de validité des offres",
        _ => return None,
    })
}

/// The French label of a CPV code that names insertion work (the CPV 2008 nomenclature):
/// the others are printed by their labels elsewhere in the notice.
fn insertion_cpv(code: &str) -> Option<&'static str> {
    match code.split('-').next()? {
        "75231240" => Some("services de réinsertion"),
        _ => None,
    }
}

/// The sentence a published notice prints for a ticked box that matters to a reviewer.
fn box_sentence(name: &str) -> Option<&'static str> {
    Some(match name {
        "RESTRICTED_SHELTERED_WORKSHOP" => {
            "Marché réservé : la participation est réservée à des ateliers protégés et à des opérateurs économiques qui ont pour objet l'intégration sociale et professionnelle de personnes handicapées ou défavorisées."
        }
        "RESTRICTED_SHELTERED_PROGRAM" => {
            "Marché réservé : l'exécution du marché est réservée dans le cadre de programmes d'emplois protégés."
        }
        "RESERVED_ORGANISATIONS_SERVICE_MISSION" => {
            "Marché réservé : la participation est réservée à des organisations qui poursuivent une mission de service public (article 77 de la directive 2014/24/UE)."
        }
        "PERFORMANCE_STAFF_QUALIFICATION" => {
            "Obligation d'indiquer les noms et qualifications professionnelles des membres du personnel chargés de l'exécution du marché."
        }
        "FRAMEWORK" => "La procédure conduit à un accord-cadre.",
        "LOT_ALL" => "Des offres peuvent être soumises pour tous les lots.",
        "NO_LOT_DIVISION" => "Le marché n'est pas divisé en lots.",
        "PT_OPEN" => "Procédure ouverte.",
        "PT_RESTRICTED" => "Procédure restreinte.",
        "PT_COMPETITIVE_NEGOTIATION" => "Procédure concurrentielle avec négociation.",
        "PT_NEGOTIATED_WITH_PRIOR_CALL" => "Procédure négociée avec mise en concurrence préalable.",
        "PT_COMPETITIVE_DIALOGUE" => "Dialogue compétitif.",
        "PT_INNOVATION_PARTNERSHIP" => "Partenariat d'innovation.",
        _ => return None,
    })
}

/// The part of a name after its namespace prefix.
pub(crate) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The first child element with this local name.
pub(crate) fn child<'a>(element: &'a Element, name: &str) -> Option<&'a Element> {
    element.elements().find(|e| local(&e.name) == name)
}

/// The first element with this local name below `element`, depth first.
pub(crate) fn descendant<'a>(element: &'a Element, name: &str) -> Option<&'a Element> {
    for e in element.elements() {
        if local(&e.name) == name {
            return Some(e);
        }
        if let Some(found) = descendant(e, name) {
            return Some(found);
        }
    }
    None
}

/// Text with its runs of whitespace (XML indentation) collapsed.
pub(crate) fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `20180315` → `2018-03-15`.
fn compact_date(text: &str) -> Option<String> {
    let t = text.trim();
    (t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}-{}-{}", &t[..4], &t[4..6], &t[6..8]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::extract::xml::parse;
    use crate::read::extract::Deadline;
    use std::time::Duration;

    /// A small F21-like notice written for this test, in the shape of the R2.0.9 schema.
    const NOTICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" xmlns:n2021="http://publications.europa.eu/resource/schema/ted/2021/nuts">
  <CODED_DATA_SECTION>
    <REF_OJS><DATE_PUB>20240611</DATE_PUB></REF_OJS>
    <NOTICE_DATA><NO_DOC_OJS>2024/S 111-000001</NO_DOC_OJS></NOTICE_DATA>
  </CODED_DATA_SECTION>
  <TRANSLATION_SECTION><ML_TITLES><ML_TI_DOC LG="DE"><TI_TEXT><P>Reinigung</P></TI_TEXT></ML_TI_DOC></ML_TITLES></TRANSLATION_SECTION>
  <FORM_SECTION>
    <F02_2014 CATEGORY="TRANSLATION" FORM="F02" LG="EN"><OBJECT_CONTRACT><TITLE><P>Cleaning</P></TITLE></OBJECT_CONTRACT></F02_2014>
    <F02_2014 CATEGORY="ORIGINAL" FORM="F02" LG="FR">
      <CONTRACTING_BODY>
        <ADDRESS_CONTRACTING_BODY><OFFICIALNAME>Commune d'Exempleville</OFFICIALNAME><TOWN>Exempleville</TOWN><COUNTRY VALUE="FR"/><n2021:NUTS CODE="FR101"/></ADDRESS_CONTRACTING_BODY>
      </CONTRACTING_BODY>
      <OBJECT_CONTRACT>
        <TITLE><P>Nettoyage des bâtiments communaux</P></TITLE>
        <VAL_ESTIMATED_TOTAL CURRENCY="EUR">300000</VAL_ESTIMATED_TOTAL>
        <OBJECT_DESCR ITEM="1">
          <TITLE><P>Écoles</P></TITLE>
          <LOT_NO>1</LOT_NO>
          <AC>
            <AC_QUALITY><AC_CRITERION>Valeur technique</AC_CRITERION><AC_WEIGHTING>50</AC_WEIGHTING></AC_QUALITY>
            <AC_QUALITY><AC_CRITERION>Performance en matière d'insertion professionnelle des publics en difficulté</AC_CRITERION><AC_WEIGHTING>10 %</AC_WEIGHTING></AC_QUALITY>
            <AC_PRICE><AC_WEIGHTING>40</AC_WEIGHTING></AC_PRICE>
          </AC>
          <VAL_OBJECT CURRENCY="EUR">200000</VAL_OBJECT>
          <DURATION TYPE="MONTH">12</DURATION>
        </OBJECT_DESCR>
        <OBJECT_DESCR ITEM="2">
          <TITLE><P>Gymnases</P></TITLE>
          <LOT_NO>2</LOT_NO>
          <AC><AC_PROCUREMENT_DOC/></AC>
        </OBJECT_DESCR>
      </OBJECT_CONTRACT>
      <LEFTI>
        <RESTRICTED_SHELTERED_WORKSHOP/>
        <PERFORMANCE_CONDITIONS><P>Le titulaire réalise une action d'insertion de 5 % des heures travaillées.</P></PERFORMANCE_CONDITIONS>
      </LEFTI>
      <PROCEDURE><PT_OPEN/><DATE_RECEIPT_TENDERS>2024-07-15</DATE_RECEIPT_TENDERS></PROCEDURE>
    </F02_2014>
  </FORM_SECTION>
</TED_EXPORT>"#;

    fn read_str(xml: &str) -> Extracted {
        let root = parse(xml, "notice.xml", Deadline::after(Duration::from_secs(5))).unwrap();
        assert!(is_ted(&root));
        read(&root)
    }

    #[test]
    fn structured_fields_of_the_original_form() {
        let extracted = read_str(NOTICE);
        let notice = extracted.notice.unwrap();
        assert_eq!(notice.schema, NoticeSchema::TedR209);
        assert_eq!(notice.form.as_deref(), Some("F02"));
        assert_eq!(notice.language.as_deref(), Some("FR"));
        assert_eq!(notice.id.as_deref(), Some("2024/S 111-000001"));
        assert_eq!(notice.published.as_deref(), Some("2024-06-11"));
        assert_eq!(notice.tender_deadline.as_deref(), Some("2024-07-15"));
        assert_eq!(notice.buyer.as_deref(), Some("Commune d'Exempleville"));
        assert_eq!(
            notice.title.as_deref(),
            Some("Nettoyage des bâtiments communaux")
        );
        assert_eq!(notice.estimated_value.as_ref().unwrap().value, 300_000.0);
        assert_eq!(
            notice.flags,
            [NoticeFlag {
                kind: FlagKind::ReservedParticipation,
                code: "RESTRICTED_SHELTERED_WORKSHOP".into(),
                lot: None
            }]
        );
        assert_eq!(notice.lots.len(), 2);
        let lot1 = &notice.lots[0];
        assert_eq!(lot1.id.as_deref(), Some("1"));
        assert_eq!(lot1.title.as_deref(), Some("Écoles"));
        assert_eq!(lot1.award_criteria.len(), 3);
        let social = &lot1.award_criteria[1];
        assert_eq!(social.kind, CriterionKind::Quality);
        assert_eq!(social.weight, Some(10.0));
        assert_eq!(social.weight_unit.as_deref(), Some("percent"));
        assert_eq!(lot1.award_criteria[2].kind, CriterionKind::Price);
        assert!(notice.lots[1].award_criteria.is_empty());
    }

    #[test]
    fn text_has_sections_lots_criteria_and_ticked_boxes() {
        let extracted = read_str(NOTICE);
        let texts: Vec<&str> = extracted.blocks.iter().map(|b| b.text.as_str()).collect();
        let all = texts.join("\n");
        assert_eq!(texts[0], "Avis de marché — 2024/S 111-000001");
        assert!(texts.contains(
            &"Section III : Renseignements d'ordre juridique, économique, financier et technique"
        ));
        assert!(texts.contains(&"Lot n° 1 : Écoles"), "{all}");
        assert!(texts.contains(&"Critère de qualité | Performance en matière d'insertion professionnelle des publics en difficulté | Pondération : 10 %"), "{all}");
        assert!(all.contains("réservée à des ateliers protégés"), "{all}");
        assert!(
            all.contains("Conditions particulières d'exécution\nLe titulaire réalise"),
            "{all}"
        );
        assert!(all.contains("Valeur estimée : 200000 EUR"), "{all}");
        assert!(all.contains("Durée : 12 mois"), "{all}");
        // Only the original-language form is read; translations are left out.
        assert!(
            !all.contains("Cleaning") && !all.contains("Reinigung"),
            "{all}"
        );
        let heading = extracted
            .blocks
            .iter()
            .find(|b| b.text == "Lot n° 1 : Écoles")
            .unwrap();
        assert_eq!(heading.kind, BlockKind::Heading { level: 2 });
    }

    #[test]
    fn prefixed_namespace_and_bare_form_read_the_same() {
        let prefixed = r#"<ted:F21_2014 xmlns:ted="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication" FORM="F21" LG="FR"><ted:LEFTI><ted:RESTRICTED_SHELTERED_PROGRAM/></ted:LEFTI></ted:F21_2014>"#;
        let notice = read_str(prefixed).notice.unwrap();
        assert_eq!(notice.form.as_deref(), Some("F21"));
        assert_eq!(notice.flags[0].kind, FlagKind::ReservedExecution);
    }
}
