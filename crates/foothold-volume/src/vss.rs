//! Volume Shadow Copies (VSS, "Microsoft Software Shadow Copy provider 1.0") of an NTFS
//! volume, read offline: the catalog of stores, each store's header, block list and
//! bitmaps, and the volume as it was when each snapshot was taken.
//!
//! The format is Joachim Metz's description (libvshadow, "Volume Shadow Snapshot (VSS)
//! format"): a volume header at 0x1E00 names the catalog; the catalog's 16 KiB blocks hold
//! one type-2 entry (size, creation time) and one type-3 entry (where the store's lists
//! are) per store; a store's block list says, for each 16 KiB block of the volume that was
//! overwritten after the snapshot, where its old contents are. A snapshot reads a block
//! from its own store when the store has it, else from the next newer store, else from the
//! live volume — so every newer store is part of reading an older one.
//!
//! Every offset in a store is attacker-controlled: lists are followed once each (a list
//! that comes back to a block it has read is an error), their lengths are bounded by what
//! the volume can need, and offsets past the volume are errors naming them.
//!
//! ```
//! use foothold_volume::vss;
//! // A volume without a VSS header has no snapshots.
//! let volume = vec![0u8; 64 * 1024];
//! assert!(vss::snapshots(&volume).unwrap().is_empty());
//! ```

use crate::{Error, Result};
use foothold_core::{FieldError, Fields, Timestamp};
use foothold_evidence::ReadAt;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io;
use std::sync::Arc;

/// Where the VSS volume header sits on an NTFS volume.
pub const HEADER_OFFSET: u64 = 0x1E00;
/// The VSS identifier GUID (`3808876b-c176-4e48-b7ae-04046e6cc752`) as stored.
pub const VSS_ID: [u8; 16] = [
    0x6b, 0x87, 0x08, 0x38, 0x76, 0xc1, 0x48, 0x4e, 0xb7, 0xae, 0x04, 0x04, 0x6e, 0x6c, 0xc7, 0x52,
];
/// The unit of a store: catalog, list and data blocks are 16 KiB.
pub const BLOCK: u64 = 0x4000;
const BLOCK_USIZE: usize = 0x4000;
/// The header every catalog and store block starts with.
const BLOCK_HEADER: usize = 128;
const ENTRY: usize = 128;
const DESCRIPTOR: usize = 32;
/// Block descriptors in one block-list block.
const DESCRIPTORS_PER_BLOCK: u64 = 508;
/// Volume blocks one bitmap block covers: (16 KiB - 128) * 8.
const BITS_PER_BITMAP_BLOCK: u64 = 130_048;

// Block descriptor flags.
const FORWARDER: u32 = 0x1;
const OVERLAY: u32 = 0x2;
const NOT_USED: u32 = 0x4;

// Record types of the blocks.
const RT_VOLUME_HEADER: u32 = 1;
const RT_CATALOG: u32 = 2;
const RT_BLOCK_LIST: u32 = 3;
const RT_STORE_HEADER: u32 = 4;
const RT_BITMAP: u32 = 6;

/// At most this many catalog blocks are followed (each holds 127 entries; Windows keeps at
/// most 512 shadow copies of a volume).
const MAX_CATALOG_BLOCKS: usize = 64;

/// One shadow copy of a volume, as its catalog entries and store header describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Snapshot {
    /// Store number, 1 for the oldest (the order `vshadowinfo` and `--snapshot N` use).
    pub store: u32,
    /// The store's identifier (the GUID in its file name under `System Volume Information`).
    pub store_id: String,
    /// The shadow copy's identifier (what `vssadmin list shadows` calls the shadow copy ID).
    pub shadow_copy_id: String,
    /// The identifier of the set it was taken with.
    pub set_id: String,
    /// When it was taken (UTC).
    pub created: Option<Timestamp>,
    /// The size of the volume it is a copy of, in bytes.
    pub volume_size: u64,
    /// `_VSS_VOLUME_SNAPSHOT_ATTRIBUTES` (`0x00420009` for a client-accessible, persistent
    /// copy made by System Restore or `vssadmin`).
    pub attributes: u32,
    /// The machine that made it (the store's "operating machine" string), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<String>,
    #[serde(skip)]
    lists: Option<StoreLists>,
}

/// Where a store's lists are on the volume (its catalog type-3 entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StoreLists {
    block_list: u64,
    header: u64,
    bitmap: u64,
    previous_bitmap: u64,
}

fn corrupt(what: &'static str, offset: u64, reason: impl Into<String>) -> Error {
    Error::corrupt(what, offset, reason)
}

fn field(what: &'static str) -> impl Fn(FieldError) -> Error {
    move |e| corrupt(what, e.offset, e.to_string())
}

/// A GUID as `vshadowinfo` and `vssadmin` print it: lower-case, no braces.
fn guid(b: &[u8]) -> String {
    foothold_core::guid(b).to_ascii_lowercase()
}

/// Read the 16 KiB block at `offset` and check its VSS identifier and record type.
fn read_block(
    volume: &dyn ReadAt,
    offset: u64,
    record_type: u32,
    what: &'static str,
) -> Result<Vec<u8>> {
    if offset
        .checked_add(BLOCK)
        .is_none_or(|end| end > volume.len())
    {
        return Err(corrupt(
            what,
            offset,
            format!(
                "the block lies past the end of the volume ({:#x})",
                volume.len()
            ),
        ));
    }
    let mut b = vec![0u8; BLOCK_USIZE];
    volume
        .read_exact_at(offset, &mut b)
        .map_err(|e| Error::io(offset, e))?;
    let f = Fields::new(&b, offset);
    if f.bytes(0, 16).map_err(field(what))? != VSS_ID {
        return Err(corrupt(what, offset, "no VSS identifier"));
    }
    let rt = f.u32(20).map_err(field(what))?;
    if rt != record_type {
        return Err(corrupt(
            what,
            offset,
            format!("record type {rt}, expected {record_type}"),
        ));
    }
    Ok(b)
}

/// The next block of a chain (the header's "next offset"), or `None` at its end; a chain
/// that comes back to a block it has read, or grows past `limit` blocks, is an error.
fn next_in_chain(
    block: &[u8],
    at: u64,
    seen: &mut HashSet<u64>,
    limit: usize,
    what: &'static str,
) -> Result<Option<u64>> {
    let next = Fields::new(block, at).u64(40).map_err(field(what))?;
    if next == 0 {
        return Ok(None);
    }
    if !seen.insert(next) {
        return Err(corrupt(
            what,
            at,
            format!("the list comes back to the block at {next:#x}"),
        ));
    }
    if seen.len() > limit {
        return Err(corrupt(
            what,
            at,
            format!("the list runs past {limit} blocks, more than the volume can need"),
        ));
    }
    Ok(Some(next))
}

/// The shadow copies of `volume` (an NTFS volume), oldest first; none when the volume has
/// no VSS header or an empty catalog. A store whose header cannot be read is still listed
/// from its catalog entries (its ids empty); reading it is then an error.
pub fn snapshots(volume: &dyn ReadAt) -> Result<Vec<Snapshot>> {
    let mut head = [0u8; 128];
    if volume.read_exact_at(HEADER_OFFSET, &mut head).is_err() {
        return Ok(Vec::new());
    }
    let f = Fields::new(&head, HEADER_OFFSET);
    let what = "VSS volume header";
    if f.bytes(0, 16).map_err(field(what))? != VSS_ID
        || f.u32(20).map_err(field(what))? != RT_VOLUME_HEADER
    {
        return Ok(Vec::new());
    }
    let catalog = f.u64(48).map_err(field(what))?;
    if catalog == 0 {
        return Ok(Vec::new());
    }
    // Catalog entries of type 2 (size, time) and 3 (lists), matched by store identifier.
    let mut found: Vec<([u8; 16], u64, u64)> = Vec::new();
    let mut lists: HashMap<[u8; 16], StoreLists> = HashMap::new();
    let mut seen = HashSet::from([catalog]);
    let mut at = Some(catalog);
    while let Some(off) = at {
        let what = "VSS catalog block";
        let b = read_block(volume, off, RT_CATALOG, what)?;
        let mut pos = BLOCK_HEADER;
        while let Some(end) = pos.checked_add(ENTRY).filter(|&e| e <= BLOCK_USIZE) {
            let e_at = off.saturating_add(pos as u64);
            let e = Fields::new(b.get(pos..end).unwrap_or_default(), e_at);
            let what = "VSS catalog entry";
            let mut id = [0u8; 16];
            match e.u64(0).map_err(field(what))? {
                2 => {
                    id.copy_from_slice(e.bytes(16, 16).map_err(field(what))?);
                    let size = e.u64(8).map_err(field(what))?;
                    let created = e.u64(48).map_err(field(what))?;
                    if found.iter().any(|(i, ..)| *i == id) {
                        return Err(corrupt(what, e_at, "a store listed twice"));
                    }
                    found.push((id, size, created));
                }
                3 => {
                    id.copy_from_slice(e.bytes(16, 16).map_err(field(what))?);
                    lists.insert(
                        id,
                        StoreLists {
                            block_list: e.u64(8).map_err(field(what))?,
                            header: e.u64(32).map_err(field(what))?,
                            bitmap: e.u64(48).map_err(field(what))?,
                            previous_bitmap: e.u64(72).map_err(field(what))?,
                        },
                    );
                }
                // Unused (1) and empty (0) entries.
                _ => {}
            }
            pos = end;
        }
        at = next_in_chain(&b, off, &mut seen, MAX_CATALOG_BLOCKS, "VSS catalog block")?;
    }
    // Oldest first, as libvshadow numbers them.
    found.sort_by_key(|&(_, _, created)| created);
    let mut out = Vec::with_capacity(found.len());
    for (n, (id, volume_size, created)) in found.into_iter().enumerate() {
        let lists = lists.get(&id).copied();
        let mut s = Snapshot {
            store: u32::try_from(n).unwrap_or(u32::MAX).saturating_add(1),
            store_id: guid(&id),
            shadow_copy_id: String::new(),
            set_id: String::new(),
            created: Timestamp::from_filetime(created),
            volume_size,
            attributes: 0,
            machine: None,
            lists,
        };
        if let Some(l) = lists {
            if let Ok(b) = read_block(volume, l.header, RT_STORE_HEADER, "VSS store header") {
                let info = Fields::new(b.get(BLOCK_HEADER..).unwrap_or_default(), l.header);
                let what = "VSS store information";
                s.shadow_copy_id = guid(info.bytes(16, 16).map_err(field(what))?);
                s.set_id = guid(info.bytes(32, 16).map_err(field(what))?);
                s.attributes = info.u32(56).map_err(field(what))?;
                let len = usize::from(info.u16(64).map_err(field(what))?);
                s.machine = info
                    .bytes(66, len)
                    .ok()
                    .map(foothold_core::utf16le)
                    .filter(|m| !m.is_empty());
            }
        }
        out.push(s);
    }
    Ok(out)
}

/// One block descriptor of a store's block list.
#[derive(Debug, Clone)]
struct Descriptor {
    /// Where the block is on the volume.
    original: u64,
    /// For a forwarder: where to read it in the next store's view.
    relative: u64,
    /// Where its old contents are on the volume.
    offset: u64,
    flags: u32,
    /// For an overlay: which 512-byte sectors of the block it holds (LSB first).
    bitmap: u32,
    /// An overlay on this block, applied when this store is the one being read.
    overlay: Option<Box<Descriptor>>,
}

impl Descriptor {
    fn is(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// A store's block list as maps, and its bitmaps.
#[derive(Debug, Default)]
struct StoreMap {
    forward: HashMap<u64, Descriptor>,
    reverse: HashMap<u64, Descriptor>,
    bitmap: Vec<u8>,
    previous: Option<Vec<u8>>,
}

fn bit(bitmap: &[u8], block: u64) -> bool {
    let Ok(i) = usize::try_from(block) else {
        return false;
    };
    bitmap.get(i / 8).is_some_and(|b| (b >> (i % 8)) & 1 != 0)
}

impl StoreMap {
    /// Add one descriptor, in list order, as libvshadow's block tree does: a forwarder's
    /// chain is followed back to the block it started from, a later descriptor of the same
    /// block replaces an earlier one, and overlays are kept beside the block they cover.
    fn insert(&mut self, mut d: Descriptor) {
        if d.is(NOT_USED) {
            return;
        }
        if !d.is(OVERLAY) {
            if let Some(r) = self.reverse.remove(&(d.original / BLOCK)) {
                d.original = r.original;
            }
        }
        if d.is(FORWARDER) && d.original == d.relative {
            return;
        }
        let key = d.original / BLOCK;
        let reverse = d.is(FORWARDER).then(|| (d.relative / BLOCK, d.clone()));
        match self.forward.get_mut(&key) {
            None => {
                self.forward.insert(key, d);
            }
            Some(existing) if d.is(OVERLAY) => {
                if existing.is(OVERLAY) {
                    existing.bitmap |= d.bitmap;
                } else if let Some(o) = existing.overlay.as_mut() {
                    o.bitmap |= d.bitmap;
                } else {
                    existing.overlay = Some(Box::new(d));
                }
                return;
            }
            Some(existing) => {
                let old = std::mem::replace(existing, d);
                existing.overlay = if old.is(OVERLAY) {
                    Some(Box::new(Descriptor {
                        overlay: None,
                        ..old
                    }))
                } else {
                    old.overlay
                };
            }
        }
        if let Some((k, r)) = reverse {
            self.reverse.insert(k, r);
        }
    }
}

/// Read one store's block list and bitmaps.
fn read_store(volume: &dyn ReadAt, snap: &Snapshot, volume_blocks: u64) -> Result<StoreMap> {
    let Some(lists) = snap.lists else {
        return Err(corrupt(
            "VSS catalog",
            HEADER_OFFSET,
            format!("store {} has no list entry (type 3)", snap.store),
        ));
    };
    let mut map = StoreMap::default();
    // Every descriptor names a block of the volume; a list longer than a few times the
    // volume's blocks is not one Windows wrote.
    let limit = usize::try_from(volume_blocks.saturating_mul(4) / DESCRIPTORS_PER_BLOCK)
        .unwrap_or(usize::MAX)
        .saturating_add(16);
    let mut seen = HashSet::from([lists.block_list]);
    let mut at = (lists.block_list != 0).then_some(lists.block_list);
    while let Some(off) = at {
        let what = "VSS store block list";
        let b = read_block(volume, off, RT_BLOCK_LIST, what)?;
        let mut pos = BLOCK_HEADER;
        while let Some(end) = pos.checked_add(DESCRIPTOR).filter(|&e| e <= BLOCK_USIZE) {
            let raw = b.get(pos..end).unwrap_or_default();
            let e = Fields::new(raw, off.saturating_add(pos as u64));
            pos = end;
            if raw.iter().all(|&x| x == 0) {
                continue;
            }
            let d = Descriptor {
                original: e.u64(0).map_err(field(what))?,
                relative: e.u64(8).map_err(field(what))?,
                offset: e.u64(16).map_err(field(what))?,
                flags: e.u32(24).map_err(field(what))?,
                bitmap: e.u32(28).map_err(field(what))?,
                overlay: None,
            };
            if d.is(FORWARDER) && d.offset != 0 {
                return Err(corrupt(
                    what,
                    e.offset_of(0),
                    "a forwarder with a store offset",
                ));
            }
            map.insert(d);
        }
        at = next_in_chain(&b, off, &mut seen, limit, what)?;
    }
    // Each bitmap block covers (16 KiB - 128) * 8 blocks of the volume.
    let bitmap_limit = usize::try_from(volume_blocks / BITS_PER_BITMAP_BLOCK)
        .unwrap_or(usize::MAX)
        .saturating_add(2);
    let bitmap = |start: u64| -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut seen = HashSet::from([start]);
        let mut at = Some(start);
        while let Some(off) = at {
            let what = "VSS store bitmap";
            let b = read_block(volume, off, RT_BITMAP, what)?;
            out.extend_from_slice(b.get(BLOCK_HEADER..).unwrap_or_default());
            at = next_in_chain(&b, off, &mut seen, bitmap_limit, what)?;
        }
        Ok(out)
    };
    if lists.bitmap != 0 {
        map.bitmap = bitmap(lists.bitmap)?;
    }
    if lists.previous_bitmap != 0 {
        map.previous = Some(bitmap(lists.previous_bitmap)?);
    }
    Ok(map)
}

/// The volume as it was when one snapshot was taken: a [`ReadAt`] like any volume, so a
/// filesystem opens on it unchanged.
pub struct SnapshotReader {
    volume: Arc<dyn ReadAt>,
    len: u64,
    /// The chosen store's map first, then every newer store's.
    stores: Vec<StoreMap>,
}

impl std::fmt::Debug for SnapshotReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SnapshotReader")
            .field("len", &self.len)
            .field("stores", &self.stores.len())
            .finish()
    }
}

impl SnapshotReader {
    /// Open snapshot `store` (1 = oldest) of `volume`, whose snapshots are `snapshots`
    /// ([`snapshots`]): its store's lists and those of every newer store are read.
    pub fn open(volume: Arc<dyn ReadAt>, snapshots: &[Snapshot], store: u32) -> Result<Self> {
        let Some(first) = snapshots.iter().position(|s| s.store == store) else {
            return Err(corrupt(
                "VSS catalog",
                HEADER_OFFSET,
                format!("no snapshot {store} (the volume has {})", snapshots.len()),
            ));
        };
        let len = snapshots.get(first).map_or(0, |s| s.volume_size);
        let blocks = volume.len().max(len).div_ceil(BLOCK);
        let stores = snapshots
            .get(first..)
            .unwrap_or_default()
            .iter()
            .map(|s| read_store(&*volume, s, blocks))
            .collect::<Result<Vec<_>>>()?;
        Ok(SnapshotReader {
            volume,
            len,
            stores,
        })
    }

    fn read_volume(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.volume.read_exact_at(offset, buf)
    }

    /// Fill `buf` (which does not cross a 16 KiB block) with the bytes at `offset` as store
    /// `i` (an index into `self.stores`) sees them; returns how many it filled (less than
    /// `buf.len()` where an overlay's sectors end).
    fn read_piece(&self, i: usize, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(map) = self.stores.get(i) else {
            self.read_volume(offset, buf)?;
            return Ok(buf.len());
        };
        let next = i.checked_add(1).filter(|&n| n < self.stores.len());
        let within = offset % BLOCK;
        let mut size = BLOCK.saturating_sub(within);
        // The descriptor that holds this piece, and where its bytes are.
        let mut from: Option<(&Descriptor, u64)> = None;
        if let Some(d) = map.forward.get(&(offset / BLOCK)) {
            let mut chosen = d;
            let mut base = if d.is(FORWARDER) {
                d.relative
            } else {
                d.offset
            };
            let mut held = true;
            let overlay = if d.is(OVERLAY) {
                Some(d)
            } else {
                d.overlay.as_deref()
            };
            if let Some(o) = overlay {
                if i != 0 {
                    // Overlays apply only to the store being read.
                    held = !d.is(OVERLAY);
                } else {
                    // Which 512-byte sector of the block this is, and the run of sectors
                    // from it that the overlay holds (or does not).
                    let sector =
                        u32::try_from(offset.saturating_sub(o.original) / 512).unwrap_or(u32::MAX);
                    let bits = o.bitmap.checked_shr(sector).unwrap_or(0);
                    let run = if bits & 1 != 0 {
                        bits.trailing_ones()
                    } else {
                        bits.trailing_zeros()
                    }
                    .min(32u32.saturating_sub(sector));
                    let into_sector = offset % 512;
                    size = u64::from(run.max(1))
                        .saturating_mul(512)
                        .saturating_sub(into_sector)
                        .min(size);
                    if bits & 1 != 0 {
                        chosen = o;
                        base = o.offset;
                    } else if d.is(OVERLAY) {
                        held = false;
                    }
                }
            }
            if held {
                from = Some((chosen, base.saturating_add(within)));
            }
        }
        let n = usize::try_from(size).unwrap_or(usize::MAX).min(buf.len());
        let piece = buf
            .get_mut(..n)
            .ok_or_else(|| io::Error::other("piece past the buffer"))?;
        match (from, next) {
            (Some((d, at)), Some(next)) if d.is(FORWARDER) => {
                self.read_all(next, at, piece)?;
            }
            (Some((_, at)), _) => self.read_volume(at, piece)?,
            (None, Some(next)) => self.read_all(next, offset, piece)?,
            (None, None) => {
                // The newest store: a block that was free when the snapshot was taken (set
                // in the current bitmap, and in the previous one when there is one) and not
                // a forwarder's target reads as zeros, as libvshadow gives it.
                let block = offset / BLOCK;
                let free = i == 0
                    && !map.reverse.contains_key(&block)
                    && bit(&map.bitmap, block)
                    && map.previous.as_ref().is_none_or(|p| bit(p, block));
                if free {
                    piece.fill(0);
                } else {
                    self.read_volume(offset, piece)?;
                }
            }
        }
        Ok(n)
    }

    /// Fill `buf` at `offset` as store `i` sees it.
    fn read_all(&self, i: usize, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut done = 0usize;
        while done < buf.len() {
            let at = offset
                .checked_add(done as u64)
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "offset overflow"))?;
            let rest = buf.get_mut(done..).unwrap_or_default();
            let n = self.read_piece(i, at, rest)?;
            if n == 0 {
                return Err(io::Error::other(format!("no progress at {at:#x}")));
            }
            done = done.saturating_add(n);
        }
        Ok(())
    }
}

impl ReadAt for SnapshotReader {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len {
            return Ok(0);
        }
        let n = usize::try_from(self.len.saturating_sub(offset))
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let part = buf.get_mut(..n).unwrap_or_default();
        self.read_all(0, offset, part)?;
        Ok(n)
    }

    fn len(&self) -> u64 {
        self.len
    }
}

/// A 64-block (1 MiB) volume whose block `n` is filled with byte `n`, with a VSS header
/// naming a catalog at block 2 and `stores` empty stores (at most 14): store `i` (0 = the
/// oldest) has its header at block 3 + 4i, its block list at 4 + 4i and its bitmap at
/// 5 + 4i. For tests and the fuzz target, which write descriptors into it.
#[doc(hidden)]
#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
pub fn sample(stores: usize) -> Vec<u8> {
    const B: usize = BLOCK_USIZE;
    let mut v: Vec<u8> = (0..64 * B).map(|i| (i / B) as u8).collect();
    v[0x1E00..0x2000].fill(0);
    put(&mut v, 0x1E00, &VSS_ID);
    put(&mut v, 0x1E00 + 16, &1u32.to_le_bytes());
    put(&mut v, 0x1E00 + 20, &RT_VOLUME_HEADER.to_le_bytes());
    put(&mut v, 0x1E00 + 48, &((2 * B) as u64).to_le_bytes());
    sample_header(&mut v, 2, RT_CATALOG, 0);
    for i in 0..stores.min(14) {
        let id = [0x10 + i as u8; 16];
        let e2 = 2 * B + BLOCK_HEADER + 2 * i * ENTRY;
        put(&mut v, e2, &2u64.to_le_bytes());
        put(&mut v, e2 + 8, &((64 * B) as u64).to_le_bytes());
        put(&mut v, e2 + 16, &id);
        // Created 2020-01-01 plus i seconds.
        put(
            &mut v,
            e2 + 48,
            &(132_223_104_000_000_000u64 + i as u64 * 10_000_000).to_le_bytes(),
        );
        let e3 = e2 + ENTRY;
        put(&mut v, e3, &3u64.to_le_bytes());
        put(&mut v, e3 + 8, &(((4 + 4 * i) * B) as u64).to_le_bytes());
        put(&mut v, e3 + 16, &id);
        put(&mut v, e3 + 32, &(((3 + 4 * i) * B) as u64).to_le_bytes());
        put(&mut v, e3 + 48, &(((5 + 4 * i) * B) as u64).to_le_bytes());
        sample_header(&mut v, 3 + 4 * i, RT_STORE_HEADER, 0);
        put(
            &mut v,
            (3 + 4 * i) * B + BLOCK_HEADER + 16,
            &[0x20 + i as u8; 16],
        );
        sample_header(&mut v, 4 + 4 * i, RT_BLOCK_LIST, 0);
        sample_header(&mut v, 5 + 4 * i, RT_BITMAP, 0);
    }
    v
}

#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
fn put(v: &mut [u8], at: usize, b: &[u8]) {
    v[at..at + b.len()].copy_from_slice(b);
}

#[allow(clippy::arithmetic_side_effects, clippy::indexing_slicing)]
fn sample_header(v: &mut [u8], block: usize, record_type: u32, next: u64) {
    let at = block * BLOCK_USIZE;
    v[at..at + BLOCK_USIZE].fill(0);
    put(v, at, &VSS_ID);
    put(v, at + 16, &1u32.to_le_bytes());
    put(v, at + 20, &record_type.to_le_bytes());
    put(v, at + 32, &((block * BLOCK_USIZE) as u64).to_le_bytes());
    put(v, at + 40, &next.to_le_bytes());
}

#[cfg(test)]
mod tests {
    //! Stores written by hand to the layout of the format description: what each reading
    //! rule gives, and hostile stores (cycles, offsets past the volume) as errors.
    use super::*;

    const B: usize = BLOCK_USIZE;

    /// [`sample`]: a 64-block volume whose block `n` is filled with byte `n`, a VSS header naming a
    /// catalog at block 2, and `stores` stores: store `i` (0 = oldest) has its header at
    /// block 3 + 4i, block list at 4 + 4i, bitmap at 5 + 4i.
    struct Builder {
        v: Vec<u8>,
        stores: usize,
    }

    impl Builder {
        fn new(stores: usize) -> Self {
            Builder {
                v: sample(stores),
                stores,
            }
        }

        /// Add a descriptor to store `i`'s block list (in slot `slot`).
        fn descriptor(&mut self, i: usize, slot: usize, d: (usize, usize, usize, u32, u32)) {
            let (original, relative, offset, flags, bitmap) = d;
            let at = (4 + 4 * i) * B + BLOCK_HEADER + slot * DESCRIPTOR;
            put(&mut self.v, at, &((original) as u64).to_le_bytes());
            put(&mut self.v, at + 8, &((relative) as u64).to_le_bytes());
            put(&mut self.v, at + 16, &((offset) as u64).to_le_bytes());
            put(&mut self.v, at + 24, &flags.to_le_bytes());
            put(&mut self.v, at + 28, &bitmap.to_le_bytes());
        }

        fn reader(&self, store: u32) -> Result<SnapshotReader> {
            let vol: Arc<dyn ReadAt> = Arc::new(self.v.clone());
            let snaps = snapshots(&*vol)?;
            assert_eq!(snaps.len(), self.stores);
            SnapshotReader::open(vol, &snaps, store)
        }
    }

    fn block(r: &SnapshotReader, n: usize) -> Vec<u8> {
        let mut b = vec![0u8; B];
        r.read_exact_at((n * B) as u64, &mut b).unwrap();
        b
    }

    #[test]
    fn catalog_and_store_headers() {
        let b = Builder::new(2);
        let s = snapshots(&b.v).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].store, 1);
        assert_eq!(s[0].store_id, "10101010-1010-1010-1010-101010101010");
        assert_eq!(s[1].shadow_copy_id, "21212121-2121-2121-2121-212121212121");
        assert_eq!(s[0].created.unwrap().to_string(), "2020-01-01T00:00:00Z");
        assert_eq!(s[0].volume_size, (64 * B) as u64);
    }

    #[test]
    fn a_block_comes_from_its_store_else_the_volume() {
        let mut b = Builder::new(1);
        // Block 20's old contents are kept in block 40.
        b.descriptor(0, 0, (20 * B, 0, 40 * B, 0, 0));
        let r = b.reader(1).unwrap();
        assert!(block(&r, 20).iter().all(|&x| x == 40));
        assert!(block(&r, 21).iter().all(|&x| x == 21));
        // A block free when the snapshot was taken (current bitmap) reads as zeros.
        b.v[5 * B + BLOCK_HEADER + 3] = 1 << 2; // block 26
        let r = b.reader(1).unwrap();
        assert!(block(&r, 26).iter().all(|&x| x == 0));
        assert!(block(&r, 27).iter().all(|&x| x == 27));
        // A piece that crosses blocks.
        let mut two = vec![0u8; 2];
        r.read_exact_at((21 * B - 1) as u64, &mut two).unwrap();
        assert_eq!(two, [40, 21]);
    }

    #[test]
    fn older_stores_read_through_newer_ones_and_overlays_apply_to_their_own() {
        let mut b = Builder::new(2);
        // The newer store kept block 30 in block 50; the older has nothing of its own for
        // it, and a forwarder for block 31 to whatever the newer store has at block 30.
        b.descriptor(1, 0, (30 * B, 0, 50 * B, 0, 0));
        b.descriptor(0, 0, (31 * B, 30 * B, 0, FORWARDER, 0));
        // The older store holds the first two sectors of block 32 in block 52.
        b.descriptor(0, 1, (32 * B, 1, 52 * B, OVERLAY, 0b11));
        let old = b.reader(1).unwrap();
        let new = b.reader(2).unwrap();
        assert!(block(&old, 30).iter().all(|&x| x == 50));
        assert!(block(&old, 31).iter().all(|&x| x == 50));
        assert!(block(&new, 31).iter().all(|&x| x == 31));
        let o = block(&old, 32);
        assert!(o[..1024].iter().all(|&x| x == 52));
        assert!(o[1024..].iter().all(|&x| x == 32));
        assert!(block(&new, 32).iter().all(|&x| x == 32));
        // A read inside the overlay's second sector and past it.
        let mut p = vec![0u8; 600];
        old.read_exact_at((32 * B + 700) as u64, &mut p).unwrap();
        assert!(p[..324].iter().all(|&x| x == 52) && p[324..].iter().all(|&x| x == 32));
    }

    #[test]
    fn hostile_stores_are_errors_not_hangs() {
        // A block list whose next block is itself.
        let mut b = Builder::new(1);
        put(&mut b.v, 4 * B + 40, &((4 * B) as u64).to_le_bytes());
        let e = b.reader(1).unwrap_err().to_string();
        assert!(e.contains("comes back"), "{e}");
        // A catalog that points back to itself.
        let mut b = Builder::new(1);
        put(&mut b.v, 2 * B + 40, &((2 * B) as u64).to_le_bytes());
        let e = snapshots(&b.v).unwrap_err().to_string();
        assert!(e.contains("comes back"), "{e}");
        // A store header past the end of the volume: listed, not readable.
        let mut b = Builder::new(1);
        put(
            &mut b.v,
            2 * B + BLOCK_HEADER + ENTRY + 32,
            &u64::MAX.to_le_bytes(),
        );
        assert_eq!(snapshots(&b.v).unwrap()[0].shadow_copy_id, "");
        // Lists past the end of the volume, and at offsets that overflow.
        for at in [8usize, 48] {
            let mut b = Builder::new(1);
            put(
                &mut b.v,
                2 * B + BLOCK_HEADER + ENTRY + at,
                &(u64::MAX - 100).to_le_bytes(),
            );
            let e = b.reader(1).unwrap_err().to_string();
            assert!(e.contains("past the end"), "{e}");
        }
        // Data offsets past the volume: the read is an error, the others are fine.
        let mut b = Builder::new(1);
        b.descriptor(0, 0, (20 * B, 0, usize::MAX - B, 0, 0));
        b.descriptor(0, 1, (22 * B, 0, 0, OVERLAY, u32::MAX));
        let r = b.reader(1).unwrap();
        let mut x = vec![0u8; B];
        assert!(r.read_exact_at((20 * B) as u64, &mut x).is_err());
        // An overlay of every sector at offset 0: block 22 reads block 0.
        assert_eq!(block(&r, 22), b.v[..B]);
        // Forwarders that point at each other resolve; none reads forever.
        let mut b = Builder::new(2);
        b.descriptor(0, 0, (10 * B, 11 * B, 0, FORWARDER, 0));
        b.descriptor(0, 1, (11 * B, 10 * B, 0, FORWARDER, 0));
        b.descriptor(1, 0, (10 * B, 10 * B, 0, FORWARDER, 0));
        for s in [1, 2] {
            let r = b.reader(s).unwrap();
            for n in 9..13 {
                let _ = block(&r, n);
            }
        }
        // A forwarder that names a store offset is refused.
        let mut b = Builder::new(1);
        b.descriptor(0, 0, (10 * B, 11 * B, 5, FORWARDER, 0));
        assert!(b.reader(1).is_err());
    }
}
