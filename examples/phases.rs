//! Times each phase of `unattui check` on one file, in-process, best of N runs:
//! read, decode + parse (`Document::load`), typed view (`Answer::build`),
//! validation (`lint::check`), and a save after one edit: the bytes (`to_bytes`), and the
//! durable save the editor makes of them (`fsio::save_atomic` into the temporary directory:
//! write, sync, read back, re-parse, rename; its time depends mostly on the disk).
//!
//! ```text
//! cargo run --release --example phases -- FILE [RUNS]
//! ```

use std::time::{Duration, Instant};
use unattui::answer::{Answer, FieldKind};
use unattui::document::Document;
use unattui::lint;
use unattui::ops::{Editor, Op};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: phases FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut best = [Duration::MAX; 8];
    let names = [
        "read",
        "load (decode+parse)",
        "Answer::build",
        "lint::check",
        "apply one SetField",
        "to_bytes",
        "live check (keystroke)",
        "durable save",
    ];
    let target = std::env::temp_dir().join(format!("unattui-phases-{}.xml", std::process::id()));
    for _ in 0..runs {
        let t = Instant::now();
        let bytes = std::fs::read(path).expect("readable");
        let t1 = t.elapsed();
        let t = Instant::now();
        let doc = Document::load(&bytes).expect("loads");
        let t2 = t.elapsed();
        let t = Instant::now();
        let answer = Answer::build(&doc);
        let t3 = t.elapsed();
        let t = Instant::now();
        let diags = lint::check(&doc, &answer);
        let t4 = t.elapsed();
        std::hint::black_box(&diags);
        drop(answer);
        let mut editor = Editor::new(doc);
        let addr = editor
            .answer()
            .commands()
            .nth(editor.answer().command_count() / 2)
            .map(|(a, _)| a)
            .expect("a command");
        let t = Instant::now();
        editor
            .apply(&Op::SetField(addr, FieldKind::Description, "edited".into()))
            .expect("applies");
        let t5 = t.elapsed();
        let t = Instant::now();
        let out = editor.doc().to_bytes();
        let t6 = t.elapsed();
        // What the editor does per key typed into a field: preview the pending
        // value and check that command and its list.
        let t = Instant::now();
        let live = editor.preview(
            &Op::SetField(addr, FieldKind::Description, "edited!".into()),
            usize::MAX,
            |doc, answer| lint::check_command(doc, answer, addr).len(),
        );
        let t7 = t.elapsed();
        std::hint::black_box(live);
        let verify = |b: &[u8]| Document::load(b).map(|_| ()).map_err(|e| e.to_string());
        let t = Instant::now();
        unattui::fsio::save_atomic(&target, &out, &Default::default(), &verify).expect("saves");
        let t8 = t.elapsed();
        for (b, d) in best.iter_mut().zip([t1, t2, t3, t4, t5, t6, t7, t8]) {
            *b = (*b).min(d);
        }
    }
    for (n, d) in names.iter().zip(best) {
        println!("{n:>22}: {:8.3} ms", d.as_secs_f64() * 1e3);
    }
    let _ = std::fs::remove_file(&target);
    let _ = std::fs::remove_file(target.with_extension("xml~"));
}
