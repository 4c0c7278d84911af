//! "Did you mean …?" for settings the catalog does not know.

use super::{ComponentId, component_id, component_of, layout};
use std::ops::Range;

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
///
/// Reads only the rows' component and path columns (see `layout`): no row is parsed, so a
/// `check` that suggests something does not pay for parsing the whole catalog.
pub fn suggest(component: &str, path: &str) -> Option<Suggestion> {
    let ci = component_id(component).map(|id| id.0);
    let rows = ci.map_or(0..0, layout::rows_of);
    if rows.clone().any(|r| layout::row_path(r) == path) {
        return None;
    }
    if let Some(r) = rows
        .clone()
        .find(|&r| layout::row_path(r).eq_ignore_ascii_case(path))
    {
        return Some(found(SuggestionKind::Case, r));
    }
    // Rows of other components (as the component's own name spells it).
    let own = ci
        .and_then(|ci| component_of(ComponentId(ci)))
        .map(|c| c.name);
    let elsewhere = |exact: bool| {
        (0..layout::ROWS).find(|&r| {
            let p = layout::row_path(r);
            let same = if exact {
                p == path
            } else {
                p.eq_ignore_ascii_case(path)
            };
            same && own.is_none_or(|name| name != layout::row_component(r))
        })
    };
    if let Some(r) = elsewhere(true).or_else(|| elsewhere(false)) {
        return Some(found(SuggestionKind::OtherComponent, r));
    }
    ci?;
    let fixed = respell(rows, path)?;
    Some(found(SuggestionKind::Spelling, fixed))
}

fn found(kind: SuggestionKind, row: usize) -> Suggestion {
    Suggestion {
        kind,
        component: layout::row_component(row),
        path: layout::row_path(row),
    }
}

/// Walks `path` segment by segment among `rows` (one component's), replacing each unknown
/// segment by the closest sibling; the row reached.
fn respell(rows: Range<usize>, path: &str) -> Option<usize> {
    let name = |r: usize| {
        let p = layout::row_path(r);
        p.rsplit_once('/').map_or(p, |(_, n)| n)
    };
    let mut parent = "";
    let mut last = None;
    for segment in path.split('/') {
        let siblings = || rows.clone().filter(|&r| layout::has_parent(r, parent));
        let chosen = match siblings().find(|&r| name(r) == segment) {
            Some(r) => r,
            None => {
                let wanted = segment.to_lowercase();
                let budget = allowed_edits(segment.chars().count());
                siblings()
                    .map(|r| (distance(&wanted, &name(r).to_lowercase()), r))
                    .filter(|(d, _)| *d <= budget)
                    .min_by_key(|(d, _)| *d)?
                    .1
            }
        };
        parent = layout::row_path(chosen);
        last = Some(chosen);
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
    use super::super::{Index, index, parent_of};
    use super::*;

    /// The search as it was written over the whole parse ([`index`]), to hold the one over the
    /// layout to the same answers.
    fn suggest_by_index(
        component: &str,
        path: &str,
    ) -> Option<(SuggestionKind, &'static str, &'static str)> {
        let idx = index();
        let ci = idx.component_index(component);
        if let Some(ci) = ci {
            let rows = idx.component_settings(ci);
            if rows.iter().any(|s| s.path == path) {
                return None;
            }
            if let Some(s) = rows.iter().find(|s| s.path.eq_ignore_ascii_case(path)) {
                return Some((SuggestionKind::Case, s.component, s.path));
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
            return Some((SuggestionKind::OtherComponent, s.component, s.path));
        }
        let (component, path) = respell_by_index(idx, ci?, path)?;
        Some((SuggestionKind::Spelling, component, path))
    }

    fn respell_by_index(
        idx: &Index,
        ci: usize,
        path: &str,
    ) -> Option<(&'static str, &'static str)> {
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

    #[test]
    fn the_layout_search_answers_as_the_whole_parse_did() {
        let idx = index();
        let names = ["Microsoft-Windows-Nope", "microsoft-windows-shell-setup"];
        let mut asked = 0;
        for (i, s) in idx.settings.iter().enumerate().step_by(7) {
            let other = &idx.settings[(i * 31 + 5) % idx.settings.len()];
            let mut typo: Vec<char> = s.path.chars().collect();
            let n = typo.len();
            typo.swap(n - 1, n - 2);
            let typo: String = typo.into_iter().collect();
            let paths = [
                s.path.to_string(),
                s.path.to_lowercase(),
                s.path.to_uppercase(),
                typo,
                format!("{}/x", s.path),
                format!("{}x", s.path),
            ];
            for component in [s.component, other.component, names[0], names[1]] {
                for path in &paths {
                    let got = suggest(component, path).map(|g| (g.kind, g.component, g.path));
                    assert_eq!(got, suggest_by_index(component, path), "{component} {path}");
                    asked += 1;
                }
            }
        }
        assert!(asked > 3000);
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(distance("computername", "computername"), 0);
        assert_eq!(distance("computername", "computrename"), 1);
        assert_eq!(distance("computername", "compuername"), 1);
        assert_eq!(distance("abc", "xyz"), 3);
        assert_eq!(distance("", "ab"), 2);
    }
}
