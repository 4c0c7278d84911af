//! The interactive editor: a tree of passes, components, command lists and
//! commands; a form for the selected item; a live problems pane.
//!
//! Shape (see `STYLE.md`): [`app::App`] holds the state, [`action::Action`]
//! names every intent, [`keymap::keymap`] maps a key press to an action (pure),
//! [`update::update`] is the only mutation point, and `ui` draws. The loop is
//! synchronous: draw → blocking read → keymap → update.

pub mod action;
pub mod app;
pub mod form;
pub mod keymap;
pub mod modal;
pub mod sanitize;
pub mod theme;
pub mod tree;
pub mod ui;
pub mod update;

#[cfg(test)]
mod tests;

use app::App;
use ratatui::crossterm::event::{self, Event};
use std::io::IsTerminal;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

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
    let mut app = match path {
        Some(p) => App::open(p, read_only)?,
        None => App::untitled(read_only),
    };
    let mut terminal = ratatui::init();
    // A panic inside the loop has already restored the terminal (ratatui's
    // hook); here unsaved edits are written to a recovery file.
    let result = catch_unwind(AssertUnwindSafe(|| event_loop(&mut terminal, &mut app)));
    ratatui::restore();
    match result {
        Ok(r) => r.map_err(|e| format!("terminal error: {e}")),
        Err(_) => Err(match recover(&app) {
            Some(Ok(p)) => format!(
                "internal error; your unsaved edits were written to {}",
                p.display()
            ),
            Some(Err(e)) => format!("internal error; the recovery copy failed: {e}"),
            None => "internal error (there were no unsaved edits)".into(),
        }),
    }
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> std::io::Result<()> {
    loop {
        terminal.draw(|f| ui::draw(f, app))?;
        if app.should_quit {
            return Ok(());
        }
        // Other events (resize) only need the redraw at the top of the loop.
        if let Event::Key(key) = event::read()?
            && let Some(action) = keymap::keymap(app.mode(), app.focus, key)
        {
            update::update(app, action);
        }
        if app.should_quit {
            return Ok(());
        }
    }
}

/// Writes unsaved edits to the recovery directory.
fn recover(app: &App) -> Option<Result<PathBuf, String>> {
    if !app.is_modified() {
        return None;
    }
    let original = app
        .path
        .clone()
        .unwrap_or_else(|| Path::new("untitled.xml").to_path_buf());
    Some(crate::fsio::write_recovery(&original, &app.bytes_to_save()).map_err(|e| e.to_string()))
}
