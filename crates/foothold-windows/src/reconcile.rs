//! Reconciling the three places a scheduled task lives (task XML files, legacy `.job`
//! files, the SOFTWARE hive's TaskCache) into one record per task: pure functions on parsed
//! records, no I/O, so every rule is tested without an image.
use crate::{Principal, ScheduledTask, TaskAction, TaskCacheEntry};

/// Where a reconciled task's record comes from, for the caller to attach provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskOrigin {
    /// Task XML file number `n` of the files given (a `.job` may have joined it).
    Xml(usize),
    /// `.job` file number `n` of those given, with no XML file of the same task.
    Job(usize),
    /// Only in the TaskCache: its Tree key (or `Tasks\{GUID}` key when there is no Tree key).
    Registry {
        /// Registry key path in the SOFTWARE hive.
        key: String,
    },
}

/// One reconciled task.
#[derive(Debug, Clone, PartialEq)]
pub struct ReconciledTask {
    /// The task, with `sources` and `flags` set.
    pub task: ScheduledTask,
    /// Where its record comes from.
    pub origin: TaskOrigin,
    /// The `.job` file (number, of those given) that joined an XML task.
    pub job: Option<usize>,
}

/// What [`reconcile_tasks`] makes of the three sources.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskReconciliation {
    /// XML tasks in the order given, then `.job`-only tasks, then registry-only tasks.
    pub tasks: Vec<ReconciledTask>,
    /// Problems the TaskCache entries recorded while decoding, with the key they concern.
    pub cache_errors: Vec<(String, String)>,
}

/// The first exec action as `command arguments`, lower-cased, for comparing sources.
fn exec_line(actions: &[TaskAction]) -> Option<String> {
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

/// Join tasks by name (case-insensitive, as the Task Scheduler compares them).
///
/// - An XML task whose `URI` names another path is flagged `uri_path_mismatch` (a task
///   without a `URI`, as Windows 11 writes them, is not).
/// - A `.job` with an XML task of the same name joins it (`sources` gains `job`); others
///   stand alone.
/// - With TaskCache `entries` (`None` when there is no SOFTWARE hive): a task the cache knows
///   gains `taskcache` (and `no_security_descriptor`, `index_zero`,
///   `xml_registry_mismatch` when the first exec actions differ); a cache entry no file
///   has becomes a `registry_only` task built from the entry and its decoded `Triggers`
///   blob (`enabled_not_decoded` when that blob is missing, `hidden_setting`,
///   `no_tree_key`); a file task the cache does not know is flagged `no_registry_entry`.
///   An empty cache says nothing (no flags).
///
/// ```
/// use foothold_windows::{reconcile_tasks, ScheduledTask, TaskCacheEntry, TaskOrigin};
/// let xml = ScheduledTask { name: "\\Updater".into(), sources: vec![foothold_windows::TaskSource::Xml], ..Default::default() };
/// let cache = TaskCacheEntry { name: "\\Ghost".into(), tree_key: "…\\Tree\\Ghost".into(), ..Default::default() };
/// let r = reconcile_tasks(vec![xml], vec![], Some(vec![cache]));
/// assert_eq!(r.tasks[0].task.flags, ["no_registry_entry"]);
/// assert_eq!(r.tasks[1].task.flags, ["registry_only", "no_security_descriptor", "enabled_not_decoded"]);
/// assert_eq!(r.tasks[1].origin, TaskOrigin::Registry { key: "…\\Tree\\Ghost".into() });
/// ```
pub fn reconcile_tasks(
    xml: Vec<ScheduledTask>,
    jobs: Vec<ScheduledTask>,
    entries: Option<Vec<TaskCacheEntry>>,
) -> TaskReconciliation {
    let mut tasks: Vec<ReconciledTask> = xml
        .into_iter()
        .enumerate()
        .map(|(i, mut task)| {
            if let Some(uri) = &task.uri {
                let uri = if uri.starts_with('\\') {
                    uri.clone()
                } else {
                    format!("\\{uri}")
                };
                if !uri.eq_ignore_ascii_case(&task.name) {
                    task.flags.push(crate::TaskFlag::UriPathMismatch);
                }
            }
            ReconciledTask {
                task,
                origin: TaskOrigin::Xml(i),
                job: None,
            }
        })
        .collect();
    for (j, job) in jobs.into_iter().enumerate() {
        match tasks
            .iter_mut()
            .find(|t| t.task.name.eq_ignore_ascii_case(&job.name))
        {
            Some(t) => {
                t.task.sources.push(crate::TaskSource::Job);
                t.task.job = job.job;
                t.job = Some(j);
            }
            None => tasks.push(ReconciledTask {
                task: job,
                origin: TaskOrigin::Job(j),
                job: None,
            }),
        }
    }
    let mut out = TaskReconciliation::default();
    let entries = entries.unwrap_or_default();
    if entries.is_empty() {
        out.tasks = tasks;
        return out;
    }
    let mut matched = vec![false; tasks.len()];
    for e in entries {
        for m in &e.errors {
            out.cache_errors.push((
                e.task_key.clone().unwrap_or_else(|| e.tree_key.clone()),
                m.clone(),
            ));
        }
        let mut flags = Vec::new();
        if !e.tree_key.is_empty() && !e.has_security_descriptor {
            flags.push(crate::TaskFlag::NoSecurityDescriptor);
        }
        if e.index == Some(0) {
            flags.push(crate::TaskFlag::IndexZero);
        }
        match tasks
            .iter()
            .position(|t| t.task.name.eq_ignore_ascii_case(&e.name))
        {
            Some(i) => {
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
                let Some(t) = tasks.get_mut(i).map(|t| &mut t.task) else {
                    continue;
                };
                if exec_line(&t.actions).is_some()
                    && exec_line(&e.actions).is_some()
                    && exec_line(&t.actions) != exec_line(&e.actions)
                {
                    flags.push(crate::TaskFlag::XmlRegistryMismatch);
                }
                t.sources.push(crate::TaskSource::Taskcache);
                t.flags.extend(flags);
                t.taskcache = Some(e);
            }
            None => {
                let key = if e.tree_key.is_empty() {
                    e.task_key.clone().unwrap_or_default()
                } else {
                    e.tree_key.clone()
                };
                tasks.push(ReconciledTask {
                    task: registry_only(e, flags),
                    origin: TaskOrigin::Registry { key },
                    job: None,
                });
                matched.push(true);
            }
        }
    }
    for (t, m) in tasks.iter_mut().zip(matched) {
        if !m {
            t.task.flags.push(crate::TaskFlag::NoRegistryEntry);
        }
    }
    out.tasks = tasks;
    out
}

/// A task that exists only in the TaskCache: what the entry and its `Triggers` blob say.
/// Tasks of deleted TaskCache keys ([`crate::parse_deleted_task_cache`]), each as a
/// registry-only task would be, with the key it was read from (the Tree key, else the
/// `Tasks\{GUID}` key).
pub fn deleted_cache_tasks(hive: &crate::RegistryHive) -> Vec<(ScheduledTask, String)> {
    crate::parse_deleted_task_cache(hive)
        .into_iter()
        .map(|e| {
            let key = if e.tree_key.is_empty() {
                e.task_key.clone().unwrap_or_default()
            } else {
                e.tree_key.clone()
            };
            (registry_only(e, Vec::new()), key)
        })
        .collect()
}

fn registry_only(e: TaskCacheEntry, mut flags: Vec<crate::TaskFlag>) -> ScheduledTask {
    flags.insert(0, crate::TaskFlag::RegistryOnly);
    // Enabled, hidden, the account and the triggers live in the Triggers blob.
    let blob = e.triggers.clone();
    if blob.is_none() {
        flags.push(crate::TaskFlag::EnabledNotDecoded);
    }
    if blob.as_ref().is_some_and(|b| b.hidden) {
        flags.push(crate::TaskFlag::HiddenSetting);
    }
    if e.tree_key.is_empty() {
        flags.push(crate::TaskFlag::NoTreeKey);
    }
    let principal = blob.as_ref().and_then(|b| {
        let user = b.user_name.clone().or_else(|| b.user_sid.clone());
        (user.is_some() || b.principal_id.is_some()).then(|| Principal {
            id: b.principal_id.clone(),
            user_id: user,
            display_name: b.display_name.clone(),
            run_level: b
                .flag_names
                .iter()
                .any(|f| f == "run_level_highest_available")
                .then(|| "HighestAvailable".to_string()),
            ..Principal::default()
        })
    });
    ScheduledTask {
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
        sources: vec![crate::TaskSource::Taskcache],
        flags,
        taskcache: Some(e),
        ..ScheduledTask::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(name: &str, uri: Option<&str>, cmd: &str) -> ScheduledTask {
        ScheduledTask {
            name: name.into(),
            uri: uri.map(str::to_string),
            actions: vec![TaskAction {
                kind: crate::ActionKind::Exec,
                command: Some(cmd.into()),
                ..TaskAction::default()
            }],
            sources: vec![crate::TaskSource::Xml],
            ..ScheduledTask::default()
        }
    }

    #[test]
    fn joins_jobs_and_cache_and_flags_what_differs() {
        let xml = vec![
            task("\\A", Some("\\A"), "a.exe"),
            task("\\B", None, "b.exe"),
            task("\\C", Some("\\Elsewhere"), "c.exe"),
        ];
        let mut job = task("\\b", None, "b.exe");
        job.sources = vec![crate::TaskSource::Job];
        let lone_job = ScheduledTask {
            name: "\\At1".into(),
            sources: vec![crate::TaskSource::Job],
            ..ScheduledTask::default()
        };
        let cache = vec![
            TaskCacheEntry {
                name: "\\A".into(),
                tree_key: "T\\A".into(),
                has_security_descriptor: true,
                actions: vec![TaskAction {
                    kind: crate::ActionKind::Exec,
                    command: Some("evil.exe".into()),
                    ..TaskAction::default()
                }],
                ..TaskCacheEntry::default()
            },
            TaskCacheEntry {
                name: "\\B".into(),
                tree_key: "T\\B".into(),
                index: Some(0),
                errors: vec!["Actions: truncated".into()],
                task_key: Some("K\\{1}".into()),
                ..TaskCacheEntry::default()
            },
            TaskCacheEntry {
                name: "\\Hidden".into(),
                task_key: Some("K\\{2}".into()),
                ..TaskCacheEntry::default()
            },
        ];
        let r = reconcile_tasks(xml, vec![job, lone_job], Some(cache));
        let flags: Vec<(&str, Vec<&str>)> = r
            .tasks
            .iter()
            .map(|t| {
                (
                    t.task.name.as_str(),
                    t.task.flags.iter().map(crate::TaskFlag::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            flags,
            vec![
                ("\\A", vec!["xml_registry_mismatch"]),
                ("\\B", vec!["no_security_descriptor", "index_zero"]),
                ("\\C", vec!["uri_path_mismatch", "no_registry_entry"]),
                ("\\At1", vec!["no_registry_entry"]),
                (
                    "\\Hidden",
                    vec!["registry_only", "enabled_not_decoded", "no_tree_key"]
                ),
            ]
        );
        assert_eq!(r.tasks[1].job, Some(0));
        assert_eq!(r.tasks[1].task.sources, ["xml", "job", "taskcache"]);
        assert_eq!(r.tasks[3].origin, TaskOrigin::Job(1));
        assert_eq!(
            r.tasks[4].origin,
            TaskOrigin::Registry {
                key: "K\\{2}".into()
            }
        );
        assert_eq!(
            r.cache_errors,
            vec![("K\\{1}".to_string(), "Actions: truncated".to_string())]
        );
        // No hive, or an empty cache: nothing is flagged for want of a registry entry.
        let r = reconcile_tasks(vec![task("\\A", None, "a")], vec![], None);
        assert!(r.tasks[0].task.flags.is_empty());
        let r = reconcile_tasks(vec![task("\\A", None, "a")], vec![], Some(vec![]));
        assert!(r.tasks[0].task.flags.is_empty());
    }
}

/// What an event names, by index into the tasks or services given to [`correlate_events`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventTarget {
    /// A scheduled task (4698–4702, TaskScheduler 106/140/141/129/200/201).
    Task(usize),
    /// A service (7045 by display name or key name, 4697 by key name, 7040).
    Service(usize),
}

/// Tie events to the tasks and services they name (case-insensitive). Returns
/// `(event index, target)` pairs, the index counting the events given: a task event names at most one task; a service event
/// every service (of every control set) with that key or display name. An event whose
/// family is given (`Some`) but whose object is not among it gets `object_missing`; with
/// `None` (that family was not read) nothing is said.
///
/// ```
/// use foothold_windows::{correlate_events, EventTarget, PersistenceEvent, ScheduledTask, WindowsDetail};
/// let named = |n: &str| PersistenceEvent {
///     detail: WindowsDetail { task_name: Some(n.into()), ..Default::default() },
///     ..Default::default()
/// };
/// let mut ev = vec![named("\\updater"), named("\\Gone")];
/// let tasks = [ScheduledTask { name: "\\Updater".into(), ..Default::default() }];
/// let links = correlate_events(&mut ev, Some(&tasks.iter().collect::<Vec<_>>()), None);
/// // (any iterator of `&mut PersistenceEvent` will do, e.g. the events inside records)
/// assert_eq!(links, [(0, EventTarget::Task(0))]);
/// assert_eq!((ev[0].object_missing, ev[1].object_missing), (Some(false), Some(true)));
/// ```
pub fn correlate_events<'e>(
    events: impl IntoIterator<Item = &'e mut crate::PersistenceEvent>,
    tasks: Option<&[&ScheduledTask]>,
    services: Option<&[&crate::Service]>,
) -> Vec<(usize, EventTarget)> {
    let mut out = Vec::new();
    for (i, ev) in events.into_iter().enumerate() {
        if let Some(name) = &ev.detail.task_name {
            if let Some(tasks) = tasks {
                match tasks.iter().position(|t| t.name.eq_ignore_ascii_case(name)) {
                    Some(t) => {
                        out.push((i, EventTarget::Task(t)));
                        ev.object_missing = Some(false);
                    }
                    None => ev.object_missing = Some(true),
                }
            }
        } else if let Some(name) = &ev.detail.service_name {
            if let Some(services) = services {
                let before = out.len();
                for (s, svc) in services.iter().enumerate() {
                    if svc.name.eq_ignore_ascii_case(name)
                        || svc
                            .display_name
                            .as_deref()
                            .is_some_and(|d| d.eq_ignore_ascii_case(name))
                    {
                        out.push((i, EventTarget::Service(s)));
                    }
                }
                ev.object_missing = Some(out.len() == before);
            }
        }
    }
    out
}

/// The task on the machine that a Group Policy Preferences item made: a `ScheduledTasks.xml`
/// item of a member's cache of its policies creates (or replaces, updates) a task of the
/// item's name in the root folder, so a live task of that name (case-insensitive) is the one
/// the policy made. For each item (index into `items`, with its task as the item defines it)
/// that has one: the live task's index, and whether the two run something else (the first
/// exec action's command and arguments, compared case-insensitively; an item without an exec
/// action differs from nothing). A `delete` item makes no task; it is left out.
///
/// ```
/// use foothold_windows::{gpo_deployed_tasks, ActionKind, GpoItem, ScheduledTask, TaskAction};
/// let task = |name: &str, cmd: &str| ScheduledTask {
///     name: name.into(),
///     actions: vec![TaskAction { kind: ActionKind::Exec, command: Some(cmd.into()), ..Default::default() }],
///     ..Default::default()
/// };
/// let live = [task("\\Other", "a.exe"), task("\\upd", "C:\\t\\EVIL.exe")];
/// let item = GpoItem { action: "create".into(), ..Default::default() };
/// let items = [(task("\\UPD", "C:\\t\\u.exe"), item)];
/// let got = gpo_deployed_tasks(&live.iter().collect::<Vec<_>>(), &items.iter().map(|(t, i)| (t, i)).collect::<Vec<_>>());
/// assert_eq!(got, [(0, 1, true)]);
/// ```
pub fn gpo_deployed_tasks(
    live: &[&ScheduledTask],
    items: &[(&ScheduledTask, &crate::GpoItem)],
) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    for (i, (t, item)) in items.iter().enumerate() {
        if item.action == "delete" {
            continue;
        }
        let leaf = t.name.trim_start_matches('\\');
        let Some(l) = live
            .iter()
            .position(|x| x.name.trim_start_matches('\\').eq_ignore_ascii_case(leaf))
        else {
            continue;
        };
        let differs = match (
            exec_line(&t.actions),
            live.get(l).and_then(|x| exec_line(&x.actions)),
        ) {
            (Some(a), Some(b)) => a != b,
            (Some(_), None) => true,
            (None, _) => false,
        };
        out.push((i, l, differs));
    }
    out
}
