//! When a cron job, at job or systemd calendar timer runs next, in the host's time zone.
use crate::{CronJob, CronKind, ScheduleSets};
use foothold_core::{
    civil_from_days, days_in_month, next_wall_runs, weekday, Timestamp, Utc, Zone,
};

/// Most `OnCalendar=` expressions of one timer given next runs.
pub const MAX_CALENDARS: usize = 64;

/// The first `n` runs after `after` of a job, in UTC: five-field cron schedules and their `@`
/// words on the wall clock of `zone` (the host's `/etc/localtime`), as cron matches them —
/// when both the day of the month and the day of the week are restricted (neither field
/// starts with `*`) either may match; an `at` job at its time; a systemd timer at each of its
/// `OnCalendar=` expressions (see [`calendar_next_runs`]). A wall time the zone skips (the
/// hour lost when clocks go forward) does not run and a repeated one runs once, at its first
/// occurrence. Empty for `@reboot`, anacron jobs and run-parts folders (they run when
/// anacron or the `/etc/crontab` line that calls them runs: that line has its own runs),
/// and for timers counted from boot or the unit's last activation. A timer's first
/// [`MAX_CALENDARS`] calendar expressions are used.
///
/// ```
/// use foothold_linux::{cron_next_runs, parse_crontab, CrontabFormat};
/// use foothold_core::{Timestamp, Utc};
/// let p = parse_crontab(b"0 3 13 * 5 root a\n", &CrontabFormat::System);
/// let after = Timestamp::parse_rfc3339("2026-12-01T00:00:00Z").unwrap();
/// let r: Vec<String> = cron_next_runs(&p.jobs[0], &Utc, after, 3).iter().map(|t| t.to_string()).collect();
/// // Fridays, and the 13th (a Sunday): either field matches.
/// assert_eq!(r, ["2026-12-04T03:00:00Z", "2026-12-11T03:00:00Z", "2026-12-13T03:00:00Z"]);
/// ```
pub fn cron_next_runs(
    job: &CronJob,
    zone: &dyn Zone,
    after: Timestamp,
    n: usize,
) -> Vec<Timestamp> {
    match job.kind {
        CronKind::At => {
            return job
                .at
                .as_ref()
                .and_then(|a| Timestamp::parse_rfc3339(&a.run_at))
                .filter(|t| *t > after)
                .into_iter()
                .collect();
        }
        CronKind::SystemdTimer => {
            let Some(t) = &job.timer else {
                return Vec::new();
            };
            let mut runs: Vec<Timestamp> = t
                .triggers
                .iter()
                .filter(|tr| tr.setting == "OnCalendar")
                // Each expression may search 28 years of days: a hostile unit with
                // thousands of them is bounded here (real timers have one or two).
                .take(MAX_CALENDARS)
                .flat_map(|tr| calendar_next_runs(&tr.value, zone, after, n).unwrap_or_default())
                .collect();
            runs.sort_unstable();
            runs.dedup();
            runs.truncate(n);
            return runs;
        }
        CronKind::Anacron | CronKind::PeriodicScript => return Vec::new(),
        _ => {}
    }
    let Some(d) = &job.decoded else {
        return Vec::new();
    };
    let fields: Vec<&str> = job.schedule.split_whitespace().collect();
    let (sets, dom_star, dow_star) = match d.special.as_deref() {
        None if fields.len() >= 5 => (
            d.clone(),
            fields.get(2).is_some_and(|f| f.starts_with('*')),
            fields.get(4).is_some_and(|f| f.starts_with('*')),
        ),
        None => return Vec::new(),
        Some(word) => {
            let (spec, dom_star, dow_star) = match word {
                "hourly" => ("0 * * * *", true, true),
                "daily" | "midnight" => ("0 0 * * *", true, true),
                "weekly" => ("0 0 * * 0", true, false),
                "monthly" => ("0 0 1 * *", false, true),
                "yearly" | "annually" => ("0 0 1 1 *", false, true),
                _ => return Vec::new(),
            };
            match crate::parse_schedule(&spec.split_whitespace().collect::<Vec<_>>()) {
                Ok(s) => (s, dom_star, dow_star),
                Err(_) => return Vec::new(),
            }
        }
    };
    cron_sets_next_runs(&sets, dom_star, dow_star, zone, after, n)
}

fn cron_sets_next_runs(
    s: &ScheduleSets,
    dom_star: bool,
    dow_star: bool,
    zone: &dyn Zone,
    after: Timestamp,
    n: usize,
) -> Vec<Timestamp> {
    let mut times: Vec<u32> = s
        .hour
        .iter()
        .flat_map(|h| {
            s.minute.iter().map(move |m| {
                u32::from(*h)
                    .saturating_mul(3600)
                    .saturating_add(u32::from(*m).saturating_mul(60))
            })
        })
        .collect();
    times.sort_unstable();
    times.dedup();
    let day_ok = |day: i64| {
        let (_, m, d) = civil_from_days(day);
        if !s.month.contains(&(m as u8)) {
            return false;
        }
        let wd = weekday(day) as u8;
        let dom = s.day_of_month.contains(&(d as u8));
        let dow = s.day_of_week.iter().any(|x| *x % 7 == wd);
        if dom_star || dow_star {
            dom && dow
        } else {
            dom || dow
        }
    };
    next_wall_runs(zone, after, n, &day_ok, &times)
}

/// One component of a calendar expression: values or ranges with a step.
#[derive(Debug, Clone)]
struct Part {
    /// (first, last, step); `*` is the field's whole range.
    ranges: Vec<(i64, i64, i64)>,
}

impl Part {
    fn matches(&self, v: i64) -> bool {
        self.ranges
            .iter()
            // Steps are positive (parsed so).
            .any(|(a, b, st)| {
                v >= *a && v <= *b && v.saturating_sub(*a).checked_rem(*st) == Some(0)
            })
    }
    fn values(&self, lo: i64, hi: i64) -> Vec<i64> {
        (lo..=hi).filter(|v| self.matches(*v)).collect()
    }
}

/// `*`, `5`, `1,3`, `1..5`, `0/15`, `*/2`, `2026..2030/2` within `lo..=hi`.
fn part(s: &str, lo: i64, hi: i64) -> Option<Part> {
    let mut ranges = Vec::new();
    for item in s.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, st)) => (r, st.parse::<i64>().ok().filter(|v| *v > 0)?),
            None => (item, 1),
        };
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once("..") {
            (a.parse().ok()?, b.parse().ok()?)
        } else {
            let a: i64 = range.parse().ok()?;
            // `start/step` runs to the field's end.
            (a, if item.contains('/') { hi } else { a })
        };
        if a < lo || b > hi || a > b {
            return None;
        }
        ranges.push((a, b, step));
    }
    Some(Part { ranges })
}

/// `Mon` or `Monday` (any case) to 0–6, Sunday 0.
fn weekday_number(s: &str) -> Option<i64> {
    const DAYS: [&str; 7] = [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ];
    let l = s.to_ascii_lowercase();
    DAYS.iter()
        .position(|d| l == *d || d.get(..3) == Some(l.as_str()))
        .map(|i| i as i64)
}

/// The first `n` runs after `after` of a systemd `OnCalendar=` expression, in UTC:
/// `[weekdays] [year-month-day] [hour:minute[:second]] [UTC]` with `*`, lists, `..` ranges,
/// `/` steps, `~` (days counted from the month's end) and the shorthands (`minutely`,
/// `hourly`, `daily`, `weekly`, `monthly`, `quarterly`, `semiannually`, `yearly`). Wall
/// times are in `zone` unless the expression ends in `UTC`; a wall time the zone skips does
/// not run, as systemd skips it. `None` for an expression not understood, or one naming
/// another time zone (its rules are not at hand). Fractional seconds are dropped.
///
/// ```
/// use foothold_core::{Timestamp, Utc};
/// let after = Timestamp::parse_rfc3339("2026-12-01T10:07:00Z").unwrap();
/// let r = foothold_linux::calendar_next_runs("Mon..Fri *-*-* *:0/30", &Utc, after, 2).unwrap();
/// assert_eq!(r[0].to_string(), "2026-12-01T10:30:00Z");
/// let r = foothold_linux::calendar_next_runs("*-02~01 12:00", &Utc, after, 1).unwrap();
/// assert_eq!(r[0].to_string(), "2027-02-28T12:00:00Z");
/// ```
pub fn calendar_next_runs(
    expr: &str,
    zone: &dyn Zone,
    after: Timestamp,
    n: usize,
) -> Option<Vec<Timestamp>> {
    let e = expr.trim();
    let expanded = match e.to_ascii_lowercase().as_str() {
        "minutely" => "*-*-* *:*:00".to_string(),
        "hourly" => "*-*-* *:00:00".into(),
        "daily" => "*-*-* 00:00:00".into(),
        "weekly" => "Mon *-*-* 00:00:00".into(),
        "monthly" => "*-*-01 00:00:00".into(),
        "quarterly" => "*-01,04,07,10-01 00:00:00".into(),
        "semiannually" => "*-01,07-01 00:00:00".into(),
        "yearly" | "annually" => "*-01-01 00:00:00".into(),
        _ => e.to_string(),
    };
    let mut words: Vec<&str> = expanded.split_whitespace().collect();
    let mut utc = false;
    if let Some(last) = words.last() {
        if last.eq_ignore_ascii_case("UTC") {
            utc = true;
            words.pop();
        } else if words.len() > 1
            && last.contains('/')
            && last.chars().next().is_some_and(char::is_alphabetic)
        {
            // `Europe/Berlin`: another zone.
            return None;
        }
    }
    let mut weekdays: Option<Vec<i64>> = None;
    if let Some(w) = words.first() {
        if w.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut days = Vec::new();
            for item in w.split(',') {
                match item.split_once("..") {
                    Some((a, b)) => {
                        let (a, b) = (weekday_number(a)?, weekday_number(b)?);
                        // Mon..Sun wraps through the week's end.
                        let mut d = a;
                        loop {
                            days.push(d);
                            if d == b {
                                break;
                            }
                            d = d.saturating_add(1) % 7;
                        }
                    }
                    None => days.push(weekday_number(item)?),
                }
            }
            weekdays = Some(days);
            words.remove(0);
        }
    }
    let (mut date, mut time) = (None, None);
    for w in words {
        if w.contains(':') && time.is_none() {
            time = Some(w);
        } else if (w.contains('-') || w.contains('~')) && date.is_none() && time.is_none() {
            date = Some(w);
        } else {
            return None;
        }
    }
    // Date: [year-]month-day or month~day.
    let (year, month, day, from_end) = match date {
        None => (
            part("*", 1970, 9999)?,
            part("*", 1, 12)?,
            part("*", 1, 31)?,
            false,
        ),
        Some(d) => {
            let (ym, day, from_end) = match d.rfind('~') {
                Some(i) => (d.get(..i)?, d.get(i.saturating_add(1)..)?, true),
                None => {
                    let i = d.rfind('-')?;
                    (d.get(..i)?, d.get(i.saturating_add(1)..)?, false)
                }
            };
            let (y, m) = match ym.split_once('-') {
                Some((y, m)) => (y, m),
                None => ("*", ym),
            };
            (
                part(y, 1970, 9999)?,
                part(m, 1, 12)?,
                part(day, 1, 31)?,
                from_end,
            )
        }
    };
    let (hour, minute, second) = match time {
        None => (part("0", 0, 23)?, part("0", 0, 59)?, part("0", 0, 59)?),
        Some(t) => {
            let p: Vec<&str> = t.split(':').collect();
            let sec = p.get(2).map_or("00", |s| s.split('.').next().unwrap_or(s));
            if !(2..=3).contains(&p.len()) {
                return None;
            }
            (
                part(p.first()?, 0, 23)?,
                part(p.get(1)?, 0, 59)?,
                part(sec, 0, 59)?,
            )
        }
    };
    let mut times: Vec<u32> = Vec::new();
    for h in hour.values(0, 23) {
        for m in minute.values(0, 59) {
            for s in second.values(0, 59) {
                // 0–23, 0–59, 0–59: under a day of seconds.
                let at = h
                    .saturating_mul(3600)
                    .saturating_add(m.saturating_mul(60))
                    .saturating_add(s);
                times.push(u32::try_from(at).unwrap_or(0));
            }
        }
    }
    let day_ok = |dn: i64| {
        let (y, m, d) = civil_from_days(dn);
        let dd = if from_end {
            i64::from(days_in_month(y, m))
                .saturating_sub(i64::from(d))
                .saturating_add(1)
        } else {
            i64::from(d)
        };
        year.matches(y)
            && month.matches(i64::from(m))
            && day.matches(dd)
            && weekdays
                .as_ref()
                .is_none_or(|w| w.contains(&i64::from(weekday(dn))))
    };
    let zone: &dyn Zone = if utc { &Utc } else { zone };
    Some(next_wall_runs(zone, after, n, &day_ok, &times))
}
