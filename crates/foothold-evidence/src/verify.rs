//! Recompute the media hash of an evidence source and compare it with the stored one.
use crate::ReadAt;
use md5::Digest as _;
use std::io;
use std::sync::mpsc::sync_channel;
use std::sync::Arc;

/// One hash value: algorithm (`md5`, `sha1`) and lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// `md5` or `sha1`.
    pub algorithm: String,
    /// Lower-case hexadecimal.
    pub hex: String,
}

/// The outcome of [`crate::Container::verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Bytes hashed (the media size).
    pub bytes: u64,
    /// Hashes computed over the media.
    pub computed: Vec<Digest>,
    /// Hashes stored in the container.
    pub stored: Vec<Digest>,
    /// `Some(true)` when every stored hash equals the computed one, `Some(false)` when any
    /// differs, `None` when the container stores no hash to compare with.
    pub matches: Option<bool>,
}

const BLOCK: usize = 4 << 20;

pub(crate) fn verify(
    src: &dyn ReadAt,
    stored: &[Digest],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> io::Result<Verification> {
    let len = src.len();
    // One thread reads (and decompresses), two hash: MD5 and SHA-1 run side by side.
    let (md5_tx, md5_rx) = sync_channel::<Arc<Vec<u8>>>(4);
    let (sha_tx, sha_rx) = sync_channel::<Arc<Vec<u8>>>(4);
    let (md5_hex, sha1_hex, read) = std::thread::scope(|s| {
        let m = s.spawn(move || {
            let mut h = md5::Md5::new();
            for b in md5_rx {
                h.update(&b[..]);
            }
            crate::codec::hex(&h.finalize())
        });
        let h1 = s.spawn(move || {
            let mut h = sha1::Sha1::new();
            for b in sha_rx {
                h.update(&b[..]);
            }
            crate::codec::hex(&h.finalize())
        });
        let mut pos = 0u64;
        let read = loop {
            if pos >= len {
                break Ok(());
            }
            let n = usize::try_from(len - pos).unwrap_or(BLOCK).min(BLOCK);
            let mut buf = vec![0u8; n];
            if let Err(e) = src.read_exact_at(pos, &mut buf) {
                break Err(io::Error::new(
                    e.kind(),
                    format!("at media offset {pos:#x}: {e}"),
                ));
            }
            pos += n as u64;
            progress(pos, len);
            let b = Arc::new(buf);
            if md5_tx.send(Arc::clone(&b)).is_err() || sha_tx.send(b).is_err() {
                break Err(io::Error::other("hash thread stopped"));
            }
        };
        drop(md5_tx);
        drop(sha_tx);
        let md5_hex = m.join().unwrap_or_default();
        let sha1_hex = h1.join().unwrap_or_default();
        (md5_hex, sha1_hex, read)
    });
    read?;
    let computed = vec![
        Digest {
            algorithm: "md5".into(),
            hex: md5_hex,
        },
        Digest {
            algorithm: "sha1".into(),
            hex: sha1_hex,
        },
    ];
    let matches = (!stored.is_empty()).then(|| {
        stored.iter().all(|s| {
            computed
                .iter()
                .any(|c| c.algorithm == s.algorithm && c.hex.eq_ignore_ascii_case(&s.hex))
        })
    });
    Ok(Verification {
        bytes: len,
        computed,
        stored: stored.to_vec(),
        matches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_equal_published_vectors() {
        let data = b"abc".to_vec();
        let v = verify(&data, &[], &|_, _| {}).expect("verify");
        assert_eq!(v.computed[0].hex, "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            v.computed[1].hex,
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(v.matches, None);
        let wrong = [Digest {
            algorithm: "md5".into(),
            hex: "00".repeat(16),
        }];
        assert_eq!(
            verify(&data, &wrong, &|_, _| {}).expect("verify").matches,
            Some(false)
        );
    }
}
