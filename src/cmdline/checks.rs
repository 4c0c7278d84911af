//! Questions the lint rules ask about a command line.
//!
//! The checks taking an [`Analysis`] also look at nested commands (after
//! `cmd /c`, inside PowerShell `-Command` text, after `start`/`call`).

use super::ascii::{
    Needle, byte_set, contains_needle, ends_with_ci, find_needle, skip_to, starts_with_ci,
    trim_blanks_start,
};
use super::split::is_blank;
use super::split::program_rest;
use super::{Analysis, ProgramKind, PsMode, RegOp, ScriptExt, analyse};

/// What [`shell_syntax`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellSyntaxKind {
    /// An operator only a shell understands (`&&`, `|`, `>`…).
    Operator,
    /// A cmd.exe built-in used as the program (`echo`, `start`…).
    Builtin,
}

/// Shell syntax in a command line that no shell will read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellSyntaxHit {
    /// Operator or built-in.
    pub kind: ShellSyntaxKind,
    /// The operator or the built-in's name as written.
    pub text: String,
    /// Byte offset of the hit in the line.
    pub offset: usize,
}

/// Finds the first shell operator outside double quotes: `2>&1` (at the
/// start of a word), `&&`, `||`, `>>`, `&`, `|`, `>`, `<`. Returns its byte
/// offset and the operator.
pub fn find_shell_operator(text: &str) -> Option<(usize, &'static str)> {
    // Every byte that matters is ASCII, so offsets are character boundaries.
    let b = text.as_bytes();
    // Every operator has one of these bytes (`2>&1` too): without any, the
    // byte-by-byte walk below is not needed.
    if memchr::memchr3(b'&', b'|', b'<', b).is_none() && memchr::memchr(b'>', b).is_none() {
        return None;
    }
    let mut i = 0;
    loop {
        i = skip_to(b, i, &OPERATOR_START);
        let &c = b.get(i)?;
        let doubled = b.get(i + 1) == Some(&c);
        match c {
            // Nothing counts inside quotes: go on after the closing one.
            b'"' => i += 2 + memchr::memchr(b'"', &b[i + 1..])?,
            b'2' if (i == 0 || matches!(b[i - 1], b' ' | b'\t')) && b[i..].starts_with(b"2>&1") => {
                return Some((i, "2>&1"));
            }
            b'&' => return Some((i, if doubled { "&&" } else { "&" })),
            b'|' => return Some((i, if doubled { "||" } else { "|" })),
            b'>' => return Some((i, if doubled { ">>" } else { ">" })),
            b'<' => return Some((i, "<")),
            _ => i += 1,
        }
    }
}

/// The bytes that may start a shell operator, and the quote.
static OPERATOR_START: [bool; 256] = byte_set(b"\"&|<>2");

/// Shell syntax in a line that is not run by a shell: a cmd.exe built-in as
/// the program, or a shell operator outside double quotes after the program.
///
/// Returns `None` when the program is a shell that reads the operators
/// itself: `cmd /c`/`cmd /k`, or PowerShell with `-Command` or
/// `-EncodedCommand` (or a bare command for `powershell.exe`).
pub fn shell_syntax(line: &str) -> Option<ShellSyntaxHit> {
    shell_syntax_in(line, &analyse(line))
}

/// [`shell_syntax`] with the line's [`analyse`] result already at hand (the
/// linter analyses each command once and asks several questions of it).
pub fn shell_syntax_in(line: &str, analysis: &Analysis) -> Option<ShellSyntaxHit> {
    shell_syntax_after(line, analysis, program_rest)
}

/// [`shell_syntax_in`] for an `analysis` that is [`analyse`] of `line`
/// itself (not of a copy): the text after the program is then the
/// analysis' own [`Analysis::rest`], and the line is not split again.
pub(crate) fn shell_syntax_of(line: &str, analysis: &Analysis) -> Option<ShellSyntaxHit> {
    debug_assert_eq!(&*analysis.rest, program_rest(line));
    let rest_len = analysis.rest.len();
    shell_syntax_after(line, analysis, |l| &l[l.len() - rest_len..])
}

/// [`shell_syntax_in`], with `rest_of` giving the text after the program.
fn shell_syntax_after(
    line: &str,
    analysis: &Analysis,
    rest_of: impl FnOnce(&str) -> &str,
) -> Option<ShellSyntaxHit> {
    match &analysis.kind {
        ProgramKind::Cmd(c) if c.switch.is_some() => return None,
        ProgramKind::PowerShell(p)
            if matches!(p.mode, PsMode::Command(_) | PsMode::EncodedCommand { .. }) =>
        {
            return None;
        }
        ProgramKind::Builtin { .. } => {
            return Some(ShellSyntaxHit {
                kind: ShellSyntaxKind::Builtin,
                text: analysis.program.raw.to_string(),
                offset: line.len() - trim_blanks_start(line).len(),
            });
        }
        _ => {}
    }
    let rest = rest_of(line);
    let base = line.len() - rest.len();
    find_shell_operator(rest).map(|(at, op)| ShellSyntaxHit {
        kind: ShellSyntaxKind::Operator,
        text: op.to_string(),
        offset: base + at,
    })
}

/// Whether `word` (ASCII lower case, made of letters and `-`) occurs in
/// `text`, in any ASCII case, with no letter, digit, `_` or `-` directly
/// around it.
///
/// All occurrences are tried, overlapping ones too: an occurrence that
/// overlaps an earlier one starts inside it, after one of the word's own
/// letters or dashes, so it never passes the test and the answer is the same
/// as over the non-overlapping ones only.
fn contains_word(text: &str, word: Needle) -> bool {
    let is_ident =
        |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-');
    let bytes = text.as_bytes();
    let len = word.text().len();
    find_needle(text, word).any(|at| {
        let before = at.checked_sub(1).and_then(|i| bytes.get(i));
        !is_ident(before) && !is_ident(bytes.get(at + len))
    })
}

/// The PowerShell script text of this command, as written, if it has one.
fn ps_text<'s>(a: &'s Analysis) -> Option<&'s str> {
    match &a.kind {
        ProgramKind::PowerShell(p) => p.script_text(),
        _ => None,
    }
}

/// Whether a registry key names HKEY_CURRENT_USER (`HKCU`, `HKCU\…`,
/// `HKEY_CURRENT_USER\…`, any case).
fn is_hkcu_key(key: &str) -> bool {
    let key = key.trim_start_matches('\\');
    ["HKCU", "HKEY_CURRENT_USER"].iter().any(|hive| {
        starts_with_ci(key, hive)
            && (key.len() == hive.len() || key[hive.len()..].starts_with('\\'))
    })
}

/// Whether the command changes HKEY_CURRENT_USER, which for a command run as
/// SYSTEM (specialize, windowsPE) is the system profile's hive, not a user's.
///
/// Fires for `reg add|delete|copy|restore` on an `HKCU` /
/// `HKEY_CURRENT_USER` key and for PowerShell text that mentions `HKCU:`,
/// `Registry::HKEY_CURRENT_USER` or `[Microsoft.Win32.Registry]::CurrentUser`
/// (mentions count, reads included). Loading the default user's hive
/// (`reg load HKU\DefaultUser …`) is not HKCU.
pub fn writes_hkcu(analysis: &Analysis) -> bool {
    analysis.any(&mut writes_hkcu_here)
}

/// [`writes_hkcu`] of one command, not looking inside it.
pub(crate) fn writes_hkcu_here(a: &Analysis) -> bool {
    match &a.kind {
        ProgramKind::Reg(reg) => {
            matches!(
                reg.op,
                RegOp::Add | RegOp::Delete | RegOp::Copy | RegOp::Restore
            ) && reg.operands.iter().take(2).any(|k| is_hkcu_key(k))
        }
        _ => ps_text(a).is_some_and(|text| {
            const HKCU: [Needle; 3] = [
                Needle::new("hkcu:"),
                Needle::new("registry::hkey_current_user"),
                Needle::new("win32.registry]::currentuser"),
            ];
            // Each needle has a colon after another colon or after `cu`:
            // one look at the colons first.
            let b = text.as_bytes();
            let colon = |p: usize| {
                b.get(p + 1) == Some(&b':') || (p >= 2 && b[p - 2..p].eq_ignore_ascii_case(b"cu"))
            };
            memchr::memchr_iter(b':', b).any(colon)
                && HKCU.iter().any(|&n| contains_needle(text, n))
        }),
    }
}

/// Whether the command shuts down or restarts the machine: `shutdown` with
/// `/r`, `/s`, `/p`, `/g` or `/sg` (or `-` forms), `wpeutil reboot` or
/// `wpeutil shutdown`, PowerShell `Restart-Computer` or `Stop-Computer`.
pub fn shuts_down(analysis: &Analysis) -> bool {
    analysis.any(&mut shuts_down_here)
}

/// [`shuts_down`] of one command, not looking inside it.
pub(crate) fn shuts_down_here(a: &Analysis) -> bool {
    if a.program.is_exe("shutdown") {
        return a.args.iter().any(|arg| {
            arg.strip_prefix(['/', '-']).is_some_and(|o| {
                ["r", "s", "p", "g", "sg"]
                    .iter()
                    .any(|s| o.eq_ignore_ascii_case(s))
            })
        });
    }
    if a.program.is_exe("wpeutil") {
        return a.args.first().is_some_and(|verb| {
            verb.eq_ignore_ascii_case("reboot") || verb.eq_ignore_ascii_case("shutdown")
        });
    }
    ps_text(a).is_some_and(|text| {
        // Both words end in `-computer`: one look for that first.
        contains_needle(text, Needle::new("-computer"))
            && (contains_word(text, Needle::new("restart-computer"))
                || contains_word(text, Needle::new("stop-computer")))
    })
}

/// Registry keys (lower case, without hive) whose `ExecutionPolicy` value sets
/// the machine's policy: the PowerShell setting and its Group Policy override.
const POLICY_KEYS: [&str; 2] = [
    "\\powershell\\1\\shellids\\microsoft.powershell",
    "\\policies\\microsoft\\windows\\powershell",
];

/// Whether the command changes the machine's PowerShell execution policy:
/// `Set-ExecutionPolicy` in PowerShell text, a PowerShell
/// `Set-ItemProperty`/`New-ItemProperty` on the `ExecutionPolicy` value of
/// the `ShellIds\Microsoft.PowerShell` key or of its Group Policy key
/// `SOFTWARE\Policies\Microsoft\Windows\PowerShell`, or `reg add` of that
/// value on either key. A `-ExecutionPolicy` parameter affects one process
/// only and does not count.
pub fn sets_execution_policy(analysis: &Analysis) -> bool {
    analysis.any(&mut sets_execution_policy_here)
}

/// [`sets_execution_policy`] of one command, not looking inside it.
pub(crate) fn sets_execution_policy_here(a: &Analysis) -> bool {
    match &a.kind {
        ProgramKind::Reg(reg) => {
            // Pure conditions: the value name (usually of another length)
            // is compared before the long key paths.
            let key = || reg.key.as_deref().unwrap_or("").trim_end_matches('\\');
            reg.op == RegOp::Add
                && reg
                    .value_name
                    .as_deref()
                    .is_some_and(|v| v.eq_ignore_ascii_case("executionpolicy"))
                && POLICY_KEYS.iter().any(|k| ends_with_ci(key(), k))
        }
        _ => ps_text(a).is_some_and(|text| {
            const KEYS: [Needle; 2] = [
                Needle::new(POLICY_KEYS[0].split_at(1).1),
                Needle::new(POLICY_KEYS[1].split_at(1).1),
            ];
            // Each way to a yes needs `executionpolicy`: one look for it
            // first. The conditions are pure: the cheapest first.
            contains_needle(text, Needle::new("executionpolicy"))
                && (contains_word(text, Needle::new("set-executionpolicy"))
                    || (contains_needle(text, Needle::new("executionpolicy"))
                        && KEYS.iter().any(|&k| contains_needle(text, k))
                        && (contains_word(text, Needle::new("set-itemproperty"))
                            || contains_word(text, Needle::new("new-itemproperty")))))
        }),
    }
}

/// Whether a `.ps1` file is the program (directly, after `cmd /c`, or after
/// `start`/`call`). Windows opens `.ps1` files in Notepad or refuses them;
/// it never runs them without `powershell -File`.
pub fn ps1_run_directly(analysis: &Analysis) -> bool {
    analysis.any(&mut |a| {
        matches!(
            a.kind,
            ProgramKind::Script {
                ext: ScriptExt::Ps1
            }
        )
    })
}

/// An installer that will show UI and wait for a click, with a message.
/// Only patterns whose silent switch is documented and unambiguous:
///
/// - `msiexec` with an action (`/i`, `/x`, `/a`, `/p`, `/f…`, `/j…`,
///   `/package`, `/uninstall`, `/update`) and no quiet UI level (see
///   [`super::MsiexecCall::has_quiet`]);
/// - `wusa` with a `.msu` package or `/uninstall` but no `/quiet`
///   (wusa asks for confirmation otherwise);
/// - `choco install|upgrade|uninstall` without `-y`/`--yes`/`--confirm`
///   (Chocolatey prompts for confirmation otherwise).
///
/// `setup.exe`-style names are not flagged: their switches vary by vendor.
pub fn is_installer_without_silent(analysis: &Analysis) -> Option<String> {
    analysis.find_map(&mut installer_without_silent_here)
}

/// [`is_installer_without_silent`] of one command, not looking inside it.
pub(crate) fn installer_without_silent_here(a: &Analysis) -> Option<String> {
    if let ProgramKind::Msiexec(msi) = &a.kind
        && let (Some(switch), false) = (&msi.action_switch, msi.has_quiet)
    {
        return Some(format!(
            "msiexec {switch} without /qn, /quiet or /passive shows the installer UI and waits for input"
        ));
    }
    if a.program.is_exe("wusa") {
        let has = |want: &str| a.args.iter().any(|x| x.eq_ignore_ascii_case(want));
        let package = a.args.iter().any(|x| ends_with_ci(x, ".msu"));
        if (package || has("/uninstall")) && !has("/quiet") {
            return Some("wusa without /quiet asks for confirmation".to_string());
        }
    }
    if a.program.is_exe("choco") || a.program.is_exe("chocolatey") {
        let verb = a.args.first().map(|v| v.to_ascii_lowercase());
        let installs = matches!(verb.as_deref(), Some("install" | "upgrade" | "uninstall"));
        let confirmed = a.args.iter().any(|x| {
            let x = x.to_ascii_lowercase();
            x == "--yes"
                || x == "--confirm"
                || x == "/y"
                || (x.starts_with('-') && !x.starts_with("--") && x.len() <= 4 && x.contains('y'))
        });
        if installs && !confirmed {
            return Some("choco without -y asks for confirmation".to_string());
        }
    }
    None
}

/// Whether the line mentions drive `letter` (any case) as `X:` at the start
/// or after a blank, `"`, `'`, `=` or `(`.
pub fn mentions_drive(line: &str, letter: char) -> bool {
    let boundary = |p: char| is_blank(p) || matches!(p, '"' | '\'' | '=' | '(');
    if letter.is_ascii() {
        // Look only at the colons: the byte before one must be the letter
        // and the byte before that a boundary. Both are ASCII, so they are
        // whole characters.
        let b = line.as_bytes();
        return memchr::memchr_iter(b':', b).any(|colon| {
            colon >= 1
                && char::from(b[colon - 1]).eq_ignore_ascii_case(&letter)
                && (colon == 1 || boundary(char::from(b[colon - 2])))
        });
    }
    let mut prev: Option<char> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if prev.is_none_or(boundary)
            && c.eq_ignore_ascii_case(&letter)
            && chars.peek() == Some(&':')
        {
            return true;
        }
        prev = Some(c);
    }
    false
}
