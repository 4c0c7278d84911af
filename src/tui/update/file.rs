//! Files and questions: save, save as, quit, confirmations, prompts, search,
//! the raw XML popup and the repair view.

use crate::answer::{Answer, CommandAddr, FieldKind};
use crate::document::Document;
use crate::fsio::{self, DiskState, SaveOptions};
use crate::ops::{self, Op};
use crate::tui::action::Action;
use crate::tui::app::{self, App, Body, Modal, Pending, PromptFor};
use crate::tui::sanitize::sanitize;
use crate::tui::tree::{NodeRef, pass_order};
use ratatui_textarea::TextArea;
use std::path::{Path, PathBuf};

fn shown(p: &Path) -> String {
    sanitize(&p.display().to_string()).into_owned()
}

/// Saves to `to` (or the file's own path). Without `force`, asks first when
/// the file changed on disk since it was read, or when Save As would replace
/// another existing file. With `confirm_save_with_diff` configured, shows the
/// diff of the unsaved edits first and saves on "y".
pub fn save(app: &mut App, to: Option<PathBuf>, force: bool) {
    save_inner(app, to, force, true)
}

/// [`save`] without the diff question (it was answered).
pub fn save_now(app: &mut App, to: Option<PathBuf>, force: bool) {
    save_inner(app, to, force, false)
}

fn save_inner(app: &mut App, to: Option<PathBuf>, force: bool, review: bool) {
    if super::edit::refused(app, "saving") {
        app.quit_after_save = false;
        return;
    }
    let Some(target) = to.clone().or_else(|| app.path.clone()) else {
        ask_save_as(app);
        return;
    };
    if let Body::Repair(r) = &app.body
        && r.lossy()
        && app.path.as_deref() == Some(target.as_path())
    {
        app.quit_after_save = false;
        app.say("not saved: this file is not valid UTF-8, and saving over it would replace those bytes; use Save As (S) to write the repaired text to a new file");
        return;
    }
    if review && !force && app.config.confirm_save_with_diff {
        super::review::open_review(app, Some(target));
        return;
    }
    let same_file = app.path.as_deref() == Some(target.as_path());
    if !force {
        let question = if same_file {
            match app
                .fingerprint
                .as_ref()
                .map(|f| fsio::changed_on_disk(&target, f))
            {
                Some(Ok(DiskState::Changed)) => Some(format!(
                    "{} changed on disk since it was opened. Overwrite it?",
                    shown(&target)
                )),
                Some(Ok(DiskState::Deleted)) => Some(format!(
                    "{} was deleted or moved since it was opened. Create it again?",
                    shown(&target)
                )),
                Some(Err(e)) => {
                    app.say(format!("not saved: {e}"));
                    app.quit_after_save = false;
                    return;
                }
                _ => None,
            }
        } else if target.exists() {
            Some(format!("{} exists. Replace it?", shown(&target)))
        } else {
            None
        };
        if let Some(question) = question {
            app.modal = Some(Modal::Confirm {
                question,
                on_yes: Pending::Overwrite(target),
            });
            return;
        }
    }
    let bytes = app.bytes_to_save();
    let repair_text = match &app.body {
        Body::Repair(r) => Some(r.text()),
        Body::Tree(_) => None,
    };
    // The tree must re-parse; repair text must decode back to what was typed.
    let verify = move |read: &[u8]| -> Result<(), String> {
        match &repair_text {
            None => Document::load(read).map(|_| ()).map_err(|e| e.to_string()),
            Some(text) => match crate::text::decode(read) {
                Ok(d) if d.text == *text => Ok(()),
                Ok(_) => Err("the written text differs from the edited text".into()),
                Err(e) => Err(e.to_string()),
            },
        }
    };
    let options = SaveOptions {
        backup: match &app.config.backup {
            Some(suffix) => fsio::Backup::Suffix(suffix.clone()),
            None => fsio::Backup::None,
        },
        ..SaveOptions::default()
    };
    match fsio::save_atomic(&target, &bytes, &options, &verify) {
        Ok(report) => {
            if let Some(copy) = app.recovery_file.take() {
                let _ = std::fs::remove_file(copy);
            }
            match &mut app.body {
                Body::Tree(ed) => ed.mark_saved(),
                Body::Repair(r) => r.modified = false,
            }
            app.fingerprint = Some(report.fingerprint);
            app.path = Some(target.clone());
            let mut msg = format!("saved {}", shown(&target));
            if let Some(b) = &report.backup {
                msg.push_str(&format!(" (backup {})", shown(b)));
            }
            for w in &report.warnings {
                msg.push_str("; ");
                msg.push_str(&sanitize(w));
            }
            app.say(msg);
            if app.quit_after_save {
                app.should_quit = true;
            }
        }
        Err(e) => {
            app.quit_after_save = false;
            app.say(format!("not saved, your edits are still here: {e}"));
        }
    }
}

fn open_prompt(app: &mut App, title: &str, initial: &str, purpose: PromptFor) {
    let mut area = TextArea::new(vec![initial.to_owned()]);
    area.move_cursor(ratatui_textarea::CursorMove::End);
    app.modal = Some(Modal::Prompt {
        title: title.to_owned(),
        area,
        purpose,
    });
}

pub fn ask_save_as(app: &mut App) {
    if super::edit::refused(app, "saving") {
        return;
    }
    let initial = app
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "autounattend.xml".into());
    open_prompt(app, "Save as", &initial, PromptFor::SaveAs);
}

pub fn ask_search(app: &mut App) {
    let initial = app.search.clone().unwrap_or_default();
    open_prompt(
        app,
        "Search paths, command lines, descriptions",
        &initial,
        PromptFor::Search,
    );
    // The last query is offered selected: Enter searches for it again, typing replaces it.
    // Shown in the theme's selection style (reverse video), which needs no colour.
    let style = app.theme.selection(true);
    if let Some(Modal::Prompt { area, .. }) = &mut app.modal {
        area.set_selection_style(style);
        area.select_all();
    }
}

pub fn prompt(app: &mut App, action: Action) {
    let Some(Modal::Prompt { area, purpose, .. }) = &mut app.modal else {
        return;
    };
    match action {
        Action::Type(key) => {
            // Right or End at the end of a selected query (see `ask_search`) keep the text:
            // they end the selection, as they would anywhere else in the line.
            let to_end = matches!(
                key.code,
                crossterm::event::KeyCode::Right | crossterm::event::KeyCode::End
            );
            if to_end
                && !key
                    .modifiers
                    .contains(crossterm::event::KeyModifiers::SHIFT)
            {
                area.cancel_selection();
            }
            area.input(key);
        }
        Action::Cancel => {
            app.modal = None;
            app.quit_after_save = false;
        }
        Action::Submit => {
            let text = area.lines().concat();
            let purpose = *purpose;
            app.modal = None;
            match purpose {
                PromptFor::Search => {
                    app.search = (!text.is_empty()).then_some(text);
                    next_match(app, true);
                }
                PromptFor::SaveAs if text.trim().is_empty() => {
                    app.quit_after_save = false;
                    app.say("not saved: no file name");
                }
                PromptFor::SaveAs => save(app, Some(PathBuf::from(text.trim())), false),
            }
        }
        _ => {}
    }
}

pub fn confirm(app: &mut App, action: Action) {
    let Some(Modal::Confirm { on_yes, .. }) = &app.modal else {
        return;
    };
    let pending = on_yes.clone();
    match action {
        Action::Yes => {
            app.modal = None;
            match pending {
                Pending::Delete(a) => {
                    if super::edit::apply(app, Op::DeleteCommand(a)).is_some() {
                        app.say("command deleted (u undoes)");
                    }
                }
                Pending::Overwrite(path) => save(app, Some(path), true),
                Pending::RemoveSetting(addr) => super::setting::remove(app, addr),
            }
        }
        Action::No | Action::Cancel => {
            app.modal = None;
            app.quit_after_save = false;
            app.say("cancelled");
        }
        _ => {}
    }
}

pub fn quit(app: &mut App) {
    if app.is_modified() {
        app.modal = Some(Modal::QuitAsk);
    } else {
        app.should_quit = true;
    }
}

pub fn quit_ask(app: &mut App, action: Action) {
    match action {
        Action::QuitSave => {
            app.modal = None;
            app.quit_after_save = true;
            save(app, None, false);
        }
        Action::QuitDiscard => {
            app.modal = None;
            app.should_quit = true;
        }
        Action::Cancel => app.modal = None,
        _ => {}
    }
}

/// Commands matching the query (case-insensitive), in tree order.
pub fn search_hits(doc: &Document, answer: &Answer, query: &str) -> Vec<CommandAddr> {
    let q = query.to_lowercase();
    let mut hits = Vec::new();
    for p in pass_order(answer) {
        for (c, comp) in answer.passes[p].components.iter().enumerate() {
            for (l, list) in comp.lists.iter().enumerate() {
                let addr = ops::ListAddr {
                    pass: p,
                    component: c,
                    list: l,
                };
                for i in list.run_sequence(doc) {
                    let cmd = &list.commands[i];
                    if [FieldKind::Program, FieldKind::Description]
                        .iter()
                        .any(|f| cmd.value(*f, doc).to_lowercase().contains(&q))
                    {
                        hits.push(addr.command(i));
                    }
                }
            }
        }
    }
    hits
}

pub fn next_match(app: &mut App, forward: bool) {
    let Some(q) = app.search.clone() else {
        app.say("no search yet: press /");
        return;
    };
    let Some(ed) = app.editor() else { return };
    let hits = search_hits(ed.doc(), ed.answer(), &q);
    if hits.is_empty() {
        app.say(format!("no match for “{}”", sanitize(&q)));
        return;
    }
    let current = app.selected_command();
    let pos = current.and_then(|c| hits.iter().position(|h| *h == c));
    let i = match (pos, forward) {
        (Some(i), true) => (i + 1) % hits.len(),
        (Some(i), false) => (i + hits.len() - 1) % hits.len(),
        (None, true) => 0,
        (None, false) => hits.len() - 1,
    };
    app.select_node(NodeRef::Command(hits[i]));
    app.focus = crate::tui::action::Pane::Tree;
    app.say(format!(
        "match {} of {} for “{}”",
        i + 1,
        hits.len(),
        sanitize(&q)
    ));
}

/// Opens the raw XML of the selected item, read-only.
pub fn show_raw(app: &mut App) {
    let (Some(ed), Some(node)) = (app.editor(), app.selected_node()) else {
        return;
    };
    let answer = ed.answer();
    let doc = ed.doc();
    let nodes = match node {
        NodeRef::Pass(p) => vec![answer.passes[p].node],
        NodeRef::Component(p, c) => vec![answer.passes[p].components[c].node],
        NodeRef::Setting(_, _, key) => app.settings.node(key).into_iter().collect(),
        NodeRef::List(l) => vec![answer.passes[l.pass].components[l.component].lists[l.list].node],
        NodeRef::Command(a) => answer.command(a).map(|c| vec![c.node]).unwrap_or_default(),
    };
    let text = doc.text();
    let mut lines = Vec::new();
    for id in nodes {
        let span = doc.tree().node(id).span;
        let start = span.start as usize;
        let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let indent = &text[line_start..start];
        let from = if indent.trim().is_empty() {
            line_start
        } else {
            start
        };
        // Passwords stay masked here too, as in the form.
        let secrets = crate::secrets::secret_ranges(doc.tree(), text, span.range());
        let raw = crate::secrets::mask_ranges(text, from..span.end as usize, &secrets);
        lines.extend(raw.split('\n').map(str::to_owned));
    }
    let at = doc.line_col(match node {
        NodeRef::Command(a) => answer
            .command(a)
            .map(|c| doc.tree().node(c.node).span.start)
            .unwrap_or(0),
        _ => 0,
    } as usize);
    let title = match node {
        NodeRef::Command(_) => format!("Raw XML (line {})", at.line),
        _ => "Raw XML".to_owned(),
    };
    app.modal = Some(Modal::Raw {
        title,
        lines,
        scroll: 0,
    });
}

pub fn repair(app: &mut App, action: Action) {
    match action {
        Action::Type(key) => {
            if super::edit::refused(app, "editing") {
                return;
            }
            let Body::Repair(r) = &mut app.body else {
                return;
            };
            if !r.area.input(key) {
                return;
            }
            r.modified = true;
            if let Some(doc) = app::reparse(r) {
                app.adopt(doc);
                app.say("the file is well-formed now: tree view (unsaved)");
            }
        }
        Action::Save => save(app, None, false),
        Action::Quit => quit(app),
        Action::Help => app.modal = Some(Modal::Help { scroll: 0 }),
        _ => {}
    }
}
