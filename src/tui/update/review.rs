//! The timeline and change-review popups, and mouse clicks and wheel steps.

use super::PAGE;
use crate::tui::action::{Action, Pane};
use crate::tui::app::{App, Modal};
use crate::tui::mouse::inside;
use crate::tui::timeline;
use crate::tui::tree::NodeRef;
use std::path::PathBuf;

/// Opens the timeline on the selected command (or the first command).
pub fn open_timeline(app: &mut App) {
    let Some(ed) = app.editor() else {
        app.say("no timeline while the file is not well-formed");
        return;
    };
    let entries = timeline::entries(ed.doc(), ed.answer());
    if entries.is_empty() {
        app.say("no commands in this file");
        return;
    }
    let here = app.selected_command();
    let sel = entries
        .iter()
        .position(|e| e.command().is_some() && e.command() == here)
        .or_else(|| entries.iter().position(|e| e.command().is_some()))
        .unwrap_or(0);
    app.modal = Some(Modal::Timeline {
        sel,
        scroll: Default::default(),
    });
}

/// Opens the diff of the unsaved edits; with `then_save`, asks before saving there.
pub fn open_review(app: &mut App, then_save: Option<PathBuf>) {
    let target = then_save.clone().or_else(|| app.path.clone());
    let lines = crate::tui::review::of(app, target.as_deref());
    app.modal = Some(Modal::Review {
        lines,
        scroll: 0,
        then_save,
    });
}

/// Keys in the timeline: move between commands, Enter goes to one.
pub fn timeline(app: &mut App, action: Action) {
    let entries = match app.editor() {
        Some(ed) => timeline::entries(ed.doc(), ed.answer()),
        None => Vec::new(),
    };
    let Some(Modal::Timeline { sel, .. }) = &mut app.modal else {
        return;
    };
    let commands: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].command().is_some())
        .collect();
    let pos = commands.iter().position(|&i| i >= *sel).unwrap_or(0);
    let go = |delta: isize| {
        let last = commands.len().saturating_sub(1) as isize;
        commands
            .get((pos as isize).saturating_add(delta).clamp(0, last) as usize)
            .copied()
    };
    match action {
        Action::Up => *sel = go(-1).unwrap_or(*sel),
        Action::Down => *sel = go(1).unwrap_or(*sel),
        Action::PageUp => *sel = go(-PAGE).unwrap_or(*sel),
        Action::PageDown => *sel = go(PAGE).unwrap_or(*sel),
        Action::Home => *sel = go(isize::MIN / 2).unwrap_or(*sel),
        Action::End => *sel = go(isize::MAX / 2).unwrap_or(*sel),
        Action::Activate => {
            let target = entries.get(*sel).and_then(|e| e.command());
            app.modal = None;
            if let Some(a) = target {
                app.select_node(NodeRef::Command(a));
                app.focus = Pane::Tree;
                app.show_problems = false;
            }
        }
        Action::Cancel => app.modal = None,
        Action::Click(_, y) => {
            let hit = app
                .areas
                .popup_rows
                .borrow()
                .iter()
                .find(|(row, _)| *row == y)
                .map(|&(_, i)| i);
            if let Some(i) = hit.filter(|&i| entries.get(i).is_some_and(|e| e.command().is_some()))
            {
                *sel = i;
            }
        }
        Action::Wheel(_, _, down) => *sel = go(if down { 3 } else { -3 }).unwrap_or(*sel),
        _ => {}
    }
}

/// Keys in the change review: scroll; with a save waiting, y saves, n cancels.
pub fn review(app: &mut App, action: Action) {
    let Some(Modal::Review {
        scroll, then_save, ..
    }) = &mut app.modal
    else {
        return;
    };
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(PAGE as usize),
        Action::PageDown => *scroll += PAGE as usize,
        Action::Home => *scroll = 0,
        Action::End => *scroll = usize::MAX / 2,
        Action::Wheel(_, _, true) => *scroll += 3,
        Action::Wheel(_, _, false) => *scroll = scroll.saturating_sub(3),
        Action::Yes => {
            if let Some(target) = then_save.take() {
                app.modal = None;
                super::file::save_now(app, Some(target), false);
            }
        }
        Action::No | Action::Cancel => {
            let was_saving = then_save.is_some();
            app.modal = None;
            if was_saving {
                app.quit_after_save = false;
                app.say("not saved");
            }
        }
        _ => {}
    }
}

/// A click on the main screen: focus the pane under it and select the row.
pub fn click(app: &mut App, x: u16, y: u16) {
    let a = &app.areas;
    if inside(a.tree.get(), x, y) {
        app.focus = Pane::Tree;
        let inner_top = a.tree.get().y + 1;
        if y >= inner_top {
            let i = app.tree_scroll.get() + (y - inner_top) as usize;
            if i < app.rows.len() {
                if i != app.selected {
                    app.field = 0;
                    app.reveal = false;
                }
                app.selected = i;
            }
        }
    } else if a.form.get().is_some_and(|r| inside(r, x, y)) {
        let field = a
            .form_rows
            .borrow()
            .iter()
            .find(|(row, _)| *row == y)
            .map(|&(_, f)| f);
        app.focus = Pane::Form;
        app.show_problems = false;
        if let Some(f) = field {
            app.field = f;
        }
    } else if let Some(r) = a.problems.get().filter(|r| inside(*r, x, y)) {
        app.focus = Pane::Problems;
        app.show_problems = true;
        if y > r.y {
            let i = app.problems_scroll.get() + (y - r.y - 1) as usize;
            if i < app.diags.len() {
                app.problem_sel = i;
            }
        }
    }
}

/// A wheel step on the main screen: moves the selection of the pane under it.
pub fn wheel(app: &mut App, x: u16, y: u16, down: bool) {
    let a = &app.areas;
    let pane = if inside(a.tree.get(), x, y) {
        Pane::Tree
    } else if a.form.get().is_some_and(|r| inside(r, x, y)) {
        Pane::Form
    } else if a.problems.get().is_some_and(|r| inside(r, x, y)) {
        Pane::Problems
    } else {
        return;
    };
    app.focus = pane;
    super::step(app, if down { 3 } else { -3 });
}
