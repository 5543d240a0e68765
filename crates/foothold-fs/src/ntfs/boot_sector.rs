use crate::bytes::{u16_at, u64_at, u8_at};
use crate::{Error, Result};

/// The geometry fields of an NTFS boot sector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BootSector {
    /// Bytes per sector.
    pub sector_size: u64,
    /// Bytes per cluster.
    pub cluster_size: u64,
    /// Sectors in the volume.
    pub total_sectors: u64,
    /// First cluster of `$MFT`.
    pub mft_lcn: u64,
    /// Bytes per MFT record.
    pub record_size: u64,
    /// Bytes per index record.
    pub index_record_size: u64,
    /// Volume serial number.
    pub serial: u64,
}

/// Cluster or record size from the signed "clusters per" byte (negative: 2^-n bytes).
fn size_from(byte: u8, cluster: u64) -> Option<u64> {
    let v = byte as i8;
    if v > 0 {
        cluster.checked_mul(v as u64)
    } else {
        let shift = u32::from(v.unsigned_abs());
        (shift < 32).then(|| 1u64 << shift)
    }
}

/// Parse and sanity-check an NTFS boot sector.
///
/// ```
/// assert!(foothold_fs::ntfs::parse_boot_sector(&[0u8; 512]).is_err());
/// ```
pub fn parse_boot_sector(b: &[u8]) -> Result<BootSector> {
    let bad = |r: &str| Error::NotThisFs {
        fs: "ntfs",
        reason: r.to_string(),
    };
    if b.get(3..11) != Some(b"NTFS    ") {
        return Err(bad("no NTFS OEM id in the boot sector"));
    }
    let sector_size = u64::from(u16_at(b, 0x0B).unwrap_or(0));
    if !(256..=4096).contains(&sector_size) || !sector_size.is_power_of_two() {
        return Err(bad(&format!("bytes per sector {sector_size}")));
    }
    let spc = u8_at(b, 0x0D).unwrap_or(0);
    let spc = if spc > 0x80 {
        // spc > 0x80: the shift is 1..=127.
        let shift = 256u32.saturating_sub(u32::from(spc));
        if shift > 20 {
            return Err(bad("sectors per cluster out of range"));
        }
        1u64 << shift
    } else {
        u64::from(spc)
    };
    if spc == 0 || !spc.is_power_of_two() {
        return Err(bad("sectors per cluster is zero or not a power of two"));
    }
    let cluster_size = sector_size.saturating_mul(spc);
    if cluster_size > 2 << 20 {
        return Err(bad("cluster size above 2 MiB"));
    }
    let record_size = size_from(u8_at(b, 0x40).unwrap_or(0), cluster_size)
        .filter(|s| (256..=65536).contains(s) && s.is_power_of_two())
        .ok_or_else(|| bad("MFT record size out of range"))?;
    let index_record_size = size_from(u8_at(b, 0x44).unwrap_or(0), cluster_size)
        .filter(|s| (256..=65536).contains(s) && s.is_power_of_two())
        .ok_or_else(|| bad("index record size out of range"))?;
    Ok(BootSector {
        sector_size,
        cluster_size,
        total_sectors: u64_at(b, 0x28).unwrap_or(0),
        mft_lcn: u64_at(b, 0x30).unwrap_or(0),
        record_size,
        index_record_size,
        serial: u64_at(b, 0x48).unwrap_or(0),
    })
}
