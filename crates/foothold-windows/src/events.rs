//! Persistence events from Windows event logs (EVTX), parsed with the `evtx` crate and
//! filtered by channel, provider and event ID.
use crate::evtx_fast::Parts;
use crate::{parse_task_xml, ScheduledTask};
use foothold_core::Timestamp;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What only a Windows event has: the task or service it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct WindowsDetail {
    /// 4698/4702: the task XML of `TaskContent`, parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task: Option<ScheduledTask>,
    /// Task name (`TaskName`), for task events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_name: Option<String>,
    /// 7045/4697/7040: service name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// 7045/4697: image path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_path: Option<String>,
    /// 7045/4697: service type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    /// 7045/4697: start type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_type: Option<String>,
    /// 7045/4697: the account the service runs as, as the event writes it (`LocalSystem`).
    /// Written `service_account`: the event record's own `account` is the resolved account of
    /// its subject, and one JSON object cannot hold the name twice.
    #[serde(rename = "service_account", skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// The logon session the event was made in (`SubjectLogonId`), when the logs hold it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<crate::SessionRef>,
    /// 4688 / Sysmon 1 of `schtasks`, `sc` or `at`: what the command line asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation: Option<crate::ToolInvocation>,
    /// A Task Scheduler Operational event: what it says about the task's run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_event: Option<crate::TaskEvent>,
}

/// One EVTX record that shows a task or service being made, changed, run or removed: the
/// neutral [`foothold_core::Event`] with the Windows detail.
pub type PersistenceEvent = foothold_core::Event<WindowsDetail>;

/// An event's account as `DOMAIN\\user`, from its `{prefix}DomainName` and `{prefix}UserName`
/// fields (`Subject`, `Target`); an empty or `-` value is absent.
///
/// ```
/// let mut d = std::collections::BTreeMap::new();
/// d.insert("TargetUserName".to_string(), "admmig".to_string());
/// d.insert("TargetDomainName".to_string(), "-".to_string());
/// assert_eq!(foothold_windows::qualified_user(&d, "Target").as_deref(), Some("admmig"));
/// d.insert("TargetDomainName".to_string(), "OFFSEC".to_string());
/// assert_eq!(foothold_windows::qualified_user(&d, "Target").as_deref(), Some("OFFSEC\\admmig"));
/// ```
pub fn qualified_user(data: &BTreeMap<String, String>, prefix: &str) -> Option<String> {
    let get = |k: &str| {
        data.get(&format!("{prefix}{k}"))
            .filter(|v| !v.is_empty() && *v != "-")
    };
    let user = get("UserName")?;
    Some(match get("DomainName") {
        Some(d) => format!("{d}\\{user}"),
        None => user.clone(),
    })
}

/// What reading one log file gave.
#[derive(Debug, Clone, Default)]
pub struct EvtxScan {
    /// Persistence events, in file order.
    pub events: Vec<PersistenceEvent>,
    /// Security logon records (4624, 4625, 4634, 4647, 4648, 4672), in file order, for
    /// [`crate::build_sessions`]; not persistence events themselves.
    pub logons: Vec<PersistenceEvent>,
    /// Records read in all.
    pub records: u64,
    /// Chunks or records that could not be read (`chunk/record: message`).
    pub errors: Vec<String>,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o.get("#text").and_then(text),
        Value::Array(a) => Some(a.iter().filter_map(text).collect::<Vec<_>>().join(", ")),
    }
}

fn attr<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.get("#attributes")?.get(name)
}

/// EventData / UserData fields by name, flattened to text.
fn fields(event: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |prefix: &str, obj: &Value| {
        if let Value::Object(m) = obj {
            for (k, v) in m {
                if k == "#attributes" {
                    continue;
                }
                match v {
                    Value::Object(inner) if !inner.contains_key("#text") => {
                        for (k2, v2) in inner {
                            if k2 != "#attributes" {
                                if let Some(t) = text(v2) {
                                    out.insert(format!("{prefix}{k2}"), t);
                                }
                            }
                        }
                    }
                    other => {
                        if let Some(t) = text(other) {
                            out.insert(format!("{prefix}{k}"), t);
                        }
                    }
                }
            }
        }
    };
    if let Some(d) = event.get("EventData") {
        add("", d);
    }
    if let Some(Value::Object(u)) = event.get("UserData") {
        for v in u.values() {
            add("", v);
        }
    }
    out
}

fn basename_is(path: &str, names: &[&str]) -> bool {
    let base = path
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    names.contains(&base.as_str())
}

const PERSISTENCE_TOOLS: &[&str] = &["schtasks.exe", "sc.exe", "at.exe"];

/// Whether a record is one foothold reports, by channel, provider and event ID.
fn interesting(channel: &str, provider: &str, id: u32, data: &BTreeMap<String, String>) -> bool {
    let ch = channel.to_ascii_lowercase();
    let pv = provider.to_ascii_lowercase();
    match (ch.as_str(), id) {
        ("security", 4697..=4702) => pv.contains("security-auditing"),
        ("security", 4688) => data
            .get("NewProcessName")
            .is_some_and(|p| basename_is(p, PERSISTENCE_TOOLS)),
        ("system", 7045 | 7040) => pv.contains("service control manager"),
        ("microsoft-windows-taskscheduler/operational", id) => {
            crate::TASK_SCHEDULER_IDS.contains(&id)
        }
        ("microsoft-windows-sysmon/operational", 1) => data
            .get("Image")
            .is_some_and(|p| basename_is(p, PERSISTENCE_TOOLS)),
        ("microsoft-windows-sysmon/operational", 11) => {
            data.get("TargetFilename").is_some_and(|p| {
                p.to_ascii_lowercase()
                    .contains("\\windows\\system32\\tasks\\")
            })
        }
        ("microsoft-windows-sysmon/operational", 12..=14) => {
            data.get("TargetObject").is_some_and(|p| {
                let p = p.to_ascii_lowercase();
                p.contains("\\schedule\\taskcache\\")
                    || p.contains("\\currentcontrolset\\services\\")
                    || p.contains("\\controlset001\\services\\")
            })
        }
        _ => false,
    }
}

/// Whether an event is one the persistence filter keeps (what a scan without every record
/// holds: task and service creation, the Task Scheduler log, process records of `schtasks`,
/// `sc`, `at`, writes below the task and service keys…); logon records are not.
pub fn is_persistence_event(e: &PersistenceEvent) -> bool {
    e.event_id
        .is_some_and(|id| interesting(&e.channel, &e.provider, id, &e.data))
}

/// Turn one record's JSON into an event when it is a persistence event (or every record
/// when `all`).
pub fn event_from_json(
    record_id: u64,
    timestamp: Option<Timestamp>,
    json: &Value,
    all: bool,
) -> Option<PersistenceEvent> {
    let ev = json.get("Event")?;
    let sys = ev.get("System")?;
    let parts = Parts {
        channel: sys.get("Channel").and_then(text).unwrap_or_default(),
        provider: sys
            .get("Provider")
            .and_then(|p| attr(p, "Name"))
            .and_then(text)
            .unwrap_or_default(),
        event_id: sys
            .get("EventID")
            .and_then(text)
            .and_then(|t| t.parse().ok()),
        computer: sys.get("Computer").and_then(text),
        user_sid: sys
            .get("Security")
            .and_then(|s| attr(s, "UserID"))
            .and_then(text),
        time_created: sys
            .get("TimeCreated")
            .and_then(|t| attr(t, "SystemTime"))
            .and_then(text),
        record_id: sys
            .get("EventRecordID")
            .and_then(text)
            .and_then(|t| t.parse().ok()),
        data: fields(ev),
    };
    event_from_parts(record_id, timestamp, parts, all)
}

/// The event a record's parts make, when it is a persistence event (or always with `all`).
fn event_from_parts(
    record_id: u64,
    timestamp: Option<Timestamp>,
    p: Parts,
    all: bool,
) -> Option<PersistenceEvent> {
    let event_id = p.event_id?;
    let data = p.data;
    if !all && !interesting(&p.channel, &p.provider, event_id, &data) {
        return None;
    }
    let get = |k: &str| data.get(k).cloned().filter(|v| !v.is_empty() && v != "-");
    let mut e = PersistenceEvent {
        computer: p.computer,
        user_sid: p.user_sid,
        record_id: Some(p.record_id.unwrap_or(record_id)),
        timestamp: p
            .time_created
            .as_deref()
            .and_then(Timestamp::parse_rfc3339)
            .or(timestamp),
        written: timestamp,
        header_record_id: Some(record_id),
        ..PersistenceEvent::default()
    };
    e.detail.task_name = get("TaskName");
    match event_id {
        4698 | 4702 => {
            e.detail.task = get("TaskContent")
                .or_else(|| get("TaskContentNew"))
                .and_then(|x| parse_task_xml(x.as_bytes()).ok())
        }
        7045 | 4697 | 7040 => {
            e.detail.service_name = get("ServiceName").or_else(|| get("param1"));
            e.detail.image_path = get("ImagePath").or_else(|| get("ServiceFileName"));
            e.detail.service_type = get("ServiceType");
            e.detail.start_type = get("StartType");
            e.detail.account = get("AccountName").or_else(|| get("ServiceAccount"));
        }
        4688 => {
            e.process = get("NewProcessName");
            e.command_line = get("CommandLine");
            e.parent_process = get("ParentProcessName");
        }
        id if p
            .channel
            .eq_ignore_ascii_case("Microsoft-Windows-TaskScheduler/Operational")
            && crate::TASK_SCHEDULER_IDS.contains(&id) =>
        {
            e.detail.task_event = crate::task_event_phase(id).map(|phase| crate::TaskEvent {
                phase: phase.to_string(),
                instance_id: get("InstanceId")
                    .or_else(|| get("TaskInstanceId"))
                    .or_else(|| get("QueuedTaskInstanceId")),
                action_name: get("ActionName"),
                process: get("Path"),
                process_id: get("ProcessID"),
                result_code: get("ResultCode").or_else(|| get("ErrorValue")),
            });
        }
        1 if p
            .channel
            .eq_ignore_ascii_case("Microsoft-Windows-Sysmon/Operational") =>
        {
            e.process = get("Image");
            e.command_line = get("CommandLine");
            e.parent_process = get("ParentImage");
            e.user = get("User");
        }
        _ => {}
    }
    // A process that is schtasks, sc or at: its command line as data.
    if e.process.is_some() {
        e.detail.invocation = e.command_line.as_deref().and_then(crate::parse_invocation);
    }
    tie_invocation(&mut e);
    // Who: the subject of a Security event (DOMAIN\user), else the TaskScheduler
    // event's user context.
    if e.user.is_none() {
        e.user = qualified_user(&data, "Subject")
            .or_else(|| get("UserContext"))
            .or_else(|| get("UserName"));
    }
    e.channel = p.channel;
    e.provider = p.provider;
    e.event_id = Some(event_id);
    e.data = data;
    Some(e)
}

/// An event whose `invocation` names a task or service of this machine (not one of `/s host`):
/// the event is tied to it as a 4698 or 7045 is (`task_name`, `service_name`), and says when
/// it is gone.
pub(crate) fn tie_invocation(e: &mut PersistenceEvent) {
    let Some(inv) = &e.detail.invocation else {
        return;
    };
    let here = inv.remote_host.as_deref().is_none_or(|h| {
        matches!(
            h.to_ascii_lowercase().as_str(),
            "localhost" | "127.0.0.1" | "." | "::1"
        )
    });
    if here {
        e.detail.task_name = e.detail.task_name.take().or_else(|| inv.task_name.clone());
        e.detail.service_name = e
            .detail
            .service_name
            .take()
            .or_else(|| inv.service_name.clone());
    }
}

/// The channels [`candidate`] takes records of, lower case.
const CANDIDATE_CHANNELS: [&str; 4] = [
    "security",
    "system",
    "microsoft-windows-taskscheduler/operational",
    "microsoft-windows-sysmon/operational",
];

/// IDs that [`candidate`] takes on some channel (so that most records are dropped before
/// their channel is read).
fn candidate_id(id: u32) -> bool {
    CANDIDATE_CHANNELS.iter().any(|c| candidate_lower(c, id))
}

/// Channel and ID pairs that can hold a persistence event (field checks come later).
fn candidate(channel: &str, id: u32) -> bool {
    candidate_lower(&channel.to_ascii_lowercase(), id)
}

/// [`candidate`] of a channel already in lower case.
fn candidate_lower(channel: &str, id: u32) -> bool {
    match channel {
        "security" => {
            id == 4688 || (4697..=4702).contains(&id) || crate::LOGON_EVENT_IDS.contains(&id)
        }
        "system" => id == 7045 || id == 7040,
        "microsoft-windows-taskscheduler/operational" => crate::TASK_SCHEDULER_IDS.contains(&id),
        "microsoft-windows-sysmon/operational" => matches!(id, 1 | 11 | 12 | 13 | 14),
        _ => false,
    }
}

/// Read an EVTX file's bytes: persistence events (every record with `all`), the number of
/// records, and the chunks or records that could not be read. A bad file header is an error.
///
/// Chunks are parsed in parallel on the rayon pool (the caller may itself be parsing files
/// in parallel there: rayon nests). The `evtx` crate reads the file and chunk headers and
/// builds each chunk's string table (its own checks, in place); foothold then reads each record's
/// template instance from the binary XML itself (`evtx_binxml`), decides from its channel and
/// event ID whether it can be a persistence event, and reads the fields only of those. A chunk
/// holding anything that reader does not cover is rendered to JSON by the crate and read
/// back, which gives the same records.
pub fn parse_evtx(bytes: Vec<u8>, all: bool) -> crate::Result<EvtxScan> {
    parse_evtx_slice(&bytes, all)
}

/// [`parse_evtx`] of bytes in place (a memory-mapped log, say): nothing is copied but the
/// chunks the typed reader leaves to the crate.
pub fn parse_evtx_slice(bytes: &[u8], all: bool) -> crate::Result<EvtxScan> {
    parse_evtx_by(bytes, all, EvtxPath::Typed, true).map(|(s, _)| s)
}

/// [`parse_evtx_slice`] on the calling thread alone, for a caller that reads many small logs
/// in parallel itself (a scan's logs folder, a log per worker): the chunks are not spread
/// over the thread pool. Same records, same order.
pub fn parse_evtx_serial(bytes: &[u8], all: bool) -> crate::Result<EvtxScan> {
    parse_evtx_by(bytes, all, EvtxPath::Typed, false).map(|(s, _)| s)
}

/// Which way [`parse_evtx_with`] reads records.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvtxPath {
    /// Typed extraction from the binary XML, chunks it does not cover through the crate.
    Typed,
    /// Every record rendered to JSON by the `evtx` crate and read back (the reference).
    Rendered,
}

/// [`parse_evtx`] by a chosen path, for the tests that keep both paths equal.
#[doc(hidden)]
pub fn parse_evtx_with(bytes: &[u8], all: bool, path: EvtxPath) -> crate::Result<EvtxScan> {
    parse_evtx_by(bytes, all, path, true).map(|(s, _)| s)
}

/// How many chunks the typed path read itself, and why it left each other one to the crate.
#[doc(hidden)]
pub fn evtx_typed_coverage(bytes: &[u8], all: bool) -> crate::Result<(usize, Vec<&'static str>)> {
    parse_evtx_by(bytes, all, EvtxPath::Typed, true).map(|(_, c)| c)
}

fn parse_evtx_by(
    bytes: &[u8],
    all: bool,
    path: EvtxPath,
    parallel: bool,
) -> crate::Result<(EvtxScan, (usize, Vec<&'static str>))> {
    let mut out = EvtxScan::default();
    let mut coverage = (0usize, Vec::new());
    walk_evtx(bytes, all, path, parallel, &mut |p, left| {
        match left {
            None => coverage.0 = coverage.0.saturating_add(1),
            Some(why) => coverage.1.push(why),
        }
        out.records = out.records.saturating_add(p.records);
        out.events.extend(p.events);
        out.logons.extend(p.logons);
        for e in p.errors {
            if out.errors.len() < 1000 {
                out.errors.push(e);
            }
        }
    })?;
    Ok((out, coverage))
}

/// [`parse_evtx_slice`] handing over what each chunk gave, in file order, as it goes: memory
/// holds a batch of chunks' records, not the log's. Each part's `errors` are that chunk's.
///
/// ```
/// // Not an EVTX file: the file header's error, and nothing handed over.
/// let mut parts = 0;
/// let r = foothold_windows::parse_evtx_streamed(b"not an event log", true, |_| parts += 1);
/// assert!(r.is_err());
/// assert_eq!(parts, 0);
/// ```
pub fn parse_evtx_streamed(
    bytes: &[u8],
    all: bool,
    mut each: impl FnMut(EvtxScan),
) -> crate::Result<()> {
    // Reading runs on its own thread (and the rayon pool) a batch or two ahead of `each`, so
    // that reading and writing overlap; the channel bounds what waits between them.
    let (tx, rx) = std::sync::mpsc::sync_channel::<EvtxScan>(2 * BATCH);
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            walk_evtx(bytes, all, EvtxPath::Typed, true, &mut |p, _| {
                let _ = tx.send(p);
            })
        });
        for p in rx {
            each(p);
        }
        reader.join().unwrap_or_else(|_| {
            Err(crate::Error::Evtx {
                reason: "the event-log reader thread stopped".into(),
            })
        })
    })
}

/// Chunks in parallel, this many at a time, handed over in file order.
const BATCH: usize = 32;

/// (`parallel`: each batch's chunks over the thread pool, else on this thread.)
fn walk_evtx(
    bytes: &[u8],
    all: bool,
    path: EvtxPath,
    parallel: bool,
    each: &mut dyn FnMut(EvtxScan, Option<&'static str>),
) -> crate::Result<()> {
    // The crate's own thread pool stays off: nesting it inside rayon deadlocked under load.
    let settings = evtx::ParserSettings::new().num_threads(1);
    let mut parser = evtx::EvtxParser::from_read_seek(std::io::Cursor::new(bytes))
        .map_err(|e| crate::Error::Evtx {
            reason: error_chain(&e),
        })?
        .with_configuration(settings.clone());
    let settings = std::sync::Arc::new(settings);
    let order = match path {
        EvtxPath::Typed => crate::evtx_binxml::chunk_order(bytes),
        EvtxPath::Rendered => None,
    };
    match order {
        // Every chunk is read in place; one the typed reader does not cover is copied and
        // rendered by the crate.
        Some(order) => {
            for batch in order.chunks(BATCH) {
                let parts = in_order(batch.to_vec(), parallel, |(number, data)| {
                    typed_or_rendered(number, data, &settings, all)
                });
                for (p, why) in parts {
                    each(p, why);
                }
            }
        }
        // The crate's own walk: its copies of the chunks, its errors for damaged ones.
        None => {
            let why = match path {
                EvtxPath::Typed => "a damaged or incomplete chunk in the file",
                EvtxPath::Rendered => "the rendered path",
            };
            let mut chunks = parser.chunks().map(|c| c.map_err(|e| error_chain(&e)));
            loop {
                let batch: Vec<_> = chunks.by_ref().take(BATCH).collect();
                if batch.is_empty() {
                    break;
                }
                let parts = in_order(batch, parallel, |c| parse_chunk(c, &settings, all));
                for p in parts {
                    each(p, Some(why));
                }
            }
        }
    }
    Ok(())
}

/// `f` of each item, in the items' order: over the thread pool when `parallel`, else here.
fn in_order<T: Send, R: Send>(
    items: Vec<T>,
    parallel: bool,
    f: impl Fn(T) -> R + Sync + Send,
) -> Vec<R> {
    use rayon::prelude::*;
    if parallel {
        items.into_par_iter().map(f).collect()
    } else {
        items.into_iter().map(f).collect()
    }
}

/// One chunk in place: by typed extraction, else copied and rendered by the crate (and why).
fn typed_or_rendered(
    number: u64,
    data: &[u8],
    settings: &std::sync::Arc<evtx::ParserSettings>,
    all: bool,
) -> (EvtxScan, Option<&'static str>) {
    let header = match evtx::EvtxChunkHeader::from_bytes(data) {
        Ok(h) => h,
        Err(e) => {
            return (
                parse_chunk(Err(error_chain(&e)), settings, all),
                Some("a bad chunk header"),
            )
        }
    };
    // The crate builds the chunk's string table first and fails the chunk when it cannot:
    // the same check (in place, nothing copied) before reading it.
    let why = if evtx::EvtxChunk::new(data, &header, std::sync::Arc::clone(settings)).is_err() {
        "a chunk whose string table the crate cannot read"
    } else {
        match typed_chunk(data, all) {
            Ok(out) => return (out, None),
            Err(why) => why,
        }
    };
    let chunk = evtx::EvtxChunkData {
        header,
        data: data.to_vec(),
        number: Some(number),
    };
    (parse_chunk(Ok(chunk), settings, all), Some(why))
}

/// One chunk's records through the crate: each rendered to JSON and read back.
fn parse_chunk(
    chunk: Result<evtx::EvtxChunkData, String>,
    settings: &std::sync::Arc<evtx::ParserSettings>,
    all: bool,
) -> EvtxScan {
    let mut data = match chunk {
        Ok(d) => d,
        Err(e) => {
            let mut out = EvtxScan::default();
            out.errors.push(e);
            return out;
        }
    };
    let number = data.number;
    match data.parse(std::sync::Arc::clone(settings)) {
        Ok(mut chunk) => rendered_chunk(&mut chunk, all),
        Err(e) => {
            let mut out = EvtxScan::default();
            out.errors
                .push(format!("chunk {}: {e}", number.map_or(-1, |n| n as i64)));
            out
        }
    }
}

/// A chunk read by typed extraction, or why a record of it needs the crate's rendering.
fn typed_chunk(data: &[u8], all: bool) -> Result<EvtxScan, &'static str> {
    use crate::evtx_binxml::{read_record, records, Outcome, Templates};
    let raw = records(data).ok_or("a record header the crate would resynchronise after")?;
    let mut out = EvtxScan::default();
    let mut templates = Templates::default();
    for r in raw {
        let ts = evtx::binxml::value_variant::FileTime(r.filetime)
            .to_timestamp()
            .ok_or("a record time out of range")?;
        out.records = out.records.saturating_add(1);
        let parts = match read_record(
            data,
            r.at,
            r.len,
            &mut templates,
            all,
            candidate_id,
            candidate,
        ) {
            Outcome::Parts(p) => p,
            Outcome::Rejected => continue,
            Outcome::Unsupported(why) => return Err(why),
        };
        let ts = Timestamp::from_unix(ts.as_second(), ts.subsec_nanosecond().max(0) as u32);
        keep(&mut out, r.id, ts, parts, all);
    }
    Ok(out)
}

/// File one record's parts: a logon record goes to the session builder (and the events
/// with `all`), a persistence event to the events.
fn keep(out: &mut EvtxScan, record_id: u64, ts: Timestamp, parts: Parts, all: bool) {
    let logon = parts.channel.eq_ignore_ascii_case("security")
        && parts
            .event_id
            .is_some_and(|id| crate::LOGON_EVENT_IDS.contains(&id));
    if logon {
        if let Some(e) = event_from_parts(record_id, Some(ts), parts, true) {
            if all {
                out.events.push(e.clone());
            }
            out.logons.push(e);
        }
        return;
    }
    if let Some(e) = event_from_parts(record_id, Some(ts), parts, all) {
        out.events.push(e);
    }
}

/// An error with its causes (`Failed to parse record number 1: … template instance inside
/// template definition`): the crate's top message alone does not say what was wrong.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    // A few levels: a cause chain is short, and a hostile one cannot make it long here.
    for _ in 0..8 {
        let Some(c) = cause else { break };
        let t = c.to_string();
        if !s.ends_with(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cause = c.source();
    }
    s
}

/// A chunk read through the crate: each record rendered to JSON and read back.
fn rendered_chunk(chunk: &mut evtx::EvtxChunk, all: bool) -> EvtxScan {
    let mut out = EvtxScan::default();
    for rec in chunk.iter() {
        let rec = match rec.and_then(|r| r.into_json_bytes()) {
            Ok(r) => r,
            Err(e) => {
                if out.errors.len() < 1000 {
                    out.errors.push(error_chain(&e));
                }
                continue;
            }
        };
        out.records = out.records.saturating_add(1);
        let (mut parts, raw) = match crate::evtx_fast::parse(&rec.data, !all) {
            Ok(p) => p,
            Err(e) => {
                out.errors
                    .push(format!("record {}: {e}", rec.event_record_id));
                continue;
            }
        };
        if let Some(raw) = raw {
            if !parts
                .event_id
                .is_some_and(|id| candidate(&parts.channel, id))
            {
                continue;
            }
            if let Err(e) = crate::evtx_fast::fill_data(&mut parts, &raw) {
                out.errors
                    .push(format!("record {}: {e}", rec.event_record_id));
                continue;
            }
        }
        let ts = Timestamp::from_unix(
            rec.timestamp.as_second(),
            rec.timestamp.subsec_nanosecond().max(0) as u32,
        );
        keep(&mut out, rec.event_record_id, ts, parts, all);
    }
    out
}
