//! XML files: decoded with the encoding their declaration names, parsed with the hardened tree
//! of `xml`, then read as a TED notice, an eForms notice, or, for any other XML (a BOAMP XML
//! export, a platform's own format), as the text of its elements in document order.

use super::xml::{self, Element, Node};
use super::Deadline;
use crate::base::error::{Code, Problem};
use crate::msg;
use crate::read::blocks::{Block, Extracted, Reader};

/// Reads an XML file.
pub(crate) fn read(bytes: &[u8], deadline: Deadline) -> Result<Extracted, Problem> {
    let text = decode(bytes)?;
    let root = xml::parse(&text, &msg!("problem.part.xml_file"), deadline)?;
    if super::ted::is_ted(&root) {
        return Ok(super::ted::read(&root));
    }
    if super::eforms::is_eforms(&root) {
        return Ok(super::eforms::read(&root));
    }
    let mut blocks = Vec::new();
    texts(&root, &mut blocks, 0);
    Ok(Extracted::new(Reader::Xml, None, blocks))
}

/// UTF-8 or UTF-16 with a BOM as `xml::decode` reads them; otherwise the encoding of the
/// declaration (`ISO-8859-1`, `windows-1252`: older French exports use them).
fn decode(bytes: &[u8]) -> Result<String, Problem> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).to_ascii_lowercase();
    let declared = head
        .strip_prefix('\u{feff}')
        .unwrap_or(&head)
        .trim_start()
        .strip_prefix("<?xml")
        .and_then(|decl| decl.split("?>").next())
        .and_then(|decl| decl.split("encoding=").nth(1))
        .map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .split(['"', '\''])
                .next()
                .unwrap_or("")
                .to_string()
        });
    if let Some(label) = declared {
        if let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            if encoding != encoding_rs::UTF_8
                && encoding != encoding_rs::UTF_16LE
                && encoding != encoding_rs::UTF_16BE
            {
                let (text, _, errors) = encoding.decode(bytes);
                if errors {
                    return Err(Problem::new(
                        Code::CorruptFile,
                        msg!(
                            "problem.corrupt_file.xml_encoding",
                            encoding = encoding.name()
                        ),
                    ));
                }
                return Ok(text.into_owned());
            }
        }
    }
    xml::decode(bytes.to_vec(), &msg!("problem.part.xml_file"))
}

/// One paragraph per element that holds text of its own.
fn texts(element: &Element, out: &mut Vec<Block>, depth: usize) {
    if depth > xml::MAX_DEPTH {
        return;
    }
    let own: String = element
        .children
        .iter()
        .filter_map(|n| match n {
            Node::Text(t) => Some(t.as_str()),
            Node::Element(_) => None,
        })
        .collect();
    let own = super::ted::clean(&own);
    if !own.is_empty() {
        out.push(Block::paragraph(own));
    }
    for child in element.elements() {
        texts(child, out, depth + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn deadline() -> Deadline {
        Deadline::after(Duration::from_secs(5))
    }

    #[test]
    fn other_xml_is_read_as_text_in_order() {
        let xml = br#"<?xml version="1.0" encoding="ISO-8859-1"?><AVIS><OBJET>Entretien des espaces verts</OBJET><CONDITIONS><TEXTE>Clause d'insertion : 5 % des heures.</TEXTE></CONDITIONS></AVIS>"#;
        let extracted = read(xml, deadline()).unwrap();
        assert_eq!(extracted.reader, Reader::Xml);
        assert!(extracted.notice.is_none());
        let texts: Vec<&str> = extracted.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Entretien des espaces verts",
                "Clause d'insertion : 5 % des heures."
            ]
        );
    }

    #[test]
    fn declared_latin1_is_decoded() {
        let xml = b"<?xml version='1.0' encoding='iso-8859-1'?><a>Ins\xe9rtion \xe0 5 %</a>";
        let extracted = read(xml, deadline()).unwrap();
        assert_eq!(extracted.blocks[0].text, "Insértion à 5 %");
    }

    #[test]
    fn malformed_xml_is_corrupt() {
        let err = read(b"<?xml version=\"1.0\"?><a><b></a>", deadline()).unwrap_err();
        assert_eq!(err.code, Code::CorruptFile);
    }
}
