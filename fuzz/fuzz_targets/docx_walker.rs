//! The DOCX walker: the input is word/document.xml inside a well-formed package.
#![no_main]

mod common;

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let docx = common::zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("word/document.xml", data),
    ]);
    common::read_and_check(docx, "docx");
});
