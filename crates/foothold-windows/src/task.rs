use serde::Serialize;
use std::collections::BTreeMap;

foothold_core::named_enum! {
    /// Where a task was seen.
    pub enum TaskSource {
        /// A task XML file under `\\Windows\\System32\\Tasks`.
        Xml => "xml",
        /// A legacy `.job` file under `\\Windows\\Tasks`.
        Job => "job",
        /// The SOFTWARE hive's TaskCache.
        Taskcache => "taskcache",
        /// Security event-log records (4698/4702/4699 `TaskContent`).
        EventLog => "event_log",
        /// A Group Policy Preferences `ScheduledTasks.xml` (a GPO deploys it).
        Gpo => "gpo",
    }
}

foothold_core::named_enum! {
    /// An observation about a task.
    pub enum TaskFlag {
        /// `Settings/Hidden` is set: the task is hidden from the Task Scheduler UI.
        HiddenSetting => "hidden_setting",
        /// `RegistrationInfo/URI` names another path than the file's.
        UriPathMismatch => "uri_path_mismatch",
        /// The TaskCache `Tree` key has no `SD` value (Tarrask hides tasks this way).
        NoSecurityDescriptor => "no_security_descriptor",
        /// The TaskCache `Tree` key's `Index` is 0.
        IndexZero => "index_zero",
        /// The task file's action differs from what the TaskCache records.
        XmlRegistryMismatch => "xml_registry_mismatch",
        /// A task file without a TaskCache entry (when the hive was read).
        NoRegistryEntry => "no_registry_entry",
        /// A registry-only task whose `Triggers` blob could not be decoded: `enabled` is a guess.
        EnabledNotDecoded => "enabled_not_decoded",
        /// A TaskCache `Tasks\\{GUID}` entry without a `Tree` key.
        NoTreeKey => "no_tree_key",
        /// Known only from the TaskCache: no task file was found.
        RegistryOnly => "registry_only",
        /// A Group Policy item deploys this task, and the task runs something else than the
        /// item says (changed on the machine since, or the item since the policy applied).
        GpoItemDiffers => "gpo_item_differs",
    }
}

foothold_core::named_enum! {
    /// What kind of action.
    #[derive(Default)]
    pub enum ActionKind {
        /// Run a program.
        #[default]
        Exec => "exec",
        /// Activate a COM class.
        ComHandler => "com_handler",
        /// Send an e-mail (deprecated).
        SendEmail => "send_email",
        /// Show a message (deprecated).
        ShowMessage => "show_message",
    }
    other: /** Another element, by its name in snake case. */ Other
}

foothold_core::named_enum! {
    /// What kind of trigger.
    #[derive(Default)]
    pub enum TriggerKind {
        /// Once, at a time (`TimeTrigger`).
        #[default]
        Time => "time",
        /// On a calendar (`CalendarTrigger`).
        Calendar => "calendar",
        /// At boot.
        Boot => "boot",
        /// At logon.
        Logon => "logon",
        /// On idle.
        Idle => "idle",
        /// On an event (`Subscription`).
        Event => "event",
        /// When registered.
        Registration => "registration",
        /// On a session state change (connect, lock…).
        SessionStateChange => "session_state_change",
        /// On a WNF state change.
        WnfStateChange => "wnf_state_change",
    }
    other: /** Another element, by its name in snake case (`Trigger` dropped). */ Other
}

foothold_core::named_enum! {
    /// How a calendar trigger repeats.
    #[derive(Default)]
    pub enum CalendarKind {
        /// Every N days.
        #[default]
        ByDay => "by_day",
        /// Every N weeks on some days.
        ByWeek => "by_week",
        /// On days of some months.
        ByMonth => "by_month",
        /// On weekdays of some weeks of some months.
        ByMonthDayOfWeek => "by_month_day_of_week",
    }
}

/// The principal a task runs as.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Principal {
    /// `id` attribute (referenced by `Actions Context`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `UserId` (account or SID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `GroupId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// `LogonType` (`InteractiveToken`, `Password`, `S4U`, `ServiceAccount`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logon_type: Option<String>,
    /// `RunLevel` (`LeastPrivilege`, `HighestAvailable`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_level: Option<String>,
    /// `DisplayName`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// `ProcessTokenSidType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub process_token_sid_type: Option<String>,
    /// `RequiredPrivileges/Privilege`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_privileges: Vec<String>,
}

/// The calendar part of a `CalendarTrigger` (or a legacy `.job` daily/weekly/monthly trigger).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CalendarSchedule {
    /// How it repeats.
    pub kind: CalendarKind,
    /// `DaysInterval`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_interval: Option<u32>,
    /// `WeeksInterval`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks_interval: Option<u32>,
    /// `DaysOfWeek` (`Monday`…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days_of_week: Vec<String>,
    /// `DaysOfMonth` (`1`…`31`, `Last`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub days_of_month: Vec<String>,
    /// `Months` (`January`…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<String>,
    /// `Weeks` (`1`…`4`, `Last`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub weeks: Vec<String>,
}

/// One trigger.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskTrigger {
    /// What fires it.
    #[serde(rename = "type")]
    pub kind: TriggerKind,
    /// `id` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Enabled` (default true).
    pub enabled: bool,
    /// `StartBoundary` as written (local time unless it ends in `Z` or an offset).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_boundary: Option<String>,
    /// `EndBoundary` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_boundary: Option<String>,
    /// `Repetition/Interval` (ISO 8601 duration, `PT5M`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<String>,
    /// `Repetition/Duration`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// `Repetition/StopAtDurationEnd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_at_duration_end: Option<bool>,
    /// `Delay`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay: Option<String>,
    /// `RandomDelay`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub random_delay: Option<String>,
    /// `ExecutionTimeLimit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_time_limit: Option<String>,
    /// `UserId` (logon, session state change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `Subscription` (event trigger: the XPath query, decoded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription: Option<String>,
    /// `StateChange` (session state change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_change: Option<String>,
    /// `StateName` (WNF state change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_name: Option<String>,
    /// `Data` (WNF state change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// Calendar schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<CalendarSchedule>,
    /// Event trigger `ValueQueries` (name → XPath).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub value_queries: BTreeMap<String, String>,
}

/// One action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TaskAction {
    /// `exec`, `com_handler`, `send_email`, `show_message`.
    #[serde(rename = "type")]
    pub kind: ActionKind,
    /// `id` attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Exec `Command`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// Exec `Arguments`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
    /// Exec `WorkingDirectory`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    /// ComHandler `ClassId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_id: Option<String>,
    /// ComHandler `Data`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<String>,
    /// SendEmail / ShowMessage fields by element name (`Server`, `To`, `Subject`, `Title`, `Body`…).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// A scheduled task as its definition file states it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ScheduledTask {
    /// `\Folder\Task`, as schtasks shows it (set by the caller from the file's path).
    pub name: String,
    /// `Settings/Enabled` (default true).
    pub enabled: bool,
    /// `Settings/Hidden` (default false).
    pub hidden: bool,
    /// Task schema version (`version` attribute).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<String>,
    /// `RegistrationInfo/Author`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// `RegistrationInfo/Date` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `RegistrationInfo/Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `RegistrationInfo/URI`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// `RegistrationInfo/Source`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_info: Option<String>,
    /// `RegistrationInfo/Version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `RegistrationInfo/Documentation`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documentation: Option<String>,
    /// `RegistrationInfo/SecurityDescriptor` (SDDL).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_descriptor: Option<String>,
    /// The principal the actions run as (the one `Actions Context` names, else the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    /// Triggers in file order.
    pub triggers: Vec<TaskTrigger>,
    /// Actions in file order.
    pub actions: Vec<TaskAction>,
    /// Every other setting, by element path (`IdleSettings/Duration`).
    pub settings: BTreeMap<String, String>,
    /// Where the task was seen.
    pub sources: Vec<TaskSource>,
    /// Observations.
    pub flags: Vec<TaskFlag>,
    /// Legacy `.job` details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job: Option<crate::JobInfo>,
    /// What the SOFTWARE hive's TaskCache records for this task.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub taskcache: Option<crate::TaskCacheEntry>,
}

/// `PT1H30M` → `1h30m`, `P1D` → `1d`; anything else as written.
fn duration(iso: &str) -> String {
    let Some(rest) = iso.strip_prefix('P') else {
        return iso.to_string();
    };
    let mut out = String::new();
    let mut num = String::new();
    let mut time = false;
    for c in rest.chars() {
        match c {
            'T' => time = true,
            '0'..='9' | '.' => num.push(c),
            'D' | 'H' | 'S' | 'W' | 'Y' => {
                out.push_str(&num);
                out.push(c.to_ascii_lowercase());
                num.clear();
            }
            'M' => {
                out.push_str(&num);
                out.push_str(if time { "min" } else { "mo" });
                num.clear();
            }
            _ => return iso.to_string(),
        }
    }
    out
}

impl TaskTrigger {
    /// A short description for people: `every 5min from 2022-03-10T15:59:00`, `at logon`.
    pub fn summary(&self) -> String {
        let mut s = match self.kind.as_str() {
            "time" => format!("once at {}", self.start_boundary.as_deref().unwrap_or("?")),
            "calendar" => match &self.schedule {
                Some(c) if c.kind == "by_day" => {
                    format!("every {} day(s)", c.days_interval.unwrap_or(1))
                }
                Some(c) if c.kind == "by_week" => {
                    format!(
                        "every {} week(s) on {}",
                        c.weeks_interval.unwrap_or(1),
                        c.days_of_week.join(",")
                    )
                }
                Some(c) if c.kind == "by_month" => {
                    format!("monthly on day {}", c.days_of_month.join(","))
                }
                Some(c) => format!(
                    "monthly, week {} on {}",
                    c.weeks.join(","),
                    c.days_of_week.join(",")
                ),
                None => "calendar".to_string(),
            },
            "boot" => "at boot".to_string(),
            "logon" => match &self.user_id {
                Some(u) => format!("at logon of {u}"),
                None => "at logon".to_string(),
            },
            "idle" => "on idle".to_string(),
            "event" => "on event".to_string(),
            "registration" => "at registration".to_string(),
            "session_state_change" => format!(
                "on {}",
                self.state_change.as_deref().unwrap_or("session change")
            ),
            "wnf_state_change" => "on WNF state change".to_string(),
            other => other.to_string(),
        };
        if let Some(i) = &self.interval {
            s = format!("{s}, then every {}", duration(i));
        }
        if !self.enabled {
            s.push_str(" (disabled)");
        }
        s
    }
}

impl ScheduledTask {
    /// Every trigger's summary, `; `-separated.
    pub fn trigger_summary(&self) -> String {
        self.triggers
            .iter()
            .map(TaskTrigger::summary)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The first action as one line: `command arguments`, or the COM class id.
    pub fn command_line(&self) -> String {
        self.actions
            .first()
            .map(TaskAction::command_line)
            .unwrap_or_default()
    }
}

impl TaskAction {
    /// This action as one line: `command arguments`, `COM {class id}`, else its kind.
    pub fn command_line(&self) -> String {
        match (&self.command, &self.arguments, &self.class_id) {
            (Some(c), Some(args), _) if !args.is_empty() => format!("{c} {args}"),
            (Some(c), _, _) => c.clone(),
            (None, _, Some(id)) => format!("COM {id}"),
            _ => self.kind.to_string(),
        }
    }
}

/// How often a trigger fires: a repetition interval (`Repetition/Interval`), a daily
/// (`DaysInterval`) or weekly (`WeeksInterval`, `DaysOfWeek`) calendar, or what starts it
/// (boot, logon, an event…). A monthly calendar has no fixed interval.
///
/// ```
/// use foothold_windows::{trigger_frequency, TaskTrigger, TriggerKind};
/// let t = TaskTrigger { kind: TriggerKind::Time, interval: Some("PT5M".into()), ..Default::default() };
/// let f = trigger_frequency(&t);
/// assert_eq!((f.interval_seconds, f.text.as_str()), (Some(300), "every 5 minutes"));
/// assert_eq!(trigger_frequency(&TaskTrigger { kind: TriggerKind::Boot, ..Default::default() }).on.as_deref(), Some("boot"));
/// ```
pub fn trigger_frequency(t: &TaskTrigger) -> foothold_core::Frequency {
    use foothold_core::{iso8601_seconds, Frequency};
    if let Some(secs) = t
        .interval
        .as_deref()
        .and_then(iso8601_seconds)
        .filter(|s| *s > 0)
    {
        let mut f = Frequency::every(secs);
        if let Some(d) = t.duration.as_deref().filter(|d| !d.is_empty()) {
            f.text = format!("{} for {}", f.text, duration(d));
            f.runs_per_week = None;
        }
        return f;
    }
    match &t.kind {
        TriggerKind::Time => Frequency::on("once"),
        TriggerKind::Calendar => {
            let Some(s) = &t.schedule else {
                return Frequency::default();
            };
            match s.kind {
                // An interval of 0 is outside the schema (1–365 days, 1–52 weeks): said as
                // written, never taken for 1.
                CalendarKind::ByDay if s.days_interval == Some(0) => Frequency {
                    text: "every 0 days (not a valid interval)".into(),
                    ..Frequency::default()
                },
                CalendarKind::ByWeek if s.weeks_interval == Some(0) => Frequency {
                    text: "every 0 weeks (not a valid interval)".into(),
                    ..Frequency::default()
                },
                CalendarKind::ByDay => {
                    Frequency::every(u64::from(s.days_interval.unwrap_or(1)).saturating_mul(86_400))
                }
                CalendarKind::ByWeek => {
                    let weeks = u64::from(s.weeks_interval.unwrap_or(1));
                    let days = s.days_of_week.len().max(1) as u64;
                    if days == 1 {
                        Frequency::every(weeks.saturating_mul(604_800))
                    } else {
                        Frequency {
                            runs_per_week: (weeks == 1).then_some(days),
                            text: format!("{days} days a week every {weeks} week(s)"),
                            ..Frequency::default()
                        }
                    }
                }
                _ => Frequency {
                    text: "monthly".into(),
                    ..Frequency::default()
                },
            }
        }
        other => Frequency::on(other.as_str()),
    }
}
