//! The PDF text layer: objects, content streams, fonts and CMaps of a hostile PDF.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"%PDF-1.7\n").unwrap_or(data));
    common::read_and_check(bytes, "pdf");
});
