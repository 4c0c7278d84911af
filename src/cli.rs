//! The non-interactive command line: `check`, `list`, `fix`, `rules`. Output
//! and exit codes only; all the work is in the core. Never touches the terminal
//! beyond asking whether stdout is one (for colour).

mod check;
mod config;
mod diff;
mod fix;
pub mod json;
mod list;
mod rules;
pub mod tuning;

pub use rules::markdown as rules_markdown;

use crate::answer::Answer;
use crate::document::{Document, LoadError};
use crate::fsio;
use std::io::IsTerminal;
use std::path::Path;

/// Exit code: success (no errors).
pub const EXIT_OK: i32 = 0;
/// Exit code: problems found (errors, or warnings with `--deny warnings`), or files differ.
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: usage error or unreadable file.
pub const EXIT_USAGE: i32 = 2;

/// Top-level help.
pub const HELP: &str = "\
unattui: edit and check Windows answer files (unattend.xml) without losing a byte

Usage:
  unattui [-R|--read-only] [FILE]     open FILE in the editor (a new answer file without FILE)
  unattui check [OPTIONS] FILE...     validate; exit 1 on errors
  unattui list [OPTIONS] FILE         every command in the order Windows runs them
  unattui fix [OPTIONS] FILE...       apply the safe fixes, print a unified diff
  unattui rules [--format F]          the rule table
  unattui diff [--format F] OLD NEW   compare two answer files, ignoring formatting
  unattui config [--path]             where the configuration file is read from

Run `unattui COMMAND --help` for a command's options and an example.
Options: -h, --help; -V, --version.
";

/// Runs a CLI subcommand (args without the program name and the subcommand).
/// Returns the exit code, or None when `cmd` is not a subcommand.
pub fn run(cmd: &str, args: &[String]) -> Option<i32> {
    let code = match cmd {
        "check" => check::run(args),
        "list" => list::run(args),
        "fix" => fix::run(args),
        "rules" => rules::run(args),
        "diff" => diff::run(args),
        "config" => config::run(args),
        _ => return None,
    };
    Some(code)
}

/// A file read and parsed, or why not.
pub(crate) enum Opened {
    /// Loaded and parsed.
    Ok(Box<Document>),
    /// Read, but not well-formed (or not text): reported as U001/U002.
    Malformed(Box<LoadError>),
    /// Could not be read at all.
    Unreadable(String),
}

pub(crate) fn open(path: &Path) -> Opened {
    match fsio::read_answer_bytes(path) {
        Err(e) => Opened::Unreadable(e.to_string()),
        Ok(bytes) => match Document::load_owned(bytes) {
            Ok(doc) => Opened::Ok(Box::new(doc)),
            Err(e) => Opened::Malformed(Box::new(e)),
        },
    }
}

pub(crate) fn open_answer(path: &Path) -> Result<(Document, Answer), (i32, String)> {
    match open(path) {
        Opened::Ok(doc) => {
            let answer = Answer::build(&doc);
            Ok((*doc, answer))
        }
        Opened::Malformed(e) => Err((
            EXIT_PROBLEMS,
            format!(
                "{}:{e}: the file is not well-formed XML; run `unattui check` for details",
                path.display()
            ),
        )),
        Opened::Unreadable(e) => Err((EXIT_USAGE, format!("{}: {e}", path.display()))),
    }
}

/// Whether to colour output: stdout is a terminal and `NO_COLOR` is unset or empty.
pub(crate) fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Parsed common options.
pub(crate) struct Args {
    pub flags: Vec<String>,
    pub values: Vec<(String, String)>,
    pub files: Vec<String>,
}

impl Args {
    /// Splits args into flags, `--key value` / `--key=value` options (for the
    /// names in `valued`), and positional files. `--` ends options.
    pub fn parse(args: &[String], valued: &[&str], known_flags: &[&str]) -> Result<Args, String> {
        let mut out = Args {
            flags: Vec::new(),
            values: Vec::new(),
            files: Vec::new(),
        };
        let mut it = args.iter();
        let mut only_files = false;
        while let Some(a) = it.next() {
            if only_files || !a.starts_with('-') || a == "-" {
                out.files.push(a.clone());
            } else if a == "--" {
                only_files = true;
            } else if let Some((k, v)) = a.split_once('=').filter(|(k, _)| valued.contains(k)) {
                out.values.push((k.to_owned(), v.to_owned()));
            } else if valued.contains(&a.as_str()) {
                let v = it.next().ok_or_else(|| format!("{a} needs a value"))?;
                out.values.push((a.clone(), v.clone()));
            } else if known_flags.contains(&a.as_str()) {
                out.flags.push(a.clone());
            } else {
                return Err(format!("unknown option {a}"));
            }
        }
        Ok(out)
    }

    /// Parses a subcommand's arguments (`--help`/`-h` are always known): prints
    /// its help, or a usage error, and gives the exit code in place of the args.
    pub fn for_command(
        cmd: &str,
        help: &str,
        args: &[String],
        valued: &[&str],
        flags: &[&str],
    ) -> Result<Args, i32> {
        let mut known = vec!["--help", "-h"];
        known.extend_from_slice(flags);
        let a = Args::parse(args, valued, &known).map_err(|e| usage_error(cmd, &e))?;
        if a.flag(&["--help", "-h"]) {
            print!("{help}");
            return Err(EXIT_OK);
        }
        Ok(a)
    }

    pub fn flag(&self, names: &[&str]) -> bool {
        self.flags.iter().any(|f| names.contains(&f.as_str()))
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Prints a usage error with the command's help hint; returns [`EXIT_USAGE`].
pub(crate) fn usage_error(cmd: &str, msg: &str) -> i32 {
    eprintln!("unattui {cmd}: {msg}\nRun `unattui {cmd} --help` for usage.");
    EXIT_USAGE
}
