//! Load, apply edits chosen by the input, save, load again: the result always
//! loads, re-loads to the same commands, and undoing everything restores the bytes.
//! Input: the first 32 bytes choose operations, the rest is the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unattui::answer::{Answer, CommandAddr, FieldKind};
use unattui::catalog::{ListKind, PassKind};
use unattui::document::Document;
use unattui::ops::{Editor, ListAddr, Op};

fn op(code: &[u8], a: &Answer) -> Option<Op> {
    let cmds: Vec<CommandAddr> = a.commands().map(|(x, _)| x).collect();
    let k = *code.first()? as usize;
    let i = *code.get(1)? as usize;
    let cmd = cmds.get(i % cmds.len().max(1)).copied();
    let field = FieldKind::ALL[i % FieldKind::ALL.len()];
    let text = ["", "x.exe", "a & <b>", "  spaced  ", "\"q\" 'a'", "é✓", "7"][k % 7].to_owned();
    Some(match k % 11 {
        0 | 1 => Op::SetField(cmd?, field, text),
        2 => Op::ClearField(cmd?, field),
        3 => Op::AddCommand(ListAddr::from(cmd?)),
        4 => Op::DeleteCommand(cmd?),
        5 => Op::DuplicateCommand(cmd?),
        6 => Op::MoveUp(cmd?),
        7 => Op::MoveDown(cmd?),
        8 => Op::Renumber(ListAddr::from(cmd?)),
        9 => Op::AddPass(PassKind::ALL[i % 7]),
        _ => Op::AddList { pass: i % a.passes.len().max(1), component: 0, kind: [ListKind::DeploySync, ListKind::FirstLogon][i % 2] },
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 32 {
        return;
    }
    let (codes, file) = data.split_at(32);
    let Ok(doc) = Document::load(file) else { return };
    let mut ed = Editor::new(doc);
    for c in codes.chunks(2) {
        let Some(o) = op(c, ed.answer()) else { continue };
        if ed.apply(&o).is_ok() {
            let saved = ed.doc().to_bytes();
            let re = Document::load(&saved).expect("an edit produced a file that does not load");
            let a1: Vec<String> = Answer::build(&re).commands().map(|(_, c)| format!("{:?}", c.program.as_ref().map(|f| &f.value))).collect();
            let a2: Vec<String> = ed.answer().commands().map(|(_, c)| format!("{:?}", c.program.as_ref().map(|f| &f.value))).collect();
            assert_eq!(a1, a2);
        }
    }
    while ed.undo().is_some() {}
    assert_eq!(ed.doc().to_bytes(), file, "undo restores the bytes");
});
