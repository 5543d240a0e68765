use crate::text::decode_text;
use crate::{
    ActionKind, CalendarKind, CalendarSchedule, Error, Principal, Result, ScheduledTask,
    TaskAction, TaskTrigger,
};
use roxmltree::{Document, Node, ParsingOptions};
use std::collections::BTreeMap;

/// Most XML nodes accepted in one task file (real ones have a few hundred).
const MAX_NODES: u32 = 200_000;

/// The first child element named `name`.
pub(crate) fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The document's root element, which must be `name` (`Task`, `ScheduledTasks`…); any other
/// root is [`Error::NotATask`] naming it.
pub(crate) fn root_named<'a, 'i>(doc: &'a Document<'i>, name: &str) -> Result<Node<'a, 'i>> {
    let root = doc.root_element();
    if root.tag_name().name() != name {
        return Err(Error::NotATask {
            root: root.tag_name().name().to_string(),
        });
    }
    Ok(root)
}

/// An XML document of evidence, bounded: no DTD (so no entity expansion), at most
/// [`MAX_NODES`] nodes; a malformed one is an error with its line and column.
pub(crate) fn xml_document(text: &str) -> Result<Document<'_>> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, opts).map_err(|e| {
        let pos = e.pos();
        Error::Xml {
            line: pos.row,
            column: pos.col,
            message: e.to_string(),
        }
    })
}

fn text(n: Node, name: &str) -> Option<String> {
    child(n, name).map(|c| c.text().unwrap_or("").trim().to_string())
}

fn boolean(s: Option<String>) -> Option<bool> {
    s.map(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

fn elements<'a, 'i>(n: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(|c| c.is_element())
}

/// `LogonTrigger` → `logon`, `SessionStateChangeTrigger` → `session_state_change`.
fn snake(name: &str) -> String {
    let base = name.strip_suffix("Trigger").unwrap_or(name);
    let mut out = String::new();
    for (i, c) in base.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Parse a task definition (the files under `\Windows\System32\Tasks`, or a 4698/4702
/// event's `TaskContent`). The encoding is taken from the bytes (BOM or zero pattern), not
/// from the XML declaration; DTDs are refused (no entity expansion).
pub fn parse_task_xml(bytes: &[u8]) -> Result<ScheduledTask> {
    let decoded = decode_text(bytes)?;
    let doc = xml_document(&decoded)?;
    let root = root_named(&doc, "Task")?;
    let mut t = ScheduledTask {
        enabled: true,
        schema_version: root.attribute("version").map(str::to_string),
        sources: vec![crate::TaskSource::Xml],
        ..ScheduledTask::default()
    };
    if let Some(ri) = child(root, "RegistrationInfo") {
        t.author = text(ri, "Author");
        t.date = text(ri, "Date");
        t.description = text(ri, "Description");
        t.uri = text(ri, "URI");
        t.source_info = text(ri, "Source");
        t.version = text(ri, "Version");
        t.documentation = text(ri, "Documentation");
        t.security_descriptor = text(ri, "SecurityDescriptor");
    }
    if let Some(trs) = child(root, "Triggers") {
        t.triggers = elements(trs).map(trigger).collect();
    }
    let context = child(root, "Actions").and_then(|a| a.attribute("Context").map(str::to_string));
    if let Some(ps) = child(root, "Principals") {
        let all: Vec<Principal> = elements(ps)
            .filter(|p| p.tag_name().name() == "Principal")
            .map(principal)
            .collect();
        t.principal = all
            .iter()
            .find(|p| p.id.is_some() && p.id == context)
            .or(all.first())
            .cloned();
    }
    if let Some(s) = child(root, "Settings") {
        settings(s, "", &mut t.settings);
        t.enabled = boolean(t.settings.get("Enabled").cloned()).unwrap_or(true);
        t.hidden = boolean(t.settings.get("Hidden").cloned()).unwrap_or(false);
        if t.hidden {
            t.flags.push(crate::TaskFlag::HiddenSetting);
        }
    }
    if let Some(acts) = child(root, "Actions") {
        t.actions = elements(acts).map(action).collect();
    }
    Ok(t)
}

fn settings(n: Node, prefix: &str, out: &mut BTreeMap<String, String>) {
    for c in elements(n) {
        let key = format!("{prefix}{}", c.tag_name().name());
        if elements(c).next().is_some() {
            settings(c, &format!("{key}/"), out);
        } else {
            out.insert(key, c.text().unwrap_or("").trim().to_string());
        }
    }
}

fn principal(p: Node) -> Principal {
    Principal {
        id: p.attribute("id").map(str::to_string),
        user_id: text(p, "UserId"),
        group_id: text(p, "GroupId"),
        logon_type: text(p, "LogonType"),
        run_level: text(p, "RunLevel"),
        display_name: text(p, "DisplayName"),
        process_token_sid_type: text(p, "ProcessTokenSidType"),
        required_privileges: child(p, "RequiredPrivileges")
            .map(|r| {
                elements(r)
                    .map(|e| e.text().unwrap_or("").trim().to_string())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn trigger(n: Node) -> TaskTrigger {
    let mut t = TaskTrigger {
        kind: crate::TriggerKind::from_name(&snake(n.tag_name().name())),
        id: n.attribute("id").map(str::to_string),
        enabled: boolean(text(n, "Enabled")).unwrap_or(true),
        start_boundary: text(n, "StartBoundary"),
        end_boundary: text(n, "EndBoundary"),
        delay: text(n, "Delay"),
        random_delay: text(n, "RandomDelay"),
        execution_time_limit: text(n, "ExecutionTimeLimit"),
        user_id: text(n, "UserId"),
        subscription: text(n, "Subscription"),
        state_change: text(n, "StateChange"),
        state_name: text(n, "StateName"),
        data: text(n, "Data"),
        ..TaskTrigger::default()
    };
    if let Some(r) = child(n, "Repetition") {
        t.interval = text(r, "Interval");
        t.duration = text(r, "Duration");
        t.stop_at_duration_end = boolean(text(r, "StopAtDurationEnd"));
    }
    if let Some(vq) = child(n, "ValueQueries") {
        for v in elements(vq) {
            if let Some(name) = v.attribute("name") {
                t.value_queries
                    .insert(name.to_string(), v.text().unwrap_or("").trim().to_string());
            }
        }
    }
    let names = |n: Option<Node>| -> Vec<String> {
        n.map(|x| {
            elements(x)
                .map(
                    |e| match e.text().map(str::trim).filter(|s| !s.is_empty()) {
                        Some(v) => v.to_string(),
                        None => e.tag_name().name().to_string(),
                    },
                )
                .collect()
        })
        .unwrap_or_default()
    };
    let number = |n: Node, k: &str| text(n, k).and_then(|v| v.parse().ok());
    for (elem, kind) in [
        ("ScheduleByDay", CalendarKind::ByDay),
        ("ScheduleByWeek", CalendarKind::ByWeek),
        ("ScheduleByMonth", CalendarKind::ByMonth),
        ("ScheduleByMonthDayOfWeek", CalendarKind::ByMonthDayOfWeek),
    ] {
        if let Some(s) = child(n, elem) {
            t.schedule = Some(CalendarSchedule {
                kind,
                days_interval: number(s, "DaysInterval"),
                weeks_interval: number(s, "WeeksInterval"),
                days_of_week: names(child(s, "DaysOfWeek")),
                days_of_month: names(child(s, "DaysOfMonth")),
                months: names(child(s, "Months")),
                weeks: names(child(s, "Weeks")),
            });
        }
    }
    t
}

fn action(n: Node) -> TaskAction {
    let kind = match n.tag_name().name() {
        "Exec" => ActionKind::Exec,
        "ComHandler" => ActionKind::ComHandler,
        "SendEmail" => ActionKind::SendEmail,
        "ShowMessage" => ActionKind::ShowMessage,
        other => ActionKind::Other(snake(other)),
    };
    let mut a = TaskAction {
        id: n.attribute("id").map(str::to_string),
        command: text(n, "Command"),
        arguments: text(n, "Arguments"),
        working_directory: text(n, "WorkingDirectory"),
        class_id: text(n, "ClassId"),
        data: child(n, "Data").map(|d| {
            // ComHandler Data is often CDATA with markup inside: keep it as text.
            d.children()
                .filter_map(|c| c.text())
                .collect::<String>()
                .trim()
                .to_string()
        }),
        ..TaskAction::default()
    };
    if matches!(kind, ActionKind::SendEmail | ActionKind::ShowMessage) {
        settings(n, "", &mut a.fields);
    }
    a.kind = kind;
    a
}
