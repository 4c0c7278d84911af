//! How Windows will run a command line from an answer file.
//!
//! Pure text analysis, no I/O: the program is found the way `CreateProcess`
//! finds it, arguments are split by the Microsoft C runtime rules, and a few
//! well-known programs (cmd.exe, PowerShell, reg.exe, msiexec.exe, script
//! hosts) are looked at more closely. Commands nested inside `cmd /c`,
//! `start`, `call` and PowerShell `-Command` text are analysed too, to a
//! bounded depth, so checks such as [`writes_hkcu`] see them.
//!
//! The input is the command text after XML unescaping (`&gt;` already `>`).
//! Every function accepts any string without panicking.

pub(crate) mod ascii;
mod checks;
mod cmd;
mod explain;
mod powershell;
mod split;
mod tools;

#[cfg(test)]
mod tests;

pub use checks::{
    ShellSyntaxHit, ShellSyntaxKind, find_shell_operator, is_installer_without_silent,
    mentions_drive, ps1_run_directly, sets_execution_policy, shell_syntax, shell_syntax_in,
    shuts_down, writes_hkcu,
};
pub(crate) use checks::{
    installer_without_silent_here, sets_execution_policy_here, shell_syntax_of, shuts_down_here,
    writes_hkcu_here,
};
pub use cmd::{
    CMD_BUILTINS, CmdInvocation, CmdSwitch, cmd_builtin, cmd_outer_quotes_stripped,
    split_cmd_segments,
};
pub use explain::{ARG_CLOSE, ARG_OPEN, breakdown, context_label, explain, timing_label};
pub use powershell::{PowerShellCall, PsExe, PsMode, decode_encoded_command};
pub use split::{
    ProgramToken, SplitArgs, quotes_balanced, split_args, split_args_detailed, split_command_line,
    split_program,
};
pub use tools::{MsiAction, MsiexecCall, RegCall, RegOp};

/// How deep nested commands (`cmd /c cmd /c …`) are analysed.
const MAX_DEPTH: usize = 6;

use std::borrow::Cow;

/// The program of a command line, as written and normalised.
///
/// Text fields borrow the analysed line where they can ([`Analysis::into_owned`]
/// gives a copy that does not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program<'a> {
    /// The token as written, including quotes.
    pub raw: Cow<'a, str>,
    /// The path with quotes removed, environment variables unexpanded.
    pub path: Cow<'a, str>,
    /// Lower-case file name without directory (`cmd.exe`, `reg`).
    /// `%ComSpec%` is normalised to `cmd.exe`.
    pub name: Cow<'a, str>,
    /// [`Program::name`] without its extension (`cmd`).
    pub stem: Cow<'a, str>,
    /// Lower-case extension without the dot, if any (`exe`).
    pub ext: Option<Cow<'a, str>>,
    /// The token was enclosed in double quotes.
    pub quoted: bool,
    /// See [`ProgramToken::unquoted_space_ambiguity`].
    pub unquoted_space_ambiguity: bool,
}

/// `text` in ASCII lower case, borrowed when it already is.
pub(crate) fn ascii_lower(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// `text[from..to]`, borrowed when `text` is.
pub(crate) fn sub_cow<'a>(text: &Cow<'a, str>, from: usize, to: usize) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(t) => Cow::Borrowed(&t[from..to]),
        Cow::Owned(t) => Cow::Owned(t[from..to].to_string()),
    }
}

/// An owned copy that no longer borrows anything.
pub(crate) fn own(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// [`own`] for each of `texts`.
pub(crate) fn own_all(texts: Vec<Cow<'_, str>>) -> Vec<Cow<'static, str>> {
    texts.into_iter().map(own).collect()
}

impl<'a> Program<'a> {
    /// Builds the normalised program from a token.
    fn from_token(token: &ProgramToken<'a>) -> Self {
        let path = token.path;
        let is_comspec = path.eq_ignore_ascii_case("%comspec%");
        // One backward pass over the file name (after the last separator):
        // where it starts, and whether it has an upper-case letter.
        let b = path.as_bytes();
        let mut start = b.len();
        let mut upper = false;
        while start > 0 && !matches!(b[start - 1], b'\\' | b'/') {
            upper |= b[start - 1].is_ascii_uppercase();
            start -= 1;
        }
        // Separators are ASCII: `start` is a character boundary.
        let file = &path[start..];
        let name = if is_comspec {
            Cow::Borrowed("cmd.exe")
        } else if upper {
            Cow::Owned(file.to_ascii_lowercase())
        } else {
            Cow::Borrowed(file)
        };
        let (stem, ext) = match name.bytes().rposition(|b| b == b'.') {
            // A dot that is neither the first nor the last character.
            Some(dot) if dot > 0 && dot + 1 < name.len() => (
                sub_cow(&name, 0, dot),
                Some(sub_cow(&name, dot + 1, name.len())),
            ),
            _ => (name.clone(), None),
        };
        Program {
            raw: Cow::Borrowed(token.raw),
            path: Cow::Borrowed(path),
            name,
            stem,
            ext,
            quoted: token.quoted,
            unquoted_space_ambiguity: token.unquoted_space_ambiguity,
        }
    }

    /// Whether this is the executable `stem` (`stem`, `stem.exe`, any
    /// directory, any letter case).
    pub fn is_exe(&self, stem: &str) -> bool {
        self.stem.eq_ignore_ascii_case(stem) && self.ext.as_deref().is_none_or(|e| e == "exe")
    }

    /// Whether the program token has a directory part.
    pub fn has_directory(&self) -> bool {
        self.path.contains(['\\', '/', ':'])
    }

    /// A copy that borrows nothing.
    pub fn into_owned(self) -> Program<'static> {
        Program {
            raw: own(self.raw),
            path: own(self.path),
            name: own(self.name),
            stem: own(self.stem),
            ext: self.ext.map(own),
            quoted: self.quoted,
            unquoted_space_ambiguity: self.unquoted_space_ambiguity,
        }
    }
}

/// A script type that Windows runs through a file association.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptExt {
    /// `.cmd` batch file.
    Cmd,
    /// `.bat` batch file.
    Bat,
    /// `.ps1` PowerShell script (opens in Notepad by default, never runs).
    Ps1,
    /// `.vbs` VBScript.
    Vbs,
    /// `.js` JScript.
    Js,
    /// `.wsf` Windows Script File.
    Wsf,
}

impl ScriptExt {
    /// The script type for a lower-case extension.
    fn from_ext(ext: &str) -> Option<Self> {
        Some(match ext {
            "cmd" => ScriptExt::Cmd,
            "bat" => ScriptExt::Bat,
            "ps1" => ScriptExt::Ps1,
            "vbs" => ScriptExt::Vbs,
            "js" => ScriptExt::Js,
            "wsf" => ScriptExt::Wsf,
            _ => return None,
        })
    }
}

/// Which Windows Script Host runs a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptHost {
    /// `cscript.exe`, console host.
    Cscript,
    /// `wscript.exe`, windowed host.
    Wscript,
}

/// What kind of program a command line runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgramKind<'a> {
    /// cmd.exe (also `%ComSpec%`).
    Cmd(CmdInvocation<'a>),
    /// Windows PowerShell or PowerShell 7.
    PowerShell(PowerShellCall<'a>),
    /// reg.exe.
    Reg(RegCall<'a>),
    /// msiexec.exe.
    Msiexec(MsiexecCall<'a>),
    /// A script file given as the program.
    Script {
        /// Its type.
        ext: ScriptExt,
    },
    /// cscript.exe or wscript.exe.
    ScriptHost {
        /// Which host.
        host: ScriptHost,
        /// The first argument not starting with `//`.
        script: Option<Cow<'a, str>>,
    },
    /// A cmd.exe built-in used as the program (only cmd.exe can run it).
    Builtin {
        /// The lower-case built-in name (`echo`, `start`).
        name: &'static str,
        /// For `start` and `call`: the command they run.
        inner: Option<Box<Analysis<'a>>>,
    },
    /// Anything else.
    Other,
}

impl ProgramKind<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> ProgramKind<'static> {
        match self {
            ProgramKind::Cmd(c) => ProgramKind::Cmd(c.into_owned()),
            ProgramKind::PowerShell(p) => ProgramKind::PowerShell(p.into_owned()),
            ProgramKind::Reg(r) => ProgramKind::Reg(r.into_owned()),
            ProgramKind::Msiexec(m) => ProgramKind::Msiexec(m.into_owned()),
            ProgramKind::Script { ext } => ProgramKind::Script { ext },
            ProgramKind::ScriptHost { host, script } => ProgramKind::ScriptHost {
                host,
                script: script.map(own),
            },
            ProgramKind::Builtin { name, inner } => ProgramKind::Builtin {
                name,
                inner: inner.map(|a| Box::new(a.into_owned())),
            },
            ProgramKind::Other => ProgramKind::Other,
        }
    }
}

/// Everything known about one command line.
///
/// Text borrows the analysed line where it can; nested commands whose text
/// had to be rebuilt (quotes stripped, redirections removed, arguments
/// joined) own theirs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis<'a> {
    /// The program.
    pub program: Program<'a>,
    /// The raw text after the program, leading blanks removed.
    pub rest: Cow<'a, str>,
    /// The arguments after the program, split by [`split_args`].
    pub args: Vec<Cow<'a, str>>,
    /// The arguments ended inside an open quoted region.
    pub unterminated_quote: bool,
    /// What the program is.
    pub kind: ProgramKind<'a>,
}

/// Analyses one command line (already XML-unescaped).
pub fn analyse(line: &str) -> Analysis<'_> {
    analyse_at(line, 0)
}

/// [`analyse`] at a nesting depth; nested commands stop at [`MAX_DEPTH`].
fn analyse_at(line: &str, depth: usize) -> Analysis<'_> {
    let (token, rest) = split_program(line);
    let program = Program::from_token(&token);
    let split = split_args_detailed(rest);
    let kind = classify(&program, rest, &split.args, depth);
    Analysis {
        program,
        rest: Cow::Borrowed(rest),
        args: split.args,
        unterminated_quote: split.unterminated_quote,
        kind,
    }
}

/// [`analyse_at`] of text that is either borrowed for `'a` or built here.
fn analyse_text(text: Cow<'_, str>, depth: usize) -> Analysis<'_> {
    match text {
        Cow::Borrowed(t) => analyse_at(t, depth),
        Cow::Owned(t) => analyse_at(&t, depth).into_owned(),
    }
}

/// Whether `stem` is exactly `want` (a comparison of fixed-size arrays,
/// which compiles to a few integer compares rather than a `memcmp` call).
#[inline]
fn stem_is<const N: usize>(stem: &str, want: &[u8; N]) -> bool {
    <&[u8; N]>::try_from(stem.as_bytes()).is_ok_and(|s| s == want)
}

/// Decides the [`ProgramKind`].
fn classify<'a>(
    program: &Program<'a>,
    rest: &'a str,
    args: &[Cow<'a, str>],
    depth: usize,
) -> ProgramKind<'a> {
    let nested = depth < MAX_DEPTH;
    // `stem` is lower case: plain comparisons do what `is_exe` would.
    if program.ext.as_deref().is_none_or(|e| e == "exe") {
        let stem = &*program.stem;
        if stem_is(stem, b"cmd") {
            return ProgramKind::Cmd(cmd::parse_cmd(rest, nested.then_some(depth + 1)));
        }
        let pwsh = stem_is(stem, b"pwsh");
        if pwsh || stem_is(stem, b"powershell") {
            let exe = if pwsh {
                PsExe::Pwsh
            } else {
                PsExe::WindowsPowerShell
            };
            let call = powershell::parse_powershell(exe, args, nested.then_some(depth + 1));
            return ProgramKind::PowerShell(call);
        }
        if stem_is(stem, b"reg") {
            return ProgramKind::Reg(tools::parse_reg(args));
        }
        if stem_is(stem, b"msiexec") {
            return ProgramKind::Msiexec(tools::parse_msiexec(args));
        }
        let cscript = stem_is(stem, b"cscript");
        if cscript || stem_is(stem, b"wscript") {
            let host = if cscript {
                ScriptHost::Cscript
            } else {
                ScriptHost::Wscript
            };
            let script = args.iter().find(|a| !a.starts_with("//")).cloned();
            return ProgramKind::ScriptHost { host, script };
        }
    }
    if let Some(ext) = program.ext.as_deref().and_then(ScriptExt::from_ext) {
        return ProgramKind::Script { ext };
    }
    if !program.quoted
        && let Some(name) = cmd_builtin(&program.path)
    {
        let inner = match name {
            "start" | "call" if nested => {
                cmd::launched_command(name, rest).map(|text| Box::new(analyse_at(text, depth + 1)))
            }
            _ => None,
        };
        return ProgramKind::Builtin { name, inner };
    }
    ProgramKind::Other
}

impl<'a> Analysis<'a> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> Analysis<'static> {
        Analysis {
            program: self.program.into_owned(),
            rest: own(self.rest),
            args: own_all(self.args),
            unterminated_quote: self.unterminated_quote,
            kind: self.kind.into_owned(),
        }
    }

    /// The commands nested directly inside this one (the commands after
    /// `cmd /c`, PowerShell statements, the target of `start`/`call`).
    pub fn children(&self) -> &[Analysis<'a>] {
        match &self.kind {
            ProgramKind::Cmd(c) => &c.commands,
            ProgramKind::PowerShell(p) => &p.statements,
            ProgramKind::Builtin {
                inner: Some(inner), ..
            } => std::slice::from_ref(inner.as_ref()),
            _ => &[],
        }
    }

    /// Whether `pred` holds for this command or any nested one.
    pub fn any(&self, pred: &mut dyn FnMut(&Analysis<'a>) -> bool) -> bool {
        pred(self) || self.children().iter().any(|c| c.any(pred))
    }

    /// The first value `f` gives for this command or a nested one
    /// (depth first, outer command first).
    pub fn find_map<T>(&self, f: &mut dyn FnMut(&Analysis<'a>) -> Option<T>) -> Option<T> {
        if let Some(found) = f(self) {
            return Some(found);
        }
        self.children().iter().find_map(|c| c.find_map(f))
    }
}
