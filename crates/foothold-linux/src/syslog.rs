//! Cron activity in syslog (`/var/log/syslog*`, `/var/log/cron*`): jobs run
//! (`CRON[pid]: (user) CMD (command)`) and crontab edits (`crontab[pid]: (user) REPLACE (user)`,
//! `BEGIN EDIT`, `END EDIT`, `LIST`, `DELETE`).
use serde::Serialize;

/// One cron line of a syslog file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CronLogEntry {
    /// Timestamp as written (`Nov 23 20:00:01` has no year; RFC 3339 in newer rsyslog).
    pub time: String,
    /// Host name.
    pub host: String,
    /// `CRON`, `crond`, `crontab`.
    pub program: String,
    /// Process id.
    pub pid: Option<u32>,
    /// The user in parentheses.
    pub user: String,
    /// `CMD`, `REPLACE`, `BEGIN EDIT`, `END EDIT`, `LIST`, `DELETE`, `RELOAD`…
    pub action: String,
    /// The command (`CMD`) or the edited crontab's owner (`REPLACE`), as written.
    pub detail: String,
    /// 1-based line in the log.
    pub line: u32,
}

/// The cron lines of a syslog text.
///
/// ```
/// let e = foothold_linux::parse_syslog_cron(b"Nov 23 20:17:01 web1 CRON[4242]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)\n");
/// assert_eq!((e[0].user.as_str(), e[0].action.as_str(), e[0].pid), ("root", "CMD", Some(4242)));
/// assert_eq!(e[0].detail, "cd / && run-parts --report /etc/cron.hourly");
/// ```
pub fn parse_syslog_cron(bytes: &[u8]) -> Vec<CronLogEntry> {
    crate::log_lines(bytes)
        .filter_map(|(n, l)| entry(&l, n))
        .collect()
}

/// One line of a syslog file: `<time> <host> <program>[<pid>]: <message>`, where the time is
/// RFC 3339 (rsyslog's default file format) or the traditional `Mmm dd hh:mm:ss` (no year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SyslogLine<'a> {
    pub time: &'a str,
    pub host: &'a str,
    pub program: &'a str,
    pub pid: Option<u32>,
    pub message: &'a str,
}

/// Split a syslog line into its header and message; `None` when it has no `program:` tag.
pub(crate) fn syslog_line(l: &str) -> Option<SyslogLine<'_>> {
    // Byte ranges of the first whitespace-separated tokens.
    let mut tokens = Vec::with_capacity(5);
    let mut start = None;
    for (i, c) in l.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
                if tokens.len() == 5 {
                    break;
                }
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, l.len()));
    }
    let rfc3339 = l.as_bytes().first().is_some_and(u8::is_ascii_digit);
    let (time, host, tag) = if rfc3339 {
        (*tokens.first()?, *tokens.get(1)?, *tokens.get(2)?)
    } else {
        let (a, b) = (tokens.first()?, tokens.get(2)?);
        ((a.0, b.1), *tokens.get(3)?, *tokens.get(4)?)
    };
    let tag_text = l.get(tag.0..tag.1)?.strip_suffix(':')?;
    let (program, pid) = match tag_text.strip_suffix(']').and_then(|t| t.split_once('[')) {
        Some((p, pid)) => (p, Some(pid.parse().ok()?)),
        None => (tag_text, None),
    };
    if program.is_empty() {
        return None;
    }
    Some(SyslogLine {
        time: l.get(time.0..time.1)?,
        host: l.get(host.0..host.1)?,
        program,
        pid,
        message: l.get(tag.1..)?.trim_start(),
    })
}

impl CronLogEntry {
    /// The neutral log event of this line: channel `syslog`, the program as provider, the
    /// user, `CMD`'s command as its command line, and `time`/`action`/`detail`/`pid` as data.
    /// A text log has no event or record id: the line is the record's provenance.
    ///
    /// ```
    /// let e = foothold_linux::parse_syslog_cron(b"2026-11-23T20:17:01Z web1 CRON[7]: (root) CMD (/opt/b)\n");
    /// let ev = e[0].to_event();
    /// assert_eq!((ev.channel.as_str(), ev.command_line.as_deref()), ("syslog", Some("/opt/b")));
    /// assert_eq!(ev.timestamp.unwrap().to_string(), "2026-11-23T20:17:01Z");
    /// assert_eq!(ev.data["pid"], "7");
    /// ```
    pub fn to_event(&self) -> foothold_core::Event {
        let mut data = std::collections::BTreeMap::new();
        data.insert("time".to_string(), self.time.clone());
        data.insert("action".to_string(), self.action.clone());
        data.insert("detail".to_string(), self.detail.clone());
        if let Some(p) = self.pid {
            data.insert("pid".to_string(), p.to_string());
        }
        foothold_core::Event {
            log: foothold_core::LogKind::Syslog,
            channel: "syslog".into(),
            provider: self.program.clone(),
            timestamp: foothold_core::Timestamp::parse_rfc3339(&self.time),
            computer: Some(self.host.clone()),
            command_line: (self.action == "CMD").then(|| self.detail.clone()),
            user: Some(self.user.clone()),
            data,
            ..Default::default()
        }
    }
}

fn entry(l: &str, line: u32) -> Option<CronLogEntry> {
    // "<time> <host> <program>[<pid>]: (<user>) <ACTION> (<detail>)"
    let h = syslog_line(l)?;
    let p = h.program.to_ascii_lowercase();
    if !(p == "cron" || p == "crond" || p == "crontab" || p == "/usr/sbin/cron") {
        return None;
    }
    let rest = h.message.strip_prefix('(')?;
    let (user, after) = rest.split_once(')')?;
    let user = user.to_string();
    let after = after.trim_start();
    let (action, detail) = match after.split_once(" (") {
        Some((action, detail)) => (
            action.to_string(),
            detail.strip_suffix(')').unwrap_or(detail).to_string(),
        ),
        None => (after.to_string(), String::new()),
    };
    Some(CronLogEntry {
        time: h.time.to_string(),
        host: h.host.to_string(),
        program: h.program.to_string(),
        pid: h.pid,
        user,
        action,
        detail,
        line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_and_rhel_format() {
        let log = b"2026-11-23T20:00:01.123456+00:00 deb crontab[77]: (root) BEGIN EDIT (alice)\n\
Nov 23 20:00:05 deb crontab[77]: (root) REPLACE (alice)\n\
Nov 23 20:00:05 rhel crond[900]: (bob) RELOAD (/var/spool/cron/bob)\n\
Nov 23 20:00:06 deb sshd[1]: Accepted publickey for root\n";
        let e = parse_syslog_cron(log);
        assert_eq!(e.len(), 3);
        assert_eq!(
            (
                e[0].time.as_str(),
                e[0].action.as_str(),
                e[0].detail.as_str()
            ),
            ("2026-11-23T20:00:01.123456+00:00", "BEGIN EDIT", "alice")
        );
        assert_eq!(
            (e[1].program.as_str(), e[1].action.as_str(), e[1].line),
            ("crontab", "REPLACE", 2)
        );
        assert_eq!(
            (e[2].host.as_str(), e[2].user.as_str(), e[2].detail.as_str()),
            ("rhel", "bob", "/var/spool/cron/bob")
        );
    }
}
