//! The one-line preview under Path/CommandLine: how Windows will start the
//! command (program, then each argument) and as whom.

use crate::answer::{Answer, CommandAddr, FieldKind};
use crate::cmdline;
use crate::document::Document;
use crate::tui::app::App;
use crate::tui::sanitize::sanitize;
use ratatui::text::Line;

/// The preview of the command at `addr`, using the text being typed when its
/// program field is being edited.
pub fn line(
    app: &App,
    doc: &Document,
    answer: &Answer,
    addr: CommandAddr,
) -> Option<Line<'static>> {
    let list = answer.list(addr)?;
    let cmd = answer.command(addr)?;
    let typed = app
        .edit
        .as_ref()
        .filter(|e| e.addr == addr && e.kind == FieldKind::Program)
        .map(|e| e.value());
    let program = typed.unwrap_or_else(|| cmd.value(FieldKind::Program, doc).to_owned());
    if program.trim().is_empty() {
        return None;
    }
    let runs = cmdline::breakdown(&cmdline::analyse(&program));
    let who = list.spec.context_in(answer.passes[addr.pass].kind).label();
    let text = format!("  ▶ {} · as {who}", sanitize(&runs));
    Some(Line::styled(text, app.theme.dim))
}
