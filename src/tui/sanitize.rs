//! File text is untrusted: control characters, escape sequences and bidi
//! overrides are shown escaped instead of being sent to the terminal.

use std::borrow::Cow;

pub use crate::text::is_unsafe_for_terminal as is_unsafe;

/// The text with every unsafe character, tab included, written as an escape:
/// `\x1b`, `\t`, `\u{202e}` (the core's [`crate::text::sanitize_with`]).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    crate::text::sanitize_with(s, false)
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
