//! The command form: which fields it has, the field being typed into, and the
//! live check of a value before it is committed.
//!
//! Undo stays one step per field edit: typing only changes the text area; the
//! value reaches the document as one `Op::SetField` when the field is
//! committed (Enter, Tab, Shift-Tab). While typing, the pending value is
//! checked against a copy of the command in the typed view (the text is not
//! touched) so the field's own problems show at once without touching the
//! history; see [`FieldEdit::check_live`] for when it falls back to a preview
//! in the document, and [`LIVE_LIMIT`] for when that is skipped.

use super::theme::MASK;
use crate::answer::{CommandAddr, FieldKind};
use crate::lint::{self, Diagnostic};
use crate::ops::{Editor, Op};
use ratatui_textarea::{CursorMove, TextArea};

/// Above this document size a pending value that the typed view cannot check
/// alone (see [`FieldEdit::check_live`]) and that would need a full re-parse
/// is checked on commit only.
pub const LIVE_LIMIT: usize = 2 * 1024 * 1024;

/// A field being typed into.
pub struct FieldEdit {
    /// The command.
    pub addr: CommandAddr,
    /// The field.
    pub kind: FieldKind,
    /// The text typed so far (one line).
    pub area: TextArea<'static>,
    /// The value when editing started.
    pub original: String,
    /// Problems of the pending value for this field.
    pub live: Vec<Diagnostic>,
}

impl FieldEdit {
    /// Starts editing a field with its current value, cursor at the end.
    pub fn start(addr: CommandAddr, kind: FieldKind, value: &str, reveal: bool) -> FieldEdit {
        let mut area = TextArea::new(vec![value.to_owned()]);
        area.move_cursor(CursorMove::End);
        if kind == FieldKind::Password && !reveal {
            area.set_mask_char(MASK);
        }
        FieldEdit {
            addr,
            kind,
            area,
            original: value.to_owned(),
            live: Vec::new(),
        }
    }

    /// The typed value.
    pub fn value(&self) -> String {
        self.area.lines().concat()
    }

    /// Keeps the text on one line (a pasted or typed line break is dropped).
    pub fn keep_single_line(&mut self) {
        single_line(&mut self.area);
    }

    /// Re-checks the pending value against the typed view alone: a copy of
    /// this command with the value (and of its list, for an Order) goes
    /// through the rules of the command, its list and the will-it-run rules,
    /// without touching the text, so the cost does not depend on the file's
    /// size ([`lint::check_field_value`]). When that cannot tell (a result that
    /// depends on whether an earlier command set the PowerShell policy, a
    /// credentials field of a command without credentials), the value is
    /// applied to the document for a moment (in place, without history)
    /// instead; a value that would need a full re-parse of a file over
    /// [`LIVE_LIMIT`] is then checked on commit.
    pub fn check_live(&mut self, ed: &mut Editor) {
        let value = self.value();
        if let Some(live) =
            lint::check_field_value(ed.doc(), ed.answer(), self.addr, self.kind, &value)
        {
            self.live = live;
            return;
        }
        let op = Op::SetField(self.addr, self.kind, value);
        let (addr, kind) = (self.addr, self.kind);
        let found = ed.preview(&op, LIVE_LIMIT, |doc, answer| {
            lint::check_command(doc, answer, addr)
                .into_iter()
                .filter(|d| d.target.command_addr() == Some(addr) && d.target.field == Some(kind))
                .collect::<Vec<_>>()
        });
        if let Some(live) = found {
            self.live = live;
        }
    }
}

/// Joins a text field's lines back into one (a pasted or typed line break is
/// dropped), keeping its mask.
pub fn single_line(area: &mut TextArea<'static>) {
    if area.lines().len() > 1 {
        let one = area.lines().concat();
        let mask = area.mask_char();
        *area = TextArea::new(vec![one]);
        if let Some(m) = mask {
            area.set_mask_char(m);
        }
        area.move_cursor(CursorMove::End);
    }
}

/// True for fields picked from a fixed set instead of typed.
pub fn is_chooser(kind: FieldKind) -> bool {
    matches!(kind, FieldKind::WillReboot | FieldKind::RequiresUserInput)
}

/// The values a chooser cycles through; "" stands for "absent".
pub fn choices(kind: FieldKind) -> &'static [&'static str] {
    match kind {
        FieldKind::WillReboot => &["", "Always", "OnRequest", "Never"],
        FieldKind::RequiresUserInput => &["", "true", "false"],
        _ => &[],
    }
}

/// The next chooser value after `current` (an invalid current value goes to
/// the first real value).
pub fn cycle(kind: FieldKind, current: Option<&str>, forward: bool) -> &'static str {
    let all = choices(kind);
    if all.is_empty() {
        return "";
    }
    let pos = match current {
        None => Some(0),
        Some(v) => all.iter().position(|c| *c == v.trim()),
    };
    let n = all.len();
    match (pos, forward) {
        (Some(i), true) => all[(i + 1) % n],
        (Some(i), false) => all[(i + n - 1) % n],
        (None, _) => all[1.min(n - 1)],
    }
}

/// The label of a field in a list (`Path` or `CommandLine`, `UserName`…).
pub fn label(kind: FieldKind, spec: &crate::catalog::ListSpec) -> &'static str {
    kind.element(spec)
}

/// The problems the document has for one field of one command.
pub fn field_diags(diags: &[Diagnostic], addr: CommandAddr, kind: FieldKind) -> Vec<&Diagnostic> {
    diags
        .iter()
        .filter(|d| d.target.command_addr() == Some(addr) && d.target.field == Some(kind))
        .collect()
}
