//! Registry hives: `nt-hive` for keys and values, plus a small bounded cell reader of our
//! own for what nt-hive does not expose (key last-written times).
use crate::{Error, Result};
use foothold_fs::Timestamp;
use nt_hive::{Hive, KeyNode};

/// Deepest key path followed.
const MAX_DEPTH: usize = 64;
/// Most subkey-list entries examined in one list (bounds hostile lists).
const MAX_LIST: usize = 1 << 20;

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
    b.get(o..o + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}
fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    b.get(o..o + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

impl RegistryHive {
    /// Check the base block and keep the bytes.
    ///
    /// ```
    /// assert!(foothold_windows::RegistryHive::new(b"not a hive".to_vec()).is_err());
    /// ```
    pub fn new(bytes: Vec<u8>) -> Result<Self> {
        if bytes.get(0..4) != Some(b"regf") {
            return Err(Error::Hive {
                offset: 0,
                reason: "no regf signature".into(),
            });
        }
        Hive::without_validation(&bytes[..]).map_err(|e| Error::Hive {
            offset: 0,
            reason: e.to_string(),
        })?;
        // nt-hive asserts (panics) on a cell offset of 0xFFFFFFFF; refuse such a root here.
        let root = u32_at(&bytes, 0x24).unwrap_or(u32::MAX);
        if root == u32::MAX || 4096 + root as usize >= bytes.len() {
            return Err(Error::Hive {
                offset: 0x24,
                reason: format!("root cell offset {root:#x} is outside the hive"),
            });
        }
        Ok(RegistryHive {
            primary_sequence: u32_at(&bytes, 4).unwrap_or(0),
            secondary_sequence: u32_at(&bytes, 8).unwrap_or(0),
            bytes,
        })
    }

    /// True when the sequence numbers differ: the hive was not cleanly written back.
    pub fn is_dirty(&self) -> bool {
        self.primary_sequence != self.secondary_sequence
    }

    /// The hive for key and value access.
    pub fn hive(&self) -> Result<Hive<&[u8]>> {
        Hive::without_validation(&self.bytes[..]).map_err(|e| Error::Hive {
            offset: 0,
            reason: e.to_string(),
        })
    }

    /// The key at `path` (`\`-separated, from the root).
    pub fn key<'h>(
        &self,
        hive: &'h Hive<&'h [u8]>,
        path: &str,
    ) -> Result<Option<KeyNode<'h, &'h [u8]>>> {
        let root = hive.root_key_node().map_err(|e| Error::Hive {
            offset: 0,
            reason: e.to_string(),
        })?;
        match root.subpath(path) {
            None => Ok(None),
            Some(Ok(k)) => Ok(Some(k)),
            Some(Err(e)) => Err(Error::Hive {
                offset: 0,
                reason: e.to_string(),
            }),
        }
    }

    /// The cell data at hive-bin offset `off`, when it is an allocated cell inside the file.
    fn cell(&self, off: u32) -> Option<&[u8]> {
        let start = 4096usize.checked_add(off as usize)?;
        let size = u32_at(&self.bytes, start)? as i32;
        if size >= 0 {
            return None;
        }
        let len = size.unsigned_abs() as usize;
        self.bytes.get(start + 4..start.checked_add(len)?)
    }

    /// Child key cell offset of the key node at `nk` named `name` (case-insensitive).
    fn child(&self, nk: u32, name: &str) -> Option<u32> {
        let cell = self.cell(nk)?;
        let list = u32_at(cell, 0x1C)?;
        if list == u32::MAX {
            return None;
        }
        let mut pending = vec![(list, 0usize)];
        let mut seen = 0usize;
        while let Some((l, depth)) = pending.pop() {
            if depth > 2 {
                continue;
            }
            let c = self.cell(l)?;
            let sig = c.get(0..2)?;
            let count = usize::from(u16_at(c, 2)?);
            let stride = if sig == b"li" || sig == b"ri" { 4 } else { 8 };
            for i in 0..count {
                seen += 1;
                if seen > MAX_LIST {
                    return None;
                }
                let off = u32_at(c, 4 + i * stride)?;
                if sig == b"ri" {
                    pending.push((off, depth + 1));
                    continue;
                }
                let k = self.cell(off)?;
                if k.get(0..2) != Some(b"nk") {
                    continue;
                }
                let len = usize::from(u16_at(k, 0x48)?);
                let compressed = u16_at(k, 2)? & 0x20 != 0;
                let raw = k.get(0x4C..0x4C + len)?;
                let key_name = if compressed {
                    raw.iter().map(|b| char::from(*b)).collect::<String>()
                } else {
                    let units: Vec<u16> = raw
                        .chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                };
                if key_name.to_lowercase() == name.to_lowercase() {
                    return Some(off);
                }
            }
        }
        None
    }

    /// Last-written time of the key at `path` (nt-hive does not expose it).
    pub fn last_written(&self, path: &str) -> Option<Timestamp> {
        let mut nk = u32_at(&self.bytes, 0x24)?;
        for (i, comp) in path.split('\\').filter(|c| !c.is_empty()).enumerate() {
            if i >= MAX_DEPTH {
                return None;
            }
            nk = self.child(nk, comp)?;
        }
        let cell = self.cell(nk)?;
        let ft = u32_at(cell, 4)? as u64 | (u64::from(u32_at(cell, 8)?) << 32);
        Timestamp::from_filetime(ft)
    }
}
