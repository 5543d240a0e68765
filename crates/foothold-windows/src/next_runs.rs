//! When a task trigger fires next: time and calendar triggers (daily, weekly, monthly,
//! monthly by weekday) with their repetition, in the image's time zone.
use crate::job::{DAYS, MONTHS};
use crate::task::{CalendarKind, TaskTrigger, TriggerKind};
use foothold_core::{
    civil_from_days, days_in_month, iso8601_seconds, next_wall_runs, wall_seconds, weekday,
    Timestamp, Zone,
};

/// A fixed offset east of UTC, for boundaries written with `Z` or `+hh:mm`.
struct Fixed(i64);

impl Zone for Fixed {
    fn offset_at(&self, _: i64) -> i64 {
        self.0
    }
}

/// `2026-12-01T10:00:00`, `…Z`, `…+01:00` → (wall-clock seconds, the offset when written).
fn boundary(s: &str) -> Option<(i64, Option<i64>)> {
    let s = s.trim();
    if let Some(t) = Timestamp::parse_rfc3339(s) {
        // Absolute: its wall clock and offset.
        let wall = wall_seconds(s.get(..19)?)?;
        return Some((wall, Some(wall.saturating_sub(t.unix_seconds()))));
    }
    Some((wall_seconds(s)?, None))
}

/// The first `n` times after `after` at which `trigger` fires, in UTC: a time trigger once
/// at `StartBoundary`, a calendar trigger on its days at `StartBoundary`'s time of day, each
/// then repeated every `Repetition/Interval` for `Repetition/Duration` (indefinitely when no
/// duration is given), nothing after `EndBoundary`. Boundaries written without an offset are
/// the image's local time (`zone`, the `TimeZoneInformation` rules); a wall time the zone
/// skips does not run. Weeks of a weekly trigger start on Sunday and are counted from the
/// start boundary's week. Empty for disabled triggers and for triggers not started by the
/// clock (boot, logon, events…). `Delay` and `RandomDelay` are not added.
///
/// ```
/// use foothold_windows::{trigger_next_runs, CalendarKind, CalendarSchedule, TaskTrigger, TriggerKind};
/// use foothold_core::{Timestamp, Utc};
/// let t = TaskTrigger { kind: TriggerKind::Calendar, enabled: true,
///     start_boundary: Some("2020-01-01T03:00:00".into()),
///     schedule: Some(CalendarSchedule { kind: CalendarKind::ByWeek, weeks_interval: Some(1),
///         days_of_week: vec!["Monday".into(), "Friday".into()], ..Default::default() }),
///     ..Default::default() };
/// let after = Timestamp::parse_rfc3339("2026-12-01T00:00:00Z").unwrap(); // a Tuesday
/// let r: Vec<String> = trigger_next_runs(&t, &Utc, after, 2).iter().map(|t| t.to_string()).collect();
/// assert_eq!(r, ["2026-12-04T03:00:00Z", "2026-12-07T03:00:00Z"]);
/// ```
pub fn trigger_next_runs(
    trigger: &TaskTrigger,
    zone: &dyn Zone,
    after: Timestamp,
    n: usize,
) -> Vec<Timestamp> {
    if !trigger.enabled || n == 0 {
        return Vec::new();
    }
    let Some((start, offset)) = trigger.start_boundary.as_deref().and_then(boundary) else {
        return Vec::new();
    };
    let fixed;
    let zone: &dyn Zone = match offset {
        Some(o) => {
            fixed = Fixed(o);
            &fixed
        }
        None => zone,
    };
    let end =
        trigger
            .end_boundary
            .as_deref()
            .and_then(boundary)
            .and_then(|(wall, off)| match off {
                Some(o) => Some(wall.saturating_sub(o)),
                None => foothold_core::local_to_utc(zone, wall).first().copied(),
            });
    let interval = trigger
        .interval
        .as_deref()
        .and_then(iso8601_seconds)
        .and_then(|s| i64::try_from(s).ok())
        .filter(|s| *s > 0);
    let duration = trigger
        .duration
        .as_deref()
        .filter(|d| !d.is_empty())
        .and_then(iso8601_seconds)
        .map(|d| i64::try_from(d).unwrap_or(i64::MAX / 4));
    let start_day = start.div_euclid(86_400);
    let time_of_day = start.rem_euclid(86_400) as u32;
    let day_ok: Box<dyn Fn(i64) -> bool> = match (&trigger.kind, &trigger.schedule) {
        (TriggerKind::Time, _) => Box::new(move |d| d == start_day),
        (TriggerKind::Calendar, Some(s)) => {
            let s = s.clone();
            Box::new(move |d| d >= start_day && calendar_day(&s, start_day, d))
        }
        _ => return Vec::new(),
    };
    let after_s = after.unix_seconds();
    // Occurrences whose repetition window still reaches past `after`.
    let window = match (interval, duration) {
        (Some(_), Some(d)) => d,
        (Some(_), None) => i64::MAX / 4,
        (None, _) => 0,
    };
    let mut runs: Vec<i64> = Vec::new();
    if let (Some(i), None) = (interval, duration) {
        // Repeats indefinitely from the first occurrence.
        let first = next_wall_runs(
            zone,
            Timestamp::from_unix(start.saturating_sub(3 * 86_400), 0),
            1,
            &*day_ok,
            &[time_of_day],
        );
        if let Some(f) = first.first().map(Timestamp::unix_seconds) {
            // Repetitions are at least a second apart (`i > 0`).
            let k = if after_s >= f {
                after_s
                    .saturating_sub(f)
                    .checked_div(i)
                    .unwrap_or(0)
                    .saturating_add(1)
            } else {
                0
            };
            runs.extend(
                (0..n as i64).filter_map(|j| f.checked_add(k.checked_add(j)?.checked_mul(i)?)),
            );
        }
    } else {
        let since = Timestamp::from_unix(after_s.saturating_sub(window).saturating_sub(1), 0);
        let extra = (window / 86_400).clamp(0, 400) as usize;
        let want = n.saturating_add(2).saturating_add(extra);
        for o in next_wall_runs(zone, since, want, &*day_ok, &[time_of_day]) {
            let o = o.unix_seconds();
            match interval {
                Some(i) => {
                    // Only the repetitions past `after`: at most `n` of them.
                    let j0 = if after_s >= o {
                        after_s
                            .saturating_sub(o)
                            .checked_div(i)
                            .unwrap_or(0)
                            .saturating_add(1)
                    } else {
                        0
                    };
                    runs.extend(
                        (j0..j0.saturating_add(n as i64))
                            .map(|j| o.saturating_add(j.saturating_mul(i)))
                            .take_while(|t| t.saturating_sub(o) < window),
                    );
                }
                None => runs.push(o),
            }
        }
    }
    runs.sort_unstable();
    runs.dedup();
    runs.into_iter()
        .filter(|t| *t > after_s && end.is_none_or(|e| *t <= e))
        .take(n)
        .map(|t| Timestamp::from_unix(t, 0))
        .collect()
}

/// Whether a calendar trigger that started on `start_day` fires on `day`.
fn calendar_day(s: &crate::task::CalendarSchedule, start_day: i64, day: i64) -> bool {
    let (y, m, d) = civil_from_days(day);
    let wd = weekday(day) as usize;
    let month = (m as usize).checked_sub(1).and_then(|i| MONTHS.get(i));
    let month_ok = || s.months.is_empty() || s.months.iter().any(|n| Some(&n.as_str()) == month);
    let day_name = DAYS.get(wd);
    match s.kind {
        CalendarKind::ByDay => {
            // An interval of 0 is no schedule (outside the schema): no run is invented.
            let every = i64::from(s.days_interval.unwrap_or(1));
            every > 0 && day.saturating_sub(start_day).checked_rem(every) == Some(0)
        }
        CalendarKind::ByWeek => {
            let every = i64::from(s.weeks_interval.unwrap_or(1));
            if every == 0 {
                return false;
            }
            let week0 = start_day.saturating_sub(i64::from(weekday(start_day)));
            let week = day.saturating_sub(week0).div_euclid(7);
            week.checked_rem(every) == Some(0)
                && (s.days_of_week.is_empty() && wd == weekday(start_day) as usize
                    || s.days_of_week.iter().any(|n| Some(&n.as_str()) == day_name))
        }
        CalendarKind::ByMonth => {
            let last = d == days_in_month(y, m);
            month_ok()
                && s.days_of_month
                    .iter()
                    .any(|n| n == "Last" && last || n.parse::<u32>().is_ok_and(|v| v == d))
        }
        CalendarKind::ByMonthDayOfWeek => {
            // The week of the month (1–5) and whether it is the last.
            let nth = (d.saturating_sub(1) / 7).saturating_add(1);
            let last = d.saturating_add(7) > days_in_month(y, m);
            month_ok()
                && s.days_of_week.iter().any(|n| Some(&n.as_str()) == day_name)
                && s.weeks
                    .iter()
                    .any(|w| w == "Last" && last || w.parse::<u32>().is_ok_and(|v| v == nth))
        }
    }
}
