//! Keystroke → state update → revalidation → frame, in-process: opens a file in
//! the editor's real state, draws it on a 200×50 test backend, then feeds a
//! scripted session of key presses through the same path the terminal loop
//! uses (`tui::handle_event`: keymap → update; then the frame; then
//! `tui::publish_if_changed`, the recovery snapshot, which the loop takes
//! after the frame) and times each key from the event to the finished frame.
//! The snapshot is timed on its own line.
//!
//! ```text
//! cargo run --release --example keystroke -- FILE [ROUNDS]
//! ```
//!
//! One round: navigate the tree (Down, PageDown, Up) to a command, open its
//! form, type into Description and Path (with Backspace), commit each with
//! Enter, go back to the tree, move on, edit an Order, undo; then the
//! structural operations on a command: add one (and leave its form), duplicate
//! one, delete one (the confirming key is timed) and renumber its list, move
//! one down and up, each followed by undo, redo and undo again. Prints median, 95th percentile and
//! maximum per kind of key.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};
use unattui::answer::FieldKind;
use unattui::tui::action::{Action, Mode, Pane};
use unattui::tui::app::App;
use unattui::tui::tree::NodeRef;
use unattui::tui::{handle_event, keymap, publish_if_changed, recovery, ui};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Navigation,
    OpenField,
    Typing,
    /// Committing a value into an existing field (the text changes in place).
    Commit,
    /// The same, by field: Order, Path, Description.
    CommitOrder,
    CommitPath,
    CommitDescription,
    /// Committing a value into a field the command did not have (a new element: re-parse).
    CommitNewElement,
    Undo,
    /// Adding a command to the selected command's list (`a`).
    AddCommand,
    /// Duplicating the selected command (`y`).
    Duplicate,
    /// Deleting the selected command (`y` in the confirmation).
    Delete,
    /// Moving the selected command down or up in its list (`J`, `K`).
    Move,
    /// Renumbering the list 1..n after a deletion (`r`).
    Renumber,
    /// Undoing each of those (`u`).
    UndoAdd,
    UndoDuplicate,
    UndoDelete,
    UndoMove,
    UndoRenumber,
    /// Redoing any of those (Ctrl-R).
    RedoStructural,
    /// The recovery snapshot after a frame, when what a save would write changed.
    Snapshot,
}

const KINDS: [Kind; 21] = [
    Kind::Navigation,
    Kind::OpenField,
    Kind::Typing,
    Kind::Commit,
    Kind::CommitOrder,
    Kind::CommitPath,
    Kind::CommitDescription,
    Kind::CommitNewElement,
    Kind::Undo,
    Kind::AddCommand,
    Kind::Duplicate,
    Kind::Delete,
    Kind::Move,
    Kind::Renumber,
    Kind::UndoAdd,
    Kind::UndoDuplicate,
    Kind::UndoDelete,
    Kind::UndoMove,
    Kind::UndoRenumber,
    Kind::RedoStructural,
    Kind::Snapshot,
];

struct Session {
    app: App,
    term: Terminal<TestBackend>,
    snapshot: recovery::Snapshot,
    published: unattui::tui::Published,
    times: Vec<(Kind, Duration)>,
}

impl Session {
    fn key(&mut self, code: KeyCode, mods: KeyModifiers) {
        self.key_as(code, mods, None);
    }

    /// A key timed under `forced` when given, else under the kind its action says.
    fn key_as(&mut self, code: KeyCode, mods: KeyModifiers, forced: Option<Kind>) {
        let key = KeyEvent::new(code, mods);
        let kind = forced.unwrap_or_else(|| {
            match keymap::keymap_with(self.app.mode(), self.app.focus, key, &self.app.keys) {
                Some(Action::Type(_)) => Kind::Typing,
                Some(Action::Submit | Action::SubmitNext | Action::SubmitPrev)
                    if self.app.mode() == Mode::EditField =>
                {
                    let exists = self.app.edit.as_ref().is_some_and(|e| {
                        self.app
                            .editor()
                            .and_then(|ed| ed.answer().command(e.addr))
                            .is_some_and(|c| c.field(e.kind).is_some())
                    });
                    if exists {
                        Kind::Commit
                    } else {
                        Kind::CommitNewElement
                    }
                }
                Some(Action::Activate) if self.app.focus == Pane::Form => Kind::OpenField,
                Some(Action::Undo | Action::Redo) => Kind::Undo,
                _ => Kind::Navigation,
            }
        });
        let field = self.app.edit.as_ref().map(|e| e.kind);
        let revision = self.revision();
        let t = Instant::now();
        handle_event(&mut self.app, Event::Key(key));
        self.term
            .draw(|f| ui::draw(f, &self.app))
            .expect("draws on the test backend");
        let took = t.elapsed();
        if forced.is_some() && self.revision() == revision {
            eprintln!("{kind:?}: the key changed nothing ({:?})", self.app.status);
        }
        self.times.push((kind, took));
        if kind == Kind::Commit {
            let by_field = match field {
                Some(FieldKind::Order) => Some(Kind::CommitOrder),
                Some(FieldKind::Program) => Some(Kind::CommitPath),
                Some(FieldKind::Description) => Some(Kind::CommitDescription),
                _ => None,
            };
            self.times.extend(by_field.map(|k| (k, took)));
        }
        let before = self.published;
        let t = Instant::now();
        publish_if_changed(&self.app, &self.snapshot, &mut self.published);
        if self.published != before {
            self.times.push((Kind::Snapshot, t.elapsed()));
        }
    }

    fn revision(&self) -> u64 {
        self.app.editor().map_or(0, |ed| ed.doc().revision())
    }

    fn press(&mut self, code: KeyCode) {
        self.key(code, KeyModifiers::NONE);
    }

    fn press_as(&mut self, code: KeyCode, kind: Kind) {
        self.key_as(code, KeyModifiers::NONE, Some(kind));
    }

    /// Undo, redo and undo again, the undos timed as `undo`.
    fn undo_redo_undo(&mut self, undo: Kind) {
        self.press_as(KeyCode::Char('u'), undo);
        self.key_as(
            KeyCode::Char('r'),
            KeyModifiers::CONTROL,
            Some(Kind::RedoStructural),
        );
        self.press_as(KeyCode::Char('u'), undo);
    }

    /// Add, duplicate, delete and move a command, each taken back.
    fn structural(&mut self) {
        self.app.focus = Pane::Tree;
        self.go_to_command();
        self.press_as(KeyCode::Char('a'), Kind::AddCommand);
        self.press(KeyCode::Esc); // leave the new command's Path unedited
        self.press(KeyCode::Esc); // back to the tree
        self.undo_redo_undo(Kind::UndoAdd);
        self.app.focus = Pane::Tree;
        self.go_to_command();
        self.press_as(KeyCode::Char('y'), Kind::Duplicate);
        self.undo_redo_undo(Kind::UndoDuplicate);
        self.go_to_command();
        self.press(KeyCode::Char('d')); // asks
        self.press_as(KeyCode::Char('y'), Kind::Delete);
        // The deletion left a gap in the Orders: renumber the list (every
        // command after it gets a new Order).
        self.press_as(KeyCode::Char('r'), Kind::Renumber);
        self.undo_redo_undo(Kind::UndoRenumber);
        self.undo_redo_undo(Kind::UndoDelete);
        self.go_to_command();
        self.press_as(KeyCode::Char('J'), Kind::Move);
        self.undo_redo_undo(Kind::UndoMove);
        self.press(KeyCode::Down); // a command that is not the first
        self.go_to_command();
        self.press_as(KeyCode::Char('K'), Kind::Move);
        self.undo_redo_undo(Kind::UndoMove);
    }

    fn type_text(&mut self, s: &str) {
        for ch in s.chars() {
            let mods = if ch.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.key(KeyCode::Char(ch), mods);
        }
    }

    /// Down until a command is selected, opening a collapsed list on the way
    /// (Right): a freshly opened file shows lists of over 200 commands closed.
    fn go_to_command(&mut self) {
        for _ in 0..100 {
            if self.app.selected_command().is_some() {
                return;
            }
            let row = self.app.rows.get(self.app.selected).copied();
            match row {
                Some(r) if matches!(r.node, NodeRef::List(_)) && !r.expanded => {
                    self.press(KeyCode::Right)
                }
                _ => self.press(KeyCode::Down),
            }
        }
        panic!("no command within 100 rows of the selection");
    }

    /// In the form: Up/Down to a field.
    fn go_to_field(&mut self, kind: FieldKind) {
        let fields = self.app.form_fields();
        let want = fields.iter().position(|f| *f == kind).expect("field");
        while self.app.field < want {
            self.press(KeyCode::Down);
        }
        while self.app.field > want {
            self.press(KeyCode::Up);
        }
    }

    fn round(&mut self, n: usize) {
        self.app.focus = Pane::Tree;
        for _ in 0..5 {
            self.press(KeyCode::Down);
        }
        self.press(KeyCode::PageDown);
        self.press(KeyCode::PageDown);
        self.press(KeyCode::Up);
        self.go_to_command();
        self.press(KeyCode::Enter); // open the form
        self.go_to_field(FieldKind::Description);
        self.press(KeyCode::Enter); // edit Description
        self.type_text(&format!(" edited {n}"));
        for _ in 0..3 {
            self.press(KeyCode::Backspace);
        }
        self.type_text("ok");
        self.press(KeyCode::Enter); // commit
        self.go_to_field(FieldKind::Program);
        self.press(KeyCode::Enter); // edit Path
        self.type_text(" /q");
        self.press(KeyCode::Backspace);
        self.type_text("Q");
        self.press(KeyCode::Enter); // commit
        self.press(KeyCode::Esc); // back to the tree
        for _ in 0..3 {
            self.press(KeyCode::Down);
        }
        self.go_to_command();
        self.press(KeyCode::Enter);
        self.go_to_field(FieldKind::Order);
        self.press(KeyCode::Enter); // edit Order
        self.press(KeyCode::Backspace);
        self.type_text("7");
        self.press(KeyCode::Enter); // commit
        self.press(KeyCode::Esc);
        self.press(KeyCode::Char('u')); // undo the Order
        self.press(KeyCode::Char('u')); // undo the Path
        self.structural();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: keystroke FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
    let t = Instant::now();
    let app = App::open(path.into(), false).expect("opens");
    let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    term.draw(|f| ui::draw(f, &app)).expect("draws");
    println!(
        "open + first frame: {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let published = app.change_key();
    let mut s = Session {
        app,
        term,
        snapshot: recovery::Snapshot::default(),
        published,
        times: Vec::new(),
    };
    for n in 0..rounds {
        s.round(n);
    }
    println!(
        "{rounds} rounds, {} keys, each timed from the event to the finished 200×50 frame",
        s.times.len()
    );
    println!(
        "{:>16} {:>6} {:>10} {:>10} {:>10}",
        "kind", "keys", "median", "p95", "max"
    );
    let rows = KINDS.iter().map(|k| (format!("{k:?}"), Some(*k)));
    for (name, kind) in rows.chain([("all keys".to_owned(), None)]) {
        let mut d: Vec<Duration> = s
            .times
            .iter()
            .filter(|(k, _)| match kind {
                Some(kind) => *k == kind,
                None => !matches!(
                    k,
                    Kind::Snapshot | Kind::CommitOrder | Kind::CommitPath | Kind::CommitDescription
                ),
            })
            .map(|(_, d)| *d)
            .collect();
        if d.is_empty() {
            continue;
        }
        d.sort();
        let at = |q: f64| d[((d.len() - 1) as f64 * q).round() as usize];
        let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
        println!(
            "{:>16} {:>6} {:>10} {:>10} {:>10}",
            name,
            d.len(),
            ms(at(0.5)),
            ms(at(0.95)),
            ms(*d.last().expect("not empty"))
        );
    }
}
