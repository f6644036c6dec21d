//! The raw serde shapes of the files in `clause-templates/`, exactly as written by a reviewer.
//! Unknown fields are refused, so a typo fails at load time with its file and line.

use serde::Deserialize;

/// A model clause: `clause-templates/NAME.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TemplateSpec {
    pub id: String,
    pub kind: String,
    pub title: String,
    /// English twin of `title`, for `--lang en`.
    #[serde(default)]
    pub title_en: Option<String>,
    pub summary: String,
    /// English twin of `summary`.
    #[serde(default)]
    pub summary_en: Option<String>,
    pub legal_basis: Vec<String>,
    pub considerations_sociales: String,
    pub wording: String,
    pub detect: DetectSpec,
    #[serde(default)]
    pub elements: Vec<ElementSpec>,
    #[serde(default)]
    pub parameters: Vec<ParameterSpec>,
    /// Values that hold for every tender unless a buyer says otherwise (no example figure).
    #[serde(default)]
    pub defaults: toml::Table,
    /// Example values of a fictitious tender: `generate --example`, `templates show`, and the
    /// model's wording compared with a clause by `check`. Never in a buyer's clause unasked.
    #[serde(default)]
    pub example: toml::Table,
    /// Groups of parameters of which a buyer must give at least one (the ways of stating the
    /// volume of hours).
    #[serde(default)]
    pub one_of_required: Vec<Vec<String>>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DetectSpec {
    pub signals: Vec<SignalSpec>,
    pub min_score: u32,
    /// Words a section must hold to be scored at all: one pattern, or several that must all
    /// match (cheaper to compile than one pattern joining them with `[\s\S]*`).
    #[serde(default)]
    pub requires: Requires,
}

/// `requires = "…"` or `requires = ["…", "…"]`.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
pub(crate) enum Requires {
    #[default]
    None,
    One(String),
    All(Vec<String>),
}

impl Requires {
    pub(crate) fn patterns(&self) -> Vec<&str> {
        match self {
            Requires::None => Vec::new(),
            Requires::One(p) => vec![p.as_str()],
            Requires::All(all) => all.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignalSpec {
    pub pattern: String,
    pub weight: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ElementSpec {
    pub id: String,
    pub label: String,
    /// English twin of `label`.
    #[serde(default)]
    pub label_en: Option<String>,
    pub severity: String,
    pub patterns: Vec<String>,
    pub suggestion: String,
    /// English twin of `suggestion`.
    #[serde(default)]
    pub suggestion_en: Option<String>,
    /// Title (or part of it) of the wording's sub-section that supplies this element, for the
    /// redline's insertions; the whole wording when absent.
    #[serde(default)]
    pub wording_section: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ParameterSpec {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    pub description: String,
    /// English twin of `description`.
    #[serde(default)]
    pub description_en: Option<String>,
    /// A buyer must give it: generate refuses to write the clause without it.
    #[serde(default)]
    pub required: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExampleSpec {
    pub name: String,
    pub text: String,
    #[serde(default)]
    pub findings: Vec<ExpectedFindingSpec>,
}

/// A finding an example must produce: its rule, and the element or term when the rule has one.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFindingSpec {
    pub rule: String,
    #[serde(default)]
    pub element: Option<String>,
    #[serde(default)]
    pub term: Option<String>,
}

/// `clause-templates/rules/legal-references.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LegalFileSpec {
    /// What may follow a citation and belongs to it (number, date and title of the text,
    /// "modifiée", the JO): replaced with it so nothing of the old citation is left behind.
    #[serde(default)]
    pub citation_tail: Option<String>,
    pub reference: Vec<LegalReferenceSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LegalReferenceSpec {
    pub id: String,
    pub label: String,
    /// English twin of `label`.
    #[serde(default)]
    pub label_en: Option<String>,
    pub subject: String,
    /// English twin of `subject`.
    #[serde(default)]
    pub subject_en: Option<String>,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub valid_from: Option<String>,
    pub valid_until: String,
    pub replacement: String,
    /// English twin of `replacement`.
    #[serde(default)]
    pub replacement_en: Option<String>,
    /// The text in force at other launch dates: a 2017 CCAP citing the CMP gets the
    /// ordonnance, not the code.
    #[serde(default)]
    pub regime: Vec<RegimeSpec>,
    /// The row of the reviewed corrections table this entry implements ("R01", "T02"…).
    #[serde(default)]
    pub row: Option<String>,
    /// How a redline corrects it: "straight" (a tracked change), "judgement" (a comment that
    /// proposes the replacement; a person decides) or "flag" (a comment, nothing proposed).
    #[serde(default)]
    pub correction: Option<String>,
    /// Where the fact comes from (texts, dates), for the reviewer who doubts it.
    #[serde(default)]
    pub source: Option<String>,
    /// Sentences as clauses write them, each with the launch date it is judged at and, for a
    /// straight correction, the sentence once the change is accepted.
    #[serde(default)]
    pub example: Vec<CorrectionExampleSpec>,
}

/// The replacement of a reference for consultations launched in [from, until).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RegimeSpec {
    pub from: String,
    pub until: String,
    pub replacement: String,
}

/// A test sentence of a correction row.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CorrectionExampleSpec {
    pub text: String,
    /// The launch date the sentence is judged at (YYYY-MM-DD).
    pub date: String,
    /// The sentence with the change accepted; absent for judgement and flag rows.
    #[serde(default)]
    pub corrected: Option<String>,
}

/// `clause-templates/rules/outdated-terms.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermsFileSpec {
    pub term: Vec<TermSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermSpec {
    pub term: String,
    pub pattern: String,
    pub replacement: String,
    /// English twin of `replacement`.
    #[serde(default)]
    pub replacement_en: Option<String>,
    pub replaced_on: String,
    pub why: String,
    /// English twin of `why`.
    #[serde(default)]
    pub why_en: Option<String>,
    /// The words that replace the term in a redline (default: `replacement`); `$name` and
    /// `${name}` stand for the pattern's named groups (an article kept before the new name).
    #[serde(default)]
    pub substitute: Option<String>,
    /// The row of the reviewed corrections table this entry implements ("R01", "T02"…).
    #[serde(default)]
    pub row: Option<String>,
    /// How a redline corrects it: "straight" (a tracked change), "judgement" (a comment that
    /// proposes the replacement; a person decides) or "flag" (a comment, nothing proposed).
    #[serde(default)]
    pub correction: Option<String>,
    /// Where the fact comes from (texts, dates), for the reviewer who doubts it.
    #[serde(default)]
    pub source: Option<String>,
    /// Sentences as clauses write them, each with the launch date it is judged at and, for a
    /// straight correction, the sentence once the change is accepted.
    #[serde(default)]
    pub example: Vec<CorrectionExampleSpec>,
}

/// `clause-templates/rules/thresholds.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThresholdsFileSpec {
    pub mandatory_social_condition_from: String,
    pub exemption_patterns: Vec<String>,
    pub threshold: Vec<ThresholdSpec>,
    /// The ANRU charter's minimum shares of insertion hours, by scope and date.
    #[serde(default)]
    pub anru_minimum: Vec<AnruMinimumSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AnruMinimumSpec {
    /// "works" or "gup".
    pub scope: String,
    pub percent: f64,
    pub valid_from: String,
    /// Where the figure comes from.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThresholdSpec {
    pub contract: String,
    /// The buyer category the row is for; absent: every buyer.
    #[serde(default)]
    pub buyer: Option<String>,
    pub amount_eur: f64,
    pub valid_from: String,
    pub valid_until: String,
}
