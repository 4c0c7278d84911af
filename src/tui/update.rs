//! The only place the editor's state changes: `update(&mut App, Action)`.

mod edit;
mod file;
mod review;
mod setting;

use super::action::{Action, Mode, Pane};
use super::app::{App, Modal};
use super::tree::NodeRef;

const PAGE: isize = 10;

/// Applies one action.
pub fn update(app: &mut App, action: Action) {
    if !matches!(
        action,
        Action::Type(_) | Action::Click(..) | Action::Wheel(..)
    ) {
        app.status = None;
    }
    match app.mode() {
        Mode::Help | Mode::Raw => popup(app, action),
        Mode::Confirm => file::confirm(app, action),
        Mode::QuitAsk => file::quit_ask(app, action),
        Mode::Prompt => file::prompt(app, action),
        Mode::Picker => edit::picker(app, action),
        Mode::EditField => edit::edit_field(app, action),
        Mode::Repair => file::repair(app, action),
        Mode::Timeline => review::timeline(app, action),
        Mode::Review => review::review(app, action),
        Mode::Normal => normal(app, action),
    }
    super::recovery::reask(app);
    app.refresh();
}

fn normal(app: &mut App, action: Action) {
    use Action as A;
    match action {
        A::Up => step(app, -1),
        A::Down => step(app, 1),
        A::PageUp => step(app, -PAGE),
        A::PageDown => step(app, PAGE),
        A::Home => step(app, isize::MIN / 2),
        A::End => step(app, isize::MAX / 2),
        A::Expand => expand(app),
        A::Collapse => collapse(app),
        A::Activate => activate(app),
        A::NextPane => cycle_pane(app, true),
        A::PrevPane => cycle_pane(app, false),
        A::Cancel => app.focus = Pane::Tree,
        A::ChoiceNext => edit::choose(app, true),
        A::ChoicePrev => edit::choose(app, false),
        A::Reveal => app.reveal = !app.reveal,
        A::AddCommand => edit::add_command(app),
        A::AddPicker => edit::open_picker(app),
        A::Delete => edit::ask_delete(app),
        A::Duplicate => edit::on_command(app, crate::ops::Op::DuplicateCommand),
        A::MoveUp => edit::on_command(app, crate::ops::Op::MoveUp),
        A::MoveDown => edit::on_command(app, crate::ops::Op::MoveDown),
        A::Renumber => edit::renumber(app),
        A::Undo => edit::undo(app, false),
        A::Redo => edit::undo(app, true),
        A::Save => file::save(app, None, false),
        A::SaveAs => file::ask_save_as(app),
        A::Search => file::ask_search(app),
        A::NextMatch => file::next_match(app, true),
        A::PrevMatch => file::next_match(app, false),
        A::ShowRaw => file::show_raw(app),
        A::ToggleProblems => {
            app.show_problems = !app.show_problems;
            app.focus = if app.show_problems {
                Pane::Problems
            } else {
                Pane::Tree
            };
        }
        A::Help => app.modal = Some(Modal::Help { scroll: 0 }),
        A::Timeline => review::open_timeline(app),
        A::ReviewChanges => review::open_review(app, None),
        A::Click(x, y) => review::click(app, x, y),
        A::Wheel(x, y, down) => review::wheel(app, x, y, down),
        A::Quit => file::quit(app),
        _ => {}
    }
}

fn step(app: &mut App, delta: isize) {
    let (pos, len) = match app.focus {
        Pane::Tree => (app.selected, app.rows.len()),
        Pane::Form => (app.field, app.form_fields().len()),
        Pane::Problems => (app.problem_sel, app.diags.len()),
    };
    if len == 0 {
        return;
    }
    let to = (pos as isize)
        .saturating_add(delta)
        .clamp(0, len as isize - 1) as usize;
    match app.focus {
        Pane::Tree => {
            if to != app.selected {
                app.field = 0;
                app.reveal = false;
            }
            app.selected = to;
        }
        Pane::Form => app.field = to,
        Pane::Problems => app.problem_sel = to,
    }
}

fn expand(app: &mut App) {
    let Some(row) = app.rows.get(app.selected).copied() else {
        return;
    };
    if row.expandable && !row.expanded {
        app.expanded.insert(row.node);
        app.invalidate_rows();
    } else if row.expanded {
        step(app, 1);
    } else if matches!(row.node, NodeRef::Command(_) | NodeRef::Setting(..)) {
        app.focus = Pane::Form;
    }
}

fn collapse(app: &mut App) {
    let Some(row) = app.rows.get(app.selected).copied() else {
        return;
    };
    if row.expanded {
        app.expanded.remove(&row.node);
        app.invalidate_rows();
    } else if let Some(parent) = app.parent_of(row.node) {
        app.select_node(parent);
    }
}

fn activate(app: &mut App) {
    match app.focus {
        Pane::Tree => {
            let Some(row) = app.rows.get(app.selected).copied() else {
                return;
            };
            match row.node {
                NodeRef::Command(_) => {
                    app.focus = Pane::Form;
                    app.show_problems = false;
                }
                n if row.expandable => {
                    if !app.expanded.remove(&n) {
                        app.expanded.insert(n);
                    }
                    app.invalidate_rows();
                }
                NodeRef::Setting(..) => {
                    app.focus = Pane::Form;
                    app.show_problems = false;
                }
                _ => {}
            }
        }
        Pane::Form => edit::activate_field(app),
        Pane::Problems => jump_to_problem(app),
    }
}

fn cycle_pane(app: &mut App, forward: bool) {
    const ORDER: [Pane; 3] = [Pane::Tree, Pane::Form, Pane::Problems];
    let i = ORDER.iter().position(|p| *p == app.focus).unwrap_or(0);
    let next = if forward { (i + 1) % 3 } else { (i + 2) % 3 };
    app.focus = ORDER[next];
    // On a narrow screen form and problems share the right side.
    match app.focus {
        Pane::Problems => app.show_problems = true,
        Pane::Form => app.show_problems = false,
        Pane::Tree => {}
    }
}

/// Selects the item (and field) of the highlighted problem.
fn jump_to_problem(app: &mut App) {
    let Some(d) = app.diags.get(app.problem_sel) else {
        return;
    };
    let t = d.target.clone();
    let node = match (t.pass, t.component, t.list, t.command) {
        (Some(pass), Some(component), Some(list), cmd) => {
            let l = crate::ops::ListAddr {
                pass,
                component,
                list,
            };
            match cmd {
                Some(i) => NodeRef::Command(l.command(i)),
                None => NodeRef::List(l),
            }
        }
        (Some(p), Some(c), None, _) => {
            let span = d.span;
            setting::at_span(app, p, c, span).unwrap_or(NodeRef::Component(p, c))
        }
        (Some(p), None, _, _) => NodeRef::Pass(p),
        _ => {
            app.say(format!("line {}: {}", d.at.line, d.message));
            return;
        }
    };
    app.select_node(node);
    app.show_problems = false;
    if let (NodeRef::Command(_), Some(f)) = (node, t.field) {
        app.focus = Pane::Form;
        if let Some(i) = app.form_fields().iter().position(|k| *k == f) {
            app.field = i;
        }
    } else {
        app.focus = Pane::Tree;
    }
}

fn popup(app: &mut App, action: Action) {
    let scroll = match &mut app.modal {
        Some(Modal::Help { scroll }) | Some(Modal::Raw { scroll, .. }) => scroll,
        _ => return,
    };
    match action {
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll += 1,
        Action::PageUp => *scroll = scroll.saturating_sub(PAGE as usize),
        Action::PageDown => *scroll += PAGE as usize,
        Action::Home => *scroll = 0,
        Action::Wheel(_, _, true) => *scroll += 3,
        Action::Wheel(_, _, false) => *scroll = scroll.saturating_sub(3),
        Action::Cancel => app.modal = None,
        _ => {}
    }
}
