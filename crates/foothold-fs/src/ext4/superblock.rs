use crate::bytes::{u16_at, u32_at};
use crate::{Error, Result};

pub(crate) const INCOMPAT_FILETYPE: u32 = 0x2;
pub(crate) const INCOMPAT_META_BG: u32 = 0x10;
pub(crate) const INCOMPAT_64BIT: u32 = 0x80;
pub(crate) const INCOMPAT_CSUM_SEED: u32 = 0x2000;
pub(crate) const RO_COMPAT_SPARSE_SUPER: u32 = 0x1;
pub(crate) const RO_COMPAT_METADATA_CSUM: u32 = 0x400;

/// The superblock fields the reader uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Superblock {
    /// Number of inodes.
    pub inodes_count: u32,
    /// Number of blocks.
    pub blocks_count: u64,
    /// First data block (1 for 1 KiB blocks, else 0).
    pub first_data_block: u32,
    /// Block size in bytes.
    pub block_size: u64,
    /// Blocks per group.
    pub blocks_per_group: u32,
    /// Inodes per group.
    pub inodes_per_group: u32,
    /// Bytes per inode record.
    pub inode_size: u16,
    /// Compatible features.
    pub feature_compat: u32,
    /// Incompatible features.
    pub feature_incompat: u32,
    /// Read-only compatible features.
    pub feature_ro_compat: u32,
    /// Group descriptor size.
    pub desc_size: u16,
    /// First meta block group (meta_bg).
    pub first_meta_bg: u32,
    /// Volume UUID.
    pub uuid: [u8; 16],
    /// Volume label.
    pub label: Option<String>,
    /// Checksum seed for metadata checksums.
    pub csum_seed: u32,
    /// Superblock checksum matches (or the filesystem has no metadata checksums).
    pub checksum_ok: bool,
}

/// Parse the 1024-byte superblock (found at byte 1024 of the volume).
///
/// ```
/// assert!(foothold_fs::ext4::parse_superblock(&[0u8; 1024]).is_err());
/// ```
pub fn parse_superblock(b: &[u8]) -> Result<Superblock> {
    let bad = |r: String| Error::NotThisFs {
        fs: "ext2/3/4",
        reason: r,
    };
    if b.len() < 1024 || u16_at(b, 0x38) != Some(0xEF53) {
        return Err(bad("no ext superblock magic 0xEF53 at byte 1024".into()));
    }
    let g32 = |o| u32_at(b, o).unwrap_or(0);
    let log = g32(0x18);
    if log > 6 {
        return Err(bad(format!("block size 2^(10+{log}) out of range")));
    }
    let block_size = 1024u64 << log;
    let rev = g32(0x4C);
    let inode_size = if rev == 0 {
        128
    } else {
        u16_at(b, 0x58).unwrap_or(0)
    };
    if inode_size < 128 || u64::from(inode_size) > block_size || !inode_size.is_power_of_two() {
        return Err(bad(format!("inode size {inode_size} out of range")));
    }
    let incompat = g32(0x60);
    let ro_compat = g32(0x64);
    let desc_size = if incompat & INCOMPAT_64BIT != 0 {
        u16_at(b, 0xFE).unwrap_or(0)
    } else {
        32
    };
    if !(32..=1024).contains(&desc_size) || !desc_size.is_power_of_two() {
        return Err(bad(format!(
            "group descriptor size {desc_size} out of range"
        )));
    }
    let blocks_per_group = g32(0x20);
    let inodes_per_group = g32(0x28);
    if blocks_per_group == 0 || inodes_per_group == 0 {
        return Err(bad("zero blocks or inodes per group".into()));
    }
    let hi = if incompat & INCOMPAT_64BIT != 0 {
        u64::from(g32(0x150))
    } else {
        0
    };
    let mut uuid = [0u8; 16];
    if let Some(u) = b.get(0x68..0x78) {
        uuid.copy_from_slice(u);
    }
    let label_raw = b.get(0x78..0x88).unwrap_or_default();
    let label = String::from_utf8_lossy(label_raw.split(|c| *c == 0).next().unwrap_or_default())
        .trim()
        .to_string();
    let csum_seed = if incompat & INCOMPAT_CSUM_SEED != 0 {
        g32(0x270)
    } else {
        crc32c_raw(!0, &uuid)
    };
    let checksum_ok = ro_compat & RO_COMPAT_METADATA_CSUM == 0
        || b.get(..0x3FC)
            .is_some_and(|s| crc32c_raw(!0, s) == g32(0x3FC));
    Ok(Superblock {
        inodes_count: g32(0),
        blocks_count: u64::from(g32(4)) | hi << 32,
        first_data_block: g32(0x14),
        block_size,
        blocks_per_group,
        inodes_per_group,
        inode_size,
        feature_compat: g32(0x5C),
        feature_incompat: incompat,
        feature_ro_compat: ro_compat,
        desc_size,
        first_meta_bg: g32(0x104),
        uuid,
        label: (!label.is_empty()).then_some(label),
        csum_seed,
        checksum_ok,
    })
}

pub(crate) use foothold_evidence::bytes::crc32c_raw;

#[cfg(test)]
mod tests {
    #[test]
    fn crc32c_check_value() {
        // The standard check value of CRC-32C for "123456789" is 0xE3069283.
        assert_eq!(!super::crc32c_raw(!0, b"123456789"), 0xE306_9283);
    }
}
