//! The only `unsafe` in foothold: mapping an evidence file into memory.
//!
//! Two ways in: [`RawImage::as_bytes`] is the memory map, for the container formats' headers
//! and tables (read in place, touched sparsely); [`ReadAt::read_at`] is a positional read
//! (`pread`) into the caller's buffer, for everything read through the image (filesystems,
//! whole-media hashing). Read through the map, every page a scan touched stayed resident and
//! counted in its RSS (3.1 GB for `verify` of a 3 GiB image); read positionally, memory is the
//! caller's buffers and caches, whatever the image's size.
use crate::read_at::read_slice;
use crate::{Error, ReadAt, Result};
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// A raw (dd) image file, memory-mapped read-only, or bytes already in memory (a named
/// buffer: fuzzing and loose-file inputs go through the same readers).
#[derive(Debug)]
pub struct RawImage {
    path: PathBuf,
    map: Option<memmap2::Mmap>,
    /// The open file, for positional reads (none for bytes in memory or an empty file).
    file: Option<File>,
    len: u64,
    bytes: Option<Vec<u8>>,
    /// Blocks read for small reads (metadata walks read 1 KiB MFT records and small structures,
    /// many within one block): one `pread` per block, not per record.
    cache: crate::cache::BlockCache,
}

/// The block of the small-read cache, and how much of them it keeps. (64 KiB blocks made a
/// directory walk read its scattered MFT records 64 times over: 4 KiB, a page, is the unit.)
const BLOCK: usize = 4 << 10;
const CACHE_BYTES: usize = 32 << 20;

impl RawImage {
    /// Map `path` read-only. An empty file is accepted and reads as zero bytes.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        crate::reference::regular_file(path)?;
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let map = if len == 0 {
            None
        } else {
            // SAFETY: the file is opened read-only and the map is never written. Evidence
            // files are not expected to change while we read them; if another process
            // truncates one, reads may fault, which is the documented risk of mmap.
            #[allow(unsafe_code)]
            let map = unsafe { memmap2::MmapOptions::new().map(&file) }
                .map_err(|e| Error::io(path, e))?;
            Some(map)
        };
        Ok(RawImage {
            path: path.to_path_buf(),
            file: map.as_ref().map(|_| file),
            map,
            len,
            bytes: None,
            cache: crate::cache::BlockCache::new(CACHE_BYTES, BLOCK),
        })
    }

    /// Bytes in memory, named `name` in errors.
    pub fn from_bytes(name: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        RawImage {
            path: name.into(),
            map: None,
            file: None,
            len: bytes.len() as u64,
            bytes: Some(bytes),
            cache: crate::cache::BlockCache::new(0, BLOCK),
        }
    }

    /// The mapped file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole image as a byte slice.
    pub fn as_bytes(&self) -> &[u8] {
        match (&self.map, &self.bytes) {
            (Some(m), _) => m,
            (None, Some(b)) => b,
            (None, None) => &[],
        }
    }
}

impl RawImage {
    /// `len` bytes at `offset`, read positionally; fewer at the end of the file, an error past
    /// it. For data whose length comes from the evidence (a compressed chunk's size): the
    /// allocation is bounded by the file's length.
    pub fn read_vec(&self, offset: u64, len: usize) -> io::Result<Vec<u8>> {
        let room = self.len.checked_sub(offset).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("offset {offset:#x} lies past the end of the file"),
            )
        })?;
        let n = len.min(usize::try_from(room).unwrap_or(usize::MAX));
        let mut buf = vec![0u8; n];
        self.read_exact_at(offset, &mut buf)?;
        Ok(buf)
    }
}

impl RawImage {
    /// `pread` until `buf` is full or the file ends.
    fn pread(f: &File, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let mut done = 0usize;
        while let Some(rest) = buf.get_mut(done..).filter(|r| !r.is_empty()) {
            let Some(at) = offset.checked_add(done as u64) else {
                break;
            };
            match f.read_at(rest, at) {
                Ok(0) => break,
                Ok(k) => done = done.saturating_add(k),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
}

impl ReadAt for RawImage {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(f) = &self.file else {
            return Ok(read_slice(self.as_bytes(), offset, buf));
        };
        let Some(left) = self.len.checked_sub(offset).filter(|&l| l > 0) else {
            return Ok(0);
        };
        let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let Some(buf) = buf.get_mut(..n) else {
            return Ok(0);
        };
        if n >= BLOCK {
            return Self::pread(f, offset, buf);
        }
        // Small reads through the block cache.
        let block_len = BLOCK as u64;
        let mut done = 0usize;
        while let Some(dest) = buf.get_mut(done..).filter(|d| !d.is_empty()) {
            let Some(at) = offset.checked_add(done as u64) else {
                break;
            };
            let index = at.checked_div(block_len).unwrap_or(0);
            let start = index.saturating_mul(block_len);
            let block = self.cache.get_or(index, || {
                let size =
                    usize::try_from(self.len.saturating_sub(start).min(block_len)).unwrap_or(BLOCK);
                let mut b = vec![0u8; size];
                let got = Self::pread(f, start, &mut b)?;
                b.truncate(got);
                Ok::<_, io::Error>(b)
            })?;
            let within = usize::try_from(at.saturating_sub(start)).unwrap_or(usize::MAX);
            let Some(src) = block.get(within..).filter(|s| !s.is_empty()) else {
                break;
            };
            let k = dest.len().min(src.len());
            if let (Some(d), Some(s)) = (dest.get_mut(..k), src.get(..k)) {
                d.copy_from_slice(s);
            }
            done = done.saturating_add(k);
        }
        Ok(done)
    }
    fn len(&self) -> u64 {
        self.len
    }
}
