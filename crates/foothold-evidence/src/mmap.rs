//! The only `unsafe` in foothold: mapping an evidence file into memory.
use crate::read_at::read_slice;
use crate::{Error, ReadAt, Result};
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// A raw (dd) image file, memory-mapped read-only.
#[derive(Debug)]
pub struct RawImage {
    path: PathBuf,
    map: Option<memmap2::Mmap>,
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
        })
    }

    /// The mapped file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole image as a byte slice.
    pub fn as_bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or(&[])
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
