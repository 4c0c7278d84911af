//! Applying the rules' safe fixes, one at a time, re-checking after each so
//! every fix sees the document as the previous one left it.

use super::check;
use crate::ops::Editor;
use crate::text::Encoding;

/// What `fix_all` did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FixPlan {
    /// `(code, what was done)` for each fix applied, in order.
    pub applied: Vec<(&'static str, String)>,
}

/// Applies every safe fix as an undoable step of `editor`. The encoding fix
/// (U003) rewrites every byte of the file, so it runs only when
/// `convert_encoding` is set.
pub fn fix_all(editor: &mut Editor, convert_encoding: bool) -> FixPlan {
    let mut plan = FixPlan::default();
    let mut refused: Vec<(&'static str, String)> = Vec::new();
    // Each round applies one fix; a document has far fewer fixable problems.
    for _ in 0..10_000 {
        let diags = check(editor.doc(), editor.answer());
        let next = diags.into_iter().find(|d| {
            d.fix.is_some()
                && (d.code != "U003" || convert_encoding)
                && !refused.iter().any(|(c, m)| *c == d.code && *m == d.message)
        });
        let Some(d) = next else { break };
        let Some(fix) = d.fix else { break };
        let result = editor.apply_edits(format!("fix {}", d.code), &fix.edits);
        if d.code == "U003" && result.is_ok() {
            editor.set_encoding(Encoding::Utf8);
        }
        match result {
            Ok(()) if d.code == "U003" || !fix.edits.is_empty() => {
                plan.applied.push((d.code, fix.label));
                if d.code == "U003" {
                    refused.push((d.code, d.message));
                }
            }
            _ => refused.push((d.code, d.message)),
        }
    }
    plan
}
