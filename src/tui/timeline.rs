//! The run-order timeline: every command in the order Windows runs it
//! ([`Answer::run_order`], spec §2 and §3.1), as a flat list of entries the
//! popup draws one per line: pass headers, list headers (how the list runs and
//! as whom), commands, and restart markers after `WillReboot` commands.

use crate::answer::{Answer, CommandAddr, FieldKind};
use crate::catalog::PassKind;
use crate::document::Document;

/// What a command's `WillReboot` asks for (spec §3.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Restart {
    /// Restart right after the command ends.
    Always,
    /// Restart when the command exits 1 or 2.
    OnRequest,
}

/// One line of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A pass starts: its name and SIM number (`None` for an unknown pass).
    Pass {
        /// The name as written.
        name: String,
        /// 1–7, when the pass is one of the seven.
        number: Option<u8>,
    },
    /// A list starts.
    List {
        /// The container, with the component's architecture when the pass has
        /// the same list more than once (`RunSynchronous [amd64]`: files often
        /// repeat a list per architecture; Windows runs the one that matches).
        label: String,
        /// One at a time, or started together.
        synchronous: bool,
        /// Who runs the commands: system / user / first logon user.
        context: &'static str,
    },
    /// A command.
    Command {
        /// Where it is.
        addr: CommandAddr,
        /// Its Order as written.
        order: String,
        /// Path or CommandLine.
        program: String,
        /// Description.
        description: String,
        /// `DOMAIN\user` of its Credentials (never the password).
        user: Option<String>,
        /// In an asynchronous list: where it sits in the group started together.
        together: Option<Together>,
    },
    /// The machine restarts after the command above.
    Restart(Restart),
}

/// A command's place in a group of asynchronous commands started together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Together {
    /// The first of several.
    First,
    /// Between the first and the last.
    Middle,
    /// The last of several.
    Last,
    /// The only command of its list.
    Alone,
}

impl Entry {
    /// The command this entry stands for, if any.
    pub fn command(&self) -> Option<CommandAddr> {
        match self {
            Entry::Command { addr, .. } => Some(*addr),
            _ => None,
        }
    }
}

/// The timeline of a file.
pub fn entries(doc: &Document, answer: &Answer) -> Vec<Entry> {
    let order: Vec<CommandAddr> = answer.run_order(doc).map(|(a, _)| a).collect();
    let mut out = Vec::new();
    let mut pass_at: Option<usize> = None;
    let mut list_at: Option<(usize, usize, usize)> = None;
    for (i, &a) in order.iter().enumerate() {
        let pass = &answer.passes[a.pass];
        let (Some(list), Some(cmd)) = (answer.list(a), answer.command(a)) else {
            continue;
        };
        if pass_at != Some(a.pass) {
            pass_at = Some(a.pass);
            list_at = None;
            out.push(Entry::Pass {
                name: pass.name.clone(),
                number: pass.kind.map(PassKind::number),
            });
        }
        let here = (a.pass, a.component, a.list);
        let same_list = |b: &CommandAddr| (b.pass, b.component, b.list) == here;
        if list_at != Some(here) {
            list_at = Some(here);
            out.push(Entry::List {
                label: {
                    let comps = &pass.components;
                    let repeated = comps
                        .iter()
                        .flat_map(|c| &c.lists)
                        .filter(|l| l.spec.container == list.spec.container)
                        .count()
                        > 1;
                    match comps[a.component].arch.as_deref().filter(|_| repeated) {
                        Some(arch) => format!("{} [{arch}]", list.spec.container),
                        None => list.spec.container.to_owned(),
                    }
                },
                synchronous: list.spec.synchronous,
                context: list.spec.context_in(pass.kind).label(),
            });
        }
        let together = (!list.spec.synchronous).then(|| {
            let first = i == 0 || !same_list(&order[i - 1]);
            let last = order.get(i + 1).is_none_or(|b| !same_list(b));
            match (first, last) {
                (true, true) => Together::Alone,
                (false, true) => Together::Last,
                (true, false) => Together::First,
                (false, false) => Together::Middle,
            }
        });
        let user = cmd.credentials.as_ref().and_then(|c| {
            let name = c.username.as_ref()?.value(doc).trim();
            let domain = c.domain.as_ref().map(|d| d.value(doc).trim()).unwrap_or("");
            Some(if domain.is_empty() {
                name.to_owned()
            } else {
                format!("{domain}\\{name}")
            })
        });
        out.push(Entry::Command {
            addr: a,
            order: cmd.value(FieldKind::Order, doc).trim().to_owned(),
            program: cmd.value(FieldKind::Program, doc).to_owned(),
            description: cmd.value(FieldKind::Description, doc).to_owned(),
            user: user.filter(|u| !u.is_empty()),
            together,
        });
        if list.spec.will_reboot {
            match cmd.value(FieldKind::WillReboot, doc).trim() {
                "Always" => out.push(Entry::Restart(Restart::Always)),
                "OnRequest" => out.push(Entry::Restart(Restart::OnRequest)),
                _ => {}
            }
        }
    }
    out
}

/// The marker line of a restart.
pub fn restart_text(r: Restart) -> &'static str {
    match r {
        Restart::Always => "⟳ restart (Always)",
        Restart::OnRequest => "⟳ restart if the command exits 1 or 2 (OnRequest)",
    }
}

/// The exit-code contract of `OnRequest`, shown under its marker (spec §3.4).
pub const ON_REQUEST_CODES: &str =
    "exit 0 go on · 1 restart, then next · 2 restart, run again · other fails";

/// The group header of an asynchronous list.
pub const TOGETHER: &str = "started together, no waiting";

/// The header of a synchronous list.
pub const ONE_BY_ONE: &str = "one at a time, in Order";

/// The marker on an asynchronous command that starts with the next one.
pub const STARTS_WITH_NEXT: &str = "⇉";

/// The bracket glyph of a command in a group started together.
pub fn bracket(t: Option<Together>) -> &'static str {
    match t {
        None => " ",
        Some(Together::First) => "┌",
        Some(Together::Middle) => "├",
        Some(Together::Last) => "└",
        Some(Together::Alone) => "─",
    }
}

/// One plain line per entry (what the popup shows, without styles); for
/// tests and for the popup's width-independent text.
pub fn plain(e: &Entry) -> String {
    match e {
        Entry::Pass { name, number } => match number {
            Some(n) => format!("{n} {name}"),
            None => format!("{name} (unknown pass: Windows ignores it)"),
        },
        Entry::List {
            label,
            synchronous,
            context,
        } => format!(
            "  {label} · {} · as {context}",
            if *synchronous { ONE_BY_ONE } else { TOGETHER }
        ),
        Entry::Command {
            order,
            program,
            description,
            user,
            together,
            ..
        } => {
            let next = if matches!(together, Some(Together::First | Together::Middle)) {
                STARTS_WITH_NEXT
            } else {
                " "
            };
            // Named as in the tree (description first), then as whom, then
            // the program: what matters most survives a narrow screen.
            let name = if description.trim().is_empty() {
                program
            } else {
                description
            };
            let mut s = format!("  {} {order:>3} {next} {name}", bracket(*together));
            if let Some(u) = user {
                s.push_str(&format!(" · as {u}"));
            }
            if !description.trim().is_empty() {
                s.push_str(&format!(" · {program}"));
            }
            s
        }
        Entry::Restart(r) => format!("      {}", restart_text(*r)),
    }
}
