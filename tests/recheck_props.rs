//! Incremental revalidation gives exactly what a full check gives: random
//! field edits, moves, commands added, duplicated, deleted and renumbered,
//! undos and redos on the fixtures and the real-world corpus, each followed
//! by `lint::recheck` from the previous diagnostics and compared with
//! `lint::check` of the document after it; after each, the tree and the
//! typed view kept in step in place equal those of a fresh load. The
//! typed-view live check (`lint::check_field_value`) is compared with a
//! check of the value applied for real.

mod common;

use proptest::prelude::*;
use unattui::answer::{Answer, CommandAddr, FieldKind};
use unattui::document::Document;
use unattui::lint::{self, Diagnostic};
use unattui::ops::{Editor, ListAddr, Op, SettingAddr};
use unattui::xml::NodeId;

/// Values that exercise the rules: policy setters and consumers, restarts,
/// UNC paths, quotes, Setup's marker, Orders that collide, whitespace (and,
/// for settings, booleans, numbers and words of the wrong type).
const VALUES: &[&str] = &[
    "powershell -NoProfile -Command \"Set-ExecutionPolicy RemoteSigned -Force\"",
    "powershell -File C:\\Setup\\a.ps1",
    "powershell.exe -NoProfile -ExecutionPolicy Bypass -File \"C:\\x y\\b.ps1\"",
    "C:\\Setup\\c.ps1",
    "shutdown /r /t 0",
    "\\\\server\\share\\setup.exe /q",
    "cmd /c echo hi > C:\\log.txt",
    "C:\\Program Files\\App\\app.exe /s",
    "msiexec /i x.msi",
    "reg add HKCU\\Software\\X /v Y /d 1 /f",
    "\"unbalanced",
    "*SENSITIVE*DATA*DELETED*",
    "SENSITIVE",
    " padded ",
    "1",
    "2",
    "3",
    "500",
    "0",
    "x",
    "",
    "Always",
    "OnRequest",
    "true",
    "é✓ &amp; <",
    "a & b < c",
];

#[derive(Clone, Debug)]
struct Step {
    kind: u8,
    a: usize,
    b: usize,
    v: usize,
}

fn step() -> impl Strategy<Value = Step> {
    (0u8..18, any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(kind, a, b, v)| Step {
        kind,
        a,
        b,
        v,
    })
}

fn command_addrs(a: &Answer) -> Vec<CommandAddr> {
    a.commands().map(|(addr, _)| addr).collect()
}

/// A field of the command that exists (edits of existing fields apply in place).
fn existing_field(a: &Answer, addr: CommandAddr, b: usize) -> Option<FieldKind> {
    let cmd = a.command(addr)?;
    let have: Vec<FieldKind> = FieldKind::ALL
        .into_iter()
        .filter(|&k| cmd.field(k).is_some())
        .collect();
    have.get(b % have.len().max(1)).copied()
}

enum Did {
    Op(Op),
    Undo,
    Redo,
}

/// Every setting without child elements (outside the command lists), by address.
fn setting_leaves(doc: &Document, a: &Answer) -> Vec<SettingAddr> {
    fn walk(doc: &Document, node: NodeId, addr: SettingAddr, out: &mut Vec<SettingAddr>) {
        let (text, tree) = (doc.text(), doc.tree());
        if !tree.has_element_children(node) {
            out.push(addr);
            return;
        }
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for child in tree.elements(node) {
            let name = tree.local_name(text, child);
            let index = index_of(&mut seen, name);
            walk(doc, child, addr.child(name, index), out);
        }
    }
    fn index_of<'a>(seen: &mut Vec<(&'a str, usize)>, name: &'a str) -> usize {
        match seen.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => {
                *count += 1;
                *count - 1
            }
            None => {
                seen.push((name, 1));
                0
            }
        }
    }
    let (text, tree) = (doc.text(), doc.tree());
    let mut out = Vec::new();
    for (p, pass) in a.passes.iter().enumerate() {
        for (c, comp) in pass.components.iter().enumerate() {
            let mut seen: Vec<(&str, usize)> = Vec::new();
            for child in tree.elements(comp.node) {
                let name = tree.local_name(text, child);
                let index = index_of(&mut seen, name);
                if comp.other_settings.contains(&child) {
                    walk(doc, child, SettingAddr::top(p, c, name, index), &mut out);
                }
            }
        }
    }
    out
}

fn to_action(s: &Step, doc: &Document, a: &Answer) -> Option<Did> {
    let value = VALUES[s.v % VALUES.len()].to_owned();
    if s.kind >= 14 {
        // Whole commands added or taken away.
        let cmds = command_addrs(a);
        let addr = cmds.get(s.a % cmds.len().max(1)).copied();
        let lists: Vec<ListAddr> = a
            .passes
            .iter()
            .enumerate()
            .flat_map(|(p, pass)| {
                pass.components
                    .iter()
                    .enumerate()
                    .flat_map(move |(c, comp)| {
                        (0..comp.lists.len()).map(move |l| ListAddr {
                            pass: p,
                            component: c,
                            list: l,
                        })
                    })
            })
            .collect();
        let list = *lists.get(s.b % lists.len().max(1))?;
        return Some(Did::Op(match s.kind {
            14 => Op::AddCommand(list),
            15 => Op::DeleteCommand(addr?),
            16 => Op::DuplicateCommand(addr?),
            _ => Op::Renumber(list),
        }));
    }
    if s.kind >= 12 {
        // A field added or taken away: an element spliced in or out in place.
        let cmds = command_addrs(a);
        let addr = *cmds.get(s.a % cmds.len().max(1))?;
        let kind = FieldKind::ALL[s.b % 8];
        return Some(Did::Op(if s.kind == 12 {
            Op::ClearField(addr, kind)
        } else {
            Op::SetField(addr, kind, value)
        }));
    }
    if s.kind >= 10 {
        let leaves = setting_leaves(doc, a);
        let addr = leaves.get(s.a % leaves.len().max(1))?.clone();
        return Some(Did::Op(Op::SetSetting(addr, value)));
    }
    let cmds = command_addrs(a);
    let addr = *cmds.get(s.a % cmds.len().max(1))?;
    Some(match s.kind {
        0..=4 => Did::Op(Op::SetField(addr, existing_field(a, addr, s.b)?, value)),
        5 => Did::Op(Op::SetField(addr, FieldKind::ALL[s.b % 8], value)),
        6 => Did::Op(Op::MoveUp(addr)),
        7 => Did::Op(Op::MoveDown(addr)),
        8 => Did::Undo,
        9 => Did::Redo,
        _ => return None,
    })
}

/// How many changes a session recorded for incremental revalidation, and
/// how many of those were rechecked incrementally (the rest needed the full
/// check): all of them, and those that added or removed whole commands.
#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    changes: usize,
    incremental: usize,
    item_changes: usize,
    item_incremental: usize,
}

/// Runs the steps on one file.
fn run(bytes: &[u8], steps: &[Step]) -> Result<Counts, TestCaseError> {
    let mut n = Counts::default();
    let Ok(doc) = Document::load(bytes) else {
        return Ok(n);
    };
    let mut ed = Editor::new(doc);
    let mut diags: Vec<Diagnostic> = lint::check(ed.doc(), ed.answer());
    for s in steps {
        let before = ed.doc().revision();
        match to_action(s, ed.doc(), ed.answer()) {
            Some(Did::Op(op)) => {
                live_matches(&mut ed, &op)?;
                let _ = ed.apply(&op);
            }
            Some(Did::Undo) => {
                ed.undo();
            }
            Some(Did::Redo) => {
                ed.redo();
            }
            None => continue,
        }
        if ed.doc().revision() == before {
            continue;
        }
        // The tree and typed view kept in step equal a fresh load's.
        let fresh = Document::load(&ed.doc().to_bytes()).expect("reloads");
        prop_assert_eq!(ed.doc().tree(), fresh.tree());
        prop_assert_eq!(
            format!("{:?}", Answer::build(&fresh)),
            format!("{:?}", ed.answer())
        );
        let full = lint::check(ed.doc(), ed.answer());
        if let Some((from, to, change)) = ed.field_change() {
            prop_assert_eq!((from, to), (before, ed.doc().revision()));
            let items = change.items.is_some();
            n.changes += 1;
            n.item_changes += usize::from(items);
            if let Some(quick) = lint::recheck(ed.doc(), ed.answer(), &diags, change) {
                n.incremental += 1;
                n.item_incremental += usize::from(items);
                prop_assert_eq!(&quick, &full, "after {:?}", change);
            }
        }
        diags = full;
    }
    Ok(n)
}

/// The live check of a value being typed (typed view only) agrees with the
/// document's own problems for that field once the value is applied.
fn live_matches(ed: &mut Editor, op: &Op) -> Result<(), TestCaseError> {
    let Op::SetField(addr, kind, value) = op else {
        return Ok(());
    };
    let (addr, kind) = (*addr, *kind);
    let Some(live) = lint::check_field_value(ed.doc(), ed.answer(), addr, kind, value) else {
        return Ok(());
    };
    let Some(real) = ed.preview(op, usize::MAX, |doc, answer| {
        lint::check(doc, answer)
            .into_iter()
            .filter(|d| d.target.command_addr() == Some(addr) && d.target.field == Some(kind))
            .collect::<Vec<_>>()
    }) else {
        return Ok(());
    };
    // Spans and fixes point into a text the live check never built (and the
    // help of a rule with a fix says whether one is offered).
    let key = |d: &Diagnostic| (d.code, d.severity, d.message.clone());
    let mut a: Vec<_> = live.iter().map(key).collect();
    let mut b: Vec<_> = real.iter().map(key).collect();
    a.sort();
    b.sort();
    prop_assert_eq!(a, b, "live check of {:?} = {:?}", kind, value);
    Ok(())
}

fn inputs() -> Vec<Vec<u8>> {
    let mut files: Vec<Vec<u8>> = common::all_inputs()
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .collect();
    files.push(include_bytes!("fixtures/run-order.xml").to_vec());
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48), ..ProptestConfig::default() })]

    #[test]
    fn recheck_equals_full_check(steps in prop::collection::vec(step(), 1..24)) {
        for bytes in inputs() {
            run(&bytes, &steps)?;
        }
    }
}

/// The property above is not vacuous: on a fixed pseudo-random session most
/// field changes are followed incrementally.
#[test]
fn most_field_changes_are_rechecked_incrementally() {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 11) as usize
    };
    let steps: Vec<Step> = (0..60)
        .map(|_| Step {
            kind: (next() % 18) as u8,
            a: next(),
            b: next(),
            v: next(),
        })
        .collect();
    let mut all = Counts::default();
    for bytes in inputs() {
        let n = run(&bytes, &steps).expect("recheck equals the full check");
        all.changes += n.changes;
        all.incremental += n.incremental;
        all.item_changes += n.item_changes;
        all.item_incremental += n.item_incremental;
    }
    eprintln!("{all:?}");
    let Counts {
        changes,
        incremental,
        item_changes,
        item_incremental,
    } = all;
    assert!(changes > 20, "only {changes} field changes");
    assert!(
        incremental * 2 > changes,
        "{incremental} of {changes} field changes rechecked incrementally"
    );
    assert!(
        item_changes > 10,
        "only {item_changes} commands added or removed"
    );
    assert!(
        item_incremental * 2 > item_changes,
        "{item_incremental} of {item_changes} commands added or removed rechecked incrementally"
    );
}

#[test]
fn an_edit_in_the_middle_of_a_list_is_rechecked_incrementally() {
    let bytes = include_bytes!("fixtures/run-order.xml");
    let doc = Document::load(bytes).expect("loads");
    let mut ed = Editor::new(doc);
    let diags = lint::check(ed.doc(), ed.answer());
    let addr = command_addrs(ed.answer())[1];
    ed.apply(&Op::SetField(
        addr,
        FieldKind::Program,
        "cmd /c echo x & echo y".into(),
    ))
    .expect("applies");
    let (_, _, change) = ed.field_change().expect("a field change");
    let quick = lint::recheck(ed.doc(), ed.answer(), &diags, change).expect("incremental");
    assert_eq!(quick, lint::check(ed.doc(), ed.answer()));
}

/// A field the command lacks is added in place (no re-parse) and revalidated
/// incrementally, and so is taking it back.
#[test]
fn adding_a_field_is_spliced_and_rechecked_incrementally() {
    let bytes = include_bytes!("fixtures/run-order.xml");
    let mut ed = Editor::new(Document::load(bytes).expect("loads"));
    let mut diags = lint::check(ed.doc(), ed.answer());
    let (addr, kind) = command_addrs(ed.answer())
        .into_iter()
        .find_map(|a| {
            let cmd = ed.answer().command(a)?;
            let spec = ed.answer().list(a)?.spec;
            FieldKind::ALL[2..]
                .iter()
                .copied()
                .find(|&k| k.applies_to(spec) && cmd.field(k).is_none())
                .map(|k| (a, k))
        })
        .expect("a command lacking a field");
    ed.apply(&Op::SetField(addr, kind, "Always".into()))
        .expect("applies");
    for step in ["add", "undo", "redo"] {
        match step {
            "undo" => assert!(ed.undo().is_some()),
            "redo" => assert!(ed.redo().is_some()),
            _ => {}
        }
        assert!(ed.doc().spliced().is_some(), "{step}: spliced in place");
        let (_, _, change) = ed.field_change().expect("a field change");
        assert_eq!(change.fields.len(), 1, "{step}");
        let quick = lint::recheck(ed.doc(), ed.answer(), &diags, change).expect("incremental");
        let full = lint::check(ed.doc(), ed.answer());
        assert_eq!(quick, full, "{step}");
        diags = full;
    }
}

/// Adding, duplicating and deleting a command splice the list in place and
/// are revalidated incrementally, and so are their undos and redos.
#[test]
fn commands_added_and_removed_are_spliced_and_rechecked_incrementally() {
    let bytes = include_bytes!("fixtures/run-order.xml");
    let mut ed = Editor::new(Document::load(bytes).expect("loads"));
    let mut diags = lint::check(ed.doc(), ed.answer());
    let addr = command_addrs(ed.answer())[1];
    let ops = [
        Op::AddCommand(addr.into()),
        Op::DuplicateCommand(addr),
        Op::DeleteCommand(addr),
    ];
    for op in ops {
        ed.apply(&op).expect("applies");
        for step in ["apply", "undo", "redo", "undo"] {
            match step {
                "undo" => assert!(ed.undo().is_some()),
                "redo" => assert!(ed.redo().is_some()),
                _ => {}
            }
            assert!(ed.doc().spliced().is_some(), "{op:?} {step}: spliced");
            let (_, _, change) = ed.field_change().expect("a change");
            assert!(change.items.is_some(), "{op:?} {step}: items");
            let fresh = Document::load(&ed.doc().to_bytes()).expect("reloads");
            assert_eq!(
                format!("{:?}", Answer::build(&fresh)),
                format!("{:?}", ed.answer()),
                "{op:?} {step}: typed view"
            );
            let quick = lint::recheck(ed.doc(), ed.answer(), &diags, change)
                .unwrap_or_else(|| panic!("{op:?} {step}: incremental"));
            let full = lint::check(ed.doc(), ed.answer());
            assert_eq!(quick, full, "{op:?} {step}");
            diags = full;
        }
    }
}
