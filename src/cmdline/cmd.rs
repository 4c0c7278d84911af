//! cmd.exe: its switches, its outer-quote rule, its built-ins and its
//! command separators.

use super::ascii::{byte_set, count_byte, skip_to, trim_blanks, trim_blanks_start};
use super::split::{Pieces, is_blank};
use super::{Analysis, analyse_text, own, own_all};
use std::borrow::Cow;

/// The switch that makes cmd.exe run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmdSwitch {
    /// `/C`: run the command, then exit.
    C,
    /// `/K`: run the command, then stay open (blocks an unattended run).
    K,
}

/// A cmd.exe command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmdInvocation<'a> {
    /// `/C` or `/K`, if present (without either cmd.exe stays interactive).
    pub switch: Option<CmdSwitch>,
    /// `/S` was given before `/C` or `/K`.
    pub s_switch: bool,
    /// Other switches before `/C` or `/K`, as written (`/q`, `/d`, `/v:on`).
    pub switches: Vec<Cow<'a, str>>,
    /// The raw text after `/C` or `/K`, leading blanks removed (after
    /// anything that is not a switch when there is no `/C` or `/K`).
    pub rest: Cow<'a, str>,
    /// cmd.exe removes the outer quotes of [`CmdInvocation::rest`]; see
    /// [`cmd_outer_quotes_stripped`] (always true with `/S` and a leading
    /// quote).
    pub outer_quotes_stripped: bool,
    /// The command text cmd.exe runs, after quote stripping.
    pub command: Cow<'a, str>,
    /// Each command of [`CmdInvocation::command`] (split at `&`, `&&`, `|`,
    /// `||`, redirections removed), analysed in turn.
    pub commands: Vec<Analysis<'a>>,
}

impl CmdInvocation<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> CmdInvocation<'static> {
        CmdInvocation {
            switch: self.switch,
            s_switch: self.s_switch,
            switches: own_all(self.switches),
            rest: own(self.rest),
            outer_quotes_stripped: self.outer_quotes_stripped,
            command: own(self.command),
            commands: self
                .commands
                .into_iter()
                .map(Analysis::into_owned)
                .collect(),
        }
    }
}

/// Parses what follows `cmd.exe` on a command line. `depth` is the nesting
/// depth for the commands inside, or `None` to leave them unanalysed.
pub(super) fn parse_cmd(rest: &str, depth: Option<usize>) -> CmdInvocation<'_> {
    let mut switch = None;
    let mut s_switch = false;
    let mut switches = Vec::new();
    let mut text = trim_blanks_start(rest);
    while let Some(after) = text.strip_prefix('/') {
        let end = after
            .find(|c: char| is_blank(c) || c == '/' || c == '"')
            .unwrap_or(after.len());
        let (body, tail) = after.split_at(end);
        match body.chars().next().map(|c| c.to_ascii_lowercase()) {
            Some(letter @ ('c' | 'k')) => {
                switch = Some(if letter == 'c' {
                    CmdSwitch::C
                } else {
                    CmdSwitch::K
                });
                text = trim_blanks_start(after.get(1..).unwrap_or(""));
                break;
            }
            Some('s') if body.len() == 1 => s_switch = true,
            // The switch with its slash, as written.
            _ => switches.push(Cow::Borrowed(&text[..1 + end])),
        }
        text = trim_blanks_start(tail);
    }
    let outer_quotes_stripped =
        text.starts_with('"') && (s_switch || cmd_outer_quotes_stripped(text));
    let command = if outer_quotes_stripped {
        strip_outer_quotes(text)
    } else {
        Cow::Borrowed(text)
    };
    let commands = match (switch, depth) {
        (Some(_), Some(depth)) => match &command {
            Cow::Borrowed(t) => analyse_segments(t, depth),
            Cow::Owned(t) => analyse_segments(t, depth)
                .into_iter()
                .map(Analysis::into_owned)
                .collect(),
        },
        _ => Vec::new(),
    };
    CmdInvocation {
        switch,
        s_switch,
        switches,
        rest: Cow::Borrowed(text),
        outer_quotes_stripped,
        command,
        commands,
    }
}

/// Each command of cmd.exe command text, analysed at `depth`.
fn analyse_segments(command: &str, depth: usize) -> Vec<Analysis<'_>> {
    let mut out = Vec::new();
    for_each_cmd_segment(command, |segment| {
        let a = analyse_text(strip_redirections(segment), depth);
        if !a.program.raw.is_empty() {
            push_analysis(&mut out, a);
        }
    });
    out
}

/// Appends `a`, making room for two at first: a vector's first growth
/// makes room for four, over a kilobyte for analyses, which the allocator
/// serves and frees more slowly than smaller blocks.
pub(super) fn push_analysis<'a>(out: &mut Vec<Analysis<'a>>, a: Analysis<'a>) {
    if out.capacity() == 0 {
        out.reserve_exact(2);
    }
    out.push(a);
}

/// Whether cmd.exe (without `/S`) removes the outer quotes of the text after
/// `/C` or `/K`.
///
/// cmd.exe keeps the quotes only when all of these hold: no `/S`, exactly
/// two `"` in the text, none of `&<>()@^|` between them, at least one
/// whitespace between them, and the quoted text names an executable file.
/// The last condition needs the file system, so it is assumed to hold.
/// Returns false when the text does not start with `"` (nothing to strip).
pub fn cmd_outer_quotes_stripped(rest_after_c: &str) -> bool {
    let text = trim_blanks_start(rest_after_c);
    let Some(after) = text.strip_prefix('"') else {
        return false;
    };
    if count_byte(text.as_bytes(), b'"') != 2 {
        return true;
    }
    let between = memchr::memchr(b'"', after.as_bytes()).map_or(after, |end| &after[..end]);
    between.contains(['&', '<', '>', '(', ')', '@', '^', '|'])
        || !between.contains(char::is_whitespace)
}

/// Removes the first character (a quote) and the last `"`, keeping any text
/// after that last quote, as cmd.exe does.
fn strip_outer_quotes(text: &str) -> Cow<'_, str> {
    let inner = text.strip_prefix('"').unwrap_or(text);
    match inner.rfind('"') {
        Some(last) if last + 1 == inner.len() => Cow::Borrowed(&inner[..last]),
        Some(last) => Cow::Owned(format!("{}{}", &inner[..last], &inner[last + 1..])),
        None => Cow::Borrowed(inner),
    }
}

/// The bytes [`split_cmd_segments`] reacts to.
static SEGMENT_SPECIAL: [bool; 256] = byte_set(b"\"^&|");

/// Splits cmd.exe command text at `&`, `&&`, `|` and `||` outside double
/// quotes (a `^` escapes the next character). Blank pieces are dropped.
pub fn split_cmd_segments(text: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    for_each_cmd_segment(text, |segment| segments.push(segment));
    segments
}

/// [`split_cmd_segments`], giving each segment to `f` in turn.
fn for_each_cmd_segment<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    // Every byte that matters is ASCII, so offsets are character boundaries.
    let b = text.as_bytes();
    let mut escaped = false;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if !escaped {
            i = skip_to(b, i, &SEGMENT_SPECIAL);
            if i == b.len() {
                break;
            }
        }
        let c = b[i];
        let before = i.checked_sub(1).map(|p| b[p]);
        if escaped {
            escaped = false;
            i += 1;
            continue;
        }
        match c {
            // Inside double quotes nothing but the closing quote counts: go
            // on after it (a quote left open runs to the end).
            b'"' => match memchr::memchr(b'"', &b[i + 1..]) {
                Some(len) => i += 1 + len,
                None => break,
            },
            b'^' => escaped = true,
            // `>&1` and `<&0` duplicate handles: part of a redirection.
            b'&' if before == Some(b'>') || before == Some(b'<') => {}
            b'&' | b'|' => {
                piece(&text[start..i], &mut f);
                start = i + 1;
                if b.get(i + 1) == Some(&c) {
                    // The doubled operator: its second character is skipped.
                    i += 1;
                    start = i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    piece(text.get(start..).unwrap_or(""), &mut f);
}

/// One piece between separators: blanks trimmed, blank pieces dropped.
fn piece<'t>(text: &'t str, f: &mut impl FnMut(&'t str)) {
    let text = trim_blanks(text);
    if !text.is_empty() {
        f(text);
    }
}

/// Removes redirections (`>f`, `>>f`, `2>f`, `<f`, `2>&1`) outside quotes,
/// a leading `@` and surrounding parentheses from one cmd.exe command.
fn strip_redirections(segment: &str) -> Cow<'_, str> {
    let b = segment.as_bytes();
    if memchr::memchr2(b'>', b'<', b).is_none() {
        return Cow::Borrowed(trim_command(segment));
    }
    // What is kept, as pieces of the segment: a redirection at the end (the
    // usual case) leaves one slice, so nothing is copied.
    let mut out = Pieces::new(segment, 0);
    let mut in_quotes = false;
    let blank = |c: u8| c == b' ' || c == b'\t';
    let mut i = 0;
    // Every byte looked at is ASCII, so offsets are character boundaries.
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            in_quotes = !in_quotes;
        }
        if in_quotes || (c != b'>' && c != b'<') {
            let start = i;
            i += 1;
            while i < b.len() && !matches!(b[i], b'"' | b'>' | b'<') {
                i += 1;
            }
            out.push(start, i);
            continue;
        }
        i += 1;
        // A handle number written just before the operator belongs to it.
        let kept = out.text().as_bytes();
        if kept.last().is_some_and(u8::is_ascii_digit)
            && (kept.len() == 1 || blank(kept[kept.len() - 2]))
        {
            out.pop_ascii();
        }
        if c == b'>' && b.get(i) == Some(&b'>') {
            i += 1;
        }
        if b.get(i) == Some(&b'&') {
            i += 1;
            if b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            continue;
        }
        while i < b.len() && blank(b[i]) {
            i += 1;
        }
        let mut target_quoted = false;
        while i < b.len() {
            let t = b[i];
            if t == b'"' {
                target_quoted = !target_quoted;
            } else if !target_quoted && (blank(t) || t == b'>' || t == b'<') {
                break;
            }
            i += 1;
        }
    }
    match out.finish() {
        Cow::Borrowed(kept) => Cow::Borrowed(trim_command(kept)),
        Cow::Owned(kept) => Cow::Owned(trim_command(&kept).to_string()),
    }
}

/// Blanks, a leading `@` and surrounding parentheses removed.
fn trim_command(text: &str) -> &str {
    let trimmed = trim_blanks(text);
    let trimmed = trimmed.trim_start_matches(['@', '(']).trim_end_matches(')');
    trim_blanks(trimmed)
}

/// cmd.exe built-in commands: these are not programs, so a command line
/// naming one of them only works through `cmd /c`.
pub const CMD_BUILTINS: &[&str] = &[
    "assoc", "break", "call", "cd", "chdir", "cls", "color", "copy", "del", "dir", "echo",
    "endlocal", "erase", "exit", "for", "ftype", "goto", "if", "md", "mkdir", "mklink", "move",
    "path", "pause", "popd", "prompt", "pushd", "rd", "ren", "rename", "rmdir", "set", "setlocal",
    "shift", "start", "title", "type", "ver", "verify", "vol",
];

/// A word of at most 8 bytes as a number, lower case, padded with zeros:
/// the numbers of words of letters sort as the words do.
const fn word_key(word: &[u8]) -> u64 {
    let mut key = [0u8; 8];
    let mut i = 0;
    while i < word.len() && i < 8 {
        key[i] = word[i].to_ascii_lowercase();
        i += 1;
    }
    u64::from_be_bytes(key)
}

/// [`CMD_BUILTINS`] as [`word_key`]s, in the same (sorted) order.
const BUILTIN_KEYS: [u64; CMD_BUILTINS.len()] = {
    let mut keys = [0; CMD_BUILTINS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = word_key(CMD_BUILTINS[i].as_bytes());
        i += 1;
    }
    keys
};

/// The built-in a program token names, if any: `echo`, `ECHO`, `echo.`,
/// `cd..` all name a built-in; a token with a directory or an executable
/// extension (`echo.exe`) does not.
pub fn cmd_builtin(program: &str) -> Option<&'static str> {
    let letters = program
        .bytes()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(program.len());
    let (word, tail) = program.split_at(letters);
    // Every built-in is a lower-case word of 2 to 8 letters: the word, lower
    // case, is looked up as a number among the sorted keys.
    if !(2..=8).contains(&word.len()) {
        return None;
    }
    let found = BUILTIN_KEYS
        .binary_search(&word_key(word.as_bytes()))
        .ok()?;
    let tail_ok = tail.is_empty()
        || (tail.starts_with(['.', ':', '(', ';', ',', '='])
            && ![".exe", ".com", ".bat", ".cmd"]
                .iter()
                .any(|e| tail.eq_ignore_ascii_case(e)));
    if !tail_ok || tail.bytes().any(|b| b == b'\\' || b == b'/') {
        return None;
    }
    Some(CMD_BUILTINS[found])
}

/// The command run by `start` or `call`: for `start`, a leading quoted
/// title and `/switches` are skipped.
pub(super) fn launched_command<'a>(builtin: &str, rest: &'a str) -> Option<&'a str> {
    let mut text = trim_blanks_start(rest);
    if builtin == "start" {
        if let Some(after) = text.strip_prefix('"') {
            let end = after.find('"').map_or(after.len(), |e| e + 1);
            text = trim_blanks_start(after.get(end..).unwrap_or(""));
        }
        while text.starts_with('/') {
            let end = text.find(is_blank).unwrap_or(text.len());
            text = trim_blanks_start(text.get(end..).unwrap_or(""));
        }
    }
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests;
