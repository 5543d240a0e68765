/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors reading a filesystem.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading the volume failed.
    #[error("reading at {offset:#x}: {source}")]
    Io {
        /// Byte offset in the volume.
        offset: u64,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A host file could not be read.
    #[error("{path}: {source}")]
    Host {
        /// The host path.
        path: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// No entry at that path.
    #[error("{path}: not found")]
    NotFound {
        /// The path asked for.
        path: String,
    },
    /// A path component is not a directory.
    #[error("{path}: not a directory")]
    NotADirectory {
        /// The entry that is not a directory.
        path: String,
    },
    /// The volume does not hold this filesystem at all.
    #[error("not {fs}: {reason}")]
    NotThisFs {
        /// The filesystem expected.
        fs: &'static str,
        /// Why not.
        reason: String,
    },
    /// An on-disk structure is corrupt.
    #[error("corrupt {what} at {offset:#x}: {reason}")]
    Corrupt {
        /// Which structure.
        what: &'static str,
        /// Byte offset in the volume (or in the structure's stream).
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A feature this reader does not implement.
    #[error("unsupported: {what}")]
    Unsupported {
        /// What.
        what: String,
    },
    /// A stream is larger than the caller allowed.
    #[error("{path}: {size} bytes is more than the {limit}-byte limit")]
    TooLarge {
        /// The entry.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
}

impl Error {
    /// The byte offset this error names, if any.
    pub fn offset(&self) -> Option<u64> {
        match self {
            Error::Io { offset, .. } | Error::Corrupt { offset, .. } => Some(*offset),
            _ => None,
        }
    }
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
