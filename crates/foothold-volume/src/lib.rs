//! Find the volumes on a disk: MBR (with extended/logical partitions), GPT (CRC-checked,
//! with fallback to the backup header) or a bare filesystem, and name each volume's
//! filesystem; read an NTFS volume's shadow copies ([`vss`]).
//!
//! # Getting started
//! ```
//! use foothold_volume::{discover, FsType};
//! // A bare ext2 superblock: magic 0xEF53 at byte 1024 + 0x38.
//! let mut disk = vec![0u8; 8192];
//! disk[1024 + 0x38..1024 + 0x3a].copy_from_slice(&0xEF53u16.to_le_bytes());
//! let table = discover(&disk).unwrap();
//! assert_eq!(table.volumes.len(), 1);
//! assert_eq!(table.volumes[0].filesystem, FsType::Ext2);
//! ```
#![forbid(unsafe_code)]
// Offsets, lengths and counts read from partition tables and LVM metadata are checked: an
// unchecked `+` or `[i]` is a build failure here.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::string_slice
)]
#![cfg_attr(
    test,
    allow(
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

mod error;
mod gpt;
pub mod lvm;
mod mbr;
mod sniff;
pub mod vss;

pub use error::{Error, Result};
pub use gpt::{parse_gpt_header, GptHeader};
pub use lvm::{LogicalVolume, LvReader, LvView, Segment};
pub use mbr::{parse_mbr, MbrEntry};
pub use sniff::{sniff, FsType, Sniffed};
pub use vss::{Snapshot, SnapshotReader};

use foothold_evidence::ReadAt;
use serde::Serialize;

/// Bytes per sector assumed for partition tables (512-byte logical sectors).
pub const SECTOR: u64 = 512;

/// How the disk is partitioned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scheme {
    /// DOS/MBR partition table.
    Mbr,
    /// GUID partition table.
    Gpt,
    /// No partition table: the whole source is one filesystem.
    None,
}

/// One volume: a partition, or the whole disk when there is no table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// Partition number (1-based; MBR logical partitions from 5), or `None` for a bare filesystem.
    pub number: Option<u32>,
    /// Byte offset of the volume on the disk.
    pub offset: u64,
    /// Length in bytes.
    pub length: u64,
    /// MBR type byte as `0x07`, or GPT type GUID; `None` for a bare filesystem.
    pub partition_type: Option<String>,
    /// Human name of the partition type, when known.
    pub type_name: Option<String>,
    /// GPT partition name, when set.
    pub name: Option<String>,
    /// Filesystem found by its signature.
    pub filesystem: FsType,
    /// Volume label from the filesystem's superblock, when the sniffer can read it.
    pub label: Option<String>,
    /// For an LVM2 logical volume: its group, name and where its extents are (its bytes are
    /// read through [`LvReader`], not from `offset`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lvm: Option<LogicalVolume>,
}

/// The result of [`discover`]: the volumes and anything odd seen on the way.
#[derive(Debug, Clone, Serialize)]
pub struct PartitionTable {
    /// Partitioning scheme.
    pub scheme: Scheme,
    /// Volumes in on-disk table order.
    pub volumes: Vec<Volume>,
    /// Problems that did not stop discovery (bad CRC, backup header used, cycles…).
    pub warnings: Vec<String>,
}

/// Read the partition table of `disk` (or recognise a bare filesystem) and sniff each volume.
pub fn discover(disk: &dyn ReadAt) -> Result<PartitionTable> {
    let len = disk.len();
    if len < SECTOR {
        return Err(Error::TooSmall { len });
    }
    let mut sector0 = [0u8; 512];
    disk.read_exact_at(0, &mut sector0)
        .map_err(|e| Error::io(0, e))?;
    let mut warnings = Vec::new();

    // A filesystem boot sector also ends in 55 AA: recognise one before trying MBR.
    let whole = sniff(disk);
    let boot_sector_fs = matches!(
        whole.fs,
        FsType::Ntfs
            | FsType::Fat12
            | FsType::Fat16
            | FsType::Fat32
            | FsType::ExFat
            | FsType::BitLocker
    );
    let mbr = parse_mbr(&sector0);
    match mbr {
        Ok(entries) if !boot_sector_fs && !entries.is_empty() => {
            if entries.iter().any(|e| e.kind == 0xEE) {
                match gpt::read_gpt(disk, &mut warnings) {
                    Ok(vols) => return Ok(finish(disk, Scheme::Gpt, vols, warnings)),
                    Err(e) => warnings.push(format!("protective MBR but no usable GPT: {e}")),
                }
            }
            let vols = mbr::volumes(disk, &entries, &mut warnings)?;
            Ok(finish(disk, Scheme::Mbr, vols, warnings))
        }
        _ => {
            if whole.fs == FsType::Unknown {
                // No table and no filesystem signature: maybe a GPT with a wiped protective MBR.
                if let Ok(vols) = gpt::read_gpt(disk, &mut warnings) {
                    warnings.push("GPT found without a protective MBR".into());
                    return Ok(finish(disk, Scheme::Gpt, vols, warnings));
                }
            }
            let vol = Volume {
                number: None,
                offset: 0,
                length: len,
                partition_type: None,
                type_name: None,
                name: None,
                filesystem: whole.fs,
                label: whole.label,
                lvm: None,
            };
            let mut volumes = vec![vol];
            // A whole disk that is an LVM2 physical volume: its logical volumes.
            let lvs = lvm::logical_volumes(disk, &volumes, 1, &mut warnings);
            volumes.extend(lvs);
            Ok(PartitionTable {
                scheme: Scheme::None,
                volumes,
                warnings,
            })
        }
    }
}

fn finish(
    disk: &dyn ReadAt,
    scheme: Scheme,
    mut volumes: Vec<Volume>,
    mut warnings: Vec<String>,
) -> PartitionTable {
    let disk_len = disk.len();
    for v in &mut volumes {
        if v.offset.saturating_add(v.length) > disk_len {
            warnings.push(format!(
                "partition {} ends at {:#x}, past the end of the image ({disk_len:#x}): image truncated?",
                v.number.unwrap_or(0),
                v.offset.saturating_add(v.length)
            ));
        }
        if let Some(w) = foothold_evidence::Window::new(disk, v.offset, v.length) {
            let s = sniff(&w);
            v.filesystem = s.fs;
            v.label = s.label;
        }
    }
    // LVM2 physical volumes among the partitions: their logical volumes, numbered after them.
    let next = volumes
        .iter()
        .filter_map(|v| v.number)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let lvs = lvm::logical_volumes(disk, &volumes, next, &mut warnings);
    volumes.extend(lvs);
    PartitionTable {
        scheme,
        volumes,
        warnings,
    }
}
