//! The interactive editor: a tree of passes, components, command lists and
//! commands; a form for the selected item; a live problems pane.
//!
//! Shape (see `STYLE.md`): [`app::App`] holds the state, [`action::Action`]
//! names every intent, [`keymap::keymap`] maps a key press to an action (pure),
//! [`update::update`] is the only mutation point, and `ui` draws. The loop is
//! synchronous: draw → recovery snapshot (when the file changed) → blocking
//! read → keymap → update ([`handle_event`]).

pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod keys;
pub mod modal;
pub mod mouse;
pub mod recovery;
pub mod review;
pub mod sanitize;
pub mod setting_form;
pub mod settings;
pub mod theme;
pub mod timeline;
pub mod tree;
pub mod ui;
pub mod update;

#[cfg(test)]
mod tests;

use app::App;
use ratatui::crossterm::event::{self, Event};
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

pub use sanitize::sanitize;

/// Opens the editor on `path` (a new untitled file from the template when
/// `None`); `read_only` refuses every edit. Returns a plain message for
/// anything that stops it from starting (no terminal, unreadable file).
pub fn run(path: Option<PathBuf>, read_only: bool) -> Result<(), String> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the editor needs a terminal (stdin/stdout is not a terminal); \
             use `unattui check FILE` for a report instead"
                .into(),
        );
    }
    let config = crate::config::load();
    let mut app = match path {
        Some(p) => App::open(p, read_only)?,
        None => App::untitled(read_only),
    };
    app.config = config.config;
    let mut warnings = config.warnings;
    warnings.extend(app.apply_config());
    if let Some(w) = warnings.first() {
        let more = match warnings.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        app.say(format!("configuration: {}{more}", sanitize(w)));
    }
    recovery::offer_if_any(&mut app);
    let snapshot = recovery::Snapshot::default();
    recovery::publish(&app, &snapshot);
    recovery::install_hangup_handler(snapshot.clone());
    let mut terminal = ratatui::init();
    if app.config.mouse {
        mouse::release_on_panic();
        if let Err(e) = mouse::capture() {
            app.say(format!("mouse support could not be turned on: {e}"));
        }
    }
    // A panic inside the loop has already restored the terminal (ratatui's
    // hook, and ours for the mouse); here unsaved edits are written to a
    // recovery file.
    let result = catch_unwind(AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut app, &snapshot)
    }));
    mouse::release();
    ratatui::restore();
    match result {
        Ok(r) => r.map_err(|e| format!("terminal error: {e}")),
        // The published snapshot holds the last state a finished action left,
        // not whatever the panicking one half-changed.
        Err(_) => Err(match recovery::write_snapshot(&snapshot) {
            Some(Ok(p)) => format!(
                "internal error; your unsaved edits were written to {}",
                p.display()
            ),
            Some(Err(e)) => format!("internal error; the recovery copy failed: {e}"),
            None => "internal error (there were no unsaved edits)".into(),
        }),
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    snapshot: &recovery::Snapshot,
) -> std::io::Result<()> {
    let mut published = app.change_key();
    let mut acted = false;
    loop {
        let drawn = catch_unwind(AssertUnwindSafe(|| {
            terminal.draw(|f| ui::draw(f, app)).map(|_| ())
        }));
        // The last action has finished (even when drawing failed): keep what
        // a hang-up would write in step with it. A copy of the whole file, so
        // it is taken once the frame is on the screen rather than before.
        if acted {
            publish_if_changed(app, snapshot, &mut published);
        }
        match drawn {
            Ok(r) => r?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if app.should_quit {
            return Ok(());
        }
        acted = handle_event(app, event::read()?);
        if app.should_quit {
            return Ok(());
        }
    }
}

/// What [`publish_if_changed`] last published to the recovery snapshot.
pub type Published = (u64, u64, bool, u64);

/// One input event, the way the terminal loop handles it: keymap (presses
/// only) → [`update::update`]. The caller then draws the next frame and calls
/// [`publish_if_changed`] when this returns true (an action ran). Public so
/// that benchmarks time the same path as the real loop.
pub fn handle_event(app: &mut App, event: Event) -> bool {
    // Other events (resize) only need the redraw at the top of the loop.
    let action = match event {
        Event::Key(key) => keymap::keymap_with(app.mode(), app.focus, key, &app.keys),
        Event::Mouse(m) => mouse::action(m),
        _ => None,
    };
    if let Some(action) = action {
        update::update(app, action);
    }
    action.is_some()
}

/// Keeps the recovery snapshot (what a hang-up writes) in step with the edits:
/// republished whenever what a save would write may have changed.
pub fn publish_if_changed(app: &App, snapshot: &recovery::Snapshot, published: &mut Published) {
    let key = app.change_key();
    if key != *published {
        recovery::publish(app, snapshot);
        *published = key;
    }
}
