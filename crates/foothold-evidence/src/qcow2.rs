//! QEMU copy-on-write v2/v3 (`qcow2`), read-only: standard, zero and compressed clusters
//! (deflate or zstd), and a backing file chain.
use crate::cache::BlockCache;
use crate::codec::{inflate, invalid, read_by_block, unzstd, Fields};
use crate::{Error, RawImage, ReadAt, Result};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const FORMAT: &str = "qcow2";
pub(crate) const MAGIC: &[u8; 4] = b"QFI\xfb";
const L1_OFFSET_MASK: u64 = 0x00FF_FFFF_FFFF_FE00;
const COMPRESSED: u64 = 1 << 62;

/// A qcow2 image.
pub struct Qcow2 {
    file: RawImage,
    cluster_bits: u32,
    len: u64,
    l1: Vec<u64>,
    zstd: bool,
    backing: Option<(PathBuf, Arc<dyn ReadAt>)>,
    cache: BlockCache,
    version: u32,
}

impl std::fmt::Debug for Qcow2 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Qcow2")
            .field("path", &self.file.path())
            .field("version", &self.version)
            .field("cluster_bits", &self.cluster_bits)
            .field("len", &self.len)
            .field("backing", &self.backing.as_ref().map(|b| &b.0))
            .finish()
    }
}

impl Qcow2 {
    /// Open `path`; a backing file is opened through `open_backing` (detected by content).
    pub(crate) fn open(
        path: &Path,
        open_backing: impl FnOnce(&Path) -> Result<Arc<dyn ReadAt>>,
    ) -> Result<Self> {
        Self::from_image(RawImage::open(path)?, open_backing)
    }

    /// Open a qcow2 held in `file` (mapped or in memory).
    pub(crate) fn from_image(
        file: RawImage,
        open_backing: impl FnOnce(&Path) -> Result<Arc<dyn ReadAt>>,
    ) -> Result<Self> {
        let path = file.path().to_path_buf();
        let path = path.as_path();
        let h = file.as_bytes();
        let bad = |at: u64, what: String| Error::corrupt(path, FORMAT, at, what);
        if h.len() < 72 || h.get(..4) != Some(MAGIC.as_slice()) {
            return Err(bad(0, "header too short or no QFI magic".into()));
        }
        let f = Fields::new(path, FORMAT, h, 0);
        let version = f.be_u32(4)?;
        if !(2..=3).contains(&version) {
            return Err(Error::unsupported(
                path,
                FORMAT,
                format!("version {version}"),
            ));
        }
        let cluster_bits = f.be_u32(20)?;
        if !(9..=21).contains(&cluster_bits) {
            return Err(bad(20, format!("cluster_bits {cluster_bits} out of range")));
        }
        let len = f.be_u64(24)?;
        if f.be_u32(32)? != 0 {
            return Err(Error::unsupported(path, FORMAT, "an encrypted image"));
        }
        let l1_size = f.be_u32(36)? as usize;
        let l1_offset = f.be_u64(40)?;
        let mut zstd = false;
        if version >= 3 && h.len() >= 104 {
            let incompatible = f.be_u64(72)?;
            if incompatible & (1 << 2) != 0 {
                return Err(Error::unsupported(path, FORMAT, "an external data file"));
            }
            if incompatible & (1 << 4) != 0 {
                return Err(Error::unsupported(
                    path,
                    FORMAT,
                    "extended L2 entries (subclusters)",
                ));
            }
            if incompatible & !0b1_1011 != 0 {
                return Err(Error::unsupported(
                    path,
                    FORMAT,
                    format!("incompatible features {incompatible:#x}"),
                ));
            }
            let header_len = f.be_u32(100)?;
            if incompatible & (1 << 3) != 0 && header_len > 104 {
                zstd = match h.get(104) {
                    Some(0) => false,
                    Some(1) => true,
                    other => {
                        return Err(Error::unsupported(
                            path,
                            FORMAT,
                            format!("compression type {other:?}"),
                        ))
                    }
                };
            }
        }
        // The L1 table must lie in the file: this bounds the allocation.
        let l1_bytes = l1_size.saturating_mul(8);
        let start = usize::try_from(l1_offset).unwrap_or(usize::MAX);
        let l1_raw = start
            .checked_add(l1_bytes)
            .and_then(|end| h.get(start..end))
            .ok_or_else(|| bad(40, format!("L1 table ({l1_size} entries at {l1_offset:#x}) runs past the end of the file")))?;
        let l1 = Fields::new(path, FORMAT, l1_raw, l1_offset).be_u64s(0, l1_size)?;
        // Every virtual cluster must have an L1 slot.
        let cluster = 1u64 << cluster_bits;
        let per_l2 = cluster / 8;
        let needed = len.div_ceil(cluster).div_ceil(per_l2);
        if (l1.len() as u64) < needed {
            return Err(bad(
                36,
                format!("L1 table has {} entries, the disk needs {needed}", l1.len()),
            ));
        }
        let backing_offset = f.be_u64(8)?;
        let backing_size = f.be_u32(16)? as usize;
        let backing = if backing_offset != 0 && backing_size != 0 {
            let s = usize::try_from(backing_offset).unwrap_or(usize::MAX);
            let name = s
                .checked_add(backing_size.min(1023))
                .and_then(|e| h.get(s..e))
                .ok_or_else(|| bad(8, "backing file name runs past the end".into()))?;
            let name = String::from_utf8_lossy(name).into_owned();
            let p = crate::reference::resolve(path, &name)
                .and_then(|p| crate::reference::regular_file(&p).map(|()| p))
                .map_err(|e| Error::Referenced {
                    path: path.to_path_buf(),
                    what: "backing file",
                    file: PathBuf::from(&name),
                    source: Box::new(e),
                })?;
            let src = open_backing(&p).map_err(|e| Error::Referenced {
                path: path.to_path_buf(),
                what: "backing file",
                file: p.clone(),
                source: Box::new(e),
            })?;
            Some((p, src))
        } else {
            None
        };
        Ok(Qcow2 {
            file,
            cluster_bits,
            len,
            l1,
            zstd,
            backing,
            cache: BlockCache::new(32 << 20, 1 << cluster_bits),
            version,
        })
    }

    /// Format version (2 or 3).
    pub fn version(&self) -> u32 {
        self.version
    }
    /// Cluster size in bytes.
    pub fn cluster_size(&self) -> u64 {
        1 << self.cluster_bits
    }
    /// The backing file, when this image is an overlay.
    pub fn backing_file(&self) -> Option<&Path> {
        self.backing.as_ref().map(|b| b.0.as_path())
    }

    fn u64_at(&self, at: u64) -> io::Result<u64> {
        let mut b = [0u8; 8];
        self.file.read_exact_at(at, &mut b)?;
        Ok(u64::from_be_bytes(b))
    }

    fn fill_from_backing(&self, pos: u64, dest: &mut [u8]) -> io::Result<()> {
        dest.fill(0);
        if let Some((_, b)) = &self.backing {
            // A backing file shorter than the overlay reads as zeros past its end.
            let _ = read_full(b.as_ref(), pos, dest)?;
        }
        Ok(())
    }

    fn read_cluster_part(&self, idx: u64, within: u64, dest: &mut [u8]) -> io::Result<()> {
        let cluster = self.cluster_size();
        let per_l2 = cluster / 8;
        // idx and within come from read_by_block over `len`: the position is below it.
        let pos = idx
            .checked_mul(cluster)
            .and_then(|p| p.checked_add(within))
            .ok_or_else(|| invalid(format!("cluster {idx}: position overflows")))?;
        // per_l2 is cluster / 8, at least 64.
        let l1e = usize::try_from(idx.checked_div(per_l2).unwrap_or(0))
            .ok()
            .and_then(|i| self.l1.get(i))
            .copied()
            .unwrap_or(0);
        let l2_off = l1e & L1_OFFSET_MASK;
        if l2_off == 0 {
            return self.fill_from_backing(pos, dest);
        }
        // l2_off is masked to 56 bits and the index below 2^18: no wrap.
        let entry_at =
            l2_off.saturating_add(idx.checked_rem(per_l2).unwrap_or(0).saturating_mul(8));
        let e = self
            .u64_at(entry_at)
            .map_err(|err| invalid(format!("cluster {idx}: L2 entry at {entry_at:#x}: {err}")))?;
        if e & COMPRESSED != 0 {
            let data = self.compressed_cluster(idx, e)?;
            let src = usize::try_from(within)
                .ok()
                .and_then(|w| data.get(w..w.checked_add(dest.len())?))
                .ok_or_else(|| invalid(format!("cluster {idx} is shorter than a cluster")))?;
            dest.copy_from_slice(src);
            return Ok(());
        }
        if e & 1 != 0 {
            dest.fill(0); // reads as zeros (v3)
            return Ok(());
        }
        let host = e & L1_OFFSET_MASK;
        if host == 0 {
            return self.fill_from_backing(pos, dest);
        }
        // host is masked to 56 bits and within below the cluster size: no wrap.
        self.file
            .read_exact_at(host.saturating_add(within), dest)
            .map_err(|err| invalid(format!("cluster {idx} at host offset {host:#x}: {err}")))
    }

    fn compressed_cluster(&self, idx: u64, e: u64) -> io::Result<Arc<[u8]>> {
        self.cache.get_or(idx, || {
            // cluster_bits is 9..=21 (checked at open): x is 49..=61.
            let x = 70u32.saturating_sub(self.cluster_bits);
            let host = e & (1u64 << x).wrapping_sub(1);
            let sectors =
                ((e >> x) & (1u64 << 62u32.saturating_sub(x)).wrapping_sub(1)).saturating_add(1);
            let size = sectors.saturating_mul(512).saturating_sub(host & 511);
            // Read positionally (not through the map): memory stays what the cache holds.
            let data = self
                .file
                .read_vec(host, usize::try_from(size).unwrap_or(usize::MAX))
                .map_err(|_| {
                    invalid(format!(
                        "compressed cluster {idx} at {host:#x} lies past the end of the file"
                    ))
                })?;
            let data = &data[..];
            let n = usize::try_from(self.cluster_size()).unwrap_or(usize::MAX);
            let out = if self.zstd {
                unzstd(data, n)
            } else {
                inflate(data, false, n)
            }
            .map_err(|err| invalid(format!("compressed cluster {idx} at {host:#x}: {err}")))?;
            if out.len() != n {
                return Err(invalid(format!(
                    "compressed cluster {idx} at {host:#x} inflates to {} bytes, not {n}",
                    out.len()
                )));
            }
            Ok(out)
        })
    }
}

/// Read as much as the source has at `pos` (a short source leaves the rest untouched).
pub(crate) fn read_full(src: &dyn ReadAt, pos: u64, dest: &mut [u8]) -> io::Result<usize> {
    let mut done = 0usize;
    while let Some(rest) = dest.get_mut(done..).filter(|r| !r.is_empty()) {
        let Some(at) = pos.checked_add(done as u64) else {
            break;
        };
        let n = src.read_at(at, rest)?;
        if n == 0 {
            break;
        }
        done = done.saturating_add(n);
    }
    Ok(done)
}

impl ReadAt for Qcow2 {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        read_by_block(
            self.len,
            self.cluster_size(),
            offset,
            buf,
            |idx, within, dest| self.read_cluster_part(idx, within, dest),
        )
    }
    fn len(&self) -> u64 {
        self.len
    }
}
