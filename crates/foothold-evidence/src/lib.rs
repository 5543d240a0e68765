//! Evidence sources: one positional, thread-safe byte interface over acquired images.
//!
//! # Getting started
//! 1. [`open`] an evidence file: raw/dd, the first segment of a split raw image, an EWF
//!    image (`.E01`, its other segments are found beside it), qcow2, VHD, VHDX or VMDK. The
//!    format is decided by content, not by the file name.
//! 2. Read from it with [`ReadAt::read_at`] from as many threads as you like: there is
//!    no shared cursor.
//! 3. Hand a [`Window`] of it (one partition) to a filesystem reader.
//!
//! ```
//! use foothold_evidence::{ReadAt, Window};
//! let disk: Vec<u8> = (0u8..=255).collect();
//! let part = Window::new(&disk, 16, 32).unwrap();
//! let mut buf = [0u8; 4];
//! part.read_exact_at(0, &mut buf).unwrap();
//! assert_eq!(buf, [16, 17, 18, 19]);
//! assert_eq!(part.len(), 32);
//! ```
//!
//! Memory mapping is the only `unsafe` in the project and lives in the private
//! `mmap` module; everything else here is safe code.
//!
//! Every integer read from a container goes through one checked reader (`codec::Fields`,
//! over `foothold_core::Fields`: a read past a structure is an error with its offset), and
//! arithmetic and indexing on values read from evidence are checked: the two lints below
//! make an unchecked `+` or `[i]` a build failure.
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

mod cache;
mod codec;
/// Checksums and identifiers shared by the on-disk formats (CRC-32C, mixed-endian GUIDs).
pub mod bytes {
    pub use crate::codec::{crc32c, crc32c_raw, guid};
}
mod error;
mod ewf;
mod mmap;
mod qcow2;
mod read_at;
mod reference;
mod split;
mod verify;
mod vhd;
mod vhdx;
mod vmdk;

pub use error::{Error, Result};
pub use ewf::{ewf_segments, Ewf, EwfInfo};
pub use mmap::RawImage;
pub use qcow2::Qcow2;
pub use read_at::{ReadAt, Window};
pub use reference::{allow_references_anywhere, refuse_non_file};
pub use split::{split_segments, SplitRaw};
pub use verify::{Digest, Verification};
pub use vhd::Vhd;
pub use vhdx::Vhdx;
pub use vmdk::Vmdk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What kind of evidence container a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EvidenceFormat {
    /// A raw (dd) image in one file.
    Raw,
    /// A raw image split into numbered or lettered segments.
    SplitRaw,
    /// Expert Witness Format (`.E01`…), EnCase/FTK style.
    Ewf,
    /// QEMU copy-on-write v2/v3.
    Qcow2,
    /// Virtual PC / Hyper-V VHD (fixed or dynamic).
    Vhd,
    /// Hyper-V VHDX (fixed or dynamic).
    Vhdx,
    /// VMware VMDK (sparse, stream-optimized, split, flat).
    Vmdk,
}

impl EvidenceFormat {
    /// Stable lower-case name, as printed by the CLI.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceFormat::Raw => "raw",
            EvidenceFormat::SplitRaw => "split_raw",
            EvidenceFormat::Ewf => "ewf",
            EvidenceFormat::Qcow2 => "qcow2",
            EvidenceFormat::Vhd => "vhd",
            EvidenceFormat::Vhdx => "vhdx",
            EvidenceFormat::Vmdk => "vmdk",
        }
    }
}

/// An opened evidence container (raw, split raw, E01, qcow2, VHD, VHDX, VMDK): its byte
/// source plus where it came from. (`foothold::Evidence` is the facade above it: volumes,
/// filesystems, scans.)
#[derive(Clone)]
pub struct Container {
    path: PathBuf,
    format: EvidenceFormat,
    segments: Vec<PathBuf>,
    source: Arc<dyn ReadAt>,
    properties: Vec<(String, String)>,
    stored: Vec<Digest>,
}

impl std::fmt::Debug for Container {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Container")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("segments", &self.segments)
            .field("len", &self.source.len())
            .finish()
    }
}

impl Container {
    /// The path the evidence was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }
    /// The container format that was detected.
    pub fn format(&self) -> EvidenceFormat {
        self.format
    }
    /// Every file that makes up the evidence, in order.
    pub fn segments(&self) -> &[PathBuf] {
        &self.segments
    }
    /// The media bytes as a shared positional reader.
    pub fn source(&self) -> Arc<dyn ReadAt> {
        Arc::clone(&self.source)
    }
    /// Size of the media in bytes.
    pub fn len(&self) -> u64 {
        self.source.len()
    }
    /// True when the media holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.source.len() == 0
    }
    /// What the container says about itself, as (name, value) pairs in a stable order:
    /// EWF acquisition metadata (case number, examiner, acquisition date, …), the VMDK
    /// create type, a qcow2 backing file, and so on. Empty for raw images.
    pub fn properties(&self) -> &[(String, String)] {
        &self.properties
    }
    /// Media hashes stored in the container at acquisition (EWF MD5/SHA-1).
    pub fn stored_hashes(&self) -> &[Digest] {
        &self.stored
    }
    /// Read the whole media, compute MD5 and SHA-1, and compare them with the stored
    /// hashes. A damaged chunk stops the check with an error naming it.
    pub fn verify(&self) -> std::io::Result<Verification> {
        self.verify_with(&|_, _| {})
    }

    /// [`Container::verify`], telling `progress` the bytes read so far and the total after
    /// each block (a progress bar).
    pub fn verify_with(
        &self,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> std::io::Result<Verification> {
        verify::verify(self.source.as_ref(), &self.stored, progress)
    }
}

/// The most backing files followed from one image (a loop guard).
const MAX_BACKING_DEPTH: usize = 16;

/// Open an evidence file read-only, detecting its container format by content.
///
/// EWF (`EVF` signature; the other segments `.E02`… are found beside the first), qcow2
/// (`QFI\xfb`), VHDX (`vhdxfile`), VHD (`conectix` footer), VMDK (`KDMV` sparse extent or a
/// `# Disk DescriptorFile` text), and otherwise raw: a path whose name ends in
/// `.000`/`.001` or `.aa` with a next segment beside it is a split raw image.
///
/// ```no_run
/// let ev = foothold_evidence::open("disk.E01")?;
/// println!("{} {} bytes in {} segment(s)", ev.format().name(), ev.len(), ev.segments().len());
/// # Ok::<(), foothold_evidence::Error>(())
/// ```
pub fn open(path: impl AsRef<Path>) -> Result<Container> {
    open_depth(path.as_ref(), 0)
}

fn open_depth(path: &Path, depth: usize) -> Result<Container> {
    let meta = std::fs::metadata(path).map_err(|source| Error::io(path, source))?;
    if meta.is_dir() {
        return Err(Error::IsADirectory {
            path: path.to_path_buf(),
        });
    }
    // A FIFO or a device is never opened: reading one can block forever.
    reference::regular_file(path)?;
    let (head, tail) = sniff(path, meta.len())?;
    let one = |format, source: Arc<dyn ReadAt>, properties| Container {
        path: path.to_path_buf(),
        format,
        segments: vec![path.to_path_buf()],
        source,
        properties,
        stored: Vec::new(),
    };
    let prop = |k: &str, v: String| (k.to_string(), v);
    if head.starts_with(ewf::EVF) {
        let segments = ewf_segments(path);
        let e = Ewf::open(&segments)?;
        let info = e.info().clone();
        let mut properties = info.header.clone();
        properties.push(prop("bytes_per_sector", info.bytes_per_sector.to_string()));
        properties.push(prop(
            "sectors_per_chunk",
            info.sectors_per_chunk.to_string(),
        ));
        properties.push(prop("chunks", info.chunks.to_string()));
        properties.push(prop(
            "compressed_chunks",
            info.compressed_chunks.to_string(),
        ));
        properties.push(prop("segments", segments.len().to_string()));
        let mut stored = Vec::new();
        if let Some(m) = info.md5 {
            stored.push(Digest {
                algorithm: "md5".into(),
                hex: m,
            });
        }
        if let Some(h) = info.sha1 {
            stored.push(Digest {
                algorithm: "sha1".into(),
                hex: h,
            });
        }
        return Ok(Container {
            path: path.to_path_buf(),
            format: EvidenceFormat::Ewf,
            segments,
            source: Arc::new(e),
            properties,
            stored,
        });
    }
    for (magic, what) in [
        (ewf::EVF2, "EWF2 (.Ex01)"),
        (ewf::LVF, "logical evidence (.L01)"),
        (ewf::LEF2, "logical evidence (.Lx01)"),
    ] {
        if head.starts_with(magic) {
            return Err(Error::unsupported(path, "ewf", what));
        }
    }
    if head.starts_with(qcow2::MAGIC) {
        if depth >= MAX_BACKING_DEPTH {
            return Err(Error::corrupt(
                path,
                "qcow2",
                8,
                "backing chain deeper than 16 images (a loop?)",
            ));
        }
        let q = Qcow2::open(path, |p| {
            Ok(open_depth(p, depth.saturating_add(1))?.source())
        })?;
        let mut properties = vec![
            prop("version", q.version().to_string()),
            prop("cluster_size", q.cluster_size().to_string()),
        ];
        if let Some(b) = q.backing_file() {
            properties.push(prop("backing_file", b.display().to_string()));
        }
        return Ok(one(EvidenceFormat::Qcow2, Arc::new(q), properties));
    }
    if head.starts_with(vhdx::SIGNATURE) {
        let v = Vhdx::open(path)?;
        let mut properties = vec![prop("block_size", v.block_size().to_string())];
        if v.log_pending() {
            properties.push(prop("log", "present, not replayed".into()));
        }
        return Ok(one(EvidenceFormat::Vhdx, Arc::new(v), properties));
    }
    if head.starts_with(vmdk::SPARSE_MAGIC)
        || head.starts_with(vmdk::COWD_MAGIC)
        || head.starts_with(vmdk::DESCRIPTOR_START)
    {
        let v = Vmdk::open(path)?;
        let properties = vec![
            prop("create_type", v.create_type().to_string()),
            prop("extents", v.extent_count().to_string()),
        ];
        return Ok(one(EvidenceFormat::Vmdk, Arc::new(v), properties));
    }
    if tail.starts_with(vhd::COOKIE) || head.starts_with(vhd::COOKIE) {
        let v = Vhd::open(path)?;
        let properties = vec![prop("subformat", v.subformat().to_string())];
        return Ok(one(EvidenceFormat::Vhd, Arc::new(v), properties));
    }
    let segments = split_segments(path);
    if segments.len() > 1 {
        let split = SplitRaw::open(&segments)?;
        return Ok(Container {
            path: path.to_path_buf(),
            format: EvidenceFormat::SplitRaw,
            segments,
            source: Arc::new(split),
            properties: Vec::new(),
            stored: Vec::new(),
        });
    }
    let raw = RawImage::open(path)?;
    Ok(one(EvidenceFormat::Raw, Arc::new(raw), Vec::new()))
}

/// Open evidence held in memory, one file's bytes, detected by content as [`open`] does:
/// E01 (this one segment), qcow2 (a backing file is refused), VHDX, VHD, VMDK (a sparse
/// extent, or a descriptor whose extents are looked for beside `name`), else raw. Every
/// container reader thus runs on bytes, which is how they are fuzzed.
///
/// ```
/// use foothold_evidence::{open_bytes, ReadAt};
/// let raw = open_bytes("x.img", vec![7u8; 4096]).unwrap();
/// assert_eq!(raw.len(), 4096);
/// assert!(open_bytes("x.qcow2", b"QFI\xfb short".to_vec()).is_err());
/// ```
pub fn open_bytes(name: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<Arc<dyn ReadAt>> {
    let name: PathBuf = name.into();
    let head = bytes
        .get(..bytes.len().min(512))
        .unwrap_or_default()
        .to_vec();
    let tail = bytes
        .get(bytes.len().saturating_sub(512)..)
        .unwrap_or_default()
        .to_vec();
    let file = RawImage::from_bytes(name.clone(), bytes);
    if head.starts_with(ewf::EVF) {
        return Ok(Arc::new(Ewf::from_images(vec![file])?));
    }
    if head.starts_with(qcow2::MAGIC) {
        return Ok(Arc::new(Qcow2::from_image(file, |p| {
            Err(Error::unsupported(
                p,
                "qcow2",
                "a backing file (in-memory evidence has none)",
            ))
        })?));
    }
    if head.starts_with(vhdx::SIGNATURE) {
        return Ok(Arc::new(Vhdx::from_image(file)?));
    }
    if head.starts_with(vmdk::SPARSE_MAGIC)
        || head.starts_with(vmdk::COWD_MAGIC)
        || head.starts_with(vmdk::DESCRIPTOR_START)
    {
        return Ok(Arc::new(Vmdk::from_image(file)?));
    }
    if tail.starts_with(vhd::COOKIE) || head.starts_with(vhd::COOKIE) {
        return Ok(Arc::new(Vhd::from_image(file)?));
    }
    Ok(Arc::new(file))
}

/// The first and the last 512 bytes of a file (fewer when it is shorter).
fn sniff(path: &Path, len: u64) -> Result<(Vec<u8>, Vec<u8>)> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut head = Vec::with_capacity(512);
    (&mut f)
        .take(512)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    let mut tail = Vec::with_capacity(512);
    if len >= 512 {
        f.seek(SeekFrom::Start(len.saturating_sub(512)))
            .map_err(|e| Error::io(path, e))?;
        f.take(512)
            .read_to_end(&mut tail)
            .map_err(|e| Error::io(path, e))?;
    }
    Ok((head, tail))
}
