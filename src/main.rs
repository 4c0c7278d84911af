//! The `unattui` binary: a thin dispatcher over the library.

use std::process::ExitCode;
use unattui::cli;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    tune_allocator(&args);
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

/// Starts this program again, in place, with the glibc malloc settings that suit large files
/// when [`cli::tuning::allocator_tunables`] says they are worth it (see there). Returns only
/// when it does not: not needed, or the second start could not be made, in which case this
/// run goes on as it is.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator(args: &[String]) {
    use std::os::unix::process::CommandExt;
    let set = std::env::var_os("GLIBC_TUNABLES").is_some();
    let Some(tunables) = cli::tuning::allocator_tunables(args, set) else {
        return;
    };
    let Ok(me) = std::env::current_exe() else {
        return;
    };
    // Only a program started as itself: run through the dynamic loader
    // (`ld-linux.so unattui …`), the running executable is the loader, which must not be
    // started with these arguments.
    let arg0 = std::env::args_os().next().unwrap_or_default();
    if std::path::Path::new(&arg0).file_name() != me.file_name() {
        return;
    }
    // `exec` returns only if the start failed; then this run carries on unchanged.
    let _failed = std::process::Command::new(&me)
        .arg0(arg0)
        .args(args)
        .env("GLIBC_TUNABLES", tunables)
        .exec();
}

/// Elsewhere the allocator is left as it is: the settings are glibc's.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator(_args: &[String]) {}

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
