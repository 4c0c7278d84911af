//! reg.exe and msiexec.exe command lines.

use super::{own, own_all};
use std::borrow::Cow;

/// A reg.exe operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegOp {
    /// `reg add`.
    Add,
    /// `reg delete`.
    Delete,
    /// `reg query`.
    Query,
    /// `reg copy`.
    Copy,
    /// `reg save`.
    Save,
    /// `reg restore`.
    Restore,
    /// `reg load`.
    Load,
    /// `reg unload`.
    Unload,
    /// `reg compare`.
    Compare,
    /// `reg export`.
    Export,
    /// `reg import`.
    Import,
    /// `reg flags`.
    Flags,
    /// Anything else, lower case (empty when missing).
    Other(String),
}

/// A reg.exe command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegCall<'a> {
    /// The operation.
    pub op: RegOp,
    /// The first operand: the key for every operation except `import`,
    /// whose operand is a `.reg` file (then `None`).
    pub key: Option<Cow<'a, str>>,
    /// The arguments after the operation and before the first `/switch`
    /// (keys and file names).
    pub operands: Vec<Cow<'a, str>>,
    /// The value after `/v`, if any.
    pub value_name: Option<Cow<'a, str>>,
}

impl RegCall<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> RegCall<'static> {
        RegCall {
            op: self.op,
            key: self.key.map(own),
            operands: own_all(self.operands),
            value_name: self.value_name.map(own),
        }
    }
}

/// reg.exe operations by their lower-case names.
const REG_OPS: [(&str, RegOp); 12] = [
    ("add", RegOp::Add),
    ("delete", RegOp::Delete),
    ("query", RegOp::Query),
    ("copy", RegOp::Copy),
    ("save", RegOp::Save),
    ("restore", RegOp::Restore),
    ("load", RegOp::Load),
    ("unload", RegOp::Unload),
    ("compare", RegOp::Compare),
    ("export", RegOp::Export),
    ("import", RegOp::Import),
    ("flags", RegOp::Flags),
];

/// Parses reg.exe's arguments.
pub(super) fn parse_reg<'a>(args: &[Cow<'a, str>]) -> RegCall<'a> {
    let op_text = args.first().map_or("", |a| a.as_ref());
    let op = REG_OPS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(op_text))
        .map_or_else(
            || RegOp::Other(op_text.to_ascii_lowercase()),
            |(_, op)| op.clone(),
        );
    let operands: Vec<Cow<'a, str>> = args
        .iter()
        .skip(1)
        .take_while(|a| !a.starts_with('/'))
        .cloned()
        .collect();
    let key = match op {
        RegOp::Import => None,
        _ => operands.first().cloned(),
    };
    let value_name = args
        .iter()
        .position(|a| a.eq_ignore_ascii_case("/v"))
        .and_then(|at| args.get(at + 1))
        .cloned();
    RegCall {
        op,
        key,
        operands,
        value_name,
    }
}

/// What msiexec.exe is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsiAction {
    /// `/i` or `/package`.
    Install,
    /// `/x` or `/uninstall`.
    Uninstall,
    /// `/f…` repair.
    Repair,
    /// `/a` administrative install.
    Admin,
    /// `/p` or `/update` patch.
    Patch,
    /// `/j…` advertise.
    Advertise,
}

/// An msiexec.exe command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsiexecCall<'a> {
    /// The action, if one was given.
    pub action: Option<MsiAction>,
    /// The switch that gave the action, as written (`/i`).
    pub action_switch: Option<Cow<'a, str>>,
    /// The argument after the action switch (package, product code, patch).
    pub target: Option<Cow<'a, str>>,
    /// A UI level that never waits for a click: `/quiet`, `/passive`, `/q`,
    /// `/qn`, `/qb` (with `-` or `!` modifiers). `/qr` and `/qf` show dialogs,
    /// and the `+` variants (`/qn+`, `/qb+`) end with a modal box, so they
    /// do not count.
    pub has_quiet: bool,
    /// `/norestart` was given.
    pub no_restart: bool,
}

impl MsiexecCall<'_> {
    /// A copy that borrows nothing.
    pub fn into_owned(self) -> MsiexecCall<'static> {
        MsiexecCall {
            action: self.action,
            action_switch: self.action_switch.map(own),
            target: self.target.map(own),
            has_quiet: self.has_quiet,
            no_restart: self.no_restart,
        }
    }
}

/// Parses msiexec.exe's arguments; switches may start with `/` or `-`.
pub(super) fn parse_msiexec<'a>(args: &[Cow<'a, str>]) -> MsiexecCall<'a> {
    let mut call = MsiexecCall {
        action: None,
        action_switch: None,
        target: None,
        has_quiet: false,
        no_restart: false,
    };
    for (i, arg) in args.iter().enumerate() {
        let Some(opt) = arg.strip_prefix(['/', '-']) else {
            continue;
        };
        let opt = super::ascii_lower(opt);
        let action = match opt.as_ref() {
            "i" | "package" => Some(MsiAction::Install),
            "x" | "uninstall" => Some(MsiAction::Uninstall),
            "a" => Some(MsiAction::Admin),
            "p" | "update" => Some(MsiAction::Patch),
            o if o
                .strip_prefix('f')
                .is_some_and(|m| m.chars().all(|c| "poedcamusv".contains(c))) =>
            {
                Some(MsiAction::Repair)
            }
            o if o.starts_with('j') && o.len() <= 2 => Some(MsiAction::Advertise),
            _ => None,
        };
        if let (Some(action), None) = (action, call.action) {
            call.action = Some(action);
            call.action_switch = Some(arg.clone());
            call.target = args.get(i + 1).cloned();
        }
        if opt == "norestart" {
            call.no_restart = true;
        }
        call.has_quiet |= is_quiet_level(&opt);
    }
    call
}

/// See [`MsiexecCall::has_quiet`]; `opt` is lower case without its prefix.
fn is_quiet_level(opt: &str) -> bool {
    if opt == "quiet" || opt == "passive" {
        return true;
    }
    let Some(level) = opt.strip_prefix('q') else {
        return false;
    };
    let modifiers = level.strip_prefix(['n', 'b']).unwrap_or(level);
    modifiers.chars().all(|c| c == '-' || c == '!')
}
