use crate::{
    join, DataStream, Entry, EntryKind, Error, FileSystem, Listing, Problem, Result, Timestamp,
    Timestamps,
};
use std::fs::{self, File};
use std::path::{Path, PathBuf};

/// A directory on the host (a mounted tree or a triage collection), read as a filesystem.
#[derive(Debug, Clone)]
pub struct HostDir {
    root: PathBuf,
}

impl HostDir {
    /// Use `root` as the filesystem root.
    pub fn open(root: impl AsRef<Path>) -> Result<Self> {
        let root = root.as_ref().to_path_buf();
        let meta = fs::metadata(&root).map_err(|e| Error::Host {
            path: root.display().to_string(),
            source: e,
        })?;
        if !meta.is_dir() {
            return Err(Error::NotADirectory {
                path: root.display().to_string(),
            });
        }
        Ok(HostDir { root })
    }

    fn host_path(&self, path: &str) -> PathBuf {
        let mut p = self.root.clone();
        for c in path
            .split('/')
            .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        {
            p.push(c);
        }
        p
    }

    fn entry(&self, path: String, name: &str) -> Result<Entry> {
        host_entry(&self.host_path(&path), path, name)
    }
}

/// The entry of the host file `hp`, named `path` (and `name`) in the filesystem read.
pub(crate) fn host_entry(hp: &Path, path: String, name: &str) -> Result<Entry> {
    let meta = fs::symlink_metadata(hp).map_err(|e| Error::Host {
        path: hp.display().to_string(),
        source: e,
    })?;
    let ft = meta.file_type();
    let kind = if ft.is_dir() {
        EntryKind::Dir
    } else if ft.is_file() {
        EntryKind::File
    } else if ft.is_symlink() {
        EntryKind::Symlink
    } else {
        EntryKind::Other
    };
    #[cfg(unix)]
    let (entry, uid, gid, mode, changed, accessed, modified) = {
        use std::os::unix::fs::MetadataExt;
        let t = |s: i64, n: i64| Some(Timestamp::from_unix(s, n.clamp(0, 999_999_999) as u32));
        (
            meta.ino(),
            Some(meta.uid()),
            Some(meta.gid()),
            Some(meta.mode()),
            t(meta.ctime(), meta.ctime_nsec()),
            t(meta.atime(), meta.atime_nsec()),
            t(meta.mtime(), meta.mtime_nsec()),
        )
    };
    #[cfg(not(unix))]
    let (entry, uid, gid, mode, changed, accessed, modified) =
        (0, None, None, None, None, None, None);
    let created = meta.created().ok().and_then(|t| {
        let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(Timestamp::from_unix(d.as_secs() as i64, d.subsec_nanos()))
    });
    Ok(Entry {
        name: name.to_string(),
        path,
        kind,
        size: if kind == EntryKind::File {
            meta.len()
        } else {
            0
        },
        entry,
        sequence: None,
        deleted: false,
        times: Timestamps {
            created,
            modified,
            changed,
            accessed,
            ..Default::default()
        },
        uid,
        gid,
        mode,
        streams: Vec::new(),
        link_target: if ft.is_symlink() {
            fs::read_link(hp).ok().map(|p| p.display().to_string())
        } else {
            None
        },
        flags: Vec::new(),
    })
}

pub(crate) struct HostStream {
    file: File,
    len: u64,
}

/// The host file `hp` as a stream.
pub(crate) fn host_stream(hp: &Path) -> Result<HostStream> {
    let file = File::open(hp).map_err(|e| Error::Host {
        path: hp.display().to_string(),
        source: e,
    })?;
    let len = file
        .metadata()
        .map_err(|e| Error::Host {
            path: hp.display().to_string(),
            source: e,
        })?
        .len();
    Ok(HostStream { file, len })
}

impl DataStream for HostStream {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file
                .read_at(buf, offset)
                .map_err(|e| Error::io(offset, e))
        }
        #[cfg(not(unix))]
        {
            let _ = (offset, buf);
            Err(Error::Unsupported {
                what: "positional reads on this platform".into(),
            })
        }
    }
}

impl FileSystem for HostDir {
    fn kind(&self) -> &'static str {
        "host"
    }
    fn label(&self) -> Option<String> {
        self.root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
    }
    fn root(&self) -> Result<Entry> {
        self.entry("/".into(), "")
    }
    fn read_dir(&self, dir: &Entry) -> Result<Listing> {
        let hp = self.host_path(&dir.path);
        let rd = fs::read_dir(&hp).map_err(|e| Error::Host {
            path: hp.display().to_string(),
            source: e,
        })?;
        let mut out = Listing::default();
        for item in rd {
            let item = match item {
                Ok(i) => i,
                Err(e) => {
                    out.problems.push(Problem {
                        path: dir.path.clone(),
                        entry: None,
                        offset: None,
                        message: format!("reading {}: {e}", hp.display()),
                    });
                    continue;
                }
            };
            let name = item.file_name().to_string_lossy().into_owned();
            let path = join(&dir.path, &name);
            match self.entry(path.clone(), &name) {
                Ok(e) => out.entries.push(e),
                Err(e) => out.problems.push(Problem {
                    path,
                    entry: None,
                    offset: None,
                    message: e.to_string(),
                }),
            }
        }
        out.entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
    fn open_stream<'a>(
        &'a self,
        entry: &Entry,
        stream: Option<&str>,
    ) -> Result<Box<dyn DataStream + 'a>> {
        if let Some(s) = stream {
            return Err(Error::NotFound {
                path: format!("{}:{s}", entry.path),
            });
        }
        Ok(Box::new(host_stream(&self.host_path(&entry.path))?))
    }
}
