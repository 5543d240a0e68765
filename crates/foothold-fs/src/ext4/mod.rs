//! ext2/ext3/ext4, read-only: 32/64-bit group descriptors (also meta_bg), extent trees and
//! legacy block maps, linear and htree directories (read linearly), inline data, fast and
//! slow symlinks, sparse files, nanosecond timestamps with crtime, metadata checksums
//! checked and reported as warnings.

mod inode;
mod superblock;

pub use superblock::{parse_superblock, Superblock};

use crate::bytes::{u16_at, u32_at, u8_at};
use crate::{
    join, DataStream, Entry, EntryKind, Error, FileSystem, Listing, Problem, ReadAt, Result,
};
use inode::{parse_inode, Inode, FLAG_EXTENTS, FLAG_INLINE_DATA};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use superblock::*;

const ROOT_INO: u32 = 2;
/// Deepest extent tree we follow (the format allows 5).
const MAX_EXTENT_DEPTH: u16 = 5;
/// Largest directory we read into memory.
const MAX_DIR: u64 = 256 << 20;
/// Warnings kept per filesystem.
const MAX_WARNINGS: usize = 1000;

/// One mapped range of a file: `len` blocks from logical block `logical`.
#[derive(Debug, Clone, Copy)]
struct Extent {
    logical: u64,
    len: u64,
    /// Physical block, or `None` when the extent is uninitialized (reads as zeros).
    physical: Option<u64>,
}

/// Most blocks of one file checked against the block bitmaps (bounds hostile extents).
const MAX_COUNTED_BLOCKS: u64 = 1 << 24;

/// An ext2/3/4 volume.
pub struct Ext4 {
    src: Arc<dyn ReadAt>,
    sb: Superblock,
    groups: u64,
    warnings: Mutex<Vec<String>>,
}

impl std::fmt::Debug for Ext4 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ext4").field("sb", &self.sb).finish()
    }
}

impl Ext4 {
    /// Open the ext2/3/4 volume in `src`.
    pub fn open(src: Arc<dyn ReadAt>) -> Result<Self> {
        let mut b = vec![0u8; 1024];
        src.read_exact_at(1024, &mut b)
            .map_err(|e| Error::io(1024, e))?;
        let sb = parse_superblock(&b)?;
        let groups = sb
            .blocks_count
            .saturating_sub(u64::from(sb.first_data_block))
            .div_ceil(u64::from(sb.blocks_per_group));
        let fs = Ext4 {
            src,
            sb,
            groups,
            warnings: Mutex::new(Vec::new()),
        };
        if !fs.sb.checksum_ok {
            fs.warn("superblock checksum does not match".to_string());
        }
        if u64::from(fs.sb.inodes_count)
            > fs.groups.saturating_mul(u64::from(fs.sb.inodes_per_group))
        {
            fs.warn("inode count exceeds groups × inodes per group".to_string());
        }
        let claimed = fs.sb.blocks_count.saturating_mul(fs.sb.block_size);
        if claimed > fs.src.len() {
            fs.warn(format!(
                "the superblock claims {claimed} bytes but the volume holds {}: image truncated, files past its end are unreadable",
                fs.src.len()
            ));
        }
        Ok(fs)
    }

    /// The parsed superblock.
    pub fn superblock(&self) -> &Superblock {
        &self.sb
    }

    fn warn(&self, w: String) {
        if let Ok(mut v) = self.warnings.lock() {
            if v.len() < MAX_WARNINGS {
                v.push(w);
            }
        }
    }

    fn bs(&self) -> u64 {
        self.sb.block_size
    }

    fn read_block(&self, block: u64, buf: &mut [u8]) -> Result<()> {
        let at = block
            .checked_mul(self.bs())
            .ok_or_else(|| Error::corrupt("block number", block, "overflows"))?;
        self.src
            .read_exact_at(at, buf)
            .map_err(|e| Error::io(at, e))
    }

    /// Whether group `g` holds a superblock backup (and so group descriptors).
    fn has_super(&self, g: u64) -> bool {
        if self.sb.feature_ro_compat & RO_COMPAT_SPARSE_SUPER == 0 || g <= 1 {
            return true;
        }
        [3u64, 5, 7].iter().any(|b| {
            let mut p = *b;
            while p < g {
                p = p.saturating_mul(*b);
            }
            p == g
        })
    }

    /// Byte offset of the group descriptor of group `g`.
    fn desc_offset(&self, g: u64) -> u64 {
        let bs = self.bs();
        let ds = u64::from(self.sb.desc_size);
        // Checked at parse: a block holds at least one descriptor (1 KiB blocks, ≤ 1 KiB each).
        let per_block = bs.checked_div(ds).unwrap_or(1).max(1);
        let first = u64::from(self.sb.first_data_block);
        let meta = self.sb.feature_incompat & INCOMPAT_META_BG != 0;
        let mg = g.checked_div(per_block).unwrap_or(0);
        // Saturating: a superblock whose groups reach past 2^64 bytes gives an offset past
        // any image, whose read fails and is said, instead of a wrapped one that would read
        // some other block as a descriptor.
        if meta && mg >= u64::from(self.sb.first_meta_bg) {
            let group0 = mg.saturating_mul(per_block);
            let block = first
                .saturating_add(group0.saturating_mul(u64::from(self.sb.blocks_per_group)))
                .saturating_add(u64::from(self.has_super(group0)));
            block
                .saturating_mul(bs)
                .saturating_add(g.checked_rem(per_block).unwrap_or(0).saturating_mul(ds))
        } else {
            first
                .saturating_add(1)
                .saturating_mul(bs)
                .saturating_add(g.saturating_mul(ds))
        }
    }

    /// The block bitmap of group `g` (one block; uninitialized groups read as all free).
    fn block_bitmap(&self, g: u64) -> Result<Vec<u8>> {
        let doff = self.desc_offset(g);
        let mut d = vec![0u8; usize::from(self.sb.desc_size)];
        self.src
            .read_exact_at(doff, &mut d)
            .map_err(|e| Error::io(doff, e))?;
        let flags = u16_at(&d, 0x12).unwrap_or(0);
        let mut buf = vec![0u8; self.bs() as usize];
        // BLOCK_UNINIT: nothing allocated in the group's data blocks yet.
        if flags & 0x2 != 0 {
            return Ok(buf);
        }
        let lo = u64::from(u32_at(&d, 0).unwrap_or(0));
        let hi = if self.sb.desc_size >= 64 {
            u64::from(u32_at(&d, 0x20).unwrap_or(0))
        } else {
            0
        };
        self.read_block(lo | hi << 32, &mut buf)?;
        Ok(buf)
    }

    fn inode(&self, ino: u32) -> Result<Inode> {
        // Inode numbers are bounded by the superblock (at byte 1024): its offset is the one
        // an error can name (the number itself is no offset).
        if ino == 0 || ino > self.sb.inodes_count {
            return Err(Error::corrupt(
                "inode number",
                1024,
                format!(
                    "inode {ino} is outside the superblock's {} inodes",
                    self.sb.inodes_count
                ),
            ));
        }
        // `ino` ≥ 1 (checked above); inodes per group ≥ 1 (checked at parse).
        let index = ino.saturating_sub(1);
        let g = u64::from(index.checked_div(self.sb.inodes_per_group).unwrap_or(0));
        let idx = u64::from(index.checked_rem(self.sb.inodes_per_group).unwrap_or(0));
        if g >= self.groups {
            return Err(Error::corrupt(
                "inode number",
                1024,
                format!(
                    "inode {ino} is in group {g}, past the volume's {} groups",
                    self.groups
                ),
            ));
        }
        let doff = self.desc_offset(g);
        let mut d = vec![0u8; usize::from(self.sb.desc_size)];
        self.src
            .read_exact_at(doff, &mut d)
            .map_err(|e| Error::io(doff, e))?;
        let lo = u64::from(u32_at(&d, 8).unwrap_or(0));
        let hi = if self.sb.desc_size >= 64 {
            u64::from(u32_at(&d, 0x28).unwrap_or(0))
        } else {
            0
        };
        let table = lo | hi << 32;
        let isz = u64::from(self.sb.inode_size);
        let at = table
            .checked_mul(self.bs())
            .and_then(|t| t.checked_add(idx.checked_mul(isz)?))
            .ok_or_else(|| Error::corrupt("group descriptor", doff, "inode table out of range"))?;
        let mut raw = vec![0u8; isz as usize];
        self.src
            .read_exact_at(at, &mut raw)
            .map_err(|e| Error::io(at, e))?;
        let seed =
            (self.sb.feature_ro_compat & RO_COMPAT_METADATA_CSUM != 0).then_some(self.sb.csum_seed);
        let (mut inode, ok) = parse_inode(&raw, ino, seed);
        inode.at = at;
        if !ok {
            self.warn(format!("inode {ino} checksum does not match (at {at:#x})"));
        }
        Ok(inode)
    }

    /// Map of a file's blocks (extent tree or legacy block map).
    fn extents(&self, inode: &Inode, ino: u32) -> Result<Vec<Extent>> {
        let mut out = Vec::new();
        let max_blocks = inode.size.div_ceil(self.bs());
        if inode.flags & FLAG_EXTENTS != 0 {
            let mut visited = HashSet::new();
            // The root node is i_block, at 0x28 of the inode.
            let root = inode.at.saturating_add(0x28);
            self.extent_node(
                &inode.block,
                root,
                MAX_EXTENT_DEPTH,
                &mut out,
                &mut visited,
                ino,
            )?;
        } else {
            // Legacy block map: 12 direct, then single, double, triple indirect.
            let ptr = |i: usize| u64::from(u32_at(&inode.block, i.saturating_mul(4)).unwrap_or(0));
            let mut logical = 0u64;
            for i in 0..12 {
                push_block(&mut out, logical, ptr(i));
                logical = logical.saturating_add(1);
            }
            // A file maps at most as many blocks as the filesystem has, and reads each
            // indirect block once: an indirect block that points to itself (or a ring of
            // them) would otherwise make one tiny image a billion-block walk.
            let mut walk = BlockMapWalk {
                budget: self.sb.blocks_count.max(1),
                seen: HashSet::new(),
                ino,
            };
            for (level, i) in [(1u32, 12usize), (2, 13), (3, 14)] {
                if logical >= max_blocks {
                    break;
                }
                self.indirect(ptr(i), level, &mut logical, max_blocks, &mut out, &mut walk)?;
            }
        }
        Ok(out)
    }

    fn indirect(
        &self,
        block: u64,
        level: u32,
        logical: &mut u64,
        max: u64,
        out: &mut Vec<Extent>,
        walk: &mut BlockMapWalk,
    ) -> Result<()> {
        let per = self.bs() / 4;
        let span = per.saturating_pow(level.saturating_sub(1));
        if block == 0 {
            *logical = logical.saturating_add(per.saturating_mul(span));
            return Ok(());
        }
        let ino = walk.ino;
        let loops = |what: String| {
            Error::corrupt(
                "block map",
                block.saturating_mul(self.bs()),
                format!("inode {ino}: {what}"),
            )
        };
        if !walk.seen.insert(block) {
            return Err(loops(format!(
                "indirect block {block} is reached twice (a loop in the block map)"
            )));
        }
        let mut buf = vec![0u8; self.bs() as usize];
        self.read_block(block, &mut buf)?;
        for i in 0..usize::try_from(per).unwrap_or(0) {
            if *logical >= max {
                break;
            }
            let p = u64::from(u32_at(&buf, i.saturating_mul(4)).unwrap_or(0));
            if p != 0 {
                walk.budget = walk.budget.checked_sub(1).ok_or_else(|| {
                    loops("maps more blocks than the filesystem holds".to_string())
                })?;
            }
            if level == 1 {
                push_block(out, *logical, p);
                *logical = logical.saturating_add(1);
            } else {
                self.indirect(p, level.saturating_sub(1), logical, max, out, walk)?;
            }
        }
        Ok(())
    }

    /// One node of an extent tree (`node`, read from byte `node_at` of the volume, which
    /// its errors name).
    fn extent_node(
        &self,
        node: &[u8],
        node_at: u64,
        depth_left: u16,
        out: &mut Vec<Extent>,
        visited: &mut HashSet<u64>,
        ino: u32,
    ) -> Result<()> {
        let corrupt = |r: &str| Error::corrupt("extent tree", node_at, format!("inode {ino}: {r}"));
        if u16_at(node, 0) != Some(0xF30A) {
            return Err(corrupt("bad extent header magic"));
        }
        let entries = usize::from(u16_at(node, 2).unwrap_or(0));
        let depth = u16_at(node, 6).unwrap_or(0);
        if depth >= depth_left {
            return Err(corrupt("extent tree too deep"));
        }
        for i in 0..entries {
            // Entry i: 12 bytes after the 12-byte header and the i entries before it.
            let at = i.saturating_add(1).saturating_mul(12);
            let e = node
                .get(at..at.saturating_add(12))
                .ok_or_else(|| corrupt("entries run past the node"))?;
            if depth == 0 {
                let len = u64::from(u16_at(e, 4).unwrap_or(0));
                // Past 32,768: an uninitialized extent of (len − 32,768) blocks.
                let (len, init) = match len.checked_sub(32768) {
                    Some(n) if n > 0 => (n, false),
                    _ => (len, true),
                };
                let start = u64::from(u16_at(e, 6).unwrap_or(0)) << 32
                    | u64::from(u32_at(e, 8).unwrap_or(0));
                out.push(Extent {
                    logical: u64::from(u32_at(e, 0).unwrap_or(0)),
                    len,
                    physical: init.then_some(start),
                });
            } else {
                let leaf = u64::from(u32_at(e, 4).unwrap_or(0))
                    | u64::from(u16_at(e, 8).unwrap_or(0)) << 32;
                if !visited.insert(leaf) {
                    return Err(corrupt("extent tree has a cycle"));
                }
                let mut buf = vec![0u8; self.bs() as usize];
                self.read_block(leaf, &mut buf)?;
                self.extent_node(
                    &buf,
                    leaf.saturating_mul(self.bs()),
                    depth,
                    out,
                    visited,
                    ino,
                )?;
            }
        }
        Ok(())
    }

    fn stream(&self, inode: &Inode, ino: u32) -> Result<Ext4Stream<'_>> {
        if inode.flags & FLAG_INLINE_DATA != 0 {
            let mut data = inode.block.to_vec();
            if let Some(more) = inode.xattr(7, b"data") {
                data.extend_from_slice(&more);
            }
            data.truncate(usize::try_from(inode.size).unwrap_or(usize::MAX));
            return Ok(Ext4Stream {
                fs: self,
                extents: Vec::new(),
                inline: Some(data),
                size: inode.size,
            });
        }
        if inode.kind() == EntryKind::Symlink
            && inode.size < 60
            && inode.flags & FLAG_EXTENTS == 0
            && inode.blocks_lo == 0
        {
            // Fast symlink: the target lives in i_block.
            let data = inode
                .block
                .get(..usize::try_from(inode.size).unwrap_or(0))
                .unwrap_or_default()
                .to_vec();
            return Ok(Ext4Stream {
                fs: self,
                extents: Vec::new(),
                inline: Some(data),
                size: inode.size,
            });
        }
        let mut extents = self.extents(inode, ino)?;
        extents.sort_by_key(|e| e.logical);
        Ok(Ext4Stream {
            fs: self,
            extents,
            inline: None,
            size: inode.size,
        })
    }

    fn make_entry(&self, ino: u32, inode: &Inode, name: &str, path: String) -> Entry {
        let kind = inode.kind();
        let link_target = if kind == EntryKind::Symlink {
            self.stream(inode, ino)
                .ok()
                .and_then(|s| read_small(&s, 4096).ok())
                .map(|b| foothold_core::escape_name(&b))
        } else {
            None
        };
        Entry {
            name: name.to_string(),
            path,
            kind,
            size: if kind == EntryKind::Dir {
                0
            } else {
                inode.size
            },
            entry: u64::from(ino),
            sequence: None,
            deleted: inode.links == 0,
            times: inode.times.clone(),
            uid: Some(inode.uid),
            gid: Some(inode.gid),
            mode: Some(u32::from(inode.mode)),
            streams: Vec::new(),
            link_target,
            flags: Vec::new(),
        }
    }

    /// `(inode, name)` pairs of a directory (without `.` and `..`) and its damage, also
    /// collecting deleted names found in slack space into `deleted`.
    fn dir_entries_with_deleted(
        &self,
        ino: u32,
        mut deleted: Option<&mut Vec<(u32, String)>>,
    ) -> Result<DirEntries> {
        let inode = self.inode(ino)?;
        if inode.kind() != EntryKind::Dir {
            return Err(Error::NotADirectory {
                path: format!("inode {ino}"),
            });
        }
        let has_type = self.sb.feature_incompat & INCOMPAT_FILETYPE != 0;
        let mut out = Vec::new();
        let mut damage = Vec::new();
        if inode.flags & FLAG_INLINE_DATA != 0 {
            // Inline directory: parent inode, then entries in i_block, then in system.data.
            if let Some(w) = parse_dirents(
                &inode.block[4..],
                has_type,
                &mut out,
                deleted.as_deref_mut(),
            ) {
                damage.push(format!(
                    "directory inode {ino}, inline entries: {w}: the names after it are missing"
                ));
            }
            if let Some(more) = inode.xattr(7, b"data") {
                if let Some(w) = parse_dirents(&more, has_type, &mut out, deleted.as_deref_mut()) {
                    damage.push(format!(
                        "directory inode {ino}, inline system.data: {w}: the names after it are missing"
                    ));
                }
            }
            return Ok((out, damage));
        }
        let s = self.stream(&inode, ino)?;
        let mut more = 0usize;
        // With metadata checksums, a leaf block ends in a 12-byte tail holding the CRC-32C of
        // (seed, inode, generation, the block before the tail): a changed name or inode
        // number is then seen, not silently read.
        let csum = (self.sb.feature_ro_compat & RO_COMPAT_METADATA_CSUM != 0).then(|| {
            let gen = u32_at(&inode.raw, 0x64).unwrap_or(0);
            let c = superblock::crc32c_raw(self.sb.csum_seed, &ino.to_le_bytes());
            superblock::crc32c_raw(c, &gen.to_le_bytes())
        });
        let mut one_block = |i: u64, block: &[u8], damage: &mut Vec<String>| {
            let n = block.len();
            let tail = n.checked_sub(12).and_then(|t| block.get(t..));
            let is_tail = tail.is_some_and(|t| {
                u32_at(t, 0) == Some(0)
                    && u16_at(t, 4) == Some(12)
                    && u8_at(t, 6) == Some(0)
                    && u8_at(t, 7) == Some(0xDE)
            });
            // htree index blocks (the root, block 0, and nodes: one empty entry spanning the
            // block) keep their checksum elsewhere (dx_tail); only leaf blocks are checked.
            let dx_node = inode.flags & FLAG_INDEX != 0
                && (i == 0
                    || (u32_at(block, 0) == Some(0)
                        && usize::from(u16_at(block, 4).unwrap_or(0)) == n));
            if let (Some(seed), true, false) = (csum, is_tail, dx_node) {
                let want = tail.and_then(|t| u32_at(t, 8));
                let got =
                    superblock::crc32c_raw(seed, block.get(..n.saturating_sub(12)).unwrap_or(&[]));
                if want != Some(got) {
                    if damage.len() < MAX_DIR_DAMAGE {
                        damage.push(format!(
                            "directory inode {ino}, block {i}: checksum does not match (stored {:#010x}, computed {got:#010x}): names in it may be altered",
                            want.unwrap_or(0)
                        ));
                    } else {
                        more = more.saturating_add(1);
                    }
                }
            }
            if let Some(w) = parse_dirents(block, has_type, &mut out, deleted.as_deref_mut()) {
                // Each damaged block is named up to a point; a hostile directory of
                // millions of empty blocks is then one summary, not millions of lines.
                if damage.len() < MAX_DIR_DAMAGE {
                    damage.push(format!(
                        "directory inode {ino}, block {i}: {w}: the names after it are missing"
                    ));
                } else {
                    more = more.saturating_add(1);
                }
            }
        };
        // Block by block, only the blocks mapped: a directory has no holes, so a size of
        // 2^40 bytes with one block mapped is damage to say, not a terabyte of zeros to read.
        let bs = self.bs();
        let blocks = s.size.div_ceil(bs);
        let most = MAX_DIR.checked_div(bs).unwrap_or(0);
        let mut buf = vec![0u8; usize::try_from(bs).unwrap_or(4096)];
        let (mut next, mut holes, mut read, mut unread) = (0u64, 0u64, 0u64, 0u64);
        'extents: for e in &s.extents {
            let start = e.logical.max(next);
            let end = e.logical.saturating_add(e.len).min(blocks);
            if start >= end {
                continue;
            }
            holes = holes.saturating_add(start.saturating_sub(next));
            for lb in start..end {
                if read >= most {
                    damage.push(format!(
                        "directory inode {ino}: more than {MAX_DIR} bytes of blocks: the rest is not read"
                    ));
                    next = blocks;
                    break 'extents;
                }
                let at = lb.saturating_mul(bs);
                let want = usize::try_from(bs.min(s.size.saturating_sub(at))).unwrap_or(0);
                let block = buf.get_mut(..want).unwrap_or_default();
                read = read.saturating_add(1);
                match s.read_at(at, block) {
                    Ok(got) => one_block(lb, block.get(..got).unwrap_or_default(), &mut damage),
                    // A block that cannot be read (mapped past the volume's end) costs its
                    // own names only; the other blocks are still read.
                    Err(e) if damage.len() < MAX_DIR_DAMAGE => damage.push(format!(
                        "directory inode {ino}, block {lb}: {e}: its names are missing"
                    )),
                    Err(_) => unread = unread.saturating_add(1),
                }
            }
            next = end;
        }
        if unread > 0 {
            damage.push(format!(
                "directory inode {ino}: {unread} more blocks could not be read"
            ));
        }
        holes = holes.saturating_add(blocks.saturating_sub(next));
        if holes > 0 {
            damage.push(format!(
                "directory inode {ino}: {holes} of its {blocks} blocks are not mapped (a directory has no holes): its size or block map is damaged"
            ));
        }
        if more > 0 {
            damage.push(format!(
                "directory inode {ino}: {more} more damaged blocks (not listed one by one)"
            ));
        }
        Ok((out, damage))
    }
}

/// Inode flag: the directory is an htree (hashed index).
const FLAG_INDEX: u32 = 0x1000;

/// Damaged blocks of one directory named one by one before the rest are summed up.
const MAX_DIR_DAMAGE: usize = 16;

/// What one legacy block-map walk may still do: blocks left to map (the filesystem's count),
/// the indirect blocks read, and whose map it is.
struct BlockMapWalk {
    budget: u64,
    seen: HashSet<u64>,
    ino: u32,
}

/// A directory's `(inode, name)` pairs and what was damaged in it.
type DirEntries = (Vec<(u32, String)>, Vec<String>);

fn push_block(out: &mut Vec<Extent>, logical: u64, physical: u64) {
    if physical == 0 {
        return;
    }
    if let Some(last) = out.last_mut() {
        if let Some(p) = last.physical {
            if last.logical.saturating_add(last.len) == logical
                && p.saturating_add(last.len) == physical
            {
                last.len = last.len.saturating_add(1);
                return;
            }
        }
    }
    out.push(Extent {
        logical,
        len: 1,
        physical: Some(physical),
    });
}

/// Parse the directory entries of one block (or inline area). Live entries go to `out`;
/// with `deleted`, names still readable in the slack after live entries (or after a
/// cleared entry's header) go there.
///
/// Returns what is wrong when the entries do not tile the block (a record length that is
/// too small or runs past the block, a name longer than its record): the names after the
/// damage are missing.
fn parse_dirents(
    b: &[u8],
    has_type: bool,
    out: &mut Vec<(u32, String)>,
    mut deleted: Option<&mut Vec<(u32, String)>>,
) -> Option<String> {
    let mut pos = 0usize;
    while let Some(rest) = b.get(pos..).filter(|r| r.len() >= 8) {
        let ino = u32_at(rest, 0).unwrap_or(0);
        let rec_len = usize::from(u16_at(rest, 4).unwrap_or(0));
        let name_len = name_len_at(rest, 0, has_type);
        // A record is at least its 8-byte header, a multiple of 4, and inside the block.
        let Some(rec) = rest
            .get(..rec_len)
            .filter(|_| rec_len >= 8 && rec_len & 3 == 0)
        else {
            return Some(format!(
                "entry at {pos:#x} has record length {rec_len} ({} bytes left)",
                rest.len()
            ));
        };
        let name = rec.get(8..).and_then(|r| r.get(..name_len));
        if ino != 0 && name.is_none() {
            return Some(format!(
                "entry at {pos:#x} (inode {ino}) has a {name_len}-byte name in a {rec_len}-byte record"
            ));
        }
        let used = match name {
            Some(name) if ino != 0 && name_len > 0 => {
                if name != b"." && name != b".." {
                    out.push((ino, foothold_core::escape_name(name)));
                }
                // The header and the name, rounded up to 4.
                name_len.saturating_add(11) & !3
            }
            _ => 8,
        };
        if let Some(d) = deleted.as_deref_mut() {
            slack_entries(
                rec.get(used.min(rec_len)..).unwrap_or_default(),
                has_type,
                d,
            );
        }
        pos = pos.saturating_add(rec_len);
    }
    None
}

/// The name length of the entry at `pos` (one byte with the filetype feature, else two).
fn name_len_at(b: &[u8], pos: usize, has_type: bool) -> usize {
    let at = pos.saturating_add(6);
    if has_type {
        usize::from(u8_at(b, at).unwrap_or(0))
    } else {
        usize::from(u16_at(b, at).unwrap_or(0))
    }
}

/// Deleted entries that still sit in the slack space `s` of a directory block.
fn slack_entries(s: &[u8], has_type: bool, out: &mut Vec<(u32, String)>) {
    let mut pos = 0usize;
    while let Some(rest) = s.get(pos..).filter(|r| r.len() >= 8) {
        let ino = u32_at(rest, 0).unwrap_or(0);
        let rec_len = usize::from(u16_at(rest, 4).unwrap_or(0));
        let nl = name_len_at(rest, 0, has_type);
        let name = rest.get(8..).and_then(|r| r.get(..nl));
        let plausible = ino != 0
            && rec_len >= 8
            && rec_len & 3 == 0
            && nl > 0
            && nl.saturating_add(8) <= rec_len
            && name.is_some_and(|n| !n.iter().any(|c| *c == 0 || *c == b'/'));
        match name.filter(|_| plausible) {
            Some(name) => {
                if name != b"." && name != b".." {
                    out.push((ino, foothold_core::escape_name(name)));
                }
                pos = pos.saturating_add(nl.saturating_add(11) & !3);
            }
            None => pos = pos.saturating_add(4),
        }
    }
}

fn read_small(s: &dyn DataStream, limit: u64) -> Result<Vec<u8>> {
    if s.len() > limit {
        return Err(Error::corrupt(
            "stream",
            0,
            format!("{} bytes is more than {limit}", s.len()),
        ));
    }
    crate::read_to_end(s)
}

struct Ext4Stream<'a> {
    fs: &'a Ext4,
    extents: Vec<Extent>,
    inline: Option<Vec<u8>>,
    size: u64,
}

impl DataStream for Ext4Stream<'_> {
    fn len(&self) -> u64 {
        self.size
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        if let Some(d) = &self.inline {
            let rest = usize::try_from(offset)
                .ok()
                .and_then(|o| d.get(o..))
                .unwrap_or_default();
            let n = buf.len().min(rest.len());
            if let (Some(to), Some(from)) = (buf.get_mut(..n), rest.get(..n)) {
                to.copy_from_slice(from);
            }
            return Ok(n);
        }
        if offset >= self.size || buf.is_empty() {
            return Ok(0);
        }
        let bs = self.fs.bs();
        // At most what is left of the file; `offset < size` above.
        let left_in_file = self.size.saturating_sub(offset);
        let want = usize::try_from(left_in_file).map_or(buf.len(), |l| buf.len().min(l));
        let lb = offset.checked_div(bs).unwrap_or(0);
        let within = offset.checked_rem(bs).unwrap_or(0);
        let i = self.extents.partition_point(|e| e.logical <= lb);
        let ext = i
            .checked_sub(1)
            .and_then(|i| self.extents.get(i))
            .filter(|e| lb < e.logical.saturating_add(e.len));
        let n = match ext {
            Some(e) => {
                // Bytes from `offset` to the end of the extent.
                let left = e
                    .logical
                    .saturating_add(e.len)
                    .saturating_sub(lb)
                    .saturating_mul(bs)
                    .saturating_sub(within);
                let n = usize::try_from(left).map_or(want, |l| want.min(l));
                let out = buf.get_mut(..n).unwrap_or_default();
                match e.physical {
                    Some(p) => {
                        let at = p
                            .checked_add(lb.saturating_sub(e.logical))
                            .and_then(|b| b.checked_mul(bs))
                            .and_then(|x| x.checked_add(within))
                            .ok_or_else(|| Error::corrupt("extent", p, "block out of range"))?;
                        self.fs
                            .src
                            .read_exact_at(at, out)
                            .map_err(|e| Error::io(at, e))?;
                    }
                    None => out.fill(0),
                }
                n
            }
            None => {
                // A hole: zeros up to the next extent (which starts past `offset`).
                let next = self
                    .extents
                    .get(i)
                    .map(|e| e.logical.saturating_mul(bs).saturating_sub(offset));
                let n = next
                    .and_then(|x| usize::try_from(x).ok())
                    .map_or(want, |x| want.min(x));
                buf.get_mut(..n).unwrap_or_default().fill(0);
                n
            }
        };
        Ok(n)
    }
}

impl FileSystem for Ext4 {
    fn kind(&self) -> &'static str {
        let sb = &self.sb;
        if sb.feature_incompat & (0x40 | 0x80 | 0x200 | 0x8000) != 0
            || sb.feature_ro_compat & (0x8 | 0x20 | 0x40 | 0x400) != 0
        {
            "ext4"
        } else if sb.feature_compat & 0x4 != 0 {
            "ext3"
        } else {
            "ext2"
        }
    }
    fn label(&self) -> Option<String> {
        self.sb.label.clone()
    }
    fn warnings(&self) -> Vec<String> {
        self.warnings.lock().map(|v| v.clone()).unwrap_or_default()
    }
    fn root(&self) -> Result<Entry> {
        let inode = self.inode(ROOT_INO)?;
        if inode.kind() != EntryKind::Dir {
            // A root that is no directory (a damaged inode table, a descriptor pointing
            // elsewhere) would list as one odd entry and nothing else: say it.
            return Err(Error::corrupt(
                "root directory",
                inode.at,
                format!("inode 2 is not a directory (mode {:o})", inode.mode),
            ));
        }
        Ok(self.make_entry(ROOT_INO, &inode, "", "/".into()))
    }
    fn read_dir(&self, dir: &Entry) -> Result<Listing> {
        let ino = u32::try_from(dir.entry)
            .map_err(|_| Error::corrupt("inode number", dir.entry, "out of range"))?;
        let mut out = Listing::default();
        let (entries, damage) = self.dir_entries_with_deleted(ino, None)?;
        for d in damage {
            out.problems.push(Problem {
                path: dir.path.clone(),
                entry: Some(dir.entry),
                offset: None,
                message: d,
            });
        }
        for (child, name) in entries {
            let path = join(&dir.path, &name);
            match self.inode(child) {
                Ok(inode) => {
                    if !inode.checksum_ok {
                        out.problems.push(Problem {
                            path: path.clone(),
                            entry: Some(u64::from(child)),
                            offset: None,
                            message: format!(
                                "inode {child} checksum does not match: its size, times, owner or blocks may be altered"
                            ),
                        });
                    }
                    out.entries
                        .push(self.make_entry(child, &inode, &name, path))
                }
                Err(e) => out.problems.push(Problem {
                    path,
                    entry: Some(u64::from(child)),
                    offset: e.offset(),
                    message: format!("inode {child} unreadable: {e}"),
                }),
            }
        }
        Ok(out)
    }
    fn lookup(&self, path: &str) -> Result<Entry> {
        let mut ino = ROOT_INO;
        let mut name = String::new();
        let mut cur = "/".to_string();
        for comp in path.split('/').filter(|c| !c.is_empty() && *c != ".") {
            let (entries, damage) = self.dir_entries_with_deleted(ino, None)?;
            let found = entries.into_iter().find(|(_, n)| n == comp);
            // Not found in a damaged directory is not "not there": say what is damaged.
            let (child, n) = match (found, damage.first()) {
                (Some(x), _) => x,
                (None, Some(d)) => {
                    return Err(Error::corrupt(
                        "directory",
                        u64::from(ino),
                        format!("{cur}: {comp} not found, and {d}"),
                    ))
                }
                (None, None) => return Err(Error::NotFound { path: path.into() }),
            };
            ino = child;
            cur = join(&cur, &n);
            name = n;
        }
        let inode = self.inode(ino)?;
        Ok(self.make_entry(ino, &inode, &name, cur))
    }
    fn open_stream<'a>(
        &'a self,
        entry: &Entry,
        stream: Option<&str>,
    ) -> Result<Box<dyn DataStream + 'a>> {
        if let Some(s) = stream {
            return Err(Error::NotFound {
                path: format!("{}:{s} (ext has no named streams)", entry.path),
            });
        }
        let ino = u32::try_from(entry.entry)
            .map_err(|_| Error::corrupt("inode number", entry.entry, "out of range"))?;
        let inode = self.inode(ino)?;
        Ok(Box::new(self.stream(&inode, ino)?))
    }
    fn clusters_in_use(&self, entry: &Entry, _stream: Option<&str>) -> Result<Option<(u64, u64)>> {
        let ino = u32::try_from(entry.entry)
            .map_err(|_| Error::corrupt("inode number", entry.entry, "out of range"))?;
        let inode = self.inode(ino)?;
        if inode.flags & FLAG_INLINE_DATA != 0 {
            return Ok(None);
        }
        let extents = self.extents(&inode, ino)?;
        let bpg = u64::from(self.sb.blocks_per_group.max(1));
        let first = u64::from(self.sb.first_data_block);
        let mut bitmap: Option<(u64, Vec<u8>)> = None;
        let (mut used, mut total) = (0u64, 0u64);
        for x in &extents {
            let Some(start) = x.physical else { continue };
            for b in start..start.saturating_add(x.len) {
                if total >= MAX_COUNTED_BLOCKS || b < first {
                    break;
                }
                total = total.saturating_add(1);
                // `b ≥ first` (checked above); `bpg ≥ 1`.
                let g = b.saturating_sub(first).checked_div(bpg).unwrap_or(0);
                if g >= self.groups {
                    continue;
                }
                if bitmap.as_ref().is_none_or(|(bg, _)| *bg != g) {
                    bitmap = Some((g, self.block_bitmap(g)?));
                }
                let bit = b.saturating_sub(first).checked_rem(bpg).unwrap_or(0);
                let map = &bitmap.as_ref().expect("set above").1;
                if usize::try_from(bit >> 3)
                    .ok()
                    .and_then(|byte| map.get(byte))
                    .is_some_and(|v| v >> (bit & 7) & 1 == 1)
                {
                    used = used.saturating_add(1);
                }
            }
        }
        Ok(Some((used, total)))
    }
    fn deleted(&self) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        let mut named = HashSet::new();
        // 1. Names left in directory slack whose inode is not in use again (fls shows these).
        let mut seen = HashSet::from([ROOT_INO]);
        let mut dirs = vec![(ROOT_INO, "/".to_string())];
        while let Some((dir, path)) = dirs.pop() {
            let mut gone = Vec::new();
            let Ok((live, _)) = self.dir_entries_with_deleted(dir, Some(&mut gone)) else {
                continue;
            };
            for (child, name) in live {
                if let Ok(inode) = self.inode(child) {
                    if inode.kind() == EntryKind::Dir && seen.insert(child) {
                        dirs.push((child, join(&path, &name)));
                    }
                }
            }
            for (child, name) in gone {
                let Ok(inode) = self.inode(child) else {
                    continue;
                };
                if inode.links != 0 || inode.mode == 0 && inode.times.deleted_time.is_none() {
                    continue; // reallocated, or never used
                }
                named.insert(child);
                let mut e = self.make_entry(child, &inode, &name, join(&path, &name));
                e.deleted = true;
                out.push(e);
            }
        }
        // 2. Deleted inodes no name points to, listed as TSK does under $OrphanFiles.
        let count = u64::from(self.sb.inodes_count).min(
            self.groups
                .saturating_mul(u64::from(self.sb.inodes_per_group)),
        );
        for ino in 1..=count as u32 {
            if named.contains(&ino) {
                continue;
            }
            let Ok(inode) = self.inode(ino) else { continue };
            if inode.mode == 0 || inode.links != 0 || inode.times.deleted_time.is_none() {
                continue;
            }
            let name = format!("OrphanFile-{ino}");
            let mut e = self.make_entry(ino, &inode, &name, format!("/$OrphanFiles/{name}"));
            e.deleted = true;
            out.push(e);
        }
        Ok(out)
    }
}
