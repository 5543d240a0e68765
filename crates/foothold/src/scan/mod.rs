//! `Evidence::scan`: find the artifact files on every readable volume, parse them (in
//! parallel), and return one [`Report`] of typed records with provenance plus errors.

mod binaries;
mod host;
mod linux;
mod linux_services;
mod lists;
mod snapshots;
mod stream;
mod windows;

#[cfg(test)]
pub(crate) use binaries::binary;
pub(crate) use binaries::same_path;
pub use binaries::{Binary, BinaryStatus, RunCommand};
pub use host::{HostRecord, TimeSource};
pub(crate) use lists::{volume_sources, Firsts};
pub use lists::{Record, Report};

use crate::{Evidence, Family, Os, OsFamily, ScanSet};
use foothold_core::{Account, AccountRef};
use foothold_fs::{Entry, FileSystem, Timestamps};
use foothold_linux::CronJob;
use foothold_windows::{CreatedBy, LogonSession, PersistenceEvent, Replay, ScheduledTask, Service};
use serde::Serialize;
use std::sync::Arc;

/// Where a record came from: enough to find the bytes again and to cite them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Source {
    /// Evidence file path.
    pub evidence: String,
    /// The computer name of the machine the record belongs to: the `hostname` of its
    /// volume's [`HostRecord`] (`ComputerName` of the SYSTEM hive, `/etc/hostname`), so that
    /// the records of many images can be told apart. `None` when the volume has no name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// For a loose file or a triage collection: the host file or archive member
    /// (`ARCHIVE!MEMBER`) the bytes were read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    /// Volume (partition number), `None` for a bare filesystem.
    pub volume: Option<u32>,
    /// `ntfs`, `ext4`, …
    pub filesystem: String,
    /// Path on the volume.
    pub path: String,
    /// MFT entry or inode of the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<u64>,
    /// 1-based line in the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Registry key path inside a hive file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Event record ID inside an event log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_id: Option<u64>,
    /// For records from a hive: whether it was dirty and which transaction logs were replayed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hive: Option<Replay>,
    /// The file's timestamps (NTFS `$STANDARD_INFORMATION` and `$FILE_NAME`, ext inode times).
    #[serde(flatten)]
    pub times: Timestamps,
    /// Owner uid (ext).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<u32>,
    /// Owner gid (ext).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gid: Option<u32>,
    /// Set when the volume was read as it was at a shadow copy (`scan --snapshot N`, or a
    /// record the scan brought back from one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<SnapshotRef>,
}

/// The shadow copy a record was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SnapshotRef {
    /// Store number on its volume (1 = the oldest), as `foothold info` lists it.
    pub store: u32,
    /// The shadow copy's identifier.
    pub id: String,
    /// When the shadow copy was taken (UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<foothold_core::Timestamp>,
}

impl SnapshotRef {
    /// The reference to a snapshot its store describes.
    pub fn of(s: &foothold_volume::Snapshot) -> Self {
        SnapshotRef {
            store: s.store,
            id: s.shadow_copy_id.clone(),
            created: s.created,
        }
    }
}

/// A cron/anacron/at/run-parts/systemd-timer job with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CronJobRecord {
    /// The job.
    #[serde(flatten)]
    pub job: CronJob,
    /// Where it was found.
    pub source: Source,
    /// The account it names (task principal, service account, cron user, event subject),
    /// resolved against the image's accounts and the well-known SIDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountRef>,
    /// Who installed it, when, and the evidence (syslog `crontab` REPLACE lines, the file's
    /// owner and creation time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<CreatedBy>,
    /// What it runs: its command taken apart, each file it names found (or not) in the
    /// image, hashed and described.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<RunCommand>,
    /// How often it runs (`foothold_linux::cron_frequency`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<foothold_core::Frequency>,
    /// Set when the file was deleted and the job read back from its inode (`from: "inode"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<foothold_core::Recovered>,
}

/// A Linux service (systemd unit, SysV init script, `rc.local`) with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LinuxServiceRecord {
    /// The service.
    #[serde(flatten)]
    pub service: foothold_linux::LinuxService,
    /// Where it was found (the unit file that won, the init script, `/etc/rc.local`).
    pub source: Source,
    /// The account it runs as, resolved against the image's accounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountRef>,
    /// Who put it there, when known (the unit file's owner).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<CreatedBy>,
    /// What it runs: each command taken apart, each file it names found (or not) in the
    /// image, hashed and described.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<RunCommand>,
}

/// A Windows scheduled task with its source (the task file, or the `.job` when only that
/// exists).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ScheduledTaskRecord {
    /// The task.
    #[serde(flatten)]
    pub task: ScheduledTask,
    /// Where it was found.
    pub source: Source,
    /// The legacy `.job` file of the same task, when both exist.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_source: Option<Source>,
    /// The Group Policy Preferences file (a member's cache of a policy) whose item made this
    /// task, when the task is on the machine too: the item is then `gpo`, here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpo_source: Option<Source>,
    /// The account it names (task principal, service account, cron user, event subject),
    /// resolved against the image's accounts and the well-known SIDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountRef>,
    /// Who made it, when and from where, with the evidence (4698/4697/7045, the XML's
    /// author and date, the TaskCache registration, file times) and flags where it disagrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<CreatedBy>,
    /// Events that name this task (4698–4702, the Task Scheduler Operational log's
    /// events of its life, `schtasks` invocations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventRef>,
    /// How often it ran, as the Task Scheduler Operational log saw it (the runs started,
    /// the first and last, failures, the last result), when that log holds a start of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_seen: Option<foothold_windows::RunsSeen>,
    /// A task a Group Policy deploys (`sources` holds `gpo`): the preferences item it was
    /// read from (`ScheduledTasks.xml` of a SYSVOL policy or a member's cache of one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpo: Option<foothold_windows::GpoItem>,
    /// What its exec actions run: each command taken apart, each file it names found (or
    /// not) in the image, hashed and described.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<RunCommand>,
    /// How often each trigger fires, in trigger order (`foothold_windows::trigger_frequency`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub frequency: Vec<foothold_core::Frequency>,
    /// The task's local times (trigger boundaries, `RegistrationInfo/Date` without an
    /// offset, a `.job`'s last run) in UTC by the image's time zone (SYSTEM
    /// `TimeZoneInformation`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_times: Vec<foothold_core::LocalTime>,
    /// Set when the task is no longer (whole) on the volume and was rebuilt: from the
    /// Security log's 4698/4702/4699 records (`from: "event_log"`, its creation and deletion
    /// times). `source` is then the record its definition came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<foothold_core::Recovered>,
    /// The volume shadow copies that hold this task as it is here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seen_in_snapshots: Vec<SnapshotRef>,
}

/// An event that names a task or service: a pointer into the event records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EventRef {
    /// Event ID.
    pub event_id: Option<u32>,
    /// Event record ID.
    pub record_id: Option<u64>,
    /// When.
    pub timestamp: Option<foothold_fs::Timestamp>,
    /// Who (`Security/@UserID`, or the event's user field).
    pub user: Option<String>,
    /// Log file path on the volume.
    pub path: String,
}

/// An account (user or group) of the image, with where it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AccountRecord {
    /// The account.
    #[serde(flatten)]
    pub account: Account,
    /// Where it was found (the SAM key, `/etc/passwd`, the ProfileList key…).
    pub source: Source,
}

/// A logon session (Security 4624 and what later records add), with its log and record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SessionRecord {
    /// The session.
    #[serde(flatten)]
    pub session: LogonSession,
    /// The log file and the 4624's record id.
    pub source: Source,
}

/// A persistence event from an event log, with its log file and record ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EventRecord {
    /// The event.
    #[serde(flatten)]
    pub event: PersistenceEvent,
    /// The log file, with `record_id`.
    pub source: Source,
    /// The account it names (task principal, service account, cron user, event subject),
    /// resolved against the image's accounts and the well-known SIDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountRef>,
}

/// A Windows service from one control set, with its hive and key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ServiceRecord {
    /// The service.
    #[serde(flatten)]
    pub service: Service,
    /// The SYSTEM hive file, with `key` set to the service key.
    pub source: Source,
    /// The account it names (task principal, service account, cron user, event subject),
    /// resolved against the image's accounts and the well-known SIDs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<AccountRef>,
    /// Who made it, when and from where, with the evidence (4698/4697/7045, the XML's
    /// author and date, the TaskCache registration, file times) and flags where it disagrees.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<CreatedBy>,
    /// Events that name this service (7045, 4697, 7040).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventRef>,
    /// What its `ImagePath`, `ServiceDll` and `FailureCommand` run: each taken apart, each
    /// file found (or not) in the image, hashed and described.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs: Vec<RunCommand>,
    /// Set when the service's key is gone and the record was rebuilt from its installation
    /// events (7045/4697: `from: "event_log"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<foothold_core::Recovered>,
    /// A service a Group Policy configures (`Services.xml`): the preferences item; the
    /// service then holds only what the item sets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpo: Option<foothold_windows::GpoItem>,
    /// The volume shadow copies that hold this service as it is here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seen_in_snapshots: Vec<SnapshotRef>,
}

/// Something that could not be read or parsed, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ErrorRecord {
    /// Where.
    pub source: Source,
    /// Byte offset of the damaged structure, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// What went wrong.
    pub message: String,
}

impl Record<'_> {
    /// The SHA-256 of the first file its commands run that was found and hashed (a task,
    /// service or job), for one-line outputs (CSV, the case's columns).
    pub fn first_sha256(&self) -> Option<&str> {
        let runs: &[RunCommand] = match self {
            Record::ScheduledTask(t) => &t.runs,
            Record::Service(s) => &s.runs,
            Record::CronJob(c) => &c.runs,
            Record::LinuxService(l) => &l.runs,
            _ => return None,
        };
        runs.iter()
            .flat_map(|r| &r.binaries)
            .find_map(|b| b.hashes.as_ref().map(|h| h.sha256.as_str()))
    }
}

/// Which event records a scan keeps besides the persistence ones ([`Evidence::scan_keeping`]).
pub type KeepEvent<'a> = dyn Fn(&foothold_windows::PersistenceEvent) -> bool + Sync + 'a;

/// The events of one loose event-log file (`.evtx`), as the scan's event records: the
/// source names the file (`evidence` and `path` its path, `filesystem` `"file"`) and each
/// record id. With `every_event`, every record; else the persistence events. A file the
/// reader cannot open at all is one error record.
pub fn scan_log_file(path: &std::path::Path, every_event: bool) -> Report {
    scan_log_from(path, every_event, &log_source(path))
}

/// [`scan_log_file`] with the log's records' source already made.
fn scan_log_from(
    path: &std::path::Path,
    every_event: bool,
    source: &dyn Fn(Option<u64>) -> Source,
) -> Report {
    let mut report = Report::default();
    // Mapped, not read into memory: the typed EVTX reader reads the chunks in place.
    let scan = open_log(path).and_then(|log| {
        foothold_windows::parse_evtx_slice(log.as_bytes(), every_event).map_err(|e| e.to_string())
    });
    match scan {
        Ok(s) => {
            for m in s.errors {
                report.errors.push(ErrorRecord {
                    source: source(None),
                    offset: None,
                    message: m,
                });
            }
            let sessions = foothold_windows::build_sessions(&s.logons);
            for mut event in s.events {
                event.detail.session = foothold_windows::session_of(&sessions, &event);
                let src = source(event.record_id);
                // A loose log has no SAM: its accounts are the well-known SIDs, as the scan
                // of the same file as evidence resolves them.
                let account = event_account(&event, &[], true);
                report.events.push(EventRecord {
                    event,
                    source: src,
                    account,
                });
            }
            for session in sessions {
                let src = source(session.start_record_id);
                report.sessions.push(SessionRecord {
                    session,
                    source: src,
                });
            }
            // Tasks a 4699 deleted (with no image, a task without one is not known gone), and
            // the services the log saw installed (7045/4697): with no SYSTEM hive beside
            // the log, each is known from the log alone (a note says the live services were
            // not read, so nothing says it is gone).
            let evs: Vec<&PersistenceEvent> = report.events.iter().map(|r| &r.event).collect();
            let log_tasks = foothold_windows::tasks_from_events(&evs, None);
            let log_services = services_known_from_logs(&evs);
            push_recovered(&mut report, 0, log_tasks, log_services);
            link_creators(&mut report, Firsts::of(&Report::default()));
        }
        Err(m) => report.errors.push(ErrorRecord {
            source: source(None),
            offset: None,
            message: m,
        }),
    }
    report
}

/// The services logs saw installed (7045/4697) when no services were read to compare them
/// with (no SYSTEM hive: a loose log, a damaged image): each known from the logs alone, with
/// a note that the live services were not read (so nothing says it is gone).
pub(crate) fn services_known_from_logs(
    evs: &[&PersistenceEvent],
) -> Vec<foothold_windows::LogService> {
    let mut rebuilt = foothold_windows::services_from_events(evs, Some(&[]));
    for s in &mut rebuilt {
        s.recovered.notes.push("services_not_read".to_string());
    }
    rebuilt
}

/// [`scan_log_file`] of several loose logs, in parallel (a log per thread, its chunks too),
/// each log's report in the order given: `foothold events LOG…` of a folder of logs.
pub fn scan_log_files(paths: &[&std::path::Path], every_event: bool) -> Vec<Report> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|p| scan_log_file(p, every_event))
        .collect()
}

/// Every record of one loose event log, handed to `sink` as it is read (a chunk's records at a
/// time), in file order:
/// `events --all` of a large log without holding its records (memory is a batch of chunks).
/// The records equal [`scan_log_file`]'s with `every_event`; the report returned holds the
/// rest of that scan (logon sessions, tasks a 4699 deleted, errors), not the events.
pub fn stream_log_file(path: &std::path::Path, sink: &mut dyn FnMut(Vec<EventRecord>)) -> Report {
    // The persistence events first: sessions and deleted tasks come from them.
    let source = log_source(path);
    let mut report = scan_log_from(path, false, &source);
    report.events.clear();
    report.errors.clear();
    let sessions: Vec<foothold_windows::LogonSession> =
        report.sessions.iter().map(|s| s.session.clone()).collect();
    let mut errors: Vec<String> = Vec::new();
    let read = open_log(path).and_then(|log| {
        foothold_windows::parse_evtx_streamed(log.as_bytes(), true, |part| {
            for m in part.errors {
                if errors.len() < 1000 {
                    errors.push(m);
                }
            }
            let records = part
                .events
                .into_iter()
                .map(|mut event| {
                    event.detail.session = foothold_windows::session_of(&sessions, &event);
                    let src = source(event.record_id);
                    let account = event_account(&event, &[], true);
                    EventRecord {
                        event,
                        source: src,
                        account,
                    }
                })
                .collect();
            sink(records);
        })
        .map_err(|e| e.to_string())
    });
    if let Err(m) = read {
        errors.push(m);
    }
    for m in errors {
        report.errors.push(ErrorRecord {
            source: source(None),
            offset: None,
            message: m,
        });
    }
    report
}

/// The source of a file's entry on a filesystem (no volume, line, key or record yet).
fn entry_source(evidence: &str, fs: &dyn FileSystem, path: &str, entry: Option<&Entry>) -> Source {
    Source {
        evidence: evidence.to_string(),
        host: None,
        origin: entry.and_then(|e| fs.origin(e)),
        volume: None,
        filesystem: fs.kind().to_string(),
        path: path.to_string(),
        entry: entry.map(|e| e.entry),
        line: None,
        key: None,
        record_id: None,
        hive: None,
        times: entry.map(|e| e.times.clone()).unwrap_or_default(),
        uid: entry.and_then(|e| e.uid),
        gid: entry.and_then(|e| e.gid),
        snapshot: None,
    }
}

/// The source of a loose log's records, and the record's ID: the file placed as
/// [`Evidence::open`] places it (`foothold scan FILE.evtx`), so both ways of reading a loose
/// log give the same provenance (its `winevt\Logs` path, `origin` the host file, the host
/// file's entry and times). A file that is no event log (empty, `.evt`) keeps its host path.
fn log_source(path: &std::path::Path) -> impl Fn(Option<u64>) -> Source {
    let evidence = path.display().to_string();
    let placed = crate::place_loose_file(path)
        .filter(|p| p.kind == crate::LooseKind::EventLog)
        .and_then(|p| {
            let at = p.files.first()?.0.clone();
            let tree = p.tree(&evidence).ok()?;
            let entry = tree.lookup(&at).ok()?;
            Some(entry_source(&evidence, &tree, &at, Some(&entry)))
        });
    let base = placed.unwrap_or_else(|| Source {
        evidence: evidence.clone(),
        filesystem: "file".into(),
        path: evidence.clone(),
        ..Source::default()
    });
    move |record_id: Option<u64>| Source {
        record_id,
        ..base.clone()
    }
}

/// A loose log mapped for reading, or why it cannot be read: said plainly for an empty file
/// and for the legacy format of Windows XP/2003.
fn open_log(path: &std::path::Path) -> std::result::Result<foothold_evidence::RawImage, String> {
    let log = foothold_evidence::RawImage::open(path).map_err(|e| e.to_string())?;
    let b = log.as_bytes();
    if b.is_empty() {
        return Err("empty file (0 bytes): no event log to read".into());
    }
    if b.get(4..8) == Some(b"LfLe") {
        return Err("a legacy .evt log (the Windows XP/2003 format, `LfLe`): not read; export it as .evtx (`wevtutil epl LOG.evt LOG.evtx /lf:true`) first".into());
    }
    Ok(log)
}

/// The JSON Schema of one scan record (`foothold scan --format jsonl`, one per line): the
/// Rust types are the schema; `schema/scan-record.schema.json` is this, committed, and a test
/// fails when the two drift apart.
pub fn scan_record_schema() -> schemars::Schema {
    crate::listing::serialize_schema::<Record<'static>>()
}

/// What a scanner needs to know of the volume it reads.
pub(crate) struct VolumeCtx<'a> {
    pub evidence: String,
    pub volume: Option<u32>,
    pub fs: &'a Arc<dyn FileSystem>,
    /// Hives already loaded from this volume (a hive is read, replayed and its problems
    /// reported once, whichever scan asks first).
    pub hives: windows::HiveCache,
    /// The volume's deleted entries, walked once when first asked for.
    pub deleted: std::sync::OnceLock<std::result::Result<Vec<Entry>, String>>,
    /// The Group Policy Preferences files of the volume (`windows::GPO_ROOTS`), walked once
    /// for the tasks and the services they deploy.
    pub gpo: std::sync::OnceLock<Vec<(String, Entry)>>,
}

impl<'a> VolumeCtx<'a> {
    /// The context of volume `volume` (its filesystem `fs`) of the evidence at `evidence`,
    /// nothing read yet.
    pub(crate) fn new(
        evidence: &Evidence,
        volume: Option<u32>,
        fs: &'a Arc<dyn FileSystem>,
    ) -> Self {
        VolumeCtx {
            evidence: evidence.path().display().to_string(),
            volume,
            fs,
            hives: Default::default(),
            deleted: Default::default(),
            gpo: Default::default(),
        }
    }

    /// The volume's deleted entries (`FileSystem::deleted`), walked once; when the walk
    /// failed, an error record saying that `what` (`deleted task files`) was not searched.
    pub(crate) fn deleted(&self, what: &str, errors: &mut Vec<ErrorRecord>) -> Option<&[Entry]> {
        match self
            .deleted
            .get_or_init(|| self.fs.deleted().map_err(|e| e.to_string()))
        {
            Ok(v) => Some(v),
            Err(m) => {
                errors.push(self.error(
                    "/",
                    None,
                    None,
                    format!("deleted entries could not be listed, {what} not searched: {m}"),
                ));
                None
            }
        }
    }

    pub(crate) fn source(&self, path: &str, entry: Option<&Entry>, line: Option<u32>) -> Source {
        let mut s = entry_source(&self.evidence, &**self.fs, path, entry);
        s.volume = self.volume;
        s.line = line;
        s
    }

    pub(crate) fn error(
        &self,
        path: &str,
        entry: Option<&Entry>,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> ErrorRecord {
        ErrorRecord {
            source: self.source(path, entry, line),
            offset: None,
            message: message.into(),
        }
    }

    /// The entry at `path`: `None` when it is not there; when it cannot be reached (a
    /// damaged record or index on the way), an error record and `None`; when its own record
    /// is damaged (NTFS: known from its directory's index), an error record and the flagged
    /// entry, whose children a listing still finds from the MFT.
    pub(crate) fn find(&self, path: &str, errors: &mut Vec<ErrorRecord>) -> Option<Entry> {
        match self.fs.lookup(path) {
            Ok(e) => {
                if e.flags.contains(&foothold_fs::EntryFlag::RecordUnreadable) {
                    let mut r = self.error(
                        path,
                        None,
                        None,
                        format!(
                            "MFT entry {} unreadable: what is below it is found from the MFT",
                            e.entry
                        ),
                    );
                    r.source.entry = Some(e.entry);
                    errors.push(r);
                }
                Some(e)
            }
            Err(foothold_fs::Error::NotFound { .. } | foothold_fs::Error::NotADirectory { .. }) => {
                None
            }
            Err(e) => {
                let mut r = self.error(path, None, None, e.to_string());
                r.offset = e.offset();
                errors.push(r);
                None
            }
        }
    }

    /// Why a volume on which no operating system was recognised might have hidden one: its
    /// root directory unreadable or damaged, or `/etc` or `/Windows` unreachable.
    pub(crate) fn probe(&self, errors: &mut Vec<ErrorRecord>) {
        match self.fs.root() {
            Ok(root) => {
                self.list_dir(&root, errors);
            }
            Err(e) => {
                let mut r = self.error("/", None, None, format!("root directory unreadable: {e}"));
                r.offset = e.offset();
                errors.push(r);
                return;
            }
        }
        for p in ["/etc", "/Windows", "/Windows/System32"] {
            if let Some(d) = self.find(p, errors) {
                if d.kind == foothold_fs::EntryKind::Dir {
                    self.list_dir(&d, errors);
                }
            }
        }
    }

    /// The entries of directory `dir`; what its listing could not read becomes error
    /// records (path, entry, offset), and a directory that cannot be listed at all too.
    pub(crate) fn list_dir(&self, dir: &Entry, errors: &mut Vec<ErrorRecord>) -> Vec<Entry> {
        match self.fs.read_dir(dir) {
            Ok(l) => {
                for p in l.problems {
                    let mut r = self.error(&p.path, None, None, p.message);
                    r.source.entry = p.entry;
                    r.offset = p.offset;
                    errors.push(r);
                }
                l.entries
            }
            Err(e) => {
                let mut r = self.error(&dir.path, Some(dir), None, e.to_string());
                r.offset = e.offset();
                errors.push(r);
                Vec::new()
            }
        }
    }
}

impl Evidence {
    /// Scan every readable volume for the artifact families in `only`.
    ///
    /// Volumes are scanned by what they hold: Linux families on volumes with a Linux root
    /// (an `/etc`), Windows families on volumes with `/Windows`. Nothing fails the whole
    /// scan: a file that cannot be read or parsed becomes an [`ErrorRecord`].
    pub fn scan(&self, only: ScanSet) -> Report {
        self.scan_with(only, false)
    }

    /// [`Evidence::scan`], and with `every_event` every event-log record becomes an event
    /// record, not only the persistence ones (what `foothold events --all` prints).
    pub fn scan_with(&self, only: ScanSet, every_event: bool) -> Report {
        self.scan_events(only, every_event, None)
    }

    /// [`Evidence::scan`] reading every event-log record but keeping, besides the
    /// persistence events, only those `keep` accepts (a Sigma rule set's matches), decided
    /// log by log as each is read: memory holds what is kept, not every record of the image.
    pub fn scan_keeping(&self, only: ScanSet, keep: &KeepEvent<'_>) -> Report {
        self.scan_events(only, true, Some(keep))
    }

    pub(crate) fn scan_events(
        &self,
        only: ScanSet,
        every_event: bool,
        keep: Option<&KeepEvent<'_>>,
    ) -> Report {
        // What the selected families' records need is read; only they are written.
        let read = only.needed();
        let mut report = Report::default();
        let os = self.detect_os();
        let at = |volume: Option<u32>, filesystem: &str, message: String| ErrorRecord {
            source: Source {
                evidence: self.path().display().to_string(),
                host: None,
                origin: None,
                volume,
                filesystem: filesystem.to_string(),
                path: "/".into(),
                entry: None,
                line: None,
                key: None,
                record_id: None,
                hive: None,
                times: Timestamps::default(),
                uid: None,
                gid: None,
                snapshot: None,
            },
            offset: None,
            message,
        };
        for w in self.warnings() {
            report.warnings.push(at(None, "", w.clone()));
        }
        let mut readable = 0;
        // Volumes read, and those on which an operating system's root was searched.
        let mut seen: Vec<String> = Vec::new();
        let mut searched = 0;
        for (vol, fs) in self.filesystems() {
            let fs = match fs {
                Ok(fs) => fs,
                Err(e) => {
                    let mut r = at(vol.number, vol.filesystem.name(), e.to_string());
                    if let crate::Error::Fs { source, .. } = &e {
                        r.offset = source.offset();
                    }
                    report.errors.push(r);
                    continue;
                }
            };
            readable += 1;
            // A KAPE collection inside an image (its VHDX): scanned from its drive folder.
            let fs = crate::triage::kape_volume(fs);
            let ctx = VolumeCtx::new(self, vol.number, &fs);
            let linux = os
                .iter()
                .any(|o| o.volume == vol.number && o.family == OsFamily::Linux)
                || matches!(fs.kind(), "host" | "file" | "collection") && fs.lookup("/etc").is_ok();
            let first = Firsts::of(&report);
            if read.contains(Family::Cron) && linux {
                linux::scan(&ctx, &mut report);
            }
            if read.contains(Family::LinuxServices) && linux {
                linux_services::scan(&ctx, &mut report);
            }
            if read.contains(Family::Events) && linux {
                linux::logs(&ctx, &mut report);
                linux::histories(&ctx, &mut report);
            }
            let is_windows = windows_volume(&os, vol.number, &*fs);
            if read.contains(Family::Tasks) && is_windows {
                windows::scan(&ctx, &mut report);
            }
            if read.contains(Family::Services) && is_windows {
                windows::services(&ctx, &mut report);
            }
            if read.contains(Family::Events) && is_windows {
                windows::events(&ctx, read, (every_event, keep), &mut report);
            }
            if read.contains(Family::Accounts) && linux {
                linux::accounts(&ctx, &mut report);
            }
            if read.contains(Family::Accounts) && is_windows {
                windows::accounts(&ctx, &mut report);
            }
            let finder = binaries::Finder::new(&ctx);
            // The files items run: only for the items written.
            let runs = |f: Family| only.contains(f);
            if is_windows && (runs(Family::Tasks) || runs(Family::Services)) {
                let env = windows::environment(&ctx, &mut report);
                binaries::windows(&finder, &mut report, first, &env);
                if let Some(tz) = windows::time_zone(&ctx, &mut report) {
                    for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
                        t.local_times = local_times(&t.task, &tz);
                    }
                }
            }
            if linux && runs(Family::Cron) {
                binaries::linux(&finder, &mut report, first);
            }
            if linux && runs(Family::LinuxServices) {
                binaries::linux_services(&finder, &mut report, first);
            }
            if (is_windows || linux)
                && (runs(Family::Tasks)
                    || runs(Family::Services)
                    || runs(Family::Cron)
                    || runs(Family::LinuxServices))
            {
                // The machine's own root stores judge its signatures.
                let roots = if is_windows {
                    windows::trust_roots(&ctx, &mut report)
                } else {
                    Vec::new()
                };
                // Its catalogs vouch for the programs that carry no signature.
                let catalogs = if is_windows && only.hash {
                    windows::Catalogs::find(&ctx, &mut report)
                } else {
                    None
                };
                binaries::describe(
                    &finder,
                    &mut report,
                    first,
                    only.hash,
                    &roots,
                    catalogs.as_ref(),
                );
            }
            for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
                t.frequency = t
                    .task
                    .triggers
                    .iter()
                    .map(foothold_windows::trigger_frequency)
                    .collect();
            }
            for c in &mut report.cron_jobs[first.cron_jobs..] {
                c.frequency = foothold_linux::cron_frequency(&c.job);
            }
            let clock = if is_windows {
                Some(windows::host(&ctx, &mut report))
            } else if linux {
                Some(linux::host(&ctx, &mut report))
            } else {
                None
            };
            if let Some(c) = clock {
                c.apply(&mut report, first);
            }
            if is_windows {
                link_creators(&mut report, first);
            }
            if linux {
                link_cron_creators(&mut report, first);
            }
            if read.contains(Family::Accounts) {
                link_accounts(&mut report, first, is_windows);
            }
            if !linux && !is_windows {
                // Nothing recognised: if that is because the volume is damaged, say so.
                ctx.probe(&mut report.errors);
            } else {
                searched += 1;
            }
            seen.push(match vol.number {
                Some(n) => format!("{n} {}", fs.kind()),
                None => fs.kind().to_string(),
            });
            // After the scan: filesystems note some damage (checksums) as they read.
            for w in fs.warnings() {
                report.warnings.push(at(vol.number, fs.kind(), w));
            }
            name_host(&mut report, first, vol.number);
            if let Some(snap) = self.snapshot(vol) {
                mark_snapshot(&mut report, first, &SnapshotRef::of(&snap));
            }
        }
        if readable > 0 && searched == 0 {
            // "Clean" and "nothing was looked at" must not read the same.
            report.warnings.push(at(
                None,
                "",
                format!(
                    "no Windows root (\\Windows) or Linux root (/etc) on any volume read ({}): no persistence artifact was searched",
                    seen.join(", ")
                ),
            ));
        }
        if readable == 0 && report.errors.is_empty() {
            let found: Vec<&str> = self.volumes().iter().map(|v| v.filesystem.name()).collect();
            report.warnings.push(at(
                None,
                "",
                format!(
                    "no volume foothold can read (filesystems found: {}): nothing was scanned",
                    found.join(", ")
                ),
            ));
        }
        // What the shadow copies of the volumes hold that the live volumes no longer do.
        if self.snapshot_store().is_none() && only.snapshots {
            snapshots::merge_all(self, only, (every_event, keep), &mut report);
        }
        report.retain(only);
        report
    }
}

/// Whether the scan reads volume `volume` as a Windows root: its operating system was
/// detected as Windows, or a folder, file or collection holds `/Windows`.
fn windows_volume(os: &[Os], volume: Option<u32>, fs: &dyn FileSystem) -> bool {
    os.iter()
        .any(|o| o.volume == volume && o.family == OsFamily::Windows)
        || matches!(fs.kind(), "host" | "file" | "collection") && fs.lookup("/Windows").is_ok()
}

/// Every record this volume added (from `first` on) names the computer of the volume's
/// host record in `source.host`.
fn name_host(report: &mut Report, first: Firsts, volume: Option<u32>) {
    let Some(name) = report.hosts[first.hosts..]
        .iter()
        .find(|h| h.source.volume == volume)
        .and_then(|h| h.hostname.clone())
    else {
        return;
    };
    let host = Some(name);
    for s in volume_sources(report, first) {
        s.host.clone_from(&host);
    }
}

/// Every record a volume read at a shadow copy added says so in `source.snapshot` (a
/// task's `.job` source too).
fn mark_snapshot(report: &mut Report, first: Firsts, snap: &SnapshotRef) {
    for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
        for j in t.job_source.iter_mut().chain(t.gpo_source.iter_mut()) {
            j.snapshot = Some(snap.clone());
        }
    }
    for s in volume_sources(report, first) {
        s.snapshot = Some(snap.clone());
    }
}

/// A task's times written without an offset, in UTC by the image's time zone.
fn local_times(
    task: &ScheduledTask,
    tz: &foothold_windows::TimeZoneInfo,
) -> Vec<foothold_core::LocalTime> {
    let mut fields: Vec<(String, &str)> = Vec::new();
    if let Some(d) = task.date.as_deref() {
        fields.push(("date".into(), d));
    }
    if let Some(l) = task.job.as_ref().and_then(|j| j.last_run_local.as_deref()) {
        fields.push(("job.last_run_local".into(), l));
    }
    for (i, t) in task.triggers.iter().enumerate() {
        if let Some(s) = t.start_boundary.as_deref() {
            fields.push((format!("triggers[{i}].start_boundary"), s));
        }
        if let Some(e) = t.end_boundary.as_deref() {
            fields.push((format!("triggers[{i}].end_boundary"), e));
        }
    }
    fields
        .into_iter()
        // Only local times: one with `Z` or an offset is already absolute.
        .filter(|(_, v)| foothold_fs::Timestamp::parse_rfc3339(v).is_none())
        .filter_map(|(field, v)| {
            let (utc, dst) = tz.to_utc(v)?;
            Some(foothold_core::LocalTime {
                field,
                local: v.to_string(),
                utc,
                dst,
                zone: tz.key_name.clone(),
            })
        })
        .collect()
}

/// A deleted file read back: its bytes (up to `limit`) and how much of it survived —
/// `partial` when less than its size came back, `clusters_reallocated` when the volume's
/// allocation map gives some of its clusters (blocks) to another file now — with notes; an
/// error message when it cannot be read at all. NTFS and ext name their units differently.
pub(crate) fn read_back(
    fs: &dyn FileSystem,
    e: &Entry,
    limit: u64,
) -> std::result::Result<(Vec<u8>, foothold_core::Confidence, Vec<String>), String> {
    use foothold_core::Confidence;
    let bytes = fs.read_all(e, None, limit).map_err(|x| x.to_string())?;
    let unit = if fs.kind() == "ntfs" {
        "clusters"
    } else {
        "blocks"
    };
    let mut notes = Vec::new();
    let confidence = match fs.clusters_in_use(e, None) {
        _ if (bytes.len() as u64) < e.size => Confidence::Partial,
        Ok(Some((used, total))) if used > 0 => {
            notes.push(format!(
                "{used} of {total} {unit} allocated to another file"
            ));
            Confidence::ClustersReallocated
        }
        Ok(_) => Confidence::Intact,
        Err(x) => {
            notes.push(format!("allocation of its {unit} unknown: {x}"));
            Confidence::Partial
        }
    };
    Ok((bytes, confidence, notes))
}

impl ScheduledTaskRecord {
    /// A task found at `source`, with nothing linked to it yet.
    pub fn new(task: ScheduledTask, source: Source) -> Self {
        ScheduledTaskRecord {
            task,
            source,
            job_source: None,
            gpo_source: None,
            account: None,
            created_by: None,
            events: Vec::new(),
            runs_seen: None,
            gpo: None,
            runs: Vec::new(),
            frequency: Vec::new(),
            local_times: Vec::new(),
            recovered: None,
            seen_in_snapshots: Vec::new(),
        }
    }
}

impl ServiceRecord {
    /// A service found at `source`, with nothing linked to it yet.
    pub fn new(service: Service, source: Source) -> Self {
        ServiceRecord {
            service,
            source,
            account: None,
            created_by: None,
            events: Vec::new(),
            runs: Vec::new(),
            recovered: None,
            gpo: None,
            seen_in_snapshots: Vec::new(),
        }
    }
}

/// The reference a task or service keeps to an event record.
pub(crate) fn event_ref(ev: &EventRecord) -> EventRef {
    EventRef {
        event_id: ev.event.event_id,
        record_id: ev.event.record_id,
        timestamp: ev.event.timestamp,
        user: ev.event.user.clone().or_else(|| ev.event.user_sid.clone()),
        path: ev.source.path.clone(),
    }
}

/// Add the tasks and services rebuilt from the events `report.events[first..]` (indices in
/// `LogTask::events` count from `first`): each cites the record its definition came from.
pub(crate) fn push_recovered(
    report: &mut Report,
    first: usize,
    tasks: Vec<foothold_windows::LogTask>,
    services: Vec<foothold_windows::LogService>,
) {
    for t in tasks {
        let cited = t.content_event.or(t.events.first().copied()).unwrap_or(0);
        let source = report.events[first + cited].source.clone();
        let events = t
            .events
            .iter()
            .map(|i| event_ref(&report.events[first + i]))
            .collect();
        report.scheduled_tasks.push(ScheduledTaskRecord {
            events,
            recovered: Some(t.recovered),
            ..ScheduledTaskRecord::new(t.task, source)
        });
    }
    for s in services {
        let source = report.events[first + s.events[0]].source.clone();
        let events = s
            .events
            .iter()
            .map(|i| event_ref(&report.events[first + i]))
            .collect();
        report.services.push(ServiceRecord {
            events,
            recovered: Some(s.recovered),
            ..ServiceRecord::new(s.service, source)
        });
    }
}

/// Attach to each record of one volume the account it names (the pure resolvers of the
/// artifact crates do the matching).
fn link_accounts(report: &mut Report, first: Firsts, windows: bool) {
    let accounts: Vec<Account> = report.accounts[first.accounts..]
        .iter()
        .map(|a| a.account.clone())
        .collect();
    let win = |who: &str, computer: Option<&str>| {
        foothold_windows::resolve_windows_account(&accounts, who, computer)
    };
    for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
        let p = t.task.principal.as_ref();
        t.account = p
            .and_then(|p| p.user_id.as_deref().or(p.group_id.as_deref()))
            .and_then(|w| win(w, None));
    }
    for s in &mut report.services[first.services..] {
        s.account = s.service.object_name.as_deref().and_then(|w| win(w, None));
    }
    for c in &mut report.cron_jobs[first.cron_jobs..] {
        c.account = c
            .job
            .user
            .as_deref()
            .and_then(|u| foothold_linux::resolve_unix_account(&accounts, u));
    }
    for e in &mut report.events[first.events..] {
        e.account = event_account(&e.event, &accounts, windows);
    }
}

/// The account an event names (its subject SID, else its user), resolved against the
/// volume's `accounts` and the well-known SIDs; a Linux text log's user against passwd.
pub(crate) fn event_account(
    ev: &PersistenceEvent,
    accounts: &[Account],
    windows: bool,
) -> Option<AccountRef> {
    if windows && !ev.log.is_text() {
        let computer = ev.computer.as_deref();
        let win = |who: &str| foothold_windows::resolve_windows_account(accounts, who, computer);
        ev.data
            .get("SubjectUserSid")
            .or(ev.user_sid.as_ref())
            .and_then(|s| win(s))
            .or_else(|| ev.user.as_deref().and_then(win))
    } else {
        ev.user
            .as_deref()
            .and_then(|u| foothold_linux::resolve_unix_account(accounts, u))
    }
}

/// Who created each task and service of one volume (the pure `task_created_by` and
/// `service_created_by` weigh the events tied to it and the other evidence).
fn link_creators(report: &mut Report, first: Firsts) {
    let events = &report.events[first.events..];
    // (log path, record id) -> event, so that a scan of every record stays linear.
    let index: std::collections::HashMap<(&str, Option<u64>), &PersistenceEvent> = events
        .iter()
        .map(|e| ((e.source.path.as_str(), e.event.record_id), &e.event))
        .collect();
    let tied = |refs: &[EventRef]| -> Vec<&PersistenceEvent> {
        refs.iter()
            .filter_map(|r| index.get(&(r.path.as_str(), r.record_id)).copied())
            .collect()
    };
    for t in &mut report.scheduled_tasks[first.scheduled_tasks..] {
        let evs = tied(&t.events);
        t.created_by = foothold_windows::task_created_by(&t.task, &evs, t.source.times.created);
    }
    for s in &mut report.services[first.services..] {
        let evs = tied(&s.events);
        s.created_by = foothold_windows::service_created_by(&evs, s.service.last_written);
    }
}

/// Who installed each cron job of one volume (`foothold_linux::cron_created_by` weighs the
/// volume's syslog `crontab` lines, the file's owner and its creation time).
fn link_cron_creators(report: &mut Report, first: Firsts) {
    let log: Vec<&PersistenceEvent> = report.events[first.events..]
        .iter()
        .filter(|e| {
            matches!(
                e.event.log,
                foothold_core::LogKind::Syslog | foothold_core::LogKind::Auth
            )
        })
        .map(|e| &e.event)
        .collect();
    let accounts: Vec<Account> = report.accounts[first.accounts..]
        .iter()
        .map(|a| a.account.clone())
        .collect();
    // A service is enabled with `systemctl`, typed in a shell or run through sudo.
    let with_history: Vec<&PersistenceEvent> = report.events[first.events..]
        .iter()
        .filter(|e| {
            matches!(
                e.event.log,
                foothold_core::LogKind::Auth | foothold_core::LogKind::ShellHistory
            )
        })
        .map(|e| &e.event)
        .collect();
    for s in &mut report.linux_services[first.linux_services..] {
        let file_owner = s.source.uid.map(|uid| {
            foothold_linux::resolve_unix_account(&accounts, &uid.to_string())
                .and_then(|a| a.name)
                .unwrap_or_else(|| format!("uid {uid}"))
        });
        s.created_by = foothold_linux::service_created_by(
            &s.service.name,
            file_owner,
            s.source.times.created,
            &with_history,
        );
    }
    for c in &mut report.cron_jobs[first.cron_jobs..] {
        let owner = (c.job.kind == foothold_linux::CronKind::Crontab)
            .then(|| c.job.user.clone())
            .flatten();
        let file_owner = c.source.uid.map(|uid| {
            foothold_linux::resolve_unix_account(&accounts, &uid.to_string())
                .and_then(|a| a.name)
                .unwrap_or_else(|| format!("uid {uid}"))
        });
        c.created_by = foothold_linux::cron_created_by(
            owner.as_deref(),
            file_owner,
            c.source.times.created,
            &log,
        );
    }
}
