//! Read-only filesystems for forensic use: NTFS, ext2/3/4 and a host directory, behind one
//! [`FileSystem`] interface, reading through the positional [`ReadAt`] of
//! `foothold-evidence`.
//!
//! # Getting started
//! 1. Get a [`ReadAt`] for the volume (a `Window` of an evidence file).
//! 2. Open it with [`Ntfs::open`] or [`Ext4::open`] (or [`HostDir::open`] for a folder).
//! 3. [`FileSystem::lookup`] a path, [`FileSystem::read_dir`] a directory,
//!    [`FileSystem::open_stream`] a file and read it at any offset.
//!
//! ```
//! use foothold_fs::{FileSystem, HostDir};
//! let dir = std::env::temp_dir().join(format!("foothold-doc-{}", std::process::id()));
//! std::fs::create_dir_all(dir.join("etc")).unwrap();
//! std::fs::write(dir.join("etc/crontab"), b"* * * * * root true\n").unwrap();
//! let fs = HostDir::open(&dir).unwrap();
//! let e = fs.lookup("/etc/crontab").unwrap();
//! assert_eq!(e.size, 20);
//! assert_eq!(fs.read_all(&e, None, 1 << 20).unwrap(), b"* * * * * root true\n");
//! # std::fs::remove_dir_all(dir).unwrap();
//! ```
#![forbid(unsafe_code)]
// Every byte this crate reads is evidence: arithmetic on read values is checked (or saturating
// against a bound), and every slice goes through `get`. See the design notes (#29, #30).
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::string_slice
)]

pub mod archive;
mod bytes;
pub use foothold_core::{escape_name, unescape_name};
mod entry;
mod error;
pub mod ext4;
mod host;
pub mod ntfs;
mod rooted;
mod tree;

pub use archive::{Archive, ArchiveKind, Link, Member};
pub use entry::{Entry, EntryFlag, EntryKind, Listing, Problem, StreamInfo, Timestamps};
pub use error::{Error, Result};
pub use ext4::Ext4;
pub use foothold_core::Timestamp;
pub use foothold_evidence::ReadAt;
pub use host::HostDir;
pub use ntfs::Ntfs;
pub use rooted::Rooted;
pub use tree::{FileTree, Leaf};

/// Directory depth beyond which a path is treated as a cycle.
pub const MAX_DEPTH: usize = 256;

/// A readable stream of a file (its data, or one named stream).
pub trait DataStream: Send + Sync {
    /// Logical size in bytes.
    fn len(&self) -> u64;
    /// True for an empty stream.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Read up to `buf.len()` bytes at `offset`; 0 at the end.
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize>;
}

/// One read-only filesystem.
pub trait FileSystem: Send + Sync {
    /// `ntfs`, `ext2`, `ext3`, `ext4` or `host`.
    fn kind(&self) -> &'static str;
    /// Volume label, if any.
    fn label(&self) -> Option<String>;
    /// Problems noticed while opening that did not stop it (bad checksums…).
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
    /// The root directory.
    fn root(&self) -> Result<Entry>;
    /// The entries of a directory (without `.` and `..`), with paths below `dir.path`, and
    /// every problem met on the way (a child whose record cannot be read, a damaged index
    /// block): the listing goes on past them, and the caller reports them.
    ///
    /// `Err` only when the directory itself cannot be listed at all.
    fn read_dir(&self, dir: &Entry) -> Result<Listing>;
    /// Whether two names are the same on this filesystem (NTFS: case-insensitive).
    fn same_name(&self, a: &str, b: &str) -> bool {
        a == b
    }
    /// Open the data of a file; `stream` names an alternate data stream (NTFS only).
    fn open_stream<'a>(
        &'a self,
        entry: &Entry,
        stream: Option<&str>,
    ) -> Result<Box<dyn DataStream + 'a>>;
    /// The owner of an entry, as the filesystem records it: on NTFS the owner SID of its
    /// security descriptor (`$Secure:$SDS`, by the security id of `$STANDARD_INFORMATION`);
    /// `None` where owners are numbers on the entry (ext: `uid`) or not kept.
    fn owner(&self, _entry: &Entry) -> Result<Option<String>> {
        Ok(None)
    }
    /// For a stream stored in clusters (NTFS non-resident data): how many of its clusters
    /// are allocated now, of how many — for a deleted file, clusters in use belong to
    /// another file, and what is read from them may not be its. `None` when the data is not
    /// in clusters of its own (resident) or the filesystem does not say.
    fn clusters_in_use(&self, _entry: &Entry, _stream: Option<&str>) -> Result<Option<(u64, u64)>> {
        Ok(None)
    }
    /// Entries that are deleted but whose metadata is still recoverable.
    fn deleted(&self) -> Result<Vec<Entry>> {
        Ok(Vec::new())
    }

    /// The host file or archive member (`ARCHIVE!MEMBER`) an entry's bytes come from, for
    /// filesystems made of such files ([`FileTree`]); `None` for an image's filesystem.
    fn origin(&self, _entry: &Entry) -> Option<String> {
        None
    }

    /// Find an entry by its `/`-separated path from the root, one directory at a time.
    fn lookup(&self, path: &str) -> Result<Entry> {
        let mut cur = self.root()?;
        for (depth, comp) in path
            .split(['/', '\\'])
            .filter(|c| !c.is_empty())
            .enumerate()
        {
            if depth > MAX_DEPTH {
                return Err(Error::NotFound { path: path.into() });
            }
            if comp == "." {
                continue;
            }
            if cur.kind != EntryKind::Dir {
                return Err(Error::NotADirectory {
                    path: cur.path.clone(),
                });
            }
            let children = self.read_dir(&cur)?;
            cur = children
                .entries
                .into_iter()
                .find(|c| self.same_name(&c.name, comp))
                .ok_or_else(|| Error::NotFound { path: path.into() })?;
        }
        Ok(cur)
    }

    /// Read a whole stream, refusing streams larger than `limit` bytes.
    fn read_all(&self, entry: &Entry, stream: Option<&str>, limit: u64) -> Result<Vec<u8>> {
        let s = self.open_stream(entry, stream)?;
        let len = s.len();
        if len > limit {
            return Err(Error::TooLarge {
                path: entry.path.clone(),
                size: len,
                limit,
            });
        }
        read_to_end(&*s)
    }
}

/// Every byte of a stream (the caller has bounded its length); short if the data ends early.
pub(crate) fn read_to_end(s: &dyn DataStream) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; usize::try_from(s.len()).unwrap_or(usize::MAX)];
    let mut done = 0usize;
    while let Some(rest) = buf.get_mut(done..).filter(|r| !r.is_empty()) {
        let n = s.read_at(done as u64, rest)?;
        if n == 0 {
            break;
        }
        done = done.saturating_add(n);
    }
    buf.truncate(done);
    Ok(buf)
}

/// Join a directory path and a child name into a `/`-separated path.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir == "/" || dir.is_empty() {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}
