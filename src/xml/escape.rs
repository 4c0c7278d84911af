//! Escaping new text and resolving references in existing text.

use std::borrow::Cow;

/// Escapes character data for element content: `&`, `<` and `>` (spec §3.1: `<`, `>`
/// and `&` must be written as `&lt; &gt; &amp;`). Nothing is trimmed or wrapped.
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape_with(s, None)
}

/// Escapes an attribute value for the given quote character (`"` or `'`).
pub fn escape_attr(s: &str, quote: u8) -> Cow<'_, str> {
    escape_with(s, Some(quote))
}

fn escape_with(s: &str, quote: Option<u8>) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>')
            || (quote.is_some() && matches!(c, '\t' | '\n' | '\r'))
            || quote == Some(c as u8) && c.is_ascii()
    };
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if quote == Some(b'"') => out.push_str("&quot;"),
            '\'' if quote == Some(b'\'') => out.push_str("&apos;"),
            '\t' if quote.is_some() => out.push_str("&#9;"),
            '\n' if quote.is_some() => out.push_str("&#10;"),
            '\r' if quote.is_some() => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Resolves the five predefined entities and character references. Anything
/// unresolvable is kept as written (the parser has already refused such input).
pub fn unescape(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..i]);
        rest = push_reference(&mut out, &rest[i..]);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Appends what the reference at the start of `at_amp` (which begins with `&`) stands for,
/// or a literal `&` when it resolves to nothing; returns the text after it.
pub(crate) fn push_reference<'s>(out: &mut String, at_amp: &'s str) -> &'s str {
    let resolved = memchr::memchr(b';', at_amp.as_bytes())
        .and_then(|end| resolve_reference(&at_amp[1..end]).map(|c| (c, end)));
    match resolved {
        Some((c, end)) => {
            out.push(c);
            &at_amp[end + 1..]
        }
        None => {
            out.push('&');
            &at_amp[1..]
        }
    }
}

/// The character a reference name (between `&` and `;`) stands for.
pub(crate) fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            if num.starts_with(['+', '-'])
                || num.get(1..).is_some_and(|h| h.starts_with(['+', '-']))
            {
                return None;
            }
            char::from_u32(code).filter(|&c| is_xml_char(c))
        }
    }
}

/// XML 1.0 `Char` production.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes() {
        assert_eq!(
            escape_text("a & b < c > d \"q\""),
            "a &amp; b &lt; c &gt; d \"q\""
        );
        assert_eq!(
            escape_attr("say \"hi\" it's", b'"'),
            "say &quot;hi&quot; it's"
        );
        assert_eq!(escape_attr("it's", b'\''), "it&apos;s");
        assert!(matches!(escape_text("plain"), Cow::Borrowed(_)));
        assert_eq!(unescape("&lt;&#x41;&#66;&amp;&bogus;"), "<AB&&bogus;");
        assert_eq!(resolve_reference("#0"), None);
        assert_eq!(resolve_reference("#x1F600"), Some('😀'));
    }
}
