//! Tasks and services that lived only in the event logs: a task created (4698) and deleted
//! (4699) — atexec's and smbexec's pattern — or one whose file and TaskCache entry are gone,
//! and a service installed (7045/4697) whose key is gone, rebuilt from the records' own copy of
//! their definition — or, where the Security log did not record them, from the `schtasks` and
//! `sc` command lines (4688, Sysmon 1) that made and deleted them.
use crate::{PersistenceEvent, ScheduledTask, Service, TaskSource};
use foothold_core::{Recovered, RecoveredFrom};
use std::collections::BTreeMap;

/// A task rebuilt from Security-log records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogTask {
    /// The task as its last recorded definition (`TaskContent`) gives it, named by
    /// `TaskName`, with `sources: ["event_log"]`.
    pub task: ScheduledTask,
    /// Its creation and deletion times and what is known.
    pub recovered: Recovered,
    /// The events of its life (indices into the events given), in time order.
    pub events: Vec<usize>,
    /// The event its definition comes from.
    pub content_event: Option<usize>,
}

/// A service rebuilt from its installation records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogService {
    /// The service as the records give it (name, image path, type, start type, account).
    pub service: Service,
    /// When it was installed.
    pub recovered: Recovered,
    /// Its installation events (indices into the events given), in time order.
    pub events: Vec<usize>,
}

/// The events `keep` takes, with their indices, in time order (then record id, then index).
fn ordered<'a>(
    events: &'a [&PersistenceEvent],
    keep: impl Fn(&PersistenceEvent) -> bool,
) -> Vec<(usize, &'a PersistenceEvent)> {
    let mut v: Vec<(usize, &PersistenceEvent)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| keep(e))
        .map(|(i, e)| (i, *e))
        .collect();
    v.sort_by_key(|(i, e)| (e.timestamp, e.record_id, *i));
    v
}

/// The task a record's `TaskContent` defines (4698 and 4702 are parsed when the log is read;
/// a 4699 carries it too on current Windows).
fn content(e: &PersistenceEvent) -> Option<ScheduledTask> {
    e.detail.task.clone().or_else(|| {
        let xml = e.data.get("TaskContent").filter(|x| !x.trim().is_empty())?;
        crate::parse_task_xml(xml.as_bytes()).ok()
    })
}

/// Tasks of the Security log's task events (4698 created, 4702 updated, 4699 deleted) that
/// are not on the volume: every life that a 4699 ended, and — when `live` is given (the
/// volume's tasks were read) — a life whose task is not among `live`. A life starts at a
/// 4698 (or at the first 4702/4699 when the creation is no longer in the log) and ends at a
/// 4699; its definition is the last `TaskContent` recorded in it. Names compare
/// case-insensitively; events are taken in time order.
///
/// ```
/// use foothold_windows::{tasks_from_events, PersistenceEvent, WindowsDetail};
/// use foothold_core::Timestamp;
/// let ev = |id: u32, t: &str| PersistenceEvent {
///     event_id: Some(id),
///     timestamp: Timestamp::parse_rfc3339(t),
///     detail: WindowsDetail { task_name: Some("\\atexec".into()), ..Default::default() },
///     ..Default::default()
/// };
/// let evs = [ev(4698, "2026-12-01T10:00:00Z"), ev(4699, "2026-12-01T10:00:01Z")];
/// let got = tasks_from_events(&evs.iter().collect::<Vec<_>>(), None);
/// assert_eq!(got.len(), 1);
/// assert_eq!(got[0].task.name, "\\atexec");
/// assert_eq!(got[0].recovered.deleted.unwrap().to_string(), "2026-12-01T10:00:01Z");
/// assert_eq!(got[0].recovered.notes, ["content_unknown"]);
/// ```
pub fn tasks_from_events(
    events: &[&PersistenceEvent],
    live: Option<&[&ScheduledTask]>,
) -> Vec<LogTask> {
    let mut by_name: BTreeMap<String, Vec<(usize, &PersistenceEvent)>> = BTreeMap::new();
    for (i, e) in ordered(events, |e| is_task_event(e) || task_verb(e).is_some()) {
        if let Some(n) = e.detail.task_name.as_deref().filter(|n| !n.is_empty()) {
            by_name.entry(n.to_lowercase()).or_default().push((i, e));
        }
    }
    let mut out = Vec::new();
    for (lower, evs) in by_name {
        let is_live = live.is_some_and(|l| l.iter().any(|t| t.name.to_lowercase() == lower));
        // Where the Security log recorded the task's registration, its 4698/4699 bound each
        // life and the command lines are only more evidence of it; where it did not (no
        // auditing), `schtasks /create` and `/delete` do.
        let audited = evs.iter().any(|(_, e)| is_task_event(e));
        let ends = |e: &PersistenceEvent| {
            e.event_id == Some(4699) || (!audited && task_verb(e) == Some("delete"))
        };
        let mut lives: Vec<Vec<(usize, &PersistenceEvent)>> = Vec::new();
        let mut life: Vec<(usize, &PersistenceEvent)> = Vec::new();
        for (i, e) in evs {
            // A deletion right after a deletion, one of them a command line (the same
            // `schtasks /delete` seen by 4688 and Sysmon, or its 4699), is the same end.
            let repeat = life.is_empty()
                && (ends(e) || task_verb(e) == Some("delete"))
                && lives
                    .last()
                    .and_then(|l| l.last())
                    .is_some_and(|(_, last)| {
                        task_verb(last) == Some("delete") || task_verb(e) == Some("delete")
                    });
            if repeat {
                if let Some(l) = lives.last_mut() {
                    l.push((i, e));
                }
                continue;
            }
            life.push((i, e));
            if ends(e) {
                lives.push(std::mem::take(&mut life));
            }
        }
        out.extend(lives.into_iter().map(|l| build(l, audited)));
        if !life.is_empty() && live.is_some() && !is_live {
            let mut t = build(life, audited);
            t.recovered.notes.push("no_deletion_event".into());
            out.push(t);
        }
    }
    out.sort_by_key(|t| {
        (
            t.recovered.created.or(t.recovered.deleted),
            t.events.first().copied(),
        )
    });
    out
}

/// A Security-log record of a task's registration (4698 created, 4699 deleted, 4702 updated).
fn is_task_event(e: &PersistenceEvent) -> bool {
    matches!(e.event_id, Some(4698 | 4699 | 4702))
}

/// What a `schtasks` command line (or a PowerShell task cmdlet) of this machine does to the
/// task it names: `create`,
/// `delete` or `change` (`None` for other command lines, and for one sent to another host:
/// the event then names no task).
fn task_verb(e: &PersistenceEvent) -> Option<&str> {
    let inv = e.detail.invocation.as_ref()?;
    e.detail.task_name.as_ref()?;
    (matches!(inv.tool.as_str(), "schtasks" | "powershell")
        && matches!(inv.verb.as_str(), "create" | "delete" | "change"))
    .then_some(inv.verb.as_str())
}

fn build(life: Vec<(usize, &PersistenceEvent)>, audited: bool) -> LogTask {
    let name = life
        .iter()
        .find_map(|(_, e)| e.detail.task_name.clone())
        .unwrap_or_default();
    let created = life
        .iter()
        .find(|(_, e)| e.event_id == Some(4698))
        .or_else(|| life.iter().find(|(_, e)| task_verb(e) == Some("create")))
        .and_then(|(_, e)| e.timestamp);
    let deleted = life
        .iter()
        .rev()
        .find(|(_, e)| e.event_id == Some(4699) || (!audited && task_verb(e) == Some("delete")))
        .and_then(|(_, e)| e.timestamp);
    // The last definition recorded in the life; else the last `schtasks /create` that says
    // what the task runs.
    let defined = life
        .iter()
        .rev()
        .find_map(|(i, e)| content(e).map(|t| (*i, t, false)))
        .or_else(|| {
            life.iter().rev().find_map(|(i, e)| {
                let inv = e.detail.invocation.as_ref()?;
                (task_verb(e) == Some("create"))
                    .then(|| task_of_invocation(inv))
                    .flatten()
                    .map(|t| (*i, t, true))
            })
        });
    let mut notes = Vec::new();
    if !life
        .iter()
        .any(|(_, e)| e.event_id == Some(4698) || task_verb(e) == Some("create"))
    {
        notes.push("no_creation_event".to_string());
    }
    if life
        .iter()
        .any(|(_, e)| e.event_id == Some(4702) || task_verb(e) == Some("change"))
    {
        notes.push("updated".to_string());
    }
    if !audited {
        // Only command lines say it: that the command ran, not that it succeeded.
        notes.push("command_line_only".to_string());
    }
    // Ended by a command no time is kept for (a PowerShell history line).
    if deleted.is_none()
        && life
            .last()
            .is_some_and(|(_, e)| e.event_id == Some(4699) || task_verb(e) == Some("delete"))
    {
        notes.push("deleted_at_unknown_time".to_string());
    }
    let (content_event, mut task) = match defined {
        Some((i, t, from_command_line)) => {
            if from_command_line {
                notes.push("defined_by_command_line".to_string());
            }
            (Some(i), t)
        }
        None => {
            notes.push("content_unknown".to_string());
            (None, ScheduledTask::default())
        }
    };
    task.name = name;
    task.sources = vec![TaskSource::EventLog];
    LogTask {
        task,
        recovered: Recovered {
            from: RecoveredFrom::EventLog,
            confidence: None,
            created,
            deleted,
            notes,
        },
        events: life.iter().map(|(i, _)| *i).collect(),
        content_event,
    }
}

/// The task a `schtasks /create` asks for, as far as its switches say: the program and
/// arguments of `/tr` (the program is the quoted part, else up to the first space, as
/// schtasks splits it), `/ru` and `/rl`, and one trigger from `/sc`, `/mo`, `/d`, `/ri`,
/// `/du`. `None` when it names no command (`/xml`: the definition is in a file).
fn task_of_invocation(inv: &crate::ToolInvocation) -> Option<ScheduledTask> {
    use crate::{ActionKind, CalendarKind, CalendarSchedule, Principal, TaskAction};
    use crate::{TaskTrigger, TriggerKind};
    let tr = inv.command.as_deref()?.trim();
    let (command, arguments) = match tr.strip_prefix('"') {
        Some(rest) => match rest.split_once('"') {
            Some((c, a)) => (c, a.trim()),
            None => (rest, ""),
        },
        None => tr.split_once([' ', '\t']).unwrap_or((tr, "")),
    };
    let n = || {
        inv.modifier
            .as_deref()
            .and_then(|m| m.trim().parse::<u32>().ok())
    };
    let calendar = |kind: CalendarKind| CalendarSchedule {
        kind,
        ..CalendarSchedule::default()
    };
    let on = |kind: TriggerKind| TaskTrigger {
        kind,
        enabled: true,
        ..TaskTrigger::default()
    };
    let every = |unit: &str| TaskTrigger {
        interval: Some(format!("PT{}{unit}", n().unwrap_or(1))),
        ..on(TriggerKind::Time)
    };
    let on_calendar = |schedule: CalendarSchedule| TaskTrigger {
        schedule: Some(schedule),
        ..on(TriggerKind::Calendar)
    };
    // No `/sc`: schtasks refuses it, so no trigger is said.
    let mut trigger = match inv.schedule.as_deref() {
        Some("minute") => Some(every("M")),
        Some("hourly") => Some(every("H")),
        Some("daily") => Some(on_calendar(CalendarSchedule {
            days_interval: Some(n().unwrap_or(1)),
            ..calendar(CalendarKind::ByDay)
        })),
        Some("weekly") => Some(on_calendar(CalendarSchedule {
            weeks_interval: Some(n().unwrap_or(1)),
            days_of_week: inv
                .days
                .as_deref()
                .map(|d| d.split(',').map(|x| x.trim().to_string()).collect())
                .unwrap_or_default(),
            ..calendar(CalendarKind::ByWeek)
        })),
        Some("monthly") => Some(on_calendar(calendar(CalendarKind::ByMonth))),
        Some("once") => Some(on(TriggerKind::Time)),
        Some("onstart") => Some(on(TriggerKind::Boot)),
        Some("onlogon") => Some(on(TriggerKind::Logon)),
        Some("onidle") => Some(on(TriggerKind::Idle)),
        Some("onevent") => Some(on(TriggerKind::Event)),
        _ => None,
    };
    if let Some(t) = trigger.as_mut() {
        if let Some(ri) = inv
            .repeat_interval
            .as_deref()
            .and_then(|r| r.trim().parse::<u32>().ok())
        {
            t.interval = Some(format!("PT{ri}M"));
        }
        // `/du HHHH:MM`.
        let du = inv
            .duration
            .as_deref()
            .and_then(|d| d.trim().split_once(':'));
        if let Some((Ok(h), Ok(m))) = du.map(|(h, m)| (h.parse::<u32>(), m.parse::<u32>())) {
            t.duration = Some(format!("PT{h}H{m}M"));
        }
    }
    let principal = (inv.run_as.is_some() || inv.run_level.is_some()).then(|| Principal {
        user_id: inv.run_as.clone(),
        run_level: (inv.run_level.as_deref() == Some("highest"))
            .then(|| "HighestAvailable".to_string()),
        ..Principal::default()
    });
    Some(ScheduledTask {
        enabled: true,
        principal,
        triggers: trigger.into_iter().collect(),
        actions: vec![TaskAction {
            kind: ActionKind::Exec,
            command: Some(command.to_string()).filter(|c| !c.is_empty()),
            arguments: Some(arguments.to_string()).filter(|a| !a.is_empty()),
            ..TaskAction::default()
        }],
        ..ScheduledTask::default()
    })
}

/// `auto start`, `demand start`, `0x2`, `3` (7045/4697), or sc's `start=` word (`auto`,
/// `delayed-auto`, `demand`…) → the `Start` value.
fn start_code(s: &str) -> Option<u32> {
    let l = s.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "boot start" | "boot" => 0,
        "system start" | "system" => 1,
        "auto start" | "auto" | "delayed-auto" => 2,
        "demand start" | "demand" => 3,
        "disabled" => 4,
        _ => number(&l)?,
    })
}

/// `user mode service`, `kernel mode driver`, `0x10` → the `Type` value.
fn type_code(s: &str) -> Option<u32> {
    let l = s.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "kernel mode driver" => 0x1,
        "file system driver" => 0x2,
        "user mode service" => 0x10,
        _ => number(&l)?,
    })
}

fn number(s: &str) -> Option<u32> {
    match s.strip_prefix("0x") {
        Some(h) => u32::from_str_radix(h, 16).ok(),
        None => s.parse().ok(),
    }
}

/// Services whose installation the logs record (System 7045, Security 4697) but which are not
/// among `live` (the volume's services, by key or display name): one per service name and
/// image path, from its first installation record, with every matching record as evidence.
/// Nothing when `live` is `None` (the services were not read: absence is unknown).
///
/// ```
/// use foothold_windows::{services_from_events, PersistenceEvent, WindowsDetail};
/// let e = PersistenceEvent {
///     event_id: Some(7045),
///     detail: WindowsDetail { service_name: Some("PSEXESVC".into()), image_path: Some("%SystemRoot%\\PSEXESVC.exe".into()),
///         start_type: Some("demand start".into()), ..Default::default() },
///     ..Default::default()
/// };
/// let got = services_from_events(&[&e], Some(&[]));
/// assert_eq!((got[0].service.name.as_str(), got[0].service.start), ("PSEXESVC", Some(3)));
/// assert!(services_from_events(&[&e], None).is_empty());
/// ```
pub fn services_from_events(
    events: &[&PersistenceEvent],
    live: Option<&[&Service]>,
) -> Vec<LogService> {
    let Some(live) = live else {
        return Vec::new();
    };
    let present = |name: &str| live.iter().any(|s| named(s, name));
    let mut groups: BTreeMap<(String, String), Vec<(usize, &PersistenceEvent)>> = BTreeMap::new();
    for (i, e) in ordered(events, |e| matches!(e.event_id, Some(7045 | 4697))) {
        let Some(name) = e.detail.service_name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        if present(name) {
            continue;
        }
        let key = (
            name.to_lowercase(),
            e.detail
                .image_path
                .clone()
                .unwrap_or_default()
                .to_lowercase(),
        );
        groups.entry(key).or_default().push((i, e));
    }
    let mut out: Vec<LogService> = groups
        .into_values()
        .filter_map(|evs| {
            // Groups are made from at least one event.
            let &(_, first) = evs.first()?;
            let d = &first.detail;
            let service_type = d.service_type.as_deref().and_then(type_code);
            let start = d.start_type.as_deref().and_then(start_code);
            let name = d.service_name.clone().unwrap_or_default();
            Some(LogService {
                service: Service {
                    // 7045 names the service by its display name, 4697 by its key.
                    display_name: (first.event_id == Some(7045)).then(|| name.clone()),
                    object_name: d.account.clone(),
                    ..service_as_asked(name, d.image_path.as_deref(), service_type, start)
                },
                recovered: Recovered {
                    from: RecoveredFrom::EventLog,
                    confidence: None,
                    created: first.timestamp,
                    deleted: None,
                    notes: vec!["no_deletion_event".into()],
                },
                events: evs.iter().map(|(i, _)| *i).collect(),
            })
        })
        .collect();
    with_sc_command_lines(events, &present, &mut out);
    out.sort_by_key(|s| (s.recovered.created, s.events.first().copied()));
    out
}

/// Whether `name` (as an installation record or a command line gives it) is the service's key
/// name or its display name, case-insensitively (7045 names a service by its display name).
fn named(s: &Service, name: &str) -> bool {
    s.name.eq_ignore_ascii_case(name)
        || s.display_name
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case(name))
}

/// A service as a record of its installation asks for it: its name, image path (resolved),
/// type and start type (their names too).
fn service_as_asked(
    name: String,
    image_path: Option<&str>,
    service_type: Option<u32>,
    start: Option<u32>,
) -> Service {
    Service {
        name,
        image_path_resolved: image_path.and_then(crate::service::resolve_image_path),
        image_path: image_path.map(str::to_string),
        type_names: service_type
            .map(crate::service::type_names)
            .unwrap_or_default(),
        service_type,
        start_name: start.map(|s| crate::service::start_word(s).to_string()),
        start,
        ..Service::default()
    }
}

/// `sc` command lines of this machine (4688, Sysmon 1) for services not among the live ones:
/// evidence of the service an installation record rebuilt (`sc delete`: its deletion time;
/// `start`, `stop`, `config`…: more of its life), or — where no installation was recorded —
/// the service itself, as `sc create` asked for it (notes `command_line_only`,
/// `defined_by_command_line`).
fn with_sc_command_lines(
    events: &[&PersistenceEvent],
    present: &dyn Fn(&str) -> bool,
    out: &mut Vec<LogService>,
) {
    let gone = |e: &PersistenceEvent| sc_of(e).is_some_and(|(_, name)| !present(name));
    for (i, e) in ordered(events, gone) {
        let Some((inv, name)) = sc_of(e) else {
            continue;
        };
        let same = |s: &LogService| named(&s.service, name);
        // The latest rebuilt service of this name that the command line can belong to.
        let at = out
            .iter()
            .rposition(|s| same(s) && s.recovered.deleted.is_none());
        match (inv.verb.as_str(), at) {
            ("delete", Some(k)) => {
                let Some(s) = out.get_mut(k) else { continue };
                s.events.push(i);
                s.recovered.deleted = e.timestamp;
                s.recovered.notes.retain(|n| n != "no_deletion_event");
            }
            ("create", None) => {
                let start = inv.start_type.as_deref().and_then(start_code);
                let service_type = inv.options.get("type").and_then(|t| sc_type_code(t));
                out.push(LogService {
                    service: Service {
                        display_name: inv.options.get("displayname").cloned(),
                        delayed_autostart: (inv.start_type.as_deref() == Some("delayed-auto"))
                            .then_some(true),
                        object_name: inv.run_as.clone(),
                        ..service_as_asked(
                            name.to_string(),
                            inv.bin_path.as_deref(),
                            service_type,
                            start,
                        )
                    },
                    recovered: Recovered {
                        from: RecoveredFrom::EventLog,
                        confidence: None,
                        created: e.timestamp,
                        deleted: None,
                        notes: vec![
                            "no_deletion_event".into(),
                            "command_line_only".into(),
                            "defined_by_command_line".into(),
                        ],
                    },
                    events: vec![i],
                });
            }
            ("delete", None) => {
                // Deleted twice (4688 and Sysmon 1 of one `sc delete`): the same end.
                if let Some(k) = out.iter().rposition(|s| {
                    same(s)
                        && s.recovered.deleted.is_some()
                        && s.events.last().is_some_and(|&j| {
                            events.get(j).is_some_and(|p| {
                                p.detail
                                    .invocation
                                    .as_ref()
                                    .is_some_and(|x| x.verb == "delete")
                            })
                        })
                }) {
                    if let Some(s) = out.get_mut(k) {
                        s.events.push(i);
                    }
                    continue;
                }
                out.push(LogService {
                    service: Service {
                        name: name.to_string(),
                        ..Service::default()
                    },
                    recovered: Recovered {
                        from: RecoveredFrom::EventLog,
                        confidence: None,
                        created: None,
                        deleted: e.timestamp,
                        notes: vec![
                            "no_creation_event".into(),
                            "command_line_only".into(),
                            "content_unknown".into(),
                        ],
                    },
                    events: vec![i],
                });
            }
            (_, Some(k)) => {
                if let Some(s) = out.get_mut(k) {
                    s.events.push(i);
                }
            }
            (_, None) => {}
        }
    }
}

/// An `sc` command line, or a PowerShell service cmdlet (`New-Service`, `Remove-Service`…),
/// naming a service of this machine: its invocation and the service's name.
fn sc_of(e: &PersistenceEvent) -> Option<(&crate::ToolInvocation, &str)> {
    let inv = e.detail.invocation.as_ref()?;
    let name = e.detail.service_name.as_deref().filter(|n| !n.is_empty())?;
    matches!(inv.tool.as_str(), "sc" | "powershell").then_some((inv, name))
}

/// sc's `type=` word (`own`, `share`, `kernel`, `filesys`, `rec`, `interact`) → the `Type`
/// value.
fn sc_type_code(t: &str) -> Option<u32> {
    Some(match t.trim().to_ascii_lowercase().as_str() {
        "own" | "userown" => 0x10,
        "share" | "usershare" => 0x20,
        "kernel" => 0x1,
        "filesys" => 0x2,
        "rec" => 0x8,
        "interact" => 0x110,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WindowsDetail;
    use foothold_core::Timestamp;

    /// A process-creation record (4688) of `line` at `t`, tied as the log reader ties it.
    fn run(line: &str, t: &str, id: u32) -> PersistenceEvent {
        let inv = crate::parse_invocation(line);
        let here = inv.as_ref().filter(|i| i.remote_host.is_none());
        PersistenceEvent {
            event_id: Some(id),
            timestamp: Timestamp::parse_rfc3339(t),
            command_line: Some(line.into()),
            detail: WindowsDetail {
                task_name: here.and_then(|i| i.task_name.clone()),
                service_name: here.and_then(|i| i.service_name.clone()),
                invocation: inv,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn security(id: u32, name: &str, t: &str) -> PersistenceEvent {
        PersistenceEvent {
            event_id: Some(id),
            timestamp: Timestamp::parse_rfc3339(t),
            detail: WindowsDetail {
                task_name: Some(name.into()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn a_task_only_command_lines_saw() {
        let evs = [
            run(
                r#"schtasks /create /tn backdoor /tr "C:\Users\Public\m.exe -q" /sc minute /mo 5 /ru SYSTEM"#,
                "2026-12-01T10:00:00Z",
                4688,
            ),
            run(
                r"schtasks /delete /tn backdoor /f",
                "2026-12-01T10:05:00Z",
                4688,
            ),
            // The same deletion as Sysmon saw it.
            run(
                r"schtasks /delete /tn backdoor /f",
                "2026-12-01T10:05:00Z",
                1,
            ),
            // Sent to another machine: no task of this one.
            run(
                r"schtasks /create /s fs02 /tn other /tr x.exe /sc daily",
                "2026-12-01T10:06:00Z",
                4688,
            ),
        ];
        let refs: Vec<&PersistenceEvent> = evs.iter().collect();
        let got = tasks_from_events(&refs, Some(&[]));
        assert_eq!(got.len(), 1, "{got:#?}");
        let t = &got[0];
        assert_eq!(t.task.name, r"\backdoor");
        assert_eq!(t.events, [0, 1, 2]);
        assert_eq!(t.content_event, Some(0));
        assert_eq!(
            t.task.actions[0].command.as_deref(),
            Some(r"C:\Users\Public\m.exe")
        );
        assert_eq!(t.task.actions[0].arguments.as_deref(), Some("-q"));
        assert_eq!(t.task.triggers[0].interval.as_deref(), Some("PT5M"));
        assert_eq!(
            crate::trigger_frequency(&t.task.triggers[0]).interval_seconds,
            Some(300)
        );
        assert_eq!(
            t.task.principal.as_ref().and_then(|p| p.user_id.as_deref()),
            Some("SYSTEM")
        );
        assert_eq!(
            t.recovered.created.unwrap().to_string(),
            "2026-12-01T10:00:00Z"
        );
        assert_eq!(
            t.recovered.deleted.unwrap().to_string(),
            "2026-12-01T10:05:00Z"
        );
        assert_eq!(
            t.recovered.notes,
            ["command_line_only", "defined_by_command_line"]
        );
        // Still on the volume: nothing rebuilt from a creation alone.
        let live = ScheduledTask {
            name: r"\Backdoor".into(),
            ..ScheduledTask::default()
        };
        assert!(tasks_from_events(&refs[..1], Some(&[&live])).is_empty());
        // Not read: only ended lives.
        assert!(tasks_from_events(&refs[..1], None).is_empty());
        assert_eq!(tasks_from_events(&refs[..2], None).len(), 1);
    }

    #[test]
    fn security_records_bound_the_life_when_there_are_some() {
        let evs = [
            run(
                r"schtasks /create /tn t1 /tr c.exe /sc onstart",
                "2026-12-01T10:00:00Z",
                4688,
            ),
            security(4698, r"\t1", "2026-12-01T10:00:01Z"),
            run(r"schtasks /delete /tn t1 /f", "2026-12-01T10:01:00Z", 4688),
            security(4699, r"\t1", "2026-12-01T10:01:01Z"),
            // Logged after the 4699 by the other log.
            run(r"schtasks /delete /tn t1 /f", "2026-12-01T10:01:02Z", 1),
        ];
        let refs: Vec<&PersistenceEvent> = evs.iter().collect();
        let got = tasks_from_events(&refs, Some(&[]));
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].events, [0, 1, 2, 3, 4]);
        assert_eq!(
            got[0].recovered.created.unwrap().to_string(),
            "2026-12-01T10:00:01Z"
        );
        assert_eq!(
            got[0].recovered.deleted.unwrap().to_string(),
            "2026-12-01T10:01:01Z"
        );
        // The 4698 has no content here: the command line defines it.
        assert_eq!(got[0].recovered.notes, ["defined_by_command_line"]);
        assert_eq!(got[0].task.triggers[0].kind, crate::TriggerKind::Boot);
    }

    #[test]
    fn services_sc_created_and_deleted() {
        let install = PersistenceEvent {
            event_id: Some(7045),
            timestamp: Timestamp::parse_rfc3339("2026-12-01T09:00:00Z"),
            detail: WindowsDetail {
                service_name: Some("updsvc".into()),
                image_path: Some(r"C:\ProgramData\u.exe".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let evs = [
            run(
                r#"sc.exe create evil binPath= "C:\Users\Public\e.exe -k" start= delayed-auto obj= LocalSystem type= own"#,
                "2026-12-01T10:00:00Z",
                4688,
            ),
            run(
                r"sc.exe create evil binPath= C:\x.exe",
                "2026-12-01T10:00:00Z",
                1,
            ),
            run(r"sc delete evil", "2026-12-01T10:02:00Z", 4688),
            run(r"sc delete evil", "2026-12-01T10:02:00Z", 1),
            install,
            run(r"sc delete updsvc", "2026-12-01T11:00:00Z", 4688),
            run(r"sc delete gone", "2026-12-01T12:00:00Z", 4688),
            // A live service's change is no rebuilt service.
            run(
                r"sc config Spooler start= auto",
                "2026-12-01T12:00:00Z",
                4688,
            ),
        ];
        let refs: Vec<&PersistenceEvent> = evs.iter().collect();
        let spooler = Service {
            name: "Spooler".into(),
            ..Service::default()
        };
        let got = services_from_events(&refs, Some(&[&spooler]));
        let names: Vec<&str> = got.iter().map(|s| s.service.name.as_str()).collect();
        // (A deletion alone has no creation time: it sorts first.)
        assert_eq!(names, ["gone", "updsvc", "evil"], "{got:#?}");
        let upd = &got[1];
        assert_eq!(upd.events, [4, 5]);
        assert_eq!(
            upd.recovered.deleted.unwrap().to_string(),
            "2026-12-01T11:00:00Z"
        );
        assert!(upd.recovered.notes.is_empty());
        let evil = &got[2];
        assert_eq!(evil.events, [0, 1, 2, 3]);
        assert_eq!(
            evil.service.image_path.as_deref(),
            Some(r"C:\Users\Public\e.exe -k")
        );
        assert_eq!(
            (
                evil.service.start,
                evil.service.delayed_autostart,
                evil.service.service_type
            ),
            (Some(2), Some(true), Some(0x10))
        );
        assert_eq!(evil.service.object_name.as_deref(), Some("LocalSystem"));
        assert_eq!(
            evil.recovered.deleted.unwrap().to_string(),
            "2026-12-01T10:02:00Z"
        );
        assert_eq!(
            evil.recovered.notes,
            ["command_line_only", "defined_by_command_line"]
        );
        assert_eq!(
            got[0].recovered.notes,
            ["no_creation_event", "command_line_only", "content_unknown"]
        );
    }
}
