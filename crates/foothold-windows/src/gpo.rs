//! Group Policy Preferences `ScheduledTasks.xml` (MS-GPPREF): the tasks a GPO deploys to the
//! machines it applies to (T1053.005 through Group Policy).
use crate::task_xml::{child, root_named, xml_document};
use crate::text::decode_text;
use crate::{
    parse_task_xml, ActionKind, CalendarKind, CalendarSchedule, Principal, Result, ScheduledTask,
    TaskAction, TaskSource, TaskTrigger, TriggerKind,
};
use roxmltree::Node;
use serde::Serialize;

/// One item of a GPO's `ScheduledTasks.xml`, besides the task it defines: what kind of item,
/// what the client is told to do with it, the account, and what limits where it applies.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GpoItem {
    /// `task` (Windows XP-style `Task`), `task_v2` (`TaskV2`), `immediate_task`
    /// (`ImmediateTask`: run once when the policy applies), `immediate_task_v2`, or
    /// `service` (an `NTService` of `Services.xml`).
    pub kind: String,
    /// The policy (`{GUID}` of its folder), when the path names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// `machine` or `user`: the side of the policy, when the path says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// The item's `uid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// The item's `changed` attribute, as written (`2019-03-30 23:04:20`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    /// `create`, `replace`, `update` or `delete` (`Properties/@action` C, R, U, D); for a
    /// service, its `serviceAction` (`start`, `stop`, `restart`, `nochange`).
    pub action: String,
    /// `Properties/@runAs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_as: Option<String>,
    /// `Properties/@logonType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logon_type: Option<String>,
    /// A `cpassword` is stored with the item (an AES-encrypted password whose key Microsoft
    /// published: anyone who reads SYSVOL can decrypt it). Its value is never kept.
    pub cpassword_present: bool,
    /// `removePolicy`: the task is removed when the policy no longer applies.
    pub remove_policy: bool,
    /// The item's filters (`FilterComputer DNS changedc`), each as its element, type and name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
}

fn attr(n: Node, name: &str) -> Option<String> {
    n.attribute(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// The tasks of a GPO's `ScheduledTasks.xml`, each with its item; the policy and side are the
/// caller's (from the file's path). A `TaskV2`/`ImmediateTaskV2` holds a whole task
/// definition, read as a task file is; a `Task`/`ImmediateTask` keeps the program, arguments,
/// folder and triggers in attributes. An item whose definition cannot be read costs only
/// itself: it is left out and said in the second list (its name and why); the others are
/// read.
///
/// ```
/// let xml = br#"<ScheduledTasks clsid="{CC63F200-7309-4ba0-B154-A71CD118ACCC}">
///   <Task clsid="{2DEECB1C-261F-4e13-9B21-16FB83BC03BD}" name="upd" changed="2024-01-02 03:04:05" uid="{1}">
///     <Properties action="C" name="upd" appName="C:\t\u.exe" args="-q" runAs="CORP\svc" cpassword="j1Uyj3Vx8TY9LtLZil2uAuZkFQA/4latT76ZwgdHdhw">
///       <Triggers><Trigger type="DAILY" startHour="9" startMinutes="30" beginYear="2024" beginMonth="1" beginDay="2" interval="1"/></Triggers>
///     </Properties>
///   </Task></ScheduledTasks>"#;
/// let (tasks, problems) = foothold_windows::parse_gpp_scheduled_tasks(xml).unwrap();
/// assert!(problems.is_empty());
/// let (t, item) = &tasks[0];
/// assert_eq!((t.name.as_str(), t.actions[0].command.as_deref()), (r"\upd", Some(r"C:\t\u.exe")));
/// assert_eq!((item.action.as_str(), item.cpassword_present), ("create", true));
/// assert_eq!(t.triggers[0].start_boundary.as_deref(), Some("2024-01-02T09:30:00"));
/// ```
pub fn parse_gpp_scheduled_tasks(bytes: &[u8]) -> Result<GppTasks> {
    let text = decode_text(bytes)?;
    let doc = xml_document(&text)?;
    let root = root_named(&doc, "ScheduledTasks")?;
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    for item in root.children().filter(Node::is_element) {
        let kind = match item.tag_name().name() {
            "Task" => "task",
            "TaskV2" => "task_v2",
            "ImmediateTask" => "immediate_task",
            "ImmediateTaskV2" => "immediate_task_v2",
            _ => continue,
        };
        let Some(props) = child(item, "Properties") else {
            continue;
        };
        let name = attr(props, "name")
            .or_else(|| attr(item, "name"))
            .unwrap_or_default();
        let action = match attr(props, "action")
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("R") => "replace",
            Some("U") => "update",
            Some("D") => "delete",
            _ => "create",
        };
        let filters = child(item, "Filters")
            .map(|f| {
                f.children()
                    .filter(Node::is_element)
                    .map(|c| {
                        let mut s = c.tag_name().name().to_string();
                        for a in ["type", "name"] {
                            if let Some(v) = attr(c, a) {
                                s.push(' ');
                                s.push_str(&v);
                            }
                        }
                        if c.attribute("not") == Some("1") {
                            s.push_str(" (not)");
                        }
                        s
                    })
                    .collect()
            })
            .unwrap_or_default();
        let gpo = GpoItem {
            kind: kind.to_string(),
            uid: attr(item, "uid"),
            changed: attr(item, "changed"),
            action: action.to_string(),
            run_as: attr(props, "runAs"),
            logon_type: attr(props, "logonType"),
            cpassword_present: attr(props, "cpassword").is_some(),
            remove_policy: item.attribute("removePolicy") == Some("1"),
            filters,
            ..GpoItem::default()
        };
        let mut task = match child(props, "Task") {
            // A V2 item: the whole task definition, as a task file holds it.
            Some(def) => match parse_task_xml(text.get(def.range()).unwrap_or_default().as_bytes())
            {
                Ok(t) => t,
                Err(e) => {
                    problems.push(format!(
                        "{} item {name:?}: {e}; left out",
                        item.tag_name().name()
                    ));
                    continue;
                }
            },
            None => v1_task(props),
        };
        task.name = format!("\\{}", name.trim_start_matches('\\'));
        task.sources = vec![TaskSource::Gpo];
        if task.principal.is_none() && gpo.run_as.is_some() {
            task.principal = Some(Principal {
                user_id: gpo.run_as.clone(),
                logon_type: gpo.logon_type.clone(),
                ..Principal::default()
            });
        }
        out.push((task, gpo));
    }
    Ok((out, problems))
}

/// The items read from a GPO's `ScheduledTasks.xml` (each task with its item), and those
/// that could not be read (their name and why).
pub type GppTasks = (Vec<(ScheduledTask, GpoItem)>, Vec<String>);

/// A `Task`/`ImmediateTask` item: program, arguments, folder, comment and triggers are
/// attributes of `Properties`.
fn v1_task(props: Node) -> ScheduledTask {
    let triggers = child(props, "Triggers")
        .map(|t| {
            t.children()
                .filter(|c| c.is_element() && c.tag_name().name() == "Trigger")
                .map(v1_trigger)
                .collect()
        })
        .unwrap_or_default();
    ScheduledTask {
        enabled: props.attribute("enabled") != Some("0"),
        description: attr(props, "comment"),
        actions: vec![TaskAction {
            kind: ActionKind::Exec,
            command: attr(props, "appName"),
            arguments: attr(props, "args"),
            working_directory: attr(props, "startIn"),
            ..TaskAction::default()
        }],
        triggers,
        ..ScheduledTask::default()
    }
}

/// A v1 trigger: `type` (`ONCE`, `DAILY`, `WEEKLY`, `MONTHLY`, `STARTUP`, `LOGON`, `IDLE`),
/// the start date and time in parts, the interval.
fn v1_trigger(t: Node) -> TaskTrigger {
    let num = |a: &str| attr(t, a).and_then(|v| v.parse::<u32>().ok());
    let start = match (num("beginYear"), num("beginMonth"), num("beginDay")) {
        (Some(y), Some(m), Some(d)) => Some(format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:00",
            num("startHour").unwrap_or(0),
            num("startMinutes").unwrap_or(0)
        )),
        _ => None,
    };
    let interval = num("interval");
    let kind_of = |k: CalendarKind| CalendarSchedule {
        kind: k,
        ..CalendarSchedule::default()
    };
    let (kind, schedule) = match attr(t, "type").map(|v| v.to_ascii_uppercase()).as_deref() {
        Some("DAILY") => (
            TriggerKind::Calendar,
            Some(CalendarSchedule {
                days_interval: interval,
                ..kind_of(CalendarKind::ByDay)
            }),
        ),
        Some("WEEKLY") => (
            TriggerKind::Calendar,
            Some(CalendarSchedule {
                weeks_interval: interval,
                ..kind_of(CalendarKind::ByWeek)
            }),
        ),
        Some("MONTHLY") => (TriggerKind::Calendar, Some(kind_of(CalendarKind::ByMonth))),
        Some("STARTUP") => (TriggerKind::Boot, None),
        Some("LOGON") => (TriggerKind::Logon, None),
        Some("IDLE") => (TriggerKind::Idle, None),
        _ => (TriggerKind::Time, None),
    };
    TaskTrigger {
        kind,
        enabled: true,
        start_boundary: start,
        schedule,
        ..TaskTrigger::default()
    }
}

/// The services a GPO's `Services.xml` configures (`NTService` items: an existing service's
/// start type, account, and what its failures do — a failure that runs a program is a way
/// to persist), each as the service it sets and its item. The service holds only what the
/// item sets (no `ImagePath`: the item does not change it); `control_set` is empty.
///
/// ```
/// let xml = br#"<NTServices clsid="{2CFB484A-4E96-4b5d-A0B6-093D2F91E6AE}">
///   <NTService clsid="{AB6F0B67-341F-4e51-92F9-005FBFBA1A43}" name="Spooler" changed="2024-01-02 03:04:05" uid="{2}">
///     <Properties startupType="AUTOMATIC" serviceName="Spooler" serviceAction="START" accountName="LocalSystem"
///       firstFailure="RUNCMD" secondFailure="RESTART" thirdFailure="NOACTION" resetFailCountDelay="1" restartServiceDelay="1"
///       program="C:\ProgramData\svc.exe" args="-s"/>
///   </NTService></NTServices>"#;
/// let svcs = foothold_windows::parse_gpp_services(xml).unwrap();
/// let (s, item) = &svcs[0];
/// assert_eq!((s.name.as_str(), s.start_name.as_deref(), s.failure_command.as_deref()), ("Spooler", Some("automatic"), Some(r"C:\ProgramData\svc.exe -s")));
/// assert_eq!(s.failure_actions.as_ref().unwrap().actions[0].kind, "run_command");
/// assert_eq!(item.kind, "service");
/// ```
pub fn parse_gpp_services(bytes: &[u8]) -> Result<Vec<(crate::Service, GpoItem)>> {
    let text = decode_text(bytes)?;
    let doc = xml_document(&text)?;
    let root = root_named(&doc, "NTServices")?;
    let mut out = Vec::new();
    for item in root
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "NTService")
    {
        let Some(p) = child(item, "Properties") else {
            continue;
        };
        let name = attr(p, "serviceName")
            .or_else(|| attr(item, "name"))
            .unwrap_or_default();
        let (start, start_name) = match attr(p, "startupType")
            .map(|v| v.to_ascii_uppercase())
            .as_deref()
        {
            Some("AUTOMATIC") => (Some(2), Some("automatic")),
            Some("MANUAL") => (Some(3), Some("manual")),
            Some("DISABLED") => (Some(4), Some("disabled")),
            _ => (None, None),
        };
        // What each failure does; the delays are minutes in the item.
        let delay_ms = attr(p, "restartServiceDelay")
            .and_then(|v| v.parse::<u32>().ok())
            .map_or(0, |m| m.saturating_mul(60_000));
        let actions: Vec<crate::FailureAction> = ["firstFailure", "secondFailure", "thirdFailure"]
            .iter()
            .filter_map(|a| attr(p, a))
            .map(|v| crate::FailureAction {
                kind: match v.to_ascii_uppercase().as_str() {
                    "RESTART" => "restart",
                    "REBOOT" => "reboot",
                    "RUNCMD" => "run_command",
                    _ => "none",
                }
                .to_string(),
                delay_ms,
            })
            .collect();
        let runs_command = actions.iter().any(|a| a.kind == "run_command");
        let failure_command =
            attr(p, "program")
                .filter(|_| runs_command)
                .map(|prog| match attr(p, "args") {
                    Some(a) => format!("{prog} {a}"),
                    None => prog,
                });
        let reset_days = attr(p, "resetFailCountDelay").and_then(|v| v.parse::<u32>().ok());
        let service = crate::Service {
            name,
            start,
            start_name: start_name.map(str::to_string),
            object_name: attr(p, "accountName"),
            failure_command,
            failure_actions: (!actions.is_empty()).then(|| crate::FailureActions {
                reset_period_s: reset_days.map_or(0, |d| d.saturating_mul(86_400)),
                actions,
            }),
            ..crate::Service::default()
        };
        let gpo = GpoItem {
            kind: "service".into(),
            uid: attr(item, "uid"),
            changed: attr(item, "changed"),
            // A service item configures what exists: its verb is the service action.
            action: attr(p, "serviceAction")
                .map(|v| v.to_ascii_lowercase())
                .unwrap_or_else(|| "nochange".into()),
            run_as: attr(p, "accountName"),
            cpassword_present: attr(p, "cpassword").is_some(),
            remove_policy: item.attribute("removePolicy") == Some("1"),
            ..GpoItem::default()
        };
        out.push((service, gpo));
    }
    Ok(out)
}
