//! The form of the selected item: editable fields for a command, attributes
//! for a pass, component or list.

use super::{pane, sev_span};
use crate::answer::{Answer, FieldKind};
use crate::catalog::UserInput;
use crate::document::Document;
use crate::lint::Diagnostic;
use crate::tui::action::Pane;
use crate::tui::app::App;
use crate::tui::form::{field_diags, is_chooser};
use crate::tui::sanitize::sanitize;
use crate::tui::theme::MASK;
use crate::tui::tree::NodeRef;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

const LABEL: u16 = 19;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let (Some(ed), Some(node)) = (app.editor(), app.selected_node()) else {
        pane(frame, app, Pane::Form, Line::from("Form"), area);
        return;
    };
    let answer = ed.answer();
    let inner = pane(frame, app, Pane::Form, Line::from(title(node)), area);
    match node {
        NodeRef::Command(_) => command(frame, app, ed.doc(), answer, inner),
        NodeRef::Setting(..) => super::setting::draw(frame, app, inner),
        other => {
            let lines = attributes(answer, other)
                .into_iter()
                .map(|(k, v)| {
                    Line::from(vec![
                        Span::styled(format!("{k:<18} "), app.theme.label),
                        Span::raw(sanitize(&v).into_owned()),
                    ])
                })
                .collect::<Vec<_>>();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        }
    }
}

fn title(node: NodeRef) -> &'static str {
    match node {
        NodeRef::Pass(_) => "Pass",
        NodeRef::Component(..) => "Component",
        NodeRef::List(_) => "Command list",
        NodeRef::Command(_) => "Command",
        NodeRef::Setting(..) => "Setting",
    }
}

fn attributes(answer: &Answer, node: NodeRef) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".into());
    match node {
        NodeRef::Pass(p) => {
            let pass = &answer.passes[p];
            vec![
                ("pass", pass.name.clone()),
                (
                    "run order",
                    pass.kind
                        .map(|k| format!("{} of 7", k.number()))
                        .unwrap_or_else(|| "unknown pass: Windows ignores it".into()),
                ),
                ("components", pass.components.len().to_string()),
            ]
        }
        NodeRef::Component(p, c) => {
            let comp = &answer.passes[p].components[c];
            vec![
                ("name", opt(&comp.name)),
                ("processorArchitecture", opt(&comp.arch)),
                ("publicKeyToken", opt(&comp.public_key_token)),
                ("language", opt(&comp.language)),
                ("versionScope", opt(&comp.version_scope)),
                ("command lists", comp.lists.len().to_string()),
                ("other settings", comp.other_settings.len().to_string()),
            ]
        }
        NodeRef::List(l) => {
            let pass = &answer.passes[l.pass];
            let list = &pass.components[l.component].lists[l.list];
            let spec = list.spec;
            vec![
                ("list", spec.container.to_owned()),
                ("component", spec.component.to_owned()),
                (
                    "valid in",
                    spec.passes
                        .iter()
                        .map(|p| p.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "runs",
                    if spec.synchronous {
                        "one at a time, in Order".into()
                    } else {
                        "asynchronously".into()
                    },
                ),
                ("runs as", spec.context_in(pass.kind).label().to_owned()),
                ("commands", list.commands.len().to_string()),
                (
                    "Order range",
                    format!("{}..{}", spec.order_range.0, spec.order_range.1),
                ),
            ]
        }
        NodeRef::Command(_) | NodeRef::Setting(..) => Vec::new(),
    }
}

fn command(frame: &mut Frame, app: &App, doc: &Document, answer: &Answer, area: Rect) {
    let Some(addr) = app.selected_command() else {
        return;
    };
    let (Some(cmd), Some(list)) = (answer.command(addr), answer.list(addr)) else {
        return;
    };
    let t = &app.theme;
    let spec = list.spec;
    let pass = &answer.passes[addr.pass];
    let header = format!(
        "{} · runs as {}{}",
        spec.label(),
        spec.context_in(pass.kind).label(),
        if spec.synchronous { "" } else { " · async" }
    );
    let mut y = area.y;
    let bottom = area.y + area.height;
    let put = |frame: &mut Frame, line: Line, y: &mut u16| {
        if *y < bottom {
            let row = Rect {
                y: *y,
                height: 1,
                ..area
            };
            super::line_in(frame, row, super::PLAIN, &line);
            *y += 1;
        }
    };
    put(frame, Line::styled(header, t.dim), &mut y);
    let editing = app.edit.as_ref();
    for (i, kind) in app.form_fields().into_iter().enumerate() {
        let selected = i == app.field;
        let marker = if selected { "›" } else { " " };
        let mut name = kind.element(spec).to_owned();
        if kind.in_credentials() {
            name = format!("Cred. {name}");
        }
        let label = Span::styled(
            format!("{marker}{name:<w$}", w = LABEL as usize - 1),
            t.label,
        );
        let this_edit = editing.filter(|e| e.addr == addr && e.kind == kind);
        let value = cmd.field(kind).map(|f| f.value(doc));
        let shown = match (kind, value) {
            (_, None) => Span::styled("(absent)", t.dim),
            (FieldKind::Password, Some(v)) if !app.reveal => {
                Span::raw(MASK.to_string().repeat(v.chars().count()))
            }
            (k, Some(v)) if is_chooser(k) => Span::raw(format!("‹ {} ›", sanitize(v))),
            (_, Some(v)) => Span::raw(sanitize(v)),
        };
        let diags: Vec<&Diagnostic> = match this_edit {
            Some(e) => e.live.iter().collect(),
            None => field_diags(&app.diags, addr, kind),
        };
        let worst = diags.iter().map(|d| d.severity).min();
        let mut line = Line::from(vec![label, sev_span(t, worst), Span::raw(" "), shown]);
        if selected && app.focus == Pane::Form && this_edit.is_none() {
            line = line.style(t.selected);
        }
        let row_y = y;
        put(frame, line, &mut y);
        if row_y < bottom {
            app.areas.form_rows.borrow_mut().push((row_y, i));
        }
        if let Some(e) = this_edit
            && row_y < bottom
        {
            let x = area.x + LABEL + 2;
            let r = Rect {
                x,
                y: row_y,
                width: area.width.saturating_sub(LABEL + 2),
                height: 1,
            };
            frame.render_widget(&e.area, r);
        }
        if kind == FieldKind::Program
            && let Some(preview) = super::preview::line(app, doc, answer, addr)
        {
            put(frame, preview, &mut y);
        }
        let indent = LABEL as usize + 2;
        let width = (area.width as usize).saturating_sub(indent).max(10);
        for d in diags {
            let msg = format!("{} {}", d.code, sanitize(&d.message));
            for chunk in wrap(&msg, width) {
                let text = format!("{:indent$}{chunk}", "");
                put(frame, Line::styled(text, t.severity(d.severity)), &mut y);
            }
        }
    }
    if spec.requires_user_input == UserInput::Unused {
        put(
            frame,
            Line::styled("RequiresUserInput is not used by LogonCommands", t.dim),
            &mut y,
        );
    }
    if !cmd.unknown.is_empty() {
        put(
            frame,
            Line::styled(
                format!(
                    "{} other child element(s): x shows the XML",
                    cmd.unknown.len()
                ),
                t.dim,
            ),
            &mut y,
        );
    }
}

/// Splits text into lines of at most `width` characters, at spaces when possible.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let need = line.chars().count() + word.chars().count() + usize::from(!line.is_empty());
        if need > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            line = line.chars().skip(width).collect();
            out.push(head);
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}
