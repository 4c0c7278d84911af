//! Execution-policy helpers for U081: PowerShell calls hidden inside
//! cmd.exe's `if` / `for`, scripts named for setting the policy, and
//! `-File` calls that rely on the machine's policy.

use crate::cmdline::{self, Analysis, ProgramKind, PsExe, PsMode};

/// PowerShell calls that cmd.exe's `if` and `for … do` hide from the
/// analyser (it does not look inside them): the text from the first word
/// naming powershell or pwsh, analysed as a command line.
pub(super) fn hidden_powershell(analysis: &Analysis) -> Vec<Analysis<'static>> {
    let mut found = Vec::new();
    analysis.any(&mut |a| {
        found.extend(hidden_here(a));
        false
    });
    found
}

/// [`hidden_powershell`] of one command, not looking at those inside it.
pub(super) fn hidden_here(a: &Analysis) -> Option<Analysis<'static>> {
    if let ProgramKind::Builtin { name, .. } = &a.kind
        && (*name == "if" || *name == "for")
        && let Some(at) = powershell_word(&a.rest)
    {
        return Some(cmdline::analyse(a.rest[at..].trim_end_matches(')')).into_owned());
    }
    None
}

/// Byte offset of the first blank-separated word that names PowerShell.
fn powershell_word(text: &str) -> Option<usize> {
    // Words are separated by ASCII bytes, so byte offsets are boundaries.
    let b = text.as_bytes();
    let separator = |c: u8| c == b' ' || c == b'\t' || c == b'(';
    let mut i = 0;
    while i < b.len() {
        if separator(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !separator(b[i]) {
            i += 1;
        }
        let word = text[start..i]
            .trim_start_matches(['@', '"'])
            .trim_end_matches('"');
        let file = word.rsplit(['\\', '/']).next().unwrap_or(word);
        if ["powershell", "pwsh", "powershell.exe", "pwsh.exe"]
            .iter()
            .any(|name| file.eq_ignore_ascii_case(name))
        {
            return Some(
                start + (text[start..].len() - text[start..].trim_start_matches('@').len()),
            );
        }
    }
    None
}

/// A script or batch file whose name says it sets the execution policy
/// (`enable_execution_policy.cmd`): its content is not readable here, so
/// its name is taken at its word.
pub(super) fn script_named_for_policy(analysis: &Analysis) -> bool {
    analysis.any(&mut named_for_policy_here)
}

/// [`script_named_for_policy`] of one command, not looking inside it.
pub(super) fn named_for_policy_here(a: &Analysis) -> bool {
    matches!(a.kind, ProgramKind::Script { .. }) && {
        let name: String = a
            .program
            .name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        name.contains("executionpolicy")
    }
}

/// The script of a Windows PowerShell `-File` call without `-ExecutionPolicy`.
pub(super) fn file_without_policy(a: &Analysis) -> Option<String> {
    a.find_map(&mut |x| file_without_policy_here(x).map(str::to_string))
}

/// [`file_without_policy`] of one command, not looking inside it.
pub(super) fn file_without_policy_here<'b>(x: &'b Analysis) -> Option<&'b str> {
    match &x.kind {
        ProgramKind::PowerShell(p)
            if p.exe == PsExe::WindowsPowerShell && p.execution_policy.is_none() =>
        {
            match &p.mode {
                PsMode::File { script, .. } => Some(script),
                _ => None,
            }
        }
        _ => None,
    }
}
