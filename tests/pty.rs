//! The real editor in a pseudo-terminal: keys in, screen and file out. Each test
//! waits by polling the screen (never fixed sleeps) with generous time-outs.
#![cfg(all(unix, feature = "tui"))]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

struct Editor {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    raw: Arc<Mutex<Vec<u8>>>,
    _pair: portable_pty::PtyPair,
}

impl Editor {
    fn start(args: &[&str], data_dir: &Path) -> Editor {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 30,
                cols: 100,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_unattui"));
        cmd.args(args);
        cmd.env("UNATTUI_DATA_DIR", data_dir);
        cmd.env("UNATTUI_CONFIG", data_dir.join("no-config.toml"));
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("spawns");
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let sink = raw.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut r) = sink.lock() {
                    r.extend_from_slice(&buf[..n]);
                }
            }
        });
        Editor {
            child,
            writer,
            raw,
            _pair: pair,
        }
    }

    fn screen(&self) -> String {
        let raw = self.raw.lock().expect("lock").clone();
        let (rows, cols) = (
            std::num::NonZeroU16::new(30).expect("30"),
            std::num::NonZeroU16::new(100).expect("100"),
        );
        let mut p = vt100::Parser::new(rows, cols, 0);
        p.process(&raw);
        p.screen().contents()
    }

    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        // Let the editor read this key on its own, so an Esc is not taken as Alt.
        std::thread::sleep(Duration::from_millis(60));
    }

    fn wait_exit(&mut self) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.exit_code();
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the editor did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

const DOWN: &str = "\x1b[B";
const END: &str = "\x1b[F";
const ENTER: &str = "\r";
const CTRL_S: &str = "\x13";

fn fixture_copy(dir: &Path) -> std::path::PathBuf {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tabs-crlf.xml");
    let dst = dir.join("answer.xml");
    std::fs::copy(src, &dst).expect("copy");
    dst
}

#[test]
fn edit_a_description_save_and_quit_changes_exactly_that_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = fixture_copy(dir.path());
    let before = std::fs::read_to_string(&file).expect("read");
    let mut ed = Editor::start(&[file.to_str().expect("utf-8 path")], dir.path());
    ed.wait_for("specialize");
    // windowsPE is absent: the tree starts at specialize › Deployment › RunSynchronous › 1.
    ed.wait_for("1 · First command");
    for _ in 0..3 {
        ed.keys(DOWN);
    }
    ed.keys(ENTER); // open the command's form
    ed.wait_for("Description");
    ed.keys(DOWN);
    ed.keys(DOWN); // Order → Path → Description
    ed.keys(ENTER);
    ed.keys(END);
    ed.keys(" (checked)");
    ed.keys(ENTER);
    ed.wait_for("[+]");
    ed.keys(CTRL_S);
    ed.wait_for("saved");
    ed.keys("q");
    assert_eq!(ed.wait_exit(), 0);
    let after = std::fs::read_to_string(&file).expect("read");
    let changed: Vec<_> = unattui::diff::lines(&before, &after)
        .into_iter()
        .filter(|l| !matches!(l, unattui::diff::Line::Same(_)))
        .collect();
    assert_eq!(
        changed,
        vec![
            unattui::diff::Line::Removed("\t\t\t\t\t<Description>First command</Description>\r\n"),
            unattui::diff::Line::Added(
                "\t\t\t\t\t<Description>First command (checked)</Description>\r\n"
            ),
        ]
    );
}

#[test]
fn a_malformed_file_opens_in_the_repair_view_at_its_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/malformed/bare-ampersand.xml"
    );
    let mut ed = Editor::start(&["-R", file], dir.path());
    let s = ed.wait_for("line 5, column 15");
    assert!(s.contains("&amp;") || s.contains('&'), "{s}");
    ed.keys("\x11"); // Ctrl-q leaves the repair view
    assert_eq!(ed.wait_exit(), 0);
}

#[test]
fn a_hang_up_keeps_the_edits_and_the_next_start_offers_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = fixture_copy(dir.path());
    let before = std::fs::read(&file).expect("read");
    let mut ed = Editor::start(&[file.to_str().expect("utf-8 path")], dir.path());
    ed.wait_for("1 · First command");
    for _ in 0..3 {
        ed.keys(DOWN);
    }
    ed.keys("y"); // duplicate the command: an unsaved change
    ed.wait_for("[+]");
    let pid = ed.child.process_id().expect("pid");
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    assert_eq!(ed.wait_exit(), 129);
    assert_eq!(
        std::fs::read(&file).expect("read"),
        before,
        "the file on disk is untouched"
    );
    let copies: Vec<_> = std::fs::read_dir(dir.path().join("recovery"))
        .expect("recovery dir")
        .collect();
    assert_eq!(copies.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = copies[0].as_ref().expect("entry").path();
        assert_eq!(
            std::fs::metadata(p).expect("meta").permissions().mode() & 0o777,
            0o600
        );
    }

    let mut again = Editor::start(&[file.to_str().expect("utf-8 path")], dir.path());
    again.wait_for("Recover the unsaved edits");
    again.keys(ENTER);
    again.wait_for("recovered the unsaved edits");
    again.wait_for("[+]");
    again.keys("q");
    again.wait_for("discard");
    again.keys("d");
    assert_eq!(again.wait_exit(), 0);
}

/// The fixture with its first Description replaced, written to `dir`.
fn fixture_with_description(dir: &Path, description: &str) -> std::path::PathBuf {
    let path = fixture_copy(dir);
    let src = std::fs::read_to_string(&path).expect("fixture");
    std::fs::write(&path, src.replace("First command", description)).expect("write");
    path
}

fn raw_text(ed: &Editor) -> String {
    String::from_utf8_lossy(&ed.raw.lock().expect("lock")).into_owned()
}

#[test]
fn c1_controls_and_bidi_overrides_are_shown_escaped() {
    // Well-formed XML may carry C1 controls and bidi overrides (XML 1.0 allows them).
    let dir = tempfile::tempdir().expect("tmp");
    let evil = fixture_with_description(dir.path(), "First \u{9b}2J &#x85; \u{202e}gnirts");
    let mut ed = Editor::start(&["-R", evil.to_str().expect("utf-8 path")], dir.path());
    ed.wait_for("First \\x9b2J");
    ed.keys("q");
    assert_eq!(ed.wait_exit(), 0);
    let text = raw_text(&ed);
    assert!(
        !text.contains('\u{9b}'),
        "a C1 CSI from the file reached the terminal"
    );
    assert!(
        !text.contains('\u{85}'),
        "a C1 NEL from the file reached the terminal"
    );
    assert!(
        !text.contains('\u{202e}'),
        "a bidi override from the file reached the terminal"
    );
}

#[test]
fn escape_sequences_in_a_broken_file_never_reach_the_terminal() {
    // ESC is not allowed in XML at all: the file opens in the repair view.
    let dir = tempfile::tempdir().expect("tmp");
    let evil = fixture_with_description(dir.path(), "First \u{1b}]0;pwned\u{7} \u{1b}[2J done");
    let mut ed = Editor::start(&["-R", evil.to_str().expect("utf-8 path")], dir.path());
    ed.wait_for("U+001B is not allowed");
    ed.keys("\x11");
    assert_eq!(ed.wait_exit(), 0);
    let text = raw_text(&ed);
    assert!(
        !text.contains("\u{1b}]0;pwned"),
        "an OSC title sequence from the file reached the terminal"
    );
    assert!(
        !text.contains("\u{1b}[2J done"),
        "a clear-screen sequence from the file reached the terminal"
    );
}
