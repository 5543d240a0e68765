//! The one log-event type every log parser produces (EVTX records, syslog cron lines).
use crate::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// Which kind of log an event was read from. Code that treats kinds differently matches on
/// this, never on the channel's text; the output says it through `channel` (`syslog`,
/// `auth`, `shell_history`, or the EVTX channel), so it is not written itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogKind {
    /// An EVTX record.
    #[default]
    Evtx,
    /// A cron line of a syslog (`/var/log/syslog*`, `/var/log/cron*`).
    Syslog,
    /// A line of an authentication log (`auth.log`, `secure`): logons, sudo, su, accounts.
    Auth,
    /// A command of a shell history.
    ShellHistory,
}

impl LogKind {
    /// Whether the log is a Linux text log (no event IDs, no record IDs).
    pub fn is_text(self) -> bool {
        self != LogKind::Evtx
    }
}

/// No source-specific detail (text logs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct NoDetail {}

/// One log record that shows persistence being made, changed, run or removed (or, when a
/// parser is asked for every record, any record), neutral of the log's format.
///
/// `D` carries what only one format has (Windows: the task or service an event names); its
/// fields are serialised inline, between `data` and `process`.
///
/// ```
/// use foothold_core::{Event, Timestamp};
/// let e: Event = Event {
///     log: foothold_core::LogKind::Syslog,
///     channel: "syslog".into(),
///     provider: "CRON".into(),
///     timestamp: Timestamp::parse_rfc3339("2026-11-23T20:17:01Z"),
///     command_line: Some("/opt/beacon".into()),
///     ..Event::default()
/// };
/// let json = serde_json::to_string(&e).unwrap();
/// assert!(json.starts_with(r#"{"channel":"syslog","provider":"CRON","timestamp":"2026-11-23T20:17:01Z""#));
/// assert!(!json.contains("event_id")); // a text log has none
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Event<D = NoDetail> {
    /// The kind of log (not written: `channel` says it).
    #[serde(skip)]
    #[schemars(skip)]
    pub log: LogKind,
    /// `Security`, `System`, `Microsoft-Windows-TaskScheduler/Operational`, … or `syslog`.
    pub channel: String,
    /// Provider name (EVTX) or program name (syslog: `CRON`, `crontab`).
    pub provider: String,
    /// Event ID (EVTX; text logs have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<u32>,
    /// Event record ID: `System/EventRecordID`, as Event Viewer and `evtx_dump` show it
    /// (the record header's number when the event has none). Text logs have none: their
    /// line number is the record's `source.line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_id: Option<u64>,
    /// When the event was created (UTC): `System/TimeCreated/@SystemTime` (the record
    /// header's time when the event has none); a syslog line's time.
    pub timestamp: Option<Timestamp>,
    /// When the record was written: the record header's time (EVTX only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub written: Option<Timestamp>,
    /// The record header's record number, which differs from `record_id` in exported or
    /// re-written logs (EVTX only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header_record_id: Option<u64>,
    /// Computer (host) name.
    pub computer: Option<String>,
    /// `Security/@UserID` (EVTX).
    pub user_sid: Option<String>,
    /// Every field by name: EVTX EventData/UserData; syslog `time` (as written), `action`,
    /// `detail`, `pid`.
    pub data: BTreeMap<String, String>,
    /// Format-specific detail.
    #[serde(flatten)]
    pub detail: D,
    /// 4688 / Sysmon 1: new process image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// 4688 / Sysmon 1: command line; syslog: the command cron ran (`CMD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command_line: Option<String>,
    /// 4688 / Sysmon 1: parent process image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_process: Option<String>,
    /// Who: `SubjectDomainName\\SubjectUserName` (Security), Sysmon 1 `User`, TaskScheduler
    /// `UserContext`/`UserName`; syslog: the user in parentheses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Whether the task or service it names is missing from the image (set by
    /// correlation): `None` when nothing was compared (a loose log, a family not scanned,
    /// an event that names no task or service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object_missing: Option<bool>,
}

impl<D> Event<D> {
    /// The same event with another detail type (`detail` replaced by `detail`).
    pub fn with_detail<E>(self, detail: E) -> Event<E> {
        Event {
            log: self.log,
            channel: self.channel,
            provider: self.provider,
            event_id: self.event_id,
            record_id: self.record_id,
            timestamp: self.timestamp,
            written: self.written,
            header_record_id: self.header_record_id,
            computer: self.computer,
            user_sid: self.user_sid,
            data: self.data,
            detail,
            process: self.process,
            command_line: self.command_line,
            parent_process: self.parent_process,
            user: self.user,
            object_missing: self.object_missing,
        }
    }
}
