//! How often a cron job, anacron job, at job, run-parts script or systemd timer runs.
use crate::{CronJob, CronKind, ScheduleSets};
use foothold_core::Frequency;

/// Minutes in a week.
const WEEK: u32 = 7 * 24 * 60;

/// How often `job` runs. Five-field schedules whose day of month and month are unrestricted
/// are counted over a week (`runs_per_week`) and give an interval when their runs are evenly
/// spaced; `@reboot` is `at boot`; anacron periods are days; run-parts folders are their
/// cron schedule's word; timers give an interval for `OnUnitActiveSec`/`OnBootSec`-style
/// spans and for `OnCalendar=` shorthands (`hourly`, `daily`…), other calendar expressions
/// only in words.
///
/// ```
/// use foothold_linux::{cron_frequency, parse_crontab, CrontabFormat};
/// let p = parse_crontab(b"*/5 * * * * root a\n0 9-17 * * 1-5 root b\n@reboot root c\n", &CrontabFormat::System);
/// let f: Vec<_> = p.jobs.iter().map(|j| cron_frequency(j).unwrap()).collect();
/// assert_eq!((f[0].interval_seconds, f[0].runs_per_week), (Some(300), Some(2016)));
/// assert_eq!((f[1].interval_seconds, f[1].runs_per_week, f[1].text.as_str()), (None, Some(45), "45 times a week"));
/// assert_eq!(f[2].on.as_deref(), Some("boot"));
/// ```
pub fn cron_frequency(job: &CronJob) -> Option<Frequency> {
    match job.kind {
        CronKind::At => return Some(Frequency::on("once")),
        CronKind::PeriodicScript => return shorthand(job.schedule.trim_start_matches("cron.")),
        CronKind::SystemdTimer => {
            let t = job.timer.as_ref()?;
            // A repeating trigger says how often; `OnBootSec` only when it is the only one.
            let repeating = t.triggers.iter().find_map(|tr| match tr.setting.as_str() {
                "OnCalendar" => calendar(tr.value.trim()).or_else(|| {
                    Some(Frequency {
                        text: format!("on calendar {}", tr.value),
                        ..Frequency::default()
                    })
                }),
                "OnUnitActiveSec" | "OnUnitInactiveSec" => {
                    timespan_seconds(&tr.value).map(Frequency::every)
                }
                _ => None,
            });
            return repeating.or_else(|| {
                t.triggers
                    .iter()
                    .any(|tr| matches!(tr.setting.as_str(), "OnBootSec" | "OnStartupSec"))
                    .then(|| Frequency::on("boot"))
            });
        }
        CronKind::Anacron if job.decoded.is_none() => {
            // An anacrontab period is the evidence's number: a period past 2^64 seconds is
            // no frequency (it wrapped to a short one in a release build).
            let days: u64 = job.schedule.split_whitespace().next()?.parse().ok()?;
            return Some(Frequency::every(days.checked_mul(86_400)?));
        }
        _ => {}
    }
    let d = job.decoded.as_ref()?;
    if let Some(s) = &d.special {
        return shorthand(s);
    }
    week_of(d)
}

/// `hourly`, `daily`… (cron's `@` words, run-parts folders, systemd's calendar shorthands).
fn shorthand(word: &str) -> Option<Frequency> {
    Some(match word {
        "reboot" => Frequency::on("boot"),
        "minutely" => Frequency::every(60),
        "hourly" => Frequency::every(3_600),
        "daily" | "midnight" => Frequency::every(86_400),
        "weekly" => Frequency::every(604_800),
        "monthly" | "quarterly" | "semiannually" | "yearly" | "annually" => Frequency {
            text: word.to_string(),
            ..Frequency::default()
        },
        _ => return None,
    })
}

/// A systemd `OnCalendar=` expression: the shorthands, `*-*-* HH:MM[:SS]` (daily), one
/// weekday and a time (weekly), `*:M/N` (every N minutes); anything else `None`.
fn calendar(expr: &str) -> Option<Frequency> {
    if let Some(f) = shorthand(expr) {
        return Some(f);
    }
    let is_time = |t: &str| {
        let p: Vec<&str> = t.split(':').collect();
        (2..=3).contains(&p.len())
            && p.iter()
                .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
    };
    let w: Vec<&str> = expr.split_whitespace().collect();
    match w.as_slice() {
        ["*-*-*", t] if is_time(t) => Some(Frequency::every(86_400)),
        [day, "*-*-*", t] if is_time(t) && !day.contains([',', '.']) => {
            Some(Frequency::every(604_800))
        }
        [t] if t.starts_with("*:") => {
            let step = t.get(2..)?.split_once('/')?.1.split(':').next()?;
            step.parse::<u64>()
                .ok()
                .filter(|n| 60u64.checked_rem(*n) == Some(0))
                .map(|n| Frequency::every(n.saturating_mul(60)))
        }
        _ => None,
    }
}

/// The runs of a five-field schedule over one week, when only minutes, hours and days of
/// the week restrict it.
fn week_of(d: &ScheduleSets) -> Option<Frequency> {
    let all_dom = d.day_of_month.len() == 31;
    let all_month = d.month.len() == 12;
    if !(all_dom && all_month) {
        // Days of the month or months: not a weekly pattern. cron runs on the union of
        // day-of-month and day-of-week when both are restricted.
        return Some(Frequency {
            text: "on certain days of the month or year".into(),
            ..Frequency::default()
        });
    }
    let mut times: Vec<u32> = Vec::new();
    for dow in &d.day_of_week {
        for h in &d.hour {
            for m in &d.minute {
                // Minutes into the week: at most 6 × 1440 + 23 × 60 + 59.
                let at = u32::from(*dow)
                    .saturating_mul(1440)
                    .saturating_add(u32::from(*h).saturating_mul(60))
                    .saturating_add(u32::from(*m));
                times.push(at);
            }
        }
    }
    times.sort_unstable();
    times.dedup();
    let n = times.len() as u64;
    if n == 0 {
        return None;
    }
    // Evenly spaced over the week (wrapping at its end)?
    // `times` is sorted and not empty (above).
    let (first, last) = (
        times.first().copied().unwrap_or(0),
        times.last().copied().unwrap_or(0),
    );
    let gaps: Vec<u32> = times
        .windows(2)
        .map(|w| match w {
            [a, b] => b.saturating_sub(*a),
            _ => 0,
        })
        .chain(std::iter::once(
            WEEK.saturating_sub(last).saturating_add(first),
        ))
        .collect();
    let first_gap = gaps.first().copied().unwrap_or(0);
    if gaps.iter().all(|g| *g == first_gap) {
        let mut f = Frequency::every(u64::from(first_gap).saturating_mul(60));
        f.runs_per_week = Some(n);
        return Some(f);
    }
    Some(Frequency {
        runs_per_week: Some(n),
        text: format!("{n} times a week"),
        ..Frequency::default()
    })
}

/// A systemd time span (`15min`, `1h 30min`, `2d`, `30`, `1w`) in seconds.
///
/// ```
/// assert_eq!(foothold_linux::timespan_seconds("1h 30min"), Some(5400));
/// assert_eq!(foothold_linux::timespan_seconds("45"), Some(45));
/// ```
pub fn timespan_seconds(span: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut any = false;
    let s = span.trim();
    let mut rest = s;
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let (number, after) = rest.split_at_checked(digits)?;
        let n: u64 = number.parse().ok()?;
        rest = after.trim_start();
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == ' ')
            .unwrap_or(rest.len());
        let (unit, after) = rest.split_at_checked(unit_len)?;
        rest = after;
        let mult = match unit {
            "" | "s" | "sec" | "second" | "seconds" => 1,
            "m" | "min" | "minute" | "minutes" => 60,
            "h" | "hr" | "hour" | "hours" => 3_600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 604_800,
            _ => return None,
        };
        total = total.checked_add(n.checked_mul(mult)?)?;
        any = true;
    }
    any.then_some(total)
}
