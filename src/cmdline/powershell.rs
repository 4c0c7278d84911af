//! PowerShell command lines: `powershell.exe` (Windows PowerShell 5.1) and
//! `pwsh.exe` (PowerShell 7).

use super::ascii::{byte_set, skip_to, trim_whitespace};
use super::{Analysis, analyse_at, own, own_all, sub_cow};
use std::borrow::Cow;

mod encoded;

pub use encoded::decode_encoded_command;

/// Which PowerShell executable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PsExe {
    /// `powershell.exe`, Windows PowerShell 5.1 (present on every Windows).
    WindowsPowerShell,
    /// `pwsh.exe`, PowerShell 7 (not part of Windows).
    Pwsh,
}

/// What PowerShell is asked to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PsMode<'a> {
    /// `-Command`: the remaining arguments joined by spaces. For
    /// `powershell.exe`, a first bare argument also starts a command.
    Command(Cow<'a, str>),
    /// `-File`: the script and its arguments. For `pwsh.exe`, a first bare
    /// argument is also a script.
    File {
        /// The script path.
        script: Cow<'a, str>,
        /// The arguments passed to the script.
        args: Vec<Cow<'a, str>>,
    },
    /// `-EncodedCommand`: Base64 of UTF-16LE script text.
    EncodedCommand {
        /// The Base64 text as written.
        encoded: Cow<'a, str>,
        /// The script text, if the Base64 decodes to valid UTF-16LE.
        decoded: Option<String>,
    },
    /// Nothing to run (an interactive shell).
    None,
}

/// A PowerShell command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PowerShellCall<'a> {
    /// Which executable.
    pub exe: PsExe,
    /// What it runs.
    pub mode: PsMode<'a>,
    /// The `-ExecutionPolicy` value, as written.
    pub execution_policy: Option<Cow<'a, str>>,
    /// `-NoProfile` was given.
    pub no_profile: bool,
    /// `-NonInteractive` was given.
    pub non_interactive: bool,
    /// `-NoExit` was given (the shell stays open: blocks an unattended run).
    pub no_exit: bool,
    /// The `-WindowStyle` value, as written.
    pub window_style: Option<Cow<'a, str>>,
    /// Other parameters and their values, as written.
    pub other: Vec<Cow<'a, str>>,
    /// Statements of the script text (split at `;`, `|`, `&&`, `||` and line
    /// breaks outside quotes), each analysed as a command line, so native
    /// commands such as `reg add` inside PowerShell are seen.
    pub statements: Vec<Analysis<'a>>,
}

impl PsMode<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> PsMode<'static> {
        match self {
            PsMode::Command(text) => PsMode::Command(own(text)),
            PsMode::File { script, args } => PsMode::File {
                script: own(script),
                args: own_all(args),
            },
            PsMode::EncodedCommand { encoded, decoded } => PsMode::EncodedCommand {
                encoded: own(encoded),
                decoded,
            },
            PsMode::None => PsMode::None,
        }
    }
}

impl PowerShellCall<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> PowerShellCall<'static> {
        PowerShellCall {
            exe: self.exe,
            mode: self.mode.into_owned(),
            execution_policy: self.execution_policy.map(own),
            no_profile: self.no_profile,
            non_interactive: self.non_interactive,
            no_exit: self.no_exit,
            window_style: self.window_style.map(own),
            other: own_all(self.other),
            statements: self
                .statements
                .into_iter()
                .map(Analysis::into_owned)
                .collect(),
        }
    }

    /// The script text PowerShell runs: the `-Command` text or the decoded
    /// `-EncodedCommand`. `None` for `-File` (the script is not readable here).
    pub fn script_text(&self) -> Option<&str> {
        match &self.mode {
            PsMode::Command(text) => Some(text),
            PsMode::EncodedCommand { decoded, .. } => decoded.as_deref(),
            PsMode::File { .. } | PsMode::None => None,
        }
    }
}

/// Parameters of the two executables that this module tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Param {
    Command,
    File,
    EncodedCommand,
    ExecutionPolicy,
    NoProfile,
    NonInteractive,
    NoExit,
    WindowStyle,
    /// A known parameter that takes a value.
    OtherValue,
    /// A known switch without a value.
    OtherSwitch,
}

/// Parameters as (full name, shortest accepted abbreviation, meaning), in
/// the order they are tried. Like PowerShell itself, a written name matches
/// when it is a prefix of the full name and at least as long as the
/// abbreviation (`-e`, `-enc`, `-Encoded` all mean `-EncodedCommand`; `-no`
/// means nothing). Names are lower case.
const PARAMS: &[(&str, &str, Param)] = &[
    ("version", "v", Param::OtherValue),
    ("nologo", "nol", Param::OtherSwitch),
    ("noexit", "noe", Param::NoExit),
    ("sshservermode", "sshs", Param::OtherSwitch),
    ("interactive", "i", Param::OtherSwitch),
    ("login", "l", Param::OtherSwitch),
    ("noprofile", "nop", Param::NoProfile),
    ("noninteractive", "noni", Param::NonInteractive),
    ("command", "c", Param::Command),
    ("configurationname", "config", Param::OtherValue),
    ("custompipename", "cus", Param::OtherValue),
    ("file", "f", Param::File),
    ("encodedcommand", "e", Param::EncodedCommand),
    ("encodedarguments", "encodeda", Param::OtherValue),
    ("executionpolicy", "ex", Param::ExecutionPolicy),
    ("inputformat", "inp", Param::OtherValue),
    ("outputformat", "o", Param::OtherValue),
    ("windowstyle", "w", Param::WindowStyle),
    ("workingdirectory", "wo", Param::OtherValue),
    ("settingsfile", "settings", Param::OtherValue),
    ("psconsolefile", "psconsolefile", Param::OtherValue),
    ("sta", "sta", Param::OtherSwitch),
    ("mta", "mta", Param::OtherSwitch),
    ("help", "h", Param::OtherSwitch),
];

/// Documented short names that are not abbreviations of the full name.
const ALIASES: &[(&str, Param)] = &[
    ("ec", Param::EncodedCommand),
    ("ea", Param::OtherValue),
    ("ep", Param::ExecutionPolicy),
    ("if", Param::OtherValue),
    ("of", Param::OtherValue),
    ("wd", Param::OtherValue),
    ("?", Param::OtherSwitch),
];

/// Resolves a parameter name without its dash, in any letter case.
fn resolve(name: &str) -> Option<Param> {
    // A name matches only if it is a prefix of a full name (at most 17
    // letters) or an alias: a lower-case copy on the stack is compared.
    let mut buf = [0u8; 24];
    let lower = buf.get_mut(..name.len())?;
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    let lower = &*lower;
    // The aliases are one or two characters long.
    if lower.len() <= 2
        && let Some(&(_, p)) = ALIASES.iter().find(|(a, _)| a.as_bytes() == lower)
    {
        return Some(p);
    }
    // Every full name and abbreviation is lower case and not empty, and each
    // abbreviation is a prefix of its full name: a name that is a prefix of
    // the full name is accepted when it is at least as long. Only the names
    // with the right first letter are tried, in the order of the table.
    let first = lower.first()?.wrapping_sub(b'a');
    let mut candidates = *BY_FIRST_LETTER.get(usize::from(first))?;
    while candidates != 0 {
        let (full, min, p) = PARAMS[candidates.trailing_zeros() as usize];
        if lower.len() >= min.len() && full.as_bytes().starts_with(lower) {
            return Some(p);
        }
        candidates &= candidates - 1;
    }
    None
}

/// For each letter `a` to `z`, the positions in [`PARAMS`] of the full names
/// starting with it, as bits.
const BY_FIRST_LETTER: [u32; 26] = {
    let mut masks = [0u32; 26];
    let mut i = 0;
    while i < PARAMS.len() {
        masks[(PARAMS[i].0.as_bytes()[0] - b'a') as usize] |= 1 << i;
        i += 1;
    }
    masks
};

/// The parameter name of an argument written `-Name`, `--Name` or `/Name`
/// (as written, without a `:value` suffix).
fn param_name(arg: &str) -> Option<&str> {
    let body = arg
        .strip_prefix("--")
        .or_else(|| arg.strip_prefix('-'))
        .or_else(|| arg.strip_prefix('/'))?;
    let name = body
        .bytes()
        .position(|b| b == b':')
        .map_or(body, |at| &body[..at]);
    (!name.is_empty()).then_some(name)
}

/// Arguments joined by single spaces, borrowed when there is only one.
fn join_args<'a>(args: &[Cow<'a, str>]) -> Cow<'a, str> {
    match args {
        [] => Cow::Borrowed(""),
        [one] => one.clone(),
        _ => Cow::Owned(args.join(" ")),
    }
}

/// Parses PowerShell's arguments. `depth` is the nesting depth for the
/// statements inside, or `None` to leave them unanalysed.
pub(super) fn parse_powershell<'a>(
    exe: PsExe,
    args: &[Cow<'a, str>],
    depth: Option<usize>,
) -> PowerShellCall<'a> {
    let mut call = PowerShellCall {
        exe,
        mode: PsMode::None,
        execution_policy: None,
        no_profile: false,
        non_interactive: false,
        no_exit: false,
        window_style: None,
        other: Vec::new(),
        statements: Vec::new(),
    };
    let mut i = 0;
    while let Some(arg) = args.get(i) {
        let Some(param) = param_name(arg).and_then(resolve) else {
            if arg.starts_with('-') {
                call.other.push(arg.clone());
                i += 1;
                continue;
            }
            call.mode = match exe {
                PsExe::WindowsPowerShell => PsMode::Command(join_args(&args[i..])),
                PsExe::Pwsh => PsMode::File {
                    script: arg.clone(),
                    args: args[i + 1..].to_vec(),
                },
            };
            break;
        };
        let inline_at = arg.bytes().position(|b| b == b':');
        let inline = inline_at.map(|at| sub_cow(arg, at + 1, arg.len()));
        let takes_value = matches!(
            param,
            Param::EncodedCommand | Param::ExecutionPolicy | Param::WindowStyle | Param::OtherValue
        );
        let value = if takes_value && inline.is_none() {
            i += 1;
            args.get(i).cloned()
        } else {
            inline
        };
        i += 1;
        match param {
            Param::Command => {
                call.mode = PsMode::Command(join_args(args.get(i..).unwrap_or(&[])));
                break;
            }
            Param::File => {
                let rest = args.get(i..).unwrap_or(&[]);
                if let Some(script) = value {
                    call.mode = PsMode::File {
                        script,
                        args: rest.to_vec(),
                    };
                } else if let Some((script, script_args)) = rest.split_first() {
                    call.mode = PsMode::File {
                        script: script.clone(),
                        args: script_args.to_vec(),
                    };
                }
                break;
            }
            Param::EncodedCommand => {
                let encoded = value.unwrap_or_default();
                let decoded = decode_encoded_command(&encoded);
                call.mode = PsMode::EncodedCommand { encoded, decoded };
            }
            Param::ExecutionPolicy => call.execution_policy = value,
            Param::WindowStyle => call.window_style = value,
            Param::NoProfile => call.no_profile = true,
            Param::NonInteractive => call.non_interactive = true,
            Param::NoExit => call.no_exit = true,
            Param::OtherValue | Param::OtherSwitch => {
                call.other.push(arg.clone());
                if let (None, Some(v)) = (inline_at, value) {
                    call.other.push(v);
                }
            }
        }
    }
    if let Some(depth) = depth {
        call.statements = match &call.mode {
            PsMode::Command(Cow::Borrowed(text)) => analyse_statements(text, depth),
            PsMode::Command(Cow::Owned(text))
            | PsMode::EncodedCommand {
                decoded: Some(text),
                ..
            } => analyse_statements(text, depth)
                .into_iter()
                .map(Analysis::into_owned)
                .collect(),
            _ => Vec::new(),
        };
    }
    call
}

/// Each statement of PowerShell script text, analysed at `depth`.
fn analyse_statements(text: &str, depth: usize) -> Vec<Analysis<'_>> {
    let mut out = Vec::new();
    for_each_statement(text, |s| {
        let a = analyse_at(s, depth);
        if !a.program.raw.is_empty() {
            super::cmd::push_analysis(&mut out, a);
        }
    });
    out
}

/// The bytes [`split_statements`] reacts to.
static STATEMENT_SPECIAL: [bool; 256] = byte_set(b"`'\";|\n\r&");

/// Splits PowerShell script text into statements at `;`, `|`, `&&`, `||`
/// and line breaks outside `'…'` and `"…"` (a backtick escapes the next
/// character), giving each to `f` in turn. A leading call operator (`& ` or
/// `. `) is removed; blank statements are dropped.
fn for_each_statement<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    // Every byte that matters is ASCII, so offsets are character boundaries;
    // skipping one byte of a multi-byte character leaves only continuation
    // bytes, which nothing reacts to.
    let b = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut escaped = false;
    let mut skip = false;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if escaped || skip {
            escaped = false;
            skip = false;
            i += 1;
            continue;
        }
        i = skip_to(b, i, &STATEMENT_SPECIAL);
        let Some(&c) = b.get(i) else { break };
        match (quote, c) {
            (_, b'`') if quote != Some(b'\'') => escaped = true,
            (Some(q), _) if q == c => quote = None,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(c),
            (None, b';' | b'|' | b'\n' | b'\r') => {
                statement(&text[start..i], &mut f);
                start = i + 1;
            }
            (None, b'&') if b.get(i + 1) == Some(&b'&') => {
                statement(&text[start..i], &mut f);
                start = i + 2;
                skip = true;
            }
            _ => {}
        }
        i += 1;
    }
    statement(text.get(start..).unwrap_or(""), &mut f);
}

/// One piece between separators: trimmed, without a leading call operator,
/// dropped when blank.
fn statement<'t>(piece: &'t str, f: &mut impl FnMut(&'t str)) {
    let p = trim_whitespace(piece);
    let p = p
        .strip_prefix("& ")
        .or_else(|| p.strip_prefix(". "))
        .unwrap_or(p);
    let p = trim_whitespace(p);
    if !p.is_empty() {
        f(p);
    }
}

#[cfg(test)]
mod tests;
