//! Bytes → Windows scheduled tasks (ATT&CK T1053.005): task XML (Task Scheduler schema
//! 1.1–1.6, any encoding), legacy `.job` files (MS-TSCH) and the registry TaskCache (our own
//! bounded hive reader). Parsers only: the `foothold`
//! facade finds the files, names the tasks by path and adds provenance.
//!
//! # Getting started
//! ```
//! let xml = br#"<?xml version="1.0"?><Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
//!   <RegistrationInfo><Author>CORP\eve</Author><URI>\Updater</URI></RegistrationInfo>
//!   <Triggers><LogonTrigger><Enabled>true</Enabled></LogonTrigger></Triggers>
//!   <Settings><Hidden>true</Hidden></Settings>
//!   <Actions><Exec><Command>C:\Users\eve\u.exe</Command><Arguments>-k &amp; -q</Arguments></Exec></Actions>
//! </Task>"#;
//! let t = foothold_windows::parse_task_xml(xml).unwrap();
//! assert_eq!(t.uri.as_deref(), Some(r"\Updater"));
//! assert!(t.hidden && t.enabled);
//! assert_eq!(t.triggers[0].kind, "logon");
//! assert_eq!(t.actions[0].arguments.as_deref(), Some("-k & -q"));
//! ```
//!
//! # Reconciling what a scan found
//! The facade reads the task files, `.job` files and the SOFTWARE hive; joining them is pure
//! and lives here ([`reconcile_tasks`]), as does tying events to tasks ([`correlate_events`]):
//! ```
//! use foothold_windows::{correlate_events, parse_task_xml, reconcile_tasks, PersistenceEvent, TaskFlag, WindowsDetail};
//! let xml = br#"<Task xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Actions><Exec><Command>u.exe</Command></Exec></Actions></Task>"#;
//! let mut task = parse_task_xml(xml).unwrap();
//! task.name = r"\Updater".into();
//! // Task files, no .job files, no SOFTWARE hive read: nothing is said about the registry.
//! let r = reconcile_tasks(vec![task], vec![], None);
//! assert_eq!(r.tasks[0].task.flags, Vec::<TaskFlag>::new());
//! let mut events = vec![PersistenceEvent {
//!     event_id: Some(4698),
//!     detail: WindowsDetail { task_name: Some(r"\updater".into()), ..Default::default() },
//!     ..Default::default()
//! }];
//! let tasks: Vec<_> = r.tasks.iter().map(|t| &t.task).collect();
//! assert_eq!(correlate_events(&mut events, Some(&tasks), None).len(), 1);
//! ```
#![forbid(unsafe_code)]
// Every byte this crate reads is evidence: arithmetic on read values is checked (or saturating
// against a bound), and every slice goes through `get`.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::string_slice
)]
// Unit tests index their own fixed inputs.
#![cfg_attr(
    test,
    allow(
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

mod accounts;
mod command_line;
mod environment;
mod error;
mod events;
mod evtx_binxml;
mod evtx_fast;
mod from_logs;
mod gpo;
mod hive;
mod hive_log;
mod host;
mod invocation;
mod job;
mod next_runs;
mod powershell;
mod reconcile;
mod sam;
mod service;
mod sessions;
mod task;
mod task_cache;
mod task_runs;
mod task_triggers;
mod task_xml;
mod text;
mod time_zone;

pub use accounts::{parse_profile_list, resolve_windows_account, well_known_sid, windows_accounts};
pub use command_line::{
    expand_environment, parse_windows_command, split_command_line, unquoted_candidates, PATHEXT,
};
pub use environment::WindowsEnvironment;
pub use error::{Error, Result};
pub use events::{
    event_from_json, evtx_typed_coverage, is_persistence_event, parse_evtx, parse_evtx_serial,
    parse_evtx_slice, parse_evtx_streamed, parse_evtx_with, qualified_user, EvtxPath, EvtxScan,
    PersistenceEvent, WindowsDetail,
};
pub use from_logs::{services_from_events, tasks_from_events, LogService, LogTask};
pub use gpo::{parse_gpp_scheduled_tasks, parse_gpp_services, GpoItem, GppTasks};
pub use hive::{DeletedKey, KeyRef, RegValue, RegistryHive};
pub use hive_log::{marvin32, replay_logs, Replay};
pub use host::WindowsHost;
pub use invocation::{parse_invocation, ToolInvocation};
pub use job::{parse_job, JobInfo};
pub use next_runs::trigger_next_runs;
pub use powershell::{parse_powershell_history, parse_powershell_invocation};
pub use reconcile::{
    correlate_events, deleted_cache_tasks, gpo_deployed_tasks, reconcile_tasks, EventTarget,
    ReconciledTask, TaskOrigin, TaskReconciliation,
};
pub use sam::{parse_sam, Sam, SamGroup, SamUser};
pub use service::{
    parse_deleted_services, parse_failure_actions, parse_services, resolve_image_path,
    FailureAction, FailureActions, Service,
};
pub use sessions::{
    build_sessions, logon_type_name, service_created_by, session_of, task_created_by, CreatedBy,
    CreationEvidence, InferredAddress, LogonSession, SessionRef, LOGON_EVENT_IDS,
};
pub use task::{
    trigger_frequency, ActionKind, CalendarKind, CalendarSchedule, Principal, ScheduledTask,
    TaskAction, TaskFlag, TaskSource, TaskTrigger, TriggerKind,
};
pub use task_cache::{
    parse_actions_blob, parse_deleted_task_cache, parse_dynamic_info, parse_task_cache,
    DynamicInfo, TaskCacheEntry, TASK_CACHE,
};
pub use task_runs::{runs_seen, task_event_phase, RunsSeen, TaskEvent, TASK_SCHEDULER_IDS};
pub use task_triggers::{parse_triggers_blob, TriggersBlob};
pub use task_xml::parse_task_xml;
pub use text::decode_text;
pub use time_zone::{TimeZoneInfo, TransitionRule};

/// Largest task file the parsers accept (real ones are a few KiB).
pub const MAX_TASK_FILE: usize = 4 << 20;
