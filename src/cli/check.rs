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
    /// For human output: each diagnostic's source line, ready to print.
    pub quotes: Vec<Quote>,
    pub unreadable: Option<String>,
    /// For JSON output: the file's entry, already written (see [`FILE_JSON_DEPTH`]) by the
    /// worker that checked the file, so that the main thread only joins the entries.
    pub json: Option<String>,
}

/// The depth of a file's entry in the JSON output (top object, `files` array, entry).
const FILE_JSON_DEPTH: usize = 2;

/// A source line as quoted under a diagnostic: at most [`QUOTE_CHARS`]
/// characters around the column, secrets masked, control characters escaped.
pub(crate) struct Quote {
    line: u32,
    shown: String,
    /// Blanks (tabs kept) up to the caret.
    pad: String,
    carets: usize,
}

/// How much of a line is quoted: a one-line file would otherwise be printed
/// whole under every diagnostic.
const QUOTE_CHARS: usize = 120;

/// Builds the quote for a diagnostic. `secrets` are sorted byte ranges whose
/// text is shown as `•` (one per character, so the caret stays in place). Only
/// the window around the column is looked at, whatever the line's length.
fn quote(text: &str, idx: &LineIndex, secrets: &[std::ops::Range<usize>], d: &Diagnostic) -> Quote {
    let line = idx.line_text(text, d.at.line);
    let line_start = idx.line_start(d.at.line).unwrap_or(0);
    let line_end = line_start + line.len();
    let at = (d.span.start as usize).clamp(line_start, line_end);
    let before: Vec<(usize, char)> = text[line_start..at]
        .char_indices()
        .rev()
        .take(QUOTE_CHARS / 2)
        .map(|(o, c)| (line_start + o, c))
        .collect();
    let after: Vec<(usize, char)> = text[at..line_end]
        .char_indices()
        .take(QUOTE_CHARS - before.len())
        .map(|(o, c)| (at + o, c))
        .collect();
    let from = before.last().map_or(at, |&(o, _)| o);
    let to = after.last().map_or(at, |&(o, c)| o + c.len_utf8());
    let shown = |&(off, c): &(usize, char)| {
        // `secrets` is sorted and disjoint: a binary search finds the one that may hold `off`.
        let i = secrets.partition_point(|r| r.end <= off);
        if secrets.get(i).is_some_and(|r| r.start <= off) {
            '•'
        } else {
            c
        }
    };
    let prefix: String = before.iter().rev().map(shown).collect();
    let rest: String = after.iter().map(shown).collect();
    let prefix = sanitize(&prefix).into_owned();
    let lead = if from > line_start { "…" } else { "" };
    let tail = if to < line_end { "…" } else { "" };
    let pad: String = format!("{lead}{prefix}")
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let span_end = (d.span.end as usize).clamp(at, to);
    Quote {
        line: d.at.line,
        shown: format!("{lead}{prefix}{}{tail}", sanitize(&rest)),
        pad,
        carets: text[at..span_end].chars().count().max(1),
    }
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
    let mut reports = check_all(&a.files, &options, format == "human", format == "json");
    match format {
        "json" => print!("{}", to_json(&mut reports).pretty()),
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
/// `keep_source`, reports with diagnostics keep the file's text for quoting lines;
/// with `json`, each report holds its JSON entry, written on the worker.
pub(crate) fn check_all(
    files: &[String],
    options: &lint::Options,
    keep_source: bool,
    json: bool,
) -> Vec<FileReport> {
    let check = |f: &str| {
        let mut r = check_file(Path::new(f), options, keep_source);
        if json {
            r.json = Some(file_json(&r).pretty_at(FILE_JSON_DEPTH));
        }
        r
    };
    let next = AtomicUsize::new(0);
    if let [f] = files {
        // One file: check it on this thread (starting a worker was a visible share of a small
        // file's run time); a panic is reported as in a worker, below.
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(f)));
        return vec![checked.unwrap_or_else(|_| internal_error(f))];
    }
    let workers = crate::par::cores().min(files.len()).max(1);
    let mut slots: Vec<Option<FileReport>> = (0..files.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        done.push((i, check(f)));
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
        .map(|(r, f)| r.unwrap_or_else(|| internal_error(f)))
        .collect()
}

/// The report for a file whose check panicked (a bug).
fn internal_error(file: &str) -> FileReport {
    FileReport {
        file: file.to_owned(),
        encoding: None,
        diagnostics: Vec::new(),
        quotes: Vec::new(),
        unreadable: Some("internal error while checking this file".into()),
        json: None,
    }
}

/// Documents from this size on are freed on a thread of their own (see [`check_file`]).
const BACKGROUND_FREE_BYTES: usize = 1 << 20;

fn check_file(path: &Path, options: &lint::Options, keep_source: bool) -> FileReport {
    let file = path.display().to_string();
    match open(path) {
        Opened::Unreadable(e) => FileReport {
            file,
            encoding: None,
            diagnostics: Vec::new(),
            quotes: Vec::new(),
            unreadable: Some(e),
            json: None,
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
            // The file does not parse, so secrets cannot be located: lines that
            // hold a password element are masked as a whole.
            let quotes = match (&lines, keep_source) {
                (Some((text, idx)), true) => {
                    let q = quote(text, idx, &[], &diag);
                    let masked = crate::secrets::masked_text(idx.line_text(text, q.line));
                    if masked != idx.line_text(text, q.line) {
                        vec![Quote {
                            shown: sanitize(&masked).into_owned(),
                            ..q
                        }]
                    } else {
                        vec![q]
                    }
                }
                _ => Vec::new(),
            };
            FileReport {
                file,
                encoding: e.decoded.as_ref().map(|d| d.encoding.label()),
                diagnostics: vec![diag],
                quotes,
                unreadable: None,
                json: None,
            }
        }
        Opened::Ok(doc) => {
            let answer = Answer::build(&doc);
            let diagnostics = lint::check_with(&doc, &answer, options);
            let encoding = Some(doc.encoding().label());
            let quotes = if keep_source && !diagnostics.is_empty() {
                let secrets =
                    crate::secrets::secret_ranges(doc.tree(), doc.text(), 0..doc.text().len());
                let (text, idx) = (doc.text(), doc.lines());
                diagnostics
                    .iter()
                    .map(|d| quote(text, idx, &secrets, d))
                    .collect()
            } else {
                Vec::new()
            };
            // Freeing a large document's many small allocations takes milliseconds that
            // nobody waits for: it happens on a thread of its own while the report goes out.
            if doc.text().len() >= BACKGROUND_FREE_BYTES {
                std::thread::spawn(move || drop((answer, doc)));
            }
            FileReport {
                file,
                encoding,
                diagnostics,
                quotes,
                unreadable: None,
                json: None,
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
    use std::io::Write;
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    // Written as it goes: a file with many problems is never held whole in memory.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in reports {
        let file = sanitize(&r.file);
        if let Some(e) = &r.unreadable {
            eprintln!("{file}: {} {}", paint("1;31", "error:"), sanitize(e));
            continue;
        }
        for (i, d) in r.diagnostics.iter().enumerate() {
            let sev = match d.severity {
                Severity::Error => paint("1;31", "error"),
                Severity::Warning => paint("1;33", "warning"),
                Severity::Info => paint("1;36", "info"),
            };
            let mut block = format!(
                "{file}:{}:{}: {sev}[{}]: {}\n",
                d.at.line,
                d.at.column,
                d.code,
                sanitize(&d.message)
            );
            if let Some(q) = r.quotes.get(i) {
                let gutter = q.line.to_string();
                block.push_str(&format!("{} | {}\n", paint("34", &gutter), q.shown));
                block.push_str(&format!(
                    "{} | {}{}\n",
                    " ".repeat(gutter.len()),
                    q.pad,
                    paint("1;32", &"^".repeat(q.carets))
                ));
            }
            if !d.place.is_empty() {
                block.push_str(&format!("  = at: {}\n", sanitize(&d.place)));
            }
            if let Some(h) = &d.help {
                block.push_str(&format!("  = help: {}\n", sanitize(h)));
            }
            if let Some(f) = &d.fix {
                block.push_str(&format!("  = fix: {} (unattui fix)\n", sanitize(&f.label)));
            }
            if out.write_all(block.as_bytes()).is_err() {
                return; // stdout closed (a pager quit): nothing more to say
            }
        }
    }
    let (e, w, i) = totals(reports);
    let checked = reports.iter().filter(|r| r.unreadable.is_none()).count();
    let _ = writeln!(
        out,
        "{checked} file{} checked: {e} error{}, {w} warning{}, {i} info",
        if checked == 1 { "" } else { "s" },
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" },
    );
    let _ = out.flush();
}

/// A file's entry in the JSON output.
fn file_json(r: &FileReport) -> Json {
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
}

/// The JSON output; the entries the workers wrote are taken from the reports.
fn to_json(reports: &mut [FileReport]) -> Json {
    let files = reports
        .iter_mut()
        .map(|r| r.json.take().map_or_else(|| file_json(r), Json::Raw))
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
