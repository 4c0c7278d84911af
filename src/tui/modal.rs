//! Dialogs and popups: what is open over the main screen and what answering does.

use crate::answer::CommandAddr;
use ratatui_textarea::TextArea;
use std::path::PathBuf;

/// Something the user must answer before going on.
#[allow(clippy::large_enum_variant)]
pub enum Modal {
    /// A yes/no question; `on_yes` runs on "y".
    Confirm {
        /// The question.
        question: String,
        /// What "yes" does.
        on_yes: Pending,
    },
    /// Save, discard or cancel before quitting.
    QuitAsk,
    /// A one-line text prompt.
    Prompt {
        /// What is asked.
        title: String,
        /// The text typed so far.
        area: TextArea<'static>,
        /// What the answer is for.
        purpose: PromptFor,
    },
    /// A short list of choices.
    Picker {
        /// What is picked.
        title: String,
        /// Labels and what each does.
        items: Vec<(String, Pick)>,
        /// Highlighted item.
        sel: usize,
    },
    /// The help screen.
    Help {
        /// Scroll position.
        scroll: usize,
    },
    /// The raw XML of an item.
    Raw {
        /// What it shows.
        title: String,
        /// The source text's lines.
        lines: Vec<String>,
        /// Scroll position.
        scroll: usize,
    },
    /// Every command in run order.
    Timeline {
        /// Selected entry (an index into the timeline's entries).
        sel: usize,
        /// First visible line (kept by the renderer).
        scroll: std::cell::Cell<usize>,
    },
    /// The unsaved changes as a unified diff, passwords masked.
    Review {
        /// The diff's lines (sanitised when drawn).
        lines: Vec<String>,
        /// Scroll position.
        scroll: usize,
        /// Where to save when the user answers yes; `None`: only a review.
        then_save: Option<PathBuf>,
    },
}

/// Actions waiting for a "yes".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    /// Delete this command.
    Delete(CommandAddr),
    /// Save over a file that changed (or vanished) on disk.
    Overwrite(PathBuf),
    /// Remove this setting (and everything in it).
    RemoveSetting(crate::ops::SettingAddr),
}

/// What a prompt's answer is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptFor {
    /// A search query.
    Search,
    /// A path to save to.
    SaveAs,
}

/// One picker choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Add this pass.
    Pass(crate::catalog::PassKind),
    /// Add a component to a pass.
    Component {
        /// Pass index.
        pass: usize,
        /// Component name.
        name: String,
        /// Architecture.
        arch: String,
    },
    /// What to do with a recovery copy found at start-up.
    Recovery(RecoveryChoice),
    /// Add a command list.
    List {
        /// Pass index.
        pass: usize,
        /// Component index.
        component: usize,
        /// Which list.
        kind: crate::catalog::ListKind,
    },
    /// Add a setting element.
    Setting {
        /// Pass index.
        pass: usize,
        /// Component index.
        component: usize,
        /// The containing setting; `None` for the component itself.
        parent: Option<crate::ops::SettingAddr>,
        /// The element's name.
        name: String,
    },
}

/// Answers to "a recovery copy of this file exists".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryChoice {
    /// Open the unsaved edits (they stay unsaved until you save).
    Recover,
    /// Show how the recovery copy differs from the file on disk.
    ShowDiff,
    /// Delete the recovery copy.
    Discard,
    /// Keep the copy and decide next time.
    Later,
}
