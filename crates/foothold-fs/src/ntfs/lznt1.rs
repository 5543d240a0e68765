use crate::{Error, Result};

/// Decompress LZNT1 data (one NTFS compression unit) into `out`, at most `out_max` bytes.
///
/// Chunks are 4 KiB uncompressed; each starts with a 16-bit header (bit 15: compressed,
/// bits 0–11: stored size − 3). A zero header ends the stream.
///
/// ```
/// let mut out = Vec::new();
/// // One compressed chunk (header 0xB003: 4 bytes follow): flag byte 0x00, then 3 literals.
/// foothold_fs::ntfs::lznt1_decompress(&[0x03, 0xB0, 0x00, b'a', b'b', b'c'], 4096, &mut out).unwrap();
/// assert_eq!(out, b"abc");
/// ```
pub fn lznt1_decompress(input: &[u8], out_max: usize, out: &mut Vec<u8>) -> Result<()> {
    let mut pos = 0usize;
    while out.len() < out_max {
        let Some(header) = crate::bytes::u16_at(input, pos) else {
            break;
        };
        if header == 0 {
            break;
        }
        // At most 4,096 bytes, after the 2-byte header; a chunk cut by the input keeps what
        // is there.
        let size = usize::from(header & 0x0FFF).saturating_add(1);
        let start = pos.saturating_add(2);
        let chunk = input
            .get(start..)
            .map(|rest| rest.get(..size).unwrap_or(rest))
            .unwrap_or_default();
        if header & 0x8000 == 0 {
            // Stored chunk: raw bytes.
            let take = chunk.len().min(out_max.saturating_sub(out.len()));
            out.extend_from_slice(chunk.get(..take).unwrap_or_default());
        } else {
            decompress_chunk(chunk, out, out_max)
                .map_err(|r| Error::corrupt("LZNT1 chunk", pos as u64, r))?;
        }
        pos = start.saturating_add(size);
    }
    Ok(())
}

fn decompress_chunk(
    chunk: &[u8],
    out: &mut Vec<u8>,
    out_max: usize,
) -> std::result::Result<(), &'static str> {
    let chunk_start = out.len();
    let chunk_limit = chunk_start.saturating_add(4096).min(out_max);
    let mut i = 0usize;
    while out.len() < chunk_limit {
        let Some(&flags) = chunk.get(i) else {
            break;
        };
        i = i.saturating_add(1);
        for bit in 0..8 {
            if i >= chunk.len() || out.len() >= chunk_limit {
                break;
            }
            if flags & (1 << bit) == 0 {
                if let Some(&b) = chunk.get(i) {
                    out.push(b);
                }
                i = i.saturating_add(1);
            } else {
                let Some(token) = crate::bytes::u16_at(chunk, i) else {
                    return Err("back-reference truncated");
                };
                i = i.saturating_add(2);
                // Bytes of this chunk written so far (`out` only grows).
                let pos = out.len().saturating_sub(chunk_start);
                if pos == 0 {
                    return Err("back-reference at chunk start");
                }
                // The split between offset and length bits moves with the position: 12
                // length bits up to 16 bytes written, one fewer per doubling (at least 4).
                let mut len_bits = 12u32;
                let mut p = pos.saturating_sub(1);
                while p >= 0x10 {
                    len_bits = len_bits.saturating_sub(1);
                    p >>= 1;
                }
                let mask = 1u16.checked_shl(len_bits).unwrap_or(0).wrapping_sub(1);
                let length = usize::from(token & mask).saturating_add(3);
                let offset =
                    usize::from(token.checked_shr(len_bits).unwrap_or(0)).saturating_add(1);
                if offset > pos {
                    return Err("back-reference before chunk start");
                }
                // `offset ≤ pos ≤ out.len()`; the copy may overlap what it writes.
                let from = out.len().saturating_sub(offset);
                for k in 0..length {
                    if out.len() >= chunk_limit {
                        break;
                    }
                    let Some(&byte) = out.get(from.saturating_add(k)) else {
                        break;
                    };
                    out.push(byte);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn back_reference_repeats_bytes() {
        // "abcabcabc": literals a b c, then a back-reference offset 3 length 6.
        // At pos 3, len_bits = 12: token = ((3-1) << 12) | (6-3) = 0x2003.
        // Header 0xB005: compressed, 6 bytes follow; flag byte 0x08 marks the 4th token.
        let chunk = [0x05, 0xB0, 0x08, b'a', b'b', b'c', 0x03, 0x20];
        let mut out = Vec::new();
        lznt1_decompress(&chunk, 4096, &mut out).expect("decompress");
        assert_eq!(out, b"abcabcabc");
    }

    #[test]
    fn hostile_input_is_bounded() {
        // A back-reference at position 0 is an error, not a panic.
        let mut out = Vec::new();
        assert!(lznt1_decompress(&[0x02, 0xB0, 0x01, 0xFF, 0xFF], 4096, &mut out).is_err());
        // Output never exceeds the limit.
        let mut out = Vec::new();
        let stored: Vec<u8> = [0xFF, 0x3F]
            .into_iter()
            .chain(std::iter::repeat_n(7, 8192))
            .collect();
        lznt1_decompress(&stored, 100, &mut out).expect("stored");
        assert_eq!(out.len(), 100);
    }
}
