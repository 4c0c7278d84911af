//! `unattui rules`: the rule table, from the same source the checker uses.

use super::json::Json;
use super::{Args, EXIT_OK, usage_error};
use crate::catalog::settings::reference_info;
use crate::lint::RULES;

const HELP: &str = "\
unattui rules: list every validation rule

Usage: unattui rules [--format table|markdown|json]

Example:
  unattui rules --format markdown
";

pub(super) fn run(args: &[String]) -> i32 {
    let a = match Args::for_command("rules", HELP, args, &["--format"], &[]) {
        Ok(a) => a,
        Err(code) => return code,
    };
    match a.value("--format").unwrap_or("table") {
        "table" => print!("{}", table()),
        "markdown" => print!("{}", markdown()),
        "json" => print!("{}", json().pretty()),
        other => {
            return usage_error(
                "rules",
                &format!("unknown format {other:?} (table, markdown, json)"),
            );
        }
    }
    EXIT_OK
}

/// Plain-text table.
pub fn table() -> String {
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!(
            "{}  {:<7}  {:<30} {}{}\n",
            r.code,
            r.severity.label(),
            r.name,
            r.summary,
            if r.fixable { " [fix]" } else { "" }
        ));
    }
    out.push_str(&format!("\nSettings reference: {}\n", reference_info()));
    out
}

/// Markdown table, as in the README.
pub fn markdown() -> String {
    let mut out =
        String::from("| code | severity | name | what | fix | spec |\n|---|---|---|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| {} | {} | `{}` | {} | {} | {} |\n",
            r.code,
            r.severity.label(),
            r.name,
            r.summary.replace('|', "\\|"),
            if r.fixable { "yes" } else { "" },
            r.source
        ));
    }
    out
}

fn json() -> Json {
    Json::Arr(
        RULES
            .iter()
            .map(|r| {
                Json::obj([
                    ("code", Json::str(r.code)),
                    ("name", Json::str(r.name)),
                    ("severity", Json::str(r.severity.label())),
                    ("summary", Json::str(r.summary)),
                    ("fixable", Json::Bool(r.fixable)),
                    ("source", Json::str(r.source)),
                ])
            })
            .collect(),
    )
}
