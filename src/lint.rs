//! Validation: one static table of rules with stable codes, each a check over
//! the typed view, producing located [`Diagnostic`]s with optional fixes. The
//! editor's problems pane, `unattui check` and `unattui rules` all read this table.

mod commands;
mod fix;
mod incremental;
mod runs;
mod settings;
#[cfg(test)]
mod settings_tests;
#[cfg(test)]
mod split_tests;
mod structure;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod runs_tests;

pub use fix::{FixPlan, fix_all};
pub use incremental::{FieldChange, ItemsChange, check_field_value, recheck};

use crate::answer::{Answer, CommandAddr, FieldKind};
use crate::document::{Document, Edit, LoadError, LoadErrorKind};
use crate::text::LineCol;
use crate::xml::Span;
use std::fmt;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Windows Setup will fail or ignore the setting.
    Error,
    /// Likely wrong, or risky.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where in the answer file's logical structure a problem is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    /// Pass index.
    pub pass: Option<usize>,
    /// Component index within the pass.
    pub component: Option<usize>,
    /// List index within the component.
    pub list: Option<usize>,
    /// Command index within the list.
    pub command: Option<usize>,
    /// Field of the command.
    pub field: Option<FieldKind>,
}

impl Target {
    /// The target of a command (and optionally one of its fields).
    pub fn command(a: CommandAddr, field: Option<FieldKind>) -> Target {
        Target {
            pass: Some(a.pass),
            component: Some(a.component),
            list: Some(a.list),
            command: Some(a.command),
            field,
        }
    }

    /// The command address, when the target is a command.
    pub fn command_addr(&self) -> Option<CommandAddr> {
        Some(CommandAddr {
            pass: self.pass?,
            component: self.component?,
            list: self.list?,
            command: self.command?,
        })
    }

    /// The command list the problem is in (its own, or its command's).
    pub fn list_addr(&self) -> Option<crate::ops::ListAddr> {
        Some(crate::ops::ListAddr {
            pass: self.pass?,
            component: self.component?,
            list: self.list?,
        })
    }
}

/// A fix: what it does, and the edits that do it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in plain words.
    pub label: String,
    /// The text edits (offsets into the linted document).
    pub edits: Vec<Edit>,
}

/// One problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule code (`U031`).
    pub code: &'static str,
    /// Severity of this instance.
    pub severity: Severity,
    /// Plain-words message with the offending value.
    pub message: String,
    /// Byte span in the document text.
    pub span: Span,
    /// 1-based line and character column of the span's start.
    pub at: LineCol,
    /// Logical place: `specialize › Microsoft-Windows-Deployment [amd64] › RunSynchronous › Order 3 › Path`.
    pub place: String,
    /// Structural target, for jumping to it in the editor.
    pub target: Target,
    /// What to do about it, when there is more to say than the message.
    pub help: Option<String>,
    /// A safe automatic fix, when one exists.
    pub fix: Option<Fix>,
}

/// One rule of the table.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Stable code.
    pub code: &'static str,
    /// Short kebab-case name.
    pub name: &'static str,
    /// Default severity (some instances are raised or lowered, as the summary says).
    pub severity: Severity,
    /// One-line summary.
    pub summary: &'static str,
    /// True when the rule offers an automatic fix.
    pub fixable: bool,
    /// Where the rule's facts come from in `../shared/spec/answer-file-commands.md`.
    pub source: &'static str,
}

use Severity::{Error as E, Info as I, Warning as W};

macro_rules! rules {
    ($($code:literal $name:literal $sev:ident $fix:literal $src:literal $summary:literal;)*) => {
        /// Every rule, in code order.
        pub static RULES: &[Rule] = &[$(Rule {
            code: $code, name: $name, severity: $sev, summary: $summary, fixable: $fix, source: $src,
        }),*];
    };
}

rules! {
    "U001" "not-well-formed" E false "XML 1.0" "XML is not well-formed (line:column, the line, a caret)";
    "U002" "doctype" E false "XML 1.0" "DOCTYPE or entity declarations present: refused, never expanded";
    "U003" "encoding-risk" W true "§1.3, gotcha 8" "UTF-16, a byte-order mark, or a declaration that disagrees with the bytes; fix: rewrite as UTF-8 without BOM (only with --convert-encoding)";
    "U004" "content-before-declaration" W true "§1.3" "something before the XML declaration; strict parsers reject it; fix: move the declaration to the start";
    "U010" "not-unattend-root" E false "§1.1" "root element is not `unattend` in urn:schemas-microsoft-com:unattend";
    "U011" "unknown-pass" E false "§2" "unknown pass name, with a did-you-mean";
    "U012" "duplicate-pass" W false "§1.1" "the same pass appears in two settings blocks";
    "U013" "component-attributes" E false "§1.1" "component attribute missing or invalid (name, processorArchitecture, publicKeyToken, language, versionScope)";
    "U014" "duplicate-component" E false "§5" "same component name and architecture twice in one pass";
    "U015" "misplaced-element" E false "§1.1, gotcha 15" "element where Windows does not look for it (a component outside settings, unknown element in the unattend namespace under the root)";
    "U016" "setup-cache-copy" W false "§2" "file was taken from Setup's cache (wasPassProcessed, *SENSITIVE*DATA*DELETED*)";
    "U020" "list-in-wrong-pass" E false "§2, §3" "command list in a pass where it is not valid";
    "U021" "wrong-element" E false "§3, gotcha 13" "a list under the wrong component, or an item element of another list";
    "U022" "missing-wcm-action" W true "§1.2" "list item without wcm:action=\"add\" (error when the wcm prefix is not declared); fix: add it";
    "U023" "unknown-command-child" W false "§3, §4" "unknown child in a command, with a did-you-mean; user-name spelling per list";
    "U030" "order-missing" E false "§3.1" "Order missing";
    "U031" "order-invalid" E false "§3.1" "Order not an integer in 1..500";
    "U032" "order-duplicate" E true "§3.1" "Order duplicated within one list; fix: renumber keeping the current sequence";
    "U033" "too-many-commands" E false "§3.1" "more than 500 items in a list";
    "U040" "program-missing" E false "§3.1" "Path / CommandLine missing or empty";
    "U041" "program-too-long" E false "§3.2–3.7" "Path over 259 characters (Deployment), CommandLine over 1024; warning over 255 for Setup's Path";
    "U042" "unc-without-credentials" E false "§3.1" "UNC Path without Credentials";
    "U043" "reboot-in-synchronous-list" W false "§3.4, gotcha 4" "command shuts down or restarts the machine in a synchronous list: use WillReboot";
    "U044" "unquoted-program-path" W false "§3.1" "executable path with spaces not quoted";
    "U045" "whitespace-in-program" W true "gotcha 7" "leading/trailing whitespace or a line break inside Path/CommandLine; fix: trim";
    "U050" "description-too-long" E false "§3.4–3.7" "Description longer than its list's limit (259, or 256 for Shell-Setup)";
    "U051" "will-reboot-invalid" E true "§3.4" "WillReboot not Always/OnRequest/Never, or WillReboot on a list that has none; fix: the documented spelling when only the case is wrong";
    "U052" "requires-user-input-invalid" E false "§3.6, §3.7" "RequiresUserInput not true/false; info when set on LogonCommands (unused)";
    "U060" "credentials-incomplete" E false "§4" "Credentials present but Domain, Username or Password missing or empty";
    "U061" "clear-text-secret" W true "§4" "secret in clear text: command passwords (cannot be hidden), account passwords with PlainText true (fix: encode as Windows SIM does)";
    "U070" "unknown-setting" W false "settings catalog" "setting not in the public reference (2018 snapshot) for its component: a typo, another component's setting, or newer; with a did-you-mean";
    "U071" "setting-in-wrong-pass" E false "settings catalog" "setting in a pass where the reference says it does not apply, naming the passes where it does";
    "U072" "setting-value-invalid" E false "settings catalog" "value not of the setting's type or outside its allowed values, range, length or pattern, or empty where empty is not allowed";
    "U073" "list-item-attributes" W true "settings catalog, §1.2" "list item without wcm:action, or a keyed list item without its key; fix: add wcm:action=\"add\"";
    "U074" "deprecated-setting" W false "settings catalog" "setting or component the reference calls deprecated or removed, saying since when where it does";
    "U075" "unknown-component" I false "settings catalog" "component not in the public reference (newer or third-party): its settings are not checked";
    "U080" "shell-syntax-without-shell" W true "§3.1" "shell operator (`&&`, `|`, `>`, `2>&1`…) or cmd.exe built-in (`echo`, `set`, `copy`, `start`…) without cmd /c: passed as arguments or fails; fix: wrap in cmd /c \"…\"";
    "U081" "powershell-script-will-not-run" W false "§3.1 (I)" "a .ps1 given directly as the program (opens in Notepad or fails); info when run by -File without -ExecutionPolicy and no earlier command sets the policy";
    "U082" "unbalanced-quotes" W false "§3.1 (I)" "odd number of double quotes in Path / CommandLine";
    "U083" "cmd-strips-outer-quotes" W false "§3.1 (I)" "cmd /c followed by a quoted program path whose quotes cmd.exe strips: add /s and one more pair of quotes";
    "U084" "hkcu-as-system" W false "§3.2, §3.4, gotcha 3" "HKCU written in specialize or windowsPE, which run as SYSTEM: use the Default user hive (reg load HKU\\DefaultUser …)";
    "U085" "installer-waits-for-input" I false "§3.1 (I)" "installer without its silent switch in a synchronous list (msiexec without /q…, wusa without /quiet, choco without -y)";
    "U086" "c-drive-in-windowspe" I false "gotcha 6" "drive C: used in windowsPE, where Windows PE runs from X: and the new system is not on C: yet";
}

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// What the checks see.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub answer: &'a Answer,
    pub text: &'a str,
    pub out: Vec<Diagnostic>,
    /// Whether diagnostics get their line and column. Off for a value being
    /// typed, whose problems are shown without them (and the line index of a
    /// large file may be waiting to be rebuilt after a re-parse).
    pub locate: bool,
}

impl<'a> Ctx<'a> {
    /// A context for checking `doc` through the view `answer` (the document's own, or a
    /// reduced copy of it), giving diagnostics their line and column.
    pub fn new(doc: &'a Document, answer: &'a Answer) -> Ctx<'a> {
        Ctx {
            doc,
            answer,
            text: doc.text(),
            out: Vec::new(),
            locate: true,
        }
    }

    /// Records a diagnostic with the rule's default severity.
    pub fn push(
        &mut self,
        code: &'static str,
        span: Span,
        target: Target,
        message: String,
    ) -> &mut Diagnostic {
        let severity = rule(code).map(|r| r.severity).unwrap_or(Severity::Error);
        let place = place_of(self.doc, self.answer, &target);
        let at = if self.locate {
            self.doc.line_col(span.start as usize)
        } else {
            LineCol { line: 0, column: 0 }
        };
        self.out.push(Diagnostic {
            code,
            severity,
            message,
            span,
            at,
            place,
            target,
            help: None,
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

/// Which groups of rules [`check_with`] runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Run the settings-catalog rules (U070–U075) over every setting of every component.
    /// Off for `check --no-catalog`.
    pub catalog: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { catalog: true }
    }
}

/// Checks a loaded document with every rule. Diagnostics come sorted by position, then code.
pub fn check(doc: &Document, answer: &Answer) -> Vec<Diagnostic> {
    check_with(doc, answer, &Options::default())
}

/// Checks a loaded document with the rules `options` selects. Diagnostics come sorted by
/// position, then code.
pub fn check_with(doc: &Document, answer: &Answer, options: &Options) -> Vec<Diagnostic> {
    let commands = answer.command_count();
    // Small files are not worth a thread (and `check` of many files already
    // uses every core).
    let cuts: Vec<usize> = (1..PARTS).map(|k| commands * k / PARTS).collect();
    let split =
        (commands >= PARALLEL_MIN_COMMANDS && crate::par::cores() > 1).then_some(cuts.as_slice());
    check_split(doc, answer, options, split)
}

/// Commands from which [`check_with`] splits the work over two threads.
const PARALLEL_MIN_COMMANDS: usize = 1000;

/// How many parts [`check_with`] cuts the commands into on two threads: enough
/// that when one thread falls behind (a busier part of the file, or the machine
/// giving it less time) the other takes more of the parts, few enough that
/// starting a part (a context, the run order from its first command) stays
/// cheap.
const PARTS: usize = 8;

/// One piece of the work of a split check (see [`check_split`]).
#[derive(Clone, Copy)]
enum Job {
    /// The structure rules.
    Structure,
    /// The command and list rules of the commands in a part (file order).
    Commands(usize),
    /// Account passwords and the settings rules.
    Whole,
    /// The will-it-run rules of the commands in a part (run order).
    Runs(usize),
}

/// [`check_with`], on one thread (`cuts` None) or on two: the commands are cut
/// into parts at `cuts` (positions, in file order for the command rules and in
/// run order for the will-it-run rules), and both threads take the next piece
/// of work until none is left, so that neither waits long for the other.
///
/// Both ways the diagnostics are collected in the same order before the
/// (stable) sort by position and code: structure, command rules in file
/// order, account passwords, settings, will-it-run rules in run order. Two
/// diagnostics may share position and code; this order keeps them in the
/// same order whichever way they were found.
fn check_split(
    doc: &Document,
    answer: &Answer,
    options: &Options,
    cuts: Option<&[usize]>,
) -> Vec<Diagnostic> {
    let run = |f: &dyn Fn(&mut Ctx)| {
        let mut c = Ctx::new(doc, answer);
        f(&mut c);
        c.out
    };
    let settings = |c: &mut Ctx| {
        if options.catalog {
            settings::check(c);
        }
    };
    let Some(cuts) = cuts else {
        let mut out = run(&|c| {
            structure::check(c);
            commands::check(c);
            settings(c);
            runs::check(c);
        });
        out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
        return out;
    };
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .chain(std::iter::once(usize::MAX))
        .collect();
    let part = |k: usize| bounds[k]..bounds[k + 1];
    let parts = bounds.len() - 1;
    // The order the diagnostics are joined in.
    let jobs: Vec<Job> = std::iter::once(Job::Structure)
        .chain((0..parts).map(Job::Commands))
        .chain(std::iter::once(Job::Whole))
        .chain((0..parts).map(Job::Runs))
        .collect();
    // The order they are taken in: the costliest first (per command the
    // will-it-run rules cost several times the command rules), so that the
    // last pieces, taken when the other thread may be nearly done, are small.
    let order: Vec<usize> = (parts + 2..jobs.len())
        .chain(1..parts + 2)
        .chain(std::iter::once(0))
        .collect();
    // Each piece's diagnostics, and for a will-it-run part whether it left the
    // execution policy set; the two threads take the pieces in turn.
    let done = crate::par::in_turn(2, order.into_iter(), |i| {
        let mut policy_set = false;
        let diags = match jobs[i] {
            Job::Structure => run(&|c| structure::check(c)),
            Job::Commands(k) => run(&|c| commands::check_part(c, part(k))),
            Job::Whole => run(&|c| {
                commands::account_passwords(c);
                settings(c);
            }),
            Job::Runs(k) => {
                let set = std::cell::Cell::new(false);
                let diags = run(&|c| set.set(runs::check_part(c, part(k))));
                policy_set = set.get();
                diags
            }
        };
        std::ops::ControlFlow::Continue((i, diags, policy_set))
    });
    let mut pieces: Vec<Option<(Vec<Diagnostic>, bool)>> = vec![None; jobs.len()];
    for (i, diags, policy_set) in done {
        pieces[i] = Some((diags, policy_set));
    }
    let mut out = Vec::new();
    let mut policy_before = false;
    for (job, piece) in jobs.iter().zip(pieces) {
        let (mut diags, policy_set) = piece.expect("every piece of work was done");
        if let Job::Runs(_) = job {
            // Each part ran as if nothing before it set the execution policy.
            if policy_before {
                runs::assume_policy_set(&mut diags);
            }
            policy_before |= policy_set;
        }
        out.append(&mut diags);
    }
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    out
}

/// The rules of one command and its list only: what the editor re-checks while
/// a field is being typed, in time independent of the file's size. The full
/// [`check`] still runs when the value is committed.
pub fn check_command(doc: &Document, answer: &Answer, addr: CommandAddr) -> Vec<Diagnostic> {
    let mut ctx = Ctx::new(doc, answer);
    let la = crate::ops::ListAddr::from(addr);
    if let (Some(list), Some(cmd)) = (answer.list(addr), answer.command(addr)) {
        commands::list_rules(&mut ctx, la, list);
        commands::command_rules(&mut ctx, addr, list, cmd);
        runs::check_only(&mut ctx, addr);
    }
    let mut out = ctx.out;
    out.retain(|d| {
        d.target
            .command_addr()
            .is_none_or(|a| crate::ops::ListAddr::from(a) == la)
    });
    out.sort_by(|a, b| (a.span.start, a.code).cmp(&(b.span.start, b.code)));
    out
}

/// The diagnostic for a file that could not be loaded (U001 or U002).
pub fn load_diagnostic(e: &LoadError) -> Diagnostic {
    let code = if e.kind == LoadErrorKind::DocType {
        "U002"
    } else {
        "U001"
    };
    Diagnostic {
        code,
        severity: Severity::Error,
        message: e.message.clone(),
        span: Span::default(),
        at: e.at.unwrap_or(LineCol { line: 1, column: 1 }),
        place: String::new(),
        target: Target::default(),
        help: None,
        fix: None,
    }
}

/// Human label of a target: `pass › component [arch] › list › Order n › field`.
pub fn place_of(doc: &Document, answer: &Answer, t: &Target) -> String {
    let mut parts: Vec<String> = Vec::new();
    let Some(pass) = t.pass.and_then(|p| answer.passes.get(p)) else {
        return parts.join(" › ");
    };
    parts.push(if pass.name.is_empty() {
        "settings".into()
    } else {
        pass.name.clone()
    });
    if let Some(c) = t.component.and_then(|c| pass.components.get(c)) {
        let name = c.name.as_deref().unwrap_or("component");
        match &c.arch {
            Some(a) => parts.push(format!("{name} [{a}]")),
            None => parts.push(name.to_owned()),
        }
        if let Some(l) = t.list.and_then(|l| c.lists.get(l)) {
            parts.push(l.spec.container.to_owned());
            if let Some(cmd) = t.command.and_then(|i| l.commands.get(i)) {
                match &cmd.order {
                    Some(o) if !o.value(doc).trim().is_empty() => {
                        parts.push(format!("Order {}", o.value(doc).trim()))
                    }
                    _ => parts.push(format!("item {}", t.command.unwrap_or(0) + 1)),
                }
                if let Some(f) = t.field {
                    parts.push(f.element(l.spec).to_owned());
                }
            }
        }
    }
    parts.join(" › ")
}

/// Counts of errors, warnings and infos.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize, usize) {
    diags
        .iter()
        .fold((0, 0, 0), |(e, w, i), d| match d.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}
