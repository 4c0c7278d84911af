//! Popups over the main screen: questions, prompts, the picker, help, raw XML.

use super::centered;
use crate::tui::app::{App, Modal};
use crate::tui::keymap;
use crate::tui::sanitize::{sanitize, sanitize_line};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let Some(modal) = &app.modal else { return };
    let t = &app.theme;
    match modal {
        Modal::Confirm { question, .. } => {
            let text = vec![
                Line::raw(sanitize(question).into_owned()),
                Line::raw(""),
                choices(t, &[("y", " yes   "), ("n", "/"), ("Esc", " no")]),
            ];
            popup(frame, area, "Confirm", text, 60, 7);
        }
        Modal::QuitAsk => {
            let text = vec![
                Line::raw("There are unsaved changes."),
                Line::raw(""),
                choices(
                    t,
                    &[
                        ("s", " save and quit   "),
                        ("d", " discard and quit   "),
                        ("c", "/"),
                        ("Esc", " cancel"),
                    ],
                ),
            ];
            popup(frame, area, "Quit", text, 62, 7);
        }
        Modal::Prompt {
            title, area: input, ..
        } => {
            let r = centered(area, 70.min(area.width - 4), 3);
            frame.render_widget(Clear, r);
            let block = Block::default()
                .borders(Borders::ALL)
                .border_style(t.border_focus)
                .title(Line::from(format!("{title} (Enter ok, Esc cancel)")));
            let inner = block.inner(r);
            frame.render_widget(block, r);
            frame.render_widget(input, inner);
        }
        Modal::Picker { title, items, sel } => {
            let lines = items
                .iter()
                .enumerate()
                .map(|(i, (label, _))| {
                    let line = Line::raw(format!(" {label}"));
                    if i == *sel {
                        line.style(t.selected)
                    } else {
                        line
                    }
                })
                .collect::<Vec<_>>();
            let h = (lines.len() as u16 + 2).min(area.height - 2);
            let title = format!("{title} (Enter add, Esc cancel)");
            popup(frame, area, &title, lines, 56, h);
        }
        Modal::Help { scroll } => {
            let rows = keymap::help_rows_with(&app.keys);
            let widest = |col: fn(&keymap::HelpRow) -> &str| {
                rows.iter()
                    .map(|r| col(r).chars().count())
                    .max()
                    .unwrap_or(0)
                    + 2
            };
            let kw = widest(|r| &r.0).max(6);
            let pw = widest(|r| &r.1).max(7);
            let nw = widest(|r| &r.3).max(6);
            // On a narrow screen what a key does matters most: where and the
            // action's name (for rebinding) follow it, dimmed.
            let wide = area.width as usize >= kw + pw + nw + 40;
            let mut lines = vec![Line::styled(
                if wide {
                    format!("{:<kw$}{:<pw$}{:<nw$}What", "Keys", "Where", "Name")
                } else {
                    format!("{:<kw$}What  (where · name)", "Keys")
                },
                t.label,
            )];
            for (keys, place, what, name) in rows {
                let line = if wide {
                    Line::from(vec![
                        Span::styled(format!("{keys:<kw$}"), t.label),
                        Span::raw(format!("{place:<pw$}")),
                        Span::styled(format!("{name:<nw$}"), t.dim),
                        Span::raw(what),
                    ])
                } else {
                    let place = if place.is_empty() {
                        "main".to_owned()
                    } else {
                        place
                    };
                    Line::from(vec![
                        Span::styled(format!("{keys:<kw$}"), t.label),
                        Span::raw(what),
                        Span::styled(format!("  ({place} · {name})"), t.dim),
                    ])
                };
                lines.push(line);
            }
            for note in [
                "",
                "Rebind by name in the configuration, e.g. [keys] save = [\"ctrl-s\", \"f2\"]",
                "Mouse (mouse = true in the configuration): click selects, the wheel scrolls;",
                "  Shift+drag still selects text in most terminals.",
            ] {
                lines.push(Line::styled(note, t.dim));
            }
            scrolled(
                frame,
                area,
                "Help — every binding (Esc closes)",
                lines,
                *scroll,
            );
        }
        Modal::Raw {
            title,
            lines,
            scroll,
        } => {
            let lines = lines
                .iter()
                .map(|l| Line::raw(sanitize_line(l).into_owned()))
                .collect();
            let title = format!("{title} — read-only (Esc closes)");
            scrolled(frame, area, &title, lines, *scroll);
        }
        Modal::Timeline { sel, scroll } => super::review::timeline(frame, app, area, *sel, scroll),
        Modal::Review {
            lines,
            scroll,
            then_save,
        } => super::review::diff(frame, app, area, lines, *scroll, then_save.is_some()),
    }
}

fn popup(frame: &mut Frame, area: Rect, title: &str, text: Vec<Line>, w: u16, h: u16) {
    let r = centered(area, w.min(area.width.saturating_sub(2)), h);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(title.to_owned()));
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: false }),
        r,
    );
}

pub(super) fn scrolled(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    scroll: usize,
) {
    // Between the title bar and the key hints.
    let r = Rect {
        x: area.x,
        y: area.y + 1,
        width: area.width,
        height: area.height.saturating_sub(2),
    };
    frame.render_widget(Clear, r);
    let visible = r.height.saturating_sub(2) as usize;
    let top = scroll.min(lines.len().saturating_sub(visible));
    let shown: Vec<Line> = lines.into_iter().skip(top).take(visible).collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(title.to_owned()));
    frame.render_widget(Paragraph::new(shown).block(block), r);
}

/// A line of answer keys, each followed by what it does.
fn choices(t: &crate::tui::theme::Theme, keys: &[(&'static str, &'static str)]) -> Line<'static> {
    Line::from(
        keys.iter()
            .flat_map(|&(k, what)| [Span::styled(k, t.label), Span::raw(what)])
            .collect::<Vec<_>>(),
    )
}
