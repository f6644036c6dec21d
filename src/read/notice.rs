//! The structured fields of a published procurement notice (TED R2.0.9 forms, eForms), read
//! beside its text: the ticked boxes and coded values that a text reading alone cannot see.
//!
//! The type is plain data with no behaviour, so that detection can turn its flags into clauses
//! of form `flag` and reports can print it as it is. Codes are kept exactly as the notice wrote
//! them (`RESTRICTED_SHELTERED_WORKSHOP`, `res-ws`, `soc-obj`); `kind` says what each one means.

use serde::{Deserialize, Serialize};

/// Which schema a notice follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeSchema {
    /// TED XML export, schema R2.0.9 (the `F01_2014` … `F25_2014` forms, 2014–2023).
    #[serde(rename = "ted-r2.0.9")]
    TedR209,
    /// eForms UBL (`ContractNotice`, `PriorInformationNotice`, `ContractAwardNotice`), 2023 on.
    #[serde(rename = "eforms")]
    Eforms,
}

impl NoticeSchema {
    /// How a person names the standard ("TED R2.0.9", "eForms").
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeSchema::TedR209 => "TED R2.0.9",
            NoticeSchema::Eforms => "eForms",
        }
    }
}

/// The structured fields of one notice. Every field is optional but `schema`: notices leave
/// many of them out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    pub schema: NoticeSchema,
    /// The form: TED `F02`, `F21`…; eForms notice subtype (`16`) or type (`cn-standard`).
    pub form: Option<String>,
    /// Publication number (TED `2021/S 053-133856`) or eForms notice identifier.
    pub id: Option<String>,
    /// Language of the text that was read (`FR`, `FRA`).
    pub language: Option<String>,
    /// Name of the buyer (first contracting body).
    pub buyer: Option<String>,
    /// Title of the procurement.
    pub title: Option<String>,
    /// Date of publication or dispatch, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Deadline for tenders or requests to participate, `YYYY-MM-DD`.
    pub tender_deadline: Option<String>,
    /// Estimated value of the whole procurement.
    pub estimated_value: Option<Amount>,
    /// Reserved participation, reserved execution and social objectives the notice ticks.
    pub flags: Vec<NoticeFlag>,
    /// Award criteria stated for the whole procurement (criteria per lot are in `lots`).
    pub award_criteria: Vec<AwardCriterion>,
    /// The lots, in notice order (one entry, without number, for an undivided procurement that
    /// states criteria or a value for it).
    pub lots: Vec<Lot>,
}

/// A sum of money as the notice states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Amount {
    pub value: f64,
    /// ISO 4217 code (`EUR`) when given.
    pub currency: Option<String>,
}

/// What a flag of a notice means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    /// Participation reserved to sheltered workshops and operators whose aim is the social and
    /// professional integration of disabled or disadvantaged persons (TED
    /// `RESTRICTED_SHELTERED_WORKSHOP`, eForms BT-71 `res-ws`): in French law L2113-12 (EA,
    /// ESAT) and L2113-13 (SIAE); the flag alone does not say which.
    ReservedParticipation,
    /// Execution reserved to sheltered employment programmes (TED
    /// `RESTRICTED_SHELTERED_PROGRAM`, eForms BT-736 `yes`).
    ReservedExecution,
    /// Reserved to organisations pursuing a public service mission (TED
    /// `RESERVED_ORGANISATIONS_SERVICE_MISSION`, eForms BT-71 `res-pub-ser`): L2113-15.
    ReservedPublicService,
    /// Strategic procurement with a social objective (eForms BT-06 `soc-obj`) or one of its
    /// BT-775 social objective codes (`opp`, `acc-all`, `et-eq`, …).
    SocialObjective,
}

/// One flag: a ticked box or a coded value, for the whole notice or for one lot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeFlag {
    pub kind: FlagKind,
    /// The code as written in the notice: the TED element name or the eForms code value.
    pub code: String,
    /// The lot it applies to (`1`, `LOT-0001`); `None` for the whole notice.
    pub lot: Option<String>,
}

/// The family of an award criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CriterionKind {
    Quality,
    Cost,
    Price,
}

/// One award criterion and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AwardCriterion {
    pub kind: CriterionKind,
    /// The criterion as worded (`Performance en matière d'insertion professionnelle`).
    pub name: Option<String>,
    /// The weight as a number (`15` for "15 %" or "15 points").
    pub weight: Option<f64>,
    /// What the weight counts: `percent`, `points`, or the eForms BT-5421 code when it is
    /// another (`ord-imp`); `None` when the notice gives a bare number.
    pub weight_unit: Option<String>,
}

/// One lot of a notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lot {
    /// The lot number as written (`1`, `LOT-0001`); `None` for an undivided procurement.
    pub id: Option<String>,
    pub title: Option<String>,
    pub estimated_value: Option<Amount>,
    pub award_criteria: Vec<AwardCriterion>,
}

impl Notice {
    /// An empty notice of this schema, to be filled by a reader.
    pub fn new(schema: NoticeSchema) -> Self {
        Notice {
            schema,
            form: None,
            id: None,
            language: None,
            buyer: None,
            title: None,
            published: None,
            tender_deadline: None,
            estimated_value: None,
            flags: Vec::new(),
            award_criteria: Vec::new(),
            lots: Vec::new(),
        }
    }
}

/// Reads a weight as notices write it ("15", "15 %", "15,5 points", "Pondération : 20") into
/// its number and unit.
pub fn parse_weight(text: &str) -> Option<(f64, Option<String>)> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(rest.len());
    let number = rest[..end].trim_end_matches(['.', ',']).replace(',', ".");
    let value: f64 = number.parse().ok()?;
    let after = rest[end..].trim_start().to_lowercase();
    let unit = if after.starts_with('%') || after.starts_with("pour") {
        Some("percent".to_string())
    } else if after.starts_with("point") || after.starts_with("pts") {
        Some("points".to_string())
    } else {
        None
    };
    Some((value, unit))
}

/// Reads an amount written as digits ("4504000", "1 250 000,50") into a number.
pub fn parse_amount(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    let cleaned = if cleaned.contains(',') && !cleaned.contains('.') {
        cleaned.replace(',', ".")
    } else {
        cleaned.replace(',', "")
    };
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_keep_their_unit() {
        assert_eq!(parse_weight("15"), Some((15.0, None)));
        assert_eq!(
            parse_weight("15 %"),
            Some((15.0, Some("percent".to_string())))
        );
        assert_eq!(
            parse_weight("Pondération : 12,5 points"),
            Some((12.5, Some("points".to_string())))
        );
        assert_eq!(parse_weight("sans pondération"), None);
    }

    #[test]
    fn amounts_with_spaces_and_decimal_comma() {
        assert_eq!(parse_amount("4504000"), Some(4_504_000.0));
        assert_eq!(parse_amount("1 250 000,50"), Some(1_250_000.5));
        assert_eq!(parse_amount("12.00"), Some(12.0));
        assert_eq!(parse_amount("n/a"), None);
    }

    #[test]
    fn flags_serialise_with_kebab_case_kinds() {
        let flag = NoticeFlag {
            kind: FlagKind::ReservedParticipation,
            code: "res-ws".into(),
            lot: Some("LOT-0001".into()),
        };
        let json = serde_json::to_string(&flag).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"reserved-participation","code":"res-ws","lot":"LOT-0001"}"#
        );
        let notice = Notice::new(NoticeSchema::TedR209);
        assert!(serde_json::to_string(&notice)
            .unwrap()
            .contains(r#""schema":"ted-r2.0.9""#));
    }
}
