//! The ODT walker: the input is content.xml, then (after a separator line) styles.xml, of a
//! well-formed package: list numbering, headers and footers are read from the styles.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut members: Vec<(&str, &[u8])> =
        vec![("mimetype", b"application/vnd.oasis.opendocument.text")];
    members.extend(common::parts(data, &["content.xml", "styles.xml"]));
    common::read_and_check(common::zip_of(&members), "odt");
});
