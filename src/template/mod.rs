//! The model clauses of `clause-templates/`: loaded from data, checked once, used by both
//! `check` (what to detect, what a complete clause contains) and `generate` (the wording).
//!
//! Raw serde shapes (`spec`) become checked types here: regexes compiled, kinds and severities
//! known, wordings parsed by minijinja. Bad data fails at load time with the file and line,
//! never in the middle of a scan. Adding a model is data only.

mod filters;
pub(crate) mod plain;
mod spec;
mod tables;

use tables::*;
pub use tables::{
    AnruMinimum, AnruScope, BuyerCategory, Correction, CorrectionExample, LegalReference,
    MandatoryCondition, OutdatedTerm, Regime, Threshold,
};

pub use spec::ExpectedFindingSpec;

use crate::base::dates::Date;
use crate::base::error::Error;
use crate::base::i18n::Localized;
use crate::base::pattern::LazyRegex;
use crate::msg;
use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The models shipped in the binary; `--templates DIR` adds to or overrides them.
static BUILTIN: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/clause-templates");

/// The five kinds of social-insertion clause clausier knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    ExecutionCondition,
    AwardCriterion,
    ReservedSiae,
    ReservedDisability,
    InsertionMarket,
}

impl ClauseKind {
    /// Whether a clause of this kind sets a volume of insertion hours (an execution condition,
    /// an insertion market); a criterion's weight or a reservation is no volume.
    pub fn commits_hours(self) -> bool {
        matches!(
            self,
            ClauseKind::ExecutionCondition | ClauseKind::InsertionMarket
        )
    }

    /// Every kind, in report order.
    pub const ALL: [ClauseKind; 5] = [
        ClauseKind::ExecutionCondition,
        ClauseKind::AwardCriterion,
        ClauseKind::ReservedSiae,
        ClauseKind::ReservedDisability,
        ClauseKind::InsertionMarket,
    ];

    /// The snake_case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ClauseKind::ExecutionCondition => "execution_condition",
            ClauseKind::AwardCriterion => "award_criterion",
            ClauseKind::ReservedSiae => "reserved_siae",
            ClauseKind::ReservedDisability => "reserved_disability",
            ClauseKind::InsertionMarket => "insertion_market",
        }
    }

    /// Whether the kind is a reserved contract (to SIAE or to EA/ESAT).
    pub fn is_reserved(self) -> bool {
        matches!(
            self,
            ClauseKind::ReservedSiae | ClauseKind::ReservedDisability
        )
    }

    fn parse(s: &str) -> Option<Self> {
        ClauseKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for ClauseKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The elements a complete clause may be required to contain (stable ids, public API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElementId {
    Hours,
    EligiblePublic,
    ImplementationModes,
    Facilitator,
    Reporting,
    Penalties,
    LegalBasis,
    AwardWeight,
    Reservation,
}

impl ElementId {
    /// Every element, in report order.
    pub const ALL: [ElementId; 9] = [
        ElementId::Hours,
        ElementId::EligiblePublic,
        ElementId::ImplementationModes,
        ElementId::Facilitator,
        ElementId::Reporting,
        ElementId::Penalties,
        ElementId::LegalBasis,
        ElementId::AwardWeight,
        ElementId::Reservation,
    ];

    /// The snake_case id used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementId::Hours => "hours",
            ElementId::EligiblePublic => "eligible_public",
            ElementId::ImplementationModes => "implementation_modes",
            ElementId::Facilitator => "facilitator",
            ElementId::Reporting => "reporting",
            ElementId::Penalties => "penalties",
            ElementId::LegalBasis => "legal_basis",
            ElementId::AwardWeight => "award_weight",
            ElementId::Reservation => "reservation",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        ElementId::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// A phrase that signals a kind of clause, with its weight.
#[derive(Debug, Clone)]
pub struct Signal {
    pub pattern: LazyRegex,
    pub weight: u32,
}

/// An element a complete clause contains, and how to recognise it.
#[derive(Debug, Clone)]
pub struct Element {
    pub id: ElementId,
    pub label: Localized,
    pub severity: Severity,
    pub patterns: Vec<LazyRegex>,
    pub suggestion: Localized,
    /// Sub-section of the wording that supplies the element ("Pénalités"), if any.
    pub wording_section: Option<String>,
}

impl Element {
    /// Whether the element is present in (normalised) clause text.
    pub fn is_present(&self, text: &str) -> bool {
        self.patterns.iter().any(|p| p.is_match(text))
    }
}

/// The type of a template parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamType {
    HoursList,
    Percent,
    Ratio,
    Amount,
    Lots,
    Bool,
    Text,
    Integer,
    Number,
    /// A table of text fields (`[facilitator]` with `name` and `contact`).
    Table,
}

impl ParamType {
    /// Every type, for tests that need each one's label.
    pub const ALL: [ParamType; 10] = [
        ParamType::HoursList,
        ParamType::Percent,
        ParamType::Ratio,
        ParamType::Amount,
        ParamType::Lots,
        ParamType::Bool,
        ParamType::Text,
        ParamType::Integer,
        ParamType::Number,
        ParamType::Table,
    ];

    /// The type's id, as written in the model files (`type = "integer"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamType::HoursList => "hours_list",
            ParamType::Percent => "percent",
            ParamType::Ratio => "ratio",
            ParamType::Amount => "amount",
            ParamType::Lots => "lots",
            ParamType::Bool => "bool",
            ParamType::Text => "text",
            ParamType::Integer => "integer",
            ParamType::Number => "number",
            ParamType::Table => "table",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A parameter a clause carries.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ParamType,
    pub unit: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub description: Localized,
    /// A buyer must give it (`required = true` in the model's file).
    pub required: bool,
}

/// A worked example of a template: text and the findings it must give.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub text: String,
    pub findings: Vec<ExpectedFindingSpec>,
}

/// A checked model clause.
#[derive(Debug, Clone)]
pub struct Template {
    pub id: String,
    pub kind: ClauseKind,
    pub title: Localized,
    pub summary: Localized,
    pub legal_basis: Vec<String>,
    /// The DECP `considerationsSociales` value this kind of clause declares.
    pub considerations_sociales: String,
    /// Name of the wording template inside the environment.
    pub wording: String,
    pub signals: Vec<Signal>,
    pub min_score: u32,
    /// Patterns a section must all match to be scored.
    pub requires: Vec<LazyRegex>,
    pub elements: Vec<Element>,
    pub parameters: Vec<Parameter>,
    /// Values that hold unless a buyer says otherwise: no example figure.
    pub defaults: serde_json::Value,
    /// The example values of a fictitious tender (`[example]`): for `generate --example`,
    /// `templates show` and the model wording `check` compares a clause with.
    pub example: serde_json::Value,
    /// Groups of parameters of which at least one must be given.
    pub one_of_required: Vec<Vec<String>>,
    pub examples: Vec<Example>,
}

/// Every model and rule table, loaded and checked.
pub struct Catalog {
    pub templates: Vec<Template>,
    pub legal: Vec<LegalReference>,
    /// What follows a citation and belongs to it (the text's number, date, title…).
    pub citation_tail: Option<LazyRegex>,
    pub terms: Vec<OutdatedTerm>,
    pub mandatory: MandatoryCondition,
    /// The ANRU charter's minimums, for the `anru-minimum` rule.
    pub anru: Vec<AnruMinimum>,
    env: minijinja::Environment<'static>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("templates", &self.templates.len())
            .finish()
    }
}

/// Compiles a pattern written against normalised text, case-insensitively.
pub(crate) fn compile(pattern: &str, file: &str, what: &str) -> Result<LazyRegex, Error> {
    // Unicode word boundaries keep the regex engine off its fast DFA on French text (a
    // measured third of a scan's time); the patterns put \b around ASCII words and figures,
    // where an ASCII boundary means the same.
    let pattern = pattern.replace("\\b", "(?-u:\\b)");
    LazyRegex::new(pattern.clone(), true).map_err(|e| {
        Error::Config(msg!(
            "config.invalid_pattern",
            file = file,
            what = what,
            pattern = pattern,
            cause = e
        ))
    })
}

fn date(s: &str, file: &str, what: &str) -> Result<Date, Error> {
    Date::parse_iso(s).ok_or_else(|| {
        Error::Config(msg!(
            "config.not_a_date",
            file = file,
            what = what,
            value = s
        ))
    })
}

fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, file: &str) -> Result<T, Error> {
    // The toml error names the line and column.
    toml::from_str(text).map_err(|e| Error::Config(msg!("config.in_file", file = file, cause = e)))
}

/// The files of a template folder, by relative path.
type Files = BTreeMap<String, String>;

fn builtin_files() -> Files {
    let mut files = Files::new();
    fn walk(dir: &Dir<'_>, files: &mut Files) {
        for file in dir.files() {
            if let Some(text) = file.contents_utf8() {
                files.insert(
                    file.path().to_string_lossy().replace('\\', "/"),
                    text.to_string(),
                );
            }
        }
        for sub in dir.dirs() {
            walk(sub, files);
        }
    }
    walk(&BUILTIN, &mut files);
    files
}

fn user_files(dir: &Path) -> Result<Files, Error> {
    let mut files = Files::new();
    let io = |e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    for sub in ["", "rules"] {
        let folder = dir.join(sub);
        if sub == "rules" && !folder.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&folder).map_err(io)? {
            let path = entry.map_err(io)?.path();
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })?;
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let rel = if sub.is_empty() {
                name.to_string()
            } else {
                format!("{sub}/{name}")
            };
            files.insert(rel, text);
        }
    }
    Ok(files)
}

impl Catalog {
    /// The models shipped with clausier.
    pub fn builtin() -> Result<Self, Error> {
        Self::from_files(builtin_files())
    }

    /// The shipped models, with the models of `dir` added (same id: `dir` wins) and its
    /// `rules/` tables replacing the shipped ones.
    pub fn with_overrides(dir: &Path) -> Result<Self, Error> {
        let mut files = builtin_files();
        files.extend(user_files(dir)?);
        let catalog = Self::from_files(files)?;
        // A reviewer's own tables are compiled whole at once: a pattern the parser accepts
        // but the compiler refuses (over the size limit) fails here, never in the middle of a
        // run. The shipped ones are compiled by a test.
        catalog.compile_all()?;
        Ok(catalog)
    }

    /// Compiles every pattern of the catalogue now (they are otherwise compiled on first use).
    pub fn compile_all(&self) -> Result<(), Error> {
        let all = self
            .templates
            .iter()
            .flat_map(|t| {
                t.signals
                    .iter()
                    .map(|s| &s.pattern)
                    .chain(t.requires.iter())
                    .chain(t.elements.iter().flat_map(|e| e.patterns.iter()))
            })
            .chain(self.legal.iter().flat_map(|r| r.patterns.iter()))
            .chain(self.citation_tail.iter())
            .chain(self.terms.iter().map(|t| &t.pattern))
            .chain(self.mandatory.exemptions.iter());
        for pattern in all {
            pattern.compile().map_err(|cause| {
                Error::Config(msg!(
                    "config.invalid_pattern",
                    file = "clause-templates",
                    what = "pattern",
                    pattern = pattern.as_str(),
                    cause = cause
                ))
            })?;
        }
        Ok(())
    }

    fn from_files(files: Files) -> Result<Self, Error> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .map_err(|e| Error::Config(e.to_string()))?,
        );
        filters::register(&mut env);
        for (name, text) in &files {
            if name.ends_with(".j2") {
                env.add_template_owned(name.clone(), text.clone())
                    .map_err(|e| {
                        Error::Config(msg!(
                            "config.in_file",
                            file = name,
                            cause = format!("{e:#}")
                        ))
                    })?;
            }
        }
        let mut by_id: BTreeMap<String, Template> = BTreeMap::new();
        for (name, text) in &files {
            if name.contains('/') || !name.ends_with(".toml") {
                continue;
            }
            let spec: spec::TemplateSpec = parse_toml(text, name)?;
            let template = Template::from_spec(spec, name, &env)?;
            by_id.insert(template.id.clone(), template);
        }
        let templates: Vec<Template> = by_id.into_values().collect();
        let need = |rel: &str| {
            files
                .get(rel)
                .ok_or_else(|| Error::Config(msg!("config.missing_file", file = rel)))
        };
        let (legal, citation_tail) = load_legal(need("rules/legal-references.toml")?)?;
        let terms = load_terms(need("rules/outdated-terms.toml")?)?;
        let (mandatory, anru) = load_thresholds(need("rules/thresholds.toml")?)?;
        Ok(Catalog {
            templates,
            legal,
            citation_tail,
            terms,
            mandatory,
            anru,
            env,
        })
    }

    /// The ANRU minimum share of hours (percent) for `scope` in force at `date`: the latest row
    /// adopted by then, or the latest row for an undated document; `None` before the first.
    pub fn anru_minimum(&self, scope: AnruScope, date: Option<Date>) -> Option<f64> {
        self.anru
            .iter()
            .filter(|m| m.scope == scope && date.is_none_or(|d| m.valid_from <= d))
            .max_by_key(|m| m.valid_from)
            .map(|m| m.percent)
    }

    /// The template with this id.
    pub fn get(&self, id: &str) -> Option<&Template> {
        self.templates.iter().find(|t| t.id == id)
    }

    /// The template of a kind (the first, when an organisation added several).
    pub fn for_kind(&self, kind: ClauseKind) -> Option<&Template> {
        self.templates.iter().find(|t| t.kind == kind)
    }

    /// Renders a template's wording with the given parameters (strict: a missing variable is an
    /// error naming it).
    pub fn render(&self, template: &Template, params: &serde_json::Value) -> Result<String, Error> {
        let wording = self.env.get_template(&template.wording).map_err(|e| {
            Error::Config(msg!(
                "config.in_file",
                file = template.wording,
                cause = format!("{e:#}")
            ))
        })?;
        wording
            .render(minijinja::Value::from(minijinja::value::Serde(params)))
            .map_err(|e| {
                let line = e.line().map_or(String::new(), |l| format!(":{l}"));
                Error::Config(msg!(
                    "config.in_file",
                    file = format!("{}{line}", template.wording),
                    cause = e
                ))
            })
    }
}

impl Template {
    fn from_spec(
        spec: spec::TemplateSpec,
        file: &str,
        env: &minijinja::Environment<'static>,
    ) -> Result<Self, Error> {
        let kind = ClauseKind::parse(&spec.kind).ok_or_else(|| {
            Error::Config(msg!("config.unknown_kind", file = file, kind = spec.kind))
        })?;
        if env.get_template(&spec.wording).is_err() {
            return Err(Error::Config(msg!(
                "config.wording_not_found",
                file = file,
                wording = spec.wording
            )));
        }
        let signals = spec
            .detect
            .signals
            .iter()
            .map(|s| {
                // A signal phrase may wrap over lines, as PDFs and fixed-width texts lay it.
                Ok(Signal {
                    pattern: compile(
                        &crate::base::pattern::wrappable(&s.pattern),
                        file,
                        "detect.signals",
                    )?,
                    weight: s.weight,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let requires = spec
            .detect
            .requires
            .patterns()
            .into_iter()
            .map(|r| compile(r, file, "detect.requires"))
            .collect::<Result<Vec<_>, Error>>()?;
        let elements = spec
            .elements
            .iter()
            .map(|e| {
                let what = format!("element {}", e.id);
                Ok(Element {
                    id: ElementId::parse(&e.id).ok_or_else(|| {
                        Error::Config(msg!("config.unknown_element", file = file, element = e.id))
                    })?,
                    label: Localized::new(&e.label, e.label_en.as_deref()),
                    severity: Severity::parse(&e.severity).ok_or_else(|| {
                        Error::Config(msg!(
                            "config.unknown_severity",
                            file = file,
                            what = what,
                            severity = e.severity
                        ))
                    })?,
                    patterns: e
                        .patterns
                        .iter()
                        .map(|p| compile(p, file, &what))
                        .collect::<Result<_, _>>()?,
                    suggestion: Localized::new(&e.suggestion, e.suggestion_en.as_deref()),
                    wording_section: e.wording_section.clone(),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let parameters = spec
            .parameters
            .iter()
            .map(|p| {
                Ok(Parameter {
                    name: p.name.clone(),
                    kind: ParamType::parse(&p.kind).ok_or_else(|| {
                        Error::Config(msg!(
                            "config.unknown_parameter_type",
                            file = file,
                            name = p.name,
                            kind = p.kind
                        ))
                    })?,
                    unit: p.unit.clone(),
                    min: p.min,
                    max: p.max,
                    description: Localized::new(&p.description, p.description_en.as_deref()),
                    required: p.required,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        for example in &spec.examples {
            for f in &example.findings {
                if let Some(element) = &f.element {
                    if !elements.iter().any(|e| e.id.as_str() == element) {
                        return Err(Error::Config(msg!(
                            "config.example_element",
                            file = file,
                            example = example.name,
                            element = element
                        )));
                    }
                }
            }
        }
        let defaults = serde_json::to_value(&spec.defaults).map_err(|e| {
            Error::Config(msg!(
                "config.in_field",
                file = file,
                what = "defaults",
                cause = e
            ))
        })?;
        let example = serde_json::to_value(&spec.example).map_err(|e| {
            Error::Config(msg!(
                "config.in_field",
                file = file,
                what = "example",
                cause = e
            ))
        })?;
        for name in spec.one_of_required.iter().flatten() {
            if !parameters.iter().any(|p| &p.name == name) {
                return Err(Error::Config(msg!(
                    "config.in_field",
                    file = file,
                    what = "one_of_required",
                    cause = name
                )));
            }
        }
        Ok(Template {
            id: spec.id,
            kind,
            title: Localized::new(&spec.title, spec.title_en.as_deref()),
            summary: Localized::new(&spec.summary, spec.summary_en.as_deref()),
            legal_basis: spec.legal_basis,
            considerations_sociales: spec.considerations_sociales,
            wording: spec.wording,
            signals,
            min_score: spec.detect.min_score,
            requires,
            elements,
            parameters,
            defaults,
            example,
            one_of_required: spec.one_of_required,
            examples: spec
                .examples
                .into_iter()
                .map(|e| Example {
                    name: e.name,
                    text: e.text.trim().to_string(),
                    findings: e.findings,
                })
                .collect(),
        })
    }

    /// The defaults with the example values over them: a complete set to render the model
    /// with, for `check`'s comparison and `generate --example`.
    pub fn example_values(&self) -> serde_json::Value {
        let mut values = self.defaults.as_object().cloned().unwrap_or_default();
        if let Some(example) = self.example.as_object() {
            for (k, v) in example {
                values.insert(k.clone(), v.clone());
            }
        }
        serde_json::Value::Object(values)
    }

    /// The detection score of a (normalised) text for this kind.
    pub fn score(&self, text: &str) -> u32 {
        self.signals
            .iter()
            .map(|s| s.weight * (s.pattern.find_iter(text).count().min(3) as u32))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalog_loads_and_renders_every_model() {
        let catalog = Catalog::builtin().unwrap();
        // Patterns are compiled on first use: every shipped one compiles.
        catalog.compile_all().unwrap();
        let kinds: Vec<ClauseKind> = catalog.templates.iter().map(|t| t.kind).collect();
        for kind in ClauseKind::ALL {
            assert!(kinds.contains(&kind), "no model for {kind}");
        }
        for template in &catalog.templates {
            let text = catalog
                .render(template, &template.example_values())
                .unwrap();
            assert!(text.len() > 200, "{}: {text}", template.id);
        }
        assert!(catalog.legal.len() >= 8);
        assert!(catalog.terms.iter().any(|t| t.term == "Pôle emploi"));
    }

    /// Each entry of the correction tables carries its row, its source and a test sentence
    /// that its own patterns find and that is judged after the outdating date; a straight
    /// correction says what the sentence becomes, and the corrected sentence is found by no
    /// straight entry (the correction does not need correcting again).
    #[test]
    fn every_correction_entry_has_its_row_source_and_a_sentence_it_finds() {
        let catalog = Catalog::builtin().unwrap();
        let normal = |s: &str| crate::read::normalize::normalize_str(s);
        for r in &catalog.legal {
            assert!(r.row.is_some() && r.source.is_some(), "{}", r.id);
            assert!(!r.examples.is_empty(), "{} has no example", r.id);
            for e in &r.examples {
                let text = normal(&e.text);
                assert!(
                    r.patterns.iter().any(|p| p.is_match(&text)),
                    "{}: {:?}",
                    r.id,
                    e.text
                );
                assert!(e.date >= r.valid_until, "{}: {}", r.id, e.date);
                assert_eq!(
                    e.corrected.is_some(),
                    r.correction == Correction::Straight,
                    "{}",
                    r.id
                );
            }
        }
        for t in &catalog.terms {
            assert!(t.row.is_some() && t.source.is_some(), "{}", t.term);
            assert!(!t.examples.is_empty(), "{} has no example", t.term);
            for e in &t.examples {
                assert!(
                    t.pattern.is_match(&normal(&e.text)),
                    "{}: {:?}",
                    t.term,
                    e.text
                );
                assert!(e.date >= t.replaced_on, "{}: {}", t.term, e.date);
                if let Some(corrected) = &e.corrected {
                    let corrected = normal(corrected);
                    for other in catalog
                        .terms
                        .iter()
                        .filter(|o| o.correction == Correction::Straight)
                    {
                        assert!(
                            !other.pattern.is_match(&corrected),
                            "{}: {:?} is found again by {}",
                            t.term,
                            corrected,
                            other.term
                        );
                    }
                }
            }
        }
    }

    /// `--lang en` never falls back to French for what we ship: every text a person reads
    /// from the models and rule tables has its English twin.
    #[test]
    fn every_shipped_text_has_its_english_twin() {
        let catalog = Catalog::builtin().unwrap();
        let mut missing = Vec::new();
        let mut need = |what: String, text: &Localized| {
            if text.en.is_none() {
                missing.push(what);
            }
        };
        for t in &catalog.templates {
            need(format!("{} title", t.id), &t.title);
            need(format!("{} summary", t.id), &t.summary);
            for e in &t.elements {
                need(format!("{} {} label", t.id, e.id.as_str()), &e.label);
                need(
                    format!("{} {} suggestion", t.id, e.id.as_str()),
                    &e.suggestion,
                );
            }
            for p in &t.parameters {
                need(format!("{} {} description", t.id, p.name), &p.description);
            }
        }
        for r in &catalog.legal {
            need(format!("{} label", r.id), &r.label);
            need(format!("{} subject", r.id), &r.subject);
            need(format!("{} replacement", r.id), &r.replacement);
        }
        for term in &catalog.terms {
            need(format!("{} why", term.term), &term.why);
            need(format!("{} replacement", term.term), &term.replacement);
        }
        assert!(missing.is_empty(), "no English for {missing:?}");
    }
}
