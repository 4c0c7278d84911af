//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The project's own fixtures.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The `.xml` files directly in `dir`, sorted.
pub fn xml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xml")))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The real-world corpus named by `UNATTUI_CORPUS`, or None with a printed note.
pub fn corpus() -> Option<Vec<PathBuf>> {
    match std::env::var_os("UNATTUI_CORPUS") {
        None => {
            eprintln!(
                "UNATTUI_CORPUS is not set: the real-world corpus part of this test is skipped (CI sets it to ../shared/corpus/real)"
            );
            None
        }
        Some(dir) => {
            let files = xml_files(Path::new(&dir));
            assert!(
                !files.is_empty(),
                "UNATTUI_CORPUS={} has no .xml files",
                Path::new(&dir).display()
            );
            Some(files)
        }
    }
}

/// Corpus files (when present) plus the project's fixtures.
pub fn all_inputs() -> Vec<PathBuf> {
    let mut v = xml_files(&fixtures());
    v.extend(corpus().unwrap_or_default());
    v
}
