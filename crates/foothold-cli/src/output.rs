use crate::ListFormat;
use foothold::{Info, ListRecord, Record, Timestamp};
use std::io::{self, Write};

pub fn info_table(out: &mut dyn Write, r: &Info) -> io::Result<()> {
    writeln!(
        out,
        "{}: {} image, {} bytes, {} segment(s), partitioning: {:?}",
        r.evidence,
        r.format,
        r.size,
        r.segments.len(),
        r.scheme
    )?;
    for (k, v) in &r.container {
        writeln!(out, "  {k}: {v}")?;
    }
    for (alg, hex) in &r.stored_hashes {
        writeln!(out, "  stored {alg}: {hex}")?;
    }
    writeln!(
        out,
        "  {:>3}  {:>14}  {:>14}  {:<38}  {:<10}  {:<16}  name",
        "vol", "offset", "length", "type", "fs", "label"
    )?;
    for v in &r.volumes {
        let ty = match (&v.partition_type, &v.type_name) {
            (Some(t), Some(n)) => format!("{t} {n}"),
            (Some(t), None) => t.clone(),
            _ => "-".into(),
        };
        writeln!(
            out,
            "  {:>3}  {:>14}  {:>14}  {:<38}  {:<10}  {:<16}  {}",
            v.number.map_or("-".into(), |n| n.to_string()),
            v.offset,
            v.length,
            ty,
            v.filesystem.name(),
            v.label.as_deref().unwrap_or("-"),
            v.name.as_deref().unwrap_or("-")
        )?;
    }
    for os in &r.os {
        writeln!(
            out,
            "  os: {:?} on volume {}{}",
            os.family,
            os.volume.map_or("-".into(), |n| n.to_string()),
            os.name
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        )?;
    }
    for w in &r.warnings {
        writeln!(out, "  warning: {w}")?;
    }
    Ok(())
}

const CSV_COLUMNS: &[&str] = &[
    "volume",
    "path",
    "kind",
    "size",
    "entry",
    "sequence",
    "deleted",
    "created",
    "modified",
    "changed",
    "accessed",
    "fn_created",
    "fn_modified",
    "fn_changed",
    "fn_accessed",
    "uid",
    "gid",
    "mode",
    "link_target",
    "flags",
];

/// The `snake_case` names of entry flags, as in the JSON output.
fn flag_names(flags: &[foothold::EntryFlag]) -> Vec<String> {
    flags
        .iter()
        .filter_map(|f| serde_json::to_value(f).ok()?.as_str().map(str::to_string))
        .collect()
}

pub struct ListWriter {
    jsonl: bool,
    csv: bool,
}

fn t(x: &Option<Timestamp>) -> String {
    x.map(|t| t.to_string()).unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl ListWriter {
    pub fn new(jsonl: bool, csv: bool) -> Self {
        ListWriter { jsonl, csv }
    }

    pub fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.csv {
            writeln!(out, "{}", CSV_COLUMNS.join(","))?;
        } else if !self.jsonl {
            writeln!(
                out,
                "{:>3}  {:<7}  {:>12}  {:>10}  {:<30}  path",
                "vol", "kind", "size", "entry", "modified"
            )?;
        }
        Ok(())
    }

    pub fn row(&mut self, out: &mut dyn Write, r: &ListRecord) -> io::Result<()> {
        let e = &r.entry;
        let vol = r.volume.map_or(String::new(), |n| n.to_string());
        if self.jsonl {
            let line = serde_json::to_string(r).map_err(io::Error::other)?;
            writeln!(out, "{line}")
        } else if self.csv {
            let kind = serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let cols = [
                vol,
                e.path.clone(),
                kind,
                e.size.to_string(),
                e.entry.to_string(),
                e.sequence.map(|s| s.to_string()).unwrap_or_default(),
                e.deleted.to_string(),
                t(&e.times.created),
                t(&e.times.modified),
                t(&e.times.changed),
                t(&e.times.accessed),
                t(&e.times.fn_created),
                t(&e.times.fn_modified),
                t(&e.times.fn_changed),
                t(&e.times.fn_accessed),
                e.uid.map(|s| s.to_string()).unwrap_or_default(),
                e.gid.map(|s| s.to_string()).unwrap_or_default(),
                e.mode.map(|s| format!("{s:o}")).unwrap_or_default(),
                e.link_target.clone().unwrap_or_default(),
                flag_names(&e.flags).join(";"),
            ];
            let line: Vec<String> = cols.iter().map(|c| csv_field(c)).collect();
            writeln!(out, "{}", line.join(","))
        } else {
            let kind = match e.kind {
                foothold::EntryKind::File => "file",
                foothold::EntryKind::Dir => "dir",
                foothold::EntryKind::Symlink => "symlink",
                foothold::EntryKind::Other => "other",
            };
            let mut del = if e.deleted { " (deleted)" } else { "" }.to_string();
            for f in flag_names(&e.flags) {
                del.push_str(&format!(" ({})", f.replace('_', " ")));
            }
            writeln!(
                out,
                "{:>3}  {:<7}  {:>12}  {:>10}  {:<30}  {}{del}",
                if vol.is_empty() { "-".into() } else { vol },
                kind,
                e.size,
                e.entry,
                t(&e.times.modified),
                e.path
            )
        }
    }
}

const SCAN_CSV: &[&str] = &[
    "artifact", "kind", "schedule", "user", "command", "stdin", "flags", "evidence", "volume",
    "path", "line", "entry", "modified", "message",
];

/// Writes scan records as a table, JSONL or CSV.
pub struct ScanWriter {
    format: ListFormat,
}

fn first_line(s: &str, max: usize) -> String {
    let l = s.lines().next().unwrap_or("");
    let more = s.lines().nth(1).is_some();
    let mut out: String = l.chars().take(max).collect();
    if l.chars().count() > max || more {
        out.push('…');
    }
    out
}

impl ScanWriter {
    pub fn new(format: ListFormat) -> Self {
        ScanWriter { format }
    }

    pub fn header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            ListFormat::Csv => writeln!(out, "{}", SCAN_CSV.join(",")),
            ListFormat::Table => writeln!(
                out,
                "{:<16}  {:<10}  {:<24}  {:<48}  source",
                "kind", "user", "schedule", "command"
            ),
            ListFormat::Jsonl => Ok(()),
        }
    }

    pub fn row(&mut self, out: &mut dyn Write, r: &Record) -> io::Result<()> {
        if self.format == ListFormat::Jsonl {
            let line = serde_json::to_string(r).map_err(io::Error::other)?;
            return writeln!(out, "{line}");
        }
        let kind_name = |k: &foothold::CronKind| {
            serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        if self.format == ListFormat::Csv {
            return csv_scan_row(out, r);
        }
        match (self.format, r) {
            (_, Record::Service(sv)) => {
                let v = &sv.service;
                let mut start = v.start_name.clone().unwrap_or_else(|| "?".into());
                if v.delayed_autostart == Some(true) {
                    start.push_str(" (delayed)");
                }
                let flags = if v.current {
                    String::new()
                } else {
                    "  [not current control set]".into()
                };
                writeln!(
                    out,
                    "{:<16}  {:<10}  {:<24}  {:<48}  {}{flags}",
                    "service",
                    first_line(v.object_name.as_deref().unwrap_or("?"), 10),
                    start,
                    first_line(
                        v.image_path
                            .as_deref()
                            .or(v.service_dll.as_deref())
                            .unwrap_or(""),
                        48
                    ),
                    v.key
                )
            }
            (_, Record::Event(ev)) => {
                let e = &ev.event;
                let what = e
                    .task_name
                    .clone()
                    .or_else(|| {
                        e.service_name.as_ref().map(|n| {
                            format!("service {n}: {}", e.image_path.as_deref().unwrap_or(""))
                        })
                    })
                    .or_else(|| e.command_line.clone())
                    .or_else(|| e.data.get("detail").cloned())
                    .unwrap_or_default();
                let flags = if e.object_missing {
                    "  [object_missing]"
                } else {
                    ""
                };
                let kind = if e.channel == "syslog" {
                    format!(
                        "cron {}",
                        e.data.get("action").map(String::as_str).unwrap_or("")
                    )
                } else {
                    format!("event {}", e.event_id)
                };
                let when = e
                    .timestamp
                    .map(|x| x.to_string())
                    .or_else(|| e.data.get("time").cloned())
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{:<16}  {:<10}  {:<24}  {:<48}  {}#{}{flags}",
                    kind,
                    first_line(
                        e.user.as_deref().or(e.user_sid.as_deref()).unwrap_or("?"),
                        10
                    ),
                    when,
                    first_line(&what, 48),
                    ev.source.path,
                    e.record_id
                )
            }
            (_, Record::ScheduledTask(t)) => {
                let mut flags = t.task.flags.clone();
                if !t.task.enabled {
                    flags.insert(0, "disabled".into());
                }
                let flags = if flags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", flags.join(", "))
                };
                writeln!(
                    out,
                    "{:<16}  {:<10}  {:<24}  {:<48}  {}{flags}",
                    "scheduled_task",
                    t.task
                        .principal
                        .as_ref()
                        .and_then(|p| p.user_id.as_deref().or(p.group_id.as_deref()))
                        .unwrap_or("?"),
                    first_line(&t.task.trigger_summary(), 24),
                    first_line(&t.task.command_line(), 48),
                    t.task.name
                )
            }
            (_, Record::CronJob(c)) => {
                let j = &c.job;
                let flags = if j.flags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", j.flags.join(", "))
                };
                let line = c.source.line.map(|l| format!(":{l}")).unwrap_or_default();
                writeln!(
                    out,
                    "{:<16}  {:<10}  {:<24}  {:<48}  {}{line}{flags}",
                    kind_name(&j.kind),
                    j.user.as_deref().unwrap_or("?"),
                    first_line(&j.schedule, 24),
                    first_line(&j.command, 48),
                    c.source.path
                )
            }
            // In the table, errors and warnings go to stderr only (see main.rs).
            (_, Record::Error(_) | Record::Warning(_)) => Ok(()),
        }
    }
}

/// One scan record as a CSV row (columns: `SCAN_CSV`).
fn csv_scan_row(out: &mut dyn Write, r: &Record) -> io::Result<()> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let num = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    // artifact, kind, schedule, user, command, stdin, flags, location, line, modified, message
    let (
        artifact,
        kind,
        schedule,
        user,
        command,
        stdin,
        flags,
        source,
        location,
        line,
        modified,
        message,
    ) = match r {
        Record::CronJob(c) => {
            let j = &c.job;
            let kind = serde_json::to_value(j.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string));
            (
                "cron_job",
                opt(kind),
                j.schedule.clone(),
                opt(j.user.clone()),
                j.command.clone(),
                opt(j.stdin.clone()),
                j.flags.join(" "),
                &c.source,
                c.source.path.clone(),
                num(c.source.line.map(u64::from)),
                t(&c.source.times.modified),
                String::new(),
            )
        }
        Record::ScheduledTask(task) => {
            let k = &task.task;
            (
                "scheduled_task",
                k.sources.join("+"),
                k.trigger_summary(),
                opt(k.principal.as_ref().and_then(|p| p.user_id.clone())),
                k.command_line(),
                String::new(),
                k.flags.join(" "),
                &task.source,
                task.source.path.clone(),
                String::new(),
                t(&task.source.times.modified),
                String::new(),
            )
        }
        Record::Service(sv) => {
            let v = &sv.service;
            let flags = if v.current {
                String::new()
            } else {
                "not_current_control_set".into()
            };
            let location = format!(
                "{}:{}",
                sv.source.path,
                sv.source.key.as_deref().unwrap_or("")
            );
            (
                "service",
                v.type_names.join("+"),
                opt(v.start_name.clone()),
                opt(v.object_name.clone()),
                opt(v.image_path.clone()),
                String::new(),
                flags,
                &sv.source,
                location,
                String::new(),
                t(&v.last_written),
                String::new(),
            )
        }
        Record::Event(ev) => {
            let e = &ev.event;
            let what = e
                .task_name
                .clone()
                .or_else(|| e.service_name.clone())
                .or_else(|| e.command_line.clone());
            let flags = if e.object_missing {
                "object_missing".to_string()
            } else {
                String::new()
            };
            (
                "event",
                format!("{} {}", e.channel, e.event_id),
                t(&e.timestamp),
                opt(e.user.clone().or_else(|| e.user_sid.clone())),
                opt(what),
                String::new(),
                flags,
                &ev.source,
                ev.source.path.clone(),
                num(ev.source.record_id.or(ev.source.line.map(u64::from))),
                t(&e.timestamp),
                String::new(),
            )
        }
        Record::Error(e) | Record::Warning(e) => (
            if matches!(r, Record::Error(_)) {
                "error"
            } else {
                "warning"
            },
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            &e.source,
            e.source.path.clone(),
            num(e.source.line.map(u64::from)),
            String::new(),
            e.message.clone(),
        ),
    };
    let cols = [
        artifact.to_string(),
        kind,
        schedule,
        user,
        command,
        stdin,
        flags,
        source.evidence.clone(),
        num(source.volume.map(u64::from)),
        location,
        line,
        num(source.entry),
        modified,
        message,
    ];
    writeln!(
        out,
        "{}",
        cols.iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",")
    )
}
