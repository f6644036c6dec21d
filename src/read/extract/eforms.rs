//! eForms UBL notices (`ContractNotice`, `PriorInformationNotice`, `ContractAwardNotice`): the
//! notice's text (procedure, then one section per lot with its conditions and award
//! criteria) and its structured fields in a [`Notice`]: reserved participation (BT-71),
//! reserved execution (BT-736), strategic procurement (BT-06) and social objectives (BT-775),
//! award criteria with their weights (BT-539, BT-734, BT-540, BT-5421/BT-541).
//!
//! Elements are matched by local name; where a text field repeats in several languages, the
//! notice's own language (`cbc:NoticeLanguageCode`) is read.

use super::ted::{child, clean, descendant, local};
use super::xml::Element;
use crate::read::blocks::{Block, BlockKind, Extracted, Reader, CELL_SEPARATOR};
use crate::read::notice::{
    parse_amount, Amount, AwardCriterion, CriterionKind, FlagKind, Lot, Notice, NoticeFlag,
    NoticeSchema,
};

/// Whether a parsed root is an eForms notice.
pub(crate) fn is_eforms(root: &Element) -> bool {
    matches!(
        local(&root.name),
        "ContractNotice" | "PriorInformationNotice" | "ContractAwardNotice"
    ) && descendant(root, "ProcurementProject").is_some()
}

/// Reads an eForms notice into blocks and a notice.
pub(crate) fn read(root: &Element) -> Extracted {
    let language = child(root, "NoticeLanguageCode").map(|e| clean(&e.text()));
    let reader = Notices {
        language: language.as_deref(),
    };
    let mut notice = Notice::new(NoticeSchema::Eforms);
    notice.language = language.clone();
    notice.id = child(root, "ID").map(|e| clean(&e.text()));
    notice.form = descendant(root, "SubTypeCode")
        .or_else(|| child(root, "NoticeTypeCode"))
        .map(|e| clean(&e.text()));
    notice.published = child(root, "IssueDate").map(|e| date(&e.text()));
    notice.buyer = buyer(root);
    let project = child(root, "ProcurementProject");
    notice.title = project.and_then(|p| reader.text_of(p, "Name"));
    notice.estimated_value = project.and_then(estimated_value);

    let mut out = Vec::new();
    let kind = child(root, "NoticeTypeCode")
        .map(|e| notice_title(&clean(&e.text())))
        .unwrap_or("Avis");
    out.push(heading(
        1,
        match &notice.id {
            Some(id) => format!("{kind} — {id}"),
            None => kind.to_string(),
        },
    ));
    if let Some(buyer) = &notice.buyer {
        out.push(Block::paragraph(format!("Acheteur : {buyer}")));
    }
    out.push(heading(1, "Procédure"));
    if let Some(project) = project {
        reader.project(project, None, &mut notice, &mut out);
    }
    if let Some(terms) = child(root, "TenderingTerms") {
        reader.terms(terms, None, &mut notice, &mut out);
    }
    for lot in root
        .elements()
        .filter(|e| local(&e.name) == "ProcurementProjectLot")
    {
        reader.lot(lot, &mut notice, &mut out);
    }
    if notice.tender_deadline.is_none() {
        notice.tender_deadline = descendant(root, "TenderSubmissionDeadlinePeriod")
            .and_then(|p| child(p, "EndDate"))
            .map(|e| date(&e.text()));
    }
    let mut extracted = Extracted::new(Reader::Eforms, None, out);
    extracted.notice = Some(notice);
    extracted
}

/// Reads text fields in the notice's language.
struct Notices<'a> {
    language: Option<&'a str>,
}

impl Notices<'_> {
    /// The text of the child `name` in the notice's language (or the first one).
    fn text_of(&self, element: &Element, name: &str) -> Option<String> {
        let all: Vec<&Element> = element
            .elements()
            .filter(|e| local(&e.name) == name)
            .collect();
        let chosen = all
            .iter()
            .find(|e| self.language.is_some() && e.attr("languageID") == self.language)
            .or_else(|| all.first())?;
        let text = chosen.text().trim().to_string();
        (!text.is_empty()).then_some(text)
    }

    /// Name, description, note, value and strategic procurement of a procedure or lot.
    fn project(
        &self,
        project: &Element,
        lot: Option<&str>,
        notice: &mut Notice,
        out: &mut Vec<Block>,
    ) {
        if lot.is_none() {
            if let Some(name) = self.text_of(project, "Name") {
                out.push(Block::paragraph(format!("Intitulé : {}", clean(&name))));
            }
        }
        for field in ["Description", "Note"] {
            if let Some(text) = self.text_of(project, field) {
                paragraphs(&text, out);
            }
        }
        if let Some(value) = estimated_value(project) {
            let currency = value.currency.as_deref().unwrap_or("");
            out.push(Block::paragraph(
                format!("Valeur estimée : {} {currency}", value.value)
                    .trim_end()
                    .to_string(),
            ));
        }
        for additional in project
            .elements()
            .filter(|e| local(&e.name) == "ProcurementAdditionalType")
        {
            let Some(code) = child(additional, "ProcurementTypeCode") else {
                continue;
            };
            let value = clean(&code.text());
            let sentence = match code.attr("listName") {
                Some("strategic-procurement") if value == "soc-obj" => {
                    Some("Achat stratégique : le marché poursuit un objectif social.".to_string())
                }
                Some("social-objective") => {
                    Some(format!("Objectif social : {}.", social_objective(&value)))
                }
                _ => None,
            };
            if let Some(sentence) = sentence {
                out.push(Block::paragraph(sentence));
                notice.flags.push(NoticeFlag {
                    kind: FlagKind::SocialObjective,
                    code: value,
                    lot: lot.map(str::to_string),
                });
            }
        }
    }

    /// Reserved participation and execution, execution conditions, award criteria and the
    /// other texts of the tendering terms.
    fn terms(
        &self,
        terms: &Element,
        lot: Option<&str>,
        notice: &mut Notice,
        out: &mut Vec<Block>,
    ) -> Vec<AwardCriterion> {
        for requirement in terms
            .elements()
            .filter(|e| local(&e.name) == "TendererQualificationRequest")
            .flat_map(|e| e.elements())
            .filter(|e| local(&e.name) == "SpecificTendererRequirement")
        {
            let Some(code) = child(requirement, "TendererRequirementTypeCode") else {
                continue;
            };
            if code.attr("listName") != Some("reserved-procurement") {
                continue;
            }
            let value = clean(&code.text());
            let (kind, sentence) = match value.as_str() {
                "res-ws" => (
                    FlagKind::ReservedParticipation,
                    "Marché réservé : la participation est réservée à des ateliers protégés et à des opérateurs économiques qui ont pour objet l'intégration sociale et professionnelle de personnes handicapées ou défavorisées.",
                ),
                "res-pub-ser" => (
                    FlagKind::ReservedPublicService,
                    "Marché réservé : la participation est réservée à des organisations qui poursuivent une mission de service public.",
                ),
                _ => continue,
            };
            out.push(Block::paragraph(sentence));
            notice.flags.push(NoticeFlag {
                kind,
                code: value,
                lot: lot.map(str::to_string),
            });
        }
        for requirement in terms
            .elements()
            .filter(|e| local(&e.name) == "ContractExecutionRequirement")
        {
            let code = child(requirement, "ExecutionRequirementCode");
            let list = code.and_then(|c| c.attr("listName"));
            let value = code.map(|c| clean(&c.text())).unwrap_or_default();
            if list == Some("reserved-execution") {
                if value == "yes" {
                    out.push(Block::paragraph(
                        "Marché réservé : l'exécution du marché est réservée dans le cadre de programmes d'emplois protégés.",
                    ));
                    notice.flags.push(NoticeFlag {
                        kind: FlagKind::ReservedExecution,
                        code: value,
                        lot: lot.map(str::to_string),
                    });
                }
                continue;
            }
            if let Some(text) = self.text_of(requirement, "Description") {
                out.push(heading(3, "Conditions d'exécution"));
                paragraphs(&text, out);
            }
        }
        let mut criteria = Vec::new();
        if let Some(awarding) = child(terms, "AwardingTerms") {
            criteria = self.criteria(awarding, out);
        }
        // Other free texts of the terms (selection criteria, conditions, further information).
        for part in terms.elements() {
            if matches!(
                local(&part.name),
                "AwardingTerms" | "ContractExecutionRequirement" | "TendererQualificationRequest"
            ) {
                continue;
            }
            self.free_texts(part, out, 0);
        }
        criteria
    }

    /// Award criteria as table rows: family | name | description | weight.
    fn criteria(&self, awarding: &Element, out: &mut Vec<Block>) -> Vec<AwardCriterion> {
        let mut criteria = Vec::new();
        let subs: Vec<&Element> = awarding
            .elements()
            .filter(|e| local(&e.name) == "AwardingCriterion")
            .flat_map(|e| e.elements())
            .filter(|e| local(&e.name) == "SubordinateAwardingCriterion")
            .collect();
        if subs.is_empty() {
            return criteria;
        }
        out.push(heading(3, "Critères d'attribution"));
        for sub in subs {
            let kind = match child(sub, "AwardingCriterionTypeCode").map(|e| clean(&e.text())) {
                Some(k) if k == "price" => CriterionKind::Price,
                Some(k) if k == "cost" => CriterionKind::Cost,
                _ => CriterionKind::Quality,
            };
            let name = self.text_of(sub, "Name").map(|t| clean(&t));
            let description = self.text_of(sub, "Description").map(|t| clean(&t));
            let (weight, unit) = weight(sub);
            let family = match kind {
                CriterionKind::Quality => "Critère de qualité",
                CriterionKind::Cost => "Coût",
                CriterionKind::Price => "Prix",
            };
            let mut cells = vec![family.to_string()];
            cells.extend(name.clone());
            cells.extend(description.clone());
            if let Some(w) = weight {
                let shown = match unit.as_deref() {
                    Some("percent") => format!("{w} %"),
                    Some("points") => format!("{w} points"),
                    _ => format!("{w}"),
                };
                cells.push(format!("Pondération : {shown}"));
            }
            out.push(Block::paragraph(cells.join(CELL_SEPARATOR)).with_kind(BlockKind::TableRow));
            criteria.push(AwardCriterion {
                kind,
                name: name.or(description),
                weight,
                weight_unit: unit,
            });
        }
        criteria
    }

    /// Descriptions and notes below `element`, in the notice's language.
    fn free_texts(&self, element: &Element, out: &mut Vec<Block>, depth: usize) {
        if depth > 32 || local(&element.name) == "UBLExtensions" {
            return;
        }
        for field in ["Description", "Note"] {
            if let Some(text) = self.text_of(element, field) {
                paragraphs(&text, out);
            }
        }
        for e in element.elements() {
            self.free_texts(e, out, depth + 1);
        }
    }

    fn lot(&self, lot: &Element, notice: &mut Notice, out: &mut Vec<Block>) {
        let id = child(lot, "ID").map(|e| clean(&e.text()));
        let project = child(lot, "ProcurementProject");
        let title = project
            .and_then(|p| self.text_of(p, "Name"))
            .map(|t| clean(&t));
        out.push(heading(
            2,
            match (&id, &title) {
                (Some(id), Some(t)) => format!("Lot {id} : {t}"),
                (Some(id), None) => format!("Lot {id}"),
                (None, Some(t)) => format!("Lot : {t}"),
                (None, None) => "Lot".to_string(),
            },
        ));
        if let Some(project) = project {
            self.project(project, id.as_deref(), notice, out);
        }
        let criteria = match child(lot, "TenderingTerms") {
            Some(terms) => self.terms(terms, id.as_deref(), notice, out),
            None => Vec::new(),
        };
        if let Some(end) = child(lot, "TenderingProcess")
            .and_then(|p| child(p, "TenderSubmissionDeadlinePeriod"))
            .and_then(|p| child(p, "EndDate"))
        {
            let day = date(&end.text());
            out.push(Block::paragraph(format!(
                "Date limite de réception des offres : {day}"
            )));
            notice.tender_deadline.get_or_insert(day);
        }
        notice.lots.push(Lot {
            id,
            title,
            estimated_value: project.and_then(estimated_value),
            award_criteria: criteria,
        });
    }
}

/// The buyer's name: the organisation the contracting party points to, else the first one.
fn buyer(root: &Element) -> Option<String> {
    let wanted = child(root, "ContractingParty")
        .and_then(|p| descendant(p, "PartyIdentification"))
        .and_then(|p| child(p, "ID"))
        .map(|e| clean(&e.text()));
    let organisations = descendant(root, "Organizations");
    let mut first = None;
    if let Some(organisations) = organisations {
        for org in organisations.elements() {
            let Some(company) = child(org, "Company") else {
                continue;
            };
            let name = child(company, "PartyName")
                .and_then(|p| child(p, "Name"))
                .map(|e| clean(&e.text()));
            let id = child(company, "PartyIdentification")
                .and_then(|p| child(p, "ID"))
                .map(|e| clean(&e.text()));
            if wanted.is_some() && id == wanted {
                return name;
            }
            if first.is_none() {
                first = name;
            }
        }
    }
    first.or_else(|| {
        child(root, "ContractingParty")
            .and_then(|p| descendant(p, "PartyName"))
            .and_then(|p| child(p, "Name"))
            .map(|e| clean(&e.text()))
    })
}

fn estimated_value(project: &Element) -> Option<Amount> {
    let amount = child(project, "RequestedTenderTotal")
        .and_then(|t| child(t, "EstimatedOverallContractAmount"))?;
    Some(Amount {
        value: parse_amount(&amount.text())?,
        currency: amount.attr("currencyID").map(str::to_string),
    })
}

/// The weight of a criterion (BT-5421 code, BT-541 number) and its unit.
fn weight(criterion: &Element) -> (Option<f64>, Option<String>) {
    let Some(parameter) = descendant(criterion, "AwardCriterionParameter") else {
        return (None, None);
    };
    let code = child(parameter, "ParameterCode");
    if let Some(list) = code.and_then(|c| c.attr("listName")) {
        if list != "number-weight" {
            return (None, None);
        }
    }
    let value = child(parameter, "ParameterNumeric").and_then(|e| parse_amount(&e.text()));
    let code = code.map(|c| clean(&c.text())).unwrap_or_default();
    let unit = if code.starts_with("per-") {
        Some("percent".to_string())
    } else if code.starts_with("poi-") {
        Some("points".to_string())
    } else if code.is_empty() || code.starts_with("dec-") {
        None
    } else {
        Some(code)
    };
    (value, unit)
}

fn heading(level: u8, text: impl Into<String>) -> Block {
    Block::paragraph(text).with_kind(BlockKind::Heading { level })
}

/// One block per line of a multi-line text field.
fn paragraphs(text: &str, out: &mut Vec<Block>) {
    for line in text.lines() {
        let line = clean(line);
        if !line.is_empty() {
            out.push(Block::paragraph(line));
        }
    }
}

/// `2024-06-11+02:00` → `2024-06-11`.
fn date(text: &str) -> String {
    let t = text.trim();
    t.get(..10).unwrap_or(t).to_string()
}

fn notice_title(code: &str) -> &'static str {
    match code.split('-').next().unwrap_or("") {
        "pin" => "Avis de préinformation",
        "cn" => "Avis de marché",
        "can" => "Avis d'attribution",
        "veat" => "Avis en cas de transparence ex ante volontaire",
        "pmc" | "pcc" => "Avis de modification",
        _ => "Avis",
    }
}

/// The BT-775 social objective codes, in French.
fn social_objective(code: &str) -> String {
    match code {
        "opp" => "possibilités d'emploi pour les chômeurs de longue durée, les personnes défavorisées et les personnes handicapées".to_string(),
        "acc-all" => "accessibilité pour tous".to_string(),
        "et-eq" => "égalité ethnique".to_string(),
        "gen-eq" => "égalité entre les femmes et les hommes".to_string(),
        "hum-right" => "droits de l'homme".to_string(),
        "work-cond" => "conditions de travail".to_string(),
        "fair-trade" => "commerce équitable".to_string(),
        other => format!("autre objectif social ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::extract::xml::parse;
    use crate::read::extract::Deadline;
    use std::time::Duration;

    /// A small contract notice written for this test, in the shape of the eForms UBL schema.
    const NOTICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ContractNotice xmlns="urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
  xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
  xmlns:efext="http://data.europa.eu/p27/eforms-ubl-extensions/1"
  xmlns:efac="http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
  xmlns:efbc="http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1">
  <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension>
    <efac:NoticeSubType><cbc:SubTypeCode listName="notice-subtype">16</cbc:SubTypeCode></efac:NoticeSubType>
    <efac:Organizations>
      <efac:Organization><efac:Company><cac:PartyIdentification><cbc:ID>ORG-0002</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name>Tribunal administratif</cbc:Name></cac:PartyName></efac:Company></efac:Organization>
      <efac:Organization><efac:Company><cac:PartyIdentification><cbc:ID>ORG-0001</cbc:ID></cac:PartyIdentification><cac:PartyName><cbc:Name>Département d'Exemple</cbc:Name></cac:PartyName></efac:Company></efac:Organization>
    </efac:Organizations>
  </efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
  <cbc:ID schemeName="notice-id">11111111-2222-3333-4444-555555555555</cbc:ID>
  <cbc:IssueDate>2025-03-04+01:00</cbc:IssueDate>
  <cbc:NoticeTypeCode listName="competition">cn-standard</cbc:NoticeTypeCode>
  <cbc:NoticeLanguageCode>FRA</cbc:NoticeLanguageCode>
  <cac:ContractingParty><cac:Party><cac:PartyIdentification><cbc:ID>ORG-0001</cbc:ID></cac:PartyIdentification></cac:Party></cac:ContractingParty>
  <cac:ProcurementProject>
    <cbc:Name languageID="ENG">Green spaces</cbc:Name>
    <cbc:Name languageID="FRA">Entretien des espaces verts</cbc:Name>
    <cbc:Description languageID="FRA">Entretien des parcs départementaux.</cbc:Description>
    <cac:RequestedTenderTotal><cbc:EstimatedOverallContractAmount currencyID="EUR">450000</cbc:EstimatedOverallContractAmount></cac:RequestedTenderTotal>
  </cac:ProcurementProject>
  <cac:ProcurementProjectLot>
    <cbc:ID schemeName="Lot">LOT-0001</cbc:ID>
    <cac:TenderingTerms>
      <cac:TendererQualificationRequest><cac:SpecificTendererRequirement><cbc:TendererRequirementTypeCode listName="reserved-procurement">res-ws</cbc:TendererRequirementTypeCode></cac:SpecificTendererRequirement></cac:TendererQualificationRequest>
      <cac:ContractExecutionRequirement><cbc:ExecutionRequirementCode listName="reserved-execution">no</cbc:ExecutionRequirementCode></cac:ContractExecutionRequirement>
      <cac:ContractExecutionRequirement><cbc:ExecutionRequirementCode listName="conditions">performance</cbc:ExecutionRequirementCode><cbc:Description languageID="FRA">Le titulaire réserve 7 % des heures travaillées à l'insertion.</cbc:Description></cac:ContractExecutionRequirement>
      <cac:AwardingTerms><cac:AwardingCriterion>
        <cac:SubordinateAwardingCriterion>
          <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension><efac:AwardCriterionParameter><efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode><efbc:ParameterNumeric>15</efbc:ParameterNumeric></efac:AwardCriterionParameter></efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
          <cbc:AwardingCriterionTypeCode listName="award-criterion-type">quality</cbc:AwardingCriterionTypeCode>
          <cbc:Name languageID="FRA">Insertion professionnelle</cbc:Name>
          <cbc:Description languageID="FRA">Performances en matière d'insertion professionnelle des publics en difficulté</cbc:Description>
        </cac:SubordinateAwardingCriterion>
        <cac:SubordinateAwardingCriterion>
          <ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent><efext:EformsExtension><efac:AwardCriterionParameter><efbc:ParameterCode listName="number-weight">per-exa</efbc:ParameterCode><efbc:ParameterNumeric>85</efbc:ParameterNumeric></efac:AwardCriterionParameter></efext:EformsExtension></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
          <cbc:AwardingCriterionTypeCode listName="award-criterion-type">price</cbc:AwardingCriterionTypeCode>
          <cbc:Name languageID="FRA">Prix</cbc:Name>
        </cac:SubordinateAwardingCriterion>
      </cac:AwardingCriterion></cac:AwardingTerms>
    </cac:TenderingTerms>
    <cac:TenderingProcess><cac:TenderSubmissionDeadlinePeriod><cbc:EndDate>2025-04-10+02:00</cbc:EndDate></cac:TenderSubmissionDeadlinePeriod></cac:TenderingProcess>
    <cac:ProcurementProject>
      <cbc:Name languageID="FRA">Parcs du nord</cbc:Name>
      <cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="strategic-procurement">soc-obj</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
      <cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="social-objective">opp</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
      <cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="environmental-impact">other</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>
      <cac:RequestedTenderTotal><cbc:EstimatedOverallContractAmount currencyID="EUR">200000</cbc:EstimatedOverallContractAmount></cac:RequestedTenderTotal>
    </cac:ProcurementProject>
  </cac:ProcurementProjectLot>
  <cac:ProcurementProjectLot>
    <cbc:ID schemeName="Lot">LOT-0002</cbc:ID>
    <cac:TenderingTerms>
      <cac:TendererQualificationRequest><cac:SpecificTendererRequirement><cbc:TendererRequirementTypeCode listName="reserved-procurement">none</cbc:TendererRequirementTypeCode></cac:SpecificTendererRequirement></cac:TendererQualificationRequest>
    </cac:TenderingTerms>
    <cac:ProcurementProject><cbc:Name languageID="FRA">Parcs du sud</cbc:Name></cac:ProcurementProject>
  </cac:ProcurementProjectLot>
</ContractNotice>"#;

    fn read_str(xml: &str) -> Extracted {
        let root = parse(xml, "notice.xml", Deadline::after(Duration::from_secs(5))).unwrap();
        assert!(is_eforms(&root));
        read(&root)
    }

    #[test]
    fn structured_fields_flags_and_weights_per_lot() {
        let notice = read_str(NOTICE).notice.unwrap();
        assert_eq!(notice.schema, NoticeSchema::Eforms);
        assert_eq!(notice.form.as_deref(), Some("16"));
        assert_eq!(notice.language.as_deref(), Some("FRA"));
        assert_eq!(notice.published.as_deref(), Some("2025-03-04"));
        assert_eq!(notice.tender_deadline.as_deref(), Some("2025-04-10"));
        assert_eq!(notice.buyer.as_deref(), Some("Département d'Exemple"));
        assert_eq!(notice.title.as_deref(), Some("Entretien des espaces verts"));
        assert_eq!(notice.estimated_value.as_ref().unwrap().value, 450_000.0);
        let flags: Vec<(FlagKind, &str, Option<&str>)> = notice
            .flags
            .iter()
            .map(|f| (f.kind, f.code.as_str(), f.lot.as_deref()))
            .collect();
        assert_eq!(
            flags,
            [
                (FlagKind::SocialObjective, "soc-obj", Some("LOT-0001")),
                (FlagKind::SocialObjective, "opp", Some("LOT-0001")),
                (FlagKind::ReservedParticipation, "res-ws", Some("LOT-0001")),
            ]
        );
        assert_eq!(notice.lots.len(), 2);
        let lot = &notice.lots[0];
        assert_eq!(lot.id.as_deref(), Some("LOT-0001"));
        assert_eq!(lot.title.as_deref(), Some("Parcs du nord"));
        assert_eq!(lot.estimated_value.as_ref().unwrap().value, 200_000.0);
        assert_eq!(lot.award_criteria.len(), 2);
        assert_eq!(lot.award_criteria[0].weight, Some(15.0));
        assert_eq!(
            lot.award_criteria[0].weight_unit.as_deref(),
            Some("percent")
        );
        assert_eq!(
            lot.award_criteria[0].name.as_deref(),
            Some("Insertion professionnelle")
        );
        assert_eq!(lot.award_criteria[1].kind, CriterionKind::Price);
        assert!(notice.lots[1].award_criteria.is_empty());
    }

    #[test]
    fn text_in_the_notice_language_with_lots_and_rows() {
        let extracted = read_str(NOTICE);
        let texts: Vec<&str> = extracted.blocks.iter().map(|b| b.text.as_str()).collect();
        let all = texts.join("\n");
        assert_eq!(
            texts[0],
            "Avis de marché — 11111111-2222-3333-4444-555555555555"
        );
        assert!(
            all.contains("Intitulé : Entretien des espaces verts"),
            "{all}"
        );
        assert!(!all.contains("Green spaces"), "{all}");
        assert!(texts.contains(&"Lot LOT-0001 : Parcs du nord"), "{all}");
        assert!(all.contains("réservée à des ateliers protégés"), "{all}");
        assert!(
            all.contains("Le titulaire réserve 7 % des heures travaillées"),
            "{all}"
        );
        assert!(texts.contains(&"Critère de qualité | Insertion professionnelle | Performances en matière d'insertion professionnelle des publics en difficulté | Pondération : 15 %"), "{all}");
        assert!(
            all.contains("Objectif social : possibilités d'emploi"),
            "{all}"
        );
        // "no" reserved execution and "none" reserved participation say nothing.
        assert!(!all.contains("programmes d'emplois protégés"), "{all}");
        assert_eq!(all.matches("ateliers protégés").count(), 1, "{all}");
    }
}
