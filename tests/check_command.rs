//! The editor's per-command live check gives, for that command, exactly what
//! the full check gives; and a preview leaves the document, its revision and the
//! undo history as they were.

mod common;

use unattui::answer::{Answer, FieldKind};
use unattui::document::Document;
use unattui::lint;
use unattui::ops::{Editor, Op};

#[test]
fn per_command_check_matches_the_full_check() {
    let mut compared = 0;
    for path in common::all_inputs() {
        let Ok(doc) = Document::load(&std::fs::read(&path).expect("read")) else {
            continue;
        };
        let answer = Answer::build(&doc);
        let full = lint::check(&doc, &answer);
        for (addr, _) in answer.commands() {
            let mine: Vec<_> = lint::check_command(&doc, &answer, addr)
                .into_iter()
                .filter(|d| d.target.command_addr() == Some(addr))
                .collect();
            let theirs: Vec<_> = full
                .iter()
                .filter(|d| d.target.command_addr() == Some(addr))
                .cloned()
                .collect();
            assert_eq!(mine, theirs, "{} {addr:?}", path.display());
            compared += 1;
        }
    }
    assert!(compared > 10, "only {compared} commands compared");
}

#[test]
fn preview_changes_nothing() {
    let path = common::fixtures().join("tabs-crlf.xml");
    let bytes = std::fs::read(path).expect("read");
    let mut ed = Editor::new(Document::load(&bytes).expect("loads"));
    let addr = ed.answer().commands().next().expect("cmd").0;
    ed.apply(&Op::SetField(addr, FieldKind::Description, "x".into()))
        .expect("edit");
    ed.undo().expect("undo");
    let before = (
        ed.doc().to_bytes(),
        ed.doc().revision(),
        ed.can_undo(),
        ed.can_redo(),
    );
    for (field, value) in [
        (FieldKind::Program, "shutdown /r"),
        (FieldKind::Order, "1"),
        (FieldKind::WillReboot, "Sometimes"),
    ] {
        let seen = ed.preview(
            &Op::SetField(addr, field, value.into()),
            0,
            |doc, answer| {
                (
                    answer
                        .command(addr)
                        .expect("cmd")
                        .value(field, doc)
                        .to_owned(),
                    lint::check_command(doc, answer, addr).len(),
                )
            },
        );
        // Program and Order edit existing text in place; WillReboot is absent and
        // would need a re-parse, which a limit of 0 bytes refuses.
        match field {
            FieldKind::WillReboot => assert!(seen.is_none()),
            _ => assert_eq!(seen.expect("previewed").0, value),
        }
        assert_eq!(
            (
                ed.doc().to_bytes(),
                ed.doc().revision(),
                ed.can_undo(),
                ed.can_redo()
            ),
            before
        );
    }
}
