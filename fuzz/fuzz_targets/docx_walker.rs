//! The DOCX walker: the input is word/document.xml, then (after each separator line) the
//! styles, numbering, footnotes and first header of a well-formed package: headings, automatic
//! numbers and notes are read from those.
#![no_main]

mod common;

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PARTS: &[&str] = &[
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "word/footnotes.xml",
    "word/header1.xml",
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut members = vec![("[Content_Types].xml", CONTENT_TYPES)];
    members.extend(common::parts(data, PARTS));
    common::read_and_check(common::zip_of(&members), "docx");
});
