use super::*;
use crate::tui::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| ui::draw(f, app)).expect("draw");
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w)
            .map(|x| buf.cell((x, y)).map(|c| c.symbol()).unwrap_or(" "))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn on_a_command() -> App {
    let mut app = demo(false);
    drive(&mut app, "<down><down><down><down><enter>");
    app
}

#[test]
fn main_screen_wide() {
    insta::assert_snapshot!("main_120x40", screen(&on_a_command(), 120, 40));
}

#[test]
fn main_screen_80x24() {
    insta::assert_snapshot!("main_80x24", screen(&on_a_command(), 80, 24));
    let mut app = on_a_command();
    drive(&mut app, "p");
    insta::assert_snapshot!("problems_80x24", screen(&app, 80, 24));
}

#[test]
fn help_screen() {
    let mut app = demo(false);
    drive(&mut app, "?");
    insta::assert_snapshot!("help_120x40", screen(&app, 120, 40));
}

#[test]
fn confirm_dialog() {
    let mut app = demo(false);
    drive(&mut app, "<down><down><down>d");
    insta::assert_snapshot!("confirm_80x24", screen(&app, 80, 24));
}

#[test]
fn read_only_screen() {
    let mut app = demo(true);
    drive(&mut app, "<down><down>a");
    insta::assert_snapshot!("read_only_120x40", screen(&app, 120, 40));
}

#[test]
fn too_small() {
    insta::assert_snapshot!("too_small", screen(&demo(false), 50, 12));
}

#[test]
fn repair_screen() {
    let app = App::from_bytes(
        Some("b.xml".into()),
        b"<unattend>\n  <a>x & y</a>\n  <b>\x1b[31m\xe2\x80\xae</b>\n</unattend>\n",
        false,
    )
    .expect("opens");
    let s = screen(&app, 80, 24);
    assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'));
    insta::assert_snapshot!("repair_80x24", s);
}

#[test]
fn file_text_is_escaped_on_screen() {
    let xml = String::from_utf8(DEMO.to_vec())
        .expect("utf8")
        .replace("Say hello", "Say \u{9b}31mhello&#x202e;");
    let mut app = App::from_bytes(None, xml.as_bytes(), false).expect("opens");
    assert!(app.editor().is_some(), "parses");
    drive(&mut app, "G<up><up>");
    let s = screen(&app, 120, 40);
    assert!(s.contains("Say \\x9b31mhello\\u{202e}"), "{s}");
}
