//! One timeline: every time-bearing fact of a scan as one row, in UTC order, with what
//! happened (`timestamp_desc`, as Timesketch and plaso name it), the artifact it belongs to,
//! a message an examiner reads, and the provenance of the time.
use crate::scan::{Binary, Record, Report, Source};
use foothold_fs::{Timestamp, Timestamps};
use serde::Serialize;

/// One fact with a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TimelineEntry {
    /// When (UTC).
    pub time: Timestamp,
    /// What happened at that time: `task registered (TaskCache)`, `task file created ($FN)`,
    /// `service key written`, `binary modified ($SI)`, `logon`, `event 4698`, …
    pub timestamp_desc: String,
    /// The record it belongs to: `scheduled_task`, `service`, `cron_job`, `event`,
    /// `session`, `account`.
    pub artifact: String,
    /// The record's name (task path, service key name, job location, event label).
    pub name: String,
    /// What an examiner reads: the record's user and command.
    pub message: String,
    /// Where the time comes from: the record's source, or the binary's path and entry.
    pub source: Source,
}

/// The rows of one file's times (`what`: `task file`, `binary`, `cron file`).
fn file_times(what: &str, t: &Timestamps, mut push: impl FnMut(Timestamp, String)) {
    for (time, label) in [
        (t.created, "created ($SI)"),
        (t.modified, "modified ($SI)"),
        (t.changed, "entry changed ($SI)"),
        (t.fn_created, "created ($FN)"),
        (t.fn_modified, "modified ($FN)"),
        (t.deleted_time, "deleted"),
    ] {
        if let Some(x) = time {
            push(x, format!("{what} {label}"));
        }
    }
}

/// ext has no `$SI`/`$FN`: its times are the inode's.
fn inode_times(what: &str, t: &Timestamps, mut push: impl FnMut(Timestamp, String)) {
    for (time, label) in [
        (t.created, "created (crtime)"),
        (t.modified, "modified (mtime)"),
        (t.changed, "inode changed (ctime)"),
        (t.deleted_time, "deleted (dtime)"),
    ] {
        if let Some(x) = time {
            push(x, format!("{what} {label}"));
        }
    }
}

fn times_of(fs: &str, what: &str, t: &Timestamps, push: impl FnMut(Timestamp, String)) {
    if fs == "ntfs" {
        file_times(what, t, push)
    } else {
        inode_times(what, t, push)
    }
}

impl Report {
    /// Every time-bearing fact of the report, one row each, in time order (ties in record
    /// order). A task's local times (trigger boundaries, its XML date) are in it when the
    /// image's time zone converted them (`local_times`).
    ///
    /// ```
    /// let r = foothold::Report::default();
    /// assert!(r.timeline().is_empty());
    /// ```
    pub fn timeline(&self) -> Vec<TimelineEntry> {
        let mut out: Vec<TimelineEntry> = Vec::new();
        for rec in self.records() {
            let s = rec.summary();
            let (artifact, name) = (
                s.artifact.clone(),
                if s.name.is_empty() {
                    s.reference.clone()
                } else {
                    s.name.clone()
                },
            );
            let message = match (&s.user, s.command.is_empty()) {
                (Some(u), false) => format!("{u}: {}", s.command),
                (None, false) => s.command.clone(),
                (Some(u), true) => u.clone(),
                (None, true) => s.label.clone(),
            };
            let mut push = |time: Timestamp, desc: String, source: &Source| {
                out.push(TimelineEntry {
                    time,
                    timestamp_desc: desc,
                    artifact: artifact.clone(),
                    name: name.clone(),
                    message: message.clone(),
                    source: source.clone(),
                });
            };
            let mut binaries: Vec<&Binary> = Vec::new();
            match rec {
                Record::ScheduledTask(t) => {
                    let src = &t.source;
                    if let Some(rec) = &t.recovered {
                        // Rebuilt: its source is a log record, whose file times are not the
                        // task's.
                        for (x, label) in [
                            (rec.created, "task created (recovered)"),
                            (rec.deleted, "task deleted (recovered)"),
                        ] {
                            if let Some(x) = x {
                                push(x, label.into(), src);
                            }
                        }
                    } else if src.key.is_none() {
                        times_of(&src.filesystem, "task file", &src.times, |x, d| {
                            push(x, d, src)
                        });
                    }
                    if let Some(tc) = &t.task.taskcache {
                        if let Some(d) = &tc.dynamic_info {
                            for (x, label) in [
                                (d.created, "task registered (TaskCache)"),
                                (d.last_run, "task last run (TaskCache)"),
                                (d.last_successful_run, "task last completed (TaskCache)"),
                            ] {
                                if let Some(x) = x {
                                    push(x, label.into(), src);
                                }
                            }
                        }
                        if let Some(x) = tc.tree_last_written {
                            push(x, "TaskCache Tree key written".into(), src);
                        }
                    }
                    if let Some(x) = t.task.date.as_deref().and_then(Timestamp::parse_rfc3339) {
                        push(x, "task XML date".into(), src);
                    }
                    // Local times, converted with the image's time zone.
                    for lt in &t.local_times {
                        let what = if lt.field == "date" {
                            "task XML date (local time)"
                        } else if lt.field == "job.last_run_local" {
                            "task last run (.job, local time)"
                        } else if lt.field.ends_with("start_boundary") {
                            "trigger start boundary (local time)"
                        } else {
                            "trigger end boundary (local time)"
                        };
                        push(lt.utc, what.into(), src);
                    }
                    if let Some(c) = &t.created_by {
                        if let Some(x) = c.when {
                            push(x, "task created (who did it)".into(), src);
                        }
                    }
                    if let Some(j) = &t.job_source {
                        times_of(&j.filesystem, "job file", &j.times, |x, d| push(x, d, j));
                    }
                    binaries.extend(t.runs.iter().flat_map(|r| &r.binaries));
                }
                Record::Service(sv) => {
                    let src = &sv.source;
                    if let Some(x) = sv.recovered.as_ref().and_then(|r| r.created) {
                        push(x, "service installed (recovered)".into(), src);
                    }
                    if let Some(x) = sv.service.last_written {
                        push(x, "service key written".into(), src);
                    }
                    if let Some(c) = &sv.created_by {
                        if let Some(x) = c.when {
                            push(x, "service installed (who did it)".into(), src);
                        }
                    }
                    binaries.extend(sv.runs.iter().flat_map(|r| &r.binaries));
                }
                Record::LinuxService(l) => {
                    let src = &l.source;
                    times_of(&src.filesystem, "service file", &src.times, |x, d| {
                        push(x, d, src)
                    });
                    binaries.extend(l.runs.iter().flat_map(|r| &r.binaries));
                }
                Record::CronJob(c) => {
                    let src = &c.source;
                    times_of(&src.filesystem, "cron file", &src.times, |x, d| {
                        push(x, d, src)
                    });
                    if let Some(by) = &c.created_by {
                        if let Some(x) = by.when {
                            push(x, "crontab installed (who did it)".into(), src);
                        }
                    }
                    binaries.extend(c.runs.iter().flat_map(|r| &r.binaries));
                }
                Record::Event(e) => {
                    if let Some(x) = e.event.timestamp {
                        push(x, s.label.clone(), &e.source);
                    }
                }
                Record::Session(ss) => {
                    let how = ss.session.logon_type_name.as_deref().unwrap_or("logon");
                    if let Some(x) = ss.session.start {
                        push(x, format!("logon ({how})"), &ss.source);
                    }
                    if let Some(x) = ss.session.end {
                        push(x, "logoff".into(), &ss.source);
                    }
                }
                Record::Account(a) => {
                    let acc = &a.account;
                    for (x, label) in [
                        (acc.created, "account created"),
                        (acc.last_logon, "account last logon"),
                        (acc.password_last_set, "account password set"),
                        (acc.last_failed_logon, "account last failed logon"),
                    ] {
                        if let Some(x) = x {
                            push(x, label.into(), &a.source);
                        }
                    }
                }
                Record::Host(h) => {
                    for (x, label) in [
                        (h.install_date, "system installed"),
                        (h.last_boot, "system booted (last)"),
                        (h.last_shutdown, "system shut down (last)"),
                    ] {
                        if let Some(x) = x {
                            push(x, label.into(), &h.source);
                        }
                    }
                }
                Record::Error(_) | Record::Warning(_) => {}
            }
            // The files the record runs, each once per record.
            let mut seen = Vec::new();
            for b in binaries {
                let (Some(path), Some(entry)) = (&b.path, b.entry) else {
                    continue;
                };
                if seen.contains(&entry) {
                    continue;
                }
                seen.push(entry);
                let src = Source {
                    path: path.clone(),
                    entry: Some(entry),
                    times: b.times.clone(),
                    ..rec_source(&rec)
                };
                let what = if b.status == crate::BinaryStatus::Deleted {
                    "deleted binary"
                } else {
                    "binary"
                };
                times_of(&src.filesystem, what, &b.times, |x, d| push(x, d, &src));
                if let Some(c) = b
                    .info
                    .as_ref()
                    .and_then(|i| i.pe.as_ref())
                    .and_then(|p| p.compiled)
                {
                    push(c, "binary linked (PE TimeDateStamp)".into(), &src);
                }
            }
        }
        out.sort_by_key(|a| a.time);
        out
    }
}

/// The evidence, volume and filesystem of a record (for its binaries' rows).
fn rec_source(r: &Record<'_>) -> Source {
    let s = r.source();
    Source {
        evidence: s.evidence.clone(),
        host: s.host.clone(),
        origin: None,
        volume: s.volume,
        filesystem: s.filesystem.clone(),
        ..Source::default()
    }
}

/// The JSON Schema of a timeline row.
pub fn timeline_schema() -> schemars::Schema {
    schemars::schema_for!(TimelineEntry)
}
