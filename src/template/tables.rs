//! The dated rule tables of `clause-templates/rules/`, loaded and checked: repealed legal
//! references and their replacements, outdated terms, the EU thresholds of L. 2112-2-1 by period
//! and buyer category with the exemption wordings, and the ANRU charter's minimums. A reviewer
//! changes a date or a figure there without touching Rust.

use super::*;

/// How a redline corrects an entry of the tables (the reviewed corrections table's "kind").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Correction {
    /// Safe as a tracked change.
    #[default]
    Straight,
    /// A comment proposing the replacement: it depends on a paragraph, an intent or a local
    /// fact, and a person decides.
    Judgement,
    /// A comment only: nothing replaces it, or nothing can be proposed safely.
    Flag,
}

impl Correction {
    fn parse(s: Option<&str>, file: &str, what: &str) -> Result<Correction, Error> {
        Ok(match s {
            None | Some("straight") => Correction::Straight,
            Some("judgement") => Correction::Judgement,
            Some("flag") => Correction::Flag,
            Some(other) => {
                return Err(Error::Config(msg!(
                    "config.in_field",
                    file = file,
                    what = what,
                    cause = format!("correction = {other:?} (straight, judgement or flag)")
                )))
            }
        })
    }
}

/// A test sentence of a table entry, judged at `date`; `corrected` is the sentence once a
/// straight correction is accepted.
#[derive(Debug, Clone)]
pub struct CorrectionExample {
    pub text: String,
    pub date: Date,
    pub corrected: Option<String>,
}

/// The replacement suggested for consultations launched in [from, until).
#[derive(Debug, Clone)]
pub struct Regime {
    pub from: Date,
    pub until: Date,
    pub replacement: String,
}

/// An obsolete legal reference and what replaced it.
#[derive(Debug, Clone)]
pub struct LegalReference {
    pub id: String,
    pub label: Localized,
    pub subject: Localized,
    pub patterns: Vec<LazyRegex>,
    pub valid_from: Option<Date>,
    pub valid_until: Date,
    pub replacement: Localized,
    pub regimes: Vec<Regime>,
    pub correction: Correction,
    /// The row of the reviewed corrections table.
    pub row: Option<String>,
    pub source: Option<String>,
    pub examples: Vec<CorrectionExample>,
}

impl LegalReference {
    /// The text in force at a launch date: a 2017 CCAP citing the CMP gets the ordonnance.
    pub fn replacement_at(&self, date: Option<Date>) -> &str {
        date.and_then(|d| {
            self.regimes
                .iter()
                .find(|r| r.from <= d && d < r.until)
                .map(|r| r.replacement.as_str())
        })
        .unwrap_or(&self.replacement.fr)
    }
}

/// An outdated term and its current replacement.
#[derive(Debug, Clone)]
pub struct OutdatedTerm {
    pub term: String,
    pub pattern: LazyRegex,
    pub replacement: Localized,
    pub replaced_on: Date,
    pub why: Localized,
    /// The words that replace the term in a redline; `${name}` stands for a named group.
    pub substitute: String,
    pub correction: Correction,
    pub row: Option<String>,
    pub source: Option<String>,
    pub examples: Vec<CorrectionExample>,
}

/// A dated EU threshold (L2112-2-1 makes a social condition mandatory at or above it).
#[derive(Debug, Clone)]
pub struct Threshold {
    /// "works" or "supplies_services".
    pub contract: String,
    /// The buyer category the value is for; `None`: every buyer.
    pub buyer: Option<BuyerCategory>,
    pub amount_eur: f64,
    pub valid_from: Date,
    pub valid_until: Date,
}

/// Who buys, as the EU thresholds tell buyers apart (public API: the JSON `buyer_category`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuyerCategory {
    /// The State and its central bodies (ministries, UGAP, listed public bodies).
    CentralGovernment,
    /// Every other pouvoir adjudicateur (collectivités, OPH, ESH, hospitals…).
    ContractingAuthority,
    /// An entité adjudicatrice (network operators: water, energy, transport).
    ContractingEntity,
}

impl BuyerCategory {
    /// Every category.
    pub const ALL: [BuyerCategory; 3] = [
        BuyerCategory::CentralGovernment,
        BuyerCategory::ContractingAuthority,
        BuyerCategory::ContractingEntity,
    ];

    /// The snake_case id used in reports and in `rules/thresholds.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            BuyerCategory::CentralGovernment => "central_government",
            BuyerCategory::ContractingAuthority => "contracting_authority",
            BuyerCategory::ContractingEntity => "contracting_entity",
        }
    }
}

impl MandatoryCondition {
    /// The EU threshold in force on `date` for a contract (`works` or `supplies_services`) of a
    /// buyer category; the latest known value when the table has no row for that date.
    pub fn threshold(
        &self,
        contract: &str,
        buyer: BuyerCategory,
        date: Date,
    ) -> Option<&Threshold> {
        let rows = || {
            self.thresholds
                .iter()
                .filter(move |t| t.contract == contract && t.buyer.is_none_or(|b| b == buyer))
        };
        rows()
            .find(|t| t.valid_from <= date && date < t.valid_until)
            .or_else(|| rows().max_by_key(|t| t.valid_from))
    }
}

/// What an ANRU minimum covers: the hours of works (and the engineering they need), or those of
/// gestion urbaine de proximité (GUP) contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnruScope {
    Works,
    Gup,
}

/// A dated minimum share of insertion hours of the ANRU's charte nationale d'insertion.
#[derive(Debug, Clone)]
pub struct AnruMinimum {
    pub scope: AnruScope,
    pub percent: f64,
    pub valid_from: Date,
    pub source: String,
}

/// The data behind the `missing-mandatory-social-condition` rule.
#[derive(Debug, Clone)]
pub struct MandatoryCondition {
    pub from: Date,
    pub exemptions: Vec<LazyRegex>,
    pub thresholds: Vec<Threshold>,
}

fn examples(
    specs: Vec<spec::CorrectionExampleSpec>,
    file: &str,
    what: &str,
) -> Result<Vec<CorrectionExample>, Error> {
    specs
        .into_iter()
        .map(|e| {
            Ok(CorrectionExample {
                date: date(&e.date, file, what)?,
                text: e.text,
                corrected: e.corrected,
            })
        })
        .collect()
}

/// The references and the regex that extends a citation over what belongs to it.
pub(super) fn load_legal(text: &str) -> Result<(Vec<LegalReference>, Option<LazyRegex>), Error> {
    let file = "rules/legal-references.toml";
    let spec: spec::LegalFileSpec = parse_toml(text, file)?;
    let tail = spec
        .citation_tail
        .as_deref()
        .map(|t| compile(&format!("^(?:{t})"), file, "citation_tail"))
        .transpose()?;
    let references = spec
        .reference
        .into_iter()
        .map(|r| {
            let what = format!("reference {}", r.id);
            Ok(LegalReference {
                patterns: r
                    .patterns
                    .iter()
                    .map(|p| compile(p, file, &what))
                    .collect::<Result<_, _>>()?,
                valid_from: r
                    .valid_from
                    .as_deref()
                    .map(|d| date(d, file, &what))
                    .transpose()?,
                valid_until: date(&r.valid_until, file, &what)?,
                regimes: r
                    .regime
                    .iter()
                    .map(|g| {
                        Ok(Regime {
                            from: date(&g.from, file, &what)?,
                            until: date(&g.until, file, &what)?,
                            replacement: g.replacement.clone(),
                        })
                    })
                    .collect::<Result<_, Error>>()?,
                correction: Correction::parse(r.correction.as_deref(), file, &what)?,
                examples: examples(r.example, file, &what)?,
                row: r.row,
                source: r.source,
                id: r.id,
                label: Localized::new(&r.label, r.label_en.as_deref()),
                subject: Localized::new(&r.subject, r.subject_en.as_deref()),
                replacement: Localized::new(&r.replacement, r.replacement_en.as_deref()),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok((references, tail))
}

pub(super) fn load_terms(text: &str) -> Result<Vec<OutdatedTerm>, Error> {
    let file = "rules/outdated-terms.toml";
    let spec: spec::TermsFileSpec = parse_toml(text, file)?;
    spec.term
        .into_iter()
        .map(|t| {
            let what = format!("term {}", t.term);
            Ok(OutdatedTerm {
                pattern: LazyRegex::new(t.pattern.replace("\\b", "(?-u:\\b)"), false).map_err(
                    |e| Error::Config(msg!("config.in_field", file = file, what = what, cause = e)),
                )?,
                replaced_on: date(&t.replaced_on, file, &what)?,
                substitute: t.substitute.unwrap_or_else(|| t.replacement.clone()),
                correction: Correction::parse(t.correction.as_deref(), file, &what)?,
                examples: examples(t.example, file, &what)?,
                row: t.row,
                source: t.source,
                term: t.term,
                replacement: Localized::new(&t.replacement, t.replacement_en.as_deref()),
                why: Localized::new(&t.why, t.why_en.as_deref()),
            })
        })
        .collect()
}

pub(super) fn load_thresholds(text: &str) -> Result<(MandatoryCondition, Vec<AnruMinimum>), Error> {
    let file = "rules/thresholds.toml";
    let spec: spec::ThresholdsFileSpec = parse_toml(text, file)?;
    let anru = spec
        .anru_minimum
        .iter()
        .map(|m| {
            let scope = match m.scope.as_str() {
                "works" => AnruScope::Works,
                "gup" => AnruScope::Gup,
                other => {
                    return Err(Error::Config(msg!(
                        "config.anru_scope",
                        file = file,
                        scope = other
                    )))
                }
            };
            Ok(AnruMinimum {
                scope,
                percent: m.percent,
                valid_from: date(&m.valid_from, file, "anru_minimum")?,
                source: m.source.clone(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let mandatory = MandatoryCondition {
        from: date(
            &spec.mandatory_social_condition_from,
            file,
            "mandatory_social_condition_from",
        )?,
        exemptions: spec
            .exemption_patterns
            .iter()
            .map(|p| compile(p, file, "exemption_patterns"))
            .collect::<Result<_, _>>()?,
        thresholds: spec
            .threshold
            .into_iter()
            .map(|t| {
                let buyer = match t.buyer.as_deref() {
                    None => None,
                    Some(b) => Some(
                        BuyerCategory::ALL
                            .into_iter()
                            .find(|c| c.as_str() == b)
                            .ok_or_else(|| {
                                Error::Config(msg!(
                                    "config.threshold_buyer",
                                    file = file,
                                    buyer = b
                                ))
                            })?,
                    ),
                };
                Ok(Threshold {
                    buyer,
                    valid_from: date(&t.valid_from, file, "threshold")?,
                    valid_until: date(&t.valid_until, file, "threshold")?,
                    contract: t.contract,
                    amount_eur: t.amount_eur,
                })
            })
            .collect::<Result<_, Error>>()?,
    };
    Ok((mandatory, anru))
}
