//! File text is untrusted: control characters, escape sequences and bidi
//! overrides are shown escaped instead of being sent to the terminal.

use std::borrow::Cow;
use std::fmt::Write;

/// True for characters that must not reach the terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{061c}' | '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// The text with every unsafe character written as an escape: `\x1b`, `\t`,
/// `\u{202e}`. Borrows when there is nothing to escape.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One line of raw XML for display: tabs become spaces, the rest as [`sanitize`].
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    let s = s.trim_end_matches('\r');
    if s.contains('\t') {
        Cow::Owned(sanitize(&s.replace('\t', "    ")).into_owned())
    } else {
        sanitize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(sanitize("plain"), Cow::Borrowed("plain"));
        assert_eq!(sanitize("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(sanitize("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize("t\tn\n"), "t\\tn\\n");
        assert_eq!(sanitize("\u{9b}"), "\\x9b");
        assert_eq!(sanitize_line("\tx\r"), "    x");
    }
}
