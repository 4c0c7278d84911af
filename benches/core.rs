//! Benchmarks of the core on generated answer files (see `examples/gen-answer-file.rs`):
//! load (decode + parse), the typed view, validation, a save after one edit, one edit with
//! the editor's update (apply, view, full or incremental revalidation), keystrokes in the
//! editor from key event to a 200×50 frame (moving, typing, committing, duplicating a
//! command and undoing that), and start-up on a typical file.
//!
//! `cargo bench` runs them all in a few minutes; `cargo bench -- load` runs one group.
//! Inputs are generated in memory with seed 1: typical (10 commands, about 6 KB),
//! 500 commands (about 180 KB) and 30 000 commands (about 10.6 MB).

#[path = "../examples/support/answer_gen.rs"]
mod answer_gen;

use answer_gen::{GenOptions, generate};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use std::hint::black_box;
use std::time::Duration;
use unattui::answer::{Answer, CommandAddr, FieldKind};
use unattui::document::Document;
use unattui::lint;
use unattui::ops::{Editor, Op};

struct Input {
    name: &'static str,
    text: String,
}

fn inputs() -> Vec<Input> {
    [("6KB", 10), ("186KB", 500), ("10MB", 30_000)]
        .into_iter()
        .map(|(name, commands)| Input {
            name,
            text: generate(&GenOptions {
                commands,
                ..GenOptions::default()
            }),
        })
        .collect()
}

/// Fewer samples for the large input, so `cargo bench` stays in minutes.
fn sized(g: &mut BenchmarkGroup<'_, WallTime>, i: &Input) {
    let large = i.text.len() > 1_000_000;
    g.sample_size(if large { 10 } else { 50 });
    g.measurement_time(Duration::from_secs(if large { 4 } else { 2 }));
    g.warm_up_time(Duration::from_millis(500));
    g.throughput(Throughput::Bytes(i.text.len() as u64));
}

/// The command in the middle of the file.
fn middle(answer: &Answer) -> CommandAddr {
    answer
        .commands()
        .nth(answer.command_count() / 2)
        .map(|(a, _)| a)
        .expect("the generated file has commands")
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    for i in inputs() {
        sized(&mut g, &i);
        g.bench_with_input(BenchmarkId::from_parameter(i.name), &i.text, |b, t| {
            b.iter(|| Document::load(black_box(t.as_bytes())).expect("loads"))
        });
        // The reference, in the same run: quick-xml's pull reader over the same text,
        // events only (no tree, no well-formedness checks beyond its own, no decoding).
        g.bench_with_input(
            BenchmarkId::new("reference-quick-xml-events", i.name),
            &i.text,
            |b, t| b.iter(|| quick_xml_events(black_box(t))),
        );
    }
    g.finish();
}

/// Reads every event of `text` with quick-xml; returns how many there were.
fn quick_xml_events(text: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut n = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return n,
            Ok(_) => n += 1,
            Err(e) => panic!("the generated file reads: {e}"),
        }
    }
}

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    for i in inputs() {
        sized(&mut g, &i);
        let doc = Document::load(i.text.as_bytes()).expect("loads");
        g.bench_function(BenchmarkId::from_parameter(i.name), |b| {
            b.iter(|| Answer::build(black_box(&doc)))
        });
    }
    g.finish();
}

fn validate(c: &mut Criterion) {
    let mut g = c.benchmark_group("validate");
    for i in inputs() {
        sized(&mut g, &i);
        let doc = Document::load(i.text.as_bytes()).expect("loads");
        let answer = Answer::build(&doc);
        g.bench_function(BenchmarkId::from_parameter(i.name), |b| {
            b.iter(|| lint::check(black_box(&doc), black_box(&answer)))
        });
    }
    g.finish();
}

/// One SetField in the middle of the file, then the bytes to write.
fn save_after_edit(c: &mut Criterion) {
    let mut g = c.benchmark_group("save_after_edit");
    for i in inputs() {
        sized(&mut g, &i);
        let doc = Document::load(i.text.as_bytes()).expect("loads");
        let mut editor = Editor::new(doc);
        let at = middle(editor.answer());
        let mut n = 0u64;
        g.bench_function(BenchmarkId::from_parameter(i.name), |b| {
            b.iter(|| {
                n += 1;
                let op = Op::SetField(at, FieldKind::Description, format!("edited {n}"));
                editor.apply(&op).expect("applies");
                black_box(editor.doc().to_bytes())
            })
        });
    }
    g.finish();
}

/// A committed field value with a full revalidation: apply the edit (in place),
/// update the view, check the whole file. What the editor did before
/// `lint::recheck`, and still does when that cannot follow a change.
fn edit_revalidate(c: &mut Criterion) {
    let mut g = c.benchmark_group("edit_revalidate");
    for i in inputs() {
        sized(&mut g, &i);
        let doc = Document::load(i.text.as_bytes()).expect("loads");
        let mut editor = Editor::new(doc);
        let at = middle(editor.answer());
        let mut n = 0u64;
        g.bench_function(BenchmarkId::from_parameter(i.name), |b| {
            b.iter(|| {
                n += 1;
                let op = Op::SetField(at, FieldKind::Description, format!("edited {n}"));
                editor.apply(&op).expect("applies");
                black_box(lint::check(editor.doc(), editor.answer()).len())
            })
        });
    }
    g.finish();
}

/// A committed field value with the incremental revalidation the editor uses:
/// apply the edit (in place), update the view, `lint::recheck` from the
/// diagnostics before it.
fn edit_recheck(c: &mut Criterion) {
    let mut g = c.benchmark_group("edit_recheck");
    for i in inputs() {
        sized(&mut g, &i);
        let doc = Document::load(i.text.as_bytes()).expect("loads");
        let mut editor = Editor::new(doc);
        let at = middle(editor.answer());
        let mut diags = lint::check(editor.doc(), editor.answer());
        let mut n = 0u64;
        g.bench_function(BenchmarkId::from_parameter(i.name), |b| {
            b.iter(|| {
                n += 1;
                let op = Op::SetField(at, FieldKind::Description, format!("edited {n}"));
                editor.apply(&op).expect("applies");
                let (_, _, change) = editor.field_change().expect("an in-place field change");
                diags = lint::recheck(editor.doc(), editor.answer(), &diags, change)
                    .expect("followed incrementally");
                black_box(diags.len())
            })
        });
    }
    g.finish();
}

/// Keystrokes in the editor, each from the key event to a finished frame on a
/// 200×50 test backend, through the terminal loop's path (`tui::handle_event`,
/// then the frame; the recovery snapshot the loop takes after the frame is
/// not timed here, see `examples/keystroke`).
#[cfg(feature = "tui")]
fn keystroke(c: &mut Criterion) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use unattui::tui::action::Pane;
    use unattui::tui::app::App;
    use unattui::tui::tree::NodeRef;
    use unattui::tui::{handle_event, ui};

    let press = |app: &mut App, code: KeyCode| {
        handle_event(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    let mut g = c.benchmark_group("keystroke");
    for i in inputs() {
        sized(&mut g, &i);
        g.throughput(Throughput::Elements(1));
        g.sample_size(50);
        let mut app = App::from_bytes(None, i.text.as_bytes(), false).expect("opens");
        let mut term = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        let at = middle(app.editor().expect("parsed").answer());
        app.select_node(NodeRef::Command(at));
        let mut frame = |app: &App| {
            term.draw(|f| ui::draw(f, app)).expect("draws");
        };
        frame(&app);
        // Navigation: Down and Up in the tree.
        let mut down = true;
        g.bench_function(BenchmarkId::new("navigate", i.name), |b| {
            b.iter(|| {
                press(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
                down = !down;
                frame(&app);
            })
        });
        // Typing into Description (a character, then Backspace).
        app.select_node(NodeRef::Command(at));
        app.focus = Pane::Form;
        app.field = app
            .form_fields()
            .iter()
            .position(|f| *f == FieldKind::Description)
            .expect("a Description field");
        press(&mut app, KeyCode::Enter);
        let mut add = true;
        g.bench_function(BenchmarkId::new("type", i.name), |b| {
            b.iter(|| {
                press(
                    &mut app,
                    if add {
                        KeyCode::Char('x')
                    } else {
                        KeyCode::Backspace
                    },
                );
                add = !add;
                frame(&app);
            })
        });
        press(&mut app, KeyCode::Esc);
        // Committing a changed Description (the edit is opened and typed untimed).
        let mut n = 0u32;
        g.bench_function(BenchmarkId::new("commit", i.name), |b| {
            b.iter_custom(|iters| time_commits(&mut app, &mut frame, &mut n, iters))
        });
        // Duplicating a command and undoing that: two keys, each with its frame
        // (the selection is put back on the command untimed). The tree has the
        // focus for these keys; the next benchmark gives it back to the form.
        app.focus = Pane::Tree;
        g.bench_function(BenchmarkId::new("duplicate+undo", i.name), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    app.select_node(NodeRef::Command(at));
                    let t = std::time::Instant::now();
                    press(&mut app, KeyCode::Char('y'));
                    frame(&app);
                    press(&mut app, KeyCode::Char('u'));
                    frame(&app);
                    total += t.elapsed();
                }
                total
            })
        });
        // Committing a changed setting value (the first setting without children).
        let Some(row) = app
            .rows
            .iter()
            .position(|r| matches!(r.node, NodeRef::Setting(..)) && !r.expandable)
        else {
            continue;
        };
        app.selected = row;
        app.focus = Pane::Form;
        g.bench_function(BenchmarkId::new("commit_setting", i.name), |b| {
            b.iter_custom(|iters| time_commits(&mut app, &mut frame, &mut n, iters))
        });
    }
    g.finish();
}

/// Commits a changed field `iters` times and returns the time of the commits alone: Enter
/// opens the edit, a character is added or removed (alternately), and the timed Enter
/// commits it and draws the frame.
#[cfg(feature = "tui")]
fn time_commits(
    app: &mut unattui::tui::app::App,
    frame: &mut impl FnMut(&unattui::tui::app::App),
    n: &mut u32,
    iters: u64,
) -> Duration {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let press = |app: &mut unattui::tui::app::App, code: KeyCode| {
        unattui::tui::handle_event(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    };
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        *n += 1;
        press(app, KeyCode::Enter);
        let key = if n.is_multiple_of(2) {
            KeyCode::Char('x')
        } else {
            KeyCode::Backspace
        };
        press(app, key);
        let t = std::time::Instant::now();
        press(app, KeyCode::Enter);
        frame(app);
        total += t.elapsed();
    }
    total
}

#[cfg(not(feature = "tui"))]
fn keystroke(_: &mut Criterion) {}

/// Start-up on a typical file: decode, parse, view and validate 6 KB.
fn startup(c: &mut Criterion) {
    let text = generate(&GenOptions::default());
    let mut g = c.benchmark_group("startup");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("typical-6KB", |b| {
        b.iter(|| {
            let doc = Document::load(black_box(text.as_bytes())).expect("loads");
            let answer = Answer::build(&doc);
            black_box(lint::check(&doc, &answer).len())
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    load,
    build,
    validate,
    save_after_edit,
    edit_revalidate,
    edit_recheck,
    keystroke,
    startup
);
criterion_main!(benches);
