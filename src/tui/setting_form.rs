//! The form of a setting outside the command lists: its facts from the
//! catalog, the value being typed, and the chooser values of booleans and
//! enumerations.
//!
//! As with command fields, typing only changes the text area; the value
//! reaches the document as one `Op::SetSetting` on commit. The pending value
//! is checked live against the catalog with `check_value` (cheap, no copy of
//! the document); the full lint runs once the value is committed.

use super::theme::MASK;
use crate::catalog::settings::{Kind, LenUnit, SettingInfo, ValueType, check_value};
use crate::ops::SettingAddr;
use ratatui_textarea::{CursorMove, TextArea};

/// A setting value being typed into.
pub struct SettingEdit {
    /// The setting.
    pub addr: SettingAddr,
    /// Its catalog entry, when documented.
    pub info: Option<&'static SettingInfo>,
    /// The text typed so far (one line).
    pub area: TextArea<'static>,
    /// The value when editing started.
    pub original: String,
    /// The pending value's problem, in words.
    pub live: Option<String>,
    /// The value is a secret (masked unless revealed).
    pub secret: bool,
}

impl SettingEdit {
    /// Starts editing with the current value, cursor at the end.
    pub fn start(
        addr: SettingAddr,
        info: Option<&'static SettingInfo>,
        value: &str,
        secret: bool,
        reveal: bool,
    ) -> SettingEdit {
        let mut area = TextArea::new(vec![value.to_owned()]);
        area.move_cursor(CursorMove::End);
        if secret && !reveal {
            area.set_mask_char(MASK);
        }
        let mut edit = SettingEdit {
            addr,
            info,
            area,
            original: value.to_owned(),
            live: None,
            secret,
        };
        edit.check_live();
        edit
    }

    /// The typed value.
    pub fn value(&self) -> String {
        self.area.lines().concat()
    }

    /// Keeps the text on one line (a pasted line break is dropped).
    pub fn keep_single_line(&mut self) {
        super::form::single_line(&mut self.area);
    }

    /// Re-checks the pending value against the catalog.
    pub fn check_live(&mut self) {
        let value = self.value();
        self.live = self
            .info
            .and_then(|i| check_value(i, &value).err())
            .map(|p| {
                let said = p.to_string();
                if self.secret && !value.trim().is_empty() {
                    said.replace(value.trim(), "••••••")
                } else {
                    said
                }
            });
    }
}

/// True when the value is picked from a fixed set: booleans and documented
/// enumerations (also numbers with a documented set of values).
pub fn is_chooser(info: Option<&SettingInfo>) -> bool {
    info.is_some_and(|i| {
        i.kind == Kind::Value
            && (i.value_type == ValueType::Bool || !i.constraints.enum_values.is_empty())
    })
}

/// The values a chooser offers, with the current one added when it is not
/// among them (so the list shows it and cycling can come back to it).
pub fn choices(info: &SettingInfo, current: &str) -> Vec<String> {
    let mut all: Vec<String> = if info.value_type == ValueType::Bool {
        vec!["true".into(), "false".into()]
    } else {
        info.constraints
            .enum_values
            .iter()
            .map(|v| (*v).to_owned())
            .collect()
    };
    let cur = current.trim();
    let known = if info.value_type == ValueType::Bool {
        all.iter().any(|v| v.eq_ignore_ascii_case(cur))
    } else {
        all.iter().any(|v| v == cur)
    };
    if !cur.is_empty() && !known {
        all.push(cur.to_owned());
    }
    all
}

/// The next chooser value after `current`; an unknown or empty current value
/// goes to the first choice.
pub fn cycle(info: &SettingInfo, current: &str, forward: bool) -> Option<String> {
    let all = choices(info, current);
    let n = all.len();
    if n == 0 {
        return None;
    }
    let cur = current.trim();
    let at = all
        .iter()
        .position(|v| v == cur)
        .or_else(|| all.iter().position(|v| v.eq_ignore_ascii_case(cur)));
    Some(match (at, forward) {
        (Some(i), true) => all[(i + 1) % n].clone(),
        (Some(i), false) => all[(i + n - 1) % n].clone(),
        (None, _) => all[0].clone(),
    })
}

/// The catalog's facts as `(label, text)` lines, for the form.
pub fn facts(info: &SettingInfo) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let kind = match (info.kind, info.value_type) {
        (Kind::Container, _) => "container".to_owned(),
        (_, t) => type_name(t).to_owned(),
    };
    let kind = if info.list_item {
        match info.key {
            Some(k) => format!("{kind}, list item (key {k})"),
            None => format!("{kind}, list item"),
        }
    } else {
        kind
    };
    out.push(("type", kind));
    let c = &info.constraints;
    if !c.enum_values.is_empty() && info.value_type != ValueType::Bool {
        out.push(("allowed", c.enum_values.join(", ")));
    }
    if !c.flags.is_empty() {
        let f: Vec<String> = c.flags.iter().map(i64::to_string).collect();
        out.push(("flags", f.join(" | ")));
    }
    if let Some((lo, hi)) = c.range {
        out.push(("range", format!("{lo} to {hi}")));
    }
    if let Some(m) = c.min {
        out.push(("minimum", m.to_string()));
    }
    if let Some((n, unit)) = c.max_len {
        let unit = match unit {
            LenUnit::Chars => "characters",
            LenUnit::Bytes => "bytes",
        };
        out.push(("max length", format!("{n} {unit}")));
    }
    if let Some(n) = c.min_len {
        out.push(("min length", format!("{n} characters")));
    }
    if let Some(p) = c.pattern {
        out.push(("pattern", p.to_owned()));
    }
    if c.empty_ok == Some(false) {
        out.push(("empty", "not allowed".into()));
    }
    if let Some(d) = info.default {
        out.push(("default", d.to_owned()));
    }
    if let Some(d) = info.deprecated {
        out.push(("deprecated", d.describe()));
    }
    out.push(("source", info.source.to_owned()));
    out
}

/// The short name of a value type.
pub fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::String => "string",
        ValueType::Int => "integer",
        ValueType::Bool => "boolean",
        ValueType::Enum => "enumeration",
        ValueType::Unknown => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::settings::setting;

    #[test]
    fn choosers_offer_the_documented_values_and_keep_an_unknown_one() {
        let shell = "Microsoft-Windows-Shell-Setup";
        let eula = setting(shell, "OOBE/HideEULAPage").expect("bool");
        assert!(is_chooser(Some(eula)));
        assert_eq!(choices(eula, "True"), ["true", "false"]);
        assert_eq!(cycle(eula, "True", true).as_deref(), Some("false"));
        let loc = setting(shell, "OOBE/NetworkLocation").expect("enum");
        assert_eq!(choices(loc, "home"), ["Home", "Work", "Other", "home"]);
        assert_eq!(cycle(loc, "", true).as_deref(), Some("Home"));
        assert_eq!(cycle(loc, "Home", false).as_deref(), Some("Other"));
        assert!(!is_chooser(setting(shell, "TimeZone")));
        assert!(!is_chooser(setting(shell, "OOBE")));
    }
}
