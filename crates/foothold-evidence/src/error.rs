use std::path::{Path, PathBuf};

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors opening or reading evidence.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The operating system refused or failed an I/O call on an evidence file.
    #[error("{path}: {source}")]
    Io {
        /// The evidence file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file another evidence file refers to (a qcow2 backing file, a VMDK extent) could
    /// not be opened: the error names both.
    #[error("{path}: its {what}: {source}")]
    Referenced {
        /// The evidence file that refers to it.
        path: PathBuf,
        /// `backing file` or `extent`.
        what: &'static str,
        /// The file referred to.
        file: PathBuf,
        /// Why it could not be opened.
        #[source]
        source: Box<Error>,
    },
    /// A path that is not a regular file (a FIFO, a device, a socket): not opened, since
    /// reading one can block forever or read something that is not evidence.
    #[error("{path}: is a {kind}, not a regular file: not read (copy it to a file first)")]
    NotAFile {
        /// The path given or named.
        path: PathBuf,
        /// `FIFO`, `character device`, `block device`, `socket`.
        kind: &'static str,
    },
    /// A file a container names (a qcow2 backing file, a VMDK extent) that lies outside the
    /// evidence's own folder: not opened unless the examiner allows it
    /// ([`allow_references_anywhere`](crate::allow_references_anywhere)).
    #[error("{path}: refers to `{named}` outside the evidence folder: not opened (allow it with --follow-outside-references)")]
    OutsideReference {
        /// The name as the container writes it.
        named: String,
        /// The evidence file that names it.
        path: PathBuf,
    },
    /// A directory was given where an evidence file was expected.
    #[error("{path}: is a directory, not an evidence file")]
    IsADirectory {
        /// The path given.
        path: PathBuf,
    },
    /// A container's own structures are damaged or inconsistent.
    #[error("{path}: {format} at offset {offset:#x}: {what}")]
    Corrupt {
        /// The container file holding the damaged structure.
        path: PathBuf,
        /// The container format (`ewf`, `qcow2`, `vhd`, `vhdx`, `vmdk`).
        format: &'static str,
        /// Where in that file the structure starts.
        offset: u64,
        /// What is wrong.
        what: String,
    },
    /// A container variant or feature that foothold does not read (yet).
    #[error("{path}: {format}: {what} is not supported")]
    Unsupported {
        /// The container file.
        path: PathBuf,
        /// The container format.
        format: &'static str,
        /// The variant or feature.
        what: String,
    },
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
    pub(crate) fn corrupt(
        path: &Path,
        format: &'static str,
        offset: u64,
        what: impl Into<String>,
    ) -> Self {
        Error::Corrupt {
            path: path.to_path_buf(),
            format,
            offset,
            what: what.into(),
        }
    }
    pub(crate) fn unsupported(path: &Path, format: &'static str, what: impl Into<String>) -> Self {
        Error::Unsupported {
            path: path.to_path_buf(),
            format,
            what: what.into(),
        }
    }
}
