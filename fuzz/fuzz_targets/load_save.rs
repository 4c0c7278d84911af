//! Any bytes: loading never panics; what loads saves back byte for byte, and the
//! typed view and the checker run on it without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unattui::answer::Answer;
use unattui::document::Document;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = Document::load(data) {
        assert_eq!(doc.to_bytes(), data, "lossless round trip");
        let answer = Answer::build(&doc);
        let _ = unattui::lint::check(&doc, &answer);
    }
});
