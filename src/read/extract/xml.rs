//! A small, hardened XML tree for the parts of office documents (DOCX, ODT).
//!
//! Office parts are small enough (a few MB at most once the zip budget has been applied) that
//! a tree is cheaper to get right than a streaming state machine: tables, text boxes and
//! alternate content need to look ahead and back. Parsing refuses what an office suite never
//! writes but an attacker would: entity declarations (billion laughs), absurd nesting,
//! undeclared entities. Namespace prefixes are canonicalised (`w:`, `text:`…) from their URIs so
//! that a file using unusual prefixes still reads.

use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::extract::Deadline;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// Deeper nesting than this is refused: real documents stay far below (tables in tables in text
/// boxes reach ~60), and a bound keeps the recursive walkers' stack use bounded.
pub(crate) const MAX_DEPTH: usize = 512;

/// How many parser events pass between two deadline checks.
const EVENTS_PER_CHECK: u32 = 4096;

/// Most elements kept from an XML file read on its own (a notice); an office document's parts
/// follow `--max-text` ([`super::Limits::max_xml_elements`]), which gives the same by default.
pub(crate) const MAX_ELEMENTS: u64 = 1_048_576;

/// One XML element, with its name canonicalised (`w:p`, `text:h`) and attributes keyed by their
/// local name.
#[derive(Debug, Default)]
pub(crate) struct Element {
    /// Canonical qualified name: known namespaces get their usual prefix whatever the file used.
    pub(crate) name: String,
    attrs: Vec<(String, String)>,
    /// Child elements and text, in document order.
    pub(crate) children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug)]
pub(crate) enum Node {
    Element(Element),
    /// Character data with references already resolved.
    Text(String),
}

impl Element {
    /// The value of the attribute with this local name (`val` for `w:val`).
    pub(crate) fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == local)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, skipping text.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this canonical name.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The attribute `local` of the first child element called `name` (`w:pStyle/@w:val`).
    pub(crate) fn child_attr(&self, name: &str, local: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr(local))
    }

    /// All text below this element, concatenated (used for small leaf-like elements).
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }
}

/// Canonical prefix of a namespace URI the readers care about; `None` keeps the file's prefix.
fn canonical_prefix(uri: &str) -> Option<&'static str> {
    Some(match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => "w",
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => "mc",
        "urn:schemas-microsoft-com:vml" => "v",
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape" => "wps",
        "urn:oasis:names:tc:opendocument:xmlns:office:1.0" => "office",
        "urn:oasis:names:tc:opendocument:xmlns:text:1.0" => "text",
        "urn:oasis:names:tc:opendocument:xmlns:table:1.0" => "table",
        "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" => "draw",
        "urn:oasis:names:tc:opendocument:xmlns:style:1.0" => "style",
        "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" => "manifest",
        _ => return None,
    })
}

fn corrupt(part: &str, what: impl std::fmt::Display) -> Problem {
    Problem::new(
        Code::CorruptFile,
        msg!("problem.corrupt_file.xml", part = part, cause = what),
    )
}

/// Decodes a part's bytes: UTF-8 (with or without BOM) as office suites write it, UTF-16 when a
/// BOM says so.
pub(crate) fn decode(bytes: Vec<u8>, part: &str) -> Result<String, Problem> {
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(encoding_rs::UTF_16LE),
        Some([0xFE, 0xFF]) => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        let (text, _, errors) = encoding.decode(&bytes);
        if errors {
            return Err(corrupt(
                part,
                msg!("problem.corrupt_file.xml_invalid_utf16"),
            ));
        }
        return Ok(text.into_owned());
    }
    let mut text = String::from_utf8(bytes)
        .map_err(|_| corrupt(part, msg!("problem.corrupt_file.xml_not_utf8")))?;
    if text.starts_with('\u{FEFF}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Parses one XML part into a tree, at most [`MAX_ELEMENTS`]; `part` names it in error
/// messages.
pub(crate) fn parse(text: &str, part: &str, deadline: Deadline) -> Result<Element, Problem> {
    parse_within(text, part, deadline, MAX_ELEMENTS)
}

/// [`parse`], refusing (`too-large`) a part of more than `max_elements` elements: each costs a
/// few hundred bytes in the tree, so a part of hundreds of megabytes would take gigabytes.
pub(crate) fn parse_within(
    text: &str,
    part: &str,
    deadline: Deadline,
    max_elements: u64,
) -> Result<Element, Problem> {
    let mut reader = NsReader::from_str(text);
    // Bound the namespace table too: a hostile part could declare millions of prefixes.
    reader.resolver_mut().set_max_namespace_bindings(4096);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut events = 0u32;
    let mut elements = 0u64;
    loop {
        events += 1;
        if events.is_multiple_of(EVENTS_PER_CHECK) {
            deadline.check()?;
        }
        let (resolved, event) = match reader.read_resolved_event() {
            Ok(pair) => pair,
            Err(e) => {
                let at = reader.error_position();
                return Err(corrupt(
                    part,
                    msg!("problem.corrupt_file.xml_near_byte", cause = e, at = at),
                ));
            }
        };
        let name = match &event {
            Event::Start(e) | Event::Empty(e) => Some(element_name(resolved, e)),
            _ => None,
        };
        if name.is_some() {
            elements += 1;
            if elements > max_elements {
                return Err(Problem::new(
                    Code::TooLarge,
                    msg!(
                        "problem.too_large.xml_elements",
                        part = part,
                        max = max_elements
                    ),
                ));
            }
        }
        match event {
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Problem::new(
                        Code::CorruptFile,
                        msg!(
                            "problem.corrupt_file.xml_depth",
                            part = part,
                            depth = MAX_DEPTH
                        ),
                    ));
                }
                stack.push(open(name.unwrap_or_default(), &e, part)?);
            }
            Event::Empty(e) => {
                let element = open(name.unwrap_or_default(), &e, part)?;
                attach(&mut stack, &mut root, element, part)?;
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| corrupt(part, msg!("problem.corrupt_file.xml_unopened_tag")))?;
                attach(&mut stack, &mut root, element, part)?;
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => {
                            // With DOCTYPE refused nothing can declare it: never guess an
                            // expansion.
                            return Err(corrupt(
                                part,
                                msg!("problem.corrupt_file.xml_undeclared_entity", entity = &*r),
                            ));
                        }
                    },
                    Err(e) => return Err(corrupt(part, e)),
                };
                push_text(&mut stack, &resolved);
            }
            Event::DocType(d) => {
                if d.to_ascii_uppercase().contains("<!ENTITY") {
                    return Err(Problem::new(
                        Code::CorruptFile,
                        msg!("problem.corrupt_file.xml_entities", part = part),
                    ));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(corrupt(part, msg!("problem.corrupt_file.xml_unclosed")));
    }
    root.ok_or_else(|| corrupt(part, msg!("problem.corrupt_file.xml_no_root")))
}

fn element_name(resolved: ResolveResult<'_>, e: &BytesStart<'_>) -> String {
    let qname = e.name();
    if let ResolveResult::Bound(ns) = resolved {
        if let Some(prefix) = canonical_prefix(ns.0) {
            let local = qname.local_name().into_inner();
            return format!("{prefix}:{local}");
        }
    }
    qname.into_inner().to_string()
}

fn open(name: String, e: &BytesStart<'_>, part: &str) -> Result<Element, Problem> {
    let mut attrs = Vec::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| corrupt(part, err))?;
        let local = attr.key.local_name().into_inner();
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| corrupt(part, err))?;
        attrs.push((local.to_string(), value.into_owned()));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    part: &str,
) -> Result<(), Problem> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None if root.is_none() => *root = Some(element),
        None => return Err(corrupt(part, msg!("problem.corrupt_file.xml_many_roots"))),
    }
    Ok(())
}

fn push_text(stack: &mut [Element], text: &str) {
    // Text outside the root (whitespace after the prolog) carries nothing.
    let Some(parent) = stack.last_mut() else {
        return;
    };
    if let Some(Node::Text(last)) = parent.children.last_mut() {
        last.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn tree(xml: &str) -> Result<Element, Problem> {
        parse(xml, "test.xml", Deadline::after(Duration::from_secs(5)))
    }

    #[test]
    fn a_part_with_too_many_elements_is_refused_not_built() {
        let deadline = || Deadline::after(Duration::from_secs(60));
        let xml = format!("<r>{}</r>", "<p/>".repeat(1000));
        let problem = parse_within(&xml, "big.xml", deadline(), 1000).unwrap_err();
        assert_eq!(problem.code, Code::TooLarge, "{problem}");
        assert!(problem.message.contains("1000 éléments"), "{problem}");
        assert!(parse_within(&xml, "small.xml", deadline(), 1001).is_ok());
        let xml = format!("<r>{}</r>", "<p/>".repeat(MAX_ELEMENTS as usize));
        assert_eq!(
            parse(&xml, "big.xml", deadline()).unwrap_err().code,
            Code::TooLarge
        );
    }

    #[test]
    fn canonicalises_prefixes_and_resolves_references() {
        let root = tree(
            r#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:t x:val="a&amp;b">R&amp;D &#x2011; &#233;</x:t></x:document>"#,
        )
        .unwrap();
        assert_eq!(root.name, "w:document");
        let t = root.child("w:t").unwrap();
        assert_eq!(t.attr("val"), Some("a&b"));
        assert_eq!(t.text(), "R&D \u{2011} é");
    }

    #[test]
    fn refuses_entities_depth_and_truncation() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><d>&lol2;</d>"#;
        let err = tree(bomb).unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
        assert!(
            err.message.contains("déclarations d'entités"),
            "{}",
            err.message
        );

        assert_eq!(tree("<d>&nope;</d>").unwrap_err().code, Code::CorruptFile);
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert_eq!(tree(&deep).unwrap_err().code, Code::CorruptFile);
        assert_eq!(tree("<a><b>text").unwrap_err().code, Code::CorruptFile);
        assert_eq!(tree("<a></b>").unwrap_err().code, Code::CorruptFile);
    }
}
