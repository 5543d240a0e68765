use serde::{Serialize, Serializer};

/// A point in time, UTC, with nanosecond resolution; serialises as RFC 3339.
///
/// ```
/// use foothold_fs::Timestamp;
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
        let secs = (ft / 10_000_000) as i64 - FILETIME_UNIX_DIFF;
        let nanos = (ft % 10_000_000) as u32 * 100;
        Some(Timestamp { secs, nanos })
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

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
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
