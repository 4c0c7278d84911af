//! Every user intent as data. The doc comment of each variant is also its
//! text in the help screen (the macro keeps the two from drifting apart).

use ratatui::crossterm::event::KeyEvent;

macro_rules! actions {
    ($($(#[doc = $doc:literal])+ $name:ident $(($($ty:ty),*))?,)*) => {
        /// What the user asked for.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Action {
            $($(#[doc = $doc])+ $name $(($($ty),*))?,)*
        }

        impl Action {
            /// The one-line description (the variant's doc comment).
            pub fn doc(&self) -> &'static str {
                match self {
                    $(Action::$name { .. } => concat!($($doc),+),)*
                }
            }

            /// The variant's name as written in the source (`AddCommand`).
            pub fn variant(&self) -> &'static str {
                match self {
                    $(Action::$name { .. } => stringify!($name),)*
                }
            }
        }

        /// Every variant's source name, in declaration order.
        pub const VARIANTS: &[&str] = &[$(stringify!($name)),*];
    };
}

impl Action {
    /// The stable name used in the configuration's `[keys]` table: the
    /// variant in kebab case (`AddCommand` → `add-command`).
    pub fn name(&self) -> String {
        kebab(self.variant())
    }
}

/// `AddCommand` → `add-command`.
pub fn kebab(variant: &str) -> String {
    let mut out = String::with_capacity(variant.len() + 4);
    for (i, ch) in variant.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(ch.to_ascii_lowercase());
        } else {
            out.push(ch);
        }
    }
    out
}

actions! {
    /// Move the selection up
    Up,
    /// Move the selection down
    Down,
    /// Move the selection one page up
    PageUp,
    /// Move the selection one page down
    PageDown,
    /// Jump to the first row
    Home,
    /// Jump to the last row
    End,
    /// Expand the node, or go to its first child
    Expand,
    /// Collapse the node, or go to its parent
    Collapse,
    /// Open, expand or edit the selected item
    Activate,
    /// Focus the next pane (or field)
    NextPane,
    /// Focus the previous pane (or field)
    PrevPane,
    /// Cancel, close or go back
    Cancel,
    /// Cycle the chooser's value forward
    ChoiceNext,
    /// Cycle the chooser's value backward
    ChoicePrev,
    /// Show or hide the password
    Reveal,
    /// Add a command to the list (focus lands in Path)
    AddCommand,
    /// Add a pass, component or command list valid here
    AddPicker,
    /// Delete the selected command (asks first)
    Delete,
    /// Duplicate the selected command
    Duplicate,
    /// Move the command up (swaps Order)
    MoveUp,
    /// Move the command down (swaps Order)
    MoveDown,
    /// Renumber the list 1..n in its current sequence
    Renumber,
    /// Undo the last change
    Undo,
    /// Redo the last undone change
    Redo,
    /// Save the file (atomically, with a FILE~ backup)
    Save,
    /// Save under another name
    SaveAs,
    /// Search paths, command lines and descriptions
    Search,
    /// Go to the next search match
    NextMatch,
    /// Go to the previous search match
    PrevMatch,
    /// Show the raw XML of the selected item
    ShowRaw,
    /// Switch the right side between form and problems (narrow screens)
    ToggleProblems,
    /// Show every key binding
    Help,
    /// Show every command in the order Windows runs them
    Timeline,
    /// Show the unsaved changes as a diff against the file on disk
    ReviewChanges,
    /// Quit (asks when there are unsaved changes)
    Quit,
    /// Confirm: yes
    Yes,
    /// Confirm: no
    No,
    /// Save, then quit
    QuitSave,
    /// Quit without saving
    QuitDiscard,
    /// Accept the typed text
    Submit,
    /// Accept the field and edit the next one
    SubmitNext,
    /// Accept the field and edit the previous one
    SubmitPrev,
    /// Type into the text being edited
    Type(KeyEvent),
    /// Mouse click at a screen cell (column, row)
    Click(u16, u16),
    /// Mouse wheel at a screen cell (column, row), down when true
    Wheel(u16, u16, bool),
}

/// What has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Browsing the panes.
    Normal,
    /// Typing into a form field.
    EditField,
    /// Typing a search or a path.
    Prompt,
    /// A yes/no question.
    Confirm,
    /// The quit question: save, discard or cancel.
    QuitAsk,
    /// Choosing from a short list.
    Picker,
    /// The help screen.
    Help,
    /// The raw XML popup.
    Raw,
    /// Repairing a file that is not well-formed.
    Repair,
    /// The run-order timeline popup.
    Timeline,
    /// The unsaved changes as a diff (maybe asking before a save).
    Review,
}

/// The panes of the main screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pane {
    /// Passes → components → lists → commands.
    Tree,
    /// The selected item's fields.
    Form,
    /// The problems list.
    Problems,
}
