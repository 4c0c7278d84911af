//! Mouse support (configuration `mouse = true`, off by default): turning
//! capture on and, on every way out, off again; mouse events as actions; and
//! where the renderer last drew the panes, so a click can be placed.
//!
//! ratatui's `init`/`restore` and its panic hook know nothing of mouse
//! capture: [`release`] is called on a normal exit, on an error, from the
//! panic hook and from the hang-up handler.

use super::action::Action;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicBool, Ordering};

static CAPTURED: AtomicBool = AtomicBool::new(false);

/// Where things were drawn at the last frame.
#[derive(Debug, Default)]
pub struct Areas {
    /// The tree pane (with its border).
    pub tree: Cell<Rect>,
    /// The form pane, when shown.
    pub form: Cell<Option<Rect>>,
    /// The problems pane, when shown.
    pub problems: Cell<Option<Rect>>,
    /// Screen rows of the form's fields: (row, field index).
    pub form_rows: RefCell<Vec<(u16, usize)>>,
    /// Screen rows of the timeline popup: (row, entry index).
    pub popup_rows: RefCell<Vec<(u16, usize)>>,
}

impl Areas {
    /// Forgets the per-frame rows before a new frame is drawn.
    pub fn clear_rows(&self) {
        self.form_rows.borrow_mut().clear();
        self.popup_rows.borrow_mut().clear();
        self.form.set(None);
        self.problems.set(None);
    }
}

/// Turns mouse capture on.
pub fn capture() -> std::io::Result<()> {
    ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::EnableMouseCapture
    )?;
    CAPTURED.store(true, Ordering::SeqCst);
    Ok(())
}

/// Turns mouse capture off again if it was turned on (safe to call twice, from
/// any thread, in any exit path).
pub fn release() {
    if CAPTURED.swap(false, Ordering::SeqCst) {
        let _ = ratatui::crossterm::execute!(
            std::io::stdout(),
            ratatui::crossterm::event::DisableMouseCapture
        );
    }
}

/// Chains a panic hook that releases the mouse before the hook ratatui
/// installed restores the terminal and prints the panic.
pub fn release_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        release();
        previous(info);
    }));
}

/// The action a mouse event means: a left click or a wheel step.
pub fn action(ev: MouseEvent) -> Option<Action> {
    match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(ev.column, ev.row)),
        MouseEventKind::ScrollUp => Some(Action::Wheel(ev.column, ev.row, false)),
        MouseEventKind::ScrollDown => Some(Action::Wheel(ev.column, ev.row, true)),
        _ => None,
    }
}

/// True when the cell is inside the rectangle.
pub fn inside(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
