//! The synthetic answer-file generator behind the benchmarks: deterministic by
//! seed, loads, and passes the linter without errors.

#[path = "../examples/support/answer_gen.rs"]
mod answer_gen;

use answer_gen::{GenOptions, generate};
use unattui::answer::Answer;
use unattui::document::Document;
use unattui::lint::{self, Severity};

fn opts(commands: usize, seed: u64) -> GenOptions {
    GenOptions {
        commands,
        seed,
        ..GenOptions::default()
    }
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    assert_eq!(generate(&opts(200, 3)), generate(&opts(200, 3)));
    assert_ne!(generate(&opts(200, 3)), generate(&opts(200, 4)));
}

#[test]
fn generated_files_load_and_lint_clean() {
    for (commands, tabs, crlf) in [(10, false, true), (500, true, false), (4100, false, true)] {
        let text = generate(&GenOptions {
            tabs,
            crlf,
            ..opts(commands, 11)
        });
        let doc = Document::load(text.as_bytes()).expect("the generated file loads");
        assert_eq!(doc.to_bytes(), text.as_bytes(), "lossless round trip");
        let answer = Answer::build(&doc);
        assert_eq!(answer.command_count(), commands);
        let diags = lint::check(&doc, &answer);
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(errors.is_empty(), "{commands} commands: {errors:?}");
        assert_eq!(text.contains("\r\n"), crlf);
        assert_eq!(text.contains("\n\t"), tabs);
    }
}

#[test]
fn sizes_are_the_documented_ones() {
    let typical = generate(&GenOptions::default()).len();
    assert!(
        (5_000..8_000).contains(&typical),
        "typical: {typical} bytes"
    );
    let medium = generate(&opts(500, 1)).len();
    assert!(
        (150_000..220_000).contains(&medium),
        "500 commands: {medium} bytes"
    );
}

#[test]
fn options_parse() {
    let args: Vec<String> = [
        "--commands",
        "30",
        "--seed",
        "9",
        "--lf",
        "--tabs",
        "--out",
        "f.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (o, out) = answer_gen::parse_args(&args).expect("parses");
    assert_eq!((o.commands, o.seed, o.crlf, o.tabs), (30, 9, false, true));
    assert_eq!(out.as_deref(), Some("f.xml"));
    assert!(answer_gen::parse_args(&["--bogus".to_string()]).is_err());
}
