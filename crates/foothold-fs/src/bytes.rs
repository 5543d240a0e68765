//! Bounds-checked little-endian field access: every read from disk goes through here.

#[inline]
pub(crate) fn u8_at(b: &[u8], o: usize) -> Option<u8> {
    b.get(o).copied()
}
#[inline]
pub(crate) fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    let s = b.get(o..o.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}
#[inline]
pub(crate) fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    let s = b.get(o..o.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
#[inline]
pub(crate) fn u64_at(b: &[u8], o: usize) -> Option<u64> {
    let s = b.get(o..o.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(u64::from_le_bytes(a))
}

/// UTF-16LE code units to a `String`, lossily (unpaired surrogates become U+FFFD).
pub(crate) fn utf16le(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

/// A name as stored on disk (bytes, UTF-8 by convention on ext) as text, losslessly: valid
/// UTF-8 as it is, every byte that is not part of valid UTF-8 as `\xNN`, and a backslash as
/// `\\`, so two different names never print the same and [`unescape_name`] gives the
/// bytes back.
///
/// ```
/// use foothold_fs::{escape_name, unescape_name};
/// assert_eq!(escape_name(b"caf\xc3\xa9"), "café");
/// assert_eq!(escape_name(b"bad\xff\\name"), "bad\\xff\\\\name");
/// assert_eq!(unescape_name("bad\\xff\\\\name"), b"bad\xff\\name");
/// ```
pub fn escape_name(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for x in chunk.invalid() {
            out.push_str(&format!("\\x{x:02x}"));
        }
    }
    out
}

/// The bytes of a name written by [`escape_name`] (`\xNN` and `\\` decoded; any other
/// text as its UTF-8).
pub fn unescape_name(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'x') {
                if let Some(v) = s
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}
