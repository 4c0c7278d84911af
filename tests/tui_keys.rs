//! Random key sequences on real files never panic the editor, and whatever it
//! saves is a well-formed answer file (the input path of the data-safety issue).
#![cfg(feature = "tui")]

mod common;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unattui::document::Document;
use unattui::tui::{app::App, keymap::keymap, ui, update::update};

/// Keys a user can press, minus Save As (`S`), whose prompt would write to
/// random paths typed by the test.
fn key() -> impl Strategy<Value = KeyEvent> {
    let plain = prop_oneof![
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageDown),
        "[a-zA-RT-Z0-9 /&<>\"'?é]".prop_map(|s| KeyCode::Char(s.chars().next().unwrap_or('a'))),
    ]
    .prop_map(|c| KeyEvent::new(c, KeyModifiers::NONE));
    let ctrl = prop_oneof![Just('s'), Just('r'), Just('v')]
        .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    prop_oneof![9 => plain, 1 => ctrl]
}

fn inputs() -> Vec<std::path::PathBuf> {
    common::all_inputs()
        .into_iter()
        .filter(|p| std::fs::read(p).is_ok_and(|b| Document::load(&b).is_ok()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32), ..ProptestConfig::default() })]

    #[test]
    fn random_keys_never_panic_and_saves_stay_well_formed(file in 0usize..1000, keys in prop::collection::vec(key(), 1..120)) {
        let files = inputs();
        let src = &files[file % files.len()];
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("answer.xml");
        std::fs::copy(src, &path).expect("copy");
        let mut app = App::open(path.clone(), false).expect("opens");
        app.refresh();
        let mut term = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
        for k in keys {
            if let Some(action) = keymap(app.mode(), app.focus, k) {
                update(&mut app, action);
            }
            term.draw(|f| ui::draw(f, &app)).expect("draws");
            if app.should_quit {
                break;
            }
        }
        let on_disk = std::fs::read(&path).expect("the file is still there");
        prop_assert!(Document::load(&on_disk).is_ok(), "{}: the editor saved a file that does not load", src.display());
    }
}
