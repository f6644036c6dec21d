//! The clause type every later stage shares: a clause found in a document (its kind, model,
//! place and linked sections) and the form the document gives it. `detect` makes clauses,
//! `form` sets their form; neither needs the other's code to name them.

use crate::read::document::Document;
use crate::template::ClauseKind;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A clause found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// Id of the model it was matched to.
    pub template: String,
    /// The section (article) that holds it, if the document has sections.
    pub section: Option<usize>,
    /// Byte range in the normalised text.
    pub range: Range<usize>,
    /// Other sections that belong to the clause (penalties stated in another article).
    pub linked: Vec<Range<usize>>,
    /// Detection score (sum of signal weights).
    pub score: u32,
    /// How the document carries it (set from the document's role by [`crate::find::form::assign`]).
    pub form: Form,
    /// Other sections that state the same clause again: a notice repeats its reservation or
    /// its insertion hours in each lot's block. Their lots and figures are the clause's.
    pub repeated: Vec<Range<usize>>,
}

impl Clause {
    /// The clause text with its linked sections, as the checks read it.
    pub fn full_text(&self, doc: &Document) -> String {
        let mut text = doc.text.text[self.range.clone()].to_string();
        for linked in self.repeated.iter().chain(&self.linked) {
            text.push_str("\n\n");
            text.push_str(&doc.text.text[linked.clone()]);
        }
        text
    }
}

/// How a document carries a clause (public API: the JSON `form` values).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// The stipulation itself: an article of a CCAP, CCP or contract, the RC's own criterion.
    #[default]
    Clause,
    /// A short statement that the contract has one ("Clause sociale d'insertion : oui").
    Mention,
    /// A piece that quotes or points to another piece's clause ("cf. article 6.1.2 du contrat").
    Reference,
    /// A structured field of a notice (a reserved-participation element, an eForms code).
    Flag,
}

impl Form {
    /// The snake_case id used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Clause => "clause",
            Form::Mention => "mention",
            Form::Reference => "reference",
            Form::Flag => "flag",
        }
    }
}
