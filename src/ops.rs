//! User-level edits as reversible operations, and the undo/redo history.
//!
//! Every operation turns into text [`Edit`]s computed from the typed view, in
//! the file's own indentation, quote style and line ending; the [`Editor`]
//! applies them through [`Document::apply`] (which re-parses, so a change can
//! never leave the document ill-formed) and records their inverse.

pub mod layout;
pub mod settings;
mod splice;

pub use settings::SettingAddr;

use crate::answer::{Answer, CommandAddr, FieldKind};
use crate::catalog::{self, ListKind, PassKind};
use crate::document::{Document, Edit};
use crate::lint::FieldChange;
use crate::xml::{NodeId, escape_attr, escape_text};
use layout::{Markup, child_prefix, insert_child, remove_node, set_content};
use std::fmt;

/// Address of a command list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ListAddr {
    /// Index into `Answer::passes`.
    pub pass: usize,
    /// Index into `Pass::components`.
    pub component: usize,
    /// Index into `Component::lists`.
    pub list: usize,
}

impl From<CommandAddr> for ListAddr {
    fn from(a: CommandAddr) -> ListAddr {
        ListAddr {
            pass: a.pass,
            component: a.component,
            list: a.list,
        }
    }
}

impl ListAddr {
    /// The address of command `i` of this list.
    pub fn command(self, i: usize) -> CommandAddr {
        CommandAddr {
            pass: self.pass,
            component: self.component,
            list: self.list,
            command: i,
        }
    }
}

/// One user-level edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// Set a field's value, creating its element (and `Credentials`) if absent.
    SetField(CommandAddr, FieldKind, String),
    /// Remove a field's element (and an emptied `Credentials`).
    ClearField(CommandAddr, FieldKind),
    /// Append a command with the next free Order and an empty program field.
    AddCommand(ListAddr),
    /// Remove a command.
    DeleteCommand(CommandAddr),
    /// Copy a command right after itself, with the next free Order.
    DuplicateCommand(CommandAddr),
    /// Swap Order with the previous command in Order sequence.
    MoveUp(CommandAddr),
    /// Swap Order with the next command in Order sequence.
    MoveDown(CommandAddr),
    /// Renumber a list 1..n, keeping its current sequence.
    Renumber(ListAddr),
    /// Add a command list (with one empty command) to a component.
    AddList {
        /// Pass index.
        pass: usize,
        /// Component index.
        component: usize,
        /// Which list.
        kind: ListKind,
    },
    /// Add a component with the standard attributes to a pass.
    AddComponent {
        /// Pass index.
        pass: usize,
        /// Component name.
        name: String,
        /// processorArchitecture.
        arch: String,
    },
    /// Add a `<settings>` block in Windows' pass order.
    AddPass(PassKind),
    /// Replace a setting's text (not for elements with child elements).
    SetSetting(SettingAddr, String),
    /// Append an empty setting element (a list item with `wcm:action="add"`).
    AddSetting {
        /// Pass index.
        pass: usize,
        /// Component index.
        component: usize,
        /// The containing setting; `None` for a direct child of the component.
        parent: Option<SettingAddr>,
        /// The element's local name.
        name: String,
    },
    /// Remove a setting element and everything in it.
    RemoveSetting(SettingAddr),
}

/// Why an operation could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpError(pub String);

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OpError {}

fn op_err<T>(msg: impl Into<String>) -> Result<T, OpError> {
    Err(OpError(msg.into()))
}

/// Where the user's attention should go after an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// A command (e.g. the one just added).
    Command(CommandAddr),
    /// A list.
    List(ListAddr),
    /// A component.
    Component(usize, usize),
    /// A pass.
    Pass(usize),
    /// Nothing in particular.
    None,
}

struct Step {
    id: u64,
    label: String,
    edits: Vec<Edit>,
}

/// A document, its typed view, and an unlimited undo/redo history.
pub struct Editor {
    doc: Document,
    answer: Answer,
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_id: u64,
    saved_id: u64,
    /// The last change when it only replaced command fields' text: the
    /// revisions before and after, and what changed (for revalidating only
    /// what it can affect, [`crate::lint::recheck`]).
    change: Option<(u64, u64, FieldChange)>,
}

impl Editor {
    /// Starts editing a loaded document.
    pub fn new(doc: Document) -> Editor {
        let answer = Answer::build(&doc);
        Editor {
            doc,
            answer,
            undo: Vec::new(),
            redo: Vec::new(),
            next_id: 1,
            saved_id: 0,
            change: None,
        }
    }

    /// The last change (apply, undo or redo), when it only replaced the text
    /// of command fields: the document revisions before and after it, and
    /// the fields with their old values.
    pub fn field_change(&self) -> Option<(u64, u64, &FieldChange)> {
        self.change.as_ref().map(|(a, b, c)| (*a, *b, c))
    }

    /// The document.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The typed view of the current document.
    pub fn answer(&self) -> &Answer {
        &self.answer
    }

    /// True when the text differs from the last save (or load).
    pub fn is_modified(&self) -> bool {
        self.undo.last().map(|s| s.id).unwrap_or(0) != self.saved_id
    }

    /// Marks the current state as saved.
    pub fn mark_saved(&mut self) {
        self.saved_id = self.undo.last().map(|s| s.id).unwrap_or(0);
    }

    /// Marks the current state as unsaved (e.g. restored from a recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_id = u64::MAX;
    }

    /// True when there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// True when there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies an operation and records it for undo.
    pub fn apply(&mut self, op: &Op) -> Result<Focus, OpError> {
        let (edits, focus) = plan(&self.doc, &self.answer, op)?;
        self.apply_edits(label(op), &edits)?;
        Ok(focus)
    }

    /// Applies raw edits as one undoable step (used by fixes and the repair view).
    pub fn apply_edits(&mut self, label: impl Into<String>, edits: &[Edit]) -> Result<(), OpError> {
        if edits.is_empty() {
            return Ok(());
        }
        let before = self.doc.revision();
        let inverse = self.doc.apply(edits).map_err(|e| {
            OpError(format!(
                "the change would break the XML ({e}); nothing was changed"
            ))
        })?;
        self.refresh_answer(before, &inverse);
        let id = self.next_id;
        self.next_id += 1;
        self.undo.push(Step {
            id,
            label: label.into(),
            edits: inverse,
        });
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last step; returns its label.
    pub fn undo(&mut self) -> Option<String> {
        let step = self.undo.pop()?;
        self.swap(step, false)
    }

    /// Redoes the last undone step; returns its label.
    pub fn redo(&mut self) -> Option<String> {
        let step = self.redo.pop()?;
        self.swap(step, true)
    }

    fn swap(&mut self, step: Step, redo: bool) -> Option<String> {
        // Inverse edits of a parsed document always re-parse: they restore text
        // that parsed before.
        let before = self.doc.revision();
        let inverse = self.doc.apply(&step.edits).ok()?;
        self.refresh_answer(before, &inverse);
        let back = Step {
            id: step.id,
            label: step.label.clone(),
            edits: inverse,
        };
        if redo {
            self.undo.push(back);
        } else {
            self.redo.push(back);
        }
        Some(step.label)
    }

    /// Applies `op`, lets `f` look at the result, and takes it back: nothing is
    /// recorded in the history and the document's revision is unchanged. For
    /// checking a value before it is committed. Refused (`None`) when the
    /// document is larger than `max_reparse` bytes and the change would need a
    /// full re-parse rather than an in-place text edit.
    pub fn preview<T>(
        &mut self,
        op: &Op,
        max_reparse: usize,
        f: impl FnOnce(&Document, &Answer) -> T,
    ) -> Option<T> {
        let (edits, _) = plan(&self.doc, &self.answer, op).ok()?;
        if self.doc.text().len() > max_reparse && !self.doc.applies_in_place(&edits) {
            return None;
        }
        let revision = self.doc.revision();
        let kept = self.change.take();
        let inverse = self.doc.apply(&edits).ok()?;
        self.refresh_answer(revision, &inverse);
        let out = f(&self.doc, &self.answer);
        // Taking back edits that applied cleanly restores text that parsed before.
        if let Ok(back) = self.doc.apply(&inverse) {
            self.refresh_answer(revision, &back);
        }
        self.doc.restore_revision(revision);
        self.change = kept;
        Some(out)
    }

    /// Brings the typed view up to date after a change from revision
    /// `before` (`undo` takes it back): only the changed fields' values when
    /// the change replaced text inside elements or was spliced in place (fields
    /// or whole commands added or removed), else a full rebuild. Records the
    /// change when it can be revalidated incrementally (what `FieldChange`
    /// describes: command fields, one component's settings, or a list's
    /// commands that came or went).
    fn refresh_answer(&mut self, before: u64, undo: &[Edit]) {
        self.change = None;
        if let Some(sp) = self.doc.spliced() {
            if self.refresh_spliced(before, undo, sp).is_none() {
                self.answer = Answer::build(&self.doc);
            }
            return;
        }
        let Some(owners) = self.doc.text_only_change() else {
            self.answer = Answer::build(&self.doc);
            return;
        };
        let (text, tree) = (self.doc.text(), self.doc.tree());
        let mut fields = Vec::with_capacity(owners.len());
        let mut all_fields = true;
        // The component whose settings every owner is, if they all are one's.
        let mut settings = owners
            .first()
            .and_then(|&n| locate_setting(&self.doc, &self.answer, n));
        for &node in owners {
            if settings.is_some() && locate_setting(&self.doc, &self.answer, node) != settings {
                settings = None;
            }
            let slot = locate_field(&self.doc, &self.answer, node).and_then(|(a, kind)| {
                let cmd = self.answer.command_mut(a)?;
                Some((a, kind, field_mut(cmd, kind)?))
            });
            match slot {
                Some((a, kind, field)) => {
                    *field = crate::answer::Field::read(tree, text, node);
                    // The value before is gone from the text: rebuilt from the undo edits,
                    // for the checks that compare old and new (a program that set the
                    // execution policy, an Order that moved).
                    match value_before(tree, text, node, undo) {
                        Some(old) => fields.push((a, kind, Some(old))),
                        None => all_fields = false,
                    }
                }
                None => {
                    all_fields = false;
                    // A setting has no value in the typed view.
                    if settings.is_none() {
                        self.answer.update_value(tree, text, node);
                    }
                }
            }
        }
        let change = if all_fields && !fields.is_empty() {
            FieldChange {
                undo: undo.to_vec(),
                fields,
                settings: None,
                spliced: None,
                items: None,
            }
        } else if settings.is_some() && fields.is_empty() {
            FieldChange {
                undo: undo.to_vec(),
                fields,
                settings,
                spliced: None,
                items: None,
            }
        } else {
            return;
        };
        self.change = Some((before, self.doc.revision(), change));
    }

    /// Changes the encoding used on save (not an undoable text change).
    pub fn set_encoding(&mut self, enc: crate::text::Encoding) {
        self.doc.set_encoding(enc);
        self.saved_id = u64::MAX;
    }
}

/// The command field whose element is `node`, found from the element's
/// ancestors (item, list, component, pass) rather than by a walk of every command.
pub fn locate_field(
    doc: &Document,
    answer: &Answer,
    node: NodeId,
) -> Option<(CommandAddr, FieldKind)> {
    let tree = doc.tree();
    let up = tree.parent(node)?;
    // The item itself, or `Credentials` inside it.
    for item in [up, tree.parent(up)?] {
        let Some(a) = locate_command(doc, answer, item) else {
            continue;
        };
        let cmd = answer.command(a)?;
        let kind = FieldKind::ALL
            .into_iter()
            .find(|&k| cmd.field(k).is_some_and(|f| f.node == node))?;
        return Some((a, kind));
    }
    None
}

/// The command whose item element is `item`, found from its ancestors (list,
/// component, pass).
pub fn locate_command(doc: &Document, answer: &Answer, item: NodeId) -> Option<CommandAddr> {
    let tree = doc.tree();
    let list_node = tree.parent(item)?;
    let comp_node = tree.parent(list_node)?;
    let pass_node = tree.parent(comp_node)?;
    let p = answer.passes.iter().position(|p| p.node == pass_node)?;
    let pass = &answer.passes[p];
    let c = pass.components.iter().position(|c| c.node == comp_node)?;
    let comp = &pass.components[c];
    let l = comp.lists.iter().position(|l| l.node == list_node)?;
    // Items are in document order, and node ids grow in document order.
    let i = comp.lists[l]
        .commands
        .binary_search_by_key(&item, |c| c.node)
        .ok()?;
    Some(CommandAddr {
        pass: p,
        component: c,
        list: l,
        command: i,
    })
}

/// The component (pass, component) whose setting, outside its command lists,
/// the element `node` is or is inside.
pub fn locate_setting(doc: &Document, answer: &Answer, node: NodeId) -> Option<(usize, usize)> {
    let tree = doc.tree();
    let mut child = node;
    let mut up = tree.parent(node)?;
    loop {
        let grand = tree.parent(up)?;
        if let Some(p) = answer.passes.iter().position(|p| p.node == grand) {
            let pass = &answer.passes[p];
            let c = pass.components.iter().position(|c| c.node == up)?;
            let comp = &pass.components[c];
            // Top-level settings only (node ids keep document order).
            return comp
                .other_settings
                .binary_search(&child)
                .is_ok()
                .then_some((p, c));
        }
        child = up;
        up = grand;
    }
}

fn field_mut(
    cmd: &mut crate::answer::Command,
    kind: FieldKind,
) -> Option<&mut crate::answer::Field> {
    match kind {
        FieldKind::Order => cmd.order.as_mut(),
        FieldKind::Program => cmd.program.as_mut(),
        FieldKind::Description => cmd.description.as_mut(),
        FieldKind::WillReboot => cmd.will_reboot.as_mut(),
        FieldKind::RequiresUserInput => cmd.requires_user_input.as_mut(),
        FieldKind::Domain => cmd.credentials.as_deref_mut()?.domain.as_mut(),
        FieldKind::Username => cmd.credentials.as_deref_mut()?.username.as_mut(),
        FieldKind::Password => cmd.credentials.as_deref_mut()?.password.as_mut(),
    }
}

fn label(op: &Op) -> String {
    match op {
        Op::SetField(_, f, _) => format!("set {f:?}"),
        Op::ClearField(_, f) => format!("clear {f:?}"),
        Op::AddCommand(_) => "add command".into(),
        Op::DeleteCommand(_) => "delete command".into(),
        Op::DuplicateCommand(_) => "duplicate command".into(),
        Op::MoveUp(_) => "move command up".into(),
        Op::MoveDown(_) => "move command down".into(),
        Op::Renumber(_) => "renumber list".into(),
        Op::AddList { kind, .. } => format!("add {}", catalog::list(*kind).container),
        Op::AddComponent { name, .. } => format!("add component {name}"),
        Op::AddPass(p) => format!("add pass {}", p.name()),
        Op::SetSetting(a, _) => format!("set {}", a.name()),
        Op::AddSetting { name, .. } => format!("add {name}"),
        Op::RemoveSetting(a) => format!("remove {}", a.name()),
    }
}

/// Computes the edits for an operation without applying them.
pub fn plan(doc: &Document, answer: &Answer, op: &Op) -> Result<(Vec<Edit>, Focus), OpError> {
    match op {
        Op::SetField(a, f, v) => Ok((set_field(doc, answer, *a, *f, v)?, Focus::Command(*a))),
        Op::ClearField(a, f) => Ok((clear_field(doc, answer, *a, *f)?, Focus::Command(*a))),
        Op::AddCommand(l) => add_command(doc, answer, *l),
        Op::DeleteCommand(a) => {
            let cmd = answer
                .command(*a)
                .ok_or_else(|| OpError("no such command".into()))?;
            Ok((vec![remove_node(doc, cmd.node)], Focus::List((*a).into())))
        }
        Op::DuplicateCommand(a) => duplicate(doc, answer, *a),
        Op::MoveUp(a) => move_by_order(doc, answer, *a, true),
        Op::MoveDown(a) => move_by_order(doc, answer, *a, false),
        Op::Renumber(l) => Ok((renumber(doc, answer, *l)?, Focus::List(*l))),
        Op::AddList {
            pass,
            component,
            kind,
        } => add_list(doc, answer, *pass, *component, *kind),
        Op::AddComponent { pass, name, arch } => add_component(doc, answer, *pass, name, arch),
        Op::AddPass(kind) => add_pass(doc, answer, *kind),
        Op::SetSetting(a, v) => Ok((settings::set(doc, answer, a, v)?, Focus::None)),
        Op::AddSetting {
            pass,
            component,
            parent,
            name,
        } => Ok((
            settings::add(doc, answer, *pass, *component, parent.as_ref(), name)?,
            Focus::None,
        )),
        Op::RemoveSetting(a) => Ok((settings::remove(doc, answer, a)?, Focus::None)),
    }
}

fn list_of(answer: &Answer, l: ListAddr) -> Result<&crate::answer::CommandList, OpError> {
    answer
        .list(l.command(0))
        .ok_or_else(|| OpError("no such command list".into()))
}

fn set_field(
    doc: &Document,
    answer: &Answer,
    a: CommandAddr,
    f: FieldKind,
    value: &str,
) -> Result<Vec<Edit>, OpError> {
    let list = list_of(answer, a.into())?;
    let cmd = list
        .commands
        .get(a.command)
        .ok_or_else(|| OpError("no such command".into()))?;
    if !f.applies_to(list.spec) {
        return op_err(format!(
            "{} has no {} field",
            list.spec.label(),
            f.element(list.spec)
        ));
    }
    let escaped = escape_text(value);
    if let Some(field) = cmd.field(f) {
        if doc.tree().has_element_children(field.node) {
            return op_err("this field holds child elements; edit it in the raw XML");
        }
        return Ok(vec![set_content(doc, field.node, &escaped)]);
    }
    let (parent, markup) = if f.in_credentials() {
        match &cmd.credentials {
            Some(c) => (
                c.node,
                element_line(doc, c.node, f.element(list.spec), &escaped),
            ),
            None => {
                let p = child_prefix(doc, cmd.node);
                let mut m = Markup::line(format!("<{p}Credentials>"));
                m.push(
                    1,
                    format!("<{p}{0}>{escaped}</{p}{0}>", f.element(list.spec)),
                );
                m.push(0, format!("</{p}Credentials>"));
                (cmd.node, m)
            }
        }
    } else {
        (
            cmd.node,
            element_line(doc, cmd.node, f.element(list.spec), &escaped),
        )
    };
    Ok(vec![insert_child(doc, parent, None, &markup)])
}

fn element_line(doc: &Document, parent: NodeId, name: &str, escaped: &str) -> Markup {
    let p = child_prefix(doc, parent);
    Markup::line(format!("<{p}{name}>{escaped}</{p}{name}>"))
}

fn clear_field(
    doc: &Document,
    answer: &Answer,
    a: CommandAddr,
    f: FieldKind,
) -> Result<Vec<Edit>, OpError> {
    let cmd = answer
        .command(a)
        .ok_or_else(|| OpError("no such command".into()))?;
    let Some(field) = cmd.field(f) else {
        return Ok(Vec::new());
    };
    if f.in_credentials()
        && let Some(c) = &cmd.credentials
        && doc.tree().elements(c.node).count() == 1
    {
        return Ok(vec![remove_node(doc, c.node)]);
    }
    Ok(vec![remove_node(doc, field.node)])
}

/// The value element `node` held before a change that only replaced text inside elements:
/// its content now with the edits that take the change back (`undo`, whose ranges are in the
/// current text) put back, then decoded. `None` when that content held markup (a CDATA
/// section, a comment) or an undo edit crosses the content's edges.
fn value_before(
    tree: &crate::xml::Tree,
    text: &str,
    node: NodeId,
    undo: &[Edit],
) -> Option<Box<str>> {
    let content = tree.node(node).content().range();
    let mut inside: Vec<&Edit> = undo
        .iter()
        .filter(|e| e.range.end >= content.start && e.range.start <= content.end)
        .collect();
    inside.sort_by_key(|e| e.range.start);
    let mut raw = String::with_capacity(content.len());
    let mut pos = content.start;
    for e in inside {
        if e.range.start < pos || e.range.end > content.end {
            return None;
        }
        raw.push_str(&text[pos..e.range.start]);
        raw.push_str(&e.text);
        pos = e.range.end;
    }
    raw.push_str(&text[pos..content.end]);
    if raw.contains('<') {
        return None;
    }
    Some(crate::xml::decode_chars(&raw).into())
}

fn next_free_order(doc: &Document, list: &crate::answer::CommandList) -> i64 {
    list.commands
        .iter()
        .filter_map(|c| c.order_number(doc))
        .max()
        .unwrap_or(0)
        .max(0)
        + 1
}

fn wcm_action(doc: &Document, at: NodeId) -> String {
    let q = layout::quote_char(doc);
    match doc.tree().prefix_for(doc.text(), at, catalog::NS_WCM) {
        Some(p) if !p.is_empty() => format!("{p}:action={q}add{q}"),
        _ => format!("wcm:action={q}add{q} xmlns:wcm={q}{}{q}", catalog::NS_WCM),
    }
}

fn add_command(
    doc: &Document,
    answer: &Answer,
    l: ListAddr,
) -> Result<(Vec<Edit>, Focus), OpError> {
    let list = list_of(answer, l)?;
    let order = next_free_order(doc, list);
    let p = child_prefix(doc, list.node);
    let item = list.spec.item;
    let mut m = Markup::line(format!("<{p}{item} {}>", wcm_action(doc, list.node)));
    m.push(1, format!("<{p}Order>{order}</{p}Order>"));
    m.push(1, format!("<{p}{0}></{p}{0}>", list.spec.program));
    m.push(0, format!("</{p}{item}>"));
    let after = list.commands.last().map(|c| c.node);
    Ok((
        vec![insert_child(doc, list.node, after, &m)],
        Focus::Command(l.command(list.commands.len())),
    ))
}

fn duplicate(
    doc: &Document,
    answer: &Answer,
    a: CommandAddr,
) -> Result<(Vec<Edit>, Focus), OpError> {
    let list = list_of(answer, a.into())?;
    let cmd = list
        .commands
        .get(a.command)
        .ok_or_else(|| OpError("no such command".into()))?;
    let text = doc.text();
    let node = doc.tree().node(cmd.node);
    let mut copy = node.span.of(text).to_owned();
    if let Some(order) = &cmd.order {
        let content = doc.tree().node(order.node).content();
        if !content.is_empty() || !doc.tree().node(order.node).is_self_closing() {
            let s = (content.start - node.span.start) as usize;
            let e = (content.end - node.span.start) as usize;
            copy.replace_range(s..e, &next_free_order(doc, list).to_string());
        }
    }
    let indent = layout::line_indent(text, node.span.start as usize).unwrap_or("");
    let eol = doc.line_ending().as_str();
    let edit = Edit::insert(node.span.end as usize, format!("{eol}{indent}{copy}"));
    Ok((
        vec![edit],
        Focus::Command(CommandAddr {
            command: a.command + 1,
            ..a
        }),
    ))
}

fn move_by_order(
    doc: &Document,
    answer: &Answer,
    a: CommandAddr,
    up: bool,
) -> Result<(Vec<Edit>, Focus), OpError> {
    let list = list_of(answer, a.into())?;
    let seq = list.run_sequence(doc);
    let pos = seq
        .iter()
        .position(|&i| i == a.command)
        .ok_or_else(|| OpError("no such command".into()))?;
    let other = if up {
        pos.checked_sub(1)
    } else {
        Some(pos + 1)
    };
    let Some(&other) = other.and_then(|p| seq.get(p)) else {
        return op_err(if up {
            "already the first command"
        } else {
            "already the last command"
        });
    };
    let (x, y) = (&list.commands[a.command], &list.commands[other]);
    let (Some(xo), Some(yo)) = (&x.order, &y.order) else {
        return op_err("both commands need an Order to swap; renumber the list first (r)");
    };
    if x.order_number(doc) == y.order_number(doc) {
        return op_err("the two commands share an Order; renumber the list first (r)");
    }
    let ex = escape_text(xo.value(doc).trim()).into_owned();
    let ey = escape_text(yo.value(doc).trim()).into_owned();
    Ok((
        vec![
            set_content(doc, xo.node, &ey),
            set_content(doc, yo.node, &ex),
        ],
        Focus::Command(a),
    ))
}

fn renumber(doc: &Document, answer: &Answer, l: ListAddr) -> Result<Vec<Edit>, OpError> {
    let list = list_of(answer, l)?;
    let mut edits = Vec::new();
    for (n, &i) in list.run_sequence(doc).iter().enumerate() {
        let want = (n + 1).to_string();
        let cmd = &list.commands[i];
        match &cmd.order {
            Some(o) if o.value(doc) == want => {}
            Some(o) => edits.push(set_content(doc, o.node, &want)),
            None => {
                let p = child_prefix(doc, cmd.node);
                let m = Markup::line(format!("<{p}Order>{want}</{p}Order>"));
                edits.push(insert_child(doc, cmd.node, None, &m));
            }
        }
    }
    Ok(edits)
}

fn add_list(
    doc: &Document,
    answer: &Answer,
    pass: usize,
    component: usize,
    kind: ListKind,
) -> Result<(Vec<Edit>, Focus), OpError> {
    let comp = answer
        .passes
        .get(pass)
        .and_then(|p| p.components.get(component))
        .ok_or_else(|| OpError("no such component".into()))?;
    let spec = catalog::list(kind);
    if comp
        .lists
        .iter()
        .any(|l| l.spec.kind == kind && !l.misplaced)
    {
        return op_err(format!("this component already has {}", spec.container));
    }
    let p = child_prefix(doc, comp.node);
    let mut m = Markup::line(format!("<{p}{}>", spec.container));
    m.push(
        1,
        format!("<{p}{} {}>", spec.item, wcm_action(doc, comp.node)),
    );
    m.push(2, format!("<{p}Order>1</{p}Order>"));
    m.push(2, format!("<{p}{0}></{p}{0}>", spec.program));
    m.push(1, format!("</{p}{}>", spec.item));
    m.push(0, format!("</{p}{}>", spec.container));
    let focus = Focus::Command(CommandAddr {
        pass,
        component,
        list: comp.lists.len(),
        command: 0,
    });
    Ok((vec![insert_child(doc, comp.node, None, &m)], focus))
}

fn add_component(
    doc: &Document,
    answer: &Answer,
    pass: usize,
    name: &str,
    arch: &str,
) -> Result<(Vec<Edit>, Focus), OpError> {
    let p = answer
        .passes
        .get(pass)
        .ok_or_else(|| OpError("no such pass".into()))?;
    if p.components.iter().any(|c| {
        c.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && c.arch
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(arch))
    }) {
        return op_err(format!("{name} ({arch}) is already in this pass"));
    }
    let q = layout::quote_char(doc);
    let qc = q as u8;
    let pre = child_prefix(doc, p.node);
    let m = Markup {
        lines: vec![
            (
                0,
                format!(
                    "<{pre}component name={q}{}{q} processorArchitecture={q}{}{q} publicKeyToken={q}{}{q} language={q}neutral{q} versionScope={q}nonSxS{q} xmlns:wcm={q}{}{q} xmlns:xsi={q}{}{q}>",
                    escape_attr(name, qc),
                    escape_attr(arch, qc),
                    catalog::MS_PUBLIC_KEY_TOKEN,
                    catalog::NS_WCM,
                    catalog::NS_XSI
                ),
            ),
            (0, format!("</{pre}component>")),
        ],
    };
    Ok((
        vec![insert_child(doc, p.node, None, &m)],
        Focus::Component(pass, p.components.len()),
    ))
}

fn add_pass(
    doc: &Document,
    answer: &Answer,
    kind: PassKind,
) -> Result<(Vec<Edit>, Focus), OpError> {
    let root = answer
        .root
        .ok_or_else(|| OpError("the file has no root element".into()))?;
    if answer.passes.iter().any(|p| p.kind == Some(kind)) {
        return op_err(format!("the file already has a {} pass", kind.name()));
    }
    let q = layout::quote_char(doc);
    let pre = child_prefix(doc, root);
    let m = Markup {
        lines: vec![
            (0, format!("<{pre}settings pass={q}{}{q}>", kind.name())),
            (0, format!("</{pre}settings>")),
        ],
    };
    // Insert after the last pass that runs earlier; else after `servicing`; else first.
    let before: Vec<&crate::answer::Pass> = answer
        .passes
        .iter()
        .filter(|p| p.kind.is_some_and(|k| k < kind))
        .collect();
    let text = doc.text();
    let tree = doc.tree();
    let after = before.last().map(|p| p.node).or_else(|| {
        tree.elements(root)
            .filter(|&c| tree.local_name(text, c) == "servicing")
            .last()
    });
    let edit = match after {
        Some(a) => insert_child(doc, root, Some(a), &m),
        None => match tree.elements(root).next() {
            // Before the first child, on its own line.
            Some(first) => {
                let start = tree.node(first).span.start as usize;
                let indent = layout::line_indent(text, start).unwrap_or("").to_owned();
                let eol = doc.line_ending().as_str();
                let unit = layout::indent_unit(doc);
                Edit::insert(
                    start,
                    format!("{}{eol}{indent}", m.render(&indent, &unit, eol)),
                )
            }
            None => insert_child(doc, root, None, &m),
        },
    };
    // Its position among the passes after the edit: the passes up to the anchor.
    let pos = answer
        .passes
        .iter()
        .take_while(|p| {
            after.is_some_and(|a| tree.node(p.node).span.start <= tree.node(a).span.start)
        })
        .count();
    Ok((vec![edit], Focus::Pass(pos)))
}

#[cfg(test)]
mod tests;
