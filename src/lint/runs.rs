//! "Will it run?" rules (U080–U086): each command line read the way Windows
//! starts it, through [`crate::cmdline`] (spec §3.1, gotchas 3 and 6).
//!
//! Commands are visited in run order (passes in Windows' order, synchronous
//! lists before asynchronous ones, then Order) so that U081 knows whether an
//! earlier command already set the PowerShell execution policy.

use super::commands::field_span;
use super::{Ctx, Fix, Severity, Target};
use crate::answer::{Answer, Command, CommandAddr, CommandList, FieldKind};
use crate::catalog::{Context, PassKind};
use crate::cmdline::ascii::{Needle, contains_needle, trim_whitespace};
use crate::cmdline::{self, Analysis, ProgramKind, ShellSyntaxKind};
use crate::document::{Document, Edit};
use crate::xml::Span;
use facts::{Facts, Wanted};
use policy::{hidden_powershell, script_named_for_policy};
use std::ops::Range;

mod facts;
mod policy;

/// Longest command text quoted in a message, in characters.
const SHOWN_MAX: usize = 100;

pub(super) fn check(ctx: &mut Ctx) {
    check_part(ctx, 0..usize::MAX);
}

/// The rules for the commands at positions `part` of the run order (the
/// two-thread check gives each thread one part), as if no command before the
/// part set the execution policy; returns whether the policy is set after it.
/// When an earlier part turns out to set it, [`assume_policy_set`] takes back
/// what only that assumption produced: together the parts then report exactly
/// what one pass over the whole run order does.
pub(super) fn check_part(ctx: &mut Ctx, part: Range<usize>) -> bool {
    let doc = ctx.doc;
    let answer = ctx.answer;
    let mut policy_set = false;
    let len = part.end.saturating_sub(part.start);
    for (addr, is_last) in answer.run_order_from(doc, part.start).take(len) {
        if let Some(sets) = check_one(ctx, addr, is_last, policy_set) {
            policy_set |= sets;
        }
    }
    policy_set
}

/// Removes from a part's diagnostics (see [`check_part`]) those that hold only when
/// no earlier command set the execution policy: the notes on scripts run by
/// `-File` without `-ExecutionPolicy` (U081 at info level). A part reports them only
/// before its own first command that sets the policy, so after an earlier part that
/// set it, none of them stands.
pub(super) fn assume_policy_set(part: &mut Vec<super::Diagnostic>) {
    part.retain(|d| !is_policy_note(d));
}

/// Whether `d` is the U081 note that depends on the execution-policy context.
fn is_policy_note(d: &super::Diagnostic) -> bool {
    d.code == "U081" && d.severity == Severity::Info
}

/// The rules for one command only (the editor's live check as you type). The
/// execution-policy context comes from the commands before it in run order;
/// only those that mention a policy or an encoded command are analysed.
pub(super) fn check_only(ctx: &mut Ctx, target: CommandAddr) {
    let doc = ctx.doc;
    let answer = ctx.answer;
    let mut policy_set = false;
    for (addr, is_last) in answer.run_order(doc) {
        if addr == target {
            check_one(ctx, addr, is_last, policy_set);
            return;
        }
        policy_set = policy_set || sets_policy_quickly(doc, answer, addr);
    }
}

/// Whether the command at `addr` sets the execution policy for the commands
/// run after it, as [`check_one`] would answer, without running its rules:
/// only a command that [`may_set_policy`] and whose list runs is analysed.
fn sets_policy_quickly(doc: &Document, answer: &Answer, addr: CommandAddr) -> bool {
    let Some(list) = answer.list(addr) else {
        return false;
    };
    let value = list.commands[addr.command].value(FieldKind::Program, doc);
    if !may_set_policy(value) || !list_runs(list, answer.passes[addr.pass].kind) {
        return false;
    }
    let analysis = cmdline::analyse(value.trim());
    let hidden = hidden_powershell(&analysis);
    cmdline::sets_execution_policy(&analysis)
        || hidden.iter().any(cmdline::sets_execution_policy)
        || script_named_for_policy(&analysis)
}

/// A cheap test that is true for every command that may set the execution
/// policy (and for some that do not): it mentions "policy" other than as
/// PowerShell's own `-ExecutionPolicy` parameter, or passes an encoded command.
fn may_set_policy(value: &str) -> bool {
    let b = value.as_bytes();
    // Only the places of a p are tried (memchr finds them), not every byte:
    // the two-thread check asks this of half the commands of a large file.
    let mentions = memchr::memchr2_iter(b'p', b'P', b).any(|i| {
        if !b
            .get(i..i + 6)
            .is_some_and(|w| w.eq_ignore_ascii_case(b"policy"))
        {
            return false;
        }
        // `-ExecutionPolicy` as a parameter (after a space or a quote) sets nothing.
        let param = i >= 10
            && b[i - 10..i].eq_ignore_ascii_case(b"-execution")
            && (i == 10 || matches!(b[i - 11], b' ' | b'\t' | b'"' | b'\''));
        !param
    });
    // A switch `-ec` or `/ec`, or an abbreviation of `-EncodedCommand`, in
    // any case, at the start of a word (after any quotes). Each starts `-e`.
    const FULL: &[u8] = b"encodedcommand";
    mentions
        || memchr::memchr2_iter(b'-', b'/', b).any(|at| {
            if !matches!(b.get(at + 1), Some(b'e' | b'E')) {
                return false;
            }
            let word = b[..at]
                .iter()
                .rposition(|&c| !matches!(c, b'"' | b'\''))
                .map_or(0, |c| c + 1);
            if word > 0 && !b[word - 1].is_ascii_whitespace() {
                return false;
            }
            let rest = &b[at + 1..];
            let rest = &rest[..rest
                .iter()
                .position(u8::is_ascii_whitespace)
                .unwrap_or(rest.len())];
            rest.eq_ignore_ascii_case(b"ec")
                || (!rest.is_empty()
                    && rest.len() <= FULL.len()
                    && rest.eq_ignore_ascii_case(&FULL[..rest.len()]))
        })
}

/// Checks one command; returns whether it sets the execution policy (None
/// when it has nothing to run).
fn check_one(ctx: &mut Ctx, addr: CommandAddr, is_last: bool, policy_set: bool) -> Option<bool> {
    let doc = ctx.doc;
    let answer = ctx.answer;
    let pass = answer.passes[addr.pass].kind;
    let list = answer.list(addr)?;
    let cmd = &list.commands[addr.command];
    let value = trim_whitespace(cmd.value(FieldKind::Program, doc));
    if value.is_empty() {
        return None;
    }
    let analysis = cmdline::analyse(value);
    let here = Here {
        addr,
        list,
        cmd,
        pass,
        value,
    };
    let spec = list.spec;
    // The last command of a list without WillReboot may restart: nothing is left to run.
    let harmless_last = !spec.will_reboot && is_last;
    let want = Wanted {
        shuts_down: spec.synchronous && !harmless_last,
        writes_hkcu: pass.is_some_and(|p| spec.context_in(Some(p)) == Context::System),
        installer: spec.synchronous,
    };
    // Every question the rules ask, in one walk over the nested commands.
    // `sets_policy` is used by U081 and by the context of later commands.
    let facts = Facts::of(&analysis, want);
    reboot_in_synchronous_list(ctx, &here, &facts);
    shell_syntax(ctx, &here, &analysis);
    powershell_scripts(ctx, &here, &facts, policy_set || facts.sets_policy);
    quotes(ctx, &here, &facts);
    hkcu_as_system(ctx, &here, &facts);
    installer_waits(ctx, &here, &facts);
    c_drive_in_windows_pe(ctx, &here);
    Some(list_runs(list, pass) && (facts.sets_policy || facts.named_for_policy))
}

/// The command being checked.
struct Here<'a> {
    addr: CommandAddr,
    list: &'a CommandList,
    cmd: &'a Command,
    pass: Option<PassKind>,
    value: &'a str,
}

impl Here<'_> {
    /// Where a diagnostic on the command line points: found only when one
    /// is reported.
    fn span(&self, ctx: &Ctx) -> Span {
        field_span(ctx, self.cmd, FieldKind::Program)
    }

    fn target(&self) -> Target {
        Target::command(self.addr, Some(FieldKind::Program))
    }

    /// `Path` or `CommandLine`.
    fn field(&self) -> &'static str {
        self.list.spec.program
    }
}

/// Whether Windows runs this list at all (a list in the wrong pass or under
/// the wrong component never runs).
fn list_runs(list: &CommandList, pass: Option<PassKind>) -> bool {
    !list.misplaced && pass.is_some_and(|p| list.spec.passes.contains(&p))
}

/// A command value as quoted in a message: one line, at most [`SHOWN_MAX`]
/// characters.
pub(crate) fn shown(value: &str) -> String {
    let one_line: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= SHOWN_MAX {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(SHOWN_MAX - 1).collect();
    cut.push('…');
    cut
}

/// U043: a restart or shutdown inside a synchronous list, where Setup either
/// loses track (lists with WillReboot) or never runs the commands after it.
/// [`Facts::shuts_down`] is asked only in a synchronous list, and not of the
/// last command of a list without WillReboot (nothing is left to run).
fn reboot_in_synchronous_list(ctx: &mut Ctx, h: &Here, facts: &Facts) {
    let spec = h.list.spec;
    if !facts.shuts_down {
        return;
    }
    let msg = if spec.will_reboot {
        "this command restarts or shuts down the machine inside a synchronous list; set WillReboot instead so Setup can continue"
    } else {
        "this command restarts or shuts down the machine inside a synchronous list; the commands after it never run"
    };
    let span = h.span(ctx);
    ctx.push("U043", span, h.target(), msg.into());
}

/// U080: shell syntax outside a shell.
fn shell_syntax(ctx: &mut Ctx, h: &Here, analysis: &Analysis) {
    let Some(hit) = cmdline::shell_syntax_of(h.value, analysis) else {
        return;
    };
    let program = &*analysis.program.path;
    let message = match hit.kind {
        ShellSyntaxKind::Operator => format!(
            "{} is not run by a shell, so `{}` reaches {program} as a plain argument: {}",
            h.field(),
            hit.text,
            shown(h.value)
        ),
        ShellSyntaxKind::Builtin => format!(
            "`{}` is a cmd.exe built-in, not a program: outside cmd.exe it cannot start: {}",
            hit.text,
            shown(h.value)
        ),
    };
    let fix = wrap_in_cmd(ctx, h);
    let span = h.span(ctx);
    let d = ctx.push("U080", span, h.target(), message);
    d.help = Some(match &fix {
        Some(_) => "run it through cmd.exe: cmd /c \"…\" (unattui fix does this)".into(),
        None => "run it through cmd.exe: cmd /c \"…\"".into(),
    });
    d.fix = fix;
}

/// The U080 fix: the whole value wrapped in `cmd /c "…"`, offered only when
/// cmd.exe gets back exactly the original text (balanced quotes, one line,
/// plain text content) and the result fits the list's length limit.
fn wrap_in_cmd(ctx: &Ctx, h: &Here) -> Option<Fix> {
    let field = h.cmd.program.as_ref()?;
    let tree = ctx.doc.tree();
    if tree.children(field.node).next().is_some()
        || h.value.contains(['\n', '\r'])
        || !cmdline::quotes_balanced(h.value)
    {
        return None;
    }
    let gives_back = |line: &str| match cmdline::analyse(line).kind {
        ProgramKind::Cmd(c) => c.command == h.value,
        _ => false,
    };
    // Plain `cmd /c "…"` when cmd.exe surely strips the added quotes; `/s`
    // makes that explicit when the text could be mistaken for a file name.
    let wrapped = [
        format!("cmd /c \"{}\"", h.value),
        format!("cmd /s /c \"{}\"", h.value),
    ]
    .into_iter()
    .find(|w| gives_back(w))?;
    if wrapped.chars().count() > h.list.spec.program_max {
        return None;
    }
    Some(Fix {
        label: format!("wrap the command in {}", wrapped.split('"').next()?.trim()),
        edits: vec![Edit::replace(
            tree.node(field.node).content().range(),
            crate::xml::escape_text(&wrapped).into_owned(),
        )],
    })
}

/// U081: `.ps1` files that will not run.
fn powershell_scripts(ctx: &mut Ctx, h: &Here, facts: &Facts, policy_set: bool) {
    if let Some(script) = facts.ps1 {
        let span = h.span(ctx);
        let d = ctx.push(
            "U081",
            span,
            h.target(),
            format!(
                "{script} is given as the program, but Windows does not run .ps1 files: it opens them in Notepad or fails: {}",
                shown(h.value)
            ),
        );
        d.help = Some(format!(
            "run it through PowerShell: powershell.exe -NoProfile -ExecutionPolicy Bypass -File \"{script}\""
        ));
        return;
    }
    // `policy_set` also covers this command setting the policy itself.
    if policy_set {
        return;
    }
    if let Some(script) = &facts.file_without_policy {
        let span = h.span(ctx);
        let d = ctx.push(
            "U081",
            span,
            h.target(),
            format!(
                "{script} runs through powershell -File without -ExecutionPolicy, and no earlier command sets the policy: client editions of Windows block scripts by default (Server allows local ones): {}",
                shown(h.value)
            ),
        );
        d.severity = Severity::Info;
        d.help = Some(
            "add -ExecutionPolicy Bypass before -File, or set the policy in an earlier command (powershell -Command \"Set-ExecutionPolicy RemoteSigned -Force\")"
                .into(),
        );
    }
}

/// U082 and U083: quotes.
fn quotes(ctx: &mut Ctx, h: &Here, facts: &Facts) {
    if !cmdline::quotes_balanced(h.value) {
        let n = h.value.matches('"').count();
        let span = h.span(ctx);
        let d = ctx.push(
            "U082",
            span,
            h.target(),
            format!(
                "{} has an odd number of double quotes ({n}): the last quoted part runs on to the end of the line: {}",
                h.field(),
                shown(h.value)
            ),
        );
        d.help = Some("add the missing quote".into());
        return;
    }
    if let Some(rest) = facts.broken_stripping {
        let span = h.span(ctx);
        let d = ctx.push(
            "U083",
            span,
            h.target(),
            format!(
                "cmd.exe removes the first and the last quote of the text after /c, which breaks the quoted program path: {}",
                shown(h.value)
            ),
        );
        d.help = Some(format!(
            "add /s and wrap the whole command in one more pair of quotes: cmd /s /c \"{}\"",
            shown(rest)
        ));
    }
}

/// U084: HKCU written by a command that runs as SYSTEM.
/// [`Facts::writes_hkcu`] is asked only of commands that run as SYSTEM.
fn hkcu_as_system(ctx: &mut Ctx, h: &Here, facts: &Facts) {
    let Some(pass) = h.pass else { return };
    if h.list.spec.context_in(Some(pass)) != Context::System || !facts.writes_hkcu {
        return;
    }
    let where_it_lands = if pass == PassKind::WindowsPE {
        "in Windows PE's own registry, which is gone after the restart"
    } else {
        "in the system account's profile, not in any user's"
    };
    let span = h.span(ctx);
    let d = ctx.push(
        "U084",
        span,
        h.target(),
        format!(
            "this command writes HKEY_CURRENT_USER, but {} commands run as SYSTEM: the change lands {where_it_lands}: {}",
            pass.name(),
            shown(h.value)
        ),
    );
    d.help = Some(
        "to change every new user's settings, edit the Default user's hive: reg load HKU\\DefaultUser C:\\Users\\Default\\NTUSER.DAT, reg add \"HKU\\DefaultUser\\…\", reg unload HKU\\DefaultUser; or move the command to FirstLogonCommands"
            .into(),
    );
}

/// U085: an installer that waits for a click in a synchronous list.
/// [`Facts::installer`] is asked only in synchronous lists.
fn installer_waits(ctx: &mut Ctx, h: &Here, facts: &Facts) {
    if !h.list.spec.synchronous {
        return;
    }
    let Some(why) = &facts.installer else {
        return;
    };
    let consequence = match h.list.spec.context_in(h.pass) {
        Context::System => "Setup waits for a window nobody is there to answer",
        _ => "the logon waits until someone answers it",
    };
    let span = h.span(ctx);
    let d = ctx.push(
        "U085",
        span,
        h.target(),
        format!("{why}; {consequence}: {}", shown(h.value)),
    );
    d.help = Some("add the installer's silent switch (msiexec /qn, wusa /quiet, choco -y)".into());
}

/// U086: drive C: named in windowsPE.
fn c_drive_in_windows_pe(ctx: &mut Ctx, h: &Here) {
    if h.pass != Some(PassKind::WindowsPE)
        || !cmdline::mentions_drive(h.value, 'C')
        || contains_needle(h.value, Needle::new("$windows.~bt"))
    {
        return;
    }
    let span = h.span(ctx);
    let d = ctx.push(
        "U086",
        span,
        h.target(),
        format!(
            "this windowsPE command uses drive C:, but the new Windows is not there yet (Windows PE runs from X:): {}",
            shown(h.value)
        ),
    );
    d.help = Some(
        "use X: for Windows PE's own files; once Setup has applied the image, the new system is under C:\\$Windows.~BT\\NewOS; or move the command to specialize"
            .into(),
    );
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// [`super::may_set_policy`] as first written (a byte-by-byte search and
    /// a lower-case copy of each switch): the faster one must agree with it.
    fn may_set_policy_plain(value: &str) -> bool {
        let b = value.as_bytes();
        let mentions = (0..b.len().saturating_sub(5)).any(|i| {
            if !b[i..i + 6].eq_ignore_ascii_case(b"policy") {
                return false;
            }
            let param = i >= 10
                && b[i - 10..i].eq_ignore_ascii_case(b"-execution")
                && (i == 10 || matches!(b[i - 11], b' ' | b'\t' | b'"' | b'\''));
            !param
        });
        mentions
            || value.split_ascii_whitespace().any(|t| {
                let t = t.trim_start_matches(['"', '\'']);
                t.strip_prefix(['-', '/']).is_some_and(|rest| {
                    let rest = rest.to_ascii_lowercase();
                    rest == "ec" || (!rest.is_empty() && "encodedcommand".starts_with(&rest))
                })
            })
    }

    #[test]
    fn may_set_policy_examples() {
        for (line, yes) in [
            ("powershell -ExecutionPolicy Bypass -File a.ps1", false),
            ("powershell -Command Set-ExecutionPolicy RemoteSigned", true),
            ("powershell \"-executionpolicy\" bypass", false),
            ("powershell x-ExecutionPolicy", true),
            ("-ExecutionPolicy", false),
            ("POLICY", true),
            ("polic", false),
            ("powershell -enc AAAA", true),
            ("powershell /EC AAAA", true),
            ("powershell '-EncodedCommandX AAAA", false),
            ("powershell -e AAAA", true),
            ("powershell - AAAA", false),
            ("powershell -€ AAAA", false),
        ] {
            assert_eq!(super::may_set_policy(line), yes, "{line}");
            assert_eq!(may_set_policy_plain(line), yes, "{line}");
        }
    }

    proptest! {
        #[test]
        fn may_set_policy_agrees_with_the_plain_search(
            line in "([ \t\n\x0c\"'/€xeEcC-]|policy|PoLiCy|-execution|-Execution|encoded|command|ec)*"
        ) {
            prop_assert_eq!(super::may_set_policy(&line), may_set_policy_plain(&line));
        }
    }
}
