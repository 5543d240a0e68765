use crate::{lines, CronJob, CronKind};

/// How many command lines of a script go into `command`.
const COMMAND_LINES: usize = 5;

/// A script in `/etc/cron.{hourly,daily,weekly,monthly}` (`folder` is e.g. `cron.daily`),
/// run by run-parts as root. `mode` is the file's permission bits when known.
///
/// ```
/// let j = foothold_linux::periodic_script("cron.daily", "logrotate", b"#!/bin/sh\n# rotate\n\n/usr/sbin/logrotate /etc/logrotate.conf\n", Some(0o100755));
/// assert_eq!(j.command, "/usr/sbin/logrotate /etc/logrotate.conf");
/// assert_eq!(j.schedule, "cron.daily");
/// assert!(j.flags.is_empty());
/// ```
pub fn periodic_script(folder: &str, name: &str, bytes: &[u8], mode: Option<u32>) -> CronJob {
    let command: Vec<String> = lines(bytes)
        .into_iter()
        .map(|(_, l)| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .take(COMMAND_LINES)
        .collect();
    let mut j = CronJob::new(
        CronKind::PeriodicScript,
        folder,
        Some("root".into()),
        command.join("\n"),
    );
    // Debian's run-parts only runs names made of letters, digits, `_` and `-`.
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        j.flags.push(crate::CronFlag::IgnoredByRunParts);
    }
    if mode.is_some_and(|m| m & 0o111 == 0) {
        j.flags.push(crate::CronFlag::NotExecutable);
    }
    j
}
