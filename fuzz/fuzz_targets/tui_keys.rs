//! The editor's input path: a file (after the first 64 bytes) driven by key
//! presses (the first 64 bytes) never panics, and anything saved loads again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unattui::document::Document;
use unattui::tui::{app::App, keymap::keymap, update::update};

/// Keys a user can press; Save As (`S`) is left out: its prompt would write
/// wherever the fuzzer types.
const CHARS: &[u8] = b"adyKJru/nNxpq? &<>\"'1";

fn key(b: u8) -> KeyEvent {
    let code = match b % 24 {
        0 => KeyCode::Up,
        1 => KeyCode::Down,
        2 => KeyCode::Left,
        3 => KeyCode::Right,
        4 => KeyCode::Enter,
        5 => KeyCode::Esc,
        6 => KeyCode::Tab,
        7 => KeyCode::Backspace,
        8 => return KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        9 => return KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
        _ => KeyCode::Char(CHARS[(b as usize / 24) % CHARS.len()] as char),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 64 {
        return;
    }
    let (keys, file) = data.split_at(64);
    if Document::load(file).is_err() {
        return;
    }
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("answer.xml");
    if std::fs::write(&path, file).is_err() {
        return;
    }
    let Ok(mut app) = App::open(path.clone(), false) else { return };
    for &b in keys {
        if let Some(action) = keymap(app.mode(), app.focus, key(b)) {
            update(&mut app, action);
        }
        if app.should_quit {
            break;
        }
    }
    let on_disk = std::fs::read(&path).expect("the file is still there");
    assert!(Document::load(&on_disk).is_ok(), "the editor saved a file that does not load");
});
