//! Applying the rules' safe fixes. Each round checks the document, takes every
//! fix whose edits do not overlap another's, applies them together as one
//! undoable step, and checks again, so a fix always sees the document as the
//! previous round left it. A file with thousands of fixable problems needs a
//! handful of rounds, not thousands of re-checks.

use super::{Diagnostic, check};
use crate::document::Edit;
use crate::ops::Editor;
use crate::text::Encoding;

/// What `fix_all` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixPlan {
    /// `(code, what was done)` for each fix applied, in order.
    pub applied: Vec<(&'static str, String)>,
}

/// At most this many rounds; each round fixes everything that does not overlap.
const MAX_ROUNDS: usize = 64;

/// Applies every safe fix through `editor` (undoable). The encoding fix (U003)
/// rewrites every byte of the file, so it runs only when `convert_encoding` is set.
pub fn fix_all(editor: &mut Editor, convert_encoding: bool) -> FixPlan {
    let mut plan = FixPlan::default();
    let mut refused: Vec<(&'static str, String)> = Vec::new();
    let mut encoding_done = false;
    for _ in 0..MAX_ROUNDS {
        let diags = check(editor.doc(), editor.answer());
        let eligible: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| d.fix.is_some())
            .filter(|d| d.code != "U003" || (convert_encoding && !encoding_done))
            .filter(|d| !refused.iter().any(|(c, m)| *c == d.code && *m == d.message))
            .collect();
        if eligible.is_empty() {
            break;
        }
        let (chosen, edits) = non_overlapping(&eligible);
        let label = format!(
            "fix {} problem{}",
            chosen.len(),
            if chosen.len() == 1 { "" } else { "s" }
        );
        if editor.apply_edits(label, &edits).is_ok() {
            for d in chosen {
                if d.code == "U003" {
                    encoding_done = true;
                    editor.set_encoding(Encoding::Utf8);
                }
                plan.applied.push((d.code, fix_label(d)));
            }
            continue;
        }
        // Together they broke the XML: try them one at a time and set aside any that fail.
        // The rest of this round's fixes were computed for the old text: the
        // next round re-checks before trying them.
        if let Some(d) = chosen.first() {
            let edits = d.fix.as_ref().map(|f| f.edits.clone()).unwrap_or_default();
            match editor.apply_edits(format!("fix {}", d.code), &edits) {
                Ok(()) => plan.applied.push((d.code, fix_label(d))),
                Err(_) => refused.push((d.code, d.message.clone())),
            }
        }
    }
    plan
}

fn fix_label(d: &Diagnostic) -> String {
    d.fix.as_ref().map(|f| f.label.clone()).unwrap_or_default()
}

/// The fixes whose edits overlap no earlier chosen fix, and all their edits.
/// Identical fixes (the same edits offered by several diagnostics) count once.
fn non_overlapping(diags: &[Diagnostic]) -> (Vec<&Diagnostic>, Vec<Edit>) {
    let mut chosen: Vec<&Diagnostic> = Vec::new();
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    let mut edits: Vec<Edit> = Vec::new();
    for d in diags {
        let Some(fix) = &d.fix else { continue };
        if chosen
            .iter()
            .any(|c| c.fix.as_ref().is_some_and(|f| f.edits == fix.edits))
        {
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                (e.range.start < t.end && t.start < e.range.end)
                    || (e.range.is_empty()
                        && t.contains(&e.range.start)
                        && e.range.start != t.start)
                    || (t.is_empty() && e.range.contains(&t.start) && e.range.start != t.start)
            })
        });
        if clashes {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
        edits.extend(fix.edits.iter().cloned());
        chosen.push(d);
    }
    (chosen, edits)
}
