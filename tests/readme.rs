//! The README's generated tables match their sources: the rule table
//! (`unattui rules --format markdown`) and the editor's key table (the keymap).
//! `UNATTUI_BLESS=1 cargo test --test readme -- --test-threads=1` rewrites them.

use std::path::Path;

fn section(readme: &str, name: &str) -> Option<(usize, usize)> {
    let start = readme.find(&format!("<!-- {name}:start -->"))?;
    let body = readme[start..].find('\n')? + start + 1;
    let end = readme.find(&format!("<!-- {name}:end -->"))?;
    Some((body, end))
}

fn check(name: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (a, b) =
        section(&readme, name).unwrap_or_else(|| panic!("README.md has no {name} markers"));
    if &readme[a..b] == generated {
        return;
    }
    if std::env::var_os("UNATTUI_BLESS").is_some() {
        let updated = format!("{}{generated}{}", &readme[..a], &readme[b..]);
        std::fs::write(&path, updated).expect("write README.md");
        return;
    }
    panic!(
        "README.md's {name} table is out of date: run `UNATTUI_BLESS=1 cargo test --test readme -- --test-threads=1`"
    );
}

#[test]
fn rules_table_is_current() {
    check("rules", &unattui::cli::rules_markdown());
}

#[cfg(feature = "tui")]
#[test]
fn key_table_is_current() {
    let mut md = String::from("| keys | where | what |\n|---|---|---|\n");
    for (keys, place, what) in unattui::tui::keymap::help_rows() {
        let keys = keys.replace('|', "\\|");
        let place = if place.is_empty() {
            "everywhere".to_owned()
        } else {
            place
        };
        md.push_str(&format!("| `{keys}` | {place} | {what} |\n"));
    }
    check("keys", &md);
}
