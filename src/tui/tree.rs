//! The tree pane's model: the flat list of visible rows, rebuilt only when the
//! document revision or the expanded set changes, and the worst problem under
//! each node.

use crate::answer::{Answer, CommandAddr};
use crate::catalog::PassKind;
use crate::document::Document;
use crate::lint::{Diagnostic, Severity};
use crate::ops::ListAddr;
use std::collections::{HashMap, HashSet};

/// A node of the tree, by its place in the typed view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeRef {
    /// A `<settings>` block.
    Pass(usize),
    /// A component (pass, component).
    Component(usize, usize),
    /// A command list.
    List(ListAddr),
    /// A command.
    Command(CommandAddr),
    /// A setting outside the command lists: (pass, component, key in
    /// [`super::settings::SettingIndex`]).
    Setting(usize, usize, u32),
}

impl NodeRef {
    /// The node that contains this one.
    pub fn parent(self) -> Option<NodeRef> {
        match self {
            NodeRef::Pass(_) => None,
            NodeRef::Component(p, _) => Some(NodeRef::Pass(p)),
            NodeRef::List(l) => Some(NodeRef::Component(l.pass, l.component)),
            NodeRef::Command(a) => Some(NodeRef::List(a.into())),
            // The exact container is known to `App::parent_of`.
            NodeRef::Setting(p, c, _) => Some(NodeRef::Component(p, c)),
        }
    }

    /// The list this node is or belongs to.
    pub fn list(self) -> Option<ListAddr> {
        match self {
            NodeRef::List(l) => Some(l),
            NodeRef::Command(a) => Some(a.into()),
            _ => None,
        }
    }

    /// The pass index.
    pub fn pass(self) -> usize {
        match self {
            NodeRef::Pass(p) | NodeRef::Component(p, _) | NodeRef::Setting(p, ..) => p,
            NodeRef::List(l) => l.pass,
            NodeRef::Command(a) => a.pass,
        }
    }
}

/// One visible row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    /// What it shows.
    pub node: NodeRef,
    /// Indentation level.
    pub depth: u8,
    /// True when it has children.
    pub expandable: bool,
    /// True when its children are shown.
    pub expanded: bool,
}

/// Pass indexes in Windows' run order; unknown pass names last, in file order.
pub fn pass_order(answer: &Answer) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..answer.passes.len()).collect();
    idx.sort_by_key(|&i| {
        (
            answer.passes[i]
                .kind
                .map(PassKind::number)
                .unwrap_or(u8::MAX),
            i,
        )
    });
    idx
}

/// The visible rows for an expanded set (`settings` builds the setting rows).
pub fn build_rows(
    doc: &Document,
    answer: &Answer,
    expanded: &HashSet<NodeRef>,
    settings: &mut super::settings::Build,
) -> Vec<Row> {
    let mut rows = Vec::new();
    settings.start();
    for p in pass_order(answer) {
        let pass = &answer.passes[p];
        let node = NodeRef::Pass(p);
        let open = expanded.contains(&node);
        rows.push(Row {
            node,
            depth: 0,
            expandable: !pass.components.is_empty(),
            expanded: open,
        });
        if !open {
            continue;
        }
        for (c, comp) in pass.components.iter().enumerate() {
            let node = NodeRef::Component(p, c);
            let open = expanded.contains(&node);
            rows.push(Row {
                node,
                depth: 1,
                expandable: !comp.lists.is_empty() || !comp.other_settings.is_empty(),
                expanded: open,
            });
            if !open {
                continue;
            }
            for (l, list) in comp.lists.iter().enumerate() {
                let addr = ListAddr {
                    pass: p,
                    component: c,
                    list: l,
                };
                let node = NodeRef::List(addr);
                let open = expanded.contains(&node);
                rows.push(Row {
                    node,
                    depth: 2,
                    expandable: !list.commands.is_empty(),
                    expanded: open,
                });
                if open {
                    rows.extend(list.run_sequence(doc).into_iter().map(|i| Row {
                        node: NodeRef::Command(addr.command(i)),
                        depth: 3,
                        expandable: false,
                        expanded: false,
                    }));
                }
            }
            settings.component(&mut rows, p, c, comp);
        }
    }
    rows
}

/// Builds the command rows of list `la` again after commands were added to it
/// or removed from it, or after an Order changed, as [`build_rows`] would,
/// leaving every other row as it is: only that list's command rows change. The selection stays on the
/// same node when it is still shown (as after a rebuild), else on the same row.
/// False when the rows do not have the shape [`build_rows`] gives them (rebuild
/// them then).
pub fn relist(
    rows: &mut Vec<Row>,
    selected: &mut usize,
    doc: &Document,
    answer: &Answer,
    la: ListAddr,
) -> bool {
    let Some(list) = answer.list(la.command(0)) else {
        return false;
    };
    let Some(at) = rows.iter().position(|r| r.node == NodeRef::List(la)) else {
        // Not shown: neither are its commands, which are only ever put under it.
        return true;
    };
    let mine = |r: &Row| matches!(r.node, NodeRef::Command(a) if ListAddr::from(a) == la);
    let old = rows[at + 1..].iter().take_while(|r| mine(r)).count();
    if old > 0 && !rows[at].expanded {
        return false;
    }
    rows[at].expandable = !list.commands.is_empty();
    let was = rows.get(*selected).map(|r| r.node);
    if rows[at].expanded {
        let new = list.run_sequence(doc).into_iter().map(|i| Row {
            node: NodeRef::Command(la.command(i)),
            depth: 3,
            expandable: false,
            expanded: false,
        });
        rows.splice(at + 1..at + 1 + old, new);
    }
    match was.and_then(|n| rows.iter().position(|r| r.node == n)) {
        Some(i) => *selected = i,
        None => *selected = (*selected).min(rows.len().saturating_sub(1)),
    }
    true
}

/// The expanded set a freshly opened file starts with: everything down to the
/// lists, and lists themselves unless they are huge.
pub fn default_expanded(answer: &Answer) -> HashSet<NodeRef> {
    let mut set = HashSet::new();
    for (p, pass) in answer.passes.iter().enumerate() {
        set.insert(NodeRef::Pass(p));
        for (c, comp) in pass.components.iter().enumerate() {
            set.insert(NodeRef::Component(p, c));
            for (l, list) in comp.lists.iter().enumerate() {
                if list.commands.len() <= 200 {
                    set.insert(NodeRef::List(ListAddr {
                        pass: p,
                        component: c,
                        list: l,
                    }));
                }
            }
        }
    }
    set
}

/// The worst severity at or under each node.
pub fn worst_by_node(diags: &[Diagnostic]) -> HashMap<NodeRef, Severity> {
    let mut map: HashMap<NodeRef, Severity> = HashMap::new();
    let mut mark = |n: NodeRef, s: Severity| {
        map.entry(n).and_modify(|w| *w = (*w).min(s)).or_insert(s);
    };
    for d in diags {
        let t = &d.target;
        let Some(p) = t.pass else { continue };
        mark(NodeRef::Pass(p), d.severity);
        let Some(c) = t.component else { continue };
        mark(NodeRef::Component(p, c), d.severity);
        let Some(l) = t.list else { continue };
        let list = ListAddr {
            pass: p,
            component: c,
            list: l,
        };
        mark(NodeRef::List(list), d.severity);
        if let Some(i) = t.command {
            mark(NodeRef::Command(list.command(i)), d.severity);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::{Editor, Op};
    use crate::tui::settings::{Build, SettingIndex};

    fn rows_of(doc: &Document, answer: &Answer, expanded: &HashSet<NodeRef>) -> Vec<Row> {
        let (mut index, mut worst) = (SettingIndex::default(), HashMap::new());
        let mut build = Build {
            doc,
            expanded,
            index: &mut index,
            worst: &mut worst,
        };
        build_rows(doc, answer, expanded, &mut build)
    }

    /// After each command added to or removed from a list, `relist` gives the
    /// rows a full rebuild gives, and keeps the selection as a rebuild does
    /// (same node if still shown, else the same row), for every selected row
    /// and with the list open, closed, or under a closed component.
    #[test]
    fn relist_gives_what_a_rebuild_gives() {
        let demo = std::str::from_utf8(crate::tui::tests::DEMO).expect("utf8");
        // A third list that starts empty (not self-closing).
        let text = demo.replace(
            "      <TimeZone>",
            "      <LogonCommands>\n      </LogonCommands>\n      <TimeZone>",
        );
        let mut ed = Editor::new(Document::load(text.as_bytes()).expect("loads"));
        let answer = ed.answer();
        let (logon, run) = (
            ListAddr {
                pass: 0,
                component: 0,
                list: 1,
            },
            ListAddr {
                pass: 1,
                component: 0,
                list: 0,
            },
        );
        assert!(
            answer
                .list(logon.command(0))
                .expect("list")
                .commands
                .is_empty()
        );
        let ops = [
            Op::AddCommand(logon),
            Op::DuplicateCommand(logon.command(0)),
            Op::DeleteCommand(logon.command(1)),
            Op::DeleteCommand(logon.command(0)),
            Op::DeleteCommand(run.command(1)),
            Op::AddCommand(run),
        ];
        let default = default_expanded(ed.answer());
        let closed: HashSet<NodeRef> = (default.iter())
            .filter(|n| **n != NodeRef::List(logon) && **n != NodeRef::List(run))
            .copied()
            .collect();
        let component_closed: HashSet<NodeRef> = (default.iter())
            .filter(|n| **n != NodeRef::Component(0, 0))
            .copied()
            .collect();
        let mut relisted = 0;
        for op in ops {
            let before: Vec<_> = [&default, &closed, &component_closed]
                .into_iter()
                .map(|e| rows_of(ed.doc(), ed.answer(), e))
                .collect();
            ed.apply(&op).expect("applies");
            let (_, _, change) = ed.field_change().expect("an incremental change");
            let la = change.items.as_ref().expect("commands came or went").list;
            for (expanded, old) in [&default, &closed, &component_closed]
                .into_iter()
                .zip(before)
            {
                let want = rows_of(ed.doc(), ed.answer(), expanded);
                for selected in 0..old.len() {
                    let (mut rows, mut sel) = (old.clone(), selected);
                    assert!(
                        relist(&mut rows, &mut sel, ed.doc(), ed.answer(), la),
                        "{op:?}"
                    );
                    assert_eq!(rows, want, "{op:?}");
                    let at = want.iter().position(|r| r.node == old[selected].node);
                    assert_eq!(sel, at.unwrap_or(selected.min(want.len() - 1)), "{op:?}");
                    relisted += 1;
                }
            }
        }
        assert!(relisted > 0);
    }
}
