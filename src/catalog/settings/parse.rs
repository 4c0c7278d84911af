//! Reads the generated TSV files (format described in their header comments) into an [`Index`].
//!
//! Every string in the index borrows from the embedded text, so parsing allocates only the
//! vectors and maps. A line that cannot be read is skipped and reported in `Index::problems`.

use super::super::split_at_byte;
use super::{
    ComponentInfo, Constraints, Deprecation, Form, Index, KeyForm, Kind, LenUnit, PassSet,
    SettingInfo, ValueType,
};
use std::collections::HashSet;

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
    let mut paths = vec![HashSet::new(); idx.components.len()];
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
        if let Some(seen) = paths.get_mut(ci)
            && !seen.insert(s.path)
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
    let mut it = split_at_byte(line, b'\t');
    for slot in &mut out {
        *slot = it.next()?;
    }
    it.next().is_none().then_some(out)
}

fn opt(s: &'static str) -> Option<&'static str> {
    (!s.is_empty()).then_some(s)
}

pub(super) fn setting_row(line: &'static str) -> Option<SettingInfo> {
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

pub(super) fn component_row(line: &'static str) -> Option<ComponentInfo> {
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
pub(super) fn parse_constraints(text: &'static str) -> Option<Constraints> {
    let mut c = Constraints::default();
    for tok in split_at_byte(text, b';').filter(|t| !t.is_empty()) {
        let (name, value) = tok.split_once('=')?;
        match name {
            "enum" => c.enum_values = split_at_byte(value, b'|').collect(),
            "flags" => {
                c.flags = split_at_byte(value, b'|')
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
