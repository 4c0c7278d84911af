//! Property tests: random sequences of edit operations on real files always
//! give well-formed XML that re-loads to the typed model built in memory, and
//! undoing them all restores the original bytes; redoing them all passes
//! through the same trees and typed views.

mod common;

use proptest::prelude::*;
use unattui::answer::{Answer, CommandAddr, FieldKind};
use unattui::catalog::{ListKind, PassKind};
use unattui::document::Document;
use unattui::ops::{Editor, ListAddr, Op};

/// An operation chosen by numbers; mapped onto whatever the file has.
#[derive(Clone, Debug)]
struct Pick {
    kind: u8,
    a: usize,
    b: usize,
    text: String,
}

fn pick() -> impl Strategy<Value = Pick> {
    (
        0u8..13,
        any::<usize>(),
        any::<usize>(),
        "[ -~]{0,12}|[&<>\"'é✓]{1,4}",
    )
        .prop_map(|(kind, a, b, text)| Pick { kind, a, b, text })
}

fn command_addrs(a: &Answer) -> Vec<CommandAddr> {
    a.commands().map(|(addr, _)| addr).collect()
}

fn list_addrs(a: &Answer) -> Vec<ListAddr> {
    let mut v = Vec::new();
    for (p, pass) in a.passes.iter().enumerate() {
        for (c, comp) in pass.components.iter().enumerate() {
            for l in 0..comp.lists.len() {
                v.push(ListAddr {
                    pass: p,
                    component: c,
                    list: l,
                });
            }
        }
    }
    v
}

fn to_op(p: &Pick, a: &Answer) -> Option<Op> {
    let cmds = command_addrs(a);
    let lists = list_addrs(a);
    let cmd = || cmds.get(p.a % cmds.len().max(1)).copied();
    let list = || lists.get(p.a % lists.len().max(1)).copied();
    let field = FieldKind::ALL[p.b % FieldKind::ALL.len()];
    Some(match p.kind {
        0 | 1 => Op::SetField(cmd()?, field, p.text.clone()),
        2 => Op::ClearField(cmd()?, field),
        3 => Op::AddCommand(list()?),
        4 => Op::DeleteCommand(cmd()?),
        5 => Op::DuplicateCommand(cmd()?),
        6 => Op::MoveUp(cmd()?),
        7 => Op::MoveDown(cmd()?),
        8 => Op::Renumber(list()?),
        9 => {
            let pass = p.a % a.passes.len().max(1);
            let comps = a.passes.get(pass)?.components.len();
            let kinds = [
                ListKind::SetupSync,
                ListKind::DeployAsync,
                ListKind::FirstLogon,
                ListKind::Logon,
            ];
            Op::AddList {
                pass,
                component: p.b % comps.max(1),
                kind: kinds[p.b % kinds.len()],
            }
        }
        10 => Op::AddComponent {
            pass: p.a % a.passes.len().max(1),
            name: "Microsoft-Windows-Deployment".into(),
            arch: ["amd64", "x86", "arm64"][p.b % 3].into(),
        },
        11 => Op::AddPass(PassKind::ALL[p.b % 7]),
        _ => Op::SetField(cmd()?, FieldKind::Order, (p.b % 600).to_string()),
    })
}

/// The typed model as comparable text.
fn summary(doc: &Document, a: &Answer) -> Vec<String> {
    let mut v = Vec::new();
    for p in &a.passes {
        v.push(format!("pass {}", p.name));
        for c in &p.components {
            v.push(format!(
                " comp {:?} {:?} other={}",
                c.name,
                c.arch,
                c.other_settings.len()
            ));
            for l in &c.lists {
                v.push(format!("  list {:?}", l.spec.kind));
                for cmd in &l.commands {
                    let fields: Vec<String> = FieldKind::ALL
                        .iter()
                        .map(|f| format!("{:?}", cmd.field(*f).map(|x| x.value(doc))))
                        .collect();
                    v.push(format!("   cmd {}", fields.join("|")));
                }
            }
        }
    }
    v
}

fn inputs() -> Vec<(String, Vec<u8>)> {
    common::all_inputs()
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Document::load(&bytes).ok()?;
            Some((p.display().to_string(), bytes))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48), ..ProptestConfig::default() })]

    #[test]
    fn random_edits_stay_well_formed_and_undo_restores_bytes(file in 0usize..1000, picks in prop::collection::vec(pick(), 1..16)) {
        let files = inputs();
        let (name, original) = &files[file % files.len()];
        let mut ed = Editor::new(Document::load(original).expect("loads"));
        let mut applied = 0;
        for p in &picks {
            let Some(op) = to_op(p, ed.answer()) else { continue };
            if ed.apply(&op).is_err() {
                continue;
            }
            applied += 1;
            let saved = ed.doc().to_bytes();
            let reloaded = Document::load(&saved);
            prop_assert!(reloaded.is_ok(), "{name}: {op:?} produced a file that does not load: {:?}", reloaded.err());
            let reloaded = reloaded.expect("checked");
            // Edits applied in place (text only) leave the same tree a full parse gives.
            prop_assert_eq!(ed.doc().tree(), reloaded.tree(), "{}: tree after {:?} differs from a fresh parse", name, op);
            prop_assert_eq!(ed.doc().lines().len(), reloaded.lines().len());
            prop_assert_eq!(ed.doc().line_ending(), reloaded.line_ending());
            for probe in [0, ed.doc().text().len() / 3, ed.doc().text().len() / 2, ed.doc().text().len()] {
                let mut at = probe;
                while !ed.doc().text().is_char_boundary(at) { at -= 1; }
                prop_assert_eq!(ed.doc().line_col(at), reloaded.line_col(at));
            }
            prop_assert_eq!(summary(&reloaded, &Answer::build(&reloaded)), summary(ed.doc(), ed.answer()), "{}: after {:?}", name, op);
            // The view kept in step (in place or rebuilt) is the one a fresh build gives, node ids included.
            prop_assert_eq!(format!("{:?}", Answer::build(&reloaded)), format!("{:?}", ed.answer()), "{}: typed view after {:?}", name, op);
        }
        let mut undone = 0;
        while ed.undo().is_some() {
            undone += 1;
            let reloaded = Document::load(&ed.doc().to_bytes()).expect("reloads");
            prop_assert_eq!(ed.doc().tree(), reloaded.tree(), "{}: tree after undo", name);
            prop_assert_eq!(format!("{:?}", Answer::build(&reloaded)), format!("{:?}", ed.answer()), "{}: typed view after undo", name);
        }
        prop_assert!(undone <= applied);
        prop_assert_eq!(&ed.doc().to_bytes(), original, "{}: undo did not restore the bytes", name);
        // Redone, each step leaves the tree and view a fresh load gives; undone again, the bytes.
        while ed.redo().is_some() {
            let reloaded = Document::load(&ed.doc().to_bytes()).expect("reloads");
            prop_assert_eq!(ed.doc().tree(), reloaded.tree(), "{}: tree after redo", name);
            prop_assert_eq!(format!("{:?}", Answer::build(&reloaded)), format!("{:?}", ed.answer()), "{}: typed view after redo", name);
        }
        while ed.undo().is_some() {}
        prop_assert!(!ed.is_modified());
    }
}
