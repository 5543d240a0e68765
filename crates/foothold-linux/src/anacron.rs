use crate::crontab::{parse_lines, split_percent, token};
use crate::{parse_schedule, CronJob, CronKind, Parsed};

/// Parse `/etc/anacrontab`: `period delay job-id command` lines and environment lines
/// (`START_HOURS_RANGE`, `RANDOM_DELAY`, …). Jobs run as root.
///
/// ```
/// let p = foothold_linux::parse_anacrontab(b"RANDOM_DELAY=45\n7 10 cron.weekly run-parts /etc/cron.weekly\n@monthly 15 m nice run-parts /etc/cron.monthly\n");
/// assert_eq!(p.jobs[0].job_id.as_deref(), Some("cron.weekly"));
/// assert_eq!(p.jobs[0].delay_minutes, Some(10));
/// assert_eq!(p.jobs[0].environment["RANDOM_DELAY"], "45");
/// assert_eq!(p.jobs[1].decoded.as_ref().unwrap().special.as_deref(), Some("monthly"));
/// ```
pub fn parse_anacrontab(bytes: &[u8]) -> Parsed {
    parse_lines(bytes, job)
}

fn job(line: &str) -> Result<CronJob, String> {
    let (period, rest) = token(line).ok_or("empty")?;
    let (delay, rest) = token(rest).ok_or("no delay")?;
    let (id, rest) = token(rest).ok_or("no job identifier")?;
    let command = rest.trim_start_matches([' ', '\t']);
    if command.is_empty() {
        return Err("no command".into());
    }
    let decoded = if period.starts_with('@') {
        Some(parse_schedule(&[period]).map_err(|e| format!("period: {e}"))?)
    } else {
        let days: u32 = period
            .parse()
            .map_err(|_| format!("period '{period}' is not a number of days"))?;
        if days == 0 {
            return Err("period of 0 days".into());
        }
        None
    };
    let delay_minutes: u32 = delay
        .parse()
        .map_err(|_| format!("delay '{delay}' is not a number of minutes"))?;
    let (command, stdin) = split_percent(command);
    let mut j = CronJob::new(
        CronKind::Anacron,
        format!("{period} {delay}"),
        Some("root".into()),
        command,
    );
    j.stdin = stdin;
    j.decoded = decoded;
    j.job_id = Some(id.to_string());
    j.delay_minutes = Some(delay_minutes);
    Ok(j)
}

/// The last-run day in a `/var/spool/anacron/<job-id>` file (`YYYYMMDD`) as `YYYY-MM-DD`.
pub fn anacron_last_run(bytes: &[u8]) -> Option<String> {
    let s = std::str::from_utf8(bytes.get(..8)?).ok()?;
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{}-{}-{}", s.get(..4)?, s.get(4..6)?, s.get(6..8)?))
}
