use crate::{env_line, lines, CronJob, CronKind, LineError, Parsed};
use std::collections::BTreeMap;

/// Which crontab layout a file has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrontabFormat {
    /// `/etc/crontab` and `/etc/cron.d/*`: a user column after the schedule.
    System,
    /// A user's crontab from the spool: no user column; the user comes from the file name.
    User {
        /// The file's owner by name.
        user: String,
    },
}

/// Split off the first whitespace-separated token.
pub(crate) fn token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches([' ', '\t']);
    if s.is_empty() {
        return None;
    }
    let end = s.find([' ', '\t']).unwrap_or(s.len());
    s.split_at_checked(end)
}

/// cron's `%` rule: the first unescaped `%` ends the command, the rest is standard input
/// with each further unescaped `%` a newline; `\%` stands for a literal `%`.
pub(crate) fn split_percent(raw: &str) -> (String, Option<String>) {
    let mut command = String::new();
    let mut stdin: Option<String> = None;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let target = stdin.as_mut().unwrap_or(&mut command);
        match c {
            '\\' if chars.peek() == Some(&'%') => {
                target.push('%');
                chars.next();
            }
            '%' => match stdin.as_mut() {
                None => stdin = Some(String::new()),
                Some(s) => s.push('\n'),
            },
            c => target.push(c),
        }
    }
    (command, stdin)
}

/// Parse a crontab (system or user layout). Invalid lines become [`LineError`]s; the rest
/// of the file still comes out.
///
/// ```
/// use foothold_linux::{parse_crontab, CrontabFormat};
/// let p = parse_crontab(b"@reboot /tmp/.x/run\n0 3 * * * tar czf /tmp/l.tgz /home%pw\\%d%\n",
///                       &CrontabFormat::User { user: "alice".into() });
/// assert_eq!(p.jobs[0].schedule, "@reboot");
/// assert_eq!(p.jobs[1].command, "tar czf /tmp/l.tgz /home");
/// assert_eq!(p.jobs[1].stdin.as_deref(), Some("pw%d\n"));
/// assert_eq!(p.jobs[1].user.as_deref(), Some("alice"));
/// ```
pub fn parse_crontab(bytes: &[u8], format: &CrontabFormat) -> Parsed {
    let kind = match format {
        CrontabFormat::System => CronKind::SystemCrontab,
        CrontabFormat::User { .. } => CronKind::Crontab,
    };
    parse_lines(bytes, |line| {
        let (schedule, decoded, user, raw) = parse_job_line(line, format)?;
        let (command, stdin) = split_percent(&raw);
        let mut job = CronJob::new(kind, schedule, user, command);
        job.decoded = Some(decoded);
        job.stdin = stdin;
        Ok(job)
    })
}

/// The line loop crontab and anacrontab share: blank lines and comments skipped, environment
/// lines applied to the jobs after them, every other line a job (via `job`) or a [`LineError`].
pub(crate) fn parse_lines(bytes: &[u8], job: impl Fn(&str) -> Result<CronJob, String>) -> Parsed {
    let mut out = Parsed::default();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    for (n, text) in lines(bytes) {
        let line = text.trim_start_matches([' ', '\t']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((k, v)) = env_line(line) {
            env.insert(k, v);
            continue;
        }
        match job(line) {
            Ok(mut j) => {
                j.environment = env.clone();
                j.line = Some(n);
                j.text = Some(text);
                out.jobs.push(j);
            }
            Err(message) => out.errors.push(LineError {
                line: n,
                message,
                text: text.clone(),
            }),
        }
    }
    out
}

type JobLine = (String, crate::ScheduleSets, Option<String>, String);

fn parse_job_line(line: &str, format: &CrontabFormat) -> Result<JobLine, String> {
    let (first, mut rest) = token(line).ok_or("empty line")?;
    let mut fields = vec![first];
    if !first.starts_with('@') {
        for _ in 0..4 {
            let (t, r) = token(rest).ok_or("fewer than 5 schedule fields")?;
            fields.push(t);
            rest = r;
        }
    }
    let decoded = crate::schedule::schedule(&fields)?;
    let user = match format {
        CrontabFormat::System => {
            let (u, r) = token(rest).ok_or("no user column")?;
            rest = r;
            u.to_string()
        }
        CrontabFormat::User { user } => user.clone(),
    };
    let command = rest.trim_start_matches([' ', '\t']);
    if command.is_empty() {
        return Err("no command".into());
    }
    Ok((fields.join(" "), decoded, Some(user), command.to_string()))
}

/// Who installed a crontab: for a user's crontab (`owner` is whose it is), the latest syslog
/// `crontab[…]: (editor) REPLACE (owner)` line among `log` (the `crontab` command writes one
/// each time it installs a crontab), with a flag when the editor is not the owner (root
/// editing alice's crontab: `installed_by_other_user`); else the file's owner
/// (`file_owner_not_crontab_owner` when a user's spool file is owned by someone else). Every
/// such line, the file's owner and its creation time are the evidence. When the latest install
/// was made by the user a `sudo` line of the authentication log (also among `log`) ran a
/// `crontab` command as, at most a minute before it, the user who ran sudo is the creator
/// (`installed_through_sudo`, with that line as evidence).
///
/// ```
/// use foothold_linux::{cron_created_by, parse_syslog_cron};
/// let log = parse_syslog_cron(b"Nov 20 03:14:40 deb crontab[1201]: (root) REPLACE (alice)\n");
/// let ev: Vec<_> = log.iter().map(|e| e.to_event()).collect();
/// let c = cron_created_by(Some("alice"), Some("alice".into()), None, &ev.iter().collect::<Vec<_>>()).unwrap();
/// assert_eq!((c.user.as_deref(), c.flags.clone()), (Some("root"), vec!["installed_by_other_user".to_string()]));
/// assert_eq!(c.evidence[0].value, "root at Nov 20 03:14:40");
/// ```
pub fn cron_created_by<D>(
    owner: Option<&str>,
    file_owner: Option<String>,
    file_created: Option<foothold_core::Timestamp>,
    log: &[&foothold_core::Event<D>],
) -> Option<foothold_core::CreatedBy> {
    use foothold_core::{CreatedBy, CreationEvidence};
    let mut c = CreatedBy::default();
    let installs: Vec<&&foothold_core::Event<D>> = match owner {
        Some(o) => log
            .iter()
            .filter(|e| {
                e.provider.eq_ignore_ascii_case("crontab")
                    && e.data.get("action").map(String::as_str) == Some("REPLACE")
                    && e.data.get("detail").map(String::as_str) == Some(o)
            })
            .collect(),
        None => Vec::new(),
    };
    for e in &installs {
        c.evidence.push(CreationEvidence {
            kind: "crontab_replace".into(),
            value: format!(
                "{} at {}",
                e.user.as_deref().unwrap_or("?"),
                e.data.get("time").map(String::as_str).unwrap_or("?")
            ),
            record_id: None,
        });
    }
    // The last install in the log (log order: the file, then its line order).
    if let Some(last) = installs.last() {
        c.user = last.user.clone();
        c.when = last.timestamp;
        if last.user.as_deref() != owner {
            c.flags.push("installed_by_other_user".into());
        }
        if let Some(s) = sudo_before(last, log) {
            c.evidence.push(CreationEvidence {
                kind: "sudo_command".into(),
                value: format!(
                    "{} as {} at {}: {}",
                    s.user.as_deref().unwrap_or("?"),
                    s.data
                        .get("target_user")
                        .map(String::as_str)
                        .unwrap_or("root"),
                    s.data.get("time").map(String::as_str).unwrap_or("?"),
                    s.command_line.as_deref().unwrap_or("")
                ),
                record_id: None,
            });
            c.user = s.user.clone();
            c.flags.push("installed_through_sudo".into());
        }
    }
    if let Some(o) = &file_owner {
        c.evidence.push(CreationEvidence {
            kind: "file_owner".into(),
            value: o.clone(),
            record_id: None,
        });
        // The crontab command leaves a spool file owned by its user; another owner means the
        // file was put there some other way (or the image was made so).
        if owner.is_some_and(|w| w != o) {
            c.flags.push("file_owner_not_crontab_owner".into());
        }
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

/// The latest sudo line (not refused) that ran a `crontab` command as `install`'s user within
/// the minute before it.
fn sudo_before<'a, D>(
    install: &foothold_core::Event<D>,
    log: &[&'a foothold_core::Event<D>],
) -> Option<&'a foothold_core::Event<D>> {
    let t = install.timestamp?;
    log.iter()
        .copied()
        .filter(|e| {
            e.log == foothold_core::LogKind::Auth
                && e.data.get("action").map(String::as_str) == Some("sudo")
                && !e.data.contains_key("refused")
                && e.data.get("target_user").map(String::as_str)
                    == Some(install.user.as_deref().unwrap_or("root"))
                && e.command_line
                    .as_deref()
                    .is_some_and(|c| c.contains("crontab"))
                && e.timestamp.is_some_and(|s| {
                    s <= t && t.unix_seconds().saturating_sub(s.unix_seconds()) <= 60
                })
        })
        .max_by_key(|e| e.timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_applies_to_later_lines_only() {
        let p = parse_crontab(
            b"* * * * * root a\r\nSHELL = /bin/bash\nPATH=\"/opt/bin:/usr/bin\"\n\t@hourly\troot   b  c\n  # comment\n\nBAD LINE\n1 2 3 4 5 root last-without-newline",
            &CrontabFormat::System,
        );
        assert_eq!(p.jobs.len(), 3);
        assert!(p.jobs[0].environment.is_empty());
        assert_eq!(p.jobs[0].command, "a", "CR stripped");
        assert_eq!(p.jobs[1].environment["SHELL"], "/bin/bash");
        assert_eq!(p.jobs[1].environment["PATH"], "/opt/bin:/usr/bin");
        assert_eq!(
            (p.jobs[1].schedule.as_str(), p.jobs[1].command.as_str()),
            ("@hourly", "b  c")
        );
        assert_eq!(p.jobs[1].line, Some(4));
        assert_eq!(p.jobs[2].command, "last-without-newline");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(
            (p.errors[0].line, p.errors[0].text.as_str()),
            (7, "BAD LINE")
        );
    }

    #[test]
    fn percent_signs() {
        assert_eq!(split_percent("date +\\%Y"), ("date +%Y".into(), None));
        assert_eq!(
            split_percent("mail -s hi root%line1%line2"),
            ("mail -s hi root".into(), Some("line1\nline2".into()))
        );
        assert_eq!(split_percent("a%"), ("a".into(), Some(String::new())));
    }
}
