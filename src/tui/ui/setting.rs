//! A setting outside the command lists: its tree label, and its form (the
//! catalog's facts, its problems, the value editor or chooser).

use super::form::wrap;
use super::sev_span;
use crate::catalog::settings::{Kind, SettingInfo};
use crate::ops::{Editor, settings as ops_settings};
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::sanitize::sanitize;
use crate::tui::setting_form::{self, facts};
use crate::tui::theme::MASK;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const LABEL: u16 = 19;
const SHORT: usize = 40;

/// The tree text of a setting row: `Name (n)` for a container, `Name = value`
/// for a value (one line, shortened, secrets masked).
pub fn row_label(app: &App, ed: &Editor, key: u32) -> String {
    let (Some(addr), Some(node)) = (app.settings.addr(key), app.settings.node(key)) else {
        return "?".into();
    };
    let (text, tree) = (ed.doc().text(), ed.doc().tree());
    let name = sanitize(addr.name()).into_owned();
    let kids = tree.elements(node).count();
    let container =
        ops_settings::info_at(ed.answer(), addr).is_some_and(|i| i.kind == Kind::Container);
    if kids > 0 || container {
        return format!("{name} ({kids})");
    }
    if crate::secrets::is_secret(tree, text, node) {
        return format!("{name} = {}", MASK.to_string().repeat(6));
    }
    let value = tree.value(text, node);
    let one: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = if one.chars().count() > SHORT {
        let head: String = one.chars().take(SHORT - 1).collect();
        format!("{head}…")
    } else {
        one
    };
    format!("{name} = {}", sanitize(&shown))
}

/// The form of the selected setting.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let (Some(ed), Some((addr, node))) = (app.editor(), app.selected_setting()) else {
        return;
    };
    let t = &app.theme;
    let answer = ed.answer();
    let (text, tree) = (ed.doc().text(), ed.doc().tree());
    let info = ops_settings::info_at(answer, addr);
    let pass = answer.passes.get(addr.pass);
    let comp = pass.and_then(|p| p.components.get(addr.component));
    let comp_name = comp.and_then(|c| c.name.as_deref()).unwrap_or("component");
    let short = comp_name
        .strip_prefix("Microsoft-Windows-")
        .unwrap_or(comp_name);
    let mut lines: Vec<Line> = Vec::new();
    let width = (area.width as usize)
        .saturating_sub(LABEL as usize + 2)
        .max(10);
    let indent = LABEL as usize + 2;
    lines.push(Line::styled(
        format!("{} › {}", sanitize(short), sanitize(&addr.catalog_path())),
        t.dim,
    ));
    let kids = tree.elements(node).count();
    let container = kids > 0 || info.is_some_and(|i| i.kind == Kind::Container);
    let problems: Vec<&crate::lint::Diagnostic> = app
        .settings
        .problems_within(tree.node(node).span)
        .filter_map(|i| app.diags.get(i))
        .collect();
    let editing = app.setting_edit.as_ref().filter(|e| &e.addr == addr);
    let value_row = if container {
        lines.push(row(t, "children", kids.to_string()));
        None
    } else {
        let value = tree.value(text, node);
        let secret = crate::secrets::is_secret(tree, text, node);
        let shown = if editing.is_some() {
            Span::raw("")
        } else if value.is_empty() {
            Span::styled("(empty)", t.dim)
        } else if secret && !app.reveal {
            Span::raw(MASK.to_string().repeat(value.chars().count()))
        } else if setting_form::is_chooser(info) {
            Span::raw(format!("‹ {} ›", sanitize(value.trim())))
        } else {
            Span::raw(sanitize(&value).into_owned())
        };
        let worst = match editing {
            Some(e) => e.live.as_ref().map(|_| crate::lint::Severity::Error),
            None => problems.iter().map(|d| d.severity).min(),
        };
        let mut line = Line::from(vec![
            Span::styled(format!("›{:<w$}", "Value", w = LABEL as usize - 1), t.label),
            sev_span(t, worst),
            Span::raw(" "),
            shown,
        ]);
        if app.focus == Pane::Form && editing.is_none() {
            line = line.style(t.selected);
        }
        let at = lines.len();
        lines.push(line);
        if let Some(e) = editing {
            if let Some(msg) = &e.live {
                for chunk in wrap(&sanitize(msg), width) {
                    lines.push(Line::styled(
                        format!("{:indent$}{chunk}", ""),
                        t.severity(crate::lint::Severity::Error),
                    ));
                }
            }
        } else {
            push_problems(&mut lines, app, &problems, indent, width);
        }
        if let Some(i) = info.filter(|_| setting_form::is_chooser(info)) {
            let all = setting_form::choices(i, &value);
            push_row(&mut lines, t, "choices", &all.join(" · "), width);
        }
        Some(at)
    };
    match info {
        Some(i) => {
            lines.push(passes_line(app, i, pass.map(|p| p.name.as_str())));
            for (k, v) in facts(i) {
                push_row(&mut lines, t, k, &v, width);
            }
        }
        None => lines.push(Line::styled(
            "not in the public reference (2018 snapshot): no facts to show",
            t.dim,
        )),
    }
    if container && !problems.is_empty() {
        lines.push(Line::styled("problems inside:", t.label));
        push_problems(
            &mut lines,
            app,
            &problems,
            2,
            (area.width as usize).saturating_sub(2),
        );
    }
    if container {
        lines.push(Line::styled(
            "→ expands it in the tree · A adds a setting",
            t.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
    if let (Some(e), Some(y)) = (editing, value_row)
        && (y as u16) < area.height
    {
        let r = Rect {
            x: area.x + LABEL + 2,
            y: area.y + y as u16,
            width: area.width.saturating_sub(LABEL + 2),
            height: 1,
        };
        frame.render_widget(&e.area, r);
    }
}

fn row<'a>(t: &crate::tui::theme::Theme, k: &str, v: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!(" {k:<w$}", w = LABEL as usize + 1), t.label),
        Span::raw(sanitize(&v).into_owned()),
    ])
}

/// A fact whose text wraps under its value column (long source page ids).
fn push_row(lines: &mut Vec<Line>, t: &crate::tui::theme::Theme, k: &str, v: &str, width: usize) {
    let mut chunks = wrap(v, width).into_iter();
    lines.push(row(t, k, chunks.next().unwrap_or_default()));
    let indent = LABEL as usize + 2;
    lines.extend(chunks.map(|c| Line::raw(format!("{:indent$}{}", "", sanitize(&c)))));
}

fn passes_line<'a>(app: &App, info: &SettingInfo, here: Option<&str>) -> Line<'a> {
    let t = &app.theme;
    let names: Vec<&str> = info.passes.names().collect();
    let valid = if names.is_empty() {
        "(the reference names none)".to_owned()
    } else {
        names.join(", ")
    };
    let mut line = row(t, "valid in", valid);
    if let Some(pass) = here
        && !info.passes.is_empty()
        && crate::catalog::PassKind::from_name(pass).is_some()
        && !info.passes.contains(pass)
    {
        line.spans.push(Span::styled(
            format!("  ✖ not in {}", sanitize(pass)),
            t.severity(crate::lint::Severity::Error),
        ));
    }
    line
}

fn push_problems(
    lines: &mut Vec<Line>,
    app: &App,
    problems: &[&crate::lint::Diagnostic],
    indent: usize,
    width: usize,
) {
    for d in problems {
        let msg = format!("{} {}", d.code, sanitize(&d.message));
        for chunk in wrap(&msg, width.max(10)) {
            lines.push(Line::styled(
                format!("{:indent$}{chunk}", ""),
                app.theme.severity(d.severity),
            ));
        }
    }
}
