use crate::{Error, Result};

/// One run of a non-resident attribute: `len` clusters from `vcn`, at `lcn` or sparse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// First virtual cluster of the run within the attribute.
    pub vcn: u64,
    /// Length in clusters.
    pub len: u64,
    /// First logical cluster on the volume, or `None` for a sparse run.
    pub lcn: Option<u64>,
}

/// Decode a mapping-pairs array starting at `start_vcn`.
///
/// A run whose offset field is absent is sparse; a run that lands on cluster 0 is a real
/// run at cluster 0, not a hole.
///
/// ```
/// use foothold_fs::ntfs::{decode_runlist, Run};
/// // 0x21: 1-byte length, 2-byte offset: 0x18 clusters at LCN 0x5634; then 0x01 sparse 0x10.
/// let runs = decode_runlist(&[0x21, 0x18, 0x34, 0x56, 0x01, 0x10, 0x00], 0, 0).unwrap();
/// assert_eq!(runs[0], Run { vcn: 0, len: 0x18, lcn: Some(0x5634) });
/// assert_eq!(runs[1], Run { vcn: 0x18, len: 0x10, lcn: None });
/// ```
pub fn decode_runlist(b: &[u8], start_vcn: u64, base_offset: u64) -> Result<Vec<Run>> {
    let mut runs = Vec::new();
    let mut pos = 0usize;
    let mut vcn = start_vcn;
    let mut lcn: i64 = 0;
    while let Some(&header) = b.get(pos) {
        if header == 0 {
            break;
        }
        let len_size = usize::from(header & 0x0F);
        let off_size = usize::from(header >> 4);
        let corrupt =
            |r: &str| Error::corrupt("run list", base_offset.saturating_add(pos as u64), r);
        if len_size == 0 || len_size > 8 || off_size > 8 {
            return Err(corrupt("bad mapping pair header"));
        }
        // At most 1 + 8 + 8 bytes past `pos`, which is below the buffer's length.
        let pair = len_size.saturating_add(off_size).saturating_add(1);
        let fields = b
            .get(pos.saturating_add(1)..pos.saturating_add(pair))
            .ok_or_else(|| corrupt("mapping pair runs past the attribute"))?;
        let (len_bytes, off_bytes) = fields.split_at(len_size);
        // Little-endian integers of up to 8 bytes: each byte shifted by its place (< 64).
        let mut len = 0u64;
        for (i, v) in len_bytes.iter().enumerate() {
            len |= u64::from(*v).wrapping_shl(8u32.saturating_mul(i as u32));
        }
        if len == 0 || len > i64::MAX as u64 {
            return Err(corrupt("run length out of range"));
        }
        let run_lcn = if off_size == 0 {
            None
        } else {
            let mut delta = 0i64;
            for (i, v) in off_bytes.iter().enumerate() {
                delta |= i64::from(*v).wrapping_shl(8u32.saturating_mul(i as u32));
            }
            // Sign-extend (off_size is 1..=8: bits is 8..=64).
            let bits = 8u32.saturating_mul(off_size as u32);
            if bits < 64 && delta & 1i64.wrapping_shl(bits.saturating_sub(1)) != 0 {
                delta |= (-1i64).wrapping_shl(bits);
            }
            lcn = lcn
                .checked_add(delta)
                .filter(|l| *l >= 0)
                .ok_or_else(|| corrupt("run offset out of range"))?;
            Some(lcn as u64)
        };
        runs.push(Run {
            vcn,
            len,
            lcn: run_lcn,
        });
        vcn = vcn
            .checked_add(len)
            .ok_or_else(|| corrupt("run list VCN overflow"))?;
        pos = pos.saturating_add(pair);
    }
    Ok(runs)
}
