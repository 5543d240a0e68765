use crate::{lines, CronFlag, CronJob, CronKind, TimerInfo, TimerTrigger, UnitScope};

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
        if let Some(name) = full.strip_prefix('[').and_then(|f| f.strip_suffix(']')) {
            section = name.trim().to_string();
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
    /// Whether the file assigns `key` in `section` at all (a reset to empty included).
    pub fn sets(&self, section: &str, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(s, k, _)| s == section && k == key)
    }

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
    if info.enabled == Some(false) {
        j.flags.push(CronFlag::TimerNotEnabled);
    }
    if service.is_none() {
        j.flags.push(CronFlag::UnitNotFound);
    }
    if info.triggers.is_empty() {
        j.flags.push(CronFlag::NoTrigger);
    }
    j.timer = Some(info);
    j
}

/// What the resolver needs from a file system: directory listings and file contents. The
/// `foothold` facade implements it over an image (following symlinks, recording what it
/// could not read); tests implement it over a map.
pub trait UnitTree {
    /// The entries of a directory as `(name, is_directory)`; a missing directory is empty.
    fn list(&mut self, dir: &str) -> Vec<(String, bool)>;
    /// The contents of a file (symlinks followed), or why it could not be read.
    fn read(&mut self, path: &str) -> Result<Vec<u8>, crate::Error>;
    /// Whether the tree's `*.wants/` and `*.requires/` folders are the machine's, so that a
    /// timer none of them links is known not enabled. A unit file copied off a machine comes
    /// without them: its timers' `enabled` is then `None` (not known), not `false`.
    fn knows_enablement(&self) -> bool {
        true
    }
    /// Where `path` links to, when it is a symbolic link (a masked unit links to
    /// `/dev/null`); `None` for a file, or when the tree cannot tell.
    fn link(&mut self, _path: &str) -> Option<String> {
        None
    }
}

/// The unit directories of one scope, listed once: which file of each name wins (the first
/// directory holding it), the one it takes the place of, the drop-in folders' files, and the
/// `*.wants/`/`*.requires/` folders that link each name.
#[derive(Debug, Default)]
pub(crate) struct UnitDirs {
    /// Unit name → the path that wins.
    pub units: std::collections::BTreeMap<String, String>,
    /// Unit name → the first path it wins over, when another directory holds it too.
    pub shadowed: std::collections::BTreeMap<String, String>,
    /// Unit name (or `service` for the top-level `service.d/`) → `(file name, path)`.
    pub drop_ins: std::collections::BTreeMap<String, Vec<(String, String)>>,
    /// Linked name → the folders that link it.
    pub wanted: std::collections::BTreeMap<String, Vec<String>>,
}

impl UnitDirs {
    /// List `dirs` (in precedence order) for units whose names end in one of `suffixes`.
    pub(crate) fn read(tree: &mut dyn UnitTree, dirs: &[&str], suffixes: &[&str]) -> UnitDirs {
        let mut u = UnitDirs::default();
        for d in dirs {
            let mut entries = tree.list(d);
            entries.sort();
            for (name, is_dir) in entries {
                let path = join(d, &name);
                if is_dir {
                    if name.ends_with(".wants") || name.ends_with(".requires") {
                        for (w, _) in tree.list(&path) {
                            u.wanted.entry(w).or_default().push(path.clone());
                        }
                    } else if let Some(unit) = name.strip_suffix(".d") {
                        for (c, _) in tree.list(&path) {
                            if c.ends_with(".conf") {
                                let p = join(&path, &c);
                                u.drop_ins.entry(unit.to_string()).or_default().push((c, p));
                            }
                        }
                    }
                } else if suffixes.iter().any(|s| name.ends_with(s)) {
                    match u.units.entry(name) {
                        std::collections::btree_map::Entry::Occupied(e) => {
                            u.shadowed.entry(e.key().clone()).or_insert(path);
                        }
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(path);
                        }
                    }
                }
            }
        }
        u
    }
}

/// A timer resolved against its unit directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedTimer {
    /// Path of the `.timer` file that won (the first directory holding that name).
    pub path: String,
    /// The job, with its service's command and user.
    pub job: CronJob,
}

/// What resolving the timers of one scope gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedTimers {
    /// Every timer, by name.
    pub timers: Vec<ResolvedTimer>,
    /// Files that could not be read.
    pub errors: Vec<crate::Error>,
}

fn join(dir: &str, name: &str) -> String {
    format!("{}/{name}", dir.trim_end_matches('/'))
}

/// Resolve the timers of one systemd scope the way the manager loads units: `dirs` in
/// precedence order (the first file of a name wins, as `/etc` overrides `/usr/lib`), a
/// timer enabled when a `*.wants/` or `*.requires/` folder of any of them links it, drop-ins
/// (`NAME.d/*.conf`, from every directory, in file-name order) merged into the timer and its
/// service, the service being `Unit=` or the same-named `.service`.
///
/// ```
/// use foothold_linux::{resolve_timers, UnitScope, UnitTree};
/// use std::collections::BTreeMap;
/// struct Map(BTreeMap<&'static str, &'static str>);
/// impl UnitTree for Map {
///     fn list(&mut self, dir: &str) -> Vec<(String, bool)> {
///         let mut out: Vec<(String, bool)> = Vec::new();
///         for p in self.0.keys() {
///             if let Some(rest) = p.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
///                 let (name, is_dir) = match rest.split_once('/') { Some((d, _)) => (d, true), None => (rest, false) };
///                 if !out.iter().any(|(n, _)| n == name) { out.push((name.to_string(), is_dir)); }
///             }
///         }
///         out
///     }
///     fn read(&mut self, path: &str) -> Result<Vec<u8>, foothold_linux::Error> {
///         self.0.get(path).map(|s| s.as_bytes().to_vec())
///             .ok_or_else(|| foothold_linux::Error::Unreadable { path: path.into(), reason: "missing".into() })
///     }
/// }
/// let mut tree = Map(BTreeMap::from([
///     ("/etc/systemd/system/beacon.timer", "[Timer]\nOnCalendar=hourly\n"),
///     ("/usr/lib/systemd/system/beacon.timer", "[Timer]\nOnCalendar=daily\n"),
///     ("/usr/lib/systemd/system/beacon.service", "[Service]\nExecStart=/opt/b\n"),
///     ("/etc/systemd/system/timers.target.wants/beacon.timer", ""),
/// ]));
/// let r = resolve_timers(&mut tree, &["/etc/systemd/system", "/usr/lib/systemd/system"], UnitScope::System, Some("root".into()));
/// let t = &r.timers[0];
/// assert_eq!(t.path, "/etc/systemd/system/beacon.timer");
/// assert_eq!((t.job.schedule.as_str(), t.job.command.as_str()), ("OnCalendar=hourly", "/opt/b"));
/// assert!(t.job.flags.is_empty());
/// ```
pub fn resolve_timers(
    tree: &mut dyn UnitTree,
    dirs: &[&str],
    scope: UnitScope,
    default_user: Option<String>,
) -> ResolvedTimers {
    let UnitDirs {
        units,
        drop_ins,
        wanted,
        ..
    } = UnitDirs::read(tree, dirs, &[".timer", ".service"]);
    let mut out = ResolvedTimers::default();
    let knows_enablement = tree.knows_enablement();
    let mut load = |name: &str, errors: &mut Vec<crate::Error>| {
        let path = units.get(name)?;
        let bytes = match tree.read(path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(e);
                return None;
            }
        };
        let mut unit = parse_unit(&bytes);
        let mut applied = Vec::new();
        let mut extra = drop_ins.get(name).cloned().unwrap_or_default();
        extra.sort();
        for (_, p) in extra {
            if let Ok(b) = tree.read(&p) {
                unit.merge(parse_unit(&b));
                applied.push(p);
            }
        }
        Some((path.clone(), unit, applied))
    };
    let timers: Vec<(String, String)> = units
        .iter()
        .filter(|(n, _)| n.ends_with(".timer"))
        .map(|(n, p)| (n.clone(), p.clone()))
        .collect();
    for (name, path) in timers {
        let Some((_, timer, mut applied)) = load(&name, &mut out.errors) else {
            continue;
        };
        let stem = name.trim_end_matches(".timer");
        let unit_name = timer
            .get("Timer", "Unit")
            .map_or_else(|| format!("{stem}.service"), str::to_string);
        let service = load(&unit_name, &mut out.errors);
        if let Some((_, _, a)) = &service {
            applied.extend(a.iter().cloned());
        }
        let info = TimerInfo {
            unit: unit_name.clone(),
            unit_path: service.as_ref().map(|(p, _, _)| p.clone()),
            enabled: knows_enablement.then(|| wanted.contains_key(&name)),
            drop_ins: applied,
            scope,
            ..TimerInfo::default()
        };
        let job = timer_job(
            &timer,
            service.as_ref().map(|(_, u, _)| u),
            info,
            default_user.clone(),
        );
        out.timers.push(ResolvedTimer { path, job });
    }
    out
}

/// What cron makes of a system crontab's file name (`/etc/crontab`, `/etc/cron.d/NAME`):
/// a dot file is skipped by every cron; a `cron.d` name outside `[A-Za-z0-9_-]` is skipped
/// by Debian's cron (cronie runs it).
///
/// ```
/// use foothold_linux::{system_tab_flag, CronFlag};
/// assert_eq!(system_tab_flag("/etc/cron.d", "backup.sh"), Some(CronFlag::NameIgnoredByDebianCron));
/// assert_eq!(system_tab_flag("/etc/cron.d", ".hidden"), Some(CronFlag::DotFileIgnoredByCron));
/// assert_eq!(system_tab_flag("/etc/cron.d", "e2scrub_all"), None);
/// ```
pub fn system_tab_flag(dir: &str, name: &str) -> Option<CronFlag> {
    if name.starts_with('.') {
        Some(CronFlag::DotFileIgnoredByCron)
    } else if dir.trim_end_matches('/') == "/etc/cron.d"
        && !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        Some(CronFlag::NameIgnoredByDebianCron)
    } else {
        None
    }
}
