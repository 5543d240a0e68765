//! Registry hives, read with a small bounded cell reader of our own.
//!
//! The design chose `nt-hive`; its fuzzing here found that it asserts (panics) on cell
//! offsets of `0xFFFFFFFF` in several places (root, value data, value lists…), which hostile
//! evidence can contain, and it does not expose key last-written times. Reading keys and
//! values needs only a few cell types (`nk`, `lf`/`lh`/`li`/`ri`, `vk`, `db`), so they are
//! read here, every offset and length checked against the hive.
use crate::{Error, Result};
use foothold_fs::Timestamp;

/// Deepest key path followed.
const MAX_DEPTH: usize = 64;
/// Most subkeys or values read from one key (bounds hostile lists).
const MAX_LIST: usize = 1 << 20;
/// Largest value data assembled (big-data values are split in 16 KiB segments).
const MAX_VALUE: usize = 64 << 20;
/// Where cell offsets count from: the first hive bin, after the 4 KiB base block.
const BINS: usize = 4096;

/// A key in a [`RegistryHive`] (the offset of its `nk` cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyRef(u32);

/// A value: name, registry type (`1` REG_SZ, `3` REG_BINARY, `4` REG_DWORD…) and raw data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegValue {
    /// Value name (empty for the default value).
    pub name: String,
    /// Registry data type.
    pub kind: u32,
    /// Raw data.
    pub data: Vec<u8>,
}

impl RegValue {
    /// REG_SZ / REG_EXPAND_SZ data as text (UTF-16LE, up to the first NUL).
    pub fn as_string(&self) -> Option<String> {
        if self.kind != 1 && self.kind != 2 {
            return None;
        }
        let units: Vec<u16> = self
            .data
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .take_while(|u| *u != 0)
            .collect();
        Some(String::from_utf16_lossy(&units))
    }

    /// REG_DWORD data.
    pub fn as_dword(&self) -> Option<u32> {
        (self.kind == 4).then(|| u32_at(&self.data, 0)).flatten()
    }
}

/// A hive loaded into memory, with what its base block says about its state.
#[derive(Debug, Clone)]
pub struct RegistryHive {
    bytes: Vec<u8>,
    /// Primary sequence number.
    pub primary_sequence: u32,
    /// Secondary sequence number.
    pub secondary_sequence: u32,
}

fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    b.get(o..o.checked_add(4)?)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    b.get(o..o.checked_add(2)?)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
}

/// A key or value name: Latin-1 when `ascii`, else UTF-16LE.
fn name(raw: &[u8], ascii: bool) -> String {
    if ascii {
        raw.iter().map(|b| char::from(*b)).collect()
    } else {
        let units: Vec<u16> = raw
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    }
}

impl RegistryHive {
    /// Check the base block and the root key, and keep the bytes.
    ///
    /// ```
    /// assert!(foothold_windows::RegistryHive::new(b"not a hive".to_vec()).is_err());
    /// ```
    pub fn new(bytes: Vec<u8>) -> Result<Self> {
        if bytes.get(0..4) != Some(b"regf") || bytes.len() < BINS + 32 {
            return Err(Error::Hive {
                offset: 0,
                reason: "no regf base block".into(),
            });
        }
        let hive = RegistryHive {
            primary_sequence: u32_at(&bytes, 4).unwrap_or(0),
            secondary_sequence: u32_at(&bytes, 8).unwrap_or(0),
            bytes,
        };
        hive.root()?;
        Ok(hive)
    }

    /// True when the sequence numbers differ: the hive was not cleanly written back.
    pub fn is_dirty(&self) -> bool {
        self.primary_sequence != self.secondary_sequence
    }

    /// The allocated cell at `off`: its data after the size field.
    fn cell(&self, off: u32) -> Option<&[u8]> {
        let start = BINS.checked_add(off as usize)?;
        let size = u32_at(&self.bytes, start)? as i32;
        if size >= 0 {
            return None;
        }
        let end = start.checked_add(size.unsigned_abs() as usize)?;
        self.bytes.get(start + 4..end)
    }

    fn nk(&self, k: KeyRef) -> Option<&[u8]> {
        self.cell(k.0).filter(|c| c.get(0..2) == Some(b"nk"))
    }

    /// The root key.
    pub fn root(&self) -> Result<KeyRef> {
        let off = u32_at(&self.bytes, 0x24).unwrap_or(u32::MAX);
        let k = KeyRef(off);
        self.nk(k).map(|_| k).ok_or_else(|| Error::Hive {
            offset: 0x24,
            reason: format!("root cell offset {off:#x} is not a key node"),
        })
    }

    /// A key's name.
    pub fn key_name(&self, k: KeyRef) -> Option<String> {
        let c = self.nk(k)?;
        let len = usize::from(u16_at(c, 0x48)?);
        Some(name(c.get(0x4C..0x4C + len)?, u16_at(c, 2)? & 0x20 != 0))
    }

    /// A key's last-written time.
    pub fn key_last_written(&self, k: KeyRef) -> Option<Timestamp> {
        let c = self.nk(k)?;
        let ft = u64::from(u32_at(c, 4)?) | (u64::from(u32_at(c, 8)?) << 32);
        Timestamp::from_filetime(ft)
    }

    /// The subkeys of `k` (fast leaf, hash leaf, index leaf and index root lists).
    pub fn subkeys(&self, k: KeyRef) -> Vec<KeyRef> {
        let mut out = Vec::new();
        let Some(list) = self.nk(k).and_then(|c| u32_at(c, 0x1C)) else {
            return out;
        };
        let mut pending = vec![(list, 0usize)];
        while let Some((l, depth)) = pending.pop() {
            let Some(c) = self.cell(l) else { continue };
            let Some(count) = u16_at(c, 2).map(usize::from) else {
                continue;
            };
            let (stride, indirect) = match c.get(0..2) {
                Some(b"lf" | b"lh") => (8, false),
                Some(b"li") => (4, false),
                Some(b"ri") if depth < 2 => (4, true),
                _ => continue,
            };
            for i in 0..count {
                if out.len() >= MAX_LIST {
                    return out;
                }
                let Some(off) = u32_at(c, 4 + i * stride) else {
                    break;
                };
                if indirect {
                    pending.push((off, depth + 1));
                } else if self.nk(KeyRef(off)).is_some() {
                    out.push(KeyRef(off));
                }
            }
        }
        out
    }

    /// The subkey of `k` named `child` (case-insensitive, as Windows compares).
    pub fn subkey(&self, k: KeyRef, child: &str) -> Option<KeyRef> {
        let want = child.to_lowercase();
        self.subkeys(k)
            .into_iter()
            .find(|s| self.key_name(*s).is_some_and(|n| n.to_lowercase() == want))
    }

    /// The key at `path` (`\`-separated, from the root).
    pub fn key(&self, path: &str) -> Option<KeyRef> {
        let mut k = self.root().ok()?;
        for (i, comp) in path.split('\\').filter(|c| !c.is_empty()).enumerate() {
            if i >= MAX_DEPTH {
                return None;
            }
            k = self.subkey(k, comp)?;
        }
        Some(k)
    }

    /// Last-written time of the key at `path`.
    pub fn last_written(&self, path: &str) -> Option<Timestamp> {
        self.key(path).and_then(|k| self.key_last_written(k))
    }

    /// The values of `k`; values whose cells are damaged are skipped.
    pub fn values(&self, k: KeyRef) -> Vec<RegValue> {
        let Some(c) = self.nk(k) else {
            return Vec::new();
        };
        let count = (u32_at(c, 0x24).unwrap_or(0) as usize).min(MAX_LIST);
        let Some(list) = u32_at(c, 0x28).and_then(|l| self.cell(l)) else {
            return Vec::new();
        };
        (0..count)
            .filter_map(|i| u32_at(list, i * 4))
            .filter_map(|off| self.value_at(off))
            .collect()
    }

    /// The value of `k` named `value` (case-insensitive).
    pub fn value(&self, k: KeyRef, value: &str) -> Option<RegValue> {
        let want = value.to_lowercase();
        self.values(k)
            .into_iter()
            .find(|v| v.name.to_lowercase() == want)
    }

    fn value_at(&self, off: u32) -> Option<RegValue> {
        let vk = self.cell(off).filter(|c| c.get(0..2) == Some(b"vk"))?;
        let name_len = usize::from(u16_at(vk, 2)?);
        let size_raw = u32_at(vk, 4)?;
        let data_off = u32_at(vk, 8)?;
        let kind = u32_at(vk, 0x0C)?;
        let ascii = u16_at(vk, 0x10)? & 1 != 0;
        let name = name(vk.get(0x14..0x14 + name_len)?, ascii);
        let size = (size_raw & 0x7FFF_FFFF) as usize;
        let data = if size_raw & 0x8000_0000 != 0 {
            // Resident: up to 4 bytes in the offset field itself.
            data_off.to_le_bytes().get(..size.min(4))?.to_vec()
        } else if size > MAX_VALUE {
            return None;
        } else {
            let cell = self.cell(data_off)?;
            if cell.get(0..2) == Some(b"db") && size > cell.len() {
                self.big_data(cell, size)?
            } else {
                cell.get(..size)?.to_vec()
            }
        };
        Some(RegValue { name, kind, data })
    }

    /// Data split over `db` segments.
    fn big_data(&self, db: &[u8], size: usize) -> Option<Vec<u8>> {
        let count = usize::from(u16_at(db, 2)?);
        let list = self.cell(u32_at(db, 4)?)?;
        let mut out = Vec::with_capacity(size.min(MAX_VALUE));
        for i in 0..count {
            let seg = self.cell(u32_at(list, i * 4)?)?;
            let take = (size - out.len()).min(seg.len()).min(16344);
            out.extend_from_slice(&seg[..take]);
            if out.len() >= size {
                break;
            }
        }
        (out.len() == size).then_some(out)
    }
}
