//! Program resolution and argument splitting.

use crate::cmdline::{split_args, split_args_detailed, split_command_line, split_program};

/// (input, expected arguments, expected unterminated quote)
const ARG_CASES: &[(&str, &[&str], bool)] = &[
    // Blanks separate; runs of blanks and tabs count once.
    ("a b c", &["a", "b", "c"], false),
    ("  a   b  ", &["a", "b"], false),
    ("a\tb", &["a", "b"], false),
    ("a \t b", &["a", "b"], false),
    ("", &[], false),
    ("   \t ", &[], false),
    // Quotes group and disappear (Microsoft's documented examples first).
    (r#""abc" d e"#, &["abc", "d", "e"], false),
    (r#"a\\\b d"e f"g h"#, &[r"a\\\b", "de fg", "h"], false),
    (r#"a\\\"b c d"#, &[r#"a\"b"#, "c", "d"], false),
    (r#"a\\\\"b c" d e"#, &[r"a\\b c", "d", "e"], false),
    (r#"a"b"" c d"#, &[r#"ab" c d"#], true),
    (r#""a b" c"#, &["a b", "c"], false),
    (r#"a"b c"d"#, &["ab cd"], false),
    (r#""a"b"c""#, &["abc"], false),
    ("\"a\tb\"", &["a\tb"], false),
    (r#""a b"#, &["a b"], true),
    // Empty arguments.
    (r#""""#, &[""], false),
    (r#"a "" b"#, &["a", "", "b"], false),
    (r#""" """#, &["", ""], false),
    (r#"/d "" /f"#, &["/d", "", "/f"], false),
    (r#"x"" y"#, &["x", "y"], false),
    // `""` inside a quoted region is a literal quote (post-2008 rule).
    (r#""""""#, &[r#"""#], false),
    (r#""a""b""#, &[r#"a"b"#], false),
    (r#""""a""""#, &[r#""a""#], false),
    // Backslashes before quotes.
    (r#"\""#, &[r#"""#], false),
    (r#"\\"a b""#, &[r"\a b"], false),
    (r#"\\\\\""#, &[r#"\\""#], false),
    (r#""C:\dir\\""#, &[r"C:\dir\"], false),
    (r#""C:\dir\""#, &[r#"C:\dir""#], true),
    (r#"/d "C:\p\" /f"#, &["/d", r#"C:\p" /f"#], true),
    (
        r#"add "HKLM\x" /d "C:\p\\" /f"#,
        &["add", r"HKLM\x", "/d", r"C:\p\", "/f"],
        false,
    ),
    // Backslashes elsewhere are literal, trailing ones too.
    (r"a\\b", &[r"a\\b"], false),
    (r"\\\\", &[r"\\\\"], false),
    (r"C:\dir\", &[r"C:\dir\"], false),
    (
        r"\\server\share\x.msi /q",
        &[r"\\server\share\x.msi", "/q"],
        false,
    ),
    // Spaces in paths need quotes.
    (r#""C:\Program Files\x""#, &[r"C:\Program Files\x"], false),
    (r"C:\Program Files\x", &[r"C:\Program", r"Files\x"], false),
    // Non-ASCII passes through.
    ("é \"ü ß\" 😀", &["é", "ü ß", "😀"], false),
];

#[test]
fn split_args_follows_the_c_runtime_rules() {
    assert!(ARG_CASES.len() >= 30);
    for (input, expected, unterminated) in ARG_CASES {
        let got = split_args_detailed(input);
        assert_eq!(got.args, *expected, "arguments of {input:?}");
        assert_eq!(
            got.unterminated_quote, *unterminated,
            "open quote in {input:?}"
        );
        assert_eq!(split_args(input), got.args);
    }
}

#[test]
fn program_quoted_runs_to_the_next_quote() {
    let (p, rest) = split_program(r#""C:\Program Files\App\setup.exe" /S"#);
    assert_eq!(p.path, r"C:\Program Files\App\setup.exe");
    assert_eq!(p.raw, r#""C:\Program Files\App\setup.exe""#);
    assert!(p.quoted && !p.unquoted_space_ambiguity);
    assert_eq!(rest, "/S");

    let (p, rest) = split_program(r#""C:\x.exe"/S"#);
    assert_eq!((p.path, rest), (r"C:\x.exe", "/S"));

    let (p, rest) = split_program(r#""C:\a b"#);
    assert_eq!((p.path, rest), (r"C:\a b", ""));

    // No backslash escapes in argv[0].
    let (p, rest) = split_program(r#""C:\dir\" a"#);
    assert_eq!((p.path, rest), (r"C:\dir\", "a"));
}

#[test]
fn program_unquoted_runs_to_the_first_blank() {
    let (p, rest) = split_program("  cmd.exe\t/c x");
    assert_eq!((p.path, rest), ("cmd.exe", "/c x"));
    assert!(!p.quoted);
    let (p, rest) = split_program("");
    assert_eq!((p.raw, rest), ("", ""));
}

#[test]
fn unquoted_space_ambiguity() {
    let fires = [
        r"C:\Program Files\App\setup.exe /S",
        r"C:\Program Files\App\setup.exe",
        r"C:\Program Files (x86)\Tool\run.cmd -x",
        r"D:\My Tools\fix.BAT",
    ];
    for line in fires {
        let (p, _) = split_program(line);
        assert!(p.unquoted_space_ambiguity, "{line}");
    }
    let quiet = [
        r#""C:\Program Files\App\setup.exe" /S"#,
        "net user admin /active:yes",
        r"sc create svc binPath= C:\x.exe",
        r"C:\Windows\System32\cmd.exe /c x.exe",
        r"C:\Tools\run /q x.exe",
        r"C:\Tools\run C:\other.exe",
        "start setup.exe",
    ];
    for line in quiet {
        let (p, _) = split_program(line);
        assert!(!p.unquoted_space_ambiguity, "{line}");
    }
}

#[test]
fn command_line_uses_both_rules() {
    assert_eq!(
        split_command_line(r#""C:\dir\" "a\"b" c"#),
        vec![r"C:\dir\", r#"a"b"#, "c"]
    );
    assert_eq!(
        split_command_line(r"C:\Program Files\App\setup.exe /S"),
        vec![r"C:\Program", r"Files\App\setup.exe", "/S"]
    );
    assert!(split_command_line("  ").is_empty());
}

#[test]
fn arguments_borrow_the_line_unless_rebuilt() {
    use std::borrow::Cow;
    let line = r#"plain "quoted arg" "" a"b c"d "C:\dir\" \"x "end\\" "#;
    let got = split_args_detailed(line);
    let owned: Vec<bool> = got
        .args
        .iter()
        .map(|a| matches!(a, Cow::Owned(_)))
        .collect();
    assert_eq!(
        got.args,
        ["plain", "quoted arg", "", "ab cd", r#"C:\dir" "x end\ "#]
    );
    // Only the arguments whose quotes or escapes sit inside them are copied.
    assert_eq!(owned, [false, false, false, true, true]);
    assert!(got.unterminated_quote);
    // A closing quote with a backslash before it is not a plain quoted region.
    let escaped = split_args_detailed(r#""C:\dir\\" x"#);
    assert_eq!(escaped.args, [r"C:\dir\", "x"]);
    assert!(!escaped.unterminated_quote);
}
