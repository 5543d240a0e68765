use super::superblock::crc32c_raw;
use crate::bytes::{u16_at, u32_at, u8_at};
use crate::{EntryKind, Timestamp, Timestamps};

pub(crate) const FLAG_EXTENTS: u32 = 0x8_0000;
pub(crate) const FLAG_INLINE_DATA: u32 = 0x1000_0000;

/// A decoded inode.
#[derive(Debug, Clone)]
pub(crate) struct Inode {
    pub mode: u16,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub links: u16,
    pub flags: u32,
    pub blocks_lo: u32,
    pub block: [u8; 60],
    pub times: Timestamps,
    /// The whole on-disk inode (for in-inode extended attributes).
    pub raw: Vec<u8>,
    pub extra_isize: usize,
    /// The inode's metadata checksum holds (always true without metadata checksums).
    pub checksum_ok: bool,
    /// Byte offset of the inode in the volume (set by the reader; 0 when parsed alone).
    pub at: u64,
}

impl Inode {
    pub(crate) fn kind(&self) -> EntryKind {
        match self.mode & 0xF000 {
            0x4000 => EntryKind::Dir,
            0x8000 => EntryKind::File,
            0xA000 => EntryKind::Symlink,
            _ => EntryKind::Other,
        }
    }

    /// The value of in-inode extended attribute `index`/`name` (e.g. 7/"data" = system.data).
    pub(crate) fn xattr(&self, index: u8, name: &[u8]) -> Option<Vec<u8>> {
        let start = self.extra_isize.checked_add(128)?;
        if u32_at(&self.raw, start)? != 0xEA02_0000 {
            return None;
        }
        let base = start.checked_add(4)?;
        let mut pos = base;
        while pos.checked_add(16)? <= self.raw.len() {
            let name_len = usize::from(u8_at(&self.raw, pos)?);
            let name_index = u8_at(&self.raw, pos.checked_add(1)?)?;
            if name_len == 0 && name_index == 0 && u32_at(&self.raw, pos)? == 0 {
                break;
            }
            let value_off = usize::from(u16_at(&self.raw, pos.checked_add(2)?)?);
            let value_size = usize::try_from(u32_at(&self.raw, pos.checked_add(8)?)?).ok()?;
            let name_at = pos.checked_add(16)?;
            let n = self.raw.get(name_at..name_at.checked_add(name_len)?)?;
            if name_index == index && n == name {
                let v = base.checked_add(value_off)?;
                return self
                    .raw
                    .get(v..v.checked_add(value_size)?)
                    .map(<[u8]>::to_vec);
            }
            // Entries are 16 bytes and the name, rounded up to 4.
            pos = pos.checked_add(name_len.checked_add(19)? & !3)?;
        }
        None
    }
}

fn time(raw: &[u8], lo: usize, extra: Option<usize>) -> Option<Timestamp> {
    let secs = i64::from(u32_at(raw, lo)? as i32);
    // The extra field: two epoch bits (each 2^32 seconds) and the nanoseconds above them.
    let (epoch, nanos) = match extra.and_then(|o| u32_at(raw, o)) {
        Some(x) => (i64::from(x & 3).wrapping_shl(32), x.wrapping_shr(2)),
        None => (0, 0),
    };
    if secs == 0 && nanos == 0 && epoch == 0 {
        return None;
    }
    Some(Timestamp::from_unix(secs.saturating_add(epoch), nanos))
}

/// Decode inode `ino` from its on-disk bytes; also returns whether its checksum holds.
pub(crate) fn parse_inode(raw: &[u8], ino: u32, csum_seed: Option<u32>) -> (Inode, bool) {
    let g16 = |o| u16_at(raw, o).unwrap_or(0);
    let g32 = |o| u32_at(raw, o).unwrap_or(0);
    let extra_isize = usize::from(g16(0x80)).min(raw.len().saturating_sub(128));
    let has = |field_end: usize| extra_isize.saturating_add(128) >= field_end;
    let mut block = [0u8; 60];
    if let Some(b) = raw.get(0x28..0x64) {
        block.copy_from_slice(b);
    }
    let times = Timestamps {
        accessed: time(raw, 0x08, has(0x90).then_some(0x8C)),
        changed: time(raw, 0x0C, has(0x88).then_some(0x84)),
        modified: time(raw, 0x10, has(0x8C).then_some(0x88)),
        deleted_time: time(raw, 0x14, None),
        created: if has(0x94) {
            time(raw, 0x90, has(0x98).then_some(0x94))
        } else {
            None
        },
        ..Default::default()
    };
    // Never-used inodes (mode and links zero) carry no valid checksum: only check used ones.
    let in_use = g16(0) != 0 || g16(0x1A) != 0;
    let checksum_ok = match csum_seed {
        None => true,
        Some(_) if !in_use => true,
        Some(seed) => {
            let mut copy = raw.to_vec();
            let hi = has(0x84);
            for (field, zero) in [(0x7C..0x7E, true), (0x82..0x84, hi)] {
                if let Some(f) = copy.get_mut(field).filter(|_| zero) {
                    f.fill(0);
                }
            }
            let gen = g32(0x64);
            let mut c = crc32c_raw(seed, &ino.to_le_bytes());
            c = crc32c_raw(c, &gen.to_le_bytes());
            c = crc32c_raw(c, &copy);
            let stored = u32::from(g16(0x7C)) | if hi { u32::from(g16(0x82)) << 16 } else { 0 };
            if hi {
                c == stored
            } else {
                c & 0xFFFF == stored
            }
        }
    };
    (
        Inode {
            at: 0,
            mode: g16(0),
            uid: u32::from(g16(2)) | u32::from(g16(0x78)) << 16,
            gid: u32::from(g16(0x18)) | u32::from(g16(0x7A)) << 16,
            size: u64::from(g32(4)) | u64::from(g32(0x6C)) << 32,
            links: g16(0x1A),
            flags: g32(0x20),
            blocks_lo: g32(0x1C),
            block,
            times,
            raw: raw.to_vec(),
            extra_isize,
            checksum_ok,
        },
        checksum_ok,
    )
}
