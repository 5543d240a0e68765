//! Microsoft Virtual PC / Hyper-V VHD: fixed and dynamic disks, read-only.
//! Differencing disks are recognised and refused with their parent's name.
use crate::codec::{be_u32, be_u64, invalid, read_by_block};
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
        let footer = if b.get(footer_at..footer_at + 8) == Some(COOKIE.as_slice()) {
            &b[footer_at..]
        } else if b.get(..8) == Some(COOKIE.as_slice()) {
            &b[..512]
        } else {
            return Err(bad(footer_at as u64, "no `conectix` footer".into()));
        };
        let stored = be_u32(footer, 64);
        let mut sum = 0u32;
        for (i, &x) in footer.iter().enumerate() {
            if !(64..68).contains(&i) {
                sum = sum.wrapping_add(u32::from(x));
            }
        }
        if !sum != stored {
            return Err(bad(
                footer_at as u64 + 64,
                format!(
                    "footer checksum mismatch (stored {stored:#x}, computed {:#x})",
                    !sum
                ),
            ));
        }
        let len = be_u64(footer, 48);
        let disk_type = be_u32(footer, 60);
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
                let dyn_at = be_u64(footer, 16);
                let s = usize::try_from(dyn_at).unwrap_or(usize::MAX);
                let d = s
                    .checked_add(1024)
                    .and_then(|e| b.get(s..e))
                    .filter(|d| d.starts_with(b"cxsparse"))
                    .ok_or_else(|| bad(dyn_at, "no `cxsparse` dynamic header".into()))?;
                if disk_type == 4 {
                    let units: Vec<u16> = d[64..576]
                        .chunks_exact(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
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
                let table_at = be_u64(d, 16);
                let entries = be_u32(d, 28) as usize;
                let block_size = u64::from(be_u32(d, 32));
                if !block_size.is_power_of_two() || !(512..=(256 << 20)).contains(&block_size) {
                    return Err(bad(dyn_at + 32, format!("block size {block_size}")));
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
                let bat: Vec<u32> = (0..entries).map(|i| be_u32(raw, i * 4)).collect();
                if (bat.len() as u64) < len.div_ceil(block_size) {
                    return Err(bad(
                        table_at,
                        format!("block table of {entries} entries is too small for {len} bytes"),
                    ));
                }
                let bitmap_bytes = (block_size / 512).div_ceil(8).div_ceil(512) * 512;
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
                self.file.read_at(offset, &mut buf[..n])
            }
            Kind::Dynamic {
                bat,
                block_size,
                bitmap_bytes,
            } => read_by_block(self.len, *block_size, offset, buf, |idx, within, dest| {
                let e = bat.get(idx as usize).copied().unwrap_or(UNUSED);
                if e == UNUSED {
                    dest.fill(0);
                    return Ok(());
                }
                let at = u64::from(e) * 512 + bitmap_bytes + within;
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
