use crate::{lines, CronJob, CronKind, TimerInfo, TimerTrigger};

/// Timer settings that schedule the unit.
const TRIGGERS: &[&str] = &[
    "OnCalendar",
    "OnActiveSec",
    "OnBootSec",
    "OnStartupSec",
    "OnUnitActiveSec",
    "OnUnitInactiveSec",
];

/// A parsed systemd unit file (plus any drop-ins merged into it): `(section, key, value)`
/// assignments in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnitFile {
    entries: Vec<(String, String, String)>,
}

/// Parse a unit file: `[Section]` headers, `Key=Value` lines, `#`/`;` comments, lines
/// continued with a trailing backslash.
///
/// ```
/// let u = foothold_linux::parse_unit(b"[Timer]\nOnCalendar=daily\nOnCalendar=Mon *-*-* 03:00\n[Install]\nWantedBy=timers.target\n");
/// assert_eq!(u.get_all("Timer", "OnCalendar"), vec!["daily", "Mon *-*-* 03:00"]);
/// assert_eq!(u.get("Install", "WantedBy"), Some("timers.target"));
/// ```
pub fn parse_unit(bytes: &[u8]) -> UnitFile {
    let mut u = UnitFile::default();
    let mut section = String::new();
    let mut pending = String::new();
    for (_, raw) in lines(bytes) {
        let l = raw.trim();
        if pending.is_empty() && (l.is_empty() || l.starts_with('#') || l.starts_with(';')) {
            continue;
        }
        if let Some(cont) = l.strip_suffix('\\') {
            pending.push_str(cont.trim_end());
            pending.push(' ');
            continue;
        }
        let full = if pending.is_empty() {
            l.to_string()
        } else {
            std::mem::take(&mut pending) + l
        };
        if full.starts_with('[') && full.ends_with(']') {
            section = full[1..full.len() - 1].trim().to_string();
            continue;
        }
        if let Some((k, v)) = full.split_once('=') {
            u.entries
                .push((section.clone(), k.trim().to_string(), v.trim().to_string()));
        }
    }
    u
}

impl UnitFile {
    /// Apply a drop-in (`NAME.d/*.conf`): its assignments come after this file's.
    pub fn merge(&mut self, drop_in: UnitFile) {
        self.entries.extend(drop_in.entries);
    }

    /// Every value of a list setting, in order; an empty assignment clears the list so far.
    pub fn get_all(&self, section: &str, key: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for (s, k, v) in &self.entries {
            if s == section && k == key {
                if v.is_empty() {
                    out.clear();
                } else {
                    out.push(v.as_str());
                }
            }
        }
        out
    }

    /// The last value of a setting.
    pub fn get(&self, section: &str, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(s, k, _)| s == section && k == key)
            .map(|(_, _, v)| v.as_str())
    }
}

fn boolean(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "yes" | "true" | "on" => Some(true),
        "0" | "no" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// A `systemd_timer` job from a timer unit and the service it triggers (if found).
///
/// `info` carries what the caller knows of the surroundings (unit name, path, enabled,
/// scope, drop-ins); `default_user` is `root` for system units or the home's owner.
pub fn timer_job(
    timer: &UnitFile,
    service: Option<&UnitFile>,
    mut info: TimerInfo,
    default_user: Option<String>,
) -> CronJob {
    info.triggers = TRIGGERS
        .iter()
        .flat_map(|k| {
            timer
                .get_all("Timer", k)
                .into_iter()
                .map(move |v| TimerTrigger {
                    setting: k.to_string(),
                    value: v.to_string(),
                })
        })
        .collect();
    info.persistent = timer.get("Timer", "Persistent").and_then(boolean);
    info.randomized_delay = timer.get("Timer", "RandomizedDelaySec").map(str::to_string);
    let schedule = info
        .triggers
        .iter()
        .map(|t| format!("{}={}", t.setting, t.value))
        .collect::<Vec<_>>()
        .join("; ");
    let (command, user) = match service {
        Some(s) => (
            s.get_all("Service", "ExecStart").join("\n"),
            s.get("Service", "User")
                .map(str::to_string)
                .or(default_user),
        ),
        None => (String::new(), default_user),
    };
    let mut j = CronJob::new(CronKind::SystemdTimer, schedule, user, command);
    if !info.enabled {
        j.flags.push("timer_not_enabled".into());
    }
    if service.is_none() {
        j.flags.push("unit_not_found".into());
    }
    if info.triggers.is_empty() {
        j.flags.push("no_trigger".into());
    }
    j.timer = Some(info);
    j
}
