//! Checksums and decompression shared by the container readers. Every output is bounded
//! by a size the caller already validated; nothing here allocates from a length field.
use flate2::{Decompress, FlushDecompress, Status};
use std::io;

/// Adler-32 (RFC 1950), as EWF stores it for headers, tables and stored chunks.
pub(crate) fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is the largest run for which the sums cannot overflow u32.
    for block in data.chunks(5552) {
        for &x in block {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

pub use foothold_core::{crc32c, crc32c_raw};

/// Inflate `input` (a zlib stream when `zlib`, raw deflate otherwise) into at most
/// `max_out` bytes. For zlib the stream's own Adler-32 trailer is checked.
pub(crate) fn inflate(input: &[u8], zlib: bool, max_out: usize) -> io::Result<Vec<u8>> {
    let mut d = Decompress::new(zlib);
    let mut out = Vec::with_capacity(max_out);
    let status = d
        .decompress_vec(input, &mut out, FlushDecompress::Finish)
        .map_err(|e| invalid(format!("deflate stream is damaged: {e}")))?;
    if status != Status::StreamEnd {
        // Either the stream is cut short or it inflates to more than the block holds.
        if out.len() >= max_out {
            return Err(invalid(format!(
                "compressed block inflates to more than {max_out} bytes"
            )));
        }
        return Err(invalid(
            "compressed block ends before its deflate stream does",
        ));
    }
    if zlib {
        let end = usize::try_from(d.total_in()).unwrap_or(usize::MAX);
        let trailer = end
            .checked_sub(4)
            .and_then(|s| input.get(s..end))
            .ok_or_else(|| invalid("zlib stream has no checksum trailer"))?;
        let stored = u32::from_be_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let actual = adler32(&out);
        if stored != actual {
            return Err(invalid(format!(
                "zlib checksum mismatch: stored {stored:#010x}, computed {actual:#010x}"
            )));
        }
    }
    Ok(out)
}

/// Decompress one zstd frame into at most `max_out` bytes (qcow2 `compression_type=zstd`).
pub(crate) fn unzstd(input: &[u8], max_out: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let dec = ruzstd::decoding::StreamingDecoder::new(input)
        .map_err(|e| invalid(format!("zstd frame is damaged: {e}")))?;
    let mut out = Vec::with_capacity(max_out);
    // Read one byte more than allowed to tell "fits" from "too big".
    dec.take(max_out as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| invalid(format!("zstd frame is damaged: {e}")))?;
    if out.len() > max_out {
        return Err(invalid(format!(
            "compressed block inflates to more than {max_out} bytes"
        )));
    }
    Ok(out)
}

pub(crate) fn invalid(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Split a positional read into pieces that each lie in one block of `block` bytes, and
/// fill each with `piece(block_index, offset_in_block, dest)`. Returns the bytes read
/// (the read is clipped at `len`).
pub(crate) fn read_by_block(
    len: u64,
    block: u64,
    offset: u64,
    buf: &mut [u8],
    mut piece: impl FnMut(u64, u64, &mut [u8]) -> io::Result<()>,
) -> io::Result<usize> {
    if offset >= len || buf.is_empty() || block == 0 {
        return Ok(0);
    }
    let want = buf
        .len()
        .min(usize::try_from(len - offset).unwrap_or(usize::MAX));
    let mut done = 0usize;
    while done < want {
        let pos = offset + done as u64;
        let (idx, within) = (pos / block, pos % block);
        let n = (want - done).min(usize::try_from(block - within).unwrap_or(usize::MAX));
        piece(idx, within, &mut buf[done..done + n])?;
        done += n;
    }
    Ok(done)
}

/// Integers from a slice the caller has length-checked, through the workspace's one bounded
/// reader (`foothold_core`); past the end (which the callers rule out first) they read 0 rather
/// than panic, and offsets near `usize::MAX` cannot overflow.
pub(crate) fn le_u16(b: &[u8], at: usize) -> u16 {
    foothold_core::u16_at(b, at).unwrap_or(0)
}
pub(crate) fn le_u32(b: &[u8], at: usize) -> u32 {
    foothold_core::u32_at(b, at).unwrap_or(0)
}
pub(crate) fn le_u64(b: &[u8], at: usize) -> u64 {
    foothold_core::u64_at(b, at).unwrap_or(0)
}
pub(crate) fn be_u32(b: &[u8], at: usize) -> u32 {
    foothold_core::be_u32_at(b, at).unwrap_or(0)
}
pub(crate) fn be_u64(b: &[u8], at: usize) -> u64 {
    foothold_core::be_u64_at(b, at).unwrap_or(0)
}

pub use foothold_core::guid;

pub(crate) use foothold_core::hex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_published_vectors() {
        // RFC 1950 / Wikipedia example, and the CRC-32C check value of "123456789".
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    }

    #[test]
    fn inflate_is_bounded_and_checked() {
        use std::io::Write;
        let data = vec![7u8; 10_000];
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&data).expect("compress");
        let z = e.finish().expect("finish");
        assert_eq!(inflate(&z, true, 10_000).expect("inflate"), data);
        assert!(inflate(&z, true, 9_999).is_err(), "output over the bound");
        let mut bad = z.clone();
        let n = bad.len();
        bad[n - 1] ^= 1; // checksum trailer
        assert!(inflate(&bad, true, 10_000).is_err());
        assert!(
            inflate(&z[..z.len() / 2], true, 10_000).is_err(),
            "cut short"
        );
    }

    #[test]
    fn reads_split_at_block_edges() {
        let mut seen = Vec::new();
        let mut buf = [0u8; 10];
        let n = read_by_block(100, 4, 2, &mut buf, |i, w, d| {
            seen.push((i, w, d.len()));
            Ok(())
        })
        .expect("read");
        assert_eq!(n, 10);
        assert_eq!(seen, vec![(0, 2, 2), (1, 0, 4), (2, 0, 4)]);
        assert_eq!(
            read_by_block(5, 4, 3, &mut buf, |_, _, _| Ok(())).expect("read"),
            2
        );
    }
}
