//! Splitting a command line into the program and its arguments.
//!
//! Two different rules apply to one command line on Windows:
//!
//! - The **program** (argv\[0\]) is found the way `CreateProcess` finds it
//!   when no application name is passed: if the line starts with `"`, the
//!   program runs up to the next `"`; otherwise up to the first space or tab.
//!   Backslashes are never escapes here (a path such as `"C:\dir\"` ends at
//!   the second quote).
//! - The **arguments** follow the documented Microsoft C runtime rules
//!   (`parse_cmdline` in the 2008 and later runtimes, also what
//!   `CommandLineToArgvW` does apart from the `""` case): see [`split_args`].
//!
//! Each program may parse its own command line differently (cmd.exe does;
//! see [`super::CmdInvocation`]), so these rules describe the common case only.

use super::ascii::{byte_set, count_byte, skip_to, skip_to_low, trim_blanks_start};
use std::borrow::Cow;

/// Whether `c` separates arguments: only space and tab do.
pub(crate) fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Space and tab.
static BLANKS: [bool; 256] = byte_set(b" \t");

/// The program token at the start of a command line, as `CreateProcess`
/// resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramToken<'a> {
    /// The token as written, including any quotes.
    pub raw: &'a str,
    /// The program path with its quotes removed.
    pub path: &'a str,
    /// Whether the token was enclosed in double quotes.
    pub quoted: bool,
    /// The unquoted program looks like the first piece of a longer path with
    /// spaces, which `CreateProcess` resolves by trying the shortest
    /// candidate first (`C:\Program Files\App\setup.exe /q` tries
    /// `C:\Program` before `C:\Program Files\App\setup.exe`).
    ///
    /// Set when the token is unquoted, contains `\` or `:`, its file name has
    /// no extension, and a later blank-separated word ends with `.exe`,
    /// `.cmd`, `.bat` or `.com` before any word that starts with `/` or `-`
    /// or contains `:` or `"`.
    pub unquoted_space_ambiguity: bool,
}

/// Splits off the program token, `CreateProcess` style.
///
/// Leading spaces and tabs are skipped. Returns the token and the rest of
/// the line with its leading spaces and tabs removed. A quoted program
/// without a closing quote runs to the end of the line.
pub fn split_program(line: &str) -> (ProgramToken<'_>, &str) {
    let (mut token, rest) = program_token(line);
    if !token.quoted {
        token.unquoted_space_ambiguity = space_ambiguity(token.raw, rest);
    }
    (token, rest)
}

/// The text after the program token, as [`split_program`] gives it.
pub(crate) fn program_rest(line: &str) -> &str {
    program_token(line).1
}

/// [`split_program`] without the space-ambiguity test (always false here).
fn program_token(line: &str) -> (ProgramToken<'_>, &str) {
    let line = trim_blanks_start(line);
    if let Some(after) = line.strip_prefix('"') {
        let (path, raw_len) = match memchr::memchr(b'"', after.as_bytes()) {
            Some(end) => (&after[..end], end + 2),
            None => (after, line.len()),
        };
        let raw = line.get(..raw_len).unwrap_or(line);
        let rest = line.get(raw_len..).unwrap_or("");
        let token = ProgramToken {
            raw,
            path,
            quoted: true,
            unquoted_space_ambiguity: false,
        };
        return (token, trim_blanks_start(rest));
    }
    let end = skip_to_low(line.as_bytes(), 0, &BLANKS, b' ' + 1);
    let (raw, rest) = line.split_at(end);
    let token = ProgramToken {
        raw,
        path: raw,
        quoted: false,
        unquoted_space_ambiguity: false,
    };
    (token, trim_blanks_start(rest))
}

/// See [`ProgramToken::unquoted_space_ambiguity`].
fn space_ambiguity(first: &str, rest: &str) -> bool {
    if !first.bytes().any(|b| b == b'\\' || b == b':') {
        return false;
    }
    let file = first.rsplit(['\\', '/']).next().unwrap_or(first);
    if file.is_empty() || file.contains('.') {
        return false;
    }
    for word in rest.split(is_blank).filter(|w| !w.is_empty()) {
        if word.starts_with(['/', '-']) || word.contains([':', '"']) {
            return false;
        }
        let lower = word.to_ascii_lowercase();
        if [".exe", ".cmd", ".bat", ".com"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            return true;
        }
    }
    false
}

/// The arguments of a command line and whether a quoted region was left open.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SplitArgs<'a> {
    /// The arguments, quotes and escapes removed. An argument that is a plain
    /// slice of the input (the common case, quotes around it included)
    /// borrows it; only one whose quotes or escapes sit inside it is copied.
    pub args: Vec<Cow<'a, str>>,
    /// The text ended inside a quoted region (a missing closing quote, or a
    /// closing quote turned literal by a backslash as in `"C:\dir\"`).
    pub unterminated_quote: bool,
}

/// Splits argument text by the Microsoft C runtime rules (2008 and later).
///
/// - Spaces and tabs outside quotes separate arguments.
/// - `"` starts or ends a quoted region; it is not part of the argument.
/// - 2n backslashes followed by `"` give n backslashes and the quote then
///   starts or ends a quoted region; 2n+1 backslashes followed by `"` give
///   n backslashes and a literal `"`.
/// - Backslashes not followed by `"` are literal.
/// - Inside a quoted region `""` gives a literal `"` and the region goes on
///   (the post-2008 rule; `CommandLineToArgvW` ends the region instead).
/// - `""` on its own is an empty argument.
///
/// Apply it to the text after the program (see [`split_program`]): argv\[0\]
/// uses the simpler rule without escapes.
pub fn split_args(s: &str) -> Vec<String> {
    split_args_detailed(s)
        .args
        .into_iter()
        .map(Cow::into_owned)
        .collect()
}

/// Text assembled from pieces of one input string: while the pieces follow
/// each other in the input it stays a borrowed range, and it only becomes a
/// `String` when a gap (a skipped quote, half of a backslash run, a removed
/// redirection) sits between two pieces.
///
/// Pieces must start and end on character boundaries.
pub(super) struct Pieces<'a> {
    src: &'a str,
    start: usize,
    end: usize,
    owned: Option<String>,
}

impl<'a> Pieces<'a> {
    /// Empty text, at offset `at` of `src`.
    pub(super) fn new(src: &'a str, at: usize) -> Self {
        Pieces {
            src,
            start: at,
            end: at,
            owned: None,
        }
    }

    /// Appends `src[from..to]`.
    #[inline(always)]
    pub(super) fn push(&mut self, from: usize, to: usize) {
        if from == to {
            return;
        }
        if let Some(owned) = &mut self.owned {
            owned.push_str(&self.src[from..to]);
        } else if self.start == self.end {
            (self.start, self.end) = (from, to);
        } else if self.end == from {
            self.end = to;
        } else {
            let mut owned = String::with_capacity(self.end - self.start + to - from + 8);
            owned.push_str(&self.src[self.start..self.end]);
            owned.push_str(&self.src[from..to]);
            self.owned = Some(owned);
        }
    }

    /// The text so far.
    pub(super) fn text(&self) -> &str {
        match &self.owned {
            Some(owned) => owned,
            None => &self.src[self.start..self.end],
        }
    }

    /// Removes the last character, which must be ASCII.
    pub(super) fn pop_ascii(&mut self) {
        match &mut self.owned {
            Some(owned) => {
                owned.pop();
            }
            None => self.end = self.end.saturating_sub(1).max(self.start),
        }
    }

    /// The text, borrowed when it is one slice of the input.
    pub(super) fn finish(self) -> Cow<'a, str> {
        match self.owned {
            Some(owned) => Cow::Owned(owned),
            None => Cow::Borrowed(&self.src[self.start..self.end]),
        }
    }
}

/// The bytes [`split_args_detailed`] reacts to.
static ARG_SPECIAL: [bool; 256] = byte_set(b"\\\" \t");

/// The bytes that end a plain argument or make it more than a slice: a
/// backslash only matters before a quote.
static QUOTE_OR_BLANK: [bool; 256] = byte_set(b"\" \t");

/// Like [`split_args`], also reporting an unterminated quoted region.
pub fn split_args_detailed(s: &str) -> SplitArgs<'_> {
    let b = s.as_bytes();
    // Room for an argument every four bytes: command lines rarely have
    // more (an argument and its blank are seldom shorter), so the vector is
    // allocated once and does not grow. At most 42 (1008 bytes): glibc
    // serves blocks up to 1032 bytes from its fast per-thread cache.
    let mut out = SplitArgs {
        args: if b.is_empty() {
            Vec::new()
        } else {
            Vec::with_capacity((b.len() / 4 + 2).min(42))
        },
        unterminated_quote: false,
    };
    let mut i = 0;
    // Every byte the rules react to is ASCII, so byte offsets found here are
    // always character boundaries.
    while i < b.len() {
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        // The usual argument has no quote (its backslashes, followed by no
        // quote, are literal): it is the slice up to the next blank.
        let plain_end = skip_to_low(b, i, &QUOTE_OR_BLANK, b'"' + 1);
        if b.get(plain_end).is_none_or(|&c| c == b' ' || c == b'\t') {
            out.args.push(Cow::Borrowed(&s[i..plain_end]));
            i = plain_end;
            continue;
        }
        // The next most usual: one quoted region and nothing else, with no
        // backslash before the closing quote: the text between the quotes.
        if b[i] == b'"'
            && let Some(len) = memchr::memchr(b'"', &b[i + 1..])
        {
            let close = i + 1 + len;
            let escaped = len > 0 && b[close - 1] == b'\\';
            if !escaped && b.get(close + 1).is_none_or(|&c| c == b' ' || c == b'\t') {
                out.args.push(Cow::Borrowed(&s[i + 1..close]));
                i = close + 1;
                continue;
            }
        }
        let mut arg = Pieces::new(s, i);
        let mut in_quotes = false;
        while i < b.len() {
            match b[i] {
                b'\\' => {
                    let start = i;
                    while i < b.len() && b[i] == b'\\' {
                        i += 1;
                    }
                    let count = i - start;
                    if i < b.len() && b[i] == b'"' {
                        arg.push(start, start + count / 2);
                        if count % 2 == 1 {
                            arg.push(i, i + 1);
                            i += 1;
                        }
                    } else {
                        arg.push(start, i);
                    }
                }
                b'"' => {
                    if in_quotes && b.get(i + 1) == Some(&b'"') {
                        arg.push(i + 1, i + 2);
                        i += 2;
                    } else {
                        in_quotes = !in_quotes;
                        i += 1;
                    }
                }
                b' ' | b'\t' if !in_quotes => break,
                _ => {
                    let start = i;
                    i = skip_to(b, i + 1, &ARG_SPECIAL);
                    arg.push(start, i);
                }
            }
        }
        out.unterminated_quote |= in_quotes;
        out.args.push(arg.finish());
    }
    out
}

/// Splits a whole command line: argv\[0\] by the program rule of
/// [`split_program`], the rest by [`split_args`]. An empty or blank line
/// gives no arguments at all.
pub fn split_command_line(line: &str) -> Vec<String> {
    let (program, rest) = split_program(line);
    if program.raw.is_empty() {
        return Vec::new();
    }
    let mut argv = vec![program.path.to_string()];
    argv.extend(
        split_args_detailed(rest)
            .args
            .into_iter()
            .map(Cow::into_owned),
    );
    argv
}

/// Whether the line holds an even number of `"` characters.
///
/// This is cmd.exe's view (it knows no backslash escapes). For the C
/// runtime's view, see [`SplitArgs::unterminated_quote`].
pub fn quotes_balanced(line: &str) -> bool {
    count_byte(line.as_bytes(), b'"').is_multiple_of(2)
}
