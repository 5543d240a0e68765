//! What the CLI and the Python package both do with an opened image: list a tree across
//! volumes, locate and read a file (with NTFS `path:stream`), summarise the image.
use crate::listing::{emit_with_streams, walk, ListRecord, WalkError};
use crate::{Error, Evidence, Os, Result};
use foothold_fs::{Entry, EntryKind, FileSystem};
use foothold_volume::{Scheme, Volume};
use serde::Serialize;
use std::sync::Arc;

/// What [`Evidence::list`] met besides the entries it emitted.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ListOutcome {
    /// Volumes or directories that could not be read.
    pub errors: Vec<WalkError>,
    /// Filesystem warnings (bad checksums, unreadable upcase table…), as `volume: text`.
    pub warnings: Vec<String>,
}

/// A file found by [`Evidence::locate`].
pub struct Located<'a> {
    /// The volume it is on.
    pub volume: &'a Volume,
    /// That volume's filesystem.
    pub fs: Arc<dyn FileSystem>,
    /// The entry.
    pub entry: Entry,
    /// The named stream asked for (`path:stream` on NTFS).
    pub stream: Option<String>,
}

/// The summary `foothold info` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Info {
    /// Evidence path.
    pub evidence: String,
    /// `raw`, `split_raw`, `ewf`, `qcow2`, `vhd`, `vhdx`, `vmdk` or `host`.
    pub format: &'static str,
    /// Media size in bytes.
    pub size: u64,
    /// Files making up the evidence.
    pub segments: Vec<String>,
    /// Partitioning scheme.
    pub scheme: Scheme,
    /// Volumes.
    pub volumes: Vec<Volume>,
    /// Operating systems found.
    pub os: Vec<Os>,
    /// Partition table warnings.
    pub warnings: Vec<String>,
    /// What the container says about itself (EWF acquisition metadata: case number,
    /// examiner, acquisition date…; VMDK create type; qcow2 backing file).
    pub container: std::collections::BTreeMap<String, String>,
    /// Media hashes stored in the container at acquisition, by algorithm (`md5`, `sha1`).
    pub stored_hashes: std::collections::BTreeMap<String, String>,
    /// The shadow copies of the NTFS volumes, oldest first (as `vshadowinfo` lists them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub snapshots: Vec<VolumeSnapshot>,
}

/// One shadow copy of one volume, as `foothold info` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct VolumeSnapshot {
    /// The volume (partition number, `None` for a bare filesystem).
    pub volume: Option<u32>,
    /// What its store says of it.
    #[serde(flatten)]
    pub snapshot: foothold_volume::Snapshot,
}

/// Split `path:stream` where the filesystem has named streams (NTFS).
fn split_stream<'p>(fs: &dyn FileSystem, path: &'p str) -> (&'p str, Option<&'p str>) {
    if fs.kind() == "ntfs" {
        let last = path.rsplit('/').next().unwrap_or(path);
        if let Some(i) = last.find(':') {
            let cut = path.len() - last.len() + i;
            let (file, colon) = path.split_at_checked(cut).unwrap_or((path, ""));
            let stream = colon
                .get(1..)
                .unwrap_or_default()
                .trim_end_matches(":$DATA");
            return (
                file,
                (!stream.is_empty() && stream != "$DATA").then_some(stream),
            );
        }
    }
    (path, None)
}

fn vol_name(v: &Volume) -> String {
    v.number.map_or("-".to_string(), |n| n.to_string())
}

impl Evidence {
    /// Summary of the image: format, size, segments, volumes, OS, warnings.
    pub fn info(&self) -> Info {
        let mut warnings = self.warnings().to_vec();
        let mut snapshots = Vec::new();
        for v in self.volumes() {
            match self.snapshots(v) {
                Ok(s) => snapshots.extend(s.into_iter().map(|snapshot| VolumeSnapshot {
                    volume: v.number,
                    snapshot,
                })),
                Err(e) => warnings.push(e.to_string()),
            }
        }
        Info {
            evidence: self.path().display().to_string(),
            format: self.format(),
            size: self.len(),
            segments: self
                .segments()
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            scheme: self.scheme(),
            volumes: self.volumes().to_vec(),
            os: self.detect_os(),
            warnings,
            snapshots,
            container: self
                .container()
                .map(|c| c.properties().iter().cloned().collect())
                .unwrap_or_default(),
            stored_hashes: self
                .container()
                .map(|c| {
                    c.stored_hashes()
                        .iter()
                        .map(|d| (d.algorithm.clone(), d.hex.clone()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The volumes to look on: the one asked for, or every readable one.
    fn candidate_volumes(&self, volume: Option<u32>) -> Result<Vec<&Volume>> {
        match volume {
            Some(n) => Ok(vec![self.volume(Some(n))?]),
            None => {
                let v: Vec<&Volume> = self
                    .volumes()
                    .iter()
                    .filter(|v| v.filesystem.is_readable())
                    // Read at a snapshot: only the volumes that have it.
                    .filter(|v| self.snapshot_store().is_none() || self.has_snapshot(v))
                    .collect();
                if v.is_empty() {
                    return Err(Error::NoReadableVolume {
                        evidence: self.path().display().to_string(),
                        found: self
                            .volumes()
                            .iter()
                            .map(|v| v.filesystem.name())
                            .collect::<Vec<_>>()
                            .join(", "),
                    });
                }
                Ok(v)
            }
        }
    }

    /// List `path` (a directory recursively, or one file) on `volume` or on every readable
    /// volume that has it, in pre-order; `deleted` adds recoverable deleted entries below it.
    pub fn list(
        &self,
        path: &str,
        volume: Option<u32>,
        deleted: bool,
        emit: &mut dyn FnMut(ListRecord),
    ) -> Result<ListOutcome> {
        // Read at a shadow copy: every row says which.
        let snapshot = self.snapshot_store();
        let mut tagged = |mut r: ListRecord| {
            r.snapshot = snapshot;
            emit(r)
        };
        let emit: &mut dyn FnMut(ListRecord) = &mut tagged;
        // The image's own warnings (a volume cut off by a truncated image, a damaged
        // partition table) qualify every listing of it.
        let mut outcome = ListOutcome {
            warnings: self.warnings().to_vec(),
            ..ListOutcome::default()
        };
        let mut found = false;
        for vol in self.candidate_volumes(volume)? {
            let fs = match self.filesystem(vol) {
                Ok(fs) => fs,
                Err(e) if volume.is_some() => return Err(e),
                Err(e) => {
                    outcome
                        .errors
                        .push(WalkError::new(vol.number, "/", None, None, e.to_string()));
                    continue;
                }
            };
            let start = match fs.lookup(path) {
                Ok(s) => s,
                Err(source) if volume.is_some() => {
                    return Err(Error::Fs {
                        evidence: self.path().display().to_string(),
                        volume: vol_name(vol),
                        source,
                    })
                }
                Err(foothold_fs::Error::NotFound { .. }) => continue,
                // Not "not found": the path could not be reached on this volume. Said.
                Err(e) => {
                    outcome
                        .errors
                        .push(WalkError::from_error(vol.number, path, &e));
                    continue;
                }
            };
            found = true;
            if start.kind == EntryKind::Dir {
                outcome.errors.extend(walk(&*fs, vol.number, &start, emit));
            } else {
                emit_with_streams(vol.number, start, emit);
            }
            if deleted {
                match fs.deleted() {
                    Ok(list) => {
                        let prefix = path.trim_end_matches('/');
                        for d in list
                            .into_iter()
                            .filter(|d| prefix.is_empty() || d.path.starts_with(prefix))
                        {
                            // With its named streams, as a live file's row is.
                            emit_with_streams(vol.number, d, emit);
                        }
                    }
                    Err(e) => outcome.errors.push(WalkError::new(
                        vol.number,
                        path,
                        None,
                        e.offset(),
                        format!("deleted entries: {e}"),
                    )),
                }
            }
            outcome.warnings.extend(
                fs.warnings()
                    .into_iter()
                    .map(|w| format!("volume {}: {w}", vol_name(vol))),
            );
        }
        if !found && outcome.errors.is_empty() {
            return Err(Error::NotFound {
                evidence: self.path().display().to_string(),
                path: path.into(),
            });
        }
        Ok(outcome)
    }

    /// Find a file by path (`path:stream` for an NTFS alternate data stream) on `volume`, or
    /// on the first readable volume that has it.
    pub fn locate(&self, path: &str, volume: Option<u32>) -> Result<Located<'_>> {
        let mut last = None;
        for vol in self.candidate_volumes(volume)? {
            let fs = match self.filesystem(vol) {
                Ok(fs) => fs,
                Err(e) => {
                    last = Some(e);
                    continue;
                }
            };
            let (file, stream) = split_stream(&*fs, path);
            match fs.lookup(file) {
                Ok(entry) => {
                    let stream = stream.map(str::to_string);
                    return Ok(Located {
                        volume: vol,
                        fs,
                        entry,
                        stream,
                    });
                }
                Err(source) => {
                    last = Some(Error::Fs {
                        evidence: self.path().display().to_string(),
                        volume: vol_name(vol),
                        source,
                    })
                }
            }
        }
        Err(last.unwrap_or_else(|| Error::NotFound {
            evidence: self.path().display().to_string(),
            path: path.into(),
        }))
    }

    /// [`Evidence::locate`], and when no directory has `path`, a deleted entry (what
    /// `ls --deleted` lists) with that path: its `entry.deleted` says so, and its clusters
    /// may belong to another file now (`foothold cat` warns).
    pub fn locate_any(&self, path: &str, volume: Option<u32>) -> Result<Located<'_>> {
        let last = match self.locate(path, volume) {
            Ok(l) => return Ok(l),
            Err(e) => Some(e),
        };
        let not_found = matches!(
            &last,
            None | Some(Error::NotFound { .. })
                | Some(Error::Fs {
                    source: foothold_fs::Error::NotFound { .. },
                    ..
                })
        );
        if not_found {
            for vol in self.candidate_volumes(volume)? {
                let Ok(fs) = self.filesystem(vol) else {
                    continue;
                };
                let (file, stream) = split_stream(&*fs, path);
                let want = format!("/{}", file.trim_start_matches('/'));
                let Ok(deleted) = fs.deleted() else {
                    continue;
                };
                if let Some(entry) = deleted.into_iter().find(|d| {
                    d.kind == EntryKind::File && crate::scan::same_path(&*fs, &d.path, &want)
                }) {
                    return Ok(Located {
                        volume: vol,
                        fs,
                        entry,
                        stream: stream.map(str::to_string),
                    });
                }
            }
        }
        Err(last.unwrap_or_else(|| Error::NotFound {
            evidence: self.path().display().to_string(),
            path: path.into(),
        }))
    }

    /// Read a whole file (or stream), refusing files larger than `limit` bytes.
    pub fn read(&self, path: &str, volume: Option<u32>, limit: u64) -> Result<Vec<u8>> {
        let l = self.locate(path, volume)?;
        l.fs.read_all(&l.entry, l.stream.as_deref(), limit)
            .map_err(|source| Error::Fs {
                evidence: self.path().display().to_string(),
                volume: vol_name(l.volume),
                source,
            })
    }
}
