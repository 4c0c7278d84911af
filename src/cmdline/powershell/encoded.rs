//! `-EncodedCommand`: Base64 of UTF-16LE script text.

/// Decodes an `-EncodedCommand` value: Base64 (padding optional) of
/// UTF-16LE text. `None` when either layer is invalid.
pub fn decode_encoded_command(encoded: &str) -> Option<String> {
    let bytes = decode_base64(encoded.trim())?;
    if bytes.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).ok()
}

/// Standard Base64; `=` padding is optional, anything after it must be `=`.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let (data, padding) = match text.find('=') {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    if padding.chars().any(|c| c != '=') || data.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for byte in data.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}
