//! Generates unattui's embedded settings catalog from the shared reference catalog.
//!
//! ```text
//! cargo run --example gen_catalog -- [SOURCE_DIR] [OUTPUT_DIR]
//! ```
//!
//! `SOURCE_DIR` (default `../shared/catalog`) holds `settings.tsv`, `extra_settings.tsv`,
//! `components.tsv` and the `README.md` that names the reference snapshot. `OUTPUT_DIR`
//! (default `assets/catalog`) receives our own compact `settings.tsv` and `components.tsv`.
//! Rows of `extra_settings.tsv` add to, or replace, rows with the same component and path.
//! Standard library only; the output depends on the input bytes alone, so re-running it
//! gives identical files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::ExitCode;

/// Pass names in run order; bit `i` of a pass set stands for `PASSES[i]`.
const PASSES: [&str; 7] = [
    "windowsPE",
    "offlineServicing",
    "generalize",
    "specialize",
    "auditSystem",
    "auditUser",
    "oobeSystem",
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let src = args.first().map_or("../shared/catalog", String::as_str);
    let out = args.get(1).map_or("assets/catalog", String::as_str);
    match run(Path::new(src), Path::new(out)) {
        Ok(()) => {
            println!("wrote {out}/settings.tsv and {out}/components.tsv");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_catalog: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the shared catalog in `src` and writes the generated files into `out`.
pub fn run(src: &Path, out: &Path) -> Result<(), String> {
    let (settings, components) = render(src)?;
    fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, text) in [("settings.tsv", settings), ("components.tsv", components)] {
        let path = out.join(name);
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Builds the text of the generated `settings.tsv` and `components.tsv`.
pub fn render(src: &Path) -> Result<(String, String), String> {
    let readme = read(&src.join("README.md"))?;
    let snapshot = snapshot_of(&readme)?;
    let base = Table::parse(&read(&src.join("settings.tsv"))?, "settings.tsv")?;
    let extra = Table::parse(
        &read(&src.join("extra_settings.tsv"))?,
        "extra_settings.tsv",
    )?;
    let comps = Table::parse(&read(&src.join("components.tsv"))?, "components.tsv")?;

    // Merge: key is (component lower-cased, exact path); extra rows win.
    let mut merged: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for table in [&base, &extra] {
        for row in &table.rows {
            let comp = table.get(row, "component")?;
            let path = table.get(row, "path")?;
            merged.insert((comp.to_lowercase(), path.to_string()), table.project(row)?);
        }
    }
    let mut rows: Vec<Vec<String>> = merged.into_values().collect();
    rows.sort_by(|a, b| {
        (a[0].to_lowercase(), a[1].to_lowercase(), &a[1]).cmp(&(
            b[0].to_lowercase(),
            b[1].to_lowercase(),
            &b[1],
        ))
    });

    // The `form` of every row, to give list items the form of their key child.
    let forms: BTreeMap<(String, String), String> = rows
        .iter()
        .map(|r| Ok(((r[0].to_lowercase(), r[1].clone()), split_form(&r[7])?.0)))
        .collect::<Result<_, String>>()?;

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut s = header(&snapshot, "settings");
    s.push_str(
        "#component\tpath\tkind\tlist_item\tkey\tkey_form\tform\tpasses\ttype\tconstraints\tdefault\tdeprecated\tsource\n",
    );
    for r in &rows {
        // Projected columns: component path kind list_item key passes type constraint
        // default deprecated source notes.
        let where_ = format!("{} {}", r[0], r[1]);
        *counts.entry(r[0].to_lowercase()).or_default() += 1;
        let kind = match r[2].as_str() {
            "container" | "value" => r[2].as_str(),
            k => return Err(format!("{where_}: unknown kind {k:?}")),
        };
        let list_item = yes_no(&r[3], &where_)?;
        let key = r[4].as_str();
        let key_form = if key.is_empty() {
            ""
        } else {
            match forms.get(&(r[0].to_lowercase(), format!("{}/{key}", r[1]))) {
                Some(f) if f == "attr" => "attr",
                _ => "child",
            }
        };
        let (form, constraints) = split_form(&r[7])?;
        let constraints = canonical_constraints(&constraints, &where_)?;
        let ty = match r[6].as_str() {
            "" | "string" | "int" | "bool" | "enum" | "unknown" => r[6].as_str(),
            t => return Err(format!("{where_}: unknown type {t:?}")),
        };
        let deprecated = deprecation(yes_no(&r[9], &where_)?, &r[11], &r[10]);
        let fields = [
            r[0].as_str(),
            r[1].as_str(),
            kind,
            if list_item { "yes" } else { "" },
            key,
            key_form,
            &form,
            &pass_bits(&r[5], &where_)?.to_string(),
            ty,
            &constraints,
            r[8].as_str(),
            &deprecated,
            r[10].as_str(),
        ];
        push_row(&mut s, &fields, &where_)?;
    }

    let mut c = header(&snapshot, "components");
    c.push_str("#component\tpasses\tdeprecated\tsettings\talso_spelled\tsource\n");
    let mut comp_rows: Vec<&Vec<String>> = comps.rows.iter().collect();
    comp_rows.sort_by_key(|r| r.first().map(|n| n.to_lowercase()));
    for r in comp_rows {
        let name = comps.get(r, "component")?;
        let where_ = name.to_string();
        let count = counts.remove(&name.to_lowercase()).unwrap_or(0);
        let also: Vec<&str> = comps
            .get(r, "also_spelled")?
            .split([',', ';', '|'])
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .collect();
        let source = comps.get(r, "source")?;
        let deprecated = deprecation(yes_no(comps.get(r, "deprecated")?, &where_)?, "", source);
        let fields = [
            name,
            &pass_bits(comps.get(r, "passes")?, &where_)?.to_string(),
            &deprecated,
            &count.to_string(),
            &also.join(","),
            source,
        ];
        push_row(&mut c, &fields, &where_)?;
    }
    if let Some((orphan, _)) = counts.into_iter().next() {
        return Err(format!(
            "settings name component {orphan:?}, which components.tsv lacks"
        ));
    }
    Ok((s, c))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Finds "snapshot commit `HASH` (DATE)" in the shared README.
fn snapshot_of(readme: &str) -> Result<String, String> {
    let at = readme
        .find("snapshot commit")
        .ok_or("README.md does not name the snapshot commit")?;
    let rest = &readme[at..];
    let open = rest
        .find('`')
        .ok_or("snapshot commit is not in backquotes")?;
    let rest = &rest[open + 1..];
    let close = rest
        .find('`')
        .ok_or("snapshot commit is not in backquotes")?;
    let hash = &rest[..close];
    if hash.len() != 40 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("snapshot commit {hash:?} is not a 40-digit hash"));
    }
    let rest = rest[close + 1..].trim_start();
    let date = rest
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .map(|(d, _)| d)
        .ok_or("snapshot date not found after the commit")?;
    Ok(format!("{hash} ({date})"))
}

fn header(snapshot: &str, what: &str) -> String {
    let mut h = format!(
        "# GENERATED by examples/gen_catalog.rs from the shared unattend settings catalog \
         (MicrosoftDocs/commercialization-public, snapshot commit {snapshot}). \
         Do not edit by hand: change the source and re-run the generator.\n"
    );
    if what == "settings" {
        h.push_str(
            "# kind: container|value. list_item: yes or empty. key_form (list items with a key): \
             attr = the key is the wcm:keyValue attribute, child = a child element. form: attr = this \
             element is written as the parent's wcm:keyValue attribute, text = as the parent's text.\n",
        );
    }
    h.push_str("# passes: bit set, 1 windowsPE, 2 offlineServicing, 4 generalize, 8 specialize, 16 auditSystem, 32 auditUser, 64 oobeSystem.\n");
    h.push_str("# deprecated: empty, deprecated or removed, optionally followed by :SINCE.\n");
    h
}

fn push_row(out: &mut String, fields: &[&str], where_: &str) -> Result<(), String> {
    if fields.iter().any(|f| f.contains(['\t', '\n', '\r'])) {
        return Err(format!("{where_}: a field holds a tab or line break"));
    }
    out.push_str(&fields.join("\t"));
    out.push('\n');
    Ok(())
}

fn yes_no(v: &str, where_: &str) -> Result<bool, String> {
    match v {
        "yes" => Ok(true),
        "no" | "" => Ok(false),
        _ => Err(format!("{where_}: expected yes/no, found {v:?}")),
    }
}

fn pass_bits(list: &str, where_: &str) -> Result<u8, String> {
    let mut bits = 0u8;
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let i = PASSES
            .iter()
            .position(|p| *p == name)
            .ok_or_else(|| format!("{where_}: unknown pass {name:?}"))?;
        bits |= 1 << i;
    }
    Ok(bits)
}

/// Separates the `form=` token (returned as `attr`, `text` or empty) from the other constraints.
fn split_form(constraint: &str) -> Result<(String, Vec<String>), String> {
    let mut form = String::new();
    let mut rest = Vec::new();
    for tok in constraint
        .split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match tok {
            "form=attr:wcm:keyValue" => form = "attr".into(),
            "form=text_of_parent" => form = "text".into(),
            t if t.starts_with("form=") => return Err(format!("unknown form {t:?}")),
            t => rest.push(t.to_string()),
        }
    }
    Ok((form, rest))
}

/// Checks every constraint against the README's vocabulary and writes them in a fixed order.
fn canonical_constraints(tokens: &[String], where_: &str) -> Result<String, String> {
    const ORDER: [&str; 9] = [
        "enum",
        "flags",
        "range",
        "min",
        "min_len",
        "max_len",
        "recommended_max_len",
        "pattern",
        "empty_ok",
    ];
    let mut found: Vec<(usize, String)> = Vec::new();
    for tok in tokens {
        let (name, value) = tok
            .split_once('=')
            .ok_or_else(|| format!("{where_}: constraint {tok:?} has no '='"))?;
        let rank = ORDER
            .iter()
            .position(|o| *o == name)
            .ok_or_else(|| format!("{where_}: unknown constraint {name:?}"))?;
        let bad = || format!("{where_}: malformed {tok:?}");
        let ok = match name {
            "enum" | "flags" => !value.is_empty(),
            "range" => value
                .split_once("..")
                .is_some_and(|(lo, hi)| matches!((lo.parse::<i64>(), hi.parse::<i64>()), (Ok(l), Ok(h)) if l <= h)),
            "min" => value.parse::<i64>().is_ok(),
            "min_len" | "recommended_max_len" => value.parse::<usize>().is_ok(),
            "max_len" => value.strip_suffix(" bytes").unwrap_or(value).parse::<usize>().is_ok(),
            "pattern" => value.starts_with('[') && value.ends_with(']') && value.len() > 2,
            "empty_ok" => matches!(value, "yes" | "no"),
            _ => false,
        };
        if !ok {
            return Err(bad());
        }
        if found.iter().any(|(r, _)| *r == rank) {
            return Err(format!("{where_}: {name} given twice"));
        }
        found.push((rank, tok.clone()));
    }
    found.sort();
    Ok(found
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join(";"))
}

/// Encodes deprecation as `deprecated`/`removed`, with `:SINCE` when the notes name a version.
fn deprecation(flag: bool, notes: &str, source: &str) -> String {
    if !flag {
        return String::new();
    }
    let mut removed = source.contains("(removed)") || notes.contains("(removed)");
    let mut since = None;
    for tok in notes.split(';') {
        if let Some(v) = tok.strip_prefix("removed_in=") {
            removed = true;
            since = Some(v);
        } else if let Some(v) = tok.strip_prefix("deprecated_in=") {
            since = since.or(Some(v));
        }
    }
    let word = if removed { "removed" } else { "deprecated" };
    match since {
        Some(v) => format!("{word}:{}", v.replace('_', " ")),
        None => word.to_string(),
    }
}

/// A TSV file with a header line.
struct Table {
    name: &'static str,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str, name: &'static str) -> Result<Table, String> {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let columns: Vec<String> = lines
            .next()
            .ok_or_else(|| format!("{name} is empty"))?
            .split('\t')
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (i, line) in lines.enumerate() {
            let row: Vec<String> = line.split('\t').map(str::to_string).collect();
            if row.len() != columns.len() {
                return Err(format!(
                    "{name} row {}: {} fields, expected {}",
                    i + 2,
                    row.len(),
                    columns.len()
                ));
            }
            rows.push(row);
        }
        Ok(Table {
            name,
            columns,
            rows,
        })
    }

    fn get<'a>(&self, row: &'a [String], column: &str) -> Result<&'a str, String> {
        let i = self
            .columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| format!("{} has no column {column:?}", self.name))?;
        Ok(row[i].as_str())
    }

    /// The settings columns in the order `render` expects.
    fn project(&self, row: &[String]) -> Result<Vec<String>, String> {
        [
            "component",
            "path",
            "kind",
            "list_item",
            "key",
            "passes",
            "type",
            "constraint",
            "default",
            "deprecated",
            "source",
            "notes",
        ]
        .iter()
        .map(|c| self.get(row, c).map(str::to_string))
        .collect()
    }
}
