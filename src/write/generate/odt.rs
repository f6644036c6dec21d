//! An OpenDocument text (`.odt`) from a rendered model, for the many buyers whose office suite
//! is LibreOffice: headings with the suite's heading styles (so the clause keeps its outline
//! when pasted into a CCAP), justified paragraphs, bold runs, and the lots table with a bold
//! header row. Built from the Markdown events like the DOCX; the package is the four parts an
//! ODT needs (mimetype first and stored, manifest, styles, content).

use crate::base::error::Error;
use crate::base::escape::escape;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::io::Write;
use zip::write::SimpleFileOptions;

const MIMETYPE: &str = "application/vnd.oasis.opendocument.text";

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
 <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

const NAMESPACES: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3""#;

/// Body text in Carlito (Calibri's metrics) and three heading levels, as in the DOCX.
fn styles() -> String {
    let heading = |level: u8, size: u8| {
        format!(
            r#"<style:style style:name="Heading_20_{level}" style:display-name="Heading {level}" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:default-outline-level="{level}"><style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="{size}pt" fo:font-weight="bold"/></style:style>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NAMESPACES}><office:font-face-decls><style:font-face style:name="Carlito" svg:font-family="Carlito" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls><office:styles><style:default-style style:family="paragraph"><style:text-properties style:font-name="Carlito" fo:font-size="11pt" fo:language="fr" fo:country="FR"/></style:default-style><style:style style:name="Standard" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.21cm"/></style:style>{}{}{}</office:styles></office:document-styles>
"#,
        heading(1, 16),
        heading(2, 13),
        heading(3, 12)
    )
}

/// Builds the ODT bytes.
pub(crate) fn build(markdown: &str) -> Result<Vec<u8>, Error> {
    let body = body(markdown);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NAMESPACES}><office:automatic-styles><style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="justify"/></style:style><style:style style:name="Strong" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="Lots" style:family="table"><style:table-properties style:width="16cm" table:align="left"/></style:style><style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/></style:style></office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>
"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let failed = |e: &dyn std::fmt::Display| Error::Config(format!("odt: {e}"));
    // The mimetype is the first entry, stored, so that a reader can tell the file by its bytes.
    zip.start_file("mimetype", stored).map_err(|e| failed(&e))?;
    zip.write_all(MIMETYPE.as_bytes()).map_err(|e| failed(&e))?;
    for (name, text) in [
        ("META-INF/manifest.xml", MANIFEST.to_string()),
        ("styles.xml", styles()),
        ("content.xml", content),
    ] {
        zip.start_file(name, deflated).map_err(|e| failed(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

/// The `office:text` of the document, from the Markdown events.
fn body(markdown: &str) -> String {
    let mut out = String::new();
    let mut runs = String::new();
    let mut text = String::new();
    let mut heading: Option<usize> = None;
    let mut bold = false;
    let mut in_head = false;
    let mut row = String::new();
    let flush = |text: &mut String, runs: &mut String, bold: bool| {
        if text.is_empty() {
            return;
        }
        let t = escape(&std::mem::take(text));
        if bold {
            runs.push_str(&format!(
                r#"<text:span text:style-name="Strong">{t}</text:span>"#
            ));
        } else {
            runs.push_str(&t);
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level as usize),
            Event::Start(Tag::Strong) => {
                flush(&mut text, &mut runs, bold);
                bold = true;
            }
            Event::End(TagEnd::Strong) => {
                flush(&mut text, &mut runs, bold);
                bold = false;
            }
            // Raw HTML in a value is the user's text, kept as text (and escaped).
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                text.push_str(&t)
            }
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => {
                flush(&mut text, &mut runs, bold);
                runs.push_str("<text:line-break/>");
            }
            Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::HtmlBlock) => {
                flush(&mut text, &mut runs, bold);
                let inner = std::mem::take(&mut runs);
                match heading.take() {
                    Some(level) => {
                        let level = level.min(3);
                        out.push_str(&format!(
                            r#"<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{inner}</text:h>"#
                        ));
                    }
                    None => out.push_str(&format!(
                        r#"<text:p text:style-name="Body">{inner}</text:p>"#
                    )),
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                out.push_str(r#"<table:table table:name="Lots" table:style-name="Lots">"#);
                for _ in 0..alignments.len() {
                    out.push_str("<table:table-column/>");
                }
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                out.push_str(&format!(
                    "<table:table-header-rows><table:table-row>{}</table:table-row></table:table-header-rows>",
                    std::mem::take(&mut row)
                ));
                in_head = false;
            }
            Event::End(TagEnd::TableCell) => {
                let t = escape(&std::mem::take(&mut text));
                let t = if in_head {
                    format!(r#"<text:span text:style-name="Strong">{t}</text:span>"#)
                } else {
                    t
                };
                row.push_str(&format!(
                    r#"<table:table-cell table:style-name="Cell" office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
                ));
            }
            Event::End(TagEnd::TableRow) => out.push_str(&format!(
                "<table:table-row>{}</table:table-row>",
                std::mem::take(&mut row)
            )),
            Event::End(TagEnd::Table) => out.push_str("</table:table>"),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our own ODT reader reads back the words, the heading and the table of the wording.
    #[test]
    fn the_odt_reads_back_as_written() {
        let markdown = "# Article 9 – Clause sociale\n\nLe titulaire réserve **1 245 heures** à des personnes <éloignées> de l'emploi.\n\n| Lot | Heures |\n| --- | --- |\n| 01 | 640 |\n";
        let bytes = build(markdown).unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert_eq!(&bytes[30..38], b"mimetype");
        assert_eq!(&bytes[38..38 + MIMETYPE.len()], MIMETYPE.as_bytes());
        let limits = crate::read::extract::Limits::default();
        let read = crate::read::extract::read_bytes_here(
            bytes,
            Some("odt"),
            &limits,
            crate::read::extract::Deadline::after(limits.timeout),
        );
        let extracted = read.result.expect("our reader opens the ODT");
        let text: Vec<String> = extracted.blocks.iter().map(|b| b.text.clone()).collect();
        let all = text.join("\n");
        assert!(all.contains("Article 9 – Clause sociale"), "{all}");
        assert!(
            all.contains("réserve 1 245 heures à des personnes <éloignées> de l'emploi"),
            "{all}"
        );
        assert!(all.contains("01 | 640"), "{all}");
    }
}
