//! `missing-element`: a clause that lacks an element its model requires (the public, the
//! volume of hours, the penalties, the follow-up, the facilitator…). An element is present when
//! the clause says it in words the model's patterns know, or when its figures give it
//! ([`Parameters::states`]), which the consultation level asks too. The severity is the
//! element's, from the model (`clause-templates/*.toml`).

use super::{Finding, Rule};
use crate::find::params::Parameters;
use crate::msg;
use crate::template::Template;

pub(super) fn check(template: &Template, text: &str, p: &Parameters) -> Vec<Finding> {
    let mut out = Vec::new();
    for element in &template.elements {
        // Said in words the model's patterns know, or given by the clause's figures.
        let present = element.is_present(text) || p.states(element.id);
        if !present {
            let mut f = Finding::new(
                Rule::MissingElement,
                element.severity,
                msg!("finding.missing_element", label = element.label),
            )
            .suggest(element.suggestion.get());
            f.element = Some(element.id);
            out.push(f);
        }
    }
    out
}
