//! Windows scheduled tasks: every file under `\Windows\System32\Tasks` (any depth) and
//! `\Windows\Tasks\*.job`, parsed in parallel and reconciled by task name.
use super::{
    AccountRecord, ErrorRecord, EventRecord, Report, ScheduledTaskRecord, ServiceRecord,
    SessionRecord, Source, VolumeCtx,
};
use crate::{Family, ScanSet};
use foothold_fs::{Entry, EntryFlag, EntryKind, FileSystem};
use foothold_windows::{
    correlate_events, parse_evtx, parse_job, parse_services, parse_task_cache, parse_task_xml,
    reconcile_tasks, replay_logs, EventTarget, RegistryHive, Replay, ScheduledTask, TaskCacheEntry,
    TaskOrigin, MAX_TASK_FILE,
};
use rayon::prelude::*;

const TASKS_DIR: &str = "/Windows/System32/Tasks";
const JOBS_DIR: &str = "/Windows/Tasks";
const SOFTWARE: &str = "/Windows/System32/config/SOFTWARE";
const SYSTEM: &str = "/Windows/System32/config/SYSTEM";
const LOGS_DIR: &str = "/Windows/System32/winevt/Logs";
/// Largest event log read.
pub(crate) const MAX_EVTX: u64 = 4 << 30;
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
    Ok(ScheduledTaskRecord::new(
        task,
        ctx.source(&path, Some(e), None),
    ))
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
            task_record(
                ctx,
                format!("{TASKS_DIR}/{rel}"),
                e,
                task_name(rel),
                parse_task_xml,
            )
        })
        .collect();
    let jobs: Vec<Result<ScheduledTaskRecord, Box<ErrorRecord>>> = job_files
        .par_iter()
        .map(|(name, e)| {
            task_record(
                ctx,
                format!("{JOBS_DIR}/{name}"),
                e,
                task_name(name.get(..name.len().saturating_sub(4)).unwrap_or(name)),
                parse_job,
            )
        })
        .collect();
    let mut split = |list: Vec<Result<ScheduledTaskRecord, Box<ErrorRecord>>>| {
        let mut tasks = Vec::new();
        let mut sources = Vec::new();
        for r in list {
            match r {
                Ok(t) => {
                    tasks.push(t.task);
                    sources.push(t.source);
                }
                Err(e) => report.errors.push(*e),
            }
        }
        (tasks, sources)
    };
    let (xml, xml_sources) = split(parsed);
    let (jobs, job_sources) = split(jobs);
    // The TaskCache, when there is a SOFTWARE hive with one; reconciliation is pure
    // (foothold_windows::reconcile_tasks), provenance is attached here.
    let cache = task_cache(ctx, report);
    let r = reconcile_tasks(
        xml,
        jobs,
        cache.as_ref().map(|(entries, _)| entries.clone()),
    );
    if let Some((_, h)) = &cache {
        for (key, m) in r.cache_errors {
            report.errors.push(ErrorRecord {
                source: hive_source(ctx, SOFTWARE, h, &key),
                offset: None,
                message: m,
            });
        }
    }
    for t in r.tasks {
        let source = match &t.origin {
            TaskOrigin::Xml(i) => xml_sources[*i].clone(),
            TaskOrigin::Job(j) => job_sources[*j].clone(),
            TaskOrigin::Registry { key } => match &cache {
                Some((_, h)) => hive_source(ctx, SOFTWARE, h, key),
                None => ctx.source(SOFTWARE, None, None),
            },
        };
        report.scheduled_tasks.push(ScheduledTaskRecord {
            job_source: t.job.map(|j| job_sources[j].clone()),
            ..ScheduledTaskRecord::new(t.task, source)
        });
    }
    // TaskCache keys deleted but left in the hive's unallocated cells.
    if let Some((_, h)) = &cache {
        for (task, key) in foothold_windows::deleted_cache_tasks(&h.hive) {
            let complete = task
                .taskcache
                .as_ref()
                .is_some_and(|c| c.errors.is_empty() && !c.actions.is_empty());
            report.scheduled_tasks.push(ScheduledTaskRecord {
                recovered: Some(hive_recovered(complete)),
                ..ScheduledTaskRecord::new(task, hive_source(ctx, SOFTWARE, h, &key))
            });
        }
    }
    report.errors.extend(walk_errors);
    gpo_tasks(ctx, report);
    deleted_tasks(ctx, report);
}

/// Where Group Policy Preferences are: a domain controller's SYSVOL, and a member's caches
/// of the policies applied to it.
const GPO_ROOTS: [&str; 3] = [
    "/Windows/SYSVOL",
    "/ProgramData/Microsoft/Group Policy/History",
    "/Windows/System32/GroupPolicy/DataStore",
];

/// Every Group Policy Preferences file named `name` below [`GPO_ROOTS`]: its path, entry,
/// bytes (or why they could not be read), and the policy (`{GUID}` folder) and side
/// (`Machine`, or `User` and a member's per-SID history) its path names.
type GpoFile = (
    String,
    Entry,
    Result<Vec<u8>, String>,
    Option<String>,
    Option<String>,
);

/// The files Group Policy Preferences deploy tasks and services from.
const GPO_FILES: [&str; 2] = ["ScheduledTasks.xml", "Services.xml"];

fn gpo_files(ctx: &VolumeCtx, name: &str, errors: &mut Vec<ErrorRecord>) -> Vec<GpoFile> {
    // One walk of the roots serves both files (and its errors are said once, by whichever
    // scan asks first).
    let found = ctx.gpo.get_or_init(|| {
        let mut found = Vec::new();
        for root in GPO_ROOTS {
            let Some(dir) = ctx.find(root, errors) else {
                continue;
            };
            for (rel, e) in files_below(ctx, &dir, errors) {
                if GPO_FILES.iter().any(|f| e.name.eq_ignore_ascii_case(f)) {
                    found.push((format!("{root}/{rel}"), e));
                }
            }
        }
        found
    });
    let mut out = Vec::new();
    for (path, e) in found {
        if !e.name.eq_ignore_ascii_case(name) {
            continue;
        }
        let bytes = ctx
            .fs
            .read_all(e, None, MAX_TASK_FILE as u64)
            .map_err(|x| x.to_string());
        let comps: Vec<&str> = path.split('/').collect();
        let policy = comps
            .iter()
            .rev()
            .find(|c| c.starts_with('{') && c.ends_with('}'))
            .map(|c| c.to_string());
        let side = comps.iter().rev().find_map(|c| {
            if c.eq_ignore_ascii_case("Machine") {
                Some("machine".to_string())
            } else if c.eq_ignore_ascii_case("User") || c.starts_with("S-1-") {
                Some("user".to_string())
            } else {
                None
            }
        });
        out.push((path.clone(), e.clone(), bytes, policy, side));
    }
    out
}

/// The tasks Group Policy deploys: every `ScheduledTasks.xml` below [`GPO_ROOTS`], each item
/// a task record with its `gpo` item.
fn gpo_tasks(ctx: &VolumeCtx, report: &mut Report) {
    let mut errors = Vec::new();
    let first = report.scheduled_tasks.len();
    for (path, e, bytes, policy, side) in gpo_files(ctx, "ScheduledTasks.xml", &mut errors) {
        let parsed = bytes.and_then(|b| {
            foothold_windows::parse_gpp_scheduled_tasks(&b).map_err(|x| x.to_string())
        });
        match parsed {
            Ok((items, problems)) => {
                for (task, mut gpo) in items {
                    gpo.policy = policy.clone();
                    gpo.side = side.clone();
                    report.scheduled_tasks.push(ScheduledTaskRecord {
                        gpo: Some(gpo),
                        ..ScheduledTaskRecord::new(task, ctx.source(&path, Some(&e), None))
                    });
                }
                // An item that could not be read costs only itself, and is said.
                errors.extend(
                    problems
                        .into_iter()
                        .map(|m| ctx.error(&path, Some(&e), None, m)),
                );
            }
            Err(m) => errors.push(ctx.error(&path, Some(&e), None, m)),
        }
    }
    report.errors.extend(errors);
    gpo_made_tasks(ctx, report, first);
}

/// An item of a member's cache of its policies (not SYSVOL: a domain controller does not
/// apply every policy it serves) whose task is on the machine
/// (`foothold_windows::gpo_deployed_tasks`): one record — the live task, with the item as its
/// `gpo`, `gpo` among its `sources`, the item's file as `gpo_source`, and
/// `gpo_item_differs` when they run something else. Items from `first` on are this
/// volume's.
fn gpo_made_tasks(ctx: &VolumeCtx, report: &mut Report, first: usize) {
    let tasks = &report.scheduled_tasks;
    let live: Vec<usize> = (0..first)
        .filter(|&i| {
            let t = &tasks[i];
            t.source.volume == ctx.volume && t.gpo.is_none() && t.recovered.is_none()
        })
        .collect();
    let pairs = {
        // (record index, task, item) of each item: `gpo_deployed_tasks` answers in their
        // order.
        let items: Vec<(usize, &ScheduledTask, &foothold_windows::GpoItem)> = (first..tasks.len())
            .filter(|&i| !tasks[i].source.path.starts_with("/Windows/SYSVOL"))
            .filter_map(|i| Some((i, &tasks[i].task, tasks[i].gpo.as_ref()?)))
            .collect();
        let live_refs: Vec<&ScheduledTask> = live.iter().map(|&i| &tasks[i].task).collect();
        let item_refs: Vec<(&ScheduledTask, &foothold_windows::GpoItem)> =
            items.iter().map(|&(_, t, g)| (t, g)).collect();
        foothold_windows::gpo_deployed_tasks(&live_refs, &item_refs)
            .into_iter()
            .map(|(i, l, differs)| (items[i].0, live[l], differs))
            .collect::<Vec<_>>()
    };
    let mut merged = std::collections::BTreeSet::new();
    for (item, target, differs) in pairs {
        // A second item naming the same task stays a record of its own.
        if report.scheduled_tasks[target].gpo.is_some() {
            continue;
        }
        let from = report.scheduled_tasks[item].clone();
        let t = &mut report.scheduled_tasks[target];
        t.gpo = from.gpo;
        t.gpo_source = Some(from.source);
        t.task.sources.push(foothold_windows::TaskSource::Gpo);
        if differs {
            t.task
                .flags
                .push(foothold_windows::TaskFlag::GpoItemDiffers);
        }
        merged.insert(item);
    }
    let mut i = 0usize;
    report.scheduled_tasks.retain(|_| {
        let keep = !merged.contains(&i);
        i += 1;
        keep
    });
}

/// The services Group Policy configures: every `Services.xml` below [`GPO_ROOTS`], each
/// `NTService` item a service record with its `gpo` item.
fn gpo_services(ctx: &VolumeCtx, report: &mut Report) {
    let mut errors = Vec::new();
    for (path, e, bytes, policy, side) in gpo_files(ctx, "Services.xml", &mut errors) {
        let parsed =
            bytes.and_then(|b| foothold_windows::parse_gpp_services(&b).map_err(|x| x.to_string()));
        match parsed {
            Ok(items) => {
                for (service, mut gpo) in items {
                    gpo.policy = policy.clone();
                    gpo.side = side.clone();
                    report.services.push(ServiceRecord {
                        gpo: Some(gpo),
                        ..ServiceRecord::new(service, ctx.source(&path, Some(&e), None))
                    });
                }
            }
            Err(m) => errors.push(ctx.error(&path, Some(&e), None, m)),
        }
    }
    report.errors.extend(errors);
}

/// Task files that were deleted but whose MFT records survive (`ls --deleted` lists them):
/// a deleted file below `\Windows\System32\Tasks` (or a deleted `.job` in `\Windows\Tasks`)
/// is read back — resident data from its record, clusters from its runs, with how many of
/// them another file holds now — and parsed by the same parsers, as a task with
/// `recovered: {from: "mft", confidence}`. Content that no longer parses is an error record
/// saying so. Deleted entries whose folder cannot be placed (`$OrphanFiles`) are not looked
/// at.
fn deleted_tasks(ctx: &VolumeCtx, report: &mut Report) {
    use foothold_core::{Recovered, RecoveredFrom};
    let fs: &dyn FileSystem = &**ctx.fs;
    let Some(deleted) = ctx.deleted("deleted task files", &mut report.errors) else {
        return;
    };
    let tasks_dir = format!("{}/", TASKS_DIR.to_ascii_lowercase());
    let jobs_dir = format!("{}/", JOBS_DIR.to_ascii_lowercase());
    let found: Vec<(&Entry, String, bool)> = deleted
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            let lower = e.path.to_ascii_lowercase();
            if lower.starts_with(&tasks_dir) {
                let rel = e.path.get(tasks_dir.len()..).unwrap_or_default();
                Some((e, task_name(rel), false))
            } else if lower.starts_with(&jobs_dir) && lower.ends_with(".job") {
                let rel = e.path.get(jobs_dir.len()..).unwrap_or_default();
                let stem = rel.get(..rel.len().saturating_sub(4)).unwrap_or(rel);
                Some((e, task_name(stem), true))
            } else {
                None
            }
        })
        .collect();
    for (e, name, job) in found {
        let what = format!("deleted task file (MFT entry {})", e.entry);
        let (bytes, confidence, mut notes) = match super::read_back(fs, e, MAX_TASK_FILE as u64) {
            Ok(x) => x,
            Err(m) => {
                report.errors.push(ctx.error(
                    &e.path,
                    Some(e),
                    None,
                    format!("{what}: unreadable: {m}"),
                ));
                continue;
            }
        };
        let parsed = if job {
            parse_job(&bytes)
        } else {
            parse_task_xml(&bytes)
        };
        match parsed {
            Ok(mut task) => {
                task.name = name;
                let live = report.scheduled_tasks.iter().any(|t| {
                    t.recovered.is_none()
                        && t.task.name.eq_ignore_ascii_case(&task.name)
                        && t.source.volume == ctx.volume
                });
                if live {
                    notes.push("a task of that name is on the volume (an earlier version?)".into());
                }
                report.scheduled_tasks.push(ScheduledTaskRecord {
                    recovered: Some(Recovered {
                        from: RecoveredFrom::Mft,
                        confidence: Some(confidence),
                        created: None,
                        deleted: e.times.deleted_time,
                        notes,
                    }),
                    ..ScheduledTaskRecord::new(task, ctx.source(&e.path, Some(e), None))
                });
            }
            Err(x) => report.errors.push(ctx.error(
                &e.path,
                Some(e),
                None,
                format!("{what}: its content ({confidence}) does not parse as a task: {x}"),
            )),
        }
    }
}

/// Hives loaded from one volume, by path (`None`: missing or unreadable, already reported).
pub(crate) type HiveCache =
    std::sync::Mutex<std::collections::HashMap<&'static str, Option<std::sync::Arc<LoadedHive>>>>;

/// A hive of the volume, with its transaction logs replayed when it is dirty.
pub(crate) struct LoadedHive {
    entry: Entry,
    hive: RegistryHive,
    replay: Replay,
}

/// Load a hive file of the volume; a missing file is `None`, an unreadable one an error
/// record. A dirty hive gets its `.LOG1`/`.LOG2` replayed; when no log brings it up to date
/// it is read as it is, with an error record saying so.
fn load_hive(
    ctx: &VolumeCtx,
    path: &'static str,
    report: &mut Report,
) -> Option<std::sync::Arc<LoadedHive>> {
    if let Some(h) = ctx.hives.lock().ok().and_then(|c| c.get(path).cloned()) {
        return h;
    }
    let h = read_hive(ctx, path, report).map(std::sync::Arc::new);
    if let Ok(mut c) = ctx.hives.lock() {
        c.insert(path, h.clone());
    }
    h
}

fn read_hive(ctx: &VolumeCtx, path: &str, report: &mut Report) -> Option<LoadedHive> {
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

/// The environment the volume's SYSTEM and SOFTWARE hives give programs (Windows' defaults
/// for what they do not say).
pub(crate) fn environment(
    ctx: &VolumeCtx,
    report: &mut Report,
) -> foothold_windows::WindowsEnvironment {
    let system = load_hive(ctx, SYSTEM, report);
    let software = load_hive(ctx, SOFTWARE, report);
    foothold_windows::WindowsEnvironment::from_hives(
        system.as_ref().map(|h| &h.hive),
        software.as_ref().map(|h| &h.hive),
    )
}

/// The image's time zone, from the SYSTEM hive.
pub(crate) fn time_zone(
    ctx: &VolumeCtx,
    report: &mut Report,
) -> Option<foothold_windows::TimeZoneInfo> {
    let system = load_hive(ctx, SYSTEM, report)?;
    foothold_windows::TimeZoneInfo::from_system_hive(&system.hive)
}

/// Every service of every control set in the SYSTEM hive.
pub(crate) fn services(ctx: &VolumeCtx, report: &mut Report) {
    let Some(h) = load_hive(ctx, SYSTEM, report) else {
        return;
    };
    for service in parse_services(&h.hive) {
        let source = hive_source(ctx, SYSTEM, &h, &service.key);
        report.services.push(ServiceRecord::new(service, source));
    }
    // Service keys deleted but left in the hive's unallocated cells.
    for service in foothold_windows::parse_deleted_services(&h.hive) {
        let source = hive_source(ctx, SYSTEM, &h, &service.key);
        let recovered =
            hive_recovered(service.image_path.is_some() || service.service_dll.is_some());
        report.services.push(ServiceRecord {
            recovered: Some(recovered),
            ..ServiceRecord::new(service, source)
        });
    }
    hive_problems(ctx, SYSTEM, &h, report);
    // Services a GPO configures (only beside the live ones: with no SYSTEM hive read, the
    // services the logs saw are rebuilt, and these must not stand in for the hive).
    gpo_services(ctx, report);
}

/// What a record rebuilt from a hive's unallocated cells says of itself: `intact` when
/// what runs (an image path, actions) was read back, else `partial`.
fn hive_recovered(runs_known: bool) -> foothold_core::Recovered {
    use foothold_core::Confidence;
    foothold_core::Recovered {
        from: foothold_core::RecoveredFrom::HiveUnallocated,
        confidence: Some(if runs_known {
            Confidence::Intact
        } else {
            Confidence::Partial
        }),
        created: None,
        deleted: None,
        notes: Vec::new(),
    }
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

/// The certificate stores of the machine whose roots it trusts (`ROOT`, the automatically
/// updated `AuthRoot`, the enterprise's `Root`), under the SOFTWARE hive.
const ROOT_STORES: [&str; 3] = [
    "Microsoft\\SystemCertificates\\ROOT\\Certificates",
    "Microsoft\\SystemCertificates\\AuthRoot\\Certificates",
    "Microsoft\\EnterpriseCertificates\\Root\\Certificates",
];

/// Most certificates read from the stores (a real machine has a few hundred).
const MAX_ROOTS: usize = 10_000;

/// The DER certificates of the machine's root stores: each `Certificates\THUMBPRINT` key's
/// `Blob`, a list of certificate properties (`u32` id, `u32` reserved, `u32` length, bytes)
/// of which property 32 (`CERT_CERT_PROP_ID`) is the certificate. Empty without a SOFTWARE
/// hive or stores; a blob that does not parse is skipped (its certificate is not trusted).
pub(crate) fn trust_roots(ctx: &VolumeCtx, report: &mut Report) -> Vec<Vec<u8>> {
    let Some(h) = load_hive(ctx, SOFTWARE, report) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for store in ROOT_STORES {
        let Some(k) = h.hive.key(store) else { continue };
        for cert in h.hive.subkeys(k) {
            if out.len() >= MAX_ROOTS {
                return out;
            }
            if let Some(der) = h
                .hive
                .value(cert, "Blob")
                .and_then(|v| certificate_property(&v.data))
            {
                out.push(der);
            }
        }
    }
    out
}

/// Where Windows keeps its catalogs: one folder per cryptographic subsystem (`{F750E6C3-…}`
/// holds the system's) below it.
const CATROOT: &str = "/Windows/System32/CatRoot";
/// Largest catalog read (Windows' largest are a few tens of MiB), and most catalogs read.
const MAX_CATALOG: u64 = 128 << 20;
const MAX_CATALOGS: usize = 200_000;

/// The machine's catalog files (`CatRoot\{…}\*.cat`), to look up the files that carry no
/// signature of their own.
pub(crate) struct Catalogs<'c> {
    ctx: &'c VolumeCtx<'c>,
    files: Vec<(String, Entry)>,
}

/// A file's digest as a catalog lists it: the algorithm's name (`sha1`, `sha256`) and the
/// digest, hex.
pub(crate) type CatalogKey = (String, String);

impl<'c> Catalogs<'c> {
    /// Every `.cat` below `CatRoot`, in path order; `None` when there is none.
    pub(crate) fn find(ctx: &'c VolumeCtx<'c>, report: &mut Report) -> Option<Self> {
        let dir = ctx.find(CATROOT, &mut report.errors)?;
        let mut files: Vec<(String, Entry)> = files_below(ctx, &dir, &mut report.errors)
            .into_iter()
            .filter(|(p, _)| p.to_ascii_lowercase().ends_with(".cat"))
            .map(|(p, e)| (format!("{CATROOT}/{p}"), e))
            .collect();
        if files.len() > MAX_CATALOGS {
            report.errors.push(ctx.error(
                CATROOT,
                Some(&dir),
                None,
                format!(
                    "{} catalog files: only the first {MAX_CATALOGS} were read",
                    files.len()
                ),
            ));
            files.truncate(MAX_CATALOGS);
        }
        (!files.is_empty()).then_some(Catalogs { ctx, files })
    }

    /// The catalogs that list each of `wanted`, their signatures judged (and `trusted` set
    /// against `store` when it holds roots): for a digest listed in several catalogs, the
    /// first whose signature verifies, else the first in path order. A catalog that cannot be
    /// read is an error record.
    pub(crate) fn lookup(
        &self,
        wanted: &std::collections::HashSet<CatalogKey>,
        store: &foothold_binary::TrustStore<'_>,
        errors: &mut Vec<ErrorRecord>,
    ) -> std::collections::HashMap<CatalogKey, foothold_binary::CatalogSignature> {
        let fs: &dyn FileSystem = &**self.ctx.fs;
        type Found = Vec<(CatalogKey, foothold_binary::CatalogSignature)>;
        let read: Vec<Result<Found, Box<ErrorRecord>>> = self
            .files
            .par_iter()
            .map(|(path, e)| {
                let fail = |m: String| Box::new(self.ctx.error(path, Some(e), None, m));
                let bytes = fs
                    .read_all(e, None, MAX_CATALOG)
                    .map_err(|err| fail(format!("catalog unreadable: {err}")))?;
                // (Only the members wanted are kept.)
                let mut members = Vec::new();
                foothold_binary::each_catalog_member(&bytes, |m| {
                    let key = (m.digest_algorithm.clone(), m.digest.clone());
                    if wanted.contains(&key) {
                        members.push((key, m));
                    }
                })
                .map_err(|err| fail(err.to_string()))?;
                if members.is_empty() {
                    return Ok(Vec::new());
                }
                // (The catalog's signature, and whether the store trusts it, once for all.)
                let (keys, members): (Vec<CatalogKey>, Vec<_>) = members.into_iter().unzip();
                let mut judged = foothold_binary::catalog_signatures(&bytes, path, &members)
                    .map_err(|err| fail(err.to_string()))?;
                let trusted = judged
                    .first()
                    .filter(|_| !store.is_empty())
                    .and_then(|c| c.signature.trusted_by_store(store));
                for c in &mut judged {
                    c.signature.trusted = trusted;
                }
                Ok(keys.into_iter().zip(judged).collect())
            })
            .collect();
        let mut found: std::collections::HashMap<CatalogKey, foothold_binary::CatalogSignature> =
            std::collections::HashMap::new();
        for r in read {
            match r {
                Ok(list) => {
                    for (key, c) in list {
                        let better = found.get(&key).is_none_or(|old| {
                            old.signature.signature_verified != Some(true)
                                && c.signature.signature_verified == Some(true)
                        });
                        if better {
                            found.insert(key, c);
                        }
                    }
                }
                Err(e) => errors.push(*e),
            }
        }
        found
    }
}

/// The certificate (property 32) of a store's serialized property list.
fn certificate_property(blob: &[u8]) -> Option<Vec<u8>> {
    let mut at = 0usize;
    loop {
        let id = foothold_core::u32_at(blob, at)?;
        let len = usize::try_from(foothold_core::u32_at(blob, at.checked_add(8)?)?).ok()?;
        let start = at.checked_add(12)?;
        let end = start.checked_add(len)?;
        let data = blob.get(start..end)?;
        if id == 32 {
            return Some(data.to_vec());
        }
        at = end;
    }
}

/// The SOFTWARE hive's TaskCache entries, with the hive they come from; its problems become
/// error records.
fn task_cache(
    ctx: &VolumeCtx,
    report: &mut Report,
) -> Option<(Vec<TaskCacheEntry>, std::sync::Arc<LoadedHive>)> {
    let h = load_hive(ctx, SOFTWARE, report)?;
    let entries = match parse_task_cache(&h.hive) {
        Ok(e) => e,
        Err(e) => {
            report.errors.push(ctx.error(
                SOFTWARE,
                Some(&h.entry),
                None,
                format!("TaskCache: {e}"),
            ));
            hive_problems(ctx, SOFTWARE, &h, report);
            return None;
        }
    };
    hive_problems(ctx, SOFTWARE, &h, report);
    Some((entries, h))
}

/// The `.evtx` files of the logs folder, in its listing's order (with their paths), as the
/// scan reads them.
pub(crate) fn log_files(ctx: &VolumeCtx, errors: &mut Vec<ErrorRecord>) -> Vec<Entry> {
    ctx.find(LOGS_DIR, errors)
        .map(|dir| ctx.list_dir(&dir, errors))
        .unwrap_or_default()
        .into_iter()
        .filter(|e| {
            e.kind == EntryKind::File
                && !e.flags.contains(&EntryFlag::RecordUnreadable)
                && e.name.to_ascii_lowercase().ends_with(".evtx")
        })
        .collect()
}

/// A log's path on the volume.
pub(crate) fn log_path(e: &Entry) -> String {
    format!("{LOGS_DIR}/{}", e.name)
}

/// Whether a record read on a Windows volume comes from what [`events`] reads (a log of the
/// logs folder, a PowerShell history), not from what was read before it.
pub(crate) fn from_windows_logs(path: &str) -> bool {
    path.strip_prefix(LOGS_DIR)
        .is_some_and(|r| r.starts_with('/'))
        || path.contains("/PowerShell/PSReadLine/")
}

/// A log read out of the logs folder: its path, its entry, and what it held.
type ReadLog = (String, Entry, Result<foothold_windows::EvtxScan, String>);

/// A log this large is read alone (its chunks in parallel), a smaller one beside others.
const LARGE_LOG: u64 = 2 << 20;

/// Every `.evtx` in the logs folder, parsed in parallel; events are then tied to the tasks
/// and services of the same volume (when those families were scanned too).
pub(crate) fn events(
    ctx: &VolumeCtx,
    only: ScanSet,
    (every, keep): (bool, Option<&super::KeepEvent<'_>>),
    report: &mut Report,
) {
    let fs: &dyn FileSystem = &**ctx.fs;
    // (No log folder: the PowerShell histories may still say what was made.)
    let logs = log_files(ctx, &mut report.errors);
    // Memory holds the logs being read, whole: a large log (the chunks of its batches spread
    // over the pool) is read alone, the small ones a log per worker (each read on its worker),
    // so at most one large log or one small log per worker is held at a time (two large logs
    // at once cost 48 MiB more on the benchmark image). Results keep the folder's order.
    let read = |e: &Entry, parallel: bool| {
        let path = log_path(e);
        let r = fs
            .read_all(e, None, MAX_EVTX)
            .map_err(|x| x.to_string())
            .and_then(|b| {
                let scan = if parallel {
                    parse_evtx(b, every)
                } else {
                    foothold_windows::parse_evtx_serial(&b, every)
                };
                scan.map_err(|e| e.to_string())
            })
            .map(|mut scan| {
                // Only what is wanted stays, as soon as the log is read.
                if let Some(k) = keep {
                    scan.events
                        .retain(|e| foothold_windows::is_persistence_event(e) || k(e));
                    // (A log's every record sized the vector: give that room back.)
                    scan.events.shrink_to_fit();
                }
                scan
            });
        (path, e.clone(), r)
    };
    let mut parsed: Vec<(usize, ReadLog)> = logs
        .par_iter()
        .enumerate()
        .filter(|(_, e)| e.size < LARGE_LOG)
        .map(|(i, e)| (i, read(e, false)))
        .collect();
    for (i, e) in logs.iter().enumerate().filter(|(_, e)| e.size >= LARGE_LOG) {
        parsed.push((i, read(e, true)));
    }
    parsed.sort_by_key(|(i, _)| *i);
    let first = report.events.len();
    let mut sessions: Vec<foothold_windows::LogonSession> = Vec::new();
    for (_, (path, entry, r)) in parsed {
        match r {
            Ok(scan) => {
                // Logon sessions of this log (foothold_windows::build_sessions).
                for session in foothold_windows::build_sessions(&scan.logons) {
                    let mut source = ctx.source(&path, Some(&entry), None);
                    source.record_id = session.start_record_id;
                    sessions.push(session.clone());
                    report.sessions.push(SessionRecord { session, source });
                }
                for m in scan.errors {
                    report.errors.push(ctx.error(&path, Some(&entry), None, m));
                }
                for event in scan.events {
                    let mut source = ctx.source(&path, Some(&entry), None);
                    source.record_id = event.record_id;
                    report.events.push(EventRecord {
                        event,
                        source,
                        account: None,
                    });
                }
            }
            Err(m) => report.errors.push(ctx.error(&path, Some(&entry), None, m)),
        }
    }
    powershell_histories(ctx, report);
    // The session each event was made in (its SubjectLogonId).
    for r in &mut report.events[first..] {
        r.event.detail.session = foothold_windows::session_of(&sessions, &r.event);
    }
    // Tie events to the objects they name (foothold_windows::correlate_events); "missing"
    // only where that family was read on this volume.
    let task_idx: Vec<usize> = (0..report.scheduled_tasks.len())
        .filter(|&i| report.scheduled_tasks[i].source.volume == ctx.volume)
        .collect();
    let service_idx: Vec<usize> = (0..report.services.len())
        .filter(|&i| report.services[i].source.volume == ctx.volume)
        .collect();
    let tasks: Vec<&ScheduledTask> = task_idx
        .iter()
        .map(|&i| &report.scheduled_tasks[i].task)
        .collect();
    let services: Vec<&foothold_windows::Service> = service_idx
        .iter()
        .map(|&i| &report.services[i].service)
        .collect();
    let have_tasks = only.contains(Family::Tasks) && !tasks.is_empty();
    let have_services = only.contains(Family::Services) && !services.is_empty();
    let links = correlate_events(
        report.events[first..].iter_mut().map(|r| &mut r.event),
        have_tasks.then_some(tasks.as_slice()),
        have_services.then_some(services.as_slice()),
    );
    // What lived only in the logs: tasks a 4699 deleted or that are gone, services whose
    // key is gone (pure: foothold_windows::tasks_from_events / services_from_events).
    let evs: Vec<&foothold_windows::PersistenceEvent> =
        report.events[first..].iter().map(|r| &r.event).collect();
    let log_tasks = if only.contains(Family::Tasks) {
        foothold_windows::tasks_from_events(&evs, have_tasks.then_some(tasks.as_slice()))
    } else {
        Vec::new()
    };
    // With no services read (no SYSTEM hive: a loose log, a damaged image), every service
    // the logs saw installed is known from them alone: rebuilt, with a note that the live
    // services were not read (so nothing says it is gone).
    let log_services = if !only.contains(Family::Services) {
        Vec::new()
    } else if have_services {
        foothold_windows::services_from_events(&evs, Some(services.as_slice()))
    } else {
        super::services_known_from_logs(&evs)
    };
    drop(evs);
    // Each task's tied events, for the runs its Task Scheduler log saw.
    let mut task_events: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, target) in links {
        let r = super::event_ref(&report.events[first + i]);
        match target {
            EventTarget::Task(t) => {
                report.scheduled_tasks[task_idx[t]].events.push(r);
                task_events.entry(task_idx[t]).or_default().push(first + i);
            }
            EventTarget::Service(s) => report.services[service_idx[s]].events.push(r),
        }
    }
    for (t, evs) in task_events {
        let seen = foothold_windows::runs_seen(evs.iter().map(|&i| &report.events[i].event));
        report.scheduled_tasks[t].runs_seen = seen;
    }
    super::push_recovered(report, first, log_tasks, log_services);
}

/// A PSReadLine history read past this is cut (PSReadLine keeps 4,096 commands by default).
const MAX_PS_HISTORY: u64 = 64 << 20;

/// The PowerShell command histories of every profile (`Users/NAME/AppData/Roaming/Microsoft/
/// Windows/PowerShell/PSReadLine/*_history.txt`: `ConsoleHost_history.txt` and other hosts'),
/// each command an `event` (`foothold_windows::parse_powershell_history`) of the profile's
/// user, with the `schtasks`/`sc`/`at` and task or service cmdlets it runs as `invocation`.
fn powershell_histories(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let Ok(users) = fs.lookup("/Users") else {
        return;
    };
    let mut errors = Vec::new();
    for profile in ctx.list_dir(&users, &mut errors) {
        if profile.kind != EntryKind::Dir {
            continue;
        }
        let dir = format!(
            "/Users/{}/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine",
            profile.name
        );
        let Ok(d) = fs.lookup(&dir) else { continue };
        for e in ctx.list_dir(&d, &mut errors) {
            if e.kind != EntryKind::File || !e.name.to_ascii_lowercase().ends_with("_history.txt") {
                continue;
            }
            let path = format!("{dir}/{}", e.name);
            let mut bytes = match fs.read_all(&e, None, MAX_PS_HISTORY) {
                Ok(b) => b,
                Err(m) => {
                    errors.push(ctx.error(&path, Some(&e), None, m.to_string()));
                    continue;
                }
            };
            super::linux::cap_lines(ctx, &path, &e, &mut bytes, &mut errors);
            for event in foothold_windows::parse_powershell_history(&bytes, Some(&profile.name)) {
                let line = event.data.get("line").and_then(|l| l.parse::<u32>().ok());
                report.events.push(EventRecord {
                    event,
                    source: ctx.source(&path, Some(&e), line),
                    account: None,
                });
            }
        }
    }
    report.errors.extend(errors);
}

const SAM: &str = "/Windows/System32/config/SAM";

/// The volume's accounts: SAM users and groups, and SIDs with a profile (SOFTWARE's
/// ProfileList), built by `foothold_windows::windows_accounts`.
pub(crate) fn accounts(ctx: &VolumeCtx, report: &mut Report) {
    let sam_hive = load_hive(ctx, SAM, report);
    let sam = sam_hive
        .as_ref()
        .map(|h| foothold_windows::parse_sam(&h.hive));
    if let (Some(h), Some(s)) = (&sam_hive, &sam) {
        for (key, m) in &s.problems {
            report.errors.push(ErrorRecord {
                source: hive_source(ctx, SAM, h, key),
                offset: None,
                message: format!("SAM: {m}"),
            });
        }
        hive_problems(ctx, SAM, h, report);
    }
    let software = load_hive(ctx, SOFTWARE, report);
    let profiles = software
        .as_ref()
        .map(|h| foothold_windows::parse_profile_list(&h.hive))
        .unwrap_or_default();
    let accounts = foothold_windows::windows_accounts(sam.as_ref(), &profiles);
    // windows_accounts lists the SAM's users, then its groups, then the profiles.
    let keys: Vec<&str> = sam
        .iter()
        .flat_map(|s| {
            s.users
                .iter()
                .map(|u| u.key.as_str())
                .chain(s.groups.iter().map(|g| g.key.as_str()))
        })
        .collect();
    for (i, account) in accounts.into_iter().enumerate() {
        let source = match (keys.get(i), &sam_hive, &software) {
            (Some(key), Some(h), _) => hive_source(ctx, SAM, h, key),
            (None, _, Some(h)) => hive_source(
                ctx,
                SOFTWARE,
                h,
                &format!(
                    "Microsoft\\Windows NT\\CurrentVersion\\ProfileList\\{}",
                    account.sid.as_deref().unwrap_or("")
                ),
            ),
            _ => ctx.source(SAM, None, None),
        };
        report.accounts.push(AccountRecord { account, source });
    }
}

/// The `host` record of a Windows volume (SYSTEM and SOFTWARE hives, the event-log folder's
/// newest file), and the clock its schedules' next runs are counted by.
pub(crate) fn host(ctx: &VolumeCtx, report: &mut Report) -> super::host::Clock {
    use super::host::{HostRecord, TimeSource};
    let system = load_hive(ctx, SYSTEM, report);
    let software = load_hive(ctx, SOFTWARE, report);
    let w = foothold_windows::WindowsHost::from_hives(
        system.as_ref().map(|h| &h.hive),
        software.as_ref().map(|h| &h.hive),
    );
    let tz = system
        .as_ref()
        .and_then(|h| foothold_windows::TimeZoneInfo::from_system_hive(&h.hive));
    let r = HostRecord {
        os: "windows".into(),
        hostname: w.computer_name,
        domain: w.domain,
        os_name: w.product_name,
        os_version: w.display_version,
        build: w.build,
        edition: w.edition,
        registered_owner: w.registered_owner,
        install_date: w.install_date,
        time_zone: tz.as_ref().and_then(|t| t.key_name.clone()),
        time_zone_source: tz
            .as_ref()
            .map(|t| format!("SYSTEM\\{}\\Control\\TimeZoneInformation", t.control_set)),
        last_shutdown: w.last_shutdown,
        source: match &system {
            Some(h) => {
                let mut s = ctx.source(SYSTEM, Some(&h.entry), None);
                s.hive = Some(h.replay.clone());
                s
            }
            None => ctx.source("/Windows", None, None),
        },
        ..HostRecord::default()
    };
    let mut sources = Vec::new();
    if let (Some(t), Some(cs)) = (w.last_shutdown, &w.control_set) {
        sources.push(TimeSource {
            what: "ShutdownTime".into(),
            path: format!("SYSTEM\\{cs}\\Control\\Windows"),
            time: t,
        });
    }
    for (name, path, h) in [
        ("SYSTEM", SYSTEM, &system),
        ("SOFTWARE", SOFTWARE, &software),
    ] {
        if let Some(t) = h.as_ref().and_then(|h| h.hive.header_written()) {
            sources.push(TimeSource {
                what: format!("{name} hive header"),
                path: path.into(),
                time: t,
            });
        }
    }
    let mut errors = Vec::new();
    if let Some(d) = ctx.find(LOGS_DIR, &mut errors) {
        sources.extend(super::host::newest(
            ctx.list_dir(&d, &mut errors)
                .into_iter()
                .filter(|e| e.name.to_ascii_lowercase().ends_with(".evtx")),
            "newest event log file (modified)",
        ));
    }
    report.errors.extend(errors);
    super::host::push(
        report,
        r,
        sources,
        tz.map(|t| Box::new(t) as Box<dyn foothold_core::Zone + Send + Sync>),
    )
}

#[cfg(test)]
mod tests {
    use super::certificate_property;

    fn prop(id: u32, data: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend(id.to_le_bytes());
        v.extend(1u32.to_le_bytes());
        v.extend(u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
        v.extend(data);
        v
    }

    /// A store's property list: the certificate is property 32 wherever it stands; a hostile
    /// list (a length past the end, a length of `u32::MAX`, empty properties, a header cut
    /// short) ends without a certificate, never loops or reads past the blob.
    #[test]
    fn certificate_property_of_real_and_hostile_blobs() {
        let mut blob = prop(3, &[0xaa; 20]);
        blob.extend(prop(32, b"\x30\x03\x02\x01\x01"));
        assert_eq!(
            certificate_property(&blob).as_deref(),
            Some(&b"\x30\x03\x02\x01\x01"[..])
        );
        // Past the end, and the largest length.
        let mut past = prop(3, &[]);
        past.extend(32u32.to_le_bytes());
        past.extend(1u32.to_le_bytes());
        past.extend(100u32.to_le_bytes());
        past.extend([0u8; 4]);
        assert_eq!(certificate_property(&past), None);
        let mut max = Vec::new();
        max.extend(3u32.to_le_bytes());
        max.extend(1u32.to_le_bytes());
        max.extend(u32::MAX.to_le_bytes());
        assert_eq!(certificate_property(&max), None);
        // Many empty properties, then none: the walk advances 12 bytes each and ends.
        let empties: Vec<u8> = (0..1000).flat_map(|_| prop(7, &[])).collect();
        assert_eq!(certificate_property(&empties), None);
        assert_eq!(certificate_property(&[0x20, 0, 0]), None);
        assert_eq!(certificate_property(&[]), None);
    }
}
