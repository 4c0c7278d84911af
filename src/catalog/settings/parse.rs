//! Reads the generated TSV files (format described in their header comments) into an [`Index`].
//!
//! Every string in the index borrows from the embedded text, so parsing allocates only the
//! vectors and maps. A line that cannot be read is skipped and reported in `Index::problems`.

use super::{
    ComponentInfo, Constraints, Deprecation, Form, Index, KeyForm, Kind, Lazy, LenUnit, PassSet,
    PathMap, SettingInfo, ValueType,
};
use std::sync::OnceLock;

/// One component's rows, for [`Lazy`]: each row is parsed the first time it is needed.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// The rows' lines, in catalog order.
    lines: Vec<&'static str>,
    /// Each line once parsed (`None` when it cannot be read; [`build`] reports those). Boxed:
    /// a `SettingInfo` is about 300 bytes and most rows are never asked for.
    parsed: Vec<OnceLock<Option<Box<SettingInfo>>>>,
    /// Exact path → index into `lines`.
    pub(super) by_path: PathMap,
    /// Each line's path column (`""` when it has none), as `by_path` reads it.
    paths: Vec<&'static str>,
}

impl Rows {
    /// Row `i`, parsed on first use.
    pub(super) fn get(&self, i: usize) -> Option<&SettingInfo> {
        let line = *self.lines.get(i)?;
        self.parsed
            .get(i)?
            .get_or_init(|| setting_row(line).map(Box::new))
            .as_deref()
    }

    /// Every row that can be read, in catalog order.
    pub(super) fn iter(&self) -> impl Iterator<Item = &SettingInfo> {
        (0..self.lines.len()).filter_map(|i| self.get(i))
    }

    /// Whether some row below `parent` (path starting with `parent` and
    /// `/`) may be restricted to passes other than `pass` (when given) or be
    /// deprecated (when `deprecation` is set). Read from the text columns
    /// without parsing the rows; a row that cannot be parsed is never
    /// looked up, so it counts only when unsure (the answer may be a false
    /// `true`, never a false `false`).
    pub(super) fn below_may_flag(
        &self,
        parent: &str,
        pass: Option<&str>,
        deprecation: bool,
    ) -> bool {
        self.paths.iter().zip(&self.lines).any(|(path, line)| {
            let below = path.len() > parent.len()
                && path.as_bytes()[parent.len()] == b'/'
                && path.starts_with(parent);
            below && row_may_flag(line, pass, deprecation)
        })
    }
}

/// See [`Rows::below_may_flag`], for one row.
fn row_may_flag(line: &'static str, pass: Option<&str>, deprecation: bool) -> bool {
    // The passes (8th) and deprecation (12th) columns. A row with fewer
    // columns cannot be read by setting_row, so it is never reported.
    let (mut passes, mut deprecated) = (None, None);
    let mut column = 0;
    let mut start = 0;
    for (i, &c) in line.as_bytes().iter().enumerate() {
        if c != b'\t' {
            continue;
        }
        match column {
            7 => passes = line.get(start..i),
            11 => {
                deprecated = line.get(start..i);
                break;
            }
            _ => {}
        }
        column += 1;
        start = i + 1;
    }
    let (Some(passes), Some(deprecated)) = (passes, deprecated) else {
        return false;
    };
    let other_passes = pass.is_some_and(|p| {
        passes.parse::<u8>().is_ok_and(|bits| {
            let set = PassSet::from_bits(bits);
            !set.is_empty() && !set.contains(p)
        })
    });
    other_passes || (deprecation && !deprecated.is_empty())
}

/// `text`'s lines (without `\n` or `\r\n`) with the offset each starts at; a vectorised
/// search, as `str::lines` was a visible share of start-up on the 190 KB `settings.tsv`.
fn lines_at(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let from = start;
        let end = ends.next().unwrap_or(text.len());
        start = end + 1;
        let line = text.get(from..end).unwrap_or("");
        Some((from, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Reads `components.tsv` only; a component's lines in `settings.tsv` are found when it is
/// first looked up ([`Lazy::rows`], [`component_lines`]) and its rows parsed when asked for.
pub(super) fn build_lazy(settings_tsv: &'static str, components_tsv: &'static str) -> Lazy {
    let mut cat = Lazy {
        components: Vec::new(),
        by_name: Default::default(),
        data_start: 0,
        rows: Vec::new(),
    };
    for (_, line) in lines_at(components_tsv) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(c) = component_row(line) {
            cat.by_name
                .insert(c.name.to_lowercase(), cat.components.len());
            for other in &c.also_spelled {
                cat.by_name
                    .insert(other.to_lowercase(), cat.components.len());
            }
            cat.components.push(c);
        }
    }
    cat.rows = (0..cat.components.len()).map(|_| OnceLock::new()).collect();
    // The header comments; data lines follow.
    cat.data_start = lines_at(settings_tsv)
        .find(|(_, l)| !l.starts_with('#'))
        .map_or(settings_tsv.len(), |(at, _)| at);
    cat
}

/// The lines of component `ci` in `settings_tsv`, found by binary search: the generator writes
/// the rows sorted by component, in the order of `components.tsv` (the catalog tests check
/// that every component's rows found this way are exactly those [`build`] reads).
pub(super) fn component_lines(cat: &Lazy, settings_tsv: &'static str, ci: usize) -> &'static str {
    let start = first_line_from(cat, settings_tsv, ci);
    let end = first_line_from(cat, settings_tsv, ci + 1).max(start);
    settings_tsv.get(start..end).unwrap_or("")
}

/// The start of the first data line whose component comes at or after `ci` (the text's length
/// when none does).
fn first_line_from(cat: &Lazy, text: &'static str, ci: usize) -> usize {
    let bytes = text.as_bytes();
    // The start of the first line that begins at or after byte `p`.
    let line_at = |p: usize| -> usize {
        if p <= cat.data_start || bytes.get(p.wrapping_sub(1)) == Some(&b'\n') {
            return p.max(cat.data_start);
        }
        memchr::memchr(b'\n', bytes.get(p..).unwrap_or(&[])).map_or(text.len(), |i| p + i + 1)
    };
    // Whether the line there belongs to component `ci` or a later one (monotone in `p`).
    let at_or_after = |p: usize| -> bool {
        let l = line_at(p);
        let rest = text.get(l..).unwrap_or("");
        let line =
            memchr::memchr(b'\n', rest.as_bytes()).map_or(rest, |i| rest.get(..i).unwrap_or(rest));
        l >= text.len()
            || line.trim_end_matches('\r').is_empty()
            || cat
                .by_name
                .get(&first_field(line).to_lowercase())
                .is_none_or(|&c| c >= ci)
    };
    let (mut lo, mut hi) = (cat.data_start, text.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if at_or_after(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    line_at(lo)
}

/// The text before the first tab (the whole line when it has none).
fn first_field(line: &str) -> &str {
    memchr::memchr(b'\t', line.as_bytes()).map_or(line, |i| line.get(..i).unwrap_or(line))
}

/// Indexes the rows in `text` (one component's lines of `settings.tsv`) by path without
/// parsing them; [`Rows::get`] parses a row when it is first asked for.
pub(super) fn rows(text: &'static str) -> Rows {
    let n = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    let mut out = Rows {
        lines: Vec::with_capacity(n),
        parsed: Vec::with_capacity(n),
        by_path: PathMap::with_capacity_and_hasher(n, Default::default()),
        paths: Vec::with_capacity(n),
    };
    // The component, as the previous line spells it: most lines repeat it, so its tab need not
    // be searched for.
    let mut component = "";
    for (_, line) in lines_at(text) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let same = !component.is_empty()
            && line.as_bytes().get(component.len()) == Some(&b'\t')
            && line.starts_with(component);
        if !same {
            component = first_field(line);
        }
        let after_component = line.get(component.len() + 1..);
        let path = after_component.map(first_field);
        if let Some(path) = path {
            out.by_path.insert(path, out.lines.len());
        }
        out.paths.push(path.unwrap_or(""));
        out.lines.push(line);
        out.parsed.push(OnceLock::new());
    }
    out
}

/// Parses both embedded files and links settings to their components.
pub(super) fn build(settings_tsv: &'static str, components_tsv: &'static str) -> Index {
    let mut idx = Index::default();
    for (n, line) in data_lines(components_tsv) {
        match component_row(line) {
            Some(c) => {
                idx.by_name
                    .insert(c.name.to_lowercase(), idx.components.len());
                for other in &c.also_spelled {
                    idx.by_name
                        .insert(other.to_lowercase(), idx.components.len());
                }
                idx.components.push(c);
            }
            None => idx
                .problems
                .push(format!("components.tsv line {n}: {line}")),
        }
    }
    idx.ranges = vec![0..0; idx.components.len()];
    let mut by_path = vec![PathMap::default(); idx.components.len()];
    idx.settings.reserve(1200);
    let mut current: Option<usize> = None;
    for (n, line) in data_lines(settings_tsv) {
        let Some(s) = setting_row(line) else {
            idx.problems.push(format!("settings.tsv line {n}: {line}"));
            continue;
        };
        let ci = match current {
            Some(ci)
                if idx
                    .components
                    .get(ci)
                    .is_some_and(|c| c.name == s.component) =>
            {
                ci
            }
            _ => match idx.by_name.get(&s.component.to_lowercase()) {
                // Rows of one component are contiguous; a component seen again is a broken file.
                Some(&ci) if idx.ranges.get(ci).is_some_and(|r| r.is_empty()) => {
                    if let Some(r) = idx.ranges.get_mut(ci) {
                        *r = idx.settings.len()..idx.settings.len();
                    }
                    ci
                }
                _ => {
                    idx.problems.push(format!(
                        "settings.tsv line {n}: unknown or scattered component {}",
                        s.component
                    ));
                    continue;
                }
            },
        };
        current = Some(ci);
        let row = idx.settings.len();
        if let Some(map) = by_path.get_mut(ci)
            && map.insert(s.path, row).is_some()
        {
            idx.problems
                .push(format!("settings.tsv line {n}: duplicate path {}", s.path));
        }
        idx.settings.push(s);
        if let Some(r) = idx.ranges.get_mut(ci) {
            r.end = row + 1;
        }
    }
    idx
}

/// Non-comment, non-empty lines with their 1-based line numbers.
fn data_lines(text: &'static str) -> impl Iterator<Item = (usize, &'static str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// Exactly `N` tab-separated fields (`None` for fewer or more).
fn fields<const N: usize>(line: &'static str) -> Option<[&'static str; N]> {
    let mut out = [""; N];
    let mut tabs = memchr::memchr_iter(b'\t', line.as_bytes());
    let mut from = 0;
    for (k, slot) in out.iter_mut().enumerate() {
        let end = if k + 1 < N { tabs.next()? } else { line.len() };
        *slot = line.get(from..end)?;
        from = end + 1;
    }
    tabs.next().is_none().then_some(out)
}

fn opt(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

fn setting_row(line: &'static str) -> Option<SettingInfo> {
    let [
        component,
        path,
        kind,
        list_item,
        key,
        key_form,
        form,
        passes,
        ty,
        constraints,
        default,
        deprecated,
        source,
    ] = fields::<13>(line)?;
    Some(SettingInfo {
        component,
        path,
        kind: match kind {
            "container" => Kind::Container,
            "value" => Kind::Value,
            _ => return None,
        },
        list_item: match list_item {
            "yes" => true,
            "" => false,
            _ => return None,
        },
        key: opt(key),
        key_form: match key_form {
            "attr" => Some(KeyForm::Attribute),
            "child" => Some(KeyForm::Child),
            "" => None,
            _ => return None,
        },
        form: match form {
            "attr" => Form::KeyValueAttribute,
            "text" => Form::ParentText,
            "" => Form::Element,
            _ => return None,
        },
        passes: PassSet::from_bits(passes.parse().ok()?),
        value_type: match ty {
            "string" => ValueType::String,
            "int" => ValueType::Int,
            "bool" => ValueType::Bool,
            "enum" => ValueType::Enum,
            "unknown" | "" => ValueType::Unknown,
            _ => return None,
        },
        constraints: parse_constraints(constraints)?,
        default: opt(default),
        deprecated: parse_deprecation(deprecated)?,
        source,
    })
}

fn component_row(line: &'static str) -> Option<ComponentInfo> {
    let [name, passes, deprecated, settings, also, source] = fields::<6>(line)?;
    Some(ComponentInfo {
        name,
        passes: PassSet::from_bits(passes.parse().ok()?),
        deprecated: parse_deprecation(deprecated)?,
        settings: settings.parse().ok()?,
        also_spelled: also.split(',').filter(|a| !a.is_empty()).collect(),
        source,
    })
}

/// `""` → no deprecation; `deprecated`, `removed`, optionally `:SINCE`. `None` when malformed.
fn parse_deprecation(text: &'static str) -> Option<Option<Deprecation>> {
    if text.is_empty() {
        return Some(None);
    }
    let (word, since) = match text.split_once(':') {
        Some((w, s)) => (w, Some(s)),
        None => (text, None),
    };
    let removed = match word {
        "removed" => true,
        "deprecated" => false,
        _ => return None,
    };
    Some(Some(Deprecation { removed, since }))
}

/// The `;`-separated constraint vocabulary of the shared catalog README (without `form=`).
fn parse_constraints(text: &'static str) -> Option<Constraints> {
    let mut c = Constraints::default();
    for tok in text.split(';').filter(|t| !t.is_empty()) {
        let (name, value) = tok.split_once('=')?;
        match name {
            "enum" => c.enum_values = value.split('|').collect(),
            "flags" => {
                c.flags = value
                    .split('|')
                    .map(str::parse)
                    .collect::<Result<_, _>>()
                    .ok()?
            }
            "range" => {
                let (lo, hi) = value.split_once("..")?;
                c.range = Some((lo.parse().ok()?, hi.parse().ok()?));
            }
            "min" => c.min = Some(value.parse().ok()?),
            "min_len" => c.min_len = Some(value.parse().ok()?),
            "recommended_max_len" => c.recommended_max_len = Some(value.parse().ok()?),
            "max_len" => {
                c.max_len = Some(match value.strip_suffix(" bytes") {
                    Some(n) => (n.parse().ok()?, LenUnit::Bytes),
                    None => (value.parse().ok()?, LenUnit::Chars),
                })
            }
            "pattern" => c.pattern = Some(value),
            "empty_ok" => {
                c.empty_ok = Some(match value {
                    "yes" => true,
                    "no" => false,
                    _ => return None,
                })
            }
            _ => return None,
        }
    }
    Some(c)
}
