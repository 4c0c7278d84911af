//! ASCII case-insensitive searching without lower-case copies.
//!
//! `text.to_ascii_lowercase().contains(needle)` allocates a copy of the
//! text for every question asked; these helpers answer the same questions
//! on the text as written. Only ASCII letters fold, exactly as
//! [`str::to_ascii_lowercase`] does, so the answers are the same.

/// Byte offsets at which `needle` occurs in `hay`, ignoring ASCII case, left
/// to right. Overlapping occurrences are all reported (`aa` occurs in `aaa`
/// at 0 and 1). An empty needle occurs at every offset.
pub(crate) fn find_ci<'h, 'n>(hay: &'h str, needle: &'n str) -> FindCi<'h, 'n> {
    FindCi {
        hay: hay.as_bytes(),
        needle: needle.as_bytes(),
        pos: 0,
    }
}

/// Whether `needle` occurs in `hay`, ignoring ASCII case.
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).next().is_some()
}

/// Whether `text` ends with `suffix`, ignoring ASCII case.
pub(crate) fn ends_with_ci(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// Whether `text` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// A table saying which bytes are in `set`, for scanning past the others.
pub(crate) const fn byte_set(set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
}

/// The first offset at or after `from` whose byte is in `set` (see
/// [`byte_set`]), or `bytes.len()`.
#[inline]
pub(crate) fn skip_to(bytes: &[u8], from: usize, set: &[bool; 256]) -> usize {
    let mut i = from;
    while i < bytes.len() && !set[bytes[i] as usize] {
        i += 1;
    }
    i
}

/// The iterator of [`find_ci`].
pub(crate) struct FindCi<'h, 'n> {
    hay: &'h [u8],
    needle: &'n [u8],
    /// Where the search goes on.
    pos: usize,
}

impl Iterator for FindCi<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let n = self.needle;
        let Some(&first) = n.first() else {
            let at = self.pos;
            self.pos += 1;
            return (at <= self.hay.len()).then_some(at);
        };
        let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
        while self.pos + n.len() <= self.hay.len() {
            // Candidates are the offsets where the whole needle still fits.
            let window = &self.hay[self.pos..=self.hay.len() - n.len()];
            // memchr's set-up costs more than a plain loop on short text.
            let found = if window.len() < 64 {
                window.iter().position(|&c| c == lower || c == upper)
            } else {
                memchr::memchr2(lower, upper, window)
            };
            let at = self.pos + found?;
            self.pos = at + 1;
            if self.hay[at..at + n.len()].eq_ignore_ascii_case(n) {
                return Some(at);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: every offset where the lower-case copies agree.
    fn slow(hay: &str, needle: &str) -> Vec<usize> {
        let (h, n) = (hay.to_ascii_lowercase(), needle.to_ascii_lowercase());
        (0..=h.len())
            .filter(|&i| h.as_bytes()[i..].starts_with(n.as_bytes()))
            .collect()
    }

    #[test]
    fn finds_every_occurrence_in_any_case() {
        assert_eq!(
            find_ci("HKCU: hkcu: HkCu:", "hkcu:").collect::<Vec<_>>(),
            [0, 6, 12]
        );
        assert_eq!(find_ci("aAa", "aa").collect::<Vec<_>>(), [0, 1]);
        assert_eq!(find_ci("xyz", "xyzw").count(), 0);
        assert_eq!(find_ci("", "a").count(), 0);
        assert_eq!(find_ci("ab", "").collect::<Vec<_>>(), [0, 1, 2]);
        // Long text takes the vectorised path.
        let long = format!("{}HKCU:{}hkcu:", "x".repeat(100), "y".repeat(70));
        assert_eq!(find_ci(&long, "hkcu:").collect::<Vec<_>>(), [100, 175]);
        // Non-letters and multi-byte text around the needle.
        assert_eq!(
            find_ci("é$WINDOWS.~BT", "$windows.~bt").collect::<Vec<_>>(),
            [2]
        );
        // Only ASCII folds: `É` is not `é`.
        assert!(!contains_ci("É", "é"));
        assert!(contains_ci("x Set-ExecutionPolicy", "set-executionpolicy"));
        assert!(!contains_ci("set-executionpolic", "set-executionpolicy"));
    }

    #[test]
    fn agrees_with_lower_case_copies() {
        let hays = [
            "",
            "a",
            "Aa.EXE.exe",
            "éÉ.ExE x.exe\"",
            "restart-computerestart-computer",
            "🙂RESTART-Computer",
        ];
        let needles = ["a", ".exe", "restart-computer", "é", "e", "x.e"];
        for h in hays {
            for n in needles {
                assert_eq!(find_ci(h, n).collect::<Vec<_>>(), slow(h, n), "{h:?} {n:?}");
            }
        }
    }

    #[test]
    fn byte_sets() {
        const SET: [bool; 256] = byte_set(b"\"&");
        assert!(SET[usize::from(b'"')] && SET[usize::from(b'&')] && !SET[usize::from(b'a')]);
        assert_eq!(skip_to(b"ab&c", 0, &SET), 2);
        assert_eq!(skip_to(b"ab&c", 3, &SET), 4);
        assert_eq!(skip_to("é\"".as_bytes(), 0, &SET), 2);
    }

    #[test]
    fn prefixes_and_suffixes() {
        assert!(ends_with_ci("C:\\X.MSU", ".msu"));
        assert!(!ends_with_ci("msu", ".msu"));
        assert!(starts_with_ci("ExecutionPolicy", "ex"));
        assert!(!starts_with_ci("e", "ex"));
        assert!(!ends_with_ci("é", "É"));
    }
}
