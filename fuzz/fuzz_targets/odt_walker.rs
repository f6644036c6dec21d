//! The ODT walker: the input is content.xml inside a well-formed package.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let odt = common::zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", data),
    ]);
    common::read_and_check(odt, "odt");
});
