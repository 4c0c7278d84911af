//! `unattui list`: every command in the order Windows runs them.

use super::json::Json;
use super::{Args, EXIT_OK, open_answer, usage_error};
use crate::answer::{Answer, CommandAddr, FieldKind};
use crate::cmdline;
use crate::document::Document;
use crate::text::sanitize;
use std::path::Path;

const HELP: &str = "\
unattui list: every command in the order Windows runs them

Usage: unattui list [--format table|json] [--explain] FILE

Order: passes in run order (windowsPE, offlineServicing, generalize, specialize,
auditSystem, auditUser, oobeSystem), synchronous lists before asynchronous ones,
then Order. Asynchronous commands are marked: they start without waiting.
Passwords are never printed.

  --format F   table (default) or json
  --explain    show how Windows splits each command line into program and arguments

Example:
  unattui list --explain autounattend.xml
";

/// One command, flattened for output.
pub(crate) struct Row {
    pub pass: String,
    pub component: String,
    pub arch: String,
    pub list: &'static str,
    pub synchronous: bool,
    pub order: String,
    pub will_reboot: Option<String>,
    pub requires_user_input: Option<String>,
    pub program: String,
    pub description: String,
    pub user: Option<String>,
    pub context: &'static str,
    pub line: u32,
}

pub(crate) fn rows(doc: &Document, answer: &Answer) -> Vec<Row> {
    answer
        .run_order(doc)
        .filter_map(|(a, _)| row(doc, answer, a))
        .collect()
}

fn row(doc: &Document, answer: &Answer, a: CommandAddr) -> Option<Row> {
    let pass = answer.passes.get(a.pass)?;
    let comp = pass.components.get(a.component)?;
    let list = comp.lists.get(a.list)?;
    let cmd = list.commands.get(a.command)?;
    let user = cmd.credentials.as_ref().and_then(|c| {
        let u = c.username.as_ref()?.value(doc).trim().to_owned();
        let d = c
            .domain
            .as_ref()
            .map(|d| d.value(doc).trim().to_owned())
            .unwrap_or_default();
        Some(if d.is_empty() { u } else { format!("{d}\\{u}") })
    });
    Some(Row {
        pass: pass.name.clone(),
        component: comp.name.clone().unwrap_or_default(),
        arch: comp.arch.clone().unwrap_or_default(),
        list: list.spec.container,
        synchronous: list.spec.synchronous,
        order: cmd.value(FieldKind::Order, doc).trim().to_owned(),
        will_reboot: cmd
            .will_reboot
            .as_ref()
            .map(|w| w.value(doc).trim().to_owned()),
        requires_user_input: cmd
            .requires_user_input
            .as_ref()
            .map(|w| w.value(doc).trim().to_owned()),
        program: cmd.value(FieldKind::Program, doc).to_owned(),
        description: cmd.value(FieldKind::Description, doc).to_owned(),
        user,
        context: list.spec.context_in(pass.kind).label(),
        line: doc
            .line_col(doc.tree().node(cmd.node).span.start as usize)
            .line,
    })
}

pub(super) fn run(args: &[String]) -> i32 {
    let a = match Args::for_command("list", HELP, args, &["--format"], &["--explain"]) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let format = a.value("--format").unwrap_or("table");
    if !matches!(format, "table" | "json") {
        return usage_error("list", &format!("unknown format {format:?} (table, json)"));
    }
    let [file] = a.files.as_slice() else {
        return usage_error("list", "give exactly one FILE");
    };
    let (doc, answer) = match open_answer(Path::new(file)) {
        Ok(x) => x,
        Err((code, msg)) => {
            eprintln!("{}", sanitize(&msg));
            return code;
        }
    };
    let rows = rows(&doc, &answer);
    let explain = a.flag(&["--explain"]);
    if format == "json" {
        print!("{}", to_json(file, &rows, explain).pretty());
    } else {
        print!("{}", to_table(&rows, explain));
    }
    EXIT_OK
}

/// How Windows will run a command line: program, arguments, what runs inside.
fn explain_line(program: &str) -> Vec<String> {
    cmdline::explain(&cmdline::analyse(program))
}

fn explanation(program: &str) -> String {
    explain_line(program).join("\n")
}

fn to_json(file: &str, rows: &[Row], explain: bool) -> Json {
    let cmds = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut o = vec![
                ("step".to_owned(), Json::Int(i as i64 + 1)),
                ("pass".to_owned(), Json::str(&r.pass)),
                ("component".to_owned(), Json::str(&r.component)),
                ("architecture".to_owned(), Json::str(&r.arch)),
                ("list".to_owned(), Json::str(r.list)),
                ("synchronous".to_owned(), Json::Bool(r.synchronous)),
                ("order".to_owned(), Json::str(&r.order)),
                ("will_reboot".to_owned(), Json::opt(r.will_reboot.clone())),
                (
                    "requires_user_input".to_owned(),
                    Json::opt(r.requires_user_input.clone()),
                ),
                ("program".to_owned(), Json::str(&r.program)),
                ("description".to_owned(), Json::str(&r.description)),
                ("user".to_owned(), Json::opt(r.user.clone())),
                ("context".to_owned(), Json::str(r.context)),
                ("line".to_owned(), Json::Int(i64::from(r.line))),
            ];
            if explain {
                o.push((
                    "explain".to_owned(),
                    Json::Arr(
                        explain_line(&r.program)
                            .into_iter()
                            .map(Json::Str)
                            .collect(),
                    ),
                ));
            }
            Json::Obj(o)
        })
        .collect();
    Json::obj([("file", Json::str(file)), ("commands", Json::Arr(cmds))])
}

fn to_table(rows: &[Row], explain: bool) -> String {
    if rows.is_empty() {
        return "no commands\n".into();
    }
    let mut out = String::new();
    let mut last_pass = None;
    for (i, r) in rows.iter().enumerate() {
        if last_pass != Some(&r.pass) {
            out.push_str(&format!("{}\n", sanitize(&r.pass)));
            last_pass = Some(&r.pass);
        }
        let flow = if r.synchronous { "waits" } else { "async" };
        let mut extras = Vec::new();
        if let Some(w) = &r.will_reboot {
            extras.push(format!("WillReboot={}", sanitize(w)));
        }
        if let Some(u) = &r.requires_user_input {
            extras.push(format!("RequiresUserInput={}", sanitize(u)));
        }
        if let Some(u) = &r.user {
            extras.push(format!("as {}", sanitize(u)));
        }
        out.push_str(&format!(
            "{:>4}. {} [{}] {} #{} ({flow}, {}{}{})  line {}\n",
            i + 1,
            sanitize(r.component.trim_start_matches("Microsoft-Windows-")),
            sanitize(&r.arch),
            r.list,
            sanitize(&r.order),
            r.context,
            if extras.is_empty() { "" } else { ", " },
            extras.join(", "),
            r.line,
        ));
        out.push_str(&format!("      run:  {}\n", sanitize(&r.program)));
        if !r.description.is_empty() {
            out.push_str(&format!("      what: {}\n", sanitize(&r.description)));
        }
        if explain {
            for l in explanation(&r.program).lines() {
                out.push_str(&format!("      how:  {}\n", sanitize(l)));
            }
        }
    }
    out
}
