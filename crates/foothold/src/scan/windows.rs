//! Windows scheduled tasks: every file under `\Windows\System32\Tasks` (any depth) and
//! `\Windows\Tasks\*.job`, parsed in parallel and reconciled by task name.
use super::{ErrorRecord, Report, ScheduledTaskRecord, VolumeCtx};
use foothold_fs::{Entry, EntryKind, FileSystem};
use foothold_windows::{parse_job, parse_task_xml, MAX_TASK_FILE};
use rayon::prelude::*;

const TASKS_DIR: &str = "/Windows/System32/Tasks";
const JOBS_DIR: &str = "/Windows/Tasks";

/// Every file below `dir` with its path relative to `dir` (`a/b/c`); directories once.
fn files_below(
    fs: &dyn FileSystem,
    dir: &Entry,
    errors: &mut Vec<(String, String)>,
) -> Vec<(String, Entry)> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::from([dir.entry]);
    let mut stack = vec![(String::new(), dir.clone())];
    while let Some((rel, d)) = stack.pop() {
        match fs.read_dir(&d) {
            Ok(children) => {
                for c in children {
                    let r = if rel.is_empty() {
                        c.name.clone()
                    } else {
                        format!("{rel}/{}", c.name)
                    };
                    match c.kind {
                        EntryKind::Dir if seen.insert(c.entry) => stack.push((r, c)),
                        EntryKind::Dir => {}
                        _ => out.push((r, c)),
                    }
                }
            }
            Err(e) => errors.push((d.path.clone(), e.to_string())),
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn task_name(rel: &str) -> String {
    format!("\\{}", rel.replace('/', "\\"))
}

pub(crate) fn scan(ctx: &VolumeCtx, report: &mut Report) {
    let fs: &dyn FileSystem = &**ctx.fs;
    let mut walk_errors = Vec::new();
    let xml_files = match fs.lookup(TASKS_DIR) {
        Ok(d) => files_below(fs, &d, &mut walk_errors),
        Err(_) => Vec::new(),
    };
    let job_files: Vec<(String, Entry)> = match fs.lookup(JOBS_DIR) {
        Ok(d) => fs
            .read_dir(&d)
            .map(|v| {
                v.into_iter()
                    .filter(|e| {
                        e.kind == EntryKind::File && e.name.to_ascii_lowercase().ends_with(".job")
                    })
                    .map(|e| (e.name.clone(), e))
                    .collect()
            })
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let read = |e: &Entry| {
        fs.read_all(e, None, MAX_TASK_FILE as u64)
            .map_err(|e| e.to_string())
    };

    let parsed: Vec<Result<ScheduledTaskRecord, Box<ErrorRecord>>> = xml_files
        .par_iter()
        .map(|(rel, e)| {
            let path = format!("{TASKS_DIR}/{rel}");
            let bytes = read(e).map_err(|m| Box::new(ctx.error(&path, Some(e), None, m)))?;
            let mut task = parse_task_xml(&bytes)
                .map_err(|err| Box::new(ctx.error(&path, Some(e), None, err.to_string())))?;
            task.name = task_name(rel);
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
            Ok(ScheduledTaskRecord {
                task,
                source: ctx.source(&path, Some(e), None),
                job_source: None,
            })
        })
        .collect();
    let jobs: Vec<Result<ScheduledTaskRecord, Box<ErrorRecord>>> = job_files
        .par_iter()
        .map(|(name, e)| {
            let path = format!("{JOBS_DIR}/{name}");
            let bytes = read(e).map_err(|m| Box::new(ctx.error(&path, Some(e), None, m)))?;
            let mut task = parse_job(&bytes)
                .map_err(|err| Box::new(ctx.error(&path, Some(e), None, err.to_string())))?;
            let stem = &name[..name.len() - 4];
            task.name = task_name(stem);
            Ok(ScheduledTaskRecord {
                task,
                source: ctx.source(&path, Some(e), None),
                job_source: None,
            })
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
    report.scheduled_tasks.extend(tasks);
    for (path, m) in walk_errors {
        report.errors.push(ctx.error(&path, None, None, m));
    }
}
