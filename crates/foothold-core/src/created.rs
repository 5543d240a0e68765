//! Who made a persistence item, and the session it was made in: one shape for every OS.
use crate::Timestamp;
use serde::Serialize;

/// What an event records of the session it was made in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SessionRef {
    /// Logon id.
    pub logon_id: String,
    /// Logon type and its name.
    pub logon_type: Option<u32>,
    /// `network`, `interactive`…
    pub logon_type_name: Option<String>,
    /// The user who logged on.
    pub user: Option<String>,
    /// Source address: the session's own, else the inferred one.
    pub source_address: Option<String>,
    /// The address is inferred from another logon (`foothold_windows::LogonSession::inferred_address`).
    pub address_inferred: bool,
    /// The 4624 an inferred address comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_from_record_id: Option<u64>,
    /// The 4624's time and record id.
    pub start: Option<Timestamp>,
    /// The 4624's record id.
    pub start_record_id: Option<u64>,
    /// The elevated token flag.
    pub elevated_token: Option<bool>,
    /// Whether a 4672 gave the session special privileges.
    pub special_privileges: bool,
}

/// One piece of evidence a creator rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CreationEvidence {
    /// `event_4698`, `event_4697`, `event_7045`, `taskcache_registration`, `xml_author`,
    /// `xml_date`, `file_created`, `key_last_written`; cron: `crontab_replace` (a syslog
    /// `crontab[…]: (editor) REPLACE (owner)` line), `file_owner`, `file_created`.
    pub kind: String,
    /// What it says (a user, a time).
    pub value: String,
    /// The event record id, for an event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record_id: Option<u64>,
}

/// Who made a task or service, when and from where, and what that rests on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CreatedBy {
    /// Who (`DOMAIN\user` of the creating event; else the task XML's `Author`).
    pub user: Option<String>,
    /// Their SID (`SubjectUserSid`, or the event's `Security/@UserID`).
    pub sid: Option<String>,
    /// When (the creating event's time; else the TaskCache registration time; else the
    /// file's creation time).
    pub when: Option<Timestamp>,
    /// The logon session it was made in.
    pub session: Option<SessionRef>,
    /// Every piece of evidence looked at, in order of weight.
    pub evidence: Vec<CreationEvidence>,
    /// Where the evidence disagrees: `author_differs_from_creator` (the XML's `Author` is
    /// not the 4698 subject), `file_created_away_from_registration` (the task file's creation
    /// time is more than an hour from the 4698 or TaskCache registration).
    pub flags: Vec<String>,
}

crate::named_enum! {
    /// What a recovered record was put back together from.
    pub enum RecoveredFrom {
        /// Event-log records (4698/4702/4699 `TaskContent`, 7045/4697 service fields).
        EventLog => "event_log",
        /// An MFT record no longer in use, and its data.
        Mft => "mft",
        /// An ext inode no longer in use (its name from directory slack), and its blocks.
        Inode => "inode",
        /// Unallocated cells of a registry hive.
        HiveUnallocated => "hive_unallocated",
        /// Copies of blocks in the ext4 journal.
        Journal => "journal",
        /// A volume shadow copy that still holds it (`source.snapshot` says which).
        Snapshot => "snapshot",
    }
}

crate::named_enum! {
    /// How much of a recovered item's content survived.
    pub enum Confidence {
        /// All of it, from places nothing else has taken since.
        Intact => "intact",
        /// Some of its clusters now belong to another file: what was read may not be its.
        ClustersReallocated => "clusters_reallocated",
        /// Only part of it.
        Partial => "partial",
    }
}

/// Where a record of something that is no longer (whole) on the volume came from. A
/// recovered record is otherwise a normal record, parsed by the same parsers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct Recovered {
    /// What it was rebuilt from.
    pub from: RecoveredFrom,
    /// How much of its content survived, where content was carved (absent for event logs,
    /// which hold the whole definition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
    /// When it was made (a 4698's or 7045's time), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<crate::Timestamp>,
    /// When it was removed (a 4699's time), when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted: Option<crate::Timestamp>,
    /// What else is known: `no_creation_event` (its 4698 is not in the log),
    /// `no_deletion_event` (no 4699: it is simply not on the volume), `content_unknown`
    /// (no event held its definition), `updated` (4702s changed it; the last definition is
    /// shown).
    pub notes: Vec<String>,
}
