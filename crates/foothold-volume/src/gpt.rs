use crate::{Error, Result, Volume, SECTOR};
use foothold_evidence::ReadAt;

/// Upper bound on the partition entry array we are willing to read (real disks: 16 KiB).
const MAX_ENTRY_ARRAY: u64 = 4 << 20;

/// The fields of a GPT header that locate the partition entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GptHeader {
    /// LBA of this header.
    pub my_lba: u64,
    /// LBA of the other (backup or primary) header.
    pub alternate_lba: u64,
    /// Disk GUID.
    pub disk_guid: String,
    /// First LBA of the entry array.
    pub entries_lba: u64,
    /// Number of entries.
    pub num_entries: u32,
    /// Size of one entry in bytes.
    pub entry_size: u32,
    /// CRC-32 of the entry array.
    pub entries_crc: u32,
}

/// Parse and CRC-check a GPT header sector.
///
/// ```
/// assert!(foothold_volume::parse_gpt_header(&[0u8; 512], 0).is_err());
/// ```
pub fn parse_gpt_header(sector: &[u8], offset: u64) -> Result<GptHeader> {
    if sector.len() < 92 || !sector.starts_with(b"EFI PART") {
        return Err(Error::corrupt(
            "GPT header",
            offset,
            "no EFI PART signature",
        ));
    }
    let f = foothold_core::Fields::new(sector, offset);
    let field =
        |e: foothold_core::FieldError| Error::corrupt("GPT header", e.offset, e.to_string());
    let u32_at = |o: usize| f.u32(o).map_err(field);
    let u64_at = |o: usize| f.u64(o).map_err(field);
    let header_size = u32_at(12)? as usize;
    if !(92..=sector.len()).contains(&header_size) {
        return Err(Error::corrupt(
            "GPT header",
            offset,
            format!("header size {header_size} out of range"),
        ));
    }
    let stored = u32_at(16)?;
    let mut copy = f.bytes(0, header_size).map_err(field)?.to_vec();
    if let Some(crc) = copy.get_mut(16..20) {
        crc.fill(0);
    }
    let computed = crc32fast::hash(&copy);
    if stored != computed {
        return Err(Error::corrupt(
            "GPT header",
            offset,
            format!("header CRC {stored:#010x} != computed {computed:#010x}"),
        ));
    }
    Ok(GptHeader {
        my_lba: u64_at(24)?,
        alternate_lba: u64_at(32)?,
        disk_guid: guid(f.bytes(56, 16).map_err(field)?),
        entries_lba: u64_at(72)?,
        num_entries: u32_at(80)?,
        entry_size: u32_at(84)?,
        entries_crc: u32_at(88)?,
    })
}

/// Format a mixed-endian GUID as Windows prints it.
pub(crate) fn guid(b: &[u8]) -> String {
    foothold_evidence::bytes::guid(b)
}

fn type_name(guid: &str) -> Option<&'static str> {
    Some(match guid {
        "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" => "EFI system partition",
        "E3C9E316-0B5C-4DB8-817D-F92DF00215AE" => "Microsoft reserved",
        "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" => "Microsoft basic data",
        "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC" => "Windows recovery",
        "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3" => "LDM metadata",
        "AF9B60A0-1431-4F62-BC68-3311714A69AD" => "LDM data",
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4" => "Linux filesystem",
        "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F" => "Linux swap",
        "E6D6D379-F507-44C2-A23C-238F2A3DF928" => "Linux LVM",
        "A19D880F-05FC-4D3B-A006-743F0F84911E" => "Linux RAID",
        "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709" => "Linux root (x86-64)",
        "BC13C2FF-59E6-4262-A352-B275FD6F7172" => "Linux extended boot",
        "933AC7E1-2EB4-4F13-B844-0E14E2AEF915" => "Linux home",
        "21686148-6449-6E6F-744E-656564454649" => "BIOS boot",
        _ => return None,
    })
}

fn read_header(disk: &dyn ReadAt, lba: u64) -> Result<GptHeader> {
    let offset = lba.saturating_mul(SECTOR);
    let mut sector = [0u8; 512];
    disk.read_exact_at(offset, &mut sector)
        .map_err(|e| Error::io(offset, e))?;
    parse_gpt_header(&sector, offset)
}

fn read_entries(
    disk: &dyn ReadAt,
    h: &GptHeader,
    warnings: &mut Vec<String>,
) -> Result<Vec<Volume>> {
    let offset = h.entries_lba.saturating_mul(SECTOR);
    // Two u32s: their product fits in u64.
    let size = u64::from(h.num_entries).saturating_mul(u64::from(h.entry_size));
    if h.entry_size < 128 || size > MAX_ENTRY_ARRAY {
        return Err(Error::corrupt(
            "GPT entry array",
            offset,
            format!(
                "{} entries of {} bytes is out of range",
                h.num_entries, h.entry_size
            ),
        ));
    }
    let mut buf = vec![0u8; usize::try_from(size).unwrap_or(0)];
    disk.read_exact_at(offset, &mut buf)
        .map_err(|e| Error::io(offset, e))?;
    let computed = crc32fast::hash(&buf);
    if computed != h.entries_crc {
        return Err(Error::corrupt(
            "GPT entry array",
            offset,
            format!("CRC {:#010x} != computed {computed:#010x}", h.entries_crc),
        ));
    }
    let mut out = Vec::new();
    for (i, e) in buf.chunks_exact(h.entry_size as usize).enumerate() {
        // Entries are at least 128 bytes (checked above): the fields below are there.
        let at = offset.saturating_add((i as u64).saturating_mul(u64::from(h.entry_size)));
        let f = foothold_core::Fields::new(e, at);
        let field =
            |x: foothold_core::FieldError| Error::corrupt("GPT entry", x.offset, x.to_string());
        let type_guid = f.bytes(0, 16).map_err(field)?;
        if type_guid.iter().all(|b| *b == 0) {
            continue;
        }
        let first = f.u64(32).map_err(field)?;
        let last = f.u64(40).map_err(field)?;
        let Some(span) = last.checked_sub(first) else {
            continue;
        };
        // LBAs whose byte offset or length does not fit in 64 bits lie beyond any disk: the
        // partition is said and left out, not listed at a wrapped or clamped offset.
        let bytes = first.checked_mul(SECTOR).and_then(|offset| {
            let length = span.checked_add(1)?.checked_mul(SECTOR)?;
            offset.checked_add(length)?;
            Some((offset, length))
        });
        let Some((offset, length)) = bytes else {
            warnings.push(format!(
                "GPT partition {}: sectors {first}..={last} lie beyond any disk (byte offset overflows): not read",
                i.saturating_add(1)
            ));
            continue;
        };
        let units: Vec<u16> = f
            .bytes(56, 72)
            .map_err(field)?
            .chunks_exact(2)
            .filter_map(|c| foothold_core::u16_at(c, 0))
            .take_while(|c| *c != 0)
            .collect();
        let name = String::from_utf16_lossy(&units);
        let t = guid(type_guid);
        out.push(Volume {
            number: Some(u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1)),
            offset,
            length,
            type_name: type_name(&t).map(str::to_string),
            partition_type: Some(t),
            name: (!name.is_empty()).then_some(name),
            filesystem: crate::FsType::Unknown,
            label: None,
            lvm: None,
        });
    }
    Ok(out)
}

/// Read the GPT, falling back to the backup header at the last sector when the primary
/// header or its entries are damaged.
pub(crate) fn read_gpt(disk: &dyn ReadAt, warnings: &mut Vec<String>) -> Result<Vec<Volume>> {
    let mut found = Vec::new();
    let primary = read_header(disk, 1).and_then(|h| read_entries(disk, &h, &mut found));
    match primary {
        Ok(v) => {
            warnings.append(&mut found);
            Ok(v)
        }
        Err(primary_err) => {
            let last = (disk.len() / SECTOR).saturating_sub(1);
            found.clear();
            let backup = read_header(disk, last).and_then(|h| read_entries(disk, &h, &mut found));
            match backup {
                Ok(v) => {
                    warnings.push(format!(
                        "primary GPT unusable ({primary_err}); used the backup header at sector {last}"
                    ));
                    warnings.append(&mut found);
                    Ok(v)
                }
                Err(_) => Err(primary_err),
            }
        }
    }
}
