use serde::{Serialize, Serializer};

/// A point in time, UTC, with nanosecond resolution; serialises as RFC 3339.
///
/// ```
/// use foothold_core::Timestamp;
/// let t = Timestamp::from_filetime(132_539_818_200_000_000).unwrap();
/// assert_eq!(t.to_string(), "2021-01-01T13:37:00Z");
/// let t = Timestamp::from_unix(1_600_000_000, 123_456_789);
/// assert_eq!(t.to_string(), "2020-09-13T12:26:40.123456789Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    secs: i64,
    nanos: u32,
}

/// Seconds between 1601-01-01 (FILETIME epoch) and 1970-01-01.
const FILETIME_UNIX_DIFF: i64 = 11_644_473_600;

impl Timestamp {
    /// From Unix seconds and nanoseconds (nanoseconds past 999 999 999 are clamped).
    pub fn from_unix(secs: i64, nanos: u32) -> Self {
        Timestamp {
            secs,
            nanos: nanos.min(999_999_999),
        }
    }
    /// From a Windows FILETIME (100 ns ticks since 1601); `None` for 0 (unset).
    pub fn from_filetime(ft: u64) -> Option<Self> {
        if ft == 0 {
            return None;
        }
        // 100 ns ticks: at most 1.8 × 10^12 seconds, then the ticks within the second.
        let secs = ((ft / 10_000_000) as i64).saturating_sub(FILETIME_UNIX_DIFF);
        let nanos = ((ft % 10_000_000) as u32).saturating_mul(100);
        Some(Timestamp { secs, nanos })
    }
    /// Parse an RFC 3339 time (`2026-11-23T20:00:01.5+01:00`, `…Z`) into UTC.
    ///
    /// ```
    /// use foothold_core::Timestamp;
    /// let t = Timestamp::parse_rfc3339("2026-11-23T20:00:01.123456+01:00").unwrap();
    /// assert_eq!(t.to_string(), "2026-11-23T19:00:01.123456Z");
    /// assert!(Timestamp::parse_rfc3339("Nov 23 20:00:01").is_none());
    /// ```
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<i64> { s.get(r)?.parse().ok() };
        if b.len() < 20
            || b.get(4) != Some(&b'-')
            || b.get(7) != Some(&b'-')
            || !matches!(b.get(10), Some(b'T' | b't' | b' '))
        {
            return None;
        }
        let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
            return None;
        }
        let mut pos = 19;
        let mut nanos = 0u32;
        if b.get(pos) == Some(&b'.') {
            let start = pos.saturating_add(1);
            let digits = b
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let end = start.saturating_add(digits);
            let frac = s.get(start..end)?;
            let digits: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
            nanos = digits.parse().ok()?;
            pos = end;
        }
        let offset = match s.get(pos..)? {
            "Z" | "z" => 0,
            o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
                // `±hh:mm`: two digits each.
                let at = |k: usize| pos.saturating_add(k);
                let v = num(at(1)..at(3))?
                    .saturating_mul(3600)
                    .saturating_add(num(at(4)..at(6))?.saturating_mul(60));
                if o.starts_with('-') {
                    v.saturating_neg()
                } else {
                    v
                }
            }
            _ => return None,
        };
        let days = days_from_civil(y, mo as u32, d as u32);
        Some(Timestamp {
            // A four-digit year: far from any bound.
            secs: days
                .saturating_mul(86_400)
                .saturating_add(h.saturating_mul(3600))
                .saturating_add(mi.saturating_mul(60))
                .saturating_add(se)
                .saturating_sub(offset),
            nanos,
        })
    }

    /// Whole seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> i64 {
        self.secs
    }
    /// Nanoseconds within the second.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }
}

/// (year, month 1–12, day 1–31) to days since 1970-01-01, proleptic Gregorian (H. Hinnant's
/// algorithm); out-of-range days count on (`(2026, 2, 30)` is 2 March).
///
/// ```
/// use foothold_core::{civil_from_days, days_from_civil};
/// assert_eq!(days_from_civil(2000, 3, 1), 11_017);
/// assert_eq!(civil_from_days(11_017), (2000, 3, 1));
/// ```
// Calendar arithmetic on years from days of an i64 of seconds (|y| < 3 × 10^11): no
// intermediate comes near 2^63.
#[allow(clippy::arithmetic_side_effects)]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let (m, d) = (i64::from(m), i64::from(d));
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy.rem_euclid(400);
    let doy = (153 * mm + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day of the week of a day since 1970-01-01, Sunday 0 (1970-01-01 was a Thursday).
pub fn weekday(days: i64) -> u32 {
    days.rem_euclid(7).saturating_add(4).rem_euclid(7) as u32
}

/// Days in a month of a year (proleptic Gregorian).
pub fn days_in_month(y: i64, m: u32) -> u32 {
    let (ny, nm) = if m >= 12 {
        (y.saturating_add(1), 1)
    } else {
        (y, m.saturating_add(1))
    };
    days_from_civil(ny, nm, 1).saturating_sub(days_from_civil(y, m.clamp(1, 12), 1)) as u32
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
// As `days_from_civil`: any i64 of days divided into eras stays far from 2^63 (but `z`
// itself is shifted by 719,468 first: saturating there).
#[allow(clippy::arithmetic_side_effects)]
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let sod = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            sod / 3600,
            sod % 3600 / 60,
            sod % 60
        )?;
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date-time",
            "description": "RFC 3339, UTC (`Z`), with as many fractional digits as the source holds (up to nanoseconds)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        // 1601-01-01 is FILETIME tick 1 (rounded down to the second).
        assert_eq!(
            Timestamp::from_filetime(1)
                .map(|t| t.to_string())
                .as_deref(),
            Some("1601-01-01T00:00:00.0000001Z")
        );
        assert_eq!(
            Timestamp::from_unix(0, 0).to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(951_782_400, 0).to_string(),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(-1, 0).to_string(),
            "1969-12-31T23:59:59Z"
        );
        assert_eq!(Timestamp::from_filetime(0), None);
        // Largest FILETIME does not overflow.
        assert!(Timestamp::from_filetime(u64::MAX).is_some());
    }
}
