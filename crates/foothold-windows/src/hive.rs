//! Registry hives, read with a small bounded cell reader of our own.
//!
//! The design chose `nt-hive`; its fuzzing here found that it asserts (panics) on cell
//! offsets of `0xFFFFFFFF` in several places (root, value data, value lists…), which hostile
//! evidence can contain, and it does not expose key last-written times. Reading keys and
//! values needs only a few cell types (`nk`, `lf`/`lh`/`li`/`ri`, `vk`, `db`), so they are
//! read here, every offset and length checked against the hive.
use crate::{Error, Result};
use foothold_core::{u16_at, u32_at, Timestamp};

/// Deepest key path followed.
const MAX_DEPTH: usize = 64;
/// Most subkeys or values read from one key (bounds hostile lists).
const MAX_LIST: usize = 1 << 20;
/// Largest value data assembled (big-data values are split in 16 KiB segments).
const MAX_VALUE: usize = 64 << 20;
/// Where cell offsets count from: the first hive bin, after the 4 KiB base block.
const BINS: usize = 4096;

/// A key in a [`RegistryHive`] (the offset of its `nk` cell), and whether it is a deleted key
/// found in unallocated space ([`RegistryHive::deleted_keys`]), whose cells are read from
/// unallocated space too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyRef(u32, bool);

impl KeyRef {
    /// Whether the key was found in unallocated space.
    pub fn is_deleted(&self) -> bool {
        self.1
    }
    /// The offset of its `nk` cell (from the first hive bin).
    pub fn offset(&self) -> u32 {
        self.0
    }
}

/// A deleted key found in a hive's unallocated cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletedKey {
    /// The key.
    pub key: KeyRef,
    /// Its path below the root (`1\2\3`), from its and its parents' `nk` records; when the
    /// chain of parents breaks (a parent's cell reused), the names that remain, after `?\`.
    pub path: String,
    /// Whether the chain of parents reaches the root.
    pub complete: bool,
}

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
            .filter_map(|c| u16_at(c, 0))
            .take_while(|u| *u != 0)
            .collect();
        Some(String::from_utf16_lossy(&units))
    }

    /// REG_DWORD data.
    pub fn as_dword(&self) -> Option<u32> {
        (self.kind == 4).then(|| u32_at(&self.data, 0)).flatten()
    }
}

/// Most deleted keys reported from one hive.
const MAX_DELETED_KEYS: usize = 100_000;

/// Most damage notes kept for one hive.
const MAX_PROBLEMS: usize = 1000;

/// A hive loaded into memory, with what its base block says about its state.
///
/// Reads never fail on a damaged cell: what cannot be read is skipped and noted, and
/// [`RegistryHive::problems`] says what was skipped (key, cell offset, why), so a caller can
/// report it next to what it found.
#[derive(Debug)]
pub struct RegistryHive {
    bytes: Vec<u8>,
    /// Primary sequence number.
    pub primary_sequence: u32,
    /// Secondary sequence number.
    pub secondary_sequence: u32,
    problems: std::sync::Mutex<Vec<String>>,
}

impl Clone for RegistryHive {
    fn clone(&self) -> Self {
        RegistryHive {
            bytes: self.bytes.clone(),
            primary_sequence: self.primary_sequence,
            secondary_sequence: self.secondary_sequence,
            problems: std::sync::Mutex::new(self.problems()),
        }
    }
}

/// The `lh` list hash of a key name: over its upper-cased UTF-16 code units, `h * 37 + c`.
/// Windows upper-cases code unit by code unit, so a character outside the BMP (a surrogate
/// pair) is hashed as it is (nt-hive's test hive has one, made by Windows).
fn name_hash(name: &str) -> u32 {
    name.chars()
        .flat_map(|c| {
            let mut u = c.to_uppercase();
            let up = match (u.next(), u.next()) {
                (Some(x), None) if u32::from(c) <= 0xFFFF && u32::from(x) <= 0xFFFF => x,
                _ => c, // no one-to-one BMP upper case: Windows keeps the character
            };
            let mut buf = [0u16; 2];
            up.encode_utf16(&mut buf).to_vec()
        })
        .fold(0u32, |h, c| h.wrapping_mul(37).wrapping_add(u32::from(c)))
}

/// The `lf` list hint of a key name: its first four characters as bytes (zero-padded), when
/// they are all Latin-1 (what the hint can hold).
fn lf_hint(name: &str) -> Option<u32> {
    let mut b = [0u8; 4];
    for (slot, c) in b.iter_mut().zip(name.chars()) {
        *slot = u8::try_from(u32::from(c)).ok()?;
    }
    Some(u32::from_le_bytes(b))
}

/// A key or value name: Latin-1 when `ascii`, else UTF-16LE.
fn name(raw: &[u8], ascii: bool) -> String {
    if ascii {
        raw.iter().map(|b| char::from(*b)).collect()
    } else {
        let units: Vec<u16> = raw.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
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
            problems: std::sync::Mutex::new(Vec::new()),
        };
        hive.root()?;
        Ok(hive)
    }

    /// What the reads so far had to skip (damaged cells), once each, in the order met.
    pub fn problems(&self) -> Vec<String> {
        self.problems.lock().map(|p| p.clone()).unwrap_or_default()
    }

    fn note(&self, what: impl FnOnce() -> String) {
        if let Ok(mut p) = self.problems.lock() {
            if p.len() < MAX_PROBLEMS {
                let m = what();
                if !p.contains(&m) {
                    p.push(m);
                }
            }
        }
    }

    /// `key 'NAME' (nk at 0x…)`, for notes.
    fn describe(&self, k: KeyRef) -> String {
        let n = self.nk(k).and_then(|c| {
            let len = usize::from(u16_at(c, 0x48)?);
            Some(name(c.get(0x4C..0x4C + len)?, u16_at(c, 2)? & 0x20 != 0))
        });
        format!(
            "key '{}' (nk at {:#x})",
            n.unwrap_or_else(|| "?".into()),
            k.0
        )
    }

    /// The base block's last-written time (offset 12): when Windows last wrote the hive
    /// file's header.
    pub fn header_written(&self) -> Option<Timestamp> {
        foothold_core::u64_at(&self.bytes, 12).and_then(Timestamp::from_filetime)
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
        self.bytes.get(start.checked_add(4)?..end)
    }

    /// A cell: allocated, or — for what a deleted key refers to — unallocated (a positive
    /// size); a deleted key's cell that is allocated again belongs to something else.
    fn cell_for(&self, off: u32, deleted: bool) -> Option<&[u8]> {
        if !deleted {
            return self.cell(off);
        }
        let start = BINS.checked_add(off as usize)?;
        let size = u32_at(&self.bytes, start)? as i32;
        if size <= 0 {
            return None;
        }
        let end = start.checked_add(size as usize)?.min(self.bytes.len());
        self.bytes.get(start.checked_add(4)?..end)
    }

    fn nk(&self, k: KeyRef) -> Option<&[u8]> {
        let c = self
            .cell_for(k.0, k.1)
            .filter(|c| c.get(0..2) == Some(b"nk"))?;
        if c.len() < 0x4C {
            // A key node's fixed part is 0x4C bytes: a smaller cell was damaged.
            if k.1 {
                return None;
            }
            self.note(|| {
                format!(
                    "key node at {:#x} is {} bytes, shorter than a key node's fixed part",
                    k.0,
                    c.len()
                )
            });
            return None;
        }
        Some(c)
    }

    /// The root key.
    pub fn root(&self) -> Result<KeyRef> {
        let off = u32_at(&self.bytes, 0x24).unwrap_or(u32::MAX);
        let k = KeyRef(off, false);
        self.nk(k).map(|_| k).ok_or_else(|| Error::Hive {
            offset: 0x24,
            reason: format!("root cell offset {off:#x} is not a key node"),
        })
    }

    /// A key's name.
    ///
    /// `None` (and a note) when the name does not fit in its cell.
    pub fn key_name(&self, k: KeyRef) -> Option<String> {
        let c = self.nk(k)?;
        let len = usize::from(u16_at(c, 0x48)?);
        let Some(raw) = c.get(0x4C..0x4C + len) else {
            if k.1 {
                return None;
            }
            self.note(|| {
                format!(
                    "key at {:#x}: name length {len} runs past its {}-byte cell",
                    k.0,
                    c.len()
                )
            });
            return None;
        };
        Some(name(raw, u16_at(c, 2)? & 0x20 != 0))
    }

    /// A key's last-written time.
    pub fn key_last_written(&self, k: KeyRef) -> Option<Timestamp> {
        let c = self.nk(k)?;
        let ft = u64::from(u32_at(c, 4)?) | (u64::from(u32_at(c, 8)?) << 32);
        Timestamp::from_filetime(ft)
    }

    /// The subkeys of `k` (fast leaf, hash leaf, index leaf and index root lists). Damaged
    /// list or key cells are skipped and noted (see [`RegistryHive::problems`]), and so is a
    /// list that holds fewer keys than the key's own subkey count. Each subkey is given once:
    /// a list that names one cell several times, or the key itself, is damage (or a trap: a
    /// key listing itself a thousand times makes any walk of the tree exponential), noted.
    pub fn subkeys(&self, k: KeyRef) -> Vec<KeyRef> {
        let mut out = Vec::new();
        let mut listed = std::collections::HashSet::new();
        let (mut repeated, mut itself) = (0usize, false);
        // A deleted key's lists are read from unallocated space, where damage is expected:
        // it is not noted as the hive's.
        let note = |what: &dyn Fn() -> String| {
            if !k.1 {
                self.note(what)
            }
        };
        let Some(nk) = self.nk(k) else {
            return out;
        };
        let expected = u32_at(nk, 0x14).unwrap_or(0) as usize;
        let Some(list) = u32_at(nk, 0x1C) else {
            return out;
        };
        if list == u32::MAX {
            if expected > 0 {
                note(&|| {
                    format!(
                        "{} counts {expected} subkeys but has no subkey list",
                        self.describe(k)
                    )
                });
            }
            return out;
        }
        let mut pending = vec![(list, 0usize)];
        while let Some((l, depth)) = pending.pop() {
            let Some(c) = self.cell_for(l, k.1) else {
                note(&|| {
                    format!(
                        "{}: subkey list at {l:#x} is not an allocated cell",
                        self.describe(k)
                    )
                });
                continue;
            };
            let Some(count) = u16_at(c, 2).map(usize::from) else {
                continue;
            };
            let (stride, indirect) = match c.get(0..2) {
                Some(b"lf" | b"lh") => (8, false),
                Some(b"li") => (4, false),
                Some(b"ri") if depth < 2 => (4, true),
                sig => {
                    note(&|| {
                        format!(
                            "{}: subkey list at {l:#x} has signature {:?}, not lf/lh/li/ri",
                            self.describe(k),
                            sig.map(String::from_utf8_lossy)
                        )
                    });
                    continue;
                }
            };
            for i in 0..count {
                if out.len() >= MAX_LIST {
                    return out;
                }
                // Entry i of the list: after the 4-byte header, `stride` bytes each.
                let at = i.checked_mul(stride).and_then(|x| x.checked_add(4));
                let Some(off) = at.and_then(|at| u32_at(c, at)) else {
                    note(&|| {
                        format!(
                            "{}: subkey list at {l:#x} is shorter than its count {count}",
                            self.describe(k)
                        )
                    });
                    break;
                };
                if indirect {
                    pending.push((off, depth.saturating_add(1)));
                } else if off == k.0 {
                    itself = true;
                } else if !listed.insert(off) {
                    repeated = repeated.saturating_add(1);
                } else if self.nk(KeyRef(off, k.1)).is_some() {
                    // `lh` lists keep a hash of each name, `lf` its first four characters:
                    // a name that no longer matches was damaged (or the list was).
                    let child = KeyRef(off, k.1);
                    let stored = i
                        .checked_mul(8)
                        .and_then(|x| x.checked_add(8))
                        .and_then(|at| u32_at(c, at));
                    let kind = c.get(0..2);
                    if let (Some(stored), Some(n)) = (stored, self.key_name(child)) {
                        let ok = match kind {
                            Some(b"lh") => name_hash(&n) == stored,
                            Some(b"lf") => lf_hint(&n).is_none_or(|h| h == stored),
                            _ => true,
                        };
                        if !ok {
                            note(&|| {
                                format!(
                                    "{}: subkey {i} at {off:#x} is named '{n}', which does not match the name hash {stored:#010x} in the list at {l:#x} (a damaged name or list)",
                                    self.describe(k)
                                )
                            });
                        }
                    }
                    out.push(child);
                } else {
                    note(&|| {
                        format!(
                            "{}: subkey {i} at {off:#x} is not a key node",
                            self.describe(k)
                        )
                    });
                }
            }
        }
        if itself {
            note(&|| format!("{}: lists itself as its own subkey", self.describe(k)));
        }
        if repeated > 0 {
            note(&|| {
                format!(
                    "{}: its subkey lists name {repeated} subkeys more than once (each is read once)",
                    self.describe(k)
                )
            });
        }
        if out.len() < expected && !itself && repeated == 0 {
            note(&|| {
                format!(
                    "{}: {} of its {expected} subkeys could be read",
                    self.describe(k),
                    out.len()
                )
            });
        }
        out
    }

    /// Deleted keys: key nodes (`nk`) left in unallocated cells (at any 8-byte boundary of
    /// a free cell, as freed cells merge), each with its path from the parents it still
    /// names (allocated or deleted). Their values and subkeys are read through the same
    /// calls ([`RegistryHive::values`]…) from unallocated cells only: a cell allocated again
    /// belongs to something else. Bins that do not parse end the search of that bin.
    ///
    /// ```
    /// // A hive with no free cells has no deleted keys.
    /// # let hive = None::<foothold_windows::RegistryHive>;
    /// # if let Some(h) = hive { assert!(h.deleted_keys().is_empty()); }
    /// ```
    pub fn deleted_keys(&self) -> Vec<DeletedKey> {
        let b = &self.bytes;
        let mut found = Vec::new();
        // Every offset below stays inside `b` (each step is checked against its end), so the
        // saturating additions never saturate.
        let mut bin = BINS;
        while bin.saturating_add(32) <= b.len() && found.len() < MAX_DELETED_KEYS {
            if b.get(bin..bin.saturating_add(4)) != Some(b"hbin") {
                break;
            }
            let size = u32_at(b, bin.saturating_add(8)).unwrap_or(0) as usize;
            if size < 4096 || size & 4095 != 0 {
                break;
            }
            let end = bin.saturating_add(size).min(b.len());
            let mut cell = bin.saturating_add(32);
            while cell.saturating_add(8) <= end {
                let sz = u32_at(b, cell).unwrap_or(0) as i32;
                let len = sz.unsigned_abs() as usize;
                let cell_end = cell.saturating_add(len);
                if len < 8 || len & 7 != 0 || cell_end > end {
                    break;
                }
                if sz > 0 {
                    // A free cell may hold a deleted key anywhere at an 8-byte step.
                    let mut p = cell;
                    while p.saturating_add(4 + 0x4C) <= cell_end && found.len() < MAX_DELETED_KEYS {
                        let at = p.saturating_add(4);
                        if b.get(at..at.saturating_add(2)) == Some(b"nk") {
                            let k = KeyRef(p.saturating_sub(BINS) as u32, true);
                            if self.key_name(k).is_some_and(|n| !n.is_empty()) {
                                found.push(k);
                            }
                        }
                        p = p.saturating_add(8);
                    }
                }
                cell = cell_end;
            }
            bin = bin.saturating_add(size);
        }
        found
            .into_iter()
            .map(|key| {
                let (path, complete) = self.path_of_deleted(key);
                DeletedKey {
                    key,
                    path,
                    complete,
                }
            })
            .collect()
    }

    /// The path of a deleted key from the parents its `nk` names (allocated, else deleted).
    fn path_of_deleted(&self, k: KeyRef) -> (String, bool) {
        let root = self.root().ok();
        let mut names = vec![self.key_name(k).unwrap_or_default()];
        let mut seen = std::collections::HashSet::from([k.0]);
        let mut parent = self.nk(k).and_then(|c| u32_at(c, 0x10));
        let mut complete = false;
        while let Some(off) = parent {
            if names.len() > MAX_DEPTH || !seen.insert(off) {
                break;
            }
            if root.is_some_and(|r| r.0 == off) {
                complete = true;
                break;
            }
            let Some(p) = [KeyRef(off, false), KeyRef(off, true)]
                .into_iter()
                .find(|p| self.nk(*p).is_some())
            else {
                break;
            };
            names.push(self.key_name(p).unwrap_or_default());
            parent = self.nk(p).and_then(|c| u32_at(c, 0x10));
        }
        names.reverse();
        let path = names.join("\\");
        if complete {
            (path, true)
        } else {
            (format!("?\\{path}"), false)
        }
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

    /// A SYSTEM hive's current control set number (`Select\Current`).
    pub fn current_control_set(&self) -> Option<u32> {
        self.key("Select")
            .and_then(|s| self.value(s, "Current"))
            .and_then(|v| v.as_dword())
    }

    /// Last-written time of the key at `path`.
    pub fn last_written(&self, path: &str) -> Option<Timestamp> {
        self.key(path).and_then(|k| self.key_last_written(k))
    }

    /// The values of `k`; values whose cells are damaged are skipped.
    pub fn values(&self, k: KeyRef) -> Vec<RegValue> {
        let note = |what: &dyn Fn() -> String| {
            if !k.1 {
                self.note(what)
            }
        };
        let Some(c) = self.nk(k) else {
            return Vec::new();
        };
        let count = (u32_at(c, 0x24).unwrap_or(0) as usize).min(MAX_LIST);
        if count == 0 {
            return Vec::new();
        }
        let at = u32_at(c, 0x28).unwrap_or(u32::MAX);
        let Some(list) = self.cell_for(at, k.1) else {
            note(&|| {
                format!(
                    "{}: value list at {at:#x} ({count} values) is not an allocated cell",
                    self.describe(k)
                )
            });
            return Vec::new();
        };
        let mut out = Vec::with_capacity(count.min(4096));
        // All of one key's values together hold at most MAX_VALUE bytes of data: big-data
        // segments can be aliased (every value naming the same 16 KiB cells), so a 40 KiB
        // hive could otherwise ask for many times the memory of the machine.
        let mut budget = MAX_VALUE;
        for i in 0..count {
            let Some(off) = i.checked_mul(4).and_then(|at| u32_at(list, at)) else {
                note(&|| {
                    format!(
                        "{}: value list at {at:#x} is shorter than its count {count}",
                        self.describe(k)
                    )
                });
                break;
            };
            let size = self.value_size(off, k.1).unwrap_or(0);
            if size > budget {
                note(&|| {
                    format!(
                        "{}: its values hold more than {MAX_VALUE} bytes of data; value {i} and those after it are not read",
                        self.describe(k)
                    )
                });
                break;
            }
            match self.value_at(off, k.1) {
                Some(v) => {
                    budget = budget.saturating_sub(v.data.len());
                    out.push(v);
                }
                None => note(&|| {
                    format!(
                        "{}: value {i} at {off:#x} is damaged (cell, name or data)",
                        self.describe(k)
                    )
                }),
            }
        }
        out
    }

    /// The value of `k` named `value` (case-insensitive): only that value's data is read.
    pub fn value(&self, k: KeyRef, value: &str) -> Option<RegValue> {
        let want = value.to_lowercase();
        let c = self.nk(k)?;
        let count = (u32_at(c, 0x24).unwrap_or(0) as usize).min(MAX_LIST);
        let list = self.cell_for(u32_at(c, 0x28)?, k.1)?;
        (0..count)
            .map_while(|i| u32_at(list, i.checked_mul(4)?))
            .find(|&off| {
                self.value_name(off, k.1)
                    .is_some_and(|n| n.to_lowercase() == want)
            })
            .and_then(|off| self.value_at(off, k.1))
    }

    /// The name of the value cell at `off`, without its data.
    fn value_name(&self, off: u32, deleted: bool) -> Option<String> {
        let vk = self
            .cell_for(off, deleted)
            .filter(|c| c.get(0..2) == Some(b"vk"))?;
        let name_len = usize::from(u16_at(vk, 2)?);
        let ascii = u16_at(vk, 0x10)? & 1 != 0;
        Some(name(vk.get(0x14..0x14 + name_len)?, ascii))
    }

    /// The data size the value cell at `off` declares (0 for resident data).
    fn value_size(&self, off: u32, deleted: bool) -> Option<usize> {
        let vk = self
            .cell_for(off, deleted)
            .filter(|c| c.get(0..2) == Some(b"vk"))?;
        let size_raw = u32_at(vk, 4)?;
        Some(if size_raw & 0x8000_0000 != 0 {
            0
        } else {
            (size_raw & 0x7FFF_FFFF) as usize
        })
    }

    fn value_at(&self, off: u32, deleted: bool) -> Option<RegValue> {
        let vk = self
            .cell_for(off, deleted)
            .filter(|c| c.get(0..2) == Some(b"vk"))?;
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
            let cell = self.cell_for(data_off, deleted)?;
            if cell.get(0..2) == Some(b"db") && size > cell.len() {
                self.big_data(cell, size, deleted)?
            } else {
                cell.get(..size)?.to_vec()
            }
        };
        Some(RegValue { name, kind, data })
    }

    /// Data split over `db` segments.
    fn big_data(&self, db: &[u8], size: usize, deleted: bool) -> Option<Vec<u8>> {
        let count = usize::from(u16_at(db, 2)?);
        let list = self.cell_for(u32_at(db, 4)?, deleted)?;
        let mut out = Vec::with_capacity(size.min(MAX_VALUE));
        for i in 0..count {
            let seg = self.cell_for(u32_at(list, i.checked_mul(4)?)?, deleted)?;
            // A segment holds at most 16,344 bytes of the value.
            let take = size.saturating_sub(out.len()).min(seg.len()).min(16344);
            out.extend_from_slice(seg.get(..take)?);
            if out.len() >= size {
                break;
            }
        }
        (out.len() == size).then_some(out)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::name_hash;

    #[test]
    fn name_hash_upper_cases_code_units_and_leaves_surrogate_pairs_alone() {
        // "Run": R=0x52, U=0x55, N=0x4e.
        assert_eq!(name_hash("run"), (0x52 * 37 + 0x55) * 37 + 0x4e);
        // U+10438 is the surrogate pair D801 DC38: Windows does not upper-case it (to
        // U+10410), as the `lh` hash of nt-hive's Windows-made test hive shows (0x0020145d).
        assert_eq!(name_hash("\u{10438}"), 0x0020145d);
    }
}
