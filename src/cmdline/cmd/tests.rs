use super::*;

#[test]
fn builtins_are_sorted_short_lower_case_words() {
    assert!(CMD_BUILTINS.windows(2).all(|w| w[0] < w[1]));
    assert!(BUILTIN_KEYS.windows(2).all(|w| w[0] < w[1]));
    assert!(
        CMD_BUILTINS
            .iter()
            .all(|b| (2..=8).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_lowercase()))
    );
    for b in CMD_BUILTINS {
        assert_eq!(cmd_builtin(b), Some(*b));
        assert_eq!(cmd_builtin(&b.to_ascii_uppercase()), Some(*b));
    }
    for no in [
        "",
        "c",
        "echox",
        "setlocalx",
        "x\\echo",
        "echo.exe",
        "echo/x",
    ] {
        assert_eq!(cmd_builtin(no), None, "{no}");
    }
    assert_eq!(cmd_builtin("echo."), Some("echo"));
    assert_eq!(cmd_builtin("cd.."), Some("cd"));
}

#[test]
fn redirections_are_removed_and_the_rest_borrowed_when_it_is_one_piece() {
    for (segment, kept, borrowed) in [
        ("echo a >> X:\\log.txt", "echo a", true),
        ("2>nul echo a", "echo a", true),
        ("@(echo a)", "echo a", true),
        ("echo \"a > b\" >out", "echo \"a > b\"", true),
        ("echo a 2>&1 >nul", "echo a", false),
        ("echo a >x b", "echo a  b", false),
        ("type <in.txt sort>out", "type  sort", false),
        ("echo é>\"a b\" ü", "echo é ü", false),
    ] {
        let got = strip_redirections(segment);
        assert_eq!(got, kept, "{segment}");
        assert_eq!(matches!(got, Cow::Borrowed(_)), borrowed, "{segment}");
    }
}

#[test]
fn nested_commands_own_their_text_only_when_it_was_rebuilt() {
    let a = super::super::analyse(r#"cmd /c "echo a" & echo "b" x >nul"#);
    let super::super::ProgramKind::Cmd(c) = &a.kind else {
        panic!("{a:?}")
    };
    assert!(matches!(c.command, Cow::Owned(_)));
    assert_eq!(c.command, r#"echo a" & echo "b x >nul"#);
    assert!(
        c.commands
            .iter()
            .all(|n| matches!(n.program.raw, Cow::Owned(_)))
    );
    let plain = super::super::analyse("cmd /c echo a >nul & echo b");
    let super::super::ProgramKind::Cmd(p) = &plain.kind else {
        panic!("{plain:?}")
    };
    assert!(matches!(p.command, Cow::Borrowed(_)));
    assert!(
        p.commands
            .iter()
            .all(|n| matches!(n.program.raw, Cow::Borrowed(_)))
    );
    // A copy that owns everything is equal to the original.
    assert_eq!(a.clone().into_owned(), a);
}
