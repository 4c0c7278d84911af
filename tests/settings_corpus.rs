//! Corpus review of the settings-catalog rules. Reads every file of the directory named by
//! `UNATTUI_CORPUS`, prints how much of its settings the catalog recognises and every U070 /
//! U071 raised, for review by hand:
//!
//! `UNATTUI_CORPUS=/work/shared/corpus/real cargo test --no-default-features --test settings_corpus -- --nocapture`
//!
//! When the shared corpus is the one reviewed, the known mistakes in its files (the catalog
//! README's pass disagreements) must be found.

mod common;

use std::collections::BTreeSet;

use unattui::answer::Answer;
use unattui::catalog::settings;
use unattui::document::Document;
use unattui::lint;
use unattui::xml::{NodeId, Tree};

/// Occurrences and distinct (component, path) pairs, known and all.
#[derive(Default)]
struct Coverage {
    known: usize,
    total: usize,
    pairs: BTreeSet<(String, String, bool)>,
}

impl Coverage {
    fn walk(&mut self, tree: &Tree, text: &str, component: &str, node: NodeId, parent: &str) {
        let local = tree.local_name(text, node);
        let path = if parent.is_empty() {
            local.to_owned()
        } else {
            format!("{parent}/{local}")
        };
        let known = settings::setting(component, &path).is_some();
        self.total += 1;
        self.known += usize::from(known);
        self.pairs
            .insert((component.to_ascii_lowercase(), path.clone(), known));
        for child in tree.elements(node) {
            self.walk(tree, text, component, child, &path);
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

#[test]
fn settings_rules_on_the_corpus() {
    let Some(files) = common::corpus() else {
        return;
    };
    let mut coverage = Coverage::default();
    let mut loaded = 0usize;
    // (file name, code, message) of every U070/U071.
    let mut raised: Vec<(String, &'static str, String)> = Vec::new();
    // Codes of the other catalog rules raised (U072–U075), for the summary.
    let mut others: Vec<&'static str> = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::read(path).expect("corpus file is readable");
        let Ok(doc) = Document::load(&bytes) else {
            println!("{name}: does not load, skipped");
            continue;
        };
        loaded += 1;
        let answer = Answer::build(&doc);
        let tree = doc.tree();
        for pass in &answer.passes {
            for comp in &pass.components {
                let Some(cname) = comp.name.as_deref() else {
                    continue;
                };
                for child in tree.elements(comp.node) {
                    coverage.walk(tree, doc.text(), cname, child, "");
                }
            }
        }
        for d in lint::check(&doc, &answer) {
            if matches!(d.code, "U070" | "U071") {
                println!(
                    "{name}:{}: {} {} [{}]",
                    d.at.line, d.code, d.message, d.place
                );
                raised.push((name.clone(), d.code, d.message));
            } else if matches!(d.code, "U072" | "U073" | "U074" | "U075") {
                println!(
                    "  (also) {name}:{}: {} {} {}",
                    d.at.line, d.code, d.severity, d.message
                );
                others.push(d.code);
            }
        }
    }
    let distinct: BTreeSet<(&String, &String)> =
        coverage.pairs.iter().map(|(c, p, _)| (c, p)).collect();
    let distinct_known = coverage.pairs.iter().filter(|(_, _, k)| *k).count();
    println!(
        "{loaded} of {} files load; setting elements known: {}/{} occurrences = {:.1}%, {}/{} distinct component/path pairs = {:.1}%",
        files.len(),
        coverage.known,
        coverage.total,
        percent(coverage.known, coverage.total),
        distinct_known,
        distinct.len(),
        percent(distinct_known, distinct.len()),
    );
    let count = |code: &str| {
        raised.iter().filter(|r| r.1 == code).count()
            + others.iter().filter(|c| **c == code).count()
    };
    println!(
        "raised: U070 {}, U071 {}, U072 {}, U073 {}, U074 {}, U075 {}",
        count("U070"),
        count("U071"),
        count("U072"),
        count("U073"),
        count("U074"),
        count("U075")
    );

    // The known true positives of the shared corpus (catalog README, pass agreement).
    let found = |prefix: &str, code: &str, needle: &str| {
        raised
            .iter()
            .any(|(f, c, m)| f.starts_with(prefix) && *c == code && m.contains(needle))
    };
    let present = |prefix: &str| {
        files.iter().any(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
    };
    // 021 puts AutoLogon in specialize, which the reference allows (specialize, auditSystem,
    // oobeSystem), so it must not be a U071; its real slip is the case of OOBE/OEMAppId.
    for (prefix, code, needle) in [
        ("004-", "U071", "ComputerName is not valid in oobeSystem"),
        ("030-", "U071", "OOBE is not valid in specialize"),
        (
            "021-",
            "U070",
            "wrong case: the reference spells it \"OOBE/OEMAppID\"",
        ),
    ] {
        if present(prefix) {
            assert!(
                found(prefix, code, needle),
                "expected {code} \"{needle}\" in {prefix}*"
            );
        }
    }
    if present("021-") {
        assert!(
            !raised
                .iter()
                .any(|(f, c, m)| f.starts_with("021-") && *c == "U071" && m.contains("AutoLogon")),
            "AutoLogon is valid in specialize per the reference"
        );
    }
}
