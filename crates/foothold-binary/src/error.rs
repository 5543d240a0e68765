/// Why part of a program file could not be read. The facts read before the damage are kept;
/// the error says what was not read and at which offset of the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The PE headers or a directory they point to are damaged.
    #[error("PE at {offset:#x}: {reason}")]
    Pe {
        /// File offset of the damaged structure (0 when the `object` crate does not say).
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The Authenticode signature (PKCS #7 `SignedData`) is damaged.
    #[error("Authenticode signature at {offset:#x}: {reason}")]
    Signature {
        /// File offset of the damaged DER element.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A catalog file (`.cat`: a signed certificate trust list) is damaged.
    #[error("catalog at {offset:#x}: {reason}")]
    Catalog {
        /// File offset of the damaged DER element.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The version resource (`VS_VERSIONINFO`) is damaged.
    #[error("version resource at {offset:#x}: {reason}")]
    VersionInfo {
        /// File offset of the damaged block.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// The ELF headers are damaged.
    #[error("ELF: {reason}")]
    Elf {
        /// What is wrong.
        reason: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
