//! Edits that cannot change the tree's shape: text replaced inside one
//! element's character data. For those the tree is kept and only the spans
//! after the edit move, instead of re-parsing the whole document.

use super::escape::{is_xml_char, resolve_reference};
use super::{NodeId, Tree};
use crate::text::shift_runs;

impl Tree {
    /// The element whose character data holds all of `range` (no child node
    /// overlaps it), when there is one: then replacing that range with plain
    /// text keeps the tree's shape.
    pub fn text_owner(&self, range: &std::ops::Range<usize>) -> Option<NodeId> {
        let (s, e) = (range.start as u32, range.end as u32);
        // Nodes are in document order (by start; parsing and splicing keep them
        // so): the deepest node that overlaps the range
        // is the last one that starts before its end, or the first of that
        // one's ancestors that ends after its start. Any ancestor holds it too.
        let last = self.nodes.partition_point(|n| n.span.start < e);
        let mut cur = NodeId(last.checked_sub(1)? as u32);
        while self.node(cur).span.end <= s {
            cur = self.parent(cur)?;
        }
        (cur != Tree::DOCUMENT && self.node(cur).content_holds(s, e)).then_some(cur)
    }

    /// Moves every position after text edits, each of a `range` in its owner's
    /// character data by `delta` bytes, given in document order (ranges in the
    /// text before any of them): a node that starts at or after the end of
    /// edits moves by the sum of their deltas; each owner and its ancestors only
    /// grow or shrink at their end. One pass over the later nodes for all the
    /// edits (a renumbered list makes a few of them, a megabyte apart from the
    /// end of a large file).
    pub(crate) fn shift_text_edits(&mut self, moves: &[(NodeId, std::ops::Range<usize>, i64)]) {
        // Nodes and attributes are stored in document order, so each edit's
        // followers are a run, up to the next edit's followers.
        let bounds: Vec<(u32, i64)> = (moves.iter())
            .map(|(_, r, delta)| (r.end as u32, *delta))
            .collect();
        let mv = |total: i64| move |p: &mut u32| *p = (i64::from(*p) + total) as u32;
        shift_runs(
            &mut self.nodes,
            &bounds,
            |n| n.span.start,
            |n, t| n.offsets_mut(mv(t)),
        );
        shift_runs(
            &mut self.attrs,
            &bounds,
            |a| a.span.start,
            |a, t| a.offsets_mut(mv(t)),
        );
        if let Some(d) = &mut self.late_decl {
            shift_runs(std::slice::from_mut(d), &bounds, |&d| d, |d, t| mv(t)(d));
        }
        for &(owner, _, delta) in moves {
            let mut cur = Some(owner);
            while let Some(id) = cur {
                let n = &mut self.nodes[id.0 as usize];
                mv(delta)(&mut n.span.end);
                mv(delta)(&mut n.end_tag_start);
                cur = self.parent(id);
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Tree::text_owner`] as it was first written: down from the document,
    /// one child at a time.
    fn owner_by_descent(tree: &Tree, s: u32, e: u32) -> Option<NodeId> {
        let mut cur = Tree::DOCUMENT;
        loop {
            let overlapping = tree.children(cur).find(|&c| {
                let n = tree.node(c);
                n.span.end > s && n.span.start < e
            });
            match overlapping {
                Some(c) if tree.node(c).content_holds(s, e) => cur = c,
                Some(_) => return None,
                None => break,
            }
        }
        (cur != Tree::DOCUMENT).then_some(cur)
    }

    #[test]
    fn text_owner_agrees_with_a_walk_down_from_the_document_for_every_range() {
        let docs = [
            "<?xml version='1.0'?>\n<a x='1'>one<b>two<c/>three</b> <!--k--><d><![CDATA[x<y]]></d>\n<e><f><g>deep</g></f>tail</e><?pi z?></a>\n<!--end-->",
            "<a><b/><c></c><d>t</d></a>",
            "<r>\r\n\t<i><o>1</o><p>cmd</p></i>\r\n\t<i><o>2</o></i>\r\n</r>",
            "<a/>",
            "  <!--c-->\n<a>x<b/>y</a>  ",
            "<?pi?><a><b>z</b></a>",
        ];
        for src in docs {
            let tree = crate::xml::parse(src).expect("parses");
            let len = src.len() as u32;
            for s in 0..=len {
                for e in s..=len {
                    let range = s as usize..e as usize;
                    assert_eq!(
                        tree.text_owner(&range),
                        owner_by_descent(&tree, s, e),
                        "{range:?} of {src:?}"
                    );
                }
            }
        }
    }
}
