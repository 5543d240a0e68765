//! `schtasks`, `sc` and `at` command lines (from process-creation events) taken apart into
//! what they ask for: the task or service, its command, schedule and account.
use crate::split_command_line;
use foothold_core::Frequency;
use serde::Serialize;
use std::collections::BTreeMap;

/// A `schtasks`, `sc` or `at` command line as data (a process-creation event's
/// `invocation`): switches are read in any case, with `/` or `-`, quoted or not, as the
/// tools' own parsers accept them. A password (`/rp`, `password=`) is never kept: only
/// that one was given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ToolInvocation {
    /// `schtasks`, `sc`, `at`, or `powershell` (a task or service cmdlet).
    pub tool: String,
    /// The PowerShell cmdlet (`Register-ScheduledTask`, `New-Service`…), for `powershell`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cmdlet: Option<String>,
    /// What it does: `create`, `delete`, `change`, `run`, `end`, `query` (schtasks);
    /// `create`, `config`, `delete`, `start`, `stop`, `failure`, `description`… (sc);
    /// `create` or `delete` (at).
    pub verb: String,
    /// The task (`/tn`), as schtasks names it (`\backdoor`: a name without a folder is in
    /// the root folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub task_name: Option<String>,
    /// What the task or job runs (`/tr`; at's command).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// `/sc`: `minute`, `hourly`, `daily`, `weekly`, `monthly`, `once`, `onstart`,
    /// `onlogon`, `onidle`, `onevent` (lower case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// `/mo` (the schedule's modifier: every N minutes, days…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
    /// `/st` (at: the time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// `/sd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// `/ed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// `/d` (days; at: `/every:` or `/next:` days).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<String>,
    /// `/ri` (repetition interval, minutes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_interval: Option<String>,
    /// `/du` (repetition duration).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// How often the schedule asked for runs, where it says (`/sc minute /mo 5`: every
    /// five minutes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// The account it runs as (`/ru`; sc `obj=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_as: Option<String>,
    /// A password was given for it (`/rp`, sc `password=`); its value is not kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub password_given: bool,
    /// The machine it was sent to (`/s`, sc's and at's `\\host`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_host: Option<String>,
    /// The account used on that machine (`/u`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remote_user: Option<String>,
    /// The task XML the task was made from (`/xml`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xml: Option<String>,
    /// `/rl` (`highest`, `limited`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_level: Option<String>,
    /// The service (sc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// sc `binPath=` (what the service runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bin_path: Option<String>,
    /// sc `start=` (`auto`, `demand`, `disabled`, `boot`, `system`, `delayed-auto`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_type: Option<String>,
    /// sc `failure … command=` (the program the service's failure runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_command: Option<String>,
    /// Other `name=` options of sc (`type`, `displayname`, `depend`, `actions`, `reset`…),
    /// lower-case names.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// Switches without values that change what it does: `force` (`/f`), `enable`,
    /// `disable`, `interactive` (`/it`; at `/interactive`), `no_password` (`/np`),
    /// `delete_after` (`/z`), `v1`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// A program path's file name, lower case, without `.exe` (`C:\X\PowerShell.EXE` →
/// `powershell`).
fn exe_name(program: &str) -> String {
    let base = program.rsplit(['\\', '/']).next().unwrap_or(program);
    let base = base.to_ascii_lowercase();
    match base.strip_suffix(".exe") {
        Some(stem) => stem.to_string(),
        None => base,
    }
}

/// The tool a program path names (`C:\Windows\System32\SCHTASKS.EXE` → `schtasks`).
pub(crate) fn tool_of(program: &str) -> Option<&'static str> {
    match exe_name(program).as_str() {
        "schtasks" => Some("schtasks"),
        "sc" => Some("sc"),
        "at" => Some("at"),
        _ => None,
    }
}

/// A `schtasks`, `sc` or `at` command line taken apart — or a PowerShell one (`-Command`,
/// `-EncodedCommand`) whose script runs a task or service cmdlet or one of those tools
/// ([`crate::parse_powershell_invocation`]); `None` for any other program.
///
/// ```
/// let i = foothold_windows::parse_invocation(r"schtasks /create /tn backdoor /tr C:\malicious.exe /sc minute").unwrap();
/// assert_eq!((i.verb.as_str(), i.task_name.as_deref(), i.command.as_deref()), ("create", Some(r"\backdoor"), Some(r"C:\malicious.exe")));
/// assert_eq!(i.frequency.unwrap().interval_seconds, Some(60));
/// let s = foothold_windows::parse_invocation(r"sc.exe create evil binPath= C:\evil.exe start= auto").unwrap();
/// assert_eq!((s.service_name.as_deref(), s.bin_path.as_deref(), s.start_type.as_deref()), (Some("evil"), Some(r"C:\evil.exe"), Some("auto")));
/// ```
pub fn parse_invocation(command_line: &str) -> Option<ToolInvocation> {
    let args = split_command_line(command_line);
    let (program, rest) = args.split_first()?;
    if matches!(exe_name(program).as_str(), "powershell" | "pwsh") {
        // What PowerShell runs: its cmdlets (or a tool it starts) as data.
        return match crate::command_line::powershell_script(rest) {
            crate::command_line::PsScript::Encoded(t)
            | crate::command_line::PsScript::Command(t) => {
                crate::powershell::parse_powershell_invocation(&t)
            }
            _ => None,
        };
    }
    let tool = tool_of(program)?;
    let mut inv = ToolInvocation {
        tool: tool.to_string(),
        ..ToolInvocation::default()
    };
    match tool {
        "schtasks" => schtasks(&mut inv, rest),
        "sc" => sc(&mut inv, rest),
        _ => at(&mut inv, rest),
    }
    Some(inv)
}

/// A switch's name (`/TN`, `-tn` → `tn`), or `None` for a value.
fn switch(arg: &str) -> Option<String> {
    let name = arg.strip_prefix('/').or_else(|| arg.strip_prefix('-'))?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '?'))
        .then(|| name.to_ascii_lowercase())
}

fn schtasks(inv: &mut ToolInvocation, args: &[String]) {
    let mut i = 0usize;
    while let Some(arg) = args.get(i) {
        i = i.saturating_add(1);
        let Some(name) = switch(arg) else { continue };
        // Switches that take a value take the next argument (when it is not a switch).
        let mut value = || {
            let v = args.get(i).filter(|v| switch(v).is_none()).cloned();
            if v.is_some() {
                i = i.saturating_add(1);
            }
            v
        };
        match name.as_str() {
            "create" | "delete" | "change" | "run" | "end" | "query" | "showsid" => {
                inv.verb = name.clone()
            }
            "tn" => {
                inv.task_name = value().map(|n| {
                    if n.starts_with('\\') {
                        n
                    } else {
                        format!("\\{n}")
                    }
                })
            }
            "tr" => inv.command = value(),
            "sc" => inv.schedule = value().map(|v| v.to_ascii_lowercase()),
            "mo" => inv.modifier = value(),
            "st" => inv.start_time = value(),
            "sd" => inv.start_date = value(),
            "ed" => inv.end_date = value(),
            "d" => inv.days = value(),
            "ri" => inv.repeat_interval = value(),
            "du" => inv.duration = value(),
            "ru" => inv.run_as = value(),
            "rp" => {
                let _secret = value();
                inv.password_given = true;
            }
            "s" => inv.remote_host = value().map(|h| h.trim_start_matches('\\').to_string()),
            "u" => inv.remote_user = value(),
            "p" => {
                let _secret = value();
                inv.password_given = true;
            }
            "xml" => inv.xml = value(),
            "rl" => inv.run_level = value().map(|v| v.to_ascii_lowercase()),
            "f" => inv.flags.push("force".into()),
            "enable" | "disable" | "v1" => inv.flags.push(name.clone()),
            "it" => inv.flags.push("interactive".into()),
            "np" => inv.flags.push("no_password".into()),
            "z" => inv.flags.push("delete_after".into()),
            _ => {}
        }
    }
    inv.frequency = schtasks_frequency(inv.schedule.as_deref(), inv.modifier.as_deref());
}

/// The frequency `/sc` and `/mo` ask for, where it is a clock or an occasion.
pub(crate) fn schtasks_frequency(
    schedule: Option<&str>,
    modifier: Option<&str>,
) -> Option<Frequency> {
    let every = |unit: u64| {
        let n = modifier.map_or(Some(1), |m| m.trim().parse::<u64>().ok())?;
        (n > 0).then(|| Frequency::every(n.saturating_mul(unit)))
    };
    match schedule? {
        "minute" => every(60),
        "hourly" => every(3600),
        "daily" => every(86_400),
        "weekly" => every(604_800),
        "once" => Some(Frequency::on("once")),
        "onstart" => Some(Frequency::on("boot")),
        "onlogon" => Some(Frequency::on("logon")),
        "onidle" => Some(Frequency::on("idle")),
        "onevent" => Some(Frequency::on("event")),
        "monthly" => Some(Frequency {
            text: "monthly".into(),
            ..Frequency::default()
        }),
        _ => None,
    }
}

/// `sc [\\server] verb service [name= value]…`: options are `name=` then the value (the
/// space after `=` is sc's grammar), or `name=value` in one argument.
fn sc(inv: &mut ToolInvocation, args: &[String]) {
    let mut rest = args;
    if let Some((host, after)) = rest.split_first().filter(|(h, _)| h.starts_with("\\\\")) {
        inv.remote_host = Some(host.trim_start_matches('\\').to_string());
        rest = after;
    }
    let Some((verb, rest)) = rest.split_first() else {
        return;
    };
    inv.verb = verb.to_ascii_lowercase();
    let mut rest = rest;
    if let Some((name, after)) = rest.split_first().filter(|(n, _)| !n.contains('=')) {
        inv.service_name = Some(name.clone());
        rest = after;
    }
    let mut i = 0usize;
    while let Some(arg) = rest.get(i) {
        i = i.saturating_add(1);
        let Some((key, inline)) = arg.split_once('=') else {
            continue;
        };
        let value = if inline.is_empty() {
            let v = rest.get(i).cloned().unwrap_or_default();
            i = i.saturating_add(1);
            v
        } else {
            inline.to_string()
        };
        match key.to_ascii_lowercase().as_str() {
            "binpath" => inv.bin_path = Some(value),
            "start" => inv.start_type = Some(value.to_ascii_lowercase()),
            "obj" => inv.run_as = Some(value),
            "password" => inv.password_given = true,
            "command" => inv.failure_command = Some(value),
            k => {
                inv.options.insert(k.to_string(), value);
            }
        }
    }
}

/// `at [\\computer] time [/interactive] [/every:days | /next:days] "command"`, or
/// `at [\\computer] [id] /delete [/yes]`.
fn at(inv: &mut ToolInvocation, args: &[String]) {
    let mut rest = args;
    if let Some((host, after)) = rest.split_first().filter(|(h, _)| h.starts_with("\\\\")) {
        inv.remote_host = Some(host.trim_start_matches('\\').to_string());
        rest = after;
    }
    inv.verb = "create".into();
    let mut command = Vec::new();
    for a in rest {
        let lower = a.to_ascii_lowercase();
        if lower == "/delete" {
            inv.verb = "delete".into();
        } else if lower == "/interactive" {
            inv.flags.push("interactive".into());
        } else if let Some(d) = lower
            .strip_prefix("/every:")
            .or_else(|| lower.strip_prefix("/next:"))
        {
            inv.days = Some(d.to_string());
        } else if lower == "/yes" {
        } else if inv.start_time.is_none() && command.is_empty() && a.contains(':') {
            inv.start_time = Some(a.clone());
        } else {
            command.push(a.clone());
        }
    }
    if !command.is_empty() {
        inv.command = Some(command.join(" "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_in_any_case_and_quoting() {
        let i = parse_invocation(r#"SCHTASKS  /Create /S localhost /RU DOMAIN\user /RP At0micStrong /TN " Atomic "task /TR C:\windows\system32\cmd.exe /SC daily /ST 20:10"#).unwrap();
        assert_eq!(i.verb, "create");
        assert_eq!(i.task_name.as_deref(), Some("\\ Atomic task"));
        assert_eq!(i.run_as.as_deref(), Some(r"DOMAIN\user"));
        assert!(i.password_given);
        assert!(!serde_json::to_string(&i).unwrap().contains("At0micStrong"));
        assert_eq!(i.remote_host.as_deref(), Some("localhost"));
        assert_eq!(
            (i.schedule.as_deref(), i.start_time.as_deref()),
            (Some("daily"), Some("20:10"))
        );
        let d = parse_invocation(r#"-tn x -delete -f"#);
        assert!(d.is_none(), "not a tool");
        let d = parse_invocation(r#""C:\Windows\System32\schtasks.exe" -Delete -TN elevator -F"#)
            .unwrap();
        assert_eq!(
            (d.verb.as_str(), d.task_name.as_deref(), d.flags.as_slice()),
            ("delete", Some("\\elevator"), &["force".to_string()][..])
        );
    }

    #[test]
    fn sc_options_with_and_without_the_space() {
        let s = parse_invocation(r#"sc  create hacker-testl3 binPath="3virus.exe" "#).unwrap();
        assert_eq!(
            (s.service_name.as_deref(), s.bin_path.as_deref()),
            (Some("hacker-testl3"), Some("3virus.exe"))
        );
        let f = parse_invocation(
            r#"sc  failure W32Time command= "\"c:\Windows\system32\pentestlab.exe\"""#,
        )
        .unwrap();
        assert_eq!(
            (f.verb.as_str(), f.failure_command.as_deref()),
            ("failure", Some(r#""c:\Windows\system32\pentestlab.exe""#))
        );
        let r = parse_invocation(r#"sc \\fs02 config svc obj= LocalSystem password= x type= own"#)
            .unwrap();
        assert_eq!(
            (
                r.remote_host.as_deref(),
                r.run_as.as_deref(),
                r.password_given
            ),
            (Some("fs02"), Some("LocalSystem"), true)
        );
        assert_eq!(r.options.get("type").map(String::as_str), Some("own"));
    }

    #[test]
    fn at_jobs() {
        let a = parse_invocation(
            r#"at  13:00 "C:\TMP\mim.exe sekurlsa::LogonPasswords > C:\TMP\o.txt""#,
        )
        .unwrap();
        assert_eq!(
            (a.verb.as_str(), a.start_time.as_deref()),
            ("create", Some("13:00"))
        );
        assert_eq!(
            a.command.as_deref(),
            Some(r"C:\TMP\mim.exe sekurlsa::LogonPasswords > C:\TMP\o.txt")
        );
        let b = parse_invocation("at  13:20 /interactive cmd").unwrap();
        assert_eq!(
            (b.command.as_deref(), b.flags.as_slice()),
            (Some("cmd"), &["interactive".to_string()][..])
        );
    }
}
