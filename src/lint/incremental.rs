//! Revalidation after an edit, in time that does not grow with the file.
//!
//! [`recheck`] takes the diagnostics of the document before a change that only
//! replaced the text of command fields (what committing a form field, undoing
//! it, moving a command or renumbering a list does), added or removed field
//! elements of one command, added or removed whole commands of one list
//! (adding, duplicating, deleting a command: see `items.rs`) or replaced the
//! text of one component's settings, and returns what [`super::check`] would
//! give after it: the edited command list's rules (or that component's setting
//! rules) run again, every other diagnostic is kept with its spans moved by
//! the edit. [`check_field_value`] checks a value being typed against the
//! typed view alone, before it reaches the text.
//!
//! Across lists, a command's diagnostics depend on the rest of the file only
//! through the will-it-run rules' execution-policy context (U081: has an
//! earlier command set the policy?) and through the whole-text search for
//! Setup's `*SENSITIVE*DATA*DELETED*` marker (U016). Both are handled without
//! looking inside those rules: the will-it-run rules run on a copy of the
//! answer's skeleton holding only the commands that need it, once as if the
//! policy were unset and once after a command that sets it; when the two
//! disagree the result depends on context this module does not track and the
//! caller runs the full check. Whether an edited command itself sets the
//! policy is read the same way, from a probe command after it. Line numbers
//! appear in some messages: after an edit that adds or removes a line break,
//! the lists whose U032 quotes a line are checked again, and a U012 or U014
//! (a pass's or component's line) is left to the full check.

mod items;
mod probe;

use probe::Probe;

use super::{Ctx, Diagnostic, commands};
use crate::answer::{Answer, Command, CommandAddr, CommandList, Component, Field, FieldKind, Pass};
use crate::document::{Document, Edit};
use crate::ops::ListAddr;
use crate::xml::{Span, Spliced};

/// The codes of the will-it-run rules (`runs`), which run per command in run order.
const RUNS_CODES: [&str; 8] = [
    "U043", "U080", "U081", "U082", "U083", "U084", "U085", "U086",
];

/// The codes the list rules (`commands::list_rules`) give a command as target
/// (the others they give target the list).
const LIST_CODES: [&str; 1] = ["U032"];

/// The codes of the setting rules (`settings`).
const SETTINGS_CODES: [&str; 6] = ["U070", "U071", "U072", "U073", "U074", "U075"];

/// The code of the clear-text secret rule, which also looks at account
/// passwords among a component's settings.
const ACCOUNT_CODE: &str = "U061";

/// Setup's marker for removed secrets, searched for in the whole text (U016).
const SETUP_MARKER: &[u8] = b"*SENSITIVE*DATA*DELETED*";

/// A change that only replaced the text of command fields, added or removed
/// field elements of one command, added or removed whole commands of one
/// list, or replaced the text of settings (outside the command lists) of one
/// component.
#[derive(Clone, Debug)]
pub struct FieldChange {
    /// The edits that take the change back (ranges in the changed text, text as it was).
    pub undo: Vec<Edit>,
    /// Each changed command field with its value before the change (`None`:
    /// the command did not have the field).
    pub fields: Vec<(CommandAddr, FieldKind, Option<Box<str>>)>,
    /// The component (pass, component) whose settings changed, when the change
    /// replaced settings' text instead (`fields` is empty then).
    pub settings: Option<(usize, usize)>,
    /// When the change added or removed elements: how node ids moved.
    pub spliced: Option<Spliced>,
    /// When the change added or removed whole commands of one list instead
    /// (`fields` is empty then).
    pub items: Option<ItemsChange>,
}

/// Commands added to or removed from one list in one place: the commands at
/// `at..at + removed.len()` before the change are gone, and the list's
/// commands `at..at + inserted` after it are new.
#[derive(Clone, Debug)]
pub struct ItemsChange {
    /// The list.
    pub list: ListAddr,
    /// Where in the list.
    pub at: usize,
    /// The commands removed, holding their values (their elements are gone).
    pub removed: Vec<Command>,
    /// How many commands were inserted.
    pub inserted: usize,
}

fn is_runs_code(code: &str) -> bool {
    RUNS_CODES.contains(&code)
}

/// One edit of the change, in both coordinates.
struct Moved {
    old_start: usize,
    old_end: usize,
    delta: i64,
    /// Where the edit ends in the changed text.
    new_end: usize,
}

/// Codes whose messages quote the line of another element: after a change
/// that adds or removes line breaks they may read differently.
const LINE_QUOTING_CODES: [&str; 3] = ["U012", "U014", "U032"];

/// Where a byte offset of the old text is in the new one; `None` when it falls
/// strictly inside replaced text. Also gives the end (in the new text) of the
/// last edit it moved past, if any.
fn map_offset(moves: &[Moved], p: usize) -> Option<(usize, Option<usize>)> {
    let mut shift = 0i64;
    let mut passed = None;
    for m in moves {
        if p <= m.old_start {
            break;
        }
        if p < m.old_end {
            return None;
        }
        shift += m.delta;
        passed = Some(m.new_end);
    }
    Some(((p as i64 + shift) as usize, passed))
}

fn map_span(moves: &[Moved], s: Span) -> Option<(Span, Option<usize>)> {
    let (start, line) = map_offset(moves, s.start as usize)?;
    let (end, _) = map_offset(moves, s.end as usize)?;
    Some((Span::new(start, end), line))
}

/// The diagnostics of the document after `change`, given `before`, the
/// diagnostics of [`super::check`] on the document before it (in its order).
/// `None` when the change is not one this can follow exactly: run the full
/// check then.
pub fn recheck(
    doc: &Document,
    answer: &Answer,
    before: &[Diagnostic],
    change: &FieldChange,
) -> Option<Vec<Diagnostic>> {
    if let Some(items) = &change.items {
        return items::recheck_items(doc, answer, before, change, items);
    }
    if let Some(at) = change.settings {
        return recheck_settings(doc, answer, before, change, at);
    }
    let first = change.fields.first()?;
    let la = ListAddr::from(first.0);
    if change.fields.iter().any(|f| ListAddr::from(f.0) != la) {
        return None;
    }
    let list = answer.list(first.0)?;
    let text = doc.text();
    let (moves, breaks) = moves_of(text, change)?;
    // Lines moved: a message quoting another element's line may change. Those of
    // the list rules (U032) are found again by running the rules of their lists.
    let mut relisted: Vec<ListAddr> = vec![la];
    if breaks {
        for d in before
            .iter()
            .filter(|d| LINE_QUOTING_CODES.contains(&d.code))
        {
            let other = d.target.command_addr().map(ListAddr::from)?;
            if d.code != "U032" {
                return None;
            }
            if !relisted.contains(&other) {
                relisted.push(other);
            }
        }
    }

    let edited: Vec<usize> = change.fields.iter().map(|f| f.0.command).collect();
    // New Orders that keep the list's run sequence (a renumbering) change no
    // command's will-it-run problems: what runs before each and which runs
    // last stay the same; only their places ("Order n") read differently.
    let same_sequence = change.fields.iter().all(|f| f.1 == FieldKind::Order)
        && list.run_sequence(doc) == run_sequence_before(doc, list, &change.fields);
    // The commands whose will-it-run problems are found again: the edited
    // ones and the last command of the list before and after (Order edits
    // move it: U043).
    let mut again: Vec<usize> = Vec::new();
    if !same_sequence {
        again = edited.clone();
        again.extend(last_of(doc, list, &[]));
        again.extend(last_of(doc, list, &change.fields));
        again.sort_unstable();
        again.dedup();
    }
    let runs_new = if same_sequence {
        Vec::new()
    } else {
        runs_again(doc, answer, list, la, change, &again)?
    };

    // Every other diagnostic stays, moved by the edit.
    let in_list = |d: &Diagnostic| d.target.list_addr() == Some(la);
    let mut edited = edited;
    edited.sort_unstable();
    edited.dedup();
    let list_level = |d: &Diagnostic| {
        let Some(l) = d.target.list_addr() else {
            return false;
        };
        l != la
            && relisted.contains(&l)
            && (d.target.command.is_none() || LIST_CODES.contains(&d.code))
    };
    let mut out = Vec::with_capacity(before.len() + 8);
    for d in before {
        if list_level(d) {
            continue;
        }
        if in_list(d) {
            let rerun = match d.target.command {
                // The list's own rules.
                None => true,
                Some(_) if LIST_CODES.contains(&d.code) => true,
                Some(c) if is_runs_code(d.code) => again.binary_search(&c).is_ok(),
                // A command's own rules look at that command only.
                Some(c) => edited.binary_search(&c).is_ok(),
            };
            if rerun {
                continue;
            }
        }
        let mut m = moved(doc, &moves, breaks, d)?;
        if same_sequence
            && in_list(d)
            && d.target
                .command
                .is_some_and(|c| edited.binary_search(&c).is_ok())
        {
            m.place = super::place_of(doc, answer, &m.target);
        }
        out.push(m);
    }
    let mut ctx = Ctx::new(doc, answer);
    list_rules_again(&mut ctx, answer, relisted)?;
    for &i in &edited {
        commands::command_rules(&mut ctx, la.command(i), list, list.commands.get(i)?);
    }
    out.extend(ctx.out);
    out.extend(runs_new);
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    Some(out)
}

/// Runs the list rules (those of `commands::list_rules`) of `lists` again.
fn list_rules_again(
    ctx: &mut Ctx,
    answer: &Answer,
    lists: impl IntoIterator<Item = ListAddr>,
) -> Option<()> {
    for la in lists {
        commands::list_rules(ctx, la, answer.list(la.command(0))?);
    }
    Some(())
}

/// The will-it-run diagnostics of the commands `again` (indexes in order)
/// after `change`; `None` when they depend on context this module does not
/// follow.
fn runs_again(
    doc: &Document,
    answer: &Answer,
    list: &CommandList,
    la: ListAddr,
    change: &FieldChange,
    again: &[usize],
) -> Option<Vec<Diagnostic>> {
    let mut probe = Probe::new(answer, la)?;
    // A changed program may change whether the list sets the policy for the
    // commands after it; an Order change may move a command that sets it
    // (the commands whose Order changed are asked about together: a
    // renumbering changes hundreds).
    let mut reordered = Vec::new();
    for (a, kind, old) in &change.fields {
        let cmd = list.commands.get(a.command)?;
        let moves_context = match kind {
            FieldKind::Program => {
                let mut was = cmd.clone();
                let node = cmd.program.as_ref().map_or(cmd.node, |f| f.node);
                was.program = old.as_deref().map(|v| Field::with_value(node, v));
                probe.sets_policy(doc, &was)? != probe.sets_policy(doc, cmd)?
            }
            FieldKind::Order => {
                reordered.push(cmd.clone());
                false
            }
            _ => false,
        };
        if moves_context {
            return None;
        }
    }
    if !reordered.is_empty() && probe.any_sets_policy(doc, reordered)? {
        return None;
    }
    let picked: Vec<(usize, Command)> = again
        .iter()
        .filter_map(|&i| Some((i, list.commands.get(i)?.clone())))
        .collect();
    probe.runs_without_context(doc, answer, picked)
}

/// [`CommandList::run_sequence`] with some fields' values replaced (their
/// values before a change).
fn run_sequence_before(
    doc: &Document,
    list: &CommandList,
    replaced: &[(CommandAddr, FieldKind, Option<Box<str>>)],
) -> Vec<usize> {
    let mut keyed: Vec<(i64, usize)> = order_keys(doc, list, replaced)
        .into_iter()
        .zip(0..)
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// Each command's Order as a sort key (`i64::MAX` without a valid one), with some
/// fields' values replaced (their values before a change), read as
/// [`CommandList::run_sequence`] reads them.
fn order_keys(
    doc: &Document,
    list: &CommandList,
    replaced: &[(CommandAddr, FieldKind, Option<Box<str>>)],
) -> Vec<i64> {
    let mut keys: Vec<i64> = list
        .commands
        .iter()
        .map(|c| c.order_number(doc).unwrap_or(i64::MAX))
        .collect();
    for (a, kind, old) in replaced {
        if *kind == FieldKind::Order
            && let Some(slot) = keys.get_mut(a.command)
        {
            *slot = old
                .as_deref()
                .and_then(crate::answer::parse_order)
                .unwrap_or(i64::MAX);
        }
    }
    keys
}

/// The edits of a change in both coordinates, and whether one adds or
/// removes a line break (lines after it move); `None` when one is near
/// Setup's marker (searched for in the whole text).
fn moves_of(text: &str, change: &FieldChange) -> Option<(Vec<Moved>, bool)> {
    let mut undo: Vec<&Edit> = change.undo.iter().collect();
    undo.sort_by_key(|e| e.range.start);
    let mut moves = Vec::with_capacity(undo.len());
    let mut acc = 0i64;
    let mut breaks = false;
    for e in &undo {
        let new = &text.get(e.range.clone())?;
        breaks |= new.contains(['\n', '\r']) || e.text.contains(['\n', '\r']);
        if marker_near(text, e) {
            return None;
        }
        let old_start = (e.range.start as i64 - acc) as usize;
        let delta = e.range.len() as i64 - e.text.len() as i64;
        acc += delta;
        moves.push(Moved {
            old_start,
            old_end: old_start + e.text.len(),
            delta,
            new_end: e.range.end,
        });
    }
    Some((moves, breaks))
}

/// [`recheck`] after settings of one component (outside its command lists)
/// changed: the setting rules (U070–U075) and the account-password rule
/// (U061 outside the lists) run again on that component alone; everything
/// else is kept, moved.
fn recheck_settings(
    doc: &Document,
    answer: &Answer,
    before: &[Diagnostic],
    change: &FieldChange,
    (p, c): (usize, usize),
) -> Option<Vec<Diagnostic>> {
    let text = doc.text();
    let (moves, breaks) = moves_of(text, change)?;
    if breaks {
        return None;
    }
    answer.passes.get(p)?.components.get(c)?;
    // The skeleton with only this component's settings and list containers
    // (the setting rules look at the items' element names in the lists, not
    // at the commands' values).
    let mut only = Answer {
        root: answer.root,
        passes: Vec::with_capacity(answer.passes.len()),
        ..Answer::default()
    };
    for (pi, pass) in answer.passes.iter().enumerate() {
        let components = pass
            .components
            .iter()
            .enumerate()
            .map(|(ci, comp)| {
                let here = (pi, ci) == (p, c);
                skeleton(comp, here, here)
            })
            .collect();
        only.passes.push(Pass {
            node: pass.node,
            name: pass.name.clone(),
            kind: pass.kind,
            components,
        });
    }
    let rerun = |d: &Diagnostic| {
        d.target.pass == Some(p)
            && d.target.component == Some(c)
            && d.target.list.is_none()
            && d.target.command.is_none()
            && (SETTINGS_CODES.contains(&d.code) || d.code == ACCOUNT_CODE)
    };
    let mut out = Vec::with_capacity(before.len() + 8);
    for d in before.iter().filter(|d| !rerun(d)) {
        out.push(moved(doc, &moves, breaks, d)?);
    }
    let mut ctx = Ctx::new(doc, &only);
    super::settings::check(&mut ctx);
    commands::check(&mut ctx);
    out.extend(ctx.out.into_iter().filter(|d| rerun(d)).map(|mut d| {
        // Named from the real answer (the same names; the copy has no commands).
        d.place = super::place_of(doc, answer, &d.target);
        d
    }));
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    Some(out)
}

/// A diagnostic of the old text, moved to the new one.
fn moved(doc: &Document, moves: &[Moved], breaks: bool, d: &Diagnostic) -> Option<Diagnostic> {
    let mut d = d.clone();
    let (span, passed) = map_span(moves, d.span)?;
    // Columns count characters: a start after an edit on the same line moves
    // even when the byte length did not change; after an edit that added or
    // removed line breaks every later line moves.
    if let Some(end) = passed
        && (breaks || doc.line_col(end).line == d.at.line)
    {
        d.at = doc.line_col(span.start as usize);
    }
    d.span = span;
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            let (start, _) = map_offset(moves, e.range.start)?;
            let (end, _) = map_offset(moves, e.range.end)?;
            e.range = start..end;
        }
    }
    Some(d)
}

/// True when Setup's marker could start or end inside this edit, before or after it.
fn marker_near(text: &str, undo: &Edit) -> bool {
    let reach = SETUP_MARKER.len() - 1;
    let bytes = text.as_bytes();
    let from = undo.range.start.saturating_sub(reach);
    let to = (undo.range.end + reach).min(bytes.len());
    let find = |hay: &[u8]| memchr::memmem::find(hay, SETUP_MARKER).is_some();
    let mut old = Vec::with_capacity(2 * reach + undo.text.len());
    old.extend_from_slice(&bytes[from..undo.range.start]);
    old.extend_from_slice(undo.text.as_bytes());
    old.extend_from_slice(&bytes[undo.range.end..to]);
    find(&bytes[from..to]) || find(&old)
}

/// The index of the command a list runs last, with some fields' values
/// replaced (their values before a change): by Order, then document order,
/// commands without a valid Order last, as [`CommandList::run_sequence`].
fn last_of(
    doc: &Document,
    list: &CommandList,
    replaced: &[(CommandAddr, FieldKind, Option<Box<str>>)],
) -> Option<usize> {
    order_keys(doc, list, replaced)
        .into_iter()
        .zip(0..)
        .max()
        .map(|(_, i)| i)
}

/// The problems of one field of one command if it held `value`, from the
/// typed view alone (the text is not touched; spans are those of the current
/// text and line and column are 0): that command's rules, its
/// list's (for an Order) and, for the program, the will-it-run rules. `None`
/// when the answer depends on context this cannot see (the caller previews
/// the edit in the document instead).
pub fn check_field_value(
    doc: &Document,
    answer: &Answer,
    addr: CommandAddr,
    kind: FieldKind,
    value: &str,
) -> Option<Vec<Diagnostic>> {
    let list = answer.list(addr)?;
    let real = list.commands.get(addr.command)?;
    if !kind.applies_to(list.spec) {
        return None;
    }
    let mut cmd = real.clone();
    let slot = field_slot(&mut cmd, kind)?;
    // A new field's element does not exist yet: it points at the command (spans are not
    // shown while typing).
    let node = slot.as_ref().map_or(real.node, |f| f.node);
    *slot = Some(Field::with_value(node, value));
    let mut ctx = Ctx {
        locate: false,
        ..Ctx::new(doc, answer)
    };
    let la = ListAddr::from(addr);
    if kind == FieldKind::Order {
        let mut changed = list.clone();
        changed.commands[addr.command] = cmd.clone();
        commands::list_rules(&mut ctx, la, &changed);
    }
    commands::command_rules(&mut ctx, addr, list, &cmd);
    let mut out = ctx.out;
    if kind == FieldKind::Program {
        let mut picked = vec![(addr.command, cmd)];
        if let Some(last) = last_of(doc, list, &[]).filter(|&l| l != addr.command) {
            picked.push((last, list.commands[last].clone()));
            picked.sort_by_key(|(i, _)| *i);
        }
        let mut probe = Probe::new(answer, la)?;
        probe.locate = false;
        out.extend(probe.runs_without_context(doc, answer, picked)?);
    }
    out.retain(|d| d.target.command_addr() == Some(addr) && d.target.field == Some(kind));
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    Some(out)
}

/// The slot of a field in a command (`None` for a credentials field of a
/// command without credentials: adding those needs the document).
fn field_slot(cmd: &mut Command, kind: FieldKind) -> Option<&mut Option<Field>> {
    Some(match kind {
        FieldKind::Order => &mut cmd.order,
        FieldKind::Program => &mut cmd.program,
        FieldKind::Description => &mut cmd.description,
        FieldKind::WillReboot => &mut cmd.will_reboot,
        FieldKind::RequiresUserInput => &mut cmd.requires_user_input,
        FieldKind::Domain => &mut cmd.credentials.as_deref_mut()?.domain,
        FieldKind::Username => &mut cmd.credentials.as_deref_mut()?.username,
        FieldKind::Password => &mut cmd.credentials.as_deref_mut()?.password,
    })
}

/// A copy of a component's identity for a stripped-down answer: its lists without their
/// commands when `lists`, its other settings when `settings`, nothing else.
fn skeleton(comp: &Component, lists: bool, settings: bool) -> Component {
    Component {
        node: comp.node,
        name: comp.name.clone(),
        arch: comp.arch.clone(),
        public_key_token: None,
        language: None,
        version_scope: None,
        lists: if lists {
            comp.lists
                .iter()
                .map(|l| CommandList::empty(l.node, l.spec, l.misplaced))
                .collect()
        } else {
            Vec::new()
        },
        other_settings: if settings {
            comp.other_settings.clone()
        } else {
            Vec::new()
        },
    }
}
