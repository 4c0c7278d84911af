//! `unattui fix`: apply the safe fixes through the core's edits, show a diff.

use super::{Args, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, open_answer, usage_error};
use crate::diff;
use crate::document::Document;
use crate::fsio::{self, SaveOptions};
use crate::lint::fix_all;
use crate::ops::Editor;
use crate::text::sanitize;
use std::path::Path;

const HELP: &str = "\
unattui fix: apply the safe automatic fixes and print a unified diff

Usage: unattui fix [--dry-run] [--convert-encoding] [--no-backup] FILE...

Only the bytes a fix must change are changed; a file with nothing to fix is not
written. The previous version is kept as FILE~ unless --no-backup.

  --dry-run            print the diff, write nothing
  --convert-encoding   also rewrite UTF-16 / BOM files as UTF-8 without BOM (U003):
                       this rewrites every byte, so it only runs when asked
  --no-backup          do not keep FILE~

Example:
  unattui fix --dry-run autounattend.xml
";

pub(super) fn run(args: &[String]) -> i32 {
    let a = match Args::for_command(
        "fix",
        HELP,
        args,
        &[],
        &["--dry-run", "--convert-encoding", "--no-backup"],
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if a.files.is_empty() {
        return usage_error("fix", "no FILE given");
    }
    let mut worst = EXIT_OK;
    for file in &a.files {
        let code = fix_file(Path::new(file), &a);
        worst = worst.max(code);
    }
    worst
}

fn fix_file(path: &Path, a: &Args) -> i32 {
    let (doc, _) = match open_answer(path) {
        Ok(x) => x,
        Err((code, msg)) => {
            eprintln!("{}", sanitize(&msg));
            return code;
        }
    };
    let before = doc.to_bytes();
    let old_text = doc.text().to_owned();
    let mut editor = Editor::new(doc);
    let plan = fix_all(&mut editor, a.flag(&["--convert-encoding"]));
    let after = editor.doc().to_bytes();
    let name = path.display().to_string();
    if after == before {
        eprintln!("{}: nothing to fix", sanitize(&name));
        return EXIT_OK;
    }
    for (code, label) in &plan.applied {
        eprintln!("{}: {code}: {}", sanitize(&name), sanitize(label));
    }
    // Passwords never appear in the diff: both sides are masked (the encoded
    // form a fix writes is reversible, so it is masked too).
    let d = diff::unified(
        &crate::secrets::masked_text(&old_text),
        &crate::secrets::masked_text(editor.doc().text()),
        &name,
        &name,
        3,
    );
    print!("{}", sanitize_diff(&d));
    if editor.doc().encoding()
        != Document::load(&before)
            .map(|d| d.encoding())
            .unwrap_or(editor.doc().encoding())
    {
        println!("(encoding changed to {})", editor.doc().encoding());
    }
    if a.flag(&["--dry-run"]) {
        return EXIT_OK;
    }
    let opts = SaveOptions {
        backup: if a.flag(&["--no-backup"]) {
            fsio::Backup::None
        } else {
            fsio::Backup::default()
        },
        ..SaveOptions::default()
    };
    let verify = |bytes: &[u8]| Document::load(bytes).map(|_| ()).map_err(|e| e.to_string());
    match fsio::save_atomic(path, &after, &opts, &verify) {
        Ok(_) => EXIT_OK,
        Err(e) => {
            eprintln!(
                "{}: not written: {}",
                sanitize(&name),
                sanitize(&e.to_string())
            );
            if matches!(e, fsio::FsError::NotFound { .. }) {
                EXIT_USAGE
            } else {
                EXIT_PROBLEMS
            }
        }
    }
}

fn sanitize_diff(d: &str) -> String {
    d.lines().map(|l| sanitize(l).into_owned() + "\n").collect()
}
