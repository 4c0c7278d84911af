//! Edits that cannot change the tree's shape: text replaced inside one
//! element's character data. For those the tree is kept and only the spans
//! after the edit move, instead of re-parsing the whole document.

use super::escape::{is_xml_char, resolve_reference};
use super::{NodeId, Tree};

impl Tree {
    /// The element whose character data holds all of `range` (no child node
    /// overlaps it), when there is one: then replacing that range with plain
    /// text keeps the tree's shape.
    pub fn text_owner(&self, range: &std::ops::Range<usize>) -> Option<NodeId> {
        let (s, e) = (range.start as u32, range.end as u32);
        let mut cur = Tree::DOCUMENT;
        loop {
            let mut inner = None;
            for child in self.children(cur) {
                let n = self.node(child);
                if n.span.end <= s {
                    continue;
                }
                if n.span.start >= e {
                    break;
                }
                // This child overlaps the range: fine only when the range lies
                // within its character content.
                if !n.content_holds(s, e) {
                    return None;
                }
                inner = Some(child);
                break;
            }
            match inner {
                Some(c) => cur = c,
                None => break,
            }
        }
        (cur != Tree::DOCUMENT).then_some(cur)
    }

    /// Moves every position after an edit of `range` (in `owner`'s character
    /// data) by `delta` bytes: nodes that start at or after the edit move
    /// whole; `owner` and its ancestors only grow or shrink at their end.
    pub(crate) fn shift_text_edit(
        &mut self,
        owner: NodeId,
        range: &std::ops::Range<usize>,
        delta: i64,
    ) {
        let e = range.end as u32;
        let mv = |p: &mut u32| *p = (i64::from(*p) + delta) as u32;
        // Nodes are stored in document order, so those that move are a suffix.
        let first_after = self.nodes.partition_point(|n| n.span.start < e);
        for n in &mut self.nodes[first_after..] {
            n.offsets_mut(mv);
        }
        let mut cur = Some(owner);
        while let Some(id) = cur {
            let n = &mut self.nodes[id.0 as usize];
            mv(&mut n.span.end);
            mv(&mut n.end_tag_start);
            cur = self.parent(id);
        }
        let first_attr = self.attrs.partition_point(|a| a.span.start < e);
        for a in &mut self.attrs[first_attr..] {
            a.offsets_mut(mv);
        }
        if let Some(d) = &mut self.late_decl
            && *d >= e
        {
            mv(d);
        }
    }
}

/// True when `new` may replace `old` (the text at `range` of `text`) without
/// any chance of changing the markup: neither holds `<` or `>`, every `&` in
/// `new` starts a complete known reference, no reference is cut by the range,
/// and `new` holds only characters XML allows.
pub fn is_plain_text_edit(text: &str, range: &std::ops::Range<usize>, new: &str) -> bool {
    let old = &text[range.clone()];
    if old.contains(['<', '>']) || new.contains(['<', '>']) || !new.chars().all(is_xml_char) {
        return false;
    }
    if !references_complete(new) || !references_complete(old) {
        return false;
    }
    // A reference that starts before the range must end before it.
    let mut from = range.start.saturating_sub(12);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..range.start];
    if let Some(amp) = before.rfind('&')
        && !before[amp..].contains(';')
    {
        return false;
    }
    // No `]]>` formed across either boundary.
    // `]` is one byte, so two bytes either side are enough; step to char boundaries.
    let mut tail_end = (range.end + 2).min(text.len());
    while !text.is_char_boundary(tail_end) {
        tail_end += 1;
    }
    let mut head_start = range.start.saturating_sub(2);
    while !text.is_char_boundary(head_start) {
        head_start -= 1;
    }
    let tail = &text[range.end..tail_end];
    let head = &text[head_start..range.start];
    let joined = format!("{head}{new}{tail}");
    !joined.contains("]]>")
}

fn references_complete(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        let after = &rest[i + 1..];
        let Some(end) = after.find(';') else {
            return false;
        };
        if resolve_reference(&after[..end]).is_none() {
            return false;
        }
        rest = &after[end + 1..];
    }
    true
}
