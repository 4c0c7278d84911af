//! Builds a [`Tree`] from text with quick-xml, adding the well-formedness checks a
//! permissive pull parser leaves out (one root, no stray text, known references,
//! attribute syntax, depth) and refusing DOCTYPEs outright.

use super::escape::{is_xml_char, resolve_reference};

#[cfg(test)]
mod oracle;
use super::{Attr, NodeId, NodeKind, Span, Tree};
use std::fmt;
use std::ops::ControlFlow;
use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
use std::sync::atomic::{AtomicBool, AtomicUsize};

/// Deepest element nesting accepted. Real answer files nest about 10 deep; the
/// limit keeps every later walk of the tree far from any stack limit.
pub const MAX_DEPTH: usize = 256;

/// Why a text is not a well-formed answer-file XML document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    /// Byte offset into the text where the problem was found.
    pub offset: usize,
    /// What is wrong, in plain words.
    pub message: String,
    /// Class of problem.
    pub kind: XmlErrorKind,
}

/// Classes of [`XmlError`], mapping onto lint codes U001 and U002.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlErrorKind {
    /// Not well-formed (U001).
    Syntax,
    /// A DOCTYPE, possibly with entity declarations (U002): refused, never expanded.
    DocType,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for XmlError {}

/// A character XML does not allow, at `offset`.
fn bad_char(offset: usize, c: char) -> XmlError {
    err(
        offset,
        format!(
            "character U+{:04X} is not allowed in XML; remove it",
            c as u32
        ),
    )
}

/// A DOCTYPE at `offset`: refused, never read.
fn doctype(offset: usize) -> XmlError {
    XmlError {
        offset,
        message: "a DOCTYPE is present; answer files never need one and its entity \
                  declarations could expand without bound, so unattui refuses it: \
                  delete the <!DOCTYPE …> declaration"
            .into(),
        kind: XmlErrorKind::DocType,
    }
}

/// A reference to an entity XML does not predefine, at `offset`.
fn unknown_entity(offset: usize, name: &str) -> XmlError {
    err(
        offset,
        format!("unknown entity `&{name};`; write a literal & as `&amp;`"),
    )
}

/// A root element after the first, at `offset`.
fn second_root(offset: usize) -> XmlError {
    err(
        offset,
        "a second root element; an answer file has exactly one <unattend> root",
    )
}

/// An element nested deeper than [`MAX_DEPTH`], at `offset`.
fn too_deep(offset: usize) -> XmlError {
    XmlError {
        offset,
        message: format!(
            "elements nested deeper than {MAX_DEPTH} levels; this is not an answer file"
        ),
        kind: XmlErrorKind::TooDeep,
    }
}

fn err(offset: usize, message: impl Into<String>) -> XmlError {
    XmlError {
        offset,
        message: message.into(),
        kind: XmlErrorKind::Syntax,
    }
}

/// Parses `text` (already decoded, without a byte-order mark).
///
/// One pass over the bytes: character data is skipped with `memchr` up to the
/// next `<` or `&`, and each piece of markup is measured and checked where it
/// stands. quick-xml's element scanner finds the end of start tags (a `>` outside
/// quoted attribute values) and its declaration type reads `<?xml …?>`.
///
/// A large text is scanned in pieces on several cores (see `parse_parallel`);
/// the result is always the one a single pass gives.
pub fn parse(text: &str) -> Result<Tree, XmlError> {
    // (The core count is only asked for large texts: the first ask reads system files.)
    let threads = match text.len() / PARALLEL_PIECE {
        0 | 1 => 1,
        n => n.min(crate::par::cores()).min(8),
    };
    if threads > 1 {
        // The rest after the first part is cut in pieces of about `PART_BYTES` that the
        // threads take in turn.
        let first = first_part_len(text.len(), threads);
        let parts = 1 + ((text.len() - first) / PART_BYTES).clamp(threads - 1, 32);
        if let Some(tree) = parse_parallel(text, threads, parts) {
            return Ok(tree);
        }
    }
    if let Some((i, c)) = first_non_xml_char(text) {
        return Err(bad_char(i, c));
    }
    let mut p = Scanner::whole(text);
    p.run(0, text.len())?;
    p.end_of_file()?;
    Ok(p.finish())
}

/// Texts of at least twice this many bytes are scanned on more than one core.
const PARALLEL_PIECE: usize = 1 << 20;

/// About where [`parse_parallel`]'s first part ends, in a text of `len` bytes scanned on
/// `threads` threads: a little under a thread's share, since the thread that scans it also
/// joins the parts afterwards.
fn first_part_len(len: usize, threads: usize) -> usize {
    len * 9 / (10 * threads.max(1))
}

/// About the size of the pieces after the first part that [`parse_parallel`] hands out.
const PART_BYTES: usize = 512 << 10;

/// Scans `text` in `parts` parts on `threads` threads at once ([`crate::par::in_turn`]).
/// The first part, a little under `1 / threads` of the text, is taken first (by this
/// thread, nearly always) and scanned into the tree that is returned; the others, equal
/// pieces of the rest, are taken in turn by whichever thread is free, so that a thread
/// started late or slowed down leaves the rest to the others instead of being waited for.
///
/// Each part after the first starts at a line that begins with a start tag, assumed to
/// lie in character data; it is scanned without knowing the elements open around it:
/// what nests inside the elements it opens is linked and checked there, and a short list
/// of events records the rest. The parts are then appended to the first part's tree in
/// order, which links their top nodes and checks everything the assumption skipped (end
/// tags closing outer elements, depth, what may stand outside the root). `None` when an
/// assumption or any check fails, or any part has an error: the caller then scans the
/// whole text in one pass, which finds the first error.
fn parse_parallel(text: &str, threads: usize, parts: usize) -> Option<Tree> {
    let len = text.len();
    let first = first_part_len(len, threads);
    let mut cuts = vec![0];
    for k in 0..parts.saturating_sub(1) {
        let at = first + (len - first) * k / (parts - 1);
        let c = cut_near(text.as_bytes(), at)?;
        if c <= *cuts.last()? {
            return None;
        }
        cuts.push(c);
    }
    cuts.push(len);
    // Each part: its characters checked, then scanned up to the next cut.
    let scan = |p: &mut Scanner, from: usize, to: usize| -> Option<()> {
        if first_non_xml_char(&text[from..to]).is_some() {
            return None;
        }
        (p.run(from, to).ok()? == to).then_some(())
    };
    let rest = cuts.len() - 2;
    // How many parts after the first are scanned, and whether one failed (see below).
    let scanned = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    // Part 0 comes first, so this thread (ready before those it starts) nearly always
    // scans it; any thread may, the result is the same.
    let parts = crate::par::in_turn(threads, 0..=rest, |k| {
        let part = if k == 0 {
            let mut p = Scanner::whole(text);
            scan(&mut p, 0, cuts[1]).map(|()| {
                // The other parts hold about as many nodes per byte as this one; their
                // nodes are copied after its own when they are joined. Faulting in that
                // room now, before taking parts, lets the other threads take more of them
                // meanwhile, instead of the join taking the faults while they wait (and
                // once a part failed, the parts are not joined).
                let want = p.tree.nodes.len() * (len - cuts[1]) / cuts[1].max(1);
                let stop = || scanned.load(Acquire) == rest || failed.load(Relaxed);
                fault_in_spare(&mut p.tree.nodes, want + want / 8, stop);
                p
            })
        } else {
            let mut f = Scanner::fragment(text);
            let part = scan(&mut f, cuts[k], cuts[k + 1]).map(|()| f);
            scanned.fetch_add(1, Release);
            part
        };
        // After a part fails the whole text is scanned again in one pass: no more parts
        // are taken.
        match part {
            Some(part) => ControlFlow::Continue(Some((k, part))),
            None => {
                failed.store(true, Relaxed);
                ControlFlow::Break(None)
            }
        }
    });
    // Every part was scanned unless one failed (then a `None` is among them).
    let mut parts: Vec<(usize, Scanner)> = parts.into_iter().collect::<Option<_>>()?;
    debug_assert_eq!(parts.len(), rest + 1);
    parts.sort_unstable_by_key(|&(k, _)| k);
    let mut parts = parts.into_iter().map(|(_, part)| part);
    let mut p = parts.next()?;
    for f in parts {
        p.replay(f)?;
    }
    p.end_of_file().ok()?;
    Some(p.finish())
}

/// Writes one node into each page of the first `want` nodes of `nodes`' spare capacity
/// (growing it first if needed), stopping early once `done`. The other parts' nodes are
/// copied there when they are joined; touching the pages while those parts are still being
/// scanned moves the page faults (one per 4 KiB, costly on some machines) off the
/// critical path. Nothing is added to `nodes`: the writes only fault the pages in.
fn fault_in_spare(nodes: &mut Vec<super::Node>, want: usize, done: impl Fn() -> bool) {
    nodes.reserve(want);
    let per_page = (4096 / std::mem::size_of::<super::Node>()).max(1);
    let filler = super::Node::bare(NodeKind::Document, Span::default(), 0, super::NONE);
    for (k, slot) in nodes.spare_capacity_mut()[..want]
        .iter_mut()
        .step_by(per_page)
        .enumerate()
    {
        if k % 8 == 0 && done() {
            return;
        }
        slot.write(filler.clone());
    }
}

/// A place near `at` where a part can start: just before a start tag that begins a
/// line (after its indentation), within 64 KiB.
fn cut_near(b: &[u8], at: usize) -> Option<usize> {
    let window = &b[at..(at + (64 << 10)).min(b.len())];
    let mut from = 0;
    while let Some(nl) = memchr::memchr(b'\n', &window[from..]) {
        let mut i = from + nl + 1;
        while window.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
            i += 1;
        }
        if window.get(i) == Some(&b'<')
            && window
                .get(i + 1)
                .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
        {
            return Some(at + i);
        }
        from = i;
    }
    None
}

/// What a fragment scan leaves for [`Scanner::replay`] to check and link, in document
/// order (see [`parse_parallel`]). Everything nested inside an element the fragment
/// opened is linked and checked by the fragment scan itself.
#[derive(Clone, Copy, Debug)]
enum Event {
    /// A node (element, comment, PI, CDATA) standing where no element opened in the
    /// fragment is open: its parent is outside the fragment. The nodes after it, up to
    /// the next such node, are its descendants.
    Top(u32),
    /// An end tag closing an element opened before the fragment: its `<` and the
    /// offset after its `>`.
    Close(u32, u32),
    /// Character data that is not only whitespace while no element opened in the
    /// fragment was open: an error if it turns out to be outside the root.
    Text,
}

/// The state of one scan.
struct Scanner<'t> {
    text: &'t str,
    b: &'t [u8],
    tree: Tree,
    /// Open elements, the document at the bottom; in a fragment scan only the elements
    /// the fragment opened (it starts empty).
    stack: Vec<NodeId>,
    root_seen: bool,
    decl_seen: bool,
    /// Something other than whitespace came before (for a late declaration).
    content_seen: bool,
    /// `Some` for a fragment: a part scanned without knowing what is open around it.
    /// Its nodes are linked among themselves, with depths counted from its top nodes;
    /// the events say how those hang from the elements around the fragment.
    events: Option<Vec<Event>>,
}

impl<'t> Scanner<'t> {
    /// A scanner for a text from its start.
    fn whole(text: &'t str) -> Scanner<'t> {
        Scanner {
            text,
            b: text.as_bytes(),
            tree: Tree::with_document(text.len(), text.len() / 64),
            stack: vec![Tree::DOCUMENT],
            root_seen: false,
            decl_seen: false,
            content_seen: false,
            events: None,
        }
    }

    /// A scanner for a part of a text that starts inside the root element.
    fn fragment(text: &'t str) -> Scanner<'t> {
        Scanner {
            text,
            b: text.as_bytes(),
            tree: Tree::default(),
            stack: Vec::new(),
            root_seen: true,
            decl_seen: false,
            content_seen: true,
            events: Some(Vec::new()),
        }
    }

    fn finish(self) -> Tree {
        let mut tree = self.tree;
        tree.finish();
        tree
    }

    /// Scans from `from` until the markup at `to` (or the end of the text):
    /// returns where it stopped, which is past `to` when `to` lies inside markup.
    fn run(&mut self, from: usize, to: usize) -> Result<usize, XmlError> {
        let len = self.b.len();
        let mut i = from;
        loop {
            let text_start = i;
            // Most character data is the indentation between two tags: whitespace up to
            // the next `<` needs no search and no checks.
            i = skip_whitespace(self.b, i);
            if i < len && self.b[i] != b'<' {
                // Character data up to the next markup, with its references; a `]` is
                // noted for the `]]>` check.
                let mut bracket = false;
                loop {
                    match memchr::memchr3(b'<', b'&', b']', &self.b[i..]) {
                        None => i = len,
                        Some(p) => i += p,
                    }
                    match self.b.get(i) {
                        Some(b'&') => i = self.reference(i)?,
                        Some(b']') => {
                            bracket = true;
                            i += 1;
                        }
                        _ => break,
                    }
                }
                self.char_data(text_start, i, bracket)?;
            }
            if i >= to {
                return Ok(i);
            }
            i = match self.b.get(i + 1) {
                Some(b'/') => self.end_tag(i)?,
                Some(b'!') => self.bang(i)?,
                Some(b'?') => self.question(i)?,
                _ => self.start_tag(i)?,
            };
        }
    }

    /// Appends a fragment's nodes to this scan, which ended where the fragment starts,
    /// linking its top nodes under the elements open here and making the checks the
    /// fragment could not make (end tags of elements opened before it, what stands
    /// outside the root, depth). `None` when one fails.
    fn replay(&mut self, f: Scanner<'_>) -> Option<()> {
        let base = u32::try_from(self.tree.nodes.len()).ok()?;
        let base_attrs = u32::try_from(self.tree.attrs.len()).ok()?;
        self.tree.attrs.extend_from_slice(&f.tree.attrs);
        self.tree.nodes.reserve(f.tree.nodes.len());
        let shift = |v: u32| if v == super::NONE { v } else { v + base };
        let nodes = &f.tree.nodes;
        // Where the descendants of the last top node not yet appended start, and the
        // depth here of that top node.
        let mut from = 0usize;
        let mut top_depth = 0usize;
        for ev in f.events? {
            match ev {
                Event::Top(i) => {
                    append_below(
                        &mut self.tree,
                        &nodes[from..i as usize],
                        top_depth,
                        base,
                        base_attrs,
                    )?;
                    let n = &nodes[i as usize];
                    if self.at_top() && matches!(n.kind, NodeKind::Element | NodeKind::CData) {
                        return None;
                    }
                    top_depth = self.depth();
                    if n.kind == NodeKind::Element && top_depth > MAX_DEPTH {
                        return None;
                    }
                    let id = self
                        .tree
                        .push(n.kind, n.span, self.parent(), top_depth as u16);
                    debug_assert_eq!(id.0, base + i);
                    let new = self.tree.node_mut(id);
                    new.name_len = n.name_len;
                    if n.kind == NodeKind::Element {
                        new.attrs_start = n.attrs_start + base_attrs;
                        new.attrs_len = n.attrs_len;
                    }
                    new.start_tag_end = n.start_tag_end;
                    new.end_tag_start = n.end_tag_start;
                    new.first_child = shift(n.first_child);
                    from = i as usize + 1;
                }
                Event::Close(at, end) => {
                    self.end_tag(at as usize)
                        .ok()
                        .filter(|&e| e == end as usize)?;
                }
                Event::Text => {
                    if self.at_top() {
                        return None;
                    }
                }
            }
        }
        append_below(&mut self.tree, &nodes[from..], top_depth, base, base_attrs)?;
        // Elements the fragment left open stay open here; the last child pushed under
        // each is where the next one links.
        for (k, &open) in f.stack.iter().enumerate() {
            let id = NodeId(open.0 + base);
            let depth = usize::from(self.tree.node(id).depth);
            self.stack.push(id);
            let last = f.tree.last_built(k).map_or(super::NONE, |c| c + base);
            self.tree.set_last_built(depth, last);
        }
        Some(())
    }

    fn parent(&self) -> NodeId {
        *self.stack.last().unwrap_or(&Tree::DOCUMENT)
    }

    fn depth(&self) -> usize {
        self.stack.len()
    }

    /// Outside the root element (never known in a fragment: its events carry
    /// what [`Scanner::replay`] checks).
    fn at_top(&self) -> bool {
        self.events.is_none() && self.stack.len() == 1
    }

    /// The innermost open element, if any (in a fragment: opened in the fragment).
    fn open_element(&self) -> Option<NodeId> {
        let own = if self.events.is_some() { 0 } else { 1 };
        self.stack.get(own..)?.last().copied()
    }

    fn push(&mut self, kind: NodeKind, start: usize, end: usize) -> NodeId {
        let span = Span::new(start, end);
        if let Some(events) = &mut self.events {
            let Some(&parent) = self.stack.last() else {
                // Its parent is outside the fragment: linked when replayed.
                let id = self.tree.push_top(kind, span);
                events.push(Event::Top(id.0));
                return id;
            };
            // Depths in a fragment count from its top nodes (depth 0).
            return self.tree.push(kind, span, parent, self.stack.len() as u16);
        }
        let (parent, depth) = (self.parent(), self.depth() as u16);
        self.tree.push(kind, span, parent, depth)
    }

    /// `&…;` at `at`: returns the offset after the `;`.
    fn reference(&self, at: usize) -> Result<usize, XmlError> {
        let name_start = at + 1;
        let name_len = self.b[name_start..]
            .iter()
            .position(|&c| {
                !(c.is_ascii_alphanumeric() || matches!(c, b'#' | b'_' | b'.' | b'-' | b':'))
            })
            .unwrap_or(self.b.len() - name_start);
        let name_end = name_start + name_len;
        if self.b.get(name_end) != Some(&b';') {
            return Err(err(
                at,
                "a bare `&` (write `&amp;` for a literal ampersand)",
            ));
        }
        if self.at_top() {
            return Err(err(at, "a reference outside the root element"));
        }
        let name = &self.text[name_start..name_end];
        if resolve_reference(name).is_none() {
            return Err(unknown_entity(at, name));
        }
        Ok(name_end + 1)
    }

    /// Character data from `start` to `end` (references already checked; `bracket` when
    /// it holds a `]`). Not called for whitespace only, which is always allowed.
    fn char_data(&mut self, start: usize, end: usize, bracket: bool) -> Result<(), XmlError> {
        let data = &self.b[start..end];
        if let Some(events) = &mut self.events
            && self.stack.is_empty()
            && data.iter().any(|b| !b.is_ascii_whitespace())
        {
            events.push(Event::Text);
        }
        if self.at_top() {
            if let Some(i) = data.iter().position(|b| !b.is_ascii_whitespace()) {
                return Err(err(start + i, "text outside the root element"));
            }
            return Ok(());
        }
        let mut from = 0;
        if !bracket {
            return Ok(());
        }
        while let Some(p) = memchr::memchr(b']', &data[from..]) {
            let at = from + p;
            if data[at..].starts_with(b"]]>") {
                return Err(err(start + at, "`]]>` in text must be written `]]&gt;`"));
            }
            from = at + 1;
        }
        Ok(())
    }

    fn end_of_file(&self) -> Result<(), XmlError> {
        if let Some(&open) = self.stack.last().filter(|_| self.stack.len() > 1) {
            let n = self.tree.node(open);
            let name = n.name(self.text).of(self.text);
            return Err(err(
                n.span.start as usize,
                format!("the file ends before <{name}> is closed (truncated?)"),
            ));
        }
        if !self.root_seen {
            return Err(err(
                self.b.len(),
                "no root element; an answer file starts with <unattend>",
            ));
        }
        Ok(())
    }

    /// `</name>` at `at`.
    fn end_tag(&mut self, at: usize) -> Result<usize, XmlError> {
        // Usually `</` + the open element's name + `>`: checked in place, no search.
        if let Some(open) = self.open_element() {
            let name = self.tree.node(open).name(self.text);
            let end = at + 2 + name.len();
            if self.b.get(end) == Some(&b'>')
                && self.b[at + 2..end] == *name.of(self.text).as_bytes()
            {
                self.stack.pop();
                let n = self.tree.node_mut(open);
                n.end_tag_start = at as u32;
                n.span.end = (end + 1) as u32;
                return Ok(end + 1);
            }
        }
        let gt = memchr::memchr(b'>', &self.b[at..])
            .map(|p| at + p)
            .ok_or_else(|| err(at, "a tag is not closed with `>`"))?;
        let content = &self.text[at + 2..gt];
        let name = content.trim_end_matches(|c: char| c.is_ascii_whitespace());
        let Some(open) = self.open_element() else {
            if let Some(events) = &mut self.events {
                // Closes an element opened before the fragment: checked when replayed.
                events.push(Event::Close(at as u32, (gt + 1) as u32));
                return Ok(gt + 1);
            }
            return Err(err(
                at,
                format!("end tag </{name}> has no matching start tag"),
            ));
        };
        let expected = self.tree.node(open).name(self.text).of(self.text);
        if name != expected {
            return Err(err(
                at,
                format!("end tag </{name}> does not match the open element <{expected}>"),
            ));
        }
        self.stack.pop();
        let n = self.tree.node_mut(open);
        n.end_tag_start = at as u32;
        n.span.end = (gt + 1) as u32;
        Ok(gt + 1)
    }

    /// `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE …>` at `at`.
    fn bang(&mut self, at: usize) -> Result<usize, XmlError> {
        let rest = &self.b[at..];
        if rest.starts_with(b"<!--") {
            let body = at + 4;
            let close = memchr::memmem::find(&self.b[body..], b"-->")
                .map(|p| body + p)
                .ok_or_else(|| err(at, "a comment is not closed with `-->`"))?;
            let inner = &self.b[body..close];
            let mut from = 0;
            while let Some(p) = memchr::memchr(b'-', &inner[from..]) {
                let h = from + p;
                // `--` inside, or a `-` just before the closing `-->`.
                if h + 1 >= inner.len() || inner[h + 1] == b'-' {
                    return Err(err(body + h, "`--` inside a comment"));
                }
                from = h + 1;
            }
            self.content_seen = true;
            self.push(NodeKind::Comment, at, close + 3);
            return Ok(close + 3);
        }
        if rest.starts_with(b"<![CDATA[") {
            let body = at + 9;
            let close = memchr::memmem::find(&self.b[body..], b"]]>")
                .map(|p| body + p)
                .ok_or_else(|| err(at, "a CDATA section is not closed with `]]>`"))?;
            if self.at_top() {
                return Err(err(at, "CDATA outside the root element"));
            }
            self.push(NodeKind::CData, at, close + 3);
            return Ok(close + 3);
        }
        if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            return Err(doctype(at));
        }
        Err(err(
            at,
            "`<!` starts neither a comment `<!--`, a CDATA section `<![CDATA[` nor a DOCTYPE",
        ))
    }

    /// `<?target …?>` at `at`: the XML declaration or a processing instruction.
    fn question(&mut self, at: usize) -> Result<usize, XmlError> {
        let body = at + 2;
        if self.b.get(body) == Some(&b'>') {
            return Err(err(
                at,
                "a processing instruction needs a target name after `<?`",
            ));
        }
        let close = memchr::memmem::find(&self.b[body..], b"?>")
            .map(|p| body + p)
            .ok_or_else(|| err(at, "a processing instruction is not closed with `?>`"))?;
        let end = close + 2;
        let content = &self.text[body..close];
        let is_decl = content.starts_with("xml")
            && content
                .as_bytes()
                .get(3)
                .is_none_or(|c| c.is_ascii_whitespace());
        if is_decl {
            if !self.at_top() || self.root_seen || self.decl_seen {
                return Err(err(
                    at,
                    "an XML declaration can only stand at the very start, once",
                ));
            }
            self.decl_seen = true;
            let decl = quick_xml::events::BytesDecl::from_start(
                quick_xml::events::BytesStart::from_content(content, 3),
            );
            check_decl(&decl).map_err(|m| err(at, m))?;
            if self.content_seen || at != 0 {
                self.tree.late_decl = Some(at as u32);
            }
            self.push(NodeKind::Decl, at, end);
            return Ok(end);
        }
        let target_len = content
            .bytes()
            .position(|c| c.is_ascii_whitespace())
            .unwrap_or(content.len());
        if content[..target_len].eq_ignore_ascii_case("xml") {
            return Err(err(
                at,
                "an XML declaration can only stand at the very start",
            ));
        }
        self.content_seen = true;
        self.push(NodeKind::Pi, at, end);
        Ok(end)
    }

    /// A start tag or empty-element tag at `at`.
    fn start_tag(&mut self, at: usize) -> Result<usize, XmlError> {
        use quick_xml::parser::{ElementParser, Parser};
        // Most tags are a bare name (`<Order>`, `<Path/>`): their end is right after it.
        // Anything else (attributes, whitespace) goes to quick-xml's scanner, which
        // skips `>` inside quoted values.
        let b = self.b;
        let mut j = at + 1;
        while j < b.len() && ASCII_NAME[usize::from(b[j])] != 0 {
            j += 1;
        }
        // A bare name of plain ASCII name characters that starts as a name must: nothing
        // more to check, and no attributes.
        let bare = j > at + 1
            && ASCII_NAME[usize::from(b[at + 1])] == 2
            && matches!(
                (b.get(j), b.get(j + 1)),
                (Some(b'>'), _) | (Some(b'/'), Some(b'>'))
            );
        let gt = if bare {
            if b[j] == b'>' { j } else { j + 1 }
        } else {
            ElementParser::default()
                .feed(&b[at + 1..])
                .map(|p| at + 1 + p)
                .ok_or_else(|| err(at, "a tag is not closed with `>`"))?
        };
        let end = gt + 1;
        let self_closing = self.b[gt - 1] == b'/' && gt - 1 > at;
        let top = self.at_top();
        if top && self.root_seen {
            return Err(second_root(at));
        }
        // (In a fragment the depth is only its own; replaying checks the whole.)
        if self.depth() > MAX_DEPTH {
            return Err(too_deep(at));
        }
        if top {
            self.root_seen = true;
        }
        self.content_seen = true;
        let id = self.push(NodeKind::Element, at, end);
        let attrs_start = self.tree.attrs.len();
        let name = if bare {
            Span::new(at + 1, j)
        } else {
            scan_tag(self.text, at, end, self_closing, &mut self.tree.attrs)?
        };
        let attrs_len = u16::try_from(self.tree.attrs.len() - attrs_start)
            .map_err(|_| err(at, "too many attributes on one element"))?;
        let n = self.tree.node_mut(id);
        // The name starts just after the `<` (`scan_tag`); only its length is kept.
        debug_assert_eq!(name.start as usize, at + 1);
        n.name_len = u16::try_from(name.len()).unwrap_or(super::LONG_NAME);
        n.attrs_start = attrs_start as u32;
        n.attrs_len = attrs_len;
        n.start_tag_end = end as u32;
        n.end_tag_start = if self_closing { end as u32 } else { u32::MAX };
        if !self_closing {
            self.stack.push(id);
        }
        Ok(end)
    }
}

/// Appends a fragment's nodes that descend from a top node at depth `top_depth` here:
/// their links moved by `base`, their depths by `top_depth`. `None` when one is too deep.
fn append_below(
    tree: &mut Tree,
    nodes: &[super::Node],
    top_depth: usize,
    base: u32,
    base_attrs: u32,
) -> Option<()> {
    let shift = |v: u32| if v == super::NONE { v } else { v + base };
    for n in nodes {
        let depth = top_depth + usize::from(n.depth);
        if n.kind == NodeKind::Element && depth > MAX_DEPTH {
            return None;
        }
        let mut n = n.clone();
        n.depth = depth as u16;
        n.parent = shift(n.parent);
        n.first_child = shift(n.first_child);
        n.next_sibling = shift(n.next_sibling);
        if n.kind == NodeKind::Element {
            n.attrs_start += base_attrs;
        }
        tree.nodes.push(n);
    }
    Some(())
}

/// The offset of the first byte from `i` on that is not XML whitespace. Indentation is
/// mostly runs of spaces, compared eight at a time.
fn skip_whitespace(b: &[u8], mut i: usize) -> usize {
    loop {
        while b.get(i..i + 8) == Some(b"        ") {
            i += 8;
        }
        match b.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
            _ => return i,
        }
    }
}

/// The first character XML does not allow, with its offset. Nearly all of an answer file
/// is printable ASCII, tabs and line ends: blocks of 32 such bytes are skipped with a test
/// the compiler turns into vector instructions; only a block holding something else is
/// looked at character by character.
fn first_non_xml_char(text: &str) -> Option<(usize, char)> {
    const BLOCK: usize = 32;
    let bytes = text.as_bytes();
    // Branch-free on purpose (so that it vectorises): 1 for a byte that is not plain.
    let unusual =
        |b: u8| u8::from((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b >= 0x80));
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + BLOCK)
            && block.iter().fold(0u8, |acc, &b| acc | unusual(b)) == 0
        {
            i += BLOCK;
            continue;
        }
        // Character by character to the end of this block (or of the character that
        // straddles it); `i` is always on a character boundary.
        let end = (i + BLOCK).min(bytes.len());
        while i < end {
            let b = bytes[i];
            if unusual(b) == 0 {
                i += 1;
                continue;
            }
            let c = text[i..].chars().next()?;
            if !is_xml_char(c) {
                return Some((i, c));
            }
            i += c.len_utf8();
        }
    }
    None
}

/// The declaration's own rules: a `version` of 1.x first, a `standalone` of
/// yes or no, nothing else but `encoding`.
fn check_decl(decl: &quick_xml::events::BytesDecl) -> Result<(), String> {
    let version = decl.version().map_err(|_| {
        "the XML declaration has no version (write <?xml version=\"1.0\"?>)".to_owned()
    })?;
    if !version.starts_with("1.")
        || version.len() < 3
        || !version[2..].bytes().all(|b| b.is_ascii_digit())
    {
        return Err(format!("XML version \"{version}\" is not 1.x"));
    }
    if let Some(sa) = decl.standalone() {
        let sa =
            sa.map_err(|_| "the XML declaration's standalone value cannot be read".to_owned())?;
        if sa.as_ref() != "yes" && sa.as_ref() != "no" {
            return Err(format!("standalone=\"{}\" must be yes or no", sa.as_ref()));
        }
    }
    if let Some(enc) = decl.encoding() {
        let enc = enc.map_err(|_| "the XML declaration's encoding cannot be read".to_owned())?;
        let ok = enc
            .as_ref()
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
            && enc
                .as_ref()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        if !ok {
            return Err(format!("\"{}\" is not a valid encoding name", enc.as_ref()));
        }
    }
    Ok(())
}

/// Scans a start tag (`<name a="v" …>` or `…/>`) for its name and attributes with
/// exact spans, checking the attribute syntax quick-xml leaves to its caller.
fn scan_tag(
    text: &str,
    start: usize,
    end: usize,
    self_closing: bool,
    attrs: &mut Vec<Attr>,
) -> Result<Span, XmlError> {
    let first_attr = attrs.len();
    let b = text.as_bytes();
    let inner_end = end - if self_closing { 2 } else { 1 };
    let mut i = start + 1;
    // A name of plain ASCII name characters (nearly all) is measured and checked at once.
    while i < inner_end && ASCII_NAME[usize::from(b[i])] != 0 {
        i += 1;
    }
    let plain = i > start + 1 && ASCII_NAME[usize::from(b[start + 1])] == 2;
    let plain_end = i;
    while i < inner_end && !b[i].is_ascii_whitespace() && b[i] != b'/' {
        i += 1;
    }
    let name = Span::new(start + 1, i);
    if !(plain && i == plain_end) {
        check_name(text, name, "element")?;
    }
    loop {
        let ws = i;
        while i < inner_end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= inner_end {
            break;
        }
        if i == ws {
            return Err(err(i, "attributes must be separated by whitespace"));
        }
        let a_start = i;
        while i < inner_end && ASCII_NAME[usize::from(b[i])] != 0 {
            i += 1;
        }
        let plain = i > a_start && ASCII_NAME[usize::from(b[a_start])] == 2;
        let plain_end = i;
        while i < inner_end && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let a_name = Span::new(a_start, i);
        if !(plain && i == plain_end) {
            check_name(text, a_name, "attribute")?;
        }
        while i < inner_end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= inner_end || b[i] != b'=' {
            return Err(err(
                a_start,
                format!("attribute `{}` has no value", a_name.of(text)),
            ));
        }
        i += 1;
        while i < inner_end && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = b.get(i).copied().unwrap_or(0);
        if i >= inner_end || (quote != b'"' && quote != b'\'') {
            return Err(err(
                i,
                format!("the value of `{}` must be quoted", a_name.of(text)),
            ));
        }
        let v_start = i + 1;
        let v_end = memchr::memchr(quote, &b[v_start..inner_end])
            .map(|p| v_start + p)
            .ok_or_else(|| err(v_start, "an attribute value is not closed"))?;
        let value = Span::new(v_start, v_end);
        check_attr_value(text, value)?;
        let a_name_str = a_name.of(text);
        if attrs[first_attr..]
            .iter()
            .any(|a| a.name.of(text) == a_name_str)
        {
            return Err(err(
                a_start,
                format!("attribute `{a_name_str}` appears twice"),
            ));
        }
        i = v_end + 1;
        attrs.push(Attr {
            span: Span::new(a_start, i),
            name: a_name,
            value,
            quote,
        });
    }
    Ok(name)
}

fn check_name(text: &str, name: Span, what: &str) -> Result<(), XmlError> {
    let s = name.of(text);
    // Nearly every name is plain ASCII: letters, digits, `_`, `:`, `-`, `.`.
    let bytes = s.as_bytes();
    if bytes
        .first()
        .is_some_and(|&c| ASCII_NAME[usize::from(c)] == 2)
        && bytes.iter().all(|&c| ASCII_NAME[usize::from(c)] != 0)
    {
        return Ok(());
    }
    let mut chars = s.chars();
    let ok_first = chars.next().is_some_and(name_start_char);
    let ok_rest = chars.all(|c| {
        name_start_char(c)
            || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
    });
    if ok_first && ok_rest {
        Ok(())
    } else {
        Err(err(
            name.start as usize,
            format!("`{s}` is not a valid {what} name"),
        ))
    }
}

/// For each byte: 2 if it is an ASCII `NameStartChar`, 1 if it is another ASCII
/// `NameChar`, 0 otherwise (including every byte of a multi-byte character).
static ASCII_NAME: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() || c == b'_' || c == b':' {
            2
        } else if c.is_ascii_digit() || c == b'-' || c == b'.' {
            1
        } else {
            0
        };
        b += 1;
    }
    t
};

/// XML 1.0 (fifth edition) `NameStartChar`.
fn name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}'
        | '\u{F8}'..='\u{2FF}' | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

fn check_attr_value(text: &str, value: Span) -> Result<(), XmlError> {
    let s = value.of(text);
    if memchr::memchr2(b'<', b'&', s.as_bytes()).is_none() {
        return Ok(());
    }
    if let Some(p) = s.find('<') {
        return Err(err(
            value.start as usize + p,
            "`<` inside an attribute value must be written `&lt;`",
        ));
    }
    let mut from = 0;
    while let Some(p) = s[from..].find('&') {
        let at = from + p;
        let ok = s[at..]
            .find(';')
            .is_some_and(|e| resolve_reference(&s[at + 1..at + e]).is_some());
        if !ok {
            return Err(err(
                value.start as usize + at,
                "a bare or unknown `&` reference in an attribute value (write `&amp;`)",
            ));
        }
        from = at + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The block-wise search finds what a character-by-character one finds, wherever the
    /// character stands relative to the 32-byte blocks, beside multi-byte characters.
    #[test]
    fn first_non_xml_char_agrees_with_a_plain_search() {
        let naive = |t: &str| {
            t.char_indices()
                .find(|&(_, c)| !crate::xml::escape::is_xml_char(c))
        };
        let filler = "ab\tc\r\né<x y=\"1\"/>€ 𝄞 \n";
        for bad in ['\u{1}', '\u{1f}', '\u{0}', '\u{fffe}', '\u{ffff}'] {
            for at in 0..80 {
                let mut t: String = filler.repeat(6);
                let cut = (0..=at.min(t.len()))
                    .rev()
                    .find(|&k| t.is_char_boundary(k))
                    .unwrap_or(0);
                t.insert(cut, bad);
                assert_eq!(first_non_xml_char(&t), naive(&t), "{bad:?} at {cut}");
            }
        }
        let clean = filler.repeat(10);
        assert_eq!(first_non_xml_char(&clean), None);
    }

    fn fails(text: &str) -> XmlError {
        match parse(text) {
            Ok(_) => panic!("parsed but should not: {text}"),
            Err(e) => e,
        }
    }

    #[test]
    fn spans_cover_the_source() {
        let text = "<?xml version=\"1.0\"?>\n<!--c-->\n<a b = 'x'>\n  <c>v</c><d/>\n</a>\n";
        let tree = parse(text).expect("parses");
        let a = tree.root_element().expect("root");
        assert_eq!(
            tree.node(a).span.of(text),
            "<a b = 'x'>\n  <c>v</c><d/>\n</a>"
        );
        assert_eq!(tree.attrs(a)[0].span.of(text), "b = 'x'");
        let kids: Vec<_> = tree.elements(a).collect();
        assert_eq!(tree.node(kids[0]).content().of(text), "v");
        assert_eq!(tree.node(kids[1]).span.of(text), "<d/>");
        assert_eq!(tree.late_decl, None);
        assert_eq!(tree.children(Tree::DOCUMENT).count(), 3);
    }

    #[test]
    fn refuses_what_is_not_well_formed() {
        assert!(fails("<a><b></a>").message.contains("does not match"));
        assert!(fails("<a>x & y</a>").message.contains("&"));
        assert!(fails("<a>&foo;</a>").message.contains("unknown entity"));
        assert!(fails("<a x='1'y='2'/>").message.contains("whitespace"));
        assert!(fails("<a x='1' x='2'/>").message.contains("twice"));
        assert!(fails("<a x='<'/>").message.contains("<"));
        assert!(fails("<a/><b/>").message.contains("second root"));
        assert!(fails("<a/>text").message.contains("outside"));
        assert!(fails("<a><b>").message.contains("<b> is closed"));
        assert!(fails("").message.contains("no root"));
        assert!(fails("<a>\u{1b}[31m</a>").message.contains("U+001B"));
        let d = fails("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>");
        assert_eq!(d.kind, XmlErrorKind::DocType);
    }

    #[test]
    fn finds_the_first_character_xml_does_not_allow() {
        let long = "abcdefghijklmnopqrstuvwxyz".repeat(3);
        for text in [
            String::new(),
            long.clone(),
            format!("{long}\u{1b}x"),
            format!("é€{long}\u{fffe}"),
            format!("\t\r\n{long}\u{0}"),
            format!("{long}𝄞\u{7f}\u{85}"),
        ] {
            let expected = text.char_indices().find(|&(_, c)| !is_xml_char(c));
            assert_eq!(first_non_xml_char(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_recursion() {
        let text = "<a>".repeat(100_000);
        assert_eq!(fails(&text).kind, XmlErrorKind::TooDeep);
    }

    #[test]
    fn checks_the_declaration() {
        assert!(
            fails("<!--c--><?xml version=\"1.0\"?><?xml version=\"1.0\"?><a/>")
                .message
                .contains("once")
        );
        assert!(fails("<?xml foo?><a/>").message.contains("version"));
        assert!(
            fails("<?xml version=\"2.0\"?><a/>")
                .message
                .contains("not 1.x")
        );
        assert!(
            fails("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>")
                .message
                .contains("yes or no")
        );
        assert!(parse("<?xml version='1.0' encoding='utf-8' standalone='yes'?><a/>").is_ok());
        assert!(fails("<a×/>").message.contains("not a valid element name"));
        assert!(parse("<Ünïcødé·x/>").is_ok());
    }

    #[test]
    fn notes_a_late_declaration() {
        let text = "<!-- generated -->\n<?xml version=\"1.0\"?><a/>";
        let tree = parse(text).expect("loads anyway");
        assert_eq!(tree.late_decl, Some(19));
    }
}
