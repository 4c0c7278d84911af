//! Corpus review of the "will it run?" rules (U080–U086).
//!
//! Reads every file of the directory named by `UNATTUI_CORPUS`, lints it and
//! prints each U080–U086 diagnostic (file, line, code, message) for review:
//!
//! ```text
//! UNATTUI_CORPUS=../shared/corpus/real cargo test --no-default-features \
//!     --test runs_corpus -- --nocapture
//! ```
//!
//! Without the variable the test says so and passes. With it, every file
//! that loads must be checked without panicking, and the true positives
//! found by hand review must still be found (when their file is present).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use unattui::answer::Answer;
use unattui::document::Document;
use unattui::lint::{self, Diagnostic};

const CODES: [&str; 7] = ["U080", "U081", "U082", "U083", "U084", "U085", "U086"];

/// Reviewed true positives: (file name prefix, code, text the message holds).
const KNOWN: &[(&str, &str, &str)] = &[
    // auditUser: `powershell -executionpolicy bypass -command "& { iwr … | iex }`
    // has no closing quote.
    ("017-", "U082", "odd number of double quotes (1)"),
];

/// Reviewed files that must stay quiet for a code: (file name prefix, code).
const QUIET: &[(&str, &str)] = &[
    // Packer: FirstLogonCommands Order 1 runs Set-ExecutionPolicy, later
    // ones run `powershell.exe -File a:\….ps1`.
    ("001-", "U081"),
    // Order 4 sets the policy; later `FOR … DO IF EXIST … powershell -file`.
    ("010-", "U081"),
    // windowsPE: the Group Policy ExecutionPolicy value is set before `-file`.
    ("018-", "U081"),
    // HKCU written only in FirstLogonCommands or auditUser (user context).
    ("001-", "U084"),
    ("010-", "U084"),
    ("017-", "U084"),
    // `cmd /c "if "%x%"=="1" …"`: the outer pair wraps the whole command.
    ("027-", "U083"),
];

#[test]
fn corpus_runs_review() {
    let Some(files) = common::corpus() else {
        return;
    };
    let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut found: Vec<(String, Diagnostic)> = Vec::new();
    let (mut checked, mut refused) = (0, 0);
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).expect("corpus file reads");
        let Ok(doc) = Document::load(&bytes) else {
            refused += 1;
            println!("{name}: does not load (not well-formed); skipped");
            continue;
        };
        let answer = Answer::build(&doc);
        let diags = lint::check(&doc, &answer);
        checked += 1;
        for d in diags.into_iter().filter(|d| CODES.contains(&d.code)) {
            println!(
                "{name}:{}: {} {}: {}",
                d.at.line, d.code, d.severity, d.message
            );
            *per_code.entry(d.code).or_default() += 1;
            found.push((name.clone(), d));
        }
    }
    println!("{checked} files checked, {refused} not loadable");
    for code in CODES {
        println!("{code}: {}", per_code.get(code).copied().unwrap_or(0));
    }
    assert!(
        checked > 0 || files.is_empty(),
        "no corpus file could be checked"
    );
    let present = |prefix: &str| {
        files.iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
    };
    for &(prefix, code) in QUIET {
        let wrong: Vec<&Diagnostic> = found
            .iter()
            .filter(|(f, d)| f.starts_with(prefix) && d.code == code)
            .map(|(_, d)| d)
            .collect();
        assert!(
            wrong.is_empty(),
            "{code} in {prefix}* was reviewed as wrong: {wrong:#?}"
        );
    }
    for &(prefix, code, text) in KNOWN {
        if !present(prefix) {
            continue;
        }
        assert!(
            found
                .iter()
                .any(|(f, d)| f.starts_with(prefix) && d.code == code && d.message.contains(text)),
            "expected {code} ({text}) in {prefix}*"
        );
    }
}
