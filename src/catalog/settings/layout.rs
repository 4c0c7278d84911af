//! Where every row of the embedded catalog sits, worked out by the compiler.
//!
//! [`LAYOUT`] is evaluated at compile time from the embedded `settings.tsv` and
//! `components.tsv`: the byte span of each row and of its path column, the passes and
//! deprecation columns [`below_may_flag`] reads, each component's rows, the component names (and
//! other spellings) in lower case, and hash tables of the names and of the paths. A lookup is then
//! a probe or two of static data for the component and for the path, and the parse of the one
//! row asked for (kept, boxed, for later lookups); no index is built at run time. The tables
//! hold offsets, not pointers, so the loader has nothing to relocate in them either.
//!
//! The generator writes the rows grouped by component in the order of `components.tsv`, as many
//! as its `settings` column says; the build fails with a message when the files disagree.

mod scan;

use super::{COMPONENTS_TSV, PassSet, SETTINGS_TSV};
use std::ops::Range;

/// What `components.tsv` says about the sizes of the tables.
const COUNTS: scan::Counts = scan::counts(COMPONENTS_TSV.as_bytes());
/// Data lines (neither empty nor `#` comments) of `components.tsv`: one per component.
pub(super) const COMPONENTS: usize = COUNTS.components;
/// Data lines of `settings.tsv`, numbered from 0 in file order: the sum of the components'
/// `settings` column.
pub(super) const ROWS: usize = COUNTS.rows;
/// Component names plus their other spellings.
const NAMES: usize = COUNTS.names;
/// Their bytes.
const NAME_BYTES: usize = COUNTS.name_bytes;
/// Slots of the path table: a power of two, at most half of them used.
const SLOTS: usize = (2 * ROWS).next_power_of_two();
/// Slots of the name table, likewise.
const NAME_SLOTS: usize = (2 * NAMES).next_power_of_two();
// Rows and names are numbered in `u16`s, and slots hold the number + 1.
const _: () = assert!(ROWS < u16::MAX as usize);
const _: () = assert!(NAMES < u16::MAX as usize);

/// One row of `settings.tsv`: its line (without the line break) and its path column (empty
/// when the line has no tab) as byte offsets, and what [`below_may_flag`] needs of its columns.
#[derive(Clone, Copy)]
struct Row {
    start: u32,
    end: u32,
    path_start: u32,
    path_end: u32,
    /// The length of the path's parent (before its last `/`; 0 at the top level).
    parent_len: u16,
    /// The passes column's set (empty when it is not a number, or the row is short).
    passes: u8,
    /// The deprecation column is not empty (false when the row is short).
    deprecated: bool,
}

/// One component: its line in `components.tsv` and its rows (indices into `Layout::rows`).
#[derive(Clone, Copy)]
struct Component {
    start: u32,
    end: u32,
    first_row: u16,
    end_row: u16,
}

/// A component name or other spelling: its bytes in `Layout::lower`, and whose it is.
#[derive(Clone, Copy)]
struct Name {
    start: u32,
    end: u32,
    component: u16,
}

struct Layout {
    rows: [Row; ROWS],
    components: [Component; COMPONENTS],
    /// Open addressing (linear probing) from [`key_hash`]: row + 1, or 0 for an empty slot.
    by_path: [u16; SLOTS],
    names: [Name; NAMES],
    /// Open addressing from [`key_hash`] (with component 0) of the lower-case names: name + 1,
    /// or 0 for an empty slot. Of equal names the last is entered, as a map filled in order
    /// would keep.
    by_name: [u16; NAME_SLOTS],
    /// The names in ASCII lower case, which is their lower case: the build checks they are ASCII.
    lower: [u8; NAME_BYTES],
}

static LAYOUT: Layout = scan::layout();

/// The component whose name or other spelling is `lower` (already in lower case).
pub(super) fn component_index(lower: &str) -> Option<usize> {
    let mut slot = key_hash(0, lower.as_bytes()) as usize;
    loop {
        slot &= NAME_SLOTS - 1;
        let n = LAYOUT
            .names
            .get((*LAYOUT.by_name.get(slot)? as usize).checked_sub(1)?)?;
        if LAYOUT.lower.get(n.start as usize..n.end as usize) == Some(lower.as_bytes()) {
            return Some(n.component as usize);
        }
        slot += 1;
    }
}

/// Component `ci`'s line in `components.tsv`.
pub(super) fn component_line(ci: usize) -> Option<&'static str> {
    let c = LAYOUT.components.get(ci)?;
    Some(text(COMPONENTS_TSV, c.start, c.end))
}

/// The rows of component `ci`, in catalog order (empty when there is no such component).
pub(super) fn rows_of(ci: usize) -> Range<usize> {
    LAYOUT
        .components
        .get(ci)
        .map_or(0..0, |c| c.first_row as usize..c.end_row as usize)
}

/// Row `row`'s line.
pub(super) fn row_line(row: usize) -> Option<&'static str> {
    let r = LAYOUT.rows.get(row)?;
    Some(text(SETTINGS_TSV, r.start, r.end))
}

/// Row `row`'s path column (`""` when there is no such row).
pub(super) fn row_path(row: usize) -> &'static str {
    LAYOUT
        .rows
        .get(row)
        .map_or("", |r| text(SETTINGS_TSV, r.path_start, r.path_end))
}

/// Whether row `row`'s parent path (before the last `/` of its path; `""` at the top level) is
/// `parent`: lengths first, as a walk of a component's tree asks this of every row for every
/// container.
pub(super) fn has_parent(row: usize, parent: &str) -> bool {
    LAYOUT.rows.get(row).is_some_and(|r| {
        let start = r.path_start as usize;
        usize::from(r.parent_len) == parent.len()
            && SETTINGS_TSV.as_bytes().get(start..start + parent.len()) == Some(parent.as_bytes())
    })
}

/// Row `row`'s component column, as the row spells it.
pub(super) fn row_component(row: usize) -> &'static str {
    let line = row_line(row).unwrap_or("");
    line.split_once('\t').map_or(line, |(c, _)| c)
}

/// Row `row`'s passes column, as [`below_may_flag`] reads it (empty when there is no such row).
pub(super) fn row_passes(row: usize) -> PassSet {
    LAYOUT
        .rows
        .get(row)
        .map_or(PassSet::default(), |r| PassSet::from_bits(r.passes))
}

/// Whether some row of component `ci` below `parent` (path starting with `parent` and `/`) may
/// be restricted to passes other than `pass` (when given) or be deprecated (when `deprecation`
/// is set): from the rows' passes and deprecation columns, unparsed (a row too short to parse is
/// never reported, so it never counts).
pub(super) fn below_may_flag(
    ci: usize,
    parent: &str,
    pass: Option<&str>,
    deprecation: bool,
) -> bool {
    let Some(rows) = LAYOUT.rows.get(rows_of(ci)) else {
        return false;
    };
    // The pass as a bit (none for a name that is not a pass: no set contains it).
    let pass_bit = pass.map(|p| {
        PassSet::NAMES
            .iter()
            .position(|n| *n == p)
            .map_or(0, |i| 1u8 << i)
    });
    rows.iter().any(|r| {
        // The columns first: they rule out nearly every row without reading its path.
        let other_passes = pass_bit.is_some_and(|bit| r.passes != 0 && r.passes & bit == 0);
        if !(other_passes || (deprecation && r.deprecated)) {
            return false;
        }
        let path = text(SETTINGS_TSV, r.path_start, r.path_end);
        path.len() > parent.len()
            && path.as_bytes()[parent.len()] == b'/'
            && path.starts_with(parent)
    })
}

/// The row of component `ci` whose path is exactly `path` (the last one, were there two).
pub(super) fn find_path(ci: usize, path: &str) -> Option<usize> {
    let rows = rows_of(ci);
    let mut slot = key_hash(ci, path.as_bytes()) as usize;
    loop {
        slot &= SLOTS - 1;
        let row = (*LAYOUT.by_path.get(slot)? as usize).checked_sub(1)?;
        if rows.contains(&row) && row_path(row) == path {
            return Some(row);
        }
        slot += 1;
    }
}

/// Where the tables' probes start for `key` (a path of component `ci`, or a lower-case name
/// with `ci` 0): its length and its first and last eight bytes, mixed. Constant time, and paths
/// that share a long prefix still differ at the end; equal hashes only cost a probe.
const fn key_hash(ci: usize, key: &[u8]) -> u32 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = ((ci as u64) << 32 | key.len() as u64).wrapping_mul(K);
    h = (h.rotate_left(29) ^ word(key, true)).wrapping_mul(K);
    h = (h.rotate_left(29) ^ word(key, false)).wrapping_mul(K);
    (h >> 32) as u32
}

/// The first (or last) eight bytes of `key`, little-endian; shorter keys padded with zeros.
const fn word(key: &[u8], first: bool) -> u64 {
    let chunk = if first {
        key.first_chunk::<8>()
    } else {
        key.last_chunk::<8>()
    };
    if let Some(bytes) = chunk {
        return u64::from_le_bytes(*bytes);
    }
    let (mut w, mut rest) = (0u64, key);
    while let [b, r @ ..] = rest {
        w = w << 8 | *b as u64;
        rest = r;
    }
    w
}

fn text(of: &'static str, start: u32, end: u32) -> &'static str {
    of.get(start as usize..end as usize).unwrap_or("")
}
