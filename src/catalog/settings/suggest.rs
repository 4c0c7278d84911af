//! "Did you mean …?" for settings the catalog does not know.

use super::{Index, index, parent_of};

/// Why a suggestion was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuggestionKind {
    /// The same path exists in this component, spelled with a different case
    /// (`ModifyPartition/PartitionId` → `PartitionID`).
    Case,
    /// The path exists, but under another component (named in the suggestion).
    OtherComponent,
    /// A setting whose name is a small spelling distance away (at most two edits, fewer for
    /// short names).
    Spelling,
}

/// A known setting that the unknown one probably meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion {
    /// Why it was suggested.
    pub kind: SuggestionKind,
    /// The component holding the suggested setting, as the reference spells it.
    pub component: &'static str,
    /// The suggested path.
    pub path: &'static str,
}

impl Suggestion {
    /// A short plain-words hint, e.g. `did you mean "OOBE/HideEULAPage"?`.
    pub fn message(&self) -> String {
        match self.kind {
            SuggestionKind::Case => {
                format!("wrong case: the reference spells it \"{}\"", self.path)
            }
            SuggestionKind::OtherComponent => {
                format!("\"{}\" belongs to component {}", self.path, self.component)
            }
            SuggestionKind::Spelling => format!("did you mean \"{}\"?", self.path),
        }
    }
}

/// Suggests a known setting for an unknown `path` in `component`. `None` when the setting is
/// known, or nothing close enough exists. Tried in order: the same path in another case, the
/// same path under another component, then a spelling correction of each path segment.
pub fn suggest(component: &str, path: &str) -> Option<Suggestion> {
    let idx = index();
    let ci = idx.component_index(component);
    if let Some(ci) = ci {
        let rows = idx.component_settings(ci);
        if rows.iter().any(|s| s.path == path) {
            return None;
        }
        if let Some(s) = rows.iter().find(|s| s.path.eq_ignore_ascii_case(path)) {
            return Some(found(SuggestionKind::Case, s.component, s.path));
        }
    }
    let elsewhere = |exact: bool| {
        idx.settings.iter().find(|s| {
            ci.is_none_or(|ci| idx.components.get(ci).is_none_or(|c| c.name != s.component))
                && if exact {
                    s.path == path
                } else {
                    s.path.eq_ignore_ascii_case(path)
                }
        })
    };
    if let Some(s) = elsewhere(true).or_else(|| elsewhere(false)) {
        return Some(found(SuggestionKind::OtherComponent, s.component, s.path));
    }
    let ci = ci?;
    let fixed = respell(idx, ci, path)?;
    Some(found(SuggestionKind::Spelling, fixed.0, fixed.1))
}

fn found(kind: SuggestionKind, component: &'static str, path: &'static str) -> Suggestion {
    Suggestion {
        kind,
        component,
        path,
    }
}

/// Walks `path` segment by segment, replacing each unknown segment by the closest sibling.
fn respell(idx: &Index, ci: usize, path: &str) -> Option<(&'static str, &'static str)> {
    let rows = idx.component_settings(ci);
    let mut parent = "";
    let mut last = None;
    for segment in path.split('/') {
        let siblings = || rows.iter().filter(|s| parent_of(s.path) == parent);
        let chosen = match siblings().find(|s| s.name() == segment) {
            Some(s) => s,
            None => {
                let wanted = segment.to_lowercase();
                let budget = allowed_edits(segment.chars().count());
                siblings()
                    .map(|s| (distance(&wanted, &s.name().to_lowercase()), s))
                    .filter(|(d, _)| *d <= budget)
                    .min_by_key(|(d, _)| *d)?
                    .1
            }
        };
        parent = chosen.path;
        last = Some((chosen.component, chosen.path));
    }
    last
}

/// The candidate closest to `word` (ignoring case) within the edit budget for
/// its length, for did-you-mean hints on names outside the settings catalog
/// (pass names, command children).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_lowercase();
    let budget = allowed_edits(w.chars().count());
    candidates
        .into_iter()
        .map(|c| (distance(&w, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= budget)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edits allowed for a name of `len` characters: none for 1–2, one for 3–5, two beyond.
fn allowed_edits(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring characters each cost one.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("computername", "computername"), 0);
        assert_eq!(distance("computername", "computrename"), 1);
        assert_eq!(distance("computername", "compuername"), 1);
        assert_eq!(distance("abc", "xyz"), 3);
        assert_eq!(distance("", "ab"), 2);
    }
}
