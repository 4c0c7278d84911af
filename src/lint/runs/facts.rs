//! What the will-it-run rules ask of one analysed command line, found in
//! one walk over the command and the commands nested in it.
//!
//! Each answer is the one the matching question in [`crate::cmdline`] or
//! [`super::policy`] gives (`any` over the commands, or the first answer in
//! their depth-first order, outer command first); they are only asked
//! together, so the nested commands are visited once instead of once per
//! question.

use super::policy::{file_without_policy_here, hidden_here, named_for_policy_here};
use crate::cmdline::{
    self, Analysis, ProgramKind, ScriptExt, installer_without_silent_here,
    sets_execution_policy_here, shuts_down_here, writes_hkcu_here,
};

/// The questions whose answer is only needed in some lists.
#[derive(Clone, Copy)]
pub(super) struct Wanted {
    /// [`cmdline::shuts_down`].
    pub(super) shuts_down: bool,
    /// [`cmdline::writes_hkcu`].
    pub(super) writes_hkcu: bool,
    /// [`cmdline::is_installer_without_silent`].
    pub(super) installer: bool,
}

/// The answers for one command line.
#[derive(Default)]
pub(super) struct Facts<'b> {
    /// [`cmdline::sets_execution_policy`] of the command or of a PowerShell
    /// call hidden in an `if` or `for` ([`super::policy::hidden_powershell`]).
    pub(super) sets_policy: bool,
    /// [`super::policy::script_named_for_policy`].
    pub(super) named_for_policy: bool,
    /// The first `.ps1` file given as the program.
    pub(super) ps1: Option<&'b str>,
    /// [`super::policy::file_without_policy`] of the command, else of the
    /// first hidden PowerShell call that has one.
    pub(super) file_without_policy: Option<String>,
    /// The text after `/c` of the first cmd.exe call (without `/s`) whose
    /// quote stripping breaks a quoted program path (see [`stripping_breaks`]).
    pub(super) broken_stripping: Option<&'b str>,
    /// [`cmdline::shuts_down`], if wanted (else false).
    pub(super) shuts_down: bool,
    /// [`cmdline::writes_hkcu`], if wanted (else false).
    pub(super) writes_hkcu: bool,
    /// [`cmdline::is_installer_without_silent`], if wanted (else `None`).
    pub(super) installer: Option<String>,
}

impl<'b> Facts<'b> {
    /// The answers for `analysis`.
    pub(super) fn of(analysis: &'b Analysis<'_>, want: Wanted) -> Self {
        let mut facts = Facts::default();
        let mut hidden = Vec::new();
        let mut file = None;
        facts.visit(analysis, want, &mut hidden, &mut file);
        facts.sets_policy |= hidden.iter().any(cmdline::sets_execution_policy);
        facts.file_without_policy = file
            .map(str::to_string)
            .or_else(|| hidden.iter().find_map(super::policy::file_without_policy));
        facts
    }

    /// Asks every question of `a`, then of the commands inside it.
    fn visit(
        &mut self,
        a: &'b Analysis<'_>,
        want: Wanted,
        hidden: &mut Vec<Analysis<'static>>,
        file: &mut Option<&'b str>,
    ) {
        hidden.extend(hidden_here(a));
        // Each answer is pure: once found, it is not asked again.
        self.sets_policy = self.sets_policy || sets_execution_policy_here(a);
        self.named_for_policy = self.named_for_policy || named_for_policy_here(a);
        match &a.kind {
            ProgramKind::Script {
                ext: ScriptExt::Ps1,
            } if self.ps1.is_none() => self.ps1 = Some(&a.program.path),
            ProgramKind::Cmd(c)
                if self.broken_stripping.is_none()
                    && c.switch.is_some()
                    && !c.s_switch
                    && stripping_breaks(&c.rest) =>
            {
                self.broken_stripping = Some(&c.rest);
            }
            _ => {}
        }
        if file.is_none() {
            *file = file_without_policy_here(a);
        }
        self.shuts_down = self.shuts_down || (want.shuts_down && shuts_down_here(a));
        self.writes_hkcu = self.writes_hkcu || (want.writes_hkcu && writes_hkcu_here(a));
        if want.installer && self.installer.is_none() {
            self.installer = installer_without_silent_here(a);
        }
        for child in a.children() {
            self.visit(child, want, hidden, file);
        }
    }
}

/// Whether cmd.exe's removal of the outer quotes of `text` (the text after
/// `/c` without `/s`) breaks a quoted program path: the text starts with a
/// quoted path that closes before the end, and stripping removes its opening
/// quote together with some later one. `"reg add "HKLM\…" /f"`, where the
/// outer pair wraps the whole command, is what the stripping is for.
fn stripping_breaks(text: &str) -> bool {
    let Some(after) = text.strip_prefix('"') else {
        return false;
    };
    if !cmdline::quotes_balanced(text) || !cmdline::cmd_outer_quotes_stripped(text) {
        return false;
    }
    let Some(end) = after.find('"') else {
        return false;
    };
    let (region, tail) = (&after[..end], &after[end + 1..]);
    let closes_token = region.chars().last().is_some_and(|c| c != ' ' && c != '\t');
    let then_more = tail.starts_with([' ', '\t', '&', '|', '<', '>']) && !tail.trim().is_empty();
    let path_like = region.contains(['\\', '/', ':'])
        || [".exe", ".cmd", ".bat", ".com"]
            .iter()
            .any(|e| region.to_ascii_lowercase().ends_with(e));
    closes_token && then_more && path_like && (region.contains([' ', '\t']) || tail.contains('"'))
}
