//! The timeline, the change review, saving with a diff first, key rebinding
//! and the mouse.

use super::*;
use crate::tui::action::{Mode, Pane};
use crate::tui::app::Modal;
use crate::tui::keymap;
use crate::tui::timeline;

fn timeline_text(app: &App) -> Vec<String> {
    let ed = app.editor().expect("tree");
    timeline::entries(ed.doc(), ed.answer())
        .iter()
        .map(timeline::plain)
        .collect()
}

/// The fixture lists passes, lists and Orders out of run order. Spec §2: passes
/// run windowsPE (1) → specialize (4) → oobeSystem (7), whatever their order in
/// the file. Spec §3.1: in a pass the synchronous list runs before the
/// asynchronous one, synchronous commands one at a time in Order, asynchronous
/// ones started in Order without waiting. Spec §3.4: WillReboot Always restarts
/// after the command, OnRequest on exit codes 1 and 2, Never not at all.
#[test]
fn timeline_follows_the_run_order() {
    let app = run_order_app();
    assert_eq!(
        timeline_text(&app),
        [
            "1 windowsPE",
            "  RunSynchronous · one at a time, in Order · as system",
            "      1   Partition the disk · diskpart /s X:\\disk.txt",
            "  RunAsynchronous · started together, no waiting · as system",
            "  ─   1   Start the logger · X:\\tools\\logger.exe",
            "4 specialize",
            "  RunSynchronous · one at a time, in Order · as system",
            "      1   Install drivers · C:\\tools\\drivers.exe",
            "      ⟳ restart (Always)",
            "      2   Update, may restart · as LAB\\deploy · \\\\server\\share\\update.exe",
            "      ⟳ restart if the command exits 1 or 2 (OnRequest)",
            "      3   No restart · C:\\tools\\never.exe",
            "  RunAsynchronous · started together, no waiting · as system",
            "  ┌   1 ⇉ First in the group · C:\\tools\\a.exe",
            "  ├   2 ⇉ Second in the group · C:\\tools\\b.exe",
            "  └   3   Last in the group · C:\\tools\\c.exe",
            "7 oobeSystem",
            "  FirstLogonCommands · one at a time, in Order · as first logon user",
            "      1   First at first logon · cmd /c echo first",
            "      2   Second at first logon · cmd /c echo second > C:\\second.txt",
            "  LogonCommands · started together, no waiting · as user",
            "  ─   1   Show the readme · notepad.exe C:\\readme.txt",
        ]
    );
    assert!(
        !timeline_text(&app).concat().contains("hunter2"),
        "never the password"
    );
}

#[test]
fn timeline_enter_goes_to_the_command_expanding_the_tree() {
    let mut app = run_order_app();
    app.expanded.clear();
    app.invalidate_rows();
    app.refresh();
    assert_eq!(app.rows.len(), 3, "only the passes");
    drive(&mut app, "t");
    assert_eq!(app.mode(), Mode::Timeline);
    // Commands in run order: diskpart, logger, drivers, update…
    drive(&mut app, "<down><down><down>");
    drive(&mut app, "<enter>");
    assert_eq!(app.mode(), Mode::Normal);
    assert_eq!(app.focus, Pane::Tree);
    let a = app.selected_command().expect("a command is selected");
    assert_eq!(
        value(&app, a, FieldKind::Description).as_deref(),
        Some("Update, may restart")
    );
    // Esc closes without moving.
    drive(&mut app, "t<end><esc>");
    assert_eq!(app.selected_command(), Some(a));
    // Opening it again starts on the selected command.
    drive(&mut app, "t<down><enter>");
    assert_eq!(
        value(
            &app,
            app.selected_command().expect("cmd"),
            FieldKind::Description
        )
        .as_deref(),
        Some("No restart")
    );
}

fn edited_on_disk() -> (tempfile::TempDir, std::path::PathBuf, App) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("unattend.xml");
    std::fs::write(&path, DEMO).expect("write");
    let mut app = App::open(path.clone(), false).expect("opens");
    app.theme = crate::tui::theme::Theme::plain();
    // Description of the first specialize command gets " now".
    drive(
        &mut app,
        "<down><down><down><enter><down><down><enter> now<enter><esc>",
    );
    assert!(app.is_modified());
    (dir, path, app)
}

fn review_lines(app: &App) -> Vec<String> {
    match &app.modal {
        Some(Modal::Review { lines, .. }) => lines.clone(),
        _ => panic!("no review open: {:?}", app.mode()),
    }
}

fn changed(lines: &[String]) -> Vec<&str> {
    lines
        .iter()
        .map(String::as_str)
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect()
}

#[test]
fn change_review_shows_exactly_the_changed_lines_with_passwords_masked() {
    let (_dir, _path, mut app) = edited_on_disk();
    drive(&mut app, "D");
    assert_eq!(app.mode(), Mode::Review);
    let lines = review_lines(&app);
    assert_eq!(
        changed(&lines),
        [
            "-          <Description>Mark the machine</Description>",
            "+          <Description>Mark the machine now</Description>",
        ]
    );
    assert_eq!(lines[0], "--- on disk");
    drive(&mut app, "<esc>");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.is_modified(), "a review never saves");
    // A changed password shows as a change, masked on both sides.
    let mut app = demo(false);
    drive(&mut app, "G<enter>GG<enter><bs><bs>XY<enter><esc>D");
    let lines = review_lines(&app);
    let text = lines.join("\n");
    assert!(
        !text.contains("secret") && !text.contains("secrXY"),
        "{text}"
    );
    // The demo's file name does not exist on disk: everything is new.
    let all_added = changed(&lines).iter().all(|l| l.starts_with('+'));
    assert!(all_added, "{text}");
}

#[test]
fn confirm_save_with_diff_asks_first() {
    let (_dir, path, mut app) = edited_on_disk();
    app.config.confirm_save_with_diff = true;
    drive(&mut app, "<c-s>");
    assert_eq!(app.mode(), Mode::Review);
    assert_eq!(changed(&review_lines(&app)).len(), 2);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        DEMO,
        "nothing written yet"
    );
    drive(&mut app, "n");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.is_modified());
    assert_eq!(app.status.as_deref(), Some("not saved"));
    drive(&mut app, "<c-s>y");
    assert_eq!(app.mode(), Mode::Normal);
    assert!(!app.is_modified(), "{:?}", app.status);
    let saved = std::fs::read_to_string(&path).expect("read");
    assert!(saved.contains("Mark the machine now"));
}

#[test]
fn save_rebound_to_f2() {
    let (_dir, path, mut app) = edited_on_disk();
    app.config.keys.insert("save".into(), vec!["f2".into()]);
    assert!(app.apply_config().is_empty());
    drive(&mut app, "<c-s>");
    assert!(app.is_modified(), "Ctrl-s no longer saves");
    drive(&mut app, "<f2>");
    assert!(!app.is_modified(), "{:?}", app.status);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("Mark the machine now")
    );
    let help = keymap::help_rows_with(&app.keys);
    let save = help.iter().find(|r| r.3 == "save").expect("save in help");
    assert_eq!(save.0, "F2");
    let hints = keymap::hints_with(Mode::Normal, Pane::Tree, &app.keys);
    assert!(hints.contains(&("F2".to_owned(), "save")), "{hints:?}");
    // The help screen says so too.
    drive(&mut app, "?");
    let s = screens::screen(&app, 120, 40);
    let row = s.lines().find(|l| l.contains(" save ")).unwrap_or_default();
    assert!(
        row.contains("F2") && row.contains("normal/field/repair"),
        "{s}"
    );
}

#[test]
fn bad_rebindings_warn() {
    let mut app = demo(false);
    app.config.keys.insert("sav".into(), vec!["f2".into()]);
    app.config
        .keys
        .insert("quit".into(), vec!["ctrl-".into(), "f10".into()]);
    let w = app.apply_config();
    assert_eq!(w.len(), 2, "{w:?}");
    drive(&mut app, "<f10>");
    assert!(app.should_quit);
}

#[test]
fn mouse_click_selects_a_tree_row_and_a_form_field() {
    let mut app = demo(false);
    let _ = screens::screen(&app, 80, 24);
    // Row 4 of the tree's inside: the first command (title bar, border, rows 0..).
    update(&mut app, crate::tui::action::Action::Click(10, 1 + 1 + 3));
    assert_eq!(app.selected, 3);
    assert_eq!(app.focus, Pane::Tree);
    let _ = screens::screen(&app, 80, 24);
    let (row, field) = app.areas.form_rows.borrow()[2];
    update(&mut app, crate::tui::action::Action::Click(50, row));
    assert_eq!((app.focus, app.field), (Pane::Form, field));
    update(&mut app, crate::tui::action::Action::Wheel(10, 5, true));
    assert_eq!((app.focus, app.selected), (Pane::Tree, 6));
}

#[test]
fn snapshots_of_the_timeline_and_the_review() {
    let mut app = run_order_app();
    drive(&mut app, "t<down><down>");
    insta::assert_snapshot!("timeline_80x24", screens::screen(&app, 80, 24));
    let (_dir, _path, mut app) = edited_on_disk();
    drive(&mut app, "D");
    let s = screens::screen(&app, 80, 24);
    insta::assert_snapshot!(
        "review_80x24",
        s.replace(&*_path.display().to_string(), "FILE")
    );
}
