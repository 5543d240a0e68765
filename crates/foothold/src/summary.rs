//! One line's worth of any record — the same for the CLI table, the CSV writer and Python.
use crate::scan::Record;
use foothold_fs::Timestamp;
use serde::Serialize;

/// A record in a few columns: what it is, who, when, what runs, where it was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// `scheduled_task`, `service`, `cron_job`, `account`, `event`, `error`, `warning`.
    pub artifact: String,
    /// A short label: the artifact, a cron job's kind, `event 4698`, `cron CMD`.
    pub label: String,
    /// The kind in more detail: a task's sources (`xml+taskcache`), a service's types, a cron
    /// job's kind, an event's channel and ID (`Security 4698`, `syslog CMD`).
    pub kind: String,
    /// Task name, service key name, the task or service an event names; a cron job's file.
    pub name: String,
    /// Who it runs as (task principal, service account, cron user) or who acted (event).
    pub user: Option<String>,
    /// When it runs (triggers, start type, cron schedule) or, for an event, when it happened.
    pub schedule: String,
    /// What runs (first action, image path, command); for an event, what it is about; for
    /// an account, its groups.
    pub command: String,
    /// What cron feeds the command on standard input.
    pub stdin: Option<String>,
    /// Flags, `snake_case` (a disabled task has `disabled` first).
    pub flags: Vec<String>,
    /// The one identifier a person would look for: task name, service key, `path:line`,
    /// `log#record`.
    pub reference: String,
    /// File path on the volume (`path:key` for a registry value).
    pub location: String,
    /// Line in the file or event record ID.
    pub line: Option<u64>,
    /// The most telling time: the event's; a task's or service's creation (`created_by.when`),
    /// else a service key's last write, the task file's modification (a registry-only task:
    /// its TaskCache key's last write); an account's
    /// creation or last logon; a session's start.
    pub time: Option<Timestamp>,
    /// An error or warning's message.
    pub message: String,
    /// Who created it and from where (`CORP\\mallory from 10.0.0.5`): the account of the
    /// creating event or file owner, and the source address of the logon session it was
    /// made in (`?` after an address inferred from another logon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// A time written without a zone, as written, when the record has no time in UTC: a
    /// loose task file's `Date` (with no machine around it, its time zone is unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_time: Option<String>,
}

/// The JSON Schema of [`Summary`] (committed as `schema/summary.schema.json`).
pub fn summary_schema() -> schemars::Schema {
    crate::listing::serialize_schema::<Summary>()
}

/// A user as written, with the resolved account's name when it says more (`S-1-5-18` →
/// `SYSTEM (S-1-5-18)`).
fn named(raw: Option<String>, account: Option<&foothold_core::AccountRef>) -> Option<String> {
    match (raw, account.and_then(|a| a.name.as_deref())) {
        (Some(r), Some(n)) if !r.eq_ignore_ascii_case(n) && !r.contains(n) => {
            Some(format!("{n} ({r})"))
        }
        (raw, _) => raw,
    }
}

/// What an event without a command says, in a few words from its data: a logon's type and
/// source, a share access's object, a file or registry change's target, else its first
/// non-empty values (so that no event row of a table is blank).
fn event_what(e: &foothold_windows::PersistenceEvent) -> Option<String> {
    let get = |k: &str| {
        e.data
            .get(k)
            .map(String::as_str)
            .filter(|v| !v.is_empty() && *v != "-")
    };
    if let Some(t) = get("LogonType") {
        let from = get("IpAddress").or(get("WorkstationName"));
        return Some(match from {
            Some(f) => format!("logon type {t} from {f}"),
            None => format!("logon type {t}"),
        });
    }
    if let Some(share) = get("ShareName") {
        let target = get("RelativeTargetName").unwrap_or("");
        let from = get("IpAddress")
            .map(|a| format!(" from {a}"))
            .unwrap_or_default();
        let path = if target.is_empty() {
            share.to_string()
        } else {
            format!("{share}\\{target}")
        };
        return Some(format!("{path}{from}"));
    }
    for (k, what) in [
        ("TargetFilename", "file"),
        ("TargetObject", "key"),
        ("ObjectName", "object"),
    ] {
        if let Some(t) = get(k) {
            let by = get("Image").map(|i| format!(" by {i}")).unwrap_or_default();
            return Some(format!("{what} {t}{by}"));
        }
    }
    let first: Vec<String> = e
        .data
        .iter()
        .filter(|(k, v)| !v.is_empty() && v.as_str() != "-" && !k.starts_with("Subject"))
        .take(3)
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    (!first.is_empty()).then(|| first.join(" "))
}

/// `deleted (event_log)` / `recovered (mft)`: a rebuilt record in the table.
fn recovered_flag(r: &foothold_core::Recovered) -> String {
    let what = if r.deleted.is_some() {
        "deleted"
    } else {
        "recovered"
    };
    format!("{what} ({})", r.from)
}

/// Every action of a task: the first's command line, and after it the others' (`(2
/// actions) A; B`), so that a second action is never hidden behind the first.
fn all_actions(k: &foothold_windows::ScheduledTask) -> String {
    if k.actions.len() < 2 {
        return k.command_line();
    }
    let each: Vec<String> = k
        .actions
        .iter()
        .map(foothold_windows::TaskAction::command_line)
        .collect();
    format!("({} actions) {}", k.actions.len(), each.join("; "))
}

/// Who created an item and from where, in a few words (see [`Summary::created_by`]).
fn creator(c: Option<&foothold_core::CreatedBy>) -> Option<String> {
    let c = c?;
    let who = c.user.clone().or_else(|| c.sid.clone())?;
    let from = c.session.as_ref().and_then(|s| {
        let a = s.source_address.as_deref()?;
        Some(if s.address_inferred {
            format!(" from {a}?")
        } else {
            format!(" from {a}")
        })
    });
    Some(format!("{who}{}", from.unwrap_or_default()))
}

/// A file's modification time as a record's time; none for a loose file, whose times are
/// those of the copy the examiner was given, not the machine's.
fn file_time(source: &crate::Source) -> Option<Timestamp> {
    (source.filesystem != "file")
        .then_some(source.times.modified)
        .flatten()
}

fn names<T: std::fmt::Display>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

impl Record<'_> {
    /// This record in a few columns (see [`Summary`]).
    ///
    /// ```
    /// use foothold::{CronJob, CronJobRecord, CronKind, Record, Source};
    /// let rec = CronJobRecord {
    ///     job: CronJob::new(CronKind::Crontab, "*/5 * * * *", Some("alice".into()), "/tmp/.x"),
    ///     source: Source { path: "/var/spool/cron/crontabs/alice".into(), line: Some(3), ..Source::default() },
    ///     account: None,
    ///     created_by: None,
    ///     runs: vec![],
    ///     frequency: None,
    ///     recovered: None,
    /// };
    /// let s = Record::CronJob(&rec).summary();
    /// assert_eq!((s.label.as_str(), s.user.as_deref(), s.command.as_str()), ("crontab", Some("alice"), "/tmp/.x"));
    /// assert_eq!(s.reference, "/var/spool/cron/crontabs/alice:3");
    /// ```
    pub fn summary(&self) -> Summary {
        let mut s = self.summary_of_record();
        let source = self.source();
        // A loose file is placed at a machine path only so the scan finds it: the examiner
        // is shown the file they gave.
        if source.filesystem == "file" {
            if let Some(host) = &source.origin {
                for f in [&mut s.reference, &mut s.location] {
                    if let Some(rest) = f.strip_prefix(source.path.as_str()) {
                        *f = format!("{host}{rest}");
                    }
                }
            }
        }
        s
    }

    fn summary_of_record(&self) -> Summary {
        match self {
            Record::LinuxService(l) => {
                let svc = &l.service;
                let kind = svc.kind.to_string();
                let state = match (&svc.state, svc.enabled) {
                    (Some(st), _) => st.as_str(),
                    (None, Some(true)) => "enabled",
                    (None, Some(false)) => "disabled",
                    (None, None) => "enablement unknown",
                };
                let schedule = match (svc.runlevels.is_empty(), svc.wanted_by.first()) {
                    (false, _) => format!("{state}, runlevels {}", svc.runlevels.join(" ")),
                    (true, Some(w)) => format!("{state}, {w}"),
                    (true, None) => state.to_string(),
                };
                Summary {
                    artifact: "linux_service".into(),
                    label: kind.clone(),
                    kind,
                    name: svc.name.clone(),
                    user: svc.user.clone(),
                    schedule,
                    command: svc
                        .exec
                        .iter()
                        .find(|e| e.setting == "ExecStart" || e.setting == "script")
                        .or(svc.exec.first())
                        .map(|e| e.command.clone())
                        .unwrap_or_default(),
                    stdin: None,
                    flags: names(&svc.flags),
                    reference: l.source.path.clone(),
                    location: l.source.path.clone(),
                    line: None,
                    time: file_time(&l.source),
                    message: String::new(),
                    created_by: creator(l.created_by.as_ref()),
                    local_time: None,
                }
            }
            Record::CronJob(c) => {
                let j = &c.job;
                let kind = j.kind.to_string();
                Summary {
                    artifact: "cron_job".into(),
                    label: kind.clone(),
                    kind,
                    name: c.source.path.clone(),
                    user: j.user.clone(),
                    schedule: j.schedule.clone(),
                    command: j.command.clone(),
                    stdin: j.stdin.clone(),
                    flags: c
                        .recovered
                        .iter()
                        .map(recovered_flag)
                        .chain(names(&j.flags))
                        .collect(),
                    reference: match c.source.line {
                        Some(l) => format!("{}:{l}", c.source.path),
                        None => c.source.path.clone(),
                    },
                    location: c.source.path.clone(),
                    line: c.source.line.map(u64::from),
                    time: file_time(&c.source),
                    message: String::new(),
                    created_by: creator(c.created_by.as_ref()),
                    local_time: None,
                }
            }
            Record::Account(r) => {
                let a = &r.account;
                let mut flags = Vec::new();
                if a.admin {
                    flags.push("admin".to_string());
                }
                if a.disabled == Some(true) {
                    flags.push("disabled".to_string());
                }
                let kind = a.kind.map(|k| k.to_string()).unwrap_or_default();
                // A group is not a user: the table tells them apart (root the user, root the
                // group).
                let group = matches!(
                    a.kind,
                    Some(
                        foothold_core::AccountKind::LocalGroup
                            | foothold_core::AccountKind::UnixGroup
                    )
                );
                Summary {
                    artifact: "account".into(),
                    label: if group { "group" } else { "account" }.into(),
                    kind,
                    name: a.name.clone().unwrap_or_default(),
                    user: a.name.clone(),
                    schedule: String::new(),
                    command: a.groups.join(","),
                    stdin: None,
                    flags,
                    reference: a
                        .sid
                        .clone()
                        .or_else(|| a.id.map(|i| i.to_string()))
                        .unwrap_or_default(),
                    location: match &r.source.key {
                        Some(k) => format!("{}:{k}", r.source.path),
                        None => r.source.path.clone(),
                    },
                    line: None,
                    time: a.created.or(a.last_logon),
                    message: String::new(),
                    ..Summary::default()
                }
            }
            Record::Host(h) => Summary {
                artifact: "host".into(),
                label: "host".into(),
                kind: h.os.clone(),
                name: h.hostname.clone().unwrap_or_default(),
                user: None,
                schedule: h.time_zone.clone().unwrap_or_default(),
                command: [&h.os_name, &h.os_version, &h.build]
                    .iter()
                    .filter_map(|x| x.as_deref())
                    .collect::<Vec<_>>()
                    .join(" "),
                stdin: None,
                flags: Vec::new(),
                reference: h.hostname.clone().unwrap_or_else(|| h.os.clone()),
                location: h.source.path.clone(),
                line: None,
                time: h.last_write,
                message: String::new(),
                ..Summary::default()
            },
            Record::Session(r) => {
                let s = &r.session;
                let mut flags = Vec::new();
                if s.elevated_token == Some(true) {
                    flags.push("elevated".to_string());
                }
                if !s.special_privileges.is_empty() {
                    flags.push("special_privileges".to_string());
                }
                let command = match (&s.source_address, &s.inferred_address) {
                    (Some(a), _) => format!("from {a}"),
                    (None, Some(i)) => {
                        flags.push("address_inferred".to_string());
                        format!("from {} (inferred)", i.address)
                    }
                    (None, None) => String::new(),
                };
                Summary {
                    artifact: "session".into(),
                    label: "session".into(),
                    kind: s.logon_type_name.clone().unwrap_or_default(),
                    name: s.logon_id.clone(),
                    user: s.user.clone().or_else(|| s.sid.clone()),
                    schedule: s.start.map(|t| t.to_string()).unwrap_or_default(),
                    command,
                    stdin: None,
                    flags,
                    reference: match r.source.record_id {
                        Some(id) => format!("{}#{id}", r.source.path),
                        None => r.source.path.clone(),
                    },
                    location: r.source.path.clone(),
                    line: r.source.record_id,
                    time: s.start,
                    message: String::new(),
                    ..Summary::default()
                }
            }
            Record::ScheduledTask(t) => {
                let k = &t.task;
                let mut flags = names(&k.flags);
                if !k.enabled {
                    flags.insert(0, "disabled".into());
                }
                if let Some(r) = &t.recovered {
                    flags.insert(0, recovered_flag(r));
                }
                let mut s = Summary {
                    artifact: "scheduled_task".into(),
                    label: "scheduled_task".into(),
                    kind: names(&k.sources).join("+"),
                    name: k.name.clone(),
                    user: named(
                        k.principal
                            .as_ref()
                            .and_then(|p| p.user_id.clone().or_else(|| p.group_id.clone())),
                        t.account.as_ref(),
                    ),
                    schedule: k.trigger_summary(),
                    command: all_actions(k),
                    stdin: None,
                    flags,
                    reference: k.name.clone(),
                    location: t.source.path.clone(),
                    line: None,
                    time: t
                        .created_by
                        .as_ref()
                        .and_then(|c| c.when)
                        .or(match &t.recovered {
                            // A rebuilt task's source is a log record: its file's times
                            // are not the task's.
                            Some(r) => r.created.or(r.deleted),
                            // A registry-only task lives in a hive key: the key's last
                            // write, not the hive file's.
                            None if t.source.key.is_some() => k
                                .taskcache
                                .as_ref()
                                .and_then(|c| c.task_last_written.or(c.tree_last_written)),
                            None => file_time(&t.source),
                        }),
                    message: String::new(),
                    created_by: creator(t.created_by.as_ref()),
                    local_time: None,
                };
                if s.time.is_none() {
                    s.local_time = k.date.clone();
                }
                s
            }
            Record::Service(sv) => {
                let v = &sv.service;
                let mut schedule = v.start_name.clone().unwrap_or_default();
                if v.delayed_autostart == Some(true) {
                    schedule.push_str(" (delayed)");
                }
                Summary {
                    artifact: "service".into(),
                    label: "service".into(),
                    kind: v.type_names.join("+"),
                    name: v.name.clone(),
                    user: named(v.object_name.clone(), sv.account.as_ref()),
                    schedule,
                    command: v
                        .image_path
                        .clone()
                        .or_else(|| v.service_dll.clone())
                        .unwrap_or_default(),
                    stdin: None,
                    flags: match &sv.recovered {
                        Some(r) => vec![recovered_flag(r)],
                        None if !v.current => vec!["not_current_control_set".into()],
                        None => Vec::new(),
                    },
                    reference: if v.key.is_empty() {
                        v.name.clone()
                    } else {
                        v.key.clone()
                    },
                    location: format!(
                        "{}:{}",
                        sv.source.path,
                        sv.source.key.as_deref().unwrap_or("")
                    ),
                    line: None,
                    time: sv
                        .created_by
                        .as_ref()
                        .and_then(|c| c.when)
                        .or(v.last_written)
                        .or(sv.recovered.as_ref().and_then(|r| r.created)),
                    message: String::new(),
                    created_by: creator(sv.created_by.as_ref()),
                    local_time: None,
                }
            }
            Record::Event(ev) => {
                let e = &ev.event;
                let d = &e.detail;
                let action = e.data.get("action").map(String::as_str).unwrap_or("");
                let (label, kind) = match e.event_id {
                    Some(id) => (format!("event {id}"), format!("{} {id}", e.channel)),
                    None if e.log == foothold_core::LogKind::Syslog => {
                        (format!("cron {action}"), format!("syslog {action}"))
                    }
                    None if e.log == foothold_core::LogKind::Auth => {
                        (format!("auth {action}"), format!("auth {action}"))
                    }
                    None if e.log == foothold_core::LogKind::ShellHistory => (
                        format!("{} history", e.provider),
                        format!("shell_history {}", e.provider),
                    ),
                    None => ("event".into(), e.channel.clone()),
                };
                let command = d
                    .task_name
                    .clone()
                    .or_else(|| {
                        d.service_name.as_ref().map(|n| {
                            format!("service {n}: {}", d.image_path.as_deref().unwrap_or(""))
                        })
                    })
                    .or_else(|| e.command_line.clone())
                    .or_else(|| e.data.get("detail").cloned())
                    .or_else(|| e.data.get("message").cloned())
                    .or_else(|| event_what(e))
                    .unwrap_or_default();
                let line = ev.source.record_id.or(ev.source.line.map(u64::from));
                Summary {
                    artifact: "event".into(),
                    label,
                    kind,
                    name: d
                        .task_name
                        .clone()
                        .or_else(|| d.service_name.clone())
                        .unwrap_or_default(),
                    user: named(
                        e.user
                            .clone()
                            .or_else(|| e.user_sid.clone())
                            // A logon (4624…) names its user as the target.
                            .or_else(|| foothold_windows::qualified_user(&e.data, "Target"))
                            .or_else(|| e.data.get("target_user").cloned()),
                        ev.account.as_ref(),
                    ),
                    schedule: e
                        .timestamp
                        .map(|x| x.to_string())
                        .or_else(|| e.data.get("time").cloned())
                        .unwrap_or_default(),
                    command,
                    stdin: None,
                    flags: if e.object_missing == Some(true) {
                        vec!["object_missing".into()]
                    } else {
                        Vec::new()
                    },
                    reference: match (ev.source.record_id, ev.source.line) {
                        (Some(r), _) => format!("{}#{r}", ev.source.path),
                        (None, Some(l)) => format!("{}:{l}", ev.source.path),
                        _ => ev.source.path.clone(),
                    },
                    location: ev.source.path.clone(),
                    line,
                    time: e.timestamp,
                    message: String::new(),
                    ..Summary::default()
                }
            }
            Record::Error(e) | Record::Warning(e) => {
                let artifact = if matches!(self, Record::Error(_)) {
                    "error"
                } else {
                    "warning"
                };
                Summary {
                    artifact: artifact.into(),
                    label: artifact.into(),
                    reference: e.source.path.clone(),
                    location: e.source.path.clone(),
                    line: e.source.line.map(u64::from),
                    message: e.message.clone(),
                    ..Summary::default()
                }
            }
        }
    }
}
