//! Finding the insertion clauses of a document: each section's own text is scored against
//! every model's signals; a section that reaches a model's threshold is a hit; hits nested
//! in one article are one clause (4.5 with 4.5.1 … 4.5.7); penalty articles about insertion
//! elsewhere ("13.2 Pénalités liées aux clauses d'insertion") are linked to the clause.
//!
//! Signals are phrases only an insertion clause uses: the bare word "insertion" never counts,
//! so "insertion paysagère", "insertion des réseaux" or an SQL INSERT score nothing.

use crate::find::clause::{Clause, Form};
use crate::read::document::Document;
use crate::read::segment::Section;
use crate::template::{Catalog, ClauseKind, Template};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A unit of text scored on its own: a section without its sub-sections, or a paragraph when
/// the document has no headings.
struct Unit {
    section: Option<usize>,
    range: Range<usize>,
}

static PENALTY_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)p[ée]nalit|sanction|retenue").unwrap());
static INSERTION_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)clauses? (?:sociales? )?d'insertion|heures? d'insertion|actions? d'insertion|clauses? sociales?|insertion (?:sociale|professionnelle)|\bd'insertion\b").unwrap()
});
static ARTICLE_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)articles? ((?:[IVXLC]{1,7}\.)?\d+(?:\.\d+)*|[IVXLC]{1,7}\b)").unwrap()
});

fn units(doc: &Document) -> Vec<Unit> {
    let body_len = doc.text.body_len;
    let sections: Vec<(usize, &Section)> = doc
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.toc)
        .collect();
    let tocs: Vec<&Range<usize>> = doc
        .sections
        .iter()
        .filter(|s| s.toc)
        .map(|s| &s.range)
        .collect();
    let mut units = Vec::new();
    if sections.is_empty() {
        // No headings: every body block is a unit.
        for block in doc.text.blocks.iter().filter(|b| b.range.end <= body_len) {
            if !tocs
                .iter()
                .any(|t| t.start <= block.range.start && block.range.end <= t.end)
            {
                units.push(Unit {
                    section: None,
                    range: block.range.clone(),
                });
            }
        }
        return units;
    }
    // Text before the first heading (a preamble) is a unit of its own.
    let first = sections[0].1.range.start;
    let preamble_start = tocs
        .iter()
        .filter(|t| t.end <= first)
        .map(|t| t.end)
        .max()
        .unwrap_or(0);
    if first > preamble_start {
        units.push(Unit {
            section: None,
            range: preamble_start..first,
        });
    }
    for (i, (index, section)) in sections.iter().enumerate() {
        // Own text: up to the next heading of any level.
        let end = sections
            .get(i + 1)
            .map_or(section.range.end, |(_, next)| {
                next.range.start.min(section.range.end)
            })
            .max(section.heading_range.end);
        let mut range = section.range.start..end.max(section.range.start);
        // A TOC inside a section's own text is not its text.
        if let Some(t) = tocs
            .iter()
            .find(|t| range.start <= t.start && t.start < range.end)
        {
            range.end = t.start.max(section.heading_range.end);
        }
        units.push(Unit {
            section: Some(*index),
            range,
        });
    }
    units
}

/// The section tree as look-up tables, built once per document so that climbing and linking
/// cost the size of what they look at, not the number of sections at every step.
struct Tree {
    /// Children of each section (tables of contents included), in list order.
    children: Vec<Vec<usize>>,
    /// Start offsets of the non-TOC sections, sorted.
    starts: Vec<usize>,
}

impl Tree {
    fn new(doc: &Document) -> Self {
        let mut children = vec![Vec::new(); doc.sections.len()];
        for (i, s) in doc.sections.iter().enumerate() {
            if let Some(parent) = s.parent {
                children[parent].push(i);
            }
        }
        let mut starts: Vec<usize> = doc
            .sections
            .iter()
            .filter(|s| !s.toc)
            .map(|s| s.range.start)
            .collect();
        starts.sort_unstable();
        Tree { children, starts }
    }

    /// Where a section's own text ends: the first non-TOC section that starts inside it.
    fn own_end(&self, range: &Range<usize>) -> usize {
        let next = self.starts.partition_point(|&s| s <= range.start);
        self.starts
            .get(next)
            .copied()
            .filter(|&s| s < range.end)
            .unwrap_or(range.end)
    }
}

/// The best model for a text: the highest score relative to each model's threshold.
fn classify<'c>(catalog: &'c Catalog, text: &str) -> Option<(&'c Template, u32)> {
    catalog
        .templates
        .iter()
        .filter_map(|t| {
            crate::base::deadline::tick();
            // The required words are one cheap search; most sections of a CCAP lack them.
            if !t.requires.iter().all(|r| r.is_match(text)) {
                return None;
            }
            let score = t.score(text);
            (score >= t.min_score).then_some((t, score))
        })
        .max_by(|(a, sa), (b, sb)| {
            let ra = *sa as f64 / a.min_score.max(1) as f64;
            let rb = *sb as f64 / b.min_score.max(1) as f64;
            ra.total_cmp(&rb)
        })
}

/// Finds the clauses of a document.
pub fn clauses(doc: &Document, catalog: &Catalog) -> Vec<Clause> {
    let text = &doc.text.text;
    let units = units(doc);
    let tree = Tree::new(doc);
    // (unit index, template, score) for every hit.
    let mut hits: Vec<(usize, &Template, u32)> = units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| classify(catalog, &text[u.range.clone()]).map(|(t, s)| (i, t, s)))
        .collect();
    hits.extend(subtree_hits(doc, catalog, &tree, &units, &hits));
    hits.sort_by_key(|(i, _, _)| units[*i].range.start);
    let mut clauses: Vec<Clause> = Vec::new();
    // Whether a parent section takes in a clause of a model, decided once per pair.
    let mut climbs = std::collections::HashMap::new();
    for (unit_index, template, score) in hits {
        let unit = &units[unit_index];
        let root = unit
            .section
            .map(|s| climb(doc, catalog, &tree, &mut climbs, s, template));
        let mut range = match root {
            Some(s) => doc.sections[s].range.clone(),
            None => unit.range.clone(),
        };
        if template.kind == ClauseKind::InsertionMarket {
            // When insertion is the object of the contract, the whole contract is the clause:
            // the legal basis sits in the title block, volumes, publics and reports in later
            // articles.
            range = 0..doc.text.body_len;
        }
        // A hit inside a clause already found (same kind) is part of it.
        if let Some(existing) = clauses.iter_mut().find(|c| {
            c.kind == template.kind
                && ((c.range.start <= range.start && range.end <= c.range.end)
                    || (root.is_none() && c.section.is_none() && adjacent(text, &c.range, &range)))
        }) {
            existing.score += score;
            existing.range.end = existing.range.end.max(range.end);
            // A clause found first in an unnumbered title block belongs to the first numbered
            // article that carries it.
            let numbered = |s: Option<usize>| s.is_some_and(|s| doc.sections[s].number.is_some());
            if !numbered(existing.section) && numbered(root) {
                existing.section = root;
            }
            continue;
        }
        // A section that contains clauses already found takes them in.
        clauses.retain(|c| {
            !(c.kind == template.kind && range.start <= c.range.start && c.range.end <= range.end)
        });
        clauses.push(Clause {
            kind: template.kind,
            template: template.id.clone(),
            section: root,
            range,
            linked: Vec::new(),
            score,
            form: Form::Clause,
            repeated: Vec::new(),
        });
    }
    clauses.sort_by_key(|c| c.range.start);
    reserved_by_structures(doc, catalog, &mut clauses);
    link_penalties(doc, &tree, &mut clauses);
    clauses
}

/// A reservation's kind is that of the structures it names: a notice citing L2113-12 for
/// SIAE is an SIAE reservation (with a wrong basis), and one text reserving a lot to
/// entreprises adaptées and others to SIAE holds one reservation of each kind.
fn reserved_by_structures(doc: &Document, catalog: &Catalog, clauses: &mut Vec<Clause>) {
    // A clause that names no structure (a notice's form wording) takes the structures the
    // document names elsewhere, when they are of one kind.
    let in_document = crate::find::reserved::kinds_named(doc.text.body());
    let mut added = Vec::new();
    for clause in clauses.iter_mut().filter(|c| c.kind.is_reserved()) {
        let mut named = crate::find::reserved::kinds_named(&doc.text.text[clause.range.clone()]);
        if named.is_empty() && in_document.len() == 1 {
            named = in_document.clone();
        }
        let Some(&first) = named.first() else {
            continue;
        };
        let template_of = |kind: ClauseKind| catalog.templates.iter().find(|t| t.kind == kind);
        if !named.contains(&clause.kind) {
            if let Some(t) = template_of(first) {
                clause.kind = first;
                clause.template = t.id.clone();
            }
        }
        for &other in named.iter().filter(|&&k| k != clause.kind) {
            if let Some(t) = template_of(other) {
                added.push(Clause {
                    kind: other,
                    template: t.id.clone(),
                    ..clause.clone()
                });
            }
        }
    }
    for clause in added {
        if !clauses
            .iter()
            .any(|c| c.kind == clause.kind && c.range == clause.range)
        {
            clauses.push(clause);
        }
    }
    clauses.sort_by_key(|c| (c.range.start, c.kind));
    clauses.dedup_by(|b, a| a.kind == b.kind && a.range == b.range);
    // A notice repeats its reservation in every lot's section: one clause says it, the
    // repetitions are its `repeated` sections.
    let text = &doc.text.text;
    let mut kept: Vec<Clause> = Vec::with_capacity(clauses.len());
    let mut seen: Vec<(ClauseKind, &str, usize)> = Vec::new();
    for c in clauses.drain(..) {
        if !c.kind.is_reserved() {
            kept.push(c);
            continue;
        }
        let own = text[c.range.clone()].trim();
        let own = own.split_once('\n').map_or(own, |(_, rest)| rest).trim();
        // The sentence that reserves, when the rest of a lot's block differs.
        let key = own
            .lines()
            .find(|l| l.to_lowercase().contains("réserv"))
            .unwrap_or(own);
        match seen.iter().find(|(k, o, _)| *k == c.kind && *o == key) {
            Some(&(_, _, at)) => kept[at].repeated.push(c.range),
            None => {
                seen.push((c.kind, key, kept.len()));
                kept.push(c);
            }
        }
    }
    *clauses = kept;
}

/// A notice states one clause per kind: the same kind found again in other sections (each
/// lot's block) is the same clause, repeated; the first keeps the others as `repeated`.
pub fn merge_repeats(clauses: &mut Vec<Clause>) {
    let mut kept: Vec<Clause> = Vec::with_capacity(clauses.len());
    for c in clauses.drain(..) {
        match kept
            .iter_mut()
            .find(|k| k.kind == c.kind && k.form == c.form)
        {
            Some(first) => {
                first.repeated.push(c.range);
                first.repeated.extend(c.repeated);
                for l in c.linked {
                    if !first.linked.contains(&l) {
                        first.linked.push(l);
                    }
                }
            }
            None => kept.push(c),
        }
    }
    *clauses = kept;
}

/// Largest section whose whole text is scored when none of its parts reaches a threshold.
const MAX_SUBTREE: usize = 12_000;

/// Clauses spread thin over sub-articles ("3.1 Principe", "3.2 Personnes"…) may reach no
/// threshold in any one of them: score each section with its sub-sections, deepest first,
/// when nothing inside it is a hit already.
fn subtree_hits<'c>(
    doc: &Document,
    catalog: &'c Catalog,
    tree: &Tree,
    units: &[Unit],
    hits: &[(usize, &'c Template, u32)],
) -> Vec<(usize, &'c Template, u32)> {
    let text = &doc.text.text;
    // Ranges already hit, by start (the shortest end kept): a section asks only about the
    // starts inside it, and a scored section is at most MAX_SUBTREE bytes long.
    let mut covered: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let cover = |covered: &mut std::collections::BTreeMap<usize, usize>, r: &Range<usize>| {
        let end = covered.entry(r.start).or_insert(r.end);
        *end = (*end).min(r.end);
    };
    for (i, _, _) in hits {
        cover(&mut covered, &units[*i].range);
    }
    let unit_of: std::collections::HashMap<usize, usize> = units
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(u, unit)| unit.section.map(|s| (s, u)))
        .collect();
    let mut order: Vec<usize> = (0..doc.sections.len())
        .filter(|&i| !doc.sections[i].toc)
        .collect();
    order.sort_by_key(|&i| std::cmp::Reverse(doc.sections[i].level));
    let mut out = Vec::new();
    for i in order {
        let section = &doc.sections[i];
        let range = &section.range;
        let has_children = !tree.children[i].is_empty();
        if !has_children || range.len() > MAX_SUBTREE {
            continue;
        }
        if covered
            .range(range.clone())
            .any(|(_, &end)| end <= range.end)
            || covered.get(&range.end).is_some_and(|&end| end <= range.end)
        {
            continue;
        }
        if let Some((template, score)) = classify(catalog, &text[range.clone()]) {
            if let Some(&unit) = unit_of.get(&i) {
                out.push((unit, template, score));
                cover(&mut covered, range);
            }
        }
    }
    out
}

/// Blocks separated only by whitespace belong to one clause when the document has no headings.
fn adjacent(text: &str, a: &Range<usize>, b: &Range<usize>) -> bool {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    second.start >= first.end && text[first.end..second.start].trim().is_empty()
}

/// Climbs from a hit section to the article that holds the whole clause: a parent that is a
/// hit of the same kind, or a parent whose own text is little more than a heading that speaks
/// of insertion ("ARTICLE 9 – CLAUSE SOCIALE D'INSERTION").
fn climb<'c>(
    doc: &Document,
    catalog: &Catalog,
    tree: &Tree,
    decided: &mut std::collections::HashMap<(usize, &'c str), bool>,
    mut section: usize,
    template: &'c Template,
) -> usize {
    while let Some(parent) = doc.sections[section].parent {
        let p = &doc.sections[parent];
        // Never climb from a numbered article into an unnumbered title ("CCAP", "Règlement de
        // la consultation"): the title holds the whole document.
        if p.toc || (p.number.is_none() && doc.sections[section].number.is_some()) {
            break;
        }
        let takes_in = *decided
            .entry((parent, template.id.as_str()))
            .or_insert_with(|| parent_takes_in(doc, catalog, tree, parent, template));
        if takes_in {
            section = parent;
        } else {
            break;
        }
    }
    section
}

/// Whether a parent section is part of a clause of `template` found in one of its parts.
fn parent_takes_in(
    doc: &Document,
    catalog: &Catalog,
    tree: &Tree,
    parent: usize,
    template: &Template,
) -> bool {
    crate::base::deadline::tick();
    let p = &doc.sections[parent];
    let own = &doc.text.text[p.range.start..tree.own_end(&p.range)];
    let same_kind_hit = classify(catalog, own).is_some_and(|(t, _)| t.kind == template.kind);
    let heading_speaks = template.score(&p.heading) > 0 && own.len() < 600;
    // "Article 4 – Jugement des offres" with 4.1 and 4.2 about the criterion: an article
    // that is little more than a heading, most of whose parts are the clause.
    let children = &tree.children[parent];
    // A part of the clause speaks of it, even when it does not reach the threshold alone.
    let mostly_clause = own.len() < 400 && {
        let clause_children = children
            .iter()
            .filter(|&&c| {
                template.score(&doc.text.text[doc.sections[c].range.clone()]) * 2
                    >= template.min_score
            })
            .count();
        clause_children >= 2 && clause_children * 2 > children.len()
    };
    same_kind_hit || heading_speaks || mostly_clause
}

/// Links sections about insertion penalties that lie outside every clause to the execution
/// condition clause they refer to ("article 4.5"), or else to the nearest one before them.
fn link_penalties(doc: &Document, tree: &Tree, clauses: &mut Vec<Clause>) {
    let text = &doc.text.text;
    // Whether each section's heading is a penalty heading, matched once for the three uses
    // below.
    let mut penalty_heading: Vec<bool> = doc
        .sections
        .iter()
        .map(|s| PENALTY_HEADING.is_match(&s.heading))
        .collect();
    // The items of a penalties article ("14.4 Non-respect de l'engagement d'insertion : 45 €
    // par heure") are penalty sections too, whatever their own heading says. Parents come
    // before their children.
    for i in 0..penalty_heading.len() {
        if let Some(parent) = doc.sections[i].parent {
            if parent < i && penalty_heading[parent] {
                penalty_heading[i] = true;
            }
        }
    }
    let is_penalty = |section: Option<usize>| section.is_some_and(|s| penalty_heading[s]);
    // Penalty sections detected as clauses of their own join the clause they punish, when
    // the document has an execution condition that is not a penalty section. Every lookup
    // below is indexed: a long tender has thousands of clauses and sections, and a scan over
    // them per clause made this step quadratic.
    let penalty_clause: Vec<bool> = clauses
        .iter()
        .map(|c| c.kind == ClauseKind::ExecutionCondition && is_penalty(c.section))
        .collect();
    let has_other = clauses
        .iter()
        .zip(&penalty_clause)
        .any(|(c, &p)| c.kind == ClauseKind::ExecutionCondition && !p);
    let mut standalone: Vec<Range<usize>> = Vec::new();
    if has_other {
        let mut i = 0;
        clauses.retain(|c| {
            let keep = !penalty_clause[i];
            i += 1;
            if !keep {
                standalone.push(c.range.clone());
            }
            keep
        });
    }
    let mut penalty_ranges = Covering::new(standalone);
    let in_clauses = Covering::new(clauses.iter().map(|c| c.range.clone()).collect());
    for (index, section) in doc.sections.iter().enumerate().filter(|(_, s)| !s.toc) {
        if !penalty_heading[index] {
            continue;
        }
        if in_clauses.covers(&section.range)
            || penalty_ranges.covers(&section.range)
            || !INSERTION_WORD.is_match(&text[section.range.clone()])
        {
            continue;
        }
        // A penalty article with sub-articles (13.1 delays, 13.2 insertion): keep only the
        // insertion one, which is itself a penalty section and comes next in the loop.
        let has_child_about_insertion = tree.children[index].iter().any(|&c| {
            let s = &doc.sections[c];
            !s.toc && INSERTION_WORD.is_match(&text[s.range.clone()])
        });
        if has_child_about_insertion {
            continue;
        }
        penalty_ranges.push(section.range.clone());
    }
    // The first penalty article of each number, for clauses that send to it by number.
    let mut penalty_by_number: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::new();
    for (i, section) in doc.sections.iter().enumerate() {
        if let Some(n) = section.number.as_deref() {
            if !section.toc && penalty_heading[i] {
                penalty_by_number.entry(n).or_insert(i);
            }
        }
    }
    // A clause that sends to its penalty article by number ("la pénalité est fixée à l'article
    // V.3") is linked to it, whatever that article's own words.
    for clause in clauses
        .iter_mut()
        .filter(|c| c.kind == ClauseKind::ExecutionCondition)
    {
        let own = &text[clause.range.clone()];
        for c in ARTICLE_REF.captures_iter(own) {
            let Some(&s) = penalty_by_number.get(&c[1]) else {
                continue;
            };
            let section = &doc.sections[s];
            let outside = !(clause.range.start <= section.range.start
                && section.range.end <= clause.range.end);
            if outside
                && !penalty_ranges.covers(&section.range)
                && !clause.linked.contains(&section.range)
            {
                clause.linked.push(section.range.clone());
            }
        }
    }
    // Each penalty section goes to the execution condition it names by number, else to the
    // last one before it, else to the first one.
    let conditions: Vec<usize> = (0..clauses.len())
        .filter(|&i| clauses[i].kind == ClauseKind::ExecutionCondition)
        .collect();
    let mut by_number: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for &i in &conditions {
        if let Some(n) = clauses[i]
            .section
            .and_then(|s| doc.sections[s].number.clone())
        {
            by_number.entry(n).or_insert(i);
        }
    }
    for range in penalty_ranges.into_ranges() {
        let own = &text[range.clone()];
        let referenced = ARTICLE_REF
            .captures_iter(own)
            .find_map(|c| by_number.get(&c[1]).copied());
        // Clauses are in text order: the conditions starting before the penalty section
        // are a prefix of `conditions`.
        let before = conditions.partition_point(|&i| clauses[i].range.start < range.start);
        let target = referenced
            .or_else(|| before.checked_sub(1).map(|k| conditions[k]))
            .or_else(|| conditions.first().copied());
        if let Some(t) = target {
            clauses[t].linked.push(range);
        }
    }
}

/// Ranges, kept sorted by start with the largest end of every prefix, answering in
/// logarithmic time whether one of them contains a given range.
struct Covering {
    /// (start, end) sorted by start.
    ranges: Vec<Range<usize>>,
    /// `max_end[i]`: the largest end among `ranges[..=i]`.
    max_end: Vec<usize>,
    /// Ranges in the order they were given, for the callers that link them in that order.
    given: Vec<Range<usize>>,
}

impl Covering {
    fn new(given: Vec<Range<usize>>) -> Self {
        let mut covering = Covering {
            ranges: Vec::new(),
            max_end: Vec::new(),
            given: Vec::new(),
        };
        for r in given {
            covering.push(r);
        }
        covering
    }

    /// Adds a range; cheap when ranges come in increasing start, as sections do.
    fn push(&mut self, range: Range<usize>) {
        let at = self.ranges.partition_point(|r| r.start <= range.start);
        self.ranges.insert(at, range.clone());
        self.max_end.truncate(at);
        let mut max = if at == 0 { 0 } else { self.max_end[at - 1] };
        for r in &self.ranges[at..] {
            max = max.max(r.end);
            self.max_end.push(max);
        }
        self.given.push(range);
    }

    /// Whether one of the ranges starts at or before `range` and ends at or after it.
    fn covers(&self, range: &Range<usize>) -> bool {
        let n = self.ranges.partition_point(|r| r.start <= range.start);
        n > 0 && self.max_end[n - 1] >= range.end
    }

    fn into_ranges(self) -> Vec<Range<usize>> {
        self.given
    }
}
