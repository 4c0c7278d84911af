//! Whole-file setting rules (U070–U075): every element below a `<component>` is looked up in
//! the settings catalog by its path (`OOBE/HideEULAPage`) and checked for its passes, value,
//! list-item attributes and deprecation.
//!
//! The command lists have rules of their own (U020–U061); inside them only the pass of items
//! and fields (U071) and deprecation (U074) are checked here, and a list container in the wrong
//! pass is left to U020.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::{Ctx, Fix, Severity, Target};
use crate::catalog::NS_WCM;
use crate::catalog::settings::{
    self, ComponentInfo, Form, KeyForm, Kind, SettingInfo, ValueProblem, ValueType, check_value,
    suggest,
};
use crate::document::Edit;
use crate::xml::{NodeId, Span, split_qname};

/// What the walk carries down the tree.
#[derive(Clone, Copy)]
struct Scope<'s> {
    /// The component name as written in the file.
    component: &'s str,
    /// The component in the catalog.
    id: settings::ComponentId,
    /// The pass name, when it is one of the seven (U071 is skipped otherwise).
    pass: Option<&'static str>,
    /// Pass index and component index, for the target.
    pi: usize,
    ci: usize,
    /// Inside one of the six command lists: only U071 and U074 apply there.
    in_list: bool,
    /// An ancestor already stands for a pass problem (reported, or left to U020).
    pass_done: bool,
    /// An ancestor (or the component) was already reported deprecated.
    deprecation_done: bool,
}

impl Scope<'_> {
    fn target(&self) -> Target {
        Target {
            pass: Some(self.pi),
            component: Some(self.ci),
            ..Target::default()
        }
    }
}

pub(super) fn check(ctx: &mut Ctx) {
    let answer = ctx.answer;
    // One path buffer for every walk: `visit` appends and truncates.
    let mut path = String::new();
    for (pi, pass) in answer.passes.iter().enumerate() {
        let pass_name = pass.kind.map(|k| k.name());
        for (ci, comp) in pass.components.iter().enumerate() {
            // A component without a name is U013's.
            let Some(name) = comp.name.as_deref().filter(|n| !n.trim().is_empty()) else {
                continue;
            };
            let Some(id) = settings::component_id(name) else {
                let scope = Scope {
                    component: name,
                    id: settings::ComponentId::default(),
                    pass: pass_name,
                    pi,
                    ci,
                    in_list: false,
                    pass_done: false,
                    deprecation_done: false,
                };
                unknown_component(ctx, &scope, name, name_span(ctx, comp.node));
                continue;
            };
            let mut scope = Scope {
                component: name,
                id,
                pass: pass_name,
                pi,
                ci,
                in_list: false,
                pass_done: false,
                deprecation_done: false,
            };
            let info = settings::component_of(id);
            if let Some(info) = info
                && let Some(dep) = info.deprecated
            {
                let span = name_span(ctx, comp.node);
                deprecated_component(ctx, &scope, info, dep.describe(), span);
                scope.deprecation_done = true;
            }
            for &node in &comp.other_settings {
                visit(ctx, scope, node, &mut path);
            }
            for list in comp.lists.iter().filter(|l| !l.misplaced) {
                let list_scope = Scope {
                    in_list: true,
                    ..scope
                };
                visit(ctx, list_scope, list.node, &mut path);
            }
        }
    }
}

/// The `name` attribute's value, or the start tag when there is none.
fn name_span(ctx: &Ctx, node: NodeId) -> Span {
    let tree = ctx.doc.tree();
    tree.attr(ctx.text, node, "name")
        .map(|a| a.value)
        .unwrap_or_else(|| tree.node(node).start_tag())
}

fn unknown_component(ctx: &mut Ctx, scope: &Scope, name: &str, span: Span) {
    let d = ctx.push(
        "U075",
        span,
        scope.target(),
        format!(
            "component \"{name}\" is not in the public reference (2018 snapshot); its settings are not checked"
        ),
    );
    d.help = Some(
        "it may be newer than the reference, third-party, or misspelled; check the name in Windows SIM"
            .into(),
    );
}

fn deprecated_component(
    ctx: &mut Ctx,
    scope: &Scope,
    info: &ComponentInfo,
    words: String,
    span: Span,
) {
    let d = ctx.push(
        "U074",
        span,
        scope.target(),
        format!("component {} is {words} (per the reference)", info.name),
    );
    d.help =
        Some("Windows may ignore its settings; remove the component if it is not needed".into());
}

/// Checks one element whose parent has path `path` ("" for the component's children), then
/// its children. An element the catalog does not know is reported once; its subtree is skipped.
/// `path` is a shared buffer: it is extended by this element's name and restored on return.
fn visit(ctx: &mut Ctx, scope: Scope, node: NodeId, path: &mut String) {
    let parent_len = path.len();
    let local = local_part(ctx.doc.tree().name(ctx.text, node));
    if parent_len > 0 {
        path.push('/');
    }
    path.push_str(local);
    visit_at(ctx, scope, node, local, path, parent_len == 0);
    path.truncate(parent_len);
}

/// The local part of a qualified name, as [`crate::xml::split_qname`] gives
/// it (after the first `:`), found with a plain loop: names are short.
fn local_part(qname: &str) -> &str {
    match qname.bytes().position(|b| b == b':') {
        Some(colon) => &qname[colon + 1..],
        None => qname,
    }
}

fn visit_at(
    ctx: &mut Ctx,
    mut scope: Scope,
    node: NodeId,
    local: &str,
    path: &mut String,
    top: bool,
) {
    let tree = ctx.doc.tree();
    let tag = tree.node(node).start_tag();
    let Some(info) = settings::setting_in(scope.id, path) else {
        if !scope.in_list {
            unknown_setting(ctx, &scope, local, path, tag);
        }
        return;
    };
    if info.form != Form::Element {
        if !scope.in_list {
            misplaced_form(ctx, &scope, info, tag);
        }
        return;
    }
    let is_list_container = scope.in_list && top;
    if !scope.pass_done
        && let Some(pass) = scope.pass
        && !info.passes.is_empty()
        && !info.passes.contains(pass)
    {
        scope.pass_done = true;
        if !is_list_container {
            wrong_pass(ctx, &scope, info, pass, tag);
        }
    }
    if !scope.deprecation_done
        && let Some(dep) = info.deprecated
    {
        scope.deprecation_done = true;
        let d = ctx.push(
            "U074",
            tag,
            scope.target(),
            format!("{} is {} (per the reference)", info.path, dep.describe()),
        );
        d.help = Some("Windows may ignore it; remove it unless an older Windows needs it".into());
    }
    if !scope.in_list {
        if info.list_item {
            list_item(ctx, &scope, info, node, tag);
        }
        if info.kind == Kind::Value && !tree.has_element_children(node) {
            value(ctx, &scope, info, node);
        }
    }
    // Walking is always correct, skipping is only faster.
    if is_list_container && list_is_quiet(&scope, path) {
        return;
    }
    for child in tree.elements(node) {
        visit(ctx, scope, child, path);
    }
}

/// Whether nothing below a command list can be reported: inside a list only
/// the pass and deprecation rules speak, and only for settings the catalog
/// knows below the list's path, so when none of those is restricted to
/// other passes (or the pass is already reported) and none is deprecated
/// (or a deprecation is already reported), the list's commands need no walk.
/// The answer depends only on the component, the list's path, the pass and
/// the deprecation flag: it is remembered per thread (see [`QUIET`]), so a
/// run over many files scans the catalog once per kind of list instead of
/// looking up every element of every command of every file.
fn list_is_quiet(scope: &Scope, path: &str) -> bool {
    let pass = if scope.pass_done { None } else { scope.pass };
    let deprecation = !scope.deprecation_done;
    let same = |k: &QuietKey| {
        k.component == scope.id
            && k.pass == pass
            && k.deprecation == deprecation
            && *k.path == *path
    };
    if let Some(quiet) = QUIET.with_borrow(|known| known.iter().find(|(k, _)| same(k)).map(|e| e.1))
    {
        return quiet;
    }
    let quiet = !settings::below_may_flag(scope.id, path, pass, deprecation);
    QUIET.with_borrow_mut(|known| {
        if known.len() < QUIET_KNOWN_MAX {
            let key = QuietKey {
                component: scope.id,
                path: path.into(),
                pass,
                deprecation,
            };
            known.push((key, quiet));
        }
    });
    quiet
}

/// What [`list_is_quiet`] answers from.
struct QuietKey {
    component: settings::ComponentId,
    path: Box<str>,
    pass: Option<&'static str>,
    deprecation: bool,
}

/// How many answers [`QUIET`] keeps: the catalog has six lists, so a few
/// dozen covers every pass and flag; past that lists are simply scanned.
const QUIET_KNOWN_MAX: usize = 64;

thread_local! {
    /// [`list_is_quiet`]'s answers so far on this thread.
    static QUIET: std::cell::RefCell<Vec<(QuietKey, bool)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn unknown_setting(ctx: &mut Ctx, scope: &Scope, local: &str, path: &str, tag: Span) {
    let mut message = format!(
        "<{local}> ({path}) is not in the public reference (2018 snapshot) for {}",
        scope.component
    );
    if let Some(s) = suggest(scope.component, path) {
        message.push_str("; ");
        message.push_str(&s.message());
    }
    let d = ctx.push("U070", tag, scope.target(), message);
    d.help = Some(
        "a typo, a setting of another component, or a setting newer than the reference; Windows SIM flags settings it does not know and Setup may refuse the file"
            .into(),
    );
}

/// The catalog knows the name, but as the parent's key attribute or text, not as an element.
fn misplaced_form(ctx: &mut Ctx, scope: &Scope, info: &SettingInfo, tag: Span) {
    let parent = info
        .parent_path()
        .rsplit('/')
        .next()
        .unwrap_or(info.parent_path());
    let how = match info.form {
        Form::KeyValueAttribute => format!("as the wcm:keyValue attribute of <{parent}>"),
        _ => format!("as the text of <{parent}>"),
    };
    ctx.push(
        "U070",
        tag,
        scope.target(),
        format!(
            "<{}> is not an element in the public reference (2018 snapshot): it is written {how}",
            info.name()
        ),
    );
}

fn wrong_pass(ctx: &mut Ctx, scope: &Scope, info: &SettingInfo, pass: &str, tag: Span) {
    let valid: Vec<&str> = info.passes.names().collect();
    let d = ctx.push(
        "U071",
        tag,
        scope.target(),
        format!(
            "{} is not valid in {pass}; the reference allows it only in {}",
            info.path,
            valid.join(", ")
        ),
    );
    d.help = Some(format!(
        "move it to the {} pass (Windows ignores it here)",
        valid.join(" or ")
    ));
}

/// U073: a list item needs `wcm:action`, and a keyed item its key.
fn list_item(ctx: &mut Ctx, scope: &Scope, info: &SettingInfo, node: NodeId, tag: Span) {
    let tree = ctx.doc.tree();
    let name = info.name();
    let attr_local = |want: &str| {
        tree.attrs(node)
            .iter()
            .find(|a| split_qname(a.name.of(ctx.text)).1 == want)
    };
    match attr_local("action") {
        None => {
            let q = crate::ops::layout::quote_char(ctx.doc);
            let insert = match tree.prefix_for(ctx.text, node, NS_WCM) {
                Some(p) if !p.is_empty() => format!(" {p}:action={q}add{q}"),
                _ => format!(" wcm:action={q}add{q} xmlns:wcm={q}{NS_WCM}{q}"),
            };
            let at = tree.node(node).name(ctx.text).end as usize;
            let d = ctx.push(
                "U073",
                tag,
                scope.target(),
                format!("<{name}> is a list item but has no wcm:action (add, modify or remove)"),
            );
            d.fix = Some(Fix {
                label: "add wcm:action=\"add\"".into(),
                edits: vec![Edit::insert(at, insert)],
            });
        }
        Some(a) => {
            let v = a.value.of(ctx.text);
            if !matches!(v, "add" | "modify" | "remove") {
                let span = a.value;
                ctx.push(
                    "U073",
                    span,
                    scope.target(),
                    format!("wcm:action=\"{v}\" on <{name}> is not add, modify or remove"),
                );
            }
        }
    }
    let Some(key) = info.key else { return };
    match info.key_form {
        Some(KeyForm::Attribute) => match attr_local("keyValue") {
            None => {
                ctx.push(
                    "U073",
                    tag,
                    scope.target(),
                    format!(
                        "<{name}> has no wcm:keyValue; each item needs its own {key} to tell it apart"
                    ),
                );
            }
            Some(a) => {
                let key_path = format!("{}/{key}", info.path);
                let value = crate::xml::unescape(a.value.of(ctx.text)).into_owned();
                let span = a.value;
                if let Some(key_info) = settings::setting(scope.component, &key_path)
                    && let Err(problem) = check_value(key_info, &value)
                {
                    ctx.push(
                        "U072",
                        span,
                        scope.target(),
                        format!("wcm:keyValue of <{name}>: {problem}"),
                    );
                }
            }
        },
        Some(KeyForm::Child)
            if !tree
                .elements(node)
                .any(|c| tree.local_name(ctx.text, c) == key) =>
        {
            ctx.push(
                "U073",
                tag,
                scope.target(),
                format!("<{name}> has no <{key}>; each item needs its own {key} to tell it apart"),
            );
        }
        _ => {}
    }
}

/// U072: the element's text against the setting's type and limits.
///
/// Two softenings, both for what real files do and Windows accepts:
/// - an enumeration value in another case is accepted when a setting of the same name documents
///   that exact spelling (the reference spells International-Core-WinPE's `WillShowUI` value
///   `onError`, every other `WillShowUI` page and Windows SIM write `OnError`);
/// - an empty text setting whose page says "does not support empty elements" is a warning, not
///   an error: an empty `<ProductKey><Key/></ProductKey>` is common and Setup then asks for a key.
fn value(ctx: &mut Ctx, scope: &Scope, info: &SettingInfo, node: NodeId) {
    let tree = ctx.doc.tree();
    let text = tree.value_cow(ctx.text, node);
    let Err(problem) = check_value(info, &text) else {
        return;
    };
    if let ValueProblem::WrongCase { value, .. } = &problem
        && spelled_elsewhere(info.name(), value.trim())
    {
        return;
    }
    let soft = matches!(problem, ValueProblem::Empty { .. })
        && matches!(info.value_type, ValueType::String | ValueType::Unknown)
        && info.constraints.enum_values.is_empty();
    let n = tree.node(node);
    let span = if n.content().is_empty() {
        n.span
    } else {
        n.content()
    };
    let mut said = problem.to_string();
    if crate::secrets::is_secret(tree, ctx.text, node) && !text.trim().is_empty() {
        // Never echo a secret, not even part of it: say only what is wrong with it.
        said = format!(
            "{}: this secret value ({} characters) does not meet the reference's limits for the setting; it is not shown",
            info.name(),
            text.chars().count()
        );
    }
    let message = if said.starts_with(info.name()) {
        said
    } else {
        format!("{}: {said}", info.name())
    };
    let d = ctx.push("U072", span, scope.target(), message);
    if soft {
        d.severity = Severity::Warning;
        d.help = Some(
            "the reference says this setting does not support empty elements; give it a value or remove it"
                .into(),
        );
    }
}

/// True when some setting named `name` documents `value` as an allowed literal, exact case.
fn spelled_elsewhere(name: &str, value: &str) -> bool {
    static SPELLINGS: OnceLock<HashSet<(&'static str, &'static str)>> = OnceLock::new();
    SPELLINGS
        .get_or_init(|| {
            let mut set = HashSet::new();
            for c in settings::components() {
                let mut stack = vec![""];
                while let Some(parent) = stack.pop() {
                    for s in settings::children(c.name, parent) {
                        for v in &s.constraints.enum_values {
                            set.insert((s.name(), *v));
                        }
                        stack.push(s.path);
                    }
                }
            }
            set
        })
        .contains(&(name, value))
}
