//! A filesystem seen from one of its folders: how a triage collection stored inside a disk
//! image (KAPE's VHDX: an NTFS volume whose root holds `C/Windows/…`) is scanned as the
//! machine it was collected from.
use crate::{DataStream, Entry, Error, FileSystem, Listing, Result};
use std::sync::Arc;

/// `inner` with `prefix` (a folder, `/C`) as its root. Entries have paths below the new root;
/// [`FileSystem::origin`] gives each one's path on the volume. Its kind is `collection`.
pub struct Rooted {
    inner: Arc<dyn FileSystem>,
    prefix: String,
}

impl Rooted {
    /// `inner` seen from `prefix` (`/C`); `None` when `prefix` is not a folder of it.
    pub fn new(inner: Arc<dyn FileSystem>, prefix: &str) -> Option<Self> {
        let prefix = format!("/{}", prefix.trim_matches('/'));
        let e = inner.lookup(&prefix).ok()?;
        (e.kind == crate::EntryKind::Dir).then_some(Rooted { inner, prefix })
    }

    /// The folder it is seen from.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    fn inner_path(&self, path: &str) -> String {
        if path == "/" || path.is_empty() {
            self.prefix.clone()
        } else {
            format!("{}/{}", self.prefix, path.trim_start_matches('/'))
        }
    }

    fn to_inner(&self, e: &Entry) -> Entry {
        let mut e = e.clone();
        e.path = self.inner_path(&e.path);
        e
    }

    /// `None` for an entry outside the prefix.
    fn to_outer(&self, mut e: Entry) -> Option<Entry> {
        let rest = e.path.strip_prefix(&self.prefix)?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        e.path = if rest.is_empty() {
            "/".into()
        } else {
            rest.to_string()
        };
        if e.path == "/" {
            e.name = String::new();
        }
        Some(e)
    }
}

impl FileSystem for Rooted {
    fn kind(&self) -> &'static str {
        "collection"
    }
    fn label(&self) -> Option<String> {
        self.inner.label()
    }
    fn warnings(&self) -> Vec<String> {
        self.inner.warnings()
    }
    fn root(&self) -> Result<Entry> {
        let e = self.inner.lookup(&self.prefix)?;
        self.to_outer(e).ok_or(Error::NotFound { path: "/".into() })
    }
    fn read_dir(&self, dir: &Entry) -> Result<Listing> {
        let l = self.inner.read_dir(&self.to_inner(dir))?;
        Ok(Listing {
            entries: l
                .entries
                .into_iter()
                .filter_map(|e| self.to_outer(e))
                .collect(),
            problems: l
                .problems
                .into_iter()
                .map(|mut p| {
                    if let Some(rest) = p.path.strip_prefix(&self.prefix) {
                        p.path = if rest.is_empty() {
                            "/".into()
                        } else {
                            rest.into()
                        };
                    }
                    p
                })
                .collect(),
        })
    }
    fn same_name(&self, a: &str, b: &str) -> bool {
        self.inner.same_name(a, b)
    }
    fn open_stream<'a>(
        &'a self,
        entry: &Entry,
        stream: Option<&str>,
    ) -> Result<Box<dyn DataStream + 'a>> {
        self.inner.open_stream(&self.to_inner(entry), stream)
    }
    fn owner(&self, entry: &Entry) -> Result<Option<String>> {
        self.inner.owner(&self.to_inner(entry))
    }
    fn clusters_in_use(&self, entry: &Entry, stream: Option<&str>) -> Result<Option<(u64, u64)>> {
        self.inner.clusters_in_use(&self.to_inner(entry), stream)
    }
    fn deleted(&self) -> Result<Vec<Entry>> {
        Ok(self
            .inner
            .deleted()?
            .into_iter()
            .filter_map(|e| self.to_outer(e))
            .collect())
    }
    fn origin(&self, entry: &Entry) -> Option<String> {
        Some(self.inner_path(&entry.path))
    }
    fn lookup(&self, path: &str) -> Result<Entry> {
        let e = self.inner.lookup(&self.inner_path(path))?;
        // (An answer outside the prefix would be the inner filesystem's mistake.)
        self.to_outer(e)
            .ok_or(Error::NotFound { path: path.into() })
    }
}
