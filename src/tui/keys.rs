//! Key rebinding from the configuration's `[keys]` table: action names
//! (`save`, `add-command`) mapped to key strings (`"ctrl-s"`, `"f2"`,
//! `"shift-tab"`, `"alt-x"`, `"q"`). Built once at start; [`super::keymap`]
//! reads it, so the keymap stays a pure function of its inputs.

use super::action::{VARIANTS, kebab};
use super::keymap::{BINDINGS, Key};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::collections::BTreeMap;

/// The user's rebindings: for each rebound action (by variant name) the keys
/// that replace its default keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    rebound: Vec<(&'static str, Vec<Key>)>,
}

impl Overrides {
    /// No rebinding: the default keys.
    pub fn none() -> Overrides {
        Overrides::default()
    }

    /// Reads the configuration's table; returns the rebindings and a warning
    /// for each unknown action name or key that cannot be read.
    pub fn from_config(keys: &BTreeMap<String, Vec<String>>) -> (Overrides, Vec<String>) {
        let mut out = Overrides::default();
        let mut warnings = Vec::new();
        for (name, strings) in keys {
            let Some(variant) = rebindable(name) else {
                warnings.push(format!(
                    "keys.{name}: no such action (the help screen, ?, lists them); ignored"
                ));
                continue;
            };
            let mut parsed = Vec::new();
            for s in strings {
                match parse_key(s) {
                    Some(k) => parsed.push(k),
                    None => warnings.push(format!(
                        "keys.{name}: cannot read the key {s:?} (examples: \"ctrl-s\", \"f2\", \"alt-x\", \"shift-tab\", \"q\"); ignored"
                    )),
                }
            }
            if parsed.is_empty() {
                continue;
            }
            out.rebound.retain(|(v, _)| *v != variant);
            out.rebound.push((variant, parsed));
        }
        (out, warnings)
    }

    /// The keys that replace `variant`'s defaults, when it is rebound.
    pub fn keys_of(&self, variant: &str) -> Option<&[Key]> {
        self.rebound
            .iter()
            .find(|(v, _)| *v == variant)
            .map(|(_, k)| k.as_slice())
    }

    /// True when nothing is rebound.
    pub fn is_empty(&self) -> bool {
        self.rebound.is_empty()
    }
}

/// The variant behind a configuration name, if some binding uses it.
fn rebindable(name: &str) -> Option<&'static str> {
    let name = name.trim().to_ascii_lowercase();
    VARIANTS
        .iter()
        .copied()
        .find(|v| kebab(v) == name)
        .filter(|v| BINDINGS.iter().any(|b| b.action.variant() == *v))
}

/// Reads `"ctrl-s"`, `"alt-x"`, `"shift-tab"`, `"f2"`, `"enter"`, `"q"`, `"Q"`
/// (modifiers joined with `-` or `+`, case-insensitive except a lone letter).
pub fn parse_key(s: &str) -> Option<Key> {
    let s = s.trim();
    if s.chars().count() == 1 {
        let ch = s.chars().next()?;
        return Some(Key {
            code: KeyCode::Char(ch),
            mods: KeyModifiers::NONE,
        });
    }
    let mut mods = KeyModifiers::NONE;
    let mut shift = false;
    let mut rest = s;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some((head, tail)) = lower
            .split_once('-')
            .or_else(|| lower.split_once('+'))
            .filter(|(_, t)| !t.is_empty())
        else {
            break;
        };
        match head {
            "ctrl" | "c" | "control" => mods |= KeyModifiers::CONTROL,
            "alt" | "a" | "m" | "meta" => mods |= KeyModifiers::ALT,
            "shift" | "s" => shift = true,
            _ => break,
        }
        rest = &rest[rest.len() - tail.len()..];
    }
    let lower = rest.to_ascii_lowercase();
    let code = match lower.as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" if shift => KeyCode::BackTab,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
        "backspace" | "bs" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        f if f.len() > 1 && f.starts_with('f') => match f[1..].parse::<u8>() {
            Ok(n @ 1..=24) => KeyCode::F(n),
            _ => return None,
        },
        _ if rest.chars().count() == 1 => {
            let ch = rest.chars().next()?;
            // Shift is folded into the character, as the keymap does; with
            // Ctrl or Alt the keymap compares lower-case letters.
            if !mods.is_empty() {
                KeyCode::Char(ch.to_ascii_lowercase())
            } else if shift {
                KeyCode::Char(ch.to_ascii_uppercase())
            } else {
                KeyCode::Char(ch)
            }
        }
        _ => return None,
    };
    Some(Key { code, mods })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> Option<Key> {
        Some(Key { code, mods })
    }

    #[test]
    fn reads_the_usual_spellings() {
        let n = KeyModifiers::NONE;
        assert_eq!(
            parse_key("ctrl-s"),
            key(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            parse_key("Ctrl+S"),
            key(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(
            parse_key("alt-x"),
            key(KeyCode::Char('x'), KeyModifiers::ALT)
        );
        assert_eq!(parse_key("f2"), key(KeyCode::F(2), n));
        assert_eq!(parse_key("shift-tab"), key(KeyCode::BackTab, n));
        assert_eq!(parse_key("shift-a"), key(KeyCode::Char('A'), n));
        assert_eq!(parse_key("q"), key(KeyCode::Char('q'), n));
        assert_eq!(parse_key("-"), key(KeyCode::Char('-'), n));
        assert_eq!(parse_key("enter"), key(KeyCode::Enter, n));
        assert_eq!(parse_key("esc"), key(KeyCode::Esc, n));
        assert_eq!(parse_key("up"), key(KeyCode::Up, n));
        assert_eq!(parse_key("hyper-q"), None);
        assert_eq!(parse_key("f99"), None);
        assert_eq!(parse_key(""), None);
    }

    #[test]
    fn unknown_names_and_keys_warn() {
        let mut t = BTreeMap::new();
        t.insert(
            "save".to_owned(),
            vec!["f2".to_owned(), "nope-key".to_owned()],
        );
        t.insert("frobnicate".to_owned(), vec!["x".to_owned()]);
        t.insert("type".to_owned(), vec!["x".to_owned()]);
        t.insert("add-command".to_owned(), vec!["+".to_owned()]);
        let (o, w) = Overrides::from_config(&t);
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(
            o.keys_of("Save"),
            Some(
                &[Key {
                    code: KeyCode::F(2),
                    mods: KeyModifiers::NONE
                }][..]
            )
        );
        assert!(o.keys_of("AddCommand").is_some());
    }
}
