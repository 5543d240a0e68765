use foothold_evidence::ReadAt;
use serde::Serialize;

/// A filesystem (or volume format) recognised by its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FsType {
    /// NTFS (read by foothold).
    Ntfs,
    /// ext2 (read by foothold).
    Ext2,
    /// ext3 (read by foothold).
    Ext3,
    /// ext4 (read by foothold).
    Ext4,
    /// FAT12 (recognised, not read yet).
    Fat12,
    /// FAT16 (recognised, not read yet).
    Fat16,
    /// FAT32 (recognised, not read yet).
    Fat32,
    /// exFAT (recognised, not read yet).
    ExFat,
    /// XFS (recognised, not read yet).
    Xfs,
    /// Btrfs (recognised, not read yet).
    Btrfs,
    /// LVM2 physical volume (recognised, not read yet).
    Lvm2,
    /// BitLocker-encrypted volume (recognised, not read).
    BitLocker,
    /// LUKS-encrypted volume (recognised, not read).
    Luks,
    /// Linux swap.
    Swap,
    /// A directory on the host (triage collection or mounted tree), not a volume on a disk.
    Host,
    /// No signature we know.
    Unknown,
}

impl FsType {
    /// Stable lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            FsType::Ntfs => "ntfs",
            FsType::Ext2 => "ext2",
            FsType::Ext3 => "ext3",
            FsType::Ext4 => "ext4",
            FsType::Fat12 => "fat12",
            FsType::Fat16 => "fat16",
            FsType::Fat32 => "fat32",
            FsType::ExFat => "exfat",
            FsType::Xfs => "xfs",
            FsType::Btrfs => "btrfs",
            FsType::Lvm2 => "lvm2",
            FsType::BitLocker => "bitlocker",
            FsType::Luks => "luks",
            FsType::Swap => "swap",
            FsType::Host => "host",
            FsType::Unknown => "unknown",
        }
    }
    /// True for the filesystems foothold can read files from.
    pub fn is_readable(self) -> bool {
        matches!(
            self,
            FsType::Ntfs | FsType::Ext2 | FsType::Ext3 | FsType::Ext4 | FsType::Host
        )
    }
}

impl std::fmt::Display for FsType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What [`sniff`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sniffed {
    /// The filesystem.
    pub fs: FsType,
    /// Its label, where the signature block holds one (ext, FAT).
    pub label: Option<String>,
}

fn at(buf: &[u8], off: usize, len: usize) -> &[u8] {
    off.checked_add(len)
        .and_then(|end| buf.get(off..end))
        .unwrap_or(&[])
}

fn trimmed_label(b: &[u8]) -> Option<String> {
    let text = b.split(|c| *c == 0).next().unwrap_or_default();
    let s = String::from_utf8_lossy(text).trim().to_string();
    (!s.is_empty() && s != "NO NAME").then_some(s)
}

/// Recognise the filesystem at the start of `vol` from its signatures.
///
/// ```
/// use foothold_volume::{sniff, FsType};
/// let mut v = vec![0u8; 4096];
/// v[3..11].copy_from_slice(b"NTFS    ");
/// assert_eq!(sniff(&v).fs, FsType::Ntfs);
/// ```
pub fn sniff(vol: &dyn ReadAt) -> Sniffed {
    // Enough for the Btrfs superblock at 64 KiB with its label at +0x12B.
    let mut head = vec![0u8; 0x10300];
    let n = vol.read_at(0, &mut head).unwrap_or(0);
    // read_at may return short: top up.
    let mut filled = n;
    while let Some(rest) = head.get_mut(filled..).filter(|r| !r.is_empty()) {
        match vol.read_at(filled as u64, rest) {
            Ok(0) | Err(_) => break,
            Ok(k) => filled = filled.saturating_add(k),
        }
    }
    head.truncate(filled);
    let h = head.as_slice();
    let none = |fs| Sniffed { fs, label: None };
    if at(h, 3, 8) == b"NTFS    " {
        return none(FsType::Ntfs);
    }
    if at(h, 3, 8) == b"EXFAT   " {
        return none(FsType::ExFat);
    }
    if at(h, 3, 8) == b"-FVE-FS-" {
        return none(FsType::BitLocker);
    }
    if at(h, 0, 6) == b"LUKS\xba\xbe" {
        return none(FsType::Luks);
    }
    if at(h, 0, 4) == b"XFSB" {
        return Sniffed {
            fs: FsType::Xfs,
            label: trimmed_label(at(h, 108, 12)),
        };
    }
    if at(h, 0x438, 2) == [0x53, 0xEF] {
        let sb = at(h, 1024, 1024);
        // A superblock cut short has no feature bits to test: none are set.
        let u32_at = |o: usize| foothold_core::u32_at(sb, o).unwrap_or(0);
        let compat = u32_at(0x5C);
        let incompat = u32_at(0x60);
        let ro_compat = u32_at(0x64);
        // ext4 features: extents, 64bit, flex_bg, inline data, huge_file, dir_nlink, extra_isize…
        let ext4 = incompat & (0x40 | 0x80 | 0x200 | 0x8000 | 0x10000) != 0
            || ro_compat & (0x8 | 0x20 | 0x40 | 0x400) != 0;
        let fs = if ext4 {
            FsType::Ext4
        } else if compat & 0x4 != 0 {
            FsType::Ext3
        } else {
            FsType::Ext2
        };
        return Sniffed {
            fs,
            label: trimmed_label(at(sb, 0x78, 16)),
        };
    }
    if at(h, 0x10040, 8) == b"_BHRfS_M" {
        return Sniffed {
            fs: FsType::Btrfs,
            label: trimmed_label(at(h, 0x1012B, 256)),
        };
    }
    if at(h, 512, 8) == b"LABELONE" && at(h, 512 + 0x18, 4) == b"LVM2" {
        return none(FsType::Lvm2);
    }
    if at(h, 4086, 10) == b"SWAPSPACE2" || at(h, 4086, 10) == b"SWAP-SPACE" {
        return none(FsType::Swap);
    }
    if at(h, 510, 2) == [0x55, 0xAA] {
        if at(h, 0x52, 8) == b"FAT32   " {
            return Sniffed {
                fs: FsType::Fat32,
                label: trimmed_label(at(h, 0x47, 11)),
            };
        }
        let t = at(h, 0x36, 8);
        if t == b"FAT12   " || t == b"FAT16   " || t == b"FAT     " {
            return Sniffed {
                fs: if t == b"FAT12   " {
                    FsType::Fat12
                } else {
                    FsType::Fat16
                },
                label: trimmed_label(at(h, 0x2B, 11)),
            };
        }
    }
    none(FsType::Unknown)
}
