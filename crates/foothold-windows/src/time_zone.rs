//! The time zone of a Windows image (`SYSTEM\CurrentControlSet\Control\TimeZoneInformation`),
//! and local times written without an offset (task trigger boundaries, `RegistrationInfo/Date`)
//! converted to UTC by its rules.
use crate::RegistryHive;
use foothold_core::Timestamp;
use serde::Serialize;

/// When daylight or standard time starts (`SYSTEMTIME` as Windows stores it): in `month`, the
/// `week`-th (5: last) `day_of_week` (0 = Sunday) at `hour:minute` local time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TransitionRule {
    /// A fixed year (`0`: every year).
    pub year: u16,
    /// Month, 1–12 (`0`: no daylight saving time).
    pub month: u16,
    /// Day of the week, 0 = Sunday.
    pub day_of_week: u16,
    /// Week of the month, 1–5 (5 = the last).
    pub week: u16,
    /// Hour, local time.
    pub hour: u16,
    /// Minute.
    pub minute: u16,
}

/// The image's time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TimeZoneInfo {
    /// `TimeZoneKeyName` (`Pacific Standard Time`).
    pub key_name: Option<String>,
    /// `Bias`: minutes to add to local standard time to get UTC (UTC−8 is 480).
    pub bias: i32,
    /// `StandardBias`.
    pub standard_bias: i32,
    /// `DaylightBias` (usually −60).
    pub daylight_bias: i32,
    /// `StandardStart`.
    pub standard_start: TransitionRule,
    /// `DaylightStart`.
    pub daylight_start: TransitionRule,
    /// `DynamicDaylightTimeDisabled`: daylight saving time switched off.
    pub dynamic_dst_disabled: bool,
    /// The control set it was read from.
    pub control_set: String,
}

/// `DaylightStart`/`StandardStart` of the `TimeZoneInformation` key: eight words, year,
/// month, week (1–5), hour, minute, second, millisecond, day of the week (the day of the week
/// last, unlike a `SYSTEMTIME`; the real hives of the shared corpus store it so, and only this
/// reading gives their zones' rules).
fn rule(b: &[u8]) -> TransitionRule {
    let w = |i: usize| foothold_core::u16_at(b, i).unwrap_or(0);
    TransitionRule {
        year: w(0),
        month: w(2),
        week: w(4),
        hour: w(6),
        minute: w(8),
        day_of_week: w(14),
    }
}

impl TransitionRule {
    /// The transition in year `y`, as local wall-clock seconds since 1970 (UTC-like).
    fn in_year(&self, y: i64) -> Option<i64> {
        if self.month == 0 || self.month > 12 {
            return None;
        }
        let m = u32::from(self.month);
        let first = foothold_core::days_from_civil(y, m, 1);
        let len = i64::from(foothold_core::days_in_month(y, m));
        let wd_first = i64::from(foothold_core::weekday(first));
        // Weekday `day_of_week` of week `week` (5 = the last) of the month.
        let mut day = i64::from(self.day_of_week)
            .saturating_sub(wd_first)
            .rem_euclid(7)
            .saturating_add(
                i64::from(self.week.clamp(1, 5))
                    .saturating_sub(1)
                    .saturating_mul(7),
            );
        while day >= len {
            day = day.saturating_sub(7);
        }
        // Real years only: saturating guards a year no clock reaches.
        Some(
            first
                .saturating_add(day)
                .saturating_mul(86_400)
                .saturating_add(i64::from(self.hour).saturating_mul(3_600))
                .saturating_add(i64::from(self.minute).saturating_mul(60)),
        )
    }
}

impl TimeZoneInfo {
    /// Read from a SYSTEM hive (the control set `Select\Current` names); `None` without the
    /// key.
    pub fn from_system_hive(system: &RegistryHive) -> Option<Self> {
        let current = system.current_control_set().unwrap_or(1);
        let set = format!("ControlSet{current:03}");
        let k = system.key(&format!("{set}\\Control\\TimeZoneInformation"))?;
        let dword = |n: &str| {
            system
                .value(k, n)
                .and_then(|v| v.as_dword())
                .map(|d| d as i32)
        };
        let bin = |n: &str| {
            system
                .value(k, n)
                .map(|v| rule(&v.data))
                .unwrap_or_default()
        };
        Some(TimeZoneInfo {
            key_name: system
                .value(k, "TimeZoneKeyName")
                .and_then(|v| v.as_string()),
            bias: dword("Bias").unwrap_or(0),
            standard_bias: dword("StandardBias").unwrap_or(0),
            daylight_bias: dword("DaylightBias").unwrap_or(0),
            standard_start: bin("StandardStart"),
            daylight_start: bin("DaylightStart"),
            dynamic_dst_disabled: dword("DynamicDaylightTimeDisabled") == Some(1),
            control_set: set,
        })
    }

    /// Whether daylight saving time is in effect at a local wall-clock time (seconds since
    /// 1970 as if UTC).
    fn is_dst(&self, local: i64) -> bool {
        if self.dynamic_dst_disabled {
            return false;
        }
        let y = foothold_core::civil_from_days(local.div_euclid(86_400)).0;
        let (Some(dst), Some(std)) = (
            self.daylight_start.in_year(y),
            self.standard_start.in_year(y),
        ) else {
            return false;
        };
        if dst < std {
            (dst..std).contains(&local)
        } else {
            local >= dst || local < std
        }
    }

    /// A local time as written (`2021-06-10T14:21:26`, fractions allowed; one with `Z` or an
    /// offset is already absolute) in UTC, and whether daylight saving time applied.
    ///
    /// ```
    /// use foothold_windows::{TimeZoneInfo, TransitionRule};
    /// // Pacific Standard Time as Windows stores it.
    /// let tz = TimeZoneInfo { bias: 480, daylight_bias: -60,
    ///     daylight_start: TransitionRule { month: 3, week: 2, hour: 2, ..Default::default() },
    ///     standard_start: TransitionRule { month: 11, week: 1, hour: 2, ..Default::default() }, ..Default::default() };
    /// let (t, dst) = tz.to_utc("2021-06-10T14:21:26").unwrap();
    /// assert_eq!((t.to_string().as_str(), dst), ("2021-06-10T21:21:26Z", true));
    /// assert_eq!(tz.to_utc("2021-01-10T14:21:26").unwrap().0.to_string(), "2021-01-10T22:21:26Z");
    /// ```
    pub fn to_utc(&self, local: &str) -> Option<(Timestamp, bool)> {
        let l = local.trim();
        if let Some(t) = Timestamp::parse_rfc3339(l) {
            return Some((t, false));
        }
        let naive = Timestamp::parse_rfc3339(&format!("{l}Z"))?;
        let secs = naive.unix_seconds();
        let dst = self.is_dst(secs);
        let bias = i64::from(self.bias).saturating_add(i64::from(if dst {
            self.daylight_bias
        } else {
            self.standard_bias
        }));
        Some((
            Timestamp::from_unix(
                secs.saturating_add(bias.saturating_mul(60)),
                naive.subsec_nanos(),
            ),
            dst,
        ))
    }
}

/// The offset at an instant: `DaylightStart` is written in local standard time,
/// `StandardStart` in local daylight time, as Windows applies them.
impl foothold_core::Zone for TimeZoneInfo {
    fn offset_at(&self, utc: i64) -> i64 {
        // Biases are minutes west of UTC; offsets are seconds east.
        let std_off = i64::from(self.bias.saturating_add(self.standard_bias)).saturating_mul(-60);
        let dst_off = i64::from(self.bias.saturating_add(self.daylight_bias)).saturating_mul(-60);
        if self.dynamic_dst_disabled {
            return std_off;
        }
        let y = foothold_core::civil_from_days(utc.saturating_add(std_off).div_euclid(86_400)).0;
        let (Some(dst), Some(std)) = (
            self.daylight_start.in_year(y),
            self.standard_start.in_year(y),
        ) else {
            return std_off;
        };
        let (dst, std) = (dst.saturating_sub(std_off), std.saturating_sub(dst_off));
        let in_dst = if dst < std {
            (dst..std).contains(&utc)
        } else {
            utc >= dst || utc < std
        };
        if in_dst {
            dst_off
        } else {
            std_off
        }
    }
}
