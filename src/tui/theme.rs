//! Every style and glyph the editor uses. Meaning never rests on colour alone:
//! severities carry a glyph, the selection a marker, the modified state `[+]`.
//! With `NO_COLOR` set, [`Theme::plain`] drops every colour and keeps only
//! modifiers (bold, reverse), which still read on a monochrome terminal.

use crate::lint::Severity;
use ratatui::style::{Color, Modifier, Style};

/// Glyph for an error.
pub const GLYPH_ERROR: &str = "✖";
/// Glyph for a warning.
pub const GLYPH_WARNING: &str = "▲";
/// Glyph for an info.
pub const GLYPH_INFO: &str = "ℹ";
/// Glyph for a collapsed node.
pub const GLYPH_CLOSED: &str = "▸";
/// Glyph for an expanded node.
pub const GLYPH_OPEN: &str = "▾";
/// Separator between Order and text in the tree.
pub const DOT: &str = "·";
/// Mask character for passwords.
pub const MASK: char = '•';

const BASE: Style = Style::new();
const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);
const REVERSED: Style = Style::new().add_modifier(Modifier::REVERSED);

/// The set of styles in use, coloured or plain.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    /// Title bar.
    pub title: Style,
    /// Selected row in the focused pane.
    pub selected: Style,
    /// Selected row in an unfocused pane.
    pub selected_dim: Style,
    /// Border of the focused pane.
    pub border_focus: Style,
    /// Border of other panes.
    pub border: Style,
    /// Error glyphs and messages.
    pub error: Style,
    /// Warnings.
    pub warning: Style,
    /// Infos.
    pub info: Style,
    /// Field labels and key names.
    pub label: Style,
    /// Secondary text (hints, absent values).
    pub dim: Style,
    /// The status line.
    pub status: Style,
    /// Added lines of a diff (they also start with `+`).
    pub added: Style,
    /// Removed lines of a diff (they also start with `-`).
    pub removed: Style,
}

const COLOUR: Theme = Theme {
    title: Style::new().fg(Color::Black).bg(Color::Cyan),
    selected: REVERSED,
    selected_dim: Style::new().add_modifier(Modifier::UNDERLINED),
    border_focus: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    border: BASE,
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    warning: Style::new().fg(Color::Yellow),
    info: Style::new().fg(Color::Blue),
    label: BOLD,
    dim: Style::new().fg(Color::DarkGray),
    status: Style::new().fg(Color::Yellow),
    added: Style::new().fg(Color::Green),
    removed: Style::new().fg(Color::Red),
};

const PLAIN: Theme = Theme {
    title: REVERSED,
    selected: REVERSED,
    selected_dim: Style::new().add_modifier(Modifier::UNDERLINED),
    border_focus: BOLD,
    border: BASE,
    error: BOLD,
    warning: BASE,
    info: BASE,
    label: BOLD,
    dim: BASE,
    status: BOLD,
    added: BASE,
    removed: BASE,
};

impl Theme {
    /// The selected row's style: strong in the focused pane, dim elsewhere.
    pub fn selection(&self, focused: bool) -> Style {
        if focused {
            self.selected
        } else {
            self.selected_dim
        }
    }

    /// Colours, unless `NO_COLOR` is set to a non-empty value.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => PLAIN,
            _ => COLOUR,
        }
    }

    /// No colours at all.
    pub fn plain() -> Theme {
        PLAIN
    }

    /// The style of a severity.
    pub fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Info => self.info,
        }
    }
}

/// The glyph of a severity.
pub fn glyph(s: Severity) -> &'static str {
    match s {
        Severity::Error => GLYPH_ERROR,
        Severity::Warning => GLYPH_WARNING,
        Severity::Info => GLYPH_INFO,
    }
}
