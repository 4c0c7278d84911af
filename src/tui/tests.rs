//! Key-sequence tests (drive `App` without a terminal) and screen snapshots.

mod flows;
mod review;
pub mod screens;
mod settings;

use super::app::App;
use super::keymap::keymap_with;
use super::update::update;
use crate::answer::{CommandAddr, FieldKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const DEMO: &[u8] = include_bytes!("../../tests/fixtures/tui-demo.xml");

/// Turns `"<down><c-s>abc<s-tab>"` into key events.
pub fn keys(spec: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = spec;
    while let Some(ch) = rest.chars().next() {
        if ch == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            rest = &rest[end + 1..];
            let (mods, base) = if let Some(b) = name.strip_prefix("c-") {
                (KeyModifiers::CONTROL, b)
            } else if let Some(b) = name.strip_prefix("s-") {
                (KeyModifiers::SHIFT, b)
            } else {
                (KeyModifiers::NONE, name)
            };
            let code = match base {
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "tab" if mods == KeyModifiers::SHIFT => KeyCode::BackTab,
                "tab" => KeyCode::Tab,
                "bs" => KeyCode::Backspace,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                    KeyCode::F(f[1..].parse().unwrap_or(1))
                }
                "lt" => KeyCode::Char('<'),
                "space" => KeyCode::Char(' '),
                one if one.chars().count() == 1 => KeyCode::Char(one.chars().next().unwrap_or(' ')),
                other => panic!("unknown key <{other}>"),
            };
            out.push(KeyEvent::new(code, mods));
            continue;
        }
        rest = &rest[ch.len_utf8()..];
        let mods = if ch.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        out.push(KeyEvent::new(KeyCode::Char(ch), mods));
    }
    out
}

/// Feeds keys through the keymap into `update`, as the real loop does.
pub fn drive(app: &mut App, spec: &str) {
    for key in keys(spec) {
        if let Some(action) = keymap_with(app.mode(), app.focus, key, &app.keys) {
            update(app, action);
        }
    }
}

/// The demo fixture, opened from memory.
pub fn demo(read_only: bool) -> App {
    let mut app = App::from_bytes(Some("tui-demo.xml".into()), DEMO, read_only).expect("opens");
    app.theme = super::theme::Theme::plain();
    app
}

/// A field's value.
pub fn value(app: &App, a: CommandAddr, f: FieldKind) -> Option<String> {
    let ed = app.editor()?;
    Some(
        ed.answer()
            .command(a)?
            .field(f)?
            .value(ed.doc())
            .to_string(),
    )
}

/// Number of commands in a list.
pub fn count(app: &App, pass: usize, comp: usize, list: usize) -> usize {
    app.editor()
        .map(|ed| {
            ed.answer().passes[pass].components[comp].lists[list]
                .commands
                .len()
        })
        .unwrap_or(0)
}

pub fn addr(pass: usize, list: usize, command: usize) -> CommandAddr {
    CommandAddr {
        pass,
        component: 0,
        list,
        command,
    }
}

/// Six lists, three passes, every WillReboot value, all written out of run order.
pub const RUN_ORDER: &[u8] = include_bytes!("../../tests/fixtures/run-order.xml");

/// The run-order fixture, opened from memory.
pub fn run_order_app() -> App {
    let mut app = App::from_bytes(Some("run-order.xml".into()), RUN_ORDER, false).expect("opens");
    app.theme = super::theme::Theme::plain();
    app
}
