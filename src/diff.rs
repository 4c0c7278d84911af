//! Line diffs between two texts, shown as unified diffs (`unattui fix`, the
//! editor's change review and the recovery prompt).

/// One line of a diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// Present in both.
    Same(&'a str),
    /// Only in the old text.
    Removed(&'a str),
    /// Only in the new text.
    Added(&'a str),
}

/// Above this many cells the middle of the diff is shown as one replacement
/// instead of computing a longest common subsequence.
const MAX_CELLS: usize = 4_000_000;

/// Line-by-line diff of `old` and `new` (lines keep their line endings).
pub fn lines<'a>(old: &'a str, new: &'a str) -> Vec<Line<'a>> {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut pre = 0;
    while pre < a.len() && pre < b.len() && a[pre] == b[pre] {
        pre += 1;
    }
    let mut suf = 0;
    while suf < a.len() - pre && suf < b.len() - pre && a[a.len() - 1 - suf] == b[b.len() - 1 - suf]
    {
        suf += 1;
    }
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut out: Vec<Line> = a[..pre].iter().map(|l| Line::Same(l)).collect();
    if (ma.len() + 1) * (mb.len() + 1) > MAX_CELLS {
        out.extend(ma.iter().map(|l| Line::Removed(l)));
        out.extend(mb.iter().map(|l| Line::Added(l)));
    } else {
        // LCS table from the end, then walk forward.
        let w = mb.len() + 1;
        let mut t = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                t[i * w + j] = if ma[i] == mb[j] {
                    t[(i + 1) * w + j + 1] + 1
                } else {
                    t[(i + 1) * w + j].max(t[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                out.push(Line::Same(ma[i]));
                i += 1;
                j += 1;
            } else if i < ma.len() && (j == mb.len() || t[(i + 1) * w + j] >= t[i * w + j + 1]) {
                out.push(Line::Removed(ma[i]));
                i += 1;
            } else {
                out.push(Line::Added(mb[j]));
                j += 1;
            }
        }
    }
    out.extend(a[a.len() - suf..].iter().map(|l| Line::Same(l)));
    out
}

/// The lines only in `old` and the lines only in `new`, each in order.
pub fn changed_lines(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let mut removed = Vec::new();
    let mut added = Vec::new();
    for l in lines(old, new) {
        match l {
            Line::Removed(s) => removed.push(s.to_owned()),
            Line::Added(s) => added.push(s.to_owned()),
            Line::Same(_) => {}
        }
    }
    (removed, added)
}

/// A unified diff with `context` lines around each change; empty when equal.
/// Line endings are not shown; a changed line ending still counts as a change.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str, context: usize) -> String {
    let d = lines(old, new);
    if d.iter().all(|l| matches!(l, Line::Same(_))) {
        return String::new();
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    let changed: Vec<usize> = d
        .iter()
        .enumerate()
        .filter(|(_, l)| !matches!(l, Line::Same(_)))
        .map(|(i, _)| i)
        .collect();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(context);
        let mut end = changed[k];
        while k < changed.len() && changed[k] <= end + 2 * context + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + context + 1).min(d.len());
        let (mut ol, mut nl) = (1, 1);
        for l in &d[..start] {
            match l {
                Line::Same(_) => {
                    ol += 1;
                    nl += 1;
                }
                Line::Removed(_) => ol += 1,
                Line::Added(_) => nl += 1,
            }
        }
        let oc = d[start..end]
            .iter()
            .filter(|l| !matches!(l, Line::Added(_)))
            .count();
        let nc = d[start..end]
            .iter()
            .filter(|l| !matches!(l, Line::Removed(_)))
            .count();
        out.push_str(&format!("@@ -{ol},{oc} +{nl},{nc} @@\n"));
        for l in &d[start..end] {
            let (mark, s) = match l {
                Line::Same(s) => (' ', s),
                Line::Removed(s) => ('-', s),
                Line::Added(s) => ('+', s),
            };
            out.push(mark);
            out.push_str(s.trim_end_matches(['\n', '\r']));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_diff_of_one_changed_line() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nD\ne\nf\ng\nh\n";
        assert_eq!(
            unified(old, new, "x", "y", 2),
            "--- x\n+++ y\n@@ -2,5 +2,5 @@\n b\n c\n-d\n+D\n e\n f\n"
        );
        assert_eq!(unified(old, old, "x", "y", 3), "");
    }

    #[test]
    fn insertions_and_deletions() {
        let d = lines("a\nb\nc\n", "a\nx\nc\nd\n");
        assert_eq!(
            d,
            vec![
                Line::Same("a\n"),
                Line::Removed("b\n"),
                Line::Added("x\n"),
                Line::Same("c\n"),
                Line::Added("d\n")
            ]
        );
    }
}
