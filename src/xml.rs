//! A lossless XML tree that indexes the source text instead of copying it.
//!
//! Every node records the byte span it came from; the text itself is kept whole
//! by the [`crate::document::Document`]. Whitespace and other character data are
//! not nodes: they are the gaps between the spans of sibling nodes, so nothing is
//! ever re-serialised and an untouched file is written back byte for byte.
//! Element values are decoded on demand ([`Tree::value`]).

mod escape;
mod parse;
mod shift;
mod splice;

pub use escape::{escape_attr, escape_text, unescape};
pub use parse::{MAX_DEPTH, XmlError, XmlErrorKind, parse};
pub use shift::is_plain_text_edit;
pub(crate) use splice::SplicePlan;
pub use splice::Spliced;

/// A half-open byte range into the document text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from two offsets.
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The covered text.
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }

    /// As a `usize` range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Index of a node in its [`Tree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

const NONE: u32 = u32::MAX;

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// The document itself (always node 0); its span is the whole text.
    Document,
    /// `<?xml …?>`.
    Decl,
    /// Any other processing instruction.
    Pi,
    /// `<!-- … -->`.
    Comment,
    /// `<![CDATA[ … ]]>`.
    CData,
    /// `<!DOCTYPE …>` (only ever present in a refused parse; kept for completeness).
    DocType,
    /// An element, self-closing or with an end tag.
    Element,
}

/// One node: spans into the text plus links to its relatives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Kind of node.
    pub kind: NodeKind,
    /// The whole node, from `<` to the final `>`.
    pub span: Span,
    /// Length in bytes of the qualified element name, which always starts just after the `<`
    /// (see [`Node::name`]); [`LONG_NAME`] when it does not fit; 0 for other kinds.
    name_len: u16,
    /// End of the start tag (just after its `>`); for self-closing elements the
    /// end of the node.
    pub start_tag_end: u32,
    /// Start of the end tag `</…>`; equals `span.end` for self-closing elements.
    pub end_tag_start: u32,
    attrs_start: u32,
    attrs_len: u16,
    /// Nesting depth: the root element is 1.
    pub depth: u16,
    parent: u32,
    first_child: u32,
    next_sibling: u32,
}

/// [`Node::name_len`] of a name of 65 535 bytes or more: [`Node::name`] then finds its end.
const LONG_NAME: u16 = u16::MAX;

impl Node {
    /// A node covering `span` with no name, attributes or children yet, below `parent`
    /// (an index, or `NONE`).
    fn bare(kind: NodeKind, span: Span, depth: u16, parent: u32) -> Node {
        Node {
            kind,
            span,
            name_len: 0,
            start_tag_end: span.end,
            end_tag_start: span.end,
            attrs_start: 0,
            attrs_len: 0,
            depth,
            parent,
            first_child: NONE,
            next_sibling: NONE,
        }
    }

    /// The qualified element name (`wcm:foo`, prefix included); empty (`0..0`) for other kinds.
    /// `text` is the document text (only read for names of 64 KiB or more).
    pub fn name(&self, text: &str) -> Span {
        if self.kind != NodeKind::Element {
            return Span::default();
        }
        let start = self.span.start as usize + 1;
        let len = match self.name_len {
            LONG_NAME => text.as_bytes()[start..]
                .iter()
                .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
                .unwrap_or(text.len() - start),
            n => usize::from(n),
        };
        Span::new(start, start + len)
    }

    /// True for `<x/>`.
    pub fn is_self_closing(&self) -> bool {
        self.kind == NodeKind::Element && self.end_tag_start == self.span.end
    }

    /// The content between the start and end tags (empty for self-closing).
    pub fn content(&self) -> Span {
        Span {
            start: self.start_tag_end,
            end: self.end_tag_start,
        }
    }

    /// The start tag's span.
    pub fn start_tag(&self) -> Span {
        Span {
            start: self.span.start,
            end: self.start_tag_end,
        }
    }

    /// Whether the byte range `s..e` lies within this element's content (between its tags).
    fn content_holds(&self, s: u32, e: u32) -> bool {
        self.kind == NodeKind::Element
            && !self.is_self_closing()
            && self.start_tag_end <= s
            && e <= self.end_tag_start
    }

    /// Applies `f` to every text offset the node holds (edits move them all alike).
    fn offsets_mut(&mut self, mut f: impl FnMut(&mut u32)) {
        f(&mut self.span.start);
        f(&mut self.span.end);
        f(&mut self.start_tag_end);
        f(&mut self.end_tag_start);
    }
}

/// One attribute of an element, as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The whole `name="value"` text.
    pub span: Span,
    /// The qualified name.
    pub name: Span,
    /// The raw (still escaped) value, without its quotes.
    pub value: Span,
    /// `b'"'` or `b'\''`.
    pub quote: u8,
}

impl Attr {
    /// Applies `f` to every text offset the attribute holds.
    fn offsets_mut(&mut self, mut f: impl FnMut(&mut u32)) {
        for span in [&mut self.span, &mut self.name, &mut self.value] {
            f(&mut span.start);
            f(&mut span.end);
        }
    }
}

/// The tree of a parsed document. Node 0 is the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    nodes: Vec<Node>,
    attrs: Vec<Attr>,
    /// While parsing: the last child pushed so far under the open element at
    /// each depth (emptied when the parse ends). Nodes do not store their last
    /// child or previous sibling: that keeps a node at 40 bytes (a test holds it there).
    building: Vec<u32>,
    /// Byte offset of an XML declaration found after other content (U004), if any.
    pub late_decl: Option<u32>,
}

impl Tree {
    /// The document node.
    pub const DOCUMENT: NodeId = NodeId(0);

    /// A node by id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Number of nodes, the document included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when only the document node exists.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    /// The parent of a node (none for the document).
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        link(self.node(id).parent)
    }

    /// Children in document order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            tree: self,
            next: self.node(id).first_child,
        }
    }

    /// Element children in document order.
    pub fn elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id)
            .filter(|&c| self.node(c).kind == NodeKind::Element)
    }

    /// Last child, if any (walks the children).
    pub fn last_child(&self, id: NodeId) -> Option<NodeId> {
        self.children(id).last()
    }

    /// Next sibling, if any.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        link(self.node(id).next_sibling)
    }

    /// Previous sibling, if any (walks the parent's children up to `id`).
    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        let parent = self.parent(id)?;
        let mut prev = None;
        for c in self.children(parent) {
            if c == id {
                return prev;
            }
            prev = Some(c);
        }
        None
    }

    /// The root element.
    pub fn root_element(&self) -> Option<NodeId> {
        self.elements(Tree::DOCUMENT).next()
    }

    /// The attributes of an element, in source order.
    pub fn attrs(&self, id: NodeId) -> &[Attr] {
        let n = self.node(id);
        &self.attrs[n.attrs_start as usize..n.attrs_start as usize + n.attrs_len as usize]
    }

    /// The qualified name of an element.
    pub fn name<'t>(&self, text: &'t str, id: NodeId) -> &'t str {
        self.node(id).name(text).of(text)
    }

    /// The local part of an element's name (after any prefix).
    pub fn local_name<'t>(&self, text: &'t str, id: NodeId) -> &'t str {
        split_qname(self.name(text, id)).1
    }

    /// The attribute with this exact qualified name.
    pub fn attr(&self, text: &str, id: NodeId, qname: &str) -> Option<&Attr> {
        self.attrs(id).iter().find(|a| a.name.of(text) == qname)
    }

    /// The decoded value of the attribute with this qualified name.
    pub fn attr_value(&self, text: &str, id: NodeId, qname: &str) -> Option<String> {
        self.attr(text, id, qname)
            .map(|a| unescape(a.value.of(text)).into_owned())
    }

    /// Resolves a namespace prefix (`""` for the default namespace) in scope at `id`.
    pub fn resolve_prefix<'t>(&self, text: &'t str, id: NodeId, prefix: &str) -> Option<&'t str> {
        if prefix == "xml" {
            return Some("http://www.w3.org/XML/1998/namespace");
        }
        let mut cur = Some(id);
        while let Some(n) = cur {
            if self.node(n).kind == NodeKind::Element {
                for a in self.attrs(n) {
                    let name = a.name.of(text);
                    let declared = if prefix.is_empty() {
                        name == "xmlns"
                    } else {
                        name.strip_prefix("xmlns:") == Some(prefix)
                    };
                    if declared {
                        return Some(a.value.of(text));
                    }
                }
            }
            cur = self.parent(n);
        }
        None
    }

    /// The namespace URI of an element's name.
    pub fn namespace<'t>(&self, text: &'t str, id: NodeId) -> Option<&'t str> {
        let (prefix, _) = split_qname(self.name(text, id));
        self.resolve_prefix(text, id, prefix)
    }

    /// A prefix bound to `uri` in scope at `id`, if any (`Some("")` for the default).
    pub fn prefix_for<'t>(&self, text: &'t str, id: NodeId, uri: &str) -> Option<&'t str> {
        let mut cur = Some(id);
        while let Some(n) = cur {
            if self.node(n).kind == NodeKind::Element {
                for a in self.attrs(n) {
                    let name = a.name.of(text);
                    if a.value.of(text) == uri {
                        if name == "xmlns" {
                            return Some("");
                        }
                        if let Some(p) = name.strip_prefix("xmlns:") {
                            // Only if not shadowed closer to `id`.
                            if self.resolve_prefix(text, id, p) == Some(uri) {
                                return Some(p);
                            }
                        }
                    }
                }
            }
            cur = self.parent(n);
        }
        None
    }

    /// The decoded text value of an element: character data with references
    /// resolved, CDATA verbatim, comments and processing instructions skipped,
    /// line ends normalised to `\n` (as an XML processor reports them). Child
    /// elements contribute nothing.
    pub fn value(&self, text: &str, id: NodeId) -> String {
        self.value_cow(text, id).into_owned()
    }

    /// [`Tree::value`], borrowed from the text when nothing needs decoding (no
    /// children, references or carriage returns): the common case.
    pub fn value_cow<'t>(&self, text: &'t str, id: NodeId) -> std::borrow::Cow<'t, str> {
        let node = self.node(id);
        if node.first_child == NONE {
            let raw = node.content().of(text);
            if !has_reference_or_cr(raw) {
                return std::borrow::Cow::Borrowed(raw);
            }
        }
        let mut out = String::with_capacity(node.content().len());
        let mut pos = node.start_tag_end as usize;
        for c in self.children(id) {
            let cn = self.node(c);
            push_chars(&mut out, &text[pos..cn.span.start as usize]);
            if cn.kind == NodeKind::CData {
                let raw = cn.span.of(text);
                let inner = &raw[9..raw.len() - 3];
                out.push_str(&inner.replace("\r\n", "\n").replace('\r', "\n"));
            }
            pos = cn.span.end as usize;
        }
        push_chars(&mut out, &text[pos..node.end_tag_start as usize]);
        std::borrow::Cow::Owned(out)
    }

    /// True when the element has child elements.
    pub fn has_element_children(&self, id: NodeId) -> bool {
        self.elements(id).next().is_some()
    }

    /// A tree holding only the document node of a text of `len` bytes, room reserved for
    /// `capacity` nodes.
    fn with_document(len: usize, capacity: usize) -> Tree {
        let mut tree = Tree::default();
        tree.nodes.reserve(capacity);
        tree.nodes.push(Node {
            start_tag_end: 0,
            ..Node::bare(NodeKind::Document, Span::new(0, len), 0, NONE)
        });
        tree
    }

    /// Builds a tree by hand (used by the parser, in document order).
    fn push(&mut self, kind: NodeKind, span: Span, parent: NodeId, depth: u16) -> NodeId {
        let id = self.nodes.len() as u32;
        let slot = usize::from(depth).saturating_sub(1);
        if self.building.len() < slot + 2 {
            self.building.resize(slot + 2, NONE);
        }
        let prev = self.building[slot];
        self.building[slot] = id;
        // Children pushed from now on at the next depth are this node's.
        self.building[slot + 1] = NONE;
        self.nodes.push(Node::bare(kind, span, depth, parent.0));
        if prev == NONE {
            self.nodes[parent.0 as usize].first_child = id;
        } else {
            self.nodes[prev as usize].next_sibling = id;
        }
        NodeId(id)
    }

    /// Pushes a node whose parent is not known yet (a fragment's top node, depth 0):
    /// left unlinked; the nodes pushed under it at depth 1 are its children.
    fn push_top(&mut self, kind: NodeKind, span: Span) -> NodeId {
        let id = self.nodes.len() as u32;
        if self.building.is_empty() {
            self.building.push(NONE);
        }
        self.building[0] = NONE;
        self.nodes.push(Node::bare(kind, span, 0, NONE));
        NodeId(id)
    }

    /// The last node pushed at depth `depth + 1` (under the open element at `depth`).
    fn last_built(&self, depth: usize) -> Option<u32> {
        self.building.get(depth).copied().filter(|&v| v != NONE)
    }

    /// Records `last` as the last node pushed at depth `depth + 1`, so that the next
    /// node pushed there becomes its next sibling (after nodes were appended whole).
    fn set_last_built(&mut self, depth: usize, last: u32) {
        if self.building.len() < depth + 2 {
            self.building.resize(depth + 2, NONE);
        }
        self.building[depth] = last;
        self.building[depth + 1] = NONE;
    }

    /// Ends building: frees the parser's scratch space.
    fn finish(&mut self) {
        self.building = Vec::new();
    }

    fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.0 as usize]
    }
}

/// Whether character data holds a `&` or a carriage return (so it needs decoding).
fn has_reference_or_cr(raw: &str) -> bool {
    // Short values (an Order, a flag) are looked at directly: cheaper than setting up the
    // vectorised search, which pays off from a few dozen bytes on.
    if raw.len() < 16 {
        return raw.bytes().any(|b| b == b'&' || b == b'\r');
    }
    memchr::memchr2(b'&', b'\r', raw.as_bytes()).is_some()
}

/// Character data as written (no markup inside) decoded: references resolved, line ends
/// normalised to `\n`.
pub(crate) fn decode_chars(raw: &str) -> std::borrow::Cow<'_, str> {
    if !has_reference_or_cr(raw) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    push_chars(&mut out, raw);
    std::borrow::Cow::Owned(out)
}

/// Appends character data decoded: references resolved, `\r\n` and a lone `\r` as `\n`.
fn push_chars(out: &mut String, raw: &str) {
    let mut rest = raw;
    while let Some(i) = memchr::memchr2(b'&', b'\r', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.as_bytes()[0] == b'\r' {
            out.push('\n');
            rest = rest.strip_prefix("\r\n").unwrap_or(&rest[1..]);
            continue;
        }
        rest = escape::push_reference(out, rest);
    }
    out.push_str(rest);
}

fn link(v: u32) -> Option<NodeId> {
    (v != NONE).then_some(NodeId(v))
}

/// Splits `prefix:local` (prefix empty when absent).
pub fn split_qname(q: &str) -> (&str, &str) {
    // Names are short: a plain loop beats a searcher's set-up.
    match q.bytes().position(|b| b == b':') {
        Some(i) => (&q[..i], &q[i + 1..]),
        None => ("", q),
    }
}

/// Iterator over a node's children.
pub struct Children<'a> {
    tree: &'a Tree,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = link(self.next)?;
        self.next = self.tree.node(id).next_sibling;
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_any_length() {
        for len in [1, 65_534, 65_535, 65_536, 70_000] {
            let long = "n".repeat(len);
            for text in [
                format!("<{long} a='1'><{long}/><{long}>x</{long}></{long}>"),
                format!("<r><{long}\t/><{long}\n>x</{long}><!--c--></r>"),
            ] {
                let tree = parse(&text).expect("parses");
                let mut names = 0;
                for i in 0..tree.len() {
                    let n = tree.node(NodeId(i as u32));
                    let name = n.name(&text);
                    if n.kind == NodeKind::Element {
                        assert_eq!(name.start, n.span.start + 1);
                        assert!(name.of(&text) == long || name.of(&text) == "r");
                        names += 1;
                    } else {
                        assert_eq!(name, Span::default());
                    }
                }
                assert_eq!(names, 3);
            }
        }
    }

    #[test]
    fn values_resolve_references_and_cdata() {
        let text =
            "<a x='1' xmlns:w=\"urn:w\"><b>x &amp;&#65; <!--c--><![CDATA[<y>]]>\r\nz</b><w:c/></a>";
        let tree = parse(text).expect("parses");
        let a = tree.root_element().expect("root");
        let b = tree.elements(a).next().expect("b");
        assert_eq!(tree.value(text, b), "x &A <y>\nz");
        // Line ends are normalised before references are resolved (XML 1.0, 2.11):
        // a `&#13;` stays a carriage return.
        let crs = "<a>x&#13;\r\ny\rz&amp;</a>";
        let t2 = parse(crs).expect("parses");
        let a2 = t2.root_element().expect("root");
        assert_eq!(t2.value(crs, a2), "x\r\ny\nz&");
        assert!(matches!(t2.value_cow(crs, a2), std::borrow::Cow::Owned(_)));
        let plain = "<a>just text</a>";
        let t3 = parse(plain).expect("parses");
        let a3 = t3.root_element().expect("root");
        assert!(matches!(
            t3.value_cow(plain, a3),
            std::borrow::Cow::Borrowed("just text")
        ));
        let c = tree.elements(a).nth(1).expect("c");
        assert!(tree.node(c).is_self_closing());
        assert_eq!(tree.local_name(text, c), "c");
        assert_eq!(tree.namespace(text, c), Some("urn:w"));
        assert_eq!(tree.attr_value(text, a, "x").as_deref(), Some("1"));
        assert_eq!(tree.attr(text, a, "x").map(|at| at.quote), Some(b'\''));
        assert_eq!(tree.prefix_for(text, c, "urn:w"), Some("w"));
    }

    #[test]
    fn sibling_links_agree_with_children() {
        let text = "<?xml version='1.0'?><!--a--><r><a><b/><!--c--><d>x<e/>y</d></a><f/>t<g><h/></g></r><!--z-->";
        let tree = parse(text).expect("parses");
        for i in 0..tree.len() {
            let id = NodeId(i as u32);
            let kids: Vec<NodeId> = tree.children(id).collect();
            assert_eq!(tree.last_child(id), kids.last().copied());
            for (k, &c) in kids.iter().enumerate() {
                assert_eq!(tree.parent(c), Some(id));
                assert_eq!(tree.prev_sibling(c), k.checked_sub(1).map(|p| kids[p]));
                assert_eq!(tree.next_sibling(c), kids.get(k + 1).copied());
                assert_eq!(tree.node(c).depth, tree.node(id).depth + 1);
            }
        }
        assert_eq!(std::mem::size_of::<Node>(), 40);
    }
}
