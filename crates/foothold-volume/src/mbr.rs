use crate::{Error, Result, Volume, SECTOR};
use foothold_evidence::ReadAt;
use std::collections::HashSet;

/// Logical partitions we follow before calling the EBR chain hostile.
const MAX_LOGICAL: usize = 256;

/// One of the four primary entries of an MBR (or the two of an EBR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MbrEntry {
    /// Slot 0..4 in the table.
    pub slot: usize,
    /// Boot indicator byte (0x80 = active).
    pub status: u8,
    /// Partition type byte.
    pub kind: u8,
    /// First sector (LBA), relative to the table's base.
    pub start_lba: u32,
    /// Number of sectors.
    pub sectors: u32,
}

/// Parse the partition entries of a 512-byte MBR or EBR sector; empty slots are dropped.
///
/// ```
/// let mut s = [0u8; 512];
/// s[510] = 0x55; s[511] = 0xAA;
/// s[446 + 4] = 0x83;                                      // type: Linux
/// s[446 + 8..446 + 12].copy_from_slice(&2048u32.to_le_bytes());
/// s[446 + 12..446 + 16].copy_from_slice(&4096u32.to_le_bytes());
/// let e = foothold_volume::parse_mbr(&s).unwrap();
/// assert_eq!((e[0].kind, e[0].start_lba, e[0].sectors), (0x83, 2048, 4096));
/// ```
pub fn parse_mbr(sector: &[u8]) -> Result<Vec<MbrEntry>> {
    if sector.len() < 512 || sector.get(510..512) != Some(&[0x55, 0xAA][..]) {
        return Err(Error::NoMbrSignature);
    }
    let f = foothold_core::Fields::new(sector, 0);
    let field = |e: foothold_core::FieldError| Error::corrupt("MBR entry", e.offset, e.to_string());
    let mut out = Vec::new();
    for slot in 0..4usize {
        // 446 + 4 × 16 = 510: every entry lies in the sector (its length was checked).
        let at = slot.saturating_mul(16).saturating_add(446);
        let status = f.u8(at).map_err(field)?;
        let kind = f.u8(at.saturating_add(4)).map_err(field)?;
        let start_lba = f.u32(at.saturating_add(8)).map_err(field)?;
        let sectors = f.u32(at.saturating_add(12)).map_err(field)?;
        if kind == 0 || sectors == 0 {
            continue;
        }
        if status != 0 && status != 0x80 {
            // Not a partition table (e.g. random boot code): refuse the whole sector.
            return Ok(Vec::new());
        }
        out.push(MbrEntry {
            slot,
            status,
            kind,
            start_lba,
            sectors,
        });
    }
    Ok(out)
}

fn is_extended(kind: u8) -> bool {
    matches!(kind, 0x05 | 0x0F | 0x85)
}

pub(crate) fn type_name(kind: u8) -> Option<&'static str> {
    Some(match kind {
        0x01 => "FAT12",
        0x04 | 0x06 | 0x0E => "FAT16",
        0x05 | 0x0F | 0x85 => "Extended",
        0x07 => "NTFS/exFAT/HPFS",
        0x0B | 0x0C => "FAT32",
        0x11 | 0x14 | 0x16 | 0x1B | 0x1C | 0x1E => "Hidden FAT",
        0x17 => "Hidden NTFS",
        0x27 => "Windows RE",
        0x42 => "Windows dynamic disk",
        0x82 => "Linux swap",
        0x83 => "Linux",
        0x8E => "Linux LVM",
        0xA5 => "FreeBSD",
        0xAF => "HFS+",
        0xEE => "GPT protective",
        0xEF => "EFI system partition",
        0xFD => "Linux RAID",
        _ => return None,
    })
}

fn volume(number: u32, base_lba: u64, e: &MbrEntry) -> Volume {
    let start = base_lba.saturating_add(u64::from(e.start_lba));
    Volume {
        number: Some(number),
        offset: start.saturating_mul(SECTOR),
        // A u32 sector count times 512: fits.
        length: u64::from(e.sectors).saturating_mul(SECTOR),
        partition_type: Some(format!("{:#04x}", e.kind)),
        type_name: type_name(e.kind).map(str::to_string),
        name: None,
        filesystem: crate::FsType::Unknown,
        label: None,
        lvm: None,
    }
}

/// Primary partitions (numbered 1–4 by slot) and logical partitions (from 5) of an MBR disk.
pub(crate) fn volumes(
    disk: &dyn ReadAt,
    entries: &[MbrEntry],
    warnings: &mut Vec<String>,
) -> Result<Vec<Volume>> {
    let mut out = Vec::new();
    let mut next_logical = 5u32;
    for e in entries {
        if is_extended(e.kind) {
            logical(
                disk,
                u64::from(e.start_lba),
                &mut next_logical,
                &mut out,
                warnings,
            );
        } else {
            let number = u32::try_from(e.slot).unwrap_or(u32::MAX).saturating_add(1);
            out.push(volume(number, 0, e));
        }
    }
    Ok(out)
}

/// Walk the EBR chain of the extended partition at `ext_lba`.
fn logical(
    disk: &dyn ReadAt,
    ext_lba: u64,
    next_number: &mut u32,
    out: &mut Vec<Volume>,
    warnings: &mut Vec<String>,
) {
    let mut seen = HashSet::new();
    let mut ebr_lba = ext_lba;
    loop {
        if !seen.insert(ebr_lba) || seen.len() > MAX_LOGICAL {
            warnings.push(format!(
                "EBR chain loops or is too long at sector {ebr_lba}: stopped"
            ));
            return;
        }
        let mut sector = [0u8; 512];
        let offset = ebr_lba.saturating_mul(SECTOR);
        if let Err(e) = disk.read_exact_at(offset, &mut sector) {
            warnings.push(format!("EBR at {offset:#x} unreadable: {e}"));
            return;
        }
        let entries = match parse_mbr(&sector) {
            Ok(e) => e,
            Err(e) => {
                warnings.push(format!("EBR at {offset:#x}: {e}"));
                return;
            }
        };
        let mut link = None;
        for e in &entries {
            if is_extended(e.kind) {
                link.get_or_insert(ext_lba.saturating_add(u64::from(e.start_lba)));
            } else if link.is_none() || e.slot == 0 {
                out.push(volume(*next_number, ebr_lba, e));
                *next_number = next_number.saturating_add(1);
            }
        }
        match link {
            Some(l) => ebr_lba = l,
            None => return,
        }
    }
}
