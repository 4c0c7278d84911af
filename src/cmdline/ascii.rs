//! ASCII case-insensitive searching without lower-case copies.
//!
//! `text.to_ascii_lowercase().contains(needle)` allocates a copy of the
//! text for every question asked; these helpers answer the same questions
//! on the text as written. Only ASCII letters fold, exactly as
//! [`str::to_ascii_lowercase`] does, so the answers are the same.

/// Byte offsets at which `needle` occurs in `hay`, ignoring ASCII case, left
/// to right. Overlapping occurrences are all reported (`aa` occurs in `aaa`
/// at 0 and 1). An empty needle occurs at every offset. (The linter's
/// needles are constants: it uses [`find_needle`].)
#[cfg(test)]
pub(crate) fn find_ci<'h, 'n>(hay: &'h str, needle: &'n str) -> FindCi<'h, 'n> {
    find_needle(hay, Needle::new(needle))
}

/// [`find_ci`] with the needle's search byte chosen beforehand.
pub(crate) fn find_needle<'h, 'n>(hay: &'h str, needle: Needle<'n>) -> FindCi<'h, 'n> {
    FindCi {
        hay: hay.as_bytes(),
        needle: needle.text.as_bytes(),
        pos: 0,
        anchor: needle.anchor,
    }
}

/// Whether `needle` occurs in `hay`, ignoring ASCII case.
#[cfg(test)]
pub(crate) fn contains_ci(hay: &str, needle: &str) -> bool {
    find_ci(hay, needle).next().is_some()
}

/// Whether `needle` occurs in `hay`, ignoring ASCII case.
pub(crate) fn contains_needle(hay: &str, needle: Needle) -> bool {
    find_needle(hay, needle).next().is_some()
}

/// Text to search for, with the offset of the byte the search looks for:
/// its rarest (see [`commonness`]). `const` needles choose it when the
/// program is compiled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needle<'n> {
    text: &'n str,
    anchor: usize,
}

impl<'n> Needle<'n> {
    /// The needle `text`.
    pub(crate) const fn new(text: &'n str) -> Self {
        let b = text.as_bytes();
        let mut anchor = 0;
        let mut i = 1;
        while i < b.len() {
            if commonness(b[i]) < commonness(b[anchor]) {
                anchor = i;
            }
            i += 1;
        }
        Needle { text, anchor }
    }

    /// The text searched for.
    pub(crate) const fn text(&self) -> &'n str {
        self.text
    }
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

/// How many times `byte` occurs in `bytes`, eight bytes at a time: on
/// command-line lengths this beats `memchr`'s counting, whose set-up costs
/// more than the count itself.
#[inline]
pub(crate) fn count_byte(bytes: &[u8], byte: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let splat = u64::from(byte) * ONES;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    // Per-byte tallies of 31 words at most, so that their sum (at most
    // 8 * 31) fits the byte that the multiplication below adds them into.
    loop {
        let mut tally = 0u64;
        let mut words = 0;
        for chunk in chunks.by_ref().take(31) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            // Zero where the byte is; then 1 in each zero byte (exact: no
            // carry crosses a byte).
            let w = u64::from_le_bytes(word) ^ splat;
            tally += (!(((w & LOW7) + LOW7) | w | LOW7)) >> 7;
            words += 1;
        }
        n += (tally.wrapping_mul(ONES) >> 56) as usize;
        if words < 31 {
            break;
        }
    }
    n + chunks.remainder().iter().filter(|&&c| c == byte).count()
}

/// [`str::trim`], answered at once when the text starts and ends with an
/// ASCII byte that is not whitespace (the usual field value).
#[inline]
pub(crate) fn trim_whitespace(text: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| (0x21..0x80).contains(&b));
    let b = text.as_bytes();
    if plain(b.first()) && plain(b.last()) {
        text
    } else {
        text.trim()
    }
}

/// `text` without its leading spaces and tabs (a byte loop: both are ASCII,
/// so the cut is always a character boundary).
#[inline]
pub(crate) fn trim_blanks_start(text: &str) -> &str {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    &text[i..]
}

/// `text` without its trailing spaces and tabs.
#[inline]
pub(crate) fn trim_blanks_end(text: &str) -> &str {
    let b = text.as_bytes();
    let mut end = b.len();
    while end > 0 && (b[end - 1] == b' ' || b[end - 1] == b'\t') {
        end -= 1;
    }
    &text[..end]
}

/// `text` without leading or trailing spaces and tabs.
#[inline]
pub(crate) fn trim_blanks(text: &str) -> &str {
    trim_blanks_end(trim_blanks_start(text))
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

/// [`skip_to`] for a set whose bytes are all below `below` (at most
/// `0x80`), eight bytes at a time: the bytes below `below` are found exactly
/// with word arithmetic (no carry crosses a byte), and each is then checked
/// against `set`. Command lines have few such bytes (blanks, quotes, control
/// characters), so most words are passed over in a handful of instructions.
#[inline]
pub(crate) fn skip_to_low(bytes: &[u8], from: usize, set: &[bool; 256], below: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    debug_assert!(below <= 0x80 && (below..=255).all(|b| !set[usize::from(b)]));
    let len = bytes.len();
    if len < 8 || from >= len {
        return skip_to(bytes, from, set);
    }
    // Adding this to a byte's low seven bits sets its high bit when the
    // byte is at least `below`.
    let add = u64::from(0x80 - below) * ONES;
    let load = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let mut i = from;
    loop {
        let w = if i + 8 <= len {
            load(i)
        } else {
            // The last eight bytes, shifted so that `i` comes first; the
            // bytes shifted in are 0xff, which is never below `below`.
            let k = 8 * (i + 8 - len) as u32;
            (load(len - 8) >> k) | (u64::MAX << (64 - k))
        };
        let below_mask = !(((w & LOW7) + add) | w) & HIGH;
        if below_mask == 0 {
            if i + 8 >= len {
                return len;
            }
            i += 8;
            continue;
        }
        let at = i + (below_mask.trailing_zeros() / 8) as usize;
        if set[usize::from(bytes[at])] {
            return at;
        }
        i = at + 1;
        if i >= len {
            return len;
        }
    }
}

/// The iterator of [`find_ci`].
pub(crate) struct FindCi<'h, 'n> {
    hay: &'h [u8],
    needle: &'n [u8],
    /// Where the search goes on: the smallest offset still to be reported.
    pos: usize,
    /// The offset in the needle of the byte looked for (see [`Needle`]).
    anchor: usize,
}

/// How common a byte is in command lines, roughly (higher is more common):
/// the search looks for the needle's rarest byte and checks the whole
/// needle around each place it finds. Only the speed depends on it.
const fn commonness(b: u8) -> u8 {
    COMMONNESS[b as usize]
}

/// [`commonness`] of every byte.
static COMMONNESS: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = commonness_of(b as u8);
        b += 1;
    }
    table
};

/// See [`commonness`].
const fn commonness_of(b: u8) -> u8 {
    match b.to_ascii_lowercase() {
        b' ' => 255,
        b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 240,
        b'h' | b'l' | b'd' | b'c' | b'u' | b'm' | b'p' | b'f' => 200,
        b'-' | b'\\' | b'/' | b'.' | b'"' | b'\t' => 180,
        b'g' | b'w' | b'y' | b'b' => 150,
        b'0'..=b'9' | b':' | b'%' | b'_' => 120,
        b'v' | b'k' | b'x' | b'j' | b'q' | b'z' => 60,
        _ => 90,
    }
}

impl Iterator for FindCi<'_, '_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let n = self.needle;
        if n.is_empty() {
            let at = self.pos;
            self.pos += 1;
            return (at <= self.hay.len()).then_some(at);
        }
        let off = self.anchor;
        let (lower, upper) = (n[off].to_ascii_lowercase(), n[off].to_ascii_uppercase());
        while self.pos + n.len() <= self.hay.len() {
            // The anchor byte of every candidate where the whole needle fits.
            let window = &self.hay[self.pos + off..=self.hay.len() - n.len() + off];
            // memchr's set-up costs more than a plain loop on short text.
            let found = if window.len() < 64 {
                if lower == upper {
                    window.iter().position(|&c| c == lower)
                } else {
                    window.iter().position(|&c| c == lower || c == upper)
                }
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
mod tests;
