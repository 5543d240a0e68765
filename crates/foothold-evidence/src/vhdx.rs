//! Hyper-V VHDX: fixed and dynamic disks, read-only. Differencing disks are refused, and a
//! pending log is reported (not replayed).
use crate::codec::{crc32c, guid, invalid, read_by_block, Fields};
use crate::{Error, RawImage, ReadAt, Result};
use std::io;
use std::path::Path;

const FORMAT: &str = "vhdx";
pub(crate) const SIGNATURE: &[u8; 8] = b"vhdxfile";
const BAT: &str = "2DC27766-F623-4200-9D64-115E9BFD4A08";
const METADATA: &str = "8B7CA206-4790-4B9A-B8FE-575F050F886E";
const FILE_PARAMETERS: &str = "CAA16737-FA36-4D43-B3B6-33F0AA44E76B";
const VIRTUAL_DISK_SIZE: &str = "2FA54224-CD1B-4876-B211-5DBED83BF4B8";
const LOGICAL_SECTOR_SIZE: &str = "8141BF1D-A96F-4709-BA47-F233A8FAAB5F";
const MIB: u64 = 1 << 20;

/// A VHDX image.
#[derive(Debug)]
pub struct Vhdx {
    file: RawImage,
    len: u64,
    block_size: u64,
    chunk_ratio: u64,
    bat: Vec<u64>,
    log_pending: bool,
}

/// A 4 KiB or 64 KiB structure whose CRC-32C covers itself with the checksum field zeroed.
fn crc_ok(b: &[u8]) -> bool {
    let Some(stored) = foothold_core::u32_at(b, 4) else {
        return false;
    };
    let mut copy = b.to_vec();
    if let Some(field) = copy.get_mut(4..8) {
        field.fill(0);
    }
    crc32c(&copy) == stored
}

/// The file offset of byte `item` of the metadata region.
fn mt_offset(region: &Option<(u64, u64)>, item: usize) -> u64 {
    region.map_or(0, |m| m.0).saturating_add(item as u64)
}

impl Vhdx {
    pub(crate) fn open(path: &Path) -> Result<Self> {
        Self::from_image(RawImage::open(path)?)
    }

    /// Open a VHDX held in `file` (mapped or in memory).
    pub(crate) fn from_image(file: RawImage) -> Result<Self> {
        let path = file.path().to_path_buf();
        let path = path.as_path();
        let b = file.as_bytes();
        let bad = |at: u64, what: String| Error::corrupt(path, FORMAT, at, what);
        if b.get(..8) != Some(SIGNATURE.as_slice()) {
            return Err(bad(0, "no `vhdxfile` signature".into()));
        }
        // Two headers; the valid one with the higher sequence number is current.
        let mut current: Option<&[u8]> = None;
        let sequence = |h: &[u8]| foothold_core::u64_at(h, 8).unwrap_or(0);
        for at in [64 * 1024usize, 128 * 1024] {
            let Some(h) = b.get(at..at.saturating_add(4096)) else {
                continue;
            };
            if !h.starts_with(b"head") || !crc_ok(h) {
                continue;
            }
            if current.is_none_or(|c| sequence(h) > sequence(c)) {
                current = Some(h);
            }
        }
        let header = current.ok_or_else(|| bad(64 * 1024, "neither header is valid".into()))?;
        let log_pending = header
            .get(48..64)
            .is_some_and(|g| g.iter().any(|&x| x != 0));
        // Region table (and its copy).
        let regions = [192 * 1024usize, 256 * 1024]
            .iter()
            .filter_map(|&at| b.get(at..at.saturating_add(64 * 1024)))
            .find(|r| r.starts_with(b"regi") && crc_ok(r))
            .ok_or_else(|| bad(192 * 1024, "neither region table is valid".into()))?;
        let rt = Fields::new(path, FORMAT, regions, 192 * 1024);
        let count = (rt.u32(8)? as usize).min(2047);
        let mut bat_region = None;
        let mut meta_region = None;
        for i in 0..count {
            // 16 + 2047 * 32 + 32 bytes fit in the 64 KiB table.
            let at = i.saturating_mul(32).saturating_add(16);
            let id = guid(rt.bytes(at, 16)?);
            let (off, len) = (
                rt.u64(at.saturating_add(16))?,
                u64::from(rt.u32(at.saturating_add(24))?),
            );
            match id.as_str() {
                BAT => bat_region = Some((off, len)),
                METADATA => meta_region = Some((off, len)),
                _ if rt.u32(at.saturating_add(28))? & 1 != 0 => {
                    return Err(Error::unsupported(
                        path,
                        FORMAT,
                        format!("required region {id}"),
                    ));
                }
                _ => {}
            }
        }
        let slice = |(off, len): (u64, u64), what: &str| {
            let s = usize::try_from(off).unwrap_or(usize::MAX);
            usize::try_from(len)
                .ok()
                .and_then(|l| s.checked_add(l))
                .and_then(|e| b.get(s..e))
                .ok_or_else(|| bad(off, format!("{what} region runs past the end of the file")))
        };
        let meta = slice(
            meta_region.ok_or_else(|| bad(192 * 1024, "no metadata region".into()))?,
            "metadata",
        )?;
        if !meta.starts_with(b"metadata") {
            return Err(bad(
                meta_region.map_or(0, |m| m.0),
                "no metadata table signature".into(),
            ));
        }
        let mt = Fields::new(path, FORMAT, meta, meta_region.map_or(0, |m| m.0));
        let entries = (mt.u16(10)? as usize).min(2047);
        let mut block_size = 0u64;
        let mut len = 0u64;
        let mut sector = 512u64;
        for i in 0..entries {
            let at = i.saturating_mul(32).saturating_add(32);
            let Ok(e) = mt.bytes(at, 32) else {
                break;
            };
            let item = mt.u32(at.saturating_add(16))? as usize;
            let Ok(v) = mt.bytes(item, 8) else {
                continue;
            };
            let v = Fields::new(path, FORMAT, v, mt_offset(&meta_region, item));
            match guid(e.get(..16).unwrap_or_default()).as_str() {
                FILE_PARAMETERS => {
                    block_size = u64::from(v.u32(0)?);
                    if v.u32(4)? & 2 != 0 {
                        return Err(Error::unsupported(
                            path,
                            FORMAT,
                            "a differencing disk (has a parent)",
                        ));
                    }
                }
                VIRTUAL_DISK_SIZE => len = v.u64(0)?,
                LOGICAL_SECTOR_SIZE => sector = u64::from(v.u32(0)?),
                _ => {}
            }
        }
        if !block_size.is_power_of_two() || !(MIB..=256 * MIB).contains(&block_size) {
            return Err(bad(0, format!("block size {block_size} out of range")));
        }
        if sector != 512 && sector != 4096 {
            return Err(bad(0, format!("logical sector size {sector}")));
        }
        // sector is 512 or 4096 and block_size a power of two of 1..=256 MiB: at least 16.
        let chunk_ratio = (1u64 << 23)
            .saturating_mul(sector)
            .checked_div(block_size)
            .unwrap_or(1)
            .max(1);
        let bat_raw = slice(
            bat_region.ok_or_else(|| bad(192 * 1024, "no BAT region".into()))?,
            "BAT",
        )?;
        let blocks = len.div_ceil(block_size);
        // Slot of the last payload block, plus one (a bitmap slot follows every chunk_ratio).
        let needed = match blocks.checked_sub(1) {
            None => 0,
            Some(last) => last
                .saturating_add(last.checked_div(chunk_ratio).unwrap_or(0))
                .saturating_add(1),
        };
        if (bat_raw.len() as u64 / 8) < needed {
            return Err(bad(
                bat_region.map_or(0, |r| r.0),
                format!("BAT too small for {len} bytes"),
            ));
        }
        let bat = Fields::new(path, FORMAT, bat_raw, bat_region.map_or(0, |r| r.0))
            .u64s(0, bat_raw.len() / 8)?;
        Ok(Vhdx {
            file,
            len,
            block_size,
            chunk_ratio,
            bat,
            log_pending,
        })
    }

    /// Block size in bytes.
    pub fn block_size(&self) -> u64 {
        self.block_size
    }
    /// True when the header names a log that may hold writes not yet in the blocks: reads
    /// show the blocks as they are on disk, without replaying it.
    pub fn log_pending(&self) -> bool {
        self.log_pending
    }
}

impl ReadAt for Vhdx {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        read_by_block(
            self.len,
            self.block_size,
            offset,
            buf,
            |idx, within, dest| {
                let slot = idx.saturating_add(idx.checked_div(self.chunk_ratio).unwrap_or(0));
                let e = usize::try_from(slot)
                    .ok()
                    .and_then(|s| self.bat.get(s))
                    .copied()
                    .unwrap_or(0);
                match e & 7 {
                    6 | 7 => {
                        let at = (e & !(MIB - 1)).checked_add(within).ok_or_else(|| {
                            invalid(format!("block {idx}: file offset {e:#x} overflows"))
                        })?;
                        self.file
                            .read_exact_at(at, dest)
                            .map_err(|err| invalid(format!("block {idx} at {at:#x}: {err}")))
                    }
                    // Not present, undefined, zero, unmapped: zeros on a disk with no parent.
                    _ => {
                        dest.fill(0);
                        Ok(())
                    }
                }
            },
        )
    }
    fn len(&self) -> u64 {
        self.len
    }
}
