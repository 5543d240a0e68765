//! A case: many images scanned into one dataset, and what is rare across them.
//!
//! [`scan_case`] scans every evidence file of a case (images in parallel on the one rayon
//! pool, which each image's own scan also uses, so the machine is used fully and not
//! oversubscribed) into `OUT/parquet/artifact=KIND/IMAGE.parquet` — a Parquet dataset
//! partitioned by artifact kind, one row per record with a `host` column, the record's
//! summary columns and the whole record as JSON — and `OUT/images.jsonl`, one line per
//! image (done or failed, and why). A case is resumable: images already done (same path,
//! size and modification time) are skipped unless `force` is set. [`stack`] counts, per
//! persistence item normalised ([`normalise`]), the hosts that have it, rarest first.
//!
//! ```no_run
//! use foothold_case::{scan_case, stack, CaseOptions, StackBy};
//! let done = scan_case(&["images/".into()], "case".as_ref(), &CaseOptions::default()).unwrap();
//! for row in stack("case".as_ref(), StackBy::Command).unwrap().iter().take(10) {
//!     println!("{} hosts: {}", row.hosts.len(), row.key);
//! }
//! ```
#![forbid(unsafe_code)]
#![deny(clippy::string_slice)]

mod diff;
mod find;
mod hunt;
mod iocs;
mod parquet_out;
mod stack;

pub use diff::{diff, DiffRow};
pub use find::find_evidence;
pub use hunt::{hunt, matches, HuntHit, Indicator};
pub use iocs::{domains_in, iocs, ipv4_in, ipv6_in, IocRow};
pub use parquet_out::{artifacts, read_rows, Row};
pub use stack::{normalise, persistence, stack, StackBy, StackRow};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Why a case could not be written or read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    /// A file of the case directory.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
    /// An indicator given to [`hunt`] that is not a valid regular expression.
    #[error("indicator line {line}: {message}")]
    Indicator {
        /// Its 1-based line among the indicators given.
        line: usize,
        /// Why it is not valid.
        message: String,
    },
    /// A folder read as a case that is none (no `parquet/` dataset), or is not there.
    #[error("{path}: not a case folder (no parquet/ dataset; make one with `foothold case scan EVIDENCE… --out {path}`)")]
    NotACase {
        /// The folder given.
        path: String,
    },
    /// `case scan` found no evidence in what it was given.
    #[error("no evidence found in {paths}")]
    NoEvidence {
        /// The inputs, joined.
        paths: String,
    },
    /// A Parquet file that could not be written or read.
    #[error("{path}: {message}")]
    Parquet {
        /// The file.
        path: String,
        /// What failed.
        message: String,
    },
}

fn io(path: &Path, source: std::io::Error) -> CaseError {
    CaseError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// How to scan a case.
#[derive(Debug, Clone, Copy)]
pub struct CaseOptions {
    /// What to scan on each image.
    pub scan: foothold::ScanSet,
    /// Also write `OUT/jsonl/IMAGE.jsonl` (the records as `foothold scan --format jsonl`).
    pub jsonl: bool,
    /// Scan images already done again.
    pub force: bool,
    /// Read each image as it was at this shadow copy (store number, 1 = the oldest): the
    /// baseline `case diff --baseline-snapshot` builds.
    pub snapshot: Option<u32>,
}

impl Default for CaseOptions {
    fn default() -> Self {
        CaseOptions {
            scan: foothold::ScanSet::all(),
            jsonl: false,
            force: false,
            snapshot: None,
        }
    }
}

/// One image of a case, as `OUT/images.jsonl` records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageStatus {
    /// The evidence file as given (or found in a given folder).
    pub path: String,
    /// Its name in the dataset (`STEM-HASH`: the file stem and 8 hex digits of the path's
    /// SHA-256).
    pub id: String,
    /// `done`, or `failed` (it could not be opened, or nothing on it could be read:
    /// `message` says why).
    pub status: String,
    /// The host column of its rows: the first host record's computer name, else the stem.
    pub host: String,
    /// Records written.
    pub records: u64,
    /// Of which `error` records.
    pub errors: u64,
    /// Seconds the image took.
    pub seconds: f64,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The file's size and modification time (Unix seconds) when scanned: what resuming
    /// compares.
    pub size: u64,
    /// See `size`.
    pub modified: Option<i64>,
    /// Skipped this run: done before with the same size and time.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub skipped: bool,
}

/// The dataset's id of an image path.
///
/// ```
/// let id = foothold_case::image_id(std::path::Path::new("/cases/pc1.E01"));
/// assert!(id.starts_with("pc1-") && id.len() == 4 + 8);
/// ```
pub fn image_id(path: &Path) -> String {
    use sha2::Digest;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "image".into());
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let d = sha2::Sha256::digest(path.to_string_lossy().as_bytes());
    format!(
        "{stem}-{}",
        d.iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

fn file_stamp(path: &Path) -> (u64, Option<i64>) {
    let m = std::fs::metadata(path).ok();
    let size = m.as_ref().map_or(0, |m| m.len());
    let modified = m
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as i64);
    (size, modified)
}

/// The status file of a case: one JSON line per image scanned.
fn status_file(out: &Path) -> PathBuf {
    out.join("images.jsonl")
}

/// The evidence files of `inputs` ([`find_evidence`]) still to scan into the case `out`,
/// and the statuses of those done before with the same size and modification time
/// (skipped, unless `force`).
pub fn pending(inputs: &[PathBuf], out: &Path, force: bool) -> (Vec<PathBuf>, Vec<ImageStatus>) {
    pending_of(find_evidence(inputs), out, force)
}

/// [`pending`] of evidence files already found.
fn pending_of(images: Vec<PathBuf>, out: &Path, force: bool) -> (Vec<PathBuf>, Vec<ImageStatus>) {
    // What earlier runs finished (the last line of each path wins).
    let mut before: std::collections::HashMap<String, ImageStatus> = Default::default();
    if let Ok(text) = std::fs::read_to_string(status_file(out)) {
        for line in text.lines() {
            if let Ok(s) = serde_json::from_str::<ImageStatus>(line) {
                before.insert(s.path.clone(), s);
            }
        }
    }
    let (mut todo, mut done) = (Vec::new(), Vec::new());
    for path in images {
        let (size, modified) = file_stamp(&path);
        match before.get(&path.display().to_string()) {
            Some(prev)
                if !force
                    && prev.status == "done"
                    && prev.size == size
                    && prev.modified == modified =>
            {
                let mut s = prev.clone();
                s.skipped = true;
                done.push(s);
            }
            _ => todo.push(path),
        }
    }
    (todo, done)
}

/// The evidence files a case folder was made from (`images.jsonl`: those scanned, the last
/// status of each path deciding), as they were given, in path order (the file's own order is
/// the order scans finished in, which varies from run to run); `None`
/// when `dir` is not a case folder (no `parquet/` dataset and `images.jsonl`). What `triage`,
/// `report` and `remediate` judge when handed a case.
///
/// ```
/// assert!(foothold_case::case_evidence(std::path::Path::new("/nonexistent")).is_none());
/// ```
pub fn case_evidence(dir: &Path) -> Option<Vec<PathBuf>> {
    if !dir.join("parquet").is_dir() {
        return None;
    }
    let text = std::fs::read_to_string(status_file(dir)).ok()?;
    let mut order: Vec<String> = Vec::new();
    let mut last: std::collections::HashMap<String, String> = Default::default();
    for line in text.lines() {
        let Ok(s) = serde_json::from_str::<ImageStatus>(line) else {
            continue;
        };
        if !last.contains_key(&s.path) {
            order.push(s.path.clone());
        }
        last.insert(s.path, s.status);
    }
    order.sort();
    Some(
        order
            .into_iter()
            .filter(|p| last.get(p).is_some_and(|s| s == "done"))
            .map(PathBuf::from)
            .collect(),
    )
}

/// Add an image's status to the case's `images.jsonl` (what resuming reads).
pub fn record_status(out: &Path, status: &ImageStatus) -> Result<(), CaseError> {
    use std::io::Write;
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let path = status_file(out);
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| io(&path, e))?;
    let line = serde_json::to_string(status).unwrap_or_default();
    writeln!(f, "{line}").map_err(|e| io(&path, e))
}

/// Scan one image into the case `out` (its Parquet parts, and JSONL if asked): what a
/// distributed engine runs per image. Its status is not recorded ([`record_status`]).
pub fn scan_one(path: &Path, out: &Path, opts: &CaseOptions) -> Result<ImageStatus, CaseError> {
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let (size, modified) = file_stamp(path);
    scan_image(path, out, opts, size, modified)
}

/// What a case scan tells as it goes (a progress bar, a log): called from the scanning
/// threads.
pub trait Progress: Sync {
    /// Before the first image: how many will be scanned, and how many were done before.
    fn start(&self, _todo: usize, _skipped: usize) {}
    /// An image is finished (done or failed), its status recorded.
    fn done(&self, _status: &ImageStatus) {}
}

/// A [`Progress`] that tells nothing.
pub struct Silent;
impl Progress for Silent {}

/// Scan every evidence file of `inputs` (files, or folders searched by [`find_evidence`])
/// into the case directory `out`; the status of every image, in input order. One image
/// that cannot be opened or read costs only itself: its status is `failed` with the reason
/// and an `error` row names it.
pub fn scan_case(
    inputs: &[PathBuf],
    out: &Path,
    opts: &CaseOptions,
) -> Result<Vec<ImageStatus>, CaseError> {
    scan_case_with(inputs, out, opts, &Silent)
}

/// [`scan_case`], telling `progress` as images start and finish.
pub fn scan_case_with(
    inputs: &[PathBuf],
    out: &Path,
    opts: &CaseOptions,
    progress: &dyn Progress,
) -> Result<Vec<ImageStatus>, CaseError> {
    // The folders are searched once; the result keeps their order.
    let images = find_evidence(inputs);
    if images.is_empty() {
        // "0 images" must not read as a clean case: nothing was looked at.
        return Err(CaseError::NoEvidence {
            paths: inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let order: Vec<String> = images.iter().map(|p| p.display().to_string()).collect();
    let (todo, skipped) = pending_of(images, out, opts.force);
    progress.start(todo.len(), skipped.len());
    let log = Mutex::new(());
    let scanned: Vec<Result<ImageStatus, CaseError>> = todo
        .par_iter()
        .map(|path| {
            let status = scan_one(path, out, opts)?;
            let _held = log.lock();
            record_status(out, &status)?;
            progress.done(&status);
            Ok(status)
        })
        .collect();
    let mut all: Vec<ImageStatus> = skipped;
    for s in scanned {
        all.push(s?);
    }
    // In the order the inputs give them.
    all.sort_by_key(|s| {
        order
            .iter()
            .position(|p| *p == s.path)
            .unwrap_or(usize::MAX)
    });
    Ok(all)
}

/// Scan one image and write its rows.
fn scan_image(
    path: &Path,
    out: &Path,
    opts: &CaseOptions,
    size: u64,
    modified: Option<i64>,
) -> Result<ImageStatus, CaseError> {
    let id = image_id(path);
    let start = std::time::Instant::now();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    parquet_out::remove_parts(out, &id)?;
    let opened = foothold::Evidence::open(path).and_then(|ev| match opts.snapshot {
        Some(n) => ev.at_snapshot(n),
        None => Ok(ev),
    });
    let (report, message) = match opened {
        Ok(ev) => (ev.scan(opts.scan), None),
        Err(e) => {
            // The image costs only itself: one error record naming it.
            let mut r = foothold::Report::default();
            r.errors.push(foothold::ErrorRecord {
                source: foothold::Source {
                    evidence: path.display().to_string(),
                    path: path.display().to_string(),
                    ..Default::default()
                },
                offset: None,
                message: format!("image not read: {e}"),
            });
            (r, Some(e.to_string()))
        }
    };
    // Opened but nothing readable (a file that is not a disk): said, not silent.
    let message = message.or_else(|| {
        report
            .hosts
            .is_empty()
            .then(|| report.warnings.first().map(|w| w.message.clone()))
            .flatten()
    });
    let failed = report.hosts.is_empty() && message.is_some();
    let host = report
        .hosts
        .iter()
        .find_map(|h| h.hostname.clone())
        .unwrap_or(stem);
    let rows = parquet_out::rows(&report, &host, &id, &path.display().to_string());
    let (records, errors) = (
        rows.len() as u64,
        rows.iter().filter(|r| r.artifact == "error").count() as u64,
    );
    parquet_out::write_parts(out, &id, &rows)?;
    if opts.jsonl {
        let dir = out.join("jsonl");
        std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
        let file = dir.join(format!("{id}.jsonl"));
        let text: String = rows.iter().map(|r| format!("{}\n", r.record)).collect();
        std::fs::write(&file, text).map_err(|e| io(&file, e))?;
    }
    Ok(ImageStatus {
        path: path.display().to_string(),
        id,
        status: if failed { "failed" } else { "done" }.into(),
        host,
        records,
        errors,
        seconds: start.elapsed().as_secs_f64(),
        message,
        size,
        modified,
        skipped: false,
    })
}
