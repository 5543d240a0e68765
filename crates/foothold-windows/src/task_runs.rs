//! The Task Scheduler Operational log's account of a task's life: what each event says, and
//! how often the task actually ran.
use crate::PersistenceEvent;
use foothold_core::Timestamp;
use serde::Serialize;

/// The Task Scheduler Operational event IDs of a task's life (registration, triggers, launch,
/// actions, completion, queueing, deletion), as the provider's manifest names them.
pub const TASK_SCHEDULER_IDS: [u32; 27] = [
    100, 101, 102, 103, 106, 107, 108, 109, 110, 111, 114, 118, 119, 129, 140, 141, 142, 153, 200,
    201, 202, 203, 322, 324, 325, 329, 332,
];

/// What a Task Scheduler Operational event says: `phase` (the manifest's event name in
/// `snake_case`) and the run it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskEvent {
    /// `task_started` (100), `launch_failed` (101), `task_completed` (102), `task_failed`
    /// (103), `registered` (106), `time_triggered` (107), `event_triggered` (108),
    /// `registration_triggered` (109), `run_requested` (110), `terminated` (111),
    /// `missed_launched` (114), `boot_triggered` (118), `logon_triggered` (119),
    /// `process_created` (129), `updated` (140), `deleted` (141), `disabled` (142),
    /// `missed_rejected` (153), `action_started` (200), `action_completed` (201),
    /// `action_failed` (202), `action_launch_failed` (203), `launch_refused` (322),
    /// `queued` (324, 325), `timed_out` (329), `not_started_busy` (332).
    pub phase: String,
    /// The run (`InstanceId`, `TaskInstanceId`, `QueuedTaskInstanceId`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// The action (`ActionName`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action_name: Option<String>,
    /// The process started (`Path` of 129).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// Its process id (`ProcessID`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process_id: Option<String>,
    /// The result (`ResultCode`, `ErrorValue`), as written (`0`, `2147942402`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
}

/// The phase of Task Scheduler event `id`, `None` for an ID outside [`TASK_SCHEDULER_IDS`].
pub fn task_event_phase(id: u32) -> Option<&'static str> {
    Some(match id {
        100 => "task_started",
        101 => "launch_failed",
        102 => "task_completed",
        103 => "task_failed",
        106 => "registered",
        107 => "time_triggered",
        108 => "event_triggered",
        109 => "registration_triggered",
        110 => "run_requested",
        111 => "terminated",
        114 => "missed_launched",
        118 => "boot_triggered",
        119 => "logon_triggered",
        129 => "process_created",
        140 => "updated",
        141 => "deleted",
        142 => "disabled",
        153 => "missed_rejected",
        200 => "action_started",
        201 => "action_completed",
        202 => "action_failed",
        203 => "action_launch_failed",
        322 => "launch_refused",
        324 | 325 => "queued",
        329 => "timed_out",
        332 => "not_started_busy",
        _ => return None,
    })
}

/// How often a task ran, as its Task Scheduler log saw it: the runs started (100, or 200
/// where the log keeps no 100), the first and last start, the runs that failed (101, 103,
/// 202, 203) and the last result written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RunsSeen {
    /// Runs started.
    pub runs: u64,
    /// The first start.
    pub first: Option<Timestamp>,
    /// The last start.
    pub last: Option<Timestamp>,
    /// Runs or actions that failed.
    pub failures: u64,
    /// The last result code written (a completion or failure), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_result: Option<String>,
}

/// [`RunsSeen`] of the Task Scheduler events of one task (events of other logs are ignored);
/// `None` when none of them is a start.
///
/// ```
/// use foothold_windows::{runs_seen, PersistenceEvent, TaskEvent};
/// let ev = |id: u32, t: &str| {
///     let mut e = PersistenceEvent { channel: "Microsoft-Windows-TaskScheduler/Operational".into(), event_id: Some(id), ..Default::default() };
///     e.timestamp = foothold_core::Timestamp::parse_rfc3339(t);
///     e.detail.task_event = foothold_windows::task_event_phase(id).map(|p| TaskEvent { phase: p.into(), result_code: (id == 102).then(|| "0".into()), ..Default::default() });
///     e
/// };
/// let evs = [ev(100, "2026-01-01T00:00:00Z"), ev(102, "2026-01-01T00:00:05Z"), ev(100, "2026-01-02T00:00:00Z")];
/// let r = runs_seen(evs.iter()).unwrap();
/// assert_eq!((r.runs, r.first.unwrap().to_string(), r.last.unwrap().to_string()), (2, "2026-01-01T00:00:00Z".into(), "2026-01-02T00:00:00Z".into()));
/// assert_eq!(r.last_result.as_deref(), Some("0"));
/// ```
pub fn runs_seen<'a>(events: impl IntoIterator<Item = &'a PersistenceEvent>) -> Option<RunsSeen> {
    let mut starts: Vec<Option<Timestamp>> = Vec::new();
    let mut action_starts: Vec<Option<Timestamp>> = Vec::new();
    let mut out = RunsSeen::default();
    let mut last_result: Option<(Option<Timestamp>, String)> = None;
    for e in events {
        let Some(t) = &e.detail.task_event else {
            continue;
        };
        match t.phase.as_str() {
            "task_started" => starts.push(e.timestamp),
            "action_started" => action_starts.push(e.timestamp),
            "launch_failed" | "task_failed" | "action_failed" | "action_launch_failed" => {
                out.failures = out.failures.saturating_add(1)
            }
            _ => {}
        }
        if let Some(code) = &t.result_code {
            if last_result
                .as_ref()
                .is_none_or(|(when, _)| e.timestamp >= *when)
            {
                last_result = Some((e.timestamp, code.clone()));
            }
        }
    }
    let starts = if starts.is_empty() {
        action_starts
    } else {
        starts
    };
    if starts.is_empty() {
        return None;
    }
    out.runs = starts.len() as u64;
    out.first = starts.iter().flatten().min().copied();
    out.last = starts.iter().flatten().max().copied();
    out.last_result = last_result.map(|(_, c)| c);
    Some(out)
}
