//! The normaliser and the section splitter on any text: offsets must map back into the source.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let doc = clausier::read::document::Document::from_text(text);
    let len = doc.text.text.len();
    for block in &doc.text.blocks {
        let source = doc.text.source_range(block.range.clone());
        assert!(source.start <= source.end && source.end <= doc.source.len());
        assert!(block.range.end <= len);
    }
    let _ = clausier::read::normalize::normalize_str(text);
});
