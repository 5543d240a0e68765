use crate::{Error, Result};
use foothold_fs::{EntryKind, Ext4, FileSystem, HostDir, Ntfs, ReadAt};
use foothold_volume::{FsType, PartitionTable, Scheme, Volume};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Operating system family found on a volume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OsFamily {
    /// Windows (a `Windows/System32` folder).
    Windows,
    /// Linux (an `/etc` with `passwd` or `os-release`).
    Linux,
}

/// What [`Evidence::detect_os`] found on one volume.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Os {
    /// Volume number (`None` for a bare filesystem).
    pub volume: Option<u32>,
    /// Family.
    pub family: OsFamily,
    /// Pretty name where the volume says it (`/etc/os-release` PRETTY_NAME).
    pub name: Option<String>,
}

enum Source {
    Image(foothold_evidence::Container),
    Host(PathBuf),
    /// A loose file (and the files that come with it), or a triage collection (a folder or
    /// an archive), read as a machine's tree.
    Files(Arc<foothold_fs::FileTree>, Files),
}

enum Files {
    Loose(crate::Placed),
    Collection(crate::Layout, Option<Arc<foothold_fs::Archive>>),
}

/// An opened piece of evidence: a disk image (raw, split raw) or a host directory.
pub struct Evidence {
    path: PathBuf,
    source: Source,
    table: PartitionTable,
    /// Filesystems opened so far, by volume (offset, length): each is opened once.
    opened: Mutex<HashMap<(u64, u64), Arc<dyn FileSystem>>>,
    /// Read every volume as it was at this shadow copy (store number, 1 = oldest):
    /// [`Evidence::at_snapshot`].
    snapshot: Option<u32>,
}

impl std::fmt::Debug for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Evidence")
            .field("path", &self.path)
            .field("table", &self.table)
            .finish()
    }
}

/// The table of evidence that is one host filesystem (a directory, a loose file, a
/// collection): a single volume, no partitioning.
fn one_host_volume(label: Option<String>) -> PartitionTable {
    PartitionTable {
        scheme: Scheme::None,
        volumes: vec![Volume {
            number: None,
            offset: 0,
            length: 0,
            partition_type: None,
            type_name: None,
            name: None,
            filesystem: FsType::Host,
            label,
            lvm: None,
        }],
        warnings: Vec::new(),
    }
}

impl Evidence {
    /// Open an image file, a directory (a machine's root, or a triage collection: KAPE,
    /// Velociraptor, UAC), a collection's zip or tar, or a loose file (a hive, an event log,
    /// a task file, a crontab, a unit) as evidence.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let tree_evidence = |tree: foothold_fs::FileTree, files: Files, path: PathBuf| {
            let table = one_host_volume(tree.label());
            Evidence {
                opened: Mutex::default(),
                snapshot: None,
                source: Source::Files(Arc::new(tree), files),
                path,
                table,
            }
        };
        // A folder that is a collection (not itself a machine's root).
        if path.is_dir() && !["Windows", "etc"].iter().any(|d| path.join(d).is_dir()) {
            if let Some((layout, tree)) = crate::triage::folder(&path) {
                return Ok(tree_evidence(tree, Files::Collection(layout, None), path));
            }
        }
        if path.is_dir() {
            HostDir::open(&path).map_err(|source| Error::Fs {
                evidence: path.display().to_string(),
                volume: "-".into(),
                source,
            })?;
            let table = one_host_volume(path.file_name().map(|n| n.to_string_lossy().into_owned()));
            return Ok(Evidence {
                opened: Mutex::default(),
                snapshot: None,
                source: Source::Host(path.clone()),
                path,
                table,
            });
        }
        // A FIFO, a device or a socket is never read: reading one can block forever.
        foothold_evidence::refuse_non_file(&path)?;
        let fs_err = |source| Error::Fs {
            evidence: path.display().to_string(),
            volume: "-".into(),
            source,
        };
        // A zip or tar of a collection (an archive that is not one is an error, said).
        if let Some((layout, archive, tree)) = crate::triage::archive(&path).map_err(fs_err)? {
            return Ok(tree_evidence(
                tree,
                Files::Collection(layout, Some(archive)),
                path,
            ));
        }
        if let Some(placed) = crate::loose::place_unarchived(&path) {
            let label = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let tree = placed.tree(&label).map_err(fs_err)?;
            return Ok(tree_evidence(tree, Files::Loose(placed), path));
        }
        let ev = foothold_evidence::open(&path)?;
        let table = foothold_volume::discover(&*ev.source()).map_err(|source| Error::Volume {
            path: path.display().to_string(),
            source,
        })?;
        let mut ev = Evidence {
            opened: Mutex::default(),
            snapshot: None,
            path,
            source: Source::Image(ev),
            table,
        };
        // NTFS keeps its label in the $Volume file, not in the boot sector the sniffer reads.
        let labels: Vec<Option<String>> = ev
            .table
            .volumes
            .iter()
            .map(|v| match (v.filesystem, &v.label) {
                (FsType::Ntfs, None) => ev.filesystem(v).ok().and_then(|fs| fs.label()),
                _ => v.label.clone(),
            })
            .collect();
        for (v, l) in ev.table.volumes.iter_mut().zip(labels) {
            v.label = l;
        }
        Ok(ev)
    }

    /// The path it was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The opened image container (`None` for a host directory): its properties
    /// (acquisition metadata), stored hashes and media verification.
    pub fn container(&self) -> Option<&foothold_evidence::Container> {
        match &self.source {
            Source::Image(e) => Some(e),
            Source::Host(_) | Source::Files(..) => None,
        }
    }

    /// What a loose file was taken for (`None` for an image or a directory).
    pub fn loose(&self) -> Option<&crate::Placed> {
        match &self.source {
            Source::Files(_, Files::Loose(p)) => Some(p),
            _ => None,
        }
    }

    /// The layout of a triage collection (`None` for an image, a directory that is a
    /// machine's root, or a loose file).
    pub fn collection(&self) -> Option<crate::Layout> {
        match &self.source {
            Source::Files(_, Files::Collection(l, _)) => Some(*l),
            _ => None,
        }
    }

    /// The media bytes as a positional reader (`None` for a host directory).
    pub fn raw_source(&self) -> Option<Arc<dyn foothold_evidence::ReadAt>> {
        self.container().map(|e| e.source())
    }

    /// Recompute the media's MD5 and SHA-1 and compare them with the hashes stored in the
    /// container (EWF). A damaged chunk is an error naming it.
    pub fn verify(&self) -> Result<foothold_evidence::Verification> {
        self.verify_with(&|_, _| {})
    }

    /// [`Evidence::verify`], telling `progress` the media bytes read and the total as it goes.
    pub fn verify_with(
        &self,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<foothold_evidence::Verification> {
        let ev = self.container().ok_or_else(|| Error::NotAnImage {
            evidence: self.path.display().to_string(),
        })?;
        ev.verify_with(progress).map_err(|source| Error::Read {
            evidence: self.path.display().to_string(),
            source,
        })
    }

    /// `raw`, `split_raw`, `ewf`, `qcow2`, `vhd`, `vhdx`, `vmdk`, `host` (a directory),
    /// `file` (a loose file: [`Evidence::loose`]), `collection` (a triage folder) or `zip`,
    /// `tar`, `tar.gz` (a triage archive: [`Evidence::collection`]).
    pub fn format(&self) -> &'static str {
        match &self.source {
            Source::Image(e) => e.format().name(),
            Source::Host(_) => "host",
            Source::Files(_, Files::Loose(_)) => "file",
            Source::Files(_, Files::Collection(_, None)) => "collection",
            Source::Files(_, Files::Collection(_, Some(a))) => a.kind().name(),
        }
    }

    /// Size of the media in bytes (0 for a host directory).
    pub fn len(&self) -> u64 {
        match &self.source {
            Source::Image(e) => e.len(),
            Source::Host(_) | Source::Files(..) => 0,
        }
    }

    /// True when the media is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The files that make up the evidence.
    pub fn segments(&self) -> Vec<PathBuf> {
        match &self.source {
            Source::Image(e) => e.segments().to_vec(),
            Source::Host(p) => vec![p.clone()],
            Source::Files(_, Files::Loose(placed)) => {
                placed.files.iter().map(|(_, f)| f.clone()).collect()
            }
            Source::Files(_, Files::Collection(..)) => vec![self.path.clone()],
        }
    }

    /// The partitioning scheme.
    pub fn scheme(&self) -> Scheme {
        self.table.scheme
    }

    /// The volumes found.
    pub fn volumes(&self) -> &[Volume] {
        &self.table.volumes
    }

    /// Problems seen reading the partition table.
    pub fn warnings(&self) -> &[String] {
        &self.table.warnings
    }

    /// The volume with partition number `n` (or the bare filesystem for `None`).
    pub fn volume(&self, n: Option<u32>) -> Result<&Volume> {
        match n {
            // Read at a snapshot: the first volume that has it.
            None if self.snapshot.is_some() => self
                .table
                .volumes
                .iter()
                .find(|v| self.has_snapshot(v))
                .ok_or_else(|| self.no_snapshot(None)),
            None if self.table.volumes.len() == 1 => Ok(&self.table.volumes[0]),
            None => self
                .table
                .volumes
                .iter()
                .find(|v| v.filesystem.is_readable())
                .ok_or_else(|| Error::NoSuchVolume {
                    evidence: self.path.display().to_string(),
                    number: 0,
                }),
            Some(n) => self
                .table
                .volumes
                .iter()
                .find(|v| v.number == Some(n))
                .ok_or_else(|| Error::NoSuchVolume {
                    evidence: self.path.display().to_string(),
                    number: n,
                }),
        }
    }

    fn vol_name(v: &Volume) -> String {
        v.number.map_or("-".to_string(), |n| n.to_string())
    }

    /// The filesystem of a volume, opened on first use and shared after that.
    pub fn filesystem(&self, vol: &Volume) -> Result<Arc<dyn FileSystem>> {
        let key = (vol.offset, vol.length);
        if let Some(fs) = self.opened.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(fs);
        }
        let fs = self.open_filesystem(vol)?;
        if let Ok(mut m) = self.opened.lock() {
            m.insert(key, Arc::clone(&fs));
        }
        Ok(fs)
    }

    /// The bytes of a volume of an image, as they are now: its partition's window, or a
    /// logical volume's extents wherever they are on the disk.
    fn volume_source(
        &self,
        ev: &foothold_evidence::Container,
        vol: &Volume,
    ) -> Result<Arc<dyn ReadAt>> {
        Ok(match &vol.lvm {
            Some(lv) => Arc::new(foothold_volume::LvReader::new(ev.source(), lv.clone())),
            None => Arc::new(
                foothold_evidence::Window::new(ev.source(), vol.offset, vol.length).ok_or_else(
                    || Error::Fs {
                        evidence: self.path.display().to_string(),
                        volume: Self::vol_name(vol),
                        source: foothold_fs::Error::Corrupt {
                            what: "partition",
                            offset: vol.offset,
                            reason: "range overflows".into(),
                        },
                    },
                )?,
            ),
        })
    }

    /// The shadow copies of an NTFS volume of an image, oldest first (store 1 first); none
    /// for other volumes, directories, loose files and collections.
    pub fn snapshots(&self, vol: &Volume) -> Result<Vec<foothold_volume::Snapshot>> {
        let Source::Image(ev) = &self.source else {
            return Ok(Vec::new());
        };
        if vol.filesystem != FsType::Ntfs {
            return Ok(Vec::new());
        }
        let src = self.volume_source(ev, vol)?;
        foothold_volume::vss::snapshots(&*src).map_err(|source| Error::Snapshot {
            evidence: self.path.display().to_string(),
            volume: Self::vol_name(vol),
            source,
        })
    }

    /// The same evidence read as it was at shadow copy `store` (1 = the oldest; `foothold
    /// info` lists them): every volume that has that snapshot is read through it (`ls`,
    /// `cat`, `timeline`, `scan` unchanged), the others are left out. An error when no
    /// volume has it.
    pub fn at_snapshot(mut self, store: u32) -> Result<Self> {
        self.snapshot = Some(store);
        if let Ok(mut m) = self.opened.lock() {
            m.clear();
        }
        if !self.table.volumes.iter().any(|v| self.has_snapshot(v)) {
            return Err(self.no_snapshot(None));
        }
        Ok(self)
    }

    /// The shadow copy this evidence is read at ([`Evidence::at_snapshot`]), with what its
    /// store says of it, for volume `vol`.
    pub fn snapshot(&self, vol: &Volume) -> Option<foothold_volume::Snapshot> {
        let n = self.snapshot?;
        self.snapshots(vol).ok()?.into_iter().find(|s| s.store == n)
    }

    /// The same image read at shadow copy `store` (`None` for evidence that is not an
    /// image): the container shared, filesystems opened afresh.
    pub(crate) fn view_at(&self, store: u32) -> Option<Evidence> {
        let Source::Image(c) = &self.source else {
            return None;
        };
        Some(Evidence {
            path: self.path.clone(),
            source: Source::Image(c.clone()),
            table: self.table.clone(),
            opened: Mutex::default(),
            snapshot: Some(store),
        })
    }

    /// The store number this evidence is read at, if any.
    pub fn snapshot_store(&self) -> Option<u32> {
        self.snapshot
    }

    pub(crate) fn has_snapshot(&self, vol: &Volume) -> bool {
        self.snapshot.is_some_and(|n| {
            self.snapshots(vol)
                .is_ok_and(|s| s.iter().any(|s| s.store == n))
        })
    }

    fn no_snapshot(&self, vol: Option<&Volume>) -> Error {
        Error::NoSuchSnapshot {
            evidence: self.path.display().to_string(),
            volume: vol.map_or("any".into(), |v| format!("volume {}", Self::vol_name(v))),
            store: self.snapshot.unwrap_or(0),
        }
    }

    fn open_filesystem(&self, vol: &Volume) -> Result<Arc<dyn FileSystem>> {
        let fs_err = |source| Error::Fs {
            evidence: self.path.display().to_string(),
            volume: Self::vol_name(vol),
            source,
        };
        match &self.source {
            Source::Host(_) | Source::Files(..) if self.snapshot.is_some() => {
                Err(self.no_snapshot(Some(vol)))
            }
            Source::Host(p) => Ok(Arc::new(HostDir::open(p).map_err(fs_err)?)),
            Source::Files(tree, _) => Ok(Arc::clone(tree) as Arc<dyn FileSystem>),
            Source::Image(ev) => {
                let mut src = self.volume_source(ev, vol)?;
                if let Some(store) = self.snapshot {
                    let snaps = self.snapshots(vol)?;
                    if !snaps.iter().any(|s| s.store == store) {
                        return Err(self.no_snapshot(Some(vol)));
                    }
                    let at = foothold_volume::SnapshotReader::open(src, &snaps, store).map_err(
                        |source| Error::Snapshot {
                            evidence: self.path.display().to_string(),
                            volume: Self::vol_name(vol),
                            source,
                        },
                    )?;
                    src = Arc::new(at);
                }
                match vol.filesystem {
                    FsType::Ntfs => Ok(Arc::new(Ntfs::open(src).map_err(fs_err)?)),
                    FsType::Ext2 | FsType::Ext3 | FsType::Ext4 => {
                        Ok(Arc::new(Ext4::open(src).map_err(fs_err)?))
                    }
                    other => Err(Error::Unreadable {
                        evidence: self.path.display().to_string(),
                        volume: Self::vol_name(vol),
                        fs: other.name().to_string(),
                    }),
                }
            }
        }
    }

    /// Every readable volume with its opened filesystem (or the error opening it).
    pub fn filesystems(&self) -> Vec<(&Volume, Result<Arc<dyn FileSystem>>)> {
        self.table
            .volumes
            .iter()
            .filter(|v| v.filesystem.is_readable())
            // Read at a snapshot: only the volumes that have it.
            .filter(|v| self.snapshot.is_none() || self.has_snapshot(v))
            .map(|v| (v, self.filesystem(v)))
            .collect()
    }

    /// The first readable volume that has `path`, with its filesystem.
    pub fn find(&self, path: &str) -> Result<(&Volume, Arc<dyn FileSystem>)> {
        for (v, fs) in self.filesystems() {
            if let Ok(fs) = fs {
                if fs.lookup(path).is_ok() {
                    return Ok((v, fs));
                }
            }
        }
        Err(Error::NotFound {
            evidence: self.path.display().to_string(),
            path: path.into(),
        })
    }

    /// Operating systems found on the readable volumes.
    pub fn detect_os(&self) -> Vec<Os> {
        let mut out = Vec::new();
        for (v, fs) in self.filesystems() {
            let Ok(fs) = fs else { continue };
            if fs.lookup("/Windows/System32").is_ok() {
                out.push(Os {
                    volume: v.number,
                    family: OsFamily::Windows,
                    name: None,
                });
            } else if fs.lookup("/etc/passwd").is_ok()
                || fs.lookup("/etc/os-release").is_ok()
                // A damaged /etc can hide both files: a root with /etc and /usr or /var is
                // still a Linux root (and its scan then reports the damage).
                || (fs.lookup("/etc").is_ok_and(|e| e.kind == EntryKind::Dir)
                    && (fs.lookup("/usr").is_ok() || fs.lookup("/var").is_ok()))
            {
                let name = fs
                    .lookup("/etc/os-release")
                    .or_else(|_| fs.lookup("/usr/lib/os-release"))
                    .ok()
                    .and_then(|e| fs.read_all(&e, None, 64 << 10).ok())
                    .and_then(|b| {
                        String::from_utf8_lossy(&b).lines().find_map(|l| {
                            l.strip_prefix("PRETTY_NAME=")
                                .map(|v| v.trim_matches('"').to_string())
                        })
                    });
                out.push(Os {
                    volume: v.number,
                    family: OsFamily::Linux,
                    name,
                });
            }
        }
        out
    }
}
