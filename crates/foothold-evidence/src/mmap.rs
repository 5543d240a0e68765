//! The only `unsafe` in foothold: mapping an evidence file into memory.
use crate::read_at::read_slice;
use crate::{Error, ReadAt, Result};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A raw (dd) image file, memory-mapped read-only, or bytes already in memory (a named
/// buffer: fuzzing and loose-file inputs go through the same readers).
#[derive(Debug)]
pub struct RawImage {
    path: PathBuf,
    map: Option<memmap2::Mmap>,
    bytes: Option<Vec<u8>>,
}

impl RawImage {
    /// Map `path` read-only. An empty file is accepted and reads as zero bytes.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let map = if len == 0 {
            None
        } else {
            // SAFETY: the file is opened read-only and the map is never written. Evidence
            // files are not expected to change while we read them; if another process
            // truncates one, reads may fault, which is the documented risk of mmap.
            #[allow(unsafe_code)]
            let map = unsafe { memmap2::MmapOptions::new().map(&file) }
                .map_err(|e| Error::io(path, e))?;
            Some(map)
        };
        Ok(RawImage {
            path: path.to_path_buf(),
            map,
            bytes: None,
        })
    }

    /// Bytes in memory, named `name` in errors.
    pub fn from_bytes(name: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        RawImage {
            path: name.into(),
            map: None,
            bytes: Some(bytes),
        }
    }

    /// The mapped file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole image as a byte slice.
    pub fn as_bytes(&self) -> &[u8] {
        match (&self.map, &self.bytes) {
            (Some(m), _) => m,
            (None, Some(b)) => b,
            (None, None) => &[],
        }
    }
}

impl ReadAt for RawImage {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        Ok(read_slice(self.as_bytes(), offset, buf))
    }
    fn len(&self) -> u64 {
        self.as_bytes().len() as u64
    }
}
