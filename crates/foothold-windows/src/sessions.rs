//! Logon sessions from Security 4624/4634/4647/4672, and the session behind each event that
//! names one (`SubjectLogonId` of 4697–4702, 4688): who, logon type, from where.
use crate::PersistenceEvent;
use foothold_core::Timestamp;
pub use foothold_core::{CreatedBy, CreationEvidence, SessionRef};
use serde::Serialize;

/// Security event IDs that make or end logon sessions.
pub const LOGON_EVENT_IDS: &[u32] = &[4624, 4625, 4634, 4647, 4648, 4672];

/// The name of a logon type (4624 `LogonType`).
///
/// ```
/// assert_eq!(foothold_windows::logon_type_name(3), Some("network"));
/// assert_eq!(foothold_windows::logon_type_name(10), Some("remote_interactive"));
/// ```
pub fn logon_type_name(t: u32) -> Option<&'static str> {
    Some(match t {
        0 => "system",
        2 => "interactive",
        3 => "network",
        4 => "batch",
        5 => "service",
        7 => "unlock",
        8 => "network_cleartext",
        9 => "new_credentials",
        10 => "remote_interactive",
        11 => "cached_interactive",
        12 => "cached_remote_interactive",
        13 => "cached_unlock",
        _ => return None,
    })
}

/// An address another logon gave, when the session's own 4624 has none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct InferredAddress {
    /// The address.
    pub address: String,
    /// The 4624 it comes from (the nearest earlier network logon of the same account on
    /// the same computer that has an address).
    pub record_id: Option<u64>,
    /// That logon's time.
    pub timestamp: Option<Timestamp>,
    /// Its logon id.
    pub logon_id: Option<String>,
}

/// One logon session (a successful 4624), with what later records add to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LogonSession {
    /// Computer that logged it.
    pub computer: Option<String>,
    /// `TargetLogonId`, as written (`0x5a419bc`).
    pub logon_id: String,
    /// `TargetDomainName\TargetUserName`.
    pub user: Option<String>,
    /// `TargetUserSid`.
    pub sid: Option<String>,
    /// `LogonType`.
    pub logon_type: Option<u32>,
    /// Its name (`network`, `remote_interactive`…).
    pub logon_type_name: Option<String>,
    /// `IpAddress` (`None` when `-`).
    pub source_address: Option<String>,
    /// `IpPort`.
    pub source_port: Option<String>,
    /// `WorkstationName`.
    pub workstation: Option<String>,
    /// `AuthenticationPackageName` (`Kerberos`, `NTLM`, `Negotiate`).
    pub authentication_package: Option<String>,
    /// `LogonProcessName`.
    pub logon_process: Option<String>,
    /// `ElevatedToken` (`%%1842` yes, `%%1843` no).
    pub elevated_token: Option<bool>,
    /// 4672 `PrivilegeList` of the same logon id: special privileges assigned.
    pub special_privileges: Vec<String>,
    /// The 4624's time (`System/TimeCreated`).
    pub start: Option<Timestamp>,
    /// The 4624's record id.
    pub start_record_id: Option<u64>,
    /// 4634/4647 time, when the log holds it.
    pub end: Option<Timestamp>,
    /// That record's id.
    pub end_record_id: Option<u64>,
    /// When the session has no address of its own: the address of the account's nearest
    /// earlier network logon with one (ATSVC/SMB task creation shows this pattern).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inferred_address: Option<InferredAddress>,
}

fn field<'a>(e: &'a PersistenceEvent, k: &str) -> Option<&'a str> {
    e.data
        .get(k)
        .map(String::as_str)
        .filter(|v| !v.is_empty() && *v != "-")
}

fn is_security(e: &PersistenceEvent) -> bool {
    e.channel.eq_ignore_ascii_case("security")
}

/// Build the logon sessions of a set of Security records (any order): one per 4624, ended
/// by a 4634/4647 of the same computer and logon id, given the privileges of a 4672 of the
/// same logon id; an address-less network logon gets the inferred address of the same
/// account's nearest earlier network logon that has one. Sorted by start.
///
/// ```
/// use foothold_windows::{build_sessions, PersistenceEvent};
/// let ev = |id: u32, rec: u64, t: &str, kv: &[(&str, &str)]| PersistenceEvent {
///     channel: "Security".into(), event_id: Some(id), record_id: Some(rec),
///     timestamp: foothold_core::Timestamp::parse_rfc3339(t), computer: Some("FS01".into()),
///     data: kv.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), ..Default::default()
/// };
/// let s = build_sessions(&[
///     ev(4624, 1, "2021-06-10T21:21:26.357Z", &[("TargetLogonId", "0x1"), ("TargetUserSid", "S-1-5-21-1-1111"), ("LogonType", "3"), ("IpAddress", "10.0.0.9")]),
///     ev(4624, 2, "2021-06-10T21:21:26.377Z", &[("TargetLogonId", "0x2"), ("TargetUserSid", "S-1-5-21-1-1111"), ("LogonType", "3"), ("IpAddress", "-")]),
/// ]);
/// assert_eq!(s[1].source_address, None);
/// assert_eq!(s[1].inferred_address.as_ref().unwrap().address, "10.0.0.9");
/// assert_eq!(s[1].logon_type_name.as_deref(), Some("network"));
/// ```
pub fn build_sessions(records: &[PersistenceEvent]) -> Vec<LogonSession> {
    let mut out: Vec<LogonSession> = records
        .iter()
        .filter(|e| is_security(e) && e.event_id == Some(4624))
        .filter_map(|e| {
            let logon_id = field(e, "TargetLogonId")?.to_string();
            let logon_type = field(e, "LogonType").and_then(|t| t.parse().ok());
            Some(LogonSession {
                computer: e.computer.clone(),
                logon_id,
                user: crate::qualified_user(&e.data, "Target"),
                sid: field(e, "TargetUserSid").map(str::to_string),
                logon_type,
                logon_type_name: logon_type.and_then(logon_type_name).map(str::to_string),
                source_address: field(e, "IpAddress").map(str::to_string),
                source_port: field(e, "IpPort").filter(|p| *p != "0").map(str::to_string),
                workstation: field(e, "WorkstationName").map(str::to_string),
                authentication_package: field(e, "AuthenticationPackageName").map(str::to_string),
                logon_process: field(e, "LogonProcessName").map(|p| p.trim().to_string()),
                elevated_token: match field(e, "ElevatedToken") {
                    Some("%%1842") => Some(true),
                    Some("%%1843") => Some(false),
                    _ => None,
                },
                start: e.timestamp,
                start_record_id: e.record_id,
                ..LogonSession::default()
            })
        })
        .collect();
    out.sort_by_key(|s| (s.start, s.start_record_id));
    for e in records.iter().filter(|e| is_security(e)) {
        match e.event_id {
            Some(4634 | 4647) => {
                let i = field(e, "TargetLogonId").and_then(|id| latest(&out, e, id));
                if let Some(s) = i.and_then(|i| out.get_mut(i)).filter(|s| s.end.is_none()) {
                    s.end = e.timestamp;
                    s.end_record_id = e.record_id;
                }
            }
            Some(4672) => {
                let i = field(e, "SubjectLogonId").and_then(|id| latest(&out, e, id));
                if let Some(s) = i
                    .and_then(|i| out.get_mut(i))
                    .filter(|s| s.special_privileges.is_empty())
                {
                    s.special_privileges = field(e, "PrivilegeList")
                        .map(|p| p.split_whitespace().map(str::to_string).collect())
                        .unwrap_or_default();
                }
            }
            _ => {}
        }
    }
    for i in 0..out.len() {
        let (earlier, rest) = out.split_at_mut(i);
        let Some(me) = rest.first_mut() else { break };
        if me.source_address.is_some() || me.logon_type != Some(3) {
            continue;
        }
        let same_account = |s: &LogonSession| match (&s.sid, &me.sid) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => s.user.is_some() && s.user == me.user,
        };
        let inferred = earlier
            .iter()
            .rev()
            .find(|s| {
                s.logon_type == Some(3)
                    && s.computer == me.computer
                    && s.source_address.is_some()
                    && same_account(s)
            })
            .map(|s| InferredAddress {
                address: s.source_address.clone().unwrap_or_default(),
                record_id: s.start_record_id,
                timestamp: s.start,
                logon_id: Some(s.logon_id.clone()),
            });
        me.inferred_address = inferred;
    }
    out
}

/// The session a record names by logon id: the latest one of that id on the record's
/// computer that started before it (logon ids are reused across boots).
fn latest(sessions: &[LogonSession], e: &PersistenceEvent, id: &str) -> Option<usize> {
    sessions.iter().rposition(|s| {
        s.logon_id.eq_ignore_ascii_case(id)
            && s.computer == e.computer
            && (s.start <= e.timestamp || e.timestamp.is_none())
    })
}

/// The session an event was made in (its `SubjectLogonId`), when the sessions hold it.
pub fn session_of(sessions: &[LogonSession], e: &PersistenceEvent) -> Option<SessionRef> {
    let s = sessions.get(latest(sessions, e, field(e, "SubjectLogonId")?)?)?;
    let (source_address, address_inferred) = match (&s.source_address, &s.inferred_address) {
        (Some(a), _) => (Some(a.clone()), false),
        (None, Some(i)) => (Some(i.address.clone()), true),
        (None, None) => (None, false),
    };
    Some(SessionRef {
        logon_id: s.logon_id.clone(),
        logon_type: s.logon_type,
        logon_type_name: s.logon_type_name.clone(),
        user: s.user.clone(),
        source_address,
        address_inferred,
        address_from_record_id: if address_inferred {
            s.inferred_address.as_ref().and_then(|i| i.record_id)
        } else {
            None
        },
        start: s.start,
        start_record_id: s.start_record_id,
        elevated_token: s.elevated_token,
        special_privileges: !s.special_privileges.is_empty(),
    })
}

fn subject(e: &PersistenceEvent) -> (Option<String>, Option<String>) {
    let user = crate::qualified_user(&e.data, "Subject");
    let sid = field(e, "SubjectUserSid")
        .map(str::to_string)
        .or_else(|| e.user_sid.clone());
    (user.or_else(|| e.user.clone()), sid)
}

/// Who created a task: the earliest 4698 among `events` (the ones tied to it), with its
/// session; the task XML's `Author` and `Date`, the TaskCache registration time and the file's
/// creation time as further evidence, a flag where the author is not the creating subject.
/// `None` when nothing says anything.
///
/// ```
/// use foothold_windows::{task_created_by, PersistenceEvent, ScheduledTask};
/// let mut e = PersistenceEvent { channel: "Security".into(), event_id: Some(4698), record_id: Some(7), ..Default::default() };
/// e.data.insert("SubjectUserName".into(), "admmig".into());
/// e.data.insert("SubjectDomainName".into(), "OFFSEC".into());
/// let task = ScheduledTask { author: Some("CORP\\eve".into()), ..Default::default() };
/// let c = task_created_by(&task, &[&e], None).unwrap();
/// assert_eq!(c.user.as_deref(), Some("OFFSEC\\admmig"));
/// assert_eq!(c.flags, ["author_differs_from_creator"]);
/// ```
pub fn task_created_by(
    task: &crate::ScheduledTask,
    events: &[&PersistenceEvent],
    file_created: Option<Timestamp>,
) -> Option<CreatedBy> {
    let mut c = CreatedBy::default();
    let created = events
        .iter()
        .filter(|e| e.event_id == Some(4698))
        .min_by_key(|e| (e.timestamp, e.record_id));
    if let Some(e) = created {
        let (user, sid) = subject(e);
        c.evidence.push(CreationEvidence {
            kind: "event_4698".into(),
            value: user.clone().unwrap_or_default(),
            record_id: e.record_id,
        });
        c.user = user;
        c.sid = sid;
        c.when = e.timestamp;
        c.session = e.detail.session.clone();
    }
    if let Some(a) = &task.author {
        c.evidence.push(CreationEvidence {
            kind: "xml_author".into(),
            value: a.clone(),
            record_id: None,
        });
        match &c.user {
            None => c.user = Some(a.clone()),
            Some(u) => {
                let short = |s: &str| s.rsplit('\\').next().unwrap_or(s).to_ascii_lowercase();
                if short(u) != short(a) {
                    c.flags.push("author_differs_from_creator".into());
                }
            }
        }
    }
    if let Some(d) = &task.date {
        c.evidence.push(CreationEvidence {
            kind: "xml_date".into(),
            value: d.clone(),
            record_id: None,
        });
    }
    let registered = task
        .taskcache
        .as_ref()
        .and_then(|t| t.dynamic_info.as_ref())
        .and_then(|d| d.created);
    if let Some(t) = registered {
        c.evidence.push(CreationEvidence {
            kind: "taskcache_registration".into(),
            value: t.to_string(),
            record_id: None,
        });
        c.when.get_or_insert(t);
    }
    if let Some(t) = file_created {
        c.evidence.push(CreationEvidence {
            kind: "file_created".into(),
            value: t.to_string(),
            record_id: None,
        });
        // A task file made more than an hour away from the registration (event or
        // TaskCache) was written or copied separately: say so, keep both.
        if let Some(w) = c.when {
            if t.unix_seconds().abs_diff(w.unix_seconds()) > 3600 {
                c.flags.push("file_created_away_from_registration".into());
            }
        }
        c.when.get_or_insert(t);
    }
    (!c.evidence.is_empty()).then_some(c)
}

/// Who installed a service: the earliest 4697 or 7045 among `events` (the ones tied to it),
/// with its session (4697 has a subject; 7045 only the `Security/@UserID` of the installer);
/// the key's last-written time as evidence. `None` when no event says anything.
pub fn service_created_by(
    events: &[&PersistenceEvent],
    key_last_written: Option<Timestamp>,
) -> Option<CreatedBy> {
    let mut c = CreatedBy::default();
    let created = events
        .iter()
        .filter(|e| matches!(e.event_id, Some(4697 | 7045)))
        .min_by_key(|e| (e.timestamp, e.record_id));
    if let Some(e) = created {
        let (user, sid) = subject(e);
        c.evidence.push(CreationEvidence {
            kind: format!("event_{}", e.event_id.unwrap_or_default()),
            value: user.clone().or_else(|| sid.clone()).unwrap_or_default(),
            record_id: e.record_id,
        });
        c.user = user;
        c.sid = sid;
        c.when = e.timestamp;
        c.session = e.detail.session.clone();
    }
    if let Some(t) = key_last_written {
        // The key's last write is when it last changed, not when it was made: evidence, not
        // `when`.
        c.evidence.push(CreationEvidence {
            kind: "key_last_written".into(),
            value: t.to_string(),
            record_id: None,
        });
    }
    created.is_some().then_some(c)
}
