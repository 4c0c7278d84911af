//! The compile-time half of [`super`]: `const fn`s that read the embedded text into the
//! tables. Every compile of the crate runs them (about a second, most of it the one walk over
//! the 190 KB of `settings.tsv`), so they walk with slice patterns, which the compiler's
//! evaluator runs about twice as fast as indexing, and look at each byte once.

use super::{
    COMPONENTS, COMPONENTS_TSV, Component, Layout, NAME_BYTES, NAME_SLOTS, NAMES, Name, PassSet,
    ROWS, Row, SETTINGS_TSV, SLOTS, key_hash,
};

/// The sizes of the tables, from `components.tsv`.
pub(super) struct Counts {
    pub(super) components: usize,
    pub(super) rows: usize,
    pub(super) names: usize,
    pub(super) name_bytes: usize,
}

/// One line: where it ends (before `\n` or `\r\n`), where the next starts, and its first `N`
/// tabs (`end` for those it lacks).
struct Line<const N: usize> {
    start: usize,
    end: usize,
    next: usize,
    tabs: [usize; N],
    /// The last `/` of the second column (a path in `settings.tsv`), if any.
    slash: Option<usize>,
}

impl<const N: usize> Line<N> {
    /// Reads the line of `t` that starts at `start`. Positions come from the length of what is
    /// left, so the loops only compare bytes.
    const fn at(t: &[u8], start: usize) -> Line<N> {
        let mut tabs = [usize::MAX; N];
        let mut rest = t.split_at(start).1;
        let (mut k, mut slash) = (0, None);
        while let [b, r @ ..] = rest {
            match *b {
                b'\n' => break,
                b'\t' if k < N => {
                    tabs[k] = t.len() - rest.len();
                    k += 1;
                }
                b'/' if k == 1 => slash = Some(t.len() - rest.len()),
                _ => {}
            }
            rest = r;
        }
        let i = t.len() - rest.len();
        let next = if rest.is_empty() { i } else { i + 1 };
        let end = if i > start && t[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        while k < N {
            tabs[k] = end;
            k += 1;
        }
        Line {
            start,
            end,
            next,
            tabs,
            slash,
        }
    }

    /// Neither empty nor a `#` comment.
    const fn is_data(&self, t: &[u8]) -> bool {
        self.end > self.start && t[self.start] != b'#'
    }

    /// Column `k` (from 0; below `N`), empty at the end when the line has fewer.
    const fn column(&self, k: usize) -> (usize, usize) {
        if k == 0 {
            (self.start, self.tabs[0])
        } else if self.tabs[k - 1] < self.end {
            (self.tabs[k - 1] + 1, self.tabs[k])
        } else {
            (self.end, self.end)
        }
    }
}

/// `components.tsv`'s columns up to the other spellings (the fifth).
type ComponentLine = Line<5>;
/// `settings.tsv`'s columns up to the deprecation (the twelfth).
type SettingLine = Line<12>;

/// Calls `each(start, end)` for every non-empty comma-separated item of `span` of `t`, as a
/// loop: `each` is a macro body so that it can run in a `const fn`.
macro_rules! for_each_item {
    ($t:expr, $span:expr, |$s:ident, $e:ident| $body:block) => {{
        let (mut from, to) = $span;
        while from < to {
            let mut comma = from;
            while comma < to && $t[comma] != b',' {
                comma += 1;
            }
            if comma > from {
                let ($s, $e) = (from, comma);
                $body
            }
            from = comma + 1;
        }
    }};
}

pub(super) const fn counts(t: &[u8]) -> Counts {
    let mut n = Counts {
        components: 0,
        rows: 0,
        names: 0,
        name_bytes: 0,
    };
    let mut at = 0;
    while at < t.len() {
        let line = ComponentLine::at(t, at);
        if line.is_data(t) {
            n.components += 1;
            let name = line.column(0);
            n.names += 1;
            n.name_bytes += name.1 - name.0;
            for_each_item!(t, line.column(4), |s, e| {
                n.names += 1;
                n.name_bytes += e - s;
            });
            match parse_number(t, line.column(3)) {
                Some(rows) => n.rows += rows,
                None => panic!("components.tsv: a settings column is not a number"),
            }
        }
        at = line.next;
    }
    n
}

/// A number as `str::parse::<usize>` reads it (an optional `+`, then decimal digits).
const fn parse_number(t: &[u8], (start, end): (usize, usize)) -> Option<usize> {
    let from = if start < end && t[start] == b'+' {
        start + 1
    } else {
        start
    };
    if from >= end {
        return None;
    }
    let (mut i, mut n) = (from, 0usize);
    while i < end {
        if !t[i].is_ascii_digit() {
            return None;
        }
        n = match n.checked_mul(10) {
            Some(n) => match n.checked_add((t[i] - b'0') as usize) {
                Some(n) => n,
                None => return None,
            },
            None => return None,
        };
        i += 1;
    }
    Some(n)
}

/// The row on `line` of `settings.tsv`.
const fn row(s: &[u8], line: &SettingLine) -> Row {
    let twelve_tabs = line.tabs[11] < line.end;
    let passes = match parse_number(s, line.column(7)) {
        Some(bits) if twelve_tabs && bits <= u8::MAX as usize => {
            PassSet::from_bits(bits as u8).bits()
        }
        _ => 0,
    };
    let path = if line.tabs[0] < line.end {
        line.column(1)
    } else {
        (line.end, line.end)
    };
    let deprecated = line.column(11);
    let parent_len = match line.slash {
        Some(slash) if slash < path.1 => slash - path.0,
        _ => 0,
    };
    assert!(parent_len <= u16::MAX as usize);
    Row {
        start: line.start as u32,
        end: line.end as u32,
        path_start: path.0 as u32,
        path_end: path.1 as u32,
        parent_len: parent_len as u16,
        passes,
        deprecated: twelve_tabs && deprecated.1 > deprecated.0,
    }
}

pub(super) const fn layout() -> Layout {
    let (s, c) = (SETTINGS_TSV.as_bytes(), COMPONENTS_TSV.as_bytes());
    assert!(s.len() <= u32::MAX as usize);
    let mut out = Layout {
        rows: [Row {
            start: 0,
            end: 0,
            path_start: 0,
            path_end: 0,
            parent_len: 0,
            passes: 0,
            deprecated: false,
        }; ROWS],
        components: [Component {
            start: 0,
            end: 0,
            first_row: 0,
            end_row: 0,
        }; COMPONENTS],
        by_path: [0; SLOTS],
        names: [Name {
            start: 0,
            end: 0,
            component: 0,
        }; NAMES],
        by_name: [0; NAME_SLOTS],
        lower: [0; NAME_BYTES],
    };
    // Components, their names and other spellings; each component's row count.
    let (mut counts, mut primary) = ([0usize; COMPONENTS], [0usize; COMPONENTS]);
    let (mut at, mut ci, mut ni, mut bytes) = (0, 0, 0, 0);
    while at < c.len() {
        let line = ComponentLine::at(c, at);
        if line.is_data(c) {
            out.components[ci].start = line.start as u32;
            out.components[ci].end = line.end as u32;
            primary[ci] = ni;
            bytes = add_name(&mut out, ni, ci, line.column(0), bytes);
            ni += 1;
            for_each_item!(c, line.column(4), |s, e| {
                bytes = add_name(&mut out, ni, ci, (s, e), bytes);
                ni += 1;
            });
            counts[ci] = match parse_number(c, line.column(3)) {
                Some(n) => n,
                None => 0,
            };
            ci += 1;
        }
        at = line.next;
    }
    // The rows, as many for each component as it says.
    let mut first = 0;
    ci = 0;
    while ci < COMPONENTS {
        out.components[ci].first_row = first as u16;
        first += counts[ci];
        out.components[ci].end_row = first as u16;
        ci += 1;
    }
    let (mut at, mut row_ix) = (0, 0);
    ci = 0;
    while at < s.len() {
        let line = SettingLine::at(s, at);
        if line.is_data(s) {
            assert!(
                row_ix < ROWS,
                "settings.tsv: more rows than components.tsv counts"
            );
            while out.components[ci].end_row as usize <= row_ix {
                ci += 1;
            }
            // A component's first and last row show whether the counts and the grouping
            // agree (the tests compare every row with the run-time parse).
            let edge = row_ix == out.components[ci].first_row as usize
                || row_ix + 1 == out.components[ci].end_row as usize;
            assert!(
                !edge || names_component(s, line.column(0), &out, primary[ci]),
                "settings.tsv: a row is not where components.tsv's order and counts put it"
            );
            out.rows[row_ix] = row(s, &line);
            add_path(&mut out, ci, row_ix);
            row_ix += 1;
        }
        at = line.next;
    }
    assert!(
        row_ix == ROWS,
        "settings.tsv: fewer rows than components.tsv counts"
    );
    let mut ni = 0;
    while ni < NAMES {
        add_name_slot(&mut out, ni);
        ni += 1;
    }
    out
}

/// Enters row `row` of component `ci` in the path table, in place of an earlier row with the
/// same path (as a map filled in file order would keep the last).
const fn add_path(out: &mut Layout, ci: usize, row: usize) {
    let s = SETTINGS_TSV.as_bytes();
    let r = out.rows[row];
    let path = span(s, (r.path_start, r.path_end));
    let mut slot = key_hash(ci, path) as usize;
    loop {
        slot &= SLOTS - 1;
        // Slots hold row + 1; 0 is empty.
        let Some(other) = (out.by_path[slot] as usize).checked_sub(1) else {
            break;
        };
        let o = out.rows[other];
        if other >= out.components[ci].first_row as usize
            && compare(s, (o.path_start, o.path_end), (r.path_start, r.path_end)) == 0
        {
            break;
        }
        slot += 1;
    }
    out.by_path[slot] = (row + 1) as u16;
}

/// Enters name `ni` in the name table, in place of an equal earlier one.
const fn add_name_slot(out: &mut Layout, ni: usize) {
    let n = out.names[ni];
    let mut slot = key_hash(0, span(&out.lower, (n.start, n.end))) as usize;
    loop {
        slot &= NAME_SLOTS - 1;
        // Slots hold name + 1; 0 is empty.
        let Some(other) = (out.by_name[slot] as usize).checked_sub(1) else {
            break;
        };
        let o = out.names[other];
        if compare(&out.lower, (o.start, o.end), (n.start, n.end)) == 0 {
            break;
        }
        slot += 1;
    }
    out.by_name[slot] = (ni + 1) as u16;
}

/// Stores name `ni` (component `ci`'s, bytes `span` of `components.tsv`) in lower case at
/// `bytes` of `out.lower`; returns where the next one goes.
const fn add_name(
    out: &mut Layout,
    ni: usize,
    ci: usize,
    (start, end): (usize, usize),
    bytes: usize,
) -> usize {
    let c = COMPONENTS_TSV.as_bytes();
    let mut i = 0;
    while i < end - start {
        assert!(
            c[start + i].is_ascii(),
            "components.tsv: component names must be ASCII"
        );
        out.lower[bytes + i] = c[start + i].to_ascii_lowercase();
        i += 1;
    }
    out.names[ni] = Name {
        start: bytes as u32,
        end: (bytes + i) as u32,
        component: ci as u16,
    };
    bytes + i
}

/// Whether the component column `comp` of `s` is name `ni` (a component's name) in any case.
const fn names_component(s: &[u8], comp: (usize, usize), out: &Layout, ni: usize) -> bool {
    let name = out.names[ni];
    let len = (name.end - name.start) as usize;
    if comp.1 - comp.0 != len {
        return false;
    }
    let mut i = 0;
    while i < len {
        if s[comp.0 + i].to_ascii_lowercase() != out.lower[name.start as usize + i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `a` against `b` (spans of `t`), bytewise: -1, 0 or 1.
const fn compare(t: &[u8], a: (u32, u32), b: (u32, u32)) -> i8 {
    let mut a = span(t, a);
    let mut b = span(t, b);
    while let ([x, xs @ ..], [y, ys @ ..]) = (a, b) {
        if *x != *y {
            return if *x < *y { -1 } else { 1 };
        }
        (a, b) = (xs, ys);
    }
    match (a.is_empty(), b.is_empty()) {
        (true, false) => -1,
        (false, true) => 1,
        _ => 0,
    }
}

const fn span(t: &[u8], (start, end): (u32, u32)) -> &[u8] {
    t.split_at(end as usize).0.split_at(start as usize).1
}
