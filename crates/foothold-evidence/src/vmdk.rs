//! VMware VMDK, read-only: hosted sparse extents (monolithicSparse, streamOptimized with
//! compressed grains, twoGbMaxExtentSparse extents) and descriptor files naming sparse,
//! flat and zero extents. Snapshots with a parent disk are refused.
use crate::cache::BlockCache;
use crate::codec::{inflate, invalid, read_by_block, Fields};
use crate::{Error, RawImage, ReadAt, Result};
use std::io;
use std::path::{Path, PathBuf};

const FORMAT: &str = "vmdk";
pub(crate) const SPARSE_MAGIC: &[u8; 4] = b"KDMV";
pub(crate) const COWD_MAGIC: &[u8; 4] = b"COWD";
pub(crate) const DESCRIPTOR_START: &[u8] = b"# Disk DescriptorFile";
const GD_AT_END: u64 = u64::MAX;
const SECTOR: u64 = 512;
/// Extents per descriptor, and the size a text descriptor may have.
const MAX_EXTENTS: usize = 10_000;
const MAX_DESCRIPTOR: usize = 1 << 20;

/// A VMDK disk: one or more extents laid end to end.
#[derive(Debug)]
pub struct Vmdk {
    extents: Vec<(u64, Extent)>,
    len: u64,
    create_type: String,
}

#[derive(Debug)]
enum Extent {
    Flat {
        file: RawImage,
        offset: u64,
        len: u64,
    },
    /// A sparse extent and the part of it the descriptor uses.
    Sparse(Box<Sparse>, u64),
    Zero {
        len: u64,
    },
}

impl Extent {
    fn len(&self) -> u64 {
        match self {
            Extent::Flat { len, .. } | Extent::Zero { len } => *len,
            Extent::Sparse(_, len) => *len,
        }
    }
    fn read(&self, pos: u64, dest: &mut [u8]) -> io::Result<()> {
        match self {
            Extent::Zero { .. } => {
                dest.fill(0);
                Ok(())
            }
            Extent::Flat { file, offset, .. } => {
                let at = offset.checked_add(pos).ok_or_else(|| {
                    invalid(format!(
                        "{}: extent offset {offset:#x} + {pos:#x} overflows",
                        file.path().display()
                    ))
                })?;
                file.read_exact_at(at, dest)
                    .map_err(|e| invalid(format!("{} at {at:#x}: {e}", file.path().display())))
            }
            Extent::Sparse(s, _) => {
                let n = read_by_block(s.capacity, s.grain, pos, dest, |g, within, d| {
                    s.read_grain_part(g, within, d)
                })?;
                if n != dest.len() {
                    return Err(invalid("read past the end of a sparse extent"));
                }
                Ok(())
            }
        }
    }
}

/// One hosted sparse extent (`KDMV`).
#[derive(Debug)]
struct Sparse {
    file: RawImage,
    capacity: u64,
    grain: u64,
    gt_entries: u64,
    gd: Vec<u32>,
    compressed: bool,
    markers: bool,
    cache: BlockCache,
}

struct SparseHeader {
    flags: u32,
    capacity: u64,
    grain: u64,
    descriptor: (u64, u64),
    gt_entries: u32,
    gd_offset: u64,
    compression: u16,
}

/// The `KDMV` header in `h` (at `base` in the file); `None` without the magic.
fn sparse_header(path: &Path, h: &[u8], base: u64) -> Result<Option<SparseHeader>> {
    if !h.starts_with(SPARSE_MAGIC) {
        return Ok(None);
    }
    let f = Fields::new(path, FORMAT, h, base);
    Ok(Some(SparseHeader {
        flags: f.u32(8)?,
        capacity: f.u64(12)?,
        grain: f.u64(20)?,
        descriptor: (f.u64(28)?, f.u64(36)?),
        gt_entries: f.u32(44)?,
        gd_offset: f.u64(56)?,
        compression: f.u16(77)?,
    }))
}

impl Sparse {
    fn open(file: RawImage) -> Result<(Self, Option<String>)> {
        let path = file.path().to_path_buf();
        let path = path.as_path();
        let b = file.as_bytes();
        let bad = |at: u64, what: String| Error::corrupt(path, FORMAT, at, what);
        let mut h =
            sparse_header(path, b, 0)?.ok_or_else(|| bad(0, "no sparse extent header".into()))?;
        let descriptor = {
            let (s, n) = h.descriptor;
            let s = usize::try_from(s.saturating_mul(SECTOR)).unwrap_or(usize::MAX);
            let n = usize::try_from(n.saturating_mul(SECTOR))
                .unwrap_or(usize::MAX)
                .min(MAX_DESCRIPTOR);
            b.get(s..s.saturating_add(n)).filter(|_| n > 0).map(|d| {
                let text = d.split(|&x| x == 0).next().unwrap_or_default();
                String::from_utf8_lossy(text).into_owned()
            })
        };
        if h.gd_offset == GD_AT_END {
            // streamOptimized: the real header is in the footer, 1 KiB before the end.
            let at = b
                .len()
                .checked_sub(1024)
                .ok_or_else(|| bad(0, "no footer".into()))?;
            let footer_at = at.saturating_add(512);
            h = sparse_header(
                path,
                b.get(footer_at..).unwrap_or_default(),
                footer_at as u64,
            )?
            .ok_or_else(|| bad(footer_at as u64, "no footer header".into()))?;
            if h.gd_offset == GD_AT_END {
                return Err(bad(
                    at as u64,
                    "footer has no grain directory offset".into(),
                ));
            }
        }
        if !h.grain.is_power_of_two() || !(1..=2048).contains(&h.grain) {
            return Err(bad(20, format!("grain size {} sectors", h.grain)));
        }
        if h.gt_entries == 0 || h.gt_entries > 65_536 {
            return Err(bad(44, format!("{} entries per grain table", h.gt_entries)));
        }
        // At most 2048 sectors (checked above).
        let grain = h.grain.saturating_mul(SECTOR);
        let capacity = h
            .capacity
            .checked_mul(SECTOR)
            .ok_or_else(|| bad(12, "capacity overflows".into()))?;
        let gd_len = capacity.div_ceil(grain).div_ceil(u64::from(h.gt_entries));
        let s = usize::try_from(h.gd_offset.saturating_mul(SECTOR)).unwrap_or(usize::MAX);
        let raw = usize::try_from(gd_len)
            .ok()
            .and_then(|n| n.checked_mul(4))
            .and_then(|n| s.checked_add(n))
            .and_then(|e| b.get(s..e))
            .ok_or_else(|| {
                bad(
                    h.gd_offset.saturating_mul(SECTOR),
                    format!("grain directory of {gd_len} entries runs past the end"),
                )
            })?;
        let gd = Fields::new(path, FORMAT, raw, s as u64).u32s(0, raw.len() / 4)?;
        let compressed = h.flags & (1 << 16) != 0 && h.compression == 1;
        let sparse = Sparse {
            capacity,
            grain,
            gt_entries: u64::from(h.gt_entries),
            gd,
            compressed,
            markers: h.flags & (1 << 17) != 0,
            cache: BlockCache::new(32 << 20, usize::try_from(grain).unwrap_or(usize::MAX)),
            file,
        };
        Ok((sparse, descriptor))
    }

    fn read_grain_part(&self, g: u64, within: u64, dest: &mut [u8]) -> io::Result<()> {
        // gt_entries is 1..=65,536 (checked at open).
        let gt = usize::try_from(g.checked_div(self.gt_entries).unwrap_or(0))
            .ok()
            .and_then(|i| self.gd.get(i))
            .copied()
            .unwrap_or(0);
        if gt == 0 {
            dest.fill(0);
            return Ok(());
        }
        // A sector number below 2^32 and an entry below 65,536: far below 2^64.
        let at = u64::from(gt).saturating_mul(SECTOR).saturating_add(
            g.checked_rem(self.gt_entries)
                .unwrap_or(0)
                .saturating_mul(4),
        );
        let mut e = [0u8; 4];
        self.file
            .read_exact_at(at, &mut e)
            .map_err(|err| invalid(format!("grain {g}: table entry at {at:#x}: {err}")))?;
        let sector = u64::from(u32::from_le_bytes(e));
        if sector <= 1 {
            dest.fill(0); // unallocated (0) or a zeroed grain (1)
            return Ok(());
        }
        let at = sector.saturating_mul(SECTOR);
        if !self.compressed {
            return self
                .file
                .read_exact_at(at.saturating_add(within), dest)
                .map_err(|err| invalid(format!("grain {g} at {at:#x}: {err}")));
        }
        let data = self.cache.get_or(g, || {
            // Grain marker: LBA (u64), compressed size (u32), then the zlib stream; read
            // positionally (not through the map), so memory stays what the cache holds.
            let head: usize = if self.markers { 12 } else { 4 };
            let size = self
                .file
                .read_vec(at, head)
                .ok()
                .and_then(|h| foothold_core::u32_at(&h, head.saturating_sub(4)))
                .ok_or_else(|| invalid(format!("grain {g} at {at:#x} lies past the end")))?
                as usize;
            // Deflate never more than doubles a grain: a larger size is damage.
            if size as u64 > self.grain.saturating_mul(2).saturating_add(4096) {
                return Err(invalid(format!(
                    "grain {g} at {at:#x}: {size} compressed bytes for a {}-byte grain",
                    self.grain
                )));
            }
            let body = self
                .file
                .read_vec(at.saturating_add(head as u64), size)
                .ok()
                .filter(|b| b.len() == size)
                .ok_or_else(|| {
                    invalid(format!(
                        "grain {g} at {at:#x}: {size} compressed bytes run past the end"
                    ))
                })?;
            let body = &body[..];
            let grain = usize::try_from(self.grain).unwrap_or(usize::MAX);
            let out = inflate(body, true, grain)
                .map_err(|err| invalid(format!("grain {g} at {at:#x}: {err}")))?;
            let mut out = out;
            out.resize(grain, 0); // the last grain may be stored short
            Ok::<_, io::Error>(out)
        })?;
        let src = usize::try_from(within)
            .ok()
            .and_then(|w| data.get(w..w.checked_add(dest.len())?))
            .ok_or_else(|| invalid(format!("grain {g} is shorter than a grain")))?;
        dest.copy_from_slice(src);
        Ok(())
    }
}

impl Vmdk {
    /// Open a VMDK from a sparse extent file or a text descriptor.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        Self::from_image(RawImage::open(path)?)
    }

    /// Open a VMDK held in `head` (mapped or in memory); extents a descriptor names are
    /// opened beside its path.
    pub(crate) fn from_image(head: RawImage) -> Result<Self> {
        let path = head.path().to_path_buf();
        let path = path.as_path();
        let b = head.as_bytes();
        if b.starts_with(SPARSE_MAGIC) {
            let (sparse, descriptor) = Sparse::open(head)?;
            let text = descriptor.unwrap_or_default();
            if let Some(parent) = parent_of(&text) {
                return Err(Error::unsupported(
                    path,
                    FORMAT,
                    format!("a snapshot with a parent disk (`{parent}`)"),
                ));
            }
            let create_type =
                value(&text, "createType").unwrap_or_else(|| "monolithicSparse".into());
            let len = sparse.capacity;
            return Ok(Vmdk {
                extents: vec![(0, Extent::Sparse(Box::new(sparse), len))],
                len,
                create_type,
            });
        }
        if b.starts_with(COWD_MAGIC) {
            return Err(Error::unsupported(
                path,
                FORMAT,
                "an ESX COWD sparse extent",
            ));
        }
        if b.len() > MAX_DESCRIPTOR || !b.starts_with(DESCRIPTOR_START) {
            return Err(Error::corrupt(
                path,
                FORMAT,
                0,
                "neither a sparse extent nor a descriptor file",
            ));
        }
        let text = String::from_utf8_lossy(b).into_owned();
        drop(head);
        if let Some(parent) = parent_of(&text) {
            return Err(Error::unsupported(
                path,
                FORMAT,
                format!("a snapshot with a parent disk (`{parent}`)"),
            ));
        }
        let create_type = value(&text, "createType").unwrap_or_default();
        let mut extents = Vec::new();
        let mut pos = 0u64;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\0');
            let mut words = line.splitn(3, ' ');
            let access = words.next().unwrap_or("");
            if !matches!(access, "RW" | "RDONLY" | "NOACCESS") {
                continue;
            }
            if extents.len() >= MAX_EXTENTS {
                return Err(Error::corrupt(path, FORMAT, 0, "too many extents"));
            }
            let bad = |what: String| {
                Error::corrupt(
                    path,
                    FORMAT,
                    0,
                    format!("descriptor line {}: {what}", n.saturating_add(1)),
                )
            };
            let sectors: u64 = words
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("no sector count".into()))?;
            let len = sectors
                .checked_mul(SECTOR)
                .ok_or_else(|| bad("size overflows".into()))?;
            let rest = words.next().unwrap_or("");
            let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
            let (file, tail) = match rest
                .trim()
                .strip_prefix('"')
                .and_then(|r| r.split_once('"'))
            {
                Some((f, t)) => (Some(f.to_string()), t.trim()),
                None => (None, ""),
            };
            let need = |f: Option<String>| {
                f.ok_or_else(|| bad(format!("{kind} extent without a file name")))
            };
            let extent = match kind {
                "FLAT" | "VMFS" => {
                    let f = need(file)?;
                    let offset = if tail.is_empty() {
                        0
                    } else {
                        tail.parse::<u64>()
                            .ok()
                            .and_then(|o| o.checked_mul(SECTOR))
                            .ok_or_else(|| bad(format!("extent offset `{tail}` out of range")))?
                    };
                    Extent::Flat {
                        file: referenced(path, &f)?,
                        offset,
                        len,
                    }
                }
                "SPARSE" | "VMFSSPARSE" => {
                    let f = need(file)?;
                    let (s, _) = Sparse::open(referenced(path, &f)?)?;
                    if s.capacity < len {
                        return Err(bad(format!(
                            "sparse extent {} holds {} bytes, not {len}",
                            f, s.capacity
                        )));
                    }
                    Extent::Sparse(Box::new(s), len)
                }
                "ZERO" => Extent::Zero { len },
                other => {
                    return Err(Error::unsupported(
                        path,
                        FORMAT,
                        format!("extent type {other}"),
                    ))
                }
            };
            extents.push((pos, extent));
            pos = pos
                .checked_add(len)
                .ok_or_else(|| bad("disk size overflows".into()))?;
        }
        if extents.is_empty() {
            return Err(Error::corrupt(
                path,
                FORMAT,
                0,
                "descriptor names no extents",
            ));
        }
        Ok(Vmdk {
            extents,
            len: pos,
            create_type,
        })
    }

    /// The descriptor's `createType` (`monolithicSparse`, `streamOptimized`, …).
    pub fn create_type(&self) -> &str {
        &self.create_type
    }
    /// Number of extents.
    pub fn extent_count(&self) -> usize {
        self.extents.len()
    }
}

fn value(text: &str, key: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let (k, v) = l.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

fn parent_of(text: &str) -> Option<String> {
    let cid = value(text, "parentCID")?;
    if cid.eq_ignore_ascii_case("ffffffff") {
        return None;
    }
    Some(value(text, "parentFileNameHint").unwrap_or(cid))
}

impl ReadAt for Vmdk {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(left) = self.len.checked_sub(offset).filter(|&l| l > 0) else {
            return Ok(0);
        };
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let mut done = 0usize;
        let first = self
            .extents
            .partition_point(|(s, _)| *s <= offset)
            .saturating_sub(1);
        // Each extent is visited once, in order: the walk ends with the extents.
        for (start, ext) in self.extents.get(first..).unwrap_or_default() {
            let Some(rest) = want.checked_sub(done).filter(|&r| r > 0) else {
                break;
            };
            let Some(within) = offset
                .checked_add(done as u64)
                .and_then(|pos| pos.checked_sub(*start))
            else {
                break;
            };
            let room = ext.len().saturating_sub(within);
            let n = rest.min(usize::try_from(room).unwrap_or(usize::MAX));
            if n == 0 {
                continue;
            }
            let Some(dest) = done.checked_add(n).and_then(|end| buf.get_mut(done..end)) else {
                break;
            };
            ext.read(within, dest)?;
            done = done.saturating_add(n);
        }
        Ok(done)
    }
    fn len(&self) -> u64 {
        self.len
    }
}

/// An extent file the descriptor `path` names (`named`, relative to its folder and inside
/// it: `crate::reference::resolve`), opened; failing, an error naming both.
fn referenced(path: &Path, named: &str) -> Result<RawImage> {
    crate::reference::resolve(path, named)
        .and_then(RawImage::open)
        .map_err(|e| crate::Error::Referenced {
            path: path.to_path_buf(),
            what: "extent",
            file: PathBuf::from(named),
            source: Box::new(e),
        })
}
