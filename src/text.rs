//! Bytes to text and back: encoding sniffing, decoding, re-encoding, line ending
//! style and the byte-offset → line:column index.
//!
//! Answer files are read as UTF-8 (with or without a byte-order mark) or UTF-16
//! (LE or BE, with a byte-order mark). Whatever was read is written back the same
//! way, so an untouched file saves to identical bytes. Spec §1.3: Microsoft's own
//! samples are UTF-8 without BOM; BOMs and UTF-16 have broken real installs, which
//! the linter reports (U003) but the loader accepts.

use std::fmt;

/// The byte encoding a document was read in and will be written back in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 preceded by the bytes EF BB BF.
    Utf8Bom,
    /// UTF-16 little-endian with the byte-order mark FF FE.
    Utf16Le,
    /// UTF-16 big-endian with the byte-order mark FE FF.
    Utf16Be,
}

impl Encoding {
    /// A short human label, as shown in the editor's title bar and in JSON output.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 BOM",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a byte sequence could not be turned into text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte in what should be UTF-8 text: a binary file, or UTF-16 without
    /// a byte-order mark.
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
        /// True when the NUL pattern looks like UTF-16 without a BOM.
        looks_utf16: bool,
    },
    /// Bytes that are not valid UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// UTF-16 data with an odd length or an unpaired surrogate.
    InvalidUtf16 {
        /// Byte offset of the problem.
        offset: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary { looks_utf16: true, .. } => f.write_str(
                "this looks like UTF-16 text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM) and open it again",
            ),
            DecodeError::Binary { offset, .. } => write!(
                f,
                "this is not a text file (a NUL byte at byte {offset}); an answer file is XML text"
            ),
            DecodeError::InvalidUtf8 { .. } => f.write_str(
                "the file is not valid UTF-8 (a byte from another code page?); re-save it as UTF-8",
            ),
            DecodeError::InvalidUtf16 { offset } => {
                write!(f, "the UTF-16 data is damaged at byte {offset}")
            }
        }
    }
}

/// Text decoded from a file, with what is needed to write it back identically.
#[derive(Clone, Debug)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding to write back in.
    pub encoding: Encoding,
}

/// Sniffs the byte-order mark and decodes. Never guesses a legacy code page: a
/// file that is not UTF-8 or BOM-marked UTF-16 is refused with the first bad offset.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return decode_utf8(rest, 3).map(|text| Decoded {
            text,
            encoding: Encoding::Utf8Bom,
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, true).map(|text| Decoded {
            text,
            encoding: Encoding::Utf16Le,
        });
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, false).map(|text| Decoded {
            text,
            encoding: Encoding::Utf16Be,
        });
    }
    decode_utf8(bytes, 0).map(|text| Decoded {
        text,
        encoding: Encoding::Utf8,
    })
}

/// [`decode`] taking ownership: UTF-8 input (the usual case) becomes the text
/// without a second copy of the file in memory. On failure the bytes come
/// back with the error, for reporting where the problem is.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, (DecodeError, Vec<u8>)> {
    decode_owned_with(bytes, true)
}

/// [`decode_owned`] that looks for NUL bytes only when the text is not valid UTF-8 (so
/// that the error is the same), leaving valid UTF-8 text with NULs to the caller: the XML
/// parser refuses them anyway, and [`nul_error`] then says what [`decode_owned`] would have.
/// This saves a pass over a large file's bytes before parsing.
pub(crate) fn decode_owned_for_parser(bytes: Vec<u8>) -> Result<Decoded, (DecodeError, Vec<u8>)> {
    decode_owned_with(bytes, false)
}

/// The error [`decode`] gives text holding a NUL character, if `decoded` holds one.
pub(crate) fn nul_error(decoded: &Decoded) -> Option<DecodeError> {
    let base = match decoded.encoding {
        Encoding::Utf8Bom => 3,
        Encoding::Utf8 => 0,
        // UTF-16 decoding refuses NUL characters itself.
        Encoding::Utf16Le | Encoding::Utf16Be => return None,
    };
    check_nul(decoded.text.as_bytes(), base).err()
}

fn decode_owned_with(
    mut bytes: Vec<u8>,
    nul_first: bool,
) -> Result<Decoded, (DecodeError, Vec<u8>)> {
    let (base, encoding) = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (3, Encoding::Utf8Bom)
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return decode(&bytes).map_err(|e| (e, bytes));
    } else {
        (0, Encoding::Utf8)
    };
    if nul_first && let Err(e) = check_nul(&bytes[base..], base) {
        return Err((e, bytes));
    }
    if base > 0 {
        // Rare: validate with the mark, so a failure hands back the file as read.
        if let Err(e) = std::str::from_utf8(&bytes[base..]) {
            let offset = base + e.valid_up_to();
            let error = match check_nul(&bytes[base..], base) {
                Err(nul) if !nul_first => nul,
                _ => DecodeError::InvalidUtf8 { offset },
            };
            return Err((error, bytes));
        }
        bytes.drain(..base);
    }
    String::from_utf8(bytes)
        .map(|text| Decoded { text, encoding })
        .map_err(|e| {
            let offset = base + e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // A NUL is reported before bad UTF-8, wherever it is (as `decode` does).
            // (`base` is 0 here: text after a mark was validated above.)
            match check_nul(&bytes, base) {
                Err(nul) if !nul_first => (nul, bytes),
                _ => (DecodeError::InvalidUtf8 { offset }, bytes),
            }
        })
}

fn decode_utf8(bytes: &[u8], base: usize) -> Result<String, DecodeError> {
    check_nul(bytes, base)?;
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| DecodeError::InvalidUtf8 {
            offset: base + e.valid_up_to(),
        })
}

/// Refuses NUL bytes: a binary file, or UTF-16 without a byte-order mark.
fn check_nul(bytes: &[u8], base: usize) -> Result<(), DecodeError> {
    // The memchr crate's search is vectorised (the slice's own `contains` is not).
    if let Some(nul) = memchr::memchr(0, bytes) {
        // "<\0?\0" or "\0<\0?" is UTF-16 text without its byte-order mark.
        let looks_utf16 = bytes.len() >= 4
            && ((bytes[0] != 0 && bytes[1] == 0 && bytes[3] == 0)
                || (bytes[0] == 0 && bytes[1] != 0 && bytes[2] == 0));
        return Err(DecodeError::Binary {
            offset: base + nul,
            looks_utf16,
        });
    }
    Ok(())
}

fn decode_utf16(bytes: &[u8], little: bool) -> Result<String, DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::InvalidUtf16 {
            offset: bytes.len() + 1,
        });
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut offset = 2;
    for r in char::decode_utf16(units) {
        match r {
            Ok('\0') => {
                return Err(DecodeError::Binary {
                    offset,
                    looks_utf16: false,
                });
            }
            Ok(c) => {
                offset += c.len_utf16() * 2;
                out.push(c);
            }
            Err(_) => return Err(DecodeError::InvalidUtf16 { offset }),
        }
    }
    Ok(out)
}

/// Encodes text back into bytes, adding the byte-order mark the encoding calls for.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    let mut v = Vec::new();
    encode_into(text, encoding, &mut v);
    v
}

/// [`encode`] into `out`, replacing what it held: a buffer kept from one call
/// to the next is reused instead of a new allocation each time (the editor's
/// recovery snapshot of a large file, taken after every change).
pub fn encode_into(text: &str, encoding: Encoding, out: &mut Vec<u8>) {
    out.clear();
    match encoding {
        Encoding::Utf8 => out.extend_from_slice(text.as_bytes()),
        Encoding::Utf8Bom => {
            out.reserve(text.len() + 3);
            out.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
            out.extend_from_slice(text.as_bytes());
        }
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let little = encoding == Encoding::Utf16Le;
            out.reserve(text.len() * 2 + 2);
            out.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
            for u in text.encode_utf16() {
                out.extend_from_slice(&if little {
                    u.to_le_bytes()
                } else {
                    u.to_be_bytes()
                });
            }
        }
    }
}

/// The `\n` at positions in `at` not preceded by `\r`, and those that are.
pub(crate) fn break_counts(bytes: &[u8], at: std::ops::Range<usize>) -> (usize, usize) {
    let (mut lf, mut crlf) = (0, 0);
    for i in memchr::memchr_iter(b'\n', &bytes[at.clone()]) {
        let p = at.start + i;
        if p > 0 && bytes[p - 1] == b'\r' {
            crlf += 1;
        } else {
            lf += 1;
        }
    }
    (lf, crlf)
}

/// The line-ending style of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnding {
    /// Only `\n`.
    Lf,
    /// Only `\r\n`.
    CrLf,
    /// Both occur; `dominant` is the one used for new lines.
    Mixed {
        /// The more frequent of the two.
        dominant_crlf: bool,
    },
}

impl LineEnding {
    /// Counts the line endings of `text`. A text with no line break is `Lf`... unless
    /// told otherwise: new files default to CRLF elsewhere (spec §1.3 editor rule).
    pub fn detect(text: &str) -> LineEnding {
        let (lf, crlf) = break_counts(text.as_bytes(), 0..text.len());
        LineEnding::from_counts(lf, crlf)
    }

    /// The style of a text with `lf` lone `\n` and `crlf` `\r\n` breaks.
    pub fn from_counts(lf: usize, crlf: usize) -> LineEnding {
        match (lf, crlf) {
            (_, 0) => LineEnding::Lf,
            (0, _) => LineEnding::CrLf,
            (lf, crlf) => LineEnding::Mixed {
                dominant_crlf: crlf >= lf,
            },
        }
    }

    /// The string to use when writing a new line.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf
            | LineEnding::Mixed {
                dominant_crlf: false,
            } => "\n",
            LineEnding::CrLf
            | LineEnding::Mixed {
                dominant_crlf: true,
            } => "\r\n",
        }
    }

    /// A short label: `LF`, `CRLF` or `mixed`.
    pub fn label(self) -> &'static str {
        match self {
            LineEnding::Lf => "LF",
            LineEnding::CrLf => "CRLF",
            LineEnding::Mixed { .. } => "mixed",
        }
    }
}

/// A 1-based line and column; the column counts characters (Unicode scalar
/// values) of the decoded text, as the JSON output documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

/// Byte offset → line:column, built once per text in one pass.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes the start of every line (after `\n`; a lone `\r` is not a break).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0u32];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| (i + 1) as u32),
        );
        LineIndex { starts }
    }

    /// The line and column of a byte offset into `text` (the same text given to `new`).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line] as usize;
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let column = text[start..end].chars().count() + 1;
        LineCol {
            line: line as u32 + 1,
            column: column as u32,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: u32) -> &'t str {
        let i = (line as usize).saturating_sub(1);
        let Some(&start) = self.starts.get(i) else {
            return "";
        };
        let end = self
            .starts
            .get(i + 1)
            .map(|&e| e as usize)
            .unwrap_or(text.len());
        text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    /// After replacing bytes `range` with `new`: drops the starts of lines
    /// that began inside the replaced text, adds those `new` begins, and moves
    /// the later ones.
    pub fn splice(&mut self, range: &std::ops::Range<usize>, new: &str) {
        let delta = new.len() as i64 - range.len() as i64;
        let from = self
            .starts
            .partition_point(|&s| (s as usize) <= range.start);
        let to = self.starts.partition_point(|&s| (s as usize) <= range.end);
        let added: Vec<u32> = memchr::memchr_iter(b'\n', new.as_bytes())
            .map(|i| (range.start + i + 1) as u32)
            .collect();
        let after = from + added.len();
        self.starts.splice(from..to, added);
        for s in &mut self.starts[after..] {
            *s = (i64::from(*s) + delta) as u32;
        }
    }

    /// After replacing byte ranges with text of the same line count each (no
    /// line break removed or added), moves the starts of later lines: a line
    /// that starts after the start of edits moves by the sum of their deltas.
    /// `moves` are in document order, ranges in the text before any of them.
    pub fn shift_after(&mut self, moves: &[(std::ops::Range<usize>, i64)]) {
        let bounds: Vec<(u32, i64)> = (moves.iter())
            .map(|(r, delta)| (r.start as u32 + 1, *delta))
            .collect();
        shift_runs(
            &mut self.starts,
            &bounds,
            |&s| s,
            |s, total| {
                *s = (i64::from(*s) + total) as u32;
            },
        );
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True for an empty text (which still has one empty line).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts
            .get((line as usize).saturating_sub(1))
            .map(|&s| s as usize)
    }
}

/// Moves items kept in text order by the edits before them, in one pass for
/// all the edits: `bounds` gives, in order, where each edit's followers start
/// and how much it changed the length; an item at `at(item)` at or after
/// `bounds[i].0` (and before `bounds[i + 1].0`) gets `shift(item, total)`, with
/// `total` the sum of the first `i + 1` changes. Items before `bounds[0].0`
/// are left alone.
pub(crate) fn shift_runs<T>(
    items: &mut [T],
    bounds: &[(u32, i64)],
    at: impl Fn(&T) -> u32,
    mut shift: impl FnMut(&mut T, i64),
) {
    let mut rest = items;
    let mut total = 0;
    for (i, &(from, delta)) in bounds.iter().enumerate() {
        total += delta;
        let start = rest.partition_point(|x| at(x) < from);
        let end = match bounds.get(i + 1) {
            Some(&(next, _)) => start + rest[start..].partition_point(|x| at(x) < next),
            None => rest.len(),
        };
        let (run, after) = std::mem::take(&mut rest)[start..].split_at_mut(end - start);
        for x in run {
            shift(x, total);
        }
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_encoding() {
        let text = "<a>é €\r\n</a>";
        for enc in [
            Encoding::Utf8,
            Encoding::Utf8Bom,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
        ] {
            let bytes = encode(text, enc);
            let d = decode(&bytes).expect("decodes");
            assert_eq!(d.encoding, enc);
            assert_eq!(d.text, text);
            assert_eq!(encode(&d.text, d.encoding), bytes);
        }
    }

    #[test]
    fn owned_decoding_agrees_with_borrowed() {
        let samples: [&[u8]; 6] = [
            b"<a>\xc3\xa9</a>",
            b"\xEF\xBB\xBF<a/>",
            b"\xFF\xFE<\0a\0/\0>\0",
            b"<a>\xe9</a>",
            b"\xEF\xBB\xBF<a>\0</a>",
            b"",
        ];
        for bytes in samples {
            let owned = decode_owned(bytes.to_vec())
                .map(|d| (d.text, d.encoding))
                .map_err(|(e, back)| {
                    assert_eq!(back, bytes);
                    e
                });
            let borrowed = decode(bytes).map(|d| (d.text, d.encoding));
            assert_eq!(owned, borrowed, "{bytes:?}");
        }
    }

    #[test]
    fn refuses_binary_and_bomless_utf16() {
        let utf16: Vec<u8> = "<a/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(matches!(
            decode(&utf16),
            Err(DecodeError::Binary {
                looks_utf16: true,
                ..
            })
        ));
        assert!(matches!(
            decode(b"\x7fELF\0\0\x01"),
            Err(DecodeError::Binary {
                looks_utf16: false,
                offset: 4
            })
        ));
        assert_eq!(
            decode(b"<a>\xe9</a>").err(),
            Some(DecodeError::InvalidUtf8 { offset: 3 })
        );
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "ab\r\néé<x\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        let x = text.find("<x").expect("present");
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 3 });
        assert_eq!(idx.line_text(text, 2), "éé<x");
        assert_eq!(idx.line_text(text, 3), "last");
        assert_eq!(idx.line_text(text, 9), "");
    }

    #[test]
    fn detects_line_endings() {
        assert_eq!(LineEnding::detect("a\nb"), LineEnding::Lf);
        assert_eq!(LineEnding::detect("a\r\nb\r\n"), LineEnding::CrLf);
        assert_eq!(
            LineEnding::detect("a\r\nb\r\nc\n"),
            LineEnding::Mixed {
                dominant_crlf: true
            }
        );
    }
}

/// True for characters that must never reach a terminal as they are: C0 and C1
/// controls, DEL, the bidirectional marks, overrides and isolates, the byte-order
/// mark, and the Unicode line and paragraph separators.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{061c}' | '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// Makes text from a file safe to show on a terminal: every character for which
/// [`is_unsafe_for_terminal`] holds, tab excepted, is written as a visible escape
/// (`\x1b`, `\u{202e}`), so a file can never move the cursor, recolour the
/// screen or reorder what is shown. Borrows when there is nothing to escape.
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    sanitize_with(s, true)
}

/// [`sanitize`], choosing whether a tab is kept (line-oriented output) or shown
/// as `\t` (single-line fields).
pub fn sanitize_with(s: &str, keep_tab: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| is_unsafe_for_terminal(c) && !(keep_tab && c == '\t');
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !bad(c) => out.push(c),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod sanitize_tests {
    use super::{sanitize, sanitize_with};

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(
            sanitize("a\u{1b}[31mb\u{9b}c\u{202e}d\te\r\n\u{feff}"),
            "a\\x1b[31mb\\x9bc\\u{202e}d\te\\r\\n\\u{feff}"
        );
        assert_eq!(sanitize_with("t\tn", false), "t\\tn");
        assert!(matches!(sanitize("plain é"), std::borrow::Cow::Borrowed(_)));
    }
}
