use crate::{RawImage, ReadAt, Result};
use std::io;
use std::path::{Path, PathBuf};

/// The most segments a split image may have; a bound, not a guess at real sizes.
const MAX_SEGMENTS: usize = 100_000;

/// A raw image split across several files, read as one.
#[derive(Debug)]
pub struct SplitRaw {
    /// Start offset of each segment in the joined image, with the segment.
    segments: Vec<(u64, RawImage)>,
    len: u64,
}

impl SplitRaw {
    /// Open the given segments in order.
    pub fn open(paths: &[PathBuf]) -> Result<Self> {
        let mut segments = Vec::with_capacity(paths.len());
        let mut len = 0u64;
        for p in paths {
            let raw = RawImage::open(p)?;
            let seg_len = raw.len();
            segments.push((len, raw));
            len = len.saturating_add(seg_len);
        }
        Ok(SplitRaw { segments, len })
    }
}

impl ReadAt for SplitRaw {
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len || buf.is_empty() {
            return Ok(0);
        }
        // Last segment starting at or before `offset`.
        let idx = self
            .segments
            .partition_point(|(start, _)| *start <= offset)
            .saturating_sub(1);
        let mut done = 0usize;
        for (start, seg) in self.segments.get(idx..).unwrap_or_default() {
            let Some(within) = offset
                .checked_add(done as u64)
                .and_then(|pos| pos.checked_sub(*start))
            else {
                break;
            };
            let Some(dest) = buf.get_mut(done..).filter(|d| !d.is_empty()) else {
                break;
            };
            let n = seg.read_at(within, dest)?;
            done = done.saturating_add(n);
        }
        Ok(done)
    }
    fn len(&self) -> u64 {
        self.len
    }
}

/// The segment files of a split raw image that starts at `first`, in order.
///
/// Recognises numbered extensions (`.000`, `.001`, any width) and two-letter ones
/// (`.aa`, `.ab`, …). Returns just `[first]` when `first` is not the start of a series
/// with a second segment beside it.
///
/// ```
/// let segs = foothold_evidence::split_segments(std::path::Path::new("/nonexistent/disk.001"));
/// assert_eq!(segs.len(), 1);
/// ```
pub fn split_segments(first: &Path) -> Vec<PathBuf> {
    let single = vec![first.to_path_buf()];
    let Some(ext) = first.extension().and_then(|e| e.to_str()) else {
        return single;
    };
    let numbered = !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_digit());
    // A series starts at .000, .001 or .aa; a later segment opens alone.
    if !(numbered && matches!(ext.parse::<u64>(), Ok(0 | 1)) || ext == "aa") {
        return single;
    }
    let mut out = single;
    let mut cur = ext.to_string();
    while out.len() < MAX_SEGMENTS {
        let next = if numbered {
            next_numbered(&cur)
        } else {
            next_lettered(&cur)
        };
        let Some(n) = next else { break };
        let candidate = first.with_extension(&n);
        if !candidate.is_file() {
            break;
        }
        out.push(candidate);
        cur = n;
    }
    out
}

/// `007` -> `008`, keeping the width; `None` when the width would grow.
fn next_numbered(cur: &str) -> Option<String> {
    let width = cur.len();
    let v: u64 = cur.parse().ok()?;
    let s = format!("{:0width$}", v.checked_add(1)?);
    (s.len() == width).then_some(s)
}

/// `aa` -> `ab`, `az` -> `ba`; `None` after `zz`.
fn next_lettered(cur: &str) -> Option<String> {
    let b = cur.as_bytes();
    let (&hi, &lo) = (b.first()?, b.get(1)?);
    let (hi, lo) = if lo == b'z' {
        (hi.checked_add(1).filter(|c| *c <= b'z')?, b'a')
    } else {
        (hi, lo.checked_add(1)?)
    };
    Some(format!("{}{}", char::from(hi), char::from(lo)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("foothold-split-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&d).expect("mkdir");
        d
    }

    #[test]
    fn numbered_and_lettered_series_read_as_one() {
        for (tag, names) in [
            ("num", vec!["d.001", "d.002", "d.003"]),
            ("zero", vec!["d.000", "d.001"]),
            ("alpha", vec!["d.aa", "d.ab", "d.ac"]),
        ] {
            let dir = tempdir(tag);
            let mut whole = Vec::new();
            for (i, n) in names.iter().enumerate() {
                let part: Vec<u8> = (0..(1000 + i * 7)).map(|x| (x * 31 + i) as u8).collect();
                std::fs::write(dir.join(n), &part).expect("write");
                whole.extend_from_slice(&part);
            }
            let segs = split_segments(&dir.join(names[0]));
            assert_eq!(segs.len(), names.len(), "{tag}");
            let s = SplitRaw::open(&segs).expect("open");
            assert_eq!(s.len(), whole.len() as u64);
            // A read spanning a segment boundary.
            let mut buf = vec![0u8; 1500];
            s.read_exact_at(200, &mut buf).expect("read");
            assert_eq!(&buf[..], &whole[200..1700]);
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn a_lone_numbered_file_is_not_split() {
        let dir = tempdir("lone");
        std::fs::write(dir.join("x.001"), b"abc").expect("write");
        assert_eq!(split_segments(&dir.join("x.001")).len(), 1);
        std::fs::write(dir.join("x.005"), b"abc").expect("write");
        std::fs::write(dir.join("x.006"), b"abc").expect("write");
        assert_eq!(split_segments(&dir.join("x.005")).len(), 1);
        let _ = std::fs::remove_dir_all(dir);
    }
}
