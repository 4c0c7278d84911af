//! Secrets in answer files: which elements hold passwords, and a copy of a
//! text with them masked, for anything shown that is not the file itself
//! (diffs of unsaved changes, the recovery prompt).

use crate::xml::{self, NodeId, Tree};

/// What masked values are replaced with.
pub const MASK: &str = "••••••";

/// True when the element holds a secret: a `Password` with no child elements
/// (command and domain credentials), or the `Value` of any `…Password`
/// container (accounts, AutoLogon; spec §4).
pub fn is_secret(tree: &Tree, text: &str, node: NodeId) -> bool {
    let local = tree.local_name(text, node);
    if local == "Password" || local == "MachinePassword" || local == "FaxUserPassword" {
        return !tree.has_element_children(node);
    }
    local == "Value"
        && tree
            .parent(node)
            .is_some_and(|p| tree.local_name(text, p).ends_with("Password"))
}

/// Byte ranges of every secret value in `tree` (element content, in document
/// order), limited to elements that start within `within`.
pub fn secret_ranges(
    tree: &Tree,
    text: &str,
    within: std::ops::Range<usize>,
) -> Vec<std::ops::Range<usize>> {
    // Nodes are stored in document order: start at the first one inside `within`.
    let first =
        (0..tree.len()).find(|&i| tree.node(NodeId(i as u32)).span.start as usize >= within.start);
    (first.unwrap_or(tree.len())..tree.len())
        .map(|i| NodeId(i as u32))
        .take_while(|&n| (tree.node(n).span.start as usize) < within.end)
        .filter(|&n| tree.node(n).kind == xml::NodeKind::Element && is_secret(tree, text, n))
        .map(|n| tree.node(n).content().range())
        .filter(|r| !r.is_empty())
        .collect()
}

/// `text[range]` with every secret value in `ranges` (from [`secret_ranges`])
/// replaced by [`MASK`].
pub fn mask_ranges(
    text: &str,
    range: std::ops::Range<usize>,
    ranges: &[std::ops::Range<usize>],
) -> String {
    let mut out = String::with_capacity(range.len());
    let mut pos = range.start;
    for r in ranges {
        if r.start < pos || r.end > range.end {
            continue;
        }
        out.push_str(&text[pos..r.start]);
        out.push_str(MASK);
        pos = r.end;
    }
    out.push_str(&text[pos..range.end]);
    out
}

/// `text` with every secret value replaced by [`MASK`]. Text that does not
/// parse is masked line by line: the content of any `<…Password>` or `<Value>`
/// element written on one line.
pub fn masked_text(text: &str) -> String {
    let Ok(tree) = xml::parse(text) else {
        return text.lines().map(mask_line).collect::<Vec<_>>().join("\n");
    };
    let ranges = secret_ranges(&tree, text, 0..text.len());
    mask_ranges(text, 0..text.len(), &ranges)
}

fn mask_line(line: &str) -> String {
    for tag in ["Password>", "Value>"] {
        if let Some(open) = line
            .find(tag)
            .filter(|&i| i > 0 && !line[..i].ends_with('/'))
            && let Some(close) = line[open..].find("</").map(|c| open + c)
        {
            let start = open + tag.len();
            if start <= close {
                return format!("{}{MASK}{}", &line[..start], &line[close..]);
            }
        }
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_command_and_account_passwords() {
        let t = "<a><Credentials><Password>p1</Password></Credentials><AdministratorPassword><Value>p2</Value><PlainText>true</PlainText></AdministratorPassword><Other><Value>keep</Value></Other></a>";
        let m = masked_text(t);
        assert!(!m.contains("p1") && !m.contains("p2"), "{m}");
        assert!(m.contains("<Value>keep</Value>") && m.contains("<PlainText>true</PlainText>"));
    }

    #[test]
    fn masks_broken_text_line_by_line() {
        let m = masked_text("<a>\n  <Password>secret</Password>\n  <b>&</b>\n");
        assert!(!m.contains("secret"), "{m}");
        assert!(m.contains("<b>&</b>"));
    }
}
