//! Linux services (ATT&CK T1543.002): systemd service units resolved as the manager loads
//! them, SysV init scripts with their runlevel links, and `/etc/rc.local`.
use crate::systemd::{parse_unit, UnitDirs, UnitFile, UnitTree};
use crate::UnitScope;
use serde::Serialize;

foothold_core::named_enum! {
    /// What starts a Linux service.
    pub enum ServiceKind {
        /// A systemd service unit (`NAME.service`).
        SystemdService => "systemd_service",
        /// A SysV init script (`/etc/init.d/NAME`, started from `/etc/rcN.d/S##NAME`).
        SysvInit => "sysv_init",
        /// `/etc/rc.local`, run at boot by `rc-local.service` when it is executable.
        RcLocal => "rc_local",
    }
}

foothold_core::named_enum! {
    /// A unit file's enablement state, as `systemctl list-unit-files` names it.
    pub enum UnitFileState {
        /// A `*.wants/` or `*.requires/` link starts it (for a template: one of its
        /// instances).
        Enabled => "enabled",
        /// It has an `[Install]` section and no link: `systemctl enable` would start it.
        Disabled => "disabled",
        /// No `[Install]` section: started only by another unit (a timer, a socket, a
        /// dependency).
        Static => "static",
        /// Only `Also=` in `[Install]`: enabled through the units it names.
        Indirect => "indirect",
        /// Masked.
        Masked => "masked",
    }
}

foothold_core::named_enum! {
    /// A prefix of an `Exec*=` command (systemd.service(5), "Command lines").
    pub enum ExecPrefix {
        /// `-`: a failing exit status is ignored.
        IgnoreFailure => "ignore_failure",
        /// `@`: the second word is passed as `argv[0]`.
        Argv0 => "argv0",
        /// `:`: environment variables are not expanded.
        NoEnvironmentExpansion => "no_environment_expansion",
        /// `+`: run with full privileges (no `User=`, sandboxing or capability limits).
        FullPrivileges => "full_privileges",
        /// `!`: run with elevated privileges, `User=` not applied.
        ElevatedNoUserChange => "elevated_no_user_change",
        /// `!!`: as `!` on systems without ambient capabilities.
        ElevatedAmbientFallback => "elevated_ambient_fallback",
        /// `|`: run through the user's login shell (systemd 256).
        ViaShell => "via_shell",
    }
}

foothold_core::named_enum! {
    /// An observation about a service.
    pub enum ServiceFlag {
        /// The unit is masked (its file is empty or a link to `/dev/null`): it cannot start.
        Masked => "masked",
        /// A drop-in (`NAME.service.d/*.conf`) sets `ExecStart=`: what runs is not what the
        /// unit file says — a way to hide a command in a vendor unit.
        ExecChangedByDropIn => "exec_changed_by_drop_in",
        /// A unit of the same name in `/etc` (or `/run`) takes the place of the one a package
        /// installed in `/usr/lib` or `/lib`.
        OverridesVendorUnit => "overrides_vendor_unit",
        /// A template (`NAME@.service`): it runs only as instances (`NAME@INSTANCE.service`).
        Template => "template",
        /// No `ExecStart=` (nor `ExecStartPre=`/`Post=`): nothing runs, or the unit is invalid.
        NoExecStart => "no_exec_start",
        /// An init script or `rc.local` without an execute bit: it is not run.
        NotExecutable => "not_executable",
        /// An init script for which a systemd unit of the same name exists: systemd starts the
        /// unit, not the script.
        ShadowedBySystemdUnit => "shadowed_by_systemd_unit",
        /// A unit the wants links name that no unit directory holds.
        UnitNotFound => "unit_not_found",
        /// Its unit file or script belongs to no installed package, though the volume has a
        /// package database (Debian's `/var/lib/dpkg/info/*.list`): someone put it there.
        NotFromAPackage => "not_from_a_package",
    }
}

/// One command of an `Exec*=` setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ExecCommand {
    /// `ExecStart`, `ExecStartPre`, `ExecStartPost`, `ExecReload`, `ExecStop`,
    /// `ExecStopPost`, `ExecCondition`, or `script` for an init script and `rc.local`.
    pub setting: String,
    /// Its prefixes, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefixes: Vec<ExecPrefix>,
    /// The command line after the prefixes.
    pub command: String,
}

/// The `Exec*=` settings, in the order systemd runs them.
pub const EXEC_SETTINGS: &[&str] = &[
    "ExecCondition",
    "ExecStartPre",
    "ExecStart",
    "ExecStartPost",
    "ExecReload",
    "ExecStop",
    "ExecStopPost",
];

/// Split an `Exec*=` value into its prefixes and command.
///
/// ```
/// use foothold_linux::{parse_exec, ExecPrefix};
/// let c = parse_exec("ExecStart", "-+/usr/bin/beacon --quiet");
/// assert_eq!(c.prefixes, [ExecPrefix::IgnoreFailure, ExecPrefix::FullPrivileges]);
/// assert_eq!(c.command, "/usr/bin/beacon --quiet");
/// assert_eq!(parse_exec("ExecStart", "!!/bin/x").prefixes, [ExecPrefix::ElevatedAmbientFallback]);
/// ```
pub fn parse_exec(setting: &str, value: &str) -> ExecCommand {
    let mut prefixes = Vec::new();
    let mut rest = value.trim_start();
    loop {
        let (p, n) = if rest.starts_with("!!") {
            (ExecPrefix::ElevatedAmbientFallback, 2)
        } else {
            match rest.chars().next() {
                Some('-') => (ExecPrefix::IgnoreFailure, 1),
                Some('@') => (ExecPrefix::Argv0, 1),
                Some(':') => (ExecPrefix::NoEnvironmentExpansion, 1),
                Some('+') => (ExecPrefix::FullPrivileges, 1),
                Some('!') => (ExecPrefix::ElevatedNoUserChange, 1),
                Some('|') => (ExecPrefix::ViaShell, 1),
                _ => break,
            }
        };
        prefixes.push(p);
        rest = rest.get(n..).unwrap_or_default();
    }
    ExecCommand {
        setting: setting.to_string(),
        prefixes,
        command: rest.trim().to_string(),
    }
}

/// A Linux service: what starts it, whether it is enabled, what it runs and as whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LinuxService {
    /// The unit (`sshd.service`, `getty@tty1.service`) or init script name.
    pub name: String,
    /// systemd unit, SysV init script or `rc.local`.
    pub kind: ServiceKind,
    /// The system manager, or a user's.
    pub scope: UnitScope,
    /// Whether it starts at boot (or at the user's login): a `*.wants/`/`*.requires/` link
    /// to it, an `S##` link in runlevel 2–5 or S, an executable `rc.local`. `None` when that
    /// cannot be known (a unit file handed over without its machine).
    pub enabled: Option<bool>,
    /// Masked (its file empty or linked to `/dev/null`).
    pub masked: bool,
    /// For a systemd unit: its state as `systemctl list-unit-files` gives it (`None` when
    /// enablement cannot be known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<UnitFileState>,
    /// `Description=`, or an init script's `Short-Description:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What it runs, in the order systemd runs the settings.
    pub exec: Vec<ExecCommand>,
    /// `User=` (for a user unit: the user whose manager runs it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// `Group=`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `DynamicUser=yes`: a transient user is made for each run.
    pub dynamic_user: bool,
    /// `Type=` (`simple`, `forking`, `oneshot`, `notify`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_type: Option<String>,
    /// The file that was loaded (the first unit directory holding the name), or the script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_path: Option<String>,
    /// Drop-ins applied, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drop_ins: Vec<String>,
    /// `[Install]` `WantedBy=`/`RequiredBy=`: what `systemctl enable` would link it into.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub wanted_by: Vec<String>,
    /// The `*.wants/`/`*.requires/` folders (or `rcN.d` links) that enable it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enabled_by: Vec<String>,
    /// The unit file is where a package puts it (`/usr/lib`, `/lib`), not where an
    /// administrator does (`/etc`, `/run`, a home).
    pub vendor: bool,
    /// For an instance of a template: the part after `@`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The installed package that ships its unit file or script (Debian's dpkg database),
    /// when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// An init script's runlevels (`2`, `3`, `S`…) from its `S##` links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runlevels: Vec<String>,
    /// Observations ([`ServiceFlag`]).
    pub flags: Vec<ServiceFlag>,
}

impl LinuxService {
    fn new(name: &str, kind: ServiceKind, scope: UnitScope) -> Self {
        LinuxService {
            name: name.to_string(),
            kind,
            scope,
            enabled: None,
            masked: false,
            state: None,
            description: None,
            exec: Vec::new(),
            user: None,
            group: None,
            dynamic_user: false,
            service_type: None,
            unit_path: None,
            drop_ins: Vec::new(),
            wanted_by: Vec::new(),
            enabled_by: Vec::new(),
            vendor: false,
            instance: None,
            package: None,
            runlevels: Vec::new(),
            flags: Vec::new(),
        }
    }
}

fn is_vendor(path: &str) -> bool {
    path.starts_with("/usr/lib/") || path.starts_with("/lib/")
}

fn yes(v: Option<&str>) -> bool {
    matches!(
        v.map(str::to_ascii_lowercase).as_deref(),
        Some("1" | "yes" | "true" | "on")
    )
}

/// What resolving the services of one scope gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvedServices {
    /// Every service unit and enabled instance, by name.
    pub services: Vec<LinuxService>,
    /// Files that could not be read.
    pub errors: Vec<crate::Error>,
}

/// Resolve the service units of one systemd scope as the manager loads them: `dirs` in
/// precedence order (the first file of a name wins; one of the same name further down is a
/// vendor unit it overrides), drop-ins from every directory (`NAME.service.d/`,
/// a template's `NAME@.service.d/` for its instances, the top-level `service.d/`) merged in
/// file-name order, enablement from the `*.wants/`/`*.requires/` links, masking from empty
/// files and links to `/dev/null`, templates and the instances the links name.
///
/// ```
/// use foothold_linux::{resolve_services, ServiceFlag, UnitScope, UnitTree};
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
///     ("/usr/lib/systemd/system/ssh.service", "[Service]\nExecStart=/usr/sbin/sshd -D\n[Install]\nWantedBy=multi-user.target\n"),
///     ("/etc/systemd/system/ssh.service.d/override.conf", "[Service]\nExecStart=\nExecStart=/tmp/.x/sshd\n"),
///     ("/etc/systemd/system/multi-user.target.wants/ssh.service", ""),
/// ]));
/// let r = resolve_services(&mut tree, &["/etc/systemd/system", "/usr/lib/systemd/system"], UnitScope::System, None);
/// let s = &r.services[0];
/// assert_eq!(s.exec[0].command, "/tmp/.x/sshd");
/// assert_eq!(s.enabled, Some(true));
/// assert!(s.vendor && s.flags.contains(&ServiceFlag::ExecChangedByDropIn));
/// ```
pub fn resolve_services(
    tree: &mut dyn UnitTree,
    dirs: &[&str],
    scope: UnitScope,
    default_user: Option<String>,
) -> ResolvedServices {
    let found = UnitDirs::read(tree, dirs, &[".service"]);
    let mut out = ResolvedServices::default();
    let knows_enablement = tree.knows_enablement();
    // Every unit name the links enable, instances included.
    let mut names: Vec<String> = found.units.keys().cloned().collect();
    for w in found.wanted.keys() {
        if w.ends_with(".service") && !names.contains(w) {
            if let Some((template, _)) = template_of(w) {
                if found.units.contains_key(&template) {
                    names.push(w.clone());
                    continue;
                }
            }
            if !found.units.contains_key(w) {
                names.push(w.clone());
            }
        }
    }
    names.sort();
    for name in names {
        let template = template_of(&name);
        let file_name = match &template {
            Some((t, _)) if !found.units.contains_key(&name) => t.clone(),
            _ => name.clone(),
        };
        let mut s = LinuxService::new(&name, ServiceKind::SystemdService, scope);
        s.instance = template
            .as_ref()
            .map(|(_, i)| i.clone())
            .filter(|i| !i.is_empty());
        if name.ends_with("@.service") {
            s.flags.push(ServiceFlag::Template);
        }
        if knows_enablement {
            let by = found.wanted.get(&name).cloned().unwrap_or_default();
            s.enabled = Some(!by.is_empty());
            s.enabled_by = by;
        }
        let Some(path) = found.units.get(&file_name).cloned() else {
            s.flags.push(ServiceFlag::UnitNotFound);
            out.services.push(s);
            continue;
        };
        s.vendor = is_vendor(&path);
        if found.shadowed.get(&file_name).is_some_and(|p| is_vendor(p)) && !s.vendor {
            s.flags.push(ServiceFlag::OverridesVendorUnit);
        }
        s.unit_path = Some(path.clone());
        let masked = tree.link(&path).is_some_and(|t| t == "/dev/null");
        let bytes = if masked {
            Vec::new()
        } else {
            match tree.read(&path) {
                Ok(b) => b,
                Err(e) => {
                    out.errors.push(e);
                    continue;
                }
            }
        };
        if masked || bytes.iter().all(u8::is_ascii_whitespace) {
            s.masked = true;
            s.enabled = Some(false);
            s.state = Some(UnitFileState::Masked);
            s.flags.push(ServiceFlag::Masked);
            out.services.push(s);
            continue;
        }
        let mut unit = parse_unit(&bytes);
        // Drop-ins: the top-level `service.d/`, the template's, then the unit's own, each
        // folder's files merged in file-name order across the directories.
        let mut extra: Vec<(String, String)> = Vec::new();
        for key in ["service".to_string(), file_name.clone(), name.clone()] {
            let mut d = found.drop_ins.get(&key).cloned().unwrap_or_default();
            d.sort();
            for x in d {
                if !extra.contains(&x) {
                    extra.push(x);
                }
            }
        }
        let mut exec_by_drop_in = false;
        for (_, p) in extra {
            match tree.read(&p) {
                Ok(b) => {
                    let d = parse_unit(&b);
                    exec_by_drop_in |= d.sets("Service", "ExecStart");
                    unit.merge(d);
                    s.drop_ins.push(p);
                }
                Err(e) => out.errors.push(e),
            }
        }
        describe(&mut s, &unit, default_user.clone());
        if exec_by_drop_in {
            s.flags.push(ServiceFlag::ExecChangedByDropIn);
        }
        if knows_enablement {
            // A template is enabled when one of its instances is.
            let prefix = name.strip_suffix("@.service").map(|p| format!("{p}@"));
            let installs = [
                "WantedBy",
                "RequiredBy",
                "UpheldBy",
                "Alias",
                "DefaultInstance",
            ]
            .iter()
            .any(|k| !unit.get_all("Install", k).is_empty());
            // systemctl's "enabled" is a link an administrator (or `systemctl enable`) made,
            // in /etc or /run; a package's own links under /usr/lib or /lib make a unit
            // start as well, but systemctl calls that static.
            let config_linked = s.enabled_by.iter().any(|d| !is_vendor(d));
            let instance_linked = prefix.as_ref().is_some_and(|p| {
                found.wanted.iter().any(|(w, by)| {
                    w.starts_with(p.as_str())
                        && w.ends_with(".service")
                        && by.iter().any(|d| !is_vendor(d))
                })
            });
            s.state = Some(if config_linked || instance_linked {
                UnitFileState::Enabled
            } else if installs {
                UnitFileState::Disabled
            } else if !unit.get_all("Install", "Also").is_empty() {
                UnitFileState::Indirect
            } else {
                UnitFileState::Static
            });
        }
        out.services.push(s);
    }
    out
}

/// `NAME@INSTANCE.service` → (`NAME@.service`, `INSTANCE`).
fn template_of(name: &str) -> Option<(String, String)> {
    let (head, tail) = name.split_once('@')?;
    let instance = tail.strip_suffix(".service")?;
    Some((format!("{head}@.service"), instance.to_string()))
}

/// Fill a service from its merged unit.
fn describe(s: &mut LinuxService, unit: &UnitFile, default_user: Option<String>) {
    s.description = unit.get("Unit", "Description").map(str::to_string);
    for setting in EXEC_SETTINGS {
        for v in unit.get_all("Service", setting) {
            s.exec.push(parse_exec(setting, v));
        }
    }
    s.user = unit
        .get("Service", "User")
        .map(str::to_string)
        .or(default_user);
    s.group = unit.get("Service", "Group").map(str::to_string);
    s.dynamic_user = yes(unit.get("Service", "DynamicUser"));
    s.service_type = unit.get("Service", "Type").map(str::to_string);
    for k in ["WantedBy", "RequiredBy"] {
        for v in unit.get_all("Install", k) {
            s.wanted_by.extend(v.split_whitespace().map(str::to_string));
        }
    }
    if !s.exec.iter().any(|e| e.setting.starts_with("ExecStart")) {
        s.flags.push(ServiceFlag::NoExecStart);
    }
}

/// The LSB header of an init script: `Short-Description:` and `Default-Start:`.
fn lsb(script: &[u8]) -> (Option<String>, Vec<String>) {
    let text = String::from_utf8_lossy(script.get(..script.len().min(8192)).unwrap_or_default());
    let mut desc = None;
    let mut start = Vec::new();
    let mut inside = false;
    for l in text.lines() {
        let l = l.trim();
        if l.starts_with("### BEGIN INIT INFO") {
            inside = true;
        } else if l.starts_with("### END INIT INFO") {
            break;
        } else if inside {
            let body = l.trim_start_matches('#').trim();
            if let Some(v) = body.strip_prefix("Short-Description:") {
                desc = Some(v.trim().to_string());
            } else if let Some(v) = body.strip_prefix("Default-Start:") {
                start = v.split_whitespace().map(str::to_string).collect();
            }
        }
    }
    (desc, start)
}

/// A SysV init script: its name, bytes, whether it is executable, and the `rcN.d` links
/// (`/etc/rc2.d/S01name`) that name it. `systemd_units` are the names systemd has a unit
/// for (an init script with a unit of its name is not run by systemd).
///
/// ```
/// use foothold_linux::{init_script, ServiceFlag};
/// let s = init_script("beacon", b"#!/bin/sh\n### BEGIN INIT INFO\n# Short-Description: b\n# Default-Start: 2 3 4 5\n### END INIT INFO\n/opt/b &\n",
///     Some(true), &["/etc/rc2.d/S01beacon".to_string(), "/etc/rc0.d/K01beacon".to_string()], &[]);
/// assert_eq!(s.enabled, Some(true));
/// assert_eq!(s.runlevels, ["2"]);
/// assert_eq!(s.exec[0].command, "/etc/init.d/beacon start");
/// assert!(s.flags.is_empty());
/// ```
pub fn init_script(
    name: &str,
    script: &[u8],
    executable: Option<bool>,
    links: &[String],
    systemd_units: &[String],
) -> LinuxService {
    let mut s = LinuxService::new(name, ServiceKind::SysvInit, UnitScope::System);
    let (desc, _default_start) = lsb(script);
    s.description = desc;
    s.unit_path = Some(format!("/etc/init.d/{name}"));
    s.exec.push(ExecCommand {
        setting: "script".into(),
        prefixes: Vec::new(),
        command: format!("/etc/init.d/{name} start"),
    });
    s.user = Some("root".into());
    for l in links {
        let Some((dir, file)) = l.rsplit_once('/') else {
            continue;
        };
        let level = dir
            .rsplit('/')
            .next()
            .and_then(|d| d.strip_prefix("rc"))
            .and_then(|d| d.strip_suffix(".d"));
        if let (Some(level), true) = (level, file.starts_with('S')) {
            s.runlevels.push(level.to_string());
            s.enabled_by.push(l.clone());
        }
    }
    s.runlevels.sort();
    s.runlevels.dedup();
    s.enabled = Some(
        s.runlevels
            .iter()
            .any(|r| matches!(r.as_str(), "2" | "3" | "4" | "5" | "S")),
    );
    if executable == Some(false) {
        s.flags.push(ServiceFlag::NotExecutable);
        s.enabled = Some(false);
    }
    if systemd_units
        .iter()
        .any(|u| u.strip_suffix(".service") == Some(name))
    {
        s.flags.push(ServiceFlag::ShadowedBySystemdUnit);
    }
    s
}

/// Script lines kept as commands of `rc.local` (and of an init script no package ships).
const MAX_SCRIPT_LINES: usize = 64;

/// A shell script's command lines (`script_line`; comments, blank lines and `exit` left
/// out, at most 64), so that what a script starts is seen and resolved.
///
/// ```
/// let c = foothold_linux::script_commands(b"#!/bin/sh\n# start it\n/opt/b &\nexit 0\n");
/// assert_eq!(c.len(), 1);
/// assert_eq!((c[0].setting.as_str(), c[0].command.as_str()), ("script_line", "/opt/b &"));
/// ```
pub fn script_commands(script: &[u8]) -> Vec<ExecCommand> {
    String::from_utf8_lossy(script)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("exit"))
        .take(MAX_SCRIPT_LINES)
        .map(|l| ExecCommand {
            setting: "script_line".into(),
            prefixes: Vec::new(),
            command: l.to_string(),
        })
        .collect()
}

/// `/etc/rc.local`: run at boot by systemd's `rc-local.service` (and by SysV `rc.local`)
/// when it is executable. Its commands are the script and each of its command lines
/// (`script_line`: comments, blank lines and `exit` left out), so that what it starts is
/// seen and resolved.
///
/// ```
/// let s = foothold_linux::rc_local(b"#!/bin/sh\n/opt/b &\nexit 0\n", Some(true));
/// assert_eq!((s.name.as_str(), s.enabled), ("rc.local", Some(true)));
/// assert_eq!(s.exec[1].command, "/opt/b &");
/// ```
pub fn rc_local(script: &[u8], executable: Option<bool>) -> LinuxService {
    let mut s = LinuxService::new("rc.local", ServiceKind::RcLocal, UnitScope::System);
    s.unit_path = Some("/etc/rc.local".into());
    s.user = Some("root".into());
    s.exec.push(ExecCommand {
        setting: "script".into(),
        prefixes: Vec::new(),
        command: "/etc/rc.local start".into(),
    });
    s.exec.extend(script_commands(script));
    s.enabled = executable;
    if executable == Some(false) {
        s.flags.push(ServiceFlag::NotExecutable);
    }
    if script.is_empty() {
        s.flags.push(ServiceFlag::NoExecStart);
    }
    s
}

/// Whether a command line enables, links or edits `unit` with `systemctl` (`systemctl
/// enable --now beacon`, `sudo systemctl --user enable beacon.service`).
fn enables(command: &str, unit: &str) -> bool {
    let stem = unit.strip_suffix(".service").unwrap_or(unit);
    let words: Vec<&str> = command.split_whitespace().collect();
    let Some(at) = words.iter().position(|w| w.ends_with("systemctl")) else {
        return false;
    };
    let rest = words.get(at.saturating_add(1)..).unwrap_or_default();
    rest.iter().any(|w| {
        matches!(
            *w,
            "enable" | "reenable" | "link" | "edit" | "preset" | "unmask"
        )
    }) && rest
        .iter()
        .any(|w| *w == unit || *w == stem || w.ends_with(&format!("/{unit}")))
}

/// Who put a service in place: the latest `systemctl enable`/`link`/`edit` of it in `log`
/// (shell histories, `sudo` lines of the authentication log: `systemctl_enable`, with the
/// user and time), else the unit file's owner; the file's owner and creation time are
/// evidence either way.
///
/// ```
/// use foothold_core::{Event, LogKind, NoDetail};
/// let e: Event<NoDetail> = Event { log: LogKind::ShellHistory, user: Some("alice".into()),
///     command_line: Some("sudo systemctl enable --now beacon".into()), ..Default::default() };
/// let c = foothold_linux::service_created_by("beacon.service", Some("root".into()), None, &[&e]).unwrap();
/// assert_eq!(c.user.as_deref(), Some("alice"));
/// assert_eq!(c.evidence[0].kind, "systemctl_enable");
/// ```
pub fn service_created_by<D>(
    unit: &str,
    file_owner: Option<String>,
    file_created: Option<foothold_core::Timestamp>,
    log: &[&foothold_core::Event<D>],
) -> Option<foothold_core::CreatedBy> {
    use foothold_core::{CreatedBy, CreationEvidence};
    let mut c = CreatedBy::default();
    let acts: Vec<&&foothold_core::Event<D>> = log
        .iter()
        .filter(|e| e.command_line.as_deref().is_some_and(|l| enables(l, unit)))
        .collect();
    for e in &acts {
        c.evidence.push(CreationEvidence {
            kind: "systemctl_enable".into(),
            value: format!(
                "{} at {}: {}",
                e.user.as_deref().unwrap_or("?"),
                e.timestamp.map_or("?".into(), |t| t.to_string()),
                e.command_line.as_deref().unwrap_or_default()
            ),
            record_id: e.record_id,
        });
    }
    // The latest with a time, else the last in log order.
    let last = acts
        .iter()
        .filter(|e| e.timestamp.is_some())
        .max_by_key(|e| e.timestamp)
        .or(acts.last());
    if let Some(e) = last {
        c.user = e.user.clone();
        c.when = e.timestamp;
    }
    if let Some(o) = &file_owner {
        c.evidence.push(CreationEvidence {
            kind: "file_owner".into(),
            value: o.clone(),
            record_id: None,
        });
        c.user.get_or_insert_with(|| o.clone());
    }
    if let Some(t) = file_created {
        c.evidence.push(CreationEvidence {
            kind: "file_created".into(),
            value: t.to_string(),
            record_id: None,
        });
        c.when.get_or_insert(t);
    }
    (!c.evidence.is_empty()).then_some(c)
}
