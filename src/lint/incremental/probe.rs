//! The probe: a copy of the answer's skeleton in which the will-it-run rules
//! run on a few commands, to learn whether commands set the execution policy
//! and whether their problems depend on an earlier command having set it.

use super::skeleton;
use crate::answer::{Answer, Command, CommandList, Component, Field, Pass};
use crate::catalog::{self, PassKind};
use crate::document::Document;
use crate::lint::{Ctx, Diagnostic, runs};
use crate::ops::ListAddr;

/// A command line that sets the PowerShell execution policy.
const SETTER: &str = "powershell -NoProfile -Command \"Set-ExecutionPolicy RemoteSigned -Force\"";

/// A command line whose diagnostics say whether the policy was set before it.
const SENSOR: &str = "powershell -NoProfile -File C:\\probe.ps1";

/// A copy of the answer's skeleton (passes, components, lists, no commands)
/// with a pass in front that can hold a command setting the policy, and a
/// pass at the end that can hold a probe, for running the will-it-run rules
/// on a few commands.
pub(super) struct Probe {
    answer: Answer,
    la: ListAddr,
    /// Whether [`SETTER`] and [`SENSOR`] behave as expected here.
    valid: Option<bool>,
    /// The probe's diagnostics with nothing before it.
    alone: Option<Vec<Diagnostic>>,
    /// Whether the diagnostics it returns get their line and column
    /// ([`Ctx::locate`]; the probes' own never need them).
    pub(super) locate: bool,
}

impl Probe {
    pub(super) fn new(real: &Answer, la: ListAddr) -> Option<Probe> {
        let list = real.list(la.command(0))?;
        let node = list.node;
        let front_kind = PassKind::ALL[0];
        let front_spec = catalog::lists()
            .iter()
            .find(|s| s.synchronous && s.passes.contains(&front_kind))?;
        let lone = |name: &str, kind: Option<PassKind>, spec| Pass {
            node,
            name: name.to_owned(),
            kind,
            components: vec![Component {
                node,
                name: Some(front_spec.component.to_owned()),
                arch: None,
                public_key_token: None,
                language: None,
                version_scope: None,
                lists: vec![CommandList {
                    node,
                    spec,
                    misplaced: false,
                    commands: Vec::new(),
                    strays: Vec::new(),
                }],
                other_settings: Vec::new(),
            }],
        };
        let mut passes = vec![lone(front_kind.name(), Some(front_kind), front_spec)];
        passes.extend(real.passes.iter().map(|p| {
            Pass {
                node: p.node,
                name: p.name.clone(),
                kind: p.kind,
                components: p
                    .components
                    .iter()
                    .map(|c| skeleton(c, true, false))
                    .collect(),
            }
        }));
        // An unknown pass runs after every known one.
        passes.push(lone("probe", None, front_spec));
        Some(Probe {
            answer: Answer {
                root: real.root,
                passes,
                ..Answer::default()
            },
            la,
            valid: None,
            alone: None,
            locate: true,
        })
    }

    fn synthetic(&self, value: &str) -> Command {
        let node = self.answer.passes[0].components[0].lists[0].node;
        let field = |v: &str| Some(Field::with_value(node, v));
        Command {
            node,
            order: field("1"),
            program: field(value),
            description: None,
            will_reboot: None,
            requires_user_input: None,
            credentials: None,
            unknown: Vec::new(),
        }
    }

    fn list_mut(&mut self, pass: usize) -> &mut CommandList {
        &mut self.answer.passes[pass].components[0].lists[0]
    }

    fn target_mut(&mut self) -> &mut CommandList {
        let la = self.la;
        &mut self.answer.passes[la.pass + 1].components[la.component].lists[la.list]
    }

    /// Runs the will-it-run rules on the copy as it is now.
    fn run(&self, doc: &Document) -> Vec<Diagnostic> {
        let mut ctx = Ctx {
            // Located at the end, and only the results kept.
            locate: false,
            ..Ctx::new(doc, &self.answer)
        };
        runs::check(&mut ctx);
        ctx.out
    }

    /// The probe's diagnostics with `before` in the edited list (alone) and
    /// optionally the setter in front.
    fn sensed(&mut self, doc: &Document, before: Vec<Command>, setter: bool) -> Vec<Diagnostic> {
        let set = setter.then(|| self.synthetic(SETTER));
        let sensor = self.synthetic(SENSOR);
        self.list_mut(0).commands = set.into_iter().collect();
        self.target_mut().commands = before;
        let last = self.answer.passes.len() - 1;
        self.list_mut(last).commands = vec![sensor];
        let out = self.run(doc);
        self.list_mut(0).commands.clear();
        self.target_mut().commands.clear();
        self.list_mut(last).commands.clear();
        out.into_iter()
            .filter(|d| d.target.pass == Some(last))
            .collect()
    }

    /// The probe's diagnostics with nothing before it (computed once).
    fn alone(&mut self, doc: &Document) -> Vec<Diagnostic> {
        if let Some(a) = &self.alone {
            return a.clone();
        }
        let a = self.sensed(doc, Vec::new(), false);
        self.alone = Some(a.clone());
        a
    }

    /// True when the probe notices the setter (checked once).
    fn is_valid(&mut self, doc: &Document) -> bool {
        if let Some(v) = self.valid {
            return v;
        }
        let v = self.alone(doc) != self.sensed(doc, Vec::new(), true);
        self.valid = Some(v);
        v
    }

    /// Whether `cmd`, in the edited list, sets the policy for the commands
    /// after it; `None` when the probe cannot tell.
    pub(super) fn sets_policy(&mut self, doc: &Document, cmd: &Command) -> Option<bool> {
        self.any_sets_policy(doc, vec![cmd.clone()])
    }

    /// Whether any of `cmds`, together in the edited list, sets the policy
    /// for the commands after them (one probe for all: whether the policy is
    /// set after a run of commands is whether any of them set it); `None`
    /// when the probe cannot tell.
    pub(super) fn any_sets_policy(&mut self, doc: &Document, cmds: Vec<Command>) -> Option<bool> {
        if !self.is_valid(doc) {
            return None;
        }
        let alone = self.alone(doc);
        Some(self.sensed(doc, cmds, false) != alone)
    }

    /// The will-it-run diagnostics of some commands of the edited list (by
    /// index, in index order), with targets in the real answer; `None` when
    /// they depend on whether an earlier command set the policy.
    pub(super) fn runs_without_context(
        &mut self,
        doc: &Document,
        real: &Answer,
        picked: Vec<(usize, Command)>,
    ) -> Option<Vec<Diagnostic>> {
        let (plain, with_policy) = self.runs_both(doc, real, picked)?;
        (plain == with_policy).then_some(plain)
    }

    /// [`Probe::runs_without_context`], both ways: as if no earlier command
    /// set the policy, and as if one did. `None` when the probe does not work.
    pub(super) fn runs_both(
        &mut self,
        doc: &Document,
        real: &Answer,
        picked: Vec<(usize, Command)>,
    ) -> Option<(Vec<Diagnostic>, Vec<Diagnostic>)> {
        let index: Vec<usize> = picked.iter().map(|(i, _)| *i).collect();
        self.target_mut().commands = picked.into_iter().map(|(_, c)| c).collect();
        let plain = self.run(doc);
        let setter = self.synthetic(SETTER);
        self.list_mut(0).commands = vec![setter];
        let with_policy = self.run(doc);
        self.list_mut(0).commands.clear();
        self.target_mut().commands.clear();
        // No setter in front: the probe is not needed to tell them apart when they agree,
        // but it must work, or "agree" means nothing.
        if !self.is_valid(doc) {
            return None;
        }
        let la = self.la;
        let locate = self.locate;
        let mine = |d: &Diagnostic| {
            d.target.pass == Some(la.pass + 1)
                && d.target.component == Some(la.component)
                && d.target.list == Some(la.list)
        };
        let to_real = |mut d: Diagnostic| {
            d.target.pass = Some(la.pass);
            d.target.command = d.target.command.and_then(|c| index.get(c).copied());
            // "item n" names a command without an Order by its index.
            d.place = crate::lint::place_of(doc, real, &d.target);
            if locate {
                d.at = doc.line_col(d.span.start as usize);
            }
            d
        };
        let plain = plain.into_iter().filter(mine).map(to_real).collect();
        let with_policy = with_policy.into_iter().filter(mine).map(to_real).collect();
        Some((plain, with_policy))
    }
}
