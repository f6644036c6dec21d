//! The content-stream interpreter: runs the text and graphics-state operators of a page (and of
//! the Form XObjects it draws) and records where each piece of text lands on the page.
//!
//! Glyphs that follow each other on the same baseline without a visible gap are merged into one
//! [`Run`]; everything about spaces, lines and paragraphs is decided later from the runs'
//! geometry, so that a kerning number inside `TJ` or a font switch in the middle of a word
//! never splits the word.

use super::fonts::Font;
use super::Budget;
use crate::base::error::Problem;
use crate::read::extract::Deadline;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Text drawn contiguously on one baseline, in page space (points, y upwards).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) y: f32,
    /// Font size on the page (text matrix and CTM applied).
    pub(crate) size: f32,
    pub(crate) text: String,
}

type Matrix = [f32; 6];
const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

/// Form XObjects nested deeper than this are not drawn (real files nest two or three).
const MAX_FORM_DEPTH: usize = 12;
/// Operators between two deadline checks.
const OPS_PER_CHECK: usize = 4096;

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    h_scale: f32,
    leading: f32,
    rise: f32,
}

impl GState {
    fn new() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// Interprets the pages of one document; fonts are cached across pages by object id.
pub(crate) struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a Budget,
    deadline: Deadline,
    fonts: HashMap<ObjectId, Rc<Font>>,
    unknown_font: Rc<Font>,
    forms: Vec<ObjectId>,
    ops: usize,
    runs: Vec<Run>,
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) if r.is_finite() => *r,
        _ => 0.0,
    }
}

fn nums<const N: usize>(operands: &[Object]) -> Option<[f32; N]> {
    if operands.len() < N {
        return None;
    }
    let mut out = [0.0; N];
    let start = operands.len() - N;
    for (k, o) in operands[start..].iter().enumerate() {
        out[k] = num(o);
    }
    Some(out)
}

impl<'a> Interpreter<'a> {
    /// An interpreter for `doc` that charges decompressed bytes to `budget`.
    pub(crate) fn new(doc: &'a Document, budget: &'a Budget, deadline: Deadline) -> Self {
        Interpreter {
            doc,
            budget,
            deadline,
            fonts: HashMap::new(),
            unknown_font: Rc::new(Font::unknown()),
            forms: Vec::new(),
            ops: 0,
            runs: Vec::new(),
        }
    }

    /// The text runs of one page, in content-stream order.
    pub(crate) fn page(&mut self, page_id: ObjectId) -> Result<Vec<Run>, Problem> {
        self.runs.clear();
        let content = self.budget.page_content(self.doc, page_id)?;
        let resources = self.page_resources(page_id);
        self.exec(&content, resources, GState::new())?;
        Ok(std::mem::take(&mut self.runs))
    }

    fn page_resources(&self, page_id: ObjectId) -> Option<&'a Dictionary> {
        let (dict, ids) = self.doc.get_page_resources(page_id).ok()?;
        if let Some(d) = dict {
            return Some(d);
        }
        ids.into_iter()
            .find_map(|id| self.doc.get_dictionary(id).ok())
    }

    fn deref(&self, o: &'a Object) -> Option<&'a Object> {
        self.doc.dereference(o).ok().map(|(_, o)| o)
    }

    fn sub_dict(&self, resources: Option<&'a Dictionary>, key: &[u8]) -> Option<&'a Dictionary> {
        let o = resources?.get(key).ok()?;
        self.deref(o)?.as_dict().ok()
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Rc<Font> {
        let Some(entry) = self
            .sub_dict(resources, b"Font")
            .and_then(|d| d.get(name).ok())
        else {
            return self.unknown_font.clone();
        };
        if let Object::Reference(id) = entry {
            if let Some(f) = self.fonts.get(id) {
                return f.clone();
            }
            let font = match self.doc.get_dictionary(*id) {
                Ok(dict) => Rc::new(Font::load(self.doc, dict, self.budget)),
                Err(_) => self.unknown_font.clone(),
            };
            self.fonts.insert(*id, font.clone());
            return font;
        }
        match entry.as_dict() {
            Ok(dict) => Rc::new(Font::load(self.doc, dict, self.budget)),
            Err(_) => self.unknown_font.clone(),
        }
    }

    fn exec(
        &mut self,
        content: &[u8],
        resources: Option<&'a Dictionary>,
        mut gs: GState,
    ) -> Result<(), Problem> {
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        for op in Content::decode_iter(content) {
            // A damaged stream keeps the text read before the damage.
            let Ok(op) = op else { break };
            self.ops += 1;
            if self.ops.is_multiple_of(OPS_PER_CHECK) {
                self.deadline.check()?;
            }
            let args = &op.operands;
            match op.operator.as_str() {
                // A hostile stream of unbalanced `q` must not grow the stack without bound.
                "q" if stack.len() < 256 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                "cm" => {
                    if let Some(m) = nums::<6>(args) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    if let (Some(Object::Name(name)), Some(size)) = (args.first(), args.get(1)) {
                        gs.font = Some(self.font(resources, name));
                        gs.size = num(size);
                    }
                }
                "Tc" => gs.char_spacing = args.first().map(num).unwrap_or(0.0),
                "Tw" => gs.word_spacing = args.first().map(num).unwrap_or(0.0),
                "Tz" => gs.h_scale = args.first().map(num).unwrap_or(100.0) / 100.0,
                "TL" => gs.leading = args.first().map(num).unwrap_or(0.0),
                "Ts" => gs.rise = args.first().map(num).unwrap_or(0.0),
                "Td" | "TD" => {
                    if let Some([tx, ty]) = nums::<2>(args) {
                        if op.operator == "TD" {
                            gs.leading = -ty;
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &tlm);
                        tm = tlm;
                    }
                }
                "Tm" => {
                    if let Some(m) = nums::<6>(args) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\"" && args.len() >= 3 {
                            gs.word_spacing = num(&args[0]);
                            gs.char_spacing = num(&args[1]);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = args.last() {
                        self.show(&gs, &mut tm, bytes);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = args.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => self.show(&gs, &mut tm, bytes),
                                Object::Integer(_) | Object::Real(_) => {
                                    let tx = -num(item) / 1000.0 * gs.size * gs.h_scale;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                                _ => {}
                            }
                        }
                    }
                }
                "Do" => {
                    if let Some(Object::Name(name)) = args.first() {
                        self.form(resources, name, &gs)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn form(
        &mut self,
        resources: Option<&'a Dictionary>,
        name: &[u8],
        gs: &GState,
    ) -> Result<(), Problem> {
        let Some(Object::Reference(id)) = self
            .sub_dict(resources, b"XObject")
            .and_then(|d| d.get(name).ok())
        else {
            return Ok(());
        };
        if self.forms.len() >= MAX_FORM_DEPTH || self.forms.contains(id) {
            return Ok(());
        }
        let Ok(stream) = self.doc.get_object(*id).and_then(Object::as_stream) else {
            return Ok(());
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return Ok(());
        }
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| self.deref(o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| nums::<6>(a))
            .unwrap_or(IDENTITY);
        let form_resources = self
            .sub_dict(Some(&stream.dict), b"Resources")
            .or(resources);
        let data = self.budget.stream(stream)?;
        let mut inner = gs.clone();
        inner.ctm = mul(&matrix, &gs.ctm);
        self.forms.push(*id);
        let result = self.exec(&data, form_resources, inner);
        self.forms.pop();
        result
    }

    fn show(&mut self, gs: &GState, tm: &mut Matrix, bytes: &[u8]) {
        let font = gs.font.clone().unwrap_or_else(|| self.unknown_font.clone());
        let runs = &mut self.runs;
        font.decode(bytes, |glyph| {
            let m = mul(tm, &gs.ctm);
            let trm = mul(&[gs.size * gs.h_scale, 0.0, 0.0, gs.size, 0.0, gs.rise], &m);
            let size = (gs.size * m[2].hypot(m[3])).abs();
            let mut tx = glyph.advance * gs.size + gs.char_spacing;
            if glyph.word_space {
                tx += gs.word_spacing;
            }
            tx *= gs.h_scale;
            let width = tx * m[0].hypot(m[1]);
            push_glyph(runs, trm[4], trm[5], width, size, glyph.text);
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        });
    }
}

/// Appends a glyph to the last run when it continues it, or starts a new run.
fn push_glyph(runs: &mut Vec<Run>, x: f32, y: f32, width: f32, size: f32, text: &str) {
    if let Some(last) = runs.last_mut() {
        let tolerance = 0.1 * size.max(last.size).max(1.0);
        if (y - last.y).abs() < tolerance
            && (x - last.x1).abs() < tolerance
            && (size - last.size).abs() < 0.2 * last.size.max(1.0)
        {
            last.text.push_str(text);
            last.x1 = x + width;
            return;
        }
    }
    runs.push(Run {
        x0: x,
        x1: x + width,
        y,
        size,
        text: text.to_string(),
    });
}
