//! Builds a [`Tree`] from text with quick-xml, adding the well-formedness checks a
//! permissive pull parser leaves out (one root, no stray text, known references,
//! attribute syntax, depth) and refusing DOCTYPEs outright.

use super::escape::{is_xml_char, resolve_reference};
use super::{Attr, NodeId, NodeKind, Span, Tree};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::fmt;

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

fn err(offset: usize, message: impl Into<String>) -> XmlError {
    XmlError {
        offset,
        message: message.into(),
        kind: XmlErrorKind::Syntax,
    }
}

/// Parses `text` (already decoded, without a byte-order mark).
pub fn parse(text: &str) -> Result<Tree, XmlError> {
    if let Some((i, c)) = first_non_xml_char(text) {
        return Err(err(
            i,
            format!(
                "character U+{:04X} is not allowed in XML; remove it",
                c as u32
            ),
        ));
    }
    let mut tree = Tree::default();
    tree.nodes.push(super::Node {
        kind: NodeKind::Document,
        span: Span::new(0, text.len()),
        name_len: 0,
        start_tag_end: 0,
        end_tag_start: text.len() as u32,
        attrs_start: 0,
        attrs_len: 0,
        depth: 0,
        parent: super::NONE,
        first_child: super::NONE,
        next_sibling: super::NONE,
    });
    let mut reader = Reader::from_str(text);
    {
        let c = reader.config_mut();
        c.trim_text(false);
        c.check_end_names = true;
        c.check_comments = true;
        c.expand_empty_elements = false;
        c.allow_dangling_amp = false;
        c.allow_unmatched_ends = false;
    }
    let mut stack: Vec<NodeId> = vec![Tree::DOCUMENT];
    let mut root_seen = false;
    let mut decl_seen = false;
    let mut content_seen = false;
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => return Err(err(reader.error_position() as usize, describe(&e))),
        };
        let end = reader.buffer_position() as usize;
        let parent = *stack.last().unwrap_or(&Tree::DOCUMENT);
        let depth = stack.len();
        let top = depth == 1;
        match event {
            Event::Decl(decl) => {
                if !top || root_seen || decl_seen {
                    return Err(err(
                        start,
                        "an XML declaration can only stand at the very start, once",
                    ));
                }
                decl_seen = true;
                check_decl(&decl).map_err(|m| err(start, m))?;
                if content_seen || start != 0 {
                    tree.late_decl = Some(start as u32);
                }
                tree.push(NodeKind::Decl, Span::new(start, end), parent, depth as u16);
            }
            Event::PI(pi) => {
                if pi.target().eq_ignore_ascii_case("xml") {
                    return Err(err(
                        start,
                        "an XML declaration can only stand at the very start",
                    ));
                }
                content_seen = true;
                tree.push(NodeKind::Pi, Span::new(start, end), parent, depth as u16);
            }
            Event::Comment(_) => {
                content_seen = true;
                tree.push(
                    NodeKind::Comment,
                    Span::new(start, end),
                    parent,
                    depth as u16,
                );
            }
            Event::CData(_) => {
                if top {
                    return Err(err(start, "CDATA outside the root element"));
                }
                tree.push(NodeKind::CData, Span::new(start, end), parent, depth as u16);
            }
            Event::DocType(_) => {
                return Err(XmlError {
                    offset: start,
                    message: "a DOCTYPE is present; answer files never need one and its entity \
                              declarations could expand without bound, so unattui refuses it: \
                              delete the <!DOCTYPE …> declaration"
                        .into(),
                    kind: XmlErrorKind::DocType,
                });
            }
            Event::Start(_) | Event::Empty(_) => {
                let self_closing = matches!(event, Event::Empty(_));
                if top && root_seen {
                    return Err(err(
                        start,
                        "a second root element; an answer file has exactly one <unattend> root",
                    ));
                }
                if depth > MAX_DEPTH {
                    return Err(XmlError {
                        offset: start,
                        message: format!(
                            "elements nested deeper than {MAX_DEPTH} levels; this is not an answer file"
                        ),
                        kind: XmlErrorKind::TooDeep,
                    });
                }
                if top {
                    root_seen = true;
                }
                content_seen = true;
                let id = tree.push(
                    NodeKind::Element,
                    Span::new(start, end),
                    parent,
                    depth as u16,
                );
                let (name, attrs) = scan_tag(text, start, end, self_closing)?;
                let attrs_start = tree.attrs.len() as u32;
                let attrs_len = u16::try_from(attrs.len())
                    .map_err(|_| err(start, "too many attributes on one element"))?;
                tree.attrs.extend(attrs);
                let n = tree.node_mut(id);
                // The name starts just after the `<` (`scan_tag`); only its length is kept.
                debug_assert_eq!(name.start as usize, start + 1);
                n.name_len = u16::try_from(name.len()).unwrap_or(super::LONG_NAME);
                n.attrs_start = attrs_start;
                n.attrs_len = attrs_len;
                n.start_tag_end = end as u32;
                n.end_tag_start = if self_closing { end as u32 } else { u32::MAX };
                if !self_closing {
                    stack.push(id);
                }
            }
            Event::End(_) => {
                let id = stack.pop().unwrap_or(Tree::DOCUMENT);
                let n = tree.node_mut(id);
                n.end_tag_start = start as u32;
                n.span.end = end as u32;
            }
            Event::Text(t) => {
                if top {
                    if let Some(i) = t.as_bytes().iter().position(|b| !b.is_ascii_whitespace()) {
                        return Err(err(start + i, "text outside the root element"));
                    }
                } else if let Some(i) = text[start..end].find("]]>") {
                    return Err(err(start + i, "`]]>` in text must be written `]]&gt;`"));
                }
            }
            Event::GeneralRef(r) => {
                let name: &str = &r;
                if top {
                    return Err(err(start, "a reference outside the root element"));
                }
                if resolve_reference(name).is_none() {
                    return Err(err(
                        start,
                        format!("unknown entity `&{name};`; write a literal & as `&amp;`"),
                    ));
                }
            }
            Event::Eof => {
                if let Some(&open) = stack.last().filter(|_| stack.len() > 1) {
                    let n = tree.node(open);
                    let name = n.name(text).of(text).to_owned();
                    return Err(err(
                        n.span.start as usize,
                        format!("the file ends before <{name}> is closed (truncated?)"),
                    ));
                }
                if !root_seen {
                    return Err(err(
                        text.len(),
                        "no root element; an answer file starts with <unattend>",
                    ));
                }
                break;
            }
        }
    }
    tree.finish();
    Ok(tree)
}

/// The first character XML does not allow, with its offset. Runs of plain
/// printable ASCII (nearly all of an answer file) are skipped 16 bytes at a time.
fn first_non_xml_char(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let plain = |b: u8| (0x20..0x80).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r');
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 16)
            && chunk.iter().all(|&b| plain(b))
        {
            i += 16;
            continue;
        }
        let b = bytes[i];
        if plain(b) {
            i += 1;
            continue;
        }
        // Not plain ASCII: a control character, or the start of a multi-byte
        // character (`i` is always on a character boundary here).
        let c = text[i..].chars().next()?;
        if !is_xml_char(c) {
            return Some((i, c));
        }
        i += c.len_utf8();
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

fn describe(e: &quick_xml::Error) -> String {
    use quick_xml::Error as E;
    use quick_xml::errors::{IllFormedError as I, SyntaxError as S};
    match e {
        E::Syntax(S::UnclosedTag) => "a tag is not closed with `>`".into(),
        E::Syntax(S::UnclosedComment) => "a comment is not closed with `-->`".into(),
        E::Syntax(S::UnclosedCData) => "a CDATA section is not closed with `]]>`".into(),
        E::Syntax(s) => format!("{s}"),
        E::IllFormed(I::MismatchedEndTag { expected, found }) => {
            format!("end tag </{found}> does not match the open element <{expected}>")
        }
        E::IllFormed(I::UnmatchedEndTag(name)) => {
            format!("end tag </{name}> has no matching start tag")
        }
        E::IllFormed(I::UnclosedReference) => {
            "a bare `&` (write `&amp;` for a literal ampersand)".into()
        }
        E::IllFormed(I::DoubleHyphenInComment) => "`--` inside a comment".into(),
        other => format!("{other}"),
    }
}

/// Scans a start tag (`<name a="v" …>` or `…/>`) for its name and attributes with
/// exact spans, checking the attribute syntax quick-xml leaves to its caller.
fn scan_tag(
    text: &str,
    start: usize,
    end: usize,
    self_closing: bool,
) -> Result<(Span, Vec<Attr>), XmlError> {
    let b = text.as_bytes();
    let inner_end = end - if self_closing { 2 } else { 1 };
    let mut i = start + 1;
    while i < inner_end && !b[i].is_ascii_whitespace() && b[i] != b'/' {
        i += 1;
    }
    let name = Span::new(start + 1, i);
    check_name(text, name, "element")?;
    let mut attrs: Vec<Attr> = Vec::new();
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
        while i < inner_end && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let a_name = Span::new(a_start, i);
        check_name(text, a_name, "attribute")?;
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
        let v_end = text[v_start..inner_end]
            .find(quote as char)
            .map(|p| v_start + p)
            .ok_or_else(|| err(v_start, "an attribute value is not closed"))?;
        let value = Span::new(v_start, v_end);
        check_attr_value(text, value)?;
        let a_name_str = a_name.of(text);
        if attrs.iter().any(|a| a.name.of(text) == a_name_str) {
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
    Ok((name, attrs))
}

fn check_name(text: &str, name: Span, what: &str) -> Result<(), XmlError> {
    let s = name.of(text);
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
