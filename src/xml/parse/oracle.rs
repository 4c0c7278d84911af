//! The first parser: quick-xml's event reader driving the same tree building and
//! checks. Kept for the tests only, as an oracle the faster scanner in the parent
//! module must agree with (same tree, or an error for the same inputs).

use super::*;
use quick_xml::Reader;
use quick_xml::events::Event;

/// Parses `text` (already decoded, without a byte-order mark).
pub fn parse_with_quick_xml(text: &str) -> Result<Tree, XmlError> {
    if let Some((i, c)) = first_non_xml_char(text) {
        return Err(bad_char(i, c));
    }
    let mut tree = Tree::with_document(text.len(), 0);
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
            // The scanner refuses a DOCTYPE as soon as it sees `<!DOCTYPE`, before
            // reading it: one quick-xml finds ill-formed (`<!DOCTYPE>` without a name)
            // is refused the same way.
            Err(_) if is_doctype_at(text, start) => return Err(doctype(start)),
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
                return Err(doctype(start));
            }
            Event::Start(_) | Event::Empty(_) => {
                let self_closing = matches!(event, Event::Empty(_));
                if top && root_seen {
                    return Err(second_root(start));
                }
                if depth > MAX_DEPTH {
                    return Err(too_deep(start));
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
                let attrs_start = tree.attrs.len() as u32;
                let name = scan_tag(text, start, end, self_closing, &mut tree.attrs)?;
                let attrs_len = u16::try_from(tree.attrs.len() - attrs_start as usize)
                    .map_err(|_| err(start, "too many attributes on one element"))?;
                let n = tree.node_mut(id);
                // The name starts just after the `<` (`scan_tag`); only its length is kept.
                debug_assert_eq!(name.start as usize, start + 1);
                n.name_len = u16::try_from(name.len()).unwrap_or(crate::xml::LONG_NAME);
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
                    return Err(unknown_entity(start, name));
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

/// Whether `<!DOCTYPE` (in any letter case) starts at `at`.
fn is_doctype_at(text: &str, at: usize) -> bool {
    text.as_bytes()
        .get(at..at + 9)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"<!DOCTYPE"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Small XML texts to mutate: the project's fixtures, the demo and the template.
    fn seeds() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![
            root.join("assets/demo.xml"),
            root.join("assets/template.xml"),
        ];
        for dir in ["tests/fixtures", "tests/fixtures/malformed"] {
            let mut found: Vec<_> = std::fs::read_dir(root.join(dir))
                .expect("fixtures")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "xml"))
                .collect();
            found.sort();
            files.extend(found);
        }
        files
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .filter_map(|b| String::from_utf8(b).ok())
            .map(|s| s.trim_start_matches('\u{feff}').to_owned())
            .collect()
    }

    /// Pieces of markup whose insertion stresses the scanner.
    const PIECES: &[&str] = &[
        "<",
        ">",
        "&",
        "/",
        "\"",
        "'",
        "=",
        " ",
        "\n",
        "]]>",
        "--",
        "-",
        "<!--",
        "-->",
        "<![CDATA[",
        "<?xml version=\"1.0\"?>",
        "<?pi x?>",
        "<?xml ",
        "?>",
        "<!DOCTYPE a>",
        "<!x>",
        "&amp;",
        "&#65;",
        "&#x0;",
        "&bogus;",
        "& ",
        "</a>",
        "<a>",
        "<b/>",
        "<a/ >",
        "< a>",
        "</ a>",
        "<a b='1' b='2'>",
        "<a\tb=\"<\">",
        "é",
        "<é/>",
        "<1/>",
        ":",
        ";",
    ];

    fn mutate(seed: &str, edits: &[(usize, usize, usize)]) -> String {
        let mut s = seed.to_owned();
        for &(at, del, piece) in edits {
            let mut at = at % (s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + del % 4).min(s.len());
            while !s.is_char_boundary(end) {
                end += 1;
            }
            s.replace_range(at..end, PIECES[piece % PIECES.len()]);
        }
        s
    }

    /// The (threads, parts) a text is scanned with by [`agree`]: the parts after the first
    /// taken in turn by two to four threads.
    const SPLITS: [(usize, usize); 6] = [(2, 2), (2, 3), (3, 3), (2, 4), (4, 4), (2, 6)];

    /// The scanner agrees with quick-xml, and a scan in parts with the scan in one pass
    /// whenever it gives a tree at all. Returns how many of [`SPLITS`] gave a tree.
    fn agree(text: &str) -> usize {
        let whole = parse(text);
        let mut split = 0;
        for (threads, pieces) in SPLITS {
            if let Some(tree) = parse_parallel(text, threads, pieces) {
                let one = whole
                    .as_ref()
                    .expect("a text scanned in parts is well-formed");
                for i in 0..one.len().max(tree.len()) {
                    let id = NodeId(i as u32);
                    let (a, b) = (i < tree.len(), i < one.len());
                    assert!(a && b, "{pieces} parts: node {i} missing in {text:?}");
                    assert_eq!(
                        tree.node(id),
                        one.node(id),
                        "{pieces} parts: node {i} of {text:?}"
                    );
                }
                assert!(
                    tree == *one,
                    "{pieces} parts: trees differ outside the nodes"
                );
                split += 1;
            }
        }
        match (whole, parse_with_quick_xml(text)) {
            (Ok(fast), Ok(slow)) => assert_eq!(fast, slow, "trees differ for {text:?}"),
            (Err(fast), Err(slow)) => assert_eq!(fast.kind, slow.kind, "{text:?}: {fast} / {slow}"),
            (fast, slow) => panic!(
                "the parsers disagree on {text:?}: scanner {:?}, quick-xml {:?}",
                fast.err(),
                slow.err()
            ),
        }
        split
    }

    #[test]
    fn agrees_on_the_seeds_and_the_corpus() {
        let mut texts = seeds();
        if let Ok(dir) = std::env::var("UNATTUI_CORPUS") {
            for e in std::fs::read_dir(dir).expect("corpus directory").flatten() {
                if let Ok(t) = String::from_utf8(std::fs::read(e.path()).unwrap_or_default()) {
                    texts.push(t.trim_start_matches('\u{feff}').to_owned());
                }
            }
        }
        assert!(texts.len() >= 6);
        for t in &texts {
            // Every well-formed text with a line that starts with a tag past its first
            // part is scanned in parts too (the proof is not vacuous).
            let splittable = parse(t).is_ok()
                && t.lines()
                    .skip(3)
                    .filter(|l| l.trim_start().starts_with('<'))
                    .count()
                    > 8;
            let split = agree(t);
            assert!(
                !splittable || split > 0,
                "never split: {}",
                &t[..t.len().min(200)]
            );
        }
    }

    #[test]
    fn agrees_on_hand_picked_cases() {
        for t in [
            "<a><!-- x --->\n</a>",
            "<a><!---></a>",
            "<a><!----></a>",
            "<a>]]></a>",
            "<a>]]&gt;</a>",
            "<a>x&amp</a>",
            "<a>&#x41;&#65;</a>",
            "<a>&#xD800;</a>",
            "<?xml version='1.0'?><a/>",
            " <?xml version='1.0'?><a/>",
            "<?xml?><a/>",
            "<?XML version='1.0'?><a/>",
            "<?xmlfoo x?><a/>",
            "<a/><?xml version='1.0'?>",
            "<a></a >",
            "<a></a\n>",
            "<a></b>",
            "</a>",
            "<a>",
            "<a",
            "<a b='>'/>",
            "<a b='1'/ >",
            "<a><![CDATA[x]]></a>",
            "<![CDATA[x]]><a/>",
            "<a><![CDATA[x</a>",
            "<!doctype a><a/>",
            "<a><!x></a>",
            "<a><?pi?></a>",
            "<a><?>b?></a>",
            "<a><??></a>",
            "<a><?pi</a>",
            "<a>&</a>",
            "<a>& b;</a>",
            "&amp;<a/>",
            "<a/>&amp;",
            "<a/> x",
            "\n<a/>\n",
            "<a:b xmlns:a='u'></a:b>",
            "<a></a:b>",
            "<a/><b/>",
            "<a b = \"1\" c='2'>t</a>",
            "<a b=1/>",
            "<a b/>",
            "<a =\"1\"/>",
            "<a></>",
            "<>",
            "<a>< b/></a>",
        ] {
            agree(t);
        }
    }

    #[test]
    fn parts_meet_at_any_nesting() {
        // Cuts land inside lists, between settings, and just before the root closes.
        let mut text = String::from("<?xml version=\"1.0\"?>\n<u>\n");
        for i in 0..40 {
            text.push_str(&format!("  <s n=\"{i}\">\n    <c>\n      <o>{i}</o>\n      <!-- c{i} -->\n    </c>\n  <e/>\n  </s>\n"));
        }
        text.push_str("</u>\n<!-- after -->\n");
        assert_eq!(agree(&text), SPLITS.len());
        // A cut inside a multi-line comment or attribute value is noticed.
        let tricky = text
            .replace("<!-- c20 -->", "<!-- c20\n      <x>\n -->")
            .replace("<e/>", "<e a='\n  <y>'/>");
        agree(&tricky);
        // Elements closed in a later part than they opened; the root closed early.
        let early =
            text.replacen("</u>\n", "", 1)
                .replacen("  <s n=\"30\">", "</u>\n  <s n=\"30\">", 1);
        assert!(parse(&early).is_err());
        agree(&early);
        // Too deep only when the parts are put together.
        let nest = |n: usize| {
            format!(
                "<r>\n{}{}\n</r>\n",
                "<d a='xxxxxxxx'>\n".repeat(n),
                "</d>".repeat(n)
            )
        };
        let deep = nest(300);
        assert_eq!(parse(&deep).map_err(|e| e.kind), Err(XmlErrorKind::TooDeep));
        agree(&deep);
        let fine = nest(200);
        // The end tags stand on one line, where no part can start: the splits with a cut
        // past 80% of the text ((2, 4) and (2, 6)) give no tree; the other four do.
        assert_eq!(agree(&fine), 4);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn agrees_on_mutated_files(
            which in 0usize..64,
            edits in proptest::collection::vec((0usize..1_000_000, 0usize..8, 0usize..64), 1..6),
        ) {
            let seeds = seeds();
            let text = mutate(&seeds[which % seeds.len()], &edits);
            agree(&text);
        }
    }
}
