//! Bytes → Linux scheduled-job artifacts (ATT&CK T1053.002/.003/.006). Parsers only: they
//! know nothing of images; the `foothold` facade finds the files and adds provenance.
//!
//! # Getting started
//! ```
//! use foothold_linux::{parse_crontab, CrontabFormat};
//! let tab = b"MAILTO=root\n*/5 * * * * root /usr/bin/beacon --quiet\n";
//! let parsed = parse_crontab(tab, &CrontabFormat::System);
//! let job = &parsed.jobs[0];
//! assert_eq!(job.schedule, "*/5 * * * *");
//! assert_eq!(job.user.as_deref(), Some("root"));
//! assert_eq!(job.command, "/usr/bin/beacon --quiet");
//! assert_eq!(job.environment["MAILTO"], "root");
//! assert_eq!(job.decoded.as_ref().unwrap().minute, vec![0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
//! ```
#![forbid(unsafe_code)]
// Every byte this crate reads is evidence: arithmetic on read values is checked (or saturating
// against a bound), and every slice goes through `get`.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::string_slice
)]
// Unit tests index their own fixed inputs.
#![cfg_attr(
    test,
    allow(
        clippy::arithmetic_side_effects,
        clippy::indexing_slicing,
        clippy::string_slice
    )
)]

mod anacron;
mod at;
mod auth_log;
mod cron_job;
mod crontab;
mod error;
mod frequency;
mod history;
mod host;
mod next_runs;
mod passwd;
mod periodic;
mod schedule;
mod services;
mod shell_words;
mod syslog;
mod systemd;
mod tzif;

pub use anacron::{anacron_last_run, parse_anacrontab};
pub use at::{parse_at_job, parse_at_name, AtName};
pub use auth_log::{parse_auth_log, AuthAction, AuthLogEntry};
pub use cron_job::{
    AtJob, CronFlag, CronJob, CronKind, LineError, Parsed, TimerInfo, TimerTrigger, UnitScope,
};
pub use crontab::{cron_created_by, parse_crontab, CrontabFormat};
pub use error::Error;
pub use frequency::{cron_frequency, timespan_seconds};
pub use history::{parse_shell_history, HistoryEntry, HistoryTime, Shell};
pub use host::{parse_os_release, parse_wtmp, UtmpKind, UtmpRecord, UTMP_RECORD};
pub use next_runs::{calendar_next_runs, cron_next_runs, MAX_CALENDARS};
pub use passwd::{
    linux_accounts, parse_group, parse_passwd, parse_sudoers, resolve_unix_account, GroupEntry,
    PasswdEntry, SudoRule,
};
pub use periodic::periodic_script;
pub use schedule::{parse_schedule, ScheduleSets};
pub use services::{
    init_script, parse_exec, rc_local, resolve_services, script_commands, service_created_by,
    ExecCommand, ExecPrefix, LinuxService, ResolvedServices, ServiceFlag, ServiceKind,
    UnitFileState, EXEC_SETTINGS,
};
pub use shell_words::{parse_shell_command, split_shell_words};
pub use syslog::{parse_syslog_cron, CronLogEntry};
pub use systemd::{
    parse_unit, resolve_timers, system_tab_flag, timer_job, ResolvedTimer, ResolvedTimers,
    UnitFile, UnitTree,
};
pub use tzif::{parse_posix_tz, parse_tzif, PosixTz, Tzif};

/// Largest text file the parsers look at (a crontab is a few KiB; this bounds hostile input).
pub const MAX_FILE: usize = 16 << 20;

/// The lines of a text, numbered from 1, lazily and without a size limit (the caller bounds
/// the file): `\n`-separated, a trailing `\r` dropped, bytes that are not UTF-8 replaced
/// (U+FFFD).
pub(crate) fn log_lines(bytes: &[u8]) -> impl Iterator<Item = (u32, std::borrow::Cow<'_, str>)> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let empty = bytes.is_empty();
    body.split(|b| *b == b'\n')
        .enumerate()
        .filter(move |_| !empty)
        .map(|(i, l)| {
            let l = l.strip_suffix(b"\r").unwrap_or(l);
            (
                u32::try_from(i.saturating_add(1)).unwrap_or(u32::MAX),
                String::from_utf8_lossy(l),
            )
        })
}

/// The lines of a configuration file as cron reads them ([`log_lines`] of at most
/// [`MAX_FILE`] bytes, collected); a last line without a newline is kept.
pub(crate) fn lines(bytes: &[u8]) -> Vec<(u32, String)> {
    log_lines(bytes.get(..MAX_FILE).unwrap_or(bytes))
        .map(|(n, l)| (n, l.into_owned()))
        .collect()
}

/// An environment assignment line (`NAME=value`, `NAME = "value"`), as cron's `load_env`
/// accepts it; `None` for anything else.
pub(crate) fn env_line(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once('=')?;
    let name = name.trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return None;
    }
    let v = value.trim();
    let v = if v.len() >= 2
        && (v.starts_with('"') && v.ends_with('"') || v.starts_with('\'') && v.ends_with('\''))
    {
        v.get(1..v.len().saturating_sub(1)).unwrap_or(v)
    } else {
        v
    };
    Some((name.to_string(), v.to_string()))
}
