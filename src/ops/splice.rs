//! The typed view after a change that added or removed field elements of one
//! command in place ([`Document::spliced`]): ids renumbered, that command
//! read again, and the fields that came or went recorded for revalidating
//! only what they can affect.

use super::{Editor, locate_command};
use crate::answer::FieldKind;
use crate::document::{Document, Edit};
use crate::lint::FieldChange;
use crate::xml::{NodeId, Spliced};

impl Editor {
    /// Brings the view up to date after `sp` (from revision `before`; `undo`
    /// takes it back). `None` when the splice was not among the children of
    /// a command or of its `Credentials`: the caller rebuilds the view then.
    pub(super) fn refresh_spliced(
        &mut self,
        before: u64,
        undo: &[Edit],
        sp: Spliced,
    ) -> Option<()> {
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
        let removed = |id: NodeId| (sp.first.0..sp.first.0 + sp.removed).contains(&id.0);
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
            };
            self.change = Some((before, self.doc.revision(), change));
        }
        Some(())
    }
}

/// The value of removed element `node` (an id from before the splice), read
/// from the text the undo edit puts back, parsed alone as the splice parsed it.
fn removed_value(undo: &[Edit], sp: &Spliced, node: NodeId) -> Option<Box<str>> {
    let [e] = undo else { return None };
    let doc = Document::load(format!("<_>{}</_>", e.text).as_bytes()).ok()?;
    // Below the document and the wrapper, the removed nodes in order.
    let id = NodeId(node.0 - sp.first.0 + 2);
    let field = crate::answer::Field::read(doc.tree(), doc.text(), id);
    Some(field.value(&doc).into())
}
