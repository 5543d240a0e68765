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
        let r = find_run(runs, offset / cs)?;
        (r.lcn? + (offset / cs - r.vcn))
            .checked_mul(cs)?
            .checked_add(offset % cs)
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
                let Ok(start) = usize::try_from(offset) else {
                    return Ok(0);
                };
                if start >= v.len() {
                    return Ok(0);
                }
                let n = buf.len().min(v.len() - start);
                buf[..n].copy_from_slice(&v[start..start + n]);
                return Ok(n);
            }
            StreamData::NonResident {
                runs,
                size,
                initialized,
                compression_unit,
            } => (runs, *size, *initialized, *compression_unit),
        };
        if offset >= size || buf.is_empty() {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(size - offset).unwrap_or(usize::MAX));
        let buf = &mut buf[..want];
        let mut done = 0usize;
        while done < want {
            let pos = offset + done as u64;
            if pos >= initialized {
                // Past the initialized size the file reads as zeros.
                buf[done..].fill(0);
                done = want;
                break;
            }
            let limit = (want - done).min(usize::try_from(initialized - pos).unwrap_or(usize::MAX));
            let n = match cu {
                Some(unit_clusters) => read_compressed(
                    src,
                    cs,
                    runs,
                    unit_clusters,
                    pos,
                    &mut buf[done..done + limit],
                    cache,
                )?,
                None => read_plain(src, cs, runs, pos, &mut buf[done..done + limit])?,
            };
            if n == 0 {
                break;
            }
            done += n;
        }
        Ok(done)
    }
}

/// The run holding `vcn`, if any.
fn find_run(runs: &[Run], vcn: u64) -> Option<&Run> {
    let i = runs.partition_point(|r| r.vcn <= vcn);
    let r = runs.get(i.checked_sub(1)?)?;
    (vcn < r.vcn + r.len).then_some(r)
}

/// Read from an uncompressed run list; stops at a run boundary.
fn read_plain(src: &dyn ReadAt, cs: u64, runs: &[Run], pos: u64, buf: &mut [u8]) -> Result<usize> {
    let vcn = pos / cs;
    let in_cluster = pos % cs;
    let Some(run) = find_run(runs, vcn) else {
        // No run maps this cluster (a hole in a damaged list): reads as zeros up to the next run.
        let next = runs.iter().find(|r| r.vcn > vcn).map(|r| r.vcn * cs);
        let n = next
            .map_or(buf.len() as u64, |n| n - pos)
            .min(buf.len() as u64) as usize;
        buf[..n].fill(0);
        return Ok(n);
    };
    let run_left = (run.vcn + run.len - vcn) * cs - in_cluster;
    let n = (buf.len() as u64).min(run_left) as usize;
    match run.lcn {
        None => buf[..n].fill(0),
        Some(lcn) => {
            let at = (lcn + (vcn - run.vcn))
                .checked_mul(cs)
                .and_then(|b| b.checked_add(in_cluster))
                .ok_or_else(|| Error::corrupt("run list", lcn, "cluster offset overflows"))?;
            src.read_exact_at(at, &mut buf[..n])
                .map_err(|e| Error::io(at, e))?;
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
    let unit_size = cs * unit_clusters;
    let unit = pos / unit_size;
    let within = (pos % unit_size) as usize;
    let copy_out = |data: &[u8], buf: &mut [u8]| {
        let n = buf.len().min(data.len().saturating_sub(within));
        buf[..n].copy_from_slice(&data[within..within + n]);
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
    let first_vcn = unit * unit_clusters;
    let mut clusters = Vec::with_capacity(unit_clusters as usize);
    for v in first_vcn..first_vcn + unit_clusters {
        clusters.push(find_run(runs, v).and_then(|r| r.lcn.map(|l| l + (v - r.vcn))));
    }
    let allocated = clusters.iter().take_while(|c| c.is_some()).count();
    let mut raw = vec![0u8; allocated * cs as usize];
    for (i, lcn) in clusters.iter().take(allocated).enumerate() {
        if let Some(l) = lcn {
            let at = l.saturating_mul(cs);
            src.read_exact_at(at, &mut raw[i * cs as usize..(i + 1) * cs as usize])
                .map_err(|e| Error::io(at, e))?;
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
