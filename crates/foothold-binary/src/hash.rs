//! MD5, SHA-1 and SHA-256 of a file, in one pass.
use serde::Serialize;
use sha2::Digest;

/// The three digests examiners and threat-intelligence feeds use, lowercase hex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Hashes {
    /// MD5.
    pub md5: String,
    /// SHA-1.
    pub sha1: String,
    /// SHA-256.
    pub sha256: String,
}

/// Digests fed chunk by chunk (a file read in pieces is hashed without holding it whole).
#[derive(Clone, Default)]
pub struct Hasher {
    md5: md5::Md5,
    sha1: sha1::Sha1,
    sha256: sha2::Sha256,
}

impl std::fmt::Debug for Hasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hasher")
    }
}

pub(crate) use foothold_core::hex;

impl Hasher {
    /// Add the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.md5.update(bytes);
        self.sha1.update(bytes);
        self.sha256.update(bytes);
    }

    /// The digests of everything added.
    pub fn finish(self) -> Hashes {
        Hashes {
            md5: hex(&self.md5.finalize()),
            sha1: hex(&self.sha1.finalize()),
            sha256: hex(&self.sha256.finalize()),
        }
    }
}

/// The digests of a whole buffer.
///
/// ```
/// let h = foothold_binary::hashes(b"abc");
/// assert_eq!(h.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
/// assert_eq!(h.md5, "900150983cd24fb0d6963f7d28e17f72");
/// ```
pub fn hashes(bytes: &[u8]) -> Hashes {
    let mut h = Hasher::default();
    h.update(bytes);
    h.finish()
}
