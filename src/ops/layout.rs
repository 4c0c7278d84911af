//! Where new text goes and what it looks like: the file's own indentation,
//! line ending and quote style, and edits that insert or remove whole elements
//! without disturbing the lines around them.

use crate::document::{Document, Edit};
use crate::xml::{NodeId, NodeKind, Tree, split_qname};

/// The whitespace that starts the line `offset` is on, if only whitespace
/// precedes `offset` on that line.
pub fn line_indent(text: &str, offset: usize) -> Option<&str> {
    // Walk back over blanks only: cost is the indent's length, not the line's.
    let b = text.as_bytes();
    let mut start = offset;
    while start > 0 && matches!(b[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    (start == 0 || b[start - 1] == b'\n').then(|| &text[start..offset])
}

/// True when the line holding `offset` is not the file's first line.
fn line_starts_after_break(text: &str, offset: usize) -> bool {
    let indent = line_indent(text, offset).map_or(0, str::len);
    offset > indent
}

/// One level of indentation as the file writes it (a tab, or N spaces),
/// learned from the first element indented deeper than its parent.
pub fn indent_unit(doc: &Document) -> String {
    let text = doc.text();
    let tree = doc.tree();
    let mut stack = vec![Tree::DOCUMENT];
    while let Some(n) = stack.pop() {
        let parent_indent = match tree.node(n).kind {
            NodeKind::Element => line_indent(text, tree.node(n).span.start as usize),
            _ => Some(""),
        };
        for c in tree.elements(n) {
            if let (Some(p), Some(ci)) = (
                parent_indent,
                line_indent(text, tree.node(c).span.start as usize),
            ) && let Some(unit) = ci.strip_prefix(p)
                && !unit.is_empty()
                && line_starts_after_break(text, tree.node(c).span.start as usize)
            {
                return unit.to_owned();
            }
        }
        let kids: Vec<NodeId> = tree.elements(n).collect();
        stack.extend(kids.into_iter().rev());
        if stack.len() > 64 {
            break;
        }
    }
    "  ".to_owned()
}

/// The quote character most attributes in the file use, judged by the first
/// 64 (it is asked for every fix that writes an attribute, so it stays cheap).
pub fn quote_char(doc: &Document) -> char {
    let tree = doc.tree();
    let quotes = (0..tree.len())
        .flat_map(|i| tree.attrs(NodeId(i as u32)))
        .take(64)
        .map(|a| a.quote);
    let (single, double) = quotes.fold(
        (0, 0),
        |(s, d), q| if q == b'\'' { (s + 1, d) } else { (s, d + 1) },
    );
    if single > double { '\'' } else { '"' }
}

/// Indentation for a new child of `parent`: that of its existing element
/// children, or the parent's own indentation plus one unit.
pub fn child_indent(doc: &Document, parent: NodeId) -> String {
    let text = doc.text();
    let tree = doc.tree();
    for c in tree.elements(parent) {
        if let Some(i) = line_indent(text, tree.node(c).span.start as usize) {
            return i.to_owned();
        }
    }
    let own = if tree.node(parent).kind == NodeKind::Element {
        line_indent(text, tree.node(parent).span.start as usize).unwrap_or("")
    } else {
        ""
    };
    format!("{own}{}", indent_unit(doc))
}

/// A new element's markup as lines, each with its depth relative to the new
/// element (0 for its own tags).
#[derive(Clone, Debug, Default)]
pub struct Markup {
    /// `(relative depth, text)` per line.
    pub lines: Vec<(usize, String)>,
}

impl Markup {
    /// A one-line element.
    pub fn line(text: impl Into<String>) -> Markup {
        Markup {
            lines: vec![(0, text.into())],
        }
    }

    /// Adds a line at a relative depth.
    pub fn push(&mut self, depth: usize, text: impl Into<String>) {
        self.lines.push((depth, text.into()));
    }

    /// Renders with a base indentation (used for every line after the first),
    /// one indentation unit per depth, and a line ending.
    pub fn render(&self, base: &str, unit: &str, eol: &str) -> String {
        let mut out = String::new();
        for (i, (depth, line)) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push_str(eol);
                out.push_str(base);
            }
            for _ in 0..*depth {
                out.push_str(unit);
            }
            out.push_str(line);
        }
        out
    }
}

/// The prefix (with colon) to give new children of `parent` so they stay in
/// its namespace: `""` normally, `"u:"` when the parent is written `u:Name`.
pub fn child_prefix(doc: &Document, parent: NodeId) -> String {
    let (p, _) = split_qname(doc.tree().name(doc.text(), parent));
    if p.is_empty() {
        String::new()
    } else {
        format!("{p}:")
    }
}

/// Edits that insert `markup` as a child of `parent`, after `after` (an
/// existing child) or else after the last element child, or as the first
/// content. Expands a self-closing parent.
pub fn insert_child(
    doc: &Document,
    parent: NodeId,
    after: Option<NodeId>,
    markup: &Markup,
) -> Edit {
    let text = doc.text();
    let tree = doc.tree();
    let eol = doc.line_ending().as_str();
    let unit = indent_unit(doc);
    let ci = child_indent(doc, parent);
    let body = markup.render(&ci, &unit, eol);
    let pnode = tree.node(parent);
    let own_indent = if pnode.kind == NodeKind::Element {
        line_indent(text, pnode.span.start as usize)
            .unwrap_or("")
            .to_owned()
    } else {
        String::new()
    };
    if pnode.kind == NodeKind::Element && pnode.is_self_closing() {
        let tag = pnode.span.of(text);
        let open = tag[..tag.len() - 2].trim_end();
        let name = pnode.name(text).of(text);
        return Edit::replace(
            pnode.span.range(),
            format!("{open}>{eol}{ci}{body}{eol}{own_indent}</{name}>"),
        );
    }
    let anchor = after.or_else(|| tree.elements(parent).last());
    match anchor {
        Some(a) => Edit::insert(tree.node(a).span.end as usize, format!("{eol}{ci}{body}")),
        None => {
            let content = pnode.content();
            let inner = content.of(text);
            if pnode.kind == NodeKind::Element && !inner.contains('\n') && inner.trim().is_empty() {
                Edit::replace(content.range(), format!("{eol}{ci}{body}{eol}{own_indent}"))
            } else {
                Edit::insert(content.start as usize, format!("{eol}{ci}{body}"))
            }
        }
    }
}

/// Edit that removes an element; when it stands alone on its line, the line
/// goes with it.
pub fn remove_node(doc: &Document, node: NodeId) -> Edit {
    let text = doc.text();
    let span = doc.tree().node(node).span;
    let start = span.start as usize;
    let end = span.end as usize;
    let Some(indent) = line_indent(text, start) else {
        return Edit::delete(start..end);
    };
    let line_start = start - indent.len();
    let rest = &text[end..];
    let alone_after = rest
        .trim_start_matches([' ', '\t'])
        .starts_with(['\n', '\r'])
        || rest.trim_start_matches([' ', '\t']).is_empty()
        || rest.trim_start_matches([' ', '\t']).starts_with("</");
    if !alone_after || line_start == 0 {
        return Edit::delete(start..end);
    }
    // Remove the line break before the element too, so the next line keeps its own.
    let mut from = line_start - 1;
    if from > 0 && &text[from - 1..from] == "\r" {
        from -= 1;
    }
    Edit::delete(from..end)
}

/// Edit that sets an element's text content to already-escaped `escaped`,
/// expanding a self-closing element.
pub fn set_content(doc: &Document, node: NodeId, escaped: &str) -> Edit {
    let text = doc.text();
    let n = doc.tree().node(node);
    if n.is_self_closing() {
        let tag = n.span.of(text);
        let open = tag[..tag.len() - 2].trim_end();
        let name = n.name(text).of(text);
        Edit::replace(n.span.range(), format!("{open}>{escaped}</{name}>"))
    } else {
        Edit::replace(n.content().range(), escaped.to_owned())
    }
}
