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
