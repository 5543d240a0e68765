//! Windows scheduled tasks: every file under `\Windows\System32\Tasks` (any depth) and
//! `\Windows\Tasks\*.job`, parsed in parallel and reconciled by task name.
use super::{
    ErrorRecord, EventRecord, EventRef, Report, ScanSet, ScheduledTaskRecord, ServiceRecord,
    Source, VolumeCtx,
};
use foothold_fs::{Entry, EntryFlag, EntryKind, FileSystem};
use foothold_windows::{
    parse_evtx, parse_job, parse_services, parse_task_cache, parse_task_xml, replay_logs,
    RegistryHive, Replay, ScheduledTask, TaskCacheEntry, MAX_TASK_FILE,
};
use rayon::prelude::*;

const TASKS_DIR: &str = "/Windows/System32/Tasks";
const JOBS_DIR: &str = "/Windows/Tasks";
const SOFTWARE: &str = "/Windows/System32/config/SOFTWARE";
const SYSTEM: &str = "/Windows/System32/config/SYSTEM";
const LOGS_DIR: &str = "/Windows/System32/winevt/Logs";
/// Largest event log read.
const MAX_EVTX: u64 = 4 << 30;
/// Largest hive read into memory.
const MAX_HIVE: u64 = 2 << 30;

/// Every file below `dir` with its path relative to `dir` (`a/b/c`); directories once.
/// What the listings could not read becomes error records.
fn files_below(
    ctx: &VolumeCtx,
    dir: &Entry,
    errors: &mut Vec<ErrorRecord>,
) -> Vec<(String, Entry)> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::from([dir.entry]);
    let mut stack = vec![(String::new(), dir.clone())];
    while let Some((rel, d)) = stack.pop() {
        for c in ctx.list_dir(&d, errors) {
            let r = if rel.is_empty() {
                c.name.clone()
            } else {
                format!("{rel}/{}", c.name)
            };
            match c.kind {
                EntryKind::Dir if seen.insert(c.entry) => stack.push((r, c)),
                EntryKind::Dir => {}
                // Its unreadable record is already an error record.
                _ if c.flags.contains(&EntryFlag::RecordUnreadable) => {}
                _ => out.push((r, c)),
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Read one task file (XML or `.job`) and parse it into a record named `name`.
fn task_record(
    ctx: &VolumeCtx,
    path: String,
    e: &Entry,
    name: String,
    parse: fn(&[u8]) -> foothold_windows::Result<ScheduledTask>,
) -> Result<ScheduledTaskRecord, Box<ErrorRecord>> {
    let fail = |m: String| Box::new(ctx.error(&path, Some(e), None, m));
    let bytes = ctx
        .fs
        .read_all(e, None, MAX_TASK_FILE as u64)
        .map_err(|x| fail(x.to_string()))?;
    let mut task = parse(&bytes).map_err(|x| fail(x.to_string()))?;
    task.name = name;
    Ok(ScheduledTaskRecord {
        task,
        source: ctx.source(&path, Some(e), None),
        job_source: None,
        events: Vec::new(),
    })
}

fn task_name(rel: &str) -> String {
    format!("\\{}", rel.replace('/', "\\"))
}

pub(crate) fn scan(ctx: &VolumeCtx, report: &mut Report) {
    let mut walk_errors = Vec::new();
    let xml_files = match ctx.find(TASKS_DIR, &mut walk_errors) {
        Some(d) => files_below(ctx, &d, &mut walk_errors),
        None => Vec::new(),
    };
    let job_files: Vec<(String, Entry)> = match ctx.find(JOBS_DIR, &mut walk_errors) {
        Some(d) => ctx
            .list_dir(&d, &mut walk_errors)
            .into_iter()
            .filter(|e| {
                e.kind == EntryKind::File
                    && !e.flags.contains(&EntryFlag::RecordUnreadable)
                    && e.name.to_ascii_lowercase().ends_with(".job")
            })
            .map(|e| (e.name.clone(), e))
            .collect(),
        None => Vec::new(),
    };
    let parsed: Vec<Result<ScheduledTaskRecord, Box<ErrorRecord>>> = xml_files
        .par_iter()
        .map(|(rel, e)| {
            let mut r = task_record(
                ctx,
                format!("{TASKS_DIR}/{rel}"),
                e,
                task_name(rel),
                parse_task_xml,
            )?;
            let task = &mut r.task;
            if let Some(uri) = &task.uri {
                let uri = if uri.starts_with('\\') {
                    uri.clone()
                } else {
                    format!("\\{uri}")
                };
                if !uri.eq_ignore_ascii_case(&task.name) {
                    task.flags.push("uri_path_mismatch".into());
                }
            }
            Ok(r)
        })
        .collect();
    let jobs: Vec<Result<ScheduledTaskRecord, Box<ErrorRecord>>> = job_files
        .par_iter()
        .map(|(name, e)| {
            task_record(
                ctx,
                format!("{JOBS_DIR}/{name}"),
                e,
                task_name(&name[..name.len() - 4]),
                parse_job,
            )
        })
        .collect();

    let mut tasks: Vec<ScheduledTaskRecord> = Vec::new();
    for r in parsed {
        match r {
            Ok(t) => tasks.push(t),
            Err(e) => report.errors.push(*e),
        }
    }
    // A .job whose task also has an XML definition joins that record.
    for r in jobs {
        match r {
            Ok(j) => match tasks
                .iter_mut()
                .find(|t| t.task.name.eq_ignore_ascii_case(&j.task.name))
            {
                Some(t) => {
                    t.task.sources.push("job".into());
                    t.task.job = j.task.job;
                    t.job_source = Some(j.source);
                }
                None => tasks.push(j),
            },
            Err(e) => report.errors.push(*e),
        }
    }
    task_cache(ctx, &mut tasks, report);
    report.scheduled_tasks.extend(tasks);
    report.errors.extend(walk_errors);
}

/// The first exec action as `command arguments`, lower-cased, for comparing sources.
fn exec_line(actions: &[foothold_windows::TaskAction]) -> Option<String> {
    actions.iter().find(|a| a.kind == "exec").map(|a| {
        format!(
            "{} {}",
            a.command.as_deref().unwrap_or(""),
            a.arguments.as_deref().unwrap_or("")
        )
        .trim()
        .to_lowercase()
    })
}

/// A hive of the volume, with its transaction logs replayed when it is dirty.
struct LoadedHive {
    entry: Entry,
    hive: RegistryHive,
    replay: Replay,
}

/// Load a hive file of the volume; a missing file is `None`, an unreadable one an error
/// record. A dirty hive gets its `.LOG1`/`.LOG2` replayed; when no log brings it up to date
/// it is read as it is, with an error record saying so.
fn load_hive(ctx: &VolumeCtx, path: &str, report: &mut Report) -> Option<LoadedHive> {
    let fs: &dyn FileSystem = &**ctx.fs;
    let entry = ctx.find(path, &mut report.errors)?;
    let mut bytes = match fs.read_all(&entry, None, MAX_HIVE) {
        Ok(b) => b,
        Err(e) => {
            report
                .errors
                .push(ctx.error(path, Some(&entry), None, e.to_string()));
            return None;
        }
    };
    let logs: Vec<(String, Vec<u8>)> = ["LOG1", "LOG2"]
        .iter()
        .filter_map(|ext| {
            let log = format!("{path}.{ext}");
            let e = fs.lookup(&log).ok()?;
            fs.read_all(&e, None, MAX_HIVE).ok().map(|b| (log, b))
        })
        .collect();
    let replay = replay_logs(&mut bytes, &logs);
    for p in &replay.problems {
        report
            .errors
            .push(ctx.error(path, Some(&entry), None, format!("transaction log: {p}")));
    }
    if replay.dirty && replay.last_sequence.is_none() {
        report.errors.push(ctx.error(
            path,
            Some(&entry),
            None,
            "hive is dirty and no transaction log could be replayed: recent changes may be missing",
        ));
    }
    match RegistryHive::new(bytes) {
        Ok(hive) => Some(LoadedHive {
            entry,
            hive,
            replay,
        }),
        Err(e) => {
            report
                .errors
                .push(ctx.error(path, Some(&entry), None, e.to_string()));
            None
        }
    }
}

/// The source of a record that lives in a hive key.
fn hive_source(ctx: &VolumeCtx, path: &str, h: &LoadedHive, key: &str) -> Source {
    let mut s = ctx.source(path, Some(&h.entry), None);
    s.key = Some(key.to_string());
    s.hive = Some(h.replay.clone());
    s
}

/// Every service of every control set in the SYSTEM hive.
pub(crate) fn services(ctx: &VolumeCtx, report: &mut Report) {
    let Some(h) = load_hive(ctx, SYSTEM, report) else {
        return;
    };
    for service in parse_services(&h.hive) {
        let source = hive_source(ctx, SYSTEM, &h, &service.key);
        report.services.push(ServiceRecord {
            service,
            source,
            events: Vec::new(),
        });
    }
    hive_problems(ctx, SYSTEM, &h, report);
}

/// What reading a hive had to skip (damaged cells), as error records naming the hive.
fn hive_problems(ctx: &VolumeCtx, path: &str, h: &LoadedHive, report: &mut Report) {
    for p in h.hive.problems() {
        report.errors.push(ErrorRecord {
            source: {
                let mut s = ctx.source(path, Some(&h.entry), None);
                s.hive = Some(h.replay.clone());
                s
            },
            offset: None,
            message: format!("damaged hive cell skipped: {p}"),
        });
    }
}

/// Join the SOFTWARE hive's TaskCache to the tasks found as files, and add the tasks that
/// exist only in the registry.
fn task_cache(ctx: &VolumeCtx, tasks: &mut Vec<ScheduledTaskRecord>, report: &mut Report) {
    let Some(h) = load_hive(ctx, SOFTWARE, report) else {
        return;
    };
    let entries: Vec<TaskCacheEntry> = match parse_task_cache(&h.hive) {
        Ok(e) => e,
        Err(e) => {
            report.errors.push(ctx.error(
                SOFTWARE,
                Some(&h.entry),
                None,
                format!("TaskCache: {e}"),
            ));
            hive_problems(ctx, SOFTWARE, &h, report);
            return;
        }
    };
    hive_problems(ctx, SOFTWARE, &h, report);
    if entries.is_empty() {
        return;
    }
    let hive_source = |key: &str| hive_source(ctx, SOFTWARE, &h, key);
    let mut matched = vec![false; tasks.len()];
    for e in entries {
        for m in &e.errors {
            report.errors.push(ErrorRecord {
                source: hive_source(e.task_key.as_deref().unwrap_or(&e.tree_key)),
                offset: None,
                message: m.clone(),
            });
        }
        let mut flags = Vec::new();
        if !e.tree_key.is_empty() && !e.has_security_descriptor {
            flags.push("no_security_descriptor".to_string());
        }
        if e.index == Some(0) {
            flags.push("index_zero".to_string());
        }
        match tasks
            .iter()
            .position(|t| t.task.name.eq_ignore_ascii_case(&e.name))
        {
            Some(i) => {
                matched[i] = true;
                let t = &mut tasks[i];
                if exec_line(&t.task.actions).is_some()
                    && exec_line(&e.actions).is_some()
                    && exec_line(&t.task.actions) != exec_line(&e.actions)
                {
                    flags.push("xml_registry_mismatch".to_string());
                }
                t.task.sources.push("taskcache".into());
                t.task.flags.extend(flags);
                t.task.taskcache = Some(e);
            }
            None => {
                flags.insert(0, "registry_only".to_string());
                // Enabled, hidden, the account and the triggers live in the Triggers blob.
                let blob = e.triggers.clone();
                if blob.is_none() {
                    flags.push("enabled_not_decoded".to_string());
                }
                if blob.as_ref().is_some_and(|b| b.hidden) {
                    flags.push("hidden_setting".to_string());
                }
                if e.tree_key.is_empty() {
                    flags.push("no_tree_key".to_string());
                }
                let key = if e.tree_key.is_empty() {
                    e.task_key.clone().unwrap_or_default()
                } else {
                    e.tree_key.clone()
                };
                let principal = blob.as_ref().and_then(|b| {
                    let user = b.user_name.clone().or_else(|| b.user_sid.clone());
                    (user.is_some() || b.principal_id.is_some()).then(|| {
                        foothold_windows::Principal {
                            id: b.principal_id.clone(),
                            user_id: user,
                            display_name: b.display_name.clone(),
                            run_level: b
                                .flag_names
                                .iter()
                                .any(|f| f == "run_level_highest_available")
                                .then(|| "HighestAvailable".to_string()),
                            ..foothold_windows::Principal::default()
                        }
                    })
                });
                let task = ScheduledTask {
                    name: e.name.clone(),
                    // Without a decoded blob nothing says otherwise: the service runs it.
                    enabled: blob.as_ref().is_none_or(|b| b.enabled),
                    hidden: blob.as_ref().is_some_and(|b| b.hidden),
                    principal,
                    triggers: blob.map(|b| b.triggers).unwrap_or_default(),
                    author: e.author.clone(),
                    date: e.date.clone(),
                    description: e.description.clone(),
                    uri: e.uri.clone(),
                    actions: e.actions.clone(),
                    sources: vec!["taskcache".into()],
                    flags,
                    taskcache: Some(e),
                    ..ScheduledTask::default()
                };
                tasks.push(ScheduledTaskRecord {
                    task,
                    source: hive_source(&key),
                    job_source: None,
                    events: Vec::new(),
                });
                matched.push(true);
            }
        }
    }
    for (t, m) in tasks.iter_mut().zip(matched) {
        if !m {
            t.task.flags.push("no_registry_entry".into());
        }
    }
}

/// Every `.evtx` in the logs folder, parsed in parallel; events are then tied to the tasks
/// and services of the same volume (when those families were scanned too).
pub(crate) fn events(ctx: &VolumeCtx, only: ScanSet, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let Some(dir) = ctx.find(LOGS_DIR, &mut report.errors) else {
        return;
    };
    let logs: Vec<Entry> = ctx
        .list_dir(&dir, &mut report.errors)
        .into_iter()
        .filter(|e| {
            e.kind == EntryKind::File
                && !e.flags.contains(&EntryFlag::RecordUnreadable)
                && e.name.to_ascii_lowercase().ends_with(".evtx")
        })
        .collect();
    let parsed: Vec<(String, Entry, Result<foothold_windows::EvtxScan, String>)> = logs
        .into_par_iter()
        .map(|e| {
            let path = format!("{LOGS_DIR}/{}", e.name);
            let r = fs
                .read_all(&e, None, MAX_EVTX)
                .map_err(|x| x.to_string())
                .and_then(|b| parse_evtx(b, false));
            (path, e, r)
        })
        .collect();
    let first = report.events.len();
    for (path, entry, r) in parsed {
        match r {
            Ok(scan) => {
                for m in scan.errors {
                    report.errors.push(ctx.error(&path, Some(&entry), None, m));
                }
                for event in scan.events {
                    let mut source = ctx.source(&path, Some(&entry), None);
                    source.record_id = Some(event.record_id);
                    report.events.push(EventRecord { event, source });
                }
            }
            Err(m) => report.errors.push(ctx.error(&path, Some(&entry), None, m)),
        }
    }
    // Tie events to the objects they name; "missing" only where that family was read here.
    let have_tasks = only.tasks
        && report
            .scheduled_tasks
            .iter()
            .any(|t| t.source.volume == ctx.volume);
    let have_services = only.services
        && report
            .services
            .iter()
            .any(|s| s.source.volume == ctx.volume);
    for ev in &mut report.events[first..] {
        let r = EventRef {
            event_id: ev.event.event_id,
            record_id: ev.event.record_id,
            timestamp: ev.event.timestamp,
            user: ev.event.user.clone().or_else(|| ev.event.user_sid.clone()),
            path: ev.source.path.clone(),
        };
        if let Some(name) = &ev.event.task_name {
            if have_tasks {
                match report.scheduled_tasks.iter_mut().find(|t| {
                    t.source.volume == ctx.volume && t.task.name.eq_ignore_ascii_case(name)
                }) {
                    Some(t) => t.events.push(r),
                    None => ev.event.object_missing = true,
                }
            }
        } else if let Some(name) = &ev.event.service_name {
            if have_services {
                let mut found = false;
                // 4697 names the service key; 7045 names it by its display name.
                for s in report.services.iter_mut().filter(|s| {
                    s.source.volume == ctx.volume
                        && (s.service.name.eq_ignore_ascii_case(name)
                            || s.service
                                .display_name
                                .as_deref()
                                .is_some_and(|d| d.eq_ignore_ascii_case(name)))
                }) {
                    s.events.push(r.clone());
                    found = true;
                }
                ev.event.object_missing = !found;
            }
        }
    }
}
