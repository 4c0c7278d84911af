//! Semantic comparison of two answer files: command by command (added,
//! removed, changed fields, Order changes, moved between lists) and setting by
//! setting, ignoring formatting (indentation, quoting, comments, encoding,
//! entity spelling). Values are compared exactly: whitespace inside a value is
//! part of what Windows runs (spec gotcha 7), so it is a change, not formatting.

use crate::answer::{Answer, Command, FieldKind};
use crate::document::Document;
use crate::xml::{NodeId, NodeKind};

/// Which command list, by its logical identity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListKey {
    /// Pass name as written.
    pub pass: String,
    /// Component name (as written in the first file that has it).
    pub component: String,
    /// processorArchitecture.
    pub arch: String,
    /// Container element (`RunSynchronous`, …).
    pub list: String,
}

impl ListKey {
    /// `specialize › Microsoft-Windows-Deployment [amd64] › RunSynchronous`.
    pub fn label(&self) -> String {
        format!(
            "{} › {} [{}] › {}",
            self.pass, self.component, self.arch, self.list
        )
    }

    fn same(&self, o: &ListKey) -> bool {
        self.pass == o.pass
            && self.component.eq_ignore_ascii_case(&o.component)
            && self.arch.eq_ignore_ascii_case(&o.arch)
            && self.list == o.list
    }
}

/// One difference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A command only in the new file.
    Added {
        /// Its list.
        list: ListKey,
        /// Its Order.
        order: String,
        /// What it runs.
        program: String,
    },
    /// A command only in the old file.
    Removed {
        /// Its list.
        list: ListKey,
        /// Its Order.
        order: String,
        /// What it ran.
        program: String,
    },
    /// The same command (same list, matched by what it runs or by Order) with a changed field.
    FieldChanged {
        /// Its list.
        list: ListKey,
        /// Its Order in the new file.
        order: String,
        /// Which field.
        field: FieldKind,
        /// Old value (`None` when absent; passwords masked).
        old: Option<String>,
        /// New value (`None` when absent; passwords masked).
        new: Option<String>,
    },
    /// The same command with a new Order.
    OrderChanged {
        /// Its list.
        list: ListKey,
        /// What it runs.
        program: String,
        /// Old Order.
        old: String,
        /// New Order.
        new: String,
    },
    /// The same command (same program) now in another list.
    Moved {
        /// Old list.
        from: ListKey,
        /// New list.
        to: ListKey,
        /// What it runs.
        program: String,
    },
    /// A setting outside the command lists added, removed or changed.
    Setting {
        /// `pass › component [arch] › A/B/C`.
        path: String,
        /// Old value (`None` when absent).
        old: Option<String>,
        /// New value (`None` when absent).
        new: Option<String>,
    },
}

struct Cmd<'a> {
    list: ListKey,
    doc: &'a Document,
    cmd: &'a Command,
    program: &'a str,
    order: &'a str,
}

fn commands<'a>(doc: &'a Document, a: &'a Answer) -> Vec<Cmd<'a>> {
    let mut v = Vec::new();
    for p in &a.passes {
        for c in &p.components {
            for l in &c.lists {
                let key = ListKey {
                    pass: p.name.clone(),
                    component: c.name.clone().unwrap_or_default(),
                    arch: c.arch.clone().unwrap_or_default(),
                    list: l.spec.container.to_owned(),
                };
                for cmd in &l.commands {
                    v.push(Cmd {
                        list: key.clone(),
                        doc,
                        cmd,
                        program: cmd.value(FieldKind::Program, doc),
                        order: cmd.value(FieldKind::Order, doc).trim(),
                    });
                }
            }
        }
    }
    v
}

use crate::secrets::MASK;

fn shown(doc: &Document, cmd: &Command, f: FieldKind) -> Option<String> {
    cmd.field(f).map(|x| {
        if f == FieldKind::Password {
            MASK.to_owned()
        } else {
            x.value(doc).to_string()
        }
    })
}

/// Compares two loaded answer files.
pub fn compare(old_doc: &Document, old: &Answer, new_doc: &Document, new: &Answer) -> Vec<Change> {
    let a = commands(old_doc, old);
    let b = commands(new_doc, new);
    let mut pair_a: Vec<Option<usize>> = vec![None; a.len()];
    let mut taken_b = vec![false; b.len()];
    // Same list, same program; then same list, same Order.
    for by_program in [true, false] {
        for (i, x) in a.iter().enumerate() {
            if pair_a[i].is_some() {
                continue;
            }
            let found = b.iter().enumerate().find(|(j, y)| {
                !taken_b[*j]
                    && x.list.same(&y.list)
                    && if by_program {
                        x.program == y.program
                    } else {
                        !x.order.is_empty() && x.order == y.order
                    }
            });
            if let Some((j, _)) = found {
                pair_a[i] = Some(j);
                taken_b[j] = true;
            }
        }
    }
    let mut out = Vec::new();
    for (i, x) in a.iter().enumerate() {
        let Some(j) = pair_a[i] else { continue };
        let y = &b[j];
        if x.order != y.order {
            out.push(Change::OrderChanged {
                list: y.list.clone(),
                program: y.program.to_owned(),
                old: x.order.to_owned(),
                new: y.order.to_owned(),
            });
        }
        for f in FieldKind::ALL {
            if f == FieldKind::Order {
                continue;
            }
            let (ov, nv) = (
                x.cmd.field(f).map(|v| v.value(x.doc)),
                y.cmd.field(f).map(|v| v.value(y.doc)),
            );
            if ov != nv {
                out.push(Change::FieldChanged {
                    list: y.list.clone(),
                    order: y.order.to_owned(),
                    field: f,
                    old: shown(x.doc, x.cmd, f),
                    new: shown(y.doc, y.cmd, f),
                });
            }
        }
    }
    // Moved: unmatched on both sides with the same program in another list.
    let mut moved_b = vec![false; b.len()];
    for (i, x) in a.iter().enumerate() {
        if pair_a[i].is_some() {
            continue;
        }
        let found = b
            .iter()
            .enumerate()
            .find(|(j, y)| !taken_b[*j] && !moved_b[*j] && y.program == x.program);
        match found {
            Some((j, y)) => {
                moved_b[j] = true;
                out.push(Change::Moved {
                    from: x.list.clone(),
                    to: y.list.clone(),
                    program: x.program.to_owned(),
                });
            }
            None => out.push(Change::Removed {
                list: x.list.clone(),
                order: x.order.to_owned(),
                program: x.program.to_owned(),
            }),
        }
    }
    for (j, y) in b.iter().enumerate() {
        if !taken_b[j] && !moved_b[j] {
            out.push(Change::Added {
                list: y.list.clone(),
                order: y.order.to_owned(),
                program: y.program.to_owned(),
            });
        }
    }
    out.extend(settings_changes(old_doc, old, new_doc, new));
    out
}

/// Every value element outside the command lists, as (path, value, secret).
fn settings(doc: &Document, a: &Answer) -> Vec<(String, String, bool)> {
    let text = doc.text();
    let tree = doc.tree();
    let mut out = Vec::new();
    for p in &a.passes {
        for c in &p.components {
            let base = format!(
                "{} › {} [{}]",
                p.name,
                c.name.as_deref().unwrap_or(""),
                c.arch.as_deref().unwrap_or("")
            );
            let mut seen: Vec<String> = Vec::new();
            let mut stack: Vec<(NodeId, String)> = c
                .other_settings
                .iter()
                .rev()
                .map(|&n| (n, String::new()))
                .collect();
            while let Some((n, parent)) = stack.pop() {
                let mut path = if parent.is_empty() {
                    tree.local_name(text, n).to_owned()
                } else {
                    format!("{parent}/{}", tree.local_name(text, n))
                };
                // List items: name them by their key attribute, else by position.
                if let Some(k) = tree
                    .attrs(n)
                    .iter()
                    .find(|at| at.name.of(text).ends_with(":keyValue"))
                {
                    path.push_str(&format!("[{}]", k.value.of(text)));
                } else {
                    let count = seen.iter().filter(|s| **s == path).count();
                    seen.push(path.clone());
                    if count > 0 {
                        path.push_str(&format!("[{}]", count + 1));
                    }
                }
                let kids: Vec<NodeId> = tree.elements(n).collect();
                if kids.is_empty() && tree.node(n).kind == NodeKind::Element {
                    let secret = crate::secrets::is_secret(tree, text, n);
                    out.push((format!("{base} › {path}"), tree.value(text, n), secret));
                }
                stack.extend(kids.into_iter().rev().map(|k| (k, path.clone())));
            }
        }
    }
    out
}

fn settings_changes(od: &Document, oa: &Answer, nd: &Document, na: &Answer) -> Vec<Change> {
    let a = settings(od, oa);
    let b = settings(nd, na);
    // Secrets are compared for real but shown masked.
    let show = |v: &str, secret: bool| {
        if secret {
            MASK.to_owned()
        } else {
            v.to_owned()
        }
    };
    let mut out = Vec::new();
    for (p, v, secret) in &a {
        match b.iter().find(|(q, _, _)| q == p) {
            Some((_, w, s2)) if w != v => {
                let secret = *secret || *s2;
                let (old, new) = if secret {
                    (format!("{MASK} (old)"), format!("{MASK} (changed)"))
                } else {
                    (v.clone(), w.clone())
                };
                out.push(Change::Setting {
                    path: p.clone(),
                    old: Some(old),
                    new: Some(new),
                });
            }
            Some(_) => {}
            None => out.push(Change::Setting {
                path: p.clone(),
                old: Some(show(v, *secret)),
                new: None,
            }),
        }
    }
    for (p, w, secret) in &b {
        if !a.iter().any(|(q, _, _)| q == p) {
            out.push(Change::Setting {
                path: p.clone(),
                old: None,
                new: Some(show(w, *secret)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
