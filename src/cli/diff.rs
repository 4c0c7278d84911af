//! `unattui diff`: a semantic comparison of two answer files.

use super::json::Json;
use super::{Args, EXIT_OK, EXIT_PROBLEMS, open_answer, usage_error};
use crate::semdiff::{Change, compare};
use crate::text::sanitize;
use std::path::Path;

const HELP: &str = "\
unattui diff: compare two answer files command by command, ignoring formatting

Usage: unattui diff [--format text|json] OLD NEW

Reports commands added, removed, moved between lists, with a new Order or a
changed field, and settings added, removed or changed. Indentation, quoting,
comments, entity spelling and encoding are ignored; whitespace inside a value is
not (Windows runs it as written). Passwords are masked.

Exit codes: 0 equal; 1 different; 2 usage error or a file that cannot be read.

Example:
  unattui diff autounattend.xml~ autounattend.xml
";

pub(super) fn run(args: &[String]) -> i32 {
    let a = match Args::for_command("diff", HELP, args, &["--format"], &[]) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let format = a.value("--format").unwrap_or("text");
    if !matches!(format, "text" | "json") {
        return usage_error("diff", &format!("unknown format {format:?} (text, json)"));
    }
    let [old, new] = a.files.as_slice() else {
        return usage_error("diff", "give two files: OLD NEW");
    };
    let load = |f: &str| open_answer(Path::new(f)).map_err(|(_, msg)| msg);
    let (od, oa, nd, na) = match (load(old), load(new)) {
        (Ok((od, oa)), Ok((nd, na))) => (od, oa, nd, na),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{}", sanitize(&e));
            return super::EXIT_USAGE;
        }
    };
    let changes = compare(&od, &oa, &nd, &na);
    if format == "json" {
        let items = changes.iter().map(to_json).collect();
        print!(
            "{}",
            Json::obj([
                ("old", Json::str(old)),
                ("new", Json::str(new)),
                ("equal", Json::Bool(changes.is_empty())),
                ("changes", Json::Arr(items))
            ])
            .pretty()
        );
    } else if changes.is_empty() {
        println!("no differences");
    } else {
        for c in &changes {
            println!("{}", sanitize(&describe(c)));
        }
        println!(
            "{} difference{}",
            changes.len(),
            if changes.len() == 1 { "" } else { "s" }
        );
    }
    if changes.is_empty() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}

fn opt(v: &Option<String>) -> String {
    v.as_ref()
        .map(|s| format!("{s:?}"))
        .unwrap_or_else(|| "(absent)".into())
}

fn describe(c: &Change) -> String {
    match c {
        Change::Added {
            list,
            order,
            program,
        } => format!("+ added     {} › Order {order}: {program}", list.label()),
        Change::Removed {
            list,
            order,
            program,
        } => format!("- removed   {} › Order {order}: {program}", list.label()),
        Change::FieldChanged {
            list,
            order,
            field,
            old,
            new,
        } => {
            format!(
                "~ changed   {} › Order {order} › {field:?}: {} → {}",
                list.label(),
                opt(old),
                opt(new)
            )
        }
        Change::OrderChanged {
            list,
            program,
            old,
            new,
        } => format!(
            "~ reordered {} › Order {old} → {new}: {program}",
            list.label()
        ),
        Change::Moved { from, to, program } => {
            format!("~ moved     {} → {}: {program}", from.label(), to.label())
        }
        Change::Setting { path, old, new } => {
            format!("~ setting   {path}: {} → {}", opt(old), opt(new))
        }
    }
}

fn to_json(c: &Change) -> Json {
    let s = |x: &Option<String>| Json::opt(x.clone());
    match c {
        Change::Added {
            list,
            order,
            program,
        } => Json::obj([
            ("kind", Json::str("added")),
            ("list", Json::str(list.label())),
            ("order", Json::str(order)),
            ("program", Json::str(program)),
        ]),
        Change::Removed {
            list,
            order,
            program,
        } => Json::obj([
            ("kind", Json::str("removed")),
            ("list", Json::str(list.label())),
            ("order", Json::str(order)),
            ("program", Json::str(program)),
        ]),
        Change::FieldChanged {
            list,
            order,
            field,
            old,
            new,
        } => Json::obj([
            ("kind", Json::str("changed")),
            ("list", Json::str(list.label())),
            ("order", Json::str(order)),
            ("field", Json::str(format!("{field:?}"))),
            ("old", s(old)),
            ("new", s(new)),
        ]),
        Change::OrderChanged {
            list,
            program,
            old,
            new,
        } => Json::obj([
            ("kind", Json::str("reordered")),
            ("list", Json::str(list.label())),
            ("program", Json::str(program)),
            ("old", Json::str(old)),
            ("new", Json::str(new)),
        ]),
        Change::Moved { from, to, program } => Json::obj([
            ("kind", Json::str("moved")),
            ("from", Json::str(from.label())),
            ("to", Json::str(to.label())),
            ("program", Json::str(program)),
        ]),
        Change::Setting { path, old, new } => Json::obj([
            ("kind", Json::str("setting")),
            ("path", Json::str(path)),
            ("old", s(old)),
            ("new", s(new)),
        ]),
    }
}
