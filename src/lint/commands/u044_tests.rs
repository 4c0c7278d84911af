//! U044's search for an unquoted program path with spaces, against the
//! search it replaced (each extension in turn at every dot).

use super::unquoted_spaced_program;
use crate::cmdline::ascii::starts_with_ci;
use proptest::prelude::*;

/// The search as first written.
fn plain(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    if line.starts_with('"') || !bytes.contains(&b' ') {
        return None;
    }
    let dots: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b'.').collect();
    for ext in [".exe", ".cmd", ".bat", ".com", ".msi", ".ps1", ".vbs"] {
        for &at in &dots {
            if !starts_with_ci(&line[at..], ext) {
                continue;
            }
            let end = at + ext.len();
            let at_boundary = line[end..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '"');
            if at_boundary {
                let prog = &line[..end];
                let first = prog.split(' ').next().unwrap_or("");
                let looks_path = first.contains(['\\', ':']) || first.starts_with('%');
                let has = |pair: &[u8]| prog.as_bytes().windows(2).any(|w| w == pair);
                return (prog.contains(' ') && looks_path && !has(b" /") && !has(b" -"))
                    .then_some(prog);
            }
        }
    }
    None
}

#[test]
fn examples() {
    for (line, want) in [
        (
            r"C:\Program Files\App\setup.exe /q",
            Some(r"C:\Program Files\App\setup.exe"),
        ),
        (r"C:\My Tools\a.CMD", Some(r"C:\My Tools\a.CMD")),
        (r"C:\a b\x.msi.exe y", Some(r"C:\a b\x.msi.exe")),
        (r"C:\a b\x.cmdx c.bat", Some(r"C:\a b\x.cmdx c.bat")),
        (r#""C:\a b\x.exe""#, None),
        (r"C:\a b\x.exe\u{1}", None),
        ("x.exe", None),
        (r"C:\a b\x.e", None),
        (r"C:\a b /x.exe", None),
    ] {
        assert_eq!(unquoted_spaced_program(line), want, "{line}");
        assert_eq!(plain(line), want, "{line}");
    }
}

proptest! {
    #[test]
    fn agrees_with_the_plain_search(
        line in r#"([ \\:%/"\-é\t]|\.(exe|EXE|Cmd|bat|com|msi|ps1|PS1|vbs|ex|ps)|C:|x|y)*"#
    ) {
        prop_assert_eq!(unquoted_spaced_program(&line), plain(&line));
    }
}
