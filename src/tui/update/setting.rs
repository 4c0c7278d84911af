//! Edits of the settings outside the command lists: the value form, the
//! chooser, removing, and what the add picker offers on a component or a
//! setting container.

use super::edit::{apply, refused};
use crate::catalog::settings::{self, Form, Kind};
use crate::ops::{Op, SettingAddr, settings as ops_settings};
use crate::tui::action::{Action, Pane};
use crate::tui::app::{App, Body, Modal, Pending, Pick};
use crate::tui::sanitize::sanitize;
use crate::tui::setting_form::{self, SettingEdit, type_name};
use crate::tui::theme::MASK;
use crate::tui::tree::NodeRef;
use crate::xml::Span;

/// The selected setting's address, catalog entry, current value, whether it
/// holds child elements, and whether it is a secret.
struct Selected {
    addr: SettingAddr,
    info: Option<&'static settings::SettingInfo>,
    value: String,
    container: bool,
    secret: bool,
}

fn selected(app: &App) -> Option<Selected> {
    let (addr, node) = app.selected_setting()?;
    let ed = app.editor()?;
    let (text, tree) = (ed.doc().text(), ed.doc().tree());
    let info = ops_settings::info_at(ed.answer(), addr);
    Some(Selected {
        addr: addr.clone(),
        info,
        value: tree.value(text, node),
        container: tree.has_element_children(node)
            || info.is_some_and(|i| i.kind == Kind::Container),
        secret: crate::secrets::is_secret(tree, text, node),
    })
}

/// Enter in the form of a setting: cycle a chooser, else type the value.
pub fn activate(app: &mut App) {
    let Some(s) = selected(app) else { return };
    if s.container {
        app.say("this setting holds other settings: expand it in the tree (A adds one)");
    } else if setting_form::is_chooser(s.info) {
        choose(app, true);
    } else if !refused(app, "editing") {
        app.setting_edit = Some(SettingEdit::start(
            s.addr, s.info, &s.value, s.secret, app.reveal,
        ));
    }
}

/// ←/→ in the form of a setting: the previous or next allowed value.
pub fn choose(app: &mut App, forward: bool) {
    let Some(s) = selected(app) else { return };
    let Some(info) = s.info.filter(|_| setting_form::is_chooser(s.info)) else {
        if forward && !s.container {
            activate(app);
        }
        return;
    };
    if refused(app, "editing") {
        return;
    }
    if let Some(next) = setting_form::cycle(info, &s.value, forward) {
        apply(app, Op::SetSetting(s.addr, next));
    }
}

/// Writes the typed value as one undoable step; false when it was refused
/// (the edit stays open).
fn commit(app: &mut App) -> bool {
    let Some(edit) = app.setting_edit.take() else {
        return true;
    };
    let value = edit.value();
    if value == edit.original {
        return true;
    }
    if apply(app, Op::SetSetting(edit.addr.clone(), value)).is_some() {
        true
    } else {
        app.setting_edit = Some(edit);
        false
    }
}

/// Keys while typing a setting's value.
pub fn edit(app: &mut App, action: Action) {
    match action {
        Action::Type(key) => {
            if let Some(edit) = app.setting_edit.as_mut() {
                edit.area.input(key);
                edit.keep_single_line();
                edit.check_live();
            }
        }
        Action::Submit | Action::SubmitNext | Action::SubmitPrev => {
            commit(app);
        }
        Action::Cancel => app.setting_edit = None,
        Action::Reveal => {
            app.reveal = !app.reveal;
            if let Some(edit) = app.setting_edit.as_mut()
                && edit.secret
            {
                if app.reveal {
                    edit.area.clear_mask_char();
                } else {
                    edit.area.set_mask_char(MASK);
                }
            }
        }
        Action::Save if commit(app) => super::file::save(app, None, false),
        _ => {}
    }
}

/// `d` on a setting: asks before removing it (and everything in it).
pub fn ask_remove(app: &mut App) {
    let Some(s) = selected(app) else { return };
    let what = if s.container {
        format!("{} and everything in it", s.addr.catalog_path())
    } else {
        s.addr.catalog_path()
    };
    app.modal = Some(Modal::Confirm {
        question: format!("Remove {}?", sanitize(&what)),
        on_yes: Pending::RemoveSetting(s.addr),
    });
}

/// Removes a setting and selects its container.
pub fn remove(app: &mut App, addr: SettingAddr) {
    let parent = match addr.parent() {
        Some(p) => app.settings.node_ref(&p),
        None => NodeRef::Component(addr.pass, addr.component),
    };
    if apply(app, Op::RemoveSetting(addr)).is_some() {
        app.select_node(parent);
        app.say("setting removed (u undoes)");
    }
}

/// What the add picker offers at the selection: documented settings valid
/// in this pass and not yet present (list items may repeat).
pub fn picks(app: &App) -> Vec<(String, Pick)> {
    let Some(ed) = app.editor() else {
        return Vec::new();
    };
    let answer = ed.answer();
    let (pass, component, parent) = match app.selected_node() {
        Some(NodeRef::Component(p, c)) => (p, c, None),
        Some(NodeRef::Setting(..)) => {
            let Some(s) = selected(app) else {
                return Vec::new();
            };
            let parent = if s.container {
                Some(s.addr.clone())
            } else {
                s.addr.parent()
            };
            (s.addr.pass, s.addr.component, parent)
        }
        _ => return Vec::new(),
    };
    let Some(p) = answer.passes.get(pass) else {
        return Vec::new();
    };
    let Some(comp) = p.components.get(component) else {
        return Vec::new();
    };
    let Some(name) = comp.name.as_deref() else {
        return Vec::new();
    };
    let at = match &parent {
        Some(a) => a.resolve(ed.doc(), answer),
        None => Some(comp.node),
    };
    let Some(at) = at else { return Vec::new() };
    let (text, tree) = (ed.doc().text(), ed.doc().tree());
    let parent_path = parent
        .as_ref()
        .map(|a| a.catalog_path())
        .unwrap_or_default();
    let mut out = Vec::new();
    for s in settings::children(name, &parent_path) {
        let valid_here = match p.kind {
            Some(k) => s.passes.is_empty() || s.passes.contains(k.name()),
            None => true,
        };
        let is_list = parent.is_none() && crate::catalog::list_for(name, s.name()).is_some();
        let present = tree
            .elements(at)
            .any(|c| tree.local_name(text, c) == s.name());
        if !valid_here || is_list || s.form != Form::Element || (present && !s.list_item) {
            continue;
        }
        let mut label = match s.kind {
            Kind::Container => format!("{} · container", s.name()),
            Kind::Value => format!("{} · {}", s.name(), type_name(s.value_type)),
        };
        if s.list_item {
            label.push_str(" · list item");
        }
        if s.deprecated.is_some() {
            label.push_str(" · deprecated");
        }
        out.push((
            label,
            Pick::Setting {
                pass,
                component,
                parent: parent.clone(),
                name: s.name().to_owned(),
            },
        ));
    }
    out
}

/// Adds the picked setting, selects it, and starts typing a text value.
pub fn add(
    app: &mut App,
    pass: usize,
    component: usize,
    parent: Option<SettingAddr>,
    name: String,
) {
    let Some(ed) = app.editor() else { return };
    let Some(new) = ops_settings::added_addr(
        ed.doc(),
        ed.answer(),
        pass,
        component,
        parent.as_ref(),
        &name,
    ) else {
        return;
    };
    let op = Op::AddSetting {
        pass,
        component,
        parent,
        name,
    };
    if apply(app, op).is_none() {
        return;
    }
    let node = app.settings.node_ref(&new);
    app.select_node(node);
    app.focus = Pane::Form;
    app.show_problems = false;
    app.say(format!("{} added", sanitize(new.name())));
    if let Some(s) = selected(app)
        && !s.container
        && !setting_form::is_chooser(s.info)
    {
        activate(app);
    }
}

/// The deepest setting row of component (`pass`, `component`) whose element
/// holds `span` (for jumping from a problem), expanding what hides it.
pub fn at_span(app: &mut App, pass: usize, component: usize, span: Span) -> Option<NodeRef> {
    let Body::Tree(ed) = &app.body else {
        return None;
    };
    let comp = ed.answer().passes.get(pass)?.components.get(component)?;
    let tree = ed.doc().tree();
    let inside = |n: crate::xml::NodeId| {
        let s = tree.node(n).span;
        s.start <= span.start && span.end <= s.end
    };
    let mut at = *comp.other_settings.iter().find(|&&n| inside(n))?;
    while let Some(c) = tree.elements(at).find(|&c| inside(c)) {
        at = c;
    }
    let addr = SettingAddr::of_node(ed.doc(), ed.answer(), pass, component, at)?;
    let mut chain = vec![addr.clone()];
    let mut up = addr.parent();
    while let Some(p) = up {
        up = p.parent();
        chain.push(p);
    }
    // Intern the whole chain so that selecting expands every container.
    let keys: Vec<NodeRef> = chain
        .iter()
        .rev()
        .map(|a| app.settings.node_ref(a))
        .collect();
    keys.last().copied()
}
