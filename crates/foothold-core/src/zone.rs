//! Time zones as the schedulers use them: a rule giving the UTC offset at each instant, wall
//! clock times mapped to UTC by it, and the next runs of a schedule written in wall-clock time.
use crate::time::civil_from_days;
use crate::Timestamp;

/// A time zone: the offset from UTC in effect at each instant. Implemented by the Windows
/// `TimeZoneInformation` rules and by TZif files (`/etc/localtime`).
pub trait Zone {
    /// Seconds east of UTC in effect at `utc` (Unix seconds): `3600` for CET, `-28800` for PST.
    fn offset_at(&self, utc: i64) -> i64;
}

/// UTC itself (also any zone whose rules are unknown, when said so).
#[derive(Debug, Clone, Copy, Default)]
pub struct Utc;

impl Zone for Utc {
    fn offset_at(&self, _: i64) -> i64 {
        0
    }
}

/// The UTC instants that show a wall-clock time (`local`: seconds since 1970 as if the wall
/// clock were UTC), earliest first: none in the hour skipped when clocks go forward, two in
/// the hour repeated when they go back, else one.
///
/// ```
/// use foothold_core::{local_to_utc, Zone};
/// // A zone one hour east of UTC that moves to two hours at 1 000 000 (UTC).
/// struct Z;
/// impl Zone for Z { fn offset_at(&self, t: i64) -> i64 { if t < 1_000_000 { 3600 } else { 7200 } } }
/// assert_eq!(local_to_utc(&Z, 500_000), vec![496_400]);
/// assert!(local_to_utc(&Z, 1_003_700).is_empty()); // skipped: 1 003 600 + 3600 … + 7200
/// assert_eq!(local_to_utc(&Z, 1_100_000), vec![1_092_800]);
/// ```
pub fn local_to_utc(zone: &dyn Zone, local: i64) -> Vec<i64> {
    // Offsets in force around the time (transitions are far more than a day apart).
    let mut out: Vec<i64> = [-86_400, 0, 86_400]
        .iter()
        .map(|d| zone.offset_at(local.saturating_add(*d)))
        .filter_map(|o| {
            let u = local.checked_sub(o)?;
            (zone.offset_at(u) == o).then_some(u)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Days a schedule is searched ahead for its next runs: 28 years, so a schedule for
/// 29 February on a Monday is found.
pub const NEXT_RUN_HORIZON_DAYS: i64 = 28 * 366;

/// The first `n` runs after `after` of a wall-clock schedule: on each day (days since
/// 1970-01-01 of the wall clock) that `day_ok` accepts, at each second of the day in
/// `times` (ascending), in `zone`. A wall time the zone skips does not run; one it repeats
/// runs at its first occurrence (as systemd's calendar timers do). Searched up to
/// [`NEXT_RUN_HORIZON_DAYS`] ahead.
///
/// ```
/// use foothold_core::{next_wall_runs, Timestamp, Utc};
/// let after = Timestamp::parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
/// // 03:00 and 15:00 on even days of the month.
/// let runs = next_wall_runs(&Utc, after, 3, &|d| foothold_core::civil_from_days(d).2 % 2 == 0, &[10_800, 54_000]);
/// let s: Vec<String> = runs.iter().map(|t| t.to_string()).collect();
/// assert_eq!(s, ["2026-12-02T03:00:00Z", "2026-12-02T15:00:00Z", "2026-12-04T03:00:00Z"]);
/// ```
pub fn next_wall_runs(
    zone: &dyn Zone,
    after: Timestamp,
    n: usize,
    day_ok: &dyn Fn(i64) -> bool,
    times: &[u32],
) -> Vec<Timestamp> {
    let mut out = Vec::new();
    if n == 0 || times.is_empty() {
        return out;
    }
    let after = after.unix_seconds();
    let first_day = after
        .saturating_add(zone.offset_at(after))
        .div_euclid(86_400)
        .saturating_sub(1);
    for day in first_day..first_day.saturating_add(NEXT_RUN_HORIZON_DAYS) {
        if !day_ok(day) {
            continue;
        }
        for t in times {
            let local = day.saturating_mul(86_400).saturating_add(i64::from(*t));
            if let Some(u) = local_to_utc(zone, local).first() {
                if *u > after {
                    out.push(Timestamp::from_unix(*u, 0));
                    if out.len() == n {
                        return out;
                    }
                }
            }
        }
    }
    out
}

/// A wall-clock time written without an offset (`2026-12-01T10:00:00`, fractions dropped) as
/// seconds since 1970 as if UTC.
pub fn wall_seconds(local: &str) -> Option<i64> {
    let l = local.trim();
    let (date, time) = l.split_once('T').unwrap_or((l, "00:00:00"));
    let time = time.split('.').next().unwrap_or(time);
    let t = Timestamp::parse_rfc3339(&format!("{date}T{time}Z"))?;
    Some(t.unix_seconds())
}

/// The wall-clock date of `local` seconds: (year, month, day, second of the day).
pub fn wall_civil(local: i64) -> (i64, u32, u32, u32) {
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    (y, m, d, local.rem_euclid(86_400) as u32)
}
