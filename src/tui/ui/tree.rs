//! The tree pane: only the visible rows are turned into text.

use super::{follow, sev_span};
use crate::answer::{Answer, FieldKind};
use crate::document::Document;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::sanitize::sanitize;
use crate::tui::theme;
use crate::tui::tree::{NodeRef, Row};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(ed) = app.editor() else { return };
    let inner = super::pane(frame, app, Pane::Tree, Line::from("Tree"), area);
    let height = inner.height as usize;
    let top = follow(&app.tree_scroll, app.selected, height, app.rows.len());
    let t = &app.theme;
    let lines: Vec<Line> = app
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(height)
        .map(|(i, row)| {
            let marker = if i == app.selected { "›" } else { " " };
            let mut spans = vec![
                sev_span(t, app.worst.get(&row.node).copied()),
                Span::raw(marker),
            ];
            spans.push(Span::raw(indent(row.depth as usize)));
            spans.push(Span::raw(match (row.expandable, row.expanded) {
                (true, true) => theme::GLYPH_OPEN,
                (true, false) => theme::GLYPH_CLOSED,
                _ => " ",
            }));
            spans.push(Span::raw(" "));
            spans.push(Span::raw(match row.node {
                NodeRef::Setting(_, _, key) => super::setting::row_label(app, ed, key),
                _ => label(ed.doc(), ed.answer(), row),
            }));
            let mut line = Line::from(spans);
            if i == app.selected {
                line = line.style(t.selection(app.focus == Pane::Tree));
            }
            line
        })
        .collect();
    if lines.is_empty() {
        let line = Line::from("(no passes: A adds one)");
        super::paint::text(frame.buffer_mut(), inner, t.dim, [&line]);
    } else {
        super::lines(frame, inner, &lines);
    }
}

/// Two spaces per level, borrowed while the depth is usual.
fn indent(depth: usize) -> std::borrow::Cow<'static, str> {
    const SPACES: &str = "                                ";
    match SPACES.get(..2 * depth) {
        Some(s) => s.into(),
        None => "  ".repeat(depth).into(),
    }
}

/// The text of one row.
pub fn label(doc: &Document, answer: &Answer, row: &Row) -> String {
    match row.node {
        NodeRef::Pass(p) => {
            let pass = &answer.passes[p];
            let name = if pass.name.is_empty() {
                "settings (no pass)"
            } else {
                &pass.name
            };
            match pass.kind {
                Some(k) => format!("{} ({})", sanitize(name), k.number()),
                None => format!("{} (unknown pass)", sanitize(name)),
            }
        }
        NodeRef::Component(p, c) => {
            let comp = &answer.passes[p].components[c];
            format!(
                "{} [{}]",
                sanitize(comp.name.as_deref().unwrap_or("component")),
                sanitize(comp.arch.as_deref().unwrap_or("?"))
            )
        }
        NodeRef::List(l) => {
            let list = &answer.passes[l.pass].components[l.component].lists[l.list];
            let mis = if list.misplaced { " (misplaced)" } else { "" };
            format!("{} ({}){mis}", list.spec.container, list.commands.len())
        }
        NodeRef::Command(a) => match answer.command(a) {
            Some(cmd) => {
                let order = cmd.value(FieldKind::Order, doc).trim();
                let desc = cmd.value(FieldKind::Description, doc).trim();
                let text = if desc.is_empty() {
                    cmd.value(FieldKind::Program, doc).trim()
                } else {
                    desc
                };
                let order = if order.is_empty() { "?" } else { order };
                format!("{} {} {}", sanitize(order), theme::DOT, sanitize(text))
            }
            None => "?".into(),
        },
        // Drawn by `setting::row_label`, which needs the document.
        NodeRef::Setting(..) => String::new(),
    }
}
