//! Recompute the media hash of an evidence source and compare it with the stored one.
use crate::ReadAt;
use std::io;
use std::sync::mpsc::sync_channel;
use std::sync::Arc;

/// One hash value: algorithm (`md5`, `sha1`, `sha256`) and lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// `md5`, `sha1` or `sha256`.
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
/// Blocks in flight: read ahead of the slowest hash by this many, then reused.
const IN_FLIGHT: usize = 6;

/// One hash running on its own thread over the blocks it is sent.
fn hasher<D: md5::Digest>(
    rx: std::sync::mpsc::Receiver<Arc<Vec<u8>>>,
    done: std::sync::mpsc::Sender<Arc<Vec<u8>>>,
) -> String {
    let mut h = D::new();
    for b in rx {
        h.update(&b[..]);
        // The reader takes a block back once every hash is done with it.
        let _ = done.send(b);
    }
    crate::codec::hex(&h.finalize())
}

pub(crate) fn verify(
    src: &dyn ReadAt,
    stored: &[Digest],
    progress: &(dyn Fn(u64, u64) + Sync),
) -> io::Result<Verification> {
    let len = src.len();
    // One thread reads (and decompresses) into a few reused blocks, three hash them side by
    // side: MD5, SHA-1 and SHA-256 (the stored hashes of E01 are MD5 and SHA-1; SHA-256 is what
    // a report quotes today). Memory is the blocks in flight, whatever the media's size.
    let (md5_tx, md5_rx) = sync_channel::<Arc<Vec<u8>>>(IN_FLIGHT);
    let (sha1_tx, sha1_rx) = sync_channel::<Arc<Vec<u8>>>(IN_FLIGHT);
    let (sha256_tx, sha256_rx) = sync_channel::<Arc<Vec<u8>>>(IN_FLIGHT);
    let (back_tx, back_rx) = std::sync::mpsc::channel::<Arc<Vec<u8>>>();
    let (hexes, read) = std::thread::scope(|s| {
        let back = back_tx.clone();
        let m = s.spawn(move || hasher::<md5::Md5>(md5_rx, back));
        let back = back_tx.clone();
        let h1 = s.spawn(move || hasher::<sha1::Sha1>(sha1_rx, back));
        let back = back_tx;
        let h2 = s.spawn(move || hasher::<sha2::Sha256>(sha256_rx, back));
        let mut spare: Vec<Vec<u8>> = Vec::new();
        let mut made = 0usize;
        let mut pos = 0u64;
        let read = loop {
            if pos >= len {
                break Ok(());
            }
            let n = usize::try_from(len.saturating_sub(pos))
                .unwrap_or(BLOCK)
                .min(BLOCK);
            // A block every hash has finished with, else a new one (at most IN_FLIGHT × 3 + 1).
            while let Ok(b) = back_rx.try_recv() {
                if let Ok(v) = Arc::try_unwrap(b) {
                    spare.push(v);
                }
            }
            let mut buf = match spare.pop() {
                Some(v) => v,
                None if made <= IN_FLIGHT * 3 => {
                    made = made.saturating_add(1);
                    Vec::with_capacity(BLOCK)
                }
                None => loop {
                    match back_rx.recv() {
                        Ok(b) => {
                            if let Ok(v) = Arc::try_unwrap(b) {
                                break v;
                            }
                        }
                        Err(_) => break Vec::with_capacity(BLOCK),
                    }
                },
            };
            buf.resize(n, 0);
            if let Err(e) = src.read_exact_at(pos, &mut buf) {
                break Err(io::Error::new(
                    e.kind(),
                    format!("at media offset {pos:#x}: {e}"),
                ));
            }
            pos = pos.saturating_add(n as u64);
            progress(pos, len);
            let b = Arc::new(buf);
            if md5_tx.send(Arc::clone(&b)).is_err()
                || sha1_tx.send(Arc::clone(&b)).is_err()
                || sha256_tx.send(b).is_err()
            {
                break Err(io::Error::other("hash thread stopped"));
            }
        };
        drop(md5_tx);
        drop(sha1_tx);
        drop(sha256_tx);
        let hexes = [
            ("md5", m.join().unwrap_or_default()),
            ("sha1", h1.join().unwrap_or_default()),
            ("sha256", h2.join().unwrap_or_default()),
        ];
        (hexes, read)
    });
    read?;
    let computed: Vec<Digest> = hexes
        .into_iter()
        .map(|(a, hex)| Digest {
            algorithm: a.into(),
            hex,
        })
        .collect();
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
        // FIPS 180-2's "abc".
        assert_eq!(
            v.computed[2].hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
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
