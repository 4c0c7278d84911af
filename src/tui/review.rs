//! The change review: the unsaved edits as a unified diff against the file on
//! disk, passwords masked on both sides.

use super::app::{App, Body};
use std::path::Path;

/// How a diff line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// `--- ` / `+++ ` file names.
    Header,
    /// `@@ … @@`.
    Hunk,
    /// `+…`.
    Added,
    /// `-…`.
    Removed,
    /// Context or a note.
    Context,
}

/// Classifies one line of a unified diff.
pub fn kind(line: &str) -> LineKind {
    if line.starts_with("+++ ") || line.starts_with("--- ") {
        LineKind::Header
    } else if line.starts_with("@@") {
        LineKind::Hunk
    } else if line.starts_with('+') {
        LineKind::Added
    } else if line.starts_with('-') {
        LineKind::Removed
    } else {
        LineKind::Context
    }
}

/// The text of the file on disk: empty when there is no file (yet); bytes that
/// do not decode are read as UTF-8 with replacement characters.
pub fn disk_text(path: Option<&Path>) -> String {
    let Some(bytes) = path.and_then(|p| std::fs::read(p).ok()) else {
        return String::new();
    };
    match crate::text::decode(&bytes) {
        Ok(d) => d.text,
        Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The text a save would write now.
pub fn current_text(app: &App) -> String {
    match &app.body {
        Body::Tree(ed) => ed.doc().text().to_owned(),
        Body::Repair(r) => r.text(),
    }
}

/// The lines of the diff between `old` (on disk) and `new` (the edits), with
/// passwords masked on both sides; a single note when they are the same.
pub fn diff_lines(old: &str, new: &str) -> Vec<String> {
    let old = crate::secrets::masked_text(old);
    let new = crate::secrets::masked_text(new);
    let diff = crate::diff::unified(&old, &new, "on disk", "unsaved edits", 3);
    if diff.is_empty() {
        return vec!["(no differences from the file on disk)".to_owned()];
    }
    diff.lines().map(str::to_owned).collect()
}

/// The review of `app`'s unsaved edits against the file at `target`.
pub fn of(app: &App, target: Option<&Path>) -> Vec<String> {
    diff_lines(&disk_text(target), &current_text(app))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_passwords_and_marks_lines() {
        let old = "<a>\n<Password>old</Password>\n<b>1</b>\n</a>\n";
        let new = "<a>\n<Password>new</Password>\n<b>2</b>\n</a>\n";
        let lines = diff_lines(old, new);
        let text = lines.join("\n");
        assert!(!text.contains("old") && !text.contains("new<"), "{text}");
        let changed: Vec<&String> = lines
            .iter()
            .filter(|l| matches!(kind(l), LineKind::Added | LineKind::Removed))
            .collect();
        assert_eq!(changed, ["-<b>1</b>", "+<b>2</b>"]);
        assert_eq!(diff_lines("x\n", "x\n").len(), 1);
    }
}
