//! `unattui config`: where the configuration is read from, and what it says.

use super::{Args, EXIT_OK, usage_error};
use crate::config;

const HELP: &str = "\
unattui config: show where the configuration file is read from

Usage: unattui config [--path | --example | --check]

  --path      print the file's path (and how it was chosen)
  --example   print an example file with every setting
  --check     read the file and print its warnings (exit 1 if any)

Precedence: $UNATTUI_CONFIG, then $XDG_CONFIG_HOME/unattui/config.toml (Unix),
then the platform's configuration directory.

Example:
  unattui config --path
";

pub(super) fn run(args: &[String]) -> i32 {
    let a = match Args::for_command(
        "config",
        HELP,
        args,
        &[],
        &["--path", "--example", "--check"],
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if !a.files.is_empty() {
        return usage_error("config", "takes no file");
    }
    if a.flag(&["--example"]) {
        print!("{}", config::EXAMPLE);
        return EXIT_OK;
    }
    let src = config::source();
    if a.flag(&["--check"]) {
        let loaded = config::load_from(src);
        for w in &loaded.warnings {
            eprintln!("warning: {w}");
        }
        return if loaded.warnings.is_empty() {
            EXIT_OK
        } else {
            super::EXIT_PROBLEMS
        };
    }
    match &src.path {
        Some(p) => println!("{}", p.display()),
        None => println!("(no configuration directory: no home directory was found)"),
    }
    if !a.flag(&["--path"]) {
        eprintln!("chosen by: {}", src.origin);
    }
    EXIT_OK
}
