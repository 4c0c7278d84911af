//! The typed view after a change that added or removed field elements of one
//! command, or whole commands of one list, in place ([`Document::spliced`]):
//! ids renumbered, that command read again (or the list's new commands read
//! and the removed ones taken out), and what came or went recorded for
//! revalidating only what it can affect.

use super::{Editor, ListAddr, locate_command};
use crate::answer::{Answer, Command, FieldKind};
use crate::document::{Document, Edit};
use crate::lint::{FieldChange, ItemsChange};
use crate::xml::{NodeId, Spliced};

impl Editor {
    /// Brings the view up to date after `sp` (from revision `before`; `undo`
    /// takes it back). `None` when the splice was not among the children of a
    /// command, of its `Credentials`, or of a command list (whole commands added
    /// or removed): the caller rebuilds the view then.
    pub(super) fn refresh_spliced(
        &mut self,
        before: u64,
        undo: &[Edit],
        sp: Spliced,
    ) -> Option<()> {
        if let Some(la) = locate_list(&self.doc, &self.answer, sp.parent) {
            return self.refresh_items(before, undo, sp, la);
        }
        // The parent kept its id, and so did everything that holds it.
        let addr = locate_command(&self.doc, &self.answer, sp.parent).or_else(|| {
            locate_command(&self.doc, &self.answer, self.doc.tree().parent(sp.parent)?)
        })?;
        let old = self.answer.command(addr)?.clone();
        let own = sp.parent == old.node
            || old
                .credentials
                .as_ref()
                .is_some_and(|c| c.node == sp.parent);
        if !own {
            return None;
        }
        self.answer.renumber(&sp);
        self.answer
            .rebuild_command(addr, self.doc.tree(), self.doc.text())?;
        let new = self.answer.command(addr)?;
        let removed = |id: NodeId| sp.was_removed(id);
        let mut fields = Vec::new();
        for kind in FieldKind::ALL {
            let (was, now) = (old.field(kind), new.field(kind));
            let changed = match (was, now) {
                (None, None) => false,
                (Some(w), Some(n)) => removed(w.node) || sp.map(w.node) != n.node,
                _ => true,
            };
            if !changed {
                continue;
            }
            let value = match was {
                None => None,
                Some(w) if removed(w.node) => Some(removed_value(undo, &sp, w.node)?),
                // Not removed: its text did not change, but its id may have (read it there).
                Some(w) => {
                    let (tree, text) = (self.doc.tree(), self.doc.text());
                    let kept = crate::answer::Field::read(tree, text, sp.map(w.node));
                    Some(kept.value(&self.doc).into())
                }
            };
            fields.push((addr, kind, value));
        }
        if !fields.is_empty() {
            let change = FieldChange {
                undo: undo.to_vec(),
                fields,
                settings: None,
                spliced: Some(sp),
                items: None,
            };
            self.change = Some((before, self.doc.revision(), change));
        }
        Some(())
    }
}

impl Editor {
    /// [`Editor::refresh_spliced`] for a splice among the items of the list
    /// at `la`: commands added (a new or duplicated one, a deletion undone)
    /// or removed. `None` when the splice touched anything else there.
    fn refresh_items(
        &mut self,
        before: u64,
        undo: &[Edit],
        sp: Spliced,
        la: ListAddr,
    ) -> Option<()> {
        let list = self.answer.list(la.command(0))?;
        let gone = |id: NodeId| sp.was_removed(id);
        let old: Vec<NodeId> = (list.commands.iter())
            .filter(|c| gone(c.node))
            .map(|c| c.node)
            .collect();
        let removed = if old.is_empty() {
            Vec::new()
        } else {
            removed_commands(undo, &sp, &old, list)?
        };
        let (at, count, inserted) =
            (self.answer).splice_items(la.command(0), &sp, self.doc.tree(), self.doc.text())?;
        debug_assert_eq!(count, removed.len());
        let change = FieldChange {
            undo: undo.to_vec(),
            fields: Vec::new(),
            settings: None,
            spliced: Some(sp),
            items: Some(ItemsChange {
                list: la,
                at,
                removed,
                inserted,
            }),
        };
        self.change = Some((before, self.doc.revision(), change));
        Some(())
    }
}

/// The list whose container element is `node`, found from its ancestors.
fn locate_list(doc: &Document, answer: &Answer, node: NodeId) -> Option<ListAddr> {
    let tree = doc.tree();
    let comp_node = tree.parent(node)?;
    let pass_node = tree.parent(comp_node)?;
    let pass = answer.passes.iter().position(|p| p.node == pass_node)?;
    let comps = &answer.passes[pass].components;
    let component = comps.iter().position(|c| c.node == comp_node)?;
    let list = comps[component].lists.iter().position(|l| l.node == node)?;
    Some(ListAddr {
        pass,
        component,
        list,
    })
}

/// The text the undo edit puts back, parsed alone as the splice parsed it (inside a wrapper
/// element), and where a removed node (an id from before the splice) is in it: below the
/// document and the wrapper, the removed nodes in order. `None` when the undo is not one
/// edit, or the text parsed alone does not hold exactly the nodes the splice removed.
fn removed_text(
    undo: &[Edit],
    sp: &Spliced,
) -> Option<(Document, impl Fn(NodeId) -> Option<NodeId>)> {
    let [e] = undo else { return None };
    let doc = Document::load(format!("<_>{}</_>", e.text).as_bytes()).ok()?;
    if doc.tree().len() != sp.removed as usize + 2 {
        return None;
    }
    let (first, removed) = (sp.first.0, sp.removed);
    let at = move |node: NodeId| {
        let k = node.0.checked_sub(first)?;
        (k < removed).then_some(NodeId(k + 2))
    };
    Some((doc, at))
}

/// The commands whose items `old` (ids from before the splice) were removed, read from the
/// text the undo edit puts back, each holding its own values.
fn removed_commands(
    undo: &[Edit],
    sp: &Spliced,
    old: &[NodeId],
    list: &crate::answer::CommandList,
) -> Option<Vec<Command>> {
    let (doc, at) = removed_text(undo, sp)?;
    let (tree, text) = (doc.tree(), doc.text());
    old.iter()
        .map(|&node| {
            let id = at(node)?;
            Some(Command::read(tree, text, id, list.spec).detached(tree, text, list.node))
        })
        .collect()
}

/// The value of removed element `node` (an id from before the splice), read from the text
/// the undo edit puts back.
fn removed_value(undo: &[Edit], sp: &Spliced, node: NodeId) -> Option<Box<str>> {
    let (doc, at) = removed_text(undo, sp)?;
    let field = crate::answer::Field::read(doc.tree(), doc.text(), at(node)?);
    Some(field.value(&doc).into())
}
