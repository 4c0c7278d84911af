//! `unattui check`: validate files in parallel; human, JSON or SARIF output.

use super::json::Json;
use super::{Args, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, Opened, open, usage_error, use_colour};
use crate::answer::Answer;
use crate::lint::{self, Diagnostic, RULES, Severity};
use crate::text::{LineIndex, sanitize};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

const HELP: &str = "\
unattui check: validate answer files

Usage: unattui check [--format human|json|sarif] [--deny warnings] [--no-catalog] FILE...

  --format F        human (default), json (documented schema) or sarif (SARIF 2.1.0)
  --deny warnings   exit 1 on warnings too
  --no-catalog      skip the settings-reference rules (U070-U075)

Exit codes: 0 no errors; 1 errors (or warnings with --deny warnings);
2 usage error or a file that cannot be read. Files are checked in parallel.

Example:
  unattui check --deny warnings autounattend.xml
";

/// The outcome for one file.
pub(crate) struct FileReport {
    pub file: String,
    pub encoding: Option<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
    pub lines: Option<(String, LineIndex)>,
    pub unreadable: Option<String>,
}

pub(super) fn run(args: &[String]) -> i32 {
    let a = match Args::for_command(
        "check",
        HELP,
        args,
        &["--format", "--deny"],
        &["--no-catalog"],
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let format = a.value("--format").unwrap_or("human");
    if !matches!(format, "human" | "json" | "sarif") {
        return usage_error(
            "check",
            &format!("unknown format {format:?} (human, json, sarif)"),
        );
    }
    let deny_warnings = match a.value("--deny") {
        None => false,
        Some("warnings") => true,
        Some(other) => {
            return usage_error("check", &format!("--deny takes `warnings`, not {other:?}"));
        }
    };
    if a.files.is_empty() {
        return usage_error("check", "no FILE given");
    }
    let options = lint::Options {
        catalog: !a.flag(&["--no-catalog"]),
    };
    // Only the human format quotes source lines; keep text only for that.
    let reports = check_all(&a.files, &options, format == "human");
    match format {
        "json" => print!("{}", to_json(&reports).pretty()),
        "sarif" => print!("{}", to_sarif(&reports).pretty()),
        _ => print_human(&reports, use_colour()),
    }
    let unreadable = reports.iter().any(|r| r.unreadable.is_some());
    let (errors, warnings, _) = totals(&reports);
    if unreadable {
        EXIT_USAGE
    } else if errors > 0 || (deny_warnings && warnings > 0) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// Checks every file, using all cores; results in input order. With
/// `keep_source`, reports with diagnostics keep the file's text for quoting lines.
pub(crate) fn check_all(
    files: &[String],
    options: &lint::Options,
    keep_source: bool,
) -> Vec<FileReport> {
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len())
        .max(1);
    let mut slots: Vec<Option<FileReport>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        done.push((i, check_file(Path::new(f), options, keep_source)));
                    }
                    done
                })
            })
            .collect();
        for h in handles {
            // A worker only panics on a bug; its files are then reported unreadable below.
            if let Ok(done) = h.join() {
                for (i, r) in done {
                    slots[i] = Some(r);
                }
            }
        }
    });
    slots
        .into_iter()
        .zip(files)
        .map(|(r, f)| {
            r.unwrap_or_else(|| FileReport {
                file: f.clone(),
                encoding: None,
                diagnostics: Vec::new(),
                lines: None,
                unreadable: Some("internal error while checking this file".into()),
            })
        })
        .collect()
}

fn check_file(path: &Path, options: &lint::Options, keep_source: bool) -> FileReport {
    let file = path.display().to_string();
    match open(path) {
        Opened::Unreadable(e) => FileReport {
            file,
            encoding: None,
            diagnostics: Vec::new(),
            lines: None,
            unreadable: Some(e),
        },
        Opened::Malformed(e) => {
            let lines = e
                .decoded
                .as_ref()
                .map(|d| (d.text.clone(), LineIndex::new(&d.text)));
            let mut diag = lint::load_diagnostic(&e);
            if let (Some((text, idx)), Some(at)) = (&lines, e.at) {
                // Point the span at the error so the caret lands there.
                if let Some(start) = idx.line_start(at.line) {
                    let off = text[start..]
                        .char_indices()
                        .nth(at.column as usize - 1)
                        .map(|(o, _)| start + o)
                        .unwrap_or(start);
                    diag.span = crate::xml::Span::new(off, off);
                }
            }
            FileReport {
                file,
                encoding: e.decoded.as_ref().map(|d| d.encoding.label()),
                diagnostics: vec![diag],
                lines,
                unreadable: None,
            }
        }
        Opened::Ok(doc) => {
            let answer = Answer::build(&doc);
            let diagnostics = lint::check_with(&doc, &answer, options);
            drop(answer);
            let encoding = Some(doc.encoding().label());
            // The text moves into the report (no copy), and only when it will be quoted.
            let lines = (keep_source && !diagnostics.is_empty()).then(|| doc.into_text_and_lines());
            FileReport {
                file,
                encoding,
                diagnostics,
                lines,
                unreadable: None,
            }
        }
    }
}

fn totals(reports: &[FileReport]) -> (usize, usize, usize) {
    reports.iter().fold((0, 0, 0), |(e, w, i), r| {
        let (a, b, c) = lint::counts(&r.diagnostics);
        (e + a, w + b, i + c)
    })
}

fn print_human(reports: &[FileReport], colour: bool) {
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    for r in reports {
        let file = sanitize(&r.file);
        if let Some(e) = &r.unreadable {
            eprintln!("{file}: {} {}", paint("1;31", "error:"), sanitize(e));
            continue;
        }
        for d in &r.diagnostics {
            let sev = match d.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
                Severity::Info => paint("1;36", "info"),
            };
            out.push_str(&format!(
                "{file}:{}:{}: {sev}[{}]: {}\n",
                d.at.line,
                d.at.column,
                d.code,
                sanitize(&d.message)
            ));
            if let Some((text, idx)) = &r.lines {
                let line = idx.line_text(text, d.at.line);
                let shown = sanitize(line);
                let gutter = d.at.line.to_string();
                out.push_str(&format!("{} | {shown}\n", paint("34", &gutter)));
                // Caret under the column, as wide as the span on this line.
                let prefix: String = line.chars().take(d.at.column as usize - 1).collect();
                let pad: String = sanitize(&prefix)
                    .chars()
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let span_chars = d
                    .span
                    .of(text)
                    .lines()
                    .next()
                    .map(|l| sanitize(l).chars().count())
                    .unwrap_or(0)
                    .clamp(1, 120);
                out.push_str(&format!(
                    "{} | {pad}{}\n",
                    " ".repeat(gutter.len()),
                    paint("1;32", &"^".repeat(span_chars))
                ));
            }
            if !d.place.is_empty() {
                out.push_str(&format!("  = at: {}\n", sanitize(&d.place)));
            }
            if let Some(h) = &d.help {
                out.push_str(&format!("  = help: {}\n", sanitize(h)));
            }
            if let Some(f) = &d.fix {
                out.push_str(&format!("  = fix: {} (unattui fix)\n", sanitize(&f.label)));
            }
        }
    }
    let (e, w, i) = totals(reports);
    let checked = reports.iter().filter(|r| r.unreadable.is_none()).count();
    out.push_str(&format!(
        "{checked} file{} checked: {e} error{}, {w} warning{}, {i} info\n",
        if checked == 1 { "" } else { "s" },
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" },
    ));
    print!("{out}");
}

fn to_json(reports: &[FileReport]) -> Json {
    let files = reports
        .iter()
        .map(|r| {
            let diags = r
                .diagnostics
                .iter()
                .map(|d| {
                    Json::obj([
                        ("code", Json::str(d.code)),
                        ("severity", Json::str(d.severity.label())),
                        ("message", Json::str(&d.message)),
                        ("line", Json::Int(i64::from(d.at.line))),
                        ("column", Json::Int(i64::from(d.at.column))),
                        ("place", Json::str(&d.place)),
                        ("help", Json::opt(d.help.clone())),
                        ("fix", Json::opt(d.fix.as_ref().map(|f| f.label.clone()))),
                    ])
                })
                .collect();
            Json::obj([
                ("file", Json::str(&r.file)),
                ("encoding", Json::opt(r.encoding)),
                ("error", Json::opt(r.unreadable.clone())),
                ("diagnostics", Json::Arr(diags)),
            ])
        })
        .collect();
    let (e, w, i) = totals(reports);
    Json::obj([
        ("files", Json::Arr(files)),
        (
            "summary",
            Json::obj([
                ("files", Json::Int(reports.len() as i64)),
                ("errors", Json::Int(e as i64)),
                ("warnings", Json::Int(w as i64)),
                ("infos", Json::Int(i as i64)),
            ]),
        ),
    ])
}

fn to_sarif(reports: &[FileReport]) -> Json {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules = RULES
        .iter()
        .map(|r| {
            Json::obj([
                ("id", Json::str(r.code)),
                ("name", Json::str(r.name)),
                (
                    "shortDescription",
                    Json::obj([("text", Json::str(r.summary))]),
                ),
                (
                    "defaultConfiguration",
                    Json::obj([("level", Json::str(level(r.severity)))]),
                ),
            ])
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let mut text = d.message.clone();
            if !d.place.is_empty() {
                text.push_str(&format!(" (at {})", d.place));
            }
            results.push(Json::obj([
                ("ruleId", Json::str(d.code)),
                ("level", Json::str(level(d.severity))),
                ("message", Json::obj([("text", Json::str(text))])),
                (
                    "locations",
                    Json::Arr(vec![Json::obj([(
                        "physicalLocation",
                        Json::obj([
                            (
                                "artifactLocation",
                                Json::obj([("uri", Json::str(r.file.replace('\\', "/")))]),
                            ),
                            (
                                "region",
                                Json::obj([
                                    ("startLine", Json::Int(i64::from(d.at.line))),
                                    ("startColumn", Json::Int(i64::from(d.at.column))),
                                ]),
                            ),
                        ]),
                    )])]),
                ),
            ]));
        }
    }
    Json::obj([
        (
            "$schema",
            Json::str("https://json.schemastore.org/sarif-2.1.0.json"),
        ),
        ("version", Json::str("2.1.0")),
        (
            "runs",
            Json::Arr(vec![Json::obj([
                (
                    "tool",
                    Json::obj([(
                        "driver",
                        Json::obj([
                            ("name", Json::str("unattui")),
                            ("version", Json::str(env!("CARGO_PKG_VERSION"))),
                            ("rules", Json::Arr(rules)),
                        ]),
                    )]),
                ),
                ("results", Json::Arr(results)),
            ])]),
        ),
    ])
}
