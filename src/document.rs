//! A loaded answer file: its exact text, the encoding to write it back in, and
//! the lossless tree over that text. All changes go through [`Document::apply`],
//! which splices text and re-indexes, so the tree can never disagree with the
//! bytes that will be saved.

use crate::text::{self, DecodeError, Decoded, Encoding, LineCol, LineEnding, LineIndex};
use crate::xml::{self, NodeId, Spliced, Tree, XmlError, XmlErrorKind};
use std::fmt;
use std::sync::OnceLock;

/// One text replacement: the bytes in `range` (of the text before the change)
/// become `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Byte range replaced.
    pub range: std::ops::Range<usize>,
    /// Replacement text (already escaped XML).
    pub text: String,
}

impl Edit {
    /// Inserts `text` at `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            range: at..at,
            text: text.into(),
        }
    }

    /// Replaces `range` with `text`.
    pub fn replace(range: std::ops::Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            range,
            text: text.into(),
        }
    }

    /// Deletes `range`.
    pub fn delete(range: std::ops::Range<usize>) -> Edit {
        Edit {
            range,
            text: String::new(),
        }
    }
}

/// Why a file could not be loaded, with where and the decoded text when there
/// was one (the editor's repair view opens it).
#[derive(Clone, Debug)]
pub struct LoadError {
    /// What went wrong.
    pub kind: LoadErrorKind,
    /// Plain-words message.
    pub message: String,
    /// Where (1-based line and character column), when known.
    pub at: Option<LineCol>,
    /// The offending line, when known.
    pub line_text: Option<String>,
    /// The decoded text, when decoding worked but the XML did not.
    pub decoded: Option<Decoded>,
}

/// Classes of load failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// Not text, or not in an encoding we read.
    Decode,
    /// Not well-formed XML (U001).
    Syntax,
    /// A DOCTYPE (U002).
    DocType,
    /// Nested too deep.
    TooDeep,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => write!(f, "{}:{}: {}", at.line, at.column, self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// A loaded, well-formed document.
#[derive(Clone, Debug)]
pub struct Document {
    text: String,
    encoding: Encoding,
    tree: Tree,
    /// Built on first use: checking a clean file never needs it.
    lines: OnceLock<LineIndex>,
    /// Line breaks by kind (`\n` alone, `\r\n`), counted on first use and
    /// kept up to date by edits: every new element asks for the line ending.
    breaks: OnceLock<(usize, usize)>,
    /// Incremented on every applied change; lets views cache safely.
    revision: u64,
    /// After an [`Document::apply`] that only replaced character data: the
    /// elements whose text changed (the tree's shape is unchanged).
    text_only: Option<Vec<NodeId>>,
    /// After an [`Document::apply`] that added or removed whole elements in
    /// place: how the node ids moved.
    spliced: Option<Spliced>,
    /// When an edit moves at least this many bytes of text after it, the text
    /// and the nodes are moved on two threads ([`BESIDE_FROM`]; tests lower it).
    beside_from: usize,
}

/// How much text after an edit must move for the edit to move the text on this
/// thread and the tree on the helper thread ([`crate::par::beside`]). Below it
/// the moves take less than handing the work over (about 15 µs).
const BESIDE_FROM: usize = 1 << 20;

impl Document {
    /// Decodes and parses file bytes.
    pub fn load(bytes: &[u8]) -> Result<Document, LoadError> {
        let decoded = text::decode(bytes).map_err(|e| decode_error(bytes, e))?;
        Document::from_decoded(decoded)
    }

    /// [`Document::load`] taking the bytes: a UTF-8 file becomes the document
    /// text in place, so the file is never in memory twice.
    pub fn load_owned(bytes: Vec<u8>) -> Result<Document, LoadError> {
        // NUL bytes are left to the parser (see `from_decoded`).
        match text::decode_owned_for_parser(bytes) {
            Ok(decoded) => Document::from_decoded(decoded),
            Err((e, bytes)) => Err(decode_error(&bytes, e)),
        }
    }

    /// Parses already-decoded text.
    pub fn from_decoded(decoded: Decoded) -> Result<Document, LoadError> {
        match xml::parse(&decoded.text) {
            Ok(tree) => Ok(Document {
                lines: OnceLock::new(),
                breaks: OnceLock::new(),
                text: decoded.text,
                encoding: decoded.encoding,
                tree,
                revision: 0,
                text_only: None,
                spliced: None,
                beside_from: BESIDE_FROM,
            }),
            // A text with a NUL (which the parser refuses) gets the error decoding gives it.
            Err(e) => Err(match text::nul_error(&decoded) {
                Some(nul) => decode_error(&[], nul),
                None => xml_error(e, decoded),
            }),
        }
    }

    /// The document text (what will be saved, before encoding).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The tree over [`Document::text`].
    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    /// The encoding the file was read in and will be written in.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// Changes the encoding used on save (the U003 fix).
    pub fn set_encoding(&mut self, encoding: Encoding) {
        self.encoding = encoding;
        self.revision += 1;
    }

    /// The line-ending style, used for new lines.
    pub fn line_ending(&self) -> LineEnding {
        let (lf, crlf) = *self
            .breaks
            .get_or_init(|| text::break_counts(self.text.as_bytes(), 0..self.text.len()));
        LineEnding::from_counts(lf, crlf)
    }

    /// The line index of the current text.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines().line_col(&self.text, offset)
    }

    /// Increases with every change.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The bytes to write: the text in the original encoding, BOM included.
    pub fn to_bytes(&self) -> Vec<u8> {
        text::encode(&self.text, self.encoding)
    }

    /// [`Document::to_bytes`] into `out`, reusing its buffer.
    pub fn write_bytes(&self, out: &mut Vec<u8>) {
        text::encode_into(&self.text, self.encoding, out)
    }

    /// Applies non-overlapping edits (offsets into the current text) and
    /// re-indexes. Returns the edits that undo them. If the result would not be
    /// well-formed, nothing changes and the parse error is returned.
    ///
    /// A panic inside (a bug) can leave the document half changed, its tree
    /// possibly on the helper thread that panicked: drop it then, as the editor
    /// does (it saves the last published snapshot instead).
    pub fn apply(&mut self, edits: &[Edit]) -> Result<Vec<Edit>, XmlError> {
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.range.start, e.range.end));
        for w in sorted.windows(2) {
            if w[0].range.end > w[1].range.start {
                return Err(XmlError {
                    offset: w[1].range.start,
                    message: "internal error: overlapping edits".into(),
                    kind: XmlErrorKind::Syntax,
                });
            }
        }
        self.spliced = None;
        if let Some(owners) = self.plain_text_owners(&sorted) {
            return Ok(self.apply_in_place(&sorted, &owners));
        }
        self.text_only = None;
        if let [e] = sorted.as_slice()
            && let Some(plan) = self.tree.plan_splice(&self.text, &e.range, &e.text)
        {
            return Ok(self.apply_splice(e, plan));
        }
        // Headroom for in-place edits that grow the text: without it the first
        // one after a re-parse copies the whole text to a larger buffer (about
        // 6 ms for 10 MB in the middle of a keystroke).
        let mut new_text = String::with_capacity(self.text.len() + self.text.len() / 32 + 64);
        let mut inverse = Vec::with_capacity(sorted.len());
        let mut pos = 0;
        for e in &sorted {
            new_text.push_str(&self.text[pos..e.range.start]);
            let at = new_text.len();
            new_text.push_str(&e.text);
            inverse.push(Edit::replace(
                at..new_text.len(),
                &self.text[e.range.clone()],
            ));
            pos = e.range.end;
        }
        new_text.push_str(&self.text[pos..]);
        let tree = xml::parse(&new_text)?;
        self.lines = OnceLock::new();
        self.breaks = OnceLock::new();
        self.text = new_text;
        self.tree = tree;
        self.revision += 1;
        Ok(inverse)
    }
}

impl Document {
    /// True when these edits would apply in place (text inside elements only),
    /// without re-parsing the document.
    pub fn applies_in_place(&self, edits: &[Edit]) -> bool {
        let mut refs: Vec<&Edit> = edits.iter().collect();
        refs.sort_by_key(|e| (e.range.start, e.range.end));
        self.plain_text_owners(&refs).is_some()
    }

    /// When the last [`Document::apply`] added or removed whole elements
    /// inside one element without re-parsing: how the node ids moved.
    pub fn spliced(&self) -> Option<Spliced> {
        self.spliced
    }

    /// Sets the revision back after a change was taken back exactly (previews).
    pub(crate) fn restore_revision(&mut self, revision: u64) {
        self.revision = revision;
    }

    /// When the last [`Document::apply`] only replaced text inside elements:
    /// those elements. Node ids of the tree did not change.
    pub fn text_only_change(&self) -> Option<&[NodeId]> {
        self.text_only.as_deref()
    }

    /// The element owning each edit, when every edit only replaces plain text
    /// inside one element's character data.
    fn plain_text_owners(&self, edits: &[&Edit]) -> Option<Vec<NodeId>> {
        // Each edit is judged against the old text around it; edits this close
        // could together form what neither forms alone (`]]>`): re-parse then.
        if edits
            .windows(2)
            .any(|w| w[1].range.start < w[0].range.end + 3)
        {
            return None;
        }
        edits
            .iter()
            .map(|e| {
                xml::is_plain_text_edit(&self.text, &e.range, &e.text)
                    .then(|| self.tree.text_owner(&e.range))
                    .flatten()
            })
            .collect()
    }

    /// Applies text-only edits without re-parsing: splice the text, move the
    /// spans and line starts after each edit.
    fn apply_in_place(&mut self, edits: &[&Edit], owners: &[NodeId]) -> Vec<Edit> {
        let mut inverse = Vec::with_capacity(edits.len());
        let mut shift: i64 = 0;
        for e in edits {
            let at = (e.range.start as i64 + shift) as usize;
            inverse.push(Edit::replace(
                at..at + e.text.len(),
                &self.text[e.range.clone()],
            ));
            shift += e.text.len() as i64 - e.range.len() as i64;
        }
        let breaks = edits.iter().any(|e| {
            e.text.contains(['\n', '\r']) || self.text[e.range.clone()].contains(['\n', '\r'])
        });
        if breaks {
            self.lines = OnceLock::new();
        }
        // Nothing after an edit of the same length moves (an Order `1` → `7`, its
        // undo): walking the spans of a large file would cost more than the rest.
        let moves: Vec<(NodeId, std::ops::Range<usize>, i64)> = (edits.iter().zip(owners))
            .map(|(e, &owner)| {
                (
                    owner,
                    e.range.clone(),
                    e.text.len() as i64 - e.range.len() as i64,
                )
            })
            .filter(|&(_, _, delta)| delta != 0)
            .collect();
        // The bytes after the first edit move (none when no edit changes the length).
        let moved = if moves.is_empty() {
            0
        } else {
            self.text.len() - edits.first().map_or(0, |e| e.range.start)
        };
        let line_moves: Vec<(std::ops::Range<usize>, i64)> =
            moves.iter().map(|(_, r, d)| (r.clone(), *d)).collect();
        self.move_both(
            moved,
            move |tree| tree.shift_text_edits(&moves),
            |text, breaks, lines| {
                replace_texts(text, breaks, edits, line_moves.len());
                if let Some(lines) = lines {
                    lines.shift_after(&line_moves);
                }
            },
        );
        self.revision += 1;
        self.text_only = Some(owners.to_vec());
        inverse
    }
}

impl Document {
    /// Moves the tree with `tree_side` and the text, its line-break counts and
    /// its line index (when built) with `text_side`, which are independent. When
    /// an edit leaves `moved` bytes of text to move after it, on a large file
    /// megabytes, and as many nodes: then the helper thread moves the tree
    /// meanwhile ([`BESIDE_FROM`]).
    fn move_both<T: Send + 'static>(
        &mut self,
        moved: usize,
        tree_side: impl FnOnce(&mut Tree) -> T + Send + 'static,
        text_side: impl FnOnce(&mut String, &mut OnceLock<(usize, usize)>, Option<&mut LineIndex>),
    ) -> T {
        let Document {
            text,
            tree,
            lines,
            breaks,
            ..
        } = self;
        if moved < self.beside_from {
            let out = tree_side(tree);
            text_side(text, breaks, lines.get_mut());
            return out;
        }
        let mut taken = std::mem::take(tree);
        let ((back, out), ()) = crate::par::beside(
            move || {
                let out = tree_side(&mut taken);
                (taken, out)
            },
            || text_side(text, breaks, lines.get_mut()),
        );
        *tree = back;
        out
    }

    /// Applies one edit that only removes or adds whole nodes inside one
    /// element ([`Tree::plan_splice`]): splice the text, the tree and the line starts.
    fn apply_splice(&mut self, e: &Edit, plan: xml::SplicePlan) -> Vec<Edit> {
        let inverse = vec![Edit::replace(
            e.range.start..e.range.start + e.text.len(),
            &self.text[e.range.clone()],
        )];
        let (range, new_len) = (e.range.clone(), e.text.len());
        let spliced = self.move_both(
            self.text.len() - e.range.start,
            move |tree| tree.apply_splice(plan, &range, new_len),
            |text, breaks, lines| {
                if let Some(lines) = lines {
                    lines.splice(&e.range, &e.text);
                }
                replace_text(text, breaks, e.range.clone(), &e.text);
            },
        );
        self.spliced = Some(spliced);
        self.revision += 1;
        inverse
    }
}

/// Replaces `range` of `text` with `new`, keeping the line-break counts `breaks`
/// when they are known.
fn replace_text(
    text: &mut String,
    breaks: &mut OnceLock<(usize, usize)>,
    range: std::ops::Range<usize>,
    new: &str,
) {
    let Some(&(lf, crlf)) = breaks.get() else {
        text.replace_range(range, new);
        return;
    };
    // The breaks inside, and one just after whose `\r` may come or go.
    let (s, e) = (range.start, range.end);
    let (ol, oc) = text::break_counts(text.as_bytes(), s..(e + 1).min(text.len()));
    text.replace_range(range, new);
    let end = (s + new.len() + 1).min(text.len());
    let (nl, nc) = text::break_counts(text.as_bytes(), s..end);
    *breaks = OnceLock::from((lf - ol + nl, crlf - oc + nc));
}

/// Applies non-overlapping `edits` (in document order, ranges in the text
/// before any of them) to `text`, keeping the line-break counts `breaks`. When
/// several of them change the length (`resizing`), the part of the text from
/// the first to the last edit is replaced at once, so that the rest of a large
/// file moves once, not once per edit (a renumbered list).
fn replace_texts(
    text: &mut String,
    breaks: &mut OnceLock<(usize, usize)>,
    edits: &[&Edit],
    resizing: usize,
) {
    let (Some(first), Some(last)) = (edits.first(), edits.last()) else {
        return;
    };
    let span = first.range.start..last.range.end;
    if resizing < 2 || span.len() > SPAN_AT_ONCE {
        // From the end, so that every range is still where it was when it is applied.
        for e in edits.iter().rev() {
            replace_text(text, breaks, e.range.clone(), &e.text);
        }
        return;
    }
    let mut new = String::with_capacity(span.len() + 64);
    let mut pos = span.start;
    for e in edits {
        new.push_str(&text[pos..e.range.start]);
        new.push_str(&e.text);
        pos = e.range.end;
    }
    replace_text(text, breaks, span, &new);
}

/// The longest part of the text [`replace_texts`] copies to replace at once.
const SPAN_AT_ONCE: usize = 1 << 20;

fn decode_error(bytes: &[u8], e: DecodeError) -> LoadError {
    let offset = match e {
        DecodeError::Binary { offset, .. }
        | DecodeError::InvalidUtf8 { offset }
        | DecodeError::InvalidUtf16 { offset } => offset,
    };
    let (at, line_text) = match e {
        DecodeError::InvalidUtf8 { .. } => {
            // Locate the bad byte with the valid prefix as text.
            let prefix = String::from_utf8_lossy(&bytes[..offset.min(bytes.len())]);
            let line = prefix.matches('\n').count() as u32 + 1;
            let line_start = prefix.rfind('\n').map(|i| i + 1).unwrap_or(0);
            let column = prefix[line_start..].chars().count() as u32 + 1;
            let rest = &bytes[offset.min(bytes.len())..];
            let tail_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let shown = format!(
                "{}{}",
                prefix[line_start..].trim_start_matches('\u{feff}'),
                String::from_utf8_lossy(&rest[..tail_end]).trim_end_matches('\r')
            );
            (Some(LineCol { line, column }), Some(shown))
        }
        _ => (None, None),
    };
    LoadError {
        kind: LoadErrorKind::Decode,
        message: e.to_string(),
        at,
        line_text,
        decoded: None,
    }
}

fn xml_error(e: XmlError, decoded: Decoded) -> LoadError {
    let lines = LineIndex::new(&decoded.text);
    let at = lines.line_col(&decoded.text, e.offset);
    let line_text = lines.line_text(&decoded.text, at.line).to_owned();
    LoadError {
        kind: match e.kind {
            XmlErrorKind::Syntax => LoadErrorKind::Syntax,
            XmlErrorKind::DocType => LoadErrorKind::DocType,
            XmlErrorKind::TooDeep => LoadErrorKind::TooDeep,
        },
        message: e.message,
        at: Some(at),
        line_text: Some(line_text),
        decoded: Some(decoded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Loading owned bytes leaves NUL bytes to the parser; the errors must still be the
    /// ones the borrowed load gives, whatever else is wrong with the file and where.
    #[test]
    fn owned_load_reports_nul_bytes_as_the_borrowed_load_does() {
        let utf16: Vec<u8> = "<a/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let big = format!("<a>{}\0</a>", "<b>x</b>".repeat(300_000));
        let samples: Vec<Vec<u8>> = vec![
            b"<a>\0</a>".to_vec(),
            b"\xEF\xBB\xBF<a>x\0</a>".to_vec(),
            b"<a>\xe9 \0</a>".to_vec(),
            b"\xEF\xBB\xBF<a>\xe9 \0</a>".to_vec(),
            b"<a><b></a>\0".to_vec(),
            b"<a>\0</b>".to_vec(),
            b"<a>\xe9</a>".to_vec(),
            b"<a></b>".to_vec(),
            b"<a>fine</a>".to_vec(),
            utf16,
            big.into_bytes(),
        ];
        let shown = |r: Result<Document, LoadError>| match r {
            Ok(doc) => format!("ok {}", doc.text().len()),
            Err(e) => format!("{:?} {} {:?} {:?}", e.kind, e.message, e.at, e.line_text),
        };
        for bytes in samples {
            let borrowed = shown(Document::load(&bytes));
            assert_eq!(
                shown(Document::load_owned(bytes.clone())),
                borrowed,
                "{bytes:.40?}"
            );
        }
    }

    #[test]
    fn apply_and_undo_restore_bytes() {
        let src = "<a>\r\n\t<b>one</b>\r\n</a>\r\n";
        let mut doc = Document::load(src.as_bytes()).expect("loads");
        let b = doc.text().find("one").expect("present");
        let inv = doc
            .apply(&[
                Edit::replace(b..b + 3, "two &amp; three"),
                Edit::insert(0, ""),
            ])
            .expect("applies");
        assert_eq!(doc.text(), "<a>\r\n\t<b>two &amp; three</b>\r\n</a>\r\n");
        doc.apply(&inv).expect("undoes");
        assert_eq!(doc.to_bytes(), src.as_bytes());
    }

    #[test]
    fn text_edits_apply_in_place_and_match_a_fresh_parse() {
        let src = "<a>\n <b>one &amp; two</b><c/><d x='1'>t>z</d><e></e>\n</a>";
        let cases: Vec<Edit> = vec![
            Edit::replace(8..21, "three"),
            Edit::insert(src.find("</e>").expect("e"), "new &lt; text"),
            Edit::replace(8..11, "ONE"),
        ];
        // Each alone, then two at once; the tree moved on this thread, then on the helper.
        // (The first and the third overlap.)
        let all = [
            vec![cases[0].clone(), cases[1].clone()],
            vec![cases[1].clone(), cases[2].clone()],
        ];
        for (edits, beside_from) in cases
            .iter()
            .map(|e| vec![e.clone()])
            .chain(all)
            .flat_map(|e| [(e.clone(), usize::MAX), (e, 0)])
        {
            in_place_matches_a_fresh_parse(src, &edits, beside_from);
        }
        // Not in place: markup, a cut reference, a `]]>` formed across the boundary.
        let d = src.find("t>z").expect("d") + 1;
        for e in [
            Edit::insert(8, "<x/>"),
            Edit::replace(13..15, "x"),
            Edit::insert(d, "]]"),
        ] {
            let mut doc = Document::load(src.as_bytes()).expect("loads");
            let _ = doc.apply(std::slice::from_ref(&e));
            assert!(doc.text_only_change().is_none(), "{e:?} must re-parse");
        }
    }

    /// Several text edits that change the length (a renumbered list): the text
    /// between them is replaced at once and the nodes, attributes and lines
    /// after them move in one pass; the result is what a fresh parse gives.
    #[test]
    fn several_resizing_text_edits_match_a_fresh_parse() {
        // Twelve items; the sixth's description is `filler` bytes long.
        let source = |filler: usize| {
            let items: String = (1..=12)
                .map(|i| {
                    let d = if i == 6 {
                        "f".repeat(filler)
                    } else {
                        format!("x{i}")
                    };
                    format!("\r\n <i n='{i}'><o>{i}</o><d>{d}</d></i>")
                })
                .collect();
            format!("<a>{items}\r\n <z k=\"v\">end</z>\r\n</a>\r\n<!--t-->")
        };
        let field = |src: &str, tag: &str, i: usize| {
            let at = src.find(&format!("<i n='{i}'>")).expect("item");
            let open = format!("<{tag}>");
            let s = at + src[at..].find(&open).expect("field") + open.len();
            s..s + src[s..].find('<').expect("end")
        };
        let orders = |src: &str, new: &[(usize, &str)]| -> Vec<Edit> {
            (new.iter())
                .map(|&(i, v)| Edit::replace(field(src, "o", i), v))
                .collect()
        };
        let small = source(2);
        // Over SPAN_AT_ONCE between the first and the last edit: each edit moves
        // the text on its own, the nodes still move in one pass.
        let large = source(SPAN_AT_ONCE + 10);
        let cases: Vec<(&str, Vec<Edit>)> = vec![
            // A renumber: 9 to 12 become 8 to 11 (only 10 → 9 changes length).
            (
                &small,
                orders(&small, &[(9, "8"), (10, "9"), (11, "10"), (12, "11")]),
            ),
            // Several widths change: 1 to 4 become 10, 200, 3 and 4000.
            (
                &small,
                orders(&small, &[(1, "10"), (2, "200"), (3, "3"), (4, "4000")]),
            ),
            // Growing and shrinking by turns, and one of the same length.
            (
                &small,
                vec![
                    Edit::replace(field(&small, "d", 1), "a much longer description"),
                    Edit::replace(field(&small, "o", 2), ""),
                    Edit::replace(field(&small, "d", 5), "x5"),
                    Edit::replace(field(&small, "o", 7), "seventy &amp; seven"),
                    Edit::replace(field(&small, "d", 12), "y"),
                ],
            ),
            (&large, orders(&large, &[(1, "100"), (5, "50"), (12, "")])),
        ];
        for ((src, edits), beside_from) in cases
            .into_iter()
            .flat_map(|c| [(c.clone(), usize::MAX), (c, 0)])
        {
            in_place_matches_a_fresh_parse(src, &edits, beside_from);
        }
    }

    /// Applies `edits` to `src` (the tree moved on the helper thread from `beside_from`
    /// bytes moved on): they apply in place, and the tree, the line starts, the line-break
    /// counts and the line ending are what a fresh parse of the result gives; the undo
    /// restores the text, the tree and the line starts.
    fn in_place_matches_a_fresh_parse(src: &str, edits: &[Edit], beside_from: usize) {
        let mut doc = Document::load(src.as_bytes()).expect("loads");
        doc.beside_from = beside_from;
        doc.lines();
        doc.line_ending();
        let undo = doc.apply(edits).expect("applies");
        assert!(
            doc.text_only_change().is_some(),
            "{edits:?} should apply in place"
        );
        let fresh = Document::load(doc.text().as_bytes()).expect("still loads");
        assert_eq!(doc.tree(), fresh.tree(), "{edits:?}");
        assert_eq!(doc.lines(), fresh.lines(), "{edits:?}");
        let counted = text::break_counts(doc.text().as_bytes(), 0..doc.text().len());
        assert_eq!(doc.breaks.get(), Some(&counted), "{edits:?}");
        assert_eq!(doc.line_ending(), fresh.line_ending(), "{edits:?}");
        doc.apply(&undo).expect("undoes");
        assert_eq!(doc.text(), src);
        let fresh = Document::load(src.as_bytes()).expect("loads");
        assert_eq!(doc.tree(), fresh.tree());
        assert_eq!(doc.lines(), fresh.lines());
    }

    #[test]
    fn whole_elements_splice_in_place_and_match_a_fresh_parse() {
        let src = "<a>\r\n <b x='1'>one</b>\r\n <c><d y=\"2\"/></c><!--k-->\r\n <e>t&amp;</e>\r\n</a>\r\n<!--z-->";
        let at = |s: &str| src.find(s).expect("present");
        let after = |s: &str| at(s) + s.len();
        let cases: Vec<Edit> = vec![
            Edit::insert(after("</b>"), "\r\n <n p='q'>v</n>"),
            Edit::insert(at("<b"), "<n/>\r\n "),
            Edit::insert(after("<a>"), "\r\n <n><m k=\"1\"/>x<o/></n>"),
            Edit::insert(after("<c>"), "<n/><!--c--><o a='b'/>"),
            Edit::insert(at("</a>"), "<n>w</n>\r\n"),
            Edit::insert(at("</e>"), "<n/>"),
            Edit::delete(at("\r\n <b")..after("</b>")),
            Edit::delete(at("<c>")..after("</c>")),
            Edit::delete(at("<d")..after("/>")),
            Edit::delete(at("<c>")..after("-->")),
            Edit::replace(at("<b")..after("</c>"), "<n q='1'>\r\n</n>"),
            Edit::replace(at("<c>")..after("</c>"), "\r\n"),
        ];
        // The tree spliced on this thread, then on the helper.
        for (e, beside_from) in cases
            .into_iter()
            .flat_map(|e| [(e.clone(), usize::MAX), (e, 0)])
        {
            let mut doc = Document::load(src.as_bytes()).expect("loads");
            doc.beside_from = beside_from;
            doc.lines();
            doc.apply(std::slice::from_ref(&e)).expect("applies");
            assert!(doc.spliced().is_some(), "{e:?} should splice in place");
            let fresh = Document::load(doc.text().as_bytes()).expect("still loads");
            assert_eq!(doc.tree(), fresh.tree(), "{e:?}");
            assert_eq!(doc.lines(), fresh.lines(), "{e:?}");
            assert_eq!(doc.line_ending(), fresh.line_ending(), "{e:?}");
        }
        // Not in place: text beside the nodes, a cut reference, a half node, `]]>` joined.
        let cdata = "<a><b>]]</b><c>x]]<d/>></c></a>";
        for (src, e) in [
            (src, Edit::insert(after("</b>"), "x<n/>")),
            (src, Edit::insert(at("amp;"), "<n/>")),
            (src, Edit::delete(at("<b")..at("one"))),
            (src, Edit::insert(after("<a>"), "<n>")),
            (src, Edit::insert(after("</a>"), "<n/>")),
            (
                cdata,
                Edit::delete(cdata.find("<d/>").expect("d")..cdata.find("></c>").expect("c")),
            ),
        ] {
            let mut doc = Document::load(src.as_bytes()).expect("loads");
            let _ = doc.apply(std::slice::from_ref(&e));
            assert!(doc.spliced().is_none(), "{e:?} must re-parse");
        }
    }

    #[test]
    fn refuses_an_edit_that_breaks_the_xml() {
        let mut doc = Document::load(b"<a>x</a>").expect("loads");
        assert!(doc.apply(&[Edit::insert(3, "<")]).is_err());
        assert_eq!(doc.text(), "<a>x</a>");
    }

    #[test]
    fn errors_carry_location_and_line() {
        let e = Document::load(b"<a>\n  <b>x & y</b>\n</a>").expect_err("bad");
        assert_eq!(e.at, Some(LineCol { line: 2, column: 8 }));
        assert_eq!(e.line_text.as_deref(), Some("  <b>x & y</b>"));
        assert!(e.decoded.is_some());
        let e = Document::load(b"<a>\n\xe9</a>").expect_err("bad utf8");
        assert_eq!(e.at, Some(LineCol { line: 2, column: 1 }));
    }
}
