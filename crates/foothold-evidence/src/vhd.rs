//! Microsoft Virtual PC / Hyper-V VHD: fixed and dynamic disks, read-only.
//! Differencing disks are recognised and refused with their parent's name.
use crate::codec::{invalid, read_by_block, Fields};
use crate::{Error, RawImage, ReadAt, Result};
use std::io;
use std::path::Path;

const FORMAT: &str = "vhd";
pub(crate) const COOKIE: &[u8; 8] = b"conectix";
const UNUSED: u32 = 0xFFFF_FFFF;

/// A VHD image.
#[derive(Debug)]
pub struct Vhd {
    file: RawImage,
    len: u64,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Fixed,
    Dynamic {
        bat: Vec<u32>,
        block_size: u64,
        bitmap_bytes: u64,
    },
}

impl Vhd {
    /// Open a VHD whose footer is at the end (fixed) or also at the start (dynamic).
    pub(crate) fn open(path: &Path) -> Result<Self> {
        Self::from_image(RawImage::open(path)?)
    }

    /// Open a VHD held in `file` (mapped or in memory).
    pub(crate) fn from_image(file: RawImage) -> Result<Self> {
        let path = file.path().to_path_buf();
        let path = path.as_path();
        let b = file.as_bytes();
        let bad = |at: u64, what: String| Error::corrupt(path, FORMAT, at, what);
        let footer_at = b
            .len()
            .checked_sub(512)
            .ok_or_else(|| bad(0, "file shorter than a footer".into()))?;
        // A dynamic disk has a copy of the footer at offset 0; prefer the end one.
        let (footer, footer_base) = match (b.get(footer_at..), b.get(..512)) {
            (Some(end), _) if end.starts_with(COOKIE) => (end, footer_at as u64),
            (_, Some(start)) if start.starts_with(COOKIE) => (start, 0),
            _ => return Err(bad(footer_at as u64, "no `conectix` footer".into())),
        };
        let f = Fields::new(path, FORMAT, footer, footer_base);
        let stored = f.be_u32(64)?;
        let mut sum = 0u32;
        for (i, &x) in footer.iter().enumerate() {
            if !(64..68).contains(&i) {
                sum = sum.wrapping_add(u32::from(x));
            }
        }
        if !sum != stored {
            return Err(bad(
                footer_base.saturating_add(64),
                format!(
                    "footer checksum mismatch (stored {stored:#x}, computed {:#x})",
                    !sum
                ),
            ));
        }
        let len = f.be_u64(48)?;
        let disk_type = f.be_u32(60)?;
        let kind = match disk_type {
            2 => {
                if len > footer_at as u64 {
                    return Err(bad(
                        48,
                        format!("fixed disk of {len} bytes in a file of {}", b.len()),
                    ));
                }
                Kind::Fixed
            }
            3 | 4 => {
                let dyn_at = f.be_u64(16)?;
                let s = usize::try_from(dyn_at).unwrap_or(usize::MAX);
                let d = s
                    .checked_add(1024)
                    .and_then(|e| b.get(s..e))
                    .filter(|d| d.starts_with(b"cxsparse"))
                    .ok_or_else(|| bad(dyn_at, "no `cxsparse` dynamic header".into()))?;
                if disk_type == 4 {
                    let units: Vec<u16> = d
                        .get(64..576)
                        .unwrap_or_default()
                        .chunks_exact(2)
                        .filter_map(|c| foothold_core::be_u16_at(c, 0))
                        .take_while(|&u| u != 0)
                        .collect();
                    return Err(Error::unsupported(
                        path,
                        FORMAT,
                        format!(
                            "a differencing disk (parent `{}`)",
                            String::from_utf16_lossy(&units)
                        ),
                    ));
                }
                let dh = Fields::new(path, FORMAT, d, dyn_at);
                let table_at = dh.be_u64(16)?;
                let entries = dh.be_u32(28)? as usize;
                let block_size = u64::from(dh.be_u32(32)?);
                if !block_size.is_power_of_two() || !(512..=(256 << 20)).contains(&block_size) {
                    return Err(dh.corrupt(32, format!("block size {block_size}")));
                }
                let t = usize::try_from(table_at).unwrap_or(usize::MAX);
                let raw = entries
                    .checked_mul(4)
                    .and_then(|n| t.checked_add(n))
                    .and_then(|e| b.get(t..e))
                    .ok_or_else(|| {
                        bad(
                            table_at,
                            format!("block table of {entries} entries runs past the end"),
                        )
                    })?;
                let bat = Fields::new(path, FORMAT, raw, table_at).be_u32s(0, entries)?;
                if (bat.len() as u64) < len.div_ceil(block_size) {
                    return Err(bad(
                        table_at,
                        format!("block table of {entries} entries is too small for {len} bytes"),
                    ));
                }
                // block_size is at most 256 MiB: the bitmap is at most 64 KiB.
                let bitmap_bytes = (block_size / 512)
                    .div_ceil(8)
                    .div_ceil(512)
                    .saturating_mul(512);
                Kind::Dynamic {
                    bat,
                    block_size,
                    bitmap_bytes,
                }
            }
            other => return Err(bad(60, format!("disk type {other}"))),
        };
        Ok(Vhd { file, len, kind })
    }

    /// `fixed` or `dynamic`.
    pub fn subformat(&self) -> &'static str {
        match self.kind {
            Kind::Fixed => "fixed",
            Kind::Dynamic { .. } => "dynamic",
        }
    }
}

impl ReadAt for Vhd {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        match &self.kind {
            Kind::Fixed => {
                let n = buf
                    .len()
                    .min(usize::try_from(self.len.saturating_sub(offset)).unwrap_or(usize::MAX));
                let dest = buf.get_mut(..n).unwrap_or_default();
                self.file.read_at(offset, dest)
            }
            Kind::Dynamic {
                bat,
                block_size,
                bitmap_bytes,
            } => read_by_block(self.len, *block_size, offset, buf, |idx, within, dest| {
                let e = usize::try_from(idx)
                    .ok()
                    .and_then(|i| bat.get(i))
                    .copied()
                    .unwrap_or(UNUSED);
                if e == UNUSED {
                    dest.fill(0);
                    return Ok(());
                }
                // A sector number below 2^32 times 512, plus at most 64 KiB and a block of at
                // most 256 MiB: far below 2^64.
                let at = u64::from(e)
                    .saturating_mul(512)
                    .saturating_add(*bitmap_bytes)
                    .saturating_add(within);
                self.file
                    .read_exact_at(at, dest)
                    .map_err(|err| invalid(format!("block {idx} at {at:#x}: {err}")))
            }),
        }
    }
    fn len(&self) -> u64 {
        self.len
    }
}
