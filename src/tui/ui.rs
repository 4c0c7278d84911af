//! Rendering: pure functions from `&App` to the frame. Scroll offsets live in
//! `Cell`s because they depend on the drawn size.

mod dialogs;
mod form;
mod paint;
mod preview;
mod problems;
mod repair;
mod review;
mod setting;

pub use setting::row_label as setting_label;
mod tree;

use super::action::Action;
use super::action::{Mode, Pane};
use super::app::{App, Body};
use super::keymap;
use super::sanitize::{is_unsafe, sanitize};
use super::theme::{self, Theme};
use crate::lint::{self, Severity};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Smallest usable terminal.
pub const MIN_WIDTH: u16 = 60;
/// Smallest usable terminal.
pub const MIN_HEIGHT: u16 = 16;
/// From this width form and problems are shown together.
pub const WIDE: u16 = 100;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    app.areas.clear_rows();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        scrub(frame);
        return;
    }
    let [title, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    title_bar(frame, app, title);
    match &app.body {
        Body::Repair(r) => repair::draw(frame, app, r, body),
        Body::Tree(_) => main_panes(frame, app, body),
    }
    status_line(frame, app, status);
    hint_bar(frame, app, hints);
    dialogs::draw(frame, app, area);
    scrub(frame);
}

fn main_panes(frame: &mut Frame, app: &App, area: Rect) {
    let wide = area.width >= WIDE;
    app.narrow.set(!wide);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    tree::draw(frame, app, left);
    app.areas.tree.set(left);
    if wide {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
        form::draw(frame, app, top);
        problems::draw(frame, app, bottom);
        app.areas.form.set(Some(top));
        app.areas.problems.set(Some(bottom));
    } else if app.show_problems || app.focus == Pane::Problems {
        problems::draw(frame, app, right);
        app.areas.problems.set(Some(right));
    } else {
        form::draw(frame, app, right);
        app.areas.form.set(Some(right));
    }
}

/// Draws a bordered pane, highlighted when it has the focus, with `title`;
/// returns the area inside the borders.
pub fn pane(frame: &mut Frame, app: &App, pane: Pane, title: Line, area: Rect) -> Rect {
    let focused = app.focus == pane && app.mode() != Mode::Repair;
    let marker = if focused { "● " } else { "" };
    let mut spans = vec![Span::raw(marker)];
    spans.extend(title.spans);
    let border = if focused {
        app.theme.border_focus
    } else {
        app.theme.border
    };
    paint::pane(frame.buffer_mut(), area, &Line::from(spans), border)
}

/// `lines` drawn top to bottom into `area` (cut at its right edge).
pub fn lines<'a>(frame: &mut Frame, area: Rect, lines: impl IntoIterator<Item = &'a Line<'a>>) {
    paint::text(frame.buffer_mut(), area, PLAIN, lines);
}

/// One line in the first row of `area`, the row styled with `style` first.
pub fn line_in(frame: &mut Frame, area: Rect, style: Style, line: &Line) {
    paint::text(frame.buffer_mut(), area, style, [line]);
}

fn title_bar(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut spans = vec![
        Span::raw(" unattui — "),
        Span::raw(sanitize(&app.display_name()).into_owned()),
    ];
    if app.is_modified() {
        spans.push(Span::raw(" [+]"));
    }
    spans.push(Span::raw(format!(" · {}", app.encoding().label())));
    if app.read_only {
        spans.push(Span::raw(" · [read-only]"));
    }
    if let Body::Repair(_) = app.body {
        spans.push(Span::raw(" · REPAIR: not well-formed"));
    } else {
        let (e, w, i) = lint::counts(&app.diags);
        spans.push(Span::raw(format!(
            " · {} {e} {} {w} {} {i}",
            theme::GLYPH_ERROR,
            theme::GLYPH_WARNING,
            theme::GLYPH_INFO
        )));
    }
    line_in(frame, area, t.title, &Line::from(spans));
}

fn status_line(frame: &mut Frame, app: &App, area: Rect) {
    // With nothing to report, the problems pane's selection is spelled out in
    // full there (the pane truncates long messages).
    let detail = match (&app.status, app.focus, app.mode()) {
        (None, Pane::Problems, Mode::Normal) => app
            .diags
            .get(app.problem_sel)
            .map(|d| format!("{} · {}", d.place, d.message)),
        _ => None,
    };
    let text = app.status.as_deref().or(detail.as_deref()).unwrap_or("");
    line_in(
        frame,
        area,
        PLAIN,
        &Line::styled(sanitize(text), app.theme.status),
    );
}

fn hint_bar(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut spans = Vec::new();
    let mut used = 0usize;
    // In review mode the bar offers what can be done: no editing keys.
    let editing = |a: Action| {
        matches!(
            a,
            Action::AddCommand
                | Action::AddPicker
                | Action::Delete
                | Action::Duplicate
                | Action::MoveUp
                | Action::MoveDown
                | Action::Renumber
                | Action::Undo
                | Action::Redo
                | Action::Save
                | Action::SaveAs
        )
    };
    let keep = |a: Action| !(app.read_only && editing(a));
    for (key, what) in keymap::hints_where(app.mode(), app.focus, &app.keys, keep) {
        let w = key.chars().count() + what.chars().count() + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(format!(" {key}"), t.label));
        spans.push(Span::styled(format!(" {what} "), t.dim));
    }
    line_in(frame, area, PLAIN, &Line::from(spans));
}

fn too_small(frame: &mut Frame, area: Rect) {
    let msg = format!(
        "Terminal too small: {}×{}. unattui needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge the window (q quits).",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
}

/// Last line of defence: no cell may carry a control or bidi character.
fn scrub(frame: &mut Frame) {
    for cell in &mut frame.buffer_mut().content {
        let s = cell.symbol();
        let printable = s.len() == 1 && (0x20..0x7f).contains(&s.as_bytes()[0]);
        if !printable && s.chars().any(is_unsafe) {
            cell.set_symbol("?");
        }
    }
}

/// A severity's glyph and style.
pub fn sev_span(theme: &Theme, s: Option<Severity>) -> Span<'static> {
    match s {
        Some(s) => Span::styled(theme::glyph(s), theme.severity(s)),
        None => Span::raw(" "),
    }
}

/// Centres a `w`×`h` rectangle in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Keeps `sel` within a window of `height` rows starting at `scroll`.
pub fn follow(scroll: &std::cell::Cell<usize>, sel: usize, height: usize, len: usize) -> usize {
    let mut top = scroll.get();
    if height == 0 {
        return top;
    }
    if sel < top {
        top = sel;
    } else if sel >= top + height {
        top = sel + 1 - height;
    }
    top = top.min(len.saturating_sub(height));
    scroll.set(top);
    top
}

/// A plain style (no colour) used when nothing else applies.
pub const PLAIN: Style = Style::new();
