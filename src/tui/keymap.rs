//! The key table: one list of bindings read by [`keymap`], the help screen and
//! the key-hint bar, so the three can never disagree.

use super::action::{Action, Mode, Pane};
use super::keys::Overrides;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key and its modifiers (Shift is folded into the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub code: KeyCode,
    /// Ctrl / Alt.
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

/// One binding.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys that trigger it.
    pub keys: &'static [Key],
    /// The modes where it applies.
    pub modes: &'static [Mode],
    /// The panes where it applies (empty: all) — only meaningful in [`Mode::Normal`].
    pub panes: &'static [Pane],
    /// What it does.
    pub action: Action,
    /// Short label for the key-hint bar; `None` keeps it out of the bar.
    pub hint: Option<&'static str>,
}

use Action as A;
use KeyCode as K;
use Mode as M;
use Pane as P;

const N: &[Mode] = &[M::Normal];
const ANY: &[Pane] = &[];
const TREE: &[Pane] = &[P::Tree];
const FORM: &[Pane] = &[P::Form];
const EDITABLE: &[Pane] = &[P::Tree, P::Form];
const LISTS: &[Mode] = &[
    M::Normal,
    M::Picker,
    M::Help,
    M::Raw,
    M::Timeline,
    M::Review,
];
const POPUPS: &[Mode] = &[M::Help, M::Raw];

macro_rules! b {
    ($keys:expr, $modes:expr, $panes:expr, $action:expr, $hint:expr) => {
        Binding {
            keys: $keys,
            modes: $modes,
            panes: $panes,
            action: $action,
            hint: $hint,
        }
    };
}

/// Every binding, in help order.
pub static BINDINGS: &[Binding] = &[
    b!(&[k(K::Up), c('k')], LISTS, ANY, A::Up, None),
    b!(&[k(K::Down), c('j')], LISTS, ANY, A::Down, Some("move")),
    b!(&[k(K::PageUp)], LISTS, ANY, A::PageUp, None),
    b!(&[k(K::PageDown)], LISTS, ANY, A::PageDown, None),
    b!(&[k(K::Home), c('g')], LISTS, ANY, A::Home, None),
    b!(&[k(K::End), c('G')], LISTS, ANY, A::End, None),
    b!(&[k(K::Right), c('l')], N, TREE, A::Expand, None),
    b!(&[k(K::Left), c('h')], N, TREE, A::Collapse, None),
    b!(&[k(K::Enter)], N, ANY, A::Activate, Some("open")),
    b!(
        &[k(K::Right), c('l'), c(' ')],
        N,
        FORM,
        A::ChoiceNext,
        Some("choose")
    ),
    b!(&[k(K::Left), c('h')], N, FORM, A::ChoicePrev, None),
    b!(&[c('v'), ctrl('v')], N, FORM, A::Reveal, Some("reveal")),
    b!(
        &[ctrl('v')],
        &[M::EditField],
        ANY,
        A::Reveal,
        Some("reveal")
    ),
    b!(&[k(K::Tab)], N, ANY, A::NextPane, Some("pane")),
    b!(&[k(K::BackTab)], N, ANY, A::PrevPane, None),
    b!(&[c('a')], N, EDITABLE, A::AddCommand, Some("add")),
    b!(&[c('A')], N, EDITABLE, A::AddPicker, Some("add…")),
    b!(&[c('d')], N, EDITABLE, A::Delete, Some("del")),
    b!(&[c('y')], N, EDITABLE, A::Duplicate, Some("dup")),
    b!(&[c('K')], N, EDITABLE, A::MoveUp, None),
    b!(&[c('J')], N, EDITABLE, A::MoveDown, Some("move cmd")),
    b!(&[c('r')], N, EDITABLE, A::Renumber, None),
    b!(&[c('u')], N, ANY, A::Undo, Some("undo")),
    b!(&[ctrl('r')], N, ANY, A::Redo, None),
    b!(
        &[ctrl('s')],
        &[M::Normal, M::EditField, M::Repair],
        ANY,
        A::Save,
        Some("save")
    ),
    b!(&[c('S')], N, ANY, A::SaveAs, None),
    b!(&[c('/')], N, ANY, A::Search, Some("search")),
    b!(&[c('n')], N, ANY, A::NextMatch, None),
    b!(&[c('N')], N, ANY, A::PrevMatch, None),
    b!(&[c('x')], N, ANY, A::ShowRaw, None),
    b!(&[c('p')], N, ANY, A::ToggleProblems, None),
    b!(&[c('?'), k(K::F(1))], N, ANY, A::Help, Some("help")),
    b!(&[c('t')], N, ANY, A::Timeline, None),
    b!(&[c('D')], N, ANY, A::ReviewChanges, None),
    b!(&[k(K::F(1))], &[M::Repair], ANY, A::Help, Some("help")),
    b!(&[c('q')], N, ANY, A::Quit, Some("quit")),
    b!(&[ctrl('q')], &[M::Repair], ANY, A::Quit, Some("quit")),
    b!(
        &[k(K::Esc)],
        N,
        &[P::Form, P::Problems],
        A::Cancel,
        Some("back")
    ),
    // Editing a field.
    b!(
        &[k(K::Enter)],
        &[M::EditField, M::Prompt, M::Picker],
        ANY,
        A::Submit,
        Some("ok")
    ),
    b!(
        &[k(K::Tab)],
        &[M::EditField],
        ANY,
        A::SubmitNext,
        Some("next")
    ),
    b!(&[k(K::BackTab)], &[M::EditField], ANY, A::SubmitPrev, None),
    b!(
        &[k(K::Esc)],
        &[M::EditField, M::Prompt, M::Picker],
        ANY,
        A::Cancel,
        Some("cancel")
    ),
    // Questions.
    b!(&[c('y')], &[M::Confirm], ANY, A::Yes, Some("yes")),
    b!(&[c('n'), k(K::Esc)], &[M::Confirm], ANY, A::No, Some("no")),
    b!(&[c('s')], &[M::QuitAsk], ANY, A::QuitSave, Some("save")),
    b!(
        &[c('d')],
        &[M::QuitAsk],
        ANY,
        A::QuitDiscard,
        Some("discard")
    ),
    b!(
        &[c('c'), k(K::Esc)],
        &[M::QuitAsk],
        ANY,
        A::Cancel,
        Some("cancel")
    ),
    // Popups.
    b!(
        &[k(K::Esc), c('q'), c('?'), c('x'), k(K::F(1))],
        POPUPS,
        ANY,
        A::Cancel,
        Some("close")
    ),
    // The timeline and the change review.
    b!(
        &[k(K::Enter)],
        &[M::Timeline],
        ANY,
        A::Activate,
        Some("go to")
    ),
    b!(
        &[k(K::Esc), c('q'), c('t')],
        &[M::Timeline],
        ANY,
        A::Cancel,
        Some("close")
    ),
    // The review's title says "y save · n cancel" when a save is waiting.
    b!(&[c('y')], &[M::Review], ANY, A::Yes, None),
    b!(&[c('n')], &[M::Review], ANY, A::No, None),
    b!(
        &[k(K::Esc), c('q'), c('D')],
        &[M::Review],
        ANY,
        A::Cancel,
        Some("close")
    ),
];

fn normalise(key: &KeyEvent) -> Key {
    let mut mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let code = match key.code {
        // Some terminals report Ctrl-letters upper-case when Shift is held.
        KeyCode::Char(ch) if !mods.is_empty() => KeyCode::Char(ch.to_ascii_lowercase()),
        other => other,
    };
    if code == KeyCode::BackTab {
        mods = KeyModifiers::NONE;
    }
    Key { code, mods }
}

/// The action a key press means in a mode with a pane focused. Releases and
/// repeats-as-release (Windows) are ignored; unbound keys in text modes type.
pub fn keymap(mode: Mode, focus: Pane, key: KeyEvent) -> Option<Action> {
    keymap_with(mode, focus, key, &Overrides::none())
}

/// The keys a binding answers to: the user's keys for a rebound action, else
/// the defaults.
pub fn effective_keys<'a>(b: &'a Binding, user: &'a Overrides) -> &'a [Key] {
    user.keys_of(b.action.variant()).unwrap_or(b.keys)
}

/// [`keymap`] with the user's rebindings: a rebound action answers to its
/// new keys only, and those win over any default binding of the same key.
pub fn keymap_with(mode: Mode, focus: Pane, key: KeyEvent, user: &Overrides) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let want = normalise(&key);
    let here = |b: &&Binding| {
        b.modes.contains(&mode)
            && (mode != Mode::Normal || b.panes.is_empty() || b.panes.contains(&focus))
    };
    let rebound = BINDINGS.iter().filter(here).find(|b| {
        user.keys_of(b.action.variant())
            .is_some_and(|k| k.contains(&want))
    });
    let found = rebound.or_else(|| {
        BINDINGS
            .iter()
            .filter(here)
            .find(|b| effective_keys(b, user).contains(&want))
    });
    match found {
        Some(b) => Some(b.action),
        None if matches!(mode, M::EditField | M::Prompt | M::Repair) => Some(A::Type(key)),
        None => None,
    }
}

/// How a key is written in help and hints.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        K::Up => "↑".into(),
        K::Down => "↓".into(),
        K::Left => "←".into(),
        K::Right => "→".into(),
        K::Enter => "Enter".into(),
        K::Esc => "Esc".into(),
        K::Tab => "Tab".into(),
        K::BackTab => "S-Tab".into(),
        K::PageUp => "PgUp".into(),
        K::PageDown => "PgDn".into(),
        K::Home => "Home".into(),
        K::End => "End".into(),
        K::F(n) => format!("F{n}"),
        K::Char(' ') => "Space".into(),
        K::Char(ch) => ch.to_string(),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    if key.mods.contains(KeyModifiers::CONTROL) {
        out.push_str("Ctrl-");
    }
    if key.mods.contains(KeyModifiers::ALT) {
        out.push_str("Alt-");
    }
    out.push_str(&name);
    out
}

/// The bindings that apply in a mode and pane.
pub fn bindings_for(mode: Mode, focus: Pane) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| {
        b.modes.contains(&mode)
            && (mode != Mode::Normal || b.panes.is_empty() || b.panes.contains(&focus))
    })
}

/// The key-hint bar's entries for a mode and pane: `("Ctrl-s", "save")`.
/// Help and quit come first so they survive on a narrow bar.
pub fn hints(mode: Mode, focus: Pane) -> Vec<(String, &'static str)> {
    hints_with(mode, focus, &Overrides::none())
}

/// [`hints`] showing the user's keys for rebound actions.
pub fn hints_with(mode: Mode, focus: Pane, user: &Overrides) -> Vec<(String, &'static str)> {
    hints_where(mode, focus, user, |_| true)
}

/// [`hints_with`] for the actions `keep` accepts (read-only mode hides edits).
pub fn hints_where(
    mode: Mode,
    focus: Pane,
    user: &Overrides,
    keep: impl Fn(Action) -> bool,
) -> Vec<(String, &'static str)> {
    let mut found: Vec<&Binding> = bindings_for(mode, focus)
        .filter(|b| b.hint.is_some() && keep(b.action))
        .collect();
    found.sort_by_key(|b| !matches!(b.action, A::Help | A::Quit));
    found
        .into_iter()
        .filter_map(|b| {
            let hint = b.hint?;
            let keys = effective_keys(b, user)
                .first()
                .map(key_label)
                .unwrap_or_default();
            Some((keys, hint))
        })
        .collect()
}

/// Every binding as `(keys, where, what)` rows for the help screen.
pub fn help_rows() -> Vec<(String, String, &'static str)> {
    help_rows_with(&Overrides::none())
        .into_iter()
        .map(|(k, p, w, _)| (k, p, w))
        .collect()
}

/// One help row: keys, where, what, the action's name.
pub type HelpRow = (String, String, &'static str, String);

/// [`help_rows`] showing the user's keys for rebound actions, with each
/// action's name for the configuration's `[keys]` table.
pub fn help_rows_with(user: &Overrides) -> Vec<HelpRow> {
    BINDINGS
        .iter()
        .map(|b| {
            let keys = effective_keys(b, user)
                .iter()
                .map(key_label)
                .collect::<Vec<_>>()
                .join(" ");
            let place = if b.modes == LISTS {
                "lists and popups".to_owned()
            } else if b.modes == N && !b.panes.is_empty() {
                b.panes
                    .iter()
                    .map(|p| format!("{p:?}").to_lowercase())
                    .collect::<Vec<_>>()
                    .join("/")
            } else if b.modes == N {
                String::new()
            } else {
                b.modes.iter().map(mode_name).collect::<Vec<_>>().join("/")
            };
            (keys, place, b.action.doc().trim(), b.action.name())
        })
        .collect()
}

fn mode_name(m: &Mode) -> String {
    match m {
        M::EditField => "field".into(),
        M::QuitAsk => "quit?".into(),
        other => format!("{other:?}").to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presses_only_and_shift_folded() {
        let mut ev = KeyEvent::new(KeyCode::Char('K'), KeyModifiers::SHIFT);
        assert_eq!(keymap(M::Normal, P::Tree, ev), Some(A::MoveUp));
        ev.kind = KeyEventKind::Release;
        assert_eq!(keymap(M::Normal, P::Tree, ev), None);
        let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(keymap(M::Normal, P::Problems, ctrl_r), Some(A::Redo));
        let q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(keymap(M::EditField, P::Form, q), Some(A::Type(q)));
    }

    #[test]
    fn no_key_means_two_things_in_one_place() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap_mode = a.modes.iter().any(|m| b.modes.contains(m));
                let overlap_pane = a.panes.is_empty()
                    || b.panes.is_empty()
                    || a.panes.iter().any(|p| b.panes.contains(p));
                let overlap_key = a.keys.iter().any(|k| b.keys.contains(k));
                assert!(
                    !(overlap_mode && overlap_pane && overlap_key),
                    "{:?} and {:?} share a key",
                    a.action,
                    b.action
                );
            }
        }
    }
}
