//! Benchmarks of the core on generated answer files (see `examples/gen-answer-file.rs`):
//! load (decode + parse), the typed view, validation, a save after one edit, one edit with
//! the editor's update (apply, view, revalidation), and start-up on a typical file.
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
    }
    g.finish();
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

/// What the editor does per keystroke in a form field today: apply the edit (which
/// re-parses), rebuild the view, revalidate the whole file. An incremental
/// revalidation of only the edited list is not in the core yet.
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
    startup
);
criterion_main!(benches);
