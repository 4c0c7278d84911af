//! Edits: form fields, choosers, structural operations and the add picker.

use crate::answer::{CommandAddr, lists_valid_in};
use crate::catalog::{self, PassKind};
use crate::ops::{Focus, ListAddr, Op};
use crate::tui::action::{Action, Pane};
use crate::tui::app::{App, Modal, Pending, Pick};
use crate::tui::form::{self, FieldEdit};
use crate::tui::sanitize::sanitize;
use crate::tui::tree::NodeRef;

/// Refuses (with a message) when the file is open read-only.
pub fn refused(app: &mut App, what: &str) -> bool {
    if app.read_only {
        app.say(format!("read-only: {what} refused (opened with -R)"));
    }
    app.read_only
}

/// Applies an operation, reports the result and follows its focus.
pub fn apply(app: &mut App, op: Op) -> Option<Focus> {
    if refused(app, "editing") {
        return None;
    }
    let ed = app.editor_mut()?;
    match ed.apply(&op) {
        Ok(focus) => {
            app.refresh();
            follow(app, focus);
            Some(focus)
        }
        Err(e) => {
            app.say(format!("not changed: {e}"));
            None
        }
    }
}

fn follow(app: &mut App, focus: Focus) {
    let node = match focus {
        Focus::Command(a) => NodeRef::Command(a),
        Focus::List(l) => NodeRef::List(l),
        Focus::Component(p, c) => NodeRef::Component(p, c),
        Focus::Pass(p) => NodeRef::Pass(p),
        Focus::None => return,
    };
    // Commands have nothing to expand; `select_node` opens their ancestors.
    if !matches!(node, NodeRef::Command(_)) && app.expanded.insert(node) {
        app.invalidate_rows();
        app.refresh();
    }
    app.select_node(node);
}

fn list_here(app: &App) -> Option<ListAddr> {
    match app.selected_node()? {
        NodeRef::List(l) => Some(l),
        NodeRef::Command(a) => Some(a.into()),
        NodeRef::Component(p, c) | NodeRef::Setting(p, c, _) => {
            let comp = app.editor()?.answer().passes.get(p)?.components.get(c)?;
            (comp.lists.len() == 1).then_some(ListAddr {
                pass: p,
                component: c,
                list: 0,
            })
        }
        NodeRef::Pass(_) => None,
    }
}

pub fn add_command(app: &mut App) {
    if refused(app, "adding a command") {
        return;
    }
    let Some(list) = list_here(app) else {
        app.say("select a command list first (A adds one)");
        return;
    };
    if let Some(Focus::Command(a)) = apply(app, Op::AddCommand(list)) {
        app.focus = Pane::Form;
        app.show_problems = false;
        let fields = app.form_fields();
        app.field = fields
            .iter()
            .position(|f| *f == crate::answer::FieldKind::Program)
            .unwrap_or(0);
        start_edit(app, a);
        app.say("command added: type its path");
    }
}

pub fn ask_delete(app: &mut App) {
    if refused(app, "deleting") {
        return;
    }
    if let Some(NodeRef::Setting(..)) = app.selected_node() {
        super::setting::ask_remove(app);
        return;
    }
    let Some(a) = app.selected_command() else {
        app.say("select a command or setting to delete");
        return;
    };
    let what = app
        .editor()
        .and_then(|ed| Some((ed.doc(), ed.answer().command(a)?)))
        .map(|(doc, c)| {
            format!(
                "Order {} · {}",
                c.value(crate::answer::FieldKind::Order, doc).trim(),
                c.value(crate::answer::FieldKind::Program, doc)
            )
        })
        .unwrap_or_default();
    app.modal = Some(Modal::Confirm {
        question: format!("Delete command {}?", sanitize(&what)),
        on_yes: Pending::Delete(a),
    });
}

pub fn on_command(app: &mut App, make: fn(CommandAddr) -> Op) {
    match app.selected_command() {
        Some(a) => {
            apply(app, make(a));
        }
        None => app.say("select a command first"),
    }
}

pub fn renumber(app: &mut App) {
    match list_here(app) {
        Some(l) => {
            if apply(app, Op::Renumber(l)).is_some() {
                app.say("list renumbered 1..n");
            }
        }
        None => app.say("select a command list to renumber"),
    }
}

pub fn undo(app: &mut App, redo: bool) {
    if refused(app, "undo") {
        return;
    }
    let Some(ed) = app.editor_mut() else { return };
    let label = if redo { ed.redo() } else { ed.undo() };
    app.say(match (label, redo) {
        (Some(l), false) => format!("undone: {l}"),
        (Some(l), true) => format!("redone: {l}"),
        (None, false) => "nothing to undo".into(),
        (None, true) => "nothing to redo".into(),
    });
}

fn start_edit(app: &mut App, a: CommandAddr) {
    let Some(kind) = app.selected_field() else {
        return;
    };
    let value = app
        .editor()
        .and_then(|ed| Some(ed.answer().command(a)?.value(kind, ed.doc()).to_owned()))
        .unwrap_or_default();
    let mut edit = FieldEdit::start(a, kind, &value, app.reveal);
    if let Some(ed) = app.editor_mut() {
        edit.check_live(ed);
    }
    app.edit = Some(edit);
}

/// Enter on a form field: edit a text field, cycle a chooser.
pub fn activate_field(app: &mut App) {
    if let Some(NodeRef::Setting(..)) = app.selected_node() {
        return super::setting::activate(app);
    }
    let (Some(a), Some(kind)) = (app.selected_command(), app.selected_field()) else {
        return;
    };
    if form::is_chooser(kind) {
        choose(app, true);
    } else if !refused(app, "editing") {
        start_edit(app, a);
    }
}

pub fn choose(app: &mut App, forward: bool) {
    if let Some(NodeRef::Setting(..)) = app.selected_node() {
        return super::setting::choose(app, forward);
    }
    let (Some(a), Some(kind)) = (app.selected_command(), app.selected_field()) else {
        return;
    };
    if !form::is_chooser(kind) {
        if forward {
            activate_field(app);
        }
        return;
    }
    let current = app.editor().and_then(|ed| {
        Some(
            ed.answer()
                .command(a)?
                .field(kind)?
                .value(ed.doc())
                .to_owned(),
        )
    });
    let next = form::cycle(kind, current.as_deref(), forward);
    let op = if next.is_empty() {
        Op::ClearField(a, kind)
    } else {
        Op::SetField(a, kind, next.to_owned())
    };
    apply(app, op);
}

/// Writes the typed value to the document as one undoable step.
fn commit(app: &mut App) -> bool {
    let Some(edit) = app.edit.take() else {
        return true;
    };
    let value = edit.value();
    if value == edit.original {
        return true;
    }
    let present = app
        .editor()
        .and_then(|ed| ed.answer().command(edit.addr))
        .is_some_and(|c| c.field(edit.kind).is_some());
    let op = if value.is_empty() && present {
        Op::ClearField(edit.addr, edit.kind)
    } else if value.is_empty() {
        return true;
    } else {
        Op::SetField(edit.addr, edit.kind, value)
    };
    if apply(app, op).is_some() {
        true
    } else {
        app.edit = Some(edit);
        false
    }
}

pub fn edit_field(app: &mut App, action: Action) {
    if app.setting_edit.is_some() {
        return super::setting::edit(app, action);
    }
    match action {
        Action::Type(key) => {
            let Some(edit) = app.edit.as_mut() else {
                return;
            };
            edit.area.input(key);
            edit.keep_single_line();
            if let (Some(edit), crate::tui::app::Body::Tree(ed)) =
                (app.edit.as_mut(), &mut app.body)
            {
                edit.check_live(ed);
            }
        }
        Action::Submit => {
            commit(app);
        }
        Action::SubmitNext | Action::SubmitPrev => {
            if !commit(app) {
                return;
            }
            let n = app.form_fields().len();
            if n == 0 {
                return;
            }
            app.field = if action == Action::SubmitNext {
                (app.field + 1) % n
            } else {
                (app.field + n - 1) % n
            };
            if let (Some(a), Some(kind)) = (app.selected_command(), app.selected_field())
                && !form::is_chooser(kind)
            {
                start_edit(app, a);
            }
        }
        Action::Cancel => app.edit = None,
        Action::Reveal => {
            app.reveal = !app.reveal;
            if let Some(edit) = app.edit.as_mut()
                && edit.kind == crate::answer::FieldKind::Password
            {
                if app.reveal {
                    edit.area.clear_mask_char();
                } else {
                    edit.area.set_mask_char(crate::tui::theme::MASK);
                }
            }
        }
        Action::Save if commit(app) => super::file::save(app, None, false),
        _ => {}
    }
}

const ARCHES: [&str; 4] = ["amd64", "x86", "arm64", "wow64"];

/// Opens the picker with what can be added at the selection.
pub fn open_picker(app: &mut App) {
    if refused(app, "adding") {
        return;
    }
    let Some(ed) = app.editor() else { return };
    let answer = ed.answer();
    let mut items: Vec<(String, Pick)> = Vec::new();
    let mut title = "Add a pass".to_owned();
    match app.selected_node() {
        Some(NodeRef::Pass(p)) => {
            title = "Add a component".into();
            let pass = &answer.passes[p];
            if let Some(kind) = pass.kind {
                let mut names: Vec<&str> = catalog::lists()
                    .iter()
                    .filter(|l| l.passes.contains(&kind))
                    .map(|l| l.component)
                    .collect();
                names.dedup();
                for name in names {
                    for arch in ARCHES {
                        let exists = pass.components.iter().any(|c| {
                            c.name.as_deref() == Some(name) && c.arch.as_deref() == Some(arch)
                        });
                        if !exists {
                            items.push((
                                format!("{name} [{arch}]"),
                                Pick::Component {
                                    pass: p,
                                    name: name.to_owned(),
                                    arch: arch.to_owned(),
                                },
                            ));
                        }
                    }
                }
            }
        }
        Some(NodeRef::Setting(..)) => {
            title = "Add a setting".into();
            items = super::setting::picks(app);
        }
        Some(NodeRef::Component(p, c)) => {
            title = "Add a command list or setting".into();
            let pass = &answer.passes[p];
            let comp = &pass.components[c];
            if let (Some(kind), Some(name)) = (pass.kind, comp.name.as_deref()) {
                for list in lists_valid_in(name, kind) {
                    let spec = catalog::list(list);
                    if !comp.lists.iter().any(|l| l.spec.kind == list) {
                        items.push((
                            spec.container.to_owned(),
                            Pick::List {
                                pass: p,
                                component: c,
                                kind: list,
                            },
                        ));
                    }
                }
            }
            items.extend(super::setting::picks(app));
        }
        _ => {}
    }
    if items.is_empty() {
        title = "Add a pass".into();
        for kind in PassKind::ALL {
            if !answer.passes.iter().any(|p| p.kind == Some(kind)) {
                items.push((
                    format!("{} ({})", kind.name(), kind.number()),
                    Pick::Pass(kind),
                ));
            }
        }
    }
    if items.is_empty() {
        app.say("nothing to add here: every pass is present");
        return;
    }
    app.modal = Some(Modal::Picker {
        title,
        items,
        sel: 0,
    });
}

pub fn picker(app: &mut App, action: Action) {
    let Some(Modal::Picker { items, sel, .. }) = &mut app.modal else {
        return;
    };
    match action {
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Down => *sel = (*sel + 1).min(items.len().saturating_sub(1)),
        Action::Home => *sel = 0,
        Action::End => *sel = items.len().saturating_sub(1),
        Action::Cancel => {
            app.modal = None;
            if let Some(rec) = app.recovery.take() {
                app.say(format!(
                    "recovery copy kept at {}",
                    super::super::sanitize::sanitize(&rec.path.display().to_string())
                ));
            }
        }
        Action::Submit => {
            let pick = items.get(*sel).map(|(_, p)| p.clone());
            app.modal = None;
            let op = match pick {
                Some(Pick::Recovery(choice)) => {
                    super::super::recovery::choose(app, choice);
                    return;
                }
                Some(Pick::Pass(k)) => Op::AddPass(k),
                Some(Pick::Component { pass, name, arch }) => Op::AddComponent { pass, name, arch },
                Some(Pick::List {
                    pass,
                    component,
                    kind,
                }) => Op::AddList {
                    pass,
                    component,
                    kind,
                },
                Some(Pick::Setting {
                    pass,
                    component,
                    parent,
                    name,
                }) => return super::setting::add(app, pass, component, parent, name),
                None => return,
            };
            apply(app, op);
        }
        _ => {}
    }
}
