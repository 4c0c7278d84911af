//! Rules on the command lists and their commands (spec §3, §4).

use super::{Ctx, Fix, Severity, Target};
use crate::answer::{Command, CommandAddr, CommandList, FieldKind};
use crate::catalog::settings::did_you_mean;
use crate::catalog::{self, UserInput};
use crate::cmdline::ascii::trim_whitespace;
use crate::document::Edit;
use crate::ops::{self, ListAddr, Op};
use crate::xml::{NodeId, Span};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// A hasher for the Order numbers of one list: they are the caller's own
/// integers, not an attacker's keys, so one multiplication mixes enough
/// (the standard hasher's SipHash was a visible share of large lists).
#[derive(Default)]
struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_i64(&mut self, n: i64) {
        // Fold the high bits down so that the table index (low bits) sees them.
        let mixed = (n as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = mixed ^ (mixed >> 29);
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    check_part(ctx, 0..usize::MAX);
    account_passwords(ctx);
}

/// The list and command rules for the commands at positions `part` of the
/// file order (the two-thread check gives each thread one part). A list's own
/// rules go with the part holding its first command (an empty list, with the
/// part where its first command would be), so that the parts' diagnostics,
/// joined in order, are those of one pass over every list.
pub(super) fn check_part(ctx: &mut Ctx, part: Range<usize>) {
    let mut start = 0;
    // One cache for every list (it remembers the last list's parent); a list
    // split between the parts has a cache in each: it only saves work, the
    // answers are the same.
    let mut prefixes = PrefixCache::default();
    for (pi, pass) in ctx.answer.passes.iter().enumerate() {
        for (ci, comp) in pass.components.iter().enumerate() {
            for (li, list) in comp.lists.iter().enumerate() {
                let (first, end) = (start, start + list.commands.len());
                start = end;
                if first >= part.end {
                    return;
                }
                // Wholly before the part, but for an empty list at its start.
                if end < part.start || (end == part.start && first < end) {
                    continue;
                }
                let la = ListAddr {
                    pass: pi,
                    component: ci,
                    list: li,
                };
                if first >= part.start {
                    list_rules(ctx, la, list);
                }
                let from = part.start.saturating_sub(first);
                let to = part.end.saturating_sub(first).min(list.commands.len());
                for (i, cmd) in list.commands.iter().enumerate().take(to).skip(from) {
                    command_rules_in(ctx, la.command(i), list, cmd, &mut prefixes);
                }
            }
        }
    }
}

fn start_tag(ctx: &Ctx, node: NodeId) -> Span {
    ctx.doc.tree().node(node).start_tag()
}

pub(super) fn list_rules(ctx: &mut Ctx, la: ListAddr, list: &CommandList) {
    let doc = ctx.doc;
    let tree = ctx.doc.tree();
    let pass = &ctx.answer.passes[la.pass];
    let comp = &pass.components[la.component];
    let target = Target {
        pass: Some(la.pass),
        component: Some(la.component),
        list: Some(la.list),
        ..Target::default()
    };
    let tag = start_tag(ctx, list.node);
    let spec = list.spec;
    if list.misplaced {
        let owner = catalog::lists_named(spec.container)
            .map(|l| l.component)
            .collect::<Vec<_>>()
            .join(" or ");
        ctx.push(
            "U021",
            tag,
            target.clone(),
            format!(
                "<{}> belongs under {owner}, not {}",
                spec.container,
                comp.name.as_deref().unwrap_or("this component")
            ),
        );
    } else if let Some(k) = pass.kind
        && !spec.passes.contains(&k)
    {
        let valid: Vec<&str> = spec.passes.iter().map(|p| p.name()).collect();
        ctx.push(
            "U020",
            tag,
            target.clone(),
            format!(
                "{} is not valid in {}; Windows runs it only in {}",
                spec.label(),
                k.name(),
                valid.join(" and ")
            ),
        );
    }
    for &s in &list.strays {
        let local = tree.local_name(ctx.text, s);
        let other = catalog::lists().iter().find(|l| l.item == local);
        let msg = match other {
            Some(o) => format!(
                "<{local}> is the item of {}, not of {}; write <{}> here",
                o.label(),
                spec.container,
                spec.item
            ),
            None => format!(
                "<{local}> does not belong in {}; its items are <{}>",
                spec.container, spec.item
            ),
        };
        ctx.push("U021", start_tag(ctx, s), target.clone(), msg);
    }
    if list.commands.len() > 500 {
        ctx.push(
            "U033",
            tag,
            target.clone(),
            format!(
                "{} has {} commands; Order allows at most 500",
                spec.container,
                list.commands.len()
            ),
        );
    }
    // U032: duplicate Orders, reported on each repeat. The renumbering fix
    // covers the whole list, so only the first report carries it (a list of
    // thousands of duplicates would otherwise copy it thousands of times).
    let mut first_of = FirstOf::for_len(list.commands.len());
    let mut fix_given = false;
    for (i, cmd) in list.commands.iter().enumerate() {
        let Some(n) = cmd.order_number(doc) else {
            continue;
        };
        let Some(first) = first_of.first_or_insert(n, i) else {
            continue;
        };
        let span = cmd
            .order
            .as_ref()
            .map(|o| ctx.doc.tree().node(o.node).span)
            .unwrap_or(tag);
        let first_line = ctx
            .doc
            .line_col(tree.node(list.commands[first].node).span.start as usize)
            .line;
        let fix = if fix_given {
            None
        } else {
            fix_given = true;
            ops::plan(ctx.doc, ctx.answer, &Op::Renumber(la))
                .ok()
                .map(|(edits, _)| Fix {
                    label: format!("renumber {} 1..{}", spec.container, list.commands.len()),
                    edits,
                })
        };
        let d = ctx.push(
            "U032",
            span,
            Target::command(la.command(i), Some(FieldKind::Order)),
            format!(
                "Order {n} is used twice in {} (first at line {first_line})",
                spec.container
            ),
        );
        if fix.is_none() {
            d.help =
                Some("unattui fix renumbers the whole list, keeping the current sequence".into());
        }
        d.fix = fix;
    }
}

/// Each Order value and the first command that has it: searched in place for a
/// short list (the usual one), in a map for a long one.
struct FirstOf {
    /// How many entries of `few` are in use.
    len: usize,
    few: [(i64, usize); FIRST_OF_FEW],
    /// For lists of more than [`FIRST_OF_FEW`] commands, instead of `few`.
    many: Option<HashMap<i64, usize, BuildHasherDefault<IntHasher>>>,
}

/// Commands up to which [`FirstOf`] searches instead of hashing.
const FIRST_OF_FEW: usize = 16;

impl FirstOf {
    fn for_len(len: usize) -> FirstOf {
        FirstOf {
            len: 0,
            few: [(0, 0); FIRST_OF_FEW],
            many: (len > FIRST_OF_FEW)
                .then(|| HashMap::with_capacity_and_hasher(len, Default::default())),
        }
    }

    /// The first command with Order `n`, or None after recording command `i` as it.
    fn first_or_insert(&mut self, n: i64, i: usize) -> Option<usize> {
        if let Some(map) = &mut self.many {
            return match map.get(&n) {
                Some(&first) => Some(first),
                None => {
                    map.insert(n, i);
                    None
                }
            };
        }
        if let Some(&(_, first)) = self.few[..self.len].iter().find(|(m, _)| *m == n) {
            return Some(first);
        }
        // Never full: the list has at most `FIRST_OF_FEW` commands.
        if let Some(slot) = self.few.get_mut(self.len) {
            *slot = (n, i);
            self.len += 1;
        }
        None
    }
}

/// The content span of a command field (the element when empty, the
/// command's start tag when the field is absent).
pub(super) fn field_span(ctx: &Ctx, cmd: &Command, f: FieldKind) -> Span {
    match cmd.field(f) {
        Some(field) => {
            let n = ctx.doc.tree().node(field.node);
            if n.content().is_empty() {
                n.span
            } else {
                n.content()
            }
        }
        None => start_tag(ctx, cmd.node),
    }
}

pub(super) fn command_rules(ctx: &mut Ctx, a: CommandAddr, list: &CommandList, cmd: &Command) {
    command_rules_in(ctx, a, list, cmd, &mut PrefixCache::default());
}

/// Whether an attribute's qualified name has the local part `action` (the
/// part after the first `:`, as [`crate::xml::split_qname`] splits it).
fn is_action(qname: &str) -> bool {
    let local = match qname.bytes().position(|b| b == b':') {
        Some(colon) => &qname[colon + 1..],
        None => qname,
    };
    local == "action"
}

/// Whether a prefix is declared on the parent of the commands of one list
/// (or above it), remembered across the list's commands: the same question
/// for each of thousands of commands walks the same ancestors.
#[derive(Default)]
struct PrefixCache {
    /// The parent asked about, and the answer; the prefix is in `prefix`.
    known: Option<(NodeId, bool)>,
    /// Kept between lists, so that it is allocated once.
    prefix: String,
}

/// Whether `prefix` resolves at `node`, as [`crate::xml::Tree::resolve_prefix`]
/// decides it: on the node's own attributes first, then (cached) above it.
fn prefix_declared(ctx: &Ctx, node: NodeId, prefix: &str, cache: &mut PrefixCache) -> bool {
    let tree = ctx.doc.tree();
    let parent = tree.parent(node);
    let (Some(parent), false) = (parent, prefix.is_empty()) else {
        return tree.resolve_prefix(ctx.text, node, prefix).is_some();
    };
    let own = tree
        .attrs(node)
        .iter()
        .any(|a| a.name.of(ctx.text).strip_prefix("xmlns:") == Some(prefix));
    if prefix == "xml" || own {
        return true;
    }
    if let Some((at, declared)) = cache.known
        && at == parent
        && cache.prefix == prefix
    {
        return declared;
    }
    let declared = tree.resolve_prefix(ctx.text, parent, prefix).is_some();
    cache.known = Some((parent, declared));
    cache.prefix.clear();
    cache.prefix.push_str(prefix);
    declared
}

fn command_rules_in(
    ctx: &mut Ctx,
    a: CommandAddr,
    list: &CommandList,
    cmd: &Command,
    prefixes: &mut PrefixCache,
) {
    let doc = ctx.doc;
    let spec = list.spec;
    let tree = ctx.doc.tree();
    let tag = start_tag(ctx, cmd.node);
    let t = |f: Option<FieldKind>| Target::command(a, f);

    // U022: wcm:action.
    let action = tree
        .attrs(cmd.node)
        .iter()
        .find(|at| is_action(at.name.of(ctx.text)));
    if action.is_none() {
        let q = crate::ops::layout::quote_char(ctx.doc);
        let insert = match tree.prefix_for(ctx.text, cmd.node, catalog::NS_WCM) {
            Some(p) if !p.is_empty() => format!(" {p}:action={q}add{q}"),
            _ => format!(" wcm:action={q}add{q} xmlns:wcm={q}{}{q}", catalog::NS_WCM),
        };
        let name_end = tree.node(cmd.node).name(ctx.text).end as usize;
        let d = ctx.push(
            "U022",
            tag,
            t(None),
            format!("<{}> has no wcm:action=\"add\"", spec.item),
        );
        d.fix = Some(Fix {
            label: "add wcm:action=\"add\"".into(),
            edits: vec![Edit::insert(name_end, insert)],
        });
    } else if let Some(at) = action {
        let (prefix, _) = crate::xml::split_qname(at.name.of(ctx.text));
        if !prefix.is_empty() && !prefix_declared(ctx, cmd.node, prefix, prefixes) {
            let d = ctx.push(
                "U022",
                at.span,
                t(None),
                format!("the prefix \"{prefix}\" of {prefix}:action is not declared"),
            );
            d.severity = Severity::Error;
            d.help = Some(format!(
                "declare xmlns:{prefix}=\"{}\" on the component",
                catalog::NS_WCM
            ));
        }
    }

    // U023: unknown children, and the user-name spelling.
    for &u in &cmd.unknown {
        let local = tree.local_name(ctx.text, u);
        let mut known: Vec<&str> = vec!["Order", "Description", spec.program];
        if spec.will_reboot {
            known.push("WillReboot");
        }
        if spec.requires_user_input != UserInput::Absent {
            known.push("RequiresUserInput");
        }
        if spec.credentials {
            known.push("Credentials");
        }
        if local == "WillReboot" {
            ctx.push(
                "U051",
                start_tag(ctx, u),
                t(None),
                format!("{} has no WillReboot; Setup rejects it here", spec.label()),
            );
            continue;
        }
        let msg = if known.contains(&local) {
            format!("<{local}> appears more than once; only the first counts")
        } else if local == "Path" || local == "CommandLine" {
            format!(
                "{} commands take <{}>, not <{local}>",
                spec.label(),
                spec.program
            )
        } else {
            match did_you_mean(local, known.iter().copied()) {
                Some(s) => format!("unknown element <{local}> in a command; did you mean <{s}>?"),
                None => format!(
                    "unknown element <{local}> in a command (expected {})",
                    known.join(", ")
                ),
            }
        };
        ctx.push("U023", start_tag(ctx, u), t(None), msg);
    }
    if let Some(c) = &cmd.credentials {
        if let Some(sp) = c.username_spelling.as_deref()
            && sp != spec.user_name
            && let Some(u) = &c.username
        {
            let span = start_tag(ctx, u.node);
            ctx.push(
                "U023",
                span,
                t(Some(FieldKind::Username)),
                format!(
                    "the reference spells this <{}> for {}; <{sp}> may be ignored",
                    spec.user_name,
                    spec.label()
                ),
            );
        }
        for &u in &c.unknown {
            let local = tree.local_name(ctx.text, u).to_owned();
            let sug = did_you_mean(&local, ["Domain", spec.user_name, "Password"]);
            let msg = match sug {
                Some(s) => format!("unknown element <{local}> in Credentials; did you mean <{s}>?"),
                None => format!(
                    "unknown element <{local}> in Credentials (expected Domain, {}, Password)",
                    spec.user_name
                ),
            };
            ctx.push("U023", start_tag(ctx, u), t(None), msg);
        }
    }

    order_rules(ctx, a, list, cmd);
    program_rules(ctx, a, list, cmd);

    // U050: Description length.
    if let (Some(max), Some(d)) = (spec.description_max, &cmd.description) {
        // No more characters than bytes: only a long value needs counting.
        let n = if d.value(doc).len() > max {
            d.value(doc).chars().count()
        } else {
            0
        };
        if n > max {
            let span = field_span(ctx, cmd, FieldKind::Description);
            ctx.push(
                "U050",
                span,
                t(Some(FieldKind::Description)),
                format!(
                    "Description is {n} characters; {} allows {max}",
                    spec.label()
                ),
            );
        }
    }
    // U051: WillReboot value.
    if let Some(w) = &cmd.will_reboot
        && !matches!(w.value(doc).trim(), "Always" | "OnRequest" | "Never")
    {
        let span = field_span(ctx, cmd, FieldKind::WillReboot);
        let v = w.value(doc).trim();
        let hint = ["Always", "OnRequest", "Never"]
            .into_iter()
            .find(|x| x.eq_ignore_ascii_case(v));
        let msg = match hint {
            Some(h) => format!("WillReboot \"{v}\" must be written \"{h}\" (exact case)"),
            None => format!("WillReboot \"{v}\" is not Always, OnRequest or Never"),
        };
        let content = ctx.doc.tree().node(w.node).content();
        let plain = ctx.doc.tree().children(w.node).next().is_none();
        let d = ctx.push("U051", span, t(Some(FieldKind::WillReboot)), msg);
        if let (Some(h), true) = (hint, plain) {
            d.fix = Some(Fix {
                label: format!("write WillReboot as \"{h}\""),
                edits: vec![Edit::replace(content.range(), h)],
            });
        }
    }
    // U052: RequiresUserInput.
    if let Some(r) = &cmd.requires_user_input {
        let span = field_span(ctx, cmd, FieldKind::RequiresUserInput);
        let v = r.value(doc).trim();
        if !v.eq_ignore_ascii_case("true") && !v.eq_ignore_ascii_case("false") {
            ctx.push(
                "U052",
                span,
                t(Some(FieldKind::RequiresUserInput)),
                format!("RequiresUserInput \"{v}\" is not true or false"),
            );
        } else if spec.requires_user_input == UserInput::Unused {
            let d = ctx.push(
                "U052",
                span,
                t(Some(FieldKind::RequiresUserInput)),
                "RequiresUserInput is not used in LogonCommands; it has no effect".into(),
            );
            d.severity = Severity::Info;
        }
    }
    // U060 / U061: credentials.
    if let Some(c) = &cmd.credentials {
        for (f, field) in [
            (FieldKind::Domain, &c.domain),
            (FieldKind::Username, &c.username),
            (FieldKind::Password, &c.password),
        ] {
            let name = f.element(spec);
            match field {
                None => {
                    ctx.push(
                        "U060",
                        start_tag(ctx, c.node),
                        t(Some(f)),
                        format!(
                            "Credentials has no <{name}>; Domain, {} and Password are all required",
                            spec.user_name
                        ),
                    );
                }
                Some(v) if v.value(doc).trim().is_empty() => {
                    let span = ctx.doc.tree().node(v.node).span;
                    ctx.push(
                        "U060",
                        span,
                        t(Some(f)),
                        format!("Credentials <{name}> is empty"),
                    );
                }
                _ => {}
            }
        }
        if let Some(p) = &c.password
            && !p.value(doc).trim().is_empty()
        {
            let span = ctx.doc.tree().node(p.node).span;
            let d = ctx.push(
                "U061",
                span,
                t(Some(FieldKind::Password)),
                "this command's Credentials password is stored in clear text; Windows offers no way to hide it".into(),
            );
            d.help = Some("use an account with only the rights the command needs, and keep the file out of shared places".into());
        }
    }
}

fn order_rules(ctx: &mut Ctx, a: CommandAddr, list: &CommandList, cmd: &Command) {
    let doc = ctx.doc;
    let (lo, hi) = list.spec.order_range;
    match &cmd.order {
        None => {
            let tag = start_tag(ctx, cmd.node);
            ctx.push(
                "U030",
                tag,
                Target::command(a, Some(FieldKind::Order)),
                format!(
                    "command has no <Order>; every {} item needs a unique one",
                    list.spec.container
                ),
            );
        }
        Some(o) => {
            let v = trim_whitespace(o.value(doc));
            let ok = v
                .parse::<i64>()
                .ok()
                .filter(|n| (lo as i64..=hi as i64).contains(n));
            if ok.is_none() {
                let span = field_span(ctx, cmd, FieldKind::Order);
                let msg = if v.is_empty() {
                    "Order is empty".to_owned()
                } else {
                    format!("Order \"{v}\" is not an integer from {lo} to {hi}")
                };
                ctx.push(
                    "U031",
                    span,
                    Target::command(a, Some(FieldKind::Order)),
                    msg,
                );
            }
        }
    }
}

fn program_rules(ctx: &mut Ctx, a: CommandAddr, list: &CommandList, cmd: &Command) {
    let doc = ctx.doc;
    let spec = list.spec;
    let f = Some(FieldKind::Program);
    let Some(p) = &cmd.program else {
        let tag = start_tag(ctx, cmd.node);
        ctx.push(
            "U040",
            tag,
            Target::command(a, f),
            format!("command has no <{}>: there is nothing to run", spec.program),
        );
        return;
    };
    let span = field_span(ctx, cmd, FieldKind::Program);
    let value = p.value(doc);
    let trimmed = trim_whitespace(value);
    if trimmed.is_empty() {
        let d = ctx.push(
            "U040",
            span,
            Target::command(a, f),
            format!("<{}> is empty: there is nothing to run", spec.program),
        );
        if spec.program == "CommandLine" {
            d.severity = Severity::Warning;
            d.help = Some(
                "the reference allows an empty CommandLine, but the command then does nothing"
                    .into(),
            );
        }
        return;
    }
    // No more characters than bytes: only a long value needs counting.
    let n = if value.len() > spec.program_max {
        value.chars().count()
    } else {
        0
    };
    if n > spec.program_max {
        let d = ctx.push(
            "U041",
            span,
            Target::command(a, f),
            format!(
                "{} is {n} characters; {} allows {}",
                spec.program,
                spec.label(),
                spec.program_max
            ),
        );
        if !spec.program_max_is_error {
            d.severity = Severity::Warning;
            d.help = Some(
                "no limit is documented for Setup's Path; generators keep it within 255 characters"
                    .into(),
            );
        } else {
            d.help = Some("move the work into a script and run the script".into());
        }
    }
    if spec.credentials
        && (trimmed.starts_with("\\\\") || trimmed.starts_with("\"\\\\"))
        && cmd.credentials.is_none()
    {
        ctx.push(
            "U042",
            span,
            Target::command(a, f),
            "the program is on a UNC path but the command has no Credentials to reach it".into(),
        );
    }
    // U043 is checked with the will-it-run rules (runs.rs), which analyse
    // each command line once.
    if let Some(prog) = unquoted_spaced_program(trimmed) {
        let d = ctx.push("U044", span, Target::command(a, f), format!("the program path \"{prog}\" contains spaces but is not quoted; Windows tries \"{}\" first", prog.split(' ').next().unwrap_or("")));
        d.help = Some(format!("write \"{prog}\" in double quotes"));
    }
    if value != trimmed || memchr::memchr2(b'\n', b'\r', value.as_bytes()).is_some() {
        let tree = ctx.doc.tree();
        let content = tree.node(p.node).content();
        let plain = tree.children(p.node).next().is_none() && !trimmed.contains(['\n', '\r']);
        let d = ctx.push(
            "U045",
            span,
            Target::command(a, f),
            format!("{} has leading or trailing whitespace or a line break; Windows runs the value as written", spec.program),
        );
        if plain {
            d.fix = Some(Fix {
                label: "trim the whitespace".into(),
                edits: vec![Edit::replace(
                    content.range(),
                    crate::xml::escape_text(trimmed).into_owned(),
                )],
            });
        }
    }
}

/// `C:\Program Files\App\setup.exe /q` → `C:\Program Files\App\setup.exe`.
fn unquoted_spaced_program(line: &str) -> Option<&str> {
    // The answer is a prefix of the line containing a space and an
    // extension's dot: without both nothing can be found.
    let bytes = line.as_bytes();
    if line.starts_with('"') {
        return None;
    }
    // The answer must contain a space, so its first word (which must look
    // like a path) is the line's: without that nothing can be found. The
    // first word is usually short: a plain loop finds its end.
    let space = bytes.iter().position(|&b| b == b' ')?;
    let first = &bytes[..space];
    if !(first.iter().any(|&b| b == b'\\' || b == b':') || first.first() == Some(&b'%')) {
        return None;
    }
    // The extensions are tried in the order of the list, each at the dots
    // from left to right, and the first one found at a word end counts: the
    // dots are visited once, keeping the earliest-listed extension found
    // (at its first dot).
    let mut best: Option<(usize, usize)> = None;
    for at in memchr::memchr_iter(b'.', bytes) {
        let Some(k) = extension_at(bytes, at) else {
            continue;
        };
        if best.is_some_and(|(found, _)| found <= k) {
            continue;
        }
        // The extension is ASCII, so `end` is a character boundary.
        let end = at + 4;
        let at_boundary = line[end..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '"');
        if at_boundary {
            best = Some((k, end));
            if k == 0 {
                break;
            }
        }
    }
    let (_, end) = best?;
    let prog = &line[..end];
    // Only a path: a drive, a variable or a backslash before the first space.
    let first = prog.split(' ').next().unwrap_or("");
    let looks_path = first.contains(['\\', ':']) || first.starts_with('%');
    let has = |pair: &[u8]| prog.as_bytes().windows(2).any(|w| w == pair);
    (prog.contains(' ') && looks_path && !has(b" /") && !has(b" -")).then_some(prog)
}

/// Program extensions for U044, in the order they are tried, as the
/// little-endian numbers of their four lower-case bytes (dot included).
const EXTENSIONS: [u32; 7] = {
    let exts = [
        *b".exe", *b".cmd", *b".bat", *b".com", *b".msi", *b".ps1", *b".vbs",
    ];
    let mut out = [0; 7];
    let mut i = 0;
    while i < exts.len() {
        out[i] = u32::from_le_bytes(exts[i]);
        i += 1;
    }
    out
};

/// The position in [`EXTENSIONS`] of the extension (any letter case) that
/// starts at the dot `bytes[at]`.
fn extension_at(bytes: &[u8], at: usize) -> Option<usize> {
    let w = bytes.get(at..at + 4)?;
    let word = u32::from_le_bytes([
        w[0],
        w[1].to_ascii_lowercase(),
        w[2].to_ascii_lowercase(),
        w[3].to_ascii_lowercase(),
    ]);
    EXTENSIONS.iter().position(|&e| e == word)
}

/// U061 for account passwords: Value with PlainText true (spec §4).
pub(super) fn account_passwords(ctx: &mut Ctx) {
    let tree = ctx.doc.tree();
    for (pi, pass) in ctx.answer.passes.iter().enumerate() {
        for (ci, comp) in pass.components.iter().enumerate() {
            let mut stack: Vec<NodeId> = comp.other_settings.clone();
            while let Some(n) = stack.pop() {
                stack.extend(tree.elements(n));
                let local = tree.local_name(ctx.text, n);
                if !matches!(
                    local,
                    "Password" | "AdministratorPassword" | "OfflineAdministratorPassword"
                ) {
                    continue;
                }
                let kids: Vec<NodeId> = tree.elements(n).collect();
                let find = |name: &str| {
                    kids.iter()
                        .copied()
                        .find(|&k| tree.local_name(ctx.text, k) == name)
                };
                let (Some(value), plain) = (find("Value"), find("PlainText")) else {
                    continue;
                };
                let plain_val = plain.map(|p| tree.value(ctx.text, p).trim().to_ascii_lowercase());
                if plain_val.as_deref() == Some("false") {
                    continue;
                }
                let secret = tree.value(ctx.text, value);
                if secret.is_empty() || secret == "*SENSITIVE*DATA*DELETED*" {
                    continue;
                }
                let encoded = encode_password(&secret, local);
                let vnode = tree.node(value);
                let mut edits = vec![Edit::replace(vnode.content().range(), encoded)];
                match plain {
                    Some(p) => edits.push(Edit::replace(tree.node(p).content().range(), "false")),
                    None => {
                        let pre = crate::ops::layout::child_prefix(ctx.doc, n);
                        let m = crate::ops::layout::Markup::line(format!(
                            "<{pre}PlainText>false</{pre}PlainText>"
                        ));
                        edits.push(crate::ops::layout::insert_child(
                            ctx.doc,
                            n,
                            Some(value),
                            &m,
                        ));
                    }
                }
                let span = vnode.span;
                let d = ctx.push(
                    "U061",
                    span,
                    Target {
                        pass: Some(pi),
                        component: Some(ci),
                        ..Target::default()
                    },
                    format!("the {local} is stored in clear text (PlainText is not false)"),
                );
                d.help = Some("encode it the way Windows SIM's Hide Sensitive Data does (unattui fix); this obscures, it does not encrypt".into());
                d.fix = Some(Fix {
                    label: format!("encode the {local} as Windows SIM does"),
                    edits,
                });
            }
        }
    }
}

/// Windows SIM's "Hide Sensitive Data": Base64 of UTF-16LE of the password
/// followed by the element name (spec §4).
pub fn encode_password(password: &str, element: &str) -> String {
    let bytes: Vec<u8> = format!("{password}{element}")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    base64(&bytes)
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use crate::answer::Answer;
    use crate::document::Document;
    use crate::lint::{Diagnostic, check};

    /// A specialize RunSynchronous list with these items (raw XML), under a
    /// component that declares `wcm` (or not).
    fn lint(declare_wcm: bool, items: &str) -> Vec<Diagnostic> {
        let ns = if declare_wcm {
            r#" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State""#
        } else {
            ""
        };
        let text = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="specialize">
    <component name="Microsoft-Windows-Deployment" processorArchitecture="amd64" publicKeyToken="31bf3856ad364e35" language="neutral" versionScope="nonSxS"{ns}>
      <RunSynchronous>{items}</RunSynchronous>
    </component>
  </settings>
</unattend>
"#
        );
        let doc = Document::load(text.as_bytes()).expect("loads");
        let answer = Answer::build(&doc);
        check(&doc, &answer)
    }

    fn item(attrs: &str, order: &str) -> String {
        format!(
            "<RunSynchronousCommand {attrs}><Order>{order}</Order><Path>x.exe</Path></RunSynchronousCommand>"
        )
    }

    fn count(d: &[Diagnostic], code: &str, text: &str) -> usize {
        d.iter()
            .filter(|d| d.code == code && d.message.contains(text))
            .count()
    }

    #[test]
    fn undeclared_action_prefix_is_found_for_every_command() {
        // Declared on the component: nothing, however many commands.
        let items: String = (1..=5)
            .map(|n| item(r#"wcm:action="add""#, &n.to_string()))
            .collect();
        assert_eq!(count(&lint(true, &items), "U022", "not declared"), 0);
        // Declared nowhere: every command is reported (the answer is reused
        // across the list, it must still be given for each command).
        assert_eq!(count(&lint(false, &items), "U022", "not declared"), 5);
        // Declared on some commands only: only the others are reported.
        let mixed = [
            item(r#"wcm:action="add""#, "1"),
            item(
                r#"xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State" wcm:action="add""#,
                "2",
            ),
            item(r#"wcm:action="add""#, "3"),
            item(r#"other:action="add""#, "4"),
        ]
        .concat();
        let d = lint(false, &mixed);
        assert_eq!(
            count(&d, "U022", "\"wcm\" of wcm:action is not declared"),
            2
        );
        assert_eq!(
            count(&d, "U022", "\"other\" of other:action is not declared"),
            1
        );
    }

    #[test]
    fn action_attribute_names() {
        for (name, yes) in [
            ("wcm:action", true),
            ("action", true),
            ("x:action", true),
            ("a:b:action", false),
            ("wcm:actions", false),
            ("Action", false),
        ] {
            assert_eq!(super::is_action(name), yes, "{name}");
            assert_eq!(crate::xml::split_qname(name).1 == "action", yes, "{name}");
        }
    }

    #[test]
    fn duplicate_orders_with_any_numbers() {
        let orders = [
            "7",
            "-3",
            "9223372036854775807",
            "7",
            "-3",
            "1",
            "9223372036854775807",
        ];
        let items: String = orders
            .iter()
            .map(|o| item(r#"wcm:action="add""#, o))
            .collect();
        let d = lint(true, &items);
        let dups: Vec<&str> = d
            .iter()
            .filter(|d| d.code == "U032")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(dups.len(), 3, "{dups:?}");
        assert!(dups[0].starts_with("Order 7 is used twice"));
        assert!(dups[1].starts_with("Order -3 is used twice"));
        assert!(dups[2].starts_with("Order 9223372036854775807 is used twice"));
    }

    #[test]
    fn unquoted_spaced_program_picks_the_first_extension_in_list_order() {
        use super::unquoted_spaced_program as f;
        assert_eq!(
            f(r"C:\Program Files\App\setup.EXE /q"),
            Some(r"C:\Program Files\App\setup.EXE")
        );
        // `.exe` is tried before `.cmd`, wherever they are.
        assert_eq!(
            f(r"C:\My Tools\run.cmd C:\Other Dir\x.exe"),
            Some(r"C:\My Tools\run.cmd C:\Other Dir\x.exe")
        );
        // More dots than the array holds.
        let many = format!(r"C:\a b\{}x.exe y", "v.".repeat(20));
        assert_eq!(f(&many), Some(&many[..many.len() - 2]));
        assert_eq!(f(r"C:\Apps\x.exe.bak arg"), None);
        assert_eq!(f("setup.exe /q"), None);
        assert_eq!(f(r#""C:\Program Files\x.exe" /q"#), None);
        assert_eq!(f(r"C:\Program Files\x.exe\ /q"), None);
    }
}

#[cfg(test)]
mod u044_tests;
