//! The `unattui` binary: a thin dispatcher over the library.

use std::process::ExitCode;
use unattui::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `check` of a large file may start again here with other malloc settings (Linux, glibc).
    cli::tuning::restart_if_worth_it(&args);
    let code = match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            print!("{}", cli::HELP);
            0
        }
        Some("-V" | "--version") => {
            println!("unattui {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some(cmd) => match cli::run(cmd, &args[1..]) {
            Some(code) => code,
            None => editor(&args),
        },
        None => editor(&args),
    };
    ExitCode::from(code as u8)
}

#[cfg(feature = "tui")]
fn editor(args: &[String]) -> i32 {
    let mut read_only = false;
    let mut file = None;
    for a in args {
        match a.as_str() {
            "-R" | "--read-only" => read_only = true,
            s if s.starts_with('-') && s != "-" => {
                eprintln!("unattui: unknown option {s}\n{}", cli::HELP);
                return cli::EXIT_USAGE;
            }
            s if file.is_none() => file = Some(std::path::PathBuf::from(s)),
            s => {
                eprintln!("unattui: one file at a time ({s} is extra)");
                return cli::EXIT_USAGE;
            }
        }
    }
    match unattui::tui::run(file, read_only) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("unattui: {}", unattui::text::sanitize(&e));
            1
        }
    }
}

#[cfg(not(feature = "tui"))]
fn editor(_args: &[String]) -> i32 {
    eprintln!(
        "unattui: this build has no editor (built without the `tui` feature); use check, list, fix or rules"
    );
    cli::EXIT_USAGE
}
