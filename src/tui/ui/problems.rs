//! The problems pane: errors first, then warnings, then infos.

use super::{follow, sev_span};
use crate::lint;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::sanitize::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let (e, w, i) = lint::counts(&app.diags);
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let title = Line::from(format!(
        "Problems ({}, {}, {i} info)",
        plural(e, "error"),
        plural(w, "warning")
    ));
    let inner = super::pane(frame, app, Pane::Problems, title, area);
    let t = &app.theme;
    if app.diags.is_empty() {
        let line = Line::from("No problems found.");
        super::paint::text(frame.buffer_mut(), inner, t.dim, [&line]);
        return;
    }
    let height = inner.height as usize;
    let top = follow(
        &app.problems_scroll,
        app.problem_sel,
        height,
        app.diags.len(),
    );
    let lines: Vec<Line> = app
        .diags
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(n, d)| {
            let mut line = Line::from(vec![
                Span::raw(if n == app.problem_sel { "›" } else { " " }),
                sev_span(t, Some(d.severity)),
                Span::raw(format!(" {} {}:{} ", d.code, d.at.line, d.at.column)),
                Span::raw(sanitize(&d.message)),
            ]);
            if n == app.problem_sel {
                line = line.style(t.selection(app.focus == Pane::Problems));
            }
            line
        })
        .collect();
    super::lines(frame, inner, &lines);
}
