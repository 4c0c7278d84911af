//! [`super::recheck`] after whole commands were added to or removed from one
//! list in place (adding, duplicating or deleting a command, and undoing or
//! redoing that).
//!
//! What such a change can affect, and how each is found again:
//!
//! - the list's own rules (U020, U021, U032, U033): run again;
//! - the new commands' own rules: run for them; the removed commands'
//!   diagnostics go; the other commands keep theirs, those after the change
//!   renumbered (their index, and the "item n" of their place);
//! - the will-it-run rules: run for the new commands (in their execution
//!   policy context, found by walking the run order when it matters to
//!   them), and U043 again for the commands the list runs last before and
//!   after the change; when a new or removed command sets the execution
//!   policy, U081 of the commands after it changes: the full check runs then;
//! - the setting rules' pass and deprecation checks of the elements inside
//!   the list (U071, U074): run again over that list alone;
//! - the lines after the change move: messages quoting them (U032 in lists
//!   after the change) are found again by running those lists' rules; U012
//!   and U014 (which quote an earlier pass's or component's line) after the
//!   change leave it to the full check;
//! - Setup's marker (U016) in the added or removed text: the full check.

use super::probe::Probe;
use super::{
    LINE_QUOTING_CODES, LIST_CODES, SETTINGS_CODES, last_of, list_rules_again, moved, moves_of,
};
use crate::answer::{Answer, Command, CommandList, Component, Pass};
use crate::document::Document;
use crate::lint::{Ctx, Diagnostic, FieldChange, ItemsChange, Target, commands, place_of};
use crate::ops::ListAddr;
use crate::xml::Span;

/// The will-it-run rule that looks at whether a command is the last its list
/// runs (a restart in a synchronous list).
const LAST_CODE: &str = "U043";

pub(super) fn recheck_items(
    doc: &Document,
    answer: &Answer,
    before: &[Diagnostic],
    change: &FieldChange,
    items: &ItemsChange,
) -> Option<Vec<Diagnostic>> {
    let la = items.list;
    let list = answer.list(la.command(0))?;
    let (at, gone, came) = (items.at, items.removed.len(), items.inserted);
    if at + came > list.commands.len() {
        return None;
    }
    let [edit] = change.undo.as_slice() else {
        return None;
    };
    let text = doc.text();
    // `None` when Setup's marker is in or beside the text that came or went:
    // U016 searches the whole text, the full check does.
    let (moves, breaks) = moves_of(text, change)?;
    // Where the change is, in the new text, and how much longer the text got.
    let (from, to) = (edit.range.start, edit.range.end);
    let grew = (to - from) as i64 - edit.text.len() as i64;
    let insertion = edit.text.is_empty();

    // Lines after the change moved: messages quoting them may read differently.
    let mut relisted: Vec<ListAddr> = Vec::new();
    if breaks {
        for d in before
            .iter()
            .filter(|d| LINE_QUOTING_CODES.contains(&d.code))
        {
            if d.code != "U032" {
                // U012 and U014 quote an earlier pass or component: the lines
                // before the change did not move. After it, the full check
                // finds them again (rare: a file with a repeated pass or component).
                if d.span.start as usize <= from {
                    continue;
                }
                return None;
            }
            let other = d.target.command_addr().map(ListAddr::from)?;
            let other_list = answer.list(other.command(0))?;
            // A list wholly before the change quotes lines that did not move.
            let ends_before = doc.tree().node(other_list.node).span.end as usize <= from;
            if other != la && !ends_before && !relisted.contains(&other) {
                relisted.push(other);
            }
        }
    }

    // A command that sets the execution policy changes U081 of those after it
    // in run order, in this list and in later ones: the full check follows
    // that context (so does it when the probe cannot tell).
    let mut probe = Probe::new(answer, la)?;
    let new = &list.commands[at..at + came];
    let came_or_went = items.removed.iter().chain(new).cloned().collect();
    if probe.any_sets_policy(doc, came_or_went)? {
        return None;
    }
    // The will-it-run rules again for the new commands, and U043 for the
    // commands the list runs last before and after the change (whether a
    // command is last is all that changed for those).
    let mut again: Vec<usize> = (at..at + came).collect();
    again.extend(last_of(doc, list, &[]));
    again.extend(last_before(doc, list, items));
    again.sort_unstable();
    again.dedup();
    let picked: Vec<(usize, Command)> = again
        .iter()
        .map(|&i| (i, list.commands[i].clone()))
        .collect();
    let (plain, with_policy) = probe.runs_both(doc, answer, picked)?;
    let is_new = |d: &Diagnostic| {
        d.target
            .command
            .is_some_and(|c| (at..at + came).contains(&c))
    };
    let (new_plain, kept): (Vec<Diagnostic>, Vec<Diagnostic>) = plain.into_iter().partition(is_new);
    let mut runs_new: Vec<Diagnostic> = kept.into_iter().filter(|d| d.code == LAST_CODE).collect();
    if with_policy
        .into_iter()
        .filter(is_new)
        .eq(new_plain.iter().cloned())
    {
        runs_new.extend(new_plain);
    } else {
        // What the new commands are told depends on whether a command before
        // them in run order set the policy: walk the run order for it.
        let mut ctx = Ctx::new(doc, answer);
        for i in at..at + came {
            crate::lint::runs::check_only(&mut ctx, la.command(i));
        }
        runs_new.extend(ctx.out);
    }

    // The old index of a command to its new one (`None`: removed).
    let renumber = |j: usize| match j {
        j if j < at => Some(j),
        j if j < at + gone => None,
        j => Some(j - gone + came),
    };
    let in_list = |d: &Diagnostic| d.target.list_addr() == Some(la);
    let list_level = |d: &Diagnostic| {
        d.target.list_addr().is_some_and(|l| relisted.contains(&l))
            && (d.target.command.is_none() || LIST_CODES.contains(&d.code))
    };
    // The setting rules' diagnostics inside the list (old coordinates).
    let list_span = doc.tree().node(list.node).span;
    let old_end = (i64::from(list_span.end) - grew) as u32;
    let setting_in_list = |d: &Diagnostic| {
        SETTINGS_CODES.contains(&d.code)
            && d.target.pass == Some(la.pass)
            && d.target.component == Some(la.component)
            && d.target.list.is_none()
            && (list_span.start..old_end).contains(&d.span.start)
    };
    let mut out = Vec::with_capacity(before.len() + 8);
    for d in before {
        if list_level(d) || setting_in_list(d) {
            continue;
        }
        let mut index = None;
        if in_list(d) {
            let Some(c) = d.target.command else {
                // The list's own rules.
                continue;
            };
            if LIST_CODES.contains(&d.code) {
                continue;
            }
            let Some(now) = renumber(c) else { continue };
            if d.code == LAST_CODE && again.binary_search(&now).is_ok() {
                continue;
            }
            index = (now != c).then_some(now);
        }
        let mut m = if insertion && d.span.start as usize == from {
            // Starts where the new text went in: the node after it.
            shifted(doc, d, from, grew)
        } else {
            moved(doc, &moves, breaks, d)?
        };
        if let Some(now) = index {
            m.target.command = Some(now);
            m.place = place_of(doc, answer, &m.target);
        }
        out.push(m);
    }
    let mut ctx = Ctx::new(doc, answer);
    list_rules_again(&mut ctx, answer, std::iter::once(la).chain(relisted))?;
    for (i, cmd) in new.iter().enumerate() {
        commands::command_rules(&mut ctx, la.command(at + i), list, cmd);
    }
    out.extend(ctx.out);
    out.extend(list_settings(doc, answer, la, list_span));
    out.extend(runs_new);
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    Some(out)
}

/// A diagnostic of the old text starting at `at`, where text `grew` bytes
/// long went in: it moves by that much, and so does its fix.
fn shifted(doc: &Document, d: &Diagnostic, at: usize, grew: i64) -> Diagnostic {
    let mut d = d.clone();
    let by = |p: usize| {
        if p >= at {
            (p as i64 + grew) as usize
        } else {
            p
        }
    };
    d.span = Span::new(by(d.span.start as usize), by(d.span.end as usize));
    d.at = doc.line_col(d.span.start as usize);
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            e.range = by(e.range.start)..by(e.range.end);
        }
    }
    d
}

/// The command the list ran last before the change, by its index now;
/// `None` when that was a removed one.
fn last_before(doc: &Document, list: &CommandList, items: &ItemsChange) -> Option<usize> {
    let (at, came) = (items.at, items.inserted);
    let kept = |i: usize| (i < at || i >= at + came).then(|| &list.commands[i]);
    // Old index and command, in the old order.
    let old = (0..at)
        .filter_map(|i| Some((i, kept(i)?)))
        .chain(items.removed.iter().enumerate().map(|(k, c)| (at + k, c)))
        .chain(
            (at + came..list.commands.len())
                .filter_map(|i| Some((i - came + items.removed.len(), kept(i)?))),
        );
    let (last, _) = old.max_by_key(|&(i, c)| (c.order_number(doc).unwrap_or(i64::MAX), i))?;
    match last {
        j if j < at => Some(j),
        j if j < at + items.removed.len() => None,
        j => Some(j - items.removed.len() + came),
    }
}

/// The setting rules' pass and deprecation diagnostics of the elements
/// inside one list (with span `span`), found by running those rules on a
/// copy of the answer that holds only that list.
fn list_settings(doc: &Document, answer: &Answer, la: ListAddr, span: Span) -> Vec<Diagnostic> {
    let Some(list) = answer.list(la.command(0)) else {
        return Vec::new();
    };
    // Components without a name are passed over by the setting rules.
    let unnamed = |c: &Component| Component {
        node: c.node,
        name: None,
        arch: None,
        public_key_token: None,
        language: None,
        version_scope: None,
        lists: Vec::new(),
        other_settings: Vec::new(),
    };
    let passes = (answer.passes.iter().take(la.pass + 1).enumerate())
        .map(|(pi, p)| Pass {
            node: p.node,
            name: p.name.clone(),
            kind: p.kind,
            components: if pi == la.pass {
                let mut comps: Vec<Component> = (p.components.iter().take(la.component + 1))
                    .map(unnamed)
                    .collect();
                let here = &p.components[la.component];
                comps[la.component] = Component {
                    name: here.name.clone(),
                    arch: here.arch.clone(),
                    lists: vec![CommandList::empty(list.node, list.spec, list.misplaced)],
                    ..unnamed(here)
                };
                comps
            } else {
                Vec::new()
            },
        })
        .collect();
    let only = Answer {
        root: answer.root,
        passes,
        ..Answer::default()
    };
    let mut ctx = Ctx::new(doc, &only);
    crate::lint::settings::check(&mut ctx);
    let target = Target {
        pass: Some(la.pass),
        component: Some(la.component),
        ..Target::default()
    };
    ctx.out
        .into_iter()
        .filter(|d| d.target == target && (span.start..span.end).contains(&d.span.start))
        .map(|mut d| {
            d.place = place_of(doc, answer, &d.target);
            d
        })
        .collect()
}
