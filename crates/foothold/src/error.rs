/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Errors of the facade, with the layer they came from.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Opening or reading the evidence file failed.
    #[error(transparent)]
    Evidence(#[from] foothold_evidence::Error),
    /// The partition table is unreadable.
    #[error("{path}: {source}")]
    Volume {
        /// Evidence path.
        path: String,
        /// The error.
        #[source]
        source: foothold_volume::Error,
    },
    /// A filesystem error, with the volume it happened on.
    #[error("{evidence}, volume {volume}: {source}")]
    Fs {
        /// Evidence path.
        evidence: String,
        /// Volume number, or `-` for a bare filesystem.
        volume: String,
        /// The error.
        #[source]
        source: foothold_fs::Error,
    },
    /// No volume (or not the one named) has the shadow copy asked for.
    #[error("{evidence}: {volume} has no shadow copy {store} (see `foothold info`)")]
    NoSuchSnapshot {
        /// Evidence path.
        evidence: String,
        /// `volume N`, or `any` when no volume has it.
        volume: String,
        /// The store number asked for.
        store: u32,
    },
    /// A volume's shadow copy stores cannot be read.
    #[error("{evidence}, volume {volume}: shadow copies: {source}")]
    Snapshot {
        /// Evidence path.
        evidence: String,
        /// Volume number (`-` for a bare filesystem).
        volume: String,
        /// What is wrong, with its offset on the volume.
        #[source]
        source: foothold_volume::Error,
    },
    /// No volume with that number.
    #[error("{evidence}: no volume {number} (see `foothold info`)")]
    NoSuchVolume {
        /// Evidence path.
        evidence: String,
        /// The number asked for.
        number: u32,
    },
    /// The volume holds a filesystem foothold cannot read.
    #[error("{evidence}, volume {volume}: {fs} is not readable by foothold yet")]
    Unreadable {
        /// Evidence path.
        evidence: String,
        /// Volume number, or `-`.
        volume: String,
        /// The filesystem.
        fs: String,
    },
    /// The evidence has no volume foothold can read.
    #[error("{evidence}: no readable volume (filesystems found: {found}; see `foothold info`)")]
    NoReadableVolume {
        /// Evidence path.
        evidence: String,
        /// The filesystems that are there.
        found: String,
    },
    /// An operation on image media was asked of a host directory.
    #[error("{evidence}: a directory, not an image: there is no media to verify")]
    NotAnImage {
        /// Evidence path.
        evidence: String,
    },
    /// Reading the media failed (a damaged chunk, a truncated container).
    #[error("{evidence}: {source}")]
    Read {
        /// Evidence path.
        evidence: String,
        /// The error, naming the chunk or offset.
        #[source]
        source: std::io::Error,
    },
    /// No readable volume holds the path.
    #[error("{evidence}: {path} not found on any readable volume")]
    NotFound {
        /// Evidence path.
        evidence: String,
        /// The path.
        path: String,
    },
}
