//! The settings outside the command lists, as tree rows.
//!
//! A setting row is `NodeRef::Setting(pass, component, key)`: `key` interns
//! the setting's [`SettingAddr`] (its path by name and index among same-named
//! siblings), so expanded and selected settings keep their identity across
//! edits although node ids change with every re-parse. Rows are built only
//! for expanded containers; their element ids are looked up once per build.
//!
//! Problems belong to a setting when their span lies inside the element: the
//! spans are sorted once per revision and each built row asks for the worst
//! one inside it with a binary search.

use super::tree::{NodeRef, Row};
use crate::answer::Component;
use crate::document::Document;
use crate::lint::{Diagnostic, Severity};
use crate::ops::SettingAddr;
use crate::xml::{NodeId, Span};
use std::collections::{HashMap, HashSet};

/// Interned setting addresses, the elements of the rows built last, and the
/// problem spans of the current revision.
#[derive(Default)]
pub struct SettingIndex {
    addrs: Vec<SettingAddr>,
    keys: HashMap<SettingAddr, u32>,
    nodes: HashMap<u32, NodeId>,
    spans: Vec<(u32, u32, Severity, usize)>,
}

impl SettingIndex {
    /// The key of an address (interned on first use).
    pub fn key(&mut self, addr: &SettingAddr) -> u32 {
        if let Some(&k) = self.keys.get(addr) {
            return k;
        }
        let k = self.addrs.len() as u32;
        self.addrs.push(addr.clone());
        self.keys.insert(addr.clone(), k);
        k
    }

    /// The tree node of an address (interned on first use).
    pub fn node_ref(&mut self, addr: &SettingAddr) -> NodeRef {
        NodeRef::Setting(addr.pass, addr.component, self.key(addr))
    }

    /// The address behind a key.
    pub fn addr(&self, key: u32) -> Option<&SettingAddr> {
        self.addrs.get(key as usize)
    }

    /// The element of a setting row built for the current revision.
    pub fn node(&self, key: u32) -> Option<NodeId> {
        self.nodes.get(&key).copied()
    }

    /// The row that contains a setting row: its container or its component.
    pub fn parent(&self, key: u32) -> Option<NodeRef> {
        let addr = self.addr(key)?;
        Some(match addr.parent() {
            Some(p) => match self.keys.get(&p) {
                Some(&k) => NodeRef::Setting(p.pass, p.component, k),
                None => NodeRef::Component(addr.pass, addr.component),
            },
            None => NodeRef::Component(addr.pass, addr.component),
        })
    }

    /// Moves the elements of the rows built last as a splice moved their ids.
    pub fn renumber(&mut self, sp: &crate::xml::Spliced) {
        for id in self.nodes.values_mut() {
            *id = sp.map(*id);
        }
    }

    /// Re-indexes the problems (once per revision).
    pub fn index_problems(&mut self, diags: &[Diagnostic]) {
        self.spans = diags
            .iter()
            .enumerate()
            .map(|(i, d)| (d.span.start, d.span.end, d.severity, i))
            .collect();
        self.spans.sort_unstable_by_key(|s| (s.0, s.1));
    }

    /// Indexes into the diagnostics of the problems whose span lies inside `span`.
    pub fn problems_within(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let from = self.spans.partition_point(|s| s.0 < span.start);
        self.spans[from..]
            .iter()
            .take_while(move |s| s.0 < span.end)
            .filter(move |s| s.1 <= span.end)
            .map(|s| s.3)
    }

    /// Sets the problem marks of the setting rows among `rows` (for the
    /// current problems and spans), as building the rows does.
    pub fn mark_rows(&self, doc: &Document, rows: &[Row], worst: &mut HashMap<NodeRef, Severity>) {
        for row in rows {
            let NodeRef::Setting(_, _, key) = row.node else {
                continue;
            };
            let Some(node) = self.node(key) else { continue };
            match self.worst_within(doc.tree().node(node).span) {
                Some(s) => worst.insert(row.node, s),
                None => worst.remove(&row.node),
            };
        }
    }

    fn worst_within(&self, span: Span) -> Option<Severity> {
        let from = self.spans.partition_point(|s| s.0 < span.start);
        let mut worst: Option<Severity> = None;
        for s in self.spans[from..].iter().take_while(|s| s.0 < span.end) {
            if s.1 <= span.end {
                worst = Some(worst.map_or(s.2, |w| w.min(s.2)));
                if s.2 == Severity::Error {
                    break;
                }
            }
        }
        worst
    }
}

/// What building setting rows needs.
pub struct Build<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Expanded nodes.
    pub expanded: &'a HashSet<NodeRef>,
    /// Keys and problem spans.
    pub index: &'a mut SettingIndex,
    /// Where each built row's worst problem goes.
    pub worst: &'a mut HashMap<NodeRef, Severity>,
}

impl Build<'_> {
    /// Appends the rows of a component's settings at `depth`.
    pub fn component(&mut self, rows: &mut Vec<Row>, p: usize, c: usize, comp: &Component) {
        if comp.other_settings.is_empty() {
            return;
        }
        self.children(rows, comp.node, None, Some(&comp.other_settings), (p, c), 2);
    }

    /// Forgets the element ids of the previous build.
    pub fn start(&mut self) {
        self.index.nodes.clear();
    }

    fn children(
        &mut self,
        rows: &mut Vec<Row>,
        parent: NodeId,
        parent_addr: Option<&SettingAddr>,
        only: Option<&[NodeId]>,
        (p, c): (usize, usize),
        depth: u8,
    ) {
        let (text, tree) = (self.doc.text(), self.doc.tree());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for child in tree.elements(parent) {
            let name = tree.local_name(text, child);
            let count = seen.entry(name).or_insert(0);
            let index = *count;
            *count += 1;
            // Node ids grow in document order, as `other_settings` is kept.
            if only.is_some_and(|o| o.binary_search(&child).is_err()) {
                continue;
            }
            let addr = match parent_addr {
                Some(a) => a.child(name, index),
                None => SettingAddr::top(p, c, name, index),
            };
            let key = self.index.key(&addr);
            self.index.nodes.insert(key, child);
            let node = NodeRef::Setting(p, c, key);
            match self.index.worst_within(tree.node(child).span) {
                Some(s) => self.worst.insert(node, s),
                None => self.worst.remove(&node),
            };
            let expandable = tree.has_element_children(child);
            let open = expandable && self.expanded.contains(&node);
            rows.push(Row {
                node,
                depth,
                expandable,
                expanded: open,
            });
            if open {
                self.children(
                    rows,
                    child,
                    Some(&addr),
                    None,
                    (p, c),
                    depth.saturating_add(1),
                );
            }
        }
    }
}
