//! The real binary: every subcommand, format and exit code.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn unattui(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unattui"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(name: &str) -> String {
    common::fixtures().join(name).display().to_string()
}

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/demo.xml")
        .display()
        .to_string()
}

fn temp_copy(dir: &tempfile::TempDir, src: &str, name: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::copy(src, &p).expect("copy");
    p
}

#[test]
fn check_exit_codes() {
    let clean = fixture("tabs-crlf.xml");
    let o = unattui(&["check", &clean]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("1 file checked: 0 errors"));

    let o = unattui(&["check", &demo()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("demo.xml:38:11: error[U032]: Order 2 is used twice"),
        "{out}"
    );
    assert!(
        out.contains("   |           ^^^^^^^^^^^^^^^^"),
        "caret under the span: {out}"
    );
    assert!(
        !out.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );

    let bad = fixture("malformed/bare-ampersand.xml");
    let o = unattui(&["check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("bare-ampersand.xml:5:15: error[U001]"),
        "{}",
        stdout(&o)
    );

    let o = unattui(&["check", "/nonexistent/x.xml", &clean]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/x.xml"));
    assert!(
        stdout(&o).contains("1 file checked"),
        "the other file is still checked"
    );

    assert_eq!(unattui(&["check"]).status.code(), Some(2));
    assert_eq!(
        unattui(&["check", "--format", "xml", &clean]).status.code(),
        Some(2)
    );
    assert_eq!(
        unattui(&["check", "--bogus", &clean]).status.code(),
        Some(2)
    );
}

#[test]
fn deny_warnings() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = std::fs::read_to_string(fixture("tabs-crlf.xml")).expect("fixture");
    let warn = dir.path().join("warn.xml");
    std::fs::write(&warn, src.replacen(" wcm:action=\"add\"", "", 1)).expect("write");
    let w = warn.display().to_string();
    assert_eq!(unattui(&["check", &w]).status.code(), Some(0));
    assert_eq!(
        unattui(&["check", "--deny", "warnings", &w]).status.code(),
        Some(1)
    );
}

#[test]
fn check_json_schema() {
    let o = unattui(&[
        "check",
        "--format",
        "json",
        &demo(),
        &fixture("malformed/truncated.xml"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    let files = v["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["encoding"], "UTF-8");
    let d = &files[0]["diagnostics"][0];
    for key in [
        "code", "severity", "message", "line", "column", "place", "fix",
    ] {
        assert!(d.get(key).is_some(), "diagnostic lacks {key}: {d}");
    }
    assert!(d["line"].as_u64().expect("line") >= 1);
    assert_eq!(files[1]["diagnostics"][0]["code"], "U001");
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["errors"], 4);
}

#[test]
fn check_sarif() {
    let o = unattui(&["check", "--format", "sarif", &demo()]);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "unattui");
    assert!(
        run["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .len()
            >= 30
    );
    let r = &run["results"][0];
    assert!(r["ruleId"].as_str().expect("id").starts_with('U'));
    assert!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .is_some()
    );
}

#[test]
fn many_files_in_parallel_keep_their_order() {
    let files: Vec<String> = (0..40)
        .map(|i| {
            if i % 2 == 0 {
                demo()
            } else {
                fixture("tabs-crlf.xml")
            }
        })
        .collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let v: Value = serde_json::from_str(&stdout(&unattui(&args))).expect("json");
    for (i, f) in v["files"].as_array().expect("files").iter().enumerate() {
        assert_eq!(f["file"].as_str(), Some(files[i].as_str()));
    }
}

#[test]
fn list_in_run_order_without_passwords() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("creds.xml");
    let src = std::fs::read_to_string(demo()).expect("demo").replace(
        "<Description>Install the management agent</Description>",
        "<Description>Install the management agent</Description><Credentials><Domain>CORP</Domain><Username>svc</Username><Password>TopSecret1</Password></Credentials>",
    );
    std::fs::write(&p, src).expect("write");
    let path = p.display().to_string();
    let o = unattui(&["list", &path]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(!out.contains("TopSecret1"));
    assert!(out.contains("as CORP\\svc"), "{out}");
    let pe = out.find("windowsPE").expect("pe");
    let sp = out.find("specialize").expect("sp");
    let oobe = out.find("oobeSystem").expect("oobe");
    assert!(pe < sp && sp < oobe);
    let o = unattui(&["list", "--format", "json", "--explain", &path]);
    let out = stdout(&o);
    assert!(!out.contains("TopSecret1"));
    let v: Value = serde_json::from_str(&out).expect("json");
    let cmds = v["commands"].as_array().expect("commands");
    assert_eq!(cmds.len(), 7);
    assert_eq!(cmds[0]["pass"], "windowsPE");
    assert_eq!(cmds[6]["list"], "FirstLogonCommands");
    assert!(cmds[0]["explain"].as_array().is_some());
}

#[test]
fn fix_changes_only_what_it_must() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = temp_copy(&dir, &demo(), "demo.xml");
    let before = std::fs::read_to_string(&p).expect("read");
    let path = p.display().to_string();

    let o = unattui(&["fix", "--dry-run", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("@@"), "{}", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(&p).expect("read"),
        before,
        "dry run writes nothing"
    );

    let o = unattui(&["fix", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(&p).expect("read");
    let changed: Vec<_> = unattui::diff::lines(&before, &after)
        .into_iter()
        .filter(|l| !matches!(l, unattui::diff::Line::Same(_)))
        .collect();
    // The second Order 2 becomes 3, "onrequest" becomes "OnRequest", the password is encoded and
    // PlainText set to false: 4 lines, each removed + added.
    assert_eq!(changed.len(), 8, "{changed:#?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("demo.xml~")).expect("backup"),
        before
    );

    // Nothing left to fix: the file is not written at all.
    let mtime = std::fs::metadata(&p)
        .expect("meta")
        .modified()
        .expect("mtime");
    let o = unattui(&["fix", &path]);
    assert!(stderr(&o).contains("nothing to fix"));
    assert_eq!(
        std::fs::metadata(&p)
            .expect("meta")
            .modified()
            .expect("mtime"),
        mtime
    );
}

#[test]
fn fix_duplicate_orders_touches_only_order_lines() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("dup.xml");
    let src = std::fs::read_to_string(fixture("tabs-crlf.xml"))
        .expect("fixture")
        .replace("<Order>2</Order>", "<Order>1</Order>");
    std::fs::write(&p, &src).expect("write");
    let o = unattui(&["fix", "--no-backup", &p.display().to_string()]);
    assert_eq!(o.status.code(), Some(0));
    let after = std::fs::read_to_string(&p).expect("read");
    for l in unattui::diff::lines(&src, &after) {
        match l {
            unattui::diff::Line::Same(_) => {}
            unattui::diff::Line::Removed(s) | unattui::diff::Line::Added(s) => {
                assert!(s.contains("<Order>"), "{s:?}")
            }
        }
    }
    assert_ne!(after, src);
    assert!(!dir.path().join("dup.xml~").exists());
}

#[test]
fn rules_and_help() {
    let o = unattui(&["rules"]);
    let out = stdout(&o);
    for r in unattui::lint::RULES {
        assert!(out.contains(r.code), "{} missing", r.code);
    }
    let md = stdout(&unattui(&["rules", "--format", "markdown"]));
    assert!(md.starts_with("| code |"));
    for cmd in ["check", "list", "fix", "rules", "diff", "config"] {
        let o = unattui(&[cmd, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stdout(&o).contains("Example:"),
            "{cmd} --help has no example"
        );
    }
    assert!(stdout(&unattui(&["--help"])).contains("unattui check"));
}

#[test]
fn file_text_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("evil.xml");
    let src = std::fs::read_to_string(fixture("tabs-crlf.xml"))
        .expect("fixture")
        .replace("cmd /c echo one", "cmd /c echo \u{9b}31m \u{202e}evil")
        .replace("<Order>2</Order>", "<Order>\u{85}2</Order>");
    std::fs::write(&p, src).expect("write");
    let path = p.display().to_string();
    for args in [
        vec!["check", &path],
        vec!["list", &path],
        vec!["check", "--format", "json", &path],
    ] {
        let o = unattui(&args);
        let all = [o.stdout.clone(), o.stderr.clone()].concat();
        let s = String::from_utf8_lossy(&all);
        assert!(
            !s.contains('\u{9b}') && !s.contains('\u{202e}') && !s.contains('\u{85}'),
            "{args:?}: {s}"
        );
    }
}

#[test]
fn semantic_diff_exit_codes_and_json() {
    let dir = tempfile::tempdir().expect("tmp");
    let base = fixture("tabs-crlf.xml");
    let same = dir.path().join("same.xml");
    std::fs::write(
        &same,
        std::fs::read_to_string(&base)
            .expect("read")
            .replace("\r\n", "\n")
            .replace('\t', "  "),
    )
    .expect("write");
    let o = unattui(&["diff", &base, &same.display().to_string()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("no differences"));
    let changed = dir.path().join("changed.xml");
    std::fs::write(
        &changed,
        std::fs::read_to_string(&base)
            .expect("read")
            .replace("cmd /c echo two", "cmd /c echo 2"),
    )
    .expect("write");
    let o = unattui(&[
        "diff",
        "--format",
        "json",
        &base,
        &changed.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(v["equal"], false);
    assert_eq!(v["changes"][0]["kind"], "changed");
    assert_eq!(v["changes"][0]["field"], "Program");
    assert_eq!(unattui(&["diff", &base]).status.code(), Some(2));
    assert_eq!(
        unattui(&["diff", &base, "/nonexistent.xml"]).status.code(),
        Some(2)
    );
}

#[test]
fn config_path_precedence() {
    let run = |envs: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_unattui"));
        c.args(["config", "--path"])
            .env_remove("UNATTUI_CONFIG")
            .env_remove("XDG_CONFIG_HOME");
        for (k, v) in envs {
            c.env(k, v);
        }
        String::from_utf8_lossy(&c.output().expect("runs").stdout)
            .trim()
            .to_owned()
    };
    assert_eq!(
        run(&[
            ("UNATTUI_CONFIG", "/tmp/u.toml"),
            ("XDG_CONFIG_HOME", "/tmp/x")
        ]),
        "/tmp/u.toml"
    );
    assert_eq!(
        run(&[("XDG_CONFIG_HOME", "/tmp/x")]),
        "/tmp/x/unattui/config.toml"
    );
    assert!(run(&[]).ends_with("unattui/config.toml"));
    let dir = tempfile::tempdir().expect("tmp");
    let broken = dir.path().join("c.toml");
    std::fs::write(&broken, "mouse = [").expect("write");
    let o = Command::new(env!("CARGO_BIN_EXE_unattui"))
        .args(["config", "--check"])
        .env("UNATTUI_CONFIG", &broken)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not valid TOML"), "{}", stderr(&o));
}

#[test]
fn convert_encoding_only_when_asked() {
    let dir = tempfile::tempdir().expect("tmp");
    let src = std::fs::read_to_string(fixture("tabs-crlf.xml")).expect("fixture");
    let p = dir.path().join("utf16.xml");
    let utf16 = unattui::text::encode(
        &src.replace("encoding=\"utf-8\"", "encoding=\"utf-16\""),
        unattui::text::Encoding::Utf16Le,
    );
    std::fs::write(&p, &utf16).expect("write");
    let path = p.display().to_string();
    let o = unattui(&["check", &path]);
    assert!(stdout(&o).contains("warning[U003]"), "{}", stdout(&o));
    let o = unattui(&["fix", "--no-backup", &path]);
    assert!(stderr(&o).contains("nothing to fix"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(&p).expect("read"),
        utf16,
        "not converted unless asked"
    );
    let o = unattui(&["fix", "--no-backup", "--convert-encoding", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read(&p).expect("read");
    assert_eq!(
        String::from_utf8(after).expect("now UTF-8"),
        src,
        "UTF-8 without BOM, declaration back to utf-8, nothing else changed"
    );
}

#[test]
fn check_never_quotes_a_password_and_windows_long_lines() {
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("secret.xml");
    let src = std::fs::read_to_string(demo())
        .expect("demo")
        .replace("<Value>P@ssw0rd</Value>", "<Value>TopSecret99</Value>");
    std::fs::write(&p, &src).expect("write");
    let o = unattui(&["check", &p.display().to_string()]);
    let out = stdout(&o);
    assert!(out.contains("warning[U061]"), "{out}");
    assert!(!out.contains("TopSecret99"), "{out}");
    assert!(
        out.contains("<Value>•••••••••••</Value>"),
        "masked with one • per character: {out}"
    );

    // One long line: each quote is a window around the column, not the whole file.
    let one_line = std::fs::read_to_string(fixture("tabs-crlf.xml"))
        .expect("fixture")
        .replace(['\r', '\n', '\t'], "");
    let many = one_line.replace(
        "<RunSynchronous>",
        &format!(
            "<RunSynchronous>{}",
            "<RunSynchronousCommand><Order>7</Order><Path>x</Path></RunSynchronousCommand>"
                .repeat(300)
        ),
    );
    let p = dir.path().join("oneline.xml");
    std::fs::write(&p, &many).expect("write");
    let o = unattui(&["check", &p.display().to_string()]);
    let out = stdout(&o);
    assert!(
        out.lines().all(|l| l.chars().count() < 200),
        "a quoted line is too long"
    );
    assert!(out.contains("error[U032]"));
}

#[test]
fn fix_diff_masks_passwords() {
    let o = unattui(&["fix", "--dry-run", &demo()]);
    let out = stdout(&o);
    assert!(out.contains("@@"), "{out}");
    assert!(!out.contains("P@ssw0rd"), "{out}");
    assert!(out.contains("<Value>••••••</Value>"), "{out}");
}
