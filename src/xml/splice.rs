//! Edits that add or remove whole elements inside one element's content (a
//! field added to a command, or taken away again): the new nodes are parsed
//! on their own and spliced into the tree, the nodes after them renumbered and
//! moved, instead of re-parsing the whole document. The result is the tree a
//! re-parse of the edited text gives; edits where that is not certain are
//! refused ([`Tree::plan_splice`] gives `None`) and re-parse.

use super::{MAX_DEPTH, NONE, Node, NodeId, NodeKind, Tree, parse};

/// What an in-place splice did to the node ids: the nodes
/// `first..first + removed` went, `inserted` new ones took their place, and
/// every later node's id moved by `inserted - removed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spliced {
    /// The element whose content changed (its id did not change).
    pub parent: NodeId,
    /// The first id removed or inserted.
    pub first: NodeId,
    /// How many nodes were removed.
    pub removed: u32,
    /// How many nodes were inserted.
    pub inserted: u32,
}

impl Spliced {
    /// The id after the splice of a node that was not removed.
    pub fn map(&self, id: NodeId) -> NodeId {
        if id.0 < self.first.0 + self.removed {
            // Before the splice (or removed: the caller rebuilds what held it).
            id
        } else {
            NodeId(id.0 - self.removed + self.inserted)
        }
    }

    /// True when `id` (before the splice) is one of the removed nodes.
    pub fn was_removed(&self, id: NodeId) -> bool {
        (self.first.0..self.first.0 + self.removed).contains(&id.0)
    }

    /// True when `id` (after the splice) is one of the inserted nodes.
    pub fn is_new(&self, id: NodeId) -> bool {
        (self.first.0..self.first.0 + self.inserted).contains(&id.0)
    }
}

/// A checked splice, ready for [`Tree::apply_splice`].
pub(crate) struct SplicePlan {
    parent: NodeId,
    /// The new text parsed inside a wrapper element `<_>…</_>`.
    fragment: Tree,
}

/// The wrapper's start tag, around the new text when it is parsed alone.
const WRAP_OPEN: &str = "<_>";
const WRAP_CLOSE: &str = "</_>";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl Tree {
    /// When replacing `range` of `text` with `new` only removes and adds whole
    /// nodes among the children of one element, with nothing but whitespace
    /// between them, and the re-parse would give exactly the spliced tree:
    /// the plan for it. `None` for anything else (the caller re-parses).
    pub(crate) fn plan_splice(
        &self,
        text: &str,
        range: &std::ops::Range<usize>,
        new: &str,
    ) -> Option<SplicePlan> {
        let (s, e) = (range.start, range.end);
        let parent = self.splice_parent(s as u32, e as u32)?;
        // The removed text outside the removed nodes is whitespace.
        let mut pos = s;
        for c in self.children(parent) {
            let n = self.node(c);
            if (n.span.end as usize) <= s || (n.span.start as usize) >= e {
                continue;
            }
            if !text.as_bytes()[pos..n.span.start as usize]
                .iter()
                .all(|&b| is_space(b))
            {
                return None;
            }
            pos = n.span.end as usize;
        }
        if !text.as_bytes()[pos..e].iter().all(|&b| is_space(b)) {
            return None;
        }
        if self
            .late_decl
            .is_some_and(|d| (s..e).contains(&(d as usize)))
        {
            return None;
        }
        // No reference cut at the start (the end only ever follows whitespace or `>`).
        let mut from = s.saturating_sub(12);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let before = &text[from..s];
        if let Some(amp) = before.rfind('&')
            && !before[amp..].contains(';')
        {
            return None;
        }
        // A deletion must not join `]]` and `>`; new text starts and ends with
        // whitespace or markup, which never completes one.
        if new.is_empty() {
            let head = &text.as_bytes()[s.saturating_sub(2)..s];
            let tail = &text.as_bytes()[e..(e + 2).min(text.len())];
            let joined = [head, tail].concat();
            if joined.windows(3).any(|w| w == b"]]>") {
                return None;
            }
        }
        let wrapped = format!("{WRAP_OPEN}{new}{WRAP_CLOSE}");
        let fragment = parse(&wrapped).ok()?;
        if fragment.late_decl.is_some() || fragment.nodes.len() < 2 {
            return None;
        }
        let wrapper = NodeId(1);
        if fragment.node(wrapper).span.len() != wrapped.len() {
            return None;
        }
        // Only whitespace beside the new top-level nodes.
        let mut pos = WRAP_OPEN.len();
        for c in fragment.children(wrapper) {
            let n = fragment.node(c);
            if !wrapped.as_bytes()[pos..n.span.start as usize]
                .iter()
                .all(|&b| is_space(b))
            {
                return None;
            }
            pos = n.span.end as usize;
        }
        if !wrapped.as_bytes()[pos..wrapped.len() - WRAP_CLOSE.len()]
            .iter()
            .all(|&b| is_space(b))
        {
            return None;
        }
        let depth = usize::from(self.node(parent).depth);
        let deepest = fragment.nodes[2..]
            .iter()
            .map(|n| usize::from(n.depth))
            .max()
            .unwrap_or(1);
        if fragment.nodes[2..].iter().any(|n| {
            matches!(
                n.kind,
                NodeKind::Decl | NodeKind::DocType | NodeKind::Document
            )
        }) || depth + deepest > MAX_DEPTH
        {
            return None;
        }
        Some(SplicePlan { parent, fragment })
    }

    /// The element whose content holds `s..e`, where every node overlapping
    /// the range lies wholly inside it.
    fn splice_parent(&self, s: u32, e: u32) -> Option<NodeId> {
        let mut cur = Tree::DOCUMENT;
        'down: loop {
            for child in self.children(cur) {
                let n = self.node(child);
                let overlaps = if s == e {
                    n.span.start < s && s < n.span.end
                } else {
                    n.span.start < e && s < n.span.end
                };
                if !overlaps {
                    if n.span.start >= e {
                        break;
                    }
                    continue;
                }
                if s <= n.span.start && n.span.end <= e {
                    // Removed whole; its later siblings are checked on.
                    continue;
                }
                if !n.content_holds(s, e) {
                    return None;
                }
                cur = child;
                continue 'down;
            }
            break;
        }
        (cur != Tree::DOCUMENT && self.node(cur).kind == NodeKind::Element).then_some(cur)
    }

    /// Carries out a plan from [`Tree::plan_splice`] for the same `range`, after
    /// which the text holds `new_len` bytes there.
    pub(crate) fn apply_splice(
        &mut self,
        plan: SplicePlan,
        range: &std::ops::Range<usize>,
        new_len: usize,
    ) -> Spliced {
        let SplicePlan { parent, fragment } = plan;
        let (s, e) = (range.start as u32, range.end as u32);
        let delta = new_len as i64 - range.len() as i64;
        let mv = |p: &mut u32| *p = (i64::from(*p) + delta) as u32;

        let first = self.nodes.partition_point(|n| n.span.start < s) as u32;
        let removed = self.nodes.partition_point(|n| n.span.start < e) as u32 - first;
        let inserted = fragment.nodes.len() as u32 - 2;
        let first_attr = self.attrs.partition_point(|a| a.span.start < s);
        let removed_attrs = self.attrs.partition_point(|a| a.span.start < e) - first_attr;
        let inserted_attrs = fragment.attrs.len();
        let renum = |id: &mut u32| {
            if *id != NONE && *id >= first + removed {
                *id = *id - removed + inserted;
            }
        };
        let attr_shift = inserted_attrs as i64 - removed_attrs as i64;

        // The parent's first child after the range (old id).
        let next = self
            .children(parent)
            .find(|&c| self.node(c).span.start >= e)
            .map_or(NONE, |c| c.0);

        // Later nodes: moved and renumbered.
        for n in &mut self.nodes[(first + removed) as usize..] {
            n.offsets_mut(mv);
            renum(&mut n.parent);
            renum(&mut n.first_child);
            renum(&mut n.next_sibling);
            if n.kind == NodeKind::Element {
                n.attrs_start = (i64::from(n.attrs_start) + attr_shift) as u32;
            }
        }
        // The parent and its ancestors grow or shrink at their end; their next
        // siblings come later.
        let mut cur = Some(parent);
        while let Some(id) = cur {
            let n = &mut self.nodes[id.0 as usize];
            mv(&mut n.span.end);
            mv(&mut n.end_tag_start);
            renum(&mut n.next_sibling);
            cur = super::link(n.parent);
        }
        let next = if next == NONE {
            NONE
        } else {
            next - removed + inserted
        };

        // The new nodes, from the fragment's ids (2.. below the wrapper) to the tree's.
        let base = i64::from(s) - WRAP_OPEN.len() as i64;
        let at = |p: u32| (i64::from(p) + base) as u32;
        let id_of = |f: u32| {
            if f == NONE {
                NONE
            } else if f == 1 {
                parent.0
            } else {
                first + f - 2
            }
        };
        let depth = self.nodes[parent.0 as usize].depth;
        let mut new_nodes: Vec<Node> = Vec::with_capacity(inserted as usize);
        let mut last_top = None;
        for (i, f) in fragment.nodes[2..].iter().enumerate() {
            let mut n = f.clone();
            n.offsets_mut(|p| *p = at(*p));
            n.depth = f.depth - 1 + depth;
            n.parent = id_of(f.parent);
            n.first_child = id_of(f.first_child);
            n.next_sibling = id_of(f.next_sibling);
            if n.kind == NodeKind::Element {
                n.attrs_start = f.attrs_start + first_attr as u32;
            }
            if f.parent == 1 {
                last_top = Some(i);
            }
            new_nodes.push(n);
        }
        if let Some(i) = last_top {
            new_nodes[i].next_sibling = next;
        }
        let first_new = if inserted > 0 { first } else { next };
        // Link the node before the range (or the parent) to what now follows it.
        let before = self
            .children(parent)
            .take_while(|c| c.0 < first)
            .last()
            .map(|c| c.0);
        match before {
            Some(b) => self.nodes[b as usize].next_sibling = first_new,
            None => self.nodes[parent.0 as usize].first_child = first_new,
        }
        self.nodes
            .splice(first as usize..(first + removed) as usize, new_nodes);

        for a in &mut self.attrs[first_attr + removed_attrs..] {
            a.offsets_mut(mv);
        }
        let new_attrs = fragment.attrs.iter().map(|a| {
            let mut a = *a;
            a.offsets_mut(|p| *p = at(*p));
            a
        });
        self.attrs
            .splice(first_attr..first_attr + removed_attrs, new_attrs);
        if let Some(d) = &mut self.late_decl
            && *d >= e
        {
            mv(d);
        }
        Spliced {
            parent,
            first: NodeId(first),
            removed,
            inserted,
        }
    }
}
