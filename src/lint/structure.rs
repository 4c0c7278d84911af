//! File-level rules: encoding, declaration, root, passes, components.

use super::{Ctx, Fix, Severity, Target};
use crate::catalog::settings::did_you_mean;
use crate::catalog::{self, PassKind, XSD_ARCHITECTURES};
use crate::document::Edit;
use crate::text::Encoding;
use crate::xml::{NodeKind, Span, Tree};

pub(super) fn check(ctx: &mut Ctx) {
    encoding(ctx);
    late_declaration(ctx);
    root(ctx);
    passes(ctx);
    setup_cache(ctx);
}

fn encoding(ctx: &mut Ctx) {
    let enc = ctx.doc.encoding();
    let tree = ctx.doc.tree();
    let decl = tree
        .children(Tree::DOCUMENT)
        .find(|&n| tree.node(n).kind == NodeKind::Decl);
    let declared = decl.and_then(|d| declared_encoding(tree.node(d).span.of(ctx.text)));
    let utf16_declared = declared
        .as_deref()
        .is_some_and(|e| e.to_ascii_lowercase().starts_with("utf-16"));
    let utf8_declared = declared
        .as_deref()
        .is_none_or(|e| e.eq_ignore_ascii_case("utf-8") || e.eq_ignore_ascii_case("utf8"));
    let is16 = matches!(enc, Encoding::Utf16Le | Encoding::Utf16Be);
    let span = decl.map(|d| tree.node(d).span).unwrap_or_default();
    let mismatch = (is16 && !utf16_declared && declared.is_some()) || (!is16 && !utf8_declared);
    let message = if mismatch {
        format!(
            "the declaration says encoding=\"{}\" but the bytes are {}; Setup may misread the file",
            declared.clone().unwrap_or_default(),
            enc.label()
        )
    } else {
        match enc {
            Encoding::Utf8 => return,
            Encoding::Utf8Bom => "the file starts with a UTF-8 byte-order mark, which broke a Windows 11 24H2 Setup build".into(),
            _ => format!("the file is {}; installs from UTF-16 answer files have been reported never to finish", enc.label()),
        }
    };
    let mut edits = Vec::new();
    if let (Some(d), Some(name)) = (decl, declared.as_deref())
        && !name.eq_ignore_ascii_case("utf-8")
    {
        let s = tree.node(d).span.of(ctx.text);
        if let Some(p) = s.find(name) {
            let start = tree.node(d).span.start as usize + p;
            edits.push(Edit::replace(start..start + name.len(), "utf-8"));
        }
    }
    let d = ctx.push("U003", span, Target::default(), message);
    d.help =
        Some("save as UTF-8 without BOM with a utf-8 declaration (Microsoft's samples do)".into());
    d.fix = Some(Fix {
        label: "rewrite as UTF-8 without BOM".into(),
        edits,
    });
}

fn declared_encoding(decl: &str) -> Option<String> {
    let i = decl.find("encoding")?;
    let rest = decl[i + 8..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next()?;
    let rest = &rest[1..];
    Some(rest[..rest.find(q)?].to_owned())
}

fn late_declaration(ctx: &mut Ctx) {
    let tree = ctx.doc.tree();
    let Some(at) = tree.late_decl else { return };
    let Some(decl) = tree
        .children(Tree::DOCUMENT)
        .find(|&n| tree.node(n).span.start == at)
    else {
        return;
    };
    let span = tree.node(decl).span;
    let decl_text = span.of(ctx.text).to_owned();
    // Remove the declaration with the line break after it, and put it first.
    let mut end = span.end as usize;
    if ctx.text[end..].starts_with("\r\n") {
        end += 2;
    } else if ctx.text[end..].starts_with('\n') {
        end += 1;
    }
    let eol = ctx.doc.line_ending().as_str();
    let fix = Fix {
        label: "move the XML declaration to the start of the file".into(),
        edits: vec![
            Edit::insert(0, format!("{decl_text}{eol}")),
            Edit::delete(span.start as usize..end),
        ],
    };
    let d = ctx.push(
        "U004",
        span,
        Target::default(),
        "the XML declaration is not at the very start of the file (something precedes it); strict XML parsers refuse this".into(),
    );
    d.fix = Some(fix);
}

fn root(ctx: &mut Ctx) {
    let tree = ctx.doc.tree();
    let Some(root) = ctx.answer.root else { return };
    let name = tree.local_name(ctx.text, root);
    let ns = tree.namespace(ctx.text, root);
    if name != "unattend" || ns != Some(catalog::NS_UNATTEND) {
        let what = match (name == "unattend", ns) {
            (false, _) => format!(
                "the root element is <{}>, not <unattend>",
                tree.name(ctx.text, root)
            ),
            (true, None) => {
                "<unattend> has no namespace; add xmlns=\"urn:schemas-microsoft-com:unattend\""
                    .into()
            }
            (true, Some(other)) => format!(
                "<unattend> is in namespace \"{other}\", not urn:schemas-microsoft-com:unattend"
            ),
        };
        ctx.push("U010", tree.node(root).start_tag(), Target::default(), what);
    }
    for &c in &ctx.answer.stray_components {
        let span = tree.node(c).start_tag();
        let d = ctx.push(
            "U015",
            span,
            Target::default(),
            "a <component> directly under <unattend>, outside any <settings pass=…>: Windows ignores it".into(),
        );
        d.help = Some("move it into the <settings> block of the pass it is meant for".into());
    }
    for &c in &ctx.answer.other_root_children {
        let local = tree.local_name(ctx.text, c);
        let in_unattend_ns = tree.namespace(ctx.text, c) == Some(catalog::NS_UNATTEND);
        if in_unattend_ns && local != "servicing" {
            let span = tree.node(c).start_tag();
            ctx.push(
                "U015",
                span,
                Target::default(),
                format!("<{local}> is not allowed under <unattend> (only servicing, settings, and elements of other namespaces); Windows SIM rejects the file"),
            )
            .help = Some("put tool-private data in an element of your own namespace".into());
        }
    }
}

fn passes(ctx: &mut Ctx) {
    let tree = ctx.doc.tree();
    let mut seen: Vec<(PassKind, usize)> = Vec::new();
    for (pi, pass) in ctx.answer.passes.iter().enumerate() {
        let tag = tree.node(pass.node).start_tag();
        let target = Target {
            pass: Some(pi),
            ..Target::default()
        };
        let attr_span = tree
            .attr(ctx.text, pass.node, "pass")
            .map(|a| a.value)
            .unwrap_or(tag);
        match pass.kind {
            None => {
                let msg = if pass.name.is_empty() {
                    "<settings> has no pass attribute".to_owned()
                } else if pass.name == "oobeUser" {
                    "pass \"oobeUser\" is in the schema but documented nowhere; Windows does not run it".to_owned()
                } else {
                    let names = PassKind::ALL.map(|p| p.name());
                    match did_you_mean(&pass.name, names) {
                        Some(s) => format!("unknown pass \"{}\"; did you mean \"{s}\"?", pass.name),
                        None => format!(
                            "unknown pass \"{}\"; passes are {}",
                            pass.name,
                            names.join(", ")
                        ),
                    }
                };
                ctx.push("U011", attr_span, target, msg);
            }
            Some(k) => {
                if let Some(&(_, first)) = seen.iter().find(|(s, _)| *s == k) {
                    let line = ctx
                        .doc
                        .line_col(tree.node(ctx.answer.passes[first].node).span.start as usize)
                        .line;
                    ctx.push(
                        "U012",
                        attr_span,
                        target,
                        format!("pass \"{}\" appears again (first at line {line}); merge the two settings blocks", k.name()),
                    );
                } else {
                    seen.push((k, pi));
                }
            }
        }
        components(ctx, pi);
    }
}

fn components(ctx: &mut Ctx, pi: usize) {
    let tree = ctx.doc.tree();
    let pass = &ctx.answer.passes[pi];
    // Components with a name and an architecture not seen before in this pass.
    let mut seen: Vec<usize> = Vec::new();
    for (ci, comp) in pass.components.iter().enumerate() {
        let node = comp.node;
        let target = Target {
            pass: Some(pi),
            component: Some(ci),
            ..Target::default()
        };
        let tag = tree.node(node).start_tag();
        let at = |name: &str| {
            tree.attr(ctx.text, node, name)
                .map(|a| a.value)
                .unwrap_or(tag)
        };
        let mut problems: Vec<(Span, String)> = Vec::new();
        match comp.name.as_deref() {
            None | Some("") => problems.push((tag, "component has no name".into())),
            Some(_) => {}
        }
        match comp.arch.as_deref() {
            None => problems.push((tag, "component has no processorArchitecture (amd64, x86, arm64, wow64)".into())),
            Some(a) if !XSD_ARCHITECTURES.iter().any(|x| x.eq_ignore_ascii_case(a)) => problems.push((
                at("processorArchitecture"),
                if a.contains(['%', '$', '{']) {
                    format!("processorArchitecture \"{a}\" looks like an unfilled template placeholder; Setup needs amd64, x86, arm64 or wow64")
                } else {
                    format!("processorArchitecture \"{a}\" is not one the schema accepts (amd64, x86, arm64, wow64, …)")
                },
            )),
            Some(_) => {}
        }
        match comp.public_key_token.as_deref() {
            None => problems.push((
                tag,
                format!(
                    "component has no publicKeyToken (Microsoft's is {})",
                    catalog::MS_PUBLIC_KEY_TOKEN
                ),
            )),
            Some(t) if t.len() != 16 || !t.bytes().all(|b| b.is_ascii_hexdigit()) => {
                problems.push((
                    at("publicKeyToken"),
                    format!(
                        "publicKeyToken \"{t}\" is not 16 hex digits (Microsoft's is {})",
                        catalog::MS_PUBLIC_KEY_TOKEN
                    ),
                ))
            }
            Some(_) => {}
        }
        if comp.language.is_none() {
            problems.push((
                tag,
                "component has no language attribute (language=\"neutral\")".into(),
            ));
        }
        if let Some(v) = comp.version_scope.as_deref()
            && !v.eq_ignore_ascii_case("nonSxS")
            && !v.eq_ignore_ascii_case("neutral")
        {
            problems.push((
                at("versionScope"),
                format!("versionScope \"{v}\" is not nonSxS or neutral"),
            ));
        }
        for (span, msg) in problems {
            ctx.push("U013", span, target.clone(), msg);
        }
        if let (Some(name), Some(arch)) = (comp.name.as_deref(), comp.arch.as_deref()) {
            // Compared in place, ASCII case ignored: no lower-case copies.
            let same = |&&c: &&usize| {
                let other = &pass.components[c];
                other
                    .name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    && other
                        .arch
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(arch))
            };
            if let Some(first) = seen.iter().find(same) {
                let line = ctx
                    .doc
                    .line_col(tree.node(pass.components[*first].node).span.start as usize)
                    .line;
                ctx.push(
                    "U014",
                    at("name"),
                    target.clone(),
                    format!("{name} [{arch}] is already in this pass (line {line}); Setup stops with \"specified more than once\""),
                );
            } else {
                seen.push(ci);
            }
        }
    }
}

fn setup_cache(ctx: &mut Ctx) {
    let tree = ctx.doc.tree();
    for (pi, pass) in ctx.answer.passes.iter().enumerate() {
        if let Some(a) = tree.attr(ctx.text, pass.node, "wasPassProcessed") {
            let span = a.span;
            ctx.push(
                "U016",
                span,
                Target { pass: Some(pi), ..Target::default() },
                "wasPassProcessed: this file was copied from Setup's cache; Setup skips passes marked processed".into(),
            )
            .help = Some("start again from the original answer file, not the copy under Panther".into());
        }
    }
    if let Some(p) = find_sensitive_deleted(ctx.text) {
        let d = ctx.push(
            "U016",
            Span::new(p, p + 24),
            Target::default(),
            "*SENSITIVE*DATA*DELETED*: Setup removed secrets from this cached copy; the passwords here are not real".into(),
        );
        d.severity = Severity::Warning;
    }
}

/// Where Setup's `*SENSITIVE*DATA*DELETED*` first appears: only the places of a `*`
/// (rare in answer files, found by the vectorised memchr) are tried, which costs less
/// than a substring search's set-up and scan on every file.
fn find_sensitive_deleted(text: &str) -> Option<usize> {
    const MARK: &[u8] = b"*SENSITIVE*DATA*DELETED*";
    let b = text.as_bytes();
    memchr::memchr_iter(b'*', b).find(|&i| b[i..].starts_with(MARK))
}
