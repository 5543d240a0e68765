//! Evidence sources: one positional, thread-safe byte interface over acquired images.
//!
//! # Getting started
//! 1. [`open`] an evidence file (raw/dd, or the first segment of a split raw image).
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

mod error;
mod mmap;
mod read_at;
mod split;

pub use error::{Error, Result};
pub use mmap::RawImage;
pub use read_at::{ReadAt, Window};
pub use split::{split_segments, SplitRaw};

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
}

impl EvidenceFormat {
    /// Stable lower-case name, as printed by the CLI.
    pub fn name(self) -> &'static str {
        match self {
            EvidenceFormat::Raw => "raw",
            EvidenceFormat::SplitRaw => "split_raw",
        }
    }
}

/// An opened evidence file: its byte source plus where it came from.
#[derive(Clone)]
pub struct Evidence {
    path: PathBuf,
    format: EvidenceFormat,
    segments: Vec<PathBuf>,
    source: Arc<dyn ReadAt>,
}

impl std::fmt::Debug for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("path", &self.path)
            .field("format", &self.format)
            .field("segments", &self.segments)
            .field("len", &self.source.len())
            .finish()
    }
}

impl Evidence {
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
}

/// Open an evidence file read-only.
///
/// A path whose name ends in `.000`/`.001` or `.aa` and that has a next segment beside it
/// is opened as a split raw image; anything else as a single raw image.
///
/// ```no_run
/// let ev = foothold_evidence::open("disk.001")?;
/// println!("{} bytes in {} segment(s)", ev.len(), ev.segments().len());
/// # Ok::<(), foothold_evidence::Error>(())
/// ```
pub fn open(path: impl AsRef<Path>) -> Result<Evidence> {
    let path = path.as_ref();
    let meta = std::fs::metadata(path).map_err(|source| Error::io(path, source))?;
    if meta.is_dir() {
        return Err(Error::IsADirectory {
            path: path.to_path_buf(),
        });
    }
    let segments = split_segments(path);
    if segments.len() > 1 {
        let split = SplitRaw::open(&segments)?;
        return Ok(Evidence {
            path: path.to_path_buf(),
            format: EvidenceFormat::SplitRaw,
            segments,
            source: Arc::new(split),
        });
    }
    let raw = RawImage::open(path)?;
    Ok(Evidence {
        path: path.to_path_buf(),
        format: EvidenceFormat::Raw,
        segments: vec![path.to_path_buf()],
        source: Arc::new(raw),
    })
}
