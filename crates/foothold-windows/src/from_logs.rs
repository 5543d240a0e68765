//! Tasks and services that lived only in the event logs: a task created (4698) and deleted
//! (4699) — atexec's and smbexec's pattern — or one whose file and TaskCache entry are gone,
//! and a service installed (7045/4697) whose key is gone, rebuilt from the records' own copy of
//! their definition.
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

fn ordered<'a>(events: &'a [&PersistenceEvent], ids: &[u32]) -> Vec<(usize, &'a PersistenceEvent)> {
    let mut v: Vec<(usize, &PersistenceEvent)> = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.event_id.is_some_and(|id| ids.contains(&id)))
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
    for (i, e) in ordered(events, &[4698, 4699, 4702]) {
        if let Some(n) = e.detail.task_name.as_deref().filter(|n| !n.is_empty()) {
            by_name.entry(n.to_lowercase()).or_default().push((i, e));
        }
    }
    let mut out = Vec::new();
    for (lower, evs) in by_name {
        let is_live = live.is_some_and(|l| l.iter().any(|t| t.name.to_lowercase() == lower));
        let mut life: Vec<(usize, &PersistenceEvent)> = Vec::new();
        for (i, e) in evs {
            life.push((i, e));
            if e.event_id == Some(4699) {
                out.push(build(std::mem::take(&mut life)));
            }
        }
        if !life.is_empty() && live.is_some() && !is_live {
            let mut t = build(life);
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

fn build(life: Vec<(usize, &PersistenceEvent)>) -> LogTask {
    let name = life
        .iter()
        .find_map(|(_, e)| e.detail.task_name.clone())
        .unwrap_or_default();
    let created = life
        .iter()
        .find(|(_, e)| e.event_id == Some(4698))
        .and_then(|(_, e)| e.timestamp);
    let deleted = life
        .iter()
        .rev()
        .find(|(_, e)| e.event_id == Some(4699))
        .and_then(|(_, e)| e.timestamp);
    // The last definition recorded in the life.
    let defined = life
        .iter()
        .rev()
        .find_map(|(i, e)| content(e).map(|t| (*i, t)));
    let mut notes = Vec::new();
    if !life.iter().any(|(_, e)| e.event_id == Some(4698)) {
        notes.push("no_creation_event".to_string());
    }
    if life.iter().any(|(_, e)| e.event_id == Some(4702)) {
        notes.push("updated".to_string());
    }
    let (content_event, mut task) = match defined {
        Some((i, t)) => (Some(i), t),
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

/// `auto start`, `demand start`, `0x2`, `3` → the `Start` value.
fn start_code(s: &str) -> Option<u32> {
    let l = s.trim().to_ascii_lowercase();
    Some(match l.as_str() {
        "boot start" => 0,
        "system start" => 1,
        "auto start" => 2,
        "demand start" => 3,
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
    let mut groups: BTreeMap<(String, String), Vec<(usize, &PersistenceEvent)>> = BTreeMap::new();
    for (i, e) in ordered(events, &[7045, 4697]) {
        let Some(name) = e.detail.service_name.as_deref().filter(|n| !n.is_empty()) else {
            continue;
        };
        let present = live.iter().any(|s| {
            s.name.eq_ignore_ascii_case(name)
                || s.display_name
                    .as_deref()
                    .is_some_and(|d| d.eq_ignore_ascii_case(name))
        });
        if present {
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
                    name,
                    image_path_resolved: d
                        .image_path
                        .as_deref()
                        .and_then(crate::service::resolve_image_path),
                    image_path: d.image_path.clone(),
                    type_names: service_type
                        .map(crate::service::type_names)
                        .unwrap_or_default(),
                    service_type,
                    start_name: start.map(|s| crate::service::start_word(s).to_string()),
                    start,
                    object_name: d.account.clone(),
                    ..Service::default()
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
    out.sort_by_key(|s| (s.recovered.created, s.events.first().copied()));
    out
}
