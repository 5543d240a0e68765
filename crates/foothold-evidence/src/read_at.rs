use std::io;
use std::sync::Arc;

/// Positional, shared reads: the one interface every layer above reads bytes through.
///
/// `&self` and an explicit offset mean many threads can read one image at once.
pub trait ReadAt: Send + Sync {
    /// Read up to `buf.len()` bytes at `offset`; returns how many were read (0 at the end).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;

    /// Size of the source in bytes.
    fn len(&self) -> u64;

    /// True when the source holds no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Fill `buf` from `offset` or fail with [`io::ErrorKind::UnexpectedEof`].
    fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut done = 0usize;
        while done < buf.len() {
            let pos = offset
                .checked_add(done as u64)
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "offset overflow"))?;
            let want = buf.len();
            let Some(rest) = buf.get_mut(done..) else {
                break;
            };
            let n = self.read_at(pos, rest)?;
            if n == 0 {
                // Say where the data stopped: a source shorter than it claims (a truncated
                // image under a partition) stops before its own length.
                let what = if pos < self.len() {
                    format!(
                        "the data ends at {pos:#x} though the source claims {:#x} bytes (truncated image?)",
                        self.len()
                    )
                } else {
                    format!("it runs past the end ({:#x})", self.len())
                };
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!(
                        "read of {want} bytes at {offset:#x} failed after {done} bytes: {what}"
                    ),
                ));
            }
            done = done.saturating_add(n);
        }
        Ok(())
    }
}

/// Copy from an in-memory slice; shared by every memory-backed source.
pub(crate) fn read_slice(data: &[u8], offset: u64, buf: &mut [u8]) -> usize {
    let Ok(start) = usize::try_from(offset) else {
        return 0;
    };
    let Some(src) = data.get(start..) else {
        return 0;
    };
    let n = buf.len().min(src.len());
    if let (Some(d), Some(s)) = (buf.get_mut(..n), src.get(..n)) {
        d.copy_from_slice(s);
    }
    n
}

impl ReadAt for [u8] {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        Ok(read_slice(self, offset, buf))
    }
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
}

impl ReadAt for Vec<u8> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        Ok(read_slice(self, offset, buf))
    }
    fn len(&self) -> u64 {
        Vec::len(self) as u64
    }
}

impl<T: ReadAt + ?Sized> ReadAt for &T {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        (**self).read_at(offset, buf)
    }
    fn len(&self) -> u64 {
        (**self).len()
    }
}

impl<T: ReadAt + ?Sized> ReadAt for Arc<T> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        (**self).read_at(offset, buf)
    }
    fn len(&self) -> u64 {
        (**self).len()
    }
}

impl<T: ReadAt + ?Sized> ReadAt for Box<T> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        (**self).read_at(offset, buf)
    }
    fn len(&self) -> u64 {
        (**self).len()
    }
}

/// A byte range of another source (a partition of a disk), itself a [`ReadAt`].
///
/// A window that runs past the end of its source is clipped: reads beyond the source
/// return end-of-data, which a truncated image legitimately produces.
#[derive(Debug, Clone)]
pub struct Window<R> {
    inner: R,
    offset: u64,
    len: u64,
}

impl<R: ReadAt> Window<R> {
    /// A window of `len` bytes starting at `offset`; `None` if the range overflows.
    pub fn new(inner: R, offset: u64, len: u64) -> Option<Self> {
        offset.checked_add(len)?;
        Some(Window { inner, offset, len })
    }
    /// Where the window starts in its source.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl<R: ReadAt> ReadAt for Window<R> {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(room) = self.len.checked_sub(offset).filter(|&r| r > 0) else {
            return Ok(0);
        };
        let n = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        // offset < len and offset + len was checked at construction: no wrap.
        let at = self.offset.saturating_add(offset);
        self.inner.read_at(at, buf.get_mut(..n).unwrap_or_default())
    }
    fn len(&self) -> u64 {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_clips_reads_and_reports_eof() {
        let disk: Vec<u8> = (0u8..100).collect();
        let w = Window::new(&disk, 90, 20).expect("window");
        let mut buf = [0u8; 8];
        assert_eq!(w.read_at(5, &mut buf).expect("read"), 5);
        assert_eq!(&buf[..5], &[95, 96, 97, 98, 99]);
        assert_eq!(w.read_at(20, &mut buf).expect("read"), 0);
        let err = w.read_exact_at(8, &mut buf).expect_err("past end");
        assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        assert!(Window::new(&disk, u64::MAX, 2).is_none());
    }
}
