//! The full-screen timeline and change-review popups.

use super::dialogs::scrolled;
use super::follow;
use crate::tui::app::App;
use crate::tui::review::{self, LineKind};
use crate::tui::sanitize::{sanitize, sanitize_line};
use crate::tui::timeline::{self, Entry, Restart};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use std::cell::Cell;

/// Every command in run order; `sel` is the selected entry.
pub fn timeline(frame: &mut Frame, app: &App, area: Rect, sel: usize, scroll: &Cell<usize>) {
    let Some(ed) = app.editor() else { return };
    let t = &app.theme;
    let entries = timeline::entries(ed.doc(), ed.answer());
    // (line, entry it belongs to)
    let mut lines: Vec<(Line, Option<usize>)> = vec![(
        Line::styled(
            "In the order Windows runs them.  ⇉ starts with the next  ⟳ restart",
            t.dim,
        ),
        None,
    )];
    for (i, e) in entries.iter().enumerate() {
        let text = sanitize(&timeline::plain(e)).into_owned();
        let line = match e {
            Entry::Pass { .. } => Line::styled(format!("━━ {text} "), t.label),
            Entry::List { .. } => Line::styled(text, t.info),
            Entry::Command { .. } => Line::raw(text),
            Entry::Restart(_) => Line::styled(text, t.warning),
        };
        let line = if i == sel {
            line.style(t.selected)
        } else {
            line
        };
        lines.push((line, Some(i)));
        if *e == Entry::Restart(Restart::OnRequest) {
            lines.push((
                Line::styled(format!("      {}", timeline::ON_REQUEST_CODES), t.dim),
                Some(i),
            ));
        }
    }
    let r = Rect {
        x: area.x,
        y: area.y + 1,
        width: area.width,
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focus)
        .title(Line::from(
            "Timeline — every command in run order (Esc closes)",
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    // The last two lines spell out who runs the selected command.
    let detail = entries.get(sel).and_then(Entry::command).and_then(|a| {
        let answer = ed.answer();
        let spec = answer.list(a)?.spec;
        let pass = answer.passes.get(a.pass)?.kind;
        Some(format!(
            "Runs as {}; {}.",
            crate::cmdline::context_label(spec, pass),
            crate::cmdline::timing_label(spec)
        ))
    });
    let inner = match &detail {
        Some(text) if inner.height > 6 => {
            let last = Rect {
                y: inner.y + inner.height - 2,
                height: 2,
                ..inner
            };
            frame.render_widget(
                Paragraph::new(Line::styled(text.clone(), t.dim)).wrap(Wrap { trim: true }),
                last,
            );
            Rect {
                height: inner.height - 2,
                ..inner
            }
        }
        _ => inner,
    };
    let visible = inner.height as usize;
    let at = lines.iter().position(|(_, e)| *e == Some(sel)).unwrap_or(0);
    let top = follow(scroll, at, visible, lines.len());
    let mut rows = app.areas.popup_rows.borrow_mut();
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(visible)
        .enumerate()
        .map(|(n, (line, e))| {
            if let Some(e) = e {
                rows.push((inner.y + n as u16, e));
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The diff of the unsaved edits; `asking` when a save waits for y / n.
pub fn diff(
    frame: &mut Frame,
    app: &App,
    area: Rect,
    lines: &[String],
    scroll: usize,
    asking: bool,
) {
    let t = &app.theme;
    let styled: Vec<Line> = lines
        .iter()
        .map(|l| {
            let text = sanitize_line(l).into_owned();
            match review::kind(l) {
                LineKind::Header => Line::styled(text, t.label),
                LineKind::Hunk => Line::styled(text, t.info),
                LineKind::Added => Line::styled(text, t.added),
                LineKind::Removed => Line::styled(text, t.removed),
                LineKind::Context => Line::raw(text),
            }
        })
        .collect();
    let title = if asking {
        "Save these changes? y save · n cancel (passwords masked)"
    } else {
        "Unsaved changes vs. the file on disk (passwords masked) · Esc closes"
    };
    scrolled(frame, area, title, styled, scroll);
}
