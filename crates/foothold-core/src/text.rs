//! Text and checksums of on-disk structures, written once.
use crate::fields::{u16_at, u32_at};

/// A mixed-endian GUID (as GPT, VHDX and Windows store them) in Windows' text form,
/// upper-case, without braces; empty when fewer than 16 bytes are given.
///
/// ```
/// let b = [0x28, 0x73, 0x2A, 0xC1, 0x1F, 0xF8, 0xD2, 0x11, 0xBA, 0x4B, 0, 0xA0, 0xC9, 0x3E, 0xC9, 0x3B];
/// assert_eq!(foothold_core::guid(&b), "C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
/// assert_eq!(foothold_core::guid_braced(&b), "{C12A7328-F81F-11D2-BA4B-00A0C93EC93B}");
/// assert_eq!(foothold_core::guid_braced(&b[..3]), "28732A");
/// ```
pub fn guid(b: &[u8]) -> String {
    let (Some(d1), Some(d2), Some(d3), Some(d4)) =
        (u32_at(b, 0), u16_at(b, 4), u16_at(b, 6), b.get(8..16))
    else {
        return String::new();
    };
    let (d4a, d4b) = d4.split_at(2);
    format!(
        "{d1:08X}-{d2:04X}-{d3:04X}-{}-{}",
        hex_upper(d4a),
        hex_upper(d4b)
    )
}

/// [`guid`] in braces, as the registry writes GUIDs (`{0DF2CFEB-…}`); fewer than 16 bytes
/// are shown as hexadecimal rather than dropped.
pub fn guid_braced(b: &[u8]) -> String {
    if b.len() < 16 {
        return hex_upper(b);
    }
    format!("{{{}}}", guid(b))
}

/// Bytes as lower-case hexadecimal.
pub fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter().fold(
        String::with_capacity(b.len().saturating_mul(2)),
        |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        },
    )
}

/// Bytes as upper-case hexadecimal.
pub fn hex_upper(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// UTF-16LE code units to a `String`, lossily (unpaired surrogates become U+FFFD); an odd
/// last byte is ignored.
///
/// ```
/// assert_eq!(foothold_core::utf16le(&[0x41, 0, 0x3A, 0x04]), "Aк");
/// ```
pub fn utf16le(b: &[u8]) -> String {
    let units: Vec<u16> = b.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
    String::from_utf16_lossy(&units)
}

/// CRC-32C (Castagnoli), as VHDX stores it for headers and region tables.
///
/// ```
/// assert_eq!(foothold_core::crc32c(b"123456789"), 0xE306_9283);
/// ```
pub fn crc32c(data: &[u8]) -> u32 {
    !crc32c_raw(!0, data)
}

/// CRC-32C without the initial and final inversion (ext4's `ext4_chksum` chains it).
///
/// ```
/// use foothold_core::{crc32c, crc32c_raw};
/// // RFC 3720's test vectors: 32 bytes of zeros, of ones, ascending.
/// assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
/// assert_eq!(crc32c(&[0xFFu8; 32]), 0x62A8_AB43);
/// let up: Vec<u8> = (0..32).collect();
/// assert_eq!(crc32c(&up), 0x46DD_794E);
/// // Chained over any split, as ext4 chains the seed, the inode number and the block.
/// let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
/// for cut in [0, 1, 7, 8, 9, 500, 999] {
///     let (a, b) = data.split_at(cut);
///     assert_eq!(crc32c_raw(crc32c_raw(!0, a), b), crc32c_raw(!0, &data));
/// }
/// ```
pub fn crc32c_raw(mut crc: u32, data: &[u8]) -> u32 {
    // Every index below is a byte (masked to 0–255) into a 256-entry table, and the table
    // building runs over constant ranges: nothing here depends on the input's values.
    #![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
    // Slicing by 8: eight table lookups per 8 bytes, independent of one another (a metadata
    // walk of ext4 checksums every inode and directory block: the bytewise loop was a third
    // of a 200k-file listing).
    const fn tables() -> [[u32; 256]; 8] {
        let mut t = [[0u32; 256]; 8];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0x82F6_3B78 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[0][i] = c;
            i += 1;
        }
        let mut i = 0;
        while i < 256 {
            let mut s = 1;
            while s < 8 {
                let prev = t[s - 1][i];
                t[s][i] = (prev >> 8) ^ t[0][(prev & 0xFF) as usize];
                s += 1;
            }
            i += 1;
        }
        t
    }
    static T: [[u32; 256]; 8] = tables();
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let lo = crc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        let hi = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        crc = T[7][(lo & 0xFF) as usize]
            ^ T[6][((lo >> 8) & 0xFF) as usize]
            ^ T[5][((lo >> 16) & 0xFF) as usize]
            ^ T[4][(lo >> 24) as usize]
            ^ T[3][(hi & 0xFF) as usize]
            ^ T[2][((hi >> 8) & 0xFF) as usize]
            ^ T[1][((hi >> 16) & 0xFF) as usize]
            ^ T[0][(hi >> 24) as usize];
    }
    for &b in chunks.remainder() {
        crc = T[0][((crc ^ u32::from(b)) & 0xFF) as usize] ^ (crc >> 8);
    }
    crc
}

/// A name as stored on disk (bytes, UTF-8 by convention on ext) as text, losslessly: valid
/// UTF-8 as it is, every byte that is not part of valid UTF-8 as `\xNN`, and a backslash as
/// `\\`, so two different names never print the same and [`unescape_name`] gives the
/// bytes back.
///
/// ```
/// use foothold_core::{escape_name, unescape_name};
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
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        if c == b'\\' {
            let next = b.get(i.saturating_add(1));
            if next == Some(&b'\\') {
                out.push(b'\\');
                i = i.saturating_add(2);
                continue;
            }
            if next == Some(&b'x') {
                let hex = i.saturating_add(2);
                if let Some(v) = s
                    .get(hex..hex.saturating_add(2))
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    i = i.saturating_add(4);
                    continue;
                }
            }
        }
        out.push(c);
        i = i.saturating_add(1);
    }
    out
}

/// A binary SID (revision, sub-authority count, 48-bit authority, sub-authorities) as text
/// (`S-1-5-21-…`), with the bytes it took; `None` when the bytes end early.
///
/// ```
/// let b = [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0];
/// assert_eq!(foothold_core::sid_at(&b), Some(("S-1-5-18".to_string(), 12)));
/// assert_eq!(foothold_core::sid_at(&b[..10]), None);
/// ```
pub fn sid_at(b: &[u8]) -> Option<(String, usize)> {
    let (&rev, &count) = (b.first()?, b.get(1)?);
    let auth = b
        .get(2..8)?
        .iter()
        .fold(0u64, |a, &x| a << 8 | u64::from(x));
    let mut s = format!("S-{rev}-{auth}");
    // Sub-authorities: `count` (at most 255) u32s after the 8-byte header.
    let len = usize::from(count).saturating_mul(4).saturating_add(8);
    for at in (8..len).step_by(4) {
        s += &format!("-{}", crate::u32_at(b, at)?);
    }
    Some((s, len))
}
