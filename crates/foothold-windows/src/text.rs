use crate::{Error, Result};

/// Decode a task file to text by its bytes, not its XML declaration: a UTF-16LE/BE or UTF-8
/// byte-order mark, else UTF-16LE when every other byte is zero, else UTF-8.
///
/// ```
/// let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("<Task/>".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
/// assert_eq!(foothold_windows::decode_text(&utf16).unwrap(), "<Task/>");
/// assert_eq!(foothold_windows::decode_text(b"\xEF\xBB\xBF<Task/>").unwrap(), "<Task/>");
/// ```
pub fn decode_text(b: &[u8]) -> Result<String> {
    if b.len() > crate::MAX_TASK_FILE {
        return Err(Error::TooLarge {
            size: b.len(),
            limit: crate::MAX_TASK_FILE,
        });
    }
    let utf16 = |body: &[u8], le: bool| -> Result<String> {
        if body.len() % 2 != 0 {
            return Err(Error::Encoding {
                reason: format!("odd length {} for UTF-16", body.len().saturating_add(2)),
            });
        }
        let units: Vec<u16> = body
            .chunks_exact(2)
            .filter_map(|c| {
                if le {
                    foothold_core::u16_at(c, 0)
                } else {
                    foothold_core::be_u16_at(c, 0)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|e| Error::Encoding {
            reason: e.to_string(),
        })
    };
    match b {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            String::from_utf8(rest.to_vec()).map_err(|e| Error::Encoding {
                reason: e.to_string(),
            })
        }
        [a, 0, ..] if *a != 0 => utf16(b, true),
        _ => String::from_utf8(b.to_vec()).map_err(|e| Error::Encoding {
            reason: e.to_string(),
        }),
    }
}

pub(crate) use foothold_core::{guid_braced as guid, hex_upper};

/// UTF-16LE bytes as text, trailing NULs dropped (length-prefixed strings in registry blobs).
pub(crate) fn utf16le_trimmed(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .filter_map(|c| foothold_core::u16_at(c, 0))
        .collect();
    String::from_utf16_lossy(&units)
        .trim_end_matches('\0')
        .to_string()
}

/// The names whose bit is set in `mask` (bit 0 = `names[0]`).
pub(crate) fn bit_names(mask: u32, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, n)| n.to_string())
        .collect()
}

/// The 1-based numbers of the set bits among the low `count` bits (`1`, `7`, `31` …).
pub(crate) fn bit_numbers(mask: u32, count: u32) -> Vec<String> {
    (0..count.min(32))
        .filter(|i| mask & 1u32.wrapping_shl(*i) != 0)
        .map(|i| i.saturating_add(1).to_string())
        .collect()
}
