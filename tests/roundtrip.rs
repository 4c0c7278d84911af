//! Lossless round trip: every file loads and saves to identical bytes, in every
//! encoding and line-ending style; broken files fail with a location.

mod common;

use unattui::answer::Answer;
use unattui::document::Document;
use unattui::text::{Encoding, encode};

fn roundtrip(name: &str, bytes: &[u8]) {
    match Document::load(bytes) {
        Ok(doc) => {
            assert_eq!(
                doc.to_bytes(),
                bytes,
                "{name}: saved bytes differ from the original"
            );
            // The typed view builds without losing anything of the tree.
            let _ = Answer::build(&doc);
        }
        Err(e) => {
            // Not well-formed: refused with a location, never a panic.
            assert!(
                e.at.is_some() || e.decoded.is_none(),
                "{name}: error without location: {e}"
            );
            eprintln!("{name}: refused: {e}");
        }
    }
}

#[test]
fn every_file_round_trips_byte_for_byte() {
    let inputs = common::all_inputs();
    assert!(inputs.len() >= 3);
    let mut loaded = 0;
    for path in &inputs {
        let bytes = std::fs::read(path).expect("readable");
        let name = path.display().to_string();
        roundtrip(&name, &bytes);
        if Document::load(&bytes).is_ok() {
            loaded += 1;
        }
    }
    eprintln!(
        "{loaded} of {} files loaded and round-tripped",
        inputs.len()
    );
}

#[test]
fn every_encoding_and_line_ending_round_trips() {
    for path in common::xml_files(&common::fixtures()) {
        let text = std::fs::read_to_string(&path).expect("utf-8 fixture");
        let lf = text.replace("\r\n", "\n");
        let crlf = lf.replace('\n', "\r\n");
        for (eol, t) in [("lf", &lf), ("crlf", &crlf), ("as-is", &text)] {
            for enc in [
                Encoding::Utf8,
                Encoding::Utf8Bom,
                Encoding::Utf16Le,
                Encoding::Utf16Be,
            ] {
                let bytes = encode(t, enc);
                let name = format!("{} {eol} {enc}", path.display());
                let doc = Document::load(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(doc.encoding(), enc, "{name}");
                assert_eq!(doc.to_bytes(), bytes, "{name}");
            }
        }
    }
}

#[test]
fn malformed_fixtures_are_refused_with_their_line() {
    let dir = common::fixtures().join("malformed");
    let expect = [("bare-ampersand.xml", 5), ("truncated.xml", 4)];
    for (file, line) in expect {
        let bytes = std::fs::read(dir.join(file)).expect("fixture");
        let e = Document::load(&bytes).expect_err("must be refused");
        assert_eq!(e.at.map(|a| a.line), Some(line), "{file}: {e}");
        assert!(
            e.decoded.is_some(),
            "{file}: the repair view needs the text"
        );
    }
}

#[test]
fn kitchen_sink_typed_view() {
    let bytes = std::fs::read(common::fixtures().join("kitchen-sink.xml")).expect("fixture");
    let doc = Document::load(&bytes).expect("loads");
    let a = Answer::build(&doc);
    let names: Vec<&str> = a.passes.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["windowsPE", "specialize", "oobeSystem"]);
    let cmds: Vec<String> = a
        .commands()
        .map(|(_, c)| {
            c.value(unattui::answer::FieldKind::Program, &doc)
                .to_owned()
        })
        .collect();
    assert_eq!(
        cmds,
        [
            "cmd.exe /c \">>X:\\log.txt echo a & b < c\"",
            "cmd /c echo <cdata> & more",
            "reg add \"HKLM\\SOFTWARE\\Fixture\" /v Name /d \"Ünïcødé ✓\" /f",
            "powershell -NoProfile -Command \"Write-Host 'hi'\"",
        ]
    );
    assert_eq!(a.passes[0].components[0].other_settings.len(), 1);
    assert_eq!(a.other_root_children.len(), 2);
}
