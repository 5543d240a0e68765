//! The bytes of an NTFS attribute: resident, or mapped by its run list (sparse, compressed).
//! Arithmetic on run lists and offsets is checked (the lints below): a run list written to
//! reach `u64::MAX` is an error, not a wrapped read.
use super::lznt1::lznt1_decompress;
use super::runlist::Run;
use crate::{DataStream, Error, ReadAt, Result};
use std::sync::Mutex;

/// The last decompressed compression unit: (unit number, bytes).
pub(crate) type UnitCache = Mutex<Option<(u64, Vec<u8>)>>;

/// Where the bytes of one attribute live, with its sizes.
#[derive(Debug, Clone)]
pub(crate) enum StreamData {
    Resident(Vec<u8>),
    NonResident {
        runs: Vec<Run>,
        size: u64,
        initialized: u64,
        /// Clusters per compression unit when the attribute is LZNT1-compressed.
        compression_unit: Option<u64>,
    },
}

impl StreamData {
    pub(crate) fn len(&self) -> u64 {
        match self {
            StreamData::Resident(v) => v.len() as u64,
            StreamData::NonResident { size, .. } => *size,
        }
    }

    /// The volume byte offset holding stream byte `offset`, when it is allocated on disk
    /// (not resident, sparse, compressed or unmapped).
    pub(crate) fn volume_offset(&self, cs: u64, offset: u64) -> Option<u64> {
        let StreamData::NonResident {
            runs,
            compression_unit: None,
            ..
        } = self
        else {
            return None;
        };
        let vcn = offset.checked_div(cs)?;
        let r = find_run(runs, vcn)?;
        r.lcn?
            .checked_add(vcn.checked_sub(r.vcn)?)?
            .checked_mul(cs)?
            .checked_add(offset.checked_rem(cs)?)
    }

    /// Read at `offset` from the volume `src` with `cs`-byte clusters.
    pub(crate) fn read_at(
        &self,
        src: &dyn ReadAt,
        cs: u64,
        offset: u64,
        buf: &mut [u8],
        cache: Option<&UnitCache>,
    ) -> Result<usize> {
        let (runs, size, initialized, cu) = match self {
            StreamData::Resident(v) => {
                let Some(src) = usize::try_from(offset).ok().and_then(|s| v.get(s..)) else {
                    return Ok(0);
                };
                let n = buf.len().min(src.len());
                if let (Some(d), Some(s)) = (buf.get_mut(..n), src.get(..n)) {
                    d.copy_from_slice(s);
                }
                return Ok(n);
            }
            StreamData::NonResident {
                runs,
                size,
                initialized,
                compression_unit,
            } => (runs, *size, *initialized, *compression_unit),
        };
        let Some(left) = size.checked_sub(offset).filter(|&l| l > 0) else {
            return Ok(0);
        };
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let Some(buf) = buf.get_mut(..want) else {
            return Ok(0);
        };
        let mut done = 0usize;
        while let Some(rest) = buf.get_mut(done..).filter(|r| !r.is_empty()) {
            let Some(pos) = offset.checked_add(done as u64) else {
                break;
            };
            let Some(init_left) = initialized.checked_sub(pos).filter(|&l| l > 0) else {
                // Past the initialized size the file reads as zeros.
                rest.fill(0);
                done = want;
                break;
            };
            let limit = rest
                .len()
                .min(usize::try_from(init_left).unwrap_or(usize::MAX));
            let Some(dest) = rest.get_mut(..limit) else {
                break;
            };
            let n = match cu {
                Some(unit_clusters) => {
                    read_compressed(src, cs, runs, unit_clusters, pos, dest, cache)?
                }
                None => read_plain(src, cs, runs, pos, dest)?,
            };
            if n == 0 {
                break;
            }
            done = done.saturating_add(n);
        }
        Ok(done)
    }
}

/// The run holding `vcn`, if any.
fn find_run(runs: &[Run], vcn: u64) -> Option<&Run> {
    let i = runs.partition_point(|r| r.vcn <= vcn);
    let r = runs.get(i.checked_sub(1)?)?;
    // vcn + len was checked when the run list was decoded.
    (vcn < r.vcn.saturating_add(r.len)).then_some(r)
}

/// Read from an uncompressed run list; stops at a run boundary.
fn read_plain(src: &dyn ReadAt, cs: u64, runs: &[Run], pos: u64, buf: &mut [u8]) -> Result<usize> {
    let (Some(vcn), Some(in_cluster)) = (pos.checked_div(cs), pos.checked_rem(cs)) else {
        return Ok(0);
    };
    let Some(run) = find_run(runs, vcn) else {
        // No run maps this cluster (a hole in a damaged list): reads as zeros up to the next run.
        let next = runs
            .iter()
            .find(|r| r.vcn > vcn)
            .map(|r| r.vcn.saturating_mul(cs));
        let n = next
            .map_or(buf.len() as u64, |n| n.saturating_sub(pos))
            .min(buf.len() as u64) as usize;
        if let Some(d) = buf.get_mut(..n) {
            d.fill(0);
        }
        return Ok(n);
    };
    // Clusters of the run from `vcn` on, in bytes less the part of this cluster before
    // `pos`: saturating is exact here, only its minimum with the buffer is used.
    let run_left = run
        .vcn
        .saturating_add(run.len)
        .saturating_sub(vcn)
        .saturating_mul(cs)
        .saturating_sub(in_cluster);
    let n = (buf.len() as u64).min(run_left) as usize;
    let Some(dest) = buf.get_mut(..n) else {
        return Ok(0);
    };
    match run.lcn {
        None => dest.fill(0),
        Some(lcn) => {
            let at = vcn
                .checked_sub(run.vcn)
                .and_then(|d| lcn.checked_add(d))
                .and_then(|c| c.checked_mul(cs))
                .and_then(|b| b.checked_add(in_cluster))
                .ok_or_else(|| Error::corrupt("run list", lcn, "cluster offset overflows"))?;
            src.read_exact_at(at, dest).map_err(|e| Error::io(at, e))?;
        }
    }
    Ok(n)
}

/// Read from an LZNT1-compressed attribute, one compression unit at a time.
fn read_compressed(
    src: &dyn ReadAt,
    cs: u64,
    runs: &[Run],
    unit_clusters: u64,
    pos: u64,
    buf: &mut [u8],
    cache: Option<&UnitCache>,
) -> Result<usize> {
    // unit_clusters is at most 256 (checked when the attribute was read), cs at most 2 MiB.
    let unit_size = cs
        .checked_mul(unit_clusters)
        .filter(|&u| u > 0)
        .ok_or_else(|| Error::corrupt("compressed attribute", pos, "compression unit overflows"))?;
    let (unit, within) = (
        pos.checked_div(unit_size).unwrap_or(0),
        pos.checked_rem(unit_size).unwrap_or(0) as usize,
    );
    let copy_out = |data: &[u8], buf: &mut [u8]| {
        let src = data.get(within..).unwrap_or_default();
        let n = buf.len().min(src.len());
        if let (Some(d), Some(s)) = (buf.get_mut(..n), src.get(..n)) {
            d.copy_from_slice(s);
        }
        n
    };
    if let Some(c) = cache {
        if let Ok(guard) = c.lock() {
            if let Some((u, data)) = guard.as_ref() {
                if *u == unit {
                    return Ok(copy_out(data, buf));
                }
            }
        }
    }
    // unit × unit_clusters <= pos / cs: no wrap.
    let first_vcn = unit.saturating_mul(unit_clusters);
    let mut clusters = Vec::with_capacity(unit_clusters as usize);
    for v in first_vcn..first_vcn.saturating_add(unit_clusters) {
        clusters.push(
            find_run(runs, v)
                .and_then(|r| r.lcn.and_then(|l| l.checked_add(v.checked_sub(r.vcn)?))),
        );
    }
    let allocated = clusters.iter().take_while(|c| c.is_some()).count();
    let cluster = usize::try_from(cs).unwrap_or(usize::MAX);
    let mut raw = vec![0u8; allocated.saturating_mul(cluster)];
    for (lcn, chunk) in clusters
        .iter()
        .take(allocated)
        .zip(raw.chunks_exact_mut(cluster))
    {
        if let Some(l) = lcn {
            let at = l
                .checked_mul(cs)
                .ok_or_else(|| Error::corrupt("run list", *l, "cluster offset overflows"))?;
            src.read_exact_at(at, chunk).map_err(|e| Error::io(at, e))?;
        }
    }
    let data = if allocated as u64 == unit_clusters {
        // Did not compress: stored as is.
        raw
    } else if allocated == 0 {
        vec![0u8; unit_size as usize]
    } else {
        let mut out = Vec::with_capacity(unit_size as usize);
        lznt1_decompress(&raw, unit_size as usize, &mut out)?;
        out.resize(unit_size as usize, 0);
        out
    };
    let n = copy_out(&data, buf);
    if let Some(c) = cache {
        if let Ok(mut guard) = c.lock() {
            *guard = Some((unit, data));
        }
    }
    Ok(n)
}

/// An open NTFS attribute stream.
pub(crate) struct NtfsStream<'a> {
    pub(crate) src: &'a dyn ReadAt,
    pub(crate) cluster_size: u64,
    pub(crate) data: StreamData,
    pub(crate) cache: UnitCache,
}

impl DataStream for NtfsStream<'_> {
    fn len(&self) -> u64 {
        self.data.len()
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        self.data
            .read_at(self.src, self.cluster_size, offset, buf, Some(&self.cache))
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::ntfs::decode_runlist;

    /// Run lists written to reach the end of the 64-bit space: a mapping pair of an 8-byte
    /// length and an 8-byte offset near `i64::MAX`. Reading through them is an error (or
    /// zeros for a sparse run), never a wrapped offset — in this test build, overflow checks
    /// would make a wrap a panic.
    #[test]
    fn run_lists_at_the_end_of_the_address_space_do_not_wrap() {
        let disk = vec![0u8; 1 << 16];
        // 0x88: an 8-byte length (2^62) then an 8-byte offset (2^62).
        let mut pairs = vec![0x88];
        pairs.extend_from_slice(&(1u64 << 62).to_le_bytes());
        pairs.extend_from_slice(&(1u64 << 62).to_le_bytes());
        pairs.push(0);
        let runs = decode_runlist(&pairs, 0, 0).expect("decodes");
        assert_eq!(runs[0].lcn, Some(1 << 62));
        for size in [4096u64, u64::MAX] {
            let data = StreamData::NonResident {
                runs: runs.clone(),
                size,
                initialized: size,
                compression_unit: None,
            };
            let mut buf = [0u8; 512];
            for offset in [0u64, 1 << 40, size - 512]
                .into_iter()
                .filter(|&o| o < size)
            {
                let r = data.read_at(&disk, 4096, offset, &mut buf, None);
                assert!(r.is_err(), "offset {offset:#x}: {r:?}");
            }
            assert_eq!(data.volume_offset(4096, 1 << 40), None);
            // Compressed: the same run, every cluster of a unit mapped far away.
            let compressed = StreamData::NonResident {
                runs: runs.clone(),
                size,
                initialized: size,
                compression_unit: Some(16),
            };
            assert!(compressed.read_at(&disk, 4096, 0, &mut buf, None).is_err());
        }
        // A run longer than any volume, sparse: zeros, as NTFS reads a hole.
        let sparse = vec![super::Run {
            vcn: 0,
            len: i64::MAX as u64,
            lcn: None,
        }];
        let data = StreamData::NonResident {
            runs: sparse,
            size: u64::MAX,
            initialized: u64::MAX,
            compression_unit: None,
        };
        let mut buf = [7u8; 64];
        assert_eq!(
            data.read_at(&disk, 4096, u64::MAX - 64, &mut buf, None)
                .unwrap(),
            64
        );
        assert!(buf.iter().all(|&b| b == 0));
        // A mapping pair whose lengths run past the attribute: an error.
        assert!(decode_runlist(&[0x88, 1, 2, 3], 0, 0).is_err());
    }
}
