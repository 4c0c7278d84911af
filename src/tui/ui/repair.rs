//! The repair view: the raw text of a file that is not well-formed, with the
//! error beside it.

use crate::tui::app::{App, Repair};
use crate::tui::sanitize::sanitize;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, r: &Repair, area: Rect) {
    let t = &app.theme;
    let [text, info] = Layout::vertical([Constraint::Min(3), Constraint::Length(5)]).areas(area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border_focus)
        .title(Line::from(
            "● Repair: fix the text; the tree view opens as soon as it parses",
        ));
    let inner = block.inner(text);
    frame.render_widget(block, text);
    frame.render_widget(&r.area, inner);
    let cursor = r.area.cursor();
    let mut lines = vec![Line::styled(
        match r.at {
            Some(at) => format!(
                "✖ line {}, column {}: {}",
                at.line,
                at.column,
                sanitize(&r.error)
            ),
            None => format!("✖ {}", sanitize(&r.error)),
        },
        t.error,
    )];
    lines.push(Line::raw(format!(
        "cursor at line {}, column {}",
        cursor.0 + 1,
        cursor.1 + 1
    )));
    if let Some(note) = &r.note {
        lines.push(Line::styled(note.clone(), t.dim));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title("Not well-formed");
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        info,
    );
}
