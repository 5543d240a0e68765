//! Checksums and decompression shared by the container readers. Every output is bounded
//! by a size the caller already validated; nothing here allocates from a length field.
use crate::{Error, Result};
use flate2::{Decompress, FlushDecompress, Status};
use std::io;
use std::path::Path;

/// Adler-32 (RFC 1950), as EWF stores it for headers, tables and stored chunks.
pub(crate) fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65_521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 is the largest run for which the sums cannot overflow u32.
    for block in data.chunks(5552) {
        for &x in block {
            // Cannot wrap: at most 5552 additions of at most 255 to values below 65,521.
            a = a.wrapping_add(u32::from(x));
            b = b.wrapping_add(a);
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
        let stored = foothold_core::be_u32_at(trailer, 0)
            .ok_or_else(|| invalid("zlib stream has no checksum trailer"))?;
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
    dec.take((max_out as u64).saturating_add(1))
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
    let Some(left) = len.checked_sub(offset).filter(|&l| l > 0) else {
        return Ok(0);
    };
    if buf.is_empty() || block == 0 {
        return Ok(0);
    }
    let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
    let mut done = 0usize;
    while let Some(rest) = want.checked_sub(done).filter(|&r| r > 0) {
        // `offset + done` stays below `len` (done < want <= len - offset).
        let pos = offset
            .checked_add(done as u64)
            .ok_or_else(|| invalid("read offset overflows"))?;
        // block > 0 (checked above).
        let (idx, within) = (
            pos.checked_div(block).unwrap_or(0),
            pos.checked_rem(block).unwrap_or(0),
        );
        let room = block.saturating_sub(within);
        let n = rest.min(usize::try_from(room).unwrap_or(usize::MAX));
        let dest = done
            .checked_add(n)
            .and_then(|end| buf.get_mut(done..end))
            .ok_or_else(|| invalid("read past the buffer"))?;
        piece(idx, within, dest)?;
        done = done.saturating_add(n);
    }
    Ok(done)
}

/// The fields of one container structure held in a buffer that starts at `base` in the
/// file `path`: every integer read from evidence in this crate goes through here (over
/// `foothold_core::Fields`), and a read past the structure's end is an [`Error::Corrupt`]
/// naming the file, the format and the offset — never a silent 0.
#[derive(Clone, Copy)]
pub(crate) struct Fields<'a> {
    inner: foothold_core::Fields<'a>,
    path: &'a Path,
    format: &'static str,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(path: &'a Path, format: &'static str, buf: &'a [u8], base: u64) -> Self {
        Fields {
            inner: foothold_core::Fields::new(buf, base),
            path,
            format,
        }
    }
    fn err(&self, e: foothold_core::FieldError) -> Error {
        Error::corrupt(self.path, self.format, e.offset, e.to_string())
    }
    pub(crate) fn u16(&self, at: usize) -> Result<u16> {
        self.inner.u16(at).map_err(|e| self.err(e))
    }
    pub(crate) fn u32(&self, at: usize) -> Result<u32> {
        self.inner.u32(at).map_err(|e| self.err(e))
    }
    pub(crate) fn u64(&self, at: usize) -> Result<u64> {
        self.inner.u64(at).map_err(|e| self.err(e))
    }
    pub(crate) fn be_u32(&self, at: usize) -> Result<u32> {
        self.inner.be_u32(at).map_err(|e| self.err(e))
    }
    pub(crate) fn be_u64(&self, at: usize) -> Result<u64> {
        self.inner.be_u64(at).map_err(|e| self.err(e))
    }
    pub(crate) fn bytes(&self, at: usize, len: usize) -> Result<&'a [u8]> {
        self.inner.bytes(at, len).map_err(|e| self.err(e))
    }
    /// `count` consecutive little-endian `u32`s from `at` (a table), read each through
    /// [`Fields::u32`]; the caller has bounded `count` by the buffer first.
    pub(crate) fn u32s(&self, at: usize, count: usize) -> Result<Vec<u32>> {
        (0..count).map(|i| self.u32(index(at, i, 4)?)).collect()
    }
    /// As [`Fields::u32s`], little-endian `u64`s.
    pub(crate) fn u64s(&self, at: usize, count: usize) -> Result<Vec<u64>> {
        (0..count).map(|i| self.u64(index(at, i, 8)?)).collect()
    }
    /// As [`Fields::u32s`], big-endian `u32`s.
    pub(crate) fn be_u32s(&self, at: usize, count: usize) -> Result<Vec<u32>> {
        (0..count).map(|i| self.be_u32(index(at, i, 4)?)).collect()
    }
    /// As [`Fields::u32s`], big-endian `u64`s.
    pub(crate) fn be_u64s(&self, at: usize, count: usize) -> Result<Vec<u64>> {
        (0..count).map(|i| self.be_u64(index(at, i, 8)?)).collect()
    }
    /// An error at `at` in this structure.
    pub(crate) fn corrupt(&self, at: usize, what: impl Into<String>) -> Error {
        Error::corrupt(
            self.path,
            self.format,
            self.inner.offset_of(at),
            what.into(),
        )
    }
}

/// The offset of element `i` of `width` bytes of a table at `at`, checked.
fn index(at: usize, i: usize, width: usize) -> Result<usize> {
    i.checked_mul(width)
        .and_then(|o| o.checked_add(at))
        .ok_or_else(|| Error::corrupt(Path::new(""), "table", at as u64, "table offset overflows"))
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
