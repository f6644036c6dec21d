//! `wording-deviation`: a stipulation whose words are far from its model's (similarity under
//! 0.35), rendered with the clause's own figures: an info that tells the reviewer to read it
//! closely. The word diff it computes is the report's `diff`.

use super::{DiffChunk, DiffOp, Finding, Rule};
use crate::base::typography::number;
use crate::find::params::Parameters;
use crate::msg;
use crate::template::{Catalog, Severity, Template};
use similar::{ChangeTag, TextDiff};
use std::time::Duration;
use unicode_segmentation::UnicodeSegmentation;

/// Below this word similarity to the model, a clause gets a `wording-deviation` info.
const DEVIATION_THRESHOLD: f64 = 0.35;

pub(super) fn check(template: &Template, similarity: f64) -> Option<Finding> {
    (similarity < DEVIATION_THRESHOLD).then(|| {
        Finding::new(
            Rule::WordingDeviation,
            Severity::Info,
            msg!(
                "finding.wording_deviation",
                model = template.title,
                similarity = number(similarity, 2)
            ),
        )
    })
}

/// The values to render a model with: its defaults and example values, overridden by the
/// clause's own figures.
pub fn model_values(template: &Template, p: &Parameters) -> serde_json::Value {
    let mut values = template.example_values();
    if let Some(map) = values.as_object_mut() {
        if let Some(rate) = p.percent_of_hours {
            map.insert("rate".into(), (rate / 100.0).into());
        }
        if let Some(penalty) = p.penalty_per_hour_eur {
            map.insert("penalty_per_hour_eur".into(), penalty.into());
        }
        if let Some(ratio) = &p.hours_ratio {
            map.insert(
                "hours_per_100k_eur".into(),
                (ratio.hours * 100_000.0 / ratio.per_eur).into(),
            );
        }
        let lot_sum: u64 = p.lots.iter().map(|l| l.hours).sum();
        let total = p
            .total_hours
            .or((lot_sum > 0).then_some(lot_sum))
            .or_else(|| p.hours.first().copied());
        if let Some(total) = total {
            map.insert("total_hours".into(), total.into());
            if p.percent_of_hours.is_none() && map.contains_key("volume_in_hours") {
                map.insert("volume_in_hours".into(), true.into());
            }
        }
        if let Some(weight) = p.award_weight_percent {
            map.insert("weight_percent".into(), weight.into());
        }
        map.insert("anru".into(), p.anru.into());
        if !p.lots.is_empty() {
            let lots: Vec<serde_json::Value> = p
                .lots
                .iter()
                .map(|l| serde_json::json!({"number": l.lot, "name": "", "hours": l.hours}))
                .collect();
            map.insert("lots".into(), lots.into());
        }
    }
    values
}

/// Renders the model with the clause's own figures and compares the wordings word by word.
pub(super) fn compare_with_model(
    catalog: &Catalog,
    template: &Template,
    p: &Parameters,
    text: &str,
) -> (f64, Vec<DiffChunk>) {
    let values = model_values(template, p);
    let Ok(model) = catalog.render(template, &values) else {
        return (0.0, Vec::new());
    };
    // Line breaks and table bars are layout, not wording: compare the words only, and
    // regardless of case; but show them as each text writes them.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let model = flat(&crate::read::normalize::normalize_str(
        &crate::template::plain::to_text(&model),
    ));
    let mut found = flat(text);
    // A clause many times longer than the model is far from it whatever the diff says; its
    // first part is enough to show how, and keeps the diff's cost bounded.
    let cap = model.len() * 3;
    found.truncate(found.floor_char_boundary(cap));
    let (model_lower, found_lower) = (model.to_lowercase(), found.to_lowercase());
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(Duration::from_millis(500))
        .diff_unicode_words(&model_lower, &found_lower);
    let similarity = f64::from(diff.ratio());
    // The same word bounds as the diff's, in the texts' own case; lowercasing keeps them but
    // for rare letters, in which case the diff is shown lowercase.
    fn as_written<'a>(original: &'a str, lower: Vec<&str>) -> Option<Vec<&'a str>> {
        let words: Vec<&str> = original.split_word_bounds().collect();
        (words.len() == lower.len()
            && words
                .iter()
                .zip(&lower)
                .all(|(w, l)| w.chars().flat_map(char::to_lowercase).eq(l.chars())))
        .then_some(words)
    }
    let model_words = as_written(&model, diff.iter_old_slices().collect());
    let found_words = as_written(&found, diff.iter_new_slices().collect());
    let mut chunks: Vec<DiffChunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let (op, written) = match change.tag() {
            ChangeTag::Equal => (DiffOp::Equal, change.new_index().zip(found_words.as_ref())),
            ChangeTag::Insert => (DiffOp::Insert, change.new_index().zip(found_words.as_ref())),
            ChangeTag::Delete => (DiffOp::Delete, change.old_index().zip(model_words.as_ref())),
        };
        let value = written.map_or(change.value(), |(i, words)| words[i]);
        match chunks.last_mut() {
            Some(last) if last.op == op => last.text.push_str(value),
            _ => chunks.push(DiffChunk {
                op,
                text: value.to_string(),
            }),
        }
    }
    (similarity, chunks)
}
