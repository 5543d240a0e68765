//! The remediation plan: for each finding of `medium` and above, the exact steps that remove
//! it from the live machine, in the playbook's order — contain (disable, stop, lock the
//! creating account), eradicate (delete the task, service, unit or line, and the files the
//! scan attributed to it, each after checking its SHA-256), verify (the keys and files that
//! must be gone afterwards) and credentials (whose to reset) — as data ([`Step`]) and as
//! scripts an administrator reviews and runs ([`powershell`], [`shell`], [`markdown`]).
//!
//! Every name, key, path, line and hash of a step is the record's own: nothing is touched
//! that the scan did not attribute to the finding. A file is deleted only when the scan found
//! it, hashed it and a reason of the finding names its location (a user-writable, temporary,
//! hidden or non-standard folder, the Windows folder's root, an unquoted-path hijack); a
//! program of the operating system a task merely starts (`cmd.exe`, `powershell.exe`,
//! `/bin/sh`) never is. A name that no command line can carry safely (a quote a native
//! command would split on, a control character) gets a step without a command, saying so.
//! A script never runs the attacker's code: an init script is unlinked, not called with
//! `stop`, and a unit with `ExecStop=` is killed, not stopped.
use super::{Finding, Severity};
use crate::scan::{Binary, BinaryStatus, Record, Source};
use foothold_core::CreationEvidence;
use serde::Serialize;

foothold_core::named_enum! {
    /// Where a step belongs in the playbook; steps run in this order.
    pub enum Phase {
        /// Stop it running and stop its maker: disable, stop, lock the account.
        Contain => "contain",
        /// Remove it and what it runs.
        Eradicate => "eradicate",
        /// Check that what it left is gone.
        Verify => "verify",
        /// Reset the credentials it was made with.
        Credentials => "credentials",
    }
}

foothold_core::named_enum! {
    /// What a step does.
    pub enum Action {
        /// `schtasks /Change /TN … /Disable`.
        DisableTask => "disable_task",
        /// `schtasks /Delete /TN … /F`.
        DeleteTask => "delete_task",
        /// A registry key removed by hand (a task Task Scheduler cannot see: no `SD`).
        DeleteKey => "delete_key",
        /// `sc.exe stop`.
        StopService => "stop_service",
        /// `sc.exe config … start= disabled`.
        DisableService => "disable_service",
        /// `sc.exe delete`.
        DeleteService => "delete_service",
        /// `systemctl disable --now` (or kill, then disable).
        DisableUnit => "disable_unit",
        /// `update-rc.d -f NAME remove`: an init script's runlevel links.
        RemoveInitLinks => "remove_init_links",
        /// `systemctl daemon-reload` after unit files changed.
        ReloadSystemd => "reload_systemd",
        /// A file deleted (a binary after its SHA-256 is checked; a unit, script or job file).
        DeleteFile => "delete_file",
        /// One exact line removed from a file (`/etc/crontab`, `/etc/cron.d/*`, anacrontab).
        RemoveLine => "remove_line",
        /// One exact line removed from a user's crontab (`crontab -u USER`).
        RemoveCrontabLine => "remove_crontab_line",
        /// `atrm JOB`.
        RemoveAtJob => "remove_at_job",
        /// The Group Policy item that deploys it removed from its policy.
        RemoveFromPolicy => "remove_from_policy",
        /// A task must be gone (`schtasks /Query`).
        CheckTaskAbsent => "check_task_absent",
        /// A service must be gone (`sc.exe query`).
        CheckServiceAbsent => "check_service_absent",
        /// A registry key must be gone.
        CheckKeyAbsent => "check_key_absent",
        /// A file must be gone.
        CheckFileAbsent => "check_file_absent",
        /// A line must be gone from a file.
        CheckLineAbsent => "check_line_absent",
        /// Something a person reads and decides (no command).
        Review => "review",
        /// The account that made it disabled.
        LockAccount => "lock_account",
        /// The account's password (and keys) reset.
        ResetCredentials => "reset_credentials",
    }
}

foothold_core::named_enum! {
    /// Which machine's shell a step's command is for.
    pub enum Platform {
        /// PowerShell (5.1 and later) on Windows.
        Windows => "windows",
        /// POSIX `sh` on Linux.
        Linux => "linux",
    }
}

/// The finding a step serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StepFinding {
    /// `scheduled_task`, `service`, `cron_job`, `linux_service`.
    pub artifact: String,
    /// Its name (task path, service name, `file:line`, unit).
    pub name: String,
    /// Its severity.
    pub severity: Severity,
    /// Its score.
    pub score: u8,
}

/// One step of a host's remediation plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Step {
    /// The machine (its computer name or host name), when the evidence says.
    pub host: Option<String>,
    /// The evidence file the plan was made from.
    pub evidence: String,
    /// Which shell `command` is written for.
    pub platform: Platform,
    /// 1-based position in the host's plan.
    pub order: u32,
    /// Contain, eradicate, verify, credentials.
    pub phase: Phase,
    /// What it does.
    pub action: Action,
    /// What it acts on, as the live machine names it: a task path, a service name, a key
    /// (`HKLM\…`), a file (`%SystemDrive%\…`, `/etc/…`), a unit, an account.
    pub target: String,
    /// The file on the scanned volume (`/ProgramData/x.exe`), for file steps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The registry key as the record holds it (relative to its hive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The file's SHA-256 in the image: the live file is deleted only when it still matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The user whose crontab or account it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The exact line removed (cron).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// The command the script runs for it (PowerShell or `sh`); absent when a person must
    /// do it, or when the name cannot be carried safely on a command line (`text` says).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// What to do, in one sentence.
    pub text: String,
    /// What to check afterwards.
    pub check: String,
    /// The findings that need it (a file two tasks run is deleted once).
    pub findings: Vec<StepFinding>,
    /// The reason ids of those findings: why.
    pub why: Vec<String>,
    /// For an account step: what says this account made the item (event records).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_of_creation: Vec<CreationEvidence>,
    /// Where the item was found in the image.
    pub source: Source,
}

/// The JSON Schema of [`Step`] (committed as `schema/remediation-step.schema.json`).
pub fn step_schema() -> schemars::Schema {
    crate::listing::serialize_schema::<Step>()
}

/// A step before it is placed in its host's plan.
struct Draft {
    phase: Phase,
    action: Action,
    target: String,
    path: Option<String>,
    key: Option<String>,
    sha256: Option<String>,
    user: Option<String>,
    line: Option<String>,
    command: Option<String>,
    text: String,
    check: String,
    proof: Vec<CreationEvidence>,
}

impl Draft {
    fn new(phase: Phase, action: Action, target: impl Into<String>) -> Draft {
        Draft {
            phase,
            action,
            target: target.into(),
            path: None,
            key: None,
            sha256: None,
            user: None,
            line: None,
            command: None,
            text: String::new(),
            check: String::new(),
            proof: Vec::new(),
        }
    }
    fn run(mut self, command: Option<String>) -> Draft {
        self.command = command;
        self
    }
    fn say(mut self, text: impl Into<String>, check: impl Into<String>) -> Draft {
        self.text = text.into();
        self.check = check.into();
        self
    }
}

// ---- quoting ------------------------------------------------------------------------------

/// A PowerShell single-quoted string: `'` and the typographic single quotes PowerShell also
/// takes for one (U+2018–U+201B) doubled.
///
/// ```
/// assert_eq!(foothold::ps_quote("it's 100%"), "'it''s 100%'");
/// assert_eq!(foothold::ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
/// ```
pub fn ps_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A POSIX shell single-quoted string (`'` written `'\''`).
///
/// ```
/// assert_eq!(foothold::sh_quote("it's $HOME"), "'it'\\''s $HOME'");
/// ```
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Text safe inside a `#` comment: control characters (a newline would end the comment and
/// make the rest a command) and Unicode line separators written as `\u{…}`.
fn comment_safe(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}') {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a name can be handed to a native Windows program (`schtasks.exe`, `sc.exe`,
/// `net.exe`) by PowerShell unchanged: PowerShell 5.1 does not escape an embedded `"`, and
/// a control character has no place in a name.
fn native_safe(s: &str) -> bool {
    !s.is_empty() && !s.chars().any(|c| c == '"' || c.is_control())
}

/// Whether a value can be a `sh` argument (no NUL) and a `grep -x` line (no newline).
fn sh_safe(s: &str) -> bool {
    !s.is_empty() && !s.contains(['\0', '\n', '\r'])
}

const UNSAFE: &str = " (no command: the name holds a quote or a control character that a \
                      command line cannot carry safely; do it by hand)";

// ---- what a finding needs ------------------------------------------------------------------

/// The live path of a file on the Windows volume: `%SystemDrive%` and the volume path.
fn windows_live(path: &str) -> String {
    format!("%SystemDrive%{}", path.replace('/', "\\"))
}

/// The PowerShell expression of that path.
fn windows_live_ps(path: &str) -> String {
    format!(
        "($env:SystemDrive + {})",
        ps_quote(&path.replace('/', "\\"))
    )
}

/// A hive-relative key as the live machine names it.
fn hklm(hive: &str, key: &str) -> String {
    format!("HKLM\\{hive}\\{key}")
}

/// The files a finding's reasons attribute to it: found, hashed, and in a place a reason
/// names (never a program of the OS the item merely starts).
pub(super) fn attributed<'a>(
    f: &Finding,
    runs: &'a [crate::scan::RunCommand],
    windows: bool,
) -> Vec<(&'a Binary, Vec<String>)> {
    let has = |id: &str| f.reasons.iter().any(|r| r.id == id);
    let mut out: Vec<(&Binary, Vec<String>)> = Vec::new();
    for b in runs.iter().flat_map(|r| r.binaries.iter()) {
        if b.status != BinaryStatus::Found || b.hashes.is_none() {
            continue;
        }
        let Some(path) = b.path.as_deref() else {
            continue;
        };
        let p = super::text::normalized(path);
        let mut why: Vec<String> = Vec::new();
        let mut because = |id: &str, applies: bool| {
            if applies && has(id) {
                why.push(id.to_string());
            }
        };
        because(
            "user_writable_path",
            super::text::user_writable(&p, windows),
        );
        because(
            "nonstandard_path",
            !super::text::user_writable(&p, windows) && super::text::nonstandard(&p, windows),
        );
        because("hidden_path", !windows && super::text::hidden_component(&p));
        because(
            "windows_root_binary",
            windows && super::text::windows_root_program(&p),
        );
        because(
            "unquoted_path_hijack",
            b.flags.iter().any(|x| x == "unquoted_path_hijack"),
        );
        if !why.is_empty() && !out.iter().any(|(o, _)| o.path == b.path) {
            out.push((b, why));
        }
    }
    out
}

/// The step deleting a found, hashed file after checking its hash.
fn delete_binary(b: &Binary, windows: bool, why: &[String]) -> Option<Draft> {
    let path = b.path.as_deref()?;
    let sha = &b.hashes.as_ref()?.sha256;
    let (target, command) = if windows {
        let live = windows_live(path);
        let cmd = (!path.chars().any(char::is_control)).then(|| {
            format!(
                "$p = {}; if ((Test-Path -LiteralPath $p) -and (Get-FileHash -Algorithm SHA256 -LiteralPath $p).Hash -eq {}) {{ Remove-Item -LiteralPath $p -Force }} else {{ Write-Warning ('foothold: not deleted (gone, or its SHA-256 is not the image''s): ' + $p) }}",
                windows_live_ps(path),
                ps_quote(&sha.to_ascii_uppercase())
            )
        });
        (live, cmd)
    } else {
        let q = sh_quote(path);
        let cmd = (!path.contains('\0')).then(|| {
            format!(
                "if [ \"$(sha256sum < {q} 2>/dev/null | cut -d' ' -f1)\" = {} ]; then rm -f -- {q}; else echo {} >&2; fi",
                sh_quote(sha),
                sh_quote(&format!(
                    "foothold: not deleted (gone, or its SHA-256 is not the image's): {path}"
                ))
            )
        });
        (path.to_string(), cmd)
    };
    let mut d = Draft::new(Phase::Eradicate, Action::DeleteFile, target.clone())
        .run(command)
        .say(
            format!(
                "delete {target} ({}) only if its SHA-256 is still {sha}",
                why.join(", ")
            ),
            format!("{target} is gone; look for copies by hash elsewhere on the machine"),
        );
    d.path = Some(path.to_string());
    d.sha256 = Some(sha.clone());
    Some(d)
}

/// A Windows task's steps.
fn task_steps(t: &crate::ScheduledTaskRecord, f: &Finding, out: &mut Vec<Draft>) {
    let name = &t.task.name;
    let safe = native_safe(name);
    let q = ps_quote(name);
    let gone = t.recovered.is_some();
    let hidden = t.task.flags.iter().any(|fl| {
        matches!(
            fl,
            foothold_windows::TaskFlag::NoSecurityDescriptor
                | foothold_windows::TaskFlag::IndexZero
        )
    });
    if let Some(g) = &t.gpo {
        let file = t
            .gpo_source
            .as_ref()
            .map_or_else(|| t.source.path.clone(), |s| s.path.clone());
        out.push(
            Draft::new(Phase::Contain, Action::RemoveFromPolicy, file.clone()).say(
                format!(
                    "remove the {} item {} from policy {} ({file}) in the domain's SYSVOL, or Group Policy puts the task back",
                    g.kind,
                    g.uid.as_deref().unwrap_or("(no uid)"),
                    g.policy.as_deref().unwrap_or("(policy not known)")
                ),
                "gpupdate /force on the machine no longer creates the task",
            ),
        );
    }
    if gone {
        out.push(
            Draft::new(Phase::Verify, Action::CheckTaskAbsent, name.clone())
                .run(safe.then(|| format!("schtasks.exe /Query /TN {q} *> $null; if ($LASTEXITCODE -eq 0) {{ Write-Warning ('foothold: the task is back: ' + {q}) }}")))
                .say(
                    format!("the image no longer holds task {name} (it was removed): check that the live machine does not either{}", if safe { "" } else { UNSAFE }),
                    "schtasks /Query does not find it",
                ),
        );
    } else if hidden {
        // Task Scheduler's own tools cannot see a task without `SD` (Tarrask): its keys go.
        let tc = t.task.taskcache.as_ref();
        for key in tc
            .into_iter()
            .flat_map(|c| std::iter::once(c.tree_key.clone()).chain(c.task_key.clone()))
        {
            let live = hklm("SOFTWARE", &key);
            let mut d = Draft::new(Phase::Eradicate, Action::DeleteKey, live.clone())
                .run(Some(format!(
                    "Remove-Item -LiteralPath {} -Recurse -Force",
                    ps_quote(&format!("Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\{key}"))
                )))
                .say(
                    format!("delete {live}: the task has no security descriptor, so schtasks cannot see or delete it (run as SYSTEM, then restart the Schedule service or the machine)"),
                    format!("{live} is gone"),
                );
            d.key = Some(key);
            out.push(d);
        }
    } else {
        out.push(
            Draft::new(Phase::Contain, Action::DisableTask, name.clone())
                .run(safe.then(|| format!("schtasks.exe /Change /TN {q} /Disable")))
                .say(
                    format!("disable task {name}{}", if safe { "" } else { UNSAFE }),
                    "schtasks /Query /TN shows it Disabled",
                ),
        );
        out.push(
            Draft::new(Phase::Eradicate, Action::DeleteTask, name.clone())
                .run(safe.then(|| format!("schtasks.exe /Delete /TN {q} /F")))
                .say(
                    format!("delete task {name}{}", if safe { "" } else { UNSAFE }),
                    "schtasks /Query /TN does not find it",
                ),
        );
    }
    for (b, why) in attributed(f, &t.runs, true) {
        out.extend(delete_binary(b, true, &why));
    }
    // What must be gone afterwards: the TaskCache keys and the task file.
    if let Some(c) = &t.task.taskcache {
        let mut keys: Vec<String> = vec![c.tree_key.clone()];
        keys.extend(c.task_key.clone());
        if let Some(id) = &c.id {
            let base = c.tree_key.split_once("\\Tree\\").map_or(
                "Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache",
                |(b, _)| b,
            );
            keys.extend(c.lists.iter().map(|l| format!("{base}\\{l}\\{id}")));
        }
        for key in keys {
            out.push(check_key("SOFTWARE", &key));
        }
    }
    if t.task.sources.contains(&foothold_windows::TaskSource::Xml) && t.source.filesystem != "file"
    {
        out.push(check_file(&t.source.path));
    }
    if let Some(j) = &t.job_source {
        out.push(check_file(&j.path));
    }
}

fn check_key(hive: &str, key: &str) -> Draft {
    let live = hklm(hive, key);
    let reg = format!("Registry::HKEY_LOCAL_MACHINE\\{hive}\\{key}");
    let mut d = Draft::new(Phase::Verify, Action::CheckKeyAbsent, live.clone())
        .run(Some(format!(
            "if (Test-Path -LiteralPath {}) {{ Write-Warning {} }}",
            ps_quote(&reg),
            ps_quote(&format!("foothold: still present: {live}"))
        )))
        .say(
            format!("check that {live} is gone"),
            format!("{live} does not exist"),
        );
    d.key = Some(key.to_string());
    d
}

fn check_file(path: &str) -> Draft {
    let live = windows_live(path);
    let mut d = Draft::new(Phase::Verify, Action::CheckFileAbsent, live.clone())
        .run((!path.chars().any(char::is_control)).then(|| {
            format!(
                "if (Test-Path -LiteralPath {}) {{ Write-Warning {} }}",
                windows_live_ps(path),
                ps_quote(&format!("foothold: still present: {live}"))
            )
        }))
        .say(
            format!("check that {live} is gone"),
            format!("{live} does not exist"),
        );
    d.path = Some(path.to_string());
    d
}

/// A Windows service's steps.
fn service_steps(s: &crate::ServiceRecord, f: &Finding, out: &mut Vec<Draft>) {
    let name = &s.service.name;
    let safe = native_safe(name);
    let q = ps_quote(name);
    let unsafe_note = if safe { "" } else { UNSAFE };
    if s.gpo.is_some() {
        out.push(
            Draft::new(Phase::Contain, Action::RemoveFromPolicy, s.source.path.clone()).say(
                format!(
                    "remove the service item for {name} from its policy ({}) in the domain's SYSVOL, or Group Policy sets it again",
                    s.source.path
                ),
                "gpupdate /force on the machine no longer sets the service",
            ),
        );
    }
    if s.recovered.is_some() {
        out.push(
            Draft::new(Phase::Verify, Action::CheckServiceAbsent, name.clone())
                .run(safe.then(|| format!("sc.exe query {q} *> $null; if ($LASTEXITCODE -eq 0) {{ Write-Warning ('foothold: the service is back: ' + {q}) }}")))
                .say(
                    format!("the image no longer holds service {name} (it was removed): check that the live machine does not either{unsafe_note}"),
                    "sc.exe query does not find it",
                ),
        );
    } else {
        out.push(
            Draft::new(Phase::Contain, Action::StopService, name.clone())
                .run(safe.then(|| format!("sc.exe stop {q}")))
                .say(
                    format!("stop service {name}{unsafe_note}"),
                    "sc.exe query shows it STOPPED",
                ),
        );
        out.push(
            Draft::new(Phase::Contain, Action::DisableService, name.clone())
                .run(safe.then(|| format!("sc.exe config {q} start= disabled")))
                .say(
                    format!("set service {name} to start never{unsafe_note}"),
                    "sc.exe qc shows START_TYPE DISABLED",
                ),
        );
        out.push(
            Draft::new(Phase::Eradicate, Action::DeleteService, name.clone())
                .run(safe.then(|| format!("sc.exe delete {q}")))
                .say(
                    format!("delete service {name}{unsafe_note}"),
                    "sc.exe query does not find it (a service still running is removed when it stops)",
                ),
        );
    }
    for (b, why) in attributed(f, &s.runs, true) {
        out.extend(delete_binary(b, true, &why));
    }
    if let Some(key) = s.source.key.as_deref().filter(|_| {
        s.source.path.ends_with("/SYSTEM")
            || s.source
                .path
                .eq_ignore_ascii_case("/Windows/System32/config/SYSTEM")
    }) {
        out.push(check_key("SYSTEM", key));
    }
}

/// A cron job's (or timer's, or at job's) steps.
fn cron_steps(c: &crate::CronJobRecord, f: &Finding, out: &mut Vec<Draft>) {
    use foothold_linux::CronKind;
    let path = c.source.path.clone();
    let gone = c.recovered.is_some();
    match c.job.kind {
        CronKind::Crontab | CronKind::SystemCrontab | CronKind::Anacron => {
            let Some(line) = c.job.text.clone() else {
                out.push(review(
                    &path,
                    "the job's line was not read as written: remove it by hand",
                ));
                return;
            };
            let safe = sh_safe(&line) && !path.contains('\0');
            let ql = sh_quote(&line);
            let qp = sh_quote(&path);
            let user = c.job.user.clone();
            let mut d = if gone {
                Draft::new(Phase::Verify, Action::CheckLineAbsent, path.clone())
                    .run(safe.then(|| format!("if grep -qxF -e {ql} {qp} 2>/dev/null; then echo {} >&2; fi", sh_quote(&format!("foothold: the line is back in {path}")))))
                    .say(format!("the image no longer holds this line of {path} (it was removed): check that the live file does not either"), format!("{path} has no such line"))
            } else if c.job.kind == CronKind::Crontab {
                let u = user.clone().unwrap_or_default();
                let qu = sh_quote(&u);
                Draft::new(Phase::Eradicate, Action::RemoveCrontabLine, path.clone())
                    .run((safe && sh_safe(&u)).then(|| {
                        format!(
                            "t=$(mktemp) && crontab -u {qu} -l > \"$t\" && if grep -qxF -e {ql} \"$t\"; then {{ grep -vxF -e {ql} \"$t\" || true; }} | crontab -u {qu} -; else echo {} >&2; fi; rm -f \"$t\"",
                            sh_quote(&format!("foothold: line not in {u}'s crontab (already removed?)"))
                        )
                    }))
                    .say(format!("remove the line from {u}'s crontab with crontab -u (cron reloads it)"), format!("crontab -u {u} -l no longer lists it"))
            } else {
                Draft::new(Phase::Eradicate, Action::RemoveLine, path.clone())
                    .run(safe.then(|| {
                        format!(
                            "if grep -qxF -e {ql} {qp}; then t=$(mktemp) && {{ grep -vxF -e {ql} {qp} || true; }} > \"$t\" && cat \"$t\" > {qp}; rm -f \"$t\"; else echo {} >&2; fi",
                            sh_quote(&format!("foothold: line not in {path} (already removed?)"))
                        )
                    }))
                    .say(format!("remove the line from {path} (the file keeps its owner and mode)"), format!("{path} no longer has the line"))
            };
            if !safe {
                d.text.push_str(UNSAFE);
            }
            d.line = Some(line);
            d.user = user;
            out.push(d);
        }
        CronKind::At => {
            let Some(at) = &c.job.at else {
                out.push(review(
                    &path,
                    "an at job whose number was not read: remove it with atrm by hand",
                ));
                return;
            };
            let n = at.job_number;
            let mut d = if gone {
                check_sh_file(&path)
            } else {
                Draft::new(Phase::Eradicate, Action::RemoveAtJob, n.to_string())
                    .run(Some(format!("atrm {n}")))
                    .say(
                        format!("remove at job {n} (queue {})", at.queue),
                        "atq no longer lists it",
                    )
            };
            d.path = Some(path.clone());
            out.push(d);
        }
        CronKind::PeriodicScript => {
            let mut d = if gone {
                check_sh_file(&path)
            } else {
                delete_file_sh(&path, "delete the script run-parts runs")
            };
            d.path = Some(path.clone());
            out.push(d);
        }
        CronKind::SystemdTimer => {
            // The timer's own unit: the file the job was read from.
            let unit = path.rsplit('/').next().unwrap_or("").to_string();
            let user_scope = c
                .job
                .timer
                .as_ref()
                .is_some_and(|t| t.scope == foothold_linux::UnitScope::User);
            let home_user = user_scope.then(|| home_owner(&path, None)).flatten();
            if !gone {
                match (user_scope, home_user.as_deref()) {
                    (false, _) => out.push(disable_unit(&unit, None, false)),
                    (true, Some(u)) => out.push(disable_unit(&unit, Some(u), false)),
                    (true, None) => out.push(review(&unit, &format!("a timer of every user's manager: disable {unit} (systemctl --global disable {unit}) and stop it in the users' sessions"))),
                }
            }
            let vendor = path.starts_with("/usr/lib/") || path.starts_with("/lib/");
            if vendor {
                out.push(review(&path, "a package's timer: disabled, not deleted (reinstall the package if it was changed)"));
            } else if gone {
                out.push(check_sh_file(&path));
            } else {
                out.push(delete_file_sh(&path, "delete the timer unit"));
                if !user_scope || home_user.is_some() {
                    out.push(reload(home_user.as_deref()));
                }
            }
            if let Some(t) = &c.job.timer {
                out.push(review(
                    &t.unit,
                    &format!(
                        "the timer starts {}: judge it (its own finding) before deleting it",
                        t.unit
                    ),
                ));
            }
        }
    }
    for (b, why) in attributed(f, &c.runs, false) {
        out.extend(delete_binary(b, false, &why));
    }
}

/// A Linux service's steps.
fn linux_service_steps(l: &crate::LinuxServiceRecord, f: &Finding, out: &mut Vec<Draft>) {
    use foothold_linux::ServiceKind;
    let svc = &l.service;
    let name = &svc.name;
    match svc.kind {
        ServiceKind::SystemdService => {
            let user_scope = svc.scope == foothold_linux::UnitScope::User;
            let home_user = user_scope
                .then(|| home_owner(&l.source.path, l.account.as_ref()))
                .flatten();
            let stop_runs_code = svc
                .exec
                .iter()
                .any(|e| e.setting == "ExecStop" || e.setting == "ExecStopPost");
            if !svc.masked {
                let mut d = disable_unit(name, home_user.as_deref(), stop_runs_code);
                if user_scope && home_user.is_none() {
                    d = Draft::new(Phase::Contain, Action::DisableUnit, name.clone())
                        .run(sh_safe(name).then(|| format!("systemctl --global disable {}", sh_quote(name))))
                        .say(format!("disable user unit {name} for every user (running copies stop at logout; kill them with systemctl --user -M USER@ stop)"), "systemctl --global is-enabled says disabled");
                }
                out.push(d);
            }
            let unpackaged = svc
                .flags
                .contains(&foothold_linux::ServiceFlag::NotFromAPackage);
            let mut changed = false;
            if let Some(unit) = svc.unit_path.as_deref() {
                if !svc.vendor || unpackaged {
                    out.push(delete_file_sh(unit, "delete the unit file"));
                    changed = true;
                } else {
                    out.push(review(unit, "a package's unit: disabled, not deleted (reinstall the package if it was changed)"));
                }
            }
            if f.reasons
                .iter()
                .any(|r| r.id == "exec_changed_by_drop_in" || r.id == "overrides_vendor_unit")
            {
                for d in svc
                    .drop_ins
                    .iter()
                    .filter(|d| !(d.starts_with("/usr/lib/") || d.starts_with("/lib/")))
                {
                    out.push(delete_file_sh(
                        d,
                        "delete the drop-in that changes what the unit runs",
                    ));
                    changed = true;
                }
            }
            // (A global user unit's managers read it again at the next login.)
            if changed && (!user_scope || home_user.is_some()) {
                out.push(reload(home_user.as_deref()));
            }
        }
        ServiceKind::SysvInit => {
            let q = sh_quote(name);
            out.push(
                Draft::new(Phase::Contain, Action::RemoveInitLinks, name.clone())
                    .run(sh_safe(name).then(|| format!("update-rc.d -f {q} remove")))
                    .say(format!("unlink init script {name} from every runlevel (not stopped through the script: that would run it; end its processes by hand)"), "no /etc/rc?.d link names it"),
            );
            out.push(delete_file_sh(&l.source.path, "delete the init script"));
        }
        _ => {
            let lines: Vec<&str> = svc.exec.iter().map(|e| e.command.as_str()).collect();
            out.push(review(
                &l.source.path,
                &format!(
                    "remove these lines from {} by hand: {}",
                    l.source.path,
                    lines.join(" | ")
                ),
            ));
        }
    }
    for (b, why) in attributed(f, &l.runs, false) {
        out.extend(delete_binary(b, false, &why));
    }
}

/// The user whose manager runs a unit of a home (`~/.config/systemd/user`): the record's
/// account, else the home's folder name (`/home/alice` → `alice`, `/root` → `root`).
fn home_owner(path: &str, account: Option<&foothold_core::AccountRef>) -> Option<String> {
    let (home, _) = path.split_once("/.config/systemd/user/")?;
    if let Some(name) = account.and_then(|a| a.name.clone()) {
        return Some(name);
    }
    home.rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

fn disable_unit(unit: &str, home_user: Option<&str>, kill_first: bool) -> Draft {
    let q = sh_quote(unit);
    // A home's unit is the user's own manager's (`-M alice@`).
    let scope = match home_user {
        Some(u) => format!("--user -M {} ", sh_quote(&format!("{u}@"))),
        None => String::new(),
    };
    let safe = sh_safe(unit) && home_user.is_none_or(sh_safe);
    let command = if kill_first {
        format!("systemctl {scope}kill --signal=SIGKILL {q}; systemctl {scope}disable {q}")
    } else {
        format!("systemctl {scope}disable --now {q}")
    };
    let how = if kill_first {
        " (killed, not stopped: its ExecStop= would run the attacker's command)"
    } else {
        ""
    };
    Draft::new(Phase::Contain, Action::DisableUnit, unit.to_string())
        .run(safe.then_some(command))
        .say(
            format!("stop and disable {unit}{how}"),
            format!("systemctl {scope}is-enabled {unit} says disabled and is-active says inactive"),
        )
}

/// `systemctl daemon-reload` of the manager the units belong to: the system's, or a home
/// user's (`--user -M alice@`).
fn reload(home_user: Option<&str>) -> Draft {
    let (target, command) = match home_user {
        Some(u) => (
            format!("systemd --user ({u})"),
            sh_safe(u).then(|| {
                format!(
                    "systemctl --user -M {} daemon-reload",
                    sh_quote(&format!("{u}@"))
                )
            }),
        ),
        None => (
            "systemd".to_string(),
            Some("systemctl daemon-reload".to_string()),
        ),
    };
    Draft::new(Phase::Eradicate, Action::ReloadSystemd, target)
        .run(command)
        .say(
            "reload the manager's units",
            "systemctl cat no longer finds the deleted units",
        )
}

fn delete_file_sh(path: &str, what: &str) -> Draft {
    let q = sh_quote(path);
    let mut d = Draft::new(Phase::Eradicate, Action::DeleteFile, path.to_string())
        .run((!path.contains('\0')).then(|| format!("rm -f -- {q}")))
        .say(format!("{what}: {path}"), format!("{path} is gone"));
    d.path = Some(path.to_string());
    d
}

fn check_sh_file(path: &str) -> Draft {
    let q = sh_quote(path);
    let mut d = Draft::new(Phase::Verify, Action::CheckFileAbsent, path.to_string())
        .run((!path.contains('\0')).then(|| {
            format!(
                "if [ -e {q} ]; then echo {} >&2; fi",
                sh_quote(&format!("foothold: still present: {path}"))
            )
        }))
        .say(
            format!("the image no longer holds {path} (it was removed): check that the live machine does not either"),
            format!("{path} does not exist"),
        );
    d.path = Some(path.to_string());
    d
}

fn review(target: &str, text: &str) -> Draft {
    Draft::new(Phase::Eradicate, Action::Review, target.to_string()).say(text, "done by hand")
}

/// The accounts to lock and whose credentials to reset: the creator, when an event or a log
/// line (not only a file's owner or a task's `Author`, which anyone can write) says who it was,
/// and it is a person's account (not SYSTEM, a service or the machine's own, not root).
fn account_steps(
    created: Option<&foothold_core::CreatedBy>,
    windows: bool,
    host: Option<&str>,
    out: &mut Vec<Draft>,
) {
    let Some(c) = created else {
        return;
    };
    let Some(user) = c.user.as_deref() else {
        return;
    };
    let weak = [
        "xml_author",
        "xml_date",
        "file_created",
        "file_owner",
        "key_last_written",
        "taskcache_registration",
    ];
    let proof: Vec<CreationEvidence> = c
        .evidence
        .iter()
        .filter(|e| !weak.contains(&e.kind.as_str()))
        .cloned()
        .collect();
    if proof.is_empty() {
        return;
    }
    let sid = c.sid.as_deref().unwrap_or("");
    let (domain, sam) = user
        .split_once('\\')
        .map_or((None, user), |(d, u)| (Some(d), u));
    let lower = sam.to_ascii_lowercase();
    let system = ["S-1-5-18", "S-1-5-19", "S-1-5-20"].contains(&sid)
        || matches!(
            lower.as_str(),
            "system" | "local service" | "network service" | "root" | ""
        )
        || sam.ends_with('$')
        || domain.is_some_and(|d| d.eq_ignore_ascii_case("NT AUTHORITY"));
    if system {
        return;
    }
    let local = domain.is_none_or(|d| host.is_some_and(|h| h.eq_ignore_ascii_case(d)));
    let (command, how) = if !windows {
        (
            sh_safe(sam).then(|| format!("usermod --lock --expiredate 1 {}", sh_quote(sam))),
            "lock the local account and expire it",
        )
    } else if local {
        (
            native_safe(sam).then(|| format!("net.exe user {} /active:no", ps_quote(sam))),
            "disable the local account",
        )
    } else {
        (
            native_safe(sam).then(|| format!("Disable-ADAccount -Identity {}", ps_quote(sam))),
            "disable the domain account (Disable-ADAccount needs the ActiveDirectory module: run it where that is, or in Active Directory Users and Computers)",
        )
    };
    let mut lock = Draft::new(Phase::Contain, Action::LockAccount, user.to_string())
        .run(command)
        .say(
            format!("{how}: {user} made this item"),
            if windows {
                "a logon as that account fails"
            } else {
                "passwd -S shows it locked (L)"
            },
        );
    lock.user = Some(user.to_string());
    lock.proof = proof.clone();
    out.push(lock);
    let mut reset = Draft::new(Phase::Credentials, Action::ResetCredentials, user.to_string()).say(
        format!(
            "reset {user}'s password{} before the account is enabled again, and find where else it was used",
            if windows { "" } else { " and review its ~/.ssh/authorized_keys" }
        ),
        "the old password no longer works",
    );
    reset.user = Some(user.to_string());
    reset.proof = proof;
    out.push(reset);
}

/// The steps one finding needs, in its own order (not yet merged into its host's plan).
fn drafts(f: &Finding, r: &Record<'_>) -> Vec<Draft> {
    let mut out = Vec::new();
    let host = f.subject.host.as_deref();
    match *r {
        Record::ScheduledTask(t) => {
            task_steps(t, f, &mut out);
            account_steps(t.created_by.as_ref(), true, host, &mut out);
        }
        Record::Service(s) => {
            service_steps(s, f, &mut out);
            account_steps(s.created_by.as_ref(), true, host, &mut out);
        }
        Record::CronJob(c) => {
            cron_steps(c, f, &mut out);
            account_steps(c.created_by.as_ref(), false, host, &mut out);
        }
        Record::LinuxService(l) => {
            linux_service_steps(l, f, &mut out);
            account_steps(l.created_by.as_ref(), false, host, &mut out);
        }
        _ => {}
    }
    out
}

/// Every step each persistence item's finding would need, whatever its severity, merged per
/// host (evidence file and machine: a step two findings share is one step naming both) and
/// not yet numbered: [`remediation_plan`] keeps those a severity calls for. Two parts, so
/// that the findings of many images can be judged together ([`crate::judge_across`]) before
/// the plan is made, without holding every image's records.
pub fn remediation_steps(findings: &[(Finding, Record<'_>)]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    // Where each step is, by what makes two drafts one step (host and what it does to what):
    // an image's thousand items give thousands of drafts, so no linear search per draft.
    type StepKey = (
        String,
        Option<String>,
        Platform,
        Action,
        String,
        Option<String>,
    );
    let mut at: std::collections::HashMap<StepKey, usize> = std::collections::HashMap::new();
    for (f, r) in findings {
        if f.subject.artifact == "event" {
            continue;
        }
        let platform = match f.subject.artifact.as_str() {
            "scheduled_task" | "service" => Platform::Windows,
            _ => Platform::Linux,
        };
        let me = step_finding(f);
        for d in drafts(f, r) {
            let key = (
                f.subject.source.evidence.clone(),
                f.subject.host.clone(),
                platform,
                d.action,
                d.target.clone(),
                d.line.clone(),
            );
            if let Some(s) = at.get(&key).and_then(|&i| steps.get_mut(i)) {
                if !s.findings.contains(&me) {
                    s.findings.push(me.clone());
                }
                continue;
            }
            at.insert(key, steps.len());
            steps.push(Step {
                host: f.subject.host.clone(),
                evidence: f.subject.source.evidence.clone(),
                platform,
                order: 0,
                phase: d.phase,
                action: d.action,
                target: d.target,
                path: d.path,
                key: d.key,
                sha256: d.sha256,
                user: d.user,
                line: d.line,
                command: d.command,
                text: d.text,
                check: d.check,
                findings: vec![me.clone()],
                why: Vec::new(),
                evidence_of_creation: d.proof,
                source: f.subject.source.clone(),
            });
        }
    }
    steps
}

fn step_finding(f: &Finding) -> StepFinding {
    StepFinding {
        artifact: f.subject.artifact.clone(),
        name: f.subject.name.clone(),
        severity: f.severity,
        score: f.score,
    }
}

/// The plan from [`remediation_steps`] and the findings as finally judged: each step keeps
/// the findings at `min` or above (never `info`: an item with nothing against it gets no
/// step), with their severity, score and reason ids (`why`); a step left with none is
/// dropped. Hosts come in the order of their worst finding, and each host's steps in the
/// playbook's order (contain, eradicate, verify, credentials; the worse finding first within
/// a phase), numbered from 1.
pub fn remediation_plan(steps: Vec<Step>, judged: &[Finding], min: Severity) -> Vec<Step> {
    let min = min.max(Severity::Low);
    // The judged findings by what names them (the first of a name, as a search would give).
    let mut by_name: std::collections::HashMap<(&str, Option<&str>, &str, &str), &Finding> =
        std::collections::HashMap::new();
    for j in judged {
        by_name
            .entry((
                j.subject.source.evidence.as_str(),
                j.subject.host.as_deref(),
                j.subject.artifact.as_str(),
                j.subject.name.as_str(),
            ))
            .or_insert(j);
    }
    let find = |s: &Step, f: &StepFinding| {
        by_name
            .get(&(
                s.evidence.as_str(),
                s.host.as_deref(),
                f.artifact.as_str(),
                f.name.as_str(),
            ))
            .copied()
    };
    let mut kept: Vec<Step> = Vec::new();
    for mut s in steps {
        let mut why: Vec<String> = Vec::new();
        let mut findings: Vec<StepFinding> = Vec::new();
        for f in &s.findings {
            let Some(j) = find(&s, f) else { continue };
            if j.severity < min {
                continue;
            }
            findings.push(step_finding(j));
            for r in j.reasons.iter().filter(|r| r.weight > 0) {
                if !why.contains(&r.id) {
                    why.push(r.id.clone());
                }
            }
        }
        if findings.is_empty() {
            continue;
        }
        findings.sort_by(|a, b| b.score.cmp(&a.score).then(a.name.cmp(&b.name)));
        s.findings = findings;
        s.why = why;
        kept.push(s);
    }
    let worst = |s: &Step| s.findings.first().map_or(0, |f| f.score);
    // Hosts by their worst finding. (An image with a Windows and a Linux volume is two
    // machines: one plan each.)
    type HostKey = (String, Option<String>, Platform);
    let key = |s: &Step| -> HostKey { (s.evidence.clone(), s.host.clone(), s.platform) };
    let mut hosts: Vec<(HostKey, u8)> = Vec::new();
    for s in &kept {
        let k = key(s);
        match hosts.iter_mut().find(|(h, _)| *h == k) {
            Some(h) => h.1 = h.1.max(worst(s)),
            None => hosts.push((k, worst(s))),
        }
    }
    hosts.sort_by_key(|h| std::cmp::Reverse(h.1));
    let mut out: Vec<Step> = Vec::with_capacity(kept.len());
    for (k, _) in hosts {
        let mut mine: Vec<Step> = kept.iter().filter(|s| key(s) == k).cloned().collect();
        // (A manager reloads once, after every unit file of the host is gone.)
        let last = |s: &Step| s.action == Action::ReloadSystemd;
        mine.sort_by(|a, b| {
            a.phase
                .cmp(&b.phase)
                .then(last(a).cmp(&last(b)))
                .then(worst(b).cmp(&worst(a)))
        });
        for (i, s) in mine.iter_mut().enumerate() {
            s.order = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1);
        }
        out.extend(mine);
    }
    out
}

/// The plan for one report's findings ([`remediation_steps`], then [`remediation_plan`]):
/// the steps for every finding at `min` or above (never `info`).
///
/// ```
/// use foothold::{remediation, Report, Severity};
/// let report = Report::default();
/// assert!(remediation(&report.findings(), Severity::Medium).is_empty());
/// ```
pub fn remediation(findings: &[(Finding, Record<'_>)], min: Severity) -> Vec<Step> {
    let judged: Vec<Finding> = findings.iter().map(|(f, _)| f.clone()).collect();
    remediation_plan(remediation_steps(findings), &judged, min)
}

// ---- scripts ---------------------------------------------------------------------------------

/// The steps' hosts, in order, each with its steps.
fn by_host(steps: &[Step]) -> Vec<(Option<&str>, &str, Vec<&Step>)> {
    let mut out: Vec<(Option<&str>, &str, Vec<&Step>)> = Vec::new();
    for s in steps {
        match out.iter_mut().find(|(h, e, v)| {
            *h == s.host.as_deref()
                && *e == s.evidence.as_str()
                && v.first().is_some_and(|f| f.platform == s.platform)
        }) {
            Some((_, _, v)) => v.push(s),
            None => out.push((s.host.as_deref(), s.evidence.as_str(), vec![s])),
        }
    }
    out
}

fn step_comment(s: &Step) -> String {
    let findings: Vec<String> = s
        .findings
        .iter()
        .map(|f| format!("{} {} ({} {})", f.artifact, f.name, f.severity, f.score))
        .collect();
    let mut c = format!(
        "# step {} {} {}: {}\n#   for: {}\n#   why: {}\n#   then check: {}\n",
        s.order,
        s.phase,
        s.action,
        comment_safe(&s.text),
        comment_safe(&findings.join("; ")),
        comment_safe(&s.why.join(", ")),
        comment_safe(&s.check)
    );
    for e in &s.evidence_of_creation {
        c.push_str(&format!(
            "#   evidence: {} {}{}\n",
            comment_safe(&e.kind),
            comment_safe(&e.value),
            e.record_id
                .map(|r| format!(" (record {r})"))
                .unwrap_or_default()
        ));
    }
    c
}

const HEADER: &str =
    "Made by foothold from an offline scan of the evidence named below. Review every \
step before you run it: each removes only what the scan attributed to a finding, and each checks \
what it can (a file's SHA-256) first. A section runs only on the machine it names.";

/// How one shell's script is written.
struct Dialect {
    platform: Platform,
    /// The first lines.
    preamble: String,
    /// The line that opens a host's section, run only on that machine.
    guard: fn(&str) -> String,
    /// Whether a machine name can be quoted for the guard.
    safe: fn(&str) -> bool,
    /// The line that opens a section that never runs.
    never: &'static str,
    /// The line for a step without a command.
    by_hand: &'static str,
    /// The line that closes a section.
    close: &'static str,
}

fn script(steps: &[Step], d: &Dialect) -> String {
    let mut out = d.preamble.clone();
    for (host, evidence, list) in by_host(steps) {
        let list: Vec<&&Step> = list.iter().filter(|s| s.platform == d.platform).collect();
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n# ==== host {} (evidence {})\n",
            comment_safe(host.unwrap_or("not known")),
            comment_safe(evidence)
        ));
        match host.filter(|h| (d.safe)(h)) {
            Some(h) => out.push_str(&(d.guard)(h)),
            None => out.push_str(d.never),
        }
        for s in list {
            out.push_str(&step_comment(s));
            match &s.command {
                Some(c) => out.push_str(&format!("{c}\n")),
                None => out.push_str(d.by_hand),
            }
        }
        out.push_str(d.close);
    }
    out
}

/// The Windows hosts' steps as one PowerShell script (UTF-8 with a byte-order mark, which
/// Windows PowerShell 5.1 needs to read names that are not ASCII). Each host's section runs
/// only on that machine (`$env:COMPUTERNAME`); one whose name the evidence does not give is
/// written but never runs (`if ($false)`).
pub fn powershell(steps: &[Step]) -> String {
    let preamble = format!(
        "\u{feff}# foothold remediate: PowerShell, run elevated\n# {}\n$ErrorActionPreference = 'Continue'\n",
        comment_safe(HEADER)
    );
    script(
        steps,
        &Dialect {
            platform: Platform::Windows,
            preamble,
            guard: |h| {
                format!(
                    "if ($env:COMPUTERNAME -ne {q}) {{ Write-Host ('foothold: skipping the steps for ' + {q} + ': this is ' + $env:COMPUTERNAME) }} else {{\n",
                    q = ps_quote(h)
                )
            },
            safe: native_safe,
            never: "# The machine's name is not known: these steps never run as written.\nif ($false) {\n",
            by_hand: "# (by hand)\n",
            close: "}\n",
        },
    )
}

/// The Linux hosts' steps as one POSIX `sh` script; each host's section runs only on that
/// machine (`hostname`), one whose name the evidence does not give never runs.
pub fn shell(steps: &[Step]) -> String {
    let preamble = format!(
        "#!/bin/sh\n# foothold remediate: POSIX sh, run as root\n# {}\nset -u\n",
        comment_safe(HEADER)
    );
    script(
        steps,
        &Dialect {
            platform: Platform::Linux,
            preamble,
            guard: |h| {
                format!(
                    "if [ \"$(hostname)\" != {q} ]; then\n  echo {} >&2\nelse\n",
                    sh_quote(&format!(
                        "foothold: skipping the steps for {h}: this is another machine"
                    )),
                    q = sh_quote(h)
                )
            },
            safe: sh_safe,
            never: "# The machine's name is not known: these steps never run as written.\nif false; then\n",
            by_hand: ":  # (by hand)\n",
            close: "fi\n",
        },
    )
}

/// The plan as a Markdown document: per host, each step with its reasons and its command.
pub fn markdown(steps: &[Step]) -> String {
    let mut out = String::from("# Remediation plan\n\n");
    out.push_str(HEADER);
    out.push('\n');
    for (host, evidence, list) in by_host(steps) {
        out.push_str(&format!(
            "\n## {} ({})\n\n",
            md_text(host.unwrap_or("host not known")),
            md_text(evidence)
        ));
        for s in list {
            let findings: Vec<String> = s
                .findings
                .iter()
                .map(|f| {
                    format!(
                        "{} `{}` ({} {})",
                        f.artifact,
                        md_code(&f.name),
                        f.severity,
                        f.score
                    )
                })
                .collect();
            out.push_str(&format!(
                "- **{}** {} — {}: {}  \n   for {}; why: {}  \n   then check: {}\n",
                s.order,
                s.phase,
                s.action,
                md_text(&s.text),
                findings.join("; "),
                s.why.join(", "),
                md_text(&s.check)
            ));
            if let Some(c) = &s.command {
                let fence = "`".repeat(longest_run(c, '`').max(2).saturating_add(1));
                let lang = if s.platform == Platform::Windows {
                    "powershell"
                } else {
                    "sh"
                };
                out.push_str(&format!(
                    "\n   {fence}{lang}\n   {}\n   {fence}\n",
                    c.replace('\n', "\n   ")
                ));
            }
            out.push('\n');
        }
    }
    out
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0usize, 0usize);
    for x in s.chars() {
        run = if x == c { run.saturating_add(1) } else { 0 };
        best = best.max(run);
    }
    best
}

/// Text for a Markdown line: control characters escaped, Markdown's markup characters
/// backslash-escaped.
pub(super) fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in comment_safe(s).chars() {
        if "\\`*_{}[]<>()#+!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inside an inline code span (backticks cannot be escaped there: replaced).
fn md_code(s: &str) -> String {
    comment_safe(s).replace('`', "'")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::scan::{CronJobRecord, RunCommand, ScheduledTaskRecord};
    use foothold_linux::{CronJob, CronKind};

    #[test]
    fn quoting_keeps_hostile_names_inert() {
        // PowerShell: every single-quote character doubled, nothing else special inside.
        assert_eq!(
            ps_quote("a'b\u{2018}c$d`e%f"),
            "'a''b\u{2018}\u{2018}c$d`e%f'"
        );
        // sh: a quote closes, escapes and reopens.
        assert_eq!(sh_quote("x'; rm -rf / #"), "'x'\\''; rm -rf / #'");
        // A newline in a comment would end it: escaped.
        assert_eq!(
            comment_safe("task\nRemove-Item C:\\"),
            "task\\u{a}Remove-Item C:\\"
        );
        assert!(!native_safe("a\"b"));
        assert!(!native_safe("a\rb"));
        assert!(native_safe("Task with spaces 100%"));
        assert!(!sh_safe("a\nb"));
        assert_eq!(longest_run("a```b``", '`'), 3);
        assert_eq!(md_text("*x*"), "\\*x\\*");
    }

    fn finding_of(r: &Record<'_>, reasons: &[&str]) -> Finding {
        let mut f = crate::judge(r).unwrap();
        for id in reasons {
            f.add_reason(id, "test".into());
        }
        f.rescore();
        f
    }

    fn cron_record(path: &str, line: &str, runs: Vec<RunCommand>) -> CronJobRecord {
        let mut job = CronJob::new(
            CronKind::SystemCrontab,
            "* * * * *",
            Some("root".into()),
            "x",
        );
        job.text = Some(line.to_string());
        CronJobRecord {
            job,
            source: Source {
                evidence: "e.img".into(),
                host: Some("web01".into()),
                path: path.to_string(),
                line: Some(2),
                ..Source::default()
            },
            account: None,
            created_by: None,
            runs,
            frequency: None,
            recovered: None,
        }
    }

    fn sh(command: &str) -> std::process::Output {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(command)
            .output()
            .unwrap()
    }

    /// The `sh` a cron finding's steps run, run for real on a scratch file: exactly the
    /// job's line goes (not a line that holds it, not its neighbours), however it is quoted,
    /// and a second run changes nothing.
    #[test]
    fn removing_a_cron_line_removes_exactly_that_line() {
        let dir = std::env::temp_dir().join(format!("foothold-remediate-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("cron.d x'y");
        let hostile = r#"*/5 * * * * root echo 'a' "$(id)" `id` 100% \% done"#;
        let others =
            format!("SHELL=/bin/sh\n# {hostile}\n{hostile} and more\n0 1 * * * root true\n");
        std::fs::write(&file, format!("{hostile}\n{others}")).unwrap();
        let rec = cron_record(file.to_str().unwrap(), hostile, vec![]);
        let r = Record::CronJob(&rec);
        let f = finding_of(&r, &["hidden_path"]);
        let steps = remediation_steps(&[(f, r)]);
        let step = steps
            .iter()
            .find(|s| s.action == Action::RemoveLine)
            .unwrap();
        assert_eq!(step.line.as_deref(), Some(hostile));
        assert_eq!(step.target, file.to_str().unwrap());
        let o = sh(step.command.as_deref().unwrap());
        assert!(o.status.success(), "{o:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), others);
        let again = sh(step.command.as_deref().unwrap());
        assert!(String::from_utf8_lossy(&again.stderr).contains("already removed"));
        assert_eq!(std::fs::read_to_string(&file).unwrap(), others);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A file a finding's reason names is deleted only while its SHA-256 is the image's.
    #[test]
    fn a_binary_is_deleted_only_while_its_hash_matches() {
        let dir =
            std::env::temp_dir().join(format!("foothold-remediate-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("agent $x");
        let p = path.to_str().unwrap().to_string();
        let bytes = b"#!/bin/sh\necho implant\n";
        let mut b = crate::scan::binary(foothold_core::TargetKind::Program, &p, None, None);
        b.status = BinaryStatus::Found;
        b.path = Some(p.clone());
        b.hashes = Some(foothold_binary::hashes(bytes));
        let run = RunCommand {
            role: "command".into(),
            invocation: foothold_core::Invocation::default(),
            binaries: vec![b],
            default_environment: vec![],
        };
        let rec = cron_record("/etc/crontab", "* * * * * root x", vec![run]);
        let r = Record::CronJob(&rec);
        // Under /tmp: user-writable, the reason the finding gives.
        let f = finding_of(&r, &["user_writable_path"]);
        let steps = remediation_steps(&[(f, r)]);
        let del = steps
            .iter()
            .find(|s| s.action == Action::DeleteFile)
            .unwrap();
        assert_eq!(del.path.as_deref(), Some(p.as_str()));
        let cmd = del.command.clone().unwrap();
        // Changed since the image: kept.
        std::fs::write(&path, b"something else").unwrap();
        let o = sh(&cmd);
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("not deleted"),
            "{o:?}"
        );
        assert!(path.exists());
        // As the image holds it: deleted.
        std::fs::write(&path, bytes).unwrap();
        let o = sh(&cmd);
        assert!(o.status.success(), "{o:?}");
        assert!(!path.exists());
        // A finding without the location reason deletes nothing.
        let r = Record::CronJob(&rec);
        let mut f = finding_of(&r, &["frequent"]);
        f.reasons.retain(|x| x.id == "frequent");
        assert!(!remediation_steps(&[(f, r)])
            .iter()
            .any(|s| s.action == Action::DeleteFile));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A task record of that name on a Windows volume (host `WS01`), nothing else known.
    pub(in crate::findings) fn task_record(name: &str) -> ScheduledTaskRecord {
        ScheduledTaskRecord {
            task: foothold_windows::ScheduledTask {
                name: name.to_string(),
                ..Default::default()
            },
            source: Source {
                evidence: "w.img".into(),
                host: Some("WS01".into()),
                filesystem: "ntfs".into(),
                path: "/Windows/System32/Tasks/x".into(),
                ..Source::default()
            },
            job_source: None,
            gpo_source: None,
            account: None,
            created_by: None,
            events: vec![],
            runs_seen: None,
            gpo: None,
            runs: vec![],
            frequency: vec![],
            local_times: vec![],
            recovered: None,
            seen_in_snapshots: vec![],
        }
    }

    /// A task name is one PowerShell string however it is written; one a native command
    /// cannot carry gets no command; a newline in it cannot end a comment.
    #[test]
    fn hostile_task_names_stay_data_in_powershell() {
        let task = task_record;
        let plan_of = |rec: &ScheduledTaskRecord| {
            let r = Record::ScheduledTask(rec);
            let f = finding_of(&r, &["random_name", "encoded_command"]);
            remediation(&[(f, r)], Severity::Medium)
        };
        let evil = "\\evil'; Remove-Item -Recurse C:\\ #\u{2019}";
        let steps = plan_of(&task(evil));
        let disable = steps
            .iter()
            .find(|s| s.action == Action::DisableTask)
            .unwrap();
        assert_eq!(
            disable.command.as_deref(),
            Some("schtasks.exe /Change /TN '\\evil''; Remove-Item -Recurse C:\\ #\u{2019}\u{2019}' /Disable")
        );
        assert_eq!(disable.order, 1);
        let quoted = plan_of(&task("\\a\"b"));
        assert!(quoted
            .iter()
            .all(|s| s.action == Action::CheckFileAbsent || s.command.is_none()));
        assert!(quoted[0].text.contains("by hand"));
        let lines = plan_of(&task("\\x\nRemove-Item C:\\"));
        let script = powershell(&lines);
        assert!(script.starts_with('\u{feff}'));
        assert!(script.contains("if ($env:COMPUTERNAME -ne 'WS01')"));
        assert!(
            !script.lines().any(|l| l.starts_with("Remove-Item")),
            "{script}"
        );
    }
}
