//! The editor's whole state. Only [`super::update::update`] changes it; the
//! render functions read it.

use super::action::{Mode, Pane};
use super::form::FieldEdit;
pub use super::modal::{Modal, Pending, Pick, PromptFor, RecoveryChoice};
use super::theme::Theme;
use super::tree::{self, NodeRef, Row};
use crate::answer::{CommandAddr, FieldKind};
use crate::document::{Document, LoadError, LoadErrorKind};
use crate::fsio::{self, Fingerprint, FsError};
use crate::lint::{self, Diagnostic, Severity};
use crate::ops::Editor;
use crate::text::{Decoded, Encoding, LineCol, LineEnding};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

/// The new-file template.
pub const TEMPLATE: &str = include_str!("../../assets/template.xml");

/// A file that did not parse, being repaired as text.
pub struct Repair {
    /// The raw text.
    pub area: TextArea<'static>,
    /// The encoding the file was read in (and is written back in).
    pub encoding: Encoding,
    /// The line ending used to join the lines back.
    pub eol: &'static str,
    /// The current parse error and where it is.
    pub error: String,
    /// Where the error is.
    pub at: Option<LineCol>,
    /// A note about how the text was read (lossy decoding).
    pub note: Option<String>,
    /// True once the text was edited.
    pub modified: bool,
    /// The line ending that ended each original line (`\r\n` or `\n`), so a
    /// file with mixed endings is written back as it was while the number of
    /// lines is unchanged.
    pub line_ends: Vec<&'static str>,
}

impl Repair {
    /// The edited text as one string.
    pub fn text(&self) -> String {
        let lines = self.area.lines();
        if lines.len() != self.line_ends.len() + 1 {
            return lines.join(self.eol);
        }
        let mut out = String::new();
        for (i, l) in lines.iter().enumerate() {
            out.push_str(l);
            if let Some(e) = self.line_ends.get(i) {
                out.push_str(e);
            }
        }
        out
    }

    /// True when the file was not valid UTF-8 and was read with replacement
    /// characters: saving it over the original would lose those bytes.
    pub fn lossy(&self) -> bool {
        self.note.is_some()
    }
}

/// What is being edited.
pub enum Body {
    /// A well-formed document.
    Tree(Box<Editor>),
    /// A broken file, as text.
    Repair(Box<Repair>),
}

/// The editor.
pub struct App {
    /// Where the file lives; `None` for a new untitled file.
    pub path: Option<PathBuf>,
    /// The file as it was on disk when loaded or last saved.
    pub fingerprint: Option<Fingerprint>,
    /// Review only: every edit is refused.
    pub read_only: bool,
    /// The document or the repair text.
    pub body: Body,
    /// The focused pane.
    pub focus: Pane,
    /// Styles.
    pub theme: Theme,
    /// The last message for the user.
    pub status: Option<String>,
    /// Set when the editor should exit.
    pub should_quit: bool,
    /// Quit once the pending save succeeds.
    pub quit_after_save: bool,
    /// Expanded tree nodes.
    pub expanded: HashSet<NodeRef>,
    /// Visible tree rows (cached per revision and expanded set).
    pub rows: Vec<Row>,
    /// Selected tree row.
    pub selected: usize,
    /// First visible tree row (kept by the renderer).
    pub tree_scroll: Cell<usize>,
    /// Problems, errors first (cached per revision).
    pub diags: Vec<Diagnostic>,
    /// The same problems in [`lint::check`]'s order: what the next
    /// incremental revalidation ([`lint::recheck`]) starts from.
    lint_diags: Vec<Diagnostic>,
    /// Worst problem under each node.
    pub worst: HashMap<NodeRef, Severity>,
    /// Selected problem.
    pub problem_sel: usize,
    /// First visible problem (kept by the renderer).
    pub problems_scroll: Cell<usize>,
    /// Selected form field.
    pub field: usize,
    /// The field being typed into.
    pub edit: Option<FieldEdit>,
    /// Show the password in clear.
    pub reveal: bool,
    /// The open dialog or popup.
    pub modal: Option<Modal>,
    /// On narrow screens: the right side shows problems instead of the form.
    pub show_problems: bool,
    /// The last search query.
    pub search: Option<String>,
    /// The screen was narrow at the last draw (set by the renderer).
    pub narrow: Cell<bool>,
    /// A recovery copy found at start-up, until it is recovered, discarded or
    /// superseded by a save.
    pub recovery: Option<fsio::Recovery>,
    /// A recovery copy whose edits are open now; removed after the next save.
    pub recovery_file: Option<PathBuf>,
    /// The user's configuration.
    pub config: crate::config::Config,
    /// Setting rows: interned addresses, elements, problem spans.
    pub settings: super::settings::SettingIndex,
    /// The setting value being typed into.
    pub setting_edit: Option<super::setting_form::SettingEdit>,
    /// The user's key rebindings (from `config.keys`).
    pub keys: super::keys::Overrides,
    /// Where the panes were drawn, for mouse clicks (set by the renderer).
    pub areas: super::mouse::Areas,
    cache: Option<(u64, u64)>,
    generation: u64,
    rows_dirty: bool,
}

impl App {
    fn with_body(path: Option<PathBuf>, body: Body, read_only: bool) -> App {
        let mut app = App {
            path,
            fingerprint: None,
            read_only,
            body,
            focus: Pane::Tree,
            theme: Theme::from_env(),
            status: None,
            should_quit: false,
            quit_after_save: false,
            expanded: HashSet::new(),
            rows: Vec::new(),
            selected: 0,
            tree_scroll: Cell::new(0),
            diags: Vec::new(),
            lint_diags: Vec::new(),
            worst: HashMap::new(),
            problem_sel: 0,
            problems_scroll: Cell::new(0),
            field: 0,
            edit: None,
            reveal: false,
            modal: None,
            show_problems: false,
            search: None,
            narrow: Cell::new(false),
            recovery: None,
            recovery_file: None,
            config: crate::config::Config::default(),
            settings: Default::default(),
            setting_edit: None,
            keys: super::keys::Overrides::none(),
            areas: super::mouse::Areas::default(),
            cache: None,
            generation: 0,
            rows_dirty: true,
        };
        if let Body::Tree(ed) = &app.body {
            app.expanded = tree::default_expanded(ed.answer());
        }
        app.refresh();
        app
    }

    /// A new untitled file from the template.
    pub fn untitled(read_only: bool) -> App {
        match Document::load(TEMPLATE.as_bytes()) {
            Ok(doc) => App::with_body(None, Body::Tree(Box::new(Editor::new(doc))), read_only),
            Err(e) => App::with_body(None, repair_body(e, TEMPLATE.as_bytes()), read_only),
        }
    }

    /// Opens `path` from disk. A missing file starts from the template and is
    /// created on save.
    pub fn open(path: PathBuf, read_only: bool) -> Result<App, String> {
        match fsio::read_answer_file(&path) {
            Ok(loaded) => {
                let mut app = App::from_bytes(Some(path), &loaded.bytes, read_only)?;
                app.fingerprint = Some(loaded.fingerprint);
                Ok(app)
            }
            Err(FsError::NotFound { .. }) if !read_only => {
                let mut app = App::untitled(false);
                app.status = Some(format!(
                    "new file: {} is created when you save",
                    super::sanitize::sanitize(&path.display().to_string())
                ));
                app.path = Some(path);
                Ok(app)
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// Opens file bytes: the tree when they parse, the repair view when not.
    pub fn from_bytes(path: Option<PathBuf>, bytes: &[u8], read_only: bool) -> Result<App, String> {
        let body = match Document::load(bytes) {
            Ok(doc) => Body::Tree(Box::new(Editor::new(doc))),
            Err(e) if e.decoded.is_some() || e.kind == LoadErrorKind::Decode && e.at.is_some() => {
                repair_body(e, bytes)
            }
            Err(e) => return Err(e.to_string()),
        };
        Ok(App::with_body(path, body, read_only))
    }

    /// Applies the user's configuration (theme, `NO_COLOR` still wins; key
    /// rebindings). Returns warnings about keys it could not use.
    pub fn apply_config(&mut self) -> Vec<String> {
        if self.config.theme == crate::config::Theme::Monochrome {
            self.theme = Theme::plain();
        }
        let (keys, warnings) = super::keys::Overrides::from_config(&self.config.keys);
        self.keys = keys;
        warnings
    }

    /// Changes whenever what a save would write may have changed.
    pub fn change_key(&self) -> (u64, u64, bool, u64) {
        match &self.body {
            Body::Tree(ed) => (self.generation, ed.doc().revision(), ed.is_modified(), 0),
            Body::Repair(r) => {
                // The repair text has no revision: fingerprint it (such files are small).
                let text = r.text();
                (
                    self.generation,
                    0,
                    r.modified,
                    Fingerprint::of(text.as_bytes(), None).hash,
                )
            }
        }
    }

    /// The mode, derived from what is open.
    pub fn mode(&self) -> Mode {
        match &self.modal {
            Some(Modal::Confirm { .. }) => Mode::Confirm,
            Some(Modal::QuitAsk) => Mode::QuitAsk,
            Some(Modal::Prompt { .. }) => Mode::Prompt,
            Some(Modal::Picker { .. }) => Mode::Picker,
            Some(Modal::Help { .. }) => Mode::Help,
            Some(Modal::Raw { .. }) => Mode::Raw,
            Some(Modal::Timeline { .. }) => Mode::Timeline,
            Some(Modal::Review { .. }) => Mode::Review,
            None if self.edit.is_some() || self.setting_edit.is_some() => Mode::EditField,
            None if matches!(self.body, Body::Repair(_)) => Mode::Repair,
            None => Mode::Normal,
        }
    }

    /// The editor, when the document parsed.
    pub fn editor(&self) -> Option<&Editor> {
        match &self.body {
            Body::Tree(ed) => Some(ed),
            Body::Repair(_) => None,
        }
    }

    /// The editor, mutably.
    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match &mut self.body {
            Body::Tree(ed) => Some(ed),
            Body::Repair(_) => None,
        }
    }

    /// True when there are unsaved changes.
    pub fn is_modified(&self) -> bool {
        match &self.body {
            Body::Tree(ed) => ed.is_modified(),
            Body::Repair(r) => r.modified,
        }
    }

    /// The bytes a save would write now.
    pub fn bytes_to_save(&self) -> Vec<u8> {
        match &self.body {
            Body::Tree(ed) => ed.doc().to_bytes(),
            Body::Repair(r) => crate::text::encode(&r.text(), r.encoding),
        }
    }

    /// [`App::bytes_to_save`] into `out`, reusing its buffer.
    pub fn write_bytes_to_save(&self, out: &mut Vec<u8>) {
        match &self.body {
            Body::Tree(ed) => ed.doc().write_bytes(out),
            Body::Repair(r) => crate::text::encode_into(&r.text(), r.encoding, out),
        }
    }

    /// The selected tree node.
    pub fn selected_node(&self) -> Option<NodeRef> {
        self.rows.get(self.selected).map(|r| r.node)
    }

    /// The selected command, if a command is selected.
    pub fn selected_command(&self) -> Option<CommandAddr> {
        match self.selected_node()? {
            NodeRef::Command(a) => Some(a),
            _ => None,
        }
    }

    /// The form fields of the selected item (commands only; other forms are read-only).
    pub fn form_fields(&self) -> Vec<FieldKind> {
        let (Some(a), Some(ed)) = (self.selected_command(), self.editor()) else {
            return Vec::new();
        };
        let Some(list) = ed.answer().list(a) else {
            return Vec::new();
        };
        FieldKind::ALL
            .into_iter()
            .filter(|f| f.applies_to(list.spec))
            .collect()
    }

    /// The selected field, when a command is selected.
    pub fn selected_field(&self) -> Option<FieldKind> {
        self.form_fields().get(self.field).copied()
    }

    /// Marks the tree rows for rebuilding.
    pub fn invalidate_rows(&mut self) {
        self.rows_dirty = true;
    }

    /// Replaces the body with a freshly parsed document (after a repair).
    pub fn adopt(&mut self, doc: Document) {
        let mut ed = Editor::new(doc);
        ed.mark_unsaved();
        self.expanded = tree::default_expanded(ed.answer());
        self.body = Body::Tree(Box::new(ed));
        self.generation += 1;
        self.selected = 0;
        self.rows_dirty = true;
        self.refresh();
    }

    /// Brings the caches up to date with the document: problems when the
    /// revision changed, rows when that or the expanded set changed.
    pub fn refresh(&mut self) {
        let Body::Tree(ed) = &self.body else {
            self.rows.clear();
            self.diags.clear();
            self.lint_diags.clear();
            self.worst.clear();
            return;
        };
        let key = (self.generation, ed.doc().revision());
        if self.cache != Some(key) {
            // A change that only replaced command fields' text, from the
            // revision these problems are for: revalidate what it can affect.
            let field_change = match (self.cache, ed.field_change()) {
                (Some((generation, revision)), Some((from, to, change)))
                    if generation == self.generation && revision == from && to == key.1 =>
                {
                    Some(change)
                }
                _ => None,
            };
            let quick = field_change
                .and_then(|change| lint::recheck(ed.doc(), ed.answer(), &self.lint_diags, change));
            let lint_diags = quick.unwrap_or_else(|| {
                // After a load or a re-parse: build the line index now, with the
                // full check, rather than in the middle of the next keystroke.
                ed.doc().lines();
                lint::check(ed.doc(), ed.answer())
            });
            let mut diags = lint_diags.clone();
            self.lint_diags = lint_diags;
            diags.sort_by_key(|d| (d.severity, d.span.start));
            self.worst = tree::worst_by_node(&diags);
            self.settings.index_problems(&diags);
            self.diags = diags;
            self.problem_sel = self.problem_sel.min(self.diags.len().saturating_sub(1));
            self.cache = Some(key);
            // Only a change of the tree's shape changes which rows there are;
            // commands added to or removed from a list, or an Order change,
            // change only that list's command rows. The setting rows' problem
            // marks need the new spans either way.
            let same_rows = !self.rows_dirty
                && field_change.is_some_and(|c| {
                    let mut lists: Vec<_> = c
                        .fields
                        .iter()
                        .filter(|(_, kind, _)| *kind == crate::answer::FieldKind::Order)
                        .map(|(a, _, _)| crate::ops::ListAddr::from(*a))
                        .chain(c.items.as_ref().map(|items| items.list))
                        .collect();
                    // Each list once (a renumbering changes every Order of one).
                    lists.sort_unstable();
                    lists.dedup();
                    lists.iter().all(|&la| {
                        tree::relist(
                            &mut self.rows,
                            &mut self.selected,
                            ed.doc(),
                            ed.answer(),
                            la,
                        )
                    })
                });
            if let Some(sp) = field_change.and_then(|c| c.spliced) {
                // Setting elements after the splice changed ids.
                self.settings.renumber(&sp);
            }
            if same_rows {
                self.settings
                    .mark_rows(ed.doc(), &self.rows, &mut self.worst);
            } else {
                self.rows_dirty = true;
            }
        }
        if self.rows_dirty {
            let keep = self.selected_node();
            let mut build = super::settings::Build {
                doc: ed.doc(),
                expanded: &self.expanded,
                index: &mut self.settings,
                worst: &mut self.worst,
            };
            self.rows = tree::build_rows(ed.doc(), ed.answer(), &self.expanded, &mut build);
            self.rows_dirty = false;
            if let Some(i) = keep.and_then(|n| self.rows.iter().position(|r| r.node == n)) {
                self.selected = i;
            }
            self.selected = self.selected.min(self.rows.len().saturating_sub(1));
        }
    }

    /// Selects a node, expanding its ancestors.
    pub fn select_node(&mut self, node: NodeRef) {
        let mut up = self.parent_of(node);
        let mut changed = false;
        while let Some(n) = up {
            changed |= self.expanded.insert(n);
            up = self.parent_of(n);
        }
        if changed {
            self.rows_dirty = true;
            self.refresh();
        }
        if let Some(i) = self.rows.iter().position(|r| r.node == node) {
            if i != self.selected {
                self.field = 0;
                self.reveal = false;
            }
            self.selected = i;
        }
    }

    /// The node that contains `node` (for a setting: its container).
    pub fn parent_of(&self, node: NodeRef) -> Option<NodeRef> {
        match node {
            NodeRef::Setting(_, _, key) => self.settings.parent(key),
            other => other.parent(),
        }
    }

    /// The selected setting: its address and, for the current revision, its element.
    pub fn selected_setting(&self) -> Option<(&crate::ops::SettingAddr, crate::xml::NodeId)> {
        match self.selected_node()? {
            NodeRef::Setting(_, _, key) => {
                Some((self.settings.addr(key)?, self.settings.node(key)?))
            }
            _ => None,
        }
    }

    /// Sets the status line.
    pub fn say(&mut self, msg: impl Into<String>) {
        self.status = Some(msg.into());
    }

    /// The file name for the title bar.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            None => "untitled".into(),
        }
    }

    /// The encoding the file will be written in.
    pub fn encoding(&self) -> Encoding {
        match &self.body {
            Body::Tree(ed) => ed.doc().encoding(),
            Body::Repair(r) => r.encoding,
        }
    }
}

fn repair_body(e: LoadError, bytes: &[u8]) -> Body {
    let (decoded, note) = match e.decoded.clone() {
        Some(d) => (d, None),
        None => (
            Decoded {
                text: String::from_utf8_lossy(bytes).into_owned(),
                encoding: Encoding::Utf8,
            },
            Some(
                "bytes that are not UTF-8 are shown as \u{fffd} and saved as that character"
                    .to_owned(),
            ),
        ),
    };
    let eol = LineEnding::detect(&decoded.text).as_str();
    let line_ends: Vec<&'static str> = decoded
        .text
        .split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        .map(|l| if l.ends_with("\r\n") { "\r\n" } else { "\n" })
        .collect();
    let lines: Vec<String> = decoded
        .text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect();
    let mut area = TextArea::new(lines);
    area.set_line_number_style(
        ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::DIM),
    );
    if let Some(at) = e.at {
        let row = at.line.saturating_sub(1).min(u16::MAX as u32) as u16;
        let col = at.column.saturating_sub(1).min(u16::MAX as u32) as u16;
        area.move_cursor(CursorMove::Jump(row, col));
    }
    Body::Repair(Box::new(Repair {
        area,
        encoding: decoded.encoding,
        eol,
        error: e.message,
        at: e.at,
        note,
        modified: false,
        line_ends,
    }))
}

/// Re-parses the repair text after an edit; returns the document once it parses.
pub fn reparse(r: &mut Repair) -> Option<Document> {
    match Document::from_decoded(Decoded {
        text: r.text(),
        encoding: r.encoding,
    }) {
        Ok(doc) => Some(doc),
        Err(e) => {
            r.error = e.message;
            r.at = e.at;
            None
        }
    }
}

/// Feeds a key to a text area (pasted text is inserted by the caller).
pub fn type_into(area: &mut TextArea<'static>, key: KeyEvent) -> bool {
    area.input(key)
}
