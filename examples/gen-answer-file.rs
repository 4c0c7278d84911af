//! Writes a realistic synthetic answer file, deterministic by seed.
//!
//! ```text
//! cargo run --release --example gen-answer-file -- [--commands N | --typical] [--seed S]
//!     [--lf] [--tabs | --indent N] [--out FILE]
//! ```
//!
//! `--typical` (10 commands) gives about 6 KB, `--commands 500` about 186 KB and
//! `--commands 30000` about 10 MB. Without `--out` the file goes to stdout.
//! Line ends are CRLF unless `--lf`; indentation is four spaces unless `--tabs`
//! or `--indent N`. See `examples/support/answer_gen.rs` for the shape.

#[path = "support/answer_gen.rs"]
mod answer_gen;

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "gen-answer-file [--commands N | --typical] [--seed S] [--lf] [--tabs | --indent N] [--out FILE]"
        );
        return ExitCode::SUCCESS;
    }
    let (opts, out) = match answer_gen::parse_args(&args) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("gen-answer-file: {e}");
            return ExitCode::from(2);
        }
    };
    let text = answer_gen::generate(&opts);
    let written = match &out {
        Some(path) => std::fs::write(path, text.as_bytes()),
        None => std::io::stdout().lock().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-answer-file: {e}");
            ExitCode::FAILURE
        }
    }
}
