//! The one bounded field reader: every fixed-width read from evidence bytes goes through here.

/// A field that does not fit in the bytes it was read from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{width}-byte field at {offset:#x} runs past the end ({available} bytes at {base:#x})")]
#[non_exhaustive]
pub struct FieldError {
    /// Where the field starts, as an offset in the evidence (the buffer's base plus `at`).
    pub offset: u64,
    /// Its width in bytes.
    pub width: usize,
    /// Where the buffer starts in the evidence.
    pub base: u64,
    /// How many bytes the buffer holds.
    pub available: usize,
}

macro_rules! readers {
    ($($(#[$m:meta])* $name:ident, $t:ty, $from:ident;)*) => {$(
        $(#[$m])*
        #[inline]
        pub fn $name(b: &[u8], at: usize) -> Option<$t> {
            let s = b.get(at..at.checked_add(std::mem::size_of::<$t>())?)?;
            Some(<$t>::$from(s.try_into().ok()?))
        }
    )*};
}

readers! {
    /// Little-endian `u16` at `at`, `None` past the end.
    u16_at, u16, from_le_bytes;
    /// Little-endian `u32` at `at`, `None` past the end.
    u32_at, u32, from_le_bytes;
    /// Little-endian `u64` at `at`, `None` past the end.
    u64_at, u64, from_le_bytes;
    /// Big-endian `u16` at `at`, `None` past the end.
    be_u16_at, u16, from_be_bytes;
    /// Big-endian `u32` at `at`, `None` past the end.
    be_u32_at, u32, from_be_bytes;
    /// Big-endian `u64` at `at`, `None` past the end.
    be_u64_at, u64, from_be_bytes;
}

/// The byte at `at`, `None` past the end.
#[inline]
pub fn u8_at(b: &[u8], at: usize) -> Option<u8> {
    b.get(at).copied()
}

/// Fields of a buffer that sits at `base` in the evidence: each read past the end is a
/// [`FieldError`] carrying the evidence offset, so a parser's error says where.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    buf: &'a [u8],
    base: u64,
}

impl<'a> Fields<'a> {
    /// The fields of `buf`, which starts at evidence offset `base`.
    pub fn new(buf: &'a [u8], base: u64) -> Self {
        Fields { buf, base }
    }
    fn err(&self, at: usize, width: usize) -> FieldError {
        FieldError {
            offset: self.offset_of(at),
            width,
            base: self.base,
            available: self.buf.len(),
        }
    }
    /// The byte at `at`.
    pub fn u8(&self, at: usize) -> Result<u8, FieldError> {
        u8_at(self.buf, at).ok_or_else(|| self.err(at, 1))
    }
    /// Little-endian `u16` at `at`.
    pub fn u16(&self, at: usize) -> Result<u16, FieldError> {
        u16_at(self.buf, at).ok_or_else(|| self.err(at, 2))
    }
    /// Little-endian `u32` at `at`.
    pub fn u32(&self, at: usize) -> Result<u32, FieldError> {
        u32_at(self.buf, at).ok_or_else(|| self.err(at, 4))
    }
    /// Little-endian `u64` at `at`.
    pub fn u64(&self, at: usize) -> Result<u64, FieldError> {
        u64_at(self.buf, at).ok_or_else(|| self.err(at, 8))
    }
    /// Big-endian `u32` at `at`.
    pub fn be_u32(&self, at: usize) -> Result<u32, FieldError> {
        be_u32_at(self.buf, at).ok_or_else(|| self.err(at, 4))
    }
    /// Big-endian `u64` at `at`.
    pub fn be_u64(&self, at: usize) -> Result<u64, FieldError> {
        be_u64_at(self.buf, at).ok_or_else(|| self.err(at, 8))
    }
    /// `len` bytes at `at`.
    pub fn bytes(&self, at: usize, len: usize) -> Result<&'a [u8], FieldError> {
        at.checked_add(len)
            .and_then(|end| self.buf.get(at..end))
            .ok_or_else(|| self.err(at, len))
    }
    /// The whole buffer.
    pub fn all(&self) -> &'a [u8] {
        self.buf
    }
    /// The evidence offset of `at` in this buffer (saturating: an offset past `u64::MAX`
    /// cannot be a real position, and is reported as the largest one).
    pub fn offset_of(&self, at: usize) -> u64 {
        self.base.saturating_add(at as u64)
    }
}

/// Sequential reads over a buffer at `base` in the evidence (a blob of packed fields: a
/// `.job` file, a TaskCache `Actions` or `Triggers` value): each read advances the position,
/// and one past the end is a [`FieldError`] naming the evidence offset. The position never
/// moves past a failed read.
///
/// ```
/// let mut c = foothold_core::Cursor::new(&[1, 0, 2, 0, 0, 0, 9], 0x100);
/// assert_eq!(c.u16().unwrap(), 1);
/// assert_eq!(c.u32().unwrap(), 2);
/// assert_eq!(c.pos(), 6);
/// let e = c.u16().unwrap_err();
/// assert_eq!(e.offset, 0x106);
/// assert_eq!(c.u8().unwrap(), 9);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Cursor<'a> {
    fields: Fields<'a>,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at the start of `buf`, which starts at evidence offset `base`.
    pub fn new(buf: &'a [u8], base: u64) -> Self {
        Cursor {
            fields: Fields::new(buf, base),
            pos: 0,
        }
    }
    /// Where the next read starts, in the buffer.
    pub fn pos(&self) -> usize {
        self.pos
    }
    /// The evidence offset of the next read.
    pub fn offset(&self) -> u64 {
        self.fields.offset_of(self.pos)
    }
    /// Move to `pos` in the buffer (a table's offset); a later read past the end fails.
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }
    /// Bytes left after the position.
    pub fn remaining(&self) -> usize {
        self.fields.all().len().saturating_sub(self.pos)
    }
    /// The whole buffer.
    pub fn all(&self) -> &'a [u8] {
        self.fields.all()
    }
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], FieldError> {
        let s = self.fields.bytes(self.pos, n)?;
        // `pos + n` is inside the buffer: `bytes` checked it.
        self.pos = self.pos.saturating_add(n);
        Ok(s)
    }
    /// Skip `n` bytes.
    pub fn skip(&mut self, n: usize) -> Result<(), FieldError> {
        self.take(n).map(|_| ())
    }
    /// The next byte.
    pub fn u8(&mut self) -> Result<u8, FieldError> {
        let v = self.fields.u8(self.pos)?;
        self.pos = self.pos.saturating_add(1);
        Ok(v)
    }
    /// The next little-endian `u16`.
    pub fn u16(&mut self) -> Result<u16, FieldError> {
        let v = self.fields.u16(self.pos)?;
        self.pos = self.pos.saturating_add(2);
        Ok(v)
    }
    /// The next little-endian `u32`.
    pub fn u32(&mut self) -> Result<u32, FieldError> {
        let v = self.fields.u32(self.pos)?;
        self.pos = self.pos.saturating_add(4);
        Ok(v)
    }
    /// The next little-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, FieldError> {
        let v = self.fields.u64(self.pos)?;
        self.pos = self.pos.saturating_add(8);
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_width_and_both_ends() {
        let b = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
        assert_eq!(u16_at(&b, 0), Some(0x0201));
        assert_eq!(be_u16_at(&b, 0), Some(0x0102));
        assert_eq!(u32_at(&b, 5), Some(0x0908_0706));
        assert_eq!(u32_at(&b, 6), None);
        assert_eq!(u64_at(&b, 1), Some(0x0908_0706_0504_0302));
        assert_eq!(be_u64_at(&b, 2), None);
        assert_eq!(u16_at(&b, usize::MAX), None);
        let f = Fields::new(&b, 100);
        let e = f.u64(4).unwrap_err();
        assert_eq!((e.offset, e.width, e.available), (104, 8, 9));
        assert!(f.bytes(usize::MAX, 2).is_err());
    }
}
