use crate::ScheduleSets;
use serde::Serialize;
use std::collections::BTreeMap;

foothold_core::named_enum! {
    /// Where a job comes from.
    pub enum CronKind {
        /// `/etc/crontab`, `/etc/cron.d/*`: with a user column.
        SystemCrontab => "system_crontab",
        /// A user's crontab in the cron spool.
        Crontab => "crontab",
        /// A line of `/etc/anacrontab`.
        Anacron => "anacron",
        /// A queued `at` job.
        At => "at",
        /// A script in `/etc/cron.{hourly,daily,weekly,monthly}`.
        PeriodicScript => "periodic_script",
        /// A systemd `.timer` unit with the service it starts.
        SystemdTimer => "systemd_timer",
    }
}

/// An `at` job's details, decoded from its spool file name and content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct AtJob {
    /// Queue letter (`a` by default, `b` for batch, `=` while running).
    pub queue: char,
    /// Job number.
    pub job_number: u32,
    /// When it is scheduled to run, RFC 3339 UTC.
    pub run_at: String,
    /// `uid` from the `# atrun uid=` line.
    pub uid: Option<u32>,
}

/// One trigger setting of a timer, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TimerTrigger {
    /// `OnCalendar`, `OnBootSec`, `OnStartupSec`, `OnActiveSec`, `OnUnitActiveSec`, `OnUnitInactiveSec`.
    pub setting: String,
    /// Its value (`daily`, `Mon *-*-* 03:00`, `15min`).
    pub value: String,
}

/// A systemd timer's details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
pub struct TimerInfo {
    /// The unit it triggers (`Unit=` or the same-named `.service`).
    pub unit: String,
    /// Path of that unit's file, when found.
    pub unit_path: Option<String>,
    /// Every trigger setting, in order (`OnCalendar`, `OnBootSec`, …).
    pub triggers: Vec<TimerTrigger>,
    /// `Persistent=`.
    pub persistent: Option<bool>,
    /// `RandomizedDelaySec=`.
    pub randomized_delay: Option<String>,
    /// Whether a `*.wants/` link enables it; `None` when that cannot be known (a loose unit
    /// file, scanned without the machine's `*.wants/` folders).
    pub enabled: Option<bool>,
    /// Drop-in files applied (`NAME.timer.d/*.conf`, `NAME.service.d/*.conf`).
    pub drop_ins: Vec<String>,
    /// `user` for units under a home directory or `/etc/systemd/user`, else `system`.
    pub scope: UnitScope,
}

foothold_core::named_enum! {
    /// Which systemd instance runs a unit.
    #[derive(Default)]
    pub enum UnitScope {
        /// The system manager (`/etc/systemd/system`, `/usr/lib/systemd/system`, …).
        #[default]
        System => "system",
        /// A user manager (`/etc/systemd/user`, `~/.config/systemd/user`).
        User => "user",
    }
}

foothold_core::named_enum! {
    /// An observation about a job: why it may not run as written, or what is missing.
    pub enum CronFlag {
        /// A `cron.d` or crontab file whose name starts with `.`: cron skips it.
        DotFileIgnoredByCron => "dot_file_ignored_by_cron",
        /// A `cron.d` name outside `[A-Za-z0-9_-]`: Debian's cron skips it (cronie runs it).
        NameIgnoredByDebianCron => "name_ignored_by_debian_cron",
        /// A periodic script whose name `run-parts` skips (a `.` in it, say).
        IgnoredByRunParts => "ignored_by_run_parts",
        /// A periodic script without an execute bit.
        NotExecutable => "not_executable",
        /// No `*.wants/` or `*.requires/` link enables the timer.
        TimerNotEnabled => "timer_not_enabled",
        /// The unit the timer starts was not found.
        UnitNotFound => "unit_not_found",
        /// The timer has no trigger setting.
        NoTrigger => "no_trigger",
    }
}

/// One scheduled job: what runs, when, as whom.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CronJob {
    /// Kind of job.
    pub kind: CronKind,
    /// The schedule as written (`*/5 * * * *`, `@reboot`, `7 5 cron.daily`, `OnCalendar=daily`).
    pub schedule: String,
    /// The five-field schedule as explicit sets (cron and anacron `@` periods only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded: Option<ScheduleSets>,
    /// The user it runs as, when known.
    pub user: Option<String>,
    /// The command as cron runs it (after `%` handling), or the script's first command lines.
    pub command: String,
    /// What cron feeds to the command's standard input (text after an unescaped `%`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stdin: Option<String>,
    /// Environment in force for this job (assignments above it in the file).
    pub environment: BTreeMap<String, String>,
    /// Line number in the source file (1-based); serialised in the record's `source.line`.
    #[serde(skip)]
    pub line: Option<u32>,
    /// The line as written (crontab and anacrontab jobs; without its line ending): what an
    /// administrator removes. Bytes that are not UTF-8 are shown as U+FFFD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// anacron job identifier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    /// anacron delay in minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay_minutes: Option<u32>,
    /// anacron: the last day the job ran, from `/var/spool/anacron/<job-id>` (YYYY-MM-DD).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_run: Option<String>,
    /// `at` job details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<AtJob>,
    /// systemd timer details.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timer: Option<TimerInfo>,
    /// Observations ([`CronFlag`]).
    pub flags: Vec<CronFlag>,
}

impl CronJob {
    /// A job with only kind, schedule, user and command set.
    pub fn new(
        kind: CronKind,
        schedule: impl Into<String>,
        user: Option<String>,
        command: impl Into<String>,
    ) -> Self {
        CronJob {
            kind,
            schedule: schedule.into(),
            decoded: None,
            user,
            command: command.into(),
            stdin: None,
            environment: BTreeMap::new(),
            line: None,
            text: None,
            job_id: None,
            delay_minutes: None,
            last_run: None,
            at: None,
            timer: None,
            flags: Vec::new(),
        }
    }
}

/// A line that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LineError {
    /// 1-based line number.
    pub line: u32,
    /// What is wrong.
    pub message: String,
    /// The line as written.
    pub text: String,
}

/// The jobs of one file and the lines that were not jobs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Parsed {
    /// Jobs in file order.
    pub jobs: Vec<CronJob>,
    /// Invalid lines.
    pub errors: Vec<LineError>,
}
