/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors reading partition tables.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The source is smaller than one sector.
    #[error("image is only {len} bytes: too small to hold a partition table or filesystem")]
    TooSmall {
        /// Its length.
        len: u64,
    },
    /// Reading the image failed.
    #[error("reading at {offset:#x}: {source}")]
    Io {
        /// Byte offset of the read.
        offset: u64,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Sector 0 is not an MBR.
    #[error("no MBR signature (55 AA) at offset 0x1fe")]
    NoMbrSignature,
    /// A partition table structure is corrupt.
    #[error("corrupt {what} at {offset:#x}: {reason}")]
    Corrupt {
        /// Which structure.
        what: &'static str,
        /// Its byte offset on the disk.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
}

impl Error {
    pub(crate) fn io(offset: u64, source: std::io::Error) -> Self {
        Error::Io { offset, source }
    }
    pub(crate) fn corrupt(what: &'static str, offset: u64, reason: impl Into<String>) -> Self {
        Error::Corrupt {
            what,
            offset,
            reason: reason.into(),
        }
    }
}
