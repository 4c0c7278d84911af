//! `unattui check` of files large enough for the binary to start itself again with glibc's
//! malloc settings for large inputs (`src/cli/tuning.rs`, Linux with glibc only): the second
//! start happens exactly when it should (counted by glibc's loader, `LD_DEBUG=statistics`),
//! and the reports and exit codes are exactly those of a run without it.
#![cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]

#[path = "../examples/support/answer_gen.rs"]
mod answer_gen;

use answer_gen::{GenOptions, generate};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use unattui::cli::tuning::MIN_BYTES;

/// Whether the binary may start itself again: `GLIBC_TUNABLES` unset, or set to nothing
/// (which turns the second start off).
#[derive(Clone, Copy, Debug)]
enum Restart {
    Allowed,
    Off,
}

/// `unattui ARGS…`, given at most a minute: a program that kept starting itself again would
/// fail the test instead of hanging it.
fn unattui(args: &[&str], restart: Restart, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_unattui"));
    c.args(args)
        .env_remove("UNATTUI_RESTARTED")
        .env_remove("LD_PRELOAD")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match restart {
        Restart::Allowed => c.env_remove("GLIBC_TUNABLES"),
        Restart::Off => c.env("GLIBC_TUNABLES", ""),
    };
    let child = c.spawn().expect("starts");
    let pid = child.id().to_string();
    // Waited for on another thread, which also drains the pipes.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid]).status();
            panic!("unattui {args:?} still running after a minute");
        }
    }
}

/// How many times the program started: glibc's loader reports its start-up time once per
/// start under `LD_DEBUG=statistics`.
fn starts(args: &[&str], restart: Restart, env: &[(&str, &str)]) -> usize {
    let mut env = env.to_vec();
    env.push(("LD_DEBUG", "statistics"));
    let out = unattui(args, restart, &env);
    String::from_utf8_lossy(&out.stderr)
        .matches("total startup time in dynamic loader")
        .count()
}

/// The files: a generated one of at least [`MIN_BYTES`] with problems (a repeated Order, an
/// error; an empty Description, a warning) under a name with a space; the same cut in the
/// middle (not well-formed); and the small demo file.
struct Files {
    _dir: tempfile::TempDir,
    large: PathBuf,
    broken: PathBuf,
    small: PathBuf,
}

fn files() -> Files {
    let text = generate(&GenOptions {
        commands: 14_000,
        ..GenOptions::default()
    });
    assert!(text.len() as u64 >= MIN_BYTES, "{} bytes", text.len());
    let text = text.replacen("<Order>7</Order>", "<Order>6</Order>", 1);
    let at = text.rfind("<Description>").expect("a description");
    let end = at + text[at..].find("</Description>").expect("its end");
    let text = format!("{}<Description>{}", &text[..at], &text[end..]);
    let dir = tempfile::tempdir().expect("temp dir");
    let large = dir.path().join("large file.xml");
    std::fs::write(&large, &text).expect("written");
    let broken = dir.path().join("broken.xml");
    std::fs::write(&broken, &text[..text.len() / 2 + 7]).expect("written");
    let small = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo.xml");
    Files {
        _dir: dir,
        large,
        broken,
        small,
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn a_large_file_starts_the_program_again_once() {
    let f = files();
    let large = ["check", "--format", "json", s(&f.large)];
    assert_eq!(starts(&large, Restart::Allowed, &[]), 2);
    assert_eq!(starts(&large, Restart::Off, &[]), 1);
    // A preloaded library (a profiler) or a start that is already the second: no more.
    assert_eq!(starts(&large, Restart::Allowed, &[("LD_PRELOAD", "")]), 1);
    assert_eq!(
        starts(&large, Restart::Allowed, &[("UNATTUI_RESTARTED", "1")]),
        1
    );
    // Small files, and other commands on a large one.
    assert_eq!(starts(&["check", s(&f.small)], Restart::Allowed, &[]), 1);
    assert_eq!(starts(&["list", s(&f.large)], Restart::Allowed, &[]), 1);
}

#[test]
fn the_second_start_gives_the_same_report() {
    let f = files();
    let mixed = [s(&f.small), s(&f.large), s(&f.broken)];
    let runs: [&[&str]; 5] = [
        &["check", "--format", "json", s(&f.large)],
        &[
            "check",
            "--format",
            "human",
            "--deny",
            "warnings",
            s(&f.large),
        ],
        &[
            "check",
            "--format",
            "sarif",
            "--no-catalog",
            mixed[0],
            mixed[1],
            mixed[2],
        ],
        &["check", "--format", "json", mixed[0], mixed[1], mixed[2]],
        &["check", "--format", "nonsense", s(&f.large)],
    ];
    for args in runs {
        let again = unattui(args, Restart::Allowed, &[]);
        let plain = unattui(args, Restart::Off, &[]);
        assert_eq!(again.status.code(), plain.status.code(), "{args:?}");
        assert_eq!(again.stdout, plain.stdout, "{args:?}");
        assert_eq!(again.stderr, plain.stderr, "{args:?}");
    }
    // The problems are there, so the comparisons compare something.
    let out = unattui(runs[0], Restart::Allowed, &[]);
    assert_eq!(out.status.code(), Some(1));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("\"errors\": 1"), "{report}");
    let out = unattui(runs[3], Restart::Allowed, &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("U001"));
    let out = unattui(runs[4], Restart::Allowed, &[]);
    assert_eq!(out.status.code(), Some(2));
}
