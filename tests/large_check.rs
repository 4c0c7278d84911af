//! `unattui check` of files large enough for the binary to start itself again with glibc's
//! malloc settings for large inputs (`src/cli/tuning.rs`): the report and the exit code are
//! exactly those of a run that keeps the allocator as it is (`GLIBC_TUNABLES` set, even
//! empty, turns the second start off).

#[path = "../examples/support/answer_gen.rs"]
mod answer_gen;

use answer_gen::{GenOptions, generate};
use std::process::{Command, Output};
use unattui::cli::tuning::MIN_BYTES;

/// `check --format F FILE…` with `GLIBC_TUNABLES` unset (`tuned`) or set to nothing.
fn check(format: &str, files: &[&std::path::Path], tuned: bool) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unattui"));
    c.arg("check").arg("--format").arg(format).args(files);
    if tuned {
        c.env_remove("GLIBC_TUNABLES");
    } else {
        c.env("GLIBC_TUNABLES", "");
    }
    c.output().expect("runs")
}

/// A generated file of at least [`MIN_BYTES`], with problems: a repeated Order (an error)
/// and an empty Description (a warning).
fn large_file_with_problems() -> String {
    let text = generate(&GenOptions {
        commands: 14_000,
        ..GenOptions::default()
    });
    assert!(text.len() as u64 >= MIN_BYTES, "{} bytes", text.len());
    let text = text.replacen("<Order>7</Order>", "<Order>6</Order>", 1);
    let at = text.rfind("<Description>").expect("a description");
    let end = at + text[at..].find("</Description>").expect("its end");
    format!("{}<Description>{}", &text[..at], &text[end..])
}

#[test]
fn a_large_file_gets_the_same_report_either_way() {
    let dir = tempfile::tempdir().expect("temp dir");
    let large = dir.path().join("large.xml");
    std::fs::write(&large, large_file_with_problems()).expect("written");
    // Cut in the middle of a tag: not well-formed.
    let broken = dir.path().join("broken.xml");
    let text = large_file_with_problems();
    std::fs::write(&broken, &text[..text.len() / 2 + 7]).expect("written");
    let small = common_fixture();

    for files in [
        vec![large.as_path()],
        vec![small.as_path(), large.as_path(), broken.as_path()],
    ] {
        for format in ["json", "human", "sarif"] {
            let tuned = check(format, &files, true);
            let plain = check(format, &files, false);
            assert_eq!(
                tuned.status.code(),
                plain.status.code(),
                "{format} {files:?}"
            );
            assert_eq!(tuned.stdout, plain.stdout, "{format} {files:?}");
            assert_eq!(tuned.stderr, plain.stderr, "{format} {files:?}");
        }
    }
    // The problems are there, so the comparison above compares something.
    let out = check("json", &[large.as_path()], true);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("\"errors\": 1"), "{report}");
    let out = check("json", &[broken.as_path()], true);
    assert!(String::from_utf8_lossy(&out.stdout).contains("U001"));
}

fn common_fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo.xml")
}
