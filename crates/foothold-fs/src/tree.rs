//! Host files placed at the paths they would have on a machine, read as one filesystem: how
//! loose files (a hive, an event log, a task file, a crontab) and triage collections are
//! scanned by the same code as a disk image.
use crate::archive::Archive;
use crate::host::{host_entry, host_stream};
use crate::{join, DataStream, Entry, EntryKind, Error, FileSystem, Listing, Result, Timestamps};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a file of a [`FileTree`] has its bytes.
#[derive(Debug, Clone)]
pub enum Leaf {
    /// A file of the host.
    Host(PathBuf),
    /// Member `n` of an archive.
    Member(Arc<Archive>, usize),
}

impl Leaf {
    /// The file or archive member it is read from: the host path, or `ARCHIVE!MEMBER`.
    pub fn origin(&self) -> String {
        match self {
            Leaf::Host(p) => p.display().to_string(),
            Leaf::Member(a, i) => format!(
                "{}!{}",
                a.path().display(),
                a.members().get(*i).map_or("", |m| m.name.as_str())
            ),
        }
    }
}

/// Most files one tree holds.
const MAX_FILES: usize = 100_000;

/// A filesystem made of host files, each at a path of its own choosing
/// (`/Windows/System32/config/SYSTEM` → `/cases/loose/SYSTEM`); the folders above them exist
/// as empty directories. A file has its size, mode and modification time (a host copy's
/// other times and owner are the copy's, not the machine's, and are left out; an archive
/// member has what the archive stores); folders have none.
///
/// ```
/// use foothold_fs::{FileSystem, FileTree};
/// let f = std::env::temp_dir().join(format!("tree-doc-{}", std::process::id()));
/// std::fs::write(&f, "5 4 * * sun /root/backup.sh\n").unwrap();
/// let t = FileTree::new("loose", [("/var/spool/cron/crontabs/root".to_string(), f.clone())]).unwrap();
/// let e = t.lookup("/var/spool/cron/crontabs/root").unwrap();
/// assert_eq!(t.read_all(&e, None, 1 << 20).unwrap(), b"5 4 * * sun /root/backup.sh\n");
/// assert_eq!(t.read_dir(&t.lookup("/var/spool").unwrap()).unwrap().entries[0].name, "cron");
/// std::fs::remove_file(f).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct FileTree {
    label: String,
    kind: &'static str,
    warnings: Vec<String>,
    /// Every path (`/` for the root) and what it is: a folder, or a file.
    nodes: BTreeMap<String, Option<Leaf>>,
}

impl FileTree {
    /// A tree of `files` (its path in the tree, the host file); `label` names it. Paths are
    /// `/`-separated; `.`, `..` and empty components are dropped. A path given twice keeps
    /// the first file; a file below another file's path is an error.
    pub fn new(label: &str, files: impl IntoIterator<Item = (String, PathBuf)>) -> Result<Self> {
        Self::with_dirs(label, files, &[])
    }

    /// [`FileTree::new`], with the (empty) folders `dirs` as well.
    pub fn with_dirs(
        label: &str,
        files: impl IntoIterator<Item = (String, PathBuf)>,
        dirs: &[&str],
    ) -> Result<Self> {
        Self::of_leaves(
            label,
            files.into_iter().map(|(p, f)| (p, Leaf::Host(f))),
            dirs,
        )
    }

    /// A tree of files that are host files or archive members ([`Leaf`]), and the (empty)
    /// folders `dirs`.
    pub fn of_leaves(
        label: &str,
        files: impl IntoIterator<Item = (String, Leaf)>,
        dirs: &[&str],
    ) -> Result<Self> {
        let mut nodes: BTreeMap<String, Option<Leaf>> = BTreeMap::new();
        nodes.insert("/".into(), None);
        for d in dirs {
            let mut at = String::from("/");
            for c in d
                .split('/')
                .filter(|c| !c.is_empty() && *c != "." && *c != "..")
            {
                at = join(&at, c);
                nodes.insert(at.clone(), None);
            }
        }
        for (path, host) in files {
            if nodes.len() > MAX_FILES {
                return Err(Error::Unsupported {
                    what: format!("more than {MAX_FILES} files in one tree"),
                });
            }
            let parts: Vec<&str> = path
                .split('/')
                .filter(|c| !c.is_empty() && *c != "." && *c != "..")
                .collect();
            let Some((name, dirs)) = parts.split_last() else {
                continue;
            };
            let mut at = String::from("/");
            for d in dirs {
                at = join(&at, d);
                match nodes.entry(at.clone()).or_insert(None) {
                    None => {}
                    Some(_) => {
                        return Err(Error::Unsupported {
                            what: format!("{at} is a file and a folder in one tree"),
                        })
                    }
                }
            }
            nodes.entry(join(&at, name)).or_insert(Some(host));
        }
        Ok(FileTree {
            label: label.to_string(),
            kind: "files",
            warnings: Vec::new(),
            nodes,
        })
    }

    /// The same tree under another [`FileSystem::kind`] (what records name as their
    /// filesystem: `file` for a loose file, `collection` for a triage collection).
    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// The same tree, with damage to report as [`FileSystem::warnings`] (an archive's
    /// members left out).
    pub fn with_warnings(mut self, warnings: Vec<String>) -> Self {
        self.warnings = warnings;
        self
    }

    /// The file at `path` of the tree, if it is one.
    pub fn leaf(&self, path: &str) -> Option<&Leaf> {
        self.nodes.get(path).and_then(Option::as_ref)
    }

    /// How many paths (files and folders) the tree has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Only the root.
    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }

    fn dir_entry(&self, path: &str) -> Entry {
        let name = path.rsplit('/').next().unwrap_or("").to_string();
        Entry {
            name,
            path: path.to_string(),
            kind: EntryKind::Dir,
            size: 0,
            entry: self
                .nodes
                .range::<str, _>((Bound::Unbounded, Bound::Excluded(path)))
                .count() as u64,
            sequence: None,
            deleted: false,
            times: Timestamps::default(),
            uid: None,
            gid: None,
            mode: None,
            streams: Vec::new(),
            link_target: None,
            flags: Vec::new(),
        }
    }

    fn entry_at(&self, path: &str) -> Result<Entry> {
        match self.nodes.get(path) {
            Some(None) => Ok(self.dir_entry(path)),
            Some(Some(Leaf::Host(host))) => {
                let name = path.rsplit('/').next().unwrap_or("");
                let mut e = host_entry(host, path.to_string(), name)?;
                // A copy's creation, change and access times and its owner are the copy's,
                // not the machine's: only the modification time (which collectors keep) and
                // the mode stay.
                e.times = Timestamps {
                    modified: e.times.modified,
                    ..Timestamps::default()
                };
                e.uid = None;
                e.gid = None;
                Ok(e)
            }
            Some(Some(Leaf::Member(a, i))) => {
                let m = a
                    .members()
                    .get(*i)
                    .ok_or(Error::NotFound { path: path.into() })?;
                let mut e = self.dir_entry(path);
                e.kind = EntryKind::File;
                e.size = m.size;
                e.entry = *i as u64;
                e.times.modified = m.modified;
                (e.uid, e.gid, e.mode) = (m.uid, m.gid, m.mode);
                Ok(e)
            }
            None => Err(Error::NotFound { path: path.into() }),
        }
    }
}

impl FileSystem for FileTree {
    fn kind(&self) -> &'static str {
        self.kind
    }
    fn label(&self) -> Option<String> {
        Some(self.label.clone())
    }
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }
    fn root(&self) -> Result<Entry> {
        Ok(self.dir_entry("/"))
    }
    fn read_dir(&self, dir: &Entry) -> Result<Listing> {
        let prefix = if dir.path == "/" {
            "/".to_string()
        } else {
            format!("{}/", dir.path)
        };
        let mut out = Listing::default();
        for path in self
            .nodes
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
            .map(|(p, _)| p)
            .take_while(|p| p.starts_with(&prefix))
        {
            let rest = path.get(prefix.len()..).unwrap_or_default();
            if rest.is_empty() || rest.contains('/') {
                continue;
            }
            match self.entry_at(path) {
                Ok(e) => out.entries.push(e),
                Err(e) => out.problems.push(crate::Problem {
                    path: path.clone(),
                    entry: None,
                    offset: None,
                    message: e.to_string(),
                }),
            }
        }
        Ok(out)
    }
    fn lookup(&self, path: &str) -> Result<Entry> {
        let mut p = String::from("/");
        for c in path
            .split('/')
            .filter(|c| !c.is_empty() && *c != "." && *c != "..")
        {
            p = join(&p, c);
        }
        if self.nodes.contains_key(&p) {
            return self.entry_at(&p);
        }
        // Windows paths are found whatever their case (`system32`, `System32`).
        let found = self
            .nodes
            .keys()
            .find(|k| k.eq_ignore_ascii_case(&p))
            .ok_or(Error::NotFound { path: path.into() })?;
        self.entry_at(found)
    }
    fn origin(&self, entry: &Entry) -> Option<String> {
        self.leaf(&entry.path).map(Leaf::origin)
    }
    fn same_name(&self, a: &str, b: &str) -> bool {
        a.eq_ignore_ascii_case(b)
    }
    fn open_stream<'a>(
        &'a self,
        entry: &Entry,
        stream: Option<&str>,
    ) -> Result<Box<dyn DataStream + 'a>> {
        match (stream, self.leaf(&entry.path)) {
            (None, Some(Leaf::Host(host))) => Ok(Box::new(host_stream(host)?)),
            (None, Some(Leaf::Member(a, i))) => a.stream(*i),
            (Some(s), _) => Err(Error::NotFound {
                path: format!("{}:{s}", entry.path),
            }),
            (None, None) => Err(Error::NotFound {
                path: entry.path.clone(),
            }),
        }
    }
}
