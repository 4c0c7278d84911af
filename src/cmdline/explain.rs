//! A human breakdown of how Windows will start a command line: the program,
//! each argument it receives, and what cmd.exe or PowerShell runs inside.
//!
//! Arguments are shown between `‹` and `›` ([`ARG_OPEN`], [`ARG_CLOSE`]) so
//! that spaces, quotes and empty arguments stay visible:
//!
//! ```text
//! cmd ‹/c› ‹reg add "HKLM\Software\X" /v A /f›
//!   ↳ reg ‹add› ‹HKLM\Software\X› ‹/v› ‹A› ‹/f›
//! ```

use super::{Analysis, CmdSwitch, ProgramKind, PsMode, ScriptExt, ScriptHost};
use crate::catalog::{Context, ListSpec, PassKind};

/// Opens one argument in [`breakdown`] and [`explain`].
pub const ARG_OPEN: char = '‹';
/// Closes one argument in [`breakdown`] and [`explain`].
pub const ARG_CLOSE: char = '›';

/// Longest text shown for one argument or script, in characters.
const ITEM_MAX: usize = 160;

/// One line: the program as Windows finds it, then each argument it
/// receives, delimited. For cmd.exe the text after `/c` is one item, as
/// cmd.exe reads it (outer quotes already removed when cmd.exe removes them).
pub fn breakdown(analysis: &Analysis) -> String {
    let mut line = if analysis.program.path.is_empty() {
        "(nothing to run)".to_string()
    } else {
        analysis.program.path.to_string()
    };
    for item in items(analysis) {
        line.push(' ');
        line.push(ARG_OPEN);
        line.push_str(&clip(&item));
        line.push(ARG_CLOSE);
    }
    line
}

/// The arguments as [`breakdown`] lists them.
fn items(a: &Analysis) -> Vec<String> {
    match &a.kind {
        ProgramKind::Cmd(c) => {
            let mut out: Vec<String> = c.switches.iter().map(|s| s.to_string()).collect();
            if c.s_switch {
                out.push("/s".into());
            }
            match c.switch {
                Some(CmdSwitch::C) => out.push("/c".into()),
                Some(CmdSwitch::K) => out.push("/k".into()),
                None => {}
            }
            if !c.command.is_empty() {
                out.push(c.command.to_string());
            }
            out
        }
        _ => a.args.iter().map(|x| x.to_string()).collect(),
    }
}

/// The breakdown line of [`breakdown`], then indented notes and the commands
/// run inside (after `cmd /c`, in PowerShell text, after `start`/`call`),
/// each nested command marked `↳` and broken down the same way.
pub fn explain(analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    explain_into(analysis, 0, false, &mut out);
    out
}

/// Adds the lines of `a`; `in_cmd` is set when cmd.exe runs it.
fn explain_into(a: &Analysis, depth: usize, in_cmd: bool, out: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    let mark = if depth == 0 { "" } else { "↳ " };
    out.push(format!("{pad}{mark}{}", breakdown(a)));
    let note_pad = format!("{pad}{}", if depth == 0 { "  " } else { "    " });
    let mut note = |text: String| out.push(format!("{note_pad}{text}"));
    for text in notes(a, in_cmd) {
        note(text);
    }
    let cmd_runs_children = matches!(a.kind, ProgramKind::Cmd(_) | ProgramKind::Builtin { .. });
    for child in a.children() {
        explain_into(child, depth + 1, cmd_runs_children, out);
    }
}

/// Plain-words notes about one command (not its nested commands).
fn notes(a: &Analysis, in_cmd: bool) -> Vec<String> {
    let mut out = Vec::new();
    if a.program.unquoted_space_ambiguity {
        out.push(format!(
            "the path is not quoted: Windows tries \"{}\" first",
            a.program.path
        ));
    }
    if a.unterminated_quote {
        out.push("a quote is never closed: the last argument runs to the end".into());
    }
    match &a.kind {
        ProgramKind::Cmd(c) => match c.switch {
            None => out.push("cmd.exe without /c opens a prompt and waits".into()),
            Some(CmdSwitch::K) => {
                out.push("/k keeps cmd.exe open after the command: it never ends".into())
            }
            Some(CmdSwitch::C) if c.outer_quotes_stripped => {
                out.push("cmd.exe removes the outer quotes before running the text".into())
            }
            Some(CmdSwitch::C) => {}
        },
        ProgramKind::PowerShell(p) => {
            let policy = match &p.execution_policy {
                Some(ep) => format!("execution policy {ep} for this run"),
                None => "the machine's execution policy".into(),
            };
            match &p.mode {
                PsMode::Command(text) => out.push(format!("PowerShell runs: {}", clip(text))),
                PsMode::File { script, args } => {
                    let mut line = format!("PowerShell runs the script {}", clip(script));
                    if !args.is_empty() {
                        let shown: Vec<String> = args
                            .iter()
                            .map(|x| format!("{ARG_OPEN}{}{ARG_CLOSE}", clip(x)))
                            .collect();
                        line.push_str(&format!(" with {}", shown.join(" ")));
                    }
                    out.push(format!("{line} ({policy})"));
                }
                PsMode::EncodedCommand {
                    decoded: Some(text),
                    ..
                } => out.push(format!("PowerShell runs (decoded): {}", clip(text))),
                PsMode::EncodedCommand { decoded: None, .. } => {
                    out.push("the -EncodedCommand is not Base64 of UTF-16LE text".into())
                }
                PsMode::None => {
                    out.push("nothing to run: PowerShell opens a prompt and waits".into())
                }
            }
            if p.no_exit {
                out.push("-NoExit keeps PowerShell open: it never ends".into());
            }
        }
        ProgramKind::Script { ext } => out.push(
            match ext {
                ScriptExt::Ps1 => {
                    "Windows does not run .ps1 files directly: it opens them or fails"
                }
                ScriptExt::Cmd | ScriptExt::Bat => "a batch file: Windows runs it through cmd.exe",
                ScriptExt::Vbs | ScriptExt::Js | ScriptExt::Wsf => {
                    "a script: Windows runs it through the default script host (wscript.exe)"
                }
            }
            .into(),
        ),
        ProgramKind::ScriptHost { host, script } => {
            let name = match host {
                ScriptHost::Cscript => "cscript",
                ScriptHost::Wscript => "wscript",
            };
            match script {
                Some(s) => out.push(format!("{name} runs the script {}", clip(s))),
                None => out.push(format!("{name} has no script to run")),
            }
        }
        ProgramKind::Builtin { .. } if in_cmd => {}
        ProgramKind::Builtin { name, .. } => out.push(format!(
            "{name} is a cmd.exe built-in: it only works inside cmd /c"
        )),
        ProgramKind::Msiexec(m) if m.action.is_some() && !m.has_quiet => {
            out.push("no /qn or /quiet: the installer shows its windows".into())
        }
        ProgramKind::Reg(_) | ProgramKind::Msiexec(_) | ProgramKind::Other => {}
    }
    out
}

/// Who runs the commands of a list in a pass, in plain words.
pub fn context_label(spec: &ListSpec, pass: Option<PassKind>) -> &'static str {
    match (spec.context_in(pass), pass) {
        (Context::System, Some(PassKind::WindowsPE)) => {
            "SYSTEM, inside Windows PE (before Windows is installed)"
        }
        (Context::System, _) => "SYSTEM, with no user logged on",
        (Context::User, Some(PassKind::AuditUser)) => "the built-in Administrator, in audit mode",
        (Context::User, _) => "the user logging on, not elevated",
        (Context::FirstLogonUser, _) => "the first user to log on, elevated if an administrator",
    }
}

/// How the commands of a list are started relative to each other.
pub fn timing_label(spec: &ListSpec) -> &'static str {
    if spec.synchronous {
        "one at a time, in Order, each waiting for the previous one"
    } else {
        "started in Order without waiting for each other"
    }
}

/// Text shortened to [`ITEM_MAX`] characters, control characters shown as spaces.
fn clip(text: &str) -> String {
    let one: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one.chars().count() <= ITEM_MAX {
        return one;
    }
    let mut cut: String = one.chars().take(ITEM_MAX - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{ListKind, list};
    use crate::cmdline::analyse;

    #[test]
    fn cmd_shows_the_inner_command() {
        let lines = explain(&analyse(
            r#"cmd.exe /c reg add "HKLM\Software\X" /v A /d "1 2" /f"#,
        ));
        assert_eq!(
            lines[0],
            r#"cmd.exe ‹/c› ‹reg add "HKLM\Software\X" /v A /d "1 2" /f›"#
        );
        assert_eq!(
            lines[1],
            r"  ↳ reg ‹add› ‹HKLM\Software\X› ‹/v› ‹A› ‹/d› ‹1 2› ‹/f›"
        );
    }

    #[test]
    fn quoted_program_and_stripped_quotes() {
        let a = analyse(r#"cmd /c "sc stop wuauserv >NUL & sc config wuauserv start=disabled""#);
        let lines = explain(&a);
        assert_eq!(
            lines[0],
            "cmd ‹/c› ‹sc stop wuauserv >NUL & sc config wuauserv start=disabled›"
        );
        assert!(lines.iter().any(|l| l.contains("removes the outer quotes")));
        assert!(
            lines
                .iter()
                .any(|l| l.trim_start() == "↳ sc ‹stop› ‹wuauserv›")
        );
        let b = breakdown(&analyse(r#""C:\Program Files\App\setup.exe" /S "" x"#));
        assert_eq!(b, r"C:\Program Files\App\setup.exe ‹/S› ‹› ‹x›");
    }

    #[test]
    fn powershell_modes() {
        let lines = explain(&analyse(
            r#"powershell -NoProfile -Command "Set-ExecutionPolicy RemoteSigned -Force; reg add HKCU\X /f""#,
        ));
        assert!(lines[1].contains("PowerShell runs: Set-ExecutionPolicy"));
        assert!(
            lines
                .iter()
                .any(|l| l.contains("↳ reg ‹add› ‹HKCU\\X› ‹/f›"))
        );
        let file = explain(&analyse(r"powershell.exe -File C:\s.ps1 -Name a"));
        assert!(
            file[1].contains(
                "runs the script C:\\s.ps1 with ‹-Name› ‹a› (the machine's execution policy)"
            ),
            "{file:?}"
        );
        let direct = explain(&analyse(r"C:\Setup\run.ps1"));
        assert!(direct[1].contains("does not run .ps1"));
        let echo = explain(&analyse("echo hi > C:\\log.txt"));
        assert!(echo[1].contains("built-in"));
        let inside = explain(&analyse(r#"cmd /c "echo hi > C:\log.txt""#));
        assert!(!inside.iter().any(|l| l.contains("built-in")), "{inside:?}");
    }

    #[test]
    fn labels() {
        let pe = list(ListKind::SetupSync);
        assert!(context_label(pe, Some(PassKind::WindowsPE)).contains("Windows PE"));
        let dep = list(ListKind::DeploySync);
        assert!(context_label(dep, Some(PassKind::AuditUser)).contains("Administrator"));
        assert!(context_label(dep, Some(PassKind::Specialize)).starts_with("SYSTEM"));
        assert!(timing_label(list(ListKind::Logon)).contains("without waiting"));
    }

    #[test]
    fn anything_goes_in() {
        for line in ["", "\"", "   ", "cmd /c", "powershell -e !!!", "\"a\" \"b"] {
            let lines = explain(&analyse(line));
            assert!(!lines.is_empty());
        }
    }
}
